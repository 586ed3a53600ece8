"""Where a table's header is, and which column holds which field of the standard.

A province's header is the standard's as it types it: folded (case, diacritics, punctuation), with notes
in brackets, aliases and longer headers starting with a known one ('Mã xã/phường'); over one row or two
(a group 'Trình độ' over 'Chuyên môn' | 'Lý luận chính trị'); a field over sub-columns ('Họ và tên' over
'Họ' | 'Tên', 'Chức vụ' over 'Đảng ủy' | 'UBND') read as one value, split by sex, or asked about. The
reader (cadres.workbook) takes the header found here and reads the rows under it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import NamedTuple

import pandas as pd

from cadres.text import fold
from schemas.codelists import CODE_LISTS_BY_NAME
from schemas.parsing import answer_word_of
from schemas.sheets import SheetSpec

HEADER_SCAN_ROWS = 30
"""Rows a header is looked for in: a form's title lines, notes and a header of two rows fit in them."""
BREAKDOWN_WORDS = ("nu", "dtts", "dan toc thieu so", "trong do", "kiem nhiem", "cu", "nam truoc", "ky truoc")
"""Folded words of a column that details another: of them women, ethnic minorities, concurrent, former."""
GROUP_DETAILS = ("trong do", "ngay cap", "noi cap", "ngay het han", "co gia tri den")
"""Folded starts of sub-headers that detail a group's main column: 'Trong đó: Nữ' beside 'Số lượng', an ID
card's date and place of issue beside its number ('Căn cước công dân' over 'Số' | 'Ngày cấp')."""
SEX_COLUMNS = ["nam", "nu"]
"""Folded sub-headers of a birth date or a gender split by sex ('Nam' | 'Nữ'): which one is filled is
the gender."""
_BUDGET_SOURCE = re.compile(
    r"^(?:(?:cac nguon|nguon von|nguon|von|kinh phi|kp)\s+)?"
    r"(?:(?:ngan sach|ns)\s*(?:nha nuoc|nn|trung uong|tw|tu|dia phuong|dp|tinh|huyen|xa|cap (?:tinh|huyen|xa))"
    r"|nstw|nstu|nsdp|nsnn|trung uong|dia phuong|xhh|xa hoi hoa|khac|tai tro|vien tro|doanh nghiep|vay|hoc phi"
    r"|doi ung|long ghep|huy dong(?: khac)?|(?:nguoi hoc|hoc vien|nhan dan) dong gop)$"
)
"""A folded sub-header naming where money came from ('NSTW', 'Ngân sách địa phương', 'Xã hội hóa',
'Nguồn khác'): an amount over such sub-columns only is their sum (`group_reading`). 'Được duyệt' |
'Đã chi' name no source: those are no parts of one sum."""
_STATE_BUDGET = re.compile(r"\b(?:nha nuoc|nn|nsnn)$")
_BUDGET_LEVEL = re.compile(r"\b(?:trung uong|tw|tu|nstw|nstu|dia phuong|dp|nsdp|tinh|huyen|xa)$")
"""The state budget and its levels: 'NSNN' beside 'NSTW' | 'NSĐP' is their total, not a third source."""
_PARENTHESES = re.compile(r"\(.*?\)")


@lru_cache(maxsize=65_536)
def _header_keys(text: object) -> tuple[str, ...]:
    """Folded forms a header cell may match: as written first, then without parenthetical notes (the
    order matters where they name different things: 'Chứng chỉ (số)' names no field, a set's order
    changed from one run to the next). Cached: the same title and header texts come back in every
    sheet and every file."""
    full = fold(text)
    bare = fold(_PARENTHESES.sub(" ", str(text))) if text is not None else ""
    return tuple(dict.fromkeys(key for key in (full, bare) if key))


@lru_cache(maxsize=32)
def header_lookup(spec: SheetSpec, aliases: bool = True) -> dict[str, str | None]:
    """Folded header or alias → field name for one sheet; None for a header naming no field though it
    starts with one's (`not_headers`: 'Tiêu chí đạt'), which a header starting with it takes as its
    longest known start. Without `aliases`: only the header as the standard names it (or the field's
    own name), matched before any alias, so that an alias heading another column ('Tiêu chí' for the
    criterion's name, 'Hình thức' for the delivery mode) cannot take the field from the column under
    the standard's header."""
    lookup: dict[str, str | None] = {}
    for name, column in spec.fields.items():
        meta = column.metadata or {}
        for text in (meta.get("header"), *(meta.get("aliases", ()) if aliases else ()), name):
            for key in _header_keys(text):
                lookup.setdefault(key, name)
    for column in spec.fields.values():
        for text in (column.metadata or {}).get("not_headers", ()):
            for key in _header_keys(text):
                lookup.setdefault(key, None)
    return lookup


@lru_cache(maxsize=32)
def stand_in_lookup(spec: SheetSpec) -> dict[str, str]:
    """Folded header → the field it stands in for where no column is headed as the field: the field's
    `sub_headers` ('Xếp loại' for 'Kết quả': a grade is the outcome, Giỏi or Khá a course completed)."""
    return {
        key: name
        for name, column in spec.fields.items()
        for text in (column.metadata or {}).get("sub_headers", ())
        for key in _header_keys(text)
    }


