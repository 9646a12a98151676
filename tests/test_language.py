"""The active language: French is the code's own text, English comes from the catalogue, with each
language's plural rule, and the previous language comes back after a block."""

import pytest

from toolkit.model import language, rules
from toolkit.model.language import _, ngettext, npgettext, pgettext


def test_french_is_the_default_and_is_the_text_of_the_code():
    assert language.active() == "fr" and language.locale() == "fr_FR"
    assert _("non renseigné") == "non renseigné"
    assert pgettext("agreeing with a feminine noun", "non renseignée") == "non renseignée"
    assert _("un texte qu'aucun catalogue ne connaît") == "un texte qu'aucun catalogue ne connaît"


def test_english_comes_from_the_catalogue():
    with language.using("en"):
        assert language.active() == "en" and language.locale() == "en_GB"
        assert _("non renseigné") == "not reported"
        assert pgettext("agreeing with a feminine noun", "non renseignée") == "not reported"
        # A context tells two uses of one French text apart: "jusqu'à 20" and "jusqu'à 2017".
        assert _("jusqu'à") == "up to" and _("jusqu'à {end}") == "until {end}"
    assert language.active() == "fr"


def test_a_message_the_catalogue_lacks_stays_french_rather_than_vanish():
    with language.using("en"):
        assert _("un texte qu'aucun catalogue ne connaît") == "un texte qu'aucun catalogue ne connaît"
        # A programme's own noun (programme.toml) is no message: it keeps its words, English plurals.
        assert ngettext("project", "projects", 1) == "project"
        assert ngettext("project", "projects", 0) == "projects"


@pytest.mark.parametrize(
    ("count", "french", "english"),
    [
        (0, "page en échec", "failed pages"),  # French: 0 takes the singular; English: only 1 does
        (1, "page en échec", "failed page"),
        (2, "pages en échec", "failed pages"),
        (1.5, "page en échec", "failed pages"),  # CLDR: 1.5 is "one" in French, "other" in English
        (2.0, "pages en échec", "failed pages"),
        (-1, "page en échec", "failed page"),
        (1_000_000, "pages en échec", "failed pages"),  # French CLDR "many": the plural form
    ],
)
def test_plural_forms_follow_each_languages_rule(count, french, english):
    assert ngettext("page en échec", "pages en échec", count) == french
    with language.using("en"):
        assert ngettext("page en échec", "pages en échec", count) == english


def test_a_plural_with_a_context():
    assert npgettext("a duration", "mois", "mois", 1) == "mois"
    with language.using("en"):
        assert [npgettext("a duration", "mois", "mois", n) for n in (1, 25)] == ["month", "months"]


def test_an_unknown_language_is_refused_and_the_active_one_kept():
    with pytest.raises(language.UnknownLanguage, match="'de'"):
        language.activate("de")
    assert language.active() == "fr"


def test_the_language_comes_back_after_a_block_that_failed():
    with pytest.raises(RuntimeError), language.using("en"):
        raise RuntimeError("a page failed")
    assert language.active() == "fr"


def test_the_rule_catalogue_speaks_the_active_language():
    rule = rules.MONEY_NO_DATE
    french = (
        "le montant est en USD mais ni value_date ni start ne datent la ligne : sans date, pas de taux ; il reste "
        "affiché en USD et n'entre pas dans les totaux en EUR"
    )
    assert rule.say(currency="USD", reporting="EUR") == french
    with language.using("en"):
        assert rule.say(currency="USD", reporting="EUR") == (
            "the amount is in USD but neither value_date nor start dates the row: without a date, no rate; it stays "
            "shown in USD and is left out of totals in EUR"
        )
        assert (rule.what, rule.stage_label) == (
            "an amount to convert has a value date (value_date, else the operation's start)",
            "cell",
        )
        # The declaration stays the French it was written in: the message id of its translations.
        assert rule.message.startswith("le montant est en {currency}")
    assert (rule.what, rule.stage_label) == (
        "un montant à convertir a une date de valeur (value_date, sinon le début de l'opération)",
        "cellule",
    )


@pytest.mark.parametrize("rule", list(rules.RULES.values()), ids=lambda rule: rule.id)
def test_every_rule_reads_in_english_with_the_placeholders_of_its_french(rule):
    with language.using("en"):
        template, what = rule.template, rule.what
        assert template != rule.message and what != rule.checks, f"{rule.id} is not translated"
        assert rules.template_placeholders(template) == rule.placeholders
        assert rule.say(**{name: f"<{name}>" for name in rule.placeholders})
