"""Parsers for the raw text values of French-language project documents.

Every parser takes a value as it is written in a document or a spreadsheet cell and
returns a typed value, or raises ``ParseError`` (``AmbiguousValue`` when the text does
hold a value but reading one number from it would be a guess). The error's ``rule``
names the parser, so that a finding built from it points at the rule that was broken.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from babel.dates import get_month_names

from toolkit.model import rules
from toolkit.model.cells import join_codes, split_values
from toolkit.model.currencies import iso_4217
from toolkit.model.errors import AmbiguousValue, ParseError
from toolkit.model.language import _
from toolkit.text.fmt import quoted

# --------------------------------------------------------------------------- helpers


def fold(text: str) -> str:
    """Return ``text`` lower-cased and without accents, for comparisons that ignore both."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _error(rule: rules.Rule, text: str, reason: str = "", kind: type[ParseError] = ParseError) -> ParseError:
    """The error for ``text``, in French: what is wrong with it, then (the rule's template) what to write."""
    problem = _("est ambigu") if issubclass(kind, AmbiguousValue) else _("n'est pas lisible")
    if reason:
        problem = _("{problem} : {reason}").format(problem=problem, reason=reason)
    return kind(rule.say(value=text, problem=problem), value=text, rule=rule.id)


# --------------------------------------------------------------------------- numbers

# The spaces French typography puts between groups of thousands.
_GROUP_SPACES = " \u00a0\u202f\u2009"
_PLAIN_DIGITS = re.compile(r"[0-9]+")
_SPACE_GROUPED = re.compile(rf"[1-9][0-9]{{0,2}}(?:[{_GROUP_SPACES}][0-9]{{3}})+")
_DOT_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_INTEGER_FORMS = (_PLAIN_DIGITS, _SPACE_GROUPED, _DOT_GROUPED)
_NUMBER_CHARACTERS = re.compile(rf"[0-9][0-9.{_GROUP_SPACES}]*")
_SIGNS = {"-": "-", "\u2212": "-", "+": ""}

# A loose number token for the composite parsers: digit runs joined by single
# separators. ``_read_number`` then decides whether the grouping is valid, so that a
# badly written number gets a precise message instead of a generic "no match".
_NUMBER = rf"[-+\u2212]?[0-9]+(?:[.,{_GROUP_SPACES}][0-9]+)*"


def _split_decimal_mark(body: str) -> tuple[str, str]:
    """Split ``body`` into its integer and fractional digits at the decimal mark."""
    integer, comma, fraction = body.partition(",")
    if comma:
        if "," in fraction or "." in fraction:
            raise ValueError(_("il y a plus d'un séparateur décimal"))
        return integer, fraction
    # A lone dot is a decimal point only when it cannot be a thousands separator.
    if body.count(".") == 1 and not _DOT_GROUPED.fullmatch(body):
        integer, _dot, fraction = body.partition(".")
        if not _PLAIN_DIGITS.fullmatch(integer):
            raise ValueError(_("un point décimal ne peut suivre que des chiffres sans espace (écrire 1 234,5)"))
        return integer, fraction
    return body, ""


def _check_integer_part(integer: str) -> None:
    if any(form.fullmatch(integer) for form in _INTEGER_FORMS):
        return
    if _NUMBER_CHARACTERS.fullmatch(integer):
        raise ValueError(_("les chiffres ne sont pas groupés par trois"))
    raise ValueError(_("ce n'est pas un nombre"))


def _read_number(text: str) -> Decimal:
    """Read one number in French format; a ValueError says what is wrong with it."""
    body = text.strip()
    if not body:
        raise ValueError(_("la valeur est vide"))
    sign = ""
    if body[0] in _SIGNS:
        sign, body = _SIGNS[body[0]], body[1:]
    integer, fraction = _split_decimal_mark(body)
    _check_integer_part(integer)
    if fraction and not _PLAIN_DIGITS.fullmatch(fraction):
        raise ValueError(_("la partie décimale n'est pas faite de chiffres"))
    if body.endswith((",", ".")):
        raise ValueError(_("la valeur se termine par un séparateur décimal"))
    digits = re.sub("[^0-9]", "", integer)
    return Decimal(f"{sign}{digits}.{fraction or 0}")


