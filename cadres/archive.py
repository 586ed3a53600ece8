"""Content-addressed archive: every received file is kept unchanged under its SHA-256."""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from pathlib import Path

CHUNK = 1 << 20


HIDDEN_NAMES = ("~$", ".")
"""Names of what the systems and tools put in a folder, not the province: a Mac's `.DS_Store` and
AppleDouble `._CanBo.csv`, Excel's owner file `~$CanBo.csv` while a sheet is open, LibreOffice's
`.~lock.…#`. The reader reads no such file as a sheet."""


def content_hash(path: Path) -> str:
    """SHA-256 of a file, or of a CSV folder's files (names and bytes, in name order) but the hidden ones
    (`HIDDEN_NAMES`): the same sheets sent again with a `.DS_Store` beside them, or one written while the folder
    waited, are the same submission (they were a new version, loaded again, and a folder whose hidden
    file changed after it was archived stayed in the inbox to be loaded once more)."""
    digest = hashlib.sha256()
    for file in sent_files(path):
        if path.is_dir():
            digest.update(os.fsencode(file.relative_to(path).as_posix()) + b"\0")  # a name's bytes as sent
        with file.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


def _files_of(path: Path) -> list[Path]:
    """A file, or a folder's files in name order; links are not followed (a link to /etc is no sheet)."""
    if not path.is_dir():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def sent_files(path: Path) -> list[Path]:
    """A file, or the files of a CSV folder the province sent, in name order: no links (`_files_of`), no
    hidden files (`HIDDEN_NAMES`, at any depth)."""
    return [
        file
        for file in _files_of(path)
        if not any(part.startswith(HIDDEN_NAMES) for part in file.relative_to(path).parts)
    ]


def _fsync_tree(path: Path) -> None:
    for file in _files_of(path):
        with file.open("rb") as handle:
            os.fsync(handle.fileno())


def _fsync_directory(path: Path) -> None:
    if os.name != "posix":  # Windows opens no folder for fsync; NTFS journals the rename itself
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def archive(path: Path, archive_dir: Path) -> tuple[str, Path]:
    """Copy the file (or folder) to archive/<aa>/<sha><suffix> unless already there; return (sha, copy).

    The copy is made first, under a name of its own, and hashed afterwards: a file still growing
    while it is copied is stored under the hash of the bytes actually kept (hashing the inbox file
    first would file them under another content's name), and two runs archiving the same file at
    once never write into one temporary copy."""
    archive_dir.mkdir(parents=True, exist_ok=True)
    partial = archive_dir / f".{uuid.uuid4().hex}.partial"
    try:
        if path.is_dir():  # links not followed: a link to /etc, or to /, copied the server's files
            shutil.copytree(path, partial, symlinks=True)
            os.utime(partial)  # the archiving time, not the sender's: copytree keeps the folder's own
        else:
            shutil.copyfile(path, partial)
        sha = content_hash(partial)
        target = archive_dir / sha[:2] / (sha + ("" if path.is_dir() else path.suffix.lower()))
        if not target.exists():
            _fsync_tree(partial)
            new_folder = not target.parent.exists()
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                partial.rename(target)  # atomic: never a half-written copy under the final name
            except OSError:
                if not target.exists():  # a folder another run renamed there first is the same bytes
                    raise
            # The rename (and a new <aa> folder) must survive a power cut, not only the bytes.
            for folder in [target.parent, archive_dir] if new_folder else [target.parent]:
                _fsync_directory(folder)
        return sha, target
    finally:
        if partial.is_dir():
            shutil.rmtree(partial, ignore_errors=True)
        else:
            partial.unlink(missing_ok=True)
