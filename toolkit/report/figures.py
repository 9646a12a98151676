"""Seaborn figures for the reports, each returned as an accessible HTML figure.

A figure is embedded as a PNG (the page stays one self-contained file) with alternative
text, a caption and its source, and is drawn with a colour-blind-safe palette. PNG
metadata that changes between runs (software version, dates) is left out so that two
builds give the same bytes.

Each figure's title says what the data show (a fact computed from them, never a judgement), and
the alternative text begins with it. What a chart would not show better than words is said in
words: one bar is a sentence, and bars most of which have one length are a compact list.
"""

from __future__ import annotations

import base64
import io
import textwrap
from html import escape

import matplotlib

matplotlib.use("Agg")  # figures are rendered to PNG here, never shown in a window

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.ticker import FuncFormatter, MaxNLocator

from toolkit.ingest.countries import country_name
from toolkit.model import sitemap
from toolkit.model.cells import split_values
from toolkit.model.config import StatusThresholds
from toolkit.model.language import N_, _, ngettext, pgettext
from toolkit.model.qualifiers import ESTIMATES
from toolkit.model.schema import PROGRAMME_ID
from toolkit.model.vocabulary import AchievementStatus, label_of
from toolkit.results.citations import Citer
from toolkit.results.money import Basis, comparable
from toolkit.results.portfolio import Portfolio, figure_source, lead_name, lead_names, refused_in, stated
from toolkit.text import fmt
from toolkit.text.html import Html, paragraph

# A programme whose operations are all quarantined, or not yet entered, has nothing to chart.
NO_OPERATIONS = N_("Aucune opération dans les données propres : la figure n'a rien à montrer.")

PALETTE = sns.color_palette("colorblind")
HIGHLIGHT, OTHERS, SECOND = PALETTE[0], "#b8b8b8", PALETTE[1]
DARK = "#1b1b1b"
# One bar per operation reads well up to this many; a larger portfolio is drawn as a
# distribution of fixed size, so that pages stay small and quick to build at any scale.
MAX_BARS = 30
# A budget at least this many times the median is named in the title; below, the title gives the range.
OUTLIER = 2
# A bar more than this many times the next longest would flatten the others: it is cut, and labelled.
CLIP = 3


def apply_style() -> None:
    sns.set_theme(style="whitegrid", context="notebook", font_scale=0.95)
    plt.rcParams["svg.hashsalt"] = "evaluation-toolkit"


def fiche_sources(portfolio: Portfolio, figures: str) -> str:
    """The documents a figure's values stand in, each with the lines of those values: the budgets and
    grants, the publics of the fiches, or the countries (a figure draws on every operation)."""
    operations = portfolio.operations.to_dict("records")
    if figures == "budget":
        cells = [figure_source(op, name) for op in operations for name in ("budget", "grant")]
    elif figures == "people":
        cells = list(portfolio.persons_groups()["source"])  # the groups the chart adds
    else:
        cells = [op.get("source_countries") for op in operations]
    return Citer.of(portfolio.documents).cited(cells) or _("fiches des opérations")


def wrapped(label: object, width: int = 38) -> str:
    """An axis label on several lines rather than cut short."""
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def french_order(labels) -> list[str]:
    """Labels in the order a French reader looks for them (Égypte with the E), never by code points."""
    return sorted(labels, key=fmt.sort_key)


# Where a page lists the documents its figures come from: the programme report's annex, or
# the operation page's own "Sources" section (with the lines of each reference).
PROGRAMME_SOURCES, OPERATION_SOURCES = sitemap.href(sitemap.ANNEXES, anchor="documents"), "#sources"


def _cited(source: str, sources_href: str) -> str:
    cited = _("Source : {source}").format(source=escape(source))
    references = escape(_("références des documents"))
    return f'<span class="ev-source">{cited} · <a href="{escape(sources_href, quote=True)}">{references}</a></span>'


