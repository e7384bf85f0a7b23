"""`make nouvelle-structure DOSSIER=../vierzon NOM="Mission Locale de Vierzon"` : le dépôt d'une structure.

Un dépôt à elle, hors de celui du moteur : sa configuration (mkdocs.yml de quelques lignes, instance.yml), ses
docs/ et data/ (copiés de la structure modèle, exemples/modele/), ses flux (vérification, publication), un
requirements.txt qui fixe la version du moteur, un README et un Makefile (`make serve`, `make test`). Aucun
fichier du moteur n'y est copié : il s'installe. Le nom est écrit dans le YAML par un sérialiseur, jamais
recopié tel quel. Rien n'est écrit si le dossier n'est pas vide ou si un argument manque.
"""
from __future__ import annotations

import argparse
import importlib.metadata
import re
import shutil
import sys
import tempfile
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from publication.version_du_moteur import etiquette_du_moteur

from . import chemins

PAQUET = "projet-associatif-moteur"
NOM_DU_MODELE = "Mission Locale modèle"
DEPOT = Path(__file__).resolve().parent / "depot_structure"
_IGNORES = shutil.ignore_patterns("site", ".site-*", "__pycache__", "tests")
# Fichiers du modèle de dépôt → leur nom dans la structure (le paquet ne garde pas les noms en « . »).
_RENOMMES = {"gitignore": ".gitignore", "github": ".github"}
_GABARITS = ("README.md", "requirements.txt")
_ENTETE_INSTANCE = """\
# Le réglage de la structure : qui elle est, l'ordre de ses pages, les PDF qu'elle fabrique. Le reste (apparence,
# recherche, fabrication du livret) vient du moteur, installé à la version de requirements.txt.
"""


class Refus(Exception):
    """Une création impossible, expliquée en français."""


def source_du_moteur() -> str:
    """L'adresse du dépôt du moteur (pyproject.toml, `[project.urls]`)."""
    adresses = importlib.metadata.metadata(PAQUET).get_all("Project-URL") or []
    return dict(a.split(", ", 1) for a in adresses)["Source"]


def exigence_du_moteur() -> str:
    """La ligne de requirements.txt : le moteur à la version installée, depuis son dépôt (étiquette git)."""
    version = importlib.metadata.version(PAQUET)
    return f"{PAQUET}[tests] @ git+{source_du_moteur()}@{etiquette_du_moteur(version)}"


def scalaire_yaml(valeur: str) -> str:
    """`valeur` écrite en YAML sur une ligne, entre guillemets si son texte l'exige (« : », « # », apostrophe…)."""
    texte = yaml.safe_dump(valeur, allow_unicode=True, default_flow_style=True, width=10**6)
    return texte.removesuffix("\n...\n").strip()


def _renommer_dans_yaml(texte: str, ancien: str, nouveau: str) -> str:
    """Chaque valeur d'une ligne `clé: valeur` qui contient `ancien` est réécrite avec `nouveau`, sérialisée."""
    def ligne(correspondance: re.Match) -> str:
        valeur = yaml.safe_load(correspondance[2])
        if not isinstance(valeur, str) or ancien not in valeur:
            return correspondance[0]
        return correspondance[1] + scalaire_yaml(valeur.replace(ancien, nouveau))
    return re.sub(r"^(\s*(?:-\s+)?[\w-]+:\s+)(.*\S)$", ligne, texte, flags=re.M)


def _instance(texte: str, nom: str) -> str:
    """instance.yml du modèle, au nom de la structure, avec l'adresse d'édition d'un dépôt à elle."""
    texte = re.sub(r"\A(#.*\n)+\n?", _ENTETE_INSTANCE + "\n", texte)
    texte = _renommer_dans_yaml(texte, NOM_DU_MODELE, nom)
    return re.sub(r"^edit_uri: .*$", "edit_uri: " + scalaire_yaml("edit/main/docs/"), texte, flags=re.M)


