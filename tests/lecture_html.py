"""Lire une page construite comme un lecteur : son texte, ses sections, les éléments de ses listes."""
from __future__ import annotations

import html
import re
from pathlib import Path

from macros import format as fmt
from macros.modeles.base import CITATION
from macros import rendus
from macros.rendus import valeur_formatee
from macros.typographie import typographier

_BALISE = re.compile(r"<[^>]+>")
_ANCRE_DE_TITRE = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
# L'appel numéroté vers la liste « Sources » (macros/sources_page.py) n'est pas le texte du chiffre.
_APPEL_DE_SOURCE = re.compile(r'<sup class="appel-source">.*?</sup>', re.S)


def article(site: Path, page: str) -> str:
    """Le contenu de la page (sans en-tête, menus ni pied de page)."""
    texte = (site / page / "index.html").read_text(encoding="utf-8")
    return texte[texte.index("<article"):texte.index("</article>")]


def texte(fragment: str) -> str:
    """Le texte lu, balises retirées ; les espaces insécables des nombres sont gardés."""
    sans_ancres = _APPEL_DE_SOURCE.sub("", _ANCRE_DE_TITRE.sub("", fragment))
    return sans_typographie(re.sub(r"[ \t\r\n]+", " ", html.unescape(_BALISE.sub("", sans_ancres))).strip())


_AVANT_PONCTUATION = re.compile(r"[\u00a0\u202f]([;:!?»])")


def sans_typographie(lu: str) -> str:
    """Le texte lu, ramené à ce qu'écrit l'éditeur dans data/ (apostrophe droite, espaces ordinaires autour de
    la ponctuation), pour le comparer aux données ; macros/typographie.py et tests/test_typographie.py
    vérifient la typographie elle-même. Les espaces des nombres restent."""
    return _AVANT_PONCTUATION.sub(r" \1", lu.replace("’", "'").replace("«\u202f", "« "))


def sections(fragment: str, niveau: str = "h2") -> dict[str, str]:
    """Titre de chaque section de ce niveau → son contenu HTML jusqu'au titre suivant du même niveau."""
    morceaux = re.split(rf"(<{niveau}\b[^>]*>.*?</{niveau}>)", fragment, flags=re.S)
    return {texte(morceaux[i]): morceaux[i + 1] for i in range(1, len(morceaux) - 1, 2)}


def elements(fragment: str, balise: str = "li") -> list[str]:
    """Le texte de chaque élément (listes non imbriquées)."""
    return [texte(e) for e in re.findall(rf"<{balise}\b[^>]*>(.*?)</{balise}>", fragment, flags=re.S)]


def texte_attendu(gabarit: str, donnees) -> str:
    """Ce que le lecteur doit lire pour un texte de data/ qui cite des chiffres : chaque clé remplacée
    par le chiffre mis en forme (ou la date écrite à la précision de sa source)."""

    def valeur(citation: re.Match) -> str:
        cle = citation.group(1)
        if cle in donnees.chiffres:
            return valeur_formatee(donnees.chiffre(cle))
        repere = donnees.repere(cle)
        return fmt.date_precise(repere.date, repere.precision)

    return re.sub(r"[ \t\r\n]+", " ", CITATION.sub(valeur, gabarit)).strip()


def chiffre_publie(chiffre, source) -> str:
    """Le HTML d'un chiffre tel que la page le publie : celui du rendu (macros/rendus.py), passé par la typographie
    des pages, qui règle aussi son info-bulle (« Source : … »)."""
    return typographier(rendus.chiffre_html(chiffre, source))


def repere_publie(repere, source) -> str:
    """Le HTML d'un repère daté tel que la page le publie (voir `chiffre_publie`)."""
    return typographier(rendus.repere_html(repere, source))
