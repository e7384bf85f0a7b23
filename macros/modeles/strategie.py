"""Modèle de la stratégie : trois orientations, et les feuilles de route qui les servent."""
from __future__ import annotations

from typing import Annotated

from .base import Chiffre, Identifiant, Modele, Reference, RefSource, Texte

# Une feuille de route est une fiche action (docs/fiches-actions/<id>.md).
RefFeuilleDeRoute = Annotated[Identifiant, Reference("fiches")]


class Orientation(Modele):
    """Une orientation stratégique et les feuilles de route qui la servent ; ce qu'elle demande est dans la page."""

    id: Identifiant
    """L'ancre de l'orientation dans docs/strategie.md (`## Titre { #id }`)."""
    titre: Texte
    """Son intitulé court, repris dans la liste « Les feuilles de route, une par une »."""
    feuilles_de_route: list[RefFeuilleDeRoute] = []
    """Les fiches actions (feuilles de route) qui la servent."""


class Strategie(Modele):
    """data/strategie.yml : les orientations et les feuilles de route (fiches actions) qui les servent."""

    source: RefSource | None = None
    orientations: list[Orientation] = []
    chiffres: dict[Identifiant, Chiffre] = {}

    def orientations_de(self, identifiant: str) -> list[Orientation]:
        """Les orientations que sert une feuille de route."""
        return [o for o in self.orientations if identifiant in o.feuilles_de_route]
