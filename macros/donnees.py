"""Chargement et validation de `data/` : un fichier par jeu de données, nommé comme la variable des pages."""
from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .modeles import a_propos, base, diagnostic, projet
from .erreurs import ErreurDonnees, ErreursDonnees
from .yaml_lignes import Chemin, chemin_lisible, lire_yaml

T = TypeVar("T")

# Nom de la variable des pages (= nom du fichier data/<nom>.yml) → modèle qui le valide.
SCHEMAS: dict[str, type[base.Modele]] = {
    "sources": base.Sources,
    "structure": diagnostic.Structure,
    "territoire": diagnostic.Territoire,
    "projet": projet.Projet,
    "valeurs": projet.Valeurs,
    "objectifs": projet.Objectifs,
    "historique": projet.Historique,
    "accessibilite": a_propos.Accessibilite,
    "mentions_legales": a_propos.MentionsLegales,
}


@dataclass
class Donnees:
    """Toutes les données validées d'un site, et d'où vient chaque champ."""

    jeux: dict[str, base.Modele]
    lignes: dict[str, dict[Chemin, int]] = field(default_factory=dict)

    @property
    def chiffres(self) -> dict[str, base.Chiffre]:
        """Chaque chiffre publié, sous la clé « jeu.cle » (par exemple « territoire.habitants »)."""
        return {
            f"{nom}.{cle}": chiffre
            for nom, jeu in self.jeux.items()
            for cle, chiffre in (getattr(jeu, "chiffres", None) or {}).items()
        }

    def chiffre(self, cle: str) -> base.Chiffre:
        """Le chiffre de clé « jeu.cle », ou une erreur qui propose les clés les plus proches."""
        chiffres = self.chiffres
        if cle in chiffres:
            return chiffres[cle]
        proches = difflib.get_close_matches(str(cle), chiffres, n=3, cutoff=0.6)
        conseil = (
            "Clés proches : " + ", ".join(proches) + "."
            if proches
            else "Clés existantes : " + ", ".join(sorted(chiffres)) + "."
        )
        raise KeyError(f"chiffre inconnu « {cle} ». {conseil}")

    def source(self, identifiant: str) -> base.Source:
        return next(s for s in self.jeux["sources"].sources if s.id == identifiant)


def charger(dossier: Path, schemas: dict[str, type[base.Modele]] = SCHEMAS) -> Donnees:
    """Lit et valide chaque fichier de `dossier`, puis les identifiants et les renvois entre fichiers."""
    erreurs: list[ErreurDonnees] = []
    donnees = Donnees(jeux={})
    attendus = {f"{nom}.yml" for nom in schemas}
    for fichier in sorted(dossier.glob("*.y*ml")):
        if fichier.name not in attendus:
            erreurs.append(ErreurDonnees(
                _affiche(fichier), None, None,
                "fichier de données inconnu. Fichiers attendus : " + ", ".join(sorted(attendus)) + ".",
            ))
    for nom, schema in schemas.items():
        fichier = dossier / f"{nom}.yml"
        if not fichier.exists():
            erreurs.append(ErreurDonnees(_affiche(fichier), None, None, "fichier de données manquant."))
            continue
        try:
            brut, lignes = lire_yaml(fichier, _affiche(fichier))
            donnees.jeux[nom] = schema.model_validate(brut)
            donnees.lignes[nom] = lignes
        except ErreurDonnees as erreur:
            erreurs.append(erreur)
        except ValidationError as erreur:
            erreurs.extend(_traduire(erreur, schema, _affiche(fichier), lignes))
    if not erreurs:
        erreurs.extend(_verifier_identifiants(donnees, dossier))
        erreurs.extend(_verifier_chiffres_cites(donnees, dossier))
    if erreurs:
        raise ErreursDonnees(erreurs)
    return donnees


def _affiche(fichier: Path) -> str:
    """Le chemin tel que l'éditeur le voit dans le dépôt (data/…)."""
    return f"{fichier.parent.name}/{fichier.name}"


def _ligne(lignes: dict[Chemin, int], chemin: Chemin) -> int | None:
    """La ligne du champ, ou de son parent le plus proche s'il est absent du fichier."""
    while chemin not in lignes and chemin:
        chemin = chemin[:-1]
    return lignes.get(chemin)


