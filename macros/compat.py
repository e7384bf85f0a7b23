"""Les seules adaptations du fonctionnement interne d'autres bibliothèques, toutes ici.

Chacune dit pour quelles versions elle est écrite et vérifie, avant de s'appliquer, que ce qu'elle touche
existe encore : une mise à jour qui la casse arrête la construction avec un message français, au lieu d'une
panne silencieuse. tests/test_compat.py montre que chacune s'applique encore. Le reste du code n'utilise que
les interfaces publiques. (docs/assets/js/recherche.js enveloppe le worker de recherche de Material : il ne
peut vivre dans ce module Python, mais sa version est vérifiée ici avec celle de Material.)
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import logging
import sys
import types
from collections.abc import Callable
from importlib.metadata import version
from types import SimpleNamespace
from typing import Any

from mkdocs.exceptions import PluginError

# Bibliothèque → (version la plus ancienne, version exclue) pour lesquelles les adaptations sont écrites.
VERSIONS = {
    "mkdocs": ("1.6", "1.7"),
    "mkdocs-macros-plugin": ("1.5", "1.6"),
    "mkdocs-material": ("9.8", "9.9"),
    "mike": ("2.2", "2.3"),
    "pydyf": ("0.13", "0.14"),
    "weasyprint": ("70", "71"),
}


class AdaptationPerimee(PluginError):
    """Une adaptation ne s'applique plus à la version installée."""


def _tuple(texte: str) -> tuple[int, ...]:
    return tuple(int(p) for p in texte.split(".")[:3] if p.isdigit())


@functools.cache
def _version_installee(paquet: str) -> str:
    """La version installée, lue une fois par processus (chaque lecture parcourt les paquets installés, et la
    vérification se fait à chaque page)."""
    return version(paquet)


def verifier_version(paquet: str) -> None:
    """Arrête avec un message français si `paquet` sort de l'intervalle pour lequel l'adaptation est écrite."""
    bas, haut = VERSIONS[paquet]
    installee = _version_installee(paquet)
    if not _tuple(bas) <= _tuple(installee) < _tuple(haut):
        raise AdaptationPerimee(
            f"macros/compat.py : {paquet} {installee} est installé, mais l'adaptation de ses mécanismes internes "
            f"est écrite pour les versions {bas} à {haut} (exclue). Vérifiez-la (tests/test_compat.py), puis "
            "mettez à jour VERSIONS, ou revenez à la version de requirements.lock.")


def exiger(condition: bool, paquet: str, quoi: str) -> None:
    """Arrête si ce que touche une adaptation a disparu (renommé, déplacé) dans la version installée."""
    if not condition:
        raise AdaptationPerimee(
            f"macros/compat.py : {quoi} n'existe plus dans {paquet} {version(paquet)}. L'adaptation doit être "
            "revue avant de construire le site.")


# ── mkdocs-macros : environnement Jinja en bac à sable ──────────────────────────────────────────────────────
def environnement_macros(plugin: Any) -> Any:
    """L'environnement Jinja que mkdocs-macros a créé (attribut privé `_env`, 1.5)."""
    verifier_version("mkdocs-macros-plugin")
    exiger("_env" in vars(plugin), "mkdocs-macros-plugin", "l'attribut « _env » du greffon macros")
    return plugin._env


def remplacer_environnement_macros(plugin: Any, environnement: Any) -> None:
    """mkdocs-macros crée un `jinja2.Environment` ordinaire et n'offre aucun moyen d'en changer la classe."""
    environnement_macros(plugin)
    plugin._env = environnement


# ── mkdocs-macros : le greffon du moteur en hérite ──────────────────────────────────────────────────────────
def greffon_macros() -> type:
    """`mkdocs_macros.plugin.MacrosPlugin`, dont macros/greffon.py hérite : ses événements (on_config, on_nav,
    on_serve, on_page_markdown, on_post_build) et ses options sont ceux de mkdocs-macros 1.5."""
    verifier_version("mkdocs-macros-plugin")
    requests_a_la_demande()
    sans_informations_git()
    from mkdocs_macros.plugin import MacrosPlugin
    for evenement in ("on_config", "on_nav", "on_serve", "on_page_markdown", "on_post_build"):
        exiger(hasattr(MacrosPlugin, evenement), "mkdocs-macros-plugin", f"MacrosPlugin.{evenement}")
    return MacrosPlugin


