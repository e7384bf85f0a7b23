"""Erreurs destinées aux éditeurs : un message français, un fichier, une ligne, un champ."""
from __future__ import annotations

from mkdocs.exceptions import PluginError


class ErreurDonnees(PluginError):
    """Une erreur dans un fichier de données ou une page, lisible par un éditeur."""

    def __init__(self, fichier: str, ligne: int | None, champ: str | None, message: str):
        self.fichier, self.ligne, self.champ, self.detail = fichier, ligne, champ, message
        super().__init__(self.texte())

    def texte(self) -> str:
        lieu = self.fichier
        if self.ligne:
            lieu += f", ligne {self.ligne}"
        if self.champ:
            lieu += f", champ « {self.champ} »"
        return f"{lieu} : {self.detail}"


class ErreursDonnees(PluginError):
    """Plusieurs erreurs trouvées en une seule lecture des données, chacune sur sa ligne."""

    def __init__(self, erreurs: list[ErreurDonnees]):
        self.erreurs = erreurs
        if len(erreurs) == 1:
            texte = erreurs[0].texte()
        else:
            texte = f"{len(erreurs)} erreurs dans les données :\n" + "\n".join(
                f"  - {e.texte()}" for e in erreurs
            )
        super().__init__(texte)