def _stands_in(cell: object, field_name: str, stand_ins: Mapping[str, str]) -> bool:
    """Whether a header cell is one standing in for the field ('Xếp loại (Giỏi, Khá, TB)' alike)."""
    return not isinstance(cell, SubHeader) and any(stand_ins.get(key) == field_name for key in _header_keys(cell))


def _match_header_cells(
    cells: list[tuple[int, str]],
    lookup: dict[str, str],
    standard: dict[str, str],
    hidden: frozenset[int] = frozenset(),
    stand_ins: Mapping[str, str] | None = None,
) -> dict[int, str]:
    """Column → field for one candidate header row (its non-empty cells). Exact (folded) matches of the
    standard's headers first, then of aliases (several columns of one field: the alias listed first,
    then the leftmost); then a header that starts with a known one at a word
    boundary ('Mã xã/phường', 'Trình độ chuyên môn cao nhất') takes a field still unmatched, the longest
    known header winning. A `hidden` column matched where a visible one has the same header, or else
    where one visible column names the same field by another of its names, or by one and its
    alternative after a slash ('Mã xã/phường'), gives the field up to it: a stale 'Mã xã' left hidden
    beside the one the province sees was the one read, and so was a stale 'Chức vụ' hidden beside a
    'Chức danh'. A column only starting with the field's header takes nothing from a hidden one: it
    may be another thing ('Chức vụ Đảng', 'Chức vụ kiêm nhiệm', 'Mã xã trước sáp nhập'). Last, a field
    still unmatched takes the one column headed by what stands in for it (`stand_in_lookup`: a lone
    'Xếp loại' column was a missing 'Kết quả', the file rejected)."""
    matched: dict[int, str] = {}
    for exact in (standard, lookup):
        # two columns named by one field's aliases: the alias the field lists first takes it ('Số CCCD'
        # over a 'Số CMND' left of it, whose 9 digits held every cadre); the same alias, the leftmost
        order = {key: position for position, key in enumerate(exact)}
        named = []
        for idx, cell in cells:
            key = next((key for key in _header_keys(cell) if key in exact), None)
            if idx not in matched and key is not None and exact[key] is not None:
                named.append((order[key], idx, exact[key]))
        for _, idx, field_name in sorted(named):
            if field_name not in matched.values():
                matched[idx] = field_name
    headers = dict(cells)
    contested = set()
    for field_name, columns in _by_prefix([(idx, cell) for idx, cell in cells if idx not in matched], lookup).items():
        chosen = _prefix_choice(columns, headers)
        if chosen is not None and field_name not in matched.values():  # two ('Chức vụ Đảng' | 'Chức vụ chính
            matched[chosen] = field_name  # quyền') are ambiguous: neither is taken (see ambiguous_columns)
        elif chosen is None:
            contested.add(field_name)
    # a field two columns contest stays asked about: 'Xếp loại' beside 'Kết quả bồi dưỡng' | 'Kết quả
    # cuối khóa' would have settled it as the outcome, the 'Đang học' of the other column lost
    for field_name in sorted(set((stand_ins or {}).values()) - set(matched.values()) - contested):
        standing = [idx for idx, cell in cells if idx not in matched and _stands_in(cell, field_name, stand_ins)]
        if len(standing) == 1:
            matched[standing[0]] = field_name
    for idx in [idx for idx in matched if idx in hidden]:
        visible = [(i, cell) for i, cell in cells if i not in hidden and i not in matched]
        twin = next((i for i, cell in visible if fold(cell) == fold(headers[idx])), None)
        named_so = [
            i
            for i, cell in visible
            if field_of_header(cell, lookup) == matched[idx]
            or (  # 'Mã xã/phường'; never a group's sub-column ('Họ và tên / Bí danh' is no name)
                not isinstance(cell, SubHeader) and field_of_header(str(cell).split("/")[0], lookup) == matched[idx]
            )
        ]
        if twin is None and len(named_so) == 1:
            twin = named_so[0]
        if twin is not None:
            matched[twin] = matched.pop(idx)
    return matched


def fields_of_headers(spec: SheetSpec, headers: list[str]) -> dict[str, str]:
    """Header as written → the field the reader takes its column for, by the reader's own matching: for
    texts kept under the province's headers (a held row's raw values)."""
    lookup, standard = header_lookup(spec), header_lookup(spec, aliases=False)
    matched = _match_header_cells(list(enumerate(headers)), lookup, standard, stand_ins=stand_in_lookup(spec))
    return {headers[idx]: field_name for idx, field_name in matched.items()}


def _prefix_choice(columns: list[int], headers: Mapping[int, object]) -> int | None:
    """The column that is a field among those starting with its header: the only one, or the only one
    that does not detail another (`_is_breakdown`); None when that leaves several or none."""
    main = columns if len(columns) == 1 else [idx for idx in columns if not _is_breakdown(headers[idx])]
    return main[0] if len(main) == 1 else None


