"""The progress line is told the counts at most every UPDATE_S, and always ends with all of them."""
from __future__ import annotations

import time

from assay.run import progress
from assay.run.progress import RunProgress


def test_the_bar_hears_the_counts_a_few_times_a_second_and_ends_with_every_one(monkeypatch):
    bar = RunProgress(6000, enabled=True)
    told: list[float] = []
    update = bar._progress.update

    def counting_update(*args, **kwargs):
        told.append(time.monotonic())
        return update(*args, **kwargs)
    monkeypatch.setattr(bar._progress, "update", counting_update)
    started = time.monotonic()
    with bar:
        for i in range(6000):
            bar.record("accepted" if i % 3 else "rejected", 10)
            if i % 2000 == 1999:
                time.sleep(progress.UPDATE_S)  # slow stretches: the bar hears about them
    took = time.monotonic() - started
    task = bar._progress.tasks[0]
    assert (task.completed, task.fields["acc"], task.fields["rej"], task.fields["fail"]) == (6000, 4000, 2000, 0)
    assert 3 <= len(told) <= took / progress.UPDATE_S + 2  # not once a record: ~3 us each through rich
    assert bar.counts == {"accepted": 4000, "rejected": 2000, "failed": 0}
