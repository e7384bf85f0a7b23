"""Deux règles d'éditeur : un deux-points à la française dans un texte de data/ (issue 15, point 5), et les
chiffres marqués « a_verifier » (signalés dans la version de travail, refusés dans une édition adoptée). Sur
une copie de la structure d'essai tests/fixtures/minimale."""
from __future__ import annotations

import re

import pytest
from conftest import FIXTURES
from instances import construire_instance, construite
from lecture_html import sans_typographie
from test_erreurs import numero_de_ligne, remplacer, verifier_message

from macros.donnees import charger
from macros.erreurs import ErreurDonnees, ErreursDonnees
from macros.yaml_lignes import lire_yaml

LIBELLE = "    libelle: Salariés de l'association\n"


def test_deux_points_dans_un_libelle_la_correction_est_ecrite(tmp_path):
    fichier = tmp_path / "structure.yml"
    fichier.write_text("chiffres:\n  jeunes:\n    libelle: Jeunes accompagnés : chaque année\n    valeur: 1300\n",
                       encoding="utf-8")
    with pytest.raises(ErreurDonnees) as erreur:
        lire_yaml(fichier, "data/structure.yml")
    message = erreur.value.texte()
    assert message.startswith("data/structure.yml, ligne 3, champ « libelle » : ")
    assert "Écrit : « libelle: Jeunes accompagnés : chaque année »" in message
    assert "à écrire : « libelle: \"Jeunes accompagnés : chaque année\" »" in message
    assert "entre guillemets" in message


@pytest.mark.rapide
def test_deux_points_dans_un_element_de_liste_la_correction_est_ecrite(minimale):
    """« - Région : Normandie » : YAML y lit une clé ; le modèle attend un texte, le message dit quoi écrire."""
    remplacer(minimale / "data/finances.yml", "  - La Région\n", "  - Région : Normandie\n")
    with pytest.raises(ErreursDonnees) as erreur:
        charger(minimale / "data")
    (seule,) = erreur.value.erreurs
    assert (seule.fichier, seule.ligne) == ("data/finances.yml",
                                            numero_de_ligne(minimale / "data/finances.yml", "Région :"))
    assert "Écrit : « - Région : Normandie » ; à écrire : « - \"Région : Normandie\" »" in seule.detail


@pytest.mark.rapide
def test_le_texte_entre_guillemets_est_accepte(minimale):
    remplacer(minimale / "data/structure.yml", LIBELLE, '    libelle: "Salariés : en 2025"\n')
    assert charger(minimale / "data").chiffre("structure.salaries").libelle == "Salariés : en 2025"


def _deux_points(p):
    remplacer(p / "data/structure.yml", LIBELLE, "    libelle: Salariés : en 2025\n")
    return ("data/structure.yml", numero_de_ligne(p / "data/structure.yml", "Salariés : en 2025"), "libelle",
            "à écrire : « libelle: \"Salariés : en 2025\" »")


@pytest.mark.rapide
def test_le_chargement_s_arrete_sur_la_correction(minimale, tmp_path):
    verifier_message(_deux_points, minimale, tmp_path, construire=False)


# ── a_verifier ────────────────────────────────────────────────────────────────


@pytest.mark.construction
def test_un_chiffre_a_verifier_est_signale_discretement_dans_le_brouillon():
    donnees = charger(FIXTURES / "minimale/data")
    assert donnees.jeux["edition"].statut == "brouillon"
    douteux = {cle: c for cle, c in donnees.chiffres.items() if c.a_verifier}
    assert list(douteux) == ["structure.salaries"]
    html = (construite(FIXTURES / "minimale").site / "valeurs/index.html").read_text(encoding="utf-8")
    for chiffre in douteux.values():
        assert re.search(r'<small class="a-verifier" title="[^"]*">\(à vérifier\)</small>', html)
        assert f"à vérifier : {chiffre.a_verifier}" in sans_typographie(html.replace("&#x27;", "'").replace("&#39;", "'"))


def _adopter(projet) -> None:
    remplacer(projet / "data/edition.yml", "statut: brouillon\n", "statut: adoptee\nadoption: 2024-06-20\n")


@pytest.mark.construction
def test_une_edition_adoptee_refuse_un_chiffre_a_verifier(minimale, tmp_path):
    def cas(p):
        _adopter(p)  # ses mentions légales sont complètes : seul le chiffre douteux manque
        fichier = p / "data/structure.yml"
        return ("data/structure.yml", numero_de_ligne(fichier, "a_verifier:"),
                "chiffres.salaries.a_verifier", "une édition adoptée ne publie pas de chiffre douteux")

    verifier_message(cas, minimale, tmp_path, construire=True)


@pytest.mark.construction
def test_une_edition_adoptee_sans_chiffre_douteux_se_construit_et_se_dit_adoptee(minimale, tmp_path):
    _adopter(minimale)
    fichier = minimale / "data/structure.yml"
    fichier.write_text(re.sub(r"\n +a_verifier: .*", "", fichier.read_text(encoding="utf-8")), encoding="utf-8")
    resultat = construire_instance(minimale, tmp_path / "site", env={"SANS_PDF": "1"})
    assert resultat.code == 0, resultat.sortie
    valeurs = sans_typographie((tmp_path / "site/valeurs/index.html").read_text(encoding="utf-8"))
    assert "a-verifier" not in valeurs and "pas encore adoptée" not in valeurs
    assert "Adoptées par le conseil d'administration avec l'édition" in valeurs and "20 juin 2024" in valeurs