def _traduire(erreur: ValidationError, schema: type[BaseModel], fichier: str,
              lignes: dict[Chemin, int]) -> list[ErreurDonnees]:
    """Une erreur pydantic (en anglais) → des messages français, chacun avec sa ligne et son champ."""
    resultat = []
    for detail in erreur.errors(include_url=False):
        chemin = tuple(p for p in detail["loc"] if not (isinstance(p, str) and p.startswith("[")))
        resultat.append(ErreurDonnees(
            fichier, _ligne(lignes, chemin), chemin_lisible(chemin),
            _message(detail, schema, chemin),
        ))
    return sorted(resultat, key=lambda e: e.ligne or 0)


def _message(detail: dict[str, Any], schema: type[BaseModel], chemin: Chemin) -> str:
    genre, ctx, recu = detail["type"], detail.get("ctx", {}), detail.get("input")
    trouve = f" ; trouvé : « {recu} »" if not isinstance(recu, (dict, list)) else ""
    if genre == "missing":
        return "champ obligatoire manquant."
    if genre == "extra_forbidden":
        permis = _champs_permis(schema, chemin[:-1])
        proches = difflib.get_close_matches(str(chemin[-1]), permis, n=1)
        conseil = f" Vouliez-vous écrire « {proches[0]} » ?" if proches else ""
        return f"clé inconnue.{conseil} Clés permises ici : {', '.join(permis)}."
    if genre in {"float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"}:
        return "un nombre est attendu (chiffres seulement, sans espace ni unité, virgule décimale écrite « . »)" + trouve + "."
    if genre in {"string_type"}:
        return "un texte est attendu" + trouve + "."
    if genre in {"date_parsing", "date_type", "date_from_datetime_parsing"}:
        return "une date est attendue sous la forme AAAA-MM-JJ" + trouve + "."
    if genre in {"bool_parsing", "bool_type"}:
        return "« oui » ou « non » (true / false) est attendu" + trouve + "."
    if genre == "literal_error":
        # pydantic écrit « 'a' or 'b' » : on ne garde que les valeurs, séparées à la française.
        permises = ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
        return f"valeur non permise{trouve}. Valeurs permises : {permises}."
    if genre in {"dict_type", "model_type", "model_attributes_type"}:
        return "une liste de champs « clé: valeur » est attendue ici" + trouve + "."
    if genre == "list_type":
        return "une liste (lignes commençant par « - ») est attendue ici" + trouve + "."
    if genre == "string_pattern_mismatch":
        return ("identifiant invalide : lettres minuscules sans accent, chiffres et tirets seulement"
                + trouve + ".")
    if genre in {"too_short", "string_too_short"}:
        return "ce champ ne peut pas être vide."
    if genre in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        borne = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
        sens = "au moins" if genre.startswith("greater") else "au plus"
        return f"la valeur doit être {sens} {borne}{trouve}."
    # Messages écrits en français par nos propres validateurs (PydanticCustomError).
    return detail["msg"].removeprefix("Value error, ") + trouve + "."


def _champs_permis(schema: Any, chemin: Chemin) -> list[str]:
    """Les clés que le modèle accepte à cet endroit du fichier."""
    courant = schema
    for partie in chemin:
        courant = _sous_type(courant, partie)
        if courant is None:
            return []
    return list(courant.model_fields) if _est_modele(courant) else []


def _sous_type(annotation: Any, partie: Any) -> Any:
    annotation = _sans_decoration(annotation)
    if _est_modele(annotation):
        champ = annotation.model_fields.get(partie)
        return champ.annotation if champ else None
    arguments = typing.get_args(annotation)
    origine = typing.get_origin(annotation)
    if origine is dict:
        return arguments[1]
    if origine in (list, tuple):
        return arguments[0]
    return None


