"""A blank submission workbook for one reporting year, generated from the sheet models.

Sheet names, headers, required marks, formats and dropdown lists all come from `schemas`
(sheets.py, codelists.py, reference_data.py), so the template cannot drift from what the reader
and the validator expect. Layout of every data sheet:

    row 1  title ("CanBo — Cán bộ, công chức cấp xã năm 2024")
    row 2  how to fill the sheet
    row 3  per column, the expected format ("dd/mm/yyyy", "Có/Không", "Chọn trong danh sách")
    row 4  the standard's headers, bold; required ones end in " (*)" (the reader ignores
           parenthetical notes) and are dark red
    row 5… data

The format notes sit above the header because the reader takes every non-empty row under the
header as data (only a numbering row like "(1) (2)" is dropped). Dropdowns reference lists kept
in a hidden (not very hidden: provinces may unhide it to look up a commune's name) sheet
`DanhMuc`, because inline lists are limited to 255 characters; a value outside a list is refused
(error style "stop"), so a template-made file carries the values exactly as the standard spells
them. The reader's tolerance for other spellings stays for files not made from the template.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from schemas import codelists as cl
from schemas.reference_data import UnitList, communes, criteria_set_for_year, provinces, unit_list_for_year
from schemas.sheets import DATA_SHEETS, FIRST_REPORT_YEAR, SHEETS_BY_NAME, SheetSpec
from schemas.unit_facts import merged_into

TEMPLATE_VERSION = 1
DEFAULT_ETHNICITY_CODE_LIST = "2008"
LISTS_SHEET = "DanhMuc"
TITLE_ROW, GUIDE_ROW, NOTES_ROW, HEADER_ROW = 1, 2, 3, 4
FIRST_DATA_ROW = HEADER_ROW + 1
DATA_ROWS = 20_000
"""Rows prepared (formats, dropdowns) under the header: a large legacy province lists more than
10,000 cadres, and ~560 communes × 19 criteria in TieuChi."""
LAST_DATA_ROW = HEADER_ROW + DATA_ROWS
REQUIRED_MARK = " (*)"
BOOLEAN_VALUES = ("Có", "Không")

SHEET_TITLES = {
    "ThongTin": "Thông tin chung về báo cáo",
    "CanBo": "Cán bộ, công chức cấp xã",
    "KhoaHoc": "Khóa đào tạo, bồi dưỡng, tập huấn tổ chức trong năm",
    "HocVien": "Học viên tham gia các khóa học",
    "TieuChi": "Kết quả thực hiện tiêu chí nông thôn mới của xã",
    "CongNhan": "Xã được công nhận đạt chuẩn nông thôn mới trong năm",
}

KIND_NOTES = {
    "text": "Văn bản",
    "id": "12 chữ số (dạng văn bản)",
    "code": "Chọn trong danh sách",
    "position": "Chọn trong danh sách",
    "ethnicity": "Chọn trong danh sách",
    "date": "dd/mm/yyyy",
    "bool": "Có/Không",
    "int": "Số nguyên",
    "code2": "2 chữ số",
    "code5": "5 chữ số, chọn trong danh sách",
    "course": "Mã do tỉnh đặt",
}
FIELD_NOTES = {
    ("ThongTin", "province_code"): "2 chữ số, mã tỉnh (GSO)",
    ("ThongTin", "report_year"): "Năm, 4 chữ số",
    ("ThongTin", "prepared_on"): "Ngày lập báo cáo, dd/mm/yyyy",
    ("ThongTin", "template_version"): "Giữ nguyên",
    ("ThongTin", "ethnicity_code_list"): "2008 (mặc định) hoặc 1979",
    ("CanBo", "national_id"): "12 chữ số (dạng văn bản), không trùng",
    ("CanBo", "staff_group"): "Chọn trong danh sách, khớp với Chức vụ",
    ("CanBo", "program"): "Chọn trong danh sách; để trống nếu không thuộc diện nào",
    ("CanBo", "sending_agency"): "Bắt buộc khi Chương trình là Biệt phái hoặc Luân chuyển",
    ("KhoaHoc", "course_code"): "Mã do tỉnh đặt, không trùng",
    ("KhoaHoc", "degree_level"): "Chọn khi Loại hình là Đào tạo; để trống nếu không",
    ("KhoaHoc", "participant_count"): "Số nguyên ≥ 0",
    ("KhoaHoc", "budget_vnd"): "Số nguyên (đồng)",
    ("HocVien", "course_code"): "Mã khóa học có ở sheet KhoaHoc",
    ("HocVien", "national_id"): "12 chữ số, có ở sheet CanBo",
    ("TieuChi", "assessed_on"): "dd/mm/yyyy, trong năm báo cáo",
    ("CongNhan", "decided_on"): "dd/mm/yyyy, đến 30/06 năm sau",
}
"""Notes that say more than the field's kind; keyed by (sheet, field) of the models."""

