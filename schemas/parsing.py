"""Turn raw cell text into typed columns as contract §2 says, recording every cell that fails.

Dates: real Excel dates, `dd/mm/yyyy`, `d/m/yyyy`, `yyyy-mm-dd` (and Excel serial numbers).
Booleans: Có/Không, x/blank, 1/0, Đạt/Chưa đạt, a Yes noting which ('Có (số 123)'). Numbers: Excel
numbers or Vietnamese text (`27.309` = 27309, `66,42` = 66.42). A failed cell becomes null plus an
issue, so the rest of its column is still checked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cadres.text import (
    NULL_TEXT,
    arrow_text,
    clean_columns,
    digits_only,
    fold,
    per_distinct,
    text_series,
    without_spaces,
)
from schemas import codelists as cl
from schemas.amount_units import WORD_UNITS, amount_multiplier
from schemas.issues import excel_longer_than_a_cell, header_of, issues_frame
from schemas.noted_answers import noted_yes, says_only_which_or_when, yes_and_note
from schemas.sheets import SheetSpec

X_MARKS = {"x", "v", "dv", "dang vien", "chinh thuc", "du bi"}
"""Yes under the x/blank convention, where a blank is No: a party column marks its members ('ĐV', 'Chính
thức', 'Dự bị': a probationary member is a member) and leaves the others blank."""
TRUE_WORDS = {
    *("co", "1", "true", "dat", "yes", "y", "da cap", "co cap", "duoc cap", "dat chuan", "da dat chuan"),
    *X_MARKS,
}
FALSE_WORDS = {
    *("khong", "0", "false", "chua dat", "khong dat", "no", "n", "", "chua cap", "khong cap", "ko", "khong co"),
    *("chua dat chuan", "khong dat chuan", "chua duoc cap", "khong duoc cap", "quan chung"),
}
TICK_MARKS = {"√", "✓", "✔", "☑"}
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
MAX_INTEGER = 10**15
"""No count or amount in đồng comes near this; beyond it floats lose whole numbers."""
_VN_THOUSANDS = r"[+-]?\d{1,3}(?:\.\d{3})+"
_VN_DECIMAL = r"[+-]?\d{1,3}(?:\.\d{3})*,\d+|[+-]?\d+,\d+"
_EN_THOUSANDS = r"[+-]?\d{1,3}(?:,\d{3})+"
"""'500,000' and '27,309,000' typed by an English-locale user: thousands, not a decimal. Every number
of the standard is whole, so a comma before exactly three digits is never a Vietnamese decimal that
could be valid ('66,42' still reads 66.42, then fails the column's whole-number rule)."""


_ISO_DATE = r"^(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
_DMY_DATE = (
    r"^(?:(?i:ng[àa]y)\s+)?(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>(?:19|20)\d{2})"
    r"(?:\s+0{1,2}:00(?::00(?:\.0+)?)?)?$"
)
"""dd/mm/yyyy, with '.' or '-' too, after 'ngày' or not ('ngày 20/11/2024', as the worded form starts),
and a midnight time after it as an export writes a date cell ('02/09/1985 00:00:00'); another time of
day is not a date of the standard's."""
_MDY_DATE = _DMY_DATE.replace("(?P<d>", "(?P<first>").replace("(?P<m>", "(?P<d>").replace("(?P<first>", "(?P<m>")
"""mm/dd/yyyy: a file whose dates are all written month first (`dates_month_first`)."""
_SECOND_PAST_12 = r"^\s*\d{1,2}[/.-](?:1[3-9]|[23]\d)[/.-](?:19|20)\d{2}\b"
"""A cheap first look for a date whose second number passes 12 (`dates_month_first`)."""
MONTH_FIRST_MIN_DATES = 20
"""Dates written with slashes a file must hold before its order is judged month first: with this many
dates, a day-first file with every day up to 12 (all of them readable either way) does not happen."""
_WORDED_DATE = (
    r"(?i)^\s*(?:ng[àa]y\s+)?(?P<d>\d{1,2})\s+th[áa]ng\s+(?P<m>\d{1,2}),?\s+n[ăa]m\s+(?P<y>(?:19|20)\d{2})\s*\.?$"
)
"""The administrative form: 'ngày 15 tháng 01 năm 2025' (also '15 tháng 1 năm 2025', without accents)."""
_EXCEL_SERIAL = r"^\d{4,5}(?:\.0+)?$"
_SERIAL_RANGE = (3654, 73050)  # 1910-01-01 .. 2099-12-31
_PLAIN_NUMBER = r"^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$"
_CODE_WITH_NAME = r"^(\d{1,5})(?:\s*[-–:|]\s*|\s*\(\s*|\s+)\p{L}.*$"
"""A code and then its unit's name: '08 - Tuyên Quang', '02245: Xã Côn Lôn', '02245 (Xã Côn Lôn)', '02245 Xã
Côn Lôn'."""
_NAME_WITH_CODE = r"^\p{L}.*?\(\s*(\d{1,5})\s*\)(?:\s*[-–,;:|/].*)?\s*$"
"""A unit's name and then its code in brackets: 'Xã Côn Lôn (02245)', 'Xã Côn Lôn (02245) - Na Hang'. Both
patterns have Python twins that check the name (schemas/unit_facts.py, in `re`'s syntax); a test keeps
them seeing the same code."""

_LABELLED_NUMBER = (
    r"(?i)^\s*\(?\s*(?:(?:tc|ti[eê]u ch[ií])\s*(?:s[oố]\s*)?[.\-–]?\s*)?(\d{1,3})"
    r"(?:\s*[.)]|\s*(?:[-–:)]\s*|\.\s+)\pL.*)?\s*$"
)
"""A criterion's number after its label or before its name ('TC-14', '(15)', '3.', 'Tiêu chí 10.' as
lists number their rows); RE2, on cleaned (NFC) text. '18.1', an indicator's, is none."""
_STATED_AMOUNT = re.compile(
    r"\s*(?P<number>[+-]?\d[\d.,\s]*?)\s*(?P<unit>tỷ|ty|tỉ|ti|triệu|trieu|tr|nghìn|nghin|ngàn|ngan|ng(?=\.?\s*(?:đ|d)))?\.?\s*"
    r"(?P<currency>đồng|dong|đ|vnđ|vnd|d)?\.?\s*",
    re.IGNORECASE,
)
"""An amount with its unit in the cell: '27.309.000đ', '15.000.000 đồng', '27.309.000 VNĐ', '15 triệu',
'1,5 tỷ đồng' (or tỉ), '15 trđ', '500 nghìn', '500 ng.đ', '150 ngđ'; typed without diacritics, 'd' for
đ too ('150.000d', '150 ngd', '15 trd')."""
_SINGLE_SEPARATOR = r"^[+-]?\d+[.,]\d+$"
"""'27.309' or '1,25' in an amount column stated in triệu or tỷ: one decimal point, either way it is
typed (in nghìn đồng, '1.250' stays the Vietnamese 1,250)."""

# Parsing runs as Arrow kernels (RE2 patterns, casts) once per distinct cell text, and comes back to
# pandas once per column: a pandas string method costs a millisecond of fixed overhead per call, and
# small sheets (ThongTin, KhoaHoc) have many columns and few rows.


def _date_parts(arr: pa.Array, pattern: str) -> tuple[pa.Array, pa.Array]:
    """`yyyy-mm-dd` text from a pattern's y/m/d groups, and the day it names (to catch 30/02)."""
    found = pc.extract_regex(arr, pattern)
    year, month, day = (pc.struct_field(found, name) for name in ("y", "m", "d"))
    iso = pc.binary_join_element_wise(
        year, pc.utf8_lpad(month, 2, "0"), pc.utf8_lpad(day, 2, "0"), pa.scalar("-", pa.large_string())
    )
    return iso, pc.cast(day, pa.int64())


def _dates_arrow(arr: pa.Array, month_first: bool = False) -> pa.Array:
    """Distinct cell texts → timestamp[ns]; null where no accepted form reads as a real date."""
    readings, patterns = [], [_ISO_DATE, _MDY_DATE if month_first else _DMY_DATE]
    if pc.any(pc.match_substring(arr, "th", ignore_case=True)).as_py():  # 'tháng': the worded form's test
        patterns.append(_WORDED_DATE)  # is dear (Unicode classes, any case), its cells rare
    for pattern in patterns:
        iso, day = _date_parts(arr, pattern)
        parsed = pc.strptime(iso, format="%Y-%m-%d", unit="ns", error_is_null=True)
        real = pc.equal(pc.day(parsed), day)  # strptime rolls 2024-02-30 over into March
        readings.append(pc.if_else(real, parsed, pa.scalar(None, parsed.type)))
    serial = pc.cast(pc.if_else(pc.match_substring_regex(arr, _EXCEL_SERIAL), arr, NULL_TEXT), pa.float64())
    serial = pc.if_else(
        pc.and_(pc.greater_equal(serial, _SERIAL_RANGE[0]), pc.less_equal(serial, _SERIAL_RANGE[1])), serial, None
    )
    epoch_ns = EXCEL_EPOCH.value
    serial_ns = pc.add(pc.cast(pc.multiply(serial, 86_400 * 10**9), pa.int64()), epoch_ns)
    readings.append(pc.cast(serial_ns, pa.timestamp("ns")))
    return pc.coalesce(*readings)


def parse_dates(text: pd.Series, month_first: bool = False) -> pd.Series:
    """Parse each accepted date form; anything else (including years outside 1900–2099 and days a
    month does not have) is NaT. `month_first`: slashed dates are mm/dd/yyyy (`dates_month_first`)."""
    parsed = per_distinct(arrow_text(text), lambda arr: _dates_arrow(arr, month_first))
    return pd.Series(parsed.to_numpy(zero_copy_only=False), index=text.index, dtype="datetime64[ns]")


def dates_month_first(columns: list[pd.Series]) -> bool:
    """Whether a file writes its dates month first (a CSV saved on a computer set to US formats: '3/15/1980'),
    judged on all its date cells at once: no date whose first number passes 12, some whose second does
    (at least two, and a fifth of them), among at least MONTH_FIRST_MIN_DATES dates with slashes. Judged
    column by column, a sheet's other columns stayed day first and two typos turned a column of days
    up to 12; a real day-first file of this many dates has a day past 12 somewhere. Not where the file
    holds real date cells too (read as ISO text): a US file opened in Excel set to Vietnamese formats
    had its dates up to the 12th turned into date cells with day and month swapped, which no reading
    of the text mends (left as before: its dates past the 12th refused, so the province looks)."""
    texts = [pc.cast(arrow_text(column), pa.large_string()) for column in columns]
    if not texts:
        return False
    distinct = pa.concat_arrays([pc.unique(text) for text in texts])
    if not pc.any(pc.match_substring_regex(distinct, _SECOND_PAST_12)).as_py():
        return False  # the common case (real dates, day-first text): settled by one look at each text once
    if pc.any(pc.match_substring_regex(distinct, _ISO_DATE)).as_py():
        return False
    every = pa.concat_arrays(texts)
    found = pc.extract_regex(every, _DMY_DATE)  # the texts a reading either way could read
    first = pc.cast(pc.struct_field(found, "d"), pa.int64())
    second = pc.cast(pc.struct_field(found, "m"), pa.int64())
    dated = pc.sum(pc.is_valid(first)).as_py() or 0
    day_first = pc.sum(pc.and_(pc.greater(first, 12), pc.less_equal(second, 12))).as_py() or 0
    month_first = pc.sum(pc.and_(pc.greater(second, 12), pc.less_equal(first, 12))).as_py() or 0
    return dated >= MONTH_FIRST_MIN_DATES and day_first == 0 and month_first >= max(2, dated // 5)


def _numbers_arrow(arr: pa.Array) -> pa.Array:
    """Distinct cell texts → float64: Vietnamese separators read (`27.309`, `66,42`), English thousands
    too (`500,000`), else null."""
    compact = without_spaces(arr)
    no_dots = pc.replace_substring(compact, ".", "")
    thousands = pc.match_substring_regex(compact, f"^(?:{_VN_THOUSANDS})$")
    grouped_by_commas = pc.match_substring_regex(compact, f"^(?:{_EN_THOUSANDS})$")
    decimal = pc.match_substring_regex(compact, f"^(?:{_VN_DECIMAL})$")
    normalised = pc.if_else(
        thousands,
        no_dots,
        pc.if_else(
            grouped_by_commas,
            pc.replace_substring(compact, ",", ""),
            pc.if_else(decimal, pc.replace_substring(no_dots, ",", "."), compact),
        ),
    )
    plain = pc.match_substring_regex(normalised, _PLAIN_NUMBER)
    return pc.cast(pc.if_else(plain, normalised, NULL_TEXT), pa.float64())


def _numbers(text: pd.Series) -> np.ndarray:
    """float64 values, NaN where a cell is empty or unreadable."""
    return per_distinct(arrow_text(text), _numbers_arrow).to_numpy(zero_copy_only=False)


def parse_numbers(text: pd.Series) -> pd.Series:
    """Vietnamese or plain numbers to floats; anything else is NaN."""
    return pd.Series(pd.array(_numbers(text), dtype="Float64"), index=text.index)


def _numbers_in_units(arr: pa.Array) -> pa.Array:
    """Amounts in triệu or tỷ đồng: a single '.' or ',' is the decimal point ('27.309' triệu, as Excel
    writes the number 27.309, and '1,25'); several are thousands ('1.250.000')."""
    compact = without_spaces(arr)
    single = pc.fill_null(pc.match_substring_regex(compact, _SINGLE_SEPARATOR), False)
    decimal = pc.cast(pc.if_else(single, pc.replace_substring(compact, ",", "."), NULL_TEXT), pa.float64())
    return pc.if_else(single, decimal, _numbers_arrow(arr))


def without_label(text: pd.Series) -> pd.Series:
    """The number of a labelled cell ('TC1', 'TC 01', 'Tiêu chí số 1', '1 - Quy hoạch', 'Tiêu chí 1:
    Quy hoạch'); other cells as they are ('18.1', an indicator, is no criterion's number)."""
    return text_series(per_distinct(arrow_text(text), _unlabelled), text.index)


def _unlabelled(arr: pa.Array) -> pa.Array:
    return pc.replace_substring_regex(arr, _LABELLED_NUMBER, r"\1")


YEAR_WORD = r"(?i)^\s*năm\s+"
"""'Năm' before a year ('Năm 2024' names its year): no part of the number."""
DASH_ONLY = "^[-\u2013\u2014]+$"
"""A cell holding a dash alone: forms put one where a part does not apply (the other sex's column, a
source that gave nothing)."""
SOURCES_JOINED = " + "
"""How the reader shows an amount's sources as one value ('30000000 + 5000000'), for reports."""


@dataclass
class AmountSources:
    """An amount laid out over its sources ('Kinh phí' over 'NSTW' | 'NSĐP'), as the reader found it:
    each source's cells (a column each, in order; index: Excel rows), the sources' Excel columns where
    known, and per source the rows whose cell holds text (`RawSheet.text_cells`), where known."""

    cells: pd.DataFrame
    excel_columns: list[int] | None = None
    text_rows: list[frozenset[int]] | None = None


def sum_of_sources(sources: AmountSources, multiplier: int) -> tuple[pd.Series, pd.Series, pd.Series]:
    """An amount as the sum of its sources, each read as a cell of the amount is (`parse_integers`: the
    amount's unit, a unit the cell states, typed as text or not, this source's cell alone), a blank
    source counting nothing; the rows where a source is no whole amount or is negative: unreadable
    (told, quoting every source), never a partial sum; and the Excel column of the first such source,
    where known (the annotated copy marks that cell: it marked the first source, often a valid one)."""
    cells = clean_columns(sources.cells)
    total = pd.Series(pd.NA, index=sources.cells.index, dtype="Int64")
    unreadable = pd.Series(False, index=sources.cells.index)
    culprit = pd.Series(pd.NA, index=sources.cells.index, dtype="Int64")
    for position, column in enumerate(sources.cells.columns):
        text = cells[column].mask(cells[column].str.fullmatch(DASH_ONLY).fillna(False))  # '-': nothing from it
        as_text = None if sources.text_rows is None else text.index.isin(list(sources.text_rows[position]))
        values, bad = parse_integers(text, multiplier, amount=True, as_text=as_text)
        wrong = bad | (values < 0).fillna(False)
        if sources.excel_columns is not None:
            culprit = culprit.mask(wrong & ~unreadable, sources.excel_columns[position])
        unreadable |= wrong
        total = total.where(values.isna(), total.fillna(0) + values)
    return total.mask(unreadable), unreadable, culprit


def parse_integers(
    text: pd.Series, multiplier: int = 1, amount: bool = False, as_text: np.ndarray | None = None
) -> tuple[pd.Series, pd.Series]:
    """Integers (each cell times `multiplier`, an amount's unit) and a mask of cells that are present
    but not whole numbers. `amount`: a cell may state its own unit ('27.309.000đ', '15 triệu'), which
    it is read in instead of the header's. `as_text`: which cells were typed as text, where known."""
    if multiplier < 10**6:  # đồng, nghìn đồng: '1.250' is a thousand and more, as everywhere
        values = _numbers(text)
    else:  # triệu, tỷ: a number cell 27.309 comes as the text '27.309', a decimal point
        values = per_distinct(arrow_text(text), _numbers_in_units).to_numpy(zero_copy_only=False)
        if as_text is not None and as_text.any():  # typed text the Vietnamese way: '1.500' is fifteen
            dotted = as_text & text.str.contains(".", regex=False).fillna(False).to_numpy(bool)  # hundred,
            values = np.where(dotted, _numbers(text), values)  # '1,500' one and a half (as it was)
    numbers = values if multiplier == 1 else np.round(values * multiplier, 3)  # float noise off: whole đồng
    if amount:
        stated = per_distinct(arrow_text(text), _stated_amounts).to_numpy(zero_copy_only=False)
        numbers = np.where(np.isnan(stated), numbers, np.round(stated, 3))
    with np.errstate(invalid="ignore"):
        whole = ~np.isnan(numbers) & (numbers == np.round(numbers)) & (np.abs(numbers) < MAX_INTEGER)
    integers = pd.arrays.IntegerArray(np.where(whole, numbers, 0).astype("int64"), ~whole)
    return pd.Series(integers, index=text.index), text.notna() & ~whole


def _stated_amounts(arr: pa.Array) -> pa.Array:
    """Distinct cell texts → đồng, for cells that state their unit ('27.309.000đ', '15.000.000 đồng',
    '15 triệu', '1,5 tỷ đồng'); null for the others (bare numbers, read in the header's unit). Only
    cells holding a letter are looked at in Python: a column holds a few."""
    worded = pc.fill_null(pc.match_substring_regex(arr, r"\pL"), False).to_pylist()
    return pa.array(
        [
            _stated_amount(cell) if has_letter else None
            for cell, has_letter in zip(arr.to_pylist(), worded, strict=True)
        ],
        pa.float64(),
    )


def _stated_amount(cell: str) -> float | None:
    found = _STATED_AMOUNT.fullmatch(cell)
    if found is None or not (found["unit"] or found["currency"]):
        return None
    unit = WORD_UNITS.get(fold(found["unit"] or ""), 1)  # typed by hand: '1.500 triệu' is 1,500 of them
    typed_as = found["number"]  # '1,5 tỷ' and '1,500 triệu' are decimals, '1.500 triệu' fifteen hundred
    reader = _numbers_in_units if unit >= 10**6 and "." not in typed_as else _numbers_arrow
    number = reader(pa.array([typed_as], pa.large_string()))[0].as_py()
    return None if number is None else number * unit


def boolean_of(cell: str) -> bool | None:
    """One distinct cell text read as Yes / No, or None when it is neither: a word, a mark, or a Yes with a
    note saying only which or when (schemas/noted_answers.py)."""
    answer = answer_word_of(cell)
    return answer if answer is not None else noted_yes(cell)


def answer_word_of(cell: str) -> bool | None:
    """A cell (or a sub-header) read as Yes / No by its words or mark alone, a note making it neither: a
    sub-header's note names what the sub-column holds ('Đạt chuẩn (2023)' | 'Đạt chuẩn (2024)')."""
    if cell in TICK_MARKS:
        return True
    folded = fold(cell)
    if folded in TRUE_WORDS:
        return True
    return False if folded in FALSE_WORDS and folded else None  # '' here is a mark, not a blank


_UNSURE = re.compile(r"[?？]")
"""A question mark in a yes/no cell: a clerk unsure ('Có?', 'Đạt (?)'), folding dropped it and the cell read
as its word. Only a column's own cells: a sub-header's or a mark's ('Có?' | 'Không?', a template's
prompt) are read as before."""


def _is_a_mark(cell: str) -> bool:
    """An x-convention mark (`X_MARKS`, a tick), alone or with a note that leaves it a Yes ('ĐV (dự bị)')."""
    if cell in TICK_MARKS or fold(cell) in X_MARKS:
        return True
    parts = yes_and_note(cell)
    return parts is not None and fold(parts[0]) in X_MARKS and says_only_which_or_when(*parts)


def parse_booleans(text: pd.Series, required: bool = False) -> tuple[pd.Series, pd.Series]:
    """Booleans and a mask of unreadable cells. A blank is No under the `x`/blank convention, i.e. in an
    optional column or in a required one that marks Yes with `x` or a tick somewhere; in a required
    column that answers in words or numbers (Có/Không, 1/0, Đạt/Chưa đạt), or nowhere at all, a blank
    is a missing answer (null, for the required rule to report), not a No nobody gave. A tick (`√`,
    `✓`) is the `x` of many provincial forms; other marks (`-`, `?`) fold to nothing but are not blank,
    so they are unreadable rather than read as No. Read once per distinct text: a column holds a
    handful of them, and pandas' `isin` over text costs a millisecond per column and call."""
    cells = arrow_text(text)
    encoded = pc.dictionary_encode(cells)
    distinct = encoded.dictionary.to_pylist()
    read_as = [None if _UNSURE.search(cell) else boolean_of(cell) for cell in distinct]
    dated = _dated(distinct, read_as)  # 'Đảng viên' answered by the date of admission: a date is a Yes
    verdicts = pa.array([True if date else verdict for verdict, date in zip(read_as, dated, strict=True)], pa.bool_())
    read = pc.take(verdicts, encoded.indices)
    unreadable = pc.and_(pc.is_valid(cells), pc.is_null(read))
    # A column (a national sheet: many communes) where someone marks with x, or a date, keeps blank = No
    # for everyone.
    marks = any(_is_a_mark(cell) for cell in distinct) or any(dated)
    blank = pa.scalar(None, pa.bool_()) if required and not marks else False
    values = pc.if_else(pc.is_null(cells), blank, read)
    as_pandas = values.to_pandas(types_mapper={pa.bool_(): pd.BooleanDtype()}.get).set_axis(text.index)
    return as_pandas, pd.Series(unreadable.to_numpy(zero_copy_only=False), index=text.index)


_DIGITS = re.compile(r"(?:\d\D*){6}")
_NONE_WRITTEN = frozenset({"khong", "khong co"})
"""Folded words saying an optional value is none ('Không', 'Không có'), as a blank does."""


def _says_none(text: pd.Series) -> pd.Series:
    """Cells of an optional number or code saying there is none: a dash alone, 'Không': the course and
    its attendance were held for a budget '-', a cadre for a programme 'Không' (blank: a regular one)."""
    arr = arrow_text(text)
    short = pc.unique(arr.filter(pc.less_equal(pc.utf8_length(arr), 8))).to_pylist()  # 'Không có', a dash
    none = [word for word in short if fold(word) in _NONE_WRITTEN or re.fullmatch(DASH_ONLY, word)]
    if not none:  # the common case: settled by a look at the column's few short texts
        return pd.Series(False, index=text.index)
    return pd.Series(pc.is_in(arr, pa.array(none, arr.type)).to_numpy(zero_copy_only=False), index=text.index)


def _dated(distinct: list[str], read_as: list[bool | None]) -> list[bool]:
    """Which of a yes/no column's distinct texts, none a yes or a no, is a date written out (not a bare
    number: an Excel serial in a yes/no column is no date anyone meant)."""
    undecided = [  # a date has six digits at least: other texts ('?', 'abc') need no look at all
        cell for cell, verdict in zip(distinct, read_as, strict=True) if verdict is None and _DIGITS.search(cell)
    ]
    if not undecided:
        return [False] * len(distinct)
    texts = pa.array(undecided, pa.large_string())
    dates = pc.if_else(
        pc.match_substring_regex(texts, _EXCEL_SERIAL), pa.scalar(None, pa.timestamp("ns")), _dates_arrow(texts)
    )
    found = {cell for cell, date in zip(undecided, dates.to_pylist(), strict=True) if date is not None}
    return [cell in found for cell in distinct]


def _without_trailing_zero(arr: pa.Array) -> pa.Array:
    return pc.replace_substring_regex(arr, r"\.0+$", "")


def _zero_padded(digits: pa.Array, where: pa.Array, width: int) -> pa.Array:
    return pc.if_else(pc.fill_null(where, False), pc.utf8_lpad(digits, width, "0"), digits)


def pad_code(text: pd.Series, width: int, named: bool = False) -> pd.Series:
    """Codes typed as numbers lose leading zeros ('2488' → '02488'); `2488.0` too. `named`: a unit's
    code (province, commune) may be followed by the unit's name, as lists and dropdowns show them ('08 -
    Tuyên Quang', '02245 (Xã Côn Lôn)'): the code is the column's value. Not an ethnic group's: '04 -
    Hoa' from the 1979 list is checked whole, not read as 04 (Mường in the 2008 list)."""

    def padded(arr: pa.Array) -> pa.Array:
        if named and not digits_only(arr):  # codes alone, the common case: no name to take off
            arr = pc.replace_substring_regex(arr, _CODE_WITH_NAME, r"\1")
            arr = pc.replace_substring_regex(arr, _NAME_WITH_CODE, r"\1")
        digits = _without_trailing_zero(arr)
        return _zero_padded(digits, pc.match_substring_regex(digits, rf"^\d{{1,{width - 1}}}$"), width)

    return text_series(per_distinct(arrow_text(text), padded), text.index)


def course_codes(text: pd.Series) -> pd.Series:
    """Course codes as compared across sheets: upper-cased, without spaces ('kh 01' = 'KH01'), and a
    code of digits only without its leading zeros ('01' typed as text in KhoaHoc, 1 as a number in
    HocVien: the attendance was 'of an unknown course'), nor the '.0' of a CSV written from a float column."""
    codes = pc.replace_substring_regex(without_spaces(pc.utf8_upper(arrow_text(text))), r"^(\d+)\.0+$", r"\1")
    return text_series(pc.replace_substring_regex(codes, r"^0+(\d+)$", r"\1"), text.index)


_ID_IN_GROUPS = r"^(\d{1,3})[.\-–](\d{3})[.\-–](\d{3})[.\-–](\d{3})$"
"""An ID typed in groups of three with dots or dashes ('008.185.000.456'), as with spaces."""


def parse_national_ids(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """IDs typed as numbers lose one or two leading zeros: restore them and flag the cell. Spaces, or dots
    and dashes between groups of three digits, are no part of an ID (a HocVien row so typed was 'not in
    CanBo', a CanBo row of a wrong format)."""
    digits = pc.replace_substring_regex(without_spaces(arrow_text(text)), _ID_IN_GROUPS, r"\1\2\3\4")
    digits = _without_trailing_zero(digits)
    short = pc.fill_null(pc.match_substring_regex(digits, r"^[1-9]\d{9,10}$"), False)
    ids = text_series(_zero_padded(digits, short, 12), text.index)
    return ids, pd.Series(short.to_numpy(zero_copy_only=False), index=text.index)


def parse_sheet(
    raw: pd.DataFrame,
    spec: SheetSpec,
    headers: dict[str, str],
    ethnicity_code_list: str = "2008",
    formula_errors: Mapping[str, list[int]] | None = None,
    text_cells: Mapping[str, frozenset[int]] | None = None,
    units: Mapping[str, str | None] | None = None,
    month_first: frozenset[str] = frozenset(),
    sources: Mapping[str, AmountSources] | None = None,
    uncalculated: Mapping[str, list[int]] | None = None,
    report_year: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Typed frame (same index = Excel rows) and the issues of cells that could not be read.
    `formula_errors`: field → rows whose cell shows a formula's error (#N/A): reported, and read as
    blank (the text '#N/A' is no name and no code). `text_cells`: field → rows whose cell is text, not a
    number, where the reader could tell (an amount in triệu or tỷ). `units`: field → the text an
    amount's unit is read from where it is not its header alone (`RawSheet.amount_unit`). `month_first`:
    the date fields written mm/dd/yyyy (`dates_month_first`). `sources`: amounts laid out over their
    sources, summed (`sum_of_sources`; their text is the sources joined, for reports). `uncalculated`:
    field → rows whose cell is a formula without its stored result (`RawSheet.uncalculated`): reported,
    and read as blank, as a formula's error is. `report_year`: the posts' abbreviations are the year's
    (`cl.read_posts`)."""
    typed: dict[str, pd.Series] = {}
    problems: list[pd.DataFrame] = []

    def flag(
        rule: str,
        name: str,
        mask: pd.Series,
        values: pd.Series,
        columns: pd.Series | None = None,
        details: pd.Series | None = None,
    ) -> None:
        """`columns`: the Excel column of the cell at fault, where it is not the field's own (a source)."""
        if mask.any():
            problems.append(
                pd.DataFrame(
                    {
                        "rule": rule,
                        "sheet": spec.name,
                        "row": mask.index[mask],
                        "field": name,
                        "header": headers.get(name, header_of(spec, None, name)),
                        "value": values[mask].astype("string[pyarrow]"),
                        **({"column": columns[mask].astype("Int64")} if columns is not None else {}),
                        **({"detail": details[mask].astype("string[pyarrow]")} if details is not None else {}),
                    }
                )
            )

    cleaned = clean_columns(raw[[name for name in spec.fields if name in raw]])
    for name, column in spec.fields.items():
        meta = column.metadata or {}
        kind = meta.get("kind", "text")
        text = cleaned[name] if name in cleaned else pd.Series(pd.NA, index=raw.index, dtype="string[pyarrow]")
        if (too_long := _longer_than_a_cell(text)) is not None:
            flag("CELL.TOO_LONG", name, too_long, text)  # quoted by its start (schemas.issues)
            text = text.mask(too_long)
        if formula_errors and name in formula_errors:
            shows_error = pd.Series(raw.index.isin(formula_errors[name]), index=raw.index)
            flag("CELL.FORMULA_ERROR", name, shows_error, text)
            text = text.mask(shows_error)
        if uncalculated and name in uncalculated:
            no_result = pd.Series(raw.index.isin(uncalculated[name]), index=raw.index)
            flag("CELL.FORMULA_UNCALCULATED", name, no_result, text)
            text = text.mask(no_result)
        if column.nullable and kind in ("int", "code") and name not in (sources or {}):
            text = text.mask(_says_none(text))  # a budget or a programme of '-' or 'Không': none, as blank
        if kind == "date":
            typed[name] = parse_dates(text, name in month_first)
            flag("CELL.DATE_INVALID", name, text.notna() & typed[name].isna(), text)
        elif kind == "int":
            multiplier = amount_multiplier((units or headers).get(name)) if meta.get("amount") else 1
            culprit = None
            if sources and name in sources:
                typed[name], bad, culprit = sum_of_sources(sources[name], multiplier)
                typed[name] = typed[name].mask(text.isna())  # a source showing a formula's error, told above
            else:
                numbers = without_label(text) if meta.get("labelled") else text
                as_text = raw.index.isin(list(text_cells[name])) if text_cells and name in text_cells else None
                typed[name], bad = parse_integers(numbers, multiplier, amount=bool(meta.get("amount")), as_text=as_text)
            flag("CELL.NUMBER_INVALID", name, bad & text.notna(), text, culprit)
        elif kind == "bool" and column.nullable and name not in headers:  # no such column: not known, not No
            typed[name] = pd.Series(pd.NA, index=raw.index, dtype="boolean")
        elif kind == "bool":
            typed[name], bad = parse_booleans(text, required=not column.nullable)
            flag("CELL.BOOL_INVALID", name, bad, text)
        elif kind == "id":
            typed[name], padded = parse_national_ids(text)
            if spec.name == "CanBo":
                flag("CANBO.ID.PADDED", name, padded, text)
        elif kind == "code":
            typed[name] = cl.CODE_LISTS_BY_NAME[meta["codelist"]].match(text)
        elif kind == "ethnicity":
            codes = pad_code(text, 2)
            typed[name] = cl.match_ethnicity(codes, ethnicity_code_list)
            doubt = cl.bare_codes_in_doubt(codes, ethnicity_code_list)
            flag("CELL.ETHNIC_LIST_IN_DOUBT", name, doubt.notna(), text, details=doubt)
        elif kind == "position":
            typed[name], second = cl.read_posts(text, report_year)
            flag("CANBO.POSITION.TWO_POSTS", name, second.notna(), text, details="Không nạp: " + second)
        elif kind == "code2":
            typed[name] = pad_code(text, 2, named=True)
        elif kind == "code5":
            typed[name] = pad_code(text, 5, named=True)
        elif kind == "course":
            typed[name] = course_codes(text)
        else:
            typed[name] = text
    frame = pd.DataFrame(typed, index=raw.index)
    return frame, issues_frame(pd.concat(problems, ignore_index=True) if problems else None)


def _longer_than_a_cell(text: pd.Series) -> pd.Series | None:
    """Which cells hold more than an Excel cell can; None (most columns) when none does. A 5 MB name
    went on into every report that quoted it and into the warehouse."""
    longer = excel_longer_than_a_cell(text)
    return pd.Series(longer, index=text.index) if longer.any() else None
