"""A value a group heading gives once for its block, carried to the rows under it that leave it blank.

Provinces list cadres and criteria commune by commune under a heading row ('I | Xã Côn Lôn'), and
attendees class by class ('Lớp: Bồi dưỡng kiến thức QLNN (KH01)'), often leaving the column the heading
stands for blank below it: each such row was held for a missing value. The heading is the province's
own statement, so where it names one value the file can stand behind (a commune of its province, a
course of its KhoaHoc), that value fills the blanks of the rows right under it, and the heading's row is
told with the rows it filled (a warning; one per heading, not per row: a class of
thirty attendees is one note). A heading naming nothing certain fills nothing: the rows stay held.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class HeadingFill:
    """One heading's value and the rows it filled."""

    heading_row: int
    text: str
    value: str
    rows: tuple[int, ...]

    def detail(self) -> str:
        """'02245 cho 3 dòng: 3–4, 6': what the province is told beside the heading."""
        return f"{self.value} cho {len(self.rows)} dòng: {row_ranges(self.rows)}"


def row_ranges(rows: tuple[int, ...]) -> str:
    """Excel rows as runs ('3–5, 8'), so a block of hundreds stays one short line."""
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return ", ".join(str(first) if first == last else f"{first}–{last}" for first, last in runs)


def fill_from_headings(
    values: pd.Series,
    blank: pd.Series,
    headings: list[tuple[int, str]],
    of_its_kind: Callable[[str], bool],
    value_named: Callable[[str], str | None],
) -> tuple[pd.Series, list[HeadingFill]]:
    """`values` (a sheet's typed column, indexed by the Excel rows read as data, in order) with the cells
    the province left blank (`blank`) filled from a heading of the column's kind (`of_its_kind`) that
    names one value (`value_named`, asked once a heading). A heading's block is the unbroken run of data
    rows right under it (only other headings between: the header repeated, its numbering): any row not
    read as data ends it (a total, a blank row, another heading, a heading the reader did not take for
    one), so a commune never runs into the next one's rows."""
    deciding = sorted((row, text) for row, text in headings if of_its_kind(text))
    if not deciding or not blank.any():
        return values, []
    rows = values.index.to_numpy()
    runs = np.concatenate([[0], np.cumsum(np.diff(rows) != 1)])  # a run: rows one after another
    passable = {row for row, text in headings if not of_its_kind(text)}
    missing = blank.to_numpy(bool)
    filled, told = values.copy(), []
    for heading_row, text in deciding:
        start = int(np.searchsorted(rows, heading_row, side="right"))
        if start == len(rows) or not set(range(heading_row + 1, int(rows[start]))) <= passable:
            continue
        end = int(np.searchsorted(runs, runs[start], side="right"))
        taken = rows[start:end][missing[start:end]]
        value = value_named(text) if len(taken) else None
        if value is not None:
            filled.loc[taken] = value
            told.append(HeadingFill(heading_row, text, value, tuple(int(row) for row in taken)))
    return filled, told
