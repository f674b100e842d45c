"""The error tree; errors are translated where they enter and mapped to exit codes only in the CLI.

    AssayError
    ├── UsageError            bad input: config, seeds, flags          exit 2
    ├── EndpointError         the inference endpoint                   exit 3
    │   ├── EndpointUnavailable   unreachable / dead after retries
    │   ├── EndpointRejected      4xx that retrying cannot fix (auth, bad model, context length)
    │   └── EndpointResponseError a reply we cannot use (no choices, not JSON)
    ├── LocalServerError      a server assay launches (llama.cpp, vLLM)  exit 4
    ├── RunStateError         run directory conflicts / incompatible    exit 5
    ├── PublishError          the Hugging Face Hub                      exit 6
    ├── SandboxUnavailable    no OS boundary for model-written code     exit 7
    └── Interrupted           SIGINT / SIGTERM; resumable               exit 130
"""
from __future__ import annotations


class AssayError(Exception):
    exit_code = 1


class UsageError(AssayError):
    exit_code = 2


class EndpointError(AssayError):
    exit_code = 3

    def __init__(self, message: str, *, endpoint: str = "", status: int | None = None, retryable: bool = False,
                 overload: bool = False):
        super().__init__(message)
        self.endpoint = endpoint
        self.status = status
        self.retryable = retryable
        self.overload = overload  # the server is saturated (429, 503, timeout): send less
        self.retry_after: float | None = None  # seconds the server asked us to wait, if it said


class EndpointUnavailable(EndpointError):
    pass


class EndpointRejected(EndpointError):
    pass


class EndpointResponseError(EndpointError):
    pass


class LocalServerError(AssayError):
    exit_code = 4


class RunStateError(AssayError):
    exit_code = 5


class PublishError(AssayError):
    exit_code = 6


class SandboxUnavailable(AssayError):
    """The OS boundary for model-written code cannot be set up; such code is refused, never run unconfined."""
    exit_code = 7


class Interrupted(AssayError):
    exit_code = 130


EXIT_CODES = {
    0: "success (the run finished; rejected and failed seeds are records, not errors)",
    1: "unexpected internal error (a bug: please report it with the traceback)",
    2: "bad input: config, seeds or flags (the message names the file, line or key)",
    3: "endpoint error: unreachable, rejected the request, or dead after retries",
    4: "a server assay launches (the embedded llama.cpp server, vLLM) could not start",
    5: "run directory conflict or incompatible run directory",
    6: "publishing to the Hugging Face Hub failed",
    7: "model-written code was asked to run but the sandbox (bubblewrap) cannot be set up here",
    130: "interrupted (SIGINT/SIGTERM); rerun the same command to resume",
}
