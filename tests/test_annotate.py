"""The annotated copy of the province's workbook: bad cells marked where the province typed them."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cadres.annotate import SUMMARY_SHEET, annotate, neutralise
from cadres.text import fold
from cadres.workbook import read_workbook
from cadres.xlsx_marks import COMMENT_AUTHOR, _edited, _find_row, _legacy_drawing
from schemas.rules import RULES
from schemas.validation import validate_workbook
from tests import workbooks as wb


def _annotate_file(source: Path, out: Path, province: str = "08") -> Path:
    """Validate a workbook on disk as the province sent it and write its annotated copy."""
    result = validate_workbook(read_workbook(source), folder_province=province)
    summary = {"file_name": source.name, "status": result.status, "province_code": province}
    return annotate(source, result.layout, summary, result.issues, out)


def _annotated(tmp_path: Path, sheets: wb.Sheets, suffix: str = ".xlsx", province: str = "08") -> openpyxl.Workbook:
    """Validate a hand-written source and annotate it; suffix "" writes a folder of CSV files."""
    source = wb.write(tmp_path / province / f"source{suffix}", sheets)
    return openpyxl.load_workbook(_annotate_file(source, tmp_path / "out" / "annotated.xlsx", province))


def _written_by_xml_edit(path: Path) -> bool:
    """The XML edit names its notes part xl/commentsN.xml; openpyxl writes xl/comments/commentN.xml."""
    with zipfile.ZipFile(path) as package:
        return any(re.fullmatch(r"xl/comments\d+\.xml", name) for name in package.namelist())


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
    problems = [r for r in summary_rows if len(r) > 3 and r[1] in RULES]
    assert problems and {r[0] for r in problems} <= {"Lỗi", "Cảnh báo"}  # not the JSON's error / warning


def test_each_sheet_is_parsed_once_for_its_header_and_key_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows locating needs (row 1, the header under a title, ThongTin's keys) are read in one pass per
    sheet: read one at a time, a read-only workbook parsed its sheet from the start again for each (a
    national file's reports spent ~13 ms of their ~190 doing so)."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    passes: list[str] = []
    parse = ReadOnlyWorksheet._cells_by_row

    def counted(sheet: ReadOnlyWorksheet, *args: object, **kwargs: object):
        passes.append(sheet.title)
        return parse(sheet, *args, **kwargs)

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counted)
    sheets = _bad_cadre_sheets()
    sheets["ThongTin"] = wb.thongtin(prepared_on="31/02/2025")
    source = wb.write(tmp_path / "08" / "source.xlsx", sheets)
    out = _annotate_file(source, tmp_path / "out" / "annotated.xlsx")

    assert _written_by_xml_edit(out)
    assert sorted(passes) == sorted(set(passes)) and {"ThongTin", "Danh sách cán bộ"} <= set(passes)
    book = openpyxl.load_workbook(out)  # the marks found their cells: a cadre's row, ThongTin's date
    assert any(cell.comment for cell in book["Danh sách cán bộ"][5])
    assert [cell.coordinate for row in book["ThongTin"].iter_rows() for cell in row if cell.comment] == ["B4"]


def test_a_csv_named_with_characters_a_tab_cannot_hold_still_gets_its_marks(tmp_path: Path) -> None:
    """'CanBo [2024].csv' is a fine file name and no tab name: the copy held the summary alone."""
    sheets = wb.workbook("08", 2024)
    sheets["CanBo [2024]"] = wb.table([wb.cadre_row(), wb.cadre_row(national_id="008180000999")])
    book = _annotated(tmp_path, sheets, suffix="")
    tab = next(name for name in book.sheetnames if name.startswith("CanBo"))
    assert tab == "CanBo _2024_"
    marked = [c.comment.text for row in book[tab].iter_rows() for c in row if c.comment]
    assert len(marked) == 1 and "CANBO.ID.GENDER_DIGIT" in marked[0]


def test_a_hidden_sheet_of_an_xls_stays_hidden_in_the_rebuilt_copy(tmp_path: Path) -> None:
    import xlwt

    source = tmp_path / "08" / "source.xls"
    source.parent.mkdir(parents=True)
    book = xlwt.Workbook(encoding="utf-8")  # a submission with a hidden note for the office
    for name in ("ThongTin", "CanBo"):
        sheet = book.add_sheet(name)
        for r, row in enumerate(wb.workbook("08", 2024, canbo=[wb.cadre_row()])[name]):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    notes = book.add_sheet("GhiChu")
    notes.write(0, 0, "ghi chú nội bộ")
    notes.visibility = 1
    book.save(str(source))
    copy = openpyxl.load_workbook(_annotate_file(source, tmp_path / "out" / "annotated.xlsx"))
    assert copy["GhiChu"].sheet_state == "hidden" and copy["CanBo"].sheet_state == "visible"


def test_text_written_back_cannot_run_as_a_formula(tmp_path: Path) -> None:
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(commune_code='=HYPERLINK("http://x","02245")')])
    book = _annotated(tmp_path, sheets, suffix="")  # a CSV folder: the text arrives as typed
    values = [c for row in book[SUMMARY_SHEET].iter_rows() for c in row if isinstance(c.value, str)]
    assert not [c for c in values if c.data_type == "f" or c.value.startswith("=")]
    assert any(c.value == '\'=HYPERLINK("http://x","02245")' for c in values)
    assert neutralise("=1+1") == "'=1+1" and neutralise("@SUM(A1)") == "'@SUM(A1)" and neutralise("Nam") == "Nam"
    for hostile in ("\n=1+1", "＝1+1", "＋1", "－1", "＠SUM(A1)", "-2+3", "+1+cmd|' /C calc'!A0", "-"):
        assert neutralise(hostile) == "'" + hostile
    for number in ("-5", "-2.000.000", "+84 912 345 678", "-1,5"):  # a signed number runs nothing: as typed
        assert neutralise(number) == number


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


def _styled_source(tmp_path: Path, own_comment: bool = False) -> Path:
    """A province workbook with formatting of its own, a wrong ID and a blank required name."""
    sheets = _bad_cadre_sheets()
    sheets["Danh sách cán bộ"] = wb.table(
        [wb.cadre_row(), wb.cadre_row(national_id="008180000999"), wb.cadre_row(full_name=None)],
        title_rows=[["UBND TỈNH TUYÊN QUANG"], ["DANH SÁCH CÁN BỘ XÃ NĂM 2024"]],
    )
    source = wb.write(tmp_path / "08" / "source.xlsx", sheets)
    book = openpyxl.load_workbook(source)
    sheet = book["Danh sách cán bộ"]
    sheet.merge_cells("A1:D1")
    sheet["A1"].font = Font(bold=True, color="FF0000FF")
    sheet.column_dimensions["B"].width = 33
    sheet.freeze_panes = "A4"
    sheet.print_area = "A1:R10"
    sheet["A5"].number_format = "@"  # the wrong ID, typed as text
    if own_comment:
        sheet["A2"].comment = Comment("ghi chú của tỉnh", "Tỉnh")
    book.save(source)
    return source


def _cell(sheet, header: str, row: int):
    headers = [c.value for c in sheet[3]]
    return sheet.cell(row=row, column=headers.index(header) + 1)


def test_xlsx_copy_keeps_the_provinces_formatting_and_marks_blank_cells(tmp_path: Path) -> None:
    source = _styled_source(tmp_path)
    out = _annotate_file(source, tmp_path / "out" / "annotated.xlsx")
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(out) as after:
        # Written by patching the XML: parts with nothing to mark are the province's bytes.
        assert after.read("docProps/core.xml") == before.read("docProps/core.xml")
    assert _written_by_xml_edit(out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == SUMMARY_SHEET and book.active.title == SUMMARY_SHEET
    assert [ws.sheet_view.tabSelected for ws in book.worksheets].count(True) == 1
    sheet = book["Danh sách cán bộ"]
    assert "A1:D1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A1"].font.b and sheet["A1"].font.color.rgb == "FF0000FF"
    assert sheet.column_dimensions["B"].width == 33 and sheet.freeze_panes == "A4"
    assert sheet.print_area == "'Danh sách cán bộ'!$A$1:$R$10"
    wrong_id = _cell(sheet, "Số định danh cá nhân", 5)
    assert "CANBO.ID.GENDER_DIGIT" in wrong_id.comment.text and wrong_id.fill.start_color.rgb == "FFFFC7CE"
    blank_name = _cell(sheet, "Họ và tên", 6)
    assert blank_name.value is None and "CELL.REQUIRED" in blank_name.comment.text
    assert blank_name.fill.start_color.rgb == "FFFFC7CE"
    assert wrong_id.coordinate == "A5" and wrong_id.number_format == "@"  # marked, its own format kept
    assert _cell(sheet, "Họ và tên", 5).comment is None
    summary = book[SUMMARY_SHEET]
    assert summary["A1"].font.b and summary["A1"].font.sz == 14
    assert any(row[1] == "CELL.REQUIRED" and row[3] == 6 for row in summary.iter_rows(values_only=True))


@pytest.mark.parametrize("own_comment", [False, True], ids=["xml-edit", "openpyxl"])
def test_a_marked_blank_cell_keeps_its_columns_text_format(tmp_path: Path, own_comment: bool) -> None:
    """The ID column of a template is Text ('@'): the blank ID the province must now fill stays Text,
    or the ID it types there loses its leading zero (General reads 008080000123 as a number)."""
    sheets = wb.workbook("08", 2024)
    sheets["CanBo"] = wb.table([wb.cadre_row(), wb.cadre_row(national_id=None, full_name="Trần Văn Bình")])
    source = wb.write(tmp_path / "08" / "source.xlsx", sheets)
    book = openpyxl.load_workbook(source)
    sheet = book["CanBo"]
    column = [c.value for c in sheet[1]].index("Số định danh cá nhân") + 1
    sheet.column_dimensions[get_column_letter(column)].number_format = "@"
    if own_comment:
        sheet["A1"].comment = Comment("ghi chú của tỉnh", "Tỉnh")
    book.save(source)

    out = _annotate_file(source, tmp_path / "out" / "annotated.xlsx")

    assert _written_by_xml_edit(out) is not own_comment
    blank_id = openpyxl.load_workbook(out)["CanBo"].cell(row=3, column=column)
    assert blank_id.value is None and "CELL.REQUIRED" in blank_id.comment.text
    assert blank_id.number_format == "@" and blank_id.fill.start_color.rgb == "FFFFC7CE"


def test_a_sheet_with_comments_of_its_own_is_annotated_by_openpyxl(tmp_path: Path) -> None:
    out = _annotate_file(_styled_source(tmp_path, own_comment=True), tmp_path / "out" / "annotated.xlsx")
    assert not _written_by_xml_edit(out)
    sheet = openpyxl.load_workbook(out)["Danh sách cán bộ"]
    assert sheet["A2"].comment.text == "ghi chú của tỉnh"
    assert "CANBO.ID.GENDER_DIGIT" in _cell(sheet, "Số định danh cá nhân", 5).comment.text


def test_an_annotated_copy_sent_back_gets_one_fresh_summary(tmp_path: Path) -> None:
    first = _annotate_file(_styled_source(tmp_path), tmp_path / "out" / "first.xlsx")
    again = tmp_path / "08" / "again.xlsx"
    shutil.copy(first, again)
    book = openpyxl.load_workbook(_annotate_file(again, tmp_path / "out" / "second.xlsx"))
    assert book.sheetnames.count(SUMMARY_SHEET) == 1 and book.sheetnames[0] == SUMMARY_SHEET


def test_a_provinces_own_ketqua_sheet_is_kept_and_named_as_unknown(tmp_path: Path) -> None:
    """Only our summary is replaced: a province's own tab called KetQua is its data, kept and reported."""
    sheets = {**_bad_cadre_sheets(), "KetQua": [["Bảng kết quả của tỉnh"], ["02245", "95"]]}
    source = wb.write(tmp_path / "08" / "source.xlsx", sheets)
    result = validate_workbook(read_workbook(source), folder_province="08")
    unknown = result.issues[result.issues["rule"] == "FILE.SHEET_UNKNOWN"]
    assert unknown["sheet"].tolist() == ["KetQua"]

    first = _annotate_file(source, tmp_path / "out" / "first.xlsx")
    book = openpyxl.load_workbook(first)
    assert book["KetQua"]["A1"].value == "Bảng kết quả của tỉnh" and book["KetQua"]["B2"].value == "95"
    ours = [ws.title for ws in book.worksheets if ws["A1"].value == "Kết quả tiếp nhận"]
    assert ours == [book.sheetnames[0]] and ours != ["KetQua"]

    again = tmp_path / "08" / "again.xlsx"  # the copy sent back: last round's summary replaced, theirs kept
    shutil.copy(first, again)
    assert read_workbook(again).unknown_sheets == ["KetQua"]  # theirs still named, our summary not
    book = openpyxl.load_workbook(_annotate_file(again, tmp_path / "out" / "second.xlsx"))
    assert [ws["A1"].value for ws in book.worksheets].count("Kết quả tiếp nhận") == 1
    assert book["KetQua"]["A1"].value == "Bảng kết quả của tỉnh"


