"""Benchmark the toolkit's build against a naive papermill + nbconvert loop, in one run on one machine.

    .venv/bin/python benchmarks/run.py [--sizes 9,100,500] [--scale-ops 1000] [--out benchmarks/results]

For each size N it generates a synthetic portfolio (benchmarks/generate.py) and measures
(a) the baseline: `toolkit clean`, then one `papermill` and one `jupyter nbconvert` command
per page, one after the other; (b) the full build; (c) a rebuild with nothing changed;
(d) a rebuild after one observation of one operation changed; (e) the floor: the full build
over notebooks that only start a kernel and import (benchmarks/floor/). Then it times
`toolkit clean` and its peak memory on a large portfolio. Everything is run as a user would,
through the command line; nothing is asserted: the targets are recorded with the figures.
Writes results.json to --out and prints a Markdown summary on stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
from time import perf_counter

from generate import Portfolio, change_one_value, generate

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
FLOOR = ROOT / "benchmarks" / "floor"
BIN = Path(sys.executable).parent  # papermill and jupyter of the same environment
DATA_EXIT_CODES = {0, 1}  # 1: the planted faults are data errors, the build still completes

# The child that measures peak memory: RUSAGE_CHILDREN of a fresh process only sees the command it ran.
PEAK_CHILD = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)

SPLIT_CHILD = (
    "import sys, time\n"
    "start = time.perf_counter()\n"
    "from toolkit.cli.startup import prepare_command_process\n"
    "prepare_command_process()  # as python -m toolkit does\n"
    "from pathlib import Path\n"
    "import great_expectations  # noqa: F401 - imported lazily by validation, counted with the imports\n"
    "from toolkit.results.derive import run_clean\n"
    "from toolkit.model.config import load_config\n"
    "imported = time.perf_counter()\n"
    "run_clean(Path(sys.argv[1]), Path(sys.argv[2]), load_config(Path(sys.argv[3])))\n"
    "print(imported - start, time.perf_counter() - imported)\n"
)

TARGETS = {
    "speedup_vs_baseline_n100": ">= 12",
    "speedup_vs_baseline_n500": ">= 15",
    "page_cost_s_n500": "<= 0.5",
    "dask_speedup_vs_baseline_n100": ">= 12",
    "dask_page_cost_s_n500": "<= 0.5",
    "build_over_floor_n100": "<= 1.5",
    "nothing_changed_s": "< 0.5",
    "one_change_executed": "<= 2",
    "build_peak_memory_gb_n1000": "< 2",
    "clean_at_scale_s": "< 10",
    "clean_at_scale_in_process_s": "< 10",
    "peak_memory_gb_at_scale": "< 2",
    "cost_per_operation_change_100_to_500_pct": "within ±15",
}


def echo(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def environment() -> dict[str, str]:
    env = dict(os.environ)
    # Same as the Makefile: Jupyter settings from the environment, not from ~. And figures
    # need the inline backend: an inherited MPLBACKEND would make the baseline draw nothing.
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env.pop("MPLBACKEND", None)
    return env


def run(command: list[str], log: Path, ok: set[int] | None = None) -> tuple[float, int]:
    """Wall time of ``command`` and its exit code; its output goes to ``log``."""
    ok = ok if ok is not None else {0}
    with log.open("ab") as out:
        out.write(("\n$ " + " ".join(command) + "\n").encode())
        out.flush()
        start = perf_counter()
        code = subprocess.run(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=environment()).returncode
        elapsed = perf_counter() - start
    if code not in ok:
        raise RuntimeError(f"exit code {code} from: {' '.join(command[:4])} … (see {log})")
    return elapsed, code


def toolkit(*arguments: object) -> list[str]:
    return [sys.executable, "-m", "toolkit", *(str(a) for a in arguments)]


def build_command(
    portfolio: Portfolio, work: Path, notebooks: Path, force: bool, jobs: int | None, *extra: str
) -> list[str]:
    return toolkit(
        "build",
        "--raw",
        portfolio.raw,
        "--clean",
        work / "clean",
        "--reports",
        work / "reports",
        "--notebooks",
        notebooks,
        "--config",
        portfolio.config,
        "--narrative",
        portfolio.narrative,
        *(["--force"] if force else []),
        *(["--jobs", str(jobs)] if jobs else []),
        *extra,
    )


def build_run(reports: Path, before: int | None) -> dict[str, object]:
    """Pages and executed notebooks from build-summary.csv; 'n/a' while the build does not say.

    ``before`` is the summary's modification time before the build: a build that found
    nothing changed may leave the last summary as it was, and then it executed nothing.
    """
    path = reports / "build-summary.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        has_run = "run" in (reader.fieldnames or [])
    rewritten = path.stat().st_mtime_ns != before
    executed = sum(row["run"] == "executed" for row in rows) if rewritten else 0
    return {
        "pages": len(rows),
        "failed": sum(row["status"] != "ok" for row in rows),
        "executed": executed if has_run or not rewritten else "n/a",
        "summary_rewritten": rewritten,
    }


def measured_build(command: list[str], reports: Path, log: Path) -> dict[str, object]:
    summary = reports / "build-summary.csv"
    before = summary.stat().st_mtime_ns if summary.exists() else None
    seconds, code = run(command, log, DATA_EXIT_CODES | {3})
    return {"seconds": round(seconds, 2), "exit_code": code, **build_run(reports, before)}


def papermill(notebook: Path, output: Path, parameters: dict[str, str]) -> list[str]:
    pairs = [item for name, value in parameters.items() for item in ("-p", name, value)]
    return [
        str(BIN / "papermill"),
        str(notebook),
        str(output),
        *pairs,
        "--cwd",
        str(NOTEBOOKS),
        "-k",
        "python3",
        "--no-progress-bar",
    ]


def nbconvert(notebook: Path) -> list[str]:
    return [str(BIN / "jupyter"), "nbconvert", "--to", "html", str(notebook)]


def baseline(portfolio: Portfolio, work: Path, log: Path) -> dict[str, object]:
    """The naive way: clean once, then papermill and nbconvert per page, sequentially."""
    clean, out = work / "clean", work / "pages"
    out.mkdir(parents=True)
    shared = {"clean_dir": str(clean), "config_path": str(portfolio.config)}
    start = perf_counter()
    run(toolkit("clean", "--raw", portfolio.raw, "--clean", clean, "--config", portfolio.config), log, DATA_EXIT_CODES)
    with (clean / "operations.csv").open(encoding="utf-8", newline="") as handle:
        operation_ids = [row["operation_id"] for row in csv.DictReader(handle)]
    # The same pages the build makes: one per operation, the data-quality page, the programme report.
    pages = [
        (
            "operation.ipynb",
            operation_id,
            {"operation_id": operation_id, **shared, "narrative_dir": str(portfolio.narrative)},
        )
        for operation_id in operation_ids
    ]
    pages.append(("data_quality.ipynb", "data-quality", shared))
    pages.append(("annexes.ipynb", "annexes", shared))
    pages.append(
        (
            "programme.ipynb",
            "index",
            {**shared, "narrative_dir": str(portfolio.narrative), "raw_dir": str(portfolio.raw)},
        )
    )
    for notebook, name, parameters in pages:
        executed = out / f"{name}.ipynb"
        run(papermill(NOTEBOOKS / notebook, executed, parameters), log)
        run(nbconvert(executed), log)
    return {"seconds": round(perf_counter() - start, 2), "pages": len(pages)}


def peak_memory(command: list[str], work: Path, log: Path, ok: set[int] = DATA_EXIT_CODES) -> tuple[float, int, float]:
    """Wall time, exit code and peak resident memory (GB) of ``command``, measured from a dedicated child."""
    record = work / "maxrss"
    seconds, code = run([sys.executable, "-c", PEAK_CHILD, str(record), *command], log, ok)
    maxrss = int(record.read_text())
    bytes_used = maxrss if sys.platform == "darwin" else maxrss * 1024  # Linux reports KiB, macOS bytes
    return seconds, code, bytes_used / 1e9


def measure_size(size: int, args: argparse.Namespace, work: Path, log: Path) -> dict[str, object]:
    folder = work / f"n{size}"
    started = perf_counter()
    portfolio = generate(folder / "portfolio", size, args.indicators, args.periods, args.seed)
    result: dict[str, object] = {
        "operations": size,
        "indicators": args.indicators,
        "periods": args.periods,
        "observation_rows": portfolio.observation_rows,
        "generate_s": round(perf_counter() - started, 2),
    }
    if args.baseline_max is None or size <= args.baseline_max:
        echo(f"N={size}: (a) baseline, papermill + nbconvert per page")
        result["baseline"] = baseline(portfolio, folder / "baseline", log)
    else:
        result["baseline"] = "skipped"
    main, floor = folder / "build", folder / "floor"
    echo(f"N={size}: (b) full build")
    result["build"] = measured_build(build_command(portfolio, main, NOTEBOOKS, True, args.jobs), main / "reports", log)
    echo(f"N={size}: (c) rebuild, nothing changed")
    again = build_command(portfolio, main, NOTEBOOKS, False, args.jobs)
    result["nothing_changed"] = measured_build(again, main / "reports", log)
    echo(f"N={size}: (d) rebuild, one observation of {portfolio.untouched_operation} changed")
    change_one_value(portfolio.raw, portfolio.untouched_operation)
    result["one_change"] = measured_build(again, main / "reports", log)
    echo(f"N={size}: (e) floor build")
    result["floor"] = measured_build(build_command(portfolio, floor, FLOOR, True, args.jobs), floor / "reports", log)
    if args.dask:
        echo(f"N={size}: (f) full build on a local Dask cluster of two workers")
        dask = folder / "dask"
        with local_cluster() as scheduler:
            command = build_command(
                portfolio, dask, NOTEBOOKS, True, args.jobs, "--executor", "dask", "--scheduler", scheduler
            )
            result["dask"] = measured_build(command, dask / "reports", log)
    return result


@contextlib.contextmanager
def local_cluster():
    """Two Dask workers of one thread each, allowed to start the pages' processes and without the
    statistical profiler, as docs/architecture.md says to start them."""
    import dask
    from distributed import LocalCluster

    with (
        dask.config.set({"distributed.worker.daemon": False, "distributed.worker.profile.enabled": False}),
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
    ):
        yield cluster.scheduler_address


def measure_build_memory(args: argparse.Namespace, work: Path, log: Path) -> dict[str, object]:
    """A full build at --memory-ops operations, and the peak memory of its largest process."""
    folder = work / "memory"
    portfolio = generate(folder / "portfolio", args.memory_ops, args.indicators, args.periods, args.seed)
    echo(f"memory: full build of {args.memory_ops} operations")
    command = build_command(portfolio, folder / "build", NOTEBOOKS, True, args.jobs)
    seconds, code, peak = peak_memory(command, folder, log, DATA_EXIT_CODES | {3})
    return {
        "operations": args.memory_ops,
        "seconds": round(seconds, 2),
        "exit_code": code,
        **build_run(folder / "build" / "reports", None),
        # ru_maxrss of the children is the largest single process (the build, its fork server or a
        # page): pages forked from the server share its memory until they write to it.
        "peak_memory_gb_largest_process": round(peak, 3),
    }


def measure_scale(args: argparse.Namespace, work: Path, log: Path) -> dict[str, object]:
    folder = work / "scale"
    started = perf_counter()
    portfolio = generate(folder / "portfolio", args.scale_ops, args.scale_indicators, args.scale_periods, args.seed)
    generated = perf_counter() - started
    echo(f"scale: toolkit clean of {portfolio.observation_rows} observation rows")
    command = toolkit("clean", "--raw", portfolio.raw, "--clean", folder / "clean", "--config", portfolio.config)
    seconds, code, peak = peak_memory(command, folder, log)
    # The same work in one process, split into the libraries' import (paid once per command,
    # whatever the size) and the validation and cleaning proper.
    split = subprocess.run(
        [sys.executable, "-c", SPLIT_CHILD, str(portfolio.raw), str(folder / "clean-split"), str(portfolio.config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=environment(),
        check=True,
    )
    import_s, clean_s = (float(v) for v in split.stdout.split())
    return {
        "operations": args.scale_ops,
        "indicators": args.scale_indicators,
        "periods": args.scale_periods,
        "observation_rows": portfolio.observation_rows,
        "generate_s": round(generated, 2),
        "clean_s": round(seconds, 2),
        "import_s": round(import_s, 2),
        "clean_in_process_s": round(clean_s, 2),
        "exit_code": code,
        "peak_memory_gb": round(peak, 3),
    }


def machine() -> dict[str, object]:
    def first(path: str, prefix: str) -> str:
        try:
            lines = Path(path).read_text().splitlines()
        except OSError:
            return ""
        return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(prefix)), "")

    memory = first("/proc/meminfo", "MemTotal")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    from toolkit import __version__

    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": first("/proc/cpuinfo", "model name") or platform.processor(),
        "ram_gb": round(int(memory.split()[0]) / 1024**2, 1) if memory else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "toolkit": __version__,
        "commit": commit.stdout.strip(),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
    }


def _ratio(numerator: object, denominator: object) -> float | None:
    if isinstance(numerator, (int, float)) and isinstance(denominator, (int, float)) and denominator:
        return round(numerator / denominator, 2)
    return None


def seconds(measure: object) -> float | None:
    return measure.get("seconds") if isinstance(measure, dict) else None


def derive(sizes: dict[int, dict]) -> None:
    """Ratios to the baseline and to the floor, and cost per operation, next to each size's figures."""
    for size, result in sizes.items():
        build = seconds(result["build"])
        result["speedup_vs_baseline"] = _ratio(seconds(result["baseline"]), build)
        result["build_over_floor"] = _ratio(build, seconds(result["floor"]))
        result["build_s_per_operation"] = _ratio(build, size)
        if "dask" in result:
            result["dask_speedup_vs_baseline"] = _ratio(seconds(result["baseline"]), seconds(result["dask"]))
            result["dask_s_per_operation"] = _ratio(seconds(result["dask"]), size)


