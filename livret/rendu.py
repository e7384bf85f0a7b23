"""Rendu : le document HTML assemblé → PDF/UA-1 (balisé, en français) par WeasyPrint, sans requête réseau."""
from __future__ import annotations

import logging
import mimetypes
import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML

from macros import compat
from macros.messages import traduire_weasyprint

from .assemblage import RACINE


# La liste des pages de pydyf, calculée une fois par page ajoutée (adaptation : macros/compat.py).
compat.accelerer_pydyf()
# Les sous-modules de WeasyPrint dont le livret se sert (version vérifiée : macros/compat.py).
_W = compat.weasyprint_interne()
LOGGER, FontConfiguration, URLFetcher = _W.LOGGER, _W.FontConfiguration, _W.URLFetcher
URLFetcherResponse, URLFetchingError = _W.URLFetcherResponse, _W.URLFetchingError

# Chemin d'un fichier dans le site (« assets/graphiques/x.svg ») → son contenu, ou None s'il n'existe pas.
Ressources = Callable[[str], "bytes | None"]

VARIANTE = "pdf/ua-1"  # PDF balisé pour les lecteurs d'écran : structure, langue, titre affiché


@dataclass(frozen=True)
class Pdf:
    """Un PDF rendu : ses octets, son nombre de pages, et ce que WeasyPrint a signalé en le faisant."""

    octets: bytes
    pages: int
    avertissements: list[str] = field(default_factory=list)


def rendre(html: str, feuilles: list[Path], ressources: Ressources | None = None) -> Pdf:
    """Met en page `html` avec les feuilles de style `feuilles` ; images et polices servies localement."""
    # Les feuilles sont dans docs/assets/css/ : elles ne chargent que des fichiers de docs/assets/ (polices).
    chercheur = _Chercheur(ressources or (lambda chemin: None), [f.resolve().parents[1] for f in feuilles])
    polices = FontConfiguration()
    with _avertissements() as avertissements:
        styles = [CSS(filename=str(f), url_fetcher=chercheur, font_config=polices) for f in feuilles]
        document = HTML(string=html, base_url=RACINE, url_fetcher=chercheur).render(
            stylesheets=styles, font_config=polices, pdf_variant=VARIANTE
        )
        octets = document.write_pdf(pdf_variant=VARIANTE)
    return Pdf(octets, len(document.pages), avertissements)


class _Chercheur(URLFetcher):
    """Sert les fichiers du site, et ceux du dossier des feuilles de style ; refuse tout le reste : aucune
    requête à un tiers, aucun fichier de la machine (file:///etc/…), aucun lien symbolique."""

    def __init__(self, ressources: Ressources, dossiers_permis: list[Path] = ()):
        super().__init__()
        self._ressources = ressources
        self._permis = list(dossiers_permis)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith(RACINE):
            chemin = unquote(urlsplit(url).path).lstrip("/")
            contenu = self._ressources(chemin)
            if contenu is None:
                raise URLFetchingError(f"fichier absent du site : {chemin}")
            type_, _ = mimetypes.guess_type(chemin)
            return URLFetcherResponse(url, contenu, {"Content-Type": type_ or "application/octet-stream"})
        schema = urlsplit(url).scheme
        if schema == "data":
            return super().fetch(url, headers)
        if schema == "file":
            chemin = Path(unquote(urlsplit(url).path))
            if not chemin.is_symlink() and any(chemin.resolve().is_relative_to(d) for d in self._permis):
                return super().fetch(url, headers)
            raise URLFetchingError(f"fichier hors du site non chargé dans le PDF : {chemin.name}")
        raise URLFetchingError(f"adresse extérieure non chargée dans le PDF : {url}")


# Les graphiques SVG en ligne portent fill, stroke… dans leurs attributs style : le moteur SVG de WeasyPrint
# les applique, mais l'analyse CSS du HTML les signale d'abord comme inconnues. Ce n'est pas un défaut. Seules
# ces propriétés du SVG sont tues : une propriété inconnue dans livret.css reste signalée.
_BRUIT = re.compile(r"^Ignored `(fill|stroke|text-anchor|dominant-baseline|clip-path|paint-order|stop-color)"
                    r"(-[a-z]+)*: [^`]*` at \d+:\d+, unknown property\.$")


@contextmanager
def _avertissements():
    """Recueille les avertissements de WeasyPrint (image introuvable, ancre absente, glyphe manquant)."""
    messages: list[str] = []

    class _Recueil(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if not _BRUIT.match(record.getMessage()):
                messages.append(traduire_weasyprint(record.getMessage()))

    recueil = _Recueil(logging.WARNING)
    LOGGER.addHandler(recueil)
    try:
        yield messages
    finally:
        LOGGER.removeHandler(recueil)
