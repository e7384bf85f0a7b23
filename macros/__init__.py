"""Point d'entrée de mkdocs-macros : relie les données, la mise en forme et les rendus aux pages."""
from __future__ import annotations

import functools
import posixpath
from pathlib import Path

from . import (
    citations, contacts, erreurs_pages, fiches, format as fmt, frise, graphiques, matrice, provenance, rendus,
    rendus_fiches, sources_page,
)
from .donnees import charger
from . import editions


def define_env(env) -> None:
    """Appelée à chaque construction : charge et valide `data/`, puis expose variables, macros et filtres."""
    donnees = charger(Path(env.project_dir) / "data")
    provenance.oublier_l_historique()
    env.variables.update(donnees.jeux)
    env.variables["donnees"] = donnees
    # Éditions : version de travail ou édition adoptée, pour les pages et pour les gabarits (bandeaux).
    publication = editions.publication(Path(env.project_dir), donnees)
    env.variables["publication"] = publication
    env.conf["extra"]["publication"] = publication
    brouillon = publication.version_de_travail
    contacts.exiger_des_mentions_completes(donnees, brouillon)
    env.variables["siege"] = contacts.siege(donnees)
    env.macro(lambda: contacts.lieux_html(donnees, brouillon), "nous_trouver")
    env.filter(lambda valeur: contacts.valeur_ou_a_completer(valeur, brouillon), "ou_a_completer")

    @env.macro
    def chiffre(cle: str) -> str:
        """{{ chiffre("territoire.habitants") }} → le chiffre formaté, sa source en info-bulle et en note."""
        valeur = donnees.chiffre(cle)
        return rendus.chiffre_html(valeur, donnees.source(valeur.source))

    @env.macro
    def graphique(identifiant: str) -> str:
        """{{ graphique("equipe-historique") }} → le graphique SVG décrit dans data/graphiques.yml, et ses chiffres."""
        return graphiques.figure_html(graphiques.trouver(donnees, identifiant), donnees)

    # Fiches actions : les liens sont relatifs à la page qui appelle la macro.
    def liens() -> fiches.Liens:
        return fiches.Liens(env.page.url, env.conf["use_directory_urls"])

    @env.macro
    def fiche_page(identifiant: str) -> str:
        """{{ fiche_page("feuille-de-route-1") }} → la fiche entière (pages générées par macros/crochets.py)."""
        return rendus_fiches.fiche_html(fiches.fiche(donnees, identifiant), donnees, liens())

    @env.macro
    def lien_fiche(identifiant: str) -> str:
        """{{ lien_fiche("feuille-de-route-5") }} → un lien Markdown vers la page de la fiche (vérifié par MkDocs)."""
        fiche = fiches.fiche(donnees, identifiant)
        chemin = posixpath.relpath(fiches.chemin_source(fiche.id), posixpath.dirname(env.page.file.src_uri) or ".")
        return f"[{fiches.titre_complet(fiche)}]({chemin})"

    env.macro(lambda: rendus_fiches.index_html(donnees, liens()), "fiches_index")
    env.macro(lambda: rendus_fiches.matrice_html(donnees, liens()), "fiches_matrice")
    env.macro(lambda: rendus_fiches.tableau_de_bord_html(donnees, liens()), "fiches_tableau_de_bord")

    @env.macro
    def ce_qui_a_change() -> str:
        """La liste des changements depuis l'édition précédente (page « Ce qui a changé »)."""
        return editions.ce_qui_a_change(publication, editions.noms_des_jeux(env.conf["nav"]))

    @env.macro
    def liste_des_sigles() -> str:
        """{{ liste_des_sigles() }} → les sigles de data/sigles.yml et leur sens (page « Sigles »)."""
        sigles = donnees.jeux.get("sigles")
        return rendus.sigles_html(sigles.sigles if sigles is not None else {})

    for filtre in (fmt.nombre, fmt.pourcent, fmt.euros, fmt.date_longue):
        env.filter(filtre)

    env.macro(functools.partial(citations.repere, donnees=donnees), "repere")
    env.filter(functools.partial(citations.avec_chiffres, donnees=donnees), "avec_chiffres")
    env.macro(frise.macro(env, donnees), "frise")
    env.filter(frise.date_francaise, "date_historique")
    env.macro(functools.partial(matrice.domaine_html, donnees=donnees), "forces_faiblesses_domaine")

    erreurs_pages.installer(lambda: [*env.variables, *env.macros, *env.filters])


def on_pre_page_macros(env) -> None:
    """Avant chaque page : ouvre le relevé de ses sources (chaque chiffre cité y prend un numéro)."""
    sources_page.ouvrir(env.page.file.src_uri)


def on_post_page_macros(env) -> None:
    """Après chaque page : la liste « Sources » rejoint son contenu (donc aussi le livret), puis sa provenance."""
    env.markdown += rendus.section_sources(sources_page.fermer())
    provenance.renseigner(env.page, env.conf)
