"""Rendus : des fonctions pures qui transforment des données validées en HTML pour les pages."""
from __future__ import annotations

from jinja2.environment import TemplateModule

from . import format as fmt, notes, sources_page
from .gabarits_jinja import environnement
from .modeles.base import QUALIFICATIFS, Chiffre, Repere, Source, TableauDeChiffres


def _gabarit() -> TemplateModule:
    """Les macros du gabarit macros/gabarits/rendus.html."""
    return environnement().get_template("rendus.html").module


def valeur_formatee(chiffre: Chiffre) -> str:
    """Le chiffre tel qu'on le lit : qualificatif, nombre à la française, unité (« près de 75 % ») ; ou les mots
    de la source (« la moitié »)."""
    if chiffre.forme:
        return chiffre.forme
    texte = nombre_avec_unite(chiffre, chiffre.valeur_max if chiffre.valeur_max is not None else chiffre.valeur)
    if chiffre.valeur_max is not None:
        # Une fourchette : « 5 à 7 », « 5 à 7 % » ; l'unité n'est écrite qu'une fois, après le haut.
        bas = fmt.millions(chiffre.valeur) if chiffre.echelle == "millions" and chiffre.unite == "nombre" \
            else fmt.nombre(chiffre.valeur)
        texte = f"{bas}\u00a0à\u00a0{texte}"
    qualificatif = QUALIFICATIFS[chiffre.qualificatif]
    return f"{qualificatif}\u00a0{texte}" if qualificatif else texte


def nombre_avec_unite(chiffre: Chiffre | TableauDeChiffres, valeur: float) -> str:
    """Un nombre avec l'unité du chiffre (ou du tableau) : « 11,4 % », « 1 637 478 € », « 7 millions », « 73 500 »."""
    if chiffre.unite == "pourcent":
        return fmt.pourcent(valeur)
    if chiffre.unite == "euros":
        return fmt.euros(valeur)
    if chiffre.echelle == "millions":
        return fmt.millions(valeur)
    return fmt.nombre(valeur)


def reference_source(source: Source) -> str:
    """« Projet associatif…, Mission Locale…, 2024 » : le document, son auteur, son année."""
    return f"{source.document}, {source.auteur}, {source.annee}"


def mention_source(chiffre: Chiffre | Repere, source: Source) -> str:
    """« Source : Projet associatif…, Mission Locale…, 2024 (chiffre de 2023) »."""
    texte = f"Source : {reference_source(source)}"
    if getattr(chiffre, "annee", None) and chiffre.annee != source.annee:
        texte += f" (chiffre de {chiffre.annee})"
    return texte


def chiffre_html(chiffre: Chiffre, source: Source, *, appel: bool = True,
                 releve: sources_page.Releve | None = None) -> str:
    """Le chiffre dans le texte : sa source en info-bulle et, dans une page (`releve`, celui de la page en cours :
    `Donnees.releve`), un appel vers la liste « Sources ».

    `appel=False` (cellule d'un tableau qui dit ses sources dessous) : le chiffre entre dans la liste « Sources »
    de la page, sans appel collé au nombre."""
    # « À vérifier » : seule la version de travail en publie (macros/a_verifier.py refuse une édition adoptée).
    html = _gabarit().chiffre(valeur_formatee(chiffre), mention_source(chiffre, source), chiffre.a_verifier)
    return _avec_appel(str(html), chiffre, source, releve, appel)


def _avec_appel(html: str, element: Chiffre | Repere, source: Source, releve: sources_page.Releve | None,
                appel: bool = True) -> str:
    """Dans une page, le chiffre ou la date suivi de son appel vers la liste « Sources » ; ailleurs, tel quel."""
    numero = citer(element, source, releve)
    return (html + appel_source_html(*numero)) if numero and appel else html


def citer(element: Chiffre | Repere | TableauDeChiffres, source: Source,
          releve: sources_page.Releve | None) -> tuple[int, str] | None:
    """L'élément entre dans la liste « Sources » de la page (`releve`) : le numéro et l'ancre de son entrée (None
    hors d'une page)."""
    if releve is None:
        return None
    entree = releve.citer(element, source)
    return entree.numero, releve.ancre(entree)


def appel_source_html(numero: int, ancre: str) -> str:
    """L'appel en exposant : un lien qui marche au toucher, à l'impression et avec un lecteur d'écran."""
    return str(_gabarit().appel(numero, ancre))