def creer(dossier: Path, nom: str, moteur: str | None = None, racine_du_moteur: Path | None = None) -> Path:
    """Écrit le dépôt de la structure `nom` dans `dossier` (absent ou vide) ; renvoie le dossier créé.
    `moteur` : la ligne de requirements.txt (par défaut, le moteur installé, à son étiquette)."""
    nom = " ".join(nom.split())
    if not str(dossier).strip() or not nom:
        raise Refus("il faut un dossier et un nom, par exemple : make nouvelle-structure "
                    'DOSSIER=../vierzon NOM="Mission Locale de Vierzon"')
    if len(nom) > 120 or not nom.isprintable():
        raise Refus("le nom doit tenir sur une ligne de 120 caractères au plus, sans caractère de contrôle ; rien "
                    "n'a été écrit.")
    cible = Path(dossier).resolve()
    if cible.exists() and (not cible.is_dir() or any(cible.iterdir())):
        raise Refus(f"le dossier {dossier} n'est pas vide : choisissez un dossier neuf (rien n'a été écrit).")
    racine_du_moteur = (racine_du_moteur or chemins.MODELE.parents[1]).resolve()
    if (racine_du_moteur / "pyproject.toml").is_file() and cible.is_relative_to(racine_du_moteur):
        raise Refus(f"le dossier {dossier} est dans le dépôt du moteur : une structure a son propre dépôt, "
                    "à côté (par exemple DOSSIER=../vierzon). Rien n'a été écrit.")
    moteur = moteur or exigence_du_moteur()
    cible.parent.mkdir(parents=True, exist_ok=True)
    # Écrit à côté, puis renommé : une erreur en chemin ne laisse pas de dossier à moitié écrit.
    with tempfile.TemporaryDirectory(dir=cible.parent) as temporaire:
        copie = Path(temporaire) / "structure"
        shutil.copytree(chemins.MODELE, copie, ignore=_IGNORES)
        for fichier in copie.rglob("*.yml"):
            texte = fichier.read_text(encoding="utf-8")
            texte = _instance(texte, nom) if fichier == copie / "instance.yml" else \
                _renommer_dans_yaml(texte, NOM_DU_MODELE, nom)
            fichier.write_text(texte, encoding="utf-8")
        gabarits = Environment(loader=FileSystemLoader(DEPOT), undefined=StrictUndefined, keep_trailing_newline=True)
        for source in sorted(DEPOT.rglob("*")):
            if source.is_dir():
                continue
            relatif = source.relative_to(DEPOT)
            destination = copie.joinpath(*(_RENOMMES.get(p, p) for p in relatif.parts))
            destination.parent.mkdir(parents=True, exist_ok=True)
            if relatif.as_posix() in _GABARITS:
                texte = gabarits.get_template(relatif.as_posix()).render(nom=nom, moteur=moteur,
                                                                         source=source_du_moteur())
                destination.write_text(texte, encoding="utf-8")
            else:
                shutil.copyfile(source, destination)
        _verifier(copie)
        if cible.exists():
            cible.rmdir()
        copie.rename(cible)
    return cible


def _verifier(copie: Path) -> None:
    """instance.yml écrit se relit et se valide (macros/instance.py), sinon rien n'est écrit."""
    from .erreurs import ErreurDonnees, ErreursDonnees
    from .instance import lire

    try:
        lire(copie, copie)
    except (ErreurDonnees, ErreursDonnees) as erreur:
        raise Refus(f"le nom donné rend instance.yml invalide ({erreur}) ; rien n'a été écrit.") from None


def main(arguments: list[str]) -> int:
    lecteur = argparse.ArgumentParser(description="Crée le dépôt d'une nouvelle structure.")
    lecteur.add_argument("dossier", nargs="?", default="")
    lecteur.add_argument("nom", nargs="?", default="")
    lecteur.add_argument("--moteur", help="la ligne du moteur dans requirements.txt (une roue, par exemple)")
    options = lecteur.parse_args(arguments)
    try:
        cible = creer(Path(options.dossier), options.nom, options.moteur)
    except Refus as refus:
        print(f"Nouvelle structure : {refus}", file=sys.stderr)
        return 1
    print(f"{' '.join(options.nom.split())} : dépôt créé dans {cible}.")
    print(f"Ensuite : cd {options.dossier} && git init && make serve (le site en direct) ou make test.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
