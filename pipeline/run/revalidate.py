"""`assay revalidate RUN --stages ...`: run validator stages again over a run's insights, with no agent calls.

Each revalidation is a new generation of the run's verdicts. The journal's `records` table always holds
the latest generation, so export, report, records.jsonl and a resume read it unchanged; what a record's
verdicts were before is kept, never overwritten:

    superseded(generation, seed_id, status, body)   body: {status, reason, failed_stage, verdicts} of that
                                                    generation (0 = the run itself), for every revised record
    generations(generation, at, body)               body: the stages, params and counts of each revalidation
    meta generation = N                             the generation `records` holds (absent = 0)

A whole generation is one transaction, so a revalidation stopped half-way leaves the previous one intact.
Deterministic stages send nothing to any endpoint; LLM stages (support, consistency, judge) use the
validator role's endpoints and their calls are metered into the record like the run's own.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from assay.config import Config
    from assay.records import Record

GENERATION = "generation"  # meta key
_TABLES = """
CREATE TABLE IF NOT EXISTS superseded (generation INTEGER NOT NULL, seed_id TEXT NOT NULL, status TEXT NOT NULL,
    body TEXT NOT NULL, PRIMARY KEY (generation, seed_id));
CREATE TABLE IF NOT EXISTS generations (generation INTEGER PRIMARY KEY, at REAL NOT NULL, body TEXT NOT NULL);
"""
WINDOW = 64  # records checked at once; LLM stages are bounded further by each endpoint's max_concurrency


@dataclass
class StageCounts:
    checked: int = 0
    passed: int = 0

    @property
    def rejected(self) -> int:
        return self.checked - self.passed


@dataclass
class Tally:
    """Status counts and, per stage, how many insights it checked and passed: one generation's acceptance."""

    status: Counter = field(default_factory=Counter)
    stages: dict[str, StageCounts] = field(default_factory=dict)

    def add(self, record: "Record") -> None:
        self.status[record.status.value] += 1
        for verdict in record.verdicts:
            counts = self.stages.setdefault(verdict.validator, StageCounts())
            counts.checked += 1
            counts.passed += verdict.passed


@dataclass
class Revalidation:
    run_dir: Path
    generation: int
    stages: list[str]
    before: Tally
    after: Tally
    changed: int = 0  # records whose status changed
    elapsed_s: float = 0.0

    def table(self) -> str:
        """Before and after, per status and per stage (checked / rejected), for the terminal."""
        lines = [f"{'':<14}{'before':>18}{'after':>18}"]
        for status in ("accepted", "rejected", "failed"):
            lines.append(f"{status:<14}{self.before.status[status]:>18}{self.after.status[status]:>18}")
        lines.append(f"{'stage':<14}{'checked/rejected':>18}{'checked/rejected':>18}")
        for stage in dict.fromkeys([*self.before.stages, *self.after.stages]):
            b, a = (t.stages.get(stage, StageCounts()) for t in (self.before, self.after))
            lines.append(f"{stage:<14}{f'{b.checked}/{b.rejected}':>18}{f'{a.checked}/{a.rejected}':>18}")
        return "\n".join(lines)


def revalidate(run_dir: str | Path, stages: list[str] | None = None, *, config: "Config | None" = None,
               corpus: str | Path | None = None, all_verdicts: bool | None = None) -> Revalidation:
    """Check every insight of the run in `run_dir` again with `stages` (default: the run's configured stack) and
    commit the verdicts as the run's next generation; rewrites records.jsonl, dataset/ and summary.json.

    `config` supplies stage params and the validator endpoints (default: the run's config.json); `corpus`
    the source folder where the run's relative path does not resolve from here.
    """
    from assay import aio
    from assay.api import open_run
    from assay.run.rundir import RunDir

    run = open_run(run_dir)
    cfg = (config or run.config).model_copy(deep=True)
    if stages is not None:
        cfg.validators.stages = list(stages)
    if all_verdicts is not None:
        cfg.validators.all_verdicts = all_verdicts
    _check(cfg)
    with RunDir(run.path):  # one writer: a running run (or another revalidation) is refused
        return aio.run(_revalidate(run.path, cfg, corpus), cfg.run.event_loop)


def _check(cfg: "Config") -> None:
    from assay.errors import UsageError
    from assay.validators import check_params

    if not cfg.validators.stages:
        raise UsageError("--stages: name one or more validator stages")
    problems = check_params(cfg.validators.stages, cfg.validators.params)
    if problems:
        raise UsageError("invalid validator configuration:\n  " + "\n  ".join(problems))


