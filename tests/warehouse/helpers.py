"""Ingest a workbook without Prefect (the flows call the same steps as tasks)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from sqlalchemy.engine import Engine

from cadres.archive import content_hash
from cadres.inbox import folder_province
from cadres.staging import ReceivedFile, stage_submission
from cadres.workbook import read_workbook
from schemas.validation import validate_workbook
from warehouse.backend import read_frame
from warehouse.load import LoadResult, load_submission
from warehouse.setup import initialise
from warehouse.submission_load import SubmissionLoad

KEY = b"test-secret"


def stage_file(path: Path, province: str | None = None) -> SubmissionLoad:
    result = validate_workbook(read_workbook(path), folder_province=province or folder_province(path))
    received = ReceivedFile(
        content_hash(path), path.name, path, dt.datetime.now(dt.UTC), province or folder_province(path)
    )
    return stage_submission(received, result, KEY)


def ingest(engine: Engine, path: Path, province: str | None = None) -> LoadResult:
    initialise(engine)
    return load_submission(engine, stage_file(path, province))


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
