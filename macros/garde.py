"""La construction ne lit que le dépôt et ne fait venir rien d'ailleurs : liens symboliques refusés dans docs/
et data/, et aucune page (ni feuille de style) qui ferait charger une adresse extérieure ou exécuter un script.

Fonctions pures, appelées par le crochet macros/crochet_surete.py pour chaque page, et par les tests.
"""
from __future__ import annotations

import functools
import io
import logging
import os
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from . import caches
from .erreurs import ErreurDonnees

# Ce qu'une page n'a pas à contenir : du code, des cadres, des objets, des redirections, des formulaires.
ELEMENTS_INTERDITS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link",
                      "form", "portal", "style", "foreignobject", "handler", "listener"}
# Attributs qui font charger leur adresse (le navigateur ou WeasyPrint), sans qu'on clique.
ATTRIBUTS_CHARGES = {"src", "srcset", "poster", "data", "background", "imagesrcset", "action", "formaction", "ping",
                     "lowsrc", "dynsrc", "codebase", "archive", "manifest", "icon", "xml:base", "longdesc"}
# Attributs d'un lien qu'on suit (sur <a>, <area>) ; ailleurs, href fait charger (<image>, <use>, <feImage>…).
ATTRIBUTS_LIENS = {"href", "xlink:href", "cite", "usemap"}
ELEMENTS_LIENS = {"a", "area"}
# Éléments d'animation (SVG) : ils peuvent changer un attribut, un href compris, après la vérification.
ANIMATIONS = {"animate", "set", "animatemotion", "animatetransform", "animatecolor", "discard"}
# <link rel=…> qui font charger leur adresse (« canonical », « prev », « next » ne chargent rien).
LIENS_CHARGES = {"stylesheet", "icon", "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload",
                 "manifest", "apple-touch-icon", "shortcut"}
SCHEMAS_DE_LIEN = {"http", "https", "mailto", "tel", ""}
# Schémas qui exécutent ou montrent un document fabriqué par l'adresse elle-même : refusés partout.
SCHEMAS_DANGEREUX = {"javascript", "vbscript", "data", "file", "blob", "filesystem"}
# Une adresse `data:` chargée : une image matricielle (un SVG seulement par <img>, où il ne peut rien exécuter).
_DATA_IMAGE = re.compile(r"^data:image/(?:png|jpe?g|gif|webp|avif)[;,]", re.I)
_DATA_SVG = re.compile(r"^data:image/svg\+xml[;,]", re.I)
# Le navigateur ôte tabulations et fins de ligne d'une adresse, et les blancs à ses bords, avant d'en lire le
# schéma : « java&#9;script: » est « javascript: ».
_BLANCS_IGNORES = re.compile(r"[\t\n\r]")
_SCHEMA = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def _normaliser(adresse: str) -> str:
    return _BLANCS_IGNORES.sub("", adresse).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10"
                                                 "\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")


def schema(adresse: str) -> str:
    """Le schéma d'une adresse tel que le lit un navigateur (« » pour une adresse relative)."""
    trouve = _SCHEMA.match(_normaliser(adresse))
    return trouve.group(1).lower() if trouve else ""


def exterieure(adresse: str) -> bool:
    """Une adresse qui ferait une requête hors du site : avec un schéma (sauf data:) ou commençant par //."""
    adresse = _normaliser(adresse)
    if adresse.startswith(("//", "\\\\", "/\\", "\\/")):
        return True
    return schema(adresse) not in ("", "data")


def adresses_css(texte: str) -> list[tuple[str, int]]:
    """Les adresses que charge un texte CSS (feuille, contenu de <style> ou attribut style), avec leur ligne :
    url(…), src(…), image-set(…), @import. Lu par tinycss2 : échappements (« u\\72l( ») et commentaires compris."""
    import tinycss2  # installé avec WeasyPrint

    trouvees: list[tuple[str, int]] = []

    def parcourir(noeuds, dans_un_ensemble: bool = False) -> None:
        precedent = None
        for noeud in noeuds:
            genre = noeud.type
            if genre == "url":
                trouvees.append((noeud.value, noeud.source_line))
            elif genre == "string" and (dans_un_ensemble or (precedent is not None and precedent.type == "at-keyword"
                                                              and precedent.lower_value == "import")):
                trouvees.append((noeud.value, noeud.source_line))
            elif genre == "function":
                nom = noeud.lower_name
                if nom in ("url", "src"):
                    chaines = [a for a in noeud.arguments if a.type == "string"]
                    trouvees.extend((a.value, a.source_line) for a in chaines[:1])
                parcourir(noeud.arguments, nom.endswith("image-set") or nom in ("image", "cross-fade"))
            elif genre in ("() block", "[] block", "{} block"):
                parcourir(noeud.content)
            if genre not in ("whitespace", "comment"):
                precedent = noeud

    parcourir(tinycss2.parse_component_value_list(texte))
    return trouvees


