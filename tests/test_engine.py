"""The in-process papermill engine records what a Jupyter kernel records, run for real with both."""

import json
import subprocess
import sys

import nbformat
import pytest

from tests.conftest import ROOT
from toolkit.build.run import PageEngine, execute
from toolkit.model.errors import NotebookFailed

CELLS = [
    "from IPython.display import HTML, display\nimport sys",
    "print('bonjour')\nprint('le monde')",
    "display(HTML('<p>Tableau</p>'))",
    "6 * 7",
    "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()",
    "print('attention', file=sys.stderr)",
]


def _notebook(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in cells]
    nbformat.write(nb, path)
    return path


def _outputs(path):
    shapes = []
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            shapes.append(
                (
                    output.output_type,
                    output.get("name"),
                    output.get("text"),
                    data.get("text/html"),
                    data.get("text/plain"),
                    sorted(data),
                )
            )
    return shapes


# Both engines run in a process of their own, as a page does: the in-process engine draws its
# figures with the backend of the process it runs in, and a test worker's matplotlib has been
# through every earlier test's figures (one left it so that the inline figure went missing).
RECORD = """
import json, sys
from pathlib import Path
from toolkit.build.run import PageEngine, execute
from tests.test_engine import _outputs
notebook, folder = Path(sys.argv[1]), Path(sys.argv[2])
print(json.dumps({
    str(name): _outputs(execute(notebook, folder / f"{name}.ipynb", {"x": 2}, cwd=folder, engine=name))
    for name in PageEngine
}))
"""


