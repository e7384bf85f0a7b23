"""Rendus des fiches actions : des fonctions pures qui changent les fiches validées en HTML.

Chaque rendu renvoie des blocs HTML séparés par des lignes vides. Les titres portent l'attribut
`markdown="1"` (extension md_in_html) quand `sommaire=True` : MkDocs les range alors dans le sommaire de la
page et leur ajoute un lien d'ancre, comme les titres écrits en Markdown. Hors MkDocs, passer
`sommaire=False`. Les liens viennent d'un objet `Liens` (pages du site) ou `LiensAncres` (un seul document).
"""
from __future__ import annotations

import re
from collections.abc import Callable

import markdown
from jinja2.environment import TemplateModule
from markupsafe import Markup
from pydantic import BaseModel

from . import citations, notes, resultats, surete
from . import fiches as F
from . import format as fmt
from .donnees import marque_du_champ
from .gabarits_jinja import environnement
from .modeles.base import CITATION, CiteDesChiffres
from .modeles.fiches import ETATS, ORIGINES, RESSOURCES, Fiche

# Un convertisseur neuf à chaque texte (markdown.markdown) : rien ne passe d'un texte, ni d'une construction, à
# l'autre (un convertisseur gardé au niveau du module serait un état partagé, remis à zéro à chaque usage).
_EXTENSIONS = ("attr_list", "sane_lists")
_LIENS = F.Liens()


# ── Briques ───────────────────────────────────────────────────────────────────────────────────────────────
def _md(texte: str) -> str:
    """Un texte d'éditeur, écrit en Markdown, en HTML (paragraphes, listes, emphase, liens) ; tout autre HTML
    (script, attribut on…, adresse javascript:) est retiré par la liste de macros/surete.py."""
    return surete.nettoyer_html(markdown.markdown(texte, extensions=_EXTENSIONS))


def _md_ligne(texte: str) -> str:
    """Comme `_md`, sans le paragraphe qui l'entoure quand le texte tient en un seul paragraphe."""
    html = _md(texte)
    seul = re.fullmatch(r"<p>(.*)</p>", html, re.S)
    return seul.group(1) if seul and "<p>" not in seul.group(1) else html


def avec_citations(modele: BaseModel, donnees) -> BaseModel:
    """Une copie où chaque « {jeu.cle} » d'un texte rédigé devient le chiffre de data/, formaté et sourcé."""
    changements = {}
    for nom, info in type(modele).model_fields.items():
        valeur = getattr(modele, nom)
        cite = marque_du_champ(info, CiteDesChiffres) is not None

        def convertir(element):
            if isinstance(element, BaseModel):
                return avec_citations(element, donnees)
            if cite and isinstance(element, str):  # noqa: B023 (appelée aussitôt, dans la boucle)
                return CITATION.sub(lambda cle: citations.citer(cle.group(1), donnees), element)
            return element

        nouvelle = [convertir(e) for e in valeur] if isinstance(valeur, list) else convertir(valeur)
        if nouvelle != valeur:
            changements[nom] = nouvelle
    return modele.model_copy(update=changements) if changements else modele


def _titre(niveau: int, texte: str, ancre: str, sommaire: bool) -> str:
    """Un titre HTML ; avec `sommaire`, MkDocs le traite comme un titre Markdown (sommaire, ancre) : son texte,
    une donnée, n'y garde donc aucun caractère de Markdown (ni lien, ni emphase, ni attribut « { … } »)."""
    return str(environnement().get_template("_macros.html").module.titre(niveau, texte, ancre, sommaire))


def _assembler(blocs: list[str]) -> str:
    """Des blocs séparés par une ligne vide ; aucune ligne vide à l'intérieur d'un bloc (Markdown le couperait)."""
    return "\n\n".join(re.sub(r"\n\s*\n", "\n", b.strip()) for b in blocs if b and b.strip()) + "\n"


def _gabarit() -> TemplateModule:
    """Les macros du gabarit macros/gabarits/fiches.html."""
    return environnement().get_template("fiches.html").module


def _liste(elements: list[str], classe: str = "") -> str:
    """Une liste d'éléments déjà rendus en HTML."""
    return str(_gabarit().liste([Markup(e) for e in elements], classe))


