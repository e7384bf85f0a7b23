"""Crochets MkDocs de sûreté (appelés par le greffon, macros/greffon.py) : la construction ne lit que le dépôt, aucune page ne
charge d'adresse extérieure ni n'exécute de script venu d'un éditeur. Le travail est dans macros/garde.py."""
from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from . import chemins, compat, garde, instance, messages

# Les textes déjà vérifiés sains, d'une construction à l'autre (macros/garde.py, `_deja_sain`).
VERDICTS = chemins.CACHE / "garde"


@event_priority(90)  # avant le greffon macros, qui lit data/ dans son on_config
def on_config(config):
    """Avertissements de MkDocs en français ; liens symboliques et fichiers cachés refusés dans docs/ et data/ ;
    fichiers de docs/ d'un type permis, feuilles de style et SVG sans adresse extérieure ni script."""
    dossier = instance.dossier_de(config)  # la structure construite : ses docs/ et ses data/, où qu'elle soit
    docs = Path(config.docs_dir).resolve()
    messages.franciser_avertissements(config.docs_dir)
    compat.verifier_material()  # docs/assets/js/recherche.js suppose le worker de recherche de Material 9.8
    garde.verifier_arborescence(docs, dossier)
    garde.verifier_arborescence(dossier / "data", dossier)
    garde.verifier_fichiers_statiques(docs, dossier)  # types permis ; feuilles de style et SVG vérifiés
    for adresse in [*config.extra_css, *(str(s) for s in config.extra_javascript)]:
        if garde.exterieure(adresse):
            raise garde.ErreurDonnees("mkdocs.yml", None, "extra_css", f"adresse extérieure : {adresse}. Le site "
                                      "ne charge rien d'extérieur : copiez le fichier dans docs/assets/.")
    return config


def on_page_content(html, page, config, files):
    """Le contenu de chaque page (venu de la page et des données) : ni script, ni cadre, ni adresse extérieure."""
    garde.verifier_html(html, f"docs/{page.file.src_uri}", page.file.content_string, instance.dossier_de(config),
                        verdicts=VERDICTS)
    return html


@event_priority(-100)  # la page telle qu'elle sera écrite, après tous les autres crochets
def on_post_page(output, page, config, contenu_verifie: str | None = None, lignes_saines: set[str] | None = None):
    """La page entière, gabarits compris : aucune adresse extérieure chargée. `contenu_verifie` : son contenu tel
    que `on_page_content` l'a vérifié, que la page n'a pas à relire ; `lignes_saines` : les lignes du thème déjà
    lues sans problème dans la construction (macros/garde.py, `verifier_page`)."""
    garde.verifier_page(output, contenu_verifie, f"docs/{page.file.src_uri}", page.file.content_string,
                        instance.dossier_de(config), lignes_saines, VERDICTS)
    return output


def on_post_build(config):
    """Les images de docs/ publiées réenregistrées : leurs pixels seuls (macros/garde.py)."""
    garde.reencoder_images(Path(config.docs_dir).resolve(), Path(config.site_dir), instance.dossier_de(config))