def _sans_decoration(annotation: Any) -> Any:
    """Retire Annotated[…] et Optional[…] pour retrouver le type utile."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        arguments = [a for a in typing.get_args(annotation) if a is not type(None)]
        if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(arguments) == 1:
            annotation = arguments[0]
            continue
        return annotation


def _est_modele(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def parcourir(objet: Any, chemin: Chemin = ()) -> typing.Iterator[tuple[Chemin, BaseModel]]:
    """Chaque modèle contenu dans `objet`, avec son chemin dans le fichier."""
    if isinstance(objet, BaseModel):
        yield chemin, objet
        for nom in type(objet).model_fields:
            yield from parcourir(getattr(objet, nom), chemin + (nom,))
    elif isinstance(objet, dict):
        for cle, valeur in objet.items():
            yield from parcourir(valeur, chemin + (cle,))
    elif isinstance(objet, (list, tuple)):
        for i, valeur in enumerate(objet):
            yield from parcourir(valeur, chemin + (i,))


def _marque(info: Any, classe: type[T]) -> T | None:
    """La marque (Reference, CiteChiffres) d'un champ, qu'il contienne une valeur ou une liste de valeurs."""
    marques = list(info.metadata)
    for argument in typing.get_args(info.annotation):
        if typing.get_origin(argument) is typing.Annotated:
            marques.extend(typing.get_args(argument)[1:])
    return next((m for m in marques if isinstance(m, classe)), None)


def _verifier_identifiants(donnees: Donnees, dossier: Path) -> list[ErreurDonnees]:
    """Deux éléments d'un même fichier ne partagent pas un identifiant ; chaque renvoi mène quelque part."""
    erreurs = []
    identifiants: dict[str, set[str]] = {}
    for nom, jeu in donnees.jeux.items():
        vus: dict[tuple[type, str], Chemin] = {}
        for chemin, modele in parcourir(jeu):
            identifiant = getattr(modele, "id", None)
            if not isinstance(identifiant, str):
                continue
            cle = (type(modele), identifiant)
            if cle in vus:
                erreurs.append(ErreurDonnees(
                    _affiche(dossier / f"{nom}.yml"), _ligne(donnees.lignes[nom], chemin + ("id",)),
                    chemin_lisible(chemin + ("id",)),
                    f"l'identifiant « {identifiant} » est déjà utilisé "
                    f"(ligne {_ligne(donnees.lignes[nom], vus[cle] + ('id',))}). Chaque identifiant doit être unique.",
                ))
            vus[cle] = chemin
            identifiants.setdefault(nom, set()).add(identifiant)
    for nom, jeu in donnees.jeux.items():
        for chemin, modele in parcourir(jeu):
            for champ, info in type(modele).model_fields.items():
                reference = _marque(info, base.Reference)
                if reference is None:
                    continue
                valeurs = getattr(modele, champ)
                for i, valeur in enumerate(valeurs if isinstance(valeurs, (list, tuple)) else [valeurs]):
                    if valeur is None or valeur in identifiants.get(reference.collection, set()):
                        continue
                    sous_chemin = chemin + (champ,) + ((i,) if isinstance(valeurs, (list, tuple)) else ())
                    existants = sorted(identifiants.get(reference.collection, set()))
                    proches = difflib.get_close_matches(valeur, existants, n=3)
                    erreurs.append(ErreurDonnees(
                        _affiche(dossier / f"{nom}.yml"), _ligne(donnees.lignes[nom], sous_chemin),
                        chemin_lisible(sous_chemin),
                        f"« {valeur} » ne correspond à aucun identifiant de data/{reference.collection}.yml. "
                        + ("Identifiants proches : " + ", ".join(proches) if proches
                           else "Identifiants existants : " + ", ".join(existants)) + ".",
                    ))
    return erreurs


def _verifier_chiffres_cites(donnees: Donnees, dossier: Path) -> list[ErreurDonnees]:
    """Chaque « {jeu.cle} » d'un texte marqué CiteChiffres nomme un chiffre publié."""
    erreurs = []
    chiffres = donnees.chiffres
    for nom, jeu in donnees.jeux.items():
        for chemin, modele in parcourir(jeu):
            for champ, info in type(modele).model_fields.items():
                texte = getattr(modele, champ)
                if not isinstance(texte, str) or _marque(info, base.CiteChiffres) is None:
                    continue
                for cle in base.CHIFFRE_CITE.findall(texte):
                    if cle in chiffres:
                        continue
                    proches = difflib.get_close_matches(cle, chiffres, n=3, cutoff=0.6)
                    erreurs.append(ErreurDonnees(
                        _affiche(dossier / f"{nom}.yml"), _ligne(donnees.lignes[nom], chemin + (champ,)),
                        chemin_lisible(chemin + (champ,)),
                        f"« {{{cle}}} » ne nomme aucun chiffre publié (la forme attendue est "
                        "{jeu.cle}, par exemple {structure.salaries}). "
                        + ("Clés proches : " + ", ".join(proches) if proches
                           else "Les chiffres sont déclarés sous « chiffres: » dans data/") + ".",
                    ))
    return erreurs