class _Manque(str):
    """Ce qu'affiche la version de travail à la place d'une valeur absente : une note aux éditeurs."""


class _Texte(str):
    """Un contenu de définition en texte simple (non du HTML) : le gabarit l'échappe."""


def _definitions(paires: list[tuple[str, str]], classe: str = "fiches-definitions") -> str:
    """Une liste de définitions « intitulé → contenu », sans les contenus vides ; un contenu manquant (`_Manque`)
    est une note aux éditeurs, retirée avec son intitulé des PDF et des éditions adoptées (macros/notes.py) ; un
    texte simple (`_Texte`) est échappé par le gabarit ; tout autre contenu est du HTML déjà rendu."""
    paires = [(t, str(c) if isinstance(c, (_Manque, _Texte)) else Markup(c), isinstance(c, _Manque))
              for t, c in paires if c]
    return str(_gabarit().definitions(paires, classe, notes.CLASSE))


def _textes(textes: list[str]) -> str:
    return _liste([_md_ligne(t) for t in textes])


def _defilement(table: str, libelle: str, classe: str) -> str:
    """Un tableau large défile à l'intérieur de sa zone (clavier compris) au lieu d'élargir la page."""
    return str(_gabarit().defilement(Markup(table), libelle, classe))


def _lien(adresse: str, texte: str) -> str:
    return str(_gabarit().lien(adresse, texte))


# ── En-tête d'une fiche : rattachement, fonctions, état, calendrier ─────────────────────────────────────────
def fonctions_html(fiche: Fiche, donnees, liens: F.Liens = _LIENS) -> str:
    """Les fonctions visées (liens vers leur groupe de l'index), et qui les a choisies."""
    if fiche.fonctions is None:
        return ""
    note = Markup(_md(fiche.fonctions.note)) if fiche.fonctions.note else ""
    return str(_gabarit().fonctions(_visees(fiche, donnees, liens), ORIGINES[fiche.fonctions.origine], note))


def _visees(fiche: Fiche, donnees, liens: F.Liens) -> list[dict]:
    """Les fonctions retenues par la fiche : libellé et lien vers leur groupe de l'index."""
    connues = F.fonctions(donnees)
    return [{"adresse": liens.page("index", f"fonction-{i}"), "libelle": connues[i].libelle}
            for i in fiche.fonctions.retenues]


def etat_html(fiche: Fiche, liens: F.Liens = _LIENS, detail: bool = True) -> str:
    """L'état d'avancement (lien vers son groupe de l'index), la date de revue et le commentaire."""
    etat = F.etat(fiche)
    if etat == F.NON_RENSEIGNE:
        return _Manque(F.libelle_etat(etat))
    avancement = fiche.avancement
    return str(_gabarit().etat(
        etat, liens.page("index", f"etat-{etat}"), F.libelle_etat(etat), resultats.etat_depuis(fiche),
        fmt.date_longue(avancement.revue) if avancement and avancement.revue else None,
        avancement.commentaire if detail and avancement else None))


def _entete(fiche: Fiche, donnees, liens: F.Liens) -> str:
    chemin = F.chemin_axe(donnees, fiche.axe)
    return _definitions([
        ("Titre court", _Texte(fiche.titre_court or "")),
        ("Rattachement", " › ".join(_lien(liens.page("index", f"axe-{a.id}"), F.titre_axe(a)) for a in chemin)),
        ("Fonctions visées", fonctions_html(fiche, donnees, liens)),
        ("État d'avancement", etat_html(fiche, liens)),
        ("Calendrier", _Texte(F.calendrier_resume(fiche) or "")),
    ], "fiches-definitions fiches-entete")


# ── Rubriques tirées de l'en-tête, après le texte de la page ────────────────────────────────────────────────
def _calendrier(fiche: Fiche, *_) -> list[str]:
    calendrier = fiche.calendrier
    if calendrier is None:
        return []
    periodes = [(F.periode(p.debut, p.fin), _textes(p.contenu)) for p in calendrier.periodes]
    return [_md(calendrier.texte) if calendrier.texte else "", _definitions(periodes, "fiches-periodes")]


def _responsabilites(fiche: Fiche, *_) -> list[str]:
    return [_definitions([(r.domaine, _md_ligne(r.responsables)) for r in fiche.responsabilites])]


