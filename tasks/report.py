"""Task: write the province's report to its outbox: JSON, an HTML page, its own workbook annotated."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from cadres.annotate import opens_source
from cadres.feedback import write_feedback
from cadres.read_marks import deaths, reading
from cadres.report import ReportPaths
from cadres.settings import get_settings
from cadres.staging import ReceivedFile
from schemas.validation import ValidationResult


@task(name="report", cache_policy=NO_CACHE)
def report(summary: dict, result: ValidationResult, received: ReceivedFile) -> ReportPaths:
    """Every outcome gets a report: sheet, Excel row, header as written, value, reason, fix.

    Marking the province's workbook reads it again (openpyxl, or its XML), under the crash guard's mark
    as the file's read was: a process dying there (its task is then sent again, `flows.ingest_inbox`)
    leaves a death, and a workbook a process died on is not opened again: its copy holds the summary
    alone, so the report is written and the loaded file leaves the inbox. Unmarked, such a file was
    loaded again each night and killed its report each time, its province never told. A file that
    could not be opened gets a copy that opens nothing, without a mark: one would clear the deaths that
    rejected it."""
    outbox, archived = get_settings().outbox_dir, received.archive_path
    if not opens_source(result.issues):
        return write_feedback(outbox, summary, result, archived)
    died_on = deaths(archived) > 0
    with reading(archived):
        return write_feedback(outbox, summary, result, archived, open_source=not died_on)
