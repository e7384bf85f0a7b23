"""Les formulaires d'édition (/admin/, Decap CMS) : configuration tirée des modèles, enregistrement qui ne change
que la valeur modifiée, essai complet dans Chromium contre un clone local servi par decap-server.

Sur la structure d'essai tests/fixtures/minimale (l'essai dans Chromium : sur une copie, dépôt git à elle seule,
comme le dépôt d'une structure) : changer un chiffre de Lisieux ne casse aucun de ces tests."""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import socket
import subprocess
import time
import typing
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from conftest import FIXTURES, RACINE, modifier_yaml, preparer_l_adoption, servir
from instances import construire_instance, construite

from macros import cms
from macros.donnees import charger
from macros.modeles import base
from macros.instance import reglages

pytestmark = pytest.mark.skipif(not cms.disponible(), reason="Decap CMS non installé : lancer « npm ci »")


MINIMALE = FIXTURES / "minimale"


def _configuration(projet: Path, depot: Path | None = None, port: int = cms.PORT_LOCAL) -> dict:
    """La configuration des formulaires de la structure `projet`, dans le dépôt `depot` (par défaut, le sien)."""
    return cms.configuration(charger(projet / "data"), projet, depot or projet, reglages(projet), port)


def _champ(champs: list[dict], *noms: str) -> dict:
    for nom in noms:
        champ = next(c for c in champs if c["name"] == nom)
        champs = champ.get("fields", [])
    return champ


def test_la_configuration_vient_des_modeles():
    config = _configuration(MINIMALE)
    assert config["locale"] == "fr" and config["publish_mode"] == "editorial_workflow"
    assert config["backend"] == {**config["backend"], "name": "github", "repo": "exemple/val-d-essai"}
    donnees = next(c for c in config["collections"] if c["name"] == "donnees")
    assert donnees["format"] == "yaml-fidele"
    territoire = next(f for f in donnees["files"] if f["name"] == "territoire")
    assert territoire["file"] == "data/territoire.yml"
    habitants = _champ(territoire["fields"], "chiffres", "habitants")
    assert habitants["label"].startswith("Habitants du Val d'Essai")
    valeur, source, qualificatif, note = (_champ(habitants["fields"], n)
                                          for n in ("valeur", "source", "qualificatif", "note"))
    assert valeur["widget"] == "number" and valeur["required"] and "« . » pour la virgule" in valeur["hint"]
    assert {"label": "Projet associatif 2025–2029", "value": "projet-2025"} in source["options"]
    assert [o["value"] for o in qualificatif["options"]] == list(typing.get_args(base.Qualificatif))
    assert {"label": "près de", "value": "pres_de"} in qualificatif["options"]  # le libellé du vocabulaire
    assert not qualificatif["required"] and not note["required"]
    telephone = _champ(next(f for f in donnees["files"] if f["name"] == "implantations")["fields"], "lieux",
                       "telephone")
    assert telephone["label"] == "Téléphone" and re.match(telephone["pattern"][0], "02 31 00 00 00")
    assert {c["name"] for c in config["collections"]} == {"donnees", "fiches", "pages"}
    assert {f["name"] for f in donnees["files"]} >= {"sources", "implantations", "territoire", "structure"}


def _blocs(champs: list[dict]):
    for champ in champs:
        yield champ
        yield from _blocs(champ.get("fields", []))


@pytest.mark.parametrize("structure", [".", "exemples/moulins", "exemples/modele"])
def test_chaque_structure_ecrit_dans_son_dossier(structure):
    dossier = RACINE / structure
    config = cms.configuration(charger(dossier / "data"), dossier, RACINE, reglages(dossier))
    chemins = [f["file"] for f in config["collections"][0]["files"]] + [c["folder"] for c in config["collections"][1:]]
    assert chemins and all(c.startswith("" if structure == "." else f"{structure}/") for c in chemins)
    assert all(not c.startswith(("/", "..")) for c in chemins)
    # Decap refuse toute la configuration si un bloc n'a aucun champ.
    for collection in config["collections"]:
        for champ in _blocs([*collection.get("files", []), collection]):
            assert champ.get("fields", [None]) != [], champ.get("name")


