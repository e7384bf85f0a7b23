"""macros/compat.py : chaque adaptation d'une autre bibliothèque s'applique encore aux versions installées, et
une version hors de l'intervalle prévu arrête avec un message français."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from macros import compat, surete


def test_version_hors_intervalle_arrete(monkeypatch):
    monkeypatch.setitem(compat.VERSIONS, "mkdocs", ("0.1", "0.2"))
    with pytest.raises(compat.AdaptationPerimee, match=r"^macros/compat.py : mkdocs 1\.6\.\d+ est installé"):
        compat.classe_abandon()


def test_element_disparu_arrete():
    with pytest.raises(compat.AdaptationPerimee, match="n'existe plus dans mike"):
        compat.exiger(False, "mike", "mike.commands.deploy")


@pytest.mark.parametrize("paquet", sorted(compat.VERSIONS))
def test_versions_installees_dans_l_intervalle(paquet):
    compat.verifier_version(paquet)


def test_bac_a_sable_de_mkdocs_macros(tmp_path: Path):
    """L'environnement de mkdocs-macros est bien remplacé : un modèle n'atteint plus l'interpréteur."""
    from jinja2.exceptions import SecurityError
    from mkdocs.config import load_config
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Essai\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Essai\nplugins:\n  - macros\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    plugin = config.plugins["macros"]
    assert "cycler" in compat.environnement_macros(plugin).globals
    surete.mettre_en_bac_a_sable(plugin)
    with pytest.raises(SecurityError):
        plugin.env.from_string("{{ cycler.__init__.__globals__ }}").render()


def test_rapport_d_erreur_de_mkdocs_macros():
    assert callable(compat.rapport_d_erreur_macros().register)


def test_abandon_de_mkdocs_en_francais():
    from macros.erreurs import franciser_mkdocs
    franciser_mkdocs()
    assert str(compat.classe_abandon()("Aborted with 2 warnings in strict mode!")).startswith(
        "Construction arrêtée (mode strict) : 2 avertissements")


def test_fonctions_internes_de_mike():
    commands, git_utils = compat.mike_interne()
    assert callable(commands.set_default) and callable(git_utils.read_file)


def test_material():
    compat.verifier_material()


def _livret_d_essai(pages: int) -> str:
    parties = "".join(
        f"<h2>Partie {i}</h2>" + "".join(f"<p>Paragraphe {j}, <em>mis en valeur</em>, <a href='#p{i}'>lien</a>.</p>"
                                          for j in range(12)) + "<div style='break-after: page'></div>"
        for i in range(pages))
    return f"<html lang='fr'><head><title>Essai</title></head><body>{parties}</body></html>"


def test_pydyf_octet_pour_octet_et_moins_de_calculs(monkeypatch):
    """Le PDF balisé d'un livret de 12 pages est le même avec et sans la correction ; sans elle, pydyf refait la
    liste des pages à chaque lecture (des milliers de fois), avec elle une fois par page ajoutée."""
    import pydyf
    from weasyprint import HTML
    import livret.rendu  # noqa: F401  (applique la correction)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    html = _livret_d_essai(12)
    corrigee = vars(pydyf.PDF)["page_references"]
    assert corrigee.fget is compat._references_des_pages

    lectures = {"n": 0}
    origine = compat.page_references_d_origine()

    def comptee(self):
        lectures["n"] += 1
        return origine.fget(self)

    monkeypatch.setattr(pydyf.PDF, "page_references", property(comptee))
    document = HTML(string=html).render(pdf_variant="pdf/ua-1")
    sans = document.write_pdf(pdf_variant="pdf/ua-1")
    monkeypatch.setattr(pydyf.PDF, "page_references", corrigee)
    avec = HTML(string=html).render(pdf_variant="pdf/ua-1").write_pdf(pdf_variant="pdf/ua-1")
    assert hashlib.sha256(avec).digest() == hashlib.sha256(sans).digest()
    # Sans la correction, chaque lecture reconstruit la liste de toutes les pages : au moins 20 fois plus de
    # reconstructions que de pages (la correction en fait une par page).
    assert lectures["n"] > 20 * len(document.pages)


def test_un_partiel_copie_de_material_qui_a_change_arrete(monkeypatch):
    """overrides/partials/ copie des partiels de Material : si l'original change, la construction s'arrête."""
    compat.verifier_material()
    monkeypatch.setitem(compat.PARTIELS_COPIES, "partials/copyright.html", "0" * 64)
    with pytest.raises(compat.AdaptationPerimee, match="templates/partials/copyright.html tel que overrides/"):
        compat.verifier_material()


def test_sous_modules_de_weasyprint():
    interne = compat.weasyprint_interne()
    assert interne.LOGGER.name == "weasyprint"
    assert issubclass(interne.URLFetchingError, Exception) and callable(interne.FontConfiguration)


def test_journal_d_une_version_hors_intervalle_arrete(monkeypatch):
    """Les messages anglais réécrits sont ceux d'une version de MkDocs : une autre arrête avant d'écouter."""
    assert compat.journal("mkdocs", "mkdocs.structure.pages").name == "mkdocs.structure.pages"
    monkeypatch.setitem(compat.VERSIONS, "mkdocs", ("0.1", "0.2"))
    with pytest.raises(compat.AdaptationPerimee):
        compat.journal("mkdocs", "mkdocs.structure.pages")


def test_le_message_d_abandon_est_traduit_a_sa_creation():
    from macros.erreurs import franciser_mkdocs
    franciser_mkdocs()
    assert str(compat.classe_abandon()("Aborted with a BuildError!")).startswith("Construction arrêtée")


def test_greffon_de_mkdocs_macros_et_dossiers_du_theme(tmp_path: Path):
    """Le greffon du moteur hérite de celui de mkdocs-macros ; son thème passe avant celui de Material."""
    from mkdocs.config import load_config
    from mkdocs_macros.plugin import MacrosPlugin

    from macros.greffon import MoteurPlugin
    assert compat.greffon_macros() is MacrosPlugin and issubclass(MoteurPlugin, MacrosPlugin)
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Essai\ntheme:\n  name: material\n", encoding="utf-8")
    theme = load_config(str(tmp_path / "mkdocs.yml")).theme
    compat.ajouter_au_theme(theme, str(tmp_path))
    compat.ajouter_au_theme(theme, str(tmp_path))
    assert theme.dirs.count(str(tmp_path)) == 1 and theme.dirs[0] == str(tmp_path)


def test_requests_charge_a_son_premier_usage():
    """mkdocs-macros importé par le greffon ne charge pas requests (ni urllib3) ; son premier usage le charge."""
    import subprocess
    import sys

    code = ("import sys, macros.greffon, mkdocs_macros.util as u\n"
            "assert 'urllib3' not in sys.modules, 'requests chargé dès l import'\n"
            "assert callable(u.requests.get) and 'urllib3' in sys.modules\n")
    resultat = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1],
                              capture_output=True, text=True)
    assert resultat.returncode == 0, resultat.stderr


def test_aucune_commande_git_pour_la_variable_git_de_mkdocs_macros(tmp_path: Path, monkeypatch):
    """Le greffon chargé, mkdocs-macros ne lance plus git pour sa variable `git` (que les pages ne lisent pas)."""
    import subprocess

    from mkdocs_macros import context

    import macros.greffon  # noqa: F401  (applique les adaptations de compat)
    lancees = []
    monkeypatch.setattr(subprocess, "check_output", lambda commande, **_: lancees.append(commande) or b"")
    assert context.get_git_info() == {"status": False, "date": None} and lancees == []
