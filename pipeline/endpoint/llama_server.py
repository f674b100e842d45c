"""The embedded endpoint: llama-cpp-python's OpenAI server on a free loopback port, never left orphaned."""
from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import BinaryIO

from assay.errors import LocalServerError
from assay.profiles import LOCAL_HINT, MODEL_ALIAS, find_gguf
from assay.endpoint.server_process import ServerProcess, free_port

__all__ = ["LocalServer", "MODEL_ALIAS", "find_gguf", "free_port"]

class LocalServer(ServerProcess):
    """The embedded llama.cpp server (one request at a time; see DESIGN.md for what it supports)."""

    what = "the embedded llama.cpp server"

    def __init__(self, *, n_ctx: int = 2048, log_path: Path | None = None, port: int | None = None,
                 threads: int | None = None, startup_timeout_s: float = 180.0, log_file: BinaryIO | None = None):
        super().__init__(port=port, log_path=log_path, startup_timeout_s=startup_timeout_s, log_file=log_file)
        self.n_ctx = n_ctx
        self.threads = threads or max(1, os.cpu_count() or 1)

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "llama_cpp.server",
            "--model", str(find_gguf()),
            "--model_alias", MODEL_ALIAS,
            "--host", "127.0.0.1", "--port", str(self.port),
            "--n_ctx", str(self.n_ctx),
            "--n_threads", str(self.threads),
            "--seed", "0",
        ]

    def check_installed(self) -> None:
        if importlib.util.find_spec("llama_cpp") is None:
            raise LocalServerError(f"llama-cpp-python is not installed; {LOCAL_HINT}")
