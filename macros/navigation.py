"""La navigation que montre chaque page : au-delà de `PAR_GROUPE` fiches, la section « Fiches actions » les range
par axe puis par blocs, et seule la branche de la page ouverte y est dépliée.

Sans cela chaque page porte le lien de chaque fiche (à 500 fiches, 220 ko de HTML par page, le carré du nombre
de pages pour le site). Un groupe fermé est un simple lien vers sa première fiche, où il se déplie ; les
sections du site, elles, gardent leurs sous-menus (sur un téléphone, « À propos › » ouvre son sous-menu : c'est
pourquoi `navigation.prune` de Material, qui ôte les sous-menus de toutes les sections fermées, est écarté).

La navigation de MkDocs reste celle de `macros/crochets.py`, les fiches à plat (livret, pages précédente et
suivante, recherche) : seule la vue que reçoit le gabarit d'une page change (`Affichage.vue`).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

from markupsafe import escape
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from .fiches import chemin_axe, chemin_source, fiches_ordonnees, titre_axe
from .typographie import titre_publie

# Au plus autant de fiches à la suite dans la navigation : au-delà, groupes par axe, puis blocs de cette taille.
PAR_GROUPE = 25


@dataclass
class Groupe:
    """Des fiches (ou des groupes) sous un titre : dans la page d'une de ses fiches, une section dépliée ;
    ailleurs, un lien vers sa première fiche."""

    titre: str
    enfants: list  # Page | Groupe
    pages: set = field(default_factory=set)  # id() de ses pages (une page de MkDocs n'a pas d'empreinte)

    def __post_init__(self) -> None:
        for enfant in self.enfants:
            self.pages |= enfant.pages if isinstance(enfant, Groupe) else {id(enfant)}

    def premiere(self) -> Page:
        enfant = self.enfants[0]
        return enfant.premiere() if isinstance(enfant, Groupe) else enfant


def grouper(fiches: list, pages: list[Page], donnees) -> list:
    """Les pages des fiches (dans l'ordre de `fiches`) telles que la navigation les montre : à plat jusqu'à
    `PAR_GROUPE` ; au-delà, un groupe par axe quand plusieurs axes ont des fiches, et tout groupe trop long
    coupé en blocs (« Fiches 26 à 50 »)."""
    if len(pages) <= PAR_GROUPE:
        return list(pages)
    par_axe: dict[str, tuple[str, list[Page]]] = {}
    for fiche, page in zip(fiches, pages):
        axe = next(iter(chemin_axe(donnees, fiche.axe)), None)
        titre = titre_axe(axe) if axe is not None else "Autres fiches"
        par_axe.setdefault(axe.id if axe is not None else "", (titre, []))[1].append(page)
    if len(par_axe) == 1:
        return _blocs(pages)
    return [Groupe(titre_publie(str(escape(titre))), _blocs(membres)) for titre, membres in par_axe.values()]


def _blocs(pages: list[Page]) -> list:
    if len(pages) <= PAR_GROUPE:
        return list(pages)
    return [Groupe(f"Fiches {debut + 1} à {debut + len(pages[debut:debut + PAR_GROUPE])}",
                   pages[debut:debut + PAR_GROUPE]) for debut in range(0, len(pages), PAR_GROUPE)]


@dataclass
class Affichage:
    """La section des fiches et ce qu'elle montre à la place de leurs pages, pour une construction."""

    nav: Navigation
    section: Section
    groupes: list  # Page | Groupe, à la place des pages des fiches
    fiches: set  # id() des pages des fiches, retirées des enfants de la section

    def vue(self, page: Page | None) -> Navigation:
        """La navigation du gabarit de `page` (None : une page hors navigation, comme 404.html) : la section
        des fiches et ses parents copiés, les groupes de `page` dépliés, les autres réduits à un lien."""
        enfants, groupes_places = [], False
        for enfant in self.section.children:
            if id(enfant) not in self.fiches:
                enfants.append(enfant)
            elif not groupes_places:
                enfants.extend(_montrer(self.groupes, page))
                groupes_places = True
        remplacee = copy.copy(self.section)  # garde son état (active), pas ses enfants
        remplacee.children = enfants
        original = self.section
        while original.parent is not None:
            parent = copy.copy(original.parent)
            parent.children = [remplacee if e is original else e for e in original.parent.children]
            remplacee, original = parent, original.parent
        vue = copy.copy(self.nav)
        vue.items = [remplacee if e is original else e for e in self.nav.items]
        return vue


def _montrer(elements: list, page: Page | None) -> list:
    sortie = []
    for element in elements:
        if not isinstance(element, Groupe):
            sortie.append(element)
        elif id(page) in element.pages:
            section = Section(element.titre, _montrer(element.enfants, page))
            section.active = True  # sans parent : ne touche pas la navigation de MkDocs
            sortie.append(section)
        else:
            sortie.append(Link(element.titre, element.premiere().url))
    return sortie


def preparer(nav: Navigation, files: Files, donnees) -> Affichage | None:
    """L'affichage de la construction, une fois les fiches rangées (macros/crochets.py) ; None quand elles
    tiennent à plat (la navigation telle quelle)."""
    fiches = fiches_ordonnees(donnees) if donnees.jeux.get("fiches") else []
    if len(fiches) <= PAR_GROUPE:
        return None
    pages = [files.get_file_from_path(chemin_source(fiche.id)).page for fiche in fiches]
    section = pages[0].parent
    if not isinstance(section, Section):
        return None
    return Affichage(nav, section, grouper(fiches, pages, donnees), {id(p) for p in pages})
