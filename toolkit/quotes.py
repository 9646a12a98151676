"""A passage of a document as a quotation a reader can take in: whole sentences, no markup.

The evidence table keeps each excerpt as transcribed (a fixed length, the document's own
Markdown emphasis and HTML tags). A page shows it cut at the last sentence that ends inside it,
with "[…]" where the quotation leaves the document's text, as French quotation practice does.
"""

from __future__ import annotations

import re

ELLIPSIS = "[…]"
# The document's own emphasis (**gras**, *italique*, _souligné_) and tags such as <i>…</i>.
_MARKUP = re.compile(r"\*{1,3}|(?<!\w)_{1,2}|_{1,2}(?!\w)|</?[a-zA-Z][^>]*>")
# A sentence ends with . ! ? or … (possibly followed by a closing quote or bracket) and a space.
_SENTENCE_END = re.compile(r"[.!?…][»\")\]]*(?=\s)")
_SPACES = re.compile(r"\s+")


def strip_markup(text: str) -> str:
    return _SPACES.sub(" ", _MARKUP.sub("", text)).strip()


def _starts_a_sentence(text: str) -> bool:
    first = text.lstrip('«"( ')[:1]
    return not first or not first.isalpha() or first.isupper()


def _ends_a_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?…][»\")\]]*$", text))


def clean_quote(excerpt: object) -> str:
    """The excerpt without markup, cut after its last complete sentence; "[…]" marks each cut."""
    text = strip_markup(str(excerpt or ""))
    if not text:
        return text
    if not _ends_a_sentence(text):
        ends = list(_SENTENCE_END.finditer(text))
        # Keep the cut only when it leaves a real sentence; a short excerpt stays whole.
        text = text[: ends[-1].end()] if ends and ends[-1].end() >= 40 else f"{text} {ELLIPSIS}"
    if not _starts_a_sentence(text):
        text = f"{ELLIPSIS} {text}"
    return text
