"""The clean data as an IATI 2.03 activity file, and its check against the official XSD.

One ``iati-activity`` per operation: identifier, reporting and participating organisations,
title, description, status, dates, recipient countries, budget, the grant as a commitment,
and the operation's indicators with their baselines, targets and actuals. Where IATI
requires an element the data does not give, the default chosen is stated in the XML
itself (a narrative or a description saying so) and in a comment here, never invented.
"""

from __future__ import annotations

import math
import re
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd
import pycountry
from lxml import etree

from toolkit.model.cells import split_values
from toolkit.model.config import Config
from toolkit.results.portfolio import Portfolio, load

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_DIR = ("reference", "iati-schema-2.03")
# IATI code lists: ActivityDateType, ActivityStatus, TransactionType, OrganisationRole.
PLANNED_START, PLANNED_END = "1", "3"
STATUS_IMPLEMENTATION, STATUS_CLOSED = "2", "4"
OUTGOING_COMMITMENT = "2"
OWN_VOCABULARY = "99"  # IndicatorVocabulary / other-identifier: the reporting organisation's own codes
LOCAL_IDENTIFIER = "A1"  # OtherIdentifierType: reporting organisation's internal identifier


def _present(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    return str(value).strip() != ""


def _text(value: object) -> str:
    return str(value).strip() if _present(value) else ""


def _sub(parent, tag: str, text: str | None = None, **attributes: str):
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attributes.items() if v != ""})
    if text is not None:
        element.text = text
    return element


def _narrative(parent, tag: str, text: str):
    """``<tag><narrative>text</narrative></tag>``: the 2.0x form of every free text."""
    element = _sub(parent, tag)
    _sub(element, "narrative", text)
    return element