async def _revalidate(run_dir: Path, cfg: "Config", corpus_dir: str | Path | None) -> Revalidation:
    import contextlib

    from assay.corpus import Corpus
    from assay.dataset.outputs import write_dataset, write_records_jsonl, write_summary
    from assay.journal import Journal
    from assay.seeds import demo_seeds_path
    from assay.validators import uses_endpoint

    started = time.monotonic()
    seeds = Path(cfg.run.seeds) if cfg.run.seeds else demo_seeds_path()
    corpus = (Corpus.from_dir(corpus_dir) if corpus_dir else
              Corpus.load(cfg.run.corpus or seeds.parent / "corpus", cfg.run.corpus_columns, cfg.run.corpus_split))
    journal = Journal(run_dir)
    try:
        async with contextlib.AsyncExitStack() as stack:
            client, totals = None, None
            if uses_endpoint(cfg.validators.stages):  # only then is any endpoint contacted at all
                client, totals = await _validator_client(cfg, run_dir, journal, stack)
            result = await _write_generation(journal, cfg, corpus, client, totals)
        write_records_jsonl(journal, run_dir / "records.jsonl")
        accepted = write_dataset(journal, run_dir)
        _update_outputs(run_dir, cfg, journal.counts(), result.generation, accepted, write_summary)
    finally:
        journal.close()
    result.run_dir, result.elapsed_s = run_dir, time.monotonic() - started
    return result


async def _validator_client(cfg: "Config", run_dir: Path, journal: Any, stack: Any) -> tuple[Any, Any]:
    """The validator role's first endpoint (started if assay launches it) and the meter's totals for records."""
    import contextlib

    from assay.endpoint.client import EndpointClient
    from assay.metering import live
    from assay.run.runner import _serve

    name = cfg.endpoints_for("validator")[0]
    url = await asyncio.to_thread(_serve, cfg, name, run_dir, stack.enter_context(contextlib.ExitStack()))
    meter = live.start(cfg, journal, {name})
    client = EndpointClient(name, cfg.endpoints[name], url, meter=meter)
    stack.push_async_callback(client.close)
    for note in await client.preflight(known=journal):
        print(f"note: {note}", flush=True)
    return client, meter.meter.totals


async def _write_generation(journal: Any, cfg: "Config", corpus: Any, client: Any, totals: Any) -> Revalidation:
    """Check every insight in seed order and write the new generation in one transaction (the records are read
    through a second, read-only connection: it sees the previous generation until the commit)."""
    from assay.journal import connect_readonly
    from assay.records import Record, Status
    from assay.secrets import redact
    from assay.validators import Check, run_stages

    v = cfg.validators
    db: sqlite3.Connection = journal.db
    db.executescript(_TABLES)
    generation = int(journal.meta(GENERATION) or 0)
    before, after, changed, accepted = Tally(), Tally(), 0, []
    calls_table = _has_calls_table(db)
    reader = connect_readonly(journal.path)
    db.execute("BEGIN IMMEDIATE")
    try:
        rows = reader.execute("SELECT body FROM records ORDER BY ord")
        while batch := [Record.model_validate_json(body) for (body,) in rows.fetchmany(WINDOW)]:
            async def check(record: Record) -> Record:
                if record.insight is None:  # failed: there is no insight to check
                    return record
                c = Check(seed=record.seed, insight=record.insight, corpus=corpus, client=client, accepted=accepted)
                verdicts = await run_stages(c, v.stages, v.params, all_verdicts=v.all_verdicts)
                failed = next((x for x in verdicts if not x.passed), None)
                if failed is None:
                    accepted.append(record.insight.claim)  # novelty: what this generation accepted so far
                new_calls = [call for verdict in verdicts for call in verdict.usage]
                update: dict[str, Any] = {"verdicts": verdicts, "failed_stage": failed and failed.validator,
                                          "status": Status.rejected if failed else Status.accepted,
                                          "reason": redact(failed.reason) if failed else "passed every stage"}
                if new_calls:  # LLM stages' calls count toward the seed's usage, as in the run
                    update["calls"] = [*record.calls, *new_calls]
                    update["usage"] = totals(update["calls"])
                return record.model_copy(update=update)

            for old, new in zip(batch, await asyncio.gather(*map(check, batch))):
                before.add(old)
                after.add(new)
                if new is old:
                    continue
                changed += new.status != old.status
                _supersede(db, generation, old, new, calls_table=calls_table)
        counts = {"before": dict(before.status), "after": dict(after.status)}
        db.execute("INSERT INTO generations VALUES (?, ?, ?)", (generation + 1, time.time(), json.dumps(
            {"stages": v.stages, "params": v.params, "all_verdicts": v.all_verdicts, "counts": counts})))
        db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (GENERATION, str(generation + 1)))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    finally:
        reader.close()
    return Revalidation(Path(), generation + 1, list(v.stages), before, after, changed)


