"""L'en-tête YAML d'une page Markdown (entre deux lignes « --- ») et son corps, lus sans MkDocs.

L'en-tête passe par le lecteur de data/ (`yaml_lignes`) : mêmes règles, mêmes messages, et chaque champ garde
le numéro de sa ligne dans la page (la ligne « --- » d'ouverture est la ligne 1).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .erreurs import ErreurDonnees
from .yaml_lignes import Chemin, lire_yaml_octets

_DELIMITEUR = re.compile(rb"^---[ \t]*\r?$")


def lire_page(fichier: Path, nom_affiche: str) -> tuple[Any, dict[Chemin, int], str]:
    """L'en-tête (contenu, ligne de chaque champ) et le corps Markdown d'une page."""
    lignes = fichier.read_bytes().split(b"\n")
    if not lignes or not _DELIMITEUR.match(lignes[0]):
        raise ErreurDonnees(nom_affiche, 1, None, "la page doit commencer par son en-tête : une ligne « --- », "
                            "les champs (« titre: … », « format: … »…), puis une autre ligne « --- ».")
    fin = next((i for i in range(1, len(lignes)) if _DELIMITEUR.match(lignes[i])), None)
    if fin is None:
        raise ErreurDonnees(nom_affiche, 1, None, "l'en-tête n'est pas refermé : ajoutez une ligne « --- » "
                            "après son dernier champ, avant le texte de la page.")
    entete = lignes[1:fin]
    if all(not l.strip() or l.strip().startswith(b"#") for l in entete):
        raise ErreurDonnees(nom_affiche, 1, None, "l'en-tête est vide : écrivez ses champs entre les deux lignes "
                            "« --- ».")
    # Une ligne vide à la place de « --- » : le lecteur compte alors les lignes comme l'éditeur.
    brut, champs = lire_yaml_octets(b"\n".join([b"", *entete]), nom_affiche)
    corps = b"\n".join(lignes[fin + 1:])
    try:
        texte = corps.decode("utf-8")
    except UnicodeDecodeError as erreur:
        ligne = fin + 2 + corps[: erreur.start].count(b"\n")
        raise ErreurDonnees(nom_affiche, ligne, None, "le fichier n'est pas enregistré en UTF-8 (caractère "
                            "illisible). Réenregistrez-le en UTF-8 dans votre éditeur.") from None
    return brut, champs, texte
