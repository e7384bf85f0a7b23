"""Contacts : les lieux d'accueil et leurs coordonnées (page « Nous trouver »), l'éditeur des mentions légales.

Rien n'est inventé : un champ que les données n'ont pas s'affiche « à compléter » dans la version de travail,
et disparaît d'une édition adoptée ; une édition adoptée dont les mentions légales sont incomplètes n'est pas
construite (la loi les exige), avec un message qui nomme le fichier, la ligne et le champ.
"""
from __future__ import annotations

from . import notes
from .donnees import Donnees
from .erreurs import ErreurDonnees, ErreursDonnees
from .gabarits_jinja import environnement
from .modeles.diagnostic import Lieu

A_COMPLETER = "à compléter"

# Les coordonnées d'un lieu, dans l'ordre de la page : champ du modèle → intitulé lu.
RUBRIQUES = {
    "adresse": "Adresse",
    "telephone": "Téléphone",
    "courriel": "Courriel",
    "horaires": "Horaires",
    "accessibilite": "Accessibilité",
}


def _gabarit():
    """Le gabarit des contacts, avec la marque d'un champ manquant : une note aux éditeurs, visible seulement sur
    le site de la version de travail (macros/notes.py)."""
    return environnement().get_template("contacts.html").make_module(
        {"classe_note": notes.CLASSE, "a_completer_texte": A_COMPLETER})


def valeur_ou_a_completer(valeur: str | None, brouillon: bool) -> str:
    """La valeur échappée ; sinon « à compléter » (version de travail) ou rien (édition adoptée)."""
    return str(_gabarit().valeur_ou_a_completer(valeur, brouillon))


def siege(donnees: Donnees) -> Lieu:
    """Le lieu que data/mentions_legales.yml désigne comme siège de l'éditeur."""
    identifiant = donnees.jeux["mentions_legales"].siege
    lieu = next((l for l in donnees.jeux["implantations"].lieux if l.id == identifiant), None)
    if lieu is None:
        fichier, ligne, champ = donnees.lieu("mentions_legales", ("siege",))
        connus = ", ".join(l.id for l in donnees.jeux["implantations"].lieux)
        raise ErreurDonnees(fichier, ligne, champ, f"lieu inconnu « {identifiant} » : c'est l'identifiant d'un lieu "
                                                   f"de data/implantations.yml ({connus}).")
    return lieu


def lieux_html(donnees: Donnees, brouillon: bool) -> str:
    """Chaque lieu d'accueil, avec ce qu'on sait de ses coordonnées (page « Nous trouver »)."""
    lieux = [{
        "id": lieu.id, "nom": lieu.nom, "role": lieu.role_lisible,
        "precision": lieu.precision[:1].upper() + lieu.precision[1:] if lieu.precision else None,
        # Sans valeur, l'intitulé part avec la note (PDF) : pas de « Téléphone » sans numéro.
        "lignes": [(rubrique, intitule, getattr(lieu, rubrique)) for rubrique, intitule in RUBRIQUES.items()
                   if getattr(lieu, rubrique) or brouillon],
    } for lieu in donnees.jeux["implantations"].lieux]
    return str(_gabarit().lieux_d_accueil(lieux))


def mentions_manquantes(donnees: Donnees) -> list[ErreurDonnees]:
    """Ce que la loi demande aux mentions légales et que les données n'ont pas encore, champ par champ."""
    mentions = donnees.jeux["mentions_legales"]
    lieu = siege(donnees)
    index = next(i for i, l in enumerate(donnees.jeux["implantations"].lieux) if l.id == lieu.id)
    manques = []
    for present, jeu, chemin, quoi in [
        (mentions.directeur_publication.nom, "mentions_legales", ("directeur_publication", "nom"),
         "le nom du directeur ou de la directrice de la publication"),
        (mentions.hebergeur.telephone, "mentions_legales", ("hebergeur", "telephone"),
         "le téléphone de l'hébergeur"),
        (lieu.adresse, "implantations", ("lieux", index, "adresse"), f"l'adresse du siège ({lieu.nom})"),
        (lieu.telephone, "implantations", ("lieux", index, "telephone"), f"le téléphone du siège ({lieu.nom})"),
    ]:
        if not present:
            fichier, ligne, champ = donnees.lieu(jeu, chemin)
            manques.append(ErreurDonnees(fichier, ligne, champ, f"{A_COMPLETER} : {quoi} manque aux mentions légales."))
    return manques


def exiger_des_mentions_completes(donnees: Donnees, brouillon: bool) -> None:
    """Une édition adoptée ne se construit pas avec des mentions légales incomplètes (la loi les exige)."""
    if "mentions_legales" not in donnees.jeux:
        if brouillon:
            return
        raise ErreursDonnees([ErreurDonnees(
            "data/mentions_legales.yml", None, None, "fichier manquant : une édition adoptée ne se publie pas sans "
            "mentions légales (éditeur, siège, directeur de la publication, hébergeur). Écrire ce fichier.")])
    manques = mentions_manquantes(donnees)
    if brouillon or not manques:
        return
    for erreur in manques:
        erreur.detail += " Une édition adoptée ne se publie pas sans mentions légales complètes : écrire ce champ."
    raise ErreursDonnees([ErreurDonnees(e.fichier, e.ligne, e.champ, e.detail) for e in manques])
