"""The stable reporting views (contract §5): the BI contract. Columns may be added, never renamed.

Written in the SQL that DuckDB and PostgreSQL share. Each view also answers at the 2025 level
(`province_code_2025`, …) so a trend across the reform reads in today's provinces.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from schemas.reference_data import FIRST_REPORT_YEAR
from schemas.rules import SEVERITY_VI
from warehouse.age_bands import AGE_BANDS, OLDEST_BAND
from warehouse.meta import store_version, stored_version

RPT_CADRE_PROFILE = """
CREATE OR REPLACE VIEW rpt_cadre_profile AS
WITH snapshots AS (
    -- a person two provinces list in one year (moved, seconded) has a snapshot in each: the one received
    -- last is the one their history takes (warehouse/load.py:cadre_versions), and the one counted once
    SELECT f.report_year, f.commune_admin_unit_sk, f.program_sk, f.portfolio_sk, f.ethnicity_sk, f.education_sk,
           f.is_party_member, f.meets_standard,
           ROW_NUMBER() OVER (PARTITION BY f.cadre_hash, f.report_year
                              ORDER BY s.received_at DESC, f.submission_sk DESC) AS report_rank
    FROM fact_cadre_snapshot f
    JOIN dim_submission s ON s.submission_sk = f.submission_sk
)
SELECT p.province_code, p.province_name, f.report_year,
       prog.program_name AS program, port.portfolio_name AS portfolio, eth.ethnicity_name AS ethnicity,
       edu.education_name AS education, f.is_party_member AS party_member, f.meets_standard,
       CAST(COUNT(*) AS BIGINT) AS cadres,
       p.province_code_2025, p.province_name_2025,
       CAST(SUM(CASE WHEN f.report_rank = 1 THEN 1 ELSE 0 END) AS BIGINT) AS cadres_once,
       p.unit_list
FROM snapshots f
JOIN dim_admin_unit c ON c.admin_unit_sk = f.commune_admin_unit_sk
JOIN dim_admin_unit p ON p.unit_level = 'province' AND p.unit_list = c.unit_list AND p.unit_code = c.province_code
LEFT JOIN dim_program prog ON prog.program_sk = f.program_sk
LEFT JOIN dim_portfolio port ON port.portfolio_sk = f.portfolio_sk
LEFT JOIN dim_ethnicity eth ON eth.ethnicity_sk = f.ethnicity_sk
LEFT JOIN dim_education edu ON edu.education_sk = f.education_sk
GROUP BY p.province_code, p.province_name, f.report_year, prog.program_name, port.portfolio_name,
         eth.ethnicity_name, edu.education_name, f.is_party_member, f.meets_standard,
         p.province_code_2025, p.province_name_2025, p.unit_list
"""

_AGE_BAND_ORDER = " ".join(f"WHEN '{band}' THEN {n}" for n, (_, band) in enumerate(AGE_BANDS, start=1))
RPT_CADRE_AGE = f"""
CREATE OR REPLACE VIEW rpt_cadre_age AS
WITH snapshots AS (
    -- counted once as in rpt_cadre_profile: the snapshot received last
    SELECT f.report_year, f.commune_admin_unit_sk, f.age_band, f.gender_sk,
           ROW_NUMBER() OVER (PARTITION BY f.cadre_hash, f.report_year
                              ORDER BY s.received_at DESC, f.submission_sk DESC) AS report_rank
    FROM fact_cadre_snapshot f
    JOIN dim_submission s ON s.submission_sk = f.submission_sk
)
SELECT p.province_code, p.province_name, f.report_year, f.age_band,
       CASE f.age_band {_AGE_BAND_ORDER} WHEN '{OLDEST_BAND}' THEN {len(AGE_BANDS) + 1} END AS age_band_order,
       CASE WHEN f.age_band IS NULL THEN NULL ELSE f.age_band IN ('{AGE_BANDS[0][1]}', '{AGE_BANDS[1][1]}') END
           AS is_under_35,
       g.gender_name AS gender,
       CAST(COUNT(*) AS BIGINT) AS cadres,
       CAST(SUM(CASE WHEN f.report_rank = 1 THEN 1 ELSE 0 END) AS BIGINT) AS cadres_once,
       p.province_code_2025, p.province_name_2025, p.unit_list