def _ressources(fiche: Fiche, *_) -> list[str]:
    return [_definitions([(RESSOURCES[r.nature], _md_ligne(r.detail)) for r in fiche.ressources])]


def _indicateurs(fiche: Fiche, donnees, *_) -> list[str]:
    return [resultats.indicateurs_html(fiche, donnees)]


def _liens(fiche: Fiche, donnees, liens, *_) -> list[str]:
    return [_liste([_lien(liens.fiche(i), F.titre_complet(F.fiche(donnees, i))) for i in fiche.liens])]


def origine_html(fiche: Fiche, donnees) -> str | None:
    """Le document dont la fiche est tirée, en une phrase ; il ouvre la section « Sources » de sa page
    (`rendus.section_sources`) : un seul intertitre pour les sources, jamais « Source » puis « Sources »."""
    if fiche.source is None:
        return None
    document = donnees.source(fiche.source.document)
    return str(_gabarit().origine(document, fiche.source.page))


Rubrique = Callable[..., list[str]]
# (ancre, titre, rendu) : les rubriques tirées de l'en-tête, dans l'ordre où elles suivent le texte de la page.
RUBRIQUES: tuple[tuple[str, str, Rubrique], ...] = (
    ("calendrier", "Calendrier", _calendrier),
    ("responsabilites", "Responsabilités", _responsabilites),
    ("ressources", "Ressources nécessaires", _ressources),
    ("indicateurs", "Indicateurs de suivi et d'évaluation", _indicateurs),
    ("fiches-liees", "Fiches liées", _liens),
)


def entete_html(fiche: Fiche, donnees, liens: F.Liens = _LIENS, niveau: int = 1, sommaire: bool = True) -> str:
    """Le haut d'une page de fiche : son titre au niveau `niveau`, puis rattachement, fonctions, état, calendrier."""
    fiche = avec_citations(fiche, donnees)
    return _assembler([_titre(niveau, F.titre_complet(fiche), liens.ancre(fiche.id, "fiche"), sommaire),
                       _entete(fiche, donnees, liens)])


def rubriques_html(fiche: Fiche, donnees, liens: F.Liens = _LIENS, niveau: int = 2, sommaire: bool = True) -> str:
    """Après le texte de la page : chaque rubrique de l'en-tête qui est remplie, sous son intertitre."""
    fiche = avec_citations(fiche, donnees)
    blocs = []
    for ancre, titre, rendu in RUBRIQUES:
        contenu = [b for b in rendu(fiche, donnees, liens, niveau, sommaire) if b]
        if contenu:
            blocs += [_titre(niveau, titre, liens.ancre(fiche.id, ancre), sommaire), *contenu]
    return _assembler(blocs) if blocs else ""


# ── Index, matrice, tableau de bord ───────────────────────────────────────────────────────────────────────
def _cartes(fiches: list[Fiche], donnees, liens: F.Liens) -> str:
    """Les fiches dans l'index : titre (lien), fonctions, état, calendrier."""
    gabarit = _gabarit()
    return str(gabarit.cartes([{
        "adresse": liens.fiche(fiche.id), "titre": F.titre_complet(fiche),
        "definitions": Markup(_definitions([
            ("Fonctions", str(gabarit.fonctions_en_ligne(
                _visees(fiche, donnees, liens), fiche.fonctions.origine == "choix-editorial"))
             if fiche.fonctions is not None else ""),
            ("État", etat_html(fiche, liens, detail=False)),
            ("Calendrier", _calendrier_en_bref(F.calendrier_resume(fiche)))], "fiches-definitions fiches-en-ligne")),
    } for fiche in fiches]))


def _calendrier_en_bref(resume: str | None) -> str:
    return _Texte(resume) if resume else _Manque("non précisé")


def _renvois(fiches: list[Fiche], liens: F.Liens, precision: Callable[[Fiche], str]) -> str:
    """Des fiches en liste, chacune suivie de sa précision (texte, ou `Markup` déjà rendu)."""
    return str(_gabarit().renvois([{"adresse": liens.fiche(f.id), "titre": F.titre_complet(f),
                                    "precision": precision(f)} for f in fiches]))


