"""The command line as the programme team uses it: help, exit codes, messages without tracebacks."""

import subprocess
import sys

import pytest

from tests.conftest import RAW, ROOT, rewrite
from toolkit.cli import main


def run_cli(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *arguments], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


@pytest.mark.parametrize("command", [[], ["build"], ["validate"], ["clean"]])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: python -m toolkit" in capsys.readouterr().out


def test_build_help_lists_the_folders(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    out = capsys.readouterr().out
    for option in ("--raw DIR", "--clean DIR", "--reports DIR"):
        assert option in out


def test_unknown_command_is_a_usage_error():
    with pytest.raises(SystemExit) as exit_info:
        main(["publish"])
    assert exit_info.value.code == 2


def test_validate_on_clean_data_exits_0(capsys):
    assert main(["validate", "--raw", str(RAW)]) == 0
    out = capsys.readouterr().out
    assert "operations.csv: 9 rows = 9 clean + 0 quarantined" in out


def test_the_command_flushes_all_its_output_before_it_exits():
    # python -m toolkit ends with os._exit, which skips the interpreter's own flush at exit.
    result = run_cli("validate", "--raw", str(RAW))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.rstrip().splitlines()
    assert "ratings.csv: 0 rows = 0 clean + 0 quarantined" in result.stdout
    # The findings are printed after the accounting: the very last one must have come through.
    assert lines[-1].startswith("avertissement : observations.csv, ligne 38")


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


def test_missing_raw_table_exits_2_without_traceback(tmp_path):
    (tmp_path / "raw").mkdir()
    result = run_cli("validate", "--raw", str(tmp_path / "raw"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "la table brute « documents » est introuvable : un fichier documents.csv est attendu" in result.stderr
