"""Les caches de construction (.cache/) : ce qu'ils gardent sert à la construction suivante, et un cache
inutilisable ne fait que refaire le travail, sans arrêter la construction."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from macros import chemins, cms, gabarits_jinja
from macros.donnees import charger
from macros.gabarits_jinja import nouvel_environnement as _environnement
from macros.instance import reglages

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


def test_le_code_compile_du_theme_sert_a_la_construction_suivante(tmp_path: Path, monkeypatch):
    """Les gabarits du thème (environnement neuf de MkDocs à chaque construction) ne sont pas recompilés ; un
    gabarit modifié l'est, et un environnement aux autres réglages a son propre cache."""
    from jinja2 import Environment, FileSystemLoader

    monkeypatch.setattr(chemins, "CACHE", tmp_path / "cache")
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme/main.html").write_text("<p>{{ titre }}</p>", encoding="utf-8")

    def theme(**reglages) -> Environment:
        env = Environment(loader=FileSystemLoader(str(tmp_path / "theme")), **reglages)
        gabarits_jinja.garder_le_code_du_theme(env)
        return env

    assert theme().get_template("main.html").render(titre="Projet") == "<p>Projet</p>"
    second = theme()
    monkeypatch.setattr(second, "compile", lambda *a, **k: pytest.fail("gabarit recompilé malgré le cache"))
    assert second.get_template("main.html").render(titre="Projet") == "<p>Projet</p>"
    (tmp_path / "theme/main.html").write_text("<p>{{ titre }} !</p>", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match="recompilé"):
        theme_modifie = theme()
        monkeypatch.setattr(theme_modifie, "compile", lambda *a, **k: pytest.fail("recompilé"))
        theme_modifie.get_template("main.html")
    autre = theme(autoescape=True)
    monkeypatch.setattr(autre, "compile", lambda *a, **k: pytest.fail("recompilé"))
    with pytest.raises(pytest.fail.Exception, match="recompilé"):
        autre.get_template("main.html")
    assert len(list((tmp_path / "cache/theme").iterdir())) == 2  # un dossier par jeu de réglages


def test_la_configuration_des_formulaires_gardee_est_celle_qu_on_ecrirait(tmp_path: Path, monkeypatch):
    """Reprise tant que ses sources sont les mêmes ; recalculée quand un fichier de data/ ou une fiche change,
    ou quand la structure a une autre adresse de dépôt."""
    monkeypatch.setattr(chemins, "CACHE", tmp_path / "cache")
    dossier = shutil.copytree(FIXTURES / "minimale", tmp_path / "structure")
    donnees, reglages_ = charger(dossier / "data"), reglages(dossier)
    ecrit = cms.texte_garde(donnees, dossier, dossier, reglages_)
    assert ecrit == cms.texte_de_configuration(cms.configuration(donnees, dossier, dossier, reglages_))
    calculer = cms.configuration
    monkeypatch.setattr(cms, "configuration", lambda *a: pytest.fail("configuration recalculée"))
    assert cms.texte_garde(charger(dossier / "data"), dossier, dossier, reglages_) == ecrit
    for changer in (lambda: reglages_.update(repo_url="https://github.com/autre/depot"),
                    lambda: (dossier / "data/territoire.yml").write_text(
                        (dossier / "data/territoire.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8"),
                    lambda: next((dossier / "docs/fiches-actions").glob("*.md")).write_text(
                        "---\nid: x\n---\n", encoding="utf-8")):
        changer()
        with pytest.raises(pytest.fail.Exception, match="configuration recalculée"):
            cms.texte_garde(donnees, dossier, dossier, reglages_)
    monkeypatch.setattr(cms, "configuration", calculer)
    assert "autre/depot" in cms.texte_garde(donnees, dossier, dossier, reglages_)


def test_la_garde_ne_relit_pas_un_texte_deja_verifie_sain(tmp_path: Path, monkeypatch):
    """Un texte vérifié sain est noté (par ses règles : contenu ou page entière) ; le même texte n'est plus relu ; un
    texte refusé n'est jamais noté, et reste refusé avec son message."""
    from macros import garde
    from macros.erreurs import ErreurDonnees

    sain, refuse = '<p><a href="../p/">lien</a></p>', '<p><img src="https://x.fr/i.png"></p>'
    garde.verifier_html(sain, "docs/p.md", "", tmp_path, verdicts=tmp_path / "garde")
    for _ in range(2):
        with pytest.raises(ErreurDonnees, match="adresse extérieure"):
            garde.verifier_html(refuse, "docs/p.md", "", tmp_path, verdicts=tmp_path / "garde")
    assert len(list((tmp_path / "garde").iterdir())) == 1
    lire = garde.problemes_html
    monkeypatch.setattr(garde, "problemes_html", lambda *a: pytest.fail("texte relu"))
    garde.verifier_html(sain, "docs/p.md", "", tmp_path, verdicts=tmp_path / "garde")
    with pytest.raises(pytest.fail.Exception, match="texte relu"):  # les règles de la page entière : à part
        garde.verifier_html(sain, "docs/p.md", "", tmp_path, contenu=False, verdicts=tmp_path / "garde")
    monkeypatch.setattr(garde, "problemes_html", lire)
    page = f"<html><head></head><body>{sain}</body></html>"
    garde.verifier_page(page, sain, "docs/p.md", "", tmp_path, set(), tmp_path / "garde")
    monkeypatch.setattr(garde, "page_saine", lambda *a: pytest.fail("page relue"))
    garde.verifier_page(page, sain, "docs/p.md", "", tmp_path, set(), tmp_path / "garde")


def test_la_typographie_d_une_page_inchangee_est_reprise(tmp_path: Path, monkeypatch):
    """Le texte mis en forme d'une page est repris tel quel ; une page ou des sigles changés sont remis en forme."""
    from types import SimpleNamespace

    from macros import crochets

    monkeypatch.setattr(chemins, "CACHE", tmp_path)
    config = SimpleNamespace(extra={})

    def donnees(sigles: dict) -> SimpleNamespace:
        return SimpleNamespace(jeux={"sigles": SimpleNamespace(sigles=sigles)})

    html = "<p>L'équipe de la MLJ : 10 000 jeunes ; «\u00a0oui\u00a0» !\r\n</p>"
    mise_en_forme = crochets.on_page_content(html, None, config, None, donnees({"MLJ": "Mission Locale Jeunes"}))
    assert "’" in mise_en_forme and "<abbr" in mise_en_forme and "\r\n" in mise_en_forme
    monkeypatch.setattr(crochets, "typographier", lambda *a: pytest.fail("page remise en forme"))
    assert crochets.on_page_content(html, None, config, None, donnees({"MLJ": "Mission Locale Jeunes"})) \
        == mise_en_forme
    for autre_html, sigles in ((html + " ", {"MLJ": "Mission Locale Jeunes"}), (html, {"MLJ": "Mission locale"})):
        with pytest.raises(pytest.fail.Exception, match="remise en forme"):
            crochets.on_page_content(autre_html, None, config, None, donnees(sigles))
