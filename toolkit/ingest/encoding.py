"""Text files as people save them: UTF-8 (with or without a BOM), or Windows-1252, the encoding of
Excel and Notepad on French Windows; and, for a file that is UTF-8 but for a stray byte, the line
that holds it."""

from __future__ import annotations

import re

# A letter outside ASCII as UTF-8 writes it (two to four bytes): Windows-1252 text almost never
# holds one, since its accented letters are single bytes followed by plain ones.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, the encoding Excel uses on French Windows.

    Raises UnicodeDecodeError when the bytes are neither.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A file whose accents are already UTF-8 is not Windows-1252 with a stray byte: read as
        # such, every "é" would become "Ã©" in the clean data without a word. Its bad byte is said.
        if _UTF8_SEQUENCE.search(data):
            raise error from None
        return data.decode("cp1252")


def bad_byte_line(data: bytes) -> int | None:
    """The line (from 1) of the first byte that is not UTF-8, when the bytes are mostly UTF-8."""
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return data.count(b"\n", 0, error.start) + 1 if _UTF8_SEQUENCE.search(data) else None
    return None
