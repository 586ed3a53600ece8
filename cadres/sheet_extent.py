"""How far a sheet's values reach, judged before fastexcel reads it.

calamine, under fastexcel, holds a sheet as one dense grid from its first to its last cell holding a
value. One value typed at XFD1048576 beside a table at A1 asks for 17 billion cells (550 GB): the
allocation fails and the process aborts. That is no exception a run can catch: the nightly load stops,
the file stays in the inbox and stops every run after it, and its province is never told. A sheet whose
grid would pass MAX_CELLS is refused instead, naming its farthest cell.

The check costs nothing on an ordinary file: it reads the sheet's XML that cadres.sheet_view
decompresses anyway, and there only the declared dimension and the last row. Only a sheet those say may
be too large is scanned cell by cell, because a cell that is formatted but empty (Excel's far corner
after a stray border) takes no place in the grid and must not refuse the file. An .xls is judged from
xlrd's sheet, an .ods from its content.xml (a value repeated over 10,000 columns and rows is one
element there). Trusted, not checked: an .xlsx whose XML contradicts itself (a dimension smaller than
its cells, rows out of order), which no spreadsheet program writes.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

MAX_CELLS = 10_000_000
"""The largest grid read: over 100 times the largest sheet of a national-scale workbook; calamine keeps
32 bytes per cell of it (320 MB at the limit)."""
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref\s*=\s*[\"']([A-Z]{0,3})(\d*)(?::([A-Z]{1,3})(\d+))?[\"']")
_ELEMENT = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*?)(/?)>")
_NO_VALUE = (b"</", b"<v></v>", b"<v/>")
"""What follows a cell's tag when it holds no value after all: calamine leaves such a cell out too."""
_REFERENCE = re.compile(rb"\br\s*=\s*[\"']([A-Z]{0,3})(\d+)[\"']")


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
            f"({count_vi(self.cells)} ô), quá giới hạn {count_vi(MAX_CELLS)} ô"
        )


def count_vi(number: int) -> str:
    """1.048.576, as Vietnamese write it."""
    return f"{number:,}".replace(",", ".")


class _Span:
    """The rows and columns seen holding values so far, and the outermost cell: the one farthest from
    the sheet's start, down and across together (the stray value, beside a table at its usual place)."""

    def __init__(self) -> None:
        self.top = self.left = 1 << 62
        self.bottom = self.right = 0
        self.far = (0, 0)

    def add(self, top: int, bottom: int, left: int, right: int) -> None:
        self.top, self.bottom = min(self.top, top), max(self.bottom, bottom)
        self.left, self.right = min(self.left, left), max(self.right, right)
        if bottom * right > self.far[0] * self.far[1]:
            self.far = (bottom, right)

    def too_large(self) -> Extent | None:
        if not self.bottom:
            return None
        extent = Extent(self.bottom - self.top + 1, self.right - self.left + 1, *self.far)
        return extent if extent.cells > MAX_CELLS else None


def xlsx_too_large(xml: bytes, start: int, end: int) -> Extent | None:
    """The grid of a sheet's XML when it passes MAX_CELLS, else None; `start`, `end`: its sheetData."""
    if start < 0 or _upper_bound(xml, start, end) <= MAX_CELLS:
        return None
    return _valued_span(xml, start, end).too_large()


def _upper_bound(xml: bytes, start: int, end: int) -> int:
    """Rows × columns from the dimension Excel declares and the last row's cells: rows are written in
    order, so the last row is the farthest; without a dimension, a middle row may reach any column."""
    bottom = right = 0
    declared = _DIMENSION.search(xml, 0, start)
    if declared is not None:
        first_letters, first_row, last_letters, last_row = declared.groups()
        letters, row = (last_letters, last_row) if last_letters else (first_letters, first_row)
        bottom, right = int(row or 0), column_index_from_string(letters.decode()) if letters else 0
    last_row = xml.rfind(b"<row", start, end)
    if last_row < 0:  # a writer naming the namespace: <x:row> (searched only then: a scan of the sheet)
        last_row = xml.rfind(b":row", start, end)
    for element in _ELEMENT.finditer(xml, max(last_row, start), end):
        reference = _REFERENCE.search(element.group(2))
        if reference is None:  # positions counted from the row before: only a full scan knows them
            return EXCEL_ROWS * EXCEL_COLUMNS
        letters, row = reference.groups()
        bottom = max(bottom, int(row))
        right = max(right, column_index_from_string(letters.decode()) if letters else 0)
    return bottom * (right if declared is not None else EXCEL_COLUMNS)


