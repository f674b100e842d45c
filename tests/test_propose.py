"""`assay propose` on the scripted fake proposer at the wire (tests/fakes/propose.py)."""
from __future__ import annotations

import json
import signal

import pytest

from assay.cli import main
from assay.corpus import Corpus
from assay.propose import KINDS, is_lookup, plan
from assay.seeds import demo_seeds_path, read_seeds
from fakes.openai import FakeOpenAI, completion
from fakes.propose import propose_handler
from fakes.research import research_handler

CORPUS = demo_seeds_path().parent / "corpus"


@pytest.fixture
def fake():
    handler = signal.getsignal(signal.SIGTERM)
    with FakeOpenAI(propose_handler()) as server:
        yield server
    signal.signal(signal.SIGTERM, handler)  # main() leaves SIGTERM ignored as it returns


def propose(fake, out, *extra, corpus=CORPUS):
    return main(["propose", "--corpus", str(corpus), "--out", str(out), "--endpoint", fake.base_url,
                 "--model", "fake-model", *extra])


def rows(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_every_kind_is_proposed_and_written(fake, tmp_path, capsys):
    out = tmp_path / "seeds.jsonl"
    assert propose(fake, out, "-n", "20") == 0
    written = rows(out)
    assert len(written) == 20
    assert {r["tags"][0] for r in written} == set(KINDS)
    assert all(r["sources"] and r["id"] and r["question"] for r in written)
    comparisons = [r for r in written if r["tags"][0] == "comparison"]
    assert all(len(r["sources"]) >= 2 for r in comparisons)
    chats = [r for r in fake.requests if r.get("messages")]
    schemas = [r["response_format"]["json_schema"]["schema"] for r in chats
               if "questions" in r["messages"][-1]["content"]]  # not the client's preflight probe
    assert len(schemas) >= 12 and all(s["required"] == ["questions"] for s in schemas)
    cited = [s["properties"]["questions"]["items"]["properties"]["sentences"]["items"]["enum"] for s in schemas]
    assert all(ids and all("#" in i for i in ids) for ids in cited)  # only the sentence ids each prompt showed
    said = capsys.readouterr().out
    assert "20 questions" in said and "6 of 6 documents covered" in said and "proposer calls" in said


def test_proposer_calls_are_metered_under_their_role(fake):
    from assay.config import load_config
    from assay.endpoint.client import EndpointClient
    from assay.journal import Journal
    from assay.metering import live
    from assay.propose import propose as run_propose
    from conftest import endpoint, run_async

    cfg = load_config(None, {"endpoints.cli.base_url": fake.base_url, "endpoints.cli.model": "fake-model",
                             "roles.agent": "cli"})
    meter = live.start(cfg, Journal(None), {"cli"})

    async def go():
        client = EndpointClient("cli", endpoint(base_url=fake.base_url), fake.base_url, meter=meter)
        try:
            return await run_propose(Corpus.from_dir(CORPUS), client, 5)
        finally:
            await client.close()

    result = run_async(go())
    assert len(result.seeds) == 5
    assert result.calls and {c.role for c in result.calls} == {"proposer"}
    assert all(c.estimate is not None for c in result.calls) and result.tokens > 0


def test_a_question_printed_verbatim_in_one_sentence_is_marked_lookup(fake, tmp_path):
    out = tmp_path / "seeds.jsonl"
    assert propose(fake, out, "-n", "20") == 0
    lookups = [r for r in rows(out) if r["tags"][0] == "lookup"]
    assert lookups and all("not-research" in r["tags"] for r in lookups)
    assert all(r["question"].startswith("What does the text say:") for r in lookups)  # proposed as "derived"
    assert is_lookup("When was Python first released?", "Python was first released in 1991.")
    assert not is_lookup("How many years passed between Python's release and Java's?", "Python was released in 1991.")


def test_near_duplicates_and_one_document_comparisons_are_dropped(fake, tmp_path, capsys):
    out = tmp_path / "seeds.jsonl"
    assert propose(fake, out, "-n", "20") == 0
    questions = [r["question"] for r in rows(out)]
    assert len(set(questions)) == len(questions)
    assert not any("everything else in the world" in q for q in questions)
    said = capsys.readouterr().out
    assert "near-duplicate" in said and "comparison citing one document" in said


def test_headings_ungrounded_questions_and_mislabeled_claim_checks_are_caught(fake, tmp_path, capsys):
    out = tmp_path / "seeds.jsonl"
    assert propose(fake, out, "-n", "60") == 0
    written = rows(out)
    said = capsys.readouterr().out
    assert "not a question" in said and "cited sentences do not mention it" in said
    assert not any(r["question"].endswith("document") or "in the other account" in r["question"] for r in written)
    numbered = [r for r in written if " and then " in r["question"]]
    assert numbered and all(r["question"].startswith("Is it true that") for r in numbered)  # "2. " stripped
    assert all(r["tags"][0] == "claim_check" for r in numbered)  # proposed as derived
    from assay.propose import grounded, is_question

    assert not is_question("The Amazon River") and is_question("Calculate the ratio of the two lengths")
    assert not grounded("Is it true that the human heart beats 60 to 100 times per minute?",
                        {"dna": ["Human DNA contains about 3 billion base pairs."]})
    assert grounded("How many years passed between Python's release and Java's?",
                    {"python": ["Python was released in 1991."], "java": ["Java was released in 1995."]})
    assert not grounded("How many years passed between Python's release and Java's?",
                        {"python": ["Python was released in 1991."], "mars": ["Mars has two moons."]})


def test_every_document_is_covered_even_with_few_questions(fake, tmp_path):
    out = tmp_path / "seeds.jsonl"
    assert propose(fake, out, "-n", "6") == 0
    assert {s for r in rows(out) for s in r["sources"]} == set(Corpus.from_dir(CORPUS).docs)


def test_the_plan_pairs_documents_through_the_search_index_and_is_seeded():
    corpus = Corpus.from_dir(CORPUS)
    tasks = plan(corpus, 12, seed=3)
    assert tasks == plan(corpus, 12, seed=3)
    assert {t[0] for t in tasks if len(t) == 1} == set(corpus.docs)
    pairs = [t for t in tasks if len(t) == 2]
    assert pairs and all(a != b and a in corpus and b in corpus for a, b in pairs)
    assert [t for t in tasks if len(t) == 1] != [t for t in plan(corpus, 12, seed=4) if len(t) == 1]


def test_the_same_seed_gives_the_same_file(fake, tmp_path):
    a, b, c = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    assert propose(fake, a, "-n", "15", "--sampling-seed", "7") == 0
    assert propose(fake, b, "-n", "15", "--sampling-seed", "7") == 0
    assert propose(fake, c, "-n", "15", "--sampling-seed", "8") == 0
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_the_written_file_is_accepted_by_assay_run(fake, tmp_path, capsys):
    seeds = tmp_path / "seeds.jsonl"
    assert propose(fake, seeds, "-n", "8") == 0
    assert len(list(read_seeds(seeds))) == 8
    with FakeOpenAI(research_handler()) as research:
        code = main(["run", "--endpoint", research.base_url, "--model", "fake-model", "--seeds", str(seeds),
                     "--corpus", str(CORPUS), "--out", str(tmp_path / "run"), "--no-progress", "--agents", "1"])
    assert code == 0
    assert len((tmp_path / "run" / "records.jsonl").read_text().splitlines()) == 8


def test_an_existing_out_file_is_refused_without_force(fake, tmp_path, capsys):
    out = tmp_path / "seeds.jsonl"
    out.write_text("mine\n")
    assert propose(fake, out, "-n", "3") == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_text() == "mine\n" and not fake.requests
    assert propose(fake, out, "-n", "3", "--force") == 0
    assert len(rows(out)) == 3


def test_an_empty_corpus_is_refused_before_any_call(fake, tmp_path, capsys):
    empty = tmp_path / "docs"
    empty.mkdir()
    assert propose(fake, tmp_path / "seeds.jsonl", corpus=empty) == 2
    assert "no documents" in capsys.readouterr().err
    assert not fake.requests and not (tmp_path / "seeds.jsonl").exists()


def test_a_small_context_window_shows_whole_sentences_that_leave_the_reply_room():
    from assay.propose import prompt

    corpus = Corpus({"long": " ".join(f"Sentence number {i} states a fact about topic {i}." for i in range(400))})
    small, large = prompt(corpus, ("long",), 1024, 600), prompt(corpus, ("long",), 32768, 600)
    shown = small[small.index("[long#1]"):small.index("Write up to")]
    assert len(small) < len(large) and len(shown) <= (1024 - 600 - 250) * 3.5
    assert shown.rstrip().endswith(".")  # whole sentences only


def test_replies_without_a_usable_question_write_nothing_and_say_why(tmp_path, capsys):
    handler = signal.getsignal(signal.SIGTERM)
    with FakeOpenAI(lambda req: completion("I would rather not.")) as prose:
        code = propose(prose, tmp_path / "seeds.jsonl", "-n", "3")
    signal.signal(signal.SIGTERM, handler)
    assert code == 3
    err = capsys.readouterr().err
    assert "no usable question" in err and "reply not JSON" in err
    assert not (tmp_path / "seeds.jsonl").exists()


def test_a_question_citing_a_sentence_outside_its_task_or_no_sentence_is_dropped():
    from assay.propose import Proposals, accept
    from assay.validators.claim_index import Index

    corpus, out, index = Corpus.from_dir(CORPUS), Proposals(), Index(0.5, [])
    ask = {"question": "How long after its discovery was penicillin mass-produced?", "kind": "derived"}
    assert accept(ask | {"sentences": ["mars#1"]}, ("penicillin",), corpus, index, out) is None
    assert accept(ask | {"sentences": ["penicillin#999"]}, ("penicillin",), corpus, index, out) is None
    assert accept(ask | {"sentences": "penicillin#1"}, ("penicillin",), corpus, index, out) is None
    assert out.dropped["cites a sentence it was not shown"] == 3
    kept = accept(ask | {"sentences": ["penicillin#1", "penicillin#2"]}, ("penicillin",), corpus, index, out)
    assert kept == {"question": ask["question"], "sources": ["penicillin"], "tags": ["derived", "proposed"]}
