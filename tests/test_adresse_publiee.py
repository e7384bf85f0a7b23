"""L'adresse du site imprimée sur les PDF : recopiée du papier, elle mène à l'édition. La typographie ne touche
à aucune adresse ; la couverture et le colophon en font un lien ; une édition adoptée refuse l'adresse d'exemple
du modèle ; le modèle ne choisit aucune licence à la place de la structure. (Sur le site publié, chaque adresse
du texte des PDF est suivie : tests/test_editions.py.)"""
from __future__ import annotations

import shutil

from bs4 import BeautifulSoup
from conftest import RACINE, modifier_yaml
from instances import construire_instance, reglages

from livret import Couverture, Partie, assembler
from macros.typographie import typographier

EDITION = "https://mission-locale-exemple.github.io/projet-associatif/2024-2028"


def test_la_typographie_ne_touche_a_aucune_adresse():
    html = typographier("<p>En ligne : mission-locale-exemple.github.io/projet-associatif/2024-2028. Voir aussi "
                        "https://www.insee.fr/fr/statistiques?geo=COM:14366&d'x=1 ; l'INSEE !</p>")
    assert "mission-locale-exemple.github.io/projet-associatif/2024-2028." in html  # le point reste à la phrase
    assert "https://www.insee.fr/fr/statistiques?geo=COM:14366&amp;d'x=1" in html
    assert "En ligne\u00a0:" in html and "l’INSEE\u202f!" in html  # le texte autour, lui, suit les règles


def test_couverture_et_colophon_impriment_l_adresse_telle_quelle_en_lien():
    couverture = Couverture(titre="Projet associatif", structure="Mission Locale de l'Exemple",
                            edition="Projet associatif 2024-2028", adresse_site=EDITION)
    html = BeautifulSoup(assembler([Partie("Accueil", "", "<p>Texte.</p>")], couverture), "html.parser")
    liens = html.select("a.adresse-du-site")
    # Couverture, « En ligne » et « Pour citer ce document ».
    assert len(liens) == 3
    for lien in liens:
        assert lien.get_text() == "mission-locale-exemple.github.io/projet-associatif/2024-2028"
        assert lien["href"] == EDITION + "/"
    assert "2024\u20132028" in html.select_one(".couverture-edition").get_text()  # la période, elle, a son tiret


def test_le_modele_ne_choisit_aucune_licence():
    modele = reglages(RACINE / "exemples/modele")
    assert "licence" not in str(modele.get("copyright", "")).lower()


def test_une_edition_adoptee_refuse_l_adresse_d_exemple(tmp_path):
    """Le modèle (exemples/modele/, copié) adopté tel quel : refusé, le message nomme son instance.yml, la ligne
    et le champ site_url."""
    modele = shutil.copytree(RACINE / "exemples/modele", tmp_path / "modele")
    modifier_yaml(modele / "data/edition.yml", lambda d: d.update(statut="adoptee", adoption="2025-06-12"))
    resultat = construire_instance(modele, tmp_path / "site", env={"SANS_PDF": "1"})
    assert resultat.code == 1 and "Traceback" not in resultat.sortie
    assert f"{modele}/instance.yml, ligne " in resultat.sortie, resultat.sortie
    assert "champ « site_url »" in resultat.sortie and "adresse d'exemple" in resultat.sortie


def test_l_adresse_imprimee_ne_se_coupe_jamais_a_l_un_de_ses_traits_d_union():
    """Une adresse longue, pleine de traits d'union : sur la couverture et au colophon du PDF, elle tient sur une
    ligne (coupée après « projet- », elle se lirait comme un mot coupé et se recopierait fausse)."""
    import io

    from pypdf import PdfReader

    from livret import fabriquer
    longue = "https://mission-locale-de-l-arrondissement-du-val-d-essai.github.io/projet-associatif/2024-2028"
    couverture = Couverture(titre="Projet associatif", structure="Mission Locale de l'Arrondissement du Val d'Essai",
                            edition="Projet associatif 2024-2028", adresse_site=longue)
    pdf = fabriquer([Partie("Accueil", "", "<p>Texte.</p>")], couverture, [RACINE / "overrides/assets/css/livret.css"])
    texte = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.octets)).pages)
    imprimee = longue.removeprefix("https://")
    assert texte.count(imprimee) == 3, texte  # couverture, « En ligne », « Pour citer ce document »
