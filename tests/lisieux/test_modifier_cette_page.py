"""Le site de Lisieux : « Modifier cette page » mène à un fichier du dépôt, « Mis à jour le … » suit le vrai
historique git de ses pages et de ses données. (Le moteur, sur une structure d'essai : tests/test_provenance.py.)"""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml
from conftest import RACINE, page_construite, pages_html
from test_provenance import _Page, date_git, prefixe_d_edition
from test_provenance import fichier_edite as _fichier_edite

from macros import format as fmt

PREFIXE_EDITION = prefixe_d_edition(RACINE)


def fichier_edite(lien: str) -> str:
    return _fichier_edite(lien, PREFIXE_EDITION)


def en_tete(md: Path) -> dict:
    texte = md.read_text(encoding="utf-8")
    return (yaml.safe_load(texte.split("---", 2)[1]) or {}) if texte.startswith("---") else {}


def test_chaque_page_mene_a_un_fichier_existant_du_depot(site):
    pages = [p for p in pages_html(site) if p.name != "404.html"]
    assert pages
    for page in pages:
        liens = _Page(page.read_text(encoding="utf-8")).editions
        assert len(liens) == 1, f"{page.relative_to(site)} : {len(liens)} lien(s) « Modifier cette page »"
        chemin = fichier_edite(liens[0])
        assert (RACINE / chemin).is_file(), f"{page.relative_to(site)} → {chemin} n'existe pas"
        html = page.read_text(encoding="utf-8")
        assert 'title="Modifier cette page"' in html
        # Page écrite ou générée (fiche) : la date montrée n'est pas antérieure au dernier commit du fichier.
        jour = date_git(RACINE, chemin)
        if jour:
            montre = re.search(r'Mis à jour le <time datetime="([0-9-]+)">', html)
            assert montre and montre.group(1) >= jour.isoformat(), f"{page.relative_to(site)} : date absente"


def test_une_page_de_docs_mene_a_son_fichier_ou_a_ses_donnees(site):
    for md in sorted((RACINE / "docs").rglob("*.md")):
        declare = en_tete(md).get("fichier_source")
        attendu = (declare if isinstance(declare, str) else declare[0]) if declare else \
            md.relative_to(RACINE).as_posix()
        liens = _Page(page_construite(site, md).read_text(encoding="utf-8")).editions
        assert [fichier_edite(lien) for lien in liens] == [attendu], md


def test_la_date_de_mise_a_jour_vient_de_git(site):
    """Construit dans le vrai dépôt : chaque page validée montre la date du dernier commit de son fichier ou
    d'un fichier de données qu'elle montre, jamais plus ancienne que ceux que sa liste « Sources » nomme."""
    possibles = {d for d in (date_git(RACINE, f.relative_to(RACINE).as_posix())
                             for f in [*(RACINE / "docs").rglob("*.md"), *(RACINE / "data").glob("*.yml")]) if d}
    vues = 0
    for md in sorted((RACINE / "docs").rglob("*.md")):
        declare = en_tete(md).get("fichier_source") or []
        html = page_construite(site, md).read_text(encoding="utf-8")
        # « À modifier dans : data/x.yml » : les fichiers des chiffres de la page (rendus.entree_source_html).
        cites = re.findall(r"data/[a-z_]+\.yml", " ".join(re.findall(r'class="source-fichier[^"]*">([^<]*)<', html)))
        fichiers = [md.relative_to(RACINE).as_posix(), *([declare] if isinstance(declare, str) else declare), *cites]
        dates = [d for d in (date_git(RACINE, f) for f in fichiers) if d]
        if not dates:
            assert "Mis à jour le" not in html, f"{md.name} n'a pas d'historique : aucune date attendue"
            continue
        montre = re.search(r'Mis à jour le <time datetime="([0-9-]+)">([^<]*)</time>', html)
        assert montre, md
        jour = datetime.date.fromisoformat(montre.group(1))
        assert jour >= max(dates) and jour in possibles and montre.group(2) == fmt.date_longue(jour), md
        vues += 1
    if (RACINE / ".git").exists():
        assert vues > 0, "aucune page validée dans git : la date n'a pas été vérifiée"