# ── mkdocs-macros : pas de variable `git` ───────────────────────────────────────────────────────────────────
def sans_informations_git() -> None:
    """mkdocs-macros 1.5 lance treize commandes git à chaque construction (`context.get_git_info`) pour la variable
    `git` des pages (auteur, courriel et message du dernier commit…), que le moteur retire de leur portée
    (macros/surete.py, VARIABLES_RETIREES). Elle reçoit ce que mkdocs-macros y met quand git échoue."""
    from mkdocs_macros import context
    exiger(callable(getattr(context, "get_git_info", None)), "mkdocs-macros-plugin", "context.get_git_info")
    context.get_git_info = _sans_git


def _sans_git() -> dict:
    return {"status": False, "date": None}


# ── mkdocs-macros : requests chargé à son premier usage ─────────────────────────────────────────────────────
class _RequestsADemande(types.ModuleType):
    """Tient la place de `requests` dans sys.modules jusqu'à son premier usage : alors le vrai module se charge,
    prend sa place et répond (un `import requests` ne lit que ce qui existe déjà : `__spec__`, vide ici)."""

    def __getattr__(self, nom: str) -> Any:
        if sys.modules.get("requests") is self:
            del sys.modules["requests"]
        return getattr(importlib.import_module("requests"), nom)


def requests_a_la_demande() -> None:
    """mkdocs-macros 1.5 importe `requests` au chargement (mkdocs_macros.util) et ne s'en sert que pour chercher
    un « pluglet » sur PyPI, ce que le moteur ne fait jamais (il ne fait aucune requête). requests, urllib3 et
    charset_normalizer ne se chargent donc qu'à leur premier usage : un dixième de seconde de moins à chaque
    construction."""
    if "requests" not in sys.modules and importlib.util.find_spec("requests") is not None:
        sys.modules["requests"] = _RequestsADemande("requests")


# ── MkDocs : dossiers de gabarits du thème ──────────────────────────────────────────────────────────────────
def ajouter_au_theme(theme: Any, dossier: str) -> None:
    """Le dossier `dossier` en tête des gabarits du thème, comme `custom_dir` (liste `Theme.dirs` de MkDocs 1.6,
    lue quand le thème crée son environnement Jinja, après on_config)."""
    verifier_version("mkdocs")
    exiger(isinstance(getattr(theme, "dirs", None), list), "mkdocs", "la liste Theme.dirs")
    if dossier not in theme.dirs:
        theme.dirs.insert(0, dossier)


# ── mkdocs-macros : rapport d'erreur d'une page ─────────────────────────────────────────────────────────────
def rapport_d_erreur_macros() -> Any:
    """La fonction générique `format_error` de mkdocs-macros (module `mkdocs_macros.errors`, non documenté)."""
    verifier_version("mkdocs-macros-plugin")
    try:
        from mkdocs_macros.errors import format_error
    except ImportError:
        format_error = None
    exiger(format_error is not None and hasattr(format_error, "register"), "mkdocs-macros-plugin",
           "mkdocs_macros.errors.format_error (singledispatch)")
    return format_error


# ── MkDocs : message d'abandon ──────────────────────────────────────────────────────────────────────────────
def classe_abandon() -> type:
    """`mkdocs.exceptions.Abort`, dont le message final (« Aborted with… ») est traduit à sa création."""
    verifier_version("mkdocs")
    from mkdocs import exceptions
    exiger(hasattr(exceptions, "Abort"), "mkdocs", "mkdocs.exceptions.Abort")
    return exceptions.Abort


def franciser_abandon(traduire: Callable[[str], str]) -> None:
    """Le message final d'un échec (« Aborted with… ») traduit à la création de `Abort`, que MkDocs affiche tel
    quel : son `__init__` est enveloppé (une seule fois)."""
    abandon = classe_abandon()
    if getattr(abandon, "francise", False):
        return
    creer = abandon.__init__

    def __init__(self, message: str, *arguments, **options) -> None:
        creer(self, traduire(message), *arguments, **options)

    abandon.__init__, abandon.francise = __init__, True


# ── Journaux d'autres bibliothèques, dont le moteur réécrit les messages anglais en français ────────────────
def journal(paquet: str, nom: str) -> logging.Logger:
    """Le journal `nom` de `paquet` : les messages que macros/erreurs.py et macros/messages.py reconnaissent (leur
    texte anglais, le nom du journal) sont ceux des versions de VERSIONS."""
    verifier_version(paquet)
    return logging.getLogger(nom)


