"""The blocks of the report pages, in French, built from the portfolio.

Notebooks call these and display the result; the wording, formatting and escaping live
here, where they are tested.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from toolkit.ingest.people import PersonTotal, persons_text, sum_person_totals
from toolkit.model import sitemap
from toolkit.model.config import Config
from toolkit.model.schema import ROLE_LABELS_FR
from toolkit.model.vocabulary import DISAGREEING, ClaimVerdict, PairVerdict, label, label_of
from toolkit.report.framework import observed_value
from toolkit.report.quality import quality_href
from toolkit.results.citations import Citer, anchor, citation_of
from toolkit.results.crosscheck import document_pairs as crosscheck_pairs
from toolkit.results.crosscheck import published_figures
from toolkit.results.money import Basis, comparable, conversion_note
from toolkit.results.portfolio import (
    Portfolio,
    attention_points,
    cost_per_person_reached,
    country_names,
    figure_source,
    grant_share,
    lead_name,
    lead_names,
    portfolio_totals,
    refused,
    refused_in,
    stated,
)
from toolkit.text import fmt
from toolkit.text.html import Col, Html, bullet_list, definition_list, escape, link, missing, paragraph, table

# The index's table of operations, from an operation page.
ALL_OPERATIONS = sitemap.href(sitemap.INDEX, from_folder=sitemap.OPERATIONS, anchor="operations")


def operation_href(operation_id: str, from_index: bool = True) -> str:
    page = sitemap.operation_page(operation_id)
    return sitemap.href(page, from_folder=sitemap.TOP if from_index else sitemap.OPERATIONS)


# ---- operation page -------------------------------------------------------------------


def operation_header(portfolio: Portfolio, operation_id: str, config: Config) -> Html:
    operation = portfolio.operation(operation_id)
    noun = config.operation_noun[0]
    phase = "" if fmt.is_missing(operation.get("phase")) else f" de la phase {int(operation['phase'])}"
    lead = _refusable(operation, "lead_org", operation.get("lead_org"))
    return Html(f"<h1>{escape(operation['title'])}</h1>") + paragraph(
        f"{noun[:1].upper()}{noun[1:]}{phase} · porteur : {lead}"
    )


def among_others(portfolio: Portfolio, operation_id: str) -> Html:
    """This operation among the others, in two lines: its budget's rank and its grant share
    against the median; the full comparison is in the programme report."""
    budgets, basis = comparable(portfolio.operations, portfolio.conversions, "budget")
    operations = portfolio.operations.assign(compared=budgets).dropna(subset=["compared"])
    own = operations[operations["operation_id"] == operation_id]
    if own.empty or len(operations) < 2:
        return paragraph("Pas de comparaison : le budget de l'opération, ou celui des autres, n'est pas renseigné.")
    own_row = own.iloc[0]
    rank = int((operations["compared"] > own_row["compared"]).sum()) + 1
    lines = [
        # A position in a sorted list, not a standing: the order says how it was sorted.
        f"Budget : {stated(own_row, 'budget', basis)}, rang {rank} sur {len(operations)} opérations classées du "
        f"plus gros budget au plus petit (médiane : {fmt.money(operations['compared'].median(), basis.currency)}"
        + (f", budgets comparés en {basis.currency} après conversion)." if basis.converted else ").")
    ]
    shares = operations["grant_share"].dropna()
    share = grant_share(own_row)
    if share is not None and len(shares):
        lines.append(
            f"Part du budget subventionnée par le programme : {fmt.percent(share)} "
            f"(médiane des opérations : {fmt.percent(float(shares.median()))} ; calculée)."
        )
    return bullet_list(lines) + Html(
        f'<p class="ev-source">{link("Toutes les opérations comparées", ALL_OPERATIONS)}</p>'
    )


def identity(portfolio: Portfolio, operation_id: str) -> Html:
    operation = portfolio.operation(operation_id)
    citer = Citer.of(portfolio.documents, from_operations=True)
    return definition_list(
        [
            ("Porteur du projet", _refusable(operation, "lead_org", operation.get("lead_org"))),
            ("Pays", _refusable(operation, "countries", ", ".join(country_names(operation["countries"])) or None)),
            # The fiche's own words, spellings included ("Egypte"): quoted so that they read as its.
            ("Territoires (termes de la fiche)", _verbatim(operation.get("territories"))),
            ("Enjeu partagé", _shared_issue(operation, citer)),
            ("Thèmes (classement du transcripteur)", operation.get("themes")),
            (
                "Durée prévue",
                _cited(
                    _refusable(operation, "duration", fmt.months(operation.get("duration_months"))),
                    figure_source(operation, "duration"),
                    citer,
                ),
            ),
            ("Période", _feminine(fmt.period(operation.get("start"), operation.get("end")))),
        ]
    )


def _cited(value: object, source: str, citer: Citer) -> Html:
    """A figure followed by its citation: « 30 mois (CFSI, Les actions pilotes, s. d., l. 163) »."""
    return Html(f"{escape(value)} ({citer.html(source)})")


def _feminine(text: str) -> str:
    return fmt.NOT_REPORTED_F if text == fmt.NOT_REPORTED else text


def _verbatim(text: object) -> str | None:
    return None if fmt.is_missing(text) else f"« {text} »"


def _shared_issue(operation: pd.Series, citer: Citer) -> Html | None:
    issue = operation.get("shared_issue")
    if fmt.is_missing(issue):
        return None
    return Html(f"{escape(issue)} ({citer.html(operation.get('source_shared_issue'))})")


def participants(portfolio: Portfolio, operation_id: str) -> Html:
    rows = portfolio.participants_of(operation_id).sort_values(["role", "organisation"], kind="stable")
    citer = Citer.of(portfolio.documents, from_operations=True)
    return table(
        "Organisations de l'opération, par rôle (rôles IATI)",
        [Col("Organisation"), Col("Rôle"), Col("Pays"), Col("Source")],
        (
            (
                row["organisation"],
                ROLE_LABELS_FR.get(str(row["role"]), row["role"]),
                ", ".join(country_names(row.get("country"))) or None,
                citer.html(row["source"]),
            )
            for row in rows.to_dict("records")
        ),
    )


def finances(portfolio: Portfolio, operation_id: str) -> Html:
    operation = portfolio.operation(operation_id)
    direct = portfolio.person_total(operation_id, "direct")
    cost = cost_per_person_reached(operation, direct)
    if cost is not None:
        cost_text = fmt.money(cost, operation.get("budget_currency"))
    elif direct is None or direct.total is None:
        cost_text = "non calculé : la fiche ne compte pas de personnes parmi ses publics directs"
    elif any(item.endswith("(hors total des personnes)") for item in direct.left_out):
        cost_text = (
            "non calculé : des publics directs de la fiche ne sont pas comptés en personnes (voir Publics visés)"
        )
    else:
        cost_text = "non calculé : le nombre de personnes visées directement n'est pas exact (voir Publics visés)"
    citer = Citer.of(portfolio.documents, from_operations=True)
    budget, grant = figure_source(operation, "budget"), figure_source(operation, "grant")
    people = portfolio.people_of(operation_id)
    publics = " + ".join(source_refs(list(people.loc[people["reach"] == "direct", "source"])))
    return table(
        "Financement de l'opération",
        [Col("Poste"), Col("Montant", numeric=True), Col("Source")],
        [
            ("Budget total (fiche)", _own(operation, "budget"), citer.html(budget)),
            ("Subvention accordée par le programme (fiche)", _own(operation, "grant"), citer.html(grant)),
            (
                "Part de la subvention dans le budget (calculée¹)",
                fmt.percent(grant_share(operation)),
                citer.html(" + ".join(source_refs([budget, grant]))),
            ),
            (
                "Coût par personne visée directement (calculé²)",
                cost_text,
                citer.html(" + ".join(source_refs([budget, publics]))) if cost is not None else "—",
            ),
        ],
    ) + paragraph(
        "Valeurs calculées par la boîte à outils, non par la fiche : ¹ subvention accordée ÷ budget total ; "
        "² budget total ÷ personnes que la fiche prévoit de toucher directement (des publics visés, non des "
        "personnes effectivement touchées), calculé seulement quand tous les publics directs de la fiche sont des "
        "personnes comptées exactement (sans plage, estimation ni groupe non chiffré).",
        "ev-source",
    )


LOGFRAME_HEADINGS = (
    ("objectif", "Objectif"),
    ("résultat attendu", "Résultats attendus"),
    ("activité", "Principales activités"),
)


def logframe(portfolio: Portfolio, operation_id: str) -> Html:
    """What the fiche set out to do, item by item with its line, and the targets each item states."""
    items = portfolio.logframe_of(operation_id)
    if items.empty:
        return paragraph("Non renseigné : la fiche de l'opération n'est pas transcrite dans les données.")
    tied = portfolio.targets_by_item(operation_id)
    citer = Citer.of(portfolio.documents, from_operations=True)
    blocks = []
    for kind, heading in LOGFRAME_HEADINGS:
        entries = []
        for item in items[items["kind"] == kind].to_dict("records"):
            targets = tied.get(item["item_id"], [])
            entry = f'{escape(item["text"])} <span class="ev-source">({citer.html(item["source"])})</span>'
            if targets:
                stated = " ; ".join(escape(f"{observed_value(t)} ({t.get('indicator_title')})") for t in targets)
                entry += f"<br><strong>Cible chiffrée :</strong> {stated}"
            entries.append(f"<li>{entry}</li>")
        if entries:
            blocks.append(f"<h3>{escape(heading)}</h3><ul>{''.join(entries)}</ul>")
    return Html("".join(blocks)) + paragraph(
        "Textes de la fiche, tels qu'elle les écrit. Une cible chiffrée est rattachée à l'élément de la fiche "
        "qui l'énonce (même ligne du document) ; les taux d'atteinte sont dans le tableau des indicateurs.",
        "ev-source",
    )


REACH_FR = {"direct": "Directs", "indirect": "Indirects"}
REACH_SENTENCE_FR = {"direct": "Publics visés directement", "indirect": "Publics visés indirectement"}


def _count(group: dict) -> str:
    if fmt.is_missing(group.get("count")) and fmt.is_missing(group.get("count_text")):
        return "non chiffré"
    written = str(group.get("count_text") or "")
    if written and not any(char.isdigit() for char in written):
        return written  # "un opérateur privé", "une dizaine": the fiche's words, not a digit it did not write
    return fmt.measured(group.get("count"), group.get("count_max"), group.get("qualifier"), "", group.get("count_text"))


def person_total_text(total: PersonTotal | None) -> str:
    """A persons total as a sentence's figure: ``environ 28 910 personnes``, or why there is none."""
    if total is None or total.total is None:
        return "aucun groupe compté en personnes"
    return persons_text(total)


