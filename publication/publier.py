"""Publie une version du site avec mike sur la branche gh-pages : la version de travail, ou une édition adoptée.

    python -m publication.publier brouillon [--pousser]
    python -m publication.publier edition 2024-2028 [--pousser]
    python -m publication.publier erratum 2024-2028 --motif "coquille page 12" [--pousser]
    python -m publication.publier construire-apercu 42 --base origin/main --sortie DOSSIER
    python -m publication.publier apercu 42 --sortie DOSSIER [--pousser]
    python -m publication.publier retirer-apercu 42 [--pousser]

Aperçus des propositions (flux .github/workflows/apercu.yml) : « construire-apercu » construit le site d'une
pull request (bandeau, non indexé, livret compris) et écrit le commentaire qui l'annonce avec « Ce qui a
changé » depuis --base ; « apercu » le publie sous apercu/<n>/ de gh-pages, hors des éditions de mike ;
« retirer-apercu » l'efface à la fermeture de la proposition.

Lancé par le flux .github/workflows/publier.yml (et par `make publier-brouillon` / `make publier-edition`).
Une édition adoptée devient l'édition en vigueur (alias « en-vigueur », racine du site, page 404) si sa date
d'adoption est la plus récente des éditions publiées. L'alias est une copie de l'édition (mike
`--alias-type copy`) : …/en-vigueur/ et ses PDF (…/en-vigueur/livret/projet-associatif.pdf) sont une adresse stable,
que chaque adoption remplace par la nouvelle édition ; la racine du site y redirige. Une édition publiée ne change
plus : la republier depuis un autre contenu (une étiquette déplacée, par exemple) est refusé ; une correction est une nouvelle édition, ou
un erratum explicite (commande « erratum », motif obligatoire, inscrit sur gh-pages).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader
from mkdocs.exceptions import PluginError

from macros.compat import AdaptationPerimee, mike_interne
from macros.donnees import charger
from macros.instance import configuration, dossier_courant
from macros.editions import (
    ALIAS_EN_VIGUEUR, PREFIXE_ETIQUETTE, VERSION_DE_TRAVAIL,
)
from macros.typographie import texte_publie

# Lancé par `python -m publication.publier` : le dossier courant passe avant le paquet installé, comme pour
# `python -m mkdocs` (une copie du projet publie avec son propre moteur).
RACINE = Path(__file__).resolve().parents[1]  # le moteur : ce dépôt, ou le dossier du paquet installé
# Le projet publié : le dossier courant (ce dépôt, ou le dépôt d'une structure qui a installé le moteur).
PROJET = Path.cwd()

try:
    commands, git_utils = mike_interne()
except AdaptationPerimee as erreur:
    sys.exit(f"Publication refusée : {erreur}")

BRANCHE = "gh-pages"
# Sur gh-pages : pour chaque édition publiée, le contenu d'où elle vient (arbre git), sa date d'adoption, ses errata.
REGISTRE = "editions.json"
RESERVES = (VERSION_DE_TRAVAIL, ALIAS_EN_VIGUEUR)
TITRE_DE_TRAVAIL = "Version de travail (non adoptée)"
# L'alias « en-vigueur » est une copie de l'édition, quel que soit le mkdocs.yml de la structure (voir plus haut).
ALIAS_EN_COPIE = ("--alias-type", "copy")


class Refus(Exception):
    """Une publication impossible, expliquée en français à l'éditeur."""


def publier_brouillon() -> None:
    """Déploie la version de travail sous …/brouillon/ ; elle sert de racine tant qu'aucune édition n'est adoptée."""
    _mike("deploy", *ALIAS_EN_COPIE, VERSION_DE_TRAVAIL, "--title", TITRE_DE_TRAVAIL)
    if not any(ALIAS_EN_VIGUEUR in v["aliases"] for v in versions()):
        choisir_la_racine(VERSION_DE_TRAVAIL)
    ecrire_page_introuvable()


