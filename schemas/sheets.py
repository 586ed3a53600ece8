"""One pandera model per submitted sheet (contract §2): fields, Vietnamese headers, rules.

Field names are ASCII; `metadata` carries the header as the standard writes it, the accepted
header variants, and how a cell is parsed (`kind`). Every check's `error=` is a code of the
rule catalogue (schemas/rules.py). Parsing happens before validation (schemas/parsing.py), so
the columns here are already typed and one bad cell never disables a column's checks.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
import pyarrow.compute as pc
from pandera import dtypes
from pandera.engines import pandas_engine
from pandera.typing import Series

from cadres.text import arrow_text, is_among
from schemas import codelists as cl
from schemas.context import current
from schemas.reference_data import (
    FIRST_REPORT_YEAR,
    last_year_with_criteria,
    legacy_province_codes,
    provinces,
    unit_list_for_year,
)


def _pandera_without_dask_types() -> None:
    """Let pandera build these models without importing Dask.

    The first model pandera builds asks which DataFrame types exist, and when Dask is installed (it is,
    for `validate-inbox` on a Dask cluster) that imports `dask.dataframe`: 0.4–0.6 s of CPU in every
    worker process, more than validating a national file. These models only ever validate pandas
    frames, also inside Dask tasks, so pandera's Dask typing is answered "not installed" once per
    process; `dask` itself stays importable for whoever needs it."""
    if "dask.dataframe" in sys.modules:  # already paid for: nothing to save
        return
    blocked = [name for name in ("dask", "dask.dataframe") if name not in sys.modules]
    sys.modules.update(dict.fromkeys(blocked))  # None in sys.modules: that import fails at once
    try:
        import pandera.typing.dask  # noqa: F401  (settles its DASK_INSTALLED for the process)
    finally:
        for name in blocked:
            del sys.modules[name]


_pandera_without_dask_types()


@dtypes.immutable(init=True)
class CellText(pandas_engine.STRING):
    """pandas' string dtype, checked as one yes/no per column.

    pandera's own string dtype answers its dtype check element by element, and pandera then builds
    and prints an (empty) failure table for every text column of every sheet, passing or not: about
    0.7 ms per column, a tenth of a national file's validation. Same rule, one answer."""

    def check(self, pandera_dtype: dtypes.DataType, data_container: pd.Series | None = None) -> bool:
        verdict = super().check(pandera_dtype, data_container)
        return verdict if isinstance(verdict, bool) else bool(np.all(verdict))


Text = Series[CellText]
Date = Series["datetime64[ns]"]
Int = Series[pd.Int64Dtype]
Bool = Series[pd.BooleanDtype]

ETHNIC_NAMES = frozenset(g.name for g in cl.ethnic_groups())
POSITION_NAMES = frozenset(cl.position_list().canonical)
ID_CARD_HEADERS = ("Số CMND/CCCD", "CMND/CCCD", "Số CCCD/CMND", "CCCD/CMND", "Số CMND", "CMND")
"""The national ID's column as forms headed it while the 9-digit CMND was still in use; the 12-digit
CCCD number is the personal ID, and a 9-digit CMND number in it is reported as not 12 digits."""
ID_HEADERS = (
    "Số CCCD",
    "CCCD",
    "Số căn cước",
    "Số căn cước công dân",
    "Căn cước công dân",
    "Số thẻ CCCD",
    "Số thẻ căn cước",
    "Mã định danh",
    "Mã số định danh cá nhân",
    "Số định danh",
    *ID_CARD_HEADERS,
)
"""The personal ID's column as forms head it (CanBo and HocVien alike)."""


PER_PERSON_BUDGET_HEADERS = (
    *(f"Kinh phí/{per}" for per in ("người", "học viên", "lượt", "1 người")),
    *(
        f"Kinh phí ({unit}/{per})"
        for unit in ("đồng", "nghìn đồng", "triệu đồng", "VNĐ")
        for per in ("người", "học viên", "lượt")
    ),
    "Kinh phí bình quân",
    "Kinh phí đầu người",
    "Kinh phí mỗi người",
    "Kinh phí một người",
    "Kinh phí 1 người",
    "Kinh phí cho 1 người",
)
"""Headers of a cost per participant ('Kinh phí (đồng/người)', 'Kinh phí bình quân'): no course's budget."""


COMMUNE_NAME_HEADERS = (
    "Tên xã",
    "Tên xã, phường",
    "Tên xã/phường",
    "Tên xã, phường, thị trấn",
    "Tên đơn vị hành chính",
    "Tên ĐVHC",
    "Xã, phường",
    "Xã/phường",
    "Xã, phường, thị trấn",
)
"""Headers of a column giving a commune's name beside its code: 2025's list reuses codes of the legacy
one for other communes, so a legacy name beside its code tells the code is last year's. Not 'Xã', 'Tên
đơn vị' nor 'Đơn vị hành chính', which head a hometown's part, an agency ('UBND xã …'), a unit's kind."""


