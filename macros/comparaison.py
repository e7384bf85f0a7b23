"""« Ce qui a changé » : les éléments et les chiffres qui diffèrent entre deux états validés de `data/`.

La comparaison est générique : toute liste d'éléments portant un `id` (fiches, sources…) est une collection,
et chaque chiffre vient de `Donnees.chiffres`. Une nouvelle sorte de données est donc couverte d'office.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel

from .donnees import Donnees, parcourir
from .fiches import titre_complet
from .modeles.base import Chiffre
from .modeles.fiches import Fiche
from .rendus import reference_source, valeur_formatee
from .surete import texte_markdown as _md  # un texte de données, affiché tel quel

# Les champs qui nomment un élément pour un lecteur, du plus parlant au moins parlant.
_CHAMPS_NOM = ("titre", "nom", "intitule", "libelle", "document")


@dataclass(frozen=True)
class Element:
    """Un élément d'une collection, tel qu'on le nomme dans la liste des changements."""

    id: str
    nom: str
    champs: tuple[str, ...] = ()  # pour un élément modifié : les champs qui ont changé


@dataclass
class Collection:
    """Les changements d'une collection (par exemple les fiches actions, les sources)."""

    jeu: str  # « objectifs » : data/objectifs.yml (ou le dossier data/objectifs/)
    champ: str | None  # « textes » : le champ qui porte la liste ; None si le jeu est lui-même la liste
    ajouts: list[Element] = field(default_factory=list)
    retraits: list[Element] = field(default_factory=list)
    modifications: list[Element] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.ajouts or self.retraits or self.modifications)

    def intitule(self, noms_des_jeux: dict[str, str] | None = None) -> str:
        """« Textes (Objectifs généraux) » : la liste, et son jeu quand il porte un autre nom.

        `noms_des_jeux` donne le nom lisible d'un jeu (le titre de sa page) ; sinon, le nom du fichier.
        """
        jeu = (noms_des_jeux or {}).get(self.jeu) or _lisible(self.jeu)
        if self.champ is None or self.champ == self.jeu:
            return jeu
        return f"{_lisible(self.champ)} ({jeu})"


@dataclass(frozen=True)
class ValeurChiffre:
    """Un chiffre d'un côté de la comparaison : sa clé, son libellé, sa valeur lisible."""

    cle: str
    libelle: str
    valeur: str


@dataclass
class Changements:
    """Tout ce qui diffère entre deux états des données."""

    collections: list[Collection] = field(default_factory=list)
    chiffres_modifies: list[tuple[ValeurChiffre, ValeurChiffre]] = field(default_factory=list)
    chiffres_ajoutes: list[ValeurChiffre] = field(default_factory=list)
    chiffres_retires: list[ValeurChiffre] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.collections or self.chiffres_modifies or self.chiffres_ajoutes or self.chiffres_retires)


def collections(donnees: Donnees) -> dict[tuple[str, tuple[str, ...]], dict[str, BaseModel]]:
    """Chaque collection d'éléments à `id` : (jeu, chemin sans les rangs) → {id: élément}.

    Un élément contenu dans un autre (une étape dans une fiche) compte dans la modification de son parent,
    pas comme une collection à part ; la racine d'un fichier (data/edition.yml) n'est pas un élément.
    """
    resultat: dict[tuple[str, tuple[str, ...]], dict[str, BaseModel]] = {}
    for nom, jeu in donnees.jeux.items():
        elements: list[tuple] = []
        for chemin, modele in parcourir(jeu):
            identifiant = getattr(modele, "id", None)
            if not chemin or not isinstance(identifiant, str):
                continue
            if any(chemin[: len(parent)] == parent for parent in elements):
                continue
            elements.append(chemin)
            forme = tuple(p for p in chemin[:-1] if isinstance(p, str))
            resultat.setdefault((nom, forme), {})[identifiant] = modele
    return resultat


