"""Seaborn figures for the reports, each returned as an accessible HTML figure.

A figure is embedded as a PNG (the page stays one self-contained file) with alternative
text, a caption and its source, and is drawn with a colour-blind-safe palette. PNG
metadata that changes between runs (software version, dates) is left out so that two
builds give the same bytes.
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
from toolkit.model.language import N_, _, ngettext, pgettext
from toolkit.model.qualifiers import ESTIMATES
from toolkit.model.schema import PROGRAMME_ID
from toolkit.results.citations import Citer
from toolkit.results.money import Basis, comparable
from toolkit.results.portfolio import Portfolio, figure_source, lead_name, lead_names, refused_in, stated
from toolkit.text import fmt
from toolkit.text.html import Html, paragraph

# A programme whose operations are all quarantined, or not yet entered, has nothing to chart.
NO_OPERATIONS = N_("Aucune opération dans les données propres : la figure n'a rien à montrer.")

PALETTE = sns.color_palette("colorblind")
HIGHLIGHT, OTHERS, SECOND = PALETTE[0], "#b8b8b8", PALETTE[1]
# One bar per operation reads well up to this many; a larger portfolio is drawn as a
# distribution of fixed size, so that pages stay small and quick to build at any scale.
MAX_BARS = 30


def _style() -> None:
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


# Where a page lists the documents its figures come from: the programme report's annex, or
# the operation page's own "Sources" section (with the lines of each reference).
PROGRAMME_SOURCES, OPERATION_SOURCES = sitemap.href(sitemap.ANNEXES, anchor="documents"), "#sources"


def figure_html(
    figure: plt.Figure, *, alt: str, caption: str, source: str, sources_href: str = PROGRAMME_SOURCES
) -> Html:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=96, bbox_inches="tight", metadata={"Software": None})
    plt.close(figure)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    cited = _("Source : {source}").format(source=escape(source))
    references = escape(_("références des documents"))
    return Html(
        f'<figure class="ev-figure"><img src="data:image/png;base64,{data}" alt="{escape(alt, quote=True)}">'
        f'<figcaption>{escape(caption)}<br><span class="ev-source">{cited} · '
        f'<a href="{escape(sources_href, quote=True)}">{references}</a></span></figcaption></figure>'
    )


def _count_axis(axis: plt.Axes) -> None:
    """A count of operations: whole numbers only, written as the language writes them."""
    axis.xaxis.set_major_locator(MaxNLocator(integer=True))
    axis.xaxis.set_major_formatter(FuncFormatter(lambda value, _: fmt.number(value)))


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
    axis.set(xlabel=basis.axis_label(), ylabel="", title=_(BUDGET_TITLE))
    label = lead_name(portfolio.operation(highlight)) if highlight else ""
    # Drawn only beyond MAX_BARS operations: the count is always a plural.
    alt = _(
        "Nuage de points du budget total et de la subvention des {count} opérations, budgets de {low} à {high}"
    ).format(count=len(operations), low=basis.amount(budgets.min()), high=basis.amount(budgets.max()))
    if label:
        alt = _("{description} ; l'opération de {name} est le losange en couleur").format(description=alt, name=label)
    return figure_html(
        figure,
        alt=alt,
        caption=_("Chaque point est une opération ; le losange est celle de cette page.")
        if label
        else _("Chaque point est une opération."),
        source=fiche_sources(portfolio, "budget"),
        sources_href=OPERATION_SOURCES if highlight else PROGRAMME_SOURCES,
    )


BUDGET_TITLE = N_("Budget total et subvention du programme, par opération")


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
    """Budget and grant of every operation, the current one (if any) in colour."""
    _style()
    if portfolio.operations.empty:
        return paragraph(_(NO_OPERATIONS))
    if len(portfolio.operations) > MAX_BARS:
        return _budget_distribution(portfolio, highlight)
    budgets, basis = comparable(portfolio.operations, portfolio.conversions, "budget")
    grants, _grant_basis = comparable(portfolio.operations, portfolio.conversions, "grant")
    operations = portfolio.operations.assign(
        label=portfolio.operations["operation_id"].map(lead_names(portfolio.operations)),
        compared_budget=budgets,
        compared_grant=grants,
    )
    long = operations.melt(
        id_vars=["operation_id", "label"],
        value_vars=["compared_budget", "compared_grant"],
        var_name="montant",
        value_name="amount",
    ).replace({"montant": {"compared_budget": _("Budget total"), "compared_grant": _("Subvention du programme")}})
    figure, axis = plt.subplots(figsize=(8, 0.55 * len(operations) + 1.5))
    sns.barplot(
        data=long, y="label", x="amount", hue="montant", palette=[HIGHLIGHT, SECOND], ax=axis, orient="h", errorbar=None
    )
    if highlight is not None:
        current = operations.loc[operations["operation_id"] == highlight, "label"]
        for tick in axis.get_yticklabels():
            if not current.empty and tick.get_text() == current.iloc[0]:
                tick.set_fontweight("bold")
    _money_axis(axis, basis)
    axis.set(xlabel=basis.axis_label(), ylabel=_(LEAD), title=_(BUDGET_TITLE))
    axis.legend(title=None, loc="lower right")
    label = lead_name(portfolio.operation(highlight)) if highlight else ""
    message = budget_message(portfolio)
    alt = _("Budget total et subvention de chaque opération, en barres. {message}").format(message=message)
    if label:
        alt += " " + _("L'opération de {name} est en gras.").format(name=label)
    return figure_html(
        figure,
        alt=alt,
        caption=_("Budget total et subvention accordée par le programme, {currency}. {message}").format(
            currency=basis.in_words(), message=message
        ),
        source=fiche_sources(portfolio, "budget"),
        sources_href=OPERATION_SOURCES if highlight else PROGRAMME_SOURCES,
    )


LEAD = N_("Porteur de l'opération")


def _reach_labels() -> dict[str, str]:
    """The legend's words for the persons reached directly and indirectly."""
    return {
        "Directs": pgettext("persons reached", "Directs"),
        "Indirects": pgettext("persons reached", "Indirects"),
    }


