"""The rule catalogue: every rule declares the French template of its findings' message, and
``say`` fills it in with exactly the values it names."""

from __future__ import annotations

import pytest

from toolkit.ingest.parse import parse_amount, parse_duration_months
from toolkit.model import rules
from toolkit.model.errors import AmbiguousValue, ParseError


@pytest.mark.parametrize("rule", list(rules.RULES.values()), ids=lambda rule: rule.id)
def test_every_rule_has_a_template_that_fills_in(rule):
    assert rule.message.strip(), f"{rule.id} has no message template"
    values = {name: f"<{name}>" for name in rule.placeholders}
    message = rule.say(**values)
    # Every value lands in the message, and no placeholder is left unfilled.
    assert all(value in message for value in values.values())
    assert "{" not in message and "}" not in message
    # Only validation.exception, whose text is Great Expectations' own, may be little more than its values.
    if rule is not rules.VALIDATION_EXCEPTION:
        assert message != "".join(values.values())


def test_say_fills_in_the_named_values():
    assert rules.MONEY_NO_DATE.placeholders == {"currency", "reporting"}
    assert rules.MONEY_NO_DATE.say(currency="USD", reporting="EUR") == (
        "le montant est en USD mais ni value_date ni start ne datent la ligne : sans date, pas de taux ; il "
        "reste affiché en USD et n'entre pas dans les totaux en EUR"
    )
    assert rules.FILE_EMPTY.placeholders == frozenset()
    assert rules.FILE_EMPTY.say() == rules.FILE_EMPTY.message


def test_say_refuses_a_missing_value():
    with pytest.raises(TypeError, match=r"missing \['reporting'\]"):
        rules.MONEY_NO_DATE.say(currency="USD")


def test_say_refuses_an_unknown_value():
    with pytest.raises(TypeError, match=r"unknown \['devise'\]"):
        rules.MONEY_NO_DATE.say(currency="USD", reporting="EUR", devise="EUR")
    with pytest.raises(TypeError, match=r"unknown \['value'\]"):
        rules.FILE_EMPTY.say(value="x")


@pytest.mark.parametrize(
    "template",
    [
        "« {value » n'est pas lisible",  # an unclosed field
        "« value} » n'est pas lisible",  # a lone closing brace
        "« {} » n'est pas lisible",  # positional: say only takes names
        "« {0} » n'est pas lisible",
        "« {value.strip} » n'est pas lisible",  # attribute and index access
        "« {value[0]} » n'est pas lisible",
        "le montant est en {currency!r}",  # a conversion, a format spec
        "le montant est de {amount:.2f}",
        "",
        "   ",
    ],
)
def test_declare_refuses_a_template_that_does_not_parse(template, monkeypatch):
    monkeypatch.setattr(rules, "RULES", dict(rules.RULES))
    with pytest.raises(ValueError, match="test.broken"):
        rules.declare("test.broken", rules.CELL, "une règle d'essai", message=template)
    assert "test.broken" not in rules.RULES


def test_declare_takes_a_template_and_exposes_its_placeholders(monkeypatch):
    # A copy of the catalogue: a rule declared here must not outlive the test (the suite checks
    # that every declared rule is exercised).
    monkeypatch.setattr(rules, "RULES", dict(rules.RULES))
    rule = rules.declare("test.rule", rules.CELL, "une règle d'essai", message="« {value} » : {{ {reason} }}")
    assert rules.RULES["test.rule"] is rule
    assert rule.placeholders == {"value", "reason"}
    assert rule.say(value="x", reason="y") == "« x » : { y }"


def test_declare_requires_a_template():
    with pytest.raises(TypeError, match="message"):
        rules.declare("test.untemplated", rules.CELL, "une règle d'essai")  # type: ignore[call-arg]


def test_a_parser_message_is_its_rule_template():
    """The parsers' common shape: the value, what is wrong, then the rule's own "écrire ..."."""
    with pytest.raises(ParseError) as error:
        parse_amount("$ 12 €")
    assert error.value.rule == rules.PARSE_AMOUNT.id
    assert error.value.message == rules.PARSE_AMOUNT.say(
        value="$ 12 €", problem="n'est pas lisible : la devise est indiquée deux fois"
    )
    assert error.value.message.endswith("; écrire un montant tel que 98 525 €, 1,7 millions d'euros ou 350 k€")
    with pytest.raises(AmbiguousValue) as ambiguous:
        parse_duration_months("18")
    assert ambiguous.value.message.startswith("« 18 » est ambigu : aucune unité n'est indiquée")
    assert ambiguous.value.message.endswith("; écrire une durée telle que 25 mois ou 2 ans")
