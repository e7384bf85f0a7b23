"""Le HTML fait de données sort des gabarits de macros/gabarits/ : un texte d'éditeur y est échappé, jamais
interprété, et les renvois gardent leur forme (appels directs des rendus, sans construction). Le code Python du
moteur n'écrit plus de balise, hors la courte liste PERMIS (lecture du code par son arbre syntaxique)."""
from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

from macros import contacts
from macros.frise import frise_html
from macros.modeles.diagnostic import Implantations
from macros.modeles.projet import Historique, Objectifs


def _donnees(evenements: list[dict], textes: list[dict]) -> SimpleNamespace:
    return SimpleNamespace(jeux={"historique": Historique.model_validate({"evenements": evenements}),
                                 "objectifs": Objectifs.model_validate({"textes": textes})})


def test_la_frise_echappe_ses_textes_et_lie_le_texte_fondateur():
    donnees = _donnees(
        [{"date": "1998-10", "portee": "locale", "texte": "L'antenne <b>d'Orbec</b> ouvre", "textes": ["charte"]},
         {"date": 1990, "portee": "nationale", "texte": "Une charte & des « missions »"}],
        [{"id": "charte", "titre": "La Charte <1990>", "date": 1990}])
    html = frise_html(donnees, lambda ancre: f"../objectifs/#{ancre}")
    assert "L'antenne &lt;b&gt;d'Orbec&lt;/b&gt; ouvre" in html
    assert "<b>" not in html and "&lt;1990&gt;" in html
    assert '<a href="../objectifs/#charte">La Charte &lt;1990&gt;</a>' in html
    assert '<time class="evenement__date" datetime="1998-10">octobre 1998</time> ' in html
    # Deux portées : les filtres sont proposés ; l'année 1990 n'a pas de date affichée (précision à l'année).
    assert 'aria-label="Filtrer la frise"' in html and "\n" not in html.strip()
    assert '<section class="frise-annee frise-annee--nationale" aria-labelledby="annee-1990">' in html


def test_la_frise_sans_ancre_ecrit_le_titre_sans_lien():
    donnees = _donnees([{"date": 2001, "portee": "nationale", "texte": "Texte", "textes": ["charte"]}],
                       [{"id": "charte", "titre": "La Charte", "date": 1990}])
    html = frise_html(donnees, lambda ancre: None)
    assert "Texte fondateur : La Charte</p>" in html and "frise-filtres" not in html


def test_les_lieux_echappent_leurs_coordonnees_et_marquent_ce_qui_manque():
    lieu = {"id": "orbec", "nom": "Antenne <d'Orbec>", "role": "antenne", "precision": "au 1er étage",
            "telephone": "02 00 00 00 01", "courriel": "accueil@exemple.org"}
    donnees = SimpleNamespace(jeux={"implantations": Implantations.model_validate({"lieux": [lieu, {
        "id": "siege", "nom": "Siège", "role": "siège"}]})})
    html = contacts.lieux_html(donnees, brouillon=True)
    assert '<h2 id="orbec-titre">Antenne &lt;d&#39;Orbec&gt; <small>(antenne)</small></h2><p>Au 1er étage.</p>' in html
    assert '<dd><a href="tel:0200000001">02 00 00 00 01</a></dd>' in html
    assert '<a href="mailto:accueil@exemple.org">accueil@exemple.org</a>' in html
    assert '<dt class="note-editeur">Adresse</dt><dd><em class="a-completer note-editeur">à compléter</em></dd>' in html
    # Une section par ligne ; l'édition adoptée tait ce qui manque.
    assert html.count("\n") == 1 and "Adresse" not in contacts.lieux_html(donnees, brouillon=False)
    assert contacts.valeur_ou_a_completer("a < b", brouillon=False) == "a &lt; b"


def test_un_passage_change_echappe_ses_mots_et_marque_retraits_et_ajouts():
    from macros.difference_pages import Passage, passage_html

    html = passage_html(Passage("Section", "le chat <mange> la souris", "le chien <mange> la souris verte"))
    assert html == ('<p class="difference"><span class="difference__genre">Modifié\u00a0:</span> le <del>chat</del> '
                    "<ins>chien</ins> &lt;mange&gt; la souris <ins>verte</ins></p>")


