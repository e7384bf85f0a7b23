"""Résultats : ce que les indicateurs des fiches ont atteint, année après année, et les chiffres d'activité.

Des fonctions pures, des données validées vers du HTML, écrit par les gabarits de macros/gabarits/ (Jinja,
échappement automatique) : la page d'une fiche (rubrique « Indicateurs »), le tableau de bord, la partie
« Bilan » du livret et les graphiques de l'activité (data/activite.yml). Rien n'est inventé : un indicateur
sans résultat le dit, avec l'année du premier bilan attendu, déduite de la période de l'édition.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from markupsafe import Markup

from . import fiches as F, format as fmt, graphiques, notes, rendus
from .gabarits_jinja import rendre
from .modeles.base import Chiffre
from .modeles.fiches import ETATS, Fiche, Indicateur, Mesure
from .modeles.graphiques import SERIES_MAX, Graphique, Point, Serie

_NOMBRE_EN_TETE = re.compile(r"^\s*(\d[\d\s\u00a0\u202f]*(?:[.,]\d+)?)")


# ── Lecture des résultats ──────────────────────────────────────────────────────────────────────────────────
def quand(mesure: Mesure) -> str:
    """« 2025 » ou « juin 2025 »."""
    if mesure.mois:
        return fmt.date_precise(datetime.date(mesure.annee, mesure.mois, 1), "mois")
    return str(mesure.annee)


def chiffre(mesure: Mesure, indicateur: Indicateur) -> Chiffre:
    """Une mesure comme un chiffre de data/ : même mise en forme, même mention de sa source."""
    return Chiffre(libelle=f"{indicateur.libelle} ({quand(mesure)})", valeur=mesure.valeur,
                   unite=indicateur.unite, annee=mesure.annee, source=mesure.source, note=mesure.commentaire)


def chiffre_source(donnees, fiche: Fiche, mesure: Mesure, indicateur: Indicateur) -> Chiffre:
    """La mesure comme chiffre d'une page : la liste « Sources » dit de quelle fiche il vient (où le corriger)."""
    fichiers = dict(zip((f.id for f in donnees.jeux.sans_suivi("fiches")), donnees.fichiers.get("fiches", [])))
    return donnees.chiffre_derive(mesure, lambda: chiffre(mesure, indicateur),
                                  fichiers.get(fiche.id, F.chemin_source(fiche.id)))


def valeur(mesure: Mesure, indicateur: Indicateur) -> str:
    """La valeur lisible : « 120 », « 62,5 % », « 12 000 € »."""
    return rendus.valeur_formatee(chiffre(mesure, indicateur))


def cible_en_nombre(indicateur: Indicateur) -> float | None:
    """Le nombre par lequel commence la cible (« 150 jeunes » → 150), ou None."""
    trouve = _NOMBRE_EN_TETE.match(indicateur.cible or "")
    if not trouve:
        return None
    return float(re.sub(r"[\s\u00a0\u202f]", "", trouve[1]).replace(",", "."))


def annee_d_echeance(indicateur: Indicateur) -> int | None:
    """L'année de l'échéance (« fin 2026 » → 2026), ou None."""
    trouve = re.search(r"\b(19|20)\d\d\b", indicateur.echeance or "")
    return int(trouve[0]) if trouve else None


def phrase(indicateur: Indicateur) -> str | None:
    """Le dernier résultat en mots : « 120 jeunes en 2025, pour une cible de 150 en 2026 » ; None sans résultat."""
    if not indicateur.resultats:
        return None
    dernier = indicateur.resultats[-1]
    texte = valeur(dernier, indicateur) + (f"\u00a0{indicateur.mesure}" if indicateur.mesure else "")
    texte += f" en {quand(dernier)}"
    if indicateur.cible:
        texte += f", pour une cible de {indicateur.cible}"
        if indicateur.echeance:
            annee = annee_d_echeance(indicateur)
            texte += f" en {annee}" if str(annee) == indicateur.echeance.strip() else f", échéance {indicateur.echeance}"
    return texte


