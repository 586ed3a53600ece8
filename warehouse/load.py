"""Load one submission: a resubmission replaces its (province, year) in one transaction.

The same bytes again change nothing. A crash anywhere inside leaves the previous state,
because every statement runs in the one transaction that commits at the end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from warehouse import schema
from warehouse.backend import bulk_insert, lock_province_year, read_frame, transaction
from warehouse.keys import surrogate_key

OPEN_END_YEAR = 9999
TRACKED_ATTRIBUTES = [
    "commune_admin_unit_sk",
    "position_sk",
    "staff_group_sk",
    "education_sk",
    "political_theory_sk",
    "is_party_member",
]
"""Changes in these start a new dim_cadre version (type 2)."""


@dataclass
class SubmissionLoad:
    """Everything one submission writes: its ledger row and rows per submission-scoped table."""

    submission: dict
    rows: dict[str, pd.DataFrame] = field(default_factory=dict)
    courses: pd.DataFrame = field(default_factory=pd.DataFrame)
    issue_counts: pd.DataFrame = field(default_factory=pd.DataFrame)


LoadAction = Literal["loaded", "recorded", "held", "unchanged"]


@dataclass
class LoadResult:
    action: LoadAction
    submission_sk: int
    superseded: list[int]


def _existing_same_bytes(conn: Connection, submission_id: str, locked: bool) -> int | None:
    """The ledger row that makes these bytes a no-op: the version in force, or a file held while the
    province-year is still locked. A rejected file is validated again when sent again: the folder it
    was dropped in, strict mode or the rules may differ."""
    found = conn.execute(
        sa.text(
            "SELECT submission_sk FROM dim_submission WHERE submission_id = :sid "
            "AND (is_current OR (status = 'held' AND :locked)) ORDER BY received_at DESC"
        ),
        {"sid": submission_id, "locked": locked},
    ).first()
    return None if found is None else int(found[0])


def is_locked(conn: Connection, province: str | None, year: int | None) -> bool:
    """A province-year is locked when its latest approval action is an approval."""
    if province is None or year is None:
        return False
    last = conn.execute(
        sa.select(schema.approval.c.action)
        .where(schema.approval.c.province_code == province, schema.approval.c.report_year == year)
        .order_by(schema.approval.c.action_at.desc())
        .limit(1)
    ).scalar()
    return last == "approved"


def record_events(conn: Connection, submission_sk: int, *events: tuple[str, dt.datetime, str | None]) -> None:
    rows = [{"submission_sk": submission_sk, "event": e, "event_at": at, "note": note} for e, at, note in events]
    bulk_insert(conn, schema.submission_event, pd.DataFrame(rows))


def load_submission(engine: Engine, load: SubmissionLoad) -> LoadResult:
    """Record a submission; if it is accepted and its province-year is not locked, make it the
    current version of that province-year."""
    sub = load.submission
    now = dt.datetime.now(dt.UTC)
    with transaction(engine) as conn:
        lock_province_year(conn, sub["province_code"], sub["report_year"])
        locked = is_locked(conn, sub["province_code"], sub["report_year"])
        existing = _existing_same_bytes(conn, sub["submission_id"], locked)
        if existing is not None:
            return LoadResult("unchanged", existing, [])
        outcome = sub["status"]
        received = ("received", sub["received_at"], sub["file_name"])
        if outcome == "rejected" or locked:
            status = "held" if outcome != "rejected" else "rejected"
            row = {**sub, "outcome": outcome, "status": status, "is_current": False}
            bulk_insert(conn, schema.dim_submission, pd.DataFrame([row]))
            events = [received, (outcome, now, None)]
            if status == "held":
                events.append(("held", now, "province-year approved and locked"))
            record_events(conn, sub["submission_sk"], *events)
            bulk_insert(conn, schema.fact_validation_issue, load.issue_counts)
            return LoadResult("held" if status == "held" else "recorded", sub["submission_sk"], [])
        previous = [
            int(r[0])
            for r in conn.execute(
                sa.text(
                    "SELECT submission_sk FROM dim_submission WHERE province_code = :p AND report_year = :y "
                    "AND is_current"
                ),
                {"p": sub["province_code"], "y": sub["report_year"]},
            )
        ]
        bulk_insert(conn, schema.dim_submission, pd.DataFrame([{**sub, "outcome": outcome, "is_current": True}]))
        record_events(conn, sub["submission_sk"], received, (outcome, now, None))
        bulk_insert(conn, schema.fact_validation_issue, load.issue_counts)
        for table in schema.SUBMISSION_SCOPED:
            bulk_insert(conn, table, load.rows.get(table.name, pd.DataFrame()))
        _mark_affected_cadres(conn, [sub["submission_sk"], *previous])
        _retire(conn, previous, sub["province_code"], sub["report_year"], now)
        bulk_insert(conn, schema.dim_course, load.courses)
        _rebuild_cadre_versions(conn)
        return LoadResult("loaded", sub["submission_sk"], previous)


def _retire(conn: Connection, previous: list[int], province: str, year: int, now: dt.datetime) -> None:
    """Remove the superseded versions' rows; their ledger rows and archived files stay."""
    conn.execute(
        schema.dim_course.delete().where(
            schema.dim_course.c.province_code == province, schema.dim_course.c.report_year == year
        )
    )
    if not previous:
        return
    for table in schema.SUBMISSION_SCOPED:
        conn.execute(table.delete().where(table.c.submission_sk.in_(previous)))
    conn.execute(
        schema.dim_submission.update()
        .where(schema.dim_submission.c.submission_sk.in_(previous))
        .values(status="superseded", is_current=False, superseded_at=now)
    )
    for submission_sk in previous:
        record_events(conn, submission_sk, ("superseded", now, None))


