"""The network watch itself: it must see a real attempt to leave the machine, from a started
process and from one forked by a fork server (as pages are), and must be on for the whole run."""

import os
import socket
import subprocess
import sys
import textwrap

from tests.conftest import NETGUARD, WATCH
from tests.netguard.sitecustomize import outbound, read

REACH = textwrap.dedent(
    """
    import multiprocessing, socket, sys, urllib.request

    def reach():
        try:
            socket.create_connection(("192.0.2.1", 80), timeout=0.2)  # TEST-NET-1: never routed
        except OSError:
            pass

    if __name__ == "__main__":
        try:
            urllib.request.urlopen("http://192.0.2.2/", timeout=0.2)
        except OSError:
            pass
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5).close()
        child = multiprocessing.get_context("forkserver").Process(target=reach)
        child.start()
        child.join()
    """
)


def test_a_real_attempt_to_leave_the_machine_is_seen_from_a_forked_process_too(tmp_path):
    log = tmp_path / "network.jsonl"
    script = tmp_path / "reach.py"
    script.write_text(REACH, encoding="utf-8")
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    env = {**os.environ, "CAAC_NETWORK_LOG": str(log), "PYTHONPATH": str(NETGUARD)}
    try:
        run = subprocess.run([sys.executable, str(script), str(port)], env=env, timeout=60, capture_output=True)
    finally:
        listener.close()
    assert run.returncode == 0, run.stderr
    records = read(str(log))
    main = next(r["pid"] for r in records if r["event"] == "start" and str(script) in r["detail"])
    forked = {r["pid"] for r in records if r["event"] == "fork"}
    seen = {(r["pid"], r["event"], r["detail"][1] if r["event"] == "http.client.connect" else str(r["detail"]))
            for r in outbound(records)}  # fmt: skip
    child = next(pid for pid, _, detail in seen if "192.0.2.1" in detail)
    assert child in forked and child != main
    assert seen == {
        (main, "urllib.Request", "http://192.0.2.2/"),
        (main, "http.client.connect", "192.0.2.2"),
        (main, "socket.getaddrinfo", "['192.0.2.2', 80]"),
        (main, "socket.connect", "['192.0.2.2', 80]"),
        (child, "socket.getaddrinfo", "['192.0.2.1', 80]"),
        (child, "socket.connect", "['192.0.2.1', 80]"),
    }
    # The loopback connection is logged, and is not an attempt to leave the machine.
    assert any(r["event"] == "socket.connect" and r["detail"] == ["127.0.0.1", port] for r in records)


def test_every_process_of_the_run_is_watched(tmp_path):
    # The whole run logs to one file, checked when it ends (tests/conftest.py): a process this
    # test starts, with the environment every test inherits, says there that it is watched.
    marker = str(tmp_path / "marker")
    subprocess.run([sys.executable, "-c", "import sys", marker], check=True, timeout=60)
    started = [r for r in read(os.environ[WATCH]) if r["event"] == "start"]
    assert any(marker in r["detail"] for r in started)
