"""ISO partial dates ("2015", "2015-03", "2015-03-01") as the periods they cover."""

from __future__ import annotations

import pandas as pd


def first_day(value: str) -> str:
    """'2015' -> '2015-01-01', '2015-03' -> '2015-03-01'."""
    return {4: f"{value}-01-01", 7: f"{value}-01"}.get(len(value), value)


def last_day(value: str) -> str:
    """'2015' -> '2015-12-31', '2015-02' -> '2015-02-28'."""
    if len(value) == 4:
        return f"{value}-12-31"
    if len(value) == 7:
        return str(pd.Period(value, freq="M").end_time.date())
    return value