def figure_html(
    figure: plt.Figure, *, title: str, alt: str, caption: str, source: str, sources_href: str = PROGRAMME_SOURCES
) -> Html:
    """The figure as a PNG under its title, which is also the first sentence of its alternative text
    (the PNG itself carries no title: the page's is the one a reader and a screen reader get)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=96, bbox_inches="tight", metadata={"Software": None})
    plt.close(figure)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    described = f"{title}. {alt}"
    return Html(
        f'<figure class="ev-figure"><img src="data:image/png;base64,{data}" alt="{escape(described, quote=True)}">'
        f'<figcaption><strong class="ev-figure-title">{escape(title)}</strong><br>{escape(caption)}<br>'
        f"{_cited(source, sources_href)}</figcaption></figure>"
    )


def sentence(text: str, source: str, sources_href: str = PROGRAMME_SOURCES) -> Html:
    """What a chart of one bar would show, said in a sentence, cited as the chart would be."""
    return Html(f'<p class="ev-figure-sentence">{escape(text)}<br>{_cited(source, sources_href)}</p>')


def operation_counts(labels) -> pd.Series:
    """label → operations, the largest count first, ties in French alphabetical order."""
    counts = pd.Series(list(labels), dtype="object").value_counts()
    return counts.reindex(sorted(counts.index, key=lambda label: (-int(counts[label]), fmt.sort_key(label))))


def mostly_equal(counts: pd.Series) -> bool:
    """Two bars in three (or more) of one length: a chart would show a wall of equal bars, a list says
    the same in a line."""
    return len(counts) > 0 and int(counts.value_counts().max()) * 3 >= 2 * len(counts)


def compact_list(counts: pd.Series, lead: str, source: str, sources_href: str = PROGRAMME_SOURCES) -> Html:
    """``counts`` in a sentence: "France : 8 opérations ; Mali : 2 ; 1 opération chacun : Colombie, …",
    the labels that share the most common count named together, in French alphabetical order."""
    shared = max(counts.value_counts().items(), key=lambda item: (item[1], item[0]))[0]
    entries: list[str] = []
    for value in sorted(set(counts), reverse=True):
        labels = french_order(label for label, count in counts.items() if count == value)
        operations = fmt.counted(int(value), "opération", "opérations")
        if value == shared and len(labels) > 1:
            entries.append(_("{operations} chacun : {labels}").format(operations=operations, labels=", ".join(labels)))
            continue
        for label in labels:  # the first figure says what it counts; the next ones are plain numbers
            shown = fmt.number(int(value)) if entries else operations
            entries.append(_("{label} : {operations}").format(label=label, operations=shown))
    return Html(
        f'<p class="ev-figure-list"><strong class="ev-figure-title">{escape(lead)}</strong> '
        f"{escape(fmt.semicolons(entries))}.<br>{_cited(source, sources_href)}</p>"
    )


def leader_title(counts: pd.Series, total: int) -> str:
    """A count chart's message: what comes first, and out of how many operations."""
    top = int(counts.iloc[0])
    leaders = [str(label) for label, count in counts.items() if count == top]
    operations = fmt.counted(top, "opération", "opérations")
    if len(leaders) == 1:
        return _("{label} en tête : {operations} sur {total}").format(
            label=leaders[0], operations=operations, total=fmt.number(total)
        )
    return _("En tête à égalité : {labels}, {operations} chacun sur {total}").format(
        labels=", ".join(french_order(leaders)), operations=operations, total=fmt.number(total)
    )


def _count_axis(axis: plt.Axes) -> None:
    """A count of operations: whole numbers only, written as the language writes them."""
    axis.xaxis.set_major_locator(MaxNLocator(integer=True))
    axis.xaxis.set_major_formatter(FuncFormatter(lambda value, _: fmt.number(value)))


def _count_bars(counts: pd.Series, ylabel: str) -> plt.Figure:
    """One bar per label, in the order of ``counts``, each with its count written at its end."""
    data = pd.DataFrame({"label": [wrapped(label) for label in counts.index], "count": counts.to_numpy()})
    figure, axis = plt.subplots(figsize=(8, 0.45 * len(data) + 1.2))
    sns.barplot(data=data, y="label", x="count", color=HIGHLIGHT, ax=axis, orient="h", errorbar=None)
    for bars in axis.containers:
        axis.bar_label(bars, labels=[fmt.number(value) for value in data["count"]], padding=3, fontsize=9)
    _count_axis(axis)
    axis.set(xlabel=_(COUNT), ylabel=ylabel)
    return figure


def _money_axis(axis: plt.Axes, basis: Basis) -> None:
    axis.xaxis.set_major_formatter(FuncFormatter(lambda value, _: fmt.money(value, basis.currency)))


def _dots(axis: plt.Axes, rows: list[tuple[str, pd.Series]], highlight: pd.Series | None) -> None:
    """One row of dots per series, spread vertically in a fixed pattern (no random jitter:
    two builds must give the same image), the highlighted operation as a large diamond."""
    for position, (_label, values) in enumerate(rows):
        present = values.dropna()
        spread = [((rank % 9) - 4) * 0.06 for rank in range(len(present))]
        axis.scatter(present.to_numpy(), [position + offset for offset in spread], s=14, color=OTHERS, alpha=0.8)
        if highlight is not None and pd.notna(highlight.iloc[position]):
            axis.scatter([highlight.iloc[position]], [position], s=90, marker="D", color=HIGHLIGHT, zorder=3)
    axis.set_yticks(range(len(rows)), [label for label, _ in rows])
    axis.set_ylim(len(rows) - 0.5, -0.5)


def _budget_distribution(portfolio: Portfolio, highlight: str | None) -> Html:
    operations = portfolio.operations
    budgets, basis = comparable(operations, portfolio.conversions, "budget")
    grants, _grant_basis = comparable(operations, portfolio.conversions, "grant")
    rows = [(_("Budget total"), budgets), (_("Subvention du programme"), grants)]
    current = None
    if highlight is not None:
        position = operations.index[operations["operation_id"] == highlight][0]
        current = pd.Series([budgets[position], grants[position]])
    figure, axis = plt.subplots(figsize=(8, 3))
    _dots(axis, rows, current)
    _money_axis(axis, basis)
    axis.set(xlabel=basis.axis_label(), ylabel="")
    label = lead_name(portfolio.operation(highlight)) if highlight else ""
    # Drawn only beyond MAX_BARS operations: the count is always a plural.
    alt = _(
        "Nuage de points du budget total et de la subvention des {count} opérations, budgets de {low} à {high}"
    ).format(count=len(operations), low=basis.amount(budgets.min()), high=basis.amount(budgets.max()))
    if label:
        alt = _("{description} ; l'opération de {name} est le losange en couleur").format(description=alt, name=label)
    return figure_html(
        figure,
        title=budget_title(portfolio),
        alt=alt,
        caption=_("Chaque point est une opération ; le losange est celle de cette page.")
        if label
        else _("Chaque point est une opération."),
        source=fiche_sources(portfolio, "budget"),
        sources_href=OPERATION_SOURCES if highlight else PROGRAMME_SOURCES,
    )


