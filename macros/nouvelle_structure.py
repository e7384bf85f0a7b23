"""`make nouvelle-structure DOSSIER=exemples/<nom> NOM="Mission Locale de …"` : une structure prête à construire.

Copie exemples/modele/ (la plus petite structure qui se construit) dans DOSSIER et remplace son nom par NOM
partout. Rien n'est écrit si DOSSIER existe déjà ou si un argument manque : un message dit quoi faire.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from .instance import RACINE

MODELE = RACINE / "exemples/modele"
NOM_DU_MODELE = "Mission Locale modèle"
CHEMIN_DU_MODELE = "exemples/modele"
_IGNORES = shutil.ignore_patterns("site", ".site-*", "__pycache__")


class Refus(Exception):
    """Une création impossible, expliquée en français."""


def creer(dossier: Path, nom: str, racine: Path = RACINE) -> Path:
    """Copie le modèle dans `dossier` (relatif à `racine`), au nom de `nom` ; renvoie le dossier créé."""
    nom = " ".join(nom.split())
    if not str(dossier).strip() or not nom:
        raise Refus("il faut un dossier et un nom, par exemple : make nouvelle-structure "
                    'DOSSIER=exemples/vierzon NOM="Mission Locale de Vierzon"')
    cible = (racine / dossier).resolve()
    if cible.exists():
        raise Refus(f"le dossier {dossier} existe déjà : choisissez un autre DOSSIER (rien n'a été écrit).")
    try:
        relatif = cible.relative_to(racine.resolve()).as_posix()
    except ValueError:
        raise Refus(f"le dossier {dossier} doit être dans le dépôt (par exemple exemples/<nom>).") from None
    # Copie à côté, puis renommage : une erreur en chemin ne laisse pas de dossier à moitié écrit.
    cible.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cible.parent) as temporaire:
        copie = Path(temporaire) / "structure"
        shutil.copytree(MODELE, copie, ignore=_IGNORES)
        for fichier in copie.rglob("*"):
            if fichier.suffix in {".yml", ".md"}:
                texte = fichier.read_text(encoding="utf-8")
                texte = texte.replace(NOM_DU_MODELE, nom).replace(CHEMIN_DU_MODELE, relatif)
                fichier.write_text(texte, encoding="utf-8")
        copie.rename(cible)
    return cible


def main(arguments: list[str]) -> int:
    dossier, nom = (arguments + ["", ""])[:2]
    try:
        creer(Path(dossier), nom)
    except Refus as refus:
        print(f"Nouvelle structure : {refus}", file=sys.stderr)
        return 1
    print(f"{nom.strip()} : dossier {dossier} créé à partir de exemples/modele/.")
    print(f"Construire son site et son livret : make build INSTANCE={dossier}")
    print(f"Le voir en direct : make serve INSTANCE={dossier}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
