"""The programme report printed to one PDF for a board, through headless Chromium's print.

The PDF is the built report itself, ``index.html`` followed by its annexes page when the
build made one, opened from its files with the network cut off, with
``report/templates/rapport/print.css`` added: a cover, a table of contents with page numbers, a
running header and ``page X / Y`` in the footer (page margin boxes, which unlike Chromium's
header and footer templates can leave the cover blank), no navigation. A long table's columns
are set to the widths that make its rows shortest (BALANCE). Nothing here changes the HTML report.

The table of contents needs the pages its sections land on, so the report is printed twice:
once to learn them (from the PDF's named destinations, which Chromium writes for the targets
of the table of contents' links), once with them filled in; again only if filling them moved
a section.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from toolkit.model import sitemap
from toolkit.model.errors import ConfigurationError, ToolkitError
from toolkit.model.language import N_, _
from toolkit.model.outputs import write_bytes_atomic

REPORT_PAGE = sitemap.INDEX
# Pages of the same build printed after the report, in this order, when they exist. The
# operation pages are not: nine more pages of about twenty pages each would make a board's
# document of some 250 pages; they stay the HTML pages the report links to.
ANNEX_PAGES = (sitemap.ANNEXES,)
KIND = N_("Rapport d'évaluation")  # in the programme's language where shown

# Headless Chromium without the start-up calls to Google's services (the tests use the same).
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# The report is files: anything but its own files and embedded data would leave the machine.
LEAVES_THE_MACHINE = re.compile(r"^(?!(file|data|about):)")
# The page's width between the margins of print.css (A4: 210 mm - 2 x 18 mm), in CSS pixels: the
# window the report is laid out in before printing, so that what is measured there is what prints.
PRINTED_WIDTH_PX = round((210 - 2 * 18) / 25.4 * 96)
# A third of the page's height between the margins (297 mm - 20 mm - 18 mm): the most a block kept
# whole may leave blank at the foot of a page when it moves to the next.
KEEP_HEIGHT_PX = round((297 - 20 - 18) / 3 / 25.4 * 96)
MAX_PASSES = 4  # prints until the table of contents' page numbers are those of the PDF
TIMEOUT_MS = 120_000

# Appends the annex pages' content to the report's <main>, each part starting a page; turns
# links between the printed pages into links inside the document and drops the links to
# other files (from paper they lead nowhere, and the PDF would carry this machine's paths).
# An id an annex shares with the report is renamed, with the links that point to it.
ASSEMBLE = """
({ report, annexes }) => {
  const main = document.querySelector('main');
  main.dataset.evPdfPage = report;
  const used = new Set([...document.querySelectorAll('[id]')].map((node) => node.id));
  const ids = { [report]: {} };
  const starts = { [report]: 'ev-pdf-start-0' };
  const start = document.createElement('span');
  start.id = starts[report];
  main.prepend(start);
  annexes.forEach(({ name, html }, index) => {
    const page = new DOMParser().parseFromString(html, 'text/html');
    const part = document.createElement('section');
    part.className = 'ev-pdf-part';
    part.dataset.evPdfPage = name;
    part.id = starts[name] = 'ev-pdf-start-' + (index + 1);
    ids[name] = {};
    const content = page.querySelector('main') || page.body;
    part.append(...[...content.childNodes].map((node) => document.importNode(node, true)));
    part.querySelectorAll('[id]').forEach((node) => {
      if (used.has(node.id)) {
        const renamed = 'ev-pdf-' + (index + 1) + '-' + node.id;
        ids[name][node.id] = renamed;
        node.id = renamed;
      }
      used.add(node.id);
    });
    main.append(part);
  });
  document.querySelectorAll('a[href]').forEach((link) => {
    const href = link.getAttribute('href');
    if (/^(https?|mailto):/i.test(href)) return;
    const hash = href.indexOf('#');
    const file = hash < 0 ? href : href.slice(0, hash);
    const fragment = hash < 0 ? '' : href.slice(hash + 1);
    const page = file === '' ? link.closest('[data-ev-pdf-page]')?.dataset.evPdfPage : file;
    if (!(page in ids)) {
      link.removeAttribute('href');
    } else if (!fragment) {
      link.setAttribute('href', '#' + starts[page]);
    } else {
      link.setAttribute('href', '#' + (ids[page][fragment] || fragment));
    }
  });
}
"""
# Adds the cover and the table of contents, and returns the sections the table lists: the
# report's h2 and h3, each annex page's h1 and h2 one level down, as printing shows them (not
# the titles of the operation cards, a list rather than sections). Each section gets an empty
# marker with an id, which the table links to: Chromium writes a named destination for it.
PREPARE = """
(cover) => {
  const make = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const clean = (heading) => {
    const copy = heading.cloneNode(true);
    copy.querySelectorAll('.anchor-link').forEach((a) => a.remove());
    return copy.textContent.replace(/\\s+/g, ' ').trim();
  };
  const footer = document.querySelector('.ev-footer');
  const provenance = footer ? footer.textContent.replace(/\\s+/g, ' ').trim() : '';
  const headings = [...document.querySelectorAll('main h1, main h2, main h3')].filter((h) => {
    const inPart = h.closest('.ev-pdf-part') !== null;
    const listed = inPart ? h.tagName !== 'H3' : h.tagName !== 'H1';
    return listed && h.getClientRects().length > 0 && !h.closest('nav') && clean(h);
  });
  const entries = headings.map((h, index) => {
    const mark = make('span', 'ev-pdf-mark');
    mark.id = 'ev-pdf-section-' + index;
    h.prepend(mark);
    const depth = Number(h.tagName[1]) + (h.closest('.ev-pdf-part') ? 1 : 0);
    return { id: mark.id, level: depth, title: clean(h) };
  });

  const page = make('section', 'ev-pdf-cover');
  page.setAttribute('aria-label', cover.coverLabel);
  if (cover.organisation) page.append(make('p', 'ev-pdf-organisation', cover.organisation));
  page.append(make('p', 'ev-pdf-title', cover.title));
  page.append(make('p', 'ev-pdf-kind', cover.kind));
  cover.lines.forEach((line) => page.append(make('p', 'ev-pdf-line', line)));
  if (provenance) page.append(make('p', 'ev-pdf-provenance', provenance));

  const toc = make('nav', 'ev-pdf-toc');
  toc.setAttribute('aria-labelledby', 'ev-pdf-toc-title');
  const title = make('h2', '', cover.contents);
  title.id = 'ev-pdf-toc-title';
  const list = make('ol');
  entries.forEach((entry) => {
    const item = make('li', 'ev-pdf-toc-' + entry.level);
    const link = make('a');
    link.setAttribute('href', '#' + entry.id);
    link.append(make('span', 'ev-pdf-entry', entry.title), make('span', 'ev-pdf-leader'),
                make('span', 'ev-pdf-page', '00'));
    item.append(link);
    list.append(item);
  });
  toc.append(title, list);
  document.body.prepend(page, toc);
  return { provenance, entries };
}
"""
# Tables wider than the page get smaller type, then words that break anywhere (print.css).
NARROW = """
() => {
  const limit = document.documentElement.clientWidth + 1;
  const wide = (table) => table.getClientRects().length > 0 && table.getBoundingClientRect().right > limit;
  for (const step of ['ev-pdf-narrow', 'ev-pdf-narrower']) {
    document.querySelectorAll('main table').forEach((table) => { if (wide(table)) table.classList.add(step); });
  }
}
"""
# Tables, asides and quotations short enough to move to the next page whole without leaving the
# page before it near empty (print.css keeps them together; a longer one breaks between rows).
KEEP = """
(limit) => document.querySelectorAll('main table, main aside, main blockquote').forEach((node) => {
  if (node.getClientRects().length > 0 && node.getBoundingClientRect().height <= limit) {
    node.classList.add('ev-pdf-keep');
  }
})
"""
# A long table's columns as auto layout sets them follow each column's longest line, not the rows'
# heights: a column of long explanations can wrap over ten lines beside a column of short
# citations with room to spare, and each row is as tall as its tallest cell. For each table tall
# enough to break across pages, every cell's height is measured at a range of column widths (a
# copy of the table laid out with all its columns at one width, per width), then the widths that
# make the rows' heights add up to the least are sought one step at a time, moving width from one
# column to another, never narrower than a column's longest word. The table keeps them, in a fixed
# layout of the same total width, only if its real height is lower than it was.
BALANCE = """
({ limit, step }) => {
  const contentHeight = (cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return range.getBoundingClientRect().height;
  };
  document.querySelectorAll('main table').forEach((table) => {
    if (table.getClientRects().length === 0 || table.parentElement.closest('table')) return;
    const before = table.getBoundingClientRect();
    const rows = [...table.rows];
    const columns = rows.length ? rows[0].cells.length : 0;
    if (before.height <= limit || columns < 3 || table.querySelector('colgroup, col')) return;
    if (rows.some((row) => row.cells.length !== columns || [...row.cells].some((c) => c.colSpan > 1 || c.rowSpan > 1))) return;
    const copy = table.cloneNode(true);
    copy.removeAttribute('id');
    copy.querySelectorAll('[id]').forEach((node) => node.removeAttribute('id'));
    const box = document.createElement('div');
    box.style.cssText = 'position: absolute; left: 0; top: 0; visibility: hidden; width: ' + before.width + 'px';
    box.append(copy);
    table.parentElement.append(box);
    // Each column at its narrowest: its longest word.
    copy.style.width = '1px';
    copy.style.tableLayout = 'auto';
    const least = [...copy.rows[0].cells].map((cell) => Math.ceil(cell.getBoundingClientRect().width));
    const group = document.createElement('colgroup');
    for (let j = 0; j < columns; j++) group.append(document.createElement('col'));
    copy.prepend(group);
    copy.style.tableLayout = 'fixed';
    const widths = [];
    // No column can be wider than the table less the others' longest words.
    const widest = before.width - least.reduce((a, b) => a + b, 0) + Math.max(...least);
    for (let width = Math.min(...least); width <= widest; width += step) widths.push(width);
    const heights = widths.map((width) => {  // heights[k][row][column], all columns at widths[k]
      copy.style.width = width * columns + 'px';
      [...group.children].forEach((col) => { col.style.width = width + 'px'; });
      return [...copy.rows].map((row) => [...row.cells].map(contentHeight));
    });
    box.remove();
    const total = (at) => rows.reduce((sum, _row, i) => sum + Math.max(...at.map((k, j) => heights[k][i][j])), 0);
    const lowest = least.map((width) => widths.findIndex((w) => w >= width));
    // Start from the auto layout's widths, on the grid and no narrower than the longest word.
    const auto = [...rows[0].cells].map((cell) => cell.getBoundingClientRect().width);
    let at = auto.map((width, j) => Math.max(lowest[j], Math.round((width - widths[0]) / step)));
    const budget = Math.floor((before.width - widths[0] * columns) / step);
    while (at.reduce((a, b) => a + b, 0) > budget) at[at.indexOf(Math.max(...at))] -= 1;
    let best = total(at);
    for (let moves = 0; moves < 400; moves++) {
      let found = null;
      for (let from = 0; from < columns; from++) {
        for (let to = 0; to < columns; to++) {
          if (from === to) continue;
          for (let units = 1; units <= 4 && at[from] - units >= lowest[from] && at[to] + units < widths.length; units++) {
            const next = at.slice();
            next[from] -= units;
            next[to] += units;
            const height = total(next);
            if (height < best - 0.5) { best = height; found = next; }
          }
        }
      }
      if (!found) break;
      at = found;
    }
    const spare = before.width - at.reduce((sum, k) => sum + widths[k], 0);
    const chosen = at.map((k) => widths[k] + spare / columns);
    const cols = chosen.map((width) => {
      const col = document.createElement('col');
      col.style.width = width + 'px';
      return col;
    });
    const kept = document.createElement('colgroup');
    kept.append(...cols);
    table.prepend(kept);
    table.style.tableLayout = 'fixed';
    table.style.width = before.width + 'px';
    if (table.getBoundingClientRect().height >= before.height) {
      kept.remove();
      table.style.tableLayout = '';
      table.style.width = '';
    }
  });
}
"""
BALANCE_STEP_PX = 8  # the widths tried for a column: every 8 CSS px (about 2 mm)
# Tables, figures and preformatted blocks still wider than the page: printing cuts them off.
TOO_WIDE = """
() => {
  const limit = document.documentElement.clientWidth + 1;
  const name = (node) => {
    const caption = node.querySelector('caption, figcaption');
    const text = caption ? caption.textContent : (node.getAttribute('alt') || node.textContent);
    return node.tagName.toLowerCase() + ' « ' + text.replace(/\\s+/g, ' ').trim().slice(0, 80) + ' »';
  };
  return [...document.querySelectorAll('main table, main figure, main img, main pre')]
    .filter((node) => node.getClientRects().length > 0 && node.getBoundingClientRect().right > limit)
    .filter((node) => !node.parentElement.closest('table, figure'))
    .map(name);
}
"""
FILL = """
(pages) => document.querySelectorAll('.ev-pdf-toc .ev-pdf-page').forEach((span, i) => {
  span.textContent = String(pages[i]);
})
"""
# Chromium names the tagged PDF's structure elements after its DOM node numbers
# ("node00000302"), which shift from one run to the next.
NODE_ID = re.compile(rb"\(node(\d+)\)")
# "… · généré le 29 novembre 2026 à 08:02 UTC · …" (or "generated on 29 November 2026 at 08:02
# UTC"): the build's date, for the footer.
BUILT = re.compile(r"(?:généré le|generated on) ([^·]+?)(?: (?:à|at) [0-9:]+ UTC)?\s*(?:·|$)")


@dataclass(frozen=True)
class Cover:
    """What the cover and the running header say; the build's date and version come from the page."""

    title: str
    short_title: str
    organisation: str = ""
    lines: tuple[str, ...] = ()  # period, evaluator, date of the evaluation…


