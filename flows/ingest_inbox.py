"""Flow: every file waiting in inbox/<province>/, oldest first.

Reading, validating and staging a file (the rows it writes, national IDs already hashed), and writing
its reports (the annotated workbook above all), are most of the work and independent per file, so they
run in worker processes side by side (`workers`, default one per core). Loading happens here, one file
at a time in arrival order, through one warehouse connection held for the run (the embedded DuckDB file
is locked until the run ends): the warehouse has one writer, and a province's later file must supersede
its earlier one, never the reverse. So once a province's file fails, its later files wait in the inbox
for the next run, and a province's file is loaded only after the report of its earlier one is written.
At most two files per worker wait in memory, however long the inbox. A worker that dies (a file that
kills its reader) breaks the pool and every file in it: the pool is made anew and those files go again
(`SENDS`), the killer then read apart by its crash guard and rejected unread (one that kills its report
is reported with a copy holding the summary alone: tasks.report), the others as usual.
"""

from __future__ import annotations

import gc
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prefect import Task, flow, get_run_logger
from prefect.artifacts import create_progress_artifact, create_table_artifact, update_progress_artifact
from prefect.states import State

from cadres import inbox
from cadres.preparation import StagedFile
from cadres.report import outcome_rows
from cadres.settings import get_settings
from cadres.staging import ReceivedFile
from cadres.text import loggable, name_as_sent
from flows.ingest_submission import NOT_REMOVED, load_and_summarise, note_reported, publish
from flows.settling import settled, warn_of_strays
from flows.worker_pool import worker_pool
from tasks.archive import archive_file
from tasks.load import warehouse_for_run
from tasks.report import report
from tasks.validate import validate_and_stage

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

SENDS = 3
"""Times at most that a file's task (its validation, its report) is sent to the pool. A worker that dies
breaks Python's pool and every task in it, whichever file killed it: each goes again in a new pool. A
file that killed its worker is read apart by its crash guard at its next read and rejected unread if
that dies too; one that killed two workers is rejected unread at its third (two deaths), and one whose
report killed two gets a report without its workbook opened at its third (tasks.report); a task whose
pools keep breaking fails after its third and waits for the next run."""
PROGRESS_EVERY = 2.0
"""Seconds between two updates of the run's progress artifact."""
COLLECT_EVERY = 8
"""Files between two full garbage collections in this process. Prefect's futures hold their results (a
file's staged rows and their pickled bytes, a few MB) in reference cycles (a future and its own done
callback), which only a full collection frees, and Python seldom runs one in a process holding
Prefect's many long-lived objects: a national run's loading process held 150 MiB more at its end. One
collection costs about 0.02 s of CPU with the objects older than the run set aside (0.19 s without:
`_older_objects_set_aside`), four in a national run."""


class FilesFailed(RuntimeError):
    """Some files could not be taken this run (they stay in the inbox): the run ends Failed so that
    whoever watches the nightly runs is told, and `outcomes` still says what happened to every file."""

    def __init__(self, outcomes: list[dict]) -> None:
        failed = [o for o in outcomes if o.get("status") == "failed"]
        names = ", ".join(f"{o.get('province_code')}/{loggable(o.get('file_name'))}" for o in failed)
        super().__init__(f"{len(failed)} of {len(outcomes)} file(s) failed and stay in the inbox: {names}")
        self.outcomes = outcomes

    def __reduce__(self) -> tuple:
        """Rebuilt from its outcomes: a failed run's state is pickled (Prefect results, another process)."""
        return (FilesFailed, (self.outcomes,))


@flow(name="ingest-inbox")
def ingest_inbox(
    inbox_dir: str | None = None,
    strict: bool | None = None,
    workers: int | None = None,
    settle_seconds: float | None = None,
) -> list[dict]:
    """Ingest what is waiting; a file leaves the inbox only once it has been archived, loaded and reported.
    A file changed less than `settle_seconds` ago (default CADRES_SETTLE_SECONDS) may still be arriving:
    it waits for the next run. Raises FilesFailed (the run ends Failed) after every file has had its
    turn if any of them failed."""
    settings = get_settings()
    settings.cadre_hash_key()  # a shared warehouse without its key fails the run before any file is taken
    folder = Path(inbox_dir) if inbox_dir else settings.inbox_dir
    warn_of_strays(folder)
    for left in inbox.set_aside(folder):
        get_run_logger().warning(
            "%s was set aside by a removal that did not finish: if its bytes are not in the archive, "
            "give it back its name (.xlsx, .csv) so that the next run takes it",
            loggable(left.relative_to(folder)),
        )
    entries = settled(inbox.pending(folder), settle_seconds)
    run = _InboxRun(settings.strict if strict is None else strict, total=len(entries))
    workers = max(1, min(workers or settings.workers, len(entries)))
    get_run_logger().info("%d file(s) waiting in the inbox; %d worker process(es)", len(entries), workers)
    if entries:
        with _RenewablePool(workers) as run.pool, _older_objects_set_aside():
            run.queue(entries, ahead=2 * workers)
            run.submit_validations()  # worker processes start while the warehouse is opened and checked
            with warehouse_for_run(beside_workers=workers > 1) as warehouse:
                run.warehouse = warehouse
                run.process()
    _show_progress(run.progress, 100.0)  # files skipped at the end leave it short; an empty inbox is done too
    outcomes = [run.outcomes[position] for position in sorted(run.outcomes)]
    if outcomes:
        create_table_artifact(
            key="inbox-outcomes", description="One row per file taken from the inbox", table=outcome_rows(outcomes)
        )
    if any(o.get("status") == "failed" for o in outcomes):
        raise FilesFailed(outcomes)
    return outcomes


