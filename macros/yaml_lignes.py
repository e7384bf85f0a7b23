"""Lecture d'un fichier YAML qui retient la ligne de chaque champ et refuse les clés en double."""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import yaml

from .erreurs import ErreurDonnees

Chemin = tuple[Any, ...]
_CLE_EN_DEBUT_DE_LIGNE = re.compile(r"^\s*(?:-\s+)?([^\s:#][^:#]*?)\s*:")
# Au-delà, un fichier n'est plus lisible par un éditeur : on l'arrête avant de risquer la pile de Python.
PROFONDEUR_MAX = 40
_IMBRICATION = re.compile(r"[\[{](?:\s*[\[{]){%d}|^[ \t?:,\-\[{]{%d,}" % (PROFONDEUR_MAX, 3 * PROFONDEUR_MAX),  # noqa: UP031
                          re.M)


def _profondeur_excessive(texte: str) -> re.Match | None:
    """Crochets ouverts et non refermés au-delà de PROFONDEUR_MAX, même séparés par du texte (« [a, [a, … »)
    (libyaml, récursif, ferait tomber le processus bien avant la limite de Python)."""
    profondeur = 0
    for trouve in re.finditer(r"[\[{\]}]", texte):
        profondeur += 1 if trouve.group() in "[{" else -1
        if profondeur > PROFONDEUR_MAX:
            return trouve
    return None
TAILLE_MAX = 2_000_000  # octets : un fichier de données fait quelques dizaines de kilo-octets
# Caractères invisibles qui changent le sens d'affichage (attaque « Trojan Source ») ou qui n'ont rien à faire
# dans un texte : contrôles C0/C1 sauf tabulation et fins de ligne, remplacements bidirectionnels.
_INVISIBLES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff]")


