"""Modèle de la Charte nationale des Missions Locales (1990) : ses données ; son résumé est dans docs/charte.md."""
from __future__ import annotations

import datetime

from .base import Modele, Texte


class CharteNationale(Modele):
    """data/charte_nationale.yml : le titre, la devise et l'adoption de la Charte des Missions Locales."""

    titre: Texte
    """Le titre de la Charte (« Charte des Missions Locales »)."""
    devise: Texte
    """Sa devise, citée entre guillemets sur la page de la charte."""
    date_adoption: datetime.date
    """Le jour de son adoption (AAAA-MM-JJ)."""
    adoptee_par: Texte
    """L'instance qui l'a adoptée."""
