"""A page in a process of its own: a crash, a kill or a hang fails that page, never its caller."""

import os
import re
import time
from pathlib import Path

import nbformat
import pytest

from toolkit.build import isolation
from toolkit.build.run import PageEngine
from toolkit.build.tasks import PageRun, PageTask
from toolkit.model.errors import NotebookFailed


def _task(tmp_path, cells, engine=PageEngine.FORK, timeout=60):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nbformat.write(nb, tmp_path / "page.ipynb")
    return PageTask(
        name="page",
        notebook=str(tmp_path / "page.ipynb"),
        executed=str(tmp_path / "out" / "page.ipynb"),
        html=str(tmp_path / "out" / "page.html"),
        cwd=str(tmp_path),
        title="Page",
        footer="pied",
        run=PageRun(engine, page_timeout=timeout, log=str(tmp_path / "logs" / "pages.log")),
    )


def test_a_page_is_built_in_its_own_process_and_leaves_nothing_behind(tmp_path):
    task = _task(tmp_path, ["import os\nprint(f'pid={os.getpid()}')", "import toolkit\ntoolkit.left_by_a_page = True"])
    assert isolation.run_isolated(task) == task.html
    page = (tmp_path / "out" / "page.html").read_text(encoding="utf-8")
    # The cells ran in another process. (Read from the printed line: a bare pid of three digits
    # may stand anywhere in the page's stylesheet.)
    (printed,) = re.findall(r"pid=(\d+)", page)
    assert int(printed) != os.getpid()
    # A second page starts clean: nothing the first one set is there.
    second = _task(tmp_path, ["import toolkit\nassert not hasattr(toolkit, 'left_by_a_page')"])
    assert isolation.run_isolated(second) == second.html
    import toolkit

    assert not hasattr(toolkit, "left_by_a_page")


@pytest.mark.parametrize("engine", list(PageEngine))
def test_a_killed_page_fails_alone_with_its_cause(tmp_path, engine):
    # As the out-of-memory killer does: SIGKILL, no chance to clean up.
    task = _task(tmp_path, ["x = 1", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"], engine=engine)
    with pytest.raises(NotebookFailed) as failed:
        isolation.run_isolated(task)
    message = failed.value.message
    if engine == PageEngine.FORK:
        assert "signal SIGKILL (tué, par exemple par manque de mémoire)" in message
        assert failed.value.cell == 2
    else:
        assert "DeadKernelError" in message  # the kernel died; the page's process reports it
    assert not (tmp_path / "out" / "page.html").exists()


@pytest.mark.parametrize("engine", list(PageEngine))
def test_a_hung_page_is_stopped_at_its_time_limit_naming_the_running_cell(tmp_path, engine):
    pid_file = tmp_path / "cells.pid"
    cells = ["x = 1", f"import os, time\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\ntime.sleep(600)"]
    task = _task(tmp_path, cells, engine=engine, timeout=4)
    started = time.monotonic()
    with pytest.raises(NotebookFailed) as failed:
        isolation.run_isolated(task)
    assert time.monotonic() - started < 4 + 2 * isolation.GRACE + 5
    assert failed.value.message == "page.ipynb (cellule 2) : la page a dépassé sa limite de 4 s"
    assert isolation.running_pages() == 0  # its process is gone
    # And the process that ran the cells: a kernel runs in a session of its own, which a signal
    # to the page's process group does not reach.
    assert not _alive(int(pid_file.read_text()))
    # What the page had run is kept for the evaluator: the first cell done, the second left running.
    partial = nbformat.read(failed.value.notebook, as_version=4)
    code = [
        cell
        for cell in partial.cells
        if cell.cell_type == "code" and "injected-parameters" not in cell.metadata.get("tags", [])
    ]
    assert [cell.metadata.papermill["status"] for cell in code[-2:]] == ["completed", "running"]


def _alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie waiting for its parent to reap it has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_a_ctrl_c_while_a_page_starts_stops_that_page_too(tmp_path, monkeypatch):
    """Ctrl-C (stop_all, from another thread) landing while a page's process is being started:
    the page is either not started or stopped with the others, never left running."""
    import threading

    stopper: list[threading.Thread] = []
    start = isolation.multiprocessing.process.BaseProcess.start

    def start_then_ctrl_c(process):
        start(process)
        stopper.append(threading.Thread(target=isolation.stop_all))
        stopper[0].start()
        time.sleep(0.5)  # the stop lands before the page is registered, if nothing holds it back

    monkeypatch.setattr(isolation.multiprocessing.process.BaseProcess, "start", start_then_ctrl_c)
    task = _task(tmp_path, ["import time\ntime.sleep(600)"], timeout=30)
    started = time.monotonic()
    try:
        with pytest.raises(NotebookFailed) as failed:
            isolation.run_isolated(task)
    finally:
        stopper[0].join()
        isolation.allow_pages()
    assert time.monotonic() - started < 2 * isolation.GRACE + 5, failed.value.message
    assert "limite de 30 s" not in failed.value.message
    assert isolation.running_pages() == 0


def test_a_daemonic_caller_is_told_how_to_start_its_workers(tmp_path, monkeypatch):
    from toolkit.model.errors import ConfigurationError

    monkeypatch.setattr(isolation.multiprocessing.current_process(), "daemon", True, raising=False)
    with pytest.raises(ConfigurationError, match="DASK_DISTRIBUTED__WORKER__DAEMON=False"):
        isolation.run_isolated(_task(tmp_path, ["x = 1"]))
