"""The starting programme.toml of an imported IATI file: the file's names, loadable as it is, never replacing the evaluator's."""

from pathlib import Path

import pytest

from tests.conftest import ROOT
from toolkit.cli.main import main
from toolkit.interop.iati_import import import_iati
from toolkit.interop.iati_settings import StartingSettings, starting_config, write_starting_config
from toolkit.model.config import load_config
from toolkit.text import fmt

FIXTURES = Path(__file__).parent / "fixtures" / "iati"


def test_the_imported_programme_is_named_after_its_publisher_and_spans_its_activities(tmp_path):
    result = import_iati(FIXTURES / "activity-standard-example-2.03.xml", tmp_path / "programme" / "raw")
    assert result.settings == StartingSettings(
        "activity-standard-example-2.03.xml", "Organisation name", "AA-AAA-123456789", "2012-2015"
    )
    path, written = write_starting_config(tmp_path / "programme" / "raw", result.settings)
    assert written and path == (tmp_path / "programme" / "programme.toml").resolve()
    config = load_config(path)
    assert config.report_title == "Activités IATI de Organisation name — rapport d'évaluation"
    assert (config.short_name, config.period, config.operation_noun) == (
        "AA-AAA-123456789",
        "2012-2015",
        ("activité", "activités"),
    )
    assert config.folders.raw == (tmp_path / "programme" / "raw").resolve()


def test_a_name_with_quotes_and_backslashes_stays_as_the_file_writes_it(tmp_path):
    settings = StartingSettings("f.xml", 'ONG « Eau » "Sud"\\Nord', "", "2020")
    (tmp_path / "programme.toml").write_text(starting_config(settings, "raw"), encoding="utf-8")
    config = load_config(tmp_path / "programme.toml")
    assert config.organisation == 'ONG « Eau » "Sud"\\Nord' and config.period == "2020"
    assert StartingSettings("g.xml").file == "g.xml"
    unnamed = starting_config(StartingSettings("g.xml"), "raw")
    assert 'name = "Activités IATI (g.xml)"' in unnamed and 'short_name = "g"' in unnamed


def test_the_command_writes_it_once_and_says_how_to_build(tmp_path, capsys):
    out = tmp_path / "programme" / "raw"
    assert main(["import-iati", str(FIXTURES / "activity-standard-example-2.03.xml"), "--out", str(out)]) == 0
    config = (tmp_path / "programme" / "programme.toml").resolve()
    said = capsys.readouterr().out
    assert f"Configuration de départ écrite dans {config}" in said
    assert f"Pour construire le rapport : python -m toolkit build --config {config}" in said
    assert "(0 erreur(s), 4 avertissement(s)) ; le build en écarterait 0 ligne(s)" in said
    config.write_text(config.read_text(encoding="utf-8").replace("Organisation name", "Mon ONG"), encoding="utf-8")
    assert main(["import-iati", str(FIXTURES / "activity-standard-example-2.03.xml"), "--out", str(out)]) == 0
    assert f"{config} existe déjà : gardée telle quelle." in capsys.readouterr().out
    assert "Mon ONG" in config.read_text(encoding="utf-8")


@pytest.mark.e2e
def test_an_imported_file_builds_with_the_configuration_the_import_wrote(tmp_path):
    """From the IATI file to the report in the one path the guide gives: import, then build with
    the written configuration. The activity has its page, under its publisher's title."""
    from toolkit.build.pipeline import build
    from toolkit.build.tasks import BuildOptions
    from toolkit.model.paths import BuildPaths

    out = tmp_path / "programme" / "raw"
    result = import_iati(FIXTURES / "activity-standard-example-2.03.xml", out)
    path, _ = write_starting_config(out, result.settings)
    folders = load_config(path).folders
    paths = BuildPaths(folders.raw, folders.clean, folders.reports, ROOT / "notebooks", folders.narrative, path)
    built = build(paths, BuildOptions(jobs=2), echo=lambda _: None)
    assert built.failures == []
    page = (folders.reports / "operations" / "abc123.html").read_text(encoding="utf-8")
    assert "Activity title" in page and fmt.money(3000, "EUR") in page
    index = (folders.reports / "index.html").read_text(encoding="utf-8")
    assert "<title>Activités IATI de Organisation name — rapport d'évaluation" in index
    assert "1 activité dans 2 pays" in index
