"""What a row's words name, beside the codes it gives: the headings over its rows, and a name after a code.

Provinces' own lists put a commune's heading over its cadres ('I | Xã Côn Lôn') and a class's over its
attendees ('Lớp: … (KH01)'): the codes left blank under them are filled from the heading, each heading
told with the rows it filled. A code typed with a name ('02245 - Xã Trung Môn', or 'Mã xã | Tên xã'), or
a criterion's number with its name, is checked against it: where the two disagree which was meant is
unknown, so the row is held back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

import pandas as pd

from cadres.text import fold
from cadres.workbook import RawSheet
from schemas.commune_headings import (
    UNIT_HEADING,
    UNIT_OR_COMMITTEE_HEADING,
    by_committee,
    commune_named,
    communes_named_inside,
    names_no_unit,
)
from schemas.context import ValidationContext
from schemas.course_headings import CLASS_HEADING, course_namer
from schemas.criterion_names import cells_named_otherwise, name_after_number
from schemas.heading_fill import fill_from_headings
from schemas.issues import file_issue, header_of
from schemas.sheets import SHEETS_BY_NAME
from schemas.unit_facts import code_and_name, listed_as
from schemas.unit_names import names_a_commune, names_another_commune


def name_typed(cell: object) -> str:
    """The name typed after a code or a criterion's number in its cell, folded ('02245 - Xã Trung Môn',
    'Tiêu chí 1 - Quy hoạch'); '' where none is ('02245', 'TC01')."""
    if not isinstance(cell, str):
        return ""
    name = name_after_number(cell) or (code_and_name(cell) or ("", ""))[1]
    return fold(name)


_SECTIONED_SHEETS = frozenset({"CanBo"})
"""Sheets listing sections after the communes' blocks ('Cán bộ tăng cường, biệt phái'; schemas/heading_labels.py)."""


_Namer = Callable[[str], str | None]
"""The one value a heading's text names (a commune's code, a course's), else None."""
_NamedInside = Callable[[list[str]], list[frozenset[str]]]
"""The communes a data row's words name inside them (`communes_named_inside`)."""


def filled_from_headings(
    typed: pd.DataFrame, sheet: RawSheet, ctx: ValidationContext, courses: pd.DataFrame | None, communes: bool
) -> tuple[pd.DataFrame, list[dict]]:
    """Blank commune codes under a commune's heading ('I | Xã Côn Lôn'), blank course codes under a
    class's ('Lớp: … (KH01)'), filled from it; each heading told with the rows it filled
    (schemas/heading_fill.py). Not `communes` while ThongTin's province is refused: which province the
    rows are about is judged from the codes the province wrote, not from ones a heading gave; nor where a
    row names its commune in the column beside the blank code (its own words, not the heading's)."""
    if not sheet.heading_rows:
        return typed, []
    fills: list[tuple[str, str, re.Pattern, _Namer, Callable[..., bool] | None, _NamedInside | None]] = []
    if communes:  # a sheet naming its communes by their committees only reads those as their headings
        committees = by_committee(sheet.heading_rows)
        name_of = partial(
            commune_named, unit_list=ctx.unit_list, province_code=ctx.province_code, committees=committees
        )
        no_unit = partial(names_no_unit, unit_list=ctx.unit_list, province_code=ctx.province_code)
        kind = UNIT_OR_COMMITTEE_HEADING if committees else UNIT_HEADING
        named_inside = partial(communes_named_inside, unit_list=ctx.unit_list, province_code=ctx.province_code)
        fills.append(("commune_code", "COMMUNE.FROM_HEADING", kind, name_of, no_unit, named_inside))
    if courses is not None and sheet.name == "HocVien":
        fills.append(("course_code", "HOCVIEN.COURSE.FROM_HEADING", CLASS_HEADING, course_namer(courses), None, None))
    told = []
    for field_name, rule, kind, value_named, sub_group_words, named_inside in fills:
        if field_name not in sheet.frame:
            continue
        blank = sheet.frame[field_name].isna()
        if field_name == "commune_code" and (beside := sheet.name_beside(field_name)) is not None:
            blank &= beside.reindex(blank.index).isna()
        filled, found = fill_from_headings(
            typed[field_name],
            blank,
            sheet.heading_rows,
            kind,
            value_named,
            sheet.frame,
            sub_group_words,
            sections=sheet.name in _SECTIONED_SHEETS,
            named_inside=named_inside,
        )
        if found:
            typed = typed.assign(**{field_name: filled})
            header = header_of(SHEETS_BY_NAME[sheet.name], sheet, field_name)
            told += [
                file_issue(rule, sheet.name, header, fill.text, field_name, fill.heading_row, fill.detail())
                for fill in found
            ]
    return typed, told


