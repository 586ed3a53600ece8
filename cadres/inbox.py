"""The watched inbox: inbox/<province_code>/<file>. Which entries are submissions, in what order."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from cadres.archive import content_hash
from cadres.workbook import EXCEL_SUFFIXES

PROVINCE_FOLDER = re.compile(r"^\d{2}$")
TEMPORARY = re.compile(r"^(~\$|\.~lock|\.)|\.(part|tmp|crdownload|download)$", re.IGNORECASE)


@dataclass(frozen=True)
class InboxEntry:
    path: Path
    province: str


def folder_province(path: Path) -> str | None:
    """The province a file was dropped for: its folder's name when that is a 2-digit code."""
    return path.parent.name if PROVINCE_FOLDER.match(path.parent.name) else None


def is_submission(path: Path) -> bool:
    """A workbook, a CSV file, or a folder of CSV files; never a temporary or lock file."""
    if TEMPORARY.search(path.name):
        return False
    if path.is_dir():
        return any(path.glob("*.csv"))
    return path.suffix.lower() in EXCEL_SUFFIXES | {".csv"}


def pending(inbox_dir: Path) -> list[InboxEntry]:
    """Submissions waiting in the inbox, oldest first (a later file supersedes an earlier one)."""
    if not inbox_dir.exists():
        return []
    entries = [
        InboxEntry(path, folder.name)
        for folder in sorted(inbox_dir.iterdir())
        if folder.is_dir() and PROVINCE_FOLDER.match(folder.name)
        for path in folder.iterdir()
        if is_submission(path)
    ]
    return sorted(entries, key=lambda e: (e.path.stat().st_mtime, e.path.name))


def remove(entry: InboxEntry, archived_as: str | None = None) -> bool:
    """Take a processed submission out of the inbox (its archive copy is already durable).

    With `archived_as` (the SHA-256 of the archived copy) the file is removed only if it still holds
    those bytes: a province may have dropped a new version under the same name meanwhile, and that
    one has not been archived yet. Returns whether it was removed."""
    if not entry.path.exists():
        return True
    if archived_as is not None and content_hash(entry.path) != archived_as:
        return False
    if entry.path.is_dir():
        shutil.rmtree(entry.path)
    else:
        entry.path.unlink(missing_ok=True)
    return True
