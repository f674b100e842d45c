"""The live progress line: seeds done / accepted / rejected / failed and tokens per second."""
from __future__ import annotations

import sys
import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

UPDATE_S = 0.1  # the bar is told the counts at most this often: rich's update is costly per record


class RunProgress:
    def __init__(self, total: int | None, *, enabled: bool | None = None):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.counts = {"accepted": 0, "rejected": 0, "failed": 0}
        self.tokens = 0
        self.started = self._shown = time.monotonic()
        self._progress = None
        if self.enabled:
            self._progress = Progress(
                TextColumn("[bold]assay[/]"), BarColumn(), MofNCompleteColumn(),
                TextColumn("[green]{task.fields[acc]} accepted[/] [yellow]{task.fields[rej]} rejected[/] "
                           "[red]{task.fields[fail]} failed[/] {task.fields[tps]} tok/s"),
                TimeElapsedColumn(), console=Console(stderr=True), transient=False,
            )
            self._task = self._progress.add_task("run", total=total, acc=0, rej=0, fail=0, tps="0")

    def __enter__(self) -> "RunProgress":
        if self._progress:
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress:
            self._show(time.monotonic())  # the final counts
            self._progress.stop()

    def record(self, status: str, tokens: int) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1
        self.tokens += tokens
        if self._progress:
            now = time.monotonic()
            if now - self._shown >= UPDATE_S:  # the bar redraws 10 times a second: no need to tell it more often
                self._show(now)

    def _show(self, now: float) -> None:
        self._shown = now
        elapsed = max(1e-6, now - self.started)
        self._progress.update(self._task, completed=sum(self.counts.values()), acc=self.counts["accepted"], rej=self.counts["rejected"],
                              fail=self.counts["failed"], tps=f"{self.tokens / elapsed:.0f}")

    def log(self, message: str) -> None:
        if self._progress:
            self._progress.console.print(message)
        else:
            print(message, file=sys.stderr)
