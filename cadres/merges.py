"""Cells merged down over several rows, read back into every row they cover.

A province merges a commune's code over its cadres, a course code over its participants: Excel shows
the value beside each of those rows, but the file holds it in the top cell only, and fastexcel reads the
rows below as blank (each a missing required value). The merged ranges come from the sheet's XML
(.xlsx/.xlsm) or from xlrd (.xls); .ods and CSV files are read without them.
"""

from __future__ import annotations

import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils import column_index_from_string

from cadres.xlsx_package import sheet_parts

log = logging.getLogger(__name__)

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"')
_VALUED_CELL = re.compile(
    rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})\d+"[^>]*(?<!/)>'  # a cell with content …
    rb"(?:<(?:\w+:)?f\b[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>))?\s*"  # … after its formula, if any, …
    rb"<(?:\w+:)?(?:v>[^<]|is>)"  # … holds a value
)
"""A cell that holds a value: fastexcel's table starts at the leftmost column holding one."""


@dataclass(frozen=True, slots=True)
class MergedRange:
    """A merged range in Excel rows and 1-based columns; its value sits in its top-left cell, the one
    Excel shows (a range over several columns holds one field's value, in column `left`)."""

    top: int
    bottom: int
    left: int
    right: int

    def covers(self, row: int, column: int) -> bool:
        return self.top <= row <= self.bottom and self.left <= column <= self.right


@dataclass(frozen=True, slots=True)
class SheetMerges:
    """A sheet's merged ranges, and the Excel columns (1-based) of the first and the last column
    fastexcel reads: its table starts at the leftmost column holding a value, not at A."""

    ranges: tuple[MergedRange, ...]
    first_column: int | None
    last_column: int | None


def merged_ranges(path: Path) -> dict[str, SheetMerges]:
    """Each sheet's merged ranges, by sheet name; {} for file types without merges read here, and for a
    workbook whose merges cannot be read (its values were read all the same)."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _xlsx_merges(path)
        if suffix == ".xls":
            return _xls_merges(path)
    except Exception:  # zipfile, XML and xlrd raise many types; a file fastexcel read is not refused here
        log.warning("%s: merged cells could not be read; merged values show in their top row only", path.name)
    return {}


def _xlsx_merges(path: Path) -> dict[str, SheetMerges]:
    with zipfile.ZipFile(path) as archive:
        parts = sheet_parts(archive.read("xl/workbook.xml"), archive.read("xl/_rels/workbook.xml.rels")) or {}
        found = {}
        for name, part in parts.items():
            xml = archive.read(part)
            end = xml.rfind(b"sheetData")  # </sheetData> or <sheetData/>: the merges come after the cells
            tail = xml[end:] if end >= 0 else b""
            if b"mergeCell" not in tail:
                continue
            ranges = tuple(
                MergedRange(
                    int(top),
                    int(bottom),
                    column_index_from_string(left.decode()),
                    column_index_from_string(right.decode()),
                )
                for left, top, right, bottom in _MERGE.findall(tail)
                if bottom and (int(bottom), right) != (int(top), left)
            )
            if ranges:
                found[name] = _sheet_merges(ranges, _xlsx_valued_columns(xml, end) if _runs_down(ranges) else [])
        return found


def _xlsx_valued_columns(xml: bytes, end: int) -> list[int]:
    letters = {m.group(1) for m in _VALUED_CELL.finditer(xml, 0, max(end, 0))}
    return [column_index_from_string(column.decode()) for column in letters]


def _runs_down(ranges: tuple[MergedRange, ...]) -> bool:
    """Whether a range runs down over rows and may have to be filled: only then are the table's columns
    looked for, a scan of every cell (a title merged across needs none)."""
    return any(merged.bottom > merged.top for merged in ranges)


def _sheet_merges(ranges: tuple[MergedRange, ...], valued_columns: list[int]) -> SheetMerges:
    return SheetMerges(ranges, min(valued_columns, default=None), max(valued_columns, default=None))


def _xls_merges(path: Path) -> dict[str, SheetMerges]:
    import xlrd  # only for .xls files

    book = xlrd.open_workbook(file_contents=path.read_bytes(), formatting_info=True, on_demand=True)
    found = {}
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        ranges = tuple(
            MergedRange(top + 1, bottom, left + 1, right)
            for top, bottom, left, right in sheet.merged_cells
            if (bottom - top, right - left) != (1, 1)
        )
        if ranges:
            empty = {xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK}
            valued = (
                [c + 1 for c in range(sheet.ncols) if set(sheet.col_types(c)) - empty] if _runs_down(ranges) else []
            )
            found[sheet.name] = _sheet_merges(ranges, valued)
        book.unload_sheet(index)
    return found


def fill_merged_down(frame: pd.DataFrame, merges: SheetMerges | None, below_row: int, columns: list[int]) -> None:
    """Write each merged range's value into the rows it covers, in place: ranges in `columns` (the
    table's columns, 0 = fastexcel's first) that start in the data, after `below_row` (the header's).
    A range is left alone when the table does not span the columns the file says it does (its columns
    cannot be placed), when its top cell is blank, or when a covered cell holds a value of its own
    (Excel hides it: the province is told about what the cell holds, not about what it shows)."""
    if merges is None or merges.first_column is None or merges.last_column is None:
        return  # no range runs down over rows (see _sheet_merges), or no cell holds a value
    if merges.last_column - merges.first_column + 1 != frame.shape[1]:
        log.warning("merged cells not applied: the table's columns do not match the sheet's")
        return
    start = int(frame.index[0]) if len(frame) else 1  # frame rows are Excel rows, consecutive
    by_column: dict[int, list[MergedRange]] = {}
    for merged in merges.ranges:
        column = merged.left - merges.first_column
        if (
            merged.bottom > merged.top
            and merged.top > below_row
            and column in columns
            and merged.top - start < len(frame)
        ):
            by_column.setdefault(column, []).append(merged)
    for column, ranges in by_column.items():
        values = frame[column].to_numpy(dtype=object, na_value=None).copy()
        for merged in ranges:
            top, end = merged.top - start, min(merged.bottom - start + 1, len(values))
            if values[top] is not None and all(value is None for value in values[top + 1 : end]):
                values[top + 1 : end] = values[top]
        frame[column] = pd.array(np.asarray(values, dtype=object), dtype=frame[column].dtype)
