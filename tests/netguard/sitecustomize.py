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
LOOPBACK = {"127.0.0.1", "::1", "localhost", "0.0.0.0"}


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
    os.register_at_fork(after_in_child=lambda: _forked(log))


def _forked(log: str) -> None:
    # Like the hook, only while this log is the one in force: a process that installed the
    # watch for one build must not go on counting its later forks there.
    if os.environ.get("CAAC_NETWORK_LOG") == log:
        _write(log, {"pid": os.getpid(), "event": "fork", "detail": None})


def read(log: str) -> list[dict]:
    """The records of a log, in the order they were written."""
    if not os.path.exists(log):
        return []
    records = []
    with open(log, encoding="utf-8") as stream:
        for line in stream:
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:  # a line cut short: say so, as an attempt not ruled out
                records.append({"pid": None, "event": "unreadable", "detail": line.strip()})
    return records


def outbound(records: list[dict]) -> list[dict]:
    """The records of an attempt to reach beyond this machine.

    A Unix socket (a path) and a loopback address stay on the machine; so does a lookup of the
    machine's own name. Anything else, a URL opened or an HTTP connection included, does not.
    """
    from urllib.parse import urlsplit  # here, not at start-up: every process of the run loads this module

    found = []
    for record in records:
        event, detail = record["event"], record["detail"]
        if event in {"start", "fork"}:
            continue
        if event == "unreadable":
            found.append(record)
            continue
        if event == "urllib.Request":
            host = urlsplit(str(detail)).hostname
        elif event == "http.client.connect":
            host = detail[1]  # (the connection, its host)
        else:
            host = detail[0] if isinstance(detail, list) and detail else detail
        if not _stays_here(host):
            found.append(record)
    return found


def _stays_here(host: object) -> bool:
    """No host, a Unix socket (a path, or an abstract name starting with NUL), this machine's
    name, or a loopback address (127.0.0.0/8, ::1, an IPv4-mapped one)."""
    import ipaddress
    import socket

    if host is None or (isinstance(host, str) and host.startswith(("/", "\0"))):
        return True
    if not isinstance(host, str):
        return False
    if host in LOOPBACK or host == socket.gethostname():
        return True
    try:
        address = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


if os.environ.get("CAAC_NETWORK_LOG"):
    install(os.environ["CAAC_NETWORK_LOG"])
