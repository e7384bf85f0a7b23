"""La publication du moteur (publication/version_du_moteur.py, travail « etiqueter-moteur » de publier.yml) : une
étiquette par version, jamais déplacée, que les structures nomment dans leur requirements.txt, avec ce que la
montée de version leur demande (CHANGELOG.md)."""
from __future__ import annotations

import subprocess
import sys

import pytest
import yaml
from conftest import RACINE

from publication import version_du_moteur
from publication.version_du_moteur import etiquette_du_moteur

pytestmark = pytest.mark.rapide


def _depot(dossier, version="1.2.0", journal="## À venir\n\n- rien\n\n## 1.2.0\n\n- Les pourcentages en décimal.\n"):
    dossier.mkdir()
    (dossier / "pyproject.toml").write_text(f'[project]\nname = "x"\nversion = "{version}"\n', encoding="utf-8")
    (dossier / "CHANGELOG.md").write_text("# Journal\n\n" + journal, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(dossier)], check=True)
    subprocess.run(["git", "-C", str(dossier), "-c", "user.name=essai", "-c", "user.email=essai@exemple.invalid",
                    "commit", "-q", "--allow-empty", "-m", "essai"], check=True)
    return dossier


def test_une_version_sans_etiquette_est_a_publier_avec_sa_section(tmp_path, capsys):
    depot = _depot(tmp_path / "depot")
    assert version_du_moteur.main(["--notes", str(tmp_path / "notes.md")], depot) == 0
    assert capsys.readouterr().out == "etiquette=moteur-v1.2.0\n"
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == "- Les pourcentages en décimal.\n"


def test_une_etiquette_posee_n_est_jamais_reposee(tmp_path, capsys):
    depot = _depot(tmp_path / "depot")
    subprocess.run(["git", "-C", str(depot), "tag", "moteur-v1.2.0"], check=True)
    assert version_du_moteur.main(["--notes", str(tmp_path / "notes.md")], depot) == 0
    assert capsys.readouterr().out == "etiquette=\n"
    assert not (tmp_path / "notes.md").exists()


def test_une_version_absente_du_journal_est_refusee_en_francais(tmp_path, capsys):
    depot = _depot(tmp_path / "depot", version="1.3.0")
    assert version_du_moteur.main(["--notes", str(tmp_path / "notes.md")], depot) == 1
    sortie = capsys.readouterr()
    assert sortie.out == ""
    assert "CHANGELOG.md : aucune section « ## 1.3.0 »" in sortie.err
    assert not (tmp_path / "notes.md").exists()


def test_le_flux_pose_l_etiquette_que_les_structures_installent():
    flux = yaml.safe_load((RACINE / ".github/workflows/publier.yml").read_text(encoding="utf-8"))
    travail = flux["jobs"]["etiqueter-moteur"]
    assert travail["needs"] == "tester" and travail["permissions"] == {"contents": "write"}
    commandes = "\n".join(etape.get("run", "") for etape in travail["steps"])
    assert "python -m publication.version_du_moteur" in commandes
    assert 'gh release create "$ETIQUETTE"' in commandes
    assert etiquette_du_moteur("1.2.0") == "moteur-v1.2.0"


def test_le_script_du_flux_tourne_sans_aucune_dependance_installee(tmp_path):
    """Le flux le lance juste après setup-python : un virtualenv nu (ni MkDocs, ni PyYAML) doit suffire."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "nu")], check=True)
    resultat = subprocess.run([str(tmp_path / "nu/bin/python"), "-m", "publication.version_du_moteur",
                               "--notes", str(tmp_path / "notes.md")], cwd=RACINE, capture_output=True, text=True)
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.startswith("etiquette=")
