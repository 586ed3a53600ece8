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
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

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


class TreePeak:
    """The largest resident memory of this process and all its descendants at one moment (sampled every
    `interval` seconds): worker processes and a Prefect server started by the phase included."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak_bytes = 0
        self._stop = threading.Event()

    def _sample(self) -> int:
        import psutil  # here, not at the top: the read floor's workers import this module and nothing else

        me = psutil.Process()
        total = me.memory_info().rss
        for child in me.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:  # ended between the listing and the reading
                continue
        return total

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, self._sample())
            self._stop.wait(self.interval)

    @contextmanager
    def watching(self) -> Iterator[TreePeak]:
        watcher = threading.Thread(target=self._watch, daemon=True)
        watcher.start()
        try:
            yield self
        finally:
            self._stop.set()
            watcher.join()


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
    with TreePeak().watching() as tree:
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
    # The process tree's peak, sampled (a Prefect server the phase starts is counted, unlike in the
    # bound below); never below this process's or its largest child's own peak, which the kernel counts exactly.
    peak = max(tree.peak_bytes / 2**20, own.ru_maxrss / 1024, child)
    # The earlier measure, kept for comparison: this process plus every worker at the largest child's peak.
    bound = own.ru_maxrss / 1024 + workers * child
    timings = {"seconds": seconds, "cpu_seconds": cpu, "peak_mib": peak, "peak_bound_mib": bound}
    print(json.dumps({**extra, "phase": name, **timings}))


if __name__ == "__main__":
    main()
