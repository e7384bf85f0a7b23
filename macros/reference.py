"""La référence des données (`data/README.md`), écrite d'après les modèles de `macros.donnees.SCHEMAS`.

    python -m macros.reference              # réécrit data/README.md (make reference)
    python -m macros.reference --verifier   # échoue si data/README.md ne correspond plus aux modèles

Tout fichier enregistré dans SCHEMAS y figure, avec chacun de ses champs, sans rien écrire à la main : le
type, s'il est obligatoire, les valeurs permises et un exemple viennent des annotations pydantic ; la
description, de la docstring placée sous le champ (ou de `Field(description=...)`), lue par `base.description`.
"""
from __future__ import annotations

import datetime
import difflib
import sys
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from .donnees import SCHEMAS
from .gabarits_jinja import environnement
from .modeles import base

RACINE = Path(__file__).resolve().parents[1]
FICHIER = RACINE / "data" / "README.md"
_MOTIF_IDENTIFIANT = typing.get_args(base.Identifiant)[1].pattern
# La marque d'un texte qui cite des chiffres « {jeu.cle} » (macros/citations.py), si le projet en a une.
_CITE_DES_CHIFFRES = getattr(base, "CiteDesChiffres", ())


@dataclass
class Type:
    """Ce qu'un éditeur doit savoir d'un type : son nom lisible, ses contraintes, ses valeurs, un exemple."""

    nom: str
    contraintes: list[str] = field(default_factory=list)
    valeurs: list[str] = field(default_factory=list)
    exemple: str = ""
    modeles: list[type[BaseModel]] = field(default_factory=list)


def modele_de(schema: Any) -> type[BaseModel]:
    """Le modèle d'une entrée de SCHEMAS : le modèle lui-même, ou celui d'un jeu écrit en dossier (`.modele`)."""
    return getattr(schema, "modele", schema)


def generer(schemas: dict[str, Any] = SCHEMAS) -> str:
    """Le texte complet de data/README.md."""
    parties = [
        "<!-- Généré par « make reference » (python -m macros.reference) d'après macros/modeles/ : "
        "ne pas modifier à la main. -->",
        "# Référence des données",
        "Chaque fichier de `data/` est vérifié à chaque construction du site : un champ inconnu, manquant ou "
        "mal écrit arrête la construction avec un message qui nomme le fichier, la ligne et le champ. Voici, "
        "pour chaque fichier, les champs permis. « Obligatoire : non » veut dire qu'on peut omettre la ligne ; "
        "la valeur par défaut s'applique alors.",
        "Les lignes qui commencent par `#` sont des commentaires : aucun programme ne réécrit ces fichiers, "
        "les commentaires restent.",
        "## Fichiers",
        "\n".join(f"- [{_fichier(nom, schema)}](#{_ancre_fichier(nom)}) : {_resume(modele_de(schema))}"
                  for nom, schema in schemas.items()),
    ]
    decrits: set[type[BaseModel]] = set()
    for nom, schema in schemas.items():
        parties.append(f"{_ancre(_ancre_fichier(nom))}\n\n## {_fichier(nom, schema)}")
        if getattr(schema, "pages", None):
            parties.append(f"Une page Markdown par élément dans `{schema.pages}/`. Son en-tête, entre deux lignes "
                           "« --- » en haut de la page, a la forme décrite ici ; le texte de la page suit.")
        elif modele_de(schema) is not schema:
            parties.append(f"Un fichier par élément dans `data/{nom}/`, chacun de la forme décrite ici.")
        parties.extend(_section(modele_de(schema), decrits, niveau=None))
    return "\n\n".join(parties) + "\n"


def _section(modele: type[BaseModel], decrits: set[type[BaseModel]], niveau: str | None) -> list[str]:
    """La description d'un modèle, puis celle des modèles qu'il contient et qui n'ont pas encore la leur."""
    decrits.add(modele)
    parties = []
    if niveau:
        parties.append(f"{_ancre(_ancre_modele(modele))}\n\n{niveau} {modele.__name__}")
    parties.append(_docstring(modele))
    lignes = ["| champ | ce qu'il contient | type | obligatoire | valeurs permises | exemple |",
              "| --- | --- | --- | --- | --- | --- |"]
    contenus: list[type[BaseModel]] = []
    for nom, info in modele.model_fields.items():
        decrit = decrire(info.annotation, info.metadata)
        contenus.extend(m for m in decrit.modeles if m not in contenus)
        exemple = _exemple(info, decrit)
        lignes.append("| " + " | ".join([
            f"`{nom}`",
            _cellule(base.description(modele, nom) or ""),
            _cellule(decrit.nom),
            _cellule(_obligatoire(info)),
            _cellule(" ; ".join(x for x in [", ".join(f"`{v}`" for v in decrit.valeurs), *decrit.contraintes] if x)),
            _cellule(f"`{exemple}`" if exemple else ""),
        ]) + " |")
    parties.append("\n".join(lignes))
    for contenu in contenus:
        if contenu not in decrits:
            parties.extend(_section(contenu, decrits, niveau="###"))
    return parties


