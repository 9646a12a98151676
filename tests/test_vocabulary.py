"""The closed vocabularies: the values the data hold are members, every member has its French, and
the schema's code lists are the enums."""

import csv
from enum import StrEnum

import pytest

from tests.conftest import RAW, ROOT
from toolkit.interop.dictionary import KIND_TEXT
from toolkit.model import schema
from toolkit.model.vocabulary import (
    DISAGREEING,
    LABELLED,
    AchievementStatus,
    ClaimVerdict,
    ColumnKind,
    DocumentKind,
    PairVerdict,
    ValueType,
    label,
    label_of,
)

RAWS = [RAW, ROOT / "examples" / "programme-fictif" / "raw"]


def _written(raw, file: str, column: str) -> set[str]:
    """The non-empty values of one column of a raw table, as typed."""
    path = raw / file
    if not path.exists():
        return set()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row[column].strip() for row in csv.DictReader(handle, delimiter=";") if row[column].strip()}


@pytest.mark.parametrize("raw", RAWS, ids=["caac", "example"])
def test_every_value_written_in_the_raw_data_is_a_member(raw):
    assert _written(raw, "discrepancies.csv", "status") <= set(DISAGREEING)
    assert _written(raw, "documents.csv", "kind") <= set(DocumentKind)
    # value_type may be typed in French ("cible"): each word must read as a member.
    codes = schema.VALUE_TYPE_CODES
    typed = _written(raw, "observations.csv", "value_type")
    assert typed and {codes.get(word.lower()) for word in typed} <= set(ValueType)


def test_the_caac_data_use_the_vocabularies():
    # Guards the test above against reading an empty or renamed column.
    assert _written(RAW, "discrepancies.csv", "status") == {PairVerdict.DISCORDANT, PairVerdict.TO_COMPARE}
    assert DocumentKind.CAPITALISATION in _written(RAW, "documents.csv", "kind")


@pytest.mark.parametrize("vocabulary", LABELLED, ids=lambda v: v.__name__)
def test_every_member_has_a_french_label(vocabulary: type[StrEnum]):
    labels = [label(member) for member in vocabulary]
    assert all(text.strip() for text in labels)
    assert len(set(labels)) == len(labels), f"two members of {vocabulary.__name__} read the same"


def test_every_value_type_has_a_row_type_label():
    assert [label(value_type, as_row_type=True) for value_type in ValueType] == ["Référence", "Cible", "Réalisé"]


def test_labels_are_the_words_the_pages_show():
    assert label(ClaimVerdict.NOT_RECOMPUTABLE) == "non recalculable"
    assert label(PairVerdict.TO_COMPARE) == "à rapprocher"
    assert label(ValueType.ACTUAL) == "réalisation"


def test_a_value_outside_the_vocabulary_is_shown_as_written():
    assert label_of("inconsistent", ClaimVerdict) == "incohérent"
    assert label_of("peut-être", ClaimVerdict) == "peut-être"
    missing = float("nan")
    assert label_of(missing, AchievementStatus) is missing


def test_member_values_are_the_strings_written_in_the_data():
    # The clean CSVs and the pages hold these exact strings: a renamed value would change them all.
    assert [str(kind) for kind in ColumnKind] == [
        "text",
        "slug",
        "integer",
        "amount",
        "duration",
        "countries",
        "code",
        "labels",
        "partial_date",
        "claim_value",
        "measured_value",
        "boolean",
        "source",
        "sdg",
    ]
    assert [str(verdict) for verdict in ClaimVerdict] == ["consistent", "inconsistent", "not_recomputable"]
    assert [str(verdict) for verdict in PairVerdict] == ["concordants", "discordants", "à rapprocher"]
    assert [str(status) for status in AchievementStatus] == [
        "Atteint",
        "Partiellement atteint",
        "Non atteint",
        "Non renseigné",
    ]


def test_the_schema_code_lists_are_built_from_the_enums():
    assert set(schema.table("documents").column("kind").codes.values()) == set(DocumentKind)
    assert set(schema.table("discrepancies").column("status").codes.values()) == set(DISAGREEING)
    assert set(schema.table("observations").column("value_type").codes.values()) == set(ValueType)
    # Codes are plain strings, so that a clean cell holds the value and never the member.
    for column in (schema.table("documents").column("kind"), schema.table("observations").column("value_type")):
        assert {type(code) for code in column.codes.values()} == {str}


def test_every_column_has_a_column_kind_the_dictionary_describes():
    kinds = {column.kind for table in schema.TABLES for column in table.columns}
    assert all(isinstance(kind, ColumnKind) for kind in kinds)
    assert set(KIND_TEXT) == set(ColumnKind)
