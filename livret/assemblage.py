"""Assemblage : les pages rendues (HTML sans thème) → un seul document HTML à imprimer.

Chaque page devient une partie ; ses identifiants sont préfixés par la clé de la partie (deux pages peuvent
avoir un titre « Objectifs ») ; les liens entre pages deviennent des renvois internes au document ; les liens
vers l'extérieur gardent leur adresse, imprimée après le texte.
"""
from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from markupsafe import Markup

from macros import format as fmt
from macros.gabarits_jinja import environnement
from macros.notes import SELECTEUR as NOTES_AUX_EDITEURS
from macros.typographie import texte_publie, typographier

if TYPE_CHECKING:
    from bs4 import Tag
    from jinja2.environment import TemplateModule

# Adresse fictive de la racine du site : résout les liens relatifs d'une page ; le rendu la reconnaît et sert
# les images depuis les fichiers du site (le domaine .invalid ne peut pas exister sur le réseau).
RACINE = "https://site.invalid/"

# Ce qui n'a pas de sens sur papier : l'ancre « ¶ » des titres, les scripts, les blocs de navigation d'une
# page (filtres, boutons), ce que l'éditeur a marqué « hors-pdf », les notes aux éditeurs (macros/notes.py).
_A_RETIRER = f"a.headerlink, script, noscript, template, nav, button, .hors-pdf, {NOTES_AUX_EDITEURS}"


@dataclass(frozen=True)
class Partie:
    """Une page du site devenue partie du document ; sans HTML, c'est l'intertitre d'une section."""

    titre: str
    adresse: str  # chemin de la page depuis la racine du site : "", "valeurs/", "fiches/fr-1/"
    html: str | None = None
    niveau: int = 1  # profondeur dans le sommaire et les signets (1 = premier niveau)
    extrait: bool = False  # seulement les blocs de classe « livret-extrait » et la liste « Sources » (chiffres clés)


@dataclass(frozen=True)
class Couverture:
    """Ce que porte la couverture, et les métadonnées du PDF."""

    titre: str  # « Projet associatif »
    structure: str  # « Mission Locale de … » (data/structure.yml)
    sujet: str = ""  # une phrase : métadonnée « Subject » du PDF
    edition: str | None = None  # libellé affiché tel quel (« Édition 2024–2028 ») quand les données en ont un
    date_adoption: datetime.date | None = None
    # « le 12 juin 2024 », « en juin 2024 » : la date à la précision que connaît data/edition.yml.
    adoption_lisible: str | None = None
    adresse_site: str | None = None  # URL publique : les liens vers une page absente du document y mènent
    sommaire: bool = True
    page_de_garde: bool = True  # False : le titre ouvre la première page (document court, comme la charte)
    licence: str | None = None  # « contenu publié sous licence CC BY-SA 4.0 »
    contact: str | None = None  # le siège : nom, adresse, téléphone (ce que les données en donnent)
    version_de_travail: bool = False  # `edition` dit alors « Version de travail… », écrit en haut de chaque page

    @property
    def titre_complet(self) -> str:
        """Le titre du document : « Projet associatif – Mission Locale de … »."""
        return f"{self.titre} – {self.structure}"

    def mentions(self) -> list[tuple[str, str]]:
        """Les lignes de la couverture, dans l'ordre : (classe CSS, texte). Aussi celles de la page d'attente."""
        lignes = [("couverture-structure", self.structure), ("couverture-titre", self.titre)]
        if self.edition:
            lignes.append(("couverture-edition", self.edition))
        if self.date_adoption:
            quand = self.adoption_lisible or f"le {fmt.date_longue(self.date_adoption)}"
            lignes.append(("couverture-date", f"Adopté {quand}"))
        if self.adresse_site:
            lignes.append(("couverture-site", _lisible(self.adresse_site)))
        return lignes


    def colophon(self) -> list[tuple[str, str]]:
        """La dernière page du livret : (intitulé, texte) pour l'édition, l'adoption, la licence, le contact et
        la manière de citer le document."""
        lignes = [("Document", self.titre_complet)]
        if self.edition:
            lignes.append(("Édition", self.edition))
        if self.date_adoption:
            lignes.append(("Adoption", f"adopté par le conseil d’administration le {fmt.date_longue(self.date_adoption)}"))
        if self.licence:
            lignes.append(("Licence", self.licence))
        if self.contact:
            lignes.append(("Contact", self.contact))
        if self.adresse_site:
            lignes.append(("En ligne", _lisible(self.adresse_site)))
        citation = ", ".join(filter(None, [
            self.structure, self.titre, self.edition,
            f"adopté le {fmt.date_longue(self.date_adoption)}" if self.date_adoption else None,
            _lisible(self.adresse_site) if self.adresse_site else None]))
        lignes.append(("Pour citer ce document", citation + "."))
        return lignes