@dataclass(frozen=True)
class Section:
    level: int  # 2 for a section of the report, 3 for a subsection (an annex page's h1 counts as 2)
    title: str
    page: int  # as the footer numbers it: the cover is page 1


@dataclass(frozen=True)
class PdfSummary:
    path: Path
    pages: int
    size: int  # bytes
    printed: tuple[str, ...]  # the HTML pages it holds, in order
    sections: tuple[Section, ...]
    passes: int  # prints it took for the table of contents to settle
    blocked: tuple[str, ...] = ()  # requests the pages tried to send off the machine, refused
    too_wide: tuple[str, ...] = ()  # tables, figures… wider than the page, which printing cuts off


def find_chromium(chromium_path: Path | None = None) -> Path:
    """The Chromium to print with: the one named, else Debian's ``chromium`` on the PATH."""
    if chromium_path is not None:
        if not Path(chromium_path).is_file():
            raise ConfigurationError(f"Chromium est introuvable : {chromium_path}", path=str(chromium_path))
        return Path(chromium_path)
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise ConfigurationError(
            "Chromium n'est pas installé : `make browser` installe le paquet chromium de Debian, qui imprime le PDF"
        )
    return Path(found)


def print_css() -> str:
    return resources.files("toolkit.report").joinpath("templates", "rapport", "print.css").read_text(encoding="utf-8")


