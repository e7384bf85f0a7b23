"""Le corpus hostile : des modifications qu'un éditeur malveillant (ou maladroit) pourrait proposer, rejouées à
chaque `make test`. Chaque cas : le fichier modifié, la modification, et le message français attendu (fichier,
ligne, champ) ou la sortie inerte attendue. La plupart appellent directement le lecteur ou la garde concernés ;
quelques-uns seulement construisent un site.

Le test au hasard du lecteur YAML (hypothesis) est dans tests/test_surete.py.
"""
from __future__ import annotations

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
    texte = texte.replace("copyright: Mission Locale modèle – contenu publié sous licence CC BY-SA 4.0",
                          "copyright: \"<b onmouseover=alert(1)>licence</b>\"")
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