def _year_bounds(partial: str) -> tuple[str, str]:
    """First and last day of a partial date: ``2015`` -> 2015-01-01, 2015-12-31."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", partial):
        return partial, partial
    if re.fullmatch(r"\d{4}-\d{2}", partial):
        year, month = (int(part) for part in partial.split("-"))
        following = date(year + month // 12, month % 12 + 1, 1)
        return f"{partial}-01", date.fromordinal(following.toordinal() - 1).isoformat()
    return f"{partial[:4]}-01-01", f"{partial[:4]}-12-31"


def _period(operation: pd.Series, config: Config) -> tuple[str, str, str]:
    """(start, end, note): the operation's dates as full dates, and how they were obtained.

    IATI requires at least one activity date and full dates for budgets and result periods.
    Most fiches give none: the programme period of ``programme.toml`` (e.g. 2014-2018) is the
    only period the sources vouch for, so it stands in, and the note says so in the XML.
    """
    start, end = _text(operation.get("start")), _text(operation.get("end"))
    if start and end:
        return _year_bounds(start)[0], _year_bounds(end)[1], ""
    years = re.findall(r"\d{4}", config.period)
    if len(years) >= 2:
        note = (
            f"Date non donnée par les sources de l'opération : période du programme {config.short_name} "
            f"({config.period}) indiquée par défaut."
        )
        return f"{years[0]}-01-01", f"{years[-1]}-12-31", note
    return "", "", ""


def _country_codes(countries: str) -> list[str]:
    """ISO 3166-1 alpha-3 codes of the clean data as the alpha-2 codes IATI uses."""
    codes = []
    for code in split_values(countries):
        country = pycountry.countries.get(alpha_3=code)
        if country is not None:
            codes.append(country.alpha_2)
    return codes


def _money(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _description(operation: pd.Series, config: Config) -> str:
    noun = config.operation_noun[0]
    parts = [f"{noun[:1].upper()}{noun[1:]} du programme {config.short_name} (phase {_text(operation.get('phase'))})"]
    if _present(operation.get("lead_org")):
        parts.append(f"portée par {_text(operation.get('lead_org'))}")
    text = " ".join(parts) + "."
    for label, column in (("Zone", "zone"), ("Territoires", "territories"), ("Thèmes", "themes")):
        if _present(operation.get(column)):
            text += f" {label} : {_text(operation.get(column))}."
    return text


def _organisations(activity, portfolio: Portfolio, operation: pd.Series) -> None:
    participants = portfolio.participants_of(operation["operation_id"])
    written = set()
    for participant in participants.to_dict("records"):
        key = (participant["organisation"], str(participant["role"]))
        if key in written:
            continue
        written.add(key)
        org = _sub(activity, "participating-org", role=_text(participant["role"]), type=_text(participant["org_type"]))
        _sub(org, "narrative", participant["organisation"])
    if not written:
        # IATI requires one participating organisation; the lead organisation is the one the data names.
        org = _sub(activity, "participating-org", role="2")
        _sub(org, "narrative", _text(operation.get("lead_org")))


def _status(end: str) -> str:
    """Closed (4) once the period has ended, implementation (2) before: the data holds no finer status."""
    return STATUS_CLOSED if end and end < date.today().isoformat() else STATUS_IMPLEMENTATION


def _dates(activity, start: str, end: str, note: str) -> None:
    # Planned dates (1 and 3): the fiches are plans; nothing in the data says when work actually began.
    for kind, value in ((PLANNED_START, start), (PLANNED_END, end)):
        element = _sub(activity, "activity-date", type=kind, iso_date=value)
        if note:
            _sub(element, "narrative", note)


def _countries(activity, operation: pd.Series) -> None:
    codes = _country_codes(_text(operation.get("countries")))
    for code in codes:
        # One country takes 100 %. For several, the sources give no split: an equal split would
        # be invented, so no percentage is written (IATI validators will ask for one).
        _sub(activity, "recipient-country", code=code, percentage="100" if len(codes) == 1 else "")


def _budget(activity, operation: pd.Series, start: str, end: str) -> None:
    if not _present(operation.get("budget")):
        return
    budget = _sub(activity, "budget", type="1", status="2")  # original, committed: the fiche's agreed budget
    _sub(budget, "period-start", iso_date=start)
    _sub(budget, "period-end", iso_date=end)
    _sub(budget, "value", _money(float(operation["budget"])), currency=operation["budget_currency"], value_date=start)


def _grant(activity, operation: pd.Series, config: Config, start: str) -> None:
    """The programme's grant as the reporting organisation's outgoing commitment.

    The commitment date is not in the data; IATI requires one, so the start of the period
    stands in and the transaction's description says so.
    """
    if not _present(operation.get("grant")):
        return
    transaction = _sub(activity, "transaction")
    _sub(transaction, "transaction-type", code=OUTGOING_COMMITMENT)
    _sub(transaction, "transaction-date", iso_date=start)
    _sub(
        transaction, "value", _money(float(operation["grant"])), currency=operation["grant_currency"], value_date=start
    )
    _narrative(
        transaction,
        "description",
        f"Subvention accordée par le programme {config.short_name} (montant de la fiche de l'opération) ; "
        "date de l'engagement inconnue : début de la période indiqué par défaut.",
    )
    receiver = _sub(transaction, "receiver-org")
    _sub(receiver, "narrative", _text(operation.get("lead_org")))


def _value_attributes(row: dict) -> dict[str, str]:
    return {"value": _money(float(row["value"]))} if _present(row.get("value")) else {}


def _observation(parent, tag: str, row: dict, **attributes: str):
    element = _sub(parent, tag, **attributes, **_value_attributes(row))
    for pair in split_values(row.get("dimensions")):
        name, _, value = pair.partition("=")
        _sub(element, "dimension", name=name.strip(), value=value.strip())
    # The value as the source wrote it ("plus de 135", "deux") and the remarks: IATI's value is a bare number.
    remarks = (
        [f"Valeur telle qu'écrite : « {_text(row.get('value_text'))} »."] if _present(row.get("value_text")) else []
    )
    remarks += [_text(row.get("comment"))] if _present(row.get("comment")) else []
    if remarks:
        _narrative(element, "comment", " ".join(remarks))
    return element


def _results(activity, portfolio: Portfolio, operation: pd.Series, start: str, end: str) -> None:
    observations = portfolio.observations[portfolio.observations["operation_id"] == operation["operation_id"]]
    indicators = portfolio.indicators.set_index("indicator_id")
    for indicator_id, rows in observations.groupby("indicator_id", sort=False):
        if indicator_id not in indicators.index:
            continue
        definition = indicators.loc[indicator_id]
        result = _sub(activity, "result", type=_text(definition["level"]))
        _narrative(result, "title", _text(definition["title"]))
        ascending = {True: "1", False: "0"}.get(definition.get("ascending"), "")
        indicator = _sub(result, "indicator", measure=_text(definition["measure"]), ascending=ascending)
        _narrative(indicator, "title", _text(definition["title"]))
        if _present(definition.get("definition")):
            _narrative(indicator, "description", _text(definition["definition"]))
        # The toolkit's own indicator id, so that an import finds the same indicator again.
        _sub(indicator, "reference", vocabulary=OWN_VOCABULARY, code=str(indicator_id))
        records = rows.to_dict("records")
        for row in (r for r in records if r["value_type"] == "baseline"):
            # A baseline needs a year: the period start, else the start of the operation.
            year = (_text(row.get("period_start")) or start)[:4]
            _observation(indicator, "baseline", row, year=year)
        periods: dict[tuple[str, str], list[dict]] = {}
        for row in (r for r in records if r["value_type"] in ("target", "actual")):
            # A target without a period is the fiche's target for the whole operation.
            first = _year_bounds(_text(row.get("period_start")))[0] if _present(row.get("period_start")) else start
            last = _year_bounds(_text(row.get("period_end")))[1] if _present(row.get("period_end")) else end
            periods.setdefault((first, last), []).append(row)
        for (first, last), period_rows in periods.items():
            period = _sub(indicator, "period")
            _sub(period, "period-start", iso_date=first)
            _sub(period, "period-end", iso_date=last)
            for value_type in ("target", "actual"):  # the XSD wants every target before any actual
                for row in (r for r in period_rows if r["value_type"] == value_type):
                    _observation(period, value_type, row)


def _activity(root, portfolio: Portfolio, operation: pd.Series, config: Config, reporting_org_ref: str) -> None:
    activity = _sub(root, "iati-activity", default_currency="EUR")
    activity.set(XML_LANG, "fr")
    operation_id = operation["operation_id"]
    # An IATI identifier is the reporting organisation's identifier, a hyphen and a local id.
    _sub(activity, "iati-identifier", f"{reporting_org_ref}-{operation_id}" if reporting_org_ref else operation_id)
    # Organisation identifiers are assigned by registration agencies and the data holds none:
    # unless the caller gives it, the required @ref is written empty (valid for the schema,
    # reported by IATI validators) rather than invented. Type 22 (national NGO): CFSI is a
    # French association.
    reporting = _sub(activity, "reporting-org", type="22")
    reporting.set("ref", reporting_org_ref)
    _sub(reporting, "narrative", config.organisation or config.name)
    _narrative(activity, "title", _text(operation["title"]))
    _narrative(activity, "description", _description(operation, config)).set("type", "1")
    _organisations(activity, portfolio, operation)
    # The toolkit's operation id as the reporting organisation's internal identifier.
    _sub(activity, "other-identifier", ref=operation_id, type=LOCAL_IDENTIFIER)
    start, end, note = _period(operation, config)
    _sub(activity, "activity-status", code=_status(end))
    _dates(activity, start, end, note)
    _countries(activity, operation)
    _budget(activity, operation, start, end)
    _grant(activity, operation, config, start)
    _results(activity, portfolio, operation, start, end)


def activities_tree(portfolio: Portfolio, config: Config, reporting_org_ref: str = ""):
    root = etree.Element("iati-activities", version=IATI_VERSION)
    for _, operation in portfolio.operations.iterrows():
        _activity(root, portfolio, operation, config, reporting_org_ref)
    return root


def export_iati(clean_dir: Path, config: Config, reporting_org_ref: str = "") -> bytes:
    """The clean data of ``clean_dir`` as an IATI 2.03 activity file (UTF-8 bytes)."""
    root = activities_tree(load(clean_dir), config, reporting_org_ref)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@cache
def _schema() -> etree.XMLSchema:
    """The official IATI 2.03 activity XSD shipped in ``toolkit/reference`` (read once, offline)."""
    folder = resources.files("toolkit.model").joinpath(*SCHEMA_DIR)
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    # A real path, so that the XSD's relative includes (iati-common.xsd, xml.xsd) resolve locally.
    with resources.as_file(folder.joinpath("iati-activities-schema.xsd")) as path:
        return etree.XMLSchema(etree.parse(str(path), parser))


def schema_errors(xml: bytes) -> list[str]:
    """Every violation of the IATI 2.03 activity schema, one French-prefixed line each ([] when valid)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        document = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        return [f"ligne {getattr(error, 'lineno', '?')} : XML illisible : {error.msg}"]
    schema = _schema()
    if schema.validate(document):
        return []
    return [f"ligne {error.line} : {error.message}" for error in schema.error_log]
