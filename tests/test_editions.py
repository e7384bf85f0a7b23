"""Éditions avec mike, dans un dépôt git temporaire (aucun réseau) : deux éditions adoptées puis la version de
travail, publiées par publication/publier.py comme le fait le flux de publication.

Le dépôt est celui d'une structure à elle (mkdocs.yml de `make nouvelle-structure`) qui porte la structure d'essai
tests/fixtures/editions/ : quelques pages, un chiffre, des sources, une charte et deux PDF. Le moteur publié est
celui de ce dépôt-ci (PYTHONPATH), comme le ferait le moteur installé."""
from __future__ import annotations

import gzip
import io
from html import escape, unescape
import json
import mimetypes
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import threading
import time
import urllib.error
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import FIXTURES, RACINE, VENV, modifier_yaml
from lecture_html import sans_typographie
from navigateur import EXIGENCES, PALETTE, SCHEMAS_DE_COULEURS, analyser, redimensionner, resume_violations
from pypdf import PdfReader

from macros.donnees import charger
from macros.editions import ALIAS_EN_VIGUEUR, VERSION_DE_TRAVAIL
from macros.format import date_longue
from macros.instance import configuration
from macros.nouvelle_structure import DEPOT
from macros.rendus import valeur_formatee
from macros.typographie import texte_publie

BANDEAU_TRAVAIL = "Version de travail, non adoptée"
# Chemin du livret PDF dans chaque édition (construit par `mkdocs build`, donc par chaque `mike deploy`).
LIVRET = re.compile(r"^livret/[^/]+\.pdf$")


class Depot:
    """Le dépôt git jetable d'une structure (la structure d'essai des éditions et le mkdocs.yml d'un dépôt de
    structure), où l'on publie comme le flux de publication."""

    def __init__(self, dossier: Path):
        self.dossier = shutil.copytree(FIXTURES / "editions", dossier)
        shutil.copy(DEPOT / "mkdocs.yml", dossier / "mkdocs.yml")
        shutil.copy(DEPOT / "gitignore", dossier / ".gitignore")  # le site/ que laisse mike reste hors du dépôt
        self.horloge = 1_718_000_000  # dates de commit croissantes : l'ordre des étiquettes est certain
        self.git("init", "--quiet", "--initial-branch=main")
        self.commit("Projet copié")

    def env(self, pdf: bool = False) -> dict[str, str]:
        date = f"{self.horloge} +0200"
        return {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
                "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
                "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "NO_MKDOCS_2_WARNING": "1",
                # `python -m publication.publier` et mike prennent le moteur de ce dépôt-ci.
                "PYTHONPATH": os.pathsep.join(filter(None, [str(RACINE), os.environ.get("PYTHONPATH")])),
                # Le livret se met en page à chaque construction ; sans `pdf`, sa page d'attente (SANS_PDF,
                # comme `make serve`), qui porte les mentions de la couverture : le PDF est bien publié,
                # en quelques secondes de moins.
                **({} if pdf else {"SANS_PDF": "1"})}

    def git(self, *arguments: str) -> str:
        resultat = subprocess.run(["git", *arguments], cwd=self.dossier, env=self.env(),
                                  capture_output=True, text=True)
        assert resultat.returncode == 0, resultat.stderr
        return resultat.stdout

    def commit(self, message: str) -> None:
        self.horloge += 86_400
        self.git("add", "--all")
        self.git("commit", "--quiet", "--message", message)

    def publier(self, *arguments: str, dossier: Path | None = None, pdf: bool = False) -> subprocess.CompletedProcess:
        self.horloge += 60
        return subprocess.run([sys.executable, "-m", "publication.publier", *arguments], cwd=dossier or self.dossier,
                              env=self.env(pdf), capture_output=True, text=True)

    def adopter(self, identifiant: str, titre: str, debut: int, adoption: str) -> None:
        """Ce que fait l'éditeur : data/edition.yml passe à « adoptee », commit, étiquette edition-<id>. (La
        structure d'essai a déjà ce qu'une édition adoptée exige : mentions légales complètes, aucun chiffre à
        vérifier.)"""
        def edition(donnees):
            donnees.update(id=identifiant, titre=titre, periode={"debut": debut, "fin": debut + 4},
                           statut="adoptee", adoption=adoption)
        modifier_yaml(self.dossier / "data/edition.yml", edition)
        self.commit(f"Adoption de l'édition {identifiant}")
        self.git("tag", f"edition-{identifiant}")

    def fichiers(self, rev: str, dossier: str = "") -> dict[str, tuple[str, str]]:
        """Chaque fichier de gh-pages (sous `dossier`) → (mode, objet git)."""
        sortie = self.git("ls-tree", "-r", "--full-tree", rev, *([dossier] if dossier else []))
        lignes = (l.split(None, 3) for l in sortie.splitlines())
        return {chemin: (mode, objet) for mode, _, objet, chemin in lignes}

    def lire(self, rev: str, chemin: str) -> str:
        return self.git("show", f"{rev}:{chemin}")


def _premier_chiffre_du_territoire(donnees) -> str:
    return next(iter(donnees.jeux["territoire"].chiffres))


