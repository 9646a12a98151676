"""How text files' bytes are read: the encodings people save in, and the stray byte that is said."""

import pytest

from toolkit.ingest.encoding import bad_byte_line, decode


def test_utf8_with_or_without_bom_and_windows_1252_read_the_same():
    text = "Coopération;Échanges\n"
    assert decode(text.encode("utf-8")) == decode(text.encode("utf-8-sig")) == decode(text.encode("cp1252")) == text


def test_a_utf8_file_with_one_stray_byte_is_refused_not_read_as_windows_1252():
    data = "sigle;développé\nAFD;Agence française\n".encode() + b"X\xed\xa0\x80Y;m\n"
    with pytest.raises(UnicodeDecodeError):
        decode(data)
    assert bad_byte_line(data) == 3


def test_a_windows_1252_file_has_no_stray_byte_line():
    assert bad_byte_line("élevée\n".encode("cp1252")) is None
    assert bad_byte_line("élevée\n".encode()) is None
