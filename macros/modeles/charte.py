"""Modèles de la charte éthique, de la Charte nationale de 1990 et de l'offre de services."""
from __future__ import annotations

import datetime
from typing import Annotated

from pydantic import Field

from .base import Identifiant, Modele, Reference, Texte

RefValeur = Annotated[Identifiant, Reference("valeurs")]
RefFonction = Annotated[Identifiant, Reference("fonctions")]


class Engagement(Modele):
    """Un engagement de la charte : titre, texte, valeurs dont il découle, exemples de pratique."""

    titre: Texte
    texte: Texte
    valeurs: list[RefValeur] = Field(min_length=1)
    exemples: list[Texte] = Field(min_length=1)


class Charte(Modele):
    """data/charte.yml : la charte éthique ; l'ancre #engagement-N suit l'ordre de la liste."""

    titre: Texte
    introduction: Texte
    engagements: list[Engagement] = Field(min_length=1)


class Principe(Modele):
    """Un principe de la Charte nationale et le résumé de ses articles (numérotés à la suite)."""

    titre: Texte
    articles: list[Texte] = Field(min_length=1)


class CharteNationale(Modele):
    """data/charte_nationale.yml : la Charte des Missions Locales de 1990, résumée."""

    titre: Texte
    devise: Texte
    date_adoption: datetime.date
    adoptee_par: Texte
    contexte: Texte
    principes: list[Principe] = Field(min_length=1)


class OffreFonction(Modele):
    """Ce que la Mission Locale propose pour une fonction du cadre commun, et pour qui."""

    fonction: RefFonction
    propositions: list[Texte] = Field(min_length=1)
    pour_qui: Texte


class PrincipeTransverse(Modele):
    titre: Texte
    texte: Texte


class OffreEmployeurs(Modele):
    """La partie de l'offre qu'un partenaire peut transmettre seule à un employeur."""

    introduction: Texte
    services: list[Texte] = Field(min_length=1)
    contact: Texte


class OffreServices(Modele):
    """data/offre_services.yml : l'offre de services, rangée par fonction du cadre commun."""

    introduction: Texte
    orienter_un_jeune: Texte
    fonctions: list[OffreFonction] = Field(min_length=1)
    principes_transverses: list[PrincipeTransverse] = Field(min_length=1)
    employeurs: OffreEmployeurs
