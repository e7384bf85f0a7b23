"""Les fiches actions : leur ordre, leurs regroupements, leurs titres et l'adresse de leurs pages.

Fonctions publiques pour qui publie les fiches ailleurs : `fiches_ordonnees(donnees)` donne les fiches dans
l'ordre de lecture ; `identifiant_de_page` reconnaît la page d'une fiche ; `LiensAncres` fait pointer les
liens des rendus vers des ancres d'un seul document.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from mkdocs.utils import get_relative_url

from .modeles.fiches import ETATS, FORMATS, Axe, Fiche, Fonction

# Dossier (dans docs/ et dans le site) de la section « Fiches actions » : une page par fiche, <id>.md.
DOSSIER = "fiches-actions"
NON_RENSEIGNE = "non-renseigne"


def fiches_ordonnees(donnees) -> list[Fiche]:
    """Les fiches dans l'ordre de lecture : par axe (ordre de data/axes.yml), puis `ordre`, puis numéro."""
    rang = {axe.id: i for i, (axe, _) in enumerate(axes_a_plat(donnees))}
    return sorted(donnees.jeux["fiches"], key=lambda f: (
        rang.get(f.axe, len(rang)), f.ordre if f.ordre is not None else float("inf"),
        _cle_naturelle(f.numero or ""), f.titre.casefold(),
    ))


def fiche(donnees, identifiant: str) -> Fiche:
    """La fiche d'identifiant donné, ou une erreur qui propose les plus proches."""
    toutes = donnees.jeux.sans_suivi("fiches")
    par_id = {f.id: i for i, f in enumerate(toutes)}
    if identifiant in par_id:
        # Une page qui montre cette fiche date aussi de son fichier (« Mis à jour le »), pas des autres.
        if donnees.fichiers.get("fiches"):
            donnees.noter_fichier(donnees.fichiers["fiches"][par_id[identifiant]])
        return toutes[par_id[identifiant]]
    proches = difflib.get_close_matches(str(identifiant), par_id, n=3) or sorted(par_id)
    raise KeyError(f"fiche inconnue « {identifiant} ». Fiches existantes : {', '.join(proches)}.")


def _cle_naturelle(texte: str) -> list:
    """« 1-10 » après « 1-2 » : les nombres se comparent comme des nombres."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", texte) if p]


def axes_a_plat(donnees) -> list[tuple[Axe, int]]:
    """Chaque axe et objectif de data/axes.yml, en profondeur d'abord, avec sa profondeur (0 = axe)."""
    def parcourir(axes: list[Axe], profondeur: int) -> Iterator[tuple[Axe, int]]:
        for axe in axes:
            yield axe, profondeur
            yield from parcourir(axe.objectifs, profondeur + 1)
    return list(parcourir(donnees.jeux["axes"].axes, 0))


def chemin_axe(donnees, identifiant: str | None) -> list[Axe]:
    """L'axe d'une fiche précédé de ses parents (objectif général → objectif opérationnel)."""
    def chercher(axes: list[Axe], chemin: list[Axe]) -> list[Axe]:
        for axe in axes:
            if axe.id == identifiant:
                return chemin + [axe]
            trouve = chercher(axe.objectifs, chemin + [axe])
            if trouve:
                return trouve
        return []
    return chercher(donnees.jeux["axes"].axes, []) if identifiant else []


def fonctions(donnees) -> dict[str, Fonction]:
    """Les fonctions de l'offre de service, par identifiant, dans l'ordre de reseau/fonctions.yml."""
    return {f.id: f for f in donnees.jeux["fonctions"].fonctions}


def titre_axe(axe: Axe) -> str:
    """« Axe 1 : Être au plus proche des jeunes » ; le titre seul quand la nature n'est pas donnée."""
    nature = " ".join(p for p in (axe.nature, axe.numero) if p)
    return f"{nature} : {axe.titre}" if nature else axe.titre


def numeroter(donnees) -> None:
    """Au chargement : quand deux fiches portent le même numéro (chaque axe recommence à 1), chaque fiche
    s'affiche avec les numéros de ses axes devant le sien (« Fiche action 2.1 »), partout où les fiches sont
    listées (sommaire, index, matrice, livret) : jamais quatre « Fiche action 1 »."""
    toutes = donnees.jeux.sans_suivi("fiches")
    comptes = Counter(f.numero for f in toutes if f.numero)
    if "axes" not in donnees.jeux or not comptes or max(comptes.values()) == 1:
        return
    for fiche_ in toutes:
        numeros = [a.numero for a in chemin_axe(donnees, fiche_.axe) if a.numero]
        if fiche_.numero and numeros:
            fiche_._numero_affiche = ".".join([*numeros, fiche_.numero])


