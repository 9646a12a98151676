"""The starting programme.toml of an imported IATI file: the file's names, loadable as it is, never replacing the evaluator's."""

from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import ROOT
from toolkit.cli.main import main
from toolkit.interop.iati_import import import_iati
from toolkit.interop.iati_settings import StartingSettings, starting_config, texts_language, write_starting_config
from toolkit.model.config import load_config
from toolkit.model.language import using
from toolkit.text import fmt

FIXTURES = Path(__file__).parent / "fixtures" / "iati"


def test_the_imported_programme_is_named_after_its_publisher_and_spans_its_activities(tmp_path):
    """The standard's example writes its titles in English (the activity's xml:lang, its first
    narrative): the configuration is in English, names and labels."""
    result = import_iati(FIXTURES / "activity-standard-example-2.03.xml", tmp_path / "programme" / "raw")
    assert result.settings == StartingSettings(
        "activity-standard-example-2.03.xml", "Organisation name", "AA-AAA-123456789", "2012-2015", "en"
    )
    path, written = write_starting_config(tmp_path / "programme" / "raw", result.settings)
    assert written and path == (tmp_path / "programme" / "programme.toml").resolve()
    config = load_config(path)
    assert config.report_title == "IATI activities of Organisation name — evaluation report"
    assert (config.short_name, config.period, config.operation_noun, config.language) == (
        "AA-AAA-123456789",
        "2012-2015",
        ("activity", "activities"),
        "en",
    )
    assert config.rating_scale["4"] == "Highly satisfactory" and config.confidence_levels[0] == "high"
    assert config.folders.raw == (tmp_path / "programme" / "raw").resolve()


def test_a_french_starting_configuration_reads_as_before(tmp_path):
    settings = StartingSettings("f.xml", "Mon ONG", "", "2020", "fr")
    (tmp_path / "programme.toml").write_text(starting_config(settings, "raw"), encoding="utf-8")
    config = load_config(tmp_path / "programme.toml")
    assert config.report_title == "Activités IATI de Mon ONG — rapport d'évaluation"
    assert (config.operation_noun, config.language) == (("activité", "activités"), "fr")
    assert config.rating_scale["2"] == "Peu satisfaisant" and config.confidence_levels == (
        "élevée",
        "moyenne",
        "faible",
    )


def _activities(*titles: str, activity_lang: str = "") -> etree._Element:
    """An activity file whose activities have these title narratives (``lang:text``, or text alone)."""
    lang = f' xml:lang="{activity_lang}"' if activity_lang else ""
    activities = "".join(
        f"<iati-activity{lang}><title>"
        + "".join(
            f'<narrative xml:lang="{part.split(":")[0]}">{part.split(":")[1]}</narrative>'
            if ":" in part
            else f"<narrative>{part}</narrative>"
            for part in title.split("|")
        )
        + "</title></iati-activity>"
        for title in titles
    )
    return etree.fromstring(f"<iati-activities>{activities}</iati-activities>")


@pytest.mark.parametrize(
    ("root", "expected"),
    [
        (_activities("Titre", "Autre titre", activity_lang="fr"), "fr"),
        (_activities("en:Title|fr:Titre", "en-GB:Second"), "en"),  # the narrative the import reads
        (_activities("Title", activity_lang="EN"), "en"),  # the activity's default language
        (_activities("es:Título", "es:Otro"), "fr"),  # a language the reports are not written in
        (_activities("Untagged"), "fr"),  # no language said
        (_activities("fr:Un", "en:One", "en:Two"), "en"),  # most titles
    ],
)
def test_the_language_comes_from_the_titles_xml_lang(root, expected):
    assert texts_language(root) == expected


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
    # The file's texts are English: so is the report, its amounts in English formats.
    with using(load_config(path).language):
        assert "Activity title" in page and fmt.money(3000, "EUR") in page
    index = (folders.reports / "index.html").read_text(encoding="utf-8")
    # The file's texts are English, so is its configuration's title and noun.
    assert "<title>IATI activities of Organisation name — evaluation report" in index
    assert "1 activity " in index
