"""Le livret PDF : les pages du site dans l'ordre de la navigation, un sommaire juste, un PDF balisé.

Sur la structure d'essai tests/fixtures/livret (chiffres clés, sections, pages exclues, liens, long tableau,
image SVG, fiches actions, second document), construite une fois par session (tests/instances.py) ; le
sommaire de chaque structure du dépôt est vérifié par tests/test_instances.py. L'assemblage et la mise en page
d'un petit document se testent sans construire de site.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import RACINE, pages_html
from instances import construire_instance, construite
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from livret import Couverture, Partie, assembler, fabriquer
from macros import format as fmt
from macros.typographie import texte_publie

LIVRET = "livret/projet-associatif.pdf"
ESSAI = RACINE / "tests/fixtures/livret"
FEUILLE = RACINE / "overrides/assets/css/livret.css"



# ── Outils de lecture ────────────────────────────────────────────────────────────────────────────────
def _texte(texte: str) -> str:
    return " ".join(texte.split())


@functools.cache  # un livret se relit dans plusieurs tests ; pypdf met quelques centièmes de seconde par page
def texte_page(lecteur: PdfReader, numero: int) -> str:
    """Le texte de la page `numero` (comptée à partir de 1), espaces normalisées."""
    return _texte(lecteur.pages[numero - 1].extract_text())


def signets(lecteur: PdfReader) -> list[tuple[int, str, int]]:
    """Les signets du PDF à plat : (niveau, titre, numéro de page)."""
    resultat: list[tuple[int, str, int]] = []

    def parcourir(elements, niveau):
        for element in elements:
            if isinstance(element, list):
                parcourir(element, niveau + 1)
            else:
                resultat.append((niveau, element.title, lecteur.get_destination_page_number(element) + 1))

    parcourir(lecteur.outline, 1)
    return resultat


def sommaire(lecteur: PdfReader) -> list[tuple[str, int]]:
    """Les entrées du sommaire imprimé : (titre, numéro de page écrit après les points de conduite)."""
    marque = signets(lecteur)
    debut = next(page for _, titre, page in marque if titre == "Sommaire")
    fin = min((page for _, titre, page in marque if page > debut), default=len(lecteur.pages) + 1)
    texte = " ".join(lecteur.pages[n].extract_text() for n in range(debut - 1, fin - 1))
    # Pieds de page (« Projet associatif 2020 · … · 2 / 75 ») : entre deux pages d'un sommaire qui en prend plusieurs.
    texte = re.sub(r"\s*Projet associatif(?: \d{4})? ·.*?\d+ / \d+", " ", _texte(texte))
    # La mention d'une version de travail, en haut de chaque page (livret/assemblage.py) : pas une entrée.
    texte = re.sub(r"\s*Version de travail, non adoptée\s*", " ", texte).strip()
    texte = texte.removeprefix("Sommaire")
    return [(titre.strip(), int(page)) for titre, page in re.findall(r"(.+?)\s*(?:\.\s*){3,}(\d+)", texte)]


class _SansEtiquettes(yaml.SafeLoader):
    """Lit mkdocs.yml sans exécuter ses étiquettes Python (!!python/name…)."""


_SansEtiquettes.add_multi_constructor("", lambda chargeur, suffixe, noeud: None)


def en_tete(fichier: Path) -> dict:
    texte = fichier.read_text(encoding="utf-8")
    if not texte.startswith("---"):
        return {}
    return yaml.safe_load(texte.split("---", 2)[1]) or {}


def titres_des_fiches(projet: Path) -> list[str]:
    """Les titres des pages des fiches (docs/fiches-actions/<id>.md), dans l'ordre où macros/crochets.py les range."""
    from macros.donnees import charger
    from macros.fiches import fiches_ordonnees, titre_complet

    return [texte_publie(titre_complet(fiche)) for fiche in fiches_ordonnees(charger(projet / "data"))]


