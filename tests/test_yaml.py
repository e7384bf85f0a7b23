"""Chaque fichier YAML du projet (mkdocs.yml, data/, flux de .github/, fixtures, instances) : aucune clé
écrite deux fois au même niveau. PyYAML garde en silence la dernière : un second `extra:` dans mkdocs.yml
effaçait `generator: false`, et le pied de page redevenait anglais."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from conftest import RACINE

# Appels directs du code, sans construction : la couche que lance `pytest -m rapide`.
pytestmark = pytest.mark.rapide

_HORS_DU_PROJET = {".git", ".venv", "node_modules", "site", ".cache", "sortie", "__pycache__", ".pytest_cache",
                   ".hypothesis"}


class _ChargeurStrict(yaml.SafeLoader):
    """Lecteur qui relève chaque clé répétée, et accepte les étiquettes propres à MkDocs (`!ENV`, `!!python/…`)."""

    def construct_mapping(self, noeud, deep=False):
        vues: dict = {}
        for cle, _ in noeud.value:
            valeur = self.construct_object(cle, deep=True)
            try:
                deja = vues.get(valeur)
            except TypeError:  # clé non hachable (liste) : hors de notre propos
                continue
            if deja is not None:
                raise yaml.constructor.ConstructorError(
                    None, None,
                    f"clé « {valeur} » écrite deux fois (ligne {deja + 1} et ligne {cle.start_mark.line + 1}) ; "
                    "la seconde efface la première", cle.start_mark)
            vues[valeur] = cle.start_mark.line
        return super().construct_mapping(noeud, deep)


_ChargeurStrict.add_multi_constructor("!", lambda chargeur, suffixe, noeud: None)
_ChargeurStrict.add_multi_constructor("tag:yaml.org,2002:python/", lambda chargeur, suffixe, noeud: None)


def fichiers_yaml(racine: Path) -> list[Path]:
    """Les fichiers .yml et .yaml du projet, hors environnement, dépendances et sorties. Les dossiers écartés ne
    sont pas parcourus : d'autres tests y écrivent et y effacent pendant ce temps (pytest-xdist)."""
    trouves = []
    for dossier, sous_dossiers, fichiers in os.walk(racine):
        sous_dossiers[:] = [d for d in sous_dossiers if d not in _HORS_DU_PROJET and not d.startswith(".site-")]
        trouves.extend(Path(dossier) / f for f in fichiers if f.endswith((".yml", ".yaml")))
    return sorted(trouves)


def cles_repetees(texte: str) -> str | None:
    """Le message de la première clé répétée du texte YAML, ou None."""
    try:
        for _ in yaml.load_all(texte, Loader=_ChargeurStrict):
            pass
    except yaml.constructor.ConstructorError as erreur:
        return erreur.problem
    return None


def test_mkdocs_yml_et_les_flux_sont_parmi_les_fichiers_verifies():
    noms = {p.relative_to(RACINE).as_posix() for p in fichiers_yaml(RACINE)}
    assert {"mkdocs.yml", ".github/workflows/ci.yml", "data/structure.yml"} <= noms


def test_une_cle_repetee_est_trouvee():
    assert "« extra » écrite deux fois (ligne 1 et ligne 3)" in cles_repetees("extra:\n  a: 1\nextra:\n  b: 2\n")
    assert "« b » écrite deux fois" in cles_repetees("a:\n  b: 1\n  c: 2\n  b: 3\n")
    assert cles_repetees("a: 1\nb: !ENV [X, 2]\nc: !!python/name:os.getcwd\n") is None


@pytest.mark.parametrize("fichier", fichiers_yaml(RACINE), ids=lambda p: p.relative_to(RACINE).as_posix())
def test_aucune_cle_ecrite_deux_fois(fichier: Path):
    probleme = cles_repetees(fichier.read_text(encoding="utf-8"))
    assert probleme is None, f"{fichier.relative_to(RACINE)} : {probleme}"
