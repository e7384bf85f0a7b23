"""Le flux .github/workflows/publier.yml : déclencheurs, permissions minimales, une publication à la fois,
jamais de publication sans tests réussis, actions figées par empreinte."""
from __future__ import annotations

import re

import pytest
import yaml
from conftest import RACINE

FLUX = RACINE / ".github/workflows/publier.yml"


@pytest.fixture(scope="module")
def flux() -> dict:
    return yaml.safe_load(FLUX.read_text(encoding="utf-8"))


def _declencheurs(flux: dict) -> dict:
    # YAML 1.1 lit la clé « on » comme le booléen True.
    return flux.get("on", flux.get(True))


def _lancements(job: dict) -> str:
    return "\n".join(etape.get("run", "") for etape in job["steps"])


def test_declencheurs_main_et_etiquettes_d_edition(flux):
    push = _declencheurs(flux)["push"]
    assert push["branches"] == ["main"]
    assert push["tags"] == ["edition-*"]


def test_permissions_minimales(flux):
    assert flux["permissions"] == {}
    ecriture = {nom for nom, job in flux["jobs"].items() if "write" in (job.get("permissions") or {}).values()}
    assert ecriture == {"publier", "etiqueter-moteur"}  # gh-pages ; l'étiquette et la publication du moteur
    assert flux["jobs"]["publier"]["permissions"] == {"contents": "write"}
    assert flux["jobs"]["etiqueter-moteur"]["permissions"] == {"contents": "write"}
    assert flux["jobs"]["tester"]["permissions"] == {"contents": "read"}


def test_une_edition_jamais_annulee_par_un_push(flux):
    """GitHub ne garde qu'une tâche en attente par groupe : brouillon et éditions ont chacun le leur."""
    concurrence = flux["jobs"]["publier"].get("concurrency") or flux.get("concurrency")
    groupe = concurrence["group"]
    assert "'publication-edition'" in groupe and "'publication-brouillon'" in groupe
    assert "github.ref_type == 'tag'" in groupe
    assert concurrence["cancel-in-progress"] is False


def test_jeton_seulement_pour_pousser():
    """persist-credentials: false partout ; le jeton n'arrive qu'à l'étape qui pousse, après la construction (ou à
    celle qui crée la publication du moteur, après la roue)."""
    for nom in ("publier.yml", "ci.yml"):
        flux = yaml.safe_load((RACINE / ".github/workflows" / nom).read_text(encoding="utf-8"))
        for job in flux["jobs"].values():
            for etape in job["steps"]:
                if etape.get("uses", "").startswith("actions/checkout@"):
                    assert etape["with"]["persist-credentials"] is False, nom
                if "secrets.GITHUB_TOKEN" in str(etape.get("env", {})):
                    derniere = etape["run"].strip().splitlines()[-1]
                    assert derniere.startswith(("git push", "gh release create")), etape
    etapes = yaml.safe_load(FLUX.read_text(encoding="utf-8"))["jobs"]["publier"]["steps"]
    assert "git push" in etapes[-1]["run"] and "POUSSER" not in _lancements({"steps": etapes})


def test_pas_de_publication_sans_tests_reussis(flux):
    tester, publier = flux["jobs"]["tester"], flux["jobs"]["publier"]
    assert "make test" in _lancements(tester)
    assert publier["needs"] in ("tester", ["tester"])
    # Un « if: always() » ou « !cancelled() » publierait même après un échec.
    assert not re.search(r"always\(\)|cancelled\(\)|failure\(\)", publier.get("if", ""))


def test_la_publication_passe_par_le_script_teste(flux):
    lancements = _lancements(flux["jobs"]["publier"])
    makefile = (RACINE / "Makefile").read_text(encoding="utf-8")
    for cible in ("publier-brouillon", "publier-edition"):
        assert f"make {cible}" in lancements
        assert re.search(rf"^{cible}:.*\n(?:\t.*\n)*\t.*-m publication\.publier", makefile, re.M), cible
    assert "${{" not in lancements, "aucune expression GitHub recopiée dans une commande"
    assert "secrets." not in lancements


def test_actions_figees_par_empreinte(flux):
    utilisees = [etape["uses"] for job in flux["jobs"].values() for etape in job["steps"] if "uses" in etape]
    assert utilisees
    for action in utilisees:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
