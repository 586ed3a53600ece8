"""The inbox flow's process pool: each worker makes one Prefect API client and reuses it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psutil
from prefect import flow, task
from prefect.client.orchestration import get_client
from prefect.settings import PREFECT_TASKS_DEFAULT_RETRIES, get_current_settings, temporary_settings

from cadres.read_marks import MARK_SUFFIX, reading
from flows.worker_pool import worker_pool
from tests import workbooks as wb


@task
def client_in_use() -> tuple[int, str]:
    """The worker's pid and a tag on the API client this task run was given (tagged on first sight)."""
    client = get_client(sync_client=True)
    if not hasattr(client, "test_tag"):
        client.test_tag = uuid.uuid4().hex
    return os.getpid(), client.test_tag


@flow
def clients_of_task_runs(runs: int) -> list[tuple[int, str]]:
    with worker_pool(2) as pool:
        futures = [pool.submit(client_in_use, {}) for _ in range(runs)]
        return [future.result() for future in futures]


def test_each_worker_reuses_one_client_for_every_task_run() -> None:
    """Prefect would build two clients per task run (each loading the CA bundle into an SSL context);
    with the pool's held client context a worker shows one client however many tasks it runs, and the
    task runs reach this test's API (a client of another server would fail them)."""
    seen = clients_of_task_runs(6)
    assert len(seen) == 6
    tags_per_worker: dict[int, set[str]] = {}
    for pid, tag in seen:
        tags_per_worker.setdefault(pid, set()).add(tag)
    assert os.getpid() not in tags_per_worker  # the tasks ran in the pool's processes
    assert all(len(tags) == 1 for tags in tags_per_worker.values()), tags_per_worker
    assert len({tag for tags in tags_per_worker.values() for tag in tags}) == len(tags_per_worker)


@task
def settings_in_use() -> tuple[int, int, str]:
    """The worker's pid, which settings object this task run got (its number in the worker) and its API.
    The objects seen are kept in a module the worker imports by name: this one's globals come anew with
    each task run (Prefect sends a test's task by value)."""
    from tests.flows.worker_probe import SEEN

    settings = get_current_settings()
    if not any(seen is settings for seen in SEEN):
        SEEN.append(settings)  # held: no later object can take its address
    number = next(n for n, seen in enumerate(SEEN) if seen is settings)
    return os.getpid(), number, str(settings.api.url)


@flow
def settings_of_task_runs(runs: int) -> list[tuple[int, int, str]]:
    with worker_pool(2) as pool:
        futures = [pool.submit(settings_in_use, {}) for _ in range(runs)]
        return [future.result() for future in futures]


def test_each_worker_builds_the_runs_settings_once() -> None:
    """Prefect built the run's settings again for every task run (about 30 ms of CPU each, two a file):
    only the first task run of the pool carries them now, and every worker holds them from its start;
    they still point at this test's API."""
    seen = settings_of_task_runs(8)
    assert len(seen) == 8
    workers = {pid for pid, _, _ in seen}
    assert os.getpid() not in workers
    objects = {(pid, number) for pid, number, _ in seen}
    assert len(objects) <= len(workers) + 1, seen  # the held ones, and the first task run's own
    assert {url for _, _, url in seen} == {str(get_current_settings().api.url)}


@task
def retries_in_use() -> int:
    return get_current_settings().tasks.default_retries


@flow
def settings_changed_after_the_pool_was_made() -> list[int]:
    with worker_pool(2) as pool, temporary_settings(updates={PREFECT_TASKS_DEFAULT_RETRIES: 7}):
        return [pool.submit(retries_in_use, {}).result() for _ in range(3)]


def test_settings_changed_after_the_pool_was_made_still_reach_its_task_runs() -> None:
    """The workers hold the settings of the pool's making: task runs submitted under other settings get
    theirs (changed before the pool's first submit: Prefect keeps that submit's context for its life)."""
    assert settings_changed_after_the_pool_was_made() == [7, 7, 7]


@task
def read_until_stopped(path: str, started: str) -> None:
    with reading(Path(path)):
        Path(started).write_text(str(os.getpid()))
        time.sleep(120)
    Path(f"{started}.ended").touch()  # the read ended well: nobody stopped it


@flow
def stopped_while_reading(path: str, started: str) -> None:
    with worker_pool(1) as pool:
        pool.submit(read_until_stopped, {"path": path, "started": started}).result()


