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


def test_the_warehouse_holds_every_successor_of_every_legacy_commune(engine: Engine) -> None:
    """bridge_commune_successor is the crosswalk as the reference data has it: every legacy commune, every
    2025 commune a split one went into, one default each."""
    from schemas.reference_data import commune_successors
    from warehouse.setup import initialise

    initialise(engine)
    bridge = query(
        engine, "SELECT legacy_commune_code, commune_code_2025, is_default, is_split FROM bridge_commune_successor"
    )
    expected = commune_successors()[["legacy_commune_code", "commune_code_2025", "is_default", "is_split"]]
    key = ["legacy_commune_code", "commune_code_2025"]
    stored = bridge.astype({"is_default": bool, "is_split": bool}).sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(stored, expected.sort_values(key).reset_index(drop=True), check_dtype=False)
    dong_lam = stored[stored["legacy_commune_code"] == "07042"].set_index("commune_code_2025")["is_default"]
    assert dong_lam.to_dict() == {"07030": True, "07060": False}


def test_rows_repeating_a_key_are_refused_before_they_are_written(tmp_path: Path) -> None:
    staged = stage_file(wb.write_xlsx(tmp_path / "inbox" / "08" / "v1.xlsx", wb.clean_workbook("08", 2024)))
    identity = staged.rows["cadre_identity"]
    assert check_keys(schema.cadre_identity, identity) is identity
    with pytest.raises(DuplicateKey, match="cadre_identity: 2 rows"):
        check_keys(schema.cadre_identity, pd.concat([identity, identity.iloc[:1]]))
    with pytest.raises(DuplicateKey):
        check_keys(schema.dim_course, staged.courses.assign(course_sk=pd.NA))


# The lists whose keys are their place (warehouse/reference_dims.py: code_sk, dim_position_rows), as
# released: warehouses in service hold facts pointing at these keys, so a release may append values
# but never insert, remove or reorder them (the reference dimensions are rewritten on upgrade).
RELEASED_ORDER = {
    "gender": ("Nam", "Nữ"),
    "staff_group": ("Cán bộ", "Công chức", "Không chuyên trách"),
    "education": ("Tiến sĩ", "Thạc sĩ", "Đại học", "Cao đẳng", "Trung cấp", "Sơ cấp", "Chưa qua đào tạo"),
    "political_theory": ("Cao cấp", "Cử nhân", "Trung cấp", "Sơ cấp", "Chưa có"),
    "program": ("Dự án 600", "Biệt phái", "Luân chuyển", "Đề án 500"),
    "portfolio": ("Kinh tế", "Văn hóa - xã hội", "Nội chính", "Đảng - đoàn thể", "Khác"),
    "course_kind": ("Đào tạo", "Bồi dưỡng", "Tập huấn"),
    "topic": (
        "Chuyên môn nghiệp vụ",
        "Lý luận chính trị",
        "Quản lý nhà nước",
        "Ngoại ngữ - tiếng dân tộc",
        "Tin học",
        "Nông thôn mới",
        "Giảm nghèo",
        "Khác",
    ),
    "degree_level": ("Tiến sĩ", "Thạc sĩ", "Đại học", "Cao đẳng", "Trung cấp"),
    "funding_program": (
        "Chương trình 135",
        "Nông thôn mới",
        "Giảm nghèo bền vững",
        "Đề án 1956",
        "Ngân sách địa phương",
        "Khác",
    ),
    "outcome": ("Hoàn thành", "Không hoàn thành", "Đang học"),
    "criterion_status": ("Đạt", "Chưa đạt"),
    "recognition_level": ("NTM", "NTM nâng cao", "NTM kiểu mẫu"),
    "position": (
        "Bí thư Đảng ủy",
        "Phó Bí thư Đảng ủy",
        "Chủ tịch HĐND",
        "Phó Chủ tịch HĐND",
        "Chủ tịch UBND",
        "Phó Chủ tịch UBND",
        "Chủ tịch Ủy ban MTTQ",
        "Bí thư Đoàn TNCS Hồ Chí Minh",
        "Chủ tịch Hội Liên hiệp Phụ nữ",
        "Chủ tịch Hội Nông dân",
        "Chủ tịch Hội Cựu chiến binh",
        "Chỉ huy trưởng Ban Chỉ huy Quân sự",
        "Trưởng Công an xã",
        "Văn phòng - thống kê",
        "Địa chính - xây dựng - nông nghiệp - môi trường",
        "Tài chính - kế toán",
        "Tư pháp - hộ tịch",
        "Văn hóa - xã hội",
        "Người hoạt động không chuyên trách",
        "Trưởng phòng",
        "Phó Trưởng phòng",
        "Chuyên viên",
    ),
}


def test_keys_by_place_keep_every_released_value_where_it_was() -> None:
    from schemas import codelists as cl
    from warehouse import reference_dims as ref

    keys = {c.name: ref.code_sk(c) for c in cl.CODE_LISTS}
    positions = ref.dim_position_rows()
    keys["position"] = dict(zip(positions["position_name"], positions["position_sk"], strict=True))
    assert set(keys) == set(RELEASED_ORDER)
    for name, released in RELEASED_ORDER.items():
        assert [keys[name].get(value) for value in released] == list(range(1, len(released) + 1)), name
