"""L'instance construite : le dossier d'une structure (instance.yml, docs/, data/), séparé du moteur.

MkDocs lit le moteur (mkdocs.yml), qui hérite (INHERIT) du fichier instance.yml de la structure ; les variables
INSTANCE_CONFIG et INSTANCE_DOCS, posées par `make … INSTANCE=<dossier>`, en désignent une autre que celle du
haut du dépôt. Les données sont toujours à côté des pages : <dossier>/data.
"""
from __future__ import annotations

import os
from pathlib import Path

import yaml

RACINE = Path(__file__).resolve().parents[1]


def variables(dossier: Path | str) -> dict[str, str]:
    """Les variables d'environnement qui font construire l'instance `dossier` par mkdocs (ou mike)."""
    dossier = Path(dossier)
    return {"INSTANCE_CONFIG": str(dossier / "instance.yml"), "INSTANCE_DOCS": str(dossier / "docs")}


def dossier_de(config) -> Path:
    """Le dossier de l'instance d'une configuration MkDocs chargée : celui qui contient ses docs/."""
    return Path(config["docs_dir"]).resolve().parent


def dossier_courant(racine: Path = RACINE) -> Path:
    """Hors de MkDocs (publication, tests) : le dossier de l'instance désignée par l'environnement."""
    docs = os.environ.get("INSTANCE_DOCS")
    return (racine / docs).resolve().parent if docs else racine


def reglages(dossier: Path) -> dict:
    """instance.yml tel qu'écrit (nom, adresse, navigation, PDF), sans charger MkDocs ni ses extensions."""
    return yaml.safe_load((dossier / "instance.yml").read_text(encoding="utf-8")) or {}


class _Chargeur(yaml.SafeLoader):
    """Lit mkdocs.yml comme MkDocs pour ses balises d'environnement (!ENV [VARIABLE, défaut])."""


def _env(chargeur, noeud):
    import yaml_env_tag  # dépendance de MkDocs : la même lecture de !ENV que lui

    return yaml_env_tag.construct_env_tag(chargeur, noeud)


_Chargeur.add_constructor("!ENV", _env)


def configuration(racine: Path = RACINE) -> dict:
    """mkdocs.yml lu tel qu'écrit, complété par l'instance.yml qu'il hérite : fusion en profondeur, le moteur
    l'emporte, comme INHERIT (MkDocs fusionne par mergedeep ; `extra:` garde ainsi les `pdf:` de l'instance)."""
    import mergedeep  # dépendance de MkDocs, celle de son INHERIT

    moteur = yaml.load((racine / "mkdocs.yml").read_text(encoding="utf-8"), _Chargeur) or {}
    instance = yaml.safe_load((racine / moteur.pop("INHERIT", "instance.yml")).read_text(encoding="utf-8")) or {}
    return mergedeep.merge(instance, moteur)