def publier_edition(identifiant: str, motif_d_erratum: str | None = None) -> None:
    """Déploie l'édition adoptée `identifiant` ; celle dont l'adoption est la plus récente devient l'édition en
    vigueur. Refuse de changer une édition déjà publiée, sauf erratum (`motif_d_erratum`)."""
    if identifiant in RESERVES:
        raise Refus(f"data/edition.yml, champ « id » : « {identifiant} » est un nom réservé (version de travail "
                    "ou adresse de l'édition en vigueur). Choisissez les années de l'édition, par exemple 2024-2028.")
    edition = charger(dossier_courant(PROJET) / "data").jeux["edition"]
    if edition.id != identifiant:
        raise Refus(f"data/edition.yml, champ « id » : l'étiquette {PREFIXE_ETIQUETTE}{identifiant} publie "
                    f"l'édition « {identifiant} », mais le fichier décrit « {edition.id} ». "
                    "Corrigez le fichier ou l'étiquette.")
    if not edition.adoptee:
        raise Refus("data/edition.yml, champ « statut » : une édition ne se publie qu'adoptée. Écrivez "
                    "« statut: adoptee » et la date du vote (« adoption: AAAA-MM-JJ ») avant de poser "
                    "l'étiquette.")
    registre = lire_registre()
    source = _arbre_source()
    deja = registre.get(identifiant)
    if deja and deja["source"] != source and motif_d_erratum is None:
        raise Refus(f"l'édition {identifiant} est déjà publiée, depuis un autre contenu (l'étiquette "
                    f"{PREFIXE_ETIQUETTE}{identifiant} a-t-elle été déplacée ?). Une édition adoptée ne change "
                    "plus : publiez une nouvelle édition, ou, pour corriger une erreur matérielle, un erratum "
                    f"(« publier.py erratum {identifiant} --motif \"…\" », voir GUIDE.md, « Éditions »).")
    if motif_d_erratum is not None and not deja:
        raise Refus(f"erratum impossible : l'édition {identifiant} n'est pas encore publiée.")
    # En vigueur : la date d'adoption la plus récente des éditions publiées (pas la date de l'étiquette).
    # Republier une ancienne édition (relance d'un vieux flux) ne lui rend donc pas cette place.
    dates = {nom: e["adoption"] for nom, e in registre.items() if nom != identifiant}
    plus_recente = max(dates.items(), key=lambda d: (d[1], d[0]), default=None)
    titre = texte_publie(edition.titre)  # le sélecteur d'édition et la page 404 le montrent tel quel
    if plus_recente and (plus_recente[1], plus_recente[0]) > (edition.adoption.isoformat(), identifiant):
        print(f"{identifiant} n'est pas l'édition adoptée le plus récemment ({plus_recente[0]}) : "
              "elle est publiée sans devenir l'édition en vigueur.")
        _mike("deploy", *ALIAS_EN_COPIE, identifiant, "--title", titre)
    else:
        _mike("deploy", *ALIAS_EN_COPIE, "--update-aliases", identifiant, ALIAS_EN_VIGUEUR, "--title", titre)
        choisir_la_racine(ALIAS_EN_VIGUEUR)
    entree = {"source": source, "adoption": edition.adoption.isoformat(), "errata": (deja or {}).get("errata", [])}
    if motif_d_erratum is not None:
        entree["errata"].append({"motif": motif_d_erratum, "ancienne_source": deja["source"]})
    registre[identifiant] = entree
    _ecrire_registre(registre, f"Édition {identifiant} : " + ("erratum" if motif_d_erratum else "publiée"))
    ecrire_page_introuvable()


def lire_registre() -> dict:
    """Le registre des éditions publiées (editions.json sur gh-pages) ; vide avant la première."""
    try:
        return json.loads(git_utils.read_file(BRANCHE, REGISTRE, universal_newlines=True))
    except git_utils.GitError:
        return {}