def parse_integer(text: str) -> int:
    """Read a whole number written the French way (``13 600``)."""
    try:
        value = _read_number(text)
    except ValueError as err:
        raise _error(rules.PARSE_INTEGER, text, str(err)) from err
    if value != value.to_integral_value():
        raise _error(rules.PARSE_INTEGER, text, _("le nombre a une partie décimale"))
    return int(value)


# --------------------------------------------------------------------------- amounts

_MULTIPLIER = r"(?:(?i:milliards?|millions?|mille)|Mds?|M|[kK])(?![^\W\d_])"
_MULTIPLIER_VALUES = {
    "k": 10**3,
    "mille": 10**3,
    "m": 10**6,
    "million": 10**6,
    "millions": 10**6,
    "md": 10**9,
    "mds": 10**9,
    "milliard": 10**9,
    "milliards": 10**9,
}

# Currency symbols and words; any other active code of the ISO 4217 list (IATI's Currency code
# list, which has XDR) is accepted too.
_CURRENCY_NAMES = {
    "€": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "$": "USD",
    "US$": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "£": "GBP",
    "livre sterling": "GBP",
    "livres sterling": "GBP",
    # The programme's West African partners use the BCEAO franc.
    "FCFA": "XOF",
    "F CFA": "XOF",
    "franc CFA": "XOF",
    "francs CFA": "XOF",
}


def _currency_key(name: str) -> str:
    return "".join(name.split()).casefold()


_CURRENCY_CODES = {_currency_key(name): code for name, code in _CURRENCY_NAMES.items()}
_CURRENCY = (
    "(?i:"
    + "|".join(re.escape(name).replace(r"\ ", r"\s*") for name in sorted(_CURRENCY_NAMES, key=len, reverse=True))
    + "|[a-z]{3})"
)
_AMOUNT = re.compile(
    rf"(?:(?P<before>{_CURRENCY})\s*)?(?P<number>{_NUMBER})\s*"
    rf"(?:(?P<multiplier>{_MULTIPLIER})\s*)?"
    rf"(?:(?:d['’]\s*|de\s+)?(?P<after>{_CURRENCY}))?"
)
# "Budget :", "Budget global :", "Financement accordé :" in front of the figure.
_LABEL = re.compile(r"[^\W\d_][^:\d€$£]*:\s*")


@dataclass(frozen=True)
class Money:
    amount: float
    currency: str  # ISO 4217


def _scaled(number: str, multiplier: str | None) -> Decimal:
    """Read ``number`` and apply a multiplier word such as ``millions`` or ``k``."""
    value = _read_number(number)
    return value * _MULTIPLIER_VALUES[multiplier.casefold()] if multiplier else value


def _currency_code(name: str) -> str | None:
    code = _CURRENCY_CODES.get(_currency_key(name))
    if code:
        return code
    return name.upper() if name.upper() in iso_4217() else None


def _strip_label(text: str) -> str:
    label = _LABEL.match(text)
    return text[label.end() :] if label else text


def parse_amount(text: str, default_currency: str | None = None) -> Money:
    """Read an amount of money such as ``98 525 €`` or ``1,7 millions d'euros``.

    A leading label (``Budget :``) is ignored. ``default_currency`` is used when the
    text names no currency. Negative amounts are read as such.
    """
    match = _AMOUNT.fullmatch(_strip_label(text.strip()))
    if not match:
        raise _error(rules.PARSE_AMOUNT, text)
    if match["before"] and match["after"]:
        raise _error(rules.PARSE_AMOUNT, text, _("la devise est indiquée deux fois"))
    try:
        value = _scaled(match["number"], match["multiplier"])
    except ValueError as err:
        raise _error(rules.PARSE_AMOUNT, text, str(err)) from err
    written = match["before"] or match["after"]
    currency = _currency_code(written) if written else default_currency
    if written and currency is None:
        raise _error(
            rules.PARSE_AMOUNT, text, _("{value} n'est pas un code de devise ISO 4217").format(value=quoted(written))
        )
    if currency is None:
        raise _error(rules.PARSE_AMOUNT, text, _("aucune devise n'est indiquée (98 525 €, 243 313 GBP)"))
    return Money(float(value), currency)


# --------------------------------------------------------------------------- percents and ranges

_RANGE_FORMS = (
    re.compile(rf"(?i:entre)\s+(?P<low>{_NUMBER})\s+(?i:et)\s+(?P<high>{_NUMBER})(?:\s*[^0-9\s][^0-9]*)?"),
    re.compile(
        rf"(?:(?i:de)\s+)?(?P<low>{_NUMBER})(?:\s*[-–—à]\s*|\s+a\s+)(?P<high>{_NUMBER})"
        r"(?:\s*[^0-9\s][^0-9]*)?"
    ),
)


