"""La déclaration d'accessibilité (data/accessibilite.yml) décrit exactement ce que la suite de tests mesure."""
from __future__ import annotations

import ast
import datetime
import json
import re
from importlib.metadata import version

from conftest import RACINE, pages_html
from navigateur import script_axe

from macros.typographie import texte_publie

# Les modules de tests que la déclaration décrit : chacun de leurs tests doit y figurer.
MODULES_DECRITS = ["tests/test_navigateur.py", "tests/test_html_valide.py"]


def fonctions_de_test(chemin: str) -> set[str]:
    """Les fonctions de test définies au premier niveau d'un module."""
    arbre = ast.parse((RACINE / chemin).read_text(encoding="utf-8"))
    return {n.name for n in arbre.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}


def test_chaque_controle_designe_des_tests_qui_existent(donnees):
    for controle in donnees.jeux["accessibilite"].controles:
        for nom in controle.tests:
            fichier, fonction = nom.split("::")
            assert (RACINE / fichier).is_file(), f"contrôle « {controle.id} » : {fichier} n'existe pas"
            assert fonction in fonctions_de_test(fichier), f"contrôle « {controle.id} » : {nom} n'existe pas"


def test_chaque_test_du_navigateur_est_decrit(donnees):
    decrits = {nom for controle in donnees.jeux["accessibilite"].controles for nom in controle.tests}
    for module in MODULES_DECRITS:
        oublies = {f"{module}::{t}" for t in fonctions_de_test(module)} - decrits
        assert not oublies, f"tests absents de data/accessibilite.yml (champ « controles ») : {sorted(oublies)}"


def test_les_versions_declarees_sont_celles_des_outils_employes(donnees):
    declaration = donnees.jeux["accessibilite"]
    axe = re.match(r"/\*! axe v(\S+)", script_axe()).group(1)
    vnu = json.loads((RACINE / "package.json").read_text(encoding="utf-8"))["devDependencies"]["vnu-jar"]
    employees = {"axe-core": axe, "vnu": vnu, "playwright": version("playwright")}
    assert {o.id: o.version for o in declaration.outils} == employees


def test_la_date_de_la_declaration_n_est_pas_dans_le_futur(donnees):
    assert donnees.jeux["accessibilite"].date <= datetime.date.today()


def test_la_page_publie_ce_que_les_tests_mesurent(site, donnees):
    declaration = donnees.jeux["accessibilite"]
    html = (site / "accessibilite" / "index.html").read_text(encoding="utf-8")
    assert f"<strong>{declaration.etat_lisible}</strong>" in html
    for controle in declaration.controles:
        assert texte_publie(controle.libelle) in html.replace("&#39;", "'"), controle.id
    for outil in declaration.outils:
        assert outil.version in html, outil.id
    for valeur in [*declaration.regles_axe, *declaration.couleurs]:
        assert valeur in html
    # Le nombre de pages annoncé est celui des pages que les tests visitent (toutes, moins la page 404).
    annonce = re.search(r"toutes les pages du site \((\d+) pages", html)
    assert annonce and int(annonce.group(1)) == len(pages_html(site)) - 1
