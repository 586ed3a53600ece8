"""The blank submission template: generated from the sheet models, read back by the reader as empty,
offering the year's lists in dropdowns, and accepted once a province officer fills in one cadre."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from cadres.template import (
    FIELD_NOTES,
    FIRST_DATA_ROW,
    HEADER_ROW,
    LAST_DATA_ROW,
    LISTS_SHEET,
    REQUIRED_MARK,
    dropdown_list,
    write_template,
)
from cadres.workbook import read_workbook
from schemas import codelists as cl
from schemas.parsing import parse_sheet
from schemas.reference_data import communes, provinces
from schemas.sheets import DATA_SHEETS, SHEETS, SHEETS_BY_NAME
from schemas.validation import validate_workbook
from tests import workbooks as wb

CASES = [(2024, None), (2024, "08"), (2026, None), (2026, "08")]
CASE_IDS = [f"{year}-{province or 'all'}" for year, province in CASES]
THONGTIN_REQUIRED = {"Mã tỉnh", "Năm báo cáo", "Người lập", "Ngày lập"}  # contract §2.1
LIST_KINDS = {"code", "position", "ethnicity", "bool", "code5"}
_RANGE = re.compile(rf"{LISTS_SHEET}!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)")


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[int, str | None], Path]:
    """Each case's template, written once for the module (an all-communes legacy list is 10,035 rows)."""
    folder = tmp_path_factory.mktemp("templates")
    return {
        (year, province): write_template(year, folder / f"mau_{year}_{province or 'all'}.xlsx", province)
        for year, province in CASES
    }


@pytest.fixture(scope="module")
def books(templates: dict[tuple[int, str | None], Path]) -> dict[tuple[int, str | None], openpyxl.Workbook]:
    """The templates as openpyxl sees them, loaded once; tests only look (the filled test loads its own)."""
    return {case: openpyxl.load_workbook(path) for case, path in templates.items()}


def _bare(header: object) -> str:
    text = str(header)
    return text.removesuffix(REQUIRED_MARK)


def _standard_headers(sheet_name: str) -> list[str]:
    return [(c.metadata or {})["header"] for c in SHEETS_BY_NAME[sheet_name].fields.values()]


def _header_cells(sheet: Worksheet) -> dict[str, str]:
    """Standard header (required mark removed) → column letter, from the header row."""
    return {_bare(c.value): c.column_letter for c in sheet[HEADER_ROW] if c.value is not None}


def _info_rows(sheet: Worksheet) -> dict[str, int]:
    """ThongTin key (required mark removed) → its row."""
    keys = set(_standard_headers("ThongTin"))
    return {_bare(c.value): c.row for c in sheet["A"] if c.value is not None and _bare(c.value) in keys}


def _validation_at(sheet: Worksheet, coordinate: str) -> DataValidation | None:
    found = [dv for dv in sheet.data_validations.dataValidation if coordinate in dv]
    assert len(found) <= 1, f"{sheet.title}!{coordinate} has {len(found)} validations"
    return found[0] if found else None


def _list_values(book: openpyxl.Workbook, validation: DataValidation) -> list:
    """The values a list validation offers, read from the range it references in DanhMuc."""
    assert validation.type == "list"
    match = _RANGE.fullmatch(validation.formula1)
    assert match, f"list not referenced by a DanhMuc range: {validation.formula1!r}"
    first_col, first_row, last_col, last_row = match.groups()
    assert first_col == last_col
    cells = book[LISTS_SHEET][f"{first_col}{first_row}:{last_col}{last_row}"]
    return [row[0].value for row in cells]


def _column_list(book: openpyxl.Workbook, sheet_name: str, header: str) -> list:
    """The dropdown of a data sheet's column; it must cover the whole prepared row range."""
    sheet = book[sheet_name]
    letter = _header_cells(sheet)[header]
    validation = _validation_at(sheet, f"{letter}{FIRST_DATA_ROW}")
    assert validation is not None, f"{sheet_name}.{header} has no dropdown"
    assert f"{letter}{LAST_DATA_ROW}" in validation and f"{letter}{HEADER_ROW}" not in validation
    return _list_values(book, validation)


def _column_format(sheet: Worksheet, letter: str) -> str:
    index = openpyxl.utils.column_index_from_string(letter)
    dims = [d for d in sheet.column_dimensions.values() if d.min is not None and d.min <= index <= d.max]
    return dims[0].number_format if dims else "General"


