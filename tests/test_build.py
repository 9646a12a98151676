"""End to end: the real build, with real papermill and nbconvert, into a temporary folder."""

import json
import os
import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from tests.browser import visit
from tests.conftest import (
    NOTEBOOKS,
    RAW,
    ROOT,
    assert_same_outputs,
    build_at_epoch,
    copy_example,
    operation_pages,
    rewrite,
)
from tests.netguard.sitecustomize import outbound, read
from toolkit.build.run import execute
from toolkit.cli.main import main
from toolkit.results.derive import run_clean

pytestmark = pytest.mark.e2e

NNBSP, NBSP = "\u202f", "\u00a0"
FINANCING, PUBLICS = "Financement de l'opération", "Publics visés selon la fiche, groupe par groupe"
BUDGET, GRANT, SHARE = (
    "Budget total (fiche)",
    "Subvention accordée par le programme (fiche)",
    "Part de la subvention dans le budget (calculée¹)",
)
# Each figure as the fiche states it (003_373f3e170bffc0e1.txt, the line in the comment), read
# on the element that shows it: a row of a table (caption, first cell, column), or a fiche term.
EXPECTED_FIGURES = {
    "batik-echangeons": {
        (FINANCING, BUDGET, "Montant"): f"98{NNBSP}525{NBSP}€",  # l. 47
        (FINANCING, GRANT, "Montant"): f"64{NNBSP}040{NBSP}€",  # l. 49
        (FINANCING, SHARE, "Montant"): f"65,0{NBSP}%",  # 64 040 / 98 525, computed
        "Durée prévue": f"25{NBSP}mois (CFSI, Les actions pilotes, s. d., l. 43)",
        "Porteur du projet": "Batik International",
    },
    "cgt-banane": {
        (FINANCING, BUDGET, "Montant"): f"108{NNBSP}548{NBSP}€",  # l. 168
        (FINANCING, GRANT, "Montant"): f"66{NNBSP}440{NBSP}€",  # l. 170
        (PUBLICS, "Directs", "Nombre"): f"13{NNBSP}600",  # l. 155
        "Durée prévue": f"30{NBSP}mois (CFSI, Les actions pilotes, s. d., l. 163)",
        "Pays": "Guatemala, Honduras, Nicaragua, Costa Rica, Panama, Colombie, Équateur, Pérou, France",
    },
    "cag44-jeunes-ruraux": {
        (FINANCING, BUDGET, "Montant"): f"526{NNBSP}561{NBSP}€",  # l. 253
        (FINANCING, GRANT, "Montant"): f"66{NNBSP}440{NBSP}€",  # l. 255
        "Durée prévue": f"36{NBSP}mois (CFSI, Les actions pilotes, s. d., l. 249)",
    },
    "spf-comasagua-montauban": {
        (FINANCING, BUDGET, "Montant"): f"102{NNBSP}220{NBSP}€",  # l. 591
        # l. 582, "au Salvador, 1 696 familles soit 7 676 personnes": a group and its restatement.
        (PUBLICS, "Indirects", "Nombre"): [f"1{NNBSP}696", f"7{NNBSP}676"],
        (PUBLICS, "Indirects", "Lieu"): ["Salvador", "Salvador"],
        "Durée prévue": f"30{NBSP}mois (CFSI, Les actions pilotes, s. d., l. 586)",
        "Pays": "Salvador, France",
    },
}


def _shown(element) -> str:
    """An element's text as shown, with the typographic spaces kept (they are part of the figure)."""
    return re.sub(r"[ \t\n]+", " ", element.text_content()).strip()


def _figure(root, where) -> list[str]:
    """Every value shown at ``where``: a fiche term, or (table caption, first cell of its row, column)."""
    if isinstance(where, str):
        return [_shown(dt.getnext()) for dt in root.xpath("//dl/dt") if _shown(dt) == where]
    caption, first, column = where
    values = []
    for table in root.xpath("//table[caption]"):
        if _shown(table.find("caption")) != caption:
            continue
        headers = [_shown(th) for th in table.xpath("./thead//th")]
        for row in table.xpath("./tbody/tr"):
            cells = [_shown(cell) for cell in row]
            if cells and cells[0] == first:
                values.append(cells[headers.index(column)])
    return values


