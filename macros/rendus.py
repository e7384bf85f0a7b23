"""Rendus : des fonctions pures qui transforment des données validées en HTML pour les pages."""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from . import format as fmt, sources_page
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
    """Le chiffre dans le texte : sa source en info-bulle et, dans une page, un appel vers la liste « Sources »."""
    html = (
        f'<span class="chiffre" title="{escape(mention_source(chiffre, source))}">'
        f"{escape(valeur_formatee(chiffre))}</span>"
    )
    appel = sources_page.citer(chiffre, source)
    return (html + appel_source_html(*appel)) if appel else html


def appel_source_html(numero: int, ancre: str) -> str:
    """L'appel en exposant : un lien qui marche au toucher, à l'impression et avec un lecteur d'écran."""
    return (f'<sup class="appel-source"><a href="#{escape(ancre)}" aria-label="source {numero}">'
            f"{numero}</a></sup>")


def entree_source_html(source: Source, annee: int, chiffres: list[Chiffre]) -> str:
    """« Document, auteur, 2024. Chiffres de 2023 : libellé : valeur ; … » (une ligne de la liste « Sources »)."""
    cites = "\u00a0; ".join(
        f"{escape(c.libelle)}\u00a0: {escape(valeur_formatee(c))}" + (f" ({escape(c.note)})" if c.note else "")
        for c in chiffres
    )
    pluriel = "s" if len(chiffres) > 1 else ""
    datation = f"Chiffre{pluriel} de {annee}" if any(c.annee for c in chiffres) else f"Chiffre{pluriel} cité{pluriel}"
    return (f"<cite>{escape(source.document)}</cite>, {escape(source.auteur)}, {source.annee}. "
            f"{datation}\u00a0: {cites}.")


def section_sources(releve: sources_page.Releve | None) -> str:
    """La section « Sources » à ajouter à la fin du Markdown d'une page (rien si elle ne cite aucun chiffre)."""
    if releve is None or not releve.entrees:
        return ""
    lignes = "\n".join(
        f'<li id="{releve.ancre(e)}">{entree_source_html(e.source, e.annee, e.chiffres)}</li>'
        for e in releve.entrees.values()
    )
    return f'\n\n## Sources {{ .titre-sources }}\n\n<ol class="sources-page">\n{lignes}\n</ol>\n'


def chiffre_de(donnees: Donnees, cle: str) -> str:
    """Le chiffre publié sous la clé « jeu.cle », formaté, sa source en info-bulle."""
    valeur = donnees.chiffre(cle)
    return chiffre_html(valeur, donnees.source(valeur.source))


def texte_avec_chiffres(texte: str, donnees: Donnees) -> str:
    """Un texte de data/ en HTML, chaque « {jeu.cle} » remplacé par le chiffre publié sous cette clé."""
    morceaux = CHIFFRE_CITE.split(texte)
    # split() avec un groupe alterne texte (rangs pairs) et clés (rangs impairs).
    return "".join(chiffre_de(donnees, m) if i % 2 else escape(m, quote=False) for i, m in enumerate(morceaux))
