"""Sur GitHub Actions, chaque erreur des données ou des pages devient aussi une annotation sur la ligne du fichier.

GitHub lit dans la sortie d'une étape les lignes « ::error file=…,line=…,title=…::message » et les montre sur la
ligne nommée, dans l'onglet « Files changed » de la pull request : l'éditeur voit le message français là où il a
écrit, sans ouvrir le journal. Hors de GitHub Actions (variable GITHUB_ACTIONS), rien n'est ajouté.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from .erreurs import ErreurDonnees, ErreursDonnees


def erreurs_de(exception: BaseException | None) -> list[ErreurDonnees]:
    """Les erreurs d'éditeur portées par une exception (ou par celle qui l'a causée), dans l'ordre."""
    vues: set[int] = set()
    while exception is not None and id(exception) not in vues:
        vues.add(id(exception))
        if isinstance(exception, ErreursDonnees):
            return list(exception.erreurs)
        if isinstance(exception, ErreurDonnees):
            return [exception]
        exception = exception.__cause__ or exception.__context__
    return []


def chemin_depuis_le_depot(fichier: str, dossier: Path, depot: Path) -> str:
    """« data/x.yml » tel que le message le nomme (depuis le dossier de la structure) → chemin depuis la racine
    du dépôt, celui que GitHub attend ; un fichier du moteur ou du réseau (« reseau/x.yml ») y est déjà."""
    dossier, depot = dossier.resolve(), depot.resolve()
    if (dossier / fichier).exists() and dossier.is_relative_to(depot):
        return (dossier / fichier).relative_to(depot).as_posix()
    return fichier


def _echapper(texte: str, propriete: bool = False) -> str:
    """L'échappement des commandes de GitHub Actions (« % », fins de ligne ; « : » et « , » dans les propriétés)."""
    texte = texte.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return texte.replace(":", "%3A").replace(",", "%2C") if propriete else texte


def annotations(erreurs: list[ErreurDonnees], dossier: Path, depot: Path) -> Iterator[str]:
    """Une ligne « ::error … » par erreur."""
    for erreur in erreurs:
        proprietes = [f"file={_echapper(chemin_depuis_le_depot(erreur.fichier, dossier, depot), True)}"]
        if erreur.ligne:
            proprietes.append(f"line={erreur.ligne}")
        titre = f"Champ « {erreur.champ} »" if erreur.champ else "Erreur à corriger"
        proprietes.append(f"title={_echapper(titre, True)}")
        yield f"::error {','.join(proprietes)}::{_echapper(erreur.detail)}"


def signaler(exception: BaseException) -> None:
    """Crochet `on_build_error` : sur GitHub Actions, les annotations des erreurs d'éditeur de l'échec."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return
    from .instance import dossier_courant

    depot = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd())
    for ligne in annotations(erreurs_de(exception), dossier_courant(depot), depot):
        print(ligne, flush=True)
