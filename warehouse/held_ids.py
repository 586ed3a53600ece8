"""Held rows stored by releases before the national ID was kept apart (f9bb4f2) carry it among their raw
values (restricted.quarantine_row): a warehouse upgraded from one has them rewritten once, each ID
replaced by its keyed hash, so that it holds no ID either (contract §3). The archive keeps the files;
the old values may linger in the database's free space until PostgreSQL's VACUUM FULL (or a DuckDB
file's CHECKPOINT and copy) reclaims it."""

from __future__ import annotations

import json
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from warehouse.backend import lock_held_rows, transaction
from warehouse.meta import store_version, stored_version
from warehouse.schema import quarantine_row

DONE = "held_ids_hashed"
"""`warehouse_meta`'s key once every held row is written without an ID: the rows are not read again."""

Rewrite = Callable[[list[tuple[str, dict]]], list[dict | None]]
"""Every held row's (sheet, raw values) → its values written anew, or None to leave it as it is."""


def rewrite_held_rows(engine: Engine, rewrite: Rewrite) -> int:
    """Rewrite the held rows' raw values as `rewrite` says, all in one transaction, once per warehouse
    (two runs upgrading at once take turns); the number of rows rewritten. A row whose text is no JSON
    object is left as it is: never a run's end."""
    table = quarantine_row
    with transaction(engine) as conn:
        lock_held_rows(conn)
        if stored_version(conn, DONE) is not None:
            return 0
        held = [
            (submission, sheet, row, values)
            for submission, sheet, row, raw in conn.execute(
                sa.select(table.c.submission_sk, table.c.sheet_name, table.c.excel_row, table.c.raw_values)
            )
            if (values := _parsed(raw)) is not None
        ]
        written = rewrite([(sheet, values) for _, sheet, _, values in held]) if held else []
        changed = [
            {
                "b_submission": submission,
                "b_sheet": sheet,
                "b_row": row,
                "b_values": json.dumps(new, ensure_ascii=False),
            }
            for (submission, sheet, row, _), new in zip(held, written, strict=True)
            if new is not None
        ]
        if changed:
            match = (
                (table.c.submission_sk == sa.bindparam("b_submission"))
                & (table.c.sheet_name == sa.bindparam("b_sheet"))
                & (table.c.excel_row == sa.bindparam("b_row"))
            )
            conn.execute(table.update().where(match).values(raw_values=sa.bindparam("b_values")), changed)
        store_version(conn, DONE, "1")
    return len(changed)


def _parsed(raw: str) -> dict | None:
    """A held row's raw values; None for text that is no JSON object."""
    try:
        values = json.loads(raw)
    except (TypeError, ValueError):
        return None
    return values if isinstance(values, dict) else None
