"""Modèle des engagements pris pour mettre en œuvre le projet associatif."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Identifiant, Modele, RefSource, Texte, TexteCitant

# Qui prend l'engagement : la clé écrite dans data/engagements.yml → ce que lit le public.
PORTEURS = {
    "conseil": "le conseil d'administration",
    "direction": "la direction",
    "equipe": "les professionnels",
    "association": "l'association",
}
Porteur = Literal[tuple(PORTEURS)]


class Engagement(Modele):
    """Un engagement, et qui le prend."""

    id: Identifiant
    titre: Texte
    texte: TexteCitant
    porteurs: list[Porteur] = Field(min_length=1)

    def qui(self) -> str:
        """« le conseil d'administration et les professionnels »."""
        noms = [PORTEURS[p] for p in self.porteurs]
        return noms[0] if len(noms) == 1 else ", ".join(noms[:-1]) + " et " + noms[-1]


class Revision(Modele):
    """La révision périodique du projet, et ce sur quoi elle s'appuiera."""

    texte: TexteCitant
    selon: list[Texte] = Field(min_length=1)


class Engagements(Modele):
    """data/engagements.yml : les engagements, et la révision du projet."""

    source: RefSource
    engagements: list[Engagement] = Field(min_length=1)
    revision: Revision
