"""A transcribed excerpt shown as a quotation: whole sentences, no markup, cuts marked."""

import csv

from tests.conftest import RAW
from toolkit.report.quotes import ELLIPSIS, clean_quote, mark_sic, misspellings, strip_markup


def test_the_documents_markup_is_removed():
    assert (
        strip_markup("le rôle **désormais incitatif** des <i>bailleurs</i>")
        == "le rôle désormais incitatif des bailleurs"
    )


def test_an_excerpt_cut_mid_sentence_stops_at_the_last_full_sentence():
    # 004 l. 1744 as transcribed: 200 characters, the second sentence cut.
    excerpt = (
        "Ces derniers ont été noués plus particulièrement au sein de trois opérations pilotes emblématiques. "
        "Tout d'abord entre deux organisations de natures différentes que sont l'ONG GRET et le syndicat CGT"
    )
    assert clean_quote(excerpt) == (
        "Ces derniers ont été noués plus particulièrement au sein de trois opérations pilotes emblématiques."
    )


def test_without_a_full_sentence_the_cut_is_marked_at_both_ends():
    excerpt = "des institutions membres pour la réalisation des activités et projets, s'écouter mutuellement"
    assert clean_quote(excerpt) == f"{ELLIPSIS} {excerpt} {ELLIPSIS}"


def test_a_whole_sentence_is_left_as_it_is():
    assert clean_quote("Batik International") == f"Batik International {ELLIPSIS}"
    assert clean_quote("La plateforme s'est réunie.") == "La plateforme s'est réunie."


def test_a_quotation_the_excerpt_enters_midway_is_opened_and_keeps_who_said_it():
    # 004 l. 1462 as transcribed: the excerpt starts inside Batik's words and runs on past them.
    excerpt = (
        "choix d'activités à proposer et les alliances à nouer. » (Batik International) Le niveau local est donc "
        "**appréhendé comme un marchepied vers des échelles d'action plus larges et donc des"
    )
    assert clean_quote(excerpt) == (
        f"« {ELLIPSIS} choix d'activités à proposer et les alliances à nouer. » (Batik International)"
    )


def test_a_quotation_the_excerpt_leaves_midway_is_closed():
    # 004 l. 1661: the excerpt stops inside the partners' words.
    excerpt = (
        "L'opération pilote du programme CAAC a également été l'occasion pour Batik International et ses partenaires "
        "méditerranéens d'engager **une capitalisation qui leur a permis « de confronter nos visions"
    )
    assert clean_quote(excerpt).endswith(f"« de confronter nos visions {ELLIPSIS} »")


def test_every_caac_quotation_pairs_its_guillemets():
    with (RAW / "evidence.csv").open(encoding="utf-8") as file:
        excerpts = {row["excerpt"] for row in csv.DictReader(file, delimiter=";")}
    assert len(excerpts) > 200
    for excerpt in excerpts:
        quote = clean_quote(excerpt)
        depth = 0
        for char in quote:
            depth += {"«": 1, "»": -1}.get(char, 0)
            assert depth >= 0, (excerpt, quote)
        assert depth == 0, (excerpt, quote)


def test_a_known_misspelling_is_kept_and_marked_sic(caac_portfolio):
    # 004 l. 1597 writes "UNMFEO" for the UNMFREO (004 l. 211); acronyms.csv lists the slip.
    sic = misspellings(caac_portfolio.acronyms)
    assert "UNMFEO" in sic
    quote = clean_quote("un des objectifs premiers de l'opération pilote en Guinée de CA-G44 et de l'UNMFEO.", sic)
    assert quote.endswith("de l'UNMFEO [sic].")
    assert mark_sic(quote, sic) == quote  # marked once, however often it is set
    assert clean_quote("la UNMFREO.", sic) == "[…] la UNMFREO."  # the right spelling is left alone
