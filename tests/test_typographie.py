"""Typographie française (macros/typographie.py) : sur de petits morceaux de HTML, puis sur le site construit ; ce que
le thème écrit autour des pages (titres, nom du site) et le livret, sur la structure d'essai construite une fois
par session (tests/instances.py)."""
from __future__ import annotations

import re
from html import escape
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from instances import construite
from mkdocs.structure.nav import Link, Navigation, Section
from pypdf import PdfReader
from test_livret import signets, sommaire, texte_page

from conftest import FIXTURES, pages_html
from macros import crochets
from macros.donnees import charger
from macros.typographie import FINE, INSECABLE, placer_les_appels, texte_publie, titre_publie, typographier


@pytest.mark.parametrize("avant, apres", [
    ("<p>Pourquoi ? Parce que ; enfin !</p>", f"<p>Pourquoi{FINE}? Parce que{FINE}; enfin{FINE}!</p>"),
    ("<p>Vraiment?</p>", f"<p>Vraiment{FINE}?</p>"),
    ("<p>Trois axes : agir</p>", f"<p>Trois axes{INSECABLE}: agir</p>"),
    ("<p>Source: le projet</p>", f"<p>Source{INSECABLE}: le projet</p>"),
    ("<p>« Construire ensemble »</p>", f"<p>«{FINE}Construire ensemble{FINE}»</p>"),
    ("<p>«<em>mot</em>»</p>", f"<p>«{FINE}<em>mot</em>{FINE}»</p>"),
    ("<p>l'accueil d&#x27;un jeune</p>", "<p>l’accueil d’un jeune</p>"),
    ("<p>10 000 jeunes, 1 234 567 euros</p>", f"<p>10{FINE}000 jeunes, 1{FINE}234{FINE}567 euros</p>"),
    ("<p>12 % et 400 € à 10 km</p>", f"<p>12{FINE}% et 400{FINE}€ à 10{INSECABLE}km</p>"),
    ("<p>à 10:30, en 2023 500 fois</p>", "<p>à 10:30, en 2023 500 fois</p>"),
    ("<p>A &amp; B ; C &lt; D</p>", f"<p>A &amp; B{FINE}; C &lt; D</p>"),
])
def test_regles_du_texte(avant, apres):
    assert typographier(avant) == apres


def test_le_code_les_scripts_et_les_attributs_restent_tels_quels():
    html = ('<p data-note="a : b" id="l\'a">x</p><pre><code title="a : b">a : b ; \'c\'</code></pre>'
            '<script>if (a ? b : c) {}</script><svg><text>a : b</text></svg>')
    assert typographier(html) == html


def test_l_info_bulle_lue_au_survol_suit_la_typographie_du_texte():
    html = ('<p><a href="https://exemple.org/l\'offre" title="L\'offre : voir « ici »">x</a> '
            '<span class="chiffre" title="Source : Statuts de l&#39;association, 2023">5</span></p>')
    assert typographier(html) == (
        f'<p><a href="https://exemple.org/l\'offre" title="L’offre{INSECABLE}: voir «{FINE}ici{FINE}»">x</a> '
        f'<span class="chiffre" title="Source{INSECABLE}: Statuts de l’association, 2023">5</span></p>')


def test_les_sigles_sont_expliques_au_survol_sauf_dans_le_code_et_les_mots():
    sigles = {"PPAE": "Projet personnalisé d'accès à l'emploi", "CIE": "Contrat initiative emploi"}
    html = typographier("<p>Le PPAE et le CIE ; CIEL, <code>PPAE</code>, <abbr>CIE</abbr></p>", sigles)
    assert '<abbr title="Projet personnalisé d’accès à l’emploi">PPAE</abbr>' in html
    assert html.count("<abbr") == 3  # PPAE, CIE, et l'abbr déjà écrit ; ni CIEL ni le code
    assert "<code>PPAE</code>" in html and "CIEL" in html


APPEL = '<sup class="appel-source"><a href="#s-1" aria-label="source 1">1</a></sup>'


