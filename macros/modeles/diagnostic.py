"""Modèles du diagnostic : identité de la structure, territoire, public, équipe, lieux, gouvernance, moyens."""
from __future__ import annotations

import difflib
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from .base import Chiffre, Identifiant, Modele, RefSource, Reference, Repere, TableauDeChiffres, Texte


class Structure(Modele):
    """data/structure.yml : l'identité de la Mission Locale."""

    nom: Texte
    territoire: Texte
    public: Texte | None = None
    chiffres: dict[Identifiant, Chiffre] = {}


class Territoire(Modele):
    """data/territoire.yml : le contexte territorial."""

    chiffres: dict[Identifiant, Chiffre] = {}
    reperes: dict[Identifiant, Repere] = {}
    tableaux: dict[Identifiant, TableauDeChiffres] = {}
    """Facultatif : des tableaux de chiffres d'une seule source, placés avec {{ tableau("jeu.cle") }}."""


class Public(Modele):
    """data/public.yml : les chiffres du public (les tendances observées sont écrites dans docs/diagnostic.md)."""

    source: RefSource | None = None
    chiffres: dict[Identifiant, Chiffre] = {}
    tableaux: dict[Identifiant, TableauDeChiffres] = {}
    """Facultatif : des tableaux de chiffres d'une seule source, placés avec {{ tableau("jeu.cle") }}."""


class Equipe(Modele):
    """data/equipe.yml : les axes d'activité de l'équipe et ses chiffres (les métiers sont dans la page)."""

    source: RefSource | None = None
    axes: list[Texte] = []
    chiffres: dict[Identifiant, Chiffre] = {}
    tableaux: dict[Identifiant, TableauDeChiffres] = {}
    """Facultatif : des tableaux de chiffres d'une seule source, placés avec {{ tableau("jeu.cle") }}."""


Telephone = Annotated[str, StringConstraints(pattern=r"^(\+33 ?[1-9]|0[1-9])( ?[0-9]{2}){4}$")]
Courriel = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")]

# Le rôle d'un lieu, tel qu'on l'écrit dans data/implantations.yml → ce que lit le public (rien pour une présence).
# Un autre rôle (« antenne », « point relais »…) s'écrit en toutes lettres et s'affiche tel quel.
ROLES_LIEU = {"siege": "siège", "permanence": "permanence", "presence": ""}
RoleLieu = Texte


class Lieu(Modele):
    """Un lieu d'accueil que le projet associatif nomme (aucune adresse ni horaire inventés)."""

    id: Identifiant
    nom: Texte
    role: RoleLieu
    precision: Texte | None = None
    # Les coordonnées (page « Nous trouver ») : seulement ce qu'une source donne. Un champ absent s'affiche
    # « à compléter » dans la version de travail, et n'est pas montré dans une édition adoptée.
    adresse: Texte | None = Field(default=None, examples=["12 rue de la Gare, 03000 Ville"])
    """Adresse postale complète, sur une ligne."""
    telephone: Telephone | None = None
    """Numéro de téléphone, écrit « 02 31 00 00 00 »."""
    courriel: Courriel | None = None
    horaires: Texte | None = Field(default=None, examples=["du lundi au vendredi, de 9 h à 12 h 30 et de 13 h 30 à 17 h"])
    """Jours et heures d'ouverture, en une phrase."""
    accessibilite: Texte | None = Field(default=None, examples=["entrée de plain-pied, ascenseur"])
    """Ce qu'on sait de l'accès pour une personne en fauteuil roulant ou à mobilité réduite."""

    @property
    def role_lisible(self) -> str:
        """« siège », « permanence », le rôle tel qu'écrit, ou rien (une présence)."""
        return ROLES_LIEU.get(self.role, self.role)


class Implantations(Modele):
    """data/implantations.yml : les lieux d'accueil et leurs décomptes, chacun dans son contexte."""

    lieux: list[Lieu] = []
    chiffres: dict[Identifiant, Chiffre] = {}


class Mandat(Modele):
    """Une présidence ou une direction : la fonction et l'année, jamais le nom de la personne."""

    annee: int = Field(ge=1982, le=2100)
    fonction: Texte


class Gouvernance(Modele):
    """data/gouvernance.yml : le conseil d'administration, les présidences et directions successives."""

    source: RefSource | None = None
    presidences: list[Mandat] = []
    directions: list[Mandat] = []
    chiffres: dict[Identifiant, Chiffre] = {}


class Finances(Modele):
    """data/finances.yml : qui finance la Mission Locale (le projet associatif ne publie pas de montant)."""

    source: RefSource | None = None
    financeurs: list[Texte] = Field(default=[], description="Du premier contributeur au suivant.")
    autres_ressources: list[Texte] = []
    chiffres: dict[Identifiant, Chiffre] = {}
    tableaux: dict[Identifiant, TableauDeChiffres] = {}
    """Facultatif : des tableaux de chiffres d'une seule source, placés avec {{ tableau("jeu.cle") }}."""


