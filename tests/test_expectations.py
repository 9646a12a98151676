"""The suite's registry: every column kind has its factory, a kind without one is refused, and each
factory's expectations say what its kind means."""

import enum
import re

import pytest

from tests.conftest import ROOT
from toolkit.check import expectations as module
from toolkit.check.expectations import BY_KIND, UnknownColumnKind, build_suite, expectations, for_kinds
from toolkit.model import schema
from toolkit.model.config import load_config
from toolkit.model.errors import ToolkitError

# Every kind the schema declares, by the name of its constant.
KIND_NAMES = (
    "TEXT",
    "SLUG",
    "INTEGER",
    "AMOUNT",
    "DURATION",
    "COUNTRIES",
    "CODE",
    "LABELS",
    "PARTIAL_DATE",
    "CLAIM_VALUE",
    "MEASURED_VALUE",
    "BOOLEAN",
    "SOURCE",
    "SDG",
)


def _kinds() -> set[str]:
    declared = {getattr(schema, name) for name in KIND_NAMES}
    # Once the kinds are an enum, every member must have its factory too, new ones included.
    return declared | set(getattr(schema, "ColumnKind", ()))


def _column(kind: str, **declared) -> schema.Column:
    return schema.Column("sample", kind, "a sample column", **declared)


def _table(*columns: schema.Column, key: tuple[str, ...] = ("sample",)) -> schema.Table:
    return schema.Table("samples", "a sample table", columns, key)


def _summary(found: list) -> list[tuple[str, str, str]]:
    return [(e.expectation_type, e.meta["rule"], e.meta["column"]) for e in found]


def test_every_column_kind_has_a_factory():
    assert sorted(_kinds() - BY_KIND.keys()) == []


@pytest.mark.parametrize("config", ["programme.toml", "examples/programme-fictif/programme.toml"])
def test_every_kind_the_tables_use_has_a_factory_and_every_table_builds(config):
    tables = schema.programme_tables(load_config(ROOT / config).closed_lists())
    used = {column.kind for table in tables for column in table.columns}
    assert used <= BY_KIND.keys()
    for table in tables:
        assert expectations(table, {"documents": ["a.txt"]}), table.name  # a key at least


def test_a_kind_without_a_factory_is_refused_with_its_table_and_column():
    table = _table(_column("colour"))
    with pytest.raises(UnknownColumnKind) as raised:
        build_suite(table, {})
    error = raised.value
    assert isinstance(error, ToolkitError)
    assert (error.kind, error.table, error.column) == ("colour", "samples", "sample")
    assert error.context == {"kind": "colour", "table": "samples", "column": "sample"}
    assert "« sample »" in error.message and "« samples »" in error.message


def test_a_kind_registered_twice_fails_and_leaves_the_registry_as_it_was(monkeypatch):
    monkeypatch.setattr(module, "BY_KIND", dict(BY_KIND))
    with pytest.raises(ValueError, match="'slug' has two expectation factories"):
        for_kinds(schema.SLUG)(lambda _column, _table: [])
    assert module.BY_KIND[schema.SLUG] is BY_KIND[schema.SLUG]


def test_a_kind_as_an_enum_member_finds_the_factory_of_its_string():
    class Kind(enum.StrEnum):
        SLUG = schema.SLUG

    as_string = expectations(_table(_column(schema.SLUG)), {})
    as_member = expectations(_table(_column(Kind.SLUG)), {})
    assert [e.configuration.to_json_dict() for e in as_member] == [e.configuration.to_json_dict() for e in as_string]


@pytest.mark.parametrize(
    "kind", [schema.TEXT, schema.INTEGER, schema.AMOUNT, schema.BOOLEAN, schema.PARTIAL_DATE, schema.SOURCE]
)
def test_kinds_the_converter_reads_add_nothing_of_their_own(kind):
    assert BY_KIND[kind](_column(kind), _table(_column(kind))) == []


def test_a_slug_matches_the_schema_pattern():
    (found,) = BY_KIND[schema.SLUG](_column(schema.SLUG), _table())
    assert found.expectation_type == "expect_column_values_to_match_regex"
    assert found.regex == schema.SLUG_PATTERN
    assert found.meta["rule"] == "format.slug"


def test_a_code_is_one_of_its_codes_and_an_open_list_is_not_checked():
    column = _column(schema.CODE, codes={"partenaire": "2", "porteur": "1", "1": "1"})
    (found,) = BY_KIND[schema.CODE](column, _table(column))
    assert found.expectation_type == "expect_column_values_to_be_in_set"
    assert found.value_set == ["1", "2"]
    assert found.meta["rule"] == "codelist"
    assert "(ou un libellé : partenaire, porteur)" in found.meta["message"]
    assert BY_KIND[schema.CODE](_column(schema.CODE), _table()) == []


def test_labels_are_each_one_of_the_list_joined_by_semicolons():
    column = _column(schema.LABELS, allowed=("santé", "eau (potable)"))
    (found,) = BY_KIND[schema.LABELS](column, _table(column))
    pattern = re.compile(found.regex)
    assert pattern.match("santé") and pattern.match("santé; eau (potable)")
    assert not pattern.match("santé;eau (potable)") and not pattern.match("éducation")
    assert BY_KIND[schema.LABELS](_column(schema.LABELS), _table()) == []


def test_an_sdg_is_a_goal_or_a_target():
    (found,) = BY_KIND[schema.SDG](_column(schema.SDG), _table())
    pattern = re.compile(found.regex)
    assert pattern.match("6.b; 17") and pattern.match("17.19")
    assert not pattern.match("18") and not pattern.match("6.b;17")
    assert found.meta["rule"] == "sdg.unknown"


def test_a_column_gets_its_requirements_then_its_kind_then_its_bounds():
    slug = _column(schema.SLUG, required=True, required_if="other", minimum=1)
    other = schema.Column("other", schema.TEXT, "another column", required_if_missing="sample")
    assert _summary(expectations(_table(slug, other), {})) == [
        ("expect_column_values_to_not_be_null", "required", "sample"),
        ("expect_column_values_to_not_be_null", "required_if", "sample"),
        ("expect_column_values_to_match_regex", "format.slug", "sample"),
        ("expect_column_values_to_be_between", "range", "sample"),
        ("expect_column_values_to_not_be_null", "required_if_missing", "other"),
        ("expect_column_values_to_be_unique", "key.unique", "sample"),
    ]


def test_the_table_rules_follow_every_column_sources_first():
    source = schema.Column("source", schema.SOURCE, "where it is written")
    quote = schema.Column("text", schema.TEXT, "a verbatim text", quotes="source")
    table = _table(_column(schema.SLUG), quote, source)
    assert _summary(expectations(table, {"documents": ["a.txt"]}))[1:] == [
        ("expect_column_values_to_match_regex", "source.document", "source"),
        ("expect_column_values_to_be_in_set", "source.lines", "source"),
        ("expect_column_values_to_be_in_set", "quote.lines", "text"),
        ("expect_column_values_to_be_unique", "key.unique", "sample"),
    ]
    # Without documents to cite, nothing is said of the sources; nor in documents.csv itself.
    assert _summary(expectations(table, {}))[1:] == [("expect_column_values_to_be_unique", "key.unique", "sample")]
    documents = schema.Table("documents", "the documents", table.columns, ("sample",))
    assert len(expectations(documents, {"documents": ["a.txt"]})) == 2
