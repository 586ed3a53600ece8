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
from functools import partial

import numpy as np
import pandas as pd

from cadres.text import fold, fold_series
from schemas.heading_labels import SubGroupWalk, deciding_kinds, parent_kinds


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


def _of_kind(text: str, kind: re.Pattern) -> bool:
    return any(kind.match(fold(cell)) for cell in text.split(" | "))


ROWS_OWN_WORDS = frozenset({"note", "sending_agency"})
"""Fields whose values may start as a unit's name does and are the row's own words: a criterion's note
('Xã đang hoàn thiện hồ sơ'), a cadre's sending body ('Huyện ủy Na Hang'). A sparse row holding one is
held for its blanks, not a heading kept as data: it ended its commune's block (a review's; the
criteria after it held). The reader's number beside a unit's name ('5 | Xã …') is no heading there either."""
POST_WORDS = frozenset({"position", "portfolio"})
"""Fields whose words name a commune as a cadre's own (a post, a field of work): no title of a block."""
TITLE_MAX_CHARS = 200
"""How much of a text is read as a block's title ('Danh sách cán bộ, công chức UBND xã Trung Môn, huyện Na
Hang, tỉnh Tuyên Quang (05 người)' is 90; an official one with its decision's number 190)."""
_CODE_LED = r"^(\d{4,5}) "
"""A folded cell led by a commune's code ('02245 xa con lon', a dropdown's form)."""


