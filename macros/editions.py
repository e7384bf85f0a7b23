"""Éditions : ce que ce site publie (version de travail ou édition adoptée) et l'édition à laquelle le comparer.

Une édition adoptée porte dans git l'étiquette « edition-<id> » ; ses données se relisent à cette étiquette
avec le même `charger` que les données du jour. Sans git ni étiquette, une phrase dit pourquoi, sans erreur.
"""
from __future__ import annotations

import datetime
import io
import os
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import difference_pages
from .comparaison import Changements, ResultatNouveau, comparer, en_markdown, resultats_en_markdown, resultats_nouveaux
from .donnees import RESEAU, SCHEMAS, Donnees, Dossier, charger
from .erreurs import ErreurDonnees, ErreursDonnees
from .format import date_longue
from .modeles.edition import Edition
from .surete import texte_markdown

VERSION_DE_TRAVAIL = "brouillon"  # la version de travail, publiée depuis main à l'adresse …/brouillon/
ALIAS_EN_VIGUEUR = "en-vigueur"  # l'adresse …/en-vigueur/ mène toujours à l'édition en vigueur
PREFIXE_ETIQUETTE = "edition-"  # étiquette git d'une édition adoptée : edition-2024-2028
VARIABLE_VERSION = "MIKE_DOCS_VERSION"  # posée par `mike deploy` : la version en cours de construction


@dataclass
class EditionPrecedente:
    """L'édition à laquelle on compare : relue dans git, ou la raison pour laquelle elle ne l'est pas."""

    id: str
    titre: str
    adoption: datetime.date | None = None
    adoption_lisible: str | None = None  # « le 12 juin 2024 », « en juin 2024 »
    # Hors du repr : mkdocs-macros écrit les variables des pages dans son journal de débogage, même éteint.
    donnees: Donnees | None = field(default=None, repr=False)
    pages: dict[str, str] | None = field(default=None, repr=False)  # chemin depuis docs/ → texte Markdown
    probleme: str | None = None

    def description(self) -> str:
        """« Projet associatif 2024–2028 (adoptée le 12 juin 2024) »."""
        if self.adoption:
            return f"{self.titre} (adoptée {self.adoption_lisible or 'le ' + date_longue(self.adoption)})"
        return self.titre


@dataclass
class Publication:
    """Ce que les pages et les gabarits savent de l'édition construite."""

    edition: Edition
    version: str | None  # la version mike en cours de déploiement, ou None hors de mike
    version_de_travail: bool
    precedente: EditionPrecedente | None = None
    absence: str | None = None  # pourquoi il n'y a pas d'édition précédente
    changements: Changements | None = field(default=None, repr=False)
    pages_modifiees: list[difference_pages.PageModifiee] | None = field(default=None, repr=False)
    resultats_nouveaux: list[ResultatNouveau] = field(default_factory=list, repr=False)


# L'adresse d'exemple du modèle (exemples/modele/instance.yml) et les domaines réservés aux exemples (RFC 2606).
_ADRESSE_D_EXEMPLE = re.compile(r"(^|\.)(exemple\.github\.io|example\.(com|org|net)|invalid)$")


def exiger_une_adresse_publique(site_url: str | None, instance_yml: Path, projet: Path,
                                version_de_travail: bool) -> None:
    """Une édition adoptée imprime son adresse sur ses PDF : l'adresse d'exemple du modèle y est refusée."""
    hote = urlsplit(site_url or "").hostname or ""
    if version_de_travail or not _ADRESSE_D_EXEMPLE.search(hote):
        return
    lignes = instance_yml.read_text(encoding="utf-8").splitlines()
    ligne = next((i for i, texte in enumerate(lignes, 1) if texte.startswith("site_url:")), None)
    fichier = instance_yml.relative_to(projet).as_posix() if instance_yml.is_relative_to(projet) else str(instance_yml)
    raise ErreurDonnees(
        fichier, ligne, "site_url",
        f"« {site_url} » est une adresse d'exemple, et une édition adoptée imprime son adresse sur ses PDF. "
        "Écrivez l'adresse où le site est publié (GitHub Pages : https://<compte>.github.io/<dépôt>/), "
        "ou remettez « statut: brouillon » dans data/edition.yml.")