def _valued_span(xml: bytes, start: int, end: int) -> _Span:
    """Every cell holding a value, placed as calamine places it: by its reference, or after the cell
    (row) before when it has none. A self-closing cell holds no value."""
    span, row, column = _Span(), 0, 0
    for element in _ELEMENT.finditer(xml, start, end):
        kind, attributes, closed = element.groups()
        reference = _REFERENCE.search(attributes)
        if kind == b"row":
            row, column = (int(reference.group(2)) if reference else row + 1), 0
            continue
        if reference is not None and reference.group(1):
            column, row_of_cell = column_index_from_string(reference.group(1).decode()), int(reference.group(2))
        else:
            column, row_of_cell = column + 1, row
        if not closed and not xml.startswith(_NO_VALUE, element.end()):
            span.add(row_of_cell, row_of_cell, column, column)
    return span


def xls_too_large(sheet: Any) -> Extent | None:
    """The grid of an xlrd sheet when it passes MAX_CELLS (xlrd's own size counts formatted blank cells,
    which hold no value: only a sheet that size says may be too large is looked at cell by cell)."""
    import xlrd  # only for .xls files

    if sheet.nrows * sheet.ncols <= MAX_CELLS:
        return None
    span = _Span()
    empty = (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)
    for row in range(sheet.nrows):
        filled = [column for column, kind in enumerate(sheet.row_types(row)) if kind not in empty]
        if filled:
            span.add(row + 1, row + 1, filled[0] + 1, filled[-1] + 1)
    return span.too_large()


_ODS_ELEMENT = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)\b(?!-)([^>]*?)(/?)>")
_ODS_NAME = re.compile(rb"\btable:name\s*=\s*[\"']([^\"']*)[\"']")
_ODS_ROWS = re.compile(rb"\btable:number-rows-repeated\s*=\s*[\"'](\d+)[\"']")
_ODS_COLUMNS = re.compile(rb"\btable:number-columns-repeated\s*=\s*[\"'](\d+)[\"']")
_ODS_VALUE = re.compile(rb"\boffice:value-type\s*=")


def ods_too_large(path: Path) -> dict[str, Extent]:
    """Each sheet of an .ods whose grid passes MAX_CELLS. A cell or row repeated (`number-columns-
    repeated`, `number-rows-repeated`) counts as often as it is repeated when it holds a value, as
    calamine expands it; empty repeats (LibreOffice's formatted tail of a sheet) do not count."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("content.xml")
    found: dict[str, Extent] = {}
    name, span, row, row_repeats, column, row_span = "", _Span(), 0, 1, 0, _Span()
    for closing, kind, attributes, closed in _ODS_ELEMENT.findall(xml):
        if kind == b"table" and not closing:
            named = _ODS_NAME.search(attributes)
            name, span, row = html.unescape(named.group(1).decode()) if named else "", _Span(), 0
        elif kind == b"table" and (extent := span.too_large()) is not None:
            found[name] = extent
        elif kind == b"table-row" and not closing:
            repeated = _ODS_ROWS.search(attributes)
            row_repeats, column, row_span = int(repeated.group(1)) if repeated else 1, 0, _Span()
        if kind == b"table-row" and (closing or closed):
            if row_span.bottom:
                span.add(row + 1, row + row_repeats, row_span.left, row_span.right)
            row += row_repeats
        elif kind in (b"table-cell", b"covered-table-cell") and not closing:
            repeated = _ODS_COLUMNS.search(attributes)
            repeats = int(repeated.group(1)) if repeated else 1
            if not closed or _ODS_VALUE.search(attributes):
                row_span.add(1, 1, column + 1, column + repeats)
            column += repeats
    return found
