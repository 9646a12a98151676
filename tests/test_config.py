"""The programme configuration: what it names, where its folders are, and its closed lists."""

import pytest

from tests.conftest import ROOT
from toolkit.model import schema
from toolkit.model.config import load_config
from toolkit.model.errors import ConfigurationError

CAAC = ROOT / "programme.toml"
EXAMPLE = ROOT / "examples" / "programme-fictif" / "programme.toml"


def test_folders_are_relative_to_the_configuration_file():
    folders = load_config(EXAMPLE).folders
    assert folders.raw == EXAMPLE.parent / "raw"
    assert folders.reports == EXAMPLE.parent / "reports"
    assert load_config(CAAC).folders.raw == ROOT / "data" / "raw"


def test_each_programme_brings_its_own_closed_lists():
    caac, example = load_config(CAAC), load_config(EXAMPLE)
    assert "axe-1" in caac.vocabulary.axes and "axe-a" in example.vocabulary.axes
    lists = example.closed_lists()
    # A code is accepted as its code or its label, in any case.
    assert lists[("ratings", "rating")] == {
        "a": "A", "bon": "A", "b": "B", "moyen": "B", "c": "C", "faible": "C", "ne": "NE", "non évaluable": "NE"
    }  # fmt: skip
    tables = {table.name: table for table in schema.programme_tables(lists)}
    assert tables["operations"].column("themes").allowed == ("accès à l'eau", "assainissement")
    assert tables["questions"].column("theme").codes["usages et usagers"] == "usages"
    # The toolkit's own table stays open: the lists are the programme's, not the code's.
    assert schema.OPERATIONS.column("themes").allowed == ()


def test_a_vocabulary_entry_without_its_label_is_refused(tmp_path):
    # The file already has a [vocabulary]: a second one would be a TOML error, so replace it.
    text = CAAC.read_text(encoding="utf-8")
    text = text.replace('{ code = "axe-1", label = "Axe 1 : associer des acteurs de nature différente" }', '"axe-1"')
    path = tmp_path / "programme.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"\[vocabulary\] axes est une liste de"):
        load_config(path)


def test_an_unknown_data_folder_setting_is_named(tmp_path):
    path = tmp_path / "programme.toml"
    path.write_text(CAAC.read_text(encoding="utf-8").replace('reports = "reports"', 'rapports = "x"'), "utf-8")
    with pytest.raises(ConfigurationError, match="pas de réglage 'rapports'"):
        load_config(path)


def test_the_operation_nouns_gender_is_f_or_m_and_said_in_french_otherwise(tmp_path):
    assert load_config(ROOT / "programme.toml").operation_gender == "f"
    assert load_config(ROOT / "examples" / "programme-fictif" / "programme.toml").operation_gender == "m"
    text = (
        (ROOT / "programme.toml")
        .read_text(encoding="utf-8")
        .replace('operation_gender = "f"', 'operation_gender = "x"')
    )
    (tmp_path / "programme.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError, match="operation_gender vaut « f » .* ou « m » .*, pas « x »"):
        load_config(tmp_path / "programme.toml")


def _with_language(tmp_path, line: str):
    """CAAC's configuration with its language line replaced by ``line`` (or removed, for "")."""
    text = CAAC.read_text(encoding="utf-8").replace('language = "fr"\n', line + ("\n" if line else ""))
    (tmp_path / "programme.toml").write_text(text, encoding="utf-8")
    return tmp_path / "programme.toml"


def test_the_language_is_french_unless_the_programme_says_english(tmp_path):
    assert load_config(CAAC).language == "fr" and load_config(EXAMPLE).language == "fr"
    for folder in ("unsaid", "english"):
        (tmp_path / folder).mkdir()
    assert load_config(_with_language(tmp_path / "unsaid", "")).language == "fr"
    assert load_config(_with_language(tmp_path / "english", 'language = "en"')).language == "en"


@pytest.mark.parametrize("value", ['"de"', '"EN"', '"fr_FR"', "3"])
def test_another_language_is_refused_naming_the_file_the_key_the_value_and_the_choices(tmp_path, value):
    path = _with_language(tmp_path, f"language = {value}")
    shown = value.strip('"')
    with pytest.raises(ConfigurationError) as refused:
        load_config(path)
    assert refused.value.message == (
        f"{path} : [programme] language vaut « fr » (français) ou « en » (anglais), pas « {shown} »"
    )


def test_the_workbook_size_limit_is_read_from_ingest_and_a_wrong_one_is_refused(tmp_path):
    from toolkit.model.config import DEFAULT_MAX_WORKBOOK_MB

    text = CAAC.read_text(encoding="utf-8")
    assert load_config(CAAC).max_workbook_mb == DEFAULT_MAX_WORKBOOK_MB == 200
    path = tmp_path / "programme.toml"
    assert "\nmax_workbook_mb = 200\n" in text
    path.write_text(text.replace("\nmax_workbook_mb = 200\n", "\nmax_workbook_mb = 500\n"), encoding="utf-8")
    assert load_config(path).max_workbook_mb == 500
    for number, value in enumerate(('"beaucoup"', "1.5", "0", "true", "99999999999999999999")):
        broken = tmp_path / f"casse-{number}.toml"  # load_config remembers each file
        broken.write_text(text.replace("\nmax_workbook_mb = 200\n", f"\nmax_workbook_mb = {value}\n"), encoding="utf-8")
        with pytest.raises(ConfigurationError, match=r"\[ingest\] max_workbook_mb doit être un nombre entier"):
            load_config(broken)


def test_a_file_that_is_not_toml_is_said_in_french_with_its_place(tmp_path):
    path = tmp_path / "programme.toml"
    path.write_text('[programme]\nname = "CAAC\n', encoding="utf-8")
    with pytest.raises(ConfigurationError) as raised:
        load_config(path)
    assert raised.value.message == (
        f"{path} n'est pas un fichier TOML valide (ligne 2, colonne 13) : vérifier la syntaxe à cet endroit"
    )
    path.write_bytes('[programme]\nname = "Coopérer"\n'.encode("cp1252"))
    with pytest.raises(ConfigurationError, match="n'est pas enregistré en UTF-8"):
        load_config(path)
