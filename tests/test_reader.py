"""Reading real-looking province workbooks (contract §1–§2): header rows, tolerant header and sheet
names, Excel row numbers, noise rows, the four accepted file forms, legacy encodings, corrupt files.

Every workbook here is written by hand in the test (tests/workbooks.py), never by the project's
demo generator.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import struct
import unicodedata
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cadres import package_guard
from cadres.preparation import read_and_validate
from cadres.workbook import UnreadableWorkbook, read_workbook
from schemas.parsing import parse_sheet
from schemas.sheets import SHEETS_BY_NAME
from schemas.validation import validate_workbook
from tests import workbooks as wb
from tests.workbooks import (
    CANBO_HEADERS,
    FEMALE_1985,
    MALE_1975,
    MALE_1980,
    attendance_row,
    cadre_row,
    course_row,
    criteria_rows,
    national_id,
    recognition_row,
    table,
    thongtin,
    write,
    write_csv_folder,
    write_xlsx,
)

FORMATS = ["xlsx", "xls", "ods", "csv"]
TITLE_ROWS = [
    ["UBND TỈNH TUYÊN QUANG"],
    ["BIỂU 01: DANH SÁCH CÁN BỘ, CÔNG CHỨC CẤP XÃ NĂM 2024"],
    ["(Kèm theo Báo cáo số 125/BC-SNV ngày 15/01/2025)"],
]


def _path(tmp_path: Path, fmt: str, stem: str = "bao_cao") -> Path:
    """Where a workbook of the given form goes: the CSV form is a folder."""
    return tmp_path / "08" / (stem if fmt == "csv" else f"{stem}.{fmt}")


_WRITERS = {".xlsx": wb.write_xlsx, ".xls": wb.write_xls, ".ods": wb.write_ods}
"""The spreadsheet writers that lay out merges and hidden rows and columns, by suffix."""
_SUFFIX = {writer: suffix for suffix, writer in _WRITERS.items()}


def _write(tmp_path: Path, fmt: str, sheets: dict, merged: dict, hidden: dict | None = None) -> Path:
    """A workbook laid out with merges (and hidden columns) as .xlsx, or the same cells as CSV files,
    which have neither."""
    if fmt == "xlsx":
        return write_xlsx(_path(tmp_path, fmt), sheets, merged, hidden)
    return write_csv_folder(_path(tmp_path, fmt), sheets)


def _two_cadres() -> list[dict]:
    return [
        cadre_row(),
        cadre_row(national_id=FEMALE_1985, full_name="Trần Thị Bình", birth_date="02/09/1985", gender="Nữ"),
    ]


def _read_canbo(tmp_path: Path, rows: list[list], fmt: str = "xlsx", sheet_name: str = "CanBo"):
    book = read_workbook(write(_path(tmp_path, fmt), {"ThongTin": thongtin(), sheet_name: rows}))
    return book, book.sheets.get("CanBo")


# ---------------------------------------------------------------------------------------------
# Header row and header names
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("titles", [1, 2, 3])
def test_header_row_is_found_under_title_rows(tmp_path, titles):
    rows = table(_two_cadres(), title_rows=TITLE_ROWS[:titles])
    _book, sheet = _read_canbo(tmp_path, rows)
    assert sheet is not None
    assert sheet.header_row == titles + 1
    assert list(sheet.frame.index) == [titles + 2, titles + 3]
    assert list(sheet.frame["national_id"]) == [MALE_1980, FEMALE_1985]
    assert sheet.missing_fields == []
    assert sheet.unknown_columns == []


HEADER_VARIANTS = [
    ("national_id", "SO DINH DANH CA NHAN"),  # ASCII, no diacritics
    ("national_id", "số định danh cá nhân"),  # lower case
    ("commune_code", "Ma xa"),
    ("commune_code", "ma_xa"),  # snake_case
    ("commune_code", "MÃ XÃ"),
    ("full_name", unicodedata.normalize("NFD", "Họ và tên")),  # decomposed Unicode
    ("birth_date", "   Ngày sinh  "),  # surrounding spaces
    ("party_member", "dang_vien"),
    ("meets_standard", "ĐẠT CHUẨN"),
    ("national_id", "Số định danh\ncá nhân"),  # a wrapped header cell (Alt+Enter)
    ("birth_date", "Ngày sinh (dd/mm/yyyy)"),  # a note in parentheses
    # aliases declared in the models
    ("national_id", "Số CCCD"),
    ("national_id", "Số căn cước"),
    ("position", "Chức danh"),
    ("appointed_on", "Ngày bầu/bổ nhiệm"),
    ("birth_date", "Ngày tháng năm sinh"),
    # abbreviations of cadre forms (a file with them was rejected for missing columns)
    ("political_theory", "Trình độ LLCT"),
    ("political_theory", "TĐ LLCT"),
    ("political_theory", "Lý luận CT"),
    ("education", "Trình độ CMNV"),
    ("education", "Trình độ chuyên môn nghiệp vụ"),
    ("education", "TĐCM"),
    ("education", "Trình độ đào tạo"),  # was a column unknown, the required education told missing
]


@pytest.mark.parametrize(("field", "written"), HEADER_VARIANTS, ids=[f"{f}:{w.strip()!r}" for f, w in HEADER_VARIANTS])
def test_cadre_headers_match_regardless_of_case_diacritics_unicode_form_spaces_and_aliases(tmp_path, field, written):
    rows = table(_two_cadres(), title_rows=TITLE_ROWS[:1])
    rows[1] = [written if header == CANBO_HEADERS[field] else header for header in rows[1]]
    _book, sheet = _read_canbo(tmp_path, rows)
    assert sheet is not None
    assert field in sheet.headers
    assert sheet.headers[field] == written  # the header exactly as the province wrote it
    assert sheet.missing_fields == []
    assert sheet.unknown_columns == []
    expected = cadre_row()[CANBO_HEADERS[field]]
    assert sheet.frame.at[3, field] == expected


KHOAHOC_VARIANTS = [
    ("course_code", "Mã lớp"),
    ("starts_on", "Từ ngày"),
    ("ends_on", "Đến ngày"),
    ("budget_vnd", "Kinh phí (VNĐ)"),
    ("budget_vnd", "Tổng kinh phí"),  # was a column unknown, the budget left blank
    ("budget_vnd", "Tổng kinh phí (triệu đồng)"),
    ("participant_count", "SO LUOT HOC VIEN"),
    ("course_kind", "loai_hinh"),
]


@pytest.mark.parametrize(("field", "written"), KHOAHOC_VARIANTS, ids=[w for _, w in KHOAHOC_VARIANTS])
def test_course_headers_match_aliases_and_ascii(tmp_path, field, written):
    row = course_row(2024)
    standard = {
        "course_code": "Mã khóa học",
        "starts_on": "Ngày bắt đầu",
        "ends_on": "Ngày kết thúc",
        "budget_vnd": "Kinh phí (đồng)",
        "participant_count": "Số lượt học viên",
        "course_kind": "Loại hình",
    }
    rows = table([row])
    rows[0] = [written if header == standard[field] else header for header in rows[0]]
    book = read_workbook(write(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), "KhoaHoc": rows}))
    sheet = book.sheets["KhoaHoc"]
    assert sheet.headers[field] == written
    assert sheet.missing_fields == []
    assert sheet.frame.at[2, field] == row[standard[field]]


@pytest.mark.parametrize(
    ("sheet", "alias", "standard_header"),
    [("KhoaHoc", "Hình thức", "Loại hình"), ("KhoaHoc", "Mã lớp", "Mã khóa học")],
)
def test_an_alias_heading_another_column_never_takes_the_field_from_the_standard_header(
    tmp_path, sheet, alias, standard_header
):
    """An extra column left of the standard one, headed by one of its aliases ('Hình thức': the delivery
    mode, Tập trung / Trực tuyến): the standard's column is the field, the extra one an unknown column."""
    rows = table([course_row(2024), course_row(2024, course_code="KH02")])
    at = rows[0].index(standard_header)
    rows = [[*row[:at], alias if i == 0 else "Tập trung", *row[at:]] for i, row in enumerate(rows)]
    book = read_workbook(write(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), sheet: rows}))
    read = book.sheets[sheet]
    field = next(f for f, header in read.headers.items() if header == standard_header)
    assert read.frame[field].tolist() == [row[at + 1] for row in rows[1:]]
    assert [header for header, _ in read.unknown_columns] == [alias]


@pytest.mark.parametrize(
    "name",
    [
        "CanBo",
        "Cán bộ",
        "CANBO",
        " canbo ",
        "Can bo",
        "CÁN BỘ",
        unicodedata.normalize("NFD", "Cán bộ"),
        "Danh sách cán bộ",
    ],
)
def test_sheet_names_match_tolerantly(tmp_path, name):
    book, sheet = _read_canbo(tmp_path, table(_two_cadres()), sheet_name=name)
    assert sheet is not None, f"sheet {name!r} not recognised as CanBo: {book.unknown_sheets}"
    assert sheet.written_name == name
    assert book.unknown_sheets == []
    assert len(sheet.frame) == 2


@pytest.mark.parametrize("name", ["ThongTin", "Thông tin", "THONG TIN", "thongtin"])
def test_thongtin_sheet_name_and_keys_match_tolerantly(tmp_path, name):
    info = [
        ["Thông tin chung về báo cáo"],
        [],
        ["MA TINH", "08"],
        ["năm báo cáo", 2024],
        ["Người lập", "Lê Văn Hải"],
        ["Ngày lập", "15/01/2025"],
    ]
    book = read_workbook(write(_path(tmp_path, "xlsx"), {name: info, "CanBo": table(_two_cadres())}))
    assert "ThongTin" in book.sheets
    frame = book.sheets["ThongTin"].frame
    assert frame.at[0, "province_code"] == "08"
    assert frame.at[0, "report_year"] == "2024"
    assert book.sheets["ThongTin"].headers["province_code"] == "MA TINH"


def test_unrelated_sheet_is_listed_as_unknown(tmp_path):
    path = write(
        _path(tmp_path, "xlsx"),
        {"ThongTin": thongtin(), "CanBo": table(_two_cadres()), "Hướng dẫn": [["Điền theo mẫu"]]},
    )
    book = read_workbook(path)
    assert book.unknown_sheets == ["Hướng dẫn"]
    assert set(book.sheets) == {"ThongTin", "CanBo"}


# ---------------------------------------------------------------------------------------------
# Excel row numbers and noise rows
# ---------------------------------------------------------------------------------------------


def _rows_with_gaps(second_id: str = FEMALE_1985) -> list[list]:
    """Blank rows 1–2, a title in row 3, the header in row 4, data in rows 7 and 10."""
    header, first, second = table(
        [cadre_row(), cadre_row(national_id=second_id, full_name="Trần Thị Bình", birth_date="02/09/1985", gender="Nữ")]
    )
    return [[], [], ["DANH SÁCH CÁN BỘ XÃ"], header, [], [], first, [], [], second]


@pytest.mark.parametrize("fmt", FORMATS)
def test_excel_row_numbers_survive_blank_rows_above_and_between(tmp_path, fmt):
    _book, sheet = _read_canbo(tmp_path, _rows_with_gaps(), fmt)
    assert sheet.header_row == 4
    assert list(sheet.frame.index) == [7, 10]
    assert sheet.frame.at[7, "national_id"] == MALE_1980
    assert sheet.frame.at[10, "full_name"] == "Trần Thị Bình"


def test_excel_row_number_is_the_one_reported_for_a_problem(tmp_path):
    rows = _rows_with_gaps()
    rows[6] = [("31/02/1980" if cell == "15/03/1980" else cell) for cell in rows[6]]
    path = write_xlsx(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), "CanBo": rows})
    # independent check of where the bad value really sits in the file
    cells = openpyxl.load_workbook(path, read_only=True)["CanBo"]
    assert "31/02/1980" in [c for row in cells.iter_rows(min_row=7, max_row=7, values_only=True) for c in row]
    result = validate_workbook(read_workbook(path), folder_province="08")
    located = result.issues[result.issues["rule"] == "CELL.DATE_INVALID"]
    assert located[["sheet", "row", "header", "value"]].values.tolist() == [["CanBo", 7, "Ngày sinh", "31/02/1980"]]


def test_csv_empty_lines_keep_excel_row_numbers(tmp_path):
    """A CSV line is an Excel row: truly empty lines (no commas) still count."""
    folder = tmp_path / "08" / "csv"
    write_csv_folder(folder, {"ThongTin": thongtin()})
    header, first, second = table(_two_cadres())
    lines = [",".join("" if v is None else str(v) for v in row) for row in (header, first, second)]
    text = "\r\n".join(["DANH SÁCH CÁN BỘ" + "," * (len(header) - 1), "", lines[0], "", "", lines[1], "", lines[2]])
    (folder / "CanBo.csv").write_text(text + "\r\n", encoding="utf-8")
    sheet = read_workbook(folder).sheets["CanBo"]
    assert sheet.header_row == 3
    assert list(sheet.frame.index) == [6, 8]


def test_csv_title_row_without_trailing_separators_is_read(tmp_path):
    """Title rows above the header are allowed; in a CSV they often carry a single field."""
    folder = tmp_path / "08" / "csv"
    write_csv_folder(folder, {"ThongTin": thongtin()})
    header, first, second = table(_two_cadres())
    lines = [",".join("" if v is None else str(v) for v in row) for row in (header, first, second)]
    (folder / "CanBo.csv").write_text("\r\n".join(["DANH SÁCH CÁN BỘ XÃ", *lines]) + "\r\n", encoding="utf-8")
    sheet = read_workbook(folder).sheets["CanBo"]
    assert sheet.header_row == 2
    assert list(sheet.frame.index) == [3, 4]


def _numbered_table(total_row: list) -> list[list]:
    """STT column, a numbering row '(1) (2) …' under the header, blank rows, then a total row."""
    header, first, second = table(_two_cadres())
    return [
        ["DANH SÁCH CÁN BỘ XÃ"],
        ["STT", *header],
        [f"({i})" for i in range(1, len(header) + 2)],
        [1, *first],
        [],
        [2, *second],
        [None] * (len(header) + 1),
        total_row,
    ]


@pytest.mark.parametrize(
    ("label_column", "label"),
    [(0, "Tổng cộng"), (0, "TỔNG CỘNG"), (2, "Cộng"), (2, "Tổng cộng")],
    ids=["stt-tong-cong", "stt-upper", "data-cong", "data-tong-cong"],
)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_numbering_blank_and_total_rows_are_dropped_and_stt_is_ignored(tmp_path, fmt, label_column, label):
    width = len(CANBO_HEADERS) + 1
    total = [None] * width
    total[label_column] = label
    total[width - 1] = "2"  # a count under the last column, as provinces write it
    _book, sheet = _read_canbo(tmp_path, _numbered_table(total), fmt)
    assert sheet.header_row == 2
    assert list(sheet.frame.index) == [4, 6]
    assert list(sheet.frame["national_id"]) == [MALE_1980, FEMALE_1985]
    assert sheet.unknown_columns == []  # STT is silently ignored
    assert "STT" not in sheet.frame.columns


@pytest.mark.parametrize("sum_cell", ["(10) = (11)+(12)", "10=11+12", "(10)=(11) + (12)"])
def test_a_numbering_row_giving_a_column_as_a_sum_of_others_is_no_course(tmp_path: Path, sum_cell: str) -> None:
    """Forms number their columns and write how one is computed: '(1) … (9) | (10) = (11)+(12) | (11)'.
    The row was read as a course '(1)', held with eight errors the province never made (an explorer's)."""
    header, course = table([course_row()])
    numbering = [f"({n})" for n in range(1, len(header) + 1)]
    numbering[len(header) - 2] = sum_cell
    sheets = {"ThongTin": thongtin(), "KhoaHoc": [header, numbering, course]}
    path = write_xlsx(tmp_path / "08" / "danh-so.xlsx", sheets)

    result = validate_workbook(book := read_workbook(path), folder_province="08")

    assert list(book.sheets["KhoaHoc"].frame.index) == [3]
    assert not result.issues["rule"].str.startswith(("CELL.", "KHOAHOC.")).any()


def test_subtotal_rows_are_dropped_and_the_cadres_after_them_kept(tmp_path):
    """Provinces often write a 'Cộng' row under each commune's cadres: only the grand total ends the table,
    and the signature block after it is not data."""
    header, first, second = table(_two_cadres())
    third = [*second]
    third[header.index("Số định danh cá nhân")] = "008080000777"
    width = len(header)
    subtotal = ["Cộng", *[None] * (width - 2), "1"]
    rows = [header, first, subtotal, second, third, ["Tổng cộng", *[None] * (width - 2), "3"], []]
    rows += [["Người lập biểu", None, None, "Thủ trưởng đơn vị"], ["Lê Văn Hải", None, None, "Nguyễn Văn An"]]
    book, sheet = _read_canbo(tmp_path, rows)
    assert list(sheet.frame.index) == [2, 4, 5]
    assert list(sheet.frame["national_id"]) == [MALE_1980, FEMALE_1985, "008080000777"]
    # Each is named (it was dropped without a word): a cadre row taken for a total would show here.
    assert sheet.total_rows == [(3, "Cộng | 1"), (6, "Tổng cộng | 3")]
    issues = validate_workbook(book, folder_province="08").issues
    named = issues[issues["rule"] == "FILE.TOTAL_ROW_IGNORED"]
    assert named[["sheet", "row", "value"]].values.tolist() == [["CanBo", 3, "Cộng | 1"], ["CanBo", 6, "Tổng cộng | 3"]]


def test_a_total_row_is_found_under_a_first_column_holding_no_letter_t(tmp_path):
    """A first column of IDs and codes skips the pattern that looks for a total label (compiling it cost
    more than the look): what skips it must still let 'Cộng' through, whose C is its only letter there."""
    header, first, second = table(_two_cadres())
    width = len(header)
    rows = [header, first, ["Cộng", *[None] * (width - 2), "1"], second, ["cộng", *[None] * (width - 2), "2"]]
    _book, sheet = _read_canbo(tmp_path, rows)
    assert sheet.total_rows == [(3, "Cộng | 1"), (5, "cộng | 2")]
    assert list(sheet.frame["national_id"]) == [MALE_1980, FEMALE_1985]


def test_a_first_column_of_ids_is_not_searched_for_total_labels(tmp_path, monkeypatch):
    """The skip itself: under IDs, the pattern naming Unicode letters is never compiled (here it would
    fail to), and a total row's 'Cộng' still makes it run (the test above)."""
    monkeypatch.setattr("cadres.noise_rows._TOTAL_LABEL_START", "(")
    _book, sheet = _read_canbo(tmp_path, list(table(_two_cadres())))
    assert list(sheet.frame["national_id"]) == [MALE_1980, FEMALE_1985]


def test_a_signature_block_without_a_total_row_is_reported_not_checked_as_cadres(tmp_path):
    """The usual footer ('Tuyên Quang, ngày …', 'NGƯỜI LẬP BIỂU', names) under a list without a total row
    made error rows (and strict mode rejected a clean file); its rows are now named as a footer."""
    header, first, second = table(_two_cadres())
    width = len(header)
    place = [None] * width
    place[-4] = "Tuyên Quang, ngày 15 tháng 01 năm 2025"
    titles = [None, "NGƯỜI LẬP BIỂU", *[None] * (width - 6), "GIÁM ĐỐC SỞ NỘI VỤ", None, None, None]
    names = [None, "Nguyễn Thị Lan", *[None] * (width - 6), "Lê Văn Hùng", None, None, None]
    path = write(
        _path(tmp_path, "xlsx"),
        {"ThongTin": thongtin(), "CanBo": [header, first, second, [], place, titles, [], names]},
    )
    sheet = read_workbook(path).sheets["CanBo"]
    assert list(sheet.frame.index) == [2, 3]
    assert sheet.footer_rows == [
        (5, "Tuyên Quang, ngày 15 tháng 01 năm 2025"),
        (6, "NGƯỜI LẬP BIỂU | GIÁM ĐỐC SỞ NỘI VỤ"),
        (8, "Nguyễn Thị Lan | Lê Văn Hùng"),
    ]
    result = validate_workbook(read_workbook(path), folder_province="08", strict=True)
    assert result.status == "accepted"
    assert set(result.issues["rule"]) == {"FILE.FOOTER_ROW_IGNORED"}


def test_a_half_filled_last_row_holding_listed_values_is_data_not_a_footer(tmp_path):
    """'Lê Thị Hoa | Tày | Chủ tịch UBND' under the last cadre, 'KH03 | … | Bồi dưỡng' under the last
    course: set aside as a signature block with a warning, the file passed strict mode a person short."""
    header, first, second = table(_two_cadres())
    half = dict.fromkeys(header)
    half.update({"Họ và tên": "Lê Thị Hoa", "Dân tộc": "Tày", "Chức vụ": "Chủ tịch UBND"})
    courses = table([course_row(2024), course_row(2024, course_code="KH02")])
    started = dict.fromkeys(courses[0])  # a course code alone tells data, and a course kind alone
    started.update({"Mã khóa học": "KH03", "Tên khóa học": "Tập huấn kỹ năng số"})
    kind_only = dict.fromkeys(courses[0])
    kind_only.update({"Tên khóa học": "Bồi dưỡng văn thư", "Loại hình": "Bồi dưỡng"})
    signer = [None, "NGƯỜI LẬP BIỂU", *[None] * (len(header) - 2)]
    sheets = {
        "ThongTin": thongtin(),
        "CanBo": [header, first, second, list(half.values()), [], signer],
        "KhoaHoc": [*courses, list(started.values()), list(kind_only.values())],
    }
    path = write(_path(tmp_path, "xlsx"), sheets)

    book = read_workbook(path)
    assert book.sheets["CanBo"].footer_rows == [(6, "NGƯỜI LẬP BIỂU")]
    assert book.sheets["KhoaHoc"].footer_rows == []
    result = validate_workbook(book, folder_province="08", strict=True)
    assert result.status == "rejected"
    held = result.issues.loc[result.issues["rule"] == "CELL.REQUIRED", ["sheet", "row"]].drop_duplicates()
    assert sorted(held.values.tolist()) == [["CanBo", 4], ["KhoaHoc", 4], ["KhoaHoc", 5]]


def test_a_sparse_row_after_a_total_row_at_the_top_is_checked_not_lost(tmp_path):
    """A 'Tổng số' row right under the header used to make every later row filling less than half the
    columns vanish unreported. A sparse cadre row is checked as data, among the data and at the very end
    alike (it holds an ID: a signature block never does); only the signature block is set aside."""
    header, first, second = table(_two_cadres())
    total = ["Tổng số", *[None] * (len(header) - 2), "2"]
    sparse = [cell if i < 7 else None for i, cell in enumerate(second)]
    signature = [None, "NGƯỜI LẬP BIỂU", *[None] * (len(header) - 2)]
    last = [*sparse]
    last[header.index("Số định danh cá nhân")] = "008080000777"  # another cadre (a repeat loads once)
    sheets = {"ThongTin": thongtin(), "CanBo": [header, total, sparse, first, last, signature]}
    result = validate_workbook(read_workbook(write(_path(tmp_path, "xlsx"), sheets)), folder_province="08")
    issues = result.issues
    assert {3, 5} <= set(issues.loc[issues["rule"] == "CELL.REQUIRED", "row"])
    assert issues.loc[issues["rule"] == "FILE.FOOTER_ROW_IGNORED", "row"].tolist() == [6]


def test_course_total_row_with_sums_is_dropped(tmp_path):
    rows = table([course_row(2024), course_row(2024, course_code="KH02", participant_count="12")])
    width = len(rows[0])
    total = [None] * width
    total[1] = "Tổng cộng"
    total[rows[0].index("Số lượt học viên")] = "42"
    total[rows[0].index("Kinh phí (đồng)")] = "54.618.000"
    book = read_workbook(write(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), "KhoaHoc": [*rows, total]}))
    assert list(book.sheets["KhoaHoc"].frame.index) == [2, 3]


