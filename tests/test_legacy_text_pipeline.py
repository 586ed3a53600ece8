"""A name typed in a TCVN3 or VNI font arrives in the warehouse as correct Unicode, and the repair is reported."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from cadres.workbook import read_workbook
from schemas.validation import validate_workbook
from tests import workbooks as wb
from tests.test_legacy_fonts import as_typed_in_vni, as_typed_in_vntime


def _workbook_with_name_typed(tmp_path: Path, typed: str, font: str) -> Path:
    """A clean workbook whose one cadre's name cell holds `typed` in `font`."""
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(full_name="PLACEHOLDER", ethnicity="Tày")])
    path = wb.write_xlsx(tmp_path / "08" / "tq.xlsx", sheets)
    book = openpyxl.load_workbook(path)
    name_cell = next(c for c in book["CanBo"][2] if c.value == "PLACEHOLDER")
    name_cell.value, name_cell.font = typed, Font(name=font)
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("name", "typed", "font"),
    [
        # ư is TCVN3 byte 0xAD, the soft hyphen that cleaning would strip: repair comes first.
        ("Hoàng Thị Mường Khương", as_typed_in_vntime("Hoàng Thị Mường Khương"), ".VnTime"),
        ("Đỗ Thị Hương", "Ñoã Thò Höông", "VNI-Times"),
    ],
    ids=["tcvn3", "vni"],
)
def test_legacy_font_name_is_repaired_before_cleaning_and_reported(
    tmp_path: Path, name: str, typed: str, font: str
) -> None:
    assert typed != name and (font != ".VnTime" or "\xad" in typed)
    assert font != "VNI-Times" or as_typed_in_vni(name) == typed
    path = _workbook_with_name_typed(tmp_path, typed, font)

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.status == "accepted"
    assert result.valid_rows["CanBo"]["full_name"].tolist() == [name]
    repairs = result.issues[result.issues["rule"] == "CELL.LEGACY_FONT_REPAIRED"]
    assert repairs[["sheet", "row", "header", "severity"]].values.tolist() == [["CanBo", 2, "Họ và tên", "warning"]]
    assert repairs["value"].iloc[0] == f"{typed} → {name}"


def test_a_legacy_font_cell_half_typed_in_unicode_is_left_as_is_and_reported(tmp_path: Path) -> None:
    """'Nguyễn V¨n' in .VnTime mixes Unicode and TCVN3: no conversion is safe, so a person is asked to retype it."""
    path = _workbook_with_name_typed(tmp_path, "Nguyễn V¨n", ".VnTime")

    result = validate_workbook(read_workbook(path), folder_province="08")

    unconverted = result.issues[result.issues["rule"] == "CELL.LEGACY_FONT_UNCONVERTED"]
    assert unconverted[["sheet", "row", "header", "value", "severity"]].values.tolist() == [
        ["CanBo", 2, "Họ và tên", "Nguyễn V¨n", "warning"]
    ]
    assert "CELL.LEGACY_FONT_REPAIRED" not in set(result.issues["rule"])


@pytest.mark.parametrize(
    "name",
    [
        "Jürgen Müller",
        "Françoise Noël",
        "Hoaøng Thò Myõ Höông",
        "Nguyeãn Vaên Höng",
        "José Muñoz Straße",
        "Fredrik Ström",
    ],
)
def test_text_in_a_unicode_font_is_not_taken_for_tcvn3_in_a_workbook(tmp_path: Path, name: str) -> None:
    """TCVN3's signs include Latin-1 letters: a look at the signs alone garbled 'Jürgen Müller' into
    'Jỹrgen Mỹller' and VNI text ('Hoaøng Thò …', VNI pasted as values) into TCVN3's reading, told as
    repaired. Read as TCVN3 they hold no more Vietnamese words than as typed or read as VNI: left as typed."""
    path = _workbook_with_name_typed(tmp_path, name, "Times New Roman")

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.valid_rows["CanBo"]["full_name"].tolist() == [name]
    assert not result.issues["rule"].str.startswith("CELL.LEGACY_FONT").any()


@pytest.mark.parametrize(
    ("name", "font"),
    [
        ("Nguyễn Văn Hưng", "Times New Roman"),
        ("Niê Thị Hmông", "Arial"),
        ("Phó Chủ tịch UBND xã", "Times New Roman"),
        ("Bí thư Đảng ủy", "Calibri"),
    ],
)
def test_tcvn3_text_pasted_into_a_unicode_font_is_repaired_by_its_words(tmp_path: Path, name: str, font: str) -> None:
    """TCVN3 text pasted as values into a cell of a Unicode font (a .VnTime sheet copied into a new
    template) loaded as 'NguyÔn V¨n H\xadng', without a word: no font says TCVN3, its words do (minority
    names written with Vietnamese letters, 'Niê', 'Hmông', among them)."""
    typed = as_typed_in_vntime(name)
    assert typed != name
    path = _workbook_with_name_typed(tmp_path, typed, font)

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.valid_rows["CanBo"]["full_name"].tolist() == [name]
    repairs = result.issues[result.issues["rule"] == "CELL.LEGACY_FONT_REPAIRED"]
    assert repairs[["sheet", "row", "header"]].values.tolist() == [["CanBo", 2, "Họ và tên"]]
    assert repairs["value"].iloc[0] == f"{typed} → {name}"


def test_two_repaired_cells_of_one_row_holding_one_text_are_each_told_under_their_own_header(tmp_path: Path) -> None:
    """'X©y dùng' typed under two headers of one row: both reports named the first header (the cell was
    found by its text in the row); the repair's own column tells which."""
    typed = as_typed_in_vntime("Xây dựng")
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(ethnicity="Tày")])
    header = sheets["CanBo"][0]
    sheets["CanBo"][1][header.index("Chuyên ngành")] = typed
    sheets["CanBo"][1][header.index("Cơ quan cử")] = typed
    path = wb.write_xlsx(tmp_path / "08" / "tq.xlsx", sheets)

    result = validate_workbook(read_workbook(path), folder_province="08")

    repairs = result.issues[result.issues["rule"] == "CELL.LEGACY_FONT_REPAIRED"]
    assert sorted(repairs["header"]) == ["Chuyên ngành", "Cơ quan cử"]
    assert result.valid_rows["CanBo"][["major", "sending_agency"]].values.tolist() == [["Xây dựng", "Xây dựng"]]
