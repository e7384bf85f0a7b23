"""`make bench` : mesure tout, affiche un tableau, écrit bench/resultats.json.

    python -m bench [--tailles 1,10,100] [--livret-tailles 1,10] [--sans-lighthouse] [--sortie FICHIER]
    python -m bench --seulement construction        (ou croissance, avec --tailles 100 : une seule mesure)

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
from macros.chemins import CACHE

from . import direct, lighthouse, temoin
from .projet import construire_chrono, copie, mediane, multiplier_fiches, racine

EDITION = "brouillon"  # le dossier où la publication de main met le site (GUIDE.md, « Éditions »)
# Mesures par comparaison, en alternance, dont on garde la médiane : la machine partagée varie de 30 % d'un
# passage à l'autre (trois mesures laissaient le rapport du livret aller de 1,12 à 1,37 dans la même journée).
REPETITIONS = 5
# À ×100, une construction dure une minute : trois tours suffisent à la croissance.
REPETITIONS_CROISSANCE = 3
OBJECTIFS = {"construction": 1.5, "fiche_ko": 80, "livret": 1.2, "direct_s": 3.0, "accueil_ko": 300, "index_mo": 1.0, "note": 100}


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


def mesurer_construction(tmp: Path, repetitions: int = REPETITIONS) -> tuple[dict, Path, Path, Path]:
    """Site par défaut (SANS_PDF=1) contre le témoin Material, REPETITIONS fois chacun, en alternance.

    Le site se construit deux fois par tour : à froid (.cache/ vidé : graphiques et gabarits compilés, comme dans
    un clone neuf ou en CI), puis avec le cache des constructions précédentes (l'éditeur qui change une page)."""
    etape("témoin : le Markdown rendu de chaque page, vidé par la sonde")
    projet = copie(tmp / "projet")
    vidage = tmp / "vidage"
    construire_chrono(projet, tmp / "site-complet", sans_pdf=False, sonde=tmp / "sonde-1.json", vidage=vidage)
    dossier_temoin = temoin.preparer(projet, vidage, tmp / "site-complet", tmp / "temoin")
    durees: dict[str, list[float]] = {"projet_a_froid": [], "projet": [], "temoin": []}
    calculs: dict[str, list[float]] = {cle: [] for cle in durees}
    for rang in range(repetitions):
        etape(f"construction {rang + 1}/{repetitions} : le site à froid puis avec cache (SANS_PDF=1), puis le témoin")
        shutil.rmtree(CACHE, ignore_errors=True)
        for cle, dossier, site in (("projet_a_froid", racine(), "site"), ("projet", racine(), "site"),
                                   ("temoin", dossier_temoin, "site-temoin")):
            mesure = construire_chrono(dossier, tmp / site, sans_pdf=True)
            durees[cle].append(mesure.total_s)
            calculs[cle].append(mesure.cpu_s)
    resultat = {
        "pages": len(list((vidage / "docs").rglob("*.md"))),
        **_rapports(durees, calculs),
        "objectif": OBJECTIFS["construction"],
    }
    return resultat, projet, vidage, tmp / "site-complet"


def _rapports(durees: dict[str, list[float]], calculs: dict[str, list[float]]) -> dict:
    """Médianes des durées et des temps de calcul, et leurs rapports au témoin (la durée compte l'attente d'un
    cœur sur la machine partagée ; le calcul, non : c'est le rapport le plus stable)."""
    resultat: dict = {}
    for cle in durees:
        resultat[f"{cle}_s"] = mediane(durees[cle])
        resultat[f"{cle}_cpu_s"] = mediane(calculs[cle])
    for cle in durees:
        if cle != "temoin":
            suffixe = cle.removeprefix("projet")
            resultat[f"rapport{suffixe}"] = round(resultat[f"{cle}_s"] / resultat["temoin_s"], 2)
            resultat[f"rapport{suffixe}_cpu"] = round(resultat[f"{cle}_cpu_s"] / resultat["temoin_cpu_s"], 2)
    resultat["mesures_s"] = {k: [round(v, 3) for v in vs] for k, vs in durees.items()}
    resultat["mesures_cpu_s"] = {k: [round(v, 3) for v in vs] for k, vs in calculs.items()}
    return resultat


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


def mesurer_croissance(tmp: Path, tailles: list[int], livret_tailles: list[int],
                       repetitions: int = REPETITIONS_CROISSANCE) -> list[dict]:
    """Par taille : le site (SANS_PDF=1) et, pour `livret_tailles`, le livret, dans une copie aux fiches multipliées."""
    lignes = []
    for facteur in tailles:
        etape(f"croissance ×{facteur} : le Markdown rendu, pour le témoin")
        projet = copie(tmp / f"x{facteur}")
        fiches = multiplier_fiches(projet, facteur)
        vidage = tmp / f"vidage-x{facteur}"
        construire_chrono(projet, tmp / f"site-x{facteur}-vidage", sans_pdf=True, vidage=vidage)
        dossier_temoin = temoin.preparer(projet, vidage, tmp / f"site-x{facteur}-vidage", tmp / f"temoin-x{facteur}")
        site, site_temoin = tmp / f"site-x{facteur}", tmp / f"site-temoin-x{facteur}"
        durees: dict[str, list[float]] = {"projet": [], "temoin": []}
        calculs: dict[str, list[float]] = {"projet": [], "temoin": []}
        for rang in range(repetitions):
            etape(f"croissance ×{facteur}, {rang + 1}/{repetitions} : le site puis le témoin (SANS_PDF=1)")
            for cle, dossier, destination in (("projet", projet, site), ("temoin", dossier_temoin, site_temoin)):
                mesure = construire_chrono(dossier, destination, sans_pdf=True)
                durees[cle].append(mesure.total_s)
                calculs[cle].append(mesure.cpu_s)
        pages = len(list(site.rglob("index.html")))  # une par page (404.html à part)
        exemple = chemin_source(fiches_ordonnees(charger(projet / "data"))[0].id).removesuffix(".md")
        comparaison = _rapports(durees, calculs)
        ligne = {
            "facteur": facteur, "fiches": fiches, "pages_site": pages,
            "site_s": comparaison["projet_s"],
            "site_ms_par_page": round(1000 * comparaison["projet_s"] / pages, 1),
            "temoin_ms_par_page": round(1000 * comparaison["temoin_s"] / pages, 1),
            "comparaison": comparaison,
            "octets_site_html": taille_dossier(site, "*.html"),
            "octets_site_html_temoin": taille_dossier(site_temoin, "*.html"),
            "octets_page_fiche": (site / exemple / "index.html").stat().st_size,
            "octets_page_fiche_temoin": (site_temoin / exemple / "index.html").stat().st_size,
            "octets_page_fiche_max": max(f.stat().st_size for f in (site / "fiches-actions").glob("*/index.html")
                                         if f.parent.name not in {"matrice", "tableau-de-bord"}),
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

    lignes = []
    if "construction" in r:
        c = r["construction"]
        lignes += [
            ("Construction à froid (SANS_PDF, .cache/ vide) / témoin Material",
         f"{c['projet_a_froid_s']:.2f} s / {c['temoin_s']:.2f} s = {c['rapport_a_froid']:.2f}× "
         f"(calcul : {c['projet_a_froid_cpu_s']:.2f} s / {c['temoin_cpu_s']:.2f} s = {c['rapport_a_froid_cpu']:.2f}×)",
         f"≤ {c['objectif']:.2f}× {ok(c['rapport_a_froid'] <= c['objectif'])}"),
        ("  la même avec .cache/ (graphiques, gabarits)",
         f"{c['projet_s']:.2f} s / {c['temoin_s']:.2f} s = {c['rapport']:.2f}× "
         f"(calcul : {c['projet_cpu_s']:.2f} s / {c['temoin_cpu_s']:.2f} s = {c['rapport_cpu']:.2f}×)",
         f"≤ {c['objectif']:.2f}× {ok(c['rapport'] <= c['objectif'])}"),
        ]
    if "livret" in r:
        l = r["livret"]
        lignes += [
            ("Livret (étape du crochet) / WeasyPrint seul",
             f"{l['etape_s']:.2f} s / {l['weasyprint_seul_s']:.2f} s = {l['rapport']:.2f}×",
             f"≤ {l['objectif']}× {ok(l['rapport'] <= l['objectif'])}"),
            ("Livret : pages, poids", f"{l['pages']} pages, {l['octets_pdf'] / 1e3:.0f} ko", ""),
        ]
    for g in r.get("croissance", []):
        livret = (f" ; livret {g['livret_s']:.1f} s, {g['pages_pdf']} p. ({g['livret_ms_par_page_pdf']:.0f} ms/p.)"
                  if "livret_s" in g else "")
        k = g["comparaison"]
        lignes.append((f"Croissance ×{g['facteur']} ({g['fiches']} fiches, {g['pages_site']} pages)",
                       f"site {g['site_s']:.1f} s ({g['site_ms_par_page']:.0f} ms/page), témoin "
                       f"{g['temoin_ms_par_page']:.0f} ms/page : {k['rapport']:.2f}× (calcul {k['rapport_cpu']:.2f}×)"
                       f"{livret}",
                       f"≤ {OBJECTIFS['construction']}× {ok(k['rapport'] <= OBJECTIFS['construction'])} ; "
                       f"fiche {g['octets_page_fiche'] / 1e3:.0f} ko (au plus {g['octets_page_fiche_max'] / 1e3:.0f}, "
                       f"témoin {g['octets_page_fiche_temoin'] / 1e3:.0f}) ≤ {OBJECTIFS['fiche_ko']} ko "
                       f"{ok(g['octets_page_fiche_max'] <= OBJECTIFS['fiche_ko'] * 1e3)}, "
                       f"index {g['octets_index_recherche'] / 1e3:.0f} ko"))
    if "direct" in r:
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
    if "index_recherche_octets" in r:
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
    parseur.add_argument("--seulement", choices=["construction", "croissance"],
                         help="une seule mesure (résultats dans un fichier temporaire, sauf --sortie)")
    parseur.add_argument("--repetitions", type=int,
                         help=f"tours de chaque comparaison (par défaut {REPETITIONS}, {REPETITIONS_CROISSANCE} pour "
                              "la croissance)")
    parseur.add_argument("--sortie", type=Path)
    options = parseur.parse_args(arguments)
    sortie = options.sortie or (Path(tempfile.gettempdir()) / f"banc-{options.seulement}.json" if options.seulement
                                else racine() / "bench/resultats.json")
    debut = time.perf_counter()
    r: dict = {"date": datetime.date.today().isoformat(), "machine": machine()}
    with tempfile.TemporaryDirectory(prefix="banc-") as dossier:
        tmp = Path(dossier)
        if options.seulement:
            if options.seulement == "construction":
                r["construction"] = mesurer_construction(tmp, options.repetitions or REPETITIONS)[0]
            else:
                r["croissance"] = mesurer_croissance(tmp, [int(t) for t in options.tailles.split(",")], [],
                                                     options.repetitions or REPETITIONS_CROISSANCE)
            return _ecrire(r, sortie, debut)
        r["construction"], projet, vidage, site = mesurer_construction(tmp, options.repetitions or REPETITIONS)
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
            tmp, [int(t) for t in options.tailles.split(",")], [int(t) for t in options.livret_tailles.split(",")],
            options.repetitions or REPETITIONS_CROISSANCE)
    return _ecrire(r, sortie, debut)


def _ecrire(r: dict, sortie: Path, debut: float) -> int:
    r["machine"]["charge_a_la_fin"] = os.getloadavg()[0]
    r["duree_du_banc_s"] = round(time.perf_counter() - debut)
    sortie.write_text(json.dumps(r, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(tableau(r))
    print(f"\nRésultats : {sortie} ({r['duree_du_banc_s']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
