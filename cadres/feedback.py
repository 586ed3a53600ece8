"""All three forms of the province's report, written together: JSON, HTML page, annotated workbook.

The flow's report task and the dry run (`cadres validate`) both call this, so a dry run gives
exactly the report a real submission would.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from cadres.annotate import annotate, opens_source
from cadres.crash_guard import DEATHS_TOLERATED
from cadres.read_marks import deaths, reading
from cadres.report import ReportPaths, report_stem, with_sheets_as_written, write_report
from cadres.text import is_not_utf8, name_as_sent
from schemas.validation import ValidationResult

DRY_RUN_MARKS = ".crash-marks"
"""The folder of the dry runs' crash-guard marks, inside their outbox."""
REPORT_MARKS = ".report"
"""The report's crash-guard marks: `<marks_beside>.report.reading.<pid>.<random>`."""


def write_feedback(
    outbox_dir: Path, summary: dict, result: ValidationResult, source: Path, open_source: bool = True
) -> ReportPaths:
    """Write outbox/<province>/<year>/<file>-<sha8>.{json,html} and …-ket-qua.xlsx(m); without
    `open_source`, the copy holds the summary alone (the page and the JSON locate every problem)."""
    issues = with_sheets_as_written(result.issues, {name: sheet.written_name for name, sheet in result.layout.items()})
    paths = write_report(outbox_dir, summary, issues)
    stem = report_stem(outbox_dir, summary)
    suffix = ".xlsm" if source.suffix.lower() == ".xlsm" else ".xlsx"
    out = stem.with_name(f"{stem.name}-ket-qua{suffix}")
    workbook = annotate(source, result.layout, summary, issues, out, open_source)
    return replace(paths, workbook=workbook)


def write_feedback_guarded(
    outbox_dir: Path, summary: dict, result: ValidationResult, source: Path, marks_beside: Path
) -> ReportPaths:
    """`write_feedback` under the report's own crash-guard mark (`REPORT_MARKS`, beside `marks_beside`):
    marking the province's workbook reads it again (openpyxl, or its XML), and a process dying there
    leaves a death; once two died (one may die beside another file's killer: `DEATHS_TOLERATED`), the
    next report of the file opens nothing, its copy holding the summary alone, so the report is written
    (and a loaded file leaves the inbox) instead of the file killing its report at every run. That
    report takes no mark, so the deaths stand and every later report of those bytes (a dry run's again,
    the same bytes resent) holds the summary alone too. The reader's marks are apart: a report's death
    is no verdict on reading the file, which was read well. A file that could not be opened takes no
    mark either: its copy opens nothing, and its reader's deaths stand."""
    if not opens_source(result.issues):
        return write_feedback(outbox_dir, summary, result, source)
    marked = marks_beside.with_name(marks_beside.name + REPORT_MARKS)
    if deaths(marked) > DEATHS_TOLERATED:  # no mark: a read to its end would clear the deaths behind the verdict
        return write_feedback(outbox_dir, summary, result, source, open_source=False)
    with reading(marked):
        return write_feedback(outbox_dir, summary, result, source)


@contextmanager
def _readable(path: Path) -> Iterator[Path]:
    """The file where the readers can open it. fastexcel takes a path as UTF-8 text, and a name not in
    UTF-8 (its bytes lone surrogates: `name_as_sent`) made the file unreadable to a dry run; it is read
    from a copy under that name read in the Vietnamese code page then, which the logs and a single CSV's
    sheet show (a load reads the archived copy, named by its hash)."""
    if not is_not_utf8(str(path)):
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="cadres-dry-run-") as folder:
        copy = Path(folder) / name_as_sent(path.name)  # the name the logs and a single CSV's sheet show
        if path.is_dir():
            shutil.copytree(path, copy, symlinks=True)
        else:
            shutil.copyfile(path, copy)
        yield copy


def dry_run(
    path: Path, province: str | None, outbox_dir: Path, strict: bool | None = None
) -> tuple[ValidationResult, dict, ReportPaths]:
    """Validate a file and write its three reports without loading anything; `strict` defaults to
    CADRES_STRICT, as a real submission's does, so the verdict is the one the load would give. Read
    under the crash guard's mark, kept beside the reports (`<outbox>/.crash-marks/<sha>.reading.…`; a dry run
    writes nothing where loads keep their marks): a file that kills its reader ends one dry run, and the
    next dry run of those bytes reads them apart first and rejects them unread if that dies too. Its
    report is guarded as a real one's (`write_feedback_guarded`), its marks beside the reader's."""
    from cadres.archive import content_hash
    from cadres.calendar import day_in_vietnam
    from cadres.preparation import read_guarded
    from cadres.settings import get_settings

    strict = get_settings().strict if strict is None else strict
    sha = content_hash(path)
    today = day_in_vietnam(dt.datetime.now(dt.UTC))
    marked = outbox_dir / DRY_RUN_MARKS / sha
    with _readable(path) as readable:  # read, and copied into the annotated workbook (.ods: read again)
        result = read_guarded(readable, marked, province, strict, received_on=today, dry_run=True)
        summary = {
            "file_name": name_as_sent(path.name),
            "submission_id": sha,
            "status": result.status,
            "warehouse": "dry-run",
            "province_code": province or (result.info.province_code if result.info else None),
            "report_year": result.info.report_year if result.info else None,
            **result.counts(),
            **result.sheets_not_loaded(),
        }
        return result, summary, write_feedback_guarded(outbox_dir, summary, result, readable, marked)