@pytest.fixture(scope="module")
def publie(tmp_path_factory):
    """Version de travail seule, puis édition 2024-2028, puis édition 2029-2033 (données changées, livret mis en
    page pour de bon), puis de nouveau la version de travail (données changées).

    Renvoie le dépôt et ce qu'il faut pour vérifier : commits de gh-pages à chaque étape, données de chaque étape.
    """
    depot = Depot(tmp_path_factory.mktemp("editions") / "depot")
    etat: dict = {"depot": depot}
    cle = _premier_chiffre_du_territoire(charger(depot.dossier / "data"))
    etat["cle"] = f"territoire.{cle}"

    # Avant toute adoption (l'état du dépôt aujourd'hui) : la version de travail seule.
    resultat = depot.publier("brouillon")
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    etat["gh_0"] = depot.git("rev-parse", "gh-pages").strip()

    # Une source que la deuxième édition retire (personne ne la cite : elle peut partir).
    modifier_yaml(depot.dossier / "data/sources.yml", lambda d: d["sources"].append(
        {"id": "source-retiree", "document": "Document retiré ensuite", "auteur": "Test", "annee": 2020}))
    depot.adopter("2024-2028", "Projet associatif 2024–2028", 2024, "2024-06-20")
    etat["donnees_1"] = charger(depot.dossier / "data")
    resultat = depot.publier("edition", "edition-2024-2028")
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    etat["gh_1"] = depot.git("rev-parse", "gh-pages").strip()

    # Deuxième édition : un chiffre change, une source part, une autre arrive, une autre est retouchée.
    def territoire(d):
        d["chiffres"][cle]["valeur"] = d["chiffres"][cle]["valeur"] * 2 + 1

    def sources(d):
        d["sources"] = [s for s in d["sources"] if s["id"] != "source-retiree"]
        d["sources"].append({"id": "source-ajoutee", "document": "Document ajouté", "auteur": "Test",
                             "annee": 2028})
        d["sources"][0]["document"] += " (révisé)"
    modifier_yaml(depot.dossier / "data/territoire.yml", territoire)
    modifier_yaml(depot.dossier / "data/sources.yml", sources)
    # Une adoption est passée (une date future est refusée) : après la première, avant aujourd'hui.
    # Un titre tel qu'un éditeur le tape (apostrophe droite, deux-points sans espace fine) : le sélecteur d'édition
    # et la page 404 le montrent à la typographie des pages.
    depot.adopter("2029-2033", "Projet associatif 2029–2033 : l'avenir ensemble", 2029, "2025-01-15")
    etat["donnees_2"] = charger(depot.dossier / "data")
    # Livret et charte mis en page pour de bon : leurs liens sont suivis sur le site publié.
    resultat = depot.publier("edition", "edition-2029-2033", pdf=True)
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    etat["gh_2"] = depot.git("rev-parse", "gh-pages").strip()

    # Version de travail depuis main : le même chiffre change encore ; statut brouillon.
    modifier_yaml(depot.dossier / "data/territoire.yml",
                  lambda d: d["chiffres"][cle].update(valeur=d["chiffres"][cle]["valeur"] + 10))
    modifier_yaml(depot.dossier / "data/edition.yml", lambda d: (d.update(statut="brouillon", id="2034-2038"),
                                                                   d.pop("adoption")))
    depot.commit("Travail sur la prochaine édition")
    etat["donnees_3"] = charger(depot.dossier / "data")
    resultat = depot.publier("brouillon")
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    etat["gh_3"] = depot.git("rev-parse", "gh-pages").strip()
    return etat


def test_versions_json_titres_et_alias(publie):
    depot = publie["depot"]
    versions = json.loads(depot.lire(publie["gh_3"], "versions.json"))
    par_version = {v["version"]: v for v in versions}
    assert set(par_version) == {"2024-2028", "2029-2033", VERSION_DE_TRAVAIL}
    assert par_version["2024-2028"]["title"] == publie["donnees_1"].jeux["edition"].titre
    assert par_version["2029-2033"]["title"] == texte_publie(publie["donnees_2"].jeux["edition"].titre)
    assert "l’avenir" in par_version["2029-2033"]["title"]
    assert "non adoptée" in par_version[VERSION_DE_TRAVAIL]["title"]
    assert par_version["2029-2033"]["aliases"] == [ALIAS_EN_VIGUEUR]
    assert par_version["2024-2028"]["aliases"] == [] and par_version[VERSION_DE_TRAVAIL]["aliases"] == []


def _cible_de_redirection(html: str) -> str:
    trouve = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
    assert trouve, html
    return trouve.group(1)


def test_la_racine_mene_a_l_edition_en_vigueur_sans_lien_symbolique(publie):
    """La racine redirige vers l'adresse stable …/en-vigueur/, une copie de l'édition en vigueur (pas des pages de
    redirection) : chaque page et chaque PDF y a son vrai fichier, le même que dans …/2029-2033/."""
    depot = publie["depot"]
    racine = depot.lire(publie["gh_3"], "index.html")
    assert _cible_de_redirection(racine) == f"{ALIAS_EN_VIGUEUR}/" and 'lang="fr"' in racine
    copie = {chemin.removeprefix(f"{ALIAS_EN_VIGUEUR}/"): objet
             for chemin, (_, objet) in depot.fichiers(publie["gh_3"], ALIAS_EN_VIGUEUR).items()}
    edition = {chemin.removeprefix("2029-2033/"): objet
               for chemin, (_, objet) in depot.fichiers(publie["gh_3"], "2029-2033").items()}
    assert copie == edition and "livret/projet-associatif.pdf" in copie
    # GitHub Pages (publication depuis une branche) refuse les liens symboliques (mode 120000).
    assert all(mode != "120000" for mode, _ in depot.fichiers(publie["gh_3"]).values())


