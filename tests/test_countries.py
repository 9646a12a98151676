"""Tests of toolkit.ingest.countries on country names as written in the programme's documents."""

from __future__ import annotations

import pytest

from toolkit.ingest.countries import country_code, country_codes, country_name, country_name_fr
from toolkit.model.errors import ParseError


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Egypte", "EGY"),
        ("Égypte", "EGY"),
        ("EGYPTE", "EGY"),
        ("Egypt", "EGY"),
        ("l'Égypte", "EGY"),
        ("Equateur", "ECU"),
        ("Équateur", "ECU"),
        ("Viêt Nam", "VNM"),
        ("Vietnam", "VNM"),
        ("Viet-Nam", "VNM"),
        ("Salvador", "SLV"),
        ("El Salvador", "SLV"),
        ("République de Guinée", "GIN"),
        ("Guinée", "GIN"),
        ("Guinée-Bissau", "GNB"),
        ("Tchad", "TCD"),
        ("Pérou", "PER"),
        ("Costa Rica", "CRI"),
        ("Panama", "PAN"),
        ("du Panama", "PAN"),
        ("au Mali", "MLI"),
        ("en France", "FRA"),
        ("Sénégal", "SEN"),
        ("Madagascar", "MDG"),
        ("France", "FRA"),
        ("  france  ", "FRA"),
        ("FR", "FRA"),
        ("FRA", "FRA"),
        ("de", "DEU"),
        ("Maroc", "MAR"),
        ("Tunisie", "TUN"),
        ("Côte d’Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Etats-Unis", "USA"),
        ("Corée du Sud", "KOR"),
        ("Bolivie", "BOL"),
        ("Russie", "RUS"),
        ("Palestine", "PSE"),
        ("Congo", "COG"),
        ("République démocratique du Congo", "COD"),
    ],
)
def test_country_code_reads_names_and_codes(name: str, code: str) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Laos", "LAO"),
        ("Syrie", "SYR"),
        ("RDC", "COD"),
        ("Centrafrique", "CAF"),
        ("Biélorussie", "BLR"),
    ],
)
def test_country_code_knows_names_pycountry_lacks(name: str, code: str) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize("name", ["Guadeloupe", "Martinique", "Guyane française", "La Réunion", "Mayotte", "GLP"])
def test_country_code_counts_french_overseas_regions_as_france(name: str) -> None:
    assert country_code(name) == "FRA"


@pytest.mark.parametrize("name", ["Amérique latine", "Afrique", "Antilles françaises", "en Afrique", "Asie du Sud-Est"])
def test_country_code_rejects_regions_as_regions(name: str) -> None:
    with pytest.raises(ParseError) as error:
        country_code(name)
    assert error.value.rule == "parse.country"
    assert error.value.value == name
    assert error.value.message.startswith(f"« {name} » est une région, pas un pays ; écrire un nom de pays")


@pytest.mark.parametrize("name", ["Atlantide", "", "XX", "Korea"])
def test_country_code_rejects_unknown_names(name: str) -> None:
    with pytest.raises(ParseError) as error:
        country_code(name)
    assert error.value.rule == "parse.country"
    assert error.value.value == name
    assert error.value.message.startswith(f"« {name} » n'est ni un nom de pays connu ni un code ISO ; écrire ")


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Egypte, Maroc, Tunisie / France", ["EGY", "MAR", "TUN", "FRA"]),
        ("Maroc et Égypte", ["MAR", "EGY"]),
        ("Mali ; Burkina Faso;", ["MLI", "BFA"]),
        ("Maroc, Maroc / MAR", ["MAR"]),
        ("France, Guadeloupe", ["FRA"]),
        ("Trinité-et-Tobago", ["TTO"]),
        ("", []),
    ],
)
def test_country_codes_splits_lists_and_drops_duplicates(text: str, codes: list[str]) -> None:
    assert country_codes(text) == codes


def test_country_codes_reports_every_unknown_part() -> None:
    text = "Maroc, Atlantide et Amérique latine / Utopie"
    with pytest.raises(ParseError) as error:
        country_codes(text)
    assert error.value.rule == "parse.country"
    assert error.value.value == text
    assert error.value.message.startswith(f"« {text} » n'est pas lisible : ")
    problems = error.value.message.removeprefix(f"« {text} »")
    assert "« Atlantide » n'est ni un nom de pays connu ni un code ISO" in problems
    assert "« Utopie » n'est ni un nom de pays connu ni un code ISO" in problems
    assert "« Amérique latine » est une région, pas un pays" in problems
    assert "« Maroc »" not in problems
    assert problems.endswith("; écrire des noms de pays séparés par « , », « ; », « / » ou « et »")


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("VNM", "Viêt Nam"),
        ("FRA", "France"),
        ("SLV", "Salvador"),
        ("BOL", "Bolivie"),
        ("KOR", "Corée du Sud"),
        ("egy", "Égypte"),
    ],
)
def test_country_name_fr_gives_the_french_name(code: str, name: str) -> None:
    assert country_name_fr(code) == name


@pytest.mark.parametrize("code", ["XYZ", ""])
def test_country_name_fr_rejects_unknown_codes(code: str) -> None:
    with pytest.raises(ParseError) as error:
        country_name_fr(code)
    assert error.value.rule == "parse.country"
    assert error.value.message == f"« {code} » n'est pas un code de pays ISO 3166-1 alpha-3 (par exemple MAR)"


@pytest.mark.parametrize(
    ("code", "english"),
    [
        ("VNM", "Vietnam"),
        ("BOL", "Bolivia"),
        ("CIV", "Côte d'Ivoire"),
        ("COD", "Democratic Republic of the Congo"),  # ISO's inverted name, as a sentence writes it
        ("EGY", "Egypt"),
    ],
)
def test_country_name_follows_the_language(code: str, english: str) -> None:
    from toolkit.model import language

    assert country_name(code) == country_name_fr(code)
    with language.using("en"):
        assert country_name(code) == english


def test_country_name_rejects_unknown_codes_in_english() -> None:
    from toolkit.model import language

    with language.using("en"), pytest.raises(ParseError, match="is not an ISO 3166-1 alpha-3 country code"):
        country_name("XXX")
