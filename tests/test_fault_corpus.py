"""The fault corpus: each bad input of tests/faults/cases.toml, made from a fresh copy of the real raw data.

For every case the command line must answer without a traceback and with the documented exit code,
the finding must name the rule, file, row and column a person has to fix, and no row may be lost.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import RAW, ROOT
from toolkit.clean.tables import clean_tables
from toolkit.model import schema
from toolkit.model.findings import ERROR
from toolkit.model.rules import RULES

FAULTS = Path(__file__).parent / "faults"
CLI_TIMEOUT = 120

ACTIONS = {
    "old": {"new"},
    "write": set(),
    "fixture": set(),
    "delete": set(),
    "append": set(),
    "drop_column": set(),
    "delimiter": set(),
    "row": {"column", "value", "repeat"},
    "encoding": set(),
}
CASE_KEYS = {"name", "edits", "exit", "findings", "message", "clean", "accounting", "xfail"}
FINDING_KEYS = {"rule", "file", "row", "column", "severity"}
SEVERITY_FR = {"error": "erreur", "warning": "avertissement"}  # as the terminal names them


@dataclass(frozen=True)
class Expected:
    rule: str
    file: str
    severity: str
    row: int | None = None
    column: str = ""

    @property
    def key(self) -> tuple:
        return (self.file, self.row, self.column, self.rule, self.severity)

    def printed(self, line: str) -> bool:
        """Whether ``line`` is this finding as Finding.describe prints it, in French."""
        where = f"{SEVERITY_FR[self.severity]} : {self.file}"
        if self.row is not None:
            where += f", ligne {self.row}"
        if self.column:
            where += f", colonne « {self.column} »"
        # The character after the location tells "ligne 1" from "ligne 10".
        return (
            line.startswith(where) and line[len(where) : len(where) + 1] in {",", " "} and f"[{self.rule}] : " in line
        )


@dataclass(frozen=True)
class Case:
    name: str
    edits: tuple[dict, ...]
    exit: int
    findings: tuple[Expected, ...] = ()
    message: str = ""
    clean: tuple[dict, ...] = ()
    accounting: tuple[dict, ...] = ()
    xfail: str = ""


def _case(entry: dict) -> Case:
    unknown = set(entry) - CASE_KEYS
    assert not unknown, f"{entry.get('name')}: unknown keys {unknown}"
    for edit in entry["edits"]:
        actions = set(edit) & set(ACTIONS)
        assert len(actions) == 1, f"{entry['name']}: an edit does one thing, not {actions or 'nothing'}"
        (action,) = actions
        assert set(edit) <= {"file", action} | ACTIONS[action], f"{entry['name']}: stray keys in {edit}"
    for finding in entry.get("findings", ()):
        assert set(finding) <= FINDING_KEYS, f"{entry['name']}: stray keys in {finding}"
        # The corpus speaks the catalogue's language: a rule it expects is declared, with that severity.
        declared = RULES.get(finding["rule"])
        assert declared and finding["severity"] in declared.severities, f"{entry['name']}: {finding} is not declared"
    assert entry["exit"] in {0, 1, 2}
    # An exit-2 case is an unreadable input: there is no finding to locate, only a message.
    assert (entry["exit"] == 2) == bool(entry.get("message")), f"{entry['name']}: message goes with exit 2"
    return Case(
        name=entry["name"],
        edits=tuple(entry["edits"]),
        exit=entry["exit"],
        findings=tuple(Expected(**finding) for finding in entry.get("findings", ())),
        message=entry.get("message", ""),
        clean=tuple(entry.get("clean", ())),
        accounting=tuple(entry.get("accounting", ())),
        xfail=entry.get("xfail", ""),
    )


def load_cases() -> list[Case]:
    with (FAULTS / "cases.toml").open("rb") as handle:
        cases = [_case(entry) for entry in tomllib.load(handle)["case"]]
    names = [case.name for case in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


CASES = load_cases()


# --------------------------------------------------------------------------- making the bad input


def _records(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline=""), delimiter=";"))


def _write_records(path: Path, records: list[list[str]], delimiter: str = ";") -> None:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(records)
    path.write_bytes(out.getvalue().encode("utf-8"))


def _apply(raw: Path, edit: dict) -> None:
    path = raw / edit["file"]
    if "old" in edit:
        text = path.read_bytes().decode("utf-8")
        assert edit["old"] in text, f"{edit['old']!r} not in {path.name}"
        path.write_bytes(text.replace(edit["old"], edit["new"], 1).encode("utf-8"))
    elif "write" in edit:
        path.write_bytes(edit["write"].encode("utf-8"))
    elif "fixture" in edit:
        shutil.copyfile(FAULTS / edit["fixture"], path)
    elif "delete" in edit:
        path.unlink()
    elif "append" in edit:
        text = path.read_bytes().decode("utf-8")
        assert text.endswith("\n"), f"{path.name} does not end with a line break"
        path.write_bytes((text + "".join(f"{line}\n" for line in edit["append"])).encode("utf-8"))
    elif "drop_column" in edit:
        records = _records(path)
        position = records[0].index(edit["drop_column"])
        _write_records(path, [record[:position] + record[position + 1 :] for record in records])
    elif "delimiter" in edit:
        _write_records(path, _records(path), edit["delimiter"])
    elif "row" in edit:
        records = _records(path)
        records[edit["row"] - 1][records[0].index(edit["column"])] = edit["value"] * edit.get("repeat", 1)
        _write_records(path, records)
    elif "encoding" in edit:
        path.write_bytes(path.read_bytes().decode("utf-8").encode(edit["encoding"]))


def make_raw(case: Case, folder: Path) -> Path:
    raw = folder / "raw"
    shutil.copytree(RAW, raw)
    for edit in case.edits:
        _apply(raw, edit)
    return raw


# --------------------------------------------------------------------------- the command line, in the background


def _validate(raw: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "validate", "--raw", str(raw)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=CLI_TIMEOUT,
    )


@pytest.fixture(scope="module", autouse=True)
def corpus(request, tmp_path_factory):
    """The raw folder of every selected case, and its `validate` run already under way.

    A run costs seconds, mostly importing Great Expectations; started together as the module
    starts, they keep every core busy while the in-process checks and the large file run,
    instead of one after the other.
    """
    # Only the cases pytest will run (-k), so that checking one case does not pay for all of them.
    selected = {
        item.callspec.params["case"].name
        for item in request.session.items
        if item.module is sys.modules[__name__] and "case" in getattr(getattr(item, "callspec", None), "params", {})
    }
    folders = {case.name: make_raw(case, tmp_path_factory.mktemp(case.name)) for case in CASES if case.name in selected}
    # A real process for the cases that must end before any table is read, and for a sample of
    # the others; the rest run the same command line in this process (same code, no import cost).
    in_a_process = {case.name for position, case in enumerate(CASES) if case.exit == 2 or position % 8 == 0}
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        runs = {name: pool.submit(_validate, raw) for name, raw in folders.items() if name in in_a_process}
        yield folders, runs
        for run in runs.values():
            run.cancel()


# --------------------------------------------------------------------------- checks


def _check_command_line(case: Case, run: Future) -> None:
    result = run.result()
    output = result.stdout + result.stderr
    assert "Traceback" not in output, f"validate crashed:\n{result.stderr[-3000:]}"
    assert result.returncode == case.exit, f"exit {result.returncode}, expected {case.exit}:\n{output[-3000:]}"
    if case.message:
        assert case.message in result.stderr, f"the message does not name {case.message}: {result.stderr!r}"
    lines = result.stdout.splitlines()
    for expected in case.findings:
        assert any(expected.printed(line) for line in lines), f"{expected} not printed:\n{result.stdout[-3000:]}"


def _check_findings(case: Case, result, baseline: Counter) -> None:
    found = Counter((f.file, f.row, f.column, f.rule, f.severity) for f in result.findings)
    new = found - baseline
    for expected in case.findings:
        assert new[expected.key], f"{expected} missing; new findings: {sorted(new, key=str)}"
    # A fault may break several cells of the row it is on; anything elsewhere is a misplaced finding.
    rows = {(expected.file, expected.row) for expected in case.findings}
    stray = [key for key in new if (key[0], key[1]) not in rows]
    assert not stray, f"findings the case does not expect: {stray}"
    # One cause, one message: a second rule on the same cell tells the user something false.
    cells = Counter(key[:3] for key in new.elements())
    assert all(count == 1 for count in cells.values()), f"several findings on one cell: {sorted(new, key=str)}"


def _check_rows_accounted_for(result) -> None:
    accounting = result.accounting
    assert (accounting["raw_rows"] == accounting["clean_rows"] + accounting["quarantined_rows"]).all(), accounting
    for finding in result.findings:
        if finding.severity != ERROR:
            continue
        quarantine = result.tables[finding.table].quarantine
        if finding.row is None:
            held = quarantine["reasons"]
            assert len(held) == result.tables[finding.table].raw.row_count, finding.describe()
        else:
            held = quarantine.loc[quarantine["raw_row"] == finding.row, "reasons"]
            assert len(held) == 1, f"not quarantined once: {finding.describe()}"
        assert all(f"[{finding.rule}]" in reasons for reasons in held), finding.describe()


def _check_expected_values(case: Case, result) -> None:
    counts = result.accounting.set_index("table")
    for expected in case.accounting:
        for column, value in expected.items():
            if column != "table":
                assert counts.loc[expected["table"], column] == value, f"{expected['table']} {column}"
    for cell in case.clean:
        clean = result.tables[cell["table"]].clean
        values = list(clean.loc[clean["raw_row"] == cell["row"], cell["column"]])
        assert values == [cell["value"]], f"{cell['table']} row {cell['row']} {cell['column']}: {values}"


@pytest.fixture(scope="module")
def baseline(caac_clean) -> Counter:
    return Counter((f.file, f.row, f.column, f.rule, f.severity) for f in caac_clean.findings)


# --------------------------------------------------------------------------- a large file

EXTRA_ROWS = 50_000
SPF_SOURCE = "001_62b3f33ff500d6e8.txt l. 33"


def _monthly_rows(count: int) -> list[str]:
    """Valid observations: targets of SPF's garden by month and plot, inside the operation's 2015-2018.

    Targets, not actuals: results_rules.check_achievement_periods filters the targets frame three
    times for every actual (about 1.7 ms each), so 100 000 actuals alone take three minutes, a
    shortcoming of the toolkit that would leave this module far past its time budget.
    """
    months = [f"{year}-{month:02d}" for year in range(2015, 2019) for month in range(1, 13)]
    return [
        ";".join(
            (
                "spf-comasagua-montauban",
                "spf-personnes-precaires-jardin",
                "target",
                months[number % len(months)],
                months[number % len(months)],
                str(number % 300),
                "",
                f"parcelle={number // len(months)}",
                "",
                SPF_SOURCE,
            )
        )
        for number in range(count)
    ]


def test_a_very_large_observations_file_is_read_whole(raw_copy, caac_clean, baseline, record_property, capsys):
    path = raw_copy / "observations.csv"
    rows = _monthly_rows(EXTRA_ROWS)
    path.write_bytes(path.read_bytes() + "".join(f"{row}\n" for row in rows).encode("utf-8"))
    real_rows = int(caac_clean.accounting.set_index("table").loc["observations", "raw_rows"])

    started, cpu_started = time.perf_counter(), time.process_time()
    result = clean_tables(raw_copy)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    # Measured, not asserted: the time depends on the machine. The validate runs of the corpus share
    # the cores meanwhile, so the CPU time is the figure that compares from one run to the next.
    record_property("clean_tables_seconds", round(elapsed, 1))
    record_property("clean_tables_cpu_seconds", round(cpu, 1))
    with capsys.disabled():
        print(f"\nclean_tables with {EXTRA_ROWS} extra observations: {elapsed:.1f} s ({cpu:.1f} s CPU)")

    assert Counter((f.file, f.row, f.column, f.rule, f.severity) for f in result.findings) == baseline
    counts = result.accounting.set_index("table").loc["observations"]
    total = real_rows + EXTRA_ROWS
    assert (counts["raw_rows"], counts["clean_rows"], counts["quarantined_rows"]) == (total, total, 0)
    _check_rows_accounted_for(result)
    clean = result.clean("observations")
    last = clean.loc[clean["raw_row"] == total + 1]
    assert list(last["dimensions"]) == [rows[-1].split(";")[7]]


# --------------------------------------------------------------------------- the corpus


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            case, id=case.name, marks=[pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
        )
        for case in CASES
    ],
)
def test_fault_is_reported_where_it_is(case, corpus, baseline):
    folders, runs = corpus
    if case.exit != 2:
        result = clean_tables(folders[case.name])
        _check_findings(case, result, baseline)
        _check_rows_accounted_for(result)
        _check_expected_values(case, result)
    if case.name in runs:
        _check_command_line(case, runs[case.name])
    else:
        _check_printed(case, result)


def _check_printed(case: Case, result) -> None:
    """What `validate` prints and returns for this result: one describe() line per finding, exit 0 or 1."""
    printed = "\n".join(finding.describe() for finding in result.findings)
    done: Future = Future()
    done.set_result(subprocess.CompletedProcess(["validate"], 1 if result.error_count else 0, printed, ""))
    _check_command_line(case, done)


def test_the_corpus_covers_enough_distinct_faults():
    assert len(CASES) >= 45
    assert len({tuple(map(str, case.edits)) for case in CASES}) == len(CASES)


@pytest.mark.parametrize("mode", ["empty-file", "header-only"])
@pytest.mark.parametrize("table", [table.name for table in schema.TABLES])
def test_every_table_may_be_empty(table, mode, raw_copy, capsys):
    """Any raw table, empty or with a header and no rows, through the real command: never a traceback.
    An empty file is refused (it has no header to check); a header with no rows is accepted, in
    silence when the table may be empty (ratings before the evaluator rates), else with a warning."""
    from toolkit.cli.main import main

    spec = schema.table(table)
    path = raw_copy / spec.file
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text("" if mode == "empty-file" else header + "\n", encoding="utf-8")
    code = main(["validate", "--raw", str(raw_copy)])
    printed = capsys.readouterr()
    assert "Traceback" not in printed.out + printed.err
    if mode == "empty-file":
        assert f"erreur : {spec.file} [file.empty]" in printed.out, printed.out[-2000:]
        assert code == 1
    elif spec.may_be_empty:
        assert f"{spec.file} [file." not in printed.out
        assert code in (0, 1)  # 1 when other tables point at rows it no longer has
    else:
        assert f"avertissement : {spec.file} [file.no_rows]" in printed.out, printed.out[-2000:]
        assert code in (0, 1)
