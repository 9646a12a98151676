"""Survey results (results/surveys.py) and how a page shows them (report/surveys.py): n, shares, missing
answers apart, counts alone under n = 10, a scale as a real diverging stacked bar."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from toolkit.report import surveys as report
from toolkit.results.surveys import SurveyData, operation_slice, positive_share, question_result


def _plain(html: str) -> str:
    """The page's no-break spaces as ordinary ones, as the expectations are typed."""
    return html.replace("\xa0", " ").replace("\u202f", " ")


SCALE = [("1", "Pas du tout"), ("2", "Peu"), ("3", "Moyen"), ("4", "Assez"), ("5", "Très")]


def _data(satisfaction: list[str], used: list[str], operation: str = "op-a") -> SurveyData:
    """One survey: each submission answers ``used``; those with a satisfaction answer it too."""
    submissions = [f"s{i}" for i in range(len(used))]
    answers = [("t", s, operation, "utilise", value) for s, value in zip(submissions, used, strict=True)]
    answers += [("t", s, operation, "satisfaction", v) for s, v in zip(submissions, satisfaction, strict=False) if v]
    frame = pd.DataFrame(answers, columns=["survey_id", "submission", "operation_id", "field", "value"])
    return SurveyData(
        surveys=pd.DataFrame(
            [
                ("t", "Enquête test", "2021-11", "2021-12", None, "projet", name, "q1")
                for name in ("utilise", "satisfaction")
            ],
            columns=[
                "survey_id",
                "title",
                "opens",
                "closes",
                "operation_id",
                "operation_field",
                "field",
                "question_id",
            ],
        ),
        answers=frame,
        submissions=pd.DataFrame({"survey_id": "t", "submission": submissions, "operation_id": operation}),
        fields=pd.DataFrame(
            [
                ("t", "utilise", "select_one", "oui_non", "Utilise ?", "True", "False", "0"),
                ("t", "satisfaction", "select_one", "echelle", "Satisfait ?", "True", "True", "1"),
            ],
            columns=["survey_id", "field", "type", "list_name", "label", "required", "scale", "position"],
        ),  # fmt: skip
        choices=pd.DataFrame(
            [("t", "oui_non", "oui", "Oui", "0"), ("t", "oui_non", "non", "Non", "1")]
            + [("t", "echelle", name, label, name) for name, label in SCALE]
            + [("t", "echelle", "nsp", "Ne sait pas", "6")],
            columns=["survey_id", "list_name", "choice", "label", "position"],
        ),
    )


def test_shares_are_over_the_answers_given_and_a_missing_answer_is_counted_apart():
    data = _data(["5", "4", "4", "2", "", "", "nsp"] + ["3"] * 5, ["oui"] * 10 + ["non"] * 2)
    result = question_result(data, "t", "satisfaction")
    assert (result.submissions, result.n, result.missing) == (12, 10, 2)
    assert [(c.choice, c.count) for c in result.counts] == [("1", 0), ("2", 1), ("3", 5), ("4", 2), ("5", 1)]
    assert [(c.choice, c.count) for c in result.off_scale] == [("nsp", 1)]
    assert result.counts[2].share == pytest.approx(0.5) and not result.small
    assert positive_share(result) == pytest.approx(3 / 9)  # over the 9 answers on the scale
    used = question_result(data, "t", "utilise")
    assert [(c.label, c.count, c.share) for c in used.counts] == [("Oui", 10, 10 / 12), ("Non", 2, 2 / 12)]


def test_under_ten_answers_a_page_gives_counts_and_says_why():
    data = _data(["5", "4", "4", "", "", "", ""], ["oui"] * 3 + ["non"] * 4)
    result = question_result(data, "t", "satisfaction")
    assert result.small and result.n == 3
    item = _plain(report.result_item(result))
    assert (
        "n = 3 : trop peu de réponses pour des parts (n &lt; 10) (4 soumissions sans réponse à cette question, non posée ou laissée vide : non comptées)"
        in item
    )
    assert "Assez : 2" in item and "%" not in item
    html = _plain(report.question_surveys(data, "q1"))
    assert "<figure" not in html  # no scale drawn under n = 10
    assert "Enquête test, novembre 2021 – décembre 2021, n = 7 soumissions" in html


def test_a_scale_is_a_real_diverging_stacked_bar_under_a_title_computed_from_the_data(monkeypatch):
    data = _data(["1", "2", "3", "3", "4", "4", "5", "5", "5", "5"], ["oui"] * 10)
    result = question_result(data, "t", "satisfaction")
    bars = report.likert_bars([result])
    # 10 %, 10 %, 20 %, 20 %, 40 %: the lower steps and half the middle one left of zero.
    assert bars["width"].tolist() == pytest.approx([10, 10, 20, 20, 40])
    assert bars["left"].tolist() == pytest.approx([-30, -20, -10, 10, 30])
    drawn, embed = [], report.figures.figure_html

    def recorded(figure: plt.Figure, **parts):
        drawn.append(figure)
        return embed(figure, **parts)

    monkeypatch.setattr(report.figures, "figure_html", recorded)
    html = _plain(report.likert_figure([result], "Enquête test"))
    patches = sorted((round(p.get_x(), 6), round(p.get_width(), 6)) for p in drawn[0].axes[0].patches if p.get_width())
    assert patches == [(-30, 10), (-20, 10), (-10, 20), (10, 20), (30, 40)]
    assert "60 % des réponses dans le haut de l&#x27;échelle (« Assez » ou « Très »)" in html
    assert 'alt="60 % des réponses' in html and "Source : Enquête test" in html


def test_an_operation_page_sees_its_own_answers_only():
    data = _data(["4"] * 10, ["oui"] * 10)
    other = _data(["1"] * 12, ["non"] * 12, operation="op-b")
    both = SurveyData(**{name: pd.concat([data.frames()[name], other.frames()[name]]) for name in data.frames()})
    mine = operation_slice(both, "op-b")
    assert question_result(mine, "t", "utilise").n == 12
    html = _plain(report.operation_surveys(mine))
    assert '<h3 id="enquetes">Ce que disent les enquêtes</h3>' in html and "Non : 12 (100 %)" in html
    assert report.operation_surveys(operation_slice(both, "op-c")) == ""
