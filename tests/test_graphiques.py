"""Les graphiques : présents dans le site, nommés et décrits, fidèles à data/, lisibles, et refusés s'ils sont faux.

Sur la structure d'essai tests/fixtures/livret (quatre graphiques : barres, barres horizontales, courbe ; nombres,
euros, pourcentages ; jusqu'à quatre séries), construite une fois par session (tests/instances.py) ; les erreurs,
sur une copie de tests/fixtures/minimale ; le cache des dessins, par appel direct.
"""
from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import FIXTURES, RACINE, modifier_yaml, pages_html
from instances import construite
from lecture_html import sans_typographie
from test_erreurs import numero_de_ligne, par_couche, verifier_message

from macros import graphiques, rendus
from macros.modeles.graphiques import SERIES_MAX

SVG = "{http://www.w3.org/2000/svg}"
ESSAI = STRUCTURE = FIXTURES / "livret"  # les fixtures site et donnees la lisent
# Une graduation à la française : espace fine entre les milliers, virgule décimale, unité après une espace.
GRADUATION = re.compile(r"^-?\d{1,3}(\u202f\d{3})*(,\d+)?(\u202f%|\u202f€|\u00a0millions?)?$")


def _figures(site: Path) -> dict[str, tuple[Path, ET.Element]]:
    """Chaque graphique du site construit : identifiant → (page, élément <figure> lu comme du XML)."""
    trouves = {}
    for page in pages_html(site):
        for bloc in re.findall(r'<figure class="graphique".*?</figure>', page.read_text(encoding="utf-8"), re.S):
            figure = ET.fromstring(bloc)
            trouves[figure.get("id").removeprefix("graphique-")] = (page, figure)
    return trouves


def _textes(element: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]


@pytest.fixture(scope="module")
def figures():
    return _figures(construite(ESSAI).site)


def test_chaque_graphique_de_data_est_dans_le_site(figures, donnees):
    attendus = {g.id for g in donnees.jeux["graphiques"].graphiques}
    assert len(attendus) >= 4, "la structure d'essai montre quatre graphiques"
    assert attendus <= set(figures), f"graphiques absents du site : {attendus - set(figures)}"


def test_le_svg_est_une_image_nommee_et_decrite(figures, donnees):
    for graphique in donnees.jeux["graphiques"].graphiques:
        _, figure = figures[graphique.id]
        svg = figure.find(f"{SVG}svg")
        assert svg is not None, f"{graphique.id} : pas de SVG dans la page"
        assert svg.get("role") == "img"
        par_id = {e.get("id"): e for e in svg.iter() if e.get("id")}
        titre, desc = (par_id[i] for i in svg.get("aria-labelledby").split())
        assert (titre.tag, titre.text) == (f"{SVG}title", graphique.titre)
        assert desc.tag == f"{SVG}desc"
        assert graphique.description in desc.text
        for serie in graphiques.series(graphique, donnees):
            for point in serie.points:
                assert f"{point.etiquette} : {rendus.valeur_formatee(point.chiffre)}" in desc.text
        assert sans_typographie("".join(figure.find("figcaption").itertext())) == graphique.titre


def test_les_nombres_dessines_sont_ceux_de_data(figures, donnees):
    """Chaque point porte sa valeur écrite à la française ; les graduations aussi sont à la française."""
    for graphique in donnees.jeux["graphiques"].graphiques:
        textes = _textes(figures[graphique.id][1])
        lesquelles = graphiques.series(graphique, donnees)
        valeurs = [rendus.valeur_formatee(p.chiffre) for s in lesquelles for p in s.points]
        for valeur in valeurs:
            assert valeur in textes, f"{graphique.id} : « {valeur} » n'est pas écrit sur le graphique ({textes})"
        connus = set(valeurs) | {graphique.axe_valeurs, graphique.axe_categories} | {s.nom for s in lesquelles}
        libelles = " ".join(graphique.categories(donnees.chiffres)).split()
        graduations = [t for t in textes if t not in connus and not set(t.split()) <= set(libelles)]
        assert graduations, f"{graphique.id} : aucune graduation trouvée"
        unite = {"pourcent": "\u202f%", "euros": "\u202f€"}.get(lesquelles[0].points[0].chiffre.unite, "")
        for texte in graduations:
            assert GRADUATION.match(texte), f"{graphique.id} : graduation « {texte} » pas à la française"
            assert texte.endswith(unite), f"{graphique.id} : graduation « {texte} » sans son unité"


