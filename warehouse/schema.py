"""The star schema of contract §5 as one SQLAlchemy metadata definition.

The same definition creates the tables on DuckDB and PostgreSQL. Every table and column
carries a comment with its Vietnamese label; each fact states its grain. Personal data
(names, birth dates, quarantined raw rows) lives only in schema `restricted`, which BI roles
are not granted.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from schemas import codelists as cl
from warehouse.age_bands import AGE_BANDS, OLDEST_BAND

RESTRICTED = "restricted"
metadata = sa.MetaData()

BigInt = sa.BigInteger
Text = sa.Text


def c(name: str, type_: Any, label: str, **kwargs: Any) -> sa.Column:
    """A column with its Vietnamese label as the comment."""
    return sa.Column(name, type_, comment=label, **kwargs)


def sk(name: str, label: str) -> sa.Column:
    return c(name, BigInt, label, primary_key=True, autoincrement=False)


def loader_key(*columns: str) -> sa.PrimaryKeyConstraint:
    """The key of a table whose rows the loader computes and replaces with each submission, declared
    on PostgreSQL only. On DuckDB a key is an ART index that every load maintains and every checkpoint
    writes whole: the restricted identity table's key alone made one resubmission cost 50 % more with
    all provinces loaded than with one. There the loader checks the rows it writes
    (`warehouse.load.check_keys`), and tests check every key on both backends."""
    return sa.PrimaryKeyConstraint(*columns).ddl_if(dialect="postgresql")


dim_date = sa.Table(
    "dim_date",
    metadata,
    sk("date_sk", "Khóa ngày (yyyymmdd)"),
    c("full_date", sa.Date, "Ngày", nullable=False),
    c("year", sa.Integer, "Năm", nullable=False),
    c("quarter", sa.Integer, "Quý", nullable=False),
    c("month", sa.Integer, "Tháng", nullable=False),
    c("day", sa.Integer, "Ngày trong tháng", nullable=False),
    comment="Ngày (dimension): one row per calendar day 1940–2060",
)

dim_admin_unit = sa.Table(
    "dim_admin_unit",
    metadata,
    sk("admin_unit_sk", "Khóa đơn vị hành chính"),
    c("unit_list", Text, "Danh mục (legacy: trước 1/7/2025; 2025: sau sắp xếp)", nullable=False),
    c("unit_level", Text, "Cấp (province/commune)", nullable=False),
    c("unit_code", Text, "Mã đơn vị (mã GSO, giữ số 0 đầu)", nullable=False),
    c("unit_name", Text, "Tên đơn vị", nullable=False),
    c("province_code", Text, "Mã tỉnh", nullable=False),
    c("province_name", Text, "Tên tỉnh", nullable=False),
    c("district_code", Text, "Mã huyện (chỉ danh mục cũ)"),
    c("district_name", Text, "Tên huyện (chỉ danh mục cũ)"),
    c("valid_from", sa.Date, "Hiệu lực từ"),
    c("valid_to", sa.Date, "Hiệu lực đến"),
    c("province_code_2025", Text, "Mã tỉnh sau sắp xếp 2025", nullable=False),
    c("province_name_2025", Text, "Tên tỉnh sau sắp xếp 2025", nullable=False),
    c("commune_code_2025", Text, "Mã xã kế thừa 2025 (xã bị chia: xã mặc định)"),
    c("commune_name_2025", Text, "Tên xã kế thừa 2025"),
    c("is_split", sa.Boolean, "Xã cũ bị chia cho nhiều xã mới", nullable=False),
    comment="Đơn vị hành chính (dimension): one row per province or commune per unit list (legacy and 2025)",
)

bridge_commune_successor = sa.Table(
    "bridge_commune_successor",
    metadata,
    c("legacy_commune_code", Text, "Mã xã cũ", primary_key=True),
    c("commune_code_2025", Text, "Mã xã mới 2025", primary_key=True),
    c("is_default", sa.Boolean, "Xã mới mặc định (lựa chọn của vietnamadminunits)", nullable=False),
    c("is_split", sa.Boolean, "Xã cũ bị chia", nullable=False),
    comment="Chuyển đổi xã cũ → xã 2025: one row per legacy commune per 2025 commune it went (partly) into",
)

dim_criterion = sa.Table(
    "dim_criterion",
    metadata,
    sk("criterion_sk", "Khóa tiêu chí"),
    c("criteria_set", Text, "Bộ tiêu chí", nullable=False),
    c("decision", Text, "Quyết định ban hành", nullable=False),
    c("first_year", sa.Integer, "Áp dụng từ năm", nullable=False),
    c("last_year", sa.Integer, "Áp dụng đến năm", nullable=False),
    c("criterion_no", sa.Integer, "Số tiêu chí", nullable=False),
    c("criterion_name", Text, "Tên tiêu chí", nullable=False),
    comment="Tiêu chí nông thôn mới (dimension): one row per criteria set per criterion number",
)

dim_submission = sa.Table(
    "dim_submission",
    metadata,
    sk("submission_sk", "Khóa lần nộp"),
    c("submission_id", Text, "Mã băm SHA-256 của tệp", nullable=False),
    c("province_code", Text, "Mã tỉnh nộp (thư mục gửi)"),
    c("report_year", sa.Integer, "Năm báo cáo"),
    c("unit_list", Text, "Danh mục đơn vị hành chính của năm báo cáo"),
    c("declared_province_code", Text, "Mã tỉnh ghi trong ThongTin"),
    c("file_name", Text, "Tên tệp", nullable=False),
    c("archive_path", Text, "Đường dẫn bản lưu trữ nguyên gốc", nullable=False),
    c("received_at", sa.DateTime(timezone=True), "Thời điểm nhận", nullable=False),
    c("outcome", Text, "Kết quả kiểm tra (rejected/accepted/accepted_with_errors)", nullable=False),
    c(
        "status",
        Text,
        "Trạng thái hiện tại (rejected/accepted/accepted_with_errors/superseded/approved/held/reloaded)",
        nullable=False,
    ),
    c("is_current", sa.Boolean, "Là bản đang có hiệu lực", nullable=False),
    c("superseded_at", sa.DateTime(timezone=True), "Thời điểm bị thay thế"),
    c("rows_loaded", sa.Integer, "Số dòng đã nạp", nullable=False),
    c("rows_quarantined", sa.Integer, "Số dòng bị giữ lại", nullable=False),
    # Nullable: added after the first release, to warehouses that lack it by `initialise`.
    c(
        "rows_valid_rejected",
        sa.Integer,
        "Số dòng hợp lệ của tệp bị từ chối cả tệp (chế độ nghiêm ngặt, số liệu tỉnh khác, mã tỉnh sai)",
    ),
    c("errors", sa.Integer, "Số lỗi", nullable=False),
    c("warnings", sa.Integer, "Số cảnh báo", nullable=False),
    c("template_version", Text, "Phiên bản mẫu"),
    c("ethnicity_code_list", Text, "Danh mục dân tộc khai báo"),
    comment="Lần nộp (dimension, sổ theo dõi): one row per received file",
)


def code_dimension(codelist: cl.CodeList) -> sa.Table:
    """A small dimension for one code list; sk = position in the standard's order (stable)."""
    return sa.Table(
        f"dim_{codelist.name}",
        metadata,
        sk(f"{codelist.name}_sk", f"Khóa {codelist.label_vi.lower()}"),
        c(f"{codelist.name}_name", Text, codelist.label_vi, nullable=False),
        c("sort_order", sa.Integer, "Thứ tự", nullable=False),
        comment=f"{codelist.label_vi} (dimension): one row per value of the code list",
    )


