"""Bulk inserts on DuckDB and PostgreSQL: columns matched by name, errors in SQLAlchemy's family."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from tests.warehouse.helpers import query
from warehouse.backend import bulk_insert, create_warehouse_engine

DECLARED = sa.Table(
    "bulk_probe", sa.MetaData(), sa.Column("code", sa.Text, nullable=False), sa.Column("amount", sa.BigInteger)
)


def test_bulk_insert_matches_columns_by_name_and_reports_constraint_errors(warehouse_url: str) -> None:
    engine = create_warehouse_engine(warehouse_url)
    try:
        with engine.begin() as conn:  # stored in another order than declared, as an older file may hold it
            conn.execute(sa.text("CREATE TABLE bulk_probe (amount BIGINT, code TEXT NOT NULL)"))
            assert bulk_insert(conn, DECLARED, pd.DataFrame({"code": ["08", "22"], "amount": [1, 2]})) == 2
        rows = query(engine, "SELECT code, amount FROM bulk_probe ORDER BY code")
        assert rows.values.tolist() == [["08", 1], ["22", 2]]

        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            bulk_insert(conn, DECLARED, pd.DataFrame({"code": ["12", None], "amount": [3, 4]}))
        assert query(engine, "SELECT COUNT(*) AS n FROM bulk_probe")["n"].iloc[0] == 2
    finally:
        engine.dispose()


def test_bulk_insert_writes_a_text_column_whose_first_chunk_is_empty(warehouse_url: str) -> None:
    """pd.concat with an empty series first gives such a column; Arrow's CSV writer turned it into NUL
    bytes, which PostgreSQL's COPY refused (an earlier year loaded after a later one failed so)."""
    codes = pd.concat([pd.Series([], dtype="string"), pd.Series(["08", "22"], dtype="string")], ignore_index=True)
    engine = create_warehouse_engine(warehouse_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE bulk_probe (code TEXT NOT NULL, amount BIGINT)"))
            assert bulk_insert(conn, DECLARED, pd.DataFrame({"code": codes, "amount": [1, 2]})) == 2
        rows = query(engine, "SELECT code, amount FROM bulk_probe ORDER BY code")
        assert rows.values.tolist() == [["08", 1], ["22", 2]]
    finally:
        engine.dispose()