def assembler(parties: list[Partie], couverture: Couverture, sans: tuple[str, ...] = ()) -> str:
    """Les parties, dans l'ordre, et la couverture → le document HTML complet, prêt pour le rendu. `sans` : les
    sélecteurs CSS de ce que ce document laisse de côté (« sans » d'un PDF dans instance.yml)."""
    cles = _cles(parties)
    pages = {_normaliser(p.adresse): cle for p, cle in zip(parties, cles) if p.html is not None}
    # La couverture et le colophon viennent des données, non des pages rendues : même typographie qu'elles.
    corps = [typographier(_couverture(couverture))]
    if couverture.sommaire:
        corps.append(_sommaire(parties, cles))
    for partie, cle in zip(parties, cles):
        if partie.html is None:
            corps.append(str(_gabarit().partie("intertitre", cle, partie.niveau, partie.titre, "")))
        else:
            contenu = Markup(_contenu(partie, cle, pages, couverture.adresse_site, sans))  # page déjà rendue
            corps.append(str(_gabarit().partie("partie", cle, partie.niveau, partie.titre, contenu)))
    if couverture.page_de_garde:
        corps.append(typographier(_colophon(couverture)))
    # Le titre et l'auteur que montre le lecteur de PDF (barre de titre, propriétés) : la typographie des pages.
    return str(_gabarit().document(texte_publie(couverture.titre_complet), texte_publie(couverture.structure),
                                   couverture.sujet, Markup(_sans_renvoi_perdu("\n".join(corps)))))


def _gabarit() -> TemplateModule:
    """Les macros du gabarit macros/gabarits/livret.html."""
    return environnement().get_template("livret.html").module


_IDENTIFIANT = re.compile(r'\sid="([^"]+)"')
_RENVOI = re.compile(r'(\s?)(<a\b[^>]*?\shref="#([^"]*)"[^>]*>)(.*?)</a>', re.S)
_CLASSE_RENVOI = re.compile(r'\sclass="(?:[^"]*\s)?renvoi[\s"]')


def _sans_renvoi_perdu(html: str) -> str:
    """Un lien vers un passage absent du document (retiré : hors-pdf, navigation du site, « sans ») n'est plus un
    lien : son texte reste. Un renvoi (classe « renvoi » : « (résumée en fin de page) ») part avec son texte : un
    document ne renvoie pas à ce qu'il ne contient pas. Les liens ne s'imbriquent pas : l'expression trouve chaque
    lien entier."""
    identifiants = set(_IDENTIFIANT.findall(html))

    def remplacer(lien: re.Match) -> str:
        espace, ouvrante, cible, texte = lien.groups()
        if cible in identifiants:
            return lien.group(0)
        return "" if _CLASSE_RENVOI.search(ouvrante) else espace + texte  # le renvoi part avec l'espace qui le précède
    return _RENVOI.sub(remplacer, html)


def _cles(parties: list[Partie]) -> list[str]:
    """Une clé unique et lisible par partie, tirée de son adresse (« fiches-fr-1 ») ou de son titre."""
    cles: list[str] = []
    for partie in parties:
        base = _slug(partie.adresse if partie.html is not None else "section " + partie.titre) or "accueil"
        cle, n = base, 2
        while cle in cles:
            cle, n = f"{base}-{n}", n + 1
        cles.append(cle)
    return cles


