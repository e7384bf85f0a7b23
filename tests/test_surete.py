"""Sûreté (issue 18) : les cas d'un contributeur hostile ou distrait, rejoués.

La plupart appellent le lecteur, les rendus ou la garde directement (millisecondes) ; trois constructions
seulement (données piégées rendues inertes, page qui tente d'exécuter du code, lien symbolique). Toutes sur des
copies de la structure d'essai tests/fixtures/minimale."""
from __future__ import annotations

import re
import resource
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from instances import construire_instance
from macros import garde, surete
from macros.donnees import lire_entete
from macros.erreurs import ErreurDonnees, ErreursDonnees
from macros.modeles.page import EnTete
from macros.yaml_lignes import lire_texte_yaml


def _erreur(texte: str) -> str:
    with pytest.raises(ErreurDonnees) as erreur:
        lire_texte_yaml(texte, "data/essai.yml")
    return str(erreur.value)


# ── Lecteur YAML : sens YAML 1.2, valeurs refusées ─────────────────────────────────────────────────────────
def test_sens_yaml_1_2():
    valeurs, _ = lire_texte_yaml("a: 023\nb: 1:30\nc: on\nd: yes\ne: non\nf: true\ng: 0o17\nh: 1e3\n", "x")
    assert valeurs == {"a": 23, "b": "1:30", "c": "on", "d": "yes", "e": "non", "f": True, "g": 15, "h": 1000.0}


@pytest.mark.parametrize("texte, ligne, attendu", [
    ("a: 1\nv: .nan\n", 2, "n'est pas un nombre utilisable"),
    ("v: 1.0e+400\n", 1, "n'est pas un nombre utilisable"),
    ("v: -.inf\n", 1, "n'est pas un nombre utilisable"),
    ("? [a, b]\n: 1\n", 1, "nom de champ invalide"),
    ("a: " + "[" * 20000 + "\n", 1, "imbriquée trop profondément"),
    ("a: b\x07c\n", 1, "caractère invisible interdit (U+0007)"),
    ("a: 1\ntitre: abc\u202edef\n", 2, "U+202E"),
    ("a: &a {x: 1}\nb: *a\n", 2, "alias YAML"),
    ("b:\n  <<: {x: 1}\n", 2, "clé de fusion"),
    ("a: !!python/object/apply:os.system ['id']\n", 1, "étiquette YAML"),
    ("d: 2023-02-30\n", 1, "n'existe pas dans le calendrier"),
])
def test_valeurs_refusees(texte, ligne, attendu):
    message = _erreur(texte)
    assert message.startswith(f"data/essai.yml, ligne {ligne}"), message
    assert attendu in message


def test_bombe_d_alias_arretee_aussitot():
    niveaux = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    niveaux += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 8)]
    assert "alias YAML" in _erreur("\n".join(niveaux) + "\n")


def test_fichiers_refuses(tmp_path: Path):
    from macros.yaml_lignes import lire_yaml
    (tmp_path / "dossier.yml").mkdir()
    with pytest.raises(ErreurDonnees, match="ce n'est pas un fichier"):
        lire_yaml(tmp_path / "dossier.yml", "data/equipe.yml")
    (tmp_path / "lien.yml").symlink_to("/etc/hostname")
    with pytest.raises(ErreurDonnees, match="lien symbolique refusé") as erreur:
        lire_yaml(tmp_path / "lien.yml", "data/lien.yml")
    assert "/etc" not in str(erreur.value)


# ── Hypothesis : jamais de trace, jamais d'attente sans fin ────────────────────────────────────────────────
_MORCEAUX = st.sampled_from(["a", "b: ", "- ", "[", "]", "{", "}", "&x ", "*x", "<<: ", "? ", ": ", "!!", "\n",
                             "  ", "'", '"', ".nan", "1:30", "023", "on", "#", "\t", "\x00", "\u202e", "é", ","])


def _sans_trace(texte: str) -> None:
    try:
        lire_texte_yaml(texte, "data/essai.yml")
    except ErreurDonnees as erreur:
        assert str(erreur).startswith("data/essai.yml") and "Traceback" not in str(erreur)


def _mesure(texte: str, calcul: list[float]) -> None:
    debut = time.thread_time()
    _sans_trace(texte)
    calcul.append(time.thread_time() - debut)


# Pas de délai par exemple (deadline=None) : une machine chargée le dépasserait ; l'attente sans fin est vérifiée
# par le test suivant, en temps processeur.
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.lists(_MORCEAUX, max_size=60).map("".join), st.text(max_size=200)))
def test_lecteur_ne_plante_jamais(texte):
    _sans_trace(texte)


@settings(max_examples=150, deadline=None)
@given(st.lists(_MORCEAUX, max_size=40).map("".join))
def test_entete_de_page_ne_plante_jamais(texte):
    """L'en-tête d'une page passe par le même lecteur, puis par son modèle : une erreur française ou un en-tête."""
    try:
        lire_entete(f"---\n{texte}\n---\n# Page\n", "docs/p.md", EnTete)
    except ErreursDonnees as erreurs:
        assert all(e.texte().startswith("docs/p.md") for e in erreurs.erreurs)
    except ErreurDonnees as erreur:
        assert str(erreur).startswith("docs/p.md")


