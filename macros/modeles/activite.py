"""Modèle des chiffres d'activité année par année (data/activite.yml) : une série par chose comptée."""
from __future__ import annotations

from pydantic import Field, PrivateAttr, field_validator
from pydantic_core import PydanticCustomError

from .base import Chiffre, Identifiant, Modele, RefSource, Texte, Unite


class ValeurAnnuelle(Modele):
    """Le chiffre d'une année, avec le document qui le donne."""

    annee: int = Field(ge=1900, le=2100, examples=[2025])
    """L'année que le chiffre décrit."""
    valeur: float = Field(ge=0, examples=[1480])
    """Le nombre seul : chiffres sans espace ni unité, « . » pour la virgule."""
    source: RefSource = Field(examples=["rapport-activite-2025"])
    """Le document qui donne le chiffre (son identifiant dans data/sources.yml)."""
    note: Texte | None = Field(default=None, examples=["nouveau logiciel de suivi cette année-là"])
    """Une précision montrée sous le tableau (un changement de façon de compter…)."""


class SerieActivite(Modele):
    """Une chose comptée chaque année (jeunes accompagnés, entretiens, entrées en formation…)."""

    id: Identifiant = Field(examples=["jeunes_accompagnes"])
    """La clé de la série : « activite.<id>_<année> » cite un chiffre dans une page (chiffres clés de l'accueil)."""
    libelle: Texte = Field(examples=["Jeunes accompagnés"])
    """Ce que la série compte, en quelques mots (légende du graphique, en-tête du tableau)."""
    unite: Unite = "nombre"
    """Comment afficher les valeurs : nombre, pourcent ou euros."""
    valeurs: list[ValeurAnnuelle] = Field(min_length=1)
    """Un élément par année, de la plus ancienne à la plus récente : ajouter une année, c'est ajouter un élément."""

    @field_validator("valeurs")
    @classmethod
    def _annees_croissantes(cls, valeurs: list[ValeurAnnuelle]) -> list[ValeurAnnuelle]:
        for avant, apres in zip(valeurs, valeurs[1:]):
            if apres.annee <= avant.annee:
                raise PydanticCustomError(
                    "annees", "les années se suivent sans doublon, de la plus ancienne à la plus récente : "
                    "{apres} est écrite après {avant}", {"apres": apres.annee, "avant": avant.annee})
        return valeurs


class Activite(Modele):
    """data/activite.yml : les chiffres d'activité de la structure, année par année, chacun avec sa source."""

    titre: Texte = "L'activité année par année"
    """Le titre des graphiques et du tableau de l'activité."""
    series: list[SerieActivite] = Field(min_length=1)
    """Une série par chose comptée (« - id: … »)."""

    # Calculés une fois : un chiffre garde son identité (la liste « Sources » retrouve ainsi son fichier).
    _chiffres: dict[str, Chiffre] = PrivateAttr(default_factory=dict)

    def model_post_init(self, _contexte) -> None:
        self._chiffres.update({f"{s.id}_{v.annee}": Chiffre(libelle=f"{s.libelle} en {v.annee}", valeur=v.valeur, unite=s.unite,
                                              annee=v.annee, source=v.source, note=v.note)
                for s in self.series for v in s.valeurs})

    @property
    def chiffres(self) -> dict[str, Chiffre]:
        """Chaque valeur comme un chiffre de data/, sous la clé « <id>_<année> » (citable, comparé d'une édition
        à l'autre comme les autres chiffres)."""
        return self._chiffres
