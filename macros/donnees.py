"""Chargement et validation de `data/` : un fichier par jeu de données, nommé comme la variable des pages."""
from __future__ import annotations

import difflib
import functools
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .modeles import a_propos, activite, base, charte, diagnostic, graphiques, projet
from .modeles import fiches, strategie
from .modeles.edition import Edition
from . import chemins
from .erreurs import ErreurDonnees, ErreursDonnees
from .fiches import numeroter as numeroter_les_fiches
from .entetes import decouper, lire_page, lire_yaml_d_entete
from .garde import verifier_arborescence
from .yaml_lignes import Chemin, chemin_lisible, conseil_texte_lu_comme_cle, lire_yaml


class Dossier:
    """Un jeu écrit dans un dossier, un fichier par élément, chacun validé par `modele`.

    Le jeu est la liste des éléments (dans l'ordre des noms de fichiers) ; l'identifiant de chaque élément
    doit être le nom de son fichier sans extension. Ajouter un élément, c'est ajouter un fichier.
    Par défaut, des fichiers data/<nom>/<id>.yml ; avec `pages`, des pages Markdown `pages`/<id>.md (chemin
    depuis la racine du projet) dont l'en-tête est validé par `modele` et dont le corps est le texte, sauf
    les pages nommées dans `exclues`.
    """

    def __init__(self, modele: type[base.Modele], pages: str | None = None, exclues: tuple[str, ...] = ()):
        self.modele, self.pages, self.exclues = modele, pages, exclues

    def emplacement(self, nom: str, dossier: Path) -> Path:
        """Le dossier des fichiers, pour le jeu `nom` du dossier de données `dossier`."""
        return dossier.parent / self.pages if self.pages else dossier / nom


