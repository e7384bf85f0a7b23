"""Chargement et validation de `data/` : un fichier par jeu de données, nommé comme la variable des pages."""
from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .modeles import a_propos, base, charte, diagnostic, graphiques, projet
from .modeles import engagements, evaluation, fiches, forces_faiblesses, strategie
from .modeles.edition import Edition
from .erreurs import ErreurDonnees, ErreursDonnees
from .yaml_lignes import Chemin, chemin_lisible, lire_yaml


class Dossier:
    """Un jeu écrit dans un dossier data/<nom>/, un fichier par élément, chacun validé par `modele`.

    Le jeu est la liste des éléments (dans l'ordre des noms de fichiers) ; l'identifiant de chaque élément
    doit être le nom de son fichier sans « .yml ». Ajouter un élément, c'est ajouter un fichier.
    """

    def __init__(self, modele: type[base.Modele]):
        self.modele = modele


# Nom de la variable des pages (= nom du fichier data/<nom>.yml, ou du dossier data/<nom>/) → modèle.
SCHEMAS: dict[str, type[base.Modele] | Dossier] = {
    "sources": base.Sources,
    "structure": diagnostic.Structure,
    "territoire": diagnostic.Territoire,
    # Le projet, ses valeurs, ses objectifs, son histoire.
    "projet": projet.Projet,
    "valeurs": projet.Valeurs,
    "objectifs": projet.Objectifs,
    "historique": projet.Historique,
    # La charte éthique et l'offre de services.
    "charte": charte.Charte,
    "charte_nationale": charte.CharteNationale,
    "offre_services": charte.OffreServices,
    # Diagnostic, analyse, stratégie, évaluation, engagements (seconde moitié du projet associatif).
    "public": diagnostic.Public,
    "equipe": diagnostic.Equipe,
    "implantations": diagnostic.Implantations,
    "gouvernance": diagnostic.Gouvernance,
    "finances": diagnostic.Finances,
    "offre": diagnostic.Offre,
    "forces_faiblesses": forces_faiblesses.ForcesFaiblesses,
    "strategie": strategie.Strategie,
    "evaluation": evaluation.Evaluation,
    "engagements": engagements.Engagements,
    # Fiches actions : le vocabulaire des fonctions, les axes, puis une fiche par fichier de data/fiches/.
    "fonctions": fiches.Fonctions,
    "axes": fiches.Axes,
    "fiches": Dossier(fiches.Fiche),
    # Les graphiques, dont chaque point renvoie à un chiffre des fichiers ci-dessus.
    "graphiques": graphiques.Graphiques,
    # Pages « À propos » : déclaration d'accessibilité, mentions légales, données personnelles.
    "accessibilite": a_propos.Accessibilite,
    "mentions_legales": a_propos.MentionsLegales,
    # Les sigles des pages, expliqués au survol, dans la page « Sigles » et dans le livret.
    "sigles": a_propos.Sigles,
    # L'édition publiée : titre, période, statut, date d'adoption (pages « Ce qui a changé », bandeaux).
    "edition": Edition,
}

# Fichiers qu'une instance peut ne pas avoir (rien n'est alors ajouté aux pages).
FACULTATIFS = {"sigles"}


@dataclass
class Donnees:
    """Toutes les données validées d'un site, et d'où vient chaque champ."""

    jeux: dict[str, base.Modele | list[base.Modele]]
    lignes: dict[str, dict[Chemin, int]] = field(default_factory=dict)
    # Jeux écrits en dossier : le fichier de chaque élément (data/fiches/x.yml), dans l'ordre de la liste.
    fichiers: dict[str, list[str]] = field(default_factory=dict)

    def lieu(self, nom: str, chemin: Chemin, dossier: str = "data") -> tuple[str, int | None, str]:
        """Le fichier, la ligne et le champ lisible d'un chemin dans le jeu `nom`."""
        ligne = _ligne(self.lignes[nom], chemin)
        if nom in self.fichiers:
            return self.fichiers[nom][chemin[0]], ligne, chemin_lisible(chemin[1:])
        return f"{dossier}/{nom}.yml", ligne, chemin_lisible(chemin)

    def _par_cle(self, champ: str) -> dict[str, Any]:
        """Les éléments du champ `champ` (chiffres, reperes) de chaque jeu, sous la clé « jeu.cle »."""
        return {
            f"{nom}.{cle}": valeur
            for nom, jeu in self.jeux.items()
            for cle, valeur in (getattr(jeu, champ, None) or {}).items()
        }

    @property
    def chiffres(self) -> dict[str, base.Chiffre]:
        """Chaque chiffre publié, sous la clé « jeu.cle » (par exemple « territoire.habitants »)."""
        return self._par_cle("chiffres")

    @property
    def reperes(self) -> dict[str, base.Repere]:
        """Chaque date publiée, sous la clé « jeu.cle » (par exemple « territoire.extension_transports »)."""
        return self._par_cle("reperes")

    def chiffre(self, cle: str) -> base.Chiffre:
        """Le chiffre de clé « jeu.cle », ou une erreur qui propose les clés les plus proches."""
        chiffres = self.chiffres
        if cle in chiffres:
            return chiffres[cle]
        raise KeyError(f"chiffre inconnu « {cle} ». {_conseil(cle, chiffres)}")

    def repere(self, cle: str) -> base.Repere:
        """La date de clé « jeu.cle », ou une erreur qui propose les clés les plus proches."""
        reperes = self.reperes
        if cle in reperes:
            return reperes[cle]
        raise KeyError(f"repère inconnu « {cle} ». {_conseil(cle, reperes)}")

    def source(self, identifiant: str) -> base.Source:
        return next(s for s in self.jeux["sources"].sources if s.id == identifiant)


