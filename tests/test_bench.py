"""The benchmark's phases run as the README's command runs them (one process each), on a tiny set."""

from __future__ import annotations

from pathlib import Path

import duckdb

from bench.run import run_phase
from tests import workbooks as wb


def test_read_floor_and_pipeline_phases_report_time_cpu_and_memory(tmp_path: Path) -> None:
    books = {year: wb.clean_workbook("08", year) for year in (2023, 2024)}
    files = [str(wb.write(tmp_path / "08" / f"bao-cao-08-{year}.xlsx", sheets)) for year, sheets in books.items()]
    floor = run_phase("read_floor", files=files, workers=2)
    warehouse = tmp_path / "bench.duckdb"
    pipeline = run_phase("pipeline", files=files, url=f"duckdb:///{warehouse}", workers=2)
    for result in (floor, pipeline):
        assert result["seconds"] > 0 and result["cpu_seconds"] > 0 and result["peak_mib"] > 0
    with duckdb.connect(str(warehouse), read_only=True) as db:
        years = db.sql("SELECT report_year FROM dim_submission WHERE is_current ORDER BY 1").fetchall()
        cadres = db.sql("SELECT count(*) FROM fact_cadre_snapshot").fetchone()[0]
    listed = sum(len(sheets["CanBo"]) - 1 for sheets in books.values())  # rows under each header
    assert years == [(2023,), (2024,)] and cadres == listed


def test_resubmission_phase_replaces_the_province_year_once_per_resubmission(tmp_path: Path) -> None:
    first = wb.clean_workbook("08", 2024)
    files = [str(wb.write(tmp_path / "08" / "bao-cao-08-2024.xlsx", first))]
    resubmits = []
    for version, name in ((2, "Nguyễn Văn Hai"), (3, "Nguyễn Văn Ba")):
        sheets = {sheet: [list(row) for row in rows] for sheet, rows in first.items()}
        sheets["CanBo"][1][1] = name  # the first cadre's full name: other bytes, the same people
        resubmits.append(str(wb.write(tmp_path / "resubmit" / "08" / f"bao-cao-08-2024-v{version}.xlsx", sheets)))
    warehouse = tmp_path / "bench.duckdb"
    result = run_phase("resubmission", files=files, resubmits=[*resubmits, resubmits[0]], url=f"duckdb:///{warehouse}")
    assert result["seconds"] > 0 and result["cpu_seconds"] is None  # only the resubmissions are timed
    with duckdb.connect(str(warehouse), read_only=True) as db:
        ledger = db.sql("SELECT file_name, status FROM dim_submission ORDER BY received_at").fetchall()
    assert [status for _, status in ledger] == ["superseded"] * 3 + ["accepted"]
    assert ledger[-1][0] == Path(resubmits[0]).name
