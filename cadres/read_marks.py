"""The marks that say a file is being read, and how many processes died reading it (cadres.crash_guard).

Each read leaves its own mark beside the file, `<file>.reading.<pid>.<random>`, holding the deaths
counted before it, and removes it when the read ends, however it ends short of the process dying. A
mark is a death only once its reader is gone: the reader holds a lock on it (flock, which the kernel
drops with the process; this process's own marks are known without asking the lock, which a file
system emulating flock with POSIX locks, as NFS does, would not tell apart within one process). So two
runs reading the same bytes at once (two copies of one workbook validated side by side, whose dry-run
marks share a name) neither take each other's mark for a crash nor remove it, and two that die
together count two deaths. A mark is written and locked under another name and then renamed into
place: it is never seen unlocked while its reader lives. Counting, and a read's placing of its mark
and clearing of the dead ones it counted, take turns on the folder (a count taken in between saw the
new mark beside the dead one it replaces: one death counted twice). A process stopped from outside
(systemd's SIGTERM, a closed terminal's SIGHUP) removes its marks first where `forget_marks_when_stopped`
was called: a stop is not the file killing its reader.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import secrets
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from cadres.text import loggable

log = logging.getLogger(__name__)

MARK_SUFFIX = ".reading"
_NEW = "-new."
"""A mark being written (`<file>.reading-new.<random>`): not yet a mark, never counted; one left by a
process that died writing it is removed by the next read of the file."""
_READ_ID = r"\.\d+\.[0-9a-f]{8}"
"""What follows `<file>.reading` in a read's mark: its process id and a random tag."""

_held: set[Path] = set()
"""The marks of the reads going on in this process."""
_held_guard = threading.Lock()
_turns = threading.Lock()
"""The folder's turns within this process (its flock might not tell this process's threads apart)."""


@dataclass(frozen=True)
class _Mark:
    path: Path
    deaths_before: int
    reader_alive: bool


