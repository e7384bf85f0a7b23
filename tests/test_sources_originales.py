"""Les pages de chaque structure n'empruntent aucune phrase aux documents d'origine : faits et chiffres passent,
les phrases se réécrivent (../shared/seeds/README.md).

Pour chaque structure construite (tests/instances.py), chaque bloc de texte de chaque page est découpé en phrases ;
aucune ne doit partager 12 mots consécutifs avec un document de `<dépôt>/../shared/seeds/` (la même mesure que
../shared/tools/seed_overlap.py). Les noms ne comptent pas : titres des fiches et des objectifs, titres des
documents cités, nom et devise de la Charte, noms et adresses des lieux, intitulés des fonctions sont retirés
avant la comparaison (un titre se reprend tel quel).
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from instances import construite, nom_de, toutes
from macros.donnees import charger

RACINE = Path(__file__).resolve().parents[1]
DOCUMENTS = RACINE.parent / "shared" / "seeds"
MOTS = 12
_MOT = re.compile(r"[a-z0-9]+")
# Fin de phrase : un passage copié ne se compte pas à cheval sur deux phrases.
_FIN_DE_PHRASE = re.compile(r"[.!?…]\s")
_BLOCS = ["p", "li", "td", "th", "dd", "dt", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "caption"]
_COUPURE = "\x00"


def mots(texte: str) -> list[str]:
    """Les mots d'un texte, en minuscules et sans accents, les coupures de fin de ligne recollées."""
    texte = unicodedata.normalize("NFKD", texte.lower())
    texte = "".join(c for c in texte if not unicodedata.combining(c))
    texte = re.sub(r"-\s*\n\s*", "", texte)
    return _MOT.findall(texte)


def suites(liste: list[str], n: int = MOTS) -> set[str]:
    return {" ".join(liste[i:i + n]) for i in range(len(liste) - n + 1)}


@pytest.fixture(scope="module")
def documents() -> dict[str, str]:
    """Chaque suite de 12 mots des documents d'origine → le document où elle paraît."""
    if not DOCUMENTS.is_dir():
        pytest.skip(f"documents d'origine absents ({DOCUMENTS}) : cette vérification a besoin de ../shared "
                    "à côté du dépôt, comme en CI.")
    index: dict[str, str] = {}
    for document in sorted(DOCUMENTS.glob("*.txt")):
        for suite in suites(mots(document.read_text(encoding="utf-8", errors="replace"))):
            index.setdefault(suite, document.name)
    return index


def noms(dossier: Path) -> list[list[str]]:
    """Ce qui se reprend tel quel, tiré des données : titres, noms, adresses, intitulés (les plus longs d'abord)."""
    donnees = charger(dossier / "data")
    jeux = donnees.jeux
    textes = [jeux["structure"].nom, *(s.document for s in jeux["sources"].sources)]
    charte = jeux.get("charte_nationale")
    textes += [charte.titre or "", charte.devise or ""] if charte else []
    textes += [f.libelle for f in jeux["fonctions"].fonctions] if "fonctions" in jeux else []
    textes += [f.titre for f in jeux.get("fiches", [])]

    def axes(liste) -> list[str]:
        return [t for axe in liste for t in [axe.titre, *axes(axe.objectifs)]]

    textes += axes(jeux["axes"].axes) if "axes" in jeux else []
    lieux = jeux["implantations"].lieux if "implantations" in jeux else []
    textes += [t for lieu in lieux for t in (lieu.nom, lieu.adresse or "")]
    listes = [mots(t) for t in textes]
    return sorted((m for m in listes if m), key=len, reverse=True)


def sans_noms(liste: list[str], a_retirer: list[list[str]]) -> list[str]:
    """Les mots, chaque nom remplacé par une coupure (une suite copiée ne le traverse pas)."""
    texte = " " + " ".join(liste) + " "
    for nom in a_retirer:
        texte = texte.replace(" " + " ".join(nom) + " ", f" {_COUPURE} ")
    return texte.split()


def phrases_empruntees(site: Path, a_retirer: list[list[str]], index: dict[str, str]) -> list[str]:
    """Chaque passage d'au moins 12 mots qu'une phrase d'une page partage avec un document d'origine."""
    trouves = []
    for page in sorted(site.rglob("*.html")):
        soupe = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soupe.select_one("article")
        if article is None:
            continue
        for bloc in article.find_all(_BLOCS):
            if bloc.find(_BLOCS):  # le bloc le plus intérieur seulement : chaque texte lu une fois
                continue
            for phrase in _FIN_DE_PHRASE.split(bloc.get_text(" ") + " "):
                parties = " ".join(sans_noms(mots(phrase), a_retirer)).split(_COUPURE)
                for partie in parties:
                    liste = partie.split()
                    communes = [i for i in range(len(liste) - MOTS + 1) if " ".join(liste[i:i + MOTS]) in index]
                    if communes:
                        debut, fin = communes[0], communes[-1] + MOTS
                        document = index[" ".join(liste[debut:debut + MOTS])]
                        trouves.append(f"page « {page.relative_to(site).as_posix()} » : {fin - debut} mots repris "
                                       f"de {document} : « {' '.join(liste[debut:fin])} »")
    return sorted(set(trouves))


def test_sans_noms_retire_un_titre_et_coupe_la_suite():
    nom = mots("Aller au-devant des jeunes en se déplaçant dans leur zone de confort")
    assert sans_noms(mots("Plan d'action : Aller au-devant des jeunes en se déplaçant dans leur zone de confort"),
                     [nom]) == ["plan", "d", "action", _COUPURE]


def test_un_passage_copie_est_trouve_et_nomme(tmp_path):
    """La vérification elle-même : une phrase copiée est signalée, avec sa page et le passage ; une réécrite non."""
    index = {" ".join(s.split()): "000_essai.txt"
             for s in suites(mots("Les jeunes arrivent avec des difficultés qui s'additionnent : mobilité, logement, "
                                  "santé, ressources et bien d'autres choses encore."))}
    page = tmp_path / "diagnostic" / "index.html"
    page.parent.mkdir()
    page.write_text("<article><p>Ce que nous voyons. Les jeunes arrivent avec des difficultés qui s'additionnent : "
                    "mobilité, logement, santé, ressources et bien d'autres.</p><p>Tout est réécrit ici, avec nos "
                    "propres mots et sans reprise.</p></article>", encoding="utf-8")
    [trouve] = phrases_empruntees(tmp_path, [], index)
    assert trouve.startswith("page « diagnostic/index.html » : 17 mots repris de 000_essai.txt : « les jeunes arrivent")


@pytest.mark.parametrize("dossier", toutes(), ids=nom_de)
def test_aucune_phrase_des_pages_ne_reprend_un_document_d_origine(dossier, documents):
    trouves = phrases_empruntees(construite(dossier).site, noms(dossier), documents)
    assert not trouves, (
        "Des phrases reprennent mot pour mot un document d'origine (12 mots consécutifs ou plus). Les faits et les "
        "chiffres passent, pas les phrases : réécrivez chaque passage avec vos mots (les noms et les titres peuvent "
        "rester).\n" + "\n".join(trouves))
