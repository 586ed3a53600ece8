"""Flow: one province file — archive it, validate it, load what is valid, report back."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from prefect import flow, get_run_logger
from prefect.artifacts import create_link_artifact, create_markdown_artifact

from cadres import inbox
from cadres.inbox import folder_province
from cadres.preparation import StagedFile
from cadres.report import ReportPaths, rows_told
from cadres.settings import get_settings
from cadres.staging import ReceivedFile
from cadres.text import loggable
from tasks.archive import archive_file
from tasks.load import load, mark_reported
from tasks.report import report
from tasks.validate import validate_and_stage

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

CHANGED_SINCE_HANDED_ON = "%s changed after the watcher handed it on: new bytes, counted as received now"
NOT_REMOVED = "%s stays in the inbox: it changed since it was archived (the new version is taken next) or is in use"


@flow(name="ingest-submission")
def ingest_submission(
    path: str,
    province: str | None = None,
    strict: bool | None = None,
    remove_from_inbox: bool = False,
    file_name: str | None = None,
    handed_on_at: dt.datetime | None = None,
    handed_version: str | None = None,
) -> dict:
    """Ingest one workbook (or CSV folder); `province` defaults to the inbox folder it sits in.
    With `remove_from_inbox` (the watcher's runs) the file leaves the inbox once archived and reported.
    `handed_on_at`: when the watcher handed the settled file on. A deployment's runs wait for its one
    slot and are not started in order: a province's earlier file whose run started after its later
    one's would have counted as the newer and replaced it; counted from the handoff, it is overtaken.
    `handed_version`: the content hash of the bytes handed on: other bytes archived (the file overwritten
    since) are the province's newer drop, counted from when this run takes them (counted from the older
    handoff, the correction was overtaken by the file it corrects, and left the inbox). Bytes, not size
    and mtime: a file only touched, or a CSV folder a Mac wrote its `.DS_Store` into, is the same drop."""
    get_settings().cadre_hash_key()  # a shared warehouse without its key fails the run before archiving
    file = inbox.from_parameter(path)
    submitter = province or folder_province(file)
    if remove_from_inbox and not file.exists():  # the nightly run (or another) took it while this one waited
        get_run_logger().info(inbox.TAKEN_ELSEWHERE, loggable(file.name))
        return inbox.skipped(file, submitter)
    archived = archive_file(file, submitter, file_name)
    if handed_version is not None and archived.submission_id != handed_version:
        get_run_logger().info(CHANGED_SINCE_HANDED_ON, loggable(file.name))
        handed_on_at = None
    received = arrived_by(archived, handed_on_at)
    # Validate the archived copy: the bytes recorded are the bytes checked, even if the inbox file changes.
    prepared = validate_and_stage(received, get_settings().strict if strict is None else strict)
    summary = load_and_summarise(received, prepared)
    summary = publish(summary, report(summary, prepared.result, received), received)
    if remove_from_inbox and not inbox.remove(inbox.InboxEntry(file, submitter or ""), received.submission_id):
        get_run_logger().warning(NOT_REMOVED, loggable(file.name))
    note_reported(file, received, summary)
    return summary


def arrived_by(received: ReceivedFile, handed_on_at: dt.datetime | None) -> ReceivedFile:
    """The file as received, its first arrival no later than the watcher's handoff (a naive time is UTC)."""
    if handed_on_at is None:
        return received
    handed = handed_on_at if handed_on_at.tzinfo else handed_on_at.replace(tzinfo=dt.UTC)
    return replace(received, first_archived_at=min(received.first_received_at, handed))


def note_reported(file: Path, received: ReceivedFile, summary: dict, warehouse: Engine | None = None) -> None:
    """After the removal (a crash in between leaves a file unreported, never a waiting one reported):
    the ledger notes the report unless its bytes still wait in the province's folder. A failure here is
    logged, not the file's: its report is written and it has left the inbox; the cost is that the same
    bytes sent again after a later version would be taken for a file left behind (and reported so)."""
    if inbox.still_holds(file, received.archive_path, received.submission_id):
        return
    state = mark_reported(summary["submission_sk"], warehouse, return_state=True)
    if not state.is_completed():
        get_run_logger().warning("%s: its report is not noted in the ledger: %s", loggable(file.name), state.message)


def load_and_summarise(received: ReceivedFile, prepared: StagedFile, warehouse: Engine | None = None) -> dict:
    """Load (shared with the inbox flow, which passes the warehouse it holds open for its run); the outcome
    as the reports and artifacts show it."""
    loaded = load(prepared.staged, warehouse)
    result = prepared.result
    return {
        "file_name": received.file_name,
        "submission_id": received.submission_id,
        "submission_sk": loaded.submission_sk,
        "province_code": received.submitting_province(result),
        "report_year": result.info.report_year if result.info else None,
        "status": result.status,
        "warehouse": loaded.action,
        **result.counts(),
        **result.sheets_not_loaded(),
        "archived_as": str(received.archive_path),
    }


def publish(summary: dict, paths: ReportPaths, received: ReceivedFile, artifacts: bool = True) -> dict:
    """The summary with the report paths; with `artifacts`, the province's report and the outcome are
    linked as run artifacts too (a run of the whole inbox lists every file in one table instead: two
    artifacts per file cost it about 70 ms of API calls each, in the loop that loads one file at a time)."""
    summary = {
        **summary,
        "report_html": str(paths.html),
        "report_json": str(paths.json),
        "report_workbook": str(paths.workbook),
    }
    if not artifacts:
        return summary
    create_link_artifact(
        key="province-report",
        link=paths.html.resolve().as_uri(),
        link_text=f"Báo cáo cho tỉnh {_markdown_text(summary['province_code'])}: {_markdown_text(received.file_name)}",
        description="The page the province receives (JSON and annotated workbook beside it)",
    )
    create_markdown_artifact(
        key="submission-outcome",
        markdown="\n".join(f"- **{k}**: {_markdown_text(v)}" for k, v in {**summary, **rows_told(summary)}.items()),
        description=f"Outcome of {_markdown_text(received.file_name)}",
    )
    return summary


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+!|~-])")


def _markdown_text(value: object) -> str:
    """A value as literal text in the run's Markdown: a province names its file as it likes, and
    '[Báo cáo](http://…) *2024*.xlsx' became a link and emphasis in the operators' UI (a line break in
    it, a new list item)."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(value).splitlines()))