@functools.lru_cache(maxsize=1024)
def _adresses_d_un_style(texte: str) -> tuple[tuple[str, int], ...]:
    """`adresses_css`, gardé pour les mêmes textes : les graphiques répètent les mêmes attributs style (197 dans
    les pages du site par défaut, 15 différents), que tinycss2 relisait un à un."""
    return tuple(adresses_css(texte))


class _Lecteur(HTMLParser):
    def __init__(self, contenu: bool, svg: bool = False):
        super().__init__(convert_charrefs=True)
        self.contenu = contenu  # True : le contenu d'une page (règles strictes) ; False : la page entière
        self.svg = svg  # un fichier SVG de docs/ : règles du contenu, mais <style> permis (son CSS est vérifié)
        self.problemes: list[tuple[str, str]] = []  # (ce qui est refusé, l'extrait à chercher dans la source)
        self._dans_style = False

    def _refuser(self, message: str, extrait: str) -> None:
        self.problemes.append((message, extrait))

    def handle_starttag(self, balise: str, attributs: list[tuple[str, str | None]]) -> None:
        valeurs = {nom: valeur or "" for nom, valeur in attributs}
        if self.contenu and balise in ELEMENTS_INTERDITS and not (self.svg and balise == "style"):
            self._refuser(f"balise <{balise}> interdite dans une page", f"<{balise}")
        if self.contenu and balise in ANIMATIONS:
            cible = valeurs.get("attributename", "").strip().lower()
            if cible.endswith("href") or cible in ATTRIBUTS_CHARGES or cible == "style" or cible.startswith("on"):
                self._refuser(f"animation de l'attribut « {cible} » interdite (elle changerait une adresse après la "
                              "vérification)", "attributeName")
        for nom, valeur in attributs:
            self._attribut(balise, nom, valeur or "", valeurs)
        if balise == "style":
            self._dans_style = True

    def handle_startendtag(self, balise: str, attributs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(balise, attributs)
        if balise == "style":
            self._dans_style = False

    def _attribut(self, balise: str, nom: str, valeur: str, valeurs: dict[str, str]) -> None:
        if nom.endswith(":href"):  # xlink:href, ou tout autre préfixe de l'espace de noms XLink (fichier SVG)
            nom = "xlink:href"
        if self.contenu and nom.startswith("on"):
            self._refuser(f"attribut « {nom} » (script) interdit", nom)
        elif self.contenu and nom == "rel" and "attachment" in valeur.split():
            self._refuser("pièce jointe (rel=\"attachment\") interdite : le livret ne joint aucun fichier",
                          "attachment")
        elif nom == "style":
            self._css(valeur)
        elif nom in ("values", "to", "from", "by") and balise in ANIMATIONS:
            if any(schema(v) in SCHEMAS_DANGEREUX for v in valeur.split(";")):
                self._refuser(f"adresse non permise dans une animation : {valeur[:60]}", valeur)
        elif nom == "href" and balise == "link":
            if LIENS_CHARGES & set(valeurs.get("rel", "").lower().split()) and exterieure(valeur):
                self._refuser(f"feuille ou ressource extérieure (<link>) : {valeur}", valeur)
        elif nom in ATTRIBUTS_LIENS and balise in ELEMENTS_LIENS | {"blockquote", "q", "del", "ins", "img"}:
            self._lien(nom, valeur)
        elif nom in ATTRIBUTS_CHARGES or nom in ATTRIBUTS_LIENS:
            for adresse in (valeur.split(",") if "srcset" in nom else [valeur]):
                adresse = _normaliser(adresse).split(" ")[0]
                if exterieure(adresse):
                    self._refuser(f"adresse extérieure chargée par la page ({nom}) : {adresse}", adresse)
                elif schema(adresse) == "data" and not (_DATA_IMAGE.match(adresse) or (
                        balise == "img" and _DATA_SVG.match(adresse))):
                    self._refuser(f"adresse « data: » non permise ({nom}) : seules des images", adresse[:40])

    def _lien(self, nom: str, valeur: str) -> None:
        genre = schema(valeur)
        if genre in SCHEMAS_DANGEREUX or (self.contenu and genre not in SCHEMAS_DE_LIEN):
            self._refuser(f"adresse de lien non permise ({nom}) : {valeur[:60]} (permis : http, https, mailto, "
                          "tel, pages du site)", valeur)

    def handle_endtag(self, balise: str) -> None:
        if balise == "style":
            self._dans_style = False

    def handle_data(self, texte: str) -> None:
        if self._dans_style:
            self._css(texte)

    def handle_decl(self, declaration: str) -> None:
        if self.svg and "ENTITY" in declaration.upper():
            self._refuser("déclaration d'entité (<!ENTITY>) interdite dans un SVG", "ENTITY")

    def unknown_decl(self, donnees: str) -> None:
        if self.svg and "ENTITY" in donnees.upper():
            self._refuser("déclaration d'entité (<!ENTITY>) interdite dans un SVG", "ENTITY")

    def _css(self, texte: str) -> None:
        for adresse, _ in _adresses_d_un_style(texte):
            if exterieure(adresse):
                self._refuser(f"adresse extérieure dans un style : {adresse}", adresse)


# Là où l'analyseur de Python et celui d'un navigateur ne coupent pas le texte de la même façon : commentaire
# fermé d'emblée (« <!--> », « <!---> »), fin de commentaire « --!> », section « <![CDATA[ » (hors SVG, un
# navigateur la ferme au premier « > »). Ce qui les suit serait lu ici comme un commentaire, et là comme du HTML :
# refusés (aucune page n'en a besoin).
_DIVERGENCES = re.compile(r"<!--->?|<!-->|--!>|<!\[", re.I)


def problemes_html(html: str, contenu: bool, svg: bool = False) -> list[tuple[str, str]]:
    """Ce qui est refusé dans `html` : (message, extrait). `contenu` : le contenu d'une page, sinon la page entière ;
    `svg` : un fichier SVG (règles du contenu, <style> vérifié)."""
    divergence = _DIVERGENCES.search(html) if contenu else None
    if divergence:
        return [(f"« {divergence.group()} » interdit : un commentaire s'écrit « <!-- … --> »", divergence.group())]
    lecteur = _Lecteur(contenu, svg)
    lecteur.feed(html)
    lecteur.close()
    return lecteur.problemes


def problemes_svg(texte: str) -> list[tuple[str, str]]:
    """Ce qui est refusé dans un fichier SVG, lu comme le lit un navigateur : en XML (un <script> placé dans un
    <style> y est un élément, pas du texte). Les mêmes règles que le contenu d'une page, <style> vérifié."""
    import xml.etree.ElementTree as arbre

    if re.search(r"<!(?:DOCTYPE|ENTITY)", texte, re.I):
        return [("déclaration <!DOCTYPE> ou d'entité (<!ENTITY>) interdite dans un SVG", "<!")]
    try:
        racine = arbre.fromstring(texte)
    except arbre.ParseError as erreur:
        return [(f"SVG illisible (XML invalide, ligne {erreur.position[0]})", "")]
    lecteur = _Lecteur(contenu=True, svg=True)
    for element in racine.iter():
        nom = str(element.tag).rsplit("}", 1)[-1].lower()
        attributs = [("xlink:href" if cle.endswith("}href") and "xlink" in cle else cle.rsplit("}", 1)[-1].lower(),
                      valeur) for cle, valeur in element.attrib.items()]
        lecteur.handle_starttag(nom, attributs)
        if nom == "style":
            lecteur._css("".join(element.itertext()))
        lecteur.handle_endtag(nom)
    return lecteur.problemes


def verifier_html(html: str, fichier: str, source: str, projet: Path, contenu: bool = True,
                  verdicts: Path | None = None) -> None:
    """Arrête la construction au premier problème, avec le fichier et la ligne d'où il vient quand on le trouve
    (la page elle-même, sinon un fichier de data/). `verdicts` : voir `_deja_sain`."""
    if _deja_sain(html, contenu, verdicts):
        return
    problemes = problemes_html(html, contenu)
    if not problemes:
        _noter_sain(html, contenu, verdicts)
        return
    message, extrait = problemes[0]
    lieu, ligne = _trouver(extrait, fichier, source, projet)
    raise ErreurDonnees(lieu, ligne, None, f"{message}. Le site ne charge rien d'extérieur et n'exécute aucun "
                        "script venu d'une page ou des données ; voir SECURITY.md.")


def verifier_page(html: str, contenu_verifie: str | None, fichier: str, source: str, projet: Path,
                  lignes_saines: set[str] | None = None, verdicts: Path | None = None) -> None:
    """La page entière, gabarits compris (règles de la page) ; son contenu, s'il y est tel que `verifier_html` l'a
    vérifié avec les règles plus strictes du contenu, n'est pas relu : seul ce que le thème a écrit autour l'est.
    Un contenu changé depuis sa vérification (par un autre greffon) n'est pas retrouvé, et se relit avec la page.

    `lignes_saines` : les lignes du thème déjà lues sans problème pendant la construction (`page_saine`), que
    cette page ne relit pas ; au moindre problème, la page est relue d'un bloc, pour le même message.
    `verdicts` : voir `_deja_sain`."""
    if contenu_verifie and contenu_verifie in html:
        html = html.replace(contenu_verifie, "", 1)
    if _deja_sain(html, False, verdicts):
        return
    if lignes_saines is None or not page_saine(html, lignes_saines):
        verifier_html(html, fichier, source, projet, contenu=False)
    _noter_sain(html, False, verdicts)


def _empreinte_saine(html: str, contenu: bool, verdicts: Path) -> Path:
    # Le verdict ne dépend que du texte, des règles (contenu ou page), du code du moteur et de Python (html.parser).
    return verdicts / caches.empreinte((caches.empreinte_du_code(), sys.version, contenu, html))


def _deja_sain(html: str, contenu: bool, verdicts: Path | None) -> bool:
    """Le même texte a déjà été vérifié sain, avec les mêmes règles et le même code, dans `verdicts` (.cache/garde/ :
    une page inchangée ne se relit pas d'une construction à l'autre ; un texte refusé n'y est jamais noté)."""
    return verdicts is not None and _empreinte_saine(html, contenu, verdicts).is_file()


def _noter_sain(html: str, contenu: bool, verdicts: Path | None) -> None:
    if verdicts is not None:
        caches.ecrire(_empreinte_saine(html, contenu, verdicts), "")


def page_saine(html: str, lignes_saines: set[str]) -> bool:
    """Vrai si la page n'a aucun problème (règles de la page). Le thème répète les mêmes lignes d'une page à
    l'autre (navigation, en-tête, icônes) : la page est donnée au lecteur ligne par ligne, et une ligne déjà lue
    saine en entier, d'un état neutre à un état neutre (hors de toute balise, commentaire, script ou style), est
    sautée quand la lecture en est à un état neutre ; la lire donnerait les mêmes éléments, sans problème. Les
    lignes qui finissent ainsi sont ajoutées à `lignes_saines`.

    L'état neutre se voit à la position du lecteur : tout ce qu'il a reçu est lu (une balise, un commentaire ou
    un script inachevés restent en attente, la fin de ligne comprise)."""
    lecteur = _Lecteur(contenu=False)
    lignes = html.split("\n")
    recues = 0  # lignes entières données au lecteur
    neutre = True
    for rang, ligne in enumerate(lignes):
        if rang == len(lignes) - 1:  # la fin, sans fin de ligne : toujours lue
            lecteur.feed(ligne)
            break
        ligne += "\n"
        if neutre and ligne in lignes_saines:
            continue
        problemes = len(lecteur.problemes)
        lecteur.feed(ligne)
        recues += 1
        etait_neutre, neutre = neutre, lecteur.getpos() == (recues + 1, 0)
        if etait_neutre and neutre and len(lecteur.problemes) == problemes:
            lignes_saines.add(ligne)
    lecteur.close()
    return not lecteur.problemes


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
    for adresse, ligne in adresses_css(texte):
        if exterieure(adresse):
            raise ErreurDonnees(affiche, ligne, None,
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


# ── Fichiers de docs/ publiés tels quels ──────────────────────────────────────────────────────────────────────
# Les seuls types qu'un éditeur peut publier : des pages, des images, des PDF, des feuilles de style, du texte.
# Les feuilles et les SVG sont vérifiés comme une page ; une image matricielle ou un PDF doit être ce que dit
# son extension (un fichier HTML renommé en .png n'est pas une image) ; ni .html, ni .js, ni rien d'autre.
_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"), ".webp": (b"RIFF",), ".avif": (b"\x00\x00\x00",), ".pdf": (b"%PDF-",),
}
TYPES_PERMIS = (".md", ".css", ".svg", ".txt", ".csv", *_SIGNATURES)
# Ce qu'un lecteur de PDF exécuterait ou ouvrirait de lui-même : script, lancement, fichier joint, formulaire.
_PDF_ACTIF = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA|SubmitForm|ImportData)\b")