# ── WeasyPrint : sous-modules (journal, polices, chargement des ressources) ─────────────────────────────────
def weasyprint_interne() -> SimpleNamespace:
    """Ce que livret/rendu.py prend hors du module principal de WeasyPrint 70 : son journal, la configuration
    des polices, la classe qui charge chaque ressource (remplacée pour ne lire que le site construit)."""
    verifier_version("weasyprint")
    from weasyprint import logger, urls
    from weasyprint.text import fonts
    noms = {"LOGGER": logger, "FontConfiguration": fonts, "URLFetcher": urls, "URLFetcherResponse": urls,
            "URLFetchingError": urls}
    for nom, module in noms.items():
        exiger(hasattr(module, nom), "weasyprint", f"{module.__name__}.{nom}")
    return SimpleNamespace(**{nom: getattr(module, nom) for nom, module in noms.items()})


# ── mike : fonctions internes de publication ────────────────────────────────────────────────────────────────
_MIKE = {"commands": ("set_default",), "git_utils": ("read_file", "GitError", "GitEmptyCommit", "Commit", "FileInfo")}


def mike_interne() -> tuple[Any, Any]:
    """Les modules `mike.commands` et `mike.git_utils` (internes à mike 2.2) dont se sert publication/publier.py :
    écrire sur gh-pages (registre, page 404), choisir la racine."""
    verifier_version("mike")
    from mike import commands, git_utils
    modules = {"commands": commands, "git_utils": git_utils}
    for module, noms in _MIKE.items():
        for nom in noms:
            exiger(hasattr(modules[module], nom), "mike", f"mike.{module}.{nom}")
    return commands, git_utils


# ── pydyf : liste des pages calculée une fois par page ajoutée ─────────────────────────────────────────────
def _references_des_pages(self) -> tuple[bytes, ...]:
    """`PDF.page_references` de pydyf, recalculé seulement quand une page s'ajoute."""
    pages = self.pages["Kids"]
    memoire = self.__dict__.get("_references_des_pages")
    if memoire is None or memoire[0] != len(pages):
        memoire = (len(pages), tuple(f"{numero} 0 R".encode("ascii") for numero in pages[::3]))
        self.__dict__["_references_des_pages"] = memoire
    return memoire[1]


# L'original, gardé sur la classe même de pydyf (et non dans ce module, qui ne garde aucun état).
_ORIGINE_PYDYF = "_page_references_de_pydyf"


def page_references_d_origine() -> property | None:
    """La propriété `PDF.page_references` de pydyf avant `accelerer_pydyf` (None avant son premier appel)."""
    import pydyf
    return vars(pydyf.PDF).get(_ORIGINE_PYDYF)


def accelerer_pydyf() -> None:
    """pydyf 0.13 refait la liste de toutes les pages à chaque lecture de `page_references`, et le balisage
    PDF/UA de WeasyPrint la lit pour chaque élément balisé : temps en pages × éléments, quadratique (bench/,
    bench/JOURNAL.md). Même résultat, octet pour octet (tests/test_compat.py), sans le recalcul."""
    verifier_version("pydyf")
    import pydyf
    actuelle = vars(pydyf.PDF).get("page_references")
    if isinstance(actuelle, property) and actuelle.fget is _references_des_pages:
        return
    exiger(isinstance(actuelle, property), "pydyf", "la propriété PDF.page_references")
    setattr(pydyf.PDF, _ORIGINE_PYDYF, actuelle)
    pydyf.PDF.page_references = property(_references_des_pages)


# ── Material : partiels copiés dans overrides/partials/ (le thème n'a pas de bloc pour ce qu'ils changent) ──
# Empreinte de l'original de Material 9.8.1 : s'il change, la copie est à revoir avant de construire.
PARTIELS_COPIES = {
    "partials/copyright.html": "bc86bca3bf75070fe5d72e2a3463bdddf87c10f4d6459c945fe81c5d384e35ea",
    "partials/javascripts/outdated.html": "13165dec361fce13130f73f747aab982f7e1979608c061e5953b10286abc7447",
}


# ── Material : worker de recherche enveloppé par docs/assets/js/recherche.js ──────────────────────────────────
def verifier_material() -> None:
    """recherche.js suppose que la configuration de la page (`__config`, gabarit base.html de Material 9.8)
    porte l'adresse du worker de recherche sous la clé « search »."""
    verifier_version("mkdocs-material")
    from importlib.resources import files
    gabarit = files("material").joinpath("templates/base.html").read_text(encoding="utf-8")
    exiger('"search": "assets/javascripts/workers/search.' in gabarit, "mkdocs-material",
           "la clé « search » (worker de recherche) de __config dans templates/base.html")
    for partiel, empreinte in PARTIELS_COPIES.items():
        original = files("material").joinpath("templates", partiel).read_bytes()
        exiger(hashlib.sha256(original).hexdigest() == empreinte, "mkdocs-material",
               f"templates/{partiel} tel que overrides/{partiel} l'a copié (il a changé : revoir la copie)")
