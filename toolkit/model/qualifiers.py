"""The qualifiers a figure carries ("plus de 70", "environ 200"), in one place: their codes,
their French words, and what a sum of qualified figures is."""

from __future__ import annotations

# How the parsers' qualifiers read in French, before the number they qualify.
QUALIFIER_FR = {
    "more_than": "plus de",
    "at_least": "au moins",
    "about": "environ",
    "less_than": "moins de",
    "at_most": "jusqu'à",
    "since": "depuis",
}

LOWER_BOUNDS = {"more_than", "at_least"}
UPPER_BOUNDS = {"less_than", "at_most"}


def sum_qualifier(qualifiers: set[str]) -> str:
    """What a sum is, given its parts: one lower bound makes it a lower bound, one estimate an estimate."""
    if qualifiers & LOWER_BOUNDS:
        return "at_least"
    return "about" if "about" in qualifiers else ""


def sum_upper_bound(low: float, high: float, qualifier: str) -> float | None:
    """The upper bound of a sum of ranges; none when it is a lower bound or no range was added."""
    return high if high != low and qualifier != "at_least" else None
