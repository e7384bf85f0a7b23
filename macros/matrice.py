"""Rendu de l'analyse des forces et faiblesses : pour un domaine, quatre listes titrées (pas de tableau large,
qui défilerait de côté sur un téléphone ; la feuille de style les dispose en deux colonnes quand la place le permet)."""
from __future__ import annotations

from .citations import avec_chiffres
from .donnees import Donnees
from .modeles.forces_faiblesses import Domaine


def domaine_html(cle: str, domaine: Domaine, donnees: Donnees) -> str:
    """Les quatre colonnes d'un domaine, chacune titrée et marquée (data-quadrant) pour les tests et le style."""
    blocs = []
    for quadrant, intitule, elements in domaine.quadrants():
        famille = quadrant.split("_")[0]
        lignes = "".join(f"<li>{avec_chiffres(e, donnees)}</li>" for e in elements)
        blocs.append(
            f'<section class="ff-quadrant ff-{famille}" data-quadrant="{quadrant}">'
            f"<h3>{intitule}</h3>"
            + (f"<ul>{lignes}</ul>" if lignes else '<p class="ff-vide">Rien n\'a été relevé ici.</p>')
            + "</section>"
        )
    return f'<div class="ff-domaine" data-domaine="{cle}">\n' + "\n".join(blocs) + "\n</div>"