def test_build_succeeds_with_every_page(built):
    out, result = built
    assert result.failures == []
    assert (out / "reports" / "index.html").is_file()
    assert len(operation_pages(out / "reports")) == 9
    assert (out / "clean" / "findings.csv").is_file()


def test_the_build_makes_no_network_request(built):
    """Nothing may leave the machine: not the build, its fork server or any page's process."""
    out, _ = built
    records = read(str(out / "network.jsonl"))
    started = [" ".join(map(str, r["detail"])) for r in records if r["event"] == "start"]
    # The watch was on in the build's fork server and in every page's process forked from it.
    assert any("forkserver" in s for s in started), started
    forked = {r["pid"] for r in records if r["event"] == "fork"}
    assert len(forked) >= 12, forked  # twelve pages, each in a process of its own
    assert outbound(records) == []


@pytest.mark.parametrize("operation_id", sorted(EXPECTED_FIGURES))
def test_operation_pages_show_their_figures(built, operation_id):
    out, _ = built
    page = out / "reports" / "operations" / f"{operation_id}.html"
    root = lxml.html.parse(str(page)).getroot()
    for where, figure in EXPECTED_FIGURES[operation_id].items():
        assert _figure(root, where) == (figure if isinstance(figure, list) else [figure]), (operation_id, where)
    text = page.read_text(encoding="utf-8")
    assert 'href="../index.html"' in text
    assert "data:image/png;base64," in text


def test_pages_show_no_code_and_load_nothing_from_the_network(built):
    out, _ = built
    for page in [out / "reports" / "index.html", *operation_pages(out / "reports")]:
        text = page.read_text(encoding="utf-8")
        assert "from toolkit" not in text, page.name
        assert "display(" not in text, page.name
        assert "Kernel is running over TCP" not in text, page.name
        assert not re.search(r"<script[^>]+src=", text), page.name
        assert "cdn.jsdelivr" not in text and "cdnjs" not in text, page.name


def test_no_page_shows_a_parameter_a_file_name_or_the_build_machines_paths(built):
    out, _ = built
    reports = out / "reports"
    pages = [reports / "index.html", reports / "annexes.html", reports / "data-quality.html"]
    pages += operation_pages(reports)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "Paramètres de cette page" not in text and "programme.toml" not in text, page.name
        assert "généré le 14 novembre 2023 à 22:13 UTC" in text, page.name  # SOURCE_DATE_EPOCH, in French
        assert str(out) not in text and str(ROOT) not in text, page.name
    for page in pages[:2] + pages[3:]:  # the data-quality page names files and rules: that is its job
        shown = lxml.html.parse(str(page)).getroot().xpath("string(//main)")
        assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt|\b\w+\.csv\b", shown), page.name


def test_index_links_to_every_operation_page(built):
    out, _ = built
    index = (out / "reports" / "index.html").read_text(encoding="utf-8")
    for page in operation_pages(out / "reports"):
        assert f'href="operations/{page.name}"' in index
    # The nine budgets and grants of the fiches (003, by line), added up here, not by the toolkit.
    budgets = {47: 98_525, 101: 90_115, 168: 108_548, 253: 526_561, 316: 102_050, 401: 104_710, 467: 101_620}
    budgets |= {529: 102_100, 591: 102_220}
    grants = {49: 64_040, 103: 58_575, 170: 66_440, 255: 66_440, 319: 66_333, 403: 66_440, 470: 65_620}
    grants |= {532: 66_000, 593: 66_440}

    def euros(amount: int) -> str:
        return f"{amount:,}".replace(",", NNBSP) + f"{NBSP}€"

    root = lxml.html.fromstring(index)
    stated = f"{euros(sum(budgets.values()))} dont {euros(sum(grants.values()))} de subventions du programme"
    assert _figure(root, "Budget des opérations") == [stated]
    assert stated.startswith(f"1{NNBSP}336{NNBSP}449{NBSP}€")
    annexes = (out / "reports" / "annexes.html").read_text(encoding="utf-8")
    # 001 l. 8: the published people-reached claim, in the claims table of the annexes.
    assert "<td>460 000 personnes</td>" in annexes