def test_our_summary_sent_back_under_another_name_is_replaced(tmp_path: Path) -> None:
    """A clean file (no notes: the XML edit applies) whose last copy put our summary beside the province's
    own KetQua as 'KetQua (2)'; the province then dropped its tab. One summary comes back, not two."""
    sheets = {**wb.workbook("08", 2024, canbo=[wb.cadre_row()]), "KetQua": [["Bảng kết quả của tỉnh"]]}
    first = _annotate_file(wb.write(tmp_path / "08" / "source.xlsx", sheets), tmp_path / "out" / "first.xlsx")
    book = openpyxl.load_workbook(first)
    assert book.sheetnames[0] == "KetQua (2)"
    del book["KetQua"]
    again = tmp_path / "08" / "again.xlsx"
    book.save(again)
    book = openpyxl.load_workbook(_annotate_file(again, tmp_path / "out" / "second.xlsx"))
    assert [ws["A1"].value for ws in book.worksheets].count("Kết quả tiếp nhận") == 1
    assert book.sheetnames[0] == "KetQua"


def test_a_sheet_whose_first_row_cannot_be_read_still_gets_a_copy(tmp_path: Path) -> None:
    """A number cell holding '5,5' (no reader takes it: the file is rejected as unreadable): looking for
    an earlier summary in row 1 must not stop the copy being written; it holds the summary."""
    source = wb.write(tmp_path / "08" / "source.xlsx", {"ThongTin": wb.thongtin(), "Other": [[5], [None], ["x"]]})
    damaged = tmp_path / "08" / "damaged.xlsx"
    with zipfile.ZipFile(source) as plain, zipfile.ZipFile(damaged, "w") as broken:
        for info in plain.infolist():
            data = plain.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"<v>5</v>", b"<v>5,5</v>")
            broken.writestr(info, data)
    summary = {"file_name": damaged.name, "status": "rejected", "province_code": "08"}
    out = annotate(damaged, {}, summary, validate_workbook(read_workbook(source)).issues.iloc[:0], tmp_path / "a.xlsx")
    assert openpyxl.load_workbook(out).sheetnames[0] == SUMMARY_SHEET


