"""Types communs à tous les fichiers de données : base stricte, identifiants, renvois, sources, chiffres."""
from __future__ import annotations

import ast
import datetime
import functools
import inspect
import re
import sys
from typing import Annotated, Literal

from pydantic import (BaseModel, ConfigDict, Field, StrictBool, StringConstraints, ValidationError, field_validator,
                      model_validator)
from pydantic_core import InitErrorDetails, PydanticCustomError


class Modele(BaseModel):
    """Base commune : toute clé inconnue est une erreur (une faute de frappe ne passe pas en silence)."""

    # La docstring sous un champ le décrit (data/README.md, aide des formulaires) : lue par `description`, à la
    # demande, et non par pydantic (use_attribute_docstrings), qui relit le fichier source de chaque modèle à
    # chaque chargement du moteur, même quand rien ne sert de ces descriptions (un dixième de seconde).
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def description(modele: type[BaseModel], champ: str) -> str | None:
    """Ce que décrit un champ : `Field(description=…)`, sinon la docstring placée sous lui dans la classe qui le
    déclare (comme le lirait pydantic avec use_attribute_docstrings)."""
    info = modele.model_fields[champ]
    if info.description is not None:
        return info.description
    classe = next((c for c in modele.__mro__ if champ in vars(c).get("__annotations__", {})), None)
    return _docstrings_des_champs(classe).get(champ) if classe is not None else None


@functools.cache
def _docstrings_des_champs(classe: type) -> dict[str, str]:
    """Champ → docstring, pour chaque champ annoté suivi d'une chaîne dans le corps de la classe (code du moteur :
    lu une fois par processus)."""
    module = ast.parse(inspect.getsource(sys.modules[classe.__module__]))
    definition = next((n for n in module.body if isinstance(n, ast.ClassDef) and n.name == classe.__name__), None)
    docstrings: dict[str, str] = {}
    for avant, noeud in zip(definition.body if definition else [], (definition.body if definition else [])[1:]):
        if isinstance(avant, ast.AnnAssign) and isinstance(avant.target, ast.Name) and isinstance(noeud, ast.Expr) \
                and isinstance(noeud.value, ast.Constant) and isinstance(noeud.value.value, str):
            docstrings[avant.target.id] = inspect.cleandoc(noeud.value.value)
    return docstrings


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
    "au_moins": "au moins",
    "au_plus": "au plus",
}
Qualificatif = Literal["exact", "environ", "pres_de", "plus_de", "moins_de", "proche_de", "au_moins", "au_plus"]
Unite = Literal["nombre", "pourcent", "euros"]
Echelle = Literal["unites", "millions"]


class Source(Modele):
    """Un document d'où viennent des chiffres (titre, auteur, année)."""

    id: Identifiant = Field(examples=["projet-associatif-2024"])
    """L'identifiant que les chiffres donnent dans leur champ « source »."""
    document: Texte = Field(examples=["Projet associatif 2024–2028 de la Mission Locale"])
    """Le titre du document."""
    auteur: Texte = Field(examples=["Union nationale des Missions Locales"])
    """Qui l'a publié."""
    annee: int = Field(ge=1900, le=2100, examples=[2024])
    """L'année de publication."""


