"""What Excel shows of a sheet beyond its cells' values: merged ranges and hidden rows and columns.

fastexcel reads values only. A value merged down over rows sits in its top cell alone (cadres.merges
fills it back in); a hidden row (hidden by hand, or by a filter) is read like any other, and a hidden
column too, though the province does not see either. They come from the sheet's XML (.xlsx/.xlsm),
from xlrd (.xls) or from content.xml (.ods, cadres.ods_view), in one pass over each sheet; CSV files
have none. The same pass judges whether a sheet is too large to read at all (cadres.sheet_extent).
"""

from __future__ import annotations

import html
import logging
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from openpyxl.utils import column_index_from_string, get_column_letter

from cadres.merges import MergedRange
from cadres.ods_view import ods_sheets, ods_text_rows
from cadres.sheet_extent import REFERENCE, TEXT_RESULT, Extent, xls_too_large, xlsx_too_large
from cadres.text import loggable
from cadres.xlsx_package import sheet_parts

log = logging.getLogger(__name__)

# XML lets an attribute's value be quoted either way (hidden='1' from generators other than Excel)
_MERGE = re.compile(
    rb"<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?[\"']"
)
_HIDDEN = re.compile(rb"\bhidden\s*=\s*[\"'](?:1|true)[\"']")
_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*>")
_COLUMNS = re.compile(rb"<(?:\w+:)?col\b[^>]*>")
_ATTRIBUTE = {name: re.compile(rb"\b" + name + rb"\s*=\s*[\"'](\d+)[\"']") for name in (b"r", b"min", b"max")}
_FORMULA = rb"<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)\s*"
_NO_RESULT = rb"<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>"
_CELL_END = rb"\s*</(?:\w+:)?c>"
_FORMULA_ALONE = re.compile(_FORMULA + rb"(" + _NO_RESULT + rb")?" + _CELL_END)
"""A cell's formula followed by no result, or an empty one, and the cell's end: the result never stored
(Excel stores it always; openpyxl writes an empty <v/>)."""
_FORMULA_ZERO = re.compile(_FORMULA + rb"(" + _NO_RESULT + rb"|<(?:\w+:)?v>\s*0\s*</(?:\w+:)?v>)?" + _CELL_END)
"""`_FORMULA_ALONE`, or a formula whose result is stored as 0, in a workbook asking to be recalculated when
opened (`_FULL_CALC`): XlsxWriter writes 0 as every formula's result unless told the real one."""
_TYPED = re.compile(rb"\bt\s*=\s*[\"'](?!n[\"'])")
"""A cell tag typed other than a number (`t="b"`, `t="str"`, `t="e"`): its stored 0 is no placeholder."""
_FULL_CALC = re.compile(rb"<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad\s*=\s*[\"'](?:1|true)[\"']")
"""A workbook whose program asks Excel to calculate every formula on opening (XlsxWriter, openpyxl,
ExcelJS): its stored results were not computed by the program. Excel drops the flag when it saves."""


@dataclass(frozen=True, slots=True)
class SheetView:
    """A sheet as Excel shows it: its merged ranges, and the Excel rows and (1-based) columns hidden;
    `too_large`: its grid, when too large to read (cadres.sheet_extent)."""

    merged: tuple[MergedRange, ...] = ()
    hidden_rows: frozenset[int] = frozenset()
    hidden_columns: frozenset[int] = frozenset()
    too_large: Extent | None = None
    uncalculated: tuple[tuple[int, int, str], ...] = ()
    """Cells holding a formula whose result was never stored, as (Excel row, column, '=formula'): files
    written by a program (a personnel system's export) rather than saved by Excel read blank there."""


PLAIN = SheetView()
"""A sheet with no merged range and nothing hidden (and any sheet of a file read without them)."""


