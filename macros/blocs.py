"""Les blocs générés des pages : chacun est l'appel d'une macro, seul sur sa ligne, et rend du Markdown.

Les phrases sont dans les pages (docs/) ; ces blocs ne mettent en forme que des données de data/ : un tableau
de chiffres, une liste de lieux, des mandats, les noms et adresses de l'historique, des listes de fiches.
Leur sortie est du Markdown de confiance (macros/surete.py) : chaque texte de data/ y passe par `_texte`, qui
l'affiche tel quel (ni balise, ni lien, ni mise en forme, ni fin de ligne).
"""
from __future__ import annotations

import functools
from collections.abc import Callable

import re

from . import rendus
from .citations import avec_chiffres
from .surete import texte_markdown as _texte
from .format import nombre
from .donnees import RESEAU, Donnees
from .frise import date_francaise
from .gabarits_jinja import environnement


def tableau_chiffres(donnees: Donnees, jeu: str) -> str:
    """Le tableau « Indicateur | Valeur » de tous les chiffres et repères d'un jeu (data/<jeu>.yml)."""
    if jeu not in donnees.jeux:
        raise KeyError(f"jeu de données inconnu « {jeu} ». Jeux existants : {', '.join(sorted(donnees.jeux))}.")
    modele = donnees.jeux[jeu]
    lignes = ["| Indicateur | Valeur |", "| --- | --- |"]
    for _cle, chiffre in (getattr(modele, "chiffres", None) or {}).items():
        lignes.append(f"| {_texte(chiffre.libelle)} | {rendus.chiffre_html(chiffre, donnees.source(chiffre.source), releve=donnees.releve)} |")
    for _cle, repere in (getattr(modele, "reperes", None) or {}).items():
        lignes.append(f"| {_texte(repere.libelle)} | {rendus.repere_html(repere, donnees.source(repere.source), releve=donnees.releve)} |")
    return "\n".join(lignes)


def annee(donnees: Donnees, cle: str) -> str:
    """L'année qu'un chiffre décrit (« 2021 »), pour l'écrire à côté de lui ; à défaut, celle de sa source."""
    chiffre = donnees.chiffre(cle)
    return str(chiffre.annee or donnees.source(chiffre.source).annee)


def lieux_d_accueil(donnees: Donnees, roles: bool = False) -> str:
    """La liste des lieux de data/implantations.yml : nom en gras, rôle (si demandé), précision."""
    lignes = []
    for lieu in donnees.jeux["implantations"].lieux:
        ligne = f"- **{_texte(lieu.nom)}**"
        if roles and lieu.role_lisible:
            ligne += f" ({_texte(lieu.role_lisible)})"
        if lieu.precision:
            ligne += f" : {_texte(lieu.precision)}"
        lignes.append(ligne + ".")
    return "\n".join(lignes)


def mandats(donnees: Donnees, liste: str) -> str:
    """Présidences ou directions successives de data/gouvernance.yml, par année."""
    if liste not in ("presidences", "directions"):
        raise KeyError(f"liste de mandats inconnue « {liste} » : écrivez « presidences » ou « directions ».")
    mandats_ = sorted(getattr(donnees.jeux["gouvernance"], liste), key=lambda m: m.annee)
    return "\n".join(f"- {m.annee} : {_texte(m.fonction)}" for m in mandats_)


def _depuis(donnees: Donnees, champ: str, intitule: str) -> str:
    lignes = [f"| Depuis | {intitule} |", "| --- | --- |"]
    for evenement in donnees.jeux["historique"].chronologie:
        valeur = getattr(evenement, champ)
        if valeur:
            lignes.append(f"| {date_francaise(evenement.date)} | {_texte(valeur)} |")
    return "\n".join(lignes)


def noms_successifs(donnees: Donnees) -> str:
    """Le tableau des noms de la structure, d'après les événements de l'historique qui portent un « nom »."""
    return _depuis(donnees, "nom", "Nom")


def adresses_successives(donnees: Donnees) -> str:
    """Le tableau des lieux où la structure s'est installée (événements de l'historique qui portent un « lieu »)."""
    return _depuis(donnees, "lieu", "Lieu")


