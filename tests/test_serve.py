"""`make serve` : un chiffre enregistré dans data/ paraît dans la page servie ; du code Python modifié arrête la
reconstruction avec un message français (MkDocs ne relit le code qu'au démarrage).

Sur une copie du moteur seul (le code que le test modifie) qui sert la structure d'essai minimale, comme
`make serve INSTANCE=…` : aucun fichier de Lisieux n'est lu ni copié."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from conftest import RACINE

from bench.direct import CLE, FICHIER, attendre, attendre_texte, remplacer_valeur, servir
from macros.donnees import charger
from macros.instance import variables
from macros.rendus import valeur_formatee

# Ce que `make serve` lit du dépôt du moteur : son code, son thème, le réseau, sa configuration MkDocs.
_MOTEUR = ("macros", "livret", "overrides", "publication", "reseau")


@pytest.fixture
def moteur(tmp_path: Path) -> Path:
    """Une copie du moteur, sans aucune structure : `python -m mkdocs` lancé dedans prend son code."""
    copie = tmp_path / "moteur"
    for dossier in _MOTEUR:
        shutil.copytree(RACINE / dossier, copie / dossier, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(RACINE / "mkdocs.yml", copie / "mkdocs.yml")
    return copie


def _attendre_dans(journal: Path, texte: str) -> str:
    """Le journal de mkdocs serve, une fois `texte` écrit dedans (délai : 60 s)."""
    attendre_texte(lambda: journal.read_text(encoding="utf-8"), str(journal), texte, 60, pas_s=0.2)
    return journal.read_text(encoding="utf-8")


def test_make_serve_suit_les_donnees_et_refuse_le_code_modifie(moteur, minimale, monkeypatch):
    for nom, valeur in variables(minimale).items():  # la structure servie, comme `make serve INSTANCE=…`
        monkeypatch.setenv(nom, valeur)
    journal = moteur.parent / "serve.log"
    with servir(moteur, journal) as adresse:
        chiffre = charger(minimale / "data").chiffre(CLE)
        nouveau = int(chiffre.valeur) + 4321
        remplacer_valeur(minimale / FICHIER, CLE.split(".", 1)[1], nouveau)
        attendre(adresse, valeur_formatee(chiffre.model_copy(update={"valeur": nouveau})), 60)

        time.sleep(1)  # l'observateur de fichiers au repos avant le changement suivant
        with (moteur / "macros/rendus.py").open("a", encoding="utf-8") as code:
            code.write("\n# modifié pendant make serve\n")
        sortie = _attendre_dans(journal, "Construction arrêtée")
        assert "macros/rendus.py : modifié depuis le lancement de « make serve »" in sortie, sortie
        assert "relancer « make serve »" in sortie
        assert "Traceback" not in sortie and "Aborted" not in sortie
        sortie = _attendre_dans(journal, "Reconstruction en échec : le serveur attend la correction")
        assert "An error happened" not in sortie
