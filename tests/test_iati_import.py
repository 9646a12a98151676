"""IATI import: the standard's example files, a real published excerpt, and hand-made messy files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from toolkit.ingest.parse import parse_source_refs
from toolkit.interop.iati_import import import_iati
from toolkit.model import schema
from toolkit.model.errors import InputFileError
from toolkit.results.derive import run_clean

FIXTURES = Path(__file__).parent / "fixtures" / "iati"


def rows(folder: Path, table: str) -> list[dict[str, str]]:
    text = (folder / f"{table}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter=";"))


@pytest.mark.parametrize(
    ("file", "counts"),
    [
        # One activity, three participating organisations, one indicator with a baseline,
        # a period target and a period actual: what each example file holds.
        (
            "activity-standard-example-2.03.xml",
            {"operations": 1, "participants": 3, "indicators": 1, "observations": 3},
        ),
        (
            "activity-standard-example-1.05.xml",
            {"operations": 1, "participants": 3, "indicators": 1, "observations": 3},
        ),
        ("worldbank-1.0-excerpt.xml", {"operations": 2, "participants": 4, "indicators": 0, "observations": 0}),
    ],
)
def test_import_counts_and_clean(file, counts, tmp_path):
    raw = tmp_path / "raw"
    result = import_iati(FIXTURES / file, raw)
    for table, expected in counts.items():
        assert result.rows[table] == expected == len(rows(raw, table)), table
    # Every raw table exists, header first, in the raw data's `;` form.
    for table in schema.TABLES:
        header = (raw / table.file).read_text(encoding="utf-8").splitlines()[0]
        assert header.split(";") == list(table.raw_names)
    cleaned = run_clean(raw, tmp_path / "clean")
    accounting = cleaned.accounting.set_index("table")
    assert accounting.loc["operations", "raw_rows"] == counts["operations"]
    assert (accounting["raw_rows"] == accounting["clean_rows"] + accounting["quarantined_rows"]).all()
    # The XML file is a registered document, copied beside the tables, and every reference points inside it.
    assert (raw / "documents" / file).read_bytes() == (FIXTURES / file).read_bytes()
    rules_that_must_hold = {"source.document", "source.lines", "parse.source", "document.file", "document.lines"}
    assert not [f for f in cleaned.findings if f.rule in rules_that_must_hold]


def test_example_2_03_mapping(tmp_path):
    result = import_iati(FIXTURES / "activity-standard-example-2.03.xml", tmp_path)
    (operation,) = rows(tmp_path, "operations")
    assert operation["operation_id"] == "abc123"  # AA-AAA-123456789-ABC123 without the reporting org's prefix
    assert operation["title"] == "Activity title"
    assert operation["countries"] == "AFG, ATG"
    assert operation["start"] == "2012-04-28"  # the actual start wins over the planned one
    assert operation["end"] == "2015-12-31"
    assert operation["budget"] == "3000 EUR"
    assert [p["role"] for p in rows(tmp_path, "participants")] == ["1", "2", "3"]
    (indicator,) = rows(tmp_path, "indicators")
    assert (indicator["level"], indicator["measure"], indicator["ascending"]) == ("1", "1", "oui")
    observations = {o["value_type"]: o for o in rows(tmp_path, "observations")}
    assert observations["actual"]["value"] == "11"
    assert observations["target"]["period_start"] == "2013-01-01"
    assert observations["baseline"]["dimensions"] == "sex=female;age=adult"
    # Each source reference is the element's own line in the XML.
    lines = (FIXTURES / "activity-standard-example-2.03.xml").read_text(encoding="utf-8").splitlines()
    (reference,) = parse_source_refs(observations["actual"]["source"])
    assert lines[reference.first_line - 1].strip().startswith('<actual value="11"')
    (document,) = rows(tmp_path, "documents")
    assert document["lines"] == ""  # counted by the build in the copy beside the tables
    assert (tmp_path / "documents" / document["document"]).read_text(encoding="utf-8").splitlines() == lines
    assert {f.rule for f in result.findings} >= {"iati.region_not_country", "iati.currency_mixed"}


def test_real_world_bank_excerpt(tmp_path):
    result = import_iati(FIXTURES / "worldbank-1.0-excerpt.xml", tmp_path)
    operations = rows(tmp_path, "operations")
    # No iati-identifier in this 2010 file: the World Bank project id stands in, and that is reported.
    assert [o["operation_id"] for o in operations] == ["p084404", "p107545"]
    assert operations[0]["grant"] == "93000000 USD"  # two commitments, in the default currency
    missing = [f.row for f in result.findings if f.rule == "iati.missing_identifier"]
    assert missing == [3, 50]
    assert any(f.rule == "iati.org_role" and f.value == "donor" and f.row == 10 for f in result.findings)


def activity(body: str, version: str = "2.03", currency: str = "EUR") -> str:
    """A minimal activity file: line 3 opens the activity, ``body`` starts on line 4."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="{version}">\n'
        f' <iati-activity default-currency="{currency}">\n{body}\n </iati-activity>\n</iati-activities>\n'
    )


