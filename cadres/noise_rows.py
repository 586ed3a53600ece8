"""Tell a sheet's data rows from the rows around and between them that hold no cadre, course or commune.

Under a header, real sheets carry a column-numbering row, group headings ('I | Xã Côn Lôn', 'A | Công
chức'), the header repeated on each printed page, total rows, and a footer (a dated line, its signers'
titles and names), sometimes pasted inside the table with the block it closed. Each is found here by its
shape and its words, folded, and handed back with its Excel row so that the report can say what was left
out and the heading fill (schemas/heading_fill.py) can read the headings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cadres.header_row import code_lists_of
from cadres.text import arrow_text, fold, fold_series
from schemas.codelists import ethnicity_list, match_positions, positions
from schemas.heading_labels import ROMAN, ROMAN_FOLDED, STAFF_GROUP_START
from schemas.sheets import SheetSpec
from schemas.unit_kinds import COMMUNE_KINDS, DISTRICT_KINDS

FOOTER_MAX_CELLS = 3
"""A signature block fills few cells a row ('NGƯỜI LẬP BIỂU | CHỦ TỊCH'); a row filling more is data."""
TOTAL_ROW_LABELS = {"tong cong", "cong", "tong", "tong so"}
_TOTAL_OF = ("xa", "phuong", "thi tran", "thi xa", "dac khu", "toan", "cac", "huyen", "tinh", "thon", "to dan pho")
_LABELLED_TOTALS = tuple(f"{label} {unit}" for label in TOTAL_ROW_LABELS for unit in _TOTAL_OF)
_COUNTED_TOTAL = "^(?:" + "|".join(sorted(TOTAL_ROW_LABELS, key=len, reverse=True)) + r") \d"
"""'Cộng xã …', 'Tổng cộng toàn …', folded: a total label, then the word of what it totals."""
_NUMBERING_CELL = re.compile(r"^\(?\s*(?:\d{1,2}|[A-Z])\s*\)?(?:\s*[=+*/×x:-]\s*\(?\s*(?:\d{1,2}|[A-Z])\s*\)?)*$")
"""A numbering row's cell: '(1)', '2', 'A', or how the column is computed from others ('(10) = (11)+(12)')."""
_NUMBERING_TEXT = _NUMBERING_CELL.pattern  # the same, for Arrow
_TOTAL_LABEL_START = r"^[^\p{L}\p{N}]*[TtCc]"
_TOTAL_LETTER = "[TtCc]"
"""What every cell _TOTAL_LABEL_START matches holds; a first column of IDs or codes holds none."""
_GROUP_LABEL = re.compile(
    rf"^(?:(?:{ROMAN}|[A-Z])\s*[.)/:-]?(?:\s.*)?"
    rf"|(?:PHẦN|Phần|phần)\s+(?:(?:THỨ|Thứ|thứ)\s+\S.*|(?:{ROMAN}|{ROMAN_FOLDED}|[A-Z]|\d{{1,2}})(?:[\s.)/:-].*)?))$"
)
"""A group heading's label: 'I', 'II.', 'A)', or 'I. Xã Côn Lôn' in one cell; a part of the list ('PHẦN II.
CÁN BỘ TĂNG CƯỜNG', 'PHẦN II.CÁN BỘ', 'Phần thứ hai: …'), read as a cadre before (held for its blanks),
and letting the last commune's block run on into the part's cadres (schemas/heading_fill.py)."""
_GROUP_NUMBER = re.compile(r"^\d{1,3}(?:\.0)?\s*[.)]?$")
"""A heading's Arabic number ('1', '2.'): a heading's only beside a unit's name ('1 | Xã Côn Lôn'), as alone it
is a cadre's STT. '2.0': a number of a CSV written from a float column."""
_UNIT_HEADING_WORDS = tuple(f"{kind} " for kind in (*COMMUNE_KINDS, *DISTRICT_KINDS))
"""A heading's first words, folded: a unit's kind ('Xã Côn Lôn'; not 'quận', see DISTRICT_KINDS)."""
_CLASS_HEADING_WORDS = ("lop ", "khoa ")
"""A class's heading in HocVien ('Lớp: Bồi dưỡng …', 'Khóa học …'); elsewhere a course so named is a row."""
_STAFF_GROUP = re.compile(STAFF_GROUP_START)
"""A group of staff named in a cell, folded (schemas/heading_labels.py): no one's name starts so ('Tăng
Cường' may be one), so in CanBo a row of it alone or after an STT, where a name or an ID goes, is a
section's or a sub-group's heading (`staff_group_columns`). Read as a cadre (held for its blanks), it
let the last commune's block run on into the section's cadres. A post written there ('Công chức Tư pháp
- Hộ tịch') or a vacancy ('… (khuyết)', 'chưa bố trí') is a row, as is a vacant post in `Chức vụ` ('5 |
Người hoạt động không chuyên trách'), and one under the table's last data row is the footer's."""