def test_macros_of_an_xlsm_are_copied_unchanged(tmp_path: Path) -> None:
    xlsx = _styled_source(tmp_path)
    source = xlsx.with_suffix(".xlsm")
    with zipfile.ZipFile(xlsx) as plain, zipfile.ZipFile(source, "w") as macro:
        for info in plain.infolist():
            macro.writestr(info, plain.read(info))
        macro.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really a VBA project")
    out = _annotate_file(source, tmp_path / "out" / "annotated.xlsm")
    with zipfile.ZipFile(out) as annotated:
        assert annotated.read("xl/vbaProject.bin") == b"\xd0\xcf\x11\xe0 not really a VBA project"
    assert (
        "CANBO.ID.GENDER_DIGIT"
        in _cell(openpyxl.load_workbook(out)["Danh sách cán bộ"], "Số định danh cá nhân", 5).comment.text
    )


def test_a_marked_row_is_found_by_its_number_wherever_the_attribute_sits() -> None:
    xml = (
        '<sheetData><row r="1"><c r="A1"/></row><row spans="1:2" r="10" ht="15"><c r="A10"/></row>'
        '<row r="11"/><row r="12" s="3" customFormat="1"><c r="A12" s="3"/></row></sheetData>'
    )
    assert _find_row(xml, 1, 0).group(0) == '<row r="1"><c r="A1"/></row>'
    ten = _find_row(xml, 10, 0)
    assert ten.group(1) == ' spans="1:2" r="10" ht="15"' and ten.group(2) == '<c r="A10"/>'
    assert _find_row(xml, 11, ten.end()).group(0) == '<row r="11"/>'
    assert _find_row(xml, 12, 0).group(2) == '<c r="A12" s="3"/>'
    assert _find_row(xml, 2, 0) is None and _find_row(xml, 1, ten.end()) is None  # absent, or passed


def test_legacy_drawing_goes_between_the_top_level_elements_the_standard_orders() -> None:
    xml = (
        '<worksheet xmlns="m"><sheetData><row r="1"/></sheetData>'
        '<conditionalFormatting sqref="A1"><cfRule type="x"><extLst/></cfRule></conditionalFormatting>'
        '<pageMargins left="0.7"/><tableParts count="0"/></worksheet>'
    )
    patched = _edited(xml, _legacy_drawing(xml, "rId9", "sheet.xml"))
    assert '<pageMargins left="0.7"/><legacyDrawing r:id="rId9"/><tableParts' in patched
    assert 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"' in patched


