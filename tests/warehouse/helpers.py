"""Ingest a workbook without Prefect (the flows call the same steps as tasks)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from sqlalchemy.engine import Engine

from cadres.archive import content_hash
from cadres.inbox import folder_province
from cadres.preparation import prepare_file
from cadres.staging import ReceivedFile
from warehouse.backend import read_frame
from warehouse.load import LoadResult, load_submission
from warehouse.setup import initialise
from warehouse.submission_load import SubmissionLoad

KEY = b"test-secret"


def stage_file(
    path: Path, province: str | None = None, received_at: dt.datetime | None = None, strict: bool = False
) -> SubmissionLoad:
    """The rows a file loads, received now unless told when (as the flows stage it, without archiving)."""
    received = ReceivedFile(
        content_hash(path), path.name, path, received_at or dt.datetime.now(dt.UTC), province or folder_province(path)
    )
    return prepare_file(received, strict=strict, hash_key=KEY).staged


def ingest(
    engine: Engine, path: Path, province: str | None = None, received_at: dt.datetime | None = None
) -> LoadResult:
    initialise(engine)
    return load_submission(engine, stage_file(path, province, received_at))


def query(engine: Engine, sql: str) -> pd.DataFrame:
    with engine.connect() as conn:
        return read_frame(conn, sql)


def table_counts(engine: Engine) -> dict[str, int]:
    tables = [
        "dim_submission",
        "dim_cadre",
        "dim_course",
        "fact_cadre_snapshot",
        "fact_training_attendance",
        "fact_course",
        "fact_criteria_status",
        "fact_commune_recognition",
        "restricted.cadre_identity",
        "restricted.quarantine_row",
    ]
    return {t: int(query(engine, f"SELECT COUNT(*) AS n FROM {t}")["n"].iloc[0]) for t in tables}