_NO_GROUP = re.compile(r"\b(?:khuyet|chua bo tri|chua co nguoi|lap bieu)\b")
"""Folded, a post left vacant ('Công chức Địa chính (khuyết)', 'chưa bố trí'), a row, or a signer's title
('CÁN BỘ LẬP BIỂU', the footer's): words of a group of staff that head no group."""
_STAFF_GROUP_FIELDS = {"CanBo": frozenset({"full_name", "national_id"})}
"""Per sheet, the fields where a group of staff named is a heading (`_STAFF_GROUP`): where a person's name
or ID goes, as a section's title is typed there. Not a post's, a group's or a sending body's column, whose
values name groups ('Công chức', 'Khối Đảng huyện'); nor the STT or a note's column alone: a row with
nothing in the standard's columns is dropped as blank before."""


def _heading_start(words: tuple[str, ...]) -> re.Pattern:
    """A cell starting a heading, folded: its words, after an Arabic number in the same cell ('1. Xã Côn Lôn')
    or a commune's code ('02245 - Xã Côn Lôn')."""
    return re.compile(r"^(?:\d{1,5} )?(?:" + "|".join(words) + ")")


UNIT_HEADING_START = _heading_start(_UNIT_HEADING_WORDS)
UNIT_OR_CLASS_HEADING_START = _heading_start((*_UNIT_HEADING_WORDS, *_CLASS_HEADING_WORDS))
_DATE_AFTER_PLACE = re.compile(
    r"ngay\b(?! sinh\b)|thang (?:\d{1,2}|nam)\b|\d{1,2} (?:\d{1,2} \d{2,4}|thang (?:\d{1,2}|nam))\b"
)
"""How a footer's date starts after its place and a comma (`_PLACE_PARTS`), folded (punctuation gone):
'ngày 5 tháng 1 năm 2025', 'ngày …/…/2025' left to fill by hand, 'tháng 01 năm 2025', '05/01/2025', '05
tháng 01 năm 2025' (not 'tháng' alone: 'Thắng Quân' folds so; nor 'ngày sinh …', a birth date)."""
_PLACE_PARTS = re.compile(r"[,;]")
"""What stands between a dated line's place and its date: a comma or a semicolon. Not a dash: 'Xã Côn Lôn
- ngày 31/12/2024' heads its commune's rows (over the header repeated too, where a dated line after a
comma would be a pasted footer's)."""
_SIGNER_WORDS = re.compile(
    r"\b(?:nguoi lap|lap bieu|chu tich|bi thu|thu truong|giam doc|truong phong|xac nhan|ky ten|ky ghi ro|"
    r"ky va ghi|ky dong dau|dong dau)\b|^(?:tm|kt|tl|tuq) "
)
"""A signature block's first row, folded: a signer's title ('NGƯỜI LẬP BIỂU', 'CHỦ TỊCH UBND XÃ', 'TM. ỦY
BAN NHÂN DÂN', 'KT. CHỦ TỊCH') or the line under it ('(Ký, ghi rõ họ tên)')."""
_STT_NUMBER = re.compile(r"^\s*(?:\d{1,5}(?:[.,]\d{1,3})*|[A-Za-z])\s*[.)]?\s*$")
"""A row's first cell holding a number or a letter alone ('1', '1.1', '2.0', 'a)'): a cadre's STT or a
label, which no signature row has."""
_BEFORE_2010 = re.compile(r"\b(?:1[89]\d\d|200\d)\b")
"""A year no report is dated in: a cadre's birth year (the youngest born in 2007)."""
_DOCUMENT_DATE = re.compile(
    r"ngay (?:mung )?(?:\d|thang\b)|ngay$|thang (?:\d{1,2} )?(?:nam\b|\d{4}\b)|\d{1,2} thang \d{1,2}\b"
)
"""A document's date after its place, folded, read as data: 'ngày 5 tháng 1 năm 2025', 'ngày …/…/2025',
'ngày 05/01/2025', 'tháng 01 năm 2025', 'tháng … năm 2025', 'tháng 01/2025', '05 tháng 01 …'; not 'ngày
bổ nhiệm …' nor a bare '05/01/2021'
(a cadre typed in one cell: 'Lò Văn Tư, 05/01/2001'). A unit's own dated line, read as a heading,
takes any date (`_DATE_AFTER_PLACE`)."""
_SIGNATURE_MAX_ROWS = 10
"""A signature block's rows under its dated line: titles ('NGƯỜI LẬP BIỂU | TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ
TỊCH', 'PHÓ CHỦ TỊCH'), '(Ký tên, đóng dấu)', names, another office's confirmation and its signer. A
longer run of sparse rows is a block's half-filled cadres, held for their blanks."""
_LABEL_FIRST = re.compile(r"^(?:[ivxlcdm]+|[a-z])\s+")
"""A heading's label before its name in one cell, folded ('ii xa trung mon', 'a phuong minh xuan')."""
_PLACE_MAX_WORDS = 8
"""A dated line's place, folded: 'uy ban nhan dan xa con lon' is seven words; a note dated after a comma
('Đ/c … chuyển công tác từ xã Trung Môn về, ngày …') is longer."""
_UNIT_FIRST = re.compile("^(?:" + "|".join(_UNIT_HEADING_WORDS) + ")")
"""A cell starting with a unit's kind itself, folded: no number or code before it, as a footer's place."""
_CODE_FIRST = re.compile(r"\s*\d{4,5}\b")
"""A cell starting with a commune's code ('02245 - Xã Côn Lôn')."""
_DATA_VALUE = re.compile(r"\d[\d./-]{3,}")
"""A cell a signature block never holds alone: an ID, a code or a date ('008185000456', '02245', '02/09/1985')."""
_SHORT_CODE = re.compile(r"[A-Za-z]{1,6}[-_./]?\d+(?:[-_./]\d+)*")
"""A code of letters then digits, no space ('KH03', 'BD-2024-01'): a course's key, never a signature."""


