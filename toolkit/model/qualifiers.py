"""The qualifiers a figure carries ("plus de 70", "environ 200"), in one place: their codes,
their French words, and what a sum of qualified figures is."""

from __future__ import annotations

from toolkit.model.language import N_

# How the parsers' qualifiers read in French, before the number they qualify; the French words are
# message ids, which fmt.measured shows in the active language.
QUALIFIER_FR = {
    "more_than": N_("plus de"),
    "at_least": N_("au moins"),
    "at_least_about": N_("au moins"),  # a minimum that adds an estimate: "(estimation comprise)" follows the figure
    "about": N_("environ"),
    "less_than": N_("moins de"),
    "at_most": N_("jusqu'à"),
    "since": N_("depuis"),
}

# What follows a figure so qualified, in brackets: what its words before it cannot say.
QUALIFIER_NOTE_FR = {"at_least_about": N_("estimation comprise")}

LOWER_BOUNDS = {"more_than", "at_least", "at_least_about"}
UPPER_BOUNDS = {"less_than", "at_most"}
ESTIMATES = {"about", "at_least_about"}


def sum_qualifier(qualifiers: set[str]) -> str:
    """What a sum is, given its parts: one lower bound makes it a lower bound, one estimate an estimate,
    and both a lower bound that counts an estimate ("au moins 82 personnes (estimation comprise)")."""
    if qualifiers & LOWER_BOUNDS:
        return "at_least_about" if qualifiers & ESTIMATES else "at_least"
    return "about" if "about" in qualifiers else ""


def sum_upper_bound(low: float, high: float, qualifier: str) -> float | None:
    """The upper bound of a sum of ranges; none when it is a lower bound or no range was added."""
    return high if high != low and qualifier not in LOWER_BOUNDS else None
