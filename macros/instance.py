"""L'instance construite : le dossier d'une structure (instance.yml, docs/, data/), séparé du moteur.

MkDocs lit le moteur (mkdocs.yml) ; le fichier instance.yml de la structure est une donnée d'éditeur : lu par le
lecteur YAML du projet (ni étiquette, ni alias, ni `!ENV`, chaque ligne retenue), validé par une liste fermée de
clés (macros/modeles/instance.py), puis posé dans la configuration par `appliquer`, au début de la construction
(crochet on_config), ses textes échappés là où le thème les écrit. La variable INSTANCE_DOCS, posée par
`make … INSTANCE=<dossier>`, désigne une autre structure que celle du haut du dépôt : son instance.yml et ses
données sont toujours à côté de ses pages (<dossier>/instance.yml, <dossier>/data).
"""
from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from . import surete
from .erreurs import ErreurDonnees, ErreursDonnees
from .modeles.instance import REFUSEES, Instance, chemin_relatif, url_https
from .typographie import texte_publie
from .yaml_lignes import Chemin, chemin_lisible, lire_yaml

RACINE = Path(__file__).resolve().parents[1]
FICHIER = "instance.yml"
# Les textes que les gabarits du thème écrivent sans les échapper.
TEXTES = ("site_name", "site_description", "site_author", "copyright", "repo_name")
# Ceux que le lecteur lit (en-tête, onglet, pied de page, description que montrent les moteurs de recherche) : à la
# typographie des pages.
LUS = ("site_name", "site_description", "copyright")


def variables(dossier: Path | str) -> dict[str, str]:
    """Les variables d'environnement qui font construire l'instance `dossier` par mkdocs (ou mike)."""
    return {"INSTANCE_DOCS": str(Path(dossier) / "docs")}


def dossier_de(config) -> Path:
    """Le dossier de l'instance d'une configuration MkDocs chargée : celui qui contient ses docs/."""
    return Path(config["docs_dir"]).resolve().parent


def dossier_courant(racine: Path = RACINE) -> Path:
    """Hors de MkDocs (publication, tests) : le dossier de l'instance désignée par l'environnement."""
    docs = os.environ.get("INSTANCE_DOCS")
    return (racine / docs).resolve().parent if docs else racine


def _affiche(chemin: Path, racine: Path) -> str:
    chemin = chemin.resolve()
    return chemin.relative_to(racine.resolve()).as_posix() if chemin.is_relative_to(racine.resolve()) else str(chemin)


def lire(dossier: Path, racine: Path = RACINE) -> tuple[Instance, dict, dict[Chemin, int]]:
    """instance.yml du dossier, lu et validé : (modèle, valeurs telles qu'écrites, ligne de chaque champ)."""
    dossier, racine = dossier.resolve(), racine.resolve()
    affiche = _affiche(dossier / FICHIER, racine)
    if not (dossier / FICHIER).exists() and not (dossier / FICHIER).is_symlink():
        raise ErreurDonnees(affiche, None, None, "fichier introuvable : chaque structure a son instance.yml à côté "
                            "de son dossier docs/ (voir exemples/modele/instance.yml).")
    brut, lignes = lire_yaml(dossier / FICHIER, affiche)
    if not isinstance(brut, dict):
        raise ErreurDonnees(affiche, 1, None, "des champs « clé: valeur » sont attendus (site_name, nav…).")
    erreurs = _cles_refusees(brut, lignes, affiche)
    if erreurs:
        raise ErreursDonnees(erreurs)
    from .donnees import _traduire  # les messages pydantic en français, comme pour data/

    try:
        modele = Instance.model_validate(brut)
    except ValidationError as erreur:
        raise ErreursDonnees(_traduire(erreur, Instance, affiche, lignes, dossier / FICHIER)) from None
    docs = dossier / "docs"
    erreurs = list(_verifier_nav(brut["nav"], lignes, docs, affiche))
    for i, pdf in enumerate(modele.extra.pdf):
        for j, page in enumerate(pdf.pages or []):
            if not (docs / page).is_file():
                erreurs.append(_erreur(affiche, lignes, ("extra", "pdf", i, "pages", j),
                                       f"page introuvable dans docs/ : « {page} »{_proche(page, docs)}"))
    if erreurs:
        raise ErreursDonnees(sorted(erreurs, key=lambda e: e.ligne or 0))
    return modele, brut, lignes


def _ligne(lignes: dict[Chemin, int], chemin: Chemin) -> int | None:
    while chemin not in lignes and chemin:
        chemin = chemin[:-1]
    return lignes.get(chemin)


