"""Create the warehouse: schemas, tables with comments, reference dimensions, reporting views."""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
from functools import lru_cache
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from schemas import codelists as cl
from schemas import reference_data, rules
from warehouse import reference_dims as ref
from warehouse import schema
from warehouse.backend import bulk_insert, lock_calendar, lock_reference_data, transaction
from warehouse.meta import store_version, stored_version
from warehouse.views import create_views

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _reference_rows() -> dict[sa.Table, pd.DataFrame]:
    """Built once per process: the reference data does not change while it runs."""
    rows = {
        schema.dim_date: ref.dim_date_rows(),
        schema.dim_admin_unit: ref.dim_admin_unit_rows(),
        schema.bridge_commune_successor: ref.bridge_commune_successor_rows(),
        schema.dim_criterion: ref.dim_criterion_rows(),
        schema.dim_ethnicity: ref.dim_ethnicity_rows(),
        schema.dim_position: ref.dim_position_rows(),
    }
    for codelist in cl.CODE_LISTS:
        rows[schema.CODE_DIMENSIONS[codelist.name]] = ref.code_dimension_rows(codelist)
    rows[schema.dim_rule] = ref.dim_rule_rows()
    return rows


def reference_version() -> str:
    """A fingerprint of everything the reference dimensions are built from: the admin-unit package's
    version, the reference CSVs and the modules that turn them into rows. Reading it costs a few
    milliseconds; building the rows to compare them would cost most of a second on every run."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(importlib.metadata.version("vietnamadminunits").encode())
    modules = (cl, reference_data, rules, ref)
    for path in [*sorted(cl.REFERENCE_DIR.glob("*.csv")), *(Path(m.__file__ or "") for m in modules)]:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def initialise(engine: Engine) -> None:
    """Idempotent: creates what is missing and (re)writes the reference dimensions when a release
    changed what they are built from (a new criteria set, commune list, code, rule)."""
    with transaction(engine) as conn:
        conn.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {schema.RESTRICTED}"))
    new = _create_missing_tables(engine)
    if engine.dialect.name == "postgresql":  # warehouses made before the indexes existed get them too
        with transaction(engine) as conn:
            for index in schema.POSTGRESQL_INDEXES:
                index.create(conn, checkfirst=True)
            for retired in schema.RETIRED_POSTGRESQL_INDEXES:
                conn.execute(sa.text(f"DROP INDEX IF EXISTS {retired}"))
    version = reference_version()
    with transaction(engine) as conn:
        lock_reference_data(conn)  # then read the versions: another run may have just written them
        if new and stored_version(conn, "schema_version") is None:
            # every table made just now, with this release's columns: none to add, none to retire (a
            # version already stored: another run, maybe of another release, made the tables meanwhile)
            store_version(conn, "schema_version", SCHEMA_VERSION)
            store_version(conn, "retired_columns", RETIRED_VERSION)
        else:
            _add_missing_columns(conn)
        stored = stored_version(conn, "reference_version")
        filled = conn.execute(sa.text("SELECT COUNT(*) FROM dim_admin_unit")).scalar_one()
        # Dates, units and criteria are keyed by their natural key, code lists and posts by their place
        # in the list (a release appends, never inserts), so rewriting the rows keeps every fact pointing
        # at the same member, and a release's new members (a criteria set, a commune) reach the views.
        if stored != version or not filled:
            for table, frame in _reference_rows().items():
                conn.execute(table.delete())
                bulk_insert(conn, table, frame)
            store_version(conn, "reference_version", version)
        create_views(conn)
    _retire_public_columns(engine)


def _create_missing_tables(engine: Engine) -> bool:
    """Create the tables a warehouse lacks (all of them in a new one); True when it had none. A new
    warehouse then skips reading its columns back to compare them with this release's (SQLAlchemy's
    reflection: 0.2 s of a new DuckDB warehouse's 0.65 s). Existence is checked as
    `create_all` checks it, which still checks again: another run may be making the same tables."""
    tables = schema.metadata.sorted_tables
    with engine.connect() as conn:
        missing = [table for table in tables if not engine.dialect.has_table(conn, table.name, schema=table.schema)]
    schema.metadata.create_all(engine, tables=missing)
    return len(missing) == len(tables)


SCHEMA_VERSION = hashlib.sha256(
    repr(sorted((t.fullname, c.name, str(c.type)) for t in schema.metadata.sorted_tables for c in t.columns)).encode()
).hexdigest()[:16]
"""Fingerprint of the tables' columns: a warehouse already checked against them is not inspected again."""


