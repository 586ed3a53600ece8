"""A field's value read from the sub-columns under its header, and a column named as the province sees it.

A header merged over sub-columns gives one field several cells a row: a count over `Nam` | `Nữ` is summed,
an amount over its sources is joined for the typing to sum, a yes/no is read from its marks (`x` under
`Có` or `Không`), and a coded value is the sub-header its row marks ('Chưa đạt' where its column holds
the x). A column without a header is named by the header on its left, so that a problem still says
where to look; a field's right neighbour among the columns not of the standard (`columns_beside`) is
where a province writes a name beside a code.
"""

from __future__ import annotations

from functools import reduce

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cadres.text import NULL_TEXT, arrow_text, fold, text_series
from schemas.parsing import DASH_ONLY, SOURCES_JOINED, boolean_of, parse_integers


def unheaded_column_name(idx: int, header_cells: pd.Series) -> str:
    """A column without a header, named by where it is: a value's part whose merge was lost in a CSV
    ('Họ và tên' | blank over 'Nguyễn Văn' | 'An') left its data unread without a word."""
    return unheaded_beside(_header_on_left(idx, header_cells))


def columns_beside(
    matched: dict[int, str], unknown: list[tuple[str, int]], groups: tuple[tuple[int, int], ...]
) -> dict[str, int]:
    """`RawSheet.beside`: each field's right neighbour among the columns not of the standard, but a
    group's sub-column."""
    grouped = {idx for first, end in groups for idx in range(first, end)}
    others = {idx for _, idx in unknown} - grouped
    return {name: idx + 1 for idx, name in matched.items() if idx + 1 in others}


def unheaded_beside(left: str) -> str:
    return f"(cột không có tiêu đề, bên phải '{left}')" if left else "(cột không có tiêu đề)"


def _header_on_left(idx: int, header_cells: pd.Series) -> str:
    """The nearest header cell at or left of a column ('' if none): a group's header for its sub-columns
    (a group is a header cell and the blank ones right of it)."""
    headed = header_cells.loc[:idx].dropna()
    return str(headed.iloc[-1]) if len(headed) else ""


def column_name(idx: int, header_cells: pd.Series, sub_headers: pd.Series) -> str:
    """A column's header as the province finds it: a sub-column's is its group's header (the nearest on
    its left: a group is a header cell and the blank ones right of it) and its own sub-header."""
    group = _header_on_left(idx, header_cells)
    own = str(sub_headers[idx]) if pd.notna(sub_headers[idx]) else ""
    if not own or fold(own) == fold(group):  # a column of its own, or no sub-headers under the header
        return group
    return f"{group} / {own}" if group else own


def group_value(parts: pd.DataFrame, how: str, sub_headers: pd.Series) -> pd.Series:
    """A field's value read from its sub-columns (`header_row.group_reading`): a count summed
    (`_summed`), an amount's sources joined for reports to quote ('30000000 + 5000000'; the typing sums
    the cells kept in `RawSheet.sources`, each in the amount's unit, which the reader does not know
    yet), a yes/no from its marks, row by row (`_marked_row`), a coded value by the sub-header marked
    (`_chosen_row`: 'Chưa đạt' where its column holds the x)."""
    if how == "sum":
        return _summed(parts)
    if how == "sources":
        return joined_cells(parts, SOURCES_JOINED)
    if how == "choice":  # once per distinct row of marks: a national attendance sheet has ~18,000 rows
        labels = [str(label).strip() for label in sub_headers]
        listed = {fold(label) for label in labels}
        group = parts.fillna("").groupby(list(parts.columns), sort=False).ngroup().to_numpy()
        firsts = pd.Series(range(len(group))).groupby(group).first().to_numpy()
        chosen = [_chosen_row(parts.iloc[row].tolist(), labels, listed) for row in firsts]
        return pd.Series(np.asarray(chosen, dtype=object)[group], index=parts.index, dtype="string[pyarrow]")
    values = [_marked_row(cells, how) for cells in parts.itertuples(index=False, name=None)]
    return pd.Series(values, index=parts.index, dtype="string[pyarrow]")


def _chosen_row(cells: list, labels: list[str], listed: set[str]) -> str | None:
    """One row's value by the sub-header whose cell is marked: an x, a tick, a 1 (`boolean_of`), or
    anything else written there (a post under 'Cán bộ', a major under 'Đại học': the column is the
    value, as a date under 'Nam' is the gender), and a sub-header's own value typed in any of them
    ('Chưa đạt'); blank where none is; the chosen ones joined where several are (told as marked twice,
    `marked_twice`, or as no value of the list). A dash alone, a No (0, 'Không') mark nothing, as in a
    yes/no's columns."""
    chosen = []
    for cell, label in zip(cells, labels, strict=True):
        if pd.isna(cell):
            continue
        text = str(cell)
        if fold(text) in listed:
            chosen.append(text.strip())
        elif _marks(text):
            chosen.append(label)
    return " | ".join(chosen) if chosen else None


def _summed(parts: pd.DataFrame) -> pd.Series:
    """Each row's parts added up ('Nam' 20 + 'Nữ' 15: 35), a blank part counting nothing, all blank
    staying blank. A part that is no whole number, or is negative, is the value as written (told as
    such, quoting the cell the province can find), never hidden in a sum that passes."""
    numbers, odd = {}, pd.Series(None, index=parts.index, dtype=object)
    for column in reversed(parts.columns):  # the leftmost odd part is the one told
        whole, bad = parse_integers(parts[column])
        odd = odd.mask(bad.to_numpy() | (whole < 0).fillna(False).to_numpy(), parts[column])
        numbers[column] = whole
    total = pd.DataFrame(numbers).sum(axis=1, min_count=1)
    as_text = pd.Series(
        [None if pd.isna(value) else str(int(value)) for value in total], index=total.index, dtype=object
    )
    return as_text.where(odd.isna(), odd).astype("string[pyarrow]")


