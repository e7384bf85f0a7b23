"""Graphiques : dessinés en SVG par matplotlib à la construction, à partir des chiffres de data/.

Le SVG est écrit dans la page (pas de fichier à part) : il suit le texte jusque dans le livret, ses libellés
restent du texte (net à toute taille, lisible par un lecteur d'écran), et aucune requête n'est faite.
"""
from __future__ import annotations

import difflib
import functools
import importlib.metadata
import io
import os
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2.environment import TemplateModule
from markupsafe import Markup

from . import caches, chemins, format as fmt, rendus
from .gabarits_jinja import environnement
from .modeles.base import Chiffre
from .modeles.graphiques import Graphique

if TYPE_CHECKING:
    from .donnees import Donnees

# Couleurs choisies pour le contraste sur fond blanc : texte ≥ 4,5:1, traits et surfaces ≥ 3:1 (WCAG 1.4.3,
# 1.4.11). En noir et blanc, les séries se distinguent par leur motif (barres) ou leur marqueur et leur trait.
ENCRE = "#1f1f1f"
TRAIT = "#4d4d4d"
FOND = "#ffffff"
COULEURS = ("#283593", "#ad1457", "#2e7d32", "#4e342e")
MOTIFS = ("", "///", "xx", "---")  # pas de points : le motif « .. » pèse 80 Ko par graphique
MARQUEURS = ("o", "s", "^", "D")
STYLES_DE_TRAIT = ("-", "--", ":", "-.")

# Largeur du dessin en pouces (72 points chacun) : étroite pour que, réduit à la largeur d'un téléphone,
# le texte reste lisible ; dans la page, le SVG ne dépasse pas cette taille naturelle.
LARGEUR = 5.4

NATURES = {
    "barres": "Diagramme en barres",
    "barres_horizontales": "Diagramme en barres horizontales",
    "courbe": "Courbe",
}

# Réglages de matplotlib le temps d'un dessin : texte gardé en texte, sortie identique d'une construction à
# l'autre (identifiants internes salés à l'identique, pas de date), police de mesure fournie avec matplotlib.
REGLAGES = {
    "svg.fonttype": "none",
    "svg.hashsalt": "projet-associatif",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 12,
    "text.color": ENCRE,
    "axes.labelcolor": ENCRE,
    "axes.edgecolor": TRAIT,
    "axes.facecolor": FOND,
    "figure.facecolor": FOND,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": TRAIT,
    "ytick.color": TRAIT,
    "xtick.labelcolor": ENCRE,
    "ytick.labelcolor": ENCRE,
    "hatch.linewidth": 1.5,
    "legend.frameon": False,
}
_METADONNEES = {"Date": None, "Creator": None, "Format": None, "Type": None}

# Dessins déjà faits, d'une construction à l'autre : <empreinte>.svg. Charger matplotlib et dessiner prenait
# un quart de chaque construction (bench/JOURNAL.md) ; comme le cache des images sociales de Material,
# le dossier est hors de git et peut être supprimé sans perte. La variable CACHE_GRAPHIQUES le place ailleurs
# (les tests partagent ainsi un cache entre leurs copies du projet : un nom de fichier est l'empreinte du dessin).
CACHE = Path(os.environ.get("CACHE_GRAPHIQUES") or chemins.CACHE / "graphiques")


@dataclass(frozen=True)
class Point:
    """Un point prêt à dessiner : son libellé sur l'axe et le chiffre de data/ qu'il montre."""

    etiquette: str
    cle: str
    chiffre: Chiffre


@dataclass(frozen=True)
class Serie:
    nom: str
    points: tuple[Point, ...]


def trouver(donnees: Donnees, identifiant: str) -> Graphique:
    """Le graphique d'identifiant donné, ou une erreur qui propose les identifiants proches."""
    tous = {g.id: g for g in donnees.jeux["graphiques"].graphiques}
    if identifiant in tous:
        return tous[identifiant]
    proches = difflib.get_close_matches(str(identifiant), tous, n=3, cutoff=0.6)
    conseil = ("Identifiants proches : " + ", ".join(proches) if proches
               else "Identifiants de data/graphiques.yml : " + (", ".join(sorted(tous)) or "aucun"))
    raise KeyError(f"graphique inconnu « {identifiant} ». {conseil}.")


def series(graphique: Graphique, donnees: Donnees) -> list[Serie]:
    """Les séries du graphique, chaque point relié à son chiffre (clés déjà vérifiées au chargement)."""
    chiffres = donnees.chiffres
    return [
        Serie(s.nom, tuple(Point(p.etiquette(chiffres), p.chiffre, chiffres[p.chiffre]) for p in s.points))
        for s in graphique.series
    ]


def figure_html(graphique: Graphique, donnees: Donnees) -> str:
    """Le graphique dans la page : légende, SVG accessible, puis le tableau de ses chiffres et leurs sources."""
    return figure_de_series(graphique, series(graphique, donnees), graphique.categories(donnees.chiffres), donnees)