def _find_range(text: str) -> re.Match[str] | None:
    for form in _RANGE_FORMS:
        match = form.fullmatch(text.strip())
        if match:
            return match
    return None


def _range_bounds(match: re.Match[str]) -> tuple[Decimal, Decimal]:
    low, high = _read_number(match["low"]), _read_number(match["high"])
    if low > high:
        raise ValueError(
            _("la borne basse {low} dépasse la borne haute {high}").format(low=match["low"], high=match["high"])
        )
    return low, high


# --------------------------------------------------------------------------- durations

_DURATION = re.compile(rf"(?P<number>{_NUMBER})\s*(?P<unit>[^0-9]*)")
_MONTHS_PER_UNIT = {
    "mois": 1,
    "month": 1,
    "months": 1,
    "an": 12,
    "ans": 12,
    "annee": 12,
    "annees": 12,
    "year": 12,
    "years": 12,
}
# Months have no fixed number of weeks or days, so these units are refused.
_UNCONVERTIBLE_UNITS = {"semaine", "semaines", "week", "weeks", "jour", "jours", "day", "days"}


def parse_duration_months(text: str) -> float:
    """Read a duration (``25 mois``, ``2 ans``, ``18 months``) as a number of months.

    A range or a number without a unit raises ``AmbiguousValue``: the text holds a
    duration, but taking one number of months from it would be a guess.
    """
    if _find_range(text):
        reason = _("une plage n'est pas une durée unique")
        raise _error(rules.PARSE_DURATION, text, reason, AmbiguousValue)
    match = _DURATION.fullmatch(text.strip())
    if not match:
        raise _error(rules.PARSE_DURATION, text)
    unit = fold(match["unit"]).strip().rstrip(".")
    if not unit:
        reason = _("aucune unité n'est indiquée, et choisir entre mois et années serait deviner")
        raise _error(rules.PARSE_DURATION, text, reason, AmbiguousValue)
    if unit in _UNCONVERTIBLE_UNITS:
        reason = _("{unit} ne se convertit pas exactement en mois").format(unit=quoted(match["unit"].strip()))
        raise _error(rules.PARSE_DURATION, text, reason)
    if unit not in _MONTHS_PER_UNIT:
        reason = _("{unit} n'est pas une unité de mois ou d'années").format(unit=quoted(match["unit"].strip()))
        raise _error(rules.PARSE_DURATION, text, reason)
    try:
        return float(_read_number(match["number"]) * _MONTHS_PER_UNIT[unit])
    except ValueError as err:
        raise _error(rules.PARSE_DURATION, text, str(err)) from err


# --------------------------------------------------------------------------- people reached


@dataclass(frozen=True)
class Quantity:
    number: float
    unit: str


@dataclass(frozen=True)
class PeopleReached:
    """What a fiche says about the number of people a project reaches.

    ``number`` is set only when the text gives one count that can be used as it is;
    otherwise it is ``None`` and ``reason`` says why. ``quantities`` lists every count
    found in the text either way.
    """

    number: float | None
    unit: str
    approximate: bool
    qualifier: str
    quantities: tuple[Quantity, ...]
    reason: str


