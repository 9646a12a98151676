"""The language the reports and messages are written in, and the gettext functions that follow it.

French is the source language: the code writes every message in French, exactly as a French page
shows it, and that French text is the message's id (its msgid). Another language has a catalogue
that translates those French texts; French has none, so a French report is the code's own text and
no catalogue can change it. A message the catalogue lacks is shown in French, never dropped; a
test (``tests/test_language.py``) holds every message of the code translated.

The catalogues are gettext ``.po`` files managed with Babel, committed under
``toolkit/model/locale/<language>/``, one file per area of the code (``rules.po``, ``check.po``,
``results.po``...: ``model/catalogues.py`` says which), so that people adding messages to different
areas never edit the same file. They are read and compiled in memory when a language is first
activated: no binary ``.mo`` file is committed or generated.

Code marks its messages with the usual names, which Babel's extractor looks for: ``_``,
``ngettext`` (plural forms), ``pgettext`` and ``npgettext`` (a context telling apart two uses of
one French text), and ``N_`` for a text declared in one place (a table, a rule) and translated
where it is shown. The language is the programme's (``[programme] language`` in programme.toml);
a command activates it once, and ``using`` sets it for a block (a test, a page).

Plural forms follow CLDR's rule for the language (through Babel): in French 0 and 1 take the
singular ("0 erreur"), in English only 1 does ("0 errors").
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

# Each language a report can be written in, and the Babel locale that formats its numbers, dates
# and currencies. British English: the usage of most European funders and of the OECD.
LOCALES = {"fr": "fr_FR", "en": "en_GB"}
SOURCE = "fr"  # the language the code writes its messages in
DEFAULT = SOURCE
LOCALE_DIR = Path(__file__).parent / "locale"

_active = DEFAULT


class UnknownLanguage(ValueError):
    """A language code that is not one of ``LOCALES``."""


def activate(code: str) -> None:
    """Make ``code`` ("fr", "en") the language of every message and format from now on."""
    global _active
    if code not in LOCALES:
        raise UnknownLanguage(f"unknown language {code!r}: one of {', '.join(LOCALES)}")
    _translations(code)  # read now: a broken catalogue fails here, not in the middle of a page
    _active = code


def active() -> str:
    return _active


def locale() -> str:
    """The Babel locale of the active language: ``fr_FR``, ``en_GB``."""
    return LOCALES[_active]


@contextmanager
def using(code: str) -> Iterator[None]:
    """The language ``code`` for the block, the previous one restored after it."""
    previous = _active
    activate(code)
    try:
        yield
    finally:
        activate(previous)


@cache
def _translations(code: str) -> gettext.NullTranslations:
    """The catalogue of ``code``: every ``.po`` file of its folder merged and compiled in memory.
    The source language's is empty: its messages are their own text."""
    if code == SOURCE:
        return gettext.NullTranslations()
    # Imported here: a French command never needs Babel's catalogue machinery.
    from io import BytesIO

    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    merged = Catalog(locale=code)
    for path in sorted((LOCALE_DIR / code).glob("*.po")):
        with path.open("rb") as file:
            for message in read_po(file, locale=code):
                if message.id and not message.fuzzy and translated(message):
                    merged[message.id] = message
    compiled = BytesIO()
    write_mo(compiled, merged)  # fuzzy and untranslated messages are left out: their French is shown
    compiled.seek(0)
    return Translations(compiled)


def translated(message) -> bool:
    """Whether a catalogue message has its translation, every plural form of it."""
    forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(form and form.strip() for form in forms)


@cache
def _plural_rule(code: str):  # a babel.plural.PluralRule, imported lazily
    from babel import Locale

    return Locale.parse(LOCALES[code]).plural_form


def _is_one(count: object) -> bool:
    """Whether ``count`` takes the singular in the active language (CLDR's "one" category)."""
    number = float(count)  # type: ignore[arg-type]
    # 2.0 is the integer 2 for the rule: "2.0 errors" is not a decimal count.
    return _plural_rule(_active)(int(number) if number.is_integer() else number) == "one"


def _(message: str) -> str:
    """``message`` (French) in the active language."""
    return _translations(_active).gettext(message)


def N_(message: str) -> str:
    """Marks ``message`` for the catalogue without translating it: for a text declared once (a
    rule's template, a label in a table) and translated with ``_`` where it is shown."""
    return message


def ngettext(singular: str, plural: str, count: object) -> str:
    """The form of a message that agrees with ``count``: ``singular`` or ``plural`` (French), in
    the active language. Both catalogue languages have two forms, the first for CLDR's "one"."""
    return _translations(_active).ngettext(singular, plural, 1 if _is_one(count) else 2)


def pgettext(context: str, message: str) -> str:
    """``message`` in the active language, where ``context`` tells apart two uses of one French text."""
    return _translations(_active).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, count: object) -> str:
    """``ngettext`` with a context."""
    return _translations(_active).npgettext(context, singular, plural, 1 if _is_one(count) else 2)
