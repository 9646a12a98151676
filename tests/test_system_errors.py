"""The machine's faults, as the commands meet them for real: a folder nobody may write, a name too
long for the file system, an output path that names no file, a configuration path no system can
open. Each is one French line naming the path and what to do, exit 2, never a traceback."""

from __future__ import annotations

import ctypes
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_example
from toolkit.cli.main import main

PR_CAPBSET_DROP = 24
# Root may write anywhere: without these capabilities, it meets the folder's permissions as any
# user does. (Run as another user, the folder's mode alone refuses.)
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3

_COMMANDS = """
import json, sys
from toolkit.cli.main import main
out = {}
for name, argv in json.loads(sys.argv[1]).items():
    out[name] = main(argv)
print(json.dumps(out))
"""


def _as_a_user_without_privileges() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0)


@pytest.mark.skipif(sys.platform != "linux", reason="capabilities are Linux's")
def test_a_folder_that_cannot_be_written_is_named_with_what_to_do(caac_clean, tmp_path):
    from toolkit.clean.tables import write_clean

    write_clean(caac_clean, tmp_path / "propres")
    locked = tmp_path / "verrouille"
    locked.mkdir()
    locked.chmod(0o555)
    example = copy_example(tmp_path / "programme")
    commands = {
        "build": ["build", "--config", str(example.config), "--reports", str(locked / "rapports")],
        "clean": ["clean", "--raw", str(example.raw), "--clean", str(locked / "propres")],
        "workbook": ["workbook", "--clean", str(tmp_path / "propres"), "--out", str(locked / "classeur.xlsx")],
        "dictionary": ["data-dictionary", "--out", str(locked / "dictionnaire.md")],
    }
    run = subprocess.run(
        [sys.executable, "-c", _COMMANDS, json.dumps(commands)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        preexec_fn=_as_a_user_without_privileges,
    )
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert json.loads(run.stdout.splitlines()[-1]) == dict.fromkeys(commands, 2)
    said = run.stderr.splitlines()
    refused = "» : permission refusée ; donner ce droit à l'utilisateur ou choisir un autre dossier"
    for path in ("rapports", "propres", "classeur.xlsx", "dictionnaire.md"):
        # The path the user gave, never the hidden temporary file written beside it.
        assert f"erreur : « {locked / path} {refused}" in said, "\n".join(said)
    assert not list(locked.iterdir())


def test_a_name_too_long_for_the_file_system_is_said(tmp_path, capsys):
    out = tmp_path / f"{'a' * 300}.md"
    assert main(["data-dictionary", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.strip() == (
        f"erreur : « {out} » : nom trop long pour le système de fichiers ; choisir un nom ou un dossier plus court"
    )


@pytest.mark.parametrize(
    ("out", "said"),
    [
        ("", "argument --out : un chemin de fichier est attendu, pas une valeur vide"),
        ("rapports/", "argument --out : « rapports/ » désigne un dossier ; donner le chemin d'un fichier"),
    ],
)
def test_an_output_that_names_no_file_is_refused_before_any_work(out, said, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["workbook", "--out", out])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.strip().endswith(f"erreur : {said}")


def test_an_output_that_is_a_folder_is_said_as_such(tmp_path, capsys):
    assert main(["data-dictionary", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"erreur : « {tmp_path} » est un dossier, un fichier est attendu à cette place : donner le chemin d'un fichier"
    )


def test_a_folder_setting_no_system_can_open_is_a_configuration_error(tmp_path, capsys):
    example = copy_example(tmp_path / "programme")
    text = example.config.read_text(encoding="utf-8")
    example.config.write_text(text.replace('reports = "reports"', 'reports = "rap\\u0000ports"'), encoding="utf-8")
    assert 'rap\\u0000ports"' in example.config.read_text(encoding="utf-8")
    assert main(["build", "--config", str(example.config)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "embedded null byte" not in err
    assert f"{example.config} : [data] reports doit être un chemin de dossier, pas 'rap\\x00ports'" in err


def test_every_path_said_is_the_one_given(tmp_path):
    """Nothing of the temporary file: the error is about the user's file, whatever the cause."""
    from toolkit.model.outputs import write_text_atomic

    blocking = tmp_path / "fichier"
    blocking.write_text("", encoding="utf-8")
    with pytest.raises(OSError) as raised:
        write_text_atomic(blocking / "sous" / "x.md", "x")
    assert Path(raised.value.filename) == blocking / "sous"


def test_an_output_that_is_a_device_or_a_pipe_is_refused_and_left_as_it_is(tmp_path, capsys):
    """Run as root, a rename would have put a plain file in the place of /dev/null."""
    import os

    pipe = tmp_path / "tube.md"
    os.mkfifo(pipe)
    assert main(["data-dictionary", "--out", str(pipe)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"erreur : « {pipe} » n'est pas un fichier ordinaire (un périphérique, un tube) : donner le chemin d'un fichier"
    )
    assert pipe.is_fifo()


def test_an_output_that_is_a_link_writes_the_file_it_names(tmp_path):
    target, link = tmp_path / "dictionnaire.md", tmp_path / "lien.md"
    link.symlink_to(target)
    assert main(["data-dictionary", "--out", str(link)]) == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("#")


def test_a_command_started_with_its_output_closed_says_nothing_and_works(tmp_path):
    out = tmp_path / "dictionnaire.md"
    run = subprocess.run(
        f"{sys.executable} -m toolkit data-dictionary --out {out} >&-",
        shell=True,
        capture_output=False,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert (run.returncode, run.stderr) == (0, "")
    assert out.is_file()