def test_lecteur_borne_en_memoire_et_en_temps():
    """Les pires entrées connues, dans un fil surveillé : moins de 2 s de calcul et de 200 Mo chacune (temps
    processeur du fil : une machine chargée par d'autres travaux ne fait pas échouer le test)."""
    cas = ["a: " + "[" * 100_000, "- " * 50_000 + "x", "a: &a [" + "x," * 10_000 + "]\n" + "b: [" + "*a," * 10_000 + "]",
           "{" * 30 + "}" * 30, "x: " + "9" * 5000]
    for texte in cas:
        avant = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        calcul: list[float] = []
        fil = threading.Thread(target=_mesure, args=(texte, calcul), daemon=True)
        fil.start()
        fil.join(120)
        assert not fil.is_alive() and calcul[0] < 2, texte[:30]
        assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - avant < 200_000, texte[:30]


# ── En-tête des pages : même lecteur, clés et valeurs vérifiées ───────────────────────────────────────────
@pytest.mark.parametrize("entete, attendu", [
    ("title: x\nlivret: non\n", "docs/p.md, ligne 3, champ « livret »"),
    ("title: [x\n", "docs/p.md, ligne 2"),
    ("titre: x\n", "clé inconnue"),
    ("title: &t x\ndescription: *t\n", "alias YAML"),
])
def test_entete_refuse(entete, attendu):
    with pytest.raises((ErreurDonnees, ErreursDonnees)) as erreur:
        lire_entete(f"---\n{entete}---\n\n# Page\n", "docs/p.md", EnTete)
    assert attendu in str(erreur.value)


def test_un_seul_lecteur_d_en_tete(tmp_path: Path):
    """Pages et fiches : même découpage, mêmes lignes, mêmes refus ; chacune garde son message propre."""
    from macros.entetes import lire_page
    source = "---\n# commentaire\ntitle: T\ndescription: D\n...\n# Corps\n"
    (tmp_path / "p.md").write_text(source, encoding="utf-8")
    brut, lignes, corps = lire_page(tmp_path / "p.md", "docs/p.md")
    entete, lignes_page = lire_entete(source, "docs/p.md", EnTete)
    assert brut == {"title": "T", "description": "D"} and corps == "# Corps\n"
    assert lignes == lignes_page and lignes[("description",)] == 4 and entete.title == "T"
    for texte, attendu in (("---\ntitle: T\n", ("n'est pas refermé : ajoutez", "n'est pas refermé par une seconde")),
                           ("---\ntitle: &t x\ndescription: *t\n---\n", ("alias YAML", "alias YAML"))):
        (tmp_path / "p.md").write_text(texte, encoding="utf-8")
        with pytest.raises(ErreurDonnees, match=attendu[0]):
            lire_page(tmp_path / "p.md", "docs/p.md")
        with pytest.raises(ErreurDonnees, match=attendu[1]):
            lire_entete(texte, "docs/p.md", EnTete)


# ── Données inertes ────────────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("markdown, interdit", [
    ("<script>alert(1)</script>", "<script"),
    ("<details ontoggle=alert(1)>x</details>", "ontoggle"),
    ("[x](javascript:alert(1))", "javascript:"),
    ("<iframe src=https://x.fr></iframe>", "<iframe"),
    ("![](https://traqueur.example/p.png)", "<img"),
])
def test_markdown_des_fiches_nettoye(markdown, interdit):
    from macros.rendus_fiches import _md
    assert interdit not in _md(markdown)


def test_markdown_des_fiches_garde_la_mise_en_forme():
    from macros.rendus_fiches import _md
    html = _md("*a* **b**\n\n- [site](../page.md)\n- [m](mailto:a@b.fr)\n- [t](tel:+33100000000)\n- [w](https://x.fr)")
    for attendu in ("<em>a</em>", "<strong>b</strong>", 'href="../page.md"', 'href="mailto:a@b.fr"',
                    'href="tel:+33100000000"', 'href="https://x.fr"'):
        assert attendu in html


# Le HTML des macros est de confiance (surete.de_confiance) : chaque donnée y est échappée par la macro, et le
# Markdown qu'elle rend est relu avec la page. Un texte hostile doit y rester du texte.
HOSTILE = ("<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) *a* | `c` "
           "{: onclick=alert(4) }")


def _page(markdown_: str) -> str:
    """Le Markdown d'une page en HTML, avec les extensions de mkdocs.yml."""
    import markdown
    return markdown.Markdown(extensions=["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html",
                                         "tables", "toc", "pymdownx.details", "pymdownx.superfences"]).convert(markdown_)