def _rewrite_parts(path: Path, transform) -> None:
    """Rewrite a workbook's XML parts in place, as other spreadsheet programs write them."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, transform(name, data.decode("utf-8")) if name.endswith(".xml") else data)


def test_marks_do_not_depend_on_the_sheets_declared_dimension_or_boolean_spelling(tmp_path: Path) -> None:
    source = _styled_source(tmp_path)

    def as_other_writers_do(name: str, xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1"', xml)  # a stale dimension
        return xml.replace('tabSelected="1"', 'tabSelected="true"')

    _rewrite_parts(source, as_other_writers_do)
    out = _annotate_file(source, tmp_path / "out" / "annotated.xlsx")
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(out) as after:
        assert after.read("docProps/core.xml") == before.read("docProps/core.xml")  # the XML path
    assert _written_by_xml_edit(out)
    book = openpyxl.load_workbook(out)
    assert [ws.sheet_view.tabSelected for ws in book.worksheets].count(True) == 1
    sheet = book["Danh sách cán bộ"]
    assert "CANBO.ID.GENDER_DIGIT" in _cell(sheet, "Số định danh cá nhân", 5).comment.text
    assert "CELL.REQUIRED" in _cell(sheet, "Họ và tên", 6).comment.text  # column B, beyond "A1"


def test_a_cells_text_naming_the_selected_tab_flag_is_copied_as_typed(tmp_path: Path) -> None:
    """The summary sheet is selected and the others' flag cleared, in their <sheetViews>: the whole
    sheet used to be searched and rewritten, so a cell's own text (an inline string, as these files
    hold text) lost its words."""
    source = _styled_source(tmp_path)
    typed = 'Ghi chú: tabSelected="1"'
    _rewrite_parts(source, lambda _, xml: xml.replace("<t>DANH SÁCH CÁN BỘ XÃ NĂM 2024</t>", f"<t>{typed}</t>"))
    assert openpyxl.load_workbook(source)["Danh sách cán bộ"]["A2"].value == typed
    out = _annotate_file(source, tmp_path / "out" / "annotated.xlsx")
    assert _written_by_xml_edit(out)
    book = openpyxl.load_workbook(out)
    assert book["Danh sách cán bộ"]["A2"].value == typed
    assert [bool(ws.sheet_view.tabSelected) for ws in book.worksheets] == [True] + [False] * (len(book.worksheets) - 1)


def test_notes_on_other_sheets_keep_their_own_shape_ids(tmp_path: Path) -> None:
    source = _styled_source(tmp_path)
    book = openpyxl.load_workbook(source)
    book["ThongTin"]["A1"].comment = Comment("ghi chú của tỉnh", "Tỉnh")
    book.save(source)
    out = _annotate_file(source, tmp_path / "out" / "annotated.xlsx")
    with zipfile.ZipFile(out) as annotated:
        drawings = [annotated.read(n).decode() for n in annotated.namelist() if n.endswith(".vml")]
        assert annotated.read("docProps/core.xml") == zipfile.ZipFile(source).read("docProps/core.xml")
    assert _written_by_xml_edit(out)
    blocks = [re.search(r'idmap[^>]*data="([\d,]+)"', vml).group(1) for vml in drawings]
    assert len(drawings) == 2 and len(set(blocks)) == 2
    annotated_book = openpyxl.load_workbook(out)
    assert annotated_book["ThongTin"]["A1"].comment.text == "ghi chú của tỉnh"


def test_a_summary_sheet_spelled_in_other_case_is_not_duplicated(tmp_path: Path) -> None:
    source = _styled_source(tmp_path)
    book = openpyxl.load_workbook(source)
    book.create_sheet("ketqua")["A1"] = "bảng của tỉnh"
    book.save(source)
    names = openpyxl.load_workbook(_annotate_file(source, tmp_path / "out" / "annotated.xlsx")).sheetnames
    assert len({name.casefold() for name in names}) == len(names) and names[0].casefold().startswith("ketqua")


def test_rows_without_their_number_fall_back_to_openpyxl_and_still_mark_the_right_cells(tmp_path: Path) -> None:
    """The XML edit finds a marked row by its number; a writer may leave the number out (the standard
    allows it), and then openpyxl, which counts rows, writes the copy."""
    source = _styled_source(tmp_path)
    _rewrite_parts(source, lambda name, xml: re.sub(r'(<row\b[^>]*?)\s+r="\d+"', r"\1", xml))
    out = _annotate_file(source, tmp_path / "out" / "annotated.xlsx")
    with zipfile.ZipFile(out) as after:  # openpyxl wrote it: it numbers every row again
        parts = [name for name in after.namelist() if name.startswith("xl/worksheets/sheet")]
        assert parts and all('<row r="' in after.read(name).decode("utf-8") for name in parts)
    assert not _written_by_xml_edit(out)
    sheet = openpyxl.load_workbook(out)["Danh sách cán bộ"]
    assert "CANBO.ID.GENDER_DIGIT" in _cell(sheet, "Số định danh cá nhân", 5).comment.text
    assert "CELL.REQUIRED" in _cell(sheet, "Họ và tên", 6).comment.text


@pytest.mark.parametrize("suffix", ["", ".xls"])
def test_control_characters_in_cells_neither_break_the_copy_nor_empty_it(tmp_path: Path, suffix: str) -> None:
    """Word's manual line break (\\x0b) pasted into cells, one of them a bad cell: the copy still holds
    every sheet of the province with the bad cell marked, and the summary lists the value (openpyxl
    refuses control characters: the copy held the summary alone, or writing it raised)."""
    cadres = [
        wb.cadre_row(full_name="Nguyễn Văn\x0bAn"),
        wb.cadre_row(national_id=wb.FEMALE_1985, gender="Nữ", full_name="Lò Thị B", commune_code="07033\x0b"),
    ]
    book = _annotated(tmp_path, wb.workbook("08", 2024, canbo=cadres), suffix=suffix)
    cadre_sheet = next(name for name in book.sheetnames if name.lower().startswith("canbo"))
    assert len(book.sheetnames) > 2
    sheet = book[cadre_sheet]
    header_row = next(row for row in sheet.iter_rows() if any(c.value == "Họ và tên" for c in row))
    headers = [c.value for c in header_row]
    top = header_row[0].row
    assert sheet.cell(row=top + 1, column=headers.index("Họ và tên") + 1).value == "Nguyễn VănAn"
    bad = sheet.cell(row=top + 2, column=headers.index("Mã xã") + 1)
    assert bad.value == "07033" and "COMMUNE.OTHER_PROVINCE" in bad.comment.text
    summary = list(book[SUMMARY_SHEET].iter_rows(values_only=True))
    assert any(row[1] == "COMMUNE.OTHER_PROVINCE" and row[5] == "07033" for row in summary)


def test_a_copy_sent_back_corrected_keeps_no_mark_of_the_last_round(tmp_path: Path) -> None:
    """The province corrects the red cells of its annotated copy and sends that copy back: the corrected
    cells lose their note and fill, the cells still wrong get fresh ones, its own notes stay, and the
    summary sheet of the last round is not reported as an unknown sheet."""
    source = _styled_source(tmp_path, own_comment=True)
    first = _annotate_file(source, tmp_path / "out" / "first.xlsx")
    book = openpyxl.load_workbook(first)
    sheet = book["Danh sách cán bộ"]
    assert _cell(sheet, "Số định danh cá nhân", 5).comment is not None
    _cell(sheet, "Số định danh cá nhân", 5).value = "008080000998"  # a man born in 1980, as the row says
    again = tmp_path / "08" / "again.xlsx"
    book.save(again)

    result = validate_workbook(read_workbook(again), folder_province="08")
    assert "FILE.SHEET_UNKNOWN" not in set(result.issues["rule"])
    second = openpyxl.load_workbook(_annotate_file(again, tmp_path / "out" / "second.xlsx"))
    sheet = second["Danh sách cán bộ"]
    corrected = _cell(sheet, "Số định danh cá nhân", 5)
    assert corrected.comment is None and corrected.fill.fill_type is None
    still_wrong = _cell(sheet, "Họ và tên", 6)
    assert "CELL.REQUIRED" in still_wrong.comment.text and still_wrong.fill.start_color.rgb.endswith("FFC7CE")
    assert sheet["A2"].comment.text == "ghi chú của tỉnh"


def test_a_csv_sheet_named_longer_than_a_tab_can_be_is_still_marked(tmp_path: Path) -> None:
    """A CSV file's name (or an .ods sheet's) may be longer than Excel's 31 characters: the rebuilt tab is
    shortened, and the marks of that sheet used to be dropped for not finding its full name."""
    sheets = wb.workbook("08", 2024)
    long_name = "Danh sách cán bộ xã năm 2024 của tỉnh Tuyên Quang"
    sheets[long_name] = wb.table([wb.cadre_row(), wb.cadre_row(national_id="008180000999")])
    book = _annotated(tmp_path, sheets, suffix="")
    sheet = book[long_name[:31]]
    headers = [c.value for c in sheet[1]]
    wrong_id = sheet.cell(row=3, column=headers.index("Số định danh cá nhân") + 1)
    assert "CANBO.ID.GENDER_DIGIT" in wrong_id.comment.text


def test_a_header_row_typed_in_a_legacy_font_still_gets_its_marks(tmp_path: Path) -> None:
    """The reader repairs a VNI-typed header row to Unicode, but the copy holds it as typed: a column
    must be found by the header as stored, or no cell of the sheet is marked."""
    from tests.test_legacy_fonts import as_typed_in_vni

    source = wb.write(tmp_path / "08" / "cu.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row(commune_code="07033")]))
    book = openpyxl.load_workbook(source)
    for cell in book["CanBo"][1]:
        cell.value, cell.font = as_typed_in_vni(cell.value), Font(name="VNI-Times")
    book.save(source)
    copy = openpyxl.load_workbook(_annotate_file(source, tmp_path / "out" / "annotated.xlsx"))
    sheet = copy["CanBo"]
    commune = sheet.cell(row=2, column=list(wb.CANBO_HEADERS).index("commune_code") + 1)
    assert commune.value == "07033" and "COMMUNE.OTHER_PROVINCE" in commune.comment.text


@pytest.mark.parametrize("layout", ["keys-down", "header-row"])
def test_a_thongtin_value_typed_in_a_legacy_font_is_located_and_marked(tmp_path: Path, layout: str) -> None:
    """Down a column of keys or under a header row; a key typed in the legacy font over a blank value
    (Điện thoại / Email) is no value to locate."""
    from tests.test_legacy_fonts import as_typed_in_vntime

    sheets = wb.workbook("08", 2024, info=wb.thongtin(contact=""), canbo=[wb.cadre_row()])
    if layout == "header-row":
        pairs = sheets["ThongTin"]
        sheets["ThongTin"] = [[key for key, _ in pairs], [value for _, value in pairs]]
    source = wb.write(tmp_path / "08" / "source.xlsx", sheets)
    book = openpyxl.load_workbook(source)
    cells = [c for row in book["ThongTin"].iter_rows() for c in row]
    key = next(c for c in cells if c.value == "Người lập")
    by = book["ThongTin"].cell(row=key.row + 1, column=key.column) if layout == "header-row" else key.offset(0, 1)
    by.value, by.font = as_typed_in_vntime("Nguyễn Thị Lan"), Font(name=".VnTime")
    contact = next(c for c in cells if c.value == "Điện thoại / Email")
    contact.value, contact.font = as_typed_in_vntime("Điện thoại / Email"), Font(name=".VnTime")
    book.save(source)

    result = validate_workbook(read_workbook(source), folder_province="08")
    repaired = result.issues[result.issues["rule"] == "CELL.LEGACY_FONT_REPAIRED"]
    assert len(repaired) == 2  # the value and the key (a key is no field's value)
    located = repaired.dropna(subset=["field"])[["sheet", "row", "field", "header"]].values.tolist()
    assert located == [["ThongTin", by.row, "prepared_by", "Người lập"]]
    copy = openpyxl.load_workbook(_annotate_file(source, tmp_path / "out" / "annotated.xlsx"))
    marked = copy["ThongTin"].cell(row=by.row, column=by.column)
    assert marked.comment is not None and "CELL.LEGACY_FONT_REPAIRED" in marked.comment.text


def test_thongtin_laid_out_as_a_header_row_over_its_values_gets_its_marks(tmp_path: Path) -> None:
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row()])
    sheets["ThongTin"] = [["Mã tỉnh", "Năm báo cáo", "Người lập", "Ngày lập"], ["08", "2024", None, "15/01/2025"]]
    book = _annotated(tmp_path, sheets)
    marked = [
        (c.coordinate, "THONGTIN.REQUIRED" in c.comment.text)
        for row in book["ThongTin"].iter_rows()
        for c in row
        if c.comment
    ]
    assert marked == [("C2", True)]


@pytest.mark.parametrize("next_key_font", ["unicode", "legacy"])
def test_a_blank_thongtin_value_is_marked_beside_its_key_not_on_the_next_key(
    tmp_path: Path, next_key_font: str
) -> None:
    """The next key may be typed in a legacy font: the copy holds its bytes as typed ('Ngµy lËp')."""
    from tests.test_legacy_fonts import as_typed_in_vntime

    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row()])
    sheets["ThongTin"] = [["Mã tỉnh", "08", "Năm báo cáo", "2024"], ["Người lập", None, "Ngày lập", "15/01/2025"]]
    source = wb.write(tmp_path / "08" / "source.xlsx", sheets)
    if next_key_font == "legacy":
        book = openpyxl.load_workbook(source)
        book["ThongTin"]["C2"].value = as_typed_in_vntime("Ngày lập")
        book["ThongTin"]["C2"].font = Font(name=".VnTime")
        book.save(source)
    copy = openpyxl.load_workbook(_annotate_file(source, tmp_path / "out" / "annotated.xlsx"))
    marked = [
        (c.coordinate, "THONGTIN.REQUIRED" in c.comment.text)
        for row in copy["ThongTin"].iter_rows()
        for c in row
        if c.comment and "THONGTIN.REQUIRED" in c.comment.text
    ]
    assert marked == [("B2", True)]


@pytest.mark.parametrize("suffix", ["", ".xls"])
def test_a_rebuilt_copy_keeps_the_provinces_text_as_typed(tmp_path: Path, suffix: str) -> None:
    """'+84 …' and '-5' come back as typed, kept from running as formulas by the quote prefix: an
    apostrophe added to them would be sent back with the corrected copy."""
    sheets = wb.workbook("08", 2024, info=wb.thongtin(contact="+84 207 3822 123"), canbo=[wb.cadre_row()])
    book = _annotated(tmp_path, sheets, suffix=suffix)
    contact = next(c for row in book["ThongTin"].iter_rows() for c in row if c.value and "3822" in str(c.value))
    assert contact.value == "+84 207 3822 123" and contact.data_type == "s" and contact.quotePrefix


def test_a_header_of_two_rows_gets_marks_under_either_row(tmp_path: Path) -> None:
    """The ID's header sits in the upper row (merged down), the education's in the lower one."""
    from tests.test_reader import _two_row_header_sheet

    rows = _two_row_header_sheet(group_over_details=True)
    bad = [*rows[3]]
    bad[rows[1].index("Số định danh cá nhân")] = "008180000999"
    bad[rows[2].index("Chuyên môn")] = "Bằng khen"
    book = _annotated(tmp_path, {**wb.workbook("08", 2024), "CanBo": [*rows, bad]})
    sheet = book["CanBo"]
    wrong_id = sheet.cell(row=5, column=rows[1].index("Số định danh cá nhân") + 1)
    wrong_education = sheet.cell(row=5, column=rows[2].index("Chuyên môn") + 1)
    assert "CANBO.ID.GENDER_DIGIT" in wrong_id.comment.text
    assert "CELL.CODE_UNKNOWN" in wrong_education.comment.text


@pytest.mark.parametrize("own_comment", [False, True], ids=["xml-edit", "openpyxl"])
def test_a_warning_is_yellow_and_a_cell_with_an_error_too_is_red(tmp_path: Path, own_comment: bool) -> None:
    """An ID written as a number loses its leading zeros: padded back, a warning (yellow). The second
    one is also wrong (gender digit): the error wins (red), and its note names both rules."""
    cadres = [wb.cadre_row(national_id=8080000123), wb.cadre_row(national_id=8180000999, full_name="Lê Văn Bốn")]
    sheets = wb.workbook("08", 2024)
    sheets["Danh sách cán bộ"] = wb.table(cadres, title_rows=[["DANH SÁCH CÁN BỘ XÃ NĂM 2024"], []])
    source = wb.write(tmp_path / "08" / "source.xlsx", sheets)
    if own_comment:
        book = openpyxl.load_workbook(source)
        book["Danh sách cán bộ"]["A1"].comment = Comment("ghi chú của tỉnh", "Tỉnh")
        book.save(source)
    out = _annotate_file(source, tmp_path / "out" / "annotated.xlsx")
    assert _written_by_xml_edit(out) is not own_comment

    sheet = openpyxl.load_workbook(out)["Danh sách cán bộ"]
    padded, wrong = _cell(sheet, "Số định danh cá nhân", 4), _cell(sheet, "Số định danh cá nhân", 5)
    assert padded.fill.start_color.rgb == "FFFFEB9C" and "CANBO.ID.PADDED" in padded.comment.text
    assert wrong.fill.start_color.rgb == "FFFFC7CE"
    assert "CANBO.ID.PADDED" in wrong.comment.text and "CANBO.ID.GENDER_DIGIT" in wrong.comment.text


def test_a_file_the_reader_could_not_open_gets_its_summary_without_an_alarm(tmp_path: Path, caplog) -> None:
    """An encrypted workbook (or a broken one) is the province's problem, named in its report: the copy
    holds the summary with that reason, and the operator's log gets no traceback as if the copy failed."""
    from msoffcrypto.format.ooxml import OOXMLFile

    from cadres.preparation import read_and_validate

    plain = wb.write_xlsx(tmp_path / "plain.xlsx", wb.clean_workbook())
    source = tmp_path / "08" / "co-mat-khau.xlsx"
    source.parent.mkdir(parents=True)
    with plain.open("rb") as readable, source.open("wb") as encrypted:
        OOXMLFile(readable).encrypt("matkhau", encrypted)
    result = read_and_validate(source, folder_province="08", strict=False)
    summary = {"file_name": source.name, "status": result.status, "province_code": "08"}

    with caplog.at_level("WARNING", logger="cadres.annotate"):
        out = annotate(source, result.layout, summary, result.issues, tmp_path / "out" / "a.xlsx")

    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [SUMMARY_SHEET]
    assert any("FILE.PASSWORD_PROTECTED" in str(cell) for row in book.active.values for cell in row)
    assert not [r for r in caplog.records if r.name == "cadres.annotate"]


