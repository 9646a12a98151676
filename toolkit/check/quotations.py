"""Whether a quotation is at the lines it cites.

A transcriber copies a passage from a PDF turned into text: the line breaks, the spaces and the
Markdown emphasis (``**…**``) of the document are not the quotation's business, and a cut is
written "[…]". Everything else must be the document's own words, in its order. The comparison
therefore drops whitespace and emphasis marks on both sides, reads apostrophes and quotation
marks of any style as one, and looks for the pieces between the cuts one after the other.
"""

from __future__ import annotations

import re
import unicodedata

from toolkit.ingest.documents import DocumentTexts
from toolkit.ingest.parse import parse_source_refs
from toolkit.model.errors import ParseError

# "[…]", "[...]", "(…)", "(...)" and a bare "…" all mark words left out.
_CUT = re.compile(r"\[\s*(?:…|\.\.\.)\s*\]|\(\s*(?:…|\.\.\.)\s*\)|…|\.\.\.")
_SAME_MARK = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "«": '"', "»": '"', "„": '"'})
_IGNORED = re.compile(r"[\s*_]+")  # whitespace of every kind (no-break spaces too), Markdown emphasis


def comparable(text: str) -> str:
    """``text`` as the comparison sees it."""
    return _IGNORED.sub("", unicodedata.normalize("NFC", text).translate(_SAME_MARK)).casefold()


def quoted_in(quotation: str, passage: str) -> bool:
    """Whether every piece of ``quotation`` between its cuts stands in ``passage``, in order."""
    return quoted_lines(quotation, [passage]) is not None


def quoted_lines(quotation: str, lines: list[str]) -> set[int] | None:
    """The lines of ``lines`` (0 for the first) that hold a piece of ``quotation``, every piece found
    after the one before it; None when one is not there."""
    starts, ends, haystack = [], [], ""
    for line in lines:
        starts.append(len(haystack))
        haystack += comparable(line)
        ends.append(len(haystack))
    held: set[int] = set()
    position = 0
    for piece in (comparable(piece) for piece in _CUT.split(quotation)):
        if not piece:
            continue  # nothing but cut marks finds nothing, and is no failure
        found = haystack.find(piece, position)
        if found < 0:
            return None
        position = found + len(piece)
        held.update(
            i for i, (start, end) in enumerate(zip(starts, ends, strict=True)) if start < position and end > found
        )
    return held


# A figure as documents write it: "98 525", "98.525", "1 336 449", "2,5".
_NUMBER = re.compile(r"\d{1,3}(?:[ .\u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?")


def numbers_in(passage: str) -> set[float]:
    """Every number a passage writes, read the French way (space or dot between thousands, decimal comma)."""
    found = set()
    for match in _NUMBER.findall(passage):
        whole, _, decimals = re.sub(r"[ .\u00a0\u202f]", "", match).partition(",")
        found.add(float(f"{whole}.{decimals or 0}"))
    return found


def figure_found(value: object, source: object, texts: DocumentTexts, *, also: tuple[float, ...] = ()) -> bool | None:
    """Whether a figure (a number, however the data write it) stands at the lines ``source`` cites:
    "98 525,00 €" in the data and "98 525 €" in the document are one figure. ``also``: other
    numbers that write it (a duration of 24 months is "2 ans"). None when it cannot be checked."""
    if value is None or isinstance(value, str) or value != value:
        return None
    passage = _passage(source, texts)
    if passage is None:
        return None
    numbers = numbers_in(passage)
    return any(abs(float(candidate) - number) < 0.005 for candidate in (value, *also) for number in numbers)


def _passage(source: object, texts: DocumentTexts) -> str | None:
    if not isinstance(source, str) or not source:
        return None
    try:
        refs = parse_source_refs(source)
    except ParseError:
        return None
    passages = []
    for ref in refs:
        if ref.first_line is None:
            return None
        passage = texts.passage(ref.document, ref.first_line, ref.last_line or ref.first_line)
        if passage is None:
            return None
        passages.append(passage)
    # References joined by " + " may share a quotation between them: read them as one text.
    return "\n".join(passages)


def quotation_found(quotation: object, source: object, texts: DocumentTexts) -> bool | None:
    """True when the quotation is at the lines ``source`` cites; None when it cannot be checked
    (no text, a reference that does not read, a section rather than lines, a document without
    its file, lines outside the document: other rules report those)."""
    if not isinstance(quotation, str) or not quotation.strip():
        return None
    passage = _passage(source, texts)
    return None if passage is None else quoted_in(quotation, passage)