def test_a_worker_stopped_from_outside_leaves_no_crash_guard_mark(tmp_path: Path) -> None:
    """systemd stops the service with SIGTERM to all its processes: a worker reading a file left its
    mark as a death, and a service stopped twice while reading one file got that good file rejected
    unread as one that kills its reader."""
    readable = wb.write_xlsx(tmp_path / "doc-duoc.xlsx", wb.clean_workbook())
    started = tmp_path / "worker.pid"
    run = threading.Thread(target=lambda: stopped_while_reading(str(readable), str(started), return_state=True))
    run.start()
    deadline = time.monotonic() + 120
    while not (started.exists() and started.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists(), "the worker never started reading"
    assert list(tmp_path.glob(f"*{MARK_SUFFIX}.*"))  # the worker is reading, its mark beside the file

    os.kill(int(started.read_text()), signal.SIGTERM)
    run.join(180)

    assert not run.is_alive()
    assert list(tmp_path.glob(f"*{MARK_SUFFIX}*")) == []


@task
def dies_beside_a_read(started: str) -> None:
    """A worker killed by the file it reads (calamine aborting) while the other worker reads a good one."""
    deadline = time.monotonic() + 120
    while not (Path(started).exists() and Path(started).read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(os.getpid(), signal.SIGKILL)


@flow
def a_worker_dies_beside_a_read(path: str, started: str) -> None:
    with worker_pool(2) as pool:
        # Both workers started and watched first: Python 3.11's pool watches the workers it had when its
        # manager began waiting, and one started just after dies unnoticed until another result comes
        # (here the reader's, 120 s later, by when the read had ended well: the test passed, slowly, on
        # nothing). A run's later files bring that result: the inbox flow only notices late.
        for warm_up in [pool.submit(client_in_use, {}) for _ in range(2)]:
            warm_up.result()
        read = pool.submit(read_until_stopped, {"path": path, "started": started})
        pool.submit(dies_beside_a_read, {"started": started}).wait()
        read.wait()


def test_a_file_read_beside_a_killer_counts_no_death(tmp_path: Path) -> None:
    """When a file kills its worker, Python's process pool is broken and stops the other workers with
    SIGTERM: each removes its marks, so the good files read beside the killer are read as usual when the
    inbox run sends them again; left, their marks would count a death each, and a second such death
    would reject them unread as files that kill their reader."""
    readable = wb.write_xlsx(tmp_path / "doc-duoc.xlsx", wb.clean_workbook())
    started = tmp_path / "worker.pid"

    state = a_worker_dies_beside_a_read(str(readable), str(started), return_state=True)

    assert started.exists() and started.read_text(), "the reading worker never started"
    assert state.is_failed()  # the pool broke (this flow, unlike the inbox run, sends nothing again)
    reader = int(started.read_text())
    deadline = time.monotonic() + 30
    while psutil.pid_exists(reader) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not psutil.pid_exists(reader), "the reading worker was not stopped"
    assert not Path(f"{started}.ended").exists()  # stopped mid-read, not after it
    assert list(tmp_path.glob(f"*{MARK_SUFFIX}*")) == []


@task
def dies_the_first_time(tried: str) -> int:
    """Kills its worker unless `tried` exists (made first): a file that kills its reader only by chance."""
    if not Path(tried).exists():
        Path(tried).touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return os.getpid()


@task
def waits_a_little() -> int:
    """A file read beside the killer: still running when its worker is stopped."""
    time.sleep(1.0)
    return os.getpid()


@task
def always_dies() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _job(run: object, task: object, parameters: dict, province: str) -> object:
    from cadres.inbox import InboxEntry
    from flows.ingest_inbox import _Job

    job = _Job(0, InboxEntry(Path(f"{province}.xlsx"), province), received=None)  # type: ignore[arg-type]
    run._submit(job, task, parameters)  # type: ignore[attr-defined]
    return job


@flow
def an_inbox_run_whose_workers_die(tried: str) -> dict[str, object]:
    """The inbox run's pool and sending as the flow uses them: the jobs of a broken pool go again in one
    new pool; a job whose pools keep breaking raises after SENDS, and the job after it gets a new pool."""
    from concurrent.futures.process import BrokenProcessPool

    from flows.ingest_inbox import _InboxRun, _RenewablePool

    run = _InboxRun(strict=False, total=4)
    seen: dict[str, object] = {}
    with _RenewablePool(2) as run.pool:
        for warm_up in [run.pool.submit(client_in_use, {}) for _ in range(2)]:
            warm_up.result()  # both workers watched (see a_worker_dies_beside_a_read)
        beside = _job(run, waits_a_little, {}, "22")
        lucky = _job(run, dies_the_first_time, {"tried": tried}, "08")
        seen["lucky"] = run._end_state(lucky).result()
        seen["beside"] = run._end_state(beside).result()
        seen["pools after the first death"] = run.pool.made
        doomed = _job(run, always_dies, {}, "24")
        try:
            run._end_state(doomed)
        except BrokenProcessPool:
            seen["doomed sent"] = doomed.sends
        seen["pools after the doomed"] = run.pool.made
        seen["next"] = run._end_state(_job(run, waits_a_little, {}, "25")).result()
        seen["pools at the end"] = run.pool.made
    return seen


def test_the_files_of_a_broken_pool_go_again_in_one_new_pool(tmp_path: Path) -> None:
    """Python's pool is broken for good once a worker dies, and every task in it fails: the inbox run
    makes one new pool and sends each again, so the files read beside a killer, and one that killed its
    worker by chance, are taken the same night. A task whose pools keep breaking fails after SENDS
    (waits for the next run) instead of killing pool after pool, and the next file gets a working pool."""
    from flows.ingest_inbox import SENDS

    seen = an_inbox_run_whose_workers_die(str(tmp_path / "tried"))

    assert (tmp_path / "tried").exists()
    assert os.getpid() not in (seen["lucky"], seen["beside"], seen["next"])  # run in the pool's workers
    assert seen["pools after the first death"] == 1  # one new pool for the two files of the broken one
    assert seen["doomed sent"] == SENDS
    assert seen["pools after the doomed"] == 1 + SENDS  # its last death too: the next file's pool works
    assert seen["pools at the end"] == 1 + SENDS


@task
def stop_handling() -> tuple[int, bool]:
    """The worker's pid, and whether a stop from outside removes its crash-guard marks first."""
    return os.getpid(), getattr(signal.getsignal(signal.SIGTERM), "forgets_marks", False)


@flow
def stop_handling_on_dask(runs: int) -> list[tuple[int, bool]]:
    futures = [stop_handling.submit() for _ in range(runs)]
    return [future.result() for future in futures]


def test_the_dask_workers_remove_their_marks_when_stopped() -> None:
    """validate-inbox's Dask workers (dry runs) install the same stop handling as the pool's workers."""
    from flows.validate_inbox import local_dask_runner

    seen = stop_handling_on_dask.with_options(task_runner=local_dask_runner(2))(4)

    assert {pid for pid, _ in seen} - {os.getpid()}  # run in the cluster's processes
    assert all(forgets for _, forgets in seen), seen


def _hold_and_die(lock: object) -> None:
    lock.acquire()  # type: ignore[attr-defined]
    os._exit(0)


_POOL_WITH_A_DEAD_WRITER = """
import multiprocessing
from flows.worker_pool import worker_pool
from tests.flows.test_worker_pool import _hold_and_die
pool = worker_pool(1)
with pool:  # a worker dies while sending a message: the queue's write lock stays taken
    write_lock = pool._subprocess_message_queue._wlock
    dying = multiprocessing.get_context("spawn").Process(target=_hold_and_die, args=(write_lock,))
    dying.start()
    dying.join()
print("pool closed", flush=True)
"""


def test_a_pool_whose_worker_died_mid_message_lets_the_process_end() -> None:
    """The test session hung at exit in CI: the interpreter waited for ever on the feeder thread of the
    pool's message queue, blocked on the write lock a killed worker held."""
    ended = subprocess.run(
        [sys.executable, "-c", _POOL_WITH_A_DEAD_WRITER], capture_output=True, text=True, timeout=120
    )
    assert ended.returncode == 0, ended.stderr
    assert ended.stdout == "pool closed\n"


def test_the_workers_rebuilding_the_inbox_flow_do_not_import_the_warehouse() -> None:
    """A worker imports the flow's module to rebuild the run's context (Prefect sends the flow by name),
    and with it, through tasks.load, SQLAlchemy, DuckDB and psycopg: ~0.3 s of CPU in every worker of
    every run, for processes that never write to the warehouse."""
    warehouse_modules = ("sqlalchemy", "duckdb", "psycopg", "warehouse.backend", "warehouse.load")
    imported = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys, flows.ingest_inbox; print([m for m in {warehouse_modules} if m in sys.modules])",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert imported.stdout.strip() == "[]"
