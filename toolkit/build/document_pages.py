"""The source documents' pages: planned with a key like the notebook pages, written in the build's
own process (a page of text needs no kernel), published with them.

A document has a page when the build could read its text (``file_found`` in the clean documents
table). Its key holds its text, its row, the ranges the data cite in it and the toolkit's code, so
an unchanged document keeps its page; a document that left documents.csv loses it. A confidential
document (a note, unless its row says otherwise) shows only the lines the data cite.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.model import fingerprints, sitemap
from toolkit.model.language import N_, _, active

DOCUMENTS_LABEL = N_("Documents sources")  # translated where shown


@dataclass
class DocumentPage:
    html: str  # relative to the reports folder
    title: str
    key: str  # what decides whether the page is written again: its data and the toolkit's code
    data_hash: str  # what the page read, named in its footer as every page names it
    row: dict
    lines: tuple[str, ...]
    ranges: set[tuple[int, int]]
    confidential: bool

    @property
    def files(self) -> list[str]:
        return [self.html]


def plan_documents(raw: Path, tables: dict, common: str) -> list[DocumentPage]:
    """A page for each document of the clean documents table whose text the build has."""
    from toolkit.ingest.documents import documents_dir, read_lines
    from toolkit.model.values import is_missing
    from toolkit.report.documents import cited_ranges, page_title
    from toolkit.results.citations import document_page

    documents = tables.get("documents")
    if documents is None or documents.empty or "file_found" not in documents:
        return []
    ranges = cited_ranges(tables)
    folder = documents_dir(raw)
    planned = []
    for row in documents.to_dict("records"):
        if not row.get("file_found"):
            continue
        lines = read_lines(folder / str(row["document"]))
        if lines is None:  # removed since cleaning: its citations link to the annex
            continue
        confidential = is_confidential(row)
        cited = ranges.get(str(row["document"]), set())
        title = page_title(row)
        record = {key: (None if is_missing(value) else str(value)) for key, value in row.items()}
        data_hash = fingerprints.hash_text("document", record, lines, sorted(cited), confidential)
        key = fingerprints.hash_text(common, data_hash, active())  # the page is in the build's language
        planned.append(
            DocumentPage(document_page(row["document"]), title, key, data_hash, row, lines, cited, confidential)
        )
    return planned


def is_confidential(row: dict) -> bool:
    """Whether a document may only be shown by its cited lines: as its row says, and a note when its
    row says nothing (the clean stage sets it so; a table built otherwise gets the same answer)."""
    from toolkit.model.values import is_missing
    from toolkit.model.vocabulary import is_note

    value = row.get("confidential")
    if is_missing(value):
        return is_note(row.get("kind"))
    return bool(value) and str(value).strip().lower() not in {"false", "faux", "non", "0"}


def write_document(page: DocumentPage, stage: Path, index_label: str, footer: str) -> None:
    from toolkit.build.render import export_notice
    from toolkit.report.documents import document_page

    export_notice(
        stage / page.html,
        title=page.title,
        breadcrumb=[
            (index_label, sitemap.href(sitemap.INDEX, from_folder=sitemap.DOCUMENTS)),
            (_(DOCUMENTS_LABEL), sitemap.href(sitemap.ANNEXES, from_folder=sitemap.DOCUMENTS, anchor="documents")),
            (page.title, ""),
        ],
        footer=footer,
        body=document_page(page.row, page.lines, page.ranges, confidential=page.confidential),
    )