class Chiffre(Modele):
    """Un chiffre publié, avec sa source et, s'il y en a un, le qualificatif de la source (« près de »…)."""

    libelle: Texte = Field(examples=["Habitants du territoire"])
    """Ce que le chiffre compte, en une ligne (repris dans la liste « Sources » des pages)."""
    valeur: float = Field(examples=[73500])
    """Le nombre seul : chiffres sans espace ni unité, « . » pour la virgule (11.4)."""
    valeur_max: float | None = Field(default=None, examples=[7])
    """Pour une fourchette (« 5 à 7 membres ») : le haut ; « valeur » est alors le bas."""
    unite: Unite = "nombre"
    """Comment l'afficher : 73 500, 11,4 % ou 1 637 478 €."""
    echelle: Echelle = "unites"
    """« millions » affiche 7000000 en « 7 millions »."""
    qualificatif: Qualificatif = "exact"
    """La nuance de la source : « près de », « environ », « plus de », « au moins » (2 fois par an)…"""
    annee: int | None = Field(default=None, ge=1900, le=2100, examples=[2023])
    """L'année que le chiffre décrit, si elle diffère de celle de la source."""
    source: RefSource = Field(examples=["projet-associatif-2024"])
    """Le document d'où vient le chiffre."""
    note: Texte | None = Field(default=None, examples=["hors jeunes en parrainage"])
    """Une précision montrée dans la liste « Sources » de la page."""
    forme: Texte | None = Field(default=None, examples=["la moitié"])
    """Comment la source l'écrit, quand ce n'est pas un nombre (« la moitié ») : affiché à la place du nombre."""
    a_verifier: Texte | None = Field(default=None, examples=["la même source compte 417 Missions Locales en 2006"])
    """Pourquoi le chiffre paraît douteux : signalé discrètement dans la version de travail, refusé dans une
    édition adoptée (le vérifier dans la source, puis retirer la ligne)."""
    negatif_permis: StrictBool = False
    """true pour un chiffre qui peut être négatif (une évolution, un solde) ; sinon un signe « - » est refusé."""
    au_dela_de_100: StrictBool = False
    """true pour un pourcentage qui peut dépasser 100 (une hausse de 150 %, un taux de couverture) ; sinon un
    pourcentage de plus de 100 est refusé (une part ne dépasse pas le tout)."""

    @field_validator("valeur", "valeur_max")
    @classmethod
    def _publiable(cls, valeur: float | None) -> float | None:
        if valeur is not None and abs(valeur) >= 1e15:
            raise PydanticCustomError("trop_grand", "nombre trop grand pour être publié exactement (plus de 15 "
                                      "chiffres) : vérifiez la valeur")
        return valeur

    @model_validator(mode="after")
    def _signe_permis(self) -> Chiffre:
        if self.unite == "pourcent" and max(self.valeur, self.valeur_max or 0) > 100 and not self.au_dela_de_100:
            raise PydanticCustomError("pourcent", "un pourcentage de plus de 100 ({valeur}) : une part ne dépasse "
                                      "pas le tout. Si ce taux peut dépasser 100 (une hausse), ajoutez "
                                      "« au_dela_de_100: true »", {"valeur": max(self.valeur, self.valeur_max or 0)})
        if self.valeur < 0 and not self.negatif_permis:
            raise PydanticCustomError("negatif", "ce chiffre est négatif ({valeur}) : un effectif, un montant ou "
                                      "un taux ne l'est pas. S'il peut l'être (une évolution), ajoutez "
                                      "« negatif_permis: true »", {"valeur": self.valeur})
        if self.valeur_max is not None and self.valeur_max <= self.valeur:
            raise PydanticCustomError("fourchette", "« valeur_max » ({haut}) doit dépasser « valeur » ({bas}) : une "
                                      "fourchette va du plus petit (« valeur ») au plus grand",
                                      {"haut": self.valeur_max, "bas": self.valeur})
        return self


class LigneDeTableau(Modele):
    """Une ligne d'un tableau de chiffres : son libellé, puis une valeur par colonne."""

    libelle: Texte = Field(examples=["État"])
    """Ce que la ligne compte (la première cellule, en en-tête de ligne)."""
    valeurs: list[float | None] = Field(min_length=1, examples=[[148587, 705004, 853591]])
    """Une valeur par colonne, dans l'ordre des colonnes ; « null » pour une case vide (affichée « – »)."""
    total: StrictBool = False
    """true pour une ligne de total, mise en valeur dans le tableau."""