def test_unknown_extra_column_is_kept_out_of_the_frame_and_listed(tmp_path):
    header, first, second = table(_two_cadres())
    rows = [
        [*header[:3], "Ghi chú nội bộ", *header[3:]],
        [*first[:3], "không gửi", *first[3:]],
        [*second[:3], None, *second[3:]],
    ]
    _book, sheet = _read_canbo(tmp_path, rows)
    assert [name for name, _ in sheet.unknown_columns] == ["Ghi chú nội bộ"]
    assert list(sheet.frame.columns) == list(CANBO_HEADERS)
    assert not sheet.frame.isin(["không gửi"]).any().any()
    assert list(sheet.frame["gender"]) == ["Nam", "Nữ"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_title_just_above_a_table_starting_further_right_is_no_column(tmp_path, fmt):
    """The title's row and the header row read as a header of two rows: the title heads a column of
    its own, which holds nothing. It was reported to the province as an unknown column."""
    rows = [["BÁO CÁO CÁN BỘ XÃ NĂM 2024"], *([None, None, *row] for row in table(_two_cadres()))]
    book, sheet = _read_canbo(tmp_path, rows, fmt)
    assert sheet.unknown_columns == []
    assert list(sheet.frame["full_name"]) == ["Nguyễn Văn An", "Trần Thị Bình"]
    result = validate_workbook(book, folder_province="08")
    assert result.status == "accepted" and result.issues.empty, result.issues.to_dict("records")


def test_an_unknown_column_holding_nothing_is_not_listed(tmp_path):
    header, first, second = table(_two_cadres())
    rows = [[*header, "Số điện thoại"], first, second]
    _book, sheet = _read_canbo(tmp_path, rows)
    assert sheet.unknown_columns == []


# ---------------------------------------------------------------------------------------------
# The four accepted file forms
# ---------------------------------------------------------------------------------------------


def _full_submission(real_dates: bool) -> dict[str, list[list]]:
    cadres = [
        *_two_cadres(),
        cadre_row(
            national_id=MALE_1975,
            full_name="Hoàng Văn Chung",
            birth_date="30/06/1975",
            commune_code="02488",
            position="Bí thư Đảng ủy",
            party_member="x",
        ),
    ]
    if real_dates:
        for row, born in zip(cadres, (dt.date(1980, 3, 15), dt.date(1985, 9, 2), dt.date(1975, 6, 30)), strict=True):
            row["Ngày sinh"] = born
    return {
        "ThongTin": [["BÁO CÁO CÁN BỘ XÃ"], [], *thongtin("08", 2024)],
        "CanBo": table(cadres, title_rows=TITLE_ROWS[:2]),
        "KhoaHoc": table([course_row(2024, participant_count=30)]),
        "HocVien": table([attendance_row(), attendance_row(national_id=FEMALE_1985, certified=None)]),
        "TieuChi": table(criteria_rows(2024, unmet=[6])),
        "CongNhan": table([recognition_row(2024)]),
    }


def test_same_content_gives_same_raw_frames_in_xlsx_xls_ods_and_csv(tmp_path):
    sheets = _full_submission(real_dates=False)
    books = {fmt: read_workbook(write(_path(tmp_path, fmt), sheets)) for fmt in FORMATS}
    reference = books["xlsx"]
    assert list(reference.sheets) == ["ThongTin", "CanBo", "KhoaHoc", "HocVien", "TieuChi", "CongNhan"]
    assert reference.sheets["CanBo"].frame.at[4, "national_id"] == MALE_1980
    for fmt, book in books.items():
        assert set(book.sheets) == set(reference.sheets), fmt  # a folder has no sheet order
        for name, sheet in reference.sheets.items():
            other = book.sheets[name]
            pd.testing.assert_frame_equal(other.frame, sheet.frame, check_dtype=False, obj=f"{fmt} {name}")
            assert other.headers == sheet.headers, (fmt, name)
            assert other.header_row == sheet.header_row, (fmt, name)


def test_real_excel_dates_give_the_same_typed_values_in_every_form(tmp_path):
    sheets = _full_submission(real_dates=True)
    spec = SHEETS_BY_NAME["CanBo"]
    typed = {}
    for fmt in FORMATS:
        sheet = read_workbook(write(_path(tmp_path, fmt), sheets)).sheets["CanBo"]
        typed[fmt], problems = parse_sheet(sheet.frame, spec, sheet.headers)
        assert problems.empty, (fmt, problems.to_dict("records"))
    assert list(typed["xlsx"]["birth_date"]) == [
        pd.Timestamp(1980, 3, 15),
        pd.Timestamp(1985, 9, 2),
        pd.Timestamp(1975, 6, 30),
    ]
    for fmt in FORMATS[1:]:
        pd.testing.assert_frame_equal(typed[fmt], typed["xlsx"], check_dtype=False, obj=fmt)


def test_csv_folder_in_windows_1258_is_decoded_to_vietnamese(tmp_path):
    cadres = [
        cadre_row(
            full_name="Nguyễn Thị Hường",
            gender="Nữ",
            ethnicity="Mường",
            national_id=FEMALE_1985,
            birth_date="02/09/1985",
            position="Phó Chủ tịch UBND",
            major="Quản lý đất đai",
        ),
        cadre_row(full_name="Đặng Văn Lưỡng", ethnicity="Dao", major="Kỹ thuật"),
    ]
    folder = write_csv_folder(
        tmp_path / "08" / "cp1258", {"ThongTin": thongtin(), "CanBo": table(cadres)}, encoding="cp1258"
    )
    data = (folder / "CanBo.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really a legacy single-byte file
    book = read_workbook(folder)
    sheet = book.sheets["CanBo"]
    assert sheet.missing_fields == []
    assert sheet.unknown_columns == []
    names = [unicodedata.normalize("NFC", v) for v in sheet.frame["full_name"]]
    assert names == ["Nguyễn Thị Hường", "Đặng Văn Lưỡng"]
    result = validate_workbook(book, folder_province="08")
    assert result.status == "accepted", result.issues.to_dict("records")
    valid = result.valid_rows["CanBo"]
    assert list(valid["full_name"]) == ["Nguyễn Thị Hường", "Đặng Văn Lưỡng"]  # NFC, as the standard spells it
    assert list(valid["ethnicity"]) == ["Mường", "Dao"]
    assert list(valid["position"]) == ["Phó Chủ tịch UBND", "Chủ tịch UBND"]
    assert valid["major"].iloc[0] == "Quản lý đất đai"


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_corrupt_file_raises_unreadable_workbook(tmp_path, suffix):
    path = tmp_path / "08" / f"hong{suffix}"
    path.parent.mkdir(parents=True)
    path.write_bytes(random.Random(42).randbytes(8192))
    with pytest.raises(UnreadableWorkbook):
        read_workbook(path)


def test_truncated_zip_named_xlsx_raises_unreadable_workbook(tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", {"ThongTin": thongtin(), "CanBo": table(_two_cadres())})
    broken = tmp_path / "08" / "broken.xlsx"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(good.read_bytes()[:600])
    with pytest.raises(UnreadableWorkbook):
        read_workbook(broken)


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm", ".ods"])
def test_an_empty_zip_named_as_a_workbook_is_unreadable_not_a_crash(tmp_path: Path, suffix: str) -> None:
    """A 22-byte empty archive (Windows' 'New > Compressed folder', renamed): the package check's bounds
    of no entries raised ValueError, and the file was never reported (an explorer's)."""
    path = tmp_path / "08" / f"rong{suffix}"
    path.parent.mkdir(parents=True)
    zipfile.ZipFile(path, "w").close()

    with pytest.raises(UnreadableWorkbook):
        read_workbook(path)


def _damaged_content_types(source: Path, target: Path, how: str) -> Path:
    """`source` with its [Content_Types].xml part damaged in place: its deflate stream garbled, or
    declared encrypted, or compressed by a method zipfile lacks (both headers), or the package
    declaring a zip format version zipfile does not know."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        part = archive.getinfo("[Content_Types].xml")
    local = part.header_offset
    central = data.find(b"[Content_Types].xml", data.find(b"PK\x01\x02")) - 46
    name_length, extra_length = struct.unpack("<HH", data[local + 26 : local + 30])
    if how == "garbled":
        start = local + 30 + name_length + extra_length
        data[start + 5 : start + 25] = bytes(byte ^ 0x5A for byte in data[start + 5 : start + 25])
    elif how == "encrypted":
        for at in (local + 6, central + 8):
            data[at : at + 2] = struct.pack("<H", struct.unpack("<H", data[at : at + 2])[0] | 1)
    elif how == "method":
        for at in (local + 8, central + 10):
            data[at : at + 2] = struct.pack("<H", 97)
    else:  # the first central record needs zip 6.4
        first = data.find(b"PK\x01\x02")
        data[first + 6 : first + 8] = struct.pack("<H", 64)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("how", ["garbled", "encrypted", "method", "version"])
def test_a_damaged_package_part_is_read_without_it_or_told_unreadable_never_a_crash(tmp_path: Path, how: str) -> None:
    """Damage an explorer made to a part fastexcel does not need ([Content_Types].xml) escaped the legacy
    font check (zlib.error, RuntimeError, NotImplementedError), and a zip version zipfile does not know
    escaped the package check: the file was never reported. The file is read without the part, or told
    unreadable; either way the province gets its report."""
    source = write_xlsx(tmp_path / "src.xlsx", {"ThongTin": thongtin(), "CanBo": table([cadre_row()])})
    path = _damaged_content_types(source, tmp_path / "08" / f"{how}.xlsx", how)

    result = read_and_validate(path, "08", strict=False)

    assert result.status in ("accepted", "rejected"), result.status
    if result.status == "rejected":
        assert result.issues["rule"].tolist() == ["FILE.UNREADABLE"]


_PDF_START = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("rong.xlsx", b"", "rỗng (0 byte)"),
        (
            "bao-cao.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000),
            "Excel 97–2003 (.xls) nhưng mang đuôi .xlsx",
        ),
        ("xuat.xls", b"\xef\xbb\xbf<html><body><table><tr><td>1</td></tr></table>", "trang web hoặc tệp XML"),
        ("scan.xlsx", _PDF_START + bytes(500), "tệp PDF"),
        ("do-dang.xlsx", b"PK\x03\x04" + bytes(300), "bị hỏng hoặc không phải sổ làm việc .xlsx"),
        ("doi-duoi.xls", b"PK\x03\x04" + bytes(300), "sổ làm việc Excel .xlsx nhưng mang đuôi .xls"),
        ("hong.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "Tệp .xls (Excel 97–2003) bị hỏng"),
        ("rac.xlsx", b"this is not a workbook", "không phải sổ làm việc .xlsx"),
        ("bao-cao.pdf", _PDF_START, "có đuôi .pdf, không phải bảng tính"),
    ],
)
def test_an_unreadable_file_is_told_what_it_is_in_vietnamese_without_the_servers_path(tmp_path, name, content, said):
    """The reader's own words are English and name the server's path: the province gets what the file is."""
    path = tmp_path / "archive" / "08" / name
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with pytest.raises(UnreadableWorkbook) as raised:
        read_workbook(path)
    reason = str(raised.value)
    assert said in reason
    assert str(tmp_path) not in reason and "calamine" not in reason and "Zip" not in reason


def test_an_ods_under_an_xlsx_name_is_told_so(tmp_path):
    source = wb.write_ods(tmp_path / "that.ods", {"ThongTin": thongtin(), "CanBo": table(_two_cadres())})
    path = tmp_path / "08" / "bao-cao.xlsx"
    path.parent.mkdir()
    path.write_bytes(source.read_bytes())
    with pytest.raises(UnreadableWorkbook, match=r"OpenDocument \(\.ods\) nhưng mang đuôi \.xlsx"):
        read_workbook(path)


def _with_a_second_part(source: Path, out: Path, part: str, written_as: str) -> Path:
    """The package `source` with a second copy of `part` (named `written_as`) after the rest, its first
    cadre renamed: what a zip tool adding a file to a workbook leaves."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w") as copy, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile's 'Duplicate name': the point here
        for info in original.infolist():
            copy.writestr(info, original.read(info))
        copy.writestr(written_as, original.read(part).replace("Nguyễn".encode(), "Lê".encode()))
    return out


@pytest.mark.parametrize(
    ("suffix", "written_as"),
    [(".xlsx", "xl/worksheets/sheet2.xml"), (".xlsx", "xl/worksheets/Sheet2.xml"), (".ods", "content.xml")],
)
def test_a_package_holding_two_parts_of_one_name_is_refused_naming_the_part(tmp_path, suffix, written_as):
    """Excel, the reader and the marked copy may each take a different copy: what is checked would not be
    what the province sees. fastexcel reads the later one here, which renames the cadre."""
    sheets = {"ThongTin": thongtin(), "CanBo": table(_two_cadres())}
    writer = write_xlsx if suffix == ".xlsx" else wb.write_ods
    source = writer(tmp_path / f"good{suffix}", sheets)
    part = "content.xml" if suffix == ".ods" else "xl/worksheets/sheet2.xml"
    (tmp_path / "08").mkdir()
    path = _with_a_second_part(source, tmp_path / "08" / f"bao-cao{suffix}", part, written_as)
    with pytest.raises(UnreadableWorkbook, match=rf"hai phần cùng tên \({re.escape(part)}\)"):
        read_workbook(path)
    read_workbook(source)  # the package as written is read


def _with_padding(source: Path, out: Path, part: str, megabytes: int) -> Path:
    """The package with `megabytes` of spaces inside one part, before its last element closes (blank XML,
    unpacked a thousandfold: what a 300 KB upload carried), written a megabyte at a time."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            data = original.read(info)
            if info.filename != part:
                copy.writestr(info, data)
                continue
            end = data.rindex(b"</")
            with copy.open(part, "w", force_zip64=True) as padded:
                padded.write(data[:end])
                for _ in range(megabytes):
                    padded.write(b" " * (1 << 20))
                padded.write(data[end:])
    return out


def test_a_sheet_unpacking_to_hundreds_of_megabytes_is_refused_naming_it_before_it_is_read(tmp_path):
    source = write_xlsx(tmp_path / "good.xlsx", {"ThongTin": thongtin(), "CanBo": table(_two_cadres())})
    (tmp_path / "08").mkdir()
    path = _with_padding(source, tmp_path / "08" / "bao-cao.xlsx", "xl/worksheets/sheet2.xml", megabytes=300)
    assert path.stat().st_size < 2 << 20
    with pytest.raises(UnreadableWorkbook, match=r"^Trang tính giải nén ra hơn 256 MB, vượt giới hạn") as raised:
        read_workbook(path)
    assert raised.value.where == {"sheet": "CanBo", "row": None}


def _central_entry(data: bytes, part: str) -> int:
    """Where the part's entry starts in the central directory."""
    name = part.encode()
    central = data.index(b"PK\x01\x02")  # the first central directory entry, then on to ours
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.index(b"PK\x01\x02", central + 4)
    return central


def _declaring(path: Path, part: str, size: int) -> Path:
    """The package with `part` declared `size` bytes unpacked, in its local header and the central
    directory (the sender's word, which calamine does not check)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(part).header_offset
    struct.pack_into("<I", data, local + 22, size)
    struct.pack_into("<I", data, _central_entry(data, part) + 24, size)
    path.write_bytes(bytes(data))
    return path


def _pointing(path: Path, part: str, offset: int) -> Path:
    """The package with the central directory's entry for `part` pointing at `offset` for its data."""
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, _central_entry(data, part) + 42, offset)
    path.write_bytes(bytes(data))
    return path


@pytest.fixture
def one_megabyte_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package_guard, "MAX_PART_BYTES", 1 << 20)


@pytest.mark.usefixtures("one_megabyte_parts")
@pytest.mark.parametrize("declared", [None, 1000])
def test_another_part_too_large_unpacked_is_refused_naming_the_part_whatever_size_it_declares(tmp_path, declared):
    source = write_xlsx(tmp_path / "good.xlsx", {"ThongTin": thongtin(), "CanBo": table(_two_cadres())})
    (tmp_path / "08").mkdir()
    path = _with_padding(source, tmp_path / "08" / "bao-cao.xlsx", "xl/styles.xml", megabytes=2)
    if declared is not None:
        _declaring(path, "xl/styles.xml", declared)
    with pytest.raises(UnreadableWorkbook, match=r"^Phần xl/styles.xml của tệp giải nén ra hơn 1 MB, vượt giới"):
        read_workbook(path)
    read_workbook(source)  # one megabyte of room is more than the workbook as written needs


@pytest.mark.usefixtures("one_megabyte_parts")
def test_a_sheet_declaring_less_than_it_holds_is_still_refused_naming_it(tmp_path):
    """fastexcel reads what the part holds, whatever it declares: the check must not take its word."""
    source = write_xlsx(tmp_path / "good.xlsx", {"ThongTin": thongtin(), "CanBo": table(_two_cadres())})
    (tmp_path / "08").mkdir()
    path = _with_padding(source, tmp_path / "08" / "bao-cao.xlsx", "xl/worksheets/sheet2.xml", megabytes=2)
    with pytest.raises(UnreadableWorkbook, match=r"^Trang tính giải nén ra hơn 1 MB") as raised:
        read_workbook(_declaring(path, "xl/worksheets/sheet2.xml", 1000))
    assert raised.value.where == {"sheet": "CanBo", "row": None}


@pytest.mark.usefixtures("one_megabyte_parts")
def test_large_media_and_a_repeated_folder_entry_are_no_fault(tmp_path):
    """A picture or an embedded document is copied as it is, whatever its size; a folder listed twice by
    a zip tool names no part."""
    source = write_xlsx(tmp_path / "good.xlsx", {"ThongTin": thongtin(), "CanBo": table(_two_cadres())})
    (tmp_path / "08").mkdir()
    path = tmp_path / "08" / "bao-cao.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            copy.writestr(info, original.read(info))
        copy.writestr("xl/media/image1.png", bytes(3 << 20))
        copy.mkdir("xl/media/")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            copy.mkdir("xl/media/")
    assert package_guard.package_fault(path) is None


@pytest.mark.usefixtures("one_megabyte_parts")
def test_a_damaged_part_does_not_switch_the_check_off_for_the_parts_after_it(tmp_path):
    """A part whose bytes do not inflate (no reader needs it) returned 'sound package' for the whole file,
    and the sheet after it, 300 MB unpacked, was read at 737 MB."""
    source = write_xlsx(tmp_path / "good.xlsx", {"ThongTin": thongtin(), "CanBo": table(_two_cadres())})
    padded = _with_padding(source, tmp_path / "padded.xlsx", "xl/worksheets/sheet2.xml", megabytes=2)
    path = tmp_path / "08" / "bao-cao.xlsx"
    path.parent.mkdir()
    with zipfile.ZipFile(padded) as original, zipfile.ZipFile(path, "w") as copy:
        junk = zipfile.ZipInfo("docProps/junk.xml")
        junk.compress_type = zipfile.ZIP_DEFLATED
        copy.writestr(junk, random.Random(6).randbytes(4096))  # its deflated bytes replaced below
        for info in original.infolist():
            copy.writestr(info, original.read(info))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        first = archive.getinfo("docProps/junk.xml")
    head = first.header_offset + 30 + len("docProps/junk.xml")
    data[head : head + first.compress_size] = b"\xff" * first.compress_size  # no deflate block starts so
    path.write_bytes(bytes(data))
    with pytest.raises(UnreadableWorkbook, match=r"^Trang tính giải nén ra hơn 1 MB"):
        read_workbook(path)


@pytest.mark.usefixtures("one_megabyte_parts")
def test_entries_sharing_one_stored_part_are_refused_and_a_header_past_the_end_is_no_crash(tmp_path):
    """Forty entries pointing at one 200 MB stream took the check 18 s to inflate, once each; an entry
    pointing past the end of the file raised struct.error, which left the file in the inbox every run."""
    source = write_xlsx(tmp_path / "good.xlsx", {"ThongTin": thongtin(), "CanBo": table(_two_cadres())})
    (tmp_path / "08").mkdir()
    shared = _with_padding(source, tmp_path / "08" / "shared.xlsx", "xl/styles.xml", megabytes=0)
    with zipfile.ZipFile(shared) as archive:
        styles = archive.getinfo("xl/styles.xml").header_offset
    _pointing(shared, "xl/worksheets/sheet1.xml", styles)
    with pytest.raises(UnreadableWorkbook, match="trỏ tới cùng một dữ liệu"):
        read_workbook(shared)

    beyond = _with_padding(source, tmp_path / "08" / "beyond.xlsx", "xl/styles.xml", megabytes=2)
    _pointing(beyond, "xl/styles.xml", beyond.stat().st_size - 10)
    assert package_guard.package_fault(beyond) is None  # damaged: left to the reader, which says so