def _resolveurs_yaml_1_2(classe: type) -> type:
    """Une classe de lecteur qui donne aux valeurs leur sens YAML 1.2 (schéma « core ») : `on`, `yes`, `non`
    restent du texte, `023` vaut 23 (pas d'octal implicite), `1:30` est du texte (pas de base 60).
    Les dates AAAA-MM-JJ restent des dates (le projet en a besoin)."""
    lecteur = type(f"{classe.__name__}12", (classe,), {})
    lecteur.yaml_implicit_resolvers = {}
    regles = [
        ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
        ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
        ("tag:yaml.org,2002:float",
         r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
         list("-+0123456789.")),
        ("tag:yaml.org,2002:timestamp", r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$", list("0123456789")),
    ]
    for etiquette, motif, premiers in regles:
        lecteur.add_implicit_resolver(etiquette, re.compile(motif), list(premiers))
    lecteur.add_constructor("tag:yaml.org,2002:int", _entier_yaml_1_2)
    return lecteur


def _entier_yaml_1_2(chargeur, noeud: yaml.ScalarNode) -> int:
    """`023` → 23 (YAML 1.1 y lisait de l'octal, 19) ; l'octal s'écrit `0o23`, l'hexadécimal `0x1F`."""
    texte = chargeur.construct_scalar(noeud)
    if texte[:2] in ("0o", "0x"):
        return int(texte[2:], 8 if texte[1] == "o" else 16)
    return int(texte, 10)


_SUR = _resolveurs_yaml_1_2(yaml.SafeLoader)
# libyaml (C), dix fois plus rapide, quand PyYAML en dispose ; ses messages d'erreur diffèrent : un fichier
# invalide est relu par le lecteur Python pour nommer le problème.
_RAPIDE = _resolveurs_yaml_1_2(yaml.CSafeLoader) if hasattr(yaml, "CSafeLoader") else _SUR
# Étiquettes que produisent les valeurs ordinaires ; toute autre (`!!python/…`, `!!binary`, `!!set`, `<<`) est
# refusée : un fichier de données n'en a pas besoin.
_ETIQUETTES = {"tag:yaml.org,2002:" + nom for nom in ("str", "int", "float", "bool", "null", "timestamp", "map",
                                                        "seq")}


def lire_yaml(fichier: Path, nom_affiche: str) -> tuple[Any, dict[Chemin, int]]:
    """Renvoie le contenu du fichier et, pour chaque chemin de champ, son numéro de ligne (à partir de 1)."""
    if fichier.is_symlink():
        raise ErreurDonnees(nom_affiche, None, None, "lien symbolique refusé : les données sont des fichiers du "
                            "dépôt. Remplacez le lien par le fichier lui-même.")
    if not fichier.is_file():
        raise ErreurDonnees(nom_affiche, None, None, "ce n'est pas un fichier (un dossier porte ce nom) : "
                            "attendu un fichier YAML.")
    if fichier.stat().st_size > TAILLE_MAX:
        raise ErreurDonnees(nom_affiche, None, None, f"fichier trop gros (plus de {TAILLE_MAX // 1_000_000} Mo) "
                            "pour un fichier de données.")
    brut = fichier.read_bytes()
    return lire_yaml_octets(brut, nom_affiche)


def lire_yaml_octets(brut: bytes, nom_affiche: str) -> tuple[Any, dict[Chemin, int]]:
    """Comme `lire_yaml`, pour un contenu déjà lu. Une marque d'ordre des octets (BOM) en tête, qu'écrivent
    certains éditeurs sous Windows, est ôtée : elle ne dit rien du contenu."""
    brut = brut.removeprefix(b"\xef\xbb\xbf")
    try:
        texte = brut.decode("utf-8")
    except UnicodeDecodeError as erreur:
        ligne = brut[: erreur.start].count(b"\n") + 1
        raise ErreurDonnees(
            nom_affiche, ligne, _cle_de_la_ligne(brut.decode("utf-8", "replace"), ligne),
            "le fichier n'est pas enregistré en UTF-8 (caractère illisible). "
            "Réenregistrez-le en UTF-8 dans votre éditeur.",
        ) from None
    return lire_texte_yaml(texte, nom_affiche)


def lire_texte_yaml(texte: str, nom_affiche: str, premiere_ligne: int = 1) -> tuple[Any, dict[Chemin, int]]:
    """Comme `lire_yaml`, pour un texte déjà lu (l'en-tête d'une page : `premiere_ligne` est celle de son
    début dans le fichier, pour que les messages donnent la ligne du fichier)."""
    decalage = premiere_ligne - 1
    if not texte.strip() or all(l.strip().startswith("#") or not l.strip() for l in texte.splitlines()):
        raise ErreurDonnees(nom_affiche, premiere_ligne, None, "le fichier est vide : il doit contenir des données.")
    invisible = _INVISIBLES.search(texte)
    if invisible:
        ligne = texte[: invisible.start()].count("\n") + 1
        raise ErreurDonnees(
            nom_affiche, ligne + decalage, _cle_de_la_ligne(texte, ligne),
            f"caractère invisible interdit (U+{ord(invisible.group()):04X}) : un caractère de contrôle ou qui "
            "inverse le sens du texte. Retapez la ligne sans copier-coller.")
    imbrique = _IMBRICATION.search(texte) or _profondeur_excessive(texte)
    if imbrique:
        ligne = texte[: imbrique.start()].count("\n") + 1
        raise ErreurDonnees(nom_affiche, ligne + decalage, _cle_de_la_ligne(texte, ligne), "structure imbriquée "
                            f"trop profondément (plus de {PROFONDEUR_MAX} niveaux de crochets ou d'indentation) : vérifiez-les.")
    try:
        return _lire_texte(_RAPIDE, texte, nom_affiche, decalage)
    except (yaml.MarkedYAMLError, RecursionError):
        pass  # relu ci-dessous par le lecteur Python, dont les messages sont ceux que l'on traduit
    try:
        return _lire_texte(_SUR, texte, nom_affiche, decalage)
    except RecursionError:
        raise ErreurDonnees(nom_affiche, None, None, f"structure imbriquée trop profondément (plus de "
                            f"{PROFONDEUR_MAX} niveaux) : vérifiez les crochets et l'indentation.") from None
    except yaml.MarkedYAMLError as erreur:
        # Un crochet ou un guillemet non refermé se signale là où il s'ouvre (context_mark).
        ouvert = erreur.context and erreur.context.startswith(("while parsing a flow", "while scanning a quoted"))
        marque = erreur.context_mark if ouvert else (erreur.problem_mark or erreur.context_mark)
        ligne = marque.line + 1 if marque else None
        conseil = (_conseil_deux_points(texte, ligne) if ligne and erreur.problem
                   and erreur.problem.startswith("mapping values are not allowed here") else None)
        raise ErreurDonnees(
            nom_affiche, ligne + decalage if ligne else None, _cle_de_la_ligne(texte, ligne) if ligne else None,
            f"syntaxe YAML invalide ({_traduire_probleme(erreur.problem)}). "
            + (conseil or "Vérifiez l'indentation, les deux-points et les guillemets."),
        ) from None
    except yaml.YAMLError:
        raise ErreurDonnees(nom_affiche, None, None, "syntaxe YAML invalide (structure illisible). "
                            "Vérifiez l'indentation, les deux-points et les guillemets.") from None


def _lire_texte(lecteur: type, texte: str, nom_affiche: str, decalage: int = 0) -> tuple[Any, dict[Chemin, int]]:
    chargeur = lecteur(texte)
    try:
        lignes: dict[Chemin, int] = {}
        lecture = _Lecture(chargeur, nom_affiche, decalage, lignes)
        return lecture.construire(chargeur.get_single_node(), ()), lignes
    finally:
        chargeur.dispose()


class _Lecture:
    """Un parcours de l'arbre YAML : chaque nœud vu une fois (un alias revoit un nœud déjà vu : refusé)."""

    def __init__(self, chargeur, nom_affiche: str, decalage: int, lignes: dict[Chemin, int]):
        self.chargeur, self.nom, self.decalage, self.lignes = chargeur, nom_affiche, decalage, lignes
        self.vus: set[int] = set()

    def erreur(self, noeud: yaml.Node, chemin: Chemin, message: str) -> ErreurDonnees:
        return ErreurDonnees(self.nom, noeud.start_mark.line + 1 + self.decalage, chemin_lisible(chemin), message)

    def construire(self, noeud: yaml.Node | None, chemin: Chemin) -> Any:
        if noeud is None:
            return None
        return _construire(self, noeud, chemin)


def _construire(lecture: _Lecture, noeud: yaml.Node, chemin: Chemin) -> Any:
    lignes = lecture.lignes
    lignes.setdefault(chemin, noeud.start_mark.line + 1 + lecture.decalage)
    if id(noeud) in lecture.vus:  # le nœud de l'ancre, revu : la ligne est celle du champ qui l'emploie
        raise ErreurDonnees(lecture.nom, lignes[chemin] if len(chemin) and isinstance(chemin[-1], str) else None,
                            chemin_lisible(chemin), "alias YAML (« *nom ») refusé : recopiez la valeur à cet endroit.")
    lecture.vus.add(id(noeud))
    if noeud.tag not in _ETIQUETTES:
        raise lecture.erreur(noeud, chemin, f"étiquette YAML « {noeud.tag} » refusée : écrivez la valeur sans "
                             "« !! » ni « << » (une valeur simple, une liste ou des champs).")
    if len(chemin) > PROFONDEUR_MAX:
        raise lecture.erreur(noeud, chemin, f"structure imbriquée trop profondément (plus de {PROFONDEUR_MAX} "
                             "niveaux) : vérifiez les crochets et l'indentation.")
    if isinstance(noeud, yaml.MappingNode):
        resultat: dict[Any, Any] = {}
        for noeud_cle, noeud_valeur in noeud.value:
            ligne = noeud_cle.start_mark.line + 1 + lecture.decalage
            if not isinstance(noeud_cle, yaml.ScalarNode) or noeud_cle.tag not in _ETIQUETTES:
                raise lecture.erreur(noeud_cle, chemin, "nom de champ invalide : un nom de champ est un mot, pas "
                                     "une liste ni un bloc (« ? » ou « << »).")
            cle = _scalaire(lecture, noeud_cle, chemin)
            if cle == "<<":
                raise lecture.erreur(noeud_cle, chemin, "clé de fusion « << » refusée : écrivez chaque champ.")
            if cle in resultat:
                raise ErreurDonnees(
                    lecture.nom, ligne, chemin_lisible(chemin + (cle,)),
                    f"la clé « {cle} » apparaît deux fois (déjà présente ligne {lignes[chemin + (cle,)]}).",
                )
            lignes[chemin + (cle,)] = ligne
            resultat[cle] = _construire(lecture, noeud_valeur, chemin + (cle,))
        return resultat
    if isinstance(noeud, yaml.SequenceNode):
        return [_construire(lecture, enfant, chemin + (i,)) for i, enfant in enumerate(noeud.value)]
    return _scalaire(lecture, noeud, chemin)


def _scalaire(lecture: _Lecture, noeud: yaml.Node, chemin: Chemin) -> Any:
    try:
        valeur = lecture.chargeur.construct_object(noeud, deep=True)
    except (ValueError, OverflowError):
        # YAML lit « 1997-02-30 » comme une date ; le calendrier la refuse sans dire où.
        raise lecture.erreur(noeud, chemin, f"cette date n'existe pas dans le calendrier ; trouvé : "
                             f"« {noeud.value} ».") from None
    except yaml.YAMLError:
        raise lecture.erreur(noeud, chemin, f"valeur illisible : « {str(noeud.value)[:40]} ».") from None
    if isinstance(valeur, float) and not math.isfinite(valeur):
        raise lecture.erreur(noeud, chemin, f"« {noeud.value} » n'est pas un nombre utilisable (infini ou "
                             "« pas un nombre ») : écrivez le chiffre lui-même.")
    return valeur


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


