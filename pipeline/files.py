"""The files assay writes in a folder, listed in a manifest beside them: the only files it ever replaces or deletes.

    .assay-manifest.json   {"kind": "run" | "export" | "staging", "files": [...], "run_id": ...}

A listed name ending in "/" is a folder with a manifest of its own (a run's `dataset/`). A `staging`
folder is one assay made for itself (mkdir, then its manifest first): it is removed whole. Whatever
else is in a folder (the user's notes, a `.git`) is foreign and is never touched.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".assay-manifest.json"


@dataclass
class Manifest:
    kind: str
    files: set[str] = field(default_factory=set)
    run_id: str | None = None


def read_manifest(folder: Path) -> Manifest | None:
    """The folder's manifest, or None when it has none (or one assay cannot have written)."""
    path = Path(folder) / MANIFEST
    if path.is_symlink() or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = {f for f in data["files"] if _relative(f)}
        return Manifest(kind=str(data["kind"]), files=files, run_id=data.get("run_id"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Replace the manifest atomically; the same files give the same bytes (exports are byte-identical)."""
    data: dict = {"kind": manifest.kind, "files": sorted(manifest.files)}
    if manifest.run_id:
        data["run_id"] = manifest.run_id
    path = Path(folder) / MANIFEST
    tmp = path.with_name(MANIFEST + ".tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def remove_owned(folder: Path, manifest: Manifest | None = None, *, keep: set[str] = frozenset(),
                 keep_folder: bool = False) -> None:
    """Delete what the manifest lists (never following a symlink), then the folders that are left empty.

    A folder that still holds foreign files stays, with a manifest listing what is left of assay's (`keep`),
    so it is still known as assay's.
    """
    folder = Path(folder)
    manifest = manifest or read_manifest(folder)
    if manifest is None or folder.is_symlink() or not folder.is_dir():
        return
    if manifest.kind == "staging":
        shutil.rmtree(folder)
        return
    for name in sorted(manifest.files - set(keep)):
        path = folder / name.rstrip("/")
        if name.endswith("/"):
            if path.is_dir() and not path.is_symlink():
                remove_owned(path)
        elif path.is_symlink() or path.is_file():
            path.unlink()
    (folder / f"{MANIFEST}.tmp").unlink(missing_ok=True)
    _prune_empty(folder, {str(Path(n.rstrip("/")).parent) for n in manifest.files})
    if keep_folder or any(p.name != MANIFEST for p in folder.iterdir()):
        write_manifest(folder, Manifest(manifest.kind, manifest.files & set(keep), manifest.run_id))
    else:
        (folder / MANIFEST).unlink(missing_ok=True)
        _rmdir_if_empty(folder)


def _prune_empty(folder: Path, parents: set[str]) -> None:
    """Remove the listed sub-folders of `folder` and their parents below it, deepest first, each only if empty."""
    for rel in sorted((p for p in parents if p not in ("", ".")), key=lambda p: -p.count("/")):
        for d in [folder / rel, *(folder / rel).parents]:
            if d == folder or folder not in d.parents:
                break
            _rmdir_if_empty(d)


def foreign(folder: Path, owned: set[str]) -> list[str]:
    """Entries of `folder` that are not listed (folders holding only listed files count as listed)."""
    folder = Path(folder)
    owned = {n.rstrip("/") for n in owned} | {MANIFEST, MANIFEST + ".tmp"}
    found = []
    for root, dirs, files in os.walk(folder):
        rel = Path(root).relative_to(folder)
        for name in sorted(files + [d for d in dirs if (Path(root) / d).is_symlink()]):
            path = (rel / name).as_posix()
            if path not in owned:
                found.append(path)
        dirs[:] = sorted(d for d in dirs if not (Path(root) / d).is_symlink() and (rel / d).as_posix() not in owned)
    return found


def storage_problem(e: BaseException) -> tuple[str, bool] | None:
    """What a failed write means for the user, and whether more space is the fix (else: another folder);
    None if the error is not about storage."""
    if isinstance(e, sqlite3.Error):
        code = getattr(e, "sqlite_errorcode", None)
        found = {13: ("the disk is full", True), 8: ("the folder is read-only", False),
                 14: ("the journal cannot be created or opened", False),
                 10: ("a write failed, is the disk full?", True)}
        return found.get(code & 0xFF) if code is not None else None
    if isinstance(e, OSError):
        return {errno.ENOSPC: ("the disk is full", True), errno.EDQUOT: ("the disk quota is exceeded", True),
                errno.EFBIG: ("a file grew past the size allowed (a full disk or a file size limit)", True),
                errno.EIO: ("a write failed (an I/O error), is the disk full?", True),
                errno.EROFS: ("the folder is on a read-only file system", False),
                errno.EACCES: ("permission denied", False), errno.EPERM: ("permission denied", False)}.get(e.errno)
    return None


def _relative(name: object) -> bool:
    return isinstance(name, str) and bool(name) and not name.startswith("/") and ".." not in Path(name).parts


def _rmdir_if_empty(path: Path) -> None:
    try:
        path.rmdir()
    except OSError:  # not empty (a foreign file stays, and so does its folder) or already gone
        pass