_PEOPLE_LABEL = re.compile(
    r"(?:b[ée]n[ée]ficiaires\s*)?(?:directs?|directement|indirects?|indirectement|"
    r"b[ée]n[ée]ficiaires)\s*:\s*",
    re.IGNORECASE,
)
_PARENTHESIS = re.compile(r"\(([^()]*)\)?")
# People counts are whole numbers grouped by three; a stricter token than _NUMBER keeps
# "2014 200 jeunes" from being read as one badly grouped number.
_PEOPLE_NUMBER = re.compile(
    rf"(?<!\w)(?:[1-9][0-9]{{0,2}}(?:(?:[{_GROUP_SPACES}][0-9]{{3}})+|(?:\.[0-9]{{3}})+)|[0-9]+)"
    r"(?:,[0-9]+)?(?![0-9])"
)
_RANGE_JOINER = re.compile(r"\s*[-–—à]\s*|\s+a\s+")
_PERCENT_SIGN = re.compile(r"\s*(?:%|pour\s?cents?\b)", re.IGNORECASE)
_PEOPLE_DELIMITER = re.compile(r"(\s*[,;:.|«»“”\"()/!?–—]\s*|\s*(?<!\S)(?:et|soit|dont)(?!\S)\s*)", re.IGNORECASE)
_APPROXIMATION = re.compile(
    r"(?:^|\s)(?:environ|approximativement|presque|quelques?|au\s+moins|"
    r"(?:pr[eè]s|plus|moins|autour)\s+d(?:e|['’]))\s*$",
    re.IGNORECASE,
)
# A group after "et" that starts with one of these is a new group ("et leurs
# familles"), not more words for the same count ("travailleurs et responsables").
_NEW_GROUP_START = re.compile(
    r"(?:(?:les?|la|une?|des|du|de|leurs?|ses|son|sa|ces|cet|cette|nos|notre|vos|votre|"
    r"autres|plusieurs|certain(?:e?s)?)\s|[ld]['’])",
    re.IGNORECASE,
)
# "au Salvador", "en France": where the people are, not who they are.
_PLACE = re.compile(r"(?:au|aux|en|à|dans|hors)\s", re.IGNORECASE)
_NOT_A_GROUP = {"", "etc"}


@dataclass
class _Count:
    """One number (or range) found in a people-reached text and what follows it."""

    values: tuple[Decimal, ...]
    written: str
    percent: bool = False
    unit: str = ""
    approximate: bool = False
    restated: bool = False  # a later "soit" figure restates this one
    part_of_previous: bool = False  # introduced by "dont"

    @property
    def label(self) -> str:
        return f"{self.written} {self.unit}".strip()


def _find_counts(body: str) -> list[tuple[_Count, int, int]]:
    """Numbers of ``body`` with their spans, joining ``9 à 15`` into one range count."""
    tokens = list(_PEOPLE_NUMBER.finditer(body))
    counts: list[tuple[_Count, int, int]] = []
    index = 0
    while index < len(tokens):
        first = tokens[index]
        last = first
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following and _RANGE_JOINER.fullmatch(body[first.end() : following.start()]):
            last = following
        bounds = (first,) if last is first else (first, last)
        values = tuple(_read_number(token[0]) for token in bounds)
        count = _Count(values, body[first.start() : last.end()])
        count.percent = bool(_PERCENT_SIGN.match(body, last.end()))
        counts.append((count, first.start(), last.end()))
        index += 2 if last is not first else 1
    return counts


def _pieces(text: str) -> tuple[list[str], list[str]]:
    """Split ``text`` into its pieces and the (folded) delimiters between them."""
    parts = _PEOPLE_DELIMITER.split(text)
    return [piece.strip() for piece in parts[0::2]], [fold(mark).strip() for mark in parts[1::2]]


def _take_approximation(pieces: list[str]) -> bool:
    """Remove an approximation word ending the last piece; say whether there was one."""
    found = _APPROXIMATION.search(pieces[-1])
    if found:
        pieces[-1] = pieces[-1][: found.start()].strip()
    return bool(found)


def _take_unit(pieces: list[str], marks: list[str]) -> tuple[str, int]:
    """The unit words of a count, extended over "et" + more words for the same people."""
    unit, used = pieces[0], 1
    while (
        used < len(pieces)
        and marks[used - 1] == "et"
        and pieces[used]
        and not _NEW_GROUP_START.match(pieces[used])
        and not _PLACE.match(pieces[used])
    ):
        unit, used = f"{unit} et {pieces[used]}", used + 1
    return unit, used


def _link_to_next(marks: list[str], pieces: list[str], word: str) -> bool:
    """Whether ``word`` ("soit", "dont") directly introduces the next count."""
    if word not in marks:
        return False
    position = len(marks) - 1 - marks[::-1].index(word)
    return not any(pieces[position + 1 :])


def _unquantified(pieces: list[str]) -> list[str]:
    return [piece for piece in pieces if fold(piece) not in _NOT_A_GROUP and not _PLACE.match(piece)]


