"""`warehouse_meta`: which release last wrote what `initialise` keeps up to date (reference rows, table
columns, views), so a run rewrites each only when a release changed it."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def stored_version(conn: Connection, key: str) -> str | None:
    return conn.execute(sa.text("SELECT value FROM warehouse_meta WHERE key = :k"), {"k": key}).scalar()


def store_version(conn: Connection, key: str, version: str) -> None:
    conn.execute(sa.text("DELETE FROM warehouse_meta WHERE key = :k"), {"k": key})
    conn.execute(sa.text("INSERT INTO warehouse_meta (key, value) VALUES (:k, :v)"), {"k": key, "v": version})
