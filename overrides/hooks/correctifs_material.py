"""Corrections du HTML de Material 9.8.1 là où aucun bloc de gabarit ne les permet (crochet MkDocs).

Chaque correction vise un motif exact du thème. Si une version de Material le change, la correction ne
s'applique plus et les tests le disent : tests/test_html_valide.py (Nu Html Checker) et
tests/test_navigateur.py (axe-core).
"""
from __future__ import annotations

import re

CORRECTIONS: list[tuple[re.Pattern[str], str]] = [
    # base.html, hors de tout bloc : « autocomplete » n'est pas permis sur une case à cocher.
    (re.compile(r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="__\w+") autocomplete="off">'),
     r"\1>"),
    # partials/nav-item.html : tabindex="" (vide, donc invalide) sur le titre d'une section de la
    # navigation ; sans l'attribut, le titre reste hors de l'ordre de tabulation, comme voulu.
    (re.compile(r'(<label class="md-nav__link[^"]*" for="[^"]+" id="[^"]+") tabindex="">'), r"\1>"),
    # partials/search.html : la boîte de dialogue de recherche n'a pas de nom accessible.
    (re.compile(r'<div class="md-search" data-md-component="search" role="dialog">'),
     '<div class="md-search" data-md-component="search" role="dialog" aria-label="Recherche">'),
]


# partials/toc.html : le titre de la table des matières vise la case « __toc », que partials/nav-item.html
# n'écrit pas sur la page d'accueil d'une section (navigation.indexes) : une étiquette qui ne vise rien.
TITRE_TABLE_DES_MATIERES = '<label class="md-nav__title" for="__toc">'


def corriger(html: str) -> str:
    """Le HTML d'une page, corrigé."""
    for motif, remplacement in CORRECTIONS:
        html = motif.sub(remplacement, html)
    if 'id="__toc"' not in html:
        html = html.replace(TITRE_TABLE_DES_MATIERES, '<label class="md-nav__title">')
    return html


def on_post_page(output: str, **kwargs) -> str:
    """Crochet MkDocs : appliqué à chaque page produite."""
    return corriger(output)


def on_post_template(output_content: str, template_name: str, **kwargs) -> str:
    """Crochet MkDocs : les pages produites hors de la navigation (404.html)."""
    return corriger(output_content) if template_name.endswith(".html") else output_content