_NOMS_ACTIFS = {"/JS", "/JavaScript", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA",
                "/SubmitForm", "/ImportData"}


def action_pdf(contenu: bytes) -> str | None:
    """Le nom d'une action automatique du PDF, ou None. Les octets d'abord ; puis chaque objet que le PDF
    atteint, lu par pypdf : une action rangée dans un flux d'objets compressé n'apparaît pas dans les octets."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    actif = _PDF_ACTIF.search(contenu)
    if actif:
        return actif.group().decode()
    journal = logging.getLogger("pypdf")  # ses avertissements sur un PDF abîmé : la réponse suffit
    niveau, journal.level = journal.level, logging.ERROR
    try:
        lecteur = PdfReader(io.BytesIO(contenu), strict=False)
        if lecteur.is_encrypted:
            return "PDF chiffré, illisible pour la vérification"
        pile, vus = [lecteur.trailer], set()
        while pile:
            objet = pile.pop()
            if isinstance(objet, IndirectObject):
                if (objet.idnum, objet.generation) in vus:
                    continue
                vus.add((objet.idnum, objet.generation))
                objet = objet.get_object()
            if isinstance(objet, DictionaryObject):
                for cle, valeur in objet.items():
                    if cle in _NOMS_ACTIFS or (cle == "/S" and valeur in _NOMS_ACTIFS):
                        return cle if cle in _NOMS_ACTIFS else str(valeur)
                    pile.append(valeur)
            elif isinstance(objet, ArrayObject):
                pile.extend(objet)
    except (PyPdfError, ValueError, KeyError, OSError, RecursionError):
        return "PDF illisible pour la vérification"
    finally:
        journal.setLevel(niveau)
    return None


def _fichiers_publies(docs: Path):
    """(chemin, chemin relatif à docs/) de chaque fichier de docs/ que MkDocs publie, dans l'ordre : ni dossier,
    ni fichier caché (les liens symboliques sont refusés à part)."""
    for chemin in sorted(docs.rglob("*")):
        relatif = chemin.relative_to(docs)
        if chemin.is_file() and not any(partie.startswith(".") for partie in relatif.parts):
            yield chemin, relatif


def verifier_fichiers_statiques(docs: Path, projet: Path) -> None:
    """Chaque fichier de docs/ que MkDocs publierait tel quel : d'un type permis, et inerte."""
    for chemin, _ in _fichiers_publies(docs):
        affiche = chemin_affiche(chemin, projet)
        extension = chemin.suffix.lower()
        if extension not in TYPES_PERMIS:
            raise ErreurDonnees(affiche, None, None, f"type de fichier non publié ({extension or 'sans extension'}) : "
                                "docs/ ne contient que des pages (.md), des images (.png, .jpg, .gif, .webp, .avif, "
                                ".svg), des PDF, des feuilles de style (.css) et du texte (.txt, .csv). Pas de page "
                                "HTML ni de script : voir SECURITY.md.")
        if extension == ".css":
            verifier_css(chemin, affiche)
        elif extension == ".svg":
            texte = chemin.read_text(encoding="utf-8", errors="replace")
            problemes = problemes_svg(texte)
            if problemes:
                message, extrait = problemes[0]
                position = texte.find(extrait) if extrait else -1
                raise ErreurDonnees(affiche, texte[:position].count("\n") + 1 if position >= 0 else None, None,
                                    f"{message}. Une image SVG ne contient ni script, ni lien actif, ni adresse "
                                    "extérieure ; voir SECURITY.md.")
        elif extension in _SIGNATURES:
            with chemin.open("rb") as fichier:
                debut = fichier.read(16)
            if not debut.startswith(_SIGNATURES[extension]) or (extension == ".webp" and debut[8:12] != b"WEBP") \
                    or (extension == ".avif" and debut[4:8] != b"ftyp"):
                raise ErreurDonnees(affiche, None, None, f"ce fichier n'est pas une image ou un PDF « {extension} » "
                                    "valide : réenregistrez-le depuis un logiciel d'images (ou de PDF).")
            if extension == ".pdf":
                actif = action_pdf(chemin.read_bytes())
                if actif:
                    raise ErreurDonnees(affiche, None, None, f"ce PDF contient une action automatique "
                                        f"({actif}) : script, fichier joint ou formulaire. "
                                        "Réexportez-le en PDF simple (« Imprimer en PDF »).")


