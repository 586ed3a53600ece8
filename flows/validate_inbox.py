"""Flow: a dry run of every file waiting in the inbox, files validated in parallel, nothing loaded.

Validation is independent per file, so it spreads over a task runner: threads by default, or a
Dask cluster (`on_local_dask_cluster`, or a remote cluster's address) for a national-size inbox.
"""

from __future__ import annotations

from pathlib import Path

from prefect import Flow, flow, get_run_logger, task, unmapped
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from cadres import inbox
from cadres.feedback import dry_run
from cadres.report import outcome_rows
from cadres.settings import get_settings
from cadres.text import loggable
from flows.settling import settled, warn_of_strays


@task(name="dry-run-file", cache_policy=NO_CACHE)
def dry_run_file(path: str, province: str, strict: bool | None = None) -> dict:
    """Validate one file and write its reports to outbox/dry-run; returns the summary. A file another run
    took since the listing is skipped, not this run's failure (the other files' results still count)."""
    try:
        _, summary, paths = dry_run(Path(path), province, get_settings().outbox_dir / "dry-run", strict)
    except FileNotFoundError:
        get_run_logger().info(inbox.TAKEN_ELSEWHERE, loggable(Path(path).name))
        return inbox.skipped(Path(path), province)
    return {**summary, "report_html": str(paths.html)}


@flow(name="validate-inbox", task_runner=ThreadPoolTaskRunner(max_workers=2))
def validate_inbox(
    inbox_dir: str | None = None, strict: bool | None = None, settle_seconds: float | None = None
) -> list[dict]:
    """Check everything waiting, in parallel; a province learns its problems before the nightly load
    (`strict` defaults to CADRES_STRICT, `settle_seconds` to CADRES_SETTLE_SECONDS, as the nightly load's
    do: a file still being uploaded would be judged truncated)."""
    folder = Path(inbox_dir) if inbox_dir else get_settings().inbox_dir
    warn_of_strays(folder)
    entries = settled(inbox.pending(folder), settle_seconds)
    get_run_logger().info("Validating %d waiting file(s)", len(entries))
    futures = dry_run_file.map([str(e.path) for e in entries], [e.province for e in entries], unmapped(strict))
    outcomes = [future.result() for future in futures]
    if outcomes:
        create_table_artifact(
            key="inbox-dry-run", description="Dry run of the waiting files", table=outcome_rows(outcomes)
        )
    return outcomes


def on_local_dask_cluster(workers: int = 2) -> Flow:
    """The same flow on a local Dask cluster of worker processes (prefect-dask)."""
    return validate_inbox.with_options(task_runner=local_dask_runner(workers))


def local_dask_runner(workers: int) -> TaskRunner:
    """A local Dask cluster of single-threaded worker processes, each set up as it starts."""
    from prefect_dask import DaskTaskRunner

    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": workers,
            "threads_per_worker": 1,
            "processes": True,
            "preload": ["flows.dask_worker_setup"],  # a stop removes the workers' crash-guard marks
        }
    )
