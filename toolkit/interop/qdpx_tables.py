"""The raw CSV files an import rewrites (``documents.csv``, ``evidence.csv``): read and written as
they are, so that the evaluator's own rows come back unchanged.

The file keeps its delimiter (``;`` of French Excel, or ``,``) and its columns in their order; a
column the import needs and the header lacks is added at the end. Rows are written back as the
``csv`` module quotes them (only a cell holding the delimiter, a quote or a line break is
quoted), in UTF-8, with a byte order mark when the file had one.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.ingest.encoding import decode
from toolkit.ingest.readers import sniff_delimiter
from toolkit.model.outputs import write_bytes_atomic

_BOM = b"\xef\xbb\xbf"


@dataclass
class CsvFile:
    path: Path
    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    delimiter: str = ";"
    bom: bool = False

    def ensure_columns(self, columns: tuple[str, ...]) -> None:
        self.header.extend(column for column in columns if column not in self.header)

    def write(self) -> None:
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=self.header, delimiter=self.delimiter, lineterminator="\n", extrasaction="ignore"
        )
        writer.writeheader()
        writer.writerows({column: row.get(column, "") for column in self.header} for row in self.rows)
        write_bytes_atomic(self.path, (_BOM if self.bom else b"") + buffer.getvalue().encode("utf-8"))


def read_csv_file(path: Path, columns: tuple[str, ...]) -> CsvFile:
    """The file's header and rows; a missing or empty file is one with ``columns`` for header."""
    data = path.read_bytes() if path.is_file() else b""
    text = decode(data)
    if not text.strip():
        return CsvFile(path, list(columns))
    delimiter = sniff_delimiter(text.splitlines()[0])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip() for name in next(reader)]
    rows = [dict(zip(header, record, strict=False)) for record in reader if any(cell.strip() for cell in record)]
    return CsvFile(path, header, rows, delimiter, data.startswith(_BOM))
