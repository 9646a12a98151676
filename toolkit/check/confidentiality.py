"""The names a note declares confidential (documents.csv ``withheld_names``), kept out of every page.

An interview's notes name the people met; the report cites them by role and place only. Each note
lists the names that must never appear in a page, and two layers look for them, each a name as a
whole word whatever its case and accents ("keita" finds "Keïta"):

- the clean stage (``check_names``) reads every text the pages take from the data: every cell of
  the raw tables (excerpts, documents' titles, roles, places, descriptions…), the lines of the
  documents a page shows (a public document whole, a confidential one by its cited lines) and the
  evaluator's narrative files; each name found is an error finding;
- the build (``build/outcomes.py``) reads the visible text of every page before it is published, and
  withholds a page that shows one (a figure's label, a text the first layer does not read).

A finding or a build line never prints the name it found: its value is the name masked
("K… (5 lettres)"), and the note that declared it is named by its kind and number.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from toolkit.check.quotations import quoted_lines
from toolkit.ingest.convert import FALSE_WORDS, TRUE_WORDS
from toolkit.ingest.documents import document_file, documents_dir, read_lines
from toolkit.ingest.parse import parse_source_refs
from toolkit.ingest.readers import ROW, RawTable, read_raw
from toolkit.model import rules, schema
from toolkit.model.findings import ERROR, WARNING, Finding
from toolkit.model.language import _, ngettext
from toolkit.model.values import is_missing
from toolkit.model.vocabulary import ColumnKind, DocumentKind, is_note, label
from toolkit.text.fmt import quoted

NAMES = "withheld_names"
NARRATIVE_SUFFIX = ".md"


@dataclass(frozen=True)
class Declared:
    """A name one note declares confidential."""

    name: str
    note: str  # the note as the findings name it: its kind and number ("Entretien 2"), never its file
    row: int  # the note's row in documents.csv


def _folded(text: str) -> str:
    """Lower case without accents, one kind of apostrophe and of space: what a name is compared on."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"\s+", " ", plain.replace("\u2019", "'").casefold())


def split_names(cell: object) -> list[str]:
    """The names of a ``withheld_names`` cell, joined by ";"."""
    if is_missing(cell):
        return []
    return [name.strip() for name in str(cell).split(";") if name.strip()]


def declared_names(documents: RawTable) -> list[Declared]:
    """Every name the notes of documents.csv declare, with the note that declares it."""
    frame = documents.frame
    if NAMES not in frame:
        return []
    declared = []
    counted: dict[str, int] = {}
    for row in frame.to_dict("records"):
        kind = str(row.get("kind") or "").strip()
        if is_note(kind):
            counted[kind] = counted.get(kind, 0) + 1
            note = f"{label(DocumentKind(kind)).capitalize()} {counted[kind]}"
        else:
            note = str(row.get("document") or "")
        declared += [Declared(name, note, int(row[ROW])) for name in split_names(row.get(NAMES))]
    return declared


def read_declared(raw_dir: Path) -> list[Declared]:
    """The names declared in the raw documents table (the build's gate reads them there: the clean
    data never hold them)."""
    return declared_names(read_raw(raw_dir, schema.DOCUMENTS))


class NameFinder:
    """Finds declared names in a text: whole words, whatever the case and the accents."""

    def __init__(self, declared: Iterable[Declared]):
        self.declared = list(declared)
        self._patterns = [
            (item, re.compile(r"(?<!\w)" + re.escape(_folded(item.name)).replace(r"\ ", r"\s+") + r"(?!\w)"))
            for item in self.declared
            if _folded(item.name).strip()
        ]

    def __bool__(self) -> bool:
        return bool(self._patterns)

    def find(self, text: object) -> list[Declared]:
        if is_missing(text) or not self._patterns:
            return []
        folded = _folded(str(text))
        return [item for item, pattern in self._patterns if pattern.search(folded)]