def budget_title(portfolio: Portfolio) -> str:
    """The budget chart's message: the largest budget as a multiple of the median where it stands
    OUTLIER times above it, else the range the budgets span."""
    budgets, basis = comparable(portfolio.operations, portfolio.conversions, "budget")
    known = portfolio.operations.assign(compared=budgets).dropna(subset=["compared"])
    if known.empty:
        return _("Aucun budget renseigné")
    highest, lowest = float(known["compared"].max()), float(known["compared"].min())
    leaders = french_order(
        lead_names(portfolio.operations)[key] for key in known.loc[known["compared"] == highest, "operation_id"]
    )
    if len(known) == 1:
        return _("Un seul budget renseigné : {name}, {budget}").format(
            name=leaders[0], budget=stated(known.iloc[0], "budget", basis)
        )
    median = float(known["compared"].median())
    if median > 0 and highest >= OUTLIER * median:
        ratio = fmt.figure(round(highest / median, 1))
        if len(leaders) > 1:
            return _("{names} : un budget {ratio} fois la médiane chacun").format(names=", ".join(leaders), ratio=ratio)
        return _("{name} : un budget {ratio} fois la médiane").format(name=leaders[0], ratio=ratio)
    return _("Budgets de {low} à {high}").format(low=basis.amount(lowest), high=basis.amount(highest))


def budget_message(portfolio: Portfolio) -> str:
    """What the budget chart shows, in a sentence: the largest budget against the median."""
    budgets, basis = comparable(portfolio.operations, portfolio.conversions, "budget")
    operations = portfolio.operations.assign(compared=budgets).dropna(subset=["compared"])
    if operations.empty:
        return _("Aucun budget n'est renseigné.")
    refused_budgets = int(refused_in(portfolio.operations, "budget").sum())
    missing = len(portfolio.operations) - len(operations) - refused_budgets
    unknown = (
        " "
        + _("Budget non renseigné : {operations}.").format(operations=fmt.counted(missing, "opération", "opérations"))
        if missing
        else ""
    ) + (
        " "
        + _("Budget refusé : {operations}.").format(operations=fmt.counted(refused_budgets, "opération", "opérations"))
        if refused_budgets
        else ""
    )
    largest = operations.loc[operations["compared"].idxmax()]
    name, budget = lead_name(largest), stated(largest, "budget", basis)
    if len(operations) == 1:
        return _("Le seul budget renseigné est celui de {name} ({budget}).").format(name=name, budget=budget) + unknown
    median = float(operations["compared"].median())
    ratio = float(largest["compared"]) / median if median else None
    if not ratio:
        return _("Le budget le plus élevé est celui de {name} ({budget}).").format(name=name, budget=budget) + unknown
    message = (
        _(
            "Le budget le plus élevé est celui de {name} ({budget}), {ratio} fois le budget médian ({median} après conversion)."
        )
        if basis.converted
        else _("Le budget le plus élevé est celui de {name} ({budget}), {ratio} fois le budget médian ({median}).")
    )
    return (
        message.format(
            name=name, budget=budget, ratio=fmt.figure(round(ratio, 1)), median=fmt.money(median, basis.currency)
        )
        + unknown
    )


def budget_and_grant(portfolio: Portfolio, highlight: str | None = None) -> Html:
    """Budget and grant of every operation, the current one (if any) in bold."""
    apply_style()
    if portfolio.operations.empty:
        return paragraph(_(NO_OPERATIONS))
    source = fiche_sources(portfolio, "budget")
    sources_href = OPERATION_SOURCES if highlight else PROGRAMME_SOURCES
    if len(portfolio.operations) == 1:  # two bars of one operation: a sentence says them
        operation = portfolio.operations.iloc[0]
        return sentence(
            _("Une seule opération : {name}, budget total {budget}, subvention du programme {grant}.").format(
                name=lead_name(operation),
                budget=stated(
                    operation, "budget", comparable(portfolio.operations, portfolio.conversions, "budget")[1]
                ),
                grant=stated(operation, "grant", comparable(portfolio.operations, portfolio.conversions, "grant")[1]),
            ),
            source,
            sources_href,
        )
    if len(portfolio.operations) > MAX_BARS:
        return _budget_distribution(portfolio, highlight)
    budgets, basis = comparable(portfolio.operations, portfolio.conversions, "budget")
    grants, _grant_basis = comparable(portfolio.operations, portfolio.conversions, "grant")
    operations = portfolio.operations.assign(
        label=portfolio.operations["operation_id"].map(lead_names(portfolio.operations)),
        compared_budget=budgets,
        compared_grant=grants,
    )
    operations = operations.sort_values("label", key=lambda labels: labels.map(fmt.sort_key))
    long = operations.melt(
        id_vars=["operation_id", "label"],
        value_vars=["compared_budget", "compared_grant"],
        var_name="montant",
        value_name="amount",
    ).replace({"montant": {"compared_budget": _("Budget total"), "compared_grant": _("Subvention du programme")}})
    figure, axis = plt.subplots(figsize=(8, 0.55 * len(operations) + 1.5))
    sns.barplot(
        data=long, y="label", x="amount", hue="montant", palette=[HIGHLIGHT, SECOND], ax=axis, orient="h",
        errorbar=None, order=list(operations["label"]),
    )  # fmt: skip
    if highlight is not None:
        current = operations.loc[operations["operation_id"] == highlight, "label"]
        for tick in axis.get_yticklabels():
            if not current.empty and tick.get_text() == current.iloc[0]:
                tick.set_fontweight("bold")
    _money_axis(axis, basis)
    axis.set(xlabel=basis.axis_label(), ylabel=_(LEAD))
    axis.legend(title=None, loc="lower right")
    label = lead_name(portfolio.operation(highlight)) if highlight else ""
    message = budget_message(portfolio)
    alt = _("Budget total et subvention de chaque opération, en barres. {message}").format(message=message)
    if label:
        alt += " " + _("L'opération de {name} est en gras.").format(name=label)
    return figure_html(
        figure,
        title=budget_title(portfolio),
        alt=alt,
        caption=_("Budget total et subvention accordée par le programme, {currency}. {message}").format(
            currency=basis.in_words(), message=message
        ),
        source=source,
        sources_href=sources_href,
    )