def attendues(nav: list, projet: Path, niveau: int = 1) -> list[tuple[int, str]]:
    """Les parties que la navigation promet au livret, (niveau, titre), dans l'ordre ; chaque titre tel que le
    site et le livret le montrent (`texte_publie`).

    Règles du livret : une page `livret: false` n'y est pas ; une section devient un intertitre, sauf si
    sa première page porte le même titre (elle en tient lieu) ; une section vide disparaît. Les pages des
    fiches actions (docs/fiches-actions/<id>.md) suivent la page d'index de leur section.
    """
    docs = projet / "docs"
    parties: list[tuple[int, str]] = []
    for element in nav:
        titre, cible = next(iter(element.items())) if isinstance(element, dict) else (None, element)
        titre = texte_publie(titre) if titre else titre
        if isinstance(cible, list):
            enfants = attendues(cible, projet, niveau + 1)
            if enfants and enfants[0][1] == titre:
                enfants[0] = (niveau, titre)
            elif enfants:
                parties.append((niveau, titre))
            parties.extend(enfants)
        elif not str(cible).startswith(("http:", "https:")):
            tete = en_tete(docs / cible)
            if tete.get("livret", True) is not False:
                # `livret: extrait` (l'accueil) : sa partie porte le titre `titre_livret`.
                parties.append((niveau, texte_publie(tete.get("titre_livret") or titre or tete["title"])))
            if cible == "fiches-actions/index.md":
                parties.extend((niveau, titre) for titre in titres_des_fiches(projet))
    return parties


# ── La structure d'essai ─────────────────────────────────────────────────────────────────────────────
@pytest.fixture(scope="module")
def essai() -> tuple[Path, Path, PdfReader]:
    """(dossier de la structure, site construit, livret lu)."""
    site = construite(ESSAI).site
    return ESSAI, site, PdfReader(site / LIVRET)


def _nav(projet: Path) -> list:
    return yaml.load((projet / "instance.yml").read_text(encoding="utf-8"), _SansEtiquettes)["nav"]


# ── Contenu et sommaire ──────────────────────────────────────────────────────────────────────────────
def test_chaque_partie_de_la_navigation_est_dans_le_livret_dans_l_ordre(essai):
    projet, _, lecteur = essai
    parties = attendues(_nav(projet), projet)
    # Les chiffres clés (l'accueil, `livret: extrait`), un intertitre de section, les fiches, la matrice.
    assert {(1, "Chiffres clés"), (1, "Exemples de fiches"), (2, "Matrice des fonctions")} <= set(parties), parties
    # Le sommaire et le colophon (« À propos de ce document ») ne sont pas des pages de la navigation.
    marque = [(niveau, titre) for niveau, titre, _ in signets(lecteur)
              if titre not in {"Sommaire", "À propos de ce document"}]
    assert marque == parties
    tout = " ".join(texte_page(lecteur, n) for n in range(1, len(lecteur.pages) + 1))
    for _, titre in parties:
        assert _texte(titre) in tout


def test_chaque_fiche_action_des_donnees_a_sa_partie_dans_le_livret(essai):
    projet, _, lecteur = essai
    fiches = titres_des_fiches(projet)
    assert len(fiches) >= 2, "docs/fiches-actions/ de la structure d'essai porte deux fiches"
    pages = {titre: page for _, titre, page in signets(lecteur)}
    for titre in fiches:
        assert titre in pages, titre
        assert _texte(titre) in texte_page(lecteur, pages[titre])
    # Chacune commence une nouvelle page : aucune deux fiches sur la même page.
    assert len({pages[t] for t in fiches}) == len(fiches)


def test_les_pages_marquees_livret_false_n_y_sont_pas(essai):
    projet, _, lecteur = essai
    exclues = [texte_publie(en_tete(p)["title"]) for p in (projet / "docs").rglob("*.md") if en_tete(p).get("livret") is False]
    assert exclues, "le projet d'essai doit avoir une page exclue"
    titres = [titre for _, titre, _ in signets(lecteur)] + [titre for titre, _ in sommaire(lecteur)]
    for titre in exclues:
        assert titre not in titres


