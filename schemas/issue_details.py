"""The fact a problem's reason needs beside it, so that a province can mend the cell without guessing.

A reason says what rule a cell breaks; its detail says what this cell lacks or which rows it clashes
with: the digits an ID is short of, the day a date cannot have, the years a post is listed for, the
criteria a recognised commune has not met, the rows repeating a key, the age a cadre would be. Each is
worked out only for the rules that fired, once per distinct value where the value alone decides it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from functools import partial

import numpy as np
import pandas as pd

from cadres.text import fold
from schemas.codelists import ethnic_mismatch, match_positions, positions
from schemas.context import ValidationContext
from schemas.sheets import ROW_KEYS, ages_at
from schemas.unit_facts import in_another_province, outside_the_list


def _criteria_not_met(ctx: ValidationContext, commune: str | None) -> str | None:
    """A commune's criteria not written Đạt, told apart: those written Chưa đạt, those whose status is
    blank or unreadable (a recognised commune's warning said 'not all Đạt' for either). Worked out for
    the communes warned about only: a national TieuChi has thousands of communes not yet all Đạt."""
    positions = ctx.criteria_not_met_by_commune.get(commune) if commune is not None else None
    if positions is None or ctx.criteria_not_met is None:
        return None
    criteria = ctx.criteria_not_met.iloc[positions]
    unmet = criteria["status"].eq("Chưa đạt").fillna(False).to_numpy(bool)
    return "; ".join(
        f"{label}: tiêu chí {', '.join(_criterion_numbers(criteria.loc[which, 'criterion_no']))}"
        for label, which in (("Chưa đạt", unmet), ("Trạng thái trống hoặc không đọc được", ~unmet))
        if which.any()
    )


def _criteria_missing(ctx: ValidationContext, commune: str | None) -> str | None:
    """The criteria of the year's set a commune's rows do not list (worked out for the communes warned
    about only): 'Bổ sung tiêu chí còn thiếu' alone left the province to count them."""
    if ctx.criteria_listed is None or commune is None:
        return None
    rows = ctx.criteria_listed
    listed = set(rows.loc[rows["commune_code"].eq(commune).fillna(False).to_numpy(bool), "criterion_no"].dropna())
    missing = sorted(ctx.criterion_numbers - {int(n) for n in listed})
    return f"Thiếu tiêu chí: {', '.join(str(n) for n in missing)}" if missing else None


def _criterion_numbers(numbers: pd.Series) -> list[str]:
    known = sorted({int(n) for n in numbers.dropna()})
    return [str(n) for n in known] + (["(không rõ số)"] if numbers.isna().any() else [])


def _post_groups(cadres: pd.DataFrame, rows: np.ndarray, ctx: ValidationContext) -> list[str | None]:
    """CANBO.GROUP.MISMATCH: the group the row's post belongs to ('«Tài chính - kế toán» thuộc nhóm Công
    chức'): the hint's one example left the province to look it up."""
    groups = {p.name: p.staff_group for p in positions()}
    posts = cadres["position"].reindex(rows)
    return [None if pd.isna(post) else f"«{post}» thuộc nhóm {groups.get(post, '?')}" for post in posts]


def _attendance_listed(courses: pd.DataFrame, rows: np.ndarray, ctx: ValidationContext) -> list[str | None]:
    """KHOAHOC.PARTICIPANTS.TOO_FEW: how many attendance rows HocVien lists for the course ('HocVien có 32
    dòng của khóa này'): the province was left to count them."""
    listed = ctx.attendance_per_course
    return [
        None if pd.isna(code) or code not in listed else f"HocVien có {int(listed[code])} dòng của khóa này"
        for code in courses["course_code"].reindex(rows)
    ]


def _ages(cadres: pd.DataFrame, rows: np.ndarray, ctx: ValidationContext) -> list[str | None]:
    """CANBO.AGE.RANGE: the age the rule judged, at the report date ('62 tuổi vào ngày 31/12/2024'): a
    birth year typed wrong (1894 for 1984) shows at once."""
    ages = ages_at(cadres["birth_date"].reindex(rows), ctx.report_date)
    return [None if pd.isna(age) else f"{age} tuổi vào ngày {ctx.report_date:%d/%m/%Y}" for age in ages]


def _cadres_below_standard(criteria: pd.DataFrame, rows: np.ndarray, ctx: ValidationContext) -> list[str | None]:
    """TIEUCHI.C18_STANDARD: the CanBo rows of the commune's cadres the warning counted ('CanBo dòng 5, 9'):
    the province was left to filter CanBo for them."""
    rows_of = ctx.substandard_cadres.groupby(ctx.substandard_cadres, sort=False).groups
    return [
        f"CanBo dòng {', '.join(str(row) for row in rows_of[code])}" if code in rows_of else None
        for code in criteria["commune_code"].reindex(rows)
    ]


def _per_commune(
    tell: Callable[[ValidationContext, str | None], str | None],
) -> Callable[[pd.DataFrame, np.ndarray, ValidationContext], list[str | None]]:
    """A commune's fact told on its rows, from the code as read: written, or given by the commune's heading
    (whose rows' written cell is blank: the detail was left out)."""

    def told(frame: pd.DataFrame, rows: np.ndarray, ctx: ValidationContext) -> list[str | None]:
        return [tell(ctx, None if pd.isna(code) else code) for code in frame["commune_code"].reindex(rows)]

    return told


def _repeated_rows(frame: pd.DataFrame, rows: np.ndarray, ctx: ValidationContext, keys: list[str]) -> list[str | None]:
    """A duplicate rule's problems: the other rows sharing the row's key ('Trùng với dòng 4'): 'one row per
    person' left the province to search a sheet of thousands for the other."""
    frame = frame[keys]
    shared = frame.loc[frame.duplicated(keep=False).to_numpy(bool) & frame.notna().all(axis=1).to_numpy(bool)]
    by = keys[0] if len(keys) == 1 else keys  # a one-column list makes pandas warn of its group keys
    rows_of = {key: list(held) for key, held in shared.groupby(by, sort=False).groups.items()}
    key_of = {row: key for key, held in rows_of.items() for row in held}
    return [_partners(int(row), rows_of.get(key_of.get(int(row)), [])) for row in rows]


def _partners(row: int, rows: list[int]) -> str | None:
    others = [str(other) for other in rows if other != row]
    return f"Trùng với dòng {', '.join(others)}" if others else None


_DUPLICATE_RULES = {
    "CANBO.ID.DUPLICATE": "CanBo",
    "KHOAHOC.CODE.DUPLICATE": "KhoaHoc",
    "HOCVIEN.DUPLICATE": "HocVien",
    "TIEUCHI.DUPLICATE": "TieuChi",
    "CONGNHAN.DUPLICATE": "CongNhan",
}
_ROW_DETAILS: dict[str, tuple[str, Callable[[pd.DataFrame, np.ndarray, ValidationContext], list[str | None]]]] = {
    "CANBO.GROUP.MISMATCH": ("CanBo", _post_groups),
    "CANBO.AGE.RANGE": ("CanBo", _ages),
    "KHOAHOC.PARTICIPANTS.TOO_FEW": ("KhoaHoc", _attendance_listed),
    "TIEUCHI.C18_STANDARD": ("TieuChi", _cadres_below_standard),
    "TIEUCHI.INCOMPLETE": ("TieuChi", _per_commune(_criteria_missing)),
    "CONGNHAN.CRITERIA_NOT_MET": ("CongNhan", _per_commune(_criteria_not_met)),
    **{rule: (sheet, partial(_repeated_rows, keys=ROW_KEYS[sheet])) for rule, sheet in _DUPLICATE_RULES.items()},
}
"""What a rule's problem is told from its row of the typed sheet (rule → sheet, teller), where `_DETAILS`
tells it from the cell's value alone."""


def with_row_details(issues: pd.DataFrame, typed: dict[str, pd.DataFrame], ctx: ValidationContext) -> pd.DataFrame:
    """Each problem of a rule in _ROW_DETAILS told its fact, worked out for the rules that fired only."""
    detail = None
    for rule, (sheet, tell) in _ROW_DETAILS.items():
        wanting = (issues["rule"] == rule).fillna(False).to_numpy(bool) & issues["detail"].isna().to_numpy(bool)
        if not wanting.any() or sheet not in typed:
            continue
        detail = issues["detail"].astype(object) if detail is None else detail
        detail[wanting] = tell(typed[sheet], issues.loc[wanting, "row"].astype("int64").to_numpy(), ctx)
    return issues if detail is None else issues.assign(detail=detail)


_DETAILS = {
    "COMMUNE.NOT_IN_LIST": lambda cell, ctx: outside_the_list(cell, ctx.unit_list),
    "COMMUNE.OTHER_PROVINCE": lambda cell, ctx: in_another_province(cell, ctx.unit_list),
    "CELL.DATE_AFTER_RECEIPT": lambda cell, ctx: f"Ngày nhận tệp: {ctx.received_on:%d/%m/%Y}",
    "CANBO.POSITION.NOT_FOR_YEAR": lambda cell, ctx: _position_years(cell, ctx.report_year),
    "CELL.DATE_INVALID": lambda cell, ctx: _what_a_date_lacks(cell),
    "CANBO.ID.FORMAT": lambda cell, ctx: _what_an_id_lacks(cell),
    "HOCVIEN.CADRE.UNKNOWN": lambda cell, ctx: _what_an_id_lacks(cell),
}
"""What a pandera rule's problem is told beside its value: which commune a refused code is (the province
sees what it typed), the day a file arrived, the years a refused post belongs to."""

_EXPONENT = re.compile(r"^\s*\d+(?:[.,]\d+)?[eE]\+?\d+\s*$")


def _what_an_id_lacks(cell: object) -> str | None:
    """An ID that is no 12 digits, told why ('8.08185E+09': a CSV saved from Excel wrote the number in
    exponent form and lost its last digits; a count of digits otherwise): an attendance so typed was told
    only 'not in CanBo', which sent the province looking for the cadre."""
    text = str(cell)
    if _EXPONENT.match(text):
        return (
            "số định danh bị ghi dạng số mũ (thường khi lưu CSV từ Excel) nên đã mất các chữ số cuối: "
            "nhập lại đủ 12 chữ số"
        )
    if re.fullmatch(r"[0-9]{12}", text):
        return None
    digits = [character for character in text if character.isdigit()]
    if len(digits) == 12 and not all(character.isascii() for character in digits):
        return "số định danh gõ bằng chữ số toàn độ rộng hoặc chữ số khác (như ０８): gõ lại bằng chữ số 0–9"
    return f"số định danh phải gồm đúng 12 chữ số; ô này có {len(digits)} chữ số"


_DATE_NUMBERS = re.compile(r"^\s*(\d{1,4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,4})\s*$")


def _what_a_date_lacks(cell: object) -> str | None:
    """CELL.DATE_INVALID: what makes a date of three numbers day first unreadable, where it shows
    ('15/3/80': a year of two digits; '03/15/1980': the month first; '30/02/2024': a day the month has
    not; a year outside 1900–2099): the hint's one example left the province to guess."""
    found = _DATE_NUMBERS.match(str(cell)) if isinstance(cell, str) else None
    if found is None or len(found.group(1)) > 2:  # none, or year first (ISO): no guess
        return None
    day, month, year = (int(part) for part in found.groups())
    if len(found.group(3)) <= 2:
        return f"năm phải ghi đủ 4 chữ số ('{found.group(3)}' thiếu hai chữ số đầu của năm)"
    if day <= 12 < month and 1900 <= year <= 2099 and month <= calendar.monthrange(year, day)[1]:
        return f"có thể đã ghi tháng trước ngày: ngày {month}, tháng {day} ghi là {month:02d}/{day:02d}/{year}"
    if not 1 <= month <= 12:
        return f"không có tháng {month}"
    if not 1900 <= year <= 2099:
        return f"năm {year} ngoài khoảng 1900–2099"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"tháng {month}/{year} chỉ có {calendar.monthrange(year, month)[1]} ngày"
    return None


_STILL_LISTED = 2100
"""The last year positions.csv gives a post the list still has."""


def _position_years(cell: str, report_year: int) -> str | None:
    """The years a post refused for the reporting year exists in: one hint cannot fit every post ('Trưởng
    Công an xã' left the list after 2019, part-time staff have no post from 2025)."""
    name = match_positions(pd.Series([cell], dtype="string[pyarrow]")).iloc[0]
    post = next((p for p in positions() if p.name == name), None)
    if post is None:
        return None
    open_ended = post.last_year >= _STILL_LISTED
    years = f"từ năm {post.first_year}" if open_ended else f"các năm {post.first_year}–{post.last_year}"
    return f"Chức vụ «{post.name}» chỉ có trong danh mục {years}; năm báo cáo là {report_year}"


_FIELD_DETAILS: dict[tuple[str, str], Callable[[object, ValidationContext], str | None]] = {
    ("CELL.CODE_UNKNOWN", "degree_level"): lambda cell, ctx: (
        "Sơ cấp không phải trình độ cấp văn bằng của danh mục: để trống ô này (khóa vẫn được nạp)"
        if fold(cell).startswith("so cap")
        else None
    ),
    ("CELL.CODE_UNKNOWN", "ethnicity"): lambda cell, ctx: ethnic_mismatch(str(cell), ctx.ethnicity_code_list),
    ("CELL.NUMBER_INVALID", "criterion_no"): lambda cell, ctx: (
        f"Mã tiêu chí là số thứ tự tiêu chí trong bộ tiêu chí của năm {ctx.report_year}, từ "
        f"{min(ctx.criterion_numbers)} đến {max(ctx.criterion_numbers)}; một chỉ tiêu (như 18.1) không ghi riêng"
    ),
}
"""What a rule's problem is told for one field where the rule's hint is another field's ('Nhập số nguyên,
ví dụ 27.309' for a criterion typed '18.1', an indicator)."""


def with_value_details(issues: pd.DataFrame, ctx: ValidationContext) -> pd.DataFrame:
    """Each problem of a rule in _DETAILS told its fact, worked out once per distinct value; then those
    of a rule and field in _FIELD_DETAILS."""
    issues = _with_field_details(issues, ctx)
    wanting = issues["rule"].isin(list(_DETAILS)).to_numpy(bool) & issues["detail"].isna().to_numpy(bool)
    if not wanting.any():
        return issues
    keys = list(zip(issues.loc[wanting, "rule"], issues.loc[wanting, "value"], strict=True))
    facts = {(rule, value): _DETAILS[rule](value, ctx) for rule, value in set(keys)}
    detail = issues["detail"].astype(object)
    detail[wanting] = [facts[key] for key in keys]
    return issues.assign(detail=detail)


def _with_field_details(issues: pd.DataFrame, ctx: ValidationContext) -> pd.DataFrame:
    detail = None
    present = set(issues["rule"].dropna().unique())
    for (rule, field_name), tell in _FIELD_DETAILS.items():
        if rule not in present:
            continue
        wanting = (issues["rule"].eq(rule) & issues["field"].eq(field_name) & issues["detail"].isna()).fillna(False)
        if wanting.any():
            detail = issues["detail"].astype(object) if detail is None else detail
            detail[wanting.to_numpy(bool)] = [tell(cell, ctx) for cell in issues.loc[wanting, "value"]]
    return issues if detail is None else issues.assign(detail=detail)
