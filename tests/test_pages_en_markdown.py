"""Les phrases sont dans les pages (docs/), les données dans data/ : aucune page de contenu ne boucle sur de la
prose, aucun fichier de données de ces pages ne garde de paragraphe."""
from __future__ import annotations

import re

import pytest
import yaml
from conftest import RACINE

# Les pages de contenu du projet associatif, de la charte et de l'offre de services.
PAGES = ["index.md", "projet.md", "valeurs.md", "objectifs.md", "historique.md", "diagnostic.md",
         "forces-faiblesses.md", "strategie.md", "evaluation.md", "engagements.md", "charte.md",
         "offre-de-services/index.md", "offre-de-services/employeurs.md"]
# Les fichiers de données que ces pages citent (chiffres, dates, libellés courts, renvois).
DONNEES = ["structure", "territoire", "objectifs", "historique", "charte_nationale", "public", "equipe",
           "gouvernance", "finances", "offre", "strategie", "edition", "sources"]
# Un libellé tient sur une ligne ; au-delà, c'est un paragraphe, qui a sa place dans une page.
LONGUEUR_D_UN_LIBELLE = 180


@pytest.mark.parametrize("page", sorted(p.relative_to(RACINE / "docs").as_posix()
                                        for p in (RACINE / "docs").rglob("*.md")))
def test_aucune_boucle_dans_une_page_de_contenu(page):
    texte = (RACINE / "docs" / page).read_text(encoding="utf-8")
    assert "{% for" not in texte and "{%- for" not in texte, \
        f"docs/{page} : une liste tirée de data/ est un bloc généré, appelé par une macro (macros/blocs.py)"


def _textes(objet, chemin=""):
    if isinstance(objet, dict):
        for cle, valeur in objet.items():
            yield from _textes(valeur, f"{chemin}.{cle}" if chemin else str(cle))
    elif isinstance(objet, list):
        for i, valeur in enumerate(objet):
            yield from _textes(valeur, f"{chemin}[{i}]")
    elif isinstance(objet, str):
        yield chemin, objet


@pytest.mark.parametrize("jeu", DONNEES)
def test_pas_de_paragraphe_dans_les_donnees_des_pages(jeu):
    # Les jeux communs au réseau (Charte nationale, textes fondateurs) sont dans reseau/ : même règle.
    fichier = next(f for f in (RACINE / "data" / f"{jeu}.yml", RACINE / "reseau" / f"{jeu}.yml") if f.exists())
    contenu = yaml.safe_load(fichier.read_text(encoding="utf-8"))
    for chemin, texte in _textes(contenu):
        # Le récit d'un événement daté de l'historique est une donnée : il va dans la frise.
        if re.fullmatch(r"evenements\[\d+\]\.texte", chemin):
            continue
        assert len(texte) <= LONGUEUR_D_UN_LIBELLE, f"data/{jeu}.yml, {chemin} : {texte[:60]}…"


def test_les_ancres_stables_sont_ecrites_dans_les_pages():
    """Les ancres que d'autres pages et le PDF visent sont des listes d'attributs des titres, pas des boucles."""
    charte = (RACINE / "docs/charte.md").read_text(encoding="utf-8")
    numeros = [int(n) for n in re.findall(r"^## (\d+)\. .* \{ #engagement-\1 \}$", charte, re.M)]
    assert numeros == list(range(1, len(numeros) + 1)) and len(numeros) >= 5
    valeurs = (RACINE / "docs/valeurs.md").read_text(encoding="utf-8")
    ancres = re.findall(r"^## .* \{ #([a-z-]+) \}$", valeurs, re.M)
    assert "laicite" in ancres
    for cible in set(re.findall(r"\(valeurs\.md#([^)]+)\)", charte)):
        assert cible in ancres, cible
