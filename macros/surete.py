"""Le texte des éditeurs est une donnée : modèles en bac à sable, valeurs échappées, Markdown nettoyé.

- Les pages passent par un `ImmutableSandboxedEnvironment` de Jinja : aucun attribut de l'interpréteur
  (`__globals__`, `__class__`…) n'est atteignable depuis `{{ … }}`, et seules les données, macros et filtres du
  projet sont en portée (ni `config`, ni `environment`, ni `plugin`).
- Toute valeur écrite par `{{ … }}` est échappée pour HTML, sauf ce que renvoient les macros et filtres du
  projet (du HTML qu'ils ont construit eux-mêmes en échappant les données).
- Le Markdown d'un champ de données, une fois en HTML, passe par nh3 (liste de balises et d'adresses permises).
"""
from __future__ import annotations

import functools
import html
import marshal
import re
import signal
import sys
import threading
import time
from importlib.metadata import version
from pathlib import Path
from types import CodeType, SimpleNamespace
from typing import Any
from collections.abc import Callable

import nh3
from jinja2 import Environment, TemplateSyntaxError, meta
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range
from markupsafe import Markup

from . import caches, chemins, compat

# Variables que mkdocs-macros met à la portée des pages et qu'une page n'a pas à lire : la configuration entière,
# le greffon, la machine (`environment`), la navigation et la liste des fichiers.
VARIABLES_RETIREES = ("config", "environment", "plugin", "git", "macros", "filters", "filters_builtin",
                      "navigation", "files", "extra")


def echapper(valeur: Any) -> str:
    """Le texte pour HTML (contenu ou attribut entre guillemets doubles) : < > & " ; l'apostrophe reste telle
    quelle (les gabarits mettent les attributs entre guillemets doubles, et le texte se lit et se copie mieux)."""
    return html.escape(str(valeur), quote=False).replace('"', "&quot;")


def texte_inerte(valeur: Any) -> str:
    """Un texte d'éditeur qu'un gabarit du thème écrit sans l'échapper (nom du site, titre de navigation) : échappé
    pour HTML, ses accolades en références numériques, pour qu'aucun moteur de modèles ne le lise (mkdocs-macros
    rend le titre d'une page : « {{ 7*7 }} » s'affiche tel quel)."""
    return echapper(valeur).replace("{", "&#123;").replace("}", "&#125;")


def finaliser(valeur: Any) -> str:
    """Ce que `{{ … }}` écrit : le HTML des macros tel quel ; toute autre valeur est du texte, échappé pour le HTML
    et pour le Markdown qui l'entoure (ni balise, ni lien, ni mise en forme venue d'une donnée)."""
    if isinstance(valeur, Markup):
        return str(valeur)
    return texte_markdown("" if valeur is None else valeur)


def de_confiance(fonction: Callable[..., Any]) -> Callable[..., Any]:
    """Une macro ou un filtre du projet : sa sortie est du HTML qu'il a construit (données échappées)."""
    @functools.wraps(fonction)
    def enveloppe(*arguments, **options):
        resultat = fonction(*arguments, **options)
        return Markup(resultat) if isinstance(resultat, str) else resultat
    return enveloppe


# ── Budget d'une page : temps, répétitions, taille ───────────────────────────────────────────────────────────
DUREE_MAX = 30.0  # secondes de calcul (temps processeur) pour rendre une page (une page ordinaire : moins d'une
# seconde) ; du temps processeur, pas de l'horloge : une machine chargée par d'autres travaux ne fait pas échouer.
REPETITIONS_MAX = 1_000_000  # tours de boucle `range(…)` dans une page, toutes boucles comprises
TAILLE_MAX = 5_000_000  # caractères de Markdown produits par une page, ou par une seule opération
ENTIER_MAX = 100_000  # une largeur, un nombre de lots ou de paragraphes demandé à un filtre de Jinja
# Filtres et fonctions de Jinja dont un argument entier fixe la taille du résultat.
_GROSSISSENT = {"center", "ljust", "rjust", "zfill", "indent", "wordwrap", "batch", "slice", "truncate",
                "expandtabs", "lipsum", "format", "replace", "join"}
_LARGEUR_DANS_UN_FORMAT = re.compile(r"\d{6,}")


class BudgetDepasse(Exception):
    """Une page qui dépasse son budget : le message (français) dit lequel ; mkdocs-macros le rapporte avec la page
    et la ligne (macros/erreurs_pages.py)."""


