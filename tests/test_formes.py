"""Les formes des projets réels, vérifiées par appel direct des modèles et des rendus (sans construction)."""
from __future__ import annotations

import datetime
import shutil

import pytest
from conftest import RACINE, modifier_yaml

from macros.blocs import periodes
from macros.donnees import charger
from macros.erreurs import ErreursDonnees
from macros.modeles.base import Chiffre
from macros.modeles.diagnostic import Lieu
from macros.modeles.edition import Edition
from macros.rendus import valeur_formatee

# Appels directs du code, sans construction : la couche que lance `pytest -m rapide`.
pytestmark = pytest.mark.rapide

STRUCTURE = RACINE / "tests/fixtures/structure-neuve"


@pytest.mark.parametrize("champs, attendu", [
    ({"valeur": 5, "valeur_max": 7}, "5\u00a0à\u00a07"),
    ({"valeur": 10.5, "valeur_max": 12, "unite": "pourcent"}, "10,5\u00a0à\u00a012\u202f%"),
    ({"valeur": 1500, "valeur_max": 2000, "qualificatif": "environ"}, "environ\u00a01\u202f500\u00a0à\u00a02\u202f000"),
    ({"valeur": 73500}, "73\u202f500"),
])
def test_une_fourchette_s_ecrit_a_la_francaise(champs, attendu):
    assert valeur_formatee(Chiffre(libelle="x", source="s", **champs)) == attendu


def test_une_fourchette_a_l_envers_est_refusee_avec_la_ligne(tmp_path):
    shutil.copytree(STRUCTURE / "data", tmp_path / "data")
    modifier_yaml(tmp_path / "data/structure.yml", lambda s: s["chiffres"]["membres_bureau"].update(valeur_max=4))
    with pytest.raises(ErreursDonnees) as erreur:
        charger(tmp_path / "data")
    [message] = [e.texte() for e in erreur.value.erreurs]
    assert message.startswith("data/structure.yml, ligne ") and "« valeur_max » (4.0) doit dépasser" in message


@pytest.mark.parametrize("adoption, date, lisible", [
    ("2023-10", datetime.date(2023, 10, 1), "en octobre 2023"),
    (2023, datetime.date(2023, 1, 1), "en 2023"),
    (datetime.date(2023, 10, 12), datetime.date(2023, 10, 12), "le 12 octobre 2023"),
])
def test_l_adoption_se_date_au_jour_au_mois_ou_a_l_annee(adoption, date, lisible):
    edition = Edition.model_validate({"id": "2023-2027", "titre": "P", "periode": {"debut": 2023, "fin": 2027},
                                      "statut": "adoptee", "adoption": adoption})
    assert (edition.adoption, edition.adoption_lisible) == (date, lisible)


def test_un_mois_d_adoption_impossible_est_refuse(tmp_path):
    shutil.copytree(STRUCTURE / "data", tmp_path / "data")
    modifier_yaml(tmp_path / "data/edition.yml", lambda e: e.update(adoption="2023-13"))
    with pytest.raises(ErreursDonnees) as erreur:
        charger(tmp_path / "data")
    assert "data/edition.yml" in str(erreur.value) and "mois inexistant" in str(erreur.value)


def test_les_periodes_s_ecrivent_dans_l_ordre_avec_leurs_bornes():
    texte = periodes(charger(STRUCTURE / "data"))
    assert texte.split("\n\n") == ["### 1989–1990 : la genèse", "### 1991 : l'association"]


def test_un_lieu_peut_avoir_le_role_que_la_structure_declare():
    assert Lieu(id="a", nom="Gare", role="point relais").role_lisible == "point relais"
    assert Lieu(id="b", nom="Siège", role="siege").role_lisible == "siège"


def test_un_graphique_refuse_une_fourchette():
    from macros.modeles.graphiques import Graphique

    graphique = Graphique.model_validate({
        "id": "g", "titre": "T", "description": "D", "type": "barres", "axe_valeurs": "V",
        "series": [{"nom": "S", "points": [{"chiffre": "structure.membres_bureau", "libelle": "2022"}]}]})
    chiffres = charger(STRUCTURE / "data").chiffres
    [(chemin, message)] = list(graphique.controler(chiffres))
    assert chemin[-1] == "chiffre" and "fourchette" in message
