"""What a build says of each page, and the pages it writes in place of those it cannot publish:
the rows of ``build-summary.csv``, the failure a page records, a stand-in for a page that failed.

The last check before publishing (``withhold_pages``) reads the visible text of every page the
reports folder is about to hold, and puts a stand-in in the place of one that shows a name a note
declares confidential (documents.csv ``withheld_names``, check/confidentiality.py): whatever let the
name through (a figure's label, a narrative file, a text the clean stage does not read), it is not
published. The build counts each such page as a data error (exit code 1) and names it with the note,
never with the name."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from toolkit.build.plan import INDEX_LABEL, Page, SitePlan
from toolkit.build.run import FAILED_SUFFIX
from toolkit.model import sitemap
from toolkit.model.errors import NotebookFailed
from toolkit.model.language import _

EXECUTED, CACHED, FAILED = "executed", "cached", "failed"
WITHHELD = "withheld"  # a page's status in build-summary.csv: built, not published (a confidential name)
SUMMARY = "build-summary.csv"


def failure_record(failure: NotebookFailed, reports: Path) -> dict[str, object]:
    """What the index and the build summary say of a failed page: plain data, for the notebook parameters."""
    notebook = Path(failure.notebook)
    try:
        href = notebook.resolve().relative_to(reports.resolve()).as_posix()
    except ValueError:
        href = notebook.name
    if not notebook.is_file():
        href = ""  # the page's process ended before it wrote a notebook: no link to a missing file
    return {
        "page": failure.operation_id or notebook.stem.removesuffix(".failed"),
        "error": failure.error or failure.message,
        "cell": failure.cell,
        "notebook": href,
    }


def summary_rows(
    executed: list[Page], kept: list[Page], failures: list[NotebookFailed], plan: SitePlan, stage: Path
) -> list[dict[str, object]]:
    """One row per page of ``build-summary.csv``: built, kept or failed."""
    rows: list[dict[str, object]] = [{"page": page.html, "status": "ok", "run": EXECUTED} for page in executed]
    rows += [{"page": page.html, "status": "ok", "run": CACHED} for page in kept]
    html = {name: page.html for name, page in plan.by_name().items()}
    for failure in failures:
        record = failure_record(failure, stage)
        rows.append(
            {**record, "page": html.get(failure.page or "", str(record["page"])), "status": "failed", "run": FAILED}
        )
    return rows


def write_summary(reports: Path, rows: list[dict[str, object]]) -> Path:
    """``build-summary.csv``: every page, built, kept or failed, with the error, the cell and the failed notebook."""
    import pandas as pd

    from toolkit.model.outputs import write_csv

    columns = ["page", "status", "run", "error", "cell", "notebook"]
    frame = pd.DataFrame(rows, columns=columns).sort_values(["status", "page"], kind="stable")
    path = reports / SUMMARY
    write_csv(path, frame)
    return path


def stand_in_for_failed_pages(failures: list[NotebookFailed], plan: SitePlan, stage: Path, footer) -> None:
    """Where a page failed, a page that says so: the other pages link to it, and a reviewer who
    follows the link reads why it is missing rather than a browser's error. It is not recorded
    in the manifest: a build whose inputs changed (or --force) runs the page again.

    ``footer(page)`` is the provenance footer of ``page``."""
    from toolkit.build.render import export_notice

    by_name = plan.by_name()
    for failure in failures:
        page = by_name.get(failure.page or "")
        if page is None or (stage / page.html).is_file():
            continue
        cause = escape(failure.error or failure.message)
        said = (
            _("Cette page n'a pas pu être construite lors du dernier build (cellule {cell}) : {cause}.").format(
                cell=failure.cell, cause=cause
            )
            if failure.cell
            else _("Cette page n'a pas pu être construite lors du dernier build : {cause}.").format(cause=cause)
        )
        listed = (
            ""
            if page is plan.programme
            else "<p>" + _("Le rapport du programme liste les pages en échec et leur cause.") + "</p>"
        )
        body = f'<h1>{escape(page.title)}</h1><p class="ev-failed-page">{said}</p>{listed}'
        try:
            export_notice(
                stage / page.html, title=page.title, breadcrumb=page.breadcrumb, footer=footer(page), body=body
            )
        except Exception:  # the failure is listed anyway: a missing stand-in must not stop the build
            (stage / page.html).unlink(missing_ok=True)


@dataclass(frozen=True)
class Withheld:
    """A page not published because it shows a name declared confidential: the page and the notes
    that declare the names it shows (never the names)."""

    page: str  # relative to the reports folder
    notes: tuple[str, ...]

    @property
    def notice(self) -> str:
        from toolkit.check.confidentiality import withheld_notice

        return withheld_notice(self.notes)

    @property
    def line(self) -> str:
        """The build's line for it, in the terminal with the findings."""
        return _("erreur : {page} : {notice}").format(page=self.page, notice=self.notice)


def withhold_pages(stage: Path, reports: Path, kept: Iterable[str], declared: list, footer: str) -> list[Withheld]:
    """Every page about to be published (staged, or ``kept`` from the last build in ``reports``)
    that shows a declared name, replaced in ``stage`` by a stand-in that says why without the name."""
    from toolkit.check.confidentiality import NameFinder, names_shown

    finder = NameFinder(declared)
    if not finder:
        return []
    staged = {path.relative_to(stage).as_posix(): path for path in stage.rglob("*.html")}
    pages = {**{name: reports / name for name in kept if name.endswith(".html")}, **staged}
    withheld = []
    for name, path in sorted(pages.items()):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        found = names_shown(text, finder)
        if found:
            page = Withheld(name, tuple(dict.fromkeys(item.note for item in found)))
            _stand_in_for_withheld(stage / name, page, footer)
            _drop_notebooks(name, stage)
            withheld.append(page)
    return withheld


def _drop_notebooks(page: str, stage: Path) -> None:
    """The executed notebook beside a withheld page holds the same outputs: not published (the one
    the last build published is not carried over, ``publish``'s ``withheld``)."""
    stem = page.removesuffix(".html")
    for suffix in (".ipynb", FAILED_SUFFIX):
        (stage / f"{stem}{suffix}").unlink(missing_ok=True)


def _stand_in_for_withheld(html: Path, page: Withheld, footer: str) -> None:
    """A page that names neither the name nor what the page was (its title may show the name)."""
    from toolkit.build.render import export_notice

    folder = Path(page.page).parent.as_posix()
    folder = "" if folder == "." else folder
    title = _("Page non publiée")
    body = f'<h1>{escape(title)}</h1><p class="ev-failed-page">{escape(page.notice)}</p>'
    html.parent.mkdir(parents=True, exist_ok=True)
    try:
        export_notice(
            html,
            title=title,
            breadcrumb=[(_(INDEX_LABEL), sitemap.href(sitemap.INDEX, from_folder=folder)), (title, "")],
            footer=footer,
            body=body,
        )
    except Exception:  # the page is still withheld: a plain page rather than the one that shows the name
        html.write_text(f"<!DOCTYPE html><html><body>{body}</body></html>", encoding="utf-8")


def mark_withheld(rows: list[dict[str, object]], withheld: list[Withheld]) -> list[dict[str, object]]:
    """The summary's rows with each withheld page's status and reason."""
    reasons = {page.page: page.notice for page in withheld}
    marked = [
        {**row, "status": WITHHELD, "error": reasons.pop(str(row["page"]))} if row["page"] in reasons else row
        for row in rows
    ]
    # A document's page has no row of its own: one for it.
    return marked + [{"page": page, "status": WITHHELD, "run": "", "error": reason} for page, reason in reasons.items()]
