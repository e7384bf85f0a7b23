"""Typographie française d'une page rendue : une fonction pure, du HTML vers du HTML.

Appliquée à ce qu'écrivent les éditeurs (pages et textes de data/), après le rendu Markdown : par un seul
crochet pour le site (macros/crochets.py, `on_page_content`), et donc aussi pour le livret, fait des pages
rendues. Elle touche au texte et à l'info-bulle (`title`) qu'un lecteur lit au survol : jamais aux balises, aux
autres attributs (adresses, identifiants), ni au contenu de `code`, `pre`, `script`, `style`, `svg`. Les titres
que le thème écrit hors de la page (navigation, onglet, pied de page, nom du site) passent par `titre_publie`.

- espace fine insécable (U+202F) avant « ; ! ? », à l'intérieur des « guillemets », entre les milliers, et
  entre un nombre et « % » ou « € » ; espace insécable (U+00A0) avant « : » et entre un nombre et son unité :
  une ligne ne commence jamais par une ponctuation ;
- apostrophe typographique (’) au lieu de l'apostrophe droite ;
- chaque sigle connu (data/sigles.yml) expliqué au survol par `<abbr title="…">` ;
- l'appel de source d'un chiffre placé après le groupe de mots qu'il accompagne (« 73 500 habitants¹ »), pour
  que le texte copié, de la page comme du livret, garde « 73 500 habitants » et non « 73 5001 habitants ».
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from html import escape, unescape

from .gabarits_jinja import environnement
from .surete import texte_inerte

FINE = "\u202f"
INSECABLE = "\u00a0"

# Éléments dont le texte n'est pas de la prose (code, scripts, dessins) : laissés tels quels.
_INTOUCHABLES = {"code", "pre", "kbd", "samp", "script", "style", "textarea", "svg", "math", "template"}
# Éléments où un sigle n'est pas remplacé par <abbr> (déjà expliqué, ou texte hors du corps de la page).
_SANS_ABBR = {"abbr", "title", "option"}
_BALISE = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_NOM_DE_BALISE = re.compile(r"^</?([a-zA-Z][a-zA-Z0-9-]*)")
# L'info-bulle d'un élément (sigle, chiffre et sa source) : du texte lu au survol, entre guillemets doubles comme
# l'écrivent Python-Markdown, BeautifulSoup et les gabarits.
_INFO_BULLE = re.compile(r'(\stitle=")([^"]*)(")')

_UNITES_FINES = r"%|€|k€|M€"
_UNITES = r"km²|km|m²|kg|ha|min|h"
# Chaque règle, précédée des caractères sans lesquels elle n'a rien à changer (aucune n'en ajoute ni n'en ôte) :
# un texte sans aucun d'eux ne passe pas par elle.
_PONCTUATION_HAUTE = frozenset(";!?")
_CHIFFRES = frozenset("0")  # tout chiffre (\d, de toute écriture) compte comme « 0 » : voir _sans_adresse
_CHIFFRE = re.compile(r"\d")
_REGLES: list[tuple[frozenset[str], re.Pattern, str]] = [
    (frozenset("'"), re.compile(r"'"), "’"),
    # Avant ; ! ? : une espace fine insécable, qu'il y ait eu une espace (ordinaire ou non) ou aucune.
    (_PONCTUATION_HAUTE, re.compile(r"[ \u00a0\u202f]+([;!?])"), FINE + r"\1"),
    (_PONCTUATION_HAUTE, re.compile(r"(?<=[^\W\d_])([;!?])(?=\s|$)"), FINE + r"\1"),
    # Avant les deux-points : une espace insécable (« 10:30 » n'a pas d'espace et reste tel quel).
    (frozenset(":"), re.compile(r"[ \u00a0\u202f]+:"), INSECABLE + ":"),
    (frozenset(":"), re.compile(r"(?<=[^\W\d_])(:)(?=\s)"), INSECABLE + r"\1"),
    # Guillemets français : une espace fine insécable à l'intérieur.
    (frozenset("«"), re.compile(r"«[ \u00a0\u202f]*"), "«" + FINE),
    (frozenset("»"), re.compile(r"[ \u00a0\u202f]*»"), FINE + "»"),
    # Un nombre et son unité ne se séparent pas ; les milliers non plus (« 10 000 » tapé avec une espace).
    (_CHIFFRES, re.compile(rf"(\d)[ \u00a0]({_UNITES_FINES})(?![\w])"), r"\1" + FINE + r"\2"),
    (_CHIFFRES, re.compile(rf"(\d) ({_UNITES})(?![\w])"), r"\1" + INSECABLE + r"\2"),
    (_CHIFFRES, re.compile(r"(?<![\d,])(\d{1,3})[ \u00a0](?=\d{3}(?!\d))"), r"\1" + FINE),
]

# L'appel de source tel que l'écrit rendus.appel_source_html, juste après la fin d'un chiffre ou d'une date.
_APPEL = re.compile(r'(</span>|</time>)(<sup class="appel-source">)(<a [^>]*>\d+</a>)(</sup>)([^<]*)')
# Une fin de ligne du Markdown n'en est pas une pour le lecteur : une espace comme une autre, jamais une coupure.
_PONCTUATION = re.compile(r"[,;:.!?…()\[\]«»]")
_MOT = re.compile(r"\S+")
# Mots qui ne terminent pas un groupe nominal : l'appel se place avant eux (« 23 personnes¹ et 5 sites »).
_MOTS_DE_LIAISON = {"et", "ou", "dont", "de", "du", "des", "d’", "d'", "à", "au", "aux", "en", "sur", "pour", "par",
                    "avec", "qui", "que", "la", "le", "les", "l’", "l'", "un", "une", "dans", "entre", "sont", "est", "y", "se",
                    "ne", "n’", "ont", "a", "était", "étaient", "vers", "chez", "sans", "sous", "depuis", "contre"}


def typographier(html: str, sigles: Mapping[str, str] | None = None) -> str:
    """Le HTML d'une page, son texte mis aux règles de la typographie française (voir le module)."""
    html = placer_les_appels(html)
    motif_sigles = _motif(sigles) if sigles else None
    morceaux = _BALISE.split(html)
    balises = _BALISE.findall(html)
    ouverts: list[str] = []
    sortie: list[str] = []
    # Une info-bulle revient souvent dans une page (la même source, le même sigle) : réglée une fois par page.
    bulles: dict[str, str] = {}

    def bulle(texte: str) -> str:
        if texte not in bulles:
            bulles[texte] = _regles(texte)
        return bulles[texte]

    for i, texte in enumerate(morceaux):
        if texte:
            if not _INTOUCHABLES.intersection(ouverts):
                abbr = motif_sigles if motif_sigles and not _SANS_ABBR.intersection(ouverts) else None
                texte = _texte(texte, abbr, sigles, bulle)
            sortie.append(texte)
        if i < len(balises):
            balise = balises[i]
            if 'title="' in balise and not _INTOUCHABLES.intersection(ouverts):
                balise = _INFO_BULLE.sub(lambda trouve: trouve[1] + escape(bulle(unescape(trouve[2]))) + trouve[3],
                                         balise)
            sortie.append(balise)
            _suivre(balise, ouverts)
    return "".join(sortie)


