"""What the evaluator waits for after an edit: rebuilds of the CAAC data, side by side with a forced build.

    .venv/bin/python benchmarks/edits.py [--repeat 5] [--out benchmarks/results]

On a copy of the embedded CAAC data (raw tables, documents, texts, programme.toml), in one run
on one machine, through the command line as the programme team runs it, each scenario is
timed ``--repeat`` times and its median kept:

- ``forced``: ``build --force``, every page executed (the reference of the ratios);
- ``nothing``: a build with nothing changed;
- ``operation_text``: the evaluator's text of one operation written or changed;
- ``programme_text``: the evaluator's text of one criterion of the programme report changed;
- ``programme_row``: one programme-level observation of observations.csv changed.

Each rebuild is preceded by a build that brings the reports up to date, so it measures that
edit alone. The pages a scenario ran and whether it validated the data again are read from the
build's own summary and output. Nothing is asserted: the figures go to edits.json in --out and a
Markdown table on stdout; docs/benchmarks.md records them with the command.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from time import perf_counter

ROOT = Path(__file__).resolve().parent.parent
OPERATION = "cgt-banane"
# A programme-level observation of the CAAC data: the number of capitalisation booklets.
PROGRAMME_ROW = re.compile(r"^(programme;cap-carnets;actual;2014;2018;)\d+;", re.MULTILINE)


def _project(work: Path) -> dict[str, Path]:
    folders = {name: work / name for name in ("raw", "narrative", "clean", "reports")}
    shutil.copytree(ROOT / "data" / "raw", folders["raw"])
    shutil.copytree(ROOT / "data" / "narrative", folders["narrative"])
    shutil.copy(ROOT / "programme.toml", work / "programme.toml")
    return {**folders, "config": work / "programme.toml"}


def _build(project: dict[str, Path], *extra: str) -> dict[str, object]:
    command = [sys.executable, "-m", "toolkit", "build", "--notebooks", str(ROOT / "notebooks")]
    for option in ("raw", "clean", "reports", "narrative", "config"):
        command += [f"--{option}", str(project[option])]
    start = perf_counter()
    done = subprocess.run([*command, *extra], cwd=ROOT, capture_output=True, text=True, env=os.environ.copy())
    seconds = perf_counter() - start
    if done.returncode not in (0, 1):  # 1: data findings, the reports are still complete
        raise RuntimeError(f"build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    executed = []
    if "Rien n'a changé" not in done.stdout:  # else the summary is the last build's
        with (project["reports"] / "build-summary.csv").open(encoding="utf-8") as summary:
            executed = sorted(row["page"] for row in csv.DictReader(summary) if row["run"] == "executed")
    validated = "Validation et nettoyage :" in done.stdout
    return {"seconds": round(seconds, 2), "executed": executed, "validated": validated}


def _edits(project: dict[str, Path]) -> dict[str, Callable[[int], None]]:
    operation_text = project["narrative"] / "operations" / f"{OPERATION}.md"
    criterion_text = project["narrative"] / "criteres" / "efficacite.md"
    observations = project["raw"] / "observations.csv"

    def write(path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def programme_row(run: int) -> None:
        text = observations.read_text(encoding="utf-8")
        changed, count = PROGRAMME_ROW.subn(rf"\g<1>{4 + run};", text, count=1)
        if count != 1:
            raise RuntimeError("the programme-level row of observations.csv is no longer in the CAAC data")
        observations.write_text(changed, encoding="utf-8")

    return {
        "nothing": lambda _run: None,
        "operation_text": lambda run: write(operation_text, f"Appréciation de l'évaluatrice, version {run}.\n"),
        "programme_text": lambda run: write(criterion_text, f"Constats d'efficacité, version {run}.\n"),
        "programme_row": programme_row,
    }


def measure(repeat: int, work: Path) -> dict[str, object]:
    project = _project(work)
    _build(project)  # warms the environment's caches: every scenario then starts alike
    runs: dict[str, list[dict[str, object]]] = {"forced": []}
    for _ in range(repeat):
        runs["forced"].append(_build(project, "--force"))
    for name, edit in _edits(project).items():
        runs[name] = []
        for run in range(repeat):
            _build(project)
            edit(run)
            runs[name].append(_build(project))
    forced = statistics.median(r["seconds"] for r in runs["forced"])
    results = {}
    for name, measured in runs.items():
        median = statistics.median(r["seconds"] for r in measured)
        results[name] = {
            "median_seconds": round(median, 2),
            "seconds": [r["seconds"] for r in measured],
            "share_of_forced": round(median / forced, 3),
            "executed": measured[-1]["executed"],
            "validated": measured[-1]["validated"],
        }
    return results


def markdown(results: dict[str, dict[str, object]]) -> str:
    lines = [
        "| scenario | median (s) | share of a forced build | pages executed | data validated again |",
        "|---|---|---|---|---|",
    ]
    for name, row in results.items():
        pages = ", ".join(row["executed"]) if len(row["executed"]) < 6 else f"{len(row['executed'])} pages"
        share = f"{row['share_of_forced']:.0%}"
        lines.append(
            f"| {name} | {row['median_seconds']} | {share} | {pages or '—'} | {'yes' if row['validated'] else 'no'} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per scenario; the median is kept")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results", help="where edits.json goes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="edits-") as work:
        results = measure(args.repeat, Path(work))
    args.out.mkdir(parents=True, exist_ok=True)
    record = {"command": " ".join(["benchmarks/edits.py", *sys.argv[1:]]), "cpus": os.cpu_count(), "results": results}
    (args.out / "edits.json").write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(markdown(results))


if __name__ == "__main__":
    main()