def test_executed_notebooks_are_kept_beside_the_pages(built):
    out, _ = built
    assert (out / "reports" / "index.ipynb").is_file()
    assert (out / "reports" / "data-quality.ipynb").is_file()
    assert (out / "reports" / "operations" / "batik-echangeons.ipynb").is_file()


def test_notebooks_run_top_to_bottom_with_their_defaults(tmp_path):
    """As the evaluator opens them in JupyterLab: no parameters, clean data in ../data/clean."""
    # The repository's layout, as JupyterLab sees it from notebooks/.
    shutil.copytree(NOTEBOOKS, tmp_path / "notebooks")
    shutil.copytree(RAW, tmp_path / "data" / "raw")
    shutil.copy(ROOT / "programme.toml", tmp_path / "programme.toml")
    run_clean(RAW, tmp_path / "data" / "clean")
    expected = {
        "operation": "Indicateurs : référence, cible, réalisation",
        "programme": "data:image/png;base64",
        "annexes": "Matrice d'évaluation : questions évaluatives",
    }
    for name, shown in expected.items():
        executed = execute(
            tmp_path / "notebooks" / f"{name}.ipynb", tmp_path / "out" / f"{name}.ipynb", {}, cwd=tmp_path / "notebooks"
        )
        assert shown in executed.read_text(encoding="utf-8").replace("&#x27;", "'"), name


def build_cli(tmp_path: Path, raw_copy: Path, *options: str) -> int:
    """The build command line over a broken copy of the raw data, every output in tmp_path."""
    arguments = ["--raw", str(raw_copy), "--clean", str(tmp_path / "clean"), "--reports", str(tmp_path / "reports")]
    return main(["build", *options, *arguments, "--notebooks", str(NOTEBOOKS), "--jobs", "2"])


def test_strict_build_stops_after_validation(tmp_path, raw_copy, capsys):
    rewrite(raw_copy / "operations.csv", "25 mois", "vingt-cinq lunes")
    assert build_cli(tmp_path, raw_copy, "--strict") == 1
    assert (tmp_path / "clean" / "findings.csv").is_file()
    assert not (tmp_path / "reports" / "index.html").exists()
    last = capsys.readouterr().out.rstrip().splitlines()[-1]
    assert last == "Aucun rapport construit (--strict) : 1 erreur dans les données, 0 ligne en quarantaine"


def _quarantined(clean: Path) -> int:
    """The rows of the quarantine files, counted here with the csv module."""
    import csv

    return sum(
        len(list(csv.DictReader(path.open(encoding="utf-8", newline=""))))
        for path in (clean / "quarantine").glob("*.csv")
    )


def test_a_second_build_on_a_dask_cluster_gives_the_same_bytes(built, tmp_path):
    """Two builds of the same inputs, one on local workers and one on a Dask cluster: byte-identical
    clean data and pages (the date fixed by SOURCE_DATE_EPOCH)."""
    import dask
    from distributed import LocalCluster

    # Workers that may start processes (each page runs in one), as docs/architecture.md says to
    # start them.
    with (
        dask.config.set({"distributed.worker.daemon": False}),
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
    ):
        result = build_at_epoch(tmp_path, executor="dask", scheduler=cluster.scheduler_address)
    assert result.failures == [] and len(result.executed) == 12
    assert_same_outputs(built[0], tmp_path)
    assert "généré le 14 novembre 2023 à 22:13 UTC" in (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    from toolkit.model.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="l'ordonnanceur Dask est injoignable à tcp://127.0.0.1:9"):
        build_at_epoch(tmp_path, executor="dask", scheduler="tcp://127.0.0.1:9")


