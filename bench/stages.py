"""Where a workbook's time goes: each stage of the pipeline timed on its own, file by file, in one process.

    .venv/bin/python -m bench.stages --scale national --files 8            # load into DuckDB
    .venv/bin/python -m bench.stages --scale national --backend postgresql

The benchmark (bench/run.py) times whole phases; this says which stage to work on. The stages run one
after another on the same files in one process, as a worker and the loading process run them:
fastexcel's parse (the read floor's own work: the baseline every stage is compared with), our reader
on top of it (header rows, blank cells, noise rows, legacy fonts), text to types, the pandera models,
the rest of validation (file and cross-sheet rules, cascade, quarantine, issue tables), staging
(dimension keys, cadre HMACs) and the load into a new warehouse, held open as a run holds it. Text to
types and the models are timed by wrapping the two functions `validate_workbook` calls for them.

The first file is a warm-up (reference data, caches, pandera's models built), reported apart: each
worker pays it once. CPU is this process's (DuckDB's threads included, PostgreSQL's server not: its
load is also shown as wall time). Prints a table and writes bench/results/<time>-stages-<scale>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import schemas.validation as validation
from bench.prepare import KEY, must_load, received
from bench.run import ROOT, SCALES, _database, generate, write_result
from cadres.staging import stage_submission
from cadres.workbook import read_workbook, sheet_tables
from warehouse.backend import open_warehouse
from warehouse.load import load_submission
from warehouse.setup import initialise

BASELINE = "fastexcel parse (read floor)"
STAGES = (
    BASELINE,
    "our reader",
    "text to types",
    "pandera models",
    "rest of validation",
    "staging",
    "load",
)


class StageClock:
    """CPU and wall seconds per stage, summed over the files timed."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.wall: dict[str, float] = defaultdict(float)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            yield
        finally:
            self.cpu[name] += time.process_time() - cpu
            self.wall[name] += time.perf_counter() - wall

    def timed(self, name: str, function: Callable) -> Callable:
        def wrapper(*args: object, **kwargs: object) -> object:
            with self.stage(name):
                return function(*args, **kwargs)

        return wrapper


@contextmanager
def _validation_parts_timed(clock: StageClock) -> Iterator[None]:
    """`validate_workbook` calls parse_sheet and run_model by their module names: time them there."""
    parse, model = validation.parse_sheet, validation.run_model
    validation.parse_sheet = clock.timed("text to types", parse)
    validation.run_model = clock.timed("pandera models", model)
    try:
        yield
    finally:
        validation.parse_sheet, validation.run_model = parse, model


def _one_file(clock: StageClock, file: str, engine: object) -> None:
    arrived = received(file)
    with clock.stage(BASELINE):
        tables = sheet_tables(arrived.archive_path)
    with clock.stage("our reader"):
        book = read_workbook(arrived.archive_path, tables=tables)
    with clock.stage("validation"), _validation_parts_timed(clock):
        result = validation.validate_workbook(book, arrived.folder_province)
    must_load(result, file)
    with clock.stage("staging"):
        staged = stage_submission(arrived, result, KEY)
    with clock.stage("load"):
        load_submission(engine, staged)


def _per_file(clock: StageClock, files: int) -> dict[str, dict[str, float]]:
    """Each stage's seconds per file; the rest of validation is what its two timed parts leave."""
    cpu, wall = dict(clock.cpu), dict(clock.wall)
    for totals in (cpu, wall):
        whole = totals.pop("validation", 0.0)
        totals["rest of validation"] = whole - totals.get("text to types", 0.0) - totals.get("pandera models", 0.0)
    return {
        name: {"cpu_seconds": cpu.get(name, 0.0) / files, "seconds": wall.get(name, 0.0) / files} for name in STAGES
    }


def measure_stages(files: list[str], url: str) -> dict:
    """Every stage of every file, loaded into the (new) warehouse at `url`; the first file is the warm-up."""
    if len(files) < 2:
        raise ValueError("stage timings need a warm-up file and at least one file to time")
    warm_up, steady = StageClock(), StageClock()
    with open_warehouse(url, beside_workers=True) as engine:
        initialise(engine)
        _one_file(warm_up, files[0], engine)
        for file in files[1:]:
            _one_file(steady, file, engine)
    stages = _per_file(steady, len(files) - 1)
    baseline = stages[BASELINE]["cpu_seconds"]
    for timing in stages.values():
        timing["per_baseline"] = timing["cpu_seconds"] / baseline if baseline else None
    total = sum(timing["cpu_seconds"] for timing in stages.values())
    warm_up_total = sum(timing["cpu_seconds"] for timing in _per_file(warm_up, 1).values())
    return {
        "files": len(files),
        "warm_up_cpu_seconds": warm_up_total,
        "warm_up_extra_cpu_seconds": warm_up_total - total,
        "stages": stages,
        "total_cpu_seconds": total,
        "total_seconds": sum(timing["seconds"] for timing in stages.values()),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--files", type=int, default=8, help="workbooks timed, the first as warm-up")
    parser.add_argument("--backend", choices=["duckdb", "postgresql"], default="duckdb")
    args = parser.parse_args()
    files = generate(args.scale)[0][: max(2, args.files)]
    work = ROOT / "bench" / "data" / "warehouses"
    work.mkdir(parents=True, exist_ok=True)
    url, drop = _database(args.backend, work)
    try:
        run = measure_stages(files, url)
    finally:
        drop()
    run.update(scale=args.scale, backend=args.backend, measured_at=dt.datetime.now(dt.UTC).isoformat())
    print(f"\nScale {args.scale}, {args.backend}: {len(files) - 1} workbooks timed after one warm-up file\n")
    print(f"{'stage':30} {'CPU ms/file':>12} {'wall ms/file':>13} {'× fastexcel':>12}")
    for name, timing in run["stages"].items():
        ratio = timing["per_baseline"]
        shown = f"{ratio:.2f}" if ratio is not None else "-"
        print(f"{name:30} {1000 * timing['cpu_seconds']:12.1f} {1000 * timing['seconds']:13.1f} {shown:>12}")
    total, wall, baseline = run["total_cpu_seconds"], run["total_seconds"], run["stages"][BASELINE]["cpu_seconds"]
    ratio = f"{total / baseline:.2f}" if baseline else "-"
    print(f"{'all stages':30} {1000 * total:12.1f} {1000 * wall:13.1f} {ratio:>12}", end="")
    baseline_wall = run["stages"][BASELINE]["seconds"]
    server = ", the server's work included" if args.backend == "postgresql" else ""
    print(f"  (wall: {wall / baseline_wall:.2f} ×{server})" if baseline_wall else "")
    print(f"\nthe first file (warm-up, once per worker): {run['warm_up_cpu_seconds']:.2f} s of CPU, ", end="")
    print(f"{run['warm_up_extra_cpu_seconds']:.2f} s more than a file after it")
    print(f"wrote {write_result(run, f'stages-{args.scale}')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
