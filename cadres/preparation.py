"""Read, validate and stage one received file: the part of a load that runs in a worker process.

Plain functions, no Prefect: the flows' task wraps them, and the benchmark's workers call them as
they are (a spawned worker imports only what this module needs, no database library)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from cadres.calendar import day_in_vietnam
from cadres.crash_guard import READER_DIED, kills_its_reader
from cadres.read_marks import reading
from cadres.staging import ReceivedFile, stage_submission
from cadres.text import loggable
from cadres.workbook import UnreadableWorkbook, read_workbook
from schemas.validation import ValidationResult, rejected_unreadable, validate_workbook
from warehouse.submission_load import SubmissionLoad

_log = logging.getLogger(__name__)


@dataclass
class StagedFile:
    """A file validated and staged: the outcome without its rows (what reports read) and the warehouse rows."""

    result: ValidationResult
    staged: SubmissionLoad


def read_and_validate(
    path: Path,
    folder_province: str | None,
    strict: bool,
    log: logging.Logger | logging.LoggerAdapter = _log,
    received_on: dt.date | None = None,
) -> ValidationResult:
    """Rows that may load, rows held back with reasons, and the submission's outcome (logged). A file
    that cannot be opened is an outcome too (rejected, with the reader's reason), not an exception.
    `received_on`: the day it arrived, which no date in it may be after."""
    try:
        book = read_workbook(path)
    except UnreadableWorkbook as exc:
        cause = f" ({exc.__cause__})" if exc.__cause__ else ""  # the reader's own words, for the operator
        shown = loggable(path.name)  # the file itself in a dry run, named by the province
        log.warning("Province %s: %s is unreadable: %s%s", folder_province or "?", shown, exc, cause)
        return rejected_unreadable(str(exc), exc.rule, **exc.where)
    result = validate_workbook(book, folder_province=folder_province, strict=strict, received_on=received_on)
    log.info(
        "Province %s: %s: %s, %d rows valid, %d held back, %d problems",
        folder_province or "?",
        loggable(path.name),
        result.status,
        result.rows_loaded,
        result.rows_quarantined,
        len(result.issues),
    )
    return result


def prepare_file(
    received: ReceivedFile, strict: bool, hash_key: bytes, log: logging.Logger | logging.LoggerAdapter = _log
) -> StagedFile:
    """Validate the archived copy against the folder it came from and build the rows it writes (national
    IDs hashed here and going no further). The typed sheets stay in this process: only the staged rows
    and the outcome leave it. A file a process died reading is rejected unread (cadres.crash_guard)."""
    arrived = day_in_vietnam(received.first_received_at)  # a rerun judges the day the bytes first came
    path = received.archive_path
    result = read_guarded(path, path, received.folder_province, strict, log, arrived)
    return StagedFile(result.without_rows(), stage_submission(received, result, hash_key))


def read_guarded(
    path: Path,
    marked: Path,
    folder_province: str | None,
    strict: bool,
    log: logging.Logger | logging.LoggerAdapter = _log,
    received_on: dt.date | None = None,
    dry_run: bool = False,
) -> ValidationResult:
    """`read_and_validate` under the crash guard's mark, which lies beside `marked` (the archived copy,
    or a dry run's own place): a file a process died reading is read apart first and rejected unread if
    that dies too (cadres.crash_guard; a dry run's deaths only call for that trial). Where no mark can be
    written, the file is read unmarked (cadres.read_marks.reading says so)."""
    if kills_its_reader(path, marked, trial_only=dry_run):
        log.error("Province %s: %s kills the process reading it: rejected unread", folder_province, loggable(path.name))
        return rejected_unreadable(READER_DIED)
    with reading(marked):
        return read_and_validate(path, folder_province, strict, log, received_on)
