"""Task: write the province's report to its outbox: JSON, an HTML page, its own workbook annotated."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from cadres.feedback import write_feedback_guarded
from cadres.report import ReportPaths
from cadres.settings import get_settings
from cadres.staging import ReceivedFile
from schemas.validation import ValidationResult


@task(name="report", cache_policy=NO_CACHE)
def report(summary: dict, result: ValidationResult, received: ReceivedFile) -> ReportPaths:
    """Every outcome gets a report: sheet, Excel row, header as written, value, reason, fix.

    Written under the report's crash-guard mark beside the archived copy (`write_feedback_guarded`): a
    file that killed its report twice is reported by the next send (the inbox run's third, or the next
    run's) with a copy holding the summary alone. Unguarded, such a file was loaded again each night
    and killed its report each time, its province never told."""
    archived = received.archive_path
    return write_feedback_guarded(get_settings().outbox_dir, summary, result, archived, archived)