def sheet_views(path: Path, inflated: Mapping[str, bytes] | None = None) -> dict[str, SheetView] | None:
    """Each sheet's view, by sheet name, for sheets with merges, hidden rows or columns, or too large to
    read; {} for file types read without them; None for a workbook whose XML cannot be read (fastexcel,
    called next, says whether it can be read at all: a file is not refused here for XML it never needs,
    and the operator is told only of a file read without its views: NOT_VIEWED). `inflated`: parts
    already unpacked (by the package check), read from there rather than unpacked again."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _xlsx_views(path, inflated or {})
        if suffix == ".xls":
            return _xls_views(path)
        if suffix == ".ods":
            return _ods_views(path)
    except Exception:  # zipfile, XML and xlrd raise many types
        return None
    return {}


NOT_VIEWED = "%s: merged cells, hidden rows and the sheets' size could not be read; values are read as stored"


def text_rows(path: Path, sheet: str, column: int) -> frozenset[int] | None:
    """The Excel rows whose cell in a column (1-based) holds text, not a number: what tells '1.500'
    typed as text (fifteen hundred, the Vietnamese way) from the number 1.5 (or 27.309), which fastexcel
    gives as the same kind of text. None where the file cannot be read again.
    Asked for one column of one sheet, when its reading depends on it."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            with zipfile.ZipFile(path) as archive:
                parts = sheet_parts(archive.read("xl/workbook.xml"), archive.read("xl/_rels/workbook.xml.rels")) or {}
                xml = archive.read(parts[sheet])
            letter = get_column_letter(column).encode()
            text_cell = (
                rb"<(?:\w+:)?c\b(?=[^>]*\br\s*=\s*[\"']" + letter + rb"(\d+)[\"'])"
                rb"(?=[^>]*\bt\s*=\s*[\"'](?:s|inlineStr|str)[\"'])[^>]*>"
            )
            return frozenset(int(found.group(1)) for found in re.finditer(text_cell, xml))
        if suffix == ".ods":
            return ods_text_rows(path, sheet, column)
        if suffix == ".xls":
            import xlrd  # only for .xls files

            # ragged rows: a value far right (within the size limit) padded every row to its column
            book = xlrd.open_workbook(file_contents=path.read_bytes(), on_demand=True, ragged_rows=True)
            cells = book.sheet_by_name(sheet)
            return frozenset(
                r + 1
                for r in range(cells.nrows)
                if column <= cells.row_len(r) and cells.cell_type(r, column - 1) == xlrd.XL_CELL_TEXT
            )
    except Exception:  # zipfile, XML and xlrd raise many types: read as before, without the cells' types
        log.warning("%s: cell types of sheet %s could not be read", loggable(path.name), loggable(sheet))
    return None


def _xlsx_views(path: Path, inflated: Mapping[str, bytes]) -> dict[str, SheetView]:
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml")
        parts = sheet_parts(workbook, archive.read("xl/_rels/workbook.xml.rels")) or {}
        placeholders = _FULL_CALC.search(workbook) is not None
        found = {}
        for name, part in parts.items():
            xml = inflated.get(part)
            view = _xlsx_view(archive.read(part) if xml is None else xml, placeholders)
            if view != PLAIN:
                found[name] = view
        return found


def _xlsx_view(xml: bytes, placeholders: bool = False) -> SheetView:
    """One sheet's XML: columns are declared before the cells, merges after them (</sheetData>), hidden
    rows are attributes of their <row>. Each part is searched only when its marker is there at all.
    `placeholders`: the workbook asks to be recalculated on opening, so a formula's stored 0 is none."""
    start, end = xml.find(b"sheetData"), xml.rfind(b"sheetData")
    head, tail = (xml[:start], xml[end:]) if start >= 0 else (xml, b"")
    merged = tuple(
        _xlsx_range(left, int(top), right, int(bottom))
        for left, top, right, bottom in (_MERGE.findall(tail) if b"mergeCell" in tail else ())
        if bottom and (int(bottom), right) != (int(top), left)
    )
    hidden_columns = frozenset(
        column
        for declared in (_COLUMNS.findall(head) if b"hidden" in head else ())
        if _HIDDEN.search(declared)
        for column in _column_span(declared)
    )
    hidden = start >= 0 and _holds(xml, start, end, b"hidden")  # one scan of the rows, either quote
    hidden_rows = _hidden_rows(xml, start, end) if hidden else frozenset()
    # '</f>', '<f>', '</x:f>': a sheet of formulas has one such end at least (a shared formula's other
    # cells, '<f t="shared" si="0"/>', have their first cell's); one scan, ~1 ms a MB
    formulas = start >= 0 and _holds(xml, start, end, b"f>")
    uncalculated = _uncalculated(xml, start, end, placeholders) if formulas else ()
    return SheetView(merged, hidden_rows, hidden_columns, xlsx_too_large(xml, start, end), uncalculated)


