"""Le contexte d'une construction : tout ce qu'elle apprend en chemin, tenu par le greffon (macros/greffon.py)
et passé aux modules qui en ont besoin ; aucun module du moteur ne garde d'état d'une construction à l'autre
(tests/test_etat_global.py). Deux constructions dans un même processus (`make serve`, les tests) ne se voient
donc pas.

Créé au début de chaque construction (`on_config`) : les données de la structure, lues et validées une fois,
le titre de chaque page mis de côté pendant le rendu des macros, l'historique git (provenance), l'état du livret,
la navigation montrée par chaque page. Le relevé des sources de la page en cours est tenu par les données
(`Donnees.releve`), que reçoivent tous les rendus.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from livret.crochet import Livret

from .donnees import Donnees, charger
from .instance import dossier_de
from .provenance import Historique

if TYPE_CHECKING:
    from .navigation import Affichage


@dataclass
class Construction:
    """L'état d'une construction, du début (`on_config`) à la fin (`on_post_build`)."""

    dossier: Path  # la structure construite : son instance.yml, ses docs/, ses data/
    donnees: Donnees  # data/ et reseau/, lus et validés une fois pour les macros, la navigation et le livret
    historique: Historique  # dates des derniers commits, lues une fois (« Mis à jour le … »)
    # Titre de l'en-tête de chaque page, mis de côté pendant le rendu des macros (c'est du texte, pas un modèle).
    titres: dict[str, object] = field(default_factory=dict)
    livret: Livret = field(default_factory=Livret)  # les PDF à fabriquer et la navigation (livret/crochet.py)
    affichage: Affichage | None = None  # la navigation que montre chaque page (macros/navigation.py)
    # Le contenu de chaque page tel que la garde l'a vérifié (on_page_content) : la page entière ne le relit pas.
    contenus_verifies: dict[str, str] = field(default_factory=dict)
    # Les lignes du thème déjà lues sans problème par la garde (macros/garde.py, `page_saine`) : les mêmes d'une
    # page à l'autre (navigation, en-tête, icônes), lues une fois par construction.
    lignes_saines: set[str] = field(default_factory=set)

    @classmethod
    def ouvrir(cls, config) -> Construction:
        """Le contexte d'une nouvelle construction, ses données lues (MkDocs crée un greffon neuf à chaque
        construction, `make serve` compris : rien n'est repris de la précédente)."""
        dossier = dossier_de(config)
        return cls(dossier=dossier, donnees=charger(dossier / "data"), historique=Historique(dossier))
