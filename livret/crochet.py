"""Crochet MkDocs (appelé par le greffon, macros/greffon.py) : fabrique les PDF pendant `mkdocs build`.

Seul module du livret qui connaît MkDocs. Ordre des événements d'une construction :
- `on_files` inscrit chaque PDF parmi les fichiers du site (un lien Markdown vers lui est donc valide) ;
- `on_nav` (en dernier) garde la navigation, que d'autres extensions ont pu compléter (fiches actions) ;
- toutes les pages sont alors rendues en HTML (macros puis Markdown), sans le thème ;
- `on_env`, avant que le thème n'écrive la première page, assemble et rend chaque PDF : le gabarit connaît
  donc son nombre de pages et son poids réels (variable `livret`, ou `pdfs[chemin]` pour un autre document).

Une page se retire du livret par `livret: false` dans son en-tête (pages légales, accueil des publics).
`SANS_PDF=1` (utilisé par `make serve`) remplace chaque PDF par une page d'attente (`apercu.py`), écrite sans
WeasyPrint, dont le chargement et la mise en page ralentiraient chaque reconstruction de l'édition en direct.
"""
from __future__ import annotations

import gc
import html
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from livret import Couverture, Partie, fabriquer
from livret.apercu import apercu
from macros import contacts, fiches, format as fmt, resultats
from macros.typographie import texte_publie

log = get_plugin_logger("livret")


def dans_le_livret(page: Page) -> bool:
    """Une page entre dans le livret sauf si son en-tête dit `livret: false`."""
    return page.meta.get("livret", True) is not False


@dataclass(frozen=True)
class DocumentPdf:
    """Un PDF à fabriquer : où il va dans le site, son titre de couverture, les pages qu'il reprend."""

    chemin: str  # dans le site construit : « livret/projet-associatif.pdf »
    titre: str  # « Projet associatif »
    choisir: Callable[[Page], bool] = dans_le_livret
    sommaire: bool = True
    page_de_garde: bool = True  # False : titre en haut de la première page (document court, charte)
    feuilles: tuple[str, ...] = ("assets/css/livret.css",)  # dans le site (overrides/assets/ ou docs/)
    bilan: bool = False  # une partie « Bilan » (résultats des fiches, activité) quand la structure en publie
    sans: tuple[str, ...] = ()  # sélecteurs CSS de ce que ce document laisse de côté (un renvoi y perd son texte)


# Les clés d'un PDF dans `extra: pdf:` de instance.yml, et leur valeur par défaut.
_CLES_PDF = {"fichier": None, "titre": None, "pages": None, "couverture": True, "sommaire": True, "feuilles": [],
             "bilan": None, "sans": []}


