"""The watched inbox: inbox/<province_code>/<file>. Which entries are submissions, in what order."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from cadres.archive import content_hash
from cadres.workbook import EXCEL_SUFFIXES, csv_files

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
        return any(csv_files(path))
    return path.suffix.lower() in EXCEL_SUFFIXES | {".csv"}


def last_change(path: Path) -> float:
    """When a file, or the newest file of a CSV folder, last changed (seconds since the epoch)."""
    if path.is_dir():
        return max([path.stat().st_mtime, *(p.stat().st_mtime for p in path.rglob("*") if p.is_file())])
    return path.stat().st_mtime


def pending(inbox_dir: Path) -> list[InboxEntry]:
    """Submissions waiting in the inbox, oldest first (a later file supersedes an earlier one). An entry
    that vanishes while the list is made (another run took it) is left out, not an error."""
    if not inbox_dir.exists():
        return []
    arrivals = []
    for folder in sorted(inbox_dir.iterdir()):
        if folder.is_dir() and PROVINCE_FOLDER.match(folder.name):
            for path in folder.iterdir():
                try:
                    if is_submission(path):
                        arrivals.append((path.stat().st_mtime, path.name, InboxEntry(path, folder.name)))
                except FileNotFoundError:
                    continue
    return [entry for *_, entry in sorted(arrivals, key=lambda arrival: arrival[:2])]


def strays(inbox_dir: Path) -> list[Path]:
    """What sits in the inbox but is never taken, so the run can say so instead of passing over it:
    files outside a province folder, folders not named by a 2-digit province code, and anything in a
    province folder that is neither a workbook, a CSV file nor a CSV folder. Temporary files are not
    strays: they become submissions when their upload ends."""
    if not inbox_dir.exists():
        return []
    found = []
    for entry in sorted(inbox_dir.iterdir()):
        if TEMPORARY.search(entry.name):
            continue
        if not (entry.is_dir() and PROVINCE_FOLDER.match(entry.name)):
            found.append(entry)
            continue
        found += [
            path for path in sorted(entry.iterdir()) if not TEMPORARY.search(path.name) and not is_submission(path)
        ]
    return found


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