def _first_filled(frame: pd.DataFrame) -> pd.Series:
    """Each row's leftmost non-empty cell, column by column (a row-wise bfill transposes the frame: slow)."""
    first = frame.iloc[:, 0]
    for column in frame.columns[1:]:
        if not first.isna().any():
            break
        first = first.fillna(frame[column])
    return first


def drop_noise_rows(
    body: pd.DataFrame,
    fields: list[int],
    header_cells: tuple,
    covered: np.ndarray | None = None,
    listed: Mapping[int, Mapping[str, str]] | None = None,
    heading_start: re.Pattern = UNIT_HEADING_START,
    group_columns: frozenset[int] = frozenset(),
    own_words: frozenset[int] = frozenset(),
) -> tuple[pd.DataFrame, list[tuple[int, str]], list[tuple[int, str]], list[tuple[int, str]]]:
    """Drop rows with nothing in the standard's columns, column-numbering rows, total rows, group
    headings, the header repeated, and the footer (under the table's last data row, and a pasted
    block's inside it: `_pasted_footers`); numbering and total labels are looked for across the whole
    row (the label often sits in the STT column). `covered`: per row, the standard's blank cells a
    value merged down over them fills (they count as filled); `listed`: see _without_footer;
    `heading_start`: how a group heading's name starts (a unit's, or in HocVien a class's too);
    `group_columns`: where a group of staff named makes a heading (`_STAFF_GROUP`); `own_words`: where a
    unit's name is the row's own words (a note, a sending body: `ROWS_OWN_WORDS`). Returns the rows
    kept, the footer's rows, the headings and repeated headers, and the total rows (Excel row, the
    row's text), all reported."""
    own = filled_counts(body, fields)
    counts = own if covered is None else own + np.where(own > 0, covered, 0)  # a row of its own, merges shown
    outside: list[tuple[int, str]] = []
    if len(body) and not counts.all():
        outside = _headings_outside_fields(body, counts, fields, heading_start)
        body, counts = body.loc[counts > 0], counts[counts > 0]
    if len(body) and body.iloc[0].dropna().str.fullmatch(_NUMBERING_CELL).all():
        body, counts = body.iloc[1:], counts[1:]
    if not len(body):
        return body, [], [], []
    first = _first_filled(body)
    over_the_table = not any(_DATA_VALUE.fullmatch(str(cell).strip()) for cell in body.iloc[0].dropna())
    totals = _total_rows(first, counts, len(fields), over_the_table).to_numpy()
    total_rows = [(int(row), _row_text(body.loc[row])) for row in body.index[totals]]
    if totals.any():  # subtotal rows ('Cộng' under each commune) go wherever they are
        body, counts, first = body.loc[~totals], counts[~totals], first.loc[~totals]
    headings = sorted(
        outside + _headings(body, fields, counts, header_cells, first, heading_start, group_columns, own_words)
    )
    dated_headings = [(row, text) for row, text in headings if _a_unit_s_dated_line(text)]
    if headings:
        kept = ~body.index.isin([row for row, _ in headings])
        body, counts = body.loc[kept], counts[kept]
    ends = [row for row, text in headings if _ends_a_block(text, heading_start)] + [row for row, _ in total_rows]
    ends = np.sort(np.array(ends, dtype=int))
    dated = _pasted_footers(body, counts, fields, listed or {}, ends, dated_headings)
    if dated:
        footer_rows = {row for row, _ in dated}
        headings = [heading for heading in headings if heading[0] not in footer_rows]
        kept = ~body.index.isin(list(footer_rows))
        body, counts = body.loc[kept], counts[kept]
    body, footer = _without_footer(body, fields, counts, listed or {})
    return body, sorted(dated + footer), headings, total_rows