class Chiffres(Modele):
    """data/chiffres.yml : les chiffres qui n'entrent dans aucun autre fichier (les réponses d'une enquête, les
    partenaires interrogés…), cités comme les autres : {{ chiffre("chiffres.reponses_enquete") }}."""

    chiffres: dict[Identifiant, Chiffre] = {}
    """Les chiffres, chacun sous sa clé."""
    reperes: dict[Identifiant, Repere] = {}
    """Les dates sourcées, chacune sous sa clé."""
    tableaux: dict[Identifiant, TableauDeChiffres] = {}
    """Les tableaux de chiffres d'une seule source, placés avec {{ tableau("chiffres.cle") }}."""


class Theme(Modele):
    """Un thème de l'offre, tel que la structure range ses services (« Mobilité », « Logement »…)."""

    id: Identifiant
    """L'ancre de la section du thème dans la page de l'offre (`## Mobilité { #mobilite }`)."""
    titre: Texte
    fonctions: list[Annotated[Identifiant, Reference("fonctions")]] = []
    """Facultatif : les fonctions du cadre commun de l'UNML (reseau/fonctions.yml) que le thème sert."""


# Les besoins avec lesquels un jeune ou un partenaire arrive (« Vous cherchez… ») : le vocabulaire commun à toutes
# les structures, dans l'ordre de la page ; chaque service de l'offre nomme ceux qu'il couvre. Clé → intitulé lu.
BESOINS = {
    "emploi": "un emploi",
    "formation": "une formation",
    "orientation": "une orientation, un projet professionnel",
    "logement": "un logement",
    "mobilite": "la mobilité, le permis de conduire",
    "sante": "la santé",
    "droits": "l'accès aux droits, les démarches, des ressources",
    "citoyennete": "la citoyenneté, l'engagement",
    "loisirs": "la culture, le sport, les loisirs",
    "recrutement": "recruter un jeune",
}


def _besoin_connu(valeur: str) -> str:
    """Un besoin du vocabulaire BESOINS ; sinon un message qui propose le plus proche et les donne tous."""
    if valeur in BESOINS:
        return valeur
    proches = difflib.get_close_matches(valeur, list(BESOINS), n=1)
    conseil = f" Vouliez-vous écrire « {proches[0]} » ?" if proches else ""
    raise PydanticCustomError(
        "besoin_inconnu", "besoin inconnu.{conseil} Besoins possibles : {permis}",
        {"conseil": conseil, "permis": ", ".join(BESOINS)})


Besoin = Annotated[str, AfterValidator(_besoin_connu)]


class Service(Modele):
    """Un service de l'offre : ce qu'il apporte, la fonction du cadre commun qu'il sert, les besoins qu'il couvre,
    et à qui s'adresser (rien n'est promis que les données n'ont pas : un lieu sans téléphone n'en montre pas)."""

    fonction: Annotated[Identifiant, Reference("fonctions")] = Field(examples=["accompagner-parcours-global"])
    """La fonction du cadre commun de l'UNML (reseau/fonctions.yml) sous laquelle la page range ce service."""
    texte: Texte = Field(examples=["Un appui pour trouver un logement, avec le service logement jeunes."])
    """Le service, en une phrase, dans les mots du site (jamais ceux du document d'origine)."""
    besoins: list[Besoin] = Field(default=[], examples=[["logement"]])
    """Les besoins qu'il couvre, parmi : emploi, formation, orientation, logement, mobilite, sante, droits,
    citoyennete, loisirs, recrutement (la page « Vous cherchez… » le range sous chacun)."""
    contact: Texte | None = Field(default=None, examples=["la référente entreprises"])
    """Qui contacter, quand la source le dit : une fonction ou un service, jamais le nom d'une personne."""
    lieux: list[Annotated[Identifiant, Reference("implantations")]] = Field(default=[], examples=[["siege"]])
    """Facultatif : les lieux de data/implantations.yml où ce service se trouve (sans : tous les lieux d'accueil)."""
    fiches: list[Annotated[Identifiant, Reference("fiches")]] = []
    """Facultatif : les fiches actions qui le développent (liens sous le service)."""


class Offre(Modele):
    """data/offre.yml : l'offre de services, service par service, et ce que le diagnostic en dit."""

    source: RefSource | None = None
    inscription_en_ligne: Texte | None = None
    themes: list[Theme] = []
    """Facultatif : les thèmes propres à la structure ; chacun peut nommer les fonctions du cadre commun."""
    services: list[Service] = []
    """Les services, chacun rangé sous une fonction du cadre commun et marqué des besoins qu'il couvre."""
    chiffres: dict[Identifiant, Chiffre] = {}
