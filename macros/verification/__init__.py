"""Les tests que chaque structure reçoit du moteur : `python -m macros.verification [dossier]`, lancé par le
`make test` d'une structure dans son propre dépôt (et par les tests du moteur sur une structure neuve).

Une construction stricte, PDF compris, dans un dossier temporaire ; puis ce qui vaut pour toute structure :
chaque page de la navigation publiée sans gabarit laissé, chaque chiffre avec sa source, chaque PDF déclaré
fabriqué avec son titre, le lien du livret sur l'accueil.
"""
from __future__ import annotations

from pathlib import Path


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
