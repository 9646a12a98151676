"""Read an IATI activity file (2.0x, or 1.0x as published before 2015) into the raw tables.

Each ``iati-activity`` becomes a row of ``operations.csv``, its ``participating-org``
elements rows of ``participants.csv``, each ``result/indicator`` a row of
``indicators.csv`` and each baseline, period target and period actual a row of
``observations.csv``. Every raw table of the schema is written, header only when the file
has nothing for it, so that ``python -m toolkit clean --raw OUT`` reads the result as it
reads the CAAC data. The XML file is registered in ``documents.csv`` and every row points
at the line of its element (``<file> l. <line>``), so the cleaning checks the references.

Published files are messy: each defect becomes a finding on the element's line, never an
exception. Only a file that is not XML at all (or not an IATI activity file) is refused.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pycountry
from lxml import etree

from toolkit.ingest.documents import documents_dir
from toolkit.ingest.parse import fold
from toolkit.ingest.readers import xml_problem
from toolkit.interop.iati_settings import StartingSettings, texts_language
from toolkit.model import rules, schema
from toolkit.model.cells import join_codes, join_values
from toolkit.model.errors import InputFileError
from toolkit.model.findings import ERROR, WARNING, Finding
from toolkit.model.language import _, ngettext, using
from toolkit.model.outputs import write_bytes_atomic, write_text_atomic

# Secure reading: no entity expansion (billion laughs), no DTD, nothing fetched from the network.
_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
_YEARS = range(1900, 2101)  # the toolkit's date parser accepts these years; 9999 is a placeholder
_MONTH_DAYS = 365.25 / 12
# IATI 1.0x spelled codes out; 2.0x uses the numbers of the same code lists.
_DATE_TYPES_1X = {"start-planned": "1", "start-actual": "2", "end-planned": "3", "end-actual": "4"}
_TRANSACTION_TYPES_1X = {"C": "2", "IC": "11", "IF": "1", "commitment": "2"}
_RESULT_TYPES_1X = {"output": "1", "outcome": "2", "impact": "3"}
# Measure codes of the IndicatorMeasure list the toolkit knows (1 unit ... 5 nominal).
_MEASURES = {code for code in schema.MEASURE_CODES.values()}
_LEVELS = {code for code in schema.LEVEL_CODES.values()}


@dataclass
class ImportResult:
    findings: list[Finding]
    rows: dict[str, int] = field(default_factory=dict)  # table name -> rows written
    settings: StartingSettings | None = None  # what the file says of the programme (import-iati writes it)


@dataclass
class _Context:
    """What every mapping function needs: the file, where to report, the rows gathered."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    operation_id: str = ""

    def report(self, element, column: str, value: str, rule: str, severity: str, message: str, table: str) -> None:
        line = element.sourceline if element is not None else None
        self.findings.append(Finding(self.file, line, column, value, rule, severity, message, table, self.operation_id))

    def source(self, element) -> str:
        return f"{self.file} l. {element.sourceline}"

    def add(self, table: str, row: dict[str, str]) -> None:
        self.rows.setdefault(table, []).append(row)


# --------------------------------------------------------------------------- reading the XML


def _parse(path: Path):
    """The parsed document; InputFileError (in French) when the file is not an IATI activity file."""
    if not path.is_file():
        raise InputFileError(f"le fichier IATI {path.name} est introuvable", file=path.name)
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        # From its bytes: given a path, lxml reports bytes that are not in the declared encoding
        # as an OSError that says nothing of where.
        tree = etree.ElementTree(etree.fromstring(path.read_bytes(), parser))
    except etree.XMLSyntaxError as error:
        line = getattr(error, "lineno", None)
        raise InputFileError(
            _(
                "{file} ne se lit pas comme un fichier XML : {problem} ; un fichier d'activités IATI (.xml) en UTF-8 est attendu"
            ).format(file=path.name, problem=xml_problem(error)),
            file=path.name,
            line=line,
        ) from None
    if tree.getroot().tag != "iati-activities":
        raise InputFileError(
            f"{path.name} est un fichier XML, mais pas un fichier d'activités IATI "
            f"(élément racine « {tree.getroot().tag} » au lieu de « iati-activities »)",
            file=path.name,
        )
    return tree


