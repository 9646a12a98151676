"""Command line: ``python -m toolkit <command>``. Thin: it parses, calls the library, maps errors to exit codes.

Exit codes: 0 done and the data is clean; 1 done but the data holds error findings;
2 usage or environment error; 3 done but some reports could not be produced.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit import __version__
from toolkit.build.run import FORK, PAPERMILL_ENGINES
from toolkit.model.errors import BuildInterrupted, ToolkitError
from toolkit.model.paths import (
    DEFAULT_CLEAN,
    DEFAULT_CONFIG,
    DEFAULT_NARRATIVE,
    DEFAULT_NOTEBOOKS,
    DEFAULT_RAW,
    DEFAULT_REPORTS,
    BuildPaths,
)

if TYPE_CHECKING:
    from toolkit.model.config import Config

EXIT_OK, EXIT_DATA_ERRORS, EXIT_USAGE, EXIT_REPORTS_FAILED = 0, 1, 2, 3


# Folder options default to what the programme's configuration names ([data]), and to these
# when it names nothing.
def _add_folder(parser: argparse.ArgumentParser, name: str, default: Path, what: str) -> None:
    parser.add_argument(
        f"--{name}", type=Path, metavar="DIR", help=f"{what} (default: as the configuration says, else {default})"
    )


def _add_raw(parser: argparse.ArgumentParser) -> None:
    _add_folder(parser, "raw", DEFAULT_RAW, "raw data folder")


def _add_clean(parser: argparse.ArgumentParser) -> None:
    _add_folder(parser, "clean", DEFAULT_CLEAN, "clean data folder")


# Files the data commands write into the reports folder unless told otherwise.
WORKBOOK_NAME, IATI_NAME, PDF_NAME = "donnees-propres.xlsx", "activites-iati.xml", "rapport-evaluation.pdf"


def _add_output(parser: argparse.ArgumentParser, name: str, what: str) -> None:
    parser.add_argument("--out", type=Path, metavar="FILE", help=f"{what} (default: {name} in the reports folder)")


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
    _add_folder(build, "reports", DEFAULT_REPORTS, "reports folder")
    build.add_argument(
        "--notebooks",
        type=Path,
        default=DEFAULT_NOTEBOOKS,
        metavar="DIR",
        help="notebook templates (default: %(default)s)",
    )
    _add_folder(build, "narrative", DEFAULT_NARRATIVE, "evaluator's texts")
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
    build.add_argument(
        "--engine",
        choices=tuple(PAPERMILL_ENGINES),
        default=FORK,
        help="how a page's cells run: in the page's own process forked from one that has the libraries "
        "loaded, or in a Jupyter kernel (default: %(default)s)",
    )
    build.add_argument(
        "--page-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop a page that runs longer and report it failed (default: [build] page_timeout, or 600)",
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

    workbook = commands.add_parser(
        "workbook",
        help="write the clean tables and the findings to one Excel workbook",
        description="Write the clean tables, the findings and the quarantined rows to one workbook, a sheet each "
        "(run `clean` or `build` first).",
    )
    _add_clean(workbook)
    _add_config(workbook)
    _add_output(workbook, WORKBOOK_NAME, "the workbook")

    import_iati = commands.add_parser(
        "import-iati",
        help="turn an IATI activity file into raw tables",
        description="Map the activities, organisations, results and indicators of an IATI activity file (2.0x or 1.0x) "
        "onto the raw tables; every defect of the file becomes a finding.",
    )
    import_iati.add_argument("file", type=Path, metavar="FILE.xml", help="the IATI activity file")
    import_iati.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the raw tables")
    _add_config(import_iati)

    export_iati = commands.add_parser(
        "export-iati",
        help="write the clean data as IATI 2.03 activity XML, checked against the official schema",
        description="Write one IATI activity per operation, with its results, and check the file against the "
        "IATI 2.03 schema (run `clean` or `build` first).",
    )
    _add_clean(export_iati)
    _add_config(export_iati)
    _add_output(export_iati, IATI_NAME, "the XML file")
    export_iati.add_argument(
        "--reporting-org-ref", default="", metavar="ID", help="the reporting organisation's IATI identifier"
    )

    pdf = commands.add_parser(
        "pdf",
        help="print the programme report to one PDF for a board (headless Chromium)",
        description="Print the built programme report (index.html, then its annexes page) to one A4 PDF: cover, "
        "table of contents with page numbers, running header and page numbers, no navigation (run `build` first).",
    )
    _add_folder(pdf, "reports", DEFAULT_REPORTS, "reports folder holding the built report")
    _add_config(pdf)
    _add_output(pdf, PDF_NAME, "the PDF")
    pdf.add_argument(
        "--chromium", type=Path, metavar="FILE", help="the Chromium to print with (default: chromium on the PATH)"
    )

    templates = commands.add_parser(
        "evaluator-templates",
        help="write the evaluator's files: narrative texts with their headings and guidance, a ratings grid",
        description="Write every narrative file the reports read (headings and guidance in comments) and add to "
        "ratings.csv one empty row per criterion and operation, and per criterion for the programme. Nothing that "
        "exists is overwritten.",
    )
    _add_raw(templates)
    _add_folder(templates, "narrative", DEFAULT_NARRATIVE, "evaluator's texts")
    _add_config(templates)

    dictionary = commands.add_parser(
        "data-dictionary",
        help="print the data dictionary generated from the schema (Markdown)",
        description="Print the data dictionary: every raw table, its columns and their rules.",
    )
    dictionary.add_argument("--out", type=Path, metavar="FILE", help="write it to FILE instead of printing it")
    _add_config(dictionary)
    return main_parser


def _data_exit(result) -> int:
    return EXIT_DATA_ERRORS if result.error_count else EXIT_OK


def run(arguments: argparse.Namespace) -> int:
    # Imported here, each where it is needed: `build` with nothing changed must not pay for pandas.
    from toolkit.build.pipeline import build, echo_accounting, finding_lines
    from toolkit.model.config import load_config

    config = load_config(arguments.config)
    for name, folder in vars(config.folders).items():
        if getattr(arguments, name, False) is None:
            setattr(arguments, name, folder)
    if arguments.command == "validate":
        from toolkit.clean.tables import clean_tables

        result = clean_tables(arguments.raw, config)
        echo_accounting(result, print)
        for line in finding_lines(result, limit=10_000):
            print(line)
        return _data_exit(result)
    if arguments.command == "clean":
        from toolkit.results.derive import run_clean

        result = run_clean(arguments.raw, arguments.clean, config)
        echo_accounting(result, print)
        for line in finding_lines(result):
            print(line)
        print(f"Clean tables, quarantine and findings written to {arguments.clean}")
        return _data_exit(result)
    if arguments.command in EXTRA_COMMANDS:
        return EXTRA_COMMANDS[arguments.command](arguments, config)
    if arguments.jobs is not None and arguments.jobs < 1:
        raise_usage = parser()
        raise_usage.error("--jobs takes a whole number of at least 1")
    if arguments.page_timeout is not None and arguments.page_timeout <= 0:
        parser().error("--page-timeout takes a number of seconds above 0")
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
        engine=arguments.engine,
        page_timeout=arguments.page_timeout,
    )
    for line in outcome.findings:
        print(line)
    if outcome.failures:
        for failure in outcome.failures:
            print(f"report failed: {failure.message} (partial notebook: {failure.notebook})")
        return EXIT_REPORTS_FAILED
    return EXIT_DATA_ERRORS if outcome.error_count else EXIT_OK


# Commands that read or write the data beside the build; each takes the parsed arguments and
# the programme's configuration.
def _workbook(arguments: argparse.Namespace, config: Config) -> int:
    from toolkit.interop.workbook import write_workbook

    out = arguments.out or config.folders.reports / WORKBOOK_NAME
    sheets = write_workbook(arguments.clean, out)
    print(f"Workbook written to {out}: {len(sheets)} sheets, {sum(sheets.values())} rows")
    return EXIT_OK


def _import_iati(arguments: argparse.Namespace, _config: Config) -> int:
    from toolkit.build.pipeline import finding_lines
    from toolkit.interop.iati_import import import_iati

    result = import_iati(arguments.file, arguments.out)
    print(", ".join(f"{name}: {count}" for name, count in result.rows.items() if count))
    for line in finding_lines(result):
        print(line)
    errors = sum(finding.severity == "error" for finding in result.findings)
    print(f"Raw tables written to {arguments.out} ({errors} errors, {len(result.findings) - errors} warnings)")
    return EXIT_DATA_ERRORS if errors else EXIT_OK


def _export_iati(arguments: argparse.Namespace, config: Config) -> int:
    from toolkit.interop.iati_export import export_iati, schema_errors
    from toolkit.model.outputs import write_bytes_atomic

    out = arguments.out or config.folders.reports / IATI_NAME
    xml = export_iati(arguments.clean, config, arguments.reporting_org_ref)
    write_bytes_atomic(out, xml)
    errors = schema_errors(xml)
    for error in errors:
        print(f"IATI 2.03 schema: {error}")
    print(f"IATI activity file written to {out}" + (f" ({len(errors)} schema errors)" if errors else ""))
    return EXIT_DATA_ERRORS if errors else EXIT_OK


def _pdf(arguments: argparse.Namespace, config: Config) -> int:
    from toolkit.build.pdf import Cover, print_report

    out = arguments.out or arguments.reports / PDF_NAME
    lines = [config.period]
    if config.evaluator:
        lines.append(f"Évaluateur : {config.evaluator}")
    if config.evaluation_date:
        lines.append(f"Date de l'évaluation : {config.evaluation_date}")
    cover = Cover(config.name, config.short_name, config.organisation, tuple(line for line in lines if line))
    summary = print_report(arguments.reports, out, cover, chromium_path=arguments.chromium)
    for url in summary.blocked:
        print(f"warning: the report asked for {url}; refused, it is read offline")
    for item in summary.too_wide:
        print(f"warning: wider than the page, cut off in the PDF: {item}")
    print(
        f"PDF written to {out}: {summary.pages} pages, {summary.size / 1_000_000:.1f} MB, "
        f"{len(summary.sections)} sections in its table of contents (from {', '.join(summary.printed)})"
    )
    return EXIT_OK


def _data_dictionary(arguments: argparse.Namespace, _config: Config) -> int:
    from toolkit.interop.dictionary import data_dictionary
    from toolkit.model.outputs import write_text_atomic

    text = data_dictionary()
    if arguments.out:
        write_text_atomic(arguments.out, text)
    else:
        print(text, end="")
    return EXIT_OK


def _evaluator_templates(arguments: argparse.Namespace, config: Config) -> int:
    from toolkit.clean.tables import clean_tables
    from toolkit.report.evaluator_files import write_templates

    if not Path(arguments.raw).is_dir():
        print(f"{arguments.raw} is not a folder of CSV files: add the ratings rows to its ratings sheet by hand")
        return EXIT_USAGE
    operations = clean_tables(arguments.raw, config).tables["operations"].clean
    written = write_templates(Path(arguments.narrative), Path(arguments.raw), list(operations["operation_id"]))
    for path in written.created:
        print(f"  written: {path}")
    print(
        f"Evaluator's files in {arguments.narrative}: {len(written.created)} written, {len(written.kept)} already there "
        f"(left as they are); {written.ratings_added} rows added to {Path(arguments.raw) / 'ratings.csv'}"
    )
    return EXIT_OK


EXTRA_COMMANDS = {
    "evaluator-templates": _evaluator_templates,
    "workbook": _workbook,
    "import-iati": _import_iati,
    "export-iati": _export_iati,
    "pdf": _pdf,
    "data-dictionary": _data_dictionary,
}


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    try:
        return run(arguments)
    except ToolkitError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        # Ctrl-C outside a build's pages (a build stops its pages itself and raises BuildInterrupted).
        print("interrupted", file=sys.stderr)
        return BuildInterrupted.exit_code
    except BrokenPipeError:
        # The reader (e.g. `| head`) has gone: stop quietly, as command-line tools do.
        sys.stderr.close()
        return EXIT_OK
