"""A page in a process of its own: a crash, a kill or a hang fails that page, never its caller."""

import contextlib
import os
import re
import time
from dataclasses import replace
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


# A page cell that starts three processes and writes their pids, with its own and its parent's:
# one in the page's process group, one in a session of its own, and a daemon that forks twice
# (the process in between ends, so the daemon is an orphan, and in a session of its own).
SPAWN = """import os, subprocess, time
pids = [subprocess.Popen(["sleep", "600"]).pid, subprocess.Popen(["sleep", "600"], start_new_session=True).pid]
read, write = os.pipe()
if os.fork() == 0:
    os.setsid()
    daemon = os.fork()
    if daemon == 0:
        time.sleep(600)
        os._exit(0)
    os.write(write, str(daemon).encode())
    os._exit(0)
pids.append(int(os.read(read, 20)))
open({path!r}, "w").write(" ".join(map(str, [os.getpid(), os.getppid(), *pids])))
"""


def _gone(pids, timeout=2.0) -> list[int]:
    """Which of ``pids`` still run after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while [pid for pid in pids if _alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.02)
    return [pid for pid in pids if _alive(pid)]


@pytest.mark.parametrize("end", ["success", "failure", "time", "killed worker", "killed supervisor"])
def test_what_a_page_started_ends_with_it_whatever_session_it_moved_to(tmp_path, end):
    import signal
    import threading

    started = tmp_path / "started"
    last = {"success": "x = 1", "failure": "raise ValueError('non')"}.get(end, "import time\ntime.sleep(600)")
    task = _task(tmp_path, [SPAWN.format(path=str(started)), last], timeout=2)
    killer = None
    if end.startswith("killed"):
        # From outside: the out-of-memory killer takes the page's worker (the biggest process).
        def kill():
            while not started.exists() or not started.read_text():
                time.sleep(0.02)
            worker, supervisor = map(int, started.read_text().split()[:2])
            os.kill(worker if end == "killed worker" else supervisor, signal.SIGKILL)

        killer = threading.Thread(target=kill)
        killer.start()
    pids: list[int] = []
    try:
        if end == "success":
            assert isolation.run_isolated(task) == task.html
        else:
            with pytest.raises(NotebookFailed) as failed:
                isolation.run_isolated(task)
            if end == "killed worker":
                assert "signal SIGKILL" in failed.value.message
        pids = [int(pid) for pid in started.read_text().split()]
        worker, supervisor, group, session, daemon = pids
        if end == "killed supervisor":
            # The last resort: the build kills the page's group and what carries the page's mark in
            # its environment; a daemon forked without exec carries none, and is out of reach.
            assert _gone([worker, group, session]) == []
        else:
            assert _gone(pids) == []
    finally:
        if killer is not None:
            killer.join()
        for pid in pids[2:]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_a_page_that_maps_shared_memory_past_its_limit_fails_with_the_limit_named(tmp_path):
    # 3 GB of /dev/shm mapped and never touched: no private memory, but the page's address space.
    name = f"/dev/shm/toolkit-test-{os.getpid()}"
    cell = (
        "import mmap, os\n"
        f"fd = os.open({name!r}, os.O_RDWR | os.O_CREAT, 0o600)\n"
        "try:\n    os.ftruncate(fd, 3 * 2**30)\n    shared = mmap.mmap(fd, 3 * 2**30)\n"
        f"finally:\n    os.close(fd)\n    os.unlink({name!r})"
    )
    task = _task(tmp_path, ["x = 1", cell])
    task = replace(task, run=replace(task.run, page_memory=1200))
    with pytest.raises(NotebookFailed) as failed:
        isolation.run_isolated(task)
    assert failed.value.message == "page.ipynb (cellule 2) : la page a dépassé sa limite de mémoire de 1 200 Mo"


def test_a_kernel_past_the_page_limit_fails_the_page_with_the_limit_named(tmp_path):
    """With --engine kernel the kernel inherits the limit as its own: 3 GB asked for under 3,000 MB
    of address space (a kernel starts at about 1.2 GB, docs/architecture.md) fails the page, named."""
    task = _task(tmp_path, ["x = 1", "import numpy\nmore = numpy.ones(3 * 2**30 // 8)"], engine=PageEngine.KERNEL)
    task = replace(task, run=replace(task.run, page_memory=3000))
    with pytest.raises(NotebookFailed) as failed:
        isolation.run_isolated(task)
    assert failed.value.message == "page.ipynb (cellule 2) : la page a dépassé sa limite de mémoire de 3 000 Mo"


def test_ctrl_c_while_the_fork_server_imports_prints_no_traceback(tmp_path):
    import signal
    import subprocess
    import sys

    # A preload that takes a second, as the page libraries' imports do, and says when it starts.
    preloading = tmp_path / "preloading"
    (tmp_path / "slow_preload.py").write_text(f"import time\nopen({str(preloading)!r}, 'w').close()\ntime.sleep(1)\n")
    script = (
        "import time\nfrom toolkit.build import isolation\n"
        "isolation.PRELOAD = ['slow_preload']\n"
        "try:\n    isolation.start_server()\n    time.sleep(30)\nexcept KeyboardInterrupt:\n    print('interrompu')\n"
    )
    build = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # The fork server finds the preload on the path it inherits (Python 3.11's ignores sys.path).
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])},
        start_new_session=True,  # its own process group, as a terminal's foreground job
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as from a terminal
    )
    deadline = time.monotonic() + 30
    while not preloading.exists():
        assert time.monotonic() < deadline, "the fork server never started its imports"
        time.sleep(0.02)
    os.killpg(build.pid, signal.SIGINT)  # Ctrl-C: to the build and its fork server alike
    out, err = build.communicate(timeout=30)
    assert out == "interrompu\n"  # the build itself still stops on Ctrl-C
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
