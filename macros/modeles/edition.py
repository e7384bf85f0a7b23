"""Modèle de l'édition : quel projet associatif ce site publie, et s'il a été adopté par le conseil."""
from __future__ import annotations

import datetime
from typing import Literal


from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .base import Identifiant, Modele, Texte, annee_mois_jour


class Periode(Modele):
    """Les années couvertes par l'édition (première et dernière incluses)."""

    debut: int = Field(ge=1900, le=2100, examples=[2024])
    """La première année de l'édition."""
    fin: int = Field(ge=1900, le=2100, examples=[2028])
    """La dernière année de l'édition (au plus tôt, l'année de début)."""

    @field_validator("fin")
    @classmethod
    def _apres_le_debut(cls, fin: int, info: ValidationInfo) -> int:
        debut = info.data.get("debut")
        if debut is not None and fin < debut:
            raise PydanticCustomError("periode", f"l'année de fin précède l'année de début ({debut})")
        return fin


class Edition(Modele):
    """data/edition.yml : l'édition publiée, sa période, son statut et la date de son adoption."""

    id: Identifiant = Field(examples=["2024-2028"])
    """Le nom de l'édition dans l'adresse du site (…/2024-2028/) et dans l'étiquette git « edition-2024-2028 »."""
    titre: Texte = Field(examples=["Projet associatif 2024–2028"])
    """Le titre de l'édition, dans le sélecteur d'édition, le livret et la page « Ce qui a changé »."""
    periode: Periode
    """Les années couvertes."""
    adoption: datetime.date | None = Field(default=None, examples=["2024-06-20"])
    """La date du vote du conseil d'administration ; absente tant que l'édition est un brouillon. Le jour
    (2024-06-20), ou seulement le mois (2024-06) ou l'année (2024) si le document ne dit pas mieux."""
    adoption_precision: Literal["jour", "mois", "annee"] = "jour"
    """Ce qu'on sait de la date d'adoption ; déduit de « adoption » (2024-06 → mois), sans avoir à l'écrire."""
    statut: Literal["brouillon", "adoptee"]
    """« brouillon » : version de travail, non adoptée ; « adoptee » : adoptée (la date est alors exigée)."""

    @model_validator(mode="before")
    @classmethod
    def _adoption_au_mois(cls, brut):
        """« adoption: 2024-06 » (mois) ou « 2024 » (année) : la date est le premier jour, la précision notée."""
        if isinstance(brut, dict) and "adoption_precision" not in brut:
            valeur = brut.get("adoption")
            annee, mois, jour = annee_mois_jour(valeur) or (None, None, None)
            if annee is not None and jour is None:  # une date complète reste une date, au jour près
                if mois is not None and not 1 <= mois <= 12:
                    raise PydanticCustomError("mois", "mois inexistant : « {v} »", {"v": valeur})
                brut = {**brut, "adoption": datetime.date(annee, mois or 1, 1),
                        "adoption_precision": "annee" if mois is None else "mois"}
        return brut

    @property
    def adoption_lisible(self) -> str | None:
        """« le 20 juin 2024 », « en juin 2024 » ou « en 2024 », selon ce qu'on sait de la date."""
        from ..format import date_precise  # le modèle ne dépend de la mise en forme que pour cette phrase

        if self.adoption is None:
            return None
        texte = date_precise(self.adoption, self.adoption_precision)
        return f"le {texte}" if self.adoption_precision == "jour" else f"en {texte}"

    @field_validator("adoption")
    @classmethod
    def _adoption_passee(cls, adoption: datetime.date | None) -> datetime.date | None:
        if adoption is not None and adoption > datetime.date.today():
            raise PydanticCustomError("futur", "la date d'adoption ({date}) est dans le futur : une édition n'est "
                                      "adoptée qu'une fois votée. Vérifiez l'année", {"date": adoption.isoformat()})
        return adoption

    @field_validator("id")
    @classmethod
    def _nom_libre(cls, identifiant: str) -> str:
        # Deux adresses du site sont prises : …/brouillon/ (version de travail) et …/en-vigueur/ (alias).
        if identifiant in ("brouillon", "en-vigueur"):
            raise PydanticCustomError("reserve", "« {id} » est un nom réservé (version de travail ou adresse de "
                                      "l'édition en vigueur) : choisissez les années, par exemple 2024-2028",
                                      {"id": identifiant})
        return identifiant

    @field_validator("statut")
    @classmethod
    def _date_si_adoptee(cls, statut: str, info: ValidationInfo) -> str:
        # Une date mal écrite a déjà son propre message : on ne la signale pas deux fois.
        if statut == "adoptee" and "adoption" in info.data and info.data["adoption"] is None:
            raise PydanticCustomError(
                "adoption",
                "une édition adoptée porte la date de son vote par le conseil d'administration : "
                "ajoutez la ligne « adoption: AAAA-MM-JJ »",
            )
        return statut

    @property
    def adoptee(self) -> bool:
        """Vrai si le conseil d'administration a adopté cette édition."""
        return self.statut == "adoptee"
