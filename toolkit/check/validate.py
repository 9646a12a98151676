"""A table's Great Expectations suite run on its typed values, and its results as findings.

The suite itself is made in check/expectations.py from the schema; this module prepares the
frame it reads (the computed columns its expectations name), runs it once per distinct table,
and turns each failing row into a finding from the rule and message its expectation carries.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import pandas as pd

from toolkit.check.expectations import FIRST, LAST, QUOTED, SAME_CURRENCY, WITHIN, build_suite
from toolkit.check.quotations import figure_found, quotation_found
from toolkit.ingest.documents import DocumentTexts
from toolkit.ingest.parse import parse_source_refs
from toolkit.ingest.readers import ROW, RawTable
from toolkit.model import language, rules, schema
from toolkit.model.errors import ParseError
from toolkit.model.findings import ERROR, Finding
from toolkit.model.language import _
from toolkit.model.periods import first_day, last_day
from toolkit.model.vocabulary import ColumnKind


# Figures found at their lines as numbers, each with the other numbers that may write it: a
# duration of 24 months is also "2 ans".
def _no_other(_value: float | None) -> tuple[float, ...]:
    return ()


def _in_years(value: float | None) -> tuple[float, ...]:
    return () if value is None else (value / 12,)


_FIGURES = {ColumnKind.AMOUNT: _no_other, ColumnKind.DURATION: _in_years, ColumnKind.INTEGER: _no_other}


def _plain(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


_RUNS = itertools.count()  # unique names for suites and data sources in the shared context


@cache
def gx_context() -> Any:
    # Imported lazily: great_expectations costs seconds to import and most CLI calls
    # (--help, usage errors) never validate anything.
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    return context


def period_bounds(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last day of each ISO partial date ("2015" covers 2015-01-01 to 2015-12-31)."""
    text = values.astype("str").where(values.notna(), None)
    # Once per distinct date: a portfolio repeats the same few periods on every row.
    distinct = text.dropna().unique()
    first = pd.to_datetime(text.map({day: first_day(day) for day in distinct}), errors="coerce")
    last = pd.to_datetime(text.map({day: last_day(day) for day in distinct}), errors="coerce")
    return first, last