def _inerte(html: str, attendu: str = HOSTILE) -> None:
    from bs4 import BeautifulSoup
    soupe = BeautifulSoup(html, "html.parser")
    assert not soupe.find(["script", "img"]), html
    assert not soupe.find(attrs={"onclick": True}) and not soupe.find(attrs={"onerror": True}), html
    assert not [a for a in soupe.find_all("a", href=True) if "javascript" in a["href"]], html
    assert not soupe.find(["em", "code"]), html  # aucune mise en forme tirée d'une donnée
    assert attendu in " ".join(soupe.get_text().split()), html  # le texte lui-même, lisible tel qu'écrit


@pytest.fixture
def donnees_hostiles(minimale: Path):
    """Les données de la structure d'essai minimale, un libellé de chaque bloc de macros/blocs.py remplacé par un
    texte hostile (un historique ajouté pour les noms et les lieux successifs)."""
    from macros.donnees import charger
    data = minimale / "data"
    cite = '"' + HOSTILE.replace('"', '\\"') + '"'
    (data / "historique.yml").write_text(f"evenements:\n  - date: 1995\n    portee: locale\n    texte: Installation.\n"
                                         f"    nom: {cite}\n    lieu: {cite}\n", encoding="utf-8")
    for fichier, ancien in (("territoire.yml", "libelle: Habitants du Val d'Essai"),
                            ("implantations.yml", "nom: L'Atelier des Jeunes"),
                            ("gouvernance.yml", "fonction: le maire du bourg"),
                            ("strategie.yml", "titre: Être plus proche des jeunes")):
        _remplacer(data / fichier, ancien, ancien.split(":")[0] + ": " + cite)
    # La précision du premier lieu, sur la même ligne que son nom.
    _remplacer(data / "implantations.yml", "    role: siege\n", f"    role: siege\n    precision: {cite}\n")
    return charger(data)


def test_blocs_affichent_les_donnees_telles_quelles(donnees_hostiles):
    from macros import blocs
    d = donnees_hostiles
    def lien(i):
        return f"[{i}](../{i}.md)"
    sorties = {
        "tableau_chiffres": blocs.tableau_chiffres(d, "territoire"),
        "lieux_d_accueil": blocs.lieux_d_accueil(d),
        "lieux (précision)": blocs.lieux_d_accueil(d, roles=True).split("\n")[0].split(" : ", 1)[1],
        "mandats": blocs.mandats(d, "presidences"),
        "adresses_successives": blocs.adresses_successives(d),
        "noms_successifs": blocs.noms_successifs(d),
        "orientations": blocs.orientations_des_feuilles_de_route(d, d.jeux["fiches"], lien),
    }
    for nom, markdown_ in sorties.items():
        ligne = next(l for l in markdown_.split("\n") if "alert(1)" in l)
        html = _page(ligne if not ligne.startswith("|") else markdown_.split("\n")[0] + "\n| --- | --- |\n" + ligne)
        _inerte(html.replace("<strong>", "").replace("</strong>", ""))
        if ligne.startswith("|"):
            assert html.count("<td>") == 2, (nom, html)  # la barre verticale du libellé ne coupe pas la ligne


def test_filtre_avec_chiffres_inerte(donnees_hostiles):
    """`{{ evenement.texte | avec_chiffres }}` dans une page : le texte autour du chiffre reste du texte."""
    from macros.citations import avec_chiffres
    hostile = HOSTILE.split(" {")[0]  # des accolades y seraient une citation (vérifiée au chargement)
    html = _page("Texte : " + avec_chiffres(hostile + " {territoire.habitants}", donnees_hostiles))
    _inerte(html, hostile)
    assert 'class="chiffre"' in html


def test_en_tete_et_rubriques_de_fiche_inertes(donnees_hostiles):
    """Titre (avec MkDocs, un titre h1 markdown="1" est relu comme du Markdown) et champs rédigés de l'en-tête."""
    from macros import rendus_fiches
    fiche = next(f for f in donnees_hostiles.jeux["fiches"] if f.calendrier)
    fiche = fiche.model_copy(update={"titre": HOSTILE, "titre_court": HOSTILE, "description": HOSTILE})
    entete = rendus_fiches.entete_html(fiche, donnees_hostiles)
    _inerte(_page(entete).split("</h1>")[0])
    # Un champ en Markdown : nettoyé, puis relu avec la page sans qu'un lien échappé ne (re)devienne un lien.
    for texte in ("# \\[x\\](javascript:alert(1))", "    [y](javascript:alert(2))", "a\n\n# \\[z\\](javascript:alert(3))",
                  "<pre>[w](javascript:alert(4))</pre>"):
        calendrier = fiche.calendrier.model_copy(update={"texte": texte})
        html = _page("Texte\n\n" + rendus_fiches.rubriques_html(fiche.model_copy(update={"calendrier": calendrier}),
                                                                  donnees_hostiles))
        assert "javascript" in html and 'href="javascript' not in html, html


