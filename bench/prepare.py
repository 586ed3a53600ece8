"""The pipeline's part that runs in worker processes: read, validate and stage one file.

A module of its own because a spawned worker imports the module of the function it runs: this one
needs no database library (the loading side, bench/pipeline_phases.py, does). It calls what the
flows' task calls (cadres/preparation.py), without Prefect and without archiving the file first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cadres.archive import content_hash
from cadres.inbox import folder_province
from cadres.preparation import prepare_file
from cadres.staging import ReceivedFile
from schemas.validation import ValidationResult
from warehouse.submission_load import SubmissionLoad

KEY = b"benchmark-key"


def received(file: str) -> ReceivedFile:
    """A benchmark file as a flow receives it, read where it lies (the benchmark does not archive)."""
    path = Path(file)
    return ReceivedFile(content_hash(path), path.name, path, dt.datetime.now(dt.UTC), folder_province(path))


def must_load(result: ValidationResult, file: str) -> None:
    """A rejected file stops the benchmark: timing a rejection instead of a load would flatter the pipeline."""
    if result.status == "rejected":
        raise RuntimeError(f"{file} was rejected: the benchmark's files must load")


def prepare(file: str) -> SubmissionLoad:
    """Read, validate and stage one file (its rows, as the run's loading process receives them)."""
    prepared = prepare_file(received(file), strict=False, hash_key=KEY)
    must_load(prepared.result, file)
    return prepared.staged
