"""The kinds of evidence an evaluative question draws on, counted: passages of the documents, the
monitoring data behind its indicators, and the passages by the kind of document they come from.

Counts only, no words: the matrix annex and the report's questions each say them in their own
sentence. A question with nothing attached has an empty count.
"""

from __future__ import annotations

from toolkit.results import matrix
from toolkit.results.citations import Citer
from toolkit.results.portfolio import Portfolio

PASSAGES = "passages"  # distinct passages of the documents attached to the question
MONITORING_DATA = "monitoring_data"  # indicators of the question that the data measure


def source_kinds(portfolio: Portfolio, question_id: str) -> dict[str, int]:
    """How much of each kind of source the question draws on, only the kinds it has.

    ``PASSAGES``: the distinct passages (source cells of evidence.csv) attached to the question,
    a passage cited for several operations counting once. ``MONITORING_DATA``: the question's
    indicators (matrix_indicators.csv) that something in the data measures (`matrix.data_summary`).
    Then, for each document kind (documents.csv ``kind``, a `DocumentKind` value) its passages come
    from, how many of them: a passage citing documents of two kinds counts for each.
    """
    evidence = portfolio.evidence
    passages = evidence.loc[evidence["question_id"] == question_id, "source"].dropna().astype("str").unique()
    counts: dict[str, int] = {}
    if len(passages):
        counts[PASSAGES] = len(passages)
    rows = portfolio.matrix_indicators
    own = rows[rows["question_id"] == question_id].to_dict("records") if len(rows) else []
    measured = sum(matrix.data_summary(portfolio, row) is not None for row in own)
    if measured:
        counts[MONITORING_DATA] = measured
    citer = Citer.of(portfolio.documents)
    kinds = portfolio.documents.set_index("document")["kind"].dropna().astype("str").to_dict()
    by_kind: dict[str, int] = {}
    for source in passages:
        for kind in dict.fromkeys(kinds[d] for d in citer.documents(source) if d in kinds):
            by_kind[kind] = by_kind.get(kind, 0) + 1
    # The kind most passages come from first, ties in alphabetical order.
    counts.update(sorted(by_kind.items(), key=lambda item: (-item[1], item[0])))
    return counts
