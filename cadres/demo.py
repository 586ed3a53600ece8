"""Demo province workbooks: realistic content with the mess real provincial files carry.

`generate_demo(out_dir)` writes a handful of workbooks (several provinces, legacy and 2025 units,
19- and 10-criterion years) as `out_dir/<province_code>/<file>.xlsx`, the way provinces drop them
in the inbox. `write_province_workbook` makes one workbook of any size, for tests and benchmarks.

Content (cadres/demo_content.py) follows contract.md: real commune codes of the year's unit list
and province, national IDs whose digits agree with gender and birth date (§3), posts of the year with
their group (§2.7), criteria of the year's set, recognitions decided inside the allowed window,
criterion 18 consistent with the cadres' `Đạt chuẩn`. With `messy=True` the layout varies the way provincial
files do: title rows, a numbering row, header variants, an STT column, text dates, `x`/blank
booleans, Vietnamese number text, a total row, an extra column, a blank row, Vietnamese sheet
names, abbreviations, one ID typed as a number. With `invalid_rows=True` a few clearly invalid
rows are planted; `planted_rules()` says which rules they break. Headers come from the pandera
models (schemas/sheets.py), so the demo cannot drift from the standard.

Output depends only on the `random.Random` passed in: the same seed gives byte-identical files
(document and zip timestamps are fixed).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from cadres.demo_content import (
    DEMO_SHAPE,
    Place,
    Row,
    Shape,
    build_content,
    place_of,
    plant_invalid_rows,
    planted_rules,
    without_diacritics,
)
from schemas.codelists import ethnic_groups
from schemas.sheets import DATA_SHEETS, SHEETS_BY_NAME

DEMO_WORKBOOKS: tuple[tuple[str, int], ...] = (("08", 2024), ("08", 2025), ("08", 2026), ("22", 2024), ("24", 2025))
"""(province code, reporting year) of the workbooks `generate_demo` writes."""

FIXED_TIMESTAMP = dt.datetime(2026, 1, 1)
EXTRA_COLUMN = "Ghi chú nội bộ"
BOLD = Font(bold=True)


# --------------------------------------------------------------------------- layout mess


@dataclass(frozen=True)
class Mess:
    """How untidy a workbook's layout and spelling are; the default is the tidy template."""

    title_rows: int = 0
    numbering_sheets: frozenset[str] = frozenset()
    headers: str = "standard"  # standard | alias | ascii | upper | lower
    stt_column: bool = False
    text_date_share: float = 0.0
    booleans: str = "co_khong"  # co_khong | x_blank | one_zero
    text_budget_share: float = 0.0
    total_row: bool = False
    extra_column: bool = False
    blank_row: bool = False
    vietnamese_sheet_names: bool = False
    abbreviation_share: float = 0.0
    ethnicity_codes: bool = False
    id_as_number: bool = False


TIDY = Mess()

DEMO_MESS: dict[tuple[str, int], Mess] = {
    ("08", 2024): Mess(
        title_rows=2,
        numbering_sheets=frozenset({"CanBo", "KhoaHoc"}),
        headers="alias",
        stt_column=True,
        text_date_share=0.5,
        booleans="x_blank",
        text_budget_share=0.5,
        total_row=True,
        extra_column=True,
        blank_row=True,
        abbreviation_share=0.3,
        id_as_number=True,
    ),
    ("08", 2025): Mess(
        title_rows=1,
        numbering_sheets=frozenset({"HocVien", "TieuChi"}),
        headers="ascii",
        text_date_share=0.2,
        booleans="co_khong",
        total_row=True,
        vietnamese_sheet_names=True,
        abbreviation_share=0.15,
    ),
    ("08", 2026): Mess(
        title_rows=3,
        headers="upper",
        stt_column=True,
        text_date_share=1.0,
        booleans="one_zero",
        text_budget_share=1.0,
        blank_row=True,
        abbreviation_share=0.1,
    ),
    ("22", 2024): Mess(
        title_rows=3,
        numbering_sheets=frozenset(DATA_SHEETS),
        headers="lower",
        stt_column=True,
        text_date_share=0.3,
        booleans="co_khong",
        total_row=True,
        extra_column=True,
        vietnamese_sheet_names=True,
        abbreviation_share=0.25,
        ethnicity_codes=True,
    ),
    ("24", 2025): Mess(
        title_rows=2,
        headers="alias",
        text_date_share=0.7,
        booleans="x_blank",
        text_budget_share=0.3,
        extra_column=True,
        blank_row=True,
        abbreviation_share=0.2,
    ),
}
"""The demo workbooks' mess, chosen so that together they show every kind; other workbooks draw theirs."""

