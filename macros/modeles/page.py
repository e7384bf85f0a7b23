"""L'en-tête YAML d'une page de docs/ : les seules clés que le site lit, chacune avec son type."""
from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictBool, field_validator
from pydantic_core import PydanticCustomError

from .base import Modele, Texte


class Recherche(Modele):
    """Réglages de la recherche de Material pour cette page."""

    boost: float | None = Field(default=None, gt=0, le=10)
    """Poids de la page dans les résultats (2 : deux fois plus haut)."""
    exclude: StrictBool | None = None
    """true : la page n'apparaît pas dans la recherche."""


class EnTete(Modele):
    """L'en-tête d'une page (entre deux lignes « --- ») : une clé inconnue ou mal écrite est refusée."""

    title: Texte | None = None
    """Le titre de la page (onglet, navigation, livret). Du texte : ni HTML ni macro."""
    description: Texte | None = None
    """Le résumé que lisent les moteurs de recherche."""
    livret: StrictBool | Literal["extrait"] = True
    """false : la page n'entre pas dans le livret PDF (true ou false, pas « non ») ; « extrait » : seule la partie
    marquée pour le livret y entre (l'accueil en donne les chiffres clés)."""
    titre_livret: Texte | None = None
    """Le titre de la page dans le livret, s'il diffère de celui du site (« Chiffres clés »)."""
    search: Recherche | None = None
    hide: list[Literal["navigation", "toc", "footer", "path", "tags", "feedback"]] | None = None
    """Parties de la page que Material masque."""
    render_macros: StrictBool | None = None
    fichier_source: Texte | list[Texte] | None = None
    """Le ou les fichiers de données dont la page est faite, depuis le dossier de la structure (data/…)."""

    @field_validator("livret", mode="before")
    @classmethod
    def _livret(cls, valeur):
        # Un seul message pour le champ (sans lui, pydantic en donne un par membre de l'union).
        if valeur is True or valeur is False or valeur == "extrait":
            return valeur
        raise PydanticCustomError("livret", "« true », « false » ou « extrait » est attendu "
                                  "(YAML 1.2 : ni « oui », ni « non »)")


# Dossier de docs/ → modèle de l'en-tête de ses pages, quand elles portent d'autres champs (une page par
# élément dont l'en-tête est la donnée, comme une fiche action). Le dossier le plus long qui convient l'emporte.
ENTETES_PAR_DOSSIER: dict[str, type[Modele]] = {}


def modele_d_entete(src_uri: str) -> type[Modele]:
    """Le modèle qui valide l'en-tête de la page `src_uri` (chemin depuis docs/) : EnTete par défaut."""
    dossiers = [d for d in ENTETES_PAR_DOSSIER if src_uri.startswith(d.rstrip("/") + "/")]
    return ENTETES_PAR_DOSSIER[max(dossiers, key=len)] if dossiers else EnTete
