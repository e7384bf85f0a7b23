"""Rendus : des fonctions pures qui transforment des données validées en HTML pour les pages."""
from __future__ import annotations

from html import escape

from . import format as fmt
from .modeles.base import QUALIFICATIFS, Chiffre, Repere, Source


def valeur_formatee(chiffre: Chiffre) -> str:
    """Le chiffre tel qu'on le lit : qualificatif, nombre à la française, unité (« près de 75 % »)."""
    if chiffre.unite == "pourcent":
        texte = fmt.pourcent(chiffre.valeur)
    elif chiffre.unite == "euros":
        texte = fmt.euros(chiffre.valeur)
    elif chiffre.echelle == "millions":
        texte = fmt.millions(chiffre.valeur)
    else:
        texte = fmt.nombre(chiffre.valeur)
    qualificatif = QUALIFICATIFS[chiffre.qualificatif]
    return f"{qualificatif}\u00a0{texte}" if qualificatif else texte


def reference_source(source: Source) -> str:
    """« Projet associatif…, Mission Locale…, 2024 » : le document, son auteur, son année."""
    return f"{source.document}, {source.auteur}, {source.annee}"


def mention_source(chiffre: Chiffre | Repere, source: Source) -> str:
    """« Source : Projet associatif…, Mission Locale…, 2024 (chiffre de 2023) »."""
    texte = f"Source : {reference_source(source)}"
    if getattr(chiffre, "annee", None) and chiffre.annee != source.annee:
        texte += f" (chiffre de {chiffre.annee})"
    return texte


def chiffre_html(chiffre: Chiffre, source: Source) -> str:
    """Le chiffre dans le texte, avec sa source en info-bulle."""
    return (
        f'<span class="chiffre" title="{escape(mention_source(chiffre, source))}">'
        f"{escape(valeur_formatee(chiffre))}</span>"
    )


_DATETIME = {"jour": "%Y-%m-%d", "mois": "%Y-%m", "annee": "%Y"}


def repere_html(repere: Repere, source: Source) -> str:
    """Une date dans le texte (« septembre 2023 »), lisible par les machines, sa source en info-bulle."""
    return (
        f'<time class="chiffre" datetime="{repere.date.strftime(_DATETIME[repere.precision])}" '
        f'title="{escape(mention_source(repere, source))}">'
        f"{escape(fmt.date_precise(repere.date, repere.precision))}</time>"
    )
