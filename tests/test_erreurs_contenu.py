"""Les erreurs d'un éditeur dans les données du diagnostic, de l'analyse, de la stratégie et des engagements :
un message français qui nomme le fichier, la ligne et le champ (même forme que tests/test_erreurs.py)."""
from __future__ import annotations

import pytest
from test_erreurs import numero_de_ligne, remplacer, verifier_message


def _feuille_de_route_inconnue(p):
    fichier = p / "data/strategie.yml"
    remplacer(fichier, "[feuille-de-route-4, feuille-de-route-5]\nchiffres:",
              "[feuille-de-route-4, feuille-de-route-6]\nchiffres:")
    return ("data/strategie.yml", numero_de_ligne(fichier, "feuille-de-route-6]"),
            "orientations[3].feuilles_de_route[2]", "Identifiants proches : feuille-de-route-5")


def _orientation_inconnue_dans_une_page(p):
    fichier = p / "docs/strategie.md"
    remplacer(fichier, 'feuilles_de_route("responsabilite")', 'feuilles_de_route("responsabilites")')
    return "docs/strategie.md", numero_de_ligne(fichier, '"responsabilites"'), "", \
        "orientation inconnue « responsabilites ». Orientations de data/strategie.yml"


def _mandats_inconnus_dans_une_page(p):
    fichier = p / "docs/diagnostic.md"
    remplacer(fichier, 'mandats("directions")', 'mandats("direction")')
    return "docs/diagnostic.md", numero_de_ligne(fichier, 'mandats("direction")'), "", \
        "écrivez « presidences » ou « directions »"


def _date_incomplete(p):
    fichier = p / "data/territoire.yml"
    remplacer(fichier, "date: 2023-09-01", "date: septembre 2023")
    return "data/territoire.yml", numero_de_ligne(fichier, "date: septembre"), \
        "reperes.extension_transports.date", "une date est attendue sous la forme AAAA-MM-JJ"


def _role_de_lieu_vide(p):
    # Le rôle est libre (siège, permanence, antenne…) : vide, il ne dit rien.
    fichier = p / "data/implantations.yml"
    remplacer(fichier, "role: permanence", 'role: ""')
    return "data/implantations.yml", numero_de_ligne(fichier, 'role: ""'), "lieux[2].role", \
        "ce champ ne peut pas être vide."


def _repere_inconnu_dans_une_page(p):
    fichier = p / "docs/diagnostic.md"
    remplacer(fichier, 'repere("territoire.extension_transports")', 'repere("territoire.extension_transport")')
    return "docs/diagnostic.md", numero_de_ligne(fichier, 'extension_transport")'), "", \
        "Clés proches : territoire.extension_transports"


CAS = {
    "feuille de route inconnue": _feuille_de_route_inconnue,
    "orientation inconnue dans une page": _orientation_inconnue_dans_une_page,
    "mandats inconnus dans une page": _mandats_inconnus_dans_une_page,
    "date mal écrite": _date_incomplete,
    "rôle de lieu vide": _role_de_lieu_vide,
    "repère inconnu dans une page": _repere_inconnu_dans_une_page,
}


@pytest.mark.parametrize("cas", CAS, ids=list(CAS))
def test_message_francais_avec_fichier_ligne_et_champ(cas, projet, tmp_path):
    verifier_message(CAS[cas], projet, tmp_path)
