"""L'offre service par service (data/offre.yml, champ « services ») : rangée par besoin (« Vous cherchez… ») et par
fonction, avec à qui s'adresser ; vocabulaire des besoins validé avec des messages en français.

Sur la petite structure tests/fixtures/structure-neuve (un siège avec un téléphone fictif), par appel direct des
rendus : aucune construction de site.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from macros import offre
from macros.donnees import charger
from macros.erreurs import ErreursDonnees
from macros.modeles.diagnostic import BESOINS

RACINE = Path(__file__).resolve().parents[1]
LIENS = offre.Liens(lieu=lambda i: f"../nous-trouver/#{i}", fiche=lambda i: f"../fiches-actions/{i}/")

SERVICES = """services:
  - fonction: accompagner-parcours-global
    texte: Un appui pour trouver un logement, avec l'aide <b>d'un</b> partenaire.
    besoins: [logement]
    contact: le service logement jeunes (l'« équipe logement »)
  - fonction: accompagner-employeurs
    texte: Une référente entreprises, interlocutrice des employeurs.
    besoins: [recrutement, emploi]
    lieux: [siege]
  - fonction: reperer-mobiliser
    texte: Aller au-devant des jeunes.
"""


@pytest.fixture
def structure(tmp_path) -> Path:
    shutil.copytree(RACINE / "tests/fixtures/structure-neuve/data", tmp_path / "data")
    return tmp_path


def _offre(structure: Path, services: str = SERVICES) -> None:
    fichier = structure / "data/offre.yml"
    fichier.write_text(fichier.read_text(encoding="utf-8") + services, encoding="utf-8")


def _sans_balises(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_chaque_besoin_couvert_a_sa_section_dans_l_ordre_du_vocabulaire(structure):
    _offre(structure)
    html = offre.vous_cherchez_html(charger(structure / "data"), LIENS)
    assert re.findall(r'<h3 id="besoin-([a-z-]+)">', html) == ["emploi", "logement", "recrutement"]
    assert [k for k in BESOINS if k in {"emploi", "logement", "recrutement"}] == ["emploi", "logement", "recrutement"]
    # Le sommaire mène à chaque section ; un service sans besoin (repérer) n'y figure pas.
    assert re.findall(r'<a href="#besoin-([a-z-]+)">', html) == ["emploi", "logement", "recrutement"]
    assert "Aller au-devant" not in html
    # Chaque service dit la fonction sous laquelle la page le décrit, par un lien vers sa section.
    assert '<a href="#accompagner-employeurs">Accompagner les employeurs dans leurs recrutements</a>' in html
    # Une page rangée par thèmes n'a pas de section par fonction : l'intitulé reste, sans lien.
    sans_lien = offre.vous_cherchez_html(charger(structure / "data"), LIENS, vers_fonctions=False)
    assert 'href="#accompagner' not in sans_lien and "(Accompagner les employeurs dans leurs recrutements)" in sans_lien


def test_a_qui_s_adresser_seulement_ce_que_les_donnees_disent(structure):
    _offre(structure)
    donnees = charger(structure / "data")
    html = offre.vous_cherchez_html(donnees, LIENS)
    logement = html.split('id="besoin-logement"')[1].split("</section>")[0]
    assert "À qui s'adresser : le service logement jeunes (l'« équipe logement »)." in \
        _sans_balises(logement).replace("&#39;", "'")
    # Aucun lieu nommé : le siège (avec son téléphone, que les données ont), puis les autres lieux.
    assert '<a href="tel:0100000000">01 00 00 00 00</a>' in logement
    assert "ou l'un de nos autres lieux d'accueil" in logement.replace("&#39;", "'")
    # Sans téléphone dans les données, aucun téléphone n'est promis.
    fichier = structure / "data/implantations.yml"
    fichier.write_text(fichier.read_text(encoding="utf-8").replace("    telephone: 01 00 00 00 00\n", ""),
                       encoding="utf-8")
    sans = offre.vous_cherchez_html(charger(structure / "data"), LIENS)
    assert "tel:" not in sans and "éléphone" not in sans


def test_le_texte_des_donnees_est_echappe(structure):
    _offre(structure)
    html = offre.services_html(charger(structure / "data"), "accompagner-parcours-global", LIENS)
    assert "<b>" not in html and "&lt;b&gt;d&#39;un&lt;/b&gt;" in html


def test_services_d_une_fonction_avec_leurs_lieux(structure):
    _offre(structure)
    donnees = charger(structure / "data")
    html = offre.services_html(donnees, "accompagner-employeurs", LIENS)
    assert '<a href="../nous-trouver/#siege">Maison de l&#39;Essai</a> (siège), 1 place de l&#39;Essai' in html
    assert offre.services_html(donnees, "orienter", LIENS) == ""
    with pytest.raises(KeyError, match="fonction inconnue « orientation »"):
        offre.services_html(donnees, "orientation", LIENS)


def test_un_besoin_inconnu_est_refuse_en_francais_avec_sa_ligne(structure):
    _offre(structure, SERVICES.replace("besoins: [logement]", "besoins: [lgement]"))
    with pytest.raises(ErreursDonnees) as erreur:
        charger(structure / "data")
    [message] = [e.texte() for e in erreur.value.erreurs]
    ligne = next(i for i, l in enumerate((structure / "data/offre.yml").read_text().splitlines(), 1) if "lgement" in l)
    assert message.startswith(f"data/offre.yml, ligne {ligne}, champ « services[1].besoins[1] » : besoin inconnu.")
    assert "Vouliez-vous écrire « logement » ?" in message and "trouvé : « lgement »" in message
    assert "Besoins possibles : emploi, formation, orientation, logement" in message


def test_un_lieu_inconnu_est_refuse(structure):
    _offre(structure, SERVICES.replace("lieux: [siege]", "lieux: [sige]"))
    with pytest.raises(ErreursDonnees) as erreur:
        charger(structure / "data")
    [message] = [e.texte() for e in erreur.value.erreurs]
    assert "« sige » ne correspond à aucun identifiant de data/implantations.yml" in message
    assert "siege" in message


def test_sans_service_la_page_par_besoin_le_dit(structure):
    with pytest.raises(KeyError, match="aucun service dans data/offre.yml"):
        offre.vous_cherchez_html(charger(structure / "data"), LIENS)
