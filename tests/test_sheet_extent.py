"""A value far from a sheet's table is refused before the reader builds the sheet's grid.

calamine holds a sheet as one grid from its first to its last value: a value at XFD1048576 asks for
550 GB and aborts the process (the flow test in tests/flows shows a run surviving it). Here the limit is
lowered so that each case, with the guard broken, is an ordinary wrong answer, not an abort.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwt
from openpyxl.styles import PatternFill

from cadres import sheet_extent
from cadres.preparation import read_and_validate
from cadres.rebuilt_copy import rebuilt_workbook
from cadres.sheet_view import sheet_views, text_rows
from cadres.workbook import SheetTooLarge, UnreadableWorkbook, read_workbook, sheet_tables
from cadres.xlsx_package import sheet_parts
from tests import workbooks as wb

SMALL_LIMIT = 5_000
EXCEL_CELLS = 1_048_576 * 16_384


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sheet_extent, "MAX_CELLS", SMALL_LIMIT)
    return SMALL_LIMIT


def _with_cell(source: Path, path: Path, sheet: str, row: int, column: int, value: object = None) -> Path:
    """The workbook with one more cell: a value, or (None) a coloured cell holding nothing."""
    book = openpyxl.load_workbook(source)
    cell = book[sheet].cell(row=row, column=column)
    if value is None:
        cell.fill = PatternFill("solid", start_color="FFFF00")
    else:
        cell.value = value
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


@pytest.mark.parametrize(("column", "refused"), [(50, False), (51, True)])
def test_a_sheet_whose_values_span_more_cells_than_the_limit_is_refused_naming_the_cell(
    tmp_path: Path, small_limit: int, column: int, refused: bool
) -> None:
    """CanBo's values start at A1; a note at row 100 makes the grid 100 rows by its column: 5,000 cells
    at column AX are read, 5,100 at AY are refused, and the report says which cell to clear."""
    source = wb.write_xlsx(tmp_path / "src.xlsx", wb.clean_workbook())
    path = _with_cell(source, tmp_path / "08" / "xa.xlsx", "CanBo", 100, column, "ghi chú")

    result = read_and_validate(path, folder_province="08", strict=False)

    if not refused:
        assert "FILE.SHEET_TOO_LARGE" not in set(result.issues["rule"])
        assert "CanBo" in read_workbook(path).sheets
        return
    assert result.status == "rejected"
    assert result.issues[["rule", "sheet", "row", "header", "value"]].to_dict("records") == [
        {
            "rule": "FILE.SHEET_TOO_LARGE",
            "sheet": "CanBo",
            "row": 100,
            "header": "AY",
            "value": "Ô AY100 có dữ liệu: vùng phải đọc là 100 dòng × 51 cột (5.100 ô), vượt quá giới hạn 5.000 ô",
        }
    ]
    assert "Ctrl+G" in result.issues["hint"].iloc[0]


def test_a_formatted_cell_holding_nothing_at_the_sheets_far_corner_is_no_reason_to_refuse(tmp_path: Path) -> None:
    """A border or colour left at XFD1048576 makes Excel declare the whole sheet as used, but a cell
    with no value takes no place in the reader's grid: the file is read as usual."""
    source = wb.write_xlsx(tmp_path / "src.xlsx", wb.clean_workbook())
    path = _with_cell(source, tmp_path / "goc.xlsx", "CanBo", 1_048_576, 16_384)
    with zipfile.ZipFile(path) as archive:
        assert b'<dimension ref="A1:XFD1048576"' in archive.read("xl/worksheets/sheet2.xml")

    book = read_workbook(path)

    assert len(book.sheets["CanBo"].frame) == len(wb.clean_workbook()["CanBo"]) - 1


def _sheet_xml(rows: str, dimension: str = "") -> bytes:
    xml = f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>{rows}'
    return f"{xml}</sheetData></worksheet>".encode()


def _too_large(xml: bytes) -> sheet_extent.Extent | None:
    return sheet_extent.xlsx_too_large(xml, xml.find(b"<sheetData"), xml.rfind(b"</sheetData"))


def test_cells_without_a_reference_are_placed_after_the_cell_before_them(small_limit: int) -> None:
    """A writer may leave out a cell's reference (calamine places it after the one before): the last
    row's cells then say nothing of how far they reach, and the sheet is counted cell by cell."""
    first = '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    cells = '<c t="inlineStr"><is><t>y</t></is></c>' * 60

    assert _too_large(_sheet_xml(first + f'<row r="90">{cells}</row>')) == sheet_extent.Extent(90, 60, 90, 60)
    assert _too_large(_sheet_xml(first + f'<row r="80">{cells}</row>')) is None  # 4,800 cells


