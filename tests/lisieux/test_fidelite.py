"""Ce que la relecture contre les sources a corrigé (seeds 000 et 004) : modalités, décomptes, sources, livret."""
from __future__ import annotations

from lecture_html import article, texte


def test_les_modalites_de_la_source_sont_gardees(site):
    evaluation, strategie = texte(article(site, "evaluation")), texte(article(site, "strategie"))
    # Seed 000, § 7 : « plusieurs modes d'évaluation peuvent être utilisés », « une évaluation extérieure peut
    # apporter » ; § 5 : « la Mission Locale pourrait adopter ».
    assert "peuvent être employés" in evaluation and "elle peut offrir un regard neuf" in evaluation
    assert "porte un regard neuf" not in evaluation and "Nous nous appuyons" not in evaluation
    assert "pourrait adopter" in strategie and "nous conduit à choisir" not in strategie


def test_les_decomptes_des_lieux_de_2024_concordent(site):
    diagnostic = texte(article(site, "diagnostic"))
    assert "ne concordent pas" not in diagnostic
    assert "Les deux premiers décomptes concordent" in diagnostic and "Seul celui de 2021 diffère" in diagnostic


def test_le_resume_de_la_charte_de_1990_dit_sa_source(site):
    charte = texte(article(site, "charte"))
    assert "Source du résumé et de la date d'adoption : Charte des Missions Locales" in charte
    assert "droits et les devoirs" in charte and "prend part à l'animation du réseau" in charte
    assert "anime les réseaux locaux" not in charte


def test_la_page_employeurs_ne_promet_que_ce_que_disent_les_sources(site):
    employeurs = texte(article(site, "offre-de-services/employeurs"))
    for promesse in ("sans frais", "Diffuser votre offre", "candidats préparés"):
        assert promesse not in employeurs, promesse
    assert "Ce que prévoit le cadre commun des Missions Locales" in employeurs


def test_le_livret_contient_l_offre_par_besoin(textes_pdf):
    livret = " ".join(" ".join(textes_pdf("livret/projet-associatif.pdf")).split())
    assert "Vous cherchez" in livret and "Recruter un jeune" in livret
