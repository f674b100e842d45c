"""`assay propose`: agents read a corpus and write research questions as a seeds JSONL (seeds.py reads it back).

Coverage is planned before any call: every document gets a single-document task (in an order shuffled by the
sampling seed), and pair tasks join a document to the one the search index ranks first for its most frequent
terms. Each task shows the model the documents' numbered sentences and asks for questions with their kind and
the sentence ids they need (PROPOSAL_SCHEMA). A question is kept when its ids exist in the task's documents;
near-duplicates are dropped with the novelty stage's index; a question one sentence answers word for word is
marked `lookup`. Calls are metered under the role `proposer`.
"""
from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assay import templates
from assay.corpus import Corpus
from assay.errors import EndpointResponseError, MalformedAction, UsageError
from assay.replies import extract_json

KINDS = ("derived", "comparison", "mechanism", "claim_check", "lookup")
RESEARCH_KINDS = KINDS[:4]
MAX_DOC_CHARS = 3000  # numbered sentences shown per document, at most
PROMPT_TOKENS = 250  # the instructions around the documents
CHARS_PER_TOKEN = 3.5
DUPLICATE_THRESHOLD = 0.5  # word-shingle Jaccard, as the novelty stage's default
LOOKUP_SHARE = 0.7  # a question whose content words are this share in its one cited sentence is a lookup

PROPOSAL_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"questions": {"type": "array", "maxItems": 3, "items": {
        "type": "object",
        "properties": {"question": {"type": "string", "minLength": 12, "maxLength": 220},
                       "kind": {"type": "string", "enum": list(KINDS)},
                       "sentences": {"type": "array", "items": {"type": "string", "maxLength": 90},
                                     "minItems": 1, "maxItems": 4}},
        "required": ["question", "kind", "sentences"], "additionalProperties": False}}},
    "required": ["questions"],
    "additionalProperties": False,
}



def proposal_schema(refs: tuple[str, ...]) -> dict[str, Any]:
    """PROPOSAL_SCHEMA with `sentences` limited to the ids shown, so a grammar-constrained model cites only those
    (beyond actions.MAX_REF_CHOICES ids, any well-formed id; accept() checks it)."""
    from assay.agent.actions import MAX_REF_CHOICES, REF_PATTERN

    schema = json.loads(json.dumps(PROPOSAL_SCHEMA))
    ref = {"type": "string", "enum": list(refs)} if 0 < len(refs) <= MAX_REF_CHOICES else \
        {"type": "string", "maxLength": 90, "pattern": REF_PATTERN}
    schema["properties"]["questions"]["items"]["properties"]["sentences"]["items"] = ref
    return schema


_STOP = set("a an the of in on at to for from by with and or is are was were be been does do did what which who whom "
            "how why when where that this these those it its as than then into about between their there has have had "
            "true false not stated text say says said according source sources document documents".split())


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+(?:\.[0-9]+)?", text.lower()) if w not in _STOP and len(w) > 1}


def stems(text: str) -> set[str]:
    """Content words cut to 5 letters: "released" meets "release", "Java's" meets "Java"."""
    return {w[:5] for w in content_words(text)}


_NUMBERING = re.compile(r"^(?:\d+[.)]|[-*\u2022])\s+")
_IMPERATIVE = ("calculate", "compute", "compare", "explain", "estimate", "determine", "describe", "check", "verify")
CLAIM_FORM = re.compile(r"^is it (?:true|correct|the case) that\b", re.I)
GROUNDED = 2  # content-word stems a question shares with its cited sentences, at least (fewer if it has fewer)


def is_question(text: str) -> bool:
    """A question ("...?") or a task ("Calculate ..."), not a heading or a bare statement."""
    return text.endswith("?") or text.split(" ", 1)[0].lower() in _IMPERATIVE


def grounded(question: str, cited: dict[str, list[str]]) -> bool:
    """The cited sentences are about the question: together they share GROUNDED of its stems, and each cited
    document at least one (a pair task's second document cited for show is not a comparison)."""
    words = stems(question)
    by_doc = {d: stems(" ".join(texts)) & words for d, texts in cited.items()}
    return len(set().union(*by_doc.values())) >= min(GROUNDED, len(words)) and all(by_doc.values())


