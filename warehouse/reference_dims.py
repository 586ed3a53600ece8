"""Rows of the reference dimensions: dates, administrative units, criteria, code lists.

Pure functions from the reference data to frames shaped like their tables; loading them is
the backend's job.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from schemas import codelists as cl
from schemas.reference_data import (
    commune_successors,
    communes,
    criteria_set_for_year,
    criteria_sets,
    province_successors,
    provinces,
)
from schemas.rules import RULES
from warehouse.keys import surrogate_key

REFORM_DATE = dt.date(2025, 7, 1)
FIRST_DATE, LAST_DATE = dt.date(1940, 1, 1), dt.date(2060, 12, 31)
"""Every date a fact can carry: a cadre aged 70 in 2010 could have been appointed from 1958."""


def date_sk(values: pd.Series) -> pd.Series:
    """yyyymmdd integer key of each date (null stays null)."""
    stamps = pd.to_datetime(values)
    return (stamps.dt.year * 10000 + stamps.dt.month * 100 + stamps.dt.day).astype("Int64")


def admin_unit_sk(unit_list: str, level: str, code: str) -> int:
    return surrogate_key("admin_unit", unit_list, level, code)


def dim_date_rows() -> pd.DataFrame:
    days = pd.Series(pd.date_range(FIRST_DATE, LAST_DATE, freq="D"))
    return pd.DataFrame(
        {
            "date_sk": date_sk(days),
            "full_date": days.dt.date,
            "year": days.dt.year,
            "quarter": days.dt.quarter,
            "month": days.dt.month,
            "day": days.dt.day,
        }
    )


def dim_admin_unit_rows() -> pd.DataFrame:
    """Province and commune rows of both lists, with validity and the 2025 successor."""
    new_provinces = provinces("2025").set_index("province_code")["province_name"]
    new_communes = communes("2025").set_index("commune_code")["commune_name"]
    to_2025 = province_successors().set_index("legacy_province_code")["province_code_2025"]
    successors = commune_successors()
    default = successors[successors["is_default"]].set_index("legacy_commune_code")["commune_code_2025"]
    split = successors.groupby("legacy_commune_code")["is_split"].any()
    frames = []
    for unit_list in ("legacy", "2025"):
        legacy = unit_list == "legacy"
        valid = (None, REFORM_DATE - dt.timedelta(days=1)) if legacy else (REFORM_DATE, None)
        prov = provinces(unit_list).rename(columns={"province_code": "unit_code", "province_name": "unit_name"})
        prov = prov.assign(
            unit_level="province",
            province_code=prov["unit_code"],
            province_name=prov["unit_name"],
            district_code=None,
            district_name=None,
            commune_code_2025=None,
            is_split=False,
        )
        com = communes(unit_list).rename(columns={"commune_code": "unit_code", "commune_name": "unit_name"})
        com = com.assign(unit_level="commune")
        com["commune_code_2025"] = com["unit_code"].map(default) if legacy else com["unit_code"]
        com["is_split"] = com["unit_code"].map(split).fillna(False).astype(bool) if legacy else False
        rows = pd.concat([prov, com.drop(columns=["unit_key"])], ignore_index=True)
        rows["unit_list"] = unit_list
        rows["valid_from"], rows["valid_to"] = valid
        rows["province_code_2025"] = rows["province_code"].map(to_2025) if legacy else rows["province_code"]
        frames.append(rows)
    out = pd.concat(frames, ignore_index=True)
    out["province_name_2025"] = out["province_code_2025"].map(new_provinces)
    out["commune_name_2025"] = out["commune_code_2025"].map(new_communes)
    out["admin_unit_sk"] = [
        admin_unit_sk(u, lvl, code)
        for u, lvl, code in zip(out["unit_list"], out["unit_level"], out["unit_code"], strict=True)
    ]
    return out


def bridge_commune_successor_rows() -> pd.DataFrame:
    return commune_successors().copy()


def criterion_sk(criteria_set: str, number: int) -> int:
    return surrogate_key("criterion", criteria_set, number)


def dim_criterion_rows() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "criterion_sk": criterion_sk(s.name, n),
                "criteria_set": s.name,
                "decision": s.decision,
                "first_year": s.first_year,
                "last_year": s.last_year,
                "criterion_no": n,
                "criterion_name": name,
            }
            for s in criteria_sets()
            for n, name in s.criteria.items()
        ]
    )


def code_sk(codelist: cl.CodeList) -> dict[str, int]:
    """Canonical value → its key: the 1-based position in the standard's list."""
    return {value: i for i, value in enumerate(codelist.canonical, start=1)}


def code_dimension_rows(codelist: cl.CodeList) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {f"{codelist.name}_sk": i, f"{codelist.name}_name": value, "sort_order": i}
            for value, i in code_sk(codelist).items()
        ]
    )


def ethnicity_sk() -> dict[str, int]:
    return {g.name: int(g.code_2008) for g in cl.ethnic_groups()}


def dim_ethnicity_rows() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "ethnicity_sk": int(g.code_2008),
                "ethnicity_name": g.name,
                "code_2008": g.code_2008,
                "code_1979": g.code_1979,
                "name_1979": g.name_1979,
                "sort_order": int(g.code_2008),
            }
            for g in cl.ethnic_groups()
        ]
    )


def position_sk() -> dict[str, int]:
    return {p.name: i for i, p in enumerate(cl.positions(), start=1)}


def dim_position_rows() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "position_sk": i,
                "position_name": p.name,
                "staff_group": p.staff_group,
                "first_year": p.first_year,
                "last_year": p.last_year,
                "sort_order": i,
            }
            for i, p in enumerate(cl.positions(), start=1)
        ]
    )


def criteria_set_name(report_year: int) -> str:
    return criteria_set_for_year(report_year).name


def dim_rule_rows() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "rule_code": r.code,
                "severity": r.severity,
                "message": r.message,
                "hint": r.hint,
                "rejects_file": r.rejects_file,
            }
            for r in RULES.values()
        ]
    )
