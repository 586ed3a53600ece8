"""Task: read the workbook and apply every rule of the standard."""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from cadres.workbook import UnreadableWorkbook, read_workbook
from schemas.validation import ValidationResult, rejected_unreadable, validate_workbook


@task(name="read-and-validate", cache_policy=NO_CACHE)
def validate_file(path: Path, folder_province: str | None, strict: bool) -> ValidationResult:
    """Rows that may load, rows held back with reasons, and the submission's outcome."""
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
