"""Content-addressed archive: every received file is kept unchanged under its SHA-256."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

CHUNK = 1 << 20


def content_hash(path: Path) -> str:
    """SHA-256 of a file, or of a CSV folder's files (names and bytes, in name order)."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        with file.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


def _fsync_tree(path: Path) -> None:
    for file in [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()):
        with file.open("rb") as handle:
            os.fsync(handle.fileno())


def archive(path: Path, archive_dir: Path) -> tuple[str, Path]:
    """Copy the file (or folder) to archive/<aa>/<sha><suffix> unless already there; return (sha, copy)."""
    sha = content_hash(path)
    target = archive_dir / sha[:2] / (sha + ("" if path.is_dir() else path.suffix.lower()))
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        if path.is_dir():
            shutil.copytree(path, partial, dirs_exist_ok=True)
        else:
            shutil.copyfile(path, partial)
        _fsync_tree(partial)
        partial.rename(target)  # atomic: a crash never leaves a half-written archive copy under the final name
    return sha, target
