import math
from datetime import UTC, datetime

import pytest

from toolkit.text import fmt

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(98525, f"98{NNBSP}525{NBSP}€"), (64040.0, f"64{NNBSP}040{NBSP}€"), (1700000, f"1{NNBSP}700{NNBSP}000{NBSP}€")],
)
def test_euros_in_french(value, expected):
    assert fmt.money(value, "EUR") == expected


def test_percent_takes_a_share():
    assert fmt.percent(0.65) == f"65,0{NBSP}%"
    assert fmt.percent(0.497, decimals=1) == f"49,7{NBSP}%"


@pytest.mark.parametrize("missing", [None, float("nan"), math.nan, ""])
def test_missing_values_read_not_reported_never_zero(missing):
    assert fmt.number(missing) == "non renseigné"
    assert fmt.money(missing, "EUR") == "non renseigné"


def test_months():
    assert fmt.months(25) == f"25{NBSP}mois"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016", "2016"),
        ("2016-03", "mars 2016"),
        ("2016-03-05", "5 mars 2016"),
        ("2016-02-30", "2016-02-30"),  # not a date: shown as written, never moved to another day
        ("2014–2018", "2014–2018"),
        (None, "non renseigné"),
    ],
)
def test_dates_read_the_french_way(value, expected):
    assert fmt.date(value) == expected


def test_periods_name_their_bounds():
    assert fmt.period("2016-01", "2016-06") == "janvier 2016 – juin 2016"
    assert fmt.period("2016-02", "2016-02") == "février 2016"
    assert fmt.period("2015", None) == "à partir de 2015"
    assert fmt.period(None, "2017") == "jusqu'à 2017"
    assert fmt.period(None, math.nan) == "non renseigné"


def test_build_moment_in_french():
    assert fmt.moment(datetime(2023, 11, 14, 22, 13, tzinfo=UTC)) == "14 novembre 2023 à 22:13 UTC"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((3, 4, "range", "représentants"), "3 à 4 représentants"),
        ((15, 20, "range", "pratiques", "15 à 20"), "15 à 20 pratiques"),
        ((135, None, "more_than", "ressources"), "plus de 135 ressources"),
        ((28910, None, "about", "personnes"), f"environ 28{NNBSP}910 personnes"),
        ((10, None, "about", "futurs jardiniers", "une dizaine"), "une dizaine de futurs jardiniers"),
        ((20, None, "at_most", ""), "jusqu'à 20"),
        ((12, None, "about", "agents", "une douzaine"), "une douzaine d'agents"),
        ((100, None, "", "%"), f"100{NBSP}%"),
        ((49.7, None, "", "%"), f"49,7{NBSP}%"),
        ((None, None, "", "entretiens", "7/11"), "7/11 entretiens"),
        ((None, None, "", "jeunes", ""), "non renseigné"),
    ],
)
def test_a_measured_value_keeps_its_range_qualifier_and_unit(args, expected):
    assert fmt.measured(*args) == expected


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("conventions", "convention"),
        ("chemins de changement", "chemin de changement"),
        ("pays", "pays"),
        ("mois", "mois"),
    ],
)
def test_one_of_a_unit_reads_in_the_singular(unit, expected):
    assert fmt.measured(1, None, "exact", unit) == f"1 {expected}"
    assert fmt.measured(2, None, "exact", unit) == f"2 {unit}"


def test_a_count_agrees_with_its_noun():
    assert fmt.counted(0, "erreur") == "0 erreur"
    assert fmt.counted(1, "avertissement") == "1 avertissement"
    assert fmt.counted(4, "chiffre publié", "chiffres publiés") == "4 chiffres publiés"


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (98525, "EUR", f"98{NNBSP}525{NBSP}€"),
        (243313, "GBP", f"243{NNBSP}313{NBSP}£GB"),
        (1000, "xdr", f"1{NNBSP}000{NBSP}XDR"),
        (None, "USD", "non renseigné"),
        (5, "", "5"),
    ],
)
def test_money_keeps_its_currency(value, currency, expected):
    assert fmt.money(value, currency) == expected