def date_texte(donnees: Donnees, identifiant: str) -> str:
    """La date d'un texte fondateur (reseau/objectifs.yml, data/objectifs.yml) (« 12 décembre 1990 », « 2005 »)."""
    textes = {t.id: t for t in donnees.jeux["objectifs"].textes}
    if identifiant not in textes:
        raise KeyError(f"texte fondateur inconnu « {identifiant} ». Textes existants : {', '.join(textes)}.")
    return date_francaise(textes[identifiant].date)


def fiches_de_fonction(donnees: Donnees, fiches: list, fonction: str, lien: Callable[[str], str]) -> str:
    """« Les fiches actions qui développent cette fonction : » et leur liste, ou rien s'il n'y en a pas."""
    connues = [f.id for f in donnees.jeux["fonctions"].fonctions]
    if fonction not in connues:
        raise KeyError(f"fonction inconnue « {fonction} ». Fonctions de "
                       f"{' ou '.join(donnees.fichiers_du_jeu('fonctions'))} : {', '.join(connues)}.")
    retenues = [f.id for f in fiches if f.fonctions and fonction in f.fonctions.retenues]
    if not retenues:
        return ""
    return "Les fiches actions qui développent cette fonction :\n\n" + "\n".join(f"- {lien(i)}" for i in retenues)


def feuilles_de_route(donnees: Donnees, orientation: str, lien: Callable[[str], str]) -> str:
    """La liste des feuilles de route qui servent une orientation de data/strategie.yml."""
    par_id = {o.id: o for o in donnees.jeux["strategie"].orientations}
    if orientation not in par_id:
        raise KeyError(f"orientation inconnue « {orientation} ». Orientations de data/strategie.yml : "
                       f"{', '.join(par_id)}.")
    return "\n".join(f"- {lien(i)}" for i in par_id[orientation].feuilles_de_route)


def orientations_des_feuilles_de_route(donnees: Donnees, fiches: list, lien: Callable[[str], str]) -> str:
    """Chaque fiche que la stratégie nomme, et les orientations qu'elle sert (lecture inverse de
    data/strategie.yml) : les fiches retenues sont celles des orientations, quel que soit leur format."""
    strategie = donnees.jeux["strategie"]
    nommees = {i for o in strategie.orientations for i in o.feuilles_de_route}
    feuilles = sorted((f for f in fiches if f.id in nommees), key=lambda f: (f.ordre or 0, f.numero or ""))
    lignes = []
    for feuille in feuilles:
        orientations = [f"[{_texte(o.titre.lower())}](#{o.id})" for o in strategie.orientations_de(feuille.id)]
        lignes.append(f"- **{lien(feuille.id)}** : " + " ; ".join(orientations) + ".")
    return "\n".join(lignes)


def nombre_de_fiches(fiches: list, format_: str | None = None) -> str:
    """Le nombre de fiches, ou de fiches d'un format que la page nomme (« plan-action »), écrit à la française."""
    return nombre(sum(1 for f in fiches if format_ is None or f.format == format_))


def periodes(donnees: Donnees) -> str:
    """Les périodes titrées de data/historique.yml, dans l'ordre : « ### 1989–1990 : la genèse », puis leur texte."""
    blocs_ = []
    for periode in sorted(donnees.jeux["historique"].periodes, key=lambda p: p.debut.cle_de_tri):
        bornes = date_francaise(periode.debut)
        if periode.fin is not None:
            bornes += f"–{date_francaise(periode.fin)}"
        bloc = f"### {_texte(bornes)} : {_texte(periode.titre)}"
        if periode.texte:
            bloc += "\n\n" + avec_chiffres(periode.texte, donnees)
        blocs_.append(bloc)
    return "\n\n".join(blocs_)


def fonctions_du_theme(donnees: Donnees, theme: str) -> str:
    """« Fonctions du cadre commun : Orienter ; Accueillir et informer. » pour un thème de data/offre.yml, ou rien
    si le thème n'en nomme pas."""
    themes = {t.id: t for t in donnees.jeux["offre"].themes}
    if theme not in themes:
        raise KeyError(f"thème inconnu « {theme} ». Thèmes de data/offre.yml : {', '.join(themes) or 'aucun'}.")
    libelles = {f.id: f.libelle for f in donnees.jeux["fonctions"].fonctions}
    retenues = [_texte(libelles[i]) for i in themes[theme].fonctions]
    if not retenues:
        return ""
    return f"*Fonctions du cadre commun : {' ; '.join(retenues)}.*"


