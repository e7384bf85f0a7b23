"""Une fiche numérotée dans son axe (chaque axe recommence à 1) s'affiche avec les numéros de ses axes, partout
où les fiches sont listées : titre de page (donc sommaire et livret), index, matrice, tableau de bord."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros import fiches as F
from macros.donnees import charger
from macros.rendus_fiches import index_html, tableau_de_bord_html

# Appels directs du code, sans construction : la couche que lance `pytest -m rapide`.
pytestmark = pytest.mark.rapide

RACINE = Path(__file__).resolve().parents[1]
AXES = """axes:
  - id: axe-1
    nature: Axe
    numero: "1"
    titre: Aller vers les jeunes
  - id: axe-2
    nature: Axe
    numero: "2"
    titre: Travailler avec les entreprises
    objectifs:
      - id: axe-2-objectif-3
        nature: Objectif
        numero: "3"
        titre: Ouvrir des stages
"""


def _fiche(identifiant: str, numero: str, axe: str, titre: str) -> str:
    return f'---\nid: {identifiant}\nformat: fiche-action\nnumero: "{numero}"\ntitre: {titre}\naxe: {axe}\n---\n\nTexte.\n'


def _donnees(tmp_path: Path, fiches: list[tuple[str, str, str, str]]):
    dossier = tmp_path / "structure"
    shutil.copytree(RACINE / "tests/fixtures/structure-neuve", dossier)
    (dossier / "data/axes.yml").write_text(AXES, encoding="utf-8")
    (dossier / "docs/fiches-actions").mkdir()
    for fiche in fiches:
        (dossier / f"docs/fiches-actions/{fiche[0]}.md").write_text(_fiche(*fiche), encoding="utf-8")
    return charger(dossier / "data")


def test_les_numeros_repetes_d_un_axe_a_l_autre_portent_ceux_de_leurs_axes(tmp_path):
    donnees = _donnees(tmp_path, [("maraudes", "1", "axe-1", "Maraudes"), ("camion", "2", "axe-1", "Camion"),
                                  ("job-dating", "1", "axe-2", "Job dating"),
                                  ("stages", "1", "axe-2-objectif-3", "Stages d'été")])
    titres = {f.id: F.titre_complet(f) for f in donnees.jeux["fiches"]}
    assert titres == {"maraudes": "Fiche action 1.1 : Maraudes", "camion": "Fiche action 1.2 : Camion",
                      "job-dating": "Fiche action 2.1 : Job dating",
                      "stages": "Fiche action 2.3.1 : Stages d'été"}
    abreges = {F.titre_abrege(f) for f in donnees.jeux["fiches"]}
    assert abreges == {"1.1. Maraudes", "1.2. Camion", "2.1. Job dating", "2.3.1. Stages d'été"}
    liens = F.Liens("fiches-actions/", True)
    for html in (index_html(donnees, liens), tableau_de_bord_html(donnees, liens)):
        assert "Fiche action 1 :" not in html and "1. Maraudes" not in html.replace("1.1. Maraudes", "")
        assert "2.3.1" in html


def test_des_numeros_uniques_restent_tels_qu_ecrits(tmp_path):
    # Une numérotation continue d'un axe à l'autre (Lisieux : 1 à 5) n'a pas besoin des numéros d'axe.
    donnees = _donnees(tmp_path, [("maraudes", "1", "axe-1", "Maraudes"), ("job-dating", "2", "axe-2", "Job dating")])
    assert [F.titre_complet(f) for f in F.fiches_ordonnees(donnees)] == [
        "Fiche action 1 : Maraudes", "Fiche action 2 : Job dating"]