def _pasted_footers(
    body: pd.DataFrame,
    counts: np.ndarray,
    fields: list[int],
    listed: Mapping[int, Mapping[str, str]],
    ends: np.ndarray,
    dated_headings: list[tuple[int, str]],
) -> list[tuple[int, str]]:
    """A pasted block's footer inside the table. Blocks pasted one under the other keep each their
    footer, a dated line then signature rows ('NGƯỜI LẬP BIỂU | CHỦ TỊCH', '(Ký, ghi rõ họ tên)', the
    signers' names): read as cadres, each was held for a dozen blank fields, and the block's commune ran
    on through them into the next block's rows. Footer rows: a unit's dated line read as a heading
    (`dated_headings`, 'Xã Côn Lôn, ngày …': wherever it stands, as before), and a dated line read as
    data (`_dated_lines_alone`: 'Côn Lôn, ngày …', 'UBND xã Côn Lôn, ngày …') where the block ends under
    it, each with the signature rows under it (the first naming signers only, `_a_signer_s_row`; the
    others in its columns, `_SignatureWalk.under_its_signers`), where the block ends under those: the
    next commune's or class's heading, the header repeated or a total (`ends`, sorted Excel rows:
    `_ends_a_block`; under the table's last row the footer is `_without_footer`'s). Where the block's
    rows go on under a line read as data ('Danh sách bổ sung, ngày 10/01/2025' over more cadres, a
    class's 'Đợt 2, ngày …' among its attendees) or a sub-group's heading follows it, it stays a row of
    the block, as before
    (`_SignatureWalk`)."""
    lines = [(row, text, True) for row, text in dated_headings]
    lines += [(row, text, False) for row, text in _dated_lines_alone(body, counts, fields)]
    if not lines:
        return []
    rows = body.index.to_numpy()
    walk = _SignatureWalk(body, counts, fields, listed, ends)
    footer: dict[int, str] = {}
    taken: list[int] = []
    for line, text, as_heading in lines:
        start = end = int(np.searchsorted(rows, line, side="right"))
        ends_here = start < len(rows) and _ended_between(ends, line, rows[start])
        if not ends_here and walk.signs(start):
            end = walk.end_of_run(start)
            ends_here = end < len(rows) and walk.ended_above(end) and walk.under_its_signers(start, end)
        if ends_here or as_heading:
            footer[line] = text
        if ends_here:
            taken.extend(range(start, end))
    taken = sorted(set(taken))
    texts = [_row_text(row) for row in body.iloc[taken].itertuples(index=False)]
    footer.update(zip(rows[taken].astype(int).tolist(), texts, strict=True))
    return sorted(footer.items())


def _a_signer_s_row(cells: np.ndarray) -> bool:
    """A signature block's first row: every cell filled names a signer (`_SIGNER_WORDS`: 'NGƯỜI LẬP BIỂU |
    CHỦ TỊCH UBND XÃ', '(Ký, ghi rõ họ tên)', 'TM. ỦY BAN NHÂN DÂN'). A half-filled cadre's row naming a
    post or a sending body in a signer's words ('Lò Văn Tư | Phó Chủ tịch UBND', '… | Ban Giám đốc Sở
    Nội vụ') has the cadre's name beside them."""
    texts = [fold(cell) for cell in cells if not pd.isna(cell)]
    return bool(texts) and all(_SIGNER_WORDS.search(text) for text in texts)


class _SignatureWalk:
    """Runs of signature rows under dated lines, walked where a line's walk goes: each row looked at once,
    a few rows taken from the frame at a time (a row of Arrow text costs a millisecond alone), and each
    run walked once however many lines share it (`_stops`). A sheet of 18,000 attendees under a dated
    line stops at its first attendee; 3,000 pasted blocks cost one pass."""

    _WINDOW = 32

    def __init__(
        self,
        body: pd.DataFrame,
        counts: np.ndarray,
        fields: list[int],
        listed: Mapping[int, Mapping[str, str]],
        ends: np.ndarray,
    ) -> None:
        self.body, self.counts, self.listed, self.ends = body, counts, listed, ends
        self.rows = body.index.to_numpy()
        self.fields = [(body.columns.get_loc(column), column) for column in fields]
        self._cells: dict[int, np.ndarray] = {}
        self._signature: dict[int, bool] = {}
        self._stops: dict[int, int] = {}  # a position a walk passed → where that walk stopped

    def cells(self, position: int) -> np.ndarray:
        if position not in self._cells:
            window = self.body.iloc[position : position + self._WINDOW].to_numpy(dtype=object)
            for offset, values in enumerate(window):
                self._cells.setdefault(position + offset, values)
        return self._cells[position]

    def is_signature(self, position: int) -> bool:
        """A signature block's row: a few of the standard's columns filled, none holding an ID, a code, a
        date or a value of its code list (`_holds_data`), and no number or letter first (a cadre's
        STT: '1 | Đặng Văn Phúc | Công chức Tư pháp - Hộ tịch', '1.1', 'a)')."""
        if position not in self._signature:
            cells = self.cells(position)
            filled = [cell for cell in cells if not pd.isna(cell)]
            self._signature[position] = (
                self.counts[position] <= FOOTER_MAX_CELLS
                and not (filled and _STT_NUMBER.match(str(filled[0])))
                and not _holds_data(((column, cells[at]) for at, column in self.fields), self.listed)
            )
        return self._signature[position]

    def signs(self, position: int) -> bool:
        """Whether a signature block starts at `position`: a signature row naming signers only."""
        return position < len(self.rows) and self.is_signature(position) and _a_signer_s_row(self.cells(position))

    def ended_above(self, position: int) -> bool:
        """Whether a heading, a total or the header repeated stands right above the row at `position`."""
        return _ended_between(self.ends, self.rows[position - 1], self.rows[position])

    def under_its_signers(self, start: int, end: int) -> bool:
        """Whether the run's rows are a signature block's: at most `_SIGNATURE_MAX_ROWS`, each filling only
        columns its first row fills (the signers' names under their titles, '(Ký, ghi rõ họ tên)' under
        the first). A half-filled cadre's name and post ('Lò Văn Tư | Công chức Địa chính') sit in
        `Họ và tên` and `Chức vụ`, where no title of the row above stands."""
        if end - start > _SIGNATURE_MAX_ROWS:
            return False
        titled = self._filled(start)
        return all(self._filled(position) <= titled for position in range(start + 1, end))

    def _filled(self, position: int) -> set[int]:
        return {at for at, cell in enumerate(self.cells(position)) if not pd.isna(cell)}

    def end_of_run(self, start: int) -> int:
        """The first position after `start` that is no signature row or has a block's end above it."""
        passed, position = [], start + 1
        while (
            position < len(self.rows)
            and position not in self._stops
            and self.is_signature(position)
            and not self.ended_above(position)
        ):
            passed.append(position)
            position += 1
        end = self._stops.get(position, position)
        self._stops.update(dict.fromkeys(passed, end))
        return end