def entree_source_html(source: Source, annee: int, cites: list[Chiffre | Repere | TableauDeChiffres], fichiers: list[str] = ()) -> str:
    """« Document, auteur, 2024. Chiffres de 2023 : libellé : valeur ; … » (une ligne de la liste « Sources »),
    puis le fichier de données où corriger ces chiffres."""
    return str(_gabarit().entree_source(_entree(source, annee, cites, fichiers), notes.CLASSE))


def _entree(source: Source, annee: int, cites: list[Chiffre | Repere | TableauDeChiffres],
            fichiers: list[str] = ()) -> dict:
    """Une entrée de la liste « Sources » telle que le gabarit l'écrit."""
    chiffres = [c for c in cites if isinstance(c, Chiffre)]
    reperes = [r for r in cites if isinstance(r, Repere)]
    # Un tableau compte pour une entrée : son titre, et non chacune de ses cases.
    tableaux = [t for t in cites if isinstance(t, TableauDeChiffres)]
    s, x = "s" if len(chiffres) > 1 else "", "x" if len(tableaux) > 1 else ""
    return {
        "document": source.document, "auteur": source.auteur, "annee": source.annee, "fichiers": fichiers,
        "chiffres": _liste_citee(chiffres, valeur_formatee),
        "datation_chiffres": f"Chiffre{s} de {annee}" if any(c.annee for c in chiffres) else f"Chiffre{s} cité{s}",
        "tableaux": tableaux,
        "datation_tableaux": f"Tableau{x}" + (f" de {annee}" if any(t.annee for t in tableaux) else ""),
        "reperes": _liste_citee(reperes, lambda r: fmt.date_precise(r.date, r.precision)),
        "datation_reperes": "Dates citées" if len(reperes) > 1 else "Date citée",
    }


def _liste_citee(elements: list, valeur) -> list[dict]:
    """Les éléments d'une entrée de la liste « Sources » : libellé, valeur, note, réserve."""
    return [{"libelle": e.libelle, "valeur": valeur(e), "note": e.note, "a_verifier": getattr(e, "a_verifier", None)}
            for e in elements]


def section_sources(releve: sources_page.Releve | None, fichier_de=lambda element: None,
                    origine: str | None = None) -> str:
    """La section « Sources » à ajouter à la fin du Markdown d'une page (rien si elle ne cite rien).

    `fichier_de(chiffre)` : le fichier de données où il s'écrit (`Donnees.fichier_de`), nommé dans l'entrée.
    `origine` : le document dont la page est tirée (HTML sûr, `rendus_fiches.origine_html`), en tête de la
    section ; seul, il la titre « Source »."""
    entrees = releve.entrees.values() if releve is not None else []
    if not entrees and not origine:
        return ""
    liste = _gabarit().liste_sources([
        {**_entree(e.source, e.annee, e.chiffres, _fichiers(e, fichier_de)), "ancre": releve.ancre(e)}
        for e in entrees
    ], notes.CLASSE) if entrees else ""
    titre = "Sources" if entrees else "Source"
    return f"\n\n## {titre} {{ .titre-sources }}\n\n" + (f"{origine}\n\n" if origine else "") + str(liste)


def _fichiers(entree: sources_page.Entree, fichier_de) -> list[str]:
    """Les fichiers de données où s'écrivent les chiffres d'une entrée de la liste « Sources »."""
    return sorted({f for c in entree.chiffres if (f := fichier_de(c))})


_DATETIME = {"jour": "%Y-%m-%d", "mois": "%Y-%m", "annee": "%Y"}


def repere_html(repere: Repere, source: Source, *, releve: sources_page.Releve | None = None) -> str:
    """Une date dans le texte (« septembre 2023 »), lisible par les machines, sa source en info-bulle et, dans une
    page (`releve`), en note."""
    html = _gabarit().repere(repere.date.strftime(_DATETIME[repere.precision]), mention_source(repere, source),
                             fmt.date_precise(repere.date, repere.precision))
    return _avec_appel(str(html), repere, source, releve)


def sigles_html(sigles: dict[str, str]) -> str:
    """La liste des sigles, dans l'ordre alphabétique (accents ignorés), en liste de définitions."""
    import unicodedata

    def cle(sigle: str) -> str:
        return unicodedata.normalize("NFKD", sigle).encode("ascii", "ignore").decode()

    return str(_gabarit().sigles([(s, sigles[s]) for s in sorted(sigles, key=cle)]))
