from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from assay.config import EndpointConfig
from assay.corpus import Corpus
from assay.endpoint.llama_server import LocalServer
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


def as_from_a_terminal() -> None:
    """preexec_fn for a child the test will Ctrl-C: SIGINT back to its default disposition.

    A shell without job control starts background commands (`cmd &`) with SIGINT ignored, the child
    inherits that, and Python then leaves SIGINT ignored (as nohup intends): a suite started that
    way would send a SIGINT no user's Ctrl-C could be, and wait for a run that never hears it.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
