"""L'offre de services (partenaires) : les cinq fonctions du cadre commun, fiches liées, page employeurs."""
from __future__ import annotations

import re
from html import unescape

import pytest

from lecture_html import sans_typographie
from macros.fiches import titre_complet


def _texte(html: str) -> str:
    return sans_typographie(re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))))


@pytest.fixture(scope="module")
def offre_html(site) -> str:
    return (site / "offre-de-services/index.html").read_text(encoding="utf-8")


def _sections(html: str, niveau: str = "h2") -> dict[str, str]:
    """Le HTML de chaque section de ce niveau, sous son identifiant."""
    morceaux = re.split(rf'<{niveau} id="([^"]+)">', html)
    return dict(zip(morceaux[1::2], morceaux[2::2]))


def test_les_cinq_fonctions_du_cadre_commun(offre_html):
    """Seed 004 : cinq fonctions ; les deux volets de l'accompagnement sont une subdivision propre à la structure."""
    fonctions = [a for a in re.findall(r'<h2 id="([^"]+)">\d\. ', offre_html)]
    assert fonctions == ["reperer-mobiliser", "accueillir-informer", "orienter", "accompagner-parcours",
                         "accompagner-employeurs"]
    volets = re.findall(r'<h3 id="(accompagner-parcours-[a-z]+)">(.*?)<a', offre_html)
    assert [a for a, _ in volets] == ["accompagner-parcours-professionnel", "accompagner-parcours-global"]
    # Seeds 000 et 004 : ni le projet ni le cadre commun ne font ce découpage, qui est celui du site.
    assert all("division propre à ce site" in t for _, t in volets)
    assert "subdivision de la Mission Locale" not in offre_html


def test_vous_cherchez_range_l_offre_par_besoin_avec_qui_contacter(offre_html, donnees):
    besoins = re.findall(r'<h3 id="besoin-([a-z-]+)">', offre_html)
    assert {"logement", "mobilite", "sante", "emploi", "formation", "droits", "citoyennete", "recrutement"} <= \
        set(besoins)
    logement = offre_html.split('id="besoin-logement"')[1].split("</section>")[0]
    assert "service logement jeunes" in _texte(logement) and "La Filature des Possibles" in _texte(logement)
    # Le projet ne donne aucun téléphone : la page n'en promet pas.
    assert not any(l.telephone for l in donnees.jeux["implantations"].lieux)
    assert "tel:" not in offre_html
    assert "ne donne pas les numéros de téléphone" in _texte(offre_html)


def test_les_fiches_qui_developpent_une_fonction_y_sont_liees(offre_html, donnees):
    sections = {**_sections(offre_html), **_sections(offre_html, "h3")}
    liees = 0
    for fonction in donnees.jeux["fonctions"].fonctions:
        section = re.split(r"<h[23]", sections[fonction.id])[0]
        for fiche in donnees.jeux["fiches"]:
            lien = re.search(rf'<a href="../fiches-actions/{fiche.id}/">(.*?)</a>', section)
            developpe = fiche.fonctions is not None and fonction.id in fiche.fonctions.retenues
            assert (lien is not None and _texte(lien.group(1)) == titre_complet(fiche)) == developpe, \
                (fonction.id, fiche.id)
            liees += developpe
    assert liees, "aucune fiche liée : ce test ne vérifierait rien"


def test_les_lieux_d_accueil_viennent_des_donnees(offre_html, donnees):
    lieux = _sections(offre_html)["lieux"]
    for lieu in donnees.jeux["implantations"].lieux:
        assert lieu.nom in _texte(lieux)


def test_la_page_employeurs_se_suffit(site):
    html = (site / "offre-de-services/employeurs/index.html").read_text(encoding="utf-8")
    parties = _sections(html)
    assert len(re.findall(r"<li>", parties["ce-que-fait-la-mission-locale"])) >= 4
    assert "référente entreprises" in _texte(parties["nous-contacter"])