IDENTIFIED = "  <iati-identifier>XM-TEST-1</iati-identifier>\n  <title><narrative>Essai</narrative></title>\n"
INDICATOR = (
    IDENTIFIED + '  <result type="1"><title><narrative>R</narrative></title>\n'
    "  <indicator{measure}><title><narrative>I</narrative></title></indicator>\n  </result>"
)

MESSY = {
    "placeholder-date": (
        activity(IDENTIFIED + '  <activity-date type="3" iso-date="9999-12-31"/>'),
        "iati.placeholder_date",
        6,
    ),
    "empty-measure": (activity(INDICATOR.format(measure=' measure=""')), "iati.measure_missing", 7),
    "missing-measure": (activity(INDICATOR.format(measure="")), "iati.measure_missing", 7),
    "region-not-country": (
        activity(IDENTIFIED + '  <recipient-region code="298" vocabulary="1"/>'),
        "iati.region_not_country",
        6,
    ),
    "two-currencies": (
        activity(
            IDENTIFIED + '  <budget type="1"><period-start iso-date="2015-01-01"/><period-end iso-date="2015-12-31"/>\n'
            '  <value value-date="2015-01-01">1000</value></budget>\n'
            '  <budget type="1"><period-start iso-date="2016-01-01"/><period-end iso-date="2016-12-31"/>\n'
            '  <value currency="USD" value-date="2016-01-01">500</value></budget>'
        ),
        "iati.currency_mixed",
        9,
    ),
    "version-1": (
        activity("  <iati-identifier>XM-TEST-1</iati-identifier>\n  <title>Essai</title>", "1.03"),
        "iati.version_1",
        2,
    ),
    "missing-identifier": (activity("  <title><narrative>Essai</narrative></title>"), "iati.missing_identifier", 3),
    "no-activity": (
        '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n</iati-activities>\n',
        "iati.no_activity",
        2,
    ),
    "version-missing": (activity(IDENTIFIED.rstrip(), ""), "iati.version_missing", 2),
    "unknown-org-type": (
        activity(
            IDENTIFIED + '  <participating-org role="1" type="999"><narrative>Org</narrative></participating-org>'
        ),
        "iati.org_type",
        6,
    ),
    "impossible-date": (
        activity(IDENTIFIED + '  <activity-date type="2" iso-date="2015-13-45"/>'),
        "iati.date_invalid",
        6,
    ),
    "no-currency-anywhere": (
        activity(
            IDENTIFIED + '  <budget type="1"><period-start iso-date="2015-01-01"/><period-end iso-date="2015-12-31"/>\n'
            '  <value value-date="2015-01-01">1000</value></budget>',
            currency="",
        ),
        "iati.currency_missing",
        7,
    ),
    "unknown-country": (
        activity(IDENTIFIED + '  <recipient-country code="XX" percentage="100"/>'),
        "iati.country_code",
        6,
    ),
    "unknown-result-type": (
        activity(INDICATOR.replace('<result type="1">', '<result type="7">').format(measure=' measure="1"')),
        "iati.result_type",
        6,
    ),
    "unknown-measure": (activity(INDICATOR.format(measure=' measure="9"')), "iati.measure_unknown", 7),
    "indicator-value-not-a-number": (
        activity(
            IDENTIFIED + '  <result type="1"><title><narrative>R</narrative></title>\n'
            '  <indicator measure="1"><title><narrative>I</narrative></title>\n'
            '  <period><period-start iso-date="2015-01-01"/><period-end iso-date="2015-12-31"/>\n'
            '  <actual value="beaucoup"/></period></indicator>\n  </result>'
        ),
        "iati.value_not_number",
        9,
    ),
    "not-a-number": (
        activity(
            IDENTIFIED + '  <budget><period-start iso-date="2015-01-01"/><period-end iso-date="2015-12-31"/>\n'
            '  <value value-date="2015-01-01">n/a</value></budget>'
        ),
        "iati.value_not_number",
        7,
    ),
}