def col(
    header: str,
    kind: str = "text",
    *,
    required: bool = False,
    aliases: tuple[str, ...] = (),
    codelist: cl.CodeList | None = None,
    amount: bool = False,
    labelled: bool = False,
    not_headers: tuple[str, ...] = (),
    named_by: tuple[str, ...] = (),
    sub_headers: tuple[str, ...] = (),
    **checks: Any,
) -> Any:
    """A field: its Vietnamese header, accepted variants, parse kind, and built-in checks. `amount`: a sum
    in đồng, whose header may state another unit ('Kinh phí (triệu đồng)') that its values are read in.
    `labelled`: a number a label may precede or a name follow ('TC1', 'Tiêu chí 1 - Quy hoạch').
    `not_headers`: headers starting with one of the field's that name something else ('Tiêu chí đạt', a
    count of the criteria met, is no criterion's number), nor does any header starting with them.
    `named_by`: headers of a column beside a code giving what it codes by name ('Tên xã'): not loaded,
    but checked against the code as a name typed in the code's own cell is. `sub_headers`: what names the
    field under its own header over sub-columns only ('Kết quả' over 'Điểm' | 'Xếp loại'): a 'Xếp loại'
    column alone beside a 'Kết quả bồi dưỡng' is another column."""
    if codelist is not None:
        checks["isin"] = list(codelist.canonical)
    return pa.Field(
        nullable=not required,
        coerce=False,
        **checks,
        metadata={
            "header": header,
            "aliases": aliases,
            "kind": kind,
            "codelist": codelist.name if codelist else None,
            "amount": amount,
            "labelled": labelled,
            "not_headers": not_headers,
            "named_by": named_by,
            "sub_headers": sub_headers,
        },
    )


@lru_cache(maxsize=64)
def _value_set(allowed: frozenset) -> pa_arrow.Array:
    return pa_arrow.array(sorted(allowed))


def member(values: pd.Series, allowed: frozenset) -> pd.Series:
    """`values.isin(allowed)` for a rule's value set (its Arrow form made once per set)."""
    return is_among(values, _value_set(allowed))


def _isin_rule(values: pd.Series, allowed: frozenset) -> pd.Series:
    return values.isna() | member(values, allowed)


def _commune_in_year(values: pd.Series) -> pd.Series:
    return _isin_rule(values, current().communes_of_year)


def _commune_in_province(values: pd.Series) -> pd.Series:
    ctx = current()
    outside_year = ~member(values, ctx.communes_of_year)
    return values.isna() | outside_year | member(values, ctx.communes_of_province)


ROW_KEYS = {
    "CanBo": ["national_id"],
    "KhoaHoc": ["course_code"],
    "HocVien": ["national_id", "course_code"],
    "TieuChi": ["commune_code", "criterion_no"],
    "CongNhan": ["commune_code"],
}
"""What makes a row of each data sheet unique (its DUPLICATE rule's columns)."""


def _unique(values: pd.Series) -> pd.Series:
    return values.isna() | ~values.duplicated(keep=False)


def _unique_rows(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    keys = frame[columns]
    return keys.isna().any(axis=1) | ~keys.duplicated(keep=False)


def _year_bounds() -> tuple[pd.Timestamp, pd.Timestamp]:
    year = current().report_year
    return pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)


class ThongTin(pa.DataFrameModel):
    """Submission info: one row built from the key/value pairs of sheet ThongTin."""

    province_code: Text = col(
        "Mã tỉnh", "code2", aliases=("Mã tỉnh/thành phố", "Mã tỉnh, thành phố", "Mã tỉnh/TP", "Mã tỉnh/thành")
    )
    report_year: Int = col("Năm báo cáo", "int", aliases=("Năm", "Kỳ báo cáo", "Báo cáo năm"))
    prepared_by: Text = col("Người lập", aliases=("Người lập biểu", "Người báo cáo"))
    prepared_on: Date = col("Ngày lập", "date", aliases=("Ngày lập biểu", "Ngày báo cáo"))
    contact: Text = col("Điện thoại / Email", aliases=("Điện thoại", "Email", "Liên hệ"))
    template_version: Text = col("Phiên bản mẫu", aliases=("Phiên bản",))
    ethnicity_code_list: Text = col("Danh mục dân tộc", "code", codelist=cl.ETHNICITY_CODE_LIST)

    @pa.check("province_code", error="FILE.PROVINCE_INVALID", ignore_na=False)
    def province_given(cls, values: pd.Series) -> pd.Series:
        return values.notna() & values.str.fullmatch(r"\d{2}").fillna(False)

    @pa.check("report_year", error="FILE.YEAR_INVALID", ignore_na=False)
    def year_in_range(cls, values: pd.Series) -> pd.Series:
        return (values.notna() & values.between(FIRST_REPORT_YEAR, dt.date.today().year)).fillna(False)

    @pa.check("report_year", error="FILE.YEAR_NO_REFERENCE")
    def year_has_criteria_set(cls, values: pd.Series) -> pd.Series:
        """A year past the last criteria set of the reference data (QĐ 51/2025 runs to 2030) is refused
        until a release adds its set: the TieuChi rules and the warehouse need the set in force."""
        return ~values.gt(last_year_with_criteria()).fillna(False)

    @pa.dataframe_check(error="FILE.PROVINCE_INVALID")
    def province_exists_in_year(cls, frame: pd.DataFrame) -> pd.Series:
        def known(row: pd.Series) -> bool:
            if pd.isna(row["province_code"]) or pd.isna(row["report_year"]):
                return True
            unit_list = unit_list_for_year(int(row["report_year"]))
            return row["province_code"] in set(provinces(unit_list)["province_code"])

        return frame.apply(known, axis=1).astype(bool)

    @pa.check("prepared_by", "prepared_on", error="THONGTIN.REQUIRED", ignore_na=False)
    def given(cls, values: pd.Series) -> pd.Series:
        return values.notna()


