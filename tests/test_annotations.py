"""Sur GitHub Actions, une erreur d'éditeur devient aussi une annotation « ::error file=…,line=… » ; `make verifier`
répond en moins d'une minute. Sur une copie de la structure d'essai tests/fixtures/minimale."""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from conftest import VENV
from instances import construire_instance
from test_erreurs import _type, moteur_et_structure, numero_de_ligne, remplacer

from macros.annotations import annotations, erreurs_de
from macros.donnees import charger
from macros.erreurs import ErreurDonnees, ErreursDonnees


@pytest.mark.construction
def test_une_erreur_de_donnees_sur_github_donne_une_annotation_sur_sa_ligne(minimale, tmp_path):
    fichier, ligne, champ, extrait = _type(minimale)
    resultat = construire_instance(minimale, tmp_path / "sortie",
                                   env={"SANS_PDF": "1", "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(minimale)})
    assert resultat.code != 0
    annotations_ecrites = [l for l in resultat.sortie.splitlines() if l.startswith("::error ")]
    assert len(annotations_ecrites) == 1, resultat.sortie
    entete, _, message = annotations_ecrites[0].partition("::")[2].partition("::")
    assert entete == f"error file={fichier},line={ligne},title=Champ « {champ} »"
    assert extrait in message and "%0A" not in message


@pytest.mark.rapide
def test_hors_de_github_la_sortie_reste_celle_d_un_terminal(minimale, monkeypatch, capsys):
    """Le crochet d'échec de la construction (macros/crochets.py) n'écrit une annotation que sous GitHub Actions."""
    from macros.annotations import signaler

    _type(minimale)
    with pytest.raises(ErreursDonnees) as erreur:
        charger(minimale / "data")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(minimale))
    monkeypatch.delenv("INSTANCE_DOCS", raising=False)  # la structure est le dépôt lui-même
    for valeur, attendu in (("", 0), ("false", 0), ("true", 1)):
        monkeypatch.setenv("GITHUB_ACTIONS", valeur)
        signaler(erreur.value)
        assert capsys.readouterr().out.count("::error file=data/territoire.yml,") == attendu, valeur


@pytest.mark.construction
def test_une_erreur_dans_une_page_donne_une_annotation(minimale, tmp_path):
    remplacer(minimale / "docs/index.md", "{{ structure.territoire }}", "{{ structure.teritoire }}")
    ligne = numero_de_ligne(minimale / "docs/index.md", "teritoire")
    resultat = construire_instance(minimale, tmp_path / "sortie",
                                   env={"SANS_PDF": "1", "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(minimale)})
    assert f"::error file=docs/index.md,line={ligne},title=Champ « teritoire »::nom inconnu" in resultat.sortie


@pytest.mark.rapide
def test_chemins_depuis_la_racine_du_depot_pour_une_autre_structure(tmp_path):
    depot = tmp_path / "depot"
    dossier = depot / "exemples/l'isle-d'abeau"
    (dossier / "data").mkdir(parents=True)
    (dossier / "data/territoire.yml").write_text("chiffres: {}\n", encoding="utf-8")
    (depot / "reseau").mkdir()
    (depot / "reseau/fonctions.yml").write_text("fonctions: []\n", encoding="utf-8")
    erreurs = [ErreurDonnees("data/territoire.yml", 12, "chiffres.taux.valeur", "un nombre est attendu : 8,9 ?\nx"),
               ErreurDonnees("reseau/fonctions.yml", None, None, "100 % faux")]
    assert list(annotations(erreurs_de(ErreursDonnees(erreurs)), dossier, depot)) == [
        "::error file=exemples/l'isle-d'abeau/data/territoire.yml,line=12,title=Champ « chiffres.taux.valeur »"
        "::un nombre est attendu : 8,9 ?%0Ax",
        "::error file=reseau/fonctions.yml,title=Erreur à corriger::100 %25 faux",
    ]


@pytest.mark.rapide
def test_une_erreur_causee_par_une_erreur_de_donnees_est_annotee():
    erreur = ErreurDonnees("data/a.yml", 3, None, "faux")
    try:
        try:
            raise erreur
        except ErreurDonnees as cause:
            raise RuntimeError("enveloppe") from cause
    except RuntimeError as enveloppe:
        assert erreurs_de(enveloppe) == [erreur]
    assert erreurs_de(ValueError("autre")) == []


@pytest.mark.construction
def test_make_verifier_en_moins_d_une_minute(tmp_path):
    projet = moteur_et_structure("minimale", tmp_path / "projet")
    env = {**os.environ, "VENV": str(VENV)}
    debut = time.monotonic()
    bon = subprocess.run(["make", "--no-print-directory", "-C", str(projet), "verifier"], env=env,
                         capture_output=True, text=True)
    duree = time.monotonic() - debut
    assert bon.returncode == 0, bon.stdout + bon.stderr
    assert "Données et pages vérifiées." in bon.stdout and duree < 60
    assert not (projet / "site").exists()  # rien laissé dans le projet
    _type(projet)
    mauvais = subprocess.run(["make", "--no-print-directory", "-C", str(projet), "verifier"],
                             env={**env, "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(projet)},
                             capture_output=True, text=True)
    assert mauvais.returncode != 0
    assert "::error file=data/territoire.yml," in mauvais.stdout


@pytest.mark.rapide
def test_la_ci_verifie_d_abord():
    import yaml

    flux = yaml.safe_load(Path(__file__).resolve().parents[1].joinpath(".github/workflows/ci.yml").read_text())
    travaux = flux["jobs"]
    assert "make verifier" in [etape.get("run") for etape in travaux["verifier"]["steps"]]
    assert travaux["tester"]["needs"] == "verifier"
