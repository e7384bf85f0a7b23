"""La page Diagnostic : chaque chiffre de ses jeux de données y paraît, mis en forme et sourcé."""
from __future__ import annotations

import pytest
from lecture_html import article, chiffre_publie, elements, repere_publie, sections, texte

from macros import format as fmt
from macros import rendus

# Les jeux de données que la page Diagnostic présente en entier.
JEUX_DU_DIAGNOSTIC = ("territoire", "public", "equipe", "implantations", "gouvernance", "finances", "offre")


@pytest.fixture(scope="module")
def page(site) -> str:
    return article(site, "diagnostic")


def _html_attendu(donnees, cle: str) -> str:
    if cle in donnees.chiffres:
        chiffre = donnees.chiffre(cle)
        return chiffre_publie(chiffre, donnees.source(chiffre.source))
    repere = donnees.repere(cle)
    return repere_publie(repere, donnees.source(repere.source))


@pytest.mark.parametrize("jeu", JEUX_DU_DIAGNOSTIC)
def test_chaque_chiffre_du_jeu_parait_formate_avec_sa_source(page, donnees, jeu):
    cles = [c for c in [*donnees.chiffres, *donnees.reperes] if c.startswith(f"{jeu}.")]
    assert cles, f"aucun chiffre dans data/{jeu}.yml"
    attendus = [_html_attendu(donnees, cle) for cle in cles]
    for cle, attendu in zip(cles, attendus):
        # Deux chiffres identiques (même valeur, même source) s'écrivent pareil : chacun doit paraître.
        assert page.count(attendu) >= attendus.count(attendu), f"{cle} manque sur la page Diagnostic"


def test_tout_le_territoire_parait_dans_le_tableau_recapitulatif(page, donnees):
    # Le tableau de la section « Le territoire en chiffres » (les graphiques plus haut ont aussi les leurs).
    debut = page.index("<table>", page.index('id="le-territoire-en-chiffres"'))
    tableau = page[debut:page.index("</table>", debut)]
    lignes = elements(tableau, "tr")[1:]
    jeu = donnees.jeux["territoire"]
    attendues = [f"{c.libelle} {rendus.valeur_formatee(c)}" for c in jeu.chiffres.values()]
    attendues += [f"{r.libelle} {fmt.date_precise(r.date, r.precision)}" for r in jeu.reperes.values()]
    assert lignes == attendues


def test_le_contexte_territorial_se_lit_avec_les_chiffres_de_data(page, donnees):
    lu = texte(page)
    habitants = rendus.valeur_formatee(donnees.chiffre("territoire.habitants"))
    assert f"territoire semi-urbain de {habitants} habitants" in lu
    demandeurs = rendus.valeur_formatee(donnees.chiffre("territoire.demandeurs_emploi"))
    offres = rendus.valeur_formatee(donnees.chiffre("territoire.offres_emploi"))
    assert f"{demandeurs} demandeurs d'emploi pour {offres} offres" in lu
    assert "\u202f" in demandeurs, "le séparateur des milliers est une espace fine insécable"
    annee = donnees.chiffre("territoire.habitants").annee
    assert f"Le territoire en {annee}" in sections(page)


def test_les_tendances_du_public_citent_leurs_chiffres(page, donnees):
    public = sections(page)["Le public"]
    tendances = elements(public)
    assert len(tendances) >= 3
    recul = rendus.valeur_formatee(donnees.chiffre("public.recul_tendances"))
    assert tendances[0].startswith(f"Sur les {recul} dernières années")
    annee = donnees.chiffre("structure.jeunes_accompagnes_par_an").annee
    assert texte(public).startswith(f"En {annee}, nous accompagnions")


def test_la_moitie_reste_la_moitie(page, donnees):
    """Le qualificatif de la source est gardé : « la moitié », pas « 50 % » (seed 000)."""
    chiffre = donnees.chiffre("territoire.formations_orientation_normandie")
    assert chiffre.forme == "la moitié"
    assert "la moitié des formations" in texte(page)
    assert "50 % des formations" not in texte(page)


def test_l_equipe_metiers_et_axes_viennent_de_data(page, donnees):
    equipe = donnees.jeux["equipe"]
    section = sections(page)["L'équipe"]
    assert len(elements(section)) >= 5
    assert f"entre {fmt.nombre(len(equipe.axes))} axes d'activité" in texte(section)
    for axe in equipe.axes:
        assert axe.lower() in texte(section)


def test_les_decomptes_des_lieux_gardent_chacun_leur_contexte(page, donnees):
    implantations = donnees.jeux["implantations"]
    section = texte(sections(page)["Nos lieux d'accueil"])
    for lieu in implantations.lieux:
        assert lieu.nom in section
    valeur = {cle: rendus.valeur_formatee(c) for cle, c in implantations.chiffres.items()}
    assert f"état des lieux de {implantations.chiffres['sieges'].annee} : {valeur['sieges']} siège" in section
    assert f"{valeur['points_accueil']} points d'accueil" in section
    lieux_2021 = donnees.chiffre("historique.lieux_accueil_2021")  # compté une fois, dans l'historique
    assert f"en {lieux_2021.annee} : {rendus.valeur_formatee(lieux_2021)} lieux" in section


def test_presidences_et_directions_triees_par_annee(page, donnees):
    gouvernance = donnees.jeux["gouvernance"]
    parties = sections(page, "h3")
    for titre, mandats in (("Présidences successives", gouvernance.presidences),
                           ("Directions successives", gouvernance.directions)):
        attendus = [f"{m.annee} : {m.fonction}" for m in sorted(mandats, key=lambda m: m.annee)]
        assert elements(parties[titre])[: len(attendus)] == attendus