CODE_DIMENSIONS = {codelist.name: code_dimension(codelist) for codelist in cl.CODE_LISTS}

dim_ethnicity = sa.Table(
    "dim_ethnicity",
    metadata,
    sk("ethnicity_sk", "Khóa dân tộc"),
    c("ethnicity_name", Text, "Dân tộc (cách viết TĐTDS 2019)", nullable=False),
    c("code_2008", Text, "Mã QĐ 1019/QĐ-TCTK 2008", nullable=False),
    c("code_1979", Text, "Mã QĐ 121-TCTK/PPCĐ 1979", nullable=False),
    c("name_1979", Text, "Tên theo danh mục 1979", nullable=False),
    c("sort_order", sa.Integer, "Thứ tự", nullable=False),
    comment="Dân tộc (dimension): one row per ethnic group, with its code in both official lists",
)

dim_position = sa.Table(
    "dim_position",
    metadata,
    sk("position_sk", "Khóa chức vụ"),
    c("position_name", Text, "Chức vụ", nullable=False),
    c("staff_group", Text, "Nhóm", nullable=False),
    c("first_year", sa.Integer, "Có từ năm báo cáo", nullable=False),
    c("last_year", sa.Integer, "Có đến năm báo cáo", nullable=False),
    c("sort_order", sa.Integer, "Thứ tự", nullable=False),
    comment="Chức vụ (dimension): one row per commune post, legacy and 2025",
)