def masked(name: str) -> str:
    """A name as a finding may show it: its first letter and its length ("K… (5 lettres)")."""
    letters = sum(char.isalpha() for char in name)
    return ngettext("{initial}… ({count} lettre)", "{initial}… ({count} lettres)", letters).format(
        initial=name.strip()[:1].upper(), count=letters
    )


def _finding(file: str, row: int | None, column: str, found: Declared, table: str = "") -> Finding:
    return Finding(
        file,
        row,
        column,
        masked(found.name),
        rules.CONFIDENTIAL_NAME.id,
        ERROR,
        rules.CONFIDENTIAL_NAME.say(note=found.note, row=found.row),
        table,
    )


def _in_tables(raws: Iterable[RawTable], finder: NameFinder) -> Iterator[Finding]:
    for raw in raws:
        columns = [name for name in raw.table.raw_names if name in raw.frame and name != NAMES]
        for row in raw.frame.to_dict("records"):
            for column in columns:
                for found in finder.find(row[column]):
                    yield _finding(raw.file, int(row[ROW]), column, found, raw.table.name)


def cited_lines(raws: Iterable[RawTable]) -> dict[str, set[int]]:
    """The lines each document is cited for, in every source column of the raw tables."""
    lines: dict[str, set[int]] = {}
    for raw in raws:
        for column in (c.name for c in raw.table.columns if c.kind == ColumnKind.SOURCE):
            if column not in raw.frame:
                continue
            for cell in raw.frame[column].dropna().unique():
                try:
                    refs = parse_source_refs(str(cell)) if str(cell).strip() else []
                except ValueError:
                    continue  # the checks report a reference that does not read
                for ref in refs:
                    if ref.first_line is not None:
                        cited = range(ref.first_line, (ref.last_line or ref.first_line) + 1)
                        lines.setdefault(ref.document, set()).update(cited)
    return lines


def _confidential(row: dict) -> bool:
    """A raw documents row as cleaning reads it: a note is confidential unless its cell says false,
    another document only when its cell says true."""
    flag = str(row.get("confidential") or "").strip().lower()
    return flag not in FALSE_WORDS if is_note(str(row.get("kind") or "").strip()) else flag in TRUE_WORDS


def _in_documents(raws: list[RawTable], raw_dir: Path, finder: NameFinder) -> Iterator[Finding]:
    """The lines the document pages show: a public document's every line, a note's (or another
    confidential document's) cited lines."""
    documents = next((raw for raw in raws if raw.table.name == "documents"), None)
    if documents is None:
        return
    cited = cited_lines(raws)
    folder = documents_dir(raw_dir)
    for row in documents.frame.to_dict("records"):
        name = str(row.get("document") or "").strip()
        path = document_file(folder, name)
        lines = read_lines(path) if path is not None else None
        if lines is None:
            continue
        shown = sorted(cited.get(name, ())) if _confidential(row) else range(1, len(lines) + 1)
        for number in shown:
            if number <= len(lines):
                for found in finder.find(lines[number - 1]):
                    yield _finding(f"{folder.name}/{name}", number, "", found)


def _confidential_documents(raws: list[RawTable], raw_dir: Path) -> dict[str, list[str]]:
    """The lines of each confidential document (a note unless it says false, another that says true)."""
    documents = next((raw for raw in raws if raw.table.name == "documents"), None)
    if documents is None:
        return {}
    folder, found = documents_dir(raw_dir), {}
    for row in documents.frame.to_dict("records"):
        name = str(row.get("document") or "").strip()
        path = document_file(folder, name) if _confidential(row) else None
        lines = read_lines(path) if path is not None else None
        if lines is not None:
            found[name] = list(lines)
    return found


def _cited(first: int, last: int) -> str:
    return (
        _("la ligne {first}").format(first=first)
        if first == last
        else _("les lignes {first} à {last}").format(first=first, last=last)
    )


