"""Le moteur et une structure quelconque : jeux de données facultatifs, PDF déclarés, nouvelle structure.

Les erreurs se vérifient en appelant le code directement ; quelques petites constructions seulement (la structure
modèle, quelques pages) couvrent ce que seul MkDocs montre.
"""
from __future__ import annotations

import html
import re
import shutil
from types import SimpleNamespace

import pytest
import yaml
from conftest import RACINE, modifier_yaml
from instances import construire_instance, nom_de, toutes

from livret.crochet import documents
from macros.donnees import OBLIGATOIRES, RESEAU, SCHEMAS, charger
from macros import garde, instance
from macros.erreurs import ErreurDonnees, ErreursDonnees
from macros.modeles.instance import Pdf, selecteur_simple
from macros.nouvelle_structure import Refus, creer
from macros.typographie import texte_publie
from mkdocs.exceptions import PluginError
from pydantic import ValidationError

MODELE = RACINE / "exemples/modele"


# ── Données : seuls l'identité, les sources et l'édition sont exigées ─────────────────────────────────
def test_une_structure_n_ecrit_que_les_trois_jeux_obligatoires(tmp_path):
    shutil.copytree(MODELE / "data", tmp_path / "data")
    assert {f.stem for f in (tmp_path / "data").glob("*.yml")} == OBLIGATOIRES
    donnees = charger(tmp_path / "data")
    # Les jeux du réseau (reseau/*.yml : Charte nationale, fonctions…) viennent avec toute structure ; tous les
    # autres jeux connus du moteur sont absents.
    du_reseau = {f.stem for f in RESEAU.glob("*.yml")}
    assert set(donnees.jeux) == OBLIGATOIRES | du_reseau
    assert set(donnees.absents()) == set(SCHEMAS) - OBLIGATOIRES - du_reseau
    assert "strategie" in donnees.absents() and "fiches" in donnees.absents()


@pytest.mark.parametrize("jeu", sorted(OBLIGATOIRES))
def test_un_jeu_obligatoire_absent_arrete_la_lecture(tmp_path, jeu):
    shutil.copytree(MODELE / "data", tmp_path / "data")
    (tmp_path / "data" / f"{jeu}.yml").unlink()
    with pytest.raises(ErreursDonnees) as erreur:
        charger(tmp_path / "data")
    assert f"data/{jeu}.yml" in str(erreur.value) and "manquant" in str(erreur.value)


def test_un_chiffre_d_un_jeu_absent_nomme_le_jeu(tmp_path):
    shutil.copytree(MODELE / "data", tmp_path / "data")
    with pytest.raises(KeyError) as erreur:
        charger(tmp_path / "data").chiffre("territoire.habitants")
    assert "« territoire »" in erreur.value.args[0] and "data/territoire.yml" in erreur.value.args[0]


# ── Fiches actions : des pages docs/fiches-actions/<id>.md, aucune s'il le faut ; plus de data/fiches/ ─────────
def test_un_ancien_dossier_data_fiches_n_est_pas_ignore_en_silence(tmp_path):
    shutil.copytree(MODELE / "data", tmp_path / "data")
    (tmp_path / "data/fiches").mkdir()
    (tmp_path / "data/fiches/camion-mobile.yml").write_text("id: camion-mobile\n", encoding="utf-8")
    with pytest.raises(ErreursDonnees) as erreur:
        charger(tmp_path / "data")
    [message] = [e.texte() for e in erreur.value.erreurs]
    assert message.startswith("data/fiches/ : ce dossier n'est plus lu")
    assert "docs/fiches-actions/<id>.md" in message and "camion-mobile.yml" in message


def test_un_dossier_inconnu_dans_data_est_signale(tmp_path):
    shutil.copytree(MODELE / "data", tmp_path / "data")
    (tmp_path / "data/images").mkdir()
    with pytest.raises(ErreursDonnees) as erreur:
        charger(tmp_path / "data")
    assert "data/images/ : dossier inconnu" in str(erreur.value)


