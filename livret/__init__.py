"""Documents PDF imprimables (le livret, la charte…) faits des mêmes pages que le site.

Indépendant de MkDocs : on donne des parties (titre, HTML rendu, adresse dans le site) et une couverture, on
reçoit un PDF. `crochet.py` est le seul module qui connaît MkDocs.
"""
from __future__ import annotations

from .assemblage import Couverture, Partie, assembler

__all__ = ["Couverture", "Partie", "assembler", "fabriquer"]


def fabriquer(parties: list[Partie], couverture: Couverture, feuilles: list, ressources=None,
              sans: tuple[str, ...] = ()):
    """Les parties et la couverture → le PDF (`rendu.Pdf` : octets et nombre de pages) ; `sans` : voir `assembler`."""
    from .rendu import rendre  # WeasyPrint, long à charger : seulement pour fabriquer (pas pour `make serve`)

    return rendre(assembler(parties, couverture, sans), feuilles, ressources)