def controles_d_accessibilite(donnees: Donnees) -> str:
    """Les contrôles de la déclaration d'accessibilité (data/accessibilite.yml), chacun sous son titre, puis les
    outils et leurs versions : ce que la suite de tests vérifie vraiment (un test de la structure, à côté d'elle, le
    contrôle)."""
    declaration = donnees.jeux["accessibilite"]
    parties = [f"### {_texte(c.libelle)}\n\n{_texte(c.methode)} Outil : {_texte(declaration.outil(c.outil).nom)}.\n"
               f"Résultat exigé et obtenu : **{_texte(c.resultat)}**." for c in declaration.controles]
    outils = "\n".join(f"- {_texte(o.nom)}, version {_texte(o.version)} : {_texte(o.role)}." for o in declaration.outils)
    return "\n\n".join([*parties, "### Outils", outils])


def logiciels(donnees: Donnees) -> str:
    """« [MkDocs](…), [Material for MkDocs](…). » : les logiciels libres qui produisent le site (mentions légales)."""
    gabarit = environnement().get_template("logiciels.html")
    return gabarit.render(logiciels=donnees.jeux["mentions_legales"].logiciels)


def texte_du_reseau(nom: str, niveau: int = 2) -> str:
    """Un texte commun au réseau (reseau/textes/<nom>.md : le résumé de la Charte nationale…), écrit une fois et
    repris tel quel par chaque structure ; ses titres commencent au niveau `niveau` (« ## » pour 2)."""
    textes = RESEAU / "textes"
    fichier = textes / f"{nom}.md"
    if not re.fullmatch(r"[a-z0-9-]+", nom) or not fichier.is_file():
        existants = ", ".join(sorted(f.stem for f in textes.glob("*.md")))
        raise KeyError(f"texte du réseau inconnu « {nom} ». Textes de reseau/textes/ : {existants}.")
    decalage = "#" * (niveau - 2)
    return re.sub(r"(?m)^(#{2,6}) ", lambda m: decalage + m[1] + " ", fichier.read_text(encoding="utf-8").strip())


# Les blocs générés qui ne lisent que les données (ni la page, ni la navigation), par nom de macro.
_BLOCS_DES_DONNEES = (tableau_chiffres, annee, lieux_d_accueil, mandats, noms_successifs, adresses_successives,
                      date_texte, controles_d_accessibilite, logiciels, periodes, fonctions_du_theme)


def macros_des_donnees(donnees: Donnees) -> tuple[dict[str, Callable], dict[str, Callable]]:
    """(macros, filtres) qui ne dépendent que des données : ceux des pages (macros/__init__.py), et ceux avec
    lesquels « Ce qui a changé » relit une page d'une autre édition avec les données de celle-ci."""
    from . import citations, format as fmt, tableaux

    def chiffre(cle: str) -> str:
        """{{ chiffre("territoire.habitants") }} → le chiffre formaté, sa source en info-bulle et en note."""
        valeur = donnees.chiffre(cle)
        return rendus.chiffre_html(valeur, donnees.source(valeur.source), releve=donnees.releve)

    def tableau(cle: str) -> str:
        """{{ tableau("finances.produits_2019") }} → le tableau de chiffres, seul sur sa ligne, un appel vers sa source."""
        tableau_ = donnees.tableau(cle)
        return tableaux.tableau_html(tableau_, donnees.source(tableau_.source), donnees.releve)

    macros: dict[str, Callable] = {bloc.__name__: functools.partial(bloc, donnees) for bloc in _BLOCS_DES_DONNEES}
    macros.update(
        chiffre=chiffre,
        tableau=tableau,
        repere=functools.partial(citations.repere, donnees=donnees),
        nombre_de_fiches=lambda format_=None: nombre_de_fiches(donnees.jeux.get("fiches", []), format_),
        texte_du_reseau=texte_du_reseau,
    )
    filtres: dict[str, Callable] = {f.__name__: f for f in (fmt.nombre, fmt.pourcent, fmt.euros, fmt.date_longue)}
    filtres.update(avec_chiffres=functools.partial(citations.avec_chiffres, donnees=donnees),
                   date_historique=date_francaise)
    return macros, filtres
