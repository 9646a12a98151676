"""The evaluator's own text: read from Markdown files kept with the data, never generated.

A missing or empty file shows as a visible placeholder, so that a report never passes an
unwritten judgement off as a finished one. Raw HTML in the files is escaped: the text is
shown, never run.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import mistune
from mistune.util import striptags

from toolkit.check.narrative_refs import (
    FIELD,
    FOLLOWS_FROM,
    IMAGE_TYPES,
    NUMBERED,
    RESTS_ON,
    item_anchor,
    local_image,
    project_root,
    shown_path,
)
from toolkit.ingest.documents import inside, read_text
from toolkit.model.language import _
from toolkit.model.slots import BY_MANAGEMENT, OPERATION_SLOT, PLACEHOLDER, SLOTS, Slot
from toolkit.text.html import Html, escape

__all__ = ["BY_MANAGEMENT", "OPERATION_SLOT", "PLACEHOLDER", "SLOTS", "Slot", "section", "slot", "operation_slot"]

_BY_NAME = {slot.name: slot for slot in SLOTS}

COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# A numbered item's heading as mistune writes it: shown one level under its section's, with its anchor.
ITEM_HEADING = re.compile(r"<h[1-6]>((?:<strong>)?([CRL]\d+)\b.*?)</h[1-6]>")
CITED = re.compile(r"\b([CRL]\d+|Q\d+)\b")


class _OfflineRenderer(mistune.HTMLRenderer):
    """Markdown as HTML whose images load nothing: a picture of the texts' folder is embedded in the
    page, any other image (an address outside, a file elsewhere) is shown as its alternative text
    with its address as plain text. The clean stage reports those (``narrative.image``)."""

    def __init__(self, folder: Path, text_file: Path):
        super().__init__(escape=True)
        self.folder, self.text_file = folder, text_file

    def image(self, text: str, url: str, title: str | None = None) -> str:
        # ``text`` is the alternative text already rendered, and escaped (raw HTML is never run):
        # its tags dropped, it is safe in an attribute as it is.
        alt = striptags(text)
        path = local_image(self.folder, self.text_file, url)
        if path is None:
            said = _("{alt} (image non chargée : {address})").format(alt=alt, address=escape(url))
            return f'<span class="ev-image-not-loaded">{said}</span>'
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        titled = f' title="{escape(title)}"' if title else ""
        return f'<img src="data:{IMAGE_TYPES[path.suffix.lower()]};base64,{data}" alt="{alt}"{titled}>'


def _markdown(folder: Path, text_file: Path) -> mistune.Markdown:
    return mistune.create_markdown(renderer=_OfflineRenderer(folder, text_file), plugins=["table", "strikethrough"])


def text(path: Path) -> str:
    """The file's text without HTML comments (where templates explain what to write); '' if absent."""
    if not path.is_file():
        return ""
    return COMMENT.sub("", read_text(path)).strip()


def placeholder(what: str, path: Path | None = None, author: str = PLACEHOLDER) -> Html:
    """A missing text said: ``what`` (in the active language) goes there, in ``path``, written by
    ``author`` (the evaluator unless said otherwise)."""
    label = "<strong>" + _(author) + "</strong>"
    said = (
        _("{placeholder} : {what} (fichier {file}).").format(
            placeholder=label,
            what=escape(what),
            file=escape(shown_path(path, project_root(path.parent) or path.parent)),
        )
        if path is not None
        else _("{placeholder} : {what}.").format(placeholder=label, what=escape(what))
    )
    return Html(f'<div class="ev-placeholder"><p>{said}</p></div>')


def _linked(body: str, questions: dict[str, str]) -> str:
    """The numbers a "Découle de" or "Repose sur" line cites as links to their anchors: an item's on
    this page (``#c1``), a question's at its section 5 heading when ``questions`` gives its id."""

    def link(match: re.Match) -> str:
        number = match[1]
        if number[0] == "Q":
            return f"[{number}](#{questions[number]})" if number in questions else number
        return f"[{number}](#{item_anchor(number)})"

    lines = []
    for line in body.split("\n"):
        given = FIELD.match(line)
        if given and given[1].strip().lower() in (FOLLOWS_FROM.lower(), RESTS_ON.lower()):
            head, _colon, cited = line.partition(":")
            line = head + ":" + CITED.sub(link, cited)
        lines.append(line)
    return "\n".join(lines)


def _anchored(html: str, letter: str) -> str:
    """The items' headings one level under their section's: a file's own items (``letter``) with their
    anchor, another's (the management response's "R1") linked to the item they answer."""

    def heading(match: re.Match) -> str:
        number = match[2]
        if number[0] == letter:
            return f'<h3 id="{item_anchor(number)}">{match[1]}</h3>'
        linked = f'<a href="#{item_anchor(number)}">{number}</a>'
        return "<h3>" + match[1].replace(number, linked, 1) + "</h3>"

    return ITEM_HEADING.sub(heading, html)


def section(
    narrative_dir: str | Path,
    name: str,
    what: str,
    author: str = PLACEHOLDER,
    questions: dict[str, str] | None = None,
    root: Path | None = None,
) -> Html:
    """The Markdown ``<narrative_dir>/<name>.md`` as HTML, or a placeholder naming the file and its author.
    ``root``: the texts' folder, whose pictures its images may show (``narrative_dir`` by default).

    A numbered item's heading (``## C1 — titre``) gets its anchor (``id="c1"``), and the numbers its
    "Découle de" and "Repose sur" lines cite link to theirs."""
    path = Path(narrative_dir) / f"{name}.md"
    # A link out of the texts' folder is not read (the clean stage reports it, file.outside).
    body = text(path) if inside(Path(root or narrative_dir), path) else ""
    if not body:
        return placeholder(what, path, author)
    html = _markdown(Path(root or narrative_dir), path)(_linked(body, questions or {}))
    return Html(f'<div class="ev-narrative">{_anchored(html, NUMBERED.get(name, ""))}</div>')


def slot(narrative_dir: str | Path, name: str, questions: dict[str, str] | None = None) -> Html:
    """A slot of the programme report (``SLOTS``): the evaluator's text, or a placeholder saying what goes there.
    ``questions`` (Q1 → question id) links the question numbers a conclusion rests on."""
    chosen = _BY_NAME[name]
    return section(narrative_dir, name, _(chosen.guidance), chosen.author, questions)


def operation_slot(narrative_dir: str | Path, operation_id: str) -> Html:
    return section(
        Path(narrative_dir) / "operations", operation_id, _(OPERATION_SLOT.guidance), root=Path(narrative_dir)
    )