def test_avant_la_premiere_adoption_la_racine_mene_a_la_version_de_travail(publie):
    depot = publie["depot"]
    assert _cible_de_redirection(depot.lire(publie["gh_0"], "index.html")) == f"{VERSION_DE_TRAVAIL}/"
    assert [v["version"] for v in json.loads(depot.lire(publie["gh_0"], "versions.json"))] == [VERSION_DE_TRAVAIL]


def test_publier_une_edition_ne_touche_pas_aux_precedentes(publie):
    depot = publie["depot"]
    avant = depot.fichiers(publie["gh_1"], "2024-2028")
    apres = depot.fichiers(publie["gh_3"], "2024-2028")
    assert avant and "2024-2028/index.html" in avant
    assert apres == avant


def test_bandeau_de_la_version_de_travail(publie):
    depot = publie["depot"]
    for version in (VERSION_DE_TRAVAIL, "2029-2033", "2024-2028"):
        html = depot.lire(publie["gh_3"], f"{version}/index.html")
        assert (BANDEAU_TRAVAIL in html) == (version == VERSION_DE_TRAVAIL), version


def test_bandeau_des_editions_qui_ne_sont_plus_en_vigueur(publie):
    """Material montre le bloc « outdated » hors de l'alias en-vigueur ; la version de travail a le sien."""
    depot = publie["depot"]

    def bloc(version: str) -> str:
        html = depot.lire(publie["gh_3"], f"{version}/index.html")
        return html.split('data-md-component="outdated"', 1)[1].split("<header", 1)[0]

    assert "n'est plus en vigueur" in bloc("2024-2028") and 'href="./../"' in bloc("2024-2028")
    assert "n'est plus en vigueur" not in bloc(VERSION_DE_TRAVAIL)
    # Ce que lit le script de Material pour décider d'afficher le bloc : l'alias de l'édition en vigueur.
    html = depot.lire(publie["gh_3"], "2024-2028/index.html")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html).group(1))
    # alias: false : le sélecteur ne montre pas l'identifiant brut « en-vigueur » à côté des titres.
    assert config["version"] == {"provider": "mike", "default": ALIAS_EN_VIGUEUR, "alias": False}


def _article(html: str) -> str:
    """Le texte du contenu de la page (sans la navigation ni la table des matières)."""
    article = re.search(r"<article[^>]*>(.*?)</article>", html, re.S).group(1)
    return sans_typographie(unescape(re.sub(r"<[^>]+>", "", article)))


def test_ce_qui_a_change_dans_l_edition_adoptee(publie):
    depot, cle = publie["depot"], publie["cle"]
    page = _article(depot.lire(publie["gh_3"], "2029-2033/ce-qui-a-change/index.html"))
    ancien, nouveau = publie["donnees_1"], publie["donnees_2"]
    assert ancien.jeux["edition"].titre in page and "adoptée le 20 juin 2024" in page
    avant, apres = valeur_formatee(ancien.chiffre(cle)), valeur_formatee(nouveau.chiffre(cle))
    assert avant != apres
    # « libellé : ancienne valeur → nouvelle valeur », sans identifiant interne.
    ligne = re.search(re.escape(nouveau.chiffre(cle).libelle) + r" : (.*?) → (.*?)\n", page)
    assert ligne and avant in ligne.group(1) and apres in ligne.group(2), page
    assert cle not in page
    ajouts = page.split("Ajouts")[1].split("Retraits")[0]
    retraits = page.split("Retraits")[1].split("Modifications")[0]
    modifications = page.split("Modifications")[1].split("Chiffres")[0]
    assert "Document ajouté" in ajouts and "Document retiré ensuite" in retraits
    # La première source de data/sources.yml, retouchée (celles du réseau, reseau/sources.yml, la précèdent).
    premiere = next(s for s in nouveau.jeux["sources"].sources if s.document.endswith(" (révisé)"))
    assert premiere.document in modifications and "document" in modifications


def test_ce_qui_a_change_dans_la_version_de_travail(publie):
    depot, cle = publie["depot"], publie["cle"]
    page = _article(depot.lire(publie["gh_3"], f"{VERSION_DE_TRAVAIL}/ce-qui-a-change/index.html"))
    en_vigueur, travail = publie["donnees_2"], publie["donnees_3"]
    assert f"comparée à l'édition en vigueur, {en_vigueur.jeux['edition'].titre}" in page
    assert valeur_formatee(en_vigueur.chiffre(cle)) in page and valeur_formatee(travail.chiffre(cle)) in page
    assert "Sources" not in page, "aucune source n'a changé depuis l'édition en vigueur"