def _slug(texte: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def _normaliser(chemin: str) -> str:
    """« valeurs/index.html », « /valeurs/ », « valeurs » → « valeurs/ » ; la racine → ""."""
    chemin = chemin.lstrip("/")
    if chemin.endswith("index.html"):
        chemin = chemin[: -len("index.html")]
    if chemin and not chemin.endswith("/") and "." not in chemin.rsplit("/", 1)[-1]:
        chemin += "/"
    return chemin


# Une période « 2024–2028 » ne se coupe pas : jamais une année seule au bout d'une ligne du titre.
_PERIODE = re.compile(r"\b(\d{4})\s*[–-]\s*(\d{4})\b")


def _periodes(texte: str) -> list[tuple[str, str]]:
    """Le texte en morceaux (« texte », …) et (« periode », « 2024–2028 ») : chaque période d'années insécable."""
    morceaux, debut = [], 0
    for periode in _PERIODE.finditer(texte):
        morceaux += [("texte", texte[debut:periode.start()]), ("periode", f"{periode[1]}–{periode[2]}")]
        debut = periode.end()
    return [*morceaux, ("texte", texte[debut:])]


def _ligne(texte: str, couverture: Couverture) -> list[tuple[str, str]]:
    """Une ligne de la couverture ou du colophon en morceaux pour le gabarit : l'adresse du site, telle qu'on la
    recopie, est un lien (ni période insécable ni typographie n'y touchent : recopiée du papier, elle mène à
    l'édition)."""
    adresse = couverture.adresse_site
    avant, lisible, apres = texte.partition(_lisible(adresse)) if adresse else (texte, "", "")
    if not lisible:
        return _periodes(texte)
    return [*_periodes(avant), ("lien", lisible), *_periodes(apres)]


def _dossier(adresse: str) -> str:
    """mike donne l'adresse de l'édition sans « / » final (…/projet-associatif/2024-2028) : celle de son dossier."""
    return adresse if adresse.endswith("/") else adresse + "/"


def _couverture(couverture: Couverture) -> str:
    # Le pied de chaque page tient sur une ligne avec le nom le plus long : l'état d'une version de travail
    # (« Version de travail, non adoptée ») va en haut de chaque page, où il prévient aussi mieux le lecteur.
    travail = couverture.edition if couverture.version_de_travail else None
    pied = " · ".join(filter(None, [couverture.titre, None if travail else couverture.edition, couverture.structure]))
    # Un attribut échappe à la typographie de la page : le pied reçoit la sienne (« l’Arrondissement »).
    pied = texte_publie(pied)
    lignes = [(classe, _ligne(texte, couverture)) for classe, texte in couverture.mentions()]
    classe = "couverture" if couverture.page_de_garde else "couverture en-tete"
    return str(_gabarit().couverture(classe, pied, travail or "", lignes, _adresse_du_dossier(couverture)))


def _colophon(couverture: Couverture) -> str:
    """La page de fin : ce qu'est le document, sous quelle licence, qui joindre, comment le citer."""
    lignes = [(intitule, _ligne(texte, couverture)) for intitule, texte in couverture.colophon()]
    return str(_gabarit().colophon(lignes, _adresse_du_dossier(couverture)))


def _adresse_du_dossier(couverture: Couverture) -> str:
    return _dossier(couverture.adresse_site) if couverture.adresse_site else ""


@dataclass
class _Entree:
    """Une entrée du sommaire et celles qu'elle contient."""

    titre: str
    cle: str
    niveau: int
    enfants: list[_Entree]


def _sommaire(parties: list[Partie], cles: list[str]) -> str:
    """Le sommaire en listes imbriquées : chaque partie sous la dernière du niveau au-dessus du sien (la première
    au niveau 1 ; aucune ne descend de plus d'un niveau à la fois)."""
    entrees: list[_Entree] = []
    derniers: list[_Entree] = []  # derniers[n - 1] : la dernière entrée de niveau n
    for rang, (partie, cle) in enumerate(zip(parties, cles)):
        niveau = 1 if rang == 0 else max(1, min(partie.niveau, len(derniers) + 1))
        entree = _Entree(partie.titre, cle, niveau, [])
        (derniers[niveau - 2].enfants if niveau > 1 else entrees).append(entree)
        del derniers[niveau - 1:]
        derniers.append(entree)
    return str(_gabarit().sommaire(entrees))


def _contenu(partie: Partie, cle: str, pages: dict[str, str], adresse_site: str | None,
             sans: tuple[str, ...] = ()) -> str:
    """Le HTML d'une page, adapté au document : titre, identifiants, liens, images."""
    from bs4 import BeautifulSoup  # chargé ici : `make serve`, qui n'assemble rien, ne le paie pas

    soupe = BeautifulSoup(partie.html, "html.parser")
    if partie.extrait:
        gardes = soupe.select(".livret-extrait, .titre-sources, .sources-page")
        soupe = BeautifulSoup("".join(map(str, gardes)), "html.parser")
    for element in soupe.select(", ".join([_A_RETIRER, *sans])):
        element.decompose()
    # Chiffres clés : sur papier, chaque chiffre dit sa source et son année sous lui (l'info-bulle de l'écran).
    for carte in soupe.select(".chiffres-cles li"):
        chiffre = carte.select_one(".chiffre[title]")
        if chiffre is not None:
            mention = soupe.new_tag("span", attrs={"class": "chiffre-cle__source"})
            mention.string = texte_publie(chiffre["title"])  # sans effet sur une page rendue, déjà typographiée
            carte.append(mention)
    # Les graphiques dans la police du texte (matplotlib écrit « DejaVu Sans » dans chaque texte du SVG).
    for texte in soupe.select("svg text[style]"):
        texte["style"] = re.sub(r"font-family:[^;]*", 'font-family: "Source Sans 3", sans-serif', texte["style"])
    premier = soupe.find("h1")
    if premier is not None:
        if _texte(premier) == _texte_brut(partie.titre):
            premier.decompose()
        else:
            # Le titre propre de la page, s'il diffère de celui de la navigation, reste comme sous-titre.
            premier.name, premier.attrs = "p", {"class": ["sous-titre"]}
    for element in soupe.find_all(id=True):
        if not element.find_parent("svg") and element.name != "svg":
            element["id"] = f"{cle}--{element['id']}"
    for attribut in ("for", "aria-labelledby", "aria-describedby", "headers"):
        for element in soupe.find_all(attrs={attribut: True}):
            element[attribut] = " ".join(f"{cle}--{i}" for i in str(element[attribut]).split())
    for lien in soupe.find_all("a", href=True):
        _lien(lien, partie.adresse, cle, pages, adresse_site)
    for image in soupe.find_all(["img", "object", "source"]):
        for attribut in ("src", "data"):
            if image.get(attribut):
                image[attribut] = urljoin(RACINE + partie.adresse, image[attribut])
        image.attrs.pop("srcset", None)
        image.attrs.pop("loading", None)
    return str(soupe)


def _lien(lien: Tag, adresse: str, cle: str, pages: dict[str, str], adresse_site: str | None) -> None:
    """Un lien vers une page du document devient un renvoi interne ; les autres gardent une adresse lisible."""
    href = lien["href"]
    if href.startswith("#"):
        if len(href) > 1:
            lien["href"] = f"#{cle}--{href[1:]}"
        return
    cible = urlsplit(urljoin(RACINE + adresse, href))
    if f"{cible.scheme}://{cible.netloc}/" == RACINE:
        chemin = _normaliser(cible.path)
        if chemin in pages:
            lien["href"] = f"#{pages[chemin]}--{cible.fragment}" if cible.fragment else f"#{pages[chemin]}"
            return
        if not adresse_site:
            lien.unwrap()  # une page hors du document, sans adresse publique connue : le texte seul
            return
        # Depuis le dossier de l'édition : sans « / » final, urljoin remplacerait le dossier de l'édition au lieu
        # d'y entrer (…/projet-associatif/valeurs/, introuvable).
        href = urljoin(_dossier(adresse_site), cible.path.lstrip("/")) + (f"#{cible.fragment}" if cible.fragment else "")
        lien["href"] = href
    lisible = _lisible(href)
    lien["class"] = [*lien.get("class", []), "externe"]
    if _texte(lien) not in {lisible, _texte_brut(href)}:
        lien["data-url"] = lisible


def _lisible(adresse: str) -> str:
    """L'adresse telle qu'on la recopie : sans « https:// », sans « mailto: », sans « / » final."""
    adresse = re.sub(r"^(https?://|mailto:|tel:)", "", adresse)
    return adresse[:-1] if adresse.endswith("/") and adresse.count("/") == 1 else adresse


def _texte(element: Tag) -> str:
    return _texte_brut(element.get_text())


def _texte_brut(texte: str) -> str:
    return " ".join(texte.split())
