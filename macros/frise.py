"""La frise de l'historique : les événements de data/historique.yml rangés par date, en HTML.

Le filtre « contexte national / Mission Locale » fonctionne sans JavaScript : deux ancres vides
(#frise-nationale, #frise-locale) précèdent la frise, et la feuille ecran.css masque, quand l'une d'elles est
la cible de l'adresse (:target), les événements de l'autre portée.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from itertools import groupby
from pathlib import Path

from markupsafe import Markup
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from . import format as fmt
from .donnees import Donnees
from .modeles.projet import DateHistorique, Evenement
from .citations import avec_chiffres
from .gabarits_jinja import rendre

PORTEES = {"nationale": "Contexte national", "locale": "Mission Locale"}
# Les filtres proposés : ancre visée → intitulé du lien. « frise » (la frise elle-même) n'en masque aucun.
FILTRES = {"frise": "tous les événements", "frise-nationale": "le contexte national",
           "frise-locale": "la Mission Locale"}


def date_francaise(date: DateHistorique) -> str:
    """« 1990 », « octobre 1998 » ou « 15 décembre 1997 », selon la précision connue."""
    if date.jour_complet:
        return fmt.date_longue(date.jour_complet)
    if date.mois:
        return fmt.date_precise(datetime.date(date.annee, date.mois, 1), "mois")
    return str(date.annee)


def _evenement(evenement: Evenement, donnees: Donnees, lien_texte: Callable[[str], str | None]) -> dict:
    """Un événement tel que le gabarit l'écrit ; son texte, déjà échappé, porte les chiffres qu'il cite."""
    # Seuls les événements qui renvoient à un texte fondateur lisent les textes (reseau/objectifs.yml).
    textes = {t.id: t for t in donnees.jeux["objectifs"].textes} if evenement.textes else {}
    return {
        "portee": evenement.portee, "portee_lisible": PORTEES[evenement.portee], "iso": evenement.date.iso,
        "date": date_francaise(evenement.date) if evenement.date.mois else None,
        "texte": Markup(avec_chiffres(evenement.texte, donnees)),
        # Le texte n'a de lien que si la page des objectifs de la structure porte son ancre (le réseau nomme
        # les textes ; chaque structure choisit ceux qu'elle présente).
        "renvois": [{"titre": textes[i].titre, "lien": lien_texte(i)} for i in evenement.textes],
    }


def frise_html(donnees: Donnees, lien_texte: Callable[[str], str | None]) -> str:
    """La frise complète : filtres, puis une section par année, chaque événement marqué par sa portée."""
    # Une frise d'une seule portée (une structure sans événement à elle) n'a rien à filtrer.
    portees_presentes = {e.portee for e in donnees.jeux["historique"].evenements}
    annees = []
    for annee, groupe in groupby(donnees.jeux["historique"].chronologie, key=lambda e: e.date.annee):
        evenements = list(groupe)
        annees.append({
            "annee": annee,
            "portees": [f"frise-annee--{p}" for p in PORTEES if any(e.portee == p for e in evenements)],
            "evenements": [_evenement(e, donnees, lien_texte) for e in evenements],
        })
    return rendre("frise.html", filtres=FILTRES if len(portees_presentes) > 1 else {}, annees=annees)


def macro(env, donnees: Donnees) -> Callable[[], str]:
    """La macro {{ frise() }} ; les renvois aux textes fondateurs mènent à la page des objectifs, si elle existe
    et porte l'ancre du texte (`{ #charte-1990 }`)."""

    def frise() -> str:
        objectifs = File("objectifs.md", None, "", env.conf["use_directory_urls"]).url
        vers_objectifs = get_relative_url(objectifs, env.page.url)
        page = Path(env.conf["docs_dir"]) / "objectifs.md"
        texte = page.read_text(encoding="utf-8") if page.is_file() else ""
        return frise_html(donnees, lambda ancre: f"{vers_objectifs}#{ancre}"
                          if re.search(r"\{[^}]*#" + re.escape(ancre) + r"[\s}]", texte) else None)

    return frise
