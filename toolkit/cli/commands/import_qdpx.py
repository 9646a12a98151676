"""``import-qdpx``: a coded REFI-QDA project (NVivo, MAXQDA, ATLAS.ti, QualCoder, Taguette) turned
into interview notes (``documents.csv`` and their texts) and passages (``evidence.csv``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from toolkit.cli.options import EXIT_DATA_ERRORS, EXIT_OK, add_config, add_raw
from toolkit.model.config import Config
from toolkit.model.language import _, ngettext


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", type=Path, metavar="PROJET.qdpx", help="le projet REFI-QDA exporté du logiciel de codage"
    )
    add_raw(parser)
    add_config(parser)


def run(arguments: argparse.Namespace, _config: Config) -> int:
    from toolkit.interop.qdpx_import import import_qdpx

    result = import_qdpx(arguments.file, Path(arguments.raw))
    for line in report_lines(result):
        print(line)
    return EXIT_DATA_ERRORS if result.problems else EXIT_OK


def report_lines(result) -> list[str]:
    """What the import did, then each thing the evaluator must act on, in French."""
    lines = [
        _("  {title} : {document} (« {source} »){new}").format(
            title=note.title, document=note.document, source=note.source, new="" if note.new else _(", déjà présent")
        )
        for note in result.notes
    ]
    for source in result.set_aside:
        lines.append(
            _("  source écartée : « {name} » ({kind}) : {reason}").format(
                name=source.name, kind=source.kind, reason=source.reason
            )
        )
    for bad in result.bad_segments:
        template = (
            _("  segment vide écarté : « {source} » ({document}), caractères {start} à {end} : rien que des espaces")
            if bad.empty
            else _(
                "  segment écarté : « {source} » ({document}), caractères {start} à {end} hors du texte, qui compte "
                "{length} caractères"
            )
        )
        lines.append(
            template.format(source=bad.source, document=bad.document, start=bad.start, end=bad.end, length=bad.length)
        )
    for unknown in result.unknown_ids:
        lines.append(
            _("  {column} inconnu dans la table des codes : « {value} » (code « {code} »)").format(
                column=unknown.column, value=unknown.value, code=unknown.code
            )
        )
    for segment in result.without_question:
        lines.append(
            _("  segment sans question : {reference} (codes : {codes}) : coder aussi une question").format(
                reference=segment.reference, codes=", ".join(segment.codes)
            )
        )
    for code in result.unmapped:
        lines.append(
            ngettext(
                "  code sans question ni opération : « {code} » ({count} segment non importé)",
                "  code sans question ni opération : « {code} » ({count} segments non importés)",
                code.segments,
            ).format(code=code.code, count=code.segments)
        )
    lines.append(
        _("{project} : {notes}, {passages} dans evidence.csv ; table des codes : {mapping}").format(
            project=result.project,
            notes=ngettext("{count} entretien", "{count} entretiens", len(result.notes)).format(
                count=len(result.notes)
            ),
            passages=ngettext("{count} passage", "{count} passages", result.evidence).format(count=result.evidence),
            mapping=result.mapping_file,
        )
    )
    if result.unmapped:
        lines.append(
            _(
                "Remplir question_id et operation_id de ces codes dans {mapping}, puis relancer import-qdpx : "
                "leurs segments seront importés."
            ).format(mapping=result.mapping_file)
        )
    if any(note.new for note in result.notes):
        lines.append(_("Renseigner le rôle (role) et le lieu (place) de chaque nouvel entretien dans documents.csv."))
    return lines