def _ended_between(ends: np.ndarray, above: int, below: int) -> bool:
    """Whether a heading, a total or the header repeated (`ends`, sorted) stands between two rows read."""
    return bool(np.searchsorted(ends, below, side="left") > np.searchsorted(ends, above, side="right"))


def _ends_a_block(heading: str, heading_start: re.Pattern) -> bool:
    """Whether a row taken out as a heading ends a pasted block above it: the header repeated or its
    numbering (three cells or more), a unit's or a class's heading ('II | Xã Trung Môn', 'II. Xã Trung
    Môn', 'Lớp: …'). Not a sub-group's ('B | Công chức': the commune's block goes on through it, and its
    cadres with it)."""
    cells = heading.split(" | ")
    named = fold(cells[-1])
    return len(cells) >= 3 or any(heading_start.match(words) for words in (named, _LABEL_FIRST.sub("", named)))


def _dated_lines_alone(body: pd.DataFrame, counts: np.ndarray, fields: list[int]) -> list[tuple[int, str]]:
    """Rows read as data holding nothing but a place-and-date line, the place as an official document
    writes it ('Côn Lôn, ngày 5 tháng 1 năm 2025', 'UBND xã Côn Lôn, ngày …', 'Na Hang, ngày …'; a
    unit's own is read as a heading first: `_a_unit_s_dated_line`): a pasted block's footer where the
    block ends under it (`_pasted_footers`). Looked at in Python only where a row's one field filled
    holds a comma or a semicolon (`_PLACE_PARTS`)."""
    rows = body.loc[counts == 1]
    separated = np.zeros(len(rows), dtype=bool)
    for column in fields if len(rows) else ():
        separated |= _matches(rows[column], _PLACE_PARTS.pattern)
    rows = rows.loc[separated]  # a few rows: looked at cell by cell
    found = []
    for row, cells in zip(rows.index, rows.to_numpy(dtype=object), strict=True):
        filled = [str(cell).strip() for cell in cells if not pd.isna(cell)]
        if len(filled) == 1 and _a_dated_line(filled[0]):
            found.append((int(row), filled[0]))
    return found


def _a_dated_line(text: str) -> bool:
    """A place of a few words ('Côn Lôn', 'UBND xã Côn Lôn'), then after a comma or a semicolon its date
    as a document writes it (`_DOCUMENT_DATE`). Not a longer text (a note: 'Đ/c … chuyển công tác từ xã
    Trung Môn về, ngày …'), a class's heading ('Lớp …, ngày 12/3/2025': its attendees take its course),
    nor a date before 2010 (a cadre typed in one cell: 'Lò Văn Tư, ngày 05/01/1980')."""
    place = fold(_PLACE_PARTS.split(text, maxsplit=1)[0])
    return (
        0 < len(place.split()) <= _PLACE_MAX_WORDS
        and not place.startswith(_CLASS_HEADING_WORDS)
        and not _BEFORE_2010.search(text)
        and _a_date_after_a_place(text, _DOCUMENT_DATE)
    )


def _a_date_after_a_place(text: str, date: re.Pattern = _DATE_AFTER_PLACE) -> bool:
    """After a comma or a semicolon (`_PLACE_PARTS`; another part may come first: 'Xã Côn Lôn, huyện Na
    Hang, ngày …'), a part starting as a date does (`date`: any date a unit's dated line bears, or a
    document's, `_DOCUMENT_DATE`)."""
    return any(date.match(fold(part)) for part in _PLACE_PARTS.split(text)[1:])


def _a_unit_s_dated_line(text: str) -> bool:
    """A row read as a heading that is a footer's place-and-date line, the place a unit, of any length,
    and the date after a comma ('Xã Côn Lôn, ngày 5 tháng 1 năm 2025', 'Xã Côn Lôn - huyện Na Hang -
    tỉnh Tuyên Quang, ngày …'), alone in its row: a block pasted above the next keeps its footer, and as
    a heading naming its commune it filled that commune's code into the next block's rows (the header
    repeated may stand between a heading and its rows). Told as a footer's row wherever it stands, with
    the signature rows under it where the block ends under those (`_pasted_footers`); it fills nothing.
    A heading naming its date otherwise stays one: labelled or numbered ('I | Xã Côn Lôn, ngày
    31/12/2024', '1. Xã Côn Lôn, …', '02245 - Xã Côn Lôn, …': a footer never is), the date not after a
    comma ('Xã Côn Lôn (tính đến ngày 31/12/2024)', 'Xã Côn Lôn - ngày 31/12/2024': a dash is no
    place's separator), or a class's ('Lớp …, ngày 12/3/2025')."""
    return " | " not in text and bool(_UNIT_FIRST.match(fold(text))) and _a_date_after_a_place(text)


