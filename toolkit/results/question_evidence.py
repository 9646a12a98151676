"""What bears on one evaluative question: its passages, the few a page quotes first, the matrix's
measures, and the contradictions and published figures that touch the lines its evidence stands on.

The report's findings section shows each question with the evidence that answers it. Which
evidence that is comes from the data, never from a reading of the text: a passage is filed under
the question in ``evidence.csv``, an indicator is tied to it in ``matrix_indicators.csv``, and a
contradiction or a published figure bears on it when one of its lines is a line of the question's
passages or of its indicators' data.
"""

from __future__ import annotations

import pandas as pd

from toolkit.ingest.parse import SourceRef, parse_source_refs
from toolkit.results import matrix
from toolkit.results.portfolio import Portfolio
from toolkit.text import fmt

# How many passages a question shows in the report before the link to all of them: enough to
# hear two voices, few enough that fourteen questions stay a read of minutes.
SHOWN_PASSAGES = 2


def _line_order(source: object) -> tuple:
    """A source cell's place in its documents: by document, then by line as a number (l. 592
    before l. 1659), a cell that cannot be read last."""
    refs = _refs(source)
    if not refs:
        return ("\uffff", 0)
    return (refs[0].document, refs[0].first_line or 0)


def in_line_order(evidence: pd.DataFrame) -> pd.DataFrame:
    """Rows of evidence.csv, one per operation and source line, in the order of their documents and
    lines: what every page that lists passages shows."""
    distinct = evidence.drop_duplicates(["operation_id", "source"])
    order = sorted(range(len(distinct)), key=lambda i: _line_order(distinct["source"].iloc[i]))
    return distinct.iloc[order]


def passages(portfolio: Portfolio, question_id: str) -> pd.DataFrame:
    """The distinct passages filed under a question, in the order of their documents and lines."""
    evidence = portfolio.evidence
    return in_line_order(evidence[evidence["question_id"] == question_id])


def shown_passages(
    filed: pd.DataFrame, limit: int = SHOWN_PASSAGES, taken: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """The passages a question quotes first: one per operation, from the operations the documents
    cite most for it (ties by where their first passage stands in the documents), each operation's
    first passage by document and line that ``taken`` does not hold (a passage another question
    already quotes). A rule anyone can check, not a reading of which is best."""
    free = filed[~filed["source"].isin(taken)] if len(filed) else filed
    if free.empty:
        return free
    counts = filed.groupby("operation_id", sort=False).size()
    firsts = free.drop_duplicates("operation_id").set_index("operation_id")
    position = {operation: rank for rank, operation in enumerate(counts.index)}
    order = sorted(firsts.index, key=lambda operation: (-int(counts[operation]), position[operation]))
    return firsts.loc[order[:limit]].reset_index()


def shown_by_question(portfolio: Portfolio, question_ids: list[str], limit: int = SHOWN_PASSAGES) -> dict:
    """The passages each question quotes, in the matrix's order, no passage quoted twice on the page:
    a passage filed under two questions is quoted under the first, and the second quotes another."""
    taken: set[str] = set()
    shown = {}
    for question_id in question_ids:
        chosen = shown_passages(passages(portfolio, question_id), limit, frozenset(taken))
        taken.update(chosen["source"] if len(chosen) else [])
        shown[question_id] = chosen
    return shown


def measures(portfolio: Portfolio, question_id: str) -> set[str]:
    """The quantities the toolkit computes (``computed`` codes) that the matrix ties to a question."""
    rows = portfolio.matrix_indicators
    if rows.empty or "computed" not in rows:
        return set()
    own = rows[rows["question_id"] == question_id]["computed"].dropna()
    return {str(code) for code in own}


def _refs(source: object) -> list[SourceRef]:
    if fmt.is_missing(source):
        return []
    try:
        return parse_source_refs(str(source))
    except ValueError:  # an unreadable cell is the checks' finding, not a reason to fail a page
        return []


def _overlap(first: SourceRef, second: SourceRef) -> bool:
    if first.document != second.document or first.first_line is None or second.first_line is None:
        return False
    return first.first_line <= (second.last_line or second.first_line) and second.first_line <= (
        first.last_line or first.first_line
    )


def question_lines(portfolio: Portfolio, question_id: str) -> list[SourceRef]:
    """The lines a question's evidence stands on: its passages, and the data of the indicators the
    matrix ties to it."""
    sources = list(passages(portfolio, question_id)["source"])
    rows = portfolio.matrix_indicators
    own = rows[rows["question_id"] == question_id].to_dict("records") if len(rows) else []
    sources += [source for row in own for source in matrix.data_sources(portfolio, row)]
    return [ref for source in sources for ref in _refs(source)]


def _touched(sides: list[SourceRef], lines: list[SourceRef]) -> list[SourceRef]:
    return list(dict.fromkeys(line for line in lines if any(_overlap(side, line) for side in sides)))


def bearing_discrepancies(portfolio: Portfolio, question_id: str) -> pd.DataFrame:
    """The contradictions between documents (``discrepancies.csv``) one of whose sides is a line the
    question's evidence stands on (``question_lines``): whoever reads that evidence must know it is
    disputed. Each with ``touched``, the question's lines it sets against another."""
    discrepancies = portfolio.discrepancies
    lines = question_lines(portfolio, question_id)
    if discrepancies.empty or not lines:
        return discrepancies.iloc[0:0].assign(touched=pd.Series(dtype="object"))
    touched = [
        _touched(_refs(row.get("first_source")) + _refs(row.get("second_source")), lines)
        for row in discrepancies.to_dict("records")
    ]
    bearing = discrepancies.assign(touched=touched)
    return bearing[[bool(lines) for lines in touched]]


def bearing_figures(figures: pd.DataFrame, portfolio: Portfolio, question_id: str) -> pd.DataFrame:
    """The published figures (``crosscheck.published_figures``) written on a line the question's
    evidence stands on, each with ``touched``, those lines."""
    lines = question_lines(portfolio, question_id)
    if figures.empty or not lines:
        return figures.iloc[0:0].assign(touched=pd.Series(dtype="object"))
    touched = [
        _touched([ref for source in row["sources"] for ref in _refs(source)], lines)
        for row in figures.to_dict("records")
    ]
    bearing = figures.assign(touched=touched)
    return bearing[[bool(lines) for lines in touched]]
