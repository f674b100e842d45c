"""Tree rollouts on a scripted FAKE server at the wire: the fork (one n=k request, or k requests), the shape and
token bounds of a tree, and preference pairs whose prompt is exactly the shared context."""
from __future__ import annotations

import json

from assay.agent.episode import Agent
from assay.agent.tools import Toolbox
from assay.agent.tree import TreeAgent, breadth_within
from assay.config import AgentConfig
from assay.endpoint.client import EndpointClient
from assay.records import Seed
from conftest import endpoint, run_async
from fakes.openai import FakeOpenAI, PrefixCache

SEED = Seed(id="mars-day", question="How long is a day on Mars?", sources=["mars"])
PLAN = json.dumps({"sub_questions": ["What does the source say about a Mars day?"]})
STEP = json.dumps({"thought": "done", "tool": "answer", "input": ""})


def final(i: int) -> str:
    hours = "24.6" if i % 2 == 0 else "26.0"
    return json.dumps({"evidence": [{"source_id": "mars", "quote": "A day on Mars lasts about 24.6 hours."}],
                       "claim": f"A day on Mars lasts about {hours} hours.",
                       "reasoning": [f"1. The mars source says a day lasts about {hours} hours."], "confidence": 0.9})


def answer(req: dict, i: int) -> str:
    if "insight" in json.dumps(req.get("response_format", {})) or "evidence" in json.dumps(req.get("response_format", {})):
        return final(i)
    return PLAN if "sub_questions" in json.dumps(req.get("response_format", {})) else STEP


def grow(fake_handler, corpus, cfg, supports_n, k):
    async def go():
        with FakeOpenAI(fake_handler) as fake:
            client = EndpointClient("fake", endpoint(base_url=fake.base_url, supports_n=supports_n), fake.base_url)
            try:
                box = Toolbox(corpus, ["search", "read"], cite_ids=cfg.evidence == "ref")
                tree = await TreeAgent(Agent(client, box, corpus, cfg)).run(SEED, k)
            finally:
                await client.close()
            return tree, list(fake.requests)
    return run_async(go())


CFG = AgentConfig(max_steps=2, evidence="quote", tools=["search", "read"])


def test_fork_with_n_is_one_request_metered_once(demo_corpus):
    cache = PrefixCache(answer)
    tree, requests = grow(cache, demo_corpus, CFG, True, 4)
    assert tree.failure is None and len(tree.leaves) == 4
    fork = [r for r in requests if r.get("n")]
    assert len(requests) == 3 and len(fork) == 1 and fork[0]["n"] == 4  # plan, step, one n=4 fork
    assert [leaf.sample for leaf in tree.leaves] == [0, 1, 2, 3]
    calls = [c for leaf in tree.leaves for c in leaf.calls]
    assert len(calls) == 3 and calls[-1].n == 4  # trunk + fork, each once, on leaf 0
    assert sum(c.prompt_tokens - c.cached_tokens for c in calls) == cache.prefilled
    claims = [leaf.insight.claim for leaf in tree.leaves]
    assert claims == [json.loads(final(i))["claim"] for i in range(4)]
    # every leaf continues exactly the shared context
    for leaf in tree.leaves:
        assert leaf.messages[:-1] == tree.context and leaf.messages[-1]["role"] == "assistant"


def test_fork_without_n_is_k_requests_with_one_prefix(demo_corpus):
    cache = PrefixCache(lambda req, i: answer(req, req.get("seed", 0) or 0))
    tree, requests = grow(cache, demo_corpus, CFG, False, 4)
    fork = requests[2:]
    assert len(tree.leaves) == 4 and len(fork) == 4 and not any("n" in r for r in requests)
    assert all(r["messages"] == fork[0]["messages"] for r in fork)
    assert [r["seed"] for r in fork] == [0, 1, 2, 3]
    assert [len(leaf.calls) for leaf in tree.leaves] == [3, 1, 1, 1]
    # the fake prefix cache serves the repeated prefix: the 2nd..4th fork requests prefill next to nothing
    assert all(c.cached_tokens >= c.prompt_tokens - 2 for leaf in tree.leaves[1:] for c in leaf.calls)


