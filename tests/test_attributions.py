"""A passage credited to the operation it speaks of: the attribution in its parentheses."""

import pandas as pd

from toolkit.check.attributions import attributions, check_attributions, lead_names
from toolkit.model import rules


def _evidence(*rows):
    return pd.DataFrame([{"operation_id": op, "excerpt": text, "raw_row": i + 2} for i, (op, text) in enumerate(rows)])


def test_a_lead_is_known_by_its_short_name_full_name_acronym_and_first_words(caac_clean):
    operations = caac_clean.clean("operations").set_index("operation_id")
    assert {"CGT", "Confédération Générale du Travail"} <= lead_names(operations.loc["cgt-banane"].to_dict())
    assert {"GERES", "Geres"} <= lead_names(operations.loc["geres-konseguela"].to_dict())


def test_only_a_passage_credited_to_other_leads_alone_is_flagged(caac_clean):
    operations = caac_clean.clean("operations")
    evidence = _evidence(
        ("batik-echangeons", "« des alliances » (Batik International)"),  # its own lead
        ("cgt-banane", "« l'aide juridique » (GRET/CGT)"),  # shared with its own lead
        ("cgt-banane", "« une plateforme » (Alistair, Banana Link)"),  # a partner, a person: no lead named
        ("batik-echangeons", "« un travail de fond » (CA-G44/UNMFREO). Puis"),  # another lead only
        ("essor-tchad", "« des échanges » (Ambroise, ESSOR, Tchad) et (Kalifa, GERES Mali)"),  # its own among others
        ("programme", "« un enjeu partagé » (Grdr)"),  # the programme may quote any lead
    )
    found = check_attributions(evidence, operations)
    assert [(f.row, f.column, f.rule, f.severity) for f in found] == [
        (5, "excerpt", rules.EVIDENCE_ATTRIBUTION.id, "error")
    ]
    assert "(CA-G44/UNMFREO)" in found[0].message and "cag44-jeunes-ruraux" in found[0].message
    assert found[0].value == "« un travail de fond » (CA-G44/UNMFREO). Puis"


def test_the_caac_evidence_credits_no_passage_to_another_operation(caac_clean):
    assert check_attributions(caac_clean.clean("evidence"), caac_clean.clean("operations")) == []
    assert not [f for f in caac_clean.findings if f.rule == rules.EVIDENCE_ATTRIBUTION.id]


def test_attributions_are_the_parenthesised_parts():
    assert attributions("« a » (CGT) puis « b » (GRET-CGT).") == ["CGT", "GRET-CGT"]
