"""Network watch for the build under test: Python loads this module at start-up when its
folder is on PYTHONPATH, in the build, its workers and every kernel they start.

With CAAC_NETWORK_LOG set, an audit hook appends one line per network event (a connection,
a name lookup, a URL opened), one 'start' line per process started and one 'fork' line per
process forked, so a test can tell both that
the watch was on in every kind of process and what, if anything, tried to leave the machine.
"""

import json
import os
import sys

EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.sendto", "urllib.Request", "http.client.connect"}


def _write(log: str, record: dict) -> None:
    with open(log, "a", encoding="utf-8") as stream:
        stream.write(json.dumps(record, default=repr) + "\n")


def install(log: str) -> None:
    def hook(event: str, args: tuple) -> None:
        if event not in EVENTS or os.environ.get("CAAC_NETWORK_LOG") != log:
            return
        if event in {"socket.connect", "socket.sendto"}:
            detail = args[1]
        elif event == "urllib.Request":
            detail = args[0]
        else:
            detail = args[:2]
        _write(log, {"pid": os.getpid(), "event": event, "detail": detail})

    sys.addaudithook(hook)
    _write(log, {"pid": os.getpid(), "event": "start", "detail": sys.orig_argv[:4]})
    # A page's process is forked from the build's fork server, not started: it inherits the
    # hook, and says so here.
    os.register_at_fork(after_in_child=lambda: _write(log, {"pid": os.getpid(), "event": "fork", "detail": None}))


if os.environ.get("CAAC_NETWORK_LOG"):
    install(os.environ["CAAC_NETWORK_LOG"])
