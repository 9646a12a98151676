"""Tests of toolkit.ingest.parse on values written as in the programme's French documents."""

from __future__ import annotations

import pytest

from toolkit.ingest.parse import (
    ClaimValue,
    Money,
    PeopleReached,
    Quantity,
    SourceRef,
    _read_number,
    fold,
    parse_amount,
    parse_claim_value,
    parse_duration_months,
    parse_integer,
    parse_partial_date,
    parse_people_reached,
    parse_source_refs,
)
from toolkit.model.errors import AmbiguousValue, ParseError


def assert_parse_error(error: pytest.ExceptionInfo[ParseError], text: str, rule: str) -> None:
    """The error names the rule, quotes the offending value first and ends on what to write, in French."""
    assert error.value.rule == rule
    assert error.value.value == text
    assert error.value.message.startswith(f"« {text} » "), error.value.message
    assert " ; écrire " in error.value.message, error.value.message


def test_fold_drops_case_and_accents() -> None:
    assert fold("Égypte Viêt NAM") == "egypte viet nam"


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("35", 35),
        ("98 525", 98525),
        ("98\u00a0525", 98525),
        ("98\u202f525", 98525),
        ("98\u2009525", 98525),
        ("1 234 567", 1234567),
        ("1.234.567", 1234567),
        ("1.234", 1234),
        ("49,7", 49.7),
        ("1 234,5", 1234.5),
        ("1.234,5", 1234.5),
        ("12.5", 12.5),
        ("0.234", 0.234),
        ("1.2345", 1.2345),
        ("1234.567", 1234.567),
        ("-5", -5),
        ("\u22125", -5),
        ("+5", 5),
        ("-1 234,5", -1234.5),
        ("  12  ", 12),
        ("007", 7),
    ],
)
def test_numbers_are_read_in_french_formats(text: str, expected: float) -> None:
    # The reader under every parser of amounts, counts, durations and claims.
    assert float(_read_number(text)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "la valeur est vide"),
        ("   ", "la valeur est vide"),
        ("abc", "ce n'est pas un nombre"),
        ("12a", "ce n'est pas un nombre"),
        ("1,2,3", "il y a plus d'un séparateur décimal"),
        ("1,5.3", "il y a plus d'un séparateur décimal"),
        ("12 34", "les chiffres ne sont pas groupés par trois"),
        ("1234 567", "les chiffres ne sont pas groupés par trois"),
        ("1.2.3", "les chiffres ne sont pas groupés par trois"),
        ("1 234.5", "un point décimal ne peut suivre que des chiffres sans espace (écrire 1 234,5)"),
        ("12,", "la valeur se termine par un séparateur décimal"),
        ("12.", "la valeur se termine par un séparateur décimal"),
        (",5", "ce n'est pas un nombre"),
        ("- 5", "ce n'est pas un nombre"),
    ],
)
def test_malformed_numbers_are_refused_with_their_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError) as error:
        _read_number(text)
    assert str(error.value) == reason


@pytest.mark.parametrize(("text", "expected"), [("13 600", 13600), ("12,0", 12), ("-3", -3)])
def test_parse_integer_reads_whole_numbers(text: str, expected: int) -> None:
    value = parse_integer(text)
    assert value == expected
    assert isinstance(value, int)


@pytest.mark.parametrize("text", ["12,5", "abc", "", "12 34"])
def test_parse_integer_rejects_non_integers(text: str) -> None:
    with pytest.raises(ParseError) as error:
        parse_integer(text)
    assert_parse_error(error, text, "parse.integer")