@dataclass
class _Job:
    position: int
    entry: inbox.InboxEntry
    received: ReceivedFile
    future: Any = None  # the validation, then the report
    summary: dict | None = None
    task: Task | None = None  # what `future` runs, and with what: sent again if its worker dies
    parameters: dict | None = None
    pool_made: int = 0  # which of the run's pools runs it
    sends: int = 0  # times `task` was sent


class _RenewablePool:
    """The run's workers: Prefect's process pool, made anew when one of its workers dies (Python's pool
    is then broken for good), or this process alone for one worker. A broken pool is closed with the
    run, not at once: a task Prefect is still handing to it (from a thread of its own) then fails as
    broken, and goes again, where closing it would cancel the hand-over and lose the task."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.made = 0  # pools made before the current one
        self.current: Any = None
        self._pools = ExitStack()

    def __enter__(self) -> _RenewablePool:
        self.current = self._pools.enter_context(self._new())
        return self

    def __exit__(self, *exc_info: object) -> bool:
        return self._pools.__exit__(*exc_info)

    def _new(self) -> Any:
        return worker_pool(self.workers) if self.workers > 1 else _InThisProcess()

    def submit(self, task: Task, parameters: dict) -> Any:
        return self.current.submit(task, parameters)

    def renew(self, broken: int) -> None:
        """Make a new pool if pool number `broken` is still the current one (the other files of a broken
        pool find the new one made). Raises, the current pool kept, if the new one cannot start."""
        if broken == self.made:
            self.current = self._pools.enter_context(self._new())
            self.made += 1


class _InboxRun:
    """Validations run ahead in the pool; each file is loaded here in order, then reported in the pool."""

    def __init__(self, strict: bool, total: int) -> None:
        self.strict = strict
        self.outcomes: dict[int, dict] = {}
        self.warehouse: Engine | None = None  # open for the whole run: one writer, no reopening per file
        self.pool: _RenewablePool | None = None
        self.failed_provinces: set[str] = set()
        self.waiting: deque[tuple[int, inbox.InboxEntry]] = deque()  # not yet archived nor submitted
        self.validating: deque[_Job] = deque()  # validating in the pool, in arrival order
        self.reporting: deque[_Job] = deque()  # loaded, their reports being written in the pool
        self.ahead = 1  # files at most validating or reporting at once
        self.progress = create_progress_artifact(0.0, key="inbox-progress", description="Files taken from the inbox")
        self.progress_shown = time.monotonic()
        self.total = max(1, total)

    def archive(self, position: int, entry: inbox.InboxEntry) -> _Job | None:
        if not entry.path.exists():  # another run (the watcher) took it since the inbox was listed
            get_run_logger().info(inbox.TAKEN_ELSEWHERE, loggable(entry.path.name))
            self.total = max(1, self.total - 1)
            return None
        state = archive_file(entry.path, entry.province, return_state=True)
        if state.is_completed():
            return _Job(position, entry, state.result())
        self._fail(position, entry, state.message)
        return None

    def queue(self, entries: list[inbox.InboxEntry], ahead: int) -> None:
        self.waiting.extend(enumerate(entries))
        self.ahead = ahead

    def submit_validations(self) -> None:
        """Keep `ahead` files validating or reporting in the pool. A file is archived just before its
        validation is submitted: the first worker starts after one file is archived, not all of them."""
        while self.waiting and len(self.validating) + len(self.reporting) < self.ahead:
            job = self.archive(*self.waiting.popleft())
            if job is None:
                continue
            self._submit(job, validate_and_stage, {"received": job.received, "strict": self.strict})
            self.validating.append(job)

    def process(self) -> None:
        waiting, validating, reporting = self.waiting, self.validating, self.reporting
        while waiting or validating or reporting:
            self.submit_validations()
            if validating:
                job = validating.popleft()
                for earlier in [r for r in reporting if r.entry.province == job.entry.province]:
                    reporting.remove(earlier)  # its report decides whether this file may load
                    self._finish(earlier)
                if self._load(job):
                    reporting.append(job)
            if reporting and (not validating or len(reporting) >= self.ahead // 2):
                self._finish(reporting.popleft())

    def _load(self, job: _Job) -> bool:
        """Load a validated file here and hand its report to the pool; False if the file failed."""
        if job.entry.province in self.failed_provinces:
            self._fail(job.position, job.entry, "an earlier file of this province failed: this one waits behind it")
            return False
        try:
            state = self._end_state(job)
            if not state.is_completed():
                raise RuntimeError(state.message)
            prepared: StagedFile = state.result()
            job.summary = load_and_summarise(job.received, prepared, self.warehouse)
            self._submit(job, report, {"summary": job.summary, "result": prepared.result, "received": job.received})
            return True
        except Exception as exc:  # one file's failure must not stop the others; it stays in the inbox
            self._fail(job.position, job.entry, exc, job.summary)
            return False

    def _finish(self, job: _Job) -> None:
        try:
            state = self._end_state(job)
            if not state.is_completed():
                raise RuntimeError(f"report not written: {state.message}")
            summary = publish(job.summary, state.result(), job.received, artifacts=False)
            if not inbox.remove(job.entry, job.received.submission_id):
                get_run_logger().warning(NOT_REMOVED, loggable(job.entry.path.name))
            note_reported(job.entry.path, job.received, summary, self.warehouse)
            self._record(job.position, summary)
        except Exception as exc:  # loaded but not reported: it stays in the inbox and is reported next run
            self._fail(job.position, job.entry, exc, job.summary)

    def _submit(self, job: _Job, task: Task, parameters: dict) -> None:
        job.task, job.parameters, job.sends = task, parameters, 0
        self._send(job)

    def _send(self, job: _Job) -> None:
        job.pool_made, job.sends = self.pool.made, job.sends + 1
        job.future = self.pool.submit(job.task, job.parameters)

    def _end_state(self, job: _Job) -> State:
        """The job's task run's final state. A worker that died broke the pool and the futures of every
        file in it, whichever file killed it: the pool is made anew and the task sent again (`SENDS`).
        A file that killed its reader is then read apart by its crash guard and rejected unread, its
        province told the same night (one that killed its report is reported without its workbook
        opened again: tasks.report); the others are read as usual. BrokenProcessPool once the task has
        been sent SENDS times: the file fails and waits for the next run (the next file gets a new pool)."""
        while True:
            try:
                state = _wait(job.future)
                job.task = job.parameters = None  # its end: nothing holds the report's issues any longer
                return state
            except BrokenProcessPool:
                self.pool.renew(job.pool_made)
                if job.sends >= SENDS:
                    raise
                get_run_logger().warning(
                    "a worker process died while %s (province %s) was in the pool (a file may have killed "
                    "its reader): the pool is started again and the file sent again",
                    loggable(job.entry.path.name),
                    job.entry.province,
                )
                self._send(job)

    def _fail(self, position: int, entry: inbox.InboxEntry, reason: object, summary: dict | None = None) -> None:
        logger = get_run_logger()
        shown = loggable(entry.path.name)
        logger.error("%s (province %s) failed and stays in the inbox: %s", shown, entry.province, loggable(reason))
        self.failed_provinces.add(entry.province)
        base = {"file_name": name_as_sent(entry.path.name), "province_code": entry.province}
        self._record(position, {**base, **(summary or {}), "status": "failed", "failure": str(reason)})

    def _record(self, position: int, outcome: dict) -> None:
        """Keep the file's outcome; the progress artifact moves at most once per PROGRESS_EVERY seconds
        (each update is an API call in the loop that loads one file at a time), and to 100 % at the end;
        every COLLECT_EVERY files, the finished files' results are freed."""
        self.outcomes[position] = outcome
        if len(self.outcomes) % COLLECT_EVERY == 0:
            gc.collect()
        now = time.monotonic()
        if now - self.progress_shown >= PROGRESS_EVERY:
            self.progress_shown = now
            _show_progress(self.progress, 100.0 * len(self.outcomes) / self.total)


