"""A coded REFI-QDA project (``.qdpx``) imported as the evaluator's interview notes and passages.

Each text source of the project becomes a note: its text written to
``<raw>/documents/entretien-<guid>.txt`` (a name that never carries the source's own name, which
may be a person's) and a row of ``documents.csv`` (kind ``entretien``, title "Entretien <n>",
role and place left for the evaluator). Each coded segment becomes rows of ``evidence.csv``, one
per question and operation its codes map to (``qdpx_codes.py``; ``programme`` when its codes name
no operation): its source is ``<file> l. <first>-<last>``, the lines of the written file holding
its first and last visible characters, counted as ``ingest/documents.py`` counts them; its excerpt
is its own text, whitespace made single spaces, cut in its middle with "[…]" past
``EXCERPT_LIMIT`` characters (the quotation check reads "[…]" as a cut).

Re-importing a project replaces its own rows (its notes' evidence, by file name) and keeps every
other row; a note already in ``documents.csv`` keeps its row as the evaluator left it (title,
role, place, date, names withheld). Nothing is dropped in silence: a code that maps to nothing,
a segment whose offsets fall outside its source, a segment whose codes name no question and a
source that is not text are each reported (``QdpxImport``), and the others imported.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.ingest.documents import documents_dir
from toolkit.ingest.readers import is_workbook, read_raw
from toolkit.interop.qdpx_codes import Mapping, Targets, map_codes, read_mapping, write_mapping
from toolkit.interop.qdpx_read import Project, Segment, SetAside, TextSource, read_project
from toolkit.interop.qdpx_tables import CsvFile, read_csv_file
from toolkit.model import schema
from toolkit.model.errors import InputFileError
from toolkit.model.language import _
from toolkit.model.outputs import write_bytes_atomic
from toolkit.model.vocabulary import DocumentKind

PREFIX = "entretien-"
EXCERPT_LIMIT = 400  # characters: a longer segment is quoted by its start and its end
_HEAD, _TAIL = 240, 120
_SPACES = re.compile(r"\s+")
_DOCUMENT_COLUMNS = tuple(column.name for column in schema.DOCUMENTS.columns)
_EVIDENCE_COLUMNS = tuple(column.name for column in schema.EVIDENCE.columns)


@dataclass(frozen=True)
class Note:
    source: str  # the project's name of the source (for the terminal only)
    document: str  # the file written
    title: str
    new: bool


@dataclass(frozen=True)
class BadSegment:
    """A segment not imported: its source, offsets, the source's length and why."""

    source: str
    document: str
    start: int
    end: int
    length: int
    empty: bool = False  # inside the source, but nothing but whitespace


@dataclass(frozen=True)
class Unmapped:
    code: str
    segments: int


@dataclass(frozen=True)
class WithoutQuestion:
    """A segment whose codes map only to operations: no question to file it under."""

    reference: str
    codes: tuple[str, ...]


@dataclass
class QdpxImport:
    project: str
    notes: list[Note] = field(default_factory=list)
    evidence: int = 0
    mapping_file: Path | None = None
    unmapped: list[Unmapped] = field(default_factory=list)
    unknown_ids: list = field(default_factory=list)
    bad_segments: list[BadSegment] = field(default_factory=list)
    without_question: list[WithoutQuestion] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)

    @property
    def problems(self) -> int:
        """What the evaluator must act on before every coded segment is in the evidence."""
        return len(self.unmapped) + len(self.unknown_ids) + len(self.bad_segments) + len(self.without_question)


def import_qdpx(path: Path, raw: Path) -> QdpxImport:
    """Import the project ``path`` into the raw folder ``raw`` (see the module's docstring)."""
    if is_workbook(raw) or not raw.is_dir():
        raise InputFileError(
            _(
                "{raw} n'est pas un dossier de données brutes : import-qdpx écrit dans un dossier de fichiers CSV"
            ).format(raw=raw),
            file=str(raw),
        )
    project = read_project(path)
    mapping = map_codes(project.codes, read_mapping(raw), _ids(raw, schema.QUESTIONS), _ids(raw, schema.OPERATIONS))
    result = QdpxImport(project.file, unknown_ids=mapping.unknown, set_aside=project.set_aside)
    names = _file_names(project.sources)
    documents = read_csv_file(raw / schema.DOCUMENTS.file, _DOCUMENT_COLUMNS)
    documents.ensure_columns(_DOCUMENT_COLUMNS)
    result.notes = _notes(project, names, documents)
    folder = documents_dir(raw)
    folder.mkdir(exist_ok=True)
    for source in project.sources:
        write_bytes_atomic(folder / names[source.guid], source.text.encode("utf-8"))
    documents.write()
    rows = [
        row for source in project.sources for row in _source_rows(source, names[source.guid], mapping, project, result)
    ]
    evidence = read_csv_file(raw / schema.EVIDENCE.file, _EVIDENCE_COLUMNS)
    ours = set(names.values())
    evidence.rows = [row for row in evidence.rows if _document_of(row.get("source", "")) not in ours] + rows
    evidence.write()
    result.evidence = len(rows)
    counts = _segment_counts(project)
    result.unmapped = [
        Unmapped(_code_label(project, guid), count) for guid, count in counts.items() if not mapping.targets.get(guid)
    ]
    result.mapping_file = write_mapping(raw, mapping, project.codes, counts)
    return result


def _ids(raw: Path, table: schema.Table) -> set[str]:
    frame = read_raw(raw, table).frame
    key = table.key[0]
    return {value.strip() for value in frame[key]} - {""} if key in frame else set()


