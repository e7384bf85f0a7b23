"""Fiches actions : une page Markdown par fiche (en-tête + texte), index, matrice, tableau de bord ; ajouter une
fiche, c'est ajouter un fichier. Sur la structure d'essai tests/fixtures/fiches (une feuille de route, les fiches
de Béthune et de Moulins), construite une fois pour le module avec nouvelle-fiche.md ajoutée seule."""
from __future__ import annotations

import datetime
import html as html_texte
import json
import posixpath
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from conftest import FIXTURES as TOUTES_LES_FIXTURES
from instances import construire_instance
from lecture_html import sans_typographie, texte_attendu
from pydantic import BaseModel

from macros import fiches as F
from macros import rendus
from macros.donnees import charger, marque_du_champ
from macros.format import date_longue
from macros.modeles.base import CITATION
from macros.modeles.fiches import ETATS, FORMATS, ORIGINES, RESSOURCES, Fiche
from macros.rendus_fiches import RUBRIQUES, entete_html, rubriques_html
from macros.typographie import texte_publie

FIXTURES = TOUTES_LES_FIXTURES / "fiches"
NOUVELLE = FIXTURES / "nouvelle-fiche.md"
DOSSIER = "docs/fiches-actions"


# ── Lecture du HTML construit ─────────────────────────────────────────────────────────────────────────────
class _Lecteur(HTMLParser):
    """Le texte visible, les titres (id, texte), les liens (classe, href) et les cellules de tableaux."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.morceaux: list[str] = []
        self.titres: list[tuple[str, str]] = []
        self.liens: list[tuple[str, str]] = []
        self.lignes: list[list[tuple[str, dict, str]]] = []
        self._script = 0
        self._ancre_de_titre = False  # le « ¶ » que MkDocs ajoute aux titres n'est pas du texte
        self._appel = False  # l'appel numéroté vers la liste « Sources » non plus (« 6¹ » se lit « 6 »)
        self._dans_titre = False
        self._cellule: tuple[str, dict] | None = None
        self._texte_cellule: list[str] = []

    def handle_starttag(self, balise, attributs):
        attributs = dict(attributs)
        if balise in {"script", "style"}:
            self._script += 1
        if balise == "sup" and "appel-source" in (attributs.get("class") or ""):
            self._appel = True
        if balise in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._dans_titre = True
            self.titres.append((attributs.get("id", ""), ""))
        if balise == "a":
            self.liens.append((attributs.get("class") or "", attributs.get("href") or ""))
            self._ancre_de_titre = "headerlink" in (attributs.get("class") or "")
        if balise == "tr":
            self.lignes.append([])
        if balise in {"td", "th"}:
            self._cellule, self._texte_cellule = (balise, attributs), []
        if balise in {"p", "li", "dt", "dd", "td", "th", "br", "div", "caption", "h1", "h2", "h3", "h4"}:
            self.morceaux.append(" ")

    def handle_endtag(self, balise):
        if balise in {"script", "style"}:
            self._script -= 1
        if balise == "sup":
            self._appel = False
        if balise == "a":
            self._ancre_de_titre = False
        if balise in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._dans_titre = False
        if balise in {"td", "th"} and self._cellule and self.lignes:
            self.lignes[-1].append((*self._cellule, " ".join("".join(self._texte_cellule).split())))
            self._cellule = None

    def handle_data(self, donnee):
        if self._script or self._ancre_de_titre or self._appel:
            return
        donnee = sans_typographie(donnee)
        self.morceaux.append(donnee)
        if self._dans_titre:
            identifiant, texte_titre = self.titres[-1]
            self.titres[-1] = (identifiant, texte_titre + donnee)
        if self._cellule:
            self._texte_cellule.append(donnee)

    @property
    def texte(self) -> str:
        return " ".join("".join(self.morceaux).replace("\u00a0", " ").replace("\u202f", " ").split())


def lire(html: str) -> _Lecteur:
    lecteur = _Lecteur()
    lecteur.feed(html)
    return lecteur


def texte(html: str) -> str:
    return lire(html).texte


def page(site: Path, chemin: str) -> str:
    return (site / chemin / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    """Le contenu de la page, sans la navigation ni le pied de page."""
    return html[html.index("<article"):html.index("</article>")]


def liens_de_navigation(html: str, url_page: str) -> list[str]:
    """Les adresses (depuis la racine du site) des liens de la navigation principale, dans l'ordre."""
    debut = html.index("md-nav--primary")
    fin = html.index('class="md-content"')
    hrefs = [h for classe, h in lire(html[debut:fin]).liens if "md-nav__link" in classe]
    return [posixpath.normpath(posixpath.join(url_page, h)).lstrip("./") + "/" for h in hrefs if not h.startswith("#")]


