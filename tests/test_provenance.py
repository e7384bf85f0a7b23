"""« Modifier cette page » mène au bon fichier du dépôt ; « Mis à jour le … » vient de l'historique git."""
from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import RACINE, construire, copier_projet, modifier_yaml, page_construite, pages_html

from macros import format as fmt


def date_git(projet: Path, chemin: str) -> datetime.date | None:
    """La date attendue, demandée à git fichier par fichier (le site lit tout l'historique d'un coup)."""
    sortie = subprocess.run(["git", "log", "-1", "--format=%cs", "--", chemin], cwd=projet,
                            capture_output=True, text=True).stdout.strip()
    return datetime.date.fromisoformat(sortie) if sortie else None


def _reglage(nom: str) -> str:
    """Une clé de premier niveau de instance.yml (lue telle quelle, sans charger les extensions)."""
    return re.search(rf"^{nom}:\s*(\S+)", (RACINE / "instance.yml").read_text(encoding="utf-8"), re.M).group(1)


# https://github.com/…/projet-associatif/edit/main/ : ce qui précède le chemin d'un fichier du dépôt.
PREFIXE_EDITION = _reglage("repo_url").rstrip("/") + "/" + _reglage("edit_uri").removesuffix("docs/")


class _Page(HTMLParser):
    """Les liens « Modifier cette page » (rel="edit") d'une page construite."""

    def __init__(self, html: str):
        super().__init__()
        self.editions: list[str] = []
        self.feed(html)

    def handle_starttag(self, balise, attributs):
        attributs = dict(attributs)
        if balise == "a" and attributs.get("rel") == "edit":
            self.editions.append(attributs["href"])


def fichier_edite(lien: str) -> str:
    """Le chemin dans le dépôt du fichier qu'ouvre un lien « Modifier cette page »."""
    assert lien.startswith(PREFIXE_EDITION), lien
    return lien.removeprefix(PREFIXE_EDITION)


def en_tete(md: Path) -> dict:
    texte = md.read_text(encoding="utf-8")
    return (yaml.safe_load(texte.split("---", 2)[1]) or {}) if texte.startswith("---") else {}


def test_chaque_page_mene_a_un_fichier_existant_du_depot(site):
    pages = [p for p in pages_html(site) if p.name != "404.html"]
    assert pages
    for page in pages:
        liens = _Page(page.read_text(encoding="utf-8")).editions
        assert len(liens) == 1, f"{page.relative_to(site)} : {len(liens)} lien(s) « Modifier cette page »"
        chemin = fichier_edite(liens[0])
        assert (RACINE / chemin).is_file(), f"{page.relative_to(site)} → {chemin} n'existe pas"
        html = page.read_text(encoding="utf-8")
        assert 'title="Modifier cette page"' in html
        # Page écrite ou générée (fiche) : la date montrée n'est pas antérieure au dernier commit du fichier.
        jour = date_git(RACINE, chemin)
        if jour:
            montre = re.search(r'Mis à jour le <time datetime="([0-9-]+)">', html)
            assert montre and montre.group(1) >= jour.isoformat(), f"{page.relative_to(site)} : date absente"


def test_une_page_de_docs_mene_a_son_fichier_ou_a_ses_donnees(site):
    for md in sorted((RACINE / "docs").rglob("*.md")):
        declare = en_tete(md).get("fichier_source")
        attendu = (declare if isinstance(declare, str) else declare[0]) if declare else \
            md.relative_to(RACINE).as_posix()
        liens = _Page(page_construite(site, md).read_text(encoding="utf-8")).editions
        assert [fichier_edite(lien) for lien in liens] == [attendu], md