def _texte_sans_appel(element: ET.Element) -> str:
    """Le texte d'une cellule, sans l'appel numéroté vers la liste « Sources » (macros/sources_page.py)."""
    morceaux = [element.text or ""]
    for enfant in element:
        if "appel-source" not in (enfant.get("class") or "").split():
            morceaux.append(_texte_sans_appel(enfant))
        morceaux.append(enfant.tail or "")
    return "".join(morceaux)


def test_le_tableau_donne_chaque_chiffre_exact_et_sa_source(figures, donnees):
    for graphique in donnees.jeux["graphiques"].graphiques:
        figure = figures[graphique.id][1]
        details = figure.find("details")
        assert details is not None and details.find("summary") is not None
        table = details.find("table")
        colonnes = [sans_typographie("".join(th.itertext())) for th in table.find("thead").iter("th")]
        lignes = {sans_typographie("".join(tr[0].itertext())): [_texte_sans_appel(td) for td in tr[1:]]
                  for tr in table.find("tbody").iter("tr")}
        for serie in graphiques.series(graphique, donnees):
            colonne = colonnes.index(serie.nom) - 1
            for point in serie.points:
                assert lignes[point.etiquette][colonne] == rendus.valeur_formatee(point.chiffre)
                source = donnees.source(point.chiffre.source)
                assert rendus.reference_source(source) in sans_typographie("".join(details.find("p").itertext()))


