"""A source document as a page of the report: every line numbered, with an anchor, and the lines
the data cite marked.

A reviewer who follows a citation lands on the line it names (``#l560``), or on the first line of
the range it names (``#l560-562``); the lines of that range are then highlighted by the
stylesheet alone (``:target`` and ``:has``), so the page works offline, without script, and
prints as plain text. Every line some source reference cites carries a mark in the margin. A
confidential document is never shown whole: only the lines the data cite, with the gaps said.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from toolkit.ingest.parse import parse_source_refs
from toolkit.model import schema, sitemap
from toolkit.model.errors import ParseError
from toolkit.model.language import _
from toolkit.model.vocabulary import ColumnKind, DocumentKind, is_note, label_of
from toolkit.results.citations import anchor, citation_of, line_anchor
from toolkit.text import fmt
from toolkit.text.html import Html, escape

Range = tuple[int, int]


def cited_ranges(tables: Mapping[str, pd.DataFrame]) -> dict[str, set[Range]]:
    """Every range of lines each document is cited for, in the source columns of the clean tables."""
    columns = {table.name: [c.target for c in table.columns if c.kind == ColumnKind.SOURCE] for table in schema.TABLES}
    ranges: dict[str, set[Range]] = {}
    for name, frame in tables.items():
        for column in columns.get(name, []):
            if column not in frame:
                continue
            for cell in frame[column].dropna().unique():
                for ref in _refs(cell):
                    if ref.first_line is not None:
                        ranges.setdefault(ref.document, set()).add((ref.first_line, ref.last_line or ref.first_line))
    return ranges


def _refs(cell: object) -> list:
    try:
        return parse_source_refs(str(cell))
    except ParseError:
        return []  # the checks report a reference that does not read


def _range_class(first: int, last: int) -> str:
    return f"ev-r{first}-{last}"


def _styles(ranges: Iterable[Range]) -> str:
    """What the page marks when it is opened at a cited range: each line of that range."""
    rules = [
        f"body:has(#{line_anchor(first, last)}:target) .{_range_class(first, last)}"
        for first, last in sorted(ranges)
        if last > first
    ]
    if not rules:
        return ""
    return "<style>" + ",\n".join(rules) + " { background: var(--ev-cited-target); }</style>"


def page_title(row: dict) -> str:
    """What the page is called: the short title, else the title; a note, by its citation (its title is
    the evaluator's, and the citation is how every other page names it)."""
    if is_note(row.get("kind")):
        return citation_of(row)
    return str(row.get("short_title") if not fmt.is_missing(row.get("short_title")) else row.get("title"))


def _meta(row: dict, count: int) -> str:
    # A note's heading is its citation already.
    parts = ([] if is_note(row.get("kind")) else [escape(citation_of(row))]) + [escape(row.get("title"))]
    if not fmt.is_missing(row.get("author")):
        parts.append(escape(row["author"]))
    if not fmt.is_missing(row.get("kind")):
        parts.append(escape(label_of(row["kind"], DocumentKind)))
    parts.append(_("{count} lignes").format(count=fmt.figure(count)))
    return " · ".join(parts)


def _line(number: int, text: str, ranges: list[Range]) -> str:
    starts = [r for r in ranges if r[0] == number and r[1] > r[0]]
    classes = ["ev-line"] + (["ev-cited"] if ranges else []) + [_range_class(*r) for r in ranges if r[1] > r[0]]
    # An empty element per range that starts here: the link to a range lands on its first line.
    marks = "".join(f'<span class="ev-range" id="{line_anchor(*r)}"></span>' for r in sorted(starts))
    body = escape(text) if text.strip() else "&#8203;"
    return (
        f'<div class="{" ".join(classes)}" id="{line_anchor(number)}">{marks}'
        f'<a class="ev-ln" href="#{line_anchor(number)}">{number}</a>'
        f'<span class="ev-text">{body}</span></div>'
    )


def document_page(row: dict, lines: tuple[str, ...], ranges: set[Range], *, confidential: bool = False) -> Html:
    """The body of a document's page: heading, what the document is, and its lines."""
    by_line: dict[int, list[Range]] = {}
    for first, last in ranges:
        for number in range(first, min(last, len(lines)) + 1):
            by_line.setdefault(number, []).append((first, last))
    title = escape(page_title(row))
    href = sitemap.href(sitemap.ANNEXES, from_folder=sitemap.DOCUMENTS, anchor=anchor(row["document"]))
    back = f'<a href="{href}">' + _("la liste des documents sources") + "</a>"
    if confidential:
        intro = _(
            "Document confidentiel : seuls les passages que cite le rapport sont publiés ici ; "
            "les autres lignes ne le sont pas."
        )
    else:
        intro = _("Le texte du document tel que les données le citent, ligne par ligne.")
    marked = _(
        "Les lignes citées par le rapport sont marquées d'un trait dans la marge ; "
        "une citation ouvre cette page à sa première ligne et surligne les lignes qu'elle cite."
    )
    shown = []
    gap_start = None
    for number, text in enumerate(lines, start=1):
        cited = by_line.get(number, [])
        if confidential and not cited:
            gap_start = gap_start or number
            continue
        if gap_start is not None:
            shown.append(_gap(gap_start, number - 1))
            gap_start = None
        shown.append(_line(number, text, cited))
    if gap_start is not None:
        shown.append(_gap(gap_start, len(lines)))
    return Html(
        _styles(ranges)
        + f"<h1>{title}</h1>"
        + f'<p class="ev-doc-meta">{_meta(row, len(lines))}</p>'
        + f"<p>{intro} {marked} "
        + _("Retour à {link}.").format(link=back)
        + "</p>"
        # The document's own text, in the language it is written in (the programme's documents are French).
        + f'<div class="ev-document" lang="fr">{"".join(shown)}</div>'
    )


def _gap(first: int, last: int) -> str:
    lines = (
        _("ligne {first} non publiée").format(first=first)
        if first == last
        else _("lignes {first} à {last} non publiées").format(first=first, last=last)
    )
    return f'<p class="ev-gap">[…] {lines} ' + _("(document confidentiel)") + "</p>"