FROM snapshots f
JOIN dim_admin_unit c ON c.admin_unit_sk = f.commune_admin_unit_sk
JOIN dim_admin_unit p ON p.unit_level = 'province' AND p.unit_list = c.unit_list AND p.unit_code = c.province_code
LEFT JOIN dim_gender g ON g.gender_sk = f.gender_sk
GROUP BY p.province_code, p.province_name, f.report_year, f.age_band, g.gender_name,
         p.province_code_2025, p.province_name_2025, p.unit_list
"""
"""Cadres by age band and gender: the age indicators (young cadres under 35, 60 and over) read as
aggregates; the band sorts by `age_band_order` (its text sorts 'Dưới 30' last)."""

RPT_TRAINING = """
CREATE OR REPLACE VIEW rpt_training AS
SELECT p.province_code, p.province_name, f.report_year,
       k.course_kind_name AS course_kind, t.topic_name AS topic, fp.funding_program_name AS funding_program,
       dl.degree_level_name AS degree_level,
       CAST(COUNT(*) AS BIGINT) AS courses, CAST(SUM(f.participant_count) AS BIGINT) AS participants,
       CAST(SUM(f.budget_vnd) AS BIGINT) AS budget_vnd,
       p.province_code_2025, p.province_name_2025,
       -- a course without a stated budget adds nothing to budget_vnd: these say what the sum covers
       CAST(COUNT(f.budget_vnd) AS BIGINT) AS courses_with_budget,
       CAST(SUM(CASE WHEN f.budget_vnd IS NOT NULL THEN f.participant_count END) AS BIGINT)
           AS participants_with_budget,
       p.unit_list
FROM fact_course f
JOIN dim_admin_unit p ON p.admin_unit_sk = f.province_admin_unit_sk
LEFT JOIN dim_course_kind k ON k.course_kind_sk = f.course_kind_sk
LEFT JOIN dim_topic t ON t.topic_sk = f.topic_sk
LEFT JOIN dim_funding_program fp ON fp.funding_program_sk = f.funding_program_sk
LEFT JOIN dim_degree_level dl ON dl.degree_level_sk = f.degree_level_sk
GROUP BY p.province_code, p.province_name, f.report_year, k.course_kind_name, t.topic_name,
         fp.funding_program_name, dl.degree_level_name, p.province_code_2025, p.province_name_2025, p.unit_list
