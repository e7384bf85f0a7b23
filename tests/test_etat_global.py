"""Aucun état de construction dans un module du moteur : tout ce qu'une construction apprend (données, page en
cours, titres, parties du livret) vit dans son contexte (macros/contexte.py), tenu par le greffon.

Le test lit le code (AST) de macros/ et livret/ : aucune instruction `global`, et aucune fonction ne modifie un
dict, une liste ou un ensemble défini au niveau du module (affectation d'un élément, méthode qui le change)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

# Appels directs du code, sans construction : la couche que lance `pytest -m rapide`.
pytestmark = pytest.mark.rapide

RACINE = Path(__file__).resolve().parents[1]
DOSSIERS = ("macros", "livret")
# Méthodes qui changent un dict, une liste ou un ensemble.
MUTATIONS = {"append", "extend", "insert", "pop", "popitem", "remove", "clear", "update", "setdefault", "add",
             "discard", "sort", "reverse", "__setitem__", "__delitem__"}
_MUTABLES = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)


def _mutables_du_module(arbre: ast.Module) -> set[str]:
    """Les noms liés, au niveau du module, à un dict, une liste ou un ensemble (littéral ou dict()/list()/set())."""
    noms = set()
    for noeud in arbre.body:
        cibles, valeur = [], None
        if isinstance(noeud, ast.Assign):
            cibles, valeur = noeud.targets, noeud.value
        elif isinstance(noeud, ast.AnnAssign) and noeud.value is not None:
            cibles, valeur = [noeud.target], noeud.value
        appel = isinstance(valeur, ast.Call) and isinstance(valeur.func, ast.Name) \
            and valeur.func.id in {"dict", "list", "set", "defaultdict", "OrderedDict"}
        if isinstance(valeur, _MUTABLES) or appel:
            noms.update(c.id for c in cibles if isinstance(c, ast.Name))
    return noms


def _nom_de_base(noeud: ast.AST) -> str | None:
    while isinstance(noeud, (ast.Subscript, ast.Attribute)):
        noeud = noeud.value
    return noeud.id if isinstance(noeud, ast.Name) else None


def fautes(source: str, fichier: str) -> list[str]:
    """Chaque écriture d'un état de module depuis une fonction : « fichier:ligne : ce qui est écrit »."""
    arbre = ast.parse(source)
    mutables = _mutables_du_module(arbre)
    trouvees = []
    for fonction in ast.walk(arbre):
        if not isinstance(fonction, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        locaux = {a.arg for a in ast.walk(fonction.args) if isinstance(a, ast.arg)}
        for noeud in ast.walk(fonction):
            if isinstance(noeud, ast.Global):
                trouvees.append((noeud.lineno, f"{fichier}:{noeud.lineno} : global {', '.join(noeud.names)}"))
            elif isinstance(noeud, (ast.Name,)) and isinstance(noeud.ctx, ast.Store):
                locaux.add(noeud.id)
        for noeud in ast.walk(fonction):
            cible = None
            if isinstance(noeud, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
                for c in getattr(noeud, "targets", None) or [noeud.target]:
                    if isinstance(c, ast.Subscript):
                        cible = _nom_de_base(c)
            elif isinstance(noeud, ast.Call) and isinstance(noeud.func, ast.Attribute) \
                    and noeud.func.attr in MUTATIONS and isinstance(noeud.func.value, (ast.Name, ast.Subscript)):
                cible = _nom_de_base(noeud.func.value)
            if cible in mutables and cible not in locaux:
                trouvees.append((noeud.lineno, f"{fichier}:{noeud.lineno} : {cible} modifié"))
    return [texte for _, texte in sorted(trouvees)]


def test_aucun_module_du_moteur_ne_garde_d_etat():
    trouvees = [faute for dossier in DOSSIERS for chemin in sorted((RACINE / dossier).rglob("*.py"))
                for faute in fautes(chemin.read_text(encoding="utf-8"), chemin.relative_to(RACINE).as_posix())]
    assert not trouvees, "état de module modifié à l'exécution :\n" + "\n".join(trouvees)


def test_le_controle_trouve_chaque_forme_d_etat():
    """Le contrôle lui-même : chaque forme d'état de module est trouvée, une variable locale ne l'est pas."""
    source = (
        "_etat = {}\n_liste: list = []\n_vus = set()\nCONSTANTE = 3\n"
        "def f():\n    global CONSTANTE\n    CONSTANTE = 4\n"
        "def g(x):\n    _etat['a'] = x\n    _liste.append(x)\n    _vus.add(x)\n    _etat['b']['c'] = 1\n"
        "def h(_etat):\n    _etat['a'] = 1\n"
        "def k():\n    local = {}\n    local['a'] = 1\n    _etat.get('a')\n"
    )
    assert [f.split(" : ", 1)[1] for f in fautes(source, "x.py")] == [
        "global CONSTANTE", "_etat modifié", "_liste modifié", "_vus modifié", "_etat modifié"]


def test_aucune_manipulation_de_sys_path():
    """Le moteur est un paquet installé : aucun module n'ajoute de dossier aux chemins d'import."""
    trouvees = [f"{chemin.relative_to(RACINE)}:{numero}"
                for dossier in ("macros", "livret", "publication", "overrides", "bench", "tests", "exemples")
                for chemin in sorted((RACINE / dossier).rglob("*.py"))
                for numero, ligne in enumerate(chemin.read_text(encoding="utf-8").splitlines(), 1)
                if "sys.path" in ligne and chemin.name != Path(__file__).name]
    assert not trouvees, "sys.path modifié : " + ", ".join(trouvees)
