"""The persons a fiche counts, group by group: a fiche's "240 structures" is not 240 people.

Whether a group counts persons is recorded with each group in people.csv (column ``persons``),
so that no list of words decides it here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from toolkit.model.language import N_, _
from toolkit.model.qualifiers import ESTIMATES, sum_qualifier, sum_upper_bound
from toolkit.text import fmt


@dataclass(frozen=True)
class PersonTotal:
    """The persons an operation's fiche counts for one reach, and what the sum leaves out.

    ``total`` is None when no group is counted in persons (absence is not zero);
    ``qualifier`` is "at_least" when a group of persons has no count, "about" when an added
    count is an estimate; ``total_max`` is the upper bound when a range was added.
    """

    total: float | None
    total_max: float | None
    qualifier: str
    counted: tuple[str, ...]
    left_out: tuple[str, ...]
    place: str = ""  # where every counted group is, when the fiche places them all in one place
    estimated: bool = False  # an added count is an estimate ("une dizaine")


def groups_by_reach(records: Iterable[Mapping[str, object]]) -> dict[tuple[object, object], list[Mapping[str, object]]]:
    """The groups of people.csv by operation and reach, in their order, in one pass: a pandas
    mask per operation would make the callers quadratic in the number of operations."""
    groups: dict[tuple[object, object], list[Mapping[str, object]]] = {}
    for group in records:
        groups.setdefault((group.get("operation_id"), group.get("reach")), []).append(group)
    return groups


# Marks of the groups a total leaves out, which the pages look for: translated where they are written.
UNCOUNTED = N_("(non chiffrés)")
NOT_PERSONS = N_("(hors total des personnes)")


def left_out_as(item: str, mark: str) -> bool:
    """Whether a left-out group was left out for ``mark`` (UNCOUNTED, NOT_PERSONS)."""
    return item.endswith(_(mark))


def persons_text(total: PersonTotal) -> str:
    """A persons total as a figure: ``environ 28 910 personnes``, ``115 000 personnes (hors France)``."""
    shown = fmt.measured(total.total, total.total_max, total.qualifier, _("personnes"))
    notes = [total.place] if total.place else []
    if total.estimated and total.qualifier not in ESTIMATES:
        notes.append(_("estimation comprise"))  # "au moins 325" that counts "une dizaine" is a minimum of estimates
    return f"{shown} ({', '.join(notes)})" if notes else shown


def group_label(group: Mapping[str, object]) -> str:
    """A group as the fiche counts it: ``200 jeunes``, ``une dizaine de « futurs jardiniers »``."""
    name = str(group.get("group") or "")
    written = "" if fmt.is_missing(group.get("count_text")) else str(group["count_text"]).strip()
    if fmt.is_missing(group.get("count")) and not written:
        return name
    if written and group.get("qualifier") == "exact" and not any(char.isdigit() for char in written):
        return f"{written} {name}"  # "un opérateur privé": the fiche's words, not a digit it did not write
    return fmt.measured(group.get("count"), group.get("count_max"), group.get("qualifier"), name, written)


def _chains(groups: list[Mapping[str, object]]) -> list[list[Mapping[str, object]]]:
    """Rows grouped with the rows that restate them ("4 130 ménages soit environ 28 910 personnes")."""
    chains: list[list[Mapping[str, object]]] = []
    for group in groups:
        if group.get("restates") is True and chains:
            chains[-1].append(group)
        else:
            chains.append([group])
    return chains


def person_total(groups: list[Mapping[str, object]]) -> PersonTotal:
    """Add the groups of one operation and reach that count persons, each group once."""
    low = high = 0.0
    qualifiers: set[str] = set()
    counted: list[str] = []
    places: set[str] = set()
    left_out: list[str] = []
    for chain in _chains(groups):
        persons = [group for group in chain if group.get("persons") is True]
        numbered = [group for group in persons if not fmt.is_missing(group.get("count"))]
        if numbered:
            chosen = numbered[0]
            low += float(chosen["count"])  # type: ignore[arg-type]
            high += float(chosen["count_max"] if not fmt.is_missing(chosen.get("count_max")) else chosen["count"])  # type: ignore[arg-type]
            qualifiers.add(str(chosen.get("qualifier") or ""))
            counted.append(group_label(chosen))
            places.add("" if fmt.is_missing(chosen.get("place")) else str(chosen["place"]))
        elif persons:
            left_out.append(f"{group_label(persons[0])} {_(UNCOUNTED)}")
            qualifiers.add("at_least")
        else:
            left_out.append(f"{group_label(chain[0])} {_(NOT_PERSONS)}")
    if not counted:
        return PersonTotal(None, None, "", (), tuple(left_out))
    qualifier = sum_qualifier(qualifiers)
    total_max = sum_upper_bound(low, high, qualifier)
    place = places.pop() if len(places) == 1 else ""
    return PersonTotal(low, total_max, qualifier, tuple(counted), tuple(left_out), place, "about" in qualifiers)


def sum_person_totals(totals: list[PersonTotal]) -> PersonTotal:
    """Several operations' persons added up, the total as qualified as its least exact part."""
    known = [total for total in totals if total.total is not None]
    if not known:
        return PersonTotal(None, None, "", (), ())
    low = sum(float(total.total) for total in known)  # type: ignore[arg-type]
    high = sum(float(total.total if total.total_max is None else total.total_max) for total in known)  # type: ignore[arg-type]
    qualifier = sum_qualifier({total.qualifier for total in known})
    left_out = tuple(item for total in totals for item in total.left_out)
    total_max = sum_upper_bound(low, high, qualifier)
    places = {total.place for total in known}
    counted = tuple(item for total in known for item in total.counted)
    # An "environ" part stays an estimate inside a sum that another part makes a minimum.
    estimated = any(total.estimated or total.qualifier == "about" for total in known)
    place = places.pop() if len(places) == 1 else ""
    return PersonTotal(low, total_max, qualifier, counted, left_out, place, estimated)
