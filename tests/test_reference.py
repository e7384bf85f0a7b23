"""data/README.md, la référence des données, suit les modèles. (Les fichiers de données de Lisieux se présentent
eux-mêmes : tests/lisieux/test_fichiers_de_donnees.py.)"""
from __future__ import annotations

import inspect
import shutil
import subprocess
import sys
import typing
from pathlib import Path

from conftest import FIXTURES, RACINE

from macros import reference
from macros.donnees import SCHEMAS


def verifier(projet: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros.reference", "--verifier"],
                          cwd=projet, capture_output=True, text=True)


def test_la_reference_commitee_est_a_jour():
    resultat = verifier(RACINE)
    assert resultat.returncode == 0, resultat.stderr


def test_la_reference_decrit_chaque_fichier_et_chaque_champ():
    texte = (RACINE / "data/README.md").read_text(encoding="utf-8")
    racines = [reference.modele_de(s) for s in SCHEMAS.values()]
    modeles = list(racines)
    for nom, schema in SCHEMAS.items():
        assert (f"{schema.pages}/<identifiant>.md" if getattr(schema, "pages", None) else f"data/{nom}") in texte, nom
    vus = set()
    while modeles:
        modele = modeles.pop()
        if modele in vus:
            continue
        vus.add(modele)
        for champ, info in modele.model_fields.items():
            assert f"| `{champ}` |" in texte, f"{modele.__name__}.{champ} absent de data/README.md"
            modeles.extend(reference.decrire(info.annotation, info.metadata).modeles)
        if modele not in racines:
            assert f"### {modele.__name__}" in texte, modele.__name__


def test_les_valeurs_permises_viennent_du_modele():
    from macros.modeles.base import Chiffre

    texte = (RACINE / "data/README.md").read_text(encoding="utf-8")
    permis = typing.get_args(Chiffre.model_fields["qualificatif"].annotation)
    ligne = next(l for l in texte.splitlines() if l.startswith("| `qualificatif` |"))
    assert all(f"`{v}`" in ligne for v in permis), ligne


def test_un_champ_ajoute_sans_regenerer_fait_echouer_la_verification(tmp_path):
    """Dans une copie du moteur (macros/ et la référence data/README.md), un champ ajouté à un modèle sans
    régénérer : la vérification échoue en français ; `make reference` régénère la référence, et elle seule
    (un fichier de données posé à côté n'est pas réécrit)."""
    moteur = tmp_path / "moteur"
    shutil.copytree(RACINE / "macros", moteur / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    (moteur / "data").mkdir()
    shutil.copy(RACINE / "data/README.md", moteur / "data/README.md")
    donnee = shutil.copy(FIXTURES / "editions/data/territoire.yml", moteur / "data/territoire.yml")
    avant = donnee.read_bytes()
    # Un champ ajouté au modèle du premier fichier enregistré, dans la copie du moteur.
    modele = reference.modele_de(next(iter(SCHEMAS.values())))
    lignes, debut = inspect.getsourcelines(modele)
    fichier = moteur / Path(inspect.getsourcefile(modele)).relative_to(RACINE)
    source = fichier.read_text(encoding="utf-8").splitlines(keepends=True)
    fin = debut - 1 + len(lignes)
    source.insert(fin, "    champ_ajoute_par_le_test: int | None = None\n")
    fichier.write_text("".join(source), encoding="utf-8")

    resultat = verifier(moteur)
    assert resultat.returncode != 0
    assert "data/README.md ne correspond plus aux modèles" in resultat.stderr
    assert "make reference" in resultat.stderr
    assert "champ_ajoute_par_le_test" in resultat.stderr
    assert "Traceback" not in resultat.stderr

    subprocess.run([sys.executable, "-m", "macros.reference"], cwd=moteur, check=True, capture_output=True)
    assert "`champ_ajoute_par_le_test`" in (moteur / "data/README.md").read_text(encoding="utf-8")
    assert verifier(moteur).returncode == 0
    assert donnee.read_bytes() == avant, "make reference a réécrit un fichier de données"
