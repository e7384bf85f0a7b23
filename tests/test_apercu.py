"""L'aperçu d'une proposition : construit avec son bandeau, publié sous apercu/<n>/ de gh-pages (hors des
éditions), annoncé par un commentaire avec « Ce qui a changé », retiré à la fermeture."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import RACINE, modifier_yaml
from test_editions import Depot


@pytest.fixture
def depot(tmp_path) -> Depot:
    depot = Depot(tmp_path / "depot")
    assert depot.publier("brouillon").returncode == 0
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
    assert "brouillon/index.html" in depot.fichiers("gh-pages")

    assert depot.publier("retirer-apercu", "42").returncode == 0
    assert depot.fichiers("gh-pages", "apercu/42") == {}
    assert "brouillon/index.html" in depot.fichiers("gh-pages")
    deuxieme = depot.publier("retirer-apercu", "42")
    assert deuxieme.returncode == 0 and "Aucun aperçu" in deuxieme.stdout


def test_numero_invalide_refuse_en_francais(tmp_path):
    """Refusé avant toute construction ni écriture (le dépôt lui-même n'est pas touché)."""
    resultat = subprocess.run([sys.executable, "-m", "publication.publier", "construire-apercu", "42; rm", "--sortie",
                               str(tmp_path / "x")], cwd=RACINE, capture_output=True, text=True)
    assert resultat.returncode == 1 and "numéro de la proposition" in resultat.stderr
    assert not (tmp_path / "x").exists()