class BacASable(ImmutableSandboxedEnvironment):
    """Le bac à sable des pages, avec un budget par page : une boucle sans fin, une multiplication géante ou un
    texte qui enfle arrêtent la construction au lieu de la bloquer."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, duree_max: float = DUREE_MAX, pages_lues: Path | None = None, **options: Any):
        super().__init__(**options)
        self.duree_max = duree_max
        self.globals["range"] = self._range
        self.globals.pop("lipsum", None)  # du faux texte latin : rien à faire dans une page
        self.filters = {nom: (self._filtre_borne(nom, f) if nom in _GROSSISSENT else f)
                        for nom, f in self.filters.items()}
        self._echeance: float | None = None  # pendant le rendu d'une page : l'heure où son budget s'épuise
        self._tours = 0
        self.pages_lues = pages_lues  # le dossier des pages déjà lues (`variables_nommees`), ou aucun
        self._analyse: tuple[str, CodeType] | None = None  # la page lue par `variables_nommees`, à rendre
        self._version: tuple | None = None  # `_version_du_code`, calculée à la première page

    def variables_nommees(self, texte: str) -> set[str]:
        """Les variables qu'un texte de page nomme ; rien s'il est illisible : son rendu dira pourquoi.

        Le texte est lu et compilé une fois : mkdocs-macros rend ensuite ce même texte (`from_string`), qui n'est
        pas relu. Avec `pages_lues`, les noms et le code compilé sont gardés d'une construction à l'autre, sous
        l'empreinte du texte et de ce qui change le code compilé (code du moteur, versions, réglages)."""
        self._analyse = None
        if self.pages_lues is not None and self._version is None:
            self._version = self._version_du_code()  # les filtres sont tous là dès la première page
        fichier = (self.pages_lues / f"{caches.empreinte((self._version, texte))}.marshal"
                   if self.pages_lues is not None else None)
        if fichier is not None and fichier.is_file():
            try:
                noms, code = marshal.loads(fichier.read_bytes())
            except (EOFError, ValueError, TypeError):
                pass  # illisible (écrit par une autre version de Python) : relu ci-dessous
            else:
                self._analyse = (texte, code)
                return set(noms)
        try:
            arbre = self.parse(texte)
            noms = meta.find_undeclared_variables(arbre)
            code = self.compile(arbre)  # Jinja compile aussi un arbre déjà lu
        except TemplateSyntaxError:
            return set()  # le rendu relit le texte et dit l'erreur
        self._analyse = (texte, code)
        if fichier is not None:
            caches.ecrire(fichier, marshal.dumps((tuple(sorted(noms)), code)))
        return noms

    def _version_du_code(self) -> tuple:
        """Ce qui, hors du texte, change le code compilé d'une page : le moteur (macros, filtres, `finaliser`),
        Python, Jinja, mkdocs-macros et les réglages de l'environnement."""
        return (caches.empreinte_du_code(), sys.version, [version(p) for p in ("jinja2", "mkdocs-macros-plugin")],
                type(self).__qualname__, self.block_start_string, self.block_end_string, self.variable_start_string,
                self.variable_end_string, self.comment_start_string, self.comment_end_string,
                self.line_statement_prefix, self.line_comment_prefix, self.trim_blocks, self.lstrip_blocks,
                self.newline_sequence, self.keep_trailing_newline, self.optimized, sorted(self.extensions),
                getattr(self.undefined, "__qualname__", None), sorted(self.filters), sorted(self.tests))

    def from_string(self, source, globals=None, template_class=None):
        analyse, self._analyse = self._analyse, None
        if analyse is not None and isinstance(source, str) and source == analyse[0]:
            # Comme Environment.from_string, avec le code déjà compilé par `variables_nommees`.
            return (template_class or self.template_class).from_code(self, analyse[1], self.make_globals(globals),
                                                                     None)
        return super().from_string(source, globals, template_class)

    # Le rendu d'une page (et de chaque macro écrite dans la page) passe par `concat` : c'est là que la page
    # commence et finit, et que sa taille se compte au fil de l'écriture.
    def concat(self, morceaux) -> str:  # type: ignore[override]
        premier = self._echeance is None
        if premier:
            self._echeance, self._tours = time.process_time() + self.duree_max, 0
            minuterie = _Minuterie(self.duree_max)
            plafond = _PlafondDeMemoire()
        try:
            parties, taille = [], 0
            for morceau in morceaux:
                taille += len(morceau)
                if taille > TAILLE_MAX:
                    raise BudgetDepasse(f"page trop grande : plus de {TAILLE_MAX:,} caractères produits par ses "
                                        "boucles ou ses macros".replace(",", " "))
                self._verifier_le_temps()
                parties.append(morceau)
            return "".join(parties)
        except MemoryError:
            raise BudgetDepasse("page trop grande : sa construction demande plus de mémoire que la machine n'en "
                                "a") from None
        finally:
            if premier:
                self._echeance = None
                minuterie.arreter()
                plafond.lever()

    def _verifier_le_temps(self) -> None:
        if self._echeance is not None and time.process_time() > self._echeance:
            raise BudgetDepasse(f"page trop longue à construire (plus de {self.duree_max:g} s de calcul) : une "
                                "boucle sans fin, ou des boucles imbriquées trop grandes")

    def _range(self, *arguments: int):
        """range(…) des pages : au plus 100 000 valeurs, et un million de tours par page, toutes boucles comprises."""
        for valeur in safe_range(*arguments):
            self._tours += 1
            if self._tours > REPETITIONS_MAX:
                raise BudgetDepasse(f"page trop longue à construire : plus de {REPETITIONS_MAX:,} tours de boucle "
                                    "(boucles imbriquées trop grandes)".replace(",", " "))
            self._verifier_le_temps()
            yield valeur

    def call_binop(self, context: Any, operateur: str, gauche: Any, droite: Any) -> Any:
        if operateur == "**" and isinstance(gauche, int) and isinstance(droite, int) and (
                droite > 10_000 or gauche.bit_length() * max(droite, 0) > 100_000):
            raise BudgetDepasse(f"puissance trop grande ({gauche} ** {droite})")
        if operateur == "*":
            for texte, fois in ((gauche, droite), (droite, gauche)):
                if isinstance(texte, (str, list, tuple)) and isinstance(fois, int) and len(texte) * fois > TAILLE_MAX:
                    raise BudgetDepasse(f"texte ou liste trop grand : {len(texte)} × {fois}")
        if operateur == "+" and all(isinstance(x, (str, list, tuple)) for x in (gauche, droite)) \
                and len(gauche) + len(droite) > TAILLE_MAX:
            raise BudgetDepasse("texte ou liste trop grand : une somme de plus de 5 000 000 éléments")
        if operateur == "%" and isinstance(gauche, str) and _LARGEUR_DANS_UN_FORMAT.search(gauche):
            raise BudgetDepasse("« % » avec une largeur trop grande")
        return super().call_binop(context, operateur, gauche, droite)

    def call(__self, __context: Any, __obj: Any, *arguments: Any, **options: Any) -> Any:  # noqa: N805
        __self._verifier_le_temps()
        if getattr(__obj, "__name__", None) in _GROSSISSENT:
            _verifier_les_tailles(__obj.__name__, getattr(__obj, "__self__", None), arguments, options)
        return super().call(__context, __obj, *arguments, **options)

    def _filtre_borne(self, nom: str, filtre: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(filtre)
        def borne(*arguments: Any, **options: Any) -> Any:
            self._verifier_le_temps()
            # Sans l'environnement ou le contexte que Jinja passe en tête à certains filtres (pass_environment…).
            valeurs = [a for a in arguments if not isinstance(a, (Environment, EvalContext, Context))]
            _verifier_les_tailles(nom, valeurs[0] if valeurs else None, valeurs[1:], options)
            return filtre(*arguments, **options)
        return borne


def _verifier_les_tailles(nom: str, sujet: Any, arguments: Any, options: dict) -> None:
    """Un appel de filtre ou de méthode dont le résultat grandirait au-delà du budget : refusé avant d'être fait."""
    valeurs = [*arguments, *options.values()]
    if any(isinstance(v, int) and not isinstance(v, bool) and v > ENTIER_MAX for v in valeurs):
        raise BudgetDepasse(f"« {nom} » avec un nombre trop grand (plus de {ENTIER_MAX:,})".replace(",", " "))
    if nom == "format" and isinstance(sujet, str) and _LARGEUR_DANS_UN_FORMAT.search(sujet):
        raise BudgetDepasse("« format » avec une largeur trop grande")
    if nom == "replace" and isinstance(sujet, str) and len(valeurs) >= 2 and all(
            isinstance(v, str) for v in valeurs[:2]):
        ancien, nouveau = valeurs[0], valeurs[1]
        if len(sujet) + (sujet.count(ancien) if ancien else len(sujet) + 1) * len(nouveau) > TAILLE_MAX:
            raise BudgetDepasse("« replace » produirait un texte trop grand")
    if nom == "join" and isinstance(sujet, str) and isinstance(arguments[:1] and arguments[0], (list, tuple)):
        if len(sujet) * len(arguments[0]) > TAILLE_MAX:
            raise BudgetDepasse("« join » produirait un texte trop grand")


class _PlafondDeMemoire:
    """Le budget de mémoire d'un rendu : un texte qui double à chaque tour (« {% set ns.x = ns.x ~ ns.x %} »)
    lève MemoryError au lieu d'épuiser la machine. Plafond de l'espace d'adresses du processus, relevé après."""

    MARGE = 2 * 1024 ** 3  # octets de plus que ce que le processus occupe déjà

    def __init__(self):
        self.ancien = None
        try:
            import resource

            with open("/proc/self/statm", encoding="ascii") as statm:
                occupe = int(statm.read().split()[0]) * resource.getpagesize()
            self.ancien = resource.getrlimit(resource.RLIMIT_AS)
            plafond = occupe + self.MARGE
            if self.ancien[0] == resource.RLIM_INFINITY or plafond < self.ancien[0]:
                resource.setrlimit(resource.RLIMIT_AS, (plafond, self.ancien[1]))
            else:
                self.ancien = None
        except (ImportError, OSError, ValueError):
            self.ancien = None  # hors de Linux : le décompte et la minuterie restent

    def lever(self) -> None:
        if self.ancien is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, self.ancien)