def test_une_section_de_fiches_sans_fiche_se_construit(tmp_path):
    """(Un ancien data/fiches/ arrête le chargement : test précédent ; la construction montre alors ce message tel
    quel : tests/test_erreurs.py, test_une_erreur_de_donnees_arrete_la_construction.)"""
    dossier = tmp_path / "structure"
    shutil.copytree(MODELE, dossier, ignore=shutil.ignore_patterns("site"))
    # Les fonctions (et leur source) viennent du réseau : seuls les axes sont à la structure.
    (dossier / "data/axes.yml").write_text("axes:\n  - id: agir\n    titre: Agir avec les jeunes\n", encoding="utf-8")
    modifier_yaml(dossier / "instance.yml", lambda r: r["nav"].append({"Fiches actions": ["fiches-actions/index.md"]}))
    (dossier / "docs/fiches-actions").mkdir()
    (dossier / "docs/fiches-actions/index.md").write_text("# Fiches actions\n\n{{ fiches_index() }}\n",
                                                          encoding="utf-8")
    resultat = construire_instance(dossier, tmp_path / "site", env={"SANS_PDF": "1"})
    assert resultat.code == 0, resultat.sortie
    assert "Aucune fiche" in (tmp_path / "site/fiches-actions/index.html").read_text(encoding="utf-8")


# ── Les PDF déclarés dans instance.yml ──────────────────────────────────────────────────────────────────
def _config(pdf) -> SimpleNamespace:
    return SimpleNamespace(extra={"pdf": pdf})


def test_un_pdf_se_declare_par_son_fichier_son_titre_et_ses_pages():
    livret, charte = documents(_config([
        {"fichier": "livret/a.pdf", "titre": "A"},
        {"fichier": "livret/b.pdf", "titre": "B", "pages": ["b.md"], "couverture": "non", "sommaire": False,
         "feuilles": ["assets/css/b.css"]},
    ]))
    assert (livret.chemin, livret.titre, livret.sommaire, livret.page_de_garde) == ("livret/a.pdf", "A", True, True)
    assert (charte.sommaire, charte.page_de_garde) == (False, False)
    assert charte.feuilles == ("assets/css/livret.css", "assets/css/b.css")
    assert charte.choisir(SimpleNamespace(file=SimpleNamespace(src_uri="b.md")))
    assert not charte.choisir(SimpleNamespace(file=SimpleNamespace(src_uri="a.md")))
    assert documents(SimpleNamespace(extra={})) == []


@pytest.mark.parametrize("pdf, message", [
    ({"fichier": "a.pdf", "titre": "A", "page": ["a.md"]}, "clé inconnue « page »"),
    ({"fichier": "a.pdf"}, "champ « titre » obligatoire"),
    ({"fichier": "a.html", "titre": "A"}, "finissant par « .pdf »"),
    ({"fichier": "a.pdf", "titre": "A", "pages": "a.md"}, "une liste de pages"),
    ({"fichier": "a.pdf", "titre": "A", "couverture": "sans"}, "« oui » ou « non » est attendu ; trouvé : « sans »"),
])
def test_un_pdf_mal_declare_est_refuse_en_francais(pdf, message):
    with pytest.raises(PluginError) as erreur:
        documents(_config([pdf]))
    assert "instance.yml, extra → pdf → PDF n° 1" in str(erreur.value) and message in str(erreur.value)


