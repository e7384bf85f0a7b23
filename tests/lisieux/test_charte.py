"""La charte éthique (personnel) : une page Markdown ; engagements numérotés et ancrés, leurs sources (valeurs,
Charte de 1990, cadre commun), exemples marqués comme propositions, statut d'après l'édition, Charte de 1990."""
from __future__ import annotations

import re
from html import unescape

import pytest
from conftest import construire
from test_erreurs import remplacer

from lecture_html import sans_typographie
from macros import format as fmt


def _texte(html: str) -> str:
    return sans_typographie(unescape(re.sub(r"<[^>]+>", "", html)))


@pytest.fixture(scope="module")
def charte_html(site) -> str:
    return (site / "charte/index.html").read_text(encoding="utf-8")


def _engagements(html: str) -> list[tuple[str, str, str]]:
    """(ancre, titre, contenu) de chaque engagement, dans l'ordre de la page."""
    morceaux = re.split(r'<h2 id="(engagement-\d+)">(.*?)<a class="headerlink".*?</h2>', html)
    return [(morceaux[i], _texte(morceaux[i + 1]), morceaux[i + 2].split("<h2")[0])
            for i in range(1, len(morceaux) - 2, 3)]


def test_chaque_engagement_a_son_ancre_stable_dans_l_ordre(charte_html):
    engagements = _engagements(charte_html)
    assert len(engagements) >= 5
    assert [a for a, _, _ in engagements] == [f"engagement-{n}" for n in range(1, len(engagements) + 1)]
    for n, (ancre, titre, _) in enumerate(engagements, 1):
        assert titre.startswith(f"{n}. ")
        liens = re.findall(rf'<a href="#{ancre}">(.*?)</a>', charte_html)
        assert f'Engagement {n} : {titre[len(f"{n}. "):].strip()}' in [_texte(l) for l in liens]


def test_chaque_engagement_dit_d_ou_il_vient(site, charte_html):
    """Une valeur du projet au moins (lien vers son ancre) ; la Charte de 1990 et le cadre commun quand ils le
    disent (seeds 002 et 004)."""
    valeurs_html = (site / "valeurs/index.html").read_text(encoding="utf-8")
    sources_1990 = cadre_commun = 0
    for ancre, _, contenu in _engagements(charte_html):
        origine = re.search(r'<p class="charte-valeurs">(.*?)</p>', contenu, re.S)
        assert origine, ancre
        valeurs = re.findall(r'<a href="\.\./valeurs/#([^"]+)">', origine.group(1))
        assert valeurs, ancre
        for valeur in valeurs:
            assert f'id="{valeur}"' in valeurs_html
        sources_1990 += "Charte des Missions Locales de 1990, article" in _texte(origine.group(1))
        cadre_commun += "cadre commun de l'UNML (2018) : l'engagement" in _texte(origine.group(1))
    assert sources_1990 >= 2 and cadre_commun >= 5


def test_les_exemples_en_pratique_sont_marques_comme_propositions(charte_html):
    assert "Les exemples « En pratique » sont des propositions de l'équipe, qu'aucune source ne donne." in \
        _texte(charte_html)
    for ancre, _, contenu in _engagements(charte_html):
        assert "En pratique (proposition) :" in _texte(contenu), ancre


def test_la_charte_est_une_proposition_tant_que_l_edition_est_un_brouillon(charte_html, donnees):
    assert donnees.jeux["edition"].statut == "brouillon"
    texte = _texte(charte_html)
    assert "Une proposition, pas encore adoptée" in texte
    assert f"adoptée avec l'édition « {donnees.jeux['edition'].titre} »" in texte


def test_la_charte_nationale_est_resumee_avec_sa_date(charte_html, donnees):
    nationale = donnees.jeux["charte_nationale"]
    resume = charte_html[charte_html.index('<div class="charte-nationale">'):]
    texte = _texte(resume)
    assert fmt.date_longue(nationale.date_adoption) in texte
    assert nationale.devise in texte
    assert re.findall(r"Article (\d+)\.", texte) == [str(n) for n in range(1, 12)], "la Charte de 1990 a 11 articles"
    assert len(re.findall(r"<h3 ", resume)) == 4, "la Charte de 1990 a 4 principes"


def test_la_charte_dit_qu_elle_est_tiree_du_projet_associatif(charte_html):
    assert '<a href="../valeurs/">valeur</a>' in charte_html


def test_une_valeur_mal_nommee_arrete_la_construction(projet, tmp_path):
    remplacer(projet / "docs/charte.md", "(valeurs.md#valeur-travail)", "(valeurs.md#valeur-travial)")
    resultat = construire(projet, tmp_path / "site", env={"SANS_PDF": "1"})
    assert resultat.returncode != 0
    assert "charte.md" in resultat.stderr and "#valeur-travial" in resultat.stderr


def test_la_charte_seule_tient_en_deux_pages_a_signer(site, charte_html, donnees):
    from pypdf import PdfReader

    assert 'href="../livret/charte-ethique.pdf"' in charte_html
    lecteur = PdfReader(site / "livret/charte-ethique.pdf")
    assert 1 <= len(lecteur.pages) <= 2
    assert lecteur.metadata.title.startswith("Charte éthique")
    texte = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in lecteur.pages))
    for _, titre, _ in _engagements(charte_html):
        assert titre.split(". ", 1)[1].strip() in texte
    assert "Signature" in texte
    assert donnees.jeux["charte_nationale"].devise not in texte, "la Charte de 1990 reste dans le livret"