def _text(element) -> str:
    """The text of an element: its first non-empty narrative (2.0x) or its own text (1.0x)."""
    if element is None:
        return ""
    for narrative in element.findall("narrative"):
        if (narrative.text or "").strip():
            return " ".join(narrative.text.split())
    return " ".join((element.text or "").split())


def _path(element) -> str:
    """``iati-activity/budget/value``: where the element sits, as a finding's column names it."""
    parts = []
    while element is not None and element.tag != "iati-activities":
        parts.append(element.tag)
        element = element.getparent()
    return "/".join(reversed(parts))


def slug(text: str) -> str:
    """A strict slug (``schema.SLUG_PATTERN``) from an IATI identifier: ``AA-AAA-1/2`` -> ``aa-aaa-1-2``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _iso_date(ctx: _Context, element, attribute: str = "iso-date", table: str = "operations") -> str:
    """The element's date as YYYY-MM-DD, or '' with a finding for a placeholder or unreadable date.

    IATI 1.0x sometimes wrote the date as the element's text instead of the attribute.
    """
    if element is None:
        return ""
    written = (element.get(attribute) or element.text or "").strip()
    if not written:
        return ""
    column = f"{_path(element)}/@{attribute}"
    try:
        value = date.fromisoformat(written[:10])
    except ValueError:
        ctx.report(
            element,
            column,
            written,
            rules.IATI_DATE_INVALID.id,
            ERROR,
            rules.IATI_DATE_INVALID.say(),
            table,
        )
        return ""
    if value.year not in _YEARS:
        ctx.report(
            element,
            column,
            written,
            rules.IATI_PLACEHOLDER_DATE.id,
            WARNING,
            rules.IATI_PLACEHOLDER_DATE.say(date=written),
            table,
        )
        return ""
    return value.isoformat()


def _number(ctx: _Context, element, written: str, column: str, table: str, severity: str) -> Decimal | None:
    """An IATI decimal (``1500.50``), or None with a finding when it is not a number."""
    try:
        value = Decimal(written.strip().replace(" ", ""))
        if not value.is_finite():
            raise InvalidOperation
        return value
    except (InvalidOperation, ValueError):
        outcome = "est reprise telle quelle" if severity == WARNING else "est ignorée"
        ctx.report(
            element,
            column,
            written,
            rules.IATI_VALUE_NOT_NUMBER.id,
            severity,
            rules.IATI_VALUE_NOT_NUMBER.say(value=written, outcome=outcome),
            table,
        )
        return None


def french_number(value: Decimal) -> str:
    """A number as the raw tables write it: decimal comma, no grouping (``1500,5``).

    The French parser reads ``1.500`` as fifteen hundred: an IATI decimal point must not reach it.
    """
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return text.replace(".", ",")


# --------------------------------------------------------------------------- one activity


def _identifier(ctx: _Context, activity, position: int) -> str:
    """The operation id: the iati-identifier without its reporting organisation's prefix, as a slug."""
    element = activity.find("iati-identifier")
    written = _text(element)
    if not written:
        other = _text(activity.find("other-identifier"))
        fallback = slug(other) or f"activite-{position}"
        ctx.report(
            element if element is not None else activity,
            "iati-activity/iati-identifier",
            "",
            rules.IATI_MISSING_IDENTIFIER.id,
            ERROR,
            rules.IATI_MISSING_IDENTIFIER.say(fallback=fallback),
            "operations",
        )
        return fallback
    reporting = activity.find("reporting-org")
    prefix = (reporting.get("ref") or "").strip() if reporting is not None else ""
    local = written[len(prefix) + 1 :] if prefix and written.startswith(f"{prefix}-") else written
    return slug(local) or slug(written)


