"""Rendus : des fonctions pures qui transforment des données validées en HTML pour les pages."""
from __future__ import annotations

from html import escape

from . import format as fmt, notes, sources_page
from .surete import texte_markdown
from .modeles.base import QUALIFICATIFS, Chiffre, Repere, Source, TableauDeChiffres


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
    html = (
        f'<span class="chiffre" title="{escape(mention_source(chiffre, source))}">'
        f"{texte_markdown(valeur_formatee(chiffre))}</span>"  # « forme » : un texte, dans une page en Markdown
    )
    if chiffre.a_verifier:
        # Seule la version de travail en publie (macros/a_verifier.py refuse une édition adoptée).
        html += f' <small class="a-verifier" title="{escape(chiffre.a_verifier)}">(à vérifier)</small>'
    return _avec_appel(html, chiffre, source, releve, appel)


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
    return (f'<sup class="appel-source"><a href="#{escape(ancre)}" aria-label="source {numero}">'
            f"{numero}</a></sup>")


def entree_source_html(source: Source, annee: int, cites: list[Chiffre | Repere | TableauDeChiffres], fichiers: list[str] = ()) -> str:
    """« Document, auteur, 2024. Chiffres de 2023 : libellé : valeur ; … » (une ligne de la liste « Sources »),
    puis le fichier de données où corriger ces chiffres."""
    chiffres = [c for c in cites if isinstance(c, Chiffre)]
    reperes = [r for r in cites if isinstance(r, Repere)]
    tableaux = [t for t in cites if isinstance(t, TableauDeChiffres)]
    phrases = [f"<cite>{escape(source.document)}</cite>, {escape(source.auteur)}, {source.annee}"]
    if chiffres:
        s = "s" if len(chiffres) > 1 else ""
        datation = f"Chiffre{s} de {annee}" if any(c.annee for c in chiffres) else f"Chiffre{s} cité{s}"
        phrases.append(f"{datation}\u00a0: {_liste_citee(chiffres, valeur_formatee)}")
    if tableaux:
        # Un tableau compte pour une entrée : son titre, et non chacune de ses cases.
        s = "x" if len(tableaux) > 1 else ""
        datation = f" de {annee}" if any(t.annee for t in tableaux) else ""
        phrases.append(f"Tableau{s}{datation}\u00a0: " + "\u00a0; ".join(
            escape(t.titre) + (f" ({escape(t.note)})" if t.note else "") for t in tableaux))
    if reperes:
        s = "s" if len(reperes) > 1 else ""
        phrases.append(f"Date{s} citée{s}\u00a0: "
                       + _liste_citee(reperes, lambda r: fmt.date_precise(r.date, r.precision)))
    # Note aux éditeurs, après le point : retirée (macros/notes.py), elle ne laisse pas de ponctuation orpheline.
    note = (f' <span class="source-fichier {notes.CLASSE}">À modifier dans\u00a0: '
            + ", ".join(escape(f) for f in fichiers) + "</span>") if fichiers else ""
    return ". ".join(phrases) + "." + note


def _liste_citee(elements: list, valeur) -> str:
    """« libellé : valeur (note) ; … » pour les éléments d'une entrée de la liste « Sources »."""
    return "\u00a0; ".join(
        f"{escape(e.libelle)}\u00a0: {escape(valeur(e))}" + (f" ({escape(e.note)})" if e.note else "")
        + (f" (à vérifier\u00a0: {escape(e.a_verifier)})" if getattr(e, "a_verifier", None) else "")
        for e in elements
    )


def section_sources(releve: sources_page.Releve | None, fichier_de=lambda element: None,
                    origine: str | None = None) -> str:
    """La section « Sources » à ajouter à la fin du Markdown d'une page (rien si elle ne cite rien).

    `fichier_de(chiffre)` : le fichier de données où il s'écrit (`Donnees.fichier_de`), nommé dans l'entrée.
    `origine` : le document dont la page est tirée (HTML sûr, `rendus_fiches.origine_html`), en tête de la
    section ; seul, il la titre « Source »."""
    entrees = releve.entrees.values() if releve is not None else []
    if not entrees and not origine:
        return ""
    lignes = "\n".join(
        f'<li id="{releve.ancre(e)}">{entree_source_html(e.source, e.annee, e.chiffres, _fichiers(e, fichier_de))}</li>'
        for e in entrees
    )
    titre = "Sources" if entrees else "Source"
    return (f"\n\n## {titre} {{ .titre-sources }}\n\n" + (f"{origine}\n\n" if origine else "")
            + (f'<ol class="sources-page">\n{lignes}\n</ol>\n' if entrees else ""))


def _fichiers(entree: sources_page.Entree, fichier_de) -> list[str]:
    """Les fichiers de données où s'écrivent les chiffres d'une entrée de la liste « Sources »."""
    return sorted({f for c in entree.chiffres if (f := fichier_de(c))})


_DATETIME = {"jour": "%Y-%m-%d", "mois": "%Y-%m", "annee": "%Y"}


def repere_html(repere: Repere, source: Source, *, releve: sources_page.Releve | None = None) -> str:
    """Une date dans le texte (« septembre 2023 »), lisible par les machines, sa source en info-bulle et, dans une
    page (`releve`), en note."""
    html = (
        f'<time class="chiffre" datetime="{repere.date.strftime(_DATETIME[repere.precision])}" '
        f'title="{escape(mention_source(repere, source))}">'
        f"{escape(fmt.date_precise(repere.date, repere.precision))}</time>"
    )
    return _avec_appel(html, repere, source, releve)


def sigles_html(sigles: dict[str, str]) -> str:
    """La liste des sigles, dans l'ordre alphabétique (accents ignorés), en liste de définitions."""
    import unicodedata

    def cle(sigle: str) -> str:
        return unicodedata.normalize("NFKD", sigle).encode("ascii", "ignore").decode()

    lignes = "\n".join(f"<dt>{escape(s)}</dt><dd>{escape(sigles[s])}</dd>" for s in sorted(sigles, key=cle))
    return f'<dl class="sigles">\n{lignes}\n</dl>'
