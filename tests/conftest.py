"""Outils communs : construire un site (le vrai, ou une copie modifiée) dans un dossier temporaire."""
from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest

RACINE = Path(__file__).resolve().parents[1]
# Le virtualenv qui lance les tests (celui de `make test`, ou un autre partagé) : les `make` lancés par un test
# le reprennent au lieu d'en créer un dans RACINE/.venv.
VENV = Path(sys.executable).parent.parent
# Les dessins des graphiques (macros/graphiques.py), mis en cache par empreinte : chaque copie du projet que
# construit un test les reprend au lieu de charger matplotlib et de les redessiner.
os.environ.setdefault("CACHE_GRAPHIQUES", str(RACINE / ".cache" / "graphiques"))

# Ce qu'on ne copie pas quand un test a besoin d'un projet à modifier.
_IGNORES = shutil.ignore_patterns(".git", ".venv*", "site", ".site-*", "sortie", "__pycache__", ".pytest_cache",
                                  ".cache", "node_modules")


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


FIXTURES = RACINE / "tests/fixtures"


@pytest.fixture
def minimale(tmp_path: Path) -> Path:
    """Une copie de la structure d'essai tests/fixtures/minimale (instance.yml, docs/, data/), qu'un test peut
    abîmer ; le moteur de ce dépôt la construit (instances.construire_instance)."""
    return shutil.copytree(FIXTURES / "minimale", tmp_path / "minimale")


def structure_du_module(request) -> Path:
    """La structure que lit un module de tests : sa variable STRUCTURE (une structure d'essai de tests/fixtures/),
    sinon celle du haut du dépôt (Lisieux). Les fixtures `site`, `textes_pdf`, `donnees` et `adresse` la suivent."""
    return getattr(request.module, "STRUCTURE", RACINE)


@pytest.fixture(scope="module")
def site(request) -> Path:
    """Le site de la structure du module, construit une fois pour toute la session (tests/instances.py), en mode
    strict, PDF compris : la même construction que celle des tests communs à toutes les structures."""
    from instances import construite

    return construite(structure_du_module(request)).site


@pytest.fixture(scope="module")
def textes_pdf(request, site: Path):
    """Le texte de chaque page d'un PDF du site (`textes_pdf("livret/projet-associatif.pdf")`), extrait une fois
    par session et partagé avec tests/test_instances.py (tests/instances.py)."""
    from instances import construite

    return construite(structure_du_module(request)).textes_pdf


@pytest.fixture(scope="session")
def _donnees_lues() -> dict:
    return {}


@pytest.fixture(scope="module")
def donnees(request, _donnees_lues: dict):
    """Les données validées de la structure du module, telles que les pages les reçoivent (lues une fois)."""
    from macros.donnees import charger

    dossier = structure_du_module(request) / "data"
    if dossier not in _donnees_lues:
        _donnees_lues[dossier] = charger(dossier)
    return _donnees_lues[dossier]


def pages_html(site: Path) -> list[Path]:
    """Les pages du site ; pas l'interface des formulaires (admin/, Decap CMS, testée par tests/test_cms.py)."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "admin")


def page_construite(site: Path, source_md: Path) -> Path:
    """Le HTML construit d'une page de docs/ (URL en dossiers : a/b.md → a/b/index.html)."""
    relatif = source_md.relative_to(RACINE / "docs").with_suffix("")
    return site / (relatif.parent if relatif.name == "index" else relatif) / "index.html"


def prefixe_du_site(projet: Path = RACINE) -> str:
    """Le chemin sous lequel le site est publié (celui de site_url : « /projet-associatif/ »)."""
    url = re.search(r"^site_url:\s*(\S+)", (projet / "instance.yml").read_text(encoding="utf-8"), re.M)
    chemin = urlparse(url.group(1)).path if url else "/"
    return chemin if chemin.endswith("/") else chemin + "/"


def pytest_configure(config) -> None:
    """Sous pytest-xdist, les structures construites (tests/instances.py) se partagent entre les processus : le
    dossier temporaire de la session (celui de chaque processus en est un sous-dossier), que pytest nettoie. Les
    tests que chaque structure reçoit (macros/verification/test_structure.py) reprennent ces constructions."""
    import instances
    from macros.verification import SITE_DEJA_CONSTRUIT

    config.stash[SITE_DEJA_CONSTRUIT] = lambda dossier: instances.construite(dossier).site
    if hasattr(config, "workerinput") and config.option.basetemp:
        instances.DOSSIER_COMMUN = Path(config.option.basetemp).parent / "instances"


# Les fichiers les plus longs d'abord (visites dans Chromium, publications mike, livrets) : sous pytest-xdist, les
# petits remplissent ensuite la fin de la session sur les deux processus, au lieu qu'un long fichier commence tard
# et finisse seul.
LONGS_D_ABORD = ("test_navigateur.py", "test_navigateur_exemples.py", "test_editions.py", "test_livret.py", "test_paquet.py", "test_cms.py",
                 "test_apercu.py")


