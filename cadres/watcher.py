"""The watched inbox: start one run per completed file dropped in inbox/<province>/.

Provinces copy workbooks over slow links, in chunks, through uploaders that write `x.part` and
rename it at the end, or open them in Excel (which leaves `~$x.xlsx` lock files). A file is
therefore only handed on once it is *complete*: its size and modification time (for a folder of
CSV files: the total size, newest mtime and number of its files) have not changed for
`settle_seconds`. Filesystem events only say "look at this path again"; a single background thread
decides when a path has settled, so watchdog's event thread never sleeps or does I/O.

What happens to a completed file is the caller's choice (`submit`): run the flow in this process
(`run_in_process`) or start a run of a deployment on a Prefect server (`make_deployment_submitter`).
Prefect is imported only inside those two, so importing this module stays cheap.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import queue
import signal
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from cadres import inbox
from cadres.archive import content_hash
from cadres.inbox import PROVINCE_FOLDER, TEMPORARY, InboxEntry
from cadres.report import errors_said_as, rows_told
from cadres.text import loggable

logger = logging.getLogger("cadres.watcher")

Submit = Callable[[InboxEntry], None]

# Events that can mean "this entry's content changed". Opened / closed-without-write are left out:
# the pipeline reading a file must not look like the province writing it.
CHANGE_EVENTS = {EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED, EVENT_TYPE_CLOSED, EVENT_TYPE_DELETED}


class Signature(NamedTuple):
    """What must stay unchanged for a file to count as complete."""

    size: int
    mtime_ns: int
    files: int


def signature(path: Path) -> Signature | None:
    """Size and mtime of a file; for a CSV folder the total size, newest mtime and file count. None if gone."""
    try:
        info = path.stat()
        if not stat.S_ISDIR(info.st_mode):
            return Signature(info.st_size, info.st_mtime_ns, 1)
        # The folder's own mtime moves when an entry is added, removed or renamed (x.csv.part -> x.csv).
        size, newest, files = 0, info.st_mtime_ns, 0
        for child in path.iterdir():
            try:
                child_info = child.stat()
            except FileNotFoundError:
                continue  # removed while listing: the folder's mtime has changed, so it is not settled anyway
            if stat.S_ISREG(child_info.st_mode):
                size, newest, files = size + child_info.st_size, max(newest, child_info.st_mtime_ns), files + 1
        return Signature(size, newest, files)
    except OSError:
        return None


def _label(entry: InboxEntry) -> str:
    return f"{loggable(entry.path.name)} (province {entry.province})"


@dataclass
class _Seen:
    """A path to look at: its last (size, mtime) and when it was last seen changing (monotonic clock)."""

    signature: Signature | None
    changed_at: float


class _EventHandler(FileSystemEventHandler):
    """Only notes which inbox entry an event concerns; never blocks watchdog's thread."""

    def __init__(self, watcher: InboxWatcher) -> None:
        super().__init__()
        self._watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGE_EVENTS:
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                self._watcher.note(Path(os.fsdecode(raw)))


