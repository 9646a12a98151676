"""One error hierarchy for the toolkit.

Every error carries the data a person needs to act on it (file, row, column, value,
rule, operation) so that the CLI can print a one-line message instead of a traceback
and the build can turn the same error into a finding.
"""

from __future__ import annotations

import signal
from typing import Any


class ToolkitError(Exception):
    """Base of every error the toolkit raises on purpose.

    ``exit_code`` is what the CLI returns when such an error reaches it.
    """

    exit_code = 2

    def __init__(self, message: str, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.context = {k: v for k, v in context.items() if v is not None}

    def __str__(self) -> str:
        where = ", ".join(f"{k}={v!r}" for k, v in self.context.items())
        return f"{self.message} ({where})" if where else self.message

    def __reduce__(self) -> tuple:
        # Errors cross process boundaries (parallel builds); subclasses take keyword-only
        # arguments that default pickling cannot replay, so the state is restored as is.
        return (_restore, (type(self), self.message, dict(self.__dict__)))


def _restore(cls: type[ToolkitError], message: str, state: dict[str, Any]) -> ToolkitError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class ParseError(ToolkitError, ValueError):
    """A raw text value could not be read as the expected kind of value.

    ``rule`` names the parser (``parse.amount``, ``parse.country``...) so that a
    finding built from the error points at the rule that was broken.
    """

    def __init__(self, message: str, *, value: Any, rule: str) -> None:
        super().__init__(message, value=value, rule=rule)
        self.value = value
        self.rule = rule


class AmbiguousValue(ParseError):
    """The text holds a value but no single number can be taken from it without guessing."""


class ConfigurationError(ToolkitError):
    """Paths, parameters or the environment are not usable (exit code 2)."""

    def _render_traceback_(self) -> list[str]:
        # IPython's hook: a notebook shows these lines in place of a traceback. The message says
        # what to do; the toolkit's frames would only hide it from the evaluator.
        return [f"{type(self).__name__}: {self.message}"]


class ProgrammeNotFound(ConfigurationError):
    """No programme.toml where a notebook looked for one: ``searched`` lists the folders, and
    ``variable`` the environment variable that can name the file instead."""

    def __init__(self, message: str, *, searched: tuple[str, ...], variable: str, path: str | None = None) -> None:
        super().__init__(message, path=path, variable=variable)
        self.searched = searched
        self.variable = variable
        self.path = path


class InputFileError(ToolkitError):
    """A raw input file is missing, empty or unreadable as a table."""

    def __init__(self, message: str, *, file: str, **context: Any) -> None:
        super().__init__(message, file=file, **context)
        self.file = file


class UnsafeIdentifier(ToolkitError):
    """An identifier that will become part of a path is not a strict slug."""

    def __init__(self, message: str, *, value: Any) -> None:
        super().__init__(message, value=value)
        self.value = value


class NotebookFailed(ToolkitError):
    """A page that could not be produced: its notebook raised, its process died or ran past its
    time limit. The same type travels from the page's process to the build, into the manifest
    (``as_record``) and back out of it (``from_record``) when nothing has changed since."""

    RECORD = ("message", "notebook", "operation_id", "cell", "error", "page")

    def __init__(
        self,
        message: str,
        *,
        notebook: str,
        operation_id: str | None = None,
        cell: int | None = None,
        error: str | None = None,
        page: str | None = None,
    ) -> None:
        super().__init__(message, notebook=notebook, operation_id=operation_id, cell=cell)
        self.notebook = notebook
        self.operation_id = operation_id
        self.cell = cell
        self.error = error
        self.page = page  # the build's name for the page (an operation id, "annexes", "programme")

    def as_record(self) -> dict[str, Any]:
        """Plain data for the manifest (JSON)."""
        return {name: getattr(self, name) for name in self.RECORD}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> NotebookFailed:
        """Back from ``as_record``; a manifest written before a field existed leaves it None."""
        fields = {name: record.get(name) for name in cls.RECORD if name not in ("message", "notebook")}
        return cls(str(record["message"]), notebook=str(record["notebook"]), **fields)


class BuildRunning(ToolkitError):
    """Another build holds the reports folder (exit code 2): two builds would overwrite each other."""


class Interrupted(KeyboardInterrupt):
    """A signal that stops a command as Ctrl-C does: SIGTERM (``kill``, a service manager, a CI
    runner's timeout) or SIGHUP (the terminal closed). The command line's handler raises it in the
    main thread, so that whatever handles Ctrl-C handles it too; it names the signal, and the exit
    code is the shell's for a command ended by that signal."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal_number)
        self.signal_number = int(signal_number)

    @property
    def name(self) -> str:
        return signal.Signals(self.signal_number).name

    @property
    def exit_code(self) -> int:
        return 128 + self.signal_number


class BuildInterrupted(ToolkitError):
    """The build was stopped by the user (Ctrl-C) or by a signal (``Interrupted``); the previous
    reports are left as they were."""

    exit_code = 130  # the shell's code for a command ended by SIGINT

    def __init__(self, message: str, *, signal_number: int = signal.SIGINT) -> None:
        super().__init__(message)
        self.exit_code = 128 + int(signal_number)  # 143 for SIGTERM, 129 for SIGHUP


class UndeclaredRule(ToolkitError):
    """A finding named a rule (or a severity of it) the catalogue does not declare: a toolkit bug."""


class InputTooLarge(InputFileError):
    """A raw file that would take more than the configured limit once decompressed (exit code 2):
    ``size_mb`` what its archive declares, ``limit_mb`` the limit and ``setting`` where it is set."""

    def __init__(self, message: str, *, file: str, size_mb: float, limit_mb: int, setting: str) -> None:
        super().__init__(message, file=file, size_mb=size_mb, limit_mb=limit_mb, setting=setting)
        self.size_mb = size_mb
        self.limit_mb = limit_mb
        self.setting = setting