def _with_compared_columns(table: schema.Table, frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in table.columns:
        if column.kind == ColumnKind.PARTIAL_DATE and column.target in frame:
            frame[FIRST + column.target], frame[LAST + column.target] = period_bounds(frame[column.target])
    for rule in table.pair_rules:
        left, right = f"{rule.left}_currency", f"{rule.right}_currency"
        if {left, right} <= set(frame.columns):
            same = frame[left].eq(frame[right]).fillna(False).astype(bool)
            frame[SAME_CURRENCY + rule.left] = frame[rule.left].where(same)
            frame[SAME_CURRENCY + rule.right] = frame[rule.right].where(same)
    return frame


def _within_lines(cell: object, document_lines: Mapping[str, int]) -> bool | None:
    if not isinstance(cell, str) or not cell:
        return None
    try:
        refs = parse_source_refs(cell)
    except ParseError:
        return None  # an unreadable reference is reported by the converter already
    for ref in refs:
        last = ref.last_line or ref.first_line
        limit = document_lines.get(ref.document)
        if last is not None and limit is not None and last > limit:
            return False
    return True


def _for_validation(
    table: schema.Table,
    frame: pd.DataFrame,
    document_lines: Mapping[str, int],
    texts: DocumentTexts,
    written: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every schema column present (even when the file lacked it) and plain numpy floats.
    ``written``: the raw text of each row (by spreadsheet row), which a quotation is compared as."""
    frame = frame.copy()
    for column in table.columns:
        if column.quotes and table.column(column.quotes).target in frame:
            source = frame[table.column(column.quotes).target]
            if column.kind in _FIGURES and column.target in frame:
                # A figure is found as a number: "98 525,00 €" in the data is the fiche's "98 525 €".
                frame[QUOTED + column.target] = [
                    figure_found(_plain(value), cited, texts, also=_FIGURES[column.kind](_plain(value)))
                    for value, cited in zip(frame[column.target], source, strict=True)
                ]
                continue
            # Text as written, the document's own words.
            if written is not None and column.name in written:
                text = frame[ROW].map(written.set_index(ROW)[column.name])
            else:
                text = frame.get(column.target, pd.Series(None, index=frame.index))
            frame[QUOTED + column.target] = [
                quotation_found(value, cited, texts) for value, cited in zip(text, source, strict=True)
            ]
    for column in table.columns:
        if column.kind == ColumnKind.SOURCE and column.target in frame:
            # Once per distinct reference: a portfolio cites the same few lines on many rows.
            cells = frame[column.target]
            within = {cell: _within_lines(cell, document_lines) for cell in cells.dropna().unique()}
            frame[WITHIN + column.target] = cells.map(within)
    for column in table.columns:
        if column.target not in frame:
            frame[column.target] = None
    for name in frame.columns:
        if str(frame[name].dtype) == "Float64":
            frame[name] = frame[name].astype("float64")
    return _with_compared_columns(table, frame)


# Findings of the tables validated in this process, by everything they depend on: a table that
# has not changed since its last validation (the untouched tables of a notebook re-run, or of a
# test's edited copy of the data) is not run through Great Expectations a second time.
_MEMO: OrderedDict[str, list[Finding]] = OrderedDict()
_MEMO_SIZE = 64


def _frame_digest(frame: pd.DataFrame) -> bytes:
    hashed = pd.util.hash_pandas_object(frame.astype("object"), index=True).to_numpy().tobytes()
    return repr([(str(name), str(dtype)) for name, dtype in frame.dtypes.items()]).encode() + hashed


def _memo_key(
    raw: RawTable,
    typed: pd.DataFrame,
    reference_ids: Mapping[str, Iterable[str]],
    document_lines: Mapping[str, int],
    texts: DocumentTexts,
) -> str:
    # The messages are written in the active language: findings remembered in another are not these.
    digest = hashlib.sha256(language.active().encode())
    digest.update(repr(raw.table).encode())
    digest.update(raw.file.encode())
    digest.update(_frame_digest(raw.frame))
    digest.update(_frame_digest(typed))
    # What a reference check finds depends only on which of the table's own values are keys of the
    # other table: an operation added, or another one's fault, leaves the other tables' results.
    for reference in raw.table.references:
        keys = set(reference_ids.get(reference.table, ()))
        target = raw.table.column(reference.column).target
        values = typed[target].dropna().unique() if target in typed else ()
        digest.update(repr((reference.table, sorted(repr(value) for value in values if value in keys))).encode())
    # Likewise only the documents this table cites, listed or not, their lines and their texts.
    cited = _cited_documents(raw.table, typed)
    listed = set(reference_ids.get("documents", ()))
    digest.update(repr((bool(listed), sorted(name for name in cited if name in listed))).encode())
    digest.update(repr(sorted((name, lines) for name, lines in document_lines.items() if name in cited)).encode())
    digest.update(texts.digest_of(cited).encode())
    return digest.hexdigest()


def _cited_documents(table: schema.Table, typed: pd.DataFrame) -> set[str]:
    """The documents the table's source cells name: all that its line and quotation checks read
    (a reference that does not read is checked against no document)."""
    cited: set[str] = set()
    for column in table.columns:
        if column.kind != ColumnKind.SOURCE or column.target not in typed:
            continue
        for cell in typed[column.target].dropna().unique():
            if isinstance(cell, str) and cell:
                with contextlib.suppress(ParseError):
                    cited.update(ref.document for ref in parse_source_refs(cell))
    return cited


def validate(
    raw: RawTable,
    typed: pd.DataFrame,
    reference_ids: Mapping[str, Iterable[str]],
    document_lines: Mapping[str, int] | None = None,
    texts: DocumentTexts | None = None,
) -> list[Finding]:
    """Run the table's suite on its typed values; one finding per failing row and rule.
    ``texts``: the documents' texts, to find each quotation at its lines."""
    if typed.empty:
        return []
    texts = texts or DocumentTexts()
    try:
        key = _memo_key(raw, typed, reference_ids, document_lines or {}, texts)
    except TypeError:  # a cell pandas cannot hash: validate without remembering
        return _run_suite(raw, typed, reference_ids, document_lines, texts)
    if key in _MEMO:
        _MEMO.move_to_end(key)
        return list(_MEMO[key])
    findings = _run_suite(raw, typed, reference_ids, document_lines, texts)
    _MEMO[key] = findings
    if len(_MEMO) > _MEMO_SIZE:
        _MEMO.popitem(last=False)
    return list(findings)


def _run_suite(
    raw: RawTable,
    typed: pd.DataFrame,
    reference_ids: Mapping[str, Iterable[str]],
    document_lines: Mapping[str, int] | None,
    texts: DocumentTexts,
) -> list[Finding]:
    """The table's suite run on its typed values, and its failures as findings."""
    gx_context()  # first: Great Expectations builds a suite only inside an active context
    frame = _for_validation(raw.table, typed, document_lines or {}, texts, raw.frame)
    result = validated(raw.table, frame, build_suite(raw.table, reference_ids))
    return findings_of(raw, result.results)


def validated(table: schema.Table, frame: pd.DataFrame, suite: Any) -> Any:
    """Great Expectations' result of ``suite`` on ``frame``, every failing row named by its ROW."""
    context = gx_context()
    name = f"{table.name}_{next(_RUNS)}"
    batch_definition = (
        context.data_sources.add_pandas(name)
        .add_dataframe_asset(table.name)
        .add_batch_definition_whole_dataframe("all")
    )
    try:
        # The batch validates the suite directly: a ValidationDefinition would also store the
        # suite and every result in the context, a second or more of bookkeeping at scale.
        batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
        return batch.validate(
            suite,
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [ROW]},
        )
    finally:
        # The context lives as long as the process: leave nothing behind for the next run.
        context.data_sources.delete(name)


def findings_of(raw: RawTable, outcomes: Iterable[Any]) -> list[Finding]:
    """One finding per failing row and expectation, in the suite's order, and one for each
    expectation reported as raised, so that such a check is not read as a check that passed."""
    raw_by_row = raw.frame.set_index(ROW)
    findings: list[Finding] = []
    for outcome in outcomes:
        meta = outcome.expectation_config.meta or {}
        raised = _raised(outcome.exception_info)
        if raised is not None:
            findings.append(_exception_finding(raw, meta, raised))
        elif not outcome.success:
            indexes = outcome.result.get("unexpected_index_list") or []
            findings += _row_findings(raw, raw_by_row, meta, indexes)
    return findings


def _raised(exception_info: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """What an expectation that could not run raised, or None. Great Expectations 1.x reports it
    flat (``{"raised_exception": True, ...}``) or, when a metric of the check failed, under the
    metric's id (``{<metric id>: {"raised_exception": True, ...}}``)."""
    if not exception_info:
        return None
    if exception_info.get("raised_exception"):
        return exception_info
    nested = (info for info in exception_info.values() if isinstance(info, Mapping))
    return next((info for info in nested if info.get("raised_exception")), None)


def _exception_finding(raw: RawTable, meta: Mapping[str, Any], exception_info: Mapping[str, Any]) -> Finding:
    """An expectation Great Expectations could not evaluate: a finding on the whole file."""
    return Finding(
        raw.file,
        None,
        meta.get("column", ""),
        "",
        rules.VALIDATION_EXCEPTION.id,
        ERROR,
        rules.VALIDATION_EXCEPTION.say(check=meta.get("rule"), exception=exception_info.get("exception_message")),
        raw.table.name,
    )


def _row_findings(
    raw: RawTable, raw_by_row: pd.DataFrame, meta: Mapping[str, Any], indexes: list[dict]
) -> list[Finding]:
    """The failing rows of one expectation, each with the value as the file wrote it.

    A duplicated key is reported on its repeats only, each message naming the row it repeats.
    """
    column = meta["column"]
    rule = rules.RULES[meta["rule"]]
    operation_of = raw_by_row.get("operation_id")
    repeated = _first_occurrence_kept(indexes) if rule is rules.KEY_UNIQUE else {}
    findings = []
    for index in indexes:
        row = int(index[ROW])
        message = meta.get("message")
        if rule is rules.KEY_UNIQUE:
            if row not in repeated:
                continue
            # The row it repeats: one message per row, not per check.
            message = rule.say(**meta["values"], first_row=repeated[row])
        value = str(raw_by_row.at[row, column]) if column in raw_by_row else ""
        hint = lookalike_hint(value, meta.get("lookalikes") or ())
        if hint:
            message = rule.say(**{**meta["values"], "problem": f"{meta['values']['problem']} ({hint})"})
        findings.append(
            Finding(
                raw.file,
                row,
                column,
                value,
                rule.id,
                meta.get("severity", ERROR),
                message,
                raw.table.name,
                "" if operation_of is None else str(operation_of.at[row]),
            )
        )
    return findings


def _first_occurrence_kept(indexes: list[dict]) -> dict[int, int]:
    """For duplicated keys, the rows after the first, each with the row of the first.

    The first occurrence stays clean: the repeats are what the user has to remove.
    """
    first: dict[tuple, int] = {}
    repeats: dict[int, int] = {}
    for index in sorted(indexes, key=lambda entry: int(entry[ROW])):
        key = tuple(str(value) for name, value in sorted(index.items()) if name != ROW)
        row = int(index[ROW])
        if key in first:
            repeats[row] = first[key]
        else:
            first[key] = row
    return repeats


# Letters of other scripts drawn like a Latin letter, each with that letter: the pairs of Unicode's
# confusables.txt (UTS #39) between the Cyrillic or Greek alphabets and one ASCII letter, the ones
# a keyboard switched to another layout, or a text pasted from a document in Russian or Greek,
# puts in a code. A general confusables library would bring thousands of pairs (symbols,
# mathematical letters, scripts no programme uses) for these few dozen; a name-based guess
# (``unicodedata.name`` ending in "LETTER A") would call Cyrillic "В" a B while it is the sound V
# and miss "р", which looks like p and is named ER.
_LOOKALIKE_LETTERS = str.maketrans(
    {
        **dict(zip("АВЕКМНОРСТУХЅІЈԚԜҮӀ", "ABEKMHOPCTYXSIJQWYI", strict=True)),
        **dict(zip("аеорсухѕіјһԁԛԝӏ", "aeopcyxsijhdqwl", strict=True)),
        **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),
        **dict(zip("αιονρυγ", "aiovpuy", strict=True)),
        "ı": "i",
    }
)


def _invisible(character: str) -> bool:
    """A format character (zero-width space, joiners, byte order mark, soft hyphen) or a space
    other than the ordinary one: nothing, or a blank, on the screen."""
    return unicodedata.category(character) in ("Cf", "Cc") or (
        unicodedata.category(character) == "Zs" and character != " "
    )


def _skeleton(text: str) -> str:
    """``text`` as it looks: compatibility forms folded (full-width Ｄ is D), invisible characters
    left out, other spaces as spaces, lookalike letters as the Latin ones, in any case."""
    folded = unicodedata.normalize("NFKC", text)
    seen = "".join(
        " " if character.isspace() else character
        for character in folded
        if not _invisible(character) or character.isspace()
    )
    return seen.translate(_LOOKALIKE_LETTERS).casefold().strip()


def lookalike_hint(value: str, accepted: Iterable[str]) -> str:
    """When ``value`` (or one of its ";"-separated parts) looks like an accepted value without being
    it, what it looks like and the characters that make it another, with their Unicode names; ""
    otherwise."""
    if value.isascii() or not accepted:
        return ""
    by_look = {_skeleton(text): text for text in accepted}
    for part in dict.fromkeys([value.strip(), *(part.strip() for part in value.split(";"))]):
        expected = by_look.get(_skeleton(part)) if part and not part.isascii() else None
        if expected is None or part.casefold() == expected.casefold():
            continue
        odd = [character for character in dict.fromkeys(part) if not character.isascii() and character not in expected]
        if odd:
            return _("« {value} » ressemble à « {expected} » mais contient {characters}").format(
                value=part, expected=expected, characters=", ".join(_character(character) for character in odd)
            )
    return ""


def _character(character: str) -> str:
    """« а » (U+0430 CYRILLIC SMALL LETTER A); an invisible character by its code and name alone."""
    named = f"U+{ord(character):04X} {unicodedata.name(character, '')}".strip()
    return f"({named})" if _invisible(character) else f"« {character} » ({named})"
