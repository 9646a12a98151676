"""The translation catalogues hold every message of the code, translated, and are as `make messages`
writes them; Babel's extractor misses no message the code marks."""

import ast
import string
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import ROOT
from toolkit.model import catalogues
from toolkit.model.language import LOCALE_DIR, LOCALES, SOURCE, translated

LANGUAGES = [code for code in LOCALES if code != SOURCE]


@cache
def _extracted():
    return catalogues.extract()


@cache
def _catalogue(language: str) -> dict:
    """Every message of the language's files, by (id, context), with the file that holds it."""
    found = {}
    for path in sorted((LOCALE_DIR / language).glob("*.po")):
        for message in catalogues.read_catalogue(path, language):
            if message.id:
                found.setdefault((message.id, message.context), []).append((path.name, message))
    return found


def _forms(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, tuple | list) else (value,)


def _names(text: str) -> set[str]:
    return {name for _text, name, _spec, _conversion in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_of_the_code_is_translated(language):
    catalogue = _catalogue(language)
    untranslated = []
    for message in _extracted():
        if not message.id:
            continue
        held = catalogue.get((message.id, message.context), [])
        if not held or held[0][1].fuzzy or not translated(held[0][1]):
            untranslated.append((message.context, message.id))
    assert untranslated == [], "run `make messages` and translate these (no fuzzy flag left)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_translation_keeps_the_placeholders_of_its_french(language):
    wrong = []
    for (msgid, context), [(_file, message), *_others] in _catalogue(language).items():
        wanted = set().union(*(_names(form) for form in _forms(msgid)))
        for form in _forms(message.string):
            if form and _names(form) != wanted:
                wrong.append((context, msgid, form))
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_message_is_in_one_file_only(language):
    twice = {key: [file for file, _message in held] for key, held in _catalogue(language).items() if len(held) > 1}
    assert twice == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_files_are_as_make_messages_writes_them(language):
    """Each message in the file of its area, sorted, nothing the code no longer says: otherwise
    `make messages` was not run after the code changed."""
    stale = [
        path.name
        for path, text in catalogues.updated(language).items()
        if (path.read_bytes() if path.is_file() else b"") != text
    ]
    assert stale == [], "run `make messages`"


def _keyword(node: ast.Call) -> str | None:
    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
    return name if name in catalogues.KEYWORDS else None


def _marked(path: Path) -> set[tuple[object, str | None]]:
    """The (id, context) of every call of a keyword whose message arguments are written out."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or (keyword := _keyword(node)) is None:
            continue
        spec = catalogues.KEYWORDS[keyword] or (1,)
        positions = [item[0] if isinstance(item, tuple) else item for item in spec]
        arguments = [node.args[i - 1] if i <= len(node.args) else None for i in positions]
        if not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in arguments):
            continue  # a variable: the text is marked where it is written (N_)
        values = [a.value for a in arguments]  # type: ignore[union-attr]
        context = values.pop(0) if isinstance(spec[0], tuple) else None
        found.add((tuple(values) if len(values) > 1 else values[0], context))
    return found


# Files whose French is not converted to messages yet (issue 26: the report pages), which write
# `fmt.counted(n, "…", "…")` inside f-strings. Remove a file from here when its sentences are messages.
NOT_YET_CONVERTED: set[str] = set()


def test_the_extractor_sees_every_marked_message():
    """Babel's extractor does not look inside an f-string on Python 3.11: a message written there
    would never reach the catalogue, and the page would show its French."""
    paths = [path for source in catalogues.SOURCES for path in sorted((ROOT / source).rglob("*.py"))]
    missed = {
        path.relative_to(ROOT).as_posix(): sorted(map(str, _marked(path) - _extracted_keys()))
        for path in paths
        if _marked(path) - _extracted_keys()
    }
    assert missed.keys() == NOT_YET_CONVERTED, missed


def _extracted_keys() -> set:
    return {(message.id, message.context) for message in _extracted() if message.id}


def test_the_extractor_check_sees_a_message_in_an_f_string(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text("x = f\"{_('caché')} {ngettext('un', 'des', n)}\"\n", encoding="utf-8")
    assert _marked(module) == {("caché", None), (("un", "des"), None)}


def test_one_text_with_and_without_plural_forms_is_refused(tmp_path):
    (tmp_path / "toolkit").mkdir()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "toolkit" / "sample.py").write_text('_("mois")\nngettext("mois", "mois", n)\n', encoding="utf-8")
    with pytest.raises(ValueError, match="both with and without plural forms"):
        catalogues.extract(tmp_path)


@pytest.mark.parametrize(
    ("path", "area"),
    [
        ("toolkit/model/rules.py", "rules"),
        ("toolkit/model/vocabulary.py", "common"),
        ("toolkit/check/expectations.py", "check"),
        ("toolkit/results/matrix.py", "results"),
        ("notebooks/programme.py", "notebooks"),
        ("toolkit/cli/main.py", "build"),
    ],
)
def test_each_area_of_the_code_has_its_file(path, area):
    assert catalogues.area_of(path) == area
