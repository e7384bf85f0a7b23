"""L'environnement Jinja des gabarits du moteur (macros/gabarits/) : un seul, pour tous les rendus faits de
données (tableaux de chiffres, résultats, bilan, offre). Échappement automatique : tout texte de données est
échappé, sauf ce qu'un rendu a déjà rendu sûr (`Markup`) ; une variable inconnue est une erreur.

L'environnement ne dépend que des fichiers du paquet : créé une fois par processus (cache d'une fonction sans
argument), il ne garde rien d'une construction (Jinja relit un gabarit modifié sur le disque).
"""
from __future__ import annotations

import functools
import re
from importlib.metadata import version
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup

from . import caches, chemins, surete


class _CacheDuCodeCompile(FileSystemBytecodeCache):
    """Le code Python de chaque gabarit, gardé d'une construction à l'autre dans .cache/gabarits/ (comme les
    dessins des graphiques) : les compiler prenait un dixième de seconde à chaque construction. Jinja vérifie
    l'empreinte de la source et la version de Python avant de s'en servir ; le dossier se supprime sans perte, et
    un dossier en lecture seule ne fait que recompiler."""

    def __init__(self, dossier: Path) -> None:
        try:
            dossier.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass
        super().__init__(str(dossier))

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            pass

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


@functools.cache
def environnement() -> Environment:
    """L'environnement partagé ; le filtre `inerte` écrit un texte de données en Markdown sans effet."""
    return nouvel_environnement(chemins.CACHE / "gabarits")


def nouvel_environnement(cache: Path) -> Environment:
    """Un environnement des gabarits du moteur, leur code compilé gardé dans `cache`."""
    env = Environment(loader=PackageLoader("macros", "gabarits"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
                      bytecode_cache=_CacheDuCodeCompile(cache))
    env.filters["inerte"] = lambda texte: Markup(surete.texte_markdown(texte))
    return env


def garder_le_code_du_theme(env: Environment) -> None:
    """Le code compilé des gabarits du thème (Material et overrides/), gardé dans .cache/theme/ comme celui du
    moteur : MkDocs crée un environnement neuf à chaque construction, et y recompilait les 48 gabarits de la page
    (0,3 s de calcul, le plus gros poste après le chargement du moteur). Jinja vérifie l'empreinte de la source de
    chaque gabarit ; le dossier est propre à ce qui, hors de la source, change le code compilé : réglages de
    l'environnement (extensions, délimiteurs, échappement) et versions de Jinja, MkDocs et Material."""
    def nom(valeur: object) -> object:
        return getattr(valeur, "__qualname__", valeur)  # une fonction : son nom, pas son adresse

    reglages = (
        [version(paquet) for paquet in ("jinja2", "mkdocs", "mkdocs-material")], sorted(env.extensions),
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
        env.is_async, nom(env.autoescape), nom(env.finalize), nom(env.undefined),
    )
    env.bytecode_cache = _CacheDuCodeCompile(chemins.CACHE / "theme" / caches.empreinte(reglages))


def sans_ligne_vide(html: str) -> str:
    """Un bloc HTML sans ligne vide : Markdown le couperait."""
    return re.sub(r"\n\s*\n", "\n", str(html)).strip() + "\n"


def rendre(nom: str, **contexte) -> str:
    """Le gabarit `nom` rendu, sans ligne vide."""
    return sans_ligne_vide(environnement().get_template(nom).render(**contexte))


def rendre_macro(nom: str, macro: str, *arguments) -> str:
    """La macro `macro` du gabarit `nom`, rendue sans ligne vide."""
    return sans_ligne_vide(getattr(environnement().get_template(nom).module, macro)(*arguments))
