"""Context, scope, method and limits: facts from the sources and the data, each cited."""

import re
from dataclasses import replace

from tests.conftest import ROOT
from toolkit.model.config import load_config
from toolkit.report import context

CONFIG = load_config(ROOT / "programme.toml")


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", str(html)).replace("\u202f", " ").replace("&#x27;", "'")


def test_every_context_sentence_is_followed_by_its_citation(caac_portfolio):
    block = context.programme_context(caac_portfolio)
    text = _text(block)
    # 004 l. 308: the three partners and the 1,7 million euros over 4 years.
    assert (
        "l'Agence Française de Développement (AFD) et la Fondation Abbé Pierre (IRG, Capitalisation CAAC, 2018, l. 308)."
        in text
    )
    assert "1,7 million d'euros" in text
    # Both counts of members and countries are kept, each with its document (004 l. 322, 003 l. 8),
    # the citation before the full stop.
    assert "dans 14 pays sur 4 continents (IRG, Capitalisation CAAC, 2018, l. 322)." in text
    assert "dans 16 pays d'Amérique latine, d'Asie et d'Afrique (CFSI, Les actions pilotes, s. d., l. 8)." in text
    assert block.count('<span class="ev-source">(') == len(caac_portfolio.context)


def test_without_facts_the_section_says_so(caac_portfolio):
    empty = replace(caac_portfolio, context=caac_portfolio.context.iloc[0:0])
    assert "Aucun fait de contexte n'est transcrit" in _text(context.programme_context(empty))


def test_scope_counts_operations_and_countries_from_the_data(caac_portfolio):
    text = _text(context.scope(caac_portfolio, CONFIG))
    # 003 l. 8: "en France et dans 16 pays"; the nine fiches.
    # The period cites its own line (004 l. 308: "2014-2018"), beside it, not the countries' lines.
    assert text.startswith(
        "L'évaluation porte sur les 9 opérations pilotes de la phase 1 du programme "
        "(2014-2018 ; IRG, Capitalisation CAAC, 2018, l. 308)"
    )
    assert "en France et dans 16 autres pays (Colombie, Costa Rica, Égypte, Équateur, Guatemala" in text
    block = context.scope(caac_portfolio, CONFIG)
    assert 'href="documents/004_7f76860180fe7761.html#l308"' in block


def test_the_method_says_what_was_counted(caac_portfolio):
    text = _text(context.methodology(caac_portfolio))
    assert "5 documents du programme" in text
    # The questions are in section 5, with their evidence: the method does not count them again.
    assert "Les questions évaluatives (section 5)" in text and "14 questions" not in text
    # The limits are stated once, in the box at the top, which the method links to.
    assert "établies une fois, en tête du rapport" in text and 'href="#essentiel"' in context.methodology(
        caac_portfolio
    )
    assert not re.search(r"\.csv|\.txt|\[[a-z]+\.[a-z_]+\]", text)  # no file name, no rule id


def test_a_programme_with_one_source_document_says_it_in_the_singular(caac_portfolio):
    one = replace(caac_portfolio, documents=caac_portfolio.documents.iloc[[0]])
    assert "s'appuie sur 1 document du programme, listé en" in _text(context.methodology(one))
    assert "s'appuie sur 5 documents du programme, listés en" in _text(context.methodology(caac_portfolio))


def test_the_scope_agrees_with_the_programmes_noun_in_number_and_gender(caac_portfolio):
    config = load_config(ROOT / "programme.toml")
    one = caac_portfolio.operations.iloc[[0]].assign(countries="FRA;MAR")
    single = replace(caac_portfolio, operations=one, phase2=caac_portfolio.phase2.iloc[0:0])
    text = _text(context.scope(single, replace(config, operation_noun=("projet", "projets"), operation_gender="m")))
    assert "L'évaluation porte sur un projet de la phase 1 du programme" in text
    assert "mené en France et dans 1 autre pays (Maroc), selon les lignes qui le nomment" in text
    assert "phases suivantes" not in text  # no project of a later phase: nothing listed in the annex
    text = _text(context.scope(caac_portfolio, config))
    assert "L'évaluation porte sur les 9 opérations pilotes de la phase 1" in text and "menées en France" in text


def test_the_context_sections_are_in_english_for_an_english_programme(caac_portfolio):
    from toolkit.model.config import load_config
    from toolkit.model.language import using

    with using("en"):
        config = load_config()
        scope_text = str(context.scope(caac_portfolio, config))
        method = str(context.methodology(caac_portfolio))
    assert scope_text.startswith("<p>The evaluation covers the ") and "of the programme" in scope_text
    assert "<strong>Evaluation matrix.</strong>" in method and "Matrice" not in method
