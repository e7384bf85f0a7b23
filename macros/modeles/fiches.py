"""Modèles des fiches actions : fonctions de l'offre de service, axes, et une fiche par fichier de data/fiches/.

Un seul modèle `Fiche` exprime les trois manières d'écrire une fiche rencontrées dans les projets associatifs :
feuille de route (Lisieux), fiche action cochant des fonctions (Béthune), plan d'action avec ses étapes
(Moulins). Toutes les rubriques sont facultatives sauf l'identifiant, la nature et le titre : une rubrique
vide n'est pas affichée.
"""
from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator
from pydantic_core import PydanticCustomError

from .base import Identifiant, Modele, RefSource, Reference, Texte, TexteCitant

# ── Vocabulaires contrôlés : la valeur écrite dans le YAML → le libellé affiché ────────────────────────────
FORMATS = {
    "feuille-de-route": "Feuille de route",
    "fiche-action": "Fiche action",
    "plan-action": "Plan d'action",
}
ETATS = {
    "a-lancer": "À lancer",
    "en-cours": "En cours",
    "realisee": "Réalisée",
    "abandonnee": "Abandonnée",
}
ORIGINES = {
    "source": "Fonctions cochées dans le document d'origine.",
    "choix-editorial": "Choix éditorial : le document d'origine ne rattache pas cette fiche aux fonctions de "
                       "l'offre de service ; les éditeurs du site proposent ce rattachement.",
}
RESSOURCES = {
    "humaines": "Humaines",
    "financieres": "Financières",
    "materielles": "Matérielles",
    "technologiques": "Technologiques",
    "partenariats": "Partenariats",
}
# Ces noms désignent les pages de la section « Fiches actions » : une fiche ne peut pas les prendre.
IDENTIFIANTS_RESERVES = ("index", "matrice", "tableau-de-bord")

Format = Literal["feuille-de-route", "fiche-action", "plan-action"]
Etat = Literal["a-lancer", "en-cours", "realisee", "abandonnee"]
Origine = Literal["source", "choix-editorial"]
NatureRessource = Literal["humaines", "financieres", "materielles", "technologiques", "partenariats"]
RefFonction = Annotated[Identifiant, Reference("fonctions")]
RefAxe = Annotated[Identifiant, Reference("axes")]
RefFiche = Annotated[Identifiant, Reference("fiches")]


def _nombre_en_texte(valeur: Any) -> Any:
    """`numero: 1`, `quand: 2022`, `cible: 12` : un nombre écrit sans guillemets est lu comme un texte."""
    return str(valeur) if isinstance(valeur, (int, float)) and not isinstance(valeur, bool) else valeur


Court = Annotated[Texte, BeforeValidator(_nombre_en_texte)]
# Un texte rédigé (Markdown) : il peut citer un chiffre de data/ par sa clé, « {finances.duree_subventions_visee} ».
Prose = TexteCitant


# ── data/fonctions.yml ────────────────────────────────────────────────────────────────────────────────────
class Fonction(Modele):
    """Une fonction de l'offre de service des Missions Locales (cadre commun de l'UNML)."""

    id: Identifiant
    libelle: Texte
    abrege: Texte = Field(description="libellé court, pour les en-têtes de colonnes sur téléphone")


class Fonctions(Modele):
    """data/fonctions.yml : le vocabulaire contrôlé des fonctions auxquelles une fiche se rattache."""

    source: RefSource
    fonctions: list[Fonction] = Field(min_length=1)


# ── data/axes.yml ─────────────────────────────────────────────────────────────────────────────────────────
class Axe(Modele):
    """Un axe, ou un objectif général ou opérationnel, sous lequel l'index range des fiches."""

    id: Identifiant
    nature: Texte | None = None
    numero: Court | None = None
    titre: Texte
    presentation: Prose | None = None
    objectifs: list[Axe] = []


class Axes(Modele):
    """data/axes.yml : l'arborescence des axes et objectifs (elle peut ne compter qu'un axe)."""

    axes: list[Axe] = Field(min_length=1)


# ── data/fiches/<id>.yml ──────────────────────────────────────────────────────────────────────────────────
def _texte_seul(valeur: Any) -> Any:
    """Un point de liste peut s'écrire comme un simple texte : « - Former les conseillers »."""
    return {"texte": valeur} if isinstance(valeur, str) else valeur


class Point(Modele):
    """Un point de liste, éventuellement précédé d'un intitulé en gras et suivi de sous-points."""

    libelle: Texte | None = None
    texte: Prose
    details: list[Prose] = []