def figure_de_series(graphique: Graphique, lesquelles: list[Serie], categories: list[str], donnees: Donnees,
                     tableau: bool = True) -> str:
    """Une figure dont les séries sont déjà prêtes (résultats d'un indicateur, activité) ; sans `tableau`, la
    page donne elle-même les chiffres, dans son propre tableau."""
    prefixe = f"graphique-{graphique.id}"
    svg = _accessible(dessiner(graphique, lesquelles, categories), prefixe, graphique.titre,
                      description(graphique, lesquelles))
    return str(_gabarit().figure(prefixe, graphique.titre, Markup(svg),
                                 Markup(_tableau(graphique, lesquelles, categories, donnees)) if tableau else ""))


def description(graphique: Graphique, lesquelles: list[Serie]) -> str:
    """L'alternative textuelle : la nature du graphique, ce qu'il montre, puis chaque valeur."""
    texte = graphique.description.rstrip()
    if not texte.endswith((".", "!", "?", "…")):
        texte += "."
    valeurs = " ".join(
        f"{s.nom} : " + " ; ".join(f"{p.etiquette} : {rendus.valeur_formatee(p.chiffre)}" for p in s.points) + "."
        for s in lesquelles
    )
    return f"{NATURES[graphique.type]}. {texte} {valeurs}"


def dessiner(graphique: Graphique, lesquelles: list[Serie], categories: list[str]) -> str:
    """Le SVG brut produit par matplotlib, repris du cache quand rien de ce qui le fait n'a changé."""
    empreinte = caches.empreinte((
        _version_du_dessin(), graphique.model_dump(),
        [(s.nom, [(p.etiquette, p.chiffre.model_dump()) for p in s.points]) for s in lesquelles], categories,
    ))
    return caches.garder(CACHE / f"{empreinte}.svg", lambda: _dessiner(graphique, lesquelles, categories))


@functools.cache
def _version_du_dessin() -> str:
    """Ce qui, hors des données, change un dessin : le code du paquet macros (réglages, mise en forme des
    nombres) et la version de matplotlib. Lu sans importer matplotlib, long à charger ; une fois par processus."""
    return f"{caches.empreinte_du_code()} matplotlib {importlib.metadata.version('matplotlib')}"


def _dessiner(graphique: Graphique, lesquelles: list[Serie], categories: list[str]) -> str:
    # Importé ici : une construction sans graphique ne paie pas le chargement de matplotlib.
    import matplotlib
    from matplotlib.figure import Figure

    horizontal = graphique.type == "barres_horizontales"
    with matplotlib.rc_context(REGLAGES):
        hauteur = 1.2 + 0.4 * sum(len(s.points) for s in lesquelles) + 0.3 * len(categories) if horizontal else 3.6
        figure = Figure(figsize=(LARGEUR, hauteur), layout="constrained")
        # Une marge autour du dessin : la police du lecteur peut être un peu plus large que celle de mesure.
        figure.get_layout_engine().set(w_pad=8 / 72, h_pad=6 / 72)
        axes = figure.add_subplot()
        positions, graduations, largeur = _positions(graphique, lesquelles, categories)
        for k, serie in enumerate(lesquelles):
            xs = [positions[(k, p.etiquette)] for p in serie.points]
            ys = [p.chiffre.valeur for p in serie.points]
            textes = [rendus.valeur_formatee(p.chiffre) for p in serie.points]
            if graphique.type == "courbe":
                axes.plot(xs, ys, color=COULEURS[k], marker=MARQUEURS[k], linestyle=STYLES_DE_TRAIT[k],
                          linewidth=2, markersize=7, label=serie.nom)
                for x, y, texte in zip(xs, ys, textes):
                    axes.annotate(texte, (x, y), textcoords="offset points", xytext=(0, 8), ha="center")
                continue
            style = dict(color=COULEURS[k]) if k == 0 else dict(
                facecolor=FOND, edgecolor=COULEURS[k], hatch=MOTIFS[k], linewidth=1.5)
            barres = (axes.barh if horizontal else axes.bar)(xs, ys, largeur, label=serie.nom, **style)
            axes.bar_label(barres, labels=textes, padding=3, color=ENCRE)
        _axes(axes, graphique, categories, graduations, _format_des_graduations(lesquelles[0].points[0].chiffre))
        if len(lesquelles) > 1:
            # Sur une ligne si elle tient dans la largeur du dessin, sinon une série par ligne.
            une_ligne = sum(len(s.nom) + 6 for s in lesquelles) <= 7 * LARGEUR
            figure.legend(loc="outside upper center", ncols=len(lesquelles) if une_ligne else 1)
        sortie = io.StringIO()
        figure.savefig(sortie, format="svg", metadata=_METADONNEES)
    return sortie.getvalue()


