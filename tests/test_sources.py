"""Les sources des chiffres, montrées au lecteur : info-bulle, appel numéroté, liste « Sources » de la page.

Sur la structure d'essai tests/fixtures/livret (chiffres clés, texte, fiches, graphiques), construite une fois par
session (tests/instances.py) ; chaque appel mène à son entrée, vérifié aussi sur chaque structure du dépôt.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from markupsafe import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES, pages_html
from instances import construire_instance, construite, nom_de, toutes_et_essais
from lecture_html import sans_typographie

from macros import rendus
from macros.typographie import texte_publie

ESSAI = STRUCTURE = FIXTURES / "livret"  # les fixtures site et donnees la lisent
_APPEL = re.compile(r'chiffre\(\s*["\']([^"\']+)["\']\s*\)')


@dataclass
class Cite:
    """Un chiffre (ou une date sourcée) tel que la page le montre, et l'appel qui le suit."""

    info_bulle: str
    texte: str = ""
    appel: str = ""
    dans_un_tableau_de_graphique: bool = False  # ses sources sont dites sous le tableau, sans appel


class Page(HTMLParser):
    """Ce qu'un test lit d'une page : chiffres, appels de source, entrées de la liste « Sources »."""

    def __init__(self, html: str):
        super().__init__()
        self.chiffres: list[Cite] = []
        self.appels: list[tuple[str, str, str]] = []  # (href, aria-label, texte) de chaque appel
        self.entrees: dict[str, str] = {}        # id de l'entrée → son texte
        self._dans_chiffre: str | None = None
        self._dans_appel = False
        self._entree: str | None = None
        self._tableaux_de_graphique = 0
        self.feed(html)

    def handle_starttag(self, balise, attributs):
        attributs = dict(attributs)
        classes = (attributs.get("class") or "").split()
        if balise == "table" and "graphique-tableau" in classes:
            self._tableaux_de_graphique += 1
        if "chiffre" in classes:  # un nombre (<span>) ou une date sourcée (<time>)
            self.chiffres.append(Cite(attributs.get("title", ""),
                                      dans_un_tableau_de_graphique=self._tableaux_de_graphique > 0))
            self._dans_chiffre = balise
        if balise == "sup" and "appel-source" in classes:
            self._dans_appel = True
        elif balise == "a" and self._dans_appel:
            self.appels.append((attributs.get("href", ""), attributs.get("aria-label", ""), ""))
            if self.chiffres and not self.chiffres[-1].appel:
                self.chiffres[-1].appel = attributs.get("href", "")
        if balise == "li" and (attributs.get("id") or "").startswith("source-"):
            self._entree = attributs["id"]
            self.entrees[self._entree] = ""

    def handle_endtag(self, balise):
        if balise == "table" and self._tableaux_de_graphique:
            self._tableaux_de_graphique -= 1
        if balise == self._dans_chiffre:
            self._dans_chiffre = None
        if balise == "sup":
            self._dans_appel = False
        if balise == "li":
            self._entree = None

    def handle_data(self, texte):
        if self._dans_chiffre and self.chiffres:
            self.chiffres[-1].texte += texte
        if self._dans_appel and self.appels:
            href, label, avant = self.appels[-1]
            self.appels[-1] = (href, label, avant + texte)
        if self._entree:
            self.entrees[self._entree] += sans_typographie(texte)


def entree_de(cle: str, donnees) -> tuple[str, int]:
    """Ce qui distingue une entrée de la liste : la source du chiffre et l'année qu'il décrit."""
    chiffre = donnees.chiffre(cle)
    return chiffre.source, chiffre.annee or donnees.source(chiffre.source).annee


def sources_attendues(cles: list[str], donnees) -> list[tuple[str, int]]:
    """Les entrées que la liste doit avoir : une par source et par année, dans l'ordre du premier appel."""
    vues: list[tuple[str, int]] = []
    for cle in cles:
        entree = entree_de(cle, donnees)
        if entree not in vues:
            vues.append(entree)
    return vues


def page_construite(site: Path, source_md: Path) -> Path:
    """Le HTML construit d'une page de docs/ de la structure d'essai (a/b.md → a/b/index.html)."""
    relatif = source_md.relative_to(ESSAI / "docs").with_suffix("")
    return site / (relatif.parent if relatif.name == "index" else relatif) / "index.html"


def pages_qui_citent() -> list[tuple[Path, list[str]]]:
    """Chaque page de docs/ de la structure d'essai qui cite des chiffres par la macro, avec les clés citées."""
    resultat = []
    for md in sorted((ESSAI / "docs").rglob("*.md")):
        cles = _APPEL.findall(md.read_text(encoding="utf-8"))
        if cles:
            resultat.append((md, cles))
    return resultat


def test_une_page_au_moins_cite_des_chiffres():
    # L'accueil (chiffres clés), le texte d'une page, une fiche.
    assert len(pages_qui_citent()) >= 3, "trop peu de pages appellent {{ chiffre(...) }} : le test vérifierait peu"


