"""Les erreurs que feront les éditeurs : un message français qui nomme le fichier, la ligne et le champ."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import _IGNORES, FIXTURES, RACINE, VENV, construire
from instances import construire_instance


def remplacer(fichier: Path, avant: str, apres: str) -> None:
    texte = fichier.read_text(encoding="utf-8")
    assert avant in texte, f"le test ne trouve pas « {avant} » dans {fichier}"
    fichier.write_text(texte.replace(avant, apres, 1), encoding="utf-8")


def numero_de_ligne(fichier: Path, extrait: str) -> int:
    return next(i for i, l in enumerate(fichier.read_text(encoding="utf-8").splitlines(), 1) if extrait in l)


def _syntaxe(p):
    remplacer(p / "data/structure.yml", "    valeur: 12", "    valeur: [12")
    return "data/structure.yml", numero_de_ligne(p / "data/structure.yml", "valeur: [12"), "valeur", "crochet"


def _type(p):
    remplacer(p / "data/territoire.yml", "valeur: 41200", "valeur: quarante et un mille")
    return ("data/territoire.yml", numero_de_ligne(p / "data/territoire.yml", "quarante et un"),
            "chiffres.habitants.valeur", "un nombre est attendu")


def _manquant(p):
    remplacer(p / "data/territoire.yml", "    libelle: Habitants du Val d'Essai\n", "")
    return "data/territoire.yml", numero_de_ligne(p / "data/territoire.yml", "habitants:"), \
        "chiffres.habitants.libelle", "champ obligatoire manquant"


def _cle_inconnue(p):
    remplacer(p / "data/territoire.yml", "    qualificatif: proche_de", "    qualificatf: proche_de")
    return "data/territoire.yml", numero_de_ligne(p / "data/territoire.yml", "qualificatf"), \
        "chiffres.taux_chomage.qualificatf", "Vouliez-vous écrire « qualificatif »"


def _doublon(p):
    remplacer(p / "data/sources.yml", "    annee: 2025\n", "    annee: 2025\n  - id: projet-2025\n"
              "    document: Copie\n    auteur: Copie\n    annee: 2025\n")
    lignes = [i for i, l in enumerate((p / "data/sources.yml").read_text().splitlines(), 1)
              if "id: projet-2025" in l]
    return "data/sources.yml", lignes[1], "sources[2].id", "déjà utilisé"


def _cle_en_double(p):
    remplacer(p / "data/territoire.yml", "  taux_chomage:", "  habitants:")
    return "data/territoire.yml", numero_de_ligne(p / "data/territoire.yml", "libelle: Taux") - 1, \
        "chiffres.habitants", "apparaît deux fois"


def _reference(p):
    remplacer(p / "data/structure.yml", "    source: projet-2025", "    source: projet-2042")
    return "data/structure.yml", numero_de_ligne(p / "data/structure.yml", "projet-2042"), \
        "chiffres.salaries.source", "ne correspond à aucun identifiant de data/sources.yml"


def _variable_inconnue(p):
    remplacer(p / "docs/index.md", "{{ structure.territoire }}", "{{ structure.teritoire }}")
    return "docs/index.md", numero_de_ligne(p / "docs/index.md", "teritoire"), "teritoire", "nom inconnu"


def _nom_inconnu(p):
    remplacer(p / "docs/index.md", "{{ structure.public }}", "{{ structur.public }}")
    return "docs/index.md", numero_de_ligne(p / "docs/index.md", "structur.public"), "structur", \
        "Noms proches : structure"


def _chiffre_inconnu(p):
    remplacer(p / "docs/index.md", 'chiffre("territoire.habitants")', 'chiffre("territoire.habitant")')
    return "docs/index.md", numero_de_ligne(p / "docs/index.md", "territoire.habitant\""), "", \
        "Clés proches : territoire.habitants"


def _pas_utf8(p):
    fichier = p / "data/structure.yml"
    ligne = numero_de_ligne(fichier, "territoire:")
    fichier.write_bytes(fichier.read_bytes().replace("Communauté".encode(), "Communauté".encode("latin-1")))
    return "data/structure.yml", ligne, "territoire", "UTF-8"


def _vide(p):
    (p / "data/territoire.yml").write_text("# plus rien\n", encoding="utf-8")
    return "data/territoire.yml", 1, "", "le fichier est vide"


CAS = {
    "syntaxe YAML": _syntaxe,
    "mauvais type": _type,
    "champ obligatoire manquant": _manquant,
    "clé inconnue": _cle_inconnue,
    "identifiant en double": _doublon,
    "clé en double": _cle_en_double,
    "renvoi vers un identifiant inexistant": _reference,
    "champ inconnu dans une page": _variable_inconnue,
    "nom inconnu dans une page": _nom_inconnu,
    "chiffre inconnu dans une page": _chiffre_inconnu,
    "fichier non UTF-8": _pas_utf8,
    "fichier vide": _vide,
}


# Les cas qui ne se voient qu'au rendu d'une page : une construction chacun.
PAGES = {"champ inconnu dans une page", "nom inconnu dans une page", "chiffre inconnu dans une page"}


def par_couche(cas: dict, pages: set[str]) -> list:
    """Les cas en paramètres (nom, construire) : ceux de `pages` construisent le site (marque « construction »),
    les autres s'arrêtent au chargement des données (marque « rapide »)."""
    assert pages <= cas.keys(), pages - cas.keys()
    return [pytest.param(nom, nom in pages, id=nom,
                         marks=pytest.mark.construction if nom in pages else pytest.mark.rapide) for nom in cas]


@pytest.mark.parametrize("cas, construire", par_couche(CAS, PAGES))
def test_message_francais_avec_fichier_ligne_et_champ(cas, construire, minimale, tmp_path):
    verifier_message(CAS[cas], minimale, tmp_path, construire=construire)


