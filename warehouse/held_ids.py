"""Held rows stored by releases before the national ID was kept apart (f9bb4f2) carry it among their raw
values (restricted.quarantine_row): a warehouse upgraded from one has them rewritten once, each ID
replaced by its keyed hash, so that it holds no ID either (contract §3). The archive keeps the files."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from warehouse.backend import transaction
from warehouse.meta import store_version, stored_version
from warehouse.schema import quarantine_row

DONE = "held_ids_hashed"
"""`warehouse_meta`'s key once every held row is written without an ID: the rows are not read again."""


def rewrite_held_rows(engine: Engine, without_id: Callable[[str, str], str | None]) -> int:
    """Rewrite each held row's raw values that `without_id(sheet, raw_values)` changes (None: as it is),
    all in one transaction, once per warehouse; the number of rows rewritten. Rewriting twice (two runs
    upgrading at once) changes nothing: a rewritten row holds no ID."""
    table = quarantine_row
    with transaction(engine) as conn:
        if stored_version(conn, DONE) is not None:
            return 0
        held = conn.execute(sa.select(table.c.submission_sk, table.c.sheet_name, table.c.excel_row, table.c.raw_values))
        changed = [
            {"b_submission": sk, "b_sheet": sheet, "b_row": row, "b_values": values}
            for sk, sheet, row, old in held
            if (values := without_id(sheet, old)) is not None
        ]
        if changed:
            where = (
                (table.c.submission_sk == sa.bindparam("b_submission"))
                & (table.c.sheet_name == sa.bindparam("b_sheet"))
                & (table.c.excel_row == sa.bindparam("b_row"))
            )
            conn.execute(table.update().where(where).values(raw_values=sa.bindparam("b_values")), changed)
        store_version(conn, DONE, "1")
    return len(changed)
