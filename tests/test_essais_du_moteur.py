"""Les tests du moteur (tests/test_*.py) n'abîment pas le contenu de Lisieux (instance.yml, docs/, data/ du haut
du dépôt) : ils travaillent sur des structures d'essai (tests/fixtures/<cas>/). Sinon un éditeur qui change un
chiffre de Lisieux casserait un test du moteur. Les tests du contenu de Lisieux sont dans tests/lisieux/."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).parent

# Les fichiers qui abîment encore une copie de tout le dépôt (fixture « projet », copier_projet) ou écrivent sous
# RACINE : à convertir vers une structure d'essai. La liste ne fait que raccourcir (second test).
A_CONVERTIR: set[str] = set()
# Ce qui écrit dans un fichier ou le déplace : une méthode du chemin écrit (`chemin.write_text(…)`) ; une fonction,
# le chemin de son premier argument, ou du second pour une copie (la source se lit, la destination s'écrit).
_METHODES = {"write_text", "write_bytes", "unlink", "rename", "touch", "mkdir", "open"}
_FONCTIONS = {"remplacer": 0, "modifier_yaml": 0, "rmtree": 0, "copy": 1, "copyfile": 1, "copytree": 1, "move": 1}


def _noms(noeud: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(noeud) if isinstance(n, ast.Name)}


def _cible(appel: ast.Call) -> ast.AST | None:
    """Le chemin qu'écrit l'appel, ou None s'il n'écrit pas."""
    if isinstance(appel.func, ast.Attribute) and appel.func.attr in _METHODES:
        if appel.func.attr == "open" and not any(isinstance(a, ast.Constant) and set(str(a.value)) & set("wax")
                                                 for a in appel.args):
            return None  # ouvert en lecture
        return appel.func.value
    nom = appel.func.attr if isinstance(appel.func, ast.Attribute) else getattr(appel.func, "id", "")
    rang = _FONCTIONS.get(nom)
    return appel.args[rang] if rang is not None and len(appel.args) > rang else None


def abime_lisieux(source: str) -> list[str]:
    """Ce qui, dans un fichier de tests, abîme une copie de tout le dépôt ou écrit sous RACINE (lignes)."""
    trouves = []
    for noeud in ast.walk(ast.parse(source)):
        # Un test qui demande la fixture « projet » (conftest.py : une copie de tout le dépôt) ; une fonction
        # d'aide qui reçoit un dossier nommé ainsi ne compte pas, le test qui le lui passe compte.
        if (isinstance(noeud, ast.FunctionDef) and noeud.name.startswith("test_")
                and any(a.arg == "projet" for a in noeud.args.args)):
            trouves.append(f"ligne {noeud.lineno} : {noeud.name} reçoit la copie du dépôt « projet »")
        elif isinstance(noeud, ast.Name) and noeud.id == "copier_projet":
            trouves.append(f"ligne {noeud.lineno} : copier_projet")
        elif isinstance(noeud, ast.Call) and (cible := _cible(noeud)) is not None and "RACINE" in _noms(cible):
            trouves.append(f"ligne {noeud.lineno} : écriture sur un chemin de RACINE")
    return trouves


def _fichiers() -> list[Path]:
    return sorted(TESTS.glob("test_*.py"))


@pytest.mark.rapide
def test_aucun_test_du_moteur_n_abime_lisieux():
    fautifs = {f.name: abime_lisieux(f.read_text(encoding="utf-8")) for f in _fichiers()}
    nouveaux = {nom: lignes for nom, lignes in fautifs.items() if lignes and nom not in A_CONVERTIR}
    assert not nouveaux, ("ces tests du moteur abîment une copie de Lisieux ; prenez une structure d'essai de "
                          f"tests/fixtures/ (par exemple la fixture « minimale ») : {nouveaux}")


@pytest.mark.rapide
def test_la_liste_des_fichiers_a_convertir_ne_fait_que_raccourcir():
    convertis = sorted(nom for nom in A_CONVERTIR if not abime_lisieux((TESTS / nom).read_text(encoding="utf-8")))
    assert not convertis, f"déjà convertis : retirez-les de A_CONVERTIR : {convertis}"


@pytest.mark.rapide
@pytest.mark.parametrize("source", [
    "def test_x(projet):\n    pass\n",
    "p = copier_projet(tmp_path)\n",
    "(RACINE / 'data/territoire.yml').write_text('x')\n",
    "remplacer(RACINE / 'docs/index.md', 'a', 'b')\n",
    "shutil.copy(source, RACINE / 'data/territoire.yml')\n",
    "with (RACINE / 'docs/index.md').open('a') as f:\n    f.write('x')\n",
], ids=["fixture projet", "copier_projet", "write_text", "remplacer", "copie vers RACINE", "open en ajout"])
def test_la_verification_reconnait_une_copie_abimee(source):
    assert abime_lisieux(source)


@pytest.mark.rapide
def test_la_verification_laisse_une_structure_d_essai():
    assert not abime_lisieux("def test_x(minimale):\n    remplacer(minimale / 'data/a.yml', 'a', 'b')\n"
                             "texte = (RACINE / 'docs/index.md').read_text().replace('a', 'b')\n"
                             "shutil.copytree(RACINE / 'reseau', tmp_path / 'reseau')\n")
