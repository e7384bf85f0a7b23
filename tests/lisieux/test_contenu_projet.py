"""Pages Le projet, Valeurs, Objectifs généraux et Historique : ce que montre le HTML vient de data/."""
from __future__ import annotations

import functools
import random
import re
import shutil
from html import escape
from pathlib import Path

import pytest
import yaml
from conftest import RACINE, construire
from test_erreurs import numero_de_ligne, remplacer, verifier_message

from macros import citations, rendus
from macros.frise import PORTEES, date_francaise, frise_html
from macros.donnees import charger
from macros.modeles.base import CITATION
from macros.typographie import typographier


def article(site: Path, page: str) -> str:
    """Le contenu de la page, sans l'en-tête, la navigation ni le pied de page du thème."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return re.search(r'<article class="md-content__inner.*?</article>', html, re.S).group(0)


@functools.cache
def _sigles() -> dict[str, str]:
    """Les sigles de data/, lus une fois pour ce fichier (le chargeur relit data/ à chaque appel)."""
    return charger(RACINE / "data").jeux["sigles"].sigles


def texte(chaine: str) -> str:
    """Une chaîne de data/ telle que le site l'écrit dans le HTML (Markdown, puis macros/typographie.py)."""
    return typographier(escape(chaine, quote=False), _sigles())


def section(html: str, ancre: str, balise: str) -> str:
    """Du titre d'ancre `ancre` jusqu'au titre suivant de même niveau ou de niveau supérieur (ou la fin)."""
    debut = html.index(f'<{balise} id="{ancre}"')
    suite = re.compile(f"<h[1-{balise[1]}][ >]").search(html, debut + 1)
    return html[debut:suite.start() if suite else None]


# ── Le projet ────────────────────────────────────────────────────────────────


def test_projet_montre_ses_etapes_datees_et_ses_parties(site):
    html = article(site, "projet")
    etapes = re.findall(r'<h3 id="([^"]+)">(\d{4})–(\d{4})', section(html, "comment-nous-lavons-construit", "h2"))
    assert len(etapes) >= 3
    annees = [int(a) for _, debut, fin in etapes for a in (debut, fin)]
    assert annees == sorted(annees), "les étapes se suivent dans le temps"
    for ancre, _, _ in etapes:
        assert section(html, ancre, "h3").count("<li>") >= 1, ancre
    parties = section(html, "comment-il-se-lit", "h2")
    assert parties.count("<li>") >= 5
    # Les parties qui ont leur page y mènent (liens vérifiés par la construction stricte).
    for page in ("valeurs", "objectifs", "diagnostic", "forces-faiblesses", "strategie"):
        assert f'href="../{page}/"' in parties, page


# ── Valeurs ──────────────────────────────────────────────────────────────────


def test_chaque_valeur_a_son_ancre_dans_le_sommaire_et_ses_points(site):
    html = article(site, "valeurs")
    ancres = re.findall(r'<h2 id="([^"]+)"', html)
    assert len(ancres) >= 4
    sommaire = html[:html.index("<h2")]
    assert re.findall(r'<a href="#([^"]+)"', sommaire) == ancres
    for ancre in ancres:
        points = re.findall(r"<li><strong>[^<]+\.</strong> \S", section(html, ancre, "h2"))
        assert points, ancre


# ── Objectifs généraux ───────────────────────────────────────────────────────


def test_les_objectifs_sont_numerotes_et_les_textes_dates(site, donnees):
    objectifs = donnees.jeux["objectifs"]
    html = article(site, "objectifs")
    titres = re.findall(r'<h3 id="[^"]+">(\d+)\. ', section(html, "nos-objectifs", "h2"))
    assert titres == [str(i) for i in range(1, len(titres) + 1)] and len(titres) >= 5
    # Chaque texte fondateur de reseau/objectifs.yml : son ancre, et sa date écrite d'après la donnée.
    for texte_fondateur in objectifs.textes:
        bloc = section(html, texte_fondateur.id, "h3")
        assert f"<em>{date_francaise(texte_fondateur.date)}.</em>" in bloc


# ── Historique ───────────────────────────────────────────────────────────────

_EVENEMENT = re.compile(r'<li class="evenement evenement--(\w+)" data-date="([\d-]+)">(.*?)</li>', re.S)