LEAD = N_("Porteur de l'opération")
COUNT = N_("Nombre d'opérations")


def _reach_labels() -> dict[str, str]:
    """The legend's words for the persons reached directly and indirectly."""
    return {
        "Directs": pgettext("persons reached", "Directs"),
        "Indirects": pgettext("persons reached", "Indirects"),
    }


def _reached_persons(portfolio: Portfolio) -> pd.DataFrame:
    """The persons of each operation (``_persons``) with its label, the labels in French order, and
    each count as its fiche writes it (``written_Directs``, ``written_Indirects``)."""
    names = lead_names(portfolio.operations)
    persons = _persons(portfolio).assign(label=lambda frame: frame["operation_id"].map(names))
    written = _persons_written(portfolio, names)
    for kind in ("Directs", "Indirects"):
        persons[f"written_{kind}"] = [
            written.get((label, kind), fmt.number(value)) if pd.notna(value) else ""
            for label, value in zip(persons["label"], persons[kind], strict=True)
        ]
    return persons.sort_values("label", key=lambda labels: labels.map(fmt.sort_key)).reset_index(drop=True)


def people_reached(portfolio: Portfolio) -> Html:
    """Direct and indirect people reached, one panel each on its own linear scale; a bar that would
    flatten the others is cut and labelled with its whole figure."""
    apply_style()
    if portfolio.operations.empty:
        return paragraph(_(NO_OPERATIONS))
    if len(portfolio.operations) > MAX_BARS:
        return _people_distribution(portfolio)
    persons = _reached_persons(portfolio)
    source = fiche_sources(portfolio, "people")
    kinds = [kind for kind in ("Directs", "Indirects") if persons[kind].notna().any()]
    bars = sum(int(persons[kind].notna().sum()) for kind in kinds)
    if bars <= 1:
        return sentence(_one_count(persons, kinds), source)
    figure, axes = plt.subplots(
        1, len(kinds), sharey=True, figsize=(4.6 * len(kinds), 0.5 * len(persons) + 1.4), squeeze=False
    )
    words = _reach_labels()
    for axis, kind in zip(axes[0], kinds, strict=True):
        colour = HIGHLIGHT if kind == "Directs" else SECOND
        _people_panel(axis, persons, kind, colour)
        axis.set(title=words[kind], ylabel="")
    axes[0][0].set_ylabel(_(LEAD))
    message = persons_message(portfolio, persons)
    return figure_html(
        figure,
        title=persons_title(persons),
        alt=_(
            "Personnes visées directement et indirectement par chaque opération, en barres, échelle linéaire. {message}"
        ).format(message=message),
        caption=f"{_(PERSONS_CAPTION)} {message}",
        source=source,
    )


def _one_count(persons: pd.DataFrame, kinds: list[str]) -> str:
    if not kinds:
        return _("Aucune fiche ne compte de personnes.")
    row = persons.dropna(subset=[kinds[0]]).iloc[0]
    sentences = {
        "Directs": _("Une seule fiche compte des personnes visées directement : {name}, {count}."),
        "Indirects": _("Une seule fiche compte des personnes visées indirectement : {name}, {count}."),
    }
    return sentences[kinds[0]].format(name=row["label"], count=row[f"written_{kinds[0]}"])


def clip_limit(values: pd.Series) -> tuple[float, bool]:
    """Where a panel's axis ends, and whether its longest bar is cut there: when it is more than CLIP
    times the next one, the axis ends half as far again as that next one."""
    known = sorted(values.dropna(), reverse=True)
    if len(known) >= 2 and known[1] > 0 and known[0] > CLIP * known[1]:
        return 1.5 * float(known[1]), True
    return (1.15 * float(known[0]) if known and known[0] > 0 else 1.0), False


def _people_panel(axis: plt.Axes, persons: pd.DataFrame, kind: str, colour) -> None:
    """One bar per operation, its figure written as the fiche qualifies it ("environ 28 910"): inside a
    long bar, after a short one. A cut bar ends in a break mark and says so."""
    values = persons[kind]
    limit, clipped = clip_limit(values)
    axis.barh(range(len(persons)), values.clip(upper=limit).fillna(0).to_numpy(), color=colour, height=0.6)
    red, green, blue = matplotlib.colors.to_rgb(colour)
    on_bar = "white" if 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.5 else DARK  # the lighter of the two
    for position, (value, text) in enumerate(zip(values, persons[f"written_{kind}"], strict=True)):
        if pd.isna(value):
            continue
        if value > limit:
            text = _("{value}, barre coupée").format(value=text)
            for start in (0.88, 0.92):  # the break mark: two slanted gaps across the bar's end
                axis.plot(
                    [start * limit, (start + 0.02) * limit],
                    [position + 0.35, position - 0.35],
                    color="white",
                    linewidth=2.5,
                )
        inside = min(value, limit) > 0.55 * limit
        axis.text(
            (0.85 if value > limit else 1) * min(value, limit) - (0.01 * limit if inside else -0.01 * limit),
            position,
            text,
            ha="right" if inside else "left",
            va="center",
            fontsize=8,
            color=on_bar if inside else DARK,
        )
    axis.set_xlim(0, limit)
    axis.set_yticks(range(len(persons)), list(persons["label"]))
    axis.set_ylim(len(persons) - 0.5, -0.5)
    axis.grid(False, axis="y")  # rows are operations, not a scale
    axis.xaxis.set_major_locator(MaxNLocator(nbins=4))
    axis.xaxis.set_major_formatter(FuncFormatter(lambda number, _position: fmt.number(number)))
    axis.set_xlabel(_("Personnes"))


