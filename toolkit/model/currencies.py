"""The programme's money settings (``[money]`` in programme.toml) and the currency codes it may use.

Amounts keep the currency their source states; totals, medians and shares across operations
need one currency, the programme's reporting currency, into which the clean step converts them
(``toolkit.clean.conversion``). The rates the ECB does not publish come from the programme's own
table, with the date and the source it names, so that every converted figure can be traced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from toolkit.model.codelists import codelist
from toolkit.model.errors import ConfigurationError

DEFAULT_REPORTING_CURRENCY = "EUR"


@cache
def iso_4217() -> frozenset[str]:
    """The active ISO 4217 codes of IATI's Currency code list (XDR included, withdrawn codes not)."""
    return frozenset(codelist("Currency"))


@dataclass(frozen=True)
class TableRate:
    """One row of ``[money] rates``: on ``on`` and after, one unit of the reporting currency is
    worth ``rate`` units of ``currency``, according to ``source``."""

    currency: str
    rate: float
    on: date
    source: str


@dataclass(frozen=True)
class MoneySettings:
    reporting_currency: str = DEFAULT_REPORTING_CURRENCY
    rates: tuple[TableRate, ...] = ()


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _code(value: object, where: str, path: Path) -> str:
    code = str(value).strip().upper()
    if code not in iso_4217():
        raise ConfigurationError(
            f"{path} : {where} vaut « {value} », qui n'est pas un code de devise ISO 4217 (EUR, USD, XOF…)",
            path=str(path),
        )
    return code


def _rate(item: object, reporting: str, path: Path) -> TableRate:
    where = "[money] rates"
    if not isinstance(item, dict) or not {"currency", "rate", "date", "source"} <= set(item):
        raise ConfigurationError(
            f'{path} : {where} est une liste de {{ currency = "XOF", rate = 655.957, date = "2016-01-01", '
            f'source = "…" }}, pas {item!r}',
            path=str(path),
        )
    currency = _code(item["currency"], f"{where} currency", path)
    rate = item["rate"]
    if isinstance(rate, bool) or not isinstance(rate, int | float) or rate <= 0:
        raise ConfigurationError(
            f"{path} : {where} : le taux de {currency} doit être un nombre supérieur à 0 (unités de {currency} "
            f"pour 1 {reporting}), pas {rate!r}",
            path=str(path),
        )
    written = str(item["date"]).strip()
    try:
        on = date.fromisoformat(written) if _DAY.fullmatch(written) else None
    except ValueError:
        on = None
    if on is None:
        raise ConfigurationError(
            f"{path} : {where} : la date du taux de {currency} s'écrit AAAA-MM-JJ, pas « {written} »", path=str(path)
        )
    source = str(item["source"]).strip()
    if not source:
        raise ConfigurationError(f"{path} : {where} : le taux de {currency} doit nommer sa source", path=str(path))
    return TableRate(currency, float(rate), on, source)


def money_settings(section: object, path: Path) -> MoneySettings:
    """``[money]`` read and checked; a programme without the section reports in euros."""
    if section is None:
        return MoneySettings()
    if not isinstance(section, dict):
        raise ConfigurationError(f"{path} : [money] doit être une table", path=str(path))
    unknown = sorted(set(section) - {"reporting_currency", "rates"})
    if unknown:
        raise ConfigurationError(
            f"{path} : [money] n'a pas de réglage {unknown[0]!r} (réglages connus : reporting_currency, rates)",
            path=str(path),
        )
    reporting = _code(section.get("reporting_currency", DEFAULT_REPORTING_CURRENCY), "[money] reporting_currency", path)
    items = section.get("rates", [])
    if not isinstance(items, list):
        raise ConfigurationError(f"{path} : [money] rates doit être une liste", path=str(path))
    return MoneySettings(reporting, tuple(_rate(item, reporting, path) for item in items))