def evenements_affiches(html: str) -> list[tuple[str, str, str]]:
    """(portée, date ISO, contenu) de chaque événement, dans l'ordre de la page."""
    return _EVENEMENT.findall(html)


def cle(iso: str) -> tuple[int, int, int]:
    """Le rang d'une date ISO partielle : « 1998 » vient après « 1998-10 » et « 1998-07-29 »."""
    parties = [int(p) for p in iso.split("-")] + [None, None]
    return (parties[0], parties[1] or 13, parties[2] or 32)


def test_la_frise_montre_chaque_evenement_une_fois_dans_l_ordre_des_dates(site, donnees):
    historique = donnees.jeux["historique"]
    affiches = evenements_affiches(article(site, "historique"))
    assert len(affiches) == len(historique.evenements)
    assert sorted(p for p, _, _ in affiches) == sorted(e.portee for e in historique.evenements)
    cles = [cle(iso) for _, iso, _ in affiches]
    assert cles == sorted(cles)


def test_chaque_evenement_porte_sa_portee_et_la_frise_se_filtre_sans_script(site, donnees):
    html = article(site, "historique")
    for portee, _, contenu in evenements_affiches(html):
        assert f'<p class="evenement__portee">{PORTEES[portee]}</p>' in contenu
    for portee in PORTEES:
        assert html.count(f'id="frise-{portee}"') == 1
        assert f'<a href="#frise-{portee}">' in html
        # La feuille de style masque l'autre portée quand cette ancre est la cible de l'adresse.
    css = (site / "assets/css/ecran.css").read_text(encoding="utf-8")
    assert "#frise-nationale:target ~ .frise .evenement--locale" in css
    assert "#frise-locale:target ~ .frise .evenement--nationale" in css
    assert "<script" not in html
    for annee, _classes, contenu in re.findall(
            r'<section class="frise-annee ([^"]*)" aria-labelledby="annee-(\d+)">(.*?)</section>', html, re.S):
        portees = {p for p, _, _ in evenements_affiches(contenu)}
        assert set(re.findall(r"frise-annee--(\w+)", annee)) == portees


def test_les_chiffres_de_l_historique_sont_mis_en_forme_avec_leur_source(site, donnees):
    historique = donnees.jeux["historique"]
    html = article(site, "historique")
    cites = {c for e in historique.evenements for c in CITATION.findall(e.texte)}
    for cle_chiffre in cites:
        assert typographier(citations.citer(cle_chiffre, donnees)) in html, cle_chiffre
    # Aucun chiffre de l'historique n'est déclaré sans être raconté.
    assert {f"historique.{c}" for c in historique.chiffres} <= cites
    # Échantillon : qualificatif et échelle suivent la source (« environ 70 000 », « plus de 7 millions »).
    for c in historique.chiffres.values():
        if c.qualificatif != "exact" or c.echelle != "unites":
            assert texte(rendus.valeur_formatee(c)) in html


def test_dates_precises_noms_et_lieux_ecrits_en_francais(site, donnees):
    historique = donnees.jeux["historique"]
    html = article(site, "historique")
    for evenement in historique.evenements:
        if evenement.date.mois:
            assert (f'<time class="evenement__date" datetime="{evenement.date.iso}">'
                    f"{date_francaise(evenement.date)}</time>") in html
        for valeur in (evenement.nom, evenement.lieu):
            if valeur:
                assert f"<td>{date_francaise(evenement.date)}</td>\n<td>{texte(valeur)}</td>" in html


def test_les_renvois_aux_textes_fondateurs_menent_a_leur_ancre(site, donnees):
    historique = article(site, "historique")
    objectifs = article(site, "objectifs")
    renvois = {e for ev in donnees.jeux["historique"].evenements for e in ev.textes}
    assert renvois
    for identifiant in renvois:
        assert f'href="../objectifs/#{identifiant}"' in historique
        assert f'id="{identifiant}"' in objectifs


