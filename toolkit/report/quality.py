"""The data-quality page: findings by table, rule and operation, row accounting, quarantine.

Reviewers see here what the reports rest on and what was set aside, with the reasons.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from toolkit.ingest.survey_answers import ID_COLUMNS
from toolkit.model import sitemap
from toolkit.model.findings import SEVERITY_FR
from toolkit.model.language import _
from toolkit.model.live_text import restored_frame
from toolkit.model.rules import RULES
from toolkit.model.schema import PROGRAMME_ID
from toolkit.results.portfolio import Portfolio, findings_summary
from toolkit.text import fmt
from toolkit.text.html import Col, Html, heading, link, paragraph, table


def _severity(severity: str) -> str:
    """A finding's severity as the page names it, in the active language."""
    return _(SEVERITY_FR[severity]) if severity in SEVERITY_FR else severity


def finding_anchor(table: object, row: object) -> str:
    """The anchor of a row's findings in the register (``constat-ratings-5``): other pages link a record
    that validation set aside to the reasons."""
    return f"constat-{table}-{int(row)}"


def quality_href(operation_id: str | None = None, from_operations: bool = False) -> str:
    """Link to the data-quality page, optionally to an operation's section."""
    where = sitemap.OPERATIONS if from_operations else sitemap.TOP
    return sitemap.href(sitemap.DATA_QUALITY, from_folder=where, anchor=f"op-{operation_id}" if operation_id else "")


def accounting(portfolio: Portfolio) -> Html:
    rows = []
    for row in portfolio.accounting.to_dict("records"):
        holds = row["raw_rows"] == row["clean_rows"] + row["quarantined_rows"]
        rows.append(
            (
                row["file"],
                fmt.number(row["raw_rows"]),
                fmt.number(row["clean_rows"]),
                fmt.number(row["quarantined_rows"]),
                fmt.number(row.get("blank_rows", 0)),
                _("oui") if holds else _("NON"),
            )
        )
    return table(
        _("Comptabilité des lignes : lignes brutes = lignes propres + lignes en quarantaine"),
        [
            Col(_("Fichier")),
            Col(_("Lignes brutes"), numeric=True),
            Col(_("Propres"), numeric=True),
            Col(_("En quarantaine"), numeric=True),
            Col(_("Lignes vides ignorées"), numeric=True),
            Col(_("Équilibre")),
        ],
        rows,
    )


def by_rule(portfolio: Portfolio) -> Html:
    return table(
        _("Problèmes relevés, par table et par règle"),
        [
            Col(_("Table")),
            Col(_("Règle")),
            Col(_("Ce qu'elle vérifie")),
            Col(_("Gravité")),
            Col(_("Nombre"), numeric=True),
        ],
        (
            (
                r["table"],
                r["rule"],
                RULES[r["rule"]].what if r["rule"] in RULES else "",
                _severity(r["severity"]),
                fmt.number(r["count"]),
            )
            for r in findings_summary(portfolio).to_dict("records")
        ),
    )


def _by_owner(portfolio: Portfolio) -> Iterator[tuple[str, str | None, pd.DataFrame]]:
    """The findings of each operation (with its title), then the programme's, then those of no operation."""
    findings = portfolio.findings
    titles = portfolio.operations.set_index("operation_id")["title"].to_dict()
    for operation_id in [*portfolio.operation_ids, PROGRAMME_ID, ""]:
        yield operation_id, titles.get(operation_id), findings[findings["operation_id"].fillna("") == operation_id]


def by_operation(portfolio: Portfolio) -> Html:
    rows = []
    for operation_id, title, mine in _by_owner(portfolio):
        if mine.empty:
            continue
        label = title or (_("Programme (ensemble)") if operation_id == PROGRAMME_ID else _("Sans opération"))
        errors = int((mine["severity"] == "error").sum())
        rows.append(
            (
                link(label, f"#op-{operation_id}") if operation_id else label,
                fmt.number(errors),
                fmt.number(len(mine) - errors),
            )
        )
    return table(
        _("Problèmes relevés, par opération"),
        [Col(_("Opération")), Col(_("Erreurs"), numeric=True), Col(_("Avertissements"), numeric=True)],
        rows,
    )


def reviewed_mask(findings: pd.DataFrame) -> pd.Series:
    """Which findings are warnings the evaluator acknowledged (reviewed.csv)."""
    if "reviewed" not in findings:
        return pd.Series(False, index=findings.index)
    return findings["reviewed"].map(lambda v: str(v).strip().lower() in ("true", "1")).astype(bool)


def _row_ids(findings: pd.DataFrame) -> list[str]:
    """An anchor on the first finding of each row of a table (``finding_anchor``), an empty id elsewhere."""
    ids, seen = [], set()
    for record in findings.to_dict("records"):
        anchor = (
            ""
            if fmt.is_missing(record["row"]) or not record.get("table")
            else finding_anchor(record["table"], record["row"])
        )
        ids.append(anchor if anchor not in seen else "")
        seen.add(anchor)
    return ids