# ── Valeurs qu'une fiche doit montrer, déduites du modèle et des données ──────────────────────────────────
LIBELLES = {"format": FORMATS, "etat": ETATS, "origine": ORIGINES, "nature": RESSOURCES}
# L'identifiant fait l'adresse de la page ; l'ordre, sa place ; la description, l'aperçu des moteurs de recherche ;
# l'unité et la précision d'une date disent comment écrire une valeur, sans s'afficher elles-mêmes.
NON_AFFICHES = {"id", "ordre", "description", "unite", "depuis_precision"}


def valeurs_attendues(modele: BaseModel, donnees) -> list[str]:
    """Chaque valeur remplie de la fiche, telle que le lecteur doit la lire sur la page."""
    attendus = []
    for nom, info in type(modele).model_fields.items():
        valeur = getattr(modele, nom)
        if nom in NON_AFFICHES or valeur in (None, [], ""):
            continue
        reference = marque_du_champ(info)
        for element in valeur if isinstance(valeur, list) else [valeur]:
            if reference and reference.collection == "fonctions":
                attendus.append(F.fonctions(donnees)[element].libelle)
            elif reference and reference.collection == "axes":
                attendus += [F.titre_axe(a) for a in F.chemin_axe(donnees, element)]
            elif reference and reference.collection == "fiches":
                attendus.append(F.titre_complet(F.fiche(donnees, element)))
            elif reference and reference.collection == "sources":
                attendus.append(donnees.source(element).document)
            elif isinstance(element, BaseModel):
                attendus += valeurs_attendues(element, donnees)
            elif nom in LIBELLES:
                attendus.append(LIBELLES[nom][element])
            elif isinstance(element, datetime.date):
                attendus.append(date_longue(element))
            elif isinstance(element, int):
                attendus.append(str(element))
            else:  # un texte qui cite un chiffre de data/ (« {structure.salaries} ») le montre mis en forme
                attendus.append(texte(markdown.markdown(texte_attendu(element, donnees))))
    return attendus


def champs_du_modele(modele: type[BaseModel], prefixe: str = "") -> set[str]:
    """Tous les champs d'un modèle, sous-modèles compris (« actions.taches.libelle »)."""
    champs = set()
    for nom, info in modele.model_fields.items():
        champs.add(prefixe + nom)
        for sous_modele in _modeles_dans(info.annotation):
            champs |= champs_du_modele(sous_modele, f"{prefixe}{nom}.")
    return champs


def _modeles_dans(annotation) -> list[type[BaseModel]]:
    import typing
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for argument in typing.get_args(annotation) for m in _modeles_dans(argument)]


def champs_remplis(modele: BaseModel, prefixe: str = "") -> set[str]:
    champs = set()
    for nom in type(modele).model_fields:
        valeur = getattr(modele, nom)
        if valeur in (None, [], ""):
            continue
        champs.add(prefixe + nom)
        for element in valeur if isinstance(valeur, list) else [valeur]:
            if isinstance(element, BaseModel):
                champs |= champs_remplis(element, f"{prefixe}{nom}.")
    return champs


# ── La structure d'essai ──────────────────────────────────────────────────────────────────────────────────
@pytest.fixture(scope="module")
def structure(tmp_path_factory) -> Path:
    """Une copie de tests/fixtures/fiches où nouvelle-fiche.md est ajoutée dans docs/fiches-actions/, sans rien
    changer d'autre (test_une_fiche_ajoutee_parait_partout)."""
    dossier = shutil.copytree(FIXTURES, tmp_path_factory.mktemp("fiches") / "fiches")
    shutil.copy(NOUVELLE, dossier / DOSSIER / NOUVELLE.name)
    return dossier


@pytest.fixture(scope="module")
def donnees_essai(structure):
    return charger(structure / "data")


@pytest.fixture(scope="module")
def site_essai(structure, tmp_path_factory) -> Path:
    resultat = construire_instance(structure, tmp_path_factory.mktemp("site-essai") / "site")
    assert resultat.code == 0, resultat.sortie
    return resultat.site