def test_an_xls_comes_back_with_its_cells_where_and_as_the_province_typed_them(tmp_path: Path) -> None:
    """The rebuilt copy of an .xls whose column A is empty (an indent, a hidden STT column) keeps every
    cell in its column, a number cell a number and a date cell a date, and its merged title merged:
    rebuilt from fastexcel's text it came back one column to the left, all of it text."""
    cadres = [wb.cadre_row(), wb.cadre_row(national_id="008180000999", birth_date=dt.date(1980, 3, 15))]
    canbo = [[None, *row] for row in wb.table(cadres, title_rows=[["DANH SÁCH CÁN BỘ"]])]
    courses = [[None, *row] for row in wb.table([wb.course_row(participant_count=25)])]
    sheets = wb.workbook("08", 2024, canbo=cadres)
    sheets.update({"CanBo": canbo, "KhoaHoc": courses})
    source = wb.write_xls(tmp_path / "08" / "source.xls", sheets, {"CanBo": [(0, 0, 1, 6)]})

    book = openpyxl.load_workbook(_annotate_file(source, tmp_path / "out" / "annotated.xlsx"))

    marked = [c.coordinate for row in book["CanBo"].iter_rows() for c in row if c.comment]
    assert marked == ["B4"]  # the second cadre's ID, in column B as in the province's file
    assert book["CanBo"]["B1"].value == "DANH SÁCH CÁN BỘ" and "B1:G1" in book["CanBo"].merged_cells
    count = courses[0].index("Số lượt học viên") + 1
    assert book["KhoaHoc"].cell(row=2, column=count).value == 25  # a number, not the text '25'
    born = canbo[1].index(wb.CANBO_HEADERS["birth_date"]) + 1
    assert book["CanBo"].cell(row=4, column=born).value == dt.datetime(1980, 3, 15)
    assert book["CanBo"].cell(row=4, column=born).number_format == "DD/MM/YYYY"


