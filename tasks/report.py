"""Task: write the province's report to its outbox: JSON, an HTML page, its own workbook annotated."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from cadres.annotate import opens_source
from cadres.crash_guard import DEATHS_TOLERATED
from cadres.feedback import write_feedback
from cadres.read_marks import deaths, reading
from cadres.report import ReportPaths
from cadres.settings import get_settings
from cadres.staging import ReceivedFile
from schemas.validation import ValidationResult

REPORT_MARKS = ".report"
"""The report's crash-guard marks lie beside the archived copy as `<copy>.report.reading.<pid>.<random>`."""


@task(name="report", cache_policy=NO_CACHE)
def report(summary: dict, result: ValidationResult, received: ReceivedFile) -> ReportPaths:
    """Every outcome gets a report: sheet, Excel row, header as written, value, reason, fix.

    Marking the province's workbook reads it again (openpyxl, or its XML), under a crash-guard mark of
    the report's own (`REPORT_MARKS`): a process dying there leaves a death, and once two died (one may
    die beside another file's killer: `DEATHS_TOLERATED`), the next report of the file (the inbox run's
    third send, or the next run's) does not open the workbook: its copy holds the summary alone, so
    the report is written and the loaded file leaves the inbox. Unmarked, such a file was loaded again
    each night and killed its report each time, its province never told. The reader's marks are apart:
    a report's death is no verdict on reading the file, which was read well."""
    outbox, archived = get_settings().outbox_dir, received.archive_path
    if not opens_source(result.issues):  # a file that could not be opened: its copy opens nothing
        return write_feedback(outbox, summary, result, archived)
    marked = archived.with_name(archived.name + REPORT_MARKS)
    died_on = deaths(marked) > DEATHS_TOLERATED
    with reading(marked):
        return write_feedback(outbox, summary, result, archived, open_source=not died_on)