def test_la_date_de_mise_a_jour_vient_de_git(site):
    """Construit dans le vrai dépôt : chaque page validée montre la date du dernier commit de son fichier ou
    d'un fichier de données qu'elle montre, jamais plus ancienne que ceux que sa liste « Sources » nomme."""
    possibles = {d for d in (date_git(RACINE, f.relative_to(RACINE).as_posix())
                             for f in [*(RACINE / "docs").rglob("*.md"), *(RACINE / "data").glob("*.yml")]) if d}
    vues = 0
    for md in sorted((RACINE / "docs").rglob("*.md")):
        declare = en_tete(md).get("fichier_source") or []
        html = page_construite(site, md).read_text(encoding="utf-8")
        # « À modifier dans : data/x.yml » : les fichiers des chiffres de la page (rendus.entree_source_html).
        cites = re.findall(r"data/[a-z_]+\.yml", " ".join(re.findall(r'class="source-fichier[^"]*">([^<]*)<', html)))
        fichiers = [md.relative_to(RACINE).as_posix(), *([declare] if isinstance(declare, str) else declare), *cites]
        dates = [d for d in (date_git(RACINE, f) for f in fichiers) if d]
        if not dates:
            assert "Mis à jour le" not in html, f"{md.name} n'a pas d'historique : aucune date attendue"
            continue
        montre = re.search(r'Mis à jour le <time datetime="([0-9-]+)">([^<]*)</time>', html)
        assert montre, md
        jour = datetime.date.fromisoformat(montre.group(1))
        assert jour >= max(dates) and jour in possibles and montre.group(2) == fmt.date_longue(jour), md
        vues += 1
    if (RACINE / ".git").exists():
        assert vues > 0, "aucune page validée dans git : la date n'a pas été vérifiée"


# Un projet copié, avec un historique git fabriqué : les dates sont connues d'avance.
def _git(projet: Path, *arguments: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *arguments], cwd=projet, env=env, check=True, capture_output=True)


def _page_de_donnees(projet: Path) -> None:
    """Une page « construite à partir de données » : elle déclare data/territoire.yml comme sa source ; et une
    page de texte seul, qui ne montre aucune donnée."""
    (projet / "docs/essai-donnees.md").write_text(
        "---\ntitle: Essai\nfichier_source: data/territoire.yml\nlivret: false\n---\n\n# Essai\n\n"
        'Le territoire compte {{ chiffre("territoire.habitants") }} habitants.\n', encoding="utf-8")
    (projet / "docs/essai-texte.md").write_text("---\ntitle: Texte seul\nlivret: false\n---\n\n# Texte seul\n\nAucun chiffre.\n",
                                                encoding="utf-8")
    # Dans la navigation (une page qui n'y est pas arrête la construction), hors du livret.
    modifier_yaml(projet / "instance.yml", lambda r: r["nav"].extend(["essai-donnees.md", "essai-texte.md"]))


@pytest.fixture(scope="module")
def avec_historique(tmp_path_factory) -> Path:
    projet = copier_projet(tmp_path_factory.mktemp("historique") / "projet")
    _page_de_donnees(projet)
    _git(projet, "init", "-q", "-b", "main")
    _git(projet, "add", "-A")
    _git(projet, "commit", "-q", "-m", "premier", date="2026-03-12T10:00:00+01:00")
    fiche = projet / "docs/fiches-actions/feuille-de-route-2.md"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("titre: ", "titre_court: Essai\ntitre: ", 1),
                     encoding="utf-8")
    _git(projet, "commit", "-q", "-am", "fiche", date="2026-03-20T10:00:00+01:00")
    with (projet / "data/territoire.yml").open("a", encoding="utf-8") as fichier:
        fichier.write("# Une ligne ajoutée plus tard.\n")
    _git(projet, "commit", "-q", "-am", "données", date="2026-04-01T10:00:00+02:00")
    sortie = projet.parent / "site"
    resultat = construire(projet, sortie, env={"SANS_PDF": "1"})
    assert resultat.returncode == 0, resultat.stderr
    return sortie


def test_date_francaise_du_dernier_commit_de_la_page(avec_historique):
    html = (avec_historique / "essai-texte/index.html").read_text(encoding="utf-8")
    assert 'Mis à jour le <time datetime="2026-03-12">12 mars 2026</time>' in html


def test_la_date_suit_les_donnees_que_la_page_montre(avec_historique):
    """L'accueil cite un chiffre de data/territoire.yml, commité après la page : il date de ce commit."""
    html = (avec_historique / "index.html").read_text(encoding="utf-8")
    assert "data/territoire.yml" in html  # sa liste « Sources » nomme le fichier à modifier
    assert 'Mis à jour le <time datetime="2026-04-01">1er avril 2026</time>' in html