def people(portfolio: Portfolio, operation_id: str) -> Html:
    """The groups the fiche counts or names, each as written, then the persons they add up to."""
    groups = portfolio.people_of(operation_id)
    if groups.empty:
        return paragraph("Non renseigné : la fiche ne donne aucun public visé.")
    citer = Citer.of(portfolio.documents, from_operations=True)
    block = table(
        "Publics visés selon la fiche, groupe par groupe",
        [
            Col("Publics"),
            Col("Nombre", numeric=True),
            Col("Groupe"),
            Col("Lieu"),
            Col("Personnes"),
            Col("Remarque"),
            Col("Source"),
        ],
        (
            (
                REACH_FR.get(str(group["reach"]), group["reach"]),
                _count(group),
                group["group"],
                "—" if fmt.is_missing(group.get("place")) else group["place"],
                "oui" if group.get("persons") is True else "non",
                "—" if fmt.is_missing(group.get("note")) else group["note"],
                citer.html(group["source"]),
            )
            for group in groups.to_dict("records")
        ),
    )
    sentences = []
    for reach in ("direct", "indirect"):
        if not (groups["reach"] == reach).any():
            sentences.append(f"{REACH_SENTENCE_FR[reach]} : non renseigné, la fiche n'en donne pas.")
            continue
        total = portfolio.person_total(operation_id, reach)
        sentence = f"{REACH_SENTENCE_FR[reach]} : {person_total_text(total)}"
        if total is not None and total.total is not None and len(total.counted) > 1:
            sentence += f", somme de {' + '.join(total.counted)}"
        if total is not None and total.left_out:
            sentence += f" ; non additionnés : {' ; '.join(total.left_out)}"
        sentences.append(sentence + ".")
    return (
        block
        + bullet_list(sentences)
        + paragraph(
            "Les totaux sont calculés par la boîte à outils : ils n'additionnent que les groupes comptés en "
            "personnes, chacun une fois (un groupe recompté autrement, « soit … », ne l'est pas deux fois).",
            "ev-source",
        )
    )