def people_reached(portfolio: Portfolio) -> Html:
    """Direct and indirect people reached, on a log scale; missing numbers say so on the chart."""
    _style()
    if portfolio.operations.empty:
        return paragraph(_(NO_OPERATIONS))
    if len(portfolio.operations) > MAX_BARS:
        return _people_distribution(portfolio)
    operations = portfolio.operations.assign(
        label=portfolio.operations["operation_id"].map(lead_names(portfolio.operations))
    )
    persons = _persons(portfolio)
    long = operations.merge(persons, on="operation_id", how="left").melt(
        id_vars=["label"],
        value_vars=["Directs", "Indirects"],
        var_name="type",
        value_name="nombre",
    )
    long["type"] = long["type"].map(_reach_labels())
    figure, axis = plt.subplots(figsize=(8, 0.55 * len(operations) + 1.5))
    sns.barplot(
        data=long.dropna(subset=["nombre"]),
        y="label",
        x="nombre",
        hue="type",
        palette=[HIGHLIGHT, SECOND],
        ax=axis,
        order=list(operations["label"]),
        orient="h",
        errorbar=None,
    )
    # Each bar carries its figure as the fiche's words qualify it ("environ 28 910", "au moins 82
    # (estimation comprise)"): small counts stay readable beside large ones, and no qualifier is lost.
    written = _persons_written(portfolio, dict(zip(operations["operation_id"], operations["label"], strict=True)))
    ticks = [tick.get_text() for tick in axis.get_yticklabels()]
    for bars, kind in zip(axis.containers, ("Directs", "Indirects"), strict=False):
        labels = []
        for bar in bars:
            position = round(bar.get_y() + bar.get_height() / 2)
            label = ticks[position] if 0 <= position < len(ticks) else ""
            labels.append(written.get((label, kind), fmt.number(bar.get_width())))
        axis.bar_label(bars, labels=labels, padding=3, fontsize=8)
    _people_axis(axis, ylabel=_(LEAD))
    axis.legend(title=None, loc="lower right")
    message = persons_message(portfolio, persons)
    return figure_html(
        figure,
        alt=_(
            "Personnes visées directement et indirectement par chaque opération, en barres, échelle linéaire. {message}"
        ).format(message=message),
        caption=f"{_(PERSONS_CAPTION)} {message}",
        source=fiche_sources(portfolio, "people"),
    )


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
    axis.set(
        xlabel=_("Personnes"),
        ylabel=ylabel,
        title=_("Personnes visées selon les fiches"),
    )


