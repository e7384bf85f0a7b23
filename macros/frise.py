"""La frise de l'historique : les événements de data/historique.yml rangés par date, en HTML.

Le filtre « contexte national / Mission Locale » fonctionne sans JavaScript : deux ancres vides
(#frise-nationale, #frise-locale) précèdent la frise, et la feuille ecran.css masque, quand l'une d'elles est
la cible de l'adresse (:target), les événements de l'autre portée.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from html import escape
from itertools import groupby
from pathlib import Path

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from . import format as fmt
from .donnees import Donnees
from .modeles.projet import DateHistorique, Evenement
from .citations import avec_chiffres

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


def _evenement(evenement: Evenement, donnees: Donnees, lien_texte: Callable[[str], str | None]) -> str:
    date = ""
    if evenement.date.mois:
        date = (f'<time class="evenement__date" datetime="{evenement.date.iso}">'
                f"{escape(date_francaise(evenement.date))}</time> ")
    # Seuls les événements qui renvoient à un texte fondateur lisent les textes (reseau/objectifs.yml).
    textes = {t.id: t for t in donnees.jeux["objectifs"].textes} if evenement.textes else {}
    # Le texte n'a de lien que si la page des objectifs de la structure porte son ancre (le réseau nomme les
    # textes ; chaque structure choisit ceux qu'elle présente).
    renvois = "".join(
        '<p class="evenement__renvoi">Texte fondateur : '
        + (f'<a href="{escape(lien)}">{escape(textes[i].titre)}</a>' if (lien := lien_texte(i))
           else escape(textes[i].titre))
        + "</p>"
        for i in evenement.textes
    )
    return (
        f'<li class="evenement evenement--{evenement.portee}" data-date="{evenement.date.iso}">'
        f'<p class="evenement__portee">{PORTEES[evenement.portee]}</p>'
        f'<p class="evenement__texte">{date}{avec_chiffres(evenement.texte, donnees)}</p>'
        f"{renvois}</li>"
    )


def frise_html(donnees: Donnees, lien_texte: Callable[[str], str | None]) -> str:
    """La frise complète : filtres, puis une section par année, chaque événement marqué par sa portée."""
    filtres = "".join(
        f'<li><a href="#{ancre}">{intitule}<span class="frise-filtres__etat"> (affiché)</span></a></li>'
        for ancre, intitule in FILTRES.items()
    )
    # Une frise d'une seule portée (une structure sans événement à elle) n'a rien à filtrer.
    portees_presentes = {e.portee for e in donnees.jeux["historique"].evenements}
    annees = []
    for annee, groupe in groupby(donnees.jeux["historique"].chronologie, key=lambda e: e.date.annee):
        evenements = list(groupe)
        portees = " ".join(f"frise-annee--{p}" for p in PORTEES if any(e.portee == p for e in evenements))
        annees.append(
            f'<section class="frise-annee {portees}" aria-labelledby="annee-{annee}">'
            f'<h3 class="frise-annee__titre" id="annee-{annee}">{annee}</h3>'
            f'<ol class="frise-evenements">'
            + "".join(_evenement(e, donnees, lien_texte) for e in evenements)
            + "</ol></section>"
        )
    # Un seul bloc HTML, pour que Markdown le laisse tel quel ; les ancres doivent précéder la frise (~).
    return (
        '<div class="frise-conteneur">'
        '<div class="frise-filtre" id="frise-nationale"></div>'
        '<div class="frise-filtre" id="frise-locale"></div>'
        + (f'<nav class="frise-filtres" aria-label="Filtrer la frise"><p>Afficher :</p><ul>{filtres}</ul></nav>'
           if len(portees_presentes) > 1 else "")
        + f'<div class="frise" id="frise">{"".join(annees)}</div>'
        "</div>"
    )


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
