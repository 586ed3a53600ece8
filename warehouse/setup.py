"""Create the warehouse: schemas, tables with comments, reference dimensions, reporting views."""

from __future__ import annotations

import hashlib
import importlib.metadata
from functools import lru_cache
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from schemas import codelists as cl
from schemas import reference_data, rules
from warehouse import reference_dims as ref
from warehouse import schema
from warehouse.backend import bulk_insert, lock_calendar, lock_reference_data, transaction
from warehouse.views import create_views


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
    schema.metadata.create_all(engine)
    _add_missing_columns(engine)
    if engine.dialect.name == "postgresql":  # warehouses made before the indexes existed get them too
        with transaction(engine) as conn:
            for index in schema.POSTGRESQL_INDEXES:
                index.create(conn, checkfirst=True)
            for retired in schema.RETIRED_POSTGRESQL_INDEXES:
                conn.execute(sa.text(f"DROP INDEX IF EXISTS {retired}"))
    version = reference_version()
    with transaction(engine) as conn:
        lock_reference_data(conn)  # then read the version: another run may have just written it
        stored = conn.execute(sa.text("SELECT value FROM warehouse_meta WHERE key = 'reference_version'")).scalar()
        filled = conn.execute(sa.text("SELECT COUNT(*) FROM dim_admin_unit")).scalar_one()
        # Dates, units and criteria are keyed by their natural key, code lists and posts by their place
        # in the list (a release appends, never inserts), so rewriting the rows keeps every fact pointing
        # at the same member, and a release's new members (a criteria set, a commune) reach the views.
        if stored != version or not filled:
            for table, frame in _reference_rows().items():
                conn.execute(table.delete())
                bulk_insert(conn, table, frame)
            conn.execute(sa.text("DELETE FROM warehouse_meta WHERE key = 'reference_version'"))
            conn.execute(
                sa.text("INSERT INTO warehouse_meta (key, value) VALUES ('reference_version', :v)"), {"v": version}
            )
        create_views(conn)


def _add_missing_columns(engine: Engine) -> None:
    """A warehouse made by an earlier release gets the (nullable) columns added since: `create_all`
    creates missing tables only. One query lists what exists; adding is the same SQL on both backends."""
    with transaction(engine) as conn:
        existing = {
            (row.table_schema, row.table_name, row.column_name)
            for row in conn.execute(
                sa.text("SELECT table_schema, table_name, column_name FROM information_schema.columns")
            )
        }
        default_schema = conn.dialect.default_schema_name or ("main" if engine.dialect.name == "duckdb" else "public")
        for table in schema.metadata.sorted_tables:
            owner = table.schema or default_schema
            for column in table.columns:
                if (owner, table.name, column.name) in existing:
                    continue
                if not column.nullable:
                    raise RuntimeError(f"{table.fullname}.{column.name} is missing and cannot be added: not nullable")
                kind = column.type.compile(dialect=conn.dialect)
                conn.execute(sa.text(f"ALTER TABLE {table.fullname} ADD COLUMN IF NOT EXISTS {column.name} {kind}"))


def sync_calendar(engine: Engine, expected: pd.DataFrame) -> None:
    """Replace the expected submissions with the calendar's current content."""
    with transaction(engine) as conn:
        lock_calendar(conn)
        conn.execute(schema.expected_submission.delete())
        bulk_insert(conn, schema.expected_submission, expected)