@pytest.mark.parametrize("md,cles", pages_qui_citent(), ids=lambda v: v.name if isinstance(v, Path) else "")
def test_la_source_de_chaque_chiffre_est_sur_sa_page(site, donnees, md, cles):
    html = page_construite(site, md).read_text(encoding="utf-8")
    page = Page(html)
    prefixe = "#source-" + re.sub(r"[^a-z0-9]+", "-", md.relative_to(ESSAI / "docs").with_suffix("").as_posix())
    assert len(page.entrees) >= len(sources_attendues(cles, donnees)), f"{md.name} : liste « Sources » incomplète"
    assert 'class="titre-sources"' in html
    for cle in cles:
        chiffre = donnees.chiffre(cle)
        source = donnees.source(chiffre.source)
        # Sur la page : le chiffre mis en forme, la mention de sa source en info-bulle (tirée de data/, avec la
        # typographie des pages : « Vallées d’Essai »)…
        vus = [c for c in page.chiffres if c.info_bulle == texte_publie(rendus.mention_source(chiffre, source))
               and c.texte == rendus.valeur_formatee(chiffre)]
        assert vus, f"{cle} : chiffre ou info-bulle absents de {md.name}"
        vus = [c for c in vus if not c.dans_un_tableau_de_graphique] or vus
        # … puis un appel vers l'entrée de sa source et de son année, qui le nomme avec sa valeur.
        entrees = [page.entrees.get(c.appel.removeprefix("#"), "") for c in vus]
        assert all(c.appel.startswith(prefixe + "-") for c in vus), [c.appel for c in vus]
        assert any(source.document in e and str(source.annee) in e and chiffre.libelle in e
                   and rendus.valeur_formatee(chiffre) in e
                   and (not chiffre.annee or f"de {chiffre.annee}" in e) for e in entrees), (cle, entrees)


def test_chaque_chiffre_du_texte_a_son_appel(site):
    """Sur chaque page de la structure d'essai, autant d'appels que de chiffres hors des tableaux de graphiques."""
    for fichier in pages_html(site):
        page = Page(fichier.read_text(encoding="utf-8"))
        dans_le_texte = [c for c in page.chiffres if not c.dans_un_tableau_de_graphique]
        assert len(page.appels) == len(dans_le_texte), f"{fichier.relative_to(site)} : un chiffre sans appel"


# Les structures déjà construites pour la session (tests/test_instances.py) : leurs pages rendent des chiffres par
# des macros que la structure d'essai n'emploie pas (offre, tableaux, frise…). Un tableau de data/ (`tableaux:`)
# porte un seul appel pour toutes ses cellules.
@pytest.mark.parametrize("dossier", [ESSAI, *toutes_et_essais()], ids=nom_de)
def test_chaque_appel_de_chaque_page_mene_a_une_entree_de_sa_liste(dossier):
    """Pour tout appel de toute page (même rendu par une autre macro) : il mène à une entrée de la même page."""
    site = construite(dossier).site
    compte = 0
    for fichier in pages_html(site):
        page = Page(fichier.read_text(encoding="utf-8"))
        for href, label, texte in page.appels:
            assert href.startswith("#") and href[1:] in page.entrees, (fichier, href)
            # « [1] » quand le chiffre finit sa phrase (macros/typographie.py), « 1 » sinon.
            assert label == f"source {texte.strip('[]')}", "le nom accessible dit « source N »"
            compte += 1
        if not page.chiffres and not page.appels:
            assert not page.entrees, f"{fichier.relative_to(site)} : liste « Sources » sans chiffre"
    assert compte > 0


@pytest.mark.construction
def test_une_source_citee_deux_fois_la_meme_annee_n_a_qu_une_entree(minimale, tmp_path):
    """Deux chiffres de même source et même année partagent une entrée ; le même chiffre cité deux fois aussi.
    Sur une copie de la structure d'essai tests/fixtures/minimale."""
    from macros.donnees import charger

    donnees = charger(minimale / "data")
    # Dans data/ : deux chiffres d'une même source et d'une même année, et un troisième d'une autre entrée.
    groupes: dict[tuple[str, int], list[str]] = {}
    for cle in donnees.chiffres:
        groupes.setdefault(entree_de(cle, donnees), []).append(cle)
    a, b = next(g for g in groupes.values() if len(g) > 1)[:2]
    c = next(g for k, g in groupes.items() if k != entree_de(a, donnees))[0]
    cles = [a, b, c, a]
    index = minimale / "docs/index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n" + " ".join(
        f'{{{{ chiffre("{c}") }}}}' for c in cles) + "\n", encoding="utf-8")
    resultat = construire_instance(minimale, tmp_path / "sortie", env={"SANS_PDF": "1"})
    assert resultat.code == 0, resultat.sortie
    page = Page((tmp_path / "sortie/index.html").read_text(encoding="utf-8"))
    appels = [c.appel for c in page.chiffres][-len(cles):]
    assert all(appels)
    # Même source et même année ⇔ même entrée de la liste.
    for i, a in enumerate(cles):
        for j, b in enumerate(cles):
            assert (appels[i] == appels[j]) == (entree_de(a, donnees) == entree_de(b, donnees)), (a, b)


def test_le_livret_montre_les_sources(site, donnees):
    from pypdf import PdfReader

    documents = {donnees.source(donnees.chiffre(c).source).document for _, cles in pages_qui_citent() for c in cles}
    # Une page du livret porte une liste « Sources » qui nomme un document ; lues dans l'ordre, jusqu'à elle.
    textes = (" ".join(page.extract_text().split()) for page in PdfReader(site / "livret/projet-associatif.pdf").pages)
    assert any("Sources" in texte and any(" ".join(d.split()) in texte for d in documents) for texte in textes)


def test_l_info_bulle_echappe_le_html():
    from macros.modeles.base import Chiffre, Source

    source = Source(id="s", document='Rapport "A" <b>', auteur="X & Y", annee=2020)
    chiffre = Chiffre(libelle="l", valeur=1, source="s")
    assert escape(rendus.mention_source(chiffre, source)) in rendus.chiffre_html(chiffre, source)