def documents(config) -> list[DocumentPdf]:
    """Les PDF que l'instance déclare (`extra: pdf:` de instance.yml), dans leur ordre ; le premier est le livret."""
    declares = (config.extra or {}).get("pdf") or []
    if not isinstance(declares, list):
        raise PluginError("instance.yml, extra → pdf : une liste de PDF est attendue (lignes commençant par « - »).")
    resultat = []
    for i, pdf in enumerate(declares, 1):
        lieu = f"instance.yml, extra → pdf → PDF n° {i}"
        if not isinstance(pdf, dict):
            raise PluginError(f"{lieu} : des champs « clé: valeur » sont attendus (fichier, titre…).")
        inconnues = sorted(set(pdf) - set(_CLES_PDF))
        if inconnues:
            raise PluginError(f"{lieu} : clé inconnue « {inconnues[0]} ». Clés permises : {', '.join(_CLES_PDF)}.")
        reglage = {**_CLES_PDF, **pdf}
        for cle in ("fichier", "titre"):
            if not isinstance(reglage[cle], str) or not reglage[cle].strip():
                raise PluginError(f"{lieu} : champ « {cle} » obligatoire (un texte).")
        if not reglage["fichier"].endswith(".pdf"):
            raise PluginError(f"{lieu}, champ « fichier » : un chemin finissant par « .pdf » est attendu ; "
                              f"trouvé : « {reglage['fichier']} ».")
        # Déjà vérifié avec instance.yml (macros/instance.py) ; redit ici pour toute autre source de `extra.pdf` :
        # un PDF s'écrit dans le site construit, jamais ailleurs.
        if Path(reglage["fichier"]).is_absolute() or ".." in Path(reglage["fichier"]).parts:
            raise PluginError(f"{lieu}, champ « fichier » : un chemin relatif, dans le site, est attendu ; "
                              f"trouvé : « {reglage['fichier']} ».")
        # Le bilan : par défaut dans un document qui reprend toutes les pages (le livret), pas dans un extrait.
        if reglage["bilan"] is None:
            reglage["bilan"] = reglage["pages"] is None
        for cle in ("couverture", "sommaire", "bilan"):
            # MkDocs lit le YAML 1.1 : « non » y est un texte ; true / false et oui / non disent la même chose.
            reglage[cle] = {"oui": True, "non": False}.get(reglage[cle], reglage[cle])
            if not isinstance(reglage[cle], bool):
                raise PluginError(f"{lieu}, champ « {cle} » : « oui » ou « non » est attendu ; "
                                  f"trouvé : « {reglage[cle]} ».")
        pages = reglage["pages"]
        if pages is not None and not (isinstance(pages, list) and all(isinstance(p, str) for p in pages)):
            raise PluginError(f"{lieu}, champ « pages » : une liste de pages de docs/ est attendue, "
                              "par exemple [charte.md].")
        resultat.append(DocumentPdf(
            reglage["fichier"], reglage["titre"],
            choisir=dans_le_livret if pages is None else (lambda page, pages=frozenset(pages): page.file.src_uri in pages),
            sommaire=reglage["sommaire"], page_de_garde=reglage["couverture"],
            feuilles=("assets/css/livret.css", *reglage["feuilles"]), bilan=reglage["bilan"],
            sans=tuple(reglage["sans"]),
        ))
    return resultat


@dataclass
class Livret:
    """Ce que le livret apprend d'une construction (il vit dans son contexte, macros/contexte.py) : les PDF à
    fabriquer, le fichier du site de chacun, la navigation finale."""

    documents: list[DocumentPdf] = field(default_factory=list)
    fichiers: dict[str, File] = field(default_factory=dict)
    nav: Navigation | None = None


def on_files(files: Files, config, livret: Livret) -> Files:
    """Inscrit chaque PDF parmi les fichiers du site ; son contenu est écrit dans `on_env`."""
    livret.documents = documents(config)
    for document in livret.documents:
        fichier = File.generated(config, document.chemin, content=b"")
        files.append(fichier)
        livret.fichiers[document.chemin] = fichier
    return files


@event_priority(-100)
def on_nav(nav: Navigation, config, files: Files, livret: Livret) -> Navigation:
    """Garde la navigation finale (après les extensions qui y ajoutent des pages)."""
    livret.nav = nav
    return nav


def on_env(env, config, files: Files, livret: Livret, donnees):
    """Toutes les pages sont rendues : fabrique chaque PDF et donne au thème son nombre de pages et son poids ;
    `donnees` : celles de la construction."""
    sans_pdf = os.environ.get("SANS_PDF", "") not in {"", "0"}
    pdfs = {}
    for document in list(livret.documents):
        debut = time.monotonic()
        if not parties_de(livret.nav.items, document.choisir):
            # Aucune de ses pages dans cette structure : pas de PDF vide (ni de lien vers lui).
            log.info(f"« {document.titre} » : aucune de ses pages n'existe ici, PDF non fabriqué.")
            files.remove(livret.fichiers.pop(document.chemin))
            livret.documents.remove(document)
            continue
        if sans_pdf:
            octets, pages = _page_d_attente(document, donnees, config), 1
        else:
            octets, pages = _fabriquer(document, livret.nav, donnees, config, files)
        livret.fichiers[document.chemin].content_bytes = octets
        pdfs[document.chemin] = {
            "url": document.chemin,
            "pages": fmt.pages(pages),
            "taille": fmt.taille_fichier(len(octets)),
        }
        log.info(
            f"« {document.titre} » : {pdfs[document.chemin]['pages']}, {pdfs[document.chemin]['taille']}"
            f" → {document.chemin} ({time.monotonic() - debut:.1f} s)"
            + (" — page d'attente (SANS_PDF)" if sans_pdf else "")
        )
    env.globals["pdfs"] = pdfs
    env.globals["livret"] = pdfs[livret.documents[0].chemin] if livret.documents else None
    return env