def _erreur(affiche: str, lignes: dict[Chemin, int], chemin: Chemin, message: str) -> ErreurDonnees:
    return ErreurDonnees(affiche, _ligne(lignes, chemin), chemin_lisible(chemin), message)


def _cles_refusees(brut: dict, lignes: dict[Chemin, int], affiche: str) -> list[ErreurDonnees]:
    """Les clés de MkDocs qu'une structure n'a pas à écrire, chacune avec sa raison."""
    trouvees = [((cle,), cle) for cle in brut if cle in REFUSEES]
    if isinstance(brut.get("extra"), dict):
        trouvees += [(("extra", cle), cle) for cle in brut["extra"] if cle in REFUSEES]
    if isinstance(brut.get("theme"), dict):
        trouvees += [(("theme", cle), cle) for cle in brut["theme"] if cle != "palette"]
    return [_erreur(affiche, lignes, chemin, f"clé refusée dans le fichier d'une structure : "
                    f"{REFUSEES.get(cle, 'le thème appartient au moteur ; une structure ne règle que sa palette')}.")
            for chemin, cle in trouvees]


def _proche(nom: str, docs: Path) -> str:
    pages = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")] if docs.is_dir() else []
    proches = difflib.get_close_matches(nom, pages, n=1)
    return f". Vouliez-vous écrire « {proches[0]} » ?" if proches else ""


def _verifier_nav(nav: Any, lignes: dict[Chemin, int], docs: Path, affiche: str):
    """Chaque entrée de la navigation : « Titre: page.md », une page seule, ou « Titre: » suivi d'une liste ;
    un titre est un texte d'une ligne, une page un fichier .md de docs/ (ou une adresse https)."""
    def entree(valeur: Any, chemin: Chemin):
        if isinstance(valeur, str):
            yield from cible(valeur, chemin)
        elif isinstance(valeur, dict) and len(valeur) == 1:
            titre, contenu = next(iter(valeur.items()))
            if not isinstance(titre, str) or not titre.strip() or len(titre) > 200:
                yield _erreur(affiche, lignes, chemin, "un titre de navigation est un texte d'une ligne (200 "
                              f"caractères au plus) ; trouvé : « {str(titre)[:60]} ».")
            elif isinstance(contenu, list) and contenu:
                for i, enfant in enumerate(contenu):
                    yield from entree(enfant, chemin + (titre, i))
            elif isinstance(contenu, str):
                yield from cible(contenu, chemin + (titre,))
            else:
                yield _erreur(affiche, lignes, chemin + (titre,), "après « Titre: », le nom d'une page de docs/ "
                              "(page.md) ou une liste de pages est attendu.")
        else:
            yield _erreur(affiche, lignes, chemin, "une entrée de navigation s'écrit « - Titre: page.md » (une "
                          "seule par ligne), « - page.md », ou « - Titre: » suivi de ses pages.")

    def cible(valeur: str, chemin: Chemin):
        if valeur.startswith(("http:", "https:", "//")) or ":" in valeur.split("/")[0]:
            try:
                url_https(valeur)
            except PydanticCustomError:
                yield _erreur(affiche, lignes, chemin, "un lien vers un autre site s'écrit en « https:// », sans "
                              f"espace ni guillemet ; trouvé : « {valeur[:60]} ».")
            return
        try:
            chemin_relatif(valeur, ".md")
        except PydanticCustomError:
            yield _erreur(affiche, lignes, chemin, "une page de docs/ est attendue (par exemple valeurs.md ou "
                          f"offre/index.md, sans « .. » ni « / » au début) ; trouvé : « {valeur[:60]} ».")
            return
        if not (docs / valeur).is_file():
            yield _erreur(affiche, lignes, chemin, f"page introuvable dans docs/ : « {valeur} »"
                          f"{_proche(valeur, docs)}")

    if not isinstance(nav, list):
        yield _erreur(affiche, lignes, ("nav",), "une liste de pages est attendue (lignes commençant par « - »).")
        return
    for i, element in enumerate(nav):
        yield from entree(element, ("nav", i))