def part_de_la_cible(indicateur: Indicateur) -> str | None:
    """« 80 % de la cible » quand la cible et le dernier résultat sont des nombres ; sinon None."""
    cible = cible_en_nombre(indicateur)
    if not indicateur.resultats or not cible:
        return None
    return f"{fmt.pourcent(round(100 * indicateur.resultats[-1].valeur / cible))} de la cible"


def premier_bilan(donnees) -> int:
    """L'année du premier bilan : la fin de la première année de l'édition publiée."""
    return donnees.jeux["edition"].periode.debut + 1


def a_des_resultats(donnees) -> bool:
    """Vrai si une fiche publie au moins un résultat, ou si la structure a des chiffres d'activité."""
    return "activite" in donnees.jeux or any(
        i.resultats for f in donnees.jeux.get("fiches", []) for i in f.indicateurs)


# ── Graphiques ───────────────────────────────────────────────────────────────────────────────────────────
def _points(nom: str, mesures: list[tuple[str, Chiffre]]) -> tuple[Serie, graphiques.Serie]:
    """Une série du modèle (pour l'empreinte du dessin) et la même, prête à dessiner."""
    modele = Serie(nom=nom, points=[Point(chiffre=f"resultat.{i}", libelle=e) for i, (e, _) in enumerate(mesures)])
    return modele, graphiques.Serie(nom, tuple(graphiques.Point(e, f"resultat.{i}", c)
                                               for i, (e, c) in enumerate(mesures)))


def _figure(identifiant: str, titre: str, description: str, axe: str,
            series: list[tuple[str, list[tuple[str, Chiffre]]]], donnees, tableau: bool) -> str:
    series = [(nom, mesures) for nom, mesures in series if mesures]
    paires = [_points(nom, mesures) for nom, mesures in series]
    graphique = Graphique(id=identifiant, titre=titre, description=description, type="courbe",
                          axe_categories="Année", axe_valeurs=axe, series=[m for m, _ in paires])
    etiquettes = list(dict.fromkeys(p.etiquette for _, s in paires for p in s.points))
    if all(e.isdigit() for e in etiquettes):
        etiquettes.sort(key=int)
    return graphiques.figure_de_series(graphique, [s for _, s in paires], etiquettes, donnees, tableau=tableau)


def figure_indicateur(fiche: Fiche, rang: int, indicateur: Indicateur, donnees) -> str:
    """Le graphique des résultats d'un indicateur, avec sa situation de départ et sa cible ; "" s'il n'y aurait
    qu'un point à dessiner (la phrase et le tableau suffisent)."""
    depart = indicateur.situation_de_depart
    series = [("Situation de départ", [(quand(depart), chiffre(depart, indicateur))] if depart else []),
              ("Résultats", [(quand(m), chiffre(m, indicateur)) for m in indicateur.resultats])]
    cible, annee = cible_en_nombre(indicateur), annee_d_echeance(indicateur)
    if cible is not None and annee and fiche.source is not None:
        series.append(("Cible", [(str(annee), Chiffre(libelle=f"Cible : {indicateur.libelle}", valeur=cible,
                                                      unite=indicateur.unite, annee=annee,
                                                      source=fiche.source.document))]))
    if sum(len(m) for _, m in series) < 2:
        return ""
    return _figure(f"resultats-{fiche.id}-{rang}", indicateur.libelle,
                   "Les résultats de l'indicateur, année par année, depuis la situation de départ et vers la cible.",
                   (indicateur.mesure or "Valeur").capitalize(), series, donnees, tableau=False)


# ── Ce que les gabarits reçoivent ─────────────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class LigneResultat:
    """Une ligne du tableau des résultats d'un indicateur."""

    nature: str  # « Situation de départ » ou « Résultat »
    quand: str
    valeur: Markup
    commentaire: str | None


@dataclass(frozen=True)
class VueIndicateur:
    """Un indicateur tel que l'affichent la fiche, le tableau de bord et le bilan."""

    rang: int
    indicateur: Indicateur
    phrase: str | None
    part: str | None
    lignes: tuple[LigneResultat, ...]
    dernier: Markup | None  # la dernière valeur, sourcée
    figure: Markup


