"""Modèle de la Charte nationale des Missions Locales (1990) : ses données ; son résumé est dans docs/charte.md."""
from __future__ import annotations

import datetime

from .base import Modele, RefSource, Texte


class CharteNationale(Modele):
    """data/charte_nationale.yml : le titre, la devise et l'adoption de la Charte des Missions Locales, écrits une
    fois dans reseau/charte_nationale.yml ; une structure n'en remplace un champ qu'en le déclarant (« remplace: »)."""

    titre: Texte | None = None
    """Le titre de la Charte (« Charte des Missions Locales »)."""
    devise: Texte | None = None
    """Sa devise, citée entre guillemets sur la page de la charte."""
    date_adoption: datetime.date | None = None
    """Le jour de son adoption (AAAA-MM-JJ)."""
    adoptee_par: Texte | None = None
    """L'instance qui l'a adoptée."""
    source: RefSource | None = None
    """Le document d'où viennent ces données."""
