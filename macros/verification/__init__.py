"""Les tests que chaque structure reçoit du moteur : `python -m macros.verification [dossier]`, lancé par le
`make test` d'une structure dans son propre dépôt (et par les tests du moteur sur une structure neuve).

Une construction stricte, PDF compris, dans un dossier temporaire ; puis ce qui vaut pour toute structure :
chaque page de la navigation publiée sans gabarit laissé, chaque chiffre avec sa source, chaque PDF déclaré
fabriqué avec son titre, le lien du livret sur l'accueil.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

# Dans le dépôt du moteur, la session de tests construit déjà chaque structure une fois (tests/instances.py) ;
# tests/conftest.py range ici de quoi reprendre ce site (dossier de la structure → site construit), au lieu d'une
# seconde construction. Dans le dépôt d'une structure, rien n'y est rangé : ses tests la construisent eux-mêmes.
SITE_DEJA_CONSTRUIT = pytest.StashKey[Callable[[Path], Path]]()


def pages_de_la_nav(nav) -> list[str]:
    """Les fichiers de pages d'une navigation (instance.yml), sections dépliées, dans l'ordre."""
    pages = []
    for element in nav:
        valeur = next(iter(element.values())) if isinstance(element, dict) else element
        pages.extend(pages_de_la_nav(valeur) if isinstance(valeur, list) else [valeur])
    return pages


def html_de_la_page(site: Path, page: str) -> Path:
    """Le fichier HTML publié pour une page de docs/ (adresses sans .html, comme MkDocs les écrit)."""
    chemin = Path(page).with_suffix("")
    return site / (chemin.parent if chemin.name == "index" else chemin) / "index.html"
