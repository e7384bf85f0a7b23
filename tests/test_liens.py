"""linkchecker sur le site construit, servi sur 127.0.0.1 : aucun lien interne cassé."""
from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

LINKCHECKER = Path(sys.executable).with_name("linkchecker")


@pytest.fixture(scope="module")
def adresse(site):
    """Le site servi en HTTP : linkchecker, lancé en root, passe sous l'utilisateur « nobody »
    et ne pourrait pas lire les dossiers temporaires de pytest."""
    gestionnaire = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    SimpleHTTPRequestHandler.log_message = lambda *args: None
    serveur = ThreadingHTTPServer(("127.0.0.1", 0), gestionnaire)
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{serveur.server_address[1]}/"
    serveur.shutdown()


def test_aucun_lien_casse(adresse):
    resultat = subprocess.run(
        [str(LINKCHECKER), "--no-status", "--output=text", "--no-warnings",
         adresse],
        capture_output=True, text=True, timeout=600,
    )
    # Le rapport va sur la sortie standard (pas de fichier : « nobody » ne pourrait pas l'écrire).
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "0 errors found" in resultat.stdout, resultat.stdout
