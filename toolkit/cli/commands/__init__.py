"""One module per command. Each declares ``NAME``, ``HELP``, ``DESCRIPTION``,
``add_arguments(parser)`` and ``run(arguments, config) -> exit code``; it parses, calls the
library and prints. ``COMMANDS`` is the order ``--help`` lists them in."""

from toolkit.cli.commands import (
    build,
    clean,
    data_dictionary,
    evaluator_templates,
    export_iati,
    import_iati,
    pdf,
    validate,
    workbook,
)

COMMANDS = (build, validate, clean, workbook, import_iati, export_iati, pdf, evaluator_templates, data_dictionary)
