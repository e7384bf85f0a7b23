"""Point d'entrée de mkdocs-macros : relie les données, la mise en forme et les rendus aux pages."""
from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from . import (
    a_verifier, apercu, blocs, citations, contacts, erreurs_pages, fiches, frise, garde, graphiques,
    offre, provenance, rendus, rendus_fiches, resultats, sources_page, surete,
)
from .donnees import lire_entete
from .modeles.page import modele_d_entete
from . import editions


def define_env(env) -> None:
    """Appelée à chaque construction : charge et valide `data/`, puis expose variables, macros et filtres."""
    # Le contexte de la construction (macros/contexte.py), ouvert par le greffon : `env` est le greffon.
    contexte = env.contexte
    dossier, donnees = contexte.dossier, contexte.donnees
    env.variables.update(donnees.jeux)
    env.variables["donnees"] = donnees
    # Éditions : version de travail ou édition adoptée, pour les pages et pour les gabarits (bandeaux).
    publication = editions.publication(dossier, donnees)
    env.variables["publication"] = publication
    env.conf["extra"]["publication"] = publication
    env.conf["extra"]["apercu"] = apercu.numero()  # aperçu d'une proposition : bandeau, pas d'indexation
    brouillon = publication.version_de_travail
    a_verifier.refuser_dans_une_edition_adoptee(donnees, brouillon)
    editions.exiger_une_adresse_publique(env.conf.get("site_url"), dossier / "instance.yml",
                                         Path(env.conf.config_file_path).parent, brouillon)
    contacts.exiger_des_mentions_completes(donnees, brouillon)
    if "mentions_legales" in donnees.jeux:
        env.variables["siege"] = contacts.siege(donnees)
    env.macro(lambda: contacts.lieux_html(donnees, brouillon), "nous_trouver")
    env.filter(lambda valeur: contacts.valeur_ou_a_completer(valeur, brouillon), "ou_a_completer")

    # Macros et filtres qui ne lisent que les données (chiffre, repere, annee, blocs…) : les mêmes relisent
    # une autre édition dans « Ce qui a changé » (macros/difference_pages.py).
    macros_des_donnees, filtres_des_donnees = blocs.macros_des_donnees(donnees)
    for nom, macro in macros_des_donnees.items():
        env.macro(macro, nom)
    for nom, filtre in filtres_des_donnees.items():
        env.filter(filtre, nom)

    @env.macro
    def graphique(identifiant: str) -> str:
        """{{ graphique("equipe-historique") }} → le graphique SVG décrit dans data/graphiques.yml, et ses chiffres."""
        return graphiques.figure_html(graphiques.trouver(donnees, identifiant), donnees)

    # Fiches actions : les liens sont relatifs à la page qui appelle la macro.
    def liens() -> fiches.Liens:
        return fiches.Liens(env.page.url, env.conf["use_directory_urls"])

    @env.macro
    def lien_fiche(identifiant: str) -> str:
        """{{ lien_fiche("feuille-de-route-5") }} → un lien Markdown vers la page de la fiche (vérifié par MkDocs)."""
        fiche = fiches.fiche(donnees, identifiant)
        chemin = posixpath.relpath(fiches.chemin_source(fiche.id), posixpath.dirname(env.page.file.src_uri) or ".")
        return f"[{surete.texte_markdown(fiches.titre_complet(fiche))}]({chemin})"


    # Blocs générés des pages (un appel seul sur sa ligne) : les phrases restent dans les pages.
    # L'offre service par service (data/offre.yml) : par fonction du cadre commun, et par besoin.
    def vers_nous_trouver() -> str | None:
        """L'adresse de la page « Nous trouver » depuis la page en cours, si la structure a cette page."""
        if not (Path(env.conf["docs_dir"]) / "nous-trouver.md").is_file():
            return None
        cible = File("nous-trouver.md", None, "", env.conf["use_directory_urls"]).url
        return get_relative_url(cible, env.page.url)

    def liens_de_l_offre() -> offre.Liens:
        page, fiche = vers_nous_trouver(), liens().fiche
        return offre.Liens(lieu=lambda i: f"{page}#{i}" if page else None, fiche=fiche)

    env.macro(lambda fonction: offre.services_html(donnees, fonction, liens_de_l_offre()), "services")

    @env.macro
    def vous_cherchez(niveau: int = 3, vers_fonctions: bool = True) -> str:
        """{{ vous_cherchez() }} → les services de data/offre.yml rangés par besoin (logement, mobilité…) ;
        `vers_fonctions=false` sur une page qui n'a pas de section par fonction."""
        return offre.vous_cherchez_html(donnees, liens_de_l_offre(), niveau, vers_nous_trouver(), vers_fonctions)

    env.macro(lambda orientation: blocs.feuilles_de_route(donnees, orientation, lien_fiche), "feuilles_de_route")
    env.macro(lambda fonction: blocs.fiches_de_fonction(donnees, env.variables["fiches"], fonction, lien_fiche),
              "fiches_de_fonction")
    env.macro(lambda: blocs.orientations_des_feuilles_de_route(donnees, env.variables["fiches"], lien_fiche),
              "orientations_des_feuilles_de_route")

    env.macro(lambda: rendus_fiches.index_html(donnees, liens()), "fiches_index")
    env.macro(lambda: rendus_fiches.matrice_html(donnees, liens()), "fiches_matrice")
    env.macro(lambda: rendus_fiches.tableau_de_bord_html(donnees, liens()), "fiches_tableau_de_bord")
    # Résultats : l'activité année par année (data/activite.yml), un résultat d'indicateur parmi les chiffres clés.
    env.macro(lambda: resultats.activite_html(donnees), "activite_par_annee")
    env.macro(lambda fiche, indicateur=1: resultats.dernier_resultat(donnees, fiche, indicateur), "dernier_resultat")

    @env.macro
    def ce_qui_a_change() -> str:
        """La liste des changements depuis l'édition précédente (page « Ce qui a changé »)."""
        return editions.ce_qui_a_change(publication, editions.noms_des_jeux(env.conf["nav"]),
                                        posixpath.dirname(env.page.file.src_uri))

    @env.macro
    def proposition() -> str:
        """{{ proposition() }} après ce que l'équipe propose au conseil : « (proposition) » tant que l'édition n'est
        pas adoptée ; rien une fois adoptée (ce que le conseil n'a pas retenu est retiré du texte avant l'adoption)."""
        return "" if publication.edition.adoptee else ' <em class="proposition">(proposition)</em>'

    @env.macro
    def liste_des_sigles() -> str:
        """{{ liste_des_sigles() }} → les sigles de data/sigles.yml et leur sens (page « Sigles »)."""
        sigles = donnees.jeux.get("sigles")
        return rendus.sigles_html(sigles.sigles if sigles is not None else {})

    env.macro(frise.macro(env, donnees), "frise")

    erreurs_pages.installer(lambda: [*env.variables, *env.macros, *env.filters], frozenset(donnees.absents()))