def test_page_404_a_la_racine(publie):
    depot = publie["depot"]
    page = depot.lire(publie["gh_3"], "404.html")
    racine = urlsplit(configuration(depot.dossier)["site_url"]).path
    assert '<html lang="fr">' in page and "Page introuvable" in page
    principal = re.search(r'class="principal" href="([^"]+)">([^<]+)<', page)
    # L'adresse stable de l'édition en vigueur, pas celle de son année (qu'une adoption suivante remplacera).
    assert principal.groups() == (f"{racine}{ALIAS_EN_VIGUEUR}/",
                                  escape(texte_publie(publie["donnees_2"].jeux["edition"].titre), quote=False))
    for version in ("2024-2028", VERSION_DE_TRAVAIL):
        assert f'href="{racine}{version}/"' in page
    assert "<script" not in page and "http" not in page.split("<body>")[1], "ni script ni adresse externe"


def test_chaque_edition_a_son_livret_pdf(publie):
    """Le livret est construit par `mkdocs build` : chaque édition déployée a le sien."""
    depot, couvertures = publie["depot"], {}
    for version in ("2024-2028", "2029-2033", VERSION_DE_TRAVAIL):
        fichiers = depot.fichiers(publie["gh_3"], version)
        pdf = [c for c in fichiers if LIVRET.match(c.removeprefix(f"{version}/"))]
        assert pdf, f"pas de livret PDF dans l'édition {version}"
        contenu = subprocess.run(["git", "cat-file", "blob", fichiers[pdf[0]][1]], cwd=depot.dossier,
                                 capture_output=True, check=True).stdout
        assert contenu.startswith(b"%PDF-"), version
        couvertures[version] = PdfReader(io.BytesIO(contenu)).pages[0].extract_text()
    # La couverture dit ce qu'est l'édition : date d'adoption tirée de data/edition.yml, ou version de travail.
    adoption = publie["donnees_2"].jeux["edition"].adoption
    assert f"Adopté le {date_longue(adoption)}" in couvertures["2029-2033"]
    assert BANDEAU_TRAVAIL in couvertures[VERSION_DE_TRAVAIL] and "Adopté le" not in couvertures[VERSION_DE_TRAVAIL]


def test_aucune_note_aux_editeurs_dans_une_edition_adoptee(publie, site_publie):
    """« À modifier dans », « à compléter »… (macros/notes.py) : ni dans les pages ni dans les PDF d'une édition
    adoptée ; le site de la version de travail, lui, les garde."""
    from test_instances import notes_aux_editeurs

    def texte(fichier: Path) -> str:
        return unescape(re.sub(r"<[^>]+>", " ", fichier.read_text(encoding="utf-8")))

    dossier, _ = site_publie
    for fichier in sorted((dossier / "2029-2033").rglob("*.html")):
        assert notes_aux_editeurs(texte(fichier)) == [], fichier
    for pdf in sorted((dossier / "2029-2033").glob("livret/*.pdf")):
        contenu = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
        assert notes_aux_editeurs(contenu) == [], pdf.name
    travail = " ".join(texte(f) for f in (dossier / VERSION_DE_TRAVAIL).rglob("*.html"))
    assert set(notes_aux_editeurs(travail)) >= {"À modifier dans", "à compléter"}


def test_la_charte_adoptee_ne_dit_plus_proposition_et_ses_pdf_ne_renvoient_qu_a_ce_qu_ils_ont(publie, site_publie):
    """Adoptée, la charte montre ce que le conseil a adopté, sans « (proposition) » ; la version de travail le dit
    encore. Le PDF de la charte seule ne renvoie pas au résumé de la charte nationale qu'il n'a pas ; le livret l'a."""
    dossier, _ = site_publie
    adoptee = _article((dossier / "2029-2033/charte/index.html").read_text(encoding="utf-8"))
    travail = _article((dossier / VERSION_DE_TRAVAIL / "charte/index.html").read_text(encoding="utf-8"))
    assert "En pratique :" in adoptee and "proposition" not in adoptee.lower()
    assert "En pratique (proposition) :" in travail
    textes = {pdf.name: " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
              for pdf in (dossier / "2029-2033/livret").glob("*.pdf")}
    assert "proposition" not in textes["charte-ethique.pdf"].lower()
    assert "fin de page" not in textes["charte-ethique.pdf"] and "En pratique" in textes["charte-ethique.pdf"]
    assert "résumée en fin de page" in textes["projet-associatif.pdf"]
    assert "La charte nationale, résumée" in textes["projet-associatif.pdf"]


def test_publication_refusee_avec_un_message_francais(publie, tmp_path):
    depot = publie["depot"]
    avant = depot.git("rev-parse", "gh-pages").strip()
    mauvaise = depot.publier("edition", "edition-2099-2103")
    assert mauvaise.returncode == 1 and "Traceback" not in mauvaise.stderr
    assert "data/edition.yml, champ « id »" in mauvaise.stderr and "2034-2038" in mauvaise.stderr
    brouillon = depot.publier("edition", "2034-2038")
    assert brouillon.returncode == 1 and "champ « statut »" in brouillon.stderr
    assert depot.git("rev-parse", "gh-pages").strip() == avant


