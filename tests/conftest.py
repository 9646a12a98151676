"""Shared fixtures: the real CAAC data, cleaned once per test session."""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import sys
from pathlib import Path

import pytest

from toolkit.build.pdf import CHROMIUM_FLAGS as PRINTER_FLAGS
from toolkit.build.pipeline import build
from toolkit.build.tasks import BuildOptions
from toolkit.clean.tables import write_clean
from toolkit.model.paths import BuildPaths
from toolkit.results.derive import prepare
from toolkit.results.portfolio import load

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture(scope="session")
def caac_clean():
    """The CAAC raw data validated and cleaned (in memory)."""
    return prepare(RAW)


@pytest.fixture(scope="session")
def caac_portfolio(caac_clean, tmp_path_factory):
    """The cleaned CAAC data written out and loaded back, as the notebooks see it."""
    folder = tmp_path_factory.mktemp("clean")
    write_clean(caac_clean, folder)
    return load(folder)


EXAMPLE = ROOT / "examples" / "programme-fictif"


def copy_example(target: Path) -> BuildPaths:
    """A writable copy of the small invented programme (2 operations, 4 pages): end-to-end tests
    whose point is the build's behaviour, not CAAC's content, build it in a fraction of the time."""
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("clean", "reports"))
    return BuildPaths(
        target / "raw", target / "clean", target / "reports", NOTEBOOKS, target / "narrative", target / "programme.toml"
    )


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of the CAAC raw data, for tests that break it on purpose."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_raw(raw: Path, file: str, old: str | None, new: str) -> None:
    """Replace ``old`` by ``new`` in one raw file; without ``old``, append ``new`` as its last row."""
    path = raw / file
    if old is None:
        text = path.read_text(encoding="utf-8")
        assert text.endswith("\n"), f"{file} does not end with a line break"
        path.write_text(text + new + "\n", encoding="utf-8")
    else:
        rewrite(path, old, new)


def raw_record_count(file: str, raw: Path = RAW) -> int:
    """The data rows of a raw CSV file, counted here with the csv module (not by the toolkit):
    the records after the header that have a non-blank cell."""
    import csv

    with (raw / file).open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.reader(handle, delimiter=";"))
    return sum(any(cell.strip() for cell in record) for record in records[1:])


def assert_rows_accounted_for(result) -> None:
    """Every raw row of every table ended up clean or quarantined."""
    accounting = result.accounting
    assert (accounting["raw_rows"] == accounting["clean_rows"] + accounting["quarantined_rows"]).all(), accounting


EPOCH = "1700000000"


def build_at_epoch(out: Path, **options):
    """The real build of the CAAC data into ``out``, its date fixed as a reproducible build fixes it."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        paths = BuildPaths(RAW, out / "clean", out / "reports", NOTEBOOKS)
        return build(paths, BuildOptions(jobs=2, **options), echo=lambda _: None)
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def assert_same_outputs(first: Path, second: Path) -> None:
    """Two builds' clean data and pages, byte for byte (their logs aside)."""
    compared = 0
    for path in sorted(first.rglob("*")):
        if path.is_file() and path.suffix in {".csv", ".html"} and ".logs" not in path.parts:
            assert path.read_bytes() == (second / path.relative_to(first)).read_bytes(), path.relative_to(first)
            compared += 1
    assert compared > 20


NETGUARD = Path(__file__).parent / "netguard"


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The CAAC build, every Python process of it (build, workers, kernels) watched for network use.

    Built once per test run: under pytest-xdist the first worker to need it builds it and the
    others wait for it, then read the same folders (the tests only read them)."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's own
    out = shared / "caac-build"
    saved = out / "result.pickle"
    with open(shared / "caac-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not saved.exists():
            saved.write_bytes(pickle.dumps(_watched_build(out)))
    result = pickle.loads(saved.read_bytes())
    # Every test that reads this build would otherwise pass over a page that is not there.
    assert not result.failures, [failure.message for failure in result.failures]
    assert len(operation_pages(out / "reports")) == CAAC_OPERATIONS
    return out, result


CAAC_OPERATIONS = 9  # « le CFSI a soutenu neuf initiatives » (001 l. 27)


def operation_pages(reports: Path) -> list[Path]:
    """The operation pages of a CAAC build, all nine of them."""
    pages = sorted((reports / "operations").glob("*.html"))
    assert len(pages) == CAAC_OPERATIONS, [page.name for page in pages]
    return pages


def _watched_build(out: Path):
    out.mkdir(parents=True, exist_ok=True)
    log = out / "network.jsonl"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAAC_NETWORK_LOG", str(log))
        patch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(NETGUARD), os.environ.get("PYTHONPATH")])))
        from multiprocessing import forkserver

        from tests.netguard.sitecustomize import install

        install(str(log))
        # A fork server an earlier test of this worker started writes to the run's log, not this
        # one: the build must start its own (a private method of the standard library, for tests).
        forkserver._forkserver._stop()
        return build_at_epoch(out)


