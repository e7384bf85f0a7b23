"""Mise en forme française des nombres, montants et dates, par Babel (espaces fines, virgule décimale).

Espace fine insécable (U+202F) entre les milliers et devant « % » et « € » : une ligne ne se coupe jamais
dans un nombre ni entre un nombre et son unité."""
from __future__ import annotations

import datetime

from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_currency, format_decimal, format_percent
from babel.units import format_unit

LOCALE = "fr_FR"


def nombre(valeur: float) -> str:
    """73500 → « 73 500 » ; 1.2 → « 1,2 »."""
    return format_decimal(valeur, locale=LOCALE)


def pourcent(valeur: float) -> str:
    """11.4 → « 11,4 % » (la valeur est donnée en pourcentage, pas en fraction)."""
    return format_percent(valeur / 100, locale=LOCALE, format="#,##0.###\u202f%", decimal_quantization=False)


def euros(valeur: float) -> str:
    """1637478 → « 1 637 478 € » (sans centimes pour un montant rond)."""
    return format_currency(valeur, "EUR", locale=LOCALE, format="#,##0.##\u202f¤", currency_digits=False)


def millions(valeur: float) -> str:
    """7000000 → « 7 millions » ; 1200000 → « 1,2 million »."""
    return format_compact_decimal(valeur, locale=LOCALE, format_type="long", fraction_digits=1)


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