def persons_title(persons: pd.DataFrame) -> str:
    """The persons chart's message: who counts the most persons, directly and indirectly."""
    leaders = {}
    for kind in ("Directs", "Indirects"):
        known = persons.dropna(subset=[kind])
        if not known.empty:
            top = known[known[kind] == known[kind].max()]
            leaders[kind] = (", ".join(french_order(top["label"])), top[f"written_{kind}"].iloc[0])
    if not leaders:
        return _("Aucune fiche ne compte de personnes")
    if len(leaders) == 2 and leaders["Directs"][0] == leaders["Indirects"][0]:
        return _("Le plus de personnes visées : {names}, directement ({direct}) et indirectement ({indirect})").format(
            names=leaders["Directs"][0], direct=leaders["Directs"][1], indirect=leaders["Indirects"][1]
        )
    parts = {"Directs": N_("{names} directement ({count})"), "Indirects": N_("{names} indirectement ({count})")}
    said = [_(parts[kind]).format(names=names, count=count) for kind, (names, count) in leaders.items()]
    return _("Le plus de personnes visées : {parts}").format(parts=", ".join(said))


def persons_message(portfolio: Portfolio, persons: pd.DataFrame) -> str:
    """What the persons chart shows: the largest count and how many operations count no persons."""
    names = lead_names(portfolio.operations)
    sentences = {
        "Directs": _("{name} vise le plus de personnes directement ({reach})"),
        "Indirects": _("{name} vise le plus de personnes indirectement ({reach})"),
    }
    parts = []
    for column, sentence in sentences.items():
        known = persons.dropna(subset=[column])
        if known.empty:
            continue
        top = known.loc[known[column].idxmax()]
        others = known[known["operation_id"] != top["operation_id"]][column]
        reach = fmt.number(top[column])
        if len(others) and top[column] > others.sum():
            reach = (
                _("{count}, plus que l'autre")
                if len(others) == 1
                else _("{count}, plus que les {others} autres réunies")
            ).format(count=reach, others=len(others))
        parts.append(sentence.format(name=names[top["operation_id"]], reach=reach))
    none = int(persons[["Directs", "Indirects"]].isna().all(axis=1).sum())
    if none:
        parts.append(
            ngettext(
                "{count} opération ne compte aucun public en personnes",
                "{count} opérations ne comptent aucun public en personnes",
                none,
            ).format(count=fmt.number(none))
        )
    return (fmt.semicolons(parts) + ".") if parts else _("Aucune fiche ne compte de personnes.")


PERSONS_CAPTION = N_(
    "Personnes que les fiches prévoient de toucher (publics visés, non des personnes effectivement touchées), "
    "directement et indirectement : somme des groupes que la fiche compte en personnes "
    "(borne basse d'une plage ou d'un minimum) ; sans barre : aucun groupe compté en personnes. Les autres "
    "publics (familles, structures…) sont sur la page de chaque opération."
)


def _persons_written(portfolio: Portfolio, labels: dict[str, str]) -> dict[tuple[str, str], str]:
    """Each operation's persons total as its bar shows it, qualifier and note included."""
    kinds = {"direct": "Directs", "indirect": "Indirects"}
    written = {}
    for total in portfolio.persons_reached().to_dict("records"):
        if fmt.is_missing(total["total"]) or total["reach"] not in kinds:
            continue
        text = fmt.measured(total["total"], total["total_max"], total["qualifier"])
        if total["estimated"] and total["qualifier"] not in ESTIMATES:
            text = _("{value} (estimation comprise)").format(value=text)
        written[(labels.get(total["operation_id"], ""), kinds[total["reach"]])] = text
    return written


def _persons(portfolio: Portfolio) -> pd.DataFrame:
    """One row per operation: the persons its fiche counts, direct and indirect (NaN where none)."""
    totals = portfolio.persons_reached()
    wide = totals.pivot(index="operation_id", columns="reach", values="total") if len(totals) else pd.DataFrame()
    wide = wide.reindex(index=portfolio.operation_ids, columns=["direct", "indirect"]).astype("float64")
    return wide.rename(columns={"direct": "Directs", "indirect": "Indirects"}).rename_axis("operation_id").reset_index()


def _people_axis(axis: plt.Axes, *, ylabel: str) -> None:
    """Persons only, on a linear scale (a log scale hides how far apart the counts are), numbers in the
    language's way."""
    axis.xaxis.set_major_formatter(FuncFormatter(lambda value, _position: fmt.number(value)))
    axis.set(xlabel=_("Personnes"), ylabel=ylabel)