# Nom de la variable des pages (= nom du fichier data/<nom>.yml, ou du dossier data/<nom>/) → modèle.
SCHEMAS: dict[str, type[base.Modele] | Dossier] = {
    "sources": base.Sources,
    "structure": diagnostic.Structure,
    "territoire": diagnostic.Territoire,
    # Le projet : les textes fondateurs du réseau et son histoire (les phrases sont dans docs/).
    "objectifs": projet.Objectifs,
    "historique": projet.Historique,
    # La Charte nationale de 1990 (sa date, sa devise ; la charte éthique elle-même est docs/charte.md).
    "charte_nationale": charte.CharteNationale,
    # Diagnostic et stratégie : les chiffres, les lieux, les mandats, les rapprochements de la stratégie.
    "public": diagnostic.Public,
    "equipe": diagnostic.Equipe,
    "implantations": diagnostic.Implantations,
    "gouvernance": diagnostic.Gouvernance,
    "finances": diagnostic.Finances,
    "offre": diagnostic.Offre,
    # Les chiffres qui n'entrent dans aucun autre fichier (une enquête, des partenaires interrogés), et des tableaux.
    "chiffres": diagnostic.Chiffres,
    "strategie": strategie.Strategie,
    # Fiches actions : le vocabulaire des fonctions, les axes, puis une fiche par page docs/fiches-actions/<id>.md.
    "fonctions": fiches.Fonctions,
    "axes": fiches.Axes,
    "fiches": Dossier(fiches.Fiche, pages="docs/fiches-actions", exclues=fiches.IDENTIFIANTS_RESERVES),
    # Les chiffres d'activité année par année (jeunes accompagnés, entretiens…), chacun avec sa source.
    "activite": activite.Activite,
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


# La couche du réseau : ce que toutes les Missions Locales partagent (Charte nationale, textes fondateurs,
# fonctions du cadre commun, événements nationaux de la frise, documents qui les sourcent), écrit une fois dans
# reseau/<jeu>.yml et lu avec les données de chaque structure. Une structure y ajoute ses propres éléments dans
# data/<jeu>.yml ; pour remplacer un élément du réseau, elle écrit le même « id » avec « remplace: true » (un
# champ entier, simple ou liste : « remplace: [champ] » en tête du fichier). Voir ARCHITECTURE.md, « Le réseau ».
RESEAU = chemins.RESEAU

# Les seuls jeux qu'une structure doit écrire : qui elle est, ses sources, l'édition publiée. Un autre jeu dont le
# fichier manque est absent (une page qui le cite arrête la construction : macros/erreurs_pages.py).
OBLIGATOIRES = frozenset({"structure", "sources", "edition"})


class Jeux(dict):
    """Les jeux par nom ; pendant le rendu d'une page (`lus` ouvert), retient ceux qu'on y lit."""

    lus: set[str] | None = None

    def noter(self, nom: str) -> None:
        if self.lus is not None and nom in self:
            self.lus.add(nom)

    def sans_suivi(self, nom: str):
        """Le jeu, sans le compter comme lu (une recherche qui n'en montre qu'un élément, noté à part)."""
        return super().__getitem__(nom)

    def __getitem__(self, nom: str):
        self.noter(nom)
        return super().__getitem__(nom)

    def get(self, nom: str, defaut=None):
        self.noter(nom)
        return super().get(nom, defaut)


@dataclass
class Donnees:
    """Toutes les données validées d'un site, et d'où vient chaque champ."""

    jeux: Jeux
    lignes: dict[str, dict[Chemin, int]] = field(default_factory=dict)
    # Jeux écrits en dossier : le fichier de chaque élément (docs/fiches-actions/x.md), dans l'ordre de la liste.
    fichiers: dict[str, list[str]] = field(default_factory=dict)
    _fichier_de: dict[int, str] | None = field(default=None, repr=False, compare=False)
    # Chiffres calculés d'un élément validé (le résultat d'un indicateur de fiche) : un seul par élément, gardé
    # avec lui (son identité ne resservira pas) et avec le fichier où le corriger. Clé : id de l'élément.
    _derives: dict[int, tuple[Any, base.Chiffre, str]] = field(default_factory=dict, repr=False, compare=False)
    # Jeux lus du réseau (reseau/<jeu>.yml), seuls ou avec le fichier de la structure : pour chaque partie du
    # jeu, (chemin dans le jeu, fichier affiché, lignes de ce fichier, chemin dans ce fichier), la plus précise
    # d'abord. Un message d'erreur nomme ainsi le fichier où l'élément est écrit.
    origines: dict[str, list[tuple[Chemin, str, dict[Chemin, int], Chemin]]] = field(default_factory=dict)
    # Le relevé des sources de la page en cours de rendu (macros/sources_page.py), ouvert et fermé par les macros
    # (macros/__init__.py) ; None hors d'une page : un chiffre n'y prend pas de numéro.
    releve: Any = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.jeux, Jeux):
            self.jeux = Jeux(self.jeux)

    def __repr__(self) -> str:
        # Court : mkdocs-macros écrit chaque variable des pages dans son journal de débogage (même éteint) ; le
        # détail des lignes et des origines y coûtait une seconde par construction.
        return f"Donnees({', '.join(self.jeux)})"

    def lieu(self, nom: str, chemin: Chemin, dossier: str = "data") -> tuple[str, int | None, str]:
        """Le fichier, la ligne et le champ lisible d'un chemin dans le jeu `nom`."""
        for debut, fichier, lignes, local in self.origines.get(nom, []):
            if tuple(chemin[:len(debut)]) == debut:
                reste = local + tuple(chemin[len(debut):])
                return fichier, _ligne(lignes, reste), chemin_lisible(reste)
        ligne = _ligne(self.lignes[nom], chemin)
        if nom in self.fichiers:
            return self.fichiers[nom][chemin[0]], ligne, chemin_lisible(chemin[1:])
        return f"{dossier}/{nom}.yml", ligne, chemin_lisible(chemin)

    def fichiers_du_jeu(self, nom: str, dossier: str = "data") -> list[str]:
        """Les fichiers (depuis la racine du projet) qui écrivent le jeu `nom`."""
        if nom in self.origines:
            return list(dict.fromkeys(fichier for _, fichier, _, _ in reversed(self.origines[nom])))
        return list(self.fichiers[nom]) if nom in self.fichiers else [f"{dossier}/{nom}.yml"]

    def suivre_les_lectures(self) -> None:
        """Au début d'une page : chaque jeu lu à partir de maintenant est retenu (voir `fichiers_lus`)."""
        self.jeux.lus = set()

    def noter_fichier(self, chemin: str) -> None:
        """Retient un seul fichier lu (l'élément d'un jeu en dossier : une fiche), si le suivi est ouvert."""
        if self.jeux.lus is not None:
            self.jeux.lus.add(("fichier", chemin))

    def fichiers_lus(self) -> list[str]:
        """À la fin d'une page : les fichiers des jeux lus depuis `suivre_les_lectures`, et l'arrêt du suivi."""
        lus, self.jeux.lus = self.jeux.lus or set(), None
        return sorted({f for nom in lus
                       for f in ([nom[1]] if isinstance(nom, tuple) else self.fichiers_du_jeu(nom))})

    def fichier_de(self, element: base.Chiffre | base.Repere | base.TableauDeChiffres) -> str | None:
        """Le fichier de données où s'écrit ce chiffre ou cette date (None s'il n'en vient pas)."""
        if self._fichier_de is None:
            self._fichier_de = {
                id(valeur): self.lieu(nom, (champ, cle))[0] for nom, jeu in dict.items(self.jeux)
                for champ in ("chiffres", "reperes", "tableaux")
                for cle, valeur in (getattr(jeu, champ, None) or {}).items()}
        if id(element) in self._fichier_de:
            return self._fichier_de[id(element)]
        return next((f for _, chiffre, f in self._derives.values() if chiffre is element), None)

    def chiffre_derive(self, origine: BaseModel, fabriquer: typing.Callable[[], base.Chiffre],
                       fichier: str) -> base.Chiffre:
        """Le chiffre calculé de `origine` (fabriqué au premier appel, le même ensuite) ; la liste « Sources »
        d'une page le rattache à `fichier`, où l'éditeur le corrige."""
        if id(origine) not in self._derives:
            self._derives[id(origine)] = (origine, fabriquer(), fichier)
        return self._derives[id(origine)][1]

    def _par_cle(self, champ: str) -> dict[str, Any]:
        """Les éléments du champ `champ` (chiffres, reperes) de chaque jeu, sous la clé « jeu.cle »."""
        return {
            f"{nom}.{cle}": valeur
            for nom, jeu in self.jeux.items()
            for cle, valeur in (getattr(jeu, champ, None) or {}).items()
        }

    def _noter(self, cle: str, elements: dict[str, Any]) -> Any:
        """L'élément de clé « jeu.cle » ; son jeu est noté parmi ceux que la page a lus (`jeux.noter`)."""
        self.jeux.noter(cle.split(".", 1)[0])
        return elements[cle]

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
            return self._noter(cle, chiffres)
        jeu = cle.partition(".")[0]
        if jeu in SCHEMAS and jeu not in self.jeux:
            raise KeyError(f"le chiffre « {cle} » vient du jeu de données « {jeu} », absent de cette structure "
                           f"(pas de fichier data/{jeu}.yml).")
        raise KeyError(f"chiffre inconnu « {cle} ». {_conseil(cle, chiffres)}")

    @property
    def tableaux(self) -> dict[str, base.TableauDeChiffres]:
        """Chaque tableau de chiffres, sous la clé « jeu.cle » (par exemple « finances.produits_2019 »)."""
        return self._par_cle("tableaux")

    def tableau(self, cle: str) -> base.TableauDeChiffres:
        """Le tableau de clé « jeu.cle », ou une erreur qui propose les clés les plus proches."""
        tableaux = self.tableaux
        if cle in tableaux:
            return self._noter(cle, tableaux)
        raise KeyError(f"tableau inconnu « {cle} ». "
                       + (_conseil(cle, tableaux) if tableaux else "Aucun tableau (« tableaux: ») dans data/."))

    def repere(self, cle: str) -> base.Repere:
        """La date de clé « jeu.cle », ou une erreur qui propose les clés les plus proches."""
        reperes = self.reperes
        if cle in reperes:
            return self._noter(cle, reperes)
        raise KeyError(f"repère inconnu « {cle} ». {_conseil(cle, reperes)}")

    def absents(self, schemas: typing.Iterable[str] = SCHEMAS) -> list[str]:
        """Les jeux connus du moteur que cette structure n'a pas écrits (fichier absent de data/)."""
        return [nom for nom in schemas if nom not in self.jeux]

    def source(self, identifiant: str) -> base.Source:
        return next(s for s in self.jeux["sources"].sources if s.id == identifiant)