def decrire(annotation: Any, metadata: typing.Iterable[Any] = ()) -> Type:
    """Le type d'un champ, lu dans son annotation pydantic (Annotated, Optional, list, dict, Literal, modèle)."""
    metadata = list(metadata)
    origine, arguments = typing.get_origin(annotation), typing.get_args(annotation)
    if origine is typing.Annotated:
        return decrire(arguments[0], [*metadata, *arguments[1:]])
    if origine in (typing.Union, types.UnionType):
        utiles = [a for a in arguments if a is not type(None)]
        parts = [decrire(a, metadata) for a in utiles]
        # « None » permis : la colonne « obligatoire » le dit déjà.
        return Type(" ou ".join(p.nom for p in parts),
                    [c for p in parts for c in p.contraintes], [v for p in parts for v in p.valeurs],
                    parts[0].exemple, [m for p in parts for m in p.modeles])
    if origine is typing.Literal:
        return Type("un mot de la liste", valeurs=[str(a) for a in arguments], exemple=str(arguments[0]))
    if origine in (list, tuple, set, frozenset):
        element = decrire(arguments[0])
        return Type(f"liste de : {element.nom}", _contraintes(metadata, "élément") + element.contraintes,
                    element.valeurs, f"- {element.exemple}" if element.exemple else "", element.modeles)
    if origine is dict:
        cle, valeur = decrire(arguments[0]), decrire(arguments[1])
        return Type(f"une entrée par clé ({cle.nom}), chacune : {valeur.nom}",
                    _contraintes(metadata, "entrée") + [f"clé : {c}" for c in cle.contraintes]
                    + valeur.contraintes, valeur.valeurs,
                    f"{cle.exemple}: …", valeur.modeles)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Type(f"[{annotation.__name__}](#{_ancre_modele(annotation)})", _contraintes(metadata),
                    modeles=[annotation])
    nom, exemple = _SIMPLES.get(annotation, (getattr(annotation, "__name__", str(annotation)), ""))
    resultat = Type(nom, _contraintes(metadata, "caractère"), exemple=exemple)
    reference = next((m for m in metadata if isinstance(m, base.Reference)), None)
    if any(isinstance(m, _CITE_DES_CHIFFRES) for m in metadata):
        resultat.contraintes.append("peut citer un chiffre de `data/` par sa clé entre accolades : "
                                    "`{territoire.habitants}`")
    if reference:
        pages = getattr(SCHEMAS.get(reference.collection), "pages", None)
        resultat.nom = (f"identifiant d'une page de `{pages}/` (nom du fichier sans « .md »)" if pages
                        else f"identifiant d'un élément de `data/{reference.collection}.yml`")
        resultat.exemple = "identifiant-existant"
    elif any(getattr(m, "pattern", None) == _MOTIF_IDENTIFIANT for m in metadata):
        resultat.nom = "identifiant"
        resultat.exemple = "mon-identifiant"
    elif annotation is int or annotation is float:
        resultat.exemple = _nombre_exemple(annotation, metadata)
    return resultat


_SIMPLES: dict[Any, tuple[str, str]] = {
    str: ("texte", "Un texte"),
    int: ("nombre entier", "3"),
    float: ("nombre", "12.5"),
    bool: ("oui ou non (`true` / `false`)", "true"),
    datetime.date: ("date (AAAA-MM-JJ)", "2024-03-12"),
}


def _contraintes(metadata: list[Any], unite: str = "élément") -> list[str]:
    """Les bornes et longueurs minimales, dites en français."""
    textes = []
    bornes = {type(m).__name__: m for m in metadata}
    for m in metadata:
        minimum = getattr(m, "min_length", None)
        if minimum:
            textes.append(f"au moins {minimum} {unite}{'s' if minimum > 1 else ''}" if unite != "caractère"
                          else "ne peut pas être vide")
        motif = getattr(m, "pattern", None)
        if motif == _MOTIF_IDENTIFIANT:
            textes.append("lettres minuscules sans accent, chiffres, tirets")
        elif motif:
            textes.append(f"de la forme `{motif}`")
    if "Ge" in bornes and "Le" in bornes:
        textes.append(f"de {bornes['Ge'].ge} à {bornes['Le'].le}")
    elif "Ge" in bornes:
        textes.append(f"au moins {bornes['Ge'].ge}")
    elif "Le" in bornes:
        textes.append(f"au plus {bornes['Le'].le}")
    for m in metadata:
        if isinstance(m, annotated_types.Gt):
            textes.append(f"plus grand que {m.gt}")
        elif isinstance(m, annotated_types.Lt):
            textes.append(f"plus petit que {m.lt}")
    return textes


