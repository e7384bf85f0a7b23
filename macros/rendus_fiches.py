"""Rendus des fiches actions : des fonctions pures qui changent les fiches validées en HTML.

Chaque rendu renvoie des blocs HTML séparés par des lignes vides. Les titres portent l'attribut
`markdown="1"` (extension md_in_html) quand `sommaire=True` : MkDocs les range alors dans le sommaire de la
page et leur ajoute un lien d'ancre, comme les titres écrits en Markdown. Hors MkDocs, passer
`sommaire=False`. Les liens viennent d'un objet `Liens` (pages du site) ou `LiensAncres` (un seul document).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

import markdown
from pydantic import BaseModel

from . import citations, notes, resultats, surete
from . import fiches as F
from . import format as fmt
from .donnees import marque_du_champ
from .modeles.base import CITATION, CiteDesChiffres
from .modeles.fiches import ETATS, ORIGINES, RESSOURCES, Fiche

_MARKDOWN = markdown.Markdown(extensions=["attr_list", "sane_lists"])
_LIENS = F.Liens()


# ── Briques ───────────────────────────────────────────────────────────────────────────────────────────────
def _md(texte: str) -> str:
    """Un texte d'éditeur, écrit en Markdown, en HTML (paragraphes, listes, emphase, liens) ; tout autre HTML
    (script, attribut on…, adresse javascript:) est retiré par la liste de macros/surete.py."""
    return surete.nettoyer_html(_MARKDOWN.reset().convert(texte))


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
    niveau = min(niveau, 6)
    attributs = f' id="{escape(ancre)}"' + (' markdown="1"' if sommaire else "")
    return f"<h{niveau}{attributs}>{surete.texte_markdown(texte)}</h{niveau}>"


def _assembler(blocs: list[str]) -> str:
    """Des blocs séparés par une ligne vide ; aucune ligne vide à l'intérieur d'un bloc (Markdown le couperait)."""
    return "\n\n".join(re.sub(r"\n\s*\n", "\n", b.strip()) for b in blocs if b and b.strip()) + "\n"


def _liste(elements: list[str], classe: str = "") -> str:
    if not elements:
        return ""
    attribut = f' class="{classe}"' if classe else ""
    return f"<ul{attribut}>" + "".join(f"<li>{e}</li>" for e in elements) + "</ul>"


class _Manque(str):
    """Ce qu'affiche la version de travail à la place d'une valeur absente : une note aux éditeurs."""


def _definitions(paires: list[tuple[str, str]], classe: str = "fiches-definitions") -> str:
    """Une liste de définitions « intitulé → contenu », sans les contenus vides ; un contenu manquant (`_Manque`)
    est une note aux éditeurs, retirée avec son intitulé des PDF et des éditions adoptées (macros/notes.py)."""
    paires = [(t, c) for t, c in paires if c]
    if not paires:
        return ""
    return f'<dl class="{classe}">' + "".join(
        f'<dt class="{notes.CLASSE}">{escape(t)}</dt><dd class="{notes.CLASSE}"><em>{escape(c)}</em></dd>'
        if isinstance(c, _Manque) else f"<dt>{escape(t)}</dt><dd>{c}</dd>" for t, c in paires) + "</dl>"


def _textes(textes: list[str]) -> str:
    return _liste([_md_ligne(t) for t in textes])


def _defilement(table: str, libelle: str, classe: str) -> str:
    """Un tableau large défile à l'intérieur de sa zone (clavier compris) au lieu d'élargir la page."""
    return (f'<div class="fiches-defilement {classe}" role="region" tabindex="0" aria-label="{escape(libelle)}">'
            f"{table}</div>")


def _lien(adresse: str, texte: str) -> str:
    return f'<a href="{escape(adresse)}">{escape(texte)}</a>'


# ── En-tête d'une fiche : rattachement, fonctions, état, calendrier ─────────────────────────────────────────
def fonctions_html(fiche: Fiche, donnees, liens: F.Liens = _LIENS) -> str:
    """Les fonctions visées (liens vers leur groupe de l'index), et qui les a choisies."""
    if fiche.fonctions is None:
        return ""
    connues = F.fonctions(donnees)
    elements = [_lien(liens.page("index", f"fonction-{i}"), connues[i].libelle) for i in fiche.fonctions.retenues]
    html = _liste(elements, "fiches-fonctions") or "<p>Aucune fonction en particulier.</p>"
    html += f'<p class="fiches-origine">{escape(ORIGINES[fiche.fonctions.origine])}</p>'
    if fiche.fonctions.note:
        html += _md(fiche.fonctions.note)
    return html


def etat_html(fiche: Fiche, liens: F.Liens = _LIENS, detail: bool = True) -> str:
    """L'état d'avancement (lien vers son groupe de l'index), la date de revue et le commentaire."""
    etat = F.etat(fiche)
    if etat == F.NON_RENSEIGNE:
        return _Manque(F.libelle_etat(etat))
    html = (f'<a class="fiches-etat fiches-etat--{etat}" href="{escape(liens.page("index", f"etat-{etat}"))}">'
            f"{escape(F.libelle_etat(etat))}</a>")
    avancement = fiche.avancement
    if resultats.etat_depuis(fiche):
        html += f" {escape(resultats.etat_depuis(fiche))}"
    if avancement and avancement.revue:
        html += f" (revue du {fmt.date_longue(avancement.revue)})"
    if detail and avancement and avancement.commentaire:
        html += f'<p class="fiches-commentaire">{escape(avancement.commentaire)}</p>'
    return html


def _entete(fiche: Fiche, donnees, liens: F.Liens) -> str:
    chemin = F.chemin_axe(donnees, fiche.axe)
    return _definitions([
        ("Titre court", escape(fiche.titre_court or "")),
        ("Rattachement", " › ".join(_lien(liens.page("index", f"axe-{a.id}"), F.titre_axe(a)) for a in chemin)),
        ("Fonctions visées", fonctions_html(fiche, donnees, liens)),
        ("État d'avancement", etat_html(fiche, liens)),
        ("Calendrier", escape(F.calendrier_resume(fiche) or "")),
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
    page = f", page {fiche.source.page}" if fiche.source.page else ""
    return (f'<p class="fiches-origine-document">Document d\'origine\u00a0: <cite>{escape(document.document)}</cite>, '
            f"{escape(document.auteur)}, {document.annee}{page}.</p>")


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
def _carte(fiche: Fiche, donnees, liens: F.Liens) -> str:
    """Une fiche dans l'index : son titre (lien), ses fonctions, son état, son calendrier."""
    connues = F.fonctions(donnees)
    fonctions = ""
    if fiche.fonctions is not None:
        fonctions = ", ".join(_lien(liens.page("index", f"fonction-{i}"), connues[i].libelle)
                              for i in fiche.fonctions.retenues) or "aucune en particulier"
        if fiche.fonctions.origine == "choix-editorial":
            fonctions += ' <span class="fiches-precision">(choix éditorial)</span>'
    return (f'<li><p class="fiches-carte__titre">{_lien(liens.fiche(fiche.id), F.titre_complet(fiche))}</p>'
            + _definitions([("Fonctions", fonctions), ("État", etat_html(fiche, liens, detail=False)),
                            ("Calendrier", _calendrier(F.calendrier_resume(fiche)))],
                           "fiches-definitions fiches-en-ligne")
            + "</li>")


def _calendrier(resume: str | None) -> str:
    return escape(resume) if resume else _Manque("non précisé")


def _echeance(echeance: str | None, calendrier: str | None) -> str:
    if echeance:
        return escape(echeance)
    return escape(f"{calendrier} (calendrier de la fiche)") if calendrier else notes.note_html("non précisée")


def _cartes(fiches: list[Fiche], donnees, liens: F.Liens) -> str:
    if not fiches:
        return "<p>Aucune fiche pour l'instant.</p>"
    return '<ul class="fiches-cartes">' + "".join(_carte(f, donnees, liens) for f in fiches) + "</ul>"


def _renvois(fiches: list[Fiche], liens: F.Liens, precision: Callable[[Fiche], str]) -> str:
    if not fiches:
        return "<p>Aucune fiche.</p>"
    return _liste([_lien(liens.fiche(f.id), F.titre_complet(f)) + precision(f) for f in fiches])


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
                      ' <span class="fiches-precision">(choix éditorial)</span>'
                      if f.fonctions.origine == "choix-editorial" else ""))]

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
    entetes = "".join(
        f'<th scope="col"><a href="{escape(liens.page("index", f"fonction-{f.id}"))}" title="{escape(f.libelle)}">'
        f"{escape(f.abrege)}</a></th>" for f in fonctions)
    rangs = []
    for fiche in fiches:
        retenues = fiche.fonctions.retenues if fiche.fonctions else []
        # Entre parenthèses : copiée ou imprimée, la mention ne se lit pas comme la fin du titre.
        mention = (' <span class="fiches-precision">(choix éditorial)</span>'
                   if fiche.fonctions and fiche.fonctions.origine == "choix-editorial" else "")
        cellules = "".join(
            '<td class="fiches-oui"><span aria-hidden="true">✓</span><span class="fiches-lecteur">oui</span></td>'
            if f.id in retenues else '<td><span class="fiches-lecteur">non</span></td>' for f in fonctions)
        rangs.append(f'<tr><th scope="row">{_lien(liens.fiche(fiche.id), F.titre_abrege(fiche))}{mention}</th>'
                     f"{cellules}</tr>")
    totaux = "".join(
        f"<td>{sum(1 for fi in fiches if fi.fonctions and f.id in fi.fonctions.retenues)}</td>" for f in fonctions)
    table = (
        '<table class="fiches-tableau"><caption>Fonctions de l\'offre de service visées par chaque fiche action '
        "(✓\u00a0: fonction visée)</caption>"
        f'<thead><tr><th scope="col">Fiche action</th>{entetes}</tr></thead>'
        f"<tbody>{''.join(rangs)}</tbody>"
        f'<tfoot><tr><th scope="row">Nombre de fiches</th>{totaux}</tr></tfoot></table>'
    )
    legende = _definitions([(f.abrege, _lien(liens.page("index", f"fonction-{f.id}"), f.libelle))
                            for f in fonctions], "fiches-definitions fiches-en-ligne fiches-legende")
    # Le mode d'emploi des liens ne sert qu'à l'écran : retiré du livret (hors-pdf) et de l'impression.
    aide = (f'<p class="hors-pdf">Un clic sur une fonction mène à la liste de ses fiches dans '
            f'{_lien(liens.page("index", "par-fonction"), "l’index")}.</p>')
    return _assembler([aide, _defilement(table, "Matrice des fiches et des fonctions", "fiches-matrice"), legende])


def tableau_de_bord_html(donnees, liens: F.Liens = _LIENS, niveau: int = 2, sommaire: bool = True) -> str:
    """L'avancement des fiches par état, puis chaque indicateur avec sa cible, son échéance et ses résultats."""
    return resultats.tableau_de_bord_html(donnees, liens, niveau, sommaire)