def charger(dossier: Path, schemas: dict[str, type[base.Modele] | Dossier] = SCHEMAS,
            reseau: Path | None = RESEAU) -> Donnees:
    """Lit et valide chaque fichier de `dossier` (avec ceux du réseau, `reseau`), puis les identifiants et les
    renvois entre fichiers. Une construction les lit une fois (macros/contexte.py)."""
    pages = [s.emplacement("", Path(dossier)) for s in schemas.values() if isinstance(s, Dossier) and s.pages]
    try:  # avant toute lecture : un lien symbolique cassé la ferait échouer sans message
        for lu in (Path(dossier), *pages):  # data/ et les dossiers de pages qui sont des données (fiches)
            verifier_arborescence(lu, Path(dossier).parent)
    except ErreurDonnees as erreur:
        raise ErreursDonnees([erreur]) from None
    return _charger(dossier, schemas, reseau)


def _charger(dossier: Path, schemas: dict[str, type[base.Modele] | Dossier], reseau: Path | None = None) -> Donnees:
    erreurs: list[ErreurDonnees] = []
    donnees = Donnees(jeux=Jeux())
    attendus = {f"{nom}.yml" for nom, schema in schemas.items() if not isinstance(schema, Dossier)}
    for fichier in sorted(dossier.glob("*.y*ml")):
        if fichier.name not in attendus:
            erreurs.append(ErreurDonnees(
                _affiche(fichier, dossier), None, None,
                "fichier de données inconnu. Fichiers attendus : " + ", ".join(sorted(attendus)) + ".",
            ))
    erreurs.extend(_sous_dossiers_inconnus(dossier, schemas))
    for nom, schema in schemas.items():
        if isinstance(schema, Dossier):
            if schema.emplacement(nom, dossier).exists() or nom in OBLIGATOIRES:
                erreurs.extend(_charger_dossier(donnees, nom, schema, dossier))
            continue
        fichier = dossier / f"{nom}.yml"
        commun = reseau / f"{nom}.yml" if reseau is not None else None
        if commun is not None and commun.exists() and (fichier.exists() or nom not in OBLIGATOIRES):
            erreurs.extend(_charger_avec_reseau(donnees, nom, schema, commun, fichier, dossier))
            continue
        if not fichier.exists() and nom not in OBLIGATOIRES:
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
    if "fiches" in donnees.jeux:
        numeroter_les_fiches(donnees)
    return donnees