def _headings_outside_fields(
    body: pd.DataFrame, counts: np.ndarray, fields: list[int], heading_start: re.Pattern
) -> list[tuple[int, str]]:
    """Headings typed left of the table's first field, above its last data row: a heading merged across
    the table from its first cell keeps its text in the STT column ('II. Xã Trung Môn', 'Lớp: …'). Such
    rows fill none of the standard's columns and were dropped as blank rows, unreported, their commune
    or class filling nothing. A row filling none of them whose cells there read as a heading
    (`_is_heading`). Not a column right of the table or between its fields (a dropdown's list, a second
    table, a note: a review found their units read as headings, filling the wrong commune), nor a row
    under the last data row (the footer's 'Xã Côn Lôn, ngày …'). Candidates are found in Arrow first
    (a sheet of STT numbers prefilled down has thousands of such rows)."""
    data_like = np.flatnonzero(counts >= _half_of(fields))
    left = [column for column in body.columns if fields and column < min(fields)]
    if not len(data_like) or not left:
        return []
    empty = np.flatnonzero(counts[: data_like[-1]] == 0)
    cells = body[left].iloc[empty]
    first = _first_filled(cells)
    looked = _matches(first, _GROUP_LABEL.pattern) | _matches(fold_series(first), heading_start.pattern)
    if len(left) > 1:  # '2 | Xã Trung Môn' across two columns left of the table
        looked |= _matches(first, _GROUP_NUMBER.pattern)
    found = []
    for position, row in zip(empty[looked], cells.iloc[np.flatnonzero(looked)].to_numpy(dtype=object), strict=True):
        texts = [str(cell).strip() for cell in row if not pd.isna(cell)]
        if _is_heading(texts, heading_start):
            found.append((int(body.index[position]), " | ".join(texts)))
    return found


def first_filled_columns(rows: pd.DataFrame, starts_at: int) -> dict[int, int]:
    """Each row's first filled cell's Excel column (`RawSheet.row_starts`), found for all rows at once (a
    national sheet's subtotal rows are hundreds)."""
    filled = rows.notna().to_numpy(bool)
    first = filled.argmax(axis=1)
    columns = rows.columns.to_numpy()
    return {
        int(row): int(columns[at]) + starts_at
        for row, at, any_ in zip(rows.index, first, filled.any(axis=1), strict=True)
        if any_
    }


def _row_text(row: Iterable[object]) -> str:
    """A row's filled cells as the report quotes a row that is not data: 'Cộng | 12 | 3'."""
    return " | ".join(str(cell).strip() for cell in row if not pd.isna(cell))