CRITERION_FIELD = ("TieuChi", "criterion_no")
"""The one list column whose list is not a code list: the criteria of the year's national set."""
STAFF_GROUP_FIELD = ("CanBo", "staff_group")
"""A code list offered in part: the groups of the year's posts (no part-time post from 2025)."""

TEXT_FORMAT = "@"
KIND_FORMATS = {"date": "DD/MM/YYYY", "int": "#,##0"}

_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill(fill_type="solid", start_color="DDEBF7", end_color="DDEBF7")
_NOTES_FILL = PatternFill(fill_type="solid", start_color="F2F2F2", end_color="F2F2F2")
_REQUIRED_COLOR = "C00000"


@dataclass(frozen=True)
class DropdownList:
    """A list offered in a dropdown: its values (first column in DanhMuc) and lookup columns beside it."""

    key: str
    label: str
    values: tuple[Any, ...]
    details: tuple[tuple[str, tuple[Any, ...]], ...] = ()


def write_template(year: int, out: Path, province_code: str | None = None) -> Path:
    """Write the blank submission workbook for `year` (optionally for one province) to `out` (.xlsx)."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise ValueError(f"mẫu là sổ làm việc .xlsx, không phải {out.suffix or 'tệp không có đuôi'!r}")
    _check_year(year)
    unit_list = unit_list_for_year(year)
    province_name = _province_name(unit_list, province_code) if province_code is not None else None

    book = openpyxl.Workbook()
    book.remove(book.active)
    lists = _ListsSheet(book.create_sheet(LISTS_SHEET))
    place = f" — {province_name} ({province_code})" if province_name else ""
    info = book.create_sheet("ThongTin", 0)
    _write_info_sheet(info, lists, year, province_code, place)
    for name in DATA_SHEETS:
        sheet = book.create_sheet(name, len(book.sheetnames) - 1)
        _write_data_sheet(sheet, SHEETS_BY_NAME[name], lists, year, province_code, place)
    lists.finish()
    book.active = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


# ---------------------------------------------------------------------------------------------
# What each column offers
# ---------------------------------------------------------------------------------------------


def _check_year(year: int) -> None:
    if not isinstance(year, int) or year < FIRST_REPORT_YEAR:
        raise ValueError(f"năm báo cáo bắt đầu từ {FIRST_REPORT_YEAR}, không phải {year!r}")
    try:
        criteria_set_for_year(year)
    except ValueError:
        raise ValueError(f"chưa có bộ tiêu chí nông thôn mới quốc gia cho năm {year}") from None


def _province_name(unit_list: UnitList, province_code: str) -> str:
    known = provinces(unit_list).set_index("province_code")["province_name"]
    if province_code not in known.index:
        successor = merged_into(province_code) if unit_list == "2025" else None
        listed = "danh mục 2025" if unit_list == "2025" else "danh mục trước 2025"
        raise ValueError(
            f"mã tỉnh {province_code!r} không có trong {listed}" + (f" ({successor[1]})" if successor else "")
        )
    return str(known[province_code])


def is_required(spec: SheetSpec, name: str) -> bool:
    """Required: not nullable, or checked by a rule that fails on an empty cell (ThongTin's keys)."""
    column = spec.fields[name]
    return not column.nullable or any(not check.ignore_na for check in column.checks)


def field_note(spec: SheetSpec, name: str, year: int) -> str:
    """The expected format of a column, in Vietnamese."""
    if (spec.name, name) == CRITERION_FIELD:
        numbers = sorted(criteria_set_for_year(year).criteria)
        return f"Chọn trong danh sách ({numbers[0]}–{numbers[-1]})"
    meta = spec.fields[name].metadata or {}
    return FIELD_NOTES.get((spec.name, name), KIND_NOTES.get(meta.get("kind", "text"), KIND_NOTES["text"]))


def dropdown_list(spec: SheetSpec, name: str, year: int, province_code: str | None = None) -> DropdownList | None:
    """The list a column offers for `year`, or None for a free column."""
    meta = spec.fields[name].metadata or {}
    kind = meta.get("kind")
    if (spec.name, name) == CRITERION_FIELD:
        cset = criteria_set_for_year(year)
        numbers = tuple(sorted(cset.criteria))
        return DropdownList(
            f"criteria_{cset.name}",
            "Mã tiêu chí",
            numbers,
            ((f"Tên tiêu chí ({cset.decision})", tuple(cset.criteria[n] for n in numbers)),),
        )
    if (spec.name, name) == STAFF_GROUP_FIELD:  # the groups the year's posts belong to (no part-time post from 2025)
        groups = {p.staff_group for p in cl.positions() if p.first_year <= year <= p.last_year}
        offered = tuple(group for group in cl.STAFF_GROUP.canonical if group in groups)
        return DropdownList(f"{cl.STAFF_GROUP.name}_{year}", cl.STAFF_GROUP.label_vi, offered)
    if meta.get("codelist"):
        code_list = cl.CODE_LISTS_BY_NAME[meta["codelist"]]
        return DropdownList(code_list.name, code_list.label_vi, code_list.canonical)
    if kind == "bool":
        return DropdownList("boolean", "Có/Không", BOOLEAN_VALUES)
    if kind == "ethnicity":
        groups = cl.ethnic_groups()
        return DropdownList(
            "ethnicity",
            "Dân tộc",
            tuple(g.name for g in groups),
            (("Mã (2008)", tuple(g.code_2008 for g in groups)), ("Mã (1979)", tuple(g.code_1979 for g in groups))),
        )
    if kind == "position":
        valid = [p for p in cl.positions() if p.first_year <= year <= p.last_year]
        return DropdownList(
            f"position_{year}",
            f"Chức vụ (năm {year})",
            tuple(p.name for p in valid),
            (("Nhóm", tuple(p.staff_group for p in valid)),),
        )
    if kind == "code5":
        return _commune_list(unit_list_for_year(year), province_code)
    if kind == "code2" and province_code is None:
        unit_list = unit_list_for_year(year)
        frame = provinces(unit_list)
        return DropdownList(
            f"provinces_{unit_list}",
            "Mã tỉnh",
            _texts(frame["province_code"]),
            (("Tên tỉnh", _texts(frame["province_name"])),),
        )
    return None


def _commune_list(unit_list: UnitList, province_code: str | None) -> DropdownList:
    """Communes of the list (of one province if given); beside each code, its name and where it lies."""
    frame = communes(unit_list).sort_values("commune_code")
    if province_code is not None:
        frame = frame[frame["province_code"] == province_code]
    parents = frame["province_name"] if unit_list == "2025" else frame["district_name"] + ", " + frame["province_name"]
    names = frame["commune_name"] + " (" + parents.fillna("") + ")"
    label = "danh mục từ 2025" if unit_list == "2025" else "danh mục trước 2025"
    return DropdownList(
        f"communes_{unit_list}_{province_code or 'all'}",
        f"Mã xã ({label})",
        _texts(frame["commune_code"]),
        (("Tên xã (huyện, tỉnh)" if unit_list == "legacy" else "Tên xã (tỉnh)", _texts(names)),),
    )


def _texts(values: pd.Series) -> tuple[str, ...]:
    return tuple("" if pd.isna(v) else str(v) for v in values)


def _number_format(spec: SheetSpec, name: str) -> str:
    kind = spec.kind(name)
    return KIND_FORMATS.get(kind, TEXT_FORMAT)


def _header_text(spec: SheetSpec, name: str) -> str:
    header = (spec.fields[name].metadata or {}).get("header", name)
    return header + REQUIRED_MARK if is_required(spec, name) else header


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


class _ListsSheet:
    """The hidden sheet of dropdown lists: one block of columns per list, label in row 1."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.next_column = 1
        self.ranges: dict[str, str] = {}

    def range_of(self, dropdown: DropdownList) -> str:
        """The absolute range of the list's values (written once, however many columns use it)."""
        if dropdown.key in self.ranges:
            return self.ranges[dropdown.key]
        first = self.next_column
        for offset, (label, values) in enumerate(((dropdown.label, dropdown.values), *dropdown.details)):
            column = first + offset
            head = self.sheet.cell(row=1, column=column, value=label)
            head.font = Font(bold=True)
            head.fill = _HEADER_FILL
            for row, value in enumerate(values, start=2):
                cell = self.sheet.cell(row=row, column=column, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
            longest = max((len(str(v)) for v in (label, *values)), default=10)
            self.sheet.column_dimensions[get_column_letter(column)].width = min(max(longest + 2, 10), 60)
        self.next_column = first + 1 + len(dropdown.details) + 1  # a blank column between lists
        letter = get_column_letter(first)
        self.ranges[dropdown.key] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(dropdown.values) + 1}"
        return self.ranges[dropdown.key]

    def finish(self) -> None:
        self.sheet.freeze_panes = "A2"
        self.sheet.sheet_state = "hidden"


def _list_validation(formula: str, title: str, prompt: str) -> DataValidation:
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Giá trị không có trong danh mục",
        error="Chọn một giá trị trong danh sách thả xuống (danh mục đầy đủ ở sheet DanhMuc).",
        showInputMessage=True,
        promptTitle=title[:32],
        prompt=prompt[:255],
    )