def _mark_affected_cadres(conn: Connection, submissions: list[int]) -> None:
    """Remember whose history changes: the cadres of the new and the replaced versions."""
    conn.execute(sa.text("DROP TABLE IF EXISTS tmp_affected_cadre"))
    keys = ", ".join(str(int(s)) for s in submissions)
    conn.execute(
        sa.text(
            f"CREATE TEMPORARY TABLE tmp_affected_cadre AS SELECT DISTINCT cadre_hash "
            f"FROM fact_cadre_snapshot WHERE submission_sk IN ({keys})"
        )
    )


def cadre_versions(snapshots: pd.DataFrame) -> pd.DataFrame:
    """Type-2 versions from yearly snapshots: a new version whenever a tracked attribute changes."""
    if snapshots.empty:
        return pd.DataFrame(columns=[c.name for c in schema.dim_cadre.columns])
    rows = snapshots.sort_values(["cadre_hash", "report_year", "submission_sk"])
    rows = rows.drop_duplicates(["cadre_hash", "report_year"], keep="last").reset_index(drop=True)
    tracked = rows[TRACKED_ATTRIBUTES].astype("string").fillna("∅")
    new_person = rows["cadre_hash"] != rows["cadre_hash"].shift()
    changed = new_person | (tracked != tracked.shift()).any(axis=1)
    rows["version"] = changed.astype("int64").cumsum()
    versions = (
        rows.groupby("version")
        .agg(
            cadre_hash=("cadre_hash", "first"),
            valid_from_year=("report_year", "min"),
            **{name: (name, "first") for name in TRACKED_ATTRIBUTES},
            gender_sk=("gender_sk", "last"),
            ethnicity_sk=("ethnicity_sk", "last"),
            birth_year=("birth_year", "last"),
        )
        .reset_index(drop=True)
    )
    next_from = versions.groupby("cadre_hash")["valid_from_year"].shift(-1)
    versions["valid_to_year"] = (next_from - 1).fillna(OPEN_END_YEAR).astype(int)
    versions["is_current"] = next_from.isna()
    versions["cadre_sk"] = [
        surrogate_key("cadre", h, y) for h, y in zip(versions["cadre_hash"], versions["valid_from_year"], strict=True)
    ]
    return versions


def _rebuild_cadre_versions(conn: Connection) -> None:
    """Recompute dim_cadre for the affected cadres and point their facts at the right version. Only rows
    whose version changes are written (the new submission's rows, mostly): an update rewrites storage."""
    snapshots = read_frame(
        conn,
        f"""
        SELECT f.cadre_hash, f.report_year, f.submission_sk, {", ".join("f." + a for a in TRACKED_ATTRIBUTES)},
               f.gender_sk, f.ethnicity_sk, f.birth_year
        FROM fact_cadre_snapshot f JOIN tmp_affected_cadre a ON a.cadre_hash = f.cadre_hash""",
    )
    conn.execute(sa.text("DELETE FROM dim_cadre WHERE cadre_hash IN (SELECT cadre_hash FROM tmp_affected_cadre)"))
    bulk_insert(conn, schema.dim_cadre, cadre_versions(snapshots))
    for fact in ("fact_cadre_snapshot", "fact_training_attendance"):
        conn.execute(
            sa.text(f"""
            UPDATE {fact} SET cadre_sk = d.cadre_sk
            FROM dim_cadre d
            WHERE d.cadre_hash = {fact}.cadre_hash
              AND {fact}.report_year BETWEEN d.valid_from_year AND d.valid_to_year
              AND {fact}.cadre_hash IN (SELECT cadre_hash FROM tmp_affected_cadre)
              AND {fact}.cadre_sk IS DISTINCT FROM d.cadre_sk""")
        )
    conn.execute(sa.text("DROP TABLE tmp_affected_cadre"))
