"""Contacts : page « Nous trouver », mentions légales complètes, « à compléter » dans la version de travail,
édition adoptée refusée tant que les mentions légales sont incomplètes. Rien n'est inventé."""
from __future__ import annotations

import copy

import pytest
from bs4 import BeautifulSoup
from conftest import modifier_yaml, retirer_les_chiffres_a_verifier
from instances import construire_instance

from macros import contacts
from macros.donnees import charger

# Des coordonnées d'essai (aucune ne vient des sources de Lisieux, qui n'en donnent pas).
ADRESSE = "3 place d'Essai, 99999 Villessai"
TELEPHONE = "02 00 00 00 01"


def _lisible(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


@pytest.fixture
def donnees(minimale):
    """Les données d'une copie de la structure d'essai tests/fixtures/minimale (un siège renseigné, une permanence
    sans coordonnées)."""
    return charger(minimale / "data")


def test_la_version_de_travail_montre_ce_qui_manque_l_edition_adoptee_le_tait(donnees):
    brouillon = contacts.lieux_html(donnees, brouillon=True)
    adoptee = contacts.lieux_html(donnees, brouillon=False)
    for lieu in donnees.jeux["implantations"].lieux:
        assert lieu.nom in _lisible(brouillon).replace("’", "'") and lieu.nom in _lisible(adoptee).replace("’", "'")
    manquants = sum(getattr(l, r) is None for l in donnees.jeux["implantations"].lieux for r in contacts.RUBRIQUES)
    assert brouillon.count(contacts.A_COMPLETER) == manquants > 0
    assert contacts.A_COMPLETER not in adoptee


def test_un_lieu_renseigne_donne_ses_coordonnees_a_toucher(donnees):
    implantations = donnees.jeux["implantations"]
    lieu = implantations.lieux[0].model_copy(
        update={"adresse": ADRESSE, "telephone": TELEPHONE, "horaires": "du lundi au vendredi"})
    renseignees = copy.copy(donnees)
    renseignees.jeux = {**donnees.jeux,
                        "implantations": implantations.model_copy(update={"lieux": [lieu, *implantations.lieux[1:]]})}
    html = contacts.lieux_html(renseignees, brouillon=True)
    assert f'<a href="tel:0200000001">{TELEPHONE}</a>' in html
    section = BeautifulSoup(html, "html.parser").find("section", id=lieu.id)
    assert ADRESSE in _lisible(str(section))
    assert [dt.get_text() for dt in section.find_all("dt")] == list(contacts.RUBRIQUES.values())
    assert section.find_all("dd")[3].get_text() == "du lundi au vendredi"


def test_les_manques_des_mentions_legales_nomment_fichier_ligne_et_champ(minimale):
    assert contacts.mentions_manquantes(charger(minimale / "data")) == []
    modifier_yaml(minimale / "data/mentions_legales.yml",
                  lambda m: (m["directeur_publication"].pop("nom"), m["hebergeur"].pop("telephone")))
    modifier_yaml(minimale / "data/implantations.yml",
                  lambda i: (i["lieux"][0].pop("adresse"), i["lieux"][0].pop("telephone")))
    manques = [e.texte() for e in contacts.mentions_manquantes(charger(minimale / "data"))]
    attendus = ["« directeur_publication.nom »", "« hebergeur.telephone »", ".adresse »", ".telephone »"]
    assert len(manques) == len(attendus)
    for message, champ in zip(manques, attendus):
        assert champ in message and ", ligne " in message and "à compléter" in message, message
    assert manques[0].startswith("data/mentions_legales.yml") and manques[2].startswith("data/implantations.yml")


def _adopter(projet):
    modifier_yaml(projet / "data/edition.yml", lambda e: e.update(statut="adoptee", adoption="2024-06-12"))


# Sur une copie de la structure d'essai tests/fixtures/minimale (mentions légales complètes, siège sans adresse).
@pytest.mark.construction
def test_une_edition_adoptee_aux_mentions_incompletes_est_refusee(minimale, tmp_path):
    _adopter(minimale)
    retirer_les_chiffres_a_verifier(minimale)
    modifier_yaml(minimale / "data/mentions_legales.yml", lambda m: m["directeur_publication"].pop("nom"))
    resultat = construire_instance(minimale, tmp_path / "site", env={"SANS_PDF": "1"})
    assert resultat.code != 0
    assert "Traceback" not in resultat.sortie
    assert "data/mentions_legales.yml" in resultat.sortie and "« directeur_publication.nom »" in resultat.sortie
    assert "Une édition adoptée ne se publie pas sans mentions légales complètes" in resultat.sortie


@pytest.mark.construction
def test_une_edition_adoptee_complete_publie_ses_mentions_et_ses_contacts(minimale, tmp_path):
    _adopter(minimale)
    modifier_yaml(minimale / "data/implantations.yml",
                  lambda i: i["lieux"][0].update(adresse=ADRESSE, telephone=TELEPHONE))
    modifier_yaml(minimale / "data/mentions_legales.yml",
                  lambda m: m["hebergeur"].update(telephone="+1 000 000 0000"))
    retirer_les_chiffres_a_verifier(minimale)
    resultat = construire_instance(minimale, tmp_path / "site", env={"SANS_PDF": "1"})
    assert resultat.code == 0, resultat.sortie
    legales = _lisible((tmp_path / "site/mentions-legales/index.html").read_text(encoding="utf-8"))
    for attendu in ("place d’Essai", "02 00 00 00 01", "Dominique Essai", "+1 000 000 0000"):
        assert attendu in legales.replace("\u202f", " ").replace("\u00a0", " "), attendu
    trouver = (tmp_path / "site/nous-trouver/index.html").read_text(encoding="utf-8")
    assert contacts.A_COMPLETER not in trouver + legales
    assert 'href="tel:0200000001"' in trouver


def test_nous_trouver_est_lie_depuis_l_offre_les_employeurs_et_le_pied_de_page(site):
    for page, lien in [("offre-de-services", "../nous-trouver/"), ("offre-de-services/employeurs", "../../nous-trouver/"),
                       ("charte", "../nous-trouver/")]:
        soupe = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        cibles = {a["href"] for a in soupe.select("article a[href]")} | set()
        pied = {a["href"] for a in soupe.select(".md-copyright a[href]")}
        assert lien in pied, (page, pied)
        if page.startswith("offre"):
            assert lien in cibles, page
    brouillon = (site / "mentions-legales/index.html").read_text(encoding="utf-8")
    assert "Directeur ou directrice de la publication" in brouillon and "a-completer" in brouillon
