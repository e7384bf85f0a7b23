"""Les textes de data/ qui citent des chiffres : « {territoire.habitants} » devient le chiffre formaté et sourcé."""
from __future__ import annotations

import re

from . import rendus
from .donnees import Donnees
from .modeles.base import CITATION
from .surete import texte_markdown


def repere(cle: str, donnees: Donnees) -> str:
    """{{ repere("territoire.extension_transports") }} → « septembre 2023 », sa source en info-bulle."""
    valeur = donnees.repere(cle)
    return rendus.repere_html(valeur, donnees.source(valeur.source), releve=donnees.releve)


def citer(cle: str, donnees: Donnees) -> str:
    """Le chiffre ou la date de clé « jeu.cle », en HTML, avec sa source en info-bulle."""
    if cle not in donnees.chiffres:
        return repere(cle, donnees)
    chiffre = donnees.chiffre(cle)
    return rendus.chiffre_html(chiffre, donnees.source(chiffre.source), releve=donnees.releve)


# L'identité de la structure, citable dans le titre et la description d'une page (en-tête YAML, où Jinja ne
# passe pas) : « description: Les valeurs de la {structure.nom}. » se lit avec le nom de chaque structure.
IDENTITE = re.compile(r"\{structure\.(nom|territoire|public)\}")


def avec_identite(texte: str, donnees: Donnees) -> str:
    """Le texte, chaque « {structure.nom} » (territoire, public) remplacé par la valeur de data/structure.yml."""
    structure = donnees.jeux["structure"]

    def valeur(m: re.Match) -> str:
        trouve = getattr(structure, m[1])
        if trouve is None:
            raise KeyError(f"« {m[0]} » : data/structure.yml n'a pas de champ « {m[1]} ».")
        return trouve

    return IDENTITE.sub(valeur, texte)


def avec_chiffres(texte: str, donnees: Donnees) -> str:
    """Le texte échappé pour HTML et pour le Markdown d'une page (filtre des pages, frise), chaque « {jeu.cle} »
    remplacé par le chiffre qu'il désigne."""
    morceaux, debut = [], 0
    for citation in CITATION.finditer(texte):
        morceaux += [texte_markdown(texte[debut:citation.start()]), citer(citation.group(1), donnees)]
        debut = citation.end()
    return "".join(morceaux) + texte_markdown(texte[debut:])
