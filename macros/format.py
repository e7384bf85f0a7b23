"""Mise en forme française des nombres, montants et dates, par Babel (espaces fines, virgule décimale).

Espace fine insécable (U+202F) entre les milliers et devant « % » et « € » : une ligne ne se coupe jamais
dans un nombre ni entre un nombre et son unité.

Un nombre s'affiche tel que l'éditeur l'a tapé (8.9 → « 8,9 % », jamais « 8,900000000000001 % ») : YAML le donne
en float, lu ici en Decimal par son écriture la plus courte (repr), et toute échelle (pourcentage, millions) se
fait en Decimal ; Babel arrondit ensuite à trois décimales au plus (les graduations d'un graphique, calculées
par matplotlib, en ont parfois dix-sept)."""
from __future__ import annotations

import datetime
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent
from babel.units import format_unit

LOCALE = "fr_FR"
# Trois décimales au plus : ce qu'un éditeur tape (« 11.4 », « 2.75 », « 0.125 »), sans zéro ajouté.
_DECIMALES = "#,##0.###"


def decimal(valeur: float | int | Decimal) -> Decimal:
    """Le nombre tel qu'il s'écrit : 8.9 → Decimal("8.9") (et non 8.9000000000000003552713678800500929355621337890625)."""
    if isinstance(valeur, Decimal):
        return valeur
    return Decimal(valeur) if isinstance(valeur, int) else Decimal(repr(float(valeur)))


def nombre(valeur: float) -> str:
    """73500 → « 73 500 » ; 1.2 → « 1,2 »."""
    return format_decimal(decimal(valeur), format=_DECIMALES, locale=LOCALE)


def pourcent(valeur: float) -> str:
    """11.4 → « 11,4 % » (la valeur est donnée en pourcentage, pas en fraction)."""
    return format_percent(decimal(valeur).scaleb(-2), locale=LOCALE, format=_DECIMALES + "\u202f%")


def euros(valeur: float) -> str:
    """1637478 → « 1 637 478 € » ; 12.5 → « 12,5 € » (les décimales tapées, sans centimes ajoutés)."""
    return format_currency(decimal(valeur), "EUR", locale=LOCALE, format=_DECIMALES + "\u202f¤",
                           currency_digits=False)


def millions(valeur: float) -> str:
    """7000000 → « 7 millions » ; 1250000 → « 1,25 million » (accord de Babel : singulier sous 2)."""
    # L'échelle en Decimal, puis neuf décimales au plus : les trois tapées, décalées de six rangs.
    en_millions = decimal(valeur).scaleb(-6)
    texte = format_decimal(en_millions, format="#,##0.#########", locale=LOCALE)
    mot = "million" if Locale.parse(LOCALE).plural_form(abs(en_millions)) == "one" else "millions"
    return f"{texte}\u00a0{mot}"


def date_longue(jour: datetime.date) -> str:
    """1990-12-12 → « 12 décembre 1990 » ; le premier du mois s'écrit « 1er »."""
    texte = format_date(jour, format="d MMMM y", locale=LOCALE)
    return "1er" + texte[1:] if jour.day == 1 else texte


def taille_fichier(octets: int) -> str:
    """1234567 → « 1,2 Mo » ; 850000 → « 850 ko » (unités décimales : 1 Mo = 1 000 000 octets)."""
    if octets >= 1_000_000:
        return format_unit(octets / 1_000_000, "digital-megabyte", length="short", format="#,##0.#",
                           locale=LOCALE)
    return format_unit(max(1, round(octets / 1000)), "digital-kilobyte", length="short", format="#,##0",
                       locale=LOCALE)


def pages(nombre_de_pages: int) -> str:
    """42 → « 42 pages » ; 1 → « 1 page »."""
    return f"{nombre(nombre_de_pages)}\u00a0page{'s' if nombre_de_pages > 1 else ''}"


def date_precise(jour: datetime.date, precision: str = "jour") -> str:
    """Une date à la précision de sa source : « 12 décembre 1990 », « septembre 2023 » ou « 2023 »."""
    if precision == "annee":
        return str(jour.year)
    if precision == "mois":
        return format_date(jour, format="MMMM y", locale=LOCALE)
    return date_longue(jour)
