"""La construction ne lit que le dépôt et ne fait venir rien d'ailleurs : liens symboliques refusés dans docs/
et data/, et aucune page (ni feuille de style) qui ferait charger une adresse extérieure ou exécuter un script.

Fonctions pures, appelées par le crochet macros/crochet_surete.py pour chaque page, et par les tests.
"""
from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from .erreurs import ErreurDonnees

# Ce qu'une page n'a pas à contenir : du code, des cadres, des objets, des redirections, des formulaires.
ELEMENTS_INTERDITS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link",
                      "form", "portal", "style"}
# Attributs qui font charger quelque chose (le navigateur ou WeasyPrint).
ATTRIBUTS_CHARGES = {"src", "srcset", "poster", "data", "background", "imagesrcset", "action", "formaction"}
# <link rel=…> qui font charger leur adresse (« canonical », « prev », « next » ne chargent rien).
LIENS_CHARGES = {"stylesheet", "icon", "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload",
                 "manifest", "apple-touch-icon", "shortcut"}
SCHEMAS_DE_LIEN = {"http", "https", "mailto", "tel", ""}
_URL_CSS = re.compile(r"url\(\s*(['\"]?)([^'\")]*)\1\s*\)|@import\s+(['\"])([^'\"]*)\3", re.I)


def exterieure(adresse: str) -> bool:
    """Une adresse qui ferait une requête hors du site : avec un schéma (sauf data:) ou commençant par //."""
    adresse = adresse.strip()
    if adresse.startswith("//"):
        return True
    schema = urlsplit(adresse).scheme.lower()
    return bool(schema) and schema != "data"


def adresses_css(texte: str) -> list[str]:
    """Les adresses que charge une feuille de style (url(…), @import)."""
    return [m.group(2) if m.group(2) is not None else m.group(4) for m in _URL_CSS.finditer(texte)]


class _Lecteur(HTMLParser):
    def __init__(self, contenu: bool):
        super().__init__(convert_charrefs=True)
        self.contenu = contenu  # True : le contenu d'une page (règles strictes) ; False : la page entière
        self.problemes: list[tuple[str, str]] = []  # (ce qui est refusé, l'extrait à chercher dans la source)
        self._dans_style = False

    def handle_starttag(self, balise: str, attributs: list[tuple[str, str | None]]) -> None:
        valeurs = {nom: valeur or "" for nom, valeur in attributs}
        if self.contenu and balise in ELEMENTS_INTERDITS:
            self.problemes.append((f"balise <{balise}> interdite dans une page", f"<{balise}"))
        for nom, valeur in attributs:
            valeur = valeur or ""
            if self.contenu and nom.startswith("on"):
                self.problemes.append((f"attribut « {nom} » (script) interdit", nom))
            elif self.contenu and nom == "rel" and "attachment" in valeur.split():
                self.problemes.append(("pièce jointe (rel=\"attachment\") interdite : le livret ne joint aucun "
                                       "fichier", "attachment"))
            elif nom in ATTRIBUTS_CHARGES or (nom in ("href", "xlink:href") and balise in (
                    "image", "use", "feimage", "script")):
                for adresse in (valeur.split(",") if "srcset" in nom else [valeur]):
                    adresse = adresse.strip().split(" ")[0]
                    if exterieure(adresse):
                        self.problemes.append((f"adresse extérieure chargée par la page ({nom}) : {adresse}", adresse))
            elif nom == "href" and balise == "link" and LIENS_CHARGES & set(valeurs.get("rel", "").lower().split()):
                if exterieure(valeur):
                    self.problemes.append((f"feuille ou ressource extérieure (<link>) : {valeur}", valeur))
            elif nom == "href" and self.contenu and urlsplit(valeur.strip()).scheme.lower() not in SCHEMAS_DE_LIEN:
                self.problemes.append((f"adresse de lien non permise : {valeur[:60]} (permis : http, https, mailto, "
                                       "tel, pages du site)", valeur))
            elif nom == "style":
                self._css(valeur)
        if balise == "style":
            self._dans_style = True

    def handle_endtag(self, balise: str) -> None:
        if balise == "style":
            self._dans_style = False

    def handle_data(self, texte: str) -> None:
        if self._dans_style:
            self._css(texte)

    def _css(self, texte: str) -> None:
        for adresse in adresses_css(texte):
            if exterieure(adresse):
                self.problemes.append((f"adresse extérieure dans un style : {adresse}", adresse))