def _nombre_exemple(annotation: type, metadata: list[Any]) -> str:
    """Un nombre plausible qui respecte les bornes du champ (le milieu de l'intervalle s'il est borné)."""
    bas = next((m.ge for m in metadata if isinstance(m, annotated_types.Ge)), None)
    haut = next((m.le for m in metadata if isinstance(m, annotated_types.Le)), None)
    if bas is not None and haut is not None:
        milieu = bas + (haut - bas) / 2
        return str(int(milieu)) if annotation is int else str(milieu)
    if bas is not None:
        return str(bas)
    return _SIMPLES[annotation][1]


def _exemple(info: FieldInfo, decrit: Type) -> str:
    """L'exemple donné par le modèle (`examples=`), sinon sa valeur par défaut, sinon un exemple du type."""
    if info.examples:
        return str(info.examples[0])
    if info.default not in (PydanticUndefined, None) and not isinstance(info.default, (dict, list)):
        return str(info.default)
    return decrit.exemple


def _obligatoire(info: FieldInfo) -> str:
    if info.is_required():
        return "oui"
    defaut = info.get_default(call_default_factory=True)
    if defaut is None:
        return "non"
    if defaut in ({}, [], ()):
        return "non (aucun par défaut)"
    return f"non (par défaut : `{str(defaut).lower() if isinstance(defaut, bool) else defaut}`)"


def _fichier(nom: str, schema: Any) -> str:
    """`data/<nom>.yml`, ou `data/<nom>/<id>.yml` pour un jeu écrit en dossier, un fichier par élément."""
    if getattr(schema, "pages", None):
        return f"`{schema.pages}/<identifiant>.md` (en-tête d'une page par élément)"
    if modele_de(schema) is not schema:
        return f"`data/{nom}/<identifiant>.yml` (un fichier par élément)"
    return f"`data/{nom}.yml`"


def _ancre(identifiant: str) -> str:
    """L'ancre HTML d'une section (GitHub ne lit pas les identifiants écrits en Markdown)."""
    return str(environnement().get_template("reference.html").module.ancre(identifiant))


def _ancre_fichier(nom: str) -> str:
    return f"fichier-{nom}"


def _ancre_modele(modele: type[BaseModel]) -> str:
    return f"modele-{modele.__name__.lower()}"


def _docstring(modele: type[BaseModel]) -> str:
    """La docstring du modèle, sans la mention « data/x.yml : » déjà dite par le titre."""
    texte = " ".join((modele.__doc__ or "").split())
    premier, _, reste = texte.partition(" : ")
    return (reste[:1].upper() + reste[1:]) if premier.startswith("data/") and reste else texte


def _resume(modele: type[BaseModel]) -> str:
    return _docstring(modele).split(". ")[0].rstrip(".")


def _cellule(texte: str) -> str:
    """Un texte sur une ligne, sans barre verticale qui couperait le tableau Markdown."""
    return " ".join(texte.split()).replace("|", "\\|")


def main(arguments: list[str]) -> int:
    """Réécrit data/README.md, ou avec --verifier, dit en français s'il est à jour (code 1 sinon)."""
    attendu = generer()
    chemin = FICHIER.relative_to(RACINE).as_posix()
    if "--verifier" not in arguments:
        FICHIER.write_text(attendu, encoding="utf-8")
        print(f"{chemin} régénéré d'après les modèles.")
        return 0
    actuel = FICHIER.read_text(encoding="utf-8") if FICHIER.exists() else ""
    if actuel == attendu:
        print(f"{chemin} est à jour.")
        return 0
    ecart = list(difflib.unified_diff(actuel.splitlines(), attendu.splitlines(), "actuel", "attendu",
                                      lineterm="", n=0))
    print(f"{chemin} ne correspond plus aux modèles de macros/modeles/ : lancer « make reference », "
          f"puis valider {chemin} avec le reste de la modification.", file=sys.stderr)
    print("\n".join(ecart[:30]), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
