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


# The same functions with English active (programme.toml: language = "en"): British English as CLDR
# writes it, the words from the catalogue.


@pytest.fixture
def english():
    from toolkit.model import language

    with language.using("en"):
        yield


@pytest.mark.usefixtures("english")
def test_numbers_amounts_and_shares_in_english():
    assert fmt.number(13600) == "13,600" and fmt.number(49.75, 1) == "49.8" and fmt.figure(49.7) == "49.7"
    assert fmt.money(98525, "EUR") == "€98,525"
    assert fmt.percent(0.65) == "65.0%"
    assert fmt.plain_number(1e9) == "1,000,000,000" and fmt.plain_number(0.01) == "0.01"
    assert fmt.months(25) == f"25{NBSP}months" and fmt.months(1) == f"1{NBSP}month"


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (98525, "EUR", "€98,525"),
        (243313, "GBP", "£243,313"),
        (1000, "USD", "US$1,000"),
        (1000, "xdr", f"XDR{NBSP}1,000"),  # CLDR's currency spacing: a symbol of letters stands apart
        (None, "USD", "not reported"),
        (5, "", "5"),
    ],
)
def test_money_in_english(value, currency, expected):
    assert fmt.money(value, currency) == expected


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("missing", [None, float("nan"), ""])
def test_missing_values_read_not_reported_in_english(missing):
    assert fmt.number(missing) == fmt.money(missing, "EUR") == fmt.date(missing) == "not reported"
    assert fmt.NOT_REPORTED == fmt.NOT_REPORTED_F == fmt.not_reported(feminine=True) == "not reported"


def test_the_module_constants_follow_the_language():
    from toolkit.model import language

    assert (fmt.NOT_REPORTED, fmt.NOT_REPORTED_F, fmt.LOCALE) == ("non renseigné", "non renseignée", "fr_FR")
    with language.using("en"):
        assert (fmt.NOT_REPORTED, fmt.LOCALE) == ("not reported", "en_GB")
    with pytest.raises(AttributeError):
        _ = fmt.NOT_A_CONSTANT


@pytest.mark.usefixtures("english")
def test_dates_periods_and_moments_in_english():
    assert fmt.date("2016-03") == "March 2016" and fmt.date("2016-03-05") == "5 March 2016"
    assert fmt.period("2016-01", "2016-06") == "January 2016 – June 2016"
    assert fmt.period("2015", None) == "from 2015" and fmt.period(None, "2017") == "until 2017"
    assert fmt.moment(datetime(2023, 11, 14, 22, 13, tzinfo=UTC)) == "14 November 2023 at 22:13 UTC"


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((3, 4, "range", "representatives"), "3 to 4 representatives"),
        ((135, None, "more_than", "resources"), "more than 135 resources"),
        ((28910, None, "about", "people"), "about 28,910 people"),
        ((82, None, "at_least_about", "people"), "at least 82 people (estimate included)"),
        ((20, None, "at_most", ""), "up to 20"),
        ((10, None, "about", "gardeners", "a dozen"), "a dozen gardeners"),
        ((49.7, None, "", "%"), "49.7%"),
        ((None, None, "", "young people", ""), "not reported"),
        ((1, None, "exact", "households"), "1 household"),
        ((1, None, "exact", "pathways of change"), "1 pathway of change"),
        ((1, None, "exact", "countries"), "1 country"),
        ((1, None, "exact", "people"), "1 person"),
    ],
)
def test_a_measured_value_in_english(args, expected):
    assert fmt.measured(*args) == expected


@pytest.mark.usefixtures("english")
def test_counts_quotes_and_names_in_english():
    assert fmt.counted(0, "page en échec", "pages en échec") == "0 failed pages"
    assert fmt.counted(1, "page en échec", "pages en échec") == "1 failed page"
    # A noun the catalogue does not hold (the programme's own, from programme.toml) keeps its words.
    assert fmt.counted(1, "activity", "activities") == "1 activity"
    assert fmt.counted(0, "activity", "activities") == "0 activities"
    assert fmt.quoted("12x") == "“12x”"
    assert fmt.of("IRG") == "of IRG" and fmt.of("La Fonda") == "of La Fonda"
    assert fmt.semicolons(["a", "b"]) == "a; b"


def test_lists_and_elision_stay_french_in_french():
    assert fmt.semicolons(["a", "b"]) == "a ; b"
    assert fmt.of("IRG") == "d'IRG" and fmt.of("La Fonda") == "de La Fonda"


def test_the_sort_key_orders_names_as_a_french_reader_does():
    countries = ["Viêt Nam", "Équateur", "Égypte", "Guatemala", "Colombie", "Costa Rica", "Mali nord", "Mali"]
    assert sorted(countries, key=fmt.sort_key) == [
        "Colombie", "Costa Rica", "Égypte", "Équateur", "Guatemala", "Mali", "Mali nord", "Viêt Nam",
    ]  # fmt: skip
    # A ligature is spelled out rather than dropped; accents and case only break ties, always the same way.
    assert sorted(["Cœur", "Cod", "Colombie"], key=fmt.sort_key) == ["Cod", "Cœur", "Colombie"]
    assert sorted(["Égypte", "egypte", "Egypte"], key=fmt.sort_key) == sorted(
        ["Egypte", "Égypte", "egypte"], key=fmt.sort_key
    )
    assert fmt.sort_key("Égypte") != fmt.sort_key("Egypte")