@pytest.mark.parametrize("suite, attendu", [
    (" habitants sur le territoire.", f" habitants{APPEL} sur le territoire."),
    (" permanences réparties, dont", f" permanences réparties{APPEL}, dont"),
    (" salariés et reçoit ", f" salariés{APPEL} et reçoit "),
    (" de la population active.", f" de la population active{APPEL}."),
    (" jeunes d&#x27;un quartier ; puis", f" jeunes d'un quartier{APPEL} ; puis"),
    (".", f"{APPEL.replace('<a', '[<a').replace('</a>', '</a>]')}."),
    ("", APPEL.replace("<a", "[<a").replace("</a>", "</a>]")),
])
def test_l_appel_de_source_suit_le_groupe_de_mots(suite, attendu):
    html = f'<p>Il y a <span class="chiffre">73 500</span>{APPEL}{suite}</p>'
    assert placer_les_appels(html) == f'<p>Il y a <span class="chiffre">73 500</span>{attendu}</p>'


@pytest.mark.parametrize("markdown_", [
    '{{ chiffre("structure.salaries") }} équivalents temps plein, puis',
    '{{ chiffre("structure.salaries") }}\néquivalents temps plein, puis',  # la ligne finit sur la macro
    '{{ chiffre("structure.salaries") }} équivalents temps\nplein, puis',  # la ligne coupe le groupe
    '{{ chiffre("structure.salaries") }}\néquivalents\ntemps\nplein, puis',
])
def test_la_place_de_l_appel_ne_depend_pas_des_fins_de_ligne(markdown_, donnees):
    """Le paragraphe que l'éditeur coupe où il veut : rendu par la vraie macro, le Markdown, puis la typographie,
    l'appel suit « plein », jamais « 23[1] » ni « temps¹ plein »."""
    from jinja2 import Environment
    from markdown import Markdown

    from macros import rendus, sources_page

    chiffre = donnees.chiffre("structure.salaries")
    releve = sources_page.ouvrir("essai.md")
    rendu = Environment().from_string(markdown_).render(
        chiffre=lambda cle: rendus.chiffre_html(donnees.chiffre(cle), donnees.source(chiffre.source), releve=releve))
    html = typographier(Markdown().convert(rendu))
    texte = " ".join(BeautifulSoup(html, "html.parser").get_text().split())
    assert texte == f"{' '.join(typographier(rendus.valeur_formatee(chiffre)).split())} équivalents temps plein1, puis"
    assert re.search(r"plein<sup class=\"appel-source\">", html), html


def _texte_lu(page) -> str:
    """Le texte du contenu d'une page, tel qu'un lecteur le copie (sans code ni dessin)."""
    soupe = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soupe.find("article")
    if article is None:
        return ""
    for element in article(["svg", "script", "style", "code", "pre"]):
        element.decompose()
    return article.get_text()


def test_aucune_espace_ordinaire_avant_la_ponctuation_haute_dans_le_site(site):
    fautes = []
    for page in pages_html(site):
        texte = _texte_lu(page)
        for trouve in re.finditer(r"[ \u00a0][;!?]| :|« | »|'", texte):
            fautes.append(f"{page.relative_to(site)} : « {texte[max(0, trouve.start() - 30):trouve.end() + 10]} »")
    assert not fautes, "\n".join(fautes[:20])


def test_le_texte_copie_garde_chaque_chiffre_avec_son_nom(site):
    """Aucun chiffre cité n'est suivi d'un appel collé (« 73 5001 ») : après le nombre vient un blanc ou une
    ponctuation, et la page d'accueil se copie « 73 500 habitants »."""
    collés = []
    for page in pages_html(site):
        soupe = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for chiffre in soupe.select("article .chiffre"):
            suivant = chiffre.next_sibling
            texte = suivant.get_text() if hasattr(suivant, "get_text") else str(suivant or "")
            if texte[:1].isdigit():
                collés.append(f"{page.relative_to(site)} : {chiffre.get_text()}{texte[:10]}")
    assert not collés, "\n".join(collés[:20])
    accueil = " ".join(_texte_lu(site / "index.html").replace(FINE, " ").split())
    assert re.search(r"\b\d{2} \d{3} habitants", accueil), accueil[:400]


