"""Mise en page du livret, lue dans le PDF : pied de page sur une ligne, aucun titre seul en bas de page, une
seule liste des sources, une matrice propre, des chiffres clés mis en page.

Les PDF sont faits directement (`livret.fabriquer`) à partir de petites parties, sauf quand c'est la page
construite par MkDocs qui compte (les chiffres clés, la matrice) : alors le livret de la structure d'essai
tests/fixtures/livret, construite une fois par session (tests/instances.py), ses lignes lues une fois.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest
from conftest import FIXTURES, RACINE, pages_html
from pypdf import PdfReader

from livret import Couverture, Partie, fabriquer
from macros import rendus
from macros.typographie import typographier

FEUILLE = RACINE / "overrides/assets/css/livret.css"
ESSAI = STRUCTURE = FIXTURES / "livret"  # les fixtures site et donnees la lisent
POUCE = 72 / 25.4  # points par millimètre


@dataclass(frozen=True)
class Ligne:
    """Une ligne de texte d'une page : sa hauteur depuis le bas (points), son texte, sa police et sa taille."""

    y: float
    texte: str
    gras: bool
    taille: float


def lignes(page) -> list[Ligne]:
    """Les lignes de la page, de haut en bas (les morceaux à la même hauteur forment une ligne)."""
    morceaux: list[tuple[float, float, str, bool, float]] = []

    def visiteur(texte, cm, tm, police, taille):
        if texte.strip():
            y = cm[5] + tm[5] * cm[3]
            x = cm[4] + tm[4] * cm[0]
            nom = str((police or {}).get("/BaseFont", ""))
            morceaux.append((round(y, 1), x, texte, "Bold" in nom, round(taille * abs(cm[3]), 1)))

    page.extract_text(visitor_text=visiteur)
    resultat: dict[float, list] = {}
    for y, x, texte, gras, taille in morceaux:
        resultat.setdefault(y, []).append((x, texte, gras, taille))
    return [Ligne(y, " ".join(" ".join(t for _, t, _, _ in sorted(m)).split()), all(g for _, _, g, _ in m),
                  max(t for *_, t in m))
            for y, m in sorted(resultat.items(), reverse=True)]


HAUTEUR_A4 = 297 * POUCE


def pied(lues: list[Ligne]) -> list[Ligne]:
    """Les lignes d'une page (`lignes`) sous la marge basse (24 mm) : le pied de page."""
    return [ligne for ligne in lues if ligne.y < 24 * POUCE]


def corps(lues: list[Ligne]) -> list[Ligne]:
    """Les lignes d'une page A4 (`lignes`) entre l'en-tête et le pied."""
    return [ligne for ligne in lues if 24 * POUCE <= ligne.y <= HAUTEUR_A4 - 22 * POUCE]


def _long_texte(n: int) -> str:
    return "".join(f"<p>Paragraphe {i} : une phrase assez longue pour occuper la ligne, qui dit ce que fait la "
                   "structure pour les jeunes du territoire et avec ses partenaires.</p>" for i in range(n))


# Les noms des quatre structures des documents sources, tels qu'un éditeur les tape (apostrophe droite).
NOMS = ["Mission Locale Lisieux Normandie", "Mission Locale de l'Arrondissement de Béthune",
        "Mission Locale de Moulins et sa région", "Mission Locale Jeunes du Pays d'Alençon"]


@pytest.mark.parametrize("nom", NOMS)
def test_le_pied_de_page_tient_sur_une_ligne_avec_le_nom_entier(nom):
    """Version de travail d'un long titre, plus de dix pages : le pied reste une ligne, nom entier, « 10 / 12 »."""
    couverture = Couverture("Projet associatif et stratégique 2024–2029", nom, edition="Version de travail, non adoptée",
                            version_de_travail=True)
    parties = [Partie(f"Partie {i}", f"p{i}/", _long_texte(1)) for i in range(1, 11)]
    lecteur = PdfReader(io.BytesIO(fabriquer(parties, couverture, [FEUILLE]).octets))
    total = len(lecteur.pages)
    assert total >= 10
    attendu = nom.replace("'", "’")
    for numero, page in enumerate(lecteur.pages[1:], 2):
        lues = lignes(page)
        lignes_du_pied = pied(lues)
        assert len(lignes_du_pied) == 1, (numero, lignes_du_pied)
        texte = lignes_du_pied[0].texte
        assert attendu in texte and texte.endswith(f"{numero} / {total}"), texte
        assert "Version de travail" not in texte
        # L'état d'une version de travail est écrit en haut de chaque page.
        assert "Version de travail, non adoptée" in lues[0].texte