def test_a_sheet_written_with_a_namespace_prefix_is_judged_the_same(small_limit: int) -> None:
    """Writers built on the Open XML SDK name the namespace on every element: <x:row>, <x:c>."""
    first = '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
    last = '<x:row r="100"><x:c r="AY100"><x:v>2</x:v></x:c></x:row>'
    xml = _sheet_xml(first + last, '<x:dimension ref="A1:AY100"/>')

    assert _too_large(xml) == sheet_extent.Extent(100, 51, 100, 51)
    assert _too_large(xml.replace(b"AY100", b"AX100")) is None
    undeclared = _sheet_xml(first + '<x:row r="2"><x:c r="AY2"><x:v>2</x:v></x:c></x:row>' + last.replace("AY", "A"))
    assert _too_large(undeclared) == sheet_extent.Extent(100, 51, 2, 51)


def test_the_grid_runs_from_the_first_row_and_names_the_stray_cell_not_the_tables_last(small_limit: int) -> None:
    """fastexcel asks for every row from row 1: values at row 900 alone are a grid of 900 rows. Of a
    table and a stray value beside it, the stray one is named (clearing the table's last cell would
    not help)."""
    alone = _sheet_xml('<row r="900"><c r="A900"><v>1</v></c><c r="AY900"><v>2</v></c></row>')
    assert _too_large(alone) == sheet_extent.Extent(900, 51, 900, 51)

    table = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c><c r="C{r}"><v>1</v></c></row>' for r in range(1, 101))
    beside = _sheet_xml(table.replace('<c r="C1">', '<c r="AY1"><v>1</v></c><c r="C1">', 1))
    below = _sheet_xml(table + '<row r="2000"><c r="B2000"><v>1</v></c></row>')

    assert _too_large(beside).far_cell == "AY1"
    assert _too_large(below).far_cell == "B2000"


def test_a_dimension_that_does_not_cover_the_last_row_is_not_trusted(small_limit: int) -> None:
    """Some writers leave <dimension ref="A1"/> whatever the sheet holds."""
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="AY2"><v>1</v></c></row>'
    rows += '<row r="100"><c r="A100"><v>1</v></c></row>'

    assert _too_large(_sheet_xml(rows, '<dimension ref="A1"/>')) == sheet_extent.Extent(100, 51, 2, 51)


def test_a_cell_closed_without_a_value_does_not_count(small_limit: int) -> None:
    first = '<row r="1"><c r="A1"><v>1</v></c></row>'
    uncalculated = '<c r="ZZ900"><f>SUM(A1:A9)</f><v /></c>'  # openpyxl's formula: no cached value
    for empty in ('<c r="ZZ900" s="2"/>', '<c r="ZZ900"><v></v></c>', '<c r="ZZ900" s="1"></c>', uncalculated):
        xml = _sheet_xml(first + f'<row r="900">{empty}</row>', '<dimension ref="A1:ZZ900"/>')
        assert _too_large(xml) is None, empty
    far = _sheet_xml(first + '<row r="900"><c r="ZZ900"><v>2</v></c></row>', '<dimension ref="A1:ZZ900"/>')
    assert _too_large(far) == sheet_extent.Extent(900, 702, 900, 702)
    for text_result in ("<v></v>", "<v/>", '<v xml:space="preserve"> </v>'):  # IF(A1="";"";…): a value
        formula = f'<c r="ZZ900" t="str"><f>IF(A1="","","")</f>{text_result}</c>'
        xml = _sheet_xml(first + f'<row r="900">{formula}</row>', '<dimension ref="A1:ZZ900"/>')
        assert _too_large(xml) == sheet_extent.Extent(900, 702, 900, 702), text_result


def test_without_a_declared_dimension_a_middle_row_reaching_far_is_found(small_limit: int) -> None:
    """The last row is the farthest down, not the farthest across: with no <dimension> to say how wide
    the sheet is, a long sheet is counted cell by cell."""
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 11))
    rows += '<row r="11"><c r="AAA11"><v>1</v></c></row>' + '<row r="12"><c r="A12"><v>1</v></c></row>'

    assert _too_large(_sheet_xml(rows)) == sheet_extent.Extent(12, 703, 11, 703)
    assert _too_large(_sheet_xml(rows, '<dimension ref="A1:AAA12"/>')) == sheet_extent.Extent(12, 703, 11, 703)


