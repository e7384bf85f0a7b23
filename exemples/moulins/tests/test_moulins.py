"""Ce qui n'est vrai que de la structure de Moulins : ses chiffres, ses lieux, ses PDF, et aucun mot de Lisieux.

Le site est construit une seule fois pour la session, partagé avec tests/test_instances.py (tests/instances.py).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from instances import construite  # tests/ : dans les chemins d'import de pytest (pyproject.toml)
from lecture_html import sans_typographie
from pypdf import PdfReader

from macros.donnees import charger
from macros.typographie import texte_publie

DOSSIER = Path(__file__).resolve().parents[1]

ESPACE_FINE = "\u202f"


@pytest.fixture(scope="module")
def site() -> Path:
    return construite(DOSSIER).site


@pytest.fixture(scope="module")
def donnees():
    return charger(DOSSIER / "data")


def _texte(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return " ".join(BeautifulSoup(html, "html.parser").select_one("article").get_text(" ").split())


def test_les_totaux_des_produits_2019_sont_les_sommes_des_lignes(donnees):
    tableau = donnees.tableau("finances.produits_2019")
    lignes = {ligne.libelle: [v or 0 for v in ligne.valeurs] for ligne in tableau.lignes}
    financeurs = ["État", "Fonds européens", "Conseil régional Auvergne-Rhône-Alpes",
                  "Conseil départemental de l'Allier", "Collectivités locales et intercommunalités",
                  "Autres organismes (Pôle emploi, FASST…)"]
    autres = ["Produits financiers", "Produits exceptionnels", "Transferts de charges"]
    for colonne in range(3):
        assert sum(lignes[f][colonne] for f in financeurs) == lignes["Total des subventions"][colonne], colonne
    for colonne in (1, 2):
        assert lignes["Total des subventions"][colonne] + sum(lignes[a][colonne] for a in autres) \
            == lignes["Total des produits"][colonne]
    for libelle, (reprise, subvention, total) in lignes.items():
        if libelle != "Total des produits":  # sa reprise est celle des subventions, qu'elle n'écrit pas
            assert reprise + subvention == total, libelle


def test_le_tableau_des_produits_montre_les_montants_en_euros(site):
    texte = _texte(site, "finances")
    # 1 637 478 € tel que la page le montre (séparateur des milliers et espace avant « € » : macros/format.py).
    assert "Total des subventions" in texte
    assert "1 637 478" in texte.replace(ESPACE_FINE, " ").replace("\u00a0", " ")
    assert "€" in texte


def test_chaque_lieu_d_accueil_est_publie_avec_son_adresse(site):
    texte = sans_typographie(_texte(site, "nous-trouver"))  # « Bourbon-l’Archambault » : apostrophe courbe
    for lieu, adresse in [("Moulins", "2, boulevard de Courtais"),
                          ("Saint-Pourçain-sur-Sioule", "03500"), ("Dompierre-sur-Besbre", "espace Boudeville"),
                          ("Chantelle", "03140 Chantelle"), ("Jaligny-sur-Besbre", "5, rue de la Couzenotte"),
                          ("Le Donjon", "Le Plessis"), ("Bourbon-l'Archambault", "27, avenue Émile-Guillaumin"),
                          ("Le Montet", "place du 8-Mai-1945"), ("Lurcy-Lévis", "1, boulevard Gambetta")]:
        assert lieu in texte and adresse in texte, lieu


def test_la_frise_commence_avec_la_paio_de_1982(site):
    soupe = BeautifulSoup((site / "historique/index.html").read_text(encoding="utf-8"), "html.parser")
    annees = [int(titre.get_text()) for titre in soupe.select(".frise-annee__titre")]
    assert annees[0] == 1982 and annees == sorted(annees) and {1990, 1992, 2019} <= set(annees)
    assert "PAIO de Moulins" in _texte(site, "historique")


def test_la_charte_de_1990_a_ses_onze_articles_et_son_pdf(site):
    texte = _texte(site, "charte-nationale")
    assert all(f"Article {n}." in texte for n in range(1, 12))
    lecteur = PdfReader(site / "livret/charte-des-missions-locales.pdf")
    premiere = " ".join(lecteur.pages[0].extract_text().split())
    # Ni couverture ni sommaire (instance.yml) : le texte commence dès la première page.
    assert "Charte des Missions Locales" in premiere and "Article 1." in premiere and "Sommaire" not in premiere


def _etapes_ecrites(page: Path) -> list[list[str]]:
    """Les lignes du tableau « Démarche » telles que la page Markdown les écrit : une liste de cellules par étape."""
    corps = page.read_text(encoding="utf-8").split("\n## Démarche", 1)[1].split("\n## ", 1)[0]
    lignes = [ligne.strip() for ligne in corps.splitlines() if ligne.strip().startswith("|")][2:]  # sans l'en-tête
    return [[" ".join(c.replace("*", "").split()) for c in ligne.strip("|").split("|")] for ligne in lignes]


def test_les_dix_huit_plans_d_action_sont_publies_avec_leur_tableau_d_etapes(site, donnees):
    # Les pages docs/fiches-actions/<id>.md : un dossier data/fiches/ oublié arrêterait la lecture.
    pages = {p.stem: p for p in (DOSSIER / "docs/fiches-actions").glob("*.md") if p.stem != "index"}
    assert len(pages) == 18  # les dix-huit plans d'action de l'annexe 1 du projet associatif
    assert sorted(fiche.id for fiche in donnees.jeux["fiches"]) == sorted(pages)
    for fiche in donnees.jeux["fiches"]:
        html = (site / "fiches-actions" / fiche.id / "index.html").read_text(encoding="utf-8")
        article = BeautifulSoup(html, "html.parser").select_one("article")
        assert fiche.titre in sans_typographie(" ".join(article.select_one("h1").get_text(" ").split())), fiche.id
        tableau = article.select_one("table")
        assert tableau is not None, fiche.id
        entetes = tableau.select_one("thead").get_text(" ")
        assert all(mot in entetes for mot in ("Quoi", "Quand", "Qui", "Comment")), fiche.id
        lues = [[sans_typographie(" ".join(td.get_text().split())) for td in ligne.select("td")]
                for ligne in tableau.select("tbody tr")]
        ecrites = _etapes_ecrites(pages[fiche.id])
        assert ecrites, fiche.id
        assert len(lues) == len(ecrites), fiche.id
        for lue, ecrite in zip(lues, ecrites):
            assert lue == ecrite, (fiche.id, ecrite[0])


def test_le_camion_mobile_garde_son_organisation_ses_indicateurs_et_ses_remarques(site):
    texte = _texte(site, "fiches-actions/camion-mobile")
    for attendu in ("Direction et conseiller Mission Locale", "Mairies, Éducateurs de rue", "Fréquence régulière",
                    "Jeunes reçus en entretien de premier accueil", "Plus de lieux de passage, plus souvent",
                    "Attention : Bourbonnette", "Repérer et mobiliser"):
        assert attendu in texte.replace("\u00a0", " ").replace(ESPACE_FINE, " "), attendu


def test_le_site_et_ses_pdf_ne_parlent_jamais_de_lisieux(site):
    """Ni le texte, ni une info-bulle, ni l'index de recherche, ni un PDF : le contexte national de la frise vient
    du réseau, sourcé par les textes nationaux eux-mêmes (reseau/sources.yml), jamais par le projet d'une autre
    structure."""

    def texte_seul(texte: str) -> str:
        return " ".join(texte.replace("&#x27;", "'").replace("&#39;", "'").lower().split())

    for fichier in site.rglob("*"):
        if fichier.suffix in {".html", ".xml", ".json", ".js"}:
            texte = texte_seul(fichier.read_text(encoding="utf-8", errors="replace"))
            assert "lisieux" not in texte, (fichier, texte[texte.find("lisieux") - 80:][:160])
        elif fichier.suffix == ".pdf":
            texte = " ".join(" ".join(construite(DOSSIER).textes_pdf(fichier.relative_to(site).as_posix())).split())
            texte = texte_seul(re.sub(r"(\w)- (\w)", r"\1\2", texte))  # mots coupés en fin de ligne
            assert "lisieux" not in texte, (fichier, texte[texte.find("lisieux") - 80:][:160])


def test_les_taux_s_affichent_comme_la_source_les_ecrit(site):
    # 8.9 dans data/territoire.yml : « 8,9 % », et non « 8,900000000000001 % » (macros/format.py).
    texte = _texte(site, "territoire")  # espaces fines ramenées à des espaces par _texte
    assert "8,9 %" in texte and "14,3 %" in texte
    assert not re.search(r"\d,\d{4,}", texte)


def test_ses_sigles_sont_expliques_par_son_propre_fichier(site, donnees):
    # data/sigles.yml de Moulins, et non celui du haut du dépôt (Lisieux).
    soupe = BeautifulSoup((site / "historique/index.html").read_text(encoding="utf-8"), "html.parser")
    expliques = {a.get_text(): a["title"] for a in soupe.select("article abbr")}
    assert expliques.get("PAIO") == texte_publie(donnees.jeux["sigles"].sigles["PAIO"])  # l'info-bulle, typographiée


def test_le_tableau_des_produits_n_a_qu_un_appel_vers_sa_source(site):
    # Un seul élément de data/finances.yml (tableaux.produits_2019), un seul appel : ni « [1] » dans chaque case,
    # ni la liste des 25 montants dans les sources.
    soupe = BeautifulSoup((site / "finances/index.html").read_text(encoding="utf-8"), "html.parser")
    table = soupe.select_one("article .tableau-chiffres table")
    assert len(table.select("sup.appel-source")) == 1 and not table.select("span.chiffre")
    sources = soupe.select("article ol.sources-page li")
    assert len(sources) == 1 and "853" not in sources[0].get_text()


def test_les_lieux_d_accueil_viennent_des_donnees_et_aucun_telephone_n_est_promis(site, donnees):
    """Seed 002 : un siège, deux antennes (dont Dompierre-sur-Besbre), six permanences, et aucun téléphone."""
    texte = sans_typographie(_texte(site, "nous-trouver"))
    lieux = donnees.jeux["implantations"].lieux
    assert [l.nom for l in lieux if l.role == "antenne"] == ["Saint-Pourçain-sur-Sioule", "Dompierre-sur-Besbre"]
    assert len([l for l in lieux if l.role == "permanence"]) == 6
    assert not any(l.telephone for l in lieux)
    assert "renseignez-vous auprès du siège" not in texte
    assert "aucun numéro de téléphone" in texte


def test_l_analyse_de_l_existant_couvre_les_six_domaines_du_world_cafe(site):
    html = (site / "analyse-de-l-existant" / "index.html").read_text(encoding="utf-8")
    domaines = re.findall(r'<h2 id="([a-z-]+)"', html)
    assert domaines == ["besoins", "territoire", "public", "ressources-humaines", "ressources-financieres", "moyens"]
    assert html.count("<strong>Atouts</strong>") == 6 and html.count("<strong>Points à améliorer</strong>") == 6
    assert "juillet 2019" in _texte(site, "analyse-de-l-existant")
    assert "Quelles sont nos forces et nos faiblesses" in sans_typographie(_texte(site, "projet"))


def test_mentions_legales_et_accessibilite(site):
    mentions = sans_typographie(_texte(site, "mentions-legales"))
    assert "2, boulevard de Courtais, 03000 Moulins" in mentions and "GitHub" in mentions
    accessibilite = sans_typographie(_texte(site, "accessibilite"))
    assert "non conforme" in accessibilite and "Défenseur des droits" in accessibilite


def test_l_offre_se_parcourt_par_besoin_sur_le_site_et_dans_le_livret(site):
    html = (site / "offre-de-services" / "index.html").read_text(encoding="utf-8")
    besoins = re.findall(r'<h3 id="besoin-([a-z-]+)">', html)
    assert {"logement", "mobilite", "sante", "emploi", "formation", "droits", "citoyennete", "recrutement"} <= \
        set(besoins)
    justice = html.split('id="besoin-droits"')[1].split("</section>")[0]
    assert "référent justice" in justice and "Maison d" in justice
    texte = sans_typographie(_texte(site, "offre-de-services"))
    assert "cinq fonctions" in texte and "division propre à ce site" in texte
    assert "(offre de service du réseau" not in texte and "( UNML )" not in texte
    livret = " ".join(" ".join(construite(DOSSIER).textes_pdf("livret/projet-associatif.pdf")).split())
    assert "Vous cherchez" in livret and "Recruter un jeune" in livret
