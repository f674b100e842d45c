"""The error tree; errors are translated where they enter and mapped to exit codes only in the CLI.

    AssayError
    ├── InternalError         a bug; its traceback is in a log file    exit 1
    ├── UsageError            bad input: config, seeds, flags          exit 2
    ├── EndpointError         the inference endpoint                   exit 3
    │   ├── EndpointUnavailable   unreachable / dead after retries
    │   ├── EndpointRejected      4xx that retrying cannot fix (auth, bad model, context length)
    │   └── EndpointResponseError a reply we cannot use (no choices, not JSON)
    ├── LocalServerError      a server assay launches (llama.cpp, vLLM)  exit 4
    ├── RunStateError         run dir / export folder unusable         exit 5
    ├── PublishError          the Hugging Face Hub                      exit 6
    ├── SandboxUnavailable    no OS boundary for model-written code     exit 7
    ├── Interrupted           SIGINT / SIGTERM; resumable               exit 130
    └── EpisodeFailed         an episode ended without an insight: the seed's failed record
        └── SeedBudgetExhausted   the seed's own token or cost budget is spent

Internal signals, never shown as such to a user:
    BudgetExhausted (BaseException)  a run budget is spent: the scheduler stops, seeds stay pending
    MalformedAction (ValueError)      a reply is not the requested JSON: fed back to the model
    ToolError                         a tool refused its input: the model's observation

Where each is translated: transport failures become EndpointError in the endpoint client; a dead
endpoint stops the run in Job.attempt; a stage that raises becomes a rejecting Verdict in run_stages;
a bad seed line is BadSeed (a UsageError); a Hub failure is PublishError; a write that fails for want of
space or permission becomes RunStateError where the run directory or export folder is written (run/rundir.py,
dataset/export.py), and any other exception becomes InternalError there or in the CLI.
"""
from __future__ import annotations


class AssayError(Exception):
    exit_code = 1


class InternalError(AssayError):
    """An exception nobody expected: the message is one line and names the file holding its traceback."""
    exit_code = 1


class UsageError(AssayError):
    exit_code = 2


class EndpointError(AssayError):
    exit_code = 3

    def __init__(self, message: str, *, endpoint: str = "", status: int | None = None, retryable: bool = False,
                 overload: bool = False, retry_after: float | None = None):
        super().__init__(message)
        self.endpoint = endpoint
        self.status = status
        self.retryable = retryable
        self.overload = overload  # the server is saturated (429, 503, timeout): send less
        self.retry_after = retry_after  # seconds the server asked us to wait, if it said

    def gave_up(self, retries: int) -> "EndpointError":
        """The same error, saying how many retries were spent on it."""
        return type(self)(f"{self} (gave up after {retries} retries)", endpoint=self.endpoint, status=self.status,
                          retryable=self.retryable, overload=self.overload, retry_after=self.retry_after)


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


class EpisodeFailed(AssayError):
    """The episode ended without an insight; the message is the record's reason."""


class SeedBudgetExhausted(EpisodeFailed):
    """This seed's budget is spent: the seed ends as a failed record that says so."""


class BudgetExhausted(BaseException):
    """A run budget is spent: scheduling stops and seeds in flight stay pending for a resume.

    A BaseException, like cancellation, so no `except Exception` on its way (validator stages fail
    closed that way) turns it into a rejected record.
    """


class MalformedAction(ValueError):
    """The reply could not be read as the requested JSON; the message is fed back to the model."""


class ToolError(Exception):
    """A tool refused its input; the message goes back to the model as the observation."""


EXIT_CODES = {
    0: "success (the run finished; rejected and failed seeds are records, not errors)",
    1: "unexpected internal error (a bug: please report it with the log file the message names)",
    2: "bad input: config, seeds or flags (the message names the file, line or key)",
    3: "endpoint error: unreachable, refused our key, model or request, or seeds left pending after endpoint errors (rerun to retry them)",
    4: "a server assay launches (the embedded llama.cpp server, vLLM) could not start",
    5: "run directory or output folder unusable: in use by another run, not made by assay, not writable, disk full, "
       "or written by an incompatible version",
    6: "publishing to the Hugging Face Hub failed",
    7: "model-written code was asked to run but the sandbox (bubblewrap) cannot be set up here",
    130: "interrupted (SIGINT/SIGTERM); rerun the same command to resume",
}