def _is_breakdown(header: object) -> bool:
    """A column detailing another ('Số học viên nữ' beside 'Số học viên tham gia', 'Chức vụ kiêm nhiệm'
    beside 'Chức vụ hiện tại'): where several columns start with a field's header, it is not the field.
    A group's sub-column is none (`SubHeader`: 'Số lượt học viên' over 'Nam' | 'Nữ' has no total)."""
    return not isinstance(header, SubHeader) and any(f" {word} " in f" {fold(header)} " for word in BREAKDOWN_WORDS)


def prefix_field(cell: object, lookup: dict[str, str | None]) -> str | None:
    """The field a header names by starting with a known header, the longest known header winning (one
    naming no field, 'Tiêu chí đạt', wins over the field's 'Tiêu chí', as itself)."""
    prefixes = [p for key in _header_keys(cell) for p in (*_word_prefixes(key), key) if p in lookup]
    prefix = max(prefixes, key=len, default=None)
    return lookup[prefix] if prefix else None


def _by_prefix(cells: list[tuple[int, object]], lookup: dict[str, str]) -> dict[str, list[int]]:
    """Field → the columns whose header starts with one of its known headers."""
    found: dict[str, list[int]] = {}
    for idx, cell in cells:
        if (field_name := prefix_field(cell, lookup)) is not None:
            found.setdefault(field_name, []).append(idx)
    return found


def ambiguous_columns(
    header_cells: pd.Series, matched: dict[int, str], lookup: dict[str, str]
) -> dict[str, list[tuple[str, int]]]:
    """Fields left unmatched because several columns start with their header ('Chức vụ Đảng' | 'Chức vụ
    chính quyền' for 'Chức vụ'): taking the leftmost loaded the Party post as the cadre's post."""
    unmatched = [(idx, cell) for idx, cell in header_cells.items() if pd.notna(cell) and idx not in matched]
    return {
        field_name: [(str(header_cells[idx]), idx) for idx in columns]
        for field_name, columns in _by_prefix(unmatched, lookup).items()
        if field_name not in matched.values() and _prefix_choice(columns, header_cells) is None
    }


@lru_cache(maxsize=65_536)
def _word_prefixes(key: str) -> tuple[str, ...]:
    """The folded key's proper prefixes that end at a word boundary ('ma xa phuong' → 'ma', 'ma xa')."""
    words = key.split(" ")
    return tuple(" ".join(words[:end]) for end in range(1, len(words)))


def _two_row_header(upper: tuple, lower: tuple, lookup: dict[str, str]) -> tuple | None:
    """Each column's header in a header of two rows: the lower cell where it names a field or the upper
    one is empty or names none ('Chuyên môn' under a group 'Trình độ'), else the upper one ('Trình độ
    chuyên môn' over its details). None unless some lower cell is a header of the sheet as such where
    the upper one is not: under a one-row header the lower row is the first cadre, and a note of theirs
    ('Diện luân chuyển từ huyện', which starts with the alias 'Diện') must not pass for a header."""
    if not any(
        _names_a_field(low, lookup) and not _names_a_field(up, lookup) for up, low in zip(upper, lower, strict=True)
    ):
        return None
    return tuple(_lower_or_upper(up, low, lookup) for up, low in zip(upper, lower, strict=True))


def _names_a_field(cell: object, lookup: dict[str, str]) -> bool:
    return not pd.isna(cell) and field_of_header(cell, lookup) is not None


def _lower_or_upper(up: object, low: object, lookup: dict[str, str]) -> object:
    """A column's header in two rows: the lower cell unless it is blank or names no field where the
    upper one does."""
    keeps_lower = pd.isna(up) or _names_a_field(low, lookup) or not _names_a_field(up, lookup)
    return low if not pd.isna(low) and keeps_lower else up


class SubHeader(str):
    """A group's header joined with one of its sub-headers ('Chức vụ / Đảng ủy'), heading a column."""

    __slots__ = ()


class HeaderFound(NamedTuple):
    """The header `find_header_row` found: its last row, the field of each matched column, the header
    cells, and the groups whose sub-headers are its last row (`_sub_header_groups`; none otherwise)."""

    row: int | None
    matched: dict[int, str]
    cells: tuple
    groups: tuple[tuple[int, int], ...] = ()