def test_le_livret_echappe_titres_couverture_et_metadonnees():
    from livret import Couverture, Partie, assembler

    couverture = Couverture("Projet <associatif>", "Mission Locale d'Orbec & Co", sujet='Le "projet"',
                            edition="Édition 2024-2028", adresse_site="https://exemple.org/projet")
    html = assembler([Partie("Accueil <i>", "", "<p>Texte.</p>"), Partie("Section <s>", "x"),
                      Partie("Sous-page", "a/", "<p>A</p>", niveau=2)], couverture)
    assert "<title>Projet &lt;associatif&gt; – Mission Locale d’Orbec &amp; Co</title>" in html
    assert '<meta name="description" content="Le &#34;projet&#34;">' in html
    assert '<p class="couverture-titre">Projet &lt;associatif&gt;</p>' in html
    assert '<p class="couverture-edition">Édition <span class="insecable">2024–2028</span></p>' in html
    assert '<a class="adresse-du-site" href="https://exemple.org/projet/">exemple.org/projet</a>' in html
    # Le sommaire suit les niveaux : la sous-page dans la liste de l'intertitre qui la précède.
    assert ('<ol><li class="niveau-1"><a href="#accueil">Accueil &lt;i&gt;</a></li><li class="niveau-1">'
            '<a href="#section-section-s">Section &lt;s&gt;</a><ol><li class="niveau-2"><a href="#a">Sous-page</a>'
            "</li></ol></li></ol>") in html
    assert ('<section class="intertitre niveau-1" id="section-section-s"><h1 class="titre-partie" '
            'id="section-section-s--titre" style="bookmark-level: 1">Section &lt;s&gt;</h1></section>') in html
    assert "<i>" not in html and "<s>" not in html and "<associatif>" not in html


def test_le_svg_d_un_graphique_est_nomme_et_decrit_par_des_textes_echappes():
    from macros.graphiques import _accessible

    svg = ('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10pt">\n <style>*{}</style>\n'
           ' <g id="a"><path clip-path="url(#c)"/></g><clipPath id="c"/>\n</svg>\n')
    assert _accessible(svg, "g1", "Titre <x>", "Texte d'essai & plus") == (
        '<svg class="graphique-image" role="img" aria-labelledby="g1-titre g1-description" data-search-exclude="" '
        'xmlns="http://www.w3.org/2000/svg" width="10pt"><title id="g1-titre">Titre &lt;x&gt;</title>'
        '<desc id="g1-description">Texte d&#39;essai &amp; plus</desc><g><path clip-path="url(#g1-c)"/></g>'
        '<clipPath id="g1-c"/></svg>')


# --- Le moteur n'écrit pas de HTML à la main : chaque texte du code Python qui contient une balise est compté. ---

RACINE = Path(__file__).resolve().parents[1]
DOSSIERS = ("macros", "livret", "publication")
# Les éléments HTML et SVG : « <identifiant> » ou « (?P<a>…) » (groupe d'une expression) ne sont pas des balises.
ELEMENTS = set("""a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption
    cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main
    map mark menu meta meter nav noscript object ol optgroup option output p picture pre progress q rp rt ruby s
    samp script search section select slot small source span strong style sub summary sup table tbody td template
    textarea tfoot th thead time title tr track u ul var video wbr svg g path rect circle line polyline polygon
    text tspan desc defs use clippath lineargradient pattern symbol marker mask image foreignobject metadata
    h""".split())  # « h » : un titre au niveau calculé
