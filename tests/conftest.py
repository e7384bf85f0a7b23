"""Outils communs : construire un site (le vrai, ou une copie modifiée) dans un dossier temporaire."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))

# Ce qu'on ne copie pas quand un test a besoin d'un projet à modifier.
_IGNORES = shutil.ignore_patterns(".git", ".venv*", "site", ".site-*", "sortie", "__pycache__", ".pytest_cache")


def construire(projet: Path, destination: Path, *, env: dict | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` du projet vers `destination` ; renvoie le processus (code, sorties).

    `env` ajoute des variables d'environnement (par exemple SANS_PDF=1 quand le livret n'importe pas)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(destination)],
        cwd=projet, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )


def copier_projet(destination: Path) -> Path:
    """Une copie du projet (sans .git ni .venv) qu'un test peut abîmer sans risque."""
    shutil.copytree(RACINE, destination, ignore=_IGNORES)
    return destination


@pytest.fixture
def projet(tmp_path: Path) -> Path:
    return copier_projet(tmp_path / "projet")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Le site par défaut, construit une fois pour toute la session, en mode strict."""
    destination = tmp_path_factory.mktemp("site")
    resultat = construire(RACINE, destination)
    assert resultat.returncode == 0, resultat.stderr
    return destination


@pytest.fixture(scope="session")
def donnees():
    """Les données validées de data/, telles que les pages les reçoivent."""
    from macros.donnees import charger

    return charger(RACINE / "data")


def pages_html(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_construite(site: Path, source_md: Path) -> Path:
    """Le HTML construit d'une page de docs/ (URL en dossiers : a/b.md → a/b/index.html)."""
    relatif = source_md.relative_to(RACINE / "docs").with_suffix("")
    return site / (relatif.parent if relatif.name == "index" else relatif) / "index.html"


def modifier_yaml(fichier: Path, modification) -> None:
    """Relit un fichier de données, le modifie (dict Python), le réécrit (les commentaires sont perdus)."""
    import yaml

    contenu = yaml.safe_load(fichier.read_text(encoding="utf-8"))
    modification(contenu)
    fichier.write_text(yaml.safe_dump(contenu, allow_unicode=True, sort_keys=False), encoding="utf-8")