dim_cadre = sa.Table(
    "dim_cadre",
    metadata,
    c("cadre_sk", BigInt, "Khóa phiên bản cán bộ", nullable=False, autoincrement=False),
    c("cadre_hash", Text, "Mã băm khóa của số định danh (HMAC)", nullable=False),
    c("valid_from_year", sa.Integer, "Phiên bản có hiệu lực từ năm", nullable=False),
    c("valid_to_year", sa.Integer, "Phiên bản có hiệu lực đến năm", nullable=False),
    c("is_current", sa.Boolean, "Phiên bản mới nhất", nullable=False),
    c("commune_admin_unit_sk", BigInt, "Khóa xã công tác"),
    c("position_sk", BigInt, "Khóa chức vụ"),
    c("staff_group_sk", BigInt, "Khóa nhóm"),
    c("education_sk", BigInt, "Khóa trình độ chuyên môn"),
    c("political_theory_sk", BigInt, "Khóa lý luận chính trị"),
    c("is_party_member", sa.Boolean, "Đảng viên"),
    c("gender_sk", BigInt, "Khóa giới tính"),
    c("ethnicity_sk", BigInt, "Khóa dân tộc"),
    c(
        "last_reported_year",
        sa.Integer,
        "Năm báo cáo gần nhất có cán bộ trong phiên bản (phiên bản mới nhất của người không còn được báo cáo "
        "vẫn mở đến 9999: năm này cho biết lần cuối họ có tên)",
    ),
    loader_key("cadre_sk"),
    comment="Cán bộ (dimension, type 2): one row per cadre per period of unchanged commune, position, "
    "education, political theory and party membership; no personal data",
)

dim_course = sa.Table(
    "dim_course",
    metadata,
    c("course_sk", BigInt, "Khóa khóa học", nullable=False, autoincrement=False),
    c("province_code", Text, "Mã tỉnh", nullable=False),
    c("report_year", sa.Integer, "Năm báo cáo", nullable=False),
    c("course_code", Text, "Mã khóa học", nullable=False),
    c("course_name", Text, "Tên khóa học", nullable=False),
    c("organiser", Text, "Đơn vị tổ chức"),
    c("starts_on", sa.Date, "Ngày bắt đầu"),
    c("ends_on", sa.Date, "Ngày kết thúc"),
    loader_key("course_sk"),
    comment="Khóa học (dimension): one row per course per province per reporting year",
)