def _sub_header_groups(upper: tuple, lower: tuple, lookup: dict[str, str]) -> tuple[tuple[int, int], ...]:
    """The groups of `upper` (a header cell and the blank cells right of it: 'Chức vụ' merged over two
    columns) when `lower` is their row of sub-headers ('Đảng ủy' | 'UBND'), as (first, end) positions;
    none when it is not: `upper` names two fields at least (a title row above the header names none),
    `lower` fills cells under the groups only, two of one group at least, and none under a header
    standing alone (merged down over both rows). Under a one-row header the lower row is the first
    cadre, whose cells under the headers standing alone are filled."""
    filled = [idx for idx, cell in enumerate(upper) if not pd.isna(cell)]
    if len(filled) < 2:
        return ()
    groups = [(first, end) for first, end in zip(filled, [*filled[1:], len(upper)], strict=True) if end - first > 1]
    grouped = {idx for first, end in groups for idx in range(first, end)}
    below = [idx for idx, cell in enumerate(lower) if not pd.isna(cell)]
    if not below or not set(below) <= grouped:  # the common case, a header over data: settled cheaply first
        return ()
    counts = [sum(first <= idx < end for idx in below) for first, end in groups]
    if max(counts) < 2:
        return ()
    if sum(_names_a_field(upper[idx], lookup) or prefix_field(upper[idx], lookup) is not None for idx in filled) < 2:
        return ()
    return tuple(group for group, count in zip(groups, counts, strict=True) if count)


def _grouped_header(
    upper: tuple, lower: tuple, groups: tuple[tuple[int, int], ...], lookup: dict[str, str], spec: SheetSpec
) -> tuple:
    """Each column's header when `lower` holds the sub-headers of `upper`'s groups. A group whose
    sub-headers name fields, or whose header names none, reads as `_lower_or_upper` does; a text or
    date field over its parts ('Họ và tên' over 'Họ' | 'Tên', `one_value_fields`), a birth date or gender
    over 'Nam' | 'Nữ', a yes/no over marks and a count over 'Nam' | 'Nữ' (`group_reading`) keep the
    header on the first column (`group_spans`, `sex_split`, `read_groups`). Any other
    field over sub-columns is the one a sub-column totals or the one an ID card's details leave
    (`_main_part`); else each column is headed 'Chức vụ / Đảng ủy' (`SubHeader`), so that which one is
    the field is asked (`ambiguous_columns`), never the left one taken silently."""
    cells = list(upper)
    for first, end in groups:
        group_field = field_of_header(upper[first], lookup) if not pd.isna(upper[first]) else None
        parts = lower[first:end]
        own = _own_part(group_field, parts, lookup) if group_field in one_value_fields(spec) else None
        if own is not None:  # 'Họ và tên' over 'Họ và tên khai sinh' | 'Tên gọi khác': no parts of one name
            cells[first:end] = _headed_by(upper[first], parts, own)
        elif (named := _named_under_its_header(group_field, parts, spec, lookup)) is not None:
            cells[first:end] = _headed_by(upper[first], parts, named)  # 'Kết quả' over 'Điểm' | 'Xếp loại'
        elif group_field is None or any(_names_a_field(part, lookup) for part in parts):
            cells[first:end] = [_lower_or_upper(upper[idx], lower[idx], lookup) for idx in range(first, end)]
            own, others = _beside_its_own(group_field, parts, spec, lookup)
            for offset in own:  # 'Xếp loại' under 'Kết quả' beside 'Cấp chứng chỉ': the outcome
                cells[first + offset] = upper[first]
            for offset in others:  # 'Điểm' beside it, or beside 'Kết quả học tập': no outcome, told
                cells[first + offset] = _sub_header(upper[first], parts[offset])
            for offset in other_names(parts) if group_field in one_value_fields(spec) else ():
                cells[first + offset] = _sub_header(upper[first], parts[offset])  # another name: no part of it
        elif group_field in one_value_fields(spec) and (others := other_names(parts)):
            # 'Họ và tên đệm' | 'Tên' | 'Tên gọi khác': the parts joined, the other name a column of its own
            own_first = min(set(range(len(parts))) - set(others), default=0)
            cells[first:end] = _headed_by(upper[first], parts, own_first, others)
        elif (
            group_field in one_value_fields(spec)
            or _by_sex(group_field, parts)
            or group_reading(group_field, parts, spec)
        ):
            continue
        else:
            cells[first:end] = _headed_by(upper[first], parts, _main_part(parts))
    return tuple(cells)


def _named_under_its_header(
    group_field: str | None, parts: tuple, spec: SheetSpec, lookup: dict[str, str]
) -> int | None:
    """The one sub-column a field's `sub_headers` name under its own header ('Xếp loại' under 'Kết quả'),
    where no sub-column names a field nor a value of the field's list (columns of marks, 'Hoàn thành' |
    'Không hoàn thành' | 'Xếp loại', stay asked): the others ('Điểm') are told as columns not read. The
    leftmost took the field (every score an unknown outcome) or which one was asked, the file rejected."""
    if group_field is None or any(not pd.isna(part) and _of_another(part, lookup) for part in parts):
        return None
    values = code_lists_of(spec).get(group_field, {})
    if any(not pd.isna(part) and fold(part) in values for part in parts):
        return None
    own = _own_sub_headers(group_field, spec)
    naming = [offset for offset, part in enumerate(parts) if not pd.isna(part) and fold(part) in own]
    return naming[0] if len(naming) == 1 else None


def _own_sub_headers(group_field: str, spec: SheetSpec) -> frozenset[str]:
    """The folded headers a field's `sub_headers` give (`stand_in_lookup`'s, of that field)."""
    return frozenset(key for key, name in stand_in_lookup(spec).items() if name == group_field)