def index_html(donnees, liens: F.Liens = _LIENS, niveau: int = 2, sommaire: bool = True) -> str:
    """L'index : les fiches par axe (avec fonctions, état, calendrier), puis par fonction, puis par état."""
    fiches = F.fiches_ordonnees(donnees)
    blocs = [_titre(niveau, "Par axe", "par-axe", sommaire)]
    for axe, profondeur in F.axes_a_plat(donnees):
        blocs.append(_titre(niveau + 1 + profondeur, F.titre_axe(axe), f"axe-{axe.id}", sommaire))
        if axe.presentation:
            blocs.append(_md(avec_citations(axe, donnees).presentation))
        rattachees = [f for f in fiches if f.axe == axe.id]
        if rattachees or not axe.objectifs:
            blocs.append(_cartes(rattachees, donnees, liens))
    sans_axe = [f for f in fiches if f.axe is None]
    if sans_axe:
        blocs += [_titre(niveau + 1, "Fiches sans axe", "axe-aucun", sommaire), _cartes(sans_axe, donnees, liens)]

    # Les rangements par fonction et par état sont des filtres du site : le livret a la matrice et le tableau
    # de bord (classe hors-pdf, retirée à l'assemblage).
    blocs.append('<div class="hors-pdf" markdown="1">')
    blocs.append(_titre(niveau, "Par fonction de l'offre de service", "par-fonction", sommaire))
    for fonction in F.fonctions(donnees).values():
        visees = [f for f in fiches if f.fonctions and fonction.id in f.fonctions.retenues]
        blocs += [_titre(niveau + 1, fonction.libelle, f"fonction-{fonction.id}", sommaire),
                  _renvois(visees, liens, lambda f: (
                      _gabarit().choix_editorial() if f.fonctions.origine == "choix-editorial" else ""))]

    blocs.append(_titre(niveau, "Par état d'avancement", "par-etat", sommaire))
    for etat in [*ETATS, F.NON_RENSEIGNE]:
        concernees = [f for f in fiches if F.etat(f) == etat]
        if etat == F.NON_RENSEIGNE and not concernees:
            continue
        groupe = [_titre(niveau + 1, F.libelle_etat(etat), f"etat-{etat}", sommaire),
                  _renvois(concernees, liens, lambda f: (
                      f" (revue du {fmt.date_longue(f.avancement.revue)})"
                      if f.avancement and f.avancement.revue else ""))]
        # Les fiches sans état : une note aux éditeurs (macros/notes.py), pas une rubrique pour le public.
        blocs += [f'<div class="{notes.CLASSE}" markdown="1">', *groupe, "</div>"] if etat == F.NON_RENSEIGNE else groupe
    blocs.append("</div>")
    return _assembler(blocs)


def matrice_html(donnees, liens: F.Liens = _LIENS) -> str:
    """Le tableau fiches × fonctions : une ligne par fiche, une colonne par fonction, un total par colonne."""
    fiches = F.fiches_ordonnees(donnees)
    fonctions = list(F.fonctions(donnees).values())
    rangs = [{
        "lien": liens.fiche(fiche.id), "titre": F.titre_abrege(fiche),
        "editorial": bool(fiche.fonctions and fiche.fonctions.origine == "choix-editorial"),
        "cellules": [bool(fiche.fonctions and f.id in fiche.fonctions.retenues) for f in fonctions],
    } for fiche in fiches]
    totaux = [sum(rang["cellules"][i] for rang in rangs) for i in range(len(fonctions))]
    gabarit = _gabarit()
    table = gabarit.matrice([{"lien": liens.page("index", f"fonction-{f.id}"), "libelle": f.libelle,
                              "abrege": f.abrege} for f in fonctions], rangs, totaux)
    legende = _definitions([(f.abrege, _lien(liens.page("index", f"fonction-{f.id}"), f.libelle))
                            for f in fonctions], "fiches-definitions fiches-en-ligne fiches-legende")
    return _assembler([str(gabarit.aide_matrice(liens.page("index", "par-fonction"))),
                       _defilement(table, "Matrice des fiches et des fonctions", "fiches-matrice"), legende])


def tableau_de_bord_html(donnees, liens: F.Liens = _LIENS, niveau: int = 2, sommaire: bool = True) -> str:
    """L'avancement des fiches par état, puis chaque indicateur avec sa cible, son échéance et ses résultats."""
    return resultats.tableau_de_bord_html(donnees, liens, niveau, sommaire)