# Une construction lit data/ trois fois (macros, pages des fiches, livret) : la dernière lecture valide est
# gardée tant qu'aucun fichier du dossier n'a changé (chemin, taille, date de modification à la nanoseconde).
_derniere: tuple[dict, list, Donnees] | None = None


def charger(dossier: Path, schemas: dict[str, type[base.Modele] | Dossier] = SCHEMAS) -> Donnees:
    """Lit et valide chaque fichier de `dossier`, puis les identifiants et les renvois entre fichiers."""
    global _derniere
    empreinte = _empreinte(Path(dossier))
    if _derniere is not None and _derniere[0] is schemas and _derniere[1] == empreinte:
        return _derniere[2]
    donnees = _charger(dossier, schemas)
    _derniere = (schemas, empreinte, donnees)
    return donnees


def _empreinte(dossier: Path) -> list[tuple[str, int, int]]:
    """Chaque fichier du dossier (sous-dossiers compris) : chemin, taille, date de modification."""
    etats = []
    for fichier in sorted(dossier.resolve().rglob("*")):
        etat = fichier.stat()
        etats.append((str(fichier), etat.st_size, etat.st_mtime_ns))
    return etats


def _charger(dossier: Path, schemas: dict[str, type[base.Modele] | Dossier]) -> Donnees:
    erreurs: list[ErreurDonnees] = []
    donnees = Donnees(jeux={})
    attendus = {f"{nom}.yml" for nom, schema in schemas.items() if not isinstance(schema, Dossier)}
    for fichier in sorted(dossier.glob("*.y*ml")):
        if fichier.name not in attendus:
            erreurs.append(ErreurDonnees(
                _affiche(fichier, dossier), None, None,
                "fichier de données inconnu. Fichiers attendus : " + ", ".join(sorted(attendus)) + ".",
            ))
    for nom, schema in schemas.items():
        if isinstance(schema, Dossier):
            erreurs.extend(_charger_dossier(donnees, nom, schema.modele, dossier))
            continue
        fichier = dossier / f"{nom}.yml"
        if not fichier.exists() and nom in FACULTATIFS:
            continue
        if not fichier.exists():
            erreurs.append(ErreurDonnees(_affiche(fichier, dossier), None, None, "fichier de données manquant."))
            continue
        try:
            donnees.jeux[nom], donnees.lignes[nom] = _lire(fichier, schema, _affiche(fichier, dossier))
        except ErreursDonnees as erreur:
            erreurs.extend(erreur.erreurs)
    if not erreurs:
        erreurs.extend(_verifier_identifiants(donnees, dossier))
        erreurs.extend(_verifier_citations(donnees, dossier))
        erreurs.extend(_verifier_renvois_de_chiffres(donnees, dossier))
    if not erreurs:
        erreurs.extend(_controles_des_modeles(donnees, dossier))
    if erreurs:
        raise ErreursDonnees(erreurs)
    return donnees


def _lire(fichier: Path, schema: type[base.Modele], affiche: str) -> tuple[base.Modele, dict[Chemin, int]]:
    """Un fichier validé par son modèle, et la ligne de chacun de ses champs."""
    try:
        brut, lignes = lire_yaml(fichier, affiche)
    except ErreurDonnees as erreur:
        raise ErreursDonnees([erreur]) from None
    try:
        return schema.model_validate(brut), lignes
    except ValidationError as erreur:
        raise ErreursDonnees(_traduire(erreur, schema, affiche, lignes)) from None