class InboxWatcher:
    """Watches inbox/<province>/ and calls `submit` once for each entry that has finished arriving.

    One background thread polls the candidate paths for stability; one worker thread calls `submit`,
    one entry at a time (in-process runs share one DuckDB file, which allows a single writer). A path
    is never queued again while its submit is pending or running; if it changed meanwhile it is
    submitted again once the run has ended and the new version has settled.
    """

    def __init__(
        self,
        inbox_dir: Path | str,
        submit: Submit,
        settle_seconds: float = 5.0,
        poll_interval: float = 0.5,
        polling: bool = False,
    ) -> None:
        self.inbox_dir = Path(inbox_dir).resolve()
        self.submit = submit
        self.settle_seconds = settle_seconds
        self.poll_interval = poll_interval
        self.polling = polling
        self._lock = threading.Lock()
        self._seen: dict[Path, _Seen] = {}
        self._busy: dict[Path, Signature] = {}  # queued or running: the version handed to submit
        self._done: dict[Path, Signature] = {}  # last version handed to submit, while the path still exists
        self._queue: queue.Queue[tuple[InboxEntry, Signature] | None] = queue.Queue()
        self._stopping = threading.Event()
        self._observer: BaseObserver | None = None
        self._threads: list[threading.Thread] = []

    # Life cycle -----------------------------------------------------------------------------------

    def start(self) -> None:
        """Watch first, then list what is already there, so nothing dropped in between is missed."""
        if self._observer is not None:
            raise RuntimeError("watcher already started")
        self.inbox_dir.mkdir(parents=True, exist_ok=True)
        observer = PollingObserver(timeout=self.poll_interval) if self.polling else Observer()
        observer.schedule(_EventHandler(self), str(self.inbox_dir), recursive=True)
        observer.daemon = True
        observer.start()
        self._observer = observer
        self._threads = [
            threading.Thread(target=self._settle_loop, name="cadres-watcher-settle", daemon=True),
            threading.Thread(target=self._submit_loop, name="cadres-watcher-submit", daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        found = self._scan()
        logger.info(
            "watching %s (%s, settle %.1f s): %d file(s) already waiting",
            self.inbox_dir,
            "polling" if self.polling else "native events",
            self.settle_seconds,
            found,
        )

    def stop(self, timeout: float | None = None) -> None:
        """Stop watching; a submit already running is allowed to finish, queued ones wait for the next start."""
        self._stopping.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout)
        self._queue.put(None)
        for thread in self._threads:
            thread.join(timeout)
        logger.info("stopped watching %s", self.inbox_dir)

    def __enter__(self) -> InboxWatcher:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def run_forever(self) -> None:
        """Watch until Ctrl-C or SIGTERM (how systemd and containers stop a service)."""
        previous = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, lambda *_: self._stopping.set())
        self.start()
        try:
            while not self._stopping.wait(1.0):
                pass
        except KeyboardInterrupt:
            logger.info("interrupted")
        finally:
            self.stop()
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)

    # Events ---------------------------------------------------------------------------------------

    def note(self, path: Path) -> None:
        """Something happened at `path`: (re)start the settle clock of the inbox entry it belongs to."""
        entry = self._entry_path(path)
        if entry is None:
            return
        now = time.monotonic()
        with self._lock:
            seen = self._seen.setdefault(entry, _Seen(None, now))
            seen.changed_at = now

    def _entry_path(self, path: Path) -> Path | None:
        """inbox/08/x.xlsx -> itself; inbox/08/folder/x.csv -> inbox/08/folder; anything else -> None."""
        try:
            parts = path.relative_to(self.inbox_dir).parts
        except ValueError:
            return None
        if len(parts) < 2 or not PROVINCE_FOLDER.match(parts[0]) or TEMPORARY.search(parts[1]):
            return None
        return self.inbox_dir / parts[0] / parts[1]

    def _scan(self) -> int:
        """Note every submission already in the inbox; it still has to settle (it may be mid-copy)."""
        found = 0
        try:
            folders = [f for f in self.inbox_dir.iterdir() if f.is_dir() and PROVINCE_FOLDER.match(f.name)]
        except OSError as exc:
            logger.warning("could not list %s at start-up: %s", self.inbox_dir, exc)
            return found
        for folder in sorted(folders):
            try:
                paths = sorted(folder.iterdir())
            except OSError as exc:  # one unreadable province folder must not hide the others' files
                logger.warning("could not list %s at start-up: %s", folder, exc)
                continue
            for path in paths:
                if inbox.is_submission(path):
                    self.note(path)
                    found += 1
        return found

    # Settling -------------------------------------------------------------------------------------

    def _settle_loop(self) -> None:
        """The one place that decides completeness: poll candidates until unchanged for settle_seconds."""
        while not self._stopping.wait(self.poll_interval):
            try:
                self._tick()
            except Exception:  # keep watching whatever went wrong with one pass
                logger.exception("settle pass failed")

    def _tick(self) -> None:
        with self._lock:
            paths = list(self._seen)
            done = list(self._done)
        probes = {path: (signature(path), inbox.is_submission(path)) for path in paths}
        gone = {path for path in done if not path.exists()}
        now = time.monotonic()
        ready: list[tuple[InboxEntry, Signature]] = []
        with self._lock:
            for path in gone:
                if path not in self._busy:
                    self._done.pop(path, None)  # a new file under the same name is a new submission
            for path, (sig, is_submission) in probes.items():
                seen = self._seen.get(path)
                if seen is None:
                    continue
                entry = InboxEntry(path, path.parent.name)
                if sig is None:
                    del self._seen[path]
                    if seen.signature is not None and path not in self._busy and path not in self._done:
                        logger.info("%s vanished before it was complete; skipped", _label(entry))
                    self._done.pop(path, None)
                    continue
                if sig != seen.signature:
                    seen.signature, seen.changed_at = sig, now
                    continue
                if now - seen.changed_at < self.settle_seconds or path in self._busy:
                    continue  # still arriving, or its run has not ended: look again later
                del self._seen[path]
                if not is_submission or self._done.get(path) == sig:
                    continue  # not a submission (e.g. a folder without CSV files), or unchanged since its run
                self._busy[path] = sig
                ready.append((entry, sig))
        # Oldest first, as the nightly inbox run does: a later file supersedes an earlier one.
        for entry, sig in sorted(ready, key=lambda item: (item[1].mtime_ns, item[0].path.name)):
            logger.info("%s is complete (%d bytes); queued", _label(entry), sig.size)
            self._queue.put((entry, sig))

    # Submitting -----------------------------------------------------------------------------------

    def _submit_loop(self) -> None:
        """Hand settled entries to `submit`, one at a time; a failure is logged and never stops the watcher."""
        while True:
            item = self._queue.get()
            if item is None or self._stopping.is_set():
                return
            entry, sig = item
            if signature(entry.path) != sig:
                # Changed (or gone) while it waited in the queue: let it settle again instead.
                with self._lock:
                    del self._busy[entry.path]
                self.note(entry.path)
                continue
            logger.info("%s: submitting", _label(entry))
            try:
                self.submit(entry)
            except Exception:
                logger.exception("%s: submit failed; it is retried when the file changes again", _label(entry))
            else:
                logger.info("%s: submitted", _label(entry))
            finally:
                with self._lock:
                    del self._busy[entry.path]
                    self._done[entry.path] = sig