def test_republier_une_ancienne_edition_ne_change_pas_l_edition_en_vigueur(publie, tmp_path):
    """Relancer le flux d'une vieille étiquette la reconstruit sans lui rendre la racine du site."""
    depot = publie["depot"]
    ancienne = tmp_path / "ancienne"
    depot.git("worktree", "add", "--quiet", "--detach", str(ancienne), "edition-2024-2028")
    resultat = depot.publier("edition", "2024-2028", dossier=ancienne)
    assert resultat.returncode == 0, resultat.stderr
    versions = {v["version"]: v["aliases"] for v in json.loads(depot.lire("gh-pages", "versions.json"))}
    assert versions["2029-2033"] == [ALIAS_EN_VIGUEUR] and versions["2024-2028"] == []
    assert _cible_de_redirection(depot.lire("gh-pages", "index.html")) == f"{ALIAS_EN_VIGUEUR}/"


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]




@pytest.fixture(scope="module")
def editions_servies(publie):
    """`make editions` (le Makefile de ce dépôt) lancé dans le dépôt d'essai : toutes les éditions de gh-pages
    servies sur 127.0.0.1. STAMP vide : le virtualenv des tests sert tel quel, sans rien installer."""
    depot, port = publie["depot"], _port_libre()
    serveur = subprocess.Popen(
        ["make", "--no-print-directory", "-C", str(depot.dossier), "-f", str(RACINE / "Makefile"), "editions",
         f"PORT={port}", "STAMP="],
        env={**depot.env(), "VENV": str(VENV)}, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    adresse = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(adresse + "versions.json", timeout=2)
                break
            except OSError:
                assert serveur.poll() is None, serveur.stdout.read()
                time.sleep(0.1)
        yield adresse
    finally:
        os.killpg(serveur.pid, 15)
        serveur.wait(timeout=10)


def test_make_editions_sert_toutes_les_editions(publie, editions_servies):
    versions = json.load(urllib.request.urlopen(editions_servies + "versions.json", timeout=5))
    assert {v["version"] for v in versions} == {"2024-2028", "2029-2033", VERSION_DE_TRAVAIL}
    page = urllib.request.urlopen(editions_servies + "2029-2033/", timeout=5).read().decode()
    assert publie["donnees_2"].jeux["structure"].nom in page


@pytest.mark.parametrize("mode", SCHEMAS_DE_COULEURS)
def test_selecteur_et_bandeaux_dans_le_navigateur(site_publie, mode, navigateur):
    """Le sélecteur de Material, ouvert au clavier, sans violation axe ; le bandeau des éditions qui ne
    sont plus en vigueur paraît sur l'ancienne, pas sur l'édition en vigueur."""
    _, adresse = site_publie
    page = navigateur.new_page(color_scheme=SCHEMAS_DE_COULEURS[mode])
    try:
        for version, ancienne in (("2024-2028", True), ("2029-2033", False)):
            page.goto(f"{adresse}{version}/")
            # Le script de Material note sa décision dans sessionStorage, puis montre le bandeau ou non.
            page.wait_for_function("Object.keys(sessionStorage).some(c => c.endsWith('__outdated'))")
            assert page.locator('[data-md-component="outdated"]').is_visible() == ancienne, version
        page.goto(f"{adresse}{VERSION_DE_TRAVAIL}/")
        page.focus(".md-version__current")
        page.keyboard.press("Tab")  # le premier lien de la liste des éditions, qui s'ouvre
        assert page.evaluate("document.activeElement.className").startswith("md-version__link")
        # axe mesure les couleurs affichées : attendre la fin des transitions (ouverture, couleur du lien).
        page.wait_for_function("document.getAnimations().every(a => a.playState === 'finished')")
        # Un fondu peut encore être en cours sur une machine chargée : on mesure l'état stable (5 essais).
        for _ in range(5):
            violations = analyser(page)
            if not violations:
                break
            page.wait_for_timeout(400)
        assert violations == [], resume_violations({VERSION_DE_TRAVAIL: violations})
    finally:
        page.close()


# ── Le site tel que publié : gh-pages servie comme GitHub Pages (sous-chemin, gzip), dans Chromium ─────────
SOUS_CHEMIN = "/projet-associatif/"


class _PagesGitHub(SimpleHTTPRequestHandler):
    """Comme GitHub Pages : le site sous un sous-chemin, le texte compressé (gzip) si le navigateur l'accepte,
    un dossier sans « / » redirigé, la page 404.html de la racine pour toute adresse inconnue."""

    racine = Path(".")

    def do_GET(self) -> None:
        chemin = urlsplit(self.path).path
        if not chemin.startswith(SOUS_CHEMIN):
            return self._envoyer(404, self.racine / "404.html")
        fichier = self.racine / unquote(chemin[len(SOUS_CHEMIN):])
        if fichier.is_dir() and not chemin.endswith("/"):
            self.send_response(301)
            self.send_header("Location", chemin + "/")
            self.end_headers()
            return None
        if fichier.is_dir():
            fichier = fichier / "index.html"
        if not fichier.is_file():
            return self._envoyer(404, self.racine / "404.html")
        return self._envoyer(200, fichier)

    def _envoyer(self, statut: int, fichier: Path) -> None:
        contenu = fichier.read_bytes()
        type_ = mimetypes.guess_type(fichier.name)[0] or "application/octet-stream"
        self.send_response(statut)
        self.send_header("Content-Type", type_ + ("; charset=utf-8" if type_.startswith("text/") else ""))
        if "gzip" in self.headers.get("Accept-Encoding", "") and not type_.endswith(("pdf", "png", "woff2")):
            contenu = gzip.compress(contenu, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(contenu)))
        self.end_headers()
        self.wfile.write(contenu)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site_publie(publie, tmp_path_factory):
    """La branche gh-pages du dépôt d'essai (deux éditions adoptées et la version de travail), extraite et servie
    sur 127.0.0.1 sous /projet-associatif/, comme sur GitHub Pages ; renvoie (dossier, adresse)."""
    depot, dossier = publie["depot"], tmp_path_factory.mktemp("gh-pages")
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=depot.dossier, capture_output=True, check=True)
    tarfile.open(fileobj=io.BytesIO(archive.stdout)).extractall(dossier)
    serveur = ThreadingHTTPServer(("127.0.0.1", 0), type("Pages", (_PagesGitHub,), {"racine": dossier}))
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    yield dossier, f"http://127.0.0.1:{serveur.server_address[1]}{SOUS_CHEMIN}"
    serveur.shutdown()


