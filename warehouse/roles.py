"""PostgreSQL roles for BI tools: read the reporting layer, never the personal data.

`bi_reader` may use schema public (views rpt_*, dimensions, facts, ledger: what contract §5 says BI
tools read) and nothing in schema `restricted` (names, birth dates, quarantined raw rows). A deployment
that wants aggregates only leaves out the tables holding one row per person (PERSON_TABLES): keyed by a
hash, they still tell a commune's one chairman's ethnicity and party membership; the views, run with
their owner's rights, count people without showing one. DuckDB has no roles: the embedded file is for
one analyst's machine; production BI reads PostgreSQL.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from warehouse.backend import is_duckdb, transaction
from warehouse.schema import RESTRICTED

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
PERSON_TABLES = ("dim_cadre", "fact_cadre_snapshot", "fact_training_attendance")
"""One row per cadre (per version, year or course): left out without `person_rows`."""


def grant_bi_reader(
    engine: Engine, role: str = "bi_reader", password: str | None = None, person_rows: bool = True
) -> None:
    """Create (or update) a login role that can read schema public only, and of it the per-person
    tables unless `person_rows` is false (aggregates only); idempotent, and run again with the other
    choice it takes them back or grants them."""
    if is_duckdb(engine):
        raise ValueError("roles exist only on PostgreSQL; the embedded DuckDB file has no access control")
    if not ROLE_NAME.fullmatch(role):
        raise ValueError(f"not a plain role name: {role!r}")
    with transaction(engine) as conn:
        database = conn.execute(sa.text("SELECT current_database()")).scalar_one()
        exists = conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar()
        if not exists:
            conn.execute(sa.text(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE'))
        if password:
            quoted = conn.execute(sa.text("SELECT quote_literal(:p)"), {"p": password}).scalar_one()
            conn.execute(sa.text(f'ALTER ROLE "{role}" PASSWORD {quoted}'))
        for statement in (
            f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"',
            f'GRANT USAGE ON SCHEMA public TO "{role}"',
            f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"',
            f'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO "{role}"',
            f'REVOKE ALL ON SCHEMA "{RESTRICTED}" FROM PUBLIC',
            f'REVOKE ALL ON ALL TABLES IN SCHEMA "{RESTRICTED}" FROM PUBLIC',
            f'REVOKE ALL ON SCHEMA "{RESTRICTED}" FROM "{role}"',
            f'REVOKE ALL ON ALL TABLES IN SCHEMA "{RESTRICTED}" FROM "{role}"',
        ):
            conn.execute(sa.text(statement))
        if not person_rows:
            conn.execute(sa.text(f'REVOKE ALL ON {", ".join(PERSON_TABLES)} FROM "{role}"'))