def targets(sizes: dict[int, dict], scale: dict | None, memory: dict | None = None) -> dict[str, dict[str, object]]:
    """Each target with the measured value and whether it is met; None where this run did not measure it."""
    n100, n500 = sizes.get(100, {}), sizes.get(500, {})
    changes = [r["one_change"]["executed"] for r in sizes.values()]
    nothing = [seconds(r["nothing_changed"]) for r in sizes.values()]
    cost = None
    if n100 and n500:
        cost = round(100 * (n500["build_s_per_operation"] / n100["build_s_per_operation"] - 1), 1)
    values = {
        "speedup_vs_baseline_n100": (n100.get("speedup_vs_baseline"), lambda v: v >= 12),
        "speedup_vs_baseline_n500": (n500.get("speedup_vs_baseline"), lambda v: v >= 15),
        "page_cost_s_n500": (n500.get("build_s_per_operation"), lambda v: v <= 0.5),
        "dask_speedup_vs_baseline_n100": (n100.get("dask_speedup_vs_baseline"), lambda v: v >= 12),
        "dask_page_cost_s_n500": (n500.get("dask_s_per_operation"), lambda v: v <= 0.5),
        "build_over_floor_n100": (n100.get("build_over_floor"), lambda v: v <= 1.5),
        "nothing_changed_s": (max(nothing) if nothing else None, lambda v: v < 0.5),
        "one_change_executed": (
            max(changes) if changes and "n/a" not in changes else "n/a",
            lambda v: v <= 2,
        ),
        "build_peak_memory_gb_n1000": (memory and memory["peak_memory_gb_largest_process"], lambda v: v < 2),
        "clean_at_scale_s": (scale and scale["clean_s"], lambda v: v < 10),
        "clean_at_scale_in_process_s": (scale and scale["clean_in_process_s"], lambda v: v < 10),
        "peak_memory_gb_at_scale": (scale and scale["peak_memory_gb"], lambda v: v < 2),
        "cost_per_operation_change_100_to_500_pct": (cost, lambda v: abs(v) <= 15),
    }
    return {
        name: {
            "target": TARGETS[name],
            "value": value,
            "met": check(value) if isinstance(value, (int, float)) else None,
        }
        for name, (value, check) in values.items()
    }


