"""Le corpus hostile : des modifications qu'un éditeur malveillant (ou maladroit) pourrait proposer, rejouées à
chaque `make test`. Chaque cas : le fichier modifié, la modification, et le message français attendu (fichier,
ligne, champ) ou la sortie inerte attendue. La plupart appellent directement le lecteur ou la garde concernés ;
quelques-uns seulement construisent un site.

Le test au hasard du lecteur YAML (hypothesis) est dans tests/test_surete.py.
"""
from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import RACINE
from instances import construire_instance

from macros import instance
from macros.erreurs import ErreurDonnees, ErreursDonnees

MODELE = RACINE / "exemples/modele"


def _structure(tmp_path: Path) -> Path:
    dossier = tmp_path / "exemples/essai"
    shutil.copytree(MODELE, dossier, ignore=shutil.ignore_patterns("site", ".site-*"))
    return dossier


def remplacer(avant: str, apres: str) -> Callable[[str], str]:
    def modifier(texte: str) -> str:
        assert avant in texte, avant
        return texte.replace(avant, apres, 1)
    return modifier


def ajouter(fin: str) -> Callable[[str], str]:
    return lambda texte: texte + fin


AUTEUR = "site_author: Mission Locale modèle"
EXTRA = "extra:\n"

# ── instance.yml ────────────────────────────────────────────────────────────────────────────────────────
CAS_INSTANCE = [
    ("code Python par une étiquette", remplacer(AUTEUR, "site_author: !!python/object/apply:os.system [id]"),
     "champ « site_author » : étiquette YAML « tag:yaml.org,2002:python/object/apply:os.system » refusée"),
    ("variable d'environnement (!ENV)", remplacer(AUTEUR, "site_author: !ENV [HOME, x]"),
     "champ « site_author » : étiquette YAML « !ENV » refusée"),
    ("lecture d'un fichier de la machine (INHERIT)", lambda t: "INHERIT: /etc/passwd\n" + t,
     "ligne 1, champ « INHERIT » : clé refusée dans le fichier d'une structure"),
    ("bombe d'alias", remplacer(AUTEUR, "site_author: &a [x, x]\nrepo_name: *a"),
     "alias YAML (« *nom ») refusé"),
    ("gabarit hors du bac à sable (extra_templates)", ajouter("extra_templates: [piege.html]\n"),
     "champ « extra_templates » : clé refusée"),
    ("crochet Python", ajouter("hooks: [piege.py]\n"), "champ « hooks » : clé refusée"),
    ("thème détourné", ajouter("theme:\n  custom_dir: /etc\n"), "champ « theme.custom_dir » : clé refusée"),
    ("mesure d'audience d'un tiers", remplacer(EXTRA, "extra:\n  analytics:\n    provider: google\n"),
     "champ « extra.analytics » : clé refusée dans le fichier d'une structure : aucune mesure d'audience"),
    ("clé inconnue", ajouter("site_nom: x\n"), "champ « site_nom » : clé inconnue. Vouliez-vous écrire « site_name »"),
    ("site_url en javascript:", remplacer("site_url: https://exemple.github.io/projet-associatif/",
                                          "site_url: javascript:alert(1)"),
     "champ « site_url » : une adresse complète en « https:// » est attendue"),
    ("site_url mal écrit (message de MkDocs en anglais)",
     remplacer("site_url: https://exemple.github.io/projet-associatif/", "site_url: exemple.github.io"),
     "champ « site_url » : une adresse complète en « https:// » est attendue"),
    ("repo_url sans schéma", remplacer("repo_url: https://github.com/exemple/projet-associatif",
                                       "repo_url: github.com/exemple"),
     "champ « repo_url » : une adresse complète en « https:// » est attendue"),
    ("adresse qui sort de l'attribut", remplacer("site_url: https://exemple.github.io/projet-associatif/",
                                                  "site_url: 'https://exemple.github.io/\"><script>'"),
     "champ « site_url » : une adresse complète"),
    ("lien social en javascript:", remplacer(EXTRA, "extra:\n  social:\n    - icon: fontawesome/brands/x\n"
                                                    "      link: javascript:alert(1)\n"),
     "champ « extra.social[1].link » : une adresse complète en « https:// »"),
    ("PDF écrit hors du site (../)", remplacer("fichier: livret/projet-associatif.pdf", "fichier: ../../piege.pdf"),
     "champ « extra.pdf[1].fichier » : un chemin relatif est attendu"),
    ("PDF écrit hors du site (chemin absolu)", remplacer("fichier: livret/projet-associatif.pdf",
                                                          "fichier: /tmp/piege.pdf"),
     "champ « extra.pdf[1].fichier » : un chemin relatif est attendu"),
    ("PDF hors de livret/", remplacer("fichier: livret/projet-associatif.pdf", "fichier: index.pdf"),
     "champ « extra.pdf[1].fichier » : un PDF s'écrit dans le dossier livret/"),
    ("PDF : page absente (faute de frappe)", remplacer("titre: Projet associatif",
                                                       "titre: Projet associatif\n      pages: [acceuil.md]"),
     "champ « extra.pdf[1].pages[1] » : page introuvable dans docs/ : « acceuil.md »"),
    ("PDF : feuille de style hors du site", remplacer("titre: Projet associatif",
                                                      "titre: Projet associatif\n      feuilles: [/etc/passwd]"),
     "champ « extra.pdf[1].feuilles[1] » : un chemin relatif est attendu"),
    ("navigation : page absente", remplacer("  - Accueil: index.md", "  - Accueil: indx.md"),
     "champ « nav[1].Accueil » : page introuvable dans docs/ : « indx.md ». Vouliez-vous écrire « index.md » ?"),
    ("navigation : page hors de docs/", remplacer("  - Accueil: index.md", "  - Accueil: ../../mkdocs.yml"),
     "champ « nav[1].Accueil » : une page de docs/ est attendue"),
    ("navigation : lien javascript:", ajouter("  - Piège: javascript:alert(1)\n"),
     "champ « nav[2].Piège » : un lien vers un autre site s'écrit en « https:// »"),
    ("navigation : entrée illisible (message de MkDocs en anglais)", ajouter("  - 3\n"),
     "champ « nav[2] » : une entrée de navigation s'écrit « - Titre: page.md »"),
    ("navigation : deux titres sur une entrée", ajouter("  - A: index.md\n    B: index.md\n"),
     "champ « nav[2] » : une entrée de navigation s'écrit"),
    ("nom sur deux lignes", remplacer("site_name: Projet associatif – Mission Locale modèle",
                                      "site_name: \"Projet\\nassociatif\""),
     "champ « site_name » : un texte sur une seule ligne est attendu"),
    ("fichier vide", lambda t: "# rien\n", "le fichier est vide"),
]


