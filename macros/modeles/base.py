"""Types communs à tous les fichiers de données : base stricte, identifiants, renvois, sources, chiffres."""
from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class Modele(BaseModel):
    """Base commune : toute clé inconnue est une erreur (une faute de frappe ne passe pas en silence)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Reference:
    """Marque un champ qui doit contenir l'identifiant d'un élément d'un autre fichier de données."""

    def __init__(self, collection: str):
        self.collection = collection


class RenvoiChiffre:
    """Marque un champ qui doit contenir la clé « jeu.cle » d'un chiffre de data/ (vérifiée au chargement)."""


Identifiant = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")]
Texte = Annotated[str, StringConstraints(min_length=1)]
RefSource = Annotated[Identifiant, Reference("sources")]
RefChiffre = Annotated[Texte, RenvoiChiffre()]

QUALIFICATIFS = {
    "exact": "",
    "environ": "environ",
    "pres_de": "près de",
    "plus_de": "plus de",
    "moins_de": "moins de",
    "proche_de": "proche de",
}
Qualificatif = Literal["exact", "environ", "pres_de", "plus_de", "moins_de", "proche_de"]
Unite = Literal["nombre", "pourcent", "euros"]
Echelle = Literal["unites", "millions"]


class Source(Modele):
    """Un document d'où viennent des chiffres (titre, auteur, année)."""

    id: Identifiant
    document: Texte
    auteur: Texte
    annee: int = Field(ge=1900, le=2100)


class Chiffre(Modele):
    """Un chiffre publié, avec sa source et, s'il y en a un, le qualificatif de la source (« près de »…)."""

    libelle: Texte
    valeur: float
    unite: Unite = "nombre"
    echelle: Echelle = "unites"
    qualificatif: Qualificatif = "exact"
    annee: int | None = Field(default=None, ge=1900, le=2100)
    source: RefSource
    note: Texte | None = None


class Sources(Modele):
    """data/sources.yml : les documents cités."""

    sources: list[Source] = Field(min_length=1)


class Repere(Modele):
    """Une date publiée (« septembre 2023 ») avec sa source : pour une date, ce qu'est Chiffre pour un nombre."""

    libelle: Texte
    date: datetime.date
    # Ce que la source dit vraiment : le jour, le mois ou seulement l'année.
    precision: Literal["jour", "mois", "annee"] = "jour"
    source: RefSource
    note: Texte | None = None


class CiteDesChiffres:
    """Marque un texte de data/ qui peut citer un chiffre ou un repère par sa clé : « {territoire.habitants} »."""


# Un texte de data/ qui cite des chiffres entre accolades ; chaque clé est vérifiée au chargement.
TexteCitant = Annotated[str, StringConstraints(min_length=1), CiteDesChiffres()]
CITATION = re.compile(r"\{([^{}]*)\}")