def _supersede(db: sqlite3.Connection, generation: int, old: "Record", new: "Record", *, calls_table: bool) -> None:
    from assay.journal import model_json
    from assay.secrets import redact

    kept = {"status": old.status.value, "reason": old.reason, "failed_stage": old.failed_stage,
            "verdicts": [verdict.model_dump(mode="json") for verdict in old.verdicts]}
    sid = old.seed.id
    db.execute("INSERT INTO superseded VALUES (?, ?, ?, ?)", (generation, sid, old.status.value, redact(orjson.dumps(kept).decode())))
    db.execute("UPDATE records SET status=?, body=? WHERE seed_id=?", (new.status.value, redact(model_json(new)), sid))
    if calls_table:  # journals from before the calls view keep a table of calls: the new ones get rows
        db.executemany("INSERT INTO calls (seed_id, role, body) VALUES (?, ?, ?)",
                       [(sid, c.role, redact(model_json(c))) for c in new.calls[len(old.calls):]])


def _has_calls_table(db: sqlite3.Connection) -> bool:
    row = db.execute("SELECT type FROM sqlite_master WHERE name='calls'").fetchone()
    return row is not None and row[0] == "table"


def _update_outputs(run_dir: Path, cfg: "Config", counts: dict[str, int], generation: int, accepted: int,
                    write_summary: Any) -> None:
    """config.json names the stack the records were last checked with (report and card show its stages), and
    summary.json the counts of the latest generation."""
    from assay.secrets import redact

    path = run_dir / "config.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["validators"] = json.loads(cfg.validators.model_dump_json())
    path.write_text(redact(json.dumps(data, indent=2)) + "\n", encoding="utf-8")
    try:
        summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        summary = {"run_dir": str(run_dir)}
    write_summary(run_dir / "summary.json", summary | {"counts": counts, "accepted_in_dataset": accepted,
                                                       "generation": generation})


def history(run_dir: str | Path) -> list[dict[str, Any]]:
    """Every generation of the run's verdicts, oldest first: {generation, at, stages, params, counts}."""
    from assay.journal import JournalReader

    with JournalReader(Path(run_dir)) as journal:
        try:
            rows = journal.db.execute("SELECT generation, at, body FROM generations ORDER BY generation").fetchall()
        except sqlite3.OperationalError:  # never revalidated
            return []
    return [{"generation": g, "at": at, **json.loads(body)} for g, at, body in rows]


def superseded(run_dir: str | Path, generation: int) -> dict[str, dict[str, Any]]:
    """seed id -> {status, reason, failed_stage, verdicts} as generation `generation` had them (before the next)."""
    from assay.journal import JournalReader

    with JournalReader(Path(run_dir)) as journal:
        try:
            rows = journal.db.execute("SELECT seed_id, body FROM superseded WHERE generation=?", (generation,)).fetchall()
        except sqlite3.OperationalError:
            return {}
    return {sid: json.loads(body) for sid, body in rows}


# -- the command line ---------------------------------------------------------------------------------

def add_parser(sub: argparse._SubParsersAction, commands: dict[str, Any]) -> None:
    """`assay revalidate`, registered by cli.build_parser (one line there)."""
    p = sub.add_parser(
        "revalidate", help="run validator stages again over a run's insights: no agent calls, a new verdict generation",
        description=(
            "Check every insight of RUN again with --stages (default: the run's configured stack) without a single "
            "agent call, and commit the verdicts as the run's next generation: the journal keeps every earlier "
            "generation's verdicts, and records.jsonl, dataset/, summary.json, `assay export` and `assay report` "
            "show the latest. Prints acceptance per status and per stage before and after. Deterministic stages "
            "contact no endpoint; LLM stages (support, consistency, judge) use the validator role's endpoint."),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("run", metavar="RUN", help="run directory (the --out of `assay run`)")
    p.add_argument("--stages", metavar="LIST", help="comma-separated stages in order, e.g. structure,grounding,novelty")
    p.add_argument("-c", "--config", metavar="FILE", help="TOML config for stage params and validator endpoints "
                   "(default: the run's own config.json)")
    p.add_argument("--corpus", metavar="DIR", help="source documents (default: the run's, resolved from here)")
    p.add_argument("--all-verdicts", action="store_true", default=None, help="run every stage even after one rejects")
    commands["revalidate"] = command


def command(a: argparse.Namespace) -> int:
    from assay.config import load_config

    stages = [s.strip() for s in a.stages.split(",") if s.strip()] if a.stages is not None else None
    result = revalidate(a.run, stages, config=load_config(a.config) if a.config else None, corpus=a.corpus,
                        all_verdicts=a.all_verdicts)
    print(f"revalidated {a.run} with {', '.join(result.stages)} in {result.elapsed_s:.1f}s: generation "
          f"{result.generation}, {result.changed} records changed status, no agent calls")
    print(result.table())
    return 0