@pytest.mark.parametrize(("text", "rule", "line"), MESSY.values(), ids=MESSY.keys())
def test_messy_file_gives_finding_at_line(text, rule, line, tmp_path):
    source = tmp_path / "messy.xml"
    source.write_text(text, encoding="utf-8")
    result = import_iati(source, tmp_path / "raw")
    found = [(f.rule, f.row) for f in result.findings]
    assert (rule, line) in found, found
    finding = next(f for f in result.findings if f.rule == rule)
    assert finding.file == "messy.xml" and finding.message  # a French message, never a traceback
    run_clean(tmp_path / "raw", tmp_path / "clean")  # and the cleaning reads the result


def test_two_currencies_are_never_added(tmp_path):
    source = tmp_path / "messy.xml"
    source.write_text(MESSY["two-currencies"][0], encoding="utf-8")
    result = import_iati(source, tmp_path)
    assert rows(tmp_path, "operations")[0]["budget"] == ""
    assert any(f.rule == "iati.budget_currencies" and f.severity == "error" for f in result.findings)


def test_placeholder_date_is_dropped(tmp_path):
    source = tmp_path / "messy.xml"
    source.write_text(MESSY["placeholder-date"][0], encoding="utf-8")
    import_iati(source, tmp_path)
    assert rows(tmp_path, "operations")[0]["end"] == ""


@pytest.mark.parametrize(
    "content",
    [b"operation_id;title\nx;y\n", b"\x89PNG\r\n\x1a\n\x00\x00", b"<iati-activities><unclosed></iati-activities>"],
    ids=["csv", "binary", "broken-xml"],
)
def test_not_xml_is_refused_with_a_french_message(content, tmp_path):
    source = tmp_path / "activites.xml"
    source.write_bytes(content)
    with pytest.raises(InputFileError) as raised:
        import_iati(source, tmp_path / "raw")
    assert "activites.xml" in raised.value.message
    assert "XML" in raised.value.message
    assert not (tmp_path / "raw").exists()


def test_entities_are_not_expanded(tmp_path):
    source = tmp_path / "entity.xml"
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    source.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>\n'
        '<iati-activities version="2.03"><iati-activity><iati-identifier>A-1</iati-identifier>'
        "<title><narrative>&e;</narrative></title></iati-activity></iati-activities>\n",
        encoding="utf-8",
    )
    import_iati(source, tmp_path / "raw")
    assert "SECRET" not in (tmp_path / "raw" / "operations.csv").read_text(encoding="utf-8")


def test_a_placeholder_baseline_year_is_said_and_left_out_as_a_placeholder_date_is(tmp_path):
    """The import and the build agree: a baseline year of 9999 is not written for the build to refuse."""
    baseline = INDICATOR.format(measure=' measure="1"').replace(
        "</indicator>", '<baseline year="9999" value="3"/></indicator>'
    )
    source = tmp_path / "messy.xml"
    source.write_text(activity(baseline), encoding="utf-8")
    result = import_iati(source, tmp_path / "raw")
    (observation,) = rows(tmp_path / "raw", "observations")
    assert (observation["value_type"], observation["period_start"], observation["value"]) == ("baseline", "", "3")
    (finding,) = [f for f in result.findings if f.rule == "iati.placeholder_date"]
    assert (finding.column, finding.value, finding.severity) == (
        "iati-activity/result/indicator/baseline/@year",
        "9999",
        "warning",
    )


def test_a_file_whose_bytes_are_not_in_its_declared_encoding_is_refused_in_french(tmp_path):
    """Saved from a Windows editor: declared UTF-8, written in Windows-1252."""
    source = tmp_path / "activites.xml"
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n<iati-activity>Été</iati-activity>'
    )
    source.write_bytes((text + "</iati-activities>\n").encode("cp1252"))
    with pytest.raises(InputFileError) as raised:
        import_iati(source, tmp_path / "raw")
    message = raised.value.message
    assert message.startswith("activites.xml ne se lit pas comme un fichier XML : ses octets ne sont pas dans")
    assert "l'encodage qu'il déclare" in message and "(ligne 3, colonne" in message
    # lxml's English ("Invalid bytes in character encoding") is not shown.
    assert "Invalid" not in message and "bytes" not in message
    assert not (tmp_path / "raw").exists()
