"""IATI export of the real CAAC data: valid against the official 2.03 XSD, and back again."""

from __future__ import annotations

import csv

import pytest
from lxml import etree

from tests.conftest import RAW
from toolkit.interop.iati_export import export_iati, schema_errors
from toolkit.interop.iati_import import import_iati
from toolkit.model.config import load_config
from toolkit.results.derive import run_clean
from toolkit.results.portfolio import load


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("iati")
    run_clean(RAW, folder / "clean")
    xml = export_iati(folder / "clean", load_config())
    return folder, xml


def test_export_is_valid_iati_2_03(exported):
    _, xml = exported
    assert schema_errors(xml) == []
    root = etree.fromstring(xml)
    assert root.get("version") == "2.03"


def test_export_holds_the_nine_operations_and_their_budgets(exported):
    folder, xml = exported
    root = etree.fromstring(xml)
    operations = load(folder / "clean").operations
    assert len(operations) == 9
    activities = {a.findtext("iati-identifier"): a for a in root.findall("iati-activity")}
    assert set(activities) == set(operations["operation_id"])
    for operation in operations.to_dict("records"):
        activity = activities[operation["operation_id"]]
        assert float(activity.findtext("budget/value")) == operation["budget"]
        assert float(activity.findtext("transaction/value")) == operation["grant"]
        assert activity.findtext("title/narrative") == operation["title"]
    batik = activities["batik-echangeons"]
    assert [c.get("code") for c in batik.findall("recipient-country")] == ["MA", "EG", "TN", "FR"]
    assert batik.find("activity-date/narrative") is not None  # the default date says it is one


def test_broken_document_gives_schema_errors(exported):
    _, xml = exported
    root = etree.fromstring(xml)
    root.find("iati-activity").remove(root.find("iati-activity/iati-identifier"))
    errors = schema_errors(etree.tostring(root))
    assert errors and any("iati-identifier" in error for error in errors)
    assert schema_errors(b"<iati-activities") and schema_errors(b"<other/>")


def test_round_trip_gives_back_operations_and_budgets(exported, tmp_path):
    folder, xml = exported
    source = tmp_path / "ev-iati.xml"
    source.write_bytes(xml)
    result = import_iati(source, tmp_path / "raw")
    assert result.rows["operations"] == 9
    cleaned = run_clean(tmp_path / "raw", tmp_path / "clean")
    back = cleaned.clean("operations").set_index("operation_id")
    original = load(folder / "clean").operations.set_index("operation_id")
    assert sorted(back.index) == sorted(original.index)
    for column in ("title", "lead_org", "budget", "grant", "countries"):
        assert back[column].to_dict() == original[column].to_dict(), column
    # Participants come back with their roles.
    text = (tmp_path / "raw" / "participants.csv").read_text(encoding="utf-8")
    roles = {
        (r["operation_id"], r["organisation"], r["role"]) for r in csv.DictReader(text.splitlines(), delimiter=";")
    }
    assert ("batik-echangeons", "Batik International", "2") in roles
