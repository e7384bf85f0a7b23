"""L'offre de services (partenaires) : rangée par fonction du cadre commun, fiches liées, page employeurs."""
from __future__ import annotations

import re
from html import unescape

import pytest
from test_erreurs import numero_de_ligne, remplacer, verifier_message

from lecture_html import sans_typographie
from macros.fiches import titre_complet


def _texte(html: str) -> str:
    return sans_typographie(re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))))


@pytest.fixture(scope="module")
def offre_html(site) -> str:
    return (site / "offre-de-services/index.html").read_text(encoding="utf-8")


def _sections(html: str) -> dict[str, str]:
    """Le HTML de chaque section h2, sous son identifiant."""
    morceaux = re.split(r'<h2 id="([^"]+)">', html)
    return dict(zip(morceaux[1::2], morceaux[2::2]))


def test_chaque_fonction_a_sa_section_avec_ses_propositions(offre_html, donnees):
    libelles = {f.id: f.libelle for f in donnees.jeux["fonctions"].fonctions}
    sections = _sections(offre_html)
    for bloc in donnees.jeux["offre_services"].fonctions:
        section = sections[bloc.fonction]
        assert _texte(section).startswith(libelles[bloc.fonction])
        assert bloc.pour_qui in _texte(section)
        for proposition in bloc.propositions:
            assert re.sub(r"\s+", " ", proposition) in _texte(section)


def test_les_fiches_qui_developpent_une_fonction_y_sont_liees(offre_html, donnees):
    sections = _sections(offre_html)
    liees = 0
    for bloc in donnees.jeux["offre_services"].fonctions:
        for fiche in donnees.jeux["fiches"]:
            lien = re.search(rf'<a href="../fiches-actions/{fiche.id}/">(.*?)</a>', sections[bloc.fonction])
            developpe = fiche.fonctions is not None and bloc.fonction in fiche.fonctions.retenues
            assert (lien is not None and _texte(lien.group(1)) == titre_complet(fiche)) == developpe
            liees += developpe
    assert liees, "aucune fiche liée : ce test ne vérifierait rien"


def test_les_lieux_d_accueil_viennent_des_donnees(offre_html, donnees):
    lieux = _sections(offre_html)["lieux"]
    for lieu in donnees.jeux["implantations"].lieux:
        assert lieu.nom in _texte(lieux)


def test_la_page_employeurs_se_suffit(site, donnees):
    html = (site / "offre-de-services/employeurs/index.html").read_text(encoding="utf-8")
    employeurs = donnees.jeux["offre_services"].employeurs
    for service in employeurs.services:
        assert re.sub(r"\s+", " ", service) in _texte(html)
    assert re.sub(r"\s+", " ", employeurs.contact) in _texte(html)


def _fonction_inconnue(p):
    remplacer(p / "data/offre_services.yml", "  - fonction: orienter\n", "  - fonction: orientation\n")
    return ("data/offre_services.yml", numero_de_ligne(p / "data/offre_services.yml", "fonction: orientation"),
            "fonctions[3].fonction", "ne correspond à aucun identifiant de data/fonctions.yml")


@pytest.mark.parametrize("cas", [_fonction_inconnue], ids=["fonction inconnue"])
def test_erreur_dans_l_offre(cas, projet, tmp_path):
    verifier_message(cas, projet, tmp_path)
