"""Les caches de construction (.cache/) : ce qu'ils gardent sert à la construction suivante, et un cache
inutilisable ne fait que refaire le travail, sans arrêter la construction."""
from __future__ import annotations

from pathlib import Path

import pytest

from macros.gabarits_jinja import nouvel_environnement as _environnement

pytestmark = pytest.mark.rapide


def test_un_gabarit_compile_sert_a_la_construction_suivante(tmp_path: Path, monkeypatch):
    premier = _environnement(tmp_path / "gabarits").get_template("rendus.html")
    assert list((tmp_path / "gabarits").iterdir())
    second = _environnement(tmp_path / "gabarits")
    monkeypatch.setattr(second, "compile", lambda *a, **k: pytest.fail("gabarit recompilé malgré le cache"))
    relu = second.get_template("rendus.html")
    assert relu.module.__dict__.keys() == premier.module.__dict__.keys()


def test_un_cache_inutilisable_recompile_sans_arreter(tmp_path: Path):
    (tmp_path / "fichier").write_text("pas un dossier", encoding="utf-8")
    environnement = _environnement(tmp_path / "fichier" / "gabarits")  # ni créé, ni écrit
    assert environnement.get_template("rendus.html").module is not None


def test_la_configuration_des_formulaires_gardee_est_celle_qu_on_ecrirait(tmp_path: Path, monkeypatch):
    from macros import chemins, cms

    monkeypatch.setattr(chemins, "CACHE", tmp_path)
    configuration = {"collections": [{"name": "donnees", "label": "Chiffres d'activité", "fields": [1, 2.5, True]}]}
    ecrit = cms._texte_garde(configuration)
    assert ecrit == cms.texte_de_configuration(configuration)
    monkeypatch.setattr(cms, "texte_de_configuration", lambda c: pytest.fail("configuration réécrite"))
    assert cms._texte_garde(configuration) == ecrit
    autre = {"collections": [{"name": "donnees", "label": "Chiffres d'activité", "fields": [1, 2.5, 1]}]}
    with pytest.raises(pytest.fail.Exception, match="configuration réécrite"):
        cms._texte_garde(autre)  # une valeur changée (True → 1) : une autre empreinte
