"""Run by every worker of the local Dask cluster as it starts (Dask's `preload`): what the inbox flow's
process-pool workers do in their initializer (flows/worker_pool.py) for the crash guard's marks."""

from __future__ import annotations

from cadres.read_marks import forget_marks_when_stopped


def dask_setup(worker: object) -> None:
    """A worker stopped from outside (the cluster closed, the service stopped) removes its crash-guard
    marks first: a dry run's mark left by a stop calls for a needless trial of a good file."""
    forget_marks_when_stopped()
