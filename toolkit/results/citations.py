"""Source references as a reader cites them: "IRG, Capitalisation CAAC, 2018, l. 560".

The data keep a reference as a file name and lines (``004_7f76….txt l. 560``) because that is
what a machine can check; a reviewer needs the body, a short title and the year, and a link that
opens the document at the line cited: each document whose text the build has is a page of the
report (``documents/<name>.html``), with an anchor per line (``#l560``) and one per cited range
(``#l560-562``). A document without its text is linked to its entry in the annex instead. Every
page block that shows a source goes through here.

The evaluator's own notes (an interview, a focus group, a site visit) are cited by what they are,
never by whom: "Entretien 3 — partenaire, Mali, mars 2027", the kind, the note's number among the
notes of its kind (documents.csv order), the informants' role, the place and the date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from toolkit.ingest.parse import SourceRef, parse_source_refs
from toolkit.model import sitemap
from toolkit.model.language import N_, _
from toolkit.model.vocabulary import DocumentKind, is_note, label
from toolkit.text import fmt
from toolkit.text.html import Html, escape

UNDATED = N_("s. d.")  # "sans date", as French bibliographies write it ("n.d." in English)


def anchor(document: object) -> str:
    """The id of a document's entry in the annex: stable, and valid in a URL fragment."""
    return "doc-" + _stem(document)


def _stem(document: object) -> str:
    """A document's file name without its extension, safe in a URL."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", str(document).rsplit(".", 1)[0]).strip("-")


def document_page(document: object) -> str:
    """The document's page, relative to the reports folder: a file name that is safe in a URL."""
    return sitemap.document_page(_stem(document) or "document")


def line_anchor(first: int, last: int | None = None) -> str:
    """The anchor of a line (``l560``) or of a cited range, on its first line (``l560-562``)."""
    return f"l{first}" if last is None or last == first else f"l{first}-{last}"


def _has_page(row: dict) -> bool:
    found = row.get("file_found")
    return not fmt.is_missing(found) and bool(found)


def _year(date: object) -> str:
    return _(UNDATED) if fmt.is_missing(date) else str(date)[:4]


def _first(row: dict, *columns: str) -> str:
    for column in columns:
        if not fmt.is_missing(row.get(column)):
            return str(row[column]).strip()
    return ""


NOTE_NUMBER = "note_number"  # set by the clean stage (check/documents.py)


def citation_of(row: dict) -> str:
    """A document row of documents.csv as a short citation: body, short title, year; a note as
    its kind and number, role, place and date."""
    if is_note(row.get("kind")):
        return _note_citation(row)
    parts = [_first(row, "author_short", "author"), _first(row, "short_title", "title"), _year(row.get("date"))]
    return ", ".join(part for part in parts if part)


def _note_citation(row: dict) -> str:
    kind = label(DocumentKind(row["kind"]))
    kind = kind[:1].upper() + kind[1:]
    number = row.get(NOTE_NUMBER)
    if not fmt.is_missing(number):
        kind = _("{kind} {number}").format(kind=kind, number=int(number))
    details = [_first(row, "role"), _first(row, "place")]
    if not fmt.is_missing(row.get("date")):
        details.append(fmt.date(row["date"]))
    details = [detail for detail in details if detail]
    if not details:
        return kind
    return _("{note} — {details}").format(note=kind, details=", ".join(details))


def numbered_notes(records: list[dict]) -> list[dict]:
    """The rows with each note's number among the notes of its kind, in the order given, where the
    clean stage has not set it (a table built by hand)."""
    counted: dict[str, int] = {}
    numbered = []
    for row in records:
        kind = row.get("kind")
        if is_note(kind):
            counted[kind] = counted.get(kind, 0) + 1
            if fmt.is_missing(row.get(NOTE_NUMBER)):
                row = {**row, NOTE_NUMBER: counted[kind]}
        numbered.append(row)
    return numbered


def _lines(ref: SourceRef) -> str:
    if ref.section:
        return f"§ {ref.section}"
    if ref.first_line == ref.last_line:
        return f"l. {ref.first_line}"
    return f"l. {ref.first_line}-{ref.last_line}"


