"""`assay publish`: export a run, then upload the export to a Hugging Face dataset repo in one commit.

Idempotent by construction: the export is deterministic, the Hub client asks the Hub for the hash
of every file already there (preupload) and drops unchanged ones, and a commit with nothing left is
skipped. An interrupted publish resumes: uploaded LFS objects are kept by the Hub and not sent again,
and the commit itself is atomic. Every Hub error becomes a PublishError that says what to do.
"""
from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2
from huggingface_hub import CommitOperationAdd, CommitOperationDelete, HfApi
from huggingface_hub.errors import HfHubHTTPError
from huggingface_hub.utils import disable_progress_bars

from assay import __version__
from assay.dataset.card import CardOptions
from assay.errors import PublishError, UsageError
from assay.dataset.export import ExportResult, export_run
from assay.dataset.scan import find_leaks
from assay.secrets import hub_token

REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")
MANAGED = "data/"  # remote files under here that the export no longer has are deleted in the same commit
TOKENS_URL = "https://huggingface.co/settings/tokens"


@dataclass
class PublishResult:
    url: str
    commit: str
    changed: bool
    export: ExportResult
    notes: list[str]


def publish(run_dir: Path, repo_id: str, *, private: bool = False, revision: str | None = None,
            opts: CardOptions | None = None, allow_secrets: bool = False) -> PublishResult:
    """Export `run_dir` into `run_dir/dataset` and make the Hub repo's `revision` hold exactly that export."""
    if not REPO_ID.match(repo_id) or "--" in repo_id or ".." in repo_id:
        raise UsageError(f"--repo {repo_id!r}: expected OWNER/NAME (letters, digits, '-', '_', '.'), "
                         "e.g. --repo alice/mars-insights")
    token = hub_token()
    if not token:
        raise UsageError("publishing needs a Hugging Face token with write access: create one at "
                         f"{TOKENS_URL} and export HF_TOKEN=<token>. Nothing was uploaded.")
    opts = opts or CardOptions()
    opts.repo_id = repo_id
    export = export_run(Path(run_dir), Path(run_dir) / "dataset", opts)
    found = [] if allow_secrets else find_leaks(export.out_dir, export.files)
    if found:
        raise PublishError("refusing to upload: the export holds what looks like a secret:\n  " + "\n  ".join(found)
                           + f"\nRemove those rows (or rotate the key), or, if they are not secrets, rerun with "
                           f"--publish-despite-secrets. Nothing was uploaded; the export is in {export.out_dir}.")
    if not sys.stderr.isatty():
        disable_progress_bars()  # upload bars are for people watching, not for logs
    api = HfApi(token=token, library_name="assay", library_version=__version__)
    owner = repo_id.split("/")[0]
    branch = revision or "main"
    notes: list[str] = []

    def step(what: str):
        return _hub_errors(what, api.endpoint, repo_id, export.out_dir)

    with step("checking the token"):
        me = api.whoami()
    _check_can_write(me, owner, repo_id, export.out_dir)
    with step(f"creating the dataset repo {repo_id}"):
        api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
    if revision:
        with step(f"creating branch {revision!r}"):
            api.create_branch(repo_id, repo_type="dataset", branch=revision, exist_ok=True)
    with step(f"reading {repo_id}@{branch}"):
        info = api.dataset_info(repo_id, revision=branch)
        remote = api.list_repo_files(repo_id, repo_type="dataset", revision=branch)
    if private and info.private is False:
        notes.append(f"{repo_id} already exists and is public; --private only applies when assay creates the repo")
    local = set(export.files)
    operations = [CommitOperationAdd(path_in_repo=f, path_or_fileobj=str(export.out_dir / f)) for f in export.files]
    operations += [CommitOperationDelete(path_in_repo=f) for f in sorted(remote)
                   if f.startswith(MANAGED) and f not in local]
    with step(f"uploading to {repo_id}@{branch}"):
        commit = api.create_commit(repo_id, operations, repo_type="dataset", revision=revision,
                                   commit_message=commit_message(export), commit_description=_description(export))
    url = f"{api.endpoint}/datasets/{repo_id}" + (f"/tree/{revision}" if revision else "")
    return PublishResult(url=url, commit=commit.oid, changed=commit.oid != info.sha, export=export, notes=notes)


