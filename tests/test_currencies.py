"""[money] in programme.toml: the reporting currency and the programme's own rates, checked when read."""

from datetime import date
from pathlib import Path

import pytest

from toolkit.model.currencies import MoneySettings, TableRate, iso_4217, money_settings
from toolkit.model.errors import ConfigurationError

PATH = Path("programme.toml")


def test_a_programme_without_the_section_reports_in_euros():
    assert money_settings(None, PATH) == MoneySettings("EUR", ())


def test_the_reporting_currency_and_the_rates_are_read():
    section = {
        "reporting_currency": "usd",
        "rates": [{"currency": "KES", "rate": 140, "date": "2021-03-31", "source": "Central Bank of Kenya"}],
    }
    assert money_settings(section, PATH) == MoneySettings(
        "USD", (TableRate("KES", 140.0, date(2021, 3, 31), "Central Bank of Kenya"),)
    )


def test_the_codes_are_iso_4217_with_the_imfs_special_drawing_right():
    assert {"EUR", "XOF", "XDR", "GBP"} <= iso_4217() and "EURO" not in iso_4217()


@pytest.mark.parametrize(
    ("section", "said"),
    [
        ({"reporting_currency": "EURO"}, "[money] reporting_currency vaut « EURO », qui n'est pas un code de devise"),
        ({"devise": "EUR"}, "[money] n'a pas de réglage 'devise'"),
        ({"rates": {"KES": 140}}, "[money] rates doit être une liste"),
        ({"rates": [{"currency": "KES", "rate": 140}]}, "[money] rates est une liste de"),
        (
            {"rates": [{"currency": "KES", "rate": 0, "date": "2021-03-31", "source": "x"}]},
            "le taux de KES doit être un nombre supérieur à 0",
        ),
        (
            {"rates": [{"currency": "KES", "rate": 140, "date": "31/03/2021", "source": "x"}]},
            "la date du taux de KES s'écrit AAAA-MM-JJ, pas « 31/03/2021 »",
        ),
        (
            {"rates": [{"currency": "KES", "rate": 140, "date": "2021-03-31", "source": " "}]},
            "le taux de KES doit nommer sa source",
        ),
    ],
)
def test_a_bad_setting_is_a_message_naming_the_file_and_the_key(section, said):
    with pytest.raises(ConfigurationError) as raised:
        money_settings(section, PATH)
    assert said in raised.value.message and "programme.toml" in raised.value.message