def test_tree_budget_cuts_breadth_deterministically(demo_corpus):
    assert breadth_within(1000, 200, 100, 100, 8, shared=True) == 7
    assert breadth_within(1000, 200, 100, 100, 8, shared=False) == 4
    assert breadth_within(300, 200, 100, 100, 4, shared=False) == 0
    cfg = CFG.model_copy(update={"tree_max_tokens": 3000, "max_completion_tokens": 384})
    a, _ = grow(PrefixCache(answer), demo_corpus, cfg, False, 4)
    b, _ = grow(PrefixCache(answer), demo_corpus, cfg, False, 4)
    assert 1 <= len(a.leaves) < 4 and len(a.leaves) == len(b.leaves) and a.notes == b.notes
    assert "tree token bound" in a.notes[0]
    tight = CFG.model_copy(update={"tree_max_tokens": 50})
    t, requests = grow(PrefixCache(answer), demo_corpus, tight, True, 4)
    assert "tree token bound" in t.failure and len(t.leaves) == 1 and t.leaves[0].failure == t.failure
    assert not any(r.get("n") for r in requests)  # no fork request was sent


def test_every_leaf_marks_where_it_forked_from_the_shared_context(demo_corpus):
    tree, _ = grow(PrefixCache(answer), demo_corpus, CFG, True, 4)
    assert len(tree.leaves) == 4 and tree.context[-1]["role"] == "user"
    for leaf in tree.leaves:  # the export's sibling pairs take messages[:fork_at] as their prompt
        assert leaf.fork_at == len(tree.context) and leaf.messages[:leaf.fork_at] == tree.context
        assert leaf.messages[-1]["role"] == "assistant" and len(leaf.messages) == leaf.fork_at + 1
    assert {json.loads(leaf.messages[-1]["content"])["claim"] for leaf in tree.leaves} == {
        "A day on Mars lasts about 24.6 hours.", "A day on Mars lasts about 26.0 hours."}


def test_assay_run_with_a_tree_makes_one_record_per_leaf_from_one_n_request(tmp_path):
    from assay.config import load_config
    from assay.journal import Journal
    from assay.run.runner import run
    from assay.seeds import demo_seeds_path
    from fakes.research import research_handler, write_seeds

    corpus = demo_seeds_path().parent / "corpus"
    seeds, out = tmp_path / "seeds.jsonl", tmp_path / "run"
    write_seeds(seeds, 2, sorted(p.stem for p in corpus.glob("*.md")))
    inner = research_handler()

    def handler(req: dict) -> dict:
        body = inner(req).body
        body["choices"] = [dict(body["choices"][0], index=i) for i in range(int(req.get("n") or 1))]
        return body

    with FakeOpenAI(handler) as api:
        cfg = load_config(None, {
            "run.seeds": str(seeds), "run.corpus": str(corpus), "run.out": str(out), "agent.max_steps": 0,
            "agent.tree_breadth": 3, "endpoints.api.base_url": api.base_url, "endpoints.api.model": "fake-model",
            "roles.agent": "api", "metering.metrics_interval_s": 0})
        run(cfg, progress=False)
        requests = list(api.requests)
    journal = Journal(out)
    records = sorted(journal.records(), key=lambda r: r.seed.id)
    journal.close()
    agent_calls = [c for r in records for c in r.calls if c.role == "agent"]
    asked = [r for r in requests if r["messages"][0]["role"] == "system"]  # not the output-mode probe
    assert [r.get("n") for r in asked] == [3, 3]
    assert len(records) == 6 and [r.seed.id.rpartition("#")[2] for r in records] == ["0", "1", "2"] * 2
    assert len(agent_calls) == 2 and all(c.n == 3 for c in agent_calls)  # each fork metered once, on leaf 0
    # three identical leaves: the novelty stage accepts the first and rejects its siblings as duplicates
    for i in (0, 3):
        assert [r.status.value for r in records[i:i + 3]] == ["accepted", "rejected", "rejected"]


def test_a_resumed_tree_meters_its_regrown_calls_on_a_leaf_still_to_record(tmp_path):
    from assay.config import load_config
    from assay.journal import Journal
    from assay.run.runner import run
    from assay.seeds import demo_seeds_path
    from fakes.research import research_handler, write_seeds

    corpus = demo_seeds_path().parent / "corpus"
    seeds, out = tmp_path / "seeds.jsonl", tmp_path / "run"
    write_seeds(seeds, 1, ["mars"])
    inner = research_handler()

    def handler(req: dict) -> dict:  # choice 0 answers; the others are not JSON (their leaves fail)
        body = inner(req).body
        n = int(req.get("n") or 1)
        body["choices"] = [dict(body["choices"][0], index=0)] + [
            {"index": i, "message": {"role": "assistant", "content": "not json"}, "finish_reason": "stop"}
            for i in range(1, n)]
        return body

    over = {"run.seeds": str(seeds), "run.corpus": str(corpus), "run.out": str(out), "agent.max_steps": 0,
            "agent.tree_breadth": 3, "roles.agent": "api", "endpoints.api.model": "fake-model",
            "metering.metrics_interval_s": 0}
    with FakeOpenAI(handler) as api:
        run(load_config(None, over | {"endpoints.api.base_url": api.base_url}), progress=False)
    journal = Journal(out)
    first = {r.seed.id: r for r in journal.records()}
    assert [first[f"q000#{j}"].status.value for j in range(3)] == ["accepted", "failed", "failed"]
    assert journal.forget_failed("malformed") == 2
    journal.close()
    with FakeOpenAI(handler) as api:
        run(load_config(None, over | {"endpoints.api.base_url": api.base_url}), progress=False)
        regrown = [r for r in api.requests if r["messages"][0]["role"] == "system"]
    journal = Journal(out)
    second = {r.seed.id: r for r in journal.records()}
    journal.close()
    assert len(regrown) == 1 and regrown[0]["n"] == 3
    assert [len(second[f"q000#{j}"].calls) for j in range(3)] == [1, 1, 0]  # the regrown fork is metered, once
    assert second["q000#1"].calls[0].n == 3 and second["q000#0"].calls == first["q000#0"].calls


