"""A file that kills the process reading it is answered once, not retried for ever.

The reader is native code (calamine under fastexcel): a file that makes it abort (an allocation it
cannot get, a panic pyo3 does not turn into an exception) ends the process, with no exception to
catch. cadres.sheet_extent refuses the files known to do so; for any other, the file stayed in the
inbox, every run that took it died the same way, and its province was never told. So a mark is left
beside the archived copy while the file is read and validated, and removed when that ends, however it
ends, short of the process dying. A mark found before reading says a process died on this file, or
beside it (a run reads two files at once): the file is then read once in a throwaway process first,
and if that process dies too, the file is rejected with a report instead of being read here; so is a
file that processes died reading twice, whatever the trial says.

A mark is a death only once its reader is gone: the reader holds a lock on it (flock, which the kernel
drops with the process), so two runs reading the same bytes at once (two copies of one workbook
validated side by side) do not take each other's mark for a crash. The trial is a fresh interpreter
(subprocess), which a Dask worker, a daemonic process, may start where it may not fork a child.
"""

from __future__ import annotations

import fcntl
import logging
import os
import resource
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from cadres.text import loggable

log = logging.getLogger(__name__)

MARK_SUFFIX = ".reading"
DEATHS_TOLERATED = 1
"""A file read beside one that killed the worker died with it: once is no verdict on the file."""
TRIAL_SECONDS = 900
"""How long the throwaway read may take: far more than any file's read (a national workbook: a second)."""
READER_DIED = (
    "Hệ thống không đọc được tệp này: bộ đọc bảng tính bị dừng đột ngột (cấu trúc bên trong tệp bất thường); "
    "mở tệp bằng Excel, lưu lại dưới dạng .xlsx rồi gửi lại"
)


def _mark(path: Path) -> Path:
    return path.with_name(path.name + MARK_SUFFIX)


def _deaths(path: Path) -> int:
    """How many processes died reading the file: a mark holds the deaths before the read it marked, and
    counts one more only if that read's process is gone without removing it. A mark whose reader still
    holds its lock is a read going on now (the same bytes read by another run), not a death."""
    try:
        held = _mark(path).open("rb")
    except FileNotFoundError:
        return 0
    with held:
        try:
            fcntl.flock(held, fcntl.LOCK_SH | fcntl.LOCK_NB)
            reader_gone = True
        except BlockingIOError:
            reader_gone = False
        if os.fstat(held.fileno()).st_nlink == 0:
            return 0  # its read ended (the mark was removed) between the open and the lock
        recorded = held.read().decode("ascii", errors="replace").strip()
    before = int(recorded) if recorded.isdigit() else 0
    return before + 1 if reader_gone else before


def can_mark(path: Path) -> bool:
    """Whether a mark can be left beside the path (its folder made where it is missing)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(path.parent, os.W_OK)


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Marks the file as being read until the block ends (an exception ends it too). The mark is written
    and locked under another name, then moved into place, so it is never seen unlocked while its
    reader lives; it is removed only if it is still this reader's (a later reader may have replaced it)."""
    mark = _mark(path)
    handle, written = tempfile.mkstemp(dir=mark.parent, prefix=f"{mark.name}.")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        os.fchmod(handle, 0o644)  # as the mark was before: other users' runs must read it
        os.write(handle, str(_deaths(path)).encode("ascii"))
        os.replace(written, mark)
    except BaseException:
        os.close(handle)
        Path(written).unlink(missing_ok=True)
        raise
    try:
        yield
    finally:
        with suppress(FileNotFoundError):
            if os.path.samestat(os.stat(mark), os.fstat(handle)):
                mark.unlink()
        os.close(handle)  # the lock goes last: a mark still in place is never seen unlocked


STOPPED = frozenset({-signal.SIGTERM, -signal.SIGINT, -signal.SIGHUP})
"""A trial ended by the service being stopped (systemd's SIGTERM to the whole service, Ctrl-C to the
terminal's process group) says nothing of the file."""
TRIAL_MEMORY = 8 << 30
"""The trial's address space: far above what reading one file needs, so a file asking for more dies
here whatever the machine lets a process reserve."""


class TrialInterrupted(RuntimeError):
    """The throwaway read was stopped from outside: the file stays in the inbox for the next run."""


def kills_its_reader(path: Path, marked: Path | None = None, trial_only: bool = False) -> bool:
    """Whether a process died reading this file before (its mark was left) and a throwaway process
    reading and validating it dies too (or is still at it after TRIAL_SECONDS); or whether processes
    died reading it twice, whatever a trial says: a death the trial does not reproduce (memory the
    worker lacked beside other files) must not kill every run either. `marked`: the path the file's
    mark is beside when not the file itself. `trial_only`: the deaths only call for a trial (a dry run,
    which a timeout or a closed terminal ends as surely as the reader: a good file must not be rejected
    for that)."""
    deaths = _deaths(marked or path)
    if deaths == 0:
        return False
    if deaths >= DEATHS_TOLERATED + 1 and not trial_only:
        log.warning("%s: %d processes died reading it", loggable(path.name), deaths)
        return True
    exit_code = _read_apart(path)
    shown = loggable(path.name)
    log.warning("%s: a reader died on it before; read again apart, exit code %s", shown, exit_code)
    if exit_code in STOPPED:
        raise TrialInterrupted(f"{shown}: the trial read was stopped (exit code {exit_code})")
    return exit_code != 0


def _read_apart(path: Path) -> int:
    """The trial's exit code (minus the signal that ended it, as multiprocessing gives it); one still
    reading after TRIAL_SECONDS is killed."""
    command = [sys.executable, "-m", __name__, str(path)]
    try:
        return subprocess.run(command, stdin=subprocess.DEVNULL, timeout=TRIAL_SECONDS, check=False).returncode
    except subprocess.TimeoutExpired:
        return -signal.SIGKILL


def _read(path: str) -> None:
    """The throwaway process: read and validate the file; an exception is an ordinary problem, told
    the ordinary way when the file is read for real."""
    resource.setrlimit(resource.RLIMIT_AS, (TRIAL_MEMORY, TRIAL_MEMORY))
    from cadres.preparation import read_and_validate

    with suppress(Exception):  # only dying counts here
        read_and_validate(Path(path), None, strict=False)


if __name__ == "__main__":
    _read(sys.argv[1])