def ages_at(born: pd.Series, day: dt.date) -> pd.Series:
    """Completed years of age at `day` (NA where the birth date is): what the age rule judges and the
    warehouse's age band groups, computed once for both."""
    birthday_ahead = ((born.dt.month * 100 + born.dt.day) > (day.month * 100 + day.day)).astype("Int64")
    return (day.year - born.dt.year).astype("Int64") - birthday_ahead


class CanBo(pa.DataFrameModel):
    """Cadres working in communes at the reporting date: one row per person."""

    national_id: Text = col(
        "Số định danh cá nhân",
        "id",
        required=True,
        aliases=ID_HEADERS,
    )
    full_name: Text = col("Họ và tên", required=True, aliases=("Họ tên", "Họ và tên cán bộ"))
    birth_date: Date = col("Ngày sinh", "date", required=True, aliases=("Ngày tháng năm sinh", "Sinh ngày"))
    gender: Text = col("Giới tính", "code", required=True, codelist=cl.GENDER, aliases=("Giới", "Nam/Nữ"))
    ethnicity: Text = col("Dân tộc", "ethnicity", required=True)
    commune_code: Text = col(
        "Mã xã", "code5", required=True, aliases=("Mã đơn vị hành chính xã", "Mã ĐVHC"), named_by=COMMUNE_NAME_HEADERS
    )
    position: Text = col("Chức vụ", "position", required=True, aliases=("Chức danh", "Chức vụ, chức danh"))
    staff_group: Text = col(
        "Nhóm",
        "code",
        required=True,
        codelist=cl.STAFF_GROUP,
        aliases=("Nhóm cán bộ", "Phân loại", "Đối tượng", "Loại cán bộ"),
    )
    appointed_on: Date = col(
        "Ngày bổ nhiệm",
        "date",
        aliases=("Ngày bầu/bổ nhiệm", "Ngày giữ chức vụ"),
        not_headers=("Ngày bổ nhiệm ngạch", "Ngày bổ nhiệm vào ngạch"),  # a civil servant's grade, not the post
    )
    education: Text = col(
        "Trình độ chuyên môn",
        "code",
        required=True,
        codelist=cl.EDUCATION,
        # as cadre forms abbreviate it: CM(NV) = chuyên môn (nghiệp vụ), TĐ = trình độ
        aliases=(
            "Chuyên môn",
            "Trình độ CM",
            "Trình độ CMNV",
            "Trình độ chuyên môn nghiệp vụ",
            "TĐ CM",
            "TĐCM",
            "TĐ chuyên môn",
            "CMNV",
            "Trình độ đào tạo",
        ),
    )
    major: Text = col("Chuyên ngành", aliases=("Ngành",))
    political_theory: Text = col(
        "Lý luận chính trị",
        "code",
        required=True,
        codelist=cl.POLITICAL_THEORY,
        aliases=("Trình độ lý luận chính trị", "LLCT", "Trình độ LLCT", "TĐ LLCT", "Lý luận CT", "Trình độ lý luận"),
    )
    party_member: Bool = col("Đảng viên", "bool", required=True, aliases=("Là đảng viên",))
    program: Text = col(
        "Chương trình",
        "code",
        codelist=cl.PROGRAM,
        aliases=("Diện", "Chương trình/đề án"),
        # other 'diện' of a cadre's record: who manages them, the succession plan, a family's merit
        not_headers=("Diện quản lý", "Diện quy hoạch", "Diện chính sách", "Diện ưu tiên", "Diện đối tượng"),
    )
    sending_agency: Text = col("Cơ quan cử", aliases=("Đơn vị cử",))
    portfolio: Text = col(
        "Lĩnh vực phụ trách",
        "code",
        codelist=cl.PORTFOLIO,
        aliases=("Lĩnh vực",),
        not_headers=("Lĩnh vực đào tạo", "Lĩnh vực chuyên môn đào tạo"),  # the cadre's field of study
    )
    meets_standard: Bool = col("Đạt chuẩn", "bool", required=True, aliases=("Đạt chuẩn chức danh",))

    @pa.check("national_id", error="CANBO.ID.FORMAT")
    def id_is_12_digits(cls, values: pd.Series) -> pd.Series:
        """ASCII digits: full-width or Arabic-Indic ones ('００８…') passed as digits and loaded as another
        person than the same ID typed plainly."""
        return values.str.fullmatch(r"[0-9]{12}")

    @pa.check("national_id", error="CANBO.ID.PROVINCE")
    def id_birth_province(cls, values: pd.Series) -> pd.Series:
        digits = values.where(values.str.fullmatch(r"[0-9]{12}").fillna(False))
        legacy = ("0" + pd.Series(sorted(legacy_province_codes()))).tolist()
        born_abroad = digits.str[0] != "0"  # country codes (TT 07/2016 Phụ lục 2) are not listed
        return digits.isna() | born_abroad | digits.str[:3].isin(legacy)

    @pa.check("national_id", error="CANBO.ID.DUPLICATE")
    def id_unique(cls, values: pd.Series) -> pd.Series:
        return _unique(values)

    @pa.dataframe_check(error="CANBO.ID.GENDER_DIGIT")
    def id_gender_digit(cls, frame: pd.DataFrame) -> pd.Series:
        digit = _id_number(frame, 3, 4)
        female = frame["gender"] == "Nữ"
        known = digit.notna() & frame["gender"].isin(["Nam", "Nữ"])
        return (~known | ((digit % 2 == 1) == female)).fillna(True).astype(bool)

    @pa.dataframe_check(error="CANBO.ID.CENTURY")
    def id_century(cls, frame: pd.DataFrame) -> pd.Series:
        century = 19 + _id_number(frame, 3, 4) // 2
        return (
            (century.isna() | frame["birth_date"].isna() | (frame["birth_date"].dt.year // 100 == century))
            .fillna(True)
            .astype(bool)
        )

    @pa.dataframe_check(error="CANBO.ID.BIRTH_YEAR")
    def id_birth_year(cls, frame: pd.DataFrame) -> pd.Series:
        yy = _id_number(frame, 4, 6)
        return (
            (yy.isna() | frame["birth_date"].isna() | (frame["birth_date"].dt.year % 100 == yy))
            .fillna(True)
            .astype(bool)
        )

    @pa.check("birth_date", error="CANBO.AGE.RANGE")
    def age_18_to_70(cls, values: pd.Series) -> pd.Series:
        report_date = pd.Timestamp(current().report_date)
        return (values > report_date - pd.DateOffset(years=71)) & (values <= report_date - pd.DateOffset(years=18))

    @pa.check("ethnicity", error="CELL.CODE_UNKNOWN")
    def known_ethnicity(cls, values: pd.Series) -> pd.Series:
        return _isin_rule(values, ETHNIC_NAMES)

    @pa.check("commune_code", error="COMMUNE.NOT_IN_LIST")
    def commune_in_year(cls, values: pd.Series) -> pd.Series:
        return _commune_in_year(values)

    @pa.check("commune_code", error="COMMUNE.OTHER_PROVINCE")
    def commune_in_province(cls, values: pd.Series) -> pd.Series:
        return _commune_in_province(values)

    @pa.check("position", error="CELL.CODE_UNKNOWN")
    def known_position(cls, values: pd.Series) -> pd.Series:
        return _isin_rule(values, POSITION_NAMES)

    @pa.check("position", error="CANBO.POSITION.NOT_FOR_YEAR")
    def position_of_year(cls, values: pd.Series) -> pd.Series:
        unknown = ~member(values, POSITION_NAMES)
        return values.isna() | unknown | member(values, frozenset(current().positions_of_year))

    @pa.dataframe_check(error="CANBO.GROUP.MISMATCH")
    def group_matches_position(cls, frame: pd.DataFrame) -> pd.Series:
        expected = frame["position"].map({p.name: p.staff_group for p in cl.positions()})
        return (
            (expected.isna() | frame["staff_group"].isna() | (frame["staff_group"] == expected))
            .fillna(True)
            .astype(bool)
        )

    @pa.dataframe_check(error="CANBO.APPOINTED.BEFORE_18")
    def appointed_as_adult(cls, frame: pd.DataFrame) -> pd.Series:
        adult_on = frame["birth_date"] + pd.DateOffset(years=18)
        return (
            (frame["appointed_on"].isna() | frame["birth_date"].isna() | (frame["appointed_on"] >= adult_on))
            .fillna(True)
            .astype(bool)
        )

    @pa.check("appointed_on", error="CANBO.APPOINTED.AFTER_REPORT_DATE")
    def appointed_by_report_date(cls, values: pd.Series) -> pd.Series:
        return values <= pd.Timestamp(current().report_date)

    @pa.check("appointed_on", error="CELL.DATE_AFTER_RECEIPT")
    def appointed_by_receipt(cls, values: pd.Series) -> pd.Series:
        return _by_receipt(values)

    @pa.dataframe_check(error="CANBO.SENDING_AGENCY.REQUIRED")
    def seconded_names_agency(cls, frame: pd.DataFrame) -> pd.Series:
        seconded = frame["program"].isin(["Biệt phái", "Luân chuyển"])
        return (~seconded | frame["sending_agency"].notna()).fillna(True).astype(bool)


def _by_receipt(values: pd.Series) -> pd.Series:
    """A date no later than the day the file arrived: a decision dated after it (06/02/2027 in a file
    sent on 05/12/2026) cannot have been taken yet, and is most often the wrong year typed."""
    received_on = current().received_on
    if received_on is None:
        return pd.Series(True, index=values.index)
    return values <= pd.Timestamp(received_on)


def _id_number(frame: pd.DataFrame, start: int, stop: int) -> pd.Series:
    """Digits start:stop of each well-formed (12-digit) national ID as a number, NaN otherwise; in Arrow,
    as three rules read the ID's digits and pandas' string methods cost a millisecond a call."""
    ids = arrow_text(frame["national_id"])
    well_formed = pc.match_substring_regex(ids, r"^\d{12}$")
    digits = pc.utf8_slice_codeunits(pc.if_else(well_formed, ids, pa_arrow.scalar(None, ids.type)), start, stop)
    return pd.Series(pc.cast(digits, pa_arrow.float64()).to_numpy(zero_copy_only=False), index=frame.index)


SMALLEST_BUDGET_VND = 100_000
"""Below this a course's budget is taken for one typed in triệu or nghìn đồng (a warning)."""
LARGEST_BUDGET_VND = 10**11
"""More đồng than a course's budget could be (a hundred billion: a province's cadre training for a
year costs less): a value past it is in the wrong unit (đồng under 'Kinh phí (triệu đồng)', a cell
formatted to show millions), held rather than added into the national sums."""


class KhoaHoc(pa.DataFrameModel):
    """Training and refresher courses held in the year: one row per course."""

    course_code: Text = col("Mã khóa học", "course", required=True, aliases=("Mã khóa", "Mã lớp"))
    course_name: Text = col("Tên khóa học", required=True, aliases=("Tên khóa", "Tên lớp"))
    course_kind: Text = col(
        "Loại hình", "code", required=True, codelist=cl.COURSE_KIND, aliases=("Loại hình đào tạo", "Hình thức")
    )
    topic: Text = col("Nội dung", "code", required=True, codelist=cl.TOPIC, aliases=("Nội dung đào tạo",))
    degree_level: Text = col("Trình độ đào tạo", "code", codelist=cl.DEGREE_LEVEL)
    funding_program: Text = col(
        "Chương trình",
        "code",
        required=True,
        codelist=cl.FUNDING_PROGRAM,
        aliases=("Nguồn kinh phí", "Chương trình/nguồn kinh phí"),
    )
    organiser: Text = col("Đơn vị tổ chức", required=True, aliases=("Cơ quan tổ chức", "Đơn vị đào tạo"))
    starts_on: Date = col("Ngày bắt đầu", "date", required=True, aliases=("Từ ngày", "Bắt đầu", "Từ"))
    ends_on: Date = col("Ngày kết thúc", "date", required=True, aliases=("Đến ngày", "Kết thúc", "Đến"))
    participant_count: Int = col(
        "Số lượt học viên",
        "int",
        required=True,
        aliases=("Số học viên", "Số lượt người", "Số lượt", "Số lượng học viên", "Tổng số học viên"),
    )
    budget_vnd: Int = col(
        "Kinh phí (đồng)",
        "int",
        aliases=("Kinh phí", "Kinh phí (VNĐ)", "Kinh phí (đ)", "Tổng kinh phí"),
        amount=True,
        # a cost per participant loaded as the course's budget, silently (the training totals far too low)
        not_headers=PER_PERSON_BUDGET_HEADERS,
    )

    @pa.check("course_code", error="KHOAHOC.CODE.DUPLICATE")
    def code_unique(cls, values: pd.Series) -> pd.Series:
        return _unique(values)

    @pa.dataframe_check(error="KHOAHOC.DEGREE.REQUIRED")
    def degree_for_training(cls, frame: pd.DataFrame) -> pd.Series:
        return ((frame["course_kind"] != "Đào tạo") | frame["degree_level"].notna()).fillna(True).astype(bool)

    @pa.dataframe_check(error="KHOAHOC.DEGREE.UNEXPECTED")
    def degree_only_for_training(cls, frame: pd.DataFrame) -> pd.Series:
        other_kind = frame["course_kind"].isin(["Bồi dưỡng", "Tập huấn"])
        return (~other_kind | frame["degree_level"].isna()).fillna(True).astype(bool)

    @pa.dataframe_check(error="KHOAHOC.DATES.ORDER")
    def ends_after_start(cls, frame: pd.DataFrame) -> pd.Series:
        missing = frame["starts_on"].isna() | frame["ends_on"].isna()
        return (missing | (frame["ends_on"] >= frame["starts_on"])).astype(bool)

    @pa.check("starts_on", error="CELL.DATE_AFTER_RECEIPT")
    def started_by_receipt(cls, values: pd.Series) -> pd.Series:
        return _by_receipt(values)

    @pa.dataframe_check(error="KHOAHOC.DATES.OUTSIDE_YEAR")
    def overlaps_year(cls, frame: pd.DataFrame) -> pd.Series:
        first, last = _year_bounds()
        missing = frame["starts_on"].isna() | frame["ends_on"].isna()
        return (missing | ((frame["ends_on"] >= first) & (frame["starts_on"] <= last))).astype(bool)

    @pa.check("budget_vnd", error="KHOAHOC.BUDGET.SMALL")
    def budget_in_dong(cls, values: pd.Series) -> pd.Series:
        """A course costs thousands of đồng at least: '15' is 15 triệu typed under 'Kinh phí (đồng)'."""
        return (values.isna() | (values <= 0) | (values >= SMALLEST_BUDGET_VND)).fillna(True).astype(bool)

    @pa.check("budget_vnd", error="KHOAHOC.BUDGET.LARGE")
    def budget_plausible(cls, values: pd.Series) -> pd.Series:
        """150.000.000 under 'Kinh phí (triệu đồng)' is 150 million triệu: the unit, not the course."""
        return (values.isna() | (values <= LARGEST_BUDGET_VND)).fillna(True).astype(bool)

    @pa.check("participant_count", "budget_vnd", error="KHOAHOC.NUMBER.NEGATIVE")
    def not_negative(cls, values: pd.Series) -> pd.Series:
        return values >= 0

    @pa.dataframe_check(error="KHOAHOC.PARTICIPANTS.TOO_FEW")
    def covers_attendance(cls, frame: pd.DataFrame) -> pd.Series:
        """Only against rows listed in HocVien: a course without any is not 'fewer than listed' (a negative
        count there is KHOAHOC.NUMBER.NEGATIVE alone)."""
        listed = frame["course_code"].map(current().attendance_per_course).fillna(0)
        return ((frame["participant_count"] >= listed) | listed.eq(0)).fillna(True).astype(bool)


class HocVien(pa.DataFrameModel):
    """Attendance of listed cadres: one row per cadre per course."""

    course_code: Text = col("Mã khóa học", "course", required=True, aliases=("Mã khóa", "Mã lớp"))
    national_id: Text = col(
        "Số định danh cá nhân",
        "id",
        required=True,
        aliases=ID_HEADERS,
    )
    outcome: Text = col(
        "Kết quả",
        "code",
        required=True,
        codelist=cl.OUTCOME,
        aliases=("Kết quả học tập",),
        sub_headers=("Xếp loại", "Xếp loại học tập", "Kết quả xếp loại"),  # a grade: Giỏi, Khá (code list)
    )
    certified: Bool = col(
        "Cấp chứng chỉ",
        "bool",
        aliases=("Chứng chỉ", "Được cấp chứng chỉ"),
        not_headers=("Chứng chỉ số", "Chứng chỉ (số)"),  # a certificate's number, no yes or no: held every row
    )

    @pa.check("course_code", error="HOCVIEN.COURSE.UNKNOWN")
    def course_listed(cls, values: pd.Series) -> pd.Series:
        return _isin_rule(values, current().course_codes)

    @pa.check("national_id", error="HOCVIEN.CADRE.UNKNOWN")
    def cadre_listed(cls, values: pd.Series) -> pd.Series:
        return _isin_rule(values, current().national_ids)

    @pa.dataframe_check(error="HOCVIEN.DUPLICATE")
    def one_row_per_course_and_cadre(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique_rows(frame, ROW_KEYS["HocVien"])


class TieuChi(pa.DataFrameModel):
    """New Rural Development criteria: one row per commune per criterion."""

    commune_code: Text = col(
        "Mã xã", "code5", required=True, aliases=("Mã đơn vị hành chính xã", "Mã ĐVHC"), named_by=COMMUNE_NAME_HEADERS
    )
    criterion_no: Int = col(
        "Mã tiêu chí",
        "int",
        required=True,
        aliases=("Tiêu chí", "Tiêu chí số", "STT tiêu chí", "Số TT tiêu chí"),
        labelled=True,
        # a per-commune summary's count ('Tiêu chí đạt: 19') loaded as criterion 19, silently
        not_headers=("Tiêu chí đạt", "Tiêu chí đã đạt", "Tiêu chí chưa đạt", "Tiêu chí không đạt"),
        named_by=("Tên tiêu chí", "Nội dung tiêu chí", "Tiêu chí"),
    )
    status: Text = col(
        "Trạng thái",
        "code",
        required=True,
        codelist=cl.CRITERION_STATUS,
        aliases=("Kết quả", "Kết quả đánh giá", "Đánh giá"),
    )
    assessed_on: Date = col("Ngày đánh giá", "date", required=True)
    note: Text = col("Ghi chú")

    @pa.check("commune_code", error="COMMUNE.NOT_IN_LIST")
    def commune_in_year(cls, values: pd.Series) -> pd.Series:
        return _commune_in_year(values)

    @pa.check("commune_code", error="COMMUNE.OTHER_PROVINCE")
    def commune_in_province(cls, values: pd.Series) -> pd.Series:
        return _commune_in_province(values)

    @pa.check("criterion_no", error="TIEUCHI.CRITERION.NOT_IN_SET")
    def criterion_of_set(cls, values: pd.Series) -> pd.Series:
        return values.isin(list(current().criterion_numbers))

    @pa.dataframe_check(error="TIEUCHI.OTHER_SET")
    def criteria_of_the_years_set(cls, frame: pd.DataFrame) -> pd.Series:
        """A commune that lists most of the criteria another set has and the year's has not (11–19 in a
        2026 file) reports on that set: its criteria 1–10 are not the year's 1–10 (QĐ 318's 10 is income,
        QĐ 51's 10 is law and order), so none of its rows is taken. One stray number (a 19 among the
        year's 10) is a typo, NOT_IN_SET's alone, as every row out of the set is."""
        ctx = current()
        if not ctx.other_sets_numbers:
            return pd.Series(True, index=frame.index)
        beyond = frame["criterion_no"].isin(list(ctx.other_sets_numbers)).fillna(False).to_numpy(bool)
        if not beyond.any():
            return pd.Series(True, index=frame.index)
        listed = frame.loc[beyond].groupby("commune_code")["criterion_no"].nunique()
        most = max(2, (len(ctx.other_sets_numbers) + 1) // 2)  # at least half of them
        other_set = frame["commune_code"].isin(list(listed.index[listed >= most]))
        in_set = frame["criterion_no"].isin(list(ctx.criterion_numbers))
        return ~(other_set & in_set).fillna(False).astype(bool)

    @pa.check("assessed_on", error="TIEUCHI.ASSESSED.OUTSIDE_YEAR")
    def assessed_in_year(cls, values: pd.Series) -> pd.Series:
        first, last = _year_bounds()
        return values.between(first, last)

    @pa.check("assessed_on", error="CELL.DATE_AFTER_RECEIPT")
    def assessed_by_receipt(cls, values: pd.Series) -> pd.Series:
        return _by_receipt(values)

    @pa.dataframe_check(error="TIEUCHI.DUPLICATE")
    def one_row_per_criterion(cls, frame: pd.DataFrame) -> pd.Series:
        return _unique_rows(frame, ROW_KEYS["TieuChi"])

    @pa.dataframe_check(error="TIEUCHI.INCOMPLETE")
    def all_criteria_listed(cls, frame: pd.DataFrame) -> pd.Series:
        """Flags the first row of a commune that lists fewer criteria than its set has."""
        expected = len(current().criterion_numbers)
        of_set = frame["criterion_no"].where(frame["criterion_no"].isin(list(current().criterion_numbers)))
        listed = of_set.groupby(frame["commune_code"]).transform("nunique")
        first_row = ~frame["commune_code"].duplicated()
        return (frame["commune_code"].isna() | ~first_row | (listed >= expected)).fillna(True).astype(bool)

    @pa.dataframe_check(error="TIEUCHI.C18_STANDARD")
    def criterion_18_agrees_with_cadres(cls, frame: pd.DataFrame) -> pd.Series:
        ctx = current()
        if ctx.report_year < 2016 or ctx.report_year > 2025:  # indicator 18.1 exists in the 2016–2025 sets
            return pd.Series(True, index=frame.index)
        # Each part as plain bool: a blank status is an Arrow NA, which a pandas boolean `&` cannot take.
        suspicious = (
            frame["criterion_no"].eq(18).fillna(False).to_numpy(bool)
            & frame["status"].eq("Đạt").fillna(False).to_numpy(bool)
            & member(frame["commune_code"], ctx.communes_with_substandard_cadres).fillna(False).to_numpy(bool)
        )
        return pd.Series(~suspicious, index=frame.index)


class CongNhan(pa.DataFrameModel):
    """Communes recognised in the year (optional sheet): one row per commune."""

    commune_code: Text = col(
        "Mã xã", "code5", required=True, aliases=("Mã đơn vị hành chính xã", "Mã ĐVHC"), named_by=COMMUNE_NAME_HEADERS
    )
    level: Text = col(
        "Mức đạt", "code", required=True, codelist=cl.RECOGNITION_LEVEL, aliases=("Mức công nhận", "Mức độ đạt chuẩn")
    )
    decision_no: Text = col("Số quyết định", required=True, aliases=("Quyết định số", "Số QĐ"))
    decided_on: Date = col("Ngày quyết định", "date", required=True, aliases=("Ngày QĐ", "Ngày ký quyết định"))

    @pa.check("commune_code", error="COMMUNE.NOT_IN_LIST")
    def commune_in_year(cls, values: pd.Series) -> pd.Series:
        return _commune_in_year(values)

    @pa.check("commune_code", error="COMMUNE.OTHER_PROVINCE")
    def commune_in_province(cls, values: pd.Series) -> pd.Series:
        return _commune_in_province(values)

    @pa.check("commune_code", error="CONGNHAN.DUPLICATE")
    def commune_unique(cls, values: pd.Series) -> pd.Series:
        return _unique(values)

    @pa.check("decided_on", error="CONGNHAN.DECIDED.OUTSIDE_WINDOW")
    def decided_in_window(cls, values: pd.Series) -> pd.Series:
        year = current().report_year
        return values.between(pd.Timestamp(year, 1, 1), pd.Timestamp(year + 1, 6, 30))

    @pa.check("decided_on", error="CELL.DATE_AFTER_RECEIPT")
    def decided_by_receipt(cls, values: pd.Series) -> pd.Series:
        return _by_receipt(values)

    @pa.check("commune_code", error="CONGNHAN.CRITERIA_NOT_MET")
    def criteria_all_met(cls, values: pd.Series) -> pd.Series:
        return ~member(values, current().communes_not_all_met)

    @pa.check("commune_code", error="CONGNHAN.CRITERIA_NOT_REPORTED")
    def criteria_reported(cls, values: pd.Series) -> pd.Series:
        """A commune recognised in a file whose TieuChi lists none of its criteria: 'not all Đạt' said
        nothing of it (none of its rows is not Đạt). A file without TieuChi says so in its report."""
        assessed = current().communes_assessed
        return pd.Series(True, index=values.index) if assessed is None else values.isna() | member(values, assessed)


@dataclass(frozen=True)
class SheetSpec:
    """A sheet of the standard: its name, accepted spellings, model and layout."""

    name: str
    model: type[pa.DataFrameModel]
    aliases: tuple[str, ...] = ()
    key_value: bool = False

    @property
    def fields(self) -> dict[str, pa.Column]:
        return self.model.to_schema().columns

    @property
    def required_fields(self) -> list[str]:
        return [name for name, column in self.fields.items() if not column.nullable]

    def kind(self, name: str) -> str:
        """How a field's cells are read ('text', 'date', 'int', 'code', …: `col`'s parse kind)."""
        return (self.fields[name].metadata or {}).get("kind", "text")

    def is_amount(self, name: str) -> bool:
        """Whether a field is an amount of money, read in the unit its header or its table states."""
        return bool((self.fields[name].metadata or {}).get("amount"))


SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("ThongTin", ThongTin, ("Thông tin", "Thong tin chung", "Thông tin chung"), key_value=True),
    SheetSpec("CanBo", CanBo, ("Cán bộ", "Danh sách cán bộ", "Can bo")),
    SheetSpec("KhoaHoc", KhoaHoc, ("Khóa học", "Khoá học", "Khoa hoc", "Lớp học")),
    SheetSpec("HocVien", HocVien, ("Học viên", "Hoc vien")),
    SheetSpec("TieuChi", TieuChi, ("Tiêu chí", "Tieu chi", "Tiêu chí NTM")),
    SheetSpec("CongNhan", CongNhan, ("Công nhận", "Cong nhan", "Công nhận NTM")),
)
SHEETS_BY_NAME: dict[str, SheetSpec] = {spec.name: spec for spec in SHEETS}
DATA_SHEETS: tuple[str, ...] = ("CanBo", "KhoaHoc", "HocVien", "TieuChi", "CongNhan")