def test_une_edition_adoptee_construite_n_a_pas_de_formulaires(minimale, tmp_path):
    # Decap CMS présent : celui du moteur (node_modules de ce dépôt), qui construit la structure.
    assert cms.disponible()
    preparer_l_adoption(minimale)
    modifier_yaml(minimale / "data/edition.yml", lambda d: d.update(
        id="2024-2028", titre="Projet associatif 2024–2028", periode={"debut": 2024, "fin": 2028},
        statut="adoptee", adoption="2024-06-20"))
    resultat = construire_instance(minimale, tmp_path / "site", env={"SANS_PDF": "1"})
    assert resultat.code == 0, resultat.sortie
    assert (tmp_path / "site" / "index.html").is_file() and not (tmp_path / "site" / "admin").exists()


def test_une_edition_adoptee_n_a_pas_de_formulaires(tmp_path):
    donnees = charger(MINIMALE / "data")
    for brouillon, attendu in ((False, False), (True, True)):
        site = tmp_path / str(brouillon)
        config = {"extra": {"publication": SimpleNamespace(version_de_travail=brouillon)}, "site_dir": str(site),
                  "docs_dir": str(MINIMALE / "docs")}
        cms.construire(config, donnees)
        assert (site / "admin" / "index.html").is_file() is attendu


def _noeud(admin: Path, script: str) -> str:
    """Exécute `script` (module ES) à côté des fichiers de /admin/, tels que le site les sert."""
    (admin / "essai.mjs").write_text(script, encoding="utf-8")
    return subprocess.run(["node", str(admin / "essai.mjs")], capture_output=True, text=True, check=True).stdout


# Des commentaires d'éditeur (en tête, entre deux blocs, en fin de ligne), que l'enregistrement doit garder.
_COMMENTAIRES = [("chiffres:\n", "# Le territoire, d'après le projet associatif.\n# « qualificatif » garde la "
                                 "nuance de la source.\nchiffres:\n"),
                 ("    annee: 2024\n", "    annee: 2024 # recensement\n"),
                 ("  taux_chomage:\n", "\n  # Fin 2024.\n  taux_chomage:\n")]


def test_le_format_fidele_ne_reecrit_que_ce_qui_change(tmp_path):
    cms.installer(tmp_path, cms.texte_de_configuration(_configuration(MINIMALE)))
    admin = tmp_path / "admin"
    texte = (MINIMALE / "data/territoire.yml").read_text(encoding="utf-8")
    for avant, apres in _COMMENTAIRES:
        assert avant in texte
        texte = texte.replace(avant, apres, 1)
    fiche = (MINIMALE / "docs/fiches-actions/aller-vers.md").read_text(encoding="utf-8")
    (admin / "entree.json").write_text(json.dumps([texte, fiche]), encoding="utf-8")
    resultat = json.loads(_noeud(admin, """
import { readFileSync } from "node:fs";
import { formatDonnees, formatPages } from "./fidele-noyau.js";
const [texte, fiche] = JSON.parse(readFileSync(new URL("./entree.json", import.meta.url), "utf8"));
const copie = (o) => JSON.parse(JSON.stringify(o));
const lu = formatDonnees.fromFile(texte);
const inchange = formatDonnees.toFile(copie(lu));
const valeur = copie(lu); valeur.chiffres.habitants.valeur = 8.9;
const ajout = copie(lu); ajout.chiffres.habitants.note = "L'agglomération : « Val d'Essai »";
const vide = copie(lu); vide.chiffres.habitants.note = "";
const page = formatPages.fromFile(fiche); page.titre = "Aller vers : les jeunes";
const corps = formatPages.fromFile(fiche); corps.body = corps.body.trimEnd();
console.log(JSON.stringify({inchange, valeur: formatDonnees.toFile(valeur), ajout: formatDonnees.toFile(ajout),
  vide: formatDonnees.toFile(vide), page: formatPages.toFile(page), corps: formatPages.toFile(corps)}));
"""))
    assert resultat["inchange"] == texte and resultat["vide"] == texte and resultat["corps"] == fiche
    assert resultat["valeur"] == texte.replace("valeur: 41200", "valeur: 8.9", 1)
    # Un champ ajouté : une ligne de plus, les commentaires et le reste du fichier intacts.
    ajoutees = [l for l in resultat["ajout"].splitlines() if l not in texte.splitlines()]
    assert ajoutees == ["    note: \"L'agglomération : « Val d'Essai »\""]
    assert resultat["ajout"].replace(ajoutees[0] + "\n", "") == texte
    assert resultat["page"] == fiche.replace("titre: Aller vers\n", "titre: \"Aller vers : les jeunes\"\n", 1)


