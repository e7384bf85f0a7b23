"""Rendus : des fonctions pures qui transforment des données validées en HTML pour les pages."""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from . import format as fmt
from .modeles.base import CHIFFRE_CITE, QUALIFICATIFS, Chiffre, Source

if TYPE_CHECKING:
    from .donnees import Donnees


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


def mention_source(chiffre: Chiffre, source: Source) -> str:
    """« Source : Projet associatif…, Mission Locale…, 2024 (chiffre de 2023) »."""
    texte = f"Source : {source.document}, {source.auteur}, {source.annee}"
    if chiffre.annee and chiffre.annee != source.annee:
        texte += f" (chiffre de {chiffre.annee})"
    return texte


def chiffre_html(chiffre: Chiffre, source: Source) -> str:
    """Le chiffre dans le texte, avec sa source en info-bulle."""
    return (
        f'<span class="chiffre" title="{escape(mention_source(chiffre, source))}">'
        f"{escape(valeur_formatee(chiffre))}</span>"
    )


def chiffre_de(donnees: Donnees, cle: str) -> str:
    """Le chiffre publié sous la clé « jeu.cle », formaté, sa source en info-bulle."""
    valeur = donnees.chiffre(cle)
    return chiffre_html(valeur, donnees.source(valeur.source))


def texte_avec_chiffres(texte: str, donnees: Donnees) -> str:
    """Un texte de data/ en HTML, chaque « {jeu.cle} » remplacé par le chiffre publié sous cette clé."""
    morceaux = CHIFFRE_CITE.split(texte)
    # split() avec un groupe alterne texte (rangs pairs) et clés (rangs impairs).
    return "".join(chiffre_de(donnees, m) if i % 2 else escape(m, quote=False) for i, m in enumerate(morceaux))
