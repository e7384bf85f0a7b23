"""L'en-tête YAML d'une page Markdown (entre deux lignes « --- ») et son corps, lus sans MkDocs.

Le seul découpage des en-têtes du projet : les pages de fiches (`lire_page`), l'en-tête de toute page
(`donnees.lire_entete`) et « Ce qui a changé » (`difference_pages`) passent par `decouper`, puis par le lecteur
de data/ (`yaml_lignes`) : mêmes règles, mêmes messages, et chaque champ garde le numéro de sa ligne dans la
page (la ligne « --- » d'ouverture est la ligne 1).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .erreurs import ErreurDonnees
from .yaml_lignes import Chemin, _cle_de_la_ligne, lire_texte_yaml

_OUVERTURE = re.compile(r"^---[ \t]*\r?$")
_FERMETURE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$")  # comme MkDocs : « --- » ou « ... »
NON_REFERME = ("l'en-tête n'est pas refermé : ajoutez une ligne « --- » après son dernier champ, avant le texte "
               "de la page.")
# L'en-tête commence toujours à la deuxième ligne de la page, sous la ligne « --- ».
PREMIERE_LIGNE = 2


def decouper(source: str, nom_affiche: str, non_referme: str = NON_REFERME) -> tuple[str, str] | None:
    """(texte de l'en-tête, corps) d'une page ; None si elle ne commence pas par une ligne « --- ». La marque
    d'ordre des octets (BOM) que certains éditeurs écrivent en tête est ôtée, comme le fait MkDocs."""
    lignes = source.removeprefix("\ufeff").split("\n")
    if not _OUVERTURE.match(lignes[0]):
        return None
    fin = next((i for i in range(1, len(lignes)) if _FERMETURE.match(lignes[i])), None)
    if fin is None:
        raise ErreurDonnees(nom_affiche, 1, None, non_referme)
    return "\n".join(lignes[1:fin]), "\n".join(lignes[fin + 1:])


def lire_yaml_d_entete(entete: str, nom_affiche: str) -> tuple[Any, dict[Chemin, int]]:
    """Le contenu d'un en-tête découpé par `decouper`, lu comme data/, lignes comptées depuis le haut de la page."""
    return lire_texte_yaml(entete, nom_affiche, premiere_ligne=PREMIERE_LIGNE)


def lire_page(fichier: Path, nom_affiche: str) -> tuple[Any, dict[Chemin, int], str]:
    """L'en-tête (contenu, ligne de chaque champ) et le corps Markdown d'une page."""
    octets = fichier.read_bytes()
    try:
        source = octets.decode("utf-8")
    except UnicodeDecodeError as erreur:
        ligne = octets[: erreur.start].count(b"\n") + 1
        raise ErreurDonnees(nom_affiche, ligne, _champ_de_l_entete(octets.decode("utf-8", "replace"), ligne),
                            "le fichier n'est pas enregistré en UTF-8 (caractère illisible). Réenregistrez-le en "
                            "UTF-8 dans votre éditeur.") from None
    decoupe = decouper(source, nom_affiche)
    if decoupe is None:
        raise ErreurDonnees(nom_affiche, 1, None, "la page doit commencer par son en-tête : une ligne « --- », "
                            "les champs (« titre: … », « format: … »…), puis une autre ligne « --- ».")
    entete, corps = decoupe
    if all(not l.strip() or l.strip().startswith("#") for l in entete.split("\n")):
        raise ErreurDonnees(nom_affiche, 1, None, "l'en-tête est vide : écrivez ses champs entre les deux lignes "
                            "« --- ».")
    brut, champs = lire_yaml_d_entete(entete, nom_affiche)
    return brut, champs, corps


def _champ_de_l_entete(source: str, ligne: int) -> str | None:
    """Le champ écrit à la ligne `ligne` de la page, si elle est dans son en-tête."""
    try:
        decoupe = decouper(source, "")
    except ErreurDonnees:
        return None
    if decoupe is None or not PREMIERE_LIGNE <= ligne < PREMIERE_LIGNE + decoupe[0].count("\n") + 1:
        return None
    return _cle_de_la_ligne(decoupe[0], ligne - PREMIERE_LIGNE + 1)
