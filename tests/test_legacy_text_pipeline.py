"""A name typed in a TCVN3 or VNI font arrives in the warehouse as correct Unicode, and the repair is reported."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Font

from cadres.workbook import read_workbook
from schemas.validation import validate_workbook
from tests import workbooks as wb
from tests.test_legacy_fonts import as_typed_in_vni, as_typed_in_vntime


def test_tcvn3_name_is_repaired_before_cleaning_and_reported(tmp_path: Path) -> None:
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(full_name="PLACEHOLDER", ethnicity="Tày")])
    path = wb.write_xlsx(tmp_path / "08" / "tq.xlsx", sheets)
    book = openpyxl.load_workbook(path)
    sheet = book["CanBo"]
    name_cell = next(c for c in sheet[2] if c.value == "PLACEHOLDER")
    typed = as_typed_in_vntime("Hoàng Thị Mường Khương")  # ư is TCVN3 byte 0xAD, the soft hyphen
    assert "\xad" in typed
    name_cell.value, name_cell.font = typed, Font(name=".VnTime")
    book.save(path)

    result = validate_workbook(read_workbook(path), folder_province="08")
    assert result.status == "accepted"
    assert result.valid_rows["CanBo"]["full_name"].tolist() == ["Hoàng Thị Mường Khương"]
    repairs = result.issues[result.issues["rule"] == "CELL.LEGACY_FONT_REPAIRED"]
    assert repairs[["sheet", "row", "header", "severity"]].values.tolist() == [["CanBo", 2, "Họ và tên", "warning"]]
    assert repairs["value"].iloc[0] == f"{typed} → Hoàng Thị Mường Khương"


def test_vni_name_is_repaired_and_reported(tmp_path: Path) -> None:
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(full_name="PLACEHOLDER", ethnicity="Tày")])
    path = wb.write_xlsx(tmp_path / "08" / "tq.xlsx", sheets)
    book = openpyxl.load_workbook(path)
    sheet = book["CanBo"]
    name_cell = next(c for c in sheet[2] if c.value == "PLACEHOLDER")
    typed = as_typed_in_vni("Đỗ Thị Hương")
    assert typed == "Ñoã Thò Höông"
    name_cell.value, name_cell.font = typed, Font(name="VNI-Times")
    book.save(path)

    result = validate_workbook(read_workbook(path), folder_province="08")
    assert result.status == "accepted"
    assert result.valid_rows["CanBo"]["full_name"].tolist() == ["Đỗ Thị Hương"]
    repairs = result.issues[result.issues["rule"] == "CELL.LEGACY_FONT_REPAIRED"]
    assert repairs[["sheet", "row", "header", "severity"]].values.tolist() == [["CanBo", 2, "Họ và tên", "warning"]]
    assert repairs["value"].iloc[0] == f"{typed} → Đỗ Thị Hương"