def _people_distribution(portfolio: Portfolio) -> Html:
    operations = portfolio.operations
    persons = _reached_persons(portfolio)
    rows = [("Directs", persons["Directs"]), ("Indirects", persons["Indirects"])]
    words = _reach_labels()
    figure, axis = plt.subplots(figsize=(8, 3))
    _dots(axis, [(words[label], values.where(values > 0)) for label, values in rows], None)
    _people_axis(axis, ylabel="")
    known = {label: int(values.notna().sum()) for label, values in rows}
    return figure_html(
        figure,
        title=persons_title(persons),
        alt=_(
            "Nuage de points, échelle linéaire, des personnes visées par {count} opérations : "
            "{direct} comptent des personnes visées directement, {indirect} indirectement"
        ).format(count=len(operations), direct=known["Directs"], indirect=known["Indirects"]),
        caption=_("Chaque point est une opération.") + " " + _(PERSONS_CAPTION),
        source=fiche_sources(portfolio, "people"),
    )


def countries(portfolio: Portfolio) -> Html:
    """Number of operations working in each country; a list when most countries have the same number."""
    apply_style()
    if portfolio.operations.empty:
        return paragraph(_(NO_OPERATIONS))
    counts = operation_counts(
        country_name(code) for codes in portfolio.operations["countries"] for code in split_values(codes)
    )
    source = fiche_sources(portfolio, "countries")
    if counts.empty:
        return sentence(_("Aucun pays n'est renseigné."), source)
    if mostly_equal(counts):
        lead = ngettext("{count} pays d'intervention.", "{count} pays d'intervention.", len(counts))
        return compact_list(counts, lead.format(count=fmt.number(len(counts))), source)
    figure = _count_bars(counts, _("Pays"))
    message = countries_message(counts.rename_axis("pays").reset_index(name="opérations"))
    return figure_html(
        figure,
        title=leader_title(counts, len(portfolio.operations)),
        alt=_("Nombre d'opérations par pays, en barres. {message}").format(message=message),
        caption=_("Nombre d'opérations intervenant dans chaque pays. {message}").format(message=message),
        source=source,
    )


def countries_message(counts: pd.DataFrame) -> str:
    if counts.empty:
        return _("Aucun pays n'est renseigné.")
    first = counts.iloc[0]
    operations = fmt.counted(int(first["opérations"]), "opération", "opérations")
    if len(counts) == 1:
        return _("1 pays : {country}, avec {operations}.").format(country=first["pays"], operations=operations)
    alone = int((counts["opérations"] == 1).sum())
    if alone == len(counts):  # no country leads when each has one operation
        return _("{count} pays, chacun avec une opération.").format(count=len(counts))
    leaders = counts.loc[counts["opérations"] == first["opérations"], "pays"].tolist()
    if len(leaders) > 1:
        return _("{count} pays ; en tête, à égalité, avec {operations} chacun : {countries}.").format(
            count=len(counts), operations=operations, countries=", ".join(leaders)
        )
    message = (
        ngettext(
            "{count} pays ; {country} en tête avec {operations} ; {alone} pays ne compte qu'une opération.",
            "{count} pays ; {country} en tête avec {operations} ; {alone} pays ne comptent qu'une opération.",
            alone,
        )
        if alone
        else _("{count} pays ; {country} en tête avec {operations}.")
    )
    return message.format(count=len(counts), country=first["pays"], operations=operations, alone=fmt.number(alone))


def themes(portfolio: Portfolio) -> Html:
    """Operations by the programme's own grouping (its shared issues) where a document gives one for
    every operation; otherwise by the themes the transcriber gave them, said to be such."""
    apply_style()
    if portfolio.operations.empty:
        return paragraph(_(NO_OPERATIONS))
    operations = portfolio.operations
    shared = operations["shared_issue"] if "shared_issue" in operations else pd.Series(dtype="str")
    own = len(operations) > 0 and shared.notna().all()
    if own:
        counts = operation_counts(str(value) for value in shared)
        source = Citer.of(portfolio.documents).cited(operations["source_shared_issue"].dropna())
        lead = ngettext("{count} enjeu partagé.", "{count} enjeux partagés.", len(counts))
    else:
        counts = operation_counts(theme for value in operations["themes"] for theme in split_values(value))
        source = _("classement du transcripteur des données")
        lead = ngettext(
            "{count} thème, attribué par le transcripteur des données, non par les documents.",
            "{count} thèmes, attribués par le transcripteur des données, non par les documents.",
            len(counts),
        )
    if counts.empty:
        return sentence(_("Aucun thème n'est renseigné."), source)
    if mostly_equal(counts):
        return compact_list(counts, lead.format(count=fmt.number(len(counts))), source)
    title = leader_title(counts, len(operations))
    if own:
        return figure_html(
            _count_bars(counts, _("Enjeu partagé")),
            title=title,
            alt=_("Diagramme en barres du nombre d'opérations par enjeu partagé"),
            caption=_("Nombre d'opérations que le programme regroupe sous chaque enjeu partagé."),
            source=source,
        )
    return figure_html(
        _count_bars(counts, _("Thème")),
        title=title,
        alt=_("Diagramme en barres du nombre d'opérations par thème"),
        caption=_(
            "Nombre d'opérations qui abordent chaque thème (une opération peut en aborder plusieurs) ; "
            "thèmes attribués par le transcripteur des données, non par les documents."
        ),
        source=source,
    )