def pytest_collection_modifyitems(items) -> None:
    # Les couches (marques de pyproject.toml) que disent les fixtures : Chromium, ou un site construit.
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "navigateur" in fixtures:
            item.add_marker(pytest.mark.navigateur)
        elif fixtures & {"site", "adresse"}:
            item.add_marker(pytest.mark.construction)
    rang = {nom: i for i, nom in enumerate(LONGS_D_ABORD)}
    items.sort(key=lambda item: rang.get(item.path.name, len(rang)))  # tri stable : l'ordre de chaque fichier reste


class _Servir(SimpleHTTPRequestHandler):
    """Sert le site sous son préfixe de publication, comme l'hébergeur : la page 404 de Material y
    pointe ses feuilles de style par des adresses absolues."""

    prefixe = "/"

    def translate_path(self, chemin: str) -> str:
        if not chemin.startswith(self.prefixe):
            return str(Path(self.directory) / "__hors-du-site__")
        return super().translate_path("/" + chemin[len(self.prefixe):])

    def end_headers(self) -> None:
        # LinkChecker limite ses requêtes à 10 par seconde et par hôte, sauf vers un serveur qui répond avec
        # l'en-tête « LinkChecker » (sa documentation, option maxrequestspersecond) : ici, notre serveur d'essai.
        self.send_header("LinkChecker", "essai")
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def navigateur():
    """Un seul Chromium pour toute la session (tests/test_navigateur.py, tests/test_editions.py) : chaque test
    ouvre ses onglets ou ses contextes et les referme, sans relancer le navigateur."""
    from playwright.sync_api import sync_playwright

    from navigateur import OPTIONS_CHROMIUM, chromium

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium(), args=OPTIONS_CHROMIUM)
        yield instance
        instance.close()


@contextlib.contextmanager
def servir(site: Path, prefixe: str):
    """Le site construit, servi en HTTP sur 127.0.0.1 sous son préfixe de publication ; donne son adresse."""
    gestionnaire = functools.partial(type("Servir", (_Servir,), {"prefixe": prefixe}), directory=str(site))
    serveur = ThreadingHTTPServer(("127.0.0.1", 0), gestionnaire)
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{serveur.server_address[1]}{prefixe}"
    finally:
        serveur.shutdown()


@pytest.fixture(scope="module")
def adresse(request, site: Path):
    """Le site de la structure du module servi en HTTP sur 127.0.0.1 (navigateur) ; renvoie son adresse."""
    with servir(site, prefixe_du_site(structure_du_module(request))) as adresse:
        yield adresse


def modifier_yaml(fichier: Path, modification) -> None:
    """Relit un fichier de données, le modifie (dict Python), le réécrit (les commentaires sont perdus)."""
    import yaml

    contenu = yaml.safe_load(fichier.read_text(encoding="utf-8"))
    modification(contenu)
    fichier.write_text(yaml.safe_dump(contenu, allow_unicode=True, sort_keys=False), encoding="utf-8")


def completer_les_mentions_legales(projet: Path) -> None:
    """Des coordonnées d'essai (inventées pour le test, jamais publiées) : sans elles, une édition adoptée est
    refusée (macros/contacts.py)."""
    import yaml

    mentions = yaml.safe_load((projet / "data/mentions_legales.yml").read_text(encoding="utf-8"))

    def siege(implantations):
        lieu = next(l for l in implantations["lieux"] if l["id"] == mentions["siege"])
        lieu.setdefault("adresse", "1 rue d'Essai, 99999 Villessai")
        lieu.setdefault("telephone", "02 00 00 00 01")

    def legales(m):
        m["directeur_publication"].setdefault("nom", "Prénom Essai")
        m["hebergeur"].setdefault("telephone", "+1 000 000 0000")

    modifier_yaml(projet / "data/implantations.yml", siege)
    modifier_yaml(projet / "data/mentions_legales.yml", legales)


def retirer_les_chiffres_a_verifier(projet: Path) -> None:
    """Ce que fait l'éditeur avant l'adoption : chaque chiffre « a_verifier » a été vérifié dans sa source, la
    ligne est retirée de data/ (une édition adoptée refuse un chiffre douteux : macros/a_verifier.py)."""
    for fichier in sorted((projet / "data").glob("*.yml")):
        texte = fichier.read_text(encoding="utf-8")
        fichier.write_text(re.sub(r"\n +a_verifier: .*", "", texte), encoding="utf-8")


def preparer_l_adoption(projet: Path) -> None:
    """Tout ce qu'une édition adoptée exige, avec des valeurs d'essai : mentions légales complètes et aucun
    chiffre « a_verifier ». Le test change ensuite data/edition.yml à sa façon."""
    completer_les_mentions_legales(projet)
    retirer_les_chiffres_a_verifier(projet)