def _charger_dossier(donnees: Donnees, nom: str, modele: type[base.Modele], dossier: Path) -> list[ErreurDonnees]:
    """Les fichiers de data/<nom>/ forment une liste ; chacun s'appelle comme l'identifiant qu'il porte."""
    sous_dossier = dossier / nom
    if not sous_dossier.is_dir():
        return [ErreurDonnees(f"{_affiche(sous_dossier, dossier)}/", None, None,
                              "dossier de données manquant (un fichier .yml par élément).")]
    erreurs: list[ErreurDonnees] = []
    elements, lignes, fichiers = [], {}, []
    # Tous les fichiers, même ceux qui ont une erreur : on nomme le fichier dont un identifiant est la copie.
    noms = {f.stem: _affiche(f, dossier) for f in sous_dossier.glob("*.yml")}
    for fichier in sorted(sous_dossier.iterdir()):
        affiche = _affiche(fichier, dossier)
        if fichier.name.startswith("."):
            continue  # fichiers cachés des éditeurs et du système (.DS_Store, sauvegardes)
        if fichier.suffix != ".yml" or not fichier.is_file():
            conseil = f" Renommez-le « {fichier.stem}.yml »." if fichier.suffix == ".yaml" else ""
            erreurs.append(ErreurDonnees(affiche, None, None, f"seuls des fichiers « .yml » sont permis dans "
                                         f"{_affiche(sous_dossier, dossier)}/, un par élément.{conseil}"))
            continue
        try:
            element, lignes_fichier = _lire(fichier, modele, affiche)
        except ErreursDonnees as erreur:
            erreurs.extend(erreur.erreurs)
            continue
        lignes.update({(len(elements), *chemin): ligne for chemin, ligne in lignes_fichier.items()})
        elements.append(element)
        fichiers.append(affiche)
    donnees.jeux[nom], donnees.lignes[nom], donnees.fichiers[nom] = elements, lignes, fichiers
    return erreurs + _verifier_noms_de_fichiers(donnees, nom, noms)


def _verifier_noms_de_fichiers(donnees: Donnees, nom: str, fichier_de: dict[str, str]) -> list[ErreurDonnees]:
    """L'identifiant d'un élément est le nom de son fichier : deux fichiers ne peuvent donc pas le partager."""
    erreurs = []
    for i, element in enumerate(donnees.jeux[nom]):
        fichier = donnees.fichiers[nom][i]
        attendu = Path(fichier).stem
        if element.id == attendu:
            continue
        _, ligne, champ = donnees.lieu(nom, (i, "id"))
        if element.id in fichier_de:
            message = (f"l'identifiant « {element.id} » est déjà utilisé par {fichier_de[element.id]}. "
                       f"Chaque élément a son propre identifiant, qui est aussi le nom de son fichier : "
                       f"écrivez « id: {attendu} » (ou renommez ce fichier).")
        else:
            message = (f"l'identifiant doit être le nom du fichier sans « .yml » : écrivez « id: {attendu} », "
                       f"ou renommez le fichier « {element.id}.yml ».")
        erreurs.append(ErreurDonnees(fichier, ligne, champ, message + f" Trouvé : « {element.id} »."))
    return erreurs


def _affiche(fichier: Path, dossier: Path) -> str:
    """Le chemin tel que l'éditeur le voit dans le dépôt (data/…, data/fiches/…)."""
    return f"{dossier.name}/{fichier.relative_to(dossier).as_posix()}"


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
        # pydantic écrit « 'a', 'b' or 'c' » : on ne garde que les valeurs, séparées à la française.
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
    if genre == "string_too_long":
        return f"texte trop long : {ctx.get('max_length')} caractères au plus."
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


def marque_du_champ(info: Any, marque: type = base.Reference) -> Any:
    """La marque (Reference…) d'un champ, qu'il contienne une valeur ou une liste de valeurs."""
    marques = list(info.metadata)
    for argument in typing.get_args(info.annotation):
        if typing.get_origin(argument) is typing.Annotated:
            marques.extend(typing.get_args(argument)[1:])
    return next((m for m in marques if isinstance(m, marque)), None)