def test_export_pairs_tree_siblings_with_their_shared_context_as_the_prompt(tmp_path):
    """A real run and export: leaf 0 answers right, leaf 1 cites a sentence that does not exist (grounding rejects),
    leaf 2 repeats leaf 0 (novelty rejects). Expected pairs are computed here from the journal's records."""
    import datasets

    from assay.config import load_config
    from assay.dataset.export import export_run
    from assay.journal import Journal
    from assay.run.runner import run
    from assay.seeds import demo_seeds_path
    from fakes.research import research_handler, write_seeds

    corpus = demo_seeds_path().parent / "corpus"
    seeds, out = tmp_path / "seeds.jsonl", tmp_path / "run"
    write_seeds(seeds, 4, sorted(p.stem for p in corpus.glob("*.md")))
    inner = research_handler()

    def handler(req: dict) -> dict:
        body = inner(req).body
        first = body["choices"][0]
        choices = []
        for i in range(int(req.get("n") or 1)):
            content = first["message"]["content"]
            if i == 1 and '"evidence"' in content:
                reply = json.loads(content)
                reply["evidence"] = [{"ref": reply["evidence"][0]["ref"].split("#")[0] + "#99"}]
                content = json.dumps(reply)
            choices.append(dict(first, index=i, message=dict(first["message"], content=content)))
        body["choices"] = choices
        return body

    with FakeOpenAI(handler) as api:
        run(load_config(None, {
            "run.seeds": str(seeds), "run.corpus": str(corpus), "run.out": str(out), "agent.max_steps": 1,
            "agent.tree_breadth": 3, "endpoints.api.base_url": api.base_url, "endpoints.api.model": "fake-model",
            "roles.agent": "api", "metering.metrics_interval_s": 0}), progress=False)
    journal = Journal(out)
    records = {r.seed.id: r for r in journal.records()}
    journal.close()
    expected = []
    for base in sorted({i.split("#")[0] for i in records}):
        leaves = [records[f"{base}#{k}"] for k in range(3)]
        assert len({json.dumps(leaf.messages[:leaf.fork_at]) for leaf in leaves}) == 1  # one shared context
        if leaves[0].status.value == "accepted":
            assert leaves[1].failed_stage == "grounding" and leaves[2].failed_stage == "novelty"
            expected.append((leaves[0].seed.id, leaves[1].seed.id, leaves[0].messages[:leaves[0].fork_at],
                             leaves[0].messages[-1]["content"], leaves[1].messages[-1]["content"]))
    assert expected  # at least one seed's first leaf is right
    result = export_run(out, tmp_path / "ds")
    prefs = datasets.load_dataset("parquet", data_files=str(tmp_path / "ds" / "data" / "preferences" / "*.parquet"),
                                  split="train", cache_dir=str(tmp_path / "cache"))
    got = [(p["chosen_id"], p["rejected_id"], p["prompt"], p["chosen"][0]["content"], p["rejected"][0]["content"])
           for p in prefs if p["pair"] == "siblings"]
    want = [(c, r, [{"role": m["role"], "content": m["content"]} for m in ctx], cc, rc) for c, r, ctx, cc, rc in expected]
    assert got == want and result.rows["preferences"] == len(prefs)
    assert all(p["prompt"][0]["role"] == "system" and p["prompt"][-1]["role"] == "user" for p in prefs if p["pair"] == "siblings")
    # the leaf that repeats an accepted one reads the same: it is never paired (it would teach nothing)
    assert not any(p["rejected_id"].endswith("#2") for p in prefs)


