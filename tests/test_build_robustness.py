"""No page can take a build down: a real build of the invented programme, one page killed or hung."""

import csv
import shutil

import pytest

from tests.conftest import NOTEBOOKS, copy_example
from toolkit.cli import main

pytestmark = pytest.mark.e2e


def _sabotaged(tmp_path, cell: str):
    """The invented programme, with the operation notebook running ``cell`` for puits-kayes only."""
    paths = copy_example(tmp_path / "programme")
    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, notebooks, ignore=shutil.ignore_patterns("*.py"))
    import nbformat

    page = nbformat.read(notebooks / "operation.ipynb", as_version=4)
    code = [i for i, c in enumerate(page.cells) if c.cell_type == "code"]
    page.cells.insert(code[2], nbformat.v4.new_code_cell(f"if operation_id == 'puits-kayes':\n    {cell}"))
    nbformat.write(page, notebooks / "operation.ipynb")
    args = [
        "build",
        *("--raw", str(paths.raw), "--clean", str(paths.clean), "--reports", str(paths.reports)),
        *("--notebooks", str(notebooks), "--narrative", str(paths.narrative), "--config", str(paths.config)),
        *("--jobs", "2"),
    ]
    return paths, args


def _summary(reports):
    with (reports / "build-summary.csv").open(encoding="utf-8") as file:
        return {row["page"]: row for row in csv.DictReader(file)}


@pytest.mark.parametrize("engine", ["fork", "kernel"])
def test_a_page_killed_mid_way_fails_alone(tmp_path, capsys, engine):
    paths, args = _sabotaged(tmp_path, "import os, signal; os.kill(os.getpid(), signal.SIGKILL)")
    assert main([*args, "--engine", engine]) == 3
    printed = capsys.readouterr().out
    summary = _summary(paths.reports)
    failed = summary["operations/puits-kayes.html"]
    assert failed["status"] == "failed"
    cause = "signal SIGKILL" if engine == "fork" else "DeadKernelError"
    assert cause in failed["error"] and cause in printed
    # Every other page is published, and the index names the failed one.
    assert {row["status"] for page, row in summary.items() if page != "operations/puits-kayes.html"} == {"ok"}
    assert len(summary) == 5
    assert (paths.reports / "operations" / "latrines-thies.html").is_file()
    assert not (paths.reports / "operations" / "puits-kayes.html").exists()
    assert "puits-kayes" in (paths.reports / "index.html").read_text(encoding="utf-8")


def test_a_hung_page_is_stopped_at_its_time_limit_and_the_build_goes_on(tmp_path, capsys):
    paths, args = _sabotaged(tmp_path, "import time; time.sleep(3600)")
    assert main([*args, "--page-timeout", "20"]) == 3
    failed = _summary(paths.reports)["operations/puits-kayes.html"]
    assert failed["status"] == "failed"
    assert failed["error"] == "la page a dépassé sa limite de 20 s" and failed["cell"] == "4"
    assert "(cellule 4) : la page a dépassé sa limite de 20 s" in capsys.readouterr().out
    assert (paths.reports / "operations" / "latrines-thies.html").is_file()


def test_the_page_time_limit_is_read_from_the_configuration(tmp_path):
    from toolkit.config import load_config
    from toolkit.errors import ConfigurationError

    paths = copy_example(tmp_path / "programme")
    text = paths.config.read_text(encoding="utf-8")
    paths.config.write_text(text + "\n[build]\npage_timeout = 45\n", encoding="utf-8")
    assert load_config(paths.config).page_timeout == 45.0
    broken = paths.config.with_name("casse.toml")  # load_config remembers a file it has read
    broken.write_text(text + '\n[build]\npage_timeout = "longtemps"\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"\[build\] page_timeout must be a number of seconds"):
        load_config(broken)
