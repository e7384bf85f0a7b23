"""Messages français pour les erreurs dans une page Markdown (nom inconnu, chiffre inconnu, syntaxe)."""
from __future__ import annotations

import difflib
import re
import traceback

from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from . import compat
from .erreurs import ErreurDonnees

_NOM_INCONNU = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


def installer(noms_connus: callable, absents: frozenset[str] = frozenset()) -> None:
    """Remplace le rapport d'erreur de mkdocs-macros (trace Python, en anglais) par une ligne en français.

    mkdocs-macros appelle `format_error` pendant qu'il traite l'erreur : lever ErreurDonnees à cet endroit
    arrête la construction comme une erreur de données (message seul, code de sortie 1). `absents` : les jeux de
    données que le moteur connaît mais que cette structure n'a pas écrits (data/<nom>.yml absent). `format_error` est
    interne à mkdocs-macros : macros/compat.py vérifie qu'il existe encore.
    """
    format_error = compat.rapport_d_erreur_macros()

    @format_error.register
    def _syntaxe(erreur: TemplateSyntaxError, markdown: str, page) -> None:
        raise ErreurDonnees(
            f"docs/{page.file.src_path}", _ligne_dans_le_fichier(erreur.lineno, markdown, page), None,
            "accolades ou balise de macro mal formée. Une macro s'écrit {{ nom(...) }}.",
        ) from None

    @format_error.register
    def _autre(erreur: Exception, markdown: str, page) -> None:
        ligne = _ligne_dans_le_fichier(_ligne_dans_la_page(erreur), markdown, page)
        if isinstance(erreur, UndefinedError):
            trouve = _NOM_INCONNU.search(str(erreur))
            nom = next(g for g in trouve.groups() if g) if trouve else str(erreur)
            if nom in absents:
                raise ErreurDonnees(f"docs/{page.file.src_path}", ligne, nom, _absent(nom)) from None
            proches = difflib.get_close_matches(nom, noms_connus(), n=3)
            conseil = f" Noms proches : {', '.join(proches)}." if proches else ""
            raise ErreurDonnees(f"docs/{page.file.src_path}", ligne, nom,
                                f"nom inconnu dans la page.{conseil}") from None
        if isinstance(erreur, TemplateNotFound):
            message = (f"fichier à inclure introuvable : « {erreur.name} » (un « include » cherche dans docs/, "
                       "sans lien symbolique ni « .. »).")
        elif isinstance(erreur, RecursionError):
            message = ("une macro de la page s'appelle elle-même sans fin : la construction s'arrête. Retirez "
                       "l'appel de la macro à l'intérieur d'elle-même.")
        elif isinstance(erreur, MemoryError):
            message = "page trop grande : sa construction demande plus de mémoire que la machine n'en a."
        elif isinstance(erreur, SecurityError):
            message = ("accès interdit : une page ne lit que les données, macros et filtres du projet, jamais "
                       "l'intérieur de Python (« __…__ ») ni ne modifie une donnée (voir SECURITY.md).")
        else:
            message = erreur.args[0] if isinstance(erreur, KeyError) and erreur.args else str(erreur)
        if isinstance(erreur, KeyError) and message in absents:  # une macro a demandé un jeu absent
            raise ErreurDonnees(f"docs/{page.file.src_path}", ligne, message, _absent(message)) from None
        raise ErreurDonnees(f"docs/{page.file.src_path}", ligne, None, message) from None


def _absent(nom: str) -> str:
    return (f"cette page cite le jeu de données « {nom} », absent de cette structure (pas de fichier "
            f"data/{nom}.yml). Écrivez ce fichier, ou retirez de la page ce qui le cite.")


def _ligne_dans_le_fichier(ligne: int | None, markdown: str, page) -> int | None:
    """Jinja compte les lignes après l'en-tête YAML de la page ; l'éditeur, depuis le haut du fichier."""
    if ligne is None:
        return None
    brut = page.file.content_string
    debut = brut.find(markdown[:200]) if markdown.strip() else -1
    return ligne + (brut[:debut].count("\n") if debut > 0 else 0)


def _ligne_dans_la_page(erreur: Exception) -> int | None:
    """Jinja inscrit les lignes du modèle dans la trace sous le nom « <template> »."""
    lignes = [c.lineno for c in traceback.extract_tb(erreur.__traceback__) if c.filename == "<template>"]
    return lignes[-1] if lignes else None
