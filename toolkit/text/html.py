"""Small HTML building blocks for report pages.

Every text that comes from data passes through ``escape``: a title such as
``<script>alert(1)</script>`` shows as text and never runs. Tables are semantic
(caption, header cells with ``scope``) so that screen readers and printing work.
"""

from __future__ import annotations

import html as _html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from toolkit.model.language import _
from toolkit.text import fmt


class Html(str):
    """Markup that is already safe; IPython displays it as HTML."""

    def _repr_html_(self) -> str:
        return str(self)

    def __add__(self, other: object) -> Html:
        return Html(str(self) + escape(other))

    def __radd__(self, other: object) -> Html:
        return Html(escape(other) + str(self))


def escape(value: object) -> str:
    if isinstance(value, Html):
        return str(value)
    if fmt.is_missing(value):
        return f'<span class="ev-missing">{fmt.NOT_REPORTED}</span>'
    return _html.escape(str(value), quote=True)


def link(label: object, href: str) -> Html:
    return Html(f'<a href="{_html.escape(href, quote=True)}">{escape(label)}</a>')


def missing(text: str | None = None) -> Html:
    """A missing value, marked as such: ``text``, or "non renseigné" in the active language."""
    return Html(f'<span class="ev-missing">{_html.escape(fmt.not_reported() if text is None else text)}</span>')


@dataclass(frozen=True)
class Col:
    label: str
    numeric: bool = False
    # French agreement: an empty cell under "Cible" or "Réalisation" reads "non renseignée".
    feminine: bool = False


def _agree(cell: str, col: Col) -> str:
    return cell.replace(fmt.NOT_REPORTED, fmt.NOT_REPORTED_F) if col.feminine else cell


def table(
    caption: str,
    columns: Sequence[Col],
    rows: Iterable[Sequence[object]],
    *,
    row_headers: bool = True,
    row_ids: Sequence[str] | None = None,
) -> Html:
    """A table whose first cell in each row is a row header (``scope="row"``) unless told otherwise;
    ``row_ids`` gives each row an id that links can point to."""
    numeric = ' class="num"'
    head = "".join(f'<th scope="col"{numeric if col.numeric else ""}>{escape(col.label)}</th>' for col in columns)
    body = []
    for number, row in enumerate(rows):
        cells = []
        for position, (col, value) in enumerate(zip(columns, row, strict=True)):
            css = ' class="num"' if col.numeric else ""
            if position == 0 and row_headers:
                cells.append(f'<th scope="row"{css}>{escape(value)}</th>')
            else:
                cells.append(f"<td{css}>{_agree(escape(value), col)}</td>")
        row_id = f' id="{_html.escape(row_ids[number], quote=True)}"' if row_ids is not None else ""
        body.append(f"<tr{row_id}>{''.join(cells)}</tr>")
    if not body:
        empty = missing(_("aucune donnée"))
        body.append(f'<tr><td colspan="{len(columns)}">{empty}</td></tr>')
    return Html(
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def definition_list(items: Iterable[tuple[str, object]]) -> Html:
    return Html("<dl>" + "".join(f"<dt>{escape(term)}</dt><dd>{escape(value)}</dd>" for term, value in items) + "</dl>")


def paragraph(text: object, css: str = "") -> Html:
    attribute = f' class="{css}"' if css else ""
    return Html(f"<p{attribute}>{escape(text)}</p>")


def heading(text: object, level: int = 1, anchor: str = "") -> Html:
    anchor_attribute = f' id="{_html.escape(anchor, quote=True)}"' if anchor else ""
    return Html(f"<h{level}{anchor_attribute}>{escape(text)}</h{level}>")


def bullet_list(items: Iterable[object]) -> Html:
    return Html("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>")


def join(*parts: object) -> Html:
    return Html("".join(escape(part) for part in parts))
