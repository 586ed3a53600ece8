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

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cadres.text import fold, fold_series


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


_LABEL = re.compile(r"([IVXLCivxlc]{1,5}|[A-Za-z]|\d{1,3})(?:\.0)?\s*[.)/:-]?(?:\s|$)")
"""A heading's label at the start of its first cell: 'I', 'II.', 'A)', '1.', or 'I. Xã Côn Lôn' in one cell."""


def label_kind(text: str) -> str | None:
    """How a heading is labelled: 'roman' ('I', 'IV.'; a lone C, I, L, V or X counts as one), 'letter'
    ('A', 'b)'), 'number' ('1', '2.'); None without a label ('Xã Côn Lôn'). Headings of one rank share it."""
    found = _LABEL.match(text.split(" | ")[0].strip())
    if found is None:
        return None
    label = found.group(1)
    if label.isdigit():
        return "number"
    return "roman" if set(label.upper()) <= set("IVXLC") else "letter"


def _of_kind(text: str, kind: re.Pattern) -> bool:
    return any(kind.match(fold(cell)) for cell in text.split(" | "))


def _heading_like(raw: pd.DataFrame, kind: re.Pattern) -> np.ndarray:
    """Per data row: two cells at most, one starting as a heading of the kind does (a heading the reader
    kept as data, '2 | Xã Trung Môn | 3 người': held for its blanks, it must not carry the block above it
    on). Looked for column by column in the sparse rows only."""
    sparse = raw.notna().sum(axis=1).to_numpy() <= 2
    like = np.zeros(len(raw), dtype=bool)
    if sparse.any():
        cells = raw.loc[sparse]
        starts = [fold_series(cells[column]).str.match(kind.pattern).fillna(False).to_numpy(bool) for column in cells]
        like[sparse] = np.any(starts, axis=0) if starts else False
    return like


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
    kind: re.Pattern,
    value_named: Callable[[str], str | None],
    raw: pd.DataFrame,
    sub_group: Callable[[str, str], bool] | None = None,
) -> tuple[pd.Series, list[HeadingFill]]:
    """`values` (a sheet's typed column, indexed by the Excel rows read as data, in order) with the cells
    the province left blank (`blank`) filled from a heading of the column's kind (`kind`: how a folded
    cell of it starts) that names one value (`value_named`, asked once a heading). A heading's block is
    the unbroken run of data rows right under it (only the header repeated or its numbering may stand
    between the heading and its first row: rows of three cells or more, a group heading has two at most):
    any row not read as data ends it (a total, a blank row, a heading of any kind, the header repeated),
    and so does a row read as data that would be a heading of its kind (two cells at most of `raw`, the
    sheet as written, one naming a unit: `2 | Xã Trung Môn`), so a commune never runs into the next
    one's rows. Only a heading `sub_group` tells as one of the deciding heading's sub-groups (`A | Cán
    bộ` under `I | Xã Côn Lôn`) lets the block go on past it, through the runs under it."""
    deciding = sorted((row, text) for row, text in headings if _of_kind(text, kind))
    if not deciding or not blank.any():
        return values, []
    rows = values.index.to_numpy()
    breaks = _heading_like(raw.reindex(values.index), kind)
    texts = dict(headings)

    def _sub_groups_between(after: int, before: int, deciding_text: str) -> bool:
        """Whether the rows between two runs are all headings of the deciding one's sub-groups."""
        between = range(int(after) + 1, int(before))
        return (
            sub_group is not None
            and len(between) > 0
            and all(row in texts and sub_group(deciding_text, texts[row]) for row in between)
        )

    passable = {row for row, text in headings if text.count(" | ") >= 2}
    # the header repeated within a run ends it too: it often starts the next commune's pasted block
    apart = (np.diff(rows) != 1) | breaks[1:] | breaks[:-1]
    runs = np.concatenate([[0], np.cumsum(apart)])  # a run: rows one after another, none like a heading
    missing = blank.to_numpy(bool) & ~breaks
    told, positions, given = [], [], []
    for heading_row, text in deciding:
        start = int(np.searchsorted(rows, heading_row, side="right"))
        if start == len(rows) or not set(range(heading_row + 1, int(rows[start]))) <= passable:
            continue
        end = int(np.searchsorted(runs, runs[start], side="right"))
        while end < len(rows) and not breaks[end] and _sub_groups_between(rows[end - 1], rows[end], text):
            end = int(np.searchsorted(runs, runs[end], side="right"))
        taken = rows[start:end][missing[start:end]]
        value = value_named(text) if len(taken) else None
        if value is not None:
            positions.append(np.arange(start, end)[missing[start:end]])
            given.append(np.full(len(taken), value, dtype=object))
            told.append(HeadingFill(heading_row, text, value, tuple(int(row) for row in taken)))
    if not told:
        return values, []
    filled = values.to_numpy(dtype=object, na_value=None).copy()  # one assignment, not one per heading
    filled[np.concatenate(positions)] = np.concatenate(given)
    return pd.Series(pd.array(filled, dtype=values.dtype), index=values.index, name=values.name), told