def comparer(ancien: Donnees, nouveau: Donnees) -> Changements:
    """Les éléments ajoutés, retirés ou modifiés, et les chiffres dont la valeur a changé."""
    changements = Changements()
    avant, apres = collections(ancien), collections(nouveau)
    for cle in sorted(avant.keys() | apres.keys()):
        anciens, nouveaux = avant.get(cle, {}), apres.get(cle, {})
        collection = Collection(cle[0], cle[1][-1] if cle[1] else None)
        collection.ajouts = [_element(nouveaux[i]) for i in nouveaux if i not in anciens]
        collection.retraits = [_element(anciens[i]) for i in anciens if i not in nouveaux]
        for identifiant in nouveaux.keys() & anciens.keys():
            champs = _champs_modifies(anciens[identifiant], nouveaux[identifiant])
            if champs:
                collection.modifications.append(_element(nouveaux[identifiant], champs))
        collection.modifications.sort(key=lambda e: list(nouveaux).index(e.id))
        if collection:
            changements.collections.append(collection)

    chiffres_avant, chiffres_apres = ancien.chiffres, nouveau.chiffres
    for cle, chiffre in chiffres_apres.items():
        if cle not in chiffres_avant:
            changements.chiffres_ajoutes.append(_valeur(cle, chiffre))
        elif _valeur(cle, chiffre).valeur != _valeur(cle, chiffres_avant[cle]).valeur:
            changements.chiffres_modifies.append((_valeur(cle, chiffres_avant[cle]), _valeur(cle, chiffre)))
    changements.chiffres_retires = [
        _valeur(cle, chiffre) for cle, chiffre in chiffres_avant.items() if cle not in chiffres_apres
    ]
    return changements


def _lisible(nom: str) -> str:
    """« feuilles_de_route » → « Feuilles de route »."""
    return nom.replace("_", " ").capitalize()


def _element(modele: BaseModel, champs: tuple[str, ...] = ()) -> Element:
    if isinstance(modele, Fiche):
        return Element(modele.id, titre_complet(modele), champs)
    nom = next((getattr(modele, c) for c in _CHAMPS_NOM if isinstance(getattr(modele, c, None), str)), None)
    return Element(modele.id, nom or modele.id, champs)


def _champs_modifies(ancien: BaseModel, nouveau: BaseModel) -> tuple[str, ...]:
    """Les champs de premier niveau dont le contenu diffère (dans l'ordre du modèle)."""
    avant, apres = ancien.model_dump(), nouveau.model_dump()
    return tuple(c for c in type(nouveau).model_fields if avant.get(c) != apres.get(c))


def _valeur(cle: str, chiffre: Chiffre) -> ValeurChiffre:
    """La valeur telle qu'un lecteur la lit, avec l'année quand elle est connue (« 11,4 % (2023) »)."""
    texte = valeur_formatee(chiffre)
    if chiffre.annee:
        texte += f" ({chiffre.annee})"
    return ValeurChiffre(cle, chiffre.libelle, texte)


# Les champs d'un élément, nommés pour un lecteur (les autres : le nom du champ, « _ » changé en espace).
_CHAMPS_LISIBLES = {
    "avancement": "état d'avancement", "axe": "rattachement", "fonctions": "fonctions visées",
    "format": "nature", "indicateurs": "indicateurs", "liens": "fiches liées", "numero": "numéro",
    "ordre": "ordre de lecture", "responsabilites": "responsabilités", "titre_court": "titre court",
    "annee": "année", "libelle": "libellé", "presentation": "présentation",
}
# Le nom d'une collection quand la navigation n'en donne pas.
_COLLECTIONS_LISIBLES = {"fiches": "Fiches actions"}


def _champ_lisible(champ: str) -> str:
    return _CHAMPS_LISIBLES.get(champ, champ.replace("_", " "))