# ---------------------------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "province"), CASES, ids=CASE_IDS)
def test_every_sheet_and_standard_header_is_present(books: dict, year: int, province: str | None) -> None:
    book = books[(year, province)]
    assert book.sheetnames == ["ThongTin", *DATA_SHEETS, LISTS_SHEET]
    assert book[LISTS_SHEET].sheet_state == "hidden" and book.active.title == "ThongTin"
    for name in DATA_SHEETS:
        spec = SHEETS_BY_NAME[name]
        sheet = book[name]
        headers = [c.value for c in sheet[HEADER_ROW]]
        assert [_bare(h) for h in headers] == _standard_headers(name)
        marked = {_bare(h) for h in headers if h.endswith(REQUIRED_MARK)}
        assert marked == {(spec.fields[f].metadata or {})["header"] for f in spec.required_fields}
        assert all(c.font.b for c in sheet[HEADER_ROW])
        assert sheet["A1"].value.startswith(f"{name} — ") and str(year) in sheet["A1"].value
        assert all(c.value for c in sheet[HEADER_ROW - 1]), "every column has a format note above its header"
        assert sheet.freeze_panes == f"A{FIRST_DATA_ROW}"
        assert all(sheet.column_dimensions[c.column_letter].width >= 12 for c in sheet[HEADER_ROW])
    info = book["ThongTin"]
    keys = _info_rows(info)
    assert list(keys) == _standard_headers("ThongTin")
    marked = {_bare(info.cell(row=r, column=1).value) for r in keys.values()}
    marked = {k for k in marked if info.cell(row=keys[k], column=1).value.endswith(REQUIRED_MARK)}
    assert marked == THONGTIN_REQUIRED


def test_title_names_the_province_when_given(books: dict) -> None:
    assert books[(2026, "08")]["CanBo"]["A1"].value == (
        "CanBo — Cán bộ, công chức cấp xã năm 2026 — Tỉnh Tuyên Quang (08)"
    )
    assert "Tuyên Quang" not in books[(2026, None)]["CanBo"]["A1"].value


@pytest.mark.parametrize(("year", "province"), CASES, ids=CASE_IDS)
def test_thongtin_values_and_dropdowns(books: dict, year: int, province: str | None) -> None:
    book = books[(year, province)]
    info = book["ThongTin"]
    rows = _info_rows(info)
    value = {key: info.cell(row=row, column=2) for key, row in rows.items()}
    assert {k: c.value for k, c in value.items()} == {
        "Mã tỉnh": province,
        "Năm báo cáo": year,
        "Người lập": None,
        "Ngày lập": None,
        "Điện thoại / Email": None,
        "Phiên bản mẫu": 1,
        "Danh mục dân tộc": "2008",
    }
    assert value["Mã tỉnh"].number_format == "@" and value["Ngày lập"].number_format == "DD/MM/YYYY"
    ethnic_list = _validation_at(info, value["Danh mục dân tộc"].coordinate)
    assert _list_values(book, ethnic_list) == ["2008", "1979"]
    province_check = _validation_at(info, value["Mã tỉnh"].coordinate)
    if province is None:
        unit_list = "legacy" if year <= 2024 else "2025"
        offered = _list_values(book, province_check)
        assert offered == list(provinces(unit_list)["province_code"]) and "08" in offered
        assert len(offered) == (63 if year <= 2024 else 34)
    else:  # a province's template takes its own code only
        assert province_check.type == "list" and province_check.formula1 == f'"{province}"'
        assert province_check.errorStyle == "stop" and province_check.showErrorMessage
    # Every list in the template is the year's: the year cell takes that year only.
    year_check = _validation_at(info, value["Năm báo cáo"].coordinate)
    assert (year_check.type, year_check.operator, year_check.formula1) == ("whole", "equal", str(year))
    assert year_check.errorStyle == "stop" and year_check.showErrorMessage
    # Excel repairs (drops) a sheet's validations whose titles pass 32 characters or messages 255 (error: 224)
    for sheet in book.worksheets:
        for check in sheet.data_validations.dataValidation:
            assert len(check.errorTitle or "") <= 32 and len(check.promptTitle or "") <= 32, sheet.title
            assert len(check.error or "") <= 224 and len(check.prompt or "") <= 255, sheet.title


@pytest.mark.parametrize(("year", "province"), CASES, ids=CASE_IDS)
def test_code_columns_are_text_and_dates_are_dates(books: dict, year: int, province: str | None) -> None:
    book = books[(year, province)]
    for name in DATA_SHEETS:
        spec, sheet = SHEETS_BY_NAME[name], book[name]
        letters = _header_cells(sheet)
        for column in spec.fields.values():
            meta = column.metadata or {}
            expected = {"date": "DD/MM/YYYY", "int": "#,##0"}.get(meta["kind"], "@")
            assert _column_format(sheet, letters[meta["header"]]) == expected, (name, meta["header"])


