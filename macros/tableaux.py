"""Un tableau de chiffres (`tableaux:` d'un fichier de data/) en HTML : un gabarit Jinja à échappement
automatique (macros/gabarits/tableau.html), un seul appel vers la source pour tout le tableau.

Le tableau est écrit en lignes et colonnes en un seul endroit de data/ ; la page le place avec
{{ tableau("jeu.cle") }}, seul sur sa ligne. Dans la liste « Sources » de la page, il compte pour une entrée :
son titre, et non chacune de ses cases.
"""
from __future__ import annotations

from markupsafe import Markup

from . import rendus, sources_page
from .gabarits_jinja import environnement
from .modeles.base import TableauDeChiffres, Source

# Une case vide (« null » dans data/) : un tiret, comme dans les tableaux imprimés.
CASE_VIDE = "–"


def tableau_html(tableau: TableauDeChiffres, source: Source, releve: sources_page.Releve | None = None) -> str:
    """Le tableau en HTML, chaque valeur mise en forme dans l'unité du tableau, la légende suivie de l'appel vers
    la liste « Sources » de la page (`releve`, celui de la page en cours)."""
    lignes = [{"libelle": ligne.libelle, "total": ligne.total,
               "valeurs": [CASE_VIDE if v is None else rendus.nombre_avec_unite(tableau, v) for v in ligne.valeurs]}
              for ligne in tableau.lignes]
    numero = rendus.citer(tableau, source, releve)
    appel = Markup(rendus.appel_source_html(*numero)) if numero else ""
    # Le même environnement que les autres rendus (macros/gabarits_jinja.py) : chaque texte de data/ échappé.
    return environnement().get_template("tableau.html").render(tableau=tableau, lignes=lignes, appel=appel).strip()
