"""The command line as the programme team uses it: help, exit codes, messages without tracebacks."""

import errno
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import NOTEBOOKS, RAW, ROOT, rewrite
from toolkit.cli.commands.build import closing_line
from toolkit.cli.main import main
from toolkit.model.paths import BuildPaths


def run_cli(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *arguments], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


@pytest.mark.parametrize(
    "command",
    [[], ["build"], ["validate"], ["clean"], ["workbook"], ["import-iati"], ["export-iati"], ["data-dictionary"]],
)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("utilisation : python -m toolkit") and "-h, --help  " in out
    assert "afficher cette aide et quitter" in out and "show this help" not in out


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        ([], "python -m toolkit : erreur : arguments obligatoires manquants : COMMANDE"),
        (["build", "--jobs", "x"], "python -m toolkit build : erreur : argument --jobs : valeur invalide 'x' "
         "(un nombre entier est attendu)"),
        (["build", "--page-timeout", "long"], "python -m toolkit build : erreur : argument --page-timeout : "
         "valeur invalide 'long' (un nombre est attendu)"),
        (["build", "--engine", "noyau"], "python -m toolkit build : erreur : argument --engine : choix invalide "
         "'noyau' (choisir parmi 'fork', 'kernel')"),
        (["validate", "--raw"], "python -m toolkit validate : erreur : argument --raw : une valeur est attendue"),
        (["validate", "--brut", "x"], "python -m toolkit : erreur : arguments non reconnus : --brut x"),
        (["build", "--jobs", "0"], "python -m toolkit build : erreur : --jobs attend un nombre entier d'au moins 1"),
    ],
)  # fmt: skip
def test_usage_errors_are_said_in_french_with_the_usage_and_exit_2(argv, said, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("utilisation : python -m toolkit") and err.rstrip().endswith(said)


def test_build_help_lists_the_folders(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    out = capsys.readouterr().out
    for option in ("--raw DOSSIER", "--clean DOSSIER", "--reports DOSSIER"):
        assert option in out


def test_unknown_command_is_a_usage_error():
    with pytest.raises(SystemExit) as exit_info:
        main(["publish"])
    assert exit_info.value.code == 2


def test_validate_on_clean_data_exits_0(capsys):
    assert main(["validate", "--raw", str(RAW)]) == 0
    out = capsys.readouterr().out
    assert "operations.csv : 9 lignes = 9 propres + 0 en quarantaine" in out


def test_the_command_flushes_all_its_output_before_it_exits(capsys):
    # python -m toolkit ends with os._exit, which skips the interpreter's own flush at exit.
    result = run_cli("validate", "--raw", str(RAW))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.rstrip().splitlines()
    assert "ratings.csv : 0 ligne = 0 propre + 0 en quarantaine" in result.stdout
    # The findings are printed after the accounting: the very last one must have come through,
    # as the same command run in this process (which exits normally) prints it.
    assert main(["validate", "--raw", str(RAW)]) == 0
    in_process = capsys.readouterr().out.rstrip().splitlines()
    assert in_process[-1].startswith("avertissement : ")
    assert lines[-1] == in_process[-1]


def test_bad_data_exits_1_with_a_located_message_and_no_traceback(raw_copy, tmp_path):
    rewrite(raw_copy / "operations.csv", "25 mois", "vingt-cinq lunes")
    result = run_cli("clean", "--raw", str(raw_copy), "--clean", str(tmp_path / "clean"))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    located = "erreur : operations.csv, ligne 2, colonne « duration », valeur « vingt-cinq lunes » [parse.duration] : "
    assert (
        located + "« vingt-cinq lunes » n'est pas lisible ; écrire une durée telle que 25 mois ou 2 ans"
        in result.stdout
    )
    # A build over these clean tables ends on the count of what the reports leave out.
    paths = BuildPaths(raw_copy, tmp_path / "clean", tmp_path / "reports", NOTEBOOKS)
    said = closing_line(SimpleNamespace(error_count=1, stopped_after_validation=False), paths)
    page = tmp_path / "reports" / "data-quality.html"
    # An unreadable duration empties its cell: the row stays, no row is in quarantine.
    assert said == f"Rapports construits dans {paths.reports} : 1 erreur dans les données, 0 ligne en quarantaine " + (
        f"(détail dans {page})"
    )
    (tmp_path / "clean" / "accounting.csv").write_text(
        "table,file,raw_rows,clean_rows,quarantined_rows,blank_rows\n"
        "operations,operations.csv,9,8,1,0\nevidence,evidence.csv,447,445,2,0\n",
        encoding="utf-8",
    )
    strict = closing_line(SimpleNamespace(error_count=2, stopped_after_validation=True), paths)
    assert strict == "Aucun rapport construit (--strict) : 2 erreurs dans les données, 3 lignes en quarantaine"
    nothing = BuildPaths(raw_copy, tmp_path / "nowhere", tmp_path / "reports", NOTEBOOKS)
    clean = closing_line(SimpleNamespace(error_count=0, stopped_after_validation=False), nothing)
    assert clean.endswith(": 0 erreur dans les données, 0 ligne en quarantaine")


# `make report` (and `make pdf`) go on when the build's only trouble is data errors (exit 1: the
# reports are built); STRICT=1 fails on them; any other failure fails make. The build is replaced
# by a command that exits with the code, and the environment's stamp taken as up to date.
@pytest.mark.parametrize(
    ("build_exit", "strict", "make_exit"),
    [(0, "", 0), (1, "", 0), (2, "", 2), (3, "", 2), (130, "", 2), (0, "1", 0), (1, "1", 2), (1, "0", 0)],
)
def test_make_report_succeeds_on_data_errors_unless_strict(build_exit, strict, make_exit):
    make = shutil.which("make")
    assert make, "GNU make is not installed"
    finished = subprocess.run(
        [make, "--no-print-directory", "-o", ".venv/.installed", "report", f"STRICT={strict}"]
        + [f"TOOLKIT=sh -c 'exit {build_exit}' --"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == make_exit, finished.stdout + finished.stderr
    if make_exit:  # make names the build's own code
        assert f"Error {build_exit}" in finished.stderr, finished.stderr


def test_missing_raw_table_exits_2_without_traceback(tmp_path):
    (tmp_path / "raw").mkdir()
    result = run_cli("validate", "--raw", str(tmp_path / "raw"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "la table brute « documents » est introuvable : un fichier documents.csv est attendu" in result.stderr


def test_an_iati_file_becomes_raw_tables_the_cleaning_reads(tmp_path):
    published = ROOT / "tests" / "fixtures" / "iati" / "worldbank-1.0-excerpt.xml"
    imported = run_cli("import-iati", str(published), "--out", str(tmp_path / "raw"))
    # A real 2010 file: no iati-identifier, roles spelled out. Findings, exit 1, never a traceback.
    assert imported.returncode == 1, imported.stderr
    assert "Traceback" not in imported.stdout + imported.stderr
    assert "ligne 3, colonne « iati-activity/iati-identifier » [iati.missing_identifier]" in imported.stdout
    # What the build would set aside is said at import, with the build's own rule and message.
    assert "colonne « countries », valeur « Africa » [parse.country]" in imported.stdout
    (announced,) = re.findall(r"le build en écarterait (\d+) ligne\(s\)", imported.stdout)
    cleaned = run_cli("clean", "--raw", str(tmp_path / "raw"), "--clean", str(tmp_path / "clean"))
    assert "operations.csv : 2 lignes" in cleaned.stdout
    assert "Traceback" not in cleaned.stderr
    set_aside = re.findall(r"\+ (\d+) en quarantaine", cleaned.stdout)
    assert sum(map(int, set_aside)) == int(announced) > 0, cleaned.stdout


def test_the_clean_caac_data_exports_as_valid_iati(caac_clean, tmp_path):
    from toolkit.clean.tables import write_clean

    write_clean(caac_clean, tmp_path / "clean")
    exported = run_cli("export-iati", "--clean", str(tmp_path / "clean"), "--out", str(tmp_path / "caac.xml"))
    assert exported.returncode == 0, exported.stdout + exported.stderr
    assert "schema" not in exported.stdout  # no schema error listed
    assert (tmp_path / "caac.xml").read_bytes().count(b"<iati-activity ") == 9


def test_the_installed_script_is_the_same_command_as_python_m_toolkit(tmp_path):
    """`evaluation-toolkit` and `python -m toolkit` start through one entry point (start-up settings
    included) and print the same lines with the same exit code."""
    from importlib.metadata import entry_points

    (script,) = entry_points(group="console_scripts", name="evaluation-toolkit")
    assert script.value == "toolkit.cli.startup:run_command"
    assert "run_command()" in (ROOT / "toolkit" / "__main__.py").read_text(encoding="utf-8")
    broken = tmp_path / "raw"
    shutil.copytree(RAW, broken)
    rewrite(broken / "operations.csv", "98 525 €;64 040 €", "98 525 €;164 040 €")
    installed = subprocess.run(
        [str(Path(sys.executable).parent / "evaluation-toolkit"), "validate", "--raw", str(broken)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    module = run_cli("validate", "--raw", str(broken))
    assert (installed.returncode, installed.stdout) == (module.returncode, module.stdout) == (1, module.stdout)
    assert "[grant_le_budget]" in installed.stdout and installed.stderr == module.stderr == ""


def test_every_command_module_is_in_the_table_with_what_help_says_of_it():
    import pkgutil

    from toolkit.cli import commands
    from toolkit.cli.commands import COMMANDS
    from toolkit.cli.main import parser

    listed = " ".join(parser().format_help().split())
    names = [command.name for command in COMMANDS]
    assert len(names) == len(set(names)) == 10
    # A module of the folder that the table forgets would be a command nobody can call.
    modules = {info.name for info in pkgutil.iter_modules(commands.__path__)}
    assert modules == {command.module.__name__.rsplit(".", 1)[1] for command in COMMANDS}
    for command in COMMANDS:
        assert command.help and command.description
        assert callable(command.module.add_arguments) and callable(command.module.run)
        assert f"{command.name} {command.help}" in listed


def test_a_file_where_a_folder_should_be_is_a_french_line_and_exit_2_not_a_traceback(caac_clean, tmp_path, capsys):
    """The machine's fault, not the data's: the path named, what to do said, exit 2."""
    from tests.conftest import copy_example
    from toolkit.clean.tables import write_clean

    blocking = tmp_path / "pas-un-dossier"
    blocking.write_text("un fichier\n", encoding="utf-8")
    paths = copy_example(tmp_path / "programme")
    assert main(["build", "--config", str(paths.config), "--reports", str(blocking / "reports")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == (
        f"erreur : « {blocking / 'reports'} » ne peut pas être un dossier : « {blocking} » est un fichier ; "
        "choisir un autre chemin ou déplacer ce fichier"
    )
    write_clean(caac_clean, tmp_path / "clean")
    assert main(["workbook", "--clean", str(tmp_path / "clean"), "--out", str(blocking / "x.xlsx")]) == 2
    assert f"« {blocking} » est un fichier" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (errno.EACCES, "« /rapports » : permission refusée ; donner ce droit"),
        (errno.EISDIR, "« /rapports » est un dossier, un fichier est attendu"),
        (errno.ENOSPC, "plus d'espace sur le disque pour écrire « /rapports »"),
        (errno.EROFS, "« /rapports » est sur un disque en lecture seule"),
        (errno.EIO, "« /rapports » : le système refuse l'opération"),
    ],
)
def test_each_fault_of_the_machine_says_its_path_and_what_to_do(code, said):
    from toolkit.cli.system_errors import describe

    assert describe(OSError(code, os.strerror(code), "/rapports")).startswith(said)


@pytest.mark.parametrize(("stop", "code"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_sigterm_or_sighup_stops_any_command_as_ctrl_c_does_with_a_line_and_its_exit_code(
    stop, code, monkeypatch, capsys
):
    """A service manager's SIGTERM, a closed terminal's SIGHUP: a French line and 128 + the signal's
    number, no traceback; a second signal while the command stops is not allowed to interrupt it."""
    import signal
    import time

    from toolkit.cli.commands import validate

    number = signal.Signals[stop]
    seen = []

    def stopped_halfway(_arguments, _config):
        try:
            os.kill(os.getpid(), number)
            time.sleep(5)  # not reached: the handler raises as the signal arrives
        except KeyboardInterrupt:
            seen.append(signal.getsignal(number))  # while the command stops, a second one is ignored
            raise
        return 0

    monkeypatch.setattr(validate, "run", stopped_halfway)
    before = {each: signal.getsignal(each) for each in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    started = time.monotonic()
    assert main(["validate", "--raw", str(RAW)]) == code
    assert time.monotonic() - started < 4 and seen == [signal.SIG_IGN]
    assert capsys.readouterr().err.strip() == f"interrompu par {stop}"
    # The process's own handlers are back once the command is over (a test runs many commands).
    assert {each: signal.getsignal(each) for each in before} == before


def test_a_signal_ignored_when_the_command_started_stays_ignored(monkeypatch):
    """`nohup make report &`: the build goes on after its terminal closes."""
    import signal

    from toolkit.cli.commands import validate

    monkeypatch.setattr(validate, "run", lambda _arguments, _config: os.kill(os.getpid(), signal.SIGHUP) or 0)
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        assert main(["validate", "--raw", str(RAW)]) == 0
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_a_build_stopped_by_a_signal_exits_with_that_signal_s_code():
    import signal

    from toolkit.model.errors import BuildInterrupted, Interrupted

    assert BuildInterrupted("build interrompu").exit_code == 130
    assert BuildInterrupted("x", signal_number=signal.SIGTERM).exit_code == 143
    assert BuildInterrupted("x", signal_number=signal.SIGHUP).exit_code == 129
    assert (Interrupted(signal.SIGHUP).name, Interrupted(signal.SIGHUP).exit_code) == ("SIGHUP", 129)
    assert isinstance(Interrupted(signal.SIGTERM), KeyboardInterrupt)  # what handles Ctrl-C handles it