# Les images des formulaires, refaites à chaque essai hors du dépôt (un test n'écrit rien dans ce qu'il vérifie) :
# pour rafraîchir celles que montre CONTRIBUTING.md (captures/), les y recopier.
CAPTURES = RACINE / "tests" / "sortie" / "captures" / "formulaires"


def capturer(page, nom: str) -> None:
    """Réécrit <CAPTURES>/<nom> si l'image a changé (pixels comparés : l'encodage PNG varie d'un essai à l'autre)."""
    from PIL import Image, ImageChops

    page.wait_for_load_state("networkidle")
    # La barre de chargement de Decap (un canvas en haut de page) va et vient sans fin : masquée, l'image est
    # la même d'un essai à l'autre.
    image = page.screenshot(animations="disabled", caret="hide", style="body > canvas { visibility: hidden; }")
    chemin = CAPTURES / nom
    if chemin.is_file():
        avant, apres = (Image.open(io.BytesIO(b)).convert("RGB") for b in (chemin.read_bytes(), image))
        if avant.size == apres.size and ImageChops.difference(avant, apres).getbbox() is None:
            return
    CAPTURES.mkdir(parents=True, exist_ok=True)
    chemin.write_bytes(image)


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _attendre(port: int, delai: float = 30) -> None:
    """Attend que decap-server écoute (Decap ne cherche son serveur local qu'au chargement de la page)."""
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"decap-server n'écoute pas sur le port {port}")


def _git(depot: Path, *arguments: str) -> str:
    return subprocess.run(["git", "-C", str(depot), *arguments], capture_output=True, text=True, check=True).stdout


