"""Connections and bulk loads: the one place that differs between DuckDB and PostgreSQL.

Everything else talks SQLAlchemy. Bulk rows go the fast way for each engine: an Arrow table
registered in DuckDB and inserted with one statement, or `COPY … FROM STDIN` (CSV written by
Arrow) into PostgreSQL. Both happen inside the caller's transaction.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import psycopg
import pyarrow as pa
import pyarrow.csv as pacsv
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from warehouse.keys import surrogate_key

DUCKDB = "duckdb"


def create_warehouse_engine(url: str) -> Engine:
    """An engine for the URL; a DuckDB file's folder is created if missing."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == DUCKDB and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        return sa.create_engine(url, poolclass=sa.pool.NullPool)  # one writer per file: open, write, close
    return sa.create_engine(url, pool_pre_ping=True)


def is_duckdb(conn: Connection | Engine) -> bool:
    return conn.dialect.name == DUCKDB


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction: everything inside commits together or not at all."""
    with engine.begin() as conn:
        yield conn


def _arrow(frame: pd.DataFrame, table: sa.Table) -> pa.Table:
    """Frame → Arrow with the table's column order; JSON-able objects become text."""
    data = {}
    for column in table.columns:
        values = frame[column.name] if column.name in frame else pd.Series([None] * len(frame), dtype=object)
        if values.dtype == object and values.map(lambda v: isinstance(v, dict | list)).any():
            values = values.map(lambda v: json.dumps(v, ensure_ascii=False) if v is not None else None)
        data[column.name] = values.reset_index(drop=True)
    return pa.Table.from_pandas(pd.DataFrame(data), preserve_index=False)


def bulk_insert(conn: Connection, table: sa.Table, frame: pd.DataFrame) -> int:
    """Append rows with the engine's bulk path; returns the row count."""
    if frame.empty:
        return 0
    arrow = _arrow(frame, table)
    columns = ", ".join(f'"{name}"' for name in arrow.column_names)
    target = f'"{table.schema}"."{table.name}"' if table.schema else f'"{table.name}"'
    raw = conn.connection.driver_connection
    if is_duckdb(conn):
        view = f"_bulk_{table.name}"
        raw.register(view, arrow)
        try:
            conn.execute(sa.text(f"INSERT INTO {target} ({columns}) SELECT {columns} FROM {view}"))
        finally:
            raw.unregister(view)
    else:
        buffer = io.BytesIO()
        pacsv.write_csv(arrow, buffer, pacsv.WriteOptions(include_header=False))
        statement = f"COPY {target} ({columns}) FROM STDIN WITH (FORMAT csv)"
        try:
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                copy.write(buffer.getvalue())
        except psycopg.Error as exc:  # same exception family as statements run through SQLAlchemy
            raise sa.exc.DBAPIError.instance(statement, None, exc, psycopg.Error) from exc
    return arrow.num_rows


def lock_province_year(conn: Connection, province: str | None, year: int | None) -> None:
    """Serialise writers of one province-year until the transaction ends. PostgreSQL: an advisory
    lock; DuckDB already allows a single writer per file."""
    if is_duckdb(conn) or province is None or year is None:
        return
    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": surrogate_key("province-year", province, year)})


def read_frame(conn: Connection, sql: str, params: dict | None = None) -> pd.DataFrame:
    """A query's result as a DataFrame (small results: reports and tests)."""
    result = conn.execute(sa.text(sql), params or {})
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))