def _ecrire_registre(registre: dict, message: str) -> None:
    texte = json.dumps(registre, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    with git_utils.Commit(BRANCHE, message, allow_empty=True) as commit:
        commit.add_file(git_utils.FileInfo(REGISTRE, texte))


def _arbre_source() -> str:
    """L'empreinte git de tout le contenu publié (l'arbre du commit) : deux publications d'un même contenu
    ont la même, quelle que soit l'étiquette ou la date."""
    sortie = subprocess.run(["git", "rev-parse", "HEAD^{tree}"], cwd=PROJET, capture_output=True, text=True)
    if sortie.returncode != 0:
        raise Refus("une édition se publie depuis un dépôt git (aucun commit trouvé ici).")
    return sortie.stdout.strip()


def versions() -> list[dict]:
    """Le contenu de versions.json sur la branche gh-pages (liste vide avant le premier déploiement)."""
    try:
        return json.loads(git_utils.read_file(BRANCHE, "versions.json", universal_newlines=True))
    except git_utils.GitError:
        return []


def choisir_la_racine(version: str) -> None:
    """La racine du site redirige vers `version`, une version ou un alias (mike set-default) : par la page en
    français du moteur (redirection.html, ici), celle de mike étant en anglais, sauf si la structure en nomme une
    autre (`redirect_template` sous `mike:` dans son mkdocs.yml)."""
    extensions = configuration(PROJET).get("plugins", [])
    reglages = next((e["mike"] for e in extensions if isinstance(e, dict) and "mike" in e), None) or {}
    page = reglages.get("redirect_template") or str(Path(__file__).resolve().parent / "redirection.html")
    try:
        commands.set_default(version, template=page, branch=BRANCHE)
    except git_utils.GitEmptyCommit:
        pass  # la racine menait déjà là


def ecrire_page_introuvable() -> None:
    """Écrit 404.html à la racine de gh-pages : GitHub Pages la sert pour toute adresse inconnue."""
    config = configuration(PROJET)
    racine = urlsplit(config.get("site_url") or "/").path.rstrip("/") + "/"
    editions = versions()
    principale = next((v for v in editions if ALIAS_EN_VIGUEUR in v["aliases"]), None)
    # L'adresse stable de l'édition en vigueur (…/en-vigueur/), celle qu'on garde en favori ; à défaut, la
    # version de travail.
    cible = ALIAS_EN_VIGUEUR
    if principale is None:
        principale = next((v for v in editions if v["version"] == VERSION_DE_TRAVAIL), editions[0])
        cible = principale["version"]
    gabarits = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent), autoescape=True)
    html = gabarits.get_template("404.html").render(
        site=texte_publie(config["site_name"]), racine=racine, editions=editions, principale=principale,
        cible=cible, alias_en_vigueur=ALIAS_EN_VIGUEUR,
    )
    with git_utils.Commit(BRANCHE, "Page 404 : retour vers l'édition en vigueur", allow_empty=True) as commit:
        commit.add_file(git_utils.FileInfo("404.html", html))


# ── Aperçus des propositions ─────────────────────────────────────────────────────────────────────────────
APERCUS = "apercu"  # sur gh-pages : apercu/<n>/, l'aperçu de la proposition n° n