def is_lookup(question: str, sentence: str) -> bool:
    """Deterministic: most of the question's content words are printed in the one sentence that answers it."""
    words = content_words(question)
    return bool(words) and len(words & content_words(sentence)) / len(words) >= LOOKUP_SHARE


@dataclass
class Proposals:
    seeds: list[dict[str, Any]] = field(default_factory=list)
    dropped: collections.Counter = field(default_factory=collections.Counter)
    calls: list = field(default_factory=list)  # every proposer call's CallUsage, as the meter estimated it

    @property
    def tokens(self) -> int:
        return sum(c.prompt_tokens + c.completion_tokens for c in self.calls)

    def by_kind(self) -> dict[str, int]:
        return dict(collections.Counter(s["tags"][0] for s in self.seeds))


def plan(corpus: Corpus, tasks: int, seed: int) -> list[tuple[str, ...]]:
    """Document sets to ask about, in order: each document alone (in an order shuffled by `seed`), alternating with
    a pair (a document and the one the search index finds for its top terms), cycling until `tasks`; the first
    2 x documents tasks hold every document alone."""
    docs = sorted(corpus.docs)
    if not docs:
        return []
    order = docs[:]
    random.Random(seed).shuffle(order)
    pairs = list(dict.fromkeys(p for p in (_partner(corpus, d) for d in order) if p))
    out: list[tuple[str, ...]] = []
    i = 0
    while len(out) < tasks:
        out.append((order[i % len(order)],))
        if pairs:
            out.append(pairs[i % len(pairs)])
        i += 1
    return out[:tasks]


def _partner(corpus: Corpus, doc: str) -> tuple[str, str] | None:
    """`doc` and the other document ranked first by the search index for `doc`'s most frequent content terms."""
    counts = collections.Counter(w for w in re.findall(r"[A-Za-z][A-Za-z0-9-]{3,}", corpus.text(doc))
                                 if w.lower() not in _STOP)
    terms = " ".join(w for w, _ in sorted(counts.items(), key=lambda x: (-x[1], x[0]))[:16])
    for sid, _, _ in corpus.search(terms, k=50):
        if sid != doc:
            return tuple(sorted((doc, sid)))  # type: ignore[return-value]
    return None


def doc_chars(context_window: int, max_tokens: int, docs: int) -> int:
    """Characters of numbered sentences per document that leave the reply its room in the context window."""
    room = (context_window - max_tokens - PROMPT_TOKENS) * CHARS_PER_TOKEN / max(1, docs)
    return max(200, min(MAX_DOC_CHARS, int(room)))


def prompt(corpus: Corpus, docs: tuple[str, ...], context_window: int = 8192, max_tokens: int = 600) -> str:
    """The task's documents as numbered sentences, whole sentences only, within the context window."""
    return shown(corpus, docs, context_window, max_tokens)[0]


def shown(corpus: Corpus, docs: tuple[str, ...], context_window: int = 8192,
          max_tokens: int = 600) -> tuple[str, tuple[str, ...]]:
    """The prompt and the sentence ids it shows."""
    limit = doc_chars(context_window, max_tokens, len(docs))
    parts = []
    for d in docs:
        text = corpus.numbered(d)
        if len(text) > limit:
            text = text[:text.rfind("\n", 0, limit)] if "\n" in text[:limit] else text[:limit]
        parts.append(f"[{d}]\n{text}")
    text = "\n\n".join(parts)
    refs = tuple(u.ref for d in docs for u in corpus.units(d) if u.ref and f"[{u.ref}]" in text)
    return templates.render("propose_task", documents=text), refs