VERSIONS_PUBLIEES = ("2024-2028", "2029-2033", VERSION_DE_TRAVAIL)


@pytest.fixture(scope="module")
def releve_publie(site_publie, navigateur):
    """Chaque version ouverte à chaque largeur que le kit exige (accueil et charte), analysée par axe dans chaque
    mode de couleurs : violations, erreurs de la console, débordements, en-tête. Le texte des pages a déjà passé
    axe (tests/test_navigateur.py) : ici, ce que la publication ajoute autour (bandeaux, sélecteur d'édition,
    adresses sous le sous-chemin)."""
    declaration = EXIGENCES
    _, adresse = site_publie
    releve = {"violations": {}, "console": [], "debordements": [], "en_tete": []}
    contexte = navigateur.new_context(viewport={"width": declaration.largeurs[0], "height": 900},
                                      color_scheme=SCHEMAS_DE_COULEURS[declaration.couleurs[0]])
    onglet = contexte.new_page()
    onglet.on("console", lambda m: m.type == "error" and releve["console"].append(f"{onglet.url} : {m.text}"))
    onglet.on("pageerror", lambda e: releve["console"].append(f"{onglet.url} : {e}"))
    for version in VERSIONS_PUBLIEES:
        for page in ("", "charte/"):
            redimensionner(onglet, declaration.largeurs[0], 900)
            onglet.goto(f"{adresse}{version}/{page}", wait_until="load")
            # Le sélecteur d'édition est posé par le script de Material, après versions.json.
            onglet.wait_for_selector(".md-version__current", timeout=10_000)
            for largeur in declaration.largeurs:  # une visite, la fenêtre redimensionnée
                redimensionner(onglet, largeur, 900)
                lieu = f"{version}/{page} à {largeur} px"
                if onglet.evaluate("document.documentElement.scrollWidth > innerWidth"):
                    releve["debordements"].append(lieu)
                releve["en_tete"].extend(f"{lieu} : {p}" for p in onglet.evaluate(EN_TETE_LISIBLE))
                for numero, couleurs in enumerate(declaration.couleurs):
                    assert onglet.evaluate(PALETTE, SCHEMAS_DE_COULEURS[couleurs])
                    violations = analyser(onglet, declaration.regles_axe, couleurs="seules" if numero else "toutes",
                                          exclure=[".md-content"])
                    if violations:
                        releve["violations"][f"{lieu} (mode {couleurs})"] = violations
    contexte.close()
    return releve


# L'en-tête se lit : le sélecteur d'édition est visible, entier, dans l'écran, et ne passe sous aucun bouton ; à
# partir de 1280 px, le nom du site est entier à côté de lui.
EN_TETE_LISIBLE = """() => {
  const problemes = [], selecteur = document.querySelector(".md-version__current")
  const nom = document.querySelector(".md-header__topic:first-child > .md-ellipsis")
  if (innerWidth >= 1280 && nom.scrollWidth > nom.clientWidth + 1) problemes.push("nom du site coupé")
  const r = selecteur.getBoundingClientRect()
  if (r.width === 0 || r.left < 0 || r.right > innerWidth) problemes.push("sélecteur hors de l'écran")
  if (selecteur.scrollWidth > selecteur.clientWidth + 1) problemes.push("titre du sélecteur coupé")
  for (const autre of document.querySelectorAll(".md-header__button, .md-search, .md-header__source")) {
    const a = autre.getBoundingClientRect()
    if (a.width && a.height && getComputedStyle(autre).visibility !== "hidden"
        && a.left < r.right && r.left < a.right && a.top < r.bottom && r.top < a.bottom)
      problemes.push(`sélecteur sous ${autre.className}`)
  }
  return problemes
}"""


