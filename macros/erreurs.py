"""Erreurs destinées aux éditeurs : un message français, un fichier, une ligne, un champ."""
from __future__ import annotations

import logging
import re

from mkdocs.exceptions import PluginError


class ErreurDonnees(PluginError):
    """Une erreur dans un fichier de données ou une page, lisible par un éditeur."""

    def __init__(self, fichier: str, ligne: int | None, champ: str | None, message: str):
        self.fichier, self.ligne, self.champ, self.detail = fichier, ligne, champ, message
        super().__init__(self.texte())

    def texte(self) -> str:
        lieu = self.fichier
        if self.ligne:
            lieu += f", ligne {self.ligne}"
        if self.champ:
            lieu += f", champ « {self.champ} »"
        return f"{lieu} : {self.detail}"


class ErreursDonnees(PluginError):
    """Plusieurs erreurs trouvées en une seule lecture des données, chacune sur sa ligne."""

    def __init__(self, erreurs: list[ErreurDonnees]):
        self.erreurs = erreurs
        if len(erreurs) == 1:
            texte = erreurs[0].texte()
        else:
            texte = f"{len(erreurs)} erreurs dans les données :\n" + "\n".join(
                f"  - {e.texte()}" for e in erreurs
            )
        super().__init__(texte)


# ── Les lignes de MkDocs autour de nos messages, en français ───────────────────────────────────────────
_EN_TETE_ANGLAIS = re.compile(r"^Error reading page '[^']*':$")
_ABANDONS = [
    (re.compile(r"^Aborted with a BuildError!$"), "Construction arrêtée : corriger l'erreur indiquée ci-dessus."),
    (re.compile(r"^Aborted with (.*) in strict mode!$"), "Construction arrêtée (mode strict) : {}, voir ci-dessus."),
]
_SERVEUR_EN_ATTENTE = ("Reconstruction en échec : le serveur attend la correction (les pages ne répondent plus "
                       "d'ici là) et reconstruit dès le fichier enregistré.")
_COMPTES = {"warnings": ("avertissement", "avertissements"), "errors": ("erreur", "erreurs")}


def franciser_mkdocs() -> None:
    """Traduit la dernière ligne d'un échec (« Aborted with… ») et retire la ligne « Error reading page 'x': »
    que MkDocs écrit avant un message qui nomme déjà le fichier. Sans effet la seconde fois (`make serve`)."""
    from . import compat
    # Traduit à la création : `mkdocs build` affiche le message, `mkdocs serve` l'écrit tel quel.
    compat.franciser_abandon(traduire_abandon)
    compat.journal("mkdocs", "mkdocs.commands.build").addFilter(
        lambda enregistrement: not _EN_TETE_ANGLAIS.match(enregistrement.getMessage()))
    compat.journal("mkdocs", "mkdocs.livereload").addFilter(_serveur_en_francais)


def _serveur_en_francais(enregistrement: logging.LogRecord) -> bool:
    """`make serve` après un échec : ce que fait le serveur, en français."""
    message = enregistrement.getMessage()
    if "An error happened during the rebuild." in message:  # précédé de l'heure : « [17:30:28] An error… »
        enregistrement.msg, enregistrement.args = message.split("An error")[0] + _SERVEUR_EN_ATTENTE, ()
    return True


def traduire_abandon(message: str) -> str:
    """« Aborted with 2 warnings in strict mode! » → « Construction arrêtée (mode strict) : 2 avertissements… »."""
    for motif, francais in _ABANDONS:
        trouve = motif.match(message)
        if trouve:
            comptes = re.sub(r"(\d+) (warnings|errors)",
                             lambda m: f"{m[1]} {_COMPTES[m[2]][int(m[1]) > 1]}", "".join(trouve.groups()))
            return francais.format(comptes)
    return message