def _positions(graphique: Graphique, lesquelles: list[Serie],
               categories: list[str]) -> tuple[dict[tuple[int, str], float], list[float], float]:
    """Où poser chaque point (rang de série, libellé), où graduer l'axe des catégories, largeur des barres.

    Une courbe dont les libellés sont des années les place à l'échelle du temps (de 1993 à 2021, le pas n'est
    pas celui de 1990 à 1993). Des barres groupées se centrent sur leur libellé : une série sans chiffre à ce
    libellé ne laisse ni trou ni barre à zéro.
    """
    presentes = {c: [k for k, s in enumerate(lesquelles) if any(p.etiquette == c for p in s.points)]
                 for c in categories}
    if graphique.type == "courbe":
        annees = all(c.isdigit() and len(c) == 4 for c in categories)
        graduations = [float(c) if annees else float(i) for i, c in enumerate(categories)]
        return ({(k, c): graduations[i] for i, c in enumerate(categories) for k in presentes[c]},
                graduations, 0.0)
    largeur = 0.8 / max(len(ks) for ks in presentes.values())
    positions = {(k, c): i + (rang - (len(presentes[c]) - 1) / 2) * largeur
                 for i, c in enumerate(categories) for rang, k in enumerate(presentes[c])}
    return positions, [float(i) for i in range(len(categories))], largeur


def _axes(axes, graphique: Graphique, categories: list[str], graduations: list[float],
          graduation: Callable[[float], str]) -> None:
    """Libellés des catégories (coupés s'ils sont longs), axe des valeurs à la française, partant de zéro."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    horizontal = graphique.type == "barres_horizontales"
    libelles = [textwrap.fill(c, 24 if horizontal else 16) for c in categories]
    valeurs, categoriel = (axes.xaxis, axes.yaxis) if horizontal else (axes.yaxis, axes.xaxis)
    categoriel.set_ticks(graduations, libelles)
    valeurs.set_major_formatter(FuncFormatter(lambda v, _: graduation(v)))
    valeurs.set_major_locator(MaxNLocator(nbins=5, integer=graphique.type != "courbe"))
    (axes.set_xlabel if horizontal else axes.set_ylabel)(graphique.axe_valeurs)
    if graphique.axe_categories:
        (axes.set_ylabel if horizontal else axes.set_xlabel)(graphique.axe_categories)
    if horizontal:
        axes.invert_yaxis()
        axes.margins(x=0.3)
        axes.set_xlim(left=0)
    else:
        axes.margins(y=0.15, x=0.08 if graphique.type == "courbe" else None)
        axes.set_ylim(bottom=0)


def _format_des_graduations(chiffre: Chiffre) -> Callable[[float], str]:
    """Les graduations dans l'unité des chiffres du graphique (une seule par graphique, vérifié au chargement)."""
    if chiffre.unite == "pourcent":
        return fmt.pourcent
    if chiffre.unite == "euros":
        return fmt.euros
    return fmt.millions if chiffre.echelle == "millions" else fmt.nombre


def _accessible(svg: str, prefixe: str, titre: str, texte: str) -> str:
    """Le SVG de matplotlib prêt à vivre dans une page : image nommée et décrite, identifiants uniques.

    On retire l'en-tête XML, la feuille de style globale (« * {…} » s'appliquerait à toute la page) et les
    identifiants inutiles ; ceux qui servent (motifs, découpes) sont préfixés par l'identifiant du graphique.
    """
    svg = svg[re.search(r"<svg\b", svg).start():]
    svg = re.sub(r"<style[^>]*>.*?</style>|<metadata>.*?</metadata>", "", svg, flags=re.S)
    utiles = set(re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', svg))
    utiles = {a or b for a, b in utiles}
    svg = re.sub(r' id="([^"]+)"', lambda m: f' id="{prefixe}-{m[1]}"' if m[1] in utiles else "", svg)
    svg = re.sub(r'(url\(#|href="#)', rf"\1{prefixe}-", svg)
    # Une seule ligne : pour Markdown, un bloc HTML s'arrête à la première ligne vide.
    svg = re.sub(r">\s+<", "><", svg).replace("\n", " ").strip()
    # Les attributs et le contenu écrits par matplotlib ; le gabarit ajoute le nom et la description.
    attributs, contenu = re.fullmatch(r"<svg ([^>]*)>(.*)</svg>", svg, flags=re.S).groups()
    return str(_gabarit().svg(prefixe, titre, texte, Markup(attributs), Markup(contenu)))


def _tableau(graphique: Graphique, lesquelles: list[Serie], categories: list[str], donnees: Donnees) -> str:
    """Les chiffres exacts du graphique (une ligne par libellé, une colonne par série), puis leurs sources."""
    lignes = []
    for categorie in categories:
        cellules = []
        for serie in lesquelles:
            point = next((p for p in serie.points if p.etiquette == categorie), None)
            cellules.append(Markup(rendus.chiffre_html(point.chiffre, donnees.source(point.chiffre.source),
                                                       appel=False, releve=donnees.releve)) if point else None)
        lignes.append((categorie, cellules))
    sources = dict.fromkeys(p.chiffre.source for s in lesquelles for p in s.points)
    mentions = " ; ".join(rendus.reference_source(donnees.source(s)) for s in sources)
    return str(_gabarit().tableau(graphique.titre, graphique.axe_categories or "Libellé",
                                  [s.nom for s in lesquelles], lignes, len(sources), mentions))


def _gabarit() -> TemplateModule:
    """Les macros du gabarit macros/gabarits/graphique.html."""
    return environnement().get_template("graphique.html").module
