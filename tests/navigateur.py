"""Chromium de Debian piloté par Playwright : lancement, visite de chaque page du site, relevés."""
from __future__ import annotations

import base64
import functools
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

RACINE = Path(__file__).resolve().parents[1]

# Sans ces options, Chromium contacte de lui-même des services de Google (mises à jour, synchronisation…) :
# des requêtes vers des tiers qui ne viennent pas du site, et qui échouent sur une machine sans Internet.
# Tout autre hôte que 127.0.0.1 (le site servi pour les tests) est introuvable pour le navigateur : une requête
# vers un tiers part (l'événement « request » la relève), puis échoue, sans jamais sortir d'ici. Le blocage se fait
# là plutôt que par une route de Playwright, qui ferait passer chaque requête par le test et couperait le cache
# du navigateur (chaque page rechargerait et recompilerait alors les scripts et feuilles de Material).
OPTIONS_CHROMIUM = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
# L'index de recherche, que le script de Material charge et indexe (lunr) à chaque page ouverte : près d'un quart
# du calcul d'un tour des pages, pour une recherche que personne n'y tape. Le tour le remplace par un index vide
# (mêmes réglages, aucune page) ; la recherche a ses propres tests (tests/test_navigateur.py, test_editions.py).
INDEX_DE_RECHERCHE = "*/search/search_index.json"

HAUTEUR = 900
# Les modes de couleurs de data/accessibilite.yml → la préférence que le navigateur annonce à la page
# (Material choisit sa palette claire ou sombre d'après elle).
SCHEMAS_DE_COULEURS = {"clair": "light", "sombre": "dark"}


@functools.cache
def script_axe() -> str:
    """Le code d'axe-core injecté dans les pages : celui de node_modules/, installé par `npm ci` à la version que
    fige package-lock.json (il y vient avec Lighthouse). Depuis sa version 4.14, axe garde en mémoire les couleurs
    qu'il a déjà lues : sur nos pages, ses analyses coûtent près de moitié moins qu'en 4.12."""
    chemin = RACINE / "node_modules" / "axe-core" / "axe.min.js"
    if not chemin.is_file():
        pytest.fail(f"axe-core est introuvable ({chemin.relative_to(RACINE)}) : lancez « npm ci » "
                    "(`make test` le fait seul).", pytrace=False)
    return chemin.read_text(encoding="utf-8")


def chromium() -> str:
    """Le Chromium du système (variable CHROMIUM, sinon `chromium` du PATH) ; un échec clair s'il manque."""
    chemin = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chemin or not shutil.which(chemin):
        pytest.fail("Chromium est introuvable : installez-le (« sudo apt-get install chromium ») "
                    "ou donnez son chemin dans la variable CHROMIUM. `make test` l'installe seul en root.",
                    pytrace=False)
    return chemin


# Applique à la page la palette que Material réserve à un mode de couleurs (comme son bouton de bascule),
# sans la recharger. Les transitions de couleur sont coupées (sinon axe mesurerait des teintes intermédiaires,
# ou attendrait leur fin à chaque bascule) ; s'il en reste une, on attend qu'elle finisse.
PALETTE = """async mode => {
  const option = document.querySelector(`input.md-option[data-md-color-media="(prefers-color-scheme: ${mode})"]`)
  if (!option)
    return false
  if (!document.getElementById("essai-sans-transition")) {
    const style = document.createElement("style")
    style.id = "essai-sans-transition"
    style.textContent = "*, *::before, *::after { transition: none !important }"
    document.head.append(style)
  }
  for (const cle of ["scheme", "primary", "accent"])
    document.body.setAttribute(`data-md-color-${cle}`, option.getAttribute(`data-md-color-${cle}`))
  getComputedStyle(document.body).color
  await Promise.allSettled(document.getAnimations().map(animation => animation.finished))
  return true
}"""


@dataclass
class Exigences:
    """Où et comment chaque page est contrôlée : largeurs d'écran, modes de couleurs, familles de règles d'axe."""

    largeurs: list[int]
    couleurs: list[str]
    regles_axe: list[str]


# Ce que le kit exige de toute structure qui n'a pas écrit sa déclaration (data/accessibilite.yml) : WCAG 2.1 AA,
# sur un ordinateur et sur un téléphone, en mode clair et en mode sombre.
EXIGENCES = Exigences([1280, 375], ["clair", "sombre"], ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])


def exigences_de(donnees) -> Exigences:
    """Les exigences que déclare la structure (data/accessibilite.yml), sinon celles du kit."""
    declaration = donnees.jeux.get("accessibilite")
    if declaration is None or not declaration.largeurs:  # seul le cadre commun du réseau (reseau/accessibilite.yml)
        return EXIGENCES
    return Exigences(declaration.largeurs, declaration.couleurs, declaration.regles_axe)