def _people_distribution(portfolio: Portfolio) -> Html:
    operations = portfolio.operations
    persons = _persons(portfolio)
    rows = [("Directs", persons["Directs"]), ("Indirects", persons["Indirects"])]
    words = _reach_labels()
    figure, axis = plt.subplots(figsize=(8, 3))
    _dots(axis, [(words[label], values.where(values > 0)) for label, values in rows], None)
    _people_axis(axis, ylabel="")
    known = {label: int(values.notna().sum()) for label, values in rows}
    return figure_html(
        figure,
        alt=_(
            "Nuage de points, échelle linéaire, des personnes visées par {count} opérations : "
            "{direct} comptent des personnes visées directement, {indirect} indirectement"
        ).format(count=len(operations), direct=known["Directs"], indirect=known["Indirects"]),
        caption=_("Chaque point est une opération.") + " " + _(PERSONS_CAPTION),
        source=fiche_sources(portfolio, "people"),
    )


def countries(portfolio: Portfolio) -> Html:
    """Number of operations working in each country."""
    _style()
    if portfolio.operations.empty:
        return paragraph(_(NO_OPERATIONS))
    counts = (
        pd.Series([country_name(code) for codes in portfolio.operations["countries"] for code in split_values(codes)])
        .value_counts()
        .rename_axis("pays")
        .reset_index(name="opérations")
        .sort_values(["opérations", "pays"], ascending=[False, True])
    )
    figure, axis = plt.subplots(figsize=(8, 0.35 * len(counts) + 1.2))
    sns.barplot(data=counts, y="pays", x="opérations", color=HIGHLIGHT, ax=axis, orient="h", errorbar=None)
    _count_axis(axis)
    axis.set(xlabel=_(COUNT), ylabel=_("Pays"), title=_("Pays d'intervention des opérations"))
    message = countries_message(counts)
    return figure_html(
        figure,
        alt=_("Nombre d'opérations par pays, en barres. {message}").format(message=message),
        caption=_("Nombre d'opérations intervenant dans chaque pays. {message}").format(message=message),
        source=fiche_sources(portfolio, "countries"),
    )


COUNT = N_("Nombre d'opérations")


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
    _style()
    if portfolio.operations.empty:
        return paragraph(_(NO_OPERATIONS))
    operations = portfolio.operations
    shared = operations["shared_issue"] if "shared_issue" in operations else pd.Series(dtype="str")
    own = len(operations) > 0 and shared.notna().all()
    if own:
        labels = [str(value) for value in shared]
    else:
        labels = [theme for value in operations["themes"] for theme in split_values(value)]
    counts = pd.Series(labels).value_counts().rename_axis("thème").reset_index(name="opérations")
    figure, axis = plt.subplots(figsize=(8, 0.45 * max(len(counts), 1) + 1.2))
    sns.barplot(data=counts, y="thème", x="opérations", color=HIGHLIGHT, ax=axis, orient="h", errorbar=None)
    _count_axis(axis)
    if own:
        axis.set(xlabel=_(COUNT), ylabel=_("Enjeu partagé"), title=_("Opérations par enjeu partagé"))
        return figure_html(
            figure,
            alt=_("Diagramme en barres du nombre d'opérations par enjeu partagé"),
            caption=_("Nombre d'opérations que le programme regroupe sous chaque enjeu partagé."),
            source=Citer.of(portfolio.documents).cited(operations["source_shared_issue"].dropna()),
        )
    axis.set(xlabel=_(COUNT), ylabel=_("Thème"), title=_("Thèmes abordés par les opérations"))
    return figure_html(
        figure,
        alt=_("Diagramme en barres du nombre d'opérations par thème"),
        caption=_(
            "Nombre d'opérations qui abordent chaque thème (une opération peut en aborder plusieurs) ; "
            "thèmes attribués par le transcripteur des données, non par les documents."
        ),
        source=_("classement du transcripteur des données"),
    )


