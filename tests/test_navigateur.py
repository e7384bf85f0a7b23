"""Le site construit, ouvert dans Chromium (Debian) : accessibilité, confidentialité, recherche, clavier,
impression, captures d'écran.

Chaque structure du dépôt (fixture `tour`) : chaque page ouverte une seule fois, analysée à chaque largeur d'écran
et dans chaque mode de couleurs (navigateur.parcourir) ; les tests lisent ensuite ce qui a été relevé. Largeurs,
modes et règles viennent du data/accessibilite.yml de la structure, que sa déclaration d'accessibilité publie (le
site dit exactement ce que ces tests mesurent), sinon des exigences du kit (navigateur.EXIGENCES). Ici, la structure
du haut du dépôt ; celles de exemples/ passent par les mêmes tests dans tests/test_navigateur_exemples.py.
Recherche, clavier, impression : sur la structure du haut du dépôt.
"""
from __future__ import annotations

import bisect
import io
import json
import re
import shutil
import struct
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from pypdf import PdfReader

from conftest import RACINE, pages_html, prefixe_du_site, servir
from instances import construite, nom_de
from macros.donnees import charger
from macros.fiches import DOSSIER as DOSSIER_FICHES
from macros.modeles.fiches import IDENTIFIANTS_RESERVES
from navigateur import (HAUTEUR, Exigences, Releve, adresse_de, exigences_de, parcourir,
                        resume_violations)

CAPTURES = RACINE / "tests" / "sortie" / "captures"
# Le lien vers le livret PDF, quand la page d'accueil en a un (ajouté avec le livret).
LIEN_LIVRET = re.compile(r"Télécharger le livret", re.I)


@pytest.fixture(scope="module")
def declaration(donnees):
    return donnees.jeux["accessibilite"]


@pytest.fixture(scope="module")
def pages(site) -> list[Path]:
    """Chaque page HTML du site construit (page 404 comprise), en chemin relatif."""
    return [p.relative_to(site) for p in pages_html(site)]


# ── Chaque structure du dépôt (Lisieux, exemples/*) : un seul tour de ses pages ─────────────────────────────


def pages_types(dossier: Path, pages: list[Path]) -> dict[str, Path]:
    """Les pages à capturer : l'accueil, une fiche action (la première de docs/fiches-actions/) et la charte (ou, à
    défaut, d'autres pages du site)."""
    choix = {"accueil": Path("index.html")}
    fiches = [Path(DOSSIER_FICHES) / f.stem / "index.html"
              for f in sorted((dossier / "docs" / DOSSIER_FICHES).glob("*.md")) if f.stem not in IDENTIFIANTS_RESERVES]
    reperes = {"fiche": lambda p: p in fiches, "charte": lambda p: "charte" in p.as_posix()}
    for nom, reperer in reperes.items():
        trouvee = next((p for p in pages if reperer(p) and p not in choix.values()), None)
        if trouvee is None:
            trouvee = next((p for p in pages if p not in choix.values() and p.name != "404.html"), None)
            nom = f"page-{trouvee.parent.as_posix().replace('/', '-')}" if trouvee else nom
        if trouvee is not None:
            choix[nom] = trouvee
    return choix


@dataclass
class Tour:
    """Une structure servie et parcourue : ses pages, ce que le navigateur a relevé à chaque largeur."""

    nom: str
    adresse: str
    exigences: Exigences
    pages: list[Path]
    captures: dict[str, Path]
    releves: dict[int, Releve]


def tour_de(dossier: Path, navigateur) -> Tour:
    """La structure construite (une fois par session, tests/instances.py), servie sous son sous-chemin, chaque page
    parcourue par `parcourir`. Largeurs, modes et règles : sa déclaration d'accessibilité, sinon celles du kit."""
    construction = construite(dossier)
    nom = nom_de(dossier)
    pages = [p.relative_to(construction.site) for p in pages_html(construction.site)]
    exigences = exigences_de(charger(dossier / "data"))
    captures = pages_types(dossier, pages)
    dossier_captures = CAPTURES / nom
    shutil.rmtree(dossier_captures, ignore_errors=True)  # pas de capture périmée d'une page qui n'existe plus
    dossier_captures.mkdir(parents=True, exist_ok=True)
    with servir(construction.site, prefixe_du_site(dossier)) as adresse:
        releves = parcourir(navigateur, construction.site, adresse, pages, exigences,
                            {cible: dossier_captures / nom_type for nom_type, cible in captures.items()})
    return Tour(nom, adresse, exigences, pages, captures, releves)


