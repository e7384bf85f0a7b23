"""Les structures publiées par le dépôt (Lisieux en haut, les autres sous exemples/) et leur construction.

Chaque structure autre que celle du haut est construite une seule fois par session, quel que soit le nombre de
fichiers de tests qui la lisent (tests/test_instances.py, exemples/<nom>/tests/) : le cache est ici.
"""
from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from macros.instance import reglages, variables

RACINE = Path(__file__).resolve().parents[1]


def exemples(racine: Path = RACINE) -> list[Path]:
    """Chaque dossier de exemples/ qui contient un instance.yml, par ordre alphabétique."""
    return sorted(d.parent for d in (racine / "exemples").glob("*/instance.yml"))


def toutes(racine: Path = RACINE) -> list[Path]:
    """Chaque structure du dépôt : celle du haut (Lisieux), puis celles de exemples/."""
    return [racine, *exemples(racine)]


# Des structures d'essai que les tests communs parcourent aussi (tests/test_instances.py) : écrites comme un nouveau
# venu les écrirait (apostrophes droites dans le nom, les sources, les libellés, la navigation), sans coûter une
# construction de plus (tests/test_structure_neuve.py et tests/test_resultats.py construisent déjà les mêmes).
ESSAIS = [RACINE / "tests/fixtures/structure-neuve", RACINE / "tests/fixtures/resultats"]


def toutes_et_essais(racine: Path = RACINE) -> list[Path]:
    """Chaque structure du dépôt, puis les structures d'essai de tests/fixtures/ (`ESSAIS`)."""
    return [*toutes(racine), *ESSAIS]


def nom_de(dossier: Path) -> str:
    """Le nom court d'une structure dans les rapports de tests : son dossier, « racine » pour celle du haut."""
    return "racine" if dossier == RACINE else dossier.name


@dataclass
class Construite:
    """Une structure construite : son dossier, son site, la sortie de MkDocs."""

    dossier: Path
    site: Path
    code: int
    sortie: str

    @property
    def reglages(self) -> dict:
        return reglages(self.dossier)

    def textes_pdf(self, fichier: str) -> list[str]:
        """Le texte de chaque page d'un PDF du site (`extract_text` de pypdf), extrait une fois par session : lire
        tout un livret prend plusieurs secondes, et plusieurs fichiers de tests le lisent. Rangé à côté du site,
        donc partagé aussi entre les processus de pytest-xdist."""
        from pypdf import PdfReader

        cache = self.site.parent / f"{self.site.name}.{fichier.replace('/', '_')}.json"
        with open(cache.with_suffix(".verrou"), "w") as verrou:
            fcntl.flock(verrou, fcntl.LOCK_EX)  # rendu à la fermeture du fichier
            if not cache.exists():
                textes = [page.extract_text() for page in PdfReader(self.site / fichier).pages]
                cache.write_text(json.dumps(textes), encoding="utf-8")
        return json.loads(cache.read_text(encoding="utf-8"))


def construire_instance(dossier: Path, destination: Path, *, racine: Path = RACINE,
                        env: dict | None = None) -> Construite:
    """`mkdocs build --strict` du moteur de `racine` pour la structure `dossier`, vers `destination`."""
    resultat = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(destination)],
        cwd=racine, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **variables(dossier), **(env or {})},
    )
    return Construite(dossier, destination, resultat.returncode, resultat.stdout + resultat.stderr)


_construites: dict[Path, Construite] = {}
_dossier_temporaire = tempfile.TemporaryDirectory(prefix="instances-")
# Sous pytest-xdist, un dossier que tous les processus de la session partagent (posé par conftest.py) : chaque
# structure n'y est construite qu'une fois, par le premier qui la demande ; les autres attendent et la relisent.
DOSSIER_COMMUN: Path | None = None


def construite(dossier: Path) -> Construite:
    """La structure `dossier` construite une fois pour toute la session (PDF compris). Une construction en échec
    arrête le test qui la demande, avec ce qu'a écrit MkDocs."""
    if dossier not in _construites:
        if DOSSIER_COMMUN is None:
            resultat = construire_instance(dossier, Path(_dossier_temporaire.name) / nom_de(dossier))
        else:
            resultat = _construite_en_commun(dossier, DOSSIER_COMMUN)
        _construites[dossier] = resultat
    resultat = _construites[dossier]
    assert resultat.code == 0, resultat.sortie
    return resultat


def _construite_en_commun(dossier: Path, commun: Path) -> Construite:
    nom = nom_de(dossier)
    commun.mkdir(parents=True, exist_ok=True)
    resume = commun / f"{nom}.json"
    with open(commun / f"{nom}.verrou", "w") as verrou:
        fcntl.flock(verrou, fcntl.LOCK_EX)  # rendu à la fermeture du fichier
        if not resume.exists():
            resultat = construire_instance(dossier, commun / nom)
            resume.write_text(json.dumps({"code": resultat.code, "sortie": resultat.sortie}), encoding="utf-8")
    lu = json.loads(resume.read_text(encoding="utf-8"))
    return Construite(dossier, commun / nom, lu["code"], lu["sortie"])
