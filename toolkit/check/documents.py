"""The rows of documents.csv against the files they name.

Each document must have its text in the documents folder: the report opens every citation at its
line there, and the quotations are checked against it. Its number of lines is counted in the
file; a number typed by hand that says otherwise is reported and set aside.

The evaluator's notes (interviews, focus groups, site visits) are documents too, with what their
citation needs: their number among the notes of their kind, in the order of documents.csv, and
the informants' role and the place, whose absence is a warning. A note is confidential unless
its row says ``false``: the clean table holds the decision, so no page has to remember it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from toolkit.ingest.documents import DocumentTexts, document_file, leads_outside, read_lines
from toolkit.ingest.readers import ROW, RawTable
from toolkit.model import rules
from toolkit.model.findings import WARNING, Finding
from toolkit.model.language import _
from toolkit.model.values import is_missing
from toolkit.model.vocabulary import is_note
from toolkit.text.fmt import plain_number

FILE_FOUND = "file_found"  # clean documents.csv: whether the document's text was read
NOTE_NUMBER = "note_number"  # clean documents.csv: a note's number among the notes of its kind


def read_documents(
    raw: RawTable, typed: pd.DataFrame, folder: Path
) -> tuple[pd.DataFrame, DocumentTexts, list[Finding]]:
    """The typed documents with ``lines`` counted in each file and ``file_found``; the texts read;
    a finding for each file missing and each typed count the file contradicts."""
    findings: list[Finding] = []
    texts: dict[str, tuple[str, ...]] = {}
    typed = typed.copy()
    found, lines = [], []
    raw_by_row = raw.frame.set_index(ROW)
    for row, document, typed_lines in zip(typed[ROW], typed["document"], typed["lines"], strict=True):
        name = "" if is_missing(document) else str(document)
        path = document_file(folder, name)
        text = read_lines(path) if path is not None else None
        found.append(text is not None)
        if text is None:
            lines.append(typed_lines)
            if name:
                # A link out of the folder is not read, and said so; otherwise the file is missing.
                outside = leads_outside(folder, name)
                rule = rules.FILE_OUTSIDE if outside else rules.DOCUMENT_FILE
                said = (
                    rule.say(file=name, folder=folder.name) if outside else rule.say(document=name, folder=folder.name)
                )
                findings.append(Finding(raw.file, int(row), "document", name, rule.id, WARNING, said, raw.table.name))
            continue
        texts[name] = text
        lines.append(len(text))
        if not is_missing(typed_lines) and int(typed_lines) != len(text):
            findings.append(
                Finding(
                    raw.file,
                    int(row),
                    "lines",
                    str(raw_by_row.at[row, "lines"]),
                    rules.DOCUMENT_LINES.id,
                    WARNING,
                    rules.DOCUMENT_LINES.say(counted=plain_number(len(text))),
                    raw.table.name,
                )
            )
    typed["lines"] = pd.array(lines, dtype="Int64")
    typed[FILE_FOUND] = found
    typed, note_findings = notes(raw, typed)
    return typed, DocumentTexts(texts), findings + note_findings


def notes(raw: RawTable, typed: pd.DataFrame) -> tuple[pd.DataFrame, list[Finding]]:
    """The notes numbered by kind and confidential by default; a warning for each note that does
    not say its informants' role or its place (its citation would leave them out)."""
    typed = typed.copy()
    numbers: list[int | None] = []
    counted: dict[str, int] = {}
    findings: list[Finding] = []
    confidential = typed["confidential"].astype("object")
    for index, row in zip(typed.index, typed.to_dict("records"), strict=True):
        kind = row.get("kind")
        if not is_note(kind):
            numbers.append(None)
            continue
        counted[kind] = counted.get(kind, 0) + 1
        numbers.append(counted[kind])
        if is_missing(row.get("confidential")):
            confidential.at[index] = True
        for column, what in (
            ("role", _("le rôle de ses informateurs")),
            ("place", _("le lieu de l'entretien ou de la visite")),
        ):
            if is_missing(row.get(column)) or not str(row[column]).strip():
                message = rules.NOTE_INFORMANT.say(what=what, column=column)
                findings.append(
                    Finding(
                        raw.file, int(row[ROW]), column, "", rules.NOTE_INFORMANT.id, WARNING, message, raw.table.name
                    )
                )
    typed["confidential"] = confidential
    typed[NOTE_NUMBER] = pd.array(numbers, dtype="Int64")
    return typed, findings