def _charger_avec_reseau(donnees: Donnees, nom: str, schema: type[base.Modele], commun: Path, fichier: Path,
                         dossier: Path) -> list[ErreurDonnees]:
    """Le jeu `nom` du réseau (reseau/<nom>.yml), complété ou corrigé par celui de la structure s'il existe."""
    affiche_commun = f"{commun.parent.name}/{commun.name}"
    try:
        jeu_commun, lignes_commun = _lire(commun, schema, affiche_commun)
        propre = lignes_propre = None
        marques: tuple[set[str], dict[str, set[str]]] = (set(), {})
        if fichier.exists():
            propre, lignes_propre = _lire(fichier, schema, _affiche(fichier, dossier), marques=marques)
    except ErreursDonnees as erreur:
        return erreur.erreurs
    if propre is None:
        donnees.jeux[nom], donnees.lignes[nom] = jeu_commun, lignes_commun
        donnees.origines[nom] = [((), affiche_commun, lignes_commun, ())]
        return []
    return _fusionner(donnees, nom, (jeu_commun, affiche_commun, lignes_commun),
                      (propre, _affiche(fichier, dossier), lignes_propre), marques)


def _fusionner(donnees: Donnees, nom: str, commun: tuple, propre: tuple,
               marques: tuple[set[str], dict[str, set[str]]]) -> list[ErreurDonnees]:
    """Le jeu du réseau, avec les ajouts de la structure et les éléments qu'elle déclare remplacer.

    Liste d'éléments à « id » : un « id » déjà dans le réseau demande « remplace: true » ; les autres s'ajoutent.
    Liste sans « id » (événements sans identifiant) : les éléments de la structure s'ajoutent. Dictionnaire
    (chiffres) : une clé du réseau ne se réécrit pas. « remplace: [champ] » en tête du fichier : le champ de la
    structure remplace celui du réseau tout entier (un champ simple, ou toute une liste)."""
    (jeu_c, fichier_c, lignes_c), (jeu_p, fichier_p, lignes_p) = commun, propre
    champs_remplaces, elements_remplaces = marques
    erreurs: list[ErreurDonnees] = []
    valeurs: dict[str, Any] = {}
    origines: list[tuple[Chemin, str, dict[Chemin, int], Chemin]] = []

    def erreur(chemin: Chemin, message: str) -> None:
        erreurs.append(ErreurDonnees(fichier_p, _ligne(lignes_p, chemin), chemin_lisible(chemin), message))

    for champ in type(jeu_c).model_fields:
        valeur_c, valeur_p = getattr(jeu_c, champ), getattr(jeu_p, champ)
        if champ not in jeu_p.model_fields_set | jeu_c.model_fields_set:
            continue  # écrit nulle part : la valeur par défaut du modèle
        if champ not in jeu_p.model_fields_set or champ not in jeu_c.model_fields_set:
            depuis_p = champ in jeu_p.model_fields_set
            valeurs[champ] = valeur_p if depuis_p else valeur_c
            origines.append(((champ,), *((fichier_p, lignes_p) if depuis_p else (fichier_c, lignes_c)), (champ,)))
        elif champ in champs_remplaces:
            origines.append(((champ,), fichier_p, lignes_p, (champ,)))
            valeurs[champ] = valeur_p
        elif isinstance(valeur_c, list):
            remplaces = elements_remplaces.get(champ, set())
            par_id = {getattr(e, "id", None): (j, e) for j, e in enumerate(valeur_p) if getattr(e, "id", None)}
            liste, repris = [], set()
            for i, element in enumerate(valeur_c):
                ident = getattr(element, "id", None)
                if ident in par_id:
                    j, remplacant = par_id[ident]
                    repris.add(j)
                    if ident not in remplaces:
                        erreur((champ, j, "id"), f"« {ident} » est déjà un élément du réseau ({fichier_c}). Pour le "
                               "remplacer par celui-ci, ajoutez « remplace: true » à cet élément ; sinon, "
                               "choisissez un autre identifiant")
                    origines.append(((champ, len(liste)), fichier_p, lignes_p, (champ, j)))
                    liste.append(remplacant)
                else:
                    origines.append(((champ, len(liste)), fichier_c, lignes_c, (champ, i)))
                    liste.append(element)
            for j, element in enumerate(valeur_p):
                if j in repris:
                    continue
                if getattr(element, "id", None) in remplaces:
                    erreur((champ, j, "id"), f"« remplace: true », mais le réseau ({fichier_c}) n'a aucun élément "
                           f"« {element.id} » à remplacer. Retirez « remplace: true », ou corrigez l'identifiant")
                origines.append(((champ, len(liste)), fichier_p, lignes_p, (champ, j)))
                liste.append(element)
            valeurs[champ] = liste
        elif isinstance(valeur_c, dict):
            for cle in valeur_p.keys() & valeur_c.keys():
                erreur((champ, cle), f"la clé « {cle} » est déjà écrite par le réseau ({fichier_c}) : "
                       "choisissez-en une autre")
            origines.extend(((champ, cle), fichier_p, lignes_p, (champ, cle)) for cle in valeur_p)
            origines.append(((champ,), fichier_c, lignes_c, (champ,)))
            valeurs[champ] = {**valeur_c, **valeur_p}
        else:
            erreur((champ,), f"ce champ est déjà écrit par le réseau ({fichier_c}). Pour le remplacer, ajoutez en "
                   f"tête du fichier « remplace: [{champ}] » ; sinon, retirez cette ligne")
    for champ in champs_remplaces - set(type(jeu_c).model_fields):
        erreur(("remplace",), f"« {champ} » n'est pas un champ de ce fichier")
    if erreurs:
        return erreurs
    try:
        donnees.jeux[nom] = type(jeu_c).model_validate(valeurs)
    except ValidationError as probleme:
        return _traduire(probleme, type(jeu_c), fichier_p, lignes_p)
    donnees.lignes[nom] = lignes_p
    # Les parties les plus précises d'abord ; ce qui n'est pas retrouvé vient du fichier de la structure.
    donnees.origines[nom] = sorted(origines, key=lambda o: -len(o[0])) + [((), fichier_p, lignes_p, ())]
    return []