def publication(projet: Path, donnees: Donnees, version: str | None = None) -> Publication:
    """L'édition construite, sa version de travail ou non, et l'édition précédente avec les changements."""
    version = version if version is not None else os.environ.get(VARIABLE_VERSION)
    edition: Edition = donnees.jeux["edition"]
    travail = version == VERSION_DE_TRAVAIL or not edition.adoptee
    resultat = Publication(edition, version, travail)

    etiquettes = editions_adoptees(projet)
    if etiquettes is None:
        resultat.absence = ("L'historique git du projet n'est pas disponible ici : "
                            "l'édition précédente ne peut pas être retrouvée.")
        return resultat
    # Une version de travail se compare à l'édition en vigueur (la plus récente), même si elle porte
    # déjà son identifiant ; une édition adoptée, à celle qui la précède.
    candidates = [i for i in etiquettes if travail or i != edition.id]
    if not candidates:
        resultat.absence = (
            "Aucune édition n'a encore été adoptée : il n'y a pas d'édition précédente à laquelle comparer."
            if travail else
            "C'est la première édition adoptée : il n'y a pas d'édition précédente à laquelle comparer."
        )
        return resultat
    resultat.precedente = relire(projet, candidates[0])
    if resultat.precedente.donnees is not None:
        resultat.changements = comparer(resultat.precedente.donnees, donnees)
        resultat.resultats_nouveaux = resultats_nouveaux(resultat.precedente.donnees, donnees)
        resultat.pages_modifiees = difference_pages.comparer_pages(
            resultat.precedente.pages or {}, difference_pages.lire_pages(projet / "docs"),
            resultat.precedente.donnees, donnees)
    return resultat


def editions_adoptees(projet: Path, historique_seulement: bool = True) -> list[str] | None:
    """Les identifiants des éditions étiquetées (dans l'historique de HEAD), la plus récente d'abord.

    None quand le projet n'est pas dans un dépôt git (copie, archive) ou que git manque.
    """
    if _git(projet, "rev-parse", "--verify", "--quiet", "HEAD") is None:
        return None
    historique = ["--merged", "HEAD"] if historique_seulement else []
    # Plusieurs --sort : le dernier décide, les autres départagent (même seconde → ordre des noms).
    sortie = _git(projet, "tag", "--list", f"{PREFIXE_ETIQUETTE}*", *historique,
                  "--sort=-refname", "--sort=-creatordate")
    if sortie is None:
        return None
    return [ligne.removeprefix(PREFIXE_ETIQUETTE) for ligne in sortie.decode().split()]


def relire(projet: Path, identifiant: str, ref: str | None = None) -> EditionPrecedente:
    """Les données de l'édition `identifiant`, lues à son étiquette git (ou au commit `ref`, par exemple la
    branche où une proposition doit entrer) et validées par `charger`."""
    precedente = EditionPrecedente(identifiant, f"l'édition {identifiant}")
    ref = ref or f"{PREFIXE_ETIQUETTE}{identifiant}"
    prefixe = (_git(projet, "rev-parse", "--show-prefix") or b"").decode().strip()
    # data/ et les pages (dont les fiches actions, docs/fiches-actions/<id>.md) ; pas les images ni les polices.
    archive = _git(projet, "archive", "--format=tar", ref, "--",
                   f"{prefixe}data", f":(glob){prefixe}docs/**/*.md")
    if archive is None:
        precedente.probleme = (f"les données de {precedente.titre} sont introuvables dans l'historique git "
                               "(copie partielle du dépôt ?).")
        return precedente
    # Le réseau (reseau/) tel qu'il était à l'étiquette ; une édition d'avant le réseau portait tout dans data/.
    # (git archive lancé d'un sous-dossier n'archive que lui : on le lance depuis la racine du dépôt.)
    racine = (_git(projet, "rev-parse", "--show-toplevel") or b"").decode().strip()
    archive_reseau = racine and _git(Path(racine), "archive", "--format=tar",
                                     ref, "--", "reseau")
    with tempfile.TemporaryDirectory() as dossier_temporaire:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(dossier_temporaire, filter="data")
        reseau = None
        if archive_reseau:
            with tarfile.open(fileobj=io.BytesIO(archive_reseau)) as tar:
                tar.extractall(Path(dossier_temporaire, "reseau-de-l-edition"), filter="data")
            reseau = Path(dossier_temporaire, "reseau-de-l-edition", "reseau")
        elif racine and not Path(racine, "reseau").is_dir():
            # Le dépôt d'une structure n'a pas de reseau/ : il vient du moteur installé, celui de la construction.
            reseau = RESEAU
        dossier = Path(dossier_temporaire, prefixe, "data")
        # Un fichier retiré depuis ne se compare plus ; un fichier apparu depuis compte comme tout ajouté.
        dossier.mkdir(parents=True, exist_ok=True)
        for fichier in dossier.glob("*.y*ml"):
            if fichier.stem not in SCHEMAS or fichier.suffix != ".yml":
                fichier.unlink()
        presents = {nom: schema for nom, schema in SCHEMAS.items()
                    if (dossier / f"{nom}.yml").exists() or (reseau is not None and (reseau / f"{nom}.yml").exists())
                    or (isinstance(schema, Dossier) and schema.emplacement(nom, dossier).is_dir())}
        precedente.pages = difference_pages.lire_pages(dossier.parent / "docs")
        try:
            precedente.donnees = charger(dossier, presents, reseau)
        except ErreursDonnees as erreur:
            premiere = erreur.erreurs[0].texte()
            precedente.probleme = (f"les données de {precedente.titre} ne se lisent plus avec les modèles "
                                   f"d'aujourd'hui ({premiere}).")
            return precedente
    ancienne: Edition | None = precedente.donnees.jeux.get("edition")
    if ancienne is not None:
        precedente.titre, precedente.adoption = ancienne.titre, ancienne.adoption
        precedente.adoption_lisible = getattr(ancienne, "adoption_lisible", None)
    return precedente