def en_markdown(changements: Changements, ancienne: str, nouvelle: str,
                noms_des_jeux: dict[str, str] | None = None) -> str:
    """La liste des changements en Markdown, pour un lecteur : chaque chiffre changé avec son libellé (ancienne
    valeur → nouvelle), les éléments ajoutés, retirés ou modifiés par leur nom, sans identifiant interne.

    `ancienne` et `nouvelle` nomment les deux côtés (« Projet associatif 2024–2028 »…).
    """
    if not changements:
        return f"Aucune différence dans les données entre {_md(ancienne)} et {_md(nouvelle)}.\n"
    lignes: list[str] = []
    if changements.chiffres_modifies or changements.chiffres_ajoutes or changements.chiffres_retires:
        lignes += ["## Chiffres", ""]
    if changements.chiffres_modifies:
        lignes += [f"### Chiffres modifiés ({len(changements.chiffres_modifies)})", "",
                   f"De {_md(ancienne)} à {_md(nouvelle)} :", ""]
        lignes += [f"- {_md(apres.libelle)} : {_md(avant.valeur)} → **{_md(apres.valeur)}**"
                   for avant, apres in changements.chiffres_modifies]
        lignes.append("")
    for titre, valeurs in (("Chiffres ajoutés", changements.chiffres_ajoutes),
                           ("Chiffres retirés", changements.chiffres_retires)):
        if valeurs:
            lignes += [f"### {titre} ({len(valeurs)})", ""]
            lignes += [f"- {_md(v.libelle)} : {_md(v.valeur)}" for v in valeurs]
            lignes.append("")
    noms = {**_COLLECTIONS_LISIBLES, **(noms_des_jeux or {})}
    for collection in changements.collections:
        lignes += [f"## {_md(collection.intitule(noms))}", ""]
        for titre, elements in (("Ajouts", collection.ajouts), ("Retraits", collection.retraits),
                                ("Modifications", collection.modifications)):
            if not elements:
                continue
            lignes += [f"### {titre} ({len(elements)})", ""]
            for element in elements:
                ligne = f"- {_md(element.nom)}"
                if element.champs:
                    ligne += " : " + ", ".join(_md(_champ_lisible(c)) for c in element.champs)
                lignes.append(ligne)
            lignes.append("")
    return "\n".join(lignes)


# ── Résultats des indicateurs ─────────────────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class ResultatNouveau:
    """Un résultat d'indicateur publié depuis l'édition précédente (ou dont la valeur a été corrigée)."""

    fiche: str  # « Fiche action 1 : Tenir des permanences… »
    indicateur: str
    valeur: str  # « 120 jeunes en 2025 »
    source: str  # « Rapport d'activité 2025, Mission Locale…, 2026 »
    avant: str | None = None  # la valeur publiée auparavant pour la même période, si elle a été corrigée


def resultats_nouveaux(ancien: Donnees, nouveau: Donnees) -> list[ResultatNouveau]:
    """Les résultats (fiche, indicateur, période) absents de l'édition précédente ou dont la valeur a changé,
    dans l'ordre de lecture des fiches. Un indicateur se reconnaît à son libellé dans sa fiche."""
    from . import fiches as F, resultats as R  # la mise en forme des résultats n'est chargée qu'ici

    def releves(donnees: Donnees) -> dict[tuple, tuple]:
        if "fiches" not in donnees.jeux or "axes" not in donnees.jeux:
            return {}
        return {(fiche.id, indicateur.libelle, mesure.quand): (fiche, indicateur, mesure)
                for fiche in F.fiches_ordonnees(donnees) for indicateur in fiche.indicateurs
                for mesure in indicateur.resultats}

    avant, apres = releves(ancien), releves(nouveau)
    nouveaux = []
    for cle, (fiche, indicateur, mesure) in apres.items():
        precedent = avant.get(cle)
        if precedent is not None and precedent[2].valeur == mesure.valeur:
            continue
        en_mots = R.valeur(mesure, indicateur) + (f"\u00a0{indicateur.mesure}" if indicateur.mesure else "")
        nouveaux.append(ResultatNouveau(
            titre_complet(fiche), indicateur.libelle, f"{en_mots} en {R.quand(mesure)}",
            reference_source(nouveau.source(mesure.source)),
            R.valeur(precedent[2], precedent[1]) if precedent else None))
    return nouveaux


def resultats_en_markdown(nouveaux: list[ResultatNouveau]) -> str:
    """La section « Résultats » de « Ce qui a changé » : chaque résultat nouveau ou corrigé, avec sa source ;
    "" s'il n'y en a pas."""
    if not nouveaux:
        return ""
    lignes = [f"## Résultats des fiches actions ({len(nouveaux)})", ""]
    for r in nouveaux:
        correction = f" (corrigé, auparavant {_md(r.avant)})" if r.avant else ""
        lignes.append(f"- {_md(r.fiche)}, {_md(r.indicateur)} : **{_md(r.valeur)}**{correction} "
                      f"— source : {_md(r.source)}")
    return "\n".join(lignes) + "\n"
