"""« Ce qui a changé » construit à partir de deux états de data/, data/edition.yml mal rempli, couverture du livret.

Sur la structure d'essai des éditions (tests/fixtures/editions/) : ses chiffres, ses sources, ses fiches."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml
from conftest import FIXTURES, modifier_yaml
from instances import construire_instance
from lecture_html import sans_typographie

from macros import difference_pages, editions
from macros.comparaison import comparer, en_markdown
from macros.donnees import charger
from macros.erreurs import ErreursDonnees
from macros.rendus import valeur_formatee

STRUCTURE = FIXTURES / "editions"
CLE = "territoire.habitants"


def _copie_des_donnees(destination):
    """data/ et les fiches (docs/fiches-actions/, des données elles aussi) de la structure d'essai."""
    shutil.copytree(STRUCTURE / "data", destination / "data")
    shutil.copytree(STRUCTURE / "docs/fiches-actions", destination / "docs/fiches-actions")
    return destination / "data"


def _depot(structure, message: str, etiquette: str | None = None) -> None:
    """La structure dans un dépôt git à elle (un commit, une étiquette d'édition si donnée)."""
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q"], cwd=structure, check=True)
    subprocess.run([*git, "add", "-A"], cwd=structure, check=True)
    subprocess.run([*git, "commit", "-qm", message], cwd=structure, check=True)
    if etiquette:
        subprocess.run([*git, "tag", etiquette], cwd=structure, check=True)


@pytest.fixture
def deux_etats(tmp_path):
    """data/ tel quel, et une copie où un chiffre change, une source part, une arrive, une est retouchée."""
    ancien = _copie_des_donnees(tmp_path / "ancien")
    modifier_yaml(ancien / "sources.yml", lambda d: d["sources"].append(
        {"id": "source-retiree", "document": "Étude retirée", "auteur": "Test", "annee": 2020}))
    shutil.copytree(ancien.parent, tmp_path / "nouveau")
    nouveau = tmp_path / "nouveau/data"
    cle = CLE.split(".")[1]

    def sources(d):
        d["sources"] = [s for s in d["sources"] if s["id"] != "source-retiree"]
        d["sources"].append({"id": "source-ajoutee", "document": "Étude ajoutée", "auteur": "Test", "annee": 2028})
        d["sources"][0]["annee"] += 1
    modifier_yaml(nouveau / "sources.yml", sources)
    modifier_yaml(nouveau / "territoire.yml",
                  lambda d: d["chiffres"][cle].update(valeur=d["chiffres"][cle]["valeur"] * 3 + 0.5))
    return charger(ancien), charger(nouveau), CLE


def _retouchee(donnees):
    """La source retouchée : la première de data/sources.yml (celles du réseau, reseau/sources.yml, la précèdent)."""
    premiere = yaml.safe_load((STRUCTURE / "data/sources.yml").read_text(encoding="utf-8"))["sources"][0]["id"]
    return donnees.source(premiere)


def test_les_changements_entre_deux_etats(deux_etats):
    ancien, nouveau, cle = deux_etats
    changements = comparer(ancien, nouveau)
    (sources,) = changements.collections
    assert sources.intitule() == "Sources"
    assert [e.id for e in sources.ajouts] == ["source-ajoutee"]
    assert [e.id for e in sources.retraits] == ["source-retiree"]
    premiere = _retouchee(nouveau)
    assert [(e.id, e.nom, e.champs) for e in sources.modifications] == [(premiere.id, premiere.document, ("annee",))]
    [(avant, apres)] = changements.chiffres_modifies
    assert avant.cle == apres.cle == cle
    assert avant.valeur.startswith(valeur_formatee(ancien.chiffre(cle)))
    assert apres.valeur.startswith(valeur_formatee(nouveau.chiffre(cle)))
    assert changements.chiffres_ajoutes == changements.chiffres_retires == []


def test_la_page_en_markdown_avec_les_valeurs_en_francais(deux_etats):
    ancien, nouveau, cle = deux_etats
    texte = en_markdown(comparer(ancien, nouveau), "Projet associatif 2024–2028", "Version de travail")
    nouvelle_valeur = valeur_formatee(nouveau.chiffre(cle))
    assert "," in nouvelle_valeur, "la virgule décimale française"
    # Le libellé du chiffre, puis l'ancienne valeur → la nouvelle.
    ligne = next(l for l in texte.splitlines() if l.startswith(f"- {nouveau.chiffre(cle).libelle} : "))
    assert ligne.index(valeur_formatee(ancien.chiffre(cle))) < ligne.index("→") < ligne.index(nouvelle_valeur)
    assert "De Projet associatif 2024–2028 à Version de travail" in texte
    assert "### Ajouts (1)" in texte and "- Étude ajoutée" in texte
    assert "### Retraits (1)" in texte and "- Étude retirée" in texte
    assert "- " + _retouchee(nouveau).document + " : année" in texte
    # Aucun identifiant interne, ni en police de code ni autrement.
    assert "`" not in texte and "source-ajoutee" not in texte and cle not in texte