def test_les_sigles_du_site_sont_expliques_et_listes(site, donnees):
    sigles = donnees.jeux["sigles"].sigles
    page = (site / "sigles" / "index.html").read_text(encoding="utf-8")
    for sigle, sens in sigles.items():
        assert "<dt><abbr" in page and sigle in page and BeautifulSoup(sens, "html.parser").get_text() in \
            BeautifulSoup(page, "html.parser").get_text().replace("’", "'")
    abbrs = [a for p in pages_html(site) for a in BeautifulSoup(p.read_text(encoding="utf-8"),
                                                                 "html.parser").select("article abbr[title]")]
    assert {a.get_text() for a in abbrs} >= {"PAIO", "CLLAJ", "QPV"}


def test_aucun_texte_anglais_dans_l_interface(site):
    """Pied de page, recherche, sélecteur d'édition : en français (le second « extra: » de mkdocs.yml effaçait
    `generator: false`, et le pied disait « Made with Material for MkDocs »)."""
    import json

    for page in pages_html(site):
        soupe = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        pied = soupe.select_one(".md-copyright")
        if pied is None:
            continue
        assert "Made with" not in pied.get_text(), page
        recherche = soupe.select_one("input.md-search__input")
        assert recherche is None or recherche["placeholder"] == "Rechercher", page
        config = json.loads(soupe.select_one("#__config").get_text())
        assert "Search" not in json.dumps(config["translations"]) and config["translations"]["search.result.none"]
        # Hors de mike, pas de sélecteur d'édition (il demanderait versions.json) ; publié, il montre les titres
        # des éditions, pas l'alias brut « en-vigueur » (tests/test_editions.py).
        assert config.get("version") is None, page


# ── Autour des pages : titres, nom du site, sections, livret ────────────────────────────────────────────────
# Ce qu'écrit un nouveau venu : apostrophes droites, espaces ordinaires, guillemets, milliers, adresse.
ECRITS = ["Diagnostic : d'où nous partons", "Mission Locale Jeunes du Pays d'Alençon",
          "Varier l'offre dans l'accompagnement", "« Agir ensemble » ; pourquoi ? 10 000 jeunes, 8.9 % !",
          "Voir https://exemple.org/l'offre : l'accueil", "R&D <b> {{ 7*7 }}"]


@pytest.mark.parametrize("ecrit", ECRITS)
def test_typographier_deux_fois_ne_change_rien(ecrit):
    une_fois = texte_publie(ecrit)
    assert texte_publie(une_fois) == une_fois
    assert not re.search(r"[ \u00a0\u202f]{2}", une_fois)
    titre = titre_publie(escape(ecrit, quote=False))
    assert titre_publie(titre) == titre


def test_un_titre_pour_le_theme_reste_echappe_et_inerte():
    # Material écrit les titres tels quels : échappés, et sans « {{ » que mkdocs-macros lirait.
    assert titre_publie("R&amp;D : l'offre {{ 7*7 }} &lt;b&gt;") == (
        f"R&amp;D{INSECABLE}: l’offre &#123;&#123; 7*7 &#125;&#125; &lt;b&gt;")


def test_les_titres_des_sections_et_des_liens_suivent_la_typographie():
    fiches, lien = Section("Fiches : l'essentiel", []), Link("L'Union nationale", "https://exemple.org/l'union")
    nav = Navigation([Section("L'offre", [fiches, lien])], [])
    crochets.on_nav(nav, None, None, SimpleNamespace(jeux={}))
    assert [nav.items[0].title, fiches.title, lien.title] == [
        "L’offre", f"Fiches{INSECABLE}: l’essentiel", "L’Union nationale"]
    assert lien.url == "https://exemple.org/l'union"  # une adresse n'est pas du texte