class _Minuterie:
    """Le budget de temps, même dans une boucle qui n'appelle rien (« {% for a in x %}{% for b in x %} ») : un
    signal de temps processeur (processus principal seulement ; sous `make serve`, les reconstructions se font dans un autre
    fil, et seuls les décomptes ci-dessus s'appliquent)."""

    def __init__(self, secondes: float):
        self.active = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
        if self.active:
            self.ancien = signal.signal(signal.SIGVTALRM, self._sonner)
            signal.setitimer(signal.ITIMER_VIRTUAL, secondes)
        self.secondes = secondes

    def _sonner(self, *_: Any) -> None:
        raise BudgetDepasse(f"page trop longue à construire (plus de {self.secondes:g} s de calcul) : une "
                            "boucle sans fin, ou des boucles imbriquées trop grandes")

    def arreter(self) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            signal.signal(signal.SIGVTALRM, self.ancien)


def mettre_en_bac_a_sable(plugin: Any) -> None:
    """Remplace l'environnement Jinja de mkdocs-macros par un bac à sable aux mêmes réglages (une seule fois)."""
    ancien = compat.environnement_macros(plugin)
    if isinstance(ancien, BacASable):
        return
    neuf = BacASable(
        pages_lues=chemins.CACHE / "pages", loader=ancien.loader, undefined=ancien.undefined, finalize=finaliser,
        block_start_string=ancien.block_start_string, block_end_string=ancien.block_end_string,
        variable_start_string=ancien.variable_start_string, variable_end_string=ancien.variable_end_string,
        comment_start_string=ancien.comment_start_string, comment_end_string=ancien.comment_end_string,
    )
    neuf.globals.update({nom: de_confiance(f) for nom, f in plugin.macros.items()})
    neuf.filters.update({nom: de_confiance(f) for nom, f in plugin.filters.items()})
    compat.remplacer_environnement_macros(plugin, neuf)