def print_report(
    reports_dir: Path,
    out: Path,
    cover: Cover,
    *,
    chromium_path: Path | None = None,
    browser=None,  # an open Playwright Browser to print with, instead of launching one
) -> PdfSummary:
    """Print the report built in ``reports_dir`` to ``out`` (replaced in one step); say what it holds.

    The PDF's metadata carry no date: the build's date is on the cover and at the foot of each
    page, and printing the same build twice gives the same bytes.
    """
    reports_dir = Path(reports_dir)
    report = reports_dir / REPORT_PAGE
    if not report.is_file():
        raise ConfigurationError(
            f"aucun rapport construit à imprimer : {report} n'existe pas (lancer d'abord `make report`)",
            path=str(report),
        )
    annexes = [reports_dir / name for name in ANNEX_PAGES if (reports_dir / name).is_file()]
    from playwright.sync_api import Error as PlaywrightError

    try:
        if browser is None:
            executable = find_chromium(chromium_path)
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                try:
                    launched = playwright.chromium.launch(
                        executable_path=str(executable), args=list(CHROMIUM_FLAGS), headless=True
                    )
                except PlaywrightError as error:
                    raise ConfigurationError(
                        f"Chromium n'a pas pu démarrer : {_first_line(error)}", path=str(executable)
                    ) from None
                try:
                    printed = _print(launched, report, annexes, cover)
                finally:
                    launched.close()
        else:
            printed = _print(browser, report, annexes, cover)
    except PlaywrightError as error:
        raise ToolkitError(
            f"Chromium n'a pas pu imprimer le rapport : {_first_line(error)}", path=str(report)
        ) from None
    data, sections, passes, blocked, too_wide = printed
    document = _finish(data, sections, cover)
    write_bytes_atomic(Path(out), document)
    return PdfSummary(
        path=Path(out),
        pages=len(_reader(document).pages),
        size=len(document),
        printed=tuple(page.name for page in [report, *annexes]),
        sections=sections,
        passes=passes,
        blocked=blocked,
        too_wide=too_wide,
    )


