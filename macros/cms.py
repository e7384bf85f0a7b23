"""Les formulaires d'édition (Decap CMS, à l'adresse /admin/ de la version de travail) : leur configuration,
écrite d'après les modèles de macros/modeles/ et les données de la structure, jamais à la main.

    python -m macros.cms [--verifier]   # affiche la configuration (make cms) ; --verifier : elle se génère

Chaque fichier de data/ devient un formulaire (ses champs, aide = description du modèle, listes de choix = son
vocabulaire, obligatoire = obligatoire dans le modèle) ; un renvoi (« source ») se choisit dans la liste des
éléments existants ; les fiches actions et les pages sont des pages Markdown (en-tête en champs, texte en Markdown).
L'enregistrement passe par le format « fidele » (publication/admin/fidele-noyau.js) : seules les valeurs changées
sont réécrites dans le fichier, ses commentaires et sa mise en page restent. Le site construit reçoit /admin/
par `installer` (version de travail seulement, jamais dans une édition adoptée).
"""
from __future__ import annotations

import datetime
import functools
import logging
import shutil
import sys
import types
import typing
from pathlib import Path
from typing import Any

import pydantic
import yaml
from pydantic import BaseModel

from . import caches, chemins
from .donnees import RESEAU, SCHEMAS, Dossier, Donnees
from .modeles import base
from .modeles.page import EnTete
from .yaml_lignes import lire_yaml

log = logging.getLogger("mkdocs.plugins.cms")
RACINE = Path(__file__).resolve().parents[1]
# Le script de Decap CMS, installé par npm (package-lock.json) et servi par le site lui-même ; et la lecture YAML
# qui garde les commentaires, pour le format « fidele » (modules ES). Cherchés dans le node_modules du projet
# construit (la structure), sinon dans celui du moteur (ce dépôt).
DECAP = Path("node_modules", "decap-cms", "dist")
YAML_JS = Path("node_modules", "yaml", "browser", "dist")
GABARITS = RACINE / "publication" / "admin"
FORMAT_DONNEES, FORMAT_PAGES = "yaml-fidele", "markdown-fidele"
# L'écrivain YAML de libyaml (C) quand PyYAML en dispose : le même texte que yaml.safe_dump, quatre fois plus vite
# (la configuration des formulaires fait 300 ko, écrite à chaque construction de la version de travail).
_ECRIVAIN = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Port de decap-server (serveur local : `make formulaires`), que Decap interroge quand le site est servi en local.
PORT_LOCAL = 8081


# Les noms de champs s'écrivent sans accent (ce sont des clés YAML) ; le formulaire les affiche accentués.
_ACCENTS = {"libelle": "libellé", "unite": "unité", "echelle": "échelle", "annee": "année", "telephone": "téléphone",
            "precision": "précision", "role": "rôle", "accessibilite": "accessibilité", "periodes": "périodes",
            "evenements": "événements", "portee": "portée", "numero": "numéro", "reperes": "repères",
            "echeance": "échéance", "etat": "état", "negatif": "négatif", "verifier": "vérifier",
            "responsabilites": "responsabilités", "prevue": "prévue", "presentation": "présentation"}


def _libelle(nom: str) -> str:
    mots = [_ACCENTS.get(mot, mot) for mot in nom.split("_")]
    return " ".join(mots).capitalize()


def _choix(donnees: Donnees, collection: str) -> list[dict[str, str]]:
    """Les éléments existants d'un autre jeu, pour une liste de choix (« source » : les documents cités)."""
    jeu = donnees.jeux.get(collection)
    elements = jeu if isinstance(jeu, list) else getattr(jeu, collection, []) if jeu is not None else []
    return [{"label": str(getattr(e, "document", None) or getattr(e, "libelle", None) or getattr(e, "titre", None)
                          or e.id), "value": e.id} for e in elements]


