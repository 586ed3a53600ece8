"""Flow: every file waiting in inbox/<province>/, oldest first.

Reading and validating a file, and writing its reports (the annotated workbook above all), are
most of the work and independent per file, so they run in worker processes side by side
(`workers`, default one per core). Loading happens here, one file at a time in arrival order: the
warehouse has one writer, and a province's later file must supersede its earlier one, never the
reverse. At most two files per worker wait in memory, however long the inbox.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefect import Task, flow, get_run_logger
from prefect.artifacts import create_progress_artifact, create_table_artifact, update_progress_artifact
from prefect.states import State
from prefect.task_runners import ProcessPoolTaskRunner

from cadres import inbox
from cadres.report import outcome_rows
from cadres.settings import get_settings
from cadres.staging import ReceivedFile
from flows.ingest_submission import load_and_summarise, publish
from tasks.archive import archive_file
from tasks.report import report
from tasks.validate import validate_file


@flow(name="ingest-inbox")
def ingest_inbox(inbox_dir: str | None = None, strict: bool | None = None, workers: int | None = None) -> list[dict]:
    """Ingest what is waiting; a file leaves the inbox only once it has been archived, loaded and reported."""
    logger = get_run_logger()
    settings = get_settings()
    entries = inbox.pending(Path(inbox_dir) if inbox_dir else settings.inbox_dir)
    workers = max(1, min(workers or settings.workers, len(entries)))
    logger.info("%d file(s) waiting in the inbox; %d worker process(es)", len(entries), workers)

    jobs: list[_Job] = []
    failed: list[dict] = []
    for entry in entries:
        archived = archive_file(entry.path, entry.province, return_state=True)
        if archived.is_completed():
            jobs.append(_Job(entry, archived.result()))
        else:
            failed.append(_failed(entry, archived.message))

    with ProcessPoolTaskRunner(max_workers=workers) if workers > 1 else _InThisProcess() as pool:
        outcomes = _Pipeline(pool, workers, settings.strict if strict is None else strict).run(jobs)
    outcomes += failed
    if outcomes:
        create_table_artifact(
            key="inbox-outcomes", description="One row per file taken from the inbox", table=outcome_rows(outcomes)
        )
    return outcomes


@dataclass
class _Job:
    entry: inbox.InboxEntry
    received: ReceivedFile
    future: Any = None  # validation, then report
    summary: dict | None = None


class _Pipeline:
    """Validations run ahead in the pool; each file is loaded here in order, then reported in the pool."""

    def __init__(self, pool: Any, workers: int, strict: bool) -> None:
        self.pool, self.ahead, self.strict = pool, 2 * workers, strict

    def run(self, jobs: list[_Job]) -> list[dict]:
        progress = create_progress_artifact(0.0, key="inbox-progress", description="Files taken from the inbox")
        waiting, validating, reporting = deque(jobs), deque(), deque()
        outcomes: list[dict] = []
        while waiting or validating or reporting:
            while waiting and len(validating) + len(reporting) < self.ahead:
                job = waiting.popleft()
                parameters = {"path": job.received.archive_path, "folder_province": job.entry.province}
                job.future = self.pool.submit(validate_file, {**parameters, "strict": self.strict})
                validating.append(job)
            if validating:
                job = validating.popleft()
                if self._load(job):
                    reporting.append(job)
                else:
                    outcomes.append(job.summary)
            if reporting and (not validating or len(reporting) >= self.ahead // 2):
                outcomes.append(self._finish(reporting.popleft()))
            update_progress_artifact(progress, progress=100.0 * len(outcomes) / max(1, len(jobs)))
        return outcomes

    def _load(self, job: _Job) -> bool:
        """Load a validated file here and hand its report to the pool; False if the file failed."""
        state = _wait(job.future)
        try:
            if not state.is_completed():
                raise RuntimeError(state.message)
            result = state.result()
            job.summary = load_and_summarise(job.received, result)
            job.future = self.pool.submit(report, {"summary": job.summary, "result": result, "received": job.received})
            return True
        except Exception as exc:  # one file's failure must not stop the others; it stays in the inbox
            job.summary = _failed(job.entry, exc)
            return False

    def _finish(self, job: _Job) -> dict:
        state = _wait(job.future)
        if not state.is_completed():
            return _failed(job.entry, state.message)
        summary = publish(job.summary, state.result(), job.received)
        inbox.remove(job.entry)
        return summary


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


def _failed(entry: inbox.InboxEntry, reason: object) -> dict:
    logger = get_run_logger()
    logger.error("%s (province %s) failed and stays in the inbox: %s", entry.path.name, entry.province, reason)
    return {"file_name": entry.path.name, "province_code": entry.province, "status": "failed"}
