"""Country names as written in French project documents, read as ISO 3166-1 alpha-3 codes.

Names come from pycountry: its English names and codes, and the French translations it
ships. Only the few names neither gives are listed here by hand.
"""

from __future__ import annotations

import gettext
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache

import pycountry
from pycountry.db import Country

from toolkit.ingest.parse import fold
from toolkit.model import language, rules
from toolkit.model.errors import ParseError
from toolkit.model.language import _
from toolkit.text.fmt import quoted

# The rule of every error here. Only country_codes reads a cell, so only its message (the rule's
# template) becomes a finding; country_code and country_name_fr look up one name or code for the
# pages and say in their own words what that one value should be.
_RULE = rules.PARSE_COUNTRY.id

# Names in common French use that pycountry gives neither in English nor in French.
_ALIASES = {
    "Laos": "LAO",  # pycountry's French name is "Lao, République démocratique populaire"
    "Syrie": "SYR",  # its French name is the adjective form "Syrienne, République arabe"
    "RDC": "COD",  # the usual French abbreviation of République démocratique du Congo
    "Congo-Brazzaville": "COG",  # how French texts tell the two Congos apart
    "Congo-Kinshasa": "COD",
    "Centrafrique": "CAF",  # short form of "République centrafricaine"
    "Biélorussie": "BLR",  # the older French name, still common; pycountry has "Bélarus"
}

# ISO 3166-1 gives the French overseas regions codes of their own, but the programme
# counts them as France.
_FRENCH_OVERSEAS_REGIONS = {"GLP", "MTQ", "GUF", "REU", "MYT"}

# Areas named in the documents that are wider (or other) than one country.
_REGIONS = (
    "Afrique",
    "Afrique de l'Ouest",
    "Afrique de l'Est",
    "Afrique centrale",
    "Afrique australe",
    "Afrique du Nord",
    "Afrique subsaharienne",
    "Maghreb",
    "Sahel",
    "Amérique",
    "Amérique latine",
    "Amérique centrale",
    "Amérique du Sud",
    "Amérique du Nord",
    "Caraïbes",
    "Antilles",
    "Antilles françaises",
    "Asie",
    "Asie du Sud-Est",
    "Moyen-Orient",
    "Proche-Orient",
    "Europe",
    "Union européenne",
    "Océanie",
    "Méditerranée",
    "Outre-mer",
    "Africa",
    "Latin America",
    "Asia",
    "Middle East",
)

# A French article or preposition in front of a name ("du Panama", "l'Égypte").
_LEADING_ARTICLE = re.compile(r"(?:(?:le|la|les|du|de|des|en|au|aux)\s+|[ld]\s)")
_SEPARATORS = re.compile(r"\s*(?:[,;/]|(?<!\S)et(?!\S))\s*", re.IGNORECASE)


def _words(name: str) -> str:
    """Folded words of ``name``: no case, accents or punctuation, single spaces."""
    return " ".join(re.sub(r"[\W_]+", " ", fold(name)).split())


def _key(name: str) -> str:
    """Lookup key: "Viêt Nam", "Vietnam" and "VIET-NAM" give the same key."""
    return _words(name).replace(" ", "")


def _keys(name: str) -> tuple[str, ...]:
    """Keys of ``name`` as written, then without a leading article."""
    words = _words(name)
    return tuple(dict.fromkeys((_key(words), _key(_LEADING_ARTICLE.sub("", words, count=1)))))


@cache
def _french() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])


def _names(country: Country) -> set[str]:
    english = {
        getattr(country, attribute)
        for attribute in ("name", "official_name", "common_name")
        if hasattr(country, attribute)
    }
    french = {_french().gettext(name) for name in english}
    return english | french | {country.alpha_2, country.alpha_3}


def _heads(names: Iterable[str]) -> set[str]:
    """Short names of inverted forms: "Russie" from "Russie, Fédération de"."""
    return {name.split(",")[0] for name in names if "," in name}