# Une balise au nom calculé (« <{} », « <h{} ») compte aussi.
_BALISE = re.compile(r"(?<!\?P)(?<!\?)<(?:!(?:--|[A-Za-z])|/?\{\}|/?([a-zA-Z][a-zA-Z0-9]*)(?=[\s/>]|\{\}|$))")
# Le HTML qui reste écrit en Python : (fichier, texte ; « {} » pour chaque valeur insérée) → pourquoi il reste.
# Tout autre texte à balise fait échouer le test : le HTML fait de données s'écrit dans macros/gabarits/.
PERMIS = {
    ("macros/__init__.py", ' <em class="proposition">(proposition)</em>'): "constant : la mention d'une proposition",
    ("macros/rendus_fiches.py", '<div class="hors-pdf" markdown="1">'):
        "constant : ouvre un bloc de Markdown (fermé par « </div> » plus loin), pas une brique de données",
    ("macros/rendus_fiches.py", '<div class="{}" markdown="1">'): "idem, la classe est la constante notes.CLASSE",
    ("macros/rendus_fiches.py", "</div>"): "ferme ces deux blocs (deux fois)",
    ("macros/reference.py", "<!-- Généré par « make reference » (python -m macros.reference) d'après "
     "macros/modeles/ : ne pas modifier à la main. -->"): "constant : commentaire en tête de data/README.md",
    ("macros/garde.py", "feuille ou ressource extérieure (<link>) : {}"): "message d'erreur qui nomme une balise",
    ("macros/garde.py", "balise <{}> interdite dans une page"): "message d'erreur",
    ("macros/garde.py", "<{}"): "l'extrait cité par ce message",
    ("macros/garde.py", "déclaration d'entité (<!ENTITY>) interdite dans un SVG"): "message (deux fois)",
    ("macros/garde.py", "« {} » interdit : un commentaire s'écrit « <!-- … --> »"): "message d'erreur",
    ("macros/garde.py", "déclaration <!DOCTYPE> ou d'entité (<!ENTITY>) interdite dans un SVG"): "message d'erreur",
}


def _textes_a_balises(source: str) -> list[str]:
    """Les textes du code qui contiennent une balise, hors docstrings, motifs d'expressions régulières (premier
    argument d'une fonction de `re`) et textes cherchés (opérande d'une comparaison : `"<p>" in html`)."""
    arbre = ast.parse(source)
    ignores: set[int] = set()
    for noeud in ast.walk(arbre):
        if isinstance(noeud, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and noeud.body \
                and isinstance(noeud.body[0], ast.Expr) and isinstance(noeud.body[0].value, ast.Constant):
            ignores.add(id(noeud.body[0].value))
        elif isinstance(noeud, ast.Call) and isinstance(noeud.func, ast.Attribute) and noeud.args \
                and isinstance(noeud.func.value, ast.Name) and noeud.func.value.id == "re":
            ignores.add(id(noeud.args[0]))
        elif isinstance(noeud, ast.Compare):
            ignores.update(id(n) for n in [noeud.left, *noeud.comparators])
        elif isinstance(noeud, ast.JoinedStr):
            ignores.update(id(v) for v in noeud.values)  # les morceaux d'un f-string : comptés avec lui
    textes = []
    for noeud in ast.walk(arbre):
        if id(noeud) in ignores:
            continue
        if isinstance(noeud, ast.JoinedStr):
            texte = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in noeud.values)
        elif isinstance(noeud, ast.Constant) and isinstance(noeud.value, str):
            texte = noeud.value
        else:
            continue
        if any(b.group(1) is None or b.group(1).lower() in ELEMENTS for b in _BALISE.finditer(texte)):
            textes.append(texte)
    return textes


def test_le_html_fait_de_donnees_sort_des_gabarits_pas_du_python():
    trouves = Counter((chemin.relative_to(RACINE).as_posix(), texte)
                      for dossier in DOSSIERS for chemin in sorted((RACINE / dossier).rglob("*.py"))
                      for texte in _textes_a_balises(chemin.read_text(encoding="utf-8")))
    nouveaux = [f"{fichier} : {texte!r}" for fichier, texte in trouves if (fichier, texte) not in PERMIS]
    assert not nouveaux, ("HTML écrit en Python : à écrire dans un gabarit de macros/gabarits/ (échappement "
                          "automatique) :\n" + "\n".join(nouveaux))
    assert not set(PERMIS) - set(trouves), f"PERMIS cite un texte disparu : {set(PERMIS) - set(trouves)}"
    assert sum(trouves.values()) == len(PERMIS) + 2  # « </div> » et le message d'entité, deux fois chacun


def test_le_controle_voit_f_string_concatenation_et_constante_mais_pas_les_motifs():
    source = '''
"""Docstring : <p>ignorée</p>."""
import re
a = f'<li class="{classe}">{texte}</li>'
b = "<ul>" + "".join(x) + "</ul>"
c = re.compile(r"<p>(.*)</p>")
d = "<p>" in html
e = "fichier data/<identifiant>.yml et (?P<a>groupe)"
f = '<svg class="x"'
g = f"<{balise}>{texte}</{balise}>" + f"<h{niveau}>"
'''
    assert sorted(_textes_a_balises(source)) == ["</ul>", "<h{}>", '<li class="{}">{}</li>', '<svg class="x"',
                                                 "<ul>", "<{}>{}</{}>"]
