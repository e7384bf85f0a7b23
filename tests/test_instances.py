"""Ce qui vaut pour toute structure du dépôt (celle du haut, et chacune de exemples/) : elle se construit en mode
strict, avec ses PDF ; chaque chiffre montré a sa source ; le sommaire du livret dit les bonnes pages.

Les tests sont paramétrés par les structures trouvées (tests/instances.py, `toutes_et_essais`) : une structure
ajoutée est testée sans rien écrire ici ; s'y ajoutent les structures d'essai de tests/fixtures/ (`ESSAIS`), écrites
comme un nouveau venu (apostrophes droites). Un texte de data/ se compare aux pages après la même typographie
qu'elles (`texte_publie`). Les autres tests communs : axe, requêtes, cookies et captures dans
tests/test_navigateur.py (fixture `tour`), liens dans tests/test_liens.py. Ce qui n'est vrai que d'une structure
se teste à côté d'elle (exemples/<nom>/tests/ ; pour celle du haut, tests/lisieux/).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from instances import construite, nom_de, toutes_et_essais
from pypdf import PdfReader
from test_livret import signets, sommaire

from macros.donnees import charger
from macros.typographie import texte_publie
from macros.verification import html_de_la_page, pages_de_la_nav

STRUCTURES = toutes_et_essais()


@pytest.fixture(scope="module", params=STRUCTURES, ids=nom_de)
def instance(request):
    return construite(request.param)


@pytest.fixture(scope="module")
def pages(instance) -> dict[Path, BeautifulSoup]:
    """Chaque page HTML du site de la structure, lue une fois pour tous les tests de ce module qui les parcourent."""
    return {fichier: BeautifulSoup(fichier.read_text(encoding="utf-8"), "html.parser")
            for fichier in sorted(instance.site.rglob("*.html"))}


def test_les_exemples_sont_trouves():
    # Au moins la structure modèle, que `make nouvelle-structure` copie.
    assert "modele" in [d.name for d in STRUCTURES]


def test_chaque_page_de_la_navigation_est_publiee_sans_gabarit_laisse(instance, pages):
    for page in pages_de_la_nav(instance.reglages["nav"]):
        texte = pages[html_de_la_page(instance.site, page)].select_one("article").get_text()
        assert "{{" not in texte and "{%" not in texte, page


_BLOCS = ["p", "li", "td", "th", "dd", "dt", "figcaption", "h1", "h2", "h3", "h4", "div"]


def test_chaque_chiffre_affiche_a_sa_source(instance, pages):
    donnees = charger(instance.dossier / "data")
    vus = 0
    for fichier, soupe in pages.items():
        for chiffre in soupe.select("span.chiffre"):
            vus += 1
            titre = chiffre.get("title", "")
            # L'info-bulle, lue au survol, suit la typographie du texte (macros/typographie.py).
            assert any(texte_publie(s.document) in titre for s in donnees.jeux["sources"].sources), (fichier, chiffre)
            # Dans le tableau d'un graphique, la ligne « Source : … » sous le tableau nomme le document.
            figure = chiffre.find_parent("figure")
            ligne = figure.select_one("p.graphique-sources") if figure is not None else None
            if ligne is not None:
                assert any(texte_publie(s.document) in ligne.get_text() and texte_publie(s.document) in titre
                           for s in donnees.jeux["sources"].sources), (fichier, chiffre)
                continue
            # Ailleurs, l'appel suit le groupe de mots du chiffre (« 73 500 habitants¹ »), dans le même bloc de texte.
            appel = chiffre.find_next(lambda e: "appel-source" in (e.get("class") or []))
            assert appel is not None and appel.find_parent(_BLOCS) is chiffre.find_parent(_BLOCS), (fichier, chiffre)
    assert vus > 0


def _pages(instance, pdf: dict) -> list[str]:
    """Le texte de chaque page d'un PDF de la structure, espaces normalisées (extrait une fois par session)."""
    return [" ".join(texte.split()) for texte in instance.textes_pdf(pdf["fichier"])]


def test_chaque_pdf_declare_est_fabrique_avec_son_titre(instance):
    nom = texte_publie(charger(instance.dossier / "data").jeux["structure"].nom)
    for pdf in instance.reglages["extra"]["pdf"]:
        pages = _pages(instance, pdf)
        premiere = pages[0]
        titre = texte_publie(pdf["titre"])
        assert titre.lower() in premiere.lower() or titre in " ".join(pages)
        if pdf.get("couverture", True) not in (False, "non"):
            assert nom.upper() in premiere.upper()


def test_le_sommaire_du_livret_renvoie_aux_bonnes_pages(instance):
    livret = instance.reglages["extra"]["pdf"][0]
    lecteur = PdfReader(instance.site / livret["fichier"])
    entrees = sommaire(lecteur)
    assert entrees
    pages_des_signets = {" ".join(titre.split()): page for _, titre, page in signets(lecteur)}  # comme le sommaire lu
    pages = _pages(instance, livret)
    for titre, page in entrees:
        assert titre in pages[page - 1], f"« {titre} » absent de la page {page}"
        assert pages_des_signets[titre] == page


def test_le_lien_du_livret_est_sur_les_pages(instance):
    livret = instance.reglages["extra"]["pdf"][0]["fichier"]
    accueil = (instance.site / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'href="[^"]*{re.escape(livret)}"', accueil)


def test_les_sigles_expliques_sont_ceux_de_la_structure(instance, pages):
    # Chaque structure lit son propre data/sigles.yml (à côté de ses docs/) : jamais ceux d'une autre, ni ceux
    # du haut du dépôt ; sans fichier de sigles, aucune info-bulle de sigle.
    sigles = charger(instance.dossier / "data").jeux.get("sigles")
    propres = sigles.sigles if sigles is not None else {}
    for fichier, soupe in pages.items():
        for abbr in soupe.select("article abbr"):
            sens = propres.get(abbr.get_text())
            assert sens is not None and texte_publie(sens) == abbr.get("title"), (fichier, str(abbr))


# Notes aux éditeurs (macros/notes.py) : où corriger un chiffre, ce qui manque. Le site de la version de travail
# les montre ; aucun PDF ne les porte (tests/test_editions.py : ni une édition adoptée).
NOTES_AUX_EDITEURS = ("À modifier dans", "Non renseigné", "non précisé", "à compléter")


def notes_aux_editeurs(texte: str) -> list[str]:
    texte = " ".join(texte.split()).lower()
    return [note for note in NOTES_AUX_EDITEURS if note.lower() in texte]


def test_aucune_note_aux_editeurs_dans_un_pdf(instance):
    for pdf in instance.reglages["extra"]["pdf"]:
        assert notes_aux_editeurs(" ".join(_pages(instance, pdf))) == [], pdf["fichier"]


def test_les_notes_aux_editeurs_seulement_sur_le_site_de_la_version_de_travail(instance, pages):
    """Chaque liste « Sources » dit où corriger ses chiffres si la structure publie sa version de travail ; jamais
    si son édition est adoptée."""
    travail = not charger(instance.dossier / "data").jeux["edition"].adoptee
    listes = 0
    for fichier, soupe in pages.items():
        for sources in soupe.select("ol.sources-page"):
            listes += 1
            assert ("À modifier dans" in sources.get_text()) == travail, fichier
    if listes == 0:
        pytest.skip("aucune page de cette structure ne cite de chiffre")