VIETNAMESE_SHEET_NAMES = {
    "ThongTin": "Thông tin chung",
    "CanBo": "Danh sách cán bộ",
    "KhoaHoc": "Khóa học",
    "HocVien": "Học viên",
    "TieuChi": "Tiêu chí NTM",
    "CongNhan": "Công nhận",
}


def _random_mess(rng: random.Random) -> Mess:
    return Mess(
        title_rows=rng.randint(1, 3),
        numbering_sheets=frozenset(s for s in DATA_SHEETS if rng.random() < 0.4),
        headers=rng.choice(["alias", "ascii", "upper", "lower", "standard"]),
        stt_column=rng.random() < 0.6,
        text_date_share=rng.choice([0.0, 0.3, 0.5, 1.0]),
        booleans=rng.choice(["co_khong", "x_blank", "one_zero"]),
        text_budget_share=rng.choice([0.0, 0.5, 1.0]),
        total_row=rng.random() < 0.5,
        extra_column=rng.random() < 0.5,
        blank_row=rng.random() < 0.5,
        vietnamese_sheet_names=rng.random() < 0.4,
        abbreviation_share=rng.choice([0.1, 0.2, 0.3]),
        ethnicity_codes=rng.random() < 0.2,
        id_as_number=rng.random() < 0.3,
    )


# Spellings provinces use instead of the standard's (all accepted by the code lists).
VARIANTS: dict[str, dict[str, tuple[str, ...]]] = {
    "gender": {"Nữ": ("nu", "NỮ", "nữ"), "Nam": ("nam", "NAM")},
    "staff_group": {"Cán bộ": ("CB",), "Công chức": ("CC",), "Không chuyên trách": ("KCT", "HĐKCT")},
    "education": {
        "Đại học": ("ĐH", "Cử nhân", "Kỹ sư"),
        "Thạc sĩ": ("ThS", "Thạc sỹ"),
        "Trung cấp": ("TC",),
        "Cao đẳng": ("CĐ",),
        "Chưa qua đào tạo": ("Chưa đào tạo",),
    },
    "political_theory": {
        "Trung cấp": ("TC LLCT", "Trung cấp lý luận chính trị"),
        "Sơ cấp": ("SC LLCT",),
        "Cao cấp": ("Cao cấp lý luận chính trị - hành chính",),
        "Cử nhân": ("Cử nhân chính trị",),
    },
    "position": {
        "Phó Chủ tịch UBND": ("PCT UBND", "P.Chủ tịch UBND", "Phó CT UBND xã"),
        "Chủ tịch UBND": ("CT UBND", "Chủ tịch UBND xã"),
        "Bí thư Đảng ủy": ("BT ĐU", "Bí thư Đảng ủy xã"),
        "Phó Bí thư Đảng ủy": ("PBT ĐU",),
        "Chủ tịch HĐND": ("CT HĐND",),
        "Chủ tịch Ủy ban MTTQ": ("CT UBMTTQ",),
        "Chủ tịch Hội Liên hiệp Phụ nữ": ("CT Hội LHPN",),
        "Chủ tịch Hội Cựu chiến binh": ("CT Hội CCB",),
        "Văn phòng - thống kê": ("VP-TK",),
        "Tư pháp - hộ tịch": ("TP-HT", "Tư pháp hộ tịch"),
        "Tài chính - kế toán": ("TC-KT", "Kế toán"),
        "Địa chính - xây dựng - nông nghiệp - môi trường": ("ĐC-XD", "Địa chính"),
        "Văn hóa - xã hội": ("VH-XH",),
        "Người hoạt động không chuyên trách": ("Người HĐKCT",),
        "Chuyên viên": ("CV",),
        "Phó Trưởng phòng": ("P.Trưởng phòng", "Phó TP"),
    },
    "ethnicity": {"Mông": ("H'Mông", "Hmông"), "Sán Chay": ("Cao Lan",), "Kinh": ("Kinh (Việt)",)},
    "program": {"Dự án 600": ("DA 600",)},
    "portfolio": {"Văn hóa - xã hội": ("VH-XH",), "Đảng - đoàn thể": ("Đảng, đoàn thể",)},
    "topic": {"Quản lý nhà nước": ("QLNN",), "Tin học": ("CNTT",), "Chuyên môn nghiệp vụ": ("CMNV",)},
    "funding_program": {
        "Chương trình 135": ("CT 135",),
        "Nông thôn mới": ("MTQG xây dựng nông thôn mới",),
        "Ngân sách địa phương": ("NSĐP", "Ngân sách tỉnh"),
        "Giảm nghèo bền vững": ("GNBV",),
    },
    "degree_level": {"Đại học": ("ĐH",), "Trung cấp": ("TC",)},
    "outcome": {"Hoàn thành": ("HT",)},
    "status": {"Chưa đạt": ("Không đạt",), "Đạt": ("đạt",)},
    "level": {"NTM": ("Đạt chuẩn NTM",), "NTM nâng cao": ("Nông thôn mới nâng cao",)},
}