def _no_progress(portfolio: Portfolio, operation_id: str) -> Html:
    targets = int((portfolio.achievement["operation_id"] == operation_id).sum())
    if not targets:
        return paragraph(_("Pas de graphique de progression : l'opération n'a pas de cible chiffrée."), "ev-source")
    return paragraph(
        ngettext(
            "Pas de graphique de progression : aucune des {count} cibles de l'opération n'a de réalisation "
            "rapportée pour la même période, aucun taux d'atteinte n'est donc calculable.",
            "Pas de graphique de progression : aucune des {count} cibles de l'opération n'a de réalisation "
            "rapportée pour la même période, aucun taux d'atteinte n'est donc calculable.",
            targets,
        ).format(count=targets),
        "ev-source",
    )


def progress(portfolio: Portfolio, operation_id: str, thresholds: StatusThresholds) -> Html:
    """The achievement rate of each target that has one, against the configuration's "atteint" threshold:
    the rates of the indicator table, one bar each in the table's order, never an average over periods
    or disaggregations. The title counts the targets by the table's status, which those thresholds
    decide, so the chart and the table never disagree."""
    from toolkit.report.framework import UNDATED, indicator_rows

    rows = indicator_rows(portfolio, operation_id)
    rated = rows[rows["achievement"].notna()] if not rows.empty else rows
    if rated.empty:
        return _no_progress(portfolio, operation_id)
    apply_style()
    titles = portfolio.indicators.set_index("indicator_id")["title"]
    records = rated.to_dict("records")
    undated = _(UNDATED)
    labels = [_progress_label(titles.get(row["indicator_id"], row["indicator_id"]), row, undated) for row in records]
    if len(set(labels)) < len(labels):  # two indicators with one title: their ids tell the bars apart
        labels = [f"{label} [{row['indicator_id']}]" for label, row in zip(labels, records, strict=True)]
    data = pd.DataFrame({"indicateur": labels, "achievement": rated["achievement"].astype(float).to_numpy()})
    percent = pgettext("a percentage on a chart's axis", "{value} %")
    threshold = percent.format(value=fmt.figure(thresholds.achieved))
    source = Citer.of(portfolio.documents).text(
        " + ".join(dict.fromkeys(portfolio.observations_of(operation_id)["source"].dropna()))
    )
    if len(data) == 1:
        return sentence(
            _("Une seule cible a un taux d'atteinte : {target}, {rate}.").format(
                target=labels[0].replace("\n", " "),
                rate=percent.format(value=fmt.figure(round(float(data["achievement"].iloc[0]), 1))),
            ),
            source,
            OPERATION_SOURCES,
        )
    figure, axis = plt.subplots(figsize=(8, 0.5 * len(data) + 1.5))
    sns.barplot(data=data, y="indicateur", x="achievement", color=HIGHLIGHT, ax=axis, orient="h", errorbar=None)
    axis.axvline(thresholds.achieved, color="#333333", linestyle="--", linewidth=1)
    axis.xaxis.set_major_formatter(FuncFormatter(lambda value, _position: percent.format(value=fmt.number(value))))
    axis.set(xlabel=_("Taux d'atteinte de la cible (%)"), ylabel=_("Indicateur"))
    return figure_html(
        figure,
        title=_("Cibles au statut « {status} » : {reached} sur {count}").format(
            status=label_of(AchievementStatus.ACHIEVED, AchievementStatus),
            reached=fmt.number(int((rated["status"] == AchievementStatus.ACHIEVED).sum())),
            count=fmt.number(len(data)),
        ),
        alt=_("Diagramme en barres du taux d'atteinte de {targets}, avec une ligne verticale à {threshold}").format(
            targets=ngettext("{count} cible", "{count} cibles", len(data)).format(count=fmt.number(len(data))),
            threshold=threshold,
        ),
        caption=_(
            "Taux d'atteinte de chaque cible qui a une réalisation pour la même période, tel que le donne le "
            "tableau ci-dessus ; ligne : seuil du statut « {status} » ({threshold} de la cible), celui de la "
            "configuration du programme."
        ).format(status=label_of(AchievementStatus.ACHIEVED, AchievementStatus), threshold=threshold),
        source=source,
        sources_href=OPERATION_SOURCES,
    )


def _progress_label(title: str, row: dict, undated: str) -> str:
    """A bar's label: the indicator, its disaggregation and the period of its rate, when it has them.
    Each series is a bar of its own, so two labels never merge into one averaged bar."""
    label = str(title)
    if not fmt.is_missing(row.get("dimensions")):
        label += f" ({row['dimensions']})"
    if row.get("achievement_period") and row["achievement_period"] != undated:
        label += f", {row['achievement_period']}"
    return wrapped(label)


def _not_assessable(label: str) -> bool:
    # A scale's "cannot be judged" level is not a step of the scale: it is drawn apart, in grey.
    return label.casefold().startswith("non évaluable")


