"""Shared fixtures: a real warehouse on each backend, and an isolated pipeline home."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from cadres.settings import Settings, get_settings

PG_ADMIN_URL = os.environ.get("CADRES_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
BACKENDS = ["duckdb", "postgresql"]


@pytest.fixture(autouse=True)
def own_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test's CADRES_HOME is a folder of its own unless the test sets one: a command run without
    --out or a configured home wrote its reports into the project's own var/ (the default home)."""
    monkeypatch.setenv("CADRES_HOME", str(tmp_path_factory.mktemp("home")))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(params=BACKENDS)
def warehouse_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty warehouse: a DuckDB file, or a new database on the local PostgreSQL."""
    if request.param == "duckdb":
        yield f"duckdb:///{tmp_path / 'warehouse.duckdb'}"
        return
    name = f"cadres_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.engine.make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pipeline_settings(tmp_path: Path, warehouse_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Settings pointing inbox, outbox, archive and warehouse at this test's own places."""
    monkeypatch.setenv("CADRES_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CADRES_WAREHOUSE_URL", warehouse_url)
    monkeypatch.setenv("CADRES_HASH_SECRET", "test-secret")
    monkeypatch.setenv("CADRES_SETTLE_SECONDS", "0")  # files are dropped whole, just before the run
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()