def titre_complet(fiche: Fiche) -> str:
    """« Feuille de route 1 : Aller vers » (nature, numéro, titre)."""
    nature = FORMATS[fiche.format] + (f" {fiche.numero_affiche}" if fiche.numero_affiche else "")
    return f"{nature} : {fiche.titre}"


def titre_abrege(fiche: Fiche) -> str:
    """« 1. Aller vers » : pour les tableaux, où la place manque."""
    titre = fiche.titre_court or fiche.titre
    return f"{fiche.numero_affiche}. {titre}" if fiche.numero_affiche else titre


def etat(fiche: Fiche) -> str:
    """L'identifiant de l'état d'avancement, « non-renseigne » si la fiche n'en donne pas."""
    return fiche.avancement.etat if fiche.avancement else NON_RENSEIGNE


def libelle_etat(identifiant: str) -> str:
    return ETATS.get(identifiant, "Non renseigné")


def calendrier_resume(fiche: Fiche) -> str | None:
    """La période couverte (« 2024–2028 ») ou le calendrier en texte libre ; None s'il n'y en a pas."""
    calendrier = fiche.calendrier
    if calendrier is None:
        return None
    if calendrier.periodes:
        debut = min(p.debut for p in calendrier.periodes)
        fin = max(p.fin or p.debut for p in calendrier.periodes)
        return periode(debut, fin)
    return calendrier.texte


def description(fiche: Fiche, longueur: int = 160) -> str:
    """Une phrase qui résume la fiche (moteurs de recherche, aperçus) : sa `description`, sinon le premier
    paragraphe de son texte, abrégé."""
    texte = fiche.description or next((p for p in re.split(r"\n\s*\n", fiche.corps)
                                       if p.strip() and not p.lstrip().startswith(("#", "|", "{", "<"))), "")
    texte = re.sub(r"\{\{.*?\}\}|\{:?[^}]*\}", "", texte)  # appels de macros, attributs { #ancre }
    texte = " ".join(re.sub(r"[*_`#>\[\]]", "", texte).split())
    if not texte:
        return f"{titre_complet(fiche)} : fiche action du projet associatif."
    return texte if len(texte) <= longueur else texte[:longueur].rsplit(" ", 1)[0] + "…"


def periode(debut: int, fin: int | None) -> str:
    return f"{debut}–{fin}" if fin and fin != debut else str(debut)


def identifiant_de_page(donnees, src_uri: str) -> str | None:
    """L'identifiant de la fiche dont `src_uri` (chemin dans docs/) est la page, ou None."""
    dossier, _, nom = src_uri.rpartition("/")
    identifiant = nom.removesuffix(".md")
    if dossier != DOSSIER or identifiant == nom:
        return None
    return identifiant if any(f.id == identifiant for f in donnees.jeux.sans_suivi("fiches")) else None


def url_page(nom: str, repertoires: bool = True) -> str:
    """L'URL dans le site d'une page de la section (`index`, `matrice`, `tableau-de-bord` ou id de fiche)."""
    if nom == "index":
        return f"{DOSSIER}/" if repertoires else f"{DOSSIER}/index.html"
    return f"{DOSSIER}/{nom}/" if repertoires else f"{DOSSIER}/{nom}.html"


def chemin_source(identifiant: str) -> str:
    """Le chemin dans docs/ de la page d'une fiche."""
    return f"{DOSSIER}/{identifiant}.md"


@dataclass(frozen=True)
class Liens:
    """Les liens des pages de fiches, relatifs à la page où ils paraissent (son URL dans le site)."""

    depuis: str = f"{DOSSIER}/"
    repertoires: bool = True

    def fiche(self, identifiant: str, ancre: str = "") -> str:
        return self.page(identifiant, ancre)

    def page(self, nom: str, ancre: str = "") -> str:
        cible = url_page(nom, self.repertoires)
        adresse = "" if cible == self.depuis and ancre else get_relative_url(cible, self.depuis)
        return adresse + (f"#{ancre}" if ancre else "")

    def ancre(self, fiche: str, nom: str) -> str:
        """L'identifiant HTML d'une rubrique de fiche : une page par fiche, pas de collision."""
        return nom


@dataclass(frozen=True)
class LiensAncres(Liens):
    """Toutes les fiches dans un seul document (livret) : liens et rubriques deviennent des ancres.

    Le titre d'une fiche est l'ancre « <id>-fiche », ses rubriques « <id>-<rubrique> » ; les
    regroupements de l'index (fonctions, états, axes) gardent leur nom d'ancre.
    """

    def fiche(self, identifiant: str, ancre: str = "") -> str:
        return "#" + self.ancre(identifiant, ancre or "fiche")

    def page(self, nom: str, ancre: str = "") -> str:
        return f"#{ancre or nom}"

    def ancre(self, fiche: str, nom: str) -> str:
        return f"{fiche}-{nom}"