"""

RPT_COMMUNE_CRITERIA = """
CREATE OR REPLACE VIEW rpt_commune_criteria AS
WITH commune_years AS (
    SELECT commune_admin_unit_sk, report_year FROM fact_criteria_status
    UNION
    SELECT commune_admin_unit_sk, report_year FROM fact_commune_recognition
    UNION
    -- a recognition carries forward: the commune appears in every later year its province reported
    -- (same unit list), even without criteria rows of its own that year
    SELECT r.commune_admin_unit_sk, s.report_year
    FROM fact_commune_recognition r
    JOIN dim_admin_unit c ON c.admin_unit_sk = r.commune_admin_unit_sk
    JOIN dim_submission s ON s.is_current AND s.province_code = c.province_code AND s.unit_list = c.unit_list
                         AND s.report_year > r.report_year
),
assessed AS (
    SELECT f.commune_admin_unit_sk, f.report_year,
           CAST(SUM(CASE WHEN f.is_met THEN 1 ELSE 0 END) AS INTEGER) AS criteria_met,
           CAST(COUNT(*) AS INTEGER) AS criteria_assessed,
           STRING_AGG(CASE WHEN NOT f.is_met THEN CAST(d.criterion_no AS VARCHAR) END, ','
                      ORDER BY d.criterion_no) AS unmet_criteria
    FROM fact_criteria_status f
    JOIN dim_criterion d ON d.criterion_sk = f.criterion_sk
    GROUP BY f.commune_admin_unit_sk, f.report_year
),
year_sets AS (  -- the criteria set in force each year, and its decision
    SELECT y.report_year, MIN(s.criteria_set) AS criteria_set, MIN(s.decision) AS criteria_decision
    FROM (SELECT DISTINCT report_year FROM commune_years) y
    JOIN dim_criterion s ON y.report_year BETWEEN s.first_year AND s.last_year
    GROUP BY y.report_year
),
set_sizes AS (
    SELECT criteria_set, CAST(COUNT(*) AS INTEGER) AS criteria_in_set FROM dim_criterion GROUP BY criteria_set
),
held AS (  -- each recognition a commune holds in a year, the highest level (first granted) first
    SELECT cy.commune_admin_unit_sk, cy.report_year, lvl.recognition_level_name, r.report_year AS granted_in,
           ROW_NUMBER() OVER (PARTITION BY cy.commune_admin_unit_sk, cy.report_year
                              ORDER BY lvl.sort_order DESC, r.report_year) AS rank_held
    FROM commune_years cy
    JOIN fact_commune_recognition r
      ON r.commune_admin_unit_sk = cy.commune_admin_unit_sk AND r.report_year <= cy.report_year
    JOIN dim_recognition_level lvl ON lvl.recognition_level_sk = r.recognition_level_sk
)
SELECT c.province_code, c.unit_code AS commune_code, c.unit_name AS commune_name, cy.report_year,
       ys.criteria_set,
       -- a commune listed only for a recognition carried forward was not assessed that year: its met
       -- count and unmet list are unknown (NULL), not 0 and '' (which would read as "met all 0 of 0")
       a.criteria_met,
       COALESCE(a.criteria_assessed, 0) AS criteria_assessed,
       CASE WHEN a.commune_admin_unit_sk IS NULL THEN NULL ELSE COALESCE(a.unmet_criteria, '') END
           AS unmet_criteria,
       h.recognition_level_name AS recognised_level,
       c.province_name, c.province_code_2025, c.province_name_2025,
       c.commune_code_2025, c.commune_name_2025, c.unit_list,
       ys.criteria_decision,
       -- how many criteria the year's set has: a commune listing fewer (a warning, its rows load) has
       -- not met them all, however many of those it listed are met
       COALESCE(ss.criteria_in_set, 0) AS criteria_in_set,
       -- when the level held was granted, and under which set: a 2025 (QĐ 318) recognition carried into
       -- 2026 is not one under QĐ 51/2025
       h.granted_in AS recognised_in_year,
       gs.criteria_set AS recognised_criteria_set
FROM commune_years cy
JOIN dim_admin_unit c ON c.admin_unit_sk = cy.commune_admin_unit_sk
LEFT JOIN assessed a ON a.commune_admin_unit_sk = cy.commune_admin_unit_sk AND a.report_year = cy.report_year
LEFT JOIN year_sets ys ON ys.report_year = cy.report_year
LEFT JOIN set_sizes ss ON ss.criteria_set = ys.criteria_set
LEFT JOIN held h
       ON h.commune_admin_unit_sk = cy.commune_admin_unit_sk AND h.report_year = cy.report_year AND h.rank_held = 1
LEFT JOIN year_sets gs ON gs.report_year = h.granted_in
"""

STATUS_LABELS = {
    "accepted": "Được chấp nhận",
    "accepted_with_errors": "Được chấp nhận, có lỗi",
    "rejected": "Bị từ chối",
    "superseded": "Đã được thay thế",
    "held": "Chờ mở khóa (năm đã phê duyệt)",
    "approved": "Đã phê duyệt",
    "reloaded": "Đã nạp lại khi mở khóa",
}
COMPLETENESS_LABELS = {
    "on_time": "Đúng hạn",
    "late": "Muộn hạn",
    "no_valid_submission": "Chưa có bản hợp lệ",
    "missing": "Chưa nộp (quá hạn)",
    "not_yet_due": "Chưa đến hạn",
}
"""The Vietnamese a BI user reads beside each code value (the code columns stay, for filters and joins);
severities as the province's reports say them (schemas.rules.SEVERITY_VI)."""


