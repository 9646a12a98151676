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
from toolkit.model.vocabulary import ColumnKind


def _kinds() -> set[str]:
    return set(ColumnKind)


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
        for_kinds(ColumnKind.SLUG)(lambda _column, _table: [])
    assert module.BY_KIND[ColumnKind.SLUG] is BY_KIND[ColumnKind.SLUG]


def test_a_kind_as_an_enum_member_finds_the_factory_of_its_string():
    class Kind(enum.StrEnum):
        SLUG = ColumnKind.SLUG

    as_string = expectations(_table(_column(ColumnKind.SLUG)), {})
    as_member = expectations(_table(_column(Kind.SLUG)), {})
    assert [e.configuration.to_json_dict() for e in as_member] == [e.configuration.to_json_dict() for e in as_string]


@pytest.mark.parametrize(
    "kind",
    [
        ColumnKind.TEXT,
        ColumnKind.INTEGER,
        ColumnKind.AMOUNT,
        ColumnKind.BOOLEAN,
        ColumnKind.PARTIAL_DATE,
        ColumnKind.SOURCE,
    ],
)
def test_kinds_the_converter_reads_add_nothing_of_their_own(kind):
    assert BY_KIND[kind](_column(kind), _table(_column(kind))) == []


def test_a_slug_matches_the_schema_pattern_and_is_short_enough_to_name_a_file():
    found, length = BY_KIND[ColumnKind.SLUG](_column(ColumnKind.SLUG), _table())
    assert found.expectation_type == "expect_column_values_to_match_regex"
    assert found.regex == schema.SLUG_PATTERN
    assert found.meta["rule"] == "format.slug"
    assert length.expectation_type == "expect_column_value_lengths_to_be_between"
    assert (length.max_value, length.meta["rule"]) == (schema.SLUG_MAX, "format.slug_length")
    assert "plus de 200 caractères" in length.meta["message"]


def test_a_code_is_one_of_its_codes_and_an_open_list_is_not_checked():
    column = _column(ColumnKind.CODE, codes={"partenaire": "2", "porteur": "1", "1": "1"})
    (found,) = BY_KIND[ColumnKind.CODE](column, _table(column))
    assert found.expectation_type == "expect_column_values_to_be_in_set"
    assert found.value_set == ["1", "2"]
    assert found.meta["rule"] == "codelist"
    assert "(ou un libellé : partenaire, porteur)" in found.meta["message"]
    assert BY_KIND[ColumnKind.CODE](_column(ColumnKind.CODE), _table()) == []


def test_labels_are_each_one_of_the_list_joined_by_semicolons():
    column = _column(ColumnKind.LABELS, allowed=("santé", "eau (potable)"))
    (found,) = BY_KIND[ColumnKind.LABELS](column, _table(column))
    pattern = re.compile(found.regex)
    assert pattern.match("santé") and pattern.match("santé; eau (potable)")
    assert not pattern.match("santé;eau (potable)") and not pattern.match("éducation")
    assert BY_KIND[ColumnKind.LABELS](_column(ColumnKind.LABELS), _table()) == []


def test_an_sdg_is_a_goal_or_a_target():
    (found,) = BY_KIND[ColumnKind.SDG](_column(ColumnKind.SDG), _table())
    pattern = re.compile(found.regex)
    assert pattern.match("6.b; 17") and pattern.match("17.19")
    assert not pattern.match("18") and not pattern.match("6.b;17")
    assert found.meta["rule"] == "sdg.unknown"


def test_a_column_gets_its_requirements_then_its_kind_then_its_bounds():
    slug = _column(ColumnKind.SLUG, required=True, required_if="other", minimum=1)
    other = schema.Column("other", ColumnKind.TEXT, "another column", required_if_missing="sample")
    assert _summary(expectations(_table(slug, other), {})) == [
        ("expect_column_values_to_not_be_null", "required", "sample"),
        ("expect_column_values_to_not_be_null", "required_if", "sample"),
        ("expect_column_values_to_match_regex", "format.slug", "sample"),
        ("expect_column_value_lengths_to_be_between", "format.slug_length", "sample"),
        ("expect_column_values_to_be_between", "range", "sample"),
        ("expect_column_values_to_not_be_null", "required_if_missing", "other"),
        ("expect_column_values_to_be_unique", "key.unique", "sample"),
    ]


def test_the_table_rules_follow_every_column_sources_first():
    source = schema.Column("source", ColumnKind.SOURCE, "where it is written")
    quote = schema.Column("text", ColumnKind.TEXT, "a verbatim text", quotes="source")
    table = _table(_column(ColumnKind.SLUG), quote, source)
    assert _summary(expectations(table, {"documents": ["a.txt"]}))[2:] == [
        ("expect_column_values_to_match_regex", "source.document", "source"),
        ("expect_column_values_to_be_in_set", "source.lines", "source"),
        ("expect_column_values_to_be_in_set", "quote.lines", "text"),
        ("expect_column_values_to_be_unique", "key.unique", "sample"),
    ]
    # Without documents to cite, nothing is said of the sources; nor in documents.csv itself.
    assert _summary(expectations(table, {}))[2:] == [("expect_column_values_to_be_unique", "key.unique", "sample")]
    documents = schema.Table("documents", "the documents", table.columns, ("sample",))
    assert len(expectations(documents, {"documents": ["a.txt"]})) == 3


def test_the_sdg_pattern_does_not_depend_on_the_order_of_the_code_list(monkeypatch):
    """The code list is a set, whose order changes with the interpreter's hash seed: the suite
    must not (targets of equal length were left in that order)."""
    column = next(c for c in schema.SDGS.columns if c.kind == ColumnKind.SDG)
    codes = ["17.1", "8.6", "17", "8.5", "1"]
    patterns = set()
    for order in (codes, codes[::-1]):
        monkeypatch.setattr(module, "sdg_codes", lambda order=order: list(order))
        patterns.add(module._sdg(column, schema.SDGS)[0].regex)
    (pattern,) = patterns
    assert pattern.startswith(r"^(?:17\.1|8\.5|8\.6|17|1)")