# Les tours des structures sont les plus longs tests de la suite : celle du haut ici, celles de exemples/ dans un
# autre fichier, pour que sous `make test` (pytest-xdist confie chaque fichier entier à l'un des deux processus) ils
# se fassent en même temps.
@pytest.fixture(scope="module", params=[RACINE], ids=nom_de)
def tour(request, navigateur) -> Tour:
    return tour_de(request.param, navigateur)


# ── Accessibilité ─────────────────────────────────────────────────────────────


def test_aucune_violation_des_regles_wcag(tour):
    rapport = "\n".join(
        f"{releve} :\n{resume_violations(releve.violations)}"
        for releve in tour.releves.values() if releve.violations
    )
    assert not rapport, f"{tour.nom} : axe-core relève des violations (sur {len(tour.pages)} pages) :\n{rapport}"
    for releve in tour.releves.values():
        assert releve.erreurs_js == [], f"{tour.nom} : erreurs JavaScript, {releve} : {releve.erreurs_js}"


# ── Confidentialité ───────────────────────────────────────────────────────────


def test_aucune_requete_vers_un_tiers(tour):
    for releve in tour.releves.values():
        assert releve.requetes_vers_des_tiers() == [], f"{tour.nom}, {releve}"
        # Le relevé a bien vu chaque page (sinon l'absence de requête ne prouverait rien).
        vues = {r.split("?")[0] for r in releve.requetes}
        manquantes = [p for p in tour.pages if adresse_de(tour.adresse, p) not in vues]
        assert manquantes == [], f"{tour.nom} : pages non relevées, {releve} : {manquantes}"


def test_aucun_cookie(tour):
    for releve in tour.releves.values():
        assert releve.cookies == [], f"{tour.nom} : cookies déposés, {releve} : {releve.cookies}"


# ── Captures d'écran ──────────────────────────────────────────────────────────


def test_captures_d_ecran_des_pages_types(tour):
    for nom in tour.captures:
        for largeur in tour.exigences.largeurs:
            capture = CAPTURES / tour.nom / f"{nom}-{largeur}.png"
            assert capture.is_file(), capture
            # En-tête PNG : la largeur de l'image est celle de la fenêtre.
            assert struct.unpack(">I", capture.read_bytes()[16:20])[0] == largeur, capture


# ── Recherche ─────────────────────────────────────────────────────────────────


def plier(texte: str) -> str:
    """« laïcité » → « laicite » (ce que fait aussi overrides/assets/js/recherche.js)."""
    texte = texte.replace("œ", "oe").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFD", texte) if not unicodedata.combining(c))


