"""« Modifier cette page » mène au bon fichier du dépôt ; « Mis à jour le … » vient de l'historique git.

Sur la structure d'essai des éditions (tests/fixtures/editions/), dans un dépôt git à elle dont l'historique est
fabriqué : les dates sont connues d'avance. (Le site de Lisieux et son vrai historique :
tests/lisieux/test_modifier_cette_page.py.)"""
from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES, modifier_yaml, pages_html
from instances import construire_instance

from macros.instance import reglages

STRUCTURE = FIXTURES / "editions"


def date_git(projet: Path, chemin: str) -> datetime.date | None:
    """La date attendue, demandée à git fichier par fichier (le site lit tout l'historique d'un coup)."""
    sortie = subprocess.run(["git", "log", "-1", "--format=%cs", "--", chemin], cwd=projet,
                            capture_output=True, text=True).stdout.strip()
    return datetime.date.fromisoformat(sortie) if sortie else None


def prefixe_d_edition(structure: Path) -> str:
    """https://github.com/…/edit/main/ : ce qui précède, dans un lien « Modifier cette page », le chemin d'un
    fichier du dépôt de la structure (d'après son instance.yml)."""
    r = reglages(structure)
    return r["repo_url"].rstrip("/") + "/" + r["edit_uri"].removesuffix("docs/")


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


def fichier_edite(lien: str, prefixe: str | None = None) -> str:
    """Le chemin dans le dépôt du fichier qu'ouvre un lien « Modifier cette page » (de la structure d'essai, sauf
    autre `prefixe`)."""
    prefixe = prefixe or prefixe_d_edition(STRUCTURE)
    assert lien.startswith(prefixe), lien
    return lien.removeprefix(prefixe)


# La structure d'essai copiée, avec un historique git fabriqué : les dates sont connues d'avance.
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


def _construire(projet: Path, sortie: Path):
    return construire_instance(projet, sortie, env={"SANS_PDF": "1"})


@pytest.fixture(scope="module")
def avec_historique(tmp_path_factory) -> Path:
    projet = shutil.copytree(STRUCTURE, tmp_path_factory.mktemp("historique") / "projet")
    _page_de_donnees(projet)
    _git(projet, "init", "-q", "-b", "main")
    _git(projet, "add", "-A")
    _git(projet, "commit", "-q", "-m", "premier", date="2026-03-12T10:00:00+01:00")
    fiche = projet / "docs/fiches-actions/logement.md"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("titre: ", "titre_court: Essai\ntitre: ", 1),
                     encoding="utf-8")
    _git(projet, "commit", "-q", "-am", "fiche", date="2026-03-20T10:00:00+01:00")
    with (projet / "data/territoire.yml").open("a", encoding="utf-8") as fichier:
        fichier.write("# Une ligne ajoutée plus tard.\n")
    _git(projet, "commit", "-q", "-am", "données", date="2026-04-01T10:00:00+02:00")
    sortie = projet.parent / "site"
    resultat = _construire(projet, sortie)
    assert resultat.code == 0, resultat.sortie
    return sortie


def test_chaque_page_mene_a_un_fichier_existant_du_depot(avec_historique):
    """Chaque page (écrite, générée comme une fiche, ou construite à partir de données) a un seul lien « Modifier
    cette page », vers un fichier qui existe dans le dépôt de la structure."""
    projet = avec_historique.parent / "projet"
    pages = [p for p in pages_html(avec_historique) if p.name != "404.html"]
    assert len(pages) >= 8
    for page in pages:
        html = page.read_text(encoding="utf-8")
        liens = _Page(html).editions
        assert len(liens) == 1, f"{page.relative_to(avec_historique)} : {len(liens)} lien(s) « Modifier cette page »"
        assert (projet / fichier_edite(liens[0])).is_file(), f"{page.relative_to(avec_historique)} → {liens[0]}"
        assert 'title="Modifier cette page"' in html


def test_date_francaise_du_dernier_commit_de_la_page(avec_historique):
    html = (avec_historique / "essai-texte/index.html").read_text(encoding="utf-8")
    assert 'Mis à jour le <time datetime="2026-03-12">12 mars 2026</time>' in html