# ── Le livret de la structure d'essai, construit par MkDocs ───────────────────────────────────────────────
@pytest.fixture(scope="module")
def livret(site) -> list[list[Ligne]]:
    """Les lignes de chaque page du livret, lues une fois pour tous les tests du module (pypdf est lent)."""
    return [lignes(page) for page in PdfReader(site / "livret/projet-associatif.pdf").pages]


def _titres_du_site(site) -> set[str]:
    """Les textes des titres, légendes et intitulés des pages du site (tels qu'imprimés, typographie faite)."""
    from bs4 import BeautifulSoup

    titres = set()
    for page in pages_html(site):
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("article")
        if article is None:
            continue
        for element in article.select("h1, h2, h3, h4, h5, h6, summary, caption, figcaption, dt"):
            for lien in element.select("a.headerlink"):
                lien.decompose()
            texte = " ".join(element.get_text().split())
            if len(texte) >= 4:
                titres.add(texte)
    return titres


def test_aucun_titre_seul_en_bas_de_page(site, livret):
    """La dernière ligne de texte de chaque page n'est ni un titre, ni une légende de tableau ou de graphique,
    ni l'intitulé d'une liste (« Les chiffres du graphique » compris) : ce qu'ils annoncent les suit."""
    titres = _titres_du_site(site)
    seuls = []
    for numero, page in enumerate(livret, 1):
        lignes_du_corps = corps(page)
        if len(lignes_du_corps) < 2:
            continue
        derniere = lignes_du_corps[-1].texte
        # Titres, légendes de tableau et intitulés sont en gras (une légende de graphique, elle, vient après lui).
        if lignes_du_corps[-1].gras and any(titre.startswith(derniere) for titre in titres):
            seuls.append((numero, derniere))
    assert not seuls, seuls


def test_un_seul_intertitre_de_sources_par_partie(livret):
    """Une fiche tirée d'un document et qui cite des chiffres : un intertitre « Sources », qui s'ouvre sur le
    document d'origine ; jamais « Source » puis « Sources »."""
    intertitres = [ligne.texte for page in livret for ligne in corps(page) if ligne.gras and ligne.taille >= 14]
    suites = [(a, b) for a, b in zip(intertitres, intertitres[1:]) if a.startswith("Source") and b.startswith("Source")]
    assert intertitres.count("Sources") >= 3 and not suites, suites
    assert any("Document d’origine" in texte_de(page) for page in livret)


def texte_de(lues: list[Ligne]) -> str:
    return " ".join(ligne.texte for ligne in lues)


def test_la_matrice_s_imprime_proprement(livret, donnees):
    """Ni titre de fiche collé à sa mention, ni intitulé de colonne césuré, ni mode d'emploi des clics."""
    from macros import fiches as F

    page = next(p for p in livret if "Fonctions de l’offre de service visées" in texte_de(p))
    texte = texte_de(page)
    assert "Un clic" not in " ".join(texte_de(p) for p in livret)
    for fonction in F.fonctions(donnees).values():
        for mot in fonction.abrege.split():
            assert mot in texte.split() or mot + "," in texte.split(), f"« {mot} » coupé dans l'en-tête"
    tableau = [ligne.texte for ligne in corps(page)]
    tableau = tableau[next(i for i, t in enumerate(tableau) if "Fonctions de l’offre" in t):
                      next(i for i, t in enumerate(tableau) if t.startswith("Nombre de fiches"))]
    assert not [t for t in tableau if re.search(r"\w-(\s|$)", t)], tableau
    editoriales = [f for f in F.fiches_ordonnees(donnees) if f.fonctions and f.fonctions.origine == "choix-editorial"]
    assert editoriales and texte.count("(choix éditorial)") == len(editoriales)


def test_les_chiffres_cles_sont_une_page_composee(livret, donnees):
    """La page « Chiffres clés » : chaque chiffre en grand, avec sa source et son année sous lui."""
    page = next(p for p in livret if "Chiffres clés" in [ligne.texte for ligne in corps(p)][:1])
    grands = [ligne for ligne in corps(page) if ligne.gras and ligne.taille >= 20 and ligne.texte != "Chiffres clés"]
    valeur = " ".join(typographier(rendus.valeur_formatee(donnees.chiffre("territoire.habitants"))).split())
    # Deux cartes côte à côte : la première ligne de grands chiffres en porte deux.
    assert len(grands) >= 2 and grands[0].texte.startswith(valeur + " "), grands
    texte = texte_de(page)
    annee = str(donnees.chiffre("territoire.habitants").annee)
    assert texte.count("Source :") + texte.count("Source\u00a0:") >= 4 and f"chiffre de {annee}" in texte