def mots_par_page(site: Path) -> dict[str, dict[str, int]]:
    """Pour chaque page de l'index de recherche, ses mots (en minuscules) et leur poids : 10 dans un titre,
    1 dans le texte. Les mots sont découpés comme la recherche le fait (séparateur de mkdocs.yml)."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separateur = re.compile(index["config"]["separator"])
    resultat: dict[str, dict[str, int]] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        mots = resultat.setdefault(page, {})
        for champ, poids in (("title", 10), ("text", 1)):
            texte = re.sub(r"<[^>]+>", " ", doc.get(champ, ""))
            for mot in separateur.split(texte.lower()):
                mot = mot.strip(".,;:!?«»()[]\"“”…\u00a0\u202f")
                if mot.isalpha():
                    mots[mot] = mots.get(mot, 0) + poids
    return resultat


def mot_propre_a_une_page(mots: dict[str, dict[str, int]], filtre) -> tuple[str, str] | None:
    """Le mot le plus marquant (dans un titre si possible, puis le plus long) qui passe `filtre` et ne
    mène qu'à une page : aucun mot d'une autre page ne commence comme lui (la recherche complète les mots
    tapés : « évaluation » trouve aussi « évaluations ») ; avec sa page."""
    plies = sorted((plier(mot), page) for page, siens in mots.items() for mot in siens)
    cles = [mot for mot, _ in plies]
    candidats = []
    for page, siens in mots.items():
        for mot, poids in siens.items():
            if len(mot) < 6 or not filtre(mot):
                continue
            debut = bisect.bisect_left(cles, plier(mot))
            fin = bisect.bisect_right(cles, plier(mot) + "\uffff")
            if {p for _, p in plies[debut:fin]} == {page}:
                candidats.append((-poids, -len(mot), mot, page))
    if not candidats:
        return None
    _, _, mot, page = min(candidats)
    return mot, page


def chercher(onglet, adresse: str, texte: str) -> list[str]:
    """Tape `texte` dans la recherche de la page d'accueil ; renvoie les pages listées, dans l'ordre."""
    onglet.goto(adresse, wait_until="load")
    champ = onglet.locator("input.md-search__input")
    champ.focus()
    champ.fill(texte)
    # Material lit la requête au relâchement d'une touche ; « Fin » ne fait rien d'autre.
    champ.press("End")
    onglet.wait_for_function(
        """texte => {
             const meta = document.querySelector(".md-search-result__meta")
             return document.querySelector(".md-search__input").value === texte && meta
               && !/Initialisation|Taper/.test(meta.textContent)
           }""", arg=texte)
    onglet.wait_for_timeout(200)
    liens = onglet.locator("li.md-search-result__item > a.md-search-result__link").evaluate_all(
        "liens => liens.map(a => a.href)")
    prefixe = urlparse(adresse).path
    return [urlparse(lien).path[len(prefixe):] for lien in liens]


@pytest.fixture(scope="module")
def onglet_de_recherche(navigateur, declaration):
    contexte = navigateur.new_context(viewport={"width": declaration.largeurs[0], "height": HAUTEUR})
    yield contexte.new_page()
    contexte.close()


def cas_d_accents(site: Path) -> list[tuple[str, str]]:
    """(mot accentué, page attendue en tête) : « laïcité » → la page des valeurs quand elle existe,
    et un mot accentué propre à une seule page du site, pris dans l'index de recherche."""
    mots = mots_par_page(site)
    cas = []
    valeurs = next((p for p in mots if p.rstrip("/").split("/")[-1] == "valeurs"), None)
    if valeurs is not None:
        cas.append(("laïcité", valeurs))
    propre = mot_propre_a_une_page(mots, lambda mot: plier(mot) != mot)
    assert propre, "aucun mot accentué propre à une page : le test n'aurait rien à chercher"
    cas.append(propre)
    return cas


def test_la_recherche_ignore_les_accents(site, adresse, onglet_de_recherche):
    for mot, page in cas_d_accents(site):
        for saisie in (mot, plier(mot), mot.upper()):
            trouvees = chercher(onglet_de_recherche, adresse, saisie)
            assert trouvees and trouvees[0] == page, f"« {saisie} » : {page} attendue en tête, liste : {trouvees}"


def test_la_recherche_trouve_un_mot_propre_a_une_page(site, adresse, onglet_de_recherche):
    mots = mots_par_page(site)
    # Le nom d'une feuille de route, écrit en capitales dans l'historique, quand le site le cite.
    pages_permetre = [p for p, siens in mots.items() if "permetre" in siens]
    if pages_permetre:
        mot, attendues = "PERMETRE", pages_permetre
    else:
        mot, page = mot_propre_a_une_page(mots, lambda mot: True)
        attendues = [page]
    trouvees = chercher(onglet_de_recherche, adresse, mot)
    assert trouvees and trouvees[0] in attendues, f"« {mot} » : {attendues} attendues, liste : {trouvees}"
    assert set(attendues) <= set(trouvees), f"« {mot} » : {attendues} attendues, liste : {trouvees}"


