"""Point d'entrée de mkdocs-macros : relie les données, la mise en forme et les rendus aux pages."""
from __future__ import annotations

import functools
import posixpath
from pathlib import Path

from . import (
    citations, erreurs_pages, fiches, format as fmt, frise, graphiques, matrice, provenance, rendus,
    rendus_fiches, sources_page, surete,
)
from .donnees import charger, lire_entete
from .modeles.page import modele_d_entete
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
        return f"[{surete.texte_markdown(fiches.titre_complet(fiche))}]({chemin})"

    env.macro(lambda: rendus_fiches.index_html(donnees, liens()), "fiches_index")
    env.macro(lambda: rendus_fiches.matrice_html(donnees, liens()), "fiches_matrice")
    env.macro(lambda: rendus_fiches.tableau_de_bord_html(donnees, liens()), "fiches_tableau_de_bord")

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


def on_pre_page_macros(env) -> None:
    """Avant chaque page : modèles en bac à sable, en-tête vérifié, titre mis hors de Jinja (c'est du texte) ;
    puis ouvre le relevé de ses sources (chaque chiffre cité y prend un numéro)."""
    surete.mettre_en_bac_a_sable(env)
    surete.retirer_variables(env.variables, env.conf)
    page = env.page
    lire_entete(page.file.content_string, f"docs/{page.file.src_uri}", modele_d_entete(page.file.src_uri))
    env.variables["page"] = surete.vue_de_page(page)
    _titres[page.file.src_uri] = page.meta.get("title")
    if "title" in page.meta:
        page.meta["title"] = ""  # mkdocs-macros rendrait le titre comme un modèle
    sources_page.ouvrir(page.file.src_uri)


# Titre de l'en-tête de chaque page, mis de côté pendant le rendu des macros.
_titres: dict[str, object] = {}


def on_post_page_macros(env) -> None:
    """Après chaque page : titre et description rendus inertes ; la liste « Sources » rejoint son contenu (donc
    aussi le livret), puis sa provenance."""
    page = env.page
    titre = _titres.pop(page.file.src_uri, None)
    if titre is not None:
        page.meta["title"] = surete.texte_de_titre(titre)
    if page.meta.get("description") is not None:
        page.meta["description"] = surete.texte_de_titre(page.meta["description"])
    env.markdown += rendus.section_sources(sources_page.fermer())
    provenance.renseigner(env.page, env.conf)