def _holds(xml: bytes, start: int, end: int, needle: bytes) -> bool:
    """Whether `xml[start:end]` holds `needle`, by numpy over its bytes: `bytes.find` crawls over a sheet's
    XML (~1 GB/s: every '<' and '>' stops it), which this does in a third of the time (~0.3 ms a MB), its
    first letter being rare in cells' XML ('f', 'h')."""
    data = np.frombuffer(xml, np.uint8, count=max(end - start, 0), offset=start)
    candidates = np.flatnonzero(data[: len(data) - len(needle) + 1] == needle[0])
    for offset, byte in enumerate(needle[1:], start=1):
        candidates = candidates[data[candidates + offset] == byte]
    return candidates.size > 0


def _uncalculated(xml: bytes, start: int, end: int, placeholders: bool = False) -> tuple[tuple[int, int, str], ...]:
    """The cells whose formula has no stored result (`SheetView.uncalculated`), or, with `placeholders`,
    a stored 0 (`_FORMULA_ZERO`). A formula is a cell's first child, so the cell's own tag is the one
    just before it; a formula shared from another cell is written without its text, and shown as '='.
    An empty result of a text formula (`t="str"`, as Excel saves `=IF(A2="","",…)`) is a result: the
    cell is blank in Excel too."""
    found = []
    for formula in (_FORMULA_ZERO if placeholders else _FORMULA_ALONE).finditer(xml, start, end):
        cell_tag = xml[xml.rfind(b"<", start, formula.start()) : formula.start()]
        if b"0" in (formula.group(2) or b""):  # a stored 0: XlsxWriter's placeholder is a number cell's
            if _TYPED.search(cell_tag):  # a boolean FALSE, a text '0': a result the program gave
                continue
        elif formula.group(2) and TEXT_RESULT.search(cell_tag):
            continue
        if (reference := REFERENCE.search(cell_tag)) is None or not reference.group(1):
            continue  # a cell without its (optional) reference: where it is is not worth the walk
        text = html.unescape((formula.group(1) or b"").decode("utf-8", "replace"))
        found.append((int(reference.group(2)), column_index_from_string(reference.group(1).decode()), f"={text}"))
    return tuple(found)


def _xlsx_range(left: bytes, top: int, right: bytes, bottom: int) -> MergedRange:
    return MergedRange(top, bottom, column_index_from_string(left.decode()), column_index_from_string(right.decode()))


def _hidden_rows(xml: bytes, start: int, end: int) -> frozenset[int]:
    """The Excel rows whose <row> is hidden; a row without its (optional) number follows the one before."""
    hidden, number = set(), 0
    for row in _ROW.finditer(xml, start, end):
        declared = _ATTRIBUTE[b"r"].search(row.group())
        number = int(declared.group(1)) if declared is not None else number + 1
        if _HIDDEN.search(row.group()):
            hidden.add(number)
    return frozenset(hidden)


def _column_span(declared: bytes) -> range:
    first, last = (_ATTRIBUTE[name].search(declared) for name in (b"min", b"max"))
    if first is None:
        return range(0)
    return range(int(first.group(1)), int((last or first).group(1)) + 1)


def _ods_views(path: Path) -> dict[str, SheetView]:
    found = {}
    for name, sheet in ods_sheets(path).items():
        view = SheetView(
            tuple(sheet.merged), frozenset(sheet.hidden_rows), frozenset(sheet.hidden_columns), sheet.too_large
        )
        if view != PLAIN:
            found[name] = view
    return found


def _xls_views(path: Path) -> dict[str, SheetView]:
    import xlrd  # only for .xls files

    # ragged rows: a formatted blank cell at IV65536 does not pad every row to 256 cells (400 MB)
    book = xlrd.open_workbook(file_contents=path.read_bytes(), formatting_info=True, on_demand=True, ragged_rows=True)
    found = {}
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        view = SheetView(
            tuple(
                MergedRange(top + 1, bottom, left + 1, right)
                for top, bottom, left, right in sheet.merged_cells
                if (bottom - top, right - left) != (1, 1)
            ),
            frozenset(row + 1 for row, info in sheet.rowinfo_map.items() if info.hidden),
            frozenset(column + 1 for column, info in sheet.colinfo_map.items() if info.hidden),
            xls_too_large(sheet),
        )
        if view != PLAIN:
            found[sheet.name] = view
        book.unload_sheet(index)
    return found
