"""What a run tells its user while it runs: a start-up banner, then a live line (a bar on a terminal).

    assay: 6 seeds to go, 3 done; endpoint cli: fake-model on hosted-generic at http://127.0.0.1:4567/v1; out runs/x
    assay: 4/6 seeds, 3 accepted 1 rejected 0 failed, 212 tok/s, $0.0031 est., ETA 0:00:05

Tokens per second count every call as the meter charges it (agent and validators, finished seeds or
not); cost shows where every endpoint's backend profile has a price. On a terminal the line is a live
bar; elsewhere (a log, CI) it is printed every LINE_EVERY_S seconds; --no-progress leaves the banner only.
"""
from __future__ import annotations

import sys
import threading
import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from assay.secrets import redact

if TYPE_CHECKING:
    from assay.run.job import Job

UPDATE_S = 0.1  # the bar is told the counts at most this often: rich's update is costly per record
LINE_EVERY_S = 30.0  # without a terminal, one status line this often


class RunProgress:
    """`with RunProgress(total, job=job) as bar`: the banner on entry, the live line until exit."""

    def __init__(self, total: int | None, *, enabled: bool | None = None, job: "Job | None" = None):
        tty = sys.stderr.isatty()
        self.enabled = tty if enabled is None else enabled  # the live bar
        self.lines = enabled is None and not tty  # a status line every LINE_EVERY_S instead
        self.total = total
        self.job = job
        self.counts = {"accepted": 0, "rejected": 0, "failed": 0}
        self.tokens = 0  # of finished seeds' records
        self.started = self._shown = time.monotonic()
        self._spend0 = self._spend()
        self._priced = _priced(job) if job is not None else False
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self._progress = None
        if self.enabled:
            self._progress = Progress(
                TextColumn("[bold]assay[/]"), BarColumn(), _Story(self),
                TimeElapsedColumn(), console=Console(stderr=True), transient=False,
            )
            self._task = self._progress.add_task("run", total=total, acc=0, rej=0, fail=0)

    def __enter__(self) -> "RunProgress":
        if self.job is not None:
            self.log(self.banner())
        self.started = time.monotonic()
        self._spend0 = self._spend()
        if self._progress:
            self._progress.start()
        elif self.lines:
            self._ticker = threading.Thread(target=self._tick, name="assay-progress", daemon=True)
            self._ticker.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
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
        self._progress.update(self._task, completed=sum(self.counts.values()), acc=self.counts["accepted"],
                              rej=self.counts["rejected"], fail=self.counts["failed"])

    def log(self, message: str) -> None:
        if self._progress:
            self._progress.console.print(message, markup=False, highlight=False)
        else:
            print(message, file=sys.stderr, flush=True)

    # -- what it says -------------------------------------------------------------------------------

    def banner(self) -> str:
        job = self.job
        _, done, total = job.begin()
        where = "; ".join(_endpoint(job, role) for role in ("agent", "validator") if _endpoint(job, role))
        return f"assay: {total} seeds to go, {len(done)} done; {where}; out {job.cfg.run.out}"

    def counted(self) -> str:
        c = self.counts
        return f"{c['accepted']} accepted {c['rejected']} rejected {c['failed']} failed"

    def figures(self) -> list[str]:
        """Tokens per second, cost and ETA, as of now."""
        n = sum(self.counts.values())
        elapsed = max(1e-6, time.monotonic() - self.started)
        tokens, cost = self._spend()
        tokens = max(tokens - self._spend0[0], self.tokens)  # every call where the meter sees it, else the records
        out = [f"{tokens / elapsed:.0f} tok/s"]
        if self._priced:
            out.append(f"${cost - self._spend0[1]:.4f} est.")
        if self.total:
            out.append(f"ETA {_clock(elapsed / n * (self.total - n)) if n else '--:--'}")
        return out

    def done(self) -> str:
        return f"{sum(self.counts.values())}{f'/{self.total}' if self.total is not None else ''} seeds"

    def line(self) -> str:
        """The status as one plain line, for logs."""
        return ", ".join([f"assay: {self.done()}", self.counted(), *self.figures()])

    def _spend(self) -> tuple[int, float]:
        spend = self.job.meter.budget.run if self.job is not None else None
        return (spend.tokens, spend.cost_usd) if spend is not None else (0, 0.0)

    def _tick(self) -> None:
        while not self._stop.wait(LINE_EVERY_S):
            self.log(self.line())


class _Story(ProgressColumn):
    """The bar's text, computed at each refresh: tokens per second and cost move between seeds too."""

    def __init__(self, progress: RunProgress):
        super().__init__()
        self.progress = progress

    def render(self, task) -> Text:
        c = self.progress.counts
        text = Text(f"{self.progress.done()}, ")
        text.append(f"{c['accepted']} accepted", "green").append(" ")
        text.append(f"{c['rejected']} rejected", "yellow").append(" ")
        text.append(f"{c['failed']} failed", "red")
        return text.append("".join(f", {figure}" for figure in self.progress.figures()))


def _endpoint(job: "Job", role: str) -> str:
    """`endpoint NAME: MODEL on BACKEND at URL` for the role's endpoints; the validators' only where they differ."""
    names = job.cfg.endpoints_for(role)
    if role == "validator" and names == job.cfg.endpoints_for("agent"):
        return ""
    shown = []
    for name in names:
        client = job.clients.get(name)
        ep = job.cfg.endpoints[name]
        at = "the embedded llama.cpp server" if ep.embedded else _shown_url(client.base_url if client else ep.base_url)
        shown.append(f"{name}: {ep.model} on {ep.backend} at {at}")
    label = "endpoint" if role == "agent" else "validator endpoint"
    return f"{label}{'s' if len(shown) > 1 else ''} " + ", ".join(shown)


def _shown_url(url: str | None) -> str:
    """The URL without user:password@ or a query, where a key could ride along."""
    parts = urlsplit(url or "")
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    return redact(f"{parts.scheme}://{host}{f':{parts.port}' if parts.port else ''}{parts.path}")


def _priced(job: "Job") -> bool:
    """Every endpoint the run uses has a price in its backend profile, so the live cost means something."""
    backends = job.meter.meter.backends
    for name in job.clients:
        ep = job.cfg.endpoints[name]
        backend = backends.get(ep.backend)
        if backend is None:
            return False
        if backend.kind == "hosted":
            prices = backend.token_prices(ep.model)
            if prices is None or prices.input_per_m is None or prices.output_per_m is None:
                return False
        elif backend.price_per_device_hour_usd is None:
            return False
    return bool(job.clients)


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
