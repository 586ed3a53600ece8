"""Approval and lock of a province-year: once approved, later files are archived and reported but
not loaded until the lock is lifted with a reason, which the ledger records."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from warehouse import schema
from warehouse.backend import bulk_insert, lock_province_year, transaction
from warehouse.load import is_locked, record_events


class ApprovalError(ValueError):
    """The approval or unlock cannot be done as asked (nothing to approve, not locked, no reason)."""


def approve(engine: Engine, province: str, year: int) -> int:
    """Lock the province-year on the version in force; returns that submission's key."""
    now = dt.datetime.now(dt.UTC)
    table = schema.dim_submission
    with transaction(engine) as conn:
        lock_province_year(conn, province, year)
        current = conn.execute(
            sa.select(table.c.submission_sk).where(
                table.c.province_code == province, table.c.report_year == year, table.c.is_current
            )
        ).scalar()
        if current is None:
            raise ApprovalError(f"tỉnh {province} năm {year} chưa có bản nào được chấp nhận để phê duyệt")
        if is_locked(conn, province, year):
            return int(current)
        row = {
            "province_code": province,
            "report_year": year,
            "action": "approved",
            "submission_sk": current,
            "action_at": now,
            "reason": None,
        }
        bulk_insert(conn, schema.approval, pd.DataFrame([row]))
        conn.execute(table.update().where(table.c.submission_sk == current).values(status="approved"))
        record_events(conn, int(current), ("approved", now, None))
        return int(current)


def file_name_of(engine: Engine, archive_path: str) -> str | None:
    """The name the province gave the file archived at `archive_path` (its latest ledger row)."""
    table = schema.dim_submission
    with engine.connect() as conn:
        return conn.execute(
            sa.select(table.c.file_name)
            .where(table.c.archive_path == archive_path)
            .order_by(table.c.received_at.desc())
            .limit(1)
        ).scalar()


def unlock(engine: Engine, province: str, year: int, reason: str) -> list[str]:
    """Lift the lock; returns the archived files held meanwhile (received after the version in force),
    newest first, for reloading."""
    if not reason or not reason.strip():
        raise ApprovalError("mở khóa phải ghi lý do")
    now = dt.datetime.now(dt.UTC)
    table = schema.dim_submission
    with transaction(engine) as conn:
        lock_province_year(conn, province, year)
        if not is_locked(conn, province, year):
            raise ApprovalError(f"tỉnh {province} năm {year} không bị khóa")
        current = conn.execute(
            sa.select(table.c.submission_sk).where(
                table.c.province_code == province, table.c.report_year == year, table.c.is_current
            )
        ).scalar()
        row = {
            "province_code": province,
            "report_year": year,
            "action": "unlocked",
            "submission_sk": current,
            "action_at": now,
            "reason": reason.strip(),
        }
        bulk_insert(conn, schema.approval, pd.DataFrame([row]))
        if current is not None:
            conn.execute(table.update().where(table.c.submission_sk == current).values(status=table.c.outcome))
            record_events(conn, int(current), ("unlocked", now, reason.strip()))
        # Only files newer than the version in force: one held under an earlier lock and since
        # superseded would put an older report over the newer, approved one.
        newer = sa.true()
        if current is not None:
            in_force = sa.select(table.c.received_at).where(table.c.submission_sk == current).scalar_subquery()
            newer = table.c.received_at > in_force
        held = conn.execute(
            sa.select(table.c.archive_path)
            .where(table.c.province_code == province, table.c.report_year == year, table.c.status == "held", newer)
            .order_by(table.c.received_at.desc())
        ).scalars()
        return list(held)
