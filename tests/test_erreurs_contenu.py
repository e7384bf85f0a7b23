"""Les erreurs d'un éditeur dans les données du diagnostic, de l'analyse, de la stratégie et des engagements :
un message français qui nomme le fichier, la ligne et le champ (même forme que tests/test_erreurs.py), sur une
copie de la structure d'essai tests/fixtures/minimale."""
from __future__ import annotations

import pytest
from test_erreurs import numero_de_ligne, par_couche, remplacer, verifier_message


def _feuille_de_route_inconnue(p):
    fichier = p / "data/strategie.yml"
    remplacer(fichier, "[aller-vers, mobilite]", "[aller-vers, mobilites]")
    return ("data/strategie.yml", numero_de_ligne(fichier, "mobilites]"),
            "orientations[1].feuilles_de_route[2]", "Identifiants proches : mobilite")


def _orientation_inconnue_dans_une_page(p):
    fichier = p / "docs/strategie.md"
    remplacer(fichier, 'feuilles_de_route("proximite")', 'feuilles_de_route("proximites")')
    return "docs/strategie.md", numero_de_ligne(fichier, '"proximites"'), "", \
        "orientation inconnue « proximites ». Orientations de data/strategie.yml"


def _mandats_inconnus_dans_une_page(p):
    fichier = p / "docs/diagnostic.md"
    remplacer(fichier, 'mandats("directions")', 'mandats("direction")')
    return "docs/diagnostic.md", numero_de_ligne(fichier, 'mandats("direction")'), "", \
        "écrivez « presidences » ou « directions »"


def _date_incomplete(p):
    fichier = p / "data/territoire.yml"
    remplacer(fichier, "date: 2024-03-01", "date: mars 2024")
    return "data/territoire.yml", numero_de_ligne(fichier, "date: mars"), \
        "reperes.nouvelle_ligne_de_car.date", "une date est attendue sous la forme AAAA-MM-JJ"


def _role_de_lieu_vide(p):
    # Le rôle est libre (siège, permanence, antenne…) : vide, il ne dit rien.
    fichier = p / "data/implantations.yml"
    remplacer(fichier, "role: permanence", 'role: ""')
    return "data/implantations.yml", numero_de_ligne(fichier, 'role: ""'), "lieux[2].role", \
        "ce champ ne peut pas être vide."


def _repere_inconnu_dans_une_page(p):
    fichier = p / "docs/diagnostic.md"
    remplacer(fichier, 'repere("territoire.nouvelle_ligne_de_car")', 'repere("territoire.nouvelle_ligne_car")')
    return "docs/diagnostic.md", numero_de_ligne(fichier, 'nouvelle_ligne_car")'), "", \
        "Clés proches : territoire.nouvelle_ligne_de_car"


def _ligne_ajoutee(p, page: str, ligne: str, repere: str, message: str):
    """`ligne` ajoutée à la fin de `page` ; l'erreur attendue est signalée à la ligne qui contient `repere`."""
    fichier = p / page
    with fichier.open("a", encoding="utf-8") as texte:
        texte.write(f"\n{ligne}\n")
    return page, numero_de_ligne(fichier, repere), "", message


def _fonction_inconnue_dans_une_page(p):
    return _ligne_ajoutee(p, "docs/strategie.md", '{{ fiches_de_fonction("orientation") }}', '"orientation"',
                          "fonction inconnue « orientation ». Fonctions de reseau/fonctions.yml : reperer-mobiliser")


def _texte_fondateur_inconnu_dans_une_page(p):
    return _ligne_ajoutee(p, "docs/valeurs.md", 'La Charte date du {{ date_texte("charte-1991") }}.',
                          '"charte-1991"', "texte fondateur inconnu « charte-1991 »")


CAS = {
    "feuille de route inconnue": _feuille_de_route_inconnue,
    "orientation inconnue dans une page": _orientation_inconnue_dans_une_page,
    "mandats inconnus dans une page": _mandats_inconnus_dans_une_page,
    "date mal écrite": _date_incomplete,
    "rôle de lieu vide": _role_de_lieu_vide,
    "repère inconnu dans une page": _repere_inconnu_dans_une_page,
    "fonction inconnue dans une page": _fonction_inconnue_dans_une_page,
    "texte fondateur inconnu dans une page": _texte_fondateur_inconnu_dans_une_page,
}


# Les cas qui ne se voient qu'au rendu d'une page : une construction chacun ; les autres, au chargement.
PAGES = {"orientation inconnue dans une page", "mandats inconnus dans une page", "repère inconnu dans une page",
         "fonction inconnue dans une page", "texte fondateur inconnu dans une page"}


@pytest.mark.parametrize("cas, construire", par_couche(CAS, PAGES))
def test_message_francais_avec_fichier_ligne_et_champ(cas, construire, minimale, tmp_path):
    verifier_message(CAS[cas], minimale, tmp_path, construire=construire)
