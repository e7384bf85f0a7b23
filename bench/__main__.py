"""`make bench` : mesure tout, affiche un tableau, écrit bench/resultats.json.

    python -m bench [--tailles 1,10,100] [--livret-tailles 1,10] [--sans-lighthouse] [--sortie FICHIER]

Tout se passe dans des copies temporaires du projet, sauf les constructions chronométrées du site par défaut
(ce dépôt, vers un dossier temporaire : l'historique git compte, comme pour un éditeur).
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from macros.donnees import charger
from macros.fiches import chemin_source, fiches_ordonnees
from macros.graphiques import CACHE as CACHE_DES_GRAPHIQUES

from . import direct, lighthouse, temoin
from .projet import construire_chrono, copie, mediane, multiplier_fiches, racine

EDITION = "brouillon"  # le dossier où la publication de main met le site (GUIDE.md, « Éditions »)
# Mesures par comparaison, en alternance, dont on garde la médiane : la machine partagée varie de 30 % d'un
# passage à l'autre (trois mesures laissaient le rapport du livret aller de 1,12 à 1,37 dans la même journée).
REPETITIONS = 5
OBJECTIFS = {"construction": 1.10, "livret": 1.2, "direct_s": 3.0, "accueil_ko": 300, "index_mo": 1.0, "note": 100}


def machine() -> dict:
    """La machine de la mesure : cœurs, processeur, mémoire, Python, système."""
    processeur = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                       if l.startswith("model name")), platform.processor())
    memoire = next(int(l.split()[1]) for l in Path("/proc/meminfo").read_text().splitlines()
                   if l.startswith("MemTotal"))
    return {"coeurs": os.cpu_count(), "processeur": processeur, "memoire_gio": round(memoire / 2**20),
            "python": platform.python_version(), "systeme": f"{platform.system()} {platform.release()}",
            "charge_au_depart": os.getloadavg()[0]}


def etape(titre: str) -> None:
    print(f"… {titre}", file=sys.stderr, flush=True)


def taille_dossier(dossier: Path, motif: str = "*") -> int:
    return sum(f.stat().st_size for f in dossier.rglob(motif) if f.is_file())


def mesurer_construction(tmp: Path) -> tuple[dict, Path, Path, Path]:
    """Site par défaut (SANS_PDF=1) contre le témoin Material, REPETITIONS fois chacun, en alternance.

    Le site se construit deux fois par tour : à froid (cache des graphiques vidé, comme dans un clone neuf ou
    en CI), puis avec le cache des constructions précédentes (le cas de l'éditeur qui change une page)."""
    etape("témoin : le Markdown rendu de chaque page, vidé par la sonde")
    projet = copie(tmp / "projet")
    vidage = tmp / "vidage"
    construire_chrono(projet, tmp / "site-complet", sans_pdf=False, sonde=tmp / "sonde-1.json", vidage=vidage)
    dossier_temoin = temoin.preparer(projet, vidage, tmp / "site-complet", tmp / "temoin")
    durees: dict[str, list[float]] = {"projet_a_froid": [], "projet": [], "temoin": []}
    for rang in range(REPETITIONS):
        etape(f"construction {rang + 1}/{REPETITIONS} : le site à froid puis avec cache (SANS_PDF=1), puis le témoin")
        shutil.rmtree(CACHE_DES_GRAPHIQUES, ignore_errors=True)
        durees["projet_a_froid"].append(construire_chrono(racine(), tmp / "site", sans_pdf=True).total_s)
        durees["projet"].append(construire_chrono(racine(), tmp / "site", sans_pdf=True).total_s)
        durees["temoin"].append(construire_chrono(dossier_temoin, tmp / "site-temoin", sans_pdf=True).total_s)
    resultat = {
        "pages": len(list((vidage / "docs").rglob("*.md"))),
        "projet_s": mediane(durees["projet"]),
        "projet_a_froid_s": mediane(durees["projet_a_froid"]),
        "temoin_s": mediane(durees["temoin"]),
        "mesures_s": {k: [round(v, 3) for v in vs] for k, vs in durees.items()},
        "objectif": OBJECTIFS["construction"],
    }
    resultat["rapport"] = round(resultat["projet_s"] / resultat["temoin_s"], 2)
    resultat["rapport_a_froid"] = round(resultat["projet_a_froid_s"] / resultat["temoin_s"], 2)
    return resultat, projet, vidage, tmp / "site-complet"


def mesurer_livret(tmp: Path, projet: Path, vidage: Path, site: Path) -> dict:
    """L'étape des PDF (sonde : livret et autres documents, REPETITIONS constructions complètes) contre
    WeasyPrint seul sur les mêmes documents assemblés, autant de fois dans un processus neuf, en alternance."""
    sondes, seuls = [], []
    for rang in range(1, REPETITIONS + 1):
        if rang > 1:
            etape(f"livret {rang}/{REPETITIONS} : construction complète")
            construire_chrono(projet, tmp / "site-complet-bis", sans_pdf=False, sonde=tmp / f"sonde-{rang}.json")
        sondes.append(json.loads((tmp / f"sonde-{rang}.json").read_text(encoding="utf-8")))
        etape(f"livret {rang}/{REPETITIONS} : WeasyPrint seul sur les documents assemblés")
        seuls.append(json.loads(subprocess.run(
            [sys.executable, "-m", "bench.weasyprint_seul", str(vidage / "documents.json")],
            cwd=racine(), check=True, capture_output=True, text=True).stdout))
    etape_s = mediane([s["livret_s"] for s in sondes])
    seul_s = mediane([s["secondes"] for s in seuls])
    premier = next(iter(seuls[0]["documents"]))
    return {
        "etape_s": etape_s,
        "weasyprint_seul_s": seul_s,
        "rapport": round(etape_s / seul_s, 2),
        "mesures_s": {"etape": [round(s["livret_s"], 3) for s in sondes],
                      "weasyprint_seul": [round(s["secondes"], 3) for s in seuls],
                      "dont_ramasse_miettes": [round(s["ramasse_miettes_s"], 3) for s in sondes]},
        "assemblage_s": round(sondes[0]["assemblage_s"], 3),
        "documents": {chemin: {"pages": d["pages"], "octets": (site / chemin).stat().st_size,
                               "octets_weasyprint_seul": d["octets"]}
                      for chemin, d in seuls[0]["documents"].items()},
        "pages": _nombre(sondes[0]["pages_pdf"]),
        "octets_pdf": (site / premier).stat().st_size,
        "objectif": OBJECTIFS["livret"],
    }


def _nombre(texte: str | None) -> int | None:
    """« 83 pages » → 83."""
    chiffres = "".join(c for c in (texte or "") if c.isdigit())
    return int(chiffres) if chiffres else None


def mesurer_croissance(tmp: Path, tailles: list[int], livret_tailles: list[int]) -> list[dict]:
    """Par taille : le site (SANS_PDF=1) et, pour `livret_tailles`, le livret, dans une copie aux fiches multipliées."""
    lignes = []
    for facteur in tailles:
        etape(f"croissance ×{facteur}")
        projet = copie(tmp / f"x{facteur}")
        fiches = multiplier_fiches(projet, facteur)
        site = tmp / f"site-x{facteur}"
        construction = construire_chrono(projet, site, sans_pdf=True)
        pages = len(list(site.rglob("index.html")))  # une par page (404.html à part)
        exemple = site / chemin_source(fiches_ordonnees(charger(projet / "data"))[0].id).removesuffix(".md")
        ligne = {
            "facteur": facteur, "fiches": fiches, "pages_site": pages,
            "site_s": round(construction.total_s, 3),
            "site_ms_par_page": round(1000 * construction.total_s / pages, 1),
            "octets_site_html": taille_dossier(site, "*.html"),
            "octets_page_fiche": (exemple / "index.html").stat().st_size,
            "octets_index_recherche": (site / "search/search_index.json").stat().st_size,
        }
        if facteur in livret_tailles:
            etape(f"croissance ×{facteur} : livret")
            avec_livret = construire_chrono(projet, tmp / f"site-x{facteur}-livret", sans_pdf=False,
                                            sonde=tmp / f"sonde-x{facteur}.json")
            pages_pdf = _nombre(avec_livret.pages_pdf)
            ligne |= {"livret_s": round(avec_livret.livret_s, 3), "pages_pdf": pages_pdf,
                      "livret_ms_par_page_pdf": round(1000 * avec_livret.livret_s / pages_pdf, 1)}
        lignes.append(ligne)
    return lignes


def mesurer_lighthouse(tmp: Path, site: Path) -> tuple[dict, dict]:
    """Notes et poids de l'accueil, d'une fiche et de la charte, sur mobile et sur bureau."""
    premiere = fiches_ordonnees(charger(racine() / "data"))[0]
    pages = {"accueil": "", "fiche": chemin_source(premiere.id).removesuffix(".md") + "/", "charte": "charte/"}
    notes, poids = {}, {}
    # Servi comme le publie mike sur gh-pages : le site dans le dossier de son édition, la liste des éditions
    # (versions.json, que le sélecteur d'édition demande) à la racine.
    publie = tmp / "gh-pages"
    publie.mkdir()
    (publie / EDITION).symlink_to(site, target_is_directory=True)
    (publie / "versions.json").write_text(json.dumps([{"version": EDITION, "title": EDITION, "aliases": []}]))
    with lighthouse.servir(publie) as racine_publiee:
        adresse = f"{racine_publiee}{EDITION}/"
        for nom, chemin in pages.items():
            notes[nom] = {}
            for support in ("mobile", "bureau"):
                etape(f"lighthouse : {nom} ({support})")
                rapport = lighthouse.auditer(adresse + chemin, tmp / f"lh-{nom}-{support}.json",
                                             bureau=support == "bureau")
                notes[nom][support] = {"notes": lighthouse.notes(rapport),
                                       "audits_manques": lighthouse.audits_manques(rapport)}
                if support == "bureau":
                    poids[nom] = lighthouse.poids(rapport) | {"adresse": f"/{EDITION}/{chemin}"}
    return notes, poids


def tableau(r: dict) -> str:
    """Le résumé lisible de `r` (les résultats), une ligne par mesure, l'objectif en regard."""
    def ok(condition: bool) -> str:
        return "atteint" if condition else "MANQUÉ"

    c, l = r["construction"], r["livret"]
    lignes = [
        ("Construction (SANS_PDF) / témoin Material",
         f"{c['projet_s']:.2f} s / {c['temoin_s']:.2f} s = {c['rapport']:.2f}×",
         f"≤ {c['objectif']:.2f}× {ok(c['rapport'] <= c['objectif'])}"),
        ("  la même à froid (cache des graphiques vide)",
         f"{c['projet_a_froid_s']:.2f} s / {c['temoin_s']:.2f} s = {c['rapport_a_froid']:.2f}×",
         f"≤ {c['objectif']:.2f}× {ok(c['rapport_a_froid'] <= c['objectif'])}"),
        ("Livret (étape du crochet) / WeasyPrint seul",
         f"{l['etape_s']:.2f} s / {l['weasyprint_seul_s']:.2f} s = {l['rapport']:.2f}×",
         f"≤ {l['objectif']}× {ok(l['rapport'] <= l['objectif'])}"),
        ("Livret : pages, poids", f"{l['pages']} pages, {l['octets_pdf'] / 1e3:.0f} ko", ""),
    ]
    for g in r["croissance"]:
        livret = (f" ; livret {g['livret_s']:.1f} s, {g['pages_pdf']} p. ({g['livret_ms_par_page_pdf']:.0f} ms/p.)"
                  if "livret_s" in g else "")
        lignes.append((f"Croissance ×{g['facteur']} ({g['fiches']} fiches, {g['pages_site']} pages)",
                       f"site {g['site_s']:.1f} s ({g['site_ms_par_page']:.0f} ms/page){livret}",
                       f"fiche {g['octets_page_fiche'] / 1e3:.0f} ko, index {g['octets_index_recherche'] / 1e3:.0f} ko"))
    d = r["direct"]
    lignes.append(("Édition en direct (data/ → page servie)", f"{d['mediane_s']:.2f} s",
                   f"≤ {OBJECTIFS['direct_s']:.0f} s {ok(d['mediane_s'] <= OBJECTIFS['direct_s'])}"))
    for nom, supports in r.get("lighthouse", {}).items():
        for support, n in supports.items():
            valeurs = " / ".join(str(v) for v in n["notes"].values())
            manques = sum(n["audits_manques"].values(), [])
            lignes.append((f"Lighthouse {nom} ({support}) perf/a11y/bp/seo", valeurs,
                           ok(all(v >= OBJECTIFS["note"] for v in n["notes"].values()))
                           + (f" : {', '.join(manques)}" if manques else "")))
    for nom, p in r.get("poids", {}).items():
        t = p["total"]
        lignes.append((f"Poids {nom} ({t['requetes']} requêtes)",
                       f"{t['octets_transferes'] / 1e3:.0f} ko transférés (gzip), "
                       f"{t['octets_decompresses'] / 1e3:.0f} ko décompressés",
                       f"≤ {OBJECTIFS['accueil_ko']} ko transférés "
                       f"{ok(t['octets_transferes'] <= OBJECTIFS['accueil_ko'] * 1e3)}" if nom == "accueil" else ""))
    i = r["index_recherche_octets"]
    lignes.append(("Index de recherche", f"{i / 1e3:.0f} ko", f"≤ 1 Mo {ok(i <= OBJECTIFS['index_mo'] * 1e6)}"))
    largeur = max(len(a) for a, _, _ in lignes)
    milieu = max(len(b) for _, b, _ in lignes)
    return "\n".join(f"{a:<{largeur}}  {b:<{milieu}}  {c}" for a, b, c in lignes)


def main(arguments: list[str] | None = None) -> int:
    parseur = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parseur.add_argument("--tailles", default="1,10,100", help="facteurs de multiplication des fiches")
    parseur.add_argument("--livret-tailles", default="1,10", help="facteurs où le livret est aussi mesuré")
    parseur.add_argument("--sans-lighthouse", action="store_true")
    parseur.add_argument("--sortie", type=Path, default=racine() / "bench/resultats.json")
    options = parseur.parse_args(arguments)
    debut = time.perf_counter()
    r: dict = {"date": datetime.date.today().isoformat(), "machine": machine()}
    with tempfile.TemporaryDirectory(prefix="banc-") as dossier:
        tmp = Path(dossier)
        r["construction"], projet, vidage, site = mesurer_construction(tmp)
        r["livret"] = mesurer_livret(tmp, projet, vidage, site)
        r["index_recherche_octets"] = (site / "search/search_index.json").stat().st_size
        etape("édition en direct (mkdocs serve)")
        r["direct"] = direct.mesurer(copie(tmp / "direct", sonde=False))
        r["direct"]["mediane_s"] = mediane(r["direct"]["durees_s"])
        if not options.sans_lighthouse and lighthouse.installe():
            r["lighthouse"], r["poids"] = mesurer_lighthouse(tmp, site)
        elif not options.sans_lighthouse:
            print("Lighthouse absent : `npm ci` l'installe (voir le README).", file=sys.stderr)
        r["croissance"] = mesurer_croissance(
            tmp, [int(t) for t in options.tailles.split(",")], [int(t) for t in options.livret_tailles.split(",")])
    r["duree_du_banc_s"] = round(time.perf_counter() - debut)
    options.sortie.write_text(json.dumps(r, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(tableau(r))
    print(f"\nRésultats : {options.sortie} ({r['duree_du_banc_s']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