def _dates(ctx: _Context, activity) -> dict[str, str]:
    """Activity dates by IATI ActivityDateType code (1 planned start ... 4 actual end)."""
    dates: dict[str, str] = {}
    for element in activity.findall("activity-date"):
        kind = (element.get("type") or "").strip()
        kind = _DATE_TYPES_1X.get(kind, kind)
        value = _iso_date(ctx, element)
        if value and kind not in dates:
            dates[kind] = value
    return dates


def _duration(start: str, end: str) -> str:
    """Whole months between two dates (at least one), as the raw data writes a duration."""
    if not (start and end) or end < start:
        return ""
    days = (date.fromisoformat(end) - date.fromisoformat(start)).days
    return f"{max(1, round(days / _MONTH_DAYS))} mois"


def _countries(ctx: _Context, activity) -> tuple[list[str], list[str], str]:
    """(codes or names for the countries column, names for the zone, source of the first one)."""
    countries: list[str] = []
    zone: list[str] = []
    source = ""
    for element in activity.findall("recipient-country"):
        code = (element.get("code") or "").strip().upper()
        name = _text(element)
        source = source or ctx.source(element)
        if not code:
            ctx.report(
                element,
                "iati-activity/recipient-country/@code",
                name,
                rules.IATI_COUNTRY_CODE_MISSING.id,
                WARNING,
                rules.IATI_COUNTRY_CODE_MISSING.say(),
                "operations",
            )
            if name:
                countries.append(name)
                zone.append(name)
            continue
        country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else pycountry.countries.get(alpha_3=code)
        if country is None:
            ctx.report(
                element,
                "iati-activity/recipient-country/@code",
                code,
                rules.IATI_COUNTRY_CODE.id,
                ERROR,
                rules.IATI_COUNTRY_CODE.say(code=code),
                "operations",
            )
            continue
        countries.append(country.alpha_3)
        zone.append(name or country.name)
    for element in activity.findall("recipient-region"):
        code = (element.get("code") or "").strip()
        label = _text(element) or f"région IATI {code}"
        zone.append(label)
        ctx.report(
            element,
            "iati-activity/recipient-region",
            code,
            rules.IATI_REGION_NOT_COUNTRY.id,
            WARNING,
            rules.IATI_REGION_NOT_COUNTRY.say(),
            "operations",
        )
    return countries, zone, source


def _currency(ctx: _Context, value, default: str) -> str:
    currency = (value.get("currency") or "").strip().upper()
    if currency and default and currency != default:
        ctx.report(
            value,
            f"{_path(value)}/@currency",
            currency,
            rules.IATI_CURRENCY_MIXED.id,
            WARNING,
            rules.IATI_CURRENCY_MIXED.say(currency=currency, default=default),
            "operations",
        )
    return currency or default


def _total(ctx: _Context, values: list, default: str, column: str) -> str:
    """The sum of IATI value elements as ``<amount> <currency>``; '' when they cannot be added up."""
    amounts: list[tuple[Decimal, str]] = []
    for value in values:
        number = _number(ctx, value, value.text or "", _path(value), "operations", ERROR)
        currency = _currency(ctx, value, default)
        if number is None:
            continue
        if not currency:
            ctx.report(
                value,
                f"{_path(value)}/@currency",
                value.text or "",
                rules.IATI_CURRENCY_MISSING.id,
                ERROR,
                rules.IATI_CURRENCY_MISSING.say(),
                "operations",
            )
            continue
        amounts.append((number, currency))
    currencies = sorted({currency for _, currency in amounts})
    if len(currencies) > 1:
        ctx.report(
            values[0],
            column,
            ", ".join(currencies),
            rules.IATI_BUDGET_CURRENCIES.id,
            ERROR,
            rules.IATI_BUDGET_CURRENCIES.say(currencies=", ".join(currencies)),
            "operations",
        )
        return ""
    if not amounts:
        return ""
    return f"{french_number(sum(number for number, _ in amounts))} {currencies[0]}"