@pytest.mark.parametrize("suffix", [".ods", ".xls"])
def test_an_ods_or_xls_comes_back_with_its_cells_merges_and_hidden_columns_where_they_were(
    tmp_path: Path, suffix: str
) -> None:
    """An .ods whose table starts at column B, its commune code merged down over its cadres, a column
    hidden (an explorer's): the copy came back one column to the left and unmerged, so the mark of the
    second cadre's wrong post went on the first cadre's valid post (the merged ranges placed it), and
    the hidden column showed; an .xls copy showed its hidden rows and columns too."""
    cadres = [
        wb.cadre_row(position="Bí thư Đảng ủy"),
        wb.cadre_row(national_id=wb.FEMALE_1985, birth_date="02/09/1985", gender="Nữ", position="Kế toán trưởng"),
        wb.cadre_row(national_id=wb.MALE_1975, birth_date="30/06/1975", position="Chủ tịch UBND"),
    ]
    canbo = [[None, *row] for row in wb.table(cadres)]
    for row in canbo[2:]:
        row[canbo[0].index("Mã xã")] = None  # merged down from the first cadre's
    commune, post, program = (canbo[0].index(h) for h in ("Mã xã", "Chức vụ", "Chương trình"))
    sheets = wb.workbook("08", 2024, canbo=cadres)
    sheets["CanBo"] = canbo
    write = wb.write_ods if suffix == ".ods" else wb.write_xls
    source = write(
        tmp_path / "08" / f"source{suffix}",
        sheets,
        {"CanBo": [(1, 3, commune, commune)]},
        hidden={"CanBo": ([3], [program])},
    )

    book = openpyxl.load_workbook(_annotate_file(source, tmp_path / "out" / "annotated.xlsx"))

    sheet = book["CanBo"]
    marked = {c.coordinate for row in sheet.iter_rows() for c in row if c.comment}
    post_letter = get_column_letter(post + 1)
    assert f"{post_letter}3" in marked and f"{post_letter}2" not in marked  # where the province typed it
    assert sheet.cell(row=3, column=post + 1).value == "Kế toán trưởng"
    assert f"{get_column_letter(commune + 1)}2:{get_column_letter(commune + 1)}4" in sheet.merged_cells
    assert sheet.column_dimensions[get_column_letter(program + 1)].hidden
    assert sheet.row_dimensions[4].hidden


def test_an_unreadable_source_of_an_amount_is_marked_on_its_own_cell(tmp_path: Path) -> None:
    """'Kinh phí' over 'NSTW' | 'NSĐP' holding 30.000.000 | 'abc': the copy marked the valid NSTW cell,
    the group's first (an explorer's); the mark goes on the source that is no amount."""
    header, course = wb.table([wb.course_row()])
    at = header.index("Kinh phí (đồng)")
    upper = [*header[:at], "Kinh phí (đồng)", None, *header[at + 1 :]]
    lower = [None] * len(upper)
    lower[at : at + 2] = ["NSTW", "NSĐP"]
    values = [*course[:at], "30.000.000", "abc", *course[at + 1 :]]
    merged = [(0, 0, at, at + 1), *[(0, 1, c, c) for c in range(len(upper)) if c not in (at, at + 1)]]
    sheets = {"ThongTin": wb.thongtin(), "KhoaHoc": [upper, lower, values]}
    source = wb.write_xlsx(tmp_path / "08" / "nguon.xlsx", sheets, {"KhoaHoc": merged})

    sheet = openpyxl.load_workbook(_annotate_file(source, tmp_path / "out" / "annotated.xlsx"))["KhoaHoc"]

    marked = [c.coordinate for row in sheet.iter_rows() for c in row if c.comment]
    assert marked == [f"{get_column_letter(at + 2)}3"]  # NSĐP's 'abc', not NSTW's 30.000.000
    assert sheet[marked[0]].value == "abc"


@pytest.mark.parametrize(("suffix", "own_comment"), [(".xlsx", False), (".xlsx", True), (".xls", False)])
def test_a_problem_in_a_merged_cell_is_marked_on_the_cell_excel_shows(
    tmp_path: Path, suffix: str, own_comment: bool
) -> None:
    """A wrong commune code merged over two cadres is wrong in both rows: the mark goes on the merged
    cell's top-left cell, once (a covered cell is hidden, and openpyxl refused to comment it: writing
    the report raised), whichever way the copy is written."""
    cadres = [
        wb.cadre_row(commune_code="99999"),
        wb.cadre_row(national_id=wb.FEMALE_1985, birth_date="02/09/1985", gender="Nữ", commune_code=None),
    ]
    sheets = wb.workbook("08", 2024, canbo=cadres)
    commune = sheets["CanBo"][0].index("Mã xã")
    source = (wb.write_xlsx if suffix == ".xlsx" else wb.write_xls)(
        tmp_path / "08" / f"source{suffix}", sheets, {"CanBo": [(1, 2, commune, commune)]}
    )
    if own_comment:
        book = openpyxl.load_workbook(source)
        book["CanBo"]["A1"].comment = Comment("ghi chú của tỉnh", "Tỉnh")
        book.save(source)

    out = _annotate_file(source, tmp_path / "out" / "annotated.xlsx")

    sheet = openpyxl.load_workbook(out)["CanBo"]
    ours = [c for row in sheet.iter_rows() for c in row if c.comment and c.comment.author == COMMENT_AUTHOR]
    top = f"{get_column_letter(commune + 1)}2"
    assert [c.coordinate for c in ours] == [top]
    assert ours[0].comment.text.count("COMMUNE.NOT_IN_LIST") == 1
    assert "(dòng 2, 3)" in ours[0].comment.text  # the rows it is wrong in (an explorer's: named neither)
    assert sheet[top].fill.start_color.rgb == "FFFFC7CE"


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_a_problem_is_marked_in_the_column_read_not_its_hidden_copy(tmp_path: Path, suffix: str) -> None:
    """A stale 'Mã xã' left hidden left of the one read: marks were placed by header text, on the first
    column so headed, and a wrong code was commented in the hidden column the province cannot see."""
    cadres = [
        wb.cadre_row(commune_code="ABCDE"),
        wb.cadre_row(national_id=wb.FEMALE_1985, birth_date="02/09/1985", gender="Nữ"),
    ]
    sheets = wb.workbook("08", 2024, canbo=cadres)
    sheets["CanBo"] = [[old, *row] for old, row in zip(["Mã xã", "99999", "99999"], sheets["CanBo"], strict=True)]
    write = wb.write_xlsx if suffix == ".xlsx" else wb.write_xls
    source = write(tmp_path / "08" / f"source{suffix}", sheets, hidden={"CanBo": ([], [0])})

    out = _annotate_file(source, tmp_path / "out" / "annotated.xlsx")

    sheet = openpyxl.load_workbook(out)["CanBo"]
    read = get_column_letter(sheets["CanBo"][0].index("Mã xã", 1) + 1)
    marked = {c.coordinate: c.comment.text for row in sheet.iter_rows() for c in row if c.comment}
    assert "COMMUNE.NOT_IN_LIST" in marked[f"{read}2"] and "A2" not in marked


