"""Mise en forme française des nombres (macros/format.py) : espaces fines insécables, virgule décimale."""
from __future__ import annotations

import pytest

from macros import format as fmt

FINE = "\u202f"


@pytest.mark.parametrize("valeur, attendu", [
    (853591, f"853{FINE}591{FINE}€"),
    (1637478, f"1{FINE}637{FINE}478{FINE}€"),
    (12.5, f"12,5{FINE}€"),
    (400, f"400{FINE}€"),
])
def test_montants_en_euros(valeur, attendu):
    assert fmt.euros(valeur) == attendu


@pytest.mark.parametrize("valeur, attendu", [
    (11.4, f"11,4{FINE}%"), (75, f"75{FINE}%"), (0.5, f"0,5{FINE}%"), (1250, f"1{FINE}250{FINE}%"),
])
def test_pourcentages(valeur, attendu):
    assert fmt.pourcent(valeur) == attendu


def test_milliers_separes_par_une_espace_fine_insecable():
    assert fmt.nombre(73500) == f"73{FINE}500"
    assert fmt.nombre(1.2) == "1,2"
    # Jamais une espace ordinaire, où la ligne pourrait se couper au milieu du nombre.
    for texte in (fmt.nombre(1234567), fmt.euros(1234567), fmt.pourcent(1234.5)):
        assert " " not in texte and "\u00a0" not in texte, repr(texte)
