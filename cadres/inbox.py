"""The watched inbox: inbox/<province_code>/<file>. Which entries are submissions, in what order."""

from __future__ import annotations

import os
import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote_from_bytes, unquote_to_bytes

from cadres.archive import content_hash
from cadres.csv_sheets import csv_files
from cadres.text import is_not_utf8, name_as_sent

PROVINCE_FOLDER = re.compile(r"^\d{2}$")
SET_ASIDE = ".removing"
"""Suffix of a file moved aside while remove() compares it; one left behind was interrupted there."""
TEMPORARY = re.compile(r"^(~\$|\.~lock|\.)|\.(part|partial|filepart|tmp|crdownload|download)$", re.IGNORECASE)
SYSTEM_FILES = frozenset({"thumbs.db", "ehthumbs.db", "ehthumbs_vista.db", "desktop.ini", "icon\r"})
"""Files Windows and macOS write into a shared folder on their own: nobody sent them (never taken, never
named)."""
LEFT_BY_TOOLS = re.compile(r"^Backup of .*\.xlk$|\.(bak|xlk|lnk|url)$|~$|:Zone\.Identifier$", re.IGNORECASE)
"""What office tools leave beside a workbook, not a submission: Excel's 'Backup of … .xlk', editors'
backups, shortcuts, and the Zone.Identifier stream copied out of Windows. Taken, each made a rejection
report to the province."""
EXCEL_SAVE_FILE = re.compile(r"^[0-9A-F]{8}$", re.IGNORECASE)
"""Excel's temporary save file (8 hex digits, no suffix, left by a save that crashed). A file only: a
folder of CSV files may be named so by a date (20250331) or a code (BC082025)."""


BYTES_PATH = "path-bytes:"
"""Marks a path passed to a flow as its bytes percent-encoded (`as_parameter`)."""


def as_parameter(path: Path) -> str:
    """A path as a flow's parameter. Prefect sends parameters as JSON text, which cannot hold a name's
    bytes not in UTF-8 (Python's lone surrogates: a cp1258 name from an FTP upload): the watcher's
    handoff and `cadres ingest` failed on such a file. Its bytes go percent-encoded instead."""
    text = str(path)
    if not is_not_utf8(text):
        return text
    return BYTES_PATH + quote_from_bytes(os.fsencode(text))


def from_parameter(text: str) -> Path:
    """The path `as_parameter` passed."""
    if text.startswith(BYTES_PATH):
        return Path(os.fsdecode(unquote_to_bytes(text.removeprefix(BYTES_PATH))))
    return Path(text)


TAKEN_ELSEWHERE = "%s left the inbox before this run took it: another run has it"
SKIPPED = "skipped"
"""The outcome of a file another run took first (a watcher's deployment run may start many seconds after
the watcher hands it on; a dry run lists the inbox, then the nightly run takes a file): nothing to do,
not a failure to alert on."""


def skipped(path: Path, province: str | None) -> dict:
    """The outcome of a file another run took first (SKIPPED)."""
    return {"file_name": name_as_sent(path.name), "province_code": province, "status": SKIPPED}


def _ignored(path: Path) -> bool:
    """Neither a submission nor a stray: a temporary file (a submission once its upload ends) or one that
    systems and tools leave."""
    name = path.name
    if EXCEL_SAVE_FILE.match(name):
        return not path.is_dir()
    return bool(TEMPORARY.search(name)) or name.lower() in SYSTEM_FILES or bool(LEFT_BY_TOOLS.search(name))


@dataclass(frozen=True)
class InboxEntry:
    path: Path
    province: str


def folder_province(path: Path) -> str | None:
    """The province a file was dropped for: its folder's name when that is a 2-digit code."""
    return path.parent.name if PROVINCE_FOLDER.match(path.parent.name) else None


def is_submission(path: Path) -> bool:
    """Any file a province put in its folder, or a folder of CSV files; never a temporary, lock or
    system file. A file that is no workbook (a .pdf, a .zip) is taken too: it is archived, recorded
    and its province told what to send instead, where it used to wait in the inbox unanswered."""
    if _ignored(path) or path.is_symlink():  # a link points at what the province did not send
        return False
    if path.is_dir():
        try:
            return any(csv_files(path))
        except OSError:  # a folder this account may not read (another upload account's): never taken
            return False
    return path.is_file()


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
            try:
                arrivals += _arrivals(folder)
            except OSError:  # unreadable: `strays` names it, the other provinces' files are taken
                continue
    return [entry for *_, entry in sorted(arrivals, key=lambda arrival: arrival[:2])]