# ── Clavier ───────────────────────────────────────────────────────────────────


ELEMENT_ACTIF = """() => {
  const e = document.activeElement, style = getComputedStyle(e), r = e.getBoundingClientRect()
  return {
    balise: e.tagName.toLowerCase(), classes: String(e.className || ""), texte: (e.textContent || "").trim(),
    pour: e.getAttribute("for") || "", html: e.outerHTML.slice(0, 120),
    contour: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    ombre: style.boxShadow !== "none",
    // Hors de l'écran : un focus qu'on ne peut pas voir (un élément de taille nulle, comme les cases
    // du choix de couleurs de Material, montre son focus sur son étiquette).
    hors_ecran: r.width * r.height > 0 && (r.right <= 0 || r.left >= innerWidth || r.bottom <= 0),
  }
}"""


def test_le_clavier_atteint_l_essentiel_avec_un_focus_visible(navigateur, adresse, site, declaration):
    accueil = (site / "index.html").read_text(encoding="utf-8")
    cibles = {
        "lien d'évitement": lambda e: e["balise"] == "a" and "md-skip" in e["classes"],
        "recherche": lambda e: "md-search__input" in e["classes"] or "__search" in e["pour"],
    }
    if LIEN_LIVRET.search(accueil):
        cibles["lien du livret"] = lambda e: e["balise"] == "a" and LIEN_LIVRET.search(e["texte"])
    for largeur in declaration.largeurs:
        contexte = navigateur.new_context(viewport={"width": largeur, "height": HAUTEUR})
        onglet = contexte.new_page()
        onglet.goto(adresse, wait_until="load")
        # Les onglets de navigation (écran large) tiennent tous dans la largeur de l'écran.
        onglets_caches = onglet.locator(".md-tabs__link").evaluate_all(
            "liens => liens.filter(a => a.offsetParent && a.getBoundingClientRect().right > innerWidth)"
            ".map(a => a.textContent.trim())")
        assert onglets_caches == [], f"à {largeur} px, onglets hors de l'écran : {onglets_caches}"
        atteintes, hors_ecran = {}, []
        # Un tour complet de la page au clavier : jusqu'à revenir au lien d'évitement.
        for _ in range(200):
            onglet.keyboard.press("Tab")
            element = onglet.evaluate(ELEMENT_ACTIF)
            if element["hors_ecran"]:
                # Le temps d'une animation (la recherche s'ouvre quand son champ reçoit le focus).
                onglet.wait_for_timeout(400)
                element = onglet.evaluate(ELEMENT_ACTIF)
                if element["hors_ecran"]:
                    hors_ecran.append(element["html"])
            if "lien d'évitement" in atteintes and cibles["lien d'évitement"](element):
                break
            for nom, reconnaitre in cibles.items():
                if nom not in atteintes and reconnaitre(element):
                    atteintes[nom] = element
        menu = onglet.locator("button.bouton-menu")
        menu_au_clavier = None
        if menu.is_visible():
            # Écran étroit : le bouton « menu » ouvre la navigation au clavier (Entrée, puis Espace) et le
            # focus y entre ; Échap la referme et rend le focus au bouton.
            menu_au_clavier = True
            for touche in ("Enter", "Space"):
                menu.focus()
                onglet.keyboard.press(touche)
                onglet.wait_for_timeout(400)
                menu_au_clavier &= onglet.evaluate(
                    "() => !!document.activeElement.closest('.md-sidebar--primary')") and not onglet.evaluate(
                    ELEMENT_ACTIF)["hors_ecran"]
                onglet.keyboard.press("Escape")
                menu_au_clavier &= onglet.evaluate(
                    "() => !document.getElementById('__drawer').checked"
                    " && document.activeElement.classList.contains('bouton-menu')")
        contexte.close()
        assert menu_au_clavier is not False, f"à {largeur} px, le menu ne s'ouvre pas au clavier"
        assert set(atteintes) == set(cibles), f"à {largeur} px, Tab n'atteint pas : {set(cibles) - set(atteintes)}"
        for nom, element in atteintes.items():
            assert element["contour"] or element["ombre"], f"à {largeur} px, {nom} : focus invisible ({element})"
        assert hors_ecran == [], f"à {largeur} px, le focus passe sur des éléments hors de l'écran : {hors_ecran}"