# --------------------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("98 525 €", Money(98525, "EUR")),
        ("98 525€", Money(98525, "EUR")),
        ("€ 98 525", Money(98525, "EUR")),
        ("64 040 EUR", Money(64040, "EUR")),
        ("1,7 millions d'euros", Money(1_700_000, "EUR")),
        ("1,7 millions d’euros", Money(1_700_000, "EUR")),
        ("2 millions €", Money(2_000_000, "EUR")),
        ("1,2 M€", Money(1_200_000, "EUR")),
        ("350 k€", Money(350_000, "EUR")),
        ("1 milliard de dollars", Money(1_000_000_000, "USD")),
        ("12 000 dollars", Money(12000, "USD")),
        ("12 000 $", Money(12000, "USD")),
        ("$12 000", Money(12000, "USD")),
        ("12 000 USD", Money(12000, "USD")),
        ("5 000 £", Money(5000, "GBP")),
        ("3 000 000 FCFA", Money(3_000_000, "XOF")),
        ("3 000 000 F CFA", Money(3_000_000, "XOF")),
        ("250 CHF", Money(250, "CHF")),
        ("Budget : 98 525 €", Money(98525, "EUR")),
        ("Budget :\n90 115 €", Money(90115, "EUR")),
        ("Budget global : 101 620 €", Money(101620, "EUR")),
        ("Financement accordé :\n64 040 €", Money(64040, "EUR")),
        ("98 525,50 €", Money(98525.5, "EUR")),
        ("-5 000 €", Money(-5000, "EUR")),
    ],
)
def test_parse_amount_reads_amounts_and_currencies(text: str, expected: Money) -> None:
    assert parse_amount(text) == expected


def test_parse_amount_uses_default_currency_only_when_none_is_written() -> None:
    assert parse_amount("98 525", default_currency="EUR") == Money(98525, "EUR")
    assert parse_amount("1,2 M", default_currency="EUR") == Money(1_200_000, "EUR")
    assert parse_amount("12 000 $", default_currency="EUR") == Money(12000, "USD")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("98 525", ": aucune devise n'est indiquée (98 525 €, 243 313 GBP) ;"),
        ("12 34 €", ": les chiffres ne sont pas groupés par trois ;"),
        ("€ 12 $", ": la devise est indiquée deux fois ;"),
        ("12 000 ABC", ": « ABC » n'est pas un code de devise ISO 4217 ;"),
        ("", "» n'est pas lisible ; écrire un montant tel que 98 525 €"),
        ("beaucoup d'euros", "» n'est pas lisible ; écrire un montant tel que 98 525 €"),
        ("Budget : à définir", "» n'est pas lisible ; écrire un montant tel que 98 525 €"),
    ],
)
def test_parse_amount_rejects_unreadable_amounts(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as error:
        parse_amount(text)
    assert_parse_error(error, text, "parse.amount")
    assert reason in error.value.message


# --------------------------------------------------------------------------- percents and ranges


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9 à 15", (9, 15)),
        ("9-15", (9, 15)),
        ("9 – 15", (9, 15)),
        ("de 6 à 12", (6, 12)),
        ("entre 6 et 12", (6, 12)),
        ("6 à 12 mois", (6, 12)),
        ("1 000 à 2 500 personnes", (1000, 2500)),
    ],
)
def test_a_range_is_read_with_both_bounds(text: str, expected: tuple[float, float]) -> None:
    claim = parse_claim_value(text)
    assert (claim.value, claim.qualifier, claim.value_max) == (expected[0], "range", expected[1])


def test_a_range_whose_bounds_are_inverted_is_refused() -> None:
    with pytest.raises(ParseError) as error:
        parse_claim_value("15 à 9")
    assert_parse_error(error, "15 à 9", "parse.claim")
    assert "la borne basse 15 dépasse la borne haute 9" in error.value.message


# --------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25 mois", 25),
        ("36 mois", 36),
        ("2 ans", 24),
        ("1 an", 12),
        ("1,5 an", 18),
        ("2 années", 24),
        ("18 months", 18),
        ("3 years", 36),
        (" 30 Mois ", 30),
    ],
)
def test_parse_duration_months_converts_to_months(text: str, expected: float) -> None:
    assert parse_duration_months(text) == expected