def _read_counts(body: str) -> tuple[list[_Count], list[str]]:
    """Every count of ``body`` and the groups it names without a count."""
    found = _find_counts(body)
    ends = [start for _, start, _ in found[1:]] + [len(body)]
    head_pieces, _ = _pieces(body[: found[0][1]] if found else body)
    if found:
        found[0][0].approximate = _take_approximation(head_pieces)
    groups = _unquantified(head_pieces)
    for position, ((count, _, end), tail_end) in enumerate(
        zip(found, ends, strict=False)
    ):  # no count found: ends holds only the text end
        following = found[position + 1][0] if position + 1 < len(found) else None
        pieces, marks = _pieces(body[end:tail_end])
        if following:
            following.approximate = _take_approximation(pieces)
            count.restated = _link_to_next(marks, pieces, "soit")
            following.part_of_previous = _link_to_next(marks, pieces, "dont")
        count.unit, used = _take_unit(pieces, marks)
        if not count.percent:
            groups += _unquantified(pieces[used:])
    return [count for count, _, _ in found if not count.percent], groups


def _no_single_count(kept: list[_Count], groups: list[str]) -> str:
    """Why ``kept`` and ``groups`` do not give one count, or '' when they do."""
    if not kept:
        return _("le texte ne donne aucun nombre de personnes")
    ranges = [count.label for count in kept if len(count.values) > 1]
    if ranges:
        return _("le texte donne une plage ({range}) et non un nombre unique").format(range=ranges[0])
    labels = ", ".join(count.label for count in kept)
    if len(kept) > 1 and len({count.unit for count in kept}) > 1:
        return _(
            "le texte compte plusieurs groupes aux unités différentes ({labels}), qui ne s'additionnent pas"
        ).format(labels=labels)
    if len(kept) > 1:
        return _(
            "le texte donne plusieurs nombres distincts ({labels}), "
            "que l'on ne peut additionner sans risquer de compter deux fois les mêmes personnes"
        ).format(labels=labels)
    if groups:
        return _("une partie des groupes n'est pas chiffrée ({groups})").format(groups=", ".join(groups))
    return ""


def parse_people_reached(text: str) -> PeopleReached:
    """Read a "Directs : ..." / "Indirects : ..." text of a project fiche.

    Never raises for a non-empty text: when no single count can be taken, ``number`` is
    ``None`` and ``reason`` says why. Text in parentheses qualifies the count and goes
    to ``qualifier``; numbers in it are not counted.
    """
    flat = " ".join(text.split())
    if not flat:
        raise ValueError("parse_people_reached needs a non-empty text: the caller skips empty cells")
    label = _PEOPLE_LABEL.match(flat)
    body = flat[label.end() :] if label else flat
    qualifier = "; ".join(inside.strip() for inside in _PARENTHESIS.findall(body) if inside.strip())
    counts, groups = _read_counts(_PARENTHESIS.sub(" | ", body))
    quantities = tuple(Quantity(float(value), count.unit) for count in counts for value in count.values)
    kept = [count for count in counts if not count.restated and not count.part_of_previous]
    reason = _no_single_count(kept, groups)
    single = kept[0] if not reason else None
    return PeopleReached(
        number=float(single.values[0]) if single else None,
        unit=single.unit if single else "",
        approximate=any(count.approximate for count in kept),
        qualifier=qualifier,
        quantities=quantities,
        reason=reason,
    )


# --------------------------------------------------------------------------- claims


@dataclass(frozen=True)
class ClaimValue:
    """A figure quoted in a text: ``qualifier`` is exact, more_than, at_least, about,
    less_than, at_most, since (a year from which) or range (then ``value`` is the low and
    ``value_max`` the high bound)."""

    value: float | None
    qualifier: str
    value_max: float | None


