"""What each page reads of the clean data, and a fingerprint of exactly that.

An operation page is given a *view* of the portfolio that holds only its own rows, the
programme-wide tables it shows, and a few columns of the other operations (for the
comparison figure and the links between pages). The build fingerprints the same view to
decide whether the page must be executed again. Because the notebook cannot see anything
outside its view, a page cannot silently depend on data its fingerprint ignores.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np
import pandas as pd

from toolkit.check.discrepancies import concerned
from toolkit.model import schema
from toolkit.results.portfolio import TABLES, Portfolio
from toolkit.results.surveys import SurveyData, operation_slice

# Programme-wide tables an operation page reads whole (sources, evaluation questions).
# The conversions say which currency the comparisons across operations are in (results/money.py).
WHOLE = ("documents", "questions", "conversions")
# Of the list of acronyms, an operation page reads only the misspellings it marks [sic] in the
# passages it quotes: an acronym's meaning or source is the annexes' and re-runs no operation page.
MISSPELLINGS = "misspellings"
# Tables whose rows belong to one operation through their operation_id column.
BY_OPERATION = (
    "participants",
    "people",
    "logframe",
    "sdgs",
    "observations",
    "evidence",
    "ratings",
    "achievement",
    "findings",
    "claims",  # a growth word a document writes of the operation: its page sets it against the values
)
# Columns of the *other* operations an operation page shows: the budget comparison figure
# and the previous/next links. Changing any other column of operation B leaves A's page alone.
# Amounts with their currencies, as stated and converted: the comparison picks its basis from them.
PEER_COLUMNS = (
    "operation_id",
    "title",
    "lead_org",
    "lead_short",
    *(f"{name}{suffix}" for name in schema.AMOUNT_COLUMNS for suffix in ("", "_currency", "_reporting")),
    "grant_share",
)
# The data-quality page: findings, row accounting, and operation titles to group them by.
QUALITY_TABLES = ("findings", "accounting")
QUALITY_OPERATION_COLUMNS = ("operation_id", "title")

_NONE = np.array([], dtype=np.intp)


def _rows_by_operation(portfolio: Portfolio) -> dict[str, dict[str, np.ndarray]]:
    """For each operation, the positions of its rows in each table it reads by operation."""
    ids = portfolio.operation_ids
    selected: dict[str, dict[str, np.ndarray]] = {operation_id: {} for operation_id in ids}
    for name in BY_OPERATION:
        frame = getattr(portfolio, name)
        groups = frame.groupby("operation_id", sort=False).indices if len(frame) else {}
        for operation_id in ids:
            selected[operation_id][name] = np.sort(groups.get(operation_id, _NONE)).astype(np.intp)
    # A pair of disagreeing passages may concern several operations: each of them reads it.
    concerns = [concerned(cell) for cell in portfolio.discrepancies.get("operations", pd.Series(dtype="str"))]
    for operation_id in ids:
        selected[operation_id]["discrepancies"] = np.array(
            [i for i, operations in enumerate(concerns) if operation_id in operations], dtype=np.intp
        )
    # Indicators carry no operation: an operation reads the definitions of those it observes.
    position = {indicator: i for i, indicator in enumerate(portfolio.indicators["indicator_id"])}
    observed = portfolio.observations["indicator_id"].to_numpy()
    for operation_id in ids:
        used = {position[i] for i in observed[selected[operation_id]["observations"]] if i in position}
        selected[operation_id]["indicators"] = np.array(sorted(used), dtype=np.intp)
    return selected


def _peers(operations: pd.DataFrame, operation_id: str) -> pd.DataFrame:
    """The operations table with every column of the other operations blanked but PEER_COLUMNS."""
    own = operations["operation_id"] == operation_id
    peers = operations.loc[~own, [c for c in operations.columns if c in PEER_COLUMNS]]
    combined = pd.concat([operations.loc[own], peers])
    return combined.loc[operations.index, list(operations.columns)].reset_index(drop=True)


def _misspellings(acronyms: pd.DataFrame) -> pd.DataFrame:
    """The acronyms' misspellings column, for the rows that have some."""
    if MISSPELLINGS not in acronyms:
        return acronyms.iloc[0:0, 0:0]
    return acronyms.loc[acronyms[MISSPELLINGS].notna(), [MISSPELLINGS]].reset_index(drop=True)