def test_ce_qui_a_change_inerte(donnees_hostiles):
    """« Ce qui a changé » montre des titres de pages, des noms d'éléments, des libellés : du texte."""
    from macros import comparaison, difference_pages as D
    pages = [D.PageModifiee("a.md", HOSTILE, "retiree"), D.PageModifiee("b.md", HOSTILE, "ajoutee"),
             D.PageModifiee("c.md", HOSTILE, "modifiee", [D.Passage(HOSTILE, HOSTILE, HOSTILE + " fin")])]
    for morceau in _page(D.en_markdown(pages)).split("\n"):
        if "alert" in morceau and "<h3" in morceau:
            _inerte(morceau)
    element = comparaison.Element("x", HOSTILE, ("titre",))
    valeur = comparaison.ValeurChiffre("a.b", HOSTILE, "3")
    changements = comparaison.Changements([comparaison.Collection("fiches", None, ajouts=[element])],
                                          chiffres_ajoutes=[valeur])
    for morceau in _page(comparaison.en_markdown(changements, HOSTILE, HOSTILE)).split("\n"):
        if "alert" in morceau:
            _inerte(morceau)
    # L'introduction cite les titres des éditions (data/edition.yml) ou le message d'erreur qui cite une valeur lue.
    from macros import editions
    edition = donnees_hostiles.jeux["edition"].model_copy(update={"titre": HOSTILE})
    precedente = editions.EditionPrecedente("2019-2023", HOSTILE)
    for probleme in (None, f"valeur non permise ; trouvé : « {HOSTILE} »"):
        precedente.probleme = probleme
        publication = editions.Publication(edition, None, False, precedente, changements=changements)
        _inerte(_page(editions.ce_qui_a_change(publication)).split("\n")[0])


def test_titre_d_une_page_lu_par_le_lecteur_des_en_tetes():
    """« Ce qui a changé » lit le titre d'une page par le lecteur des en-têtes : une bombe d'alias n'est pas
    développée, un en-tête illisible ne donne pas de titre (le premier « # » ou le nom de la page)."""
    from macros.difference_pages import titre
    bombe = "\n".join(["a0: &a0 [x, x]"] + [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 30)])
    assert titre(f"---\n{bombe}\ntitle: T\n---\n# Premier\n", "p.md") == "Premier"
    assert titre("---\ntitle: Le titre\n...\n# Premier\n", "p.md") == "Le titre"
    assert titre("---\nid: f\nformat: feuille-de-route\nnumero: 2\ntitre: Agir\n---\n", "f.md") == \
        "Feuille de route 2 : Agir"
    assert titre("---\ntitle: x\n# jamais refermé\n", "p.md") == "jamais refermé"  # du texte, pas un en-tête


def test_valeurs_echappees_par_les_modeles():
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    env = ImmutableSandboxedEnvironment(finalize=surete.finaliser)
    env.globals["macro"] = surete.de_confiance(lambda: "<b>ok</b>")
    rendu = env.from_string('{{ texte }} <a title="{{ texte }}">{{ macro() }}</a>').render(
        texte='</title><script>x</script>" onclick="y')
    assert "<script>" not in rendu and 'onclick="y' not in rendu and "<b>ok</b>" in rendu


def test_bac_a_sable():
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    env = ImmutableSandboxedEnvironment(finalize=surete.finaliser)
    with pytest.raises(SecurityError):
        env.from_string("{{ cycler.__init__.__globals__.os.popen('id').read() }}").render()



def test_variables_nommees_une_seule_lecture_de_la_page(monkeypatch):
    """Les variables qu'une page nomme ; le texte lu pour les trouver n'est pas relu pour son rendu, un autre
    texte l'est, et une page illisible garde l'erreur de Jinja."""
    from jinja2 import TemplateSyntaxError

    env = surete.BacASable(finalize=surete.finaliser)
    lectures = []
    lire = env._parse
    monkeypatch.setattr(env, "_parse", lambda *a: lectures.append(a[0]) or lire(*a))
    texte = "{% set x = 2 %}{{ territoire.nom }} {{ x * 3 }} {% for f in fiches %}{{ f }}{% endfor %}"
    assert env.variables_nommees(texte) == {"territoire", "fiches"}
    rendu = env.from_string(texte).render(territoire={"nom": "Lisieux"}, fiches=["a", "b"])
    assert rendu == "Lisieux 6 ab" and lectures == [texte]
    env.variables_nommees(texte)
    assert env.from_string("{{ autre }}").render(autre="c") == "c" and lectures == [texte, texte, "{{ autre }}"]
    assert env.variables_nommees("{{ x") == set()
    with pytest.raises(TemplateSyntaxError):
        env.from_string("{{ x")