_CLAIM_QUALIFIERS = (
    (re.compile(r"plus\s+d(?:e\s+|['’]\s*)", re.IGNORECASE), "more_than"),
    (re.compile(r"au\s+moins\s+", re.IGNORECASE), "at_least"),
    (
        re.compile(r"(?:pr[eè]s\s+d(?:e\s+|['’]\s*)|environ\s+|quelques?\s+)", re.IGNORECASE),
        "about",
    ),
    (re.compile(r"moins\s+d(?:e\s+|['’]\s*)", re.IGNORECASE), "less_than"),
    (re.compile(r"jusqu['’]\s*(?:à|a)\s+", re.IGNORECASE), "at_most"),
    (re.compile(r"depuis\s+", re.IGNORECASE), "since"),
)
# "une dizaine", "une centaine": a round figure the text gives as an estimate.
_ROUND_FIGURES = {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "centaine": 100}
_ROUND_FIGURE = re.compile(r"(?:une\s+)?(?P<word>[^\W\d_]+)(?:\s+(?:de\s+|d['’]\s*).*)?", re.IGNORECASE)
_WORD_NUMBERS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "un",
            "deux",
            "trois",
            "quatre",
            "cinq",
            "six",
            "sept",
            "huit",
            "neuf",
            "dix",
            "onze",
            "douze",
            "treize",
            "quatorze",
            "quinze",
            "seize",
            "dix-sept",
            "dix-huit",
            "dix-neuf",
            "vingt",
        ]
    )
} | {
    "une": 1,
    # Growth words: the factor they state ("triplement des revenus": multiplied by 3).
    "doublement": 2,
    "triplement": 3,
    "quadruplement": 4,
    # Periods in years: "une phase triennale" lasts 3 years.
    "biennale": 2,
    "triennale": 3,
    "quadriennale": 4,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "cent": 100,
    "mille": 1000,
}
_CLAIM_DIGITS = re.compile(rf"(?P<number>{_NUMBER})\s*(?:(?P<multiplier>{_MULTIPLIER})\s*)?(?P<rest>[^0-9]*)")
_CLAIM_WORDS = re.compile(
    rf"(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)\s*(?:(?P<multiplier>{_MULTIPLIER})\s*)?(?P<rest>[^0-9]*)"
)
_PER_CENT_WORDS = re.compile(r"pour\s?cents?", re.IGNORECASE)


def _claim_qualifier(text: str) -> tuple[str, str]:
    for pattern, qualifier in _CLAIM_QUALIFIERS:
        match = pattern.match(text)
        if match:
            return qualifier, text[match.end() :]
    return "exact", text


def _claim_number(text: str) -> Decimal:
    """The number a claim starts with, in digits or in words, with its multiplier applied."""
    digits = _CLAIM_DIGITS.fullmatch(text)
    words = None if digits else _CLAIM_WORDS.fullmatch(text)
    match = digits or words
    if not match:
        raise ValueError(_("ce n'est pas un seul chiffre, écrit en chiffres ou en lettres"))
    # "vingt et un", "4 ans et deux mois": a second number word would be dropped silently.
    rest_words = re.findall(r"[^\W\d_]+", fold(_PER_CENT_WORDS.sub("", match["rest"])))
    if any(word in _WORD_NUMBERS for word in rest_words):
        raise ValueError(_("le texte contient plus d'un nombre"))
    if digits:
        return _scaled(match["number"], match["multiplier"])
    word = fold(match["word"])
    if word not in _WORD_NUMBERS:
        raise ValueError(_("{word} n'est pas un nombre").format(word=quoted(match["word"])))
    return _scaled(str(_WORD_NUMBERS[word]), match["multiplier"])


def parse_claim_value(text: str) -> ClaimValue:
    """Read a figure quoted in a text (``plus de 70``, ``neuf``, ``2014-2018``)."""
    qualifier, rest = _claim_qualifier(text.strip())
    round_figure = _ROUND_FIGURE.fullmatch(rest)
    if qualifier == "exact" and round_figure and fold(round_figure["word"]) in _ROUND_FIGURES:
        return ClaimValue(float(_ROUND_FIGURES[fold(round_figure["word"])]), "about", None)
    range_match = _find_range(rest)
    try:
        if range_match and qualifier != "exact":
            raise ValueError(
                _(
                    "une plage ne peut pas être précédée de « plus de », « au moins », « environ », « moins de » "
                    "ou « jusqu'à »"
                )
            )
        if range_match:
            low, high = _range_bounds(range_match)
            return ClaimValue(float(low), "range", float(high))
        return ClaimValue(float(_claim_number(rest)), qualifier, None)
    except ValueError as err:
        raise _error(rules.PARSE_CLAIM, text, str(err)) from err


# --------------------------------------------------------------------------- dates

_ISO_DATE = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?")
_DAY_FIRST_DATE = re.compile(r"(?:(?P<day>[0-9]{1,2})[/.-])?(?P<month>[0-9]{1,2})[/.-](?P<year>[0-9]{4})")
_WORDED_DATE = re.compile(r"(?:(?P<day>[0-9]{1,2})(?:er)?\s+)?(?P<month>[a-z]+)\.?\s+(?P<year>[0-9]{4})")
_YEARS = range(1900, 2101)


@cache
def _french_months() -> dict[str, int]:
    """French month names, full and abbreviated, folded: ``fevrier``, ``fevr``..."""
    return {
        fold(name).rstrip("."): number
        for width in ("wide", "abbreviated")
        for number, name in get_month_names(width, locale="fr").items()
    }