def texte_publie(ecrit: str) -> str:
    """Un texte brut tel que l'éditeur l'écrit (un nom, un titre), tel que les pages et les PDF le montrent : pour
    comparer ce qu'écrit data/ à ce qui est publié."""
    return unescape(typographier(escape(ecrit, quote=False)))


def titre_publie(titre: str) -> str:
    """Un titre que le thème écrit tel quel (HTML échappé et inerte : nom du site, titre de page ou de section, du
    sommaire de la page), mis aux mêmes règles que le texte des pages ; l'appliquer deux fois ne change rien."""
    return texte_inerte(texte_publie(unescape(titre)))


def _suivre(balise: str, ouverts: list[str]) -> None:
    """Tient la pile des éléments ouverts qui comptent (intouchables, sans abbr)."""
    nom = _NOM_DE_BALISE.match(balise)
    if nom is None:
        return
    nom_ = nom.group(1).lower()
    if nom_ not in _INTOUCHABLES and nom_ not in _SANS_ABBR:
        return
    if balise.startswith("</"):
        if nom_ in ouverts:
            del ouverts[len(ouverts) - 1 - ouverts[::-1].index(nom_)]
    elif not balise.endswith("/>"):
        ouverts.append(nom_)


def _motif(sigles: Mapping[str, str]) -> re.Pattern:
    noms = sorted(sigles, key=len, reverse=True)
    return re.compile(r"(?<![\w\-/.@])(" + "|".join(map(re.escape, noms)) + r")(?![\w\-/@]|\.\w)")


# Une adresse écrite dans le texte (« https://… », « www.… », « exemple.github.io/projet/2024-2028 ») : recopiée
# du papier, elle doit mener au même endroit ; aucune règle n'y touche (ni apostrophe, ni espace, ni tiret).
_ADRESSE = re.compile(r"(?:https?://|mailto:|www\.)[^\s<>«»\"]+|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/[^\s<>«»\"]*",
                      re.IGNORECASE)