def _file_names(sources: list[TextSource]) -> dict[str, str]:
    """``entretien-<first 8 hex digits of the guid>.txt``, the whole guid if two sources share them."""
    digits = {source.guid: re.sub(r"[^0-9a-f]", "", source.guid.casefold()) for source in sources}
    short = {guid: value[:8] for guid, value in digits.items()}
    if len(set(short.values())) < len(short):
        short = digits
    return {guid: f"{PREFIX}{value}.txt" for guid, value in short.items()}


def _document_of(reference: str) -> str:
    return reference.split(" l. ")[0].split(" § ")[0].strip()


def _notes(project: Project, names: dict[str, str], documents: CsvFile) -> list[Note]:
    """A row of documents.csv for each source that has none yet; an existing row is the evaluator's."""
    existing = {row.get("document", "").strip(): row for row in documents.rows}
    interviews = sum(row.get("kind", "").strip() == DocumentKind.INTERVIEW for row in documents.rows)
    notes = []
    for source in project.sources:
        name = names[source.guid]
        if name in existing:
            notes.append(Note(source.name, name, existing[name].get("title", ""), new=False))
            continue
        interviews += 1
        title = _("Entretien {number}").format(number=interviews)
        documents.rows.append(
            {"document": name, "title": title, "kind": DocumentKind.INTERVIEW.value, "date": source.date}
        )
        notes.append(Note(source.name, name, title, new=True))
    return notes


def _code_label(project: Project, guid: str) -> str:
    code = project.codes.get(guid)
    return code.label if code else _("code {guid}, absent du livre de codes").format(guid=guid)


def _segment_counts(project: Project) -> dict[str, int]:
    counts: dict[str, int] = {}
    for source in project.sources:
        for segment in source.segments:
            for guid in dict.fromkeys(segment.codes):
                counts[guid] = counts.get(guid, 0) + 1
    return counts


def line_starts(text: str) -> list[int]:
    """The offset where each line starts, then the text's length: lines as ``str.splitlines``
    cuts them, as ``ingest/documents.py`` counts a document's lines."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def line_range(starts: list[int], text: str, start: int, end: int) -> tuple[int, int] | None:
    """The 1-based first and last lines of ``text[start:end]``'s visible characters (None when it
    has none): a segment that begins or ends on a line break does not cite the next line."""
    piece = text[start:end]
    if not piece.strip():
        return None
    first = start + (len(piece) - len(piece.lstrip()))
    last = start + len(piece.rstrip()) - 1
    return bisect.bisect_right(starts, first), bisect.bisect_right(starts, last)


def excerpt(text: str) -> str:
    """The segment's words as the evidence quotes them: single spaces, and past ``EXCERPT_LIMIT``
    characters its start and its end around "[…]", each cut at a space."""
    words = _SPACES.sub(" ", text).strip()
    if len(words) <= EXCERPT_LIMIT:
        return words
    head = words[:_HEAD].rsplit(" ", 1)[0]
    tail = words[-_TAIL:].split(" ", 1)[-1]
    return f"{head} […] {tail}"


def _source_rows(
    source: TextSource, document: str, mapping: Mapping, project: Project, result: QdpxImport
) -> list[dict[str, str]]:
    """The evidence rows of one source's segments: segments citing the same lines under the same
    question and operation are one row, their texts joined by "[…]" in their order."""
    starts = line_starts(source.text)
    spans: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
    for segment in sorted(source.segments, key=lambda s: (s.start, s.end)):
        lines = _checked_lines(source, document, segment, starts, result)
        if lines is None:
            continue
        reference = f"{document} l. {lines[0]}" if lines[0] == lines[1] else f"{document} l. {lines[0]}-{lines[1]}"
        targets = _segment_targets(segment, mapping)
        if targets.operations and not targets.questions:
            labels = tuple(project.codes[guid].label for guid in segment.codes if guid in project.codes)
            result.without_question.append(WithoutQuestion(reference, labels))
        for question in targets.questions:
            for operation in targets.operations or (schema.PROGRAMME_ID,):
                spans.setdefault((operation, question, reference), []).append((segment.start, segment.end))
    return [
        {
            "operation_id": operation,
            "question_id": question,
            "source": reference,
            "excerpt": _joined(source.text, found),
        }
        for (operation, question, reference), found in spans.items()
    ]


def _checked_lines(source: TextSource, document: str, segment: Segment, starts: list[int], result: QdpxImport):
    length = len(source.text)
    if not 0 <= segment.start < segment.end <= length:
        result.bad_segments.append(BadSegment(source.name, document, segment.start, segment.end, length))
        return None
    lines = line_range(starts, source.text, segment.start, segment.end)
    if lines is None:
        result.bad_segments.append(BadSegment(source.name, document, segment.start, segment.end, length, empty=True))
    return lines


def _segment_targets(segment: Segment, mapping: Mapping) -> Targets:
    questions: dict[str, None] = {}
    operations: dict[str, None] = {}
    for guid in segment.codes:
        targets = mapping.targets.get(guid, Targets())
        questions.update(dict.fromkeys(targets.questions))
        operations.update(dict.fromkeys(targets.operations))
    return Targets(tuple(questions), tuple(operations))


def _joined(text: str, spans: list[tuple[int, int]]) -> str:
    """The texts of overlapping spans taken once, the others joined by "[…]" in their order."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return " […] ".join(excerpt(text[start:end]) for start, end in merged)
