"""Les passages des pages qui ont changé entre deux éditions, écrits pour un lecteur.

Chaque page est lue comme un lecteur la voit : sans son en-tête, rendue avec les macros des pages et les
données de son édition (un chiffre, une année, un bloc de données s'y lisent), le Markdown changé en texte.
Les passages (paragraphes, points de liste, lignes de tableau) sont comparés un à un ; un passage modifié
montre les mots retirés et ajoutés.
"""
from __future__ import annotations

import difflib
import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from jinja2 import ChainableUndefined
from jinja2.sandbox import SandboxedEnvironment

from . import blocs, entetes
from .erreurs import ErreurDonnees
from .gabarits_jinja import environnement
from .modeles.fiches import FORMATS
from .surete import texte_markdown

# Un convertisseur neuf à chaque texte (markdown.markdown), comme dans macros/rendus_fiches.py.
_EXTENSIONS = ("attr_list", "tables", "def_list", "md_in_html")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


@dataclass
class Passage:
    """Un paragraphe changé : son texte d'avant et d'après (vide s'il est ajouté ou retiré), et sa section."""

    section: str
    avant: str
    apres: str


@dataclass
class PageModifiee:
    chemin: str  # depuis docs/ : « valeurs.md »
    titre: str
    etat: str  # « modifiee », « ajoutee » ou « retiree »
    passages: list[Passage] = field(default_factory=list)


def lire_pages(docs: Path) -> dict[str, str]:
    """Chaque page Markdown de `docs` : chemin depuis docs/ → texte."""
    if not docs.is_dir():
        return {}
    return {f.relative_to(docs).as_posix(): f.read_text(encoding="utf-8", errors="replace")
            for f in sorted(docs.rglob("*.md"))}


def comparer_pages(avant: dict[str, str], apres: dict[str, str], donnees_avant, donnees_apres) -> list[PageModifiee]:
    """Les pages ajoutées, retirées ou dont un paragraphe a changé, dans l'ordre des chemins."""
    resultat = []
    lire_avant, lire_apres = _lecture(donnees_avant), _lecture(donnees_apres)
    for chemin in sorted(avant.keys() | apres.keys()):
        if chemin not in avant:
            resultat.append(PageModifiee(chemin, titre(apres[chemin], chemin), "ajoutee"))
        elif chemin not in apres:
            resultat.append(PageModifiee(chemin, titre(avant[chemin], chemin), "retiree"))
        else:
            rendus = lire_avant(_decouper(avant[chemin])[1]), lire_apres(_decouper(apres[chemin])[1])
            if rendus[0] == rendus[1]:
                continue  # même texte rendu : rien à comparer (la plupart des pages)
            passages = _passages(_blocs(rendus[0]), _blocs(rendus[1]))
            if passages:
                resultat.append(PageModifiee(chemin, titre(apres[chemin], chemin), "modifiee", passages))
    return resultat


def _decouper(texte: str) -> tuple[str, str]:
    """(en-tête, corps) par le découpage des pages (macros/entetes.py) ; un en-tête non refermé reste du texte."""
    try:
        return entetes.decouper(texte, "") or ("", texte)
    except ErreurDonnees:
        return "", texte


def titre(texte: str, chemin: str) -> str:
    """Le titre de la page : `title` de son en-tête, le titre d'une fiche, son premier « # », ou son nom.

    L'en-tête est lu comme celui de toute page (YAML 1.2, ni alias ni NaN) ; illisible, il ne donne pas de titre."""
    entete, corps = _decouper(texte)
    try:
        champs = entetes.lire_yaml_d_entete(entete, chemin)[0] if entete.strip() else None
    except ErreurDonnees:
        champs = None
    if isinstance(champs, dict):
        if isinstance(champs.get("title"), str):
            return champs["title"]
        if isinstance(champs.get("titre"), str) and champs.get("format") in FORMATS:
            numero = f" {champs['numero']}" if champs.get("numero") else ""
            return f"{FORMATS[champs['format']]}{numero} : {champs['titre']}"
    premier = re.search(r"^# (.+)$", corps, re.M)
    if premier:
        return _texte(premier.group(1))
    return posixpath.splitext(chemin)[0]


# Les éléments dont le texte est un passage : un point de liste ou une ligne de tableau se compare seul, et
# une grille de chiffres reste une suite de points lisibles au lieu d'une seule ligne.
_TITRES = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCS = _TITRES | {"p", "li", "dt", "dd", "tr", "caption", "figcaption", "blockquote", "pre"}


def _blocs(rendu: str) -> list[tuple[str, str]]:
    """Les passages d'une page rendue par `_rendre` (Markdown), chacun avec le titre de sa section."""
    from bs4 import BeautifulSoup

    trouves: list[tuple[str, list[str]]] = []
    _parcourir(BeautifulSoup(markdown.markdown(_JINJA.sub("", rendu), extensions=_EXTENSIONS), "html.parser"), None, trouves)
    blocs, section = [], ""
    for nom, morceaux in trouves:
        # Espaces ordinaires seulement : les espaces insécables d'un nombre (« 73 500 ») restent.
        lisible = re.sub(r"[ \t\r\n]+", " ", "".join(morceaux)).strip()
        if not lisible:
            continue
        if nom in _TITRES:
            section = lisible
        blocs.append((section, lisible))
    return blocs


