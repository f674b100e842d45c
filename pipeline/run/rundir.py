"""The run directory: known by its journal, written by one run at a time, emptied only of what assay wrote.

    RUN/journal.sqlite        schema, format and run id: how assay knows a run directory is its own
    RUN/.assay-manifest.json  the files assay writes here, with the same run id (files.py)
    RUN/.assay-lock           flock'ed by the run writing here; holds its pid and host
    RUN/config.json, records.jsonl, summary.json, dataset/, server.log, vllm-NAME.log, error.log

A folder that holds anything else and no assay journal is refused (exit 5) before a byte is written
into it; `--fresh` deletes only the files the manifest lists, so the user's own files (and a `.git`)
stay. The journal and the manifest are written before anything else, so a run that fails later (a
server that does not start) leaves a run directory the same command resumes. A resume whose settings
would change what records hold is refused here, before any work (run/settings.py).
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import sys
import tempfile
import time
import traceback
import uuid
from dataclasses import dataclass
from pathlib import Path

from assay import __version__
from assay.config import Config
from assay.dataset.export import earlier_export
from assay.errors import AssayError, InternalError, RunStateError
from assay.files import MANIFEST, Manifest, read_manifest, remove_owned, storage_problem, write_manifest
from assay.journal import FILENAME, Journal, identify, is_blank, not_a_journal
from assay.run import settings as run_settings
from assay.secrets import redact

LOCK = ".assay-lock"
ERROR_LOG = "error.log"
JOURNAL_FILES = {FILENAME, f"{FILENAME}-wal", f"{FILENAME}-shm", f"{FILENAME}-journal"}
LAYOUT = JOURNAL_FILES | {LOCK, "config.json", "records.jsonl", "records.jsonl.tmp", "summary.json", "server.log",
                          ERROR_LOG, "dataset/", ".dataset.partial/", ".dataset.old/"}


@dataclass
class _Found:
    kind: str  # new | run | unborn (a journal killed before its first commit) | foreign | foreign journal
    manifest: Manifest | None = None
    run_id: str | None = None


class RunDir:
    """`with RunDir(path, fresh=...)`: the folder checked, locked and ready; released (and errors translated) on exit.

    On exit, a write that failed for want of space or permission becomes a RunStateError naming the file
    and the fix; any other unexpected exception becomes an InternalError whose traceback is in RUN/error.log.
    """

    def __init__(self, path: Path, *, fresh: bool = False, files: set[str] = frozenset(),
                 cfg: Config | None = None):
        self.path = Path(path)
        self.fresh = fresh
        self.cfg = cfg  # the settings of this part of the run: a resume that changes them is refused (run/settings.py)
        self.files = LAYOUT | set(files)  # everything this run may write here, listed before it is written
        self.run_id: str | None = None
        self._lock_fd: int | None = None

    def __enter__(self) -> "RunDir":
        try:
            self._open()
        except BaseException as e:
            self.__exit__(type(e), e, e.__traceback__)
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            translated = self._translated(exc) if exc is not None else None
        finally:
            self._unlock()
        if translated is not None and translated is not exc:
            raise translated from exc

    # -- opening ------------------------------------------------------------------------------------

    def _open(self) -> None:
        path = self.path
        if path.is_symlink() and (self.fresh or not path.exists()):
            raise RunStateError(f"--out {path} is a symbolic link to {os.readlink(path)}" + (
                "; --fresh does not delete through a link: pass the folder itself, or drop --fresh" if self.fresh
                else ", which does not exist: pass an existing folder or a new path"))
        if path.exists() and not path.is_dir():
            raise RunStateError(f"--out {path} is a file, not a folder; pass the run directory's folder "
                                "(it is created if missing)")
        self._refuse_foreign(_inspect(path))  # before a byte is written: a foreign folder gets not even a lock
        path.mkdir(parents=True, exist_ok=True)
        self._lock()
        found = _inspect(path)  # again, now that no other run can change it
        self._refuse_foreign(found)
        if self.fresh and (found.kind != "new" or found.manifest is not None):
            trusted = found.manifest is not None and found.run_id in (None, found.manifest.run_id)
            owned = found.manifest.files if trusted else _derived(path)
            remove_owned(path, Manifest("run", owned), keep={LOCK}, keep_folder=True)
            found = _Found("new")
        elif found.kind == "unborn":
            remove_owned(path, Manifest("run", JOURNAL_FILES), keep_folder=True)
            found = _Found("new", found.manifest)
        if found.kind == "new":
            earlier = found.manifest or Manifest("run")
            self.run_id = earlier.run_id or uuid.uuid4().hex
            write_manifest(path, Manifest("run", earlier.files | self.files, self.run_id))
            journal = Journal(path, run_id=self.run_id)  # listed in the manifest before it exists
        else:
            journal = Journal(path)  # checks the format; gives a run id to a journal from before run ids
            self.run_id = journal.run_id
            trusted = found.manifest is not None and found.manifest.run_id == self.run_id
            write_manifest(path, Manifest("run", (found.manifest.files if trusted else _derived(path)) | self.files,
                                          self.run_id))
        try:
            self._check_settings(journal)
        finally:
            journal.close()
        earlier_export(path / "dataset")  # the run ends by replacing it: a folder it may not replace is refused now

    def _check_settings(self, journal: Journal) -> None:
        """A resume goes on with the settings its records were made with, or says what changed (run/settings.py)."""
        if self.cfg is None:
            return
        changed = run_settings.check(journal, run_settings.part(self.cfg), allow=self.cfg.run.allow_changed_config,
                                     where=f"--out {self.path}", legacy=lambda: _legacy_settings(self.path))
        if changed:
            print(f"note: {self.path} now holds records made with two sets of settings (--allow-changed-config); its "
                  "journal keeps each part's:\n  " + "\n  ".join(run_settings.describe(changed)), file=sys.stderr)

    def _refuse_foreign(self, found: _Found) -> None:
        if not found.kind.startswith("foreign"):
            return
        self._unlock()
        if found.kind == "foreign journal":
            raise not_a_journal(self.path / FILENAME)
        if self.fresh:
            raise RunStateError(f"{self.path} is not an assay run directory (it holds no assay journal); refusing to "
                                "delete anything in it with --fresh. Choose another --out")
        raise RunStateError(f"{self.path} exists, is not empty and holds no assay journal; choose another --out "
                            "(assay writes only into a new or empty folder, or into a run directory it made)")

    # -- one writer ---------------------------------------------------------------------------------

    def _lock(self) -> None:
        """Hold RUN/.assay-lock while the run writes; the kernel releases it when the process dies, however."""
        fd = os.open(self.path / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(os.pread(fd, 4096, 0))
            os.close(fd)
            raise RunStateError(f"{self.path} is in use by another assay run ({holder}); wait for it to finish or "
                                "stop it, or choose another --out (two runs on one folder would pay for the same "
                                "seeds twice)") from None
        previous = os.pread(fd, 4096, 0)
        if previous.strip():  # a clean exit empties the file: this holder was killed
            print(f"note: {self.path}: taking over the lock of a run that ended without releasing it "
                  f"({_holder(previous)}; no longer running)", file=sys.stderr)
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                  "since": time.strftime("%Y-%m-%dT%H:%M:%S%z")}).encode(), 0)
        self._lock_fd = fd

    def _unlock(self) -> None:
        fd, self._lock_fd = self._lock_fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)  # closing releases the flock

    # -- errors -------------------------------------------------------------------------------------

    def _translated(self, e: BaseException) -> BaseException:
        """What the CLI should report for an exception leaving the run (the exception itself if it is ours)."""
        if isinstance(e, AssayError) or not isinstance(e, Exception):
            return e
        problem = storage_problem(e)
        if problem is not None:
            what, space = problem
            where = getattr(e, "filename", None) or self.path
            fix = ("free some space (or pass --out a folder on another disk), then rerun the same command: finished "
                   "seeds are kept" if space else "pass --out a folder you can write to")
            detail = "" if isinstance(e, OSError) else f" ({_one_line(e)})"  # an OSError's text repeats `what`
            return RunStateError(f"cannot write {where}: {what}{detail}; {fix}")
        return internal_error(e, self.path if self._lock_fd is not None else None)  # a log only in a folder of ours


def internal_error(e: BaseException, folder: Path | None) -> InternalError:
    """Save the traceback (RUN/error.log, or a temp file) and say where, in one line."""
    text = redact("".join(traceback.format_exception(e)))
    header = f"--- assay {__version__}, {time.strftime('%Y-%m-%d %H:%M:%S')}, argv {sys.argv}\n"
    log = None
    if folder is not None:
        with contextlib.suppress(OSError):
            with open(folder / ERROR_LOG, "a", encoding="utf-8") as f:
                f.write(header + text)
            log = folder / ERROR_LOG
    if log is None:
        with contextlib.suppress(OSError):
            fd, name = tempfile.mkstemp(prefix="assay-error-", suffix=".log")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(header + text)
            log = Path(name)
    where = f"the traceback is in {log}" if log else "the traceback could not be saved (no writable folder)"
    return InternalError(f"unexpected internal error (a bug): {type(e).__name__}: {_one_line(e)}; {where}: "
                         "please report it with that file")


def _inspect(path: Path) -> _Found:
    """What the folder is, read without writing anything."""
    if not path.is_dir():
        return _Found("new")
    manifest = read_manifest(path)
    if manifest is not None and manifest.kind != "run":
        manifest = None
    journal = path / FILENAME
    if journal.exists() or journal.is_symlink():
        found = identify(journal)
        if found is not None:
            return _Found("run", manifest, found[1])
        if manifest is not None and FILENAME in manifest.files and not journal.is_symlink() and is_blank(journal):
            return _Found("unborn", manifest)
        return _Found("foreign journal")
    if manifest is not None:
        return _Found("new", manifest)  # assay's folder; the journal is not written yet
    if {p.name for p in path.iterdir()} <= {LOCK}:
        return _Found("new")
    return _Found("foreign")


def _legacy_settings(path: Path) -> dict | None:
    """The settings of a run written before the journal kept them, from its config.json (None if unreadable)."""
    try:
        return run_settings.of_config(Config.model_validate_json((path / "config.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):  # pydantic's ValidationError is a ValueError
        return None


def _derived(path: Path) -> set[str]:
    """The files a run directory written before manifests holds: assay's own names."""
    return LAYOUT | {p.name for p in path.glob("vllm-*.log")} | {MANIFEST}


def _holder(raw: bytes) -> str:
    try:
        info = json.loads(raw.decode())
        return f"pid {info['pid']} on host {info['host']}, since {info['since']}"
    except (ValueError, KeyError, TypeError):
        return "holder unknown"


def _one_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return (text[0][:300] if text else "") or type(e).__name__