def _beside_its_own(
    group_field: str | None, parts: tuple, spec: SheetSpec, lookup: dict[str, str]
) -> tuple[list[int], list[int]]:
    """Under a field's own header with a sub-column naming the field (`Kết quả học tập`, or one of its
    `sub_headers`, `Xếp loại`): the sub-columns its `sub_headers` name (the field's where no sub-column
    names it itself: `Kết quả học tập` beside `Xếp loại` is the outcome), and those naming no field,
    something else the group holds (`Điểm`, `Hệ đào tạo` beside `Trình độ chuyên môn`), not the field,
    which the group's header kept on them gave to the leftmost (every score an unknown outcome)."""
    if group_field is None:  # a group naming no field: its sub-columns are read as before
        return [], []
    own = _own_sub_headers(group_field, spec)
    texts = [None if pd.isna(part) else part for part in parts]
    itself = any(t is not None and field_of_header(t, lookup) == group_field for t in texts)
    graded = [i for i, t in enumerate(texts) if t is not None and fold(t) in own]
    if not itself and not graded:
        return [], []
    named = [] if itself else graded
    return named, [i for i, t in enumerate(texts) if t is not None and i not in named and not _of_another(t, lookup)]


def _of_another(part: object, lookup: dict[str, str]) -> bool:
    """A sub-header naming a field, or starting with another's header ('Chứng chỉ được cấp', 'Ngày bổ
    nhiệm chức vụ' under 'Chức vụ'): its own column, read as before (a fourth review found them blanked)."""
    return _names_a_field(part, lookup) or prefix_field(part, lookup) is not None


def _headed_by(header: object, parts: tuple, main: int | None, apart: list[int] | None = None) -> list:
    """A group's columns headed as read: the field's header on its main part (or, where none is, on a
    first part left blank), each other part by the group and itself ('Chức vụ / Đảng ủy', `SubHeader`);
    given `apart`, only those are headed so, the rest left blank (the parts of the value after the main)."""
    return [
        header
        if offset == main or (pd.isna(part) and offset == 0)
        else (None if pd.isna(part) or (apart is not None and offset not in apart) else _sub_header(header, part))
        for offset, part in enumerate(parts)
    ]


def _sub_header(header: object, part: object) -> SubHeader:
    return SubHeader(f"{header} / {str(part).strip()}")


_OTHER_NAMES = ("ten goi khac", "ten thuong goi", "thuong goi", "bi danh", "ten khac")
"""Folded starts of a sub-header naming another name than the cadre's own ('Tên gọi khác', 'Bí danh',
as the personnel record form 2C lists them beside 'Họ và tên khai sinh')."""


_VALUE_PARTS = frozenset({"ho", "ten", "dem", "lot", "ngay", "thang", "nam"})
"""Folded sub-headers of the parts of one name or date ('Họ' | 'Tên', 'Ngày' | 'Tháng' | 'Năm'); a
sub-header ending in 'đệm' or 'lót' is the family and middle names ('Họ và tên đệm', 'Họ tên đệm', 'Họ,
tên lót', the South's word): joined, though 'Họ tên đệm' starts with one of the name's own headers."""


def _is_value_part(folded: str) -> bool:
    return folded in _VALUE_PARTS or folded.rsplit(" ", 1)[-1] in ("dem", "lot")


def other_names(parts: tuple) -> list[int]:
    """Which sub-columns of a name are another name than the cadre's own ('Tên gọi khác', 'Bí danh')."""
    return [offset for offset, text in enumerate(_folded(parts)) if text.startswith(_OTHER_NAMES)]


def _own_part(group_field: str | None, parts: tuple, lookup: dict[str, str]) -> int | None:
    """Which sub-column of a name or date over sub-headers is the field itself, where its sub-columns are
    no parts of one value: the only one naming the field ('Họ và tên khai sinh', or 'Họ và tên' again,
    beside 'Tên gọi khác'), or the only one left beside other names ('Khai sinh' | 'Bí danh'). None
    where any sub-column is a part of one value ('Họ tên đệm' | 'Tên', 'Ngày' | 'Tháng' | 'Năm': joined;
    another name beside them is left out, `other_names`), or a part names another field (the group is
    then read as fields)."""
    folded = _folded(parts)
    if any(_is_value_part(text) for text in folded if text):
        return None
    named = [None if pd.isna(part) else field_of_header(part, lookup) or prefix_field(part, lookup) for part in parts]
    if any(name is not None and name != group_field for name in named):
        return None
    naming = [offset for offset, name in enumerate(named) if name == group_field]
    if len(naming) == 1 and len(parts) > 1:
        return naming[0]
    others = other_names(parts)
    rest = [offset for offset, text in enumerate(folded) if text and offset not in others]
    return rest[0] if others and len(rest) == 1 else None