ADDED_COLUMN_BACKFILLS = {
    ("dim_cadre", "last_reported_year"): (
        "UPDATE dim_cadre SET last_reported_year = (SELECT MAX(f.report_year) FROM fact_cadre_snapshot f "
        "WHERE f.cadre_hash = dim_cadre.cadre_hash AND f.report_year BETWEEN dim_cadre.valid_from_year "
        "AND dim_cadre.valid_to_year)"
    ),
}
"""How a column added to an earlier release's warehouse is filled for the rows already there."""
RETIRED_PUBLIC_COLUMNS = (
    ("fact_cadre_snapshot", "age_years"),
    ("fact_cadre_snapshot", "birth_year"),
    ("dim_cadre", "birth_year"),
)
"""Columns earlier releases kept in schema public, readable by BI roles: dropped from a warehouse they
made (the age first carried over into `age_band`)."""


def age_band_sql(age: str) -> str:
    """The SQL CASE giving AGE_BANDS' band of an age expression."""
    whens = " ".join(f"WHEN {age} < {below} THEN '{band}'" for below, band in AGE_BANDS)
    return f"CASE WHEN {age} IS NULL THEN NULL {whens} ELSE '{OLDEST_BAND}' END"


fact_cadre_snapshot = sa.Table(
    "fact_cadre_snapshot",
    metadata,
    c("submission_sk", BigInt, "Khóa lần nộp", nullable=False),
    c("report_year", sa.Integer, "Năm báo cáo", nullable=False),
    c("cadre_hash", Text, "Mã băm cán bộ (khóa bền)", nullable=False),
    c("cadre_sk", BigInt, "Khóa phiên bản cán bộ"),
    c("commune_admin_unit_sk", BigInt, "Khóa xã", nullable=False),
    c("gender_sk", BigInt, "Khóa giới tính"),
    c("ethnicity_sk", BigInt, "Khóa dân tộc"),
    c("position_sk", BigInt, "Khóa chức vụ"),
    c("staff_group_sk", BigInt, "Khóa nhóm"),
    c("education_sk", BigInt, "Khóa trình độ chuyên môn"),
    c("political_theory_sk", BigInt, "Khóa lý luận chính trị"),
    c("program_sk", BigInt, "Khóa chương trình (trống: thường xuyên)"),
    c("portfolio_sk", BigInt, "Khóa lĩnh vực phụ trách"),
    c("is_party_member", sa.Boolean, "Đảng viên", nullable=False),
    c("meets_standard", sa.Boolean, "Đạt chuẩn", nullable=False),
    c("age_band", Text, "Nhóm tuổi tại ngày báo cáo (31/12)"),
    c("appointed_date_sk", BigInt, "Khóa ngày bổ nhiệm"),
    c("major", Text, "Chuyên ngành"),
    c("sending_agency", Text, "Cơ quan cử"),
    comment="Cán bộ theo năm (fact): one row per cadre per reporting year in each province that lists them "
    "(a person two provinces list in one year has a row in each)",
)

fact_training_attendance = sa.Table(
    "fact_training_attendance",
    metadata,
    c("submission_sk", BigInt, "Khóa lần nộp", nullable=False),
    c("report_year", sa.Integer, "Năm báo cáo", nullable=False),
    c("course_sk", BigInt, "Khóa khóa học", nullable=False),
    c("cadre_hash", Text, "Mã băm cán bộ (khóa bền)", nullable=False),
    c("cadre_sk", BigInt, "Khóa phiên bản cán bộ"),
    c("outcome_sk", BigInt, "Khóa kết quả"),
    c("is_certified", sa.Boolean, "Được cấp chứng chỉ"),
    comment="Học viên (fact): one row per cadre per course",
)

fact_course = sa.Table(
    "fact_course",
    metadata,
    c("submission_sk", BigInt, "Khóa lần nộp", nullable=False),
    c("report_year", sa.Integer, "Năm báo cáo", nullable=False),
    c("course_sk", BigInt, "Khóa khóa học", nullable=False),
    c("province_admin_unit_sk", BigInt, "Khóa tỉnh", nullable=False),
    c("course_kind_sk", BigInt, "Khóa loại hình"),
    c("topic_sk", BigInt, "Khóa nội dung"),
    c("degree_level_sk", BigInt, "Khóa trình độ đào tạo"),
    c("funding_program_sk", BigInt, "Khóa chương trình (nguồn kinh phí)"),
    c("participant_count", sa.Integer, "Số lượt học viên", nullable=False),
    c("budget_vnd", BigInt, "Kinh phí (đồng)"),
    c("duration_days", sa.Integer, "Số ngày"),
    c("start_date_sk", BigInt, "Khóa ngày bắt đầu"),
    c("end_date_sk", BigInt, "Khóa ngày kết thúc"),
    comment="Khóa học (fact): one row per course",
)