def _every_deflated_part_inflated_by_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check inflates only parts that could pass its limit (over 254 KB packed): here, all of them."""
    monkeypatch.setattr(package_guard, "DEFLATE_MOST", package_guard.MAX_PART_BYTES)


def _cadres_with_a_merge_and_hidden_rows(tmp_path: Path) -> Path:
    cadres = [cadre_row(national_id=national_id(1980, serial=n + 1)) for n in range(5)]
    rows = table(cadres)
    rows[2][rows[0].index("Mã xã")] = None  # Excel row 3's commune is merged down from row 2's
    (tmp_path / "08").mkdir(exist_ok=True)
    return write_xlsx(
        tmp_path / "08" / "bao-cao.xlsx",
        {"ThongTin": thongtin(), "CanBo": rows},
        hidden={"CanBo": ([2, 4], [])},
        merged={"CanBo": [(1, 2, rows[0].index("Mã xã"), rows[0].index("Mã xã"))]},
    )


def test_the_sheets_the_package_check_unpacked_are_not_unpacked_again_for_their_views(tmp_path, monkeypatch):
    """The check inflates a national file's two largest sheets to count them, and the views of merges and
    hidden rows inflated them again (~11 ms of a national file's ~500 ms of CPU): they read its bytes now."""
    _every_deflated_part_inflated_by_the_check(monkeypatch)
    path = _cadres_with_a_merge_and_hidden_rows(tmp_path)
    with zipfile.ZipFile(path) as archive:
        sheets = {info.filename: archive.read(info) for info in archive.infolist() if "worksheets/" in info.filename}
    assert dict(package_guard.inspect_package(path).inflated.items() & sheets.items()) == sheets  # as zipfile reads

    read_again = []
    unpacked = zipfile.ZipFile.read

    def read(archive: zipfile.ZipFile, name: str, *args: object) -> bytes:
        read_again.append(name)
        return unpacked(archive, name, *args)

    monkeypatch.setattr(zipfile.ZipFile, "read", read)
    sheet = read_workbook(path).sheets["CanBo"]

    assert not set(read_again) & set(sheets)
    assert sheet.hidden_rows == [3, 5]  # the views, from the bytes handed on
    assert sheet.frame.loc[3, "commune_code"] == sheet.frame.loc[2, "commune_code"]


def test_a_part_not_as_its_package_declares_it_is_not_handed_on(tmp_path, monkeypatch):
    """What zipfile would refuse to read (a size or CRC other than declared) must reach the views as
    before, through zipfile, which says so: the check hands on only what zipfile would have read."""
    _every_deflated_part_inflated_by_the_check(monkeypatch)
    path = _cadres_with_a_merge_and_hidden_rows(tmp_path)
    sheet = "xl/worksheets/sheet2.xml"
    assert sheet in package_guard.inspect_package(path).inflated
    with zipfile.ZipFile(path) as archive:
        size = archive.getinfo(sheet).file_size
    assert sheet not in package_guard.inspect_package(_declaring(path, sheet, size - 1)).inflated

    data = bytearray(_declaring(path, sheet, size).read_bytes())
    struct.pack_into("<I", data, _central_entry(data, sheet) + 16, 0)  # the CRC the central directory declares
    path.write_bytes(bytes(data))
    inspected = package_guard.inspect_package(path)
    assert inspected.fault is None and sheet not in inspected.inflated
    assert "xl/worksheets/sheet1.xml" in inspected.inflated  # the sound parts still are


@pytest.mark.parametrize(
    "damage",
    ["renamed in its local header", "flagged encrypted", "flagged patch data", "overlapping the next entry"],
)
def test_a_part_zipfile_would_refuse_to_read_is_not_handed_on(tmp_path, monkeypatch, damage):
    """Where zipfile raises reading a part, the views must see that error (and the file be read without
    its views, NOT_VIEWED), not bytes the check inflated anyway."""
    _every_deflated_part_inflated_by_the_check(monkeypatch)
    path = _cadres_with_a_merge_and_hidden_rows(tmp_path)
    sheet = "xl/worksheets/sheet2.xml"
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(sheet).header_offset
    if damage == "renamed in its local header":
        data[local + 30 + len("xl/worksheets/sheet")] = ord("X")
    elif damage == "overlapping the next entry":
        struct.pack_into("<I", data, _central_entry(data, sheet) + 20, 1 << 20)  # compressed size, as declared
    else:  # zipfile reads the flags the central directory declares
        central = _central_entry(data, sheet) + 8
        flag = 0x1 if damage == "flagged encrypted" else 0x20
        struct.pack_into("<H", data, central, struct.unpack_from("<H", data, central)[0] | flag)
    path.write_bytes(bytes(data))
    if damage != "overlapping the next entry":  # refused by the zipfile of Python 3.12's later releases
        with zipfile.ZipFile(path) as archive, pytest.raises((zipfile.BadZipFile, NotImplementedError, RuntimeError)):
            archive.read(sheet)

    inspected = package_guard.inspect_package(path)

    assert sheet not in inspected.inflated
    assert "xl/worksheets/sheet1.xml" in inspected.inflated


def test_a_central_directory_said_to_lie_further_than_it_does_is_refused_not_crashed(tmp_path, monkeypatch):
    """zipfile then places the first parts before the file's start (negative offsets), and the check's
    seek there raised OSError out of the reader: the file failed every run, its province never told."""
    _every_deflated_part_inflated_by_the_check(monkeypatch)
    path = _cadres_with_a_merge_and_hidden_rows(tmp_path)
    data = bytearray(path.read_bytes())
    end = data.rindex(b"PK\x05\x06")  # the end of central directory record, its offset field at +16
    struct.pack_into("<I", data, end + 16, struct.unpack_from("<I", data, end + 16)[0] + 1000)
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.infolist()[0].header_offset < 0
    with pytest.raises(UnreadableWorkbook, match="Tệp bị hỏng"):
        read_workbook(path)


def test_only_worksheets_are_kept(tmp_path, monkeypatch):
    """The views read worksheets only: styles, shared strings, an .ods's content would be held for nothing."""
    _every_deflated_part_inflated_by_the_check(monkeypatch)
    path = _cadres_with_a_merge_and_hidden_rows(tmp_path)
    assert set(package_guard.inspect_package(path).inflated) == {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"}
    assert package_guard.inspect_package(path, keep=False).inflated == {}


def test_what_the_package_check_keeps_is_bounded(tmp_path, monkeypatch):
    """Parts are kept while they fit in KEEP_MOST; the others are inflated to count and thrown away."""
    _every_deflated_part_inflated_by_the_check(monkeypatch)
    path = _cadres_with_a_merge_and_hidden_rows(tmp_path)
    with zipfile.ZipFile(path) as archive:
        sizes = {info.filename: info.file_size for info in archive.infolist()}
    whole = package_guard.inspect_package(path).inflated
    monkeypatch.setattr(package_guard, "KEEP_MOST", sizes["xl/worksheets/sheet2.xml"] - 1)
    kept = package_guard.inspect_package(path).inflated
    assert "xl/worksheets/sheet2.xml" in whole and "xl/worksheets/sheet2.xml" not in kept
    assert 0 < sum(map(len, kept.values())) <= package_guard.KEEP_MOST


def test_all_parts_together_are_limited_too(tmp_path, monkeypatch):
    monkeypatch.setattr(package_guard, "MAX_PACKAGE_BYTES", 3 << 20)
    source = write_xlsx(tmp_path / "good.xlsx", {"ThongTin": thongtin(), "CanBo": table(_two_cadres())})
    (tmp_path / "08").mkdir()
    once = _with_padding(source, tmp_path / "once.xlsx", "xl/styles.xml", megabytes=2)
    assert package_guard.package_fault(once) is None
    twice = _with_padding(once, tmp_path / "08" / "bao-cao.xlsx", "xl/worksheets/sheet2.xml", megabytes=2)
    with pytest.raises(UnreadableWorkbook, match=r"^Tệp giải nén ra hơn 3 MB, vượt giới hạn của một tệp"):
        read_workbook(twice)


def test_a_zip_without_a_workbook_holding_a_huge_part_is_refused_not_crashed(tmp_path, monkeypatch):
    """Naming the sheet needs xl/workbook.xml: without it the part is named (a KeyError left the file in
    the inbox at every run, its province never told)."""
    monkeypatch.setattr(package_guard, "MAX_PART_BYTES", 1 << 20)
    path = tmp_path / "08" / "bao-cao.xlsx"
    path.parent.mkdir()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/worksheets/sheet1.xml", b" " * (2 << 20))
    with pytest.raises(UnreadableWorkbook, match=r"^Phần xl/worksheets/sheet1.xml của tệp giải nén ra hơn 1 MB"):
        read_workbook(path)


def test_a_csv_in_a_legacy_encoding_names_the_file_and_the_fix(tmp_path):
    folder = tmp_path / "08" / "bao-cao"
    folder.mkdir(parents=True)
    (folder / "CanBo.csv").write_bytes(b"H\x8d t\xean\n\x81\x90\x9d\n")  # bytes Windows-1258 leaves undefined
    with pytest.raises(UnreadableWorkbook, match=r"'CanBo\.csv' không dùng bảng mã UTF-8.*CSV UTF-8"):
        read_workbook(folder)


def test_empty_csv_file_in_the_folder_does_not_crash_the_reader(tmp_path):
    folder = write_csv_folder(tmp_path / "08" / "csv", {"ThongTin": thongtin(), "CanBo": table(_two_cadres())})
    (folder / "GhiChu.csv").write_bytes(b"")
    book = read_workbook(folder)
    assert "CanBo" in book.sheets
    assert len(book.sheets["CanBo"].frame) == 2


def test_a_semicolon_csv_whose_title_holds_a_comma_is_read_with_semicolons(tmp_path):
    """The separator was judged on the first line alone, and 'Thông tin chung, năm 2024;' ties one each:
    ThongTin was read with commas and the file rejected as having no province and no year."""
    folder = write_csv_folder(tmp_path / "08" / "csv", {"ThongTin": thongtin(), "CanBo": table(_two_cadres())})
    for sheet in folder.iterdir():
        text = sheet.read_text(encoding="utf-8").replace(",", ";")
        title = "Thông tin chung về báo cáo, năm 2024;\r\n" if sheet.stem == "ThongTin" else ""
        sheet.write_text(title + text, encoding="utf-8-sig")

    result = validate_workbook(read_workbook(folder), folder_province="08")

    assert result.status == "accepted", result.issues[["rule", "row", "value"]].to_dict("records")
    assert (result.info.province_code, result.info.report_year) == ("08", 2024)


def test_a_comma_csv_with_tabs_inside_a_cell_stays_a_comma_csv(tmp_path: Path) -> None:
    """A note pasted with eight tabs in one cell outnumbered a small ThongTin's commas: the sheet was split
    on tabs, and the file rejected as having no province and no year."""
    note = ["Ghi chú", "Số liệu:\tCán bộ\t120\tCông chức\t85\tKhóa học\t14\tHọc viên\t300"]
    folder = write_csv_folder(tmp_path / "08" / "csv", {"ThongTin": [*thongtin(), note], "CanBo": table(_two_cadres())})

    result = validate_workbook(read_workbook(folder), folder_province="08")

    assert result.status == "accepted", result.issues[["rule", "row", "value"]].to_dict("records")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-16-le", "utf-16-be"])
def test_a_tab_separated_csv_excels_unicode_text_is_read(tmp_path: Path, encoding: str) -> None:
    """Excel's 'Unicode Text' (UTF-16, tabs) renamed .csv was read as Windows-1258 text in one column: nine
    errors, none saying what was wrong with the file. Tab-separated UTF-8 had the same fate, and UTF-16
    written without its byte-order mark ('utf-16-le', '-be') was 'no header found'."""
    folder = write_csv_folder(tmp_path / "08" / "csv", {"ThongTin": thongtin(), "CanBo": table(_two_cadres())})
    for sheet in folder.iterdir():
        rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8"), newline="")))
        text = "".join("\t".join(row) + "\r\n" for row in rows)
        sheet.write_bytes(text.encode(encoding))

    result = validate_workbook(read_workbook(folder), folder_province="08")

    assert result.status == "accepted", result.issues[["rule", "row", "value"]].to_dict("records")
    assert result.valid_rows["CanBo"].index.tolist() == [2, 3]
    assert result.valid_rows["CanBo"]["full_name"].iloc[0] == _two_cadres()[0]["Họ và tên"]


def test_a_utf8_csv_padded_with_zero_bytes_is_not_taken_for_utf16(tmp_path: Path) -> None:
    """A UTF-8 CSV whose end some tool padded with zero bytes: its zeros, all at the end, passed for
    UTF-16's, and the file was rejected as 'no header found'."""
    folder = write_csv_folder(tmp_path / "08" / "csv", {"ThongTin": thongtin(), "CanBo": table(_two_cadres())})
    for sheet in folder.iterdir():
        text = sheet.read_bytes()
        sheet.write_bytes(text + b"\0" * (4096 + len(text) % 2))  # an even length, as UTF-16 has

    result = validate_workbook(read_workbook(folder), folder_province="08")

    assert result.status == "accepted", result.issues[["rule", "row", "value"]].to_dict("records")


@pytest.mark.parametrize("stray", ["~$CanBo.csv", "._ThongTin.csv", ".CanBo.csv"])
def test_files_excel_or_a_mac_leave_beside_the_sheets_are_not_sheets(tmp_path, stray):
    """Excel's owner file of an open CSV, a Mac's AppleDouble file: read as sheets they made the real
    ones duplicates (the file rejected), or took ThongTin's place."""
    folder = write_csv_folder(tmp_path / "08" / "csv", {"ThongTin": thongtin(), "CanBo": table(_two_cadres())})
    (folder / stray).write_bytes(b"\x00\x05\x16\x07 binary owner data")

    result = validate_workbook(read_workbook(folder), folder_province="08")

    assert result.status == "accepted", result.issues[["rule", "sheet", "value"]].to_dict("records")


@pytest.mark.parametrize(("province_key", "year_key"), [("Mã tỉnh/TP", "Kỳ báo cáo"), ("Mã tỉnh/thành", "Báo cáo năm")])
def test_thongtin_keys_as_offices_write_them_are_read(tmp_path: Path, province_key: str, year_key: str) -> None:
    """'Mã tỉnh/TP | 08' was not a key: the file was rejected for an invalid province, with no row or value."""
    info = [[province_key, "08"], [year_key, 2024], ["Người lập", "Nguyễn Thị Lan"], ["Ngày lập", "15/01/2025"]]
    path = wb.write_xlsx(tmp_path / "08" / "khoa.xlsx", {"ThongTin": info, "CanBo": wb.table([wb.cadre_row()])})
    result = validate_workbook(read_workbook(path), folder_province="08")
    assert result.status == "accepted", result.issues[["rule", "value"]].to_dict("records")


def test_thongtin_as_a_small_table_then_pairs_reads_both(tmp_path: Path) -> None:
    """'Mã tỉnh | Tên tỉnh | Năm báo cáo' over '08 | Tuyên Quang | 2024', then 'Người lập | …' and
    'Ngày lập | …' as pairs: the pairs were lost and both told missing though filled."""
    info = [
        ["Mã tỉnh", "Tên tỉnh", "Năm báo cáo"],
        ["08", "Tuyên Quang", 2024],
        [],
        ["Người lập", "Nguyễn Thị Lan"],
        ["Ngày lập", "15/01/2025"],
    ]
    path = wb.write_xlsx(tmp_path / "08" / "hon-hop.xlsx", {"ThongTin": info, "CanBo": wb.table([wb.cadre_row()])})
    result = validate_workbook(read_workbook(path), folder_province="08")
    assert result.status == "accepted", result.issues[["rule", "row", "value"]].to_dict("records")
    assert (result.info.province_code, result.info.report_year, result.info.prepared_by) == (
        "08",
        2024,
        "Nguyễn Thị Lan",
    )


_INFO_HEADER = ("Mã tỉnh", "Tên tỉnh", "Năm báo cáo", "Người lập", "Ngày lập")
_INFO_VALUES = ("08", "Tuyên Quang", 2024, "Nguyễn Thị Lan", "15/01/2025")


@pytest.mark.parametrize(
    ("info", "told"),
    [
        ([*thongtin(), ["Năm báo cáo", 2023]], [["report_year", 6, "2024 | 2023"]]),  # pasted from last year's
        ([*thongtin(), ["Mã tỉnh", "22"]], [["province_code", 6, "08 | 22"]]),
        ([*thongtin(), ["Năm báo cáo", "Năm 2024"], ["Mã tỉnh", 8]], []),  # the same, written otherwise
        (
            [["Mã tỉnh", "Tên tỉnh", "Năm báo cáo"], ["08", "Tuyên Quang", 2024], ["08", "Tuyên Quang", 2023]],
            [["report_year", 3, "2024 | 2023"]],
        ),
        (  # the second row's year left blank: read as a heading by the table reader, it went untold
            [["Mã tỉnh", "Tên tỉnh", "Năm báo cáo"], ["08", "Tuyên Quang", 2024], ["22", "Quảng Ninh", None]],
            [["province_code", 3, "08 | 22"]],
        ),
        (  # numbered notes after the table, a numbering row under it: none (a review's)
            [
                [*_INFO_HEADER],
                [*_INFO_VALUES],
                [],
                ["Ghi chú:"],
                [1, "Mã tỉnh ghi theo danh mục"],
                [2, "Năm: 4 chữ số"],
            ],
            [],
        ),
        ([[*_INFO_HEADER], [*_INFO_VALUES], ["1", "2", "3", "4", "5"]], []),
        ([["Năm", 2023], *thongtin()], [["report_year", 1, "2024 | 2023"]]),  # an alias, then the standard key
        # no other submission (a review found each rejected): pairs and a signature under a header row,
        # the period described again
        (
            [
                ["Mã tỉnh", "Tên tỉnh", "Năm báo cáo"],
                ["08", "Tuyên Quang", 2024],
                [],
                ["Người lập", "Nguyễn Thị Lan", "Ngày lập", "15/01/2025"],
                ["NGƯỜI LẬP BIỂU", None, "THỦ TRƯỞNG ĐƠN VỊ"],
            ],
            [],
        ),
        ([*thongtin(), ["Kỳ báo cáo", "Cả năm"], ["Kỳ báo cáo", "Từ 01/01/2024 đến 31/12/2024"]], []),
        ([*thongtin(), ["Mã tỉnh/thành phố", "Tuyên Quang"]], []),
        # a key and its value in one cell beside a pair (they were not compared), or twice in one cell each
        ([["Năm báo cáo: 2023"], *thongtin()], [["report_year", 1, "2024 | 2023"]]),
        ([*thongtin(), ["Mã tỉnh: 22"]], [["province_code", 6, "08 | 22"]]),
        ([["Năm báo cáo: 2024"], ["Mã tỉnh: 8"], *thongtin()], []),
        ([["Mã tỉnh: 08"], ["Năm báo cáo: 2024"], ["Năm báo cáo: 2023"]], [["report_year", 3, "2024 | 2023"]]),
        # none (a review's): the code read with its province's name, a signing date, an example
        ([["Mã tỉnh: 08"], *thongtin(province="08 - Tuyên Quang")], []),
        ([["Mã tỉnh: 8"], *thongtin(province="Tuyên Quang (08)")], []),
        ([*thongtin(province="08 - Tuyên Quang"), ["Mã tỉnh", "08"]], []),
        ([*thongtin(), [None, "Ngày: 15", "Tháng: 01", "Năm: 2025"]], []),
        ([*thongtin(), ["Ví dụ", "Năm báo cáo: 2023"]], []),
    ],
)
def test_thongtin_giving_the_province_or_the_year_twice_otherwise_is_rejected(
    tmp_path: Path, info: list, told: list
) -> None:
    """'Năm báo cáo' given twice (2024, then 2023 on a row pasted from another file), or a header row
    over two rows of values: the first was read without a word, and a year taken wrongly replaces
    another year's report (an explorer's). Which submission the file is cannot be told: rejected, both
    values quoted. The same value written twice is no conflict."""
    path = wb.write_xlsx(tmp_path / "08" / "hai-nam.xlsx", {"ThongTin": info, "CanBo": wb.table([wb.cadre_row()])})

    result = validate_workbook(read_workbook(path), folder_province="08")

    found = result.issues[result.issues["rule"] == "FILE.INFO_CONFLICT"]
    assert found[["field", "row", "value"]].values.tolist() == told
    assert result.status == ("rejected" if told else "accepted"), result.issues[["rule", "value"]].values.tolist()


def test_of_a_sheet_and_its_copy_the_copy_is_the_one_named(tmp_path: Path) -> None:
    """'CanBo - Copy.csv' sorts before 'CanBo.csv': the copy was read and the real file named the duplicate."""
    folder = write_csv_folder(tmp_path / "08" / "csv", {"ThongTin": thongtin(), "CanBo": table(_two_cadres())})
    (folder / "CanBo - Copy.csv").write_bytes((folder / "CanBo.csv").read_bytes())
    book = read_workbook(folder)
    assert book.sheets["CanBo"].written_name == "CanBo" and book.duplicate_sheets == ["CanBo - Copy"]


def test_thongtin_keys_after_an_stt_column_are_read(tmp_path: Path) -> None:
    info = [["THÔNG TIN CHUNG"], *([i, *pair] for i, pair in enumerate(wb.thongtin("08", 2024), start=1))]
    path = wb.write_xlsx(tmp_path / "stt.xlsx", {"ThongTin": info, "CanBo": wb.table([wb.cadre_row()])})
    sheet = read_workbook(path).sheets["ThongTin"]
    assert sheet.frame.iloc[0][["province_code", "report_year"]].tolist() == ["08", "2024"]
    assert sheet.field_rows["province_code"] == 2 and sheet.headers["report_year"] == "Năm báo cáo"


def test_thongtin_standard_key_counts_over_an_alias_met_first(tmp_path: Path) -> None:
    """'Ngày báo cáo' (an alias of Ngày lập, which some forms use for the reporting date) above 'Ngày
    lập': the standard's key gives the preparation date; alone, or with the standard's key blank, the
    alias still gives it."""
    info = [
        ["Mã tỉnh", "08"],
        ["Năm báo cáo", "2024"],
        ["Ngày báo cáo", "31/12/2024"],
        ["Người lập", "Nguyễn Thị Lan"],
        ["Ngày lập", "15/01/2025"],
    ]
    path = wb.write_xlsx(tmp_path / "both.xlsx", {"ThongTin": info, "CanBo": wb.table([wb.cadre_row()])})
    sheet = read_workbook(path).sheets["ThongTin"]
    assert sheet.frame.iloc[0]["prepared_on"] == "15/01/2025"
    assert sheet.field_rows["prepared_on"] == 5 and sheet.headers["prepared_on"] == "Ngày lập"
    blank = [*info[:4], ["Ngày lập"]]
    path = wb.write_xlsx(tmp_path / "blank.xlsx", {"ThongTin": blank, "CanBo": wb.table([wb.cadre_row()])})
    sheet = read_workbook(path).sheets["ThongTin"]
    assert sheet.frame.iloc[0]["prepared_on"] == "31/12/2024" and sheet.field_rows["prepared_on"] == 3


def test_thongtin_with_two_keys_and_their_values_on_a_row_is_read(tmp_path: Path) -> None:
    """'Mã tỉnh | 08 | Năm báo cáo | 2024', as forms lay it out across; a key left blank is followed by
    the next key, which is not its value."""
    info = [
        ["Mã tỉnh", "08", "Năm báo cáo", "2024"],
        ["Người lập", None, "Ngày lập", "15/01/2025"],
        ["Liên hệ", "0207 3822 123"],
    ]
    path = wb.write_xlsx(tmp_path / "pairs.xlsx", {"ThongTin": info, "CanBo": wb.table([wb.cadre_row()])})
    sheet = read_workbook(path).sheets["ThongTin"]
    row = sheet.frame.iloc[0]
    assert row[["province_code", "report_year", "prepared_on"]].tolist() == ["08", "2024", "15/01/2025"]
    assert pd.isna(row["prepared_by"]) and row["contact"] == "0207 3822 123"
    assert sheet.field_rows == {"province_code": 1, "report_year": 1, "prepared_by": 2, "prepared_on": 2, "contact": 3}
    assert sheet.headers["report_year"] == "Năm báo cáo"


def test_a_thongtin_header_row_with_other_headers_between_the_keys_is_not_read_as_pairs(tmp_path: Path) -> None:
    """'Mã tỉnh | Tên tỉnh | Năm báo cáo …' over values: 'Tên tỉnh' is a header, not the province."""
    header = ["Mã tỉnh", "Tên tỉnh", "Năm báo cáo", "Người lập", "Ngày lập", "Ghi chú"]
    values = ["08", "Tuyên Quang", "2024", "Nguyễn Thị Lan", "15/01/2025", "không"]
    path = wb.write_xlsx(tmp_path / "row.xlsx", {"ThongTin": [header, values], "CanBo": wb.table([wb.cadre_row()])})
    sheet = read_workbook(path).sheets["ThongTin"]
    assert sheet.frame.iloc[0][["province_code", "report_year", "prepared_on"]].tolist() == ["08", "2024", "15/01/2025"]
    assert sheet.header_row == 1 and sheet.field_rows["province_code"] == 2


def test_thongtin_pairs_with_the_year_left_blank_are_still_read_as_pairs(tmp_path: Path) -> None:
    """Two pairs a row, the year blank: 'Năm báo cáo' is missing, the next row is not taken for values."""
    info = [["Mã tỉnh", "08", "Năm báo cáo", None], ["Người lập", None, "Ngày lập", None]]
    path = wb.write_xlsx(tmp_path / "pairs.xlsx", {"ThongTin": info, "CanBo": wb.table([wb.cadre_row()])})
    row = read_workbook(path).sheets["ThongTin"].frame.iloc[0]
    assert row["province_code"] == "08" and pd.isna(row["report_year"]) and pd.isna(row["prepared_by"])


def test_thongtin_as_one_header_row_over_values_is_read(tmp_path: Path) -> None:
    pairs = wb.thongtin("08", 2024)
    info = [["Thông tin báo cáo"], [k for k, _ in pairs], [v for _, v in pairs]]
    path = wb.write_xlsx(tmp_path / "row.xlsx", {"ThongTin": info, "CanBo": wb.table([wb.cadre_row()])})
    sheet = read_workbook(path).sheets["ThongTin"]
    assert sheet.frame.iloc[0][["province_code", "report_year", "prepared_by"]].tolist() == [
        "08",
        "2024",
        "Nguyễn Thị Lan",
    ]
    assert sheet.field_rows["province_code"] == 3


def _two_row_header_sheet(group_over_details: bool, group: str = "Trình độ") -> list[list]:
    """A cadre list whose header takes two rows, as Vietnamese forms lay it out: every header merged down
    over both rows but a group split in the lower one. Either a group 'Trình độ' (or `group`) over
    'Chuyên môn' | 'Lý luận chính trị', or 'Trình độ chuyên môn' over its details 'Trình độ' | 'Chuyên
    ngành'."""
    order = [f for f in CANBO_HEADERS if f not in ("education", "major", "political_theory")]
    order[7:7] = (
        ["education", "major", "political_theory"]
        if not group_over_details
        else ["education", "political_theory", "major"]
    )
    if group_over_details:
        upper = {"education": group, "political_theory": None}
        lower = {"education": "Chuyên môn", "political_theory": "Lý luận chính trị"}
    else:
        upper = {"education": "Trình độ chuyên môn", "major": None}
        lower = {"education": "Trình độ", "major": "Chuyên ngành"}
    first = [upper.get(f, CANBO_HEADERS[f]) for f in order]
    second = [lower.get(f) for f in order]
    cadre = cadre_row()
    return [["DANH SÁCH CÁN BỘ XÃ NĂM 2024"], first, second, [cadre[CANBO_HEADERS[f]] for f in order]]


@pytest.mark.parametrize(
    ("group_over_details", "group"),
    [(True, "Trình độ"), (True, "Trình độ đào tạo"), (False, "Trình độ")],
    ids=["group-over-columns", "group-named-as-education", "header-over-details"],
)
def test_a_header_of_two_rows_is_read_as_one(tmp_path, group_over_details, group):
    """A file laid out so was rejected for missing columns, or lost a column and read the lower header
    row as a cadre. A group headed as one of its fields ('Trình độ đào tạo', education's alias) too."""
    sheet_rows = _two_row_header_sheet(group_over_details, group)
    path = write(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), "CanBo": sheet_rows})
    sheet = read_workbook(path).sheets["CanBo"]
    assert sheet.header_row == 3 and list(sheet.frame.index) == [4] and not sheet.missing_fields
    assert sheet.frame.loc[4, ["education", "major", "political_theory"]].tolist() == ["Đại học", "Luật", "Trung cấp"]
    assert validate_workbook(read_workbook(path), folder_province="08").status == "accepted"


def test_a_hidden_copy_of_a_sheet_is_named_not_read_as_a_second_one(tmp_path):
    """Copying a tab leaves 'CanBo (2)'; hidden, it rejected the file as a second CanBo. The visible tab
    is read (even when the hidden one comes first) and the hidden copy is named; a hidden tab that is
    the only one of its kind is still read."""
    path = write(
        _path(tmp_path, "xlsx"),
        {
            "ThongTin": thongtin(),
            "CanBo (2)": table([cadre_row(full_name="Bản cũ")]),
            "CanBo": table([cadre_row()]),
            "KhoaHoc": table([course_row(2024)]),
        },
    )
    book = openpyxl.load_workbook(path)
    book["CanBo (2)"].sheet_state = "hidden"
    book["KhoaHoc"].sheet_state = "hidden"
    book.save(path)
    result = validate_workbook(read_workbook(path), folder_province="08")
    assert result.status != "rejected"
    assert result.valid_rows["CanBo"]["full_name"].tolist() == ["Nguyễn Văn An"]
    assert "KhoaHoc" in result.valid_rows
    hidden = result.issues[result.issues["rule"] == "FILE.HIDDEN_SHEET_IGNORED"]
    assert hidden["sheet"].tolist() == ["CanBo (2)"] and (hidden["severity"] == "warning").all()


def test_a_one_row_header_never_takes_the_first_cadre_for_its_second_row(tmp_path):
    """No 'Chương trình' column, and the first cadre's note 'Diện luân chuyển từ huyện' starts with an
    alias of it ('Diện'): joined with the header as a two-row header it matched one field more, and the
    first cadre vanished as a header row."""
    rows = []
    for serial, note in enumerate(["Diện luân chuyển từ huyện", None, None], start=1):
        row = cadre_row(national_id=national_id(1980, serial=serial), full_name=f"Người {serial}")
        row.pop("Chương trình")
        rows.append({**row, "Ghi chú": note})
    sheet = read_workbook(write(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), "CanBo": table(rows)})).sheets[
        "CanBo"
    ]
    assert sheet.header_row == 1 and sheet.frame["full_name"].tolist() == ["Người 1", "Người 2", "Người 3"]
    assert sheet.frame["program"].isna().all()


def test_two_hidden_tabs_of_one_kind_and_none_visible_reject_the_file_as_two_visible_ones_do(tmp_path):
    path = write(
        _path(tmp_path, "xlsx"),
        {"ThongTin": thongtin(), "CanBo": table([cadre_row()]), "CanBo (2)": table([cadre_row(full_name="B")])},
    )
    book = openpyxl.load_workbook(path)
    book["CanBo"].sheet_state = book["CanBo (2)"].sheet_state = "hidden"
    book.save(path)
    raw = read_workbook(path)
    assert raw.duplicate_sheets == ["CanBo (2)"] and raw.hidden_copies == []


def test_the_footer_of_a_long_sheet_is_found_in_its_tail(tmp_path):
    """A sheet longer than the rows the footer search looks at first: the same footer, the same data."""
    rows = [cadre_row(national_id=national_id(1980, serial=i), full_name=f"Người {i}") for i in range(1, 61)]
    header, *data = table(rows)
    signature = [None, "NGƯỜI LẬP BIỂU", *[None] * (len(header) - 2)]
    sheets = {"ThongTin": thongtin(), "CanBo": [header, *data, [], signature, signature]}
    sheet = read_workbook(write(_path(tmp_path, "xlsx"), sheets)).sheets["CanBo"]
    assert list(sheet.frame.index) == list(range(2, 62))
    assert sheet.footer_rows == [(63, "NGƯỜI LẬP BIỂU"), (64, "NGƯỜI LẬP BIỂU")]


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_a_value_merged_down_over_rows_is_read_in_every_row_it_covers(tmp_path: Path, suffix: str) -> None:
    """A commune code merged over its three cadres, a course code over its two participants, in sheets
    whose column A is empty (fastexcel's table then starts at column B) under a title merged across:
    Excel shows the value beside every covered row, so each row is read with it, not as blank."""
    cadres = [
        cadre_row(national_id=MALE_1980),
        cadre_row(
            national_id=FEMALE_1985,
            full_name="Lê Thị Hoa",
            birth_date="02/09/1985",
            gender="Nữ",
            position="Phó Chủ tịch UBND",
        ),
        cadre_row(
            national_id=MALE_1975, full_name="Trần Văn Bình", birth_date="20/11/1975", position="Phó Chủ tịch HĐND"
        ),
    ]
    canbo = [[None, *row] for row in table(cadres, title_rows=[["DANH SÁCH CÁN BỘ"]])]
    commune = canbo[1].index(CANBO_HEADERS.get("commune_code", "Mã xã"))
    for row in canbo[3:]:
        row[commune] = None  # covered by the merge from the first cadre's cell
    attendance = [attendance_row(national_id=MALE_1980), attendance_row(national_id=FEMALE_1985)]
    hocvien = [[None, *row] for row in table(attendance)]
    code = hocvien[0].index("Mã khóa học")
    hocvien[2][code] = None
    sheets = {
        "ThongTin": thongtin(),
        "CanBo": canbo,
        "KhoaHoc": table([course_row()]),
        "HocVien": hocvien,
    }
    merged = {"CanBo": [(0, 0, 1, 5), (2, 4, commune, commune)], "HocVien": [(1, 2, code, code)]}
    path = _WRITERS[suffix](tmp_path / "08" / f"gop{suffix}", sheets, merged)

    book = read_workbook(path)

    assert book.sheets["CanBo"].frame["commune_code"].fillna("blank").tolist() == [wb.SHARED_COMMUNE] * 3
    assert book.sheets["CanBo"].frame.index.tolist() == [3, 4, 5]  # Excel rows, as before
    assert book.sheets["HocVien"].frame["course_code"].nunique() == 1
    assert book.sheets["HocVien"].frame["course_code"].notna().all()
    result = validate_workbook(book, folder_province="08")
    assert result.status == "accepted", result.issues.to_dict("records")


def test_a_covered_cell_holding_its_own_value_is_read_as_it_is(tmp_path: Path) -> None:
    """A value left in a cell a merge covers (Excel hides it, the file holds it) is read and checked,
    not overwritten by the merged value."""
    cadres = [
        cadre_row(national_id=MALE_1980),
        cadre_row(national_id=FEMALE_1985, birth_date="02/09/1985", gender="Nữ", commune_code="99999"),
    ]
    canbo = table(cadres)
    letter = openpyxl.utils.get_column_letter(canbo[0].index(CANBO_HEADERS.get("commune_code", "Mã xã")) + 1)
    path = wb.write_xlsx(tmp_path / "08" / "an.xlsx", {"ThongTin": thongtin(), "CanBo": canbo})
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    merge = f'<mergeCells count="1"><mergeCell ref="{letter}2:{letter}3"/></mergeCells>'.encode()
    parts["xl/worksheets/sheet2.xml"] = parts["xl/worksheets/sheet2.xml"].replace(
        b"</sheetData>", b"</sheetData>" + merge
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)

    frame = read_workbook(path).sheets["CanBo"].frame

    assert frame["commune_code"].tolist() == [wb.SHARED_COMMUNE, "99999"]


