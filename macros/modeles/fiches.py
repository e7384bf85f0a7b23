"""Modèles des fiches actions : fonctions de l'offre de service, axes, et l'en-tête de chaque page de fiche.

Une fiche est une page docs/fiches-actions/<id>.md. Un seul modèle `Fiche` (son en-tête) sert aux trois
manières d'écrire une fiche rencontrées dans les projets associatifs : feuille de route, fiche
action cochant des fonctions, plan d'action avec ses étapes ; leurs rubriques rédigées,
et le tableau des étapes d'un plan d'action, sont le texte Markdown de la page. Tous les champs sont
facultatifs sauf l'identifiant, la nature et le titre : un champ vide n'est pas affiché.
"""
from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PrivateAttr, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .base import Identifiant, Modele, RefSource, Reference, Texte, TexteCitant, Unite, annee_mois_jour

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
    "reportee": "Reportée",
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
Etat = Literal["a-lancer", "en-cours", "realisee", "reportee", "abandonnee"]
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
    """data/fonctions.yml : les fonctions auxquelles une fiche se rattache, écrites une fois dans reseau/fonctions.yml."""

    source: RefSource | None = None
    fonctions: list[Fonction] = []


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

    axes: list[Axe] = []


# ── docs/fiches-actions/<id>.md : l'en-tête d'une fiche ───────────────────────────────────────────────────
class FonctionsVisees(Modele):
    """Les fonctions de l'offre de service visées par la fiche, et qui les a choisies."""

    origine: Origine
    retenues: list[RefFonction] = []
    note: Prose | None = None


class Avancement(Modele):
    """Où en est la fiche au dernier point de suivi."""

    etat: Etat = Field(examples=["en-cours"])
    """L'état de la fiche : a-lancer (prévue), en-cours, realisee, reportee ou abandonnee."""
    depuis: datetime.date | None = Field(default=None, examples=["2025-03"])
    """Depuis quand la fiche est dans cet état : le jour (2025-03-14), le mois (2025-03) ou l'année (2025)."""
    depuis_precision: Literal["jour", "mois", "annee"] = "jour"
    """Ce qu'on sait de la date « depuis » ; déduit de son écriture (2025-03 → mois), sans avoir à l'écrire."""
    revue: datetime.date | None = None
    """La date du dernier point de suivi."""
    commentaire: Annotated[str, Field(min_length=1, max_length=300)] | None = None
    """Une phrase sur l'avancement (300 caractères au plus)."""

    @model_validator(mode="before")
    @classmethod
    def _depuis_au_mois(cls, brut):
        """« depuis: 2025-03 » (mois) ou « 2025 » (année) : la date est le premier jour, la précision notée."""
        if isinstance(brut, dict) and "depuis_precision" not in brut:
            annee, mois, jour = annee_mois_jour(brut.get("depuis")) or (None, None, None)
            if annee is not None and jour is None:
                if mois is not None and not 1 <= mois <= 12:
                    raise PydanticCustomError("mois", "mois inexistant : « {v} »", {"v": brut.get("depuis")})
                brut = {**brut, "depuis": datetime.date(annee, mois or 1, 1),
                        "depuis_precision": "annee" if mois is None else "mois"}
        return brut


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


class Mesure(Modele):
    """Une valeur mesurée d'un indicateur, à une année (ou un mois), avec le document qui la donne."""

    valeur: float = Field(ge=0, examples=[120])
    """Le nombre seul : chiffres sans espace ni unité, « . » pour la virgule (62.5)."""
    annee: int = Field(ge=1900, le=2100, examples=[2025])
    """L'année que la valeur décrit (pour un bilan annuel, l'année écoulée)."""
    mois: int | None = Field(default=None, ge=1, le=12, examples=[6])
    """Le mois (1 à 12), pour une mesure en cours d'année ; absent pour un bilan annuel."""
    source: RefSource = Field(examples=["rapport-activite-2025"])
    """Le document qui donne la valeur (son identifiant dans data/sources.yml)."""
    commentaire: Texte | None = Field(default=None, examples=["hors jeunes suivis à distance"])
    """Une précision montrée avec la valeur, dans le tableau des résultats."""

    @property
    def quand(self) -> tuple[int, int]:
        """(année, mois) pour ranger les mesures ; un bilan annuel se range après les mois de son année."""
        return self.annee, self.mois or 13