def _where(first: int, last: int) -> str:
    return (
        _("à la ligne {first}").format(first=first)
        if first == last
        else _("aux lignes {first} à {last}").format(first=first, last=last)
    )


def wide_citations(raws: list[RawTable], raw_dir: Path) -> list[Finding]:
    """A warning for each quotation of a confidential document whose reference cites more lines than
    the quotation holds at its first or last end: the note's page shows every cited line, so those
    lines would be published though nobody quotes them."""
    notes = _confidential_documents(raws, raw_dir)
    findings = []
    for raw in raws if notes else ():
        for column in (c for c in raw.table.columns if c.quotes and c.name in raw.frame and c.quotes in raw.frame):
            for row in raw.frame.to_dict("records"):
                findings += _wide(raw, row, column.name, column.quotes, notes)
    return findings


def _wide(raw: RawTable, row: dict, column: str, source: str, notes: dict[str, list[str]]) -> list[Finding]:
    if is_missing(row[column]) or is_missing(row[source]):
        return []
    try:
        refs = parse_source_refs(str(row[source]))
    except ValueError:
        return []  # the checks report a reference that does not read
    findings = []
    for ref in refs:
        lines = notes.get(ref.document)
        if lines is None or ref.first_line is None:
            continue
        first, last = ref.first_line, ref.last_line or ref.first_line
        held = quoted_lines(str(row[column]), lines[first - 1 : last]) if last <= len(lines) else None
        if not held or {0, last - first} <= held:
            continue  # not found, or past the end: other rules report it
        start, end = first + min(held), first + max(held)
        reference = f"{ref.document} l. {start}" if start == end else f"{ref.document} l. {start}-{end}"
        message = rules.QUOTE_CONFIDENTIAL_RANGE.say(
            cited=_cited(first, last),
            document=quoted(ref.document),
            where=_where(start, end),
            reference=quoted(reference),
        )
        findings.append(
            Finding(
                raw.file,
                int(row[ROW]),
                source,
                str(row[source]),
                rules.QUOTE_CONFIDENTIAL_RANGE.id,
                WARNING,
                message,
                raw.table.name,
            )
        )
    return findings


def _in_narrative(narrative: Path | None, finder: NameFinder) -> Iterator[Finding]:
    if narrative is None or not narrative.is_dir():
        return
    for path in sorted(narrative.rglob(f"*{NARRATIVE_SUFFIX}")):
        lines = read_lines(path)
        file = f"{narrative.name}/{path.relative_to(narrative).as_posix()}"
        for number, line in enumerate(lines or (), start=1):
            for found in finder.find(line):
                yield _finding(file, number, "", found)


def check_names(raws: list[RawTable], raw_dir: Path, narrative: Path | None) -> list[Finding]:
    """An error for each declared name found in a text a page would show (the module's first layer)."""
    documents = next((raw for raw in raws if raw.table.name == "documents"), None)
    finder = NameFinder(declared_names(documents) if documents is not None else [])
    if not finder:
        return []
    return [
        *_in_tables(raws, finder),
        *_in_documents(raws, raw_dir, finder),
        *_in_narrative(narrative, finder),
    ]


class _VisibleText(HTMLParser):
    """The text a reader sees on a page: its text outside scripts and styles, and the attributes a
    browser shows (alternative texts, titles, labels)."""

    HIDDEN = {"script", "style"}
    SHOWN_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        self.parts += [value for name, value in attrs if name in self.SHOWN_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


def names_shown(html: str, finder: NameFinder) -> list[Declared]:
    """The declared names a page shows."""
    return finder.find(visible_text(html)) if finder else []


def withheld_notice(notes: Iterable[str]) -> str:
    """Why a page is withheld, without the name: for the stand-in page and the build's line."""
    return _(
        "Cette page n'est pas publiée : elle montre un nom déclaré confidentiel ({notes} ; colonne withheld_names "
        "de documents.csv)."
    ).format(notes=", ".join(dict.fromkeys(notes)))
