"""Modèles du diagnostic : identité de la structure, territoire."""
from __future__ import annotations

from pydantic import Field

from .base import Chiffre, Identifiant, Modele, Texte


class Structure(Modele):
    """data/structure.yml : l'identité de la Mission Locale."""

    nom: Texte
    territoire: Texte
    public: Texte
    chiffres: dict[Identifiant, Chiffre] = {}


class Territoire(Modele):
    """data/territoire.yml : le contexte territorial."""

    chiffres: dict[Identifiant, Chiffre] = Field(min_length=1)

