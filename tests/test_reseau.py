"""La couche du réseau (reseau/) : écrite une fois, lue avec chaque structure ; ajout et remplacement déclarés."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from instances import RACINE, toutes_et_essais

from macros.donnees import RESEAU, charger
from macros.erreurs import ErreursDonnees
from macros.yaml_lignes import lire_yaml

STRUCTURES = toutes_et_essais()


def _reseau(nom: str) -> dict:
    return lire_yaml(RESEAU / f"{nom}.yml", f"reseau/{nom}.yml")[0]


@pytest.mark.parametrize("dossier", STRUCTURES, ids=lambda d: d.name or "racine")
def test_la_charte_et_le_contexte_national_viennent_du_reseau_dans_chaque_structure(dossier):
    donnees = charger(dossier / "data")
    charte = _reseau("charte_nationale")
    assert donnees.jeux["charte_nationale"].devise == charte["devise"]
    assert donnees.fichiers_du_jeu("charte_nationale")[-1] == "reseau/charte_nationale.yml"
    textes = {e.texte for e in donnees.jeux["historique"].evenements}
    propre = dossier / "data/historique.yml"
    brut = lire_yaml(propre, "data/historique.yml")[0] if propre.exists() else {}
    propres = brut.get("evenements", [])
    remplaces = {e.get("id") for e in propres if e.get("remplace") is True}
    communs = {" ".join(e["texte"].split()) for e in _reseau("historique")["evenements"]}
    # « remplace: [evenements] » : la structure écrit tout son contexte national elle-même (Moulins).
    liste_remplacee = "evenements" in (brut.get("remplace") or [])
    for evenement in _reseau("historique")["evenements"]:
        if evenement.get("id") not in remplaces and not liste_remplacee:
            assert " ".join(evenement["texte"].split()) in textes
    # Aucune structure ne recopie ce qui est au réseau : ni fichier, ni événement.
    for nom in ("charte_nationale", "fonctions", "objectifs"):
        assert not (dossier / "data" / f"{nom}.yml").exists(), nom
    for evenement in propres:
        assert " ".join(evenement["texte"].split()) not in communs, evenement


def test_chaque_fait_du_reseau_a_sa_source():
    sources = {s["id"] for s in _reseau("sources")["sources"]}
    for evenement in _reseau("historique")["evenements"]:
        assert evenement.get("source") in sources, evenement["texte"]
    assert _reseau("charte_nationale")["source"] in sources


@pytest.fixture
def structure(tmp_path) -> Path:
    shutil.copytree(RACINE / "tests/fixtures/structure-neuve/data", tmp_path / "data")
    return tmp_path


def _historique(structure: Path, texte: str) -> None:
    (structure / "data/historique.yml").write_text(texte, encoding="utf-8")


def test_un_evenement_ajoute_rejoint_ceux_du_reseau(structure):
    _historique(structure, "evenements:\n  - date: 1995-05\n    portee: locale\n    texte: Ouverture.\n")
    evenements = charger(structure / "data").jeux["historique"].evenements
    assert len(evenements) == len(_reseau("historique")["evenements"]) + 1
    assert "Ouverture." in [e.texte for e in evenements]


def test_remplacer_un_evenement_du_reseau_se_declare(structure):
    evenement = ("evenements:\n  - id: ordonnance-1982\n{remplace}    date: 1982-03-26\n    portee: nationale\n"
                 "    texte: Récit propre à la structure.\n")
    _historique(structure, evenement.format(remplace=""))
    with pytest.raises(ErreursDonnees) as erreur:
        charger(structure / "data")
    message = erreur.value.erreurs[0].texte()
    assert "data/historique.yml" in message and "ligne 2" in message and "remplace: true" in message
    _historique(structure, evenement.format(remplace="    remplace: true\n"))
    evenements = charger(structure / "data").jeux["historique"].evenements
    remplace = [e for e in evenements if e.id == "ordonnance-1982"]
    assert [e.texte for e in remplace] == ["Récit propre à la structure."]
    assert len(evenements) == len(_reseau("historique")["evenements"])


def test_remplacer_toute_la_liste_du_reseau_se_declare(structure):
    """« remplace: [evenements] » : la frise ne montre que les événements de la structure, sans ceux du réseau."""
    propre = ("evenements:\n  - date: 1982\n    portee: nationale\n    texte: Le seul fait national retenu.\n"
              "    source: {source}\n")
    source = _reseau("sources")["sources"][0]["id"]
    _historique(structure, "remplace: [evenements]\n" + propre.format(source=source))
    evenements = charger(structure / "data").jeux["historique"].evenements
    assert [e.texte for e in evenements] == ["Le seul fait national retenu."]
    _historique(structure, propre.format(source=source))
    assert len(charger(structure / "data").jeux["historique"].evenements) == len(_reseau("historique")["evenements"]) + 1


def test_remplacer_un_champ_de_la_charte_se_declare(structure):
    fichier = structure / "data/charte_nationale.yml"
    fichier.write_text("devise: Une autre devise\n", encoding="utf-8")
    with pytest.raises(ErreursDonnees) as erreur:
        charger(structure / "data")
    assert "remplace: [devise]" in erreur.value.erreurs[0].texte()
    fichier.write_text("remplace: [devise]\ndevise: Une autre devise\n", encoding="utf-8")
    charte = charger(structure / "data").jeux["charte_nationale"]
    assert charte.devise == "Une autre devise" and charte.titre == _reseau("charte_nationale")["titre"]


def test_chaque_element_dit_de_quel_fichier_il_vient(structure):
    _historique(structure, "evenements:\n  - date: 1995\n    portee: locale\n    texte: Ouverture.\n"
                           "chiffres:\n  salaries_1995:\n    libelle: Salariés\n    valeur: 3\n    source: statuts-2022\n")
    donnees = charger(structure / "data")
    evenements = donnees.jeux["historique"].evenements
    n = len(_reseau("historique")["evenements"])
    fichier, ligne, champ = donnees.lieu("historique", ("evenements", 0, "texte"))
    texte = (RESEAU / "historique.yml").read_text(encoding="utf-8").splitlines()
    assert fichier == "reseau/historique.yml" and champ == "evenements[1].texte"
    assert texte[ligne - 1].strip().startswith("texte:")
    assert donnees.lieu("historique", ("evenements", n, "texte")) == ("data/historique.yml", 4, "evenements[1].texte")
    assert evenements[n].texte == "Ouverture."
    assert donnees.fichier_de(donnees.chiffre("historique.salaries_1995")) == "data/historique.yml"


def test_le_cadre_de_la_declaration_d_accessibilite_vient_du_reseau(structure):
    commun = _reseau("accessibilite")
    assert charger(RACINE / "data").jeux["accessibilite"].recours.nom == commun["recours"]["nom"]
    assert "recours" not in lire_yaml(RACINE / "data/accessibilite.yml", "data/accessibilite.yml")[0]
    # Une structure qui date sa déclaration sans dire ce qu'elle mesure : refusée, rien d'inventé.
    (structure / "data/accessibilite.yml").write_text("date: 2026-01-15\netat: non_conforme\n", encoding="utf-8")
    with pytest.raises(ErreursDonnees) as erreur:
        charger(structure / "data")
    [message] = [e.texte() for e in erreur.value.erreurs]
    assert message.startswith("data/accessibilite.yml, ligne 1, champ « date »") and "« controles »" in message
    assert "« recours »" not in message  # le réseau le donne