def test_a_workbook_encrypted_with_a_password_is_rejected_saying_so(tmp_path: Path) -> None:
    """Excel's 'Encrypt with Password' makes the file unreadable to anyone without the password: the
    province is told to remove it, not to save the file again as .xlsx (the hint for a broken file)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    from cadres.preparation import read_and_validate
    from cadres.workbook import PasswordProtected

    plain = wb.write_xlsx(tmp_path / "plain.xlsx", wb.clean_workbook())
    path = tmp_path / "08" / "co-mat-khau.xlsx"
    path.parent.mkdir(parents=True)
    with plain.open("rb") as source, path.open("wb") as encrypted:
        OOXMLFile(source).encrypt("matkhau", encrypted)

    with pytest.raises(PasswordProtected):
        read_workbook(path)
    result = read_and_validate(path, folder_province="08", strict=False)

    assert result.status == "rejected"
    assert result.issues[["rule", "value"]].to_dict("records") == [
        {"rule": "FILE.PASSWORD_PROTECTED", "value": "co-mat-khau.xlsx"}
    ]
    assert "mật khẩu" in result.issues["hint"].iloc[0]


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_a_merge_running_over_a_total_row_and_the_signature_fills_only_the_cadres(tmp_path: Path, suffix: str) -> None:
    """The commune code merged over its two cadres, their 'Cộng' row and on into the signature block:
    the total row and the signature stay noise (dropped, the signature reported once), the blank rows
    stay blank, and only the cadres' rows get the code."""
    cadres = [
        cadre_row(national_id=MALE_1980),
        cadre_row(national_id=FEMALE_1985, birth_date="02/09/1985", gender="Nữ", commune_code=None),
    ]
    canbo = [["STT", *row] for row in table(cadres)]
    for number, row in enumerate(canbo[1:], start=1):
        row[0] = number
    width = len(canbo[0])
    commune = canbo[0].index(CANBO_HEADERS.get("commune_code", "Mã xã"))
    canbo += [["Cộng", *[None] * (width - 1)], [None] * width, [None, "NGƯỜI LẬP BIỂU", *[None] * (width - 2)]]
    sheets = {"ThongTin": thongtin(), "CanBo": canbo}
    path = _WRITERS[suffix](tmp_path / "08" / f"gop{suffix}", sheets, {"CanBo": [(1, 6, commune, commune)]})

    book = read_workbook(path)

    sheet = book.sheets["CanBo"]
    assert sheet.frame.index.tolist() == [2, 3]
    assert sheet.frame["commune_code"].tolist() == [wb.SHARED_COMMUNE] * 2
    assert [row for row, _ in sheet.footer_rows] == [6]
    result = validate_workbook(book, folder_province="08")
    assert result.status == "accepted", result.issues.to_dict("records")


def test_group_headings_repeated_headers_and_labelled_subtotals_inside_the_table_are_not_cadres(
    tmp_path: Path,
) -> None:
    """Communes pasted one under the other: 'I | Xã Côn Lôn', the header and its numbering row again,
    'Cộng xã Côn Lôn', 'Tổng cộng toàn xã'. Each was checked as a cadre (a dozen errors a row); they are
    set aside, the headings and repeated headers reported. A last cadre whose ID and dates are still to
    come (most of the row filled) is data with its blanks reported, not the signature block."""
    cadres = [cadre_row(), cadre_row(national_id=FEMALE_1985, birth_date="02/09/1985", gender="Nữ")]
    header, first, second = table(cadres)
    width = len(header) + 1

    def row(*cells: object) -> list:
        return [*cells, *[None] * (width - len(cells))]

    unfinished = cadre_row(  # 8 of 17 columns, no ID, code or date: under half, as a signature's rows are
        national_id=None,
        full_name="Trần Văn Cuối",
        birth_date=None,
        appointed_on=None,
        commune_code=None,
        major=None,
        portfolio=None,
        meets_standard=None,
    )
    canbo = [
        ["STT", *header],
        row("I", "Xã Côn Lôn"),
        [1, *first],
        row(None, "Cộng xã Côn Lôn", None, None, 1),
        ["STT", *header],
        [f"({i})" for i in range(1, width + 1)],
        row("II.", "Phường Minh Xuân"),
        [2, *second],
        row(None, "Tổng cộng toàn xã"),
        [3, *table([unfinished])[1]],
    ]
    path = write_xlsx(tmp_path / "08" / "nhom.xlsx", {"ThongTin": thongtin(), "CanBo": canbo})

    book = read_workbook(path)

    sheet = book.sheets["CanBo"]
    assert sheet.frame.index.tolist() == [3, 8, 10]
    assert [number for number, _ in sheet.heading_rows] == [2, 5, 6, 7]
    assert sheet.heading_rows[0][1] == "I | Xã Côn Lôn" and sheet.footer_rows == []
    issues = validate_workbook(book, folder_province="08").issues
    assert issues.loc[issues["rule"] == "FILE.HEADING_ROW_IGNORED", "row"].tolist() == [2, 5, 6, 7]
    assert issues.loc[issues["rule"] == "FILE.TOTAL_ROW_IGNORED", "row"].tolist() == [4, 9]
    assert set(issues.loc[issues["row"] == 10, "rule"]) == {"CELL.REQUIRED"}
    assert not issues["rule"].eq("COMMUNE.FROM_HEADING").any()  # the total ends Phường Minh Xuân's block
    assert not issues["row"].isin([3, 8]).any()


def test_commune_headings_numbered_in_arabic_are_headings_and_a_sparse_cadre_under_them_is_data(
    tmp_path: Path,
) -> None:
    """'1 | Xã Côn Lôn' and '2. | Phường Minh Xuân' head each commune's cadres, numbered 1, 2 again under
    each: the headings were read as cadres, a row of errors each. They are headings now; a cadre of only a
    number and a name ('3 | Trần Văn Cuối') is still data, its blanks told."""
    cadres = [cadre_row(), cadre_row(national_id=FEMALE_1985, birth_date="02/09/1985", gender="Nữ")]
    header, first, second = table(cadres)
    width = len(header) + 1

    def row(*cells: object) -> list:
        return [*cells, *[None] * (width - len(cells))]

    canbo = [
        ["STT", *header],
        row(1, "Xã Côn Lôn"),
        [1, *first],
        row(2, "Trần Văn Cuối"),
        row(3, "Quan Văn Minh"),  # a Tày family name, folded 'quan': no 'quận', a cadre still (a review's)
        row("2.", "Phường Minh Xuân"),
        [1, *second],
        row(None, "3. Xã Trung Môn"),  # the number in the name's cell (a review's)
        row("4.0", "Phường Phan Thiết"),  # a number of a CSV written from floats
    ]
    path = write_xlsx(tmp_path / "08" / "so-thu-tu.xlsx", {"ThongTin": thongtin(), "CanBo": canbo})

    book = read_workbook(path)

    sheet = book.sheets["CanBo"]
    assert sheet.frame.index.tolist() == [3, 4, 5, 7]
    assert sheet.heading_rows == [
        (2, "1 | Xã Côn Lôn"),
        (6, "2. | Phường Minh Xuân"),
        (8, "3. Xã Trung Môn"),
        (9, "4.0 | Phường Phan Thiết"),
    ]
    issues = validate_workbook(book, folder_province="08").issues
    assert issues.loc[issues["rule"] == "FILE.HEADING_ROW_IGNORED", "row"].tolist() == [2, 6, 8, 9]
    assert not issues["row"].isin([3, 7]).any()
    assert {"CELL.REQUIRED"} <= set(issues.loc[issues["row"] == 4, "rule"]) & set(
        issues.loc[issues["row"] == 5, "rule"]
    )


def test_a_labelled_total_over_the_table_filled_like_data_is_a_total_not_a_cadre(tmp_path: Path) -> None:
    """'Cộng toàn tỉnh' right under the header with its counts in most columns was checked as a cadre (a row of
    errors): the half-filled limit keeps a cadre named Công Toàn from being a total among the rows, but over
    the table's first row a labelled total is a total whatever it fills. Lower down it stays data."""
    cadres = [cadre_row(), cadre_row(national_id=FEMALE_1985, birth_date="02/09/1985", gender="Nữ")]
    header, first, second = table(cadres)
    counts = ["Cộng toàn tỉnh", *[2 if cell is not None else None for cell in first]]
    canbo = [["STT", *header], counts, [1, *first], [2, *second], ["Cộng toàn tỉnh", *counts[1:]]]
    path = write_xlsx(tmp_path / "08" / "tong-tren.xlsx", {"ThongTin": thongtin(), "CanBo": canbo})

    book = read_workbook(path)

    sheet = book.sheets["CanBo"]
    assert sheet.frame.index.tolist() == [3, 4, 5]
    issues = validate_workbook(book, folder_province="08").issues
    assert issues.loc[issues["rule"] == "FILE.TOTAL_ROW_IGNORED", "row"].tolist() == [2]
    assert not issues["row"].isin([3, 4]).any()
    assert issues["row"].eq(5).any()


def test_a_first_cadre_named_like_a_total_in_a_table_starting_with_the_names_stays_a_cadre(tmp_path: Path) -> None:
    """A review's: in a table whose first column is the name, a first cadre 'Tống Toàn Thắng' (folded, 'tong
    toan': a label and the word of what it totals) was dropped as a total over the table, silently loading
    one cadre fewer. A row holding an ID, a code or a date is no total over the table."""
    second = cadre_row(national_id=FEMALE_1985, birth_date="02/09/1985", gender="Nữ")
    cadres = [cadre_row(full_name="Tống Toàn Thắng"), second]
    header, first, second = table(cadres)
    at = header.index("Họ và tên")
    reorder = [at, *[i for i in range(len(header)) if i != at]]
    canbo = [[row[i] for i in reorder] for row in (header, first, second)]
    path = write_xlsx(tmp_path / "08" / "ten-truoc.xlsx", {"ThongTin": thongtin(), "CanBo": canbo})

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.status == "accepted", result.issues.to_dict("records")
    assert result.valid_rows["CanBo"]["full_name"].tolist() == ["Tống Toàn Thắng", "Nguyễn Văn An"]


def test_two_columns_starting_with_one_header_are_ambiguous_and_neither_is_taken(tmp_path: Path) -> None:
    """'Chức vụ Đảng' | 'Chức vụ chính quyền' both start with the standard's 'Chức vụ': the leftmost was
    taken, and a Chủ tịch UBND loaded as 'Phó Bí thư Đảng ủy'. Neither is guessed: each is named as
    ambiguous, and the required 'Chức vụ' is missing (the file is rejected, saying which columns)."""
    cadres = [cadre_row(position="Chủ tịch UBND")]
    canbo = table(cadres)
    at = canbo[0].index("Chức vụ")
    canbo[0][at : at + 1] = ["Chức vụ Đảng", "Chức vụ chính quyền"]
    canbo[1][at : at + 1] = ["Phó Bí thư Đảng ủy", "Chủ tịch UBND"]
    path = write_xlsx(tmp_path / "08" / "hai-chuc-vu.xlsx", {"ThongTin": thongtin(), "CanBo": canbo})

    book = read_workbook(path)

    sheet = book.sheets["CanBo"]
    assert sheet.ambiguous_columns == {"position": ["Chức vụ Đảng", "Chức vụ chính quyền"]}
    assert "position" in sheet.missing_fields and sheet.unknown_columns == []
    result = validate_workbook(book, folder_province="08")
    assert result.status == "rejected"
    found = result.issues[result.issues["rule"].isin(["FILE.COLUMN_AMBIGUOUS", "FILE.COLUMN_MISSING"])]
    assert found[["rule", "header"]].values.tolist() == [
        ["FILE.COLUMN_MISSING", "Chức vụ"],
        ["FILE.COLUMN_AMBIGUOUS", "Chức vụ Đảng"],
        ["FILE.COLUMN_AMBIGUOUS", "Chức vụ chính quyền"],
    ]


def _grouped_columns(rows: list[list], header: str, group: str, parts: list[str], values: list) -> tuple[list, list]:
    """A table's header (`rows[0]`) laid out in two rows, as forms do: `header`'s column split into
    `parts` under `group` (merged across them), every other header merged down over both rows; each
    data row gets `values` in the parts. Returns the rows under a title and the merged ranges."""
    at = rows[0].index(header)
    width = len(rows[0]) + len(parts) - 1
    upper = [*rows[0][:at], group, *[None] * (len(parts) - 1), *rows[0][at + 1 :]]
    lower = [None] * width
    lower[at : at + len(parts)] = parts
    data = [[*row[:at], *values, *row[at + 1 :]] for row in rows[1:]]
    merged = [(1, 1, at, at + len(parts) - 1)] + [(1, 2, c, c) for c in range(width) if not at <= c < at + len(parts)]
    return [["DANH SÁCH"], upper, lower, *data], merged


@pytest.mark.parametrize("parts", [("Điểm", "Xếp loại"), ("Xếp loại", "Điểm"), ("Điểm", "Kết quả học tập")])
def test_an_outcome_as_a_grade_reads_the_grade_and_tells_the_score_column(tmp_path: Path, parts: tuple) -> None:
    """'Kết quả' over 'Điểm' | 'Xếp loại' rejected the file (which column is the outcome, asked): under the
    outcome's own header a grade is the outcome (Giỏi, Khá: completed), the score beside it told as a
    column not read. Not an alias anywhere else: a 'Xếp loại' column beside 'Kết quả bồi dưỡng' stays
    another column (a review found the grades taking the outcome, a blank grade held)."""
    sheets = wb.clean_workbook()
    values = [8.5 if part == "Điểm" else "Khá" for part in parts]
    hocvien, merged = _grouped_columns(sheets["HocVien"], "Kết quả", "Kết quả", list(parts), values)
    path = wb.write_xlsx(tmp_path / "08" / "xep-loai.xlsx", {**sheets, "HocVien": hocvien}, {"HocVien": merged})

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.status == "accepted"
    assert result.issues[["rule", "header"]].values.tolist() == [["FILE.COLUMN_UNKNOWN", "Kết quả / Điểm"]]
    assert set(result.valid_rows["HocVien"]["outcome"]) == {"Hoàn thành"}
    beside = [["Kết quả bồi dưỡng" if cell == "Kết quả" else cell for cell in sheets["HocVien"][0]] + ["Xếp loại"]]
    beside += [[*row, None if number == 1 else "Yếu"] for number, row in enumerate(sheets["HocVien"][1:], start=1)]
    path = wb.write_xlsx(tmp_path / "08" / "xep-loai-ben-canh.xlsx", {**sheets, "HocVien": beside})
    result = validate_workbook(read_workbook(path), folder_province="08")
    assert result.status == "accepted"
    assert set(result.valid_rows["HocVien"]["outcome"]) == {"Hoàn thành"}


@pytest.mark.parametrize("grade", ["Xếp loại", "Xếp loại (Giỏi, Khá, TB)"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_grade_column_without_an_outcome_column_is_the_outcome(tmp_path: Path, fmt: str, grade: str) -> None:
    """A HocVien sheet headed 'Xếp loại' where the standard has 'Kết quả' (a grade per attendee: Giỏi, Khá)
    was a missing 'Kết quả', the file rejected: the grade stands in for the outcome where no column is
    headed as the outcome (a grade given is a course completed); an unknown grade is held as any value
    outside the list. Beside a column read as the outcome it stays a column of its own (the test above)."""
    sheets = wb.clean_workbook()
    hocvien = [[grade if cell == "Kết quả" else cell for cell in sheets["HocVien"][0]]]
    at = hocvien[0].index(grade)
    grades = ["Giỏi", "Khá", "Kém lắm"]  # one per attendee of the clean workbook
    hocvien += [[*row[:at], grade, *row[at + 1 :]] for grade, row in zip(grades, sheets["HocVien"][1:], strict=True)]
    path = _write(tmp_path, fmt, {**sheets, "HocVien": hocvien}, {})

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.status == "accepted_with_errors"
    unknown = result.issues.loc[result.issues["rule"] == "CELL.CODE_UNKNOWN", ["sheet", "header", "value"]]
    assert unknown.drop_duplicates().values.tolist() == [["HocVien", grade, "Kém lắm"]]
    assert set(result.valid_rows["HocVien"]["outcome"]) == {"Hoàn thành"}


def test_unheaded_marks_two_fields_share_are_read_only_where_one_field_is_missing(tmp_path: Path) -> None:
    """'Sơ cấp' | 'Trung cấp' | 'Cao cấp' columns of marks with no header over them: levels of political
    theory, and 'Sơ cấp', 'Trung cấp' levels of education too. Beside an education column they are the
    political theory; with both columns missing, which field they are is not guessed (a review's)."""
    sheets = wb.clean_workbook()
    header, *rows = sheets["CanBo"]
    at = header.index("Lý luận chính trị")
    levels = ["Sơ cấp", "Trung cấp", "Cao cấp"]
    written = [row[at] for row in rows]
    marks = [[("x" if level == value else None) for level in levels] for value in written]
    canbo = [[*header[:at], *levels, *header[at + 1 :]]]
    canbo += [[*row[:at], *mark, *row[at + 1 :]] for row, mark in zip(rows, marks, strict=True)]
    result = validate_workbook(
        read_workbook(wb.write_xlsx(tmp_path / "08" / "llct.xlsx", {**sheets, "CanBo": canbo})), "08"
    )
    assert set(written) <= set(levels) and result.status == "accepted"
    assert result.valid_rows["CanBo"]["political_theory"].tolist() == written

    education = canbo[0].index("Trình độ chuyên môn")
    both = [[cell for position, cell in enumerate(row) if position != education] for row in canbo]
    path = wb.write_xlsx(tmp_path / "08" / "ca-hai.xlsx", {**sheets, "CanBo": both})
    result = validate_workbook(read_workbook(path), "08")
    missing = result.issues.loc[result.issues["rule"] == "FILE.COLUMN_MISSING", "field"].tolist()
    assert result.status == "rejected" and sorted(missing) == ["education", "political_theory"]


def test_a_grade_column_stands_in_neither_for_a_contested_outcome_nor_beside_its_marks(tmp_path: Path) -> None:
    """A review's: beside 'Kết quả bồi dưỡng' | 'Kết quả cuối khóa' (which is the outcome, asked: the file
    rejected) a 'Xếp loại' column settled it, an 'Đang học' of the other column lost; beside 'Hoàn
    thành' | 'Không hoàn thành' marks it took the outcome from them, a failing attendee without a grade
    held. The question stays asked, and marks naming the outcome's values are the outcome."""
    sheets = wb.clean_workbook()
    header, *rows = sheets["HocVien"]
    at = header.index("Kết quả")

    def laid_out(headers: list[str], cells: list[list]) -> list[list]:
        return [[*header[:at], *headers, *header[at + 1 :]]] + [
            [*row[:at], *written, *row[at + 1 :]] for row, written in zip(rows, cells, strict=True)
        ]

    contested = laid_out(
        ["Kết quả bồi dưỡng", "Kết quả cuối khóa", "Xếp loại"],
        [["Hoàn thành", "Đang học", "Giỏi"], ["Hoàn thành", "Hoàn thành", "Khá"], ["Hoàn thành", "Hoàn thành", "Khá"]],
    )
    path = wb.write_xlsx(tmp_path / "08" / "hai-ket-qua.xlsx", {**sheets, "HocVien": contested})
    result = validate_workbook(read_workbook(path), folder_province="08")
    assert result.status == "rejected"
    assert set(result.issues.loc[result.issues["rule"] == "FILE.COLUMN_AMBIGUOUS", "header"]) == {
        "Kết quả bồi dưỡng",
        "Kết quả cuối khóa",
    }

    marked = laid_out(
        ["Hoàn thành", "Không hoàn thành", "Xếp loại"], [["x", None, "Khá"], [None, "x", None], ["x", None, "Giỏi"]]
    )
    path = wb.write_xlsx(tmp_path / "08" / "danh-dau.xlsx", {**sheets, "HocVien": marked})
    result = validate_workbook(read_workbook(path), folder_province="08")
    assert result.status == "accepted"
    assert result.issues[["rule", "header"]].values.tolist() == [["FILE.COLUMN_UNKNOWN", "Xếp loại"]]
    assert result.valid_rows["HocVien"]["outcome"].tolist() == ["Hoàn thành", "Không hoàn thành", "Hoàn thành"]


def test_a_field_over_its_own_sub_column_and_others_reads_its_own(tmp_path: Path) -> None:
    """'Trình độ chuyên môn' over 'Hệ đào tạo' | 'Trình độ chuyên môn' read 'Chính quy' as the education (every
    cadre held), and 'Kinh phí (đồng)' over 'NSTW' | 'NSĐP' | 'Tổng kinh phí' loaded the first source as the
    budget, silently: the sub-column naming the group's field is the field, the others told as not read."""
    sheets = wb.clean_workbook()
    canbo, merged = _grouped_columns(
        sheets["CanBo"],
        "Trình độ chuyên môn",
        "Trình độ chuyên môn",
        ["Hệ đào tạo", "Trình độ chuyên môn"],
        ["Chính quy", "Đại học"],
    )
    khoahoc, merged_courses = _grouped_columns(
        sheets["KhoaHoc"],
        "Kinh phí (đồng)",
        "Kinh phí (đồng)",
        ["NSTW", "NSĐP", "Tổng kinh phí"],
        ["20.000.000", "7.309.000", "27.309.000"],
    )
    books = {**sheets, "CanBo": canbo, "KhoaHoc": khoahoc}
    path = wb.write_xlsx(tmp_path / "08" / "nhom.xlsx", books, {"CanBo": merged, "KhoaHoc": merged_courses})

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.status == "accepted", result.issues.to_dict("records")
    assert set(result.valid_rows["CanBo"]["education"]) == {"Đại học"}
    assert set(result.valid_rows["KhoaHoc"]["budget_vnd"]) == {27_309_000}
    told = result.issues.loc[result.issues["rule"] == "FILE.COLUMN_UNKNOWN", "header"].tolist()
    assert told == ["Trình độ chuyên môn / Hệ đào tạo", "Kinh phí (đồng) / NSTW", "Kinh phí (đồng) / NSĐP"]


def test_beside_the_fields_own_sub_column_another_fields_column_and_an_empty_grade_keep_their_reading(
    tmp_path: Path,
) -> None:
    """A fourth review's: under 'Kết quả' over 'Kết quả học tập' | 'Chứng chỉ được cấp', the certificate
    column (read by its start before) was told as not read, every certificate blank; and over 'Kết quả
    học tập' | 'Xếp loại' the grade took the outcome, a blank grade holding every attendee. A sub-column
    starting with another field's header keeps it, and a grade is the outcome only where no sub-column
    names the outcome itself."""
    sheets = wb.clean_workbook()
    hocvien = [[cell for cell in row if cell != "Có"] for row in sheets["HocVien"]]  # no 'Cấp chứng chỉ'
    hocvien[0] = [cell for cell in hocvien[0] if cell != "Cấp chứng chỉ"]
    certified, merged = _grouped_columns(
        hocvien, "Kết quả", "Kết quả", ["Kết quả học tập", "Chứng chỉ được cấp"], ["Hoàn thành", "Có"]
    )
    path = wb.write_xlsx(tmp_path / "08" / "chung-chi.xlsx", {**sheets, "HocVien": certified}, {"HocVien": merged})
    result = validate_workbook(read_workbook(path), folder_province="08")
    assert result.status == "accepted", result.issues.to_dict("records")
    assert set(result.valid_rows["HocVien"]["certified"]) == {True}

    graded, merged = _grouped_columns(
        sheets["HocVien"], "Kết quả", "Kết quả", ["Kết quả học tập", "Xếp loại"], ["Hoàn thành", None]
    )
    path = wb.write_xlsx(tmp_path / "08" / "xep-loai-trong.xlsx", {**sheets, "HocVien": graded}, {"HocVien": merged})
    result = validate_workbook(read_workbook(path), folder_province="08")
    assert result.status == "accepted", result.issues.to_dict("records")
    assert set(result.valid_rows["HocVien"]["outcome"]) == {"Hoàn thành"}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_field_merged_over_sub_columns_is_asked_about_not_taken_from_the_first(tmp_path: Path, fmt: str) -> None:
    """'Chức vụ' merged over 'Đảng ủy' | 'UBND' (the other headers merged down over both rows): the
    sub-header row was read as a cadre (a row of 'required' errors) and the post taken from the left
    sub-column, so a chairman loaded as 'Phó Bí thư', silently. The sub-headers are part of the header
    now, the data start under them, and which column is the post is asked, as for 'Chức vụ Đảng' |
    'Chức vụ chính quyền' in one row: the file is rejected naming both, each marked on its own cell."""
    canbo, merged = _grouped_columns(
        table([cadre_row(position="Chủ tịch UBND")]),
        "Chức vụ",
        "Chức vụ",
        ["Đảng ủy", "UBND"],
        ["Phó Bí thư", "Chủ tịch UBND"],
    )
    sheets = {"ThongTin": thongtin(), "CanBo": canbo}
    path = _write(tmp_path, fmt, sheets, {"CanBo": merged})

    book = read_workbook(path)

    sheet = book.sheets["CanBo"]
    assert sheet.header_row == 3 and list(sheet.frame.index) == [4]
    assert sheet.ambiguous_columns == {"position": ["Chức vụ / Đảng ủy", "Chức vụ / UBND"]}
    result = validate_workbook(book, folder_province="08")
    assert result.status == "rejected"
    assert not result.issues["rule"].str.startswith("CELL.").any()  # the sub-headers are no cadre
    ambiguous = result.issues[result.issues["rule"] == "FILE.COLUMN_AMBIGUOUS"]
    assert ambiguous["header"].tolist() == ["Chức vụ / Đảng ủy", "Chức vụ / UBND"]
    if fmt == "xlsx":
        assert ambiguous["column"].tolist() == [7, 8]


@pytest.mark.parametrize(
    ("group", "parts", "values", "budget"),
    [
        ("Kinh phí (đồng)", ["Ngân sách trung ương", "Ngân sách địa phương"], [30000000, 5000000], 35_000_000),
        ("Kinh phí (đồng)", ["NSTW", "NSĐP", "Xã hội hóa"], [30000000, None, "2.500.000"], 32_500_000),
        ("Kinh phí (đồng)", ["NSTƯ", "Vốn đối ứng", "Nhân dân đóng góp"], [30000000, "-", 500000], 30_500_000),
        ("Kinh phí (triệu đồng)", ["NSTW", "NSĐP"], [27.5, 2.25], 29_750_000),
        ("Kinh phí (triệu đồng)", ["NSTW", "NSĐP"], [2.5, "1.500"], 1_502_500_000),  # typed: fifteen hundred
        ("Kinh phí", ["NSNN", "Nguồn khác"], ["15 triệu", "500.000đ"], 15_500_000),  # each states its unit
        ("Kinh phí (đồng)", ["NSTW", "NSĐP"], [None, None], None),
    ],
)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_amount_over_its_sources_is_their_sum(
    tmp_path: Path, fmt: str, group: str, parts: list[str], values: list, budget: int | None
) -> None:
    """'Kinh phí (đồng)' over 'Ngân sách trung ương' | 'Ngân sách địa phương': the central budget alone
    loaded as the course's budget; then the province was asked which to keep, though the sources part
    the budget as the sexes part a count. The budget is their sum, each source read in the amount's unit
    (the group's header, or the source's own), a blank source counting nothing."""
    courses = table([course_row(2024, course_code="KH01")])
    khoahoc, merged = _grouped_columns(courses, "Kinh phí (đồng)", group, parts, values)
    sheets = {"ThongTin": thongtin(), "KhoaHoc": khoahoc}
    path = _write(tmp_path, fmt, sheets, {"KhoaHoc": merged})

    result = validate_workbook(book := read_workbook(path), folder_province="08")

    sheet = book.sheets["KhoaHoc"]
    assert sheet.ambiguous_columns == {} and sheet.unknown_columns == [] and list(sheet.frame.index) == [4]
    typed = result.valid_rows["KhoaHoc"]["budget_vnd"].tolist()
    assert typed == [budget if budget is not None else pd.NA], result.issues[["rule", "value"]].values.tolist()
    if fmt == "xlsx":
        first = sheet.field_columns["budget_vnd"]
        assert sheet.sources["budget_vnd"].excel_columns == [first + n for n in range(len(parts))]


@pytest.mark.parametrize(
    ("values", "budget"),
    [
        ([30000000, 5000000], 35_000_000),
        ([30, 5], 35_000_000),
        ([30, None], 30_000_000),  # a source with no number in it crashed the file (a review's)
        (["-", 30], 30_000_000),
    ],
)
def test_sources_under_a_table_unit_are_read_in_it_unless_already_in_dong(
    tmp_path: Path, values: list, budget: int
) -> None:
    """'ĐVT: triệu đồng' above the table, 'Kinh phí' over 'NSTW' | 'NSĐP': sources in triệu are read in
    it; sources already in đồng (past any plausible amount once scaled) are not scaled again, as for one
    budget column."""
    courses = table([course_row(2024, course_code="KH01")])
    khoahoc, merged = _grouped_columns(courses, "Kinh phí (đồng)", "Kinh phí", ["NSTW", "NSĐP"], values)
    khoahoc[0] = ["ĐVT: triệu đồng"]
    path = write_xlsx(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), "KhoaHoc": khoahoc}, {"KhoaHoc": merged})

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.valid_rows["KhoaHoc"]["budget_vnd"].tolist() == [budget]


