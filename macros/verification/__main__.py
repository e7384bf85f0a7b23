"""`python -m macros.verification [dossier]` : les tests du moteur sur la structure de `dossier` (par défaut, le
dossier courant), par pytest ; le code de sortie est celui de pytest."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest


def main(arguments: list[str]) -> int:
    dossier = Path(arguments[0] if arguments and not arguments[0].startswith("-") else ".").resolve()
    options = [a for a in arguments if a.startswith("-")]
    if not (dossier / "mkdocs.yml").is_file():
        print(f"Vérification : aucun mkdocs.yml dans {dossier} (lancez la commande dans le dossier de la "
              "structure, ou donnez-le en argument).", file=sys.stderr)
        return 2
    os.environ["STRUCTURE_A_VERIFIER"] = str(dossier)
    # Rien n'est écrit à côté des tests installés (pas de cache de pytest) ; la racine est la structure.
    return int(pytest.main([str(Path(__file__).parent), "-p", "no:cacheprovider", "--rootdir", str(dossier),
                            "-q", *options]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
