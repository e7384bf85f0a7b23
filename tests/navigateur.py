"""Chromium de Debian piloté par Playwright : lancement, visite de chaque page du site, relevés."""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.base import AXE_SCRIPT

# Sans ces options, Chromium contacte de lui-même des services de Google (mises à jour, synchronisation…) :
# des requêtes vers des tiers qui ne viennent pas du site, et qui échouent sur une machine sans Internet.
OPTIONS_CHROMIUM = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
HAUTEUR = 900
# Les modes de couleurs de data/accessibilite.yml → la préférence que le navigateur annonce à la page
# (Material choisit sa palette claire ou sombre d'après elle).
SCHEMAS_DE_COULEURS = {"clair": "light", "sombre": "dark"}


def chromium() -> str:
    """Le Chromium du système (variable CHROMIUM, sinon `chromium` du PATH) ; un échec clair s'il manque."""
    chemin = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chemin or not shutil.which(chemin):
        pytest.fail("Chromium est introuvable : installez-le (« sudo apt-get install chromium ») "
                    "ou donnez son chemin dans la variable CHROMIUM. `make test` l'installe seul en root.",
                    pytrace=False)
    return chemin


def analyser(onglet, regles: list[str] | None = None, couleurs_seules: bool = False) -> list[dict]:
    """Les violations qu'axe-core (celui du paquet axe-playwright-python, injecté une fois par page chargée) relève
    dans la page ouverte, selon les familles de règles `regles` (toutes les règles d'axe sans elles).

    `couleurs_seules` : après un changement de palette (mode sombre), seules les règles de couleur d'axe (étiquette
    « cat.color » : contrastes, liens dans le texte) peuvent donner un autre résultat ; la page n'a pas changé
    par ailleurs, et les autres règles viennent de passer sur elle."""
    if not onglet.evaluate("() => typeof window.axe !== 'undefined'"):
        onglet.evaluate(AXE_SCRIPT)
    return onglet.evaluate("""async ([familles, couleursSeules]) => {
      const options = {resultTypes: ["violations"]}
      if (familles)
        options.runOnly = {type: "tag", values: familles}
      if (couleursSeules)
        options.runOnly = {type: "rule", values: axe.getRules(familles || undefined)
                                                  .filter(r => r.tags.includes("cat.color")).map(r => r.ruleId)}
      return (await axe.run(document, options)).violations
    }""", [regles, couleurs_seules])


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