def test_la_date_suit_les_donnees_que_la_page_montre(avec_historique):
    """L'accueil cite un chiffre de data/territoire.yml, commité après la page : il date de ce commit."""
    html = (avec_historique / "index.html").read_text(encoding="utf-8")
    assert "data/territoire.yml" in html  # sa liste « Sources » nomme le fichier à modifier
    assert 'Mis à jour le <time datetime="2026-04-01">1er avril 2026</time>' in html


def test_la_date_suit_les_fiches_que_la_page_montre(avec_historique):
    """La fiche « logement », modifiée après les pages : l'index et la matrice (qui la montrent) et sa page en
    prennent la date ; la page de l'autre fiche non."""
    for page in ("fiches-actions", "fiches-actions/matrice", "fiches-actions/logement"):
        html = (avec_historique / page / "index.html").read_text(encoding="utf-8")
        assert 'Mis à jour le <time datetime="2026-03-20">20 mars 2026</time>' in html, page
    html = (avec_historique / "fiches-actions/transport/index.html").read_text(encoding="utf-8")
    assert 'Mis à jour le <time datetime="2026-03-12">12 mars 2026</time>' in html


def test_page_de_donnees_modifier_mene_aux_donnees_et_date_des_donnees(avec_historique):
    html = (avec_historique / "essai-donnees/index.html").read_text(encoding="utf-8")
    assert [fichier_edite(lien) for lien in _Page(html).editions] == ["data/territoire.yml"]
    # La page date du 12 mars, ses données du 1er avril : la plus récente l'emporte.
    assert 'Mis à jour le <time datetime="2026-04-01">1er avril 2026</time>' in html


def test_sans_historique_aucune_date_et_donnees_intactes(tmp_path):
    """Structure copiée sans .git : pas de date (plutôt qu'une fausse) ; la construction ne réécrit pas data/.
    (`make reference` non plus : tests/test_reference.py.)"""
    projet = shutil.copytree(STRUCTURE, tmp_path / "projet")
    avant = {f: f.read_bytes() for f in sorted((projet / "data").rglob("*.y*ml"))}
    resultat = _construire(projet, tmp_path / "sortie")
    assert resultat.code == 0, resultat.sortie
    for page in pages_html(tmp_path / "sortie"):
        assert "Mis à jour le" not in page.read_text(encoding="utf-8"), page.name
    assert _Page((tmp_path / "sortie/index.html").read_text(encoding="utf-8")).editions
    assert {f: f.read_bytes() for f in avant} == avant, "un fichier de data/ a été réécrit"


def test_fichier_source_introuvable_message_francais(tmp_path):
    projet = shutil.copytree(STRUCTURE, tmp_path / "projet")
    _page_de_donnees(projet)
    page = projet / "docs/essai-donnees.md"
    page.write_text(page.read_text(encoding="utf-8").replace("data/territoire.yml", "data/territoir.yml"),
                    encoding="utf-8")
    resultat = _construire(projet, tmp_path / "sortie")
    sortie = resultat.sortie
    assert resultat.code != 0
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

    structure = FIXTURES / "structure-neuve"
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


def test_historique_repris_tant_que_le_dernier_commit_est_le_meme(tmp_path, monkeypatch):
    """La sortie de `git log` est gardée dans .cache/historique/ : reprise pour le même dernier commit, relue
    après un nouveau commit."""
    from macros import chemins, provenance

    monkeypatch.setattr(chemins, "CACHE", tmp_path / "cache")
    projet = tmp_path / "depot"
    projet.mkdir()
    _git(projet, "init", "-q", "-b", "main")
    (projet / "a.txt").write_text("un", encoding="utf-8")
    _git(projet, "add", "-A")
    _git(projet, "commit", "-q", "-m", "premier", date="2026-03-12T10:00:00+01:00")
    assert provenance.Historique(projet).date("a.txt") == datetime.date(2026, 3, 12)
    (projet / "a.txt").write_text("deux", encoding="utf-8")
    _git(projet, "commit", "-q", "-am", "second", date="2026-04-01T10:00:00+02:00")
    assert provenance.Historique(projet).date("a.txt") == datetime.date(2026, 4, 1)
    lancer = subprocess.run

    def sans_git_log(commande, *arguments, **options):
        assert "log" not in commande, "git log relancé pour le même dernier commit"
        return lancer(commande, *arguments, **options)

    monkeypatch.setattr(subprocess, "run", sans_git_log)
    assert provenance.Historique(projet).date("a.txt") == datetime.date(2026, 4, 1)