fact_criteria_status = sa.Table(
    "fact_criteria_status",
    metadata,
    c("submission_sk", BigInt, "Khóa lần nộp", nullable=False),
    c("report_year", sa.Integer, "Năm báo cáo", nullable=False),
    c("commune_admin_unit_sk", BigInt, "Khóa xã", nullable=False),
    c("criterion_sk", BigInt, "Khóa tiêu chí", nullable=False),
    c("is_met", sa.Boolean, "Đạt", nullable=False),
    c("assessed_date_sk", BigInt, "Khóa ngày đánh giá"),
    c("note", Text, "Ghi chú"),
    comment="Tiêu chí nông thôn mới (fact): one row per commune per criterion per reporting year",
)

fact_commune_recognition = sa.Table(
    "fact_commune_recognition",
    metadata,
    c("submission_sk", BigInt, "Khóa lần nộp", nullable=False),
    c("report_year", sa.Integer, "Năm báo cáo", nullable=False),
    c("commune_admin_unit_sk", BigInt, "Khóa xã", nullable=False),
    c("recognition_level_sk", BigInt, "Khóa mức đạt", nullable=False),
    c("decision_no", Text, "Số quyết định"),
    c("decided_date_sk", BigInt, "Khóa ngày quyết định"),
    comment="Công nhận nông thôn mới (fact): one row per commune per reporting year",
)

cadre_identity = sa.Table(
    "cadre_identity",
    metadata,
    c("cadre_hash", Text, "Mã băm cán bộ", nullable=False),
    c("submission_sk", BigInt, "Khóa lần nộp", nullable=False, autoincrement=False),
    c("full_name", Text, "Họ và tên", nullable=False),
    c("birth_date", sa.Date, "Ngày sinh"),
    loader_key("cadre_hash", "submission_sk"),
    schema=RESTRICTED,
    comment="Danh tính cán bộ (hạn chế, dữ liệu cá nhân): one row per cadre per submission; not granted to BI roles",
)

quarantine_row = sa.Table(
    "quarantine_row",
    metadata,
    c("submission_sk", BigInt, "Khóa lần nộp", nullable=False),
    c("sheet_name", Text, "Sheet", nullable=False),
    c("excel_row", sa.Integer, "Dòng Excel", nullable=False),
    c("rule_codes", Text, "Mã quy tắc vi phạm", nullable=False),
    c(
        "raw_values",
        Text,
        "Giá trị gốc (JSON, theo tiêu đề tỉnh viết; số định danh thay bằng cadre_hash)",
        nullable=False,
    ),
    schema=RESTRICTED,
    comment="Dòng bị giữ lại (hạn chế, có dữ liệu cá nhân): one row per held-back sheet row",
)

submission_event = sa.Table(
    "submission_event",
    metadata,
    c("submission_sk", BigInt, "Khóa lần nộp", nullable=False),
    c(
        "event",
        Text,
        "Sự kiện (received/rejected/accepted/accepted_with_errors/held/superseded/reported/approved/unlocked/"
        "received_again)",
        nullable=False,
    ),
    c("event_at", sa.DateTime(timezone=True), "Thời điểm", nullable=False),
    c("note", Text, "Ghi chú (lý do mở khóa, …)"),
    comment="Lịch sử trạng thái lần nộp (sổ theo dõi): one row per status change of a submission",
)

