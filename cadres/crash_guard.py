"""A file that kills the process reading it is answered once, not retried for ever.

The reader is native code (calamine under fastexcel): a file that makes it abort (an allocation it
cannot get, a panic pyo3 does not turn into an exception) ends the process, with no exception to
catch. cadres.sheet_extent refuses the files known to do so; for any other, the file stayed in the
inbox, every run that took it died the same way, and its province was never told. So a mark is left
beside the archived copy while the file is read and validated, and removed when that ends, however it
ends, short of the process dying. A mark found before reading says a process died on this file, or
beside it (a run reads two files at once): the file is then read once in a throwaway process first,
and if that process dies too, the file is rejected with a report instead of being read here; so is a
file that processes died reading twice, whatever the trial says. The marks and their count live in
cadres.read_marks. The trial is a fresh interpreter (a subprocess): a Dask worker, a daemonic process,
may start one where multiprocessing forbids it a child.
"""

from __future__ import annotations

import ctypes
import logging
import os
import resource
import signal
import subprocess
import sys
from contextlib import suppress
from pathlib import Path

from cadres.read_marks import deaths
from cadres.text import loggable

log = logging.getLogger(__name__)

DEATHS_TOLERATED = 1
"""A file read beside one that killed the worker died with it: once is no verdict on the file."""
TRIAL_SECONDS = 900
"""How long the throwaway read may take: far more than any file's read (a national workbook: a second)."""
READER_DIED = (
    "Hệ thống không đọc được tệp này: bộ đọc bảng tính bị dừng đột ngột (cấu trúc bên trong tệp bất thường); "
    "mở tệp bằng Excel, lưu lại dưới dạng .xlsx rồi gửi lại"
)


STOPPED = frozenset({-signal.SIGTERM, -signal.SIGINT, -signal.SIGHUP})
"""A trial ended by the service being stopped (systemd's SIGTERM to the whole service, Ctrl-C to the
terminal's process group) says nothing of the file."""
_PR_SET_PDEATHSIG = 1
"""Linux's prctl option: a signal for this process when its parent ends."""
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
    died = deaths(marked or path)
    if died == 0:
        return False
    if died >= DEATHS_TOLERATED + 1 and not trial_only:
        log.warning("%s: %d processes died reading it", loggable(path.name), died)
        return True
    exit_code = _read_apart(path)
    shown = loggable(path.name)
    log.warning("%s: a reader died on it before; read again apart, exit code %s", shown, exit_code)
    if exit_code in STOPPED:
        raise TrialInterrupted(f"{shown}: the trial read was stopped (exit code {exit_code})")
    if exit_code > 0:  # the trial's Python failed (an import, its memory limit refused): no verdict
        log.warning("%s: the trial read could not run; the file is read as usual, still marked", shown)
    return exit_code < 0


def _read_apart(path: Path) -> int:
    """The trial's exit code (minus the signal that ended it, as multiprocessing gives it); one still
    reading after TRIAL_SECONDS is killed. It imports this very package: not one in the working folder
    (-P), and this one even where it is not installed (a source checkout, on the path first)."""
    command = [sys.executable, "-P", "-m", __name__, str(path), str(os.getpid())]
    ours = str(Path(__file__).resolve().parents[1])
    paths = os.pathsep.join(filter(None, [ours, os.environ.get("PYTHONPATH")]))
    environment = {**os.environ, "PYTHONPATH": paths}
    try:
        return subprocess.run(
            command, stdin=subprocess.DEVNULL, env=environment, timeout=TRIAL_SECONDS, check=False
        ).returncode
    except subprocess.TimeoutExpired:
        return -signal.SIGKILL


def _read(path: str) -> None:
    """The throwaway process: read and validate the file; an exception is an ordinary problem, told
    the ordinary way when the file is read for real."""
    _, ceiling = resource.getrlimit(resource.RLIMIT_AS)  # a lower one set by the operator stays
    limit = TRIAL_MEMORY if ceiling == resource.RLIM_INFINITY else min(TRIAL_MEMORY, ceiling)
    resource.setrlimit(resource.RLIMIT_AS, (limit, ceiling))
    from cadres.preparation import read_and_validate

    with suppress(Exception):  # only dying counts here
        read_and_validate(Path(path), None, strict=False)


def _end_with_parent(parent: int) -> None:
    """The trial is killed when the process waiting for it ends (stopped, or its pool torn down after a
    file read beside killed another worker): it would read on alone for up to TRIAL_SECONDS."""
    with suppress(OSError, AttributeError):  # Linux's prctl; elsewhere the trial outlives its parent
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent was gone before the request was made
        os._exit(1)


if __name__ == "__main__":
    _end_with_parent(int(sys.argv[2]))
    _read(sys.argv[1])