def test_trois_modifications_par_les_formulaires_dans_chromium(tmp_path, navigateur):
    """Comme un éditeur : /admin/, un chiffre, un indicateur de fiche, le téléphone d'un lieu qui n'en avait pas ;
    chaque enregistrement ouvre sa branche (propositions) qui ne change que cette ligne ; le site reconstruit les
    montre. Le clone : la structure d'essai seule, dépôt git à elle (chemins des formulaires depuis sa racine)."""
    clone = shutil.copytree(MINIMALE, tmp_path / "clone")
    identite = {"GIT_AUTHOR_NAME": "Formulaire", "GIT_AUTHOR_EMAIL": "formulaire@exemple.org",
                "GIT_COMMITTER_NAME": "Formulaire", "GIT_COMMITTER_EMAIL": "formulaire@exemple.org"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(clone), "commit", "-qm", "départ"], check=True, env={**os.environ, **identite})
    port = _port_libre()
    config = _configuration(clone, port=port)
    cms.installer(tmp_path / "site", cms.texte_de_configuration(config))
    serveur = subprocess.Popen(
        ["node", str(RACINE / "node_modules/decap-server/dist/index.js")],
        env={**os.environ, **identite, "MODE": "git", "GIT_REPO_DIRECTORY": str(clone), "PORT": str(port),
             "BIND_HOST": "127.0.0.1"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _attendre(port)
        with servir(tmp_path / "site", "/") as adresse:
            contexte = navigateur.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
            page = contexte.new_page()
            hotes: set[str] = set()
            page.on("request", lambda requete: hotes.add(requete.url.split("/")[2]))
            page.set_default_timeout(20_000)

            def ouvrir(chemin: str) -> None:
                page.goto(f"{adresse}admin/#/collections/{chemin}")
                page.reload()  # chaque formulaire lu depuis le clone, comme en arrivant sur la page
                page.get_by_text("Modifications enregistrées").first.wait_for()

            def enregistrer() -> None:
                page.get_by_role("button", name="Enregistrer").click()
                page.get_by_text("Entrée enregistrée").first.wait_for()

            page.goto(f"{adresse}admin/")
            page.get_by_role("button", name="Se connecter").click()
            ouvrir("donnees/entries/territoire")
            habitants = page.locator('[id^="habitants-field-"]').first
            habitants.get_by_test_id("expand-button").first.click()
            habitants.get_by_label("Valeur", exact=True).fill("74100")
            capturer(page, "formulaire-chiffre.png")
            enregistrer()
            ouvrir("fiches/entries/aller-vers")
            indicateur = page.locator('[id^="indicateurs-field-"]').first.get_by_label("Libellé", exact=True).first
            indicateur.fill("Partenariats signés avec des associations locales (cible : 12)")
            indicateur.scroll_into_view_if_needed()
            capturer(page, "formulaire-fiche.png")
            enregistrer()
            ouvrir("donnees/entries/implantations")
            # Le second lieu, la mairie annexe, n'a pas de téléphone : le champ s'ajoute au fichier.
            telephone = page.locator('[id^="lieux-field-"]').first.get_by_label(re.compile("^Téléphone")).nth(1)
            telephone.fill("02 31 48 00 00")
            telephone.scroll_into_view_if_needed()
            capturer(page, "formulaire-lieu.png")
            enregistrer()
            contexte.close()
    finally:
        serveur.terminate()
        serveur.wait(timeout=10)
    # Aucune requête ailleurs que le site et le serveur local de Decap.
    assert hotes == {adresse.split("/")[2], f"127.0.0.1:{port}"}
    attendu = {
        "cms/donnees/territoire": ("data/territoire.yml", ["-    valeur: 41200", "+    valeur: 74100"]),
        "cms/fiches/aller-vers": ("docs/fiches-actions/aller-vers.md", [
            "-  - libelle: Partenariats signés",
            '+  - libelle: "Partenariats signés avec des associations locales (cible : 12)"']),
        "cms/donnees/implantations": ("data/implantations.yml", ["+    telephone: 02 31 48 00 00"]),
    }
    for branche, (fichier, lignes) in attendu.items():
        assert _git(clone, "diff", "--name-only", "main", branche).split() == [fichier]
        difference = _git(clone, "diff", "-U0", "main", branche).splitlines()
        assert [l for l in difference if l[:1] in "+-" and not l.startswith(("+++", "---"))] == lignes
    # Le site reconstruit depuis les trois propositions réunies.
    assert _git(clone, "status", "--porcelain") == ""
    for branche in attendu:
        subprocess.run(["git", "-C", str(clone), "merge", "-q", "--no-edit", branche], check=True,
                       env={**os.environ, **identite})
    shutil.rmtree(clone / ".git")
    resultat = construire_instance(clone, tmp_path / "construit", env={"SANS_PDF": "1"})
    assert resultat.code == 0, resultat.sortie
    site = resultat.site
    assert (site / "admin" / "config.yml").is_file()  # version de travail : formulaires compris
    accueil = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r"74\s100", accueil) and not re.search(r"41\s200", accueil)
    lieux = (site / "nous-trouver/index.html").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "02 31 48 00 00" in lieux and "01 00 00 00 00" in lieux
    fiche = (site / "fiches-actions/aller-vers/index.html").read_text(encoding="utf-8")
    assert re.search(r"Partenariats signés avec des associations locales \(cible\s: 12\)", fiche)


def test_la_version_de_travail_construite_a_ses_formulaires():
    """La construction ordinaire (greffon du moteur) écrit /admin/ : page du moteur, configuration générée,
    scripts servis par le site lui-même ; la page ne nomme aucune autre adresse. (La structure d'essai, construite
    une fois pour la session : tests/instances.py.)"""
    admin = construite(MINIMALE).site / "admin"
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and 'content="noindex, nofollow"' in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config == _configuration(MINIMALE, RACINE)  # dans ce dépôt : chemins depuis sa racine
    assert (admin / "decap-cms.js").is_file() and (admin / "fidele-noyau.js").is_file()
    assert (admin / "yaml" / "index.js").is_file()
