"""`make serve` : un chiffre enregistré dans data/ paraît dans la page servie ; du code Python modifié arrête la
reconstruction avec un message français (MkDocs ne relit le code qu'au démarrage)."""
from __future__ import annotations

import time
from pathlib import Path

from bench.direct import CLE, FICHIER, attendre, attendre_texte, remplacer_valeur, servir
from macros.donnees import charger
from macros.rendus import valeur_formatee


def _attendre_dans(journal: Path, texte: str) -> str:
    """Le journal de mkdocs serve, une fois `texte` écrit dedans (délai : 60 s)."""
    attendre_texte(lambda: journal.read_text(encoding="utf-8"), str(journal), texte, 60, pas_s=0.2)
    return journal.read_text(encoding="utf-8")


def test_make_serve_suit_les_donnees_et_refuse_le_code_modifie(projet):
    journal = projet.parent / "serve.log"
    with servir(projet, journal) as adresse:
        chiffre = charger(projet / "data").chiffre(CLE)
        nouveau = int(chiffre.valeur) + 4321
        remplacer_valeur(projet / FICHIER, CLE.split(".", 1)[1], nouveau)
        attendre(adresse, valeur_formatee(chiffre.model_copy(update={"valeur": nouveau})), 60)

        time.sleep(1)  # l'observateur de fichiers au repos avant le changement suivant
        with (projet / "macros/rendus.py").open("a", encoding="utf-8") as code:
            code.write("\n# modifié pendant make serve\n")
        sortie = _attendre_dans(journal, "Construction arrêtée")
        assert "macros/rendus.py : modifié depuis le lancement de « make serve »" in sortie, sortie
        assert "relancer « make serve »" in sortie
        assert "Traceback" not in sortie and "Aborted" not in sortie
        sortie = _attendre_dans(journal, "Reconstruction en échec : le serveur attend la correction")
        assert "An error happened" not in sortie
