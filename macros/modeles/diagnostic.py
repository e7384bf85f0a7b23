"""Modèles du diagnostic : identité de la structure, territoire, public, équipe, lieux, gouvernance, moyens."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

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


class Offre(Modele):
    """data/offre.yml : ce que le diagnostic dit de l'offre de services (son schéma d'origine est perdu)."""

    source: RefSource | None = None
    inscription_en_ligne: Texte | None = None
    themes: list[Theme] = []
    """Facultatif : les thèmes propres à la structure ; chacun peut nommer les fonctions du cadre commun."""
    chiffres: dict[Identifiant, Chiffre] = {}