def _verifier_identifiants(donnees: Donnees, dossier: Path) -> list[ErreurDonnees]:
    """Deux éléments d'un même jeu ne partagent pas un identifiant ; chaque renvoi mène quelque part."""
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
                fichier, ligne, champ = donnees.lieu(nom, chemin + ("id",), dossier.name)
                autre_fichier, autre_ligne, _ = donnees.lieu(nom, vus[cle] + ("id",), dossier.name)
                ailleurs = f"{autre_fichier}, " if autre_fichier != fichier else ""
                erreurs.append(ErreurDonnees(
                    fichier, ligne, champ,
                    f"l'identifiant « {identifiant} » est déjà utilisé ({ailleurs}ligne {autre_ligne}). "
                    "Chaque identifiant doit être unique.",
                ))
            vus[cle] = chemin
            identifiants.setdefault(nom, set()).add(identifiant)
    for nom, jeu in donnees.jeux.items():
        for chemin, modele in parcourir(jeu):
            for champ, info in type(modele).model_fields.items():
                reference = marque_du_champ(info)
                if reference is None:
                    continue
                valeurs = getattr(modele, champ)
                for i, valeur in enumerate(valeurs if isinstance(valeurs, (list, tuple)) else [valeurs]):
                    if valeur is None or valeur in identifiants.get(reference.collection, set()):
                        continue
                    sous_chemin = chemin + (champ,) + ((i,) if isinstance(valeurs, (list, tuple)) else ())
                    existants = sorted(identifiants.get(reference.collection, set()))
                    proches = difflib.get_close_matches(valeur, existants, n=3)
                    cible = (f"{dossier.name}/{reference.collection}/" if reference.collection in donnees.fichiers
                             else f"{dossier.name}/{reference.collection}.yml")
                    erreurs.append(ErreurDonnees(
                        *donnees.lieu(nom, sous_chemin, dossier.name),
                        f"« {valeur} » ne correspond à aucun identifiant de {cible}. "
                        + ("Identifiants proches : " + ", ".join(proches) if proches
                           else "Identifiants existants : " + (", ".join(existants) or "aucun")) + ".",
                    ))
    return erreurs


def _conseil(cle: str, existantes: typing.Iterable[str]) -> str:
    """« Clés proches : … » si une clé ressemble à celle qui est demandée, sinon toutes les clés."""
    proches = difflib.get_close_matches(str(cle), list(existantes), n=3, cutoff=0.6)
    if proches:
        return "Clés proches : " + ", ".join(proches) + "."
    return "Clés existantes : " + ", ".join(sorted(existantes)) + "."


def _verifier_citations(donnees: Donnees, dossier: Path) -> list[ErreurDonnees]:
    """Chaque « {jeu.cle} » d'un texte qui cite des chiffres désigne un chiffre ou un repère de data/."""
    citables = {**donnees.chiffres, **donnees.reperes}
    erreurs = []
    for nom, jeu in donnees.jeux.items():
        for chemin, modele in parcourir(jeu):
            for champ, info in type(modele).model_fields.items():
                if marque_du_champ(info, base.CiteDesChiffres) is None:
                    continue
                valeurs = getattr(modele, champ)
                liste = isinstance(valeurs, (list, tuple))
                for i, texte in enumerate(valeurs if liste else [valeurs]):
                    for cle in base.CITATION.findall(texte or ""):
                        if cle in citables:
                            continue
                        sous_chemin = chemin + (champ,) + ((i,) if liste else ())
                        erreurs.append(ErreurDonnees(
                            *donnees.lieu(nom, sous_chemin, dossier.name),
                            f"« {{{cle}}} » ne désigne aucun chiffre ni repère de data/. {_conseil(cle, citables)}",
                        ))
    return erreurs


def _verifier_renvois_de_chiffres(donnees: Donnees, dossier: Path) -> list[ErreurDonnees]:
    """Chaque champ marqué RenvoiChiffre nomme un chiffre qui existe (sinon : les clés les plus proches)."""
    erreurs = []
    for nom, jeu in donnees.jeux.items():
        for chemin, modele in parcourir(jeu):
            for champ, info in type(modele).model_fields.items():
                cle = getattr(modele, champ)
                if marque_du_champ(info, base.RenvoiChiffre) is None or cle is None:
                    continue
                try:
                    donnees.chiffre(cle)
                except KeyError as erreur:
                    erreurs.append(ErreurDonnees(*donnees.lieu(nom, chemin + (champ,), dossier.name),
                                                 erreur.args[0]))
    return erreurs


def _controles_des_modeles(donnees: Donnees, dossier: Path) -> list[ErreurDonnees]:
    """Les règles qu'un jeu vérifie lui-même avec les chiffres des autres fichiers (méthode `controler`)."""
    erreurs = []
    for nom, jeu in donnees.jeux.items():
        for chemin, message in getattr(jeu, "controler", lambda _: [])(donnees.chiffres):
            erreurs.append(ErreurDonnees(*donnees.lieu(nom, chemin, dossier.name), message + "."))
    return erreurs