approval = sa.Table(
    "province_year_approval",
    metadata,
    c("province_code", Text, "Mã tỉnh", nullable=False),
    c("report_year", sa.Integer, "Năm báo cáo", nullable=False),
    c("action", Text, "Thao tác (approved/unlocked)", nullable=False),
    c("submission_sk", BigInt, "Khóa lần nộp được phê duyệt"),
    c("action_at", sa.DateTime(timezone=True), "Thời điểm", nullable=False),
    c("reason", Text, "Lý do (bắt buộc khi mở khóa)"),
    comment="Phê duyệt và khóa số liệu: one row per approval or unlock of a province-year",
)

expected_submission = sa.Table(
    "expected_submission",
    metadata,
    c("province_code", Text, "Mã tỉnh", primary_key=True),
    c("report_year", sa.Integer, "Năm báo cáo", primary_key=True, autoincrement=False),
    c("unit_list", Text, "Danh mục đơn vị hành chính của năm", nullable=False),
    c("due_date", sa.Date, "Hạn nộp", nullable=False),
    comment="Lịch nộp báo cáo: one row per province expected to report for a year",
)

dim_rule = sa.Table(
    "dim_rule",
    metadata,
    c("rule_code", Text, "Mã quy tắc", primary_key=True),
    c("severity", Text, "Mức độ (error/warning)", nullable=False),
    c("message", Text, "Nội dung lỗi", nullable=False),
    c("hint", Text, "Cách sửa", nullable=False),
    c("rejects_file", sa.Boolean, "Từ chối cả tệp", nullable=False),
    comment="Quy tắc kiểm tra (dimension): one row per rule of the catalogue",
)

fact_validation_issue = sa.Table(
    "fact_validation_issue",
    metadata,
    c("submission_sk", BigInt, "Khóa lần nộp", nullable=False),
    c("report_year", sa.Integer, "Năm báo cáo"),
    c("rule_code", Text, "Mã quy tắc", nullable=False),
    c("issue_count", sa.Integer, "Số lần vi phạm", nullable=False),
    comment="Chất lượng dữ liệu (fact): one row per submission per rule it broke; kept for superseded files too",
)

warehouse_meta = sa.Table(
    "warehouse_meta",
    metadata,
    c("key", Text, "Khóa", primary_key=True),
    c("value", Text, "Giá trị", nullable=False),
    comment="Thông tin nội bộ của kho (phiên bản các view): one row per setting",
)

FACT_TABLES = (
    fact_cadre_snapshot,
    fact_training_attendance,
    fact_course,
    fact_criteria_status,
    fact_commune_recognition,
)
SUBMISSION_SCOPED = (*FACT_TABLES, cadre_identity, quarantine_row)
"""Tables whose rows belong to one submission and are replaced with it."""

# PostgreSQL only: a resubmission deletes and re-points rows by submission and by cadre, and without
# these it would scan every province's rows, growing with the warehouse. DuckDB scans columns with zone
# maps instead; its indexes would only slow the bulk loads.
POSTGRESQL_INDEXES = tuple(
    sa.Index(name, *columns).ddl_if(dialect="postgresql")
    for name, columns in (
        *((f"ix_{t.name}_submission", (t.c.submission_sk,)) for t in SUBMISSION_SCOPED),
        ("ix_fact_cadre_snapshot_cadre", (fact_cadre_snapshot.c.cadre_hash, fact_cadre_snapshot.c.report_year)),
        ("ix_fact_training_attendance_cadre_version", (fact_training_attendance.c.cadre_sk,)),
        ("ix_dim_cadre_cadre", (dim_cadre.c.cadre_hash,)),
        ("ix_dim_course_province_year", (dim_course.c.province_code, dim_course.c.report_year)),
        ("ix_dim_submission_province_year", (dim_submission.c.province_code, dim_submission.c.report_year)),
    )
)
RETIRED_POSTGRESQL_INDEXES = ("ix_fact_training_attendance_cadre",)
"""Indexes of earlier versions, dropped from warehouses that have them: each costs every load its upkeep.
The attendance facts were indexed by cadre_hash (text); the re-pointing update now finds them by cadre_sk."""