def champ(nom: str, annotation: Any, metadata: list[Any], donnees: Donnees, valeur: Any = None,
          *, requis: bool = True, aide: str | None = None, ouverts: tuple = ()) -> dict[str, Any]:
    """Le champ Decap d'un champ du modèle (widget, aide, choix, obligatoire)."""
    resultat: dict[str, Any] = {"name": nom, "label": _libelle(nom), "required": requis}
    if aide:
        resultat["hint"] = " ".join(aide.split())
    resultat.update(_widget(annotation, list(metadata), donnees, valeur, ouverts, requis))
    return resultat


def _widget(annotation: Any, metadata: list[Any], donnees: Donnees, valeur: Any, ouverts: tuple,
            requis: bool = True) -> dict[str, Any]:
    origine, arguments = typing.get_origin(annotation), typing.get_args(annotation)
    if origine is typing.Annotated:
        return _widget(arguments[0], [*metadata, *arguments[1:]], donnees, valeur, ouverts, requis)
    if origine in (typing.Union, types.UnionType):
        utiles = [a for a in arguments if a is not type(None)]
        if len(utiles) == 1:
            return _widget(utiles[0], metadata, donnees, valeur, ouverts, requis)
        return {"widget": "string"}  # plusieurs formes permises (« 1990 » ou « 1998-10 ») : du texte
    if origine is typing.Literal:
        libelles = _vocabulaire(arguments)
        return {"widget": "select", "options": [{"label": libelles.get(a) or str(a), "value": str(a)}
                                                for a in arguments]}
    if origine in (list, tuple):
        element = arguments[0]
        if isinstance(element, type) and issubclass(element, BaseModel):
            return {"widget": "list", "collapsed": False, "fields": _champs(element, donnees, None, ouverts)}
        sous = _widget(element, [], donnees, None, ouverts)
        if sous.get("widget") == "select":  # plusieurs choix dans un vocabulaire
            return {**sous, "multiple": True}
        return {"widget": "list"}
    if origine is dict:
        # Des éléments nommés par leur clé (« habitants: … ») : Decap n'ajoute pas de clé libre ; chaque élément
        # existant a son formulaire (un nouveau chiffre se cite dans une page : il s'ajoute dans le fichier).
        modele, elements = arguments[1], valeur if isinstance(valeur, dict) else {}
        if not (isinstance(modele, type) and issubclass(modele, BaseModel)):  # « sigle: sens »
            return {"widget": "object", "collapsed": True, "fields": [
                {"name": str(cle), "label": str(cle), **_widget(modele, [], donnees, None, ouverts)}
                for cle in elements]}
        # Chaque élément replié sous son libellé : on ouvre celui qu'on veut changer.
        return {"widget": "object", "fields": [
            {"name": str(cle), "label": str(element.get("libelle") or cle) if isinstance(element, dict) else str(cle),
             "widget": "object", "collapsed": True, "fields": _champs(modele, donnees, element, ouverts)}
            for cle, element in elements.items()]}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        # Un bloc facultatif (« avancement ») : ses champs obligatoires ne le sont que si on le remplit, ce que
        # Decap ne sait pas dire ; la construction le vérifie.
        return {"widget": "object", "fields": _champs(annotation, donnees, valeur, ouverts, requis)}
    reference = next((m for m in metadata if isinstance(m, base.Reference)), None)
    if reference is not None:
        return {"widget": "select", "options": _choix(donnees, reference.collection)}
    if annotation is bool:
        return {"widget": "boolean"}
    if annotation in (int, float):
        bornes = {type(m).__name__: m for m in metadata}
        widget = {"widget": "number", "value_type": "int" if annotation is int else "float"}
        if "Ge" in bornes:
            widget["min"] = bornes["Ge"].ge
        if "Le" in bornes:
            widget["max"] = bornes["Le"].le
        return widget
    if annotation is datetime.date:
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY", "time_format": False}
    motif = next((m.pattern for m in metadata if getattr(m, "pattern", None)), None)
    widget = {"widget": "string"}
    if motif:
        widget["pattern"] = [motif, "Forme attendue, par exemple : " + _exemple_de_motif(motif)]
    return widget


