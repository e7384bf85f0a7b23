"""DE BOUT EN BOUT, HORS DE CE DÉPÔT : la roue du moteur s'installe dans un virtualenv neuf, `nouvelle_structure`
y crée le dépôt d'une structure dans un dossier vide, et ce dépôt se construit (livret compris), passe ses
propres tests et se sert, sans aucun fichier du moteur.

Pour rester rapide : la roue est construite une fois ; le virtualenv neuf est créé sans pip (`--without-pip` :
ensurepip y coûtait 8 s de processeur) et le pip de celui qui lance les tests y installe la roue seule
(`--python`, `--no-deps`) ; il voit les dépendances de celui-ci par un fichier .pth, sans les télécharger. Un .pth
n'ajoute qu'un dossier à ses chemins d'import, sans lire les .pth qu'il contient : l'installation éditable du moteur de ce
dépôt-ci n'y est pas vue, et le premier test vérifie que le moteur vient de la roue.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from conftest import RACINE

pytestmark = pytest.mark.paquet

NOM = "Mission Locale d'Aubusson : Creuse # sud"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": ""}
# La roue se construit depuis une copie des sources sans build/ ni *.egg-info : setuptools y reprend ce qu'il a
# déjà copié, et un fichier retiré du dépôt resterait dans la roue. Ni historique, ni environnements, ni sorties.
_HORS_DES_SOURCES = shutil.ignore_patterns(".git", ".venv*", "node_modules", "build", "dist", "*.egg-info", ".cache",
                                           "site", ".site-*", "sortie", "__pycache__", ".*_cache")


def _lancer(commande: list[str], **options) -> subprocess.CompletedProcess:
    return subprocess.run(commande, capture_output=True, text=True, env=ENV, **options)


@pytest.fixture(scope="module")
def structure(tmp_path_factory) -> tuple[Path, Path]:
    """(le python du virtualenv neuf, le dossier de la structure créée)."""
    tmp = tmp_path_factory.mktemp("paquet")
    sources = shutil.copytree(RACINE, tmp / "sources", ignore=_HORS_DES_SOURCES)
    roue = _lancer([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--disable-pip-version-check",
                    "-w", str(tmp / "dist"), str(sources)], cwd=tmp)
    assert roue.returncode == 0, roue.stderr
    [fichier] = (tmp / "dist").glob("projet_associatif_moteur-*.whl")
    venv = tmp / "venv"
    assert _lancer([sys._base_executable, "-m", "venv", "--without-pip", str(venv)]).returncode == 0
    python = venv / "bin" / "python"
    site_neuf = _lancer([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout
    (Path(site_neuf.strip()) / "dependances.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installe = _lancer([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                        "--disable-pip-version-check", str(fichier)])
    assert installe.returncode == 0, installe.stderr
    dossier = tmp / "aubusson"
    dossier.mkdir()  # vide : accepté
    cree = _lancer([str(python), "-m", "macros.nouvelle_structure", str(dossier), NOM,
                    "--moteur", f"projet-associatif-moteur[tests] @ {fichier.as_uri()}"], cwd=tmp)
    assert cree.returncode == 0, cree.stderr
    return python, dossier


# Les dossiers de chaque paquet du moteur, trouvés sans l'importer ; publication est un paquet d'espace de noms :
# un dossier de ce nom ailleurs sur les chemins d'import s'y ajouterait, et paraîtrait ici.
_ORIGINES = """
import importlib.util
for paquet in ("macros", "livret", "publication"):
    print(*importlib.util.find_spec(paquet).submodule_search_locations, sep="\\n")
"""


def test_le_moteur_vient_de_la_roue_et_rien_du_moteur_n_est_copie(structure):
    python, dossier = structure
    origines = _lancer([str(python), "-c", _ORIGINES], cwd=dossier).stdout.splitlines()
    assert len(origines) == 3 and all(Path(o).is_relative_to(python.parents[1]) for o in origines), origines
    presents = sorted(p.name for p in dossier.iterdir())
    assert presents == [".github", ".gitignore", "Makefile", "README.md", "data", "docs", "facultatif",
                        "instance.yml", "mkdocs.yml", "requirements.txt"]
    assert not list(dossier.rglob("*.py")) and not list(dossier.rglob("*.html"))
    configuration = yaml.safe_load((dossier / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "projet-associatif" in configuration["plugins"] and "hooks" not in configuration
    assert (dossier / "requirements.txt").read_text(encoding="utf-8").count("projet-associatif-moteur") == 1
    assert NOM in (dossier / "README.md").read_text(encoding="utf-8")


def test_la_structure_se_construit_et_passe_ses_propres_tests(structure):
    python, dossier = structure
    # Les tests du moteur pour toute structure : une construction stricte, livret compris, puis leurs vérifications.
    verification = _lancer([str(python), "-m", "macros.verification"], cwd=dossier)
    assert verification.returncode == 0, verification.stdout + verification.stderr
    assert "5 passed" in verification.stdout, verification.stdout
    assert not (dossier / "site").exists() and not (dossier / ".cache").exists()


def test_la_structure_se_sert(structure):
    python, dossier = structure
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    serveur = subprocess.Popen([str(python), "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
                               cwd=dossier, env={**ENV, "SANS_PDF": "1"}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    try:
        page, limite = "", time.monotonic() + 180
        while not page and time.monotonic() < limite and serveur.poll() is None:
            # Sous le chemin de site_url, ou à la racine quand MkDocs ne le connaît qu'après les greffons.
            for chemin in ("/projet-associatif/", "/"):
                try:
                    page = urllib.request.urlopen(f"http://127.0.0.1:{port}{chemin}", timeout=5).read().decode()
                    break
                except OSError:
                    time.sleep(0.5)
        assert serveur.poll() is None, serveur.stderr.read()
        assert "Aubusson : Creuse # sud" in page
    finally:
        serveur.terminate()
        serveur.wait(timeout=30)


def test_la_version_du_paquet_a_son_entree_au_journal():
    """Monter la version du moteur (pyproject.toml) sans dire aux structures ce qui change est refusé."""
    import tomllib
    version = tomllib.loads((RACINE / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert f"\n## {version}\n" in (RACINE / "CHANGELOG.md").read_text(encoding="utf-8")