@cache
def _index() -> dict[str, str]:
    """Lookup key -> alpha-3 code, built once from pycountry."""
    index: dict[str, str] = {}
    head_codes: dict[str, set[str]] = defaultdict(set)
    for country in pycountry.countries:
        code = "FRA" if country.alpha_3 in _FRENCH_OVERSEAS_REGIONS else country.alpha_3
        names = _names(country)
        for name in names:
            index.update(dict.fromkeys(_keys(name), code))
        for head in _heads(names):
            head_codes[_key(head)].add(code)
    # "Congo, ..." heads both Congos: a head is a name only when it points at one country.
    for key, codes in head_codes.items():
        if len(codes) == 1:
            index.setdefault(key, codes.pop())
    index.update({_key(name): code for name, code in _ALIASES.items()})
    return index


@cache
def _region_keys() -> set[str]:
    return {key for region in _REGIONS for key in _keys(region)}


def _is_region(name: str) -> bool:
    return not _region_keys().isdisjoint(_keys(name))


def _lookup(name: str) -> str | None:
    """Code of ``name``, or None when it is a region or an unknown name."""
    if _is_region(name):
        return None
    index = _index()
    return next((index[key] for key in _keys(name) if key in index), None)


def _problem(name: str) -> str:
    if _is_region(name):
        return _("{name} est une région, pas un pays").format(name=quoted(name))
    return _("{name} n'est ni un nom de pays connu ni un code ISO").format(name=quoted(name))


def country_code(name: str) -> str:
    """ISO 3166-1 alpha-3 code of a French or English country name or of a code.

    Case, accents, hyphens, apostrophes, surrounding spaces and a leading French article
    ("du Panama") are ignored. Guadeloupe, Martinique and the other French overseas
    regions give FRA.
    """
    code = _lookup(name)
    if code is None:
        message = _("{problem} ; écrire un nom de pays ou son code ISO (par exemple Maroc ou MAR)").format(
            problem=_problem(name)
        )
        raise ParseError(message, value=name, rule=_RULE)
    return code


def country_codes(text: str) -> list[str]:
    """Codes of the countries listed in ``text`` ("Egypte, Maroc, Tunisie / France").

    Parts are separated by ",", ";", "/" or "et"; empty parts are skipped, duplicates
    dropped and first-seen order kept. Every part that is not a country is reported.
    """
    parts = list(dict.fromkeys(part.strip() for part in _SEPARATORS.split(text) if part.strip()))
    problems = [_problem(part) for part in parts if _lookup(part) is None]
    if problems:
        problem = _("n'est pas lisible : {problems}").format(problems=" ; ".join(problems))
        message = rules.PARSE_COUNTRY.say(value=text, problem=problem)
        raise ParseError(message, value=text, rule=_RULE)
    return list(dict.fromkeys(country_code(part) for part in parts))


def _country(code: str) -> Country:
    country = pycountry.countries.get(alpha_3=code.strip().upper())
    if country is None:
        message = _("{code} n'est pas un code de pays ISO 3166-1 alpha-3 (par exemple MAR)").format(code=quoted(code))
        raise ParseError(message, value=code, rule=_RULE)
    return country


def _english_name(country: Country) -> str:
    return getattr(country, "common_name", country.name)


def country_name_fr(code: str) -> str:
    """French name of an ISO 3166-1 alpha-3 code, for reports (``VNM`` -> ``Viêt Nam``)."""
    # The common name ("Bolivie") reads better in a report than the inverted official
    # one ("Bolivie, état plurinational de").
    return _french().gettext(_english_name(_country(code)))


# ISO's English short names that are inverted for sorting, as a sentence writes them. The other
# names with a comma are lists ("Bonaire, Sint Eustatius and Saba"), which read as they are.
_ENGLISH_UNINVERTED = {
    "COD": "Democratic Republic of the Congo",
    "FSM": "Micronesia",
    "PSE": "Palestine",
    "VGB": "British Virgin Islands",
    "VIR": "United States Virgin Islands",
}


def country_name(code: str) -> str:
    """The name of an ISO 3166-1 alpha-3 code in the active language, for reports: pycountry's
    English common name (``VNM`` -> ``Vietnam``), or its French translation as ``country_name_fr``
    gives it (``Viêt Nam``)."""
    country = _country(code)
    if language.active() == "fr":
        return country_name_fr(code)
    return _ENGLISH_UNINVERTED.get(country.alpha_3, _english_name(country))
