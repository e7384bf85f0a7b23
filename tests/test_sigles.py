"""Les sigles expliqués au survol (macros/crochets.py, `on_page_content`) viennent du data/ de la structure
construite, à côté de ses docs/, lu par le contexte de sa construction (macros/contexte.py) : deux structures
construites l'une après l'autre, chacune avec ses sigles."""
from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from macros import crochets
from macros.contexte import Construction

RACINE = Path(__file__).resolve().parents[1]
NEUVE = RACINE / "tests/fixtures/structure-neuve"


class _Config(dict):
    """Ce que MkDocs passe aux crochets : le moteur (mkdocs.yml du haut) hérite de l'instance.yml de la structure."""

    config_file_path = str(RACINE / "mkdocs.yml")
    extra: dict = {}  # ni édition adoptée, ni notes retirées


def _structure(dossier: Path, sigles: str | None) -> _Config:
    shutil.copytree(NEUVE, dossier)
    if sigles is not None:
        (dossier / "data/sigles.yml").write_text(sigles, encoding="utf-8")
    return _Config(docs_dir=str(dossier / "docs"))


def _abbr(html: str) -> dict[str, str]:
    return {a.get_text(): a["title"] for a in BeautifulSoup(html, "html.parser").select("abbr")}


def test_chaque_structure_explique_ses_propres_sigles(tmp_path):
    page = "<p>Le CLAP, la PAIO et le RSA.</p>"
    une = _structure(tmp_path / "une", "sigles:\n  CLAP: Comité local d'aide aux projets\n")
    autre = _structure(tmp_path / "autre", "sigles:\n  PAIO: Permanence d'accueil, d'information et d'orientation\n")
    sans = _structure(tmp_path / "sans", None)

    def sigles(config: _Config) -> dict[str, str]:
        return _abbr(crochets.on_page_content(page, None, config, None, Construction.ouvrir(config).donnees))

    # L'info-bulle, lue au survol, à la typographie du texte (apostrophe typographique).
    assert sigles(une) == {"CLAP": "Comité local d’aide aux projets"}
    assert sigles(autre) == {"PAIO": "Permanence d’accueil, d’information et d’orientation"}
    # Ni les sigles du haut du dépôt (RSA y est), ni ceux de la structure construite juste avant.
    assert sigles(sans) == {}
