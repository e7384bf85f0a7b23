"""Un PDF d'attente d'une page, écrit par pydyf sans WeasyPrint : celui de `make serve` (SANS_PDF=1).

L'édition en direct n'a pas besoin du livret ; WeasyPrint coûtait à lui seul près d'un tiers de chaque
reconstruction (chargement, polices, mise en page ; bench/JOURNAL.md). Le lien du site reste valide
et mène à ce PDF, qui dit comment obtenir le vrai.
"""
from __future__ import annotations

import io
import re

import pydyf

A4 = (595, 842)  # en points
MARGE = 72


def apercu(titre: str, lignes: list[str]) -> bytes:
    """Une page A4 : `titre` en grand, puis chaque ligne ; texte latin (accents du français compris)."""
    police = pydyf.Dictionary({"Type": "/Font", "Subtype": "/Type1", "BaseFont": "/Helvetica",
                               "Encoding": "/WinAnsiEncoding"})
    texte = pydyf.Stream()
    texte.begin_text()
    hauteur = A4[1] - MARGE
    for corps, ligne in [(24, titre), *((12, ligne) for ligne in lignes)]:
        hauteur -= corps * 1.6
        texte.set_font_size("F1", corps)
        texte.set_text_matrix(1, 0, 0, 1, MARGE, hauteur)
        texte.show_text(_chaine(ligne))
    texte.end_text()

    document = pydyf.PDF()
    document.info["Title"] = pydyf.String(titre)
    document.catalog["Lang"] = pydyf.String("fr")
    document.add_object(police)
    document.add_object(texte)
    document.add_page(pydyf.Dictionary({
        "Type": "/Page",
        "Parent": document.pages.reference,
        "MediaBox": pydyf.Array([0, 0, *A4]),
        "Contents": texte.reference,
        "Resources": pydyf.Dictionary({"Font": pydyf.Dictionary({"F1": police.reference})}),
    }))
    sortie = io.BytesIO()
    document.write(sortie)
    return sortie.getvalue()


def _chaine(texte: str) -> bytes:
    """Une chaîne PDF littérale dans l'encodage de la police (WinAnsi, soit cp1252)."""
    return b"(" + re.sub(rb"([\\()])", rb"\\\1", texte.encode("cp1252", errors="replace")) + b")"