def _label(column: str, labels: dict[str, str]) -> str:
    """A CASE giving each code value of `column` its label (the code itself when it has none)."""
    whens = " ".join(f"WHEN '{code}' THEN '{label}'" for code, label in labels.items())
    return f"CASE {column} {whens} ELSE {column} END"


def _a_reporting_year(submission: str = "") -> str:
    """A year a file can report, as validation judges it (FILE.YEAR_INVALID): a file refused for a year
    mistyped (2052, 2009) stays in the ledger (dim_submission) but makes no province-year row of its own
    in the status and rate views, whose grids would grow a column for every typo."""
    at = f"{submission}." if submission else ""
    received = f"EXTRACT(YEAR FROM {at}received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')"
    return f"{at}report_year BETWEEN {FIRST_REPORT_YEAR} AND {received}"


_FIRST_VALID = "MIN(CASE WHEN outcome IN ('accepted', 'accepted_with_errors') THEN received_at END)"
"""When a province-year's first valid file came (accepted, with errors or not): on time is judged by it."""

RPT_SUBMISSION_STATUS = f"""
CREATE OR REPLACE VIEW rpt_submission_status AS
WITH ranked AS (
    SELECT s.*,
           ROW_NUMBER() OVER (PARTITION BY province_code, report_year
                              ORDER BY CASE WHEN is_current THEN 0 ELSE 1 END, received_at DESC) AS rank_in_year
    FROM dim_submission s
    WHERE province_code IS NOT NULL AND {_a_reporting_year()}
),
counts AS (
    -- a held file reloaded at unlock has two ledger rows (held, then loaded): it is one file received
    SELECT province_code, report_year,
           CAST(SUM(CASE WHEN status = 'superseded' THEN 1 ELSE 0 END) AS INTEGER) AS superseded_count,
           CAST(SUM(CASE WHEN status = 'reloaded' THEN 0 ELSE 1 END) AS INTEGER) AS submissions_received,
           MIN(received_at) AS first_received_at,
           {_FIRST_VALID}
               AS first_valid_received_at,
           MAX(received_at) AS last_received_at,
           -- every row the province-year's files sent: rpt_validation_issue_rate's denominator, here for
           -- every province-year, those without any issue too (a national rate needs them)
           CAST(SUM(CASE WHEN status = 'reloaded' THEN 0
                         ELSE rows_loaded + rows_quarantined + COALESCE(rows_valid_rejected, 0) END) AS BIGINT)
               AS rows_checked
    FROM dim_submission
    WHERE province_code IS NOT NULL AND {_a_reporting_year()}
    GROUP BY province_code, report_year
)
SELECT r.province_code, p.province_name, r.report_year, r.status, r.received_at,
       r.rows_loaded, r.rows_quarantined, k.superseded_count,
       k.submissions_received, k.last_received_at, r.file_name,
       p.province_code_2025, p.province_name_2025,
       k.first_received_at, k.first_valid_received_at, e.due_date,
       CASE WHEN e.due_date IS NULL OR k.first_valid_received_at IS NULL THEN NULL
            ELSE CAST(k.first_valid_received_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS DATE) <= e.due_date
       END AS is_on_time,
       CASE WHEN r.status = 'approved' THEN TRUE ELSE FALSE END AS is_approved,
       k.rows_checked,
       {_label("r.status", STATUS_LABELS)} AS status_label,
       r.unit_list
FROM ranked r
JOIN counts k ON k.province_code = r.province_code AND k.report_year = r.report_year
LEFT JOIN expected_submission e ON e.province_code = r.province_code AND e.report_year = r.report_year
LEFT JOIN dim_admin_unit p ON p.unit_level = 'province' AND p.unit_list = r.unit_list AND p.unit_code = r.province_code
WHERE r.rank_in_year = 1
"""