def test_une_page_deja_lue_n_est_ni_relue_ni_recompilee(tmp_path: Path, monkeypatch):
    """D'une construction à l'autre (un environnement neuf), une page inchangée reprend ses noms et son code
    compilé de `pages_lues` ; une page changée est relue ; une page illisible n'est pas gardée."""
    from jinja2 import TemplateSyntaxError

    def environnement(lire: bool = True) -> surete.BacASable:
        env = surete.BacASable(pages_lues=tmp_path, finalize=surete.finaliser)
        if not lire:
            monkeypatch.setattr(env, "_parse", lambda *a: pytest.fail("page relue"))
        return env

    texte = "{% set x = 2 %}{{ territoire.nom }} {{ x * 3 }}"
    assert environnement().variables_nommees(texte) == {"territoire"}
    reprise = environnement(lire=False)
    assert reprise.variables_nommees(texte) == {"territoire"}
    assert reprise.from_string(texte).render(territoire={"nom": "Lisieux"}) == "Lisieux 6"
    with pytest.raises(pytest.fail.Exception, match="page relue"):
        environnement(lire=False).variables_nommees(texte + " ")
    for fichier in tmp_path.iterdir():
        fichier.write_bytes(b"abime")
    assert environnement().variables_nommees(texte) == {"territoire"}  # relue, puis gardée à nouveau
    gardees = len(list(tmp_path.iterdir()))
    assert environnement().variables_nommees("{{ x") == set() and len(list(tmp_path.iterdir())) == gardees
    with pytest.raises(TemplateSyntaxError):
        environnement().from_string("{{ x")

# ── Garde : rien d'extérieur, rien d'exécutable ───────────────────────────────────────────────────────────
@pytest.mark.parametrize("html", [
    '<p style="background-image:url(https://x.fr/i.png)">a</p>',
    '<iframe src="https://x.fr"></iframe>',
    '<link rel="stylesheet" href="https://x.fr/s.css">',
    '<img src="//x.fr/i.png">',
    '<svg><image href="https://x.fr/i.png"/></svg>',
    '<a rel="attachment" href="file:///etc/passwd">x</a>',
    '<meta name="description" content="0;url=https://x.fr" http-equiv="refresh">',
    '<a href="javascript:alert(1)">x</a>',
    '<img src="x" onerror="alert(1)">',
])
def test_garde_refuse(html, tmp_path: Path):
    with pytest.raises(ErreurDonnees) as erreur:
        garde.verifier_html(html, "docs/p.md", f"# Titre\n\n{html}\n", tmp_path)
    assert str(erreur.value).startswith("docs/p.md, ligne 3 : ")


def test_garde_trouve_le_fichier_de_donnees(tmp_path: Path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "valeurs.yml").write_text("a: 1\nintro: ![](https://x.fr/p.png)\n", encoding="utf-8")
    with pytest.raises(ErreurDonnees, match=r"^data/valeurs.yml, ligne 2 : adresse extérieure"):
        garde.verifier_html('<p><img src="https://x.fr/p.png"></p>', "docs/p.md", "{{ valeurs.intro }}", tmp_path)


def test_garde_laisse_passer_les_liens_ordinaires(tmp_path: Path):
    garde.verifier_html('<a href="https://x.fr">x</a><a href="../p/">p</a><img src="data:image/png;base64,AA">'
                        '<link rel="canonical" href="https://site.fr/">', "docs/p.md", "", tmp_path, contenu=False)


def test_la_page_entiere_ne_relit_que_ce_que_le_theme_ajoute(tmp_path: Path):
    """Le contenu vérifié (règles du contenu) n'est pas relu dans la page entière ; ce qui l'entoure l'est, et un
    contenu changé depuis sa vérification aussi."""
    contenu = '<p>Texte <a href="../p/">lien</a></p>'
    page = f'<html><head><link rel="canonical" href="https://site.fr/"></head><body>{contenu}</body></html>'
    garde.verifier_page(page, contenu, "docs/p.md", "", tmp_path)
    theme = page.replace("<head>", '<head><link rel="stylesheet" href="https://x.fr/s.css">')
    with pytest.raises(ErreurDonnees, match="feuille ou ressource extérieure"):
        garde.verifier_page(theme, contenu, "docs/p.md", "", tmp_path)
    change = page.replace("</p>", '<img src="https://x.fr/i.png"></p>')
    with pytest.raises(ErreurDonnees, match="adresse extérieure chargée par la page"):
        garde.verifier_page(change, contenu, "docs/p.md", "", tmp_path)


# Des lignes comme celles que le thème répète, saines lues seules ; des morceaux qui changent l'état du lecteur
# (balise, commentaire, script ou style ouverts) ; des adresses qu'une page ne charge pas.
_LIGNES_DU_THEME = ['<a href="../p/" class="md-nav__link">Page</a>\n', '<svg viewBox="0 0 24 24"><path d="M1 2"/></svg>\n',
                    'x" src="https://x.fr/i.png" y="\n', "@import url(https://x.fr/s.css);\n", "texte &amp; suite\n",
                    '<link rel="canonical" href="https://site.fr/">\n', "-->\n", "</script>\n", "</style>\n"]
_ETATS = ['<img alt="', "<!--", "<script>", "<style>", "<div\n", '"', "'", ">", "<![CDATA[", "&amp", "<", "\n"]
_DANGERS = ['<img src="https://x.fr/i.png">', '<a href="javascript:x">', '<p style="background:url(//x.fr/a)">',
            '<link rel="stylesheet" href="https://x.fr/s.css">']