def commune_name_issues(raw: dict[str, RawSheet], ctx: ValidationContext) -> list[dict]:
    """A commune code followed by another commune's name ('02245 - Xã Trung Môn'), in its cell or in a
    name column beside it ('Mã xã | Tên xã': `RawSheet.name_beside`): which of the two the province
    meant is unknown, so the row is held back (see schemas/unit_names.py)."""
    found = []
    for name, sheet in raw.items():
        if "commune_code" not in sheet.frame:
            continue
        cells, quoted, beside = _with_name_beside(sheet, "commune_code")
        header = header_of(SHEETS_BY_NAME[name], sheet, "commune_code")
        flagged = names_another_commune(cells, ctx.unit_list).to_numpy(bool, copy=True)
        from_beside = beside.notna().to_numpy(bool)  # a name from the column beside the code: told only
        if (flagged & from_beside).any():  # where it is some other commune's (not 'UBND xã Côn Lôn')
            named = {typed: names_a_commune(typed) for typed in set(beside[flagged & from_beside])}
            flagged &= ~from_beside | beside.map(named).fillna(False).to_numpy(bool)
        for row in cells.index[flagged]:
            said = listed_as(cells[row], ctx.unit_list)
            issue = file_issue("COMMUNE.NAME_MISMATCH", name, header, quoted[row], "commune_code", int(row), said)
            found.append(issue)
    return found


def criterion_name_issues(raw: dict[str, RawSheet], ctx: ValidationContext) -> list[dict]:
    """A criterion's number typed with another criterion's name ('Tiêu chí 10 - Thu nhập' in 2026, where
    10 is law and security), in its cell or in a name column beside it ('Mã tiêu chí | Tên tiêu chí':
    last year's template cut to ten rows): the row is held back (see schemas/criterion_names.py)."""
    sheet = raw.get("TieuChi")
    if sheet is None or "criterion_no" not in sheet.frame:
        return []
    cells, quoted, _ = _with_name_beside(sheet, "criterion_no")
    told = cells_named_otherwise(cells, ctx.report_year)
    if not told:
        return []
    header = header_of(SHEETS_BY_NAME["TieuChi"], sheet, "criterion_no")
    return [
        file_issue(
            "TIEUCHI.CRITERION.NAME_MISMATCH", "TieuChi", header, quoted[row], "criterion_no", int(row), told[cell]
        )
        for row, cell in cells[cells.isin(list(told)).fillna(False)].items()
    ]


def _with_name_beside(sheet: RawSheet, name: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """A code field's cells as checked for the name they give (a code cell holding no letter takes the
    name beside it: '02215' | 'Phường Ỷ La' is checked as '02215 - Phường Ỷ La'), as quoted (both cells,
    '02215 | Phường Ỷ La', where the name came from beside), and the names so taken (blank elsewhere)."""
    cells = sheet.frame[name]
    beside = sheet.name_beside(name)
    none = pd.Series(pd.NA, index=cells.index, dtype=object)
    if beside is None:
        return cells, cells, none
    takes = (cells.notna() & ~cells.astype("string").str.contains(r"[^\W\d_]", regex=True).fillna(False)).to_numpy(bool)
    takes &= beside.reindex(cells.index).notna().to_numpy(bool)
    if not takes.any():
        return cells, cells, none
    code, named = cells[takes].astype(str).str.strip(), beside.reindex(cells.index)[takes].astype(str).str.strip()
    return cells.mask(takes, code + " - " + named), cells.mask(takes, code + " | " + named), none.mask(takes, named)
