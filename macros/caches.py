"""Les caches de construction (.cache/, `chemins.CACHE`) : des fichiers nommés par l'empreinte de tout ce qui les
produit, repris d'une construction à l'autre. Le dossier se supprime sans perte ; en lecture seule, le travail se
refait simplement. Utilisés par les graphiques, les formulaires (/admin/) et l'historique git.
"""
from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path


@functools.cache
def empreinte_du_code() -> str:
    """L'empreinte du code du paquet macros : modules (modèles, réglages, mise en forme) et gabarits. Gardée pour
    le processus : le code ne change pas pendant qu'il tourne (`make serve` s'arrête s'il change,
    macros/crochets.py)."""
    code = hashlib.sha256()
    for fichier in sorted(Path(__file__).parent.rglob("*")):
        if fichier.suffix in (".py", ".html") and "__pycache__" not in fichier.parts:
            code.update(f"\0{fichier.name}\0".encode())
            code.update(fichier.read_bytes())
    return code.hexdigest()


def empreinte(parties: object, dossiers: Iterable[Path] = ()) -> str:
    """L'empreinte de `parties` (leur `repr`), puis du chemin et du contenu de chaque fichier des `dossiers` (et de
    l'absence d'un dossier) : le nom d'un fichier gardé."""
    calcul = hashlib.sha256(repr(parties).encode())
    for dossier in dossiers:
        calcul.update(f"\0{dossier}\0{dossier.is_dir()}".encode())
        for fichier in sorted(dossier.rglob("*")) if dossier.is_dir() else []:
            if fichier.is_file():
                calcul.update(f"\0{fichier.relative_to(dossier).as_posix()}\0".encode())
                calcul.update(fichier.read_bytes())
    return calcul.hexdigest()


def ecrire(fichier: Path, contenu: str | bytes) -> None:
    """Garde `contenu` dans `fichier`, écrit à côté puis renommé : deux constructions simultanées ne lisent jamais
    un fichier à moitié écrit. Un dossier en lecture seule n'arrête rien."""
    try:
        fichier.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=fichier.parent, suffix=".tmp", delete=False) as tmp:
            tmp.write(contenu if isinstance(contenu, bytes) else contenu.encode("utf-8"))
        os.replace(tmp.name, fichier)
    except OSError:
        pass


def garder(fichier: Path, fabriquer: Callable[[], str]) -> str:
    """Le texte gardé dans `fichier` (nommé par l'empreinte de ce qui le produit), sinon fabriqué et gardé."""
    if fichier.is_file():
        return fichier.read_bytes().decode("utf-8")  # tel qu'écrit, fins de ligne comprises
    texte = fabriquer()
    ecrire(fichier, texte)
    return texte
