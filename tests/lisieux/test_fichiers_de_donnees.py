"""Les fichiers de données de Lisieux se présentent eux-mêmes."""
from __future__ import annotations

from conftest import RACINE


def test_chaque_fichier_de_donnees_commence_par_un_commentaire():
    """Un éditeur qui ouvre un fichier de data/ lit d'abord ce qu'il contient."""
    fichiers = sorted((RACINE / "data").rglob("*.y*ml"))
    assert fichiers
    for fichier in fichiers:
        premiere = fichier.read_text(encoding="utf-8").lstrip("\ufeff").splitlines()[0]
        assert premiere.startswith("# ") and len(premiere) > 10, f"{fichier.relative_to(RACINE)} : {premiere!r}"