def _retirer_marques(brut: Any, marques: tuple[set[str], dict[str, set[str]]]) -> None:
    """Retire des données d'une structure les « remplace » qui disent ce qu'elle remplace du réseau."""
    if not isinstance(brut, dict):
        return
    remplace = brut.pop("remplace", None)
    if isinstance(remplace, list):
        marques[0].update(str(c) for c in remplace)
    elif remplace is not None:
        marques[0].add(str(remplace))
    for champ, valeur in brut.items():
        for element in valeur if isinstance(valeur, list) else []:
            if isinstance(element, dict) and element.pop("remplace", None) is True:
                marques[1].setdefault(champ, set()).add(str(element.get("id")))


def _sous_dossiers_inconnus(dossier: Path, schemas: dict[str, type[base.Modele] | Dossier]) -> list[ErreurDonnees]:
    """Un dossier dans data/ que rien ne lit : jamais ignoré en silence (un ancien data/fiches/, surtout)."""
    erreurs = []
    lus = {nom for nom, schema in schemas.items() if isinstance(schema, Dossier) and not schema.pages}
    for sous_dossier in sorted(dossier.iterdir()) if dossier.is_dir() else []:
        if not sous_dossier.is_dir() or sous_dossier.name.startswith(".") or sous_dossier.name in lus:
            continue
        schema = schemas.get(sous_dossier.name, SCHEMAS.get(sous_dossier.name))
        fichiers = sorted(f.name for f in sous_dossier.iterdir() if not f.name.startswith("."))
        contenu = f" Il contient : {', '.join(fichiers)}." if fichiers else " Il est vide."
        if isinstance(schema, Dossier) and schema.pages:
            # Les fiches actions s'écrivaient data/fiches/<id>.yml ; elles sont maintenant des pages.
            message = (f"ce dossier n'est plus lu : chacun de ses fichiers s'écrit maintenant comme une page, "
                       f"{schema.pages}/<id>.md, avec un en-tête entre deux lignes « --- » (id, format, titre, "
                       f"axe, fonctions, indicateurs…) puis le texte en Markdown (objectif, étapes, "
                       f"évaluation…). Récrivez chaque fichier en page, puis supprimez ce dossier (GUIDE.md, "
                       f"« Ajouter ou modifier une fiche »).{contenu}")
        else:
            message = ("dossier inconnu : data/ ne contient que des fichiers .yml"
                       + (f" et les dossiers {', '.join(sorted(lus))}" if lus else "")
                       + f". Déplacez ou supprimez ce dossier.{contenu}")
        erreurs.append(ErreurDonnees(f"{_affiche(sous_dossier, dossier)}/", None, None, message))
    return erreurs


