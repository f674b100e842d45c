"""Why seeds did not make it: rejections and failures grouped by stage and kind of reason, counted, with the fix
where one is known. Printed at the end of `assay run`; the full reason of every record is in records.jsonl."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from assay.records import Record

# (pattern in the reason, what it means, the fix); the first that matches names the group.
KNOWN: list[tuple[str, str, str | None]] = [
    (r"wall-time bound", "the episode's wall-time bound", "raise agent.wall_time_s in the config"),
    (r"token bound", "the episode's token bound", "raise agent.max_tokens"),
    (r"step bound", "the step bound without an answer", "set agent.answer_on_step_limit = true or raise agent.max_steps"),
    (r"context overflow", "the context window", "raise the endpoint's context_window, or lower agent.max_steps"),
    (r"malformed action", "replies that were not the JSON asked for",
     "use an endpoint that follows a schema (--structured-output json_schema) or a larger model"),
    (r"content filter", "the endpoint's content filter", None),
    (r"reference answer", "an answer that disagrees with the seed's reference answer", None),
    (r"appear in no evidence", "a figure no cited evidence states", None),
    (r"are not in the evidence or question", "a name no cited evidence states", None),
    (r"negates", "a negation the evidence does not make", None),
    (r"generalises", "a scope word ('all', 'only') the evidence does not back", None),
    (r"steps say nothing", "reasoning that says nothing", None),
    (r"disowns", "reasoning that disowns its claim", None),
    (r"repeats the question", "a claim that repeats the question", None),
    (r"degenerate repetition", "looping text", None),
    (r"no sentence of the corpus|quote not found|quote differs|not the text of the cited", "evidence not in its source", None),
    (r"near-duplicate|duplicate of", "a near-duplicate of an accepted claim", None),
    (r"one clause joins", "a claim spliced from two evidence sentences", None),
    (r"sandbox", "code that could not run in the sandbox", "see docs/sandbox.md: bubblewrap and user namespaces"),
]


def group(records: Iterable[Record]) -> list[tuple[int, str, str, str | None]]:
    """(count, status and stage, what, fix) per group of rejected and failed records, most frequent first."""
    counts: Counter[tuple[str, str, str | None]] = Counter()
    for r in records:
        if r.status.value == "accepted":
            continue
        where = r.status.value if r.status.value == "failed" else f"rejected by {r.failed_stage or 'a stage'}"
        what, fix = _kind(r.reason)
        counts[(where, what, fix)] += 1
    return [(n, where, what, fix) for (where, what, fix), n in counts.most_common()]


def _kind(reason: str) -> tuple[str, str | None]:
    first = reason.split("; ")[0]
    for pattern, what, fix in KNOWN:
        if re.search(pattern, first):
            return what, fix
    return re.sub(r"'[^']*'|\d+(\.\d+)?", "…", first)[:90], None


def summary(records: Iterable[Record], limit: int = 8) -> str:
    """The lines `assay run` prints: one per group, the most frequent first."""
    rows = group(records)
    if not rows:
        return ""
    lines = ["why seeds were not accepted (every record's full reason is in records.jsonl):"]
    for n, where, what, fix in rows[:limit]:
        lines.append(f"  {n:>4}  {where}: {what}" + (f"  (fix: {fix})" if fix else ""))
    if len(rows) > limit:
        lines.append(f"  {sum(n for n, *_ in rows[limit:]):>4}  other reasons")
    return "\n".join(lines)