@pytest.mark.parametrize("other", ["-", "0"])
def test_each_source_is_read_as_its_own_cell_number_or_text(tmp_path: Path, other: str) -> None:
    """'Kinh phí (triệu đồng)' over 'NSTW' | 'NSĐP', the number 27.309 under NSTW and a dash or a text
    '0' typed under NSĐP: one text cell in the row made every source read as typed text, 27.309 as
    twenty-seven thousand triệu (a review's: 1,000 times the budget, silently). A number cell is a
    number whatever its neighbour holds."""
    courses = table([course_row(2024, course_code="KH01")])
    khoahoc, merged = _grouped_columns(
        courses, "Kinh phí (đồng)", "Kinh phí (triệu đồng)", ["NSTW", "NSĐP"], [27.309, other]
    )
    path = write_xlsx(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), "KhoaHoc": khoahoc}, {"KhoaHoc": merged})

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.valid_rows["KhoaHoc"]["budget_vnd"].tolist() == [27_309_000]


@pytest.mark.parametrize("negative", [-5000000, "-5.000.000"])
def test_a_negative_source_is_told_not_subtracted(tmp_path: Path, negative: object) -> None:
    """A negative source was taken off the others (30,000,000 - 5,000,000 loaded as 25,000,000, untold),
    where one negative budget is told: it is told, with every source, and the course held."""
    courses = table([course_row(2024, course_code="KH01")])
    khoahoc, merged = _grouped_columns(
        courses, "Kinh phí (đồng)", "Kinh phí (đồng)", ["NSTW", "NSĐP"], [negative, 30000000]
    )
    path = write_xlsx(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), "KhoaHoc": khoahoc}, {"KhoaHoc": merged})

    result = validate_workbook(read_workbook(path), folder_province="08")

    told = result.issues[result.issues["field"] == "budget_vnd"]
    assert told[["rule", "row"]].values.tolist() == [["CELL.NUMBER_INVALID", 4]]
    assert told["value"].iloc[0].endswith(" + 30000000")
    assert 4 not in result.valid_rows.get("KhoaHoc", pd.DataFrame()).index


def test_a_sum_typed_in_one_budget_cell_is_not_worked_out(tmp_path: Path) -> None:
    """'30.000.000 + 5.000.000' typed by hand in a budget column of its own is arithmetic to ask about,
    as before the sources were summed (a review found it summed silently)."""
    courses = [course_row(2024, course_code="KH01", budget_vnd="30.000.000 + 5.000.000")]
    path = write_xlsx(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), "KhoaHoc": table(courses)})

    result = validate_workbook(read_workbook(path), folder_province="08")

    told = result.issues[result.issues["field"] == "budget_vnd"]
    assert told[["rule", "value"]].values.tolist() == [["CELL.NUMBER_INVALID", "30.000.000 + 5.000.000"]]


def test_a_source_of_an_amount_that_is_no_amount_is_told_with_every_source(tmp_path: Path) -> None:
    """One source unreadable ('ba mươi triệu'): no partial sum loads; the cell is told as written, every
    source in it, and the course is held."""
    courses = table([course_row(2024, course_code="KH01")])
    khoahoc, merged = _grouped_columns(
        courses, "Kinh phí (đồng)", "Kinh phí (đồng)", ["NSTW", "NSĐP"], ["ba mươi triệu", 5000000]
    )
    path = write_xlsx(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), "KhoaHoc": khoahoc}, {"KhoaHoc": merged})

    result = validate_workbook(read_workbook(path), folder_province="08")

    told = result.issues[result.issues["field"] == "budget_vnd"]
    assert told[["rule", "row", "value"]].values.tolist() == [["CELL.NUMBER_INVALID", 4, "ba mươi triệu + 5000000"]]
    assert 4 not in result.valid_rows.get("KhoaHoc", pd.DataFrame()).index


@pytest.mark.parametrize(
    "parts",
    [
        ["Được duyệt", "Đã chi"],  # no parts of one sum
        ["NSNN", "NSTW", "NSĐP"],  # the state budget beside its levels: their total, not a third source
    ],
)
def test_an_amount_over_columns_that_are_not_its_sources_is_asked_about(tmp_path: Path, parts: list[str]) -> None:
    """Sub-columns that do not part the budget by source are not summed: which one is the budget is
    asked, neither taken, and the course loads without it."""
    courses = table([course_row(2024, course_code="KH01"), course_row(2024, course_code="KH02")])
    values = [30000000, 25000000, 5000000][: len(parts)]
    khoahoc, merged = _grouped_columns(courses, "Kinh phí (đồng)", "Kinh phí (đồng)", parts, values)
    path = write_xlsx(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), "KhoaHoc": khoahoc}, {"KhoaHoc": merged})

    sheet = read_workbook(path).sheets["KhoaHoc"]

    assert list(sheet.frame.index) == [4, 5] and sheet.frame["course_code"].tolist() == ["KH01", "KH02"]
    assert sheet.frame["budget_vnd"].isna().all() and list(sheet.ambiguous_columns) == ["budget_vnd"]


def test_an_id_card_merged_over_its_number_and_issue_is_read_from_the_number(tmp_path: Path) -> None:
    """'Căn cước công dân' over 'Số' | 'Ngày cấp' | 'Nơi cấp': the number is the ID, the date and place
    of issue detail it (columns not in the standard, named as such)."""
    cadre = cadre_row()
    canbo, merged = _grouped_columns(
        table([cadre]),
        "Số định danh cá nhân",
        "Căn cước công dân",
        ["Số", "Ngày cấp", "Nơi cấp"],
        [cadre["Số định danh cá nhân"], "01/02/2021", "Cục Cảnh sát QLHC về TTXH"],
    )
    path = write_xlsx(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), "CanBo": canbo}, {"CanBo": merged})

    book = read_workbook(path)

    sheet = book.sheets["CanBo"]
    assert sheet.frame["national_id"].tolist() == [cadre["Số định danh cá nhân"]] and list(sheet.frame.index) == [4]
    assert [header for header, _ in sheet.unknown_columns] == [
        "Căn cước công dân / Ngày cấp",
        "Căn cước công dân / Nơi cấp",
    ]
    result = validate_workbook(book, folder_province="08")
    assert result.status == "accepted", result.issues[["rule", "header"]].to_dict("records")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_name_over_its_parts_is_one_value_with_or_without_merges(tmp_path: Path, fmt: str) -> None:
    """'Họ và tên' over 'Họ' | 'Tên' in a CSV (or a sheet laid out without merging): the family name
    alone loaded as the cadre's name, the given name's column headed by nothing and never named. A
    part hidden in Excel is read and named by its sub-header, as any hidden column read is."""
    cadre = cadre_row()
    canbo, merged = _grouped_columns(table([cadre]), "Họ và tên", "Họ và tên", ["Họ", "Tên"], ["Nguyễn Văn", "An"])
    sheets = {"ThongTin": thongtin(), "CanBo": canbo}
    given = canbo[2].index("Tên")
    path = _write(tmp_path, fmt, sheets, {"CanBo": merged}, hidden={"CanBo": ([], [given])})

    result = validate_workbook(book := read_workbook(path), folder_province="08")

    assert book.sheets["CanBo"].frame["full_name"].tolist() == ["Nguyễn Văn An"]
    assert list(book.sheets["CanBo"].frame.index) == [4]
    hidden = result.issues.loc[result.issues["rule"] == "FILE.HIDDEN_COLUMN_READ", ["header", "column"]]
    assert hidden.values.tolist() == ([["Họ và tên / Tên", given + 1]] if fmt == "xlsx" else [])


@pytest.mark.parametrize(
    ("parts", "values", "name", "other"),
    [
        (["Họ và tên khai sinh", "Tên gọi khác"], ["Nguyễn Văn An", "Ba"], "Nguyễn Văn An", "Tên gọi khác"),
        (["Họ và tên", "Bí danh"], ["Nguyễn Văn An", "Ba"], "Nguyễn Văn An", "Bí danh"),
        (["Khai sinh", "Thường gọi"], ["Nguyễn Văn An", "Ba"], "Nguyễn Văn An", "Thường gọi"),
        (["Bí danh", "Họ và tên khai sinh"], ["Ba", "Nguyễn Văn An"], "Nguyễn Văn An", "Bí danh"),
        (["Họ và tên đệm", "Tên"], ["Nguyễn Văn", "An"], "Nguyễn Văn An", None),  # parts of one name
        (["Họ tên đệm", "Tên"], ["Nguyễn Văn", "An"], "Nguyễn Văn An", None),  # 'Họ tên' is the name's alias
        (["Họ, tên lót", "Tên"], ["Nguyễn Văn", "An"], "Nguyễn Văn An", None),
        # parts of the own name beside another: the parts joined, the other name left out (it was joined)
        (["Họ và tên đệm", "Tên", "Tên gọi khác"], ["Nguyễn Văn", "An", "Ba"], "Nguyễn Văn An", "Tên gọi khác"),
        (["Bí danh", "Họ", "Tên"], ["Ba", "Nguyễn Văn", "An"], "Nguyễn Văn An", "Bí danh"),
    ],
)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_name_over_its_own_name_and_another_is_the_own_name(
    tmp_path: Path, fmt: str, parts: list[str], values: list[str], name: str, other: str | None
) -> None:
    """'Họ và tên' over 'Họ và tên khai sinh' | 'Tên gọi khác' (the personnel record's two names): the
    cells were joined as parts of one name ('Nguyễn Văn An Ba'), accepted. The sub-column naming the
    name, or the one left beside another name, is the name; the other is told as a column not read."""
    canbo, merged = _grouped_columns(table([cadre_row()]), "Họ và tên", "Họ và tên", parts, values)
    path = _write(tmp_path, fmt, {"ThongTin": thongtin(), "CanBo": canbo}, {"CanBo": merged})

    result = validate_workbook(book := read_workbook(path), folder_province="08")

    assert book.sheets["CanBo"].frame["full_name"].tolist() == [name]
    unknown = result.issues.loc[result.issues["rule"] == "FILE.COLUMN_UNKNOWN", "header"].tolist()
    assert unknown == ([f"Họ và tên / {other}"] if other else [])
    assert result.status == "accepted"


@pytest.mark.parametrize(
    ("group", "beside", "field"),
    [("Họ và tên", "Ngày sinh", "full_name"), ("Ngày sinh", "Giới tính", "birth_date")],
)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_banner_over_its_own_field_and_others_joins_no_note_into_the_value(
    tmp_path: Path, fmt: str, group: str, beside: str, field: str
) -> None:
    """'Họ và tên' over 'Họ và tên' | 'Ngày sinh' | 'Ghi chú' (the header a banner over columns of their
    own): a review found the note joined into the name ('Nguyễn Văn An chuyển công tác'), accepted. The
    column headed by the field's own header holds it whole; the note is told as a column not read."""
    rows = table([cadre_row()])
    moved = rows[0].index(beside)
    kept = rows[1][moved]
    rows = [[cell for at, cell in enumerate(row) if at != moved] for row in rows]
    own = rows[1][rows[0].index(group)]
    canbo, merged = _grouped_columns(rows, group, group, [group, beside, "Ghi chú"], [own, kept, "chuyển công tác"])
    path = _write(tmp_path, fmt, {"ThongTin": thongtin(), "CanBo": canbo}, {"CanBo": merged})

    result = validate_workbook(book := read_workbook(path), folder_province="08")

    assert book.sheets["CanBo"].frame[field].tolist() == [own]
    unknown = result.issues.loc[result.issues["rule"] == "FILE.COLUMN_UNKNOWN", "header"].tolist()
    assert unknown == [f"{group} / Ghi chú"] and result.status == "accepted"


@pytest.mark.parametrize(
    ("parts", "values"),
    [
        (["Họ", "Tên", "Tên gọi khác"], ["Nguyễn Văn", "An", "Ba"]),
        (["Họ và tên khai sinh", "Tên gọi khác"], ["Nguyễn Văn An", "Ba"]),
    ],
)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_name_and_another_beside_a_header_typed_in_the_lower_row_reads_both(
    tmp_path: Path, fmt: str, parts: list[str], values: list[str]
) -> None:
    """'Giới tính' typed in the lower header row right after 'Họ và tên' over its parts and another name,
    the cell above it blank (so within the name's group): a review found the gender's header blanked
    and its 'Nam' joined to the name, the file rejected for a missing gender; and, where the name's
    own column names it, the other name joined ('Nguyễn Văn An Ba'). Both are read, the other told."""
    canbo, merged = _grouped_columns(table([cadre_row()]), "Họ và tên", "Họ và tên", parts, values)
    at, gender = canbo[1].index("Họ và tên"), canbo[1].index("Giới tính")
    end = at + len(parts)
    canbo[2][gender], canbo[1][gender] = "Giới tính", None
    for row in canbo[1:]:
        row.insert(end, row.pop(gender))
    merged = [(1, 1, at, end - 1)] + [(1, 2, c, c) for c in range(len(canbo[1])) if not at <= c <= end]
    path = _write(tmp_path, fmt, {"ThongTin": thongtin(), "CanBo": canbo}, {"CanBo": merged})

    result = validate_workbook(book := read_workbook(path), folder_province="08")

    assert book.sheets["CanBo"].frame[["full_name", "gender"]].values.tolist() == [["Nguyễn Văn An", "Nam"]]
    unknown = result.issues.loc[result.issues["rule"] == "FILE.COLUMN_UNKNOWN", "header"].tolist()
    assert unknown == ["Họ và tên / Tên gọi khác"] and result.status == "accepted"


def test_a_hidden_part_of_a_name_beside_another_name_is_read_not_the_other_name(tmp_path: Path) -> None:
    """'Bí danh' | 'Họ' | 'Tên' under 'Họ và tên', the family name's column hidden: the heading 'Họ và tên
    / Bí danh' passed for the name written otherwise ('Mã xã/phường'), so the alias loaded as the name
    (a review's). The hidden part is read and told, the other name told as not read."""
    canbo, merged = _grouped_columns(
        table([cadre_row()]), "Họ và tên", "Họ và tên", ["Bí danh", "Họ", "Tên"], ["Ba", "Nguyễn Văn", "An"]
    )
    at = canbo[1].index("Họ và tên")
    path = _write(
        tmp_path, "xlsx", {"ThongTin": thongtin(), "CanBo": canbo}, {"CanBo": merged}, hidden={"CanBo": ([], [at + 1])}
    )

    result = validate_workbook(book := read_workbook(path), folder_province="08")

    assert book.sheets["CanBo"].frame["full_name"].tolist() == ["Nguyễn Văn An"]
    told = result.issues.loc[result.issues["rule"].str.startswith("FILE."), ["rule", "header"]].values.tolist()
    assert told == [["FILE.COLUMN_UNKNOWN", "Họ và tên / Bí danh"], ["FILE.HIDDEN_COLUMN_READ", "Họ và tên / Họ"]]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_coded_value_over_columns_of_its_values_is_the_one_marked(tmp_path: Path, fmt: str) -> None:
    """'Kết quả' over 'Hoàn thành' | 'Không hoàn thành' | 'Đang học', an x under the one that holds (as
    forms tick a result): the file was rejected, which column is the result asked about (an explorer's).
    The value is the sub-header marked; two marked is one error quoting both cells."""
    marks = [["x", None, None], [None, "x", None], [None, None, "x"], ["x", "x", None]]
    ids = [MALE_1980, FEMALE_1985, national_id(1975, serial=7), national_id(1990, serial=8)]
    cadres = [
        cadre_row(national_id=cadre_id, gender="Nam" if int(cadre_id[3]) % 2 == 0 else "Nữ", birth_date=f"01/01/{year}")
        for cadre_id, year in zip(ids, (1980, 1985, 1975, 1990), strict=True)
    ]
    attendance = table([attendance_row(national_id=cadre_id) for cadre_id in ids])
    header = attendance[0].index("Kết quả")
    rows, merged = _grouped_columns(
        attendance[:2], "Kết quả", "Kết quả", ["Hoàn thành", "Không hoàn thành", "Đang học"], marks[0]
    )
    rows += [[*row[:header], *mark, *row[header + 1 :]] for row, mark in zip(attendance[2:], marks[1:], strict=True)]
    sheets = {"ThongTin": thongtin(), "CanBo": table(cadres), "KhoaHoc": table([course_row()]), "HocVien": rows}
    path = _write(tmp_path, fmt, sheets, {"HocVien": merged})

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.valid_rows["HocVien"]["outcome"].tolist() == ["Hoàn thành", "Không hoàn thành", "Đang học"]
    told = result.issues.loc[result.issues["sheet"] == "HocVien", ["rule", "row", "value"]].values.tolist()
    assert told == [["CELL.MARKED_TWICE", 7, "x | x"]]


def test_a_status_over_its_values_reads_ticks_values_typed_and_any_writing_as_marks(tmp_path: Path) -> None:
    """'Trạng thái' over 'Đạt' | 'Chưa đạt': a tick (√, which folds to nothing) read blank and the value
    typed in its own column ('Chưa đạt') read as a No, the status missing; a note written in a column
    (a group's column holding a post, a level's a major) was told unreadable (a review's). Each marks
    its column; a dash marks nothing."""
    criteria = criteria_rows(2024)[:4]
    marks = [["√", None], [None, "Chưa đạt"], ["-", "x"], ["đã nghiệm thu", None]]
    rows, merged = _grouped_columns(table(criteria[:1]), "Trạng thái", "Trạng thái", ["Đạt", "Chưa đạt"], marks[0])
    at = rows[1].index("Trạng thái")
    plain = table(criteria)[2:]
    rows += [[*row[:at], *mark, *row[at + 1 :]] for row, mark in zip(plain, marks[1:], strict=True)]
    sheets = {"ThongTin": thongtin(), "CanBo": table([cadre_row()]), "TieuChi": rows}
    path = write_xlsx(tmp_path / "08" / "dau.xlsx", sheets, {"TieuChi": merged})

    assert read_workbook(path).sheets["TieuChi"].frame["status"].tolist() == ["Đạt", "Chưa đạt", "Chưa đạt", "Đạt"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_columns_headed_by_a_status_s_values_without_its_header_are_its_marks(tmp_path: Path, fmt: str) -> None:
    """TieuChi laid out with 'Đạt' | 'Chưa đạt' columns of x and no 'Trạng thái' over them (a checklist's
    layout) was a missing 'Trạng thái', the file rejected: read as the status over its marks. Beside a
    'Trạng thái' column they stay columns of their own, told as not read."""
    sheets = wb.clean_workbook()
    at = sheets["TieuChi"][0].index("Trạng thái")
    statuses = [row[at] for row in sheets["TieuChi"][1:]]
    marks = {"Đạt": ["x", None], "Chưa đạt": [None, "x"]}
    tieuchi = [
        [*row[:at], *(["Đạt", "Chưa đạt"] if n == 0 else marks[row[at]]), *row[at + 1 :]]
        for n, row in enumerate(sheets["TieuChi"])
    ]
    path = _write(tmp_path, fmt, {**sheets, "TieuChi": tieuchi}, {})

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.status == "accepted", result.issues[["rule", "header"]].values.tolist()
    assert result.valid_rows["TieuChi"]["status"].tolist() == statuses and {"Đạt", "Chưa đạt"} <= set(statuses)

    # a two-row header ('Tiêu chí' over 'Mã tiêu chí' | 'Tên tiêu chí'), the marks' headers merged down
    # from the upper row: a review found the lower row's blanks read as their headers, every status held
    code = sheets["TieuChi"][0].index("Mã tiêu chí")
    upper = [*tieuchi[0][:code], "Tiêu chí", None, *tieuchi[0][code + 1 :]]
    lower = [None] * code + ["Mã tiêu chí", "Tên tiêu chí"] + [None] * (len(tieuchi[0]) - code - 1)
    named = [[*row[: code + 1], f"Tiêu chí {row[code]}", *row[code + 1 :]] for row in tieuchi[1:]]
    merged = [(0, 0, code, code + 1)] + [(0, 1, c, c) for c in range(len(upper)) if c not in (code, code + 1)]
    two_rows = _write(tmp_path / "two", fmt, {**sheets, "TieuChi": [upper, lower, *named]}, {"TieuChi": merged})
    result = validate_workbook(read_workbook(two_rows), folder_province="08")
    assert result.status == "accepted", result.issues[["rule", "header"]].values.tolist()
    assert result.valid_rows["TieuChi"]["status"].tolist() == statuses

    beside = [[*row, *(["Đạt", "Chưa đạt"] if n == 0 else marks[row[at]])] for n, row in enumerate(sheets["TieuChi"])]
    result = validate_workbook(read_workbook(_write(tmp_path / "beside", fmt, {**sheets, "TieuChi": beside}, {})), "08")
    unknown = result.issues.loc[result.issues["rule"] == "FILE.COLUMN_UNKNOWN", "header"].tolist()
    assert unknown == ["Đạt", "Chưa đạt"] and result.valid_rows["TieuChi"]["status"].tolist() == statuses


@pytest.mark.parametrize(
    ("group", "parts", "values"),
    [
        ("Chức vụ", ["Đảng ủy", "UBND"], ["Phó Bí thư", "Chủ tịch UBND"]),
        ("Họ và tên", ["Họ", "Tên"], ["Nguyễn Văn", "An"]),
    ],
)
def test_a_title_of_two_cells_above_a_header_over_sub_headers_changes_nothing(
    tmp_path: Path, group: str, parts: list[str], values: list[str]
) -> None:
    """'Biểu số 01' at the left and 'Đơn vị tính: người' merged over the last columns, right above a
    header whose group has sub-headers: the title's two cells passed for groups over the whole header,
    whose own sub-headers were then read as a cadre (the post taken from 'Đảng ủy' again, a cadre 'Họ
    Tên' with a row of errors)."""
    field_header = "Họ và tên" if group == "Họ và tên" else "Chức vụ"
    canbo, merged = _grouped_columns(table([cadre_row()]), field_header, group, parts, values)
    width = len(canbo[1])
    canbo[0] = ["Biểu số 01", *[None] * (width - 3), "Đơn vị tính: người", None]
    merged = [(r0 + 1, r1 + 1, c0, c1) for r0, r1, c0, c1 in merged] + [(1, 1, width - 2, width - 1)]
    canbo.insert(1, [None] * width)
    canbo[0], canbo[1] = ["DANH SÁCH CÁN BỘ"], canbo[0]
    path = write_xlsx(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), "CanBo": canbo}, {"CanBo": merged})

    sheet = read_workbook(path).sheets["CanBo"]

    assert sheet.header_row == 4 and list(sheet.frame.index) == [5]
    if group == "Chức vụ":
        assert list(sheet.ambiguous_columns) == ["position"]
    else:
        assert sheet.frame["full_name"].tolist() == ["Nguyễn Văn An"]


