"""Deux règles d'éditeur : un deux-points à la française dans un texte de data/ (issue 15, point 5), et les
chiffres marqués « a_verifier » (signalés dans la version de travail, refusés dans une édition adoptée)."""
from __future__ import annotations

import re

import pytest
from conftest import completer_les_mentions_legales, construire, preparer_l_adoption
from lecture_html import sans_typographie
from test_erreurs import numero_de_ligne, remplacer, verifier_message

from macros.donnees import charger
from macros.erreurs import ErreurDonnees, ErreursDonnees
from macros.yaml_lignes import lire_yaml

LIBELLE = "    libelle: Jeunes accompagnés dans l'année\n"


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


def test_deux_points_dans_un_element_de_liste_la_correction_est_ecrite(projet):
    """« - Santé : handicap » : YAML y lit une clé ; le modèle attend un texte, le message dit quoi écrire."""
    remplacer(projet / "data/equipe.yml", "  - Santé et handicap\n", "  - Santé : handicap\n")
    with pytest.raises(ErreursDonnees) as erreur:
        charger(projet / "data")
    (seule,) = erreur.value.erreurs
    assert (seule.fichier, seule.ligne) == ("data/equipe.yml", numero_de_ligne(projet / "data/equipe.yml", "Santé :"))
    assert "Écrit : « - Santé : handicap » ; à écrire : « - \"Santé : handicap\" »" in seule.detail


def test_le_texte_entre_guillemets_est_accepte(projet):
    remplacer(projet / "data/structure.yml", LIBELLE, '    libelle: "Jeunes accompagnés : en 2021"\n')
    assert charger(projet / "data").chiffre("structure.jeunes_accompagnes_par_an").libelle == \
        "Jeunes accompagnés : en 2021"


def _deux_points(p):
    remplacer(p / "data/structure.yml", LIBELLE, "    libelle: Jeunes accompagnés : en 2021\n")
    return ("data/structure.yml", numero_de_ligne(p / "data/structure.yml", "accompagnés : en 2021"), "libelle",
            "à écrire : « libelle: \"Jeunes accompagnés : en 2021\" »")


def test_la_construction_s_arrete_sur_la_correction(projet, tmp_path):
    verifier_message(_deux_points, projet, tmp_path)


# ── a_verifier ────────────────────────────────────────────────────────────────


def test_un_chiffre_a_verifier_est_signale_discretement_dans_le_brouillon(site, donnees):
    assert donnees.jeux["edition"].statut == "brouillon"
    douteux = {cle: c for cle, c in donnees.chiffres.items() if c.a_verifier}
    assert "historique.reseau_missions_locales_2002" in douteux
    html = (site / "historique/index.html").read_text(encoding="utf-8")
    for chiffre in douteux.values():
        assert re.search(r'<small class="a-verifier" title="[^"]*">\(à vérifier\)</small>', html)
        assert f"à vérifier : {chiffre.a_verifier}" in sans_typographie(html.replace("&#x27;", "'"))


def _adopter(projet) -> None:
    remplacer(projet / "data/edition.yml", "statut: brouillon\n", "statut: adoptee\nadoption: 2024-06-20\n")


def test_une_edition_adoptee_refuse_un_chiffre_a_verifier(projet, tmp_path):
    def cas(p):
        _adopter(p)
        completer_les_mentions_legales(p)  # seul le chiffre douteux manque
        fichier = p / "data/historique.yml"
        return ("data/historique.yml", numero_de_ligne(fichier, "a_verifier:"),
                "chiffres.reseau_missions_locales_2002.a_verifier", "une édition adoptée ne publie pas de chiffre douteux")

    verifier_message(cas, projet, tmp_path)


def test_une_edition_adoptee_sans_chiffre_douteux_se_construit_et_la_charte_est_adoptee(projet, tmp_path):
    _adopter(projet)
    preparer_l_adoption(projet)
    resultat = construire(projet, tmp_path / "site", env={"SANS_PDF": "1"})
    assert resultat.returncode == 0, resultat.stderr
    assert "a-verifier" not in (tmp_path / "site/historique/index.html").read_text(encoding="utf-8")
    charte = sans_typographie((tmp_path / "site/charte/index.html").read_text(encoding="utf-8"))
    assert "pas encore adoptée" not in charte
    assert "Adoptée par le conseil d'administration avec l'édition" in charte and "20 juin 2024" in charte
