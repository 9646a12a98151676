"""The notebooks' markdown cells in the programme's language: their French text is the message id,
translated when the page is exported, and Babel extracts it from the notebooks for the catalogue.

A markdown cell is cut into blocks at its blank lines, and each block is one message: a heading's
text (``# Qualité des données``, or the text inside ``<h2 id="matrice">…</h2>``, whose tag and
anchor stay as they are, so that links keep working) or a paragraph, as written (markdown links
included: a translation keeps their targets). A markdown heading gets its anchor from its text
(nbconvert's ``add_anchor``): a translated one is written as the HTML nbconvert makes of the French
heading, its text translated, so that its anchor is the French page's. A French page is exported untouched: the cell's text
is its own message, and French has no catalogue.

The same cutting serves the extraction (``make messages`` puts the messages in ``notebooks.po``,
``model/catalogues.py`` names this module's extractor for ``.ipynb`` files) and the translation, so
that the catalogue holds exactly the texts the export looks up.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from xml.sax.saxutils import escape

from nbconvert.filters.strings import add_anchor
from nbconvert.preprocessors import Preprocessor

from toolkit.model.language import SOURCE, _, active

_BLANK = re.compile(r"(\n[ \t]*\n)")  # a block separator, kept as it is
_HEADING = re.compile(r"^(#{1,6}[ \t]+)(.+?)([ \t]*)$")
_HTML_HEADING = re.compile(r"^(<h[1-6]\b[^>]*>)(.+?)(</h[1-6]>)$", re.DOTALL)


def _parts(block: str) -> tuple[str, str, str]:
    """A block as (before, message, after): the message is what is translated, the rest is kept."""
    stripped = block.strip()
    if not stripped:
        return block, "", ""
    start = block.index(stripped)
    lead, tail = block[:start], block[start + len(stripped) :]
    for pattern in (_HEADING, _HTML_HEADING):
        found = pattern.match(stripped) if "\n" not in stripped or pattern is _HTML_HEADING else None
        if found:
            return lead + found.group(1), found.group(2), found.group(3) + tail
    return lead, stripped, tail


def messages(source: str) -> Iterator[str]:
    """The messages of a markdown cell's text, in order."""
    for index, block in enumerate(_BLANK.split(source)):
        if index % 2 == 0:
            message = _parts(block)[1]
            if message:
                yield message


def translated(source: str) -> str:
    """A markdown cell's text in the active language: each of its messages translated, the markup
    and blank lines around them kept."""
    if active() == SOURCE:
        return source
    pieces = []
    for index, block in enumerate(_BLANK.split(source)):
        if index % 2:
            pieces.append(block)
            continue
        before, message, after = _parts(block)
        heading = _HEADING.match(before.lstrip() + message)
        if message and heading and not after.strip():
            pieces.append(before[: len(before) - len(before.lstrip())] + _anchored(heading.group(1), message) + after)
        else:
            pieces.append(before + (_(message) if message else "") + after)
    return "".join(pieces)


def _anchored(marks: str, french: str) -> str:
    """A markdown heading translated, as the HTML nbconvert makes of it, with the French anchor."""
    level = marks.count("#")
    anchor = re.search(r' id="([^"]*)"', add_anchor(f"<h{level}>{escape(french)}</h{level}>")).group(1)
    return f'<h{level} id="{anchor}">{escape(_(french))}<a class="anchor-link" href="#{anchor}">¶</a></h{level}>'


class TranslateMarkdown(Preprocessor):
    """nbconvert's step that puts each markdown cell in the active language."""

    def preprocess_cell(self, cell, resources, index):  # noqa: ARG002 - nbconvert's signature
        if cell.cell_type == "markdown":
            cell.source = translated(cell.source)
        return cell, resources


def extract_notebook(fileobj, keywords, comment_tags, options):  # noqa: ARG001 - Babel's signature
    """Babel's extractor for a notebook: each message of its markdown cells, with the cell's number
    (from 1) as its line."""
    cells = json.load(fileobj).get("cells", [])
    for number, cell in enumerate(cells, start=1):
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            for message in messages("".join(source) if isinstance(source, list) else source):
                yield number, None, message, []
