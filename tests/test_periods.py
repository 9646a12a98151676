"""Partial ISO dates as the periods they cover."""

import pytest

from toolkit.model.periods import first_day, last_day


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2015", "2015-01-01", "2015-12-31"),
        ("2015-03", "2015-03-01", "2015-03-31"),
        ("2015-02", "2015-02-01", "2015-02-28"),
        ("2016-02", "2016-02-01", "2016-02-29"),
        ("2015-04", "2015-04-01", "2015-04-30"),
        ("2015-03-14", "2015-03-14", "2015-03-14"),
    ],
)
def test_a_partial_date_covers_its_whole_period(value, first, last):
    assert (first_day(value), last_day(value)) == (first, last)
