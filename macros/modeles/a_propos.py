"""Modèles des pages « À propos » : déclaration d'accessibilité, mentions légales, données personnelles."""
from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationInfo, field_validator

from .base import Identifiant, Modele, Texte

Lien = Annotated[str, StringConstraints(pattern=r"^https://\S+$")]
# Un test de la suite, écrit comme pytest le nomme : « tests/fichier.py::fonction ».
NomDeTest = Annotated[str, StringConstraints(pattern=r"^tests/[a-z0-9_]+\.py::test_[a-z0-9_]+$")]

ETATS = {
    "totalement_conforme": "totalement conforme",
    "partiellement_conforme": "partiellement conforme",
    "non_conforme": "non conforme",
}


class Outil(Modele):
    """Un outil de contrôle, avec la version que la suite de tests emploie."""

    id: Identifiant
    """Identifiant que les contrôles citent (« outil: »)."""
    nom: Texte
    version: Texte = Field(examples=["4.12.1"])
    """Version employée par les tests ; un test vérifie qu'elle est exacte."""
    role: Texte


class Controle(Modele):
    """Un contrôle automatique : ce qu'il vérifie, comment, par quels tests, avec quel résultat exigé."""

    id: Identifiant
    libelle: Texte
    """Ce qui est vérifié, en quelques mots (titre de la section sur la page)."""
    methode: Texte
    """Comment, en une ou deux phrases (commençant par une majuscule)."""
    outil: Identifiant
    """L'identifiant d'un outil de « outils »."""
    tests: list[NomDeTest] = Field(min_length=1, examples=[["tests/test_navigateur.py::test_aucun_cookie"]])
    """Les tests qui font ce contrôle ; un test vérifie qu'ils existent."""
    resultat: Texte
    """Le résultat que les tests exigent (et obtiennent, puisque la suite passe)."""


class Recours(Modele):
    """Le Défenseur des droits : formulaire, délégués, téléphone, courrier."""

    nom: Texte
    formulaire: Lien
    delegues: Lien
    telephone: Texte
    courrier: Texte


class Accessibilite(Modele):
    """data/accessibilite.yml : la déclaration d'accessibilité et les paramètres des tests qui la fondent. Son cadre
    (obligation, référentiel, recours) est commun au réseau : reseau/accessibilite.yml. Chaque fichier n'en écrit
    donc qu'une partie ; une structure qui publie sa déclaration (« date ») doit en remplir tous les champs."""

    date: datetime.date | None = None
    """Date à laquelle l'équipe a relu la déclaration (à mettre à jour à chaque relecture)."""
    obligation: Texte | None = None
    """Le texte de loi qui fonde la déclaration."""
    referentiel: Texte | None = Field(default=None, examples=["RGAA 4.1.2"])
    etat: Literal["totalement_conforme", "partiellement_conforme", "non_conforme"] | None = None
    """État de conformité au sens du RGAA (sans audit complet : non_conforme)."""
    largeurs: list[Annotated[int, Field(ge=320, le=3840)]] = Field(default=[], min_length=1, examples=[[1280, 375]])
    """Largeurs d'écran, en pixels, auxquelles les tests ouvrent chaque page."""
    couleurs: list[Literal["clair", "sombre"]] = Field(default=[], min_length=1, examples=[["clair", "sombre"]])
    """Modes de couleurs dans lesquels axe-core analyse chaque page (le premier sert aux captures)."""
    regles_axe: list[Texte] = Field(default=[], min_length=1, examples=[["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]])
    """Familles de règles d'axe-core appliquées."""
    outils: list[Outil] = Field(default=[], min_length=1)
    controles: list[Controle] = Field(default=[], min_length=1)
    technologies: list[Texte] = Field(default=[], min_length=1)
    recours: Recours | None = None

    @field_validator("controles")
    @classmethod
    def _outils_connus(cls, controles: list[Controle], info: ValidationInfo) -> list[Controle]:
        """Chaque contrôle désigne un outil décrit dans « outils »."""
        connus = [o.id for o in info.data.get("outils", [])]
        for controle in controles:
            if controle.outil not in connus:
                raise ValueError(
                    f"le contrôle « {controle.id} » désigne l'outil « {controle.outil} », absent de « outils » "
                    f"(outils décrits : {', '.join(connus)})"
                )
        return controles

    def controler(self, chiffres) -> list[tuple[tuple[str, ...], str]]:
        """Une déclaration publiée (« date ») est complète : ce qu'elle ne dit pas ne s'invente pas."""
        if self.date is None:
            return []
        vides = [nom for nom in type(self).model_fields if not getattr(self, nom)]
        return [(("date",), f"la déclaration d'accessibilité est datée mais incomplète : il manque "
                            f"{', '.join(f'« {n} »' for n in vides)}")] if vides else []

    @property
    def etat_lisible(self) -> str:
        """« non conforme », tel que la déclaration l'écrit."""
        return ETATS[self.etat] if self.etat else ""

    def outil(self, identifiant: str) -> Outil:
        """L'outil d'identifiant donné (un contrôle le désigne par son `outil`)."""
        return next(o for o in self.outils if o.id == identifiant)


class Hebergeur(Modele):
    """L'hébergeur du site et ce qu'il dit relever lors d'une visite."""

    nom: Texte
    adresse: Texte
    telephone: Texte | None = None
    """Numéro de téléphone de l'hébergeur (la loi le demande) ; à compléter tant qu'aucune source ne le donne."""
    site: Lien
    collecte: Lien
    confidentialite: Lien


class Autorite(Modele):
    """L'autorité à saisir pour une réclamation."""

    nom: Texte
    plainte: Lien


class Logiciel(Modele):
    """Un logiciel libre qui produit le site."""

    nom: Texte
    site: Lien


class DirecteurPublication(Modele):
    """La personne qui répond du contenu du site : sa fonction, et son nom, que la loi demande."""

    fonction: Texte = Field(examples=["président ou présidente de l'association"])
    nom: Texte | None = None
    """Prénom et nom ; à écrire avant de publier une édition adoptée (seule exception à la règle des fonctions)."""


class MentionsLegales(Modele):
    """data/mentions_legales.yml : éditeur, hébergeur, autorité de contrôle."""

    forme_juridique: Texte
    siege: Identifiant = Field(examples=["filature-des-possibles"])
    """Le lieu de data/implantations.yml qui est le siège de l'éditeur : son adresse et son téléphone en viennent."""
    directeur_publication: DirecteurPublication
    hebergeur: Hebergeur
    cnil: Autorite
    logiciels: list[Logiciel] = Field(min_length=1)


# Un sigle tel qu'il paraît dans les pages : capitales (accentuées permises) et chiffres, deux au moins.
Sigle = Annotated[str, StringConstraints(pattern=r"^[A-ZÀ-Ý][A-ZÀ-Ý0-9]+$")]


class Sigles(Modele):
    """data/sigles.yml : les sigles des pages et leur sens (info-bulle, page « Sigles », livret)."""

    sigles: dict[Sigle, Texte] = Field(min_length=1, examples=[{"PPAE": "Projet personnalisé d'accès à l'emploi"}])
    """Le sigle, en capitales, et ce qu'il veut dire."""
