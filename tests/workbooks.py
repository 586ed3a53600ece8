"""Hand-made province workbooks for the reader and validation tests (not a test module).

Everything here is written from the national submission standard (shared/contract.md), not from
the project's code: headers are spelled as the standard writes them, and codes are real GSO codes.
Sheets are given as lists of rows (each row a list of cells), so a test can put title rows, blank
rows, numbering rows and total rows exactly where a province would.

Reference facts used by the defaults:
- province "08" Tuyên Quang; legacy communes 02488 (Xã Trung Môn) and 02245 (Xã Côn Lôn);
  2025 communes 02215 (Phường Minh Xuân) and 02245 (Xã Côn Lôn).
- 07033 (Xã Kỳ Thượng) is a legacy commune of Quảng Ninh (22); 06979 is a 2025 commune of Quảng Ninh.
- national ID "008080000123": born in province 008, digit 0 = male born 1900–1999, year 80.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import openpyxl
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
from odf.text import P
from openpyxl.utils import get_column_letter

Cell = Any
Rows = list[list[Cell]]
Sheets = dict[str, Rows]

PROVINCE = "08"
LEGACY_COMMUNE = "02488"  # Xã Trung Môn, Tuyên Quang, legacy list only
SHARED_COMMUNE = "02245"  # Xã Côn Lôn, Tuyên Quang, in both lists
COMMUNE_2025 = "02215"  # Phường Minh Xuân, Tuyên Quang, 2025 list (was Phường Ỷ La in the legacy list)
QUANG_NINH_LEGACY = "07033"  # Xã Kỳ Thượng, legacy list only
QUANG_NINH_2025 = "06979"  # Xã Kỳ Thượng (2025), ex-Đạp Thanh

MALE_1980 = "008080000123"
FEMALE_1985 = "008185000456"
MALE_1975 = "008075000789"

# Headers exactly as contract §2 writes them, by field name.
THONGTIN_HEADERS = {
    "province_code": "Mã tỉnh",
    "report_year": "Năm báo cáo",
    "prepared_by": "Người lập",
    "prepared_on": "Ngày lập",
    "contact": "Điện thoại / Email",
    "template_version": "Phiên bản mẫu",
    "ethnicity_code_list": "Danh mục dân tộc",
}
CANBO_HEADERS = {
    "national_id": "Số định danh cá nhân",
    "full_name": "Họ và tên",
    "birth_date": "Ngày sinh",
    "gender": "Giới tính",
    "ethnicity": "Dân tộc",
    "commune_code": "Mã xã",
    "position": "Chức vụ",
    "staff_group": "Nhóm",
    "appointed_on": "Ngày bổ nhiệm",
    "education": "Trình độ chuyên môn",
    "major": "Chuyên ngành",
    "political_theory": "Lý luận chính trị",
    "party_member": "Đảng viên",
    "program": "Chương trình",
    "sending_agency": "Cơ quan cử",
    "portfolio": "Lĩnh vực phụ trách",
    "meets_standard": "Đạt chuẩn",
}
KHOAHOC_HEADERS = {
    "course_code": "Mã khóa học",
    "course_name": "Tên khóa học",
    "course_kind": "Loại hình",
    "topic": "Nội dung",
    "degree_level": "Trình độ đào tạo",
    "funding_program": "Chương trình",
    "organiser": "Đơn vị tổ chức",
    "starts_on": "Ngày bắt đầu",
    "ends_on": "Ngày kết thúc",
    "participant_count": "Số lượt học viên",
    "budget_vnd": "Kinh phí (đồng)",
}
HOCVIEN_HEADERS = {
    "course_code": "Mã khóa học",
    "national_id": "Số định danh cá nhân",
    "outcome": "Kết quả",
    "certified": "Cấp chứng chỉ",
}
TIEUCHI_HEADERS = {
    "commune_code": "Mã xã",
    "criterion_no": "Mã tiêu chí",
    "status": "Trạng thái",
    "assessed_on": "Ngày đánh giá",
    "note": "Ghi chú",
}
CONGNHAN_HEADERS = {
    "commune_code": "Mã xã",
    "level": "Mức đạt",
    "decision_no": "Số quyết định",
    "decided_on": "Ngày quyết định",
}


# ---------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------


Merges = dict[str, list[tuple[int, int, int, int]]]
"""Ranges to merge, by sheet: (first row, last row, first column, last column), 0-based as the rows
and cells of `Sheets` are; the cells a range covers below or right of its first should be None."""


Hidden = dict[str, tuple[list[int], list[int]]]
"""Rows and columns to hide, by sheet: (rows, columns), 0-based as the rows and cells of `Sheets` are."""


def write_xlsx(path: Path, sheets: Sheets, merged: Merges | None = None, hidden: Hidden | None = None) -> Path:
    """Write with openpyxl; `None` is an empty cell, dates become real Excel dates."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(title=name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
        for top, bottom, left, right in (merged or {}).get(name, []):
            sheet.merge_cells(start_row=top + 1, end_row=bottom + 1, start_column=left + 1, end_column=right + 1)
        rows_hidden, columns_hidden = (hidden or {}).get(name, ([], []))
        for row in rows_hidden:
            sheet.row_dimensions[row + 1].hidden = True
        for column in columns_hidden:
            sheet.column_dimensions[get_column_letter(column + 1)].hidden = True
    book.save(path)
    return path


