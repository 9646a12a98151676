"""`make lab`: JupyterLab serves the notebooks, with the kernel they need, from this environment,
shows each notebook once and keeps what it writes inside the project."""

import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import NOTEBOOKS, ROOT

pytestmark = pytest.mark.e2e
TOKEN = "caac-test"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
        return response.read()


def make_lab(state: Path) -> tuple[dict[str, str], list[str]]:
    """The environment and command `make lab` starts JupyterLab with, read from make's dry run, its
    folder for what JupyterLab writes (``LAB_STATE``) moved to ``state``."""
    outer = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}  # `make test` runs this: its flags are not for this make
    env = {key: value for key, value in os.environ.items() if key not in outer}
    printed = subprocess.run(
        ["make", "--dry-run", "lab", f"LAB_STATE={state}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = shlex.split(next(line for line in printed.splitlines() if " lab --notebook-dir" in line))
    start = next(index for index, word in enumerate(words) if not re.match(r"[A-Za-z_]\w*=", word))
    assert words[start].endswith("/jupyter") and words[start + 1] == "lab", words
    assignments = dict(word.split("=", 1) for word in words[:start])
    return assignments, [sys.executable, "-m", "jupyter", *words[start + 1 :]]


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> Path:
    """The home folder the server sees (``home/``) and the one `make lab` keeps its files in (``state/``)."""
    folder = tmp_path_factory.mktemp("lab")
    (folder / "home").mkdir()
    return folder


@pytest.fixture(scope="module")
def lab(folders):
    """One JupyterLab for the module's tests, started as `make lab` starts it."""
    port = _free_port()
    assignments, command = make_lab(folders / "state")
    # What `make lab` runs, plus what a test needs: no browser, a known port and token.
    command += [
        "--no-browser", "--ip", "127.0.0.1", f"--port={port}", f"--IdentityProvider.token={TOKEN}",
        "--ServerApp.port_retries=0", "--allow-root",
    ]  # fmt: skip
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1", "HOME": str(folders / "home"), **assignments}
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"{base}/api/status?token={TOKEN}")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"JupyterLab did not start: {server.stderr.read()}") from None
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_jupyterlab_opens_the_notebooks_with_their_kernel(lab):
    contents = json.loads(_get(f"{lab}/api/contents?token={TOKEN}"))
    names = {item["name"] for item in contents["content"]}
    assert {"operation.ipynb", "programme.ipynb", "data_quality.ipynb"} <= names
    # The notebooks name the python3 kernel: the environment's own must be the one offered.
    kernels = json.loads(_get(f"{lab}/api/kernelspecs?token={TOKEN}"))
    assert "python3" in kernels["kernelspecs"]
    notebook = json.loads(_get(f"{lab}/api/contents/operation.ipynb?token={TOKEN}"))
    assert notebook["content"]["metadata"]["kernelspec"]["name"] == "python3"
    assert b"JupyterLab" in _get(f"{lab}/lab?token={TOKEN}")


def test_jupyterlab_shows_each_notebook_once_and_writes_nothing_in_the_home_folder(lab, folders):
    listed = {item["name"] for item in json.loads(_get(f"{lab}/api/contents?token={TOKEN}"))["content"]}
    notebooks = {path.name for path in NOTEBOOKS.glob("*.ipynb")}
    scripts = {path.with_suffix(".py").name for path in NOTEBOOKS.glob("*.ipynb")}
    assert notebooks <= listed and scripts <= {path.name for path in NOTEBOOKS.glob("*.py")}
    # The paired scripts stay the reviewed source, out of the file browser only.
    assert not listed & scripts, listed & scripts
    assert json.loads(_get(f"{lab}/api/contents/operation.py?content=0&token={TOKEN}"))["name"] == "operation.py"
    # The cookie secret and the server's files are in the folder `make lab` names, none under home.
    assert (folders / "state" / "runtime" / "jupyter_cookie_secret").is_file()
    assert [path for path in (folders / "home").rglob("*") if path.is_file()] == []