@pytest.mark.parametrize("modification, attendu", [(m, a) for _, m, a in CAS_INSTANCE],
                         ids=[nom for nom, _, _ in CAS_INSTANCE])
def test_instance_hostile_refusee_en_francais(tmp_path, modification, attendu):
    dossier = _structure(tmp_path)
    fichier = dossier / "instance.yml"
    fichier.write_text(modification(fichier.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises((ErreurDonnees, ErreursDonnees)) as erreur:
        instance.lire(dossier, tmp_path)
    message = str(erreur.value)
    assert attendu in message
    assert "exemples/essai/instance.yml" in message and "Traceback" not in message


def test_instance_avec_bom_acceptee(tmp_path):
    """Une marque d'ordre des octets en tête (éditeurs Windows) n'est pas un caractère invisible interdit."""
    dossier = _structure(tmp_path)
    fichier = dossier / "instance.yml"
    fichier.write_bytes(b"\xef\xbb\xbf" + fichier.read_bytes())
    assert instance.lire(dossier, tmp_path)[0].site_name == "Projet associatif – Mission Locale modèle"


# ── Construction : ce qui passe est écrit inerte ───────────────────────────────────────────────────────────
TITRE_PIEGE = "{{ 7*191191 }} <img src=x onerror=alert(1)>"


def test_textes_de_l_instance_inertes_dans_le_site(tmp_path):
    """Nom, titre de navigation, mention du pied de page, lien social : écrits tels quels, jamais rendus comme
    un modèle ni comme du HTML."""
    dossier = _structure(tmp_path)
    fichier = dossier / "instance.yml"
    texte = fichier.read_text(encoding="utf-8")
    texte = texte.replace("site_name: Projet associatif – Mission Locale modèle",
                          "site_name: \"Nom </title><script>alert(1)</script>\"")
    texte = re.sub(r"^copyright:.*\n", "", texte, flags=re.M) + "copyright: \"<b onmouseover=alert(1)>licence</b>\"\n"
    texte = texte.replace("  - Accueil: index.md", f"  - \"{TITRE_PIEGE}\": index.md")
    texte = texte.replace("extra:\n", "extra:\n  social:\n    - icon: fontawesome/brands/mastodon\n"
                                      "      link: https://exemple.social/@ml\n      name: \"<i>ml</i>\"\n")
    fichier.write_text(texte, encoding="utf-8")
    resultat = construire_instance(dossier, tmp_path / "site", racine=RACINE, env={"SANS_PDF": "1"})
    assert resultat.code == 0, resultat.sortie
    html = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "1338337" not in html
    assert "&#123;&#123; 7*191191 &#125;&#125; &lt;img" in html
    assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html
    assert "<title>Nom &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in html and "&lt;b onmouseover=alert(1)&gt;" in html
    assert 'title="&lt;i&gt;ml&lt;/i&gt;"' in html


# ── Pages et données : HTML, SVG et CSS lus par un analyseur, pas par des motifs ────────────────────────────
CAS_HTML = [
    ("SVG : lien xlink:href en javascript:", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
     "adresse de lien non permise (xlink:href)"),
    ("SVG : href animé", '<svg><a href="#"><animate attributeName="href" values="javascript:alert(1)"/></a></svg>',
     "animation de l'attribut « href » interdite"),
    ("SVG : xlink:href posé par <set>", '<svg><a><set attributeName="xlink:href" to="javascript:alert(1)"/></a></svg>',
     "animation de l'attribut « xlink:href » interdite"),
    ("SVG : <use> d'un document data:", '<svg><use href="data:image/svg+xml;base64,PHN2Zz4="/></svg>',
     "adresse « data: » non permise (href)"),
    ("style : image-set()", '<p style="background: image-set(\'https://traqueur.example/i.png\' 1x)">a</p>',
     "adresse extérieure dans un style : https://traqueur.example/i.png"),
    ("style : url() écrit avec un échappement CSS", '<p style="background: u\\72l(https://traqueur.example/i.png)">a</p>',
     "adresse extérieure dans un style : https://traqueur.example/i.png"),
    ("style : commentaire et url() entre guillemets", "<p style=\"background:/**/URL(  '//traqueur.example/i.png' )\">a</p>",
     "adresse extérieure dans un style : //traqueur.example/i.png"),
    ("lien javascript: coupé par une tabulation", '<a href="java&#9;script:alert(1)">x</a>',
     "adresse de lien non permise (href)"),
    ("lien javascript: en majuscules et espace", '<a href=" JaVaScRiPt:alert(1)">x</a>', "adresse de lien non permise"),
    ("image par \\\\hôte", '<img src="\\\\traqueur.example/a.png" alt="">', "adresse extérieure chargée par la page (src)"),
    ("image data: qui n'est pas une image", '<img src="data:text/html,x" alt="">', "adresse « data: » non permise"),
    ("srcset : seconde adresse extérieure", '<img srcset="a.png 1x, https://traqueur.example/b.png 2x" alt="">',
     "adresse extérieure chargée par la page (srcset)"),
    ("ping d'un lien", '<a href="https://exemple.fr" ping="https://traqueur.example/p">x</a>',
     "adresse extérieure chargée par la page (ping)"),
    ("objet étranger dans un SVG", "<svg><foreignObject><p>x</p></foreignObject></svg>",
     "balise <foreignobject> interdite"),
    ("commentaire fermé d'emblée", '<!--><a href="javascript:alert(1)">x</a>-->', "« <!--> » interdit"),
    ("section CDATA hors SVG", "<![CDATA[><a href=javascript:alert(1)>x</a>]]>", "« <![ » interdit"),
    ("fin de commentaire --!>", '<!-- a --!><a href="javascript:alert(1)">x</a>', "« --!> » interdit"),
]


@pytest.mark.parametrize("html, attendu", [(h, a) for _, h, a in CAS_HTML], ids=[n for n, _, _ in CAS_HTML])
def test_page_hostile_refusee(tmp_path, html, attendu):
    from macros import garde

    with pytest.raises(ErreurDonnees) as erreur:
        garde.verifier_html(html, "docs/p.md", f"# Titre\n\n{html}\n", tmp_path)
    assert attendu in str(erreur.value) and str(erreur.value).startswith("docs/p.md")


def test_page_ordinaire_acceptee(tmp_path):
    from macros import garde

    garde.verifier_html('<a href="https://exemple.fr">x</a><a href="mailto:a@b.fr">m</a><a href="../p/">p</a>'
                        '<img src="data:image/png;base64,AA" alt=""><p style="color: red">r</p>'
                        '<svg><use href="#icone"/></svg>', "docs/p.md", "", tmp_path)


# ── Fichiers de docs/ publiés tels quels ────────────────────────────────────────────────────────────────────
SVG_PROPRE = '<svg xmlns="http://www.w3.org/2000/svg"><style>rect { fill: red }</style><rect width="1"/></svg>'
def _pdf(action: bool = False) -> bytes:
    """Un vrai PDF d'une page (pypdf), avec ou sans script à l'ouverture."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    ecrivain = PdfWriter()
    ecrivain.add_blank_page(100, 100)
    if action:
        ecrivain._root_object[NameObject("/OpenAction")] = ecrivain._add_object(DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}))
    sortie = io.BytesIO()
    ecrivain.write(sortie)
    return sortie.getvalue()


# Les noms d'un PDF peuvent s'écrire en #xx : « /Java#53cript » est « /JavaScript », invisible aux octets.
_PDF_SCRIPT_CACHE = _pdf(action=True).replace(b"/JavaScript", b"/Java#53cript").replace(b"/JS ", b"/J#53 ")


CAS_FICHIERS = [
    ("page HTML", "piege.html", b"<script>alert(1)</script>", "type de fichier non publié (.html)"),
    ("script", "assets/piege.js", b"alert(1)", "type de fichier non publié (.js)"),
    ("SVG avec script", "image.svg", b'<svg><script>alert(1)</script></svg>', "balise <script> interdite"),
    ("SVG avec événement", "image.svg", b'<svg onload="alert(1)"></svg>', "attribut « onload » (script) interdit"),
    ("SVG avec image extérieure", "image.svg",
     b'<svg xmlns:l="http://www.w3.org/1999/xlink"><image l:href="https://traqueur.example/i.png"/></svg>',
     "adresse extérieure chargée par la page (xlink:href)"),
    ("SVG avec entité", "image.svg", b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>',
     "déclaration <!DOCTYPE> ou d'entité"),
    ("SVG : script dans un style (lu en XML)", "image.svg",
     b'<svg xmlns="http://www.w3.org/2000/svg"><style><script>alert(1)</script></style></svg>',
     "balise <script> interdite"),
    ("SVG : style qui charge un tiers", "image.svg",
     b"<svg><style>@import '//traqueur.example/a.css';</style></svg>", "adresse extérieure dans un style"),
    ("page HTML déguisée en image", "photo.png", b"<html><script>alert(1)</script>", "n'est pas une image"),
    ("PDF avec script", "doc.pdf", b"%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
     "ce PDF contient une action automatique (/JavaScript)"),
    ("PDF : script au nom écrit en #xx, lu par pypdf", "doc.pdf", _PDF_SCRIPT_CACHE, "(/JavaScript)"),
    ("PDF tronqué", "doc.pdf", b"%PDF-1.7\n%%EOF\n", "PDF illisible pour la vérification"),
    ("feuille de style qui charge un tiers", "assets/css/x.css",
     b"h1 {\n  background: u\\72l(https://traqueur.example/p.png);\n}\n", "ligne 2 : adresse extérieure"),
]


@pytest.mark.parametrize("chemin, contenu, attendu", [c[1:] for c in CAS_FICHIERS], ids=[c[0] for c in CAS_FICHIERS])
def test_fichier_statique_hostile_refuse(tmp_path, chemin, contenu, attendu):
    from macros import garde

    fichier = tmp_path / "docs" / chemin
    fichier.parent.mkdir(parents=True, exist_ok=True)
    fichier.write_bytes(contenu)
    with pytest.raises(ErreurDonnees) as erreur:
        garde.verifier_fichiers_statiques(tmp_path / "docs", tmp_path)
    assert attendu in str(erreur.value) and str(erreur.value).startswith(f"docs/{chemin}")


def test_fichiers_statiques_ordinaires_acceptes(tmp_path):
    from macros import garde

    docs = tmp_path / "docs"
    (docs / "images").mkdir(parents=True)
    (docs / "images/schema.svg").write_text(SVG_PROPRE, encoding="utf-8")
    (docs / "images/photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    (docs / "charte.pdf").write_bytes(_pdf())
    (docs / "index.md").write_text("# Accueil\n", encoding="utf-8")
    garde.verifier_fichiers_statiques(docs, tmp_path)


# ── Budget d'une page : ni attente sans fin, ni texte qui enfle ─────────────────────────────────────────────
CAS_BUDGET = [
    ("boucles imbriquées", "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
     "plus de 1 000 000 tours de boucle"),
    ("boucles sur un texte", "{% set s = 'x' * 99999 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
     "page trop longue à construire (plus de 1 s de calcul)"),
    ("puissance géante", "{{ 9 ** (9 ** 9) }}", "puissance trop grande"),
    ("texte multiplié", "{{ 'x' * 10 ** 8 }}", "texte ou liste trop grand"),
    ("filtre center", "{{ 'x' | center(10 ** 9) }}", "« center » avec un nombre trop grand"),
    ("méthode center", "{{ 'x'.center(10 ** 9) }}", "« center » avec un nombre trop grand"),
    ("lots géants", "{{ [1] | batch(10 ** 9, 0) | list }}", "« batch » avec un nombre trop grand"),
    ("largeur de format", "{{ '%0999999999d' | format(1) }}", "« format » avec une largeur trop grande"),
    ("remplacement qui enfle", "{{ ('x' * 1000000) | replace('x', 'xxxxxxxxxx') }}", "« replace » produirait"),
    ("page qui enfle", "{% for i in range(99) %}{{ 'y' * 1000000 }}{% endfor %}", "page trop grande"),
    ("somme qui double", "{% set ns = namespace(x='a') %}{% for i in range(40) %}{% set ns.x = ns.x + ns.x %}"
                         "{% endfor %}", "texte ou liste trop grand"),
    ("largeur par %", "{{ '%0999999d' % 1 }}", "« % » avec une largeur trop grande"),
    ("macro sans fin", "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "RecursionError"),
]


@pytest.mark.parametrize("modele, attendu", [c[1:] for c in CAS_BUDGET], ids=[c[0] for c in CAS_BUDGET])
def test_budget_de_page(modele, attendu):
    from macros import surete

    # Une seconde pour le cas qui la mesure ; pour les autres, c'est le décompte qui doit arrêter la page.
    env = surete.BacASable(duree_max=1 if "plus de 1 s" in attendu else 60, finalize=surete.finaliser)
    if attendu == "RecursionError":  # mkdocs-macros le rapporte en français (macros/erreurs_pages.py)
        with pytest.raises(RecursionError):
            env.from_string(modele).render()
        return
    with pytest.raises(surete.BudgetDepasse, match=re.escape(attendu)):
        env.from_string(modele).render()


def test_texte_qui_double_arrete_par_le_plafond_de_memoire(monkeypatch):
    """« ~ » (concaténation) n'est pas un opérateur que le bac à sable intercepte : le plafond de mémoire du rendu
    l'arrête (ici abaissé, pour aller vite)."""
    from macros import surete

    monkeypatch.setattr(surete._PlafondDeMemoire, "MARGE", 300 * 1024 ** 2)
    env = surete.BacASable(duree_max=60, finalize=surete.finaliser)
    with pytest.raises(surete.BudgetDepasse, match="plus de mémoire"):
        env.from_string("{% set ns = namespace(x='a') %}{% for i in range(40) %}{% set ns.x = ns.x ~ ns.x %}"
                        "{% endfor %}{{ ns.x | length }}").render()


def test_budget_ne_gene_pas_une_page_ordinaire():
    from macros import surete

    env = surete.BacASable(duree_max=1, finalize=surete.finaliser)
    assert env.from_string("{% for i in range(3) %}{{ i }}{% endfor %} {{ [1, 2] | join(', ') }}").render() \
        == "012 1, 2"


def test_page_sans_fin_arretee_avec_son_nom(tmp_path):
    """Une construction réelle : la page qui boucle est nommée, avec sa ligne, sans trace Python."""
    dossier = _structure(tmp_path)
    page = dossier / "docs/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{% for i in range(99999) %}{% for j in range(99999) %}"
                    "{% endfor %}{% endfor %}\n", encoding="utf-8")
    ligne = page.read_text(encoding="utf-8").splitlines().index(
        "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}") + 1
    resultat = construire_instance(dossier, tmp_path / "site", racine=RACINE, env={"SANS_PDF": "1"})
    assert resultat.code != 0
    assert f"docs/index.md, ligne {ligne} : page trop longue à construire" in resultat.sortie, resultat.sortie
    assert "Traceback" not in resultat.sortie


# ── Commandes : chaque variable vérifiée ou citée, jamais interprétée par le shell ───────────────────────────
@pytest.mark.parametrize("valeur", [
    "exemples/moulins exemples",  # une espace : `rm -rf` aurait visé exemples/ en entier
    "exemples/moulins;touch PIEGE",  # un « ; » : une commande de plus
    "$(shell touch PIEGE)",  # une fonction de make
    "exemples/x'; touch PIEGE; '",
    "../", "/etc", "exemples", "exemples/../exemples/moulins", "",
])
def test_make_refuse_une_instance_hostile(valeur):
    import subprocess

    resultat = subprocess.run(["make", "-n", "build", f"INSTANCE={valeur}"], cwd=RACINE, capture_output=True,
                              text=True, timeout=60)
    assert resultat.returncode != 0
    assert "dossier de structure refusé" in resultat.stderr and "rm -rf" not in resultat.stdout
    assert not (RACINE / "PIEGE").exists()


def test_make_cite_une_instance_valide():
    import subprocess

    resultat = subprocess.run(["make", "-n", "build", "INSTANCE=exemples/moulins"], cwd=RACINE, capture_output=True,
                              text=True, timeout=60)
    assert resultat.returncode == 0, resultat.stderr
    assert 'rm -rf "exemples/moulins/.site-neuf"' in resultat.stdout


def test_make_editions_cite_le_port():
    import subprocess

    resultat = subprocess.run(["make", "-n", "editions", "PORT=8000;touch PIEGE"], cwd=RACINE, capture_output=True,
                              text=True, timeout=60)
    assert 'mike serve -a "127.0.0.1:$PORT"' in resultat.stdout


@pytest.mark.parametrize("nom", ['Mission Locale : "Val" # d\'Essai', "Mission Locale de {{ 7*7 }} <b>x</b>",
                                 "ML: [x, y]", "- ML", "&ancre *alias !!python/object ML"])
def test_nouvelle_structure_ecrit_le_nom_tel_quel(tmp_path, monkeypatch, nom):
    from macros import nouvelle_structure
    from macros.nouvelle_structure import creer
    from macros.yaml_lignes import lire_yaml

    # L'adresse du moteur vient des métadonnées du paquet installé : sans objet ici.
    monkeypatch.setattr(nouvelle_structure, "source_du_moteur", lambda: "https://exemple.org/moteur")
    dossier = creer(tmp_path / "vierzon", nom, moteur="projet-associatif-moteur==0.1.0")
    modele, _, _ = instance.lire(dossier, dossier)
    assert modele.site_author == nom and modele.site_name == f"Projet associatif – {nom}"
    assert lire_yaml(dossier / "data/structure.yml", "data/structure.yml")[0]["nom"] == nom


@pytest.mark.parametrize("nom", ["x" * 200, "Mission\x1bLocale"])
def test_nouvelle_structure_refuse_un_nom_impossible(tmp_path, nom):
    from macros.nouvelle_structure import Refus, creer

    with pytest.raises(Refus, match="sur une ligne de 120 caractères au plus"):
        creer(tmp_path / "vierzon", nom, moteur="projet-associatif-moteur==0.1.0")
    assert not (tmp_path / "vierzon").exists()


def test_nouvelle_structure_refuse_un_dossier_du_moteur(tmp_path):
    from macros.nouvelle_structure import Refus, creer

    with pytest.raises(Refus, match="dans le dépôt du moteur"):
        creer(RACINE / "exemples/piege", "Mission Locale de X", moteur="projet-associatif-moteur==0.1.0")
    assert not (RACINE / "exemples/piege").exists()


def test_le_depot_d_une_structure_ne_fait_pas_lire_instance_yml_par_mkdocs():
    """Le mkdocs.yml que reçoit une structure dans son propre dépôt n'hérite pas d'instance.yml (INHERIT le ferait
    lire par le lecteur de MkDocs, qui exécute les étiquettes YAML)."""
    texte = (RACINE / "macros/depot_structure/mkdocs.yml").read_text(encoding="utf-8")
    assert "INHERIT" not in texte and "!ENV" not in texte and "site_name:" in texte


# ── Données : des valeurs qui ne peuvent pas être vraies ───────────────────────────────────────────────────
CHIFFRE = "    valeur: 1000\n"
CAS_DONNEES = [
    ("pourcentage de 150", "data/structure.yml", remplacer(CHIFFRE, "    valeur: 150\n    unite: pourcent\n"),
     "data/structure.yml, ligne 11, champ « chiffres.jeunes_accompagnes » : un pourcentage de plus de 100 (150.0)"),
    ("nombre de 60 chiffres", "data/structure.yml", remplacer(CHIFFRE, "    valeur: " + "1234567890" * 6 + "\n"),
     "data/structure.yml, ligne 13, champ « chiffres.jeunes_accompagnes.valeur » : nombre trop grand"),
    ("événement en 2099", "data/historique.yml", remplacer("  - date: 1995-09", "  - date: 2099-09"),
     "data/historique.yml, ligne 7, champ « evenements[1].date » : cette date est dans le futur (2099)"),
    ("adoption en 2099", "data/edition.yml", remplacer("\nstatut: brouillon", "\nstatut: adoptee\nadoption: 2099-06-20"),
     "champ « adoption » : la date d'adoption (2099-06-20) est dans le futur"),
]


@pytest.mark.parametrize("fichier, modification, attendu", [c[1:] for c in CAS_DONNEES],
                         ids=[c[0] for c in CAS_DONNEES])
def test_donnee_invraisemblable_refusee(tmp_path, fichier, modification, attendu):
    from macros.donnees import charger

    dossier = _structure(tmp_path)
    shutil.copy(dossier / "facultatif/data/historique.yml", dossier / "data/historique.yml")
    chemin = dossier / fichier
    chemin.write_text(modification(chemin.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ErreursDonnees) as erreur:
        charger(dossier / "data")
    assert attendu in str(erreur.value)


def test_pourcentage_au_dela_de_100_quand_il_est_declare(tmp_path):
    from macros.donnees import charger

    dossier = _structure(tmp_path)
    chemin = dossier / "data/structure.yml"
    chemin.write_text(chemin.read_text(encoding="utf-8").replace(
        CHIFFRE, "    valeur: 150\n    unite: pourcent\n    au_dela_de_100: true\n"), encoding="utf-8")
    assert charger(dossier / "data").chiffre("structure.jeunes_accompagnes").valeur == 150


def test_donnees_avec_bom_acceptees(tmp_path):
    from macros.donnees import charger

    dossier = _structure(tmp_path)
    chemin = dossier / "data/structure.yml"
    chemin.write_bytes(b"\xef\xbb\xbf" + chemin.read_bytes())
    assert charger(dossier / "data").jeux["structure"].nom == "Mission Locale modèle"


# ── Données et en-têtes de pages : le même lecteur, les mêmes refus ───────────────────────────────────────
CAS_LECTEUR = [
    ("données : code Python", "data/structure.yml", remplacer("nom: Mission Locale modèle",
                                                             "nom: !!python/object/apply:os.system [id]"),
     "data/structure.yml, ligne 3, champ « nom » : étiquette YAML"),
    ("données : variable d'environnement", "data/structure.yml",
     remplacer("nom: Mission Locale modèle", "nom: !ENV HOME"), "étiquette YAML « !ENV » refusée"),
    ("données : alias", "data/structure.yml",
     remplacer("nom: Mission Locale modèle", "nom: &n Mission Locale\npublic: *n"), "alias YAML"),
    ("page : en-tête avec étiquette", "docs/index.md",
     lambda t: "---\ntitle: !!python/name:os.system\n---\n" + t.split("---\n", 2)[-1],
     "docs/index.md, ligne 2, champ « title » : étiquette YAML"),
]


@pytest.mark.parametrize("fichier, modification, attendu", [c[1:] for c in CAS_LECTEUR],
                         ids=[c[0] for c in CAS_LECTEUR])
def test_lecteur_refuse_le_code_dans_les_donnees_et_les_pages(tmp_path, fichier, modification, attendu):
    from macros.donnees import charger, lire_entete
    from macros.modeles.page import modele_d_entete

    dossier = _structure(tmp_path)
    chemin = dossier / fichier
    chemin.write_text(modification(chemin.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises((ErreurDonnees, ErreursDonnees)) as erreur:
        if fichier.startswith("data/"):
            charger(dossier / "data")
        else:
            lire_entete(chemin.read_text(encoding="utf-8"), fichier, modele_d_entete("index.md"))
    assert attendu in str(erreur.value)


def test_publier_une_edition_au_nom_hostile_est_refuse():
    """L'étiquette d'une édition n'est jamais passée à un shell : un nom qui n'est pas celui de data/edition.yml
    est refusé en français, avant toute commande git ou mike."""
    import subprocess
    import sys

    resultat = subprocess.run([sys.executable, "-m", "publication.publier", "edition", "2024-2028;touch PIEGE"],
                              cwd=RACINE, capture_output=True, text=True, timeout=120)
    assert resultat.returncode == 1 and "Traceback" not in resultat.stderr
    assert "data/edition.yml" in resultat.stderr + resultat.stdout
    assert not (RACINE / "PIEGE").exists()


# ── Markdown qu'aucun convertisseur ne saurait mettre en forme ─────────────────────────────────────────────
CAS_MARKDOWN = [
    ("liste sur 200 niveaux", "\n".join(" " * (4 * i) + "- x" for i in range(200)), "liste imbriquée"),
    ("citation sur 60 niveaux", "> " * 60 + "x", "citation imbriquée"),
    ("20 000 crochets ouverts", "[" * 20000 + "x", "crochets ouverts sur plus de 40 niveaux"),
    ("1 000 blocs HTML imbriqués", "<div markdown>" * 1000 + "x", "balises HTML imbriquées"),
]


@pytest.mark.parametrize("corps, attendu", [c[1:] for c in CAS_MARKDOWN], ids=[c[0] for c in CAS_MARKDOWN])
def test_markdown_demesure_refuse_avant_conversion(corps, attendu):
    from macros import garde

    source = "---\ntitle: Essai\n---\n\n# Essai\n\n" + corps + "\n"
    with pytest.raises(ErreurDonnees) as erreur:
        garde.verifier_markdown(source.split("---\n", 2)[2], "docs/essai.md", source)
    assert str(erreur.value).startswith("docs/essai.md, ligne ") and attendu in str(erreur.value)


@pytest.mark.parametrize("fichier", ["../../piege.pdf", "/tmp/piege.pdf", "livret/../../piege.pdf"])
def test_le_livret_n_ecrit_jamais_hors_du_site(fichier):
    """Défense en profondeur : `extra.pdf` venu d'ailleurs que d'instance.yml est vérifié aussi par le livret."""
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    from livret.crochet import documents

    with pytest.raises(PluginError, match="un chemin relatif, dans le site, est attendu"):
        documents(SimpleNamespace(extra={"pdf": [{"fichier": fichier, "titre": "Piège"}]}))