class Indicateur(Modele):
    """Un indicateur de suivi : son libellé, et s'ils sont connus sa cible, son échéance, sa situation de départ
    et ses résultats année après année."""

    libelle: Texte = Field(examples=["Jeunes accompagnés vers l'emploi"])
    """Ce que l'indicateur mesure, en une ligne."""
    cible: Court | None = Field(default=None, examples=["150 jeunes"])
    """La valeur visée, telle qu'on la lit ; quand elle commence par un nombre (« 150 jeunes », « 80 % »), ce
    nombre est tracé sur le graphique des résultats."""
    echeance: Court | None = Field(default=None, examples=["2026"])
    """Quand la cible doit être atteinte (« 2026 », « fin 2026 »)."""
    unite: Unite = "nombre"
    """Comment afficher les valeurs des résultats : nombre (120), pourcent (62,5 %) ou euros."""
    mesure: Texte | None = Field(default=None, examples=["jeunes"])
    """Ce que compte une valeur, au pluriel, pour la phrase du dernier résultat (« 120 jeunes en 2025 »)."""
    situation_de_depart: Mesure | None = None
    """La valeur au lancement de la fiche (valeur, annee, source), d'où partent les résultats."""
    resultats: list[Mesure] = []
    """Les résultats mesurés, du plus ancien au plus récent : un élément « - valeur: … » par année (ou mois),
    chacun avec sa source. Ajouter le bilan d'une année, c'est ajouter un élément."""

    @field_validator("resultats")
    @classmethod
    def _dans_l_ordre(cls, resultats: list[Mesure]) -> list[Mesure]:
        for avant, apres in zip(resultats, resultats[1:]):
            if apres.quand == avant.quand:
                raise PydanticCustomError("resultat_double", "deux résultats pour la même période ({periode}) : "
                                          "gardez-en un seul", {"periode": _periode_lisible(apres)})
            if apres.quand < avant.quand:
                raise PydanticCustomError("resultats_desordre", "les résultats se suivent du plus ancien au plus "
                                          "récent : {apres} est écrit après {avant}",
                                          {"apres": _periode_lisible(apres), "avant": _periode_lisible(avant)})
        return resultats


def _periode_lisible(mesure: Mesure) -> str:
    return f"{mesure.mois:02d}/{mesure.annee}" if mesure.mois else str(mesure.annee)


class SourceFiche(Modele):
    """Le document d'où vient la fiche, et la page si on la connaît."""

    document: RefSource
    page: int | None = Field(default=None, ge=1)


class Fiche(Modele):
    """L'en-tête d'une fiche action. L'identifiant est le nom du fichier sans « .md ».

    L'en-tête porte ce qui se range, se compte ou se croise (index, matrice, tableau de bord) ; les rubriques
    rédigées (objectif, actions, démarche, risques, communication, évaluation…) sont le texte de la page,
    en Markdown, sous des intertitres « ## ».
    """

    id: Identifiant
    format: Format
    numero: Court | None = None
    # Ordre de lecture dans l'axe : `ordre` d'abord (fiches sans numéro, plans d'action), puis `numero`.
    ordre: int | None = None
    titre: Texte
    titre_court: Texte | None = None
    description: Texte | None = None
    """Une phrase qui résume la fiche (moteurs de recherche, aperçus) ; sinon, le premier paragraphe du texte."""
    axe: RefAxe | None = None
    fonctions: FonctionsVisees | None = None
    avancement: Avancement | None = None
    calendrier: Calendrier | None = None
    responsabilites: list[Responsabilite] = []
    ressources: list[Ressource] = []
    indicateurs: list[Indicateur] = []
    liens: list[RefFiche] = []
    source: SourceFiche | None = None
    # Le texte de la page, sous l'en-tête (lu avec lui par macros.entetes ; ce n'est pas un champ à écrire).
    _corps: str = PrivateAttr(default="")
    # Le numéro tel qu'il s'affiche, posé au chargement (macros.fiches.numeroter) : celui de la fiche, précédé
    # des numéros de ses axes quand d'autres fiches portent le même (fiches numérotées dans leur axe).
    _numero_affiche: str | None = PrivateAttr(default=None)

    @property
    def corps(self) -> str:
        return self._corps

    @property
    def numero_affiche(self) -> str | None:
        """« 2.1 » pour la fiche 1 de l'axe 2 quand chaque axe recommence à 1 ; sinon le numéro écrit."""
        return self._numero_affiche or self.numero

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
