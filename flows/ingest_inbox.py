"""Flow: every file waiting in inbox/<province>/, oldest first.

Reading and validating is most of the work and independent per file, so it runs in worker
processes side by side (`workers`, default one per core); loading and reporting then happen
here, one file at a time in arrival order: the warehouse has one writer, and a province's later
file must supersede its earlier one, never the reverse.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.artifacts import create_progress_artifact, create_table_artifact, update_progress_artifact
from prefect.states import State
from prefect.task_runners import ProcessPoolTaskRunner

from cadres import inbox
from cadres.report import outcome_rows
from cadres.settings import get_settings
from cadres.staging import ReceivedFile
from flows.ingest_submission import load_and_report
from tasks.archive import archive_file
from tasks.validate import validate_file

Job = tuple[inbox.InboxEntry, ReceivedFile]


@flow(name="ingest-inbox")
def ingest_inbox(inbox_dir: str | None = None, strict: bool | None = None, workers: int | None = None) -> list[dict]:
    """Ingest what is waiting; a file leaves the inbox only once it has been archived, loaded and reported."""
    logger = get_run_logger()
    settings = get_settings()
    entries = inbox.pending(Path(inbox_dir) if inbox_dir else settings.inbox_dir)
    strict = settings.strict if strict is None else strict
    workers = max(1, min(workers or settings.workers, len(entries)))
    logger.info("%d file(s) waiting in the inbox; validating with %d worker(s)", len(entries), workers)
    progress = create_progress_artifact(progress=0.0, key="inbox-progress", description="Files taken from the inbox")

    outcomes: list[dict] = []
    jobs: list[Job] = []
    for entry in entries:
        archived = archive_file(entry.path, entry.province, return_state=True)
        if archived.is_completed():
            jobs.append((entry, archived.result()))
        else:
            outcomes.append(_failed(entry, archived))

    for done, ((entry, received), validated) in enumerate(
        zip(jobs, _validated(jobs, strict, workers), strict=True), start=1
    ):
        try:
            if not validated.is_completed():
                raise RuntimeError(validated.message)
            outcomes.append(load_and_report(received, validated.result()))
            inbox.remove(entry)
        except Exception as exc:  # one file's failure must not stop the others; it stays in the inbox
            outcomes.append(_failed(entry, exc))
        update_progress_artifact(progress, progress=100.0 * done / len(jobs))
    if outcomes:
        create_table_artifact(
            key="inbox-outcomes", description="One row per file taken from the inbox", table=outcome_rows(outcomes)
        )
    return outcomes


def _validated(jobs: list[Job], strict: bool, workers: int) -> Iterator[State]:
    """Validation states in job order. With several workers, a few files run ahead in worker
    processes (at most two per worker waiting, so memory stays bounded however long the inbox)."""
    if workers <= 1:
        for entry, received in jobs:
            yield validate_file(received.archive_path, entry.province, strict, return_state=True)
        return
    with ProcessPoolTaskRunner(max_workers=workers) as runner:
        pending = iter(jobs)
        window: deque = deque()

        def submit_next() -> None:
            job = next(pending, None)
            if job is not None:
                entry, received = job
                parameters = {"path": received.archive_path, "folder_province": entry.province, "strict": strict}
                window.append(runner.submit(validate_file, parameters))

        for _ in range(2 * workers):
            submit_next()
        while window:
            future = window.popleft()
            future.wait()
            submit_next()
            yield future.state


def _failed(entry: inbox.InboxEntry, reason: object) -> dict:
    message = getattr(reason, "message", None) or str(reason)
    get_run_logger().error(
        "%s (province %s) failed and stays in the inbox: %s", entry.path.name, entry.province, message
    )
    return {"file_name": entry.path.name, "province_code": entry.province, "status": "failed"}
