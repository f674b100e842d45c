"""A scratch folder that goes when the process that made it goes, even by SIGKILL.

A temporary folder is removed by the process that made it, which SIGKILL gives no chance. Here a small
watchdog process holds the read end of a pipe whose write end only the maker holds: when the maker closes
it or dies, however, the watchdog reads end-of-file and removes the folder. For the rare place that needs
files in a folder (an export read back as a dataset); elsewhere assay keeps scratch in memory or in
unlinked files.
"""
from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

_WATCH = "import shutil, sys; sys.stdin.buffer.read(); shutil.rmtree(sys.argv[1], ignore_errors=True)"


@contextlib.contextmanager
def scratch_dir(prefix: str) -> Iterator[Path]:
    """`with scratch_dir("assay-x-") as path:` a new folder in the temp dir, removed on exit or on death."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    read_end, write_end = os.pipe()  # not inherited by other children: only this process holds write_end
    try:
        # Its own session: a Ctrl-C to our process group does not stop it before it has cleaned up.
        watchdog = subprocess.Popen([sys.executable, "-c", _WATCH, str(path)], stdin=read_end,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except BaseException:
        os.close(write_end)
        os.rmdir(path)
        raise
    finally:
        os.close(read_end)
    try:
        yield path
    finally:
        os.close(write_end)
        watchdog.wait()