def _fabriquer(document: DocumentPdf, nav: Navigation, donnees, config, files: Files) -> tuple[bytes, int]:
    """Le PDF complet du document : assemblage des pages retenues, puis mise en page par WeasyPrint."""
    parties = parties_de(nav.items, document.choisir)
    if document.bilan:
        parties = avec_bilan(parties, donnees)
    pluriel = "s" if len(parties) > 1 else ""
    log.info(f"« {document.titre} » : {len(parties)} partie{pluriel}, mise en page (WeasyPrint)…")
    sur_le_site = {f.dest_uri: f for f in files}
    # Les feuilles de style viennent du moteur (overrides/assets/, fichiers du thème) ou des docs/ de l'instance.
    feuilles = [Path(_feuille(sur_le_site, f, document)) for f in document.feuilles]
    # Les objets de la construction (pages, données, thème) vivent jusqu'à la fin : gelés, le ramasse-miettes
    # ne les parcourt plus à chaque passage pendant la mise en page (bench/JOURNAL.md).
    gc.freeze()
    try:
        pdf = fabriquer(parties, _couverture(document, donnees, config), feuilles,
                        lambda chemin: _contenu(sur_le_site.get(chemin)), document.sans)
    finally:
        gc.unfreeze()  # même après un échec : `make serve` continue avec ce processus
    for avertissement in pdf.avertissements:
        log.warning(f"« {document.titre} » : {avertissement}")
    return pdf.octets, pdf.pages


def _feuille(sur_le_site: dict, chemin: str, document: DocumentPdf) -> str:
    """Le fichier source d'une feuille de style du site, ou un message qui la nomme."""
    fichier = sur_le_site.get(chemin)
    if fichier is None or not fichier.abs_src_path:
        raise PluginError(f"« {document.titre} » : la feuille de style « {chemin} » n'existe ni dans "
                          "overrides/ ni dans docs/.")
    return fichier.abs_src_path


def _page_d_attente(document: DocumentPdf, donnees, config) -> bytes:
    """Le PDF d'une page de `make serve` : les mentions de la couverture, et comment obtenir le vrai document."""
    couverture = _couverture(document, donnees, config)
    return apercu(f"{couverture.titre} — aperçu", [
        *(texte for classe, texte in couverture.mentions() if classe != "couverture-titre"),
        "",
        "Ce site est construit sans ses PDF (SANS_PDF=1, comme « make serve ») :",
        "cette page tient la place du document.",
        "« make build » ou « make pdf » fabrique le document complet.",
    ])


def parties_de(elements: list, choisir: Callable[[Page], bool], niveau: int = 1) -> list[Partie]:
    """Les pages retenues de la navigation, dans son ordre ; une section devient un intertitre."""
    parties: list[Partie] = []
    for element in elements:
        if isinstance(element, Section):
            enfants = parties_de(element.children, choisir, niveau + 1)
            if not enfants:
                continue
            if enfants[0].titre == _titre(element) and enfants[0].html is not None:
                # La page d'accueil de la section (navigation.indexes) porte déjà son titre.
                enfants[0] = Partie(enfants[0].titre, enfants[0].adresse, enfants[0].html, niveau)
            else:
                parties.append(Partie(_titre(element), "", None, niveau))
            parties.extend(enfants)
        elif isinstance(element, Page) and choisir(element):
            if element.content is None:
                raise RuntimeError(f"page non rendue : {element.file.src_uri}")
            # `livret: extrait` (l'accueil) : ses chiffres clés seulement, sous le titre `titre_livret`.
            titre = texte_publie(element.meta["titre_livret"]) if "titre_livret" in element.meta else _titre(element)
            parties.append(Partie(titre, element.url, element.content, niveau,
                                  extrait=element.meta.get("livret") == "extrait"))
    return parties


