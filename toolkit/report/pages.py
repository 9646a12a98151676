"""The blocks of the report pages, in the active language, built from the portfolio.

Notebooks call these and display the result; the wording, formatting and escaping live
here, where they are tested.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import pandas as pd

from toolkit.ingest.people import NOT_PERSONS, PersonTotal, left_out_as, persons_text, sum_person_totals
from toolkit.model import sitemap
from toolkit.model.config import Config
from toolkit.model.language import N_, _, ngettext, pgettext
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

# The participants' roles (schema.ROLE_LABELS_FR's French), translated where they are shown.
ROLE_LABELS = {
    "1": N_("Financeur"),
    "2": N_("Porteur du projet"),
    "3": N_("Gestionnaire des fonds"),
    "4": N_("Partenaire de mise en œuvre"),
}

# The index's table of operations, from an operation page.
ALL_OPERATIONS = sitemap.href(sitemap.INDEX, from_folder=sitemap.OPERATIONS, anchor="operations")


def operation_href(operation_id: str, from_index: bool = True) -> str:
    page = sitemap.operation_page(operation_id)
    return sitemap.href(page, from_folder=sitemap.TOP if from_index else sitemap.OPERATIONS)


# ---- operation page -------------------------------------------------------------------


def operation_header(portfolio: Portfolio, operation_id: str, config: Config) -> Html:
    operation = portfolio.operation(operation_id)
    noun = config.operation_noun[0]
    noun = f"{noun[:1].upper()}{noun[1:]}"
    lead = _refusable(operation, "lead_org", operation.get("lead_org"))
    if fmt.is_missing(operation.get("phase")):
        line = _("{noun} · porteur : {lead}").format(noun=noun, lead=lead)
    else:
        line = _("{noun} de la phase {phase} · porteur : {lead}").format(
            noun=noun, phase=int(operation["phase"]), lead=lead
        )
    return Html(f"<h1>{escape(operation['title'])}</h1>") + paragraph(line)


def among_others(portfolio: Portfolio, operation_id: str) -> Html:
    """This operation among the others, in two lines: its budget's rank and its grant share
    against the median; the full comparison is in the programme report."""
    budgets, basis = comparable(portfolio.operations, portfolio.conversions, "budget")
    operations = portfolio.operations.assign(compared=budgets).dropna(subset=["compared"])
    own = operations[operations["operation_id"] == operation_id]
    if own.empty or len(operations) < 2:
        return paragraph(_("Pas de comparaison : le budget de l'opération, ou celui des autres, n'est pas renseigné."))
    own_row = own.iloc[0]
    rank = int((operations["compared"] > own_row["compared"]).sum()) + 1
    # A position in a sorted list, not a standing: the order says how it was sorted.
    ranked = (
        _(
            "Budget : {budget}, rang {rank} sur {count} opérations classées du plus gros budget au plus petit "
            "(médiane : {median}, budgets comparés en {currency} après conversion)."
        )
        if basis.converted
        else _(
            "Budget : {budget}, rang {rank} sur {count} opérations classées du plus gros budget au plus petit "
            "(médiane : {median})."
        )
    )
    lines = [
        ranked.format(
            budget=stated(own_row, "budget", basis),
            rank=rank,
            count=len(operations),
            median=fmt.money(operations["compared"].median(), basis.currency),
            currency=basis.currency,
        )
    ]
    shares = operations["grant_share"].dropna()
    share = grant_share(own_row)
    if share is not None and len(shares):
        lines.append(
            _(
                "Part du budget subventionnée par le programme : {share} (médiane des opérations : {median} ; calculée)."
            ).format(share=fmt.percent(share), median=fmt.percent(float(shares.median())))
        )
    compared = link(_("Toutes les opérations comparées"), ALL_OPERATIONS)
    return bullet_list(lines) + Html(f'<p class="ev-source">{compared}</p>')


def identity(portfolio: Portfolio, operation_id: str) -> Html:
    operation = portfolio.operation(operation_id)
    citer = Citer.of(portfolio.documents, from_operations=True)
    return definition_list(
        [
            (_("Porteur du projet"), _refusable(operation, "lead_org", operation.get("lead_org"))),
            (_("Pays"), _refusable(operation, "countries", ", ".join(country_names(operation["countries"])) or None)),
            # The fiche's own words, spellings included ("Egypte"): quoted so that they read as its.
            (_("Territoires (termes de la fiche)"), _verbatim(operation.get("territories"))),
            (_("Enjeu partagé"), _shared_issue(operation, citer)),
            (_("Thèmes (classement du transcripteur)"), operation.get("themes")),
            (
                _("Durée prévue"),
                _cited(
                    _refusable(operation, "duration", fmt.months(operation.get("duration_months"))),
                    figure_source(operation, "duration"),
                    citer,
                ),
            ),
            (_("Période"), _feminine(fmt.period(operation.get("start"), operation.get("end")))),
        ]
    )


def _cited(value: object, source: str, citer: Citer) -> Html:
    """A figure followed by its citation: « 30 mois (CFSI, Les actions pilotes, s. d., l. 163) »."""
    return Html(f"{escape(value)} ({citer.html(source)})")


def _feminine(text: str) -> str:
    return fmt.NOT_REPORTED_F if text == fmt.NOT_REPORTED else text


def _verbatim(text: object) -> str | None:
    return None if fmt.is_missing(text) else fmt.quoted(text)


def _shared_issue(operation: pd.Series, citer: Citer) -> Html | None:
    issue = operation.get("shared_issue")
    if fmt.is_missing(issue):
        return None
    return Html(f"{escape(issue)} ({citer.html(operation.get('source_shared_issue'))})")


def participants(portfolio: Portfolio, operation_id: str) -> Html:
    rows = portfolio.participants_of(operation_id).sort_values(["role", "organisation"], kind="stable")
    citer = Citer.of(portfolio.documents, from_operations=True)
    return table(
        _("Organisations de l'opération, par rôle (rôles IATI)"),
        [Col(_("Organisation")), Col(_("Rôle")), Col(pgettext("an organisation's country", "Pays")), Col(_("Source"))],
        (
            (
                row["organisation"],
                _(ROLE_LABELS[str(row["role"])]) if str(row["role"]) in ROLE_LABELS else row["role"],
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
        cost_text = _("non calculé : la fiche ne compte pas de personnes parmi ses publics directs")
    elif any(left_out_as(item, NOT_PERSONS) for item in direct.left_out):
        cost_text = _(
            "non calculé : des publics directs de la fiche ne sont pas comptés en personnes (voir Publics visés)"
        )
    else:
        cost_text = _("non calculé : le nombre de personnes visées directement n'est pas exact (voir Publics visés)")
    citer = Citer.of(portfolio.documents, from_operations=True)
    budget, grant = figure_source(operation, "budget"), figure_source(operation, "grant")
    people = portfolio.people_of(operation_id)
    publics = " + ".join(source_refs(list(people.loc[people["reach"] == "direct", "source"])))
    return table(
        _("Financement de l'opération"),
        [Col(_("Poste")), Col(_("Montant"), numeric=True), Col(_("Source"))],
        [
            (_("Budget total (fiche)"), _own(operation, "budget"), citer.html(budget)),
            (_("Subvention accordée par le programme (fiche)"), _own(operation, "grant"), citer.html(grant)),
            (
                _("Part de la subvention dans le budget (calculée¹)"),
                fmt.percent(grant_share(operation)),
                citer.html(" + ".join(source_refs([budget, grant]))),
            ),
            (
                _("Coût par personne visée directement (calculé²)"),
                cost_text,
                citer.html(" + ".join(source_refs([budget, publics]))) if cost is not None else "—",
            ),
        ],
    ) + paragraph(
        _(
            "Valeurs calculées par la boîte à outils, non par la fiche : ¹ subvention accordée ÷ budget total ; "
            "² budget total ÷ personnes que la fiche prévoit de toucher directement (des publics visés, non des "
            "personnes effectivement touchées), calculé seulement quand tous les publics directs de la fiche sont des "
            "personnes comptées exactement (sans plage, estimation ni groupe non chiffré)."
        ),
        "ev-source",
    )


LOGFRAME_HEADINGS = (
    ("objectif", N_("Objectif")),
    ("résultat attendu", N_("Résultats attendus")),
    ("activité", N_("Principales activités")),
)


def logframe(portfolio: Portfolio, operation_id: str) -> Html:
    """What the fiche set out to do, item by item with its line, and the targets each item states."""
    items = portfolio.logframe_of(operation_id)
    if items.empty:
        return paragraph(_("Non renseigné : la fiche de l'opération n'est pas transcrite dans les données."))
    tied = portfolio.targets_by_item(operation_id)
    citer = Citer.of(portfolio.documents, from_operations=True)
    blocks = []
    for kind, heading in LOGFRAME_HEADINGS:
        entries = []
        for item in items[items["kind"] == kind].to_dict("records"):
            targets = tied.get(item["item_id"], [])
            entry = f'{escape(item["text"])} <span class="ev-source">({citer.html(item["source"])})</span>'
            if targets:
                stated = fmt.semicolons(escape(f"{observed_value(t)} ({t.get('indicator_title')})") for t in targets)
                entry += "<br><strong>" + escape(_("Cible chiffrée :")) + "</strong> " + stated
            entries.append(f"<li>{entry}</li>")
        if entries:
            blocks.append(f"<h3>{escape(_(heading))}</h3><ul>{''.join(entries)}</ul>")
    return Html("".join(blocks)) + paragraph(
        _(
            "Textes de la fiche, tels qu'elle les écrit. Une cible chiffrée est rattachée à l'élément de la fiche "
            "qui l'énonce (même ligne du document) ; les taux d'atteinte sont dans le tableau des indicateurs."
        ),
        "ev-source",
    )


REACH_FR = {"direct": N_("Directs"), "indirect": N_("Indirects")}
REACH_SENTENCE_FR = {"direct": N_("Publics visés directement"), "indirect": N_("Publics visés indirectement")}


def _count(group: dict) -> str:
    if fmt.is_missing(group.get("count")) and fmt.is_missing(group.get("count_text")):
        return _("non chiffré")
    written = str(group.get("count_text") or "")
    if written and not any(char.isdigit() for char in written):
        return written  # "un opérateur privé", "une dizaine": the fiche's words, not a digit it did not write
    return fmt.measured(group.get("count"), group.get("count_max"), group.get("qualifier"), "", group.get("count_text"))


def person_total_text(total: PersonTotal | None) -> str:
    """A persons total as a sentence's figure: ``environ 28 910 personnes``, or why there is none."""
    if total is None or total.total is None:
        return _("aucun groupe compté en personnes")
    return persons_text(total)