def commit_message(export: ExportResult) -> str:
    r = export.rows
    return (f"assay export: {r['insights']} insights, {r['rejected']} rejected, "
            f"{r['preferences']} preference pairs")


def _description(export: ExportResult) -> str:
    rows = ", ".join(f"{name} {n}" for name, n in export.rows.items())
    return f"Written by `assay publish` (assay {__version__}). Rows per config: {rows}."


def _check_can_write(me: dict, owner: str, repo_id: str, export_dir: Path) -> None:
    """Fail before uploading anything when the token cannot write to the repo's namespace."""
    user = me.get("name", "")
    orgs = [o.get("name", "") for o in me.get("orgs") or []]
    role = ((me.get("auth") or {}).get("accessToken") or {}).get("role")
    if role == "read":
        raise PublishError(f"HF_TOKEN is a read-only token (user {user}); publishing needs write access. "
                           f"Create a write token at {TOKENS_URL} and export HF_TOKEN=<token>. Nothing was uploaded; "
                           f"the local export is in {export_dir}.")
    if owner not in {user, *orgs}:
        mine = ", ".join([user, *orgs])
        raise PublishError(f"{repo_id} belongs to {owner!r}, and HF_TOKEN's user {user!r} is not a member: "
                           f"publish under a namespace the token can write to (one of: {mine}), "
                           f"e.g. --repo {user}/{repo_id.split('/')[1]}. Nothing was uploaded; "
                           f"the local export is in {export_dir}.")


@contextlib.contextmanager
def _hub_errors(what: str, endpoint: str, repo_id: str, export_dir: Path) -> Iterator[None]:
    """Translate the Hub client's errors where they enter; the local export is never touched here."""
    tail = f" The local export in {export_dir} is intact."
    try:
        yield
    except HfHubHTTPError as e:
        raise PublishError(_http_message(e, what, repo_id) + tail) from None
    except (httpx2.TransportError, OSError) as e:
        raise PublishError(_network_message(e, what, endpoint) + tail) from None
    except RuntimeError as e:  # the client wraps LFS upload failures; the cause says which
        cause = e.__cause__
        if isinstance(cause, HfHubHTTPError):
            raise PublishError(_http_message(cause, what, repo_id) + tail) from None
        if isinstance(cause, (httpx2.TransportError, OSError)):
            raise PublishError(_network_message(cause, what, endpoint) + tail) from None
        raise
    except ValueError as e:  # the Hub refused the card's metadata (validate-yaml) or sent a malformed reply
        raise PublishError(f"the Hub rejected the upload while {what}: {e}. Fix the card options "
                           "(--license, --language, --pretty-name) and rerun." + tail) from None


def _http_message(e: HfHubHTTPError, what: str, repo_id: str) -> str:
    status = e.response.status_code if e.response is not None else None
    said = f" The Hub said: {e.server_message.strip().rstrip('.')}." if e.server_message else ""
    owner = repo_id.split("/")[0]
    if status == 401:
        return (f"the Hub rejected HF_TOKEN while {what} (401): the token is invalid, expired or revoked. "
                f"Create a new token with write access at {TOKENS_URL} and export HF_TOKEN=<token>.{said}")
    if status == 403:
        return (f"the Hub refused {what} (403 forbidden): HF_TOKEN may not write to {repo_id}. Use a token with "
                f"write access to {owner!r} (a fine-grained token needs write permission on it), or publish "
                f"under your own namespace.{said}")
    if status == 404:
        return (f"the Hub found no {repo_id} (or no such branch) while {what} (404), or HF_TOKEN cannot see it. "
                f"Check --repo and --revision.{said}")
    if status is not None and (status == 429 or status >= 500):
        return (f"the Hub answered {status} while {what}: it is busy or failing. Wait a little and rerun the "
                f"same command; files already uploaded are not sent again.{said}")
    return f"the Hub answered {status} while {what}.{said}"


def _network_message(e: BaseException, what: str, endpoint: str) -> str:
    return (f"could not reach the Hub at {endpoint} while {what} ({type(e).__name__}). Check the network "
            "connection (and HF_ENDPOINT, if set), then rerun the same command; files already uploaded "
            "are not sent again.")
