"""`python -m publication.version_du_moteur --notes notes.md` : la version du moteur à publier, s'il y en a une.

Lu par le flux de publication (.github/workflows/publier.yml, travail « etiqueter-moteur ») : la version de
pyproject.toml, et si son étiquette `moteur-vX.Y.Z` n'existe pas encore, la ligne `etiquette=moteur-vX.Y.Z` (sinon
`etiquette=`) et, dans le fichier `--notes`, la section de CHANGELOG.md qui dit aux structures ce qui change. Une
version sans section dans CHANGELOG.md est refusée : une structure doit pouvoir lire ce que la montée lui demande.
Bibliothèque standard seule : le flux le lance avant toute installation.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tomllib
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]


def etiquette_du_moteur(version: str) -> str:
    """L'étiquette git d'une version du moteur, celle que nomme le requirements.txt d'une structure."""
    return f"moteur-v{version}"


class Refus(Exception):
    """Une version qu'on ne peut pas publier, expliquée en français."""


def version(racine: Path = RACINE) -> str:
    with open(racine / "pyproject.toml", "rb") as fichier:
        return tomllib.load(fichier)["project"]["version"]


def notes(version: str, racine: Path = RACINE) -> str:
    """La section « ## X.Y.Z » de CHANGELOG.md, sans son titre."""
    journal = (racine / "CHANGELOG.md").read_text(encoding="utf-8")
    section = re.search(rf"^## {re.escape(version)}[ \t]*\n(.*?)(?=^## |\Z)", journal, re.M | re.S)
    if section is None or not section[1].strip():
        raise Refus(f"CHANGELOG.md : aucune section « ## {version} » pour la version {version} de pyproject.toml. "
                    "Renommer « ## À venir » en « ## " + version + " » (ce qui change pour les structures), "
                    "puis publier.")
    return section[1].strip() + "\n"


def etiquette_absente(version: str, racine: Path = RACINE) -> str | None:
    """L'étiquette de `version` si elle n'existe pas encore dans le dépôt, sinon None (jamais déplacée)."""
    etiquette = etiquette_du_moteur(version)
    existantes = subprocess.run(["git", "tag", "--list", etiquette], cwd=racine, capture_output=True, text=True,
                                check=True).stdout.split()
    return None if etiquette in existantes else etiquette


def main(arguments: list[str] | None = None, racine: Path = RACINE) -> int:
    lecteur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    lecteur.add_argument("--notes", type=Path, required=True, help="fichier où écrire la section du CHANGELOG")
    options = lecteur.parse_args(arguments)
    numero = version(racine)
    etiquette = etiquette_absente(numero, racine)
    if etiquette is not None:
        try:
            options.notes.write_text(notes(numero, racine), encoding="utf-8")
        except Refus as refus:
            print(f"Erreur : {refus}", file=sys.stderr)
            return 1
    print(f"etiquette={etiquette or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