def test_a_thongtin_value_in_its_keys_cell_is_marked_there(tmp_path: Path) -> None:
    """'Ngày lập: 31/02/2025' in one cell, a day February does not have: the mark goes on that cell, not
    on the empty one beside it."""
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row()])
    sheets["ThongTin"] = [
        ["Mã tỉnh: 08"],
        ["Năm báo cáo: 2024"],
        ["Người lập: Nguyễn Thị Lan"],
        ["Ngày lập: 31/02/2025"],
    ]
    book = _annotated(tmp_path, sheets)
    marked = [
        (c.coordinate, c.comment.text.split("]")[0]) for row in book["ThongTin"].iter_rows() for c in row if c.comment
    ]
    assert marked == [("A4", "[CELL.DATE_INVALID")], marked
    # the column a problem names is the key ('Ngày lập'), not the whole cell with the value in it
    issues = validate_workbook(read_workbook(tmp_path / "08" / "source.xlsx"), folder_province="08").issues
    assert issues[["header", "value"]].values.tolist() == [["Ngày lập", "31/02/2025"]]


def test_a_thongtin_key_with_a_note_after_a_colon_is_a_key(tmp_path: Path) -> None:
    """'Ngày lập: (dd/mm/yyyy)' is the key, its value beside it: the mark went on the key's cell."""
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row()])
    sheets["ThongTin"] = [
        ["Mã tỉnh", "08"],
        ["Năm báo cáo", 2024],
        ["Người lập", "Lan"],
        ["Ngày lập: (dd/mm/yyyy)", "31/02/2025"],
    ]
    book = _annotated(tmp_path, sheets)
    marked = [
        (c.coordinate, c.comment.text.split("]")[0]) for row in book["ThongTin"].iter_rows() for c in row if c.comment
    ]
    assert marked == [("B4", "[CELL.DATE_INVALID")], marked


def test_each_header_row_is_folded_once_however_many_columns_are_marked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each unknown column is a problem marked at its header: searched anew for each, the header row was
    folded once per problem, and a CanBo with 16,384 columns took over an hour to annotate."""
    import cadres.annotate

    sheets = wb.clean_workbook()
    extra = [f"Cột thêm {n}" for n in range(300)]
    first, *others = sheets["CanBo"][1:]  # each column holds a note somewhere: one holding nothing is not told
    sheets["CanBo"] = [sheets["CanBo"][0] + extra, first + ["ghi chú"] * len(extra)] + [
        row + [None] * len(extra) for row in others
    ]
    source = wb.write_xlsx(tmp_path / "08" / "rong.xlsx", sheets)
    result = validate_workbook(read_workbook(source), folder_province="08")
    assert (result.issues["rule"] == "FILE.COLUMN_UNKNOWN").sum() == len(extra)
    folded = []
    monkeypatch.setattr(cadres.annotate, "fold", lambda text: folded.append(text) or fold(text))

    out = annotate(source, result.layout, {"file_name": "rong.xlsx"}, result.issues, tmp_path / "out.xlsx")

    marked = openpyxl.load_workbook(out)["CanBo"]
    assert [marked.cell(1, len(sheets["CanBo"][0]) - n).comment is not None for n in (0, 299)] == [True, True]
    assert len(folded) < 3 * len(sheets["CanBo"][0])  # was 300 × 300 / 2 and more


def test_a_column_not_read_is_marked_at_its_own_header_not_at_the_one_read(tmp_path: Path) -> None:
    """A repeated 'DÂN TỘC', two unknown 'Ghi chú nội bộ' and a hidden stale 'Mã xã' (column A): each
    warning on its own column's header cell, which the report names by letter; the columns read, headed
    alike, are left unmarked (their warning told the officer to delete the good column)."""
    rows = wb.table([wb.cadre_row()])
    ethnicity = rows[0].index("Dân tộc")
    extra = (["DÂN TỘC", "Kinh"], ["Ghi chú nội bộ", "a"], ["Ghi chú nội bộ", "b"])
    rows = [
        [stale, *row, *(column[i] for column in extra)]
        for i, (stale, row) in enumerate(zip(["Mã xã", "99999"], rows, strict=True))
    ]
    source = wb.write_xlsx(
        tmp_path / "08" / "cot.xlsx", {"ThongTin": wb.thongtin(), "CanBo": rows}, hidden={"CanBo": ([], [0])}
    )
    result = validate_workbook(read_workbook(source), folder_province="08")
    width = len(rows[0])
    told = result.issues[result.issues["rule"].str.startswith("FILE.")].set_index("rule")
    assert told.loc["FILE.COLUMN_REPEATED", "detail"] == f"Cột {get_column_letter(width - 2)}"
    assert told.loc["FILE.HIDDEN_COLUMN_IGNORED", "detail"] == "Cột A"
    assert told.loc["FILE.COLUMN_UNKNOWN", "detail"].tolist() == [
        f"Cột {get_column_letter(width - 1)}",
        f"Cột {get_column_letter(width)}",
    ]

    out = annotate(
        source, result.layout, {"file_name": "cot.xlsx", "status": result.status}, result.issues, tmp_path / "a.xlsx"
    )
    sheet = openpyxl.load_workbook(out)["CanBo"]
    marked = {cell.column: cell.comment.text for cell in sheet[1] if cell.comment is not None}
    assert "FILE.HIDDEN_COLUMN_IGNORED" in marked[1] and "FILE.COLUMN_REPEATED" in marked[width - 2]
    assert "FILE.COLUMN_UNKNOWN" in marked[width - 1] and "FILE.COLUMN_UNKNOWN" in marked[width]
    assert ethnicity + 2 not in marked  # 'Dân tộc', read (column A holds the stale code: one to the right)
    assert rows[0].index("Mã xã", 1) + 1 not in marked  # the 'Mã xã' read


def test_the_summary_lists_problems_as_the_page_does_errors_first_row_by_row(tmp_path: Path) -> None:
    """An unknown column (a warning, found first) and two missing cells: the copy's summary lists the
    errors first and a rule's problems row by row (the checks found row 4's name before row 3's post)."""
    woman = {"national_id": wb.FEMALE_1985, "gender": "Nữ", "birth_date": "02/09/1985"}
    older = {"national_id": wb.MALE_1975, "birth_date": "30/06/1975"}
    rows = wb.table([wb.cadre_row(), wb.cadre_row(**woman, position=None), wb.cadre_row(**older, full_name=None)])
    rows = [[*row, extra] for row, extra in zip(rows, ["Ghi chú nội bộ", "a", "b", "c"], strict=True)]
    book = _annotated(tmp_path, {**wb.workbook("08", 2024), "CanBo": rows})
    listed = [r for r in book[SUMMARY_SHEET].iter_rows(values_only=True) if len(r) > 3 and r[1] in RULES]
    assert [(r[0], r[1], r[3]) for r in listed] == [
        ("Lỗi", "CELL.REQUIRED", 3),
        ("Lỗi", "CELL.REQUIRED", 4),
        ("Cảnh báo", "FILE.COLUMN_UNKNOWN", 1),
    ]