@pytest.mark.parametrize("text", ["6 à 12 mois", "entre 2 et 3 ans", "25"])
def test_parse_duration_months_calls_ranges_and_bare_numbers_ambiguous(text: str) -> None:
    with pytest.raises(AmbiguousValue) as error:
        parse_duration_months(text)
    assert_parse_error(error, text, "parse.duration")
    assert f"« {text} » est ambigu : " in error.value.message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("6 semaines", "« semaines » ne se convertit pas exactement en mois"),
        ("10 jours", "« jours » ne se convertit pas exactement en mois"),
        ("3 heures", "« heures » n'est pas une unité de mois ou d'années"),
        ("", "écrire une durée telle que 25 mois ou 2 ans"),
        ("deux ans", "écrire une durée telle que 25 mois ou 2 ans"),
    ],
)
def test_parse_duration_months_rejects_other_units(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as error:
        parse_duration_months(text)
    assert not isinstance(error.value, AmbiguousValue)
    assert_parse_error(error, text, "parse.duration")
    assert reason in error.value.message


# --------------------------------------------------------------------------- people reached


def single(
    number: float,
    unit: str = "",
    qualifier: str = "",
    approximate: bool = False,
    quantities: tuple[Quantity, ...] = (),
) -> PeopleReached:
    """The result expected when the text gives one usable count."""
    found = quantities or (Quantity(number, unit),)
    return PeopleReached(number, unit, approximate, qualifier, found, "")


SCOPE_190 = "chefs d'entreprise, jeunes, scolaires, animateurs, chargés de missions etc."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Directement : 35", single(35)),
        ("Indirectement : 800", single(800)),
        (
            f"Directs : 190 ({SCOPE_190})",
            single(190, qualifier=SCOPE_190),
        ),
        ("Indirects : 240 structures", single(240, "structures")),
        (
            "Directs : 13 600 travailleurs et responsables syndicaux",
            single(13600, "travailleurs et responsables syndicaux"),
        ),
        (
            "Directs :\n13 600\ntravailleurs et\nresponsables syndicaux",
            single(13600, "travailleurs et responsables syndicaux"),
        ),
        ("Indirects : 115 000 (hors\nFrance)", single(115000, qualifier="hors France")),
        ("Directs : 500 personnes", single(500, "personnes")),
        ("Indirects : 600 organisations", single(600, "organisations")),
        ("Bénéficiaires : 1\u00a0200 Jeunes", single(1200, "Jeunes")),
        (
            "Directs : 35 porteurs de pratiques de droit ou services juridiques",
            single(35, "porteurs de pratiques de droit ou services juridiques"),
        ),
        (
            "Indirects : 4 130 ménages soit environ 28 910 personnes",
            single(
                28910,
                "personnes",
                approximate=True,
                quantities=(Quantity(4130, "ménages"), Quantity(28910, "personnes")),
            ),
        ),
        (
            "Indirects : au Salvador, 1 696 familles soit 7 676 personnes (dont 49,7 % de femmes)",
            single(
                7676,
                "personnes",
                qualifier="dont 49,7 % de femmes",
                quantities=(Quantity(1696, "familles"), Quantity(7676, "personnes")),
            ),
        ),
        ("Directs : plus de 500 jeunes", single(500, "jeunes", approximate=True)),
        (
            "Directs : 500 jeunes dont 200 filles",
            single(500, "jeunes", quantities=(Quantity(500, "jeunes"), Quantity(200, "filles"))),
        ),
    ],
)
def test_parse_people_reached_reads_a_single_count(text: str, expected: PeopleReached) -> None:
    assert parse_people_reached(text) == expected