def test_le_numero_de_page_du_sommaire_est_celui_de_la_partie(essai):
    projet, _, lecteur = essai
    entrees = sommaire(lecteur)
    assert [titre for titre, _ in entrees] == [_texte(t) for _, t in attendues(_nav(projet), projet)]
    pages_des_signets = {_texte(titre): page for _, titre, page in signets(lecteur)}  # le sommaire lu : espaces simples
    for titre, page in entrees:
        assert titre in texte_page(lecteur, page), f"« {titre} » absent de la page {page}"
        assert pages_des_signets[titre] == page, f"« {titre} » : sommaire p. {page}"


def test_chaque_partie_commence_une_nouvelle_page(essai):
    _, _, lecteur = essai
    hauteur = float(lecteur.pages[0].mediabox.height)
    for element in lecteur.outline:
        if isinstance(element, list):
            continue
        # Le titre d'une partie est en haut de sa page (marge haute de 22 mm = 62 points, plus une ligne).
        assert float(element.top) > hauteur - 62 - 30, element.title


def test_en_tete_courant_et_pied_de_page(essai):
    _, _, lecteur = essai
    debut = next(page for _, titre, page in signets(lecteur) if titre == "Tableau de bord")
    suite = texte_page(lecteur, debut + 1)
    assert "Tableau de bord" in suite, "l'en-tête courant reprend le titre de la partie"
    assert f"{debut + 1} / {len(lecteur.pages)}" in suite


# ── Mise en page ─────────────────────────────────────────────────────────────────────────────────────
def test_un_long_tableau_repete_son_en_tete_et_ne_coupe_aucune_ligne(essai):
    _, _, lecteur = essai
    debut = next(page for _, titre, page in signets(lecteur) if titre == "Tableau de bord")
    pages = [texte_page(lecteur, n) for n in range(debut, len(lecteur.pages) + 1)]
    avec_tableau = [t for t in pages if "Indicateur de suivi" in t]
    assert len(avec_tableau) >= 2, "le tableau d'essai doit passer sur plusieurs pages"
    for texte in avec_tableau:
        assert "N° Indicateur Fiche Cible" in texte
    for i in range(1, 61):
        ligne = f"Indicateur de suivi numéro {i}, formulé sur une ligne assez longue pour passer à la ligne"
        assert sum(ligne in t for t in avec_tableau) == 1, f"ligne {i} coupée ou absente"


def test_les_images_svg_restent_vectorielles(essai):
    _, _, lecteur = essai
    page = next(p for _, titre, p in signets(lecteur) if titre == "Présentation")
    assert "Accompagnement" in texte_page(lecteur, page), "le texte du SVG reste du texte"
    objets = lecteur.pages[page - 1]["/Resources"].get("/XObject", {})
    images = [n for n, o in objets.items() if o.get_object().get("/Subtype") == "/Image"]
    assert images == []


def _liens(lecteur: PdfReader, numero: int) -> list[dict]:
    return [a.get_object() for a in lecteur.pages[numero - 1].get("/Annots", [])
            if a.get_object().get("/Subtype") == "/Link"]


def test_les_liens_entre_pages_deviennent_des_renvois_internes(essai):
    _, _, lecteur = essai
    pages = {titre: page for _, titre, page in signets(lecteur)}
    destinations = {nom: lecteur.get_destination_page_number(d) + 1
                    for nom, d in lecteur.named_destinations.items()}
    internes = [str(a["/Dest"]) for a in _liens(lecteur, pages["Présentation"]) if "/Dest" in a]
    cibles = {destinations[nom] for nom in internes}
    assert pages[texte_publie("Fiche 1 : accueillir sans rendez-vous")] in cibles
    debut_tableau = pages["Tableau de bord"]
    assert any(debut_tableau <= c < debut_tableau + 3 for c in cibles), "lien vers une ancre d'une autre page"


def test_les_liens_exterieurs_gardent_leur_adresse_imprimee(essai):
    projet, _, lecteur = essai
    page = next(p for _, titre, p in signets(lecteur) if titre == "Présentation")
    adresses = [a["/A"]["/URI"] for a in _liens(lecteur, page) if "/A" in a]
    assert "https://www.unml.info/les-missions-locales/" in adresses
    assert "(www.unml.info/les-missions-locales/)" in texte_page(lecteur, page)
    # Une page du site absente du livret : le lien mène à son adresse publique.
    site_url = yaml.load((projet / "instance.yml").read_text(), _SansEtiquettes)["site_url"]
    assert urljoin(site_url, "mentions-legales/") in adresses


