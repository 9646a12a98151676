"""French typography on a finished page: no-break spaces where French puts them.

French sets a space before the high punctuation marks and inside guillemets, and that space
must never break a line: a lone ";" or "»" at the start of a line is a typesetting error a
French reader notices at once. The texts (data, narrative files, messages) are written with
ordinary spaces, as people type them; the page is set once, here, after nbconvert, so that no
block has to think about it. Only text between tags changes: attributes, styles and scripts
are left as they are.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"  # before ":" and inside guillemets (espace mot insécable)
NNBSP = "\u202f"  # before ";", "!" and "?" (espace fine insécable)

_MARKUP = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->|<[^>]+>)", re.DOTALL | re.IGNORECASE)
_RULES = (
    (re.compile(r"[ \u00a0\u202f]+([;!?])"), NNBSP + r"\1"),
    (re.compile(r"[ \u00a0\u202f]+([:»])"), NBSP + r"\1"),
    (re.compile(r"«[ \u00a0\u202f]+"), "«" + NBSP),
)


def french_text(text: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def french_spacing(page: str) -> str:
    """The page with French no-break spaces in its text; markup untouched."""
    parts = _MARKUP.split(page)
    # re.split with one group alternates text (even positions) and markup (odd positions).
    return "".join(part if i % 2 else french_text(part) for i, part in enumerate(parts))