def _header(sheet: str, name: str, mess: Mess, rng: random.Random) -> str:
    meta = SHEETS_BY_NAME[sheet].fields[name].metadata or {}
    header: str = meta["header"]
    if mess.headers == "alias":
        aliases = meta.get("aliases", ())
        return rng.choice(aliases) if aliases and rng.random() < 0.6 else header
    if mess.headers == "ascii":
        return without_diacritics(header).upper()
    if mess.headers == "upper":
        return header.upper()
    if mess.headers == "lower":
        return header.lower()
    return header


class _Writer:
    """Renders canonical values the way the workbook's mess says."""

    def __init__(self, mess: Mess, rng: random.Random) -> None:
        self.mess, self.rng = mess, rng
        self.ethnic_codes = {g.name: g.code_2008 for g in ethnic_groups()}

    def put(self, cell: Cell, name: str, kind: str, value: Any, row: Row) -> None:
        mess, rng = self.mess, self.rng
        if kind == "bool":
            cell.value = self._bool(bool(value)) if value is not None else None
            return
        if value is None:
            return
        if kind == "date":
            if rng.random() < mess.text_date_share:
                cell.value = f"{value:%d/%m/%Y}" if rng.random() < 0.7 else f"{value.day}/{value.month}/{value.year}"
            else:
                cell.value, cell.number_format = value, "dd/mm/yyyy"
        elif kind == "id":
            if row.get("_id_as_number") and name == "national_id":
                cell.value, cell.number_format = int(value), "0"
            else:
                cell.value, cell.number_format = str(value), "@"
        elif kind == "int" and name == "budget_vnd" and rng.random() < mess.text_budget_share:
            cell.value = f"{int(value):,}".replace(",", ".")
        elif kind in {"code2", "code5"}:
            cell.value, cell.number_format = str(value), "@"
        elif name == "ethnicity" and mess.ethnicity_codes:
            cell.value, cell.number_format = self.ethnic_codes[value], "@"
        elif name == "course_code" and row.get("_sheet") == "HocVien" and rng.random() < mess.abbreviation_share:
            cell.value = value.lower() if rng.random() < 0.5 else value.replace("-", " - ")
        elif (
            isinstance(value, str)
            and name in VARIANTS
            and value in VARIANTS[name]
            and rng.random() < mess.abbreviation_share
        ):
            cell.value = rng.choice(VARIANTS[name][value])
        else:
            cell.value = value

    def _bool(self, value: bool) -> str | int | None:
        if self.mess.booleans == "x_blank":
            return "x" if value else None
        if self.mess.booleans == "one_zero":
            return int(value)
        return "Có" if value else "Không"


def _titles(sheet: str, place: Place, mess: Mess) -> list[str]:
    year = place.report_year
    body = {
        "ThongTin": "THÔNG TIN CHUNG VỀ BÁO CÁO",
        "CanBo": f"DANH SÁCH CÁN BỘ, CÔNG CHỨC CẤP XÃ NĂM {year}",
        "KhoaHoc": f"BÁO CÁO CÁC KHÓA ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ, CÔNG CHỨC CẤP XÃ NĂM {year}",
        "HocVien": f"DANH SÁCH HỌC VIÊN THAM GIA CÁC KHÓA HỌC NĂM {year}",
        "TieuChi": f"KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM {year}",
        "CongNhan": f"DANH SÁCH XÃ ĐƯỢC CÔNG NHẬN ĐẠT CHUẨN NÔNG THÔN MỚI NĂM {year}",
    }[sheet]
    office = "VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI" if sheet in {"TieuChi", "CongNhan"} else "SỞ NỘI VỤ"
    lines = {0: [], 1: [body], 2: [f"UBND {place.province_name.upper()}", body]}
    return lines.get(mess.title_rows, [f"UBND {place.province_name.upper()}", office, body])