# Submitters -----------------------------------------------------------------------------------------


def run_in_process(entry: InboxEntry) -> None:
    """Without a server: run the ingest flow here. The flow itself takes the file out of the inbox once
    it is archived, loaded and reported, and only if it still holds the bytes archived (as deployment
    runs do): a version dropped under the same name meanwhile stays for its own run."""
    from cadres.runtime import configure_prefect

    configure_prefect()
    from flows.ingest_submission import ingest_submission

    state = ingest_submission(
        inbox.as_parameter(entry.path), province=entry.province, remove_from_inbox=True, return_state=True
    )
    if not state.is_completed():
        logger.error("%s failed and stays in the inbox: %s", _label(entry), state.message)
        return
    outcome = state.result()
    if outcome.get("status") == inbox.SKIPPED:
        logger.info("%s was taken by another run", _label(entry))
        return
    rows = rows_told(outcome)
    logger.info(
        "%s: %s (%s), %s row(s) loaded, %s valid, %s %s; report %s",
        _label(entry),
        outcome.get("status"),
        outcome.get("warehouse"),
        rows["rows_loaded"],
        rows["rows_valid"],
        errors_said_as(outcome),
        outcome.get("rows_quarantined"),
        outcome.get("report_html"),
    )


def _content_hash(path: Path) -> str | None:
    """The bytes' hash, or None where the watcher cannot read them (its account, a lock): the run still
    starts, and fails or reads them where the service can, visibly."""
    try:
        return content_hash(path)
    except OSError:
        return None


def make_deployment_submitter(
    deployment_name: str = "ingest-submission/single-file", run: Callable[..., Any] | None = None
) -> Submit:
    """With a server: start a run of the single-file deployment and return at once (`timeout=0`).

    The idempotency key names the file's version, so a watcher restarted over the same inbox does
    not start a second run for a file it already handed on; a changed file gets a new key, and so does
    the same file dropped again after its run took it: a copy that keeps the file's mtime (Explorer,
    SMB) has the same size and mtime, but its inode changed when it was written (`st_ctime_ns`). The
    run is told the bytes handed on (`handed_version`, their content hash): the handoff's time is the
    order of those bytes only, not of a file overwritten before its run took it. The same bytes handed
    on again (a file only touched, a CSV folder a Mac wrote its `.DS_Store` into: a new signature, so a
    new handoff) keep their first handoff's time: a later time let the older drop's second run, started
    before its first, count as newer than the province's correction and replace it.
    `run` defaults to `prefect.deployments.run_deployment` (a parameter so tests need no server).
    """
    first_handed: dict[Path, tuple[str | None, dt.datetime]] = {}  # path → bytes and when they were handed on

    def submit(entry: InboxEntry) -> None:
        sig = signature(entry.path)
        if sig is None:
            raise FileNotFoundError(entry.path)
        path = inbox.as_parameter(entry.path)
        version = _content_hash(entry.path)
        handed_on_at = dt.datetime.now(dt.UTC)
        if version is not None and (known := first_handed.get(entry.path)) and known[0] == version:
            handed_on_at = known[1]
        first_handed[entry.path] = (version, handed_on_at)
        run_deployment = run
        if run_deployment is None:
            from prefect.deployments import run_deployment
        flow_run = run_deployment(
            deployment_name,
            parameters={
                "path": path,
                "province": entry.province,
                "remove_from_inbox": True,
                "handed_on_at": handed_on_at.isoformat(),  # its order, whenever its run starts
                "handed_version": version,
            },
            timeout=0,
            idempotency_key=f"{path}:{sig.mtime_ns}:{sig.size}:{entry.path.stat().st_ctime_ns}",
        )
        logger.info(
            "%s: flow run %s of %s", _label(entry), getattr(flow_run, "name", None) or flow_run, deployment_name
        )

    return submit
