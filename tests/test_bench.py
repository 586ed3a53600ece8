"""The benchmark on a tiny set: its phases as the README's command runs them (one process each), its stages."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import schemas.validation as validation
from bench.headings import measure_headings
from bench.run import _mean_of, ratios, run_phase
from bench.stages import BASELINE, STAGES, StageClock, _per_file, measure_stages
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


def test_resubmission_phase_times_each_resubmission_into_both_warehouses(tmp_path: Path) -> None:
    """One province alone in one warehouse, with another province in the other; every resubmission
    replaces the province-year in both, and each is timed in both."""
    first = wb.clean_workbook("08", 2024)
    other = wb.clean_workbook("08", 2023)  # loaded only into the second warehouse
    files = [
        str(wb.write(tmp_path / "08" / name, sheets))
        for name, sheets in (("v1-2024.xlsx", first), ("v1-2023.xlsx", other))
    ]
    resubmits = []
    for version, name in ((2, "Nguyễn Văn Hai"), (3, "Nguyễn Văn Ba")):
        sheets = {sheet: [list(row) for row in rows] for sheet, rows in first.items()}
        sheets["CanBo"][1][1] = name  # the first cadre's full name: other bytes, the same people
        resubmits.append(str(wb.write(tmp_path / "resubmit" / "08" / f"v{version}-2024.xlsx", sheets)))
    warehouses = {label: tmp_path / f"{label}.duckdb" for label in ("one", "all")}
    result = run_phase(
        "resubmission",
        files=files,
        resubmits=[*resubmits, resubmits[0]],
        **{f"{label}_url": f"duckdb:///{path}" for label, path in warehouses.items()},
    )
    for label in ("one", "all"):
        assert len(result[f"{label}_runs"]) == 3 and result[f"{label}_seconds"] == min(result[f"{label}_runs"])
        loads = result[f"{label}_load_runs"]
        assert len(loads) == 3 and all(0 < load < run for load, run in zip(loads, result[f"{label}_runs"], strict=True))
    pairs = [every / one for one, every in zip(result["one_load_runs"], result["all_load_runs"], strict=True)]
    assert result["load_ratio_median"] == sorted(pairs)[1]
    whole = [every / one for one, every in zip(result["one_runs"], result["all_runs"], strict=True)]
    assert result["ratio_median"] == sorted(whole)[1]  # the target's ratio: pairs, not each side's fastest
    for label, path in warehouses.items():
        with duckdb.connect(str(path), read_only=True) as db:
            ledger = db.sql(
                "SELECT file_name, status FROM dim_submission WHERE report_year = 2024 ORDER BY received_at"
            )
            ledger = ledger.fetchall()
            years = db.sql("SELECT DISTINCT report_year FROM dim_submission ORDER BY 1").fetchall()
        assert [status for _, status in ledger] == ["superseded"] * 3 + ["accepted"]
        assert ledger[-1][0] == Path(resubmits[0]).name
        assert years == ([(2024,)] if label == "one" else [(2023,), (2024,)])


def test_a_phase_timed_twice_reports_the_mean_and_keeps_both_runs() -> None:
    """The pipeline is timed on each side of the naive peer; the ratio uses the mean of the two."""
    first = {"seconds": 10.0, "cpu_seconds": 18.0, "peak_mib": 900.0}
    second = {"seconds": 14.0, "cpu_seconds": 22.0, "peak_mib": 1000.0}
    assert _mean_of(first, second) == {"seconds": 12.0, "cpu_seconds": 20.0, "peak_mib": 1000.0, "runs": [10.0, 14.0]}


def test_the_resubmission_target_is_the_median_of_its_pairs_not_each_sides_fastest() -> None:
    """One run of five a third faster on one side made each side's fastest say 1.29 where every pair
    said about 1.02: the ratio is the pairs' median; the table's seconds stay each side's fastest."""
    one = {"seconds": 0.76, "ratio_median": 1.02, "load_ratio_median": 1.03}
    every = {"seconds": 0.98, "ratio_median": 1.02, "load_ratio_median": 1.03}
    phases = {
        "read_floor": {"seconds": 2.0},
        "pipeline, DuckDB": {"seconds": 10.0},
        "naive, DuckDB": {"seconds": 100.0},
        "resubmission_one, DuckDB": one,
        "resubmission_all, DuckDB": every,
    }
    told = ratios(phases, ["duckdb"])
    assert told["resubmission all / one, DuckDB"] == 1.02
    assert told["naive / pipeline, DuckDB"] == 10.0 and told["pipeline / read floor, DuckDB"] == 5.0


