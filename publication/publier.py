"""Publie une version du site avec mike sur la branche gh-pages : la version de travail, ou une édition adoptée.

    python publication/publier.py brouillon [--pousser]
    python publication/publier.py edition 2024-2028 [--pousser]

Lancé par le flux .github/workflows/publier.yml (et par `make publier-brouillon` / `make publier-edition`).
Une édition adoptée devient l'édition en vigueur : alias « en-vigueur », racine du site, page 404.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))

import yaml  # noqa: E402
from jinja2 import Environment, FileSystemLoader  # noqa: E402
from mike import commands, git_utils  # noqa: E402
from mike.mkdocs_utils import RoundTripLoader  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402

from macros.donnees import charger  # noqa: E402
from macros.instance import dossier_courant, reglages  # noqa: E402
from macros.editions import (  # noqa: E402
    ALIAS_EN_VIGUEUR, PREFIXE_ETIQUETTE, VERSION_DE_TRAVAIL, editions_adoptees,
)

BRANCHE = "gh-pages"
TITRE_DE_TRAVAIL = "Version de travail (non adoptée)"


class Refus(Exception):
    """Une publication impossible, expliquée en français à l'éditeur."""


def publier_brouillon() -> None:
    """Déploie la version de travail sous …/brouillon/ ; elle sert de racine tant qu'aucune édition n'est adoptée."""
    _mike("deploy", VERSION_DE_TRAVAIL, "--title", TITRE_DE_TRAVAIL)
    if not any(ALIAS_EN_VIGUEUR in v["aliases"] for v in versions()):
        choisir_la_racine(VERSION_DE_TRAVAIL)
    ecrire_page_introuvable()


def publier_edition(identifiant: str) -> None:
    """Déploie l'édition adoptée `identifiant` ; la plus récente devient l'édition en vigueur."""
    edition = charger(dossier_courant() / "data").jeux["edition"]
    if edition.id != identifiant:
        raise Refus(f"data/edition.yml, champ « id » : l'étiquette {PREFIXE_ETIQUETTE}{identifiant} publie "
                    f"l'édition « {identifiant} », mais le fichier décrit « {edition.id} ». "
                    "Corrigez le fichier ou l'étiquette.")
    if not edition.adoptee:
        raise Refus("data/edition.yml, champ « statut » : une édition ne se publie qu'adoptée. Écrivez "
                    "« statut: adoptee » et la date du vote (« adoption: AAAA-MM-JJ ») avant de poser "
                    "l'étiquette.")
    # Republier une ancienne édition (relance d'un vieux flux) ne lui rend pas la place de l'édition en vigueur.
    etiquettes = editions_adoptees(RACINE, historique_seulement=False) or [identifiant]
    if etiquettes[0] != identifiant:
        print(f"{identifiant} n'est pas l'édition la plus récente ({etiquettes[0]}) : "
              "elle est republiée sans devenir l'édition en vigueur.")
        _mike("deploy", identifiant, "--title", edition.titre)
    else:
        _mike("deploy", "--update-aliases", identifiant, ALIAS_EN_VIGUEUR, "--title", edition.titre)
        choisir_la_racine(identifiant)
    ecrire_page_introuvable()


def versions() -> list[dict]:
    """Le contenu de versions.json sur la branche gh-pages (liste vide avant le premier déploiement)."""
    try:
        return json.loads(git_utils.read_file(BRANCHE, "versions.json", universal_newlines=True))
    except git_utils.GitError:
        return []


def configuration() -> dict:
    """mkdocs.yml tel qu'écrit (sans charger les extensions : chaque chargement coûte des secondes), complété
    par l'instance.yml de la structure publiée (nom, adresse), comme le fait son INHERIT."""
    # Le chargeur de mike lit aussi les balises YAML propres à MkDocs (!ENV, !relative…).
    moteur = yaml.load((RACINE / "mkdocs.yml").read_text(encoding="utf-8"), Loader=RoundTripLoader)
    return {**reglages(dossier_courant()), **moteur}


def choisir_la_racine(version: str) -> None:
    """La racine du site redirige vers `version` (mike set-default, avec notre page de redirection)."""
    extensions = configuration().get("plugins", [])
    reglages = next((e["mike"] for e in extensions if isinstance(e, dict) and "mike" in e), None) or {}
    try:
        commands.set_default(version, template=reglages.get("redirect_template"), branch=BRANCHE)
    except git_utils.GitEmptyCommit:
        pass  # la racine menait déjà là



def ecrire_page_introuvable() -> None:
    """Écrit 404.html à la racine de gh-pages : GitHub Pages la sert pour toute adresse inconnue."""
    config = configuration()
    racine = urlsplit(config.get("site_url") or "/").path.rstrip("/") + "/"
    editions = versions()
    principale = next((v for v in editions if ALIAS_EN_VIGUEUR in v["aliases"]), None)
    if principale is None:
        principale = next((v for v in editions if v["version"] == VERSION_DE_TRAVAIL), editions[0])
    gabarits = Environment(loader=FileSystemLoader(RACINE / "publication"), autoescape=True)
    html = gabarits.get_template("404.html").render(
        site=config["site_name"], racine=racine, editions=editions, principale=principale,
        alias_en_vigueur=ALIAS_EN_VIGUEUR,
    )
    with git_utils.Commit(BRANCHE, "Page 404 : retour vers l'édition en vigueur", allow_empty=True) as commit:
        commit.add_file(git_utils.FileInfo("404.html", html))


def pousser() -> None:
    """Envoie la branche gh-pages sur GitHub (le flux de publication seulement)."""
    subprocess.run(["git", "push", "origin", BRANCHE], cwd=RACINE, check=True)


def _mike(*arguments: str) -> None:
    """Lance mike dans le projet ; mike construit le site avec le `mkdocs` de cet environnement."""
    bin_ = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_}{os.pathsep}{os.environ.get('PATH', '')}", "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([str(bin_ / "mike"), *arguments], cwd=RACINE, env=env, check=True)


def main(arguments: list[str] | None = None) -> int:
    """Point d'entrée : renvoie 0, ou 1 avec un message en français."""
    lecteur = argparse.ArgumentParser(description="Publie une version du projet associatif avec mike.")
    lecteur.add_argument("cible", choices=["brouillon", "edition"])
    lecteur.add_argument("identifiant", nargs="?", help="l'édition adoptée, par exemple 2024-2028")
    lecteur.add_argument("--pousser", action="store_true", help="envoyer gh-pages sur GitHub")
    options = lecteur.parse_args(arguments)
    # mike et git travaillent dans le dépôt courant : celui du projet.
    os.chdir(RACINE)
    try:
        if options.cible == "brouillon":
            publier_brouillon()
        elif not options.identifiant:
            raise Refus("indiquez l'édition à publier, par exemple : publier.py edition 2024-2028.")
        else:
            publier_edition(options.identifiant.removeprefix(PREFIXE_ETIQUETTE))
        if options.pousser:
            pousser()
    except (Refus, PluginError) as erreur:
        print(f"Publication refusée : {erreur}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as erreur:
        print(f"Publication interrompue : « {' '.join(map(str, erreur.cmd))} » a échoué (voir ci-dessus).",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
