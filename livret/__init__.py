"""Documents PDF imprimables (le livret, la charte…) faits des mêmes pages que le site.

Indépendant de MkDocs : on donne des parties (titre, HTML rendu, adresse dans le site) et une couverture, on
reçoit un PDF. `crochet.py` est le seul module qui connaît MkDocs.
"""
from __future__ import annotations

from .assemblage import Couverture, Partie, assembler
from .rendu import Pdf, rendre

__all__ = ["Couverture", "Partie", "Pdf", "assembler", "fabriquer", "rendre"]


def fabriquer(parties: list[Partie], couverture: Couverture, feuilles: list, ressources=None) -> Pdf:
    """Les parties et la couverture → le PDF (octets et nombre de pages)."""
    return rendre(assembler(parties, couverture), feuilles, ressources)
