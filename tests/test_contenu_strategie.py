"""Forces et faiblesses, Stratégie, Évaluation, Engagements : ce que les pages montrent vient de data/."""
from __future__ import annotations

import re

from macros.fiches import titre_complet
from lecture_html import article, elements, sections, texte, texte_attendu

from macros import rendus
from macros.modeles.forces_faiblesses import QUADRANTS


def _quadrants(page: str) -> dict[tuple[str, str], list[str]]:
    """(domaine, colonne) → éléments lus dans la matrice, d'après les marques data-domaine / data-quadrant."""
    resultat = {}
    for domaine, contenu in re.findall(r'<div class="ff-domaine" data-domaine="([^"]+)">(.*?)</div>', page, re.S):
        for quadrant, bloc in re.findall(r'data-quadrant="([^"]+)">(.*?)</section>', contenu, re.S):
            resultat[(domaine, quadrant)] = elements(bloc)
    return resultat


def test_chaque_element_de_la_matrice_est_dans_son_domaine_et_sa_colonne(site, donnees):
    page = article(site, "forces-faiblesses")
    lus = _quadrants(page)
    analyse = donnees.jeux["forces_faiblesses"]
    attendus = {
        (cle, quadrant): [texte_attendu(e, donnees) for e in elements_]
        for cle, domaine in analyse.domaines()
        for quadrant, _, elements_ in domaine.quadrants()
    }
    assert len(attendus) == 5 * len(QUADRANTS)
    assert lus == attendus


def test_chaque_domaine_a_son_titre_et_ses_quatre_colonnes_titrees(site, donnees):
    page = article(site, "forces-faiblesses")
    parties = sections(page)
    domaines = donnees.jeux["forces_faiblesses"].domaines()
    assert [t for t in parties if t in {d.libelle for _, d in domaines}] == [d.libelle for _, d in domaines]
    for _, domaine in domaines:
        assert [texte(t) for t in re.findall(r"<h3>.*?</h3>", parties[domaine.libelle])] == list(QUADRANTS.values())


def test_la_matrice_cite_ses_chiffres_avec_leur_source(site, donnees):
    page = article(site, "forces-faiblesses")
    for cle in ("implantations.points_accueil", "offre.champs", "offre.frequence_lettre"):
        chiffre = donnees.chiffre(cle)
        assert rendus.chiffre_html(chiffre, donnees.source(chiffre.source)) in page
    repere = donnees.repere("territoire.extension_transports")
    assert rendus.repere_html(repere, donnees.source(repere.source)) in page


def test_la_matrice_ne_fait_pas_defiler_un_telephone_de_cote(site):
    page = article(site, "forces-faiblesses")
    assert "<table" not in page, "une matrice en tableau large défilerait de côté sur 375 px"
    feuille = (site / "assets/css/ecran.css").read_text(encoding="utf-8")
    assert re.search(r"\.ff-domaine\s*{[^}]*minmax\(min\(100%", feuille), "les colonnes doivent se replier"


def test_strategie_orientations_et_feuilles_de_route(site, donnees):
    strategie = donnees.jeux["strategie"]
    parties = sections(article(site, "strategie"))
    titres = [o.titre for o in strategie.orientations]
    assert [t for t in parties if t in titres] == titres
    for orientation in strategie.orientations:
        contenu = parties[orientation.titre]
        assert orientation.leviers == elements(contenu)[: len(orientation.leviers)]
        servent = [next(f for f in donnees.jeux["fiches"] if f.id == i) for i in orientation.feuilles_de_route]
        assert elements(contenu)[len(orientation.leviers):] == [
            titre_complet(f) for f in servent
        ]


def test_strategie_chaque_feuille_de_route_nomme_les_orientations_qu_elle_sert(site, donnees):
    strategie = donnees.jeux["strategie"]
    page = article(site, "strategie")
    lues = elements(sections(page)["Les feuilles de route, une par une"])
    feuilles = sorted((f for f in donnees.jeux["fiches"] if f.format == "feuille-de-route"), key=lambda f: f.numero)
    assert len(lues) == len(feuilles) > 0
    for feuille, lue in zip(feuilles, lues):
        assert lue.startswith(titre_complet(feuille))
        for orientation in strategie.orientations_de(feuille.id):
            assert orientation.titre.lower() in lue
    duree = donnees.chiffre("strategie.duree_feuilles_de_route")
    assert rendus.chiffre_html(duree, donnees.source(duree.source)) in page


def test_evaluation_indicateurs_et_modes(site, donnees):
    evaluation = donnees.jeux["evaluation"]
    page = article(site, "evaluation")
    parties = sections(page)
    for titre, indicateurs in (("Indicateurs quantitatifs", evaluation.indicateurs_quantitatifs),
                               ("Indicateurs qualitatifs", evaluation.indicateurs_qualitatifs)):
        lus = elements(parties[titre])
        assert len(lus) == len(indicateurs)
        for indicateur, lu in zip(indicateurs, lus):
            assert lu == indicateur.libelle + (f" : {indicateur.precision}" if indicateur.precision else "")
    assert elements(page, "dt") == [m.libelle for m in evaluation.modes]
    assert elements(page, "dd") == [m.description for m in evaluation.modes]


def test_engagements_qui_s_engage_et_revision(site, donnees):
    engagements = donnees.jeux["engagements"]
    parties = sections(article(site, "engagements"))
    for engagement in engagements.engagements:
        contenu = texte(parties[engagement.titre])
        assert f"Qui s'engage : {engagement.qui()}." in contenu
        assert texte_attendu(engagement.texte, donnees) in contenu
    revision = next(c for t, c in parties.items() if t not in {e.titre for e in engagements.engagements})
    assert texte_attendu(engagements.revision.texte, donnees) in texte(revision)
    assert [e.rstrip(" ;.") for e in elements(revision)] == engagements.revision.selon
    periode = donnees.chiffre("structure.revision_projet")
    assert rendus.chiffre_html(periode, donnees.source(periode.source)) in revision