def findings(portfolio: Portfolio, operation_id: str) -> Html:
    """What the checks found in the operation's data, then what its sources say twice, differently,
    and the figures that set it apart: the page never calls its data clean while one of them exists."""
    from toolkit.report.quality import findings_table

    rows = portfolio.findings_of(operation_id)
    disagreements = operation_pairs(portfolio, operation_id)
    attention = [(text, source) for owner, text, source in attention_points(portfolio) if owner == operation_id]
    if rows.empty and not disagreements and not attention:
        return paragraph(
            "Aucun problème n'a été relevé pour cette opération : ni dans la vérification de ses données, ni entre "
            "ses sources, ni dans la comparaison de son budget avec ceux des autres opérations."
        )
    blocks = []
    if rows.empty:
        blocks.append(paragraph("La vérification des données n'a relevé aucun problème pour cette opération."))
    else:
        blocks.append(findings_table(rows, "Problèmes de qualité des données relevés pour cette opération"))
    blocks.append(disagreements or paragraph("Aucun désaccord entre les sources n'est relevé pour cette opération."))
    if attention:
        citer = Citer.of(portfolio.documents, from_operations=True)
        blocks.append(
            Html("<h3>Points d'attention</h3>")
            + bullet_list(Html(f"{escape(text)} ({citer.html(source)})") for text, source in attention)
            + paragraph(
                ("Constats calculés" if len(attention) > 1 else "Constat calculé")
                + " par la boîte à outils, sans jugement : à l'évaluateur d'en chercher la raison.",
                "ev-source",
            )
        )
    return Html("".join(blocks))


