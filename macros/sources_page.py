"""Les sources d'une page : chaque chiffre cité reçoit un appel numéroté vers la liste « Sources » de la page.

Le relevé de la page en cours est tenu par les données de la construction (`Donnees.releve`, macros/contexte.py) :
ouvert au début de la page (`ouvrir`), il reçoit chaque chiffre ou date sourcée que `rendus.chiffre_html` et
`rendus.repere_html` écrivent avec lui (donc toute macro qui les utilise), et `rendus.section_sources` en fait,
à la fin, la section ajoutée au Markdown de la page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .modeles.base import Chiffre, Repere, Source, TableauDeChiffres


@dataclass
class Entree:
    """Une ligne de la liste : une source pour une année de chiffres, et les chiffres (ou dates) qu'elle appuie."""

    numero: int
    source: Source
    annee: int
    chiffres: list[Chiffre | Repere | TableauDeChiffres] = field(default_factory=list)


@dataclass
class Releve:
    """Les sources citées par une page, numérotées dans l'ordre de leur premier appel."""

    prefixe: str
    entrees: dict[tuple[str, int], Entree] = field(default_factory=dict)

    def citer(self, chiffre: Chiffre | Repere | TableauDeChiffres, source: Source) -> Entree:
        """L'entrée de ce chiffre (créée au premier appel d'une source pour une année donnée)."""
        # Un repère (une date) n'a pas d'année de chiffre : il se range sous l'année de sa source.
        cle = (source.id, getattr(chiffre, "annee", None) or source.annee)
        entree = self.entrees.setdefault(cle, Entree(len(self.entrees) + 1, source, cle[1]))
        if chiffre not in entree.chiffres:
            entree.chiffres.append(chiffre)
        return entree

    def ancre(self, entree: Entree) -> str:
        """L'identifiant HTML de l'entrée, unique même quand le livret réunit plusieurs pages."""
        return f"source-{self.prefixe}-{entree.numero}"


def ouvrir(page_src_uri: str) -> Releve:
    """Le relevé, vide, d'une page (`page.file.src_uri`, par exemple « projet/valeurs.md »)."""
    return Releve(re.sub(r"[^a-z0-9]+", "-", page_src_uri.rsplit(".", 1)[0].lower()).strip("-"))
