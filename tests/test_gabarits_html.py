"""Le HTML fait de données sort des gabarits de macros/gabarits/ : un texte d'éditeur y est échappé, jamais
interprété, et les renvois gardent leur forme (appels directs des rendus, sans construction)."""
from __future__ import annotations

from types import SimpleNamespace

from macros.frise import frise_html
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
