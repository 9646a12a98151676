"""The data dictionary in docs/ is the schema's own description, regenerated, never hand-edited."""

from tests.conftest import ROOT
from toolkit.interop.dictionary import data_dictionary
from toolkit.model import schema
from toolkit.model.rules import RULES

DOC = ROOT / "docs" / "data-dictionary.md"


def test_the_committed_dictionary_is_the_generated_one():
    assert DOC.read_text(encoding="utf-8") == data_dictionary(), (
        "docs/data-dictionary.md is stale: run `python -m toolkit data-dictionary --out docs/data-dictionary.md`"
    )


def test_every_table_and_column_is_described_with_its_rules():
    text = data_dictionary()
    for table in schema.TABLES:
        assert f"## `{table.file}`" in text
        for column in table.columns:
            assert f"| `{column.name}` |" in text, column.name
    assert "| ≥ 0.01 and ≤ 1e+15 |" in text  # the budget's rules: optional, bounded, in any currency
    assert "`operation_id` must be a `operation_id` of `operations.csv` (or `programme`)" in text


def test_every_rule_is_listed_with_its_message_template():
    lines = data_dictionary().splitlines()
    for rule in RULES.values():
        (row,) = [line for line in lines if line.startswith(f"| `{rule.id}` |")]
        assert row.endswith(f"| {rule.checks} | {rule.message} |"), row
    # A template is shown as declared, its placeholders left for the reader to see.
    assert (
        "| `money.no_date` | cellule | warning | un montant à convertir a une date de valeur (value_date, sinon le "
        "début de l'opération) | le montant est en {currency} mais ni value_date ni start ne datent la ligne : "
        "sans date, pas de taux ; il reste affiché en {currency} et n'entre pas dans les totaux en {reporting} |"
    ) in lines
