"""Task: write the province's report to its outbox: JSON, an HTML page, its own workbook annotated."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from cadres.feedback import write_feedback
from cadres.report import ReportPaths
from cadres.settings import get_settings
from cadres.staging import ReceivedFile
from schemas.validation import ValidationResult


@task(name="report", cache_policy=NO_CACHE)
def report(summary: dict, result: ValidationResult, received: ReceivedFile) -> ReportPaths:
    """Every outcome gets a report: sheet, Excel row, header as written, value, reason, fix."""
    return write_feedback(get_settings().outbox_dir, summary, result, received.archive_path)
