"""A notebook run by hand finds its programme through the configuration, wherever it was started."""

import pickle
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT
from toolkit.model.config import load_config
from toolkit.model.errors import ConfigurationError, ProgrammeNotFound
from toolkit.model.language import active, using
from toolkit.model.locate import CONFIG_VARIABLE, find_config, page_inputs

CAAC = ROOT / "programme.toml"


def test_the_programme_is_found_in_the_working_directory_or_above():
    assert find_config(ROOT, environ={}) == CAAC
    # JupyterLab starts a notebook's kernel in notebooks/.
    assert find_config(ROOT / "notebooks", environ={}) == CAAC
    # The nearest file wins: a programme kept inside another one's folder is its own.
    assert find_config(EXAMPLE / "raw", environ={}) == EXAMPLE / "programme.toml"


def test_the_variable_names_another_programme_from_anywhere(tmp_path):
    assert find_config(ROOT, environ={CONFIG_VARIABLE: str(EXAMPLE / "programme.toml")}) == EXAMPLE / "programme.toml"
    # A relative path is read from the working directory.
    assert find_config(ROOT, environ={CONFIG_VARIABLE: "examples/programme-fictif/programme.toml"}).samefile(
        EXAMPLE / "programme.toml"
    )
    with pytest.raises(ProgrammeNotFound, match=f"la variable d'environnement {CONFIG_VARIABLE} nomme") as caught:
        find_config(ROOT, environ={CONFIG_VARIABLE: str(tmp_path / "absent.toml")})
    assert caught.value.searched == (str(tmp_path),) and caught.value.path == str(tmp_path / "absent.toml")


def test_a_notebook_run_from_another_folder_reads_the_programme_the_variable_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(CONFIG_VARIABLE, str(EXAMPLE / "programme.toml"))
    inputs = page_inputs()
    folders = load_config(EXAMPLE / "programme.toml").folders
    assert inputs.config == EXAMPLE / "programme.toml"
    assert (inputs.raw, inputs.narrative, inputs.clean) == (folders.raw, folders.narrative, folders.clean)
    assert inputs.clean == EXAMPLE / "clean"  # [data] is read relative to the file, not to tmp_path


def test_a_missing_programme_names_the_folders_searched_in_french(tmp_path, monkeypatch):
    start = tmp_path / "analyses" / "2024"
    start.mkdir(parents=True)
    monkeypatch.chdir(start)
    monkeypatch.delenv(CONFIG_VARIABLE, raising=False)
    with pytest.raises(ProgrammeNotFound) as caught:
        page_inputs(None, clean_dir="", narrative_dir=None)
    error = caught.value
    assert isinstance(error, ConfigurationError) and error.exit_code == 2
    assert error.message.startswith(f"programme.toml introuvable : cherché dans {start}, {start.parent}, {tmp_path}, ")
    assert CONFIG_VARIABLE in error.message and error.searched[:3] == (str(start), str(start.parent), str(tmp_path))
    # In a notebook, IPython shows this one line instead of a traceback through the toolkit's code.
    assert error._render_traceback_() == [f"ProgrammeNotFound: {error.message}"]
    assert pickle.loads(pickle.dumps(error)).searched == error.searched


def test_the_paths_the_build_passes_are_taken_as_they_are(tmp_path):
    # Every path given (the build passes them all): taken as they are, [data] aside.
    given = page_inputs(str(EXAMPLE / "programme.toml"), raw_dir="r", narrative_dir="n", clean_dir="c")
    assert (given.config, given.raw, given.narrative, given.clean) == (EXAMPLE / "programme.toml", *map(Path, "rnc"))
    # Some given: the others come from the configuration's [data].
    mixed = page_inputs(EXAMPLE / "programme.toml", clean_dir=str(tmp_path))
    assert (mixed.clean, mixed.raw) == (tmp_path, EXAMPLE / "raw")


def test_a_page_runs_in_the_language_of_its_programme(tmp_path):
    english = tmp_path / "programme.toml"
    english.write_text(
        (EXAMPLE / "programme.toml").read_text(encoding="utf-8").replace('language = "fr"', 'language = "en"'),
        encoding="utf-8",
    )
    with using("fr"):  # the previous language restored after the test
        page_inputs(english, clean_dir="c", raw_dir="r", narrative_dir="n")
        assert active() == "en"
        page_inputs(EXAMPLE / "programme.toml")
        assert active() == "fr"