# The tests launch Chromium as the PDF printer does: no start-up calls to Google's services.
CHROMIUM_FLAGS = list(PRINTER_FLAGS)


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, driven by Playwright (which downloads no browser of its own)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "Chromium is not installed: `make browser` (run by `make test`) installs Debian's package"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


# Every finding made in a test process is recorded by its rule: when the whole suite has run, a
# rule the catalogue declares but no test made a finding of is dead or untested, and the run fails.
# (A finding of an undeclared rule is refused where it is made: see Finding.__post_init__.)
from toolkit.model.findings import Finding  # noqa: E402 - after the fixtures it serves
from toolkit.model.rules import RULES  # noqa: E402

_RULES_SEEN: set[tuple[str, str]] = set()
_declared_check = Finding.__post_init__


def _recording_check(self: Finding) -> None:
    _declared_check(self)
    _RULES_SEEN.add((self.rule, self.severity))


Finding.__post_init__ = _recording_check
SEEN_FOLDER = "TOOLKIT_TEST_RULES_SEEN"


# Every Python process of the run is watched for network use: the test processes, and all they
# start (builds, fork servers, pages' processes, kernels, Dask workers, command-line runs,
# JupyterLab), since each inherits PYTHONPATH and loads tests/netguard/sitecustomize.py. At the
# end of the run, an attempt to leave the machine fails it. Tests that make one on purpose log
# it elsewhere.
WATCH = "TOOLKIT_TEST_NETWORK_LOG"


def pytest_configure(config: pytest.Config) -> None:
    import tempfile

    if not hasattr(config, "workerinput"):
        if SEEN_FOLDER not in os.environ:
            os.environ[SEEN_FOLDER] = tempfile.mkdtemp(prefix="rules-seen-")
        if WATCH not in os.environ:
            handle, log = tempfile.mkstemp(prefix="network-", suffix=".jsonl")
            os.close(handle)
            os.environ[WATCH] = os.environ["CAAC_NETWORK_LOG"] = log
            os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NETGUARD), os.environ.get("PYTHONPATH")]))
    startup = sys.modules.get("sitecustomize")
    if not (startup and str(NETGUARD) in str(getattr(startup, "__file__", ""))):
        # This process started before the watch was set (a run without workers): watch it from now.
        from tests.netguard.sitecustomize import install

        install(os.environ[WATCH])


def pytest_sessionfinish(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):
        _check_network(session)
    folder = Path(os.environ[SEEN_FOLDER])
    name = getattr(session.config, "workerinput", {}).get("workerid", "main")
    (folder / f"{name}.txt").write_text("".join(f"{r}\t{s}\n" for r, s in sorted(_RULES_SEEN)), encoding="utf-8")
    if hasattr(session.config, "workerinput") or not _whole_suite(session):
        return
    seen = {
        tuple(line.split("\t")) for f in folder.glob("*.txt") for line in f.read_text(encoding="utf-8").splitlines()
    }
    unexercised = [
        f"{rule.id} ({severity})"
        for rule in RULES.values()
        if not rule.defect
        for severity in rule.severities
        if (rule.id, severity) not in seen
    ]
    shutil.rmtree(folder, ignore_errors=True)
    if unexercised:
        writer = session.config.get_terminal_writer()
        writer.line()
        writer.line(
            "Rules declared in toolkit/model/rules.py that no test made a finding of: " + ", ".join(unexercised),
            red=True,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _check_network(session: pytest.Session) -> None:
    from tests.netguard.sitecustomize import outbound, read

    attempts = outbound(read(os.environ[WATCH]))
    if attempts:
        writer = session.config.get_terminal_writer()
        writer.line()
        writer.line(f"A process of this run tried to reach beyond the machine: {attempts[:5]}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _whole_suite(session: pytest.Session) -> bool:
    """Only a run of every test can say a rule is never exercised (failed tests or not: the two
    problems are reported side by side)."""
    options = session.config.option
    return (
        session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED)
        and not options.keyword
        and not options.markexpr
        and not getattr(options, "lf", False)
        and [Path(a).resolve() for a in session.config.args] in ([], [ROOT / "tests"])
    )