def _luminance(couleur: str) -> float:
    canaux = [int(couleur[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, v, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in canaux)
    return 0.2126 * r + 0.7152 * v + 0.0722 * b


def _contraste_sur_blanc(couleur: str) -> float:
    return 1.05 / (_luminance(couleur) + 0.05)


def test_contrastes_sur_fond_blanc(figures):
    """Texte ≥ 4,5:1, traits et surfaces ≥ 3:1 (WCAG 1.4.3 et 1.4.11) ; le fond du SVG est blanc."""
    for identifiant, (_, figure) in figures.items():
        svg = figure.find(f"{SVG}svg")
        for element in svg.iter():
            style = element.get("style", "")
            for propriete, couleur in re.findall(r"(fill|stroke):\s*(#[0-9a-f]{6})", style):
                if couleur == "#ffffff":
                    continue
                minimum = 4.5 if element.tag == f"{SVG}text" else 3
                assert _contraste_sur_blanc(couleur) >= minimum, \
                    f"{identifiant} : {propriete} {couleur} contraste {_contraste_sur_blanc(couleur):.1f}:1"


# Le fond des pages de Material en mode sombre : hsla(225deg, 15 %, 14 %, 1).
FOND_SOMBRE = "#1e2129"


def _contraste(couleur: str, fond: str) -> float:
    clair, sombre = sorted((_luminance(couleur), _luminance(fond)), reverse=True)
    return (clair + 0.05) / (sombre + 0.05)


def test_en_mode_sombre_un_graphique_n_est_pas_une_boite_blanche(figures):
    """Chaque couleur des SVG du site a sa variante sombre (ecran.css) : le fond blanc devient transparent,
    le texte garde 4,5:1 et les traits et surfaces 3:1 sur le fond sombre de la page."""
    css = (RACINE / "overrides/assets/css/ecran.css").read_text(encoding="utf-8")
    assert re.search(r'\[data-md-color-scheme="slate"\] \.graphique-image \{\s*background: transparent;', css)
    sombres: dict[tuple[str, str], str] = {}
    for regle in re.finditer(r'(\[data-md-color-scheme="slate"\] \.graphique-image \[[^{]*)\{([^}]*)\}', css):
        valeur = re.search(r"(?:fill|stroke): ([#\w]+) !important", regle.group(2)).group(1)
        for selecteur in regle.group(1).split(","):
            trouve = re.search(r'\[(?:style\*="(fill|stroke): |(fill)=")(#[0-9a-f]{6})"\]', selecteur)
            sombres[(trouve.group(1) or trouve.group(2), trouve.group(3))] = valeur
    vues = set()
    for identifiant, (_, figure) in figures.items():
        for element in figure.find(f"{SVG}svg").iter():
            proprietes = re.findall(r"(fill|stroke):\s*(#[0-9a-f]{6})", element.get("style", ""))
            proprietes += [("fill", element.get("fill"))] if element.get("fill", "").startswith("#") else []
            for propriete, couleur in proprietes:
                vues.add((propriete, couleur))
                assert (propriete, couleur) in sombres, f"{identifiant} : {propriete} {couleur} sans variante sombre"
                sombre = sombres[(propriete, couleur)]
                if couleur == graphiques.FOND:
                    assert sombre == "transparent"
                    continue
                minimum = 4.5 if element.tag == f"{SVG}text" else 3
                assert _contraste(sombre, FOND_SOMBRE) >= minimum, f"{identifiant} : {propriete} {sombre}"
    assert ("fill", graphiques.FOND) in vues and ("fill", graphiques.ENCRE) in vues


def test_les_series_se_distinguent_sans_la_couleur(donnees):
    """En noir et blanc, chaque série de barres après la première a son propre motif (hachures, points…)."""
    graphique = next(g for g in donnees.jeux["graphiques"].graphiques if g.type != "courbe")
    lesquelles = graphiques.series(graphique, donnees)
    for nombre in range(1, SERIES_MAX + 1):
        copies = [graphiques.Serie(f"Série {k}", lesquelles[0].points) for k in range(nombre)]
        svg = graphiques._dessiner(graphique, copies, graphique.categories(donnees.chiffres))
        motifs = set(re.findall(r"<pattern[^>]*>(.*?)</pattern>", svg, re.S))
        assert len(motifs) == nombre - 1, svg


def test_le_dessin_est_reproductible_et_sans_date(donnees):
    graphique = donnees.jeux["graphiques"].graphiques[0]
    lesquelles = graphiques.series(graphique, donnees)
    categories = graphique.categories(donnees.chiffres)
    premier = graphiques._dessiner(graphique, lesquelles, categories)
    assert premier == graphiques._dessiner(graphique, lesquelles, categories)
    assert "<dc:date>" not in premier and "<metadata>" not in premier
    assert "@font-face" not in premier and "http://" not in premier.split("<svg", 1)[1].replace(
        'xmlns="http://www.w3.org/2000/svg"', "").replace('xmlns:xlink="http://www.w3.org/1999/xlink"', "")


def test_les_identifiants_des_graphiques_sont_uniques_dans_leur_page(figures):
    """Deux graphiques d'une même page ne partagent aucun identifiant (motifs, découpes, titre, description)."""
    for page in {page for page, _ in figures.values()}:
        html = page.read_text(encoding="utf-8")
        for identifiant, (ou, figure) in figures.items():
            if ou != page:
                continue
            for element in figure.iter():
                if element.get("id"):
                    assert html.count(f'id="{element.get("id")}"') == 1, f"{identifiant} : {element.get('id')}"


# ── Données fausses : un message français qui nomme le fichier, la ligne et le champ ─────────────────────

def _ajouter_un_graphique(projet: Path, series: str) -> tuple[Path, str]:
    """Ajoute à la copie un graphique d'essai (et data/graphiques.yml s'il manque) ; renvoie le fichier et le
    chemin lisible de ce graphique."""
    fichier = projet / "data/graphiques.yml"
    if not fichier.exists():
        fichier.write_text("graphiques:\n", encoding="utf-8")
    rang = fichier.read_text(encoding="utf-8").count("\n  - id: ") + 1
    with fichier.open("a", encoding="utf-8") as sortie:
        sortie.write("  - id: essai\n    titre: Essai\n    description: Un graphique d'essai.\n"
                     "    type: barres\n    axe_valeurs: Valeurs\n" + series)
    return fichier, f"graphiques[{rang}]"


def _derniere_ligne(fichier: Path, fin: str) -> int:
    """La dernière ligne du fichier qui se termine par `fin` (celle du graphique d'essai, ajouté à la fin)."""
    lignes = fichier.read_text(encoding="utf-8").splitlines()
    return max(i for i, ligne in enumerate(lignes, 1) if ligne.rstrip().endswith(fin))


def _cle(projet: Path, unite: str) -> str:
    """Une clé de chiffre de data/ dans cette unité, avec une année, qu'aucun graphique n'utilise encore."""
    from macros.donnees import charger

    donnees = charger(projet / "data")
    graphiques = donnees.jeux["graphiques"].graphiques if "graphiques" in donnees.jeux else []
    utilises = {p.chiffre for g in graphiques for s in g.series for p in s.points}
    return next(c for c, v in donnees.chiffres.items() if v.unite == unite and v.annee and c not in utilises)


def _une_serie(*cles: str) -> str:
    return "    series:\n      - nom: Série\n        points:\n" + "".join(
        f"          - chiffre: {cle}\n" for cle in cles)


def _cle_inconnue(p):
    cle = _cle(p, "nombre")
    fichier, graphique = _ajouter_un_graphique(p, _une_serie(cle[:-1]))
    return ("data/graphiques.yml", _derniere_ligne(fichier, f"chiffre: {cle[:-1]}"),
            f"{graphique}.series[1].points[1].chiffre", f"chiffre inconnu « {cle[:-1]} ». Clés proches : {cle}")


def _serie_sans_point(p):
    fichier, graphique = _ajouter_un_graphique(p, "    series:\n      - nom: Vide\n        points: []\n")
    return ("data/graphiques.yml", numero_de_ligne(fichier, "points: []"), f"{graphique}.series[1].points",
            "la série n'a aucun point")


def _graphique_sans_serie(p):
    fichier, graphique = _ajouter_un_graphique(p, "    series: []\n")
    return ("data/graphiques.yml", numero_de_ligne(fichier, "series: []"), f"{graphique}.series",
            "le graphique n'a aucune série")


def _unites_melangees(p):
    nombre, pourcent = _cle(p, "nombre"), _cle(p, "pourcent")
    fichier, graphique = _ajouter_un_graphique(p, _une_serie(nombre, pourcent))
    return ("data/graphiques.yml", _derniere_ligne(fichier, f"chiffre: {pourcent}"),
            f"{graphique}.series[1].points[2].chiffre", "un graphique ne mélange pas les unités")


def _point_sans_libelle(p):
    """Un point sans libellé prend l'année du chiffre ; si le chiffre n'a pas d'année, il faut l'écrire."""
    cle = _cle(p, "nombre")
    jeu, nom = cle.split(".")
    donnees = p / f"data/{jeu}.yml"
    texte = donnees.read_text(encoding="utf-8")
    annee = re.compile(r"\n    annee: \d+").search(texte, texte.index(f"\n  {nom}:\n"))
    donnees.write_text(texte[:annee.start()] + texte[annee.end():], encoding="utf-8")
    fichier, graphique = _ajouter_un_graphique(p, _une_serie(cle))
    return ("data/graphiques.yml", _derniere_ligne(fichier, f"chiffre: {cle}"),
            f"{graphique}.series[1].points[1].libelle", f"le chiffre « {cle} » n'a pas d'année")


def _graphique_inconnu_dans_une_page(p):
    _ajouter_un_graphique(p, _une_serie(_cle(p, "nombre")))
    page = p / "docs/valeurs.md"
    with page.open("a", encoding="utf-8") as sortie:
        sortie.write('\n{{ graphique("essais") }}\n')
    return ("docs/valeurs.md", numero_de_ligne(page, 'graphique("essais")'), "",
            "graphique inconnu « essais ». Identifiants proches : essai")


CAS = {
    "clé de chiffre inconnue": _cle_inconnue,
    "série sans point": _serie_sans_point,
    "graphique sans série": _graphique_sans_serie,
    "unités mélangées": _unites_melangees,
    "point sans libellé ni année": _point_sans_libelle,
    "graphique inconnu dans une page": _graphique_inconnu_dans_une_page,
}


@pytest.mark.parametrize("cas, construire", par_couche(CAS, {"graphique inconnu dans une page"}))
def test_un_graphique_faux_arrete_la_construction(cas, construire, minimale, tmp_path):
    """Sur une copie de la structure d'essai tests/fixtures/minimale."""
    verifier_message(CAS[cas], minimale, tmp_path, construire=construire)


def test_le_livret_dessine_le_graphique(figures, tmp_path):
    """WeasyPrint (le moteur du livret) dessine le SVG : ses libellés deviennent du texte du PDF."""
    weasyprint = pytest.importorskip("weasyprint")
    pypdf = pytest.importorskip("pypdf")
    _, figure = next(iter(figures.values()))
    html = f'<!doctype html><html lang="fr"><meta charset="utf-8"><body>{ET.tostring(figure, "unicode")}</body>'
    weasyprint.HTML(string=html).write_pdf(tmp_path / "graphique.pdf")
    texte = " ".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "graphique.pdf").pages)
    assert _textes(figure)
    for valeur in _textes(figure):
        assert valeur.replace("\u202f", " ").replace("\u00a0", " ") in texte.replace("\u202f", " ").replace(
            "\u00a0", " "), valeur