# Rubrique tirée de l'en-tête → champs qui la remplissent (une rubrique sans donnée n'est pas affichée).
CHAMPS_DES_RUBRIQUES = {
    "calendrier": ("calendrier",), "responsabilites": ("responsabilites",), "ressources": ("ressources",),
    "indicateurs": ("indicateurs",), "fiches-liees": ("liens",),
}
ESSAIS = ["bethune-1-1", "bethune-1-2", "bethune-1-3", "moulins-camion-mobile", "feuille-de-route-1"]


def retenues(fiche: Fiche) -> list[str]:
    """Les fonctions que vise la fiche ; aucune si elle ne les dit pas (plan d'action de Moulins)."""
    return fiche.fonctions.retenues if fiche.fonctions else []


APPEL_DE_CHIFFRE = re.compile(r'\{\{ chiffre\("([^"]+)"\) \}\}')


def intertitres(corps: str) -> list[tuple[str, str]]:
    """Les intertitres « ## Titre { #ancre } » du texte d'une fiche : (ancre, titre)."""
    return [(m.group(2), m.group(1)) for m in re.finditer(r"^## (.+?) \{ #([a-z0-9-]+) \}$", corps, re.M)]


def test_les_jeux_d_essai_remplissent_chaque_champ_de_l_en_tete(donnees_essai):
    essais = donnees_essai.jeux["fiches"]
    assert "nouvelle-fiche" in {f.id for f in essais}
    remplis = set().union(*(champs_remplis(f) for f in essais))
    assert champs_du_modele(Fiche) - remplis == {"description"}
    # Les trois natures de fiche : feuille de route, fiche action (Béthune) et plan d'action (Moulins).
    assert {f.format for f in essais} == set(FORMATS)


def test_chaque_format_garde_ses_rubriques_redigees_dans_le_texte(donnees_essai):
    """Les rubriques propres à chaque format de source sont des sections du texte de la page."""
    par_id = {f.id: f for f in donnees_essai.jeux["fiches"]}
    attendues = {
        "feuille-de-route-1": {"objectif", "actions", "risques", "suivi", "communication", "evaluation"},
        "bethune-1-1": {"objectif", "resume", "descriptif"},
        "moulins-camion-mobile": {"objectif", "resume", "etapes", "organisation", "evaluation", "perspectives",
                                  "remarques"},
    }
    for identifiant, rubriques in attendues.items():
        assert rubriques <= {a for a, _ in intertitres(par_id[identifiant].corps)}, identifiant


@pytest.mark.parametrize("identifiant", ESSAIS)
def test_une_fiche_d_essai_montre_son_en_tete_et_son_texte(identifiant, donnees_essai, site_essai):
    fiche = F.fiche(donnees_essai, identifiant)
    lu = texte(article(page(site_essai, f"fiches-actions/{identifiant}")))
    for attendu in valeurs_attendues(fiche, donnees_essai):
        assert attendu in lu, f"{identifiant} : « {attendu} » n'est pas affiché"
    assert F.titre_complet(fiche) in lu
    for _, titre in intertitres(fiche.corps):
        assert titre in lu
    # Chaque paragraphe du texte paraît, mis en forme (gras, listes) mais entier, ses chiffres cités compris.
    for paragraphe in (p.strip() for p in re.split(r"\n\s*\n", fiche.corps)):
        if paragraphe and not paragraphe.startswith(("#", "|")):
            paragraphe = APPEL_DE_CHIFFRE.sub(
                lambda m: rendus.valeur_formatee(donnees_essai.chiffre(m.group(1))), paragraphe)
            assert texte(markdown.markdown(paragraphe)) in lu, paragraphe