_FIN_DE_PHRASE = re.compile(r"[.,;:!?)\]]+$")


def _regles(texte: str) -> str:
    """Les règles appliquées au texte, sauf aux adresses qu'il contient."""
    if not _A_TRAITER.search(texte):  # un titre, une info-bulle sans rien à régler (« Lien vers cette section »)
        return texte
    morceaux, debut = [], 0
    for trouve in _ADRESSE.finditer(texte):
        # La ponctuation qui suit l'adresse est celle de la phrase : « voir exemple.fr/a. » garde son point.
        fin = trouve.start() + len(_FIN_DE_PHRASE.sub("", trouve.group()))
        morceaux += [_sans_adresse(texte[debut:trouve.start()]), texte[trouve.start():fin]]
        debut = fin
    morceaux.append(_sans_adresse(texte[debut:]))
    return "".join(morceaux)


def _sans_adresse(texte: str) -> str:
    presents = set(texte)
    if _CHIFFRE.search(texte):
        presents.add("0")
    for declencheurs, motif, remplacement in _REGLES:
        if not presents.isdisjoint(declencheurs):
            texte = motif.sub(remplacement, texte)
    return texte


# Les caractères sur lesquels une règle agit (ponctuation, guillemets, apostrophe, chiffres) ou que la réécriture
# en HTML change (entités, chevrons) : un morceau qui n'en a aucun (la plupart : blancs entre balises, mots)
# ressort tel quel des règles, sans les passer une à une.
_A_TRAITER = re.compile(r"[';!?:«»\d&<>]")


def _texte(texte: str, abbr: re.Pattern | None, sigles: Mapping[str, str] | None,
           bulle: Callable[[str], str]) -> str:
    """Un morceau de texte entre deux balises : règles appliquées, puis réécrit en HTML (sigles en <abbr>)."""
    if not _A_TRAITER.search(texte):
        if abbr is None or not abbr.search(texte):
            return texte
        brut = texte
    else:
        brut = _regles(unescape(texte))
    if abbr is None:
        return escape(brut, quote=False)
    morceaux, debut = [], 0
    for trouve in abbr.finditer(brut):
        morceaux.append(escape(brut[debut:trouve.start()], quote=False))
        sigle = trouve.group(1)
        # L'info-bulle, lue au survol comme le texte.
        morceaux.append(str(environnement().get_template("rendus.html").module.sigle(sigle, bulle(sigles[sigle]))))
        debut = trouve.end()
    morceaux.append(escape(brut[debut:], quote=False))
    return "".join(morceaux)


def placer_les_appels(html: str) -> str:
    """Chaque appel de source collé à un chiffre passe après les mots qui le suivent, jusqu'à la ponctuation.

    Un chiffre qui finit sa phrase ou son élément garde son appel, mis entre crochets (« en 2023 [1]. ») :
    copié, le nombre reste lisible, jamais « 20231 »."""
    return _APPEL.sub(_placer, html)


def _placer(trouve: re.Match) -> str:
    fin, ouvre, lien, ferme, suite = trouve.groups()
    suite = unescape(suite)  # « d&#x27;un » : le point-virgule d'une entité n'est pas une ponctuation
    coupure = _PONCTUATION.search(suite)
    groupe = suite[:coupure.start()] if coupure else suite
    # Le groupe nominal : le nom et ce qui le qualifie, jusqu'au premier mot de liaison (« 5 salariés¹ et reçoit »,
    # jamais « reçoit¹ 1 415 », où l'appel se collerait au nombre suivant). Les mots se séparent par toute espace,
    # fin de ligne comprise : la place de l'appel ne dépend pas de l'endroit où l'éditeur a coupé ses lignes.
    fin_du_groupe, nom_vu = 0, False
    for mot in _MOT.finditer(groupe):
        if mot.group().lower() in _MOTS_DE_LIAISON and nom_vu:
            break
        nom_vu = nom_vu or mot.group().lower() not in _MOTS_DE_LIAISON
        fin_du_groupe = mot.end()
    garde = groupe[:fin_du_groupe]
    if not garde.strip() or not suite[:1].isspace():
        return f"{fin}{ouvre}[{lien}]{ferme}{escape(suite, quote=False)}"
    return f"{fin}{escape(garde, quote=False)}{ouvre}{lien}{ferme}{escape(suite[len(garde):], quote=False)}"
