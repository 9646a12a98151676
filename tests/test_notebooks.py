"""The notebooks as committed: paired with their text files, and without outputs."""

import json

import jupytext
import pytest

from tests.conftest import NOTEBOOKS

NAMES = ("operation", "programme", "data_quality")


def _cells(notebook) -> list[tuple[str, str]]:
    return [(cell.cell_type, cell.source.strip()) for cell in notebook.cells]


@pytest.mark.parametrize("name", NAMES)
def test_each_notebook_matches_its_paired_script(name):
    """Reviews read the .py diff: it must say what the .ipynb runs (`jupytext --sync` re-pairs them)."""
    notebook = jupytext.read(NOTEBOOKS / f"{name}.ipynb")
    script = jupytext.read(NOTEBOOKS / f"{name}.py")
    assert _cells(script) == _cells(notebook)


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_are_committed_without_outputs(name):
    cells = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    code = [cell for cell in cells if cell["cell_type"] == "code"]
    assert code and all(cell["outputs"] == [] and cell["execution_count"] is None for cell in code)


@pytest.mark.parametrize("name", NAMES)
def test_the_parameters_cell_is_tagged_in_both_files(name):
    for suffix in (".ipynb", ".py"):
        notebook = jupytext.read(NOTEBOOKS / f"{name}{suffix}")
        tagged = [cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])]
        assert len(tagged) == 1, f"{name}{suffix}"
