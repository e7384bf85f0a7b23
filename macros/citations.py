"""Les textes de data/ qui citent des chiffres : « {territoire.habitants} » devient le chiffre formaté et sourcé."""
from __future__ import annotations

from . import rendus
from .donnees import Donnees
from .modeles.base import CITATION
from .surete import texte_markdown


def repere(cle: str, donnees: Donnees) -> str:
    """{{ repere("territoire.extension_transports") }} → « septembre 2023 », sa source en info-bulle."""
    valeur = donnees.repere(cle)
    return rendus.repere_html(valeur, donnees.source(valeur.source))


def citer(cle: str, donnees: Donnees) -> str:
    """Le chiffre ou la date de clé « jeu.cle », en HTML, avec sa source en info-bulle."""
    if cle not in donnees.chiffres:
        return repere(cle, donnees)
    chiffre = donnees.chiffre(cle)
    return rendus.chiffre_html(chiffre, donnees.source(chiffre.source))


def avec_chiffres(texte: str, donnees: Donnees) -> str:
    """Le texte échappé pour HTML et pour le Markdown d'une page (filtre des pages, frise), chaque « {jeu.cle} »
    remplacé par le chiffre qu'il désigne."""
    morceaux, debut = [], 0
    for citation in CITATION.finditer(texte):
        morceaux += [texte_markdown(texte[debut:citation.start()]), citer(citation.group(1), donnees)]
        debut = citation.end()
    return "".join(morceaux) + texte_markdown(texte[debut:])