_COMPLETENESS = """CASE WHEN s.province_code IS NULL
                 AND CAST(CURRENT_TIMESTAMP AT TIME ZONE 'Asia/Ho_Chi_Minh' AS DATE) <= e.due_date THEN 'not_yet_due'
            WHEN s.province_code IS NULL THEN 'missing'
            WHEN s.first_valid_received_at IS NULL THEN 'no_valid_submission'
            WHEN CAST(s.first_valid_received_at AT TIME ZONE 'Asia/Ho_Chi_Minh' AS DATE) <= e.due_date THEN 'on_time'
            ELSE 'late' END"""
"""Nothing received yet is missing only once the due date has passed (the day in Vietnam)."""

WORKBOOK_SUFFIXES = (".csv", ".ods", ".xls", ".xlsm", ".xlsx")
"""The files the reader takes (cadres.workbook.EXCEL_SUFFIXES and CSV), spelled here: views need no reader."""
_A_WORKBOOK_NAME = " OR ".join(
    [
        *(f"LOWER(f.file_name) LIKE '%{suffix}'" for suffix in WORKBOOK_SUFFIXES),
        "f.file_name NOT LIKE '%.%'",
        "f.archive_path LIKE '%' || f.submission_id",
    ]
)
"""A file a reader takes, by its name (a workbook, a CSV file, a name without a suffix) or its archived
copy's (a folder is archived under its hash alone, a file with its suffix: a folder of CSV files named
'BC 31.12.2024' is one): a letter (.pdf, .docx) sent beside a report is taken, recorded and answered, but
it is no try at the report."""

_YEAR_UNREAD = f"""
    SELECT province_code, report_year,
           CAST(COUNT(*) AS INTEGER) AS files_without_year, MAX(received_at) AS last_file_without_year_at
    FROM (
        SELECT f.province_code, f.received_at, MIN(e.report_year) AS report_year
        FROM dim_submission f
        JOIN expected_submission e
          ON e.province_code = f.province_code
         AND e.report_year <= EXTRACT(YEAR FROM f.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')
        LEFT JOIN (
            SELECT province_code, report_year,
                   {_FIRST_VALID}
                       AS first_valid_received_at
            FROM dim_submission
            WHERE province_code IS NOT NULL AND {_a_reporting_year()}
            GROUP BY province_code, report_year
        ) s ON s.province_code = e.province_code AND s.report_year = e.report_year
        WHERE f.outcome = 'rejected' AND NOT COALESCE({_a_reporting_year("f")}, FALSE) AND ({_A_WORKBOOK_NAME})
          AND (s.first_valid_received_at IS NULL OR s.first_valid_received_at > f.received_at)
        GROUP BY f.submission_sk, f.province_code, f.received_at
    ) tried
    GROUP BY province_code, report_year"""
"""Per expected province-year, the workbooks its province sent whose reporting year could not be read (none
written, a damaged file) or is none a file can report (2052), each counted for the oldest year its
province still owed when it came (begun by then, no valid report yet): the report it most likely tried to
send. The year's row would otherwise call the province missing without a word of them."""

_NO_VALID_REPORT = "('missing', 'not_yet_due', 'no_valid_submission')"

RPT_COMPLETENESS = f"""
CREATE OR REPLACE VIEW rpt_completeness AS
WITH unread AS ({_YEAR_UNREAD}
),
judged AS (
    SELECT e.province_code, p.province_name, e.report_year, e.due_date,
           s.status, s.first_received_at, s.first_valid_received_at,
           {_COMPLETENESS} AS completeness,
           p.province_code_2025, p.province_name_2025, s.status_label, e.unit_list,
           u.files_without_year, u.last_file_without_year_at
    FROM expected_submission e
    LEFT JOIN rpt_submission_status s ON s.province_code = e.province_code AND s.report_year = e.report_year
    LEFT JOIN dim_admin_unit p
           ON p.unit_level = 'province' AND p.unit_list = e.unit_list AND p.unit_code = e.province_code
    LEFT JOIN unread u ON u.province_code = e.province_code AND u.report_year = e.report_year
)
SELECT province_code, province_name, report_year, due_date, status, first_received_at, first_valid_received_at,
       completeness, province_code_2025, province_name_2025,
       {_label("completeness", COMPLETENESS_LABELS)} AS completeness_label, status_label, unit_list,
       CAST(CASE WHEN completeness IN {_NO_VALID_REPORT} THEN COALESCE(files_without_year, 0) ELSE 0 END
            AS INTEGER) AS files_without_year,
       CASE WHEN completeness IN {_NO_VALID_REPORT} THEN last_file_without_year_at END AS last_file_without_year_at
FROM judged
"""
"""`files_without_year` and `last_file_without_year_at` are given only while the year has no valid report:
once it has one, the files it counted were tries at that report."""