@pytest.mark.parametrize("avant, ligne, apres", [
    ('<img alt="\n', 'x" src="https://x.fr/i.png" y="\n', '">\n'),  # dans une balise : un attribut
    ("<style>\n", "@import url(https://x.fr/s.css);\n", "</style>\n"),  # dans un style : du CSS
])
def test_garde_une_ligne_deja_saine_se_relit_hors_d_un_etat_neutre(avant, ligne, apres, tmp_path: Path):
    """Une ligne du thème lue saine n'est sautée qu'entre deux éléments : dans une balise ou un style ouverts,
    elle se relit, et le message est celui de la page lue d'un bloc."""
    saines: set[str] = set()
    assert garde.page_saine(f"<p>\n{ligne}</p>\n", saines) and ligne in saines
    page = f"<p>\n{avant}{ligne}{apres}</p>\n"
    assert not garde.page_saine(page, saines)
    with pytest.raises(ErreurDonnees, match="extérieure"):
        garde.verifier_page(page, None, "docs/p.md", "", tmp_path, saines)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_LIGNES_DU_THEME + _ETATS + _DANGERS), max_size=14))
def test_garde_ligne_par_ligne_meme_verdict_que_d_un_bloc(morceaux):
    """La page lue ligne par ligne, les lignes déjà saines sautées, est refusée exactement quand la page lue d'un
    bloc l'est."""
    saines: set[str] = set()
    for ligne in _LIGNES_DU_THEME:
        garde.page_saine(f"<p>\n{ligne}</p>\n", saines)
    page = "".join(morceaux)
    assert garde.page_saine(page, saines) == (not garde.problemes_html(page, contenu=False))


@pytest.mark.parametrize("texte, position", [
    ("[" * 30 + "\n\n" + "[" * 30, None),  # un paragraphe neuf repart de zéro
    ("[" * 30 + "\n" + "[" * 30, 41),  # une simple fin de ligne, non
    ("Un texte.\n\n" + "(" * 41, 11 + 40),  # la position compte les paragraphes d'avant
    ("[]" * 100, None),  # des crochets refermés
    ("a\n\n\n" + "[" * 41, 4 + 40),
])
def test_crochets_comptes_par_paragraphe(texte, position):
    probleme = garde.probleme_markdown(texte)
    assert (probleme and probleme[1]) == position


def test_pdf_ne_lit_aucun_fichier_de_la_machine(tmp_path: Path):
    from weasyprint.urls import URLFetchingError
    from livret.rendu import _Chercheur
    (tmp_path / "assets" / "css").mkdir(parents=True)
    (tmp_path / "assets" / "police.txt").write_text("ok")
    chercheur = _Chercheur(lambda chemin: None, [tmp_path / "assets"])
    chercheur.fetch((tmp_path / "assets" / "police.txt").as_uri())  # le dossier des feuilles : servi
    for adresse in ("file:///etc/passwd", (tmp_path / "assets" / ".." / ".." / "x").as_uri(), "https://x.fr/a.png"):
        with pytest.raises(URLFetchingError) as erreur:
            chercheur.fetch(adresse)
        assert "root:" not in str(erreur.value)


# ── Constructions ─────────────────────────────────────────────────────────────────────────────────────────
def _remplacer(fichier: Path, ancien: str, nouveau: str) -> None:
    texte = fichier.read_text(encoding="utf-8")
    assert ancien in texte
    fichier.write_text(texte.replace(ancien, nouveau, 1), encoding="utf-8")


