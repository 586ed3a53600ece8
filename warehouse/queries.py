"""Read-side queries for people: the national summary printed by the CLI, read from the rpt_* views.

In the criteria section `communes` counts the communes the view lists (a recognition carries a commune
into later years its province reports), `communes_assessed` those whose criteria the year's file gave:
the share meeting all criteria is over the second."""

from __future__ import annotations

import pandas as pd
from sqlalchemy.engine import Engine

from warehouse.backend import read_frame

SUMMARY_QUERIES = {
    "Tình trạng nộp báo cáo": """
        SELECT province_code, province_name, report_year, status, rows_loaded, rows_quarantined, superseded_count
        FROM rpt_submission_status ORDER BY report_year, province_code""",
    "Cán bộ theo tỉnh và năm": """
        SELECT province_code, province_name, report_year, SUM(cadres) AS cadres,
               SUM(CASE WHEN party_member THEN cadres ELSE 0 END) AS party_members,
               SUM(CASE WHEN meets_standard THEN cadres ELSE 0 END) AS meeting_standard,
               province_code_2025
        FROM rpt_cadre_profile
        GROUP BY province_code, province_name, report_year, province_code_2025
        ORDER BY report_year, province_code""",
    "Đào tạo, bồi dưỡng": """
        SELECT province_code, report_year, SUM(courses) AS courses, SUM(participants) AS participants,
               SUM(budget_vnd) AS budget_vnd, SUM(courses_with_budget) AS courses_with_budget
        FROM rpt_training GROUP BY province_code, report_year ORDER BY report_year, province_code""",
    "Tiêu chí nông thôn mới": """
        SELECT province_code, report_year, criteria_set, COUNT(*) AS communes,
               SUM(CASE WHEN criteria_assessed > 0 THEN 1 ELSE 0 END) AS communes_assessed,
               SUM(CASE WHEN criteria_met = criteria_in_set THEN 1 ELSE 0 END)
                   AS communes_all_met,
               SUM(CASE WHEN recognised_level IS NOT NULL THEN 1 ELSE 0 END) AS communes_recognised
        FROM rpt_commune_criteria GROUP BY province_code, report_year, criteria_set
        ORDER BY report_year, province_code""",
}


def national_summary(engine: Engine) -> dict[str, pd.DataFrame]:
    with engine.connect() as conn:
        return {title: read_frame(conn, sql) for title, sql in SUMMARY_QUERIES.items()}
