"""Le tour dans Chromium de chaque structure de exemples/ : les tests de tests/test_navigateur.py qui lisent la
fixture `tour`, sur ces structures-là.

Un fichier à part pour que, sous `make test` (pytest-xdist, un fichier entier par processus), ces tours se fassent
sur l'autre processus que celui de la structure du haut du dépôt. pytest collecte ici les tests importés ; ils
reçoivent la fixture `tour` de ce fichier.
"""
from __future__ import annotations

import pytest
from instances import exemples, nom_de
from test_navigateur import Tour, tour_de
from test_navigateur import (test_aucune_violation_des_regles_wcag, test_aucune_requete_vers_un_tiers,  # noqa: F401
                             test_aucun_cookie, test_captures_d_ecran_des_pages_types)


@pytest.fixture(scope="module", params=exemples(), ids=nom_de)
def tour(request, navigateur) -> Tour:
    return tour_de(request.param, navigateur)
