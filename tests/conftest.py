from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from assay.config import EndpointConfig
from assay.corpus import Corpus
from assay.local_server import LocalServer
from assay.seeds import demo_seeds_path

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory):
    """The real embedded llama.cpp server with the shipped SmolLM2 model, shared by the session."""
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with LocalServer(n_ctx=2048, log_path=log) as server:
        yield server


@pytest.fixture(scope="session")
def demo_corpus() -> Corpus:
    return Corpus.from_dir(demo_seeds_path().parent / "corpus")


def endpoint(**kw) -> EndpointConfig:
    kw.setdefault("base_url", "http://127.0.0.1:9/v1")
    kw.setdefault("model", "fake-model")
    kw.setdefault("max_retries", 2)
    kw.setdefault("timeout_s", 5)
    return EndpointConfig(**kw)


def run_async(coro):
    return asyncio.run(coro)
