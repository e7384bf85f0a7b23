"""Modèle de la stratégie : trois orientations, et les feuilles de route qui les servent."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import Chiffre, Identifiant, Modele, Reference, RefSource, Texte

# Une feuille de route est une fiche action (docs/fiches-actions/<id>.md).
RefFeuilleDeRoute = Annotated[Identifiant, Reference("fiches")]


class Orientation(Modele):
    """Une orientation stratégique, ce qu'elle demande, et les feuilles de route qui la mettent en œuvre."""

    id: Identifiant
    titre: Texte
    intention: Texte
    leviers: list[Texte] = Field(min_length=1)
    feuilles_de_route: list[RefFeuilleDeRoute] = Field(min_length=1)


class Strategie(Modele):
    """data/strategie.yml : les orientations et les feuilles de route (fiches actions) qui les servent."""

    source: RefSource
    orientations: list[Orientation] = Field(min_length=1)
    chiffres: dict[Identifiant, Chiffre] = {}

    def orientations_de(self, identifiant: str) -> list[Orientation]:
        """Les orientations que sert une feuille de route."""
        return [o for o in self.orientations if identifiant in o.feuilles_de_route]
