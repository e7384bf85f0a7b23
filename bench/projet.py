"""Copies du projet pour le banc : sonde de mesure, fiches synthétiques, constructions chronométrées."""
from __future__ import annotations

import json
import os
import re
import resource
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from macros.instance import configuration
from macros.modeles.fiches import IDENTIFIANTS_RESERVES
from tests.conftest import RACINE, construire, copier_projet

SONDE = "bench/sonde.py"
FICHES = Path("docs/fiches-actions")


@dataclass(frozen=True)
class Construction:
    """Une construction chronométrée : durée totale (processus compris), temps de calcul du processus (la
    machine partagée allonge la durée, peu le calcul), étape du livret, pages du PDF."""

    total_s: float
    livret_s: float | None = None
    pages_pdf: str | None = None
    cpu_s: float | None = None


def copie(destination: Path, *, sonde: bool = True) -> Path:
    """Une copie du projet (sans .git) ; avec `sonde`, bench/sonde.py s'ajoute aux crochets de sa configuration."""
    projet = copier_projet(destination)
    if sonde:
        fichier = projet / "mkdocs.yml"
        config = configuration(projet)  # le moteur et l'instance de la copie, en un seul fichier
        config["hooks"] = [*config.get("hooks", []), SONDE]
        fichier.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return projet


def multiplier_fiches(projet: Path, facteur: int) -> int:
    """Ajoute `facteur - 1` copies de chaque fiche de docs/fiches-actions/ (identifiant = nom du fichier) ;
    renvoie le total.

    Les copies gardent le texte, les axes, les fonctions et les liens des vraies fiches (pages valides, de
    longueur réaliste) ; seuls changent `id`, le nom du fichier et `numero` (« 1 » → « 1.2 »)."""
    originales = sorted(f for f in (projet / FICHES).glob("*.md") if f.stem not in IDENTIFIANTS_RESERVES)
    for original in originales:
        texte = original.read_text(encoding="utf-8")
        for rang in range(2, facteur + 1):
            identifiant = f"{original.stem}-copie-{rang}"
            copie_ = re.sub(r"^id: .*$", f"id: {identifiant}", texte, count=1, flags=re.M)
            copie_ = re.sub(r'^numero: "?([^"\n]*)"?$', rf'numero: "\1.{rang}"', copie_, count=1, flags=re.M)
            (projet / FICHES / f"{identifiant}.md").write_text(copie_, encoding="utf-8")
    return len(originales) * facteur


def construire_chrono(projet: Path, destination: Path, *, sans_pdf: bool, sonde: Path | None = None,
                      vidage: Path | None = None) -> Construction:
    """`mkdocs build --strict` comme `make build` (ou `make serve` avec `sans_pdf`), chronométré de bout en bout."""
    # Le code compilé des modules (__pycache__) écrit et relu, comme Python le fait par défaut et comme pip
    # l'installe avec le moteur : sans lui (PYTHONDONTWRITEBYTECODE, posé sur certaines machines), chaque
    # construction recompilerait le moteur, un tiers de seconde de calcul que le témoin, déjà compilé, ne paie pas.
    env = {"SANS_PDF": "1" if sans_pdf else "0", "PYTHONDONTWRITEBYTECODE": ""}
    if sonde is not None:
        env["BANC_SONDE"] = str(sonde)
    if vidage is not None:
        env["BANC_VIDAGE"] = str(vidage)
    debut, calcul = time.perf_counter(), _calcul_des_enfants()
    resultat = construire(projet, destination, env=env)
    duree, calcul = time.perf_counter() - debut, _calcul_des_enfants() - calcul
    if resultat.returncode != 0:
        raise RuntimeError(f"construction de {projet} en échec :\n{resultat.stderr[-3000:]}")
    mesure = json.loads(sonde.read_text(encoding="utf-8")) if sonde is not None and sonde.exists() else {}
    return Construction(duree, mesure.get("livret_s"), mesure.get("pages_pdf"), calcul)


def _calcul_des_enfants() -> float:
    """Temps de calcul (utilisateur et système) des processus enfants terminés."""
    enfants = resource.getrusage(resource.RUSAGE_CHILDREN)
    return enfants.ru_utime + enfants.ru_stime


def mediane(valeurs: list[float]) -> float:
    """La médiane, arrondie au centième de seconde."""
    return round(statistics.median(valeurs), 3)


def racine() -> Path:
    """Le projet mesuré : ce dépôt."""
    return RACINE


def environnement_mkdocs() -> dict:
    """L'environnement des commandes MkDocs lancées par le banc (comme le Makefile)."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
