"""Le site par défaut : construit en mode strict, chiffres de data/ mis en forme en français, aucun tiers."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlparse

from babel.numbers import format_decimal
from conftest import pages_html
from lecture_html import chiffre_publie


def test_un_chiffre_de_data_apparait_formate_en_francais(site, donnees):
    habitants = donnees.chiffre("territoire.habitants")
    attendu = format_decimal(habitants.valeur, locale="fr_FR")
    html = (site / "index.html").read_text(encoding="utf-8")
    assert attendu in html
    assert "\u202f" in attendu, "le séparateur des milliers français est une espace fine insécable"
    assert str(int(habitants.valeur)) not in html


def test_chaque_chiffre_porte_sa_source_en_info_bulle(site, donnees):
    html = (site / "index.html").read_text(encoding="utf-8")
    for cle in ("territoire.habitants", "structure.salaries"):
        chiffre = donnees.chiffre(cle)
        source = donnees.source(chiffre.source)
        assert chiffre_publie(chiffre, source) in html


def test_aucune_balise_de_macro_ne_fuit_dans_les_pages(site):
    for page in pages_html(site):
        texte = page.read_text(encoding="utf-8")
        assert "{{" not in texte and "{%" not in texte, page


class _Ressources(HTMLParser):
    """Les adresses que le navigateur charge de lui-même (scripts, styles, images, cadres, polices)."""

    def __init__(self):
        super().__init__()
        self.adresses: list[str] = []

    def handle_starttag(self, balise, attributs):
        attributs = dict(attributs)
        if balise in {"script", "img", "iframe", "audio", "video", "source", "embed"} and attributs.get("src"):
            self.adresses.append(attributs["src"])
        if balise == "link" and attributs.get("href") and attributs.get("rel") not in {"canonical", "alternate"}:
            self.adresses.append(attributs["href"])
        if balise == "object" and attributs.get("data"):
            self.adresses.append(attributs["data"])


def test_aucune_page_ne_charge_une_ressource_d_un_tiers(site):
    for page in pages_html(site):
        lecteur = _Ressources()
        lecteur.feed(page.read_text(encoding="utf-8"))
        tiers = [a for a in lecteur.adresses if urlparse(a).netloc]
        assert tiers == [], f"{page.relative_to(site)} charge {tiers}"
    for feuille in site.rglob("*.css"):
        imports = re.findall(r"(?:url\(|@import\s+)[\"']?(https?:)?//", feuille.read_text(encoding="utf-8"))
        assert imports == [], f"{feuille.relative_to(site)} charge une ressource externe"


def test_pas_de_google_fonts(site):
    for fichier in [*pages_html(site), *site.rglob("*.css")]:
        assert "fonts.googleapis" not in fichier.read_text(encoding="utf-8"), fichier


def test_la_page_est_en_francais(site):
    assert '<html lang="fr"' in (site / "index.html").read_text(encoding="utf-8")


def test_chaque_graphique_de_data_est_dans_une_page(site, donnees):
    """Lisieux montre au moins trois graphiques (issue 9), chacun placé dans une page. Ce que vaut un graphique
    (nommé, décrit, fidèle, lisible) se vérifie sur la structure d'essai (tests/test_graphiques.py)."""
    attendus = {g.id for g in donnees.jeux["graphiques"].graphiques}
    assert len(attendus) >= 3
    places = {identifiant for page in pages_html(site)
              for identifiant in re.findall(r'<figure class="graphique" id="graphique-([^"]+)"',
                                            page.read_text(encoding="utf-8"))}
    assert attendus <= places, f"graphiques absents du site : {attendus - places}"