RPT_REFORM_COVERAGE = """
CREATE OR REPLACE VIEW rpt_reform_coverage AS
SELECT province_code_2025, province_name_2025, report_year, unit_list,
       CAST(COUNT(*) AS INTEGER) AS provinces_expected,
       CAST(COUNT(first_valid_received_at) AS INTEGER) AS provinces_reported,
       STRING_AGG(CASE WHEN first_valid_received_at IS NULL THEN province_code END, ','
                  ORDER BY province_code) AS provinces_not_reported,
       COUNT(*) = COUNT(first_valid_received_at) AS is_complete,
       CAST(SUM(CASE WHEN completeness = 'not_yet_due' THEN 1 ELSE 0 END) AS INTEGER) AS provinces_not_yet_due
FROM rpt_completeness
GROUP BY province_code_2025, province_name_2025, report_year, unit_list
"""
"""How much of each 2025 province a year's figures cover: a legacy year read at the 2025 level adds up the
provinces merged into it that sent a valid report (Tuyên Quang 08 and Hà Giang 02 for today's 08), so a
trend across the reform is only like for like where `is_complete`; `provinces_not_yet_due` says how many of
those not reported are not late (their due date, in Vietnam, has not passed)."""

RPT_VALIDATION_ISSUE_RATE = f"""
CREATE OR REPLACE VIEW rpt_validation_issue_rate AS
WITH checked AS (
    SELECT province_code, report_year, MAX(unit_list) AS unit_list,
           CAST(COUNT(*) AS INTEGER) AS submissions_checked,
           CAST(SUM(rows_loaded + rows_quarantined + COALESCE(rows_valid_rejected, 0)) AS BIGINT) AS rows_checked
    FROM dim_submission
    WHERE province_code IS NOT NULL AND {_a_reporting_year()} AND status <> 'reloaded'
    GROUP BY province_code, report_year
),
found AS (
    SELECT s.province_code, s.report_year, i.rule_code,
           CAST(COUNT(DISTINCT s.submission_sk) AS INTEGER) AS submissions,
           CAST(SUM(i.issue_count) AS BIGINT) AS issues
    FROM fact_validation_issue i
    JOIN dim_submission s ON s.submission_sk = i.submission_sk
    WHERE s.province_code IS NOT NULL AND s.status <> 'reloaded' AND (s.report_year IS NULL OR {_a_reporting_year("s")})
    GROUP BY s.province_code, s.report_year, i.rule_code
)
SELECT f.province_code, f.report_year, f.rule_code, r.severity, r.message, f.submissions, f.issues,
       c.rows_checked,
       CAST(100.0 * f.issues / NULLIF(c.rows_checked, 0) AS DOUBLE PRECISION) AS issues_per_100_rows,
       c.submissions_checked, p.province_name, p.province_code_2025, p.province_name_2025,
       {_label("r.severity", SEVERITY_VI)} AS severity_label,
       c.unit_list
FROM found f
JOIN dim_rule r ON r.rule_code = f.rule_code
LEFT JOIN checked c ON c.province_code = f.province_code AND c.report_year = f.report_year
LEFT JOIN dim_admin_unit p ON p.unit_level = 'province' AND p.unit_list = c.unit_list AND p.unit_code = f.province_code
"""
"""Rows checked are those of every file the province-year received, clean ones included: a rule's rate
is over everything the province sent that year, the same denominator for every rule. A file rejected
whole (strict mode, another province's data, its ThongTin province refused) counts its valid rows too,
which it did not load (null in ledgers older than the column: those count its held rows only, as before);
they count for the province that sent the file (its folder), whose submission it is, even where they
are another province's data. A file whose year could not be read keeps its rows
with the year null: no denominator and no province name (which list's name is unknown without a year)."""

