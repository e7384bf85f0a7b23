"""L'aperçu d'une proposition (pull request) : le site construit tel qu'elle le ferait, publié sous apercu/<n>/.

publication/publier.py le construit avec la variable APERCU=<n> ; les gabarits affichent alors le bandeau
« Aperçu de la proposition n° <n>, non publiée » et demandent aux moteurs de recherche de ne pas l'indexer.
"""
from __future__ import annotations

import os
import re

from .erreurs import ErreurDonnees

VARIABLE = "APERCU"


def numero() -> int | None:
    """Le numéro de la proposition dont on construit l'aperçu, ou None pour une construction ordinaire."""
    valeur = os.environ.get(VARIABLE, "").strip()
    if not valeur:
        return None
    if not re.fullmatch(r"[1-9][0-9]{0,8}", valeur):
        raise ErreurDonnees(VARIABLE, None, None, f"numéro de proposition attendu (un entier), trouvé « {valeur[:20]} ».")
    return int(valeur)
