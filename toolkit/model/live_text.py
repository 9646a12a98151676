"""Text that a spreadsheet would run: a cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is read by Excel, LibreOffice and Google Sheets as a formula (the OWASP "CSV
injection" class), and a formula such as ``=HYPERLINK("http://…"&B3, …)`` sends the sheet's data
away when someone clicks it.

Two defences, one per kind of output:
- in a workbook the toolkit writes, such a cell is written as text (``as_text``), never as a formula;
- in a CSV written for people to open (``findings.csv``, ``quarantine/*.csv``), such text is
  prefixed with a single quote, as OWASP recommends (``neutralised``); the toolkit reads those files
  back through ``restored``, which removes exactly the quote it added, so the pages show the value
  as it was written. The clean tables the pages read are not neutralised: they keep their values.

A number stays a number, negative ones included (``-5``, ``-3,5``): it cannot be a formula.
"""

from __future__ import annotations

import re

import pandas as pd

# The first characters that make a spreadsheet read a cell as a formula.
LIVE_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d[\d\s.,\u00a0\u202f]*(?:[eE][-+]?\d+)?")
QUOTE = "'"


def is_live(text: object) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula."""
    return isinstance(text, str) and text.startswith(LIVE_STARTS) and not _NUMBER.fullmatch(text)


def _needs_quote(text: str) -> bool:
    # A value that already begins with the quote before live text gets a second one, so that
    # ``restored`` gives back exactly what was written, whatever it was.
    return is_live(text) or (text.startswith(QUOTE) and _needs_quote(text[1:]))


def neutralised(text: object) -> object:
    """``text`` as a CSV for people holds it: live text behind a single quote."""
    return QUOTE + text if isinstance(text, str) and _needs_quote(text) else text


def restored(text: object) -> object:
    """A value of a neutralised CSV as it was before: the quote ``neutralised`` added removed."""
    if isinstance(text, str) and text.startswith(QUOTE) and _needs_quote(text[1:]):
        return text[1:]
    return text


def neutralised_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell of ``frame`` neutralised, the header included (a quarantined row keeps the
    raw file's own column names)."""
    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_object_dtype(out[name]) or pd.api.types.is_string_dtype(out[name]):
            out[name] = out[name].map(neutralised)
    return out.rename(columns=lambda name: neutralised(name) if isinstance(name, str) else name)


def restored_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A neutralised CSV read back: its cells and header as they were written."""
    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_object_dtype(out[name]) or pd.api.types.is_string_dtype(out[name]):
            out[name] = out[name].map(restored)
    return out.rename(columns=lambda name: restored(name) if isinstance(name, str) else name)