def _lire(fichier: Path, schema: type[base.Modele], affiche: str, page: bool = False,
          marques: tuple[set[str], dict[str, set[str]]] | None = None) -> tuple[base.Modele, dict[Chemin, int]]:
    """Un fichier validé par son modèle, et la ligne de chacun de ses champs.

    Avec `page`, un fichier Markdown : son en-tête est validé, son corps gardé dans l'élément (`corps`)."""
    corps = None
    try:
        if page:
            brut, lignes, corps = lire_page(fichier, affiche)
        else:
            brut, lignes = lire_yaml(fichier, affiche)
    except ErreurDonnees as erreur:
        raise ErreursDonnees([erreur]) from None
    if marques is not None:
        _retirer_marques(brut, marques)
    try:
        element = schema.model_validate(brut)
    except ValidationError as erreur:
        raise ErreursDonnees(_traduire(erreur, schema, affiche, lignes, fichier)) from None
    if corps is not None:
        element._corps = corps  # attribut privé du modèle (PrivateAttr) : ni un champ, ni comparé
    return element, lignes


def _charger_dossier(donnees: Donnees, nom: str, schema: Dossier, dossier: Path) -> list[ErreurDonnees]:
    """Les fichiers du dossier forment une liste ; chacun s'appelle comme l'identifiant qu'il porte."""
    sous_dossier = schema.emplacement(nom, dossier)
    suffixe = ".md" if schema.pages else ".yml"
    racine = dossier.parent if schema.pages else dossier
    if not sous_dossier.is_dir():
        chemin = sous_dossier.relative_to(racine).as_posix() if schema.pages else _affiche(sous_dossier, racine)
        return [ErreurDonnees(f"{chemin}/", None, None,
                              f"dossier manquant (un fichier {suffixe} par élément).")]
    erreurs: list[ErreurDonnees] = []
    elements, lignes, fichiers = [], {}, []
    candidats = [f for f in sorted(sous_dossier.iterdir())
                 if not f.name.startswith(".")  # fichiers cachés des éditeurs et du système (.DS_Store…)
                 and not (schema.pages and (f.suffix != ".md" or f.stem in schema.exclues))]
    # Tous les fichiers, même ceux qui ont une erreur : on nomme le fichier dont un identifiant est la copie.
    affiche_de = (lambda f: f.relative_to(racine).as_posix()) if schema.pages else (lambda f: _affiche(f, racine))
    noms = {f.stem: affiche_de(f) for f in candidats if f.suffix == suffixe}
    for fichier in candidats:
        affiche = affiche_de(fichier)
        if fichier.suffix != suffixe or not fichier.is_file():
            conseil = f" Renommez-le « {fichier.stem}.yml »." if fichier.suffix == ".yaml" else ""
            erreurs.append(ErreurDonnees(affiche, None, None, f"seuls des fichiers « {suffixe} » sont permis dans "
                                         f"{affiche_de(sous_dossier)}/, un par élément.{conseil}"))
            continue
        try:
            element, lignes_fichier = _lire(fichier, schema.modele, affiche, page=bool(schema.pages))
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
        attendu, suffixe = Path(fichier).stem, Path(fichier).suffix
        if element.id == attendu:
            continue
        _, ligne, champ = donnees.lieu(nom, (i, "id"))
        if element.id in fichier_de:
            message = (f"l'identifiant « {element.id} » est déjà utilisé par {fichier_de[element.id]}. "
                       f"Chaque élément a son propre identifiant, qui est aussi le nom de son fichier : "
                       f"écrivez « id: {attendu} » (ou renommez ce fichier).")
        else:
            message = (f"l'identifiant doit être le nom du fichier sans « {suffixe} » : "
                       f"écrivez « id: {attendu} », ou renommez le fichier « {element.id}{suffixe} ».")
        erreurs.append(ErreurDonnees(fichier, ligne, champ, message + f" Trouvé : « {element.id} »."))
    return erreurs


