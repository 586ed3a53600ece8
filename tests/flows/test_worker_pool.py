"""The inbox flow's process pool: each worker makes one Prefect API client and reuses it."""

from __future__ import annotations

import os
import uuid

from prefect import flow, task
from prefect.client.orchestration import get_client

from flows.worker_pool import worker_pool


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