# Les réglages de mkdocs.yml qu'une page peut citer (`{{ config.repo_url }}`) ; rien d'autre de la configuration.
CONFIG_LISIBLE = ("site_name", "site_url", "site_description", "site_author", "repo_url", "repo_name",
                  "copyright")


def retirer_variables(variables: dict, conf: Any) -> None:
    """Ôte des variables des pages ce qui ouvrirait sur la machine ou la configuration ; `config` n'y garde que
    les réglages publics, `navigation` que la liste des pages (titre, adresse)."""
    navigation = variables.get("navigation")
    for nom in VARIABLES_RETIREES:
        variables.pop(nom, None)
    # Les textes de la configuration y sont échappés pour le thème (macros/instance.py) : la page les reçoit tels
    # qu'écrits, et `{{ … }}` les échappe une fois.
    variables["config"] = SimpleNamespace(**{cle: _tel_quel(conf.get(cle)) for cle in CONFIG_LISIBLE})
    if navigation is not None and not isinstance(navigation, SimpleNamespace):
        navigation = SimpleNamespace(pages=[SimpleNamespace(title=_tel_quel(p.title), url=p.url)
                                            for p in navigation.pages])
    if navigation is not None:
        variables["navigation"] = navigation


def _tel_quel(valeur: Any) -> Any:
    return html.unescape(valeur) if isinstance(valeur, str) else valeur


