"""Modèle de l'évaluation : indicateurs quantitatifs et qualitatifs, modes d'évaluation."""
from __future__ import annotations

from pydantic import Field

from .base import Identifiant, Modele, RefSource, Texte


class Indicateur(Modele):
    """Un indicateur, et ce qu'il permet de voir."""

    id: Identifiant
    libelle: Texte
    precision: Texte | None = None


class ModeEvaluation(Modele):
    """Une manière d'évaluer l'action de la Mission Locale."""

    id: Identifiant
    libelle: Texte
    description: Texte


class Evaluation(Modele):
    """data/evaluation.yml : ce que la Mission Locale mesure, et comment elle évalue son action."""

    source: RefSource
    indicateurs_quantitatifs: list[Indicateur] = Field(min_length=1)
    indicateurs_qualitatifs: list[Indicateur] = Field(min_length=1)
    modes: list[ModeEvaluation] = Field(min_length=1)