def _budget_values(activity) -> list:
    """The budget's value elements: revised budgets (type 2) replace the original ones when the file has any."""
    budgets = activity.findall("budget")
    revised = [b for b in budgets if (b.get("type") or "").strip() == "2"]
    chosen = revised or budgets
    return [b.find("value") for b in chosen if b.find("value") is not None]


def _budget(ctx: _Context, activity, default: str) -> str:
    """Total budget: the sum of the budget's values."""
    values = _budget_values(activity)
    return _total(ctx, values, default, "budget") if values else ""


def _budget_source(ctx: _Context, activity) -> str:
    """The line of a budget stated in one value, which the page cites beside it (the activity's own
    line would show its default currency, not the budget's); '' for a sum of several values, which
    no one line writes: the activity's line stands."""
    values = _budget_values(activity)
    return ctx.source(values[0]) if len(values) == 1 else ""


def _grant(ctx: _Context, activity, default: str) -> str:
    """Grant: outgoing commitments (type 2), else incoming commitments (type 11), summed.

    A commitment is the amount awarded to the activity; disbursements are only what was
    paid so far, so they are not read as the grant.
    """
    by_type: dict[str, list] = {}
    for transaction in activity.findall("transaction"):
        kind_element = transaction.find("transaction-type")
        kind = (kind_element.get("code") or "").strip() if kind_element is not None else ""
        if not kind:
            kind = (transaction.get("type") or "").strip()  # the pre-1.0 form
        kind = _TRANSACTION_TYPES_1X.get(kind, kind)
        value = transaction.find("value")
        if value is not None:
            by_type.setdefault(kind, []).append(value)
    values = by_type.get("2") or by_type.get("11") or []
    return _total(ctx, values, default, "grant") if values else ""


def _value_date(activity) -> str:
    """The earliest value-date of the amounts the budget (else the grant) adds up: one date per
    operation picks the rate that converts them, and a multi-year budget is valued at its first."""
    for path in ("budget/value", "transaction/value"):
        dates = sorted(
            written[:10]
            for value in activity.findall(path)
            if len(written := (value.get("value-date") or "").strip()) >= 10 and written[:4].isdigit()
        )
        if dates:
            return dates[0]
    return ""


def _lead_org(activity) -> str:
    """The accountable organisation (role 2), else the reporting organisation."""
    for element in activity.findall("participating-org"):
        if (element.get("role") or "").strip().lower() in ("2", "accountable") and _text(element):
            return _text(element)
    return _text(activity.find("reporting-org"))


def _participants(ctx: _Context, activity) -> None:
    for element in activity.findall("participating-org"):
        name = _text(element) or (element.get("ref") or "").strip()
        if not name:
            ctx.report(
                element,
                "iati-activity/participating-org",
                "",
                rules.IATI_ORG_NAME_MISSING.id,
                WARNING,
                rules.IATI_ORG_NAME_MISSING.say(),
                "participants",
            )
            continue
        written_role = (element.get("role") or "").strip()
        role = schema.ROLE_CODES.get(written_role.lower(), "")
        if not role:
            ctx.report(
                element,
                "iati-activity/participating-org/@role",
                written_role,
                rules.IATI_ORG_ROLE.id,
                ERROR,
                rules.IATI_ORG_ROLE.say(),
                "participants",
            )
            role = written_role
        written_type = (element.get("type") or "").strip()
        org_type = schema.ORG_TYPE_CODES.get(written_type.lower(), "")
        if written_type and not org_type:
            ctx.report(
                element,
                "iati-activity/participating-org/@type",
                written_type,
                rules.IATI_ORG_TYPE.id,
                WARNING,
                rules.IATI_ORG_TYPE.say(),
                "participants",
            )
        ctx.add(
            "participants",
            {
                "operation_id": ctx.operation_id,
                "organisation": name,
                "role": role,
                "org_type": org_type,
                "source": ctx.source(element),
            },
        )


