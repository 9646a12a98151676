"""The evaluator's own text: read from Markdown files kept with the data, never generated.

A missing or empty file shows as a visible placeholder, so that a report never passes an
unwritten judgement off as a finished one. Raw HTML in the files is escaped: the text is
shown, never run.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import mistune

from toolkit.html import Html, escape

PLACEHOLDER = "À rédiger par l'évaluateur"
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@cache
def _markdown() -> mistune.Markdown:
    return mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])


def text(path: Path) -> str:
    """The file's text without HTML comments (where templates explain what to write); '' if absent."""
    if not path.is_file():
        return ""
    return COMMENT.sub("", path.read_text(encoding="utf-8")).strip()


def placeholder(what: str, path: Path | None = None) -> Html:
    where = f" (fichier {path.name})" if path is not None else ""
    return Html(
        f'<div class="caac-placeholder"><p><strong>{PLACEHOLDER}</strong> : {escape(what)}{escape(where)}.</p></div>'
    )


def section(narrative_dir: str | Path, name: str, what: str) -> Html:
    """The evaluator's Markdown ``<narrative_dir>/<name>.md`` as HTML, or a placeholder naming the file."""
    path = Path(narrative_dir) / f"{name}.md"
    body = text(path)
    if not body:
        return placeholder(what, path)
    return Html(f'<div class="caac-narrative">{_markdown()(body)}</div>')
