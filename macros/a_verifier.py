"""Les chiffres marqués « a_verifier » : montrés comme tels dans la version de travail, refusés dans une édition
adoptée (une édition adoptée ne change plus : elle ne publie pas un chiffre dont on doute)."""
from __future__ import annotations

from .donnees import Donnees
from .erreurs import ErreurDonnees, ErreursDonnees


def chiffres_a_verifier(donnees: Donnees) -> list[str]:
    """Les clés « jeu.cle » des chiffres marqués à vérifier."""
    return [cle for cle, chiffre in donnees.chiffres.items() if chiffre.a_verifier]


def refuser_dans_une_edition_adoptee(donnees: Donnees, version_de_travail: bool) -> None:
    """Dans une édition adoptée, chaque chiffre encore « a_verifier » arrête la construction (fichier, ligne)."""
    if version_de_travail:
        return
    erreurs = []
    for cle in chiffres_a_verifier(donnees):
        jeu, nom = cle.split(".", 1)
        fichier, ligne, champ = donnees.lieu(jeu, ("chiffres", nom, "a_verifier"))
        erreurs.append(ErreurDonnees(
            fichier, ligne, champ,
            "ce chiffre est marqué à vérifier, et une édition adoptée ne publie pas de chiffre douteux. "
            "Vérifiez-le dans sa source, corrigez « valeur » s'il le faut, puis supprimez la ligne "
            "« a_verifier » ; ou remettez « statut: brouillon » dans data/edition.yml.",
        ))
    if erreurs:
        raise ErreursDonnees(erreurs)