def accept(raw: dict[str, Any], docs: tuple[str, ...], corpus: Corpus, index, out: Proposals) -> dict | None:
    """A proposed question as a seed, or None (counted in out.dropped by reason)."""
    question = _NUMBERING.sub("", " ".join(str(raw.get("question", "")).split()))
    kind = raw.get("kind")
    cited = raw.get("sentences")
    refs = [r.strip().strip("[]") for r in (cited if isinstance(cited, list) else []) if isinstance(r, str)]
    sentences = [corpus.sentence(r) for r in refs]
    if len(question) < 12 or kind not in KINDS:
        out.dropped["malformed"] += 1
        return None
    if not refs or any(s is None or r.rpartition("#")[0] not in docs for r, s in zip(refs, sentences)):
        out.dropped["cites a sentence it was not shown"] += 1
        return None
    if not is_question(question):
        out.dropped["not a question"] += 1
        return None
    cited_text: dict[str, list[str]] = {}
    for r, s in zip(refs, sentences):
        cited_text.setdefault(r.rpartition("#")[0], []).append(s.text)
    sources = sorted(cited_text)
    if kind == "comparison" and len(sources) < 2:
        out.dropped["comparison citing one document"] += 1
        return None
    if not grounded(question, cited_text):
        out.dropped["cited sentences do not mention it"] += 1
        return None
    if CLAIM_FORM.match(question):  # the form the prompt asks of a claim_check, whatever kind the model gave
        kind = "claim_check"
    if len(refs) == 1 and (kind == "lookup" or is_lookup(question, sentences[0].text)):
        kind = "lookup"
    score, _ = index.nearest(question)
    if score >= DUPLICATE_THRESHOLD:
        out.dropped["near-duplicate"] += 1
        return None
    index.add(question)
    tags = [kind, "proposed"] + (["not-research"] if kind == "lookup" else [])
    return {"question": question, "sources": sources, "tags": tags}


async def propose(corpus: Corpus, client, n: int, *, seed: int = 0, temperature: float = 0.0,
                  max_tokens: int = 600, concurrency: int = 4, context_window: int = 8192) -> Proposals:
    """Up to `n` distinct questions; the same corpus, seed and replies give the same file."""
    from assay.validators.claim_index import Index

    if not corpus.docs:
        raise UsageError("the corpus holds no documents; put .md/.txt/.html/.pdf files in the --corpus folder")
    out = Proposals()
    index = Index(DUPLICATE_THRESHOLD, [])
    first_round = len(corpus.docs) * (2 if len(corpus.docs) > 1 else 1)  # every document, alone and paired
    per_task = -(-n // first_round)  # questions one task may add in the first round: coverage before volume
    tasks = plan(corpus, first_round + 2 * n, seed)  # a task yields up to 3; room for drops

    async def ask(i: int, docs: tuple[str, ...]) -> str:
        text, refs = shown(corpus, docs, context_window, max_tokens)
        messages = [{"role": "user", "content": text}]
        result = await client.chat(messages, role="proposer", schema=proposal_schema(refs), max_tokens=max_tokens,
                                   temperature=temperature, seed=seed + i)
        out.calls.append(result.usage)
        return result.text

    for start in range(0, len(tasks), concurrency):
        batch = tasks[start:start + concurrency]
        replies = await asyncio.gather(*(ask(start + j, docs) for j, docs in enumerate(batch)))
        # In task order: the file does not depend on which reply came first.
        for k, (docs, text) in enumerate(zip(batch, replies), start):
            try:
                questions = extract_json(text).get("questions") or []
            except MalformedAction:
                out.dropped["reply not JSON"] += 1
                continue
            kept = 0
            for raw in questions if isinstance(questions, list) else []:
                if len(out.seeds) >= n or (kept >= per_task and k < first_round):
                    break
                seed_row = accept(raw if isinstance(raw, dict) else {}, docs, corpus, index, out)
                if seed_row is not None:
                    out.seeds.append({"id": f"p{len(out.seeds) + 1:04d}", **seed_row})
                    kept += 1
        if len(out.seeds) >= n:
            break
    return out


def write(path: Path, proposals: Proposals) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in proposals.seeds), encoding="utf-8")
    tmp.replace(path)