def _affiche(fichier: Path, dossier: Path) -> str:
    """Le chemin tel que l'éditeur le voit dans le dépôt (data/…)."""
    return f"{dossier.name}/{fichier.relative_to(dossier).as_posix()}"


def _ligne(lignes: dict[Chemin, int], chemin: Chemin) -> int | None:
    """La ligne du champ, ou de son parent le plus proche s'il est absent du fichier."""
    while chemin not in lignes and chemin:
        chemin = chemin[:-1]
    return lignes.get(chemin)


def _traduire(erreur: ValidationError, schema: type[BaseModel], fichier: str,
              lignes: dict[Chemin, int], source: Path | None = None) -> list[ErreurDonnees]:
    """Une erreur pydantic (en anglais) → des messages français, chacun avec sa ligne et son champ."""
    resultat = []
    for detail in erreur.errors(include_url=False):
        chemin = tuple(p for p in detail["loc"] if not (isinstance(p, str) and p.startswith("[")))
        ligne, message = _ligne(lignes, chemin), _message(detail, schema, chemin)
        # « - Santé : handicap » : YAML a lu une clé là où l'éditeur écrivait un texte ; la correction, écrite.
        if source is not None and detail["type"] == "string_type" and isinstance(detail.get("input"), dict):
            message = conseil_texte_lu_comme_cle(source.read_text(encoding="utf-8"), ligne) or message
        resultat.append(ErreurDonnees(fichier, ligne, chemin_lisible(chemin), message))
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
        return "« true » ou « false » est attendu (YAML 1.2 : ni « oui », ni « on », ni « yes »)" + trouve + "."
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


