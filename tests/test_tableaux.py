"""Un tableau de chiffres (macros/tableaux.py) : écrit en lignes et colonnes dans un seul élément de data/, rendu
par une seule macro en tableau accessible, avec un seul appel vers sa source ; et data/chiffres.yml, les chiffres
qui n'entrent dans aucun autre fichier."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from macros import rendus, sources_page
from macros.donnees import charger
from macros.erreurs import ErreursDonnees
from macros.modeles.base import Source, TableauDeChiffres
from macros.tableaux import tableau_html

# Appels directs du code, sans construction : la couche que lance `pytest -m rapide`.
pytestmark = pytest.mark.rapide

RACINE = Path(__file__).resolve().parents[1]
NEUVE = RACINE / "tests/fixtures/structure-neuve"
FINE = "\u202f"

TABLEAU = """
titre: Les produits de l'année, en euros
entete_lignes: Origine
colonnes: [Reprise, Subventions, Total]
unite: euros
annee: 2019
source: compte
lignes:
  - libelle: L'État <b>central</b>
    valeurs: [148587, 705004, 853591]
  - libelle: Fonds européens
    valeurs: [null, 175893.5, 175893.5]
  - libelle: Total
    valeurs: [148587, 880897.5, 1029484.5]
    total: true
"""
SOURCE = Source(id="compte", document="Compte de résultat", auteur="La Mission Locale", annee=2020)


def _rendu() -> tuple[BeautifulSoup, str]:
    releve = sources_page.ouvrir("finances.md")
    html = tableau_html(TableauDeChiffres.model_validate(yaml.safe_load(TABLEAU)), SOURCE, releve)
    return BeautifulSoup(html, "html.parser"), rendus.section_sources(releve)


def test_le_tableau_est_accessible_et_ses_valeurs_mises_en_forme():
    soupe, _ = _rendu()
    table = soupe.select_one(".tableau-chiffres table")
    assert table.caption.get_text().startswith("Les produits de l'année, en euros")
    assert [th.get_text() for th in table.select("thead th")] == ["Origine", "Reprise", "Subventions", "Total"]
    assert all(th["scope"] == "col" for th in table.select("thead th"))
    assert [th["scope"] for th in table.select("tbody th")] == ["row"] * 3
    lignes = [[td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert lignes[0] == [f"148{FINE}587{FINE}€", f"705{FINE}004{FINE}€", f"853{FINE}591{FINE}€"]
    assert lignes[1] == ["–", f"175{FINE}893,5{FINE}€", f"175{FINE}893,5{FINE}€"]
    assert table.select("tbody tr")[2]["class"] == ["tableau-total"]
    # Un texte de data/ est du texte : échappé par le gabarit, jamais une balise.
    assert table.select_one("tbody th").get_text() == "L'État <b>central</b>" and not table.select("b")


def test_un_seul_appel_et_une_seule_entree_pour_tout_le_tableau():
    soupe, sources = _rendu()
    appels = soupe.select("sup.appel-source")
    assert len(appels) == 1 and appels[0].find_parent("caption") is not None
    assert not soupe.select("span.chiffre")
    entrees = BeautifulSoup(sources, "html.parser").select("ol.sources-page li")
    assert len(entrees) == 1
    texte = entrees[0].get_text()
    assert "Tableau de 2019" in texte and "Les produits de l'année, en euros" in texte
    assert "853" not in texte  # la liste des sources ne recopie pas les cases


def _structure(tmp_path: Path, chiffres: str) -> Path:
    dossier = tmp_path / "structure"
    shutil.copytree(NEUVE, dossier)
    (dossier / "data/chiffres.yml").write_text(chiffres, encoding="utf-8")
    return dossier


def test_une_ligne_sans_une_valeur_par_colonne_est_refusee_avec_sa_ligne(tmp_path):
    dossier = _structure(tmp_path, "tableaux:\n  essai:\n" + "\n".join(
        "    " + l for l in TABLEAU.replace("[null, 175893.5, 175893.5]", "[175893.5, 175893.5]")
        .replace("source: compte", "source: statuts-2022").strip().splitlines()) + "\n")
    with pytest.raises(ErreursDonnees) as erreur:
        charger(dossier / "data")
    message = str(erreur.value)
    assert "data/chiffres.yml, ligne 13, champ « tableaux.essai.lignes[2].valeurs »" in message, message
    assert "la ligne « Fonds européens » a 2 valeur(s) pour 3 colonne(s)" in message, message


def test_les_chiffres_libres_et_les_tableaux_se_citent_par_leur_cle(tmp_path):
    donnees = charger(NEUVE / "data")
    assert donnees.chiffre("chiffres.reponses_enquete").valeur == 392
    assert donnees.fichier_de(donnees.tableau("chiffres.accueils_par_commune")) == "data/chiffres.yml"
    with pytest.raises(KeyError, match="tableau inconnu « chiffres.accueil_par_commune ». Clés proches : "
                                       "chiffres.accueils_par_commune"):
        donnees.tableau("chiffres.accueil_par_commune")
