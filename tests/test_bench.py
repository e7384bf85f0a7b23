"""Les outils du banc (bench/) : des données qu'ils fabriquent ou modifient restent valides. Aucune durée ici ; sur
une copie de la structure d'essai tests/fixtures/minimale (le banc, lui, mesure Lisieux)."""
from __future__ import annotations

from collections import Counter

from bench.direct import CLE, FICHIER, remplacer_valeur
from bench.projet import FICHES, multiplier_fiches
from macros.donnees import charger
from macros.modeles.fiches import IDENTIFIANTS_RESERVES


def test_les_fiches_synthetiques_sont_des_donnees_valides(minimale):
    originales = sorted(p.stem for p in (minimale / FICHES).glob("*.md") if p.stem not in IDENTIFIANTS_RESERVES)
    total = multiplier_fiches(minimale, 3)
    fiches = charger(minimale / "data").jeux["fiches"]
    assert total == len(fiches) == 3 * len(originales)
    # Identifiant = nom du fichier (charger le vérifie) ; les copies gardent le texte de leur original.
    par_id = {f.id: f for f in fiches}
    for original in originales:
        copie = par_id[f"{original}-copie-3"]
        assert copie.titre == par_id[original].titre
        assert copie.corps == par_id[original].corps and copie.corps
    numeros = Counter((f.axe, f.numero) for f in fiches if f.numero)
    assert max(numeros.values()) == 1, "chaque copie a son propre numéro"


def test_le_banc_change_un_chiffre_sans_toucher_au_reste(minimale):
    avant = charger(minimale / "data")
    remplacer_valeur(minimale / FICHIER, CLE.split(".", 1)[1], 12345)
    apres = charger(minimale / "data")
    assert apres.chiffre(CLE).valeur == 12345
    assert {k: v for k, v in apres.chiffres.items() if k != CLE} == {
        k: v for k, v in avant.chiffres.items() if k != CLE}