def _titre(element: Page | Section) -> str:
    """Le titre tel que le site le montre (typographie comprise, macros/crochets.py), sans l'échappement que
    reçoit le thème (macros/typographie.py, `titre_publie`) : le livret l'échappe lui-même."""
    return html.unescape(element.title or "")


def avec_bilan(parties: list[Partie], donnees) -> list[Partie]:
    """Les parties, avec la partie « Bilan » (macros/resultats.py) après le tableau de bord des fiches, ou à la fin
    sans tableau de bord ; telles quelles si la structure ne publie ni résultat ni chiffre d'activité."""
    if not resultats.a_des_resultats(donnees):
        return parties
    tableau = fiches.url_page("tableau-de-bord")
    rang = next((i for i, p in enumerate(parties) if p.adresse == tableau), None)
    niveau = parties[rang].niveau if rang is not None else 1
    adresse = f"{fiches.DOSSIER}/bilan/"  # une adresse qui n'est celle d'aucune page : les liens en partent
    contenu = resultats.bilan_html(donnees, fiches.Liens(adresse), niveau=2)
    partie = Partie("Bilan", adresse, contenu, niveau)
    rang = len(parties) if rang is None else rang + 1
    return [*parties[:rang], partie, *parties[rang:]]


def _couverture(document: DocumentPdf, donnees, config) -> Couverture:
    """La couverture : nom de la structure (data/structure.yml), titre, édition et adoption si connues."""
    # data/edition.yml (facultatif) : titre de l'édition, statut (brouillon, adoptee), date d'adoption.
    edition = donnees.jeux.get("edition")
    titre, libelle = document.titre, getattr(edition, "titre", None)
    if libelle and libelle.startswith(titre):
        titre, libelle = libelle, None  # « Projet associatif 2024–2028 » complète « Projet associatif »
    # Version de travail : statut brouillon, ou publication sous …/brouillon/ (macros/editions.py le décide).
    publication = config.extra.get("publication")
    travail = (publication.version_de_travail if publication is not None
               else getattr(edition, "statut", None) == "brouillon")
    if travail:
        libelle = "Version de travail, non adoptée"
    return Couverture(
        titre=titre,
        structure=donnees.jeux["structure"].nom,
        sujet=html.unescape(config.site_description or ""),
        edition=libelle,
        date_adoption=None if travail else getattr(edition, "adoption", None),
        adoption_lisible=None if travail else getattr(edition, "adoption_lisible", None),
        adresse_site=config.site_url,
        sommaire=document.sommaire,
        page_de_garde=document.page_de_garde,
        licence=html.unescape(getattr(config, "copyright", None) or "") or None,
        contact=_contact(donnees),
        version_de_travail=travail,
    )


def _contact(donnees) -> str | None:
    """Le siège de l'éditeur (data/mentions_legales.yml → data/implantations.yml), pour le colophon."""
    if "mentions_legales" not in donnees.jeux:
        return None
    lieu = contacts.siege(donnees)
    # Ce qui manque n'est pas signalé : un PDF ne porte aucune note aux éditeurs (macros/notes.py).
    return ", ".join(filter(None, [lieu.nom, lieu.adresse, f"téléphone {lieu.telephone}" if lieu.telephone else None]))


def _contenu(fichier: File | None) -> bytes | None:
    """Le contenu d'un fichier du site (image, graphique SVG), qu'il vienne de docs/ ou d'une extension."""
    if fichier is None or fichier.is_documentation_page():
        return None
    return fichier.content_bytes
