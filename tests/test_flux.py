"""Les flux GitHub Actions : actions figées par empreinte, aucun droit par défaut, jamais pull_request_target, et
l'audit de zizmor (hors ligne) sans remarque."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import RACINE

FLUX = RACINE / ".github" / "workflows"


def _flux() -> dict[str, dict]:
    return {f.name: yaml.safe_load(f.read_text(encoding="utf-8")) for f in sorted(FLUX.glob("*.yml"))}


def test_actions_figees_et_droits_nuls_par_defaut():
    for nom, flux in _flux().items():
        declencheurs = flux.get("on", flux.get(True))  # PyYAML lit la clé « on » comme un booléen
        assert "pull_request_target" not in declencheurs, nom
        assert flux["permissions"] == {}, nom
        for travail in flux["jobs"].values():
            for etape in travail["steps"]:
                if "uses" in etape:
                    assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", etape["uses"]), (nom, etape["uses"])


def test_aucune_remarque_de_zizmor():
    zizmor = Path(sys.executable).parent / "zizmor"
    resultat = subprocess.run([str(zizmor), "--offline", "--no-progress", str(FLUX)], capture_output=True, text=True)
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "No findings" in resultat.stdout + resultat.stderr


def test_l_apercu_ne_publie_pas_depuis_une_copie():
    """Le travail qui publie n'existe que pour une branche du dépôt, et ne lance pas le code de la proposition."""
    travaux = _flux()["apercu.yml"]["jobs"]
    for nom in ("publier", "retirer"):
        assert "github.event.pull_request.head.repo.full_name == github.repository" in travaux[nom]["if"]
        extraction = next(e for e in travaux[nom]["steps"] if e.get("uses", "").startswith("actions/checkout@"))
        assert extraction["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert travaux["construire"]["permissions"] == {"contents": "read"}
