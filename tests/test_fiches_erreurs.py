"""Les erreurs d'un éditeur de fiches actions : message français qui nomme le fichier, la ligne et le champ."""
from __future__ import annotations

import shutil

import pytest
from test_erreurs import numero_de_ligne, remplacer, verifier_message

FICHE = "data/fiches/feuille-de-route-1.yml"


def _fonction_inconnue(p):
    remplacer(p / FICHE, "retenues: [reperer-mobiliser, accueillir-informer]",
              "retenues: [reperer-mobiliser, acceuillir-informer]")
    return (FICHE, numero_de_ligne(p / FICHE, "acceuillir-informer"), "fonctions.retenues[2]",
            "« acceuillir-informer » ne correspond à aucun identifiant de data/fonctions.yml. "
            "Identifiants proches : accueillir-informer")


def _etat_inconnu(p):
    remplacer(p / FICHE, "axe: feuille-de-route-5-ans\n", "axe: feuille-de-route-5-ans\navancement:\n  etat: terminee\n")
    return (FICHE, numero_de_ligne(p / FICHE, "etat: terminee"), "avancement.etat",
            "valeur non permise ; trouvé : « terminee ». Valeurs permises : a-lancer, en-cours, realisee, abandonnee")


def _lien_vers_une_fiche_absente(p):
    remplacer(p / FICHE, "axe: feuille-de-route-5-ans\n", "axe: feuille-de-route-5-ans\nliens: [feuille-de-route-9]\n")
    return (FICHE, numero_de_ligne(p / FICHE, "feuille-de-route-9"), "liens[1]",
            "« feuille-de-route-9 » ne correspond à aucun identifiant de data/fiches/")


def _deux_fiches_un_identifiant(p):
    shutil.copy(p / FICHE, p / "data/fiches/copie.yml")
    return ("data/fiches/copie.yml", numero_de_ligne(p / FICHE, "id: feuille-de-route-1"), "id",
            "l'identifiant « feuille-de-route-1 » est déjà utilisé par data/fiches/feuille-de-route-1.yml")


def _indicateur_sans_libelle(p):
    remplacer(p / FICHE, "  - libelle: Nombre de partenariats formalisés avec des associations locales",
              "  - cible: 12 partenariats")
    return FICHE, numero_de_ligne(p / FICHE, "cible: 12"), "indicateurs[1].libelle", "champ obligatoire manquant"


def _identifiant_different_du_fichier(p):
    (p / FICHE).rename(p / "data/fiches/aller-vers.yml")
    return ("data/fiches/aller-vers.yml", numero_de_ligne(p / "data/fiches/aller-vers.yml", "id:"), "id",
            "l'identifiant doit être le nom du fichier sans « .yml » : écrivez « id: aller-vers »")


def _extension_yaml(p):
    (p / FICHE).rename(p / "data/fiches/feuille-de-route-1.yaml")
    return "data/fiches/feuille-de-route-1.yaml", None, "", "Renommez-le « feuille-de-route-1.yml »"


def _nom_reserve(p):
    (p / FICHE).rename(p / "data/fiches/matrice.yml")
    remplacer(p / "data/fiches/matrice.yml", "id: feuille-de-route-1", "id: matrice")
    return ("data/fiches/matrice.yml", numero_de_ligne(p / "data/fiches/matrice.yml", "id: matrice"), "id",
            "déjà celui d'une page de la section Fiches actions")


def _periode_a_l_envers(p):
    remplacer(p / FICHE, "    - debut: 2027\n      fin: 2028", "    - debut: 2027\n      fin: 2025")
    return FICHE, numero_de_ligne(p / FICHE, "fin: 2025"), "calendrier.periodes[2].fin", "l'année de fin précède"


def _chiffre_inconnu(p):
    fiche = "data/fiches/feuille-de-route-5.yml"
    remplacer(p / fiche, "{finances.duree_subventions_visee}", "{finances.duree_subvention}")
    return (fiche, numero_de_ligne(p / fiche, "{finances.duree_subvention}"), "actions[1].taches[2].texte",
            "« {finances.duree_subvention} » ne désigne aucun chiffre ni repère de data/")


CAS = {
    "fonction inconnue": _fonction_inconnue,
    "état inconnu": _etat_inconnu,
    "lien vers une fiche absente": _lien_vers_une_fiche_absente,
    "deux fiches, un identifiant": _deux_fiches_un_identifiant,
    "indicateur sans libellé": _indicateur_sans_libelle,
    "identifiant différent du nom du fichier": _identifiant_different_du_fichier,
    "fichier .yaml": _extension_yaml,
    "nom de page réservé": _nom_reserve,
    "période à l'envers": _periode_a_l_envers,
    "chiffre inconnu dans un texte": _chiffre_inconnu,
}


@pytest.mark.parametrize("cas", CAS, ids=list(CAS))
def test_erreur_de_fiche_en_francais(cas, projet, tmp_path):
    verifier_message(CAS[cas], projet, tmp_path)
