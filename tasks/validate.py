"""Task: read the workbook, apply every rule of the standard, and build the rows it writes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from cadres.settings import get_settings
from cadres.staging import ReceivedFile, stage_submission
from cadres.workbook import UnreadableWorkbook, read_workbook
from schemas.validation import ValidationResult, rejected_unreadable, validate_workbook
from warehouse.submission_load import SubmissionLoad


def read_and_validate(path: Path, folder_province: str | None, strict: bool) -> ValidationResult:
    """Rows that may load, rows held back with reasons, and the submission's outcome (logged)."""
    logger = get_run_logger()
    try:
        book = read_workbook(path)
    except UnreadableWorkbook as exc:
        logger.warning("Province %s: %s is unreadable: %s", folder_province or "?", path.name, exc)
        return rejected_unreadable(str(exc))
    result = validate_workbook(book, folder_province=folder_province, strict=strict)
    logger.info(
        "Province %s: %s: %s, %d rows valid, %d held back, %d problems",
        folder_province or "?",
        path.name,
        result.status,
        result.rows_loaded,
        result.rows_quarantined,
        len(result.issues),
    )
    return result


@dataclass
class StagedFile:
    """A file validated and staged: the outcome without its rows (what reports read) and the warehouse rows."""

    result: ValidationResult
    staged: SubmissionLoad


@task(name="read-validate-and-stage", cache_policy=NO_CACHE)
def validate_and_stage(received: ReceivedFile, folder_province: str | None, strict: bool) -> StagedFile:
    """Validate the archived copy and build the rows it writes (national IDs hashed here and going no
    further) in one task: in the inbox flow it runs in the worker process that read the file, so the
    process that loads (one per run, the run's critical path) only writes, and the typed sheets never
    travel between processes, only the staged rows."""
    result = read_and_validate(received.archive_path, folder_province, strict)
    staged = stage_submission(received, result, get_settings().cadre_hash_key())
    return StagedFile(result.without_rows(), staged)
