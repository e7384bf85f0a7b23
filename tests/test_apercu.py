"""L'aperçu d'une proposition : construit avec son bandeau, publié sous apercu/<n>/ de gh-pages (hors des
éditions), annoncé par un commentaire avec « Ce qui a changé », retiré à la fermeture."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import modifier_yaml
from test_editions import Depot

from macros.editions import VERSION_DE_TRAVAIL


def _version_de_travail_deja_publiee(depot: Depot, arbre: Path) -> None:
    """gh-pages telle que la laisse `publier brouillon` (versions.json de mike, la version de travail dans son
    dossier), écrite par git sans construire le site : la publication elle-même est vérifiée par
    tests/test_editions.py ; ici, seul compte ce que l'aperçu ne doit pas toucher."""
    (arbre / VERSION_DE_TRAVAIL).mkdir(parents=True)
    (arbre / VERSION_DE_TRAVAIL / "index.html").write_text("<!doctype html><title>Version de travail</title>\n")
    (arbre / "versions.json").write_text(json.dumps(
        [{"version": VERSION_DE_TRAVAIL, "title": "Version de travail (non adoptée)", "aliases": []}]))
    # Un index à part : ni la branche courante ni ses fichiers ne bougent.
    env = {**depot.env(), "GIT_INDEX_FILE": str(arbre.parent / "index-gh-pages")}

    def git(*arguments: str) -> str:
        return subprocess.run(["git", "--work-tree", str(arbre), *arguments], cwd=depot.dossier, env=env,
                              capture_output=True, text=True, check=True).stdout.strip()
    git("add", "--all")
    git("update-ref", "refs/heads/gh-pages", git("commit-tree", git("write-tree"), "-m", "Version de travail"))


@pytest.fixture
def depot(tmp_path) -> Depot:
    depot = Depot(tmp_path / "depot")
    _version_de_travail_deja_publiee(depot, tmp_path / "gh-pages")
    depot.git("checkout", "-q", "-b", "proposition")

    def territoire(d):
        d["chiffres"]["habitants"]["valeur"] = 74100
    modifier_yaml(depot.dossier / "data/territoire.yml", territoire)
    depot.commit("Habitants : chiffre de 2024")
    return depot


def test_apercu_publie_puis_retire(depot, tmp_path):
    sortie = tmp_path / "apercu"
    construit = depot.publier("construire-apercu", "42", "--base", "main", "--sortie", str(sortie))
    assert construit.returncode == 0, construit.stderr
    commentaire = (sortie / "commentaire.md").read_text(encoding="utf-8")
    assert "Aperçu de la proposition n° 42" in commentaire and "/apercu/42/" in commentaire
    assert re.search(r"Habitants des Deux Rives[^\n]*52\s300 \(2023\) → \*\*74\s100", commentaire), commentaire
    versions_avant = depot.lire("gh-pages", "versions.json")

    assert depot.publier("apercu", "42", "--sortie", str(sortie)).returncode == 0
    fichiers = depot.fichiers("gh-pages", "apercu/42")
    accueil = depot.lire("gh-pages", "apercu/42/index.html")
    assert "Aperçu de la proposition n°\u00a042, non publiée." in accueil.replace("&nbsp;", "\u00a0")
    assert '<meta name="robots" content="noindex, nofollow">' in accueil
    assert any(re.match(r"apercu/42/livret/.+\.pdf$", f) for f in fichiers), sorted(fichiers)[:20]
    assert not any(f.startswith("apercu/42/admin/") for f in fichiers)  # pas de formulaires dans un aperçu
    assert depot.lire("gh-pages", "versions.json") == versions_avant  # pas une édition
    assert f"{VERSION_DE_TRAVAIL}/index.html" in depot.fichiers("gh-pages")

    assert depot.publier("retirer-apercu", "42").returncode == 0
    assert depot.fichiers("gh-pages", "apercu/42") == {}
    assert f"{VERSION_DE_TRAVAIL}/index.html" in depot.fichiers("gh-pages")
    deuxieme = depot.publier("retirer-apercu", "42")
    assert deuxieme.returncode == 0 and "Aucun aperçu" in deuxieme.stdout


def test_numero_invalide_refuse_en_francais(tmp_path, monkeypatch, capsys):
    """Refusé avant toute construction ni écriture (le dépôt lui-même n'est pas touché) ; appel direct."""
    from publication.publier import main

    monkeypatch.chdir(tmp_path)  # main() se place dans le projet : le dossier courant revient après le test
    assert main(["construire-apercu", "42; rm", "--sortie", str(tmp_path / "x")]) == 1
    assert "numéro de la proposition" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
