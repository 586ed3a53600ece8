"""Task: write one submission to the warehouse in one transaction.

The warehouse's modules (SQLAlchemy, DuckDB, psycopg: ~0.3 s of CPU to import) are imported where the
tasks use them, not with this module: the inbox flow's worker processes import it with the flow, whose
context Prefect sends them, but never write to the warehouse."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from prefect import Task, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.states import State

from cadres.calendar import expected_submissions
from cadres.settings import get_settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from warehouse.load import LoadResult
    from warehouse.submission_load import SubmissionLoad

TRANSIENT_SQLSTATES = {"40001", "40P01", "08000", "08003", "08006", "57P01"}
"""Serialization failure, deadlock, connection lost, admin shutdown: worth a retry."""
MISCONFIGURED = (
    "does not exist",  # the database or the role named in the URL
    "password authentication failed",
    "no password supplied",
    "no pg_hba.conf entry",
    "could not translate host name",  # libpq's words for a host no name server knows
    "name or service not known",  # psycopg's (it resolves the name itself); not "temporary failure"
    "invalid dsn",
    "invalid connection option",
)
"""What the server or libpq says of a URL that is wrong, not of a server that is busy or restarting: a
retry cannot help (psycopg raises these as OperationalError, without an SQLSTATE), and five retries kept
the operator waiting four minutes before the error."""


def is_transient(task: Task, task_run: TaskRun, state: State) -> bool:
    """Retry only database hiccups, never bad data, bugs or a misconfigured warehouse."""
    from sqlalchemy.exc import DBAPIError, OperationalError

    try:
        state.result()
    except OperationalError as exc:
        return not is_misconfigured(exc)
    except DBAPIError as exc:
        if "could not set lock" in str(exc).lower():  # another process is writing the DuckDB file
            return True
        return getattr(exc.orig, "sqlstate", None) in TRANSIENT_SQLSTATES
    except Exception:
        return False
    return False


def is_misconfigured(exc: Exception) -> bool:
    """Whether a database error says the warehouse URL is wrong (see MISCONFIGURED)."""
    said = str(getattr(exc, "orig", None) or exc).lower()
    return any(words in said for words in MISCONFIGURED)


@contextmanager
def warehouse_for_run(beside_workers: bool = False) -> Iterator[Engine]:
    """The configured warehouse, created if missing and its calendar synced, open for a run of loads
    (`beside_workers`: while worker processes validate files)."""
    from warehouse.backend import open_warehouse
    from warehouse.setup import initialise, sync_calendar

    settings = get_settings()
    with open_warehouse(settings.resolved_warehouse_url, beside_workers) as engine:
        initialise(engine)
        sync_calendar(engine, expected_submissions(settings.calendar_file))
        hash_held_ids(engine)
        yield engine


def hash_held_ids(engine: Engine) -> int:
    """Held rows an older release stored with the national ID get its keyed hash instead, once per
    warehouse (`warehouse.held_ids`): a loading run or `cadres init-warehouse` after an upgrade does it."""
    from functools import partial

    from cadres.staging import held_rows_without_ids
    from warehouse.held_ids import rewrite_held_rows

    rewritten = rewrite_held_rows(engine, partial(held_rows_without_ids, key=get_settings().cadre_hash_key))
    if rewritten:
        logging.getLogger(__name__).warning(
            "%d held row(s) stored by an older release kept the national ID: it is replaced by its keyed hash",
            rewritten,
        )
    return rewritten


@contextmanager
def _given_or_configured(warehouse: Engine | None, set_up: bool) -> Iterator[Engine]:
    """The warehouse a run of many files holds open, or else the configured one, opened (and released)
    for this one step; `set_up` as `warehouse_for_run` does, for a step that loads."""
    from warehouse.backend import open_warehouse

    if warehouse is not None:
        yield warehouse
        return
    with warehouse_for_run() if set_up else open_warehouse(get_settings().resolved_warehouse_url) as engine:
        yield engine


WAREHOUSE_RETRIES = {
    "retries": 5,
    # Long enough to wait out a nightly run that holds the embedded DuckDB file.
    "retry_delay_seconds": [2, 10, 30, 60, 120],
    "retry_condition_fn": is_transient,
}
"""Retry policy of the tasks that write to the warehouse: transient database errors only."""


@task(name="load-warehouse", cache_policy=NO_CACHE, **WAREHOUSE_RETRIES)
def load(staged: SubmissionLoad, warehouse: Engine | None = None) -> LoadResult:
    """Replace the province-year atomically; the same bytes again are a no-op. A run of many files
    passes its open `warehouse`; a single file opens (and releases) the configured one."""
    from warehouse.load import load_submission

    with _given_or_configured(warehouse, set_up=True) as engine:
        result = load_submission(engine, staged)
    sub = staged.submission
    get_run_logger().info(
        "Province %s year %s: %s (%s)", sub["province_code"], sub["report_year"], result.action, sub["status"]
    )
    return result


@task(name="record-reported", cache_policy=NO_CACHE, **WAREHOUSE_RETRIES)
def mark_reported(submission_sk: int, warehouse: Engine | None = None) -> None:
    """Note in the ledger that this file's report is written and its bytes have left the inbox: the same
    bytes sent after this load again, where a file left in the inbox would not (warehouse.load._left_behind)."""
    from warehouse.load import record_reported

    with _given_or_configured(warehouse, set_up=False) as engine:
        record_reported(engine, submission_sk)