def _fixed_value_validation(title: str, prompt: str, value: int | str, why: str) -> DataValidation:
    """The one value the template is made for (its year, a number; its province, a code): every list in
    it depends on it."""
    number = isinstance(value, int)
    return DataValidation(
        type="whole" if number else "list",
        operator="equal" if number else None,
        formula1=str(value) if number else f'"{value}"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Chỉ dùng cho năm/tỉnh của mẫu",  # Excel takes 32 characters at most
        error=why[:224],  # and 224 here
        showInputMessage=True,
        promptTitle=title[:32],
        prompt=prompt[:255],
    )


def _prompt_validation(title: str, prompt: str) -> DataValidation:
    """No restriction, only a note shown when the cell is selected."""
    return DataValidation(allow_blank=True, showInputMessage=True, promptTitle=title[:32], prompt=prompt[:255])


def _style_header(cell: Any, required: bool) -> None:
    cell.font = Font(bold=True, color=_REQUIRED_COLOR if required else None)
    cell.fill = _HEADER_FILL
    cell.border = _BORDER
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _write_title(sheet: Worksheet, text: str, guide: str) -> None:
    sheet.cell(row=TITLE_ROW, column=1, value=text).font = Font(bold=True, size=13)
    sheet.cell(row=GUIDE_ROW, column=1, value=guide).font = Font(italic=True, color="595959")


