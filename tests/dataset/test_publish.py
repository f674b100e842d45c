"""`assay publish` through the real CLI and the real `huggingface_hub` client, against the FAKE Hub at the wire.

The run comes from the real runner against a FAKE model (sampled_run.py; no model needed). Each publish is a real
subprocess with HF_ENDPOINT pointing at the fake; tests assert what arrived there, that unchanged
data makes no commit, that an interrupted publish resumes, and that each failure says what to do.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import datasets
import pytest
from huggingface_hub import DatasetCard

from fakes.hub import Account, FakeHub, File
from fakes.openai import FakeOpenAI
from fakes.research import research_handler, write_seeds
from fakes.sampled import sampled_run

ALICE = "hf_alice_Wr1teT0ken_5ecret"
TOKENS = {ALICE: Account("alice", orgs={"acme": "write", "readers": "read"}),
          "hf_bob_ReadOnly_5ecret": Account("bob", role="read")}
OUTPUTS: list[str] = []  # every stdout/stderr of the module, checked for tokens at the end
HOMES: list[Path] = []  # every HF_HOME the client used


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    return sampled_run(tmp_path_factory.mktemp("publish"))


@pytest.fixture
def hub():
    with FakeHub(dict(TOKENS)) as fake:
        yield fake


def publish(hub_url: str, run: Path, *args: str, token: str | None = ALICE, home: Path):
    env = {k: v for k, v in os.environ.items() if k not in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")}
    # HF_HOME keeps the client away from any saved login; the fake speaks LFS, not Xet (see fake_hub.py).
    env.update(HF_ENDPOINT=hub_url, HF_HOME=str(home), HF_HUB_DISABLE_XET="1")
    HOMES.append(home)
    if token is not None:
        env["HF_TOKEN"] = token
    done = subprocess.run([sys.executable, "-m", "assay", "publish", str(run), *args], capture_output=True,
                          text=True, timeout=120, env=env)
    OUTPUTS.extend([done.stdout, done.stderr])
    return done


def local_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_publish_uploads_the_export_in_one_commit_and_it_loads(hub, run_dir, tmp_path):
    done = publish(hub.url, run_dir, "--repo", "alice/mars-insights", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(f"{hub.url}/datasets/alice/mars-insights")
    export = local_files(run_dir / "dataset")
    del export[".assay-manifest.json"]  # which files assay wrote: local bookkeeping, not part of the dataset
    commits = hub.commits("alice/mars-insights")
    assert len(commits) == 2  # the repo's initial commit, then exactly one with everything
    rows = {c: len(datasets.load_dataset(str(run_dir / "dataset"), c, split="train", cache_dir=str(tmp_path / "c")))
            for c in ("insights", "rejected", "sft", "preferences")}
    assert rows["preferences"] > 0
    assert commits[1].message == (f"assay export: {rows['insights']} insights, {rows['rejected']} rejected, "
                                  f"{rows['preferences']} preference pairs")
    assert "assay publish" in commits[1].description
    arrived = hub.files("alice/mars-insights")
    assert {p: d for p, d in arrived.items() if p != ".gitattributes"} == export
    assert hub.calls("lfs-put") == sum(p.endswith(".parquet") for p in export)
    card = DatasetCard(arrived["README.md"].decode())
    assert 'load_dataset("alice/mars-insights", "insights", split="train")' in card.text
    assert card.data.configs and not hub.repos["alice/mars-insights"].private
    # What arrived is a dataset: lay the received files out and load every config.
    received = tmp_path / "received"
    for path, data in arrived.items():
        (received / path).parent.mkdir(parents=True, exist_ok=True)
        (received / path).write_bytes(data)
    for config, n in rows.items():
        assert len(datasets.load_dataset(str(received), config, split="train", cache_dir=str(tmp_path / "c"))) == n


def test_unchanged_data_makes_no_commit_and_changes_replace_stale_files(hub, run_dir, tmp_path):
    assert publish(hub.url, run_dir, "--repo", "acme/demo", home=tmp_path).returncode == 0
    puts, commit_posts = hub.calls("lfs-put"), hub.calls("commit")
    first = hub.files("acme/demo")
    again = publish(hub.url, run_dir, "--repo", "acme/demo", home=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "no changes" in again.stdout
    assert hub.calls("commit") == commit_posts and hub.calls("lfs-put") == puts  # nothing sent, nothing committed
    assert len(hub.commits("acme/demo")) == 2
    # Someone's file outside data/ stays; a shard the export no longer has goes, in the same commit.
    head = hub.repos["acme/demo"].head("main")
    head.files["data/old/train-00000-of-00001.parquet"] = File(b"stale", True)
    head.files["NOTES.md"] = File(b"keep", False)
    changed = publish(hub.url, run_dir, "--repo", "acme/demo", "--sft-format", "answer", home=tmp_path)
    assert changed.returncode == 0, changed.stderr
    assert "published" in changed.stdout and len(hub.commits("acme/demo")) == 3
    arrived = hub.files("acme/demo")
    assert "data/old/train-00000-of-00001.parquet" not in arrived and arrived["NOTES.md"] == b"keep"
    export = local_files(run_dir / "dataset")
    del export[".assay-manifest.json"]
    assert {p: d for p, d in arrived.items() if p not in (".gitattributes", "NOTES.md")} == export
    # A shard's name carries its config's content digest: the configs the format changed got new names, and
    # their old shards went in the same commit; the others kept name and bytes, so nothing of theirs was sent.
    shards = lambda files: {p for p in files if p.endswith(".parquet")}
    new, gone = shards(arrived) - shards(first), shards(first) - shards(arrived)
    assert sorted(p.split("/")[1] for p in new) == sorted(p.split("/")[1] for p in gone) == ["preferences", "sft"]
    assert all(arrived[p] == first[p] for p in shards(arrived) - new)
    assert hub.calls("lfs-put") == puts + len(new)  # only the shards the format changed went up


def test_revision_and_private(hub, run_dir, tmp_path):
    done = publish(hub.url, run_dir, "--repo", "alice/priv", "--private", "--revision", "v2", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(f"{hub.url}/datasets/alice/priv/tree/v2")
    assert hub.repos["alice/priv"].private
    assert "README.md" in hub.files("alice/priv", "v2") and "README.md" not in hub.files("alice/priv", "main")
    assert publish(hub.url, run_dir, "--repo", "alice/priv", "--revision", "v2", home=tmp_path).returncode == 0
    assert len(hub.commits("alice/priv", "v2")) == 2  # rerun on the branch: still no new commit


def test_interrupted_publish_resumes_without_resending(hub, run_dir, tmp_path):
    hub.fail_next["commit"] = 500  # the Hub fails after every LFS object went up
    broken = publish(hub.url, run_dir, "--repo", "alice/resume", home=tmp_path)
    assert broken.returncode == 6
    assert "answered 500" in broken.stderr and "rerun the same command" in broken.stderr
    assert "intact" in broken.stderr and (run_dir / "dataset" / "README.md").exists()
    assert len(hub.commits("alice/resume")) == 1
    puts = hub.calls("lfs-put")
    assert puts > 0
    done = publish(hub.url, run_dir, "--repo", "alice/resume", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert hub.calls("lfs-put") == puts  # the Hub kept the objects: nothing uploaded twice
    assert len(hub.commits("alice/resume")) == 2


@pytest.mark.parametrize("token, repo, code, says", [
    (None, "alice/x", 2, "export HF_TOKEN="),
    ("hf_wrong_Token_5ecret", "alice/x", 6, "rejected HF_TOKEN while checking the token (401)"),
    ("hf_bob_ReadOnly_5ecret", "bob/x", 6, "read-only token"),
    (ALICE, "someone-else/x", 6, "belongs to 'someone-else'"),
    (ALICE, "readers/x", 6, "403 forbidden"),
    (ALICE, "not a repo", 2, "expected OWNER/NAME"),
])
def test_each_failure_says_what_to_do_and_keeps_the_export(hub, run_dir, tmp_path, token, repo, code, says):
    before = local_files(run_dir / "dataset")
    done = publish(hub.url, run_dir, "--repo", repo, token=token, home=tmp_path)
    assert done.returncode == code, done.stderr
    assert says in done.stderr and done.stderr.startswith("error: ")
    assert hub.calls("commit") == 0 and hub.calls("lfs-put") == 0
    after = local_files(run_dir / "dataset")  # intact: the card names the repo tried, the shards are as they were
    assert after.keys() == before.keys() and DatasetCard(after.pop("README.md").decode()).data.configs
    assert after == {p: d for p, d in before.items() if p != "README.md"}


def test_network_failure(run_dir, tmp_path):
    with socket.socket() as s:  # a port nobody listens on: connection refused, the real thing
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    done = publish(closed, run_dir, "--repo", "alice/x", home=tmp_path)
    assert done.returncode == 6
    assert f"could not reach the Hub at {closed}" in done.stderr and "rerun the same command" in done.stderr
    assert (run_dir / "dataset" / "README.md").exists()


def test_no_token_anywhere(hub, run_dir, tmp_path):
    """Every printed line of this module (its own publishes included), the run directory and the HF_HOMEs."""
    assert publish(hub.url, run_dir, "--repo", "alice/leak-check", home=tmp_path).returncode == 0
    assert publish(hub.url, run_dir, "--repo", "alice/x", token="hf_wrong_Token_5ecret", home=tmp_path).returncode == 6
    secrets = [*TOKENS, "hf_wrong_Token_5ecret"]
    for text in OUTPUTS:
        for secret in secrets:
            assert secret not in text
    for folder in [run_dir, *HOMES]:
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert not any(s.encode() in data for s in secrets), path


def test_publish_refuses_an_export_holding_a_token_and_names_file_and_row(hub, tmp_path):
    """A source sentence that carries a token-shaped canary ends up quoted in accepted records: publish scans
    every file it would upload and refuses, naming file and row, unless told explicitly to go on."""
    canary = "hf_" + "CANARYtoken" * 3
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "vault.md").write_text(f"The vault key is {canary} and it opens the door.\nNothing else is known.\n")
    seeds = tmp_path / "seeds.jsonl"
    write_seeds(seeds, 2, ["vault"])
    with FakeOpenAI(research_handler()) as fake:
        done = subprocess.run([sys.executable, "-m", "assay", "run", "--endpoint", fake.base_url, "--model",
                               "fake-model", "--seeds", str(seeds), "--corpus", str(corpus), "--out",
                               str(tmp_path / "run"), "--no-progress"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    refused = publish(hub.url, tmp_path / "run", "--repo", "alice/vault", home=tmp_path)
    assert refused.returncode == 6, refused.stderr
    assert "refusing to upload" in refused.stderr and "--publish-despite-secrets" in refused.stderr
    assert re.search(r"data/insights/train-00000-of-00001-[0-9a-f]{12}\.parquet: row 0, column ", refused.stderr)
    assert canary not in refused.stderr  # the finding is shown masked
    assert "alice/vault" not in hub.repos and not hub.calls("commit")
    forced = publish(hub.url, tmp_path / "run", "--repo", "alice/vault", "--publish-despite-secrets", home=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert any(canary.encode() in data for data in hub.files("alice/vault").values())
