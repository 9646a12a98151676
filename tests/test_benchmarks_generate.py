"""The benchmark's synthetic portfolio: the toolkit reads it, and finds exactly the faults planted in it."""

from __future__ import annotations

import json
from collections import Counter

from benchmarks.generate import FAULTS, FICHES, SUIVI, change_one_value, generate
from tests.conftest import NOTEBOOKS, ROOT, assert_rows_accounted_for
from toolkit.model.config import load_config
from toolkit.results.derive import run_clean


def test_generated_portfolio_cleans_with_only_the_planted_findings(tmp_path):
    portfolio = generate(tmp_path / "portfolio", operations=3, indicators=2, periods=2, seed=7)
    result = run_clean(portfolio.raw, tmp_path / "clean", load_config(portfolio.config))

    assert_rows_accounted_for(result)
    accounting = result.accounting.set_index("table")
    assert accounting.loc["observations", "raw_rows"] == portfolio.observation_rows == 3 * 2 * 2 * 2 + 1
    assert accounting.loc["operations", "clean_rows"] == 3
    # Each planted fault gives one finding and nothing else is found: a benchmark of clean data
    # with noise of its own would measure something else than the faults it claims.
    found = Counter((f.file, f.rule, f.severity) for f in result.findings)
    assert found == Counter(FAULTS)
    assert accounting["quarantined_rows"].sum() == sum(1 for _, _, severity in FAULTS if severity == "error")


def test_same_seed_same_bytes_and_one_value_changes(tmp_path):
    first = generate(tmp_path / "a", operations=3, indicators=2, periods=2, seed=3)
    second = generate(tmp_path / "b", operations=3, indicators=2, periods=2, seed=3)
    written = sorted(path.relative_to(first.raw).as_posix() for path in first.raw.rglob("*") if path.is_file())
    assert {f"documents/{FICHES}", f"documents/{SUIVI}"} <= set(written)  # the source documents too
    for name in written:
        assert (first.raw / name).read_bytes() == (second.raw / name).read_bytes(), name

    before = (first.raw / "observations.csv").read_text(encoding="utf-8").splitlines()
    change_one_value(first.raw, first.untouched_operation)
    after = (first.raw / "observations.csv").read_text(encoding="utf-8").splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert len(changed) == 1 and changed[0][0].startswith(f"{first.untouched_operation},")


def test_floor_notebooks_keep_the_parameters_and_imports_of_the_real_ones():
    """The floor is only a floor while it starts the same kernel with the same parameters and imports."""
    for name in ("operation.ipynb", "programme.ipynb", "data_quality.ipynb", "annexes.ipynb"):
        real = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
        floor = json.loads((ROOT / "benchmarks" / "floor" / name).read_text(encoding="utf-8"))["cells"]
        code = [cell for cell in floor if cell["cell_type"] == "code"]
        assert code[0]["metadata"]["tags"] == ["parameters"]
        assert code[0]["source"] == real[0]["source"], name
        assert _imports(code[1]) == _imports(real[1]), name
        assert len(code) == 2, f"{name}: the floor runs nothing but its imports"


def _imports(cell: dict) -> list[str]:
    return [line for line in "".join(cell["source"]).splitlines() if line.startswith(("from ", "import "))]