# ---------------------------------------------------------------------------------------------
# Round trip through the reader
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "province"), CASES, ids=CASE_IDS)
def test_reader_finds_every_field_and_no_rows(templates: dict, year: int, province: str | None) -> None:
    book = read_workbook(templates[(year, province)])
    assert set(book.sheets) == {spec.name for spec in SHEETS}
    assert book.headerless_sheets == []
    # The lists sheet is the template's own: the reader knows it and says nothing about it.
    assert book.unknown_sheets == []
    for name in DATA_SHEETS:
        raw = book.sheets[name]
        assert raw.header_row == HEADER_ROW
        assert raw.missing_fields == [] and raw.unknown_columns == []
        assert set(raw.headers) == set(SHEETS_BY_NAME[name].fields)
        assert raw.frame.empty
    info = book.sheets["ThongTin"].frame.iloc[0]
    assert info["report_year"] == str(year)
    assert pd.isna(info["province_code"]) if province is None else info["province_code"] == province
    assert info["ethnicity_code_list"] == "2008" and info["template_version"] == "1"
    assert pd.isna(info["prepared_by"]) and pd.isna(info["prepared_on"])


# ---------------------------------------------------------------------------------------------
# Dropdowns
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "province"), CASES, ids=CASE_IDS)
def test_every_code_list_column_has_its_dropdown(books: dict, year: int, province: str | None) -> None:
    book = books[(year, province)]
    for name in DATA_SHEETS:
        spec = SHEETS_BY_NAME[name]
        for field_name, column in spec.fields.items():
            meta = column.metadata or {}
            listed = meta["kind"] in LIST_KINDS or (name, field_name) == ("TieuChi", "criterion_no")
            letter = _header_cells(book[name])[meta["header"]]
            if not listed:
                assert _validation_at(book[name], f"{letter}{FIRST_DATA_ROW}") is None, (name, field_name)
                continue
            offered = _column_list(book, name, meta["header"])
            assert offered and None not in offered, (name, field_name)
            if meta["codelist"] and (name, field_name) != ("CanBo", "staff_group"):  # that one: per year, below
                assert offered == list(cl.CODE_LISTS_BY_NAME[meta["codelist"]].canonical)
            if meta["kind"] == "bool":
                assert offered == ["Có", "Không"]


@pytest.mark.parametrize(("year", "province"), CASES, ids=CASE_IDS)
def test_lists_hold_the_year_values(books: dict, year: int, province: str | None) -> None:
    book = books[(year, province)]
    positions = _column_list(book, "CanBo", "Chức vụ")
    assert "Phó Chủ tịch UBND" in positions
    assert positions == [p.name for p in cl.positions() if p.first_year <= year <= p.last_year]
    if year <= 2024:
        assert "Văn phòng - thống kê" in positions and "Trưởng phòng" not in positions
    else:
        assert "Trưởng phòng" in positions and "Văn phòng - thống kê" not in positions
    ethnic = _column_list(book, "CanBo", "Dân tộc")
    assert "Mường" in ethnic and len(ethnic) == len(set(ethnic)) == 54
    # The groups of the year's posts: the part-time post ends in 2024, so does its group in the dropdown.
    groups = ["Cán bộ", "Công chức", "Không chuyên trách"] if year <= 2024 else ["Cán bộ", "Công chức"]
    assert _column_list(book, "CanBo", "Nhóm") == groups

    unit_list = "legacy" if year <= 2024 else "2025"
    frame = communes(unit_list)
    expected = frame if province is None else frame[frame["province_code"] == province]
    for sheet_name in ("CanBo", "TieuChi", "CongNhan"):
        offered = _column_list(book, sheet_name, "Mã xã")
        assert "02245" in offered and sorted(offered) == sorted(expected["commune_code"])
    assert len(offered) == {"legacy": 10035, "2025": 3321}[unit_list] or province is not None
    if province == "08" and year <= 2024:
        assert "02488" in offered and "07033" not in offered  # Trung Môn (08), Kỳ Thượng (22)
    names = book[LISTS_SHEET]  # beside each code, the commune's name to look it up by
    code_cell = next(c for col in names.iter_cols() for c in col if c.value == "02245")
    assert names.cell(row=code_cell.row, column=code_cell.column + 1).value.startswith("Xã Côn Lôn (")

    criteria = _column_list(book, "TieuChi", "Mã tiêu chí")
    assert criteria == list(range(1, 11) if year >= 2026 else range(1, 20))


def test_lists_are_written_once_and_reused(books: dict) -> None:
    book = books[(2024, "08")]
    formulas = {
        (name, dv.formula1)
        for name in DATA_SHEETS
        for dv in book[name].data_validations.dataValidation
        if dv.formula1 and "Mã xã" in (dv.promptTitle or "")
    }
    assert len({f for _, f in formulas}) == 1 and {n for n, _ in formulas} == {"CanBo", "TieuChi", "CongNhan"}