@pytest.mark.parametrize("identifiant", ["bethune-1-1", "bethune-1-2", "moulins-camion-mobile", "feuille-de-route-1"])
def test_rubriques_de_l_en_tete_remplies_seules_apres_le_texte(identifiant, donnees_essai, site_essai):
    fiche = F.fiche(donnees_essai, identifiant)
    ancres = [i for i, _ in lire(article(page(site_essai, f"fiches-actions/{identifiant}"))).titres]
    affichees = [i for i in ancres if i in CHAMPS_DES_RUBRIQUES]
    remplies = {r for r, champs in CHAMPS_DES_RUBRIQUES.items()
                if any(getattr(fiche, c) not in (None, [], "") for c in champs)}
    assert set(affichees) == remplies
    ordre = [r for r, _, _ in RUBRIQUES]
    assert affichees == sorted(affichees, key=ordre.index)
    redigees = [a for a, _ in intertitres(fiche.corps)]
    assert redigees and ancres.index(redigees[-1]) < min((ancres.index(a) for a in affichees), default=len(ancres))
    # Le document d'origine ouvre la section des sources, dernière de la page : un seul intertitre de sources.
    titres = [t for _, t in lire(article(page(site_essai, f"fiches-actions/{identifiant}"))).titres]
    assert fiche.source and sum(t.startswith("Source") for t in titres) == 1 and titres[-1].startswith("Source")


def test_bethune_coche_ses_enjeux_et_renvoie_aux_fiches_2_et_3(site_essai, donnees_essai):
    fiche = F.fiche(donnees_essai, "bethune-1-1")
    html = article(page(site_essai, "fiches-actions/bethune-1-1"))
    assert ORIGINES["source"] in texte(html)
    hrefs = [h for _, h in lire(html).liens]
    for cible in fiche.liens:
        assert f"../{cible}/" in hrefs
        assert (site_essai / "fiches-actions" / cible / "index.html").exists()
    for fonction in fiche.fonctions.retenues:
        assert f"../#fonction-{fonction}" in hrefs


def test_moulins_a_son_tableau_d_etapes_quoi_quand_qui_comment(site_essai, donnees_essai):
    fiche = F.fiche(donnees_essai, "moulins-camion-mobile")
    lignes_md = [l for l in fiche.corps.splitlines() if l.startswith("| ") and not l.startswith("| ---")]
    entete_md, *etapes_md = [[c.strip() for c in l.strip("|").split(" | ")] for l in lignes_md]
    assert entete_md == ["Étape", "Quoi ?", "Quand ?", "Qui ?", "Comment ?"]
    lu = lire(article(page(site_essai, "fiches-actions/moulins-camion-mobile")))
    tableau = [[t for _, _, t in ligne] for ligne in lu.lignes if ligne]
    assert tableau[0] == entete_md
    assert [ligne[0] for ligne in tableau[1:]] == [e[0] for e in etapes_md] == [
        "0", "1.1", "1.2", "1.3", "1.4", "2", "3", "4", "5"]
    assert tableau[2][1] == "Cibler les lieux ruraux les plus enclavés…"


def test_l_index_range_par_axe_puis_objectif(site_essai, donnees_essai):
    titres = dict(lire(article(page(site_essai, "fiches-actions"))).titres)
    for axe, _profondeur in F.axes_a_plat(donnees_essai):
        assert titres[f"axe-{axe.id}"] == F.titre_axe(axe)
    html = page(site_essai, "fiches-actions")
    assert '<h4 id="axe-moulins-og-1-oo-1"' in html


# ── Pages de chaque fiche, index, matrice, tableau de bord ─────────────────────────────────────────────────
def test_chaque_fiche_a_sa_page_avec_son_titre_et_son_lien_de_modification(site_essai, donnees_essai):
    for fiche in donnees_essai.jeux["fiches"]:
        html = page(site_essai, f"fiches-actions/{fiche.id}")
        assert dict(lire(article(html)).titres)["fiche"] == F.titre_complet(fiche)
        modifier = [h for c, h in lire(html).liens if "md-content__button" in c]
        assert modifier and modifier[0].endswith(f"/docs/fiches-actions/{fiche.id}.md"), modifier
        # Titre et description échappés (apostrophes comprises) : on compare le texte qu'ils portent.
        assert f"<title>{texte_publie(F.titre_complet(fiche))} - " in html_texte.unescape(html)
        assert f'<meta name="description" content="{texte_publie(F.description(fiche))}"' in html_texte.unescape(html)


def test_les_fiches_suivent_l_index_dans_la_navigation(site_essai, donnees_essai):
    # Lue sur l'index des fiches : avec navigation.prune, une page ne porte que la partie visible de la navigation.
    index = site_essai / "fiches-actions/index.html"
    navigation = liens_de_navigation(index.read_text(encoding="utf-8"), "fiches-actions/")
    attendu = ["fiches-actions/"] + [f"fiches-actions/{f.id}/" for f in F.fiches_ordonnees(donnees_essai)]
    debut = navigation.index("fiches-actions/")
    assert navigation[debut:debut + len(attendu)] == attendu


