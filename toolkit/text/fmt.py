"""Numbers, amounts, shares, dates and missing values as the reports write them, in the active language.

Babel holds the CLDR rules of each locale (in French a narrow no-break space between thousands, a
decimal comma, a no-break space before % and €; in English a comma between thousands, £243,313), so
none of them is typed here. The language is the one ``toolkit.model.language`` has active; the
words (``non renseigné``, ``à partir de``) are messages of its catalogue. With French active every
function returns what it has always returned.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date as Date
from datetime import datetime

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, get_currency_name, get_currency_symbol

from toolkit.model import language
from toolkit.model.language import _, ngettext, npgettext, pgettext
from toolkit.model.qualifiers import QUALIFIER_FR, QUALIFIER_NOTE_FR
from toolkit.model.values import is_missing

NBSP = "\u00a0"


def refused() -> str:
    """What a cell that broke its rule and was emptied reads (schema.REFUSED): never shown as if the
    source were silent."""
    return _("refusé (voir la qualité des données)")


def not_reported(*, feminine: bool = False) -> str:
    """What a missing value reads: ``non renseigné``; ``feminine``, agreeing with a feminine noun in
    French ("Réalisation : non renseignée"). English has one form."""
    return pgettext("agreeing with a feminine noun", "non renseignée") if feminine else _("non renseigné")


def __getattr__(name: str) -> str:
    """``NOT_REPORTED``, ``NOT_REPORTED_F``, ``REFUSED`` and ``LOCALE`` follow the active language: they are read
    when used, not fixed when this module is imported (PEP 562)."""
    if name == "NOT_REPORTED":
        return not_reported()
    if name == "NOT_REPORTED_F":
        return not_reported(feminine=True)
    if name == "REFUSED":
        return refused()
    if name == "LOCALE":
        return language.locale()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Letters that no decomposition turns into plain ones: spelled out, rather than dropped from the key.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def sort_key(text: object) -> str:
    """Alphabetical order as a French reader expects it: Égypte with the E (between Colombie and
    Guatemala), not after Viêt Nam; œ as oe. Two words that differ only by accents or case keep one
    order between them (the unaccented first), so that a sort by this key gives one result."""
    written = unicodedata.normalize("NFC", str(text))
    letters = unicodedata.normalize("NFKD", written.translate(_LIGATURES)).encode("ascii", "ignore").decode()
    # The NUL before the tie-break sorts below any letter: "Mali" still comes before "Mali nord".
    return f"{letters.casefold()}\x00{written.casefold()}\x00{written}"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """A count with its noun agreeing, by the active language's plural rule: "1 erreur", "3 erreurs",
    "0 erreur" (French: 0 takes the singular), "0 errors" in English.

    The French pair (``plural`` defaults to ``singular`` + s) is looked up in the catalogue: write both
    forms of a noun of the code, so that the extractor sees them. A noun the catalogue does not
    hold (the programme's own word, from programme.toml) is kept as written."""
    noun = ngettext(singular, plural or singular + "s", count)
    return f"{number(count)} {noun}"


def number(value: object, decimals: int = 0) -> str:
    """``13600`` → ``13 600``; missing → ``non renseigné`` (never 0)."""
    if is_missing(value):
        return not_reported()
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(float(value), format=pattern, locale=language.locale())  # type: ignore[arg-type]


def figure(value: object, decimals: int | None = None) -> str:
    """A number with as many decimals as it has (at most two): ``3`` → ``3``, ``49.7`` → ``49,7``."""
    if is_missing(value):
        return not_reported()
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
        return f"{written} {unit_text}".strip() if written else not_reported()
    if qualifier == "about" and written and not any(char.isdigit() for char in written):
        # "une dizaine" says more than "environ 10"; French joins it to its noun with "de".
        if not unit_text:
            return written
        if unit_text[0].lower() in "aeéèêiîoôuy":
            return _("{words} d'{unit}").format(words=written, unit=unit_text)
        return _("{words} de {unit}").format(words=written, unit=unit_text)
    shown = figure(value)
    if not is_missing(value_max) and float(value_max) != float(value):  # type: ignore[arg-type]
        shown = _("{low} à {high}").format(low=shown, high=figure(value_max))
    prefix = QUALIFIER_FR.get(str(qualifier or ""), "")
    shown = f"{_(prefix)} {shown}" if prefix else shown
    note = QUALIFIER_NOTE_FR.get(str(qualifier or ""))
    if unit_text == "%":
        shown = _with_percent_sign(shown)
    else:
        if float(value) == 1 and is_missing(value_max):  # type: ignore[arg-type]
            unit_text = singular(unit_text)
        shown = f"{shown} {unit_text}".strip()
    return f"{shown} ({_(note)})" if note else shown


def _with_percent_sign(shown: str) -> str:
    """A figure followed (or preceded) by the percent sign as the locale writes it: ``65,0 %``
    (no-break space) in French, ``65.0%`` in English."""
    pattern = Locale.parse(language.locale()).percent_formats[None].pattern.split(";")[0]
    before, _number, after = re.split(r"([#0,.]+)", pattern, maxsplit=1)
    return f"{before}{shown}{after}"


# Nouns whose plural is their singular: "1 pays", "6 mois".
_INVARIABLE_ENDINGS = ("ss", "is", "us", "ys", "x", "z")


def singular(unit: str) -> str:
    """A unit label read after 1: ``conventions`` → ``convention``, ``chemins de changement`` →
    ``chemin de changement``; a noun that does not change (pays, mois) is left as it is. In
    English, the noun a unit ends with, or the one before its "of": ``households`` → ``household``,
    ``pathways of change`` → ``pathway of change``."""
    if language.active() != "fr":
        return _english_singular(unit)
    head, space, rest = unit.partition(" ")
    if len(head) > 3 and head.endswith("s") and not head.endswith(_INVARIABLE_ENDINGS):
        head = head[:-1]
    return f"{head}{space}{rest}"


# English plurals that do not end in s: what a unit counting people most often says.
_ENGLISH_IRREGULAR = {"people": "person", "children": "child", "women": "woman", "men": "man"}


def _english_singular(unit: str) -> str:
    words = unit.split(" ")
    at = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    word = words[at]
    if word.lower() in _ENGLISH_IRREGULAR:
        word = _ENGLISH_IRREGULAR[word.lower()]
    elif len(word) > 3 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    words[at] = word
    return " ".join(words)


def money(value: object, currency: object, decimals: int = 0) -> str:
    """An amount in its own currency, as the locale writes it: ``243313``, ``GBP`` →
    ``243 313 £GB`` in French, ``£243,313`` in English; a code CLDR has no symbol for stays a
    code (``1 000 XDR``). Missing → ``non renseigné``; an amount without currency is a number."""
    if is_missing(value):
        return not_reported()
    if is_missing(currency) or not str(currency).strip():
        return number(value, decimals)
    pattern = Locale.parse(language.locale()).currency_formats["standard"].pattern
    if not decimals:
        pattern = re.sub(r"\.0+", "", pattern)
    text = format_currency(
        float(value),  # type: ignore[arg-type]
        str(currency).strip().upper(),
        format=pattern,
        locale=language.locale(),
        currency_digits=False,
    )
    # CLDR's currency spacing, which Babel does not apply: a symbol that ends (or starts) with a
    # letter is set apart from the digits by a no-break space ("XDR 1,000", not "XDR1,000"). French
    # patterns already have that space.
    return _SYMBOL_AGAINST_DIGIT.sub(NBSP, text)


_SYMBOL_AGAINST_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def currency_symbol(code: str) -> str:
    """``EUR`` → ``€``, ``GBP`` → ``£GB`` in French; a code CLDR has no symbol for stays a code."""
    return get_currency_symbol(code, locale=language.locale())


def currency_plural(code: str) -> str:
    """The currency's name for an amount in it: ``EUR`` → ``euros``, ``GBP`` → ``livres sterling``."""
    return get_currency_name(code, count=2, locale=language.locale())


def percent(share: object, decimals: int = 1) -> str:
    """A share between 0 and 1: ``0.65`` → ``65,0 %``."""
    if is_missing(share):
        return not_reported()
    return _with_percent_sign(number(float(share) * 100, decimals))  # type: ignore[arg-type]


def quoted(text: object) -> str:
    """A value as a message quotes it, between the language's quotation marks: ``12x`` → ``« 12x »``
    (French guillemets), ``“12x”`` in English."""
    return pgettext("quotation marks around a value", "« {text} »").format(text=text)


def plain_number(value: float) -> str:
    """A number for a plain-text message: decimal comma, ordinary spaces between thousands.

    ``1e9`` → ``1 000 000 000``, ``0.01`` → ``0,01``. Ordinary spaces, not the narrow no-break
    space of the pages, so that a terminal in any encoding prints the message.
    """
    text = format_decimal(float(value), format="#,##0.######", locale=language.locale())
    return text.replace("\u202f", " ").replace(NBSP, " ")


def months(value: object) -> str:
    """``25`` → ``25 mois`` (``25 months``)."""
    if is_missing(value):
        return not_reported()
    unit = npgettext("a duration", "mois", "mois", value)
    return f"{number(value)}{NBSP}{unit}"


_ISO = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")


def date(value: object) -> str:
    """An ISO date, whole or partial, the French way: ``2016`` → ``2016``, ``2016-03`` →
    ``mars 2016``, ``2016-03-05`` → ``5 mars 2016``. Any other text is shown as written."""
    if is_missing(value):
        return not_reported()
    text = str(value).strip()
    match = _ISO.fullmatch(text)
    if not match or not match["month"]:
        return text
    try:
        day = Date(int(match["year"]), int(match["month"]), int(match["day"] or 1))
    except ValueError:
        return text
    return format_date(day, "d MMMM y" if match["day"] else "MMMM y", locale=language.locale())


def period(start: object, end: object) -> str:
    """``2016-01``, ``2016-06`` → ``janvier 2016 – juin 2016``; ``2015``, nothing → ``à partir de 2015``."""
    if is_missing(start) and is_missing(end):
        return not_reported()
    if is_missing(end):
        return _("à partir de {start}").format(start=date(start))
    if is_missing(start):
        return _("jusqu'à {end}").format(end=date(end))
    first, last = date(start), date(end)
    return first if first == last else f"{first} – {last}"


def moment(when: datetime) -> str:
    """A UTC date and time: ``24 novembre 2026 à 13:21 UTC``."""
    # Translators: a CLDR date pattern; the quoted word is text ("at" in English).
    pattern = pgettext("date and time pattern", "d MMMM y 'à' HH:mm")
    return format_datetime(when, pattern, tzinfo=when.tzinfo, locale=language.locale()) + " UTC"


def of(name: str) -> str:
    """ "de" before a name, elided before a vowel as French writes it: "d'IRG", "de La Fonda"; in
    English "of IRG" (elision is French only)."""
    if language.active() != "fr":
        return f"of {name}"
    return f"d'{name}" if name[:1].lower() in "aeiouyàâéèêëîïôûù" else f"de {name}"


def semicolons(parts: Iterable[object]) -> str:
    """Items of a list set apart by semicolons, spaced as the language spaces them: ``a ; b`` in
    French (the page's typography makes the space a no-break one), ``a; b`` in English."""
    return pgettext("separator of the items of a list", " ; ").join(str(part) for part in parts)