@pytest.mark.parametrize("selecteur", [
    ".charte-nationale", "div.note", "#annexe", ".a, .b", ".a,.b", "div .a", " .a ", "a.b.c#d", "-x", "._a",
    "", ".", "#", ".a,", ",.a", ".a,,.b", "div.", "1a", ".1a", ".a, ", "a b,", "h2 + p", ".a:not(.b)", ".é",
])
def test_un_selecteur_lu_sans_soupsieve_est_un_selecteur_de_soupsieve(selecteur):
    """Les sélecteurs simples sont acceptés sans charger soupsieve (macros/modeles/instance.py) : chacun est
    un sélecteur que soupsieve comprend, et ce qui n'est pas simple passe par soupsieve."""
    import soupsieve

    try:
        soupsieve.compile(selecteur)
        valide = True
    except soupsieve.SelectorSyntaxError:
        valide = False
    assert not selecteur_simple(selecteur) or valide
    assert selecteur_simple(selecteur) == (selecteur in {
        ".charte-nationale", "div.note", "#annexe", ".a, .b", ".a,.b", "div .a", " .a ", "a.b.c#d", "-x", "._a"})
    if selecteur:  # (un sélecteur vide est refusé avant, par sa longueur)
        pdf = {"fichier": "livret/a.pdf", "titre": "A", "sans": [".note", selecteur]}
        if valide:
            assert Pdf.model_validate(pdf).sans[1] == selecteur.strip()
        else:
            with pytest.raises(ValidationError, match=f"« {re.escape(selecteur.strip())} » n'est pas un sélecteur CSS"):
                Pdf.model_validate(pdf)


# ── Nouvelle structure ──────────────────────────────────────────────────────────────────────────────────
def test_nouvelle_structure_refuse_sans_rien_ecrire(tmp_path):
    """Un nom manquant, un dossier non vide, un dossier dans le dépôt du moteur : refusés, rien d'écrit.
    (Le dépôt créé, construit et testé hors de ce dépôt : tests/test_paquet.py.)"""
    with pytest.raises(Refus, match="il faut un dossier et un nom"):
        creer(tmp_path / "x", "  ", moteur="m")
    (tmp_path / "x").mkdir()
    (tmp_path / "x/notes.txt").write_text("déjà là", encoding="utf-8")
    with pytest.raises(Refus, match="n'est pas vide"):
        creer(tmp_path / "x", "Mission Locale de X", moteur="m")
    assert [f.name for f in (tmp_path / "x").iterdir()] == ["notes.txt"]
    with pytest.raises(Refus, match="dans le dépôt du moteur"):
        creer(RACINE / "exemples/x", "Mission Locale de X", moteur="m", racine_du_moteur=RACINE)
    assert not (RACINE / "exemples/x").exists()


def test_nouvelle_structure_ecrit_le_nom_en_yaml(tmp_path):
    """Un nom avec apostrophe, deux-points et dièse reste une valeur YAML entière, partout où le modèle a le sien."""
    nom = "Mission Locale d'Aubusson : Creuse # sud"
    dossier = creer(tmp_path / "aubusson", nom, moteur="projet-associatif-moteur==0.1.0")
    reglages = yaml.safe_load((dossier / "instance.yml").read_text(encoding="utf-8"))
    assert reglages["site_author"] == nom and reglages["site_name"] == f"Projet associatif – {nom}"
    assert reglages["edit_uri"] == "edit/main/docs/"
    assert yaml.safe_load((dossier / "data/structure.yml").read_text(encoding="utf-8"))["nom"] == nom
    assert "modèle" not in (dossier / "data/sources.yml").read_text(encoding="utf-8")
    assert "projet-associatif-moteur==0.1.0" in (dossier / "requirements.txt").read_text(encoding="utf-8")


def test_un_pdf_qui_nomme_une_page_absente_est_refuse(tmp_path):
    """Une faute de frappe dans `pages:` ne passe plus en silence (le PDF n'était pas fabriqué, sans un mot)."""
    dossier = tmp_path / "exemples/vierzon"
    shutil.copytree(MODELE, dossier, ignore=shutil.ignore_patterns("site"))
    modifier_yaml(dossier / "instance.yml", lambda r: r["extra"]["pdf"].append(
        {"fichier": "livret/charte.pdf", "titre": "Charte", "pages": ["charte.md"]}))
    with pytest.raises(ErreursDonnees) as erreur:
        instance.lire(dossier, tmp_path)
    assert str(erreur.value).startswith("exemples/vierzon/instance.yml, ligne ")
    assert "champ « extra.pdf[2].pages[1] » : page introuvable dans docs/ : « charte.md »" in str(erreur.value)


