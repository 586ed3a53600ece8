"""One benchmark phase per process, so each reports its own time, CPU and peak memory.

python -m bench.phases <phase> <json arguments>   → prints one JSON line

This module is what worker processes import first (they are spawned, as Prefect's process pool
spawns them), so it imports only what the read floor needs: the floor's workers must not pay for the
pipeline's imports. The pipeline's phases live in bench/pipeline_phases.py.
"""

from __future__ import annotations

import importlib
import json
import multiprocessing
import resource
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

import fastexcel


def _worker_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes started as Prefect's process pool starts them (spawn)."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


def _read_sheets(file: str) -> int:
    reader = fastexcel.read_excel(file)
    return sum(
        reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string").to_arrow().num_rows
        for name in reader.sheet_names
    )


def read_floor(files: list[str], workers: int = 1, **_: object) -> None:
    """Only parsing the workbooks with the fastest reader, as many processes as the pipeline uses:
    the floor nothing can beat."""
    if workers <= 1:
        for file in files:
            _read_sheets(file)
        return
    with _worker_pool(workers) as pool:
        list(pool.map(_read_sheets, files))


PIPELINE_PHASES = ("naive", "pipeline", "resubmission", "flow")


def _phase(name: str) -> Callable[..., float | dict | None]:
    if name == "read_floor":
        return read_floor
    if name in PIPELINE_PHASES:
        return getattr(importlib.import_module("bench.pipeline_phases"), name)
    raise SystemExit(f"unknown phase {name!r}")


def main() -> None:
    name, arguments = sys.argv[1], json.loads(sys.argv[2])
    phase = _phase(name)  # imported before the clock starts: the imports are not the phase's work
    before = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    start = time.perf_counter()
    timed = phase(**arguments)  # None: the whole phase is timed; seconds: only part of it; dict: its own timings
    elapsed = time.perf_counter() - start
    extra = timed if isinstance(timed, dict) else {}
    seconds = timed if isinstance(timed, float) else elapsed
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    child = children.ru_maxrss / 1024  # the largest worker
    workers = int(arguments.get("workers", 1)) if child else 0
    # CPU of this process and its workers (not PostgreSQL's server); only where the whole phase is timed.
    used = sum(u.ru_utime + u.ru_stime for u in (own, children)) - sum(u.ru_utime + u.ru_stime for u in before)
    cpu = None if isinstance(timed, float) else used
    # Upper bound of the whole phase: this process plus every worker at the largest worker's peak.
    peak = own.ru_maxrss / 1024 + workers * child
    print(json.dumps({**extra, "phase": name, "seconds": seconds, "cpu_seconds": cpu, "peak_mib": peak}))


if __name__ == "__main__":
    main()