def _print(browser, report: Path, annexes: list[Path], cover: Cover) -> tuple:
    blocked: list[str] = []
    context = browser.new_context(
        viewport={"width": PRINTED_WIDTH_PX, "height": 1000}, offline=True, locale="fr-FR", java_script_enabled=True
    )

    def refuse(route) -> None:
        blocked.append(route.request.url)
        route.abort()

    try:
        context.route(LEAVES_THE_MACHINE, refuse)
        tab = context.new_page()
        tab.set_default_timeout(TIMEOUT_MS)
        tab.goto(report.resolve().as_uri(), wait_until="load")
        tab.emulate_media(media="print")
        tab.evaluate(
            ASSEMBLE,
            {
                "report": report.name,
                "annexes": [{"name": page.name, "html": page.read_text(encoding="utf-8")} for page in annexes],
            },
        )
        # The annexes' figures are data: images, decoded as they are attached; print once they are.
        tab.wait_for_function("[...document.images].every((image) => image.complete)")
        tab.add_style_tag(content=print_css())
        prepared = tab.evaluate(
            PREPARE,
            {
                "title": cover.title,
                "organisation": cover.organisation,
                "kind": _(KIND),
                "lines": list(cover.lines),
                "coverLabel": _("Couverture"),
                "contents": _("Sommaire"),
            },
        )
        entries = prepared["entries"]
        if not any(entry["level"] == 2 for entry in entries):
            raise ToolkitError(f"{report} n'a aucun titre de section (h2) à lister", path=str(report))
        tab.add_style_tag(content=_margin_rule(cover.short_title, _footnote(prepared["provenance"])))
        tab.evaluate(NARROW)
        tab.evaluate(BALANCE, {"limit": KEEP_HEIGHT_PX, "step": BALANCE_STEP_PX})
        tab.evaluate(KEEP, KEEP_HEIGHT_PX)
        too_wide = tuple(tab.evaluate(TOO_WIDE))
        options = {"format": "A4", "prefer_css_page_size": True, "print_background": True, "tagged": True}
        numbers: list[int] | None = None
        passes = 0
        while True:
            passes += 1
            data = tab.pdf(**options)
            landed = _landing_pages(data, [entry["id"] for entry in entries])
            if landed == numbers:
                break
            if passes == MAX_PASSES:
                raise ToolkitError(
                    f"la table des matières ne s'est pas stabilisée en {MAX_PASSES} impressions : y inscrire "
                    "les numéros de page déplace encore les sections",
                    path=str(report),
                )
            numbers = landed
            tab.evaluate(FILL, numbers)
    finally:
        context.close()
    sections = tuple(
        Section(entry["level"], entry["title"], page) for entry, page in zip(entries, numbers, strict=True)
    )
    return data, sections, passes, tuple(blocked), too_wide


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _css_string(text: str) -> str:
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _margin_rule(short_title: str, footnote: str) -> str:
    """The words of the running header and of the footer (print.css places and styles them)."""
    # Chromium lets the later of two @page rules win, whatever their selectors: the cover's
    # blank margins are said again after the words.
    return (
        f"@page {{ @top-left {{ content: {_css_string(short_title)}; }} "
        f"@top-right {{ content: {_css_string(_(KIND))}; }} "
        f"@bottom-left {{ content: {_css_string(footnote)}; }} }} "
        "@page :first { @top-left { content: none; } @top-right { content: none; } @bottom-left { content: none; } }"
    )


