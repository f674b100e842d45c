"""Seeds and corpus from `datasets` sources (Parquet, CSV, a saved dataset) with a column mapping: end to end on the
scripted fake through the real CLI, refusals that name the source, row and column, streaming measured as peak RSS."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import datasets
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from assay.config import Config
from assay.corpus import Corpus
from assay.errors import UsageError
from assay.run import settings
from assay.seeds import BadSeed, demo_seeds_path, read_seeds
from fakes.openai import FakeOpenAI
from fakes.research import research_handler

CORPUS = demo_seeds_path().parent / "corpus"
DEMO = [json.loads(line) for line in demo_seeds_path().read_text().splitlines() if line.strip()]
MAPPING = {"id": "qid", "question": "prompt", "sources": "docs", "reference_answer": "gold"}
MAPPING_TOML = '[run.seed_columns]\nid = "qid"\nquestion = "prompt"\nsources = "docs"\nreference_answer = "gold"\n'


def assay(*args, timeout=180):
    return subprocess.run([sys.executable, "-m", "assay", *args], capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ))


def demo_columns() -> dict[str, list]:
    """The demo seeds under other column names, as a Hub dataset would have them."""
    return {"qid": [r["id"] for r in DEMO], "prompt": [r["question"] for r in DEMO],
            "docs": [r.get("sources", []) for r in DEMO], "gold": [r.get("reference_answer") for r in DEMO]}


@pytest.fixture(scope="module")
def fake():
    with FakeOpenAI(research_handler()) as server:
        yield server


def run(fake, seeds, out, config, *extra, corpus=CORPUS):
    return assay("run", "--endpoint", fake.base_url, "--model", "fake-model", "-c", str(config), "--seeds",
                 str(seeds), "--corpus", str(corpus), "--out", str(out), "--no-progress", *extra)


def records(out) -> list[dict]:
    return [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]


def outcomes(out) -> dict[str, tuple]:
    return {rec["seed"]["id"]: (rec["status"], rec["reason"], (rec.get("insight") or {}).get("claim"))
            for rec in records(out)}


@pytest.fixture(scope="module")
def jsonl_outcomes(fake, tmp_path_factory):
    """The demo seeds as the JSONL file they are: what every other source of the same seeds must give."""
    tmp = tmp_path_factory.mktemp("jsonl")
    (tmp / "empty.toml").write_text("")
    r = run(fake, demo_seeds_path(), tmp / "run", tmp / "empty.toml")
    assert r.returncode == 0, r.stderr
    return outcomes(tmp / "run")


def test_parquet_seeds_with_a_column_mapping_run_end_to_end_and_resume(fake, tmp_path, jsonl_outcomes):
    seeds = tmp_path / "seeds.parquet"
    pq.write_table(pa.table(demo_columns()), seeds)
    config = tmp_path / "assay.toml"
    config.write_text(MAPPING_TOML)
    r = run(fake, seeds, tmp_path / "run", config)
    assert r.returncode == 0, r.stderr
    got = records(tmp_path / "run")
    assert sorted(rec["seed"]["id"] for rec in got) == sorted(row["id"] for row in DEMO)
    by_id = {rec["seed"]["id"]: rec["seed"] for rec in got}
    for row in DEMO:  # every mapped field arrived under its seed name
        assert by_id[row["id"]]["question"] == row["question"]
        assert by_id[row["id"]]["sources"] == row.get("sources", [])
        assert by_id[row["id"]]["reference_answer"] == row.get("reference_answer")
    assert outcomes(tmp_path / "run") == jsonl_outcomes  # the same seeds as JSONL: the same records
    # resume identifies the seeds by their mapped ids: nothing is redone, nothing is refused as a changed corpus
    r = run(fake, seeds, tmp_path / "run", config)
    assert r.returncode == 0, r.stderr
    assert len(records(tmp_path / "run")) == len(DEMO)


def test_saved_dataset_split_with_a_column_mapping_and_a_parquet_corpus(fake, tmp_path, jsonl_outcomes):
    cols = demo_columns()
    half = len(DEMO) // 2
    datasets.DatasetDict({
        "train": datasets.Dataset.from_dict({k: v[:half] for k, v in cols.items()}),
        "test": datasets.Dataset.from_dict({k: v[half:] for k, v in cols.items()}),
    }).save_to_disk(str(tmp_path / "saved"))
    docs = Corpus.from_dir(CORPUS).docs
    pq.write_table(pa.table({"name": list(docs), "body": list(docs.values())}), tmp_path / "docs.parquet")
    config = tmp_path / "assay.toml"
    config.write_text('[run]\nseeds_split = "test"\n' + MAPPING_TOML
                      + '[run.corpus_columns]\nid = "name"\ntext = "body"\n')
    r = run(fake, tmp_path / "saved", tmp_path / "run", config, corpus=tmp_path / "docs.parquet")
    assert r.returncode == 0, r.stderr
    got = records(tmp_path / "run")
    assert sorted(rec["seed"]["id"] for rec in got) == sorted(row["id"] for row in DEMO[half:])
    assert outcomes(tmp_path / "run") == {row["id"]: jsonl_outcomes[row["id"]] for row in DEMO[half:]}


def test_csv_with_a_missing_mapped_column_is_exit_2_naming_it(fake, tmp_path):
    seeds = tmp_path / "seeds.csv"
    seeds.write_text("qid,prompt\nq1,How many moons does Mars have?\n")
    config = tmp_path / "assay.toml"
    config.write_text('[run.seed_columns]\nid = "qid"\nquestion = "question_text"\n')
    sent = len(fake.requests)
    r = run(fake, seeds, tmp_path / "run", config)
    assert r.returncode == 2, r.stderr
    assert f"{seeds}: column 'question_text' not found (mapped by run.seed_columns.question)" in r.stderr
    assert "the source has columns: qid, prompt" in r.stderr
    assert len(fake.requests) == sent  # refused before any request


def test_bad_rows_name_source_row_and_column(tmp_path):
    seeds = tmp_path / "seeds.parquet"
    pq.write_table(pa.table({"qid": ["a", "b", "a", "d"], "prompt": ["What?", None, "Why?", "How?"]}), seeds)
    columns = {"id": "qid", "question": "prompt"}
    with pytest.raises(BadSeed) as e:
        list(read_seeds(seeds, columns=columns))
    assert str(e.value).startswith(f"{seeds} row 2: column 'prompt' (question) holds nothing (null), not text")
    warned: list[str] = []
    kept = list(read_seeds(seeds, columns=columns, on_bad="skip", warn=warned.append))
    assert [s.id for s in kept] == ["a", "d"]
    assert warned[1] == f"skipping {seeds} row 3: duplicate seed id 'a' (column 'qid'); ids must be unique"
    pq.write_table(pa.table({"qid": ["a"], "prompt": [7]}), seeds)
    with pytest.raises(BadSeed, match=r"row 1: column 'prompt' \(question\) holds int 7, not text"):
        list(read_seeds(seeds, columns=columns))


def test_jsonl_without_a_mapping_keeps_its_file_and_line_errors(tmp_path):
    seeds = tmp_path / "seeds.jsonl"
    seeds.write_text('{"id": "a", "question": "What?"}\n{"id": "a", "question": "Again?"}\n')
    with pytest.raises(BadSeed, match=f"^{seeds}:2: duplicate seed id 'a'; ids must be unique within a file; "):
        list(read_seeds(seeds))


def test_200k_row_parquet_is_streamed(tmp_path):
    """Peak RSS of a subprocess reading every one of 200,000 fat rows (~200 MB of questions) against one reading
    the first 1,000: streamed, the difference is the ids' set, not the rows."""
    seeds = tmp_path / "big.parquet"
    n, pad = 200_000, "x" * 1000
    writer = None
    for start in range(0, n, 20_000):
        ids = [f"q{i}" for i in range(start, start + 20_000)]
        batch = pa.table({"qid": ids, "prompt": [f"Question {i}? {pad}" for i in ids]})
        writer = writer or pq.ParquetWriter(seeds, batch.schema, compression="none")
        writer.write_table(batch)
    writer.close()
    probe = textwrap.dedent("""
        import resource, sys
        from assay.seeds import read_seeds
        limit = int(sys.argv[2])
        count = 0
        for seed in read_seeds(sys.argv[1], columns={"id": "qid", "question": "prompt"}):
            count += 1
            if count == limit:
                break
        print(count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux
    """)

    def peak(limit: int) -> tuple[int, int]:
        r = subprocess.run([sys.executable, "-c", probe, str(seeds), str(limit)], capture_output=True, text=True,
                           timeout=300)
        assert r.returncode == 0, r.stderr
        count, kib = r.stdout.split()
        return int(count), int(kib)

    few, few_kib = peak(1_000)
    every, every_kib = peak(0)
    assert (few, every) == (1_000, n)
    # measured here: ~70 MB more (the ids kept for the duplicate check, arrow's reused buffers); the questions
    # alone, held, would be over 200 MB more
    assert every_kib - few_kib < 120_000, (few_kib, every_kib)