# ── Qualité du PDF ───────────────────────────────────────────────────────────────────────────────────
def test_metadonnees_langue_titre_auteur(essai):
    from macros.donnees import charger

    projet, _, lecteur = essai
    racine = lecteur.trailer["/Root"]
    assert racine["/Lang"] == "fr"
    donnees = charger(projet / "data")
    nom = donnees.jeux["structure"].nom
    # Le titre de l'édition (data/edition.yml, « Projet associatif 2025–2029 ») complète « Projet associatif ».
    edition = donnees.jeux["edition"].titre
    assert edition.startswith("Projet associatif ")
    assert lecteur.metadata.title == texte_publie(f"{edition} – {nom}")
    assert lecteur.metadata.author == texte_publie(nom)
    assert lecteur.metadata.subject
    assert bool(racine["/ViewerPreferences"]["/DisplayDocTitle"])


def _roles(element, roles: set[str]) -> set[str]:
    if isinstance(element, IndirectObject):
        element = element.get_object()
    if isinstance(element, list):
        for enfant in element:
            _roles(enfant, roles)
    elif hasattr(element, "get") and "/S" in element:
        roles.add(str(element["/S"]))
        _roles(element.get("/K", []), roles)
    return roles


def test_le_pdf_est_balise(essai):
    _, _, lecteur = essai
    racine = lecteur.trailer["/Root"]
    assert bool(racine["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in racine
    roles = _roles(racine["/StructTreeRoot"]["/K"], set())
    assert {"/H1", "/H2", "/P", "/Table", "/TH", "/TD", "/Link", "/L", "/LI"} <= roles


def test_polices_incorporees_et_reduites(essai):
    _, _, lecteur = essai
    polices = {}
    for page in lecteur.pages:
        for police in page["/Resources"].get("/Font", {}).values():
            police = police.get_object()
            descendante = police.get("/DescendantFonts")
            description = (descendante[0].get_object() if descendante else police)["/FontDescriptor"]
            polices[str(police["/BaseFont"])] = description.get_object()
    assert any("SourceSans3" in nom or "Source-Sans-3" in nom for nom in polices), polices.keys()
    for nom, description in polices.items():
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(description), f"{nom} non incorporée"
        assert re.match(r"/?[A-Z]{6}\+", nom), f"{nom} incorporée en entier"


# ── Sur le site ──────────────────────────────────────────────────────────────────────────────────────
def test_chaque_page_propose_le_livret_avec_ses_pages_et_son_poids(essai):
    _, site, _ = essai
    pdf = site / LIVRET
    attendu = f"Télécharger le livret (PDF, {fmt.pages(len(PdfReader(pdf).pages))}, {fmt.taille_fichier(pdf.stat().st_size)})"
    for page in pages_html(site):
        if page.name == "404.html":
            continue
        lien = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("a.md-livret__lien")
        assert lien is not None, page
        assert _texte(lien.get_text()) == _texte(attendu), page
        assert (page.parent / lien["href"]).resolve() == pdf.resolve(), page


def test_un_second_document_est_une_ligne_de_declaration(essai):
    _, site, _ = essai
    lecteur = PdfReader(site / "livret/presentation.pdf")
    assert len(lecteur.pages) <= 2
    assert [titre for _, titre, _ in signets(lecteur)] == ["Présentation"]
    assert "Fiche 1" not in " ".join(texte_page(lecteur, n) for n in range(1, len(lecteur.pages) + 1))


def test_sans_pdf_donne_une_page_d_attente_qui_dit_comment_avoir_le_vrai(tmp_path):
    """`make serve` (SANS_PDF=1) : pas de WeasyPrint, mais le lien mène à un PDF qui dit ce qu'il est."""
    resultat = construire_instance(ESSAI, tmp_path / "site", env={"SANS_PDF": "1"})
    assert resultat.code == 0, resultat.sortie
    lecteur = PdfReader(tmp_path / "site" / LIVRET)
    assert len(lecteur.pages) == 1
    texte = texte_page(lecteur, 1)
    titre = lecteur.metadata.title
    assert titre.startswith("Projet associatif") and titre.endswith(" — aperçu"), titre
    assert texte.startswith(titre), texte
    assert "Mission Locale" in texte, "les mentions de la couverture : la structure, l'édition"
    assert "« make build » ou « make pdf » fabrique le document complet" in texte


def _pages_de_la_nav(nav: list):
    for element in nav:
        cible = next(iter(element.values())) if isinstance(element, dict) else element
        yield from _pages_de_la_nav(cible) if isinstance(cible, list) else [cible]


def test_une_image_exterieure_arrete_la_construction(minimale, tmp_path):
    """Sur une copie de la structure d'essai tests/fixtures/minimale : la page est refusée avant tout PDF."""
    page = next(minimale / "docs" / p for p in _pages_de_la_nav(_nav(minimale))
                if en_tete(minimale / "docs" / p).get("livret", True) not in (False, "extrait"))
    page.write_text(page.read_text() + "\n![logo](https://exemple.invalid/logo.png)\n", encoding="utf-8")
    resultat = construire_instance(minimale, tmp_path / "site", env={"SANS_PDF": "1"})
    assert resultat.code != 0
    # Arrêtée dès la page (macros/garde.py), avant le livret : le fichier et la ligne de l'image sont nommés.
    ligne = page.read_text(encoding="utf-8").count("\n")
    assert (f"docs/{page.relative_to(minimale / 'docs').as_posix()}, ligne {ligne} : adresse extérieure chargée par "
            "la page (src) : https://exemple.invalid/logo.png") in resultat.sortie


# ── Assemblage (sans construire de site) ─────────────────────────────────────────────────────────────
COUVERTURE = Couverture("Projet associatif", "Mission Locale d'essai", "Sujet", adresse_site="https://ex.org/site/")


def test_assemblage_prefixe_les_identifiants_et_reecrit_les_liens():
    parties = [
        Partie("Valeurs", "valeurs/", '<h1 id="valeurs">Valeurs</h1><h2 id="laicite">Laïcité</h2>'
               '<a href="#laicite">ici</a> <a href="../fiches/f1/#objectif">fiche</a>'
               ' <a href="../mentions/">mentions</a> <a class="headerlink" href="#laicite">¶</a>'
               '<p class="hors-pdf">écran seulement</p><nav aria-label="Filtrer"><a href="#x">filtre</a></nav>'),
        Partie("Fiche 1", "fiches/f1/", '<h1>Autre titre</h1><h2 id="objectif">Objectif</h2>'
               '<a href="https://ex.org/a/">https://ex.org/a/</a><img src="../../img/x.svg" alt="x">'),
    ]
    soupe = BeautifulSoup(assembler(parties, COUVERTURE), "html.parser")
    assert soupe.find(id="valeurs--laicite") is not None
    liens = {a.get_text(): a for a in soupe.select(".partie a")}
    assert liens["ici"]["href"] == "#valeurs--laicite"
    assert liens["fiche"]["href"] == "#fiches-f1--objectif"
    assert liens["mentions"]["href"] == "https://ex.org/site/mentions/"
    assert liens["mentions"]["data-url"] == "ex.org/site/mentions/"
    assert "data-url" not in liens["https://ex.org/a/"].attrs, "l'adresse est déjà le texte du lien"
    for absent in ("¶", "écran seulement", "filtre"):
        assert absent not in soupe.select_one(".partie").get_text()
    assert [h.get_text() for h in soupe.select(".partie h1")] == ["Valeurs", "Fiche 1"]
    assert soupe.select_one("#fiches-f1 .sous-titre").get_text() == "Autre titre"
    assert soupe.select_one("img")["src"] == "https://site.invalid/img/x.svg"


def test_un_lien_hors_du_document_garde_le_dossier_de_l_edition():
    """mike donne l'adresse d'une édition sans « / » final : le lien reste dans l'édition (…/2024-2028/valeurs/)."""
    couverture = Couverture("Charte", "Mission Locale d'essai", adresse_site="https://ex.org/projet/2024-2028")
    html = assembler([Partie("Charte", "charte/", '<p><a href="../valeurs/#laicite">laïcité</a></p>')], couverture)
    lien = BeautifulSoup(html, "html.parser").select_one(".partie a")
    assert lien["href"] == "https://ex.org/projet/2024-2028/valeurs/#laicite"


def test_assemblage_sans_adresse_publique_garde_le_texte_seul():
    couverture = Couverture("Projet associatif", "Mission Locale d'essai")
    html = assembler([Partie("A", "a/", '<p><a href="../b/">vers B</a></p>')], couverture)
    soupe = BeautifulSoup(html, "html.parser")
    assert "vers B" in soupe.get_text() and not soupe.select(".partie a")


def test_le_sommaire_suit_les_niveaux_en_listes_imbriquees():
    parties = [Partie("A", "a/", "<p>a</p>"), Partie("S", "", None, 1), Partie("B", "s/b/", "<p>b</p>", 2),
               Partie("C", "s/c/", "<p>c</p>", 2), Partie("D", "d/", "<p>d</p>")]
    soupe = BeautifulSoup(assembler(parties, COUVERTURE), "html.parser")
    racine = soupe.select_one(".sommaire > ol")
    assert [li.a.get_text() for li in racine.find_all("li", recursive=False)] == ["A", "S", "D"]
    assert [li.a.get_text() for li in racine.select(":scope > li:nth-child(2) > ol > li")] == ["B", "C"]


def test_un_document_court_sans_page_de_garde_tient_sur_une_page():
    couverture = Couverture("Charte", "Mission Locale d'essai", sommaire=False, page_de_garde=False)
    pdf = fabriquer([Partie("Engagements", "charte/", "<p>Un engagement.</p>")], couverture, [FEUILLE])
    assert pdf.pages == 1 and pdf.avertissements == []


def test_une_propriete_inconnue_de_la_feuille_est_signalee_pas_celles_des_graphiques(tmp_path):
    """Les styles d'un graphique SVG (fill, stroke…) ne sont pas signalés ; une faute dans la feuille, si."""
    fautive = tmp_path / "fautive.css"
    fautive.write_text("p { colour: red; }\n", encoding="utf-8")
    graphique = ('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
                 '<rect width="20" height="20" style="fill: #283593; stroke: #4d4d4d; stroke-width: 1.5"/></svg>')
    couverture = Couverture("Charte", "Mission Locale d'essai", sommaire=False, page_de_garde=False)
    pdf = fabriquer([Partie("Graphique", "g/", f"<p>Texte.</p>{graphique}")], couverture, [FEUILLE, fautive])
    assert len(pdf.avertissements) == 1 and "colour: red" in pdf.avertissements[0], pdf.avertissements


def test_taille_et_pages_en_francais():
    assert fmt.taille_fichier(1_234_567) == "1,2\u202fMo"
    assert fmt.taille_fichier(54_321) == "54\u202fko"
    assert fmt.pages(1) == "1\u00a0page" and fmt.pages(42) == "42\u00a0pages"


def test_un_document_ne_renvoie_pas_a_ce_qu_il_laisse_de_cote():
    """« sans » (instance.yml) laisse un bloc hors d'un PDF ; un renvoi vers lui (classe « renvoi ») y part avec son
    texte, quand le livret, qui a le bloc, garde l'un et l'autre."""
    partie = Partie("Charte", "charte/", '<p>Un article de 1990 <a class="renvoi" href="#nationale">(résumée en fin '
                    'de page)</a>, un engagement.</p><div class="nationale"><h2 id="nationale">Charte de 1990</h2></div>')
    couverture = Couverture(titre="Charte", structure="Mission Locale", sommaire=False, page_de_garde=False)
    seule = assembler([partie], couverture, sans=(".nationale",))
    assert "fin de page" not in seule and "Charte de 1990" not in seule and "Un article de 1990, un engagement" in seule
    livret = assembler([partie], couverture)
    assert "(résumée en fin de page)</a>" in livret and "Charte de 1990" in livret
