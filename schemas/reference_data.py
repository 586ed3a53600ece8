"""Reference data from the libraries that maintain it, wrapped in one place.

Administrative units come from `vietnamadminunits` (MIT): its SQLite tables for the legacy
(63 provinces, 10,035 communes) and 2025 (34 provinces, 3,321 communes) lists, and its
legacy→2025 crosswalk. We read the shipped tables only; the package's converter geocodes
addresses online, which we never call. Codes are reused across the two lists, so every code
here travels with its `unit_list` ("legacy" or "2025").
"""

from __future__ import annotations

import csv
import importlib.util
import json
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import pandas as pd

from schemas.codelists import REFERENCE_DIR

UnitList = Literal["legacy", "2025"]
FIRST_REPORT_YEAR = 2010
"""The first year a file may report (the first national criteria set, QĐ 491/2009, runs from 2010)."""
LEGACY_LAST_YEAR = 2024
"""Reporting years up to 2024 use the legacy units; from 2025 (reporting date 31/12) the 2025 units."""


def unit_list_for_year(report_year: int) -> UnitList:
    return "legacy" if report_year <= LEGACY_LAST_YEAR else "2025"


def _package_data(name: str) -> Path:
    """A data file shipped with vietnamadminunits, found without importing the package: its parser
    compiles hundreds of regular expressions on import (a third of a second in every worker process),
    and we only read its tables."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("vietnamadminunits is not installed: it ships the administrative units")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / name


@lru_cache(maxsize=2)
def communes(unit_list: UnitList) -> pd.DataFrame:
    """One row per commune of the list: codes as zero-padded text, names as published."""
    con = sqlite3.connect(f"file:{_package_data('dataset.db')}?mode=ro", uri=True)
    try:
        if unit_list == "legacy":
            query = """SELECT provinceCode AS province_code, province AS province_name,
                              districtCode AS district_code, district AS district_name,
                              wardCode AS commune_code, ward AS commune_name,
                              provinceKey || '_' || districtKey || '_' || wardKey AS unit_key
                       FROM admin_units_legacy WHERE wardCode IS NOT NULL"""
        else:
            query = """SELECT provinceCode AS province_code, province AS province_name,
                              NULL AS district_code, NULL AS district_name,
                              wardCode AS commune_code, ward AS commune_name,
                              provinceKey || '_' || wardKey AS unit_key
                       FROM admin_units"""
        frame = pd.read_sql_query(query, con)
    finally:
        con.close()
    frame.insert(0, "unit_list", unit_list)
    return frame.drop_duplicates("commune_code").reset_index(drop=True).astype("string[pyarrow]")


@lru_cache(maxsize=2)
def provinces(unit_list: UnitList) -> pd.DataFrame:
    """One row per province of the list."""
    return (
        communes(unit_list)[["unit_list", "province_code", "province_name"]]
        .drop_duplicates("province_code")
        .sort_values("province_code")
        .reset_index(drop=True)
    )


def _province_keys(unit_list: UnitList) -> dict[str, str]:
    """vietnamadminunits province key → province code."""
    keys = communes(unit_list)["unit_key"].str.split("_").str[0]
    return dict(zip(keys, communes(unit_list)["province_code"], strict=True))


@lru_cache(maxsize=1)
def _converter() -> dict:
    return json.loads(_package_data("converter_2025.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def province_successors() -> pd.DataFrame:
    """Legacy province code → the 2025 province that absorbed it (each goes to exactly one)."""
    legacy_keys, new_keys = _province_keys("legacy"), _province_keys("2025")
    rows = [(legacy_keys[old], new_keys[new]) for new, olds in _converter()["DICT_PROVINCE"].items() for old in olds]
    return pd.DataFrame(rows, columns=["legacy_province_code", "province_code_2025"]).astype("string[pyarrow]")


@lru_cache(maxsize=1)
def commune_successors() -> pd.DataFrame:
    """Legacy commune → 2025 commune(s), many-to-many.

    A legacy commune split across several 2025 communes has one row per candidate,
    `is_split` true and exactly one `is_default` row: the package's default choice, which is
    a heuristic, not an official apportionment. Reports that roll legacy figures up to 2025
    units use the default row and say so (docs/decisions.md).
    """
    legacy = dict(zip(communes("legacy")["unit_key"], communes("legacy")["commune_code"], strict=True))
    new = communes("2025")
    new_by_key = dict(zip(new["unit_key"], new["commune_code"], strict=True))
    conv = _converter()
    rows: list[tuple[str, str, bool, bool]] = []
    for new_province, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, legacy_keys in wards.items():
            new_code = new_by_key.get(f"{new_province}_{new_ward}")
            rows += [(legacy[k], new_code, True, False) for k in legacy_keys if k in legacy and new_code]
    for new_province, legacy_map in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for legacy_key, candidates in legacy_map.items():
            if legacy_key not in legacy:
                continue
            for cand in candidates:
                new_code = new_by_key.get(f"{new_province}_{cand['newWardKey']}")
                if new_code:
                    rows.append((legacy[legacy_key], new_code, bool(cand["isDefaultNewWard"]), True))
    frame = pd.DataFrame(rows, columns=["legacy_commune_code", "commune_code_2025", "is_default", "is_split"])
    return frame.drop_duplicates(["legacy_commune_code", "commune_code_2025"]).reset_index(drop=True)


def legacy_province_codes() -> frozenset[str]:
    """The 63 legacy GSO province codes; the ID's birth-place code is '0' + one of them."""
    return frozenset(provinces("legacy")["province_code"])


@dataclass(frozen=True)
class CriteriaSet:
    name: str
    decision: str
    first_year: int
    last_year: int
    criteria: dict[int, str]


@lru_cache(maxsize=1)
def criteria_sets() -> tuple[CriteriaSet, ...]:
    """National New Rural Development criteria sets (reference.md §1), by period."""
    with (REFERENCE_DIR / "criteria.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    sets: dict[str, CriteriaSet] = {}
    for r in rows:
        cset = sets.setdefault(
            r["criteria_set"],
            CriteriaSet(r["criteria_set"], r["decision"], int(r["first_year"]), int(r["last_year"]), {}),
        )
        cset.criteria[int(r["criterion_no"])] = r["criterion_name"]
    return tuple(sets.values())


def last_year_with_criteria() -> int:
    """The last reporting year a criteria set of the reference data covers (QĐ 51/2025: 2030)."""
    return max(cset.last_year for cset in criteria_sets())


def criteria_set_for_year(report_year: int) -> CriteriaSet:
    """The set in force for a reporting year: 19 criteria up to 2025, 10 from 2026."""
    for cset in criteria_sets():
        if cset.first_year <= report_year <= cset.last_year:
            return cset
    raise ValueError(f"no national criteria set covers {report_year}")