def operation_pairs(portfolio: Portfolio, operation_id: str) -> Html:
    """The passages of the sources that disagree about the operation: the pairs a reader recorded that
    concern it, and a growth word a document writes of it set against its values. Empty when none."""
    citer = Citer.of(portfolio.documents, from_operations=True)
    claims = portfolio.claims
    if "operation_id" in claims:
        claims = claims[claims["operation_id"] == operation_id]
    pairs = crosscheck_pairs(claims, portfolio.observations, portfolio.discrepancies_of(operation_id))
    pairs = pairs[pairs["verdict"].isin(DISAGREEING)]
    if pairs.empty:
        return Html("")
    return table(
        "Ce que les sources disent de l'opération de deux façons",
        [
            Col("Objet"),
            Col("Un passage dit"),
            Col("Un autre passage dit"),
            Col("Verdict"),
            Col("Ce que les documents permettent de dire"),
        ],
        (
            (
                row["description"],
                _lines([row["first"], citer.many(row["first_sources"])]),
                _lines([row["second"], citer.many(row["second_sources"])]),
                label_of(row["verdict"], PairVerdict),
                _reason(row, citer),
            )
            for row in pairs.to_dict("records")
        ),
    ) + paragraph(
        f"« {label(PairVerdict.DISCORDANT).capitalize()} » : les passages se contredisent ; "
        f"« {label(PairVerdict.TO_COMPARE)} » : ils diffèrent sans que les documents "
        "disent qu'ils parlent de la même chose.",
        "ev-source",
    )


def source_refs(values: list[object]) -> list[str]:
    """The distinct references found in source cells, in order of appearance."""
    refs: list[str] = []
    for value in values:
        for ref in str(value or "").split(" + "):
            if ref.strip() and ref.strip() not in refs:
                refs.append(ref.strip())
    return refs


def sources(portfolio: Portfolio, operation_id: str) -> Html:
    operation = portfolio.operation(operation_id)
    refs = source_refs(
        [operation.get("source"), operation.get("source_countries"), *portfolio.participants_of(operation_id)["source"]]
    )
    citer = Citer.of(portfolio.documents, from_operations=True)
    return bullet_list(citer.html(ref) for ref in refs) + Html(
        '<p class="ev-source">Chaque référence donne le document (auteur, titre court, année) et ses lignes (l.). '
        f"{link('Liste des documents sources', citer.list_href)}.</p>"
    )


def operation_nav(portfolio: Portfolio, operation_id: str, where: str = "haut") -> Html:
    """Previous and next operation (in the order of the programme report), and the way back."""
    ids = portfolio.operation_ids
    titles = portfolio.operations.set_index("operation_id")["title"].to_dict()
    position = ids.index(operation_id)
    items = []
    if position > 0:
        previous = ids[position - 1]
        items.append(
            f'<li class="ev-prev">{link("← Opération précédente : " + str(titles[previous]), operation_href(previous, False))}</li>'
        )
    items.append(f'<li class="ev-up">{link("Toutes les opérations", ALL_OPERATIONS)}</li>')
    if position < len(ids) - 1:
        following = ids[position + 1]
        items.append(
            f'<li class="ev-next">{link("Opération suivante : " + str(titles[following]) + " →", operation_href(following, False))}</li>'
        )
    # Two pagers on a page (top and bottom): each landmark needs a name of its own.
    label = f"Opérations voisines ({where} de page)"
    return Html(f'<nav class="ev-pager" aria-label="{label}"><ul>{"".join(items)}</ul></nav>')


# ---- programme page -------------------------------------------------------------------


