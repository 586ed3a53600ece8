"""Real-file edge cases found in review: each used to crash, mislead or reject a good file."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pandas as pd
import pytest

from cadres.settings import Settings, _create_key_file
from cadres.workbook import read_workbook
from schemas.validation import ValidationResult, validate_workbook
from tests import workbooks as wb
from tests.key_race import key_when_released


def _validate(tmp_path: Path, sheets: wb.Sheets, province: str = "08") -> ValidationResult:
    path = wb.write_xlsx(tmp_path / province / "file.xlsx", sheets)
    return validate_workbook(read_workbook(path), folder_province=province)


def _rules(result: ValidationResult) -> set[tuple[str, str, int | None]]:
    return {(r.rule, r.sheet, None if pd.isna(r.row) else int(r.row)) for r in result.issues.itertuples()}


@pytest.mark.parametrize("birth", ["15/03/1080", "9999-12-31", dt.date(9999, 12, 31)])
def test_impossible_dates_are_reported_not_crashing(tmp_path: Path, birth: object) -> None:
    result = _validate(tmp_path, wb.workbook("08", 2024, canbo=[wb.cadre_row(birth_date=birth)]))
    assert ("CELL.DATE_INVALID", "CanBo", 2) in _rules(result)


def test_numbers_beyond_any_count_are_invalid(tmp_path: Path) -> None:
    sheets = wb.workbook("08", 2024, khoahoc=[wb.course_row(2024, participant_count="30000000000000000000")])
    assert ("CELL.NUMBER_INVALID", "KhoaHoc", 2) in _rules(_validate(tmp_path, sheets))


@pytest.mark.parametrize(
    ("declared", "code", "group"),
    [("QĐ 121-TCTK/PPCĐ", "04", "Hoa"), ("DT1979", "06", "Mường"), ("2008", 4, "Mường"), (None, "4", "Mường")],
)
def test_ethnic_code_list_is_read_tolerantly(tmp_path: Path, declared: str | None, code: object, group: str) -> None:
    info = wb.thongtin("08", 2024, ethnicity_code_list=declared)
    result = _validate(tmp_path, {"ThongTin": info, "CanBo": wb.table([wb.cadre_row(ethnicity=code)])})
    assert result.status == "accepted"
    assert result.valid_rows["CanBo"]["ethnicity"].tolist() == [group]


def test_a_province_name_row_does_not_hide_the_province_code(tmp_path: Path) -> None:
    info = [["Tỉnh", "Tuyên Quang"], *wb.thongtin("08", 2024)]
    result = _validate(tmp_path, {"ThongTin": info, "CanBo": wb.table([wb.cadre_row()])})
    assert result.status == "accepted"


def test_an_empty_optional_tab_is_as_good_as_absent(tmp_path: Path) -> None:
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row()])
    sheets["CongNhan"] = []
    assert _validate(tmp_path, sheets).status == "accepted"


def test_the_table_ends_at_its_total_row_before_the_signature_block(tmp_path: Path) -> None:
    sheets = wb.workbook("08", 2024, khoahoc=[wb.course_row(2024)])
    sheets["KhoaHoc"] += [
        ["Tổng cộng", None, None, None, None, None, None, None, None, "30", "27.309.000"],
        [],
        [None, None, None, None, None, None, "Tuyên Quang, ngày 15 tháng 01 năm 2025"],
        [None, None, None, None, None, None, "Người lập biểu"],
    ]
    result = _validate(tmp_path, sheets)
    assert result.status == "accepted" and len(result.valid_rows["KhoaHoc"]) == 1


def test_two_sheets_claiming_the_same_standard_sheet_reject_the_file(tmp_path: Path) -> None:
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row()])
    sheets["Cán bộ xã B"] = wb.table([wb.cadre_row(national_id=wb.MALE_1975)])
    result = _validate(tmp_path, sheets)
    assert result.status == "rejected" and ("FILE.SHEET_DUPLICATE", "Cán bộ xã B", None) in _rules(result)


def test_the_templates_list_sheet_is_not_a_stray_sheet(tmp_path: Path) -> None:
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row()])
    sheets["DanhMuc"] = [["Giới tính"], ["Nam"], ["Nữ"]]
    result = _validate(tmp_path, sheets)
    assert result.status == "accepted" and result.issues.empty


def test_a_shared_warehouse_needs_an_explicit_hash_secret(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, warehouse_url="postgresql+psycopg://postgres@127.0.0.1/x", hash_secret=None)
    with pytest.raises(RuntimeError, match="CADRES_HASH_SECRET"):
        settings.cadre_hash_key()
    assert Settings(home=tmp_path, hash_secret=None).cadre_hash_key()  # the embedded demo makes its own key


def test_processes_making_the_embedded_key_at_once_all_get_the_same_key(tmp_path: Path) -> None:
    """The inbox flow's workers stage side by side: on a fresh machine they must not each make a key."""
    context = multiprocessing.get_context("spawn")  # this process may run Prefect's threads: no fork
    barrier, keys = context.Barrier(8), context.Queue()
    racers = [context.Process(target=key_when_released, args=(str(tmp_path), barrier, keys)) for _ in range(8)]
    for racer in racers:
        racer.start()
    found = {keys.get(timeout=60) for _ in racers}
    for racer in racers:
        racer.join(timeout=60)
    assert len(found) == 1
    assert [p.name for p in (tmp_path / "secrets").iterdir()] == ["cadre_hash.key"]  # no draft left behind
    assert Settings(home=tmp_path, hash_secret=None).cadre_hash_key() in found
    # A process that found no key a moment ago and writes one now leaves the published key alone.
    key_file = tmp_path / "secrets" / "cadre_hash.key"
    published = key_file.read_bytes()
    _create_key_file(key_file)
    assert key_file.read_bytes() == published and len(list(key_file.parent.iterdir())) == 1
    assert oct(key_file.stat().st_mode & 0o777) == oct(0o600)
    key_file.write_text("")  # a key lost to a crash is refused, never replaced by an empty one
    with pytest.raises(RuntimeError, match="empty"):
        Settings(home=tmp_path, hash_secret=None).cadre_hash_key()
