"""Lecture d'un fichier YAML qui retient la ligne de chaque champ et refuse les clés en double."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .erreurs import ErreurDonnees

Chemin = tuple[Any, ...]
# libyaml (C), dix fois plus rapide, quand PyYAML en dispose ; ses messages d'erreur diffèrent : un fichier
# invalide est relu par le lecteur Python pour nommer le problème.
_RAPIDE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CLE_EN_DEBUT_DE_LIGNE = re.compile(r"^\s*(?:-\s+)?([^\s:#][^:#]*?)\s*:")


def lire_yaml(fichier: Path, nom_affiche: str) -> tuple[Any, dict[Chemin, int]]:
    """Renvoie le contenu du fichier et, pour chaque chemin de champ, son numéro de ligne (à partir de 1)."""
    return lire_yaml_octets(fichier.read_bytes(), nom_affiche)


def lire_yaml_octets(brut: bytes, nom_affiche: str) -> tuple[Any, dict[Chemin, int]]:
    """Comme `lire_yaml`, pour un contenu déjà lu (l'en-tête d'une fiche Markdown, lignes gardées à leur place)."""
    try:
        texte = brut.decode("utf-8")
    except UnicodeDecodeError as erreur:
        ligne = brut[: erreur.start].count(b"\n") + 1
        raise ErreurDonnees(
            nom_affiche, ligne, _cle_de_la_ligne(brut.decode("utf-8", "replace"), ligne),
            "le fichier n'est pas enregistré en UTF-8 (caractère illisible). "
            "Réenregistrez-le en UTF-8 dans votre éditeur.",
        ) from None
    if not texte.strip() or all(l.strip().startswith("#") or not l.strip() for l in texte.splitlines()):
        raise ErreurDonnees(nom_affiche, 1, None, "le fichier est vide : il doit contenir des données.")
    try:
        return _lire_texte(_RAPIDE, texte, nom_affiche)
    except yaml.MarkedYAMLError:
        pass  # relu ci-dessous par le lecteur Python, dont les messages sont ceux que l'on traduit
    try:
        return _lire_texte(yaml.SafeLoader, texte, nom_affiche)
    except yaml.MarkedYAMLError as erreur:
        # Un crochet ou un guillemet non refermé se signale là où il s'ouvre (context_mark).
        ouvert = erreur.context and erreur.context.startswith(("while parsing a flow", "while scanning a quoted"))
        marque = erreur.context_mark if ouvert else (erreur.problem_mark or erreur.context_mark)
        ligne = marque.line + 1 if marque else None
        conseil = (_conseil_deux_points(texte, ligne) if ligne and erreur.problem
                   and erreur.problem.startswith("mapping values are not allowed here") else None)
        raise ErreurDonnees(
            nom_affiche, ligne, _cle_de_la_ligne(texte, ligne) if ligne else None,
            f"syntaxe YAML invalide ({_traduire_probleme(erreur.problem)}). "
            + (conseil or "Vérifiez l'indentation, les deux-points et les guillemets."),
        ) from None


def _lire_texte(lecteur: type, texte: str, nom_affiche: str) -> tuple[Any, dict[Chemin, int]]:
    chargeur = lecteur(texte)
    try:
        lignes: dict[Chemin, int] = {}
        return _construire(chargeur, chargeur.get_single_node(), (), lignes, nom_affiche), lignes
    finally:
        chargeur.dispose()


def _construire(chargeur: yaml.SafeLoader, noeud: yaml.Node, chemin: Chemin,
                lignes: dict[Chemin, int], nom_affiche: str) -> Any:
    lignes.setdefault(chemin, noeud.start_mark.line + 1)
    if isinstance(noeud, yaml.MappingNode):
        resultat: dict[Any, Any] = {}
        for noeud_cle, noeud_valeur in noeud.value:
            cle = chargeur.construct_object(noeud_cle, deep=True)
            ligne = noeud_cle.start_mark.line + 1
            if cle in resultat:
                raise ErreurDonnees(
                    nom_affiche, ligne, chemin_lisible(chemin + (cle,)),
                    f"la clé « {cle} » apparaît deux fois (déjà présente ligne {lignes[chemin + (cle,)]}).",
                )
            lignes[chemin + (cle,)] = ligne
            resultat[cle] = _construire(chargeur, noeud_valeur, chemin + (cle,), lignes, nom_affiche)
        return resultat
    if isinstance(noeud, yaml.SequenceNode):
        return [
            _construire(chargeur, enfant, chemin + (i,), lignes, nom_affiche)
            for i, enfant in enumerate(noeud.value)
        ]
    try:
        return chargeur.construct_object(noeud, deep=True)
    except ValueError:
        # YAML lit « 1997-02-30 » comme une date ; le calendrier la refuse sans dire où.
        raise ErreurDonnees(
            nom_affiche, noeud.start_mark.line + 1, chemin_lisible(chemin),
            f"cette date n'existe pas dans le calendrier ; trouvé : « {noeud.value} ».",
        ) from None


def chemin_lisible(chemin: Chemin) -> str:
    """('sources', 2, 'annee') → 'sources[3].annee' (les éditeurs comptent à partir de 1)."""
    texte = ""
    for partie in chemin:
        if isinstance(partie, int):
            texte += f"[{partie + 1}]"
        else:
            texte += ("." if texte else "") + str(partie)
    return texte or "(tout le fichier)"


# Une ligne « clé: texte » (ou « - clé: texte », « - texte ») dont le texte contient un deux-points.
_LIGNE_A_TEXTE = re.compile(r"^(?P<debut>\s*(?:-\s+)?(?:[^\s:#'\"][^:#]*?:\s+)?)(?P<texte>[^\s'\"].*?)\s*$")


def _conseil_deux_points(texte: str, ligne: int) -> str | None:
    """Un deux-points à la française (« Jeunes accompagnés : chaque année ») dans un texte sans guillemets :
    la ligne telle qu'écrite, puis la même avec le texte entre guillemets."""
    lignes = texte.splitlines()
    if not 0 < ligne <= len(lignes):
        return None
    trouve = _LIGNE_A_TEXTE.match(lignes[ligne - 1])
    if not trouve or ":" not in trouve["texte"]:
        return None
    return _entre_guillemets(lignes[ligne - 1], trouve["debut"], trouve["texte"])


