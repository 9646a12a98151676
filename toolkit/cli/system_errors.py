"""A fault of the machine rather than of the data (a folder that cannot be written, a file where a
folder should be, a full disk) said in one French line that names the path and what to do, instead
of Python's traceback. The commands exit 2 on it, as on any environment error."""

from __future__ import annotations

import errno
from pathlib import Path

from toolkit.model.language import _


def _blocking_file(path: Path) -> Path | None:
    """The first part of ``path`` that exists and is a file, when a folder was needed there."""
    for part in [*reversed(path.parents), path]:
        if part.exists() and not part.is_dir():
            return part
    return None


def describe(error: OSError) -> str:
    """What went wrong with which path, and what to do, in the active language."""
    path = str(error.filename or "")
    if error.errno in (errno.EACCES, errno.EPERM):
        return _(
            "« {path} » : permission refusée ; donner ce droit à l'utilisateur ou choisir un autre dossier"
        ).format(path=path)
    if error.errno == errno.ENOTDIR or error.errno == errno.EEXIST:
        blocking = _blocking_file(Path(path)) if path else None
        return _(
            "« {path} » ne peut pas être un dossier : « {file} » est un fichier ; choisir un autre chemin ou "
            "déplacer ce fichier"
        ).format(path=path, file=str(blocking or path))
    if error.errno == errno.EISDIR:
        return _(
            "« {path} » est un dossier, un fichier est attendu à cette place : donner le chemin d'un fichier"
        ).format(path=path)
    if error.errno == errno.ENOENT:
        return _("« {path} » est introuvable : vérifier le chemin").format(path=path)
    if error.errno == errno.ENAMETOOLONG:
        return _(
            "« {path} » : nom trop long pour le système de fichiers ; choisir un nom ou un dossier plus court"
        ).format(path=path)
    if error.errno == errno.ENOSPC:
        return _("plus d'espace sur le disque pour écrire « {path} » : libérer de la place").format(path=path)
    if error.errno == errno.EROFS:
        return _("« {path} » est sur un disque en lecture seule : choisir un dossier où écrire").format(path=path)
    return _("« {path} » : le système refuse l'opération ({reason})").format(path=path, reason=error.strerror or error)
