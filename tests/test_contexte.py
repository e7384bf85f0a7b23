"""Une construction ne laisse rien à la suivante (macros/contexte.py) : deux structures d'essai construites l'une
après l'autre dans un même processus, par l'API Python de MkDocs (comme `make serve`, qui reconstruit sans
relancer Python). La seconde construction d'une structure est identique à la première, et ne montre aucun titre,
aucune source ni aucune donnée de l'autre structure construite entre les deux."""
from __future__ import annotations

import html
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

from macros.donnees import charger

RACINE = Path(__file__).resolve().parents[1]
PREMIERE = RACINE / "tests/fixtures/structure-neuve"  # valeurs, offre, périodes ; ni stratégie ni fiches
AUTRE = RACINE / "tests/fixtures/minimale"  # diagnostic, stratégie, fiches actions


def _construire(structure: Path, site: Path, monkeypatch) -> dict[str, str]:
    """La structure construite dans ce processus (SANS_PDF) ; chaque page du site, par chemin."""
    monkeypatch.setenv("INSTANCE_DOCS", str(structure / "docs"))
    build(load_config(str(RACINE / "mkdocs.yml"), site_dir=str(site)))
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def _texte(page: str) -> str:
    """Le texte lu (titre de la page compris), apostrophes et espaces ramenées à ce qu'un éditeur tape."""
    texte = BeautifulSoup(page, "html.parser").get_text(" ")
    return " ".join(texte.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ").split())


def _titres(elements: list) -> set[str]:
    titres = set()
    for element in elements:
        if isinstance(element, dict):
            for titre, valeur in element.items():
                titres.add(titre)
                titres |= _titres(valeur) if isinstance(valeur, list) else set()
    return titres


def _reperes(structure: Path) -> set[str]:
    """Ce qui n'appartient qu'à une structure : son nom, ses titres de navigation, ses sources, ses libellés de
    chiffres."""
    donnees = charger(structure / "data")
    instance = yaml.safe_load((structure / "instance.yml").read_text(encoding="utf-8"))
    chiffres = {c.libelle for c in donnees.chiffres.values()}
    return ({donnees.jeux["structure"].nom} | _titres(instance["nav"])
            | {s.document for s in donnees.jeux["sources"].sources} | chiffres)


@pytest.fixture(scope="module")
def trois_constructions(tmp_path_factory):
    """PREMIERE, puis AUTRE, puis PREMIERE de nouveau, dans ce processus."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("SANS_PDF", "1")
        monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
        dossier = tmp_path_factory.mktemp("contexte")
        avant = _construire(PREMIERE, dossier / "avant", monkeypatch)
        autre = _construire(AUTRE, dossier / "autre", monkeypatch)
        apres = _construire(PREMIERE, dossier / "apres", monkeypatch)
    return avant, autre, apres


def test_la_seconde_construction_est_identique_a_la_premiere(trois_constructions):
    avant, _, apres = trois_constructions
    assert avant.keys() == apres.keys()
    differentes = [chemin for chemin in avant if avant[chemin] != apres[chemin]]
    assert not differentes, f"pages changées par la construction d'une autre structure : {differentes}"


def test_rien_de_l_autre_structure(trois_constructions):
    avant, autre, apres = trois_constructions
    # Ce qui n'est qu'à l'autre structure (le réseau, que les deux partagent, en est retiré), et qu'elle montre.
    texte_avant = " ".join(map(_texte, avant.values()))
    texte_autre = " ".join(map(_texte, autre.values()))
    reperes = {r for r in _reperes(AUTRE) - _reperes(PREMIERE)
               if r.replace("\u2019", "'") in texte_autre and r.replace("\u2019", "'") not in texte_avant}
    # Au moins son nom, un titre de page et une source : sinon le test ne montrerait rien.
    assert {"Mission Locale du Val d'Essai", "Stratégie"} <= reperes, reperes
    assert any(s.document in reperes for s in charger(AUTRE / "data").jeux["sources"].sources)
    for chemin, page in apres.items():
        texte = _texte(page)
        vus = sorted(r for r in reperes if r.replace("\u2019", "'") in texte)
        assert not vus, f"{chemin} montre ce qui vient de l'autre structure : {vus}"
        assert html.escape(AUTRE.name) not in page
    # Et l'autre structure a bien été construite avec ses propres données.
    assert "Mission Locale du Val d'Essai" in _texte(autre["index.html"])