def _parcourir(noeud, courant: list[str] | None, trouves: list[tuple[str, list[str]]]) -> None:
    """Range chaque texte dans le bloc qui le contient au plus près ; les blocs dans l'ordre du document."""
    from bs4 import Comment, NavigableString, Tag

    for enfant in noeud.children:
        if isinstance(enfant, Tag):
            if enfant.name in _BLOCS:
                trouves.append((enfant.name, []))
                _parcourir(enfant, trouves[-1][1], trouves)
            else:
                _parcourir(enfant, courant, trouves)
        elif isinstance(enfant, NavigableString) and not isinstance(enfant, Comment) and courant is not None:
            courant.append(str(enfant))


class _Vide(ChainableUndefined):
    """Un nom que la comparaison ne connaît pas (graphique, lien vers une fiche…) : rien, sans erreur."""

    def __call__(self, *args, **kwargs):
        return self


def _sans_erreur(fonction):
    """La macro, qui rend « … » au lieu d'échouer (une clé que les données de cette édition n'ont pas)."""
    def appel(*args, **kwargs):
        try:
            return fonction(*args, **kwargs)
        except Exception:  # noqa: BLE001 — une valeur introuvable ne doit pas empêcher la comparaison
            return "…"
    return appel


def _lecture(donnees) -> Callable[[str], str]:
    """Ce qui rend le texte d'une page comme sur le site, avec les données d'une édition : les mêmes macros et
    filtres que les pages (`blocs.macros_des_donnees`) ; une page illisible reste telle quelle."""
    if not donnees:
        return lambda corps: corps
    macros, filtres = blocs.macros_des_donnees(donnees)
    # Bac à sable : le texte d'une page est celui d'un éditeur, jamais du code qui s'exécute.
    environnement = SandboxedEnvironment(undefined=_Vide, autoescape=False)
    environnement.filters.update({nom: _sans_erreur(f) for nom, f in filtres.items()})
    variables = {**dict(dict.items(donnees.jeux)), **{nom: _sans_erreur(m) for nom, m in macros.items()}}

    def rendre(corps: str) -> str:
        try:
            return environnement.from_string(corps).render(variables)
        except Exception:  # noqa: BLE001 — une page illisible se compare telle quelle, ses balises retirées
            return corps
    return rendre


def _texte(markdown_: str) -> str:
    """Un bloc Markdown en texte seul, espaces réduites."""
    rendu = markdown.markdown(markdown_, extensions=_EXTENSIONS)
    # Espaces ordinaires seulement : les espaces insécables d'un nombre (« 73 500 ») restent.
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", rendu))).strip()


def _passages(avant: list[tuple[str, str]], apres: list[tuple[str, str]]) -> list[Passage]:
    textes_avant, textes_apres = [t for _, t in avant], [t for _, t in apres]
    passages = []
    for operation, a1, a2, b1, b2 in difflib.SequenceMatcher(None, textes_avant, textes_apres,
                                                            autojunk=False).get_opcodes():
        if operation == "equal":
            continue
        anciens, nouveaux = avant[a1:a2], apres[b1:b2]
        for i in range(max(len(anciens), len(nouveaux))):
            section = (nouveaux[i] if i < len(nouveaux) else anciens[i])[0]
            passages.append(Passage(section, anciens[i][1] if i < len(anciens) else "",
                                    nouveaux[i][1] if i < len(nouveaux) else ""))
    return passages


def passage_html(passage: Passage) -> str:
    """Le passage, mots retirés barrés (<del>) et mots ajoutés soulignés (<ins>), sur une seule ligne HTML."""
    gabarit = environnement().get_template("difference.html").module
    if not passage.avant:
        return str(gabarit.passage("Ajouté", [("ins", passage.apres)]))
    if not passage.apres:
        return str(gabarit.passage("Retiré", [("del", passage.avant)]))
    mots_avant, mots_apres = passage.avant.split(" "), passage.apres.split(" ")
    morceaux = []
    for operation, a1, a2, b1, b2 in difflib.SequenceMatcher(None, mots_avant, mots_apres,
                                                            autojunk=False).get_opcodes():
        if operation == "equal":
            morceaux.append((None, " ".join(mots_avant[a1:a2])))
            continue
        if a2 > a1:
            morceaux.append(("del", " ".join(mots_avant[a1:a2])))
        if b2 > b1:
            morceaux.append(("ins", " ".join(mots_apres[b1:b2])))
    return str(gabarit.passage("Modifié", morceaux))


def en_markdown(pages: list[PageModifiee], depuis: str = "") -> str:
    """La section « Pages » : une sous-section par page (lien vers elle), ses passages changés.

    `depuis` : le dossier (dans docs/) de la page qui affiche la liste, pour des liens relatifs justes."""
    if not pages:
        return ""
    lignes = ["## Texte des pages", ""]
    for page in pages:
        nom = texte_markdown(page.titre)
        if page.etat == "retiree":
            lignes += [f"### {nom}", "", "Page retirée.", ""]
            continue
        lien = posixpath.relpath(page.chemin, depuis or ".")
        lignes += [f"### [{nom}]({lien})", ""]
        if page.etat == "ajoutee":
            lignes += ["Nouvelle page.", ""]
            continue
        section = None
        for passage in page.passages:
            if passage.section and passage.section != section:
                section = passage.section
                lignes += [str(environnement().get_template("difference.html").module.section(section)), ""]
            lignes += [passage_html(passage), ""]
    return "\n".join(lignes)

