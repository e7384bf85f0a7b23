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


def test_le_script_du_bandeau_d_edition_remplace_est_toujours_celui_de_material():
    """overrides/partials/javascripts/outdated.html corrige une ligne de Material : si Material la change, ce test
    échoue pour que l'on revoie le correctif (ou qu'on le retire, si Material l'a corrigée)."""
    origine = (Path(material.__file__).parent / "templates/partials/javascripts/outdated.html").read_text()
    corrige = (RACINE / "overrides/partials/javascripts/outdated.html").read_text()
    script = re.search(r"<script>.*</script>", origine).group(0)
    assert 'base=new URL("{{ base_url }}")' in script, "Material a changé son script : revoir le correctif"
    assert script.replace('new URL("{{ base_url }}")', 'new URL("{{ base_url }}",location)') in corrige