def portfolio_table(portfolio: Portfolio) -> Html:
    rows = []
    errors = portfolio.findings[portfolio.findings["severity"] == "error"].groupby("operation_id").size().to_dict()
    citer = Citer.of(portfolio.documents)
    cited: list[str] = []

    def lines(value: object, source: object) -> Html:
        # Each figure with the lines it stands on, linked: the table's source names the documents.
        if fmt.is_missing(source) or not str(source).strip():
            return Html(escape(value))
        cited.append(str(source))
        return Html(f'{escape(value)}<br><span class="ev-source">{citer.short_html(source)}</span>')

    people = portfolio.people
    for operation in portfolio.operations.to_dict("records"):
        operation_id = operation["operation_id"]
        direct = people[(people["operation_id"] == operation_id) & (people["reach"] == "direct")]
        rows.append(
            (
                _operation_cell(operation, errors.get(operation_id, 0)),
                lead_name(operation),
                lines(
                    _refusable(operation, "countries", ", ".join(country_names(operation["countries"]))),
                    operation.get("source_countries"),
                ),
                lines(
                    _refusable(operation, "duration", fmt.months(operation.get("duration_months"))),
                    figure_source(operation, "duration"),
                ),
                lines(_own(operation, "budget"), figure_source(operation, "budget")),
                lines(
                    _grant_cell(_own(operation, "grant"), grant_share(pd.Series(operation))),
                    figure_source(operation, "grant"),
                ),
                lines(
                    _persons_cell(portfolio.person_total(operation_id, "direct")),
                    " + ".join(source_refs(list(direct["source"]))),
                ),
            )
        )
    rows.append(_totals_row(portfolio))
    return table(
        "Portefeuille des opérations",
        [
            Col("Opération"),
            Col("Porteur"),
            Col("Pays"),
            Col("Durée", numeric=True),
            Col("Budget", numeric=True),
            Col("Subvention (part du budget)", numeric=True),
            Col("Personnes visées directement", numeric=True),
        ],
        rows,
    ) + paragraph(
        f"Source : {citer.documents_cited(cited)}, aux lignes données sous chaque chiffre. "
        "Part du budget et personnes : calculées par la "
        "boîte à outils ; les personnes additionnent les seuls groupes que chaque fiche compte en personnes, "
        "« + autres publics » signale des groupes non additionnés (familles, structures, groupes non chiffrés), "
        "détaillés sur la page de l'opération avec les publics indirects." + _conversions_sentence(portfolio),
        "ev-source",
    )


def _conversions_sentence(portfolio: Portfolio) -> str:
    """The rates behind the converted totals, when the operations' currencies differ."""
    note = conversion_note(portfolio.conversions, lead_names(portfolio.operations))
    return f" {note}" if note and comparable(portfolio.operations, portfolio.conversions, "budget")[1].converted else ""


def _totals_row(portfolio: Portfolio) -> tuple:
    """The portfolio table's last row: the operations counted, their countries, budgets and persons."""
    totals = portfolio_totals(portfolio)
    direct = sum_person_totals(
        [
            total
            for operation_id in portfolio.operation_ids
            if (total := portfolio.person_total(operation_id, "direct")) is not None
        ]
    )
    basis = totals["basis"]
    return (
        Html("<strong>Ensemble</strong>"),
        f"{totals['operations']} opérations",
        _countries_total(totals["countries"]),
        "—",
        basis.amount(totals["budget"]),
        _grant_cell(basis.amount(totals["grant"]), totals["grant"] / totals["budget"] if totals["budget"] else None),
        _persons_cell(direct),
    )


def _operation_cell(operation: dict, errors: int) -> Html:
    operation_id = operation["operation_id"]
    cell = link(operation["title"], operation_href(operation_id))
    if errors:
        cell += Html(
            f'<br><span class="ev-flag"><span aria-hidden="true">⚠</span> {errors} erreur(s) de données : '
            f"{link('voir', quality_href(operation_id))}</span>"
        )
    return cell


def _own(operation: Mapping, name: str) -> str:
    """An operation's budget or grant as its source states it, in its own currency."""
    return _refusable(operation, name, fmt.money(operation.get(name), operation.get(f"{name}_currency")))


def _refusable(operation: Mapping, name: str, shown: object) -> object:
    """What a page shows for a fact of the operation: « refusé » when its cell broke a rule."""
    return fmt.REFUSED if name in refused(operation) else shown


def _grant_cell(grant: str, share: float | None) -> str:
    if grant == fmt.NOT_REPORTED:
        return grant
    return grant if share is None else f"{grant} ({fmt.percent(share, 0)})"


def _budget_phrase(totals: dict, operations: pd.DataFrame, config: Config) -> str:
    """ "98 525 € dont 60 000 € de subventions du programme"; a programme that grants nothing, or
    whose data do not say, has its budget alone; a total that misses budgets says how many."""
    basis = totals["basis"]
    budget = basis.amount(totals["budget"])
    if not fmt.is_missing(totals["grant"]):
        budget = f"{budget} dont {basis.amount(totals['grant'])} de subventions du programme"
    refused_budgets = refused_in(operations, "budget")
    missing = int((operations["budget"].isna() & ~refused_budgets).sum())
    if refused_budgets.any():
        budget += f" (budget refusé pour {fmt.counted(int(refused_budgets.sum()), *config.operation_noun)}, hors total)"
    if missing and missing < len(operations):
        budget += f" (budget non renseigné pour {fmt.counted(missing, *config.operation_noun)}, hors total)"
    unconverted = int((operations["budget"].notna() & operations[basis.column("budget")].isna()).sum())
    if unconverted:
        budget += f" (budget sans taux de change pour {fmt.counted(unconverted, *config.operation_noun)}, hors total)"
    return budget