def _xls(path: Path, far: tuple[int, int], value: object) -> Path:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    sheet.write(0, 0, "Danh sách cán bộ")
    if value is None:
        sheet.write(*far, style=xlwt.easyxf("pattern: pattern solid, fore_colour yellow"))
    else:
        sheet.write(*far, value)
    book.save(str(path))
    return path


def test_an_xls_is_judged_by_its_cells_holding_values(tmp_path: Path, small_limit: int) -> None:
    """xlrd counts a formatted blank cell in a sheet's size: that alone refuses nothing, a value does."""
    with pytest.raises(SheetTooLarge) as refused:
        read_workbook(_xls(tmp_path / "gia-tri.xls", (99, 59), "ghi chú"))
    assert (refused.value.sheet, refused.value.extent.far_cell) == ("Sheet1", "BH100")

    assert read_workbook(_xls(tmp_path / "to-mau.xls", (65_535, 255), None)).unknown_sheets == ["Sheet1"]


def _ods(path: Path, rows: str, name: str = '"Cán bộ &amp; ghi chú"') -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
        f"<office:spreadsheet><table:table table:name={name}>{rows}</table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
            'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


_ODS_VALUE = '<table:table-cell office:value-type="string"{repeat}><text:p>x</text:p></table:table-cell>'


