"""Forces et faiblesses, Stratégie, Évaluation, Engagements : des pages en Markdown dont les chiffres, les
rapprochements et les listes de fiches viennent de data/."""
from __future__ import annotations

import re

from macros.fiches import titre_complet
from macros.modeles.fiches import ORIGINES
from lecture_html import article, chiffre_publie, elements, repere_publie, sections, texte

from macros import rendus

QUADRANTS = ["Forces internes", "Forces externes", "Faiblesses internes", "Faiblesses externes"]
DOMAINES = ["Territoire", "Public", "Ressources humaines", "Finances", "Offre de services"]


def _quadrants(page: str) -> dict[str, list[tuple[str, str]]]:
    """Domaine → (colonne, titre) lus dans la matrice, d'après les marques data-domaine / data-quadrant."""
    resultat = {}
    for domaine, contenu in re.findall(r'<div class="ff-domaine" data-domaine="([^"]+)">(.*?)</div>', page, re.S):
        resultat[domaine] = [(q, texte(re.search(r"<h3\b.*?</h3>", bloc, re.S).group(0)))
                             for q, bloc in re.findall(r'data-quadrant="([^"]+)">(.*?)</section>', contenu, re.S)]
    return resultat


def test_chaque_domaine_a_son_titre_et_ses_quatre_colonnes_titrees(site):
    page = article(site, "forces-faiblesses")
    assert [t for t in sections(page) if t in DOMAINES] == DOMAINES
    lus = _quadrants(page)
    assert len(lus) == len(DOMAINES)
    for colonnes in lus.values():
        assert [q for q, _ in colonnes] == ["forces_internes", "forces_externes", "faiblesses_internes",
                                            "faiblesses_externes"]
        assert [t for _, t in colonnes] == QUADRANTS


def test_la_matrice_cite_ses_chiffres_avec_leur_source(site, donnees):
    page = article(site, "forces-faiblesses")
    for cle in ("implantations.points_accueil", "implantations.temps_acces", "offre.champs", "offre.frequence_lettre"):
        chiffre = donnees.chiffre(cle)
        assert chiffre_publie(chiffre, donnees.source(chiffre.source)) in page
    repere = donnees.repere("territoire.extension_transports")
    assert repere_publie(repere, donnees.source(repere.source)) in page


def test_les_points_d_accueil_disent_ce_que_dit_la_source(site, donnees):
    """« 9 points d'accueil sur tout le territoire à moins de 10 minutes » : ni plus ni moins (seed 000)."""
    attendu = (f"{rendus.valeur_formatee(donnees.chiffre('implantations.points_accueil'))} points d'accueil sur "
               f"tout le territoire, à {rendus.valeur_formatee(donnees.chiffre('implantations.temps_acces'))} minutes")
    for page in ("forces-faiblesses", "diagnostic"):
        assert attendu in texte(article(site, page)), page
    assert attendu in texte((site / "index.html").read_text(encoding="utf-8"))


def test_la_matrice_ne_fait_pas_defiler_un_telephone_de_cote(site):
    page = article(site, "forces-faiblesses")
    assert "<table" not in page, "une matrice en tableau large défilerait de côté sur 375 px"
    feuille = (site / "assets/css/ecran.css").read_text(encoding="utf-8")
    assert re.search(r"\.ff-domaine\s*{[^}]*minmax\(min\(100%", feuille), "les colonnes doivent se replier"


def test_strategie_orientations_et_feuilles_de_route(site, donnees):
    strategie = donnees.jeux["strategie"]
    page = article(site, "strategie")
    # Chaque orientation de data/strategie.yml a sa section, à l'ancre de son identifiant.
    ancres = re.findall(r'<h2 id="([^"]+)"', page)
    assert [o.id for o in strategie.orientations] == [a for a in ancres if a in {o.id for o in strategie.orientations}]
    parties = sections(page)
    for orientation in strategie.orientations:
        contenu = parties[orientation.titre]
        servent = [next(f for f in donnees.jeux["fiches"] if f.id == i) for i in orientation.feuilles_de_route]
        lues = elements(contenu)
        assert lues[-len(servent):] == [titre_complet(f) for f in servent]


def test_strategie_chaque_feuille_de_route_nomme_les_orientations_qu_elle_sert(site, donnees):
    strategie = donnees.jeux["strategie"]
    page = article(site, "strategie")
    partie = sections(page)["Les feuilles de route, une par une"]
    lues = elements(partie)
    feuilles = sorted((f for f in donnees.jeux["fiches"] if f.format == "feuille-de-route"), key=lambda f: f.numero)
    assert len(lues) == len(feuilles) > 0
    for feuille, lue in zip(feuilles, lues):
        assert lue.startswith(titre_complet(feuille))
        for orientation in strategie.orientations_de(feuille.id):
            assert orientation.titre.lower() in lue
            assert f'href="#{orientation.id}"' in partie
    duree = donnees.chiffre("strategie.duree_feuilles_de_route")
    assert chiffre_publie(duree, donnees.source(duree.source)) in page
    assert f"{len(feuilles)} feuilles de route les traduisent" in texte(page)


def test_les_feuilles_de_route_sont_rattachees_aux_fonctions_par_choix_editorial(site, donnees):
    # Le projet de Lisieux ne rattache pas ses feuilles de route aux fonctions du cadre commun : les éditeurs
    # l'ont fait, et chaque fiche le dit (tests/test_fiches.py : la mention et sa note affichées).
    for fiche in donnees.jeux["fiches"]:
        assert fiche.fonctions is not None and fiche.fonctions.origine == "choix-editorial" and fiche.fonctions.note
        assert ORIGINES["choix-editorial"] in texte(article(site, f"fiches-actions/{fiche.id}"))


def test_evaluation_indicateurs_et_modes(site, donnees):
    page = article(site, "evaluation")
    parties = sections(page)
    for titre in ("Indicateurs quantitatifs", "Indicateurs qualitatifs"):
        assert len(elements(parties[titre])) >= 3, titre
    modes = sections(page)["Modes d'évaluation possibles"]
    assert len(elements(modes, "dt")) == len(elements(modes, "dd")) >= 3
    feuilles = [f for f in donnees.jeux["fiches"] if f.format == "feuille-de-route"]
    assert f"Chacune des {len(feuilles)} feuilles de route" in texte(page)


def test_engagements_qui_s_engage_et_revision(site, donnees):
    parties = sections(article(site, "engagements"))
    assert len(parties) >= 5
    for titre, contenu in parties.items():
        if titre != "Sources":
            assert re.search(r"Qui s'engage : (le conseil d'administration|la direction|les professionnels|"
                             r"l'association)", texte(contenu)), titre
    revision = parties["Un projet revu à intervalles réguliers"]
    assert len(elements(revision)) == 5
    periode = donnees.chiffre("structure.revision_projet")
    assert chiffre_publie(periode, donnees.source(periode.source)) in revision
