"""Les corrections de overrides/hooks/correctifs_material.py s'appliquent toujours au HTML de Material.

(Si une version de Material change son balisage, une correction cesse de s'appliquer sans bruit : l'absence
de nom de la boîte de recherche, par exemple, ne relève pas des règles WCAG qu'axe-core applique.)
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import material
from conftest import RACINE, pages_html

_spec = importlib.util.spec_from_file_location(
    "correctifs_material", RACINE / "overrides" / "hooks" / "correctifs_material.py")
correctifs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(correctifs)


def test_chaque_correction_vise_un_balisage_que_material_produit_encore():
    # Le balisage de Material d'où viennent les corrections, tel qu'il est écrit dans ses gabarits.
    gabarits = Path(material.__file__).parent / "templates"
    textes = "\n".join(f.read_text(encoding="utf-8") for f in gabarits.rglob("*.html"))
    assert 'autocomplete="off">' in textes
    assert 'tabindex="{{ tabindex }}"' in textes
    assert '<div class="md-search" data-md-component="search" role="dialog">' in textes
    assert correctifs.TITRE_TABLE_DES_MATIERES in textes


def test_les_pages_construites_sont_corrigees(site):
    for page in pages_html(site):
        html = page.read_text(encoding="utf-8")
        assert correctifs.corriger(html) == html, f"{page.relative_to(site)} n'est pas corrigée"
        assert not re.search(r'type="checkbox"[^>]*autocomplete=', html), page
        assert 'tabindex=""' not in html, page
        assert 'role="dialog" aria-label="Recherche"' in html, page
        assert 'for="__toc"' not in html or 'id="__toc"' in html, page
