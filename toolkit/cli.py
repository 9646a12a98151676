"""Command line: ``python -m toolkit <command>``. Thin: it parses, calls the library, maps errors to exit codes.

Exit codes: 0 done and the data is clean; 1 done but the data holds error findings;
2 usage or environment error; 3 done but some reports could not be produced.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from toolkit import __version__
from toolkit.errors import ToolkitError
from toolkit.paths import (
    DEFAULT_CLEAN,
    DEFAULT_CONFIG,
    DEFAULT_NARRATIVE,
    DEFAULT_NOTEBOOKS,
    DEFAULT_RAW,
    DEFAULT_REPORTS,
    BuildPaths,
)

EXIT_OK, EXIT_DATA_ERRORS, EXIT_USAGE, EXIT_REPORTS_FAILED = 0, 1, 2, 3


def _add_raw(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--raw", type=Path, default=DEFAULT_RAW, metavar="DIR", help="raw data folder (default: %(default)s)"
    )


def _add_clean(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--clean", type=Path, default=DEFAULT_CLEAN, metavar="DIR", help="clean data folder (default: %(default)s)"
    )


def _add_config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        default=DEFAULT_CONFIG,
        metavar="FILE",
        help="programme configuration (default: %(default)s)",
    )


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="python -m toolkit",
        description="Validate and clean programme data, then build the evaluation reports.",
        epilog="Exit codes: 0 clean, 1 the data holds errors, 2 usage or environment error, 3 some reports failed.",
    )
    main_parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="validate, clean and build every report",
        description="Validate and clean the raw data, run one notebook per operation and the programme notebook, and export them as HTML.",
    )
    _add_raw(build)
    _add_clean(build)
    build.add_argument(
        "--reports", type=Path, default=DEFAULT_REPORTS, metavar="DIR", help="reports folder (default: %(default)s)"
    )
    build.add_argument(
        "--notebooks",
        type=Path,
        default=DEFAULT_NOTEBOOKS,
        metavar="DIR",
        help="notebook templates (default: %(default)s)",
    )
    build.add_argument(
        "--narrative",
        type=Path,
        default=DEFAULT_NARRATIVE,
        metavar="DIR",
        help="evaluator's texts (default: %(default)s)",
    )
    _add_config(build)
    build.add_argument("--strict", action="store_true", help="stop after validation when the data holds errors")
    build.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="notebooks run at once (default: number of cores)"
    )
    build.add_argument(
        "--force", action="store_true", help="run every notebook again, even those whose inputs did not change"
    )
    build.add_argument(
        "--executor",
        choices=("local", "dask"),
        default="local",
        help="where notebooks run: worker processes here, or a Dask cluster (default: %(default)s)",
    )
    build.add_argument(
        "--scheduler", metavar="ADDRESS", help="the Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --executor dask)"
    )

    validate = commands.add_parser(
        "validate",
        help="check the raw data and list the findings",
        description="Check the raw data against the schema and print every finding; writes nothing.",
    )
    _add_raw(validate)
    _add_config(validate)

    clean = commands.add_parser(
        "clean",
        help="write clean tables, quarantine and findings",
        description="Validate the raw data and write the clean tables, the quarantined rows and findings.csv.",
    )
    _add_raw(clean)
    _add_clean(clean)
    _add_config(clean)
    return main_parser


def _data_exit(result) -> int:  # noqa: ANN001 - a CleanResult
    return EXIT_DATA_ERRORS if result.error_count else EXIT_OK


def run(arguments: argparse.Namespace) -> int:
    # Imported here, each where it is needed: `build` with nothing changed must not pay for pandas.
    from toolkit.build import build, echo_accounting, finding_lines
    from toolkit.config import load_config

    if arguments.command == "validate":
        from toolkit.clean import clean_tables

        result = clean_tables(arguments.raw, load_config(arguments.config))
        echo_accounting(result, print)
        for line in finding_lines(result, limit=10_000):
            print(line)
        return _data_exit(result)
    if arguments.command == "clean":
        from toolkit.clean import run_clean

        result = run_clean(arguments.raw, arguments.clean, load_config(arguments.config))
        echo_accounting(result, print)
        for line in finding_lines(result):
            print(line)
        print(f"Clean tables, quarantine and findings written to {arguments.clean}")
        return _data_exit(result)
    if arguments.jobs is not None and arguments.jobs < 1:
        raise_usage = parser()
        raise_usage.error("--jobs takes a whole number of at least 1")
    paths = BuildPaths(
        arguments.raw, arguments.clean, arguments.reports, arguments.notebooks, arguments.narrative, arguments.config
    )
    if arguments.executor == "dask" and not arguments.scheduler:
        parser().error("--executor dask needs --scheduler ADDRESS")
    outcome = build(
        paths,
        strict=arguments.strict,
        jobs=arguments.jobs,
        force=arguments.force,
        executor=arguments.executor,
        scheduler=arguments.scheduler,
        interactive=None,
    )
    for line in outcome.findings:
        print(line)
    if outcome.failures:
        for failure in outcome.failures:
            print(f"report failed: {failure.message} (partial notebook: {failure.notebook})")
        return EXIT_REPORTS_FAILED
    return EXIT_DATA_ERRORS if outcome.error_count else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    try:
        return run(arguments)
    except ToolkitError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader (e.g. `| head`) has gone: stop quietly, as command-line tools do.
        sys.stderr.close()
        return EXIT_OK
