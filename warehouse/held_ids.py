"""Held rows stored by releases before the national ID was kept apart (f9bb4f2) carry it among their raw
values (restricted.quarantine_row): a warehouse upgraded from one has them rewritten once, each ID
replaced by its keyed hash, so that it holds no ID either (contract §3). The archive keeps the files;
the old values may linger in the database's free space until PostgreSQL's VACUUM FULL (or a DuckDB
file's CHECKPOINT and copy) reclaims it."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from warehouse.backend import lock_held_rows, transaction
from warehouse.keys import cadre_hashes
from warehouse.meta import store_version, stored_version
from warehouse.schema import quarantine_row

log = logging.getLogger(__name__)

DONE = "held_ids_hashed"
"""`warehouse_meta`'s key once every held row is written without an ID: the rows are not read again."""

IdOf = Callable[[str, dict], tuple[dict, str | None] | None]
"""(sheet, raw values) → the values without the ID's cell and the ID read from it (None: blank), or None
when the values hold no ID's cell."""

_LIKE_AN_ID = re.compile(r"^\s*\d{9,12}\s*$")
"""A value an ID's column could have held (12 digits; 9, an old identity card's; fewer, lost zeros)."""


def rewrite_held_rows(engine: Engine, id_of: IdOf, key: Callable[[], bytes]) -> int:
    """Replace the ID in each held row `id_of` finds one in by its keyed hash, all in one transaction,
    once per warehouse; the number of rows rewritten. `key` is asked for only when a row has an ID to
    hash: a warehouse with none to rewrite needs no key (a shared one's may not be set where
    `cadres init-warehouse` runs). A value left that looks like an ID (a header no longer matched as
    the ID's) is told in the log, not guessed at."""
    table = quarantine_row
    with transaction(engine) as conn:
        lock_held_rows(conn)
        if stored_version(conn, DONE) is not None:
            return 0
        held = conn.execute(sa.select(table.c.submission_sk, table.c.sheet_name, table.c.excel_row, table.c.raw_values))
        found, suspect = [], 0
        for submission, sheet, row, raw in held:
            values = _parsed(raw)
            split = id_of(sheet, values) if values is not None else None
            if split is not None:
                found.append(({"b_submission": submission, "b_sheet": sheet, "b_row": row}, *split))
            elif values is not None and any(_LIKE_AN_ID.match(str(v)) for v in values.values() if v is not None):
                suspect += 1
        ids = [national_id for _, _, national_id in found if national_id is not None]
        hashes = iter(cadre_hashes(pd.Series(ids, dtype=object), key()).tolist() if ids else [])
        changed = [
            {
                **where,
                "b_values": json.dumps(
                    kept if national_id is None else {**kept, "cadre_hash": next(hashes)}, ensure_ascii=False
                ),
            }
            for where, kept, national_id in found
        ]
        if changed:
            match = (
                (table.c.submission_sk == sa.bindparam("b_submission"))
                & (table.c.sheet_name == sa.bindparam("b_sheet"))
                & (table.c.excel_row == sa.bindparam("b_row"))
            )
            conn.execute(table.update().where(match).values(raw_values=sa.bindparam("b_values")), changed)
        store_version(conn, DONE, "1")
    if suspect:
        log.warning(
            "%d held row(s) stored by an older release hold a value that looks like a national ID under a header "
            "not read as the ID's: check restricted.quarantine_row",
            suspect,
        )
    return len(changed)


def _parsed(raw: str) -> dict | None:
    """A held row's raw values; None for text that is no JSON object (left as it is, never a run's end)."""
    try:
        values = json.loads(raw)
    except (TypeError, ValueError):
        return None
    return values if isinstance(values, dict) else None