def ratings_heatmap(portfolio: Portfolio, config) -> Html:
    """Criteria × operations (and the programme): each cell the evaluator's rating of the criterion,
    coloured by its step on the scale; nothing when no rating is given."""
    from toolkit.report.evaluation import CRITERIA_FR, criterion_label, with_criteria

    ratings = with_criteria(portfolio)
    ratings = ratings[ratings["rating"].notna() & (ratings["level"] == "criterion")] if len(ratings) else ratings
    if ratings.empty:
        return Html("")
    names = {**lead_names(portfolio.operations), PROGRAMME_ID: pgettext("the programme as a whole", "Programme")}
    if len(ratings) == 1:
        return sentence(_one_rating(ratings.iloc[0], config, names), _("appréciations de l'évaluateur"))
    apply_style()
    steps = [code for code, label in config.rating_scale.items() if not _not_assessable(label)]
    rank = {code: position for position, code in enumerate(steps)}
    columns = [*sorted(portfolio.operation_ids, key=lambda key: fmt.sort_key(names[key])), PROGRAMME_ID]
    # Filled by operation id, then labelled by short name: two operations may share a lead.
    grid = pd.DataFrame(index=[criterion_label(code) for code in CRITERIA_FR], columns=columns, dtype="float64")
    codes = pd.DataFrame("", index=grid.index, columns=grid.columns)
    for row in ratings.to_dict("records"):
        if row["criterion"] in CRITERIA_FR and row["operation_id"] in names:
            cell = (criterion_label(row["criterion"]), row["operation_id"])
            codes.loc[cell] = str(row["rating"])
            grid.loc[cell] = rank.get(str(row["rating"]), float("nan"))
    grid.columns = codes.columns = [names[c] for c in columns]
    palette = sns.color_palette("Blues_r", len(steps) + 1)[: len(steps)]
    figure, axis = plt.subplots(figsize=(1.1 * len(columns) + 2.5, 0.5 * len(grid) + 1.5))
    axis.set_facecolor("#d9d9d9")  # a cell without a step (not assessable, or not rated) stays grey
    sns.heatmap(
        grid, ax=axis, cmap=matplotlib.colors.ListedColormap(palette), vmin=-0.5, vmax=len(steps) - 0.5,
        annot=codes, fmt="", cbar=False, linewidths=1, linecolor="white",
        annot_kws={"fontsize": 10, "fontweight": "bold"},
    )  # fmt: skip
    axis.grid(False)
    for i in range(len(grid.index)):  # seaborn leaves a grey cell unlabelled: it still has its code
        for j in range(len(grid.columns)):
            if pd.isna(grid.iat[i, j]) and codes.iat[i, j]:
                axis.text(j + 0.5, i + 0.5, codes.iat[i, j], ha="center", va="center", fontsize=10)
    for text in axis.texts:  # dark steps carry white codes, light ones dark codes
        value = rank.get(text.get_text())
        text.set_color("white" if value is not None and value < len(steps) / 2 else DARK)
    axis.set(xlabel="", ylabel="")
    axis.tick_params(axis="x", rotation=30)
    message = ratings_message(ratings, config, names)
    return figure_html(
        figure,
        title=ratings_title(ratings, config),
        alt=_("Grille des appréciations, critères en lignes, porteurs et programme en colonnes. {message}").format(
            message=message
        ),
        caption=_(
            "Chaque case porte la note de l'évaluateur ; plus elle est foncée, meilleure est la note ; en gris : "
            "non évaluable ou pas encore apprécié. {message}"
        ).format(message=message),
        source=_("appréciations de l'évaluateur"),
    )


def _one_rating(row: pd.Series, config, names: dict[str, str]) -> str:
    from toolkit.report.evaluation import criterion_label

    code = str(row["rating"])
    return _("Une seule appréciation de l'évaluateur : {criterion}, {name} : {rating}.").format(
        criterion=criterion_label(row["criterion"]),
        name=names.get(row["operation_id"], row["operation_id"]),
        rating=fmt.quoted(config.rating_scale.get(code, code)),
    )


def _ranked(ratings: pd.DataFrame, config) -> tuple[pd.DataFrame, pd.Series]:
    """The ratings with their step on the scale (best first), and each criterion's mean step."""
    steps = [code for code, label in config.rating_scale.items() if not _not_assessable(label)]
    ranked = ratings.assign(step=ratings["rating"].astype(str).map({code: i for i, code in enumerate(steps)}))
    return ranked, ranked.dropna(subset=["step"]).groupby("criterion")["step"].mean()


def ratings_title(ratings: pd.DataFrame, config) -> str:
    """The grid's message: the criterion rated lowest on average, where any rating is on the scale."""
    from toolkit.report.evaluation import criterion_label

    _ranked_ratings, means = _ranked(ratings, config)
    if means.empty:
        return ngettext(
            "{count} appréciation, aucune sur l'échelle", "{count} appréciations, aucune sur l'échelle", len(ratings)
        ).format(count=fmt.number(len(ratings)))
    return _("Critère le moins bien apprécié en moyenne : {criterion}").format(
        criterion=criterion_label(means.idxmax()).lower()
    )


def ratings_message(ratings: pd.DataFrame, config, names: dict[str, str]) -> str:
    """How the ratings fall: how many at each level, and the criterion rated lowest on average."""
    from toolkit.report.evaluation import criterion_label

    counts = ratings["rating"].astype(str).value_counts()
    levels = ", ".join(
        f"{fmt.number(counts[code])} {fmt.quoted(label)}"
        for code, label in config.rating_scale.items()
        if code in counts
    )
    ranked, means = _ranked(ratings, config)
    if means.empty:
        return _("Sur {count} appréciations : {levels}.").format(count=len(ratings), levels=levels)
    weakest = means.idxmax()
    mine = ranked[ranked["criterion"] == weakest]
    where = mine[mine["step"] == mine["step"].max()]["operation_id"]
    lowest = ", ".join(names.get(o, o) for o in where)
    return _(
        "Sur {count} appréciations : {levels}. Le critère le moins bien apprécié est {criterion} "
        "(note la plus basse : {lowest})."
    ).format(count=len(ratings), levels=levels, criterion=criterion_label(weakest).lower(), lowest=lowest)
