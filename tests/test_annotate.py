"""The annotated copy of the province's workbook: bad cells marked where the province typed them."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from cadres.annotate import SUMMARY_SHEET, annotate, neutralise
from cadres.workbook import read_workbook
from schemas.validation import validate_workbook
from tests import workbooks as wb


def _annotated(tmp_path: Path, sheets: wb.Sheets, suffix: str = ".xlsx", province: str = "08") -> openpyxl.Workbook:
    """Validate a hand-written source and annotate it; suffix "" writes a folder of CSV files."""
    source = wb.write(tmp_path / province / f"source{suffix}", sheets)
    result = validate_workbook(read_workbook(source), folder_province=province)
    summary = {"file_name": source.name, "status": result.status, "province_code": province}
    out = annotate(source, result.layout, summary, result.issues, tmp_path / "out" / "annotated.xlsx")
    return openpyxl.load_workbook(out)


def _bad_cadre_sheets() -> wb.Sheets:
    title = [["UBND TỈNH TUYÊN QUANG"], ["DANH SÁCH CÁN BỘ XÃ NĂM 2024"]]
    cadres = [
        wb.cadre_row(),
        wb.cadre_row(national_id="008180000999", full_name='=HYPERLINK("http://x")', commune_code="07033"),
    ]
    sheets = wb.workbook("08", 2024)
    sheets["Danh sách cán bộ"] = wb.table(cadres, title_rows=title)
    return sheets


def test_bad_cells_are_filled_and_commented_with_a_summary_first(tmp_path: Path) -> None:
    book = _annotated(tmp_path, _bad_cadre_sheets())
    assert book.sheetnames[0] == SUMMARY_SHEET
    sheet = book["Danh sách cán bộ"]
    header = [c.value for c in sheet[3]]
    id_cell = sheet.cell(row=5, column=header.index("Số định danh cá nhân") + 1)
    commune_cell = sheet.cell(row=5, column=header.index("Mã xã") + 1)
    assert id_cell.value == "008180000999" and "CANBO.ID.GENDER_DIGIT" in id_cell.comment.text
    assert "COMMUNE.OTHER_PROVINCE" in commune_cell.comment.text and "Cách sửa" in commune_cell.comment.text
    assert id_cell.fill.start_color.rgb.endswith("FFC7CE")
    untouched = sheet.cell(row=4, column=header.index("Mã xã") + 1)
    assert untouched.comment is None

    summary_rows = [[c.value for c in row] for row in book[SUMMARY_SHEET].iter_rows()]
    assert any(r[1] == "CANBO.ID.GENDER_DIGIT" and r[2] == "CanBo" and r[3] == 5 for r in summary_rows if len(r) > 3)


def test_text_written_back_cannot_run_as_a_formula(tmp_path: Path) -> None:
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(commune_code='=HYPERLINK("http://x","02245")')])
    book = _annotated(tmp_path, sheets, suffix="")  # a CSV folder: the text arrives as typed
    values = [c for row in book[SUMMARY_SHEET].iter_rows() for c in row if isinstance(c.value, str)]
    assert not [c for c in values if c.data_type == "f" or c.value.startswith("=")]
    assert any(c.value == '\'=HYPERLINK("http://x","02245")' for c in values)
    assert neutralise("=1+1") == "'=1+1" and neutralise("@SUM(A1)") == "'@SUM(A1)" and neutralise("Nam") == "Nam"


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_other_formats_come_back_as_an_annotated_xlsx(tmp_path: Path, suffix: str) -> None:
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(), wb.cadre_row(national_id="008180000999")])
    book = _annotated(tmp_path, sheets, suffix)
    commented = [c for c in book["CanBo"]["A"] if c.comment]
    assert [c.row for c in commented] == [3]


def test_rejected_file_gets_its_reason_next_to_the_cell(tmp_path: Path) -> None:
    book = _annotated(tmp_path, wb.clean_workbook("08", 2024), province="22")
    info = book["ThongTin"]
    marked = [c for row in info.iter_rows() for c in row if c.comment]
    assert [(c.value, "FILE.PROVINCE_MISMATCH" in c.comment.text) for c in marked] == [("08", True)]
