"""L'environnement Jinja des gabarits du moteur (macros/gabarits/) : un seul, pour tous les rendus faits de
données (tableaux de chiffres, résultats, bilan, offre). Échappement automatique : tout texte de données est
échappé, sauf ce qu'un rendu a déjà rendu sûr (`Markup`) ; une variable inconnue est une erreur.

L'environnement ne dépend que des fichiers du paquet : créé une fois par processus (cache d'une fonction sans
argument), il ne garde rien d'une construction (Jinja relit un gabarit modifié sur le disque).
"""
from __future__ import annotations

import functools
import re

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import surete


@functools.cache
def environnement() -> Environment:
    """L'environnement partagé ; le filtre `inerte` écrit un texte de données en Markdown sans effet."""
    env = Environment(loader=PackageLoader("macros", "gabarits"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
    env.filters["inerte"] = lambda texte: Markup(surete.texte_markdown(texte))
    return env


def sans_ligne_vide(html: str) -> str:
    """Un bloc HTML sans ligne vide : Markdown le couperait."""
    return re.sub(r"\n\s*\n", "\n", str(html)).strip() + "\n"


def rendre(nom: str, **contexte) -> str:
    """Le gabarit `nom` rendu, sans ligne vide."""
    return sans_ligne_vide(environnement().get_template(nom).render(**contexte))


def rendre_macro(nom: str, macro: str, *arguments) -> str:
    """La macro `macro` du gabarit `nom`, rendue sans ligne vide."""
    return sans_ligne_vide(getattr(environnement().get_template(nom).module, macro)(*arguments))