def progress(portfolio: Portfolio, operation_id: str) -> Html:
    """The achievement rate of each series that has one, against 100 %: the rates of the indicator
    table, one bar each, never an average over periods or disaggregations."""
    from toolkit.report.framework import UNDATED, indicator_rows

    rows = indicator_rows(portfolio, operation_id)
    rated = rows[rows["achievement"].notna()] if not rows.empty else rows
    if rated.empty:
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
    _style()
    titles = portfolio.indicators.set_index("indicator_id")["title"]
    records = rated.to_dict("records")
    undated = _(UNDATED)
    labels = [_progress_label(titles.get(row["indicator_id"], row["indicator_id"]), row, undated) for row in records]
    if len(set(labels)) < len(labels):  # two indicators with one title: their ids tell the bars apart
        labels = [f"{label} [{row['indicator_id']}]" for label, row in zip(labels, records, strict=True)]
    data = pd.DataFrame({"indicateur": labels, "achievement": rated["achievement"].astype(float).to_numpy()})
    figure, axis = plt.subplots(figsize=(8, 0.5 * len(data) + 1.5))
    sns.barplot(data=data, y="indicateur", x="achievement", color=HIGHLIGHT, ax=axis, orient="h", errorbar=None)
    axis.axvline(100, color="#333333", linestyle="--", linewidth=1)
    percent = pgettext("a percentage on a chart's axis", "{value} %")
    axis.xaxis.set_major_formatter(FuncFormatter(lambda value, _position: percent.format(value=fmt.number(value))))
    axis.set(
        xlabel=_("Taux d'atteinte de la cible (%)"), ylabel=_("Indicateur"), title=_("Progression vers les cibles")
    )
    return figure_html(
        figure,
        alt=_("Diagramme en barres du taux d'atteinte de {targets}, avec une ligne verticale à 100 %").format(
            targets=ngettext("{count} cible", "{count} cibles", len(data)).format(count=fmt.number(len(data)))
        ),
        caption=_(
            "Taux d'atteinte de chaque cible qui a une réalisation pour la même période, tel que le donne le "
            "tableau ci-dessus (pour une cible rapportée sur plusieurs périodes, celui de la dernière) ; ligne : cible "
            "atteinte."
        ),
        source=Citer.of(portfolio.documents).text(
            " + ".join(dict.fromkeys(portfolio.observations_of(operation_id)["source"].dropna()))
        ),
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
    _style()
    steps = [code for code, label in config.rating_scale.items() if not _not_assessable(label)]
    rank = {code: position for position, code in enumerate(steps)}
    names = {**lead_names(portfolio.operations), PROGRAMME_ID: pgettext("the programme as a whole", "Programme")}
    columns = [*portfolio.operation_ids, PROGRAMME_ID]
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
        text.set_color("white" if value is not None and value < len(steps) / 2 else "#1b1b1b")
    axis.set(xlabel="", ylabel="", title=_("Appréciations de l'évaluateur, critère par critère"))
    axis.tick_params(axis="x", rotation=30)
    message = ratings_message(ratings, config, names)
    return figure_html(
        figure,
        alt=_("Grille des appréciations, critères en lignes, porteurs et programme en colonnes. {message}").format(
            message=message
        ),
        caption=_(
            "Chaque case porte la note de l'évaluateur ; plus elle est foncée, meilleure est la note ; en gris : "
            "non évaluable ou pas encore apprécié. {message}"
        ).format(message=message),
        source=_("appréciations de l'évaluateur"),
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
    steps = [code for code, label in config.rating_scale.items() if not _not_assessable(label)]
    ranked = ratings.assign(step=ratings["rating"].astype(str).map({code: i for i, code in enumerate(steps)}))
    means = ranked.dropna(subset=["step"]).groupby("criterion")["step"].mean()
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