def _operation(ctx: _Context, activity, position: int) -> None:
    ctx.operation_id = _identifier(ctx, activity, position)
    title = _text(activity.find("title"))
    if not title:
        ctx.report(
            activity,
            "iati-activity/title",
            "",
            rules.IATI_MISSING_TITLE.id,
            ERROR,
            rules.IATI_MISSING_TITLE.say(),
            "operations",
        )
    currency = (activity.get("default-currency") or "").strip().upper()
    dates = _dates(ctx, activity)
    start = dates.get("2") or dates.get("1", "")
    end = dates.get("4") or dates.get("3", "")
    countries, zone, countries_source = _countries(ctx, activity)
    locations = [_text(location.find("name")) for location in activity.findall("location")]
    ctx.add(
        "operations",
        {
            "operation_id": ctx.operation_id,
            # IATI has no programme phase: left empty, as for any programme without phases.
            "phase": "",
            "title": title,
            "lead_org": _lead_org(activity),
            "zone": ", ".join(zone),
            "countries": ", ".join(countries),
            "territories": join_values(name for name in locations if name),
            "duration": _duration(start, end),
            "budget": _budget(ctx, activity, currency),
            "grant": _grant(ctx, activity, currency),
            "start": start,
            "end": end,
            "value_date": _value_date(activity),
            "source": ctx.source(activity),
            "source_countries": countries_source,
            "source_budget": _budget_source(ctx, activity),
        },
    )
    _participants(ctx, activity)
    _results(ctx, activity)


# --------------------------------------------------------------------------- results


def _indicator_id(ctx: _Context, indicator, result_number: int, indicator_number: int) -> str:
    """The reporting organisation's own code (reference vocabulary 99) when it is a slug, else a made-up one."""
    for reference in indicator.findall("reference"):
        code = (reference.get("code") or "").strip()
        if (reference.get("vocabulary") or "").strip() == "99" and re.fullmatch(schema.SLUG_PATTERN, code):
            return code
    return f"{ctx.operation_id}-r{result_number}-i{indicator_number}"


def _measure(ctx: _Context, indicator) -> str:
    written = (indicator.get("measure") or "").strip()
    if written in _MEASURES:
        return written
    rule, message = (
        (rules.IATI_MEASURE_MISSING.id, rules.IATI_MEASURE_MISSING.say())
        if not written
        else (rules.IATI_MEASURE_UNKNOWN.id, rules.IATI_MEASURE_UNKNOWN.say(measure=written))
    )
    ctx.report(indicator, "iati-activity/result/indicator/@measure", written, rule, ERROR, message, "indicators")
    return ""


def _level(ctx: _Context, result) -> str:
    written = (result.get("type") or "").strip()
    level = _RESULT_TYPES_1X.get(written.lower(), written)
    if level in _LEVELS:
        return level
    ctx.report(
        result,
        "iati-activity/result/@type",
        written,
        rules.IATI_RESULT_TYPE.id,
        ERROR,
        rules.IATI_RESULT_TYPE.say(),
        "indicators",
    )
    return ""


def _ascending(indicator) -> str:
    written = (indicator.get("ascending") or "").strip().lower()
    return {"1": "oui", "true": "oui", "0": "non", "false": "non"}.get(written, "")


def _observation(ctx: _Context, element, indicator_id: str, value_type: str, start: str, end: str) -> None:
    written = (element.get("value") or "").strip()
    value = written
    if written:
        number = _number(ctx, element, written, f"{_path(element)}/@value", "observations", WARNING)
        value = french_number(number) if number is not None else written
    dimensions = join_codes(
        f"{(d.get('name') or '').strip()}={(d.get('value') or '').strip()}" for d in element.findall("dimension")
    )
    ctx.add(
        "observations",
        {
            "operation_id": ctx.operation_id,
            "indicator_id": indicator_id,
            "value_type": value_type,
            "period_start": start,
            "period_end": end,
            "value": value,
            "dimensions": dimensions,
            "comment": _text(element.find("comment")),
            "source": ctx.source(element),
        },
    )