def vue(fiche: Fiche, rang: int, indicateur: Indicateur, donnees, figure: bool = False,
        appel: bool = True) -> VueIndicateur:
    """Tout ce qu'affiche un indicateur ; chaque valeur porte sa source (info-bulle, liste « Sources »)."""
    def sourcee(mesure: Mesure) -> Markup:
        valeur = chiffre_source(donnees, fiche, mesure, indicateur)
        return Markup(rendus.chiffre_html(valeur, donnees.source(valeur.source), appel=appel,
                                         releve=donnees.releve))

    lignes = []
    if indicateur.situation_de_depart:
        depart = indicateur.situation_de_depart
        lignes.append(LigneResultat("Situation de départ", quand(depart), sourcee(depart), depart.commentaire))
    lignes += [LigneResultat("Résultat", quand(m), sourcee(m), m.commentaire) for m in indicateur.resultats]
    return VueIndicateur(
        rang, indicateur, phrase(indicateur), part_de_la_cible(indicateur), tuple(lignes),
        sourcee(indicateur.resultats[-1]) if indicateur.resultats else None,
        Markup(figure_indicateur(fiche, rang, indicateur, donnees) if figure and indicateur.resultats else ""))


def sources_de(fiche: Fiche, donnees) -> list[str]:
    """Les documents d'où viennent les résultats de la fiche, une fois chacun."""
    ids = dict.fromkeys(m.source for i in fiche.indicateurs
                        for m in ([i.situation_de_depart] if i.situation_de_depart else []) + i.resultats)
    return [rendus.reference_source(donnees.source(s)) for s in ids]


# ── Rendus ───────────────────────────────────────────────────────────────────────────────────────────────
def indicateurs_html(fiche: Fiche, donnees) -> str:
    """La rubrique « Indicateurs » d'une fiche : chaque indicateur, sa cible, ses résultats (phrase, graphique,
    tableau) ; sans résultat, l'année du premier bilan attendu."""
    if not fiche.indicateurs:
        return ""
    vues = [vue(fiche, rang, i, donnees, figure=True) for rang, i in enumerate(fiche.indicateurs, 1)]
    return rendre("indicateurs_fiche.html", fiche=fiche, vues=vues, premier_bilan=premier_bilan(donnees),
                  aucun=not any(v.lignes for v in vues))


def etat_depuis(fiche: Fiche) -> str:
    """« depuis mars 2025 » quand la fiche dit depuis quand elle est dans son état ; sinon ""."""
    avancement = fiche.avancement
    if avancement is None or avancement.depuis is None:
        return ""
    texte = fmt.date_precise(avancement.depuis, avancement.depuis_precision)
    return f"depuis {'le ' if avancement.depuis_precision == 'jour' else ''}{texte}"


def tableau_de_bord_html(donnees, liens: F.Liens, niveau: int = 2, sommaire: bool = True) -> str:
    """Le tableau de bord : l'état de chaque fiche, puis la progression de chaque indicateur, par axe ; les
    mêmes fiches rangées par fonction de l'offre de service (des ancres : un filtre sans JavaScript)."""
    fiches = F.fiches_ordonnees(donnees)
    etats = []
    for etat in [*ETATS, F.NON_RENSEIGNE]:
        concernees = [f for f in fiches if F.etat(f) == etat]
        if etat != F.NON_RENSEIGNE or concernees:
            etats.append((etat, F.libelle_etat(etat), concernees))
    axes = [(axe, profondeur, [f for f in fiches if f.axe == axe.id]) for axe, profondeur in F.axes_a_plat(donnees)]
    sans_axe = [f for f in fiches if f.axe is None]
    fonctions = [(fonction, [f for f in fiches if f.fonctions and fonction.id in f.fonctions.retenues])
                 for fonction in F.fonctions(donnees).values()]
    vues = {f.id: [vue(f, rang, i, donnees) for rang, i in enumerate(f.indicateurs, 1)] for f in fiches}
    return rendre("tableau_de_bord.html", F=F, fiches=fiches, etats=etats, axes=axes, sans_axe=sans_axe, note=notes.CLASSE,
                  fonctions=fonctions, vues=vues, liens=liens, niveau=niveau, sommaire=sommaire,
                  nombre=sum(len(f.indicateurs) for f in fiches), fmt=fmt, etat_depuis=etat_depuis,
                  premier_bilan=premier_bilan(donnees))