def problemes_html(html: str, contenu: bool) -> list[tuple[str, str]]:
    """Ce qui est refusé dans `html` : (message, extrait). `contenu` : le contenu d'une page, sinon la page entière."""
    lecteur = _Lecteur(contenu)
    lecteur.feed(html)
    lecteur.close()
    return lecteur.problemes


def verifier_html(html: str, fichier: str, source: str, projet: Path, contenu: bool = True) -> None:
    """Arrête la construction au premier problème, avec le fichier et la ligne d'où il vient quand on le trouve
    (la page elle-même, sinon un fichier de data/)."""
    problemes = problemes_html(html, contenu)
    if not problemes:
        return
    message, extrait = problemes[0]
    lieu, ligne = _trouver(extrait, fichier, source, projet)
    raise ErreurDonnees(lieu, ligne, None, f"{message}. Le site ne charge rien d'extérieur et n'exécute aucun "
                        "script venu d'une page ou des données ; voir SECURITY.md.")


def _trouver(extrait: str, fichier: str, source: str, projet: Path) -> tuple[str, int | None]:
    for nom, texte in [(fichier, source), *_fichiers_de_donnees(projet)]:
        position = texte.find(extrait) if extrait else -1
        if position < 0 and extrait:
            position = texte.lower().find(extrait.lower())
        if position >= 0:
            return nom, texte[:position].count("\n") + 1
    return fichier, None


def _fichiers_de_donnees(projet: Path):
    dossier = projet / "data"
    for chemin in sorted(dossier.rglob("*.yml")) if dossier.is_dir() else []:
        if chemin.is_file() and not chemin.is_symlink():
            yield chemin.relative_to(projet).as_posix(), chemin.read_text(encoding="utf-8", errors="replace")


def verifier_css(fichier: Path, affiche: str) -> None:
    """Une feuille de style du site ne charge rien d'extérieur (polices, images, @import)."""
    texte = fichier.read_text(encoding="utf-8", errors="replace")
    for m in _URL_CSS.finditer(texte):
        adresse = m.group(2) if m.group(2) is not None else m.group(4)
        if exterieure(adresse):
            raise ErreurDonnees(affiche, texte[:m.start()].count("\n") + 1, None,
                                f"adresse extérieure dans une feuille de style : {adresse}. Le site ne charge rien "
                                "d'extérieur : copiez le fichier dans docs/assets/.")


def chemin_affiche(chemin: Path, projet: Path) -> str:
    """Le chemin tel que le message le nomme : relatif à la structure, ou entier s'il est ailleurs (jamais une
    trace Python parce qu'un dossier n'est pas sous `projet`)."""
    return chemin.relative_to(projet).as_posix() if chemin.is_relative_to(projet) else chemin.as_posix()


def verifier_arborescence(dossier: Path, projet: Path) -> None:
    """Ni lien symbolique (même cassé) ni fichier de contenu caché dans `dossier` (docs/ ou data/)."""
    if not dossier.exists() and not dossier.is_symlink():
        return
    erreurs = []
    if dossier.is_symlink():
        erreurs.append(dossier)
    for racine, dossiers, fichiers in os.walk(dossier):  # os.walk ne suit pas les liens symboliques
        for nom in sorted(dossiers + fichiers):
            chemin = Path(racine) / nom
            nom_affiche = chemin_affiche(chemin, projet)
            if chemin.is_symlink():
                raise ErreurDonnees(nom_affiche, None, None, "lien symbolique refusé : le site ne publie que des "
                                    "fichiers du dépôt. Remplacez le lien par le fichier lui-même.")
            if nom.startswith(".") and nom.endswith((".yml", ".yaml", ".md")):
                raise ErreurDonnees(nom_affiche, None, None, "fichier caché (nom commençant par « . ») : il serait "
                                    "ignoré sans un mot. Renommez-le sans le point, ou supprimez-le.")
    if erreurs:
        raise ErreurDonnees(chemin_affiche(dossier, projet), None, None, "lien symbolique refusé : le "
                            "dossier doit être un vrai dossier du dépôt.")