def test_la_date_suit_les_fiches_que_la_page_montre(avec_historique):
    """La fiche 2, modifiée après les pages : l'index et la matrice (qui la montrent) et sa page en prennent la
    date ; la page de la fiche 1 non."""
    for page in ("fiches-actions", "fiches-actions/matrice", "fiches-actions/feuille-de-route-2"):
        html = (avec_historique / page / "index.html").read_text(encoding="utf-8")
        assert 'Mis à jour le <time datetime="2026-03-20">20 mars 2026</time>' in html, page
    html = (avec_historique / "fiches-actions/feuille-de-route-1/index.html").read_text(encoding="utf-8")
    assert 'Mis à jour le <time datetime="2026-03-12">12 mars 2026</time>' in html


def test_page_de_donnees_modifier_mene_aux_donnees_et_date_des_donnees(avec_historique):
    html = (avec_historique / "essai-donnees/index.html").read_text(encoding="utf-8")
    assert [fichier_edite(lien) for lien in _Page(html).editions] == ["data/territoire.yml"]
    # La page date du 12 mars, ses données du 1er avril : la plus récente l'emporte.
    assert 'Mis à jour le <time datetime="2026-04-01">1er avril 2026</time>' in html


def test_sans_historique_aucune_date_et_donnees_intactes(projet, tmp_path):
    """Projet copié sans .git : pas de date (plutôt qu'une fausse) ; aucun programme ne réécrit data/."""
    avant = {f: f.read_bytes() for f in sorted((projet / "data").rglob("*.y*ml"))}
    resultat = construire(projet, tmp_path / "sortie", env={"SANS_PDF": "1"})
    assert resultat.returncode == 0, resultat.stderr
    subprocess.run([sys.executable, "-m", "macros.reference"], cwd=projet, check=True, capture_output=True)
    for page in pages_html(tmp_path / "sortie"):
        assert "Mis à jour le" not in page.read_text(encoding="utf-8"), page.name
    assert _Page((tmp_path / "sortie/index.html").read_text(encoding="utf-8")).editions
    assert {f: f.read_bytes() for f in avant} == avant, "un fichier de data/ a été réécrit"


def test_fichier_source_introuvable_message_francais(projet, tmp_path):
    _page_de_donnees(projet)
    page = projet / "docs/essai-donnees.md"
    page.write_text(page.read_text(encoding="utf-8").replace("data/territoire.yml", "data/territoir.yml"),
                    encoding="utf-8")
    resultat = construire(projet, tmp_path / "sortie")
    sortie = resultat.stdout + resultat.stderr
    assert resultat.returncode != 0
    assert "Traceback" not in sortie
    assert "docs/essai-donnees.md, ligne 3, champ « fichier_source »" in sortie, sortie
    assert "« data/territoir.yml » n'est pas un fichier de la structure" in sortie, sortie
    assert "Vouliez-vous écrire « data/territoire.yml »" in sortie and "racine du dépôt" not in sortie, sortie


def test_fichier_source_s_ecrit_depuis_le_dossier_de_la_structure():
    # Une structure de exemples/ écrit ses chemins depuis son propre dossier (data/…), pas depuis la racine du
    # dépôt : le message le dit, et donne le chemin à écrire.
    from types import SimpleNamespace

    from macros.erreurs import ErreurDonnees
    from macros.provenance import _declares

    structure = RACINE / "tests/fixtures/structure-neuve"
    page = SimpleNamespace(meta={"fichier_source": "tests/fixtures/structure-neuve/data/structure.yml"},
                           file=SimpleNamespace(src_uri="index.md", content_string="---\nfichier_source: x\n---\n"))
    with pytest.raises(ErreurDonnees) as erreur:
        _declares(page, structure)
    message = str(erreur.value)
    assert "depuis le dossier de la structure" in message and "racine du dépôt" not in message, message
    assert "Vouliez-vous écrire « data/structure.yml » ?" in message, message
    assert "docs/index.md, ligne 2" in message, message
    page.meta["fichier_source"] = "data/structure.yml"
    assert _declares(page, structure) == ["data/structure.yml"]