def test_an_ods_value_repeated_over_rows_and_columns_counts_as_often_as_repeated(
    tmp_path: Path, small_limit: int
) -> None:
    """One element of content.xml may stand for a value repeated 10,000 times across and down: calamine
    writes each copy into the grid. LibreOffice's own empty tail (a formatted blank repeated to the last
    row and column) takes no room and refuses nothing."""
    repeated = _ODS_VALUE.format(repeat=' table:number-columns-repeated="60"')
    path = _ods(tmp_path / "lap.ods", f'<table:table-row table:number-rows-repeated="90">{repeated}</table:table-row>')

    with pytest.raises(SheetTooLarge) as refused:
        read_workbook(path)
    assert (refused.value.sheet, refused.value.extent) == ("Cán bộ & ghi chú", sheet_extent.Extent(90, 60, 90, 60))

    tail = (
        f"<table:table-row>{_ODS_VALUE.format(repeat='')}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    path = _ods(tmp_path / "duoi.ods", tail)
    assert sheet_views(path) == {}
    assert sheet_tables(path)["Cán bộ & ghi chú"].num_rows == 1


def _csv_folder(tmp_path: Path, extra_line: str, at: int = 3) -> Path:
    folder = wb.write_csv_folder(tmp_path / "08" / "csv", wb.clean_workbook())
    canbo = folder / "CanBo.csv"
    lines = canbo.read_text(encoding="utf-8").split("\n")
    canbo.write_text("\n".join([*lines[:at], extra_line, *lines[at:]]), encoding="utf-8")
    return folder


def test_a_csv_line_wider_than_excel_is_refused_naming_it(tmp_path: Path) -> None:
    """A line of 200,000 separators (a wrong export, a separator in place of every space) took minutes
    to read, column by column; no sheet a province typed is wider than Excel's 16,384 columns."""
    result = read_and_validate(_csv_folder(tmp_path, "," * 200_000), folder_province="08", strict=False)

    assert result.issues[["rule", "sheet", "row", "value"]].to_dict("records") == [
        {
            "rule": "FILE.UNREADABLE",
            "sheet": "CanBo",
            "row": 4,
            "value": "Tệp CSV 'CanBo.csv': dòng 4 có 200.001 cột, quá 16.384 cột của Excel (có thể sai dấu phân cách)",
        }
    ]


def test_a_csv_is_read_as_a_grid_as_wide_as_its_widest_line(tmp_path: Path, small_limit: int) -> None:
    """Every line is padded to the widest: the grid is lines × that width, as a sheet's is."""
    folder = _csv_folder(tmp_path, "," * 1000 + "ghi chú")
    lines = len((folder / "CanBo.csv").read_text(encoding="utf-8").splitlines())

    with pytest.raises(SheetTooLarge) as refused:
        read_workbook(folder)

    assert (refused.value.sheet, refused.value.extent) == ("CanBo", sheet_extent.Extent(lines, 1001, 4, 1001))
    assert refused.value.where == {"sheet": "CanBo", "row": 4, "header": "ALM"}


def test_empty_cells_and_lines_a_csv_ends_with_take_no_room(tmp_path: Path, small_limit: int) -> None:
    """Excel writes a sheet's whole used range as CSV: a border down to the last row is lines of
    separators only, as many as the rows it reaches, and they carry nothing."""
    folder = _csv_folder(tmp_path, "")
    canbo = folder / "CanBo.csv"
    filled = canbo.read_text(encoding="utf-8").rstrip("\n").split("\n")
    canbo.write_text("\n".join(line + "," * 40 for line in filled) + "\n" + ",,,,,,,,,,,,,,,,,,,,\n" * 3000)

    assert len(read_workbook(folder).sheets["CanBo"].frame) == len(wb.clean_workbook()["CanBo"]) - 1


def test_a_single_csv_files_problem_names_no_sheet(tmp_path: Path) -> None:
    """A single CSV is read from its archived copy, named by its hash: that is no sheet to name."""
    path = tmp_path / f"{'ab' * 32}.csv"
    path.write_text("Họ và tên,Dân tộc\n" + "," * 20_000 + "\n", encoding="utf-8")

    with pytest.raises(UnreadableWorkbook) as refused:
        read_workbook(path)

    assert refused.value.where == {"sheet": None, "row": 2}


def test_an_ods_hiding_the_unused_rows_and_columns_keeps_only_those_up_to_its_values(tmp_path: Path) -> None:
    """LibreOffice hides the unused rows under a table as one row repeated a million times (and the
    columns right of it as one column): read as a set of every row, that took 100 MB a sheet (a
    review's). A hidden row among the values, and a hidden column among them, are kept; the tail is not."""
    three = _ODS_VALUE.format(repeat=' table:number-columns-repeated="3"')
    value = f"<table:table-row>{three}</table:table-row>"
    hidden = value.replace("<table:table-row>", '<table:table-row table:visibility="collapse">')
    tail = (
        '<table:table-row table:visibility="collapse" table:number-rows-repeated="1048572">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    columns = (
        '<table:table-column/><table:table-column table:visibility="collapse"/><table:table-column/>'
        '<table:table-column table:visibility="collapse" table:number-columns-repeated="16381"/>'
    )
    path = _ods(tmp_path / "an-duoi.ods", columns + value + hidden + value + tail, name='"CanBo"')

    view = sheet_views(path)["CanBo"]

    assert (view.hidden_rows, view.hidden_columns) == ({2}, {2})


def test_an_ods_note_on_an_empty_cell_takes_no_room_and_a_quoted_name_is_read_whole(
    tmp_path: Path, small_limit: int
) -> None:
    """A note (comment) on an empty cell has no value type: calamine leaves it out. A sheet name
    written in single quotes may hold a double one."""
    value = f"<table:table-row>{_ODS_VALUE.format(repeat='')}</table:table-row>"
    note = "<table:table-cell><office:annotation><text:p>xem lại</text:p></office:annotation></table:table-cell>"
    far = '<table:table-row table:number-rows-repeated="899"><table:table-cell/></table:table-row>'
    assert (
        sheet_views(_ods(tmp_path / "ghi-chu.ods", value + far + f"<table:table-row>{note * 60}</table:table-row>"))
        == {}
    )

    wide = _ODS_VALUE.format(repeat=' table:number-columns-repeated="60"')
    path = _ods(tmp_path / "ten.ods", f"<table:table-row>{wide}</table:table-row>" * 90, name="'Bob\"s'")
    assert list(sheet_views(path)) == ['Bob"s']


def test_a_strict_open_xml_workbooks_sheets_are_found() -> None:
    """Excel's 'Strict Open XML Spreadsheet' names its parts in other namespaces; fastexcel reads it, so
    its sheets must be judged too (and their merged cells read)."""
    workbook = (
        '<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main" '
        'xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships">'
        '<sheets><sheet name="CanBo" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    relationships = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    )

    assert sheet_parts(workbook, relationships) == {"CanBo": "xl/worksheets/sheet1.xml"}


def test_a_binary_workbook_is_refused_with_what_to_send_instead(tmp_path: Path) -> None:
    """.xlsb is not in the standard, and nothing tells how large its sheets are before they are read."""
    path = tmp_path / "bao-cao.xlsb"
    path.write_bytes(b"PK\x03\x04")

    with pytest.raises(UnreadableWorkbook, match=r"\(\.xlsb\) không được chấp nhận.*Lưu Như.*\(\.xlsx\)"):
        read_workbook(path)


def test_a_panic_in_the_reader_is_an_unreadable_file_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """calamine panics on some sheets (a value at the last of 16,384 columns below 1,048,575 empty .ods
    rows: 'chunk size must be non-zero'); pyo3 raises a panic as a BaseException, which passed the
    reader's `except Exception` and failed the file's task: left in the inbox, its province never told.
    The size guard is lifted here to reach the panic."""
    monkeypatch.setattr(sheet_extent, "MAX_CELLS", EXCEL_CELLS)
    value = '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
    empty = (
        '<table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    last = f'<table:table-row>{value}<table:table-cell table:number-columns-repeated="16382"/>{value}</table:table-row>'
    path = _ods(tmp_path / "hoang.ods", empty + last)

    with pytest.raises(UnreadableWorkbook) as refused:
        read_workbook(path)

    assert type(refused.value.__cause__).__name__ == "PanicException"


def test_the_copy_rebuilt_from_an_xls_holds_its_values_not_its_formatted_blanks(tmp_path: Path) -> None:
    """A border left at IV65536 padded every row of the rebuilt copy to 256 cells: 16.7 million cells,
    2.5 GB and minutes to write the province's copy of a small file."""
    source = _xls(tmp_path / "to-mau.xls", (65_535, 255), None)

    sheet = rebuilt_workbook(source)["Sheet1"]

    assert (sheet.max_row, sheet.max_column, sheet["A1"].value) == (1, 1, "Danh sách cán bộ")


def test_the_operator_is_told_of_views_not_read_only_for_a_file_read_all_the_same(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The views are read before fastexcel: a file that is no workbook at all is refused with its
    province's report, and the operator's log does not also say it was 'read as stored'."""
    broken = tmp_path / "08" / "hong.xlsx"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    with caplog.at_level("WARNING", logger="cadres"):
        assert read_and_validate(broken, folder_province="08", strict=False).status == "rejected"
    assert "values are read as stored" not in caplog.text

    source = wb.write_xlsx(tmp_path / "src.xlsx", wb.clean_workbook())
    garbled = tmp_path / "khong-doc-duoc-xml.xlsx"  # a sheet's XML only fastexcel's parser accepts
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(garbled, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            copy.writestr(
                item, data.replace(b"<sheets>", b"<sheets><!-- -- -->") if item.filename == "xl/workbook.xml" else data
            )
    with caplog.at_level("WARNING", logger="cadres"):
        assert "CanBo" in read_workbook(garbled).sheets
    assert "values are read as stored" in caplog.text


def test_an_xls_columns_text_cells_are_found_in_rows_of_any_length(tmp_path: Path) -> None:
    """An .xls is read with ragged rows (a value far right padded every row to its column): a row
    shorter than the column asked for holds no text there."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("KhoaHoc")
    for row, cells in enumerate([["Mã", "Kinh phí"], ["KH01", "1.500"], ["KH02", 1.5], ["Cộng"]]):
        for column, value in enumerate(cells):
            sheet.write(row, column, value)
    sheet.write(65_535, 255, style=xlwt.easyxf("pattern: pattern solid, fore_colour yellow"))
    path = tmp_path / "kinh-phi.xls"
    book.save(str(path))

    assert text_rows(path, "KhoaHoc", 2) == {1, 2}


def test_a_marker_is_looked_for_within_the_sheets_data_only() -> None:
    """`_holds` replaces `bytes.find` over a sheet's XML (three times slower there): the same answers,
    within the window asked (a 'hidden' in the sheet's columns, before its data, is no hidden row)."""
    from cadres.sheet_view import _holds

    xml = b'<cols><col hidden="1"/></cols><sheetData><row r="2"><c><f>1+1</f></c></row></sheetData>'
    start, end = xml.find(b"sheetData"), xml.rfind(b"sheetData")
    for needle in (b"hidden", b"f>", b"<row", b"sheetData"):
        assert _holds(xml, start, end, needle) == (xml.find(needle, start, end) >= 0)
    assert not _holds(xml, start, end, b"hidden") and _holds(xml, 0, len(xml), b"hidden")
    assert not _holds(xml, 5, 5, b"f>") and not _holds(xml, len(xml), len(xml), b"f>")