def _arrivals(folder: Path) -> list[tuple[float, str, InboxEntry]]:
    """A province folder's submissions with the order they were saved in (time, then name)."""
    found = []
    for path in folder.iterdir():
        try:
            if is_submission(path):
                found.append((path.stat().st_mtime, path.name, InboxEntry(path, folder.name)))
        except OSError:  # taken by another run while listed
            continue
    return found


def strays(inbox_dir: Path) -> list[Path]:
    """What sits in the inbox but is never taken, so the run can say so instead of passing over it:
    files outside a province folder, folders not named by a 2-digit province code, and a folder in a
    province folder holding no CSV file. Temporary files are not strays: they become submissions when
    their upload ends; nor are the files systems and tools leave (SYSTEM_FILES, LEFT_BY_TOOLS, EXCEL_SAVE_FILE)."""
    if not inbox_dir.exists():
        return []
    found = []
    for entry in sorted(inbox_dir.iterdir()):
        if _ignored(entry):
            continue
        if not (entry.is_dir() and PROVINCE_FOLDER.match(entry.name)):
            found.append(entry)
            continue
        try:
            found += [path for path in sorted(entry.iterdir()) if not _ignored(path) and not is_submission(path)]
        except OSError:  # a province folder this account may not read: none of its files can be taken
            found.append(entry)
    return found


def set_aside(inbox_dir: Path) -> list[Path]:
    """Files a removal moved aside and never finished with (the process died comparing them): they are
    named in the run's log, as no listing takes them."""
    return sorted(inbox_dir.glob(f"*/*{SET_ASIDE}")) if inbox_dir.exists() else []


def remove(entry: InboxEntry, archived_as: str | None = None) -> bool:
    """Take a processed submission out of the inbox (its archive copy is already durable).

    With `archived_as` (the SHA-256 of the archived copy) the file is removed only if it still holds
    those bytes: a province may have dropped a new version under the same name meanwhile, and that
    one has not been archived yet. The file is first moved aside (atomically, in its folder) and the
    moved file compared: a version saved under the name while it is compared lands beside it, never
    in what is deleted. Returns whether it was removed."""
    aside = entry.path.with_name(f".{uuid.uuid4().hex}{SET_ASIDE}")  # a dot name: never listed as pending
    try:
        entry.path.rename(aside)
    except FileNotFoundError:  # another run took it meanwhile
        return True
    except PermissionError:  # open in another program (a share locks open files): the next run retakes it
        return False
    if archived_as is not None and content_hash(aside) != archived_as:
        _put_back(aside, entry.path)
        return False
    if aside.is_dir():
        shutil.rmtree(aside)
    else:
        aside.unlink()
    return True


def still_holds(path: Path, archived: Path, archived_as: str) -> bool:
    """Whether the province folder `path` sits in still holds these bytes, under its name or another (a
    copy sent again while the first waited): the next run takes them again, so they are not reported
    yet. Outside a province folder nothing is waiting, nor in the archive (whose <aa>/ folders can look
    like province folders: a held file reloaded from there). Files of another size are not hashed."""
    if folder_province(path) is None or not path.parent.is_dir() or path.resolve() == archived.resolve():
        return False
    size = archived.stat().st_size if archived.is_file() else None
    for entry in path.parent.iterdir():
        try:
            if not is_submission(entry) or (size is not None and entry.is_file() and entry.stat().st_size != size):
                continue
            if content_hash(entry) == archived_as:
                return True
        except OSError:  # taken by another run meanwhile, or not readable by this account (never taken)
            continue
    return False


def _put_back(aside: Path, original: Path) -> Path:
    """Return a file moved aside to its name; if a newer version took the name meanwhile, beside it under
    a free name ("bao-cao (2).xlsx"), so that both are taken, in the order they were saved."""
    target, number = original, 2
    while True:
        try:
            _move_without_replacing(aside, target)
            return target
        except FileExistsError:
            target = original.with_name(f"{original.stem} ({number}){original.suffix}")
            number += 1


def _move_without_replacing(source: Path, target: Path) -> None:
    """A rename that never replaces what holds the name (a plain rename would): a file is hard-linked
    (atomic) or, where the filesystem makes no links, copied into a name claimed exclusively; a folder
    claims the name by creating it, then takes its files. Raises FileExistsError when the name is taken."""
    if source.is_dir():
        target.mkdir()  # fails if the name exists
        for child in source.iterdir():
            child.rename(target / child.name)
        source.rmdir()
        return
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:  # no hard links on this filesystem (some network shares)
        with source.open("rb") as reading, target.open("xb") as writing:
            shutil.copyfileobj(reading, writing)
        shutil.copystat(source, target)  # keeps its time: the order the province's files were saved in
    source.unlink()