def _whole_value(group_field: str, sub_header: object, lookup: dict[str, str]) -> bool:
    """The group's first sub-column headed by the field's own header ('Họ và tên' under 'Họ và tên'),
    not by a part of it: it holds the whole value, and the group header is a banner over columns of
    their own ('Họ và tên' | 'Ngày sinh' | 'Ghi chú': the note was joined into the name, accepted)."""
    if pd.isna(sub_header) or _is_value_part(_folded((sub_header,))[0]):
        return False
    return field_of_header(sub_header, lookup) == group_field


def _by_sex(group_field: str | None, parts: tuple) -> bool:
    """A birth date or a gender over 'Nam' | 'Nữ': the column filled is the gender."""
    return group_field in ("birth_date", "gender") and _folded(parts) == SEX_COLUMNS


def group_reading(group_field: str | None, parts: tuple, spec: SheetSpec) -> str | None:
    """How a field over sub-columns reads as one value from them: a yes/no over marks (`marked_as`), a
    count over 'Nam' | 'Nữ' ('sum': the sexes part the participants, 'Số lượt học viên' over 'Nam' |
    'Nữ' is their sum), or an amount over its sources ('sources': 'Kinh phí' over 'NSTW' | 'NSĐP' |
    'Xã hội hóa', every sub-header a source, none a total, which `_main_part` would take); None where
    none of these (the field is then asked about)."""
    if group_field in amount_fields(spec):
        folded = _folded(parts)
        if len(parts) < 2 or not all(_BUDGET_SOURCE.match(text) for text in folded):
            return None
        beside_its_levels = any(map(_STATE_BUDGET.search, folded)) and any(map(_BUDGET_LEVEL.search, folded))
        return None if beside_its_levels else "sources"
    if group_field in count_fields(spec):
        sexes = sorted(part.removesuffix(" gioi") for part in _folded(parts))
        return "sum" if sexes == SEX_COLUMNS else None  # 'Nữ' | 'Nam', 'Nam giới' | 'Nữ giới' alike
    if _chosen_by_marks(group_field, parts, spec):
        return "choice"
    return marked_as(group_field, parts, yes_no_fields(spec))


def _chosen_by_marks(group_field: str | None, parts: tuple, spec: SheetSpec) -> bool:
    """A coded field over sub-columns that are values of its list ('Trạng thái' over 'Đạt' | 'Chưa đạt',
    'Kết quả' over 'Hoàn thành' | 'Không hoàn thành' | 'Đang học'), an x under the one that holds: the
    file was rejected, the field asked about."""
    listed = code_lists_of(spec).get(group_field) if group_field is not None else None
    if listed is None or len(parts) < 2 or any(pd.isna(part) for part in parts) or _by_sex(group_field, parts):
        return False  # a gender over 'Nam' | 'Nữ' is read by the column marked too, dates and all (`sex_split`)
    values = [listed.get(text) for text in _folded(parts)]
    return None not in values and len(set(values)) == len(values)


def marked_as(group_field: str | None, parts: tuple, yes_no: frozenset[str]) -> str | None:
    """How a yes/no field over sub-columns of marks reads (`yes_no`: the sheet's yes/no fields, among
    the fields whose group is kept): 'any' where every sub-header is a kind of Yes ('Đảng viên' over
    'Chính thức' | 'Dự bị': a probationary member is a member), 'yes-no' or 'no-yes' where there are two,
    a Yes and a No ('Đạt chuẩn' over 'Đạt' | 'Chưa đạt'); None otherwise (asked about: 'Ngày vào Đảng' |
    'Ngày chính thức' say neither)."""
    if group_field not in yes_no or any(pd.isna(part) for part in parts):
        return None
    read = [answer_word_of(str(part)) for part in parts]
    if all(value is True for value in read):
        return "any"
    return {(True, False): "yes-no", (False, True): "no-yes"}.get(tuple(read))


def _folded(parts: tuple) -> list[str]:
    """A group's sub-headers folded, a blank one as ''."""
    return [fold(part) if not pd.isna(part) else "" for part in parts]


def _main_part(parts: tuple) -> int | None:
    """Which sub-column of a group is its field: the only total ('Tổng số', 'Tổng số lượt', 'Tổng kinh
    phí' beside 'Nữ' or the sources), or the only one details leave ('Số lượng' beside 'Trong đó: Nữ',
    'Số' beside an ID card's 'Ngày cấp' | 'Nơi cấp'); None when neither tells ('Nam' | 'Nữ')."""
    folded = _folded(parts)
    totals = [offset for offset, text in enumerate(folded) if text == "cong" or text.split(" ")[0] == "tong"]
    if len(totals) == 1:
        return totals[0]
    details = [offset for offset, text in enumerate(folded) if text.startswith(GROUP_DETAILS)]
    rest = [offset for offset, text in enumerate(folded) if text and offset not in details]
    return rest[0] if details and len(rest) == 1 else None


