"""Lighthouse (npm, Chromium de Debian) sur le site construit servi en local : notes, audits manqués, poids."""
from __future__ import annotations

import contextlib
import functools
import gzip
import json
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.conftest import RACINE

CLI = RACINE / "node_modules/lighthouse/cli/index.js"
CHROMIUM = "/usr/bin/chromium"
DRAPEAUX = ("--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
            "--disable-sync --no-first-run")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Familles de ressources du poids d'une page (resourceType de Lighthouse → libellé du tableau).
FAMILLES = {"Document": "html", "Stylesheet": "css", "Script": "js", "Font": "polices", "Image": "images"}


class _Silencieux(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def servir(site: Path) -> Iterator[str]:
    """Le site servi en HTTP sur 127.0.0.1 (port libre) le temps du bloc ; renvoie l'adresse de la racine."""
    serveur = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Silencieux, directory=str(site)))
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    try:
        yield f"http://127.0.0.1:{serveur.server_address[1]}/"
    finally:
        serveur.shutdown()
        serveur.server_close()


def installe() -> bool:
    """Lighthouse est-il installé (`npm ci`) ?"""
    return CLI.exists()


def auditer(adresse: str, rapport: Path, *, bureau: bool) -> dict:
    """Un passage de Lighthouse (mobile, ou bureau avec `bureau`) ; le rapport JSON complet va dans `rapport`."""
    commande = ["node", str(CLI), adresse, f"--chrome-path={CHROMIUM}", f"--chrome-flags={DRAPEAUX}",
                "--output=json", f"--output-path={rapport}", "--quiet", "--locale=fr"]
    if bureau:
        commande.append("--preset=desktop")
    subprocess.run(commande, check=True, capture_output=True, timeout=300)
    return json.loads(rapport.read_text(encoding="utf-8"))


def notes(rapport: dict) -> dict[str, int]:
    """Les quatre notes sur 100."""
    return {c: round(rapport["categories"][c]["score"] * 100) for c in CATEGORIES}


def audits_manques(rapport: dict) -> dict[str, list[str]]:
    """Par catégorie sous 100 : les audits qui comptent dans la note et ne sont pas réussis (« id (note) »)."""
    manques: dict[str, list[str]] = {}
    for categorie in CATEGORIES:
        for ref in rapport["categories"][categorie]["auditRefs"]:
            audit = rapport["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                manques.setdefault(categorie, []).append(f"{ref['id']} ({audit['score']:.2f})")
    return manques


def poids(rapport: dict, site: Path) -> dict:
    """Octets et requêtes du chargement, par famille ; octets tels que servis, et compressés (gzip -6) comme
    les sert un hébergeur statique (GitHub Pages) — le serveur local du banc ne compresse pas."""
    familles: dict[str, dict[str, int]] = {}
    total = {"requetes": 0, "octets": 0, "octets_gzip": 0}
    for requete in rapport["audits"]["network-requests"]["details"]["items"]:
        if not requete["url"].startswith("http"):
            continue
        famille = FAMILLES.get(requete.get("resourceType"), "autres")
        octets = requete.get("resourceSize") or 0
        fichier = _fichier(site, requete["url"])
        compresse = len(gzip.compress(fichier.read_bytes(), 6)) if fichier else octets
        for cumul in (familles.setdefault(famille, {"requetes": 0, "octets": 0, "octets_gzip": 0}), total):
            cumul["requetes"] += 1
            cumul["octets"] += octets
            cumul["octets_gzip"] += compresse
    return {"total": total, "familles": familles}


def _fichier(site: Path, url: str) -> Path | None:
    """Le fichier du site construit servi à cette adresse."""
    chemin = unquote(urlsplit(url).path).lstrip("/")
    fichier = site / chemin
    if fichier.is_dir() or chemin == "" or chemin.endswith("/"):
        fichier = fichier / "index.html"
    return fichier if fichier.is_file() else None
