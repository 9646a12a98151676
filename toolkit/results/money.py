"""Which amounts the pages add up, compare and rank, and in which currency.

An operation's own budget is shown in its own currency. Figures across operations (a total, a
median, a rank, a share) need one currency: when every amount of the portfolio is in the same
currency they use it as stated, with no conversion at all; when currencies are mixed they use the
amounts converted into the reporting currency by the clean step, labelled as converted, and a note
gives each rate, its date and its source, and the amounts left out for want of a rate.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from toolkit.model import schema
from toolkit.model.currencies import DEFAULT_REPORTING_CURRENCY
from toolkit.model.language import _
from toolkit.model.values import is_missing
from toolkit.text import fmt


@dataclass(frozen=True)
class Basis:
    """Where the comparable amounts are: ``budget`` or ``budget_reporting``, in ``currency``."""

    currency: str
    converted: bool

    def column(self, name: str) -> str:
        return f"{name}_reporting" if self.converted else name

    def amount(self, value: object) -> str:
        """A figure across operations, said converted when it is: ``1 234 567 € (converti)``."""
        shown = fmt.money(value, self.currency)
        return _("{amount} (converti)").format(amount=shown) if self.converted and not is_missing(value) else shown

    def axis_label(self) -> str:
        symbol = fmt.currency_symbol(self.currency)
        if self.converted:
            return _("Montant ({currency}, montants convertis)").format(currency=symbol)
        return _("Montant ({currency})").format(currency=symbol)

    def in_words(self) -> str:
        """ "en euros", "en livres sterling", "convertis en euros" for a caption."""
        words = fmt.currency_plural(self.currency)
        return (_("convertis en {currency}") if self.converted else _("en {currency}")).format(currency=words)


def currencies(operations: pd.DataFrame) -> list[str]:
    """The currencies the operations' budgets and grants are stated in, sorted."""
    found = set()
    for name in schema.AMOUNT_COLUMNS:
        column = f"{name}_currency"
        if column in operations:
            found.update(str(code) for code in operations[column].dropna() if str(code).strip())
    return sorted(found)


def basis(operations: pd.DataFrame, conversions: pd.DataFrame) -> Basis:
    stated = currencies(operations)
    if len(stated) <= 1:
        return Basis(stated[0] if stated else DEFAULT_REPORTING_CURRENCY, converted=False)
    reporting = conversions["reporting_currency"].dropna() if "reporting_currency" in conversions else []
    return Basis(str(reporting.iloc[0]) if len(reporting) else DEFAULT_REPORTING_CURRENCY, converted=True)


def comparable(operations: pd.DataFrame, conversions: pd.DataFrame, name: str) -> tuple[pd.Series, Basis]:
    """The budgets (or grants) that can be added up and compared, and their basis."""
    chosen = basis(operations, conversions)
    return pd.to_numeric(operations[chosen.column(name)]), chosen


def conversion_note(conversions: pd.DataFrame, names: dict[str, str]) -> str:
    """One sentence per currency converted, and one for the amounts no rate converts; '' when none.

    ``names`` maps an operation id to the name a reader knows it by."""
    if conversions.empty:
        return ""
    parts = []
    converted = conversions[conversions["converted"].notna()]
    for (currency, reporting), rows in converted.groupby(["currency", "reporting_currency"], sort=True):
        parts.append(
            _("{currency} converti en {reporting} : {rates}").format(
                currency=currency, reporting=reporting, rates=_rates(rows, currency, reporting)
            )
        )
    kept = conversions[conversions["converted"].isna()]
    if len(kept):
        listed = ", ".join(
            f"{fmt.money(row['amount'], row['currency'])} ({names.get(row['operation_id'], row['operation_id'])})"
            for row in kept.to_dict("records")
        )
        parts.append(
            _("restent dans leur devise et hors des totaux convertis, faute de taux : {amounts}").format(amounts=listed)
        )
    return _("Taux de change : {rates}.").format(rates=". ".join(parts))


def _rates(rows: pd.DataFrame, currency: str, reporting: str) -> str:
    """One rate said whole; several (one per value date) summed up as their range and sources."""
    distinct = rows.drop_duplicates(["rate", "rate_source"])
    per_unit = 1 / pd.to_numeric(distinct["rate"])
    if len(distinct) == 1:
        row = distinct.iloc[0]
        return f"1 {currency} = {fmt.number(per_unit.iloc[0], 4)} {reporting} ({row['rate_source']})"
    # A rate source without its date: "taux de référence de la BCE" ("ECB reference rate" in English).
    sources = sorted({str(source).split(" du ")[0].split(" of ")[0] for source in distinct["rate_source"]})
    return _(
        "{amounts} au taux de sa date de valeur, de 1 {currency} = {low} à {high} {reporting} (dates du {first} "
        "au {last} ; {sources} ; chaque taux en annexe, avec les documents sources)"
    ).format(
        amounts=fmt.counted(len(rows), "montant", "montants"),
        currency=currency,
        low=fmt.number(per_unit.min(), 4),
        high=fmt.number(per_unit.max(), 4),
        reporting=reporting,
        first=min(distinct["rate_date"]),
        last=max(distinct["rate_date"]),
        sources=fmt.semicolons(sources),
    )
