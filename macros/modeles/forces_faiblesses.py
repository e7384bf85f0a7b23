"""Modèle de l'analyse des forces et faiblesses : cinq domaines, quatre colonnes chacun."""
from __future__ import annotations

from .base import Modele, RefSource, Texte, TexteCitant

# Les quatre colonnes de la matrice, dans l'ordre de lecture, avec leur intitulé publié.
QUADRANTS = {
    "forces_internes": "Forces internes",
    "forces_externes": "Forces externes",
    "faiblesses_internes": "Faiblesses internes",
    "faiblesses_externes": "Faiblesses externes",
}


class Domaine(Modele):
    """Une ligne de la matrice : un domaine et ce qu'on y relève, colonne par colonne."""

    libelle: Texte
    forces_internes: list[TexteCitant] = []
    forces_externes: list[TexteCitant] = []
    faiblesses_internes: list[TexteCitant] = []
    faiblesses_externes: list[TexteCitant] = []

    def quadrants(self) -> list[tuple[str, str, list[str]]]:
        """(clé, intitulé, éléments) pour chaque colonne, dans l'ordre de la matrice."""
        return [(cle, intitule, getattr(self, cle)) for cle, intitule in QUADRANTS.items()]


class ForcesFaiblesses(Modele):
    """data/forces_faiblesses.yml : les cinq domaines de l'analyse, dans l'ordre du projet associatif."""

    source: RefSource
    territoire: Domaine
    public: Domaine
    rh: Domaine
    finances: Domaine
    offre_de_services: Domaine

    def domaines(self) -> list[tuple[str, Domaine]]:
        """(clé, domaine) pour chacun des cinq domaines, dans l'ordre du fichier modèle."""
        return [(cle, getattr(self, cle)) for cle in type(self).model_fields if cle != "source"]
