"""L'en-tête du site, dans Chromium : le nom entier du site à 1280 px, le dépôt nommé pour le public (« Proposer
une modification », dans le pied de page), et aucune demande d'un fichier que le site n'a pas (versions.json
n'existe que publié par mike). Le même en-tête avec le sélecteur d'édition : tests/test_editions.py."""
from __future__ import annotations

from conftest import RACINE

from macros.instance import configuration


def test_en_tete_nom_entier_depot_nomme_et_aucun_fichier_absent(navigateur, adresse, site):
    config = configuration(RACINE)
    onglet = navigateur.new_page(viewport={"width": 1280, "height": 900})
    absents: list[str] = []
    onglet.on("response", lambda reponse: reponse.status >= 400 and absents.append(f"{reponse.status} {reponse.url}"))
    try:
        onglet.goto(adresse, wait_until="networkidle")
        nom = onglet.locator(".md-header__topic:first-child > .md-ellipsis")
        assert nom.inner_text().strip() == config["site_name"]
        assert nom.evaluate("e => e.scrollWidth <= e.clientWidth"), "nom du site coupé à 1280 px"
        assert absents == [], absents
        # Le dépôt : pas son nom technique dans l'en-tête, mais un lien que le public comprend, en pied de page.
        assert not onglet.locator(".md-header__source").is_visible()
        assert config["repo_name"] not in onglet.locator(".md-header").inner_text()
        depot = onglet.locator(f'.md-footer a[href="{config["repo_url"]}"]')
        assert depot.inner_text() == "Proposer une modification" and depot.is_visible()
    finally:
        onglet.close()