def test_the_engine_records_the_outputs_a_kernel_records(tmp_path):
    notebook = _notebook(tmp_path / "page.ipynb", CELLS)
    ran = subprocess.run(
        [sys.executable, "-c", RECORD, str(notebook), str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    recorded = json.loads(ran.stdout.strip().splitlines()[-1])
    by_engine = {engine: [(*shape[:5], shape[5]) for shape in recorded[str(engine)]] for engine in PageEngine}
    fork = by_engine[PageEngine.FORK]
    assert ("stream", "stdout", "bonjour\nle monde\n", None, None, []) in fork
    assert (
        "display_data",
        None,
        None,
        "<p>Tableau</p>",
        "<IPython.core.display.HTML object>",
        ["text/html", "text/plain"],
    ) in fork
    assert ("execute_result", None, None, None, "42", ["text/plain"]) in fork
    assert any(shape[0] == "display_data" and "image/png" in shape[5] for shape in fork)  # the inline figure
    assert ("stream", "stderr", "attention\n", None, None, []) in fork
    # Figure bytes differ only by what matplotlib writes in them; everything else is the same.
    assert [s for s in fork if "image/png" not in s[5]] == [
        s for s in by_engine[PageEngine.KERNEL] if "image/png" not in s[5]
    ]


@pytest.mark.parametrize("engine", list(PageEngine))
def test_a_failing_cell_is_named_and_the_partial_notebook_kept(tmp_path, engine):
    notebook = _notebook(tmp_path / "page.ipynb", ["y = 1", "1 / 0", "z = 3"])
    with pytest.raises(NotebookFailed) as failed:
        execute(notebook, tmp_path / "out.ipynb", {}, cwd=tmp_path, engine=engine)
    # No parameters, so papermill injects no cell: "1 / 0" is the third cell run, as in Jupyter.
    assert failed.value.cell == 3
    assert failed.value.error == "ZeroDivisionError: division by zero"
    assert not (tmp_path / "out.ipynb").exists()
    partial = nbformat.read(tmp_path / "out.failed.ipynb", as_version=4)
    error = [o for c in partial.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert error and error[0].ename == "ZeroDivisionError" and error[0].traceback
    # Nothing ran after the failing cell.
    assert partial.cells[-1].get("outputs", []) == [] and partial.cells[-1].execution_count is None


def test_a_page_leaves_nothing_in_the_evaluators_ipython_history(tmp_path, monkeypatch):
    # IPython keeps the history of every shell in its profile folder; a page's cells are not the
    # evaluator's own, and pages running side by side would share its lock.
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    notebook = _notebook(tmp_path / "page.ipynb", ["y = 2", "print(y)"])
    execute(notebook, tmp_path / "out.ipynb", {"x": 2}, cwd=tmp_path, engine=PageEngine.FORK)
    assert nbformat.read(tmp_path / "out.ipynb", as_version=4).cells[-1].outputs[0]["text"] == "2\n"
    assert not list((tmp_path / "ipython").rglob("history.sqlite"))


def test_a_display_updated_in_place_is_replaced_as_a_kernel_replaces_it(tmp_path):
    """``display(..., display_id=...)`` then ``update``: one output, holding the last value, in
    the cell that showed it; an update of an id never shown adds nothing."""
    cells = [
        "from IPython.display import HTML, display\nshown = display(HTML('<p>avant</p>'), display_id='tableau')",
        "shown.update(HTML('<p>après</p>'))\nprint('suite')",
        "display(HTML('<p>rien</p>'), display_id='inconnu', update=True)",
    ]
    notebook = _notebook(tmp_path / "page.ipynb", cells)
    by_engine = {
        name: _outputs(execute(notebook, tmp_path / f"{name}.ipynb", {"x": 2}, cwd=tmp_path, engine=name))
        for name in tuple(PageEngine)
    }
    html = [shape[3] for shape in by_engine[PageEngine.FORK] if shape[0] == "display_data"]
    assert html == ["<p>après</p>"]
    assert by_engine[PageEngine.FORK] == by_engine[PageEngine.KERNEL]


@pytest.mark.parametrize("engine", list(PageEngine))
def test_both_engines_come_through_papermills_entry_point_and_patch_nothing(tmp_path, engine):
    """papermill finds the engines as it finds any engine package's (``papermill.engine`` in
    pyproject.toml), and the running cell is told through a subclass of its execution manager:
    papermill's own classes are the same objects after a page as before."""
    from papermill.engines import NotebookExecutionManager, papermill_engines

    from toolkit.build.engine import ForkEngine, KernelEngine, PageManager

    registered = papermill_engines.get_engine(engine.papermill_name)
    assert registered._engine() is {"fork": ForkEngine, "kernel": KernelEngine}[engine]
    before = dict(vars(NotebookExecutionManager))
    notebook = _notebook(tmp_path / "page.ipynb", ["y = x + 1", "# a comment", "print(y)"])
    started = []
    execute(notebook, tmp_path / "out.ipynb", {"x": 2}, cwd=tmp_path, engine=engine, on_cell=started.append)
    # Five code cells: the parameters cell, papermill's injected parameters and the three above.
    assert started == [1, 2, 3, 4, 5]
    assert dict(vars(NotebookExecutionManager)) == before
    assert issubclass(PageManager, NotebookExecutionManager) and "cell_start" in vars(PageManager)


def test_the_engines_import_first_or_after_papermill_and_papermill_alone_imports_none_of_them():
    """papermill loads its entry points while its own engines module is half made: the entry
    point must not be the module that subclasses it (imported first, it came back half made)."""
    import subprocess
    import sys

    code = (
        "import sys; import toolkit.build.engine as e; import papermill.engines as p;"
        "assert p.papermill_engines.get_engine('toolkit-fork').nb_kernel_name is not None;"
        "print(e.ForkEngine.__name__)"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert first.returncode == 0 and first.stdout.strip() == "ForkEngine", first.stderr[-2000:]
    alone = "import sys, papermill; print('toolkit.build.engine' in sys.modules, 'IPython' in sys.modules)"
    light = subprocess.run([sys.executable, "-c", alone], capture_output=True, text=True, timeout=120)
    assert light.stdout.split() == ["False", "False"], light.stderr[-2000:]


def test_braces_in_a_path_are_part_of_the_path_not_a_parameter_to_fill(tmp_path):
    """papermill formats the paths it is given with the parameters: a reports folder named
    "{x}" would have become "2", outside the reports."""
    folder = tmp_path / "{x}"
    notebook = _notebook(tmp_path / "page.ipynb", ["y = x"])
    execute(notebook, folder / "out.ipynb", {"x": 2}, cwd=tmp_path, engine=PageEngine.FORK)
    assert (folder / "out.ipynb").is_file() and not (tmp_path / "2").exists()
