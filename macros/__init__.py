"""Point d'entrée de mkdocs-macros : relie les données, la mise en forme et les rendus aux pages."""
from __future__ import annotations

import functools
from pathlib import Path

from . import citations, erreurs_pages, format as fmt, frise, matrice, rendus
from .donnees import charger
from . import editions


def define_env(env) -> None:
    """Appelée à chaque construction : charge et valide `data/`, puis expose variables, macros et filtres."""
    donnees = charger(Path(env.project_dir) / "data")
    env.variables.update(donnees.jeux)
    env.variables["donnees"] = donnees
    # Éditions : version de travail ou édition adoptée, pour les pages et pour les gabarits (bandeaux).
    publication = editions.publication(Path(env.project_dir), donnees)
    env.variables["publication"] = publication
    env.conf["extra"]["publication"] = publication

    @env.macro
    def chiffre(cle: str) -> str:
        """{{ chiffre("territoire.habitants") }} → le chiffre formaté, sa source en info-bulle."""
        valeur = donnees.chiffre(cle)
        return rendus.chiffre_html(valeur, donnees.source(valeur.source))

    @env.macro
    def ce_qui_a_change() -> str:
        """La liste des changements depuis l'édition précédente (page « Ce qui a changé »)."""
        return editions.ce_qui_a_change(publication, editions.noms_des_jeux(env.conf["nav"]))

    for filtre in (fmt.nombre, fmt.pourcent, fmt.euros, fmt.date_longue):
        env.filter(filtre)

    env.macro(functools.partial(citations.repere, donnees=donnees), "repere")
    env.filter(functools.partial(citations.avec_chiffres, donnees=donnees), "avec_chiffres")
    env.macro(frise.macro(env, donnees), "frise")
    env.filter(frise.date_francaise, "date_historique")
    env.macro(functools.partial(matrice.domaine_html, donnees=donnees), "forces_faiblesses_domaine")

    erreurs_pages.installer(lambda: [*env.variables, *env.macros, *env.filters])