@pytest.mark.parametrize("year", [2024, 2026])
def test_reader_takes_every_list_value_as_is(year: int) -> None:
    """A value picked from a dropdown is read back unchanged (code lists, posts, groups, communes)."""
    seen: set[str] = set()
    for name in DATA_SHEETS:
        spec = SHEETS_BY_NAME[name]
        for field_name, column in spec.fields.items():
            dropdown = dropdown_list(spec, field_name, year)
            if dropdown is None or dropdown.key in seen:
                continue
            seen.add(dropdown.key)
            values = pd.Series([str(v) for v in dropdown.values], dtype="string[pyarrow]")
            raw = pd.DataFrame({f: values if f == field_name else pd.NA for f in spec.fields}, dtype="string[pyarrow]")
            typed, issues = parse_sheet(raw, spec, {})
            assert issues.empty, (name, field_name, issues)
            kind = (column.metadata or {})["kind"]
            if kind == "bool":
                assert typed[field_name].tolist() == [True, False]
            elif kind == "int":
                assert typed[field_name].tolist() == list(dropdown.values)
            else:
                assert typed[field_name].tolist() == list(dropdown.values), (name, field_name)


def test_field_notes_name_real_fields() -> None:
    assert all(field in SHEETS_BY_NAME[sheet].fields for sheet, field in FIELD_NOTES)


# ---------------------------------------------------------------------------------------------
# Filled in by a province officer
# ---------------------------------------------------------------------------------------------


def _cadre(year: int) -> dict[str, object]:
    """One cadre as an officer enters it: real dates, values picked from the dropdowns."""
    return {
        "Số định danh cá nhân": wb.MALE_1980,
        "Họ và tên": "Nguyễn Văn An",
        "Ngày sinh": dt.date(1980, 3, 15),
        "Giới tính": "Nam",
        "Dân tộc": "Tày",
        "Mã xã": wb.SHARED_COMMUNE,
        "Chức vụ": "Chủ tịch UBND",
        "Nhóm": "Cán bộ",
        "Ngày bổ nhiệm": dt.date(year - 3, 7, 1),
        "Trình độ chuyên môn": "Đại học",
        "Chuyên ngành": "Luật",
        "Lý luận chính trị": "Trung cấp",
        "Đảng viên": "Có",
        "Lĩnh vực phụ trách": "Kinh tế",
        "Đạt chuẩn": "Có",
    }


@pytest.mark.parametrize(("year", "province"), CASES, ids=CASE_IDS)
def test_filled_template_is_accepted(templates: dict, tmp_path: Path, year: int, province: str | None) -> None:
    book = openpyxl.load_workbook(templates[(year, province)])
    info = book["ThongTin"]
    rows = _info_rows(info)
    if province is None:
        info.cell(row=rows["Mã tỉnh"], column=2, value="08")
    info.cell(row=rows["Người lập"], column=2, value="Nguyễn Thị Lan")
    info.cell(row=rows["Ngày lập"], column=2, value=dt.date(year, 11, 20))
    sheet = book["CanBo"]
    letters = _header_cells(sheet)
    for header, value in _cadre(year).items():
        cell = sheet[f"{letters[header]}{FIRST_DATA_ROW}"]
        cell.value = value
        validation = _validation_at(sheet, cell.coordinate)
        if validation is not None:
            assert value in _list_values(book, validation), (header, value)
    path = tmp_path / "08" / "bao_cao.xlsx"
    path.parent.mkdir()
    book.save(path)

    result = validate_workbook(read_workbook(path), folder_province="08")
    assert result.status == "accepted", result.issues
    assert result.rows_loaded == 1 and len(result.valid_rows["CanBo"]) == 1
    loaded = result.valid_rows["CanBo"].iloc[0]
    assert loaded["national_id"] == wb.MALE_1980 and loaded["commune_code"] == "02245"
    assert loaded["birth_date"] == pd.Timestamp(1980, 3, 15) and bool(loaded["meets_standard"])
    assert (result.info.province_code, result.info.report_year) == ("08", year)
    # Not a single remark: the hidden lists sheet is the template's own.
    assert result.issues.empty


# ---------------------------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "province", "name", "message"),
    [
        (2009, None, "mau.xlsx", "2010"),
        (2024, "99", "mau.xlsx", "không có trong danh mục trước 2025"),
        # Hà Giang: a legacy code only; the national team is told the province that took it in
        (
            2026,
            "02",
            "mau.xlsx",
            "không có trong danh mục 2025 (Từ ngày 01/7/2025, Tỉnh Hà Giang (mã cũ 02) thuộc Tỉnh Tuyên Quang",
        ),
        (2031, None, "mau.xlsx", "chưa có bộ tiêu chí nông thôn mới quốc gia cho năm 2031"),
        (2024, None, "mau.xls", ".xlsx"),
    ],
)
def test_bad_arguments_are_refused(tmp_path: Path, year: int, province: str | None, name: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        write_template(year, tmp_path / name, province)
    assert not (tmp_path / name).exists()