def test_aucun_changement(deux_etats):
    ancien, _, _ = deux_etats
    assert not comparer(ancien, ancien)
    assert en_markdown(comparer(ancien, ancien), "A", "B").startswith("Aucune différence")


def test_un_element_dans_un_element_compte_dans_son_parent():
    """Les éléments à id imbriqués (une étape dans une fiche) ne forment pas une collection à part."""
    from macros.comparaison import collections
    from macros.donnees import Donnees
    from macros.modeles.base import Modele

    class Etape(Modele):
        id: str
        titre: str

    class Fiche(Modele):
        id: str
        titre: str
        etapes: list[Etape]

    class Fiches(Modele):
        fiches: list[Fiche]

    def donnees(titre_etape: str) -> Donnees:
        return Donnees(jeux={"fiches": Fiches(fiches=[Fiche(id="f1", titre="Fiche", etapes=[
            Etape(id="e1", titre=titre_etape)])])})

    assert list(collections(donnees("a"))) == [("fiches", ("fiches",))]
    (fiches,) = comparer(donnees("a"), donnees("b")).collections
    assert [(e.id, e.champs) for e in fiches.modifications] == [("f1", ("etapes",))]
    # Un jeu écrit en dossier (un fichier par fiche) est une liste : la collection porte le nom du jeu.
    en_dossier = Donnees(jeux={"fiches": donnees("a").jeux["fiches"].fiches})
    assert list(collections(en_dossier)) == [("fiches", ())]
    (fiches,) = comparer(Donnees(jeux={"fiches": []}), en_dossier).collections
    assert fiches.intitule() == "Fiches" and [e.nom for e in fiches.ajouts] == ["Fiche"]


def test_sans_historique_git_une_phrase_claire(tmp_path, donnees):
    """Un projet copié hors de git (comme dans les tests) : pas d'erreur, une phrase qui dit pourquoi."""
    projet = shutil.copytree(STRUCTURE, tmp_path / "projet")
    publication = editions.publication(projet, donnees, version=None)
    assert publication.precedente is None and publication.changements is None
    assert editions.ce_qui_a_change(publication).startswith("L'historique git du projet n'est pas disponible")


def test_sans_edition_adoptee_une_phrase_claire(tmp_path, donnees):
    projet = shutil.copytree(STRUCTURE, tmp_path / "projet")
    _depot(projet, "début")
    publication = editions.publication(projet, donnees, version=editions.VERSION_DE_TRAVAIL)
    assert publication.version_de_travail
    assert editions.ce_qui_a_change(publication).startswith("Aucune édition n'a encore été adoptée")


def test_un_passage_reecrit_montre_les_mots_retires_et_ajoutes(donnees):
    avant = {"valeurs.md": "---\ntitle: Valeurs\n---\n\n# Valeurs\n\n## Laïcité\n\nNous **accueillons** chaque "
                           "jeune sans distinction.\n\nUn paragraphe inchangé.\n\nUn paragraphe retiré.\n",
             "ancienne.md": "# Ancienne page\n"}
    apres = {"valeurs.md": "---\ntitle: Valeurs\n---\n\n# Valeurs\n\n## Laïcité\n\nNous **recevons** chaque "
                           "jeune sans distinction.\n\nUn paragraphe inchangé.\n",
             "nouvelle.md": "# Nouvelle page\n",
             "chiffres.md": 'Le territoire compte {{ chiffre("territoire.habitants") }} habitants.\n'}
    avant["chiffres.md"] = apres["chiffres.md"]
    pages = difference_pages.comparer_pages(avant, apres, donnees, donnees)
    assert [(p.chemin, p.titre, p.etat) for p in pages] == [
        ("ancienne.md", "Ancienne page", "retiree"), ("nouvelle.md", "Nouvelle page", "ajoutee"),
        ("valeurs.md", "Valeurs", "modifiee")]
    modifie, retire = pages[2].passages
    assert (modifie.section, retire.section) == ("Laïcité", "Laïcité")
    assert difference_pages.passage_html(modifie) == (
        '<p class="difference"><span class="difference__genre">Modifié\u00a0:</span> Nous <del>accueillons</del> '
        "<ins>recevons</ins> chaque jeune sans distinction.</p>")
    assert "<del>Un paragraphe retiré.</del>" in difference_pages.passage_html(retire)
    texte = difference_pages.en_markdown(pages)
    assert "### [Valeurs](valeurs.md)" in texte and "### Ancienne page" in texte and "Page retirée." in texte
    assert "`" not in texte