def _empty_like(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.iloc[0:0]


def operation_view(portfolio: Portfolio, operation_id: str) -> Portfolio:
    """The portfolio as the page of ``operation_id`` may see it (raises if the operation is unknown)."""
    portfolio.operation(operation_id)
    rows = _rows_by_operation(portfolio)[operation_id]
    tables: dict[str, pd.DataFrame] = {name: _empty_like(getattr(portfolio, name)) for name in TABLES}
    for name in WHOLE:
        tables[name] = getattr(portfolio, name)
    tables["acronyms"] = _misspellings(portfolio.acronyms)
    for name, positions in rows.items():
        tables[name] = getattr(portfolio, name).iloc[positions].reset_index(drop=True)
    tables["operations"] = _peers(portfolio.operations, operation_id)
    return Portfolio(**tables)


def quality_view(portfolio: Portfolio) -> Portfolio:
    """The portfolio as the data-quality page may see it."""
    tables = {name: _empty_like(getattr(portfolio, name)) for name in TABLES}
    for name in QUALITY_TABLES:
        tables[name] = getattr(portfolio, name)
    tables["operations"] = portfolio.operations[list(QUALITY_OPERATION_COLUMNS)]
    return Portfolio(**tables)


def _row_hashes(frame: pd.DataFrame) -> np.ndarray:
    """One 64-bit hash per row, stable across processes (pandas hashes with a fixed key)."""
    if frame.empty:
        return np.array([], dtype=np.uint64)
    return pd.util.hash_pandas_object(frame, index=False).to_numpy()


def _header(frame: pd.DataFrame) -> bytes:
    return "\x1f".join(f"{name}:{dtype}" for name, dtype in frame.dtypes.items()).encode()


def _update(digest: hashlib._Hash, name: str, frame: pd.DataFrame, hashes: np.ndarray) -> None:
    digest.update(name.encode() + b"\0" + _header(frame) + b"\0")
    digest.update(np.ascontiguousarray(hashes).tobytes())


def operation_fingerprints(portfolio: Portfolio) -> dict[str, str]:
    """SHA-256 of each operation's view, computed for all operations in one pass."""
    rows = _rows_by_operation(portfolio)
    hashes = {name: _row_hashes(getattr(portfolio, name)) for name in (*BY_OPERATION, "indicators", "discrepancies")}
    shared = hashlib.sha256()
    for name in WHOLE:
        frame = getattr(portfolio, name)
        _update(shared, name, frame, _row_hashes(frame))
    misspellings = _misspellings(portfolio.acronyms)
    _update(shared, "acronyms", misspellings, _row_hashes(misspellings))
    operations = portfolio.operations
    peer_frame = operations[[c for c in operations.columns if c in PEER_COLUMNS]]
    _update(shared, "peers", peer_frame, _row_hashes(peer_frame))
    own_rows = _row_hashes(operations)
    fingerprints = {}
    for index, operation_id in enumerate(operations["operation_id"]):
        digest = shared.copy()
        _update(digest, "operation", operations, own_rows[index : index + 1])
        for name, positions in sorted(rows[operation_id].items()):
            _update(digest, name, getattr(portfolio, name), hashes[name][positions])
        fingerprints[operation_id] = digest.hexdigest()
    return fingerprints


def quality_fingerprint(portfolio: Portfolio, extra: Iterable[bytes] = ()) -> str:
    """SHA-256 of the data-quality view, plus ``extra`` (the quarantine files it lists)."""
    view = quality_view(portfolio)
    digest = hashlib.sha256()
    for name in (*QUALITY_TABLES, "operations"):
        frame = getattr(view, name)
        _update(digest, name, frame, _row_hashes(frame))
    for chunk in extra:
        digest.update(chunk)
    return digest.hexdigest()


def operation_survey_view(data: SurveyData, operation_id: str) -> SurveyData:
    """The surveys as the page of ``operation_id`` may see them: the answers and submissions that
    concern it, and the ties, questions and choices of their surveys (``results/surveys.py``)."""
    return operation_slice(data, operation_id)


def survey_fingerprints(data: SurveyData, operation_ids: Iterable[str]) -> dict[str, str]:
    """SHA-256 of each operation's view of the surveys: another operation's answers leave its page alone."""
    fingerprints = {}
    for operation_id in operation_ids:
        view = operation_survey_view(data, operation_id)
        digest = hashlib.sha256()
        for name, frame in view.frames().items():
            _update(digest, name, frame, _row_hashes(frame))
        fingerprints[operation_id] = digest.hexdigest()
    return fingerprints
