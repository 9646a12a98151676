import math

import pytest

from toolkit import fmt

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(98525, f"98{NNBSP}525{NBSP}€"), (64040.0, f"64{NNBSP}040{NBSP}€"), (1700000, f"1{NNBSP}700{NNBSP}000{NBSP}€")],
)
def test_euros_in_french(value, expected):
    assert fmt.euros(value) == expected


def test_percent_takes_a_share():
    assert fmt.percent(0.65) == f"65,0{NBSP}%"
    assert fmt.percent(0.497, decimals=1) == f"49,7{NBSP}%"


@pytest.mark.parametrize("missing", [None, float("nan"), math.nan, ""])
def test_missing_values_read_not_reported_never_zero(missing):
    assert fmt.number(missing) == "non renseigné"
    assert fmt.euros(missing) == "non renseigné"


def test_months():
    assert fmt.months(25) == f"25{NBSP}mois"
