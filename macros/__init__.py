"""Point d'entrée de mkdocs-macros : relie les données, la mise en forme et les rendus aux pages."""
from __future__ import annotations

from pathlib import Path

from . import erreurs_pages, format as fmt, frise, rendus
from .donnees import charger


def define_env(env) -> None:
    """Appelée à chaque construction : charge et valide `data/`, puis expose variables, macros et filtres."""
    donnees = charger(Path(env.project_dir) / "data")
    env.variables.update(donnees.jeux)
    env.variables["donnees"] = donnees

    @env.macro
    def chiffre(cle: str) -> str:
        """{{ chiffre("territoire.habitants") }} → le chiffre formaté, sa source en info-bulle."""
        return rendus.chiffre_de(donnees, cle)

    for filtre in (fmt.nombre, fmt.pourcent, fmt.euros, fmt.date_longue):
        env.filter(filtre)

    env.macro(frise.macro(env, donnees), "frise")
    env.filter(frise.date_francaise, "date_historique")

    erreurs_pages.installer(lambda: [*env.variables, *env.macros, *env.filters])
