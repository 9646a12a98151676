"""The fault corpus: each bad input of tests/faults/cases.toml, made from a fresh copy of the real raw data.

Every case runs the real `clean` command (``toolkit.cli.main``, in this process, its output
captured): it must answer without a traceback and with the documented exit code, print each
finding, and write findings that name the rule, file, row and column a person has to fix, with
every raw row clean or quarantined. The checks read what the command printed and wrote, nothing
else. A sample of the cases (unreadable inputs among them) also runs `validate` in a process of
its own, as a user's terminal does.
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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import RAW, ROOT, raw_record_count
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
    "link_out": set(),
}
CASE_KEYS = {"name", "edits", "exit", "findings", "message", "clean", "accounting", "written", "xfail"}
FINDING_KEYS = {"rule", "file", "row", "column", "severity", "says"}
NARRATIVE = "narrative/"  # an edit's file under this prefix is in the evaluator's texts, not the raw folder
SEVERITY_FR = {"error": "erreur", "warning": "avertissement"}  # as the terminal names them


@dataclass(frozen=True)
class Expected:
    rule: str
    file: str
    severity: str
    row: int | None = None
    column: str = ""
    says: str = ""  # words its printed line must hold (a hint, the value as the finding shows it)

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
            line.startswith(where)
            and line[len(where) : len(where) + 1] in {",", " "}
            and f"[{self.rule}] : " in line
            and self.says in line
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
    written: tuple[dict, ...] = ()
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
        written=tuple(entry.get("written", ())),
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
    if edit["file"].startswith(NARRATIVE):
        path = raw.parent / edit["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
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
    elif "link_out" in edit:
        # The file moved out of the raw folder, and a symbolic link to it left in its place.
        elsewhere = raw.parent / "ailleurs" / path.name
        elsewhere.parent.mkdir(exist_ok=True)
        path.rename(elsewhere)
        path.symlink_to(elsewhere)


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


# A sample of the cases, unreadable inputs among them, also runs `validate` as a terminal does: a
# process of its own, which must not print a traceback either (each costs seconds of imports).
IN_A_PROCESS = {case.name for position, case in enumerate(CASES) if position % 12 == 0}


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
    in_a_process = IN_A_PROCESS
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        runs = {name: pool.submit(_validate, raw) for name, raw in folders.items() if name in in_a_process}
        yield folders, runs
        for run in runs.values():
            run.cancel()


# --------------------------------------------------------------------------- what the command did


@dataclass
class Outcome:
    """One `clean` run: its exit code, what it printed, and the folder it wrote."""

    code: int
    out: str
    err: str
    folder: Path

    def _rows(self, name: str) -> list[dict[str, str]]:
        with (self.folder / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    def findings(self) -> Counter:
        return Counter(
            (row["file"], int(row["row"]) if row["row"] else None, row["column"], row["rule"], row["severity"])
            for row in self._rows("findings.csv")
        )

    def finding_tables(self) -> list[dict[str, str]]:
        return self._rows("findings.csv")

    def accounting(self) -> dict[str, dict[str, int]]:
        return {
            row["table"]: {name: int(value) for name, value in row.items() if name not in ("table", "file")}
            for row in self._rows("accounting.csv")
        }

    def quarantine(self, table: str) -> list[dict[str, str]]:
        return self._rows(f"quarantine/{table}.csv")

    def clean(self, table: str) -> list[dict[str, str]]:
        return self._rows(f"{table}.csv")


def run_clean_command(raw: Path, folder: Path, capsys) -> Outcome:
    from toolkit.cli.main import main

    # The evaluator's texts of the case, when it edits them; the project's otherwise.
    narrative = raw.parent / NARRATIVE.rstrip("/")
    texts = ["--narrative", str(narrative)] if narrative.is_dir() else []
    code = main(["clean", "--raw", str(raw), "--clean", str(folder), *texts])
    printed = capsys.readouterr()
    return Outcome(code, printed.out, printed.err, folder)


def _check_printed(case: Case, code: int, out: str, err: str) -> None:
    output = out + err
    assert "Traceback" not in output, f"the command crashed:\n{err[-3000:]}"
    assert code == case.exit, f"exit {code}, expected {case.exit}:\n{output[-3000:]}"
    if case.message:
        assert case.message in err, f"the message does not name {case.message}: {err!r}"
    lines = out.splitlines()
    for expected in case.findings:
        assert any(expected.printed(line) for line in lines), f"{expected} not printed:\n{out[-3000:]}"


def _check_findings(case: Case, outcome: Outcome, baseline: Counter) -> None:
    new = outcome.findings() - baseline
    for expected in case.findings:
        assert new[expected.key], f"{expected} missing; new findings: {sorted(new, key=str)}"
    # A fault may break several cells of the row it is on; anything elsewhere is a misplaced finding.
    rows = {(expected.file, expected.row) for expected in case.findings}
    stray = [key for key in new if (key[0], key[1]) not in rows]
    assert not stray, f"findings the case does not expect: {stray}"
    # One cause, one message: a second rule on the same cell tells the user something false.
    cells = Counter(key[:3] for key in new.elements())
    assert all(count == 1 for count in cells.values()), f"several findings on one cell: {sorted(new, key=str)}"


def _check_rows_accounted_for(outcome: Outcome) -> None:
    accounting = outcome.accounting()
    for table, counts in accounting.items():
        assert counts["raw_rows"] == counts["clean_rows"] + counts["quarantined_rows"], (table, counts)
        assert len(outcome.quarantine(table)) == counts["quarantined_rows"], table
    for finding in outcome.finding_tables():
        if finding["severity"] != ERROR:
            continue
        quarantine = outcome.quarantine(finding["table"])
        if not finding["row"]:
            held = [row["reasons"] for row in quarantine]
            assert len(held) == accounting[finding["table"]]["raw_rows"], finding
        elif _table(finding["table"]).refusable(finding["column"]):
            # The row keeps its place (an operation its page) and says which of its cells was refused.
            kept = [row for row in outcome.clean(finding["table"]) if row["raw_row"] == finding["row"]]
            assert len(kept) == 1, f"a refused cell took its row away: {finding}"
            assert finding["column"] in kept[0][schema.REFUSED].split("; "), finding
            continue
        else:
            held = [row["reasons"] for row in quarantine if row["raw_row"] == finding["row"]]
            assert len(held) == 1, f"not quarantined once: {finding}"
        assert all(f"[{finding['rule']}]" in reasons for reasons in held), finding


def _table(name: str) -> schema.Table:
    return next(table for table in schema.TABLES if table.name == name)


def _check_expected_values(case: Case, outcome: Outcome) -> None:
    accounting = outcome.accounting()
    for expected in case.accounting:
        for column, value in expected.items():
            if column != "table":
                assert accounting[expected["table"]][column] == value, f"{expected['table']} {column}"
    for cell in case.clean:
        clean = pd.read_csv(outcome.folder / f"{cell['table']}.csv", keep_default_na=False)
        values = list(clean.loc[clean["raw_row"] == cell["row"], cell["column"]])
        assert values == [cell["value"]], f"{cell['table']} row {cell['row']} {cell['column']}: {values}"
    for written in case.written:
        # What the command wrote for people to open, as they will see it (a quarantined formula quoted).
        text = (outcome.folder / written["file"]).read_text(encoding="utf-8")
        assert written["contains"] in text, f"{written['file']} does not hold {written['contains']!r}"
    # A repeated value (an oversized cell) comes out of the clean table as it went in, byte for
    # byte: cells lose only their surrounding spaces.
    for edit in case.edits:
        if "repeat" in edit:
            table = next(table.name for table in schema.TABLES if table.file == edit["file"])
            (row,) = [row for row in outcome.clean(table) if row["raw_row"] == str(edit["row"])]
            written = (edit["value"] * edit["repeat"]).strip()
            assert row[edit["column"]].encode("utf-8") == written.encode("utf-8")
            assert len(written) >= 100_000


@pytest.fixture(scope="module")
def baseline(caac_clean) -> Counter:
    return Counter((f.file, f.row, f.column, f.rule, f.severity) for f in caac_clean.findings)


# --------------------------------------------------------------------------- a large file

EXTRA_ROWS = 20_000  # enough for a quadratic rule to show; docs/benchmarks.md measures 240,001
SPF_SOURCE = "001_62b3f33ff500d6e8.txt l. 33"
# Generous: the command takes a few seconds on a laptop (240,001 rows clean in about 10 s, see
# docs/benchmarks.md); a rule that became quadratic in the observations would take minutes.
LARGE_FILE_BOUND = 90


def _monthly_rows(count: int) -> list[str]:
    """Valid observations of SPF's garden by month and plot, inside the operation's 2015-2018: a
    target and an actual for each month and plot, so that the results rules compare every actual
    with its target."""
    months = [f"{year}-{month:02d}" for year in range(2015, 2019) for month in range(1, 13)]
    rows = []
    for number in range(count // 2):
        month, plot = months[number % len(months)], number // len(months)
        for value_type, value in (("target", 300), ("actual", number % 300)):
            fields = ("spf-comasagua-montauban", "spf-personnes-precaires-jardin", value_type, month, month)
            rows.append(";".join((*fields, str(value), "", f"parcelle={plot}", "", SPF_SOURCE)))
    return rows


def test_a_very_large_observations_file_with_actuals_is_cleaned_whole(raw_copy, baseline, tmp_path, capsys):
    path = raw_copy / "observations.csv"
    rows = _monthly_rows(EXTRA_ROWS)
    assert len(rows) == EXTRA_ROWS and sum(";actual;" in row for row in rows) == EXTRA_ROWS // 2
    path.write_bytes(path.read_bytes() + "".join(f"{row}\n" for row in rows).encode("utf-8"))
    real_rows = raw_record_count("observations.csv")
    assert real_rows == 42  # observations.csv as committed: rows 2 to 43

    started = time.perf_counter()
    outcome = run_clean_command(raw_copy, tmp_path / "clean", capsys)
    elapsed = time.perf_counter() - started
    assert elapsed < LARGE_FILE_BOUND, f"{elapsed:.0f} s to clean {EXTRA_ROWS} more observations"

    assert outcome.code == 0 and outcome.findings() == baseline
    counts = outcome.accounting()["observations"]
    total = real_rows + EXTRA_ROWS
    assert (counts["raw_rows"], counts["clean_rows"], counts["quarantined_rows"]) == (total, total, 0)
    _check_rows_accounted_for(outcome)
    (last,) = [row for row in outcome.clean("observations") if row["raw_row"] == str(total + 1)]
    assert (last["value_type"], last["dimensions"]) == ("actual", rows[-1].split(";")[7])
    # Every actual was set against its target: the achievement table has a rate for each.
    with (outcome.folder / "achievement.csv").open(encoding="utf-8", newline="") as handle:
        garden = [row for row in csv.DictReader(handle) if row["indicator_id"] == "spf-personnes-precaires-jardin"]
    rated = [row for row in garden if row["dimensions"].startswith("parcelle=")]
    assert len(rated) == EXTRA_ROWS // 2 and all(row["achievement"] for row in rated)


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
def test_fault_is_reported_where_it_is(case, corpus, baseline, tmp_path, capsys):
    folders, runs = corpus
    outcome = run_clean_command(folders[case.name], tmp_path / "clean", capsys)
    _check_printed(case, outcome.code, outcome.out, outcome.err)
    if case.exit != 2:
        _check_findings(case, outcome, baseline)
        _check_rows_accounted_for(outcome)
        _check_expected_values(case, outcome)
    if case.name in runs:
        run = runs[case.name].result()
        _check_printed(case, run.returncode, run.stdout, run.stderr)


@pytest.mark.parametrize("command", ["clean", "validate"])
def test_the_corpus_fails_a_command_whose_exit_code_ignores_the_errors(command, monkeypatch, tmp_path, capsys):
    """The corpus is only as good as what it checks: with a command's exit-code rule broken
    (always 0), the corpus's check of a case whose data holds an error fails. `clean` runs
    in-process for every case; `validate` runs in a process of its own for a sample of them,
    so the sample must hold such cases."""
    import importlib

    from toolkit.cli.main import main

    case = next(case for case in CASES if case.name == "duplicate-key")
    raw = make_raw(case, tmp_path)
    monkeypatch.setattr(importlib.import_module(f"toolkit.cli.commands.{command}"), "data_exit", lambda _errors: 0)
    code = main([command, "--raw", str(raw), *(["--clean", str(tmp_path / "clean")] if command == "clean" else [])])
    printed = capsys.readouterr()
    with pytest.raises(AssertionError, match="exit 0, expected 1"):
        _check_printed(case, code, printed.out, printed.err)
    # `validate` runs in a process for a sample of the cases: the sample holds cases with errors,
    # and unreadable inputs.
    assert any(case.exit == 1 for case in CASES if case.name in IN_A_PROCESS)
    assert any(case.exit == 2 for case in CASES if case.name in IN_A_PROCESS)


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
