"""linkchecker sur le site construit, servi sur 127.0.0.1 : aucun lien interne cassé."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LINKCHECKER = Path(sys.executable).with_name("linkchecker")


def test_aucun_lien_casse(adresse):
    # Par HTTP (fixture « adresse » de conftest.py) : linkchecker, lancé en root, passe sous l'utilisateur
    # « nobody » et ne pourrait pas lire les dossiers temporaires de pytest.
    resultat = subprocess.run(
        [str(LINKCHECKER), "--no-status", "--output=text", "--no-warnings",
         adresse],
        capture_output=True, text=True, timeout=600,
    )
    # Le rapport va sur la sortie standard (pas de fichier : « nobody » ne pourrait pas l'écrire).
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "0 errors found" in resultat.stdout, resultat.stdout