def valeurs_mkdocs(modele: Instance, brut: dict, dossier: Path, racine: Path = RACINE) -> dict:
    """Les réglages de MkDocs que donne l'instance (textes tels qu'écrits), avec les valeurs par défaut que MkDocs
    aurait déduites (barre finale de site_url, nom et chemin de modification du dépôt)."""
    valeurs = modele.model_dump(exclude={"theme", "extra", "nav"}, exclude_none=True)
    valeurs["nav"] = brut["nav"]
    valeurs["extra"] = modele.extra.model_dump(exclude_defaults=True)
    if "site_url" in valeurs and not valeurs["site_url"].endswith("/"):
        valeurs["site_url"] += "/"
    if "repo_url" in valeurs:
        hote = valeurs["repo_url"].split("/")[2].lower()
        valeurs.setdefault("repo_name", {"github.com": "GitHub", "gitlab.com": "GitLab",
                                         "bitbucket.org": "Bitbucket"}.get(hote, hote))
        if hote in ("github.com", "gitlab.com"):
            docs = dossier.resolve() / "docs"
            if docs.is_relative_to(racine.resolve()):
                valeurs.setdefault("edit_uri", f"edit/main/{docs.relative_to(racine.resolve()).as_posix()}/")
    return valeurs


def _palette(palettes: Any, modele: Instance) -> None:
    """Les couleurs de la structure, dans chaque mode (clair, sombre) de la palette du moteur."""
    if modele.theme is None:
        return
    couleurs = modele.theme.palette.model_dump(exclude_none=True)
    for palette in palettes if isinstance(palettes, list) else [palettes]:
        if isinstance(palette, dict):
            palette.update(couleurs)


def _inerte_nav(nav: list) -> list:
    """La navigation, ses titres échappés (Material les écrit tels quels ; mkdocs-macros rendrait leurs « {{ »)."""
    def entree(valeur):
        if isinstance(valeur, dict):
            titre, contenu = next(iter(valeur.items()))
            return {surete.texte_inerte(titre): [entree(e) for e in contenu] if isinstance(contenu, list) else contenu}
        return valeur
    return [entree(e) for e in nav]


def appliquer(config) -> None:
    """on_config : instance.yml de la structure construite, validé, posé dans la configuration de MkDocs ; ses
    textes échappés là où le thème les écrit tels quels. Ce que nomme instance.yml (pages, PDF, feuilles) reste
    dans le dossier de la structure ; le dossier lui-même est celui que désigne la commande (`make … INSTANCE=`,
    qui le veut dans le dépôt)."""
    racine = Path(config.config_file_path).resolve().parent
    docs = Path(config["docs_dir"]).resolve()
    modele, brut, _ = lire(docs.parent, racine)
    valeurs = valeurs_mkdocs(modele, brut, docs.parent, racine)
    for cle in TEXTES:
        if cle in valeurs:
            valeurs[cle] = surete.texte_inerte(texte_publie(valeurs[cle]) if cle in LUS else valeurs[cle])
    valeurs["nav"] = _inerte_nav(valeurs["nav"])
    # extra.social : Material échappe lui-même le nom (`| e`) ; l'adresse, vérifiée, n'a ni guillemet ni chevron.
    extra = valeurs.pop("extra")
    for cle, valeur in valeurs.items():
        config[cle] = valeur
    for cle, valeur in extra.items():
        config["extra"][cle] = valeur
    _palette(config["theme"]["palette"], modele)


def reglages(dossier: Path, racine: Path = RACINE) -> dict:
    """instance.yml tel qu'écrit (nom, adresse, navigation, PDF), validé, sans charger MkDocs ni ses extensions."""
    return lire(dossier, racine)[1]


class _Chargeur(yaml.SafeLoader):
    """Lit mkdocs.yml (le moteur, pas un fichier d'éditeur) comme MkDocs pour ses balises !ENV [VARIABLE, défaut]."""


def _env(chargeur, noeud):
    import yaml_env_tag  # dépendance de MkDocs : la même lecture de !ENV que lui

    return yaml_env_tag.construct_env_tag(chargeur, noeud)


_Chargeur.add_constructor("!ENV", _env)


def configuration(racine: Path = RACINE) -> dict:
    """mkdocs.yml lu tel qu'écrit, complété par l'instance.yml de la structure désignée par l'environnement
    (textes tels qu'écrits) : ce que la construction reçoit, sans charger MkDocs (publication, banc)."""
    import mergedeep  # dépendance de MkDocs

    moteur = yaml.load((racine / "mkdocs.yml").read_text(encoding="utf-8"), _Chargeur) or {}
    dossier = dossier_courant(racine)
    modele, brut, _ = lire(dossier, racine)
    config = mergedeep.merge(moteur, valeurs_mkdocs(modele, brut, dossier, racine))
    _palette(config.get("theme", {}).get("palette"), modele)
    return config