@pytest.mark.parametrize(
    ("parts", "typed", "read"),
    [
        (["Nam", "Nữ"], [20, 15], "35"),
        (["Nam", "Nữ"], [20, None], "20"),
        (["Nam", "Nữ"], ["hai mươi", 15], "hai mươi"),  # no number: told, not added
        (["Nam", "Nữ"], ["1,5", "1,5"], "1,5"),  # no whole number, nor negative: told (a review's)
        (["Nam", "Nữ"], [-5, 10], "-5"),
        (["Nữ giới", "Nam giới"], [15, 20], "35"),
        (["Tổng số", "Nữ"], [35, 15], "35"),
        (["Tổng số lượt", "Nữ"], [35, 15], "35"),
        (["Số lượng", "Trong đó: Nữ"], [35, 15], "35"),
        (["Lớp 1", "Lớp 2"], [20, 15], None),
    ],
)
def test_a_count_over_its_parts_is_their_sum_its_total_or_asked_about(
    tmp_path: Path, parts: list[str], typed: list, read: str | None
) -> None:
    """'Số lượt học viên' over 'Nam' | 'Nữ': 'Nữ' reads as a detail beside another column, so the men
    alone loaded as the participants, silently. The sexes part the participants: the count is the sum.
    Within a group a sub-column is a detail of the one that totals it ('Tổng số' | 'Nữ': the total is
    the count); parts of no known kind ('Lớp 1' | 'Lớp 2') are asked about."""
    courses = table([course_row(2024, course_code="KH01")])
    khoahoc, merged = _grouped_columns(courses, "Số lượt học viên", "Số lượt học viên", parts, typed)
    path = write_xlsx(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), "KhoaHoc": khoahoc}, {"KhoaHoc": merged})

    sheet = read_workbook(path).sheets["KhoaHoc"]

    if read is None:
        assert "participant_count" in sheet.ambiguous_columns and "participant_count" in sheet.missing_fields
    else:
        assert sheet.frame["participant_count"].tolist() == [read] and sheet.ambiguous_columns == {}
        summed = "Nam" in parts[0] or "Nữ" in parts[0]
        assert [header for header, _ in sheet.unknown_columns] == ([] if summed else [f"Số lượt học viên / {parts[1]}"])


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_column_without_a_header_holding_data_is_told_not_dropped(tmp_path: Path, fmt: str) -> None:
    """'Họ và tên' over 'Nguyễn Văn' | 'An', the header's merge lost (a CSV export, or never merged):
    'Nguyễn Văn' loaded as the name and 'An' was dropped without a word (an explorer's), though any
    other column not of the standard holding data is told. A column without a header is told too, named
    by the header on its left, and its cells are kept with a held row; an empty one is not worth a word."""
    rows = table([cadre_row(full_name="Nguyễn Văn")])
    at = rows[0].index("Họ và tên")
    rows = [[*row[: at + 1], extra, None, *row[at + 1 :]] for row, extra in zip(rows, [None, "An"], strict=True)]
    sheets = {"ThongTin": thongtin(), "CanBo": rows}
    path = write_xlsx(_path(tmp_path, fmt), sheets) if fmt == "xlsx" else write_csv_folder(_path(tmp_path, fmt), sheets)

    result = validate_workbook(book := read_workbook(path), folder_province="08")

    unknown = result.issues[result.issues["rule"] == "FILE.COLUMN_UNKNOWN"]
    assert unknown["header"].tolist() == ["(cột không có tiêu đề, bên phải 'Họ và tên')"]
    assert unknown["column"].tolist() == ([at + 2] if fmt == "xlsx" else [pd.NA])
    assert book.sheets["CanBo"].other_cells.iloc[:, 0].tolist() == ["An"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_numbering_a_signature_or_a_hidden_list_without_a_header_is_no_column_to_tell(tmp_path: Path, fmt: str) -> None:
    """A numbering column whose 'STT' was left out, a signature block right of the table and a hidden
    helper column holding a dropdown's list have no header either: none is data (a review found each told
    as a column without a header)."""
    cadres = [
        cadre_row(),
        cadre_row(national_id=FEMALE_1985, birth_date="02/09/1985", gender="Nữ"),
        cadre_row(national_id=MALE_1975, birth_date="20/11/1975", position="Phó Chủ tịch HĐND"),
    ]
    rows = [[None if n == 0 else n, *row, None, None] for n, row in enumerate(table(cadres))]
    width = len(rows[0])
    rows[1][-1] = "Chủ tịch UBND"  # the hidden list beside the table (xlsx: hidden; CSV has no hidden column)
    rows += [[None] * width, [*[None] * (width - 2), "NGƯỜI LẬP BIỂU", None]]
    sheets = {"ThongTin": thongtin(), "CanBo": rows}
    hidden = {"CanBo": ([], [width - 1])}
    path = (
        write_xlsx(_path(tmp_path, fmt), sheets, hidden=hidden)
        if fmt == "xlsx"
        else write_csv_folder(_path(tmp_path, fmt), sheets)
    )

    result = validate_workbook(read_workbook(path), folder_province="08")

    unknown = result.issues[result.issues["rule"] == "FILE.COLUMN_UNKNOWN"]
    assert unknown["header"].tolist() == ([] if fmt == "xlsx" else ["(cột không có tiêu đề, bên phải 'Đạt chuẩn')"])
    assert len(result.valid_rows["CanBo"]) == 3


def test_a_group_to_ask_about_beside_a_group_of_fields_is_still_asked_about(tmp_path: Path) -> None:
    """'Chức vụ' over 'Đảng ủy' | 'UBND' beside 'Trình độ' over 'Chuyên môn' | 'Lý luận chính trị': the
    plain two-row reading (a lower cell naming a field) kept 'Chức vụ' on the 'Đảng ủy' column and, one
    field ahead of the reading that asks, won: the chairman loaded as 'Phó Bí thư', silently."""
    canbo = _two_row_header_sheet(group_over_details=True)
    upper, lower, values = canbo[1], canbo[2], canbo[3]
    at = upper.index("Chức vụ")
    canbo[1] = [*upper[: at + 1], None, *upper[at + 1 :]]
    canbo[2] = [*lower[:at], "Đảng ủy", "UBND", *lower[at + 1 :]]
    canbo[3] = [*values[:at], "Phó Bí thư", values[at], *values[at + 1 :]]
    split = [(1, 1, at, at + 1), *[(1, 1, c, c + 1) for c in range(len(canbo[1])) if canbo[1][c] == "Trình độ"]]
    path = write_xlsx(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), "CanBo": canbo}, {"CanBo": split})

    sheet = read_workbook(path).sheets["CanBo"]

    assert list(sheet.ambiguous_columns) == ["position"] and "position" in sheet.missing_fields
    assert sheet.frame.loc[4, ["education", "political_theory"]].tolist() == ["Đại học", "Trung cấp"]


@pytest.mark.parametrize(
    ("header", "parts", "marks", "read"),
    [
        ("Đảng viên", ["Chính thức", "Dự bị"], [["x", None], [None, "x"], [None, None]], [True, True, False]),
        ("Đạt chuẩn", ["Đạt", "Chưa đạt"], [["x", None], [None, "x"], ["x", "x"]], [True, False, None]),
        ("Đạt chuẩn", ["Không", "Có"], [["x", None], [None, "x"], [None, None]], [False, True, None]),
        ("Đảng viên", ["Chính thức", "Dự bị"], [[1, 0], [0, 1], [0, 0]], [True, True, False]),  # a review's
        ("Đạt chuẩn", ["Có", "Không"], [[0, 1], [1, 0], ["-", None]], [False, True, None]),  # '-' is told
    ],
)
def test_a_yes_no_over_columns_of_marks_is_the_column_marked(
    tmp_path: Path, header: str, parts: list[str], marks: list[list], read: list[bool | None]
) -> None:
    """'Đảng viên' over 'Chính thức' | 'Dự bị', an x in one: the file was rejected for 'Đảng viên'
    ambiguous (before that, a probationary member loaded as no member, silently). Sub-headers that are
    all kinds of Yes read any mark as Yes, none as No; a Yes and a No read the one marked (both marked:
    unreadable, told; neither: blank). Each cell is read as a yes/no is: a 0 is no mark (every row with
    a 1 or a 0 loaded as a member), and a cell that says neither is told."""
    cadres = [cadre_row(national_id=national_id(1980, serial=n + 1)) for n in range(3)]
    canbo, merged = _grouped_columns(table(cadres), header, header, parts, [None, None])
    at = canbo[1].index(header)
    for row, cells in zip(canbo[3:], marks, strict=True):
        row[at : at + 2] = cells
    path = write_xlsx(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), "CanBo": canbo}, {"CanBo": merged})

    result = validate_workbook(book := read_workbook(path), folder_province="08")

    field_name = "party_member" if header == "Đảng viên" else "meets_standard"
    sheet = book.sheets["CanBo"]
    assert sheet.ambiguous_columns == {} and sheet.unknown_columns == [] and list(sheet.frame.index) == [4, 5, 6]
    typed = result.valid_rows["CanBo"][field_name].reindex([4, 5, 6])
    assert [None if pd.isna(value) else bool(value) for value in typed] == read
    if None in read:
        told = result.issues[(result.issues["row"] == 6) & (result.issues["field"] == field_name)]
        assert len(told) == 1 and (told["severity"] == "error").all()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_optional_yes_no_over_yes_and_no_with_neither_marked_is_unknown(tmp_path: Path, fmt: str) -> None:
    """'Cấp chứng chỉ' over 'Có' | 'Không' (optional): a participant with neither marked (still in
    training, not yet decided) loaded as not certified, as a blank in one column of x marks reads. In
    that layout a blank pair is unanswered: unknown, loaded as such; the marked ones read as marked."""
    attendees = [attendance_row(national_id=national_id) for national_id in (MALE_1980, FEMALE_1985, MALE_1975)]
    hocvien, merged = _grouped_columns(
        table(attendees), "Cấp chứng chỉ", "Cấp chứng chỉ", ["Có", "Không"], [None, None]
    )
    at = hocvien[1].index("Cấp chứng chỉ")
    for row, cells in zip(hocvien[3:], [["x", None], [0, None], [None, None]], strict=True):  # 0 in Có says No
        row[at : at + 2] = cells
    cadres = [
        cadre_row(),
        cadre_row(national_id=FEMALE_1985, birth_date="02/09/1985", gender="Nữ"),
        cadre_row(national_id=MALE_1975, birth_date="20/11/1975", position="Phó Chủ tịch HĐND"),
    ]
    sheets = {
        "ThongTin": thongtin(),
        "CanBo": table(cadres),
        "KhoaHoc": table([course_row(participant_count=3)]),
        "HocVien": hocvien,
    }
    path = _write(tmp_path, fmt, sheets, {"HocVien": merged})

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.status == "accepted", result.issues[["rule", "row", "value"]].values.tolist()
    certified = result.valid_rows["HocVien"]["certified"].tolist()
    assert [None if pd.isna(value) else bool(value) for value in certified] == [True, False, None]


def test_a_yes_no_over_columns_that_say_neither_is_asked_about(tmp_path: Path) -> None:
    """'Đảng viên' over 'Ngày vào Đảng' | 'Ngày chính thức' (dates): neither sub-header is a Yes or a No,
    so which column is the field is asked, as for any field over sub-columns."""
    canbo, merged = _grouped_columns(
        table([cadre_row()]),
        "Đảng viên",
        "Đảng viên",
        ["Ngày vào Đảng", "Ngày chính thức"],
        ["03/02/2005", "03/02/2006"],
    )
    path = write_xlsx(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), "CanBo": canbo}, {"CanBo": merged})

    sheet = read_workbook(path).sheets["CanBo"]

    assert list(sheet.ambiguous_columns) == ["party_member"]


@pytest.mark.parametrize(("mark", "other"), [("x", None), ("1", "0"), ("x", "-"), ("Có", "Không")])
def test_a_gender_over_men_and_women_is_the_column_marked(tmp_path: Path, mark: str, other: str | None) -> None:
    """'Giới tính' over 'Nam' | 'Nữ', an x in one of them: the men's column was read as the gender
    (every man 'x', every woman blank, all errors); the column marked is the gender now. A No or a dash
    in the other sex's column marks nothing ('1' | '0' read as both, the gender missing)."""
    cadres = [
        cadre_row(),
        cadre_row(full_name="Trần Thị Bình", gender="Nữ", birth_date="20/5/1985", national_id=FEMALE_1985),
    ]
    canbo, merged = _grouped_columns(table(cadres), "Giới tính", "Giới tính", ["Nam", "Nữ"], [mark, other])
    at = canbo[1].index("Giới tính")
    canbo[-1][at : at + 2] = [other, mark]
    path = write_xlsx(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), "CanBo": canbo}, {"CanBo": merged})

    result = validate_workbook(book := read_workbook(path), folder_province="08")

    assert book.sheets["CanBo"].frame["gender"].tolist() == ["Nam", "Nữ"]
    assert result.status == "accepted", result.issues[["rule", "header", "value"]].to_dict("records")


def _appointed_month_first(count: int) -> list[dict]:
    days = [5, 15, 20, 3, 28, 11, 13, 2, 30, 9, 17, 8]
    return [
        cadre_row(
            national_id=national_id(1980, serial=n + 1),
            birth_date="3/15/1980",
            appointed_on=f"{n % 12 + 1}/{days[n % 12]}/2021",
        )
        for n in range(count)
    ]


def test_a_date_joined_from_day_month_year_columns_stays_day_first_in_a_month_first_file(tmp_path: Path) -> None:
    """'Ngày sinh' over 'Ngày' | 'Tháng' | 'Năm' (5 | 3 | 1980) in a file whose text dates are month first:
    the parts, joined '5/3/1980' day first, were read month first as 3 May. They are never ambiguous."""
    rows = table(_appointed_month_first(24))
    born = rows[0].index("Ngày sinh")
    canbo, merged = _grouped_columns(rows, "Ngày sinh", "Ngày sinh", ["Ngày", "Tháng", "Năm"], [5, 3, 1980])
    sheets = {"ThongTin": thongtin(prepared_on="1/15/2025"), "CanBo": canbo}
    path = write_xlsx(_path(tmp_path, "xlsx"), sheets, {"CanBo": merged})

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert "FILE.DATES_MONTH_FIRST" in set(result.issues["rule"])
    assert set(result.valid_rows["CanBo"]["birth_date"]) == {pd.Timestamp(1980, 3, 5)}
    assert result.valid_rows["CanBo"]["appointed_on"].iloc[1] == pd.Timestamp(2021, 2, 15)
    assert born == rows[0].index("Ngày sinh")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_date_over_its_parts_blank_in_every_part_is_missing_not_a_crash(tmp_path: Path, fmt: str) -> None:
    """'Ngày sinh' over 'Ngày' | 'Tháng' | 'Năm' with one cadre's three parts blank: Arrow's join that
    skips blanks left that row out, the joined column one row short, and the whole file failed to read.
    The cadre's birth date is missing (told, the cadre held); the others read theirs."""
    cadres = [cadre_row(national_id=national_id(1980, serial=n + 1)) for n in range(3)]
    canbo, merged = _grouped_columns(table(cadres), "Ngày sinh", "Ngày sinh", ["Ngày", "Tháng", "Năm"], [5, 3, 1980])
    born = canbo[1].index("Ngày sinh")
    canbo[4][born : born + 3] = [None, None, None]
    sheets = {"ThongTin": thongtin(), "CanBo": canbo}
    path = _write(tmp_path, fmt, sheets, {"CanBo": merged})

    book = read_workbook(path)
    result = validate_workbook(book, folder_province="08")

    assert book.sheets["CanBo"].frame["birth_date"].tolist() == ["5/3/1980", pd.NA, "5/3/1980"]
    told = result.issues[result.issues["field"] == "birth_date"]
    assert told[["rule", "row"]].values.tolist() == [["CELL.REQUIRED", 5]]
    assert list(result.valid_rows["CanBo"].index) == [4, 6]


def test_a_month_first_file_holding_real_date_cells_is_not_read_month_first(tmp_path: Path) -> None:
    """A US file opened in Excel set to Vietnamese formats: its dates up to the 12th became date cells
    with day and month swapped, those past it stayed text ('2/15/2021'). Reading the text month first
    accepted the file with the swapped cells in it, told that every date was read so: not judged month
    first where real date cells are beside the text, so its text dates past the 12th are refused as before."""
    cadres = _appointed_month_first(36)
    for cadre in cadres[::3]:
        cadre["Ngày bổ nhiệm"] = dt.datetime(2021, 4, 3)
    path = write_xlsx(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(prepared_on="1/15/2025"), "CanBo": table(cadres)})

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert "FILE.DATES_MONTH_FIRST" not in set(result.issues["rule"])
    assert "CELL.DATE_INVALID" in set(result.issues["rule"])


@pytest.mark.parametrize("other", [None, "-", "–"])
def test_a_birth_date_merged_over_men_and_women_gives_the_gender(tmp_path: Path, other: str | None) -> None:
    """The old personnel forms: 'Ngày, tháng, năm sinh' merged over 'Nam' | 'Nữ', the date written in
    the column of the cadre's gender, no 'Giới tính' column. It was rejected for the gender missing;
    the column holding the date is the gender, and a row with a date in both has none (told)."""
    cadres = [
        cadre_row(),
        cadre_row(full_name="Trần Thị Bình", gender="Nữ", birth_date="20/5/1985", national_id=FEMALE_1985),
        cadre_row(full_name="Lê Văn Cường", birth_date="02/09/1975", national_id=MALE_1975),
    ]
    header, *rows = table(cadres)
    born, gender = header.index("Ngày sinh"), header.index("Giới tính")
    assert gender == born + 1

    def laid_out(row: list, women: bool) -> list:  # a dash in the other sex's column is no date
        return [*row[:born], *([other, row[born]] if women else [row[born], other]), *row[gender + 1 :]]

    upper = [*header[:born], "Ngày, tháng, năm sinh", None, *header[gender + 1 :]]
    lower = [None] * len(upper)
    lower[born : born + 2] = ["Nam", "Nữ"]
    both = laid_out(rows[2], women=False)
    both[born + 1] = both[born]
    data = [laid_out(rows[0], women=False), laid_out(rows[1], women=True), both]
    merged = [(1, 1, born, born + 1)] + [(1, 2, c, c) for c in range(len(upper)) if c not in (born, born + 1)]
    sheets = {"ThongTin": thongtin(), "CanBo": [["DANH SÁCH"], upper, lower, *data]}
    path = write_xlsx(_path(tmp_path, "xlsx"), sheets, {"CanBo": merged})

    book = read_workbook(path)

    sheet = book.sheets["CanBo"]
    assert sheet.missing_fields == [] and list(sheet.frame.index) == [4, 5, 6]
    assert sheet.frame["gender"].tolist()[:2] == ["Nam", "Nữ"]
    assert sheet.frame.loc[6, "gender"] == f"{both[born]} | {both[born]}"  # as written: told as marked twice
    assert sheet.frame["birth_date"].tolist()[:2] == ["15/03/1980", "20/5/1985"]
    result = validate_workbook(book, folder_province="08")
    assert set(result.valid_rows["CanBo"]["full_name"]) == {"Trần Thị Bình", "Nguyễn Văn An"}
    assert set(result.issues.loc[result.issues["severity"] == "error", "row"]) == {6}


def test_a_birth_date_by_sex_saved_as_a_formula_without_its_result_is_told_so(tmp_path: Path) -> None:
    """A woman's birth date in the 'Nữ' column of 'Ngày, tháng, năm sinh' over 'Nam' | 'Nữ', a formula an
    export saved without its result: told as such, on the date (the women's column is a part of the
    date: a review feared it would be told as a missing date)."""
    cadres = [
        cadre_row(),
        cadre_row(full_name="Trần Thị Bình", gender="Nữ", birth_date="=DATE(1985,5,20)", national_id=FEMALE_1985),
    ]
    header, *rows = table(cadres)
    born, gender = header.index("Ngày sinh"), header.index("Giới tính")
    upper = [*header[:born], "Ngày, tháng, năm sinh", None, *header[gender + 1 :]]
    lower = [None] * len(upper)
    lower[born : born + 2] = ["Nam", "Nữ"]
    data = [
        [*row[:born], *([None, row[born]] if women else [row[born], None]), *row[gender + 1 :]]
        for row, women in zip(rows, [False, True], strict=True)
    ]
    merged = [(1, 1, born, born + 1)] + [(1, 2, c, c) for c in range(len(upper)) if c not in (born, born + 1)]
    sheets = {"ThongTin": thongtin(), "CanBo": [["DANH SÁCH"], upper, lower, *data]}
    path = write_xlsx(_path(tmp_path, "xlsx"), sheets, {"CanBo": merged})

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.issues[["rule", "row", "header", "value"]].values.tolist() == [
        ["CELL.FORMULA_UNCALCULATED", 5, "Ngày, tháng, năm sinh", "=DATE(1985,5,20)"]
    ]


@pytest.mark.parametrize(
    ("group", "parts", "twice", "field_name"),
    [
        ("Ngày, tháng, năm sinh", ["Nam", "Nữ"], ["15/03/1980", "15/03/1980"], "gender"),
        ("Giới tính", ["Nam", "Nữ"], ["x", "x"], "gender"),
        ("Đạt chuẩn", ["Đạt", "Chưa đạt"], ["x", "x"], "meets_standard"),
    ],
)
def test_a_pair_marked_in_both_columns_is_told_so_quoting_both(
    tmp_path: Path, group: str, parts: list[str], twice: list[str], field_name: str
) -> None:
    """A date under both 'Nam' and 'Nữ' was quoted as '15/03/1980/15/03/1980' (an invalid date nobody
    typed) and the gender told missing on the filled cell; an x under both told the gender missing; an x
    under 'Đạt' and 'Chưa đạt' quoted as 'Có | Không' (an explorer's). Each is one problem, the pair
    marked twice, quoting the cells as written; the date itself is read."""
    header = {"Ngày, tháng, năm sinh": "Ngày sinh", "Giới tính": "Giới tính", "Đạt chuẩn": "Đạt chuẩn"}[group]
    rows = table([cadre_row()])
    if group == "Ngày, tháng, năm sinh":  # the gender is the column the date is in: no 'Giới tính' beside it
        gender = rows[0].index("Giới tính")
        rows = [[*row[:gender], *row[gender + 1 :]] for row in rows]
    canbo, merged = _grouped_columns(rows, header, group, parts, twice)
    path = write_xlsx(_path(tmp_path, "xlsx"), {"ThongTin": thongtin(), "CanBo": canbo}, {"CanBo": merged})

    result = validate_workbook(book := read_workbook(path), folder_province="08")

    told = result.issues[result.issues["row"].notna()][["rule", "row", "field", "header", "value"]].values.tolist()
    assert told == [["CELL.MARKED_TWICE", 4, field_name, group, " | ".join(twice)]]  # the file's one row: held
    if group == "Ngày, tháng, năm sinh":
        assert book.sheets["CanBo"].frame["birth_date"].tolist() == ["15/03/1980"]


def test_one_column_starting_with_a_header_is_still_that_field(tmp_path: Path) -> None:
    """'Chức vụ hiện tại' alone is the standard's 'Chức vụ', as before."""
    canbo = table([cadre_row(position="Chủ tịch UBND")])
    canbo[0] = ["Chức vụ hiện tại" if h == "Chức vụ" else h for h in canbo[0]]
    path = write_xlsx(tmp_path / "08" / "chuc-vu.xlsx", {"ThongTin": thongtin(), "CanBo": canbo})
    sheet = read_workbook(path).sheets["CanBo"]
    assert sheet.frame["position"].tolist() == ["Chủ tịch UBND"] and sheet.ambiguous_columns == {}


@pytest.mark.parametrize("two_rows", [False, True])
def test_a_header_merged_over_several_columns_reads_them_as_one_value(tmp_path: Path, two_rows: bool) -> None:
    """'Họ và tên' merged over the family name | the given name, 'Ngày sinh' over day | month | year, in
    one header row or over a second row of sub-headers ('Họ' | 'Tên', 'Ngày' | 'Tháng' | 'Năm'): the
    cells under the header are the value (the first column alone loaded 'Nguyễn Văn', and the date
    '15' was invalid). A title merged across above the header stays a title."""
    cadre = cadre_row()
    header, values = table([cadre])
    name, born = header.index("Họ và tên"), header.index("Ngày sinh")
    header = [*header[:name], "Họ và tên", None, *header[name + 1 : born], "Ngày sinh", None, None, *header[born + 1 :]]
    values = [*values[:name], "Nguyễn Văn", "An", *values[name + 1 : born], 15, 3, 1980, *values[born + 1 :]]
    title = ["DANH SÁCH CÁN BỘ", *[None] * (len(header) - 1)]
    name_at, born_at = name, born + 1  # 0-based columns after the insertions
    rows = [title, header, values]
    merged = [(0, 0, 0, 5), (1, 1, name_at, name_at + 1), (1, 1, born_at, born_at + 2)]
    if two_rows:
        lower = [None] * len(header)
        lower[name_at : name_at + 2] = ["Họ", "Tên"]
        lower[born_at : born_at + 3] = ["Ngày", "Tháng", "Năm"]
        rows = [title, header, lower, values]
    sheets = {"ThongTin": thongtin(), "CanBo": rows}
    path = wb.write_xlsx(tmp_path / "08" / "gop-tieu-de.xlsx", sheets, {"CanBo": merged})

    book = read_workbook(path)

    sheet = book.sheets["CanBo"]
    assert sheet.frame[["full_name", "birth_date"]].values.tolist() == [["Nguyễn Văn An", "15/3/1980"]]
    assert sheet.unknown_columns == []
    result = validate_workbook(book, folder_province="08")
    assert result.status == "accepted", result.issues[["rule", "header", "value"]].to_dict("records")


@pytest.mark.parametrize(
    ("header", "under", "read", "told"),
    [
        # a post in either column, one row filling only the second: which column is the post is asked
        (
            "Chức vụ",
            [["Phó Bí thư Đảng ủy", "Chủ tịch UBND"], [None, "Chủ tịch HĐND"]],
            None,
            [("FILE.COLUMN_AMBIGUOUS", "Chức vụ (cột 1)"), ("FILE.COLUMN_AMBIGUOUS", "Chức vụ (cột 2)")],
        ),
        ("Chức vụ", [[None, "Chủ tịch UBND"], [None, "Chủ tịch HĐND"]], ["Chủ tịch UBND", "Chủ tịch HĐND"], []),
        ("Chức vụ", [["Chủ tịch UBND", None], ["Chủ tịch HĐND", None]], ["Chủ tịch UBND", "Chủ tịch HĐND"], []),
        # a detail beside the value in every row: the first column is the field, the other told as before
        (
            "Chức vụ",
            [["Chủ tịch UBND", None], ["Chủ tịch HĐND", "Kiêm Chủ tịch UBMTTQ"]],
            ["Chủ tịch UBND", "Chủ tịch HĐND"],
            [("FILE.COLUMN_UNKNOWN", "(cột không có tiêu đề, bên phải 'Chức vụ')")],
        ),
        (
            "Mã xã",
            [[wb.SHARED_COMMUNE, "Xã Côn Lôn"], [wb.SHARED_COMMUNE, "Xã Côn Lôn"]],
            [wb.SHARED_COMMUNE] * 2,
            [("FILE.COLUMN_UNKNOWN", "(cột không có tiêu đề, bên phải 'Mã xã')")],
        ),
    ],
)
def test_a_value_under_a_header_merged_over_two_columns_is_read_from_the_column_holding_it(
    tmp_path: Path, header: str, under: list[list], read: list[str] | None, told: list[tuple[str, str]]
) -> None:
    """'Chức vụ' merged over two columns in a one-row header: the first column was loaded and the second
    told as a column without a header, so where the posts were spread over both (no sub-headers to say
    which is which) some cadres' posts were read from the wrong column or missing; and a blank first
    column left every post missing. Where a row fills the second column only, which column is the post
    is asked (the file rejected: the post is required), each column named by its place under the
    header; where one column holds data, it is read; a detail beside every value (a commune's name
    beside its code) leaves the first read and the other told, as before (a review's)."""
    cadres = [
        cadre_row(position="Chủ tịch UBND"),
        cadre_row(national_id=FEMALE_1985, birth_date="02/09/1985", gender="Nữ", position="Chủ tịch HĐND"),
    ]
    rows = table(cadres)
    at = rows[0].index(header)
    rows = [
        [*row[: at + 1], None, *row[at + 1 :]] if n == 0 else [*row[:at], *under[n - 1], *row[at + 1 :]]
        for n, row in enumerate(rows)
    ]
    sheets = {"ThongTin": thongtin(), "CanBo": rows}
    path = wb.write_xlsx(tmp_path / "08" / "gop-hai-cot.xlsx", sheets, {"CanBo": [(0, 0, at, at + 1)]})

    result = validate_workbook(book := read_workbook(path), folder_province="08")

    notices = result.issues[result.issues["rule"].isin(["FILE.COLUMN_AMBIGUOUS", "FILE.COLUMN_UNKNOWN"])]
    assert list(zip(notices["rule"], notices["header"], strict=True)) == told
    field_name = "position" if header == "Chức vụ" else "commune_code"
    if read is None:
        assert result.status == "rejected" and notices["column"].tolist() == [at + 1, at + 2]
    else:
        assert book.sheets["CanBo"].frame[field_name].tolist() == read
        assert result.status == "accepted", result.issues[["rule", "header", "value"]].to_dict("records")


