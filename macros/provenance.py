"""D'où vient une page : le fichier que « Modifier cette page » ouvre, et la date de sa dernière modification.

La date « Mis à jour le … » est la plus récente, d'après l'historique git, de la page et des fichiers de
données dont elle montre le contenu : ceux que les macros ont lus pendant son rendu (un chiffre cité, une
liste, un graphique ; `Donnees.fichiers_lus`) et ceux des variables que son texte nomme.

Une page qui montre surtout des données peut aussi déclarer dans son en-tête, ou dans `page.meta` avant le
rendu des macros, le fichier à modifier à sa place :

    fichier_source: data/historique.yml        # ou une liste de chemins, le premier est celui à modifier

Chemins écrits depuis le dossier de la structure (celui de son instance.yml). Le bouton « Modifier cette page »
mène alors à ce fichier.
"""
from __future__ import annotations

import datetime
import difflib
import subprocess
from pathlib import Path
from urllib.parse import urljoin

from . import caches, chemins, format as fmt
from .erreurs import ErreurDonnees
from .instance import dossier_de

CLE = "fichier_source"


def renseigner(page, config, historique: Historique, lus: list[str] = ()) -> None:
    """Pose sur la page son lien « Modifier cette page » et `page.meta["mis_a_jour"]` (iso, texte).

    `historique` : celui de la construction ; `lus` : les fichiers de données (chemins depuis la racine du
    projet) dont la page montre le contenu."""
    projet = dossier_de(config)  # l'instance : fichier_source s'écrit depuis son dossier (data/…)
    declares = _declares(page, projet)
    if declares:
        racine = _racine_edition(config, projet)
        page.edit_url = urljoin(config.repo_url.rstrip("/") + "/", racine + declares[0]) if racine else None
    propre = _dans_le_projet(page.file.abs_src_path, projet)
    fichiers = [*([propre] if propre else []), *declares, *lus]
    page.meta["fichiers_lus"] = sorted(set(fichiers))
    dates = [d for d in map(historique.date, fichiers) if d]
    if dates:
        jour = max(dates)
        page.meta["mis_a_jour"] = {"iso": jour.isoformat(), "texte": fmt.date_longue(jour)}


class Historique:
    """Chemin depuis le dossier de la structure → date de son dernier commit, lu au premier besoin et une fois par
    construction (macros/contexte.py) : un seul `git log` coûte moins que un par page (0,02 s contre 0,14 s pour
    les 26 pages du site par défaut), et un commit fait pendant `make serve` compte dès la construction suivante."""

    def __init__(self, projet: Path) -> None:
        self.projet = projet
        self._dates: dict[str, datetime.date] | None = None

    def date(self, fichier: str) -> datetime.date | None:
        """Date du dernier commit qui a touché `fichier` ; None sans git, hors dépôt ou pour un fichier jamais
        validé."""
        if self._dates is None:
            self._dates = _lire_historique(self.projet)
        return self._dates.get(fichier)


# core.quotePath=false : un nom accentué est écrit tel quel. dense-combined : un fichier changé par un commit de
# fusion lui-même (et non par une branche fusionnée) compte, comme pour `git log -1`.
_GIT_LOG = ("git", "-c", "core.quotePath=false", "log", "--format=%x00%cs", "--name-only",
            "--diff-merges=dense-combined", "--relative", "--", ".")