def _heading_like(
    raw: pd.DataFrame, kind: re.Pattern, named_inside: Callable[[list[str]], list[frozenset[str]]] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Per data row: two cells at most, one starting as a heading of the kind does (a heading the reader
    kept as data, '2 | Xã Trung Môn | 3 người': held for its blanks, it must not carry the block above it
    on). A cell led by a commune's code ('3 | 02245 - Xã Côn Lôn', a cadre's row left unfilled but for
    its dropdown) is the row's own: no break, but its code is handed back (null elsewhere), as a block
    ends at one naming another commune; so are the communes a title names (`_title_communes`: 'Đảng bộ
    xã Trung Môn', 'Danh sách cán bộ UBND xã Trung Môn', kept as data, whose rows are another commune's),
    as a set. Looked for column by column in the sparse rows only, not in a note's or a sending body's
    column (`ROWS_OWN_WORDS`)."""
    sparse = raw.notna().sum(axis=1).to_numpy() <= 2
    like = np.zeros(len(raw), dtype=bool)
    codes = np.full(len(raw), None, dtype=object)
    if sparse.any():
        cells, where = raw.loc[sparse], np.flatnonzero(sparse)
        for column in cells.columns.difference(list(ROWS_OWN_WORDS), sort=False):
            folded = fold_series(cells[column])
            starts = folded.str.match(kind.pattern).fillna(False).to_numpy(bool)
            led = folded.str.extract(_CODE_LED, expand=False)
            coded = starts & led.notna().to_numpy(bool)
            like[where[starts & ~coded]] = True
            codes[where[coded]] = led[coded].str.zfill(5).to_numpy(dtype=object)
        if named_inside is not None:
            _title_communes(cells, where, like, codes, named_inside)
    return like, codes


def _title_communes(
    cells: pd.DataFrame,
    where: np.ndarray,
    like: np.ndarray,
    codes: np.ndarray,
    named_inside: Callable[[list[str]], list[frozenset[str]]],
) -> None:
    """Into `codes`, the communes a sparse row's words name (`named_inside`), its cells read as one text,
    where the row is not already a heading's or led by a code: a title ('Danh sách cán bộ xã Trung Môn |
    (05 người)'). Not a post's words beside another cell (`POST_WORDS`: a half-filled cadre, 'Nguyễn Văn B
    | Phó Chủ tịch UBND xã Trung Môn (biệt phái)', ended its commune's block; alone in its row they are a
    title's), nor a note's or a sending body's. A title's first `TITLE_MAX_CHARS` are read (the look grows
    with a text's length). `named_inside` is asked once, of all the rows' texts (the sparse rows may be
    thousands)."""
    alone = (cells.notna().sum(axis=1) == 1).to_numpy(bool)
    text = _joined(cells, cells.columns.difference(list(ROWS_OWN_WORDS), sort=False))
    text = text.where(alone, _joined(cells, cells.columns.difference([*ROWS_OWN_WORDS, *POST_WORDS], sort=False)))
    looked = text.notna().to_numpy(bool) & ~like[where] & (codes[where] == None)  # noqa: E711  (elementwise)
    if looked.any():
        heads = text[looked].str.slice(0, TITLE_MAX_CHARS).tolist()
        for position, named in zip(where[looked], named_inside(heads), strict=True):
            codes[position] = named or None


def _joined(cells: pd.DataFrame, columns: pd.Index) -> pd.Series:
    """Each row's cells in `columns` joined as a row is quoted ('… | (05 người)'), column by column."""
    text = pd.Series(pd.NA, index=cells.index, dtype="string[pyarrow]")
    for column in columns:
        part = cells[column].astype("string[pyarrow]")
        text = text.where(part.isna(), (text + " | " + part).fillna(part))
    return text


def _before_another_code(start: int, end: int, codes: np.ndarray, coded: np.ndarray, value: str) -> int:
    """Where a block ends before a row led by another commune's code, or naming communes the block's is not
    among (`coded`: the positions of such rows)."""
    within = coded[(coded >= start) & (coded < end)]
    other = [row for row in within if value not in (codes[row] if isinstance(codes[row], frozenset) else {codes[row]})]
    return int(other[0]) if other else end


def _between_only(after: int, before: int, texts: dict[int, str], walk: SubGroupWalk) -> bool:
    """Whether the rows between two runs of data are all sub-group headings the walk passes."""
    between = range(int(after) + 1, int(before))
    walk.data_seen()
    return len(between) > 0 and all(walk.passes(texts.get(row)) for row in between)


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
    sub_group_words: Callable[..., bool] | None = None,
    sections: bool = False,
    named_inside: Callable[[list[str]], list[frozenset[str]]] | None = None,
) -> tuple[pd.Series, list[HeadingFill]]:
    """`values` (a sheet's typed column, indexed by the Excel rows read as data, in order) with the cells
    the province left blank (`blank`) filled from a heading of the column's kind (`kind`: how a folded
    cell of it starts) that names one value (`value_named`, asked once a heading). A heading's block is
    the unbroken run of data rows right under it (only the header repeated or its numbering may stand
    between the heading and its first row: rows of three cells or more, a group heading has two at most):
    any row not read as data ends it (a total, a blank row, a heading of any kind, the header repeated),
    and so does a row read as data that would be a heading of its kind (two cells at most of `raw`, the
    sheet as written, one naming a unit: `2 | Xã Trung Môn`), so a commune never runs into the next
    one's rows. Where `sub_group_words` is given, a sub-group's heading (`A | Cán bộ` under `I | Xã Côn
    Lôn`, schemas/heading_labels.py; its words passing `sub_group_words`, asked with `own=` the heading's
    value, whose name a sub-group may repeat) lets the block go on through the
    runs under it, and may stand between the heading and its first row; with `sections` (the sheet may
    list sections after the communes), not a run starting after the block's data rows but right under a
    label and naming the commune's own staff (`SubGroupWalk.sections`). `named_inside`: the values a sparse
    data row's words name (`_title_communes`): a block ends before a row its value is not among."""
    deciding = sorted((row, text) for row, text in headings if _of_kind(text, kind))
    if not deciding or not blank.any():
        return values, []
    rows = values.index.to_numpy()
    breaks, codes = _heading_like(raw.reindex(values.index), kind, named_inside)
    coded = np.flatnonzero(codes != None)  # noqa: E711  (elementwise, over an object array)
    texts = dict(headings)
    kinds = deciding_kinds(deciding)
    parents = parent_kinds(deciding, kinds, headings)
    passable = {row for row, text in headings if text.count(" | ") >= 2}
    # the header repeated within a run ends it too: it often starts the next commune's pasted block
    apart = (np.diff(rows) != 1) | breaks[1:] | breaks[:-1]
    runs = np.concatenate([[0], np.cumsum(apart)])  # a run: rows one after another, none like a heading
    missing = blank.to_numpy(bool) & ~breaks
    told, positions, given = [], [], []
    for (heading_row, text), rank in zip(deciding, kinds, strict=True):
        start = int(np.searchsorted(rows, heading_row, side="right"))
        own = value_named(text) if sub_group_words else None  # the block's commune: its name may recur
        words_pass = partial(sub_group_words, own=own) if sub_group_words else (lambda _: False)
        walk = SubGroupWalk(rank, parents[rank], words_pass, sections)
        if start == len(rows) or not all(
            row in passable or walk.passes(texts.get(row)) for row in range(heading_row + 1, int(rows[start]))
        ):
            continue
        end = int(np.searchsorted(runs, runs[start], side="right"))
        while end < len(rows) and not breaks[end] and _between_only(rows[end - 1], rows[end], texts, walk):
            end = int(np.searchsorted(runs, runs[end], side="right"))
        value = (own if sub_group_words else value_named(text)) if missing[start:end].any() else None
        if value is not None:
            end = _before_another_code(start, end, codes, coded, value)
            taken = np.arange(start, end)[missing[start:end]]
            if not len(taken):  # its first row names another commune: nothing filled, nothing told
                continue
            positions.append(taken)
            given.append(np.full(len(taken), value, dtype=object))
            told.append(HeadingFill(heading_row, text, value, tuple(int(row) for row in rows[taken])))
    if not told:
        return values, []
    filled = values.to_numpy(dtype=object, na_value=None).copy()  # one assignment, not one per heading
    filled[np.concatenate(positions)] = np.concatenate(given)
    return pd.Series(pd.array(filled, dtype=values.dtype), index=values.index, name=values.name), told