def construire_apercu(numero: int, sortie: Path, base: str | None = None) -> None:
    """Construit l'aperçu de la proposition n° `numero` dans sortie/site et écrit sortie/commentaire.md."""
    from macros.apercu import VARIABLE

    sortie.mkdir(parents=True, exist_ok=True)
    bin_ = Path(sys.executable).parent
    env = {**os.environ, VARIABLE: str(numero), "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(RACINE), os.environ.get("PYTHONPATH")]))}
    subprocess.run([str(bin_ / "mkdocs"), "build", "--strict", "-d", str(sortie / "site")], cwd=PROJET, env=env,
                   check=True)
    (sortie / "commentaire.md").write_text(commentaire_d_apercu(numero, base), encoding="utf-8")


def adresse_d_apercu(numero: int) -> str:
    """L'adresse publique de l'aperçu (d'après site_url, racine de gh-pages)."""
    config = configuration(PROJET)
    racine = (config.get("site_url") or "/").rstrip("/") + "/"
    return f"{racine}{APERCUS}/{numero}/"


def commentaire_d_apercu(numero: int, base: str | None) -> str:
    """Le commentaire de la pull request : l'adresse de l'aperçu, puis « Ce qui a changé » depuis `base`."""
    from macros import comparaison, difference_pages, editions

    lignes = [f"### Aperçu de la proposition n° {numero}", "",
              f"Le site et le livret tels que cette proposition les ferait, non publiés : {adresse_d_apercu(numero)}",
              "", "L'aperçu suit chaque modification de la proposition ; il est retiré quand elle est acceptée "
              "ou refermée.", ""]
    if base:
        dossier = dossier_courant(PROJET)
        avant = editions.relire(dossier, "base", ref=base)
        lignes += ["#### Ce qui a changé", ""]
        if avant.probleme:
            lignes.append(f"Comparaison impossible : {avant.probleme}")
        else:
            apres = charger(dossier / "data")
            lignes.append(comparaison.en_markdown(comparaison.comparer(avant.donnees, apres), base,
                                                  f"la proposition n° {numero}"))
            pages = difference_pages.comparer_pages(avant.pages, difference_pages.lire_pages(dossier / "docs"),
                                                    avant.donnees, apres)
            lignes.append(difference_pages.en_markdown(pages))
    return "\n".join(lignes).rstrip() + "\n"


def publier_apercu(numero: int, site: Path) -> None:
    """Remplace apercu/<numero>/ de gh-pages par le site construit `site` (un commit, hors de versions.json)."""
    fichiers = sorted(f for f in site.rglob("*") if f.is_file())
    if not (site / "index.html").is_file():
        raise Refus(f"aperçu introuvable : {site} ne contient pas de site construit (construire-apercu d'abord).")
    with git_utils.Commit(BRANCHE, f"Aperçu de la proposition n° {numero}", allow_empty=True) as commit:
        commit.delete_files([f"{APERCUS}/{numero}"])
        for fichier in fichiers:
            commit.add_file(git_utils.FileInfo(f"{APERCUS}/{numero}/{fichier.relative_to(site).as_posix()}",
                                               fichier.read_bytes()))


def retirer_apercu(numero: int) -> None:
    """Efface apercu/<numero>/ de gh-pages (proposition acceptée ou refermée) ; sans effet s'il n'y est pas."""
    try:
        with git_utils.Commit(BRANCHE, f"Aperçu de la proposition n° {numero} retiré") as commit:
            commit.delete_files([f"{APERCUS}/{numero}"])
    except git_utils.GitEmptyCommit:
        print(f"Aucun aperçu de la proposition n° {numero} sur {BRANCHE}.")


def pousser() -> None:
    """Envoie la branche gh-pages sur GitHub (le flux de publication seulement)."""
    subprocess.run(["git", "push", "origin", BRANCHE], cwd=PROJET, check=True)


def _mike(*arguments: str) -> None:
    """Lance mike dans le projet ; mike construit le site avec le `mkdocs` de cet environnement."""
    bin_ = Path(sys.executable).parent
    # PYTHONPATH : le moteur de ce projet (greffon projet-associatif), même si l'environnement en a un autre.
    env = {**os.environ, "PATH": f"{bin_}{os.pathsep}{os.environ.get('PATH', '')}", "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(RACINE), os.environ.get("PYTHONPATH")]))}
    subprocess.run([str(bin_ / "mike"), *arguments], cwd=PROJET, env=env, check=True)


def main(arguments: list[str] | None = None) -> int:
    """Point d'entrée : renvoie 0, ou 1 avec un message en français."""
    lecteur = argparse.ArgumentParser(description="Publie une version du projet associatif avec mike.")
    lecteur.add_argument("cible", choices=["brouillon", "edition", "erratum", "construire-apercu", "apercu",
                                           "retirer-apercu"])
    lecteur.add_argument("identifiant", nargs="?", help="l'édition adoptée, par exemple 2024-2028")
    lecteur.add_argument("--motif", help="erratum : ce qui est corrigé (inscrit sur gh-pages, editions.json)")
    lecteur.add_argument("--pousser", action="store_true", help="envoyer gh-pages sur GitHub")
    lecteur.add_argument("--base", help="aperçu : la branche où la proposition doit entrer (« Ce qui a changé »)")
    lecteur.add_argument("--sortie", type=Path, help="aperçu : dossier du site construit et du commentaire")
    options = lecteur.parse_args(arguments)
    # mike et git travaillent dans le dépôt courant : celui du projet.
    os.chdir(PROJET)
    try:
        if options.cible == "brouillon":
            publier_brouillon()
        elif options.cible in ("construire-apercu", "apercu", "retirer-apercu"):
            numero = options.identifiant or ""
            if not numero.isdigit() or int(numero) < 1:
                raise Refus(f"un aperçu se désigne par le numéro de la proposition (par exemple 42), pas "
                            f"« {numero} ».")
            if options.cible != "retirer-apercu" and options.sortie is None:
                raise Refus("indiquez le dossier de l'aperçu : --sortie DOSSIER.")
            if options.cible == "construire-apercu":
                construire_apercu(int(numero), options.sortie.resolve(), options.base)
            elif options.cible == "apercu":
                publier_apercu(int(numero), options.sortie.resolve() / "site")
            else:
                retirer_apercu(int(numero))
        elif not options.identifiant:
            raise Refus("indiquez l'édition à publier, par exemple : publier.py edition 2024-2028.")
        elif options.cible == "erratum" and not (options.motif or "").strip():
            raise Refus("un erratum dit ce qu'il corrige : --motif \"…\".")
        else:
            publier_edition(options.identifiant.removeprefix(PREFIXE_ETIQUETTE),
                            options.motif.strip() if options.cible == "erratum" else None)
        if options.pousser:
            pousser()
    except (Refus, PluginError) as erreur:
        print(f"Publication refusée : {erreur}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as erreur:
        print(f"Publication interrompue : « {' '.join(map(str, erreur.cmd))} » a échoué (voir ci-dessus).",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
