"""L'accueil : chiffres clés tirés de data/, une entrée par public."""
from __future__ import annotations

from macros import rendus


def test_les_chiffres_cles_viennent_des_donnees(site, donnees):
    html = (site / "index.html").read_text(encoding="utf-8")
    for cle in ("territoire.habitants", "structure.jeunes_accompagnes_par_an", "structure.salaries",
                "implantations.points_accueil"):
        chiffre = donnees.chiffre(cle)
        assert rendus.chiffre_html(chiffre, donnees.source(chiffre.source)) in html, cle


def test_une_entree_par_public(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    for cible in ('href="valeurs/"', 'href="charte/"', 'href="offre-de-services/"',
                  'href="offre-de-services/employeurs/"', 'href="fiches-actions/"', 'href="livret/projet-associatif.pdf"',
                  "CONTRIBUTING.md"):
        assert cible in html, cible