def bilan_html(donnees, liens: F.Liens, niveau: int = 2) -> str:
    """La partie « Bilan » du livret : les résultats de chaque fiche qui en publie, puis l'activité année par
    année ; "" s'il n'y a rien à y mettre."""
    if not a_des_resultats(donnees):
        return ""
    fiches = [f for f in F.fiches_ordonnees(donnees) if any(i.resultats for i in f.indicateurs)]
    vues = {f.id: [vue(f, rang, i, donnees, appel=False) for rang, i in enumerate(f.indicateurs, 1)
                   if i.resultats] for f in fiches}
    return rendre("bilan.html", F=F, fiches=fiches, vues=vues, liens=liens, niveau=niveau,
                  sources={f.id: sources_de(f, donnees) for f in fiches}, etat_depuis=etat_depuis,
                  activite=Markup(activite_html(donnees, niveau + 1, "bilan-activite")) if "activite" in donnees.jeux else "")


def activite_html(donnees, niveau: int = 2, prefixe: str = "activite") -> str:
    """Les chiffres d'activité de data/activite.yml : un graphique par unité (quatre séries au plus), puis le
    tableau de toutes les années, chaque chiffre avec sa source. `prefixe` distingue les identifiants des
    graphiques quand un même document les montre deux fois (page « Activité » et bilan du livret)."""
    if "activite" not in donnees.jeux:
        raise KeyError("pas de chiffres d'activité dans cette structure : écrivez-les dans data/activite.yml "
                       "(voir data/README.md, « activite »).")
    activite = donnees.jeux["activite"]
    groupes: dict[str, list] = {}
    for serie in activite.series:
        groupes.setdefault(serie.unite, []).append(serie)
    figures = []
    for unite, series in groupes.items():
        for debut in range(0, len(series), SERIES_MAX):
            lot = series[debut:debut + SERIES_MAX]
            figures.append(Markup(_figure(
                f"{prefixe}-{unite}-{debut // SERIES_MAX + 1}", activite.titre,
                "Les chiffres d'activité de la structure, année par année ; chaque chose comptée forme une série.",
                {"nombre": "Nombre", "pourcent": "Pourcentage", "euros": "Euros"}[unite],
                [(s.libelle, [(str(v.annee), activite.chiffres[f"{s.id}_{v.annee}"]) for v in s.valeurs])
                 for s in lot], donnees, tableau=False)))
    annees = sorted({v.annee for s in activite.series for v in s.valeurs})
    cellules = {(s.id, v.annee): Markup(rendus.chiffre_html(
        c := activite.chiffres[f"{s.id}_{v.annee}"], donnees.source(c.source), releve=donnees.releve))
        for s in activite.series for v in s.valeurs}
    notes = [(s.libelle, v.annee, v.note) for s in activite.series for v in s.valeurs if v.note]
    sources = dict.fromkeys(v.source for s in activite.series for v in s.valeurs)
    return rendre("activite.html", activite=activite, figures=figures, annees=annees, cellules=cellules,
                  notes=notes, niveau=niveau,
                  sources=[rendus.reference_source(donnees.source(s)) for s in sources])


def dernier_resultat(donnees, fiche_id: str, rang: int = 1) -> str:
    """{{ dernier_resultat("fiche", 1) }} : la dernière valeur d'un indicateur, sourcée comme {{ chiffre(…) }}
    (chiffres clés de l'accueil) ; une erreur claire si l'indicateur n'existe pas ou n'a pas de résultat."""
    fiche = F.fiche(donnees, fiche_id)
    if not 1 <= rang <= len(fiche.indicateurs):
        raise KeyError(f"la fiche « {fiche_id} » n'a pas d'indicateur n° {rang} "
                       f"(elle en a {len(fiche.indicateurs)}).")
    indicateur = fiche.indicateurs[rang - 1]
    if not indicateur.resultats:
        raise KeyError(f"l'indicateur « {indicateur.libelle} » de la fiche « {fiche_id} » n'a pas encore de "
                       "résultat : il ne peut pas être un chiffre clé.")
    valeur = chiffre_source(donnees, fiche, indicateur.resultats[-1], indicateur)
    return rendus.chiffre_html(valeur, donnees.source(valeur.source), releve=donnees.releve)
