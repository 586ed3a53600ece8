"""Validate a whole submission: file rules, each sheet's model, cross-sheet rules, the cascade.

Returns every problem located at sheet / Excel row / header as written / raw value, the rows
that may load, and the outcome of contract §4 (rejected, accepted, accepted with errors). Its parts:
the file's layout told (schemas.layout_issues), codes filled from headings and checked against the names
beside them (schemas.names_and_headings), each problem's detail (schemas.issue_details); the issue record
and the issues table are schemas.issues.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
import pyarrow.compute as pc
from pandera.errors import SchemaErrorReason

from cadres.formula_errors import ERROR_TEXTS
from cadres.merges import MergedRange
from cadres.text import arrow_text, clean_columns, fold
from cadres.workbook import RawSheet, RawWorkbook
from schemas.context import ValidationContext, validation_context
from schemas.issue_details import with_row_details, with_value_details
from schemas.issues import errors_only, file_issue, header_of, issues_frame, with_rule_details
from schemas.layout_issues import (
    amount_units_mixed,
    marked_twice_issues,
    structure_issues,
    unanswered_unknown,
)
from schemas.names_and_headings import (
    commune_name_issues,
    criterion_name_issues,
    filled_from_headings,
    name_typed,
)
from schemas.parsing import YEAR_WORD, dates_month_first, parse_sheet
from schemas.reference_data import UnitList, unit_list_for_year
from schemas.rules import ERROR_CODES, REJECTING_CODES, RULES
from schemas.sheets import DATA_SHEETS, ROW_KEYS, SHEETS_BY_NAME, SheetSpec
from schemas.unit_facts import (
    communes_mostly_of,
    merged_into,
    province_names,
    province_of_most_rows,
)
from schemas.unit_names import province_code_of, province_named_as_another

Status = Literal["rejected", "accepted", "accepted_with_errors"]


# Whole-frame checks have no column of their own: the cell a person should look at.
RULE_COLUMNS = {
    "FILE.PROVINCE_INVALID": "province_code",
    "CANBO.ID.GENDER_DIGIT": "national_id",
    "CANBO.ID.CENTURY": "national_id",
    "CANBO.ID.BIRTH_YEAR": "national_id",
    "CANBO.GROUP.MISMATCH": "staff_group",
    "CANBO.APPOINTED.BEFORE_18": "appointed_on",
    "CANBO.SENDING_AGENCY.REQUIRED": "sending_agency",
    "KHOAHOC.DEGREE.REQUIRED": "degree_level",
    "KHOAHOC.DEGREE.UNEXPECTED": "degree_level",
    "KHOAHOC.DATES.ORDER": "ends_on",
    "KHOAHOC.DATES.OUTSIDE_YEAR": "starts_on",
    "KHOAHOC.PARTICIPANTS.TOO_FEW": "participant_count",
    "HOCVIEN.DUPLICATE": "national_id",
    "TIEUCHI.DUPLICATE": "criterion_no",
    "TIEUCHI.INCOMPLETE": "commune_code",
    "TIEUCHI.OTHER_SET": "criterion_no",
    "TIEUCHI.C18_STANDARD": "status",
}


@dataclass
class SubmissionInfo:
    """What ThongTin says about the submission."""

    province_code: str
    report_year: int
    prepared_by: str | None
    prepared_on: dt.date | None
    template_version: str
    ethnicity_code_list: str


@dataclass(frozen=True)
class SheetLayout:
    """Where a sheet's cells are in the province's file, to point back at them. `stored_headers`: the
    headers (keys, for ThongTin) typed in a legacy font, as the file holds them (field → text), since
    the reader repaired the text that problems quote. `merged`: the sheet's merged ranges (a problem in
    a cell one covers is shown on the range's top-left cell, the one Excel shows). `unread_columns`:
    Excel columns headed like a column read but not read (hidden copies), never the one pointed at.
    `first_column`: the leftmost column read (None where the reader was not told where the table
    starts, a CSV's), whichever of a two-row header's rows heads it."""

    written_name: str
    header_row: int | None
    field_rows: dict[str, int]
    stored_headers: dict[str, str] = field(default_factory=dict)
    merged: tuple[MergedRange, ...] = ()
    unread_columns: frozenset[int] = frozenset()
    first_column: int | None = None
    data_rows: int = 0
    """Rows read under the header (not blank, total, heading or footer rows)."""


def layout_of(book: RawWorkbook) -> dict[str, SheetLayout]:
    layout = {}
    for name, raw in book.sheets.items():
        header_rows = {raw.header_row, *raw.field_rows.values()}
        typed_as = {
            fix.repaired: fix.original
            for fix in book.legacy_repairs
            if fix.sheet == raw.written_name and fix.repaired is not None and fix.row in header_rows
        }
        stored = {name: typed_as[text] for name, text in raw.headers.items() if text in typed_as}
        unread = frozenset(column for _, column in raw.hidden_columns)
        first = min(raw.field_columns.values(), default=None)
        layout[name] = SheetLayout(
            raw.written_name, raw.header_row, dict(raw.field_rows), stored, raw.merged, unread, first, len(raw.frame)
        )
    return layout


@dataclass
class ValidationResult:
    status: Status
    issues: pd.DataFrame
    info: SubmissionInfo | None = None
    valid_rows: dict[str, pd.DataFrame] = field(default_factory=dict)
    quarantined: pd.DataFrame = field(default_factory=pd.DataFrame)
    layout: dict[str, SheetLayout] = field(default_factory=dict)
    rows_counted: int | None = None  # set by without_rows(): how many rows it left out
    rows_valid_rejected: int = 0  # rows passing every check in a file rejected whole (strict, province refused)
    sheets_all_held: tuple[str, ...] = ()  # data sheets with rows, every one held for an error

    @property
    def rows_loaded(self) -> int:
        """Rows that may load; 0 for a rejected file (its valid_rows are empty)."""
        if self.rows_counted is not None:
            return self.rows_counted
        return sum(len(frame) for frame in self.valid_rows.values())

    @property
    def errors(self) -> int:
        return int((self.issues["severity"] == "error").sum()) if len(self.issues) else 0

    @property
    def warnings(self) -> int:
        return int((self.issues["severity"] == "warning").sum()) if len(self.issues) else 0

    @property
    def rows_quarantined(self) -> int:
        return len(self.quarantined)

    def sheets_not_loaded(self) -> dict[str, str]:
        """The data sheets a file accepted loads no row of, as facts of its summary: those it gave no rows
        for (left out, or only their header), and those whose every row is held for an error. A file
        replaces the province-year's earlier one whole, so a resubmission of CanBo alone, or one whose
        every cadre is held, empties what was sent before there (contract §1), which the province should
        read in its report."""
        if self.status == "rejected":
            return {}
        absent = [name for name in DATA_SHEETS if name not in self.layout or not self.layout[name].data_rows]
        facts = {"sheets_absent": self._as_named(absent)} if absent else {}
        return facts | ({"sheets_all_held": self._as_named(self.sheets_all_held)} if self.sheets_all_held else {})

    def _as_named(self, sheets: Iterable[str]) -> str:
        """Standard sheets as the page names them: a tab the province named otherwise by both names, its
        own quoted ("'Danh sách cán bộ' (CanBo)": a tab's name may hold a comma, the list's separator)."""
        written = {name: sheet.written_name for name, sheet in self.layout.items()}
        return ", ".join(f"'{written[name]}' ({name})" if written.get(name, name) != name else name for name in sheets)

    def counts(self) -> dict[str, int]:
        """The outcome's counts as every report and artifact states them; rows that passed every check of
        a file rejected whole are counted apart (they did not load, but the province corrected nothing there)."""
        counts = {
            "rows_loaded": self.rows_loaded,
            "rows_quarantined": self.rows_quarantined,
            "errors": self.errors,
            "warnings": self.warnings,
        }
        return counts | ({"rows_valid_rejected": self.rows_valid_rejected} if self.rows_valid_rejected else {})

    def without_rows(self) -> ValidationResult:
        """The outcome, issues and layout without the rows that load (megabytes for a national file):
        what a report is written from, handed to another process. Its `rows_loaded` still counts them."""
        return replace(self, valid_rows={}, rows_counted=self.rows_loaded)


def _rule_of(check: str) -> str:
    if check == "not_nullable":
        return "CELL.REQUIRED"
    if check.startswith("isin("):
        return "CELL.CODE_UNKNOWN"
    if check in RULES:
        return check
    raise ValueError(f"pandera check {check!r} has no rule code")


class RuleCrashed(RuntimeError):
    """A rule raised instead of answering: the file cannot be judged, so it stays in the inbox and the
    run fails naming it, rather than the rule silently passing every row."""


def run_model(spec: SheetSpec, typed: pd.DataFrame, raw: RawSheet) -> pd.DataFrame:
    """Validate one typed sheet with its pandera model; failures become located issues."""
    try:
        spec.model.validate(typed, lazy=True)
        return issues_frame()
    except pa.errors.SchemaErrors as exc:
        _raise_crashed_rules(spec, exc)
        cases = exc.failure_cases
    cases = cases[cases["index"].notna()]
    checks = cases["check"].astype(str)
    rules = checks.map({check: _rule_of(check) for check in checks.unique()})
    fields = rules.map(RULE_COLUMNS).fillna(cases["column"])
    index = cases["index"].astype("int64")
    located = pd.DataFrame(
        {
            "rule": rules,
            "sheet": spec.name,
            "row": fields.map(raw.field_rows) if spec.key_value else index,
            "field": fields,
            "header": fields.map({name: header_of(spec, raw, name) for name in fields.unique()}),
            "value": _raw_values(raw.frame, fields, index),
        }
    )
    return issues_frame(located).drop_duplicates(["rule", "row", "field"])


def _raise_crashed_rules(spec: SheetSpec, exc: pa.errors.SchemaErrors) -> None:
    """pandera reports a check that raised as one failure without a row, which reads like no failure."""
    crashed = [e for e in exc.schema_errors if e.reason_code == SchemaErrorReason.CHECK_ERROR]
    if crashed:
        names = "; ".join(f"{e.check.error or e.check.name}: {e.failure_cases}" for e in crashed)
        raise RuleCrashed(f"sheet {spec.name}: rule raised an exception ({names})")


def _raw_values(frame: pd.DataFrame, fields: pd.Series, index: pd.Series) -> pd.Series:
    """The cell each failure points at, as the province wrote it: looked up per field, not per failure."""
    values = np.full(len(fields), None, dtype=object)
    names, rows = fields.to_numpy(dtype=object), index.to_numpy()
    for name in fields.dropna().unique():
        if name in frame:
            where = names == name
            values[where] = frame[name].reindex(rows[where]).to_numpy(dtype=object, na_value=None)
    return pd.Series(values, index=fields.index, dtype="string[pyarrow]")


def _dates_month_first(book: RawWorkbook) -> bool:
    """Whether the file writes its dates month first, judged on every date cell of every sheet at once
    (`dates_month_first`): a sheet's columns, and its sheets, are read one way."""
    return dates_month_first([raw.frame[name] for raw in book.sheets.values() for name in _month_first_fields(raw)])


def _month_first_fields(raw: RawSheet, month_first: bool = True) -> frozenset[str]:
    """A sheet's date fields written as text in the file's order (not those joined from day | month |
    year columns, day first by construction): none unless the file writes its dates month first."""
    if not month_first:
        return frozenset()
    spec = SHEETS_BY_NAME[raw.name]
    return frozenset(n for n in raw.frame.columns if spec.kind(n) == "date") - raw.joined_dates


def _submission_info(
    raw: RawSheet, folder_province: str | None, month_first: bool = False
) -> tuple[SubmissionInfo | None, pd.DataFrame]:
    spec = SHEETS_BY_NAME["ThongTin"]
    shown_errors = {  # a lookup showing #N/A in 'Người lập' is no one's name (one row: looked at cell by cell)
        name: [row for row, cell in raw.frame[name].items() if isinstance(cell, str) and cell.strip() in ERROR_TEXTS]
        for name in raw.frame.columns
    }
    values = raw.frame  # 'Năm 2024' names its year: the word before it is no part of the number
    if "report_year" in values:
        values = values.assign(report_year=values["report_year"].str.replace(YEAR_WORD, "", regex=True))
    dates = _month_first_fields(raw, month_first)
    typed, parse_issues = parse_sheet(
        values, spec, raw.headers, formula_errors=shown_errors, month_first=dates, uncalculated=raw.uncalculated
    )
    typed = typed.assign(prepared_by=typed["prepared_by"].mask(_signature_text(typed["prepared_by"])))
    # The sheet's one row of values is row 0 of its frame: each value sits on its own row of the sheet.
    parse_issues = parse_issues.assign(row=parse_issues["field"].map(raw.field_rows).astype("Int64"))
    row = typed.iloc[0]
    province = row["province_code"]
    found = [
        parse_issues,
        _province_told(run_model(spec, typed, raw), row),
        _province_name_issues(raw, row),
        _info_conflicts(raw),
    ]
    # a province given by its name, not a code, is told its code (PROVINCE_INVALID), not to change folder
    if folder_province and pd.notna(province) and province != folder_province and re.fullmatch(r"\d{2}", province):
        found.append(
            issues_frame(
                [
                    file_issue(
                        "FILE.PROVINCE_MISMATCH",
                        "ThongTin",
                        header_of(spec, raw, "province_code"),
                        province,
                        "province_code",
                        raw.field_rows.get("province_code"),
                    )
                ]
            )
        )
    issues = pd.concat(found, ignore_index=True)
    if pd.isna(province) or pd.isna(row["report_year"]):
        return None, issues
    info = SubmissionInfo(
        province_code=str(province),
        report_year=int(row["report_year"]),
        prepared_by=None if pd.isna(row["prepared_by"]) else str(row["prepared_by"]),
        prepared_on=None if pd.isna(row["prepared_on"]) else row["prepared_on"].date(),
        template_version="1" if pd.isna(row["template_version"]) else str(row["template_version"]),
        # Blank means the default list; an unreadable name is reported and then no bare code is trusted.
        ethnicity_code_list="2008" if pd.isna(row["ethnicity_code_list"]) else str(row["ethnicity_code_list"]),
    )
    return info, issues


def _info_conflicts(raw: RawSheet) -> pd.DataFrame:
    """The province or the year given again with another value: which submission the file is cannot be
    told (the first was read, and a year taken wrongly would replace another year's report)."""
    spec = SHEETS_BY_NAME["ThongTin"]
    return issues_frame(
        [
            file_issue(
                "FILE.INFO_CONFLICT",
                "ThongTin",
                header_of(spec, raw, name),
                f"{raw.frame.at[0, name]} | {value}",
                name,
                row,
            )
            for name, others in raw.other_values.items()
            for row, value in others
        ]
    )


def _commune_codes(typed: dict[str, pd.DataFrame]) -> dict[str, pd.Series]:
    """Each typed sheet's commune codes, for the sheets that have them."""
    return {name: frame["commune_code"] for name, frame in typed.items() if "commune_code" in frame}


PROVINCE_REFUSALS = frozenset({"FILE.PROVINCE_MISMATCH", "FILE.PROVINCE_NAME_MISMATCH", "FILE.PROVINCE_INVALID"})
"""ThongTin's province refused, and nothing else: the file is rejected, but its rows are still checked, so
that the province fixes them in the same resubmission instead of learning of them after it."""


def _province_the_rows_are_about(
    typed: dict[str, pd.DataFrame], candidates: tuple[str | None, ...], unit_list: UnitList
) -> str | None:
    """Which province a file refused for its ThongTin province has its rows checked against: the one most
    of its rows' communes lie in (a file in the wrong folder, a mistyped code, a province named: the rows
    are not all told they are another province's), else the first of `candidates` (the folder's, then
    ThongTin's) the year's list has; else None (no row is checked)."""
    codes = _commune_codes(typed)
    if most := province_of_most_rows(codes, unit_list):
        return most
    listed = province_names(unit_list)
    return next((code for code in candidates if code in listed), None)


def _told_rows_were_checked(issues: pd.DataFrame, ctx: ValidationContext) -> pd.DataFrame:
    """A province refusal says the rows were checked all the same, and against which province's communes:
    the province fixes them in the same resubmission (the detail, as the rule's fix text cannot know)."""
    said = (
        f"các dòng dữ liệu vẫn được kiểm tra, theo danh mục xã của {province_names(ctx.unit_list)[ctx.province_code]}"
        f" (mã {ctx.province_code}): sửa cả các lỗi dòng rồi gửi lại một lần"
    )
    refusal = issues["rule"].isin(list(PROVINCE_REFUSALS))
    before = issues.loc[refusal, "detail"]
    told = (before + "; " + said).fillna(said[0].upper() + said[1:])  # after the refusal's own detail, if any
    return issues.assign(detail=issues["detail"].mask(refusal, told))


def _prepared_after_receipt(raw: RawSheet, info: SubmissionInfo, received_on: dt.date | None) -> dict | None:
    """'Ngày lập' after the day the file arrived (a warning, as for the data's dates): a report cannot
    be drawn up after it was sent, and such a day is most often the wrong year or month typed."""
    if received_on is None or info.prepared_on is None or info.prepared_on <= received_on:
        return None
    spec = SHEETS_BY_NAME["ThongTin"]
    cell = raw.frame["prepared_on"].iloc[0] if "prepared_on" in raw.frame else info.prepared_on
    return file_issue(
        "CELL.DATE_AFTER_RECEIPT",
        "ThongTin",
        header_of(spec, raw, "prepared_on"),
        str(cell),
        "prepared_on",
        raw.field_rows.get("prepared_on"),
        f"Ngày nhận tệp: {received_on:%d/%m/%Y}",
    )


_SIGNATURE_TEXT = re.compile(
    r"^(?:\(.*\)|(?:thu truong|lanh dao)(?: don vi| co quan)?|ke toan(?: truong)?|nguoi (?:duyet|kiem tra|ky)"
    r"|giam doc|chu tich|ky ghi ro ho ten|ky ten dong dau)$"
)
"""What a signature block holds beside 'Người lập biểu' instead of a name: the instruction '(Ký, ghi rõ họ
tên)' or the next signatory's title ('THỦ TRƯỞNG ĐƠN VỊ'), folded."""


def _signature_text(values: pd.Series) -> pd.Series:
    """Whether a 'Người lập' value is a signature block's text, not a person: it loaded as the preparer
    and the missing name was never told (it is now THONGTIN.REQUIRED)."""
    return values.map(lambda value: isinstance(value, str) and bool(_SIGNATURE_TEXT.match(_fold_kept(value))))


def _fold_kept(value: str) -> str:
    """Folded, brackets kept: '(Ký, ghi rõ họ tên)' is an instruction because of them."""
    inner = fold(value)
    return f"({inner})" if value.strip().startswith("(") and value.strip().endswith(")") else inner


def _province_told(issues: pd.DataFrame, given: pd.Series) -> pd.DataFrame:
    """An invalid province told what to write: a province named instead of coded ('Tuyên Quang') its code;
    a legacy province's code in a 2025 or later file the province it is part of since the reform, whose
    code it sends as (it may have kept its name, not its code)."""
    invalid = (issues["rule"] == "FILE.PROVINCE_INVALID").to_numpy(bool)
    if not invalid.any() or pd.isna(given["province_code"]) or pd.isna(given["report_year"]):
        return issues
    unit_list, written = unit_list_for_year(int(given["report_year"])), str(given["province_code"])
    named = province_code_of(written, unit_list)
    successor = merged_into(written) if named is None and unit_list == "2025" else None
    if named is not None:  # 'Tuyên Quang' for '08'
        said = f"{province_names(unit_list)[named]} mang mã {named}: ghi Mã tỉnh {named}"
    elif successor is not None:
        code, sentence = successor
        said = f"{sentence}: ghi Mã tỉnh {code} và gửi tệp vào thư mục {code}"
    else:
        return issues
    return issues.assign(detail=issues["detail"].mask(invalid, said))


def _province_name_issues(raw: RawSheet, given: pd.Series) -> pd.DataFrame:
    """'24 - Quảng Ninh' in a 2024 file, where 24 is Bắc Giang (see schemas/unit_names.py). `given`: ThongTin's
    typed values."""
    if "province_code" not in raw.frame or pd.isna(given["province_code"]) or pd.isna(given["report_year"]):
        return issues_frame()
    cell = raw.frame["province_code"].iloc[0]
    unit_list = unit_list_for_year(int(given["report_year"]))
    said = None if pd.isna(cell) else province_named_as_another(str(cell), str(given["province_code"]), unit_list)
    if said is None:
        return issues_frame()
    spec = SHEETS_BY_NAME["ThongTin"]
    header, row = header_of(spec, raw, "province_code"), raw.field_rows.get("province_code")
    return issues_frame(
        [file_issue("FILE.PROVINCE_NAME_MISMATCH", "ThongTin", header, str(cell), "province_code", row, said)]
    )


def _other_provinces_data(thongtin: RawSheet, typed: dict[str, pd.DataFrame], ctx: ValidationContext) -> list[dict]:
    """A file whose communes lie mostly in another province is rejected, pointing at the province it
    names: loaded, it replaced that province's year with rows held back as another province's (a
    province never loads data for another, contract §1)."""
    codes = _commune_codes(typed)
    said = communes_mostly_of(codes, ctx.province_code, ctx.unit_list)
    if said is None:
        return []
    header = header_of(SHEETS_BY_NAME["ThongTin"], thongtin, "province_code")
    row = thongtin.field_rows.get("province_code")
    return [
        file_issue("FILE.COMMUNES_OF_OTHER_PROVINCE", "ThongTin", header, ctx.province_code, "province_code", row, said)
    ]


def _distinct(values: pd.Series) -> frozenset[str]:
    """A text column's distinct non-null values, found in Arrow: iterating the pandas column makes a
    Python object per cell (1.6 ms for a national file's 3,500 IDs, against 0.2 ms)."""
    return frozenset(pc.unique(pa_arrow.array(values, from_pandas=True)).drop_null().to_pylist())


def _cross_sheet_facts(ctx: ValidationContext, typed: dict[str, pd.DataFrame]) -> None:
    """What each sheet's rules need to know about the others."""
    if "KhoaHoc" in typed:
        ctx.course_codes = _distinct(typed["KhoaHoc"]["course_code"])
    if "CanBo" in typed:
        cadres = typed["CanBo"]
        ctx.national_ids = _distinct(cadres["national_id"])
        # Indicator 18.1 is about cán bộ and công chức: part-time staff (không chuyên trách) are neither.
        counted = ~cadres["staff_group"].eq("Không chuyên trách").fillna(False)
        substandard = cadres["meets_standard"].eq(False).fillna(False) & counted
        ctx.substandard_cadres = cadres.loc[substandard, "commune_code"]
        ctx.communes_with_substandard_cadres = _distinct(ctx.substandard_cadres)
    if "HocVien" in typed:
        ctx.attendance_per_course = typed["HocVien"]["course_code"].value_counts().to_dict()
    if "TieuChi" in typed:
        criteria = typed["TieuChi"]
        # a blank status (an error on its own row) is not met either: compared with NA it would be unknown
        met = criteria["status"].eq("Đạt").fillna(False).to_numpy(bool)
        ctx.communes_not_all_met = _distinct(criteria.loc[~met, "commune_code"])
        ctx.criteria_not_met = criteria.loc[~met, ["commune_code", "criterion_no", "status"]]
        ctx.communes_assessed = _distinct(criteria["commune_code"])
        ctx.criteria_listed = criteria[["commune_code", "criterion_no"]]


def _cascade(typed: dict[str, pd.DataFrame], raw: dict[str, RawSheet], bad_rows: dict[str, set[int]]) -> list[dict]:
    """Attendance of a cadre or course that is held back is held back too."""
    if "HocVien" not in typed:
        return []
    attendance = typed["HocVien"]
    bad_ids = _held_keys(typed, bad_rows, "CanBo", "national_id")
    bad_courses = _held_keys(typed, bad_rows, "KhoaHoc", "course_code")
    own_errors = attendance.index.isin(list(bad_rows.get("HocVien", set())))
    spec = SHEETS_BY_NAME["HocVien"]
    # Located at what the row depends on: the cadre's ID, the course's code, or both (each its own cell);
    # the detail names the held row it depends on, for the province to find the error to fix.
    causes = (("national_id", "CanBo", bad_ids), ("course_code", "KhoaHoc", bad_courses))
    found = []
    for field_name, sheet, bad in causes:
        rows = attendance.index[attendance[field_name].isin(list(bad)).to_numpy(bool) & ~own_errors]
        if not len(rows):
            continue
        header = header_of(spec, raw["HocVien"], field_name)
        cells = raw["HocVien"].frame[field_name].reindex(rows).to_numpy(dtype=object, na_value=None)
        held_at = attendance[field_name].reindex(rows).map({key: f"{sheet} dòng {row}" for key, row in bad.items()})
        found += [
            file_issue("HOCVIEN.DEPENDS_ON_INVALID", "HocVien", header, cell, field_name, int(row), detail)
            for row, cell, detail in zip(rows, cells, held_at.to_numpy(dtype=object), strict=True)
        ]
    return found


def _held_keys(typed: dict[str, pd.DataFrame], bad_rows: dict[str, set[int]], sheet: str, key: str) -> dict[str, int]:
    """Each key (ID, course code) of a sheet's held rows → its first held Excel row."""
    if sheet not in typed:
        return {}
    held = typed[sheet].loc[sorted(bad_rows.get(sheet, set())), key].dropna()
    return {value: int(row) for row, value in reversed(list(held.items()))}


def _only_the_repeat_named(issues: pd.DataFrame, left_out: dict[str, set[int]]) -> pd.DataFrame:
    """A row left out as a repeat carries only FILE.ROW_REPEATED: what its cells break, its first row's
    cells break and are reported at; the repeat shares that row's fate (loaded or held) and is neither
    held nor counted on its own (cell checks that read every row found it again)."""
    if not left_out:
        return issues
    repeat = np.zeros(len(issues), dtype=bool)
    for sheet, rows in left_out.items():
        repeat |= (issues["sheet"] == sheet).fillna(False).to_numpy(bool) & issues["row"].isin(list(rows)).fillna(
            False
        ).to_numpy(bool)
    return issues.loc[~repeat | (issues["rule"] == "FILE.ROW_REPEATED").to_numpy(bool)].reset_index(drop=True)


def _without_repeats(
    typed: pd.DataFrame, sheet: RawSheet, keys: list[str]
) -> tuple[pd.DataFrame, list[tuple[int, int]]]:
    """The typed rows without the repeats of an earlier row (every cell the same once read: a row pasted
    twice, or the same fact written two ways, '1' and 'TC01', 'Đạt' and 'Đ'), and each repeat with the
    row it repeats (Excel rows). A repeat held both rows back as duplicates, and the cadre lost the
    attendance; rows sharing a key but differing in any cell are still duplicates, for the province to
    settle. Only rows whose key repeats are compared whole: the standard's cells as read where they
    read, as typed (trimmed, normalised) where they do not, the columns not of the standard as typed,
    and a code a name may follow ('02245 - Xã Trung Môn', checked against the code) as typed too."""
    same_key = typed.duplicated(keys, keep=False).to_numpy(bool)
    if not same_key.any():
        return typed, []
    rows = sheet.whole_rows(same_key)  # the columns not of the standard too, cleaned as every value is
    candidates = pd.DataFrame(clean_columns(rows), index=rows.index).astype(object)
    read = typed.loc[same_key]
    fields = SHEETS_BY_NAME[sheet.name].fields
    for column in read.columns.intersection(candidates.columns):
        as_read = read[column].astype(object)
        if (fields[column].metadata or {}).get("named_by"):  # '02245 - Xã Trung Môn' tells what '02245' does not
            as_read = pd.Series(list(zip(as_read, candidates[column].map(name_typed), strict=True)), index=read.index)
        candidates[column] = as_read.where(read[column].notna(), candidates[column])
    candidates = candidates.fillna("")
    group = candidates.groupby(list(candidates.columns), sort=False).ngroup().to_numpy()
    firsts: dict[int, int] = {}
    repeated = []
    for row, key in zip(candidates.index.tolist(), group.tolist(), strict=True):
        if key in firsts:
            repeated.append((row, firsts[key]))
        else:
            firsts[key] = row
    return typed.drop(index=[row for row, _ in repeated]), repeated


QUARANTINE_COLUMNS = ["sheet", "row", "rule_codes", "raw_values", "national_id"]


def _quarantine(raw: dict[str, RawSheet], errors: pd.DataFrame, typed: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per held-back sheet row: its rule codes and every raw value it carried (taken per
    sheet in one step: a file with hundreds of held rows must not pay per row). The national ID is
    kept apart from the raw values (`national_id`: as read, zeros restored, else as written), so that
    staging stores only its keyed hash: the warehouse never holds the ID (contract §3)."""
    located = errors[errors["sheet"].isin(list(DATA_SHEETS)) & errors["row"].notna()]
    if located.empty:
        return pd.DataFrame(columns=QUARANTINE_COLUMNS)
    parts = []
    for sheet, rows, codes in _rule_codes_per_row(located):
        held = raw[sheet].frame.loc[rows]
        ids = _held_ids(held, typed.get(sheet), rows)
        held = held.drop(columns=["national_id"], errors="ignore")
        headers = [raw[sheet].headers.get(k, k) for k in held.columns]
        # Through Arrow in one step: iterating rows of Arrow-backed text made a pandas scalar per cell.
        # Two columns under one header keep the later one's value, as a dict built cell by cell did.
        cells = [arrow_text(held[name]) for name in held.columns]
        values = pa_arrow.Table.from_arrays(cells, names=headers).to_pylist() if cells else [{} for _ in rows]
        parts.append(
            pd.DataFrame({"sheet": sheet, "row": rows, "rule_codes": codes, "raw_values": values, "national_id": ids})
        )
    return pd.concat(parts, ignore_index=True)


def _held_ids(held: pd.DataFrame, typed: pd.DataFrame | None, rows: list[int]) -> list[str | None]:
    """Each held row's national ID: the typed one (a number cell's lost leading zeros restored, so its
    hash is the one the cadre's other rows and years carry), else the cell as written, else None."""
    if "national_id" not in held:
        return [None] * len(rows)
    written = held["national_id"].astype(object)
    if typed is not None and "national_id" in typed:
        read = typed["national_id"].reindex(rows).astype(object)
        written = read.where(read.notna(), written.to_numpy())
    return [None if pd.isna(value) else str(value) for value in written]


def _rule_codes_per_row(located: pd.DataFrame) -> list[tuple[str, list[int], list[str]]]:
    """Per sheet (in name order): its held rows in order and each row's distinct rule codes, sorted and
    comma-joined. One pass over sorted, de-duplicated triples: a pandas group per row made a Series
    each (hundreds per national file, about a twentieth of its validation)."""
    triples = located[["sheet", "row", "rule"]].astype({"row": "int64"}).drop_duplicates()
    triples = triples.sort_values(["sheet", "row", "rule"], kind="stable")
    per_sheet: dict[str, dict[int, list[str]]] = {}
    for sheet, row, rule in zip(triples["sheet"], triples["row"].tolist(), triples["rule"], strict=True):
        per_sheet.setdefault(sheet, {}).setdefault(row, []).append(rule)
    return [(sheet, list(rows), [",".join(rules) for rules in rows.values()]) for sheet, rows in per_sheet.items()]


def validate_workbook(
    book: RawWorkbook, folder_province: str | None = None, strict: bool = False, received_on: dt.date | None = None
) -> ValidationResult:
    """Apply every rule of the standard to a read workbook; with `received_on` (the day the file arrived,
    Vietnam time), dates after it are told too."""
    issues = [issues_frame(structure_issues(book))]
    month_first = _dates_month_first(book)
    if month_first:
        issues.append(issues_frame([file_issue("FILE.DATES_MONTH_FIRST")]))
    info = None
    if "ThongTin" in book.sheets:
        info, thongtin_issues = _submission_info(book.sheets["ThongTin"], folder_province, month_first)
        issues.append(thongtin_issues)
    all_issues = pd.concat(issues, ignore_index=True)
    refused = set(all_issues["rule"]) & REJECTING_CODES  # 'required' rules never reject
    if info is None or not refused <= PROVINCE_REFUSALS:
        return ValidationResult("rejected", with_rule_details(_drop_shadowed(all_issues)), info, layout=layout_of(book))

    ctx = ValidationContext(
        report_year=info.report_year,
        province_code=info.province_code,
        ethnicity_code_list=info.ethnicity_code_list,
        received_on=received_on,
    )
    if later := _prepared_after_receipt(book.sheets["ThongTin"], info, received_on):
        issues.append(issues_frame([later]))
    raw = {n: book.sheets[n] for n in DATA_SHEETS if n in book.sheets}
    typed: dict[str, pd.DataFrame] = {}
    left_out: dict[str, set[int]] = {}  # rows repeating an earlier one, left out of the checks
    for name, sheet in raw.items():
        typed[name], parse_issues = parse_sheet(
            sheet.frame,
            SHEETS_BY_NAME[name],
            sheet.headers,
            ctx.ethnicity_code_list,
            sheet.formula_errors,
            sheet.text_cells,
            {f: sheet.amount_unit(f) for f in sheet.headers},
            _month_first_fields(sheet, month_first),
            sheet.sources,
            sheet.uncalculated,
            ctx.report_year,
        )
        issues.append(parse_issues)
        typed[name], from_headings = filled_from_headings(
            typed[name], sheet, ctx, typed.get("KhoaHoc"), communes=not refused
        )
        if told := [
            *amount_units_mixed(sheet, typed[name]),
            *marked_twice_issues(sheet),
            *from_headings,
        ]:  # seldom: no empty frames
            issues.append(issues_frame(told))
        typed[name] = unanswered_unknown(typed[name], sheet)
        typed[name], repeated = _without_repeats(typed[name], sheet, ROW_KEYS[name])
        if repeated:
            repeats = [file_issue("FILE.ROW_REPEATED", name, value=f"dòng {first}", row=row) for row, first in repeated]
            issues.append(issues_frame(repeats))
            left_out[name] = {row for row, _ in repeated}
    other = _other_provinces_data(book.sheets["ThongTin"], typed, ctx)  # judged against ThongTin's code
    if refused:
        checked_against = _province_the_rows_are_about(typed, (folder_province, info.province_code), ctx.unit_list)
        if checked_against is None:
            # ThongTin's problems alone, as before the rows were read: some rows' problems would look like all
            return ValidationResult(
                "rejected", with_rule_details(_drop_shadowed(all_issues)), info, layout=layout_of(book)
            )
        ctx.province_code = checked_against
        # rows of the folder's province or of ThongTin's are what the refusal says; a third's, told apart
        other = other if checked_against not in (folder_province, info.province_code) else []
    if names := commune_name_issues(raw, ctx):
        issues.append(issues_frame(names))
    if criteria := criterion_name_issues(raw, ctx):
        issues.append(issues_frame(criteria))
    if other:
        issues.append(issues_frame(other))
    _cross_sheet_facts(ctx, typed)
    with validation_context(ctx):
        for name, frame in typed.items():
            found = run_model(SHEETS_BY_NAME[name], frame, raw[name])
            # A cell that could not be parsed is reported once, not again as "required".
            issues.append(found)
    all_issues = _only_the_repeat_named(_drop_shadowed(pd.concat(issues, ignore_index=True)), left_out)
    if refused:
        all_issues = _told_rows_were_checked(all_issues, ctx)
    all_issues = with_row_details(all_issues, typed, ctx)
    errors = errors_only(all_issues)
    bad_rows = {s: set(errors.loc[errors["sheet"] == s, "row"].dropna().astype(int)) for s in raw}
    cascade = issues_frame(_cascade(typed, raw, bad_rows))
    all_issues = pd.concat([all_issues, cascade], ignore_index=True)
    errors = errors_only(all_issues)
    quarantined = _quarantine(raw, errors, typed)
    held = {s: set(quarantined.loc[quarantined["sheet"] == s, "row"]) for s in raw}
    valid = {name: frame.loc[~frame.index.isin(list(held[name]))] for name, frame in typed.items()}

    status: Status = "accepted_with_errors" if len(errors) else "accepted"
    if all_issues["rule"].isin(list(REJECTING_CODES)).any():  # found in the data sheets (another province's)
        status = "rejected"
    elif strict and len(errors):
        status = "rejected"
        # first: the page lists errors in the order found, and this one says why nothing loaded
        all_issues = pd.concat([issues_frame([file_issue("FILE.STRICT_REJECTED")]), all_issues], ignore_index=True)
    elif len(errors) and not any(len(frame) for frame in valid.values()):
        # Every row held: loaded, the file would replace the province-year with nothing (as the blank
        # template would, FILE.NO_DATA_ROWS); the version in force stays, the province is told every row's problem.
        status = "rejected"
        held_in = "; ".join(f"{raw[name].written_name}: {len(rows)} dòng" for name, rows in held.items() if rows)
        all_issues = pd.concat(
            [issues_frame([file_issue("FILE.NO_VALID_ROWS", detail=held_in)]), all_issues], ignore_index=True
        )
    return ValidationResult(
        status,
        with_rule_details(with_value_details(all_issues, ctx)),
        info,
        valid if status != "rejected" else {},
        quarantined,
        layout_of(book),
        rows_valid_rejected=sum(len(frame) for frame in valid.values()) if status == "rejected" else 0,
        sheets_all_held=tuple(name for name, frame in typed.items() if len(frame) and valid[name].empty),
    )


PARSE_RULES = {
    "CELL.DATE_INVALID",
    "CELL.NUMBER_INVALID",
    "CELL.BOOL_INVALID",
    "CELL.FORMULA_ERROR",
    "CELL.FORMULA_UNCALCULATED",
    "CELL.TOO_LONG",
}


REQUIRED_RULES = {"CELL.REQUIRED", "THONGTIN.REQUIRED"}


_SHADOWED = (
    (frozenset(REQUIRED_RULES), PARSE_RULES),
    (frozenset({"CELL.DATE_AFTER_RECEIPT"}), ERROR_CODES),
    (frozenset({"FILE.YEAR_NO_REFERENCE"}), frozenset({"FILE.YEAR_INVALID"})),
    (frozenset({"KHOAHOC.PARTICIPANTS.TOO_FEW"}), frozenset({"KHOAHOC.NUMBER.NEGATIVE"})),
    (frozenset({"KHOAHOC.BUDGET.SMALL"}), frozenset({"CELL.AMOUNT_UNIT_MIXED"})),
    (frozenset({"CELL.BOOL_INVALID", "CELL.CODE_UNKNOWN", *REQUIRED_RULES}), frozenset({"CELL.MARKED_TWICE"})),
)
"""Rules not told on a cell that another rule already faults: 'required' beside 'unreadable'; a date
after the file's arrival beside an error of that date (outside the window, after the report date); a
year with no criteria set yet ('resend once the centre has added it') beside a year in the future ('fix
the year'), which contradict each other; a negative participant count is that one problem, with
attendance listed or not; a budget too small for đồng in a column mixing units is that problem; a pair
marked twice ('x | x' under 'Nam' | 'Nữ') is that, not an unknown gender or an unreadable yes/no."""


def _drop_shadowed(issues: pd.DataFrame) -> pd.DataFrame:
    """One problem, one message: drop what a cell's graver problem already says (_SHADOWED)."""
    for quiet, louder in _SHADOWED:
        may_go = issues["rule"].isin(list(quiet)).to_numpy(bool)
        if not may_go.any():
            continue
        cells = issues[issues["rule"].isin(list(louder - quiet))][["sheet", "row", "field"]].drop_duplicates()
        keyed = issues.merge(cells.assign(_faulted=True), on=["sheet", "row", "field"], how="left")
        shadowed = keyed["_faulted"].eq(True).fillna(False).to_numpy(bool) & may_go
        issues = issues.loc[~shadowed].reset_index(drop=True)
    return issues


def rejected_unreadable(
    reason: str,
    rule: str = "FILE.UNREADABLE",
    sheet: str | None = None,
    row: int | None = None,
    header: str | None = None,
) -> ValidationResult:
    """The outcome for a file that cannot be opened at all; `rule` says why when the reader knows
    (FILE.PASSWORD_PROTECTED), and the sheet, row and column where it knows the cell at fault
    (FILE.SHEET_TOO_LARGE: the far cell to clear)."""
    issue = file_issue(rule, sheet=sheet, row=row, header=header, value=reason)
    return ValidationResult("rejected", with_rule_details(issues_frame([issue])))