def _operations_phrase(count: int, config: Config, codes: list[str]) -> str:
    """ "9 opérations en France et dans 16 pays", "1 projet dans 1 pays": the programme's own noun, in
    the singular for one."""
    counted, where = fmt.counted(count, *config.operation_noun), _countries_phrase(codes)
    return f"{counted} {where}" if where else counted


def _countries_phrase(codes: list[str]) -> str:
    """Where the operations work, as the fiches say it: "en France et dans 16 pays"; nothing when
    the data name no country."""
    others = len([code for code in codes if code != "FRA"])
    if "FRA" in codes:
        return f"en France et dans {others} pays" if others else "en France"
    return f"dans {others} pays" if others else ""


def _countries_total(codes: list[str]) -> str:
    """As the fiches count them (003 l. 8: "en France et dans 16 pays"): France apart."""
    others = [code for code in codes if code != "FRA"]
    if "FRA" in codes:
        return f"France et {len(others)} pays" if others else "France"
    return f"{len(others)} pays" if others else fmt.NOT_REPORTED


def _persons_cell(total: PersonTotal | None) -> str:
    if total is None or total.total is None:
        return "aucun décompte en personnes" if total is not None else fmt.NOT_REPORTED
    shown = persons_text(total)
    return f"{shown} + autres publics" if total.left_out else shown


def _computed(value: object, subject: str, value_max: object = None, basis: Basis | None = None) -> str | Html:
    if fmt.is_missing(value):
        return missing("—")
    if subject == "period":  # years, written as years: 2014-2018, not 2 014
        return f"{int(value)}-{int(value_max)}" if not fmt.is_missing(value_max) else str(int(value))  # type: ignore[call-overload]
    return basis.amount(value) if subject == "budget" and basis else fmt.figure(value)


def _lines(items: Iterable[object]) -> Html:
    """Several short texts in one cell, one a line."""
    return Html("<br>".join(str(escape(item)) for item in items))


def claims(portfolio: Portfolio) -> Html:
    """Each published figure once, with every place it is written, set against the data."""
    citer = Citer.of(portfolio.documents)
    figures = published_figures(portfolio.claims)
    basis = comparable(portfolio.operations, portfolio.conversions, "budget")[1]
    return table(
        "Chiffres publiés sur le programme, un par ligne, face aux données des opérations",
        [
            Col("Objet"),
            Col("Chiffre publié"),
            Col("Où il est écrit"),
            Col("Recalcul", numeric=True),
            Col("Verdict"),
            Col("Raison"),
        ],
        (
            (
                row["description"],
                row["figure"],
                _lines([f"« {row['statements'][0]} »", citer.many(row["sources"])]),
                _computed(row.get("computed_value"), str(row["subject"]), row.get("computed_value_max"), basis),
                label_of(row["verdict"], ClaimVerdict),
                _reason(row, citer),
            )
            for row in figures.to_dict("records")
        ),
    ) + paragraph(
        f"« {label(ClaimVerdict.CONSISTENT).capitalize()} » : le recalcul confirme le chiffre publié ; "
        f"« {label(ClaimVerdict.INCONSISTENT)} » : il le contredit ; "
        f"« {label(ClaimVerdict.NOT_RECOMPUTABLE)} » : les données ne permettent pas de trancher. "
        "Un chiffre écrit à plusieurs "
        "endroits n'a qu'une ligne, qui les cite tous.",
        "ev-source",
    )


def document_pairs(portfolio: Portfolio) -> Html:
    """Documents set against documents: the same thing stated twice, the same or differently."""
    citer = Citer.of(portfolio.documents)
    pairs = crosscheck_pairs(portfolio.claims, portfolio.observations, portfolio.discrepancies)
    return table(
        "Les documents face aux documents",
        [
            Col("Objet"),
            Col("Un document dit"),
            Col("Où il le dit"),
            Col("Un autre passage dit"),
            Col("Où l'autre le dit"),
            Col("Verdict"),
            Col("Raison"),
        ],
        (
            (
                row["description"],
                row["first"],
                citer.many(row["first_sources"]),
                row["second"] or "—",
                citer.many(row["second_sources"]) if row["second_sources"] else "—",
                label_of(row["verdict"], PairVerdict),
                _reason(row, citer),
            )
            for row in pairs.to_dict("records")
        ),
    ) + paragraph(
        f"« {label(PairVerdict.CONCORDANT).capitalize()} » : les documents disent la même chose ; "
        f"« {label(PairVerdict.DISCORDANT)} » : ils se contredisent ; "
        f"« {label(PairVerdict.TO_COMPARE)} » : deux passages diffèrent sans que les documents disent "
        "qu'ils parlent de la même chose. "
        "L'explication qu'un document donne d'un écart est citée dans la raison ; aucune autre n'est donnée.",
        "ev-source",
    )


