"""Les erreurs d'un éditeur de fiches actions (docs/fiches-actions/<id>.md) : message français qui nomme le
fichier, la ligne de la page et le champ de son en-tête, sur une copie de la structure d'essai tests/fixtures/minimale."""
from __future__ import annotations

import shutil

import pytest
from test_erreurs import numero_de_ligne, par_couche, remplacer, verifier_message

DOSSIER = "docs/fiches-actions"
FICHE = f"{DOSSIER}/aller-vers.md"


def _fonction_inconnue(p):
    remplacer(p / FICHE, "retenues: [reperer-mobiliser, accueillir-informer]",
              "retenues: [reperer-mobiliser, acceuillir-informer]")
    return (FICHE, numero_de_ligne(p / FICHE, "acceuillir-informer"), "fonctions.retenues[2]",
            "« acceuillir-informer » ne correspond à aucun identifiant de reseau/fonctions.yml. "
            "Identifiants proches : accueillir-informer")


def _etat_inconnu(p):
    remplacer(p / FICHE, "axe: agir\n", "axe: agir\navancement:\n  etat: terminee\n")
    return (FICHE, numero_de_ligne(p / FICHE, "etat: terminee"), "avancement.etat",
            "valeur non permise ; trouvé : « terminee ». Valeurs permises : a-lancer, en-cours, realisee, reportee, abandonnee")


def _lien_vers_une_fiche_absente(p):
    remplacer(p / FICHE, "axe: agir\n", "axe: agir\nliens: [fiche-absente]\n")
    return (FICHE, numero_de_ligne(p / FICHE, "fiche-absente"), "liens[1]",
            "« fiche-absente » ne correspond à aucun identifiant de docs/fiches-actions/")


def _deux_fiches_un_identifiant(p):
    shutil.copy(p / FICHE, p / DOSSIER / "copie.md")
    return (f"{DOSSIER}/copie.md", numero_de_ligne(p / FICHE, "id: aller-vers"), "id",
            f"l'identifiant « aller-vers » est déjà utilisé par {FICHE}")


def _indicateur_sans_libelle(p):
    remplacer(p / FICHE, "  - libelle: Partenariats signés",
              "  - cible: 12 partenariats")
    return FICHE, numero_de_ligne(p / FICHE, "cible: 12"), "indicateurs[1].libelle", "champ obligatoire manquant"


def _identifiant_different_du_fichier(p):
    (p / FICHE).rename(p / DOSSIER / "autre-nom.md")
    return (f"{DOSSIER}/autre-nom.md", numero_de_ligne(p / DOSSIER / "autre-nom.md", "id:"), "id",
            "l'identifiant doit être le nom du fichier sans « .md » : écrivez « id: autre-nom »")


def _nom_reserve(p):
    remplacer(p / FICHE, "id: aller-vers", "id: matrice")
    return (FICHE, numero_de_ligne(p / FICHE, "id: matrice"), "id",
            "déjà celui d'une page de la section Fiches actions")


def _periode_a_l_envers(p):
    remplacer(p / FICHE, "    - debut: 2027\n      fin: 2028", "    - debut: 2027\n      fin: 2025")
    return FICHE, numero_de_ligne(p / FICHE, "fin: 2025"), "calendrier.periodes[2].fin", "l'année de fin précède"


def _chiffre_inconnu_dans_l_en_tete(p):
    remplacer(p / FICHE, "        - Rencontre des partenaires.",
              "        - Rencontre des {territoire.communes_partenaires} partenaires.")
    return (FICHE, numero_de_ligne(p / FICHE, "{territoire.communes_partenaires}"), "calendrier.periodes[1].contenu[1]",
            "« {territoire.communes_partenaires} » ne désigne aucun chiffre ni repère de data/")


def _chiffre_inconnu_dans_le_texte(p):
    fiche = f"{DOSSIER}/mobilite.md"
    remplacer(p / fiche, 'chiffre("structure.salaries")', 'chiffre("structure.salarie")')
    return (fiche, numero_de_ligne(p / fiche, "structure.salarie"), None,
            "chiffre inconnu « structure.salarie »")


def _rubrique_redigee_dans_l_en_tete(p):
    # Une rubrique rédigée s'écrit dans le texte de la page, pas dans l'en-tête : le message propose les clés.
    remplacer(p / FICHE, "axe: agir\n", "axe: agir\nobjectif: Aller vers.\n")
    return (FICHE, numero_de_ligne(p / FICHE, "objectif: Aller vers."), "objectif",
            "clé inconnue. Clés permises ici : id, format, numero")


def _deux_points_dans_un_titre(p):
    remplacer(p / FICHE, "titre: Aller vers", "titre: Aller vers : les jeunes: partout")
    return FICHE, numero_de_ligne(p / FICHE, "titre: Aller vers :"), "titre", "syntaxe YAML invalide"


def _en_tete_non_referme(p):
    texte = (p / FICHE).read_text(encoding="utf-8")
    fin = texte.index("\n---\n", 4)
    (p / FICHE).write_text(texte[:fin] + texte[fin + 4:], encoding="utf-8")
    return FICHE, 1, None, "l'en-tête n'est pas refermé : ajoutez une ligne « --- »"


def _page_sans_en_tete(p):
    (p / DOSSIER / "nouvelle.md").write_text("# Nouvelle fiche\n\nUn texte sans en-tête.\n", encoding="utf-8")
    return f"{DOSSIER}/nouvelle.md", 1, None, "la page doit commencer par son en-tête : une ligne « --- »"


CAS = {
    "fonction inconnue": _fonction_inconnue,
    "état inconnu": _etat_inconnu,
    "lien vers une fiche absente": _lien_vers_une_fiche_absente,
    "deux fiches, un identifiant": _deux_fiches_un_identifiant,
    "indicateur sans libellé": _indicateur_sans_libelle,
    "identifiant différent du nom du fichier": _identifiant_different_du_fichier,
    "nom de page réservé": _nom_reserve,
    "période à l'envers": _periode_a_l_envers,
    "chiffre inconnu dans l'en-tête": _chiffre_inconnu_dans_l_en_tete,
    "chiffre inconnu dans le texte": _chiffre_inconnu_dans_le_texte,
    "rubrique rédigée dans l'en-tête": _rubrique_redigee_dans_l_en_tete,
    "deux-points dans un titre": _deux_points_dans_un_titre,
    "en-tête non refermé": _en_tete_non_referme,
    "page sans en-tête": _page_sans_en_tete,
}


# Les cas qui ne se voient qu'au rendu d'une page : une construction chacun ; les autres, au chargement.
PAGES = {"chiffre inconnu dans le texte"}


@pytest.mark.parametrize("cas, construire", par_couche(CAS, PAGES))
def test_erreur_de_fiche_en_francais(cas, construire, minimale, tmp_path):
    verifier_message(CAS[cas], minimale, tmp_path, construire=construire)
