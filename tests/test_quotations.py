"""Quotations found at their lines: what the comparison forgives, and what it does not."""

import pytest

from tests.conftest import RAW
from toolkit.check.quotations import comparable, quotation_found, quoted_in
from toolkit.ingest.documents import DocumentTexts

CAPITALISATION = "004_7f76860180fe7761.txt"


@pytest.fixture(scope="module")
def texts():
    return DocumentTexts.load(RAW / "documents", [CAPITALISATION, "003_373f3e170bffc0e1.txt"])


def test_whitespace_line_breaks_emphasis_and_quote_styles_do_not_count():
    passage = "La particularité a été d'amener des organisations à **dépasser les frontières**\nde leurs coopérations"
    assert quoted_in("d’amener des organisations à dépasser les  frontières de leurs coopérations", passage)
    assert comparable("« un  mot »") == comparable('"un\nmot"')


def test_a_cut_is_found_piece_by_piece_in_order():
    passage = "Premier temps, deuxième temps, troisième temps."
    assert quoted_in("Premier temps, […] troisième temps.", passage)
    assert quoted_in("Premier temps (...) troisième", passage)
    assert not quoted_in("troisième temps […] Premier temps", passage)  # the pieces in the document's order


def test_a_changed_word_or_a_closing_mark_the_document_does_not_have_is_not_found():
    passage = "et met en place « des indicateurs qui font référence aux ODD 7 et 13, et qui devront se justifier »"
    assert not quoted_in("et met en place « des indicateurs qui font référence aux ODD 7 et 13 »", passage)
    assert not quoted_in("et met en place « des mesures qui font référence aux ODD 7 et 13", passage)


def test_a_caac_excerpt_is_found_at_its_line_and_not_at_the_next(texts):
    excerpt = (
        "« Les partenaires locaux ont noué des alliances avec des acteurs avec lesquels ils n'avaient pas "
        "l'habitude de travailler » (Batik International)"
    )
    assert quotation_found(excerpt, f"{CAPITALISATION} l. 562", texts) is True
    assert quotation_found(excerpt, f"{CAPITALISATION} l. 564", texts) is False


def test_references_joined_by_plus_are_read_as_one_passage(texts):
    # 003 l. 14 is Batik's title; l. 18 names its lead: one quotation may run over both.
    title = texts.passage("003_373f3e170bffc0e1.txt", 14, 14)
    lead = texts.passage("003_373f3e170bffc0e1.txt", 18, 18)
    source = "003_373f3e170bffc0e1.txt l. 14 + 003_373f3e170bffc0e1.txt l. 18"
    assert quotation_found(f"{title} {lead}", source, texts) is True


@pytest.mark.parametrize(
    "source",
    [
        f"{CAPITALISATION} l. 5000",  # past the end: source.lines reports it
        "inconnu.txt l. 3",  # no such document: source.document reports it
        f"{CAPITALISATION} § Annexe",  # a section, not lines
        "page 40 du rapport",  # unreadable: parse.source reports it
        None,
    ],
)
def test_what_cannot_be_checked_is_left_to_the_other_rules(texts, source):
    assert quotation_found("un texte", source, texts) is None
