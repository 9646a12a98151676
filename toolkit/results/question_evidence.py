"""What bears on one evaluative question: its passages, the few a page quotes first, the matrix's
measures, and the contradictions between documents that touch its passages.

The report's findings section shows each question with the evidence that answers it. Which
evidence that is comes from the data, never from a reading of the text: a passage is filed under
the question in ``evidence.csv``, an indicator is tied to it in ``matrix_indicators.csv``, and a
contradiction bears on it when the lines it sets against each other are lines of its passages.
"""

from __future__ import annotations

import pandas as pd

from toolkit.ingest.parse import SourceRef, parse_source_refs
from toolkit.results.portfolio import Portfolio
from toolkit.text import fmt

# How many passages a question shows in the report before the link to all of them: enough to
# hear two voices, few enough that fourteen questions stay a read of minutes.
SHOWN_PASSAGES = 2


def passages(portfolio: Portfolio, question_id: str) -> pd.DataFrame:
    """The distinct passages filed under a question (one per operation and source line), in the
    order of their documents and lines."""
    evidence = portfolio.evidence
    own = evidence[evidence["question_id"] == question_id]
    return own.drop_duplicates(["operation_id", "source"]).sort_values("source", kind="stable")


def shown_passages(filed: pd.DataFrame, limit: int = SHOWN_PASSAGES) -> pd.DataFrame:
    """The passages a question quotes first: one per operation, from the operations the documents
    cite most for it (ties in the portfolio's order of first citation), each operation's first
    passage by document and line. A rule anyone can check, not a reading of which is best."""
    if filed.empty:
        return filed
    counts = filed.groupby("operation_id", sort=False).size()
    order = sorted(counts.index, key=lambda operation: (-int(counts[operation]), list(counts.index).index(operation)))
    firsts = filed.drop_duplicates("operation_id").set_index("operation_id")
    return firsts.loc[order[:limit]].reset_index()


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


def bearing_discrepancies(portfolio: Portfolio, question_id: str) -> pd.DataFrame:
    """The contradictions between documents (``discrepancies.csv``) one of whose sides is a line of
    a passage filed under the question: the reader of that passage must know it is disputed."""
    discrepancies = portfolio.discrepancies
    lines = [ref for source in passages(portfolio, question_id)["source"] for ref in _refs(source)]
    if discrepancies.empty or not lines:
        return discrepancies.iloc[0:0]

    def touches(row: pd.Series) -> bool:
        sides = _refs(row.get("first_source")) + _refs(row.get("second_source"))
        return any(_overlap(side, line) for side in sides for line in lines)

    return discrepancies[discrepancies.apply(touches, axis=1)]