def _header_candidates(
    head: pd.DataFrame, lookup: dict[str, str], spec: SheetSpec
) -> Iterator[tuple[int, tuple, tuple[tuple[int, int], ...]]]:
    """Each row of the head as a header, then (when it can be one) that row joined with the one below
    as a header of two rows, whose data follow the lower row. The join is made only once the row alone
    has had its turn: a row matching every field ends the search before it. A header followed by its
    groups' sub-headers is read with them (`_grouped_header`), its data after them, and those two rows
    are read no other way: alone, the header read the sub-headers as a cadre, and joined plainly it
    took a group's first column for its field ('Chức vụ' over 'Đảng ủy' | 'UBND' beside 'Trình độ'
    over 'Chuyên môn' | …), matching one field more than the reading that asks which column it is.
    Each comes with its groups."""
    rows = list(zip(head.index, head.itertuples(index=False, name=None), strict=True))
    after = dict(zip([row for row, _ in rows], [*rows[1:], None], strict=True))

    def with_sub_headers(row: int, values: tuple) -> tuple[int, tuple, tuple[tuple[int, int], ...]]:
        below = after[row]
        if below is not None and (groups := _sub_header_groups(values, below[1], lookup)):
            return below[0], _grouped_header(values, below[1], groups, lookup, spec), groups
        return row, values, ()

    for row, values in rows:
        candidate = with_sub_headers(row, values)
        yield candidate
        below = after[row]
        if not candidate[2] and below is not None and (joined := _two_row_header(values, below[1], lookup)):
            yield with_sub_headers(below[0], joined)


def find_header_row(frame: pd.DataFrame, spec: SheetSpec, hidden: frozenset[int] = frozenset()) -> HeaderFound:
    """The row (within the first rows) whose cells match most headers of the sheet, the field of each
    matched column, and the header cells. A header of two rows (a merged group cell 'Trình độ' over
    'Chuyên môn' | 'Lý luận chính trị', the other headers merged down) is read as one (`_two_row_header`).
    A row matching every field cannot be beaten (a later row must match more): the scan stops there
    instead of folding the data cells below it, every one a text not seen before."""
    lookup, standard = header_lookup(spec), header_lookup(spec, aliases=False)
    head = frame.iloc[:HEADER_SCAN_ROWS]
    every_field = len(set(lookup.values()) - {None})
    best = HeaderFound(None, {}, ())
    for row, values, groups in _header_candidates(head, lookup, spec):
        cells = [(idx, cell) for idx, cell in zip(head.columns, values, strict=True) if not pd.isna(cell)]
        matched = _match_header_cells(cells, lookup, standard, hidden, stand_in_lookup(spec))
        if len(matched) > len(best.matched):
            best = HeaderFound(row, matched, values, groups)
            if len(matched) == every_field:
                break
    if len(best.matched) < min(2, every_field):
        return HeaderFound(None, {}, ())
    return best


def group_spans(
    spec: SheetSpec, groups: tuple[tuple[int, int], ...], matched: dict[int, str], sub_headers: pd.Series
) -> dict[int, list[int]]:
    """A name or date over the sub-headers of its parts ('Họ và tên' over 'Họ' | 'Tên'), told by the
    header's groups where no merge tells it (a CSV, a sheet laid out without merging): its column → the
    parts after it. Without it the first part alone was the value, the others headed by nothing."""
    spans = {}
    for start, end in groups:
        group = tuple(sub_headers.iloc[start:end])
        others = {start + offset for offset in other_names(group)}  # 'Tên gọi khác' beside 'Họ' | 'Tên'
        first = min(set(range(start, end)) - others, default=start)  # 'Bí danh' | 'Họ' | 'Tên': the family name's
        if first in matched and matched[first] in one_value_fields(spec):
            if _own_part(matched[first], group, header_lookup(spec)) is not None:
                continue  # its sub-columns are other names beside it, no parts of it
            if _whole_value(matched[first], sub_headers[first], header_lookup(spec)):
                continue  # 'Họ và tên' again over its column: the others beside it are columns of their own
            parts = [
                idx
                for idx in range(first + 1, end)
                if idx not in matched and idx not in others and pd.notna(sub_headers[idx])
            ]
            if parts:
                spans[first] = parts
    return spans


def sex_split(
    groups: tuple[tuple[int, int], ...], matched: dict[int, str], sub_headers: pd.Series
) -> tuple[int, int] | None:
    """(men's column, women's column) of a birth date or a gender over 'Nam' | 'Nữ', as the old personnel
    forms lay them out (the date, or a mark, in the column of the cadre's gender; no 'Giới tính' column
    beside the date): the column filled is the gender. It was rejected for a missing 'Giới tính', or the
    men's column of marks read as the gender ('x')."""
    for first, end in groups:
        field_name = matched.get(first)
        if field_name == "birth_date" and "gender" in matched.values():
            continue
        if _by_sex(field_name, tuple(sub_headers.iloc[first:end])):
            return first, first + 1
    return None


@lru_cache(maxsize=32)
def code_lists_of(spec: SheetSpec) -> dict[str, Mapping[str, str]]:
    """The sheet's fields coded by a list → the list's folded spellings (ethnic groups and posts, whose
    lists are long, left out: no form lays them out as columns of marks)."""
    return {
        name: CODE_LISTS_BY_NAME[codelist].lookup
        for name, column in spec.fields.items()
        if (codelist := (column.metadata or {}).get("codelist")) in CODE_LISTS_BY_NAME
    }


