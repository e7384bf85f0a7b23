"""L'accueil : chiffres clés tirés de data/, une entrée par public."""
from __future__ import annotations

import re

from lecture_html import chiffre_publie

from macros import rendus


def test_les_chiffres_cles_viennent_des_donnees(site, donnees):
    html = (site / "index.html").read_text(encoding="utf-8")
    for cle in ("territoire.habitants", "structure.jeunes_accompagnes_par_an", "structure.salaries",
                "implantations.points_accueil"):
        chiffre = donnees.chiffre(cle)
        assert chiffre_publie(chiffre, donnees.source(chiffre.source)) in html, cle


def test_chaque_chiffre_cle_montre_son_annee(site, donnees):
    """« 1 300 jeunes accompagnés en 2021 », pas « chaque année » (seed 000 : le chiffre est celui de 2021)."""
    from lecture_html import texte

    html = (site / "index.html").read_text(encoding="utf-8")
    # Le bloc porte aussi « livret-extrait » (repris en tête du livret des financeurs).
    debut = re.search(r'<div class="chiffres-cles(?: [^"]*)?">', html).start()
    cles = texte(html[debut:html.index("</div>", debut)])
    for cle, suite in (("territoire.habitants", "habitants en"), ("structure.jeunes_accompagnes_par_an",
                       "jeunes accompagnés en"), ("structure.salaries", "personnes dans l'équipe en")):
        chiffre = donnees.chiffre(cle)
        assert f"{rendus.valeur_formatee(chiffre)} {suite} {chiffre.annee}" in cles, cle
    assert "chaque année" not in cles


def test_une_entree_par_public(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    for cible in ('href="valeurs/"', 'href="charte/"', 'href="offre-de-services/"',
                  'href="offre-de-services/employeurs/"', 'href="fiches-actions/"', 'href="livret/projet-associatif.pdf"',
                  "CONTRIBUTING.md"):
        assert cible in html, cible