@pytest.mark.construction
def test_donnees_piegees_rendues_inertes(minimale: Path, tmp_path: Path):
    """Sur une copie de la structure d'essai tests/fixtures/minimale."""
    fiche = minimale / "docs/fiches-actions/aller-vers.md"
    # En-tête d'une fiche : le titre (Jinja, fin de <title>), la description (attribut de <meta>), un champ en Markdown.
    _remplacer(fiche, "titre: Aller vers", "titre: \"Aller vers {{ cycler.__init__.__globals__.os.popen('id').read() }} </title><script>alert(1)</script>\"\n"
               "description: '0;url=https://x.fr\" http-equiv=\"refresh'")
    _remplacer(fiche, "  retenues: [reperer-mobiliser, accueillir-informer]\n",
               "  retenues: [reperer-mobiliser, accueillir-informer]\n"
               "  note: >-\n    <script>alert(2)</script> [lien](javascript:alert(2)) \\[x\\](javascript:alert(2))\n")
    # Libellés de data/ qu'écrivent les blocs de macros/blocs.py (tableau de chiffres, lieux d'accueil), ajoutés à
    # une page ; le nom du siège paraît aussi dans « Nous trouver » et les mentions légales.
    _remplacer(minimale / "data/territoire.yml", "libelle: Habitants du Val d'Essai",
               "libelle: \"<script>alert(3)</script> [x](javascript:alert(3)) | *a* {: onclick=alert(3) } Habitants\"")
    _remplacer(minimale / "data/implantations.yml", "nom: L'Atelier des Jeunes",
               "nom: \"La Filature</strong><img src=x onerror=alert(5)> [y](javascript:alert(5))\"")
    with (minimale / "docs/diagnostic.md").open("a", encoding="utf-8") as page:
        page.write('\n{{ tableau_chiffres("territoire") }}\n\n{{ lieux_d_accueil() }}\n')
    # Une adresse du réseau (reseau/accessibilite.yml) que la structure remplace, dans un lien Markdown d'une page.
    (minimale / "data/accessibilite.yml").write_text(
        "remplace: [recours]\nrecours:\n  nom: Défenseur des droits\n"
        "  formulaire: https://x.fr/)<img/src=x/onerror=alert(4)>\n  delegues: https://x.fr/delegues\n"
        "  telephone: 09 00 00 00 00\n  courrier: Libre réponse\n", encoding="utf-8")
    with (minimale / "docs/valeurs.md").open("a", encoding="utf-8") as page:
        page.write("\nSaisir le recours par son [formulaire en ligne]({{ accessibilite.recours.formulaire }}).\n")
    resultat = construire_instance(minimale, tmp_path / "site", env={"SANS_PDF": "1"})
    assert resultat.code == 0, resultat.sortie
    from bs4 import BeautifulSoup
    page = (tmp_path / "site/fiches-actions/aller-vers/index.html").read_text(encoding="utf-8")
    diagnostic = (tmp_path / "site/diagnostic/index.html").read_text(encoding="utf-8")
    lieux = [(tmp_path / f"site/{p}/index.html").read_text(encoding="utf-8") for p in ("nous-trouver", "mentions-legales")]
    assert "uid=" not in page and "{{ cycler" in page  # le titre est du texte, affiché tel quel
    assert "<script>alert" not in page + diagnostic + "".join(lieux)
    assert "[x](javascript:alert(2))" in BeautifulSoup(page, "html.parser").get_text()  # échappé : du texte
    assert "&lt;script&gt;alert(3)" in diagnostic
    for html in (page, diagnostic, *lieux):
        soupe = BeautifulSoup(html, "html.parser")
        assert not soupe.find("meta", attrs={"http-equiv": True})
        assert not soupe.find(attrs={"onclick": True}) and not soupe.find(attrs={"onerror": True})
        assert not [a for a in soupe.find_all("a", href=True) if a["href"].startswith("javascript:")]
    # Le libellé reste dans sa cellule (la barre verticale ne la coupe pas) et se lit tel qu'écrit.
    cellule = BeautifulSoup(diagnostic, "html.parser").find("td", string=re.compile("alert\\(3\\)"))
    assert cellule is not None and "| *a* {: onclick=alert(3) } Habitants" in cellule.get_text()
    for html in (diagnostic, *lieux):
        assert "onerror=alert(5)" in html and "<img src=x" not in html
    valeurs = (tmp_path / "site/valeurs/index.html").read_text(encoding="utf-8")
    assert "onerror=alert(4)" in valeurs and "<img/src=x" not in valeurs  # du texte, pas une balise
    titre = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<script>" not in titre and "&lt;/title&gt;" in titre


@pytest.mark.parametrize("contenu, attendu", [
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "accès interdit"),
    ("{{ environment }}", "champ « environment » : nom inconnu"),
    ("{{ config.extra }}", "champ « extra » : nom inconnu"),
    # instance.yml existe, à côté de docs/ : l'inclure est refusé, pas seulement introuvable par hasard.
    ('{% include "../instance.yml" %}', "fichier à inclure introuvable"),
])
@pytest.mark.construction
def test_page_qui_tente_d_executer_du_code(minimale: Path, tmp_path: Path, contenu, attendu):
    """Sur une copie de la structure d'essai tests/fixtures/minimale."""
    with (minimale / "docs/valeurs.md").open("a", encoding="utf-8") as page:
        page.write(f"\n{contenu}\n")
    resultat = construire_instance(minimale, tmp_path / "site", env={"SANS_PDF": "1"})
    assert resultat.code != 0
    assert re.search(r"docs/valeurs.md, ligne \d+", resultat.sortie), resultat.sortie
    assert attendu in resultat.sortie and "Traceback" not in resultat.sortie and "uid=" not in resultat.sortie
    assert "site_name" not in resultat.sortie


@pytest.mark.construction
def test_lien_symbolique_refuse(minimale: Path, tmp_path: Path):
    (minimale / "docs/fiches-actions/x.md").symlink_to("../../instance.yml")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "ancien.html").write_text("ancien")
    resultat = construire_instance(minimale, tmp_path / "site", env={"SANS_PDF": "1"})
    assert resultat.code != 0 and "Traceback" not in resultat.sortie
    assert "docs/fiches-actions/x.md : lien symbolique refusé" in resultat.sortie
    assert "site_name" not in resultat.sortie
    assert (tmp_path / "site" / "ancien.html").read_text() == "ancien"  # l'ancien site intact