# How an imported indicator's values add up over time, which IATI does not say: only a count its
# publisher declares fit for aggregation adds up; anything else keeps its latest value, which
# never counts a value twice.
_ADDED = ("incremental", "un nombre que l'éditeur déclare agrégeable par son attribut aggregation-status")
_LATEST_COUNT = (
    "latest",
    "un nombre que l'éditeur ne déclare pas agrégeable : la dernière valeur, sans rien additionner",
)
_LATEST_OTHER = ("latest", "une mesure qui n'est pas un nombre ne s'additionne pas : la dernière valeur")


def _aggregation(ctx: _Context, result, indicator, measure: str) -> str:
    """The aggregation an imported indicator gets, said as a finding at the indicator's line."""
    status = (indicator.get("aggregation-status") or result.get("aggregation-status") or "").strip().lower()
    if measure == "1":
        aggregation, why = _ADDED if status in ("1", "true") else _LATEST_COUNT
    else:
        aggregation, why = _LATEST_OTHER
    message = rules.IATI_AGGREGATION_DEFAULT.say(aggregation=aggregation, why=why)
    ctx.report(indicator, "aggregation", aggregation, rules.IATI_AGGREGATION_DEFAULT.id, WARNING, message, "indicators")
    return aggregation


def _baseline_year(ctx: _Context, baseline) -> str:
    """A baseline's ``year`` attribute, checked as a date is: a placeholder (9999) is said and left
    out, so that the import and the build agree on it."""
    written = (baseline.get("year") or "").strip()
    if not written:
        return ""
    column = f"{_path(baseline)}/@year"
    if not written.isdigit():
        message = rules.IATI_DATE_INVALID.say()
        ctx.report(baseline, column, written, rules.IATI_DATE_INVALID.id, ERROR, message, "observations")
        return ""
    if int(written) not in _YEARS:
        message = rules.IATI_PLACEHOLDER_DATE.say(date=written)
        ctx.report(baseline, column, written, rules.IATI_PLACEHOLDER_DATE.id, WARNING, message, "observations")
        return ""
    return written


def _results(ctx: _Context, activity) -> None:
    for result_number, result in enumerate(activity.findall("result"), start=1):
        level = _level(ctx, result)
        for indicator_number, indicator in enumerate(result.findall("indicator"), start=1):
            indicator_id = _indicator_id(ctx, indicator, result_number, indicator_number)
            ctx.add(
                "indicators",
                {
                    "indicator_id": indicator_id,
                    "title": _text(indicator.find("title")) or _text(result.find("title")),
                    "level": level,
                    "measure": (measure := _measure(ctx, indicator)),
                    "aggregation": _aggregation(ctx, result, indicator, measure),
                    "ascending": _ascending(indicator),
                    "definition": _text(indicator.find("description")),
                    "source": ctx.source(indicator),
                },
            )
            for baseline in indicator.findall("baseline"):
                # A baseline is dated by its year (2.03 also allows a full date).
                day = _iso_date(ctx, baseline, table="observations")
                year = day[:4] or _baseline_year(ctx, baseline)
                _observation(ctx, baseline, indicator_id, "baseline", day or year, day or year)
            for period in indicator.findall("period"):
                start = _iso_date(ctx, period.find("period-start"), table="observations")
                end = _iso_date(ctx, period.find("period-end"), table="observations")
                for value_type in ("target", "actual"):
                    for element in period.findall(value_type):
                        _observation(ctx, element, indicator_id, value_type, start, end)


# --------------------------------------------------------------------------- the file


