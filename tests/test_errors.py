"""Errors carry their data, and keep it when they cross a process boundary."""

import pickle

from toolkit.model.errors import InputFileError, NotebookFailed, ParseError


def test_errors_survive_pickling_with_their_context():
    failure = NotebookFailed(
        "operation.ipynb failed in cell 6",
        notebook="x.failed.ipynb",
        operation_id="cgt-banane",
        cell=6,
        error="KeyError: 'x'",
    )
    restored = pickle.loads(pickle.dumps(failure))
    assert type(restored) is NotebookFailed
    assert (restored.message, restored.operation_id, restored.cell, restored.error) == (
        failure.message,
        "cgt-banane",
        6,
        "KeyError: 'x'",
    )
    assert str(restored) == str(failure)


def test_parse_errors_name_value_and_rule():
    error = ParseError("expected an amount", value="beaucoup", rule="parse.amount")
    restored = pickle.loads(pickle.dumps(error))
    assert (restored.value, restored.rule) == ("beaucoup", "parse.amount")
    assert "operations.csv" in str(InputFileError("the file is missing", file="operations.csv"))