def _vocabulaire(valeurs: tuple) -> dict[str, str]:
    """Les libellés d'un vocabulaire (« pres_de » → « près de ») : le dictionnaire d'un module de macros/modeles/
    dont les clés sont exactement ces valeurs (QUALIFICATIFS, ETATS, RESSOURCES…) ; sinon aucun."""
    return next((objet for cles, objet in _vocabulaires() if cles == set(valeurs)), {})


@functools.cache
def _vocabulaires() -> tuple[tuple[frozenset, dict[str, str]], ...]:
    """Les dictionnaires de libellés des modules de macros/modeles/, dans l'ordre des modules : cherchés une fois
    (ce sont du code, pas des données de la construction), au lieu d'un parcours du paquet par champ à choix."""
    import importlib
    import pkgutil

    from . import modeles

    return tuple((frozenset(objet), objet) for module in pkgutil.iter_modules(modeles.__path__)
                 for objet in vars(importlib.import_module(f"{modeles.__name__}.{module.name}")).values()
                 if isinstance(objet, dict) and objet and all(isinstance(v, str) for v in objet.values()))


def _exemple_de_motif(motif: str) -> str:
    if motif == typing.get_args(base.Identifiant)[1].pattern:
        return "mon-identifiant (minuscules sans accent, chiffres, tirets)"
    if "33" in motif:
        return "02 31 00 00 00"
    return motif


def _champs(modele: type[BaseModel], donnees: Donnees, valeur: Any, _ouverts: tuple = (),
            requis: bool = True) -> list[dict[str, Any]]:
    """Les champs d'un modèle, dans l'ordre du modèle. Un modèle qui se contient lui-même (un axe et ses
    objectifs) s'arrête au deuxième niveau : les niveaux plus profonds restent dans le fichier, hors formulaire."""
    resultat = []
    for nom, info in modele.model_fields.items():
        if modele in _ouverts and _contient(info.annotation, modele):
            continue
        sous_valeur = valeur.get(nom) if isinstance(valeur, dict) else None
        decrit = champ(nom, info.annotation, info.metadata, donnees, sous_valeur,
                       requis=requis and info.is_required(), aide=base.description(modele, nom), ouverts=(*_ouverts, modele))
        if decrit.get("fields") == []:
            continue  # des éléments nommés, aucun dans ce fichier : rien à modifier (Decap refuse un bloc vide)
        resultat.append(decrit)
    return resultat


def _contient(annotation: Any, modele: type[BaseModel]) -> bool:
    return annotation is modele or any(_contient(a, modele) for a in typing.get_args(annotation))


def _docstring(modele: type[BaseModel]) -> str:
    texte = " ".join((modele.__doc__ or "").split())
    premier, _, reste = texte.partition(" : ")
    return (reste[:1].upper() + reste[1:]) if premier.startswith("data/") and reste else texte


