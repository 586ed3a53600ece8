"""Connections and bulk loads: the one place that differs between DuckDB and PostgreSQL.

Everything else talks SQLAlchemy. Bulk rows go the fast way for each engine: an Arrow table
that DuckDB scans in one `INSERT … SELECT`, or `COPY … FROM STDIN` (CSV written by Arrow) into
PostgreSQL, both naming their columns. Both happen inside the caller's transaction.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import psycopg
import pyarrow as pa
import pyarrow.csv as pacsv
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from warehouse.keys import surrogate_key

DUCKDB = "duckdb"
RUN_CHECKPOINT_THRESHOLD = "1GB"


def create_warehouse_engine(url: str, keep_open: bool = False, beside_workers: bool = False) -> Engine:
    """An engine for the URL; a DuckDB file's folder is created if missing.

    DuckDB allows one writing process per file, so by default each use opens the file and closes it
    again. With `keep_open` (a run of many loads, see `open_warehouse`) the one connection stays open:
    closing a DuckDB file checkpoints it, which costs more than a national file's whole load."""
    file = duckdb_file(url)
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        if not keep_open:
            return sa.create_engine(url, poolclass=sa.pool.NullPool)
        # Checkpoint when the run releases the file, not after every few loads: a run's WAL is small
        # beside the time repeated checkpoints of a growing file take.
        config: dict[str, object] = {"checkpoint_threshold": RUN_CHECKPOINT_THRESHOLD}
        if beside_workers:
            # One thread while worker processes validate files on every core: a load's statements are
            # small and DuckDB's thread hand-offs then cost more CPU than they save (34 national loads:
            # 5.8 → 4.7 s). A lone load keeps its threads for the scans a resubmission makes.
            config["threads"] = 1
        return sa.create_engine(url, poolclass=sa.pool.StaticPool, connect_args={"config": config})
    return sa.create_engine(url, pool_pre_ping=True)


def duckdb_file(url: str) -> Path | None:
    """The file an embedded DuckDB URL names (`~` expanded, as DuckDB does); None for PostgreSQL or a
    DuckDB in memory."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != DUCKDB or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser()


@contextmanager
def open_warehouse(url: str, beside_workers: bool = False) -> Iterator[Engine]:
    """One engine for a run of loads, released when the run ends (DuckDB: the file lock with it).
    `beside_workers`: worker processes use the cores meanwhile (see `create_warehouse_engine`)."""
    engine = create_warehouse_engine(url, keep_open=True, beside_workers=beside_workers)
    try:
        yield engine
    finally:
        engine.dispose()


def settle(engine: Engine) -> None:
    """Bring a warehouse to the state autovacuum leaves it in some time after a bulk load: PostgreSQL's
    statistics and visibility map up to date (DuckDB keeps no such state: nothing to do). The benchmark
    settles the warehouse before timing a resubmission, so the resubmission does not race autovacuum."""
    if is_duckdb(engine):
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))


def is_duckdb(conn: Connection | Engine) -> bool:
    return conn.dialect.name == DUCKDB


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction: everything inside commits together or not at all."""
    with engine.begin() as conn:
        yield conn


def _arrow(frame: pd.DataFrame, table: sa.Table) -> pa.Table:
    """Frame → Arrow with the table's column order, column by column (no intermediate frame); a column
    the frame lacks is null, JSON-able objects become text."""
    arrays = []
    for column in table.columns:
        if column.name not in frame:
            arrays.append(pa.nulls(len(frame)))
            continue
        values = frame[column.name]
        first = next(iter(values.dropna()), None) if values.dtype == object else None
        if isinstance(first, dict | list):
            values = values.map(lambda v: json.dumps(v, ensure_ascii=False) if v is not None else None)
        arrays.append(pa.array(values, from_pandas=True))
    return pa.Table.from_arrays(arrays, names=[column.name for column in table.columns])