def test_a_stale_hidden_column_under_a_merged_header_gives_way_to_the_visible_one(tmp_path: Path) -> None:
    """'Chức vụ' merged over a hidden column of last year's posts and the visible one: the hidden
    posts are not read, and told as a hidden copy (a review's: the file was rejected as ambiguous)."""
    rows = table([cadre_row(position="Chủ tịch UBND")])
    at = rows[0].index("Chức vụ")
    rows = [[*rows[0][: at + 1], None, *rows[0][at + 1 :]], [*rows[1][:at], "Phó Chủ tịch UBND", *rows[1][at:]]]
    path = wb.write_xlsx(
        tmp_path / "08" / "an-cu.xlsx",
        {"ThongTin": thongtin(), "CanBo": rows},
        {"CanBo": [(0, 0, at, at + 1)]},
        hidden={"CanBo": ([], [at])},
    )

    result = validate_workbook(book := read_workbook(path), folder_province="08")

    assert book.sheets["CanBo"].frame["position"].tolist() == ["Chủ tịch UBND"]
    notices = result.issues[result.issues["rule"].str.startswith("FILE.")]
    assert notices[["rule", "header", "column"]].values.tolist() == [["FILE.HIDDEN_COLUMN_IGNORED", "Chức vụ", at + 1]]


def test_a_count_under_a_header_merged_over_a_blank_column_is_read_however_few_courses(tmp_path: Path) -> None:
    """'Số lượt học viên' merged over a blank column and the counts: one course's 30 (or 30, 31) looked
    like a numbering column, so it was neither read nor told (a review's)."""
    rows = table([course_row(participant_count=30), course_row(course_code="KH02", participant_count=31)])
    at = rows[0].index("Số lượt học viên")
    rows = [
        [*row[:at], *((row[at], None) if n == 0 else (None, row[at])), *row[at + 1 :]] for n, row in enumerate(rows)
    ]
    path = wb.write_xlsx(
        tmp_path / "08" / "dem.xlsx", {"ThongTin": thongtin(), "KhoaHoc": rows}, {"KhoaHoc": [(0, 0, at, at + 1)]}
    )

    assert read_workbook(path).sheets["KhoaHoc"].frame["participant_count"].tolist() == ["30", "31"]


@pytest.mark.parametrize(("tab", "standard"), [("DS học viên", "HocVien"), ("Sheet1", "CanBo")])
def test_a_tab_named_otherwise_is_read_as_the_sheet_its_headers_show(tmp_path: Path, tab: str, standard: str) -> None:
    """The attendance on a tab 'DS học viên' was left out with a warning and the file accepted with no
    attendance at all; the cadres on 'Sheet1' made every attendance row 'not in CanBo'. A tab whose
    header row holds every required column of one sheet no other tab gave is read as that sheet, and
    the province is told (FILE.SHEET_RECOGNISED, naming the tab)."""
    sheets = wb.clean_workbook("08", 2024)
    sheets[tab] = sheets.pop(standard)
    sheets["GhiChu"] = [["Ghi chú"], ["Số liệu đến 31/12"]]
    path = write_xlsx(tmp_path / "08" / "ten-khac.xlsx", sheets)

    book = read_workbook(path)

    assert book.sheets[standard].written_name == tab and book.unknown_sheets == ["GhiChu"]
    result = validate_workbook(book, folder_province="08")
    assert result.status == "accepted", result.issues[["rule", "sheet", "value"]].to_dict("records")
    assert len(result.valid_rows["HocVien"]) == len(wb.clean_workbook("08", 2024)["HocVien"]) - 1
    recognised = result.issues[result.issues["rule"] == "FILE.SHEET_RECOGNISED"]
    assert recognised[["sheet", "value", "detail"]].values.tolist() == [
        [standard, tab, f"Đã đọc như sheet {standard} của mẫu"]
    ]


def test_a_repeated_header_with_a_blank_cell_is_still_a_repeated_header(tmp_path: Path) -> None:
    """The next commune's block pasted with its header, one header cell left blank: comparing the blank
    cell with the header raised (pandas' NA is not a truth value) and the file got no report."""
    header, first, second = table(
        [cadre_row(), cadre_row(national_id=FEMALE_1985, birth_date="02/09/1985", gender="Nữ")]
    )
    partial = [None if h == "Chuyên ngành" else h for h in header]
    path = write_xlsx(tmp_path / "08" / "lap.xlsx", {"ThongTin": thongtin(), "CanBo": [header, first, partial, second]})
    sheet = read_workbook(path).sheets["CanBo"]
    assert sheet.frame.index.tolist() == [2, 4] and [row for row, _ in sheet.heading_rows] == [3]


def _criteria_block(communes: list[str], spanned_date: bool) -> tuple[list[list], list[tuple[int, int, int, int]]]:
    """TieuChi as provinces lay it out: each commune's code and assessment date merged down over its 19
    criteria; the date's header optionally merged across two columns."""
    date_columns = (4, 5) if spanned_date else (4, 4)
    rows = [
        ["STT", "Mã xã", "Mã tiêu chí", "Trạng thái", "Ngày đánh giá", *([None] if spanned_date else []), "Ghi chú"]
    ]
    merges = [(0, 0, *date_columns)] if spanned_date else []
    for code in communes:
        top = len(rows)
        for number in range(1, 20):
            date = "20/11/2024" if number == 1 else None
            rows.append(
                [len(rows), code if number == 1 else None, number, "Đạt", date, *([None] if spanned_date else [])]
            )
        merges += [(top, top + 18, 1, 1), (top, top + 18, *date_columns)]
    return rows, merges


@pytest.mark.parametrize("spanned_date", [False, True])
def test_criteria_merged_down_per_commune_are_all_read(tmp_path: Path, spanned_date: bool) -> None:
    """The last commune's criteria 2-19 fill two of five columns before the merged values are filled in:
    they were taken for the signature block and left out of an 'accepted' file; with the date's header
    merged across two columns, joining them lost the date merged down (18 of 19 rows 'required')."""
    rows, merges = _criteria_block([wb.SHARED_COMMUNE, "02488"], spanned_date)
    path = wb.write_xlsx(
        tmp_path / "08" / "tieu-chi.xlsx", {"ThongTin": thongtin(), "TieuChi": rows}, {"TieuChi": merges}
    )

    book = read_workbook(path)

    sheet = book.sheets["TieuChi"]
    assert len(sheet.frame) == 38 and sheet.footer_rows == [] and sheet.heading_rows == []
    assert sheet.frame["commune_code"].notna().all() and sheet.frame["assessed_on"].notna().all()
    result = validate_workbook(book, folder_province="08")
    assert len(result.valid_rows["TieuChi"]) == 38, result.issues[["rule", "row"]].head().to_dict("records")


def test_a_cadre_named_tong_or_cong_with_blanks_is_not_a_subtotal(tmp_path: Path) -> None:
    """'Tống Thị Hoa' (Tống, Tòng, Công all fold to 'tong'/'cong') in a row still half empty: read as a
    labelled subtotal, she vanished from an 'accepted' file; she is a cadre whose blanks are reported."""
    unfinished = cadre_row(
        national_id=None, full_name="Tống Thị Hoa", gender="Nữ", birth_date=None, appointed_on=None,
        commune_code=None, major=None, portfolio=None, meets_standard=None,
    )  # fmt: skip
    path = write_xlsx(
        tmp_path / "08" / "tong.xlsx", {"ThongTin": thongtin(), "CanBo": table([cadre_row(), unfinished])}
    )
    sheet = read_workbook(path).sheets["CanBo"]
    assert sheet.frame["full_name"].tolist() == ["Nguyễn Văn An", "Tống Thị Hoa"]


def test_breakdown_columns_beside_a_field_are_not_ambiguous(tmp_path: Path) -> None:
    """'Số học viên tham gia' | 'Số học viên nữ': the second details the first, which is the field (the
    file was rejected as ambiguous); 'Chức vụ Đảng' | 'Chức vụ chính quyền' stay ambiguous."""
    khoahoc = table([course_row()])
    at = khoahoc[0].index("Số lượt học viên")
    khoahoc[0][at : at + 1] = ["Số học viên tham gia", "Số học viên nữ"]
    khoahoc[1][at : at + 1] = [khoahoc[1][at], "1"]
    path = write_xlsx(tmp_path / "08" / "nu.xlsx", {"ThongTin": thongtin(), "KhoaHoc": khoahoc})
    sheet = read_workbook(path).sheets["KhoaHoc"]
    assert sheet.ambiguous_columns == {} and sheet.headers["participant_count"] == "Số học viên tham gia"
    assert sheet.unknown_columns == [("Số học viên nữ", at + 1)]


def test_a_hidden_tab_named_otherwise_is_not_read_and_a_visible_one_wins(tmp_path: Path) -> None:
    """A hidden 'HV 2023' (last year's attendance) is not read as HocVien; a visible 'Sheet1' holding the
    cadres is read before a hidden 'CanBo', which is named as a hidden copy."""
    sheets = wb.clean_workbook("08", 2024)
    sheets["HV 2023"] = sheets.pop("HocVien")
    sheets["Sheet1"] = sheets["CanBo"]
    path = write_xlsx(tmp_path / "08" / "an.xlsx", sheets)
    book = openpyxl.load_workbook(path)
    book["HV 2023"].sheet_state = "hidden"
    book["CanBo"].sheet_state = "hidden"
    book.save(path)

    raw = read_workbook(path)

    assert "HocVien" not in raw.sheets and "HV 2023" in raw.unknown_sheets
    assert raw.sheets["CanBo"].written_name == "Sheet1" and raw.hidden_copies == ["CanBo"]


@pytest.mark.parametrize("writer", [wb.write_xlsx, wb.write_xls, wb.write_ods])
def test_a_stale_hidden_column_is_not_read_over_the_visible_one(tmp_path: Path, writer) -> None:
    """A 'Mã xã' column of old codes left hidden left of the one the province sees: the hidden one was
    read (each cadre in a commune of the old list) and the visible one warned about as unknown."""
    rows = table([cadre_row(), cadre_row(national_id=FEMALE_1985, birth_date="02/09/1985", gender="Nữ")])
    rows = [[header_or_old, *row] for header_or_old, row in zip(["Mã xã", "99999", "99999"], rows, strict=True)]
    path = writer(
        tmp_path / "08" / f"cot-an{_SUFFIX[writer]}",
        {"ThongTin": thongtin(), "CanBo": rows},
        hidden={"CanBo": ([], [0])},
    )

    result = validate_workbook(book := read_workbook(path), folder_province="08")

    assert book.sheets["CanBo"].frame["commune_code"].tolist() == [wb.SHARED_COMMUNE] * 2
    notices = result.issues[result.issues["rule"].str.startswith("FILE.")]
    assert notices[["rule", "header", "row"]].values.tolist() == [["FILE.HIDDEN_COLUMN_IGNORED", "Mã xã", 1]]
    assert result.status == "accepted"


@pytest.mark.parametrize("writer", [wb.write_xlsx, wb.write_xls, wb.write_ods])
def test_hidden_rows_are_read_and_reported_once_per_run(tmp_path: Path, writer) -> None:
    """Rows hidden by hand or by a filter were loaded without a word, though the province did not see
    them (hiding is how some 'delete' a cadre): they are still read, nothing is lost, and each run of
    hidden rows is named once (a filter may hide thousands)."""
    cadres = [cadre_row(national_id=national_id(1980, serial=n + 1)) for n in range(6)]
    path = writer(
        tmp_path / "08" / f"dong-an{_SUFFIX[writer]}",
        {"ThongTin": thongtin(), "CanBo": table(cadres)},
        hidden={"CanBo": ([2, 3, 4, 6], [])},  # Excel rows 3-5 and 7
    )

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert len(result.valid_rows["CanBo"]) == 6
    notices = result.issues[result.issues["rule"] == "FILE.HIDDEN_ROWS_READ"]
    assert notices[["sheet", "row", "value"]].values.tolist() == [["CanBo", 3, "3–5"], ["CanBo", 7, "7"]]


@pytest.mark.parametrize("writer", [wb.write_xlsx, wb.write_xls, wb.write_ods])
def test_a_hidden_column_that_is_read_is_reported(tmp_path: Path, writer) -> None:
    """A column hidden in Excel ('Chương trình', hidden as no longer used) was loaded without a word,
    though hidden rows are told: it is still read, and named with its letter, once. A hidden column
    holding nothing ('Cơ quan cử', unused in the template) is not worth a word."""
    rows = table([cadre_row(program="Dự án 600")])
    program, agency = rows[0].index("Chương trình"), rows[0].index("Cơ quan cử")
    path = writer(
        tmp_path / "08" / f"cot-an{_SUFFIX[writer]}",
        {"ThongTin": thongtin(), "CanBo": rows},
        hidden={"CanBo": ([], [program, agency])},
    )

    result = validate_workbook(book := read_workbook(path), folder_province="08")

    assert book.sheets["CanBo"].frame["program"].notna().all()
    notices = result.issues[result.issues["rule"] == "FILE.HIDDEN_COLUMN_READ"]
    assert notices[["header", "row", "column"]].values.tolist() == [["Chương trình", 1, program + 1]]
    assert result.status == "accepted"


def test_a_hidden_column_gives_way_only_to_a_visible_one_of_the_same_header(tmp_path: Path) -> None:
    """Matching visible columns first let a visible detail column ('Chức vụ kiêm nhiệm') take the post
    from a hidden 'Chức vụ', and a hidden 'Chức vụ cũ' settle 'Chức vụ Đảng | Chức vụ chính quyền' as
    the post: a hidden column now only gives its field up to a visible column headed the same."""
    rows = table([cadre_row()])
    post = rows[0].index("Chức vụ")
    detail = [
        [*row[: post + 1], "Chức vụ kiêm nhiệm" if n == 0 else "Bí thư Đoàn", *row[post + 1 :]]
        for n, row in enumerate(rows)
    ]
    path = write_xlsx(
        tmp_path / "08" / "kiem.xlsx", {"ThongTin": thongtin(), "CanBo": detail}, hidden={"CanBo": ([], [post])}
    )
    assert read_workbook(path).sheets["CanBo"].frame["position"].tolist() == [rows[1][post]]

    either = [list(row) for row in rows]
    either[0][post] = "Chức vụ Đảng"
    either = [
        [
            *row[: post + 1],
            *(("Chức vụ chính quyền", "Chức vụ cũ") if n == 0 else ("Chủ tịch UBND", "Phó Chủ tịch UBND")),
            *row[post + 1 :],
        ]
        for n, row in enumerate(either)
    ]
    path = write_xlsx(
        tmp_path / "08" / "cu.xlsx", {"ThongTin": thongtin(), "CanBo": either}, hidden={"CanBo": ([], [post + 2])}
    )
    sheet = read_workbook(path).sheets["CanBo"]
    assert "position" in sheet.missing_fields and list(sheet.ambiguous_columns) == ["position"]


@pytest.mark.parametrize(
    ("header", "visible", "stale", "current"),
    [
        ("Chức vụ", "Chức danh", "Phó Chủ tịch UBND", "Chủ tịch UBND"),
        ("Mã xã", "Mã xã/phường", "99999", wb.SHARED_COMMUNE),
    ],
)
@pytest.mark.parametrize("writer", [wb.write_xlsx, wb.write_ods])
def test_a_stale_hidden_column_gives_way_to_a_visible_one_naming_its_field_otherwise(
    tmp_path: Path, writer, header: str, visible: str, stale: str, current: str
) -> None:
    """A stale 'Chức vụ' left hidden beside the 'Chức danh' the province sees, or a 'Mã xã' of old codes
    beside a 'Mã xã/phường' (a review's): the hidden values loaded, told only as a hidden column read and
    an unknown one. The visible column is read; the hidden one is told as a copy not read."""
    rows = table([cadre_row(position="Chủ tịch UBND")])
    post = rows[0].index(header)
    rows = [
        [*row[:post], *((header, visible) if n == 0 else (stale, row[post])), *row[post + 1 :]]
        for n, row in enumerate(rows)
    ]
    path = writer(
        tmp_path / "08" / f"chuc-danh{_SUFFIX[writer]}",
        {"ThongTin": thongtin(), "CanBo": rows},
        hidden={"CanBo": ([], [post])},
    )

    result = validate_workbook(book := read_workbook(path), folder_province="08")

    field_name = "position" if header == "Chức vụ" else "commune_code"
    assert book.sheets["CanBo"].frame[field_name].tolist() == [current]
    notices = result.issues.loc[result.issues["rule"].str.startswith("FILE."), ["rule", "header", "column"]]
    assert notices.values.tolist() == [["FILE.HIDDEN_COLUMN_IGNORED", header, post + 1]]


@pytest.mark.parametrize(
    ("header", "visible", "stale", "other"),
    [
        ("Chức vụ", "Chức vụ Đảng", "Chủ tịch UBND", "Bí thư Đảng ủy"),
        ("Mã xã", "Mã xã trước sáp nhập", wb.SHARED_COMMUNE, "99999"),
    ],
)
def test_a_hidden_column_keeps_its_field_beside_one_only_starting_with_its_header(
    tmp_path: Path, header: str, visible: str, stale: str, other: str
) -> None:
    """A visible 'Chức vụ Đảng' or 'Mã xã trước sáp nhập' beside a hidden 'Chức vụ' or 'Mã xã' is another
    thing (the Party post, the code before the merger): a review found it taking the field from the
    hidden column, silently. The hidden column is read (told), the other is unknown (told)."""
    rows = table([cadre_row(position="Chủ tịch UBND")])
    at = rows[0].index(header)
    rows = [
        [*row[:at], *((header, visible) if n == 0 else (stale, other)), *row[at + 1 :]] for n, row in enumerate(rows)
    ]
    path = write_xlsx(
        tmp_path / "08" / "an.xlsx", {"ThongTin": thongtin(), "CanBo": rows}, hidden={"CanBo": ([], [at])}
    )

    result = validate_workbook(book := read_workbook(path), folder_province="08")

    field_name = "position" if header == "Chức vụ" else "commune_code"
    assert book.sheets["CanBo"].frame[field_name].tolist() == [stale]
    notices = result.issues.loc[result.issues["rule"].str.startswith("FILE."), ["rule", "header"]].values.tolist()
    assert sorted(notices) == [["FILE.COLUMN_UNKNOWN", visible], ["FILE.HIDDEN_COLUMN_READ", header]]


def test_a_second_visible_column_of_a_header_is_still_named_beside_a_hidden_copy(tmp_path: Path) -> None:
    """Hidden copies were told from unknown columns by their header text: a second visible 'Mã xã'
    (not read) lost its warning because a hidden column was also headed 'Mã xã'."""
    rows = table([cadre_row()])
    rows = [[old, *row, other] for old, row, other in zip(["Mã xã", "99999"], rows, ["Mã xã", "11111"], strict=True)]
    path = write_xlsx(
        tmp_path / "08" / "ba-cot.xlsx", {"ThongTin": thongtin(), "CanBo": rows}, hidden={"CanBo": ([], [0])}
    )

    sheet = read_workbook(path).sheets["CanBo"]

    assert sheet.frame["commune_code"].tolist() == [wb.SHARED_COMMUNE]
    assert sheet.hidden_columns == [("Mã xã", 1)] and sheet.repeated_columns == [("Mã xã", len(rows[0]))]


def _with_parts(source: Path, path: Path, changes: dict) -> Path:
    """A copy of `source` with some package parts `changes`d (part name → bytes → bytes): what writers
    other than openpyxl do, or a damaged file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            copy.writestr(item, changes[item.filename](data) if item.filename in changes else data)
    return path


def _with_sheet_xml(source: Path, path: Path, change) -> Path:
    """A copy of `source` whose second sheet's XML is `change`d."""
    return _with_parts(source, path, {"xl/worksheets/sheet2.xml": change})


def test_hidden_rows_are_found_when_rows_carry_no_number(tmp_path: Path) -> None:
    """A <row> need not say its number (r is optional, and calamine reads such sheets): it follows the
    row before. Reading only numbered rows missed every hidden row of such a file."""
    cadres = [cadre_row(national_id=national_id(1980, serial=n + 1)) for n in range(5)]
    source = write_xlsx(
        tmp_path / "src.xlsx", {"ThongTin": thongtin(), "CanBo": table(cadres)}, hidden={"CanBo": ([2, 3], [])}
    )
    path = _with_sheet_xml(
        source,
        tmp_path / "08" / "khong-so-dong.xlsx",
        lambda xml: re.sub(rb'(<c\b[^>]*?) r="[A-Z]+\d+"', rb"\1", re.sub(rb'(<row\b[^>]*?) r="\d+"', rb"\1", xml)),
    )

    sheet = read_workbook(path).sheets["CanBo"]

    assert len(sheet.frame) == 5 and sheet.hidden_rows == [3, 4]


def test_hidden_rows_and_merges_are_found_whichever_quotes_the_xml_uses(tmp_path: Path) -> None:
    """XML quotes attributes either way: a file written with hidden='1' (not Excel's hidden="1") had its
    hidden rows read without a word, its merges ignored."""
    cadres = [cadre_row(national_id=national_id(1980, serial=n + 1)) for n in range(5)]
    rows = table(cadres)
    rows[2][rows[0].index("Mã xã")] = None  # Excel row 3's commune is merged down from row 2's
    source = write_xlsx(
        tmp_path / "src.xlsx",
        {"ThongTin": thongtin(), "CanBo": rows},
        hidden={"CanBo": ([2, 4], [])},
        merged={"CanBo": [(1, 2, rows[0].index("Mã xã"), rows[0].index("Mã xã"))]},
    )

    def every_attribute_single_quoted(xml: bytes) -> bytes:
        return re.sub(rb'(\w+)="([^"]*)"', rb"\1='\2'", xml)

    path = _with_sheet_xml(source, tmp_path / "08" / "nhay-don.xlsx", every_attribute_single_quoted)

    sheet = read_workbook(path).sheets["CanBo"]

    assert sheet.hidden_rows == [3, 5]
    assert sheet.frame.loc[3, "commune_code"] == sheet.frame.loc[2, "commune_code"]


def test_a_formula_showing_an_error_is_reported_as_such_not_as_blank(tmp_path: Path) -> None:
    """A failed VLOOKUP shows #N/A in 'Mã xã': fastexcel reads an error cell as empty, and the province
    was told to "enter a value" in a cell that showed one. The error is named, quoted as Excel shows it
    (also in every row a merged error covers), and its row held back with the text it showed."""
    cadres = [
        cadre_row(commune_code="#N/A"),  # openpyxl stores Excel's error texts as error cells
        cadre_row(national_id=FEMALE_1985, birth_date="02/09/1985", gender="Nữ", major="#REF!", commune_code=None),
        cadre_row(national_id=MALE_1975, birth_date="01/01/1975"),
    ]
    rows = table(cadres)
    commune = rows[0].index("Mã xã")
    path = write_xlsx(
        tmp_path / "08" / "vlookup.xlsx", {"ThongTin": thongtin(), "CanBo": rows}, {"CanBo": [(1, 2, commune, commune)]}
    )

    result = validate_workbook(read_workbook(path), folder_province="08")

    problems = result.issues[["rule", "row", "header", "value"]].values.tolist()
    assert sorted(problems) == [
        ["CELL.FORMULA_ERROR", 2, "Mã xã", "#N/A"],
        ["CELL.FORMULA_ERROR", 3, "Chuyên ngành", "#REF!"],
        ["CELL.FORMULA_ERROR", 3, "Mã xã", "#N/A"],
    ]
    assert result.valid_rows["CanBo"].index.tolist() == [4]
    held = result.quarantined.set_index("row")["raw_values"]
    assert held[2]["Mã xã"] == "#N/A" and held[3]["Chuyên ngành"] == "#REF!"


def test_a_formula_saved_without_its_result_is_reported_as_such_not_as_blank(tmp_path: Path) -> None:
    """A personnel system's export writes formulas without their results (Excel stores them always):
    'Số lượt học viên' '=10+20' read blank and was told missing though Excel shows 30, and an optional
    budget's formula was lost without a word. Each is told, quoting the formula, and its row held (the
    value is none to load); a row of formulas only (a sheet built from another's) was dropped as empty
    without a word. A formula numbering the rows (STT, no column of the standard) is none of it, nor is
    one whose result is stored."""
    courses = [
        course_row(participant_count="=10+20"),
        course_row(course_code="KH02", budget_vnd='=SUM(15000000,"5000000")'),
        course_row(course_code="KH03", participant_count=31, budget_vnd=777),
        course_row(course_code="KH04"),
        course_row(course_code="KH05"),
        course_row(course_code="KH06"),
    ]
    rows = [[None if n == 0 else f"=ROW()-{n}", *row] for n, row in enumerate(table(courses))]
    rows[0][0] = "STT"
    for n in (4, 6):  # a row of formulas only among the courses, and one below them
        rows[n] = [None, *[f"=DanhSach!B{c}" if value is not None else None for c, value in enumerate(rows[n][1:])]]
    path = write_xlsx(tmp_path / "xuat-tu-phan-mem.xlsx", {"ThongTin": thongtin(), "KhoaHoc": rows})

    def as_excel_saves(xml: bytes) -> bytes:  # KH03's count and budget: formulas with their results
        xml = xml.replace(b"<v>31</v>", b"<f>15+16</f><v>31</v>")
        return re.sub(rb't="n"><v>777</v>', rb't="str"><f>IF(1,"","")</f><v></v>', xml)

    stored = _with_sheet_xml(path, tmp_path / "08" / "ket-qua.xlsx", as_excel_saves)

    result = validate_workbook(read_workbook(stored), folder_province="08")

    problems = result.issues[result.issues["sheet"] == "KhoaHoc"][["rule", "row", "header", "value"]]
    assert problems[problems["row"] != 5].fillna("").values.tolist() == [
        ["FILE.FORMULAS_UNCALCULATED", 7, "", f"{sum(v is not None for v in rows[6])} ô, từ dòng 7"],
        ["CELL.FORMULA_UNCALCULATED", 2, "Số lượt học viên", "=10+20"],
        ["CELL.FORMULA_UNCALCULATED", 3, "Kinh phí (đồng)", '=SUM(15000000,"5000000")'],
    ]
    only_formulas = problems[problems["row"] == 5]
    assert set(only_formulas["rule"]) == {"CELL.FORMULA_UNCALCULATED"} and "=DanhSach!B0" in set(only_formulas["value"])
    assert len(only_formulas) == sum(value is not None for value in rows[4])
    assert result.valid_rows["KhoaHoc"]["course_code"].tolist() == ["KH03", "KH05"]
    kh03 = result.valid_rows["KhoaHoc"].iloc[0]
    assert kh03["participant_count"] == 31 and pd.isna(kh03["budget_vnd"])  # an empty text result: blank


