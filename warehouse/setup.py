"""Create the warehouse: schemas, tables with comments, reference dimensions, reporting views."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from schemas import codelists as cl
from schemas.rules import RULES
from warehouse import reference_dims as ref
from warehouse import schema
from warehouse.backend import bulk_insert, transaction
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


def initialise(engine: Engine) -> None:
    """Idempotent: creates what is missing and fills reference dimensions once."""
    with transaction(engine) as conn:
        conn.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {schema.RESTRICTED}"))
    schema.metadata.create_all(engine)
    if engine.dialect.name == "postgresql":  # warehouses made before the indexes existed get them too
        with transaction(engine) as conn:
            for index in schema.POSTGRESQL_INDEXES:
                index.create(conn, checkfirst=True)
            for retired in schema.RETIRED_POSTGRESQL_INDEXES:
                conn.execute(sa.text(f"DROP INDEX IF EXISTS {retired}"))
    with transaction(engine) as conn:
        filled = conn.execute(sa.text("SELECT COUNT(*) FROM dim_admin_unit")).scalar_one()
        rules = conn.execute(sa.text("SELECT COUNT(*) FROM dim_rule")).scalar_one()
        # Reference rows are written once; the rule catalogue is refreshed when it changes size.
        # Building the frames costs most of a second, so a filled warehouse does not build them.
        if not filled or rules != len(RULES):
            for table, frame in _reference_rows().items():
                if not filled or table is schema.dim_rule:
                    conn.execute(table.delete())
                    bulk_insert(conn, table, frame)
        create_views(conn)


def sync_calendar(engine: Engine, expected: pd.DataFrame) -> None:
    """Replace the expected submissions with the calendar's current content."""
    with transaction(engine) as conn:
        conn.execute(schema.expected_submission.delete())
        bulk_insert(conn, schema.expected_submission, expected)