def _file_findings(ctx: _Context, root) -> None:
    version = (root.get("version") or "").strip()
    if not version:
        ctx.report(
            root,
            "iati-activities/@version",
            "",
            rules.IATI_VERSION_MISSING.id,
            WARNING,
            rules.IATI_VERSION_MISSING.say(),
            "",
        )
    elif version.startswith("1."):
        ctx.report(
            root,
            "iati-activities/@version",
            version,
            rules.IATI_VERSION_1.id,
            WARNING,
            rules.IATI_VERSION_1.say(version=version),
            "",
        )


def _publisher(root) -> tuple[str, str]:
    """The reporting organisation's name and identifier, when every activity of the file names the
    same one; ('', '') for a file that gathers several publishers (an aggregator's download), which
    no one publisher wrote."""
    found = {
        (_text(reporting), (reporting.get("ref") or "").strip())
        for activity in root.findall("iati-activity")
        if (reporting := activity.find("reporting-org")) is not None
    }
    return found.pop() if len(found) == 1 else ("", "")


def _document_row(root, path: Path) -> dict[str, str]:
    """The XML file as a source document, described in the language of its texts (the report's)."""
    publisher, _ref = _publisher(root)
    generated = (root.get("generated-datetime") or "")[:10]
    activities = len(root.findall("iati-activity"))
    with using(texts_language(root)):
        version = (root.get("version") or "").strip() or _("non indiquée")
        description = ngettext(
            "Fichier d'activités IATI (version {version}) importé par la boîte à outils : {count} activité.",
            "Fichier d'activités IATI (version {version}) importé par la boîte à outils : {count} activités.",
            activities,
        ).format(version=version, count=activities)
        title = _("Fichier d'activités IATI {file}").format(file=path.name)
    return {
        "document": path.name,
        "title": title,
        "author": publisher,
        "date": generated if re.fullmatch(r"\d{4}-\d{2}-\d{2}", generated) else "",
        # Counted by the build in the copy written beside the tables (documents/).
        "lines": "",
        "description": description,
    }


def _deduplicated_indicators(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """One definition per indicator id: activities that share an indicator repeat it."""
    seen: dict[str, dict[str, str]] = {}
    for row in rows:
        seen.setdefault(row["indicator_id"], row)
    return list(seen.values())


def _csv_text(table: schema.Table, rows: list[dict[str, str]]) -> str:
    """The raw data's form: ``;``-separated UTF-8, one header line, quotes only where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(table.raw_names)
    for row in rows:
        writer.writerow([row.get(name, "") for name in table.raw_names])
    return buffer.getvalue()


def import_iati(xml_path: Path, out_dir: Path) -> ImportResult:
    """Write every raw table of the schema into ``out_dir`` from the IATI activity file ``xml_path``."""
    xml_path = Path(xml_path)
    tree = _parse(xml_path)
    root = tree.getroot()
    ctx = _Context(xml_path.name)
    activities = root.findall("iati-activity")
    if not activities:
        ctx.report(
            root,
            "iati-activities",
            "",
            rules.IATI_NO_ACTIVITY.id,
            WARNING,
            rules.IATI_NO_ACTIVITY.say(),
            "operations",
        )
    for position, activity in enumerate(activities, start=1):
        _operation(ctx, activity, position)
    ctx.operation_id = ""
    _file_findings(ctx, root)
    ctx.rows["documents"] = [_document_row(root, xml_path)]
    ctx.rows["indicators"] = _deduplicated_indicators(ctx.rows.get("indicators", []))
    out_dir = Path(out_dir)
    written: dict[str, int] = {}
    for table in schema.TABLES:
        rows = ctx.rows.get(table.name, [])
        write_text_atomic(out_dir / table.file, _csv_text(table, rows))
        written[table.name] = len(rows)
    # The file every row cites, beside the tables: the report opens each citation at its line.
    write_bytes_atomic(documents_dir(out_dir) / xml_path.name, xml_path.read_bytes())
    settings = StartingSettings.of(
        xml_path.name, *_publisher(root), ctx.rows.get("operations", []), texts_language(root)
    )
    return ImportResult(ctx.findings, written, settings)