def test_chiffre_negatif_seulement_si_permis(minimale: Path):
    from macros.donnees import charger
    fichier = minimale / "data/territoire.yml"
    texte = fichier.read_text(encoding="utf-8")
    valeur = re.search(r"^(\s+valeur: )(\d)", texte, re.M)
    fichier.write_text(texte[:valeur.start(2)] + "-" + texte[valeur.start(2):], encoding="utf-8")
    with pytest.raises(ErreursDonnees) as erreur:
        charger(minimale / "data")
    ligne = texte[:valeur.start()].count("\n")  # la ligne du chiffre (celle qui ouvre ses champs) ou avant
    assert str(erreur.value).startswith("data/territoire.yml, ligne ") and "est négatif" in str(erreur.value)
    assert int(re.search(r"ligne (\d+)", str(erreur.value)).group(1)) <= ligne + 1
    fin_de_ligne = texte.index("\n", valeur.start(2))
    retrait = valeur.group(1)[:-len("valeur: ")]
    fichier.write_text(texte[:valeur.start(2)] + "-" + texte[valeur.start(2):fin_de_ligne]
                       + f"\n{retrait}negatif_permis: true" + texte[fin_de_ligne:], encoding="utf-8")
    charger(minimale / "data")  # permis : lu sans erreur


# ── Messages de MkDocs et de WeasyPrint en français ──────────────────────────────────────────────────────
def test_avertissements_de_mkdocs_en_francais(tmp_path: Path):
    from macros import messages
    (tmp_path / "page.md").write_text("# Titre\n\nVoir [ceci](absente.md) et [cela](#rien).\n", encoding="utf-8")
    absente = messages.traduire_mkdocs("Doc file 'page.md' contains a link 'absente.md', but the target is not "
                                       "found among documentation files.", tmp_path)
    assert absente.startswith("docs/page.md, ligne 3 : lien « absente.md » : la page visée n'existe pas")
    ancre = messages.traduire_mkdocs("Doc file 'page.md' contains a link '#rien', but there is no such anchor on "
                                     "this page.", tmp_path)
    assert ancre.startswith("docs/page.md, ligne 3 : lien « #rien »")
    hors_nav = messages.traduire_mkdocs('The following pages exist in the docs directory, but are not included in '
                                        'the "nav" configuration:\n  - page.md')
    assert hors_nav.startswith("instance.yml, champ « nav »") and "docs/page.md" in hors_nav


def test_avertissements_de_weasyprint_en_francais():
    from macros.messages import traduire_weasyprint
    assert traduire_weasyprint("Failed to load image at 'https://x.fr/a.png': refusé").startswith(
        "image non chargée dans le livret : https://x.fr/a.png")
    assert "U+2603" in traduire_weasyprint('.notdef glyph rendered for Unicode string unsupported by fonts: '
                                           '"\u2603" (U+2603)')
    assert traduire_weasyprint("No anchor #x for internal URI reference").startswith("lien vers l'ancre #x")


@pytest.mark.parametrize("dossier, nom, piege", [
    ("data", "perdu.yml", "lien-casse"),
    ("data", ".nouvelle.yml", "cache"),
    ("docs/fiches-actions", "perdue.md", "lien-casse"),
    ("docs/fiches-actions", ".nouvelle.md", "cache"),
])
def test_dossier_de_donnees_pieges(minimale: Path, dossier, nom, piege):
    from macros.donnees import charger
    if piege == "lien-casse":
        (minimale / dossier / nom).symlink_to("/nulle/part" + Path(nom).suffix)
        attendu = f"{dossier}/{nom} : lien symbolique refusé"
    else:
        (minimale / dossier / nom).write_text("---\nid: nouvelle\n---\n", encoding="utf-8")
        attendu = f"{dossier}/{nom} : fichier caché"
    with pytest.raises(ErreursDonnees) as erreur:
        charger(minimale / "data")
    assert str(erreur.value).startswith(attendu) and "/nulle" not in str(erreur.value)


def test_feuille_de_style_sans_adresse_exterieure(tmp_path: Path):
    feuille = tmp_path / "ecran.css"
    feuille.write_text("body { color: black; }\n@font-face { src: url(../polices/a.woff2); }\n"
                       "h1 { background: url('https://traqueur.example/p.png'); }\n", encoding="utf-8")
    with pytest.raises(ErreurDonnees, match=r"^docs/assets/css/ecran.css, ligne 3 : adresse extérieure"):
        garde.verifier_css(feuille, "docs/assets/css/ecran.css")
    feuille.write_text("@import url(//x.fr/a.css);\n", encoding="utf-8")
    with pytest.raises(ErreurDonnees, match="ligne 1"):
        garde.verifier_css(feuille, "docs/assets/css/ecran.css")


@pytest.mark.parametrize("reserve", ["brouillon", "en-vigueur"])
def test_identifiant_d_edition_reserve(reserve):
    from pydantic import ValidationError
    from macros.modeles.edition import Edition
    with pytest.raises(ValidationError, match="nom réservé"):
        Edition.model_validate({"id": reserve, "titre": "T", "periode": {"debut": 2024, "fin": 2028},
                                "statut": "brouillon"})
