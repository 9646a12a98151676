"""French presentation of numbers, amounts, shares, dates and missing values, for the reports.

Babel holds the CLDR rules for French (a narrow no-break space between thousands, a
decimal comma, a no-break space before % and €), so none of them is typed here.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date as Date
from datetime import datetime

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, get_currency_name, get_currency_symbol

from toolkit.model.qualifiers import QUALIFIER_FR, QUALIFIER_NOTE_FR
from toolkit.model.values import is_missing

LOCALE = "fr_FR"
NOT_REPORTED = "non renseigné"
NOT_REPORTED_F = "non renseignée"  # agreeing with a feminine noun: "Réalisation : non renseignée"
NBSP = "\u00a0"
# A cell that broke its rule and was emptied (schema.REFUSED): never shown as if the source were silent.
REFUSED = "refusé (voir la qualité des données)"


def sort_key(text: object) -> str:
    """Alphabetical order as a French reader expects it: Égypte with the E, not after Z."""
    return unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().casefold()


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """A count with its noun agreeing: "1 erreur", "3 erreurs", "0 erreur" (French: 0 takes the singular)."""
    noun = singular if abs(count) < 2 else (plural or singular + "s")
    return f"{number(count)} {noun}"


def number(value: object, decimals: int = 0) -> str:
    """``13600`` → ``13 600``; missing → ``non renseigné`` (never 0)."""
    if is_missing(value):
        return NOT_REPORTED
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(float(value), format=pattern, locale=LOCALE)  # type: ignore[arg-type]


def figure(value: object, decimals: int | None = None) -> str:
    """A number with as many decimals as it has (at most two): ``3`` → ``3``, ``49.7`` → ``49,7``."""
    if is_missing(value):
        return NOT_REPORTED
    if decimals is None:
        decimals = next((d for d in (0, 1, 2) if round(float(value), d) == float(value)), 2)  # type: ignore[arg-type]
    return number(value, decimals)


def measured(
    value: object, value_max: object = None, qualifier: object = "", unit: object = "", text: object = ""
) -> str:
    """A value in the shape its source gives it, with its unit: ``3``, ``4`` → ``3 à 4 représentants``;
    ``135`` more_than → ``plus de 135 ressources``. Without a number, the source's own text is
    shown as written (``7/11``), and without either, ``non renseigné``: absence is never 0."""
    unit_text = "" if is_missing(unit) else str(unit).strip()
    written = "" if is_missing(text) else str(text).strip()
    if is_missing(value):
        return f"{written} {unit_text}".strip() if written else NOT_REPORTED
    if qualifier == "about" and written and not any(char.isdigit() for char in written):
        # "une dizaine" says more than "environ 10"; French joins it to its noun with "de".
        if not unit_text:
            return written
        return f"{written} d'{unit_text}" if unit_text[0].lower() in "aeéèêiîoôuy" else f"{written} de {unit_text}"
    shown = figure(value)
    if not is_missing(value_max) and float(value_max) != float(value):  # type: ignore[arg-type]
        shown = f"{shown} à {figure(value_max)}"
    prefix = QUALIFIER_FR.get(str(qualifier or ""), "")
    shown = f"{prefix} {shown}" if prefix else shown
    note = QUALIFIER_NOTE_FR.get(str(qualifier or ""))
    if unit_text == "%":
        shown = f"{shown}{NBSP}%"
    else:
        if float(value) == 1 and is_missing(value_max):  # type: ignore[arg-type]
            unit_text = singular(unit_text)
        shown = f"{shown} {unit_text}".strip()
    return f"{shown} ({note})" if note else shown


# Nouns whose plural is their singular: "1 pays", "6 mois".
_INVARIABLE_ENDINGS = ("ss", "is", "us", "ys", "x", "z")


def singular(unit: str) -> str:
    """A unit label read after 1: ``conventions`` → ``convention``, ``chemins de changement`` →
    ``chemin de changement``; a noun that does not change (pays, mois) is left as it is."""
    head, space, rest = unit.partition(" ")
    if len(head) > 3 and head.endswith("s") and not head.endswith(_INVARIABLE_ENDINGS):
        head = head[:-1]
    return f"{head}{space}{rest}"


def money(value: object, currency: object, decimals: int = 0) -> str:
    """An amount in its own currency, as the locale writes it: ``243313``, ``GBP`` →
    ``243 313 £GB`` in French, ``£243,313`` in English; a code CLDR has no symbol for stays a
    code (``1 000 XDR``). Missing → ``non renseigné``; an amount without currency is a number."""
    if is_missing(value):
        return NOT_REPORTED
    if is_missing(currency) or not str(currency).strip():
        return number(value, decimals)
    pattern = Locale.parse(LOCALE).currency_formats["standard"].pattern
    if not decimals:
        pattern = re.sub(r"\.0+", "", pattern)
    return format_currency(
        float(value),  # type: ignore[arg-type]
        str(currency).strip().upper(),
        format=pattern,
        locale=LOCALE,
        currency_digits=False,
    )


def currency_symbol(code: str) -> str:
    """``EUR`` → ``€``, ``GBP`` → ``£GB`` in French; a code CLDR has no symbol for stays a code."""
    return get_currency_symbol(code, locale=LOCALE)


def currency_plural(code: str) -> str:
    """The currency's name for an amount in it: ``EUR`` → ``euros``, ``GBP`` → ``livres sterling``."""
    return get_currency_name(code, count=2, locale=LOCALE)


