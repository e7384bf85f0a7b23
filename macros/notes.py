"""Notes aux éditeurs : où corriger un chiffre (« À modifier dans »), ce qui manque (« à compléter », « non
précisé », « Non renseigné »). Elles aident à écrire la version de travail ; le public ne les lit jamais : ni
dans un PDF (retirées à l'assemblage, livret/assemblage.py), ni dans une édition adoptée (retirées des pages,
macros/crochets.py). Un champ vide y est donc simplement absent.

Chaque rendu marque d'une seule classe l'élément entier à retirer (l'intitulé avec sa valeur manquante, la
ligne de tableau), pour qu'aucun reste (« Calendrier : » sans rien) ne demeure.
"""
from __future__ import annotations

CLASSE = "note-editeur"
SELECTEUR = f".{CLASSE}"


def retirer(html: str) -> str:
    """Le HTML sans ses notes aux éditeurs (inchangé s'il n'en a pas)."""
    if CLASSE not in html:
        return html
    from bs4 import BeautifulSoup  # chargé ici : seules les pages qui ont des notes le paient

    soupe = BeautifulSoup(html, "html.parser")
    for element in soupe.select(SELECTEUR):
        element.decompose()
    return str(soupe)


def elaguer_le_sommaire(liens: list, html: str) -> None:
    """Retire de la table des matières d'une page (liste d'AnchorLink de MkDocs) les titres qui ne sont plus
    dans son HTML, partis avec une note aux éditeurs (le groupe « Non renseigné » d'un index, par exemple)."""
    liens[:] = [lien for lien in liens if f'id="{lien.id}"' in html]
    for lien in liens:
        elaguer_le_sommaire(lien.children, html)
