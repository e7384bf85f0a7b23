"""Les résultats des indicateurs et l'activité année par année (macros/resultats.py), sur une structure d'essai
qui en publie trois ans (tests/fixtures/resultats) : page de fiche, tableau de bord, bilan du livret, « Ce qui a
changé ». Ajouter une ligne de résultat change tout cela, avec la source du chiffre ; Lisieux et Moulins, dont
les sources ne donnent aucun résultat, n'en montrent aucun. Une seule construction complète (PDF compris)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lecture_html import article, texte as texte_html
from pypdf import PdfReader
from test_erreurs import erreur_au_chargement, numero_de_ligne, remplacer

from macros import comparaison, fiches as F, resultats as R, rendus_fiches
from macros.donnees import charger
from macros.instance import RACINE

STRUCTURE = Path(__file__).parent / "fixtures/resultats"
FICHE = "docs/fiches-actions/parrainage.md"
# La ligne qu'un éditeur ajoute : le premier bilan du parrainage, tiré du rapport d'activité 2025.
NOUVEAU_RESULTAT = """    echeance: "2027"
    resultats:
      - valeur: 9
        annee: 2025
        source: rapport-activite-2025
"""
SOURCE_2025 = "Rapport d'activité 2025, Mission Locale du Val de Bilan, 2026"


def texte(fragment: str) -> str:
    """Le texte lu, les espaces insécables (nombres, ponctuation) ramenées à des espaces ordinaires."""
    return texte_html(fragment).replace("\u00a0", " ").replace("\u202f", " ")


def copie(destination: Path) -> Path:
    shutil.copytree(STRUCTURE, destination)
    return destination


def ajouter_le_resultat(structure: Path) -> None:
    remplacer(structure / FICHE, '    echeance: "2027"\n', NOUVEAU_RESULTAT)


@pytest.fixture(scope="module")
def avant():
    return charger(STRUCTURE / "data")


@pytest.fixture(scope="module")
def apres(tmp_path_factory):
    structure = copie(tmp_path_factory.mktemp("resultats") / "structure")
    ajouter_le_resultat(structure)
    return structure


# ── Sans MkDocs : les rendus lisent les données ───────────────────────────────────────────────────────────
def test_le_dernier_resultat_en_mots_contre_sa_cible(avant):
    fiche = F.fiche(avant, "permanences-rurales")
    jeunes, retours = fiche.indicateurs
    assert R.phrase(jeunes) == "120\u00a0jeunes en 2025, pour une cible de 150 en 2026"
    assert R.part_de_la_cible(jeunes) == "80\u202f% de la cible"
    assert R.phrase(retours) == "48\u202f% en juin 2025, pour une cible de 60 %, échéance fin 2027"
    html = rendus_fiches.rubriques_html(fiche, avant, sommaire=False)
    lu = texte(html)
    assert "Dernier résultat : 120 jeunes en 2025, pour une cible de 150 en 2026 (80 % de la cible)." in lu
    # Le graphique (départ, résultats, cible) et son tableau, chaque valeur avec sa source en info-bulle.
    assert 'id="graphique-resultats-permanences-rurales-1"' in html and "<svg" in html
    assert "2022 Situation de départ 40" in lu and "2025 Résultat 120 une commune de plus à partir de mars" in lu
    assert 'title="Source : Rapport d&#39;activité 2025, Mission Locale du Val de Bilan, 2026' in html


def test_sans_resultat_le_premier_bilan_attendu_vient_de_la_periode_de_l_edition(avant):
    html = rendus_fiches.rubriques_html(F.fiche(avant, "parrainage"), avant, sommaire=False)
    assert "premier bilan attendu en 2024" in texte(html)  # édition 2023–2027
    assert "<svg" not in html


def test_un_etat_avec_sa_date_de_changement(avant):
    tableau = texte(rendus_fiches.tableau_de_bord_html(avant, sommaire=False))
    assert "Reportée 1 2. Relancer le parrainage par des salariés d'entreprise (depuis le 15 janvier 2025)" in tableau
    assert "En cours depuis septembre 2023" in tableau


def test_le_tableau_de_bord_se_filtre_par_axe_et_par_fonction_sans_javascript(avant):
    html = rendus_fiches.tableau_de_bord_html(avant, sommaire=False)
    assert "<script" not in html
    for ancre in ("axe-aller-vers", "axe-emploi", "fonction-accompagner-employeurs"):
        assert f'href="#{ancre}"' in html and f'id="{ancre}"' in html
    par_fonction = html[html.index('id="fonction-accompagner-employeurs"'):]
    par_fonction = texte(par_fonction[:par_fonction.index("</ul>")])
    assert "Relancer le parrainage" in par_fonction and "permanences" not in par_fonction
    ligne = texte(html[html.index("Jeunes reçus dans les permanences rurales</th>"):])
    assert ligne.startswith("Jeunes reçus dans les permanences rurales 150 2026 40 en 2022 120 en 2025 80 % de la cible")


def test_l_activite_annee_par_annee_graphique_tableau_et_sources(avant):
    html = R.activite_html(avant)
    lu = texte(html)
    assert html.count("<svg") == 1  # deux séries de nombres : un seul graphique
    assert "Année Jeunes accompagnés Entrées en formation 2023 1 180 214 2024 1 245 238 2025 1 312 251" in lu
    assert "Entrées en formation (2024) : les formations courtes comptent à partir de 2024" in lu
    assert SOURCE_2025 in lu
    assert avant.chiffre("activite.jeunes_accompagnes_2025").valeur == 1312


def test_une_annee_d_activite_ajoutee_suit_partout(tmp_path):
    structure = copie(tmp_path / "structure")
    remplacer(structure / "data/activite.yml", "        valeur: 1312\n        source: rapport-activite-2025\n",
              "        valeur: 1312\n        source: rapport-activite-2025\n      - annee: 2026\n"
              "        valeur: 1390\n        source: rapport-activite-2025\n")
    donnees = charger(structure / "data")
    assert "2026 1 390 pas de chiffre" in texte(R.activite_html(donnees))
    changements = comparaison.comparer(charger(STRUCTURE / "data"), donnees)
    assert [c.libelle for c in changements.chiffres_ajoutes] == ["Jeunes accompagnés en 2026"]


# ── Ajouter une ligne de résultat ─────────────────────────────────────────────────────────────────────────
def test_une_ligne_de_resultat_change_la_fiche_le_tableau_de_bord_le_bilan_et_ce_qui_a_change(avant, apres):
    nouvelles = charger(apres / "data")
    fiche_avant, fiche_apres = (F.fiche(d, "parrainage") for d in (avant, nouvelles))
    page_avant = texte(rendus_fiches.rubriques_html(fiche_avant, avant, sommaire=False))
    page_apres = texte(rendus_fiches.rubriques_html(fiche_apres, nouvelles, sommaire=False))
    assert "9 binômes en 2025" not in page_avant
    assert "Dernier résultat : 9 binômes en 2025, pour une cible de 30 binômes en 2027 (30 % de la cible)." in page_apres

    tableau = rendus_fiches.tableau_de_bord_html(nouvelles, sommaire=False)
    assert "Binômes jeune–parrain formés 30 binômes 2027 non publiée 9 en 2025 30 % de la cible" in texte(tableau)
    assert "Binômes jeune–parrain formés 30 binômes 2027 non publiée premier bilan attendu en 2024" in texte(
        rendus_fiches.tableau_de_bord_html(avant, sommaire=False))

    bilan_avant, bilan_apres = (texte(R.bilan_html(d, F.Liens("fiches-actions/bilan/"))) for d in (avant, nouvelles))
    assert "Relancer le parrainage" not in bilan_avant
    section = bilan_apres[bilan_apres.index("Relancer le parrainage"):]
    assert "2025 Résultat 9" in section and f"Source : {SOURCE_2025}" in section

    nouveaux = comparaison.resultats_nouveaux(avant, nouvelles)
    assert nouveaux == [comparaison.ResultatNouveau(
        "Fiche action 2 : Relancer le parrainage par des salariés d'entreprise", "Binômes jeune–parrain formés",
        "9\u00a0binômes en 2025", SOURCE_2025)]
    liste = comparaison.resultats_en_markdown(nouveaux)
    assert "## Résultats des fiches actions (1)" in liste and f"source : {SOURCE_2025}" in liste
    assert comparaison.resultats_nouveaux(avant, avant) == [] and comparaison.resultats_en_markdown([]) == ""


def test_un_resultat_corrige_est_signale_avec_sa_valeur_d_avant(avant, tmp_path):
    structure = copie(tmp_path / "structure")
    remplacer(structure / "docs/fiches-actions/permanences-rurales.md", "valeur: 102", "valeur: 104")
    (corrige,) = comparaison.resultats_nouveaux(avant, charger(structure / "data"))
    assert (corrige.valeur, corrige.avant) == ("104\u00a0jeunes en 2024", "102")


def test_le_site_et_le_livret_construits_montrent_les_resultats_et_leurs_sources(site):
    """Les rendus vérifiés ci-dessus sont bien ceux des pages et du livret (même fonctions, une construction)."""
    fiche = texte(article(site, "fiches-actions/permanences-rurales"))
    assert "Dernier résultat : 120 jeunes en 2025, pour une cible de 150 en 2026" in fiche
    sources = fiche[fiche.rindex("Sources"):]  # la liste « Sources » de la page, et où corriger chaque chiffre
    assert SOURCE_2025 in sources and "À modifier dans : docs/fiches-actions/permanences-rurales.md" in sources
    assert "premier bilan attendu en 2024" in texte(article(site, "fiches-actions/parrainage"))
    tableau = texte(article(site, "fiches-actions/tableau-de-bord"))
    assert "120 en 2025 80 % de la cible" in tableau and SOURCE_2025 in tableau[tableau.rindex("Sources"):]
    accueil = texte(article(site, ""))
    assert "1 312 jeunes accompagnés en 2025" in accueil and "120 jeunes reçus dans les permanences" in accueil
    activite = article(site, "activite")
    assert "<svg" in activite and "2025 1 312 251" in texte(activite)

    lecteur = PdfReader(site / "livret/projet-associatif.pdf")
    pages = [" ".join(p.extract_text().split()) for p in lecteur.pages]
    debut = next(i for i, p in enumerate(pages) if p.startswith("Bilan "))
    bilan = " ".join(pages[debut:debut + 4])
    assert "Tenir des permanences" in bilan and "2025 Résultat 120" in bilan
    assert "Rapport d’activité 2025" in bilan and "Activité année par année" in bilan
    assert "Relancer le parrainage" not in bilan  # sans résultat, pas dans le bilan
    assert "<svg" not in bilan and "<table" not in bilan  # des graphiques et des tableaux, pas leur code


# ── Erreurs d'un éditeur : fichier, ligne, champ ──────────────────────────────────────────────────────────
@pytest.mark.parametrize("avant_, apres_, ligne_de, extrait, champ", [
    ("source: rapport-activite-2024\n      - valeur: 120", "source: rapport-activite-2042\n      - valeur: 120",
     "rapport-activite-2042", "« rapport-activite-2042 » ne correspond à aucun identifiant de data/sources.yml",
     "indicateurs[1].resultats[2].source"),
    # L'ordre est celui de la liste : le message nomme la liste et les deux années.
    ("annee: 2024\n        source: rapport-activite-2024\n      - valeur: 120",
     "annee: 2026\n        source: rapport-activite-2024\n      - valeur: 120", "resultats:",
     "les résultats se suivent du plus ancien au plus récent : 2025 est écrit après 2026", "indicateurs[1].resultats"),
    ("  depuis: 2023-09", "  depuis: 2023-13", "avancement:", "mois inexistant", "avancement"),
    ("etat: en-cours", "etat: terminee", "etat: terminee",
     "Valeurs permises : a-lancer, en-cours, realisee, reportee, abandonnee", "avancement.etat"),
])
def test_une_erreur_de_resultat_nomme_fichier_ligne_et_champ(tmp_path, avant_, apres_, ligne_de, extrait, champ):
    structure = copie(tmp_path / "structure")
    fichier = structure / "docs/fiches-actions/permanences-rurales.md"
    remplacer(fichier, avant_, apres_)
    sortie = erreur_au_chargement(structure)
    assert sortie is not None
    ligne = numero_de_ligne(fichier, ligne_de)
    assert f"docs/fiches-actions/permanences-rurales.md, ligne {ligne}" in sortie, sortie
    assert f"« {champ} »" in sortie, sortie
    assert extrait in sortie, sortie


def test_une_erreur_d_activite_nomme_sa_ligne(tmp_path):
    structure = copie(tmp_path / "structure")
    remplacer(structure / "data/activite.yml", "      - annee: 2024\n        valeur: 1245",
              "      - annee: 2023\n        valeur: 1245")
    sortie = erreur_au_chargement(structure)
    ligne = numero_de_ligne(structure / "data/activite.yml", "valeurs:")  # la liste de la première série
    assert f"data/activite.yml, ligne {ligne}, champ « series[1].valeurs »" in sortie, sortie
    assert "2023 est écrite après 2023" in sortie, sortie


# ── Les structures du dépôt : aucun résultat inventé ──────────────────────────────────────────────────────
@pytest.mark.parametrize("dossier", [RACINE, RACINE / "exemples/moulins"], ids=["lisieux", "moulins"])
def test_lisieux_et_moulins_ne_montrent_aucun_resultat_invente(dossier):
    donnees = charger(dossier / "data")
    assert not R.a_des_resultats(donnees) and R.bilan_html(donnees, F.Liens()) == ""
    attendu = f"premier bilan attendu en {donnees.jeux['edition'].periode.debut + 1}"
    for fiche in donnees.jeux["fiches"]:
        assert all(not i.resultats and i.situation_de_depart is None for i in fiche.indicateurs)
        if fiche.indicateurs:
            html = rendus_fiches.rubriques_html(fiche, donnees, sommaire=False)
            assert attendu in texte(html) and "Dernier résultat" not in texte(html) and "<svg" not in html


def test_le_bilan_se_regle_par_pdf_dans_instance_yml():
    from types import SimpleNamespace

    from livret.crochet import documents

    extra = {"pdf": [{"fichier": "livret/a.pdf", "titre": "A"},
                     {"fichier": "livret/b.pdf", "titre": "B", "bilan": "non"},
                     {"fichier": "livret/c.pdf", "titre": "C", "pages": ["charte.md"]}]}
    assert [d.bilan for d in documents(SimpleNamespace(extra=extra))] == [True, False, False]


def test_un_en_tete_ecrit_en_ligne_se_lit_aussi(tmp_path):
    """La forme courte de CONTRIBUTING.md (« {valeur: 40, annee: 2022, source: …} ») est acceptée."""
    structure = copie(tmp_path / "structure")
    remplacer(structure / "docs/fiches-actions/permanences-rurales.md",
              "    situation_de_depart:\n      valeur: 40\n      annee: 2022\n      source: projet-2023\n",
              "    situation_de_depart: {valeur: 40, annee: 2022, source: projet-2023}\n")
    fiche = F.fiche(charger(structure / "data"), "permanences-rurales")
    assert fiche.indicateurs[0].situation_de_depart.valeur == 40


def test_un_chiffre_cle_tire_d_un_indicateur_sans_resultat_est_refuse_clairement(avant):
    assert "120" in R.dernier_resultat(avant, "permanences-rurales", 1)
    with pytest.raises(KeyError, match="n'a pas encore de résultat : il ne peut pas être un chiffre clé"):
        R.dernier_resultat(avant, "parrainage", 1)
    with pytest.raises(KeyError, match="n'a pas d'indicateur n° 3 \\(elle en a 2\\)"):
        R.dernier_resultat(avant, "permanences-rurales", 3)


def test_le_filtre_du_tableau_de_bord_masque_les_autres_groupes_sans_javascript(site, navigateur):
    """Dans Chromium, JavaScript coupé : la cible d'un lien du filtre masque les autres groupes de son ensemble."""
    contexte = navigateur.new_context(java_script_enabled=False)
    onglet = contexte.new_page()
    adresse = (site / "fiches-actions/tableau-de-bord/index.html").as_uri()
    groupes = ("axe-aller-vers", "axe-emploi", "fonction-accompagner-employeurs", "fonction-orienter")
    try:
        vus = {}
        for ancre in ("", "#axe-emploi", "#fonction-accompagner-employeurs", "#indicateurs"):
            onglet.goto(adresse + ancre)
            vus[ancre] = [g for g in groupes if onglet.is_visible(f"#{g}")]
    finally:
        contexte.close()
    assert vus == {
        "": list(groupes),
        "#axe-emploi": ["axe-emploi", "fonction-accompagner-employeurs", "fonction-orienter"],
        "#fonction-accompagner-employeurs": ["axe-aller-vers", "axe-emploi", "fonction-accompagner-employeurs"],
        "#indicateurs": list(groupes),  # « toutes les fiches »
    }


def test_la_page_ce_qui_a_change_commence_par_les_resultats_nouveaux(avant, apres):
    """editions.publication relève les résultats nouveaux ; la page les liste avant les autres changements."""
    from macros import editions

    nouvelles = charger(apres / "data")
    precedente = editions.EditionPrecedente("2023-2027", "Projet associatif 2023–2027", donnees=avant)
    publication = editions.Publication(
        nouvelles.jeux["edition"], None, True, precedente=precedente,
        changements=comparaison.comparer(avant, nouvelles),
        resultats_nouveaux=comparaison.resultats_nouveaux(avant, nouvelles))
    page = editions.ce_qui_a_change(publication)
    assert "## Résultats des fiches actions (1)" in page
    assert f"Binômes jeune–parrain formés : **9\u00a0binômes en 2025** — source : {SOURCE_2025}" in page
    assert page.index("## Résultats des fiches actions") < page.index("## Fiches actions")
