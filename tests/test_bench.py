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