def bulk_insert(conn: Connection, table: sa.Table, frame: pd.DataFrame) -> int:
    """Append rows with the engine's bulk path; returns the row count."""
    if frame.empty:
        return 0
    arrow = _arrow(frame, table)
    target = f'"{table.schema}"."{table.name}"' if table.schema else f'"{table.name}"'
    raw = conn.connection.driver_connection
    columns = ", ".join(f'"{name}"' for name in arrow.column_names)
    if is_duckdb(conn):
        # DuckDB finds `bulk_rows` among this function's locals (a replacement scan): no view to
        # register and drop per insert, a millisecond saved each. Columns are named, never positional:
        # a warehouse file created by an older release may hold them in another order.
        bulk_rows = arrow  # noqa: F841  (read by DuckDB, by name)
        statement = f"INSERT INTO {target} ({columns}) SELECT {columns} FROM bulk_rows"
        try:
            raw.execute(statement)
        except duckdb.Error as exc:  # same exception family as statements run through SQLAlchemy
            raise sa.exc.DBAPIError.instance(statement, None, exc, duckdb.Error) from exc
    else:
        if any(column.num_chunks > 1 for column in arrow.columns):
            # Arrow's CSV writer (26.0) writes a text column whose first chunk is empty as NUL bytes:
            # such a column comes from pd.concat with an empty frame first.
            arrow = arrow.combine_chunks()
        buffer = io.BytesIO()
        pacsv.write_csv(arrow, buffer, pacsv.WriteOptions(include_header=False))
        statement = f"COPY {target} ({columns}) FROM STDIN WITH (FORMAT csv)"
        try:
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                copy.write(buffer.getvalue())
        except psycopg.Error as exc:  # same exception family as statements run through SQLAlchemy
            raise sa.exc.DBAPIError.instance(statement, None, exc, psycopg.Error) from exc
    return arrow.num_rows


def _advisory_lock(conn: Connection, *name: object) -> None:
    """Hold a PostgreSQL advisory lock named by `name` until the transaction ends; DuckDB already
    allows a single writer per file, so there is nothing to take."""
    if not is_duckdb(conn):
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": surrogate_key(*name)})


def lock_province_year(conn: Connection, province: str | None, year: int | None) -> None:
    """Serialise writers of one province-year until the transaction ends."""
    if province is not None and year is not None:
        _advisory_lock(conn, "province-year", province, year)


def lock_cadre_history(conn: Connection) -> None:
    """Serialise every load that makes a submission current, whatever its province-year, until the
    transaction ends. A cadre's versions in `dim_cadre` are computed from all the years and provinces
    that report them: two loads running at once (the nightly run and the watcher, two years of one
    province, or two provinces reporting one seconded cadre) would each build the history without the
    other's rows and both write it. Always taken after the province-year's lock (no deadlock)."""
    _advisory_lock(conn, "cadre-history")


def lock_reference_data(conn: Connection) -> None:
    """Serialise the rewrites of the reference dimensions: two runs starting after an upgrade would
    both see the old version and both write the rows."""
    _advisory_lock(conn, "reference-data")


def lock_held_rows(conn: Connection) -> None:
    """Serialise the one-time rewrite of held rows (`warehouse.held_ids`): two runs starting after an
    upgrade would both see it not done and both record it done."""
    _advisory_lock(conn, "held-ids")


def lock_calendar(conn: Connection) -> None:
    """Serialise the rewrites of the expected submissions: every loading run makes one as it starts,
    and a second one running meanwhile would insert rows the first has just inserted."""
    _advisory_lock(conn, "calendar")


def read_frame(conn: Connection, sql: str, params: dict | None = None) -> pd.DataFrame:
    """A query's result as a DataFrame (small results: reports and tests)."""
    result = conn.execute(sa.text(sql), params or {})
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


_NULLABLE = {pa.int16(): pd.Int64Dtype(), pa.int32(): pd.Int64Dtype(), pa.int64(): pd.Int64Dtype()}


def read_rows(conn: Connection, sql: str) -> pd.DataFrame:
    """A large query result (thousands of rows, read while loading) with nullable integer columns.
    DuckDB hands it over as Arrow, without a Python object per value."""
    if is_duckdb(conn):
        table = conn.connection.driver_connection.sql(sql).to_arrow_table()
        return table.to_pandas(types_mapper=_NULLABLE.get)
    return read_frame(conn, sql)