@pytest.mark.parametrize("saved_by_excel", [False, True])
def test_a_formula_exported_with_a_placeholder_zero_is_told_not_loaded_as_zero(
    tmp_path: Path, saved_by_excel: bool
) -> None:
    """XlsxWriter (a personnel system's Python export) stores 0 as every formula's result unless given the
    real one, and asks Excel to calculate them all on opening (`fullCalcOnLoad`): 'Số lượt học viên'
    '=10+20' loaded as 0 participants and a budget '=SUM(…)' as 0 đồng, silently, though Excel shows 30
    and 20,000,000. A stored 0 in such a workbook is told as a formula without its result; a result the
    program gave is read (a boolean FALSE too: a review found it held), as is any 0 once Excel has saved
    the file (it drops the flag)."""
    import xlsxwriter

    source = tmp_path / "xuat.xlsx"
    courses = [
        course_row(participant_count="=10+20"),
        course_row(course_code="KH02", budget_vnd="=SUM(15000000,5000000)"),
        course_row(course_code="KH03", participant_count="=15+16"),
        course_row(course_code="KH04"),
    ]
    sheets = {"ThongTin": thongtin(), "CanBo": table([cadre_row(party_member="=1>2")]), "KhoaHoc": table(courses)}
    with xlsxwriter.Workbook(source) as book:
        for name, rows in sheets.items():
            sheet = book.add_worksheet(name)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if value in ("=15+16", "=1>2"):  # the program gave its result
                        sheet.write_formula(r, c, value, None, 31 if value == "=15+16" else False)
                    elif value is not None:
                        sheet.write(r, c, value)  # a text starting with '=' is written as a formula
    path = source
    if saved_by_excel:
        as_saved = {"xl/workbook.xml": lambda xml: xml.replace(b' fullCalcOnLoad="1"', b"")}
        path = _with_parts(source, tmp_path / "08" / "da-luu.xlsx", as_saved)

    result = validate_workbook(read_workbook(path), folder_province="08")

    told = result.issues[result.issues["sheet"] == "KhoaHoc"][["rule", "row", "header", "value"]]
    loaded = result.valid_rows["KhoaHoc"].set_index("course_code")
    assert result.valid_rows["CanBo"]["party_member"].tolist() == [False]
    if saved_by_excel:
        assert told.empty
        assert loaded["participant_count"].tolist() == [0, 30, 31, 30]
    else:
        assert told.values.tolist() == [
            ["CELL.FORMULA_UNCALCULATED", 2, "Số lượt học viên", "=10+20"],
            ["CELL.FORMULA_UNCALCULATED", 3, "Kinh phí (đồng)", "=SUM(15000000,5000000)"],
        ]
        assert loaded.index.tolist() == ["KH03", "KH04"] and loaded.at["KH03", "participant_count"] == 31


def test_a_formula_without_its_result_merged_down_over_rows_is_told_in_each(tmp_path: Path) -> None:
    """'Đơn vị tổ chức' merged down over three courses, its cell a formula an export saved without its
    result: the formula's text, filled down, loaded as the organiser of the two courses below, only the
    first told (a review's). Each row the merged cell covers is told and held."""
    courses = [course_row(course_code=f"KH0{n}") for n in range(1, 4)]
    rows = table(courses)
    at = rows[0].index("Đơn vị tổ chức")
    rows[1][at], rows[2][at], rows[3][at] = '="Sở Nội vụ"', None, None
    path = write_xlsx(
        tmp_path / "08" / "gop-cong-thuc.xlsx", {"ThongTin": thongtin(), "KhoaHoc": rows}, {"KhoaHoc": [(1, 3, at, at)]}
    )

    result = validate_workbook(read_workbook(path), folder_province="08")

    told = result.issues[result.issues["sheet"] == "KhoaHoc"][["rule", "row", "value"]].values.tolist()
    assert told == [["CELL.FORMULA_UNCALCULATED", row, '="Sở Nội vụ"'] for row in (2, 3, 4)]
    assert result.rows_quarantined == 3


def test_thongtin_values_saved_as_formulas_without_results_are_told_so(tmp_path: Path) -> None:
    """An export's ThongTin with 'Năm báo cáo' '=YEAR(TODAY())-2' and 'Người lập' '=DanhSach!B2', saved
    without results: the year was told invalid with no value and the preparer missing, though Excel
    shows both. Each is told as a formula saved without its result, quoting it; the file stays
    rejected (no year to load it under)."""
    info = [
        ["Năm báo cáo", "=YEAR(TODAY())-2"] if row[0] == "Năm báo cáo" else row
        for row in thongtin()
        if row[0] != "Người lập"
    ]
    info.append(["Người lập", "=DanhSach!B2"])
    path = write_xlsx(tmp_path / "08" / "xuat.xlsx", {"ThongTin": info, "CanBo": table([cadre_row()])})

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.status == "rejected"
    told = result.issues[result.issues["sheet"] == "ThongTin"][["rule", "header", "value"]].values.tolist()
    assert ["CELL.FORMULA_UNCALCULATED", "Năm báo cáo", "=YEAR(TODAY())-2"] in told
    assert ["CELL.FORMULA_UNCALCULATED", "Người lập", "=DanhSach!B2"] in told
    assert ["FILE.YEAR_INVALID", "Năm báo cáo", "=YEAR(TODAY())-2"] in told
    assert not any(rule == "THONGTIN.REQUIRED" for rule, _, _ in told)


def test_thongtin_keys_with_their_values_in_the_same_cell_are_read(tmp_path: Path) -> None:
    """'Mã tỉnh: 08' in one cell, as a title block types it: the file was rejected as having no province
    and no year, with no row and no word that the value belongs in the next cell."""
    info = [["Mã tỉnh: 08"], ["Năm báo cáo : 2024"], ["Người lập: Nguyễn Thị Lan", "Ngày lập:", "15/01/2025"]]
    path = write_xlsx(tmp_path / "08" / "mot-o.xlsx", {"ThongTin": info, "CanBo": table([cadre_row()])})

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.status == "accepted", result.issues[["rule", "value"]].to_dict("records")
    assert (result.info.province_code, result.info.report_year) == ("08", 2024)


def test_an_error_in_one_column_of_a_spanned_header_is_the_fields_error(tmp_path: Path) -> None:
    """'Họ và tên' merged over family | given name, the given name a failed lookup: the joined value
    'Nguyễn Văn #N/A' was checked as the name and accepted."""
    rows = table([cadre_row(), cadre_row(national_id=FEMALE_1985, birth_date="02/09/1985", gender="Nữ")])
    name = rows[0].index("Họ và tên")
    rows = [[*row[: name + 1], None, *row[name + 1 :]] for row in rows]
    rows[1][name : name + 2] = ["Nguyễn Văn", "#N/A"]
    rows[2][name : name + 2] = ["Trần Thị", "Lan"]
    path = write_xlsx(
        tmp_path / "08" / "ho-ten.xlsx", {"ThongTin": thongtin(), "CanBo": rows}, {"CanBo": [(0, 0, name, name + 1)]}
    )

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.issues[["rule", "row", "header"]].values.tolist() == [["CELL.FORMULA_ERROR", 2, "Họ và tên"]]
    assert result.valid_rows["CanBo"]["full_name"].tolist() == ["Trần Thị Lan"]


def test_a_lookup_formula_filled_down_into_empty_rows_is_not_a_row(tmp_path: Path) -> None:
    """'Mã xã' as a VLOOKUP filled down the sheet shows #N/A in the empty rows between and after the
    cadres: blank rows before error cells were told apart, each became a held row with a dozen
    'required' errors (and a tail of them as many footer warnings)."""
    rows = table([cadre_row(), cadre_row(national_id=FEMALE_1985, birth_date="02/09/1985", gender="Nữ")])
    lookup_only = [("#N/A" if header == "Mã xã" else None) for header in rows[0]]
    canbo = [rows[0], rows[1], lookup_only, rows[2], *[list(lookup_only) for _ in range(20)]]
    path = write_xlsx(tmp_path / "08" / "keo-cong-thuc.xlsx", {"ThongTin": thongtin(), "CanBo": canbo})

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.status == "accepted" and result.issues.empty, result.issues[["rule", "row"]].head().to_dict("records")
    assert result.valid_rows["CanBo"].index.tolist() == [2, 4]


def test_an_error_written_as_text_in_a_csv_export_is_an_error_not_a_value(tmp_path: Path) -> None:
    """A CSV exported from Excel writes a failed lookup as the text '#N/A': it loaded as a cadre's name
    and was reported as an unknown commune code, and a lookup filled down made rows of it."""
    rows = table(
        [
            cadre_row(full_name="#N/A"),
            cadre_row(national_id=FEMALE_1985, birth_date="02/09/1985", gender="Nữ", commune_code="#N/A"),
            cadre_row(national_id=MALE_1975, birth_date="01/01/1975"),
        ]
    )
    lookup_only = [("#N/A" if header == "Mã xã" else None) for header in rows[0]]
    folder = wb.write_csv_folder(tmp_path / "08" / "xuat-csv", {"ThongTin": thongtin(), "CanBo": [*rows, lookup_only]})

    result = validate_workbook(read_workbook(folder), folder_province="08")

    assert result.issues[["rule", "row", "header", "value"]].values.tolist() == [
        ["CELL.FORMULA_ERROR", 2, "Họ và tên", "#N/A"],
        ["CELL.FORMULA_ERROR", 3, "Mã xã", "#N/A"],
    ]
    assert result.valid_rows["CanBo"].index.tolist() == [4]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_an_error_text_with_spaces_around_it_is_still_the_error(tmp_path: Path, kind: str) -> None:
    """' #N/A' pasted with a space before it was compared whole and loaded as a cadre's name."""
    rows = table(
        [cadre_row(full_name=" #N/A"), cadre_row(national_id=FEMALE_1985, birth_date="02/09/1985", gender="Nữ")]
    )
    info = thongtin(prepared_by="#N/A ")
    path = wb.WRITERS[kind](tmp_path / "08" / f"co-dau-cach.{kind}", {"ThongTin": info, "CanBo": rows})

    result = validate_workbook(read_workbook(path), folder_province="08")

    found = result.issues[["rule", "sheet", "header"]].values.tolist()
    assert ["CELL.FORMULA_ERROR", "CanBo", "Họ và tên"] in found
    assert any(rule == "CELL.FORMULA_ERROR" and sheet == "ThongTin" for rule, sheet, _ in found), found
    assert result.valid_rows["CanBo"].index.tolist() == [3]


def test_thongtin_one_cell_readings_give_way_to_real_pairs(tmp_path: Path) -> None:
    """Instructions above the pairs ('Mã tỉnh: nhập mã 2 chữ số') were read as the province and year and
    rejected the file; a key left blank took the next cell ('Ngày lập: 15/01/2025') as its value."""
    instructions = [["Mã tỉnh: nhập mã 2 chữ số theo danh mục"], ["Năm báo cáo: ghi 4 chữ số"], *thongtin()]
    path = write_xlsx(tmp_path / "08" / "huong-dan.xlsx", {"ThongTin": instructions, "CanBo": table([cadre_row()])})
    result = validate_workbook(read_workbook(path), folder_province="08")
    assert result.status == "accepted", result.issues[["rule", "value"]].to_dict("records")

    blank = [["Mã tỉnh", "08"], ["Năm báo cáo", 2024], ["Người lập", "Ngày lập: 15/01/2025"]]
    path = write_xlsx(tmp_path / "08" / "bo-trong.xlsx", {"ThongTin": blank, "CanBo": table([cadre_row()])})
    result = validate_workbook(read_workbook(path), folder_province="08")
    assert result.issues[["rule", "header"]].values.tolist() == [["THONGTIN.REQUIRED", "Người lập"]]


_QD318_CRITERIA = [
    "Quy hoạch",
    "Giao thông",
    "Thủy lợi",
    "Điện",
    "Trường học",
    "Cơ sở vật chất văn hóa",
    "Cơ sở hạ tầng thương mại nông thôn",
    "Thông tin và Truyền thông",
    "Nhà ở dân cư",
    "Thu nhập",
    "Nghèo đa chiều",
    "Lao động",
    "Tổ chức sản xuất",
    "Giáo dục và đào tạo",
    "Y tế",
    "Văn hóa",
    "Môi trường và an toàn thực phẩm",
    "Hệ thống chính trị",
    "Quốc phòng và an ninh",
]


@pytest.mark.parametrize(("with_date", "by_name"), [(False, False), (True, False), (False, True)])
def test_criteria_laid_out_one_column_each_are_named_as_such(tmp_path: Path, with_date: bool, by_name: bool) -> None:
    """TieuChi as many provinces keep it, 'Mã xã | 1 | … | 19' and a row per commune: the file was
    rejected for 'no header row' (or, with a date column, for two missing columns and 19 unknown ones),
    though the header was plainly there; it is now told what the layout is and how to turn it. Columns
    headed by the criteria's names ('Quy hoạch | Giao thông | …') too (they were 19 unknown columns)."""
    criteria = _QD318_CRITERIA if by_name else [f"TC{n}" for n in range(1, 20)]
    header = ["Mã xã", *(["Ngày đánh giá"] if with_date else []), *criteria]
    communes = [[code, *(["20/11/2024"] if with_date else []), *["Đạt"] * 19] for code in ("02245", "02488")]
    path = write_xlsx(
        tmp_path / "08" / "tieu-chi-ngang.xlsx",
        {"ThongTin": thongtin(), "CanBo": table([cadre_row()]), "TieuChi": [header, *communes]},
    )

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.status == "rejected"
    assert result.issues[["rule", "sheet"]].values.tolist() == [["FILE.CRITERIA_AS_COLUMNS", "TieuChi"]]


@pytest.mark.parametrize(
    ("sheet", "written", "field"),
    [
        ("KhoaHoc", "Kinh phí bình quân (đồng/người)", "budget_vnd"),  # read as the course's budget, silently
        ("KhoaHoc", "Kinh phí (đồng/học viên)", "budget_vnd"),
        ("CanBo", "Diện quản lý", "program"),  # its 'Huyện ủy quản lý' held every cadre as no programme
        ("CanBo", "Lĩnh vực đào tạo", "portfolio"),
        ("CanBo", "Ngày bổ nhiệm ngạch", "appointed_on"),
    ],
)
def test_a_header_starting_with_a_fields_name_but_naming_another_thing_is_no_field(
    tmp_path: Path, sheet: str, written: str, field: str
) -> None:
    """Headers starting with an accepted name of an optional field the sheet lacks took it (an
    explorer's): a cost per participant loaded as each course's budget, a cadre's 'Diện quản lý' held
    every cadre as an unknown programme. They are columns of their own, told as not read."""
    row = course_row() if sheet == "KhoaHoc" else cadre_row()
    standard = {"budget_vnd": "Kinh phí (đồng)", "program": "Chương trình", "portfolio": "Lĩnh vực phụ trách"}
    standard["appointed_on"] = "Ngày bổ nhiệm"
    row = {(written if key == standard[field] else key): value for key, value in row.items()}
    row[written] = "01/01/2015" if field == "appointed_on" else "Luật" if field == "portfolio" else "Huyện ủy quản lý"
    if field == "budget_vnd":
        row[written] = "500.000"
    sheets = {"ThongTin": thongtin(), sheet: table([row])}
    if sheet == "KhoaHoc":
        sheets["CanBo"] = table([cadre_row()])

    result = validate_workbook(book := read_workbook(write_xlsx(tmp_path / "08" / "cot.xlsx", sheets)), "08")

    assert book.sheets[sheet].frame[field].isna().all()
    told = result.issues.loc[result.issues["sheet"] == sheet, ["rule", "header"]].values.tolist()
    assert told == [["FILE.COLUMN_UNKNOWN", written]]


def test_of_two_columns_named_by_aliases_the_alias_listed_first_takes_the_field(tmp_path: Path) -> None:
    """'Số CMND' (9 digits) left of 'Số CCCD': the left one was the ID, every cadre held for an ID of 9
    digits with their attendance (an explorer's). The field's first-listed alias takes it; the other
    column is told as not read. Likewise 'Hình thức' (delivery) left of 'Loại hình đào tạo'."""
    cadre = {("Số CCCD" if key == "Số định danh cá nhân" else key): value for key, value in cadre_row().items()}
    canbo = table([{"Số CMND": "080123456", **cadre}])
    course = {("Loại hình đào tạo" if key == "Loại hình" else key): value for key, value in course_row().items()}
    khoahoc = table([{"Hình thức": "Trực tuyến", **course}])
    sheets = {"ThongTin": thongtin(), "CanBo": canbo, "KhoaHoc": khoahoc}

    result = validate_workbook(book := read_workbook(write_xlsx(tmp_path / "08" / "hai.xlsx", sheets)), "08")

    assert book.sheets["CanBo"].frame["national_id"].tolist() == [MALE_1980]
    assert book.sheets["KhoaHoc"].frame["course_kind"].tolist() == ["Bồi dưỡng"]
    told = result.issues[["sheet", "rule", "header"]].values.tolist()
    assert told == [["CanBo", "FILE.COLUMN_UNKNOWN", "Số CMND"], ["KhoaHoc", "FILE.COLUMN_UNKNOWN", "Hình thức"]]


@pytest.mark.parametrize("parts", [["Bắt đầu", "Kết thúc"], ["Từ", "Đến"]])
def test_a_course_period_over_its_start_and_end_is_read(tmp_path: Path, parts: list[str]) -> None:
    """'Thời gian' over 'Bắt đầu' | 'Kết thúc' (or 'Từ' | 'Đến'): both dates were missing, the file
    rejected (an explorer's); 'Từ ngày' | 'Đến ngày' was read."""
    rows = table([course_row()])
    start = rows[0].index("Ngày bắt đầu")
    assert rows[0][start + 1] == "Ngày kết thúc"
    width = len(rows[0])
    upper = [*rows[0][:start], "Thời gian", None, *rows[0][start + 2 :]]
    lower = [None] * width
    lower[start : start + 2] = parts
    merged = [(0, 0, start, start + 1), *[(0, 1, c, c) for c in range(width) if c not in (start, start + 1)]]
    sheets = {"ThongTin": thongtin(), "CanBo": table([cadre_row()]), "KhoaHoc": [upper, lower, rows[1]]}

    result = validate_workbook(
        read_workbook(write_xlsx(tmp_path / "08" / "tg.xlsx", sheets, {"KhoaHoc": merged})), "08"
    )

    assert result.status == "accepted", result.issues[["rule", "header"]].values.tolist()
    assert result.valid_rows["KhoaHoc"]["starts_on"].dt.strftime("%d/%m").tolist() == ["10/03"]


@pytest.mark.parametrize("across", [False, True], ids=["summary", "across-with-summary"])
def test_a_count_of_the_criteria_met_is_no_criterion_number(tmp_path: Path, across: bool) -> None:
    """A per-commune summary 'Mã xã | Tên xã | Tiêu chí đạt | Kết quả' (19 met, Đạt) was accepted as
    criterion 19 = Đạt ('Tiêu chí đạt' starts with the alias 'Tiêu chí'); one column per criterion with
    such a summary on the right loaded the summary too, as one criterion per commune (an explorer's).
    The count names no criterion: the summary lacks 'Mã tiêu chí', the layout across is told as such."""
    criteria = [f"TC{n}" for n in range(1, 20)] if across else []
    header = ["Mã xã", "Tên xã", *criteria, "Tiêu chí đạt", "Kết quả", "Ngày đánh giá"]
    communes = [
        ["02245", "Xã Côn Lôn", *["Đạt"] * len(criteria), 19, "Đạt", "20/11/2024"],
        ["02488", "Xã Trung Môn", *["Đạt"] * len(criteria), 15, "Chưa đạt", "20/11/2024"],
    ]
    path = write_xlsx(
        tmp_path / "08" / "tong-hop.xlsx",
        {"ThongTin": thongtin(), "CanBo": table([cadre_row()]), "TieuChi": [header, *communes]},
    )

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.status == "rejected"
    told = result.issues.loc[result.issues["sheet"] == "TieuChi", ["rule", "header"]].fillna("").values.tolist()
    if across:
        assert told == [["FILE.CRITERIA_AS_COLUMNS", ""]]
    else:
        assert ["FILE.COLUMN_MISSING", "Mã tiêu chí"] in told and ["FILE.COLUMN_UNKNOWN", "Tiêu chí đạt"] in told


def test_a_total_row_filling_half_a_small_sheets_columns_is_a_total(tmp_path: Path) -> None:
    """'Tổng số xã đạt | | 1 |' under a TieuChi of four columns: read as a commune 'Tổng số xã đạt' with
    every criterion missing and a status '1' (an explorer's); a total row with a count beside its
    label fills half the columns of so small a sheet."""
    rows = [["Mã xã", "Mã tiêu chí", "Trạng thái", "Ngày đánh giá"]]
    rows += [["02245", n, "Đạt", "20/11/2024"] for n in range(1, 20)] + [["Tổng số xã đạt", None, 1, None]]
    sheets = {"ThongTin": thongtin(), "CanBo": table([cadre_row()]), "TieuChi": rows}

    result = validate_workbook(read_workbook(write_xlsx(tmp_path / "08" / "tong.xlsx", sheets)), folder_province="08")

    told = result.issues.loc[result.issues["sheet"] == "TieuChi", ["rule", "row"]].values.tolist()
    assert told == [["FILE.TOTAL_ROW_IGNORED", 21]] and result.status == "accepted"


def test_a_numbering_row_under_a_standard_criteria_header_is_no_layout_across(tmp_path: Path) -> None:
    rows = table(criteria_rows(2024))
    numbering = [f"({n})" for n in range(1, len(rows[0]) + 1)]
    path = write_xlsx(
        tmp_path / "08" / "danh-so.xlsx", {"ThongTin": thongtin(), "TieuChi": [rows[0], numbering, *rows[1:]]}
    )
    assert len(read_workbook(path).sheets["TieuChi"].frame) == 19


def test_a_standard_criteria_sheet_with_a_numbering_row_is_not_laid_out_across(tmp_path: Path) -> None:
    """A TieuChi lacking 'Trạng thái' (and 'Mã tiêu chí') over a numbering row '(1) … (5)', or lacking only
    'Trạng thái' over a plain '1 … 8': it was told to unpivot a layout it does not have; it is told the
    columns it lacks."""
    header = ["Mã xã", "Số hiệu TC", "Tình trạng", "Ngày đánh giá", "Ghi chú"]
    rows = [header, [f"({n})" for n in range(1, 6)], ["02245", "1", "Đạt", "20/11/2024", None]]
    path = write_xlsx(tmp_path / "08" / "thieu-cot.xlsx", {"ThongTin": thongtin(), "TieuChi": rows})
    result = validate_workbook(read_workbook(path), folder_province="08")
    missing = result.issues.loc[result.issues["rule"] == "FILE.COLUMN_MISSING", "header"].tolist()
    assert "FILE.CRITERIA_AS_COLUMNS" not in set(result.issues["rule"]) and missing == ["Mã tiêu chí", "Trạng thái"]

    wide = ["STT", "Mã xã", "Tên xã", "Mã tiêu chí", "Tên tiêu chí", "Tình trạng", "Ngày đánh giá", "Ghi chú"]
    one = [1, "02245", "Côn Lôn", "1", "Quy hoạch", "Đạt", "20/11/2024", None]
    path = write_xlsx(
        tmp_path / "08" / "so-thu-tu.xlsx",
        {"ThongTin": thongtin(), "TieuChi": [wide, [str(n) for n in range(1, 9)], one]},
    )
    result = validate_workbook(read_workbook(path), folder_province="08")
    missing = result.issues.loc[result.issues["rule"] == "FILE.COLUMN_MISSING", "header"].tolist()
    assert "FILE.CRITERIA_AS_COLUMNS" not in set(result.issues["rule"]) and missing == ["Trạng thái"]


def test_criteria_across_under_a_merged_tieu_chi_header_are_named_as_such(tmp_path: Path) -> None:
    """'Tiêu chí' merged over the numbers 1 … 19 matched the criterion column's alias: two missing
    columns, not the layout."""
    header = ["Mã xã", "Tiêu chí", *[None] * 18]
    numbers = [None, *[str(n) for n in range(1, 20)]]
    path = write_xlsx(
        tmp_path / "08" / "tieu-chi-gop.xlsx",
        {"ThongTin": thongtin(), "CanBo": table([cadre_row()]), "TieuChi": [header, numbers, ["02245", *["Đạt"] * 19]]},
        {"TieuChi": [(0, 1, 0, 0), (0, 0, 1, 19)]},
    )
    result = validate_workbook(read_workbook(path), folder_province="08")
    assert result.issues[["rule", "sheet"]].values.tolist() == [["FILE.CRITERIA_AS_COLUMNS", "TieuChi"]]


def test_a_second_visible_column_of_a_fields_header_is_named_as_a_repeat(tmp_path: Path) -> None:
    """Two visible 'Mã xã' columns: the first is read, the second was warned about as "not in the
    template", which it is; it is named as a repeat of a column read."""
    rows = table([cadre_row()])
    rows = [[*row, other] for row, other in zip(rows, ["Mã xã", "11111"], strict=True)]
    path = write_xlsx(tmp_path / "08" / "hai-cot.xlsx", {"ThongTin": thongtin(), "CanBo": rows})

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.issues[["rule", "header", "row"]].values.tolist() == [["FILE.COLUMN_REPEATED", "Mã xã", 1]]
    assert result.valid_rows["CanBo"]["commune_code"].tolist() == [wb.SHARED_COMMUNE]


def test_a_total_row_that_counts_its_people_is_a_total_row(tmp_path: Path) -> None:
    """'Tổng cộng: 14 người' under the cadres was named a signature or notes line, not a total."""
    rows = table([cadre_row()])
    rows.append(["Tổng cộng: 1 người", *[None] * (len(rows[0]) - 1)])
    sheet = read_workbook(write_xlsx(tmp_path / "08" / "dem.xlsx", {"ThongTin": thongtin(), "CanBo": rows})).sheets[
        "CanBo"
    ]
    assert sheet.total_rows == [(3, "Tổng cộng: 1 người")] and sheet.footer_rows == []


def test_control_characters_are_spaces_and_other_digit_sets_no_id(tmp_path: Path) -> None:
    """'Nguyễn\\x00Văn\\x01An' loaded as such (PostgreSQL's COPY refuses the NUL); an ID in full-width digits
    passed as 12 digits and loaded as another person than the same ID typed plainly (robustness tester)."""
    cadres = [
        cadre_row(national_id="００８０８００００１２３"),
        cadre_row(national_id=FEMALE_1985, birth_date="02/09/1985", gender="Nữ", full_name="Trần\x00Thị\x01\x7fBình"),
    ]
    folder = wb.write_csv_folder(tmp_path / "08" / "ky-tu", {"ThongTin": thongtin(), "CanBo": table(cadres)})

    result = validate_workbook(read_workbook(folder), folder_province="08")

    assert result.issues[["rule", "row"]].values.tolist() == [["CANBO.ID.FORMAT", 2]]
    assert result.valid_rows["CanBo"]["full_name"].tolist() == ["Trần Thị Bình"]


def test_a_broken_part_the_reader_does_not_need_leaves_the_legacy_font_check_out_not_the_report(
    tmp_path: Path,
) -> None:
    """A workbook declaring a legacy font with a garbled [Content_Types].xml: fastexcel read it, the
    legacy-font search crashed and the province got no report at all (robustness tester)."""
    source = write_xlsx(tmp_path / "src.xlsx", {"ThongTin": thongtin(), "CanBo": table([cadre_row()])})
    changes = {
        "[Content_Types].xml": lambda _: b"<Types garbage",
        "xl/styles.xml": lambda xml: xml.replace(b'val="Calibri"', b'val=".VnTime"'),
    }
    path = _with_parts(source, tmp_path / "08" / "hong-mot-phan.xlsx", changes)

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.status == "accepted", result.issues[["rule", "value"]].to_dict("records")
