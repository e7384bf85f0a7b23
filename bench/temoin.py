"""Le témoin : le même Markdown rendu, construit par Material seul (ni données, ni macros, ni crochets).

Le Markdown vient de la sonde (`BANC_VIDAGE`) : chaque page telle qu'après les macros, pages des fiches
comprises. La configuration garde le thème (sans `custom_dir` : Material d'origine), la recherche, les
extensions Markdown, les feuilles de style et la navigation finale ; elle retire macros, crochets et `watch`.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from macros import greffon
from macros.instance import configuration

GARDER = ("site_name", "site_description", "site_author", "site_url", "copyright", "repo_url", "repo_name",
          "edit_uri", "strict")


def preparer(projet: Path, vidage: Path, site: Path, destination: Path) -> Path:
    """Écrit dans `destination` le projet témoin : docs/ (Markdown rendu, fichiers non Markdown, PDF déjà
    fabriqués dans `site`, que les pages citent) et mkdocs.yml."""
    config = configuration(projet)
    docs = destination / "docs"
    shutil.copytree(projet / "docs", docs, ignore=shutil.ignore_patterns("*.md"))
    shutil.copytree(vidage / "docs", docs, dirs_exist_ok=True)
    # Les feuilles et scripts du moteur (overrides/assets/), que Material seul ne copie pas sans custom_dir.
    shutil.copytree(projet / "overrides/assets", docs / "assets", dirs_exist_ok=True)
    for document in json.loads((vidage / "documents.json").read_text(encoding="utf-8")):
        (docs / document["chemin"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(site / document["chemin"], docs / document["chemin"])
    # Les réglages que le greffon du moteur impose (macros/greffon.py), sans ses gabarits : la traduction de
    # Material (celle du projet est un gabarit de overrides/).
    theme = {"name": "material", **greffon.THEME, "language": "fr"}
    temoin = {k: config[k] for k in GARDER if k in config}
    temoin |= {
        "theme": theme,
        "extra_css": greffon.FEUILLES,
        "extra_javascript": greffon.SCRIPTS,
        "markdown_extensions": [{nom: reglages} if reglages else nom for nom, reglages in greffon.EXTENSIONS.items()],
        "validation": {option: "warn" for options in greffon.VALIDATION.values() for option in options},
        "plugins": [{"search": {"lang": "fr"}}],
        "nav": json.loads((vidage / "nav.json").read_text(encoding="utf-8")),
    }
    (destination / "mkdocs.yml").write_text(yaml.safe_dump(temoin, allow_unicode=True, sort_keys=False),
                                            encoding="utf-8")
    return destination