@pytest.mark.parametrize("suffix", [".xlsx", ""])
def test_a_problem_of_a_whole_row_is_marked_on_the_rows_first_cell_read(tmp_path: Path, suffix: str) -> None:
    """A total, a repeated and a signature row have no cell at fault: they were only in the summary, and
    the officer looking at the sheet saw nothing there. Each is marked on its own row: on the cell
    holding its first text where the reader knew it (the signature's 'NGƯỜI LẬP BIỂU': an explorer found
    the mark on a blank cell of the first column), else in the table's first column (column B where the
    table starts there; a CSV's copy)."""
    header, first = wb.table([wb.cadre_row()])
    total = ["Tổng số", *[None] * (len(header) - 2), "1"]
    signature = [None, "NGƯỜI LẬP BIỂU", *[None] * (len(header) - 2)]
    rows = [header, total, first, first, signature]
    if suffix:
        rows = [[None, *row] for row in rows]  # the table starts in column B
    book = _annotated(tmp_path, {**wb.workbook("08", 2024), "CanBo": rows}, suffix)

    sheet = book["CanBo"]
    marked = {
        (cell.row, cell.column): cell.comment.text.split("]")[0]
        for row in sheet.iter_rows()
        for cell in row
        if cell.comment is not None
    }
    column = 2 if suffix else 1
    assert marked == {
        (2, column): "[FILE.TOTAL_ROW_IGNORED",
        (4, column): "[FILE.ROW_REPEATED",
        (5, column + 1 if suffix else column): "[FILE.FOOTER_ROW_IGNORED",
    }


def test_a_whole_row_under_a_header_of_two_rows_is_marked_in_the_tables_first_column(tmp_path: Path) -> None:
    """Under a header of two rows the lower row is filled only under a group ('Chuyên môn'): the mark of
    a repeated row went there, mid-table, not to the first column."""
    from tests.test_reader import _two_row_header_sheet

    rows = _two_row_header_sheet(group_over_details=True)
    book = _annotated(tmp_path, {**wb.workbook("08", 2024), "CanBo": [*rows, rows[3]]})
    marked = [(cell.row, cell.column) for row in book["CanBo"].iter_rows() for cell in row if cell.comment]
    assert marked == [(5, 1)]
    assert "FILE.ROW_REPEATED" in book["CanBo"].cell(row=5, column=1).comment.text


def _as_strict(source: Path, target: Path) -> Path:
    """The same workbook in Strict Open XML's namespaces, as Excel's 'Strict Open XML Spreadsheet' saves."""
    namespaces = {
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main": "http://purl.oclc.org/ooxml/spreadsheetml/main",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
            "http://purl.oclc.org/ooxml/officeDocument/relationships"
        ),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as plain, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as strict:
        for info in plain.infolist():
            data = plain.read(info)
            if info.filename.endswith((".xml", ".rels")):
                text = data.decode("utf-8")
                for transitional, purl in namespaces.items():
                    text = text.replace(transitional, purl)
                data = text.replace("<workbook ", '<workbook conformance="strict" ', 1).encode("utf-8")
            strict.writestr(info, data)
    return target


def test_a_strict_open_xml_workbook_gets_its_sheets_marked_not_the_summary_alone(tmp_path: Path) -> None:
    """openpyxl opens a Strict file without an error and finds no sheet: the copy held the summary
    alone. It is rebuilt from the text read, as an .ods is, with the bad cell marked."""
    plain = wb.write(tmp_path / "plain" / "source.xlsx", _bad_cadre_sheets())
    strict = _as_strict(plain, tmp_path / "08" / "strict.xlsx")
    assert openpyxl.load_workbook(strict).worksheets == []  # what the copy was made from

    book = openpyxl.load_workbook(_annotate_file(strict, tmp_path / "out" / "annotated.xlsx"))

    assert book.sheetnames == [SUMMARY_SHEET, "ThongTin", "Danh sách cán bộ"]
    marked = [cell for row in book["Danh sách cán bộ"].iter_rows() for cell in row if cell.comment is not None]
    assert any("COMMUNE.OTHER_PROVINCE" in cell.comment.text for cell in marked)
    assert any(cell.value == "07033" for cell in marked)


def test_a_provinces_own_note_on_a_marked_cell_is_kept_and_given_back_once_fixed(tmp_path: Path) -> None:
    """Excel holds one note a cell: ours replaced the province's. It now follows ours, and once the cell
    is corrected in the copy sent back, it is the province's note again, under its own author."""
    source = _styled_source(tmp_path)
    book = openpyxl.load_workbook(source)
    sheet = book["Danh sách cán bộ"]
    _cell(sheet, "Số định danh cá nhân", 5).comment = Comment("Hỏi lại xã về số này", "Cán bộ tỉnh")
    book.save(source)

    first = openpyxl.load_workbook(_annotate_file(source, tmp_path / "out" / "first.xlsx"))
    note = _cell(first["Danh sách cán bộ"], "Số định danh cá nhân", 5).comment.text
    assert "CANBO.ID.GENDER_DIGIT" in note and note.endswith("Cán bộ tỉnh\nHỏi lại xã về số này")

    again = tmp_path / "08" / "again.xlsx"  # sent back unchanged: the note is carried once, not twice
    shutil.copy(tmp_path / "out" / "first.xlsx", again)
    second = openpyxl.load_workbook(_annotate_file(again, tmp_path / "out" / "second.xlsx"))
    assert _cell(second["Danh sách cán bộ"], "Số định danh cá nhân", 5).comment.text.count("Hỏi lại xã") == 1

    fixed_book = openpyxl.load_workbook(again)  # the ID corrected: the cell is the province's again
    _cell(fixed_book["Danh sách cán bộ"], "Số định danh cá nhân", 5).value = "008080000999"
    fixed = tmp_path / "08" / "fixed.xlsx"
    fixed_book.save(fixed)
    third = openpyxl.load_workbook(_annotate_file(fixed, tmp_path / "out" / "third.xlsx"))
    given_back = _cell(third["Danh sách cán bộ"], "Số định danh cá nhân", 5).comment
    assert (given_back.author, given_back.text) == ("Cán bộ tỉnh", "Hỏi lại xã về số này")