# Le cadre de Material, le même sur chaque page : en-tête, menu principal, pied de page. axe l'analyse sur la
# page d'accueil et sur la première page d'une section (menu déplié, page active), à chaque largeur et dans
# chaque mode ; sur les autres pages, le contenu : toutes les règles dans chaque mode à la première largeur, les
# autres règles que celles de couleur aux largeurs suivantes (les couleurs du contenu ne changent pas avec elle).
CADRE = [".md-header", ".md-sidebar--primary", ".md-footer"]


def sans_index_de_recherche(contexte, onglet, site: Path) -> None:
    """L'onglet reçoit un index de recherche vide au lieu de celui du site. Par le protocole de Chromium (CDP) et
    non par une route de Playwright : seule cette adresse est interceptée, le cache du navigateur reste en
    service."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    vide = base64.b64encode(json.dumps({**index, "docs": []}).encode()).decode()
    cdp = contexte.new_cdp_session(onglet)
    cdp.on("Fetch.requestPaused", lambda requete: cdp.send("Fetch.fulfillRequest", {
        "requestId": requete["requestId"], "responseCode": 200, "body": vide,
        "responseHeaders": [{"name": "Content-Type", "value": "application/json"}]}))
    cdp.send("Fetch.enable", {"patterns": [{"urlPattern": INDEX_DE_RECHERCHE}]})


def parcourir(navigateur, site: Path, adresse: str, pages: list[Path], exigences: Exigences,
              captures: dict[Path, Path] | None = None) -> dict[int, Releve]:
    """Chaque page du `site` construit, servi à `adresse`, ouverte une fois, puis, à chaque largeur (la fenêtre
    redimensionnée), analysée par axe-core dans chaque mode de couleurs ; requêtes, cookies, erreurs JavaScript
    relevés. `captures` : page → fichier PNG (suffixé de la largeur), pris dans le premier mode."""
    releves = {largeur: Releve(largeur) for largeur in exigences.largeurs}
    requetes: list[str] = []
    erreurs_js: list[str] = []
    for releve in releves.values():  # une seule visite par page : mêmes requêtes, mêmes erreurs
        releve.requetes, releve.erreurs_js = requetes, erreurs_js
    premier_mode = SCHEMAS_DE_COULEURS[exigences.couleurs[0]]
    contexte = navigateur.new_context(viewport={"width": exigences.largeurs[0], "height": HAUTEUR},
                                      color_scheme=premier_mode)
    # Une requête vers un tiers est relevée ici, puis échoue (OPTIONS_CHROMIUM) : le test ne sort jamais d'ici.
    contexte.on("request", lambda requete: requetes.append(requete.url))
    onglet = contexte.new_page()
    sans_index_de_recherche(contexte, onglet, site)
    onglet.on("pageerror", lambda erreur: erreurs_js.append(f"{onglet.url} : {erreur}"))
    avec_cadre = {Path("index.html"), next((p for p in pages if len(p.parts) > 2), Path("index.html"))}
    # En zigzag, pour changer le moins possible de largeur et de palette : la page s'ouvre à la largeur où la
    # précédente a fini (le chargement, lui, rend toujours le premier mode), et chaque largeur commence dans le mode
    # où la précédente a fini.
    largeurs = list(exigences.largeurs)
    for page in pages:
        onglet.goto(adresse_de(adresse, page), wait_until="load")
        modes, mode_affiche = list(exigences.couleurs), exigences.couleurs[0]  # le chargement rend le premier mode
        exclure = [] if page in avec_cadre else CADRE
        for rang, largeur in enumerate(largeurs):
            if rang:
                redimensionner(onglet, largeur)
            # Le contenu garde ses couleurs à toutes les largeurs : vues à la première dans chaque mode, il ne passe
            # ensuite que les autres règles, dans le mode affiché.
            couleurs_vues = bool(rang and exclure)
            for numero, couleurs in enumerate(modes[:1] if couleurs_vues else modes):
                if couleurs != mode_affiche:
                    assert onglet.evaluate(PALETTE, SCHEMAS_DE_COULEURS[couleurs]), f"pas de palette {couleurs}"
                    mode_affiche = couleurs
                portee = "seules" if numero else ("sans" if couleurs_vues else "toutes")
                violations = analyser(onglet, exigences.regles_axe, couleurs=portee, exclure=exclure)
                if violations:
                    releves[largeur].violations[f"{page.as_posix()} (mode {couleurs})"] = violations
            if captures and page in captures:
                if mode_affiche != exigences.couleurs[0]:
                    onglet.evaluate(PALETTE, premier_mode)
                    mode_affiche = exigences.couleurs[0]
                chemin = captures[page]
                onglet.screenshot(path=chemin.with_name(f"{chemin.name}-{largeur}.png"), full_page=True)
            modes.reverse()
        largeurs.reverse()
    cookies = contexte.cookies()
    for releve in releves.values():
        releve.cookies = cookies
    contexte.close()
    return releves


# Deux images : l'événement « resize » passe avant les rappels de requestAnimationFrame de l'image suivante.
_APRES_REDIMENSIONNEMENT = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def redimensionner(onglet, largeur: int, hauteur: int = HAUTEUR) -> None:
    """La fenêtre à `largeur`, puis la page telle que la voit le lecteur : ses scripts ont reçu l'événement
    « resize » (assets/js/accessibilite.js y rend focalisable un tableau qui défile désormais). Sans cette attente,
    axe pouvait passer entre les deux, et le résultat dépendait de la vitesse de la machine."""
    onglet.set_viewport_size({"width": largeur, "height": hauteur})
    onglet.evaluate(_APRES_REDIMENSIONNEMENT)


# Une analyse d'axe dans la page, ou null s'il n'y est pas encore injecté (un seul aller-retour dans le cas courant).
# « preload » : axe ne relit les feuilles de style que pour la règle de l'orientation imposée, qu'il classe
# « experimental » et n'applique donc pas avec les familles WCAG ; c'est une lecture de fichiers pour rien.
ANALYSE = """async ([familles, couleurs, exclure]) => {
  if (typeof window.axe === "undefined")
    return null
  const options = {resultTypes: ["violations"], preload: false}
  if (familles)
    options.runOnly = {type: "tag", values: familles}
  if (couleurs !== "toutes") {
    const deCouleur = r => r.tags.includes("cat.color")
    options.runOnly = {type: "rule", values: axe.getRules(familles || undefined)
                                              .filter(r => deCouleur(r) === (couleurs === "seules"))
                                              .map(r => r.ruleId)}
  }
  const contexte = exclure.length ? {exclude: exclure.map(selecteur => [selecteur])} : document
  return (await axe.run(contexte, options)).violations
}"""


def analyser(onglet, regles: list[str] | None = None, couleurs: str = "toutes",
             exclure: list[str] = ()) -> list[dict]:
    """Les violations qu'axe-core (`script_axe`, injecté une fois par page chargée) relève dans la page ouverte,
    selon les familles de règles `regles` (toutes les règles d'axe sans elles).

    `couleurs` : « toutes » les règles ; « seules » les règles de couleur d'axe (étiquette « cat.color » :
    contrastes, liens dans le texte), les seules qu'un changement de palette (mode sombre) peut toucher, la page
    n'ayant pas changé par ailleurs ; « sans » elles, quand elles viennent de passer sur la même page. `exclure` :
    sélecteurs des parties laissées de côté (le cadre commun à toutes les pages, déjà analysé ailleurs)."""
    assert couleurs in {"toutes", "seules", "sans"}, couleurs
    arguments = [regles, couleurs, list(exclure)]
    violations = onglet.evaluate(ANALYSE, arguments)
    if violations is None:  # axe n'est pas encore dans cette page
        onglet.evaluate(script_axe())
        violations = onglet.evaluate(ANALYSE, arguments)
    return violations


def adresse_de(adresse: str, page: Path) -> str:
    """L'adresse HTTP d'un fichier du site construit (« valeurs/index.html » → « …/valeurs/ »)."""
    relatif = page.as_posix()
    if relatif == "index.html" or relatif.endswith("/index.html"):
        relatif = relatif[: -len("index.html")]
    return adresse + relatif


@dataclass
class Releve:
    """Ce qu'a vu le navigateur en ouvrant chaque page à une largeur donnée (violations par page et mode)."""

    largeur: int
    violations: dict[str, list[dict]] = field(default_factory=dict)
    requetes: list[str] = field(default_factory=list)
    cookies: list[dict] = field(default_factory=list)
    erreurs_js: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"à {self.largeur} px"

    def requetes_vers_des_tiers(self) -> list[str]:
        """Les adresses demandées à un autre hôte que 127.0.0.1 (le site servi pour le test)."""
        return [r for r in self.requetes if urlparse(r).hostname not in {"127.0.0.1"} and not r.startswith("data:")]


def resume_violations(violations: dict[str, list[dict]]) -> str:
    """Un rapport lisible : page, règle, gravité, éléments en cause."""
    lignes = []
    for page, liste in violations.items():
        for violation in liste:
            lignes.append(f"{page} : {violation['id']} ({violation['impact']}) — {violation['help']}")
            for noeud in violation["nodes"][:5]:
                html = " ".join(noeud["html"].split())[:160]
                lignes.append(f"    {', '.join(map(str, noeud['target']))} : {html}")
    return "\n".join(lignes)
