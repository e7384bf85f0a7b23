"""Crochets MkDocs (appelés par le greffon, macros/greffon.py) : les pages des fiches (docs/fiches-actions/<id>.md) rangées dans
la section « Fiches actions » de la navigation, juste après sa page d'index, dans l'ordre de lecture.

Ajouter une fiche, c'est ajouter un fichier : rien d'autre à écrire, ni dans mkdocs.yml (`not_in_nav`
couvre le dossier) ni ailleurs. Le contenu de la page (en-tête, texte) est lu et rendu par `macros`.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from . import caches, chemins, instance, notes
from .annotations import signaler
from .cms import construire as construire_les_formulaires
from .donnees import Donnees
from .erreurs import ErreurDonnees, franciser_mkdocs
from .fiches import DOSSIER, chemin_source, fiches_ordonnees
from .instance import dossier_de
from .typographie import titre_publie, typographier

_PROJET = Path(__file__).resolve().parents[1]


def _empreinte_du_code() -> dict[Path, int]:
    """Le code que MkDocs ne relit pas d'une construction à l'autre (paquets importés, crochets) : fichier → date."""
    dossiers = (_PROJET / "macros", _PROJET / "livret", _PROJET / "overrides/hooks")
    return {f: f.stat().st_mtime_ns for dossier in dossiers for f in sorted(dossier.rglob("*.py"))}


_CODE_CHARGE = _empreinte_du_code()


@event_priority(100)  # avant le greffon macros, qui lit data/ dans son on_config
def on_config(config):
    """Avant tout : les lignes de MkDocs qui entourent un message d'erreur, en français ; instance.yml de la
    structure, validé, posé dans la configuration ; et, sous `make serve`, l'arrêt si le code Python a changé
    (MkDocs ne relit les crochets qu'au démarrage)."""
    franciser_mkdocs()
    instance.appliquer(config)
    maintenant = _empreinte_du_code()
    modifies = sorted(f.relative_to(_PROJET).as_posix() for f in maintenant.keys() | _CODE_CHARGE.keys()
                      if maintenant.get(f) != _CODE_CHARGE.get(f))
    if modifies:
        raise PluginError(f"{', '.join(modifies)} : modifié depuis le lancement de « make serve », qui ne relit le "
                          "code Python qu'au démarrage. Arrêter (Ctrl+C) puis relancer « make serve ».")
    return config


def on_nav(nav: Navigation, config, files: Files, donnees: Donnees) -> Navigation:
    """Titres des sections et des liens à la typographie des pages (ceux des pages : `typographier_les_titres`) ;
    range les pages des fiches dans la section « Fiches actions », après sa page d'index."""
    # Seulement les objets de la navigation : config.nav garde les titres tels qu'écrits (« Ce qui a changé » y
    # cherche le nom des pages).
    for element in _elements(nav.items):
        if isinstance(element, (Section, Link)):
            element.title = titre_publie(element.title)
    # Une structure sans fiches n'a rien à ranger.
    fiches = fiches_ordonnees(donnees) if donnees.jeux.get("fiches") else []
    if not fiches:
        return nav
    index = files.get_file_from_path(f"{DOSSIER}/index.md")
    section = index.page.parent if index is not None and index.page is not None else None
    if not isinstance(section, Section):
        raise ErreurDonnees("instance.yml", None, "nav", f"la page {DOSSIER}/index.md doit ouvrir une section de la "
                            "navigation (« Fiches actions ») : les pages des fiches y sont rangées.")
    pages = [files.get_file_from_path(chemin_source(fiche.id)).page for fiche in fiches]
    position = section.children.index(index.page) + 1
    section.children[position:position] = pages
    for page in pages:
        page.parent = section
    # Pages précédente / suivante (pied de page) : MkDocs les a calculées avant l'ajout.
    nav.pages = [element for element in _elements(nav.items) if isinstance(element, Page)]
    for i, page in enumerate(nav.pages):
        page.previous_page = nav.pages[i - 1] if i > 0 else None
        page.next_page = nav.pages[i + 1] if i + 1 < len(nav.pages) else None
    return nav


def on_build_error(error: Exception) -> None:
    """Sur GitHub Actions, chaque erreur d'éditeur devient aussi une annotation sur sa ligne (macros/annotations.py)."""
    signaler(error)


def on_post_build(config, donnees: Donnees) -> None:
    """Les formulaires d'édition (/admin/) dans la version de travail (macros/cms.py)."""
    construire_les_formulaires(config, donnees)


def on_serve(server, config, builder):
    """`make serve` : une donnée modifiée (data/ ou instance.yml de l'instance) reconstruit le site, comme une
    page."""
    server.watch(str(dossier_de(config) / "data"))
    server.watch(str(dossier_de(config) / "instance.yml"))
    return server


def _elements(elements: list) -> Iterator[Page | Section | Link]:
    """Chaque élément de la navigation, dans l'ordre de lecture (une section, puis ce qu'elle contient)."""
    for element in elements:
        yield element
        if isinstance(element, Section):
            yield from _elements(element.children)


def on_page_content(html: str, page: Page, config, files: Files, donnees: Donnees) -> str:
    """Typographie française du texte rendu (espaces fines, apostrophes, sigles, appels de source) : le site,
    la recherche et le livret, fait des pages rendues, reçoivent le même texte (macros/typographie.py).
    Une édition adoptée perd ses notes aux éditeurs (macros/notes.py)."""
    publication = config.extra.get("publication")
    if publication is not None and not publication.version_de_travail:
        html = notes.retirer(html)
        notes.elaguer_le_sommaire(page.toc.items, html)
    # Les sigles de la structure construite (ses données, celles de la construction), pas ceux du haut du dépôt.
    sigles = donnees.jeux.get("sigles")
    sigles = sigles.sigles if sigles is not None else None
    # Une page inchangée reprend son texte mis en forme d'une construction à l'autre (.cache/typographie/) : la même
    # entrée, le même code et le même Python donnent la même sortie.
    empreinte = caches.empreinte((caches.empreinte_du_code(), sys.version, sorted((sigles or {}).items()), html))
    return caches.garder(chemins.CACHE / "typographie" / f"{empreinte}.html", lambda: typographier(html, sigles))


def typographier_les_titres(page: Page) -> None:
    """Le titre de la page (navigation, onglets, onglet du navigateur, pied de page, recherche, livret), sa
    description et les entrées de son sommaire, à la typographie de son texte : une fois la page rendue
    (`on_page_content`), MkDocs ayant rendu toutes les pages avant d'écrire le premier gabarit."""
    if page.meta.get("title"):
        page.meta["title"] = titre_publie(page.meta["title"])  # le bandeau de Material le préfère à page.title
    if page.meta.get("description"):  # lue dans les résultats des moteurs de recherche et les aperçus de liens
        page.meta["description"] = titre_publie(page.meta["description"])
    page.title = titre_publie(page.title)
    _typographier_le_sommaire(page.toc.items)


def _typographier_le_sommaire(entrees: list) -> None:
    for entree in entrees:
        entree.title = titre_publie(entree.title)
        _typographier_le_sommaire(entree.children)