@pytest.mark.parametrize(
    ("text", "quantities", "reason"),
    [
        (
            "Directs : 200 jeunes et 200 familles, 40 représentants d'associations, "
            "110 représentants des pouvoirs publics",
            (
                Quantity(200, "jeunes"),
                Quantity(200, "familles"),
                Quantity(40, "représentants d'associations"),
                Quantity(110, "représentants des pouvoirs publics"),
            ),
            "plusieurs groupes aux unités différentes",
        ),
        (
            "Directs : 7 services publics, 9 OSC, 2 organisations professionnelles",
            (
                Quantity(7, "services publics"),
                Quantity(9, "OSC"),
                Quantity(2, "organisations professionnelles"),
            ),
            "plusieurs groupes aux unités différentes",
        ),
        (
            "Indirects : 250 jeunes vulnérables, les entreprises et centres de formation professionnelle",
            (Quantity(250, "jeunes vulnérables"),),
            "une partie des groupes n'est pas chiffrée (les entreprises, centres de formation professionnelle)",
        ),
        (
            "Directs : commune de Konséguéla, propriétaire de l'infrastructure un opérateur "
            "privé, gestionnaire du site 9 à 15 TPE, 30 meuniers, acheteurs et usagers de "
            "l'huile végétale de jatropha",
            (Quantity(9, "TPE"), Quantity(15, "TPE"), Quantity(30, "meuniers")),
            "le texte donne une plage (9 à 15 TPE) et non un nombre unique",
        ),
        (
            "Indirects : 300 000 femmes vietnamiennes 857 unions locales et 96 unions départementales en France",
            (
                Quantity(300000, "femmes vietnamiennes"),
                Quantity(857, "unions locales"),
                Quantity(96, "unions départementales en France"),
            ),
            "plusieurs groupes aux unités différentes",
        ),
        (
            "Directs : au Salvador : 243 femmes et jeunes agriculteurs et leurs familles et "
            "72 agents. en France : une dizaine de «futurs jardiniers » Etudiants et "
            "enseignants du lycée agricole Capou de Montauban.",
            (Quantity(243, "femmes et jeunes agriculteurs"), Quantity(72, "agents")),
            "plusieurs groupes aux unités différentes",
        ),
        (
            "Directs : 100 jeunes au Mali et 50 jeunes en France",
            (Quantity(100, "jeunes au Mali"), Quantity(50, "jeunes en France")),
            "aux unités différentes (100 jeunes au Mali, 50 jeunes en France)",
        ),
        (
            "Directs : 100 jeunes, 50 jeunes",
            (Quantity(100, "jeunes"), Quantity(50, "jeunes")),
            "plusieurs nombres distincts (100 jeunes, 50 jeunes), que l'on ne peut additionner sans risquer de compter deux fois",
        ),
        ("Directs : les habitants du quartier", (), "le texte ne donne aucun nombre de personnes"),
        ("Directs : 20 % de femmes", (), "le texte ne donne aucun nombre de personnes"),
    ],
)
def test_parse_people_reached_explains_why_there_is_no_single_count(
    text: str, quantities: tuple[Quantity, ...], reason: str
) -> None:
    result = parse_people_reached(text)
    assert result.number is None
    assert result.unit == ""
    assert result.quantities == quantities
    assert reason in result.reason


def test_parse_people_reached_ignores_percentages_in_parentheses() -> None:
    result = parse_people_reached("Directs : 300 personnes (dont 40 % de femmes)")
    assert result.quantities == (Quantity(300, "personnes"),)
    assert result.number == 300


@pytest.mark.parametrize("text", ["", "  \n "])
def test_parse_people_reached_is_never_given_an_empty_text(text: str) -> None:
    # A precondition, not a data rule: the results rules only read cells that hold a text.
    with pytest.raises(ValueError, match="needs a non-empty text"):
        parse_people_reached(text)