def test_parquet_corpus_gives_the_same_sentence_ids_as_files(tmp_path):
    files = Corpus.from_dir(CORPUS)
    path = tmp_path / "docs.parquet"
    pq.write_table(pa.table({"doc_id": list(files.docs), "content": list(files.docs.values())}), path)
    table = Corpus.load(path, {"id": "doc_id", "text": "content"})
    assert table.docs == files.docs and len(files.docs) > 1
    for sid in files.docs:
        assert [(u.ref, u.text) for u in table.units(sid)] == [(u.ref, u.text) for u in files.units(sid)]
        assert table.numbered(sid) == files.numbered(sid)
    ref = next(u.ref for u in files.units("mars") if u.ref)
    assert table.sentence(ref).text == files.sentence(ref).text


def test_corpus_table_refusals_and_the_resume_fingerprint(tmp_path):
    path = tmp_path / "docs.parquet"
    pq.write_table(pa.table({"id": ["a", "b", "a"], "text": ["One. Two.", "Three.", "Four."]}), path)
    with pytest.raises(UsageError, match=r"row 3: duplicate document id 'a' \(also row 1\)"):
        Corpus.load(path)
    with pytest.raises(UsageError, match=r"column 'content' not found \(mapped by run.corpus_columns.text\)"):
        Corpus.load(path, {"text": "content"})
    # resume compares the documents' ids and texts: a changed text is a changed corpus
    cfg = Config.model_validate({"run": {"seeds": str(demo_seeds_path()), "corpus": str(path)}})
    pq.write_table(pa.table({"id": ["a", "b"], "text": ["One. Two.", "Three."]}), path)
    before = settings._corpus_print(cfg)
    pq.write_table(pa.table({"id": ["a", "b"], "text": ["One. Two.", "Three!"]}), path)
    after = settings._corpus_print(cfg)
    assert before.startswith("2 documents, sha256 ") and before != after


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF whose text layer is `text` (Helvetica, one line), offsets computed."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_html_and_pdf_documents_in_a_corpus_folder(tmp_path):
    html = tmp_path / "html"
    html.mkdir()
    (html / "mars.html").write_text(
        "<html><head><title>x</title><style>p {color: red}</style></head><body><h1>Mars &amp; its moons</h1>"
        "<p>Mars has two moons.\n Phobos is the larger one.</p><ul><li>Phobos</li><li>Deimos</li></ul>"
        "<script>var a = 1;</script></body></html>")
    md = tmp_path / "md"
    md.mkdir()
    (md / "mars.md").write_text("# Mars & its moons\n\nMars has two moons. Phobos is the larger one.\n\n"
                                "- Phobos\n- Deimos\n")
    from_html, from_md = Corpus.from_dir(html), Corpus.from_dir(md)
    assert from_html.docs == from_md.docs  # the visible text, as Markdown: no style, script or title
    assert [(u.ref, u.text) for u in from_html.units("mars")] == [(u.ref, u.text) for u in from_md.units("mars")]
    assert from_html.sentence("mars#2").text == "Phobos is the larger one."
    pdf = tmp_path / "pdf"
    pdf.mkdir()
    (pdf / "deimos.pdf").write_bytes(tiny_pdf("Deimos is the smaller moon of Mars."))
    try:
        import pypdf  # noqa: F401  (optional: read when installed)
    except ImportError:
        with pytest.raises(UsageError, match=r"deimos.pdf: a PDF, and pypdf is not installed; pip install pypdf"):
            Corpus.from_dir(pdf)
    else:
        assert Corpus.from_dir(pdf).sentence("deimos#1").text == "Deimos is the smaller moon of Mars."


def test_a_hub_id_is_streamed_through_load_dataset_with_its_split(monkeypatch):
    """The Hub is unreachable here: load_dataset is replaced at its import, and the call it gets is checked."""
    calls = []

    def load_dataset(name, **kw):
        calls.append((name, kw))
        return iter([{"q": "What is Mars?", "n": 7}, {"q": "What is water?", "n": 8}])

    monkeypatch.setattr(datasets, "load_dataset", load_dataset)
    seeds = list(read_seeds("hf:org/questions", columns={"question": "q", "id": "n"}, split="validation"))
    assert calls == [("org/questions", {"split": "validation", "streaming": True})]
    assert [(s.id, s.question) for s in seeds] == [("7", "What is Mars?"), ("8", "What is water?")]
    with pytest.raises(UsageError, match=r"hf:org/questions: a Hub dataset has no corpus folder beside it; pass "
                                         r"--corpus"):
        settings._corpus_print(Config.model_validate({"run": {"seeds": "hf:org/questions"}}))