def test_bad_data_and_a_failing_notebook_never_stop_the_build(tmp_path, raw_copy, chromium, capsys):
    """Errors in the data and a notebook that breaks for one operation: everything else is still built."""
    # Batik's title emptied: an operation without a title cannot have a page, and is set aside whole.
    rewrite(raw_copy / "operations.csv", "Échangeons : pour l'insertion économique et professionnelle des femmes;", ";")
    rewrite(raw_copy / "operations.csv", "La santé et la sécurité au travail", "<script>alert(1)</script> La santé")
    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, notebooks)
    # A notebook that breaks for one operation only, as an evaluator's edit might.
    operation = json.loads((notebooks / "operation.ipynb").read_text(encoding="utf-8"))
    boom = 'if operation_id == "grdr-migrants-ess":\n    raise RuntimeError("cellule cassée")'
    operation["cells"].insert(
        2, {"cell_type": "code", "execution_count": None, "id": "boom", "metadata": {}, "outputs": [], "source": boom}
    )
    (notebooks / "operation.ipynb").write_text(json.dumps(operation), encoding="utf-8")
    reports = tmp_path / "reports"
    (reports / "operations").mkdir(parents=True)
    (reports / "operations" / "grdr-migrants-ess.html").write_text("<p>construction précédente</p>", encoding="utf-8")

    arguments = ["--raw", str(raw_copy), "--clean", str(tmp_path / "clean"), "--reports", str(reports)]
    code = main(["build", *arguments, "--notebooks", str(notebooks), "--jobs", "2"])

    assert code == 3  # some report failed; the data errors alone would give 1
    # The last line counts what the reports leave out (`make report` succeeds on data errors alone).
    last = capsys.readouterr().out.rstrip().splitlines()[-1]
    quarantined = _quarantined(tmp_path / "clean")
    assert quarantined >= 1
    assert last.startswith(f"Rapports construits dans {reports} : ") and last.endswith(
        f"{quarantined} ligne{'s' if quarantined > 1 else ''} en quarantaine (détail dans {reports / 'data-quality.html'})"
    ), last
    assert re.search(r" : [1-9]\d* erreurs? dans les données, ", last), last
    pages = {p.stem for p in (reports / "operations").glob("*.html")}
    assert pages == {
        "cap-solidarites-jeunes", "cgt-banane", "cag44-jeunes-ruraux", "essor-tchad",
        "geres-konseguela", "gret-femmes-migrantes", "spf-comasagua-montauban", "grdr-migrants-ess",
    }  # fmt: skip
    assert (reports / "operations" / "grdr-migrants-ess.failed.ipynb").is_file()
    # The old page is gone: in its place, a page that says why there is none (the index links to it).
    stand_in = (reports / "operations" / "grdr-migrants-ess.html").read_text(encoding="utf-8")
    assert "construction précédente" not in stand_in and 'class="ev-failed-page"' in stand_in
    assert "(cellule 4) : RuntimeError: cellule cassée." in stand_in.replace("\u202f", " ").replace("\u00a0", " ")
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "RuntimeError: cellule cassée" in index
    assert 'href="operations/grdr-migrants-ess.failed.ipynb"' in index
    assert "opération non publiée" in index and "[required]" in index  # the quarantined operation
    for page in (reports / "index.html", reports / "operations" / "cgt-banane.html"):
        text = page.read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text, page.name
        assert "<script>alert(1)</script>" not in text, page.name
    # In a real browser the hostile title reads as text and runs nothing.
    seen = visit(chromium, reports / "operations" / "cgt-banane.html")
    assert "<script>alert(1)</script> La santé" in seen.text
    assert seen.dialogs == [] and seen.console_errors == []
    summary = (reports / "build-summary.csv").read_text(encoding="utf-8")
    failed = r"^operations/grdr-migrants-ess.html,failed,failed,RuntimeError: cellule cassée,\d+,operations/grdr-migrants-ess.failed.ipynb$"
    assert re.search(failed, summary, re.M)
    assert "[required] « title »" in (tmp_path / "clean" / "quarantine" / "operations.csv").read_text(encoding="utf-8")


def test_data_quality_page_is_linked_from_the_index_and_every_operation(built):
    out, _ = built
    page = (out / "reports" / "data-quality.html").read_text(encoding="utf-8")
    assert "lignes brutes = lignes propres + lignes en quarantaine" in page
    assert 'id="op-cgt-banane"' in page
    assert 'href="data-quality.html"' in (out / "reports" / "index.html").read_text(encoding="utf-8")
    operation = (out / "reports" / "operations" / "cgt-banane.html").read_text(encoding="utf-8")
    assert 'href="../data-quality.html#op-cgt-banane"' in operation