class TableauDeChiffres(Modele):
    """Un tableau de chiffres d'une seule source et d'une seule année, écrit en lignes et colonnes en un seul
    endroit : la page le place avec {{ tableau("jeu.cle") }}, avec un seul appel vers sa source."""

    titre: Texte = Field(examples=["Les produits de 2019, en euros"])
    """La légende du tableau (lue en premier par un lecteur d'écran)."""
    colonnes: list[Texte] = Field(min_length=1, examples=[["Reprise de fonds dédiés", "Subventions", "Total"]])
    """L'en-tête de chaque colonne de valeurs, de gauche à droite."""
    entete_lignes: Texte = Field(default="Libellé", examples=["Origine"])
    """L'en-tête de la première colonne, celle des libellés des lignes."""
    lignes: list[LigneDeTableau] = Field(min_length=1)
    """Une ligne par élément, qui commence par « - libelle: »."""
    unite: Unite = "nombre"
    """Comment afficher chaque valeur : 73 500, 11,4 % ou 1 637 478 €."""
    echelle: Echelle = "unites"
    """« millions » affiche 7000000 en « 7 millions »."""
    annee: int | None = Field(default=None, ge=1900, le=2100, examples=[2019])
    """L'année que décrivent les chiffres, si elle diffère de celle de la source."""
    source: RefSource = Field(examples=["projet-associatif-2024"])
    """Le document d'où vient tout le tableau."""
    note: Texte | None = Field(default=None, examples=["hors contributions volontaires"])
    """Une précision montrée dans la liste « Sources » de la page."""
    negatif_permis: StrictBool = False
    """true pour un tableau dont des valeurs peuvent être négatives (des soldes) ; sinon un signe « - » est refusé."""

    @model_validator(mode="after")
    def _cases(self) -> TableauDeChiffres:
        # Chaque erreur nomme la ligne du fichier où elle est (« lignes.1.valeurs »), pas le début du tableau.
        erreurs = []
        for i, ligne in enumerate(self.lignes):
            negatives = [v for v in ligne.valeurs if v is not None and v < 0]
            if len(ligne.valeurs) != len(self.colonnes):
                erreur = PydanticCustomError(
                    "cases", "la ligne « {ligne} » a {n} valeur(s) pour {c} colonne(s) : une valeur par colonne, "
                    "« null » pour une case vide", {"ligne": ligne.libelle, "n": len(ligne.valeurs),
                                                     "c": len(self.colonnes)})
            elif negatives and not self.negatif_permis:
                erreur = PydanticCustomError(
                    "negatif", "la ligne « {ligne} » a une valeur négative ({valeur}) : si le tableau peut en "
                    "avoir (des soldes), ajoutez « negatif_permis: true »", {"ligne": ligne.libelle,
                                                                             "valeur": negatives[0]})
            else:
                continue
            erreurs.append(InitErrorDetails(type=erreur, loc=("lignes", i, "valeurs"), input=ligne.valeurs))
        if erreurs:
            raise ValidationError.from_exception_data(type(self).__name__, erreurs)
        return self


class Sources(Modele):
    """data/sources.yml : les documents cités."""

    sources: list[Source] = Field(min_length=1)
    """Un élément par document, qui commence par « - id: »."""


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


_ANNEE_MOIS = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")


def annee_mois_jour(valeur: object) -> tuple[int, int | None, int | None] | None:
    """Une date à précision variable, telle que YAML la donne : 1990 (année), « 1998-10 » (mois) ou 1997-12-15
    (jour, déjà une date) → (année, mois, jour), None pour ce qui n'est pas connu ; None si ce n'est pas une date.
    Chaque modèle dit ensuite, dans son propre message, ce qu'il attend."""
    if isinstance(valeur, datetime.date):
        return valeur.year, valeur.month, valeur.day
    if isinstance(valeur, int) and not isinstance(valeur, bool):
        return valeur, None, None
    if isinstance(valeur, str) and (trouve := _ANNEE_MOIS.match(valeur.strip())):
        return int(trouve[1]), int(trouve[2]) if trouve[2] else None, None
    return None