def percent(share: object, decimals: int = 1) -> str:
    """A share between 0 and 1: ``0.65`` → ``65,0 %``."""
    if is_missing(share):
        return NOT_REPORTED
    return f"{number(float(share) * 100, decimals)}{NBSP}%"  # type: ignore[arg-type]


def quoted(text: object) -> str:
    """A value as a message quotes it, between French guillemets: ``12x`` → ``« 12x »``."""
    return f"« {text} »"


def plain_number(value: float) -> str:
    """A number for a plain-text message: decimal comma, ordinary spaces between thousands.

    ``1e9`` → ``1 000 000 000``, ``0.01`` → ``0,01``. Ordinary spaces, not the narrow no-break
    space of the pages, so that a terminal in any encoding prints the message.
    """
    text = format_decimal(float(value), format="#,##0.######", locale=LOCALE)
    return text.replace("\u202f", " ").replace(NBSP, " ")


def months(value: object) -> str:
    if is_missing(value):
        return NOT_REPORTED
    return f"{number(value)}{NBSP}mois"


_ISO = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")


def date(value: object) -> str:
    """An ISO date, whole or partial, the French way: ``2016`` → ``2016``, ``2016-03`` →
    ``mars 2016``, ``2016-03-05`` → ``5 mars 2016``. Any other text is shown as written."""
    if is_missing(value):
        return NOT_REPORTED
    text = str(value).strip()
    match = _ISO.fullmatch(text)
    if not match or not match["month"]:
        return text
    try:
        day = Date(int(match["year"]), int(match["month"]), int(match["day"] or 1))
    except ValueError:
        return text
    return format_date(day, "d MMMM y" if match["day"] else "MMMM y", locale=LOCALE)


def period(start: object, end: object) -> str:
    """``2016-01``, ``2016-06`` → ``janvier 2016 – juin 2016``; ``2015``, nothing → ``à partir de 2015``."""
    if is_missing(start) and is_missing(end):
        return NOT_REPORTED
    if is_missing(end):
        return f"à partir de {date(start)}"
    if is_missing(start):
        return f"jusqu'à {date(end)}"
    first, last = date(start), date(end)
    return first if first == last else f"{first} – {last}"


def moment(when: datetime) -> str:
    """A UTC date and time: ``24 novembre 2026 à 13:21 UTC``."""
    return format_datetime(when, "d MMMM y 'à' HH:mm", tzinfo=when.tzinfo, locale=LOCALE) + " UTC"


def of(name: str) -> str:
    """ "de" before a name, elided before a vowel as French writes it: "d'IRG", "de La Fonda"."""
    return f"d'{name}" if name[:1].lower() in "aeiouyàâéèêëîïôûù" else f"de {name}"