def test_un_choix_editorial_est_affiche_avec_sa_note(site_essai, donnees_essai):
    choisies = [f for f in donnees_essai.jeux["fiches"] if f.fonctions and f.fonctions.origine == "choix-editorial"]
    assert choisies
    for fiche in choisies:
        lu = texte(article(page(site_essai, f"fiches-actions/{fiche.id}")))
        assert ORIGINES["choix-editorial"] in lu and ORIGINES["source"] not in lu
        assert texte(markdown.markdown(fiche.fonctions.note)) in lu


def test_le_sommaire_d_une_fiche_liste_ses_rubriques(site_essai):
    html = page(site_essai, "fiches-actions/feuille-de-route-1")
    sommaire = html[html.index("md-nav--secondary"):]
    for ancre in ("objectif", "actions", "calendrier", "indicateurs", "evaluation"):
        assert f'href="#{ancre}"' in sommaire


def test_l_index_liste_chaque_fonction_et_chaque_etat(site_essai, donnees_essai):
    html = article(page(site_essai, "fiches-actions"))
    fiches = F.fiches_ordonnees(donnees_essai)
    for fonction in F.fonctions(donnees_essai).values():
        groupe = html[html.index(f'id="fonction-{fonction.id}"'):]
        groupe = groupe[:groupe.index("<h", 1)]
        visees = [f for f in fiches if fonction.id in retenues(f)]
        assert [h for _, h in lire(groupe).liens if not h.startswith("#")] == [f"{f.id}/" for f in visees]
    for etat in {F.etat(f) for f in fiches}:
        assert f'id="etat-{etat}"' in html
    for fiche in fiches:
        assert F.titre_complet(fiche) in texte(html)


def test_la_matrice_croise_fiches_et_fonctions(site_essai, donnees_essai):
    html = article(page(site_essai, "fiches-actions/matrice"))
    lu = lire(html)
    assert "<caption>" in html
    fonctions = list(F.fonctions(donnees_essai).values())
    entete, *lignes, total = lu.lignes
    assert [c[1].get("scope") for c in entete] == ["col"] * (len(fonctions) + 1)
    assert [t for _, _, t in entete[1:]] == [f.abrege for f in fonctions]
    fiches = F.fiches_ordonnees(donnees_essai)
    assert len(lignes) == len(fiches)
    for fiche, ligne in zip(fiches, lignes):
        assert ligne[0][0] == "th" and ligne[0][1]["scope"] == "row" and F.titre_abrege(fiche) in ligne[0][2]
        cochees = [f.id for f, cellule in zip(fonctions, ligne[1:]) if "oui" in cellule[2]]
        assert cochees == [f.id for f in fonctions if f.id in retenues(fiche)]
    assert [int(c[2]) for c in total[1:]] == [
        sum(f.id in retenues(fi) for fi in fiches) for f in fonctions]


def test_le_tableau_de_bord_liste_chaque_indicateur_avec_sa_fiche(site_essai, donnees_essai):
    html = article(page(site_essai, "fiches-actions/tableau-de-bord"))
    lu = texte(html)
    fiches = F.fiches_ordonnees(donnees_essai)
    assert f"{sum(len(f.indicateurs) for f in fiches)} indicateurs de suivi pour {len(fiches)} fiches" in lu
    debuts = [html.index(f'id="fiche-{fiche.id}"') for fiche in fiches]
    for fiche, debut, fin in zip(fiches, debuts, [*debuts[1:], len(html)]):
        section = texte(html[debut:fin])
        assert F.titre_complet(fiche) in section
        for indicateur in fiche.indicateurs:
            assert indicateur.libelle in section
        if not fiche.indicateurs:
            assert "Aucun indicateur n'est encore défini pour cette fiche." in section
        assert f"Calendrier {F.calendrier_resume(fiche) or 'non précisé'}" in section


