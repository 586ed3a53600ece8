"""The marks that say a file is being read, and how many processes died reading it (cadres.crash_guard).

Each read leaves its own mark beside the file, `<file>.reading.<pid>.<random>`, holding the deaths
counted before it, and removes it when the read ends, however it ends short of the process dying. A
mark is a death only once its reader is gone: the reader holds a lock on it (flock, which the kernel
drops with the process; this process's own marks are known without asking the lock, which NFS
emulates per process, not per open file). So two runs reading the same bytes at once (two copies of
one workbook validated side by side, whose dry-run marks share a name) neither take each other's mark
for a crash nor remove it, and two that die together count two deaths. A mark is written and locked
under another name and then renamed into place: it is never seen unlocked while its reader lives.
"""

from __future__ import annotations

import fcntl
import logging
import os
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cadres.text import loggable

log = logging.getLogger(__name__)

MARK_SUFFIX = ".reading"
_NEW = "-new."
"""A mark being written (`<file>.reading-new.<random>`): not yet a mark, never counted."""

_held: set[Path] = set()
"""The marks of the reads going on in this process."""
_held_guard = threading.Lock()


@dataclass(frozen=True)
class _Mark:
    path: Path
    deaths_before: int
    reader_alive: bool


def can_mark(path: Path) -> bool:
    """Whether a mark can be left beside the path (its folder made where it is missing)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(path.parent, os.W_OK)


def deaths(path: Path) -> int:
    """How many processes died reading the file: the most deaths any mark counted before its read, and
    one more for each mark whose reader is gone without removing it (a read going on now is none)."""
    return _count(_marks(path))


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Marks the file as being read until the block ends (an exception ends it too). The dead marks
    found are folded into this one's count and removed; where no mark can be written or locked (a
    read-only folder, a file system without locks) the file is read unmarked, with a warning."""
    found = _marks(path)
    try:
        handle, mark = _place_mark(path, _count(found))
    except OSError as failure:
        log.warning("%s: read without the crash guard's mark: %s", loggable(path.name), failure)
        handle = None
    if handle is None:
        yield
        return
    for dead in (found_mark for found_mark in found if not found_mark.reader_alive):
        try:
            dead.path.unlink(missing_ok=True)  # counted in this mark now
        except OSError as failure:
            log.warning("%s: a dead read's mark could not be removed: %s", loggable(path.name), failure)
    try:
        yield
    finally:
        try:
            mark.unlink()  # before the lock goes: a mark in place is never seen unlocked
        except OSError as failure:
            log.warning("%s: its mark could not be removed: %s", loggable(path.name), failure)
        finally:
            with _held_guard:
                _held.discard(mark)
            os.close(handle)


def _count(marks: list[_Mark]) -> int:
    return max((mark.deaths_before for mark in marks), default=0) + sum(not mark.reader_alive for mark in marks)


def _place_mark(path: Path, count: int) -> tuple[int, Path]:
    """Write, lock and rename into place this read's mark; the open, locked descriptor goes with it."""
    stem = path.name + MARK_SUFFIX
    mark = path.with_name(f"{stem}.{os.getpid()}.{secrets.token_hex(4)}")
    written = path.with_name(f"{stem}{_NEW}{secrets.token_hex(4)}")
    handle = os.open(written, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        os.write(handle, str(count).encode("ascii"))
        with _held_guard:
            _held.add(mark)
        os.rename(written, mark)
    except BaseException:
        with _held_guard:
            _held.discard(mark)
        os.close(handle)
        written.unlink(missing_ok=True)
        raise
    return handle, mark


def _marks(path: Path) -> list[_Mark]:
    """The file's marks: `<file>.reading` (an earlier version's, or one written by hand) and the reads'."""
    stem = path.name + MARK_SUFFIX
    try:
        names = [entry for entry in path.parent.iterdir() if entry.name == stem or entry.name.startswith(f"{stem}.")]
    except FileNotFoundError:
        return []
    return [mark for mark in map(_read_mark, names) if mark is not None]


def _read_mark(path: Path) -> _Mark | None:
    """The mark's count and whether its reader lives; None if it was removed meanwhile (its read ended)."""
    try:
        opened = path.open("rb")
    except FileNotFoundError:
        return None
    with opened:
        with _held_guard:
            alive = path in _held
        if not alive:
            try:
                fcntl.flock(opened, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                alive = True
            except OSError:
                pass  # no locks on this file system: a mark found is a death, as before locks were asked
        if os.fstat(opened.fileno()).st_nlink == 0:
            return None  # removed between the open and the lock: that read ended well
        recorded = opened.read().decode("ascii", errors="replace").strip()
    return _Mark(path, int(recorded) if recorded.isdigit() else 0, alive)