def test_site_publie_sans_violation_ni_erreur_ni_debordement(releve_publie):
    assert releve_publie["violations"] == {}, resume_violations(releve_publie["violations"])
    assert releve_publie["console"] == [], releve_publie["console"]
    assert releve_publie["debordements"] == [], releve_publie["debordements"]
    assert releve_publie["en_tete"] == [], releve_publie["en_tete"]


def test_racine_et_en_vigueur_menent_a_l_edition_en_vigueur(site_publie, publie, navigateur):
    """La racine mène à …/en-vigueur/ ; une page ouverte sous …/en-vigueur/ y reste (un favori ou un lien donné à
    un financeur suit les adoptions), avec le titre de l'édition en vigueur et sans bandeau « plus en vigueur »."""
    _, adresse = site_publie
    titre = texte_publie(publie["donnees_2"].jeux["edition"].titre)
    onglet = navigateur.new_page()
    for depart, arrivee in (("", ""), (f"{ALIAS_EN_VIGUEUR}/", ""), (f"{ALIAS_EN_VIGUEUR}/charte/", "charte/")):
        onglet.goto(adresse + depart, wait_until="load")
        onglet.wait_for_url(f"{adresse}{ALIAS_EN_VIGUEUR}/{arrivee}", timeout=10_000)
        onglet.wait_for_function("Object.keys(sessionStorage).some(c => c.endsWith('__outdated'))")
        assert onglet.locator(".md-version__current").inner_text() == titre
        assert not onglet.locator('[data-md-component="outdated"]').is_visible()
    onglet.close()


def test_les_pdf_de_l_edition_en_vigueur_ont_une_adresse_stable(site_publie, publie):
    """…/en-vigueur/livret/<pdf> sert le PDF de l'édition en vigueur (la seconde adoptée), tel quel, sous le
    sous-chemin du site publié ; le PDF d'une autre édition est bien un autre fichier."""
    dossier, adresse = site_publie
    pdfs = sorted(p.relative_to(dossier / "2029-2033").as_posix() for p in (dossier / "2029-2033").glob("livret/*.pdf"))
    assert len(pdfs) == 2, pdfs  # le livret et la charte
    for pdf in pdfs:
        reponse = urllib.request.urlopen(f"{adresse}{ALIAS_EN_VIGUEUR}/{pdf}", timeout=5)
        assert reponse.headers["Content-Type"] == "application/pdf"
        contenu = reponse.read()
        assert contenu == (dossier / "2029-2033" / pdf).read_bytes() != (dossier / "2024-2028" / pdf).read_bytes()
    couverture = PdfReader(io.BytesIO(contenu)).pages[0].extract_text()
    assert date_longue(publie["donnees_2"].jeux["edition"].adoption) in couverture


def test_chaque_lien_de_chaque_pdf_de_chaque_edition_mene_quelque_part(site_publie, publie):
    """Les liens des PDF (livret, charte) de chaque édition, suivis sur le site servi : aucun ne mène à la page
    introuvable (le lien de la charte perdait le dossier de l'édition)."""
    dossier, adresse = site_publie
    origine = urlsplit(adresse)
    hote = urlsplit(configuration(publie["depot"].dossier)["site_url"]).hostname
    verifies, perdus = 0, []
    for pdf in sorted(dossier.glob("*/livret/*.pdf")):
        version = pdf.relative_to(dossier).parts[0]
        if version == ALIAS_EN_VIGUEUR:
            continue
        for page in PdfReader(pdf).pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A") or {}
                uri = action.get("/URI")
                if not uri or urlsplit(uri).hostname != hote:
                    continue
                locale = f"{origine.scheme}://{origine.netloc}{urlsplit(uri).path}"
                try:
                    reponse = urllib.request.urlopen(locale, timeout=5)
                    if "Page introuvable" in reponse.read().decode("utf-8", "replace"):
                        perdus.append(f"{pdf.relative_to(dossier)} : {uri}")
                except urllib.error.HTTPError:
                    perdus.append(f"{pdf.relative_to(dossier)} : {uri}")
                verifies += 1
    assert verifies, "aucun lien vers le site dans les PDF publiés : le test ne vérifierait rien"
    assert perdus == [], perdus


def test_chaque_adresse_du_site_imprimee_dans_les_pdf_y_mene(site_publie, publie):
    """Chaque adresse du site lue dans le texte des PDF (couverture, colophon, liens imprimés), recopiée telle
    quelle, mène à une page du site publié ; les autres adresses du texte sont celles de sites extérieurs."""
    dossier, adresse = site_publie
    origine = urlsplit(adresse)
    hote = urlsplit(configuration(publie["depot"].dossier)["site_url"]).hostname
    imprimees, perdues = set(), []
    for pdf in sorted(dossier.glob("2029-2033/livret/*.pdf")):  # mis en page pour de bon (fixture `publie`)
        texte = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
        # Une adresse coupée en fin de ligne après l'un de ses traits d'union (livret.css n'en ajoute jamais à
        # une adresse) : le lecteur la recopie d'un seul tenant.
        texte = texte.replace("-\n", "-")
        imprimees |= {(pdf.name, a.rstrip(".,;:)")) for a in re.findall(re.escape(hote) + r"/\S*", texte)}
    for nom, imprimee in sorted(imprimees):
        try:
            page = urllib.request.urlopen(f"{origine.scheme}://{origine.netloc}/{imprimee.split('/', 1)[1]}",
                                          timeout=5).read().decode("utf-8", "replace")
            if "Page introuvable" in page:
                perdues.append(f"{nom} : {imprimee}")
        except urllib.error.HTTPError:
            perdues.append(f"{nom} : {imprimee}")
    assert {nom for nom, _ in imprimees} == {"projet-associatif.pdf", "charte-ethique.pdf"}, imprimees
    assert perdues == [], perdues


