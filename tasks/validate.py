"""Task: read the workbook, apply every rule of the standard, and build the rows it writes."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from cadres.preparation import StagedFile, prepare_file
from cadres.settings import get_settings
from cadres.staging import ReceivedFile


@task(name="read-validate-and-stage", cache_policy=NO_CACHE)
def validate_and_stage(received: ReceivedFile, strict: bool) -> StagedFile:
    """Validate and stage in one task: in the inbox flow it runs in the worker process that read the
    file, so the process that loads (one per run, the run's critical path) only writes, and the typed
    sheets never travel between processes, only the staged rows."""
    return prepare_file(received, strict, get_settings().cadre_hash_key(), get_run_logger())
