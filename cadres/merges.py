"""Cells merged down over several rows, read back into every row they cover.

A province merges a commune's code over its cadres, a course code over its participants: Excel shows
the value beside each of those rows, but the file holds it in the top cell only, and fastexcel reads the
rows below as blank (each a missing required value). The merged ranges are read with the rest of what
Excel shows (cadres.sheet_view). Where the table starts (the Excel column of its first column) is
fastexcel's to say: the reader keeps it with each table.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True, slots=True)
class MergedRange:
    """A merged range in Excel rows and 1-based columns; its value sits in its top-left cell, the one
    Excel shows (a range over several columns holds one field's value, in column `left`)."""

    top: int
    bottom: int
    left: int
    right: int


def _runs_down(
    rows: np.ndarray, merged: tuple[MergedRange, ...], first_column: int | None, columns: Iterable[int]
) -> Iterator[tuple[int, int, int]]:
    """(table column, position of the top row, position after the last row) of each range merged down
    whose top row is among `rows` (Excel rows, ascending) and whose column is one of `columns`."""
    if first_column is None or not len(rows):
        return
    for merged_range in merged:
        column = merged_range.left - first_column
        if merged_range.bottom <= merged_range.top or column not in columns:
            continue
        top = int(np.searchsorted(rows, merged_range.top))
        if top == len(rows) or rows[top] != merged_range.top:
            continue  # its top row is not data (a header, a total row)
        yield column, top, int(np.searchsorted(rows, merged_range.bottom, side="right"))


def fill_merged_down(body: pd.DataFrame, merged: tuple[MergedRange, ...], first_column: int | None) -> pd.DataFrame:
    """The data rows with each value merged down written into the rows its range covers. `body` holds
    the rows kept as data (index: Excel rows, ascending; columns: the table's, 0 = Excel column
    `first_column`, where fastexcel's table starts). A range fills only from a data row, and only data
    rows: a merge that runs over a blank, total or signature row leaves those out. A range is left
    alone when its top cell is blank or a covered data cell holds a value of its own (Excel hides it:
    the province is told about what the cell holds, not about what it shows)."""
    filled: dict[int, np.ndarray] = {}
    for column, top, end in _runs_down(body.index.to_numpy(), merged, first_column, body.columns):
        if column not in filled:
            filled[column] = body[column].to_numpy(dtype=object, na_value=None).copy()
        values = filled[column]
        if values[top] is not None and all(value is None for value in values[top + 1 : end]):
            values[top + 1 : end] = values[top]
    if filled:
        body = body.copy()
        for column, values in filled.items():
            body[column] = pd.array(values, dtype=body[column].dtype)
    return body


def covered_blanks(
    body: pd.DataFrame, merged: tuple[MergedRange, ...], first_column: int | None, columns: list[int]
) -> np.ndarray:
    """Per row of `body` (index: Excel rows, ascending), how many of `columns` are blank only because a
    value merged down from a row of `body` above covers them: filled as Excel shows the row, which is
    what tells a data row from a heading or a signature line before the values are filled in."""
    counts = np.zeros(len(body), dtype=int)
    blank: dict[int, np.ndarray] = {}
    for column, top, end in _runs_down(body.index.to_numpy(), merged, first_column, columns):
        if column not in blank:
            blank[column] = body[column].isna().to_numpy()
        counts[top + 1 : end] += blank[column][top + 1 : end]
    return counts


class ShownCells:
    """Which cell Excel shows for a cell of a sheet: the top-left cell of the merged range covering it,
    else the cell itself. Ranges never overlap, so per column they are disjoint runs of rows, found by
    bisection (a national sheet may hold thousands of ranges and of problems to place)."""

    def __init__(self, ranges: tuple[MergedRange, ...]) -> None:
        runs: dict[int, list[tuple[int, int, MergedRange]]] = {}
        for merged_range in ranges:
            for column in range(merged_range.left, merged_range.right + 1):
                runs.setdefault(column, []).append((merged_range.top, merged_range.bottom, merged_range))
        self._runs = {column: sorted(found, key=lambda run: run[0]) for column, found in runs.items()}
        self._tops = {column: [top for top, _, _ in found] for column, found in self._runs.items()}

    def shown(self, row: int, column: int) -> tuple[int, int]:
        if column not in self._runs:
            return row, column
        index = bisect.bisect_right(self._tops[column], row) - 1
        if index < 0:
            return row, column
        _, bottom, covering = self._runs[column][index]
        return (covering.top, covering.left) if row <= bottom else (row, column)