NEUVE = FIXTURES / "structure-neuve"  # apostrophes dans le nom, les titres de pages et de navigation


def _cadre(soupe: BeautifulSoup) -> dict[str, str]:
    """Ce que le thème écrit autour du contenu : onglet du navigateur, en-tête, onglets, navigation, sommaire de
    la page, pied de page (précédente, suivante, nom de la structure), et la description que montrent les moteurs
    de recherche (celle de la page, sinon celle du site)."""
    elements = {"title": soupe.title, **{s: soupe.select_one(s) for s in (
        ".md-header", ".md-tabs", ".md-nav--primary", ".md-nav--secondary", ".md-footer")}}
    textes = {nom: e.get_text(" ") for nom, e in elements.items() if e is not None}
    description = soupe.find("meta", attrs={"name": "description"})
    return textes | ({"description": description["content"]} if description else {})


def test_titres_et_nom_du_site_autour_des_pages_suivent_la_typographie():
    structure = construite(NEUVE)
    nom, histoire = texte_publie(structure.reglages["site_name"]), texte_publie("L'histoire de l'association")
    assert nom.endswith("Mission Locale de l’Arrondissement du Val d’Essai")
    fautes = [f"{page.relative_to(structure.site)}, {ou} : {trouve.group()!r}"
              for page in pages_html(structure.site)
              for ou, texte in _cadre(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")).items()
              for trouve in re.finditer(r".{0,25}('| [;:!?]|« | »).{0,10}", texte)]
    assert not fautes, "\n".join(fautes[:20])
    offre = _cadre(BeautifulSoup((structure.site / "offre/index.html").read_text(encoding="utf-8"), "html.parser"))
    assert offre["title"] == f"Notre offre - {nom}"
    assert nom in offre[".md-header"] and histoire in offre[".md-tabs"] and histoire in offre[".md-footer"]
    assert offre["description"] == texte_publie(f"L'offre de la {charger(NEUVE / 'data').jeux['structure'].nom}, "
                                                "par thème.")
    page = BeautifulSoup((structure.site / "historique/index.html").read_text(encoding="utf-8"), "html.parser")
    introuvable = BeautifulSoup((structure.site / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert _cadre(introuvable)["description"] == texte_publie(structure.reglages["site_description"])
    assert page.title.get_text() == f"{histoire} - {nom}"
    assert texte_publie("1989–1990 : la genèse") in _cadre(page)[".md-nav--secondary"]


def test_le_sommaire_et_les_parties_du_livret_suivent_la_typographie():
    lecteur = PdfReader(construite(NEUVE).site / "livret/projet-associatif.pdf")
    histoire = texte_publie("L'histoire de l'association")
    assert histoire in [titre for titre, _ in sommaire(lecteur)]
    page = {titre: page for _, titre, page in signets(lecteur)}[histoire]
    # Le titre de la partie, une fois : le titre de la page (le même) ne reste pas en sous-titre.
    assert texte_page(lecteur, page).count(histoire) == 1 and "L'histoire" not in texte_page(lecteur, page)


def test_un_titre_a_deux_points_dans_la_navigation_et_le_livret():
    site = construite(FIXTURES / "livret").site
    titre = texte_publie("Fiche 1 : accueillir sans rendez-vous")
    assert titre == f"Fiche 1{INSECABLE}: accueillir sans rendez-vous"
    soupe = BeautifulSoup((site / "fiches/fiche-1/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soupe.title.get_text().startswith(f"{titre} - ")
    assert titre in soupe.select_one(".md-nav--primary").get_text()
    lecteur = PdfReader(site / "livret/projet-associatif.pdf")
    assert titre in [t for _, t, _ in signets(lecteur)]
    # Le titre que le lecteur de PDF montre dans sa barre de titre.
    assert lecteur.metadata.title.endswith("Mission Locale des Vallées d’Essai")
