"""All three forms of the province's report, written together: JSON, HTML page, annotated workbook.

The flow's report task and the dry run (`cadres validate`) both call this, so a dry run gives
exactly the report a real submission would.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from cadres.annotate import annotate
from cadres.report import ReportPaths, report_stem, with_sheets_as_written, write_report
from schemas.validation import ValidationResult


def write_feedback(outbox_dir: Path, summary: dict, result: ValidationResult, source: Path) -> ReportPaths:
    """Write outbox/<province>/<year>/<file>-<sha8>.{json,html} and …-ket-qua.xlsx(m)."""
    issues = with_sheets_as_written(result.issues, {name: sheet.written_name for name, sheet in result.layout.items()})
    paths = write_report(outbox_dir, summary, issues)
    stem = report_stem(outbox_dir, summary)
    suffix = ".xlsm" if source.suffix.lower() == ".xlsm" else ".xlsx"
    workbook = annotate(source, result.layout, summary, issues, stem.with_name(f"{stem.name}-ket-qua{suffix}"))
    return replace(paths, workbook=workbook)


def dry_run(
    path: Path, province: str | None, outbox_dir: Path, strict: bool | None = None
) -> tuple[ValidationResult, dict, ReportPaths]:
    """Validate a file and write its three reports without loading anything; `strict` defaults to
    CADRES_STRICT, as a real submission's does, so the verdict is the one the load would give. Read
    under the crash guard's mark, left where the archived copy of these bytes goes: a file that kills
    its reader ends one dry run, not every one after it, nor the load that takes it."""
    from cadres.archive import archived_as, content_hash
    from cadres.preparation import day_in_vietnam, read_guarded
    from cadres.settings import get_settings

    settings = get_settings()
    strict = settings.strict if strict is None else strict
    sha = content_hash(path)
    today = day_in_vietnam(dt.datetime.now(dt.UTC))
    result = read_guarded(path, archived_as(path, sha, settings.archive_dir), province, strict, received_on=today)
    summary = {
        "file_name": path.name,
        "submission_id": sha,
        "status": result.status,
        "warehouse": "dry-run",
        "province_code": province or (result.info.province_code if result.info else None),
        "report_year": result.info.report_year if result.info else None,
        **result.counts(),
        **result.sheets_absent(),
    }
    return result, summary, write_feedback(outbox_dir, summary, result, path)
