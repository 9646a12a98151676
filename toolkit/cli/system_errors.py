"""A fault of the machine rather than of the data (a folder that cannot be written, a file where a
folder should be, a full disk) said in one French line that names the path and what to do, instead
of Python's traceback. The commands exit 2 on it, as on any environment error."""

from __future__ import annotations

import errno
from pathlib import Path

from toolkit.model.language import N_, _


def _blocking_file(path: Path) -> Path | None:
    """The first part of ``path`` that exists and is a file, when a folder was needed there."""
    for part in [*reversed(path.parents), path]:
        if part.exists() and not part.is_dir():
            return part
    return None


# The faults that need only the path to be said, by their error number.
_SAID = {
    errno.EACCES: N_("« {path} » : permission refusée ; donner ce droit à l'utilisateur ou choisir un autre dossier"),
    errno.EPERM: N_("« {path} » : permission refusée ; donner ce droit à l'utilisateur ou choisir un autre dossier"),
    errno.EISDIR: N_("« {path} » est un dossier, un fichier est attendu à cette place : donner le chemin d'un fichier"),
    errno.ENOENT: N_("« {path} » est introuvable : vérifier le chemin"),
    errno.ENAMETOOLONG: N_(
        "« {path} » : nom trop long pour le système de fichiers ; choisir un nom ou un dossier plus court"
    ),
    errno.ENOSPC: N_("plus d'espace sur le disque pour écrire « {path} » : libérer de la place"),
    errno.EROFS: N_("« {path} » est sur un disque en lecture seule : choisir un dossier où écrire"),
}


def describe(error: OSError) -> str:
    """What went wrong with which path, and what to do, in the active language."""
    path = str(error.filename or "")
    if error.errno in _SAID:
        return _(_SAID[error.errno]).format(path=path)
    if error.errno == errno.ENOTDIR or error.errno == errno.EEXIST:
        blocking = _blocking_file(Path(path)) if path else None
        return _(
            "« {path} » ne peut pas être un dossier : « {file} » est un fichier ; choisir un autre chemin ou "
            "déplacer ce fichier"
        ).format(path=path, file=str(blocking or path))
    return _("« {path} » : le système refuse l'opération ({reason})").format(path=path, reason=error.strerror or error)
