"""instance.yml : ce qu'une structure règle d'elle-même (nom, adresses, navigation, PDF, couleurs).

Liste fermée : toute autre clé est refusée, en particulier celles qui feraient lire un autre fichier
(`INHERIT`), exécuter un gabarit hors du bac à sable (`extra_templates`, `theme`, `hooks`, `plugins`) ou charger
un service tiers (`extra.analytics`). Chaque valeur est vérifiée ici, puis échappée là où le thème l'écrit
(macros/instance.py). La navigation (titres, pages) est vérifiée à part, ligne par ligne (macros/instance.py).
"""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from .base import Modele

# Une adresse https ordinaire : ni guillemet, ni chevron, ni espace (elle est écrite dans un attribut HTML).
_URL = re.compile(r"^https://[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
                  r"(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~!$&()*+,;=:@%/-]*)?$")
# Un chemin dans le site ou dans docs/ : des noms simples séparés par « / », sans « .. » ni « / » au début.
_NOM = r"[A-Za-z0-9_][A-Za-z0-9._-]*"
_CHEMIN = re.compile(rf"^(?:{_NOM}/)*{_NOM}$")


def url_https(valeur: str) -> str:
    """Une adresse https:// sans caractère qui sortirait d'un attribut HTML."""
    if not _URL.match(valeur):
        raise PydanticCustomError("url", "une adresse complète en « https:// » est attendue (sans espace, "
                                  "guillemet ni chevron ; ni « http: », ni « javascript: »)")
    return valeur


def _une_ligne(valeur: str) -> str:
    if "\n" in valeur or "\r" in valeur:
        raise PydanticCustomError("ligne", "un texte sur une seule ligne est attendu")
    return valeur


def chemin_relatif(valeur: str, fin: str = "") -> str:
    """Un chemin relatif sans détour : ni « .. », ni « / » au début, ni « \\ »."""
    if not _CHEMIN.match(valeur) or ".." in valeur.split("/") or not valeur.endswith(fin):
        raise PydanticCustomError("chemin", "un chemin relatif est attendu (noms séparés par « / », sans « .. » ni "
                                  "« / » au début{fin})", {"fin": f", finissant par « {fin} »" if fin else ""})
    return valeur


def _fichier_pdf(valeur: str) -> str:
    """Un PDF s'écrit dans livret/ du site construit, jamais ailleurs."""
    chemin_relatif(valeur, ".pdf")
    if not valeur.startswith("livret/"):
        raise PydanticCustomError("livret", "un PDF s'écrit dans le dossier livret/ du site, par exemple "
                                  "livret/projet-associatif.pdf")
    return valeur


def _edit_uri(valeur: str) -> str:
    chemin_relatif(valeur.rstrip("/"))
    return valeur


# Un sélecteur simple (« .charte-nationale », « div.note, #annexe ») : des noms ASCII, des classes et des
# identifiants, en liste ou en descendance. soupsieve les comprend tous ; il ne se charge (un dixième de seconde
# par construction, ses expressions régulières compilées) que pour un sélecteur plus riche.
_IDENTIFIANT_CSS = r"-?[_a-zA-Z][_a-zA-Z0-9-]*"
_SELECTEUR_SIMPLE = re.compile(rf"^\s*(?:{_IDENTIFIANT_CSS})?(?:[.#]{_IDENTIFIANT_CSS})*"
                               rf"(?:(?:\s*,\s*|\s+)(?:{_IDENTIFIANT_CSS})?(?:[.#]{_IDENTIFIANT_CSS})*)*\s*$")


def selecteur_simple(valeur: str) -> bool:
    """Un sélecteur fait seulement de noms, de classes et d'identifiants (chaque partie non vide)."""
    return bool(_SELECTEUR_SIMPLE.match(valeur)) and all(
        partie for groupe in valeur.split(",") for partie in [groupe.strip()])


def _selecteur(valeur: str) -> str:
    """Un sélecteur CSS que BeautifulSoup comprend (l'assemblage du livret retire ces éléments)."""
    if selecteur_simple(valeur):
        return valeur
    import soupsieve

    try:
        soupsieve.compile(valeur)
    except soupsieve.SelectorSyntaxError:
        raise PydanticCustomError("selecteur", "« {v} » n'est pas un sélecteur CSS (par exemple .charte-nationale)",
                                  {"v": valeur}) from None
    return valeur


def _oui_non(valeur: Any) -> Any:
    """« oui » / « non » (l'usage du projet) valent true / false."""
    return {"oui": True, "non": False}.get(valeur, valeur) if isinstance(valeur, str) else valeur


