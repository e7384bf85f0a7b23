"""WeasyPrint seul : met en page le document que le livret a assemblé, avec la même feuille et les mêmes options.

Lancé dans un processus neuf (`python -m bench.weasyprint_seul document.html feuille.css`), comme le rendu du
livret l'est dans une construction : imports faits, chronomètre autour de la mise en page et de l'écriture.
Affiche en JSON la durée et le nombre de pages.
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


def mettre_en_page(document: Path, feuille: Path) -> dict:
    """Durée (s) de HTML(...).render(...).write_pdf(...) et nombre de pages."""
    html = document.read_text(encoding="utf-8")
    debut = time.perf_counter()
    polices = FontConfiguration()
    _local = URLFetcher(allowed_protocols={"file", "data"})  # polices locales ; rien ne part sur le réseau
    styles = [CSS(filename=str(feuille), font_config=polices, url_fetcher=_local)]
    rendu = HTML(string=html, base_url=BASE, url_fetcher=_local).render(
        stylesheets=styles, font_config=polices, pdf_variant=VARIANTE)
    octets = rendu.write_pdf(pdf_variant=VARIANTE)
    return {"secondes": time.perf_counter() - debut, "pages": len(rendu.pages), "octets": len(octets)}


if __name__ == "__main__":
    print(json.dumps(mettre_en_page(Path(sys.argv[1]), Path(sys.argv[2]))))
