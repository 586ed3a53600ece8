"""What LibreOffice shows of an .ods sheet beyond its cells' values, read in one pass over content.xml.

fastexcel reads an .ods's values only, as it does an .xlsx's: a commune code merged down over its cadres
sits in the top cell alone, and rows or columns the province hid are read like the others. This walks
the sheets' XML element by element (about 3 s a million cells: more than fastexcel's read, for a kind of
file few provinces send) and gives, per sheet, its merged ranges (`table:number-rows-spanned` and
`-columns-spanned` on a cell), the rows hidden (`table:visibility` 'collapse', or 'filter' for a row a
filter hides) and the columns hidden (on `table:table-column`), and whether its grid is too large to read
(cadres.sheet_extent): a cell or row repeated (`number-columns-repeated`, `number-rows-repeated`) counts
as often as it is repeated when it holds a value (it has a value type), as calamine expands it; empty
repeats (LibreOffice's formatted tail of a sheet) and a note on an empty cell do not count. Rows and
columns are numbered from 1, as fastexcel places the table. Hidden rows and columns are kept up to the
last holding a value: LibreOffice hides the unused rows under a table as one row repeated a million
times, which as a set of rows took 100 MB.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from cadres.merges import MergedRange
from cadres.sheet_extent import Extent, ValuedCells

_ELEMENT = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table-column|table)\b(?!-)([^>]*?)(/?)>")
_NAME = re.compile(rb"\btable:name\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ROWS = re.compile(rb"\btable:number-rows-repeated\s*=\s*[\"'](\d+)[\"']")
_COLUMNS = re.compile(rb"\btable:number-columns-repeated\s*=\s*[\"'](\d+)[\"']")
_VALUE = re.compile(rb"\boffice:value-type\s*=")
_TEXT = re.compile(rb"\boffice:value-type\s*=\s*[\"']string[\"']")
_HIDDEN = re.compile(rb"\btable:visibility\s*=\s*[\"'](?:collapse|filter)[\"']")
_ROWS_SPANNED = re.compile(rb"\btable:number-rows-spanned\s*=\s*[\"'](\d+)[\"']")
_COLUMNS_SPANNED = re.compile(rb"\btable:number-columns-spanned\s*=\s*[\"'](\d+)[\"']")


@dataclass
class OdsSheet:
    """One sheet as LibreOffice shows it (rows and columns from 1)."""

    merged: list[MergedRange] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    too_large: Extent | None = None


def ods_sheets(path: Path) -> dict[str, OdsSheet]:
    """Every sheet of an .ods by name, with its merges, hidden rows and columns and its size verdict."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("content.xml")
    found: dict[str, OdsSheet] = {}
    sheet, cells, name = OdsSheet(), ValuedCells(), ""
    hidden_rows: list[tuple[int, int]] = []  # runs (first, last) of hidden rows, kept as ranges while walking
    hidden_columns: list[tuple[int, int]] = []
    row, row_repeats, column, declared_columns, valued = 0, 1, 0, 0, []
    for closing, kind, attributes, closed in _ELEMENT.findall(xml):
        if kind == b"table" and not closing:
            name = _table_name(attributes)
            sheet, cells, row, declared_columns = OdsSheet(), ValuedCells(), 0, 0
            hidden_rows, hidden_columns = [], []
        elif kind == b"table":
            sheet.too_large = cells.too_large()
            sheet.hidden_rows = _up_to(hidden_rows, cells.bottom)
            sheet.hidden_columns = _up_to(hidden_columns, cells.right)
            found[name] = sheet
        elif kind == b"table-column" and not closing:
            repeats = _repeats(_COLUMNS, attributes)
            if _HIDDEN.search(attributes):
                hidden_columns.append((declared_columns + 1, declared_columns + repeats))
            declared_columns += repeats
        elif kind == b"table-row" and not closing:
            row_repeats, column, valued = _repeats(_ROWS, attributes), 0, []
            if _HIDDEN.search(attributes):
                hidden_rows.append((row + 1, row + row_repeats))
        if kind == b"table-row" and (closing or closed):
            if valued:
                cells.add(row + 1, min(valued))
                cells.add(row + row_repeats, max(valued))
            row += row_repeats
        elif kind in (b"table-cell", b"covered-table-cell") and not closing:
            repeats = _repeats(_COLUMNS, attributes)
            if _VALUE.search(attributes):
                valued += [column + 1, column + repeats]
            if kind == b"table-cell" and b"spanned" in attributes:
                down, across = _repeats(_ROWS_SPANNED, attributes), _repeats(_COLUMNS_SPANNED, attributes)
                if down > 1 or across > 1:
                    sheet.merged.append(MergedRange(row + 1, row + down, column + 1, column + across))
            column += repeats
    return found


def ods_text_rows(path: Path, sheet_name: str, column: int) -> frozenset[int]:
    """The rows of one sheet whose cell in a column (from 1) holds text (`office:value-type="string"`),
    not a number: '1.500' typed as text is fifteen hundred, the number 1.5 shows as '1.5'."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("content.xml")
    rows: set[int] = set()
    name, row, row_repeats, at = "", 0, 1, 0
    for closing, kind, attributes, closed in _ELEMENT.findall(xml):
        if kind == b"table" and not closing:
            name, row = _table_name(attributes), 0
        elif name != sheet_name:
            continue
        elif kind == b"table-row" and not closing:
            row_repeats, at = _repeats(_ROWS, attributes), 0
        if kind == b"table-row" and (closing or closed):
            row += row_repeats
        elif kind in (b"table-cell", b"covered-table-cell") and not closing:
            repeats = _repeats(_COLUMNS, attributes)
            if at < column <= at + repeats and _TEXT.search(attributes):
                rows.update(range(row + 1, row + row_repeats + 1))
            at += repeats
    return frozenset(rows)


def _up_to(runs: list[tuple[int, int]], last: int) -> set[int]:
    """The rows (or columns) of the runs, up to the last holding a value: those past it hide nothing."""
    return {number for first, end in runs for number in range(first, min(end, last) + 1)}


def _table_name(attributes: bytes) -> str:
    """A sheet's name from its <table:table> attributes, quoted either way, entities decoded."""
    named = _NAME.search(attributes)
    return html.unescape((named.group(1) or named.group(2)).decode()) if named else ""


def _repeats(pattern: re.Pattern[bytes], attributes: bytes) -> int:
    found = pattern.search(attributes)
    return int(found.group(1)) if found else 1
