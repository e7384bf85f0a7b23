"""Ce qui vaut pour toute structure, vérifié sur son site construit (voir macros/verification/__init__.py)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from macros.donnees import charger
from macros.instance import reglages
from macros.typographie import texte_publie
from macros.verification import SITE_DEJA_CONSTRUIT, html_de_la_page, pages_de_la_nav

STRUCTURE = Path(os.environ.get("STRUCTURE_A_VERIFIER", ".")).resolve()
_BLOCS = ["p", "li", "td", "th", "dd", "dt", "figcaption", "h1", "h2", "h3", "h4", "div"]


@pytest.fixture(scope="session")
def site(request, tmp_path_factory) -> Path:
    deja_construit = request.config.stash.get(SITE_DEJA_CONSTRUIT, None)
    if deja_construit is not None:
        return deja_construit(STRUCTURE)
    destination = tmp_path_factory.mktemp("site")
    resultat = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(destination)],
                              cwd=STRUCTURE, capture_output=True, text=True)
    assert resultat.returncode == 0, f"La construction stricte échoue :\n{resultat.stderr}"
    return destination


@pytest.fixture(scope="session")
def instance() -> dict:
    return reglages(STRUCTURE)


def _texte_page(lecteur: PdfReader, numero: int) -> str:
    return lecteur.pages[numero - 1].extract_text() or ""


def test_chaque_page_de_la_navigation_est_publiee_sans_gabarit_laisse(site, instance):
    for page in pages_de_la_nav(instance["nav"]):
        html = html_de_la_page(site, page).read_text(encoding="utf-8")
        texte = BeautifulSoup(html, "html.parser").select_one("article").get_text()
        assert "{{" not in texte and "{%" not in texte, page


def test_chaque_chiffre_affiche_a_sa_source(site):
    # L'info-bulle, lue au survol, suit la typographie du texte (« Statuts de l’association »).
    sources = [texte_publie(s.document) for s in charger(STRUCTURE / "data").jeux["sources"].sources]
    for fichier in site.rglob("*.html"):
        for chiffre in BeautifulSoup(fichier.read_text(encoding="utf-8"), "html.parser").select("span.chiffre"):
            assert any(document in chiffre.get("title", "") for document in sources), (fichier, chiffre)
            figure = chiffre.find_parent("figure")
            if figure is not None and figure.select_one("p.graphique-sources") is not None:
                continue  # dans le tableau d'un graphique, la source est dite sous le tableau
            appel = chiffre.find_next(lambda e: "appel-source" in (e.get("class") or []))
            assert appel is not None and appel.find_parent(_BLOCS) is chiffre.find_parent(_BLOCS), (fichier, chiffre)


def test_chaque_pdf_declare_est_fabrique_avec_son_titre(site, instance):
    for pdf in instance.get("extra", {}).get("pdf", []):
        lecteur = PdfReader(site / pdf["fichier"])
        # Le titre tel que l'écrit instance.yml, comparé après la typographie du PDF (« d'accueil » → « d’accueil ») ;
        # page après page, jusqu'à la première qui le porte (la couverture, d'ordinaire) : lire tout un livret est long.
        titre = texte_publie(pdf["titre"]).lower()
        assert any(titre in " ".join(_texte_page(lecteur, n).split()).lower()
                   for n in range(1, len(lecteur.pages) + 1)), pdf["fichier"]


def test_le_lien_du_livret_est_sur_l_accueil(site, instance):
    pdfs = instance.get("extra", {}).get("pdf", [])
    if not pdfs:
        pytest.skip("cette structure ne déclare aucun PDF")
    accueil = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'href="[^"]*{re.escape(pdfs[0]["fichier"])}"', accueil)


def test_aucun_fichier_du_moteur_dans_la_structure():
    # Le moteur s'installe (requirements.txt) ; une copie de ses fichiers ne recevrait aucune correction.
    if (STRUCTURE / "pyproject.toml").is_file():
        pytest.skip("le dépôt du moteur lui-même")
    copies = [d for d in ("macros", "livret", "overrides", "publication", "reseau") if (STRUCTURE / d).exists()]
    assert not copies, f"fichiers du moteur copiés dans la structure : {copies}"
