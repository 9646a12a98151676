"""Persons reached, added group by group as the fiches count them."""

from toolkit.ingest.people import PersonTotal, group_label, person_total, sum_person_totals


def group(count, group_name, persons=True, qualifier="exact", count_max=None, restates=None, text=None):
    return {
        "count": count,
        "count_max": count_max,
        "count_text": text if text is not None else ("" if count is None else str(count)),
        "qualifier": qualifier,
        "group": group_name,
        "persons": persons,
        "restates": restates,
    }


def test_only_persons_are_added_and_the_rest_is_named():
    # 003 l. 240-245 (Coopération Atlantique – Guinée 44).
    total = person_total(
        [
            group(200, "jeunes"),
            group(200, "familles", persons=False),
            group(40, "représentants d'associations"),
            group(110, "représentants des pouvoirs publics"),
        ]
    )
    assert (total.total, total.qualifier, total.total_max) == (350, "", None)
    assert total.left_out == ("200 familles (hors total des personnes)",)


def test_a_restated_group_counts_once_in_persons():
    # 003 l. 582: "1 696 familles soit 7 676 personnes".
    total = person_total([group(1696, "familles", persons=False), group(7676, "personnes", restates=True)])
    assert (total.total, total.left_out) == (7676, ())


def test_a_group_of_persons_without_a_count_makes_the_total_a_minimum():
    total = person_total([group(30, "meuniers"), group(None, "acheteurs et usagers")])
    assert (total.total, total.qualifier) == (30, "at_least")
    assert total.left_out == ("acheteurs et usagers (non chiffrés)",)


def test_ranges_and_estimates_keep_their_shape():
    total = person_total([group(9, "TPE", qualifier="range", count_max=15), group(10, "jardiniers", qualifier="about")])
    assert (total.total, total.total_max, total.qualifier) == (19, 25, "about")


def test_no_persons_is_no_total_never_zero():
    total = person_total([group(240, "structures", persons=False)])
    assert total.total is None and total.left_out == ("240 structures (hors total des personnes)",)


def test_labels_read_as_the_fiche_writes_them():
    assert group_label(group(10, "« futurs jardiniers »", qualifier="about", text="une dizaine")) == (
        "une dizaine de « futurs jardiniers »"
    )
    assert group_label(group(None, "les entreprises")) == "les entreprises"


def test_operations_add_up_as_qualified_as_their_least_exact_part():
    summed = sum_person_totals(
        [
            PersonTotal(350, None, "", ("350",), ("200 familles (hors total des personnes)",)),
            PersonTotal(30, None, "at_least", ("30 meuniers",), ()),
            PersonTotal(None, None, "", (), ("240 structures (hors total des personnes)",)),
        ]
    )
    assert (summed.total, summed.qualifier) == (380, "at_least")
    assert len(summed.left_out) == 2
    assert sum_person_totals([]).total is None


def test_a_total_keeps_the_place_its_groups_share():
    # 003 l. 158-159: "Indirects : 115 000 (hors France)".
    total = person_total([{**group(115000, "bénéficiaires"), "place": "hors France"}])
    assert total.place == "hors France"
    mixed = person_total(
        [{**group(243, "agriculteurs"), "place": "Salvador"}, {**group(10, "jardiniers"), "place": "France"}]
    )
    assert mixed.place == ""
