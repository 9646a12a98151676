"""ISO partial dates ("2015", "2015-03", "2015-03-01") as the periods they cover."""

from __future__ import annotations

import calendar
from functools import lru_cache

# A portfolio repeats a handful of period strings over hundreds of thousands of rows.
_CACHE = 4096


@lru_cache(maxsize=_CACHE)
def first_day(value: str) -> str:
    """'2015' -> '2015-01-01', '2015-03' -> '2015-03-01'."""
    return {4: f"{value}-01-01", 7: f"{value}-01"}.get(len(value), value)


@lru_cache(maxsize=_CACHE)
def last_day(value: str) -> str:
    """'2015' -> '2015-12-31', '2015-02' -> '2015-02-28'."""
    if len(value) == 4:
        return f"{value}-12-31"
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:7])
        return f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    return value