def texte_de_titre(titre: Any) -> str:
    """Un titre d'en-tête (donnée) prêt pour les gabarits de Material, qui l'écrivent comme du HTML."""
    return echapper(titre)


# ── Markdown des données : liste de ce qui est permis ───────────────────────────────────────────────────────
BALISES = {"p", "br", "em", "strong", "b", "i", "a", "ul", "ol", "li", "code", "abbr", "blockquote", "span",
           "sup", "sub", "small", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "h3", "h4"}
ATTRIBUTS = {"a": {"href", "title", "aria-label"}, "abbr": {"title"}, "span": {"title"}, "th": {"scope"},
             "*": {"lang"}}
# Les chiffres cités dans un texte (« {jeu.cle} », macros/citations.py) : leur forme et leur appel de source.
CLASSES = {"span": {"chiffre"}, "sup": {"appel-source"}}
# http(s), courriel, téléphone ; les adresses relatives (pages du site) passent telles quelles.
SCHEMAS = {"http", "https", "mailto", "tel"}


def nettoyer_html(html: str) -> str:
    """Le HTML issu du Markdown d'un champ, réduit à la mise en forme que permet un texte d'éditeur.

    Ce HTML rejoint le Markdown de la page, qui est relu : ses textes n'y gardent aucun caractère de Markdown
    (un « [x](javascript:…) » échappé à la première lecture, ou sorti d'une balise retirée, resterait un lien)."""
    propre = nh3.clean(html, tags=BALISES, attributes=ATTRIBUTS, allowed_classes=CLASSES, url_schemes=SCHEMAS,
                       link_rel=None, strip_comments=True)
    return _BALISE.sub(lambda m: m.group("balise") or _MARKDOWN_ACTIF.sub(_reference, m.group("texte")), propre)


# Une balise (valeurs d'attributs entre guillemets doubles, comme nh3 les écrit) ou le texte qui la suit.
_BALISE = re.compile(r'(?P<balise><[^>"]*(?:"[^"]*"[^>"]*)*>)|(?P<texte>[^<]+)')


# Les caractères qui font du Markdown (lien, emphase, code, attributs « { … } », cellule, titre) : écrits en
# références numériques, lues telles quelles par Python-Markdown et par un navigateur, quelles que soient les
# extensions (une barre oblique inverse n'échappe que ce que les extensions chargées connaissent).
_MARKDOWN_ACTIF = re.compile(r"[\\`*_{}\[\]|#!]")
_FIN_DE_LIGNE = re.compile(r"[ \t]*[\r\n]+[ \t]*")


def texte_markdown(texte: Any) -> str:
    """Un texte de données placé dans du Markdown (cellule, élément de liste, titre, texte d'un lien) : affiché
    tel quel, sans balise, sans lien, sans mise en forme ni attribut ; sur une seule ligne."""
    une_ligne = _FIN_DE_LIGNE.sub(" ", echapper(texte))  # les espaces insécables restent
    return _MARKDOWN_ACTIF.sub(_reference, une_ligne)


def _reference(caractere: re.Match) -> str:
    return f"&#{ord(caractere.group())};"


class _VuePage:
    """Ce qu'une page lit d'elle-même (`page.title`, `page.url`, `page.meta`) : ni fichier, ni configuration."""

    def __init__(self, page: Any):
        self.title, self.url, self.meta = page.title, page.url, page.meta
        self.is_homepage = page.is_homepage


def vue_de_page(page: Any) -> _VuePage:
    """La variable `page` des modèles, réduite à ce qu'une page a besoin de lire."""
    return _VuePage(page)
