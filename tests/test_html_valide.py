"""Chaque page du site construit passe le Nu Html Checker (vnu-jar, installé par make dans node_modules/)."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import RACINE, pages_html

VNU = RACINE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_chaque_page_est_du_html_valide(site):
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java est introuvable : installez-le (« sudo apt-get install default-jre-headless »). "
                    "`make test` l'installe seul en root.", pytrace=False)
    if not VNU.is_file():
        pytest.fail(f"{VNU.relative_to(RACINE)} manque : lancez `make test` (il installe node_modules/ par npm ci).",
                    pytrace=False)
    pages = pages_html(site)
    # Une validation de quelques secondes : le second compilateur de Java (C2) y coûte plus qu'il ne rapporte, le
    # premier seul divise le temps de calcul par deux ; ses piles plus grandes demandent plus que les 512 ko que
    # vnu réclame (débordement de pile à 1 Mo sur nos pages).
    resultat = subprocess.run(
        [java, "-Xss4m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU), "--errors-only", "--format", "json",
         *map(str, pages)],
        capture_output=True, text=True, timeout=600,
    )
    # vnu écrit son rapport sur la sortie d'erreur ; code 1 s'il trouve une erreur.
    messages = json.loads(resultat.stderr or resultat.stdout)["messages"]
    erreurs = [
        f"{m.get('url', '?').removeprefix('file:' + str(site))} ligne {m.get('lastLine', '?')} : {m['message']}"
        for m in messages if m["type"] in {"error", "non-document-error"}
    ]
    assert erreurs == [], f"{len(erreurs)} erreurs HTML sur {len(pages)} pages :\n" + "\n".join(erreurs)
    assert resultat.returncode == 0, resultat.stderr
