"""Les sources d'une page : chaque chiffre cité reçoit un appel numéroté vers la liste « Sources » de la page.

Un seul relevé est ouvert à la fois (mkdocs-macros rend les pages l'une après l'autre) : `ouvrir` au début
d'une page, `citer` à chaque chiffre ou date sourcée (depuis `rendus.chiffre_html` et `rendus.repere_html`, donc
pour toute macro qui les utilise),
`fermer` à la fin ; `rendus.section_sources` en fait la section ajoutée au Markdown de la page.
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


_courant: Releve | None = None


def ouvrir(page_src_uri: str) -> None:
    """Commence le relevé d'une page (`page.file.src_uri`, par exemple « projet/valeurs.md »)."""
    global _courant
    _courant = Releve(re.sub(r"[^a-z0-9]+", "-", page_src_uri.rsplit(".", 1)[0].lower()).strip("-"))


def citer(chiffre: Chiffre | Repere | TableauDeChiffres, source: Source) -> tuple[int, str] | None:
    """Le numéro et l'ancre de l'entrée du chiffre, ou None hors d'une page (aucune liste où renvoyer)."""
    if _courant is None:
        return None
    entree = _courant.citer(chiffre, source)
    return entree.numero, _courant.ancre(entree)


def fermer() -> Releve | None:
    """Termine le relevé de la page et le renvoie (None si aucun n'était ouvert)."""
    global _courant
    releve, _courant = _courant, None
    return releve