Points = list[Annotated[Point, BeforeValidator(_texte_seul)]]


class FonctionsVisees(Modele):
    """Les fonctions de l'offre de service visées par la fiche, et qui les a choisies."""

    origine: Origine
    retenues: list[RefFonction] = []
    note: Prose | None = None


class Avancement(Modele):
    """Où en est la fiche au dernier point de suivi."""

    etat: Etat
    revue: datetime.date | None = None
    commentaire: Annotated[str, Field(min_length=1, max_length=300)] | None = None


class Action(Modele):
    """Une action détaillée : titre, finalité, tâches."""

    numero: Court | None = None
    titre: Texte
    finalite: Prose | None = None
    taches: Points = []


class Periode(Modele):
    """Une période du calendrier (années) et ce qui s'y fait."""

    debut: int = Field(ge=1900, le=2100)
    fin: int | None = Field(default=None, ge=1900, le=2100)
    contenu: list[Prose] = Field(min_length=1)

    @field_validator("fin")
    @classmethod
    def _fin_apres_debut(cls, fin: int | None, info) -> int | None:
        debut = info.data.get("debut")
        if fin is not None and debut is not None and fin < debut:
            raise PydanticCustomError("fin_avant_debut", f"l'année de fin précède l'année de début ({debut})")
        return fin


class Calendrier(Modele):
    """Le calendrier : un texte libre (« Depuis 2018 »), des périodes datées, ou les deux."""

    texte: Prose | None = None
    periodes: list[Periode] = []


class Ressource(Modele):
    nature: NatureRessource
    detail: Prose


class Responsabilite(Modele):
    domaine: Texte
    responsables: Prose


class Demarche(Modele):
    """Une ligne « quoi / quand / qui / comment » (étape, évaluation, perspectives)."""

    quoi: Prose | None = None
    quand: Court | None = None
    qui: Prose | None = None
    comment: Prose | None = None


class Etape(Demarche):
    """Une étape de la démarche, avec ses éventuelles sous-étapes."""

    numero: Court | None = None
    sous_etapes: list[Demarche] = []


class Evaluation(Demarche):
    """L'évaluation : un texte, ou une ligne quoi / quand / qui / comment."""

    texte: Prose | None = None


class Indicateur(Modele):
    """Un indicateur de suivi : son libellé, et s'ils sont connus sa cible et son échéance."""

    libelle: Texte
    cible: Court | None = None
    echeance: Court | None = None


class Risque(Modele):
    risque: Texte
    anticipation: Prose | None = None


class Communication(Modele):
    interne: list[Prose] = []
    externe: list[Prose] = []


class SourceFiche(Modele):
    """Le document d'où vient la fiche, et la page si on la connaît."""

    document: RefSource
    page: int | None = Field(default=None, ge=1)


class Fiche(Modele):
    """data/fiches/<id>.yml : une fiche action. L'identifiant est le nom du fichier sans « .yml »."""

    id: Identifiant
    format: Format
    numero: Court | None = None
    # Ordre de lecture dans l'axe : `ordre` d'abord (fiches sans numéro, plans d'action), puis `numero`.
    ordre: int | None = None
    titre: Texte
    titre_court: Texte | None = None
    axe: RefAxe | None = None
    fonctions: FonctionsVisees | None = None
    avancement: Avancement | None = None
    objectif: Prose | None = None
    objectifs: list[Prose] = []
    resume: Prose | None = None
    descriptif: Points = []
    actions: list[Action] = []
    etapes: list[Etape] = []
    calendrier: Calendrier | None = None
    coordination: Prose | None = None
    realisation: Prose | None = None
    partenaires: list[Prose] = []
    recurrence: Court | None = None
    responsabilites: list[Responsabilite] = []
    ressources: list[Ressource] = []
    indicateurs: list[Indicateur] = []
    risques: list[Risque] = []
    anticipation: Prose | None = None
    suivi: Prose | None = None
    communication: Communication | None = None
    evaluation: Evaluation | None = None
    perspectives: Demarche | None = None
    remarques: list[Prose] = []
    liens: list[RefFiche] = []
    source: SourceFiche | None = None

    @field_validator("id")
    @classmethod
    def _pas_un_nom_de_page(cls, identifiant: str) -> str:
        if identifiant in IDENTIFIANTS_RESERVES:
            raise PydanticCustomError(
                "identifiant_reserve",
                "ce nom est déjà celui d'une page de la section Fiches actions, choisissez-en un autre "
                f"(noms réservés : {', '.join(IDENTIFIANTS_RESERVES)})",
            )
        return identifiant