def people(portfolio: Portfolio, operation_id: str) -> Html:
    """The groups the fiche counts or names, each as written, then the persons they add up to."""
    groups = portfolio.people_of(operation_id)
    if groups.empty:
        return paragraph(_("Non renseigné : la fiche ne donne aucun public visé."))
    citer = Citer.of(portfolio.documents, from_operations=True)
    block = table(
        _("Publics visés selon la fiche, groupe par groupe"),
        [
            Col(_("Publics")),
            Col(_("Nombre"), numeric=True),
            Col(_("Groupe")),
            Col(_("Lieu")),
            Col(_("Personnes")),
            Col(_("Remarque")),
            Col(_("Source")),
        ],
        (
            (
                _(REACH_FR[str(group["reach"])]) if str(group["reach"]) in REACH_FR else group["reach"],
                _count(group),
                group["group"],
                "—" if fmt.is_missing(group.get("place")) else group["place"],
                _("oui") if group.get("persons") is True else _("non"),
                "—" if fmt.is_missing(group.get("note")) else group["note"],
                citer.html(group["source"]),
            )
            for group in groups.to_dict("records")
        ),
    )
    sentences = [_reach_sentence(portfolio, operation_id, groups, reach) for reach in ("direct", "indirect")]
    return (
        block
        + bullet_list(sentences)
        + paragraph(
            _(
                "Les totaux sont calculés par la boîte à outils : ils n'additionnent que les groupes comptés en "
                "personnes, chacun une fois (un groupe recompté autrement, « soit … », ne l'est pas deux fois)."
            ),
            "ev-source",
        )
    )