def test_stage_timings_cover_every_stage_and_load_every_file(tmp_path: Path) -> None:
    """`python -m bench.stages`: each stage timed on its own; the warm-up file is loaded too but not
    counted, the rest of validation is what its timed parts leave, and validation is unwrapped after."""
    files = [
        str(wb.write(tmp_path / "08" / f"bao-cao-08-{year}.xlsx", wb.clean_workbook("08", year)))
        for year in (2023, 2024, 2025)
    ]
    parse, model = validation.parse_sheet, validation.run_model
    warehouse = tmp_path / "stages.duckdb"
    run = measure_stages(files, f"duckdb:///{warehouse}")
    assert (validation.parse_sheet, validation.run_model) == (parse, model)
    assert list(run["stages"]) == list(STAGES) and run["files"] == 3 and run["warm_up_cpu_seconds"] > 0
    for name in (BASELINE, "our reader", "text to types", "pandera models", "staging", "load"):
        assert run["stages"][name]["cpu_seconds"] > 0 and run["stages"][name]["seconds"] > 0, name
    assert run["stages"]["rest of validation"]["cpu_seconds"] >= 0
    assert run["stages"][BASELINE]["per_baseline"] == 1.0
    assert run["total_cpu_seconds"] == sum(stage["cpu_seconds"] for stage in run["stages"].values())
    # The warm-up is the first file's stages counted once each (validation's parts are inside validation).
    assert run["warm_up_extra_cpu_seconds"] == run["warm_up_cpu_seconds"] - run["total_cpu_seconds"]
    with pytest.raises(ValueError, match="warm-up"):
        measure_stages(files[:1], f"duckdb:///{tmp_path / 'one.duckdb'}")
    with duckdb.connect(str(warehouse), read_only=True) as db:
        years = db.sql("SELECT report_year FROM dim_submission WHERE is_current ORDER BY 1").fetchall()
    assert years == [(2023,), (2024,), (2025,)]


def test_stage_totals_count_validation_parts_once() -> None:
    """Text to types and the models are timed inside validation: the rest is what they leave, and the
    stages add up to the time spent, not more."""
    clock = StageClock()
    for name, seconds in ((BASELINE, 2.0), ("validation", 6.0), ("text to types", 1.0), ("pandera models", 4.0)):
        clock.cpu[name] = clock.wall[name] = seconds
    stages = _per_file(clock, files=2)
    assert stages["rest of validation"]["cpu_seconds"] == 0.5 and stages["pandera models"]["seconds"] == 2.0
    assert sum(stage["cpu_seconds"] for stage in stages.values()) == 4.0  # (2 + 6) / 2 files


def test_a_phases_peak_memory_counts_every_process_it_started_at_once() -> None:
    """A child holding 300 MiB while the phase runs is in the phase's peak (a Prefect server is such a child)."""
    import subprocess
    import sys

    from bench.phases import TreePeak

    hold = "b = bytearray(300 * 2**20); import time; time.sleep(1.5)"
    with TreePeak().watching() as tree:
        subprocess.run([sys.executable, "-c", hold], check=True)
    assert tree.peak_bytes >= 300 * 2**20


def test_the_headings_bench_writes_a_listing_whose_every_heading_the_reader_finds(tmp_path: Path) -> None:
    """bench/headings.py times the reader on communes under headings: its listing must be one the reader
    reads as such (four headings a commune: its own and its three groups), or it would time no heading."""
    run = measure_headings(tmp_path, communes=3, runs=1)
    assert run["headings_written"] == run["headings_found"] == 12
    assert run["fastexcel_cpu_seconds"] > 0 and run["reader_cpu_seconds"] > 0