def configuration(donnees: Donnees, dossier: Path, depot: Path, reglages: dict,
                  port_local: int = PORT_LOCAL) -> dict[str, Any]:
    """La configuration de Decap CMS pour la structure du `dossier` (chemins depuis la racine du `depot`)."""
    prefixe = dossier.resolve().relative_to(depot.resolve()).as_posix()
    prefixe = "" if prefixe == "." else prefixe + "/"
    fichiers = []
    for nom, schema in SCHEMAS.items():
        chemin = dossier / "data" / f"{nom}.yml"
        if isinstance(schema, Dossier) or not chemin.is_file():
            continue
        ecrit = lire_yaml(chemin, f"data/{nom}.yml")[0]  # les clés du fichier, sans celles du réseau
        fichiers.append({
            "name": nom, "label": f"{_docstring(schema).split('. ')[0].rstrip('.')} (data/{nom}.yml)",
            "file": f"{prefixe}data/{nom}.yml",
            "fields": _champs(schema, donnees, ecrit)})
    collections: list[dict[str, Any]] = [
        {"name": "donnees", "label": "Données (chiffres, lieux, historique, sources…)", "files": fichiers,
         "format": FORMAT_DONNEES, "extension": "yml", "editor": {"preview": False}}]
    fiches = SCHEMAS.get("fiches")
    if isinstance(fiches, Dossier) and fiches.pages and (dossier / fiches.pages).is_dir():
        collections.append({
            "name": "fiches", "label": "Fiches actions", "label_singular": "fiche action",
            "folder": f"{prefixe}{fiches.pages}", "extension": "md", "format": FORMAT_PAGES,
            "create": True, "slug": "{{id}}", "identifier_field": "titre", "summary": "{{numero}}. {{titre}}",
            # Les pages de la section qui ne sont pas des fiches (index, matrice…) n'ont pas d'en-tête « id ».
            "filter": {"field": "id", "pattern": "."},
            "editor": {"preview": False},
            "fields": [*_champs(fiches.modele, donnees, None), _corps()]})
    collections.append({
        "name": "pages", "label": "Pages", "label_singular": "page", "folder": f"{prefixe}docs", "extension": "md",
        "format": FORMAT_PAGES, "create": False, "delete": False, "identifier_field": "title",
        "editor": {"preview": False},
        "fields": [*_champs(EnTete, donnees, None), _corps()]})
    depot_github = _depot_github(reglages.get("repo_url", ""))
    return {
        "backend": {"name": "github", "repo": depot_github, "branch": "main",
                    "commit_messages": {"create": "Formulaire : création de {{collection}} « {{slug}} »",
                                        "update": "Formulaire : {{collection}} « {{slug}} » modifié",
                                        "delete": "Formulaire : {{collection}} « {{slug}} » supprimé",
                                        "uploadMedia": "Formulaire : image « {{path}} » ajoutée",
                                        "deleteMedia": "Formulaire : image « {{path}} » retirée"}},
        # Servi depuis 127.0.0.1, Decap écrit dans le clone local par decap-server, sans compte GitHub.
        "local_backend": {"url": f"http://127.0.0.1:{port_local}/api/v1"},
        "publish_mode": "editorial_workflow",
        "locale": "fr",
        "media_folder": f"{prefixe}docs/assets/images",
        "public_folder": "/assets/images",
        "collections": collections,
    }


def _corps() -> dict[str, Any]:
    # Mode « texte » d'abord : le Markdown reste tel qu'écrit tant que l'éditeur n'y touche pas (les macros
    # « {{ … }} » comprises) ; le mode mis en forme est à un clic.
    return {"name": "body", "label": "Texte de la page", "widget": "markdown", "modes": ["raw", "rich_text"],
            "hint": "Le texte en Markdown. Ne pas modifier ce qui est entre {{ et }} : ce sont les chiffres et "
                    "blocs tirés des données."}


def _depot_github(adresse: str) -> str:
    """https://github.com/proprietaire/depot → proprietaire/depot (le dépôt où Decap ouvre les propositions)."""
    morceaux = adresse.rstrip("/").split("/")
    return "/".join(morceaux[-2:]) if "github.com" in adresse and len(morceaux) >= 2 else "proprietaire/depot"


_ENTETE = ("# Généré à chaque construction de la version de travail (macros/cms.py) d'après macros/modeles/ : "
           "ne pas modifier.\n")


def texte_de_configuration(configuration_cms: dict[str, Any]) -> str:
    return _ENTETE + yaml.dump(configuration_cms, Dumper=_ECRIVAIN, allow_unicode=True, sort_keys=False, width=120)