def _reach_sentence(portfolio: Portfolio, operation_id: str, groups: pd.DataFrame, reach: str) -> str:
    """The persons the direct (or indirect) groups add up to, and what the sum leaves out."""
    groups_label = _(REACH_SENTENCE_FR[reach])
    if not (groups["reach"] == reach).any():
        return _("{groups} : non renseigné, la fiche n'en donne pas.").format(groups=groups_label)
    total = portfolio.person_total(operation_id, reach)
    sentence = _("{groups} : {total}").format(groups=groups_label, total=person_total_text(total))
    if total is not None and total.total is not None and len(total.counted) > 1:
        sentence += _(", somme de {terms}").format(terms=" + ".join(total.counted))
    if total is not None and total.left_out:
        sentence += _(" ; non additionnés : {items}").format(items=fmt.semicolons(total.left_out))
    return sentence + "."


def findings(portfolio: Portfolio, operation_id: str) -> Html:
    """What the checks found in the operation's data, then what its sources say twice, differently,
    and the figures that set it apart: the page never calls its data clean while one of them exists."""
    from toolkit.report.quality import findings_table

    rows = portfolio.findings_of(operation_id)
    disagreements = operation_pairs(portfolio, operation_id)
    attention = [(text, source) for owner, text, source in attention_points(portfolio) if owner == operation_id]
    if rows.empty and not disagreements and not attention:
        return paragraph(
            _(
                "Aucun problème n'a été relevé pour cette opération : ni dans la vérification de ses données, ni "
                "entre ses sources, ni dans la comparaison de son budget avec ceux des autres opérations."
            )
        )
    blocks = []
    if rows.empty:
        blocks.append(paragraph(_("La vérification des données n'a relevé aucun problème pour cette opération.")))
    else:
        blocks.append(findings_table(rows, _("Problèmes de qualité des données relevés pour cette opération")))
    blocks.append(disagreements or paragraph(_("Aucun désaccord entre les sources n'est relevé pour cette opération.")))
    if attention:
        citer = Citer.of(portfolio.documents, from_operations=True)
        blocks.append(
            Html("<h3>" + _("Points d'attention") + "</h3>")
            + bullet_list(Html(f"{escape(text)} ({citer.html(source)})") for text, source in attention)
            + paragraph(
                ngettext(
                    "Constat calculé par la boîte à outils, sans jugement : à l'évaluateur d'en chercher la raison.",
                    "Constats calculés par la boîte à outils, sans jugement : à l'évaluateur d'en chercher la raison.",
                    len(attention),
                ),
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
        _("Ce que les sources disent de l'opération de deux façons"),
        [
            Col(_("Objet")),
            Col(_("Un passage dit")),
            Col(_("Un autre passage dit")),
            Col(_("Verdict")),
            Col(_("Ce que les documents permettent de dire")),
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
        _(
            "« {discordant} » : les passages se contredisent ; « {to_compare} » : ils diffèrent sans que les "
            "documents disent qu'ils parlent de la même chose."
        ).format(discordant=label(PairVerdict.DISCORDANT).capitalize(), to_compare=label(PairVerdict.TO_COMPARE)),
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
    said = _("Chaque référence donne le document (auteur, titre court, année) et ses lignes (l.). {link}.")
    return bullet_list(citer.html(ref) for ref in refs) + Html(
        '<p class="ev-source">'
        + escape(said).replace("{link}", link(_("Liste des documents sources"), citer.list_href))
        + "</p>"
    )


# The name of each pager, top and bottom of the page.
NAV_LABELS = {"haut": N_("Opérations voisines (haut de page)"), "bas": N_("Opérations voisines (bas de page)")}


def operation_nav(portfolio: Portfolio, operation_id: str, where: str = "haut") -> Html:
    """Previous and next operation (in the order of the programme report), and the way back."""
    ids = portfolio.operation_ids
    titles = portfolio.operations.set_index("operation_id")["title"].to_dict()
    position = ids.index(operation_id)
    items = []
    if position > 0:
        previous = ids[position - 1]
        text = _("← Opération précédente : {title}").format(title=titles[previous])
        items.append(f'<li class="ev-prev">{link(text, operation_href(previous, False))}</li>')
    every = link(_("Toutes les opérations"), ALL_OPERATIONS)
    items.append(f'<li class="ev-up">{every}</li>')
    if position < len(ids) - 1:
        following = ids[position + 1]
        text = _("Opération suivante : {title} →").format(title=titles[following])
        items.append(f'<li class="ev-next">{link(text, operation_href(following, False))}</li>')
    # Two pagers on a page (top and bottom): each landmark needs a name of its own.
    label = escape(_(NAV_LABELS[where])) if where in NAV_LABELS else escape(f"Opérations voisines ({where} de page)")
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
        _("Portefeuille des opérations"),
        [
            Col(_("Opération")),
            Col(_("Porteur")),
            Col(_("Pays")),
            Col(_("Durée"), numeric=True),
            Col(_("Budget"), numeric=True),
            Col(_("Subvention (part du budget)"), numeric=True),
            Col(_("Personnes visées directement"), numeric=True),
        ],
        rows,
    ) + paragraph(
        _(
            "Source : {documents}, aux lignes données sous chaque chiffre. Part du budget et personnes : calculées "
            "par la boîte à outils ; les personnes additionnent les seuls groupes que chaque fiche compte en "
            "personnes, « + autres publics » signale des groupes non additionnés (familles, structures, groupes non "
            "chiffrés), détaillés sur la page de l'opération avec les publics indirects."
        ).format(documents=citer.documents_cited(cited))
        + _conversions_sentence(portfolio),
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
        Html("<strong>" + escape(_("Ensemble")) + "</strong>"),
        fmt.counted(int(totals["operations"]), "opération", "opérations"),
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
        said = ngettext("{count} erreur de données : {link}", "{count} erreurs de données : {link}", errors)
        shown = escape(said).replace("{count}", fmt.number(errors))
        shown = shown.replace("{link}", link(_("voir"), quality_href(operation_id)))
        cell += Html(f'<br><span class="ev-flag"><span aria-hidden="true">⚠</span> {shown}</span>')
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
        budget = _("{budget} dont {grant} de subventions du programme").format(
            budget=budget, grant=basis.amount(totals["grant"])
        )
    refused_budgets = refused_in(operations, "budget")
    missing = int((operations["budget"].isna() & ~refused_budgets).sum())
    noun = config.operation_noun
    if refused_budgets.any():
        said = _(" (budget refusé pour {operations}, hors total)")
        budget += said.format(operations=fmt.counted(int(refused_budgets.sum()), *noun))
    if missing and missing < len(operations):
        budget += _(" (budget non renseigné pour {operations}, hors total)").format(
            operations=fmt.counted(missing, *noun)
        )
    unconverted = int((operations["budget"].notna() & operations[basis.column("budget")].isna()).sum())
    if unconverted:
        budget += _(" (budget sans taux de change pour {operations}, hors total)").format(
            operations=fmt.counted(unconverted, *noun)
        )
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
        if not others:
            return _("en France")
        return ngettext("en France et dans {count} pays", "en France et dans {count} pays", others).format(count=others)
    return ngettext("dans {count} pays", "dans {count} pays", others).format(count=others) if others else ""


def _countries_total(codes: list[str]) -> str:
    """As the fiches count them (003 l. 8: "en France et dans 16 pays"): France apart."""
    others = len([code for code in codes if code != "FRA"])
    if "FRA" in codes:
        if not others:
            return _("France")
        return ngettext("France et {count} pays", "France et {count} pays", others).format(count=others)
    return ngettext("{count} pays", "{count} pays", others).format(count=others) if others else fmt.NOT_REPORTED


def _persons_cell(total: PersonTotal | None) -> str:
    if total is None or total.total is None:
        return _("aucun décompte en personnes") if total is not None else fmt.NOT_REPORTED
    shown = persons_text(total)
    return _("{persons} + autres publics").format(persons=shown) if total.left_out else shown


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
    """Each published figure once, with every place it is written, set against the data; figures of one
    passage recomputed alike share a row, and a pair of documents that only restates a row adds its
    lines to it (`document_pairs` leaves it out)."""
    citer = Citer.of(portfolio.documents)
    figures = _figures_with_their_pairs(portfolio)
    basis = comparable(portfolio.operations, portfolio.conversions, "budget")[1]
    return table(
        _("Chiffres publiés sur le programme, un par ligne, face aux données des opérations"),
        [
            Col(_("Objet")),
            Col(_("Chiffre publié")),
            Col(_("Où il est écrit")),
            Col(_("Recalcul"), numeric=True),
            Col(_("Verdict")),
            Col(_("Raison")),
        ],
        (
            (
                row["description"],
                row["figure"],
                _lines([fmt.quoted(row["statements"][0]), citer.many(row["sources"])]),
                _computed(row.get("computed_value"), str(row["subject"]), row.get("computed_value_max"), basis),
                label_of(row["verdict"], ClaimVerdict),
                _reason(row, citer),
            )
            for row in figures
        ),
    ) + paragraph(
        _(
            "« {consistent} » : le recalcul confirme le chiffre publié ; « {inconsistent} » : il le contredit ; "
            "« {not_recomputable} » : les données ne permettent pas de trancher. Un chiffre écrit à plusieurs "
            "endroits n'a qu'une ligne, qui les cite tous ; des chiffres d'une même phrase, recalculés de même, "
            "partagent la leur."
        ).format(
            consistent=label(ClaimVerdict.CONSISTENT).capitalize(),
            inconsistent=label(ClaimVerdict.INCONSISTENT),
            not_recomputable=label(ClaimVerdict.NOT_RECOMPUTABLE),
        ),
        "ev-source",
    )


def _pairs_shown(portfolio: Portfolio) -> tuple[list[dict], list[dict]]:
    """The pairs of documents the published figures' table already says (restated), and those the
    annex shows in its own table."""
    pairs = crosscheck_pairs(portfolio.claims, portfolio.observations, portfolio.discrepancies)
    figures = published_figures(portfolio.claims).to_dict("records")
    records = pairs.to_dict("records")
    restated = [row for row in records if _restates_figures(row, figures)]
    shown = [row for row in records if row not in restated and _restated_figure(row, figures) is None]
    return restated, shown


def pairs_by_verdict(portfolio: Portfolio) -> Counter:
    """How many pairs of annex E's table of documents against documents have each verdict: the
    counts other pages give must be those of the table a reader opens."""
    return Counter(str(row["verdict"]) for row in _pairs_shown(portfolio)[1])


def document_pairs(portfolio: Portfolio) -> Html:
    """Documents set against documents: the same thing stated twice, the same or differently. A pair the
    published figures' table already says (the same figure from the same lines, with the same reason,
    or one figure written alike everywhere) is not shown again: the concordant ones are named in a
    sentence, the others add their lines to the figure's row (`claims`)."""
    citer = Citer.of(portfolio.documents)
    restated, shown = _pairs_shown(portfolio)
    return (
        table(
            _("Les documents face aux documents"),
            [
                Col(_("Objet")),
                Col(_("Un document dit")),
                Col(_("Où il le dit")),
                Col(_("Un autre passage dit")),
                Col(_("Où l'autre le dit")),
                Col(_("Verdict")),
                Col(_("Raison")),
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
                for row in shown
            ),
        )
        + _concordant_sentence(restated)
        + paragraph(
            _(
                "« {concordant} » : les documents disent la même chose ; « {discordant} » : ils se contredisent ; "
                "« {to_compare} » : deux passages diffèrent sans que les documents disent qu'ils parlent de la même "
                "chose. L'explication qu'un document donne d'un écart est citée dans la raison ; aucune autre n'est "
                "donnée."
            ).format(
                concordant=label(PairVerdict.CONCORDANT).capitalize(),
                discordant=label(PairVerdict.DISCORDANT),
                to_compare=label(PairVerdict.TO_COMPARE),
            ),
            "ev-source",
        )
    )


def _reason(row: dict, citer: Citer) -> Html:
    """A pair's reason, followed by the lines it names besides the pair's own, each linked."""
    reason = Html(escape(row["reason"]))
    sources = row.get("reason_sources") or ()
    if not sources:
        return reason
    return Html(escape(_("{reason} (voir {sources})")).format(reason=reason, sources=citer.many(sources)))


def phase2(portfolio: Portfolio) -> Html:
    """The projects a document announces for the next phase: listed apart, never evaluated or added here."""
    projects = portfolio.phase2
    if projects.empty:
        return paragraph(_("Aucun projet d'une phase suivante n'est transcrit dans les données."))
    citer = Citer.of(portfolio.documents)
    return table(
        _("Projets annoncés pour la phase suivante (non évalués dans ce rapport)"),
        [
            Col(_("Projet")),
            Col(_("Porteurs")),
            Col(_("Partenaires nommés")),
            Col(_("Territoires")),
            Col(_("Soutien annoncé")),
            Col(_("Source")),
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
        _(
            "Ces projets ne sont pas des opérations de la phase évaluée : ils n'ont pas de page et n'entrent dans "
            "aucun total de ce rapport."
        ),
        "ev-source",
    )


def points_of_attention(portfolio: Portfolio) -> Html:
    """Figures an evaluator must see that are not contradictions: an operation far from the others."""
    notes = attention_points(portfolio)
    if not notes:
        return paragraph(
            _("Aucune opération ne s'écarte nettement des autres par son budget ou sa part subventionnée.")
        )
    citer = Citer.of(portfolio.documents)
    return bullet_list(Html(f"{escape(text)} ({citer.html(source)})") for _owner, text, source in notes) + paragraph(
        _(
            "Seuils de signalement, appliqués sans jugement : un budget d'au moins trois fois la médiane des "
            "opérations, une part subventionnée d'au plus la moitié de la médiane. À l'évaluateur d'en chercher la "
            "raison."
        ),
        "ev-source",
    )


def _date(value: object) -> str | None:
    return None if fmt.is_missing(value) else fmt.date(value)


def documents(portfolio: Portfolio) -> Html:
    """The documents the pages cite, each with the anchor its citations link to."""
    records = portfolio.documents.to_dict("records")
    return table(
        _("Documents sources, sous la forme où les pages les citent (auteur, titre court, année, lignes)"),
        [Col(_("Citation")), Col(_("Titre")), Col(_("Auteur")), Col(_("Date")), Col(_("Nature")), Col(_("Contenu"))],
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
        _("Montants convertis dans la devise du rapport, un par ligne"),
        [
            Col(_("Opération")),
            Col(_("Montant")),
            Col(_("Montant tel que la source le donne"), numeric=True),
            Col(_("Date de valeur")),
            Col(_("Taux et source")),
            Col(_("Montant converti"), numeric=True),
        ],
        (
            (
                link(names.get(row["operation_id"], row["operation_id"]), operation_href(row["operation_id"])),
                pgettext("an amount", "budget") if row["column"] == "budget" else pgettext("an amount", "subvention"),
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
    return fmt.semicolons([f"1 {row['currency']} = {per_unit} {row['reporting_currency']}", row["rate_source"]])


def quarantined_operations(quarantined: pd.DataFrame | None) -> Html:
    """Operations set aside whole: said at the top of the report, with their reasons."""
    rows = [] if quarantined is None else quarantined.to_dict("records")
    if not rows:
        return Html("")
    said = _("{title} : opération non publiée, sa ligne de données est en quarantaine ({reasons}).")
    items = "".join(
        "<li>"
        + escape(said).format(
            title=escape(row.get("title") or row.get("operation_id")), reasons=escape(row.get("reasons"))
        )
        + "</li>"
        for row in rows
    )
    heading, quality = (
        escape(_("Opérations écartées du rapport")),
        link(_("Voir la qualité des données"), quality_href()),
    )
    return Html(
        f'<div class="ev-failures" role="note"><p class="ev-flag"><span aria-hidden="true">⚠</span> '
        f"{heading}</p><ul>{items}</ul><p>{quality}</p></div>"
    )


ANNEXES = (
    ("matrice", N_("A. Matrice d'évaluation : méthodes, indicateurs et sources de chaque question")),
    ("descriptives", N_("B. Passages des documents par question, questions descriptives et carte des passages")),
    ("cadre", N_("C. Cadre de résultats, réalisations du programme et objectifs de développement durable")),
    ("agregations", N_("D. Agrégations par niveau, enjeu partagé, ODD et pays")),
    ("chiffres-publies", N_("E. Les chiffres publiés face aux données et aux autres documents")),
    ("phase-suivante", N_("F. Projets annoncés pour la phase suivante")),
    ("documents", N_("G. Documents sources")),
    ("sigles", N_("H. Sigles et acronymes")),
    ("glossaire", N_("I. Glossaire")),
    ("termes-de-reference", N_("J. Termes de référence")),
    ("personnes-et-sites", N_("K. Personnes et sites rencontrés")),
    ("outils-de-collecte", N_("L. Outils de collecte")),
)


def annex_links() -> Html:
    """The annexes live on their own page: the report lists them, with the data-quality page, which
    the printed report does not hold (``ev-web-only``: the PDF lists only what it contains)."""
    items = "".join(
        f"<li>{link(_(label), sitemap.href(sitemap.ANNEXES, anchor=anchor_id))}</li>" for anchor_id, label in ANNEXES
    )
    quality = link(_("Qualité des données : contrôles, problèmes relevés, lignes écartées"), quality_href())
    return Html(f'<ul>{items}<li class="ev-web-only">{quality}</li></ul>')


def acronyms(portfolio: Portfolio) -> Html:
    rows = portfolio.acronyms
    if rows.empty:
        return paragraph(_("Aucun sigle n'est transcrit."))
    citer = Citer.of(portfolio.documents)
    return table(
        _("Sigles et acronymes employés par les documents"),
        [Col(_("Sigle")), Col(_("Signification")), Col(_("Source"))],
        ((row["acronym"], row["meaning"], citer.html(row["source"])) for row in rows.to_dict("records")),
    )


def fiche_signaletique(portfolio: Portfolio, config: Config, data_version: str) -> Html:
    """Section 0 of the report: what was evaluated, by whom, on which data."""
    totals = portfolio_totals(portfolio)
    to_fill = _("à renseigner par l'évaluateur")
    return definition_list(
        [
            (_("Programme"), f"{config.name} ({config.short_name})"),
            (_("Porté par"), config.organisation),
            (_("Période"), config.period),
            (_("Financeurs"), config.funders),
            (
                _("Opérations évaluées"),
                _operations_phrase(totals["operations"], config, totals["countries"])
                if totals["operations"]
                # Translators: agrees with the term "Opérations évaluées" (feminine plural).
                else _("aucune dans les données propres"),
            ),
            (
                _("Budget des opérations"),
                _budget_phrase(totals, portfolio.operations, config) if totals["operations"] else fmt.NOT_REPORTED,
            ),
            (_("Évaluateur"), config.evaluator or to_fill),
            (_("Date de l'évaluation"), config.evaluation_date or to_fill),
            (_("Version des données"), _("empreinte {version} des données brutes").format(version=data_version)),
        ]
    )


def report_title(config: Config) -> Html:
    return Html(f"<h1>{escape(config.report_title)}</h1>") + paragraph(
        _(
            "{organisation} · {period}. Ce rapport présente les données du programme et ce qui peut en être "
            "calculé ; les appréciations, conclusions et recommandations sont celles de l'évaluateur et ne sont "
            "jamais produites par la boîte à outils."
        ).format(organisation=config.organisation, period=config.period)
    )


NO_NOTEBOOK = N_("aucun : la page s'est arrêtée avant d'en écrire un")


def failed_pages(failures: list[dict]) -> Html:
    """The pages this build could not produce, each with its error, cell and the failed notebook."""
    if not failures:
        return Html("")
    rows = [
        (
            f.get("page"),
            f.get("error"),
            "" if f.get("cell") in (None, "") else _("cellule {cell}").format(cell=f["cell"]),
            link(_("carnet en échec"), str(f["notebook"])) if f.get("notebook") else _(NO_NOTEBOOK),
        )
        for f in failures
    ]
    return (
        Html('<div class="ev-failures" role="alert">')
        + table(
            _("Pages non produites par cette construction : leurs chiffres ne figurent pas dans ce rapport"),
            [Col(_("Page")), Col(_("Erreur")), Col(_("Où")), Col(_("Carnet"))],
            rows,
        )
        + Html("</div>")
    )


def quality_link(from_operations: bool = False, operation_id: str | None = None) -> Html:
    from toolkit.report.quality import quality_href

    text = _("Voir la page de qualité des données (problèmes, quarantaine, comptabilité des lignes)")
    return Html(f"<p>{link(text, quality_href(operation_id, from_operations))}</p>")


def _restates_figures(pair: Mapping, figures: list[dict]) -> bool:
    """A pair with one side only (a figure written in several places), every place of which is a place of
    the published figures of its subject: that table cites them all already."""
    if pair["second"] or pair["verdict"] != PairVerdict.CONCORDANT:
        return False
    places = {source for figure in figures if figure["subject"] == pair["subject"] for source in figure["sources"]}
    return bool(places) and set(pair["first_sources"]) <= places


def _restated_figure(pair: Mapping, figures: list[dict]) -> int | None:
    """The published figure a pair only restates, by its index: the same subject, figure, lines and reason
    (its other side is where the recomputed values are written); None for a pair that says more."""
    for index, figure in enumerate(figures):
        same = (figure["subject"], figure["figure"], set(figure["sources"]), figure["reason"]) == (
            pair["subject"],
            pair["first"],
            set(pair["first_sources"]),
            pair["reason"],
        )
        if same and pair["second"]:
            return index
    return None


def _figures_with_their_pairs(portfolio: Portfolio) -> list[dict]:
    """The published figures, each with the lines of the pairs that only restate it added to its reason's,
    then merged: figures of the same statement and lines, recomputed alike, are one row."""
    figures = published_figures(portfolio.claims).to_dict("records")
    pairs = crosscheck_pairs(portfolio.claims, portfolio.observations, portfolio.discrepancies)
    for pair in pairs.to_dict("records"):
        index = _restated_figure(pair, figures)
        if index is not None:
            figure = figures[index]
            known = {*figure["sources"], *(figure.get("reason_sources") or ())}
            added = [source for source in pair["second_sources"] if source not in known]
            figure["reason_sources"] = (*(figure.get("reason_sources") or ()), *dict.fromkeys(added))
    merged: dict[tuple, dict] = {}
    for figure in figures:
        key = (
            figure["subject"],
            tuple(figure["sources"]),
            figure["statements"][0],
            *(str(figure.get(column)) for column in ("computed_value", "computed_value_max", "verdict", "reason")),
            tuple(figure.get("reason_sources") or ()),
        )
        if key not in merged:
            merged[key] = {**figure, "descriptions": [figure["description"]], "figures": [figure["figure"]]}
            continue
        merged[key]["descriptions"].append(figure["description"])
        merged[key]["figures"].append(figure["figure"])
    return [
        {**row, "description": _joined_descriptions(row["descriptions"]), "figure": fmt.semicolons(row["figures"])}
        for row in merged.values()
    ]


def _joined_descriptions(descriptions: list[str]) -> str:
    """ "Phase suivante (lancement ; durée)" for "Phase suivante (lancement)" and "Phase suivante (durée)":
    a subject named once, with each figure's detail in the order of the figures."""
    if len(descriptions) == 1:
        return descriptions[0]
    heads = {text.split(" (", 1)[0] for text in descriptions}
    if len(heads) == 1 and all(text.endswith(")") and " (" in text for text in descriptions):
        details = [text.split(" (", 1)[1][:-1] for text in descriptions]
        return f"{heads.pop()} ({fmt.semicolons(details)})"
    return fmt.semicolons(descriptions)


def _concordant_sentence(restated: list[dict]) -> Html:
    """The concordant pairs the published figures' table already cites, named with their reason."""
    if not restated:
        return Html("")
    by_reason: dict[str, list[str]] = {}
    for pair in restated:
        by_reason.setdefault(str(pair["reason"]), []).append(str(pair["description"]))
    said = fmt.semicolons(
        _("{subjects} ({reason})").format(subjects=", ".join(subjects), reason=reason)
        for reason, subjects in by_reason.items()
    )
    return paragraph(
        _(
            "Sont aussi « {concordant} », sans autre passage à leur opposer, les chiffres que plusieurs documents "
            "écrivent et que le tableau des chiffres publiés cite tous, en chacun de leurs endroits : {pairs}."
        ).format(concordant=label(PairVerdict.CONCORDANT), pairs=said)
    )