Url = Annotated[str, AfterValidator(url_https)]
Ligne = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_une_ligne)]
OuiNon = Annotated[bool, BeforeValidator(_oui_non)]
# Les couleurs nommées de Material (theme.palette.primary / accent).
Couleur = Literal["red", "pink", "purple", "deep purple", "indigo", "blue", "light blue", "cyan", "teal", "green",
                  "light green", "lime", "yellow", "amber", "orange", "deep orange", "brown", "grey", "blue grey",
                  "black", "white"]


class Pdf(Modele):
    """Un PDF que la structure fabrique (livret/crochet.py)."""

    fichier: Annotated[str, AfterValidator(_fichier_pdf)] = Field(examples=["livret/projet-associatif.pdf"])
    """Où il va dans le site : toujours dans livret/."""
    titre: Ligne
    """Le titre de sa couverture."""
    pages: list[Annotated[str, AfterValidator(lambda v: chemin_relatif(v, ".md"))]] | None = None
    """Les pages de docs/ qu'il reprend (sans ce champ : toute la navigation, sauf `livret: false`)."""
    couverture: OuiNon = True
    """« non » : le titre en haut de la première page (document court)."""
    sommaire: OuiNon = True
    """« non » : pas de sommaire."""
    feuilles: list[Annotated[str, AfterValidator(lambda v: chemin_relatif(v, ".css"))]] = []
    """Feuilles de style en plus (dans docs/ ou overrides/)."""
    sans: list[Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_selecteur)]] = []
    """Les blocs de ses pages qu'il laisse de côté, par leur sélecteur CSS (par exemple .charte-nationale)."""


class Social(Modele):
    """Un lien du pied de page vers un compte de la structure (Material : extra.social)."""

    icon: Annotated[str, Field(pattern=r"^(?:fontawesome|material|octicons|simple)/[a-z0-9/-]+$")]
    """L'icône de Material, par exemple fontawesome/brands/linkedin."""
    link: Url
    """L'adresse du compte (https)."""
    name: Ligne | None = None
    """Le texte de l'info-bulle."""


class Extra(Modele):
    """`extra:` de la structure : ses PDF et ses liens de pied de page (rien d'autre : ni mesure d'audience, ni
    service tiers)."""

    pdf: list[Pdf] = []
    """Les PDF, dans l'ordre ; le premier est le livret proposé sur chaque page."""
    social: list[Social] = []
    """Les liens du pied de page."""


class Couleurs(Modele):
    """Les couleurs du thème (noms de Material), pour les deux modes, clair et sombre."""

    primary: Couleur | None = None
    accent: Couleur | None = None


class Theme(Modele):
    """`theme:` de la structure : seulement sa palette (le reste du thème est le moteur)."""

    palette: Couleurs


class Instance(Modele):
    """instance.yml : la structure, ses adresses, ses PDF ; la navigation (`nav`) est vérifiée à part."""

    site_name: Ligne
    """Le nom du site, en haut de chaque page et dans l'onglet."""
    site_description: Ligne | None = None
    """Une phrase qui décrit le site (moteurs de recherche, couverture du livret)."""
    site_author: Ligne | None = None
    site_url: Url | None = None
    """L'adresse publique du site (https)."""
    copyright: Ligne | None = None
    """La mention du pied de page (licence)."""
    repo_url: Url | None = None
    """Le dépôt (https), pour le bouton « Modifier cette page »."""
    repo_name: Ligne | None = None
    edit_uri: Annotated[str, AfterValidator(_edit_uri)] | None = None
    """Le chemin de docs/ dans le dépôt, précédé de « edit/<branche>/ »."""
    theme: Theme | None = None
    extra: Extra = Extra()
    nav: list[Any] = Field(min_length=1)
    """Les pages, dans l'ordre du menu et du livret."""


# Clés qu'un fichier de MkDocs accepterait mais pas celui d'une structure : pourquoi, en une phrase.
REFUSEES = {
    "INHERIT": "instance.yml ne lit aucun autre fichier : écrivez ses réglages ici même",
    "extra_templates": "un gabarit s'exécute hors du bac à sable des pages ; il appartient au moteur",
    "hooks": "du code Python ; il appartient au moteur (mkdocs.yml)",
    "plugins": "des extensions de MkDocs ; elles appartiennent au moteur (mkdocs.yml)",
    "markdown_extensions": "les extensions Markdown appartiennent au moteur (mkdocs.yml)",
    "extra_css": "les feuilles de style du site appartiennent au moteur ; une feuille du livret se déclare dans "
                 "extra → pdf → feuilles",
    "extra_javascript": "aucun script ne vient d'une structure",
    "docs_dir": "les pages sont toujours dans le docs/ à côté de instance.yml",
    "site_dir": "le dossier du site construit se choisit à la commande (make build)",
    "analytics": "aucune mesure d'audience ni service tiers : le site ne fait aucune requête vers un tiers",
}