def searcher(req: dict, i: int) -> str:
    """Step 1 searches, later steps answer; the final answer depends on the branch (choice i, or sampling seed)."""
    schema = json.dumps(req.get("response_format", {}))
    if '"tool"' in schema:
        looked = any(m["content"].startswith("Observation") for m in req["messages"] if m["role"] == "user")
        return STEP if looked else json.dumps({"thought": "look", "tool": "search", "input": "day on Mars"})
    return answer(req, i)


def _fork_requests(requests):
    return [r for r in requests if r.get("n")]


def test_fork_after_the_plan_is_one_n_k_step_request_then_each_branch_goes_on_alone(demo_corpus):
    cache = PrefixCache(searcher)
    cfg = CFG.model_copy(update={"tree_fork": "plan"})
    tree, requests = grow(cache, demo_corpus, cfg, True, 3)
    assert tree.failure is None and len(tree.leaves) == 3 and all(leaf.insight for leaf in tree.leaves)
    fork = _fork_requests(requests)
    assert len(fork) == 1 and fork[0]["n"] == 3 and '"tool"' in json.dumps(fork[0]["response_format"])
    # plan, one n=3 first step, then per branch: step 2 (answer) and the final answer
    assert len(requests) == 2 + 3 * 2
    assert tree.context[-1]["role"] == "user" and tree.context[-2]["role"] == "assistant"  # the plan, then step prompt
    for leaf in tree.leaves:
        assert leaf.fork_at == len(tree.context) and leaf.messages[:leaf.fork_at] == tree.context
        assert [t.tool for t in leaf.tool_calls] == ["search"]  # each branch's own step 1
    calls = [c for leaf in tree.leaves for c in leaf.calls]
    assert len(calls) == len(requests) and sum(c.n for c in calls) == 1 + 3 + 3 * 2  # every call metered once
    assert [len(leaf.calls) for leaf in tree.leaves] == [2 + 2, 2, 2]  # trunk's plan + the fork call on leaf 0
    assert sum(c.prompt_tokens - c.cached_tokens for c in calls) == cache.prefilled


def test_fork_after_a_step_without_n_is_k_requests_with_one_prefix_and_distinct_seeds(demo_corpus):
    cache = PrefixCache(lambda req, i: searcher(req, req.get("seed", 0) or 0))
    cfg = CFG.model_copy(update={"tree_fork": "step:1"})
    tree, requests = grow(cache, demo_corpus, cfg, False, 3)
    assert len(tree.leaves) == 3 and not any("n" in r for r in requests)
    # the trunk: plan, step 1 (search); its observation is in the shared context
    assert any(m["content"].startswith("Observation") for m in tree.context if m["role"] == "user")
    firsts = [r for r in requests if r["messages"] == tree.context]  # each branch's step 2, on the identical prefix
    assert len(firsts) == 3 and len({r["seed"] for r in firsts}) == 3
    assert {json.loads(leaf.messages[-1]["content"])["claim"] for leaf in tree.leaves} == {
        json.loads(final(i))["claim"] for i in range(3)}


def test_a_trunk_that_answers_before_its_fork_point_forks_before_the_final_answer(demo_corpus):
    cfg = CFG.model_copy(update={"tree_fork": "step:2"})
    tree, requests = grow(PrefixCache(answer), demo_corpus, cfg, True, 3)  # the scripted step answers at once
    assert len(tree.leaves) == 3 and any("answered before the fork point" in n for n in tree.notes)
    assert len(_fork_requests(requests)) == 1 and all(len(leaf.messages) == leaf.fork_at + 1 for leaf in tree.leaves)


def test_branches_share_what_the_trunk_left_of_the_tree_budget(demo_corpus):
    roomy, _ = grow(PrefixCache(searcher), demo_corpus, CFG.model_copy(update={"tree_fork": "plan"}), True, 3)
    own = [sum(c.prompt_tokens + c.completion_tokens for c in leaf.calls) for leaf in roomy.leaves[1:]]
    trunk = sum(c.prompt_tokens + c.completion_tokens for c in roomy.leaves[0].calls[:1])  # the plan call
    # a budget whose share per branch covers one call of a branch, not its two
    budget = trunk + 3 * (own[0] // 3)
    cfg = CFG.model_copy(update={"tree_fork": "plan", "tree_max_tokens": budget, "max_completion_tokens": 20})
    a, _ = grow(PrefixCache(searcher), demo_corpus, cfg, True, 3)
    b, _ = grow(PrefixCache(searcher), demo_corpus, cfg, True, 3)
    assert len(a.leaves) == 3 and [leaf.failure for leaf in a.leaves] == [leaf.failure for leaf in b.leaves]
    assert all("token bound" in (leaf.failure or "") for leaf in a.leaves[1:])