def test_le_cache_des_dessins_ne_sert_jamais_un_graphique_perime(tmp_path, monkeypatch):
    """Un chiffre change : ses graphiques sont redessinés ; les autres viennent du cache, inchangés. Par appel direct
    de ce que fait la macro `graphique` (figure_html), avec un cache vide à soi."""
    from macros.donnees import charger

    cache = tmp_path / "cache"
    monkeypatch.setattr(graphiques, "CACHE", cache)
    data = shutil.copytree(ESSAI / "data", tmp_path / "data")

    def figures_de_data() -> dict[str, ET.Element]:
        donnees = charger(data)
        return {g.id: ET.fromstring(graphiques.figure_html(g, donnees)) for g in donnees.jeux["graphiques"].graphiques}

    figures_avant = figures_de_data()
    avant = {f.name: f.stat().st_mtime_ns for f in cache.glob("*.svg")}
    assert len(avant) == len(figures_avant), "un fichier de cache par graphique dessiné"

    modifier_yaml(data / "structure.yml", lambda d: d["chiffres"]["salaries"].update(valeur=4321))
    apres = figures_de_data()
    touches = {"equipe"}
    for identifiant, figure in apres.items():
        if identifiant in touches:
            assert "4\u202f321" in _textes(figure), f"{identifiant} : le nouveau chiffre n'est pas dessiné"
        else:
            assert ET.tostring(figure) == ET.tostring(figures_avant[identifiant]), identifiant
    # Les dessins inchangés n'ont pas été refaits : leur fichier est celui du premier dessin.
    restes = {nom: date for nom, date in avant.items() if (cache / nom).exists()}
    assert restes == avant
    assert len(list(cache.glob("*.svg"))) == len(avant) + len(touches)
