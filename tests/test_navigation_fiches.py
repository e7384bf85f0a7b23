"""Beaucoup de fiches : la navigation les range par axe (puis par blocs de 25) et chaque page ne porte que la
branche de sa fiche (macros/navigation.py) ; sur un téléphone, le menu mène encore à chaque section.

Une petite structure d'essai (tests/fixtures/structure-neuve, plus 4 axes et 55 fiches), construite une fois."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import RACINE, servir
from instances import construire_instance

from macros.typographie import texte_publie

# Quatre axes : un titre à apostrophe, un axe à objectif (ses fiches rangées sous l'axe), un axe de 30 fiches
# (deux blocs), un axe long.
AXES = """axes:
  - id: jeunes
    nature: Axe
    numero: "1"
    titre: Aller vers les jeunes de l'arrondissement
  - id: entreprises
    nature: Axe
    numero: "2"
    titre: Travailler avec les entreprises
    objectifs:
      - id: stages
        nature: Objectif
        numero: "1"
        titre: Ouvrir des stages
  - id: territoire
    nature: Axe
    numero: "3"
    titre: Un territoire où chacun trouve sa place
  - id: pilotage
    nature: Axe
    numero: "4"
    titre: Piloter l'activité dans l'intérêt du public, avec les partenaires et les financeurs du territoire
"""
TAILLES = {"jeunes": 10, "stages": 10, "territoire": 30, "pilotage": 5}
NAV = """nav:
  - Accueil: index.md
  - Le projet:
      - Nos valeurs: valeurs.md
      - Fiches actions:
          - fiches-actions/index.md
  - À propos:
      - Notre offre: offre.md
      - L'histoire de l'association: historique.md
"""


def _fiche(axe: str, rang: int) -> str:
    return (f'---\nid: {axe}-{rang}\nformat: fiche-action\nnumero: "{rang}"\ntitre: Action {rang} de l’axe {axe}\n'
            f"axe: {axe}\n---\n\nTexte de la fiche.\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    dossier = tmp_path_factory.mktemp("navigation") / "structure"
    shutil.copytree(RACINE / "tests/fixtures/structure-neuve", dossier)
    instance = (dossier / "instance.yml").read_text(encoding="utf-8")
    (dossier / "instance.yml").write_text(instance[:instance.index("nav:")] + NAV, encoding="utf-8")
    (dossier / "data/axes.yml").write_text(AXES, encoding="utf-8")
    # Version de travail : l'adresse d'exemple de l'essai n'est refusée qu'à une édition adoptée.
    edition = dossier / "data/edition.yml"
    edition.write_text(edition.read_text(encoding="utf-8").replace("statut: adoptee", "statut: brouillon"),
                       encoding="utf-8")
    fiches = dossier / "docs/fiches-actions"
    fiches.mkdir()
    (fiches / "index.md").write_text("---\ntitle: Fiches actions\n---\n\n# Fiches actions\n\nLes fiches.\n",
                                     encoding="utf-8")
    for axe, nombre in TAILLES.items():
        for rang in range(1, nombre + 1):
            (fiches / f"{axe}-{rang}.md").write_text(_fiche(axe, rang), encoding="utf-8")
    construite = construire_instance(dossier, dossier.parent / "site", env={"SANS_PDF": "1"})
    assert construite.code == 0, construite.sortie[-3000:]
    return construite.site


def _navigation(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    debut = html.index('<nav class="md-nav md-nav--primary')
    return html[debut:html.index("md-sidebar--secondary", debut)]


def _fiches_liees(page: Path) -> set[str]:
    return set(re.findall(r'href="[^"]*?((?:jeunes|stages|territoire|pilotage)-\d+)/"',
                          _navigation(page)))


def test_une_fiche_ne_porte_que_les_fiches_de_son_axe(site):
    liees = _fiches_liees(site / "fiches-actions/stages-4/index.html")
    # Les fiches de son axe (rangées sous son objectif ; la page ouverte se lie par « ./ »), et la première fiche
    # de chacun des autres axes.
    assert liees == {f"stages-{n}" for n in range(1, 11)} - {"stages-4"} | {"jeunes-1", "territoire-1", "pilotage-1"}
    navigation = _navigation(site / "fiches-actions/stages-4/index.html")
    # Les titres des groupes, à la typographie du texte (espace insécable, apostrophe typographique).
    assert "Axe 2\u00a0: Travailler avec les entreprises" in navigation
    assert "Axe 1\u00a0: Aller vers les jeunes de l’arrondissement" in navigation


def test_un_axe_trop_long_est_coupe_en_blocs(site):
    liees = _fiches_liees(site / "fiches-actions/territoire-27/index.html")
    assert liees == ({f"territoire-{n}" for n in range(26, 31)} - {"territoire-27"}
                     | {"territoire-1", "jeunes-1", "stages-1", "pilotage-1"})
    navigation = _navigation(site / "fiches-actions/territoire-27/index.html")
    assert "Fiches 1 à 25" in navigation and "Fiches 26 à 30" in navigation


def test_hors_des_fiches_chaque_axe_est_un_lien(site):
    for page in (site / "valeurs/index.html", site / "fiches-actions/index.html", site / "404.html"):
        assert _fiches_liees(page) == {"jeunes-1", "stages-1", "territoire-1", "pilotage-1"}, page


def test_precedente_et_suivante_suivent_toutes_les_fiches(site):
    # Le pied de page garde l'ordre de lecture à plat : d'un axe au suivant sans passer par la navigation.
    html = (site / "fiches-actions/jeunes-10/index.html").read_text(encoding="utf-8")
    pied = html[html.index('class="md-footer__inner'):]
    assert 'href="../stages-1/"' in pied


def test_au_telephone_le_menu_mene_a_chaque_section_et_a_chaque_axe(site, navigateur):
    with servir(site, "/val-d-essai/") as adresse:
        telephone = navigateur.new_page(viewport={"width": 375, "height": 800})
        telephone.goto(adresse, wait_until="load")
        telephone.locator(".bouton-menu").click()
        primaire = ".md-nav--primary > .md-nav__list > .md-nav__item > label.md-nav__link"
        for section, sous_page in (("À propos", texte_publie("L'histoire de l'association")), ("Le projet", "Nos valeurs")):
            avant = telephone.url
            telephone.locator(primaire, has_text=section).click()
            telephone.wait_for_timeout(400)
            assert telephone.url == avant, f"« {section} » a ouvert une page au lieu de son sous-menu"
            assert telephone.get_by_role("link", name=sous_page).first.is_visible()
            if section == "À propos":  # retour au premier niveau
                telephone.locator("label.md-nav__title", has_text=section).click()
                telephone.wait_for_timeout(400)
        # Dans « Le projet », le sous-menu « Fiches actions » montre chaque axe ; un axe mène à sa première fiche,
        # dont le menu montre les autres fiches de l'axe.
        fiches = telephone.get_by_role("link", name="Fiches actions", exact=True)
        telephone.locator(".md-nav__container", has=fiches).locator("label").click()
        telephone.wait_for_timeout(400)
        axe = telephone.get_by_role("link", name=texte_publie("Axe 3 : Un territoire où chacun trouve sa place"))
        assert axe.is_visible()
        axe.click()
        telephone.wait_for_url(re.compile(r"/fiches-actions/territoire-1/$"))
        telephone.locator(".bouton-menu").click()
        telephone.wait_for_timeout(400)
        assert telephone.get_by_role("link", name="Action 25 de l’axe territoire").is_visible()
        telephone.close()