def test_un_dossier_hors_de_la_structure_est_nomme_sans_trace(tmp_path):
    """Un docs/ hors du dossier de la structure (ou du dépôt) : le fichier fautif est nommé, pas de ValueError."""
    (tmp_path / "ailleurs/docs").mkdir(parents=True)
    (tmp_path / "ailleurs/docs/.brouillon.md").write_text("# Brouillon\n", encoding="utf-8")
    with pytest.raises(ErreurDonnees) as erreur:
        garde.verifier_arborescence(tmp_path / "ailleurs/docs", tmp_path / "structure")
    assert erreur.value.texte().startswith(f"{tmp_path}/ailleurs/docs/.brouillon.md : fichier caché")


@pytest.mark.parametrize("texte, jeu", [
    ("La stratégie : {{ strategie.orientations }}.", "strategie"),
    ('Le territoire : {{ chiffre("territoire.habitants") }} habitants.', "territoire"),
])
def test_une_page_qui_cite_un_jeu_absent_arrete_la_construction(tmp_path, texte, jeu):
    dossier = tmp_path / "structure"
    shutil.copytree(MODELE, dossier, ignore=shutil.ignore_patterns("site"))
    page = dossier / "docs/index.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{texte}\n", encoding="utf-8")
    resultat = construire_instance(dossier, tmp_path / "site", env={"SANS_PDF": "1"})
    assert resultat.code != 0
    assert "docs/index.md" in resultat.sortie and f"« {jeu} »" in resultat.sortie
    assert f"data/{jeu}.yml" in resultat.sortie and "Traceback" not in resultat.sortie


def test_les_parties_facultatives_du_modele_se_construisent_une_fois_copiees(tmp_path):
    dossier = tmp_path / "structure"
    shutil.copytree(MODELE, dossier, ignore=shutil.ignore_patterns("site"))
    pages = []
    for partie in ("data", "docs"):
        for fichier in sorted((dossier / "facultatif" / partie).iterdir()):
            shutil.copy(fichier, dossier / partie)
            pages += [fichier.name] if partie == "docs" else []
    assert pages
    modifier_yaml(dossier / "instance.yml", lambda r: r["nav"].extend(pages))
    resultat = construire_instance(dossier, tmp_path / "site", env={"SANS_PDF": "1"})
    assert resultat.code == 0, resultat.sortie
    historique = (tmp_path / "site/historique/index.html").read_text(encoding="utf-8")
    assert "la genèse" in historique and "evenement--nationale" in historique and "evenement--locale" in historique
    activite = (tmp_path / "site/activite/index.html").read_text(encoding="utf-8")
    # Graphique, tableau et sa source, écrite avec la typographie des pages (apostrophe courbe).
    assert "<svg" in activite and texte_publie("Rapport d'activité 2024") in html.unescape(activite)


@pytest.mark.parametrize("dossier", toutes(), ids=nom_de)
def test_la_configuration_lue_hors_de_mkdocs_fusionne_le_moteur_et_l_instance(dossier, monkeypatch):
    """macros.instance.configuration (publication, banc) : `extra:` garde les PDF de l'instance et les clés du
    moteur ; le nom de la structure remplace celui, provisoire, du moteur."""
    from macros.instance import configuration, reglages, variables

    for nom, valeur in variables(dossier).items():
        monkeypatch.setenv(nom, valeur)
    config = configuration()
    assert [pdf["fichier"] for pdf in config["extra"]["pdf"]] == [
        pdf["fichier"] for pdf in reglages(dossier)["extra"]["pdf"]]
    assert config["site_name"] == reglages(dossier)["site_name"]
