"""linkchecker sur le site construit de chaque structure, servi sur 127.0.0.1 : aucun lien interne cassé."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import prefixe_du_site, servir
from instances import construite, nom_de, toutes

LINKCHECKER = Path(sys.executable).with_name("linkchecker")
REGLAGES = Path(__file__).with_name("linkcheckerrc")


@pytest.mark.parametrize("dossier", toutes(), ids=nom_de)
def test_aucun_lien_casse(dossier):
    construction = construite(dossier)
    # Par HTTP : linkchecker, lancé en root, passe sous l'utilisateur « nobody » et ne pourrait pas lire les
    # dossiers temporaires de pytest.
    with servir(construction.site, prefixe_du_site(dossier)) as adresse:
        resultat = subprocess.run(
            [str(LINKCHECKER), "--config", str(REGLAGES), "--no-status", "--output=text", "--no-warnings", adresse],
            capture_output=True, text=True, timeout=600,
        )
    # Le rapport va sur la sortie standard (pas de fichier : « nobody » ne pourrait pas l'écrire).
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "0 errors found" in resultat.stdout, resultat.stdout