def add_parser(sub: argparse._SubParsersAction, commands: dict[str, Any]) -> None:
    """`assay propose`, registered by cli.build_parser (one line there)."""
    p = sub.add_parser(
        "propose", help="agents read a corpus and write research questions as a seeds file to review",
        description=(
            "Read every document of --corpus and propose research questions, written to --out as seeds JSONL "
            "(`assay run --seeds` reads it): each with the documents it needs and its kind as the first tag "
            "(derived, comparison, mechanism, claim_check, or lookup for a question one sentence answers word "
            "for word). Every document gets questions, pairs of documents are chosen by shared terms, and "
            "near-identical questions are dropped. Same corpus, --sampling-seed and model: same file."),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-c", "--config", metavar="FILE", help="TOML config (endpoints, roles.agent, agent.temperature)")
    p.add_argument("--corpus", metavar="DIR", required=True, help="folder (or table) of source documents")
    p.add_argument("--out", metavar="FILE", required=True, help="seeds JSONL to write")
    p.add_argument("-n", type=int, default=50, metavar="N", help="questions to propose (default 50)")
    p.add_argument("--sampling-seed", type=int, metavar="S",
                   help="seed of the plan and of sampling (default: agent.sampling_seed of -c FILE, else 0)")
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    g = p.add_argument_group("endpoint (as `assay run`; default: the embedded llama.cpp server)")
    g.add_argument("--endpoint", metavar="URL", help="OpenAI-compatible base URL")
    g.add_argument("--model", metavar="NAME", help="model name served at the endpoint")
    g.add_argument("--api-key-env", metavar="VAR", help="environment variable holding the endpoint's API key")
    g.add_argument("--backend", metavar="PROFILE", help="hardware backend profile for metering")
    g.add_argument("--concurrency", type=int, metavar="N", help="max requests in flight to the endpoint")
    g.add_argument("--structured-output", choices=["auto", "json_schema", "json_object_schema", "json_object", "none"])
    g.add_argument("--temperature", type=float, metavar="T", help="sampling temperature (default 0)")
    commands["propose"] = command


def command(a: argparse.Namespace) -> int:
    from assay import aio, cli

    out = Path(a.out)
    if a.n is None or a.n < 1:
        raise UsageError("-n must be 1 or more")
    if out.is_dir():
        raise UsageError(f"{out}: is a folder; pass a file name for --out, e.g. {out / 'seeds.jsonl'}")
    if out.exists() and not a.force:
        raise UsageError(f"{out} exists; pass --force to overwrite it, or choose another --out")
    if not out.parent.is_dir():
        raise UsageError(f"{out.parent}: folder not found; create it or choose another --out")
    run_args = _run_defaults(cli)
    vars(run_args).update({k: v for k, v in vars(a).items() if k in vars(run_args)}, out=None, corpus=None)
    cfg = cli.run_config(run_args)
    corpus = Corpus.load(a.corpus, cfg.run.corpus_columns, cfg.run.corpus_split)
    if not corpus.docs:
        raise UsageError(f"{a.corpus}: the corpus holds no documents; add .md/.txt/.html/.pdf files to it")
    with contextlib.ExitStack() as stack:
        result = aio.run(_propose(cfg, corpus, a, stack), cfg.run.event_loop)
    dropped = ", ".join(f"{k} {v}" for k, v in sorted(result.dropped.items())) or "none"
    if not result.seeds:  # an empty seeds file is one `assay run` refuses: say why here, and write nothing
        raise EndpointResponseError(f"the model proposed no usable question in {len(result.calls)} calls (dropped: "
                                    f"{dropped}); {out} was not written. Try a larger model (--endpoint, --model), "
                                    "or --structured-output json_schema if the server supports it")
    write(out, result)
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(result.by_kind().items()))
    covered = len({s for row in result.seeds for s in row["sources"]})
    cost = sum(c.estimate.cost_usd for c in result.calls if c.estimate and c.estimate.cost_usd is not None)
    print(f"proposed {len(result.seeds)} questions in {out} ({kinds}); {covered} of {len(corpus.docs)} documents "
          f"covered; dropped: {dropped}; {len(result.calls)} proposer calls, {result.tokens} tokens, "
          f"~${cost:.4f} estimated")
    print(f"review and edit {out}, then: assay run --seeds {out} --corpus {a.corpus}")
    return 0


