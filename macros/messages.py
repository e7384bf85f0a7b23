"""Les avertissements de MkDocs et de WeasyPrint, en français, avec le fichier et la ligne quand il y en a une.

MkDocs écrit ses avertissements en anglais (« Doc file 'x.md' contains a link… ») ; un filtre de journal les
réécrit avant qu'ils s'affichent (ils restent des avertissements : `--strict` les compte toujours). Un message
inconnu passe tel quel, jamais perdu.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from . import compat

_LIEN = re.compile(r"^Doc file '(?P<page>[^']+)' contains (?:a|an unrecognized relative|an absolute) link "
                   r"'(?P<lien>[^']*)'(?P<reste>.*)$", re.S)
_HORS_NAV = re.compile(r"^The following pages exist in the docs directory, but are not included in the \"nav\" "
                       r"configuration:\n(?P<pages>.*)$", re.S)


def _ligne(page: str, extrait: str, dossier: Path | None) -> int | None:
    """La ligne de la page où paraît `extrait` (un lien), s'il y est écrit tel quel dans `dossier` (docs/)."""
    try:
        texte = (dossier / page).read_text(encoding="utf-8") if dossier else ""
    except OSError:
        return None
    position = texte.find(extrait) if extrait else -1
    return texte[:position].count("\n") + 1 if position >= 0 else None


def traduire_mkdocs(message: str, docs: Path | None = None) -> str | None:
    """Un avertissement de MkDocs en français (None : message inconnu, laissé tel quel) ; `docs`, le dossier des
    pages, où trouver la ligne d'un lien."""
    lien = _LIEN.match(message)
    if lien:
        page, adresse, reste = lien["page"], lien["lien"], lien["reste"]
        ligne = _ligne(page, adresse, docs)
        lieu = f"docs/{page}" + (f", ligne {ligne}" if ligne else "")
        if "no such anchor on this page" in reste:
            probleme = "aucun titre de la page n'a cette ancre"
        elif "does not contain an anchor" in reste:
            probleme = "la page visée n'a pas de titre avec cette ancre"
        elif "not found among documentation files" in reste:
            probleme = "la page visée n'existe pas dans docs/ (vérifiez le nom du fichier et le chemin relatif)"
        elif "absolute link" in message:
            probleme = "un lien vers une page du site s'écrit avec le chemin du fichier .md, pas en « /… »"
        elif "unrecognized relative link" in message:
            probleme = "un lien vers une page du site vise son fichier .md (par exemple ../valeurs.md)"
        elif "excluded from the built site" in reste:
            probleme = "la page visée est exclue du site"
        else:
            return None
        return f"{lieu} : lien « {adresse} » : {probleme}."
    hors_nav = _HORS_NAV.match(message)
    if hors_nav:
        pages = [p.strip(" -") for p in hors_nav["pages"].splitlines() if p.strip(" -")]
        return ("instance.yml, champ « nav » : ces pages de docs/ ne sont pas dans la navigation : "
                + ", ".join(f"docs/{p}" for p in pages) + ". Ajoutez-les à « nav », ou supprimez-les.")
    return None


class _Francais(logging.Filter):
    """Le filtre d'une construction : il connaît le docs/ de la structure construite."""

    def __init__(self, docs: Path) -> None:
        super().__init__()
        self.docs = docs

    def filter(self, enregistrement: logging.LogRecord) -> bool:
        francais = traduire_mkdocs(enregistrement.getMessage(), self.docs)
        if francais:
            enregistrement.msg, enregistrement.args = francais, ()
        return True


def franciser_avertissements(docs_dir: str) -> None:
    """Installe, sur les journaux des pages et de la navigation de MkDocs, le filtre de cette construction, à la
    place de celui d'une construction précédente (une autre structure, sous `make serve` ou dans les tests)."""
    for nom in ("mkdocs.structure.pages", "mkdocs.structure.nav"):
        journal = compat.journal("mkdocs", nom)
        for ancien in [f for f in journal.filters if isinstance(f, _Francais)]:
            journal.removeFilter(ancien)
        journal.addFilter(_Francais(Path(docs_dir)))


# ── WeasyPrint ───────────────────────────────────────────────────────────────────────────────────────────────
_WEASYPRINT = [
    (re.compile(r"^Failed to load image at '?(?P<a>[^']*)'?: (?P<b>.*)$", re.S),
     "image non chargée dans le livret : {a} (fichier absent du site, ou adresse extérieure refusée)"),
    (re.compile(r"^No anchor #(?P<a>\S+) for internal URI reference"),
     "lien vers l'ancre #{a}, absente du livret (la page visée n'y entre pas, ou le titre a changé)"),
    (re.compile(r"^\.notdef glyph rendered for Unicode string unsupported by fonts: \"(?P<a>.*)\" \(U\+(?P<b>[0-9A-F]+)\)"),
     "caractère « {a} » (U+{b}) absent des polices du livret : il s'imprime en carré vide. Remplacez-le"),
    (re.compile(r"^Anchor defined twice: '?(?P<a>[^']*)'?"), "ancre « {a} » définie deux fois dans le livret"),
]


def traduire_weasyprint(message: str) -> str:
    """Un avertissement de WeasyPrint en français ; un message inconnu est gardé, précédé de « WeasyPrint : »."""
    for motif, francais in _WEASYPRINT:
        trouve = motif.match(message)
        if trouve:
            return francais.format(**trouve.groupdict())
    return f"WeasyPrint : {message}"