def verifier_message(cas, projet, tmp_path, *, construire: bool | None = None) -> None:
    """Abîme le projet comme le dit `cas` : un message qui nomme le fichier, la ligne et le champ.

    Une erreur de données se voit dès le chargement : macros.donnees.charger, appelé directement, en quelques
    millisecondes. Une erreur dans une page ne se voit qu'à son rendu : construction complète, qui doit échouer
    sans trace Python. (La construction d'une erreur de données : test_une_erreur_de_donnees_arrete_la_construction.)
    `construire` dit lequel des deux le cas attend (None : la construction si le chargement accepte les données)."""
    fichier, ligne, champ, extrait = cas(projet)
    sortie = erreur_au_chargement(projet)
    if construire is not None:
        assert (sortie is None) == construire, sortie or "le chargement accepte les données : cas d'une page"
    if sortie is None:
        sortie = construction_en_echec(projet, tmp_path)
    attendu = f"{fichier}, ligne {ligne}" if ligne else f"{fichier} :"
    assert attendu in sortie, sortie
    if champ:
        assert f"« {champ} »" in sortie, sortie
    assert extrait in sortie, sortie


def erreur_au_chargement(projet: Path) -> str | None:
    """Le message du chargement des données du projet (sans MkDocs), ou None s'il les accepte."""
    from macros.donnees import charger
    from macros.erreurs import ErreurDonnees, ErreursDonnees

    try:
        charger(projet / "data")
    except (ErreurDonnees, ErreursDonnees) as erreur:
        return str(erreur)
    return None


def construction_en_echec(projet: Path, tmp_path: Path) -> str:
    """Construit le projet abîmé : échec, pas de trace Python, la ligne de fin de MkDocs en français ; renvoie
    ce qu'a écrit la construction."""
    if (projet / "mkdocs.yml").exists():  # une copie de tout le projet, moteur compris
        resultat = construire(projet, tmp_path / "sortie", env={"SANS_PDF": "1"})
        code, sortie = resultat.returncode, resultat.stdout + resultat.stderr
    else:  # une structure seule (tests/fixtures/) : le moteur de ce dépôt la construit
        construite = construire_instance(projet, tmp_path / "sortie", env={"SANS_PDF": "1"})
        code, sortie = construite.code, construite.sortie
    assert code != 0
    assert "Traceback" not in sortie
    # Ni « Error reading page » ni « Aborted with a BuildError! » : la ligne de fin de MkDocs, en français.
    assert "Construction arrêtée" in sortie and "Error reading" not in sortie and "Aborted" not in sortie, sortie
    return sortie


@pytest.mark.construction
def test_une_erreur_de_donnees_arrete_la_construction(minimale, tmp_path):
    """Ce que voit l'éditeur à la construction : le message du chargement, tel quel, et rien d'autre."""
    fichier, ligne, champ, extrait = _type(minimale)
    message = erreur_au_chargement(minimale)
    assert message and f"{fichier}, ligne {ligne}, champ « {champ} »" in message and extrait in message
    assert message in construction_en_echec(minimale, tmp_path)


def moteur_et_structure(nom: str, destination: Path) -> Path:
    """Le moteur de ce dépôt (Makefile, mkdocs.yml, macros/…) avec le contenu de tests/fixtures/<nom> à la place de
    celui de Lisieux : pour un test de `make`, qui construit le dossier où il est lancé."""
    contenu = {"instance.yml", "docs", "data"}

    def ignores(dossier: str, noms: list[str]) -> set[str]:
        du_haut = contenu | {"exemples", "tests", "captures", "bench"} if Path(dossier) == RACINE else set()
        return set(_IGNORES(dossier, noms)) | (set(noms) & du_haut)

    shutil.copytree(RACINE, destination, ignore=ignores)
    shutil.copytree(FIXTURES / nom, destination, dirs_exist_ok=True)
    return destination


@pytest.mark.construction
def test_un_echec_laisse_le_site_precedent_intact(tmp_path):
    projet = moteur_et_structure("minimale", tmp_path / "projet")
    env = {**os.environ, "VENV": str(VENV), "SANS_PDF": "1"}  # le livret n'y importe pas
    make = ["make", "--no-print-directory", "-C", str(projet), "build"]
    assert subprocess.run(make, env=env, capture_output=True).returncode == 0
    avant = (projet / "site/index.html").read_text(encoding="utf-8")
    _type(projet)
    echec = subprocess.run(make, env=env, capture_output=True, text=True)
    assert echec.returncode != 0
    assert (projet / "site/index.html").read_text(encoding="utf-8") == avant
    assert not (projet / ".site-neuf").exists()


@pytest.mark.construction
def test_un_lien_casse_arrete_la_construction_en_francais(minimale, tmp_path):
    """Un avertissement de MkDocs (lien vers une page absente) arrête la construction stricte ; la ligne de
    fin le dit en français, le nombre d'avertissements accordé."""
    with (minimale / "docs/valeurs.md").open("a", encoding="utf-8") as page:
        page.write("\n[une page](page-absente.md)\n")
    construite = construire_instance(minimale, tmp_path / "sortie", env={"SANS_PDF": "1"})
    sortie = construite.sortie
    assert construite.code != 0
    # Le message de MkDocs, en français, avec la ligne du lien (macros/messages.py).
    ligne = (minimale / "docs/valeurs.md").read_text(encoding="utf-8").count("\n")
    assert f"docs/valeurs.md, ligne {ligne} : lien « page-absente.md » : la page visée n'existe pas" in sortie, sortie
    assert "Construction arrêtée (mode strict) : 1 avertissement, voir ci-dessus." in sortie, sortie
    assert "Aborted" not in sortie
