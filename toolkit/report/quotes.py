"""A passage of a document as a quotation a reader can take in: whole sentences, no markup.

The evidence table keeps each excerpt as transcribed (a fixed length, the document's own
Markdown emphasis and HTML tags). A page shows it cut at the last sentence that ends inside it,
with "[…]" where the quotation leaves the document's text, as French quotation practice does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from toolkit.model.cells import split_values

ELLIPSIS = "[…]"
SIC = "[sic]"
# The document's own emphasis (**gras**, *italique*, _souligné_) and tags such as <i>…</i>.
_MARKUP = re.compile(r"\*{1,3}|(?<!\w)_{1,2}|_{1,2}(?!\w)|</?[a-zA-Z][^>]*>")
# A sentence ends with . ! ? or … (possibly followed by a closing quote or bracket) and a space.
_SENTENCE_END = re.compile(r"[.!?…](?:\s?[»\")\]])*(?=\s)")
_SPACES = re.compile(r"\s+")
# Who said it, right after a quotation: « … » (Mariannick, CGT). A cut must not drop it.
_ATTRIBUTION = re.compile(r"\s*\([^()]{1,80}\)[.,;]?(?=\s|$)")


def strip_markup(text: str) -> str:
    return _SPACES.sub(" ", _MARKUP.sub("", text)).strip()


def _starts_a_sentence(text: str) -> bool:
    first = text.lstrip('«"( ')[:1]
    return not first or not first.isalpha() or first.isupper()


def _ends_a_sentence(text: str) -> bool:
    # A quotation closed and attributed ("… » (Secours Populaire Français)") ends as well.
    return bool(re.search(r"[.!?…][»\")\]]*$|»\s*\([^()]{1,80}\)$", text))


def _cut(text: str) -> str:
    ends = list(_SENTENCE_END.finditer(text))
    # Keep the cut only when it leaves a real sentence; a short excerpt stays whole.
    if not ends or ends[-1].end() < 40:
        return f"{text} {ELLIPSIS}"
    end = ends[-1].end()
    attribution = _ATTRIBUTION.match(text, end)
    return text[: attribution.end()] if attribution else text[:end]


def _guillemets(text: str) -> tuple[int, int]:
    """How many closing guillemets have no opening one, and how many opened stay open."""
    depth, unopened = 0, 0
    for char in text:
        if char == "«":
            depth += 1
        elif char == "»":
            if depth:
                depth -= 1
            else:
                unopened += 1
    return unopened, depth


def misspellings(acronyms: pd.DataFrame) -> tuple[str, ...]:
    """The documents' known misspellings of names (acronyms.csv), to mark in quotations."""
    cells = acronyms["misspellings"].dropna() if "misspellings" in acronyms else []
    return tuple(word for cell in cells for word in split_values(cell))


def mark_sic(text: str, words: Iterable[str]) -> str:
    """Each known misspelling followed by "[sic]": the quotation stays verbatim, and the reader
    knows the spelling is the document's, not the report's."""
    for word in words:
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)(?! \[sic\])", f"{word} {SIC}", text)
    return text


def clean_quote(excerpt: object, sic: Iterable[str] = ()) -> str:
    """The excerpt without markup, cut after its last complete sentence (and the attribution that
    follows it); "[…]" marks each cut, a quotation the excerpt enters or leaves midway is opened
    or closed so that guillemets always pair, and the ``sic`` spellings are marked."""
    text = strip_markup(str(excerpt or ""))
    if not text:
        return text
    if not _ends_a_sentence(text):
        text = _cut(text)
    unopened, unclosed = _guillemets(text)
    if unopened:
        text = f"« {ELLIPSIS} " * unopened + text
    elif not _starts_a_sentence(text):
        text = f"{ELLIPSIS} {text}"
    if unclosed:
        text += (" »" if text.endswith(ELLIPSIS) else f" {ELLIPSIS} »") * unclosed
    return mark_sic(text, sic)