@lru_cache(maxsize=32)
def one_value_fields(spec: SheetSpec) -> frozenset[str]:
    """Fields whose header merged across several columns heads the parts of one value (a name, a date)."""
    return frozenset(name for name in spec.fields if spec.kind(name) in ("text", "date"))


@lru_cache(maxsize=32)
def amount_fields(spec: SheetSpec) -> frozenset[str]:
    """Amounts of money: over their sources they are the sources' sum (`group_reading`)."""
    return frozenset(name for name in spec.fields if spec.is_amount(name))


@lru_cache(maxsize=32)
def count_fields(spec: SheetSpec) -> frozenset[str]:
    """Counts (whole numbers that are no amount and carry no label, as a criterion's number does): over
    'Nam' | 'Nữ' they are the sum of the sexes (`group_reading`)."""
    return frozenset(
        name
        for name in spec.fields
        if spec.kind(name) == "int"
        and not spec.is_amount(name)
        and not (spec.fields[name].metadata or {}).get("labelled")
        and name != "report_year"
    )


@lru_cache(maxsize=32)
def yes_no_fields(spec: SheetSpec) -> frozenset[str]:
    """Yes/no fields: over sub-columns of marks they read as `marked_as` says."""
    return frozenset(name for name in spec.fields if spec.kind(name) == "bool")


def with_marks_unheaded(found: HeaderFound, spec: SheetSpec) -> tuple[HeaderFound, tuple[tuple[int, int], ...]]:
    """A coded field no column is headed as, laid out as adjacent columns headed by its values ('Đạt' |
    'Chưa đạt', an x under the one that holds) with no header over them: read as that field over
    marks (`_chosen_by_marks`), as it is under its header. It was a missing 'Trạng thái', the file
    rejected. Only one such run of columns per field, and none two fields' values head ('Sơ cấp' | 'Trung
    cấp': education or political theory); a gender's 'Nam' | 'Nữ' stays as it was. A column
    standing in for the field ('Xếp loại' beside 'Hoàn thành' | 'Không hoàn thành') gives it up to the
    marks, which say the field itself. Returns the header with those groups and the groups (their
    headers are the marks' names, which a two-row header holds in its upper row)."""
    if found.row is None:
        return found, ()
    matched, groups, runs_read = dict(found.matched), list(found.groups), []
    grouped = {idx for first, end in groups for idx in range(first, end)}
    free = {idx for idx, cell in enumerate(found.cells) if idx not in matched and idx not in grouped}
    stand_ins = stand_in_lookup(spec)
    found_runs: dict[str, list[int]] = {}
    for name, listed in code_lists_of(spec).items():
        standing = [idx for idx, field_name in matched.items() if field_name == name]
        if name != "gender" and all(_stands_in(found.cells[idx], name, stand_ins) for idx in standing):
            runs = _value_runs(found.cells, free, listed)
            found_runs |= {name: runs[0]} if len(runs) == 1 else {}
    for name, run in found_runs.items():
        if any(set(run) & set(other) for other_name, other in found_runs.items() if other_name != name):
            continue  # 'Sơ cấp' | 'Trung cấp' are levels of education and of political theory alike: asked
        for idx in [idx for idx, field_name in matched.items() if field_name == name]:
            del matched[idx]
        matched[run[0]] = name
        runs_read.append((run[0], run[-1] + 1))
    if not runs_read:
        return found, ()
    return HeaderFound(found.row, matched, found.cells, tuple(sorted([*groups, *runs_read]))), tuple(runs_read)


def _value_runs(cells: tuple, free: set[int], listed: Mapping[str, str]) -> list[list[int]]:
    """Runs of two adjacent `free` columns or more, each headed by another value of the list."""
    runs, run, seen = [], [], set()
    for idx, cell in enumerate(cells):
        value = listed.get(fold(cell)) if idx in free and not pd.isna(cell) else None
        if value is None or value in seen:
            runs += [run] if len(run) > 1 else []
            run, seen = ([idx], {value}) if value is not None else ([], set())
        else:
            run.append(idx)
            seen.add(value)
    return runs + ([run] if len(run) > 1 else [])


def read_groups(
    groups: tuple[tuple[int, int], ...], matched: dict[int, str], sub_headers: pd.Series, spec: SheetSpec
) -> dict[int, tuple[str, list[int]]]:
    """A field's column over sub-columns read as one value → (how, `group_reading`; the sub-columns, its
    own first)."""
    found = {}
    for first, end in groups:
        if first in matched:
            how = group_reading(matched[first], tuple(sub_headers.iloc[first:end]), spec)
            if how is not None:
                found[first] = (how, list(range(first, end)))
    return found


def field_of_header(cell: object, lookup: dict[str, str]) -> str | None:
    """The field a header cell (a ThongTin key) names, if it names one exactly."""
    return next((lookup[key] for key in _header_keys(cell) if key in lookup), None)