def test_l_ordre_du_fichier_n_influe_pas_sur_la_frise(tmp_path):
    """La frise telle que la rend la macro (macros/frise.py), sans construire le site : data/historique.yml mélangé
    donne les mêmes événements, dans le même ordre, que le fichier tel qu'il est."""
    shutil.copytree(RACINE / "data", tmp_path / "data")
    shutil.copytree(RACINE / "docs/fiches-actions", tmp_path / "docs/fiches-actions")  # charger les lit aussi
    fichier = tmp_path / "data/historique.yml"
    contenu = yaml.safe_load(fichier.read_text(encoding="utf-8"))
    avant = list(contenu["evenements"])
    random.Random(1982).shuffle(contenu["evenements"])
    assert contenu["evenements"] != avant
    fichier.write_text(yaml.safe_dump(contenu, allow_unicode=True, sort_keys=False), encoding="utf-8")

    def lien(ancre: str) -> str:
        return f"../objectifs/#{ancre}"

    melange = evenements_affiches(frise_html(charger(tmp_path / "data"), lien))
    donnees = charger(RACINE / "data")
    reference = evenements_affiches(frise_html(donnees, lien))
    assert len(reference) == len(donnees.jeux["historique"].evenements)  # ceux du réseau compris
    assert [iso for _, iso, _ in melange] == [iso for _, iso, _ in reference]
    assert sorted(melange) == sorted(reference)


# ── Erreurs des éditeurs dans ces fichiers ────────────────────────────────────


def _rang(fichier: Path, ligne: int) -> int:
    """Le numéro (à partir de 1) de l'événement qui contient cette ligne."""
    lignes = fichier.read_text(encoding="utf-8").splitlines()[:ligne]
    return sum(1 for l in lignes if l.startswith("  - "))


def _historique(avant: str, apres: str, champ: str, extrait: str, nom: str = "data/historique.yml"):
    """Un cas d'erreur : une ligne de data/historique.yml (ou du réseau, `nom`) modifiée ; l'erreur vise
    l'événement qui la contient, dans le fichier où il est écrit."""

    def cas(p):
        fichier = p / nom
        remplacer(fichier, avant, apres)
        ligne = numero_de_ligne(fichier, apres.strip())
        return nom, ligne, f"evenements[{_rang(fichier, ligne)}].{champ}", extrait

    return cas


def _chiffre_cite_inconnu(p):
    fichier = p / "data/historique.yml"
    remplacer(fichier, "{historique.paio_salaries_1990}", "{historique.paio_salarie_1990}")
    lignes = fichier.read_text(encoding="utf-8").splitlines()
    ligne = numero_de_ligne(fichier, "paio_salarie_1990")
    while "texte:" not in lignes[ligne - 1]:
        ligne -= 1
    return ("data/historique.yml", ligne, f"evenements[{_rang(fichier, ligne)}].texte",
            "« {historique.paio_salarie_1990} » ne désigne aucun chiffre ni repère de data/")


CAS = {
    "portée inconnue": _historique(
        "    portee: locale", "    portee: regionale", "portee",
        "valeur non permise ; trouvé : « regionale ». Valeurs permises : nationale, locale."),
    "chiffre cité inconnu": _chiffre_cite_inconnu,
    "mois impossible": _historique(
        "  - date: 1998-10\n", "  - date: 1998-13\n", "date.mois", "la valeur doit être au plus 12"),
    "jour impossible": _historique(
        "  - date: 1997-12-15\n", "  - date: 1997-02-30\n", "date", "cette date n'existe pas dans le calendrier"),
    "texte fondateur inconnu": _historique(
        "textes: [charte-1990]", "textes: [charte-1991]", "textes[1]",
        "ne correspond à aucun identifiant de reseau/objectifs.yml. Identifiants proches : charte-1990",
        "reseau/historique.yml"),
}


@pytest.mark.parametrize("cas", CAS, ids=list(CAS))
def test_erreur_dans_les_donnees_du_projet(cas, projet, tmp_path):
    verifier_message(CAS[cas], projet, tmp_path)


def test_une_ancre_de_valeur_renommee_arrete_la_construction(projet, tmp_path):
    """La charte renvoie aux valeurs par leur ancre : en renommer une sans suivre arrête la construction."""
    remplacer(projet / "docs/valeurs.md", "{ #laicite }", "{ #laicite-et-neutralite }")
    resultat = construire(projet, tmp_path / "site", env={"SANS_PDF": "1"})
    assert resultat.returncode != 0
    assert "#laicite" in resultat.stderr and "charte.md" in resultat.stderr
