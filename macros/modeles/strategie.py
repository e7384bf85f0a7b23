"""Modèle de la stratégie : trois orientations, et les feuilles de route qui les servent."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from .base import Chiffre, Identifiant, Modele, Reference, RefSource, Texte

RefFeuilleDeRoute = Annotated[Identifiant, Reference("strategie")]


class FeuilleDeRoute(Modele):
    """Une feuille de route, telle que la stratégie la nomme (le détail est publié avec les fiches actions)."""

    id: Identifiant
    numero: int = Field(ge=1)
    titre: Texte


class Orientation(Modele):
    """Une orientation stratégique, ce qu'elle demande, et les feuilles de route qui la mettent en œuvre."""

    id: Identifiant
    titre: Texte
    intention: Texte
    leviers: list[Texte] = Field(min_length=1)
    feuilles_de_route: list[RefFeuilleDeRoute] = Field(min_length=1)


class Strategie(Modele):
    """data/strategie.yml : les orientations et les feuilles de route."""

    source: RefSource
    feuilles_de_route: list[FeuilleDeRoute] = Field(min_length=1)
    orientations: list[Orientation] = Field(min_length=1)
    chiffres: dict[Identifiant, Chiffre] = {}

    @field_validator("feuilles_de_route")
    @classmethod
    def _numeros_distincts(cls, feuilles: list[FeuilleDeRoute]) -> list[FeuilleDeRoute]:
        numeros = [f.numero for f in feuilles]
        doubles = sorted({n for n in numeros if numeros.count(n) > 1})
        if doubles:
            raise PydanticCustomError(
                "numero_double", "deux feuilles de route portent le même numéro ({doubles})",
                {"doubles": ", ".join(map(str, doubles))},
            )
        return feuilles

    def feuille(self, identifiant: str) -> FeuilleDeRoute:
        """La feuille de route d'identifiant donné."""
        return next(f for f in self.feuilles_de_route if f.id == identifiant)

    def orientations_de(self, identifiant: str) -> list[Orientation]:
        """Les orientations que sert une feuille de route."""
        return [o for o in self.orientations if identifiant in o.feuilles_de_route]
