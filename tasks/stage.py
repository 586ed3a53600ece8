"""Task: shape validated rows into warehouse rows (keys, hashed IDs, code keys)."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from cadres.settings import get_settings
from cadres.staging import ReceivedFile, stage_submission
from schemas.validation import ValidationResult
from warehouse.submission_load import SubmissionLoad


@task(name="stage", cache_policy=NO_CACHE)
def stage(received: ReceivedFile, result: ValidationResult) -> SubmissionLoad:
    """Build the rows this submission writes; national IDs are hashed here and go no further."""
    return stage_submission(received, result, get_settings().cadre_hash_key())
