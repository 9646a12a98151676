"""Progress of the notebook runs: a bar on a terminal, one line per page in a log."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

Echo = Callable[[str], None]


class Progress:
    """Counts pages done and failed; ``interactive`` draws a tqdm bar instead of printing lines."""

    def __init__(self, total: int, echo: Echo, *, interactive: bool | None = None) -> None:
        self.total, self.done, self.failed = total, 0, 0
        self.echo = echo
        self.started = time.monotonic()
        if interactive is None:
            interactive = echo is print and sys.stderr.isatty()
        self.bar = None
        if interactive and total:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="page", dynamic_ncols=True, leave=True)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def add(self, count: int) -> None:
        """More pages to run than first counted (the programme page run again)."""
        self.total += count
        if self.bar is not None:
            self.bar.total = self.total
            self.bar.refresh()

    def advance(self, name: str, error: str | None = None) -> None:
        self.done += 1
        self.failed += error is not None
        if self.bar is not None:
            self.bar.set_postfix_str(f"{name}{' ÉCHEC' if error else ''} · {self.failed} en échec", refresh=False)
            self.bar.update()
            if error:
                self.bar.write(f"  {name} : ÉCHEC ({error})")
            return
        status = f"ÉCHEC ({error})" if error else "ok"
        self.echo(
            f"  [{self.done}/{self.total}] {name} : {status} · {self.failed} en échec · {self.elapsed:.1f} s écoulées"
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