def texte_garde(donnees: Donnees, dossier: Path, depot: Path, reglages: dict, port_local: int = PORT_LOCAL) -> str:
    """Le texte de config.yml pour la structure du `dossier`, repris de .cache/formulaires/ quand rien de ce dont
    il est fait n'a changé : l'empreinte couvre ses sources (data/, les pages des jeux en dossier comme les fiches,
    le réseau), l'adresse du dépôt, les chemins, le code du moteur et les versions de pydantic et de PyYAML. La
    configuration n'est alors ni calculée (un dixième de seconde, les descriptions des champs relues dans le
    code des modèles) ni écrite. `donnees` : celles que ces sources ont données à la construction."""
    sources = [dossier / "data", *(s.emplacement(nom, dossier / "data") for nom, s in SCHEMAS.items()
                                   if isinstance(s, Dossier) and s.pages), RESEAU]
    prefixe = dossier.resolve().relative_to(depot.resolve()).as_posix()
    empreinte = caches.empreinte((caches.empreinte_du_code(), sys.version, pydantic.VERSION, yaml.__version__,
                                  _ECRIVAIN.__name__, prefixe, reglages.get("repo_url", ""), port_local), sources)
    return caches.garder(chemins.CACHE / "formulaires" / f"{empreinte}.yml", lambda: texte_de_configuration(
        configuration(donnees, dossier, depot, reglages, port_local)))


def installer(site: Path, texte: str, projet: Path = RACINE) -> None:
    """Écrit /admin/ dans le site construit : page, configuration (`texte`, celui de config.yml), Decap CMS et le
    format « fidele »."""
    racine = _racine_npm(projet)
    if racine is None:
        raise FileNotFoundError("Decap CMS n'est pas installé (npm ci).")
    admin = site / "admin"
    admin.mkdir(parents=True, exist_ok=True)
    for fichier in sorted((racine / DECAP).glob("*decap-cms.js")):  # le script et ses morceaux chargés à la demande
        if fichier.name == "decap-cms.js" or fichier.name.split(".", 1)[0].isdigit():
            shutil.copy2(fichier, admin / fichier.name)
    shutil.copytree(racine / YAML_JS, admin / "yaml", dirs_exist_ok=True)
    for gabarit in sorted(GABARITS.iterdir()):
        shutil.copy2(gabarit, admin / gabarit.name)
    (admin / "config.yml").write_text(texte, encoding="utf-8")


def construire(config, donnees: Donnees) -> None:
    """Crochet `on_post_build` : /admin/ dans la version de travail, si Decap CMS est installé (npm ci) ;
    `donnees` : celles de la construction."""
    from .instance import dossier_de, reglages

    publication = config["extra"].get("publication")
    if publication is None or not publication.version_de_travail or config["extra"].get("apercu"):
        return  # une édition adoptée n'a pas de formulaires (elle ne change plus), un aperçu non plus
    projet = Path(config.get("config_file_path") or RACINE).parent if config.get("config_file_path") else RACINE
    if not disponible(projet):
        log.info("Formulaires (/admin/) non construits : Decap CMS n'est pas installé (« npm ci »).")
        return
    dossier = dossier_de(config)
    depot = projet if dossier.resolve().is_relative_to(projet.resolve()) else dossier
    installer(Path(config["site_dir"]), texte_garde(donnees, dossier, depot, reglages(dossier)), projet)


def _racine_npm(projet: Path) -> Path | None:
    for racine in (projet, RACINE):
        if (racine / DECAP / "decap-cms.js").is_file() and (racine / YAML_JS / "index.js").is_file():
            return racine
    return None


def disponible(projet: Path = RACINE) -> bool:
    """Decap CMS est installé (npm ci) : sans lui, la version de travail se construit sans /admin/."""
    return _racine_npm(projet) is not None


def main(arguments: list[str]) -> int:
    from .donnees import charger
    from .instance import dossier_courant, reglages

    dossier = dossier_courant()
    config = configuration(charger(dossier / "data"), dossier, RACINE, reglages(dossier))
    if "--verifier" not in arguments:
        print(texte_de_configuration(config), end="")
    else:
        print(f"Configuration des formulaires : {len(config['collections'])} collections, "
              f"{len(config['collections'][0]['files'])} fichiers de données.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
