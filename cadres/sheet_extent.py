"""How far a sheet's values reach, judged before fastexcel reads it.

calamine, under fastexcel, holds a sheet as one dense grid: every row from row 1 to the last holding a
value, every column from the leftmost to the rightmost holding one. One value typed at XFD1048576 beside
a table at A1 asks for 17 billion cells (550 GB): the allocation fails and the process aborts. That is
no exception a run can catch: the nightly load stops, the file stays in the inbox and stops every run
after it, and its province is never told. A sheet whose grid would pass MAX_CELLS is refused instead,
naming the stray cell to clear.

On an ordinary .xlsx the check costs nothing: it reads the sheet's XML that cadres.sheet_view
decompresses anyway, and there only the declared dimension and the last row. A sheet declaring no usable
dimension has its cells' column letters gathered in one regex pass (about 0.2 s for 640,000 cells); only
a sheet those say may be too large is read cell by cell, because a cell that is formatted but empty
(Excel's far corner after a stray border) takes no place in the grid and must not refuse the file. An
.xls is judged from xlrd's sheet, an .ods from its content.xml by cadres.ods_view (a value repeated over
10,000 columns and rows is one element there), a CSV by cadres.csv_sheets as it splits it. Trusted,
not checked: an .xlsx whose rows are out of order, which no spreadsheet program writes. .xlsb files are
not taken at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

MAX_CELLS = 10_000_000
"""The largest grid read: over 100 times the largest sheet of a national-scale workbook; calamine keeps
32 bytes per cell of it (320 MB at the limit; an .xls peaks near 0.9 GB)."""
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384

_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\b[^>]*?\bref\s*=\s*[\"']\$?([A-Za-z]{0,3})\$?(\d*)(?::\$?([A-Za-z]{1,3})\$?(\d+))?[\"']"
)
_ELEMENT = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*?)(/?)>")
REFERENCE = re.compile(rb"\br\s*=\s*[\"']([A-Z]{0,3})(\d+)[\"']")
"""A row's or a cell's `r` attribute: (column letters, none for a row; row number)."""
_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})')
_OPENING_ROW = re.compile(rb"<(?:\w+:)?row")
_CELL_END = re.compile(rb"</(?:\w+:)?c>")
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*(?<!/)>[^<]|<(?:\w+:)?is\b")
_ANY_VALUE = re.compile(rb"<(?:\w+:)?v\b")
TEXT_RESULT = re.compile(rb"\bt\s*=\s*[\"']str[\"']")
"""A cell whose formula gives text: an empty result is a result (the cell is blank in Excel too)."""


@dataclass(frozen=True, slots=True)
class Extent:
    """The grid calamine builds for a sheet: from the first to the last row and column holding a value,
    and the outermost cell holding one (the one to look for)."""

    rows: int
    columns: int
    far_row: int
    far_column: int

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    @property
    def far_column_letter(self) -> str:
        return get_column_letter(self.far_column)

    @property
    def far_cell(self) -> str:
        return f"{self.far_column_letter}{self.far_row}"

    def reason(self) -> str:
        """What the province is told: the cell to look for, and how large it makes the sheet."""
        return (
            f"Ô {self.far_cell} có dữ liệu: vùng phải đọc là {count_vi(self.rows)} dòng × {count_vi(self.columns)} cột "
            f"({count_vi(self.cells)} ô), vượt quá giới hạn {count_vi(MAX_CELLS)} ô"
        )


def count_vi(number: int) -> str:
    """1.048.576, as Vietnamese write it."""
    return f"{number:,}".replace(",", ".")


class ValuedCells:
    """The cells seen holding values so far: how far they reach, the last cell of the lowest row and the
    lowest cell of the rightmost column, and the row and column that come next, to tell a stray value
    from the table beside it."""

    def __init__(self) -> None:
        self.left = 1 << 62
        self.bottom = self.right = self.below_bottom = self.left_of_right = 0
        self.bottom_cell = self.right_cell = (0, 0)

    def add(self, row: int, column: int) -> None:
        self.left = min(self.left, column)
        if row > self.bottom:
            self.below_bottom, self.bottom, self.bottom_cell = self.bottom, row, (row, column)
        elif row == self.bottom:
            self.bottom_cell = max(self.bottom_cell, (row, column))
        elif row > self.below_bottom:
            self.below_bottom = row
        if column > self.right:
            self.left_of_right, self.right, self.right_cell = self.right, column, (row, column)
        elif column == self.right:
            self.right_cell = max(self.right_cell, (row, column))
        elif column > self.left_of_right:
            self.left_of_right = column

    def too_large(self) -> Extent | None:
        """The grid when it passes MAX_CELLS. fastexcel asks calamine for every row from the first
        (A1048576 alone is a grid of 1,048,576 rows), columns from the leftmost holding a value. The cell
        named is the one whose clearing shrinks the grid most: a note at XFD1 beside a table A1:Z5000,
        not the table's last cell."""
        rows, columns = self.bottom, self.right - self.left + 1
        if not self.bottom or rows * columns <= MAX_CELLS:
            return None
        without_bottom = max(self.below_bottom, 1) * columns
        without_right = rows * max(self.left_of_right - self.left + 1, 1)
        far_row, far_column = self.bottom_cell if without_bottom <= without_right else self.right_cell
        return Extent(rows, columns, far_row, far_column)


