"""The pipeline's part that runs in worker processes: read, validate and stage one file.

A module of its own because a spawned worker imports the module of the function it runs: this one
needs no database library (the loading side, bench/pipeline_phases.py, does)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cadres.archive import content_hash
from cadres.inbox import folder_province
from cadres.staging import ReceivedFile, stage_submission
from cadres.workbook import read_workbook
from schemas.validation import validate_workbook
from warehouse.submission_load import SubmissionLoad

KEY = b"benchmark-key"


def prepare(file: str) -> SubmissionLoad:
    """Read, validate and stage one file."""
    path = Path(file)
    result = validate_workbook(read_workbook(path), folder_province(path))
    received = ReceivedFile(content_hash(path), path.name, path, dt.datetime.now(dt.UTC), folder_province(path))
    return stage_submission(received, result, KEY)
