"""Lighthouse (npm, Chromium de Debian) sur le site construit servi en local : notes, audits manqués, poids."""
from __future__ import annotations

import contextlib
import functools
import gzip
import io
import json
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from tests.conftest import RACINE

CLI = RACINE / "node_modules/lighthouse/cli/index.js"
CHROMIUM = "/usr/bin/chromium"
DRAPEAUX = ("--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
            "--disable-sync --no-first-run")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Familles de ressources du poids d'une page (resourceType de Lighthouse → libellé du tableau).
FAMILLES = {"Document": "html", "Stylesheet": "css", "Script": "js", "Font": "polices", "Image": "images"}


# Types servis compressés, comme le fait GitHub Pages (gzip) : sans cela, Lighthouse simule le transfert de
# fichiers qu'aucun visiteur ne reçoit tels quels (la feuille de Material : 138 ko, 22 ko compressée).
COMPRESSES = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


class _CommeGitHubPages(SimpleHTTPRequestHandler):
    """Fichiers statiques, texte compressé en gzip quand le navigateur l'accepte ; pas de journal."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        chemin = Path(self.translate_path(self.path))
        if chemin.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # la redirection vers « …/ »
            chemin = chemin / "index.html"
        acceptees = self.headers.get("Accept-Encoding", "")
        if chemin.suffix not in COMPRESSES or not chemin.is_file() or "gzip" not in acceptees:
            return super().send_head()
        corps = gzip.compress(chemin.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(chemin)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(corps)))
        self.end_headers()
        return io.BytesIO(corps)


@contextlib.contextmanager
def servir(site: Path) -> Iterator[str]:
    """Le site servi en HTTP sur 127.0.0.1 (port libre) le temps du bloc ; renvoie l'adresse de la racine."""
    serveur = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_CommeGitHubPages, directory=str(site)))
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


def poids(rapport: dict) -> dict:
    """Octets et requêtes du chargement, par famille : transférés (compressés comme sur GitHub Pages) et
    décompressés (ce que le navigateur analyse)."""
    familles: dict[str, dict[str, int]] = {}
    total = {"requetes": 0, "octets_transferes": 0, "octets_decompresses": 0}
    for requete in rapport["audits"]["network-requests"]["details"]["items"]:
        if not requete["url"].startswith("http"):
            continue  # images « data: » du thème, déjà dans la feuille de style
        famille = FAMILLES.get(requete.get("resourceType"), "autres")
        for cumul in (familles.setdefault(famille, dict.fromkeys(total, 0)), total):
            cumul["requetes"] += 1
            cumul["octets_transferes"] += requete.get("transferSize") or 0
            cumul["octets_decompresses"] += requete.get("resourceSize") or 0
    return {"total": total, "familles": familles}