@dataclass(frozen=True)
class Citer:
    """Cites the documents of one programme, from a page at a given depth of the reports folder."""

    labels: dict[str, str]
    from_folder: str = sitemap.TOP  # where the page that cites is
    pages: frozenset[str] = frozenset()  # the documents that have a page of their own
    notes: frozenset[str] = frozenset()  # the evaluator's notes among them

    @classmethod
    def of(cls, documents: pd.DataFrame, *, from_operations: bool = False) -> Citer:
        records = numbered_notes(documents.to_dict("records"))
        labels = {str(row["document"]): citation_of(row) for row in records}
        pages = frozenset(str(row["document"]) for row in records if _has_page(row))
        notes = frozenset(str(row["document"]) for row in records if is_note(row.get("kind")))
        return cls(labels, sitemap.OPERATIONS if from_operations else sitemap.TOP, pages, notes)

    def cites_notes(self, source: object) -> bool:
        """Whether every document a reference cites is one of the evaluator's notes: what people met
        said, rather than what a document of the programme writes."""
        documents = self.documents(source)
        return bool(documents) and all(document in self.notes for document in documents)

    @property
    def list_href(self) -> str:
        """The list of documents in the annex."""
        return sitemap.href(sitemap.ANNEXES, from_folder=self.from_folder, anchor="documents")

    def href(self, document: str, ref: SourceRef | None = None) -> str:
        """The document's page, at the first line ``ref`` cites; its entry in the annex when the
        build has no text of it."""
        if document not in self.pages:
            return sitemap.href(sitemap.ANNEXES, from_folder=self.from_folder, anchor=anchor(document))
        lines = "" if ref is None or ref.first_line is None else line_anchor(ref.first_line, ref.last_line)
        return sitemap.href(document_page(document), from_folder=self.from_folder, anchor=lines)

    def _groups(self, source: object) -> list[tuple[str, list[SourceRef]]] | None:
        """References grouped by document, in order of first appearance; None when unreadable."""
        if fmt.is_missing(source):
            return []
        try:
            refs = parse_source_refs(str(source))
        except ValueError:
            return None
        groups: dict[str, list[SourceRef]] = {}
        for ref in refs:
            groups.setdefault(ref.document, []).append(ref)
        return list(groups.items())

    def documents(self, source: object) -> list[str]:
        """The documents a source cell cites, in order; none when the cell cannot be read (the
        checks report it)."""
        return [document for document, _ in self._groups(source) or []]

    def label(self, document: str) -> str:
        # A document missing from documents.csv is a data error the checks report; the page
        # still names it rather than hide where the figure comes from.
        return self.labels.get(document, document)

    def text(self, source: object) -> str:
        """Plain text, for alt texts and captions: "IRG, Capitalisation CAAC, 2018, l. 560"."""
        groups = self._groups(source)
        if groups is None:
            return str(source)
        return fmt.semicolons(
            f"{self.label(document)}, {', '.join(_lines(ref) for ref in refs)}" for document, refs in groups
        )

    def html(self, source: object) -> Html:
        """The citation, each reference a link that opens its document at the first line it cites:
        "<a>IRG, Capitalisation CAAC, 2018, l. 560</a>, <a>l. 562</a>"."""
        groups = self._groups(source)
        if groups is None:
            return Html(escape(str(source)))
        if not groups:
            return Html(escape(None))
        cited = []
        for document, refs in groups:
            links = [
                f'<a href="{escape(self.href(document, ref))}">'
                + (f"{escape(self.label(document))}, " if i == 0 else "")
                + f"{escape(_lines(ref))}</a>"
                for i, ref in enumerate(refs)
            ]
            cited.append(", ".join(links))
        return Html(fmt.semicolons(cited))

    def short_html(self, source: object) -> Html:
        """Only the lines, each linked to its line ("l. 47"), for a cell beside its figure: the table's
        source names the document, and each link's title names it too."""
        groups = self._groups(source)
        if not groups:
            return Html(escape(None if groups == [] else str(source)))
        return Html(
            ", ".join(
                f'<a href="{escape(self.href(document, ref))}" title="{escape(self.label(document))}, '
                f'{escape(_lines(ref))}">{escape(_lines(ref))}</a>'
                for document, refs in groups
                for ref in refs
            )
        )

    def cited(self, cells: object) -> str:
        """Every reference of a column of source cells, once, grouped by document with its lines: the
        source of a table or a figure drawn from all of them ("CFSI, Les actions pilotes, s. d., l. 47,
        l. 101")."""
        refs: dict[str, None] = {}
        for cell in cells:  # type: ignore[attr-defined]
            for _document, grouped in self._groups(cell) or []:
                refs.update(dict.fromkeys(str(ref) for ref in grouped))
        return self.text(" + ".join(refs)) if refs else ""

    def documents_cited(self, cells: object) -> str:
        """The documents a column of source cells cites, without lines: for a figure or a sentence
        that draws on every row (the lines are on the pages that show each row)."""
        documents: dict[str, None] = {}
        for cell in cells:  # type: ignore[attr-defined]
            groups = self._groups(cell) or []
            documents.update(dict.fromkeys(document for document, _ in groups))
        return fmt.semicolons(self.label(document) for document in documents)

    def many(self, sources: object) -> Html:
        """Several source cells (a list, or one cell), each cited once, in order of appearance."""
        cells = [sources] if isinstance(sources, str) else list(sources or [])
        seen = dict.fromkeys(str(cell) for cell in cells if not fmt.is_missing(cell))
        return Html(fmt.semicolons(self.html(cell) for cell in seen))
