"""The province's own workbook, handed back with every problem written into it.

Bad cells are filled (red for errors, yellow for warnings) and carry a comment with the reason
and the fix; a summary sheet comes first. Everything we write is neutralised against formula
injection. An .xlsx/.xlsm keeps its formatting; other formats (.xls, .ods, CSV) come back as an
.xlsx rebuilt from their cells at the same positions.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from cadres.report import STATUS_VI, SUMMARY_LABELS_VI
from cadres.text import fold
from cadres.workbook import sheet_tables
from schemas.validation import SheetLayout

SUMMARY_SHEET = "KetQua"
FILLS = {
    "error": PatternFill(fill_type="solid", start_color="FFC7CE", end_color="FFC7CE"),
    "warning": PatternFill(fill_type="solid", start_color="FFEB9C", end_color="FFEB9C"),
}
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _set_text(cell: Cell, value: object) -> None:
    cell.value = neutralise(value)
    if isinstance(cell.value, str):
        cell.data_type = "s"


def _open(source: Path) -> Workbook:
    """The province's workbook as openpyxl sees it; non-xlsx files are rebuilt cell for cell."""
    if source.suffix.lower() in {".xlsx", ".xlsm"}:
        return openpyxl.load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
    book = Workbook()
    book.remove(book.active)
    for name, table in sheet_tables(source).items():
        sheet = book.create_sheet(title=name[:31])
        for column_index, column in enumerate(table.columns, start=1):
            for row_index, value in enumerate(column.to_pylist(), start=1):
                if value is not None:
                    _set_text(sheet.cell(row=row_index, column=column_index), value)
    return book


def _column_of(sheet: Worksheet, row: int, header: str) -> int | None:
    """Column (1-based) of the header as the province wrote it, in its header row."""
    wanted = fold(header)
    for cell in sheet[row]:
        if cell.value is not None and fold(cell.value) == wanted:
            return cell.column
    return None


def _value_cell_right_of(sheet: Worksheet, row: int, key: str) -> Cell | None:
    """ThongTin: the value cell to the right of a key."""
    column = _column_of(sheet, row, key)
    if column is None:
        return None
    for cell in sheet[row][column:]:
        if cell.value is not None:
            return cell
    return sheet.cell(row=row, column=column + 1)


def _locate(book: Workbook, layout: dict[str, SheetLayout], issue: pd.Series) -> Cell | None:
    sheet_layout = layout.get(issue["sheet"]) if pd.notna(issue["sheet"]) else None
    if sheet_layout is None or sheet_layout.written_name not in book.sheetnames or pd.isna(issue["header"]):
        return None
    sheet = book[sheet_layout.written_name]
    if sheet_layout.header_row is None:  # key/value sheet
        row = sheet_layout.field_rows.get(issue["field"]) if pd.notna(issue["field"]) else None
        return _value_cell_right_of(sheet, row, issue["header"]) if row else None
    column = _column_of(sheet, sheet_layout.header_row, issue["header"])
    if column is None or pd.isna(issue["row"]):
        return None
    return sheet.cell(row=int(issue["row"]), column=column)


def _mark(cell: Cell, problems: pd.DataFrame) -> None:
    severity = "error" if (problems["severity"] == "error").any() else "warning"
    cell.fill = FILLS[severity]
    text = "\n".join(f"[{p.rule}] {p.message}. Cách sửa: {p.hint}" for p in problems.itertuples())
    cell.comment = Comment(str(neutralise(text)), "Hệ thống tiếp nhận báo cáo", width=320, height=140)


def _summary_sheet(book: Workbook, summary: dict, issues: pd.DataFrame) -> None:
    sheet = book.create_sheet(SUMMARY_SHEET, 0)
    sheet.append(["Kết quả tiếp nhận"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["Trạng thái", STATUS_VI.get(summary.get("status", ""), summary.get("status"))])
    for key in ("file_name", "province_code", "report_year", "rows_loaded", "rows_quarantined", "errors", "warnings"):
        if key in summary:
            row = sheet.max_row + 1
            _set_text(sheet.cell(row=row, column=1), SUMMARY_LABELS_VI[key])
            _set_text(sheet.cell(row=row, column=2), summary[key])
    sheet.append([])
    columns = ["severity", "rule", "sheet", "row", "header", "value", "message", "hint"]
    titles = ["Mức độ", "Mã quy tắc", "Sheet", "Dòng", "Cột", "Giá trị", "Lỗi", "Cách sửa"]
    sheet.append(titles)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for record in issues.reindex(columns=columns).itertuples(index=False):
        row = sheet.max_row + 1
        for column, value in enumerate(record, start=1):
            _set_text(sheet.cell(row=row, column=column), None if pd.isna(value) else value)
    for letter, width in zip("ABCDEFGH", (18, 30, 12, 6, 24, 24, 50, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    book.active = 0


def annotate(source: Path, layout: dict[str, SheetLayout], summary: dict, issues: pd.DataFrame, out: Path) -> Path:
    """Write the annotated copy to `out` (.xlsx or .xlsm like the source)."""
    try:
        book = _open(source)
    except Exception:  # an unreadable file still gets a workbook: the summary alone
        book = Workbook()
        book.remove(book.active)
    if SUMMARY_SHEET in book.sheetnames:
        del book[SUMMARY_SHEET]
    marked: dict[tuple[str, str], tuple[Cell, list]] = {}
    for index, issue in issues.iterrows():
        cell = _locate(book, layout, issue)
        if cell is not None:
            marked.setdefault((cell.parent.title, cell.coordinate), (cell, []))[1].append(index)
    for cell, indexes in marked.values():
        _mark(cell, issues.loc[indexes])
    _summary_sheet(book, summary, issues)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out