def _lire_historique(projet: Path) -> dict[str, datetime.date]:
    """Les dates de l'historique ; la sortie de `git log` reprise de .cache/historique/ tant que le dernier commit
    est le même (parcourir l'historique prenait un dixième de seconde par construction, et croît avec lui)."""
    try:
        # Le dernier commit, et la liste des commits où s'arrête un clone partiel (elle change quand on l'approfondit).
        tete = subprocess.run(["git", "rev-parse", "HEAD", "--git-path", "shallow"], cwd=projet, capture_output=True,
                              text=True, check=False)
        commit, _, partiel = tete.stdout.partition("\n")
        partiel = projet / partiel.strip()
        bornes = partiel.read_text(encoding="utf-8") if tete.returncode == 0 and partiel.is_file() else ""
        gardee = chemins.CACHE / "historique" / f"{caches.empreinte((commit, bornes, str(projet.resolve()), _GIT_LOG))}.txt"
        if tete.returncode == 0 and gardee.is_file():
            return _dates_du_journal(gardee.read_text(encoding="utf-8"))
        sortie = subprocess.run(_GIT_LOG, cwd=projet, capture_output=True, text=True, check=False)
    except OSError:
        return {}
    if sortie.returncode != 0:
        return {}
    if tete.returncode == 0:
        caches.ecrire(gardee, sortie.stdout)
    return _dates_du_journal(sortie.stdout)


def _dates_du_journal(journal: str) -> dict[str, datetime.date]:
    """Chemin → date du dernier commit qui l'a changé, d'après la sortie de _GIT_LOG."""
    dates: dict[str, datetime.date] = {}
    for commit in journal.split("\0")[1:]:
        jour, *fichiers = commit.strip().splitlines()
        date = datetime.date.fromisoformat(jour)
        for fichier in filter(None, fichiers):
            dates[fichier] = max(date, dates.get(fichier, date))
    return dates


def _declares(page, projet: Path) -> list[str]:
    """Les fichiers que la page déclare dans `fichier_source`, vérifiés : chacun doit exister dans le dépôt."""
    valeur = page.meta.get(CLE) or []
    chemins = [valeur] if isinstance(valeur, str) else list(valeur)
    for chemin in chemins:
        if not isinstance(chemin, str) or not (projet / chemin).is_file():
            raise ErreurDonnees(f"docs/{page.file.src_uri}", _ligne_de_la_cle(page), CLE,
                                _fichier_introuvable(chemin, projet))
    return chemins


def _fichier_introuvable(chemin: object, projet: Path) -> str:
    """Le message pour un `fichier_source` introuvable : les chemins s'écrivent depuis le dossier de la structure
    (celui de son instance.yml), comme ses pages les voient ; le fichier le plus proche est proposé."""
    existants = sorted(f.relative_to(projet).as_posix() for dossier in ("data", "docs")
                       for f in (projet / dossier).rglob("*") if f.is_file())
    # Un chemin écrit depuis la racine du dépôt (« exemples/x/data/territoire.yml ») : sa fin est le bon chemin.
    fins = [e for e in existants if isinstance(chemin, str) and chemin.endswith("/" + e)]
    proches = fins or difflib.get_close_matches(str(chemin), existants, n=1)
    conseil = f" Vouliez-vous écrire « {proches[0]} » ?" if proches else ""
    return (f"« {chemin} » n'est pas un fichier de la structure. Écrire un chemin depuis le dossier de la "
            f"structure (celui de son instance.yml), par exemple data/structure.yml.{conseil}")


def _racine_edition(config, projet: Path) -> str | None:
    """« edit/main/ » pour `edit_uri: edit/main/docs/` : l'adresse d'édition d'un fichier hors de docs/."""
    edit_uri = config.edit_uri or ""
    docs = Path(config.docs_dir).resolve().relative_to(projet).as_posix() + "/"
    return edit_uri.removesuffix(docs) if edit_uri.endswith(docs) else None


def _dans_le_projet(chemin: str | None, projet: Path) -> str | None:
    """Le chemin du fichier depuis la racine du projet, ou None pour une page générée hors du projet."""
    if not chemin:
        return None
    try:
        return Path(chemin).resolve().relative_to(projet).as_posix()
    except ValueError:
        return None


def _ligne_de_la_cle(page) -> int | None:
    """La ligne de `fichier_source:` dans l'en-tête de la page, pour que l'éditeur la retrouve."""
    lignes = page.file.content_string.splitlines()
    return next((i for i, ligne in enumerate(lignes, 1) if ligne.startswith(f"{CLE}:")), None)
