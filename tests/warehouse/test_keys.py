"""Every key of the warehouse is whole and unique, and every fact's key finds its dimension row: on
PostgreSQL the database enforces the loader's keys, on DuckDB the loader does (schema.loader_key)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from schemas.reference_data import communes
from tests import workbooks as wb
from tests.warehouse.helpers import ingest, query, stage_file
from warehouse import schema
from warehouse.backend import create_warehouse_engine
from warehouse.load import DuplicateKey, check_keys

RELATIONSHIPS = [
    ("fact_cadre_snapshot", "cadre_sk", "dim_cadre"),
    ("fact_training_attendance", "cadre_sk", "dim_cadre"),
    ("fact_training_attendance", "course_sk", "dim_course"),
    ("fact_course", "course_sk", "dim_course"),
    ("restricted.cadre_identity", "submission_sk", "dim_submission"),
    *((t.fullname, "submission_sk", "dim_submission") for t in schema.FACT_TABLES),
]


@pytest.fixture
def engine(warehouse_url: str) -> Iterator[Engine]:
    engine = create_warehouse_engine(warehouse_url)
    yield engine
    engine.dispose()


def _history(engine: Engine, tmp_path: Path) -> None:
    """Two provinces, three years, a promotion, and a resubmission that re-cuts the history."""

    def year(y: int, position: str, name: str) -> Path:
        sheets = wb.workbook(
            "08",
            y,
            canbo=[wb.cadre_row(position=position, staff_group="Cán bộ")],
            khoahoc=[wb.course_row(y)],
            hocvien=[wb.attendance_row()],
        )
        return wb.write_xlsx(tmp_path / "inbox" / "08" / name, sheets)

    ingest(engine, year(2022, "Phó Chủ tịch UBND", "2022.xlsx"))
    ingest(engine, year(2023, "Phó Chủ tịch UBND", "2023.xlsx"))
    ingest(engine, year(2024, "Chủ tịch UBND", "2024.xlsx"))
    ingest(engine, year(2023, "Chủ tịch UBND", "2023-corrected.xlsx"))
    quang_ninh = communes("legacy").query("province_code == '22'")["commune_code"].iloc[0]
    qn = wb.workbook("22", 2024, canbo=[wb.cadre_row(national_id="022080000123", commune_code=quang_ninh)])
    ingest(engine, wb.write_xlsx(tmp_path / "inbox" / "22" / "qn.xlsx", qn))


def test_every_key_is_whole_and_unique_and_every_fact_finds_its_dimension(engine: Engine, tmp_path: Path) -> None:
    _history(engine, tmp_path)
    assert query(engine, "SELECT COUNT(*) AS n FROM dim_cadre")["n"].iloc[0] > 1
    for table in schema.metadata.sorted_tables:
        key = [column.name for column in table.primary_key.columns]
        if not key:
            continue
        nulls = " OR ".join(f"{k} IS NULL" for k in key)
        found = query(
            engine,
            f"SELECT COUNT(*) AS n_rows, COUNT(DISTINCT ({', '.join(key)})) AS n_keys, "
            f"SUM(CASE WHEN {nulls} THEN 1 ELSE 0 END) AS n_null FROM {table.fullname}",
        ).iloc[0]
        assert found["n_rows"] == found["n_keys"] and not found["n_null"], table.fullname
    for fact, column, dimension in RELATIONSHIPS:
        orphans = query(
            engine,
            f"SELECT COUNT(*) AS n FROM {fact} f WHERE f.{column} IS NOT NULL "
            f"AND NOT EXISTS (SELECT 1 FROM {dimension} d WHERE d.{column} = f.{column})",
        )
        assert orphans["n"].iloc[0] == 0, (fact, column)


def test_rows_repeating_a_key_are_refused_before_they_are_written(tmp_path: Path) -> None:
    staged = stage_file(wb.write_xlsx(tmp_path / "inbox" / "08" / "v1.xlsx", wb.clean_workbook("08", 2024)))
    identity = staged.rows["cadre_identity"]
    assert check_keys(schema.cadre_identity, identity) is identity
    with pytest.raises(DuplicateKey, match="cadre_identity: 2 rows"):
        check_keys(schema.cadre_identity, pd.concat([identity, identity.iloc[:1]]))
    with pytest.raises(DuplicateKey):
        check_keys(schema.dim_course, staged.courses.assign(course_sk=pd.NA))