def _half_of(fields: list[int]) -> int:
    """How many of the standard's columns a row fills to count as data: half of them, two at least (a
    footer's or a heading's row fills fewer)."""
    return max(2, (len(fields) + 1) // 2)


def filled_counts(body: pd.DataFrame, fields: list[int]) -> np.ndarray:
    """How many of the standard's columns each row fills (column by column: pandas' row-wise sum over a
    frame of Arrow text costs tens of milliseconds a national sheet)."""
    if not len(body) or not fields:
        return np.zeros(len(body), dtype=int)
    return np.sum([body[field].notna().to_numpy() for field in fields], axis=0)


def _headings(
    body: pd.DataFrame,
    fields: list[int],
    counts: np.ndarray,
    header_cells: tuple,
    first: pd.Series,
    heading_start: re.Pattern,
    group_columns: frozenset[int] = frozenset(),
    own_words: frozenset[int] = frozenset(),
) -> list[tuple[int, str]]:
    """Rows inside the table that are not data: a group heading ('I | Xã Côn Lôn', 'A. PHƯỜNG MINH
    XUÂN': at most two of the standard's columns filled, a Roman numeral or letter first or a unit's
    name, and no ID, code or date), and the header or its numbering row repeated (blocks of communes
    pasted one under the other), and in `group_columns` a group of staff alone or after an Arabic number
    ('2 | Cán bộ tăng cường'). A sparse row that is none of these stays, to be checked as data.
    Candidates are found column by column in Arrow (`first`: each row's first filled cell); only they
    are looked at in Python."""
    header = dict(zip(body.columns, header_cells, strict=True))
    named = [column for column in fields if isinstance(header.get(column), str)]
    enough = max(2, len(named) // 2)  # cells equal to the header's for a row to be the header again
    texts = pa.array([cell for cell in header_cells if isinstance(cell, str)], pa.large_string())
    as_header = pc.is_in(arrow_text(first), value_set=texts).to_numpy(zero_copy_only=False)  # its first cell
    numbered = np.ones(len(body), dtype=bool)
    for column in fields[:2]:  # a numbering row's first two fields: '(2)', '(3)'; data never both
        numbered &= _matches(body[column], _NUMBERING_TEXT)
    half = _half_of(fields)
    sparse = counts <= min(2, half - 1)  # under half, as a footer row
    data_like = np.flatnonzero(counts >= half)
    heading_rows = np.arange(len(body)) < (data_like[-1] if len(data_like) else 0)  # a heading heads rows
    staff = _staff_groups(body, sparse & heading_rows, group_columns, first)  # before `sparse` narrows
    if sparse.any():  # a heading's first cell is a label or a unit's name: looked at in the sparse rows only
        picked = first[sparse]
        numbered_only = _matches(picked, _GROUP_NUMBER.pattern)
        if numbered_only.any():  # a number heads a heading beside a unit's name only ('1 | Xã Côn Lôn'): looked
            rows = picked.index[numbered_only]  # for column by column, not row by row (a cadre's STT is one)
            beside = [  # not a note's words ('5 | Xã đang hoàn thiện hồ sơ': a criterion's row)
                _matches(fold_series(body.loc[rows, column]), heading_start.pattern)
                for column in body.columns
                if column not in own_words
            ]
            numbered_only[numbered_only] = np.any(beside, axis=0)
        sparse[sparse] = (
            numbered_only
            | _matches(picked, _GROUP_LABEL.pattern)
            | _matches(fold_series(picked), heading_start.pattern)
        )
    found = [(int(body.index[position]), text) for position, text in staff.items()]  # headings outright
    candidates = sparse | as_header | numbered
    candidates[list(staff)] = False
    positions = np.flatnonzero(candidates)
    at = {column: where for where, column in enumerate(body.columns)}
    # the candidates' cells at once: a row taken from a frame of Arrow text costs a millisecond
    for position, row in zip(positions, body.iloc[positions].to_numpy(dtype=object), strict=True):
        cells = [str(cell).strip() for cell in row if not pd.isna(cell)]
        same = sum(isinstance(row[at[column]], str) and row[at[column]] == header[column] for column in named)
        if (as_header[position] and same >= enough) or _is_heading(cells, heading_start) or _is_numbering(cells):
            found.append((int(body.index[position]), " | ".join(cells)))  # as _row_text quotes a row
    return sorted(found)


def _staff_groups(body: pd.DataFrame, sparse: np.ndarray, columns: frozenset[int], first: pd.Series) -> dict[int, str]:
    """The rows (position → the row's text) shaped as a heading (one cell in the whole row, or an Arabic
    number then one cell), one of `columns` naming a group of staff (`_STAFF_GROUP`) and no post: each a
    heading outright, none looked at row by row (a national sheet's communes have thousands). Looked for
    column by column in such rows only: a sheet of names with a note ('Cán bộ luân chuyển') has none."""
    columns = [column for column in body.columns if column in columns]
    if not columns or not sparse.any():
        return {}
    total = filled_counts(body, list(body.columns))
    shaped = sparse & (total <= 2)
    shaped[shaped] = (total[shaped] == 1) | _matches(first[shaped], _GROUP_NUMBER.pattern)
    named: dict[int, str] = {}
    positions = np.flatnonzero(shaped)
    for column in columns:
        cells = body[column].iloc[positions]
        hits = _matches(fold_series(cells), _STAFF_GROUP.pattern)
        for position, text in zip(positions[hits], cells[hits], strict=True):
            if not _NO_GROUP.search(fold(text)):
                named.setdefault(int(position), str(text).strip())
    if not named:
        return {}
    posts = match_positions(pd.Series(list(named.values()), dtype="string[pyarrow]"))
    listed = _posts_but_part_time()
    return {  # the row's text as _row_text quotes it: the STT, then the group
        position: text if total[position] == 1 else f"{str(first.iloc[position]).strip()} | {text}"
        for (position, text), post in zip(named.items(), posts, strict=True)
        if post not in listed
    }


@lru_cache(maxsize=1)
def _posts_but_part_time() -> frozenset[str]:
    """Every post of the list but part-time staff's, whose one post is named as their group ('Người hoạt
    động không chuyên trách': where a name goes, a sub-group's heading)."""
    return frozenset(post.name for post in positions() if post.staff_group != "Không chuyên trách")


def _matches(values: pd.Series, pattern: str) -> np.ndarray:
    return pc.fill_null(pc.match_substring_regex(arrow_text(values), pattern), False).to_numpy(zero_copy_only=False)


def _is_numbering(cells: list[str]) -> bool:
    """The header's numbering row repeated: '(1) | (2) | (3)'."""
    return len(cells) >= 3 and all(_NUMBERING_CELL.fullmatch(cell) for cell in cells)


def _is_heading(cells: list[str], heading_start: re.Pattern) -> bool:
    """A group heading's cells: a Roman numeral or letter ('I', 'II.', 'A') and/or a unit's name or a
    class's ('Lớp: …'), which an Arabic number may lead ('1 | Xã Côn Lôn'). A unit named after its code
    ('02245 - Xã Côn Lôn', a dropdown's form) beside an Arabic number is a cadre's row left unfilled
    but for its STT and commune: a heading only alone or beside a label."""
    if not cells or any(_DATA_VALUE.fullmatch(cell) for cell in cells):
        return False
    labelled = bool(_GROUP_LABEL.fullmatch(cells[0]))
    numbered = bool(_GROUP_NUMBER.fullmatch(cells[0]))
    named = [cell for cell in cells if heading_start.match(fold(cell))]
    coded = bool(named) and all(_CODE_FIRST.match(cell) for cell in named)
    return (labelled and len(cells) <= 2) or (
        bool(named) and len(cells) <= 2 and (labelled or (numbered and not coded) or len(cells) == 1)
    )


def _without_footer(
    body: pd.DataFrame, fields: list[int], counts: np.ndarray, listed: Mapping[int, Mapping[str, str]]
) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """The signature block and notes under the table ('Tuyên Quang, ngày …', 'NGƯỜI LẬP BIỂU', names):
    the rows after the last one that fills half the standard's columns (`counts`, merged values
    included), each filling at most three of them and holding no ID, code or date, nor a value of its
    column's code list (`listed`: column → its list's folded spellings; a signer's title is no ethnic
    group or course kind). They are dropped and handed back to be reported; a sparse row that holds
    one, or fills more (a last cadre whose ID is still to come), stays, to be checked as data, as
    sparse rows among the data do ('Lê Thị Hoa | Tày | Chủ tịch UBND' was set aside with a warning)."""
    half = _half_of(fields)
    if body.empty or counts[-1] >= half:  # the common case
        return body, []
    data_like = counts >= half
    if not data_like.any():
        return body, []
    last = int(data_like.nonzero()[0][-1])
    trailing = body.iloc[last + 1 :]
    rows = trailing[fields].itertuples(index=False)
    holds_data = [_holds_data(zip(fields, row, strict=True), listed) for row in rows]
    signature_like = counts[last + 1 :] <= FOOTER_MAX_CELLS
    footer = trailing.loc[[not data and short for data, short in zip(holds_data, signature_like, strict=True)]]
    texts = [" | ".join(str(cell) for cell in row if not pd.isna(cell)) for row in footer.itertuples(index=False)]
    return body.drop(index=footer.index), list(zip(footer.index.astype(int).tolist(), texts, strict=True))


def _holds_data(cells: Iterable[tuple[int, object]], listed: Mapping[int, Mapping[str, str]]) -> bool:
    """Whether a row's cells in the standard's columns ((column, value) pairs) hold a value a signature block
    never does (`_is_data_value`): read so under the table's last row and in a pasted block's footer."""
    return any(isinstance(cell, str) and _is_data_value(cell, listed.get(column, {})) for column, cell in cells)


def _is_data_value(cell: str, listed: Mapping[str, str]) -> bool:
    """A cell a signature block never holds: an ID, a code or a date, a course code ('KH03'), or a value
    of its column's code list."""
    text = cell.strip()
    return bool(_DATA_VALUE.fullmatch(text) or _SHORT_CODE.fullmatch(text)) or fold(text) in listed


def staff_group_columns(spec: SheetSpec, matched: Mapping[int, str]) -> frozenset[int]:
    """The columns where a group of staff named is a heading (`_STAFF_GROUP_FIELDS`)."""
    fields = _STAFF_GROUP_FIELDS.get(spec.name, frozenset())
    return frozenset(column for column, name in matched.items() if name in fields)


def listed_values(spec: SheetSpec, matched: Mapping[int, str]) -> dict[int, Mapping[str, str]]:
    """Column → the folded spellings of its field's code list (ethnic groups by any name), for the
    columns whose field has one; posts are left out: a signature block names its signers' posts."""
    listed: dict[int, Mapping[str, str]] = {}
    coded = code_lists_of(spec)
    for column, name in matched.items():
        if name in coded:
            listed[column] = coded[name]
        elif spec.kind(name) == "ethnicity":
            listed[column] = _ethnic_names()
    return listed


@lru_cache(maxsize=1)
def _ethnic_names() -> Mapping[str, str]:
    return ethnicity_list("names").lookup


def _total_rows(first_cells: pd.Series, counts: np.ndarray, width: int, over_the_table: bool) -> pd.Series:
    """Rows whose first filled cell is a total label ('Cộng'), or starts with one and names the unit it
    totals ('Cộng xã Côn Lôn', 'Tổng cộng toàn tỉnh', 'Tổng số các xã') in a row filling half the
    standard's columns at most ('Tổng số xã đạt | | 1 |' in a TieuChi of four: a commune with every
    criterion missing, before), or the table's first row whatever it fills where it holds no ID, code or
    date (`over_the_table`: 'Cộng toàn tỉnh' over the cadres, its counts in most columns; a first cadre
    named Tống Toàn Thắng in a table starting with the names holds an ID): a cadre named Tống, Tòng or
    Công (all 'tong'/'cong' once folded), a course 'Cộng đồng …', are not followed by a unit's word. Only
    cells whose first letter is T or C (every label folds to a word starting so) are folded: the others
    are numbers, IDs and names, all distinct."""
    arr = arrow_text(first_cells)
    totals = pd.Series(False, index=first_cells.index)
    if not pc.any(pc.match_substring_regex(arr, _TOTAL_LETTER)).as_py():
        return totals  # IDs, codes, numbers: the pattern naming Unicode letters costs more to compile than this
    candidates = pc.fill_null(pc.match_substring_regex(arr, _TOTAL_LABEL_START), False)
    if pc.any(candidates).as_py():
        picked = first_cells[candidates.to_numpy(zero_copy_only=False)]
        folded = fold_series(picked)
        labelled = folded.isin(list(_LABELLED_TOTALS)) | folded.str.startswith(tuple(f"{t} " for t in _LABELLED_TOTALS))
        labelled |= folded.str.match(_COUNTED_TOTAL)  # 'Tổng cộng: 14 người': a count, never in a name
        sparse = counts[candidates.to_numpy(zero_copy_only=False)] <= max(1, width // 2)
        sparse |= over_the_table & (picked.index == first_cells.index[0])  # filled like a row of data
        totals[picked.index] = (folded.isin(list(TOTAL_ROW_LABELS)) | (labelled & sparse)).to_numpy()
    return totals