def test_a_killed_build_leaves_the_previous_reports_and_the_next_build_completes(tmp_path):
    import shutil
    import signal
    import subprocess
    import sys
    import time

    import nbformat

    # The small programme: what is tested is the publishing, not the pages. One page of the
    # killed build waits, so that the build is surely killed while its pages run, before it
    # publishes: pages now take a fraction of a second each.
    paths = copy_example(tmp_path / "programme")
    reports = paths.reports
    reports.mkdir()
    previous = "<html><body>rapport de la construction précédente</body></html>"
    (reports / "index.html").write_text(previous, encoding="utf-8")
    waiting = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", waiting, ignore=shutil.ignore_patterns("*.py"))
    page = nbformat.read(waiting / "operation.ipynb", as_version=4)
    page.cells.append(nbformat.v4.new_code_cell("if operation_id == 'puits-kayes':\n    import time; time.sleep(120)"))
    nbformat.write(page, waiting / "operation.ipynb")
    command = [sys.executable, "-m", "toolkit", "build", "--config", str(paths.config), "--jobs", "2"]
    process = subprocess.Popen(
        [*command, "--notebooks", str(waiting)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    # Kill the whole build (workers and kernels too) once the other operation's page is built.
    deadline = time.monotonic() + 120
    while not (reports / ".building" / "operations" / "latrines-thies.html").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert time.monotonic() < deadline, "the killed build never reached its pages"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert (reports / "index.html").read_text(encoding="utf-8") == previous
    assert not list(reports.glob("operations/*.html"))

    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 1, finished.stdout[-2000:]  # the example survey's faulty submissions
    assert "rapport de la construction précédente" not in (reports / "index.html").read_text(encoding="utf-8")
    assert len(list(reports.glob("operations/*.html"))) == 2
    assert not (reports / ".building").exists()


def _reading_text(page: Path) -> str:
    root = lxml.html.parse(str(page)).getroot()
    for hidden in root.xpath("//style|//script|//img"):
        hidden.drop_tree()
    return " ".join(root.xpath("string(//body)").split())


def test_french_punctuation_never_starts_a_line(built):
    out, _ = built
    pages = [
        out / "reports" / "index.html",
        out / "reports" / "annexes.html",
        *(out / "reports" / "operations").glob("*.html"),
    ]
    assert len(pages) == 11
    for page in pages:
        root = lxml.html.parse(str(page)).getroot()
        for hidden in root.xpath("//style|//script"):
            hidden.drop_tree()
        text = root.xpath("string(//body)")
        # An ordinary space before ; : ! ? » or after « lets the browser break the line there.
        assert not re.search(r" [;:!?»]|« ", text), (page.name, re.search(r".{30} [;:!?»]|« .{30}", text))
        assert "\u202f;" in text or page.name != "index.html"


def test_the_index_reads_in_one_sitting_and_says_nothing_twice(built):
    out, _ = built
    index = out / "reports" / "index.html"
    words = len(_reading_text(index).split())
    assert 2_000 < words <= 6_000, words
    root = lxml.html.parse(str(index)).getroot()
    captions = [" ".join(c.text_content().split()) for c in root.xpath("//table/caption")]
    headings = [" ".join(h.text_content().split()).rstrip("¶") for h in root.xpath("//h2|//h3")]
    figures = [img.get("alt") for img in root.xpath("//figure/img")]
    for kind, items in (("table", captions), ("heading", headings), ("figure", figures)):
        repeated = {item for item in items if items.count(item) > 1}
        assert not repeated, (kind, repeated)
    assert len(captions) >= 2 and len(figures) >= 2 and root.xpath("count(//section[@class='ev-question'])") == 14
    # The detail has its own page, linked from the report's annex section.
    assert 'href="annexes.html#matrice"' in index.read_text(encoding="utf-8")
    # No rule id, parameter string or truncated name in the report's body.
    text = _reading_text(index)
    assert not re.search(r"\[[a-z_]+\.[a-z_]+\]|\b[a-z_]+ = |…\s*\|", text)
    assert "…" not in text.replace("(familles, structures…)", "").replace("[…]", "")  # […]: a cut in a quotation
