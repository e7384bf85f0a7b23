"""Le greffon MkDocs du moteur (`plugins: - projet-associatif`, inscrit par pyproject.toml) : tout ce qu'une
structure reçoit sans l'écrire dans son mkdocs.yml.

Il hérite du greffon de mkdocs-macros (l'extension qu'en prévoit sa documentation) et y ajoute, dans ses
événements : les réglages du thème Material et ses compléments (overrides/), les extensions Markdown, les
exigences de validation, les crochets du moteur (macros/crochets.py, macros/crochet_surete.py,
livret/crochet.py, overrides/hooks/correctifs_material.py), appelés dans l'ordre que fixaient leurs priorités.
"""
from __future__ import annotations

import importlib.util
import logging
import os
from types import ModuleType

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import InclusionLevel

from . import chemins, compat, crochet_surete, crochets, gabarits_jinja, navigation
from .contexte import Construction
from .editions import ALIAS_EN_VIGUEUR, VARIABLE_VERSION
from livret import crochet as crochet_livret

# ── Ce que le moteur impose à toute structure (son mkdocs.yml n'a pas à l'écrire) ─────────────────────────
# Le français de Material, avec « Modifier cette page » : overrides/partials/languages/custom.html.
# Pas de Google Fonts (font: false) : polices du système, aucune requête vers un tiers.
# Pas de navigation.prune : il ôte les sous-menus des sections fermées, et sur un téléphone « À propos › »
# ouvrait alors sa première page au lieu de son sous-menu. Seules les fiches, nombreuses, sont élaguées
# (macros/navigation.py : par axe et par blocs, seule la branche de la page ouverte dépliée).
THEME = {
    "language": "custom",
    "font": False,
    "features": ["navigation.tabs", "navigation.sections", "navigation.top", "navigation.indexes",
                 "navigation.footer", "search.highlight", "search.suggest", "content.action.edit", "toc.follow"],
    "palette": [
        {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo", "accent": "indigo",
         "toggle": {"icon": "material/weather-night", "name": "Passer en mode sombre"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo", "accent": "indigo",
         "toggle": {"icon": "material/weather-sunny", "name": "Passer en mode clair"}},
    ],
}
# La feuille d'impression est liée par overrides/main.html avec media="print" : elle ne retarde pas l'affichage.
FEUILLES = ["assets/css/ecran.css"]
# Tableaux défilants atteignables au clavier ; la recherche surligne le mot entier (« mobilité », pas « mobilit »).
SCRIPTS = ["assets/js/accessibilite.js", "assets/js/surlignage.js"]
# Markdown lisible pour les éditeurs.
EXTENSIONS = {
    "abbr": {}, "admonition": {}, "attr_list": {}, "def_list": {}, "footnotes": {}, "md_in_html": {}, "tables": {},
    "toc": {"permalink": True, "permalink_title": "Lien vers cette section"},
    "pymdownx.details": {}, "pymdownx.superfences": {},
}
# Un avertissement est une erreur (`--strict`) : page hors navigation, lien ou ancre cassés.
VALIDATION = {"nav": ("omitted_files", "not_found", "absolute_links"),
              "links": ("not_found", "absolute_links", "unrecognized_links", "anchors")}
# Pas de « Made with Material for MkDocs » en anglais dans le pied de page d'un site français (RGAA 8.7) : les
# mentions légales citent les logiciels qui produisent le site.
EXTRA = {"generator": False}
# Éditions : le sélecteur de Material, seulement quand mike publie (il lit …/versions.json, que seul mike écrit :
# hors de mike, make build ou make serve, aucune page ne demande ce fichier absent).
VERSION = {"provider": "mike", "default": ALIAS_EN_VIGUEUR, "alias": False}
# Les options de mkdocs-macros que le moteur exige : les macros du paquet `macros`, un nom inconnu arrête tout.
MACROS = {"modules": ["macros"], "on_undefined": "strict", "on_error_fail": True}


def _correctifs_material() -> ModuleType:
    """overrides/hooks/correctifs_material.py, chargé par son chemin comme MkDocs charge un crochet : il vit
    avec les gabarits qu'il corrige, dans le dossier du thème, hors des paquets Python."""
    compat.verifier_version("mkdocs-material")  # ses motifs sont ceux du HTML de Material 9.8
    fichier = chemins.THEME / "hooks" / "correctifs_material.py"
    spec = importlib.util.spec_from_file_location("correctifs_material", fichier)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class MoteurPlugin(compat.greffon_macros()):
    """Le moteur : macros, crochets, thème et réglages communs, pour la durée d'une construction."""

    def __init__(self) -> None:
        super().__init__()
        self.correctifs = _correctifs_material()
        # L'état de la construction en cours (macros/contexte.py), neuf à chaque `on_config` : aucun module ne
        # garde rien d'une construction à l'autre.
        self.contexte: Construction | None = None

    def _regler(self, config) -> None:
        if config.theme.name != "material":
            raise PluginError(f"mkdocs.yml : le thème doit être « material » (trouvé : « {config.theme.name} »).")
        for cle, valeur in THEME.items():
            config.theme[cle] = valeur
        compat.ajouter_au_theme(config.theme, str(chemins.THEME))  # ses gabarits avant ceux de Material
        config.extra_css[:0] = [f for f in FEUILLES if f not in config.extra_css]
        config.extra_javascript[:0] = [s for s in SCRIPTS if s not in [str(x) for x in config.extra_javascript]]
        for nom, reglages in EXTENSIONS.items():
            if nom not in config.markdown_extensions:
                config.markdown_extensions.append(nom)
            if reglages:
                config.mdx_configs[nom] = {**reglages, **config.mdx_configs.get(nom, {})}
        for partie, options in VALIDATION.items():
            for option in options:
                setattr(getattr(config.validation, partie), option, logging.WARNING)
        for cle, valeur in EXTRA.items():
            config.extra.setdefault(cle, valeur)
        if os.environ.get(VARIABLE_VERSION):
            config.extra.setdefault("version", VERSION)
        self.config.update(MACROS)

    # Avant le greffon search et mike : les lignes de MkDocs en français, le code inchangé sous `make serve`,
    # la sûreté de docs/ et data/, puis mkdocs-macros, qui lit data/.
    @event_priority(100)
    def on_config(self, config):
        self._regler(config)
        # Sous `mkdocs serve`, MkDocs a déjà posé l'adresse du serveur local (mkdocs.yml n'en a pas) : elle reste,
        # au lieu de celle du site publié qu'instance.yml donne (la page 404 servie y prendrait ses feuilles).
        adresse_servie = config.site_url
        config = crochets.on_config(config) or config
        if adresse_servie:
            config.site_url = adresse_servie
        config = crochet_surete.on_config(config) or config
        # Les données, lues une fois pour toute la construction (après la vérification de leur arborescence),
        # avant mkdocs-macros, dont `define_env` les expose aux pages.
        self.contexte = Construction.ouvrir(config)
        return super().on_config(config)

    def on_files(self, files, config):
        # Les fiches actions ne sont pas dans la navigation de instance.yml : macros/crochets.py les y range.
        for fichier in files.documentation_pages():
            if fichier.src_uri.startswith("fiches-actions/") and fichier.inclusion.is_in_nav():
                fichier.inclusion = InclusionLevel.NOT_IN_NAV
        return crochet_livret.on_files(files, config, self.contexte.livret)

    def _on_nav_fiches(self, nav, config, files):
        nav = super().on_nav(nav, config, files) or nav
        nav = crochets.on_nav(nav, config, files, self.contexte.donnees)
        self.contexte.affichage = navigation.preparer(nav, files, self.contexte.donnees)
        return nav

    @event_priority(-100)  # la navigation finale, après les greffons qui y ajoutent des pages
    def _on_nav_livret(self, nav, config, files):
        return crochet_livret.on_nav(nav, config, files, self.contexte.livret)

    on_nav = CombinedEvent(_on_nav_fiches, _on_nav_livret)

    # Beaucoup de fiches : chaque page ne montre que la branche de ses fiches (macros/navigation.py).
    def on_page_context(self, context, page, config, nav):
        if self.contexte.affichage is not None:
            context["nav"] = self.contexte.affichage.vue(page)
        return context

    def on_template_context(self, context, template_name, config):
        if self.contexte.affichage is not None and "nav" in context:
            context["nav"] = self.contexte.affichage.vue(None)
        return context

    def on_env(self, env, config, files):
        gabarits_jinja.garder_le_code_du_theme(env)  # avant les gabarits du thème, chargés après on_env
        return crochet_livret.on_env(env, config, files, self.contexte.livret, self.contexte.donnees)

    def on_serve(self, server, config, builder):
        server = super().on_serve(server, config, builder=builder) or server
        return crochets.on_serve(server, config, builder) or server

    def on_build_error(self, error):
        crochets.on_build_error(error)

    def on_post_build(self, config):
        super().on_post_build(config)
        crochet_surete.on_post_build(config)
        crochets.on_post_build(config, self.contexte.donnees)  # les formulaires d'édition (/admin/) de la version de travail

    def on_page_content(self, html, page, config, files):
        html = crochets.on_page_content(html, page, config, files, self.contexte.donnees)
        crochets.typographier_les_titres(page)
        html = crochet_surete.on_page_content(html, page, config, files)
        self.contexte.contenus_verifies[page.file.src_uri] = html
        return html

    def _on_post_page_correctifs(self, output, page, config):
        return self.correctifs.on_post_page(output, page=page, config=config)

    @event_priority(-100)  # la page telle qu'elle sera écrite, après tous les autres greffons
    def _on_post_page_surete(self, output, page, config):
        return crochet_surete.on_post_page(output, page, config,
                                           self.contexte.contenus_verifies.pop(page.file.src_uri, None),
                                           self.contexte.lignes_saines)

    on_post_page = CombinedEvent(_on_post_page_correctifs, _on_post_page_surete)

    def on_post_template(self, output_content, template_name, config):
        return self.correctifs.on_post_template(output_content, template_name=template_name, config=config)
