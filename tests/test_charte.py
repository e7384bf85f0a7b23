"""La charte éthique (personnel) : engagements numérotés et ancrés, valeurs d'origine, Charte nationale de 1990."""
from __future__ import annotations

import re
from html import unescape

import pytest
from test_erreurs import numero_de_ligne, remplacer, verifier_message

from lecture_html import sans_typographie
from macros import format as fmt


def _texte(html: str) -> str:
    return sans_typographie(unescape(re.sub(r"<[^>]+>", "", html)))


@pytest.fixture(scope="module")
def charte_html(site) -> str:
    return (site / "charte/index.html").read_text(encoding="utf-8")


def test_chaque_engagement_a_son_ancre_stable_dans_l_ordre(charte_html, donnees):
    engagements = donnees.jeux["charte"].engagements
    ancres = re.findall(r'<h2 id="(engagement-\d+)">(.*?)<a class="headerlink"', charte_html)
    assert [a for a, _ in ancres] == [f"engagement-{n}" for n in range(1, len(engagements) + 1)]
    assert [_texte(t) for _, t in ancres] == [f"{n}. {e.titre}" for n, e in enumerate(engagements, 1)]


def test_chaque_engagement_renvoie_a_ses_valeurs(site, charte_html, donnees):
    valeurs_html = (site / "valeurs/index.html").read_text(encoding="utf-8")
    titres = {v.id: v.titre for v in donnees.jeux["valeurs"].valeurs}
    sections = re.split(r'<h2 id="engagement-\d+">', charte_html)[1:]
    for engagement, section in zip(donnees.jeux["charte"].engagements, sections):
        for exemple in engagement.exemples:
            assert exemple in _texte(section)
        for valeur in engagement.valeurs:
            assert f'<a href="../valeurs/#{valeur}">{titres[valeur]}</a>' in section
            assert f'id="{valeur}"' in valeurs_html


def test_la_charte_nationale_est_resumee_avec_sa_date(charte_html, donnees):
    nationale = donnees.jeux["charte_nationale"]
    texte = _texte(charte_html)
    assert fmt.date_longue(nationale.date_adoption) in texte
    assert nationale.devise in texte
    articles = [a for p in nationale.principes for a in p.articles]
    for numero, article in enumerate(articles, 1):
        assert f"Article {numero}. {article}" in texte
    assert len(articles) == 11 and len(nationale.principes) == 4, "la Charte de 1990 a 4 principes et 11 articles"


def test_la_charte_dit_qu_elle_est_tiree_du_projet_associatif(charte_html):
    assert '<a href="../projet/">projet associatif</a>' in charte_html


def _valeur_inconnue(p):
    remplacer(p / "data/charte.yml", "    valeurs: [approche-globale, valeur-travail]",
              "    valeurs: [approche-globale, valeur-travial]")
    return ("data/charte.yml", numero_de_ligne(p / "data/charte.yml", "valeur-travial"),
            "engagements[4].valeurs[2]", "Identifiants proches : valeur-travail")


def _sans_exemple(p):
    texte = (p / "data/charte.yml").read_text(encoding="utf-8")
    debut = texte.index("    exemples:\n      - Les étapes du parcours")
    fin = texte.index("  - titre: Une approche globale")
    (p / "data/charte.yml").write_text(texte[:debut] + texte[fin:], encoding="utf-8")
    return ("data/charte.yml", numero_de_ligne(p / "data/charte.yml", "titre: Libre adhésion"),
            "engagements[4].exemples", "champ obligatoire manquant")


CAS = {"valeur inconnue": _valeur_inconnue, "engagement sans exemple": _sans_exemple}


@pytest.mark.parametrize("cas", CAS, ids=list(CAS))
def test_erreur_dans_la_charte(cas, projet, tmp_path):
    verifier_message(CAS[cas], projet, tmp_path)


def test_la_charte_seule_tient_en_deux_pages_a_signer(site, charte_html, donnees):
    from pypdf import PdfReader

    assert 'href="../livret/charte-ethique.pdf"' in charte_html
    lecteur = PdfReader(site / "livret/charte-ethique.pdf")
    assert 1 <= len(lecteur.pages) <= 2
    assert lecteur.metadata.title.startswith("Charte éthique")
    texte = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in lecteur.pages))
    for engagement in donnees.jeux["charte"].engagements:
        assert engagement.titre in texte
    assert "Signature" in texte
    assert donnees.jeux["charte_nationale"].devise not in texte, "la Charte de 1990 reste dans le livret"
