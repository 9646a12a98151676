"""The box that opens the synthesis: facts computed from the CAAC data, each cited and linked."""

import re
from dataclasses import replace

import pandas as pd

from toolkit.report import key_facts


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", str(html)).replace("\u202f", " ").replace("\xa0", " ").replace("&#x27;", "'")


def test_the_box_states_the_facts_that_limit_the_evaluation(caac_portfolio):
    box = key_facts.key_facts(caac_portfolio)
    text = _text(box)
    # 30 targets (18 of the fiches, 12 publics aimed at in persons: the CGT's 115 000 « bénéficiaires »
    # are not persons); none has an actual: 004 l. 1546 describes the GERES zone as designed, not a
    # result, and GRET's campaign is reported under way, not carried out (l. 1534).
    assert "Aucune des 30 cibles chiffrées (dont 12 publics visés) n'a de réalisation rapportée" in text
    assert "Aucun des 5 documents sources n'est une évaluation" in text
    assert "La source IRG, Capitalisation CAAC, 2018 est une capitalisation" in text
    assert "aucune n'a été vérifiée par une évaluation indépendante" in text
    # 004 l. 272 cites the final evaluation of March 2018, which is not among the sources.
    assert "L'évaluation que cite un document (IRG, Capitalisation CAAC, 2018, l. 272) ne figure pas" in text
    # Each fact leads to the section that holds its detail.
    for href in (
        "#critere-efficacite",
        "annexes.html#documents",
        "annexes.html#chiffres-publies",
        "#critere-efficience",
    ):
        assert f'href="{href}"' in box


def test_the_published_figures_the_data_contradict_are_named_with_their_lines(caac_portfolio):
    text = _text(key_facts.key_facts(caac_portfolio))
    assert "4 chiffres publiés ne concordent pas avec leur recalcul" in text
    # 004 l. 216 and l. 322: "14 pays"; the operations' fiches name 17 countries, France included.
    assert "14 pays (IRG, Capitalisation CAAC, 2018, l. 216 ; IRG, Capitalisation CAAC, 2018, l. 322)" in text
    assert "recalcul : 17 pays distincts, France comprise." in text
    # As many as annex E's table of documents against documents shows (the "triplement" pair is
    # the published figure's row there, not a row of its own).
    assert "Les documents se contredisent sur 7 sujets ; 13 autres sujets diffèrent" in text


def test_the_operations_far_from_the_others_are_named_not_rated(caac_portfolio):
    text = _text(key_facts.key_facts(caac_portfolio))
    # CA-G44: a budget 5,2 times the median and a grant of 12,6 % (003 l. 253, 255): two notes, one operation.
    assert (
        "1 opération s'écarte nettement des autres par son budget ou sa part subventionnée : "
        "CA-G44 (CFSI, Les actions pilotes, s. d., l. 253, l. 255)." in text
    )
    assert not re.search(r"excessi|insuffisa|satisfaisant|bon |mauvais", text)


def test_an_evaluation_among_the_sources_lifts_the_limit(caac_portfolio):
    documents = pd.concat(
        [
            caac_portfolio.documents,
            pd.DataFrame([{"document": "eval.txt", "title": "Évaluation", "kind": "évaluation"}]),
        ]
    )
    text = _text(key_facts.key_facts(replace(caac_portfolio, documents=documents)))
    assert "n'est une évaluation" not in text and "que cite un document" not in text


def test_one_source_and_one_target_are_said_in_the_singular(caac_portfolio):
    one = replace(caac_portfolio, documents=caac_portfolio.documents.iloc[[0]])
    assert "Le seul document source n'est pas une évaluation" in _text(key_facts.key_facts(one))
    achievement = caac_portfolio.achievement.head(3).copy()
    achievement["achievement"] = [50.0, 80.0, float("nan")]
    text = _text(key_facts.key_facts(replace(caac_portfolio, achievement=achievement)))
    assert "Sur 3 cibles chiffrées, 1 n'a aucune réalisation rapportée" in text


def test_the_box_is_in_english_for_an_english_programme(caac_portfolio):
    from toolkit.model.language import using

    with using("en"):
        box = str(key_facts.key_facts(caac_portfolio))
    assert "The data checks found" in box and "Aucun" not in box