# --------------------------------------------------------------------------- claims


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24", ClaimValue(24, "exact", None)),
        ("plus de 70", ClaimValue(70, "more_than", None)),
        ("au moins 70", ClaimValue(70, "at_least", None)),
        ("près de 20", ClaimValue(20, "about", None)),
        ("environ 20", ClaimValue(20, "about", None)),
        ("quelque 20", ClaimValue(20, "about", None)),
        ("moins de 5", ClaimValue(5, "less_than", None)),
        ("neuf", ClaimValue(9, "exact", None)),
        ("quatre", ClaimValue(4, "exact", None)),
        ("dix", ClaimValue(10, "exact", None)),
        ("Zéro", ClaimValue(0, "exact", None)),
        ("dix-sept", ClaimValue(17, "exact", None)),
        ("vingt", ClaimValue(20, "exact", None)),
        ("soixante", ClaimValue(60, "exact", None)),
        ("cent", ClaimValue(100, "exact", None)),
        ("mille", ClaimValue(1000, "exact", None)),
        ("deux millions", ClaimValue(2_000_000, "exact", None)),
        ("plus d'un million", ClaimValue(1_000_000, "more_than", None)),
        ("460 000", ClaimValue(460000, "exact", None)),
        ("1,7 millions d'euros", ClaimValue(1_700_000, "exact", None)),
        ("2014-2018", ClaimValue(2014, "range", 2018)),
        ("2014 à 2018", ClaimValue(2014, "range", 2018)),
        ("4 ans", ClaimValue(4, "exact", None)),
        ("16 pays", ClaimValue(16, "exact", None)),
        ("3-4", ClaimValue(3, "range", 4)),
        ("jusqu'à 20", ClaimValue(20, "at_most", None)),
        ("une dizaine", ClaimValue(10, "about", None)),
        ("une centaine de familles", ClaimValue(100, "about", None)),
    ],
)
def test_parse_claim_value_reads_quoted_figures(text: str, expected: ClaimValue) -> None:
    assert parse_claim_value(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "ce n'est pas un seul chiffre, écrit en chiffres ou en lettres"),
        ("7/11", "ce n'est pas un seul chiffre, écrit en chiffres ou en lettres"),
        ("beaucoup", "« beaucoup » n'est pas un nombre"),
        ("vingt et un", "le texte contient plus d'un nombre"),
        ("4 ans et deux mois", "le texte contient plus d'un nombre"),
        ("environ 10 à 12", "une plage ne peut pas être précédée de « plus de », « au moins », « environ »"),
        ("2018-2014", "la borne basse 2018 dépasse la borne haute 2014"),
        ("12 34", "les chiffres ne sont pas groupés par trois"),
    ],
)
def test_parse_claim_value_rejects_unreadable_figures(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as error:
        parse_claim_value(text)
    assert_parse_error(error, text, "parse.claim")
    assert reason in error.value.message


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015", "2015"),
        ("2015-03", "2015-03"),
        ("2015-03-01", "2015-03-01"),
        ("03/2015", "2015-03"),
        ("3/2015", "2015-03"),
        ("01/03/2015", "2015-03-01"),
        ("1er mars 2015", "2015-03-01"),
        ("20 juillet 2023", "2023-07-20"),
        ("mars 2015", "2015-03"),
        ("février 2016", "2016-02"),
        ("fevrier 2016", "2016-02"),
        ("Août 2016", "2016-08"),
        ("aout 2016", "2016-08"),
        ("29 févr. 2016", "2016-02-29"),
        (" Décembre  2020 ", "2020-12"),
    ],
)
def test_parse_partial_date_returns_iso_partial_dates(text: str, expected: str) -> None:
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2015-02-30", "le jour 30 n'existe pas en 2015-02"),
        ("29/02/2015", "le jour 29 n'existe pas en 2015-02"),
        ("2015-13", "le mois 13 n'existe pas"),
        ("13/2015", "le mois 13 n'existe pas"),
        ("9999", "l'année 9999 est hors de la période 1900-2100"),
        ("1899", "l'année 1899 est hors de la période 1900-2100"),
        ("2101-01", "l'année 2101 est hors de la période 1900-2100"),
        ("brumaire 2015", "« brumaire » n'est pas un nom de mois en français"),
        ("", "écrire une date telle que 2015, 2015-03"),
        ("15", "écrire une date telle que 2015, 2015-03"),
        ("2015/03/01", "écrire une date telle que 2015, 2015-03"),
    ],
)
def test_parse_partial_date_rejects_impossible_dates(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as error:
        parse_partial_date(text)
    assert_parse_error(error, text, "parse.date")
    assert reason in error.value.message


# --------------------------------------------------------------------------- source references


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "003_373f3e170bffc0e1.txt l. 12-70 + 004_7f76860180fe7761.txt l. 328",
            [
                SourceRef("003_373f3e170bffc0e1.txt", 12, 70, ""),
                SourceRef("004_7f76860180fe7761.txt", 328, 328, ""),
            ],
        ),
        (
            "003_373f3e170bffc0e1.txt § Durée",
            [SourceRef("003_373f3e170bffc0e1.txt", None, None, "Durée")],
        ),
        (
            "fiche.txt § Nombre de personnes concernées + fiche.txt l.40",
            [
                SourceRef("fiche.txt", None, None, "Nombre de personnes concernées"),
                SourceRef("fiche.txt", 40, 40, ""),
            ],
        ),
        ("rapport final.pdf l. 3 – 5", [SourceRef("rapport final.pdf", 3, 5, "")]),
    ],
)
def test_parse_source_refs_reads_every_reference(text: str, expected: list[SourceRef]) -> None:
    assert parse_source_refs(text) == expected


