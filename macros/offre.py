"""L'offre de services (data/offre.yml), service par service : rangée par fonction du cadre commun, et par besoin
(« Vous cherchez… logement, mobilité, santé… ») pour les jeunes et les partenaires qui arrivent avec une question.

Des fonctions pures : données validées → HTML écrit par le gabarit macros/gabarits/offre.html (l'environnement
Jinja de macros/gabarits_jinja.py, à échappement automatique). Rien n'est promis que les données n'ont pas : un lieu
sans téléphone n'en montre pas.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .donnees import Donnees
from .modeles.diagnostic import BESOINS, Lieu, Service
from .gabarits_jinja import rendre_macro


def _rendre(macro: str, *arguments) -> str:
    """Une macro du gabarit de l'offre, en un bloc HTML sans ligne vide."""
    return rendre_macro("offre.html", macro, *arguments)


@dataclass(frozen=True)
class Liens:
    """Où mènent les liens d'un service, depuis la page qui l'affiche : un lieu de « Nous trouver », une fiche."""

    lieu: Callable[[str], str | None]
    fiche: Callable[[str], str]


def _lieu(lieu: Lieu, liens: Liens) -> dict:
    """Un lieu tel que le gabarit l'écrit : nom, rôle, et seulement les coordonnées que les données ont."""
    return {"nom": lieu.nom, "role": lieu.role_lisible, "adresse": lieu.adresse, "telephone": lieu.telephone,
            "lien": liens.lieu(lieu.id)}


def _lieux(donnees: Donnees) -> dict[str, Lieu]:
    implantations = donnees.jeux.get("implantations")
    return {l.id: l for l in implantations.lieux} if implantations is not None else {}


def _vue(service: Service, donnees: Donnees, liens: Liens) -> dict:
    """Ce que le gabarit lit d'un service : textes, fonction, lieux (coordonnées connues seulement), fiches."""
    fonctions = {f.id: f for f in donnees.jeux["fonctions"].fonctions}
    lieux = _lieux(donnees) if service.lieux else {}
    fiches = {f.id: f for f in donnees.jeux["fiches"]} if service.fiches else {}
    return {
        "texte": service.texte,
        "contact": service.contact,
        "fonction": fonctions[service.fonction],
        "lieux": [_lieu(lieux[i], liens) for i in service.lieux],
        "fiches": [{"titre": fiches[i].titre, "lien": liens.fiche(i)} for i in service.fiches],
    }


def _ou_s_adresser(services: list[Service], donnees: Donnees, liens: Liens) -> tuple[list[dict], bool]:
    """Les lieux que nomment ces services ; s'ils n'en nomment aucun, le siège, et vrai : « ou l'un de nos autres
    lieux d'accueil »."""
    lieux = _lieux(donnees)
    nommes = list(dict.fromkeys(i for s in services for i in s.lieux))
    if nommes:
        return [_lieu(lieux[i], liens) for i in nommes], False
    return [_lieu(l, liens) for l in lieux.values() if l.role == "siege"], True


def _services(donnees: Donnees) -> list[Service]:
    offre = donnees.jeux.get("offre")
    return list(offre.services) if offre is not None else []


def services_html(donnees: Donnees, fonction: str, liens: Liens) -> str:
    """La liste des services que data/offre.yml range sous cette fonction du cadre commun (rien s'il n'y en a pas)."""
    connues = [f.id for f in donnees.jeux["fonctions"].fonctions]
    if fonction not in connues:
        raise KeyError(f"fonction inconnue « {fonction} ». Fonctions de "
                       f"{' ou '.join(donnees.fichiers_du_jeu('fonctions'))} : {', '.join(connues)}.")
    choisis = [s for s in _services(donnees) if s.fonction == fonction]
    return _rendre("services", [_vue(s, donnees, liens) for s in choisis]) if choisis else ""


def vous_cherchez_html(donnees: Donnees, liens: Liens, niveau: int = 3, lieux_d_accueil: str | None = None,
                       vers_fonctions: bool = True) -> str:
    """L'entrée par besoin : pour chaque besoin que couvre au moins un service (ordre de BESOINS), ces services,
    la fonction qui les range (lien vers sa section de la page, si `vers_fonctions`) et à qui s'adresser."""
    if not 2 <= niveau <= 5:
        raise ValueError(f"niveau de titre « {niveau} » : écrivez 2, 3, 4 ou 5.")
    services = _services(donnees)
    if not services:
        raise KeyError("aucun service dans data/offre.yml (champ « services ») : la page « Vous cherchez… » "
                       "se construit à partir d'eux.")
    besoins = []
    for cle, intitule in BESOINS.items():
        couvrant = [s for s in services if cle in s.besoins]
        if couvrant:
            lieux, autres = _ou_s_adresser(couvrant, donnees, liens)
            besoins.append({"id": cle, "intitule": intitule, "services": [_vue(s, donnees, liens) for s in couvrant],
                            "lieux": lieux, "autres_lieux": autres})
    return _rendre("vous_cherchez", besoins, niveau, lieux_d_accueil, vers_fonctions)
