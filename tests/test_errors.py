"""Errors carry their data, and keep it when they cross a process boundary."""

import pickle

from toolkit.model.errors import InputFileError, NotebookFailed, ParseError


def test_errors_survive_pickling_with_their_context():
    failure = NotebookFailed(
        "operation.ipynb (cellule 6) : KeyError: 'x'",
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


def test_a_failed_page_goes_into_the_manifest_and_comes_back_the_same():
    import json
    import pickle

    from toolkit.model.errors import NotebookFailed

    failure = NotebookFailed(
        "operation.ipynb (cellule 4) : la page a dépassé sa limite de 10 s",
        notebook="reports/operations/puits-kayes.failed.ipynb",
        operation_id="puits-kayes",
        cell=4,
        error="la page a dépassé sa limite de 10 s",
        page="puits-kayes",
    )
    for back in (
        NotebookFailed.from_record(json.loads(json.dumps(failure.as_record()))),
        pickle.loads(pickle.dumps(failure)),
    ):
        assert (back.message, back.notebook, back.operation_id, back.cell, back.error, back.page) == (
            "operation.ipynb (cellule 4) : la page a dépassé sa limite de 10 s",
            "reports/operations/puits-kayes.failed.ipynb",
            "puits-kayes",
            4,
            "la page a dépassé sa limite de 10 s",
            "puits-kayes",
        )
    older = NotebookFailed.from_record({"message": "m", "notebook": "n.failed.ipynb", "operation_id": None})
    assert (older.cell, older.error, older.page) == (None, None, None)
