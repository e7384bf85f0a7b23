"""Modèles des graphiques : data/graphiques.yml décrit chaque graphique, les valeurs viennent des chiffres."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from .base import Chiffre, Identifiant, Modele, RefChiffre, Texte

# Au-delà, les motifs qui distinguent les séries en noir et blanc ne se reconnaissent plus.
SERIES_MAX = 4

UNITES_LISIBLES = {"nombre": "un nombre", "pourcent": "un pourcentage", "euros": "un montant en euros"}


def _non_vide(quoi: str):
    """Un validateur qui refuse une liste vide avec un message qui dit pourquoi."""

    def verifier(liste: list) -> list:
        if not liste:
            raise PydanticCustomError("liste_vide", f"{quoi} : sans chiffre, il n'y a rien à dessiner "
                                                   "(un graphique vide n'est pas publié)")
        return liste

    return AfterValidator(verifier)


def _au_plus_series(series: list) -> list:
    if len(series) > SERIES_MAX:
        raise PydanticCustomError(
            "trop_de_series", f"{len(series)} séries : au plus {SERIES_MAX} par graphique, "
                              "sans quoi elles ne se distinguent plus à l'impression en noir et blanc")
    return series


class Point(Modele):
    """Un point d'une série : la clé d'un chiffre de data/ (sa valeur) et son libellé sur l'axe."""

    chiffre: RefChiffre
    libelle: Texte | None = None

    def etiquette(self, chiffres: dict[str, Chiffre]) -> str | None:
        """Le libellé écrit, sinon l'année du chiffre (pour qu'une année ne soit pas écrite deux fois)."""
        if self.libelle:
            return self.libelle
        annee = chiffres[self.chiffre].annee
        return str(annee) if annee else None


class Serie(Modele):
    """Une suite de points qui mesurent la même chose (une barre ou une ligne par point)."""

    nom: Texte
    points: Annotated[list[Point], _non_vide("la série n'a aucun point")]


class Graphique(Modele):
    """Un graphique : ce qu'il montre (titre, description), sa forme, ses axes, ses séries."""

    id: Identifiant
    titre: Texte
    description: Texte
    type: Literal["barres", "barres_horizontales", "courbe"]
    axe_categories: Texte | None = None
    axe_valeurs: Texte
    series: Annotated[list[Serie], _non_vide("le graphique n'a aucune série"), AfterValidator(_au_plus_series)]

    def categories(self, chiffres: dict[str, Chiffre]) -> list[str]:
        """Les libellés de l'axe, dans l'ordre d'apparition ; par ordre chronologique s'ils sont tous des années."""
        vus = list(dict.fromkeys(p.etiquette(chiffres) for s in self.series for p in s.points))
        return sorted(vus, key=int) if all(v.isdigit() and len(v) == 4 for v in vus) else vus

    def controler(self, chiffres: dict[str, Chiffre]) -> Iterator[tuple[tuple[Any, ...], str]]:
        """Ce qu'un modèle seul ne peut pas voir : libellés résolus, une seule unité par graphique."""
        premier: Chiffre | None = None
        for s, serie in enumerate(self.series):
            vus: set[str] = set()
            for p, point in enumerate(serie.points):
                chemin = ("series", s, "points", p)
                chiffre = chiffres[point.chiffre]
                etiquette = point.etiquette(chiffres)
                if etiquette is None:
                    yield chemin + ("libelle",), (
                        f"le chiffre « {point.chiffre} » n'a pas d'année : "
                        "écrivez le libellé du point (« libelle: … »)")
                elif etiquette in vus:
                    yield chemin, f"deux points de la série « {serie.nom} » ont le libellé « {etiquette} »"
                vus.add(etiquette or "")
                if chiffre.valeur_max is not None:
                    yield chemin + ("chiffre",), (f"« {point.chiffre} » est une fourchette : une barre ou un point "
                                                  "ne montre qu'une valeur")
                if premier is None:
                    premier = chiffre
                elif (chiffre.unite, chiffre.echelle) != (premier.unite, premier.echelle):
                    yield chemin + ("chiffre",), (
                        f"« {point.chiffre} » est {UNITES_LISIBLES[chiffre.unite]}"
                        f"{' en millions' if chiffre.echelle == 'millions' else ''}, alors que le premier "
                        f"point du graphique est {UNITES_LISIBLES[premier.unite]}"
                        f"{' en millions' if premier.echelle == 'millions' else ''} : "
                        "un graphique ne mélange pas les unités")


class Graphiques(Modele):
    """data/graphiques.yml : les graphiques que les pages placent avec {{ graphique("id") }}."""

    graphiques: list[Graphique] = []

    def controler(self, chiffres: dict[str, Chiffre]) -> Iterator[tuple[tuple[Any, ...], str]]:
        """Les contrôles de chaque graphique, avec leur chemin dans le fichier."""
        for i, graphique in enumerate(self.graphiques):
            for chemin, message in graphique.controler(chiffres):
                yield ("graphiques", i) + chemin, message