def _reason(row: dict, citer: Citer) -> Html:
    """A pair's reason, followed by the lines it names besides the pair's own, each linked."""
    reason = Html(escape(row["reason"]))
    sources = row.get("reason_sources") or ()
    return Html(f"{reason} (voir {citer.many(sources)})") if sources else reason


def phase2(portfolio: Portfolio) -> Html:
    """The projects a document announces for the next phase: listed apart, never evaluated or added here."""
    projects = portfolio.phase2
    if projects.empty:
        return paragraph("Aucun projet d'une phase suivante n'est transcrit dans les données.")
    citer = Citer.of(portfolio.documents)
    return table(
        "Projets annoncés pour la phase suivante (non évalués dans ce rapport)",
        [
            Col("Projet"),
            Col("Porteurs"),
            Col("Partenaires nommés"),
            Col("Territoires"),
            Col("Soutien annoncé"),
            Col("Source"),
        ],
        (
            (
                row["title"],
                row["leads"],
                *(
                    "—" if fmt.is_missing(row.get(column)) else row[column]
                    for column in ("partners", "territories", "support")
                ),
                citer.html(row["source"]),
            )
            for row in projects.to_dict("records")
        ),
    ) + paragraph(
        "Ces projets ne sont pas des opérations de la phase évaluée : ils n'ont pas de page et n'entrent dans "
        "aucun total de ce rapport.",
        "ev-source",
    )


def points_of_attention(portfolio: Portfolio) -> Html:
    """Figures an evaluator must see that are not contradictions: an operation far from the others."""
    notes = attention_points(portfolio)
    if not notes:
        return paragraph("Aucune opération ne s'écarte nettement des autres par son budget ou sa part subventionnée.")
    citer = Citer.of(portfolio.documents)
    return bullet_list(Html(f"{escape(text)} ({citer.html(source)})") for _, text, source in notes) + paragraph(
        "Constats calculés par la boîte à outils, sans jugement : un budget d'au moins trois fois la médiane des "
        "opérations, une part subventionnée d'au plus la moitié de la médiane. À l'évaluateur d'en chercher la raison.",
        "ev-source",
    )


def _date(value: object) -> str | None:
    return None if fmt.is_missing(value) else fmt.date(value)


def documents(portfolio: Portfolio) -> Html:
    """The documents the pages cite, each with the anchor its citations link to."""
    records = portfolio.documents.to_dict("records")
    return table(
        "Documents sources, sous la forme où les pages les citent (auteur, titre court, année, lignes)",
        [Col(label) for label in ("Citation", "Titre", "Auteur", "Date", "Nature", "Contenu")],
        (
            (
                citation_of(row),
                row["title"],
                row.get("author"),
                _date(row.get("date")),
                row.get("kind"),
                row.get("description"),
            )
            for row in records
        ),
        row_ids=[anchor(row["document"]) for row in records],
    )


def exchange_rates(portfolio: Portfolio) -> Html:
    """Every amount converted into the reporting currency, with its rate, the rate's date and source,
    and every amount left in its own for want of a rate: what the converted totals rest on."""
    names = lead_names(portfolio.operations)
    rows = portfolio.conversions.to_dict("records")
    return table(
        "Montants convertis dans la devise du rapport, un par ligne",
        [
            Col("Opération"),
            Col("Montant"),
            Col("Montant tel que la source le donne", numeric=True),
            Col("Date de valeur"),
            Col("Taux et source"),
            Col("Montant converti", numeric=True),
        ],
        (
            (
                link(names.get(row["operation_id"], row["operation_id"]), operation_href(row["operation_id"])),
                "budget" if row["column"] == "budget" else "subvention",
                fmt.money(row["amount"], row["currency"]),
                fmt.date(row.get("value_date")),
                _rate_text(row),
                fmt.money(row["converted"], row["reporting_currency"]) if not fmt.is_missing(row["converted"]) else "—",
            )
            for row in rows
        ),
    )


def _rate_text(row: Mapping) -> str:
    if fmt.is_missing(row.get("converted")):
        return str(row["rate_source"])  # the finding's message: why no rate applies
    per_unit = fmt.number(1 / float(row["rate"]), 4)
    return f"1 {row['currency']} = {per_unit} {row['reporting_currency']} ; {row['rate_source']}"


