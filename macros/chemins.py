"""Où sont les fichiers du moteur qui ne sont pas du Python : le thème (overrides/) et le réseau (reseau/).

Dans ce dépôt, ils sont à la racine, à côté de macros/ ; dans le paquet installé (pyproject.toml), la roue les
range dans macros/ressources/. Tout le code les trouve ici, jamais par un chemin écrit ailleurs.
"""
from __future__ import annotations

from pathlib import Path

_PAQUET = Path(__file__).resolve().parent
_INSTALLES = _PAQUET / "ressources"
RACINE_DU_MOTEUR = _INSTALLES if _INSTALLES.is_dir() else _PAQUET.parent
THEME = RACINE_DU_MOTEUR / "overrides"
RESEAU = RACINE_DU_MOTEUR / "reseau"
PUBLICATION = _PAQUET.parent / "publication"
# Les dessins déjà faits (macros/graphiques.py) : dans ce dépôt, .cache/ à sa racine ; installé, le cache de
# l'utilisateur. L'empreinte de chaque dessin couvre ses données et le code : un cache partagé reste juste.
CACHE = (_PAQUET.parent / ".cache" if not _INSTALLES.is_dir()
         else Path.home() / ".cache" / "projet-associatif-moteur")
# La plus petite structure, que `make nouvelle-structure` recopie (dans ce dépôt, exemples/modele/).
MODELE = _INSTALLES / "modele" if _INSTALLES.is_dir() else _PAQUET.parent / "exemples" / "modele"
