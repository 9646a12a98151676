"""`make lab`: JupyterLab serves the notebooks, with the kernel they need, from this environment."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.e2e
TOKEN = "caac-test"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
        return response.read()


@pytest.fixture
def lab(tmp_path):
    port = _free_port()
    # The options `make lab` passes, plus what a test needs: no browser, a known port and token.
    command = [
        sys.executable, "-m", "jupyter", "lab", "--notebook-dir", str(ROOT / "notebooks"),
        "--no-browser", "--ip", "127.0.0.1", f"--port={port}", f"--IdentityProvider.token={TOKEN}",
        "--ServerApp.port_retries=0", "--allow-root",
    ]  # fmt: skip
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1", "HOME": str(tmp_path)}
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
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
