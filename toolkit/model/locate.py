"""Where a notebook finds its programme, wherever papermill or JupyterLab was started.

The build passes every path to a page explicitly. Run by hand, a notebook leaves them empty and
finds them through the configuration, never through the working directory alone: the file
``$EVALUATION_TOOLKIT_CONFIG`` names, else the first ``programme.toml`` in the working directory
or a folder above it; the data folders are then those the file's ``[data]`` names.

Every page notebook calls ``page_inputs`` first: it also makes the programme's language
(``[programme] language``) the page's, so that everything the page shows after it is in that
language, whether the build, a kernel or JupyterLab runs the notebook.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from toolkit.model.config import load_config
from toolkit.model.errors import ProgrammeNotFound
from toolkit.model.language import activate
from toolkit.model.paths import DEFAULT_CONFIG

# Names the programme.toml to use when the notebooks run outside the programme's folder.
CONFIG_VARIABLE = "EVALUATION_TOOLKIT_CONFIG"


@dataclass(frozen=True)
class PageInputs:
    """What a page reads: the programme's configuration file and its data folders."""

    config: Path
    raw: Path
    narrative: Path
    clean: Path


def find_config(start: Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The programme.toml the variable names, else the first one in ``start`` (the working
    directory) or a folder above it."""
    environ = os.environ if environ is None else environ
    start = Path.cwd() if start is None else start
    named = environ.get(CONFIG_VARIABLE, "").strip()
    if named:
        path = start / named  # an absolute path stays as it is
        if not path.is_file():
            raise ProgrammeNotFound(
                f"la variable d'environnement {CONFIG_VARIABLE} nomme {path}, qui n'est pas un fichier : "
                f"y écrire le chemin du programme.toml du programme",
                searched=(str(path.parent),),
                path=str(path),
                variable=CONFIG_VARIABLE,
            )
        return path
    searched = (start, *start.parents)
    for folder in searched:
        if (folder / DEFAULT_CONFIG.name).is_file():
            return folder / DEFAULT_CONFIG.name
    raise ProgrammeNotFound(
        f"{DEFAULT_CONFIG.name} introuvable : cherché dans {', '.join(str(folder) for folder in searched)} ; "
        f"lancer le notebook depuis le dossier du programme (ou un de ses sous-dossiers) "
        f"ou nommer son {DEFAULT_CONFIG.name} dans la variable d'environnement {CONFIG_VARIABLE}",
        searched=tuple(str(folder) for folder in searched),
        variable=CONFIG_VARIABLE,
    )


def page_inputs(
    config_path: str | Path | None = None,
    *,
    raw_dir: str | Path | None = None,
    narrative_dir: str | Path | None = None,
    clean_dir: str | Path | None = None,
) -> PageInputs:
    """A notebook's parameters made paths: each one given is taken as it is (the build gives
    them all); one left empty (None or "") comes from the programme's configuration. The
    programme's language is activated for the rest of the page."""
    config = Path(config_path) if config_path else find_config()
    given = {"raw": raw_dir, "narrative": narrative_dir, "clean": clean_dir}
    settings = load_config(config)  # cached: the notebook's own load_config reads it again for nothing
    activate(settings.language)
    folders = settings.folders
    return PageInputs(config, **{name: Path(folder or getattr(folders, name)) for name, folder in given.items()})