def _write_data_sheet(
    sheet: Worksheet, spec: SheetSpec, lists: _ListsSheet, year: int, province_code: str | None, place: str
) -> None:
    _write_title(
        sheet,
        f"{spec.name} — {SHEET_TITLES[spec.name]} năm {year}{place}",
        f"Nhập dữ liệu từ dòng {FIRST_DATA_ROW}, mỗi dòng một bản ghi. Cột có dấu (*) là bắt buộc. "
        f"Không đổi tên sheet và tiêu đề cột. Danh mục đầy đủ ở sheet ẩn {LISTS_SHEET}.",
    )
    for index, name in enumerate(spec.fields, start=1):
        letter = get_column_letter(index)
        note = field_note(spec, name, year)
        notes_cell = sheet.cell(row=NOTES_ROW, column=index, value=note)
        notes_cell.font = Font(italic=True, size=9, color="595959")
        notes_cell.fill = _NOTES_FILL
        notes_cell.border = _BORDER
        notes_cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header = _header_text(spec, name)
        _style_header(sheet.cell(row=HEADER_ROW, column=index, value=header), is_required(spec, name))

        dimension = sheet.column_dimensions[letter]
        dimension.number_format = _number_format(spec, name)
        dropdown = dropdown_list(spec, name, year, province_code)
        longest_value = 0
        if dropdown is not None:
            validation = _list_validation(lists.range_of(dropdown), header, note)
            validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_DATA_ROW}")
            sheet.add_data_validation(validation)
            longest_value = max(len(str(v)) for v in dropdown.values)
        dimension.width = min(max(len(header) + 4, len(note) // 2 + 4, min(longest_value, 40) + 3, 12), 45)
    sheet.row_dimensions[NOTES_ROW].height = 30
    sheet.row_dimensions[HEADER_ROW].height = 32
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _info_values(year: int, province_code: str | None) -> dict[str, Any]:
    """Values the template fills in ThongTin, by field."""
    return {
        "province_code": province_code,
        "report_year": year,
        "template_version": TEMPLATE_VERSION,
        "ethnicity_code_list": DEFAULT_ETHNICITY_CODE_LIST,
    }


INFO_FIRST_ROW = 4
"""ThongTin: title, guide, then a "Mục | Giá trị" header in row 3 and one key per row from row 4."""


def _write_info_sheet(sheet: Worksheet, lists: _ListsSheet, year: int, province_code: str | None, place: str) -> None:
    spec = SHEETS_BY_NAME["ThongTin"]
    _write_title(
        sheet,
        f"ThongTin — {SHEET_TITLES['ThongTin']} năm {year}{place}",
        "Điền cột Giá trị; mục có dấu (*) là bắt buộc. Không đổi nội dung cột Mục.",
    )
    _style_header(sheet.cell(row=3, column=1, value="Mục"), False)
    _style_header(sheet.cell(row=3, column=2, value="Giá trị"), False)
    values = _info_values(year, province_code)
    for row, name in enumerate(spec.fields, start=INFO_FIRST_ROW):
        required = is_required(spec, name)
        key = sheet.cell(row=row, column=1, value=_header_text(spec, name))
        key.font = Font(bold=True, color=_REQUIRED_COLOR if required else None)
        key.border = _BORDER
        value = sheet.cell(row=row, column=2, value=values.get(name))
        value.border = _BORDER
        value.alignment = Alignment(horizontal="left")
        kind = spec.kind(name)
        value.number_format = "0" if kind == "int" else _number_format(spec, name)
        if isinstance(value.value, str):
            value.data_type = "s"
        note = field_note(spec, name, year)
        dropdown = dropdown_list(spec, name, year, province_code)
        fixed = {"report_year": year, "province_code": province_code}.get(name)
        if fixed is not None:  # a template reused for another year or province would check against wrong lists
            made_for = f"năm {year}" + (f", tỉnh {province_code}" if province_code else "")
            what = "năm và tỉnh đó" if province_code else "năm đó"
            why = (
                f"Mẫu này làm cho {made_for}: danh mục xã, tiêu chí, chức vụ trong mẫu là của {what}. "
                "Năm hoặc tỉnh khác: tạo mẫu mới (cadres template)."
            )
            validation = _fixed_value_validation(key.value, note, fixed, why)
        elif dropdown is not None:
            validation = _list_validation(lists.range_of(dropdown), key.value, note)
        else:
            validation = _prompt_validation(key.value, note)
        validation.add(value.coordinate)
        sheet.add_data_validation(validation)
    _write_guide(sheet, INFO_FIRST_ROW + len(spec.fields) + 1, year)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 36


def _write_guide(sheet: Worksheet, first_row: int, year: int) -> None:
    """Instructions under the keys (no line is a key of ThongTin, so the reader passes over them)."""
    cset = criteria_set_for_year(year)
    units = "danh mục đơn vị hành chính từ 2025" if unit_list_for_year(year) == "2025" else "danh mục trước 2025"
    lines: Sequence[str] = (
        "Hướng dẫn",
        f"1. Mỗi tỉnh nộp một tệp cho năm {year}; số liệu tính đến ngày 31/12/{year}.",
        "2. Nhập dữ liệu vào các sheet " + ", ".join(DATA_SHEETS) + f", từ dòng {FIRST_DATA_ROW}.",
        "3. Cột có dấu (*) là bắt buộc; dòng chữ nghiêng trên tiêu đề cột cho biết cách nhập.",
        "4. Ngày nhập dd/mm/yyyy; số định danh, mã xã, mã tỉnh nhập dạng văn bản để giữ số 0 ở đầu.",
        f"5. Mã xã theo {units}; tiêu chí theo {cset.decision}. Danh mục đầy đủ ở sheet ẩn {LISTS_SHEET}.",
    )
    for offset, line in enumerate(lines):
        cell = sheet.cell(row=first_row + offset, column=1, value=line)
        cell.font = Font(bold=offset == 0, italic=offset > 0, color=None if offset == 0 else "595959")