def findings_table(findings: pd.DataFrame, caption: str) -> Html:
    # table() puts an id on every row: the rows without an anchor of their own drop theirs.
    return Html(str(_findings_table(findings, caption)).replace('<tr id="">', "<tr>"))


def _findings_table(findings: pd.DataFrame, caption: str) -> Html:
    anchors = _row_ids(findings)
    return table(
        caption,
        [
            Col(_("Fichier")),
            Col(_("Ligne"), numeric=True),
            Col(_("Colonne")),
            Col(_("Valeur")),
            Col(_("Règle")),
            Col(_("Gravité")),
            Col(_("Message")),
        ],
        (
            (
                r["file"],
                "" if fmt.is_missing(r["row"]) else str(int(r["row"])),
                r["column"],
                r["value"],
                r["rule"],
                _severity(r["severity"]),
                r["message"],
            )
            for r in findings.to_dict("records")
        ),
        row_headers=False,
        row_ids=anchors,
    )


def reviewed(portfolio: Portfolio) -> Html:
    """The warnings the evaluator acknowledged, with the reason and the date, apart from the open ones."""
    findings = portfolio.findings
    done = findings[reviewed_mask(findings)]
    if done.empty:
        return paragraph(
            _(
                "Aucun avertissement n'a été examiné. Pour en accepter un tel qu'il est, l'inscrire avec sa raison "
                "et sa date dans reviewed.csv (données brutes)."
            )
        )
    return table(
        _("Avertissements examinés par l'évaluateur, avec sa raison"),
        [
            Col(_("Fichier")),
            Col(_("Ligne"), numeric=True),
            Col(_("Colonne")),
            Col(_("Valeur")),
            Col(_("Règle")),
            Col(_("Message")),
            Col(_("Raison")),
            Col(_("Date")),
        ],
        (
            (
                r["file"],
                "" if fmt.is_missing(r["row"]) else str(int(r["row"])),
                r["column"],
                r["value"],
                r["rule"],
                r["message"],
                r["review_reason"],
                r["review_date"],
            )
            for r in done.to_dict("records")
        ),
        row_headers=False,
    )


def register(portfolio: Portfolio) -> Html:
    """Every open finding (the acknowledged warnings are listed apart, ``reviewed``), one section per
    operation with a stable anchor (linked from the operation pages); each row's first finding has an
    anchor of its own (``finding_anchor``), where a page links a record validation set aside."""
    blocks = []
    for operation_id, title, mine in _by_owner(portfolio):
        mine = mine[~reviewed_mask(mine)]
        label = title or (
            _("Programme (ensemble)") if operation_id == PROGRAMME_ID else _("Fichiers et lignes sans opération")
        )
        blocks.append(heading(label, 3, anchor=f"op-{operation_id}" if operation_id else "op-aucune"))
        if mine.empty:
            blocks.append(paragraph(_("Aucun problème relevé.")))
        else:
            blocks.append(findings_table(mine, _("Registre des problèmes : {owner}").format(owner=label)))
    return Html("".join(blocks))


# The column that names a quarantined row, in this order: the tables' keys, then a survey's
# submission identifier (ingest/survey_answers.py ID_COLUMNS).
QUARANTINE_KEYS = (
    "operation_id",
    "claim_id",
    "indicator_id",
    "question_id",
    "document",
    "organisation",
    *ID_COLUMNS,
)


def _raw_files(clean: Path) -> dict[str, str]:
    """Each table's raw file, as the row accounting names it."""
    path = clean / "accounting.csv"
    if not path.is_file():
        return {}
    accounting = pd.read_csv(path, dtype="str", keep_default_na=False)
    return dict(zip(accounting["table"], accounting["file"], strict=True)) if "file" in accounting else {}


def quarantine(clean_dir: str | Path) -> Html:
    """The rows set aside, table by table, with their reasons."""
    folder = Path(clean_dir) / "quarantine"
    raw_files = _raw_files(Path(clean_dir))
    blocks = []
    for path in sorted(folder.glob("*.csv")):
        frame = restored_frame(pd.read_csv(path, dtype="str", keep_default_na=False))
        if frame.empty:
            continue
        key = next((c for c in QUARANTINE_KEYS if c in frame), None)
        rows = ((r["raw_row"], r.get(key, "") if key else "", r["reasons"]) for r in frame.to_dict("records"))
        blocks.append(
            table(
                # The raw file the rows come from, where the evaluator fixes them (a survey's answers
                # file, not its quarantine's name).
                _("Lignes en quarantaine : {file}").format(file=raw_files.get(path.stem, path.name)),
                [Col(_("Ligne"), numeric=True), Col(key or _("Clé")), Col(_("Motifs"))],
                rows,
                row_headers=False,
            )
        )
    if not blocks:
        return paragraph(
            _("Aucune ligne n'a été mise en quarantaine : toutes les lignes brutes sont dans les données propres.")
        )
    return Html("".join(blocks))


def back_to_report() -> Html:
    """The link back to the programme report, at the bottom of the page."""
    label = _("← Retour au rapport du programme")
    return Html(f'<p><a href="{sitemap.INDEX}">{label}</a></p>')
