"""A workbook openpyxl can mark, rebuilt from a file it cannot open (.xls, .ods, a CSV folder).

An .xls is rebuilt from xlrd's cells: each where the province put it (fastexcel's table starts at the
leftmost column holding a value, so a sheet with column A empty came back one column to the left),
numbers as numbers, dates as dates shown dd/mm/yyyy, merged ranges merged again. .ods and CSV files
are rebuilt from the reader's text, each cell in its column too. Both show what Excel or LibreOffice
showed: an .ods's merged ranges, and the hidden rows and columns of either (`cadres.sheet_view`).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from cadres.sheet_view import sheet_views
from cadres.text import loggable
from cadres.workbook import first_column, is_hidden, sheet_tables
from schemas.issues import cut_to_a_cell

log = logging.getLogger(__name__)
EXCEL_TITLE_LENGTH = 31
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
"""How text starts that a spreadsheet may run as a formula (OWASP's list for exported cells), with a line
break before one, and the full-width forms that East Asian input methods type and Excel takes for the
ASCII signs."""
DATE_FORMAT = "DD/MM/YYYY"
_NOT_IN_TAB_TITLES = re.compile(r"[\[\]:*?/\\]")


def tab_title(written: str) -> str:
    """A sheet's name as a tab of the rebuilt copy: a CSV file's or .ods sheet's name may be longer than
    Excel's 31 characters or hold characters a tab cannot ('CanBo [2024].csv')."""
    return _NOT_IN_TAB_TITLES.sub("_", written)[:EXCEL_TITLE_LENGTH]


def copy_text(cell: Cell, value: str) -> None:
    """A province's own text into the rebuilt copy exactly as it reads ('+84 207 3822 123', '-5'): text
    that a spreadsheet would run as a formula is marked as text by the cell's quote prefix, not changed
    by an apostrophe the province would then send back. A text longer than an Excel cell holds (a CSV's)
    is cut to what it can: Excel would refuse to open the copy whole."""
    cell.value = cut_to_a_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    if cell.value.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True


def rebuilt_workbook(source: Path) -> Workbook:
    """The province's cells in a new workbook: from xlrd for an .xls (falling back to the reader's text
    if xlrd cannot read it), from the reader's text otherwise."""
    if source.suffix.lower() == ".xls":
        try:
            return _as_shown(_from_xls(source), source, merge=False)
        except Exception:  # xlrd raises many types; fastexcel read the file, so its text still serves
            log.warning("%s: xlrd could not read it; the copy is rebuilt from the text read", loggable(source.name))
    return _as_shown(_from_text(source), source, merge=True)


def _as_shown(book: Workbook, source: Path, merge: bool) -> Workbook:
    """The copy as the province's program showed the sheets: merged ranges merged (`merge`: an .ods's;
    an .xls's come with its cells), hidden rows and columns hidden. The marks are placed by the same
    ranges: an .ods copy without them showed a merged commune code blank for every cadre but the first,
    and a hidden column the officer never sees as one more column."""
    for name, view in (sheet_views(source) or {}).items():
        if (title := tab_title(name)) not in book.sheetnames:
            continue
        sheet = book[title]
        for merged in view.merged if merge else ():
            sheet.merge_cells(
                start_row=merged.top, end_row=merged.bottom, start_column=merged.left, end_column=merged.right
            )
        for row in view.hidden_rows:
            sheet.row_dimensions[row].hidden = True
        for column in view.hidden_columns:
            sheet.column_dimensions[get_column_letter(column)].hidden = True
    return book


def empty_workbook() -> Workbook:
    """A workbook without sheets (openpyxl's new one has a blank 'Sheet')."""
    book = Workbook()
    book.remove(book.active)
    return book


def _from_text(source: Path) -> Workbook:
    book = empty_workbook()
    for name, table in sheet_tables(source).items():
        sheet = book.create_sheet(title=tab_title(name))
        if is_hidden(table):  # a hidden tab stays hidden in the copy
            sheet.sheet_state = "hidden"
        left = (first_column(table) or 1) - 1  # an .ods sheet's table starts at its first column holding a value
        for column_index, column in enumerate(table.columns, start=1 + left):
            for row_index, value in enumerate(column.to_pylist(), start=1):
                if value is not None:
                    copy_text(sheet.cell(row=row_index, column=column_index), value)
    return book


def _from_xls(source: Path) -> Workbook:
    import xlrd  # only for .xls files

    # ragged rows, blank cells skipped: a border left at IV65536 made every row 256 cells long, and
    # the copy 16.7 million cells (2.5 GB, minutes); the copy holds values, not formats
    xls = xlrd.open_workbook(file_contents=source.read_bytes(), formatting_info=True, on_demand=True, ragged_rows=True)
    book = empty_workbook()
    empty = (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)
    for index in range(xls.nsheets):
        cells = xls.sheet_by_index(index)
        sheet = book.create_sheet(title=tab_title(cells.name))
        if cells.visibility:  # 1 hidden, 2 very hidden: a hidden tab stays hidden in the copy
            sheet.sheet_state = "hidden"
        for row in range(cells.nrows):
            for column, (kind, value) in enumerate(zip(cells.row_types(row), cells.row_values(row), strict=True)):
                if kind not in empty:
                    _copy_xls_cell(sheet.cell(row=row + 1, column=column + 1), kind, value, xls.datemode)
        for top, bottom, left, right in cells.merged_cells:
            sheet.merge_cells(start_row=top + 1, end_row=bottom, start_column=left + 1, end_column=right)
        xls.unload_sheet(index)
    return book


def _copy_xls_cell(cell: Cell, kind: int, value: object, datemode: int) -> None:
    """One .xls cell as the province typed it: text as text, a number as a number (a whole one as an
    integer: an ID typed as a number stays 8080000123, not 8080000123.0), a date as a date."""
    import xlrd

    if kind == xlrd.XL_CELL_TEXT and value:
        copy_text(cell, value)
    elif kind == xlrd.XL_CELL_NUMBER:
        cell.value = int(value) if float(value).is_integer() else value
    elif kind == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate.xldate_as_datetime(value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):  # a serial out of range: as typed
            cell.value = value
            return
        cell.value = moment.date() if moment.time() == dt.time() else moment
        cell.number_format = DATE_FORMAT if moment.time() == dt.time() else f"{DATE_FORMAT} HH:MM"
    elif kind == xlrd.XL_CELL_BOOLEAN:
        cell.value = bool(value)
    elif kind == xlrd.XL_CELL_ERROR:
        copy_text(cell, xlrd.error_text_from_code.get(value, "#ERR"))
