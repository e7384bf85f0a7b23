"""Édition en direct : du fichier de data/ enregistré à la page servie par `make serve` qui montre le changement."""
from __future__ import annotations

import html
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


from macros.donnees import charger
from macros.rendus import valeur_formatee

from .projet import environnement_mkdocs

CLE = "territoire.habitants"  # cité par la page d'accueil
FICHIER = Path("data/territoire.yml")
PAGE = ""  # la page d'accueil


def port_libre() -> int:
    """Un port TCP libre sur 127.0.0.1."""
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        return prise.getsockname()[1]


def lire(adresse: str) -> str | None:
    """Le texte de la page (entités décodées), ou None si le serveur ne répond pas encore."""
    try:
        with urllib.request.urlopen(adresse, timeout=5) as reponse:
            return html.unescape(reponse.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def attendre(adresse: str, texte: str | None, limite_s: float, pas_s: float = 0.02) -> float:
    """Interroge la page jusqu'à ce qu'elle réponde (et contienne `texte`) ; renvoie le temps écoulé."""
    return attendre_texte(lambda: lire(adresse), adresse, texte, limite_s, pas_s)


def attendre_texte(source: Callable[[], str | None], nom: str, texte: str | None, limite_s: float,
                   pas_s: float = 0.02) -> float:
    """Relit `source` (une page, un journal) jusqu'à ce qu'elle donne du texte contenant `texte` ; renvoie le
    temps écoulé. `nom` désigne la source dans l'erreur si le délai passe."""
    debut = time.perf_counter()
    while time.perf_counter() - debut < limite_s:
        contenu = source()
        if contenu is not None and (texte is None or texte in contenu):
            return time.perf_counter() - debut
        time.sleep(pas_s)
    raise TimeoutError(f"{nom} : « {texte} » absent après {limite_s} s")


def remplacer_valeur(fichier: Path, cle: str, valeur: int) -> None:
    """Écrit `valeur:` du chiffre `cle` (son bloc dans `chiffres:`) ; le reste du fichier est inchangé."""
    texte = fichier.read_text(encoding="utf-8")
    motif = re.compile(rf"(^  {re.escape(cle)}:\n(?:    .*\n)*?    valeur: )[^\n]*", re.M)
    nouveau, n = motif.subn(rf"\g<1>{valeur}", texte, count=1)
    if n != 1:
        raise ValueError(f"{fichier} : pas de « valeur: » pour {cle}")
    fichier.write_text(nouveau, encoding="utf-8")


@contextmanager
def servir(projet: Path, journal: Path) -> Iterator[str]:
    """`mkdocs serve --strict` (SANS_PDF=1, comme `make serve`) sur un port libre ; donne l'adresse de l'accueil,
    une fois le site servi. Sa sortie va dans `journal`."""
    port = port_libre()
    # `mkdocs serve` sert le site sous le chemin de la site_url de mkdocs.yml, qui n'en a pas (l'adresse est dans
    # instance.yml, que le greffon lit ensuite) : à la racine.
    adresse = f"http://127.0.0.1:{port}/{PAGE}"
    with journal.open("w") as sortie:
        serveur = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
            cwd=projet, stdout=sortie, stderr=subprocess.STDOUT,
            env={**environnement_mkdocs(), "SANS_PDF": "1"},
        )
        try:
            attendre(adresse, None, 300, pas_s=0.1)
            yield adresse
        finally:
            serveur.terminate()
            serveur.wait(timeout=30)


def mesurer(projet: Path, repetitions: int = 3) -> dict:
    """`make serve` sur une copie : temps de démarrage, puis `repetitions` changements du chiffre."""
    debut = time.perf_counter()
    with servir(projet, projet.parent / "serve.log") as adresse:
        demarrage = time.perf_counter() - debut
        chiffre = charger(projet / "data").chiffre(CLE)
        durees = []
        for rang in range(1, repetitions + 1):
            valeur = int(chiffre.valeur) + 111 * rang
            attendu = valeur_formatee(chiffre.model_copy(update={"valeur": valeur}))
            remplacer_valeur(projet / FICHIER, CLE.split(".", 1)[1], valeur)
            durees.append(attendre(adresse, attendu, 60))
            time.sleep(1)  # que l'observateur de fichiers soit au repos avant le changement suivant
    return {"demarrage_s": demarrage, "durees_s": durees, "fichier": str(FICHIER), "chiffre": CLE}