def _footnote(provenance: str) -> str:
    found = BUILT.search(provenance)
    return _("Version du {date}").format(date=found.group(1).strip()) if found else ""


def _reader(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


def _landing_pages(data: bytes, ids: list[str]) -> list[int]:
    """The page (counted from 1, as the footer counts) each marker landed on."""
    reader = _reader(data)
    destinations = {name.lstrip("/"): destination for name, destination in reader.named_destinations.items()}
    missing = [name for name in ids if name not in destinations]
    if missing:
        from toolkit.model.findings import plural  # pandas: only on this rare error

        raise ToolkitError(
            f"le PDF de Chromium n'a pas de destination pour {plural(len(missing), 'section')}", first=missing[0]
        )
    return [reader.get_destination_page_number(destinations[name]) + 1 for name in ids]


def _finish(data: bytes, sections: tuple[Section, ...], cover: Cover) -> bytes:
    """Chromium's PDF with bookmarks for the sections, the report's title and stable metadata."""
    from pypdf import PdfWriter

    from toolkit import __version__

    # Cloning makes pypdf warn that the copy holds more objects than Chromium's trailer counts,
    # which is what a copy that adds to a document does; nothing is wrong with the file.
    log = logging.getLogger("pypdf._writer")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        writer = PdfWriter(clone_from=_reader(data))
    finally:
        log.setLevel(level)
    parents: dict[int, object] = {}
    for section in sections:
        parent = next((parents[level] for level in range(section.level - 1, 1, -1) if level in parents), None)
        parents[section.level] = writer.add_outline_item(
            title=section.title, page_number=section.page - 1, parent=parent
        )
        for deeper in [level for level in parents if level > section.level]:
            del parents[deeper]
    writer.page_mode = "/UseOutlines"
    metadata = {
        "/Title": f"{cover.title} — {KIND.lower()}",
        "/Author": cover.organisation or cover.title,
        "/Subject": KIND,
        "/Creator": f"Boîte à outils d'évaluation {__version__}",
        "/Producer": "Chromium (headless), pypdf",
    }
    writer.metadata = None
    writer.add_metadata(metadata)
    buffer = io.BytesIO()
    writer.write(buffer)
    return _stable_node_ids(buffer.getvalue())


def _stable_node_ids(data: bytes) -> bytes:
    """Each structure element id replaced by its rank among them, with as many digits: the same
    bytes for the same report, the ID tree still in order, every offset of the file unchanged."""
    numbers = sorted({int(digits) for digits in NODE_ID.findall(data)})
    rank = {number: index for index, number in enumerate(numbers)}

    def renumber(found: re.Match) -> bytes:
        digits = found.group(1)
        return b"(node" + str(rank[int(digits)]).zfill(len(digits)).encode() + b")"

    return NODE_ID.sub(renumber, data)
