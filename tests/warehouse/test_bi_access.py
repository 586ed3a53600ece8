"""A BI login on PostgreSQL sees the figures and nothing personal; checked with psql, a real client."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests import workbooks as wb
from tests.conftest import PG_ADMIN_URL
from tests.warehouse.helpers import ingest
from warehouse.backend import create_warehouse_engine
from warehouse.roles import grant_bi_reader


@pytest.fixture
def pg_engine(tmp_path: Path) -> Iterator[Engine]:
    name = f"cadres_bi_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine = create_warehouse_engine(sa.engine.make_url(PG_ADMIN_URL).set(database=name).render_as_string(False))
    yield engine
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _psql(engine: Engine, role: str, sql: str) -> subprocess.CompletedProcess:
    url = engine.url
    return subprocess.run(
        [
            "psql",
            "-h",
            url.host or "127.0.0.1",
            "-p",
            str(url.port or 5432),
            "-U",
            role,
            "-d",
            url.database,
            "-v",
            "ON_ERROR_STOP=1",
            "-At",
            "-c",
            sql,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_bi_reader_reads_views_but_no_personal_data(pg_engine: Engine, tmp_path: Path) -> None:
    ingest(pg_engine, wb.write_xlsx(tmp_path / "inbox" / "08" / "tq.xlsx", wb.clean_workbook("08", 2024)))
    role = f"bi_reader_{uuid.uuid4().hex[:8]}"
    grant_bi_reader(pg_engine, role=role)
    grant_bi_reader(pg_engine, role=role)  # idempotent
    try:
        figures = _psql(pg_engine, role, "SELECT SUM(cadres) FROM rpt_cadre_profile")
        assert figures.returncode == 0, figures.stderr
        assert figures.stdout.strip() == "3"
        for view in (
            "rpt_cadre_age",
            "rpt_training",
            "rpt_commune_criteria",
            "rpt_submission_status",
            "rpt_completeness",
        ):
            assert _psql(pg_engine, role, f"SELECT COUNT(*) FROM {view}").returncode == 0
        assert _psql(pg_engine, role, "SELECT COUNT(*) FROM fact_cadre_snapshot").stdout.strip() == "3"  # §5
        # aggregates only: one row per person still tells a commune's one chairman's ethnicity
        grant_bi_reader(pg_engine, role=role, person_rows=False)
        for per_person in ("dim_cadre", "fact_cadre_snapshot", "fact_training_attendance"):
            denied = _psql(pg_engine, role, f"SELECT COUNT(*) FROM {per_person}")
            assert denied.returncode != 0 and "permission denied" in denied.stderr, per_person
        assert _psql(pg_engine, role, "SELECT SUM(cadres) FROM rpt_cadre_profile").stdout.strip() == "3"
        assert _psql(pg_engine, role, "SELECT COUNT(*) FROM fact_course").returncode == 0
        grant_bi_reader(pg_engine, role=role)  # and granted back
        assert _psql(pg_engine, role, "SELECT COUNT(*) FROM fact_cadre_snapshot").stdout.strip() == "3"

        for secret in (
            "SELECT full_name FROM restricted.cadre_identity",
            "SELECT raw_values FROM restricted.quarantine_row",
        ):
            denied = _psql(pg_engine, role, secret)
            assert denied.returncode != 0 and "permission denied" in denied.stderr
        public_columns = _psql(
            pg_engine,
            role,
            "SELECT string_agg(column_name, ',') FROM information_schema.columns WHERE table_schema = 'public'",
        )
        assert not {"full_name", "national_id", "birth_date"} & set(public_columns.stdout.strip().split(","))
    finally:
        with pg_engine.begin() as conn:
            conn.execute(sa.text(f'DROP OWNED BY "{role}"'))
        admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()


def test_roles_are_refused_on_duckdb(tmp_path: Path) -> None:
    engine = create_warehouse_engine(f"duckdb:///{tmp_path / 'w.duckdb'}")
    with pytest.raises(ValueError, match="PostgreSQL"):
        grant_bi_reader(engine)
    engine.dispose()