# ── Impression ────────────────────────────────────────────────────────────────


def article(html: str) -> str:
    """Le contenu de la page seul (l'élément <article> de Material), sans l'en-tête ni le pied de page."""
    debut = html.find("<article")
    return html[debut:html.find("</article>", debut)] if debut >= 0 else ""


def test_une_page_imprimee_garde_le_contenu_seul(navigateur, adresse, pages, site):
    # La première page dont le contenu cite un site externe : l'adresse du lien doit s'imprimer.
    page = next(p for p in pages if re.search(
        r'<a [^>]*href="https?://', article((site / p).read_text(encoding="utf-8"))))
    contexte = navigateur.new_context()
    onglet = contexte.new_page()
    onglet.goto(adresse_de(adresse, page), wait_until="load")
    contenu = onglet.locator("article").inner_text()
    navigation = onglet.locator(".md-header, .md-tabs, .md-sidebar, .md-footer").evaluate_all(
        "elements => elements.flatMap(e => [...e.querySelectorAll('a, label, span')].map(x => x.textContent.trim()))")
    externes = onglet.locator("article a[href^='http']:not(.md-content__button)").evaluate_all("liens => liens.map(a => a.href)")
    pdf = onglet.pdf(format="A4")
    contexte.close()
    (CAPTURES.parent / "impression.pdf").write_bytes(pdf)  # pour une relecture humaine
    texte = "\n".join(feuille.extract_text() for feuille in PdfReader(io.BytesIO(pdf)).pages)
    assert contenu.split("\n")[0].strip(" ¶") in texte, "le titre de la page manque à l'impression"
    absents = {t for t in navigation if len(t) > 3 and t not in contenu}
    assert absents, "aucun texte de navigation à chercher : le test ne prouverait rien"
    imprimes = sorted(t for t in absents if t in texte)
    assert imprimes == [], f"la navigation s'imprime : {imprimes}"
    assert externes, "aucun lien externe dans la page imprimée : le test ne prouverait rien"
    sans_blancs = re.sub(r"\s+", "", texte)
    for lien in externes:
        assert re.sub(r"\s+", "", lien) in sans_blancs, f"adresse du lien absente de l'impression : {lien}"


MOTS_COUPES = """() => [...document.querySelectorAll('.fiches-matrice thead th')].flatMap(th => {
  const coupes = [], marcheur = document.createTreeWalker(th, NodeFilter.SHOW_TEXT)
  while (marcheur.nextNode()) {
    const noeud = marcheur.currentNode
    let debut = 0
    for (const morceau of noeud.data.split(/(\\s+)/)) {
      if (morceau.trim()) {
        const etendue = document.createRange()
        etendue.setStart(noeud, debut)
        etendue.setEnd(noeud, debut + morceau.length)
        if (new Set([...etendue.getClientRects()].map(r => Math.round(r.top))).size > 1) coupes.push(morceau)
      }
      debut += morceau.length
    }
  }
  return coupes
})"""


def test_les_intitules_de_la_matrice_ne_se_coupent_pas_dans_un_mot(navigateur, adresse, declaration):
    """« Orienter » ne s'écrit jamais « Oriente » / « r » dans l'en-tête de la matrice des fiches."""
    for largeur in declaration.largeurs:
        onglet = navigateur.new_page(viewport={"width": largeur, "height": HAUTEUR})
        onglet.goto(f"{adresse}{DOSSIER_FICHES}/matrice/", wait_until="load")
        assert onglet.locator(".fiches-matrice thead th").count() > 1
        assert onglet.evaluate(MOTS_COUPES) == [], f"à {largeur} px"
        onglet.close()