VIEWS = {
    "rpt_cadre_profile": RPT_CADRE_PROFILE,
    "rpt_cadre_age": RPT_CADRE_AGE,
    "rpt_training": RPT_TRAINING,
    "rpt_commune_criteria": RPT_COMMUNE_CRITERIA,
    "rpt_submission_status": RPT_SUBMISSION_STATUS,
    "rpt_completeness": RPT_COMPLETENESS,
    "rpt_validation_issue_rate": RPT_VALIDATION_ISSUE_RATE,
    "rpt_reform_coverage": RPT_REFORM_COVERAGE,
}
"""In dependency order: a view comes after the views it reads."""


VIEW_COMMENTS = {
    "rpt_cadre_profile": "Hồ sơ cán bộ: one row per province × year × program × portfolio × ethnicity × education "
    "× party membership × meets-standard",
    "rpt_cadre_age": "Cán bộ theo nhóm tuổi và giới tính: one row per province × year × age band × gender",
    "rpt_training": "Đào tạo, bồi dưỡng: one row per province × year × course kind × topic × funding program "
    "× degree level",
    "rpt_commune_criteria": "Tiêu chí nông thôn mới theo xã: one row per commune × year",
    "rpt_submission_status": "Tình trạng nộp báo cáo: one row per province × year",
    "rpt_completeness": "Tính đầy đủ, đúng hạn: one row per expected province × year",
    "rpt_validation_issue_rate": "Chất lượng dữ liệu: one row per province × year × rule",
    "rpt_reform_coverage": "Độ phủ theo tỉnh sau sắp xếp 2025: one row per 2025 province × year; the provinces "
    "expected that year (several in a legacy year) and how many sent a valid report",
}
COLUMN_LABELS = {
    "province_code": "Mã tỉnh",
    "province_name": "Tên tỉnh",
    "report_year": "Năm báo cáo",
    "province_code_2025": "Mã tỉnh sau sắp xếp 2025",
    "province_name_2025": "Tên tỉnh sau sắp xếp 2025",
    "program": "Chương trình (trống: thường xuyên)",
    "portfolio": "Lĩnh vực phụ trách",
    "ethnicity": "Dân tộc",
    "education": "Trình độ chuyên môn",
    "party_member": "Đảng viên",
    "meets_standard": "Đạt chuẩn",
    "cadres": "Số cán bộ theo báo cáo của tỉnh (người hai tỉnh cùng báo cáo được tính ở mỗi tỉnh; "
    "cộng toàn quốc: cadres_once)",
    "course_kind": "Loại hình",
    "topic": "Nội dung",
    "funding_program": "Chương trình",
    "degree_level": "Trình độ đào tạo",
    "courses": "Số khóa học",
    "participants": "Số lượt học viên",
    "budget_vnd": "Kinh phí (đồng; chỉ các khóa có ghi kinh phí)",
    "courses_with_budget": "Số khóa học có ghi kinh phí",
    "participants_with_budget": "Số lượt học viên của các khóa có ghi kinh phí",
    "commune_code": "Mã xã",
    "commune_name": "Tên xã",
    "age_band": "Nhóm tuổi tại ngày 31/12 năm báo cáo",
    "age_band_order": "Thứ tự nhóm tuổi (sắp xếp theo cột này)",
    "is_under_35": "Dưới 35 tuổi (cán bộ trẻ)",
    "gender": "Giới tính",
    "cadres_once": "Số cán bộ, mỗi người tính một lần trong năm (ở tỉnh có báo cáo nhận sau cùng)",
    "criteria_set": "Bộ tiêu chí",
    "criteria_decision": "Quyết định ban hành bộ tiêu chí",
    "criteria_met": "Số tiêu chí đạt",
    "criteria_assessed": "Số tiêu chí đánh giá",
    "criteria_in_set": "Số tiêu chí của bộ (đạt đủ khi bằng số tiêu chí đạt)",
    "unmet_criteria": "Tiêu chí chưa đạt ('' khi đạt đủ; trống khi năm đó xã không được đánh giá)",
    "recognised_level": "Mức đạt chuẩn (giữ đến cuối năm)",
    "recognised_in_year": "Năm được công nhận mức đang giữ",
    "recognised_criteria_set": "Bộ tiêu chí của năm được công nhận (khác bộ của năm báo cáo khi mức được giữ từ trước)",
    "commune_code_2025": "Mã xã kế thừa 2025",
    "commune_name_2025": "Tên xã kế thừa 2025",
    "unit_list": "Danh mục đơn vị hành chính",
    "status": "Trạng thái",
    "received_at": "Thời điểm nhận",
    "rows_loaded": "Số dòng đã nạp",
    "rows_quarantined": "Số dòng bị giữ lại",
    "superseded_count": "Số lần bị thay thế",
    "submissions_received": "Số tệp đã nhận",
    "last_received_at": "Lần nhận gần nhất",
    "file_name": "Tên tệp",
    "first_received_at": "Lần nhận đầu tiên",
    "first_valid_received_at": "Bản hợp lệ đầu tiên",
    "due_date": "Hạn nộp",
    "is_on_time": "Đúng hạn",
    "is_approved": "Đã phê duyệt",
    "completeness": "Tình trạng (on_time, late, no_valid_submission, missing, not_yet_due)",
    "completeness_label": "Tình trạng (tiếng Việt)",
    "files_without_year": "Số tệp không xác định được năm báo cáo, tính cho năm sớm nhất mà tỉnh còn thiếu báo cáo "
    "khi gửi (0 khi năm đã có bản hợp lệ)",
    "last_file_without_year_at": "Lần nhận gần nhất tệp không xác định được năm báo cáo (khi năm chưa có bản hợp lệ)",
    "status_label": "Trạng thái (tiếng Việt)",
    "severity_label": "Mức độ (tiếng Việt)",
    "rule_code": "Mã quy tắc",
    "severity": "Mức độ",
    "message": "Nội dung lỗi",
    "submissions": "Số tệp có lỗi này",
    "submissions_checked": "Số tệp đã kiểm tra",
    "issues": "Số lỗi",
    "rows_checked": "Số dòng đã kiểm tra (mọi tệp của tỉnh trong năm)",
    "issues_per_100_rows": "Số lỗi trên 100 dòng",
    "provinces_expected": "Số tỉnh phải báo cáo năm đó (trước sắp xếp: các tỉnh hợp thành)",
    "provinces_reported": "Số tỉnh đã có báo cáo hợp lệ",
    "provinces_not_reported": "Mã các tỉnh chưa có báo cáo hợp lệ",
    "is_complete": "Đủ mọi tỉnh hợp thành (so sánh qua sắp xếp 2025 chỉ đúng khi đủ)",
    "provinces_not_yet_due": "Số tỉnh chưa báo cáo nhưng chưa đến hạn",
}
VIEWS_VERSION = hashlib.sha256("".join(VIEWS.values()).encode()).hexdigest()[:16]


def _comment(conn: Connection, name: str) -> None:
    conn.execute(sa.text(f"COMMENT ON VIEW {name} IS '{_quote(VIEW_COMMENTS[name])}'"))
    columns = conn.execute(sa.text(f"SELECT * FROM {name} WHERE 1 = 0")).keys()
    for column in columns:
        conn.execute(sa.text(f"COMMENT ON COLUMN {name}.{column} IS '{_quote(COLUMN_LABELS[column])}'"))


def _quote(text: str) -> str:
    return text.replace("'", "''")


def create_views(conn: Connection) -> None:
    """Create or replace the reporting views when their definitions changed, never dropping them:
    objects BI users build on top of a view survive, and loads take no lock on the views."""
    if stored_version(conn, "views_version") == VIEWS_VERSION:
        return
    for name, ddl in VIEWS.items():
        conn.execute(sa.text(ddl))
        _comment(conn, name)
    store_version(conn, "views_version", VIEWS_VERSION)