def test_un_texte_de_fiche_cite_les_chiffres_de_data(structure, site_essai, donnees_essai):
    citees = 0
    for fiche in donnees_essai.jeux["fiches"]:
        html = page(site_essai, f"fiches-actions/{fiche.id}")
        en_tete = (structure / DOSSIER / f"{fiche.id}.md").read_text(encoding="utf-8").split("\n---\n")[0]
        cles = APPEL_DE_CHIFFRE.findall(fiche.corps) + CITATION.findall(en_tete)
        for cle in cles:
            chiffre = donnees_essai.chiffre(cle)
            assert rendus.valeur_formatee(chiffre) in texte(html)
            assert 'class="chiffre"' in html and "{" + cle + "}" not in html and "{{" not in html
            citees += 1
    assert citees, "aucune fiche ne cite de chiffre : ce test ne vérifierait rien"


# ── Ajouter une fiche, c'est ajouter un fichier ──────────────────────────────────────────────────────────
def test_une_fiche_ajoutee_parait_partout(site_essai, donnees_essai):
    # La structure d'essai ne la nomme nulle part : seul son fichier a été ajouté (fixture « structure »).
    for fichier in [FIXTURES / "instance.yml", *(FIXTURES / "data").rglob("*"), *(FIXTURES / "docs").rglob("*")]:
        assert fichier.is_dir() or "nouvelle-fiche" not in fichier.read_text(encoding="utf-8"), fichier
    fiche = F.fiche(donnees_essai, "nouvelle-fiche")
    titre = F.titre_complet(fiche)

    propre_page = page(site_essai, "fiches-actions/nouvelle-fiche")
    lu = texte(article(propre_page))
    assert titre in lu and fiche.avancement.commentaire in lu
    assert "Vérifier qu'une fiche ajoutée en un seul fichier paraît partout." in lu  # son texte
    modifier = [h for c, h in lire(propre_page).liens if "md-content__button" in c]
    assert modifier[0].endswith("/docs/fiches-actions/nouvelle-fiche.md")
    navigation = liens_de_navigation(page(site_essai, "fiches-actions/matrice"), "fiches-actions/matrice/")
    # Après la fiche qui la précède dans son axe (numéro 1, elle a le 6).
    assert navigation.index("fiches-actions/nouvelle-fiche/") == navigation.index("fiches-actions/feuille-de-route-1/") + 1
    index = article(page(site_essai, "fiches-actions"))
    assert titre in texte(index) and 'href="nouvelle-fiche/"' in index
    en_cours = index[index.index('id="etat-en-cours"'):]
    assert 'href="nouvelle-fiche/"' in en_cours[:en_cours.index("<h", 1)]
    matrice = lire(article(page(site_essai, "fiches-actions/matrice")))
    ligne = next(l for l in matrice.lignes if l and F.titre_abrege(fiche) in l[0][2])
    assert "oui" in ligne[1 + list(F.fonctions(donnees_essai)).index("orienter")][2]
    tableau = texte(article(page(site_essai, "fiches-actions/tableau-de-bord")))
    indicateur = fiche.indicateurs[0]
    assert f"{indicateur.libelle} {indicateur.cible} {indicateur.echeance}" in tableau
    recherche = json.loads((site_essai / "search/search_index.json").read_text(encoding="utf-8"))
    assert any(d["location"] == "fiches-actions/nouvelle-fiche/" and sans_typographie(d["title"]) == titre
               for d in recherche["docs"])
    assert any(d["location"].startswith("fiches-actions/nouvelle-fiche/") and "Tâche nommée" in d["text"]
               for d in recherche["docs"]), "le texte de la fiche est dans l'index de recherche"


# ── Rendus sans MkDocs ────────────────────────────────────────────────────────────────────────────────────
def test_ordre_de_lecture_et_rendus_sans_mkdocs(donnees_essai):
    # Par axe dans l'ordre de data/axes.yml, puis par numéro ; pas dans l'ordre des fichiers.
    assert [f.id for f in F.fiches_ordonnees(donnees_essai)] == [
        "bethune-1-1", "bethune-1-2", "bethune-1-3", "moulins-camion-mobile", "feuille-de-route-1", "nouvelle-fiche"]
    fiche = F.fiche(donnees_essai, "feuille-de-route-1")
    haut = entete_html(fiche, donnees_essai, F.LiensAncres(), niveau=2, sommaire=False)
    bas = rubriques_html(fiche, donnees_essai, F.LiensAncres(), niveau=3, sommaire=False)
    assert 'markdown="1"' not in haut + bas
    assert haut.startswith(f'<h2 id="{fiche.id}-fiche">')
    assert f'<h3 id="{fiche.id}-indicateurs">' in bas
    assert fiche.indicateurs[0].libelle in texte(bas)