def _marked_row(cells: tuple, how: str) -> str | None:
    """One row's marks, each cell read as a yes/no is (`boolean_of`: x, a tick, Có, 1 mark it; 0, Không,
    a blank do not). 'any' ('Đảng viên' over 'Chính thức' | 'Dự bị'): x where one is marked, Không where
    a No is written and none is marked, blank where all are blank (the x/blank convention then reads it
    as one column of marks: No). 'yes-no' or 'no-yes': Có or Không by the one marked, blank where neither is,
    'Có | Không' where both are (unreadable, told). A cell that reads as neither (a date, '-', '#N/A') is
    the value as written: told unreadable (a formula's error as such)."""
    written = [None if pd.isna(cell) else str(cell) for cell in cells]
    read = [None if text is None else boolean_of(text) for text in written]
    odd = next((text for text, seen in zip(written, read, strict=True) if text is not None and seen is None), None)
    if odd is not None:
        return odd
    marked = [seen is True for seen in read]
    if how == "any":
        return "x" if any(marked) else "Không" if any(seen is False for seen in read) else None
    yes, no = marked if how == "yes-no" else marked[::-1]
    if yes and no:
        return "Có | Không"
    return "Có" if yes else "Không" if no else None


def marks_neither(parts: pd.DataFrame) -> np.ndarray:
    """Rows of a Yes | No pair left unanswered: every cell blank (or a sign that folds to nothing, which
    `_marked_row` tells unreadable anyway); a 0 or 'Không' typed in either column says No, as before."""
    says_nothing = {text: fold(text) == "" for text in parts.stack().dropna().astype(str).unique()}
    return np.logical_and.reduce(
        [parts[column].map(lambda cell: pd.isna(cell) or says_nothing[str(cell)]).to_numpy(bool) for column in parts]
    )


def marked_twice(
    data: pd.DataFrame,
    split: tuple[int, int] | None,
    marks: dict[int, tuple[str, list[int]]],
    matched: dict[int, str],
) -> dict[str, dict[int, str]]:
    """`RawSheet.marked_twice`: the gender of a date or mark by sex, and each yes/no over a Yes and a No
    column, where a row marks both (`marks_its_column`): told as such, quoting the cells; the date
    '30/06/1975' in both was quoted as '30/06/1975/30/06/1975' and the gender told missing, an x in
    'Đạt' and 'Chưa đạt' as 'Có | Không'."""
    pairs = [("gender", list(split))] if split else []
    pairs += [
        (matched[first], columns) for first, (how, columns) in marks.items() if how in ("yes-no", "no-yes", "choice")
    ]
    found = {}
    for name, columns in pairs:
        cells = data[columns]
        both = np.add.reduce([marks_its_column(cells[column]) for column in columns]) >= 2  # two of them or more
        if both.any():  # quoted in one step: an export may write a date under both for every cadre
            quoted = joined_cells(cells.loc[both], " | ")
            found[name] = dict(zip(quoted.index.astype(int), quoted.astype(str), strict=True))
    return found


def gender_by_column(men: pd.Series, women: pd.Series) -> pd.Series:
    """'Nam' where only the men's column marks the cadre, 'Nữ' where only the women's does; blank where
    both or neither does (neither: the gender is missing, an error; both: told as marked twice,
    `marked_twice`). A mark is a date, an x, a 1: a cell saying No (0, 'Không') or a dash alone marks nothing,
    as forms fill the other sex's column ('1' | '0' was read as both, the gender missing)."""
    has_men, has_women = marks_its_column(men), marks_its_column(women)
    values = np.where(has_men & ~has_women, "Nam", np.where(has_women & ~has_men, "Nữ", None))
    return pd.Series(values, index=men.index, dtype="string[pyarrow]")


def marks_its_column(cells: pd.Series) -> np.ndarray:
    """Which cells mark their column: filled, and neither a No (boolean_of: 0, Không) nor a sign that
    folds to nothing ('-', '/'; a tick, '√', is a Yes)."""
    verdicts = {text: _marks(text) for text in cells.dropna().astype(str).unique()}
    return cells.map(lambda cell: False if pd.isna(cell) else verdicts[str(cell)]).to_numpy(dtype=bool)


def _marks(text: str) -> bool:
    """Whether a filled cell marks its column (`marks_its_column`, `_chosen_row`)."""
    return boolean_of(text) is True or (boolean_of(text) is None and fold(text) != "")


def joined_cells(cells: pd.DataFrame, separator: str) -> pd.Series:
    """Each row's non-blank cells joined ('Nguyễn Văn' + 'An'; 15 + 3 + 1980 as 15/3/1980); blank if all are.
    A dash alone is blank: forms put one in the part that does not apply (the other sex's column)."""
    parts = [pc.utf8_trim_whitespace(arrow_text(cells[column])) for column in cells.columns]
    parts = [pc.if_else(pc.match_substring_regex(part, DASH_ONLY), NULL_TEXT, part) for part in parts]
    # Arrow's 'skip' leaves out a row whose parts are all null (the result shorter than the frame: a
    # cadre's birth date blank in every part crashed the file): such a row's first part is made ''.
    all_blank = reduce(pc.and_, [pc.is_null(part) for part in parts])
    parts[0] = pc.if_else(all_blank, pa.scalar("", pa.large_string()), parts[0])
    joined = pc.binary_join_element_wise(*parts, pa.scalar(separator, pa.large_string()), null_handling="skip")
    return text_series(pc.if_else(pc.equal(joined, ""), NULL_TEXT, joined), cells.index)