def quarantined_operations(quarantined: pd.DataFrame | None) -> Html:
    """Operations set aside whole: said at the top of the report, with their reasons."""
    rows = [] if quarantined is None else quarantined.to_dict("records")
    if not rows:
        return Html("")
    items = "".join(
        f"<li>{escape(row.get('title') or row.get('operation_id'))} : opération non publiée, sa ligne de données "
        f"est en quarantaine ({escape(row.get('reasons'))}).</li>"
        for row in rows
    )
    return Html(
        f'<div class="ev-failures" role="note"><p class="ev-flag"><span aria-hidden="true">⚠</span> '
        f"Opérations écartées du rapport</p><ul>{items}</ul><p>{link('Voir la qualité des données', quality_href())}</p></div>"
    )


ANNEXES = (
    ("matrice", "A. Matrice d'évaluation : questions évaluatives et critères de jugement"),
    ("descriptives", "B. Questions descriptives des documents et carte des passages"),
    ("cadre", "C. Cadre de résultats, réalisations du programme et objectifs de développement durable"),
    ("agregations", "D. Agrégations par niveau, enjeu partagé, ODD et pays"),
    ("chiffres-publies", "E. Les chiffres publiés face aux données et aux autres documents"),
    ("phase-suivante", "F. Projets annoncés pour la phase suivante"),
    ("documents", "G. Documents sources"),
    ("sigles", "H. Sigles et acronymes"),
    ("glossaire", "I. Glossaire"),
)


def annex_links() -> Html:
    """The annexes live on their own page: the report lists them, with the data-quality page."""
    items = [link(label, sitemap.href(sitemap.ANNEXES, anchor=anchor_id)) for anchor_id, label in ANNEXES]
    items.append(link("Qualité des données : contrôles, problèmes relevés, lignes écartées", quality_href()))
    return bullet_list(items)


def acronyms(portfolio: Portfolio) -> Html:
    rows = portfolio.acronyms
    if rows.empty:
        return paragraph("Aucun sigle n'est transcrit.")
    citer = Citer.of(portfolio.documents)
    return table(
        "Sigles et acronymes employés par les documents",
        [Col("Sigle"), Col("Signification"), Col("Source")],
        ((row["acronym"], row["meaning"], citer.html(row["source"])) for row in rows.to_dict("records")),
    )


def fiche_signaletique(portfolio: Portfolio, config: Config, data_version: str) -> Html:
    """Section 0 of the report: what was evaluated, by whom, on which data."""
    totals = portfolio_totals(portfolio)
    to_fill = "à renseigner par l'évaluateur"
    return definition_list(
        [
            ("Programme", f"{config.name} ({config.short_name})"),
            ("Porté par", config.organisation),
            ("Période", config.period),
            ("Financeurs", config.funders),
            (
                "Opérations évaluées",
                _operations_phrase(totals["operations"], config, totals["countries"])
                if totals["operations"]
                else "aucune dans les données propres",  # agrees with the term, "Opérations évaluées"
            ),
            (
                "Budget des opérations",
                _budget_phrase(totals, portfolio.operations, config) if totals["operations"] else fmt.NOT_REPORTED,
            ),
            ("Évaluateur", config.evaluator or to_fill),
            ("Date de l'évaluation", config.evaluation_date or to_fill),
            ("Version des données", f"empreinte {data_version} des données brutes"),
        ]
    )


def report_title(config: Config) -> Html:
    return Html(f"<h1>{escape(config.report_title)}</h1>") + paragraph(
        f"{config.organisation} · {config.period}. Ce rapport présente les données du programme et ce qui peut "
        "en être calculé ; les appréciations, conclusions et recommandations sont celles de l'évaluateur et ne "
        "sont jamais produites par la boîte à outils."
    )


NO_NOTEBOOK = "aucun : la page s'est arrêtée avant d'en écrire un"


def failed_pages(failures: list[dict]) -> Html:
    """The pages this build could not produce, each with its error, cell and the failed notebook."""
    if not failures:
        return Html("")
    rows = [
        (
            f.get("page"),
            f.get("error"),
            "" if f.get("cell") in (None, "") else f"cellule {f['cell']}",
            link("carnet en échec", str(f["notebook"])) if f.get("notebook") else NO_NOTEBOOK,
        )
        for f in failures
    ]
    return (
        Html('<div class="ev-failures" role="alert">')
        + table(
            "Pages non produites par cette construction : leurs chiffres ne figurent pas dans ce rapport",
            [Col("Page"), Col("Erreur"), Col("Où"), Col("Carnet")],
            rows,
        )
        + Html("</div>")
    )


def quality_link(from_operations: bool = False, operation_id: str | None = None) -> Html:
    from toolkit.report.quality import quality_href

    return Html(
        f"<p>{link('Voir la page de qualité des données (problèmes, quarantaine, comptabilité des lignes)', quality_href(operation_id, from_operations))}</p>"
    )