SEEDS_FILE = "proposed-seeds.jsonl"  # in the run directory: reviewed by the user, read again on resume


def before_run(cfg, a: argparse.Namespace) -> Path:
    """`assay run --propose N`: the first stage of a run on a corpus with no seeds. Proposes N questions into
    RUN/proposed-seeds.jsonl (listed in the run's manifest, so --fresh proposes again) and points the run at it; a
    resume finds the file and uses it as it is, edits included."""
    from assay import aio
    from assay.run.rundir import RunDir

    if a.seeds:
        raise UsageError("--propose writes the run's seeds itself; drop --seeds, or drop --propose to run on FILE")
    if a.propose < 1:
        raise UsageError("--propose must be 1 or more")
    if not cfg.run.corpus:
        raise UsageError("--propose needs --corpus DIR: the documents to propose questions about")
    out = Path(cfg.run.out)
    path = out / SEEDS_FILE
    cfg.run.seeds = str(path)
    with RunDir(out, fresh=a.fresh, files={SEEDS_FILE}, cfg=cfg):  # checked and locked while proposing
        if path.exists() and not a.fresh:
            print(f"using the proposed questions in {path} (--fresh proposes again)", file=sys.stderr)
            return path
        corpus = Corpus.load(cfg.run.corpus, cfg.run.corpus_columns, cfg.run.corpus_split)
        if not corpus.docs:
            raise UsageError(f"{cfg.run.corpus}: the corpus holds no documents; add .md/.txt/.html/.pdf files to it")
        ns = argparse.Namespace(n=a.propose, sampling_seed=None)
        with contextlib.ExitStack() as stack:
            result = aio.run(_propose(cfg, corpus, ns, stack), cfg.run.event_loop)
        if not result.seeds:
            raise EndpointResponseError(f"the model proposed no usable question in {len(result.calls)} calls "
                                        f"(dropped: {dict(result.dropped)}); nothing to run")
        write(path, result)
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(result.by_kind().items()))
    print(f"proposed {len(result.seeds)} questions in {path} ({kinds}); {len(result.calls)} proposer calls, "
          f"{result.tokens} tokens", file=sys.stderr)
    return path


def _run_defaults(cli) -> argparse.Namespace:
    """`assay run`'s flags at their defaults, so its config building (cli.run_config) is reused as it is."""
    parser = argparse.ArgumentParser()
    cli._add_run_parser(parser.add_subparsers())
    return parser.parse_args(["run"])


async def _propose(cfg, corpus: Corpus, a: argparse.Namespace, stack: contextlib.ExitStack) -> Proposals:
    from assay.endpoint.client import EndpointClient
    from assay.journal import Journal
    from assay.metering import live
    from assay.run.runner import _serve

    from assay.scratch import scratch_dir

    logs = stack.enter_context(scratch_dir("assay-propose-"))  # the embedded server's log; gone even after SIGKILL
    name = cfg.endpoints_for("agent")[0]
    url = await asyncio.to_thread(_serve, cfg, name, logs, stack.enter_context(contextlib.ExitStack()))
    journal = Journal(None)  # in memory: the meter's bookkeeping; the output is the seeds file
    meter = live.start(cfg, journal, {name})
    client = EndpointClient(name, cfg.endpoints[name], url, meter=meter)
    try:
        for note in await client.preflight(known=journal):
            print(f"note: {note}", file=sys.stderr)
        seed = a.sampling_seed if a.sampling_seed is not None else cfg.agent.sampling_seed or 0
        return await propose(corpus, client, a.n, seed=seed, temperature=cfg.agent.temperature,
                             concurrency=max(1, cfg.run.agents), context_window=cfg.endpoints[name].context_window)
    finally:
        await client.close()
