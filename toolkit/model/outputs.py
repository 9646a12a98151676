"""Writing build outputs: atomically, deterministically, in plain formats."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where it is used: the build's up-to-date check must stay light
    import pandas as pd


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` in one step, so that a killed build never leaves half a file."""
    path = _target(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise _about(error, path) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        # mkstemp creates the file readable by its owner only; reports are for everyone.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _about(error, path) from None
        raise


def _target(path: Path) -> Path:
    """The file a write replaces: the one a link names (the link stays), never a device or a pipe,
    which a rename would put a plain file in the place of (``--out /dev/null`` run as root)."""
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if path.exists() and not path.is_file() and not path.is_dir():
        from toolkit.model.errors import ConfigurationError
        from toolkit.model.language import _

        raise ConfigurationError(
            _(
                "« {path} » n'est pas un fichier ordinaire (un périphérique, un tube) : donner le chemin d'un fichier"
            ).format(path=path),
            path=str(path),
        )
    return path


def _about(error: OSError, path: Path) -> OSError:
    """The error about the file the user asked for, not the hidden temporary one beside it that
    the system refused: the message then names a path the user knows."""
    if error.filename and Path(error.filename).parent == path.parent and Path(error.filename).name.endswith(".tmp"):
        return type(error)(error.errno, error.strerror, str(path))
    return error


def writable_folder(folder: Path) -> Path:
    """``folder``, made if need be and tried with a file: a command that writes there at the end
    of its work is refused before it, naming the folder."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise type(error)(error.errno, error.strerror, str(folder)) from None
    return folder


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def plain_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Whole-number float columns written as integers: ``98525``, not ``98525.0``."""
    import pandas as pd

    frame = frame.copy()
    for name in frame.columns:
        values = frame[name]
        if pd.api.types.is_float_dtype(values.dtype):
            present = values.dropna()
            if len(present) and (present == present.round()).all() and present.abs().max() < 2**53:
                frame[name] = values.astype("Int64")
    return frame


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    """UTF-8 CSV, ``,`` separated, ``.`` as decimal mark, no thousands separator, ``\\n`` lines."""
    text = plain_numbers(frame).to_csv(index=False, lineterminator="\n")
    write_text_atomic(path, text)
