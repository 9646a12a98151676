"""Which currency the figures across operations are in, and the note that says how they were converted."""

import pandas as pd

from toolkit.model import language
from toolkit.results.money import Basis, basis, comparable, conversion_note, currencies
from toolkit.text import fmt

NO_CONVERSION = pd.DataFrame(columns=["reporting_currency"])


def _operations(*currency_pairs):
    return pd.DataFrame(
        {
            "operation_id": [f"op{i}" for i in range(len(currency_pairs))],
            "budget": [1000.0 * (i + 1) for i in range(len(currency_pairs))],
            "budget_currency": [pair[0] for pair in currency_pairs],
            "budget_reporting": [900.0 * (i + 1) for i in range(len(currency_pairs))],
            "grant_currency": [pair[1] for pair in currency_pairs],
        }
    )


def test_one_currency_is_compared_as_stated_without_conversion(caac_portfolio):
    assert currencies(caac_portfolio.operations) == ["EUR"]
    assert basis(caac_portfolio.operations, caac_portfolio.conversions) == Basis("EUR", converted=False)
    budgets, _ = comparable(caac_portfolio.operations, caac_portfolio.conversions, "budget")
    assert budgets.sum() == caac_portfolio.operations["budget"].sum()
    dollars = _operations(("USD", None), ("USD", "USD"))
    assert basis(dollars, NO_CONVERSION) == Basis("USD", converted=False)


def test_mixed_currencies_are_compared_converted_and_labelled_so():
    mixed = _operations(("USD", None), ("EUR", None))
    conversions = pd.DataFrame({"reporting_currency": ["EUR"]})
    chosen = basis(mixed, conversions)
    assert chosen == Basis("EUR", converted=True) and chosen.column("budget") == "budget_reporting"
    assert chosen.amount(1800.0) == f"{fmt.money(1800, 'EUR')} (converti)"
    assert chosen.in_words() == "convertis en euros"
    assert comparable(mixed, conversions, "budget")[0].tolist() == [900.0, 1800.0]


def _conversions(source: str, no_rate: str) -> pd.DataFrame:
    """A pound amount converted at the ECB's rate and an SDR amount without one; its sources as written."""
    return pd.DataFrame(
        {
            "operation_id": ["a", "b"],
            "amount": [50000.0, 1000.0],
            "currency": ["GBP", "XDR"],
            "reporting_currency": ["EUR", "EUR"],
            "rate": [0.89655, None],
            "rate_date": ["2019-06-28", ""],
            "rate_source": [source, no_rate],
            "converted": [55769.34, None],
        }
    )


def test_the_note_gives_each_rate_its_date_and_source_and_the_amounts_left_unconverted():
    conversions = _conversions("taux de référence de la BCE du 2019-06-28", "aucun taux")
    note = conversion_note(conversions, {"a": "ONG A", "b": "ONG B"})
    assert note.startswith("Taux de change : GBP converti en EUR : 1 GBP = 1,1154 EUR (taux de référence de la BCE")
    assert f"faute de taux : {fmt.money(1000, 'XDR')} (ONG B)." in note
    assert conversion_note(conversions.iloc[0:0], {}) == ""


def test_the_basis_and_the_note_in_english():
    chosen = Basis("EUR", converted=True)
    conversions = _conversions("ECB reference rate of 2019-06-28", "no rate")
    with language.using("en"):
        assert chosen.amount(1800.0) == "€1,800 (converted)"
        assert chosen.in_words() == "converted into euros"
        assert chosen.axis_label() == "Amount (€, converted amounts)"
        note = conversion_note(conversions, {"a": "NGO A", "b": "NGO B"})
    assert note.startswith("Exchange rates: GBP converted into EUR: 1 GBP = 1.1154 EUR (ECB reference rate")
    assert note.endswith(
        f"kept in their currency and out of the converted totals, for want of a rate: {fmt.NBSP.join(['XDR', '1,000'])} (NGO B)."
    )