def _add_missing_columns(conn: Connection) -> None:
    """A warehouse made by an earlier release gets the (nullable) columns added since, with their
    comments: `create_all` creates missing tables only. Tables are looked up as `create_all` finds them
    (the inspector: the search path on PostgreSQL, this database's catalog on DuckDB), once per release."""
    if stored_version(conn, "schema_version") == SCHEMA_VERSION:
        return
    inspector = sa.inspect(conn)
    existing: dict[tuple[str | None, str], set[str]] = {}
    for owner in {table.schema for table in schema.metadata.sorted_tables}:
        for (_, name), columns in inspector.get_multi_columns(schema=owner).items():
            existing[owner, name] = {column["name"] for column in columns}
    for table in schema.metadata.sorted_tables:
        for column in table.columns:
            if column.name in existing.get((table.schema, table.name), {column.name}):
                continue  # present (or the table is not visible here: create_all's affair, not ours)
            if not column.nullable:
                raise RuntimeError(f"{table.fullname}.{column.name} is missing and cannot be added: not nullable")
            kind = column.type.compile(dialect=conn.dialect)
            conn.execute(sa.text(f"ALTER TABLE {table.fullname} ADD COLUMN IF NOT EXISTS {column.name} {kind}"))
            if column.comment:
                conn.execute(sa.schema.SetColumnComment(column))
            if (table.name, column.name) in schema.ADDED_COLUMN_BACKFILLS:
                conn.execute(sa.text(schema.ADDED_COLUMN_BACKFILLS[table.name, column.name]))
    store_version(conn, "schema_version", SCHEMA_VERSION)


RETIRED_VERSION = hashlib.sha256(repr(schema.RETIRED_PUBLIC_COLUMNS).encode()).hexdigest()[:16]


def _retire_public_columns(engine: Engine) -> None:
    """Retire the columns earlier releases kept in schema public that name a cadre's birth year or exact
    age (schema.RETIRED_PUBLIC_COLUMNS): the age is carried into its band and the columns emptied, then
    dropped. Two transactions (DuckDB refuses to alter a table its transaction has updated), each under
    the reference-data lock and each safe to run again. On PostgreSQL a column an object of a BI user's
    depends on (a view selecting every column of the fact) is left in place, emptied, and the drop tried
    again by the next run: dropping it with the view would break what users built, failing would stop
    every load."""
    with transaction(engine) as conn:
        lock_reference_data(conn)
        if stored_version(conn, "retired_columns") == RETIRED_VERSION:
            return
        present = _retired_present(conn)
        if ("fact_cadre_snapshot", "age_years") in present:
            conn.execute(
                sa.text(
                    f"UPDATE fact_cadre_snapshot SET age_band = {schema.age_band_sql('age_years')} "
                    "WHERE age_band IS NULL AND age_years IS NOT NULL"
                )
            )
        for table in sorted({table for table, _ in present}):
            columns = [column for owner, column in sorted(present) if owner == table]
            emptied, filled = (
                ", ".join(f"{c} = NULL" for c in columns),
                " OR ".join(f"{c} IS NOT NULL" for c in columns),
            )
            conn.execute(sa.text(f"UPDATE {table} SET {emptied} WHERE {filled}"))  # rows written once, not each run
    kept = []
    with transaction(engine) as conn:
        lock_reference_data(conn)
        for table, column in sorted(_retired_present(conn)):  # another run may have dropped them meanwhile
            if not _drop_column(conn, table, column):
                kept.append(f"{table}.{column}")
        if kept:
            log.warning(
                "%s emptied but not dropped: objects depend on them (a BI user's view?); dropped by a later "
                "run once those no longer name them",
                ", ".join(kept),
            )
        else:
            store_version(conn, "retired_columns", RETIRED_VERSION)


def _retired_present(conn: Connection) -> set[tuple[str, str]]:
    inspector = sa.inspect(conn)
    return {
        (table, column["name"])
        for table in {table for table, _ in schema.RETIRED_PUBLIC_COLUMNS}
        for column in inspector.get_columns(table)
        if (table, column["name"]) in schema.RETIRED_PUBLIC_COLUMNS
    }


def _drop_column(conn: Connection, table: str, column: str) -> bool:
    """Drop a column unless something depends on it (PostgreSQL: tried in a savepoint)."""
    statement = sa.text(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {column}")
    if conn.dialect.name != "postgresql":
        conn.execute(statement)
        return True
    try:
        with conn.begin_nested():
            conn.execute(statement)
    except sa.exc.DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) != "2BP01":  # dependent objects still exist
            raise
        log.warning("%s.%s not dropped: %s", table, column, " ".join(str(exc.orig).split()))
        return False
    return True


def sync_calendar(engine: Engine, expected: pd.DataFrame) -> None:
    """Replace the expected submissions with the calendar's current content."""
    with transaction(engine) as conn:
        lock_calendar(conn)
        conn.execute(schema.expected_submission.delete())
        bulk_insert(conn, schema.expected_submission, expected)