def write_xls(path: Path, sheets: Sheets, merged: Merges | None = None, hidden: Hidden | None = None) -> Path:
    """Write a legacy .xls with xlwt; dates become real Excel dates."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write(r, c, value, date_style)
                else:
                    sheet.write(r, c, value)
        for top, bottom, left, right in (merged or {}).get(name, []):
            sheet.merge(top, bottom, left, right)
        rows_hidden, columns_hidden = (hidden or {}).get(name, ([], []))
        for row in rows_hidden:
            sheet.row(row).hidden = True
        for column in columns_hidden:
            sheet.col(column).hidden = True
    book.save(str(path))
    return path


def _ods_cell(value: Cell) -> TableCell:
    if value is None:
        return TableCell()
    if isinstance(value, bool):
        cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower())
    elif isinstance(value, int | float):
        cell = TableCell(valuetype="float", value=value)
    elif isinstance(value, dt.date):  # datetime too
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=str(value)))
    return cell


def write_ods(path: Path, sheets: Sheets, merged: Merges | None = None, hidden: Hidden | None = None) -> Path:
    """Write an OpenDocument spreadsheet with odfpy; `merged` and `hidden` as for `write_xlsx` (a merge's
    top-left cell spans it, the cells it covers are covered cells, as LibreOffice writes them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        rows_hidden, columns_hidden = (hidden or {}).get(name, ([], []))
        width = max((len(row) for row in rows), default=1)
        for column in range(width):
            table.addElement(TableColumn(visibility="collapse") if column in columns_hidden else TableColumn())
        spans = {
            (top, left): (bottom - top + 1, right - left + 1)
            for top, bottom, left, right in (merged or {}).get(name, [])
        }
        covered = {
            (r, c)
            for (top, left), (down, across) in spans.items()
            for r in range(top, top + down)
            for c in range(left, left + across)
            if (r, c) != (top, left)
        }
        for r, row in enumerate(rows):
            table_row = TableRow(visibility="collapse") if r in rows_hidden else TableRow()
            for c, value in enumerate(row or [None]):
                if (r, c) in covered:
                    table_row.addElement(CoveredTableCell())
                    continue
                cell = _ods_cell(value)
                if (r, c) in spans:
                    cell.setAttribute("numberrowsspanned", spans[(r, c)][0])
                    cell.setAttribute("numbercolumnsspanned", spans[(r, c)][1])
                table_row.addElement(cell)
            table.addElement(table_row)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


_VIETNAMESE_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 the way Vietnamese legacy software writes it: letters with circumflex, breve or
    horn are precomposed, tone marks are combining characters (cp1258 has no precomposed 'ễ')."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _VIETNAMESE_TONES))
        tones = "".join(c for c in parts if c in _VIETNAMESE_TONES)
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def write_csv_folder(path: Path, sheets: Sheets, encoding: str = "utf-8") -> Path:
    """A folder with one `<sheet>.csv` per sheet, in the given text encoding (`cp1258` supported)."""
    path.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        width = max((len(row) for row in rows), default=1)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        for row in rows:
            writer.writerow([_csv_text(v) for v in row] + [""] * (width - len(row)))
        text = buffer.getvalue()
        data = (
            encode_cp1258(text)
            if encoding.lower().replace("-", "") in {"cp1258", "windows1258"}
            else text.encode(encoding)
        )
        (path / f"{name}.csv").write_bytes(data)
    return path


WRITERS = {"xlsx": write_xlsx, "xls": write_xls, "ods": write_ods, "csv": write_csv_folder}


def write(path: Path, sheets: Sheets) -> Path:
    """Write with the writer chosen by the path's suffix (no suffix: a CSV folder)."""
    fmt = path.suffix.lstrip(".") or "csv"
    return WRITERS[fmt](path, sheets)


# ---------------------------------------------------------------------------------------------
# Content builders
# ---------------------------------------------------------------------------------------------


def named_in_code_page(folder: Path, name: bytes) -> Path:
    """A path in `folder` whose name is bytes of the Vietnamese Windows code page, not UTF-8 (b'B\\xe1o
    c\\xe1o.xlsx'), as an FTP upload or a zip made on Windows keeps it: Python gives them as lone surrogates."""
    return Path(os.fsdecode(os.fsencode(folder) + b"/" + name))


def national_id(birth_year: int, female: bool = False, serial: int = 1, province: str = "008") -> str:
    """A 12-digit personal ID consistent with birth year and gender (contract §3)."""
    century_digit = 2 * (birth_year // 100 - 19) + (1 if female else 0)
    return f"{province}{century_digit}{birth_year % 100:02d}{serial:06d}"


def thongtin(province: str = PROVINCE, year: int | str = 2024, **extra: Cell) -> Rows:
    """ThongTin key/value rows. `extra` is keyed by field name; a value of None drops the key."""
    values: dict[str, Cell] = {
        "province_code": province,
        "report_year": year,
        "prepared_by": "Nguyễn Thị Lan",
        "prepared_on": f"15/01/{int(year) + 1}" if str(year).isdigit() else "15/01/2025",
        "contact": "0207 3822 123 / snv@tuyenquang.gov.vn",
    }
    values.update(extra)
    return [[THONGTIN_HEADERS.get(key, key), value] for key, value in values.items() if value is not None]


def _row(headers: dict[str, str], defaults: dict[str, Cell], overrides: dict[str, Cell]) -> dict[str, Cell]:
    unknown = set(overrides) - set(headers)
    if unknown:
        raise KeyError(f"unknown fields {sorted(unknown)}")
    values = {**defaults, **overrides}
    return {headers[name]: values.get(name) for name in headers}


def cadre_row(**overrides: Cell) -> dict[str, Cell]:
    """A valid CanBo row for province 08 in any year 2010–2026 (commune 02245 is in both lists)."""
    defaults = {
        "national_id": MALE_1980,
        "full_name": "Nguyễn Văn An",
        "birth_date": "15/03/1980",
        "gender": "Nam",
        "ethnicity": "Tày",
        "commune_code": SHARED_COMMUNE,
        "position": "Chủ tịch UBND",
        "staff_group": "Cán bộ",
        "appointed_on": "01/07/2021",
        "education": "Đại học",
        "major": "Luật",
        "political_theory": "Trung cấp",
        "party_member": "Có",
        "program": None,
        "sending_agency": None,
        "portfolio": "Kinh tế",
        "meets_standard": "Có",
    }
    return _row(CANBO_HEADERS, defaults, overrides)


def course_row(year: int = 2024, **overrides: Cell) -> dict[str, Cell]:
    """A valid KhoaHoc row held in March of `year`."""
    defaults = {
        "course_code": "KH01",
        "course_name": "Bồi dưỡng kiến thức quản lý nhà nước",
        "course_kind": "Bồi dưỡng",
        "topic": "Quản lý nhà nước",
        "degree_level": None,
        "funding_program": "Nông thôn mới",
        "organiser": "Sở Nội vụ",
        "starts_on": f"10/03/{year}",
        "ends_on": f"14/03/{year}",
        "participant_count": "30",
        "budget_vnd": "27.309.000",
    }
    return _row(KHOAHOC_HEADERS, defaults, overrides)


def attendance_row(**overrides: Cell) -> dict[str, Cell]:
    """A valid HocVien row: the default cadre on course KH01."""
    defaults = {"course_code": "KH01", "national_id": MALE_1980, "outcome": "Hoàn thành", "certified": "Có"}
    return _row(HOCVIEN_HEADERS, defaults, overrides)


def criterion_row(year: int = 2024, **overrides: Cell) -> dict[str, Cell]:
    """A valid TieuChi row (criterion 1, Đạt) for commune 02245."""
    defaults = {
        "commune_code": SHARED_COMMUNE,
        "criterion_no": "1",
        "status": "Đạt",
        "assessed_on": f"20/11/{year}",
        "note": None,
    }
    return _row(TIEUCHI_HEADERS, defaults, overrides)


def criteria_rows(
    year: int = 2024, commune: str = SHARED_COMMUNE, count: int | None = None, unmet: Iterable[int] = ()
) -> list[dict[str, Cell]]:
    """Every criterion of the set in force (19 up to 2025, 10 from 2026), Đạt except `unmet`."""
    count = count if count is not None else (19 if year <= 2025 else 10)
    unmet = set(unmet)
    return [
        criterion_row(year, commune_code=commune, criterion_no=str(n), status="Chưa đạt" if n in unmet else "Đạt")
        for n in range(1, count + 1)
    ]


def recognition_row(year: int = 2024, **overrides: Cell) -> dict[str, Cell]:
    """A valid CongNhan row for commune 02245, decided in December of `year`."""
    defaults = {
        "commune_code": SHARED_COMMUNE,
        "level": "NTM",
        "decision_no": f"123/QĐ-UBND/{year}",
        "decided_on": f"15/12/{year}",
    }
    return _row(CONGNHAN_HEADERS, defaults, overrides)


def table(rows: list[dict[str, Cell]], title_rows: Rows = ()) -> Rows:
    """Header row (keys of the first row, then any new keys) plus one value row per dict."""
    headers: list[str] = []
    for row in rows:
        headers += [key for key in row if key not in headers]
    return [*map(list, title_rows), headers, *([row.get(h) for h in headers] for row in rows)]


def rename(rows: Rows, headers: dict[str, str]) -> Rows:
    """Rewrite header cells (standard header → as a province wrote it) wherever they appear."""
    return [[headers.get(cell, cell) if isinstance(cell, str) else cell for cell in row] for row in rows]


def workbook(
    province: str = PROVINCE,
    year: int = 2024,
    *,
    info: Rows | None = None,
    canbo: list[dict] | None = None,
    khoahoc: list[dict] | None = None,
    hocvien: list[dict] | None = None,
    tieuchi: list[dict] | None = None,
    congnhan: list[dict] | None = None,
) -> Sheets:
    """Sheets of a submission; a sheet given as None is left out."""
    sheets: Sheets = {"ThongTin": info if info is not None else thongtin(province, year)}
    for name, rows in (
        ("CanBo", canbo),
        ("KhoaHoc", khoahoc),
        ("HocVien", hocvien),
        ("TieuChi", tieuchi),
        ("CongNhan", congnhan),
    ):
        if rows is not None:
            sheets[name] = table(rows)
    return sheets


def clean_workbook(province: str = PROVINCE, year: int = 2024) -> Sheets:
    """A small submission that breaks no rule of the standard (province 08)."""
    commune = SHARED_COMMUNE
    other = LEGACY_COMMUNE if year <= 2024 else COMMUNE_2025
    cadres = [
        cadre_row(commune_code=commune),
        cadre_row(
            national_id=FEMALE_1985,
            full_name="Trần Thị Bình",
            birth_date="02/09/1985",
            gender="Nữ",
            ethnicity="Kinh",
            commune_code=other,
            position="Phó Chủ tịch UBND",
            portfolio="Văn hóa - xã hội",
            party_member="x",
        ),
        cadre_row(
            national_id=MALE_1975,
            full_name="Hoàng Văn Chung",
            birth_date="1975-06-30",
            commune_code=other,
            position="Bí thư Đảng ủy",
            political_theory="Cao cấp",
            portfolio="Đảng - đoàn thể",
        ),
    ]
    return workbook(
        province,
        year,
        canbo=cadres,
        khoahoc=[
            course_row(year),
            course_row(
                year,
                course_code="KH02",
                course_name="Tập huấn tin học",
                course_kind="Tập huấn",
                topic="Tin học",
                participant_count="12",
                budget_vnd="5.000.000",
            ),
        ],
        hocvien=[
            attendance_row(),
            attendance_row(national_id=FEMALE_1985),
            attendance_row(course_code="KH02", national_id=MALE_1975, certified=None),
        ],
        tieuchi=criteria_rows(year, commune) + criteria_rows(year, other, unmet=[6]),
        congnhan=[recognition_row(year, commune_code=commune)],
    )
