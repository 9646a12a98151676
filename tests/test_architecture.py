"""The package's floor plan: the folders docs/architecture.md describes are the ones in toolkit/,
every module is listed there, and imports only go down the pipeline."""

import ast
import re
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "toolkit"
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
# Lowest first: a module may import from its own folder and from the folders before it.
LAYERS = ["model", "text", "ingest", "check", "clean", "results", ("report", "interop"), "build", "cli"]


def _level(folder: str) -> int:
    for level, layer in enumerate(LAYERS):
        if folder == layer or (isinstance(layer, tuple) and folder in layer):
            return level
    raise AssertionError(f"toolkit/{folder}/ is in no layer of this test")


def _modules() -> set[str]:
    """Every module of a subpackage, as docs/architecture.md names it: ``clean/tables.py``."""
    return {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.glob("*/**/*.py")
        if path.name != "__init__.py" and "templates" not in path.parts
    }


def _toolkit_imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("toolkit."):
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("toolkit.")]
    return found


def test_the_package_is_its_subpackages_and_nothing_is_left_flat():
    flat = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert flat == ["__init__.py", "__main__.py"]
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert len(folders) == 10 and all(_level(folder) >= 0 for folder in folders)


def test_the_tree_in_the_docs_is_the_tree_of_the_package():
    tree = DOC[DOC.index("```\ntoolkit/\n") :].split("```")[1]
    listed = re.findall(r"^  ([a-z]+)/ ", tree, re.MULTILINE)
    folders = [p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()]
    assert sorted(listed) == sorted(folders)
    assert listed == [folder for layer in LAYERS for folder in (layer if isinstance(layer, tuple) else (layer,))]


def test_every_module_is_in_the_module_table_and_the_table_names_no_other():
    table = DOC[DOC.index("## Modules") : DOC.index("Notebooks (`notebooks/`)")]
    named = set(re.findall(r"`([a-z_]+/(?:[a-z_]+/)?[a-z_]+\.py)`", table))
    assert named == _modules(), {"missing from the docs": _modules() - named, "not in the code": named - _modules()}


def test_imports_only_go_down_the_pipeline():
    upward = []
    for path in PACKAGE.glob("*/**/*.py"):
        mine = path.relative_to(PACKAGE).parts[0]
        for line, module in _toolkit_imports(path):
            theirs = module.split(".")[1]
            if theirs != mine and (_level(theirs) >= _level(mine)):
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert upward == []


def test_the_import_check_sees_an_upward_import(tmp_path):
    """The check above reads real import statements: one written here is found."""
    module = tmp_path / "sample.py"
    module.write_text("from toolkit.report.pages import fiche\nimport toolkit.build.cache\n", encoding="utf-8")
    assert _toolkit_imports(module) == [(1, "toolkit.report.pages"), (2, "toolkit.build.cache")]
    assert _level("report") > _level("clean") and _level("report") == _level("interop")


# A page notebook shows what the report layer lays out: it may read any layer up to report,
# never the build that runs it nor the command line.
NOTEBOOK_CEILING = "report"


def test_notebooks_import_only_the_layers_a_page_may_use():
    notebooks = sorted((ROOT / "notebooks").glob("*.py"))
    assert len(notebooks) == 4
    upward = [
        f"{path.name}:{line} imports {module}"
        for path in notebooks
        for line, module in _toolkit_imports(path)
        if _level(module.split(".")[1]) > _level(NOTEBOOK_CEILING)
    ]
    assert upward == []


def test_the_notebook_check_sees_a_build_import(tmp_path):
    notebook = tmp_path / "page.py"
    notebook.write_text("from toolkit.build.cache import Manifest\n", encoding="utf-8")
    (_, module), *_ = _toolkit_imports(notebook)
    assert _level(module.split(".")[1]) > _level(NOTEBOOK_CEILING)


def _import_graph() -> dict[str, set[str]]:
    """Each toolkit module and the toolkit modules it imports anywhere, inside functions too."""
    modules = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
        for path in PACKAGE.rglob("*.py")
    }
    graph = {}
    for name, path in modules.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("toolkit"):
                targets |= {
                    f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                    for a in node.names
                }
            elif isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names if alias.name.startswith("toolkit")}
        graph[name] = {t for t in targets if t in modules and t != name and not name.startswith(f"{t}.")}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, done, path = [], set(), []

    def visit(module: str) -> None:
        path.append(module)
        for target in sorted(graph[module]):
            if target in path:
                found.append([*path[path.index(target) :], target])
            elif target not in done:
                visit(target)
        path.pop()
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            visit(module)
    return found


def test_no_module_imports_one_that_imports_it_back():
    assert _cycles(_import_graph()) == []


def test_the_cycle_check_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


# Issue 25: a function longer than this is split into named steps, each with one job.
MAX_FUNCTION_LINES = 80


def _long_functions(paths) -> list[str]:
    """Every function (methods and nested ones included) over MAX_FUNCTION_LINES, with its length."""
    found = []
    for path in sorted(paths):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    where = path.relative_to(ROOT) if ROOT in path.parents else path.name
                    found.append(f"{where}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_function_is_over_80_lines():
    assert _long_functions(PACKAGE.rglob("*.py")) == []


def test_the_length_check_sees_a_long_function(tmp_path):
    module = tmp_path / "sample.py"
    body = "".join(f"        x{n} = {n}\n" for n in range(MAX_FUNCTION_LINES))
    module.write_text(f"def short():\n    pass\n\n\nclass Holder:\n    def long(self):\n{body}", encoding="utf-8")
    assert [entry.split(" ", 1)[1] for entry in _long_functions([module])] == [f"long ({MAX_FUNCTION_LINES + 1} lines)"]