def _month_number(match: re.Match[str]) -> int:
    written = match["month"]
    if written.isdigit():
        return int(written)
    if written not in _french_months():
        raise ValueError(_("{value} n'est pas un nom de mois en français").format(value=quoted(written)))
    return _french_months()[written]


def _iso_partial(match: re.Match[str]) -> str:
    year = int(match["year"])
    if year not in _YEARS:
        raise ValueError(
            _("l'année {year} est hors de la période {first}-{last}").format(
                year=year, first=_YEARS.start, last=_YEARS.stop - 1
            )
        )
    if match["month"] is None:
        return f"{year:04d}"
    month = _month_number(match)
    if not 1 <= month <= 12:
        raise ValueError(_("le mois {month} n'existe pas").format(month=month))
    if match["day"] is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, int(match["day"])).isoformat()
    except ValueError as err:
        raise ValueError(
            _("le jour {day} n'existe pas en {month}").format(day=int(match["day"]), month=f"{year:04d}-{month:02d}")
        ) from err


def parse_partial_date(text: str) -> str:
    """Read a full or partial date as ISO text: ``2015``, ``2015-03`` or ``2015-03-01``.

    Day-first numeric dates (``01/03/2015``) and French month names, with or without
    accents, are accepted.
    """
    flat = " ".join(fold(text).split())
    match = next(
        (m for form in (_ISO_DATE, _DAY_FIRST_DATE, _WORDED_DATE) if (m := form.fullmatch(flat))),
        None,
    )
    if not match:
        raise _error(rules.PARSE_DATE, text)
    try:
        return _iso_partial(match)
    except ValueError as err:
        raise _error(rules.PARSE_DATE, text, str(err)) from err


# --------------------------------------------------------------------------- source references


@dataclass(frozen=True)
class SourceRef:
    """Where a value comes from: lines of a document, or a named section of it."""

    document: str
    first_line: int | None
    last_line: int | None
    section: str

    def __str__(self) -> str:
        if self.section:
            return f"{self.document} § {self.section}"
        if self.first_line == self.last_line:
            return f"{self.document} l. {self.first_line}"
        return f"{self.document} l. {self.first_line}-{self.last_line}"


_SOURCE_REF = re.compile(
    r"(?P<document>\S(?:.*?\S)?)\s+"
    r"(?:l\.\s*(?P<first>[0-9]+)(?:\s*[-–]\s*(?P<last>[0-9]+))?|§\s*(?P<section>\S.*))"
)
_SOURCE_JOINER = re.compile(r"\s+\+\s+")


def _source_ref(part: str) -> SourceRef:
    match = _SOURCE_REF.fullmatch(part.strip())
    if not match:
        raise ValueError(f"{quoted(part.strip())} n'est ni « <fichier> l. <lignes> » ni « <fichier> § <section> »")
    if match["section"]:
        return SourceRef(match["document"], None, None, match["section"].strip())
    first = int(match["first"])
    last = int(match["last"] or first)
    if first < 1 or last < first:
        where = f"les lignes {first}-{last} de {quoted(match['document'])}"
        raise ValueError(f"{where} ne forment pas une plage croissante à partir de la ligne 1")
    return SourceRef(match["document"], first, last, "")


def parse_source_refs(text: str) -> list[SourceRef]:
    """Read ``<file> l. <first>-<last>``, ``<file> l. <line>`` or ``<file> § <section>``
    references joined by `` + ``. A single line gives first_line == last_line."""
    try:
        return [_source_ref(part) for part in _SOURCE_JOINER.split(text.strip())]
    except ValueError as err:
        raise _error(rules.PARSE_SOURCE, text, str(err)) from err


def canonical_dimensions(text: object) -> object:
    """A disaggregation written one way: "sexe = femmes ; année=2015" is "sexe=femmes;année=2015", so
    that every rule and page reads one series. A cell that is not key=value pairs is left as typed:
    the dimensions rule reports it."""
    if not isinstance(text, str) or not text.strip():
        return text
    pairs = [part.split("=") for part in split_values(text)]
    if any(len(pair) != 2 or not pair[0].strip() or not pair[1].strip() for pair in pairs):
        return text
    return join_codes(f"{key.strip()}={value.strip()}" for key, value in pairs)