def reencoder_images(docs: Path, site: Path, projet: Path) -> None:
    """Chaque image matricielle de docs/, réenregistrée dans le site par Pillow : seuls ses pixels sont publiés
    (ni métadonnées, ni commentaire, ni octets cachés après l'image), et une image illisible arrête la
    construction."""
    from PIL import Image, UnidentifiedImageError

    for chemin, relatif in _fichiers_publies(docs):
        if chemin.suffix.lower() not in _SIGNATURES or chemin.suffix.lower() == ".pdf":
            continue
        publie = site / relatif
        try:
            with Image.open(chemin) as image:
                image.load()
                animee = getattr(image, "n_frames", 1) > 1
                options = {"save_all": True} if animee else {}
                if image.format in ("JPEG", "WEBP", "AVIF"):
                    options["quality"] = 95
                propre = publie.with_name(publie.name + ".tmp")
                image.save(propre, format=image.format, **options)
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as erreur:
            raise ErreurDonnees(chemin_affiche(chemin, projet), None, None, "cette image ne se lit pas "
                                f"({type(erreur).__name__}) : réenregistrez-la depuis un logiciel d'images.") from None
        propre.replace(publie)


# ── Markdown d'une page, avant sa conversion ──────────────────────────────────────────────────────────────────
# Python-Markdown descend récursivement dans les listes, les citations et les blocs HTML, et relit les crochets
# ouverts : une imbrication démesurée le fait tomber (trace Python) ou tourner des minutes. Aucune page n'en a
# besoin : au-delà, la page est refusée avant d'être convertie.
IMBRICATION_MAX = 40
_RETRAIT = re.compile(r"^([ \t]*)(?:[-*+]|\d+[.)])[ \t]", re.M)
_CITATION = re.compile(r"^(?:[ \t]*>){%d}" % (IMBRICATION_MAX + 1), re.M)  # noqa: UP031
_BALISE_BLOC = re.compile(r"<(/?)(div|details|section|blockquote|ul|ol|li|table|p|span)\b[^>]*?(/?)>", re.I)


