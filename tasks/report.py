"""Task: write the province's report to its outbox: JSON, an HTML page, its own workbook annotated."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from cadres.feedback import write_feedback
from cadres.read_marks import reading
from cadres.report import ReportPaths
from cadres.settings import get_settings
from cadres.staging import ReceivedFile
from schemas.validation import ValidationResult


@task(name="report", cache_policy=NO_CACHE)
def report(summary: dict, result: ValidationResult, received: ReceivedFile) -> ReportPaths:
    """Every outcome gets a report: sheet, Excel row, header as written, value, reason, fix. Written
    under the crash guard's mark, as the file was read: marking the province's workbook reads it again
    (openpyxl, or its XML), and a process dying there counts as a death of the file, so the file is
    rejected unread, and its province told, once two processes died on it; unmarked, it was loaded again
    each night and killed the report each time, its province never told."""
    with reading(received.archive_path):
        return write_feedback(get_settings().outbox_dir, summary, result, received.archive_path)