def _write_table(ws: Worksheet, sheet: str, rows: list[Row], titles: list[str], writer: _Writer) -> None:
    mess, rng = writer.mess, writer.rng
    spec = SHEETS_BY_NAME[sheet]
    fields = list(spec.fields)
    r = 1
    for line in titles:
        ws.cell(r, 1, line).font = BOLD
        r += 1
    r += 1 if titles else 0
    lead = ["STT"] if mess.stt_column else []
    tail = [EXTRA_COLUMN] if mess.extra_column and sheet == "CanBo" else []
    headers = [*lead, *(_header(sheet, f, mess, rng) for f in fields), *tail]
    for c, text in enumerate(headers, 1):
        ws.cell(r, c, text).font = BOLD
    r += 1
    if sheet in mess.numbering_sheets:
        for c in range(1, len(headers) + 1):
            ws.cell(r, c, f"({c})")
        r += 1
    blank_at = len(rows) // 2 if mess.blank_row and sheet in {"CanBo", "HocVien"} else -1
    offset = len(lead) + 1
    for i, row in enumerate(rows):
        located = row | {"_sheet": sheet}
        if i == blank_at:
            r += 1
        if lead:
            ws.cell(r, 1, i + 1)
        for c, name in enumerate(fields, offset):
            kind = spec.kind(name)
            writer.put(ws.cell(r, c), name, kind, row.get(name), located)
        if tail:
            ws.cell(r, offset + len(fields), row.get("_note"))
        r += 1
    if mess.total_row and sheet == "KhoaHoc":
        ws.cell(r, offset + fields.index("course_name"), "Tổng cộng").font = BOLD
        ws.cell(r, offset + fields.index("participant_count"), sum(x["participant_count"] for x in rows)).font = BOLD
        ws.cell(r, offset + fields.index("budget_vnd"), int(sum(x["budget_vnd"] or 0 for x in rows))).font = BOLD


def _write_info(ws: Worksheet, info: list[tuple[str, Any]], titles: list[str], writer: _Writer) -> None:
    r = 1
    for line in titles:
        ws.cell(r, 1, line).font = BOLD
        r += 1
    r += 1 if titles else 0
    spec = SHEETS_BY_NAME["ThongTin"]
    for name, value in info:
        ws.cell(r, 1, _header("ThongTin", name, writer.mess, writer.rng)).font = BOLD
        kind = spec.kind(name)
        if kind == "int":
            ws.cell(r, 2, value)
        else:
            writer.put(
                ws.cell(r, 2), name, "date" if kind == "date" else "code2" if kind == "code2" else "text", value, {}
            )
        r += 1
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 40


def _save(wb: Workbook, path: Path) -> None:
    """Save with fixed document and zip timestamps, so the same content gives the same bytes."""
    wb.properties.creator = "cadres.demo"
    buffer = io.BytesIO()
    wb.save(buffer)  # stamps `modified` with the current time: core.xml is rewritten below
    wb.properties.created = wb.properties.modified = FIXED_TIMESTAMP
    core = tostring(wb.properties.to_tree())
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            fixed = zipfile.ZipInfo(item.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, item.external_attr
            dst.writestr(fixed, core if item.filename == "docProps/core.xml" else src.read(item.filename))


def write_province_workbook(
    path: Path,
    province_code: str,
    report_year: int,
    *,
    n_cadres: int,
    rng: random.Random,
    messy: bool = True,
    invalid_rows: bool = True,
    shape: Shape = DEMO_SHAPE,
) -> Path:
    """Write one province's workbook for a year; with `invalid_rows`, plant the rows of `planted_rules`
    (one each, or `shape.invalid_share` of the cadres spread over those rules)."""
    path = Path(path)
    if n_cadres < 1:
        raise ValueError("a workbook needs at least one cadre")
    place = place_of(province_code, report_year)
    mess = (DEMO_MESS.get((province_code, report_year)) or _random_mess(rng)) if messy else TIDY
    content = build_content(place, n_cadres, rng, shape)
    if invalid_rows:
        rules = len(planted_rules(province_code, report_year))
        plant_invalid_rows(content, place, rng, repeats=max(1, round(shape.invalid_share * n_cadres / rules)))
    if mess.id_as_number:
        regular = [c for c in content.sheets["CanBo"] if "_planted" not in c]
        rng.choice(regular)["_id_as_number"] = True

    writer = _Writer(mess, rng)
    wb = Workbook()
    ws = wb.active
    names = VIETNAMESE_SHEET_NAMES if mess.vietnamese_sheet_names else {s: s for s in VIETNAMESE_SHEET_NAMES}
    ws.title = names["ThongTin"]
    _write_info(ws, content.info, _titles("ThongTin", place, mess), writer)
    for sheet in DATA_SHEETS:
        _write_table(wb.create_sheet(names[sheet]), sheet, content.sheets[sheet], _titles(sheet, place, mess), writer)
    _save(wb, path)
    return path


def generate_demo(out_dir: Path, seed: int = 2026) -> list[Path]:
    """Write demo workbooks as out_dir/<province_code>/<file>.xlsx; return their paths."""
    rng = random.Random(seed)
    paths = []
    for province_code, year in DEMO_WORKBOOKS:
        path = Path(out_dir) / province_code / f"bao_cao_can_bo_xa_{province_code}_{year}.xlsx"
        paths.append(write_province_workbook(path, province_code, year, n_cadres=rng.randint(40, 120), rng=rng))
    return paths


if __name__ == "__main__":  # python -m cadres.demo <inbox folder> [seed]
    import sys

    for written in generate_demo(Path(sys.argv[1]), *(int(a) for a in sys.argv[2:3])):
        print(written)
