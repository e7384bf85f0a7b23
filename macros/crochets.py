"""Crochets MkDocs (`hooks:` de mkdocs.yml) : une page générée par fiche de data/fiches/, rangée dans la
section « Fiches actions » de la navigation, juste après sa page d'index.

Ajouter une fiche, c'est ajouter un fichier : rien d'autre à écrire. Chaque page générée ne contient que son
en-tête (titre, description) et l'appel `{{ fiche_page("<id>") }}` : elle passe par les macros comme toute
page, et son contenu vient des données.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

# MkDocs charge ce fichier seul, hors du paquet `macros` : on rend le paquet importable depuis le projet.
_PROJET = Path(__file__).resolve().parents[1]
if str(_PROJET) not in sys.path:
    sys.path.insert(0, str(_PROJET))

from macros.donnees import charger  # noqa: E402
from macros.erreurs import ErreurDonnees, franciser_mkdocs  # noqa: E402
from macros.fiches import DOSSIER, chemin_source, description, fiches_ordonnees, titre_complet  # noqa: E402
from macros.typographie import typographier  # noqa: E402


def _empreinte_du_code() -> dict[Path, int]:
    """Le code que MkDocs ne relit pas d'une construction à l'autre (paquets importés, crochets) : fichier → date."""
    dossiers = (_PROJET / "macros", _PROJET / "livret", _PROJET / "overrides/hooks")
    return {f: f.stat().st_mtime_ns for dossier in dossiers for f in sorted(dossier.rglob("*.py"))}


_CODE_CHARGE = _empreinte_du_code()

# Les fiches de la construction en cours, dans l'ordre de lecture (on_files → on_nav).
_ordre: list[str] = []


@event_priority(100)  # avant le greffon macros, qui lit data/ dans son on_config
def on_config(config):
    """Avant tout : les lignes de MkDocs qui entourent un message d'erreur, en français ; et, sous `make serve`,
    l'arrêt si le code Python a changé (MkDocs ne relit les crochets qu'au démarrage)."""
    franciser_mkdocs()
    maintenant = _empreinte_du_code()
    modifies = sorted(f.relative_to(_PROJET).as_posix() for f in maintenant.keys() | _CODE_CHARGE.keys()
                      if maintenant.get(f) != _CODE_CHARGE.get(f))
    if modifies:
        raise PluginError(f"{', '.join(modifies)} : modifié depuis le lancement de « make serve », qui ne relit le "
                          "code Python qu'au démarrage. Arrêter (Ctrl+C) puis relancer « make serve ».")
    return config


def on_files(files: Files, config) -> Files:
    """Ajoute une page virtuelle docs/fiches-actions/<id>.md par fiche ; son bouton « Modifier » ouvre la fiche."""
    donnees = charger(Path(config.config_file_path).parent / "data")
    _ordre[:] = [fiche.id for fiche in fiches_ordonnees(donnees)]
    for fiche in fiches_ordonnees(donnees):
        chemin = chemin_source(fiche.id)
        if files.get_file_from_path(chemin) is not None:
            raise ErreurDonnees(f"docs/{chemin}", None, None,
                                f"cette page a le nom de la fiche data/fiches/{fiche.id}.yml, dont la page est "
                                "générée : supprimez la page ou renommez la fiche.")
        # fichier_source (macros/provenance.py) : « Modifier cette page » ouvre la fiche, la date est la sienne.
        entete = yaml.safe_dump({"title": titre_complet(fiche), "description": description(fiche),
                                 "fichier_source": f"data/fiches/{fiche.id}.yml"},
                                allow_unicode=True, sort_keys=False)
        fichier = File.generated(config, chemin, content=f"---\n{entete}---\n\n{{{{ fiche_page(\"{fiche.id}\") }}}}\n",
                                 inclusion=InclusionLevel.NOT_IN_NAV)
        files.append(fichier)
    return files


def on_nav(nav: Navigation, config, files: Files) -> Navigation:
    """Range les pages des fiches dans la section « Fiches actions », après sa page d'index."""
    index = files.get_file_from_path(f"{DOSSIER}/index.md")
    section = index.page.parent if index is not None and index.page is not None else None
    if not isinstance(section, Section):
        raise ErreurDonnees("mkdocs.yml", None, "nav", f"la page {DOSSIER}/index.md doit ouvrir une section de la "
                            "navigation (« Fiches actions ») : les pages des fiches y sont rangées.")
    pages = [files.get_file_from_path(chemin_source(identifiant)).page for identifiant in _ordre]
    position = section.children.index(index.page) + 1
    section.children[position:position] = pages
    for page in pages:
        page.parent = section
    # Pages précédente / suivante (pied de page) : MkDocs les a calculées avant l'ajout.
    nav.pages = list(_pages(nav.items))
    for i, page in enumerate(nav.pages):
        page.previous_page = nav.pages[i - 1] if i > 0 else None
        page.next_page = nav.pages[i + 1] if i + 1 < len(nav.pages) else None
    return nav


def _pages(elements: list) -> Iterator[Page]:
    for element in elements:
        if isinstance(element, Page):
            yield element
        elif isinstance(element, Section):
            yield from _pages(element.children)


def on_page_content(html: str, page: Page, config, files: Files) -> str:
    """Typographie française du texte rendu (espaces fines, apostrophes, sigles, appels de source) : le site,
    la recherche et le livret, fait des pages rendues, reçoivent le même texte (macros/typographie.py)."""
    donnees = charger(Path(config.config_file_path).parent / "data")
    sigles = donnees.jeux.get("sigles")
    return typographier(html, sigles.sigles if sigles is not None else None)