def _git(projet: Path, *arguments: str) -> bytes | None:
    """La sortie d'une commande git lancée dans le projet, ou None si elle échoue (pas de dépôt, pas de git)."""
    try:
        resultat = subprocess.run(["git", "-C", str(projet), *arguments], capture_output=True, check=False)
    except OSError:
        return None
    return resultat.stdout if resultat.returncode == 0 else None


def noms_des_jeux(nav: list | None) -> dict[str, str]:
    """Le titre de la page de chaque jeu, d'après la navigation : strategie.md « Stratégie » → strategie."""
    noms: dict[str, str] = {}
    for element in nav or []:
        for titre, cible in (element.items() if isinstance(element, dict) else []):
            if isinstance(cible, list):
                noms = {**noms_des_jeux(cible), **noms}
            elif isinstance(cible, str) and cible.endswith(".md"):
                noms.setdefault(Path(cible).stem.replace("-", "_"), titre)
    return noms


def ce_qui_a_change(publication: Publication, noms: dict[str, str] | None = None, depuis: str = "") -> str:
    """Le contenu de la page « Ce qui a changé », en Markdown (`noms` : voir `noms_des_jeux` ; `depuis` : le
    dossier de la page dans docs/, pour les liens vers les pages modifiées)."""
    precedente = publication.precedente
    if precedente is None:
        return f"{publication.absence}\n"
    # Titres d'éditions et message d'erreur (qui cite une valeur lue) : des données, écrites telles quelles.
    decrite = texte_markdown(precedente.description())
    if precedente.probleme:
        return f"La comparaison avec {decrite} n'est pas possible : {texte_markdown(precedente.probleme)}\n"
    if publication.version_de_travail:
        intro = f"Cette version de travail est comparée à l'édition en vigueur, {decrite}."
        nouvelle = "Version de travail"
    else:
        intro = (f"Cette édition, {texte_markdown(publication.edition.titre)}, est comparée à l'édition "
                 f"précédente, {decrite}.")
        nouvelle = publication.edition.titre
    intro += (" Viennent d'abord les chiffres, les fiches actions et les listes qui ont changé, puis, page par "
              "page, les passages réécrits : les mots retirés sont barrés, les mots ajoutés soulignés.")
    pages = difference_pages.en_markdown(publication.pages_modifiees or [], depuis)
    donnees = en_markdown(publication.changements, precedente.titre, nouvelle, noms)
    if pages and not publication.changements:
        donnees = ""
    resultats = resultats_en_markdown(publication.resultats_nouveaux)
    return f"{intro}\n\n" + (resultats + "\n" if resultats else "") + donnees + ("\n" + pages if pages else "")
