"""Une structure façonnée autrement que Lisieux (tests/fixtures/structure-neuve) se construit, site et livret, sans
texte inventé : valeurs en titres et puces, offre rangée par ses propres thèmes, histoire en périodes titrées, ni
stratégie ni fiches actions, adoption connue au mois, chiffre donné en fourchette. Une seule construction."""
from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from lecture_html import sans_typographie
from pypdf import PdfReader
from test_livret import texte_page

from macros.donnees import RESEAU, charger
from macros.typographie import texte_publie

STRUCTURE = Path(__file__).parent / "fixtures/structure-neuve"


def _article(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser").select_one("article")


def test_ses_jeux_absents_le_restent(site):
    donnees = charger(STRUCTURE / "data")
    # (Son siège est dans data/implantations.yml : les mentions légales d'une édition adoptée le citent.)
    for absent in ("strategie", "fiches", "axes", "territoire", "public", "equipe", "finances"):
        assert absent not in donnees.jeux, absent
    assert not (site / "fiches-actions").exists()
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert "Fiches actions" not in nav and "Stratégie" not in nav


def test_les_valeurs_sont_des_titres_et_des_puces(site):
    article = _article(site, "valeurs")
    assert [h.get_text(strip=True).rstrip("¶") for h in article.select("h2")] == ["Respect", "Solidarité"]
    assert [li.get_text() for li in article.select("ul li")] == [
        "Écouter chaque jeune.", "Tenir parole.", "Agir avec les partenaires du territoire."]


def test_l_offre_suit_ses_themes_et_les_fonctions_qu_ils_nomment(site):
    article = _article(site, "offre")
    assert [h.get("id") for h in article.select("h2")] == ["mobilite", "premier-emploi"]
    texte = sans_typographie(article.get_text(" ", strip=True))
    libelle = next(f.libelle for f in charger(STRUCTURE / "data").jeux["fonctions"].fonctions
                   if f.id == "accompagner-parcours-global")
    assert f"Fonctions du cadre commun : {libelle}." in texte
    # Le thème sans fonction n'affiche rien de plus que son texte.
    assert texte.count("Fonctions du cadre commun") == 1


def test_la_fourchette_s_ecrit_a_la_francaise_avec_sa_source(site):
    chiffre = _article(site, "").select_one("span.chiffre")
    assert chiffre.get_text() == "5\u00a0à\u00a07"
    assert "Statuts de l’association" in chiffre["title"]  # l'info-bulle, à la typographie du texte


def test_l_histoire_en_periodes_et_le_contexte_national_sans_copie(site):
    article = _article(site, "historique")
    titres = [sans_typographie(h.get_text(strip=True).rstrip("¶")) for h in article.select("h3")]
    assert "1989–1990 : la genèse" in titres and "1991 : l'association" in titres
    # La structure n'écrit aucun événement : ceux de la frise viennent du réseau (ses textes fondateurs : au
    # moins l'ordonnance de 1982, la loi de 1989 et la Charte de 1990).
    assert not (STRUCTURE / "data/historique.yml").read_text(encoding="utf-8").count("evenements")
    evenements = article.select("li.evenement--nationale")
    assert len(evenements) == len(charger(RESEAU.parent / "tests/fixtures/structure-neuve/data")
                                  .jeux["historique"].evenements) >= 3
    assert not article.select("li.evenement--locale") and not article.select("nav.frise-filtres")


def test_le_livret_dit_l_adoption_au_mois_et_rien_d_invente(site):
    lecteur = PdfReader(site / "livret/projet-associatif.pdf")
    couverture = texte_page(lecteur, 1)
    assert "Adopté en octobre 2023" in couverture
    tout = " ".join(texte_page(lecteur, n) for n in range(1, len(lecteur.pages) + 1))
    for absent in ("Rien n'a été relevé", "Fiches actions", "Stratégie"):
        assert absent not in tout, absent
    assert "Respect" in tout and "Se déplacer" in tout


def test_titres_et_descriptions_viennent_des_donnees_de_la_structure(site):
    # À la typographie des pages (apostrophes courbes) : les moteurs de recherche montrent la description.
    nom = texte_publie(charger(STRUCTURE / "data").jeux["structure"].nom)
    for page in ("", "valeurs", "offre", "historique"):
        tete = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        description = tete.select_one('meta[name="description"]')["content"]
        assert nom in description and "{" not in description, page


def test_ses_chiffres_libres_et_son_tableau_sont_publies(site):
    # data/chiffres.yml : un chiffre d'enquête, un « au moins », un tableau d'une source en lignes et colonnes.
    article = _article(site, "")
    texte = sans_typographie(" ".join(article.get_text(" ").split()))
    assert "a reçu 392 réponses" in texte and "au moins 2 fois" in texte
    table = article.select_one(".tableau-chiffres table")
    assert table.caption.get_text().startswith("Les premiers accueils par commune")
    assert len(table.select("sup.appel-source")) == 1 and not table.select("span.chiffre")
    assert [td.get_text() for td in table.select("tbody tr")[1].select("td")] == ["92", "–"]