def deaths(path: Path) -> int:
    """How many processes died reading the file: the most deaths any mark counted before its read, and
    one more for each mark whose reader is gone without removing it (a read going on now is none)."""
    with _turn(path.parent, fcntl.LOCK_SH):
        return _count(_marks(path))


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Marks the file as being read until the block ends (an exception ends it too), its folder made
    where it is missing. The dead marks found are folded into this one's count and removed; where no
    mark can be written (a read-only folder) the file is read unmarked, with a warning."""
    placed: tuple[int, Path] | None = None
    with suppress(OSError):  # if it cannot be made, no mark can be written there: said below
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with _turn(path.parent, fcntl.LOCK_EX):
            found = _marks(path)
            placed = _place_mark(path, _count(found))
            if placed:
                now = os.fstat(placed[0]).st_mtime  # the file system's clock (an NFS server's), as the marks'
                _clear(path, [mark.path for mark in found if not mark.reader_alive] + _unfinished(path, now))
        yield
    finally:
        if placed:
            _remove(path, *placed)


STOPPING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def forget_marks_when_stopped() -> None:
    """In this process (from its main thread: the command line, a worker of the inbox flow's pool), a
    stop from outside removes the marks of its reads before the process ends as it would have (the
    handler found is called next): a service stopped twice while reading one file got that good file
    rejected as one that kills its reader. Called twice, it installs itself once. Meant for a handler
    found that ends the process (the default one): after one that lets the reads go on, a crash in them
    would not be counted. Prefect's engine puts its own in front during a flow run and hands the
    signal back to this one."""
    if threading.current_thread() is not threading.main_thread():
        return
    for number in STOPPING_SIGNALS:
        found = signal.getsignal(number)
        if found is signal.SIG_IGN or found is None or getattr(found, "forgets_marks", False):
            continue  # ignored, or not set from Python: left as it is
        signal.signal(number, _forgetting(found))


def _forgetting(found: Callable | int) -> Callable:
    def forget_then_stop(number: int, frame: object) -> None:
        for mark in list(_held):  # no lock: the handler may interrupt the thread holding it
            with suppress(OSError):
                mark.unlink()
        if callable(found):
            found(number, frame)
            return
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)  # end as the signal would have ended the process

    forget_then_stop.forgets_marks = True  # type: ignore[attr-defined]
    return forget_then_stop


def _count(marks: list[_Mark]) -> int:
    return max((mark.deaths_before for mark in marks), default=0) + sum(not mark.reader_alive for mark in marks)


@contextmanager
def _turn(folder: Path, kind: int) -> Iterator[None]:
    """The folder to oneself (LOCK_EX) or shared with other counts (LOCK_SH), between processes by a
    flock on the folder, within this one by a lock; a folder that cannot be locked is used as it is."""
    with _turns:
        try:
            handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            handle = None
        try:
            if handle is not None:
                with suppress(OSError):
                    fcntl.flock(handle, kind)
            yield
        finally:
            if handle is not None:
                os.close(handle)


def _place_mark(path: Path, count: int) -> tuple[int, Path] | None:
    """Write, lock and rename into place this read's mark; the open, locked descriptor goes with it.
    None, with a warning, where it cannot be written."""
    stem = path.name + MARK_SUFFIX
    mark = path.with_name(f"{stem}.{os.getpid()}.{secrets.token_hex(4)}")
    written = path.with_name(f"{stem}{_NEW}{secrets.token_hex(4)}")
    try:
        handle = os.open(written, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as failure:
        log.warning("%s: read without the crash guard's mark: %s", loggable(path.name), failure)
        return None
    try:
        os.fchmod(handle, 0o644)  # whatever the umask: another user's run must read it
        fcntl.flock(handle, fcntl.LOCK_EX)
        os.write(handle, str(count).encode("ascii"))
        with _held_guard:
            _held.add(mark)
        os.rename(written, mark)
    except BaseException as failure:  # a stop's exception may come after the rename: both names go
        with _held_guard:
            _held.discard(mark)
        written.unlink(missing_ok=True)
        mark.unlink(missing_ok=True)
        os.close(handle)
        if not isinstance(failure, OSError):
            raise
        log.warning("%s: read without the crash guard's mark: %s", loggable(path.name), failure)
        return None
    return handle, mark


def _clear(path: Path, dead: list[Path]) -> None:
    """Remove the dead reads' marks, counted in this read's mark now."""
    for mark in dead:
        try:
            mark.unlink(missing_ok=True)
        except OSError as failure:
            log.warning("%s: a dead read's or unfinished mark could not be removed: %s", loggable(path.name), failure)


UNFINISHED_AFTER = 60.0
"""Seconds after which a half-written mark is a dead writer's: a live one renames it at once (within
milliseconds on NFS)."""


def _unfinished(path: Path, now: float) -> list[Path]:
    """The file's marks left half-written (`<file>.reading-new.<random>`) by a process that died placing
    one (killed, or stopped from outside, between writing and renaming it): never counted, and without
    this never removed. A live writer writes in its turn on the folder and holds the file's lock; where
    turns cannot be taken (NFS emulates flock on files, not on a folder opened to read), a mark only
    just created may not be locked yet: only one older than UNFINISHED_AFTER is taken for left, by the
    file system's clock (`now`: the time this read's own mark was written)."""
    left = []
    for name in _named(path, re.escape(path.name + MARK_SUFFIX + _NEW) + "[0-9a-f]{8}"):
        try:
            with name.open("rb") as opened:
                fcntl.flock(opened, fcntl.LOCK_SH | fcntl.LOCK_NB)
                if now - os.fstat(opened.fileno()).st_mtime < UNFINISHED_AFTER:
                    continue
        except OSError:  # its writer is at it, it is gone meanwhile, or no lock can be asked here
            continue
        left.append(name)
    return left


def _remove(path: Path, handle: int, mark: Path) -> None:
    """Remove this read's mark, then let its lock go: a mark in place is never seen unlocked."""
    try:
        mark.unlink(missing_ok=True)  # missing: removed when the process was told to stop
    except OSError as failure:
        log.warning("%s: its mark could not be removed: %s", loggable(path.name), failure)
    finally:
        with _held_guard:
            _held.discard(mark)
        os.close(handle)


def _marks(path: Path) -> list[_Mark]:
    """The file's marks: `<file>.reading` (an earlier version's, or one made by hand) and its reads'."""
    names = _named(path, re.escape(path.name + MARK_SUFFIX) + f"({_READ_ID})?")
    return [mark for mark in map(_read_mark, names) if mark is not None]


def _named(path: Path, pattern: str) -> list[Path]:
    """The entries beside the file whose whole name the pattern matches."""
    matches = re.compile(pattern).fullmatch
    try:
        return [entry for entry in path.parent.iterdir() if matches(entry.name)]
    except (FileNotFoundError, NotADirectoryError):  # no folder there: no mark either
        return []


def _read_mark(path: Path) -> _Mark | None:
    """The mark's count and whether its reader lives; None if it was removed meanwhile (its read ended)
    or cannot be read (another user's, written before marks were made readable to all)."""
    try:
        opened = path.open("rb")
    except FileNotFoundError:
        return None
    except OSError as failure:
        log.warning("%s: a mark that cannot be read is not counted: %s", loggable(path.name), failure)
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