@functools.cache
def _champs_marques(modele: type[BaseModel], marque: type) -> tuple[tuple[str, Any], ...]:
    """(champ, marque) de chaque champ de `modele` qui porte `marque`, dans l'ordre du modèle : lus une fois par
    modèle (c'est du code), au lieu d'une fois par élément des données."""
    return tuple((champ, trouvee) for champ, info in modele.model_fields.items()
                 if (trouvee := marque_du_champ(info, marque)) is not None)


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
            for champ, reference in _champs_marques(type(modele), base.Reference):
                valeurs = getattr(modele, champ)
                for i, valeur in enumerate(valeurs if isinstance(valeurs, (list, tuple)) else [valeurs]):
                    if valeur is None or valeur in identifiants.get(reference.collection, set()):
                        continue
                    sous_chemin = chemin + (champ,) + ((i,) if isinstance(valeurs, (list, tuple)) else ())
                    existants = sorted(identifiants.get(reference.collection, set()))
                    proches = difflib.get_close_matches(valeur, existants, n=3)
                    cible = (_dossier_des_fichiers(donnees, reference.collection, dossier)
                             if reference.collection in donnees.fichiers
                             else " ou ".join(donnees.fichiers_du_jeu(reference.collection, dossier.name)))
                    erreurs.append(ErreurDonnees(
                        *donnees.lieu(nom, sous_chemin, dossier.name),
                        f"« {valeur} » ne correspond à aucun identifiant de {cible}. "
                        + ("Identifiants proches : " + ", ".join(proches) if proches
                           else "Identifiants existants : " + (", ".join(existants) or "aucun")) + ".",
                    ))
    return erreurs


def _dossier_des_fichiers(donnees: Donnees, nom: str, dossier: Path) -> str:
    """« docs/fiches-actions/ » : le dossier où s'écrivent les éléments d'un jeu en dossier."""
    schema = SCHEMAS.get(nom)
    if isinstance(schema, Dossier) and schema.pages:
        return schema.pages + "/"
    return f"{dossier.name}/{nom}/"


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
            for champ, _ in _champs_marques(type(modele), base.CiteDesChiffres):
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
            for champ, _ in _champs_marques(type(modele), base.RenvoiChiffre):
                cle = getattr(modele, champ)
                if cle is None:
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


def lire_entete(source: str, affiche: str, schema: type[BaseModel]) -> tuple[BaseModel | None, dict[Chemin, int]]:
    """L'en-tête YAML d'une page (entre deux lignes « --- » en tête du fichier), découpé et lu comme celui d'une
    fiche (macros/entetes.py : YAML 1.2, ni alias ni NaN) et validé par `schema`. (None, {}) si la page n'a pas
    d'en-tête."""
    decoupe = decouper(source, affiche, non_referme="l'en-tête de la page (ligne « --- ») n'est pas refermé par "
                       "une seconde ligne « --- ».")
    if decoupe is None:
        return None, {}
    texte = decoupe[0]
    if not texte.strip():
        return schema.model_validate({}), {}
    brut, lignes = lire_yaml_d_entete(texte, affiche)
    if not isinstance(brut, dict):
        raise ErreurDonnees(affiche, 2, None, "l'en-tête de la page doit être une liste de champs « clé: valeur ».")
    try:
        return schema.model_validate(brut), lignes
    except ValidationError as erreur:
        raise ErreursDonnees(_traduire(erreur, schema, affiche, lignes)) from None