@contextmanager
def _older_objects_set_aside() -> Iterator[None]:
    """The objects alive when the files' work starts (Prefect's, the modules': some 380,000) are kept out
    of the collector's sight until it ends (gc.freeze): each of COLLECT_EVERY's collections then walks
    only the run's own objects, 0.02 s of CPU instead of 0.19 s in a national run's loading process.
    Garbage already there waits for the run's end. Objects set aside by someone else (another run in
    this process, a server freezing before it forks) are left as they are: the freeze is process-wide."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _show_progress(artifact: Any, percent: float) -> None:
    """Move the run's progress bar; an API error doing so is logged, not raised: a bar not moved is no
    file's failure (raised while a file was being recorded, it made a loaded and reported file 'failed'
    and held back its province's later files)."""
    try:
        update_progress_artifact(artifact, progress=percent)
    except Exception as exc:
        get_run_logger().warning("the run's progress artifact was not updated: %s", loggable(exc))


def _wait(future: Any) -> State:
    future.wait()
    return future.state


class _InThisProcess:
    """One worker: run each task here, with the task runner's `submit` and the future's `wait`/`state`."""

    def __enter__(self) -> _InThisProcess:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def submit(self, task: Task, parameters: dict) -> _Done:
        return _Done(task(**parameters, return_state=True))


@dataclass
class _Done:
    state: State

    def wait(self) -> None:
        return None
