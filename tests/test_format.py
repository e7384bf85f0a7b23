"""Mise en forme française des nombres (macros/format.py) : espaces fines insécables, virgule décimale."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from macros import format as fmt
from macros.modeles.base import Chiffre
from macros.rendus import valeur_formatee

# Appels directs du code, sans construction : la couche que lance `pytest -m rapide`.
pytestmark = pytest.mark.rapide

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


# ── Ce que les éditeurs tapent : chaque formateur le rend tel quel ──────────────────────────────────────────────
# Un nombre de data/ arrive en float (YAML, puis le modèle) : 8.9 y est 8.9000000000000003552…, que l'ancien
# pourcent() divisait par 100 en float (« 8,900000000000001 % » à Moulins). La propriété porte sur le texte tapé.

_FRANCAIS = re.compile(r"^-?\d{1,3}(?:\u202f\d{3})*(?:,\d+)?$")


def _tape(entier: int, decimales: str, negatif: bool = False) -> str:
    return ("-" if negatif else "") + str(entier) + (f".{decimales}" if decimales else "")


# Entiers jusqu'aux milliards, et décimaux de 1 à 3 chiffres après la virgule (quinze chiffres au plus : ce que
# YAML rend sans perte dans un float).
TAPES = st.one_of(
    st.builds(_tape, st.integers(0, 10**15), st.just("")),
    st.builds(_tape, st.integers(0, 10**9), st.from_regex(r"\A\d{1,3}\Z"), st.booleans()),
    st.builds(_tape, st.integers(0, 100), st.from_regex(r"\A\d{1,3}\Z")),  # des pourcentages
)


def _relu(texte: str, unite: str) -> Decimal:
    """Le nombre que lit le lecteur dans « 1 234,5 % » : vérifie la forme française, puis le rend en Decimal."""
    assert texte.endswith(unite), texte
    nombre = texte.removesuffix(unite)
    assert _FRANCAIS.match(nombre), repr(texte)
    return Decimal(nombre.replace("\u202f", "").replace(",", "."))


@given(TAPES)
@settings(max_examples=400, deadline=None)
def test_chaque_formateur_rend_le_nombre_tape(tape):
    for valeur in (float(tape), *([int(tape)] if "." not in tape else [])):
        assert _relu(fmt.nombre(valeur), "") == Decimal(tape)
        assert _relu(fmt.pourcent(valeur), f"{FINE}%") == Decimal(tape)
        assert _relu(fmt.euros(valeur), f"{FINE}€") == Decimal(tape)
        en_millions = fmt.millions(valeur * 10**6 if isinstance(valeur, int) else float(Decimal(tape).scaleb(6)))
        mot = "\u00a0million" if abs(Decimal(tape)) < 2 else "\u00a0millions"
        assert _relu(en_millions, mot) == Decimal(tape)


@pytest.mark.parametrize("valeur, attendu", [
    (8.9, f"8,9{FINE}%"), (14.3, f"14,3{FINE}%"), (0.007, f"0,007{FINE}%"), (33.333, f"33,333{FINE}%"),
])
def test_les_pourcentages_que_l_ancien_calcul_faussait(valeur, attendu):
    assert fmt.pourcent(valeur) == attendu


@pytest.mark.parametrize("valeur, attendu", [
    (7_000_000, "7\u00a0millions"), (1_000_000, "1\u00a0million"), (1_250_000, "1,25\u00a0million"),
    (1_000_000_000, f"1{FINE}000\u00a0millions"),
])
def test_l_echelle_des_millions_garde_les_chiffres_tapes_et_accorde(valeur, attendu):
    # Babel (format compact) écrivait « 1 millions », « 1 milliards » et arrondissait 1 250 000 à « 1,2 million ».
    assert fmt.millions(valeur) == attendu


def test_un_chiffre_de_data_s_affiche_comme_tape():
    chiffre = Chiffre.model_validate(yaml.safe_load(
        "libelle: Taux de chômage\nvaleur: 8.9\nunite: pourcent\nqualificatif: pres_de\nsource: x"))
    assert valeur_formatee(chiffre) == f"près de\u00a08,9{FINE}%"


@pytest.mark.parametrize("qualificatif, attendu", [("au_moins", "au moins\u00a02"), ("au_plus", "au plus\u00a03")])
def test_au_moins_et_au_plus_gardent_la_nuance_de_la_source(qualificatif, attendu):
    # « au moins 2 fois par an » : une borne que la source donne, écrite avant le nombre.
    chiffre = Chiffre.model_validate({"libelle": "Réunions par an", "valeur": int(attendu[-1]),
                                      "qualificatif": qualificatif, "source": "x"})
    assert valeur_formatee(chiffre) == attendu