def test_recherche_surligne_le_mot_entier_et_sous_menu_au_telephone(site_publie, navigateur):
    """« mobilité » surligné en entier dans les résultats (pas « mobilit ») ; sur un téléphone, « À propos »
    ouvre son sous-menu au lieu de sa première page."""
    _, adresse = site_publie
    onglet = navigateur.new_page(viewport={"width": 1280, "height": 900})
    onglet.goto(f"{adresse}{VERSION_DE_TRAVAIL}/", wait_until="load")
    champ = onglet.locator("input.md-search__input")
    champ.focus()
    champ.fill("mobilité")
    champ.press("End")
    onglet.wait_for_selector(".md-search-result mark", timeout=10_000)
    onglet.wait_for_timeout(300)
    marques = onglet.evaluate("""() => [...document.querySelectorAll('.md-search-result mark')].map(m =>
        [m.textContent, (m.nextSibling && m.nextSibling.textContent || '').slice(0, 1)])""")
    assert marques and all(not apres.isalpha() for _, apres in marques), marques
    assert any(texte.lower() == "mobilité" for texte, _ in marques), marques

    telephone = navigateur.new_page(viewport={"width": 375, "height": 800})
    telephone.goto(f"{adresse}{VERSION_DE_TRAVAIL}/", wait_until="load")
    telephone.locator(".bouton-menu").click()
    avant = telephone.url
    telephone.locator(".md-nav--primary > .md-nav__list > .md-nav__item > label.md-nav__link",
                      has_text="À propos").click()
    telephone.wait_for_timeout(500)
    assert telephone.url == avant, "« À propos » a ouvert une page au lieu de son sous-menu"
    assert telephone.get_by_role("link", name="Accessibilité").first.is_visible()
    onglet.close()
    telephone.close()


# ── Éditions immuables (issue 18) : à la fin du module, car elles changent gh-pages ─────────────────────────
def _dans(depot: Depot, dossier: Path, *arguments: str) -> None:
    resultat = subprocess.run(["git", *arguments], cwd=dossier, env=depot.env(), capture_output=True, text=True)
    assert resultat.returncode == 0, resultat.stderr


def test_noms_reserves_refuses(publie):
    depot = publie["depot"]
    avant = depot.git("rev-parse", "gh-pages").strip()
    for reserve in (VERSION_DE_TRAVAIL, ALIAS_EN_VIGUEUR):
        resultat = depot.publier("edition", reserve)
        assert resultat.returncode == 1 and "nom réservé" in resultat.stderr and "Traceback" not in resultat.stderr
    assert depot.git("rev-parse", "gh-pages").strip() == avant


def test_edition_adoptee_immuable_sauf_erratum(publie, tmp_path):
    """L'étiquette edition-2024-2028 déplacée sur un nouveau commit : republier est refusé, gh-pages intact ;
    l'erratum explicite passe, est inscrit, et ne rend pas à 2024-2028 la place de l'édition en vigueur
    (adoptée avant 2029-2033, même si son étiquette est plus récente)."""
    depot = publie["depot"]
    ancienne = tmp_path / "deplacee"
    depot.git("worktree", "add", "--quiet", "--detach", str(ancienne), "edition-2024-2028")
    modifier_yaml(ancienne / "data/territoire.yml",
                  lambda d: d["chiffres"][publie["cle"].split(".")[1]].update(valeur=1))
    depot.horloge += 86_400
    _dans(depot, ancienne, "commit", "--quiet", "--all", "--message", "Chiffre retouché après adoption")
    _dans(depot, ancienne, "tag", "--force", "edition-2024-2028")
    avant = depot.git("rev-parse", "gh-pages").strip()
    refus = depot.publier("edition", "2024-2028", dossier=ancienne)
    assert refus.returncode == 1 and "Traceback" not in refus.stderr
    assert "déjà publiée, depuis un autre contenu" in refus.stderr and "erratum" in refus.stderr
    assert depot.git("rev-parse", "gh-pages").strip() == avant

    sans_motif = depot.publier("erratum", "2024-2028", dossier=ancienne)
    assert sans_motif.returncode == 1 and "--motif" in sans_motif.stderr
    erratum = depot.publier("erratum", "2024-2028", "--motif", "chiffre mal recopié", dossier=ancienne)
    assert erratum.returncode == 0, erratum.stderr
    registre = json.loads(depot.lire("gh-pages", "editions.json"))
    assert registre["2024-2028"]["errata"][0]["motif"] == "chiffre mal recopié"
    versions = {v["version"]: v["aliases"] for v in json.loads(depot.lire("gh-pages", "versions.json"))}
    assert versions["2029-2033"] == [ALIAS_EN_VIGUEUR] and versions["2024-2028"] == []