def rows_too_large(widths: list[int]) -> Extent | None:
    """The grid of rows of text (a CSV's lines: row i+1 is `widths[i]` cells wide from column A) when it
    passes MAX_CELLS."""
    if len(widths) * max(widths, default=0) <= MAX_CELLS:
        return None
    cells = ValuedCells()
    for row, width in enumerate(widths, start=1):
        if width:
            cells.add(row, 1)
            cells.add(row, width)
    return cells.too_large()


def xlsx_too_large(xml: bytes, start: int, end: int) -> Extent | None:
    """The grid of a sheet's XML when it passes MAX_CELLS, else None; `start`, `end`: its sheetData.
    Rows are written in order, so the last row is the farthest down. How far across comes from the
    dimension the sheet declares, else from the cells' references; each step is taken only when the
    cheaper one before cannot rule the sheet out."""
    if start < 0:
        return None
    last_row = _last_row_reach(xml, start, end)
    if last_row is not None:
        bottom, right = last_row
        if bottom * _declared_width(xml, start, bottom, right) <= MAX_CELLS:
            return None
        if bottom * _referenced_width(xml, start, end) <= MAX_CELLS:
            return None
    return _valued_cells(xml, start, end).too_large()


def _last_row_reach(xml: bytes, start: int, end: int) -> tuple[int, int] | None:
    """The last row's number and its farthest column; None when its cells have no references (their
    places are counted from the row before: only a full scan knows them)."""
    bottom = right = 0
    for element in _ELEMENT.finditer(xml, _last_row_at(xml, start, end), end):
        reference = REFERENCE.search(element.group(2))
        if reference is None:
            return None
        letters, row = reference.groups()
        bottom = max(bottom, int(row))
        right = max(right, column_index_from_string(letters.decode()) if letters else 0)
    return bottom, right


def _declared_width(xml: bytes, start: int, bottom: int, right: int) -> int:
    """The sheet's width as its <dimension> declares it, when that covers the last row (some writers
    leave `A1` whatever the sheet holds); Excel's width otherwise."""
    declared = _DIMENSION.search(xml, 0, start)
    if declared is None:
        return EXCEL_COLUMNS
    last_letters, last_row = declared.group(3) or declared.group(1), declared.group(4) or declared.group(2)
    width = column_index_from_string(last_letters.decode().upper()) if last_letters else 0
    return width if int(last_row or 0) >= bottom and width >= right else EXCEL_COLUMNS


def _last_row_at(xml: bytes, start: int, end: int) -> int:
    """Where the last <row> opens ('<row', '<x:row'; not '</x:row>'), or `start` if none does."""
    position = end
    while (found := xml.rfind(b"row", start, position)) > start:
        opening = xml.rfind(b"<", start, found)
        if opening >= 0 and _OPENING_ROW.fullmatch(xml, opening, found + 3):
            return opening
        position = found
    return start


def _referenced_width(xml: bytes, start: int, end: int) -> int:
    """The farthest column any cell names, empty or not, for a sheet declaring no usable dimension: the
    cells' column letters in one pass of the regex engine (a Python step per cell costs a second on a
    sheet of 640,000 cells). Excel's width when some cell does not start with its reference."""
    if xml.count(b"<c ", start, end) != xml.count(b'<c r="', start, end) or xml.find(b"<c>", start, end) >= 0:
        return EXCEL_COLUMNS
    letters = set(_CELL_COLUMN.findall(xml, start, end))
    if not letters:  # cells named with the namespace (<x:c>): the full scan reads them
        return EXCEL_COLUMNS
    return column_index_from_string(max(letters, key=lambda c: (len(c), c)).decode())


def _valued_cells(xml: bytes, start: int, end: int) -> ValuedCells:
    """Every cell holding a value, placed as calamine places it: by its reference, or after the cell
    (row) before when it has none. A cell holds a value when it has a cached one (<v> not empty; a
    formula's text result even when empty: IF(…;"";…) filled down a column) or inline text: not when
    self-closing, formatted only, or a number formula never calculated (openpyxl's)."""
    cells, row, column = ValuedCells(), 0, 0
    for element in _ELEMENT.finditer(xml, start, end):
        kind, attributes, closed = element.groups()
        reference = REFERENCE.search(attributes)
        if kind == b"row":
            row, column = (int(reference.group(2)) if reference else row + 1), 0
            continue
        if reference is not None and reference.group(1):
            column, row_of_cell = column_index_from_string(reference.group(1).decode()), int(reference.group(2))
        else:
            column, row_of_cell = column + 1, row
        if closed:
            continue
        closing = _CELL_END.search(xml, element.end(), end)
        value = _ANY_VALUE if TEXT_RESULT.search(attributes) else _VALUE  # a formula's "" is a value
        if value.search(xml, element.end(), closing.start() if closing else end):
            cells.add(row_of_cell, column)
    return cells


def xls_too_large(sheet: Any) -> Extent | None:
    """The grid of an xlrd sheet when it passes MAX_CELLS (xlrd's own size counts formatted blank cells,
    which hold no value: only a sheet that size says may be too large is looked at cell by cell)."""
    import xlrd  # only for .xls files

    if sheet.nrows * sheet.ncols <= MAX_CELLS:
        return None
    cells = ValuedCells()
    empty = (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)
    for row in range(sheet.nrows):
        filled = [column for column, kind in enumerate(sheet.row_types(row)) if kind not in empty]
        if filled:
            cells.add(row + 1, filled[0] + 1)
            cells.add(row + 1, filled[-1] + 1)
    return cells.too_large()