def probleme_markdown(texte: str) -> tuple[str, int] | None:
    """(ce qui est refusé, position) dans le Markdown d'une page, ou None."""
    for retrait in _RETRAIT.finditer(texte):
        if len(retrait.group(1).expandtabs(4)) >= 4 * IMBRICATION_MAX:
            return f"liste imbriquée sur plus de {IMBRICATION_MAX} niveaux", retrait.start()
    citation = _CITATION.search(texte)
    if citation:
        return f"citation imbriquée sur plus de {IMBRICATION_MAX} niveaux", citation.start()
    for ouvrant, fermant, nom in (("[", "]", "crochets ouverts"), ("(", ")", "parenthèses ouvertes")):
        # Un paragraphe neuf remet la profondeur à zéro (Python-Markdown ne relit pas au-delà) ; un paragraphe qui
        # n'ouvre pas plus de IMBRICATION_MAX fois ne peut pas les dépasser : seuls les autres sont parcourus.
        debut = 0
        for paragraphe in texte.split("\n\n"):
            if paragraphe.count(ouvrant) > IMBRICATION_MAX:
                profondeur = 0
                for position, caractere in enumerate(paragraphe, debut):
                    if caractere == ouvrant:
                        profondeur += 1
                        if profondeur > IMBRICATION_MAX:
                            return f"{nom} sur plus de {IMBRICATION_MAX} niveaux", position
                    elif caractere == fermant and profondeur:
                        profondeur -= 1
            debut += len(paragraphe) + 2
    profondeur = 0
    for balise in _BALISE_BLOC.finditer(texte):
        if balise.group(3):
            continue
        profondeur += -1 if balise.group(1) else 1
        if profondeur > 4 * IMBRICATION_MAX:
            return f"balises HTML imbriquées sur plus de {4 * IMBRICATION_MAX} niveaux", balise.start()
    return None


def verifier_markdown(texte: str, fichier: str, source: str) -> None:
    """Arrête la construction sur une imbrication que Python-Markdown ne saurait pas convertir, avec la ligne."""
    probleme = probleme_markdown(texte)
    if probleme is None:
        return
    message, position = probleme
    extrait = texte[position:position + 40].strip()
    trouve = source.find(extrait) if extrait else -1
    ligne = source[:trouve].count("\n") + 1 if trouve >= 0 else texte[:position].count("\n") + 1
    raise ErreurDonnees(fichier, ligne, None, f"{message} : la page ne peut pas être mise en forme. "
                        "Simplifiez sa structure.")