@pytest.mark.parametrize(
    ("ref", "text"),
    [
        (SourceRef("a.txt", 12, 70, ""), "a.txt l. 12-70"),
        (SourceRef("a.txt", 328, 328, ""), "a.txt l. 328"),
        (SourceRef("a.txt", None, None, "Durée"), "a.txt § Durée"),
    ],
)
def test_source_ref_str_gives_back_the_canonical_text(ref: SourceRef, text: str) -> None:
    assert str(ref) == text
    assert parse_source_refs(text) == [ref]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("a.txt l. 70-12", "les lignes 70-12 de « a.txt » ne forment pas une plage croissante à partir de la ligne 1"),
        ("a.txt l. 0", "les lignes 0-0 de « a.txt » ne forment pas une plage croissante"),
        ("a.txt", "« a.txt » n'est ni « <fichier> l. <lignes> » ni « <fichier> § <section> »"),
        ("a.txt l. 12 + ", "écrire des références telles que « fichier.txt l. 12-70 + autre.txt l. 328 »"),
        ("a.txt l. douze", "« a.txt l. douze » n'est ni « <fichier> l. <lignes> »"),
        ("", "écrire des références telles que « fichier.txt l. 12-70 + autre.txt l. 328 »"),
    ],
)
def test_parse_source_refs_rejects_malformed_references(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as error:
        parse_source_refs(text)
    assert_parse_error(error, text, "parse.source")
    assert reason in error.value.message


def test_a_disaggregation_is_written_one_way_and_a_malformed_one_is_left_to_its_rule():
    from toolkit.ingest.parse import canonical_dimensions

    assert canonical_dimensions(" sexe = femmes ; année=2015 ") == "sexe=femmes;année=2015"
    assert canonical_dimensions("sexe: femmes") == "sexe: femmes"  # the dimensions rule reports it as typed
    assert canonical_dimensions("sexe=femmes=hommes") == "sexe=femmes=hommes"
    assert canonical_dimensions(None) is None


def test_the_reasons_a_value_is_refused_follow_the_language():
    from toolkit.model import language

    with language.using("en"), pytest.raises(ParseError) as raised:
        parse_amount("12 000 ABC")
    assert "is not an ISO 4217 currency code" in raised.value.message
    assert "n'est pas" not in raised.value.message
    with language.using("en"), pytest.raises(ParseError) as raised:
        parse_partial_date("2015-13")
    assert "month 13 does not exist" in raised.value.message
