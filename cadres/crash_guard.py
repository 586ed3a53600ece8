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
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import signal
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
    is found only if that read died too."""
    mark = _mark(path)
    if not mark.exists():
        return 0
    recorded = mark.read_text(encoding="ascii", errors="replace").strip()
    return (int(recorded) if recorded.isdigit() else 0) + 1


def can_mark(path: Path) -> bool:
    """Whether a mark can be left beside the path (its folder made where it is missing)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(path.parent, os.W_OK)


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Marks the file as being read until the block ends (an exception ends it too)."""
    mark = _mark(path)
    mark.write_text(str(_deaths(path)), encoding="ascii")
    try:
        yield
    finally:
        mark.unlink(missing_ok=True)


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
    trial = multiprocessing.get_context("spawn").Process(target=_read, args=(str(path),), daemon=True)
    trial.start()
    trial.join(TRIAL_SECONDS)
    if trial.is_alive():
        trial.kill()
        trial.join()
    shown = loggable(path.name)
    log.warning("%s: a reader died on it before; read again apart, exit code %s", shown, trial.exitcode)
    if trial.exitcode in STOPPED:
        raise TrialInterrupted(f"{shown}: the trial read was stopped (exit code {trial.exitcode})")
    return trial.exitcode != 0


def _read(path: str) -> None:
    """The throwaway process: read and validate the file; an exception is an ordinary problem, told
    the ordinary way when the file is read for real."""
    resource.setrlimit(resource.RLIMIT_AS, (TRIAL_MEMORY, TRIAL_MEMORY))
    from cadres.preparation import read_and_validate

    with suppress(Exception):  # only dying counts here
        read_and_validate(Path(path), None, strict=False)