# Une fiche ajoutée d'un seul fichier après l'édition : elle doit paraître dans « Ce qui a changé ».
FICHE_AJOUTEE = """---
id: emploi-saisonnier
format: fiche-action
numero: "3"
titre: L'emploi saisonnier, fiche ajoutée par un test
axe: aller-vers
fonctions:
  origine: choix-editorial
  retenues: [accompagner-parcours-global]
source:
  document: projet-2024
---

## Objectif { #objectif }

Préparer les saisons avec les employeurs des deux rives.
"""


def test_ce_qui_a_change_lisible_dans_le_site(tmp_path, donnees):
    """Une édition étiquetée, puis un chiffre changé, une phrase de fiche réécrite, une fiche ajoutée : la page
    « Ce qui a changé » du site construit le dit avec des mots de lecteur. La structure est dans un dépôt à elle,
    sans reseau/ : l'édition précédente se relit avec le réseau du moteur."""
    projet = shutil.copytree(STRUCTURE, tmp_path / "projet")
    _depot(projet, "édition", "edition-2024-2028")
    cle = CLE.split(".")[1]
    modifier_yaml(projet / "data/territoire.yml",
                  lambda d: d["chiffres"][cle].update(valeur=d["chiffres"][cle]["valeur"] + 1000))
    fiche = projet / "docs/fiches-actions/transport.md"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("Se rapprocher des jeunes",
                                                               "Aller au-devant des jeunes", 1), encoding="utf-8")
    (projet / "docs/fiches-actions/emploi-saisonnier.md").write_text(FICHE_AJOUTEE, encoding="utf-8")
    resultat = construire_instance(projet, tmp_path / "site", env={"SANS_PDF": "1"})
    assert resultat.code == 0, resultat.sortie
    html = (tmp_path / "site/ce-qui-a-change/index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    texte = sans_typographie(" ".join(re.sub(r"<[^>]+>", " ", article).replace("&#x27;", "'").replace("&#39;", "'").split()))
    chiffre, nouveau = donnees.chiffre(CLE), charger(projet / "data").chiffre(CLE)
    lisible = lambda c: " ".join(valeur_formatee(c).split())  # noqa: E731 — espaces comme dans `texte`
    assert re.search(re.escape(chiffre.libelle) + r" : " + re.escape(lisible(chiffre)) + r".*? → "
                     + re.escape(lisible(nouveau)), texte), texte
    assert "Fiche action 3 : L'emploi saisonnier, fiche ajoutée par un test" in texte.split("Ajouts")[1], texte
    assert "<del>Se rapprocher</del> <ins>Aller au-devant</ins>" in article
    assert 'href="../fiches-actions/transport/"' in article
    assert "<code>" not in article and "emploi-saisonnier" not in texte and CLE not in texte


def test_donnees_d_une_edition_illisibles_une_phrase_claire(tmp_path, donnees):
    """Une édition dont les données ne passent plus les modèles : la page le dit, la construction continue."""
    projet = shutil.copytree(STRUCTURE, tmp_path / "projet")
    modifier_yaml(projet / "data/territoire.yml", lambda d: d.update(inconnu=1))
    _depot(projet, "ancien", "edition-ancienne")
    texte = editions.ce_qui_a_change(editions.publication(projet, donnees, version=editions.VERSION_DE_TRAVAIL))
    assert texte.startswith("La comparaison avec l'édition ancienne n'est pas possible")
    assert "data/territoire.yml" in texte and "clé inconnue" in texte


# data/edition.yml : ce que l'éditeur peut mal écrire, et le message qu'il reçoit.
ERREURS_EDITION = {
    "adoptée sans date": (lambda d: d.update(statut="adoptee") or d.pop("adoption", None),
                          "statut", "ajoutez la ligne « adoption: AAAA-MM-JJ »"),
    "statut inconnu": (lambda d: d.update(statut="adoptée"), "statut", "Valeurs permises"),
    "période à l'envers": (lambda d: d["periode"].update(fin=d["periode"]["debut"] - 1),
                           "periode.fin", "l'année de fin précède"),
}


@pytest.mark.parametrize("cas", ERREURS_EDITION, ids=list(ERREURS_EDITION))
def test_edition_mal_remplie(cas, tmp_path):
    modification, champ, extrait = ERREURS_EDITION[cas]
    dossier = _copie_des_donnees(tmp_path)
    modifier_yaml(dossier / "edition.yml", modification)
    with pytest.raises(ErreursDonnees) as erreur:
        charger(dossier)
    texte = str(erreur.value)
    assert "data/edition.yml, ligne" in texte and f"champ « {champ} »" in texte and extrait in texte, texte


def test_date_d_adoption_impossible(tmp_path):
    dossier = _copie_des_donnees(tmp_path)
    fichier = dossier / "edition.yml"
    lignes = [l for l in fichier.read_text(encoding="utf-8").splitlines() if not l.startswith("adoption:")]
    fichier.write_text("\n".join([*lignes, "adoption: 2024-13-01"]) + "\n", encoding="utf-8")
    with pytest.raises(ErreursDonnees) as erreur:
        charger(dossier)
    ligne = len((dossier / "edition.yml").read_text(encoding="utf-8").splitlines())
    assert f"data/edition.yml, ligne {ligne}, champ « adoption » : cette date n'existe pas" in str(erreur.value)


def test_intitule_d_une_collection_d_apres_la_navigation():
    from macros.comparaison import Collection

    nav = [{"Accueil": "index.md"}, {"Stratégie": "strategie.md"},
           {"Analyse": [{"Forces et faiblesses": "forces-faiblesses.md"}]}]
    noms = editions.noms_des_jeux(nav)
    assert noms == {"index": "Accueil", "strategie": "Stratégie", "forces_faiblesses": "Forces et faiblesses"}
    assert Collection("strategie", "feuilles_de_route").intitule(noms) == "Feuilles de route (Stratégie)"
    assert Collection("forces_faiblesses", "forces_faiblesses").intitule(noms) == "Forces et faiblesses"
    assert Collection("implantations", "lieux").intitule(noms) == "Lieux (Implantations)"


def test_couverture_du_livret_d_une_version_de_travail(tmp_path, donnees):
    """Publiée sous …/brouillon/, une édition déjà adoptée reste une version de travail, en couverture aussi."""
    from types import SimpleNamespace

    from livret.crochet import DocumentPdf, _couverture

    dossier = _copie_des_donnees(tmp_path)
    modifier_yaml(dossier / "edition.yml", lambda d: d.update(statut="adoptee", adoption="2024-06-20"))
    adoptee = charger(dossier)

    def couverture(version: str | None):
        publication = editions.publication(tmp_path, adoptee, version=version)
        config = SimpleNamespace(extra={"publication": publication}, site_description="", site_url=None)
        return _couverture(DocumentPdf("livret/projet-associatif.pdf", "Projet associatif"), adoptee, config)

    assert couverture(editions.VERSION_DE_TRAVAIL).edition == "Version de travail, non adoptée"
    assert couverture(editions.VERSION_DE_TRAVAIL).date_adoption is None
    assert couverture(adoptee.jeux["edition"].id).date_adoption == adoptee.jeux["edition"].adoption


def test_un_passage_se_lit_avec_ce_que_les_macros_impriment_et_une_grille_reste_une_liste(tmp_path, donnees):
    """« En {{ annee(…) }}, … {{ chiffre(…) }} » : l'année reste dans le passage, seul le chiffre change ; dans
    une grille de chiffres clés, seul le point changé est un passage, lisible seul."""
    nouveau = _copie_des_donnees(tmp_path)
    modifier_yaml(nouveau / "territoire.yml", lambda d: d["chiffres"]["habitants"].update(valeur=61420))
    apres_donnees = charger(nouveau)
    cle, autre = CLE, "territoire.communes"
    page = ('# Accueil\n\nEn {{ annee("' + cle + '") }}, les deux rives comptaient {{ chiffre("' + cle + '") }} '
            'habitants.\n\n<div class="chiffres-cles" markdown>\n\n'
            '- {{ chiffre("' + autre + '") }} communes en {{ annee("' + autre + '") }}\n'
            '- {{ chiffre("' + cle + '") }} habitants\n'
            '- {{ nombre_de_fiches("feuille-de-route") }} feuilles de route\n\n</div>\n')
    [modifiee] = difference_pages.comparer_pages({"index.md": page}, {"index.md": page}, donnees, apres_donnees)
    annee = donnees.chiffre(cle).annee
    phrase, point = modifiee.passages
    avant, apres = valeur_formatee(donnees.chiffre(cle)), valeur_formatee(apres_donnees.chiffre(cle))
    assert phrase.avant == f"En {annee}, les deux rives comptaient {avant} habitants."
    assert phrase.apres == f"En {annee}, les deux rives comptaient {apres} habitants."
    assert (point.avant, point.apres) == (f"{avant} habitants", f"{apres} habitants")
    html = difference_pages.passage_html(phrase)
    assert f"En {annee}, les deux rives comptaient <del>{avant}</del> <ins>{apres}</ins> habitants." in html
    # Les points inchangés de la grille (le nombre de fiches compris) ne sont pas des passages modifiés.
    assert len(modifiee.passages) == 2
