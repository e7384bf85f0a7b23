"""Le HTML fait de données sort des gabarits de macros/gabarits/ : un texte d'éditeur y est échappé, jamais
interprété, et les renvois gardent leur forme (appels directs des rendus, sans construction)."""
from __future__ import annotations

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
