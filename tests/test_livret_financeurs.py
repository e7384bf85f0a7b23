"""Le livret qu'un financeur garde : chiffres clés en tête, colophon à la fin, rien du site web (navigation,
titres vides, texte pour lecteurs d'écran), graphiques dans la police du texte, titre de couverture entier,
chiffres qui se copient avec leur nom. Sur le livret de la structure d'essai tests/fixtures/livret, construite une
fois par session (tests/instances.py), et sur l'assemblage seul."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES
from pypdf import PdfReader

from livret.assemblage import Couverture, Partie, assembler
from macros.rendus import valeur_formatee
from macros.typographie import texte_publie

ESSAI = STRUCTURE = FIXTURES / "livret"  # les fixtures site et donnees la lisent


def _aplati(texte: str) -> str:
    return " ".join(texte.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def livret(site) -> list[str]:
    """Le texte de chaque page du livret, espaces ramenées à des blancs ordinaires."""
    return [_aplati(page.extract_text()) for page in PdfReader(site / "livret/projet-associatif.pdf").pages]


def test_les_chiffres_cles_ouvrent_le_livret_avec_leurs_annees_et_sources(livret, donnees):
    page = next(i for i, texte in enumerate(livret) if texte.startswith("Chiffres clés"))
    assert page <= 3, "les chiffres clés suivent la couverture et le sommaire"
    habitants = donnees.chiffre("territoire.habitants")
    texte = livret[page]
    assert f"{_aplati(valeur_formatee(habitants))} habitants" in texte
    assert "Sources" in texte and f"Chiffre de {habitants.annee}" in texte
    assert donnees.source(habitants.source).document.split()[0] in texte


def test_le_colophon_ferme_le_livret(livret, donnees):
    fin = livret[-1]
    assert fin.startswith("À propos de ce document")
    # Les textes de data/ y sont imprimés avec la typographie des pages (l'apostrophe du nom devient ’).
    for attendu in ("Licence", "CC BY-SA", "Contact", donnees.jeux["structure"].nom, "Pour citer ce document",
                    donnees.jeux["edition"].titre):
        assert _aplati(texte_publie(attendu)) in fin, attendu


def test_rien_du_site_web_ni_titre_vide_ni_texte_pour_lecteur_d_ecran(livret, site):
    # Le site, lui, les montre : une fonction sans fiche, la matrice cochée, le mode d'emploi de la page.
    pages = " ".join(BeautifulSoup((site / f"fiches-actions/{page}index.html").read_text(encoding="utf-8"),
                                   "html.parser").get_text(" ") for page in ("", "matrice/"))
    assert "Aucune fiche." in pages and "✓ oui" in _aplati(pages) and "range de trois façons" in pages
    tout = " ".join(livret)
    assert "Aucune fiche." not in tout
    assert "✓oui" not in tout and "✓ oui" not in tout
    assert "Cette page les range de trois façons" not in tout


def test_le_titre_de_couverture_garde_sa_periode_entiere(site, donnees):
    couverture = PdfReader(site / "livret/projet-associatif.pdf").pages[0].extract_text().splitlines()
    periode = re.search(r"\d{4}–\d{4}", donnees.jeux["edition"].titre).group(0)
    assert any(periode in ligne for ligne in couverture), couverture


def test_le_texte_copie_du_livret_garde_chaque_nombre_entier(livret, donnees):
    """Aucun nombre cité n'est suivi d'un chiffre collé (l'appel de source « 73 5001 ») dans le texte du PDF."""
    tout = " ".join(livret)
    colles = []
    for cle in donnees.chiffres:
        valeur = _aplati(valeur_formatee(donnees.chiffre(cle)))
        if len(re.sub(r"\D", "", valeur)) < 3:
            continue
        for trouve in re.finditer(rf"(?<![\d,]){re.escape(valeur)}(?=\d)", tout):
            colles.append(tout[max(0, trouve.start() - 20):trouve.end() + 10])
    assert not colles, colles


def test_assemblage_graphiques_en_police_du_texte_et_renvois_perdus_sans_lien():
    svg = ('<figure class="graphique"><svg><text style="font-size: 12px; font-family: \'DejaVu Sans\', sans-serif">'
           "5 000</text></svg></figure>")
    parties = [Partie("A", "a/", f'<p><a class="x" href="#retire">vers un passage retiré</a></p>'
                                 f'<div class="hors-pdf" id="retire">écran</div>{svg}')]
    html = assembler(parties, Couverture("Projet associatif 2024–2028", "Mission Locale d'essai"))
    soupe = BeautifulSoup(html, "html.parser")
    assert "DejaVu" not in soupe.select_one("svg text")["style"]
    assert "Source Sans 3" in soupe.select_one("svg text")["style"]
    assert "vers un passage retiré" in soupe.get_text() and not soupe.select('.partie a[href="#a--retire"]')
    assert soupe.select_one(".couverture-titre .insecable").get_text() == "2024–2028"
    assert soupe.select_one("#colophon") is not None


def test_assemblage_d_un_extrait():
    parties = [Partie("Chiffres clés", "", '<p>Bienvenue</p><div class="livret-extrait"><ul><li>12 lieux</li></ul>'
                                           '</div><h2 class="titre-sources">Sources</h2><ol class="sources-page">'
                                           "<li>Doc</li></ol>", extrait=True)]
    soupe = BeautifulSoup(assembler(parties, Couverture("P", "M")), "html.parser")
    texte = soupe.select_one(".partie").get_text(" ")
    assert "12 lieux" in texte and "Doc" in texte and "Bienvenue" not in texte