def on_pre_page_macros(env) -> None:
    """Avant chaque page : modèles en bac à sable, en-tête vérifié, titre mis hors de Jinja (c'est du texte) ;
    puis ouvre le relevé de ses sources (chaque chiffre cité y prend un numéro). Une page de fiche reçoit son
    titre et sa description de son en-tête, validé au chargement des données par le modèle des fiches."""
    surete.mettre_en_bac_a_sable(env)
    surete.retirer_variables(env.variables, env.conf)
    page = env.page
    donnees = env.contexte.donnees
    identifiant = fiches.identifiant_de_page(donnees, page.file.src_uri)
    if identifiant is None:
        lire_entete(page.file.content_string, f"docs/{page.file.src_uri}", modele_d_entete(page.file.src_uri))
    else:
        fiche = fiches.fiche(donnees, identifiant)
        page.meta.setdefault("title", fiches.titre_complet(fiche))
        page.meta.setdefault("description", fiches.description(fiche))
    env.variables["page"] = surete.vue_de_page(page)
    env.contexte.titres[page.file.src_uri] = page.meta.get("title")
    if "title" in page.meta:
        page.meta["title"] = ""  # mkdocs-macros rendrait le titre comme un modèle
    donnees.releve = sources_page.ouvrir(page.file.src_uri)
    donnees.suivre_les_lectures()
    # Les jeux que le texte nomme (« {{ territoire.habitants.valeur }} ») : la page montre leur contenu.
    for nom in env.env.variables_nommees(env.markdown) & donnees.jeux.keys():
        donnees.jeux.noter(nom)


def on_post_page_macros(env) -> None:
    """Après chaque page : une page de fiche reçoit, autour de son texte, le haut (titre, rattachement, fonctions,
    état) et le bas (calendrier, indicateurs…) tirés de son en-tête ; titre et description rendus inertes ; la
    liste « Sources » rejoint le contenu (donc aussi le livret), puis la page reçoit sa provenance."""
    page = env.page
    donnees = env.contexte.donnees
    identifiant = fiches.identifiant_de_page(donnees, page.file.src_uri)
    if identifiant is not None:
        # Après le rendu des macros : le texte de l'éditeur garde ses numéros de ligne dans les messages d'erreur.
        fiche, liens = fiches.fiche(donnees, identifiant), fiches.Liens(page.url, env.conf["use_directory_urls"])
        env.markdown = (rendus_fiches.entete_html(fiche, donnees, liens) + "\n\n" + env.markdown + "\n\n"
                        + rendus_fiches.rubriques_html(fiche, donnees, liens))
    titre = env.contexte.titres.pop(page.file.src_uri, None)
    if titre is not None:
        page.meta["title"] = surete.texte_de_titre(citations.avec_identite(str(titre), donnees))
    if page.meta.get("description") is not None:
        page.meta["description"] = surete.texte_de_titre(
            citations.avec_identite(str(page.meta["description"]), donnees))
    origine = rendus_fiches.origine_html(fiches.fiche(donnees, identifiant), donnees) if identifiant else None
    releve, donnees.releve = donnees.releve, None  # hors d'une page (livret), un chiffre ne prend pas de numéro
    env.markdown += rendus.section_sources(releve, donnees.fichier_de, origine)
    # Avant la conversion par Python-Markdown : aucune imbrication qui le ferait tomber ou tourner sans fin.
    garde.verifier_markdown(env.markdown, f"docs/{page.file.src_uri}", page.file.content_string)
    provenance.renseigner(page, env.conf, env.contexte.historique, donnees.fichiers_lus())
