"""WeasyPrint seul : met en page les documents que le livret a assemblés, avec les mêmes feuilles et options.

Lancé dans un processus neuf (`python -m bench.weasyprint_seul documents.json`, écrit par la sonde), comme le
rendu du livret l'est dans une construction : imports faits, chronomètre autour de la mise en page et de
l'écriture de chaque PDF. Affiche en JSON la durée totale et les pages de chaque document.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from weasyprint import CSS, HTML, URLFetcher
from weasyprint.text.fonts import FontConfiguration

VARIANTE = "pdf/ua-1"
BASE = "https://site.invalid/"  # celle du document assemblé (livret.assemblage.RACINE)


def mettre_en_page(document: Path, feuilles: list[str]) -> dict:
    """Durée (s) de HTML(...).render(...).write_pdf(...) et nombre de pages."""
    html = document.read_text(encoding="utf-8")
    debut = time.perf_counter()
    polices = FontConfiguration()
    _local = URLFetcher(allowed_protocols={"file", "data"})  # polices locales ; rien ne part sur le réseau
    styles = [CSS(filename=feuille, font_config=polices, url_fetcher=_local) for feuille in feuilles]
    rendu = HTML(string=html, base_url=BASE, url_fetcher=_local).render(
        stylesheets=styles, font_config=polices, pdf_variant=VARIANTE)
    octets = rendu.write_pdf(pdf_variant=VARIANTE)
    return {"secondes": time.perf_counter() - debut, "pages": len(rendu.pages), "octets": len(octets)}


def tous(liste: Path) -> dict:
    """Chaque document de `documents.json`, l'un après l'autre comme dans le crochet ; durées additionnées."""
    rendus = {d["chemin"]: mettre_en_page(Path(d["html"]), d["feuilles"])
              for d in json.loads(liste.read_text(encoding="utf-8"))}
    return {"secondes": sum(r["secondes"] for r in rendus.values()), "documents": rendus}


if __name__ == "__main__":
    print(json.dumps(tous(Path(sys.argv[1]))))
