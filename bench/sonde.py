"""Crochet de mesure, ajouté par le banc à la copie d'un projet (jamais au vrai `mkdocs.yml`).

- Chronomètre l'étape du livret : de l'entrée dans `on_env` (priorité 100, avant `livret/crochet.py`) à sa
  sortie (priorité -100, après) ; l'écrit dans `$BANC_SONDE` (JSON), avec le nombre de pages.
- Si `$BANC_VIDAGE` est un dossier, y écrit ce que le site publie, sans le thème du projet :
  `docs/<page>.md` (le Markdown de chaque page après les macros, pages des fiches comprises),
  `nav.json` (la navigation finale) et, pour chaque PDF, le document HTML que le livret met en page
  (`document-<rang>.html`, décrits avec leurs feuilles de style dans `documents.json`).
"""
from __future__ import annotations

import gc
import json
import os
import time
from pathlib import Path

import yaml
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

_etat: dict = {}
_VIDAGE = Path(os.environ["BANC_VIDAGE"]) if os.environ.get("BANC_VIDAGE") else None


@event_priority(-100)
def on_page_markdown(markdown: str, page: Page, config, files) -> str:
    """Après les macros (et la liste « Sources ») : le Markdown tel que MkDocs va le convertir."""
    if _VIDAGE is not None:
        cible = _VIDAGE / "docs" / page.file.src_uri
        cible.parent.mkdir(parents=True, exist_ok=True)
        entete = {k: v for k, v in page.meta.items() if k in {"title", "description", "hide"}}
        texte = f"---\n{yaml.safe_dump(entete, allow_unicode=True)}---\n\n" if entete else ""
        cible.write_text(texte + markdown, encoding="utf-8")
    return markdown


@event_priority(-100)
def on_nav(nav, config, files):
    """La navigation finale (fiches rangées) : gardée pour le livret, écrite pour le témoin."""
    _etat["nav"] = nav
    if _VIDAGE is not None:
        _VIDAGE.mkdir(parents=True, exist_ok=True)
        (_VIDAGE / "nav.json").write_text(json.dumps(_nav(nav.items), ensure_ascii=False), encoding="utf-8")
    return nav


def _nav(elements: list) -> list:
    """La navigation au format de `nav:` de mkdocs.yml."""
    sortie: list = []
    for element in elements:
        if isinstance(element, Section):
            sortie.append({element.title: _nav(element.children)})
        elif isinstance(element, Page):
            sortie.append({element.title: element.file.src_uri})
    return sortie


def _ramasse_miettes(phase: str, info: dict) -> None:
    """Temps passé dans le ramasse-miettes de Python pendant l'étape des PDF."""
    if phase == "start":
        _etat["gc_debut"] = time.perf_counter()
    elif "gc_debut" in _etat:
        _etat["gc_s"] = _etat.get("gc_s", 0.0) + time.perf_counter() - _etat.pop("gc_debut")


@event_priority(100)
def _debut_env(env, config, files):
    """Départ du chronomètre, avant le livret."""
    gc.callbacks.append(_ramasse_miettes)
    _etat["debut"] = time.perf_counter()
    return env


@event_priority(-100)
def _fin_env(env, config, files):
    """Arrêt du chronomètre, après le livret ; les documents assemblés, reconstitués par les mêmes fonctions."""
    duree = time.perf_counter() - _etat["debut"]
    gc.callbacks.remove(_ramasse_miettes)
    livret = env.globals.get("livret") or {}
    mesure = {"livret_s": duree, "ramasse_miettes_s": _etat.get("gc_s", 0.0), "pages_pdf": livret.get("pages"), "taille_pdf": livret.get("taille"),
              "documents": len(env.globals.get("pdfs") or {})}
    if _VIDAGE is not None and "nav" in _etat:
        from livret import assembler, crochet  # le module, importé normalement : ses fonctions, pas son état
        from macros.donnees import charger

        donnees = charger(Path(config.docs_dir).parent / "data")
        documents, debut = [], time.perf_counter()
        sur_le_site = {f.dest_uri: f for f in files}  # les feuilles : thème du moteur ou docs/ de l'instance
        for rang, document in enumerate(crochet.documents(config)):
            parties = crochet.parties_de(_etat["nav"].items, document.choisir)
            if document.bilan:
                parties = crochet.avec_bilan(parties, donnees)
            html = assembler(parties, crochet._couverture(document, donnees, config), document.sans)
            (_VIDAGE / f"document-{rang}.html").write_text(html, encoding="utf-8")
            documents.append({"chemin": document.chemin, "html": str(_VIDAGE / f"document-{rang}.html"),
                              "feuilles": [sur_le_site[f].abs_src_path for f in document.feuilles]})
        mesure["assemblage_s"] = time.perf_counter() - debut
        (_VIDAGE / "documents.json").write_text(json.dumps(documents, ensure_ascii=False), encoding="utf-8")
    if os.environ.get("BANC_SONDE"):
        Path(os.environ["BANC_SONDE"]).write_text(json.dumps(mesure), encoding="utf-8")
    return env


on_env = CombinedEvent(_debut_env, _fin_env)