_ELEMENT_DE_LISTE = re.compile(r"^(?P<debut>\s*-\s+)(?P<texte>[^\s'\"].*?)\s*$")


def conseil_texte_lu_comme_cle(texte: str, ligne: int | None) -> str | None:
    """« - Santé : handicap » dans une liste de textes : YAML y lit une clé et sa valeur. Même conseil."""
    lignes = texte.splitlines()
    if not ligne or not 0 < ligne <= len(lignes):
        return None
    trouve = _ELEMENT_DE_LISTE.match(lignes[ligne - 1])
    if not trouve or ":" not in trouve["texte"]:
        return None
    return _entre_guillemets(lignes[ligne - 1], trouve["debut"], trouve["texte"])


def _entre_guillemets(ecrite: str, debut: str, texte: str) -> str:
    echappe = texte.replace("\\", "\\\\").replace('"', '\\"')
    corrigee = f'{debut}"{echappe}"'
    return ("Un deux-points suivi d'une espace, dans un texte, se lit comme une nouvelle clé : mettez le texte "
            f"entre guillemets. Écrit : « {ecrite.strip()} » ; à écrire : « {corrigee.strip()} ».")


def _cle_de_la_ligne(texte: str, ligne: int) -> str | None:
    """Le nom de la clé écrite sur cette ligne, ou sur la plus proche au-dessus."""
    lignes = texte.splitlines()
    for i in range(min(ligne, len(lignes)) - 1, -1, -1):
        trouve = _CLE_EN_DEBUT_DE_LIGNE.match(lignes[i])
        if trouve:
            return trouve.group(1).strip("'\"")
    return None


_PROBLEMES = {
    "mapping values are not allowed here": "deux-points inattendu",
    "could not find expected ':'": "deux-points manquant",
    "found character '\\t' that cannot start any token": "tabulation interdite, utilisez des espaces",
    "expected <block end>, but found": "indentation incohérente",
    "found undefined alias": "alias inconnu",
    "expected ',' or ']'": "crochet « [ » non refermé",
    "expected ',' or '}'": "accolade « { » non refermée",
    "found unexpected end of stream": "guillemet non refermé",
}


def _traduire_probleme(probleme: str | None) -> str:
    for anglais, francais in _PROBLEMES.items():
        if probleme and probleme.startswith(anglais):
            return francais
    return "structure illisible"


