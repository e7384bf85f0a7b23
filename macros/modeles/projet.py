"""Modèles des données du projet : les textes fondateurs du réseau et l'histoire datée de la structure."""
from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .base import Chiffre, Identifiant, Modele, RefSource, Reference, Texte, TexteCitant, annee_mois_jour

# Un texte où « {jeu.cle} » insère un chiffre publié (par exemple « {historique.salaries_1990} »).

RefTexteFondateur = Annotated[Identifiant, Reference("objectifs")]
Annee = Annotated[int, Field(ge=1900, le=2100)]


# ── Dates à précision variable ──────────────────────────────────────────────

def _lire_date(valeur: Any) -> Any:
    """1990 (année), « 1998-10 » (mois) ou 1997-12-15 (jour, lu par YAML comme une date) → annee, mois, jour."""
    if (parties := annee_mois_jour(valeur)) is not None:
        return {cle: n for cle, n in zip(("annee", "mois", "jour"), parties) if n is not None}
    if isinstance(valeur, dict):
        return valeur
    raise PydanticCustomError(
        "date_historique",
        "une date est attendue : une année (1990), un mois (1998-10) ou un jour (1997-12-15)",
    )


class DateHistorique(Modele):
    """Une date connue à l'année, au mois ou au jour près, selon ce que dit la source."""

    annee: Annee
    mois: int | None = Field(default=None, ge=1, le=12)
    jour: int | None = Field(default=None, ge=1, le=31)

    @model_validator(mode="after")
    def _existe(self) -> DateHistorique:
        """Un jour sans mois, ou un 31 avril, n'est pas une date."""
        try:
            if self.jour is not None:
                datetime.date(self.annee, self.mois or 0, self.jour)
        except ValueError:
            raise PydanticCustomError("date_inexistante", "cette date n'existe pas dans le calendrier") from None
        return self

    @property
    def cle_de_tri(self) -> tuple[int, int, int]:
        """Une date imprécise se range à la fin de sa période : « 1998 » après « octobre 1998 »."""
        return (self.annee, self.mois or 13, self.jour or 32)

    @property
    def iso(self) -> str:
        """« 1990 », « 1998-10 » ou « 1997-12-15 » (attribut datetime de <time>)."""
        return "-".join(f"{n:02d}" for n in (self.annee, self.mois, self.jour) if n is not None)

    @property
    def jour_complet(self) -> datetime.date | None:
        """La date du calendrier quand le jour est connu."""
        return datetime.date(self.annee, self.mois, self.jour) if self.jour and self.mois else None


Datation = Annotated[DateHistorique, BeforeValidator(_lire_date)]


# ── data/objectifs.yml ───────────────────────────────────────────────────────


class TexteFondateur(Modele):
    """Un texte national de référence du réseau (ordonnance, charte, protocole, cadre commun).

    Ce qu'il dit s'écrit dans docs/objectifs.md, sous un titre qui porte l'ancre `{ #id }`.
    """

    id: Identifiant
    """L'ancre du texte dans la page des objectifs, et le renvoi des événements de l'historique."""
    titre: Texte
    """Le nom court du texte (« Le Protocole 2000 »), repris par la frise."""
    date: Datation
    """Une année (1990), un mois (1998-10) ou un jour (2000-04-20), selon ce que dit la source."""


class Objectifs(Modele):
    """data/objectifs.yml : les textes fondateurs du réseau, écrits une fois dans reseau/objectifs.yml ; une structure
    n'y ajoute que les siens (les objectifs eux-mêmes sont dans docs/objectifs.md)."""

    textes: list[TexteFondateur] = []


# ── data/historique.yml ──────────────────────────────────────────────────────

Portee = Literal["nationale", "locale"]


class Evenement(Modele):
    """Un fait daté : du réseau national (« nationale ») ou de la Mission Locale elle-même (« locale »)."""

    id: Identifiant | None = None
    """Facultatif : permet à une structure de remplacer un événement du réseau (même « id », « remplace: true »)."""
    date: Datation
    portee: Portee
    texte: TexteCitant
    nom: Texte | None = None
    lieu: Texte | None = None
    textes: list[RefTexteFondateur] = []
    source: RefSource | None = None
    """Le document d'où vient le fait (obligatoire dans reseau/historique.yml, où chaque fait est sourcé)."""

    @field_validator("date")
    @classmethod
    def _passe(cls, date: DateHistorique) -> DateHistorique:
        """Un fait de l'histoire a eu lieu : sa date n'est pas après aujourd'hui (une faute de frappe, 2099)."""
        debut = datetime.date(date.annee, date.mois or 1, date.jour or 1)
        if debut > datetime.date.today():
            raise PydanticCustomError("futur", "cette date est dans le futur ({annee}) : l'historique ne raconte "
                                      "que des faits passés. Vérifiez l'année", {"annee": date.annee})
        return date


class PeriodeHistorique(Modele):
    """Une période titrée de l'histoire (« 1989–1990 : la genèse ») : un titre, des bornes, un récit court."""

    titre: Texte
    debut: Datation
    """Une année (1989), un mois (1989-09) ou un jour."""
    fin: Datation | None = None
    """Facultatif : sans fin, la période court jusqu'à aujourd'hui."""
    texte: TexteCitant | None = None
    """Facultatif : une ou deux phrases ; le récit long s'écrit dans la page."""


class Historique(Modele):
    """data/historique.yml : les événements (rangés par date à l'affichage), les périodes et les chiffres qu'ils
    citent ; le contexte national vient de reseau/historique.yml."""

    evenements: list[Evenement] = []
    """Les faits datés ; le contexte national vient de reseau/historique.yml et s'y ajoute."""
    periodes: list[PeriodeHistorique] = []
    """Facultatif : l'histoire racontée en périodes titrées, avec ou sans événements."""
    chiffres: dict[Identifiant, Chiffre] = {}

    @property
    def chronologie(self) -> list[Evenement]:
        """Les événements par date ; à date égale, le contexte national d'abord, puis l'ordre du fichier."""
        return sorted(self.evenements, key=lambda e: (e.date.cle_de_tri, e.portee != "nationale"))
