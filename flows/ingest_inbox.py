"""Flow: every file waiting in inbox/<province>/, oldest first, each as an ingest-submission run."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger
from prefect.artifacts import create_progress_artifact, create_table_artifact, update_progress_artifact

from cadres import inbox
from cadres.report import outcome_rows
from cadres.settings import get_settings
from flows.ingest_submission import ingest_submission


@flow(name="ingest-inbox")
def ingest_inbox(inbox_dir: str | None = None, strict: bool | None = None) -> list[dict]:
    """Ingest what is waiting; a file leaves the inbox only once it has been archived and recorded."""
    logger = get_run_logger()
    entries = inbox.pending(Path(inbox_dir) if inbox_dir else get_settings().inbox_dir)
    logger.info("%d file(s) waiting in the inbox", len(entries))
    outcomes = []
    progress = create_progress_artifact(progress=0.0, key="inbox-progress", description="Files taken from the inbox")
    for done, entry in enumerate(entries, start=1):
        state = ingest_submission(str(entry.path), province=entry.province, strict=strict, return_state=True)
        if state.is_completed():
            outcomes.append(state.result())
            inbox.remove(entry)
        else:
            logger.error(
                "%s (province %s) failed and stays in the inbox: %s", entry.path.name, entry.province, state.message
            )
            outcomes.append({"file_name": entry.path.name, "province_code": entry.province, "status": "failed"})
        update_progress_artifact(progress, progress=100.0 * done / len(entries))
    if outcomes:
        create_table_artifact(
            key="inbox-outcomes", description="One row per file taken from the inbox", table=outcome_rows(outcomes)
        )
    return outcomes