def markdown(results: dict) -> str:
    def cell(value: object) -> str:
        if isinstance(value, dict):
            value = value.get("seconds", value.get("executed"))
        return "—" if value is None else str(value)

    lines = [
        "| N | observation rows | (a) baseline s | (b) build s | (c) nothing changed s (executed) "
        "| (d) one change s (executed) | (e) floor s | (f) Dask build s | baseline / build | build / floor "
        "| build s per operation |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results["sizes"].values():
        lines.append(
            f"| {result['operations']} | {result['observation_rows']} | {cell(result['baseline'])} "
            f"| {cell(result['build'])} "
            f"| {cell(result['nothing_changed'])} ({result['nothing_changed']['executed']}) "
            f"| {cell(result['one_change'])} ({result['one_change']['executed']}) "
            f"| {cell(result['floor'])} | {cell(result.get('dask'))} | {cell(result['speedup_vs_baseline'])} "
            f"| {cell(result['build_over_floor'])} | {cell(result['build_s_per_operation'])} |"
        )
    scale = results.get("scale")
    if scale:
        lines += [
            "",
            "| scale | observation rows | `toolkit clean` s | of which imports s | validation and cleaning s "
            "| peak memory GB |",
            "|---|---|---|---|---|---|",
            f"| {scale['operations']} × {scale['indicators']} × {scale['periods']} | {scale['observation_rows']} "
            f"| {scale['clean_s']} | {scale['import_s']} | {scale['clean_in_process_s']} | {scale['peak_memory_gb']} |",
        ]
    memory = results.get("memory")
    if memory:
        lines += [
            "",
            "| build at | s | peak memory of its largest process GB |",
            "|---|---|---|",
            f"| {memory['operations']} operations | {memory['seconds']} | {memory['peak_memory_gb_largest_process']} |",
        ]
    lines += ["", "| target | wanted | measured | met |", "|---|---|---|---|"]
    for name, target in results["targets"].items():
        met = {True: "yes", False: "no", None: "n/a"}[target["met"]]
        lines.append(f"| {name} | {target['target']} | {cell(target['value'])} | {met} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="9,100,500", help="operations per portfolio, comma-separated")
    parser.add_argument("--indicators", type=int, default=5, help="indicators per operation (default: %(default)s)")
    parser.add_argument("--periods", type=int, default=4, help="monthly periods (default: %(default)s)")
    parser.add_argument("--scale-ops", type=int, default=1000, help="operations of the clean-at-scale portfolio")
    parser.add_argument("--scale-indicators", type=int, default=20)
    # A target and an actual for each of 6 periods: 12 values per series, 240,000 rows.
    parser.add_argument("--scale-periods", type=int, default=6)
    parser.add_argument("--baseline-max", type=int, help="skip the (slow) baseline above this many operations")
    parser.add_argument("--dask", action="store_true", help="also build each size on a local Dask cluster of 2 workers")
    parser.add_argument("--memory-ops", type=int, default=1000, help="operations of the build whose memory is measured")
    parser.add_argument("--jobs", type=int, help="passed to the build (default: the build's own, one per core)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results", help="where results.json goes")
    parser.add_argument("--work", type=Path, help="keep the portfolios, reports and logs here (default: a temp dir)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]

    results: dict[str, object] = {"machine": machine()}
    results["settings"] = {
        key: value for key, value in vars(args).items() if key not in {"out", "work"} and value is not None
    }
    with tempfile.TemporaryDirectory(prefix="caac-bench-") as temporary:
        work = args.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        log = work / "commands.log"
        echo(f"work folder: {work} (command output in {log.name})")
        measured = {size: measure_size(size, args, work, log) for size in sizes}
        derive(measured)
        results["sizes"] = {str(size): result for size, result in measured.items()}
        results["scale"] = measure_scale(args, work, log) if args.scale_ops else None
        results["memory"] = measure_build_memory(args, work, log) if args.memory_ops else None
    results["targets"] = targets(measured, results["scale"], results["memory"])
    results["machine"]["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(markdown(results))
    echo(f"results written to {args.out / 'results.json'}")


if __name__ == "__main__":
    main()
