"""What counts as a missing value, in one place: an empty cell reads back from a CSV as NaN,
pandas writes NA, a converter leaves None, and a text column may hold "" or "nan"."""

from __future__ import annotations

import math


def is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(math.isnan(value))  # type: ignore[arg-type]
    except TypeError:
        return str(value) in {"", "<NA>", "nan"}


def text_or_empty(value: object) -> str:
    """The value as text, or "" when it is missing."""
    return "" if is_missing(value) else str(value)
