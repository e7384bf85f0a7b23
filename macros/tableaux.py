"""Un tableau de chiffres (`tableaux:` d'un fichier de data/) en HTML : un gabarit Jinja à échappement
automatique (macros/gabarits/tableau.html), un seul appel vers la source pour tout le tableau.

Le tableau est écrit en lignes et colonnes en un seul endroit de data/ ; la page le place avec
{{ tableau("jeu.cle") }}, seul sur sa ligne. Dans la liste « Sources » de la page, il compte pour une entrée :
son titre, et non chacune de ses cases.
"""
from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup

from . import rendus
from .modeles.base import TableauDeChiffres, Source

# Une case vide (« null » dans data/) : un tiret, comme dans les tableaux imprimés.
CASE_VIDE = "–"


@cache
def _gabarit() -> Template:
    """Le gabarit, chargé une fois ; l'échappement automatique protège chaque texte venu de data/."""
    environnement = Environment(loader=PackageLoader("macros", "gabarits"), autoescape=True,
                                undefined=StrictUndefined, keep_trailing_newline=False)
    return environnement.get_template("tableau.html")


def tableau_html(tableau: TableauDeChiffres, source: Source) -> str:
    """Le tableau en HTML, chaque valeur mise en forme dans l'unité du tableau, la légende suivie de l'appel."""
    lignes = [{"libelle": ligne.libelle, "total": ligne.total,
               "valeurs": [CASE_VIDE if v is None else rendus.nombre_avec_unite(tableau, v) for v in ligne.valeurs]}
              for ligne in tableau.lignes]
    numero = rendus.citer(tableau, source)
    appel = Markup(rendus.appel_source_html(*numero)) if numero else ""
    return _gabarit().render(tableau=tableau, lignes=lignes, appel=appel).strip()
