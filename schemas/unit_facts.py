"""What the administrative-unit lists say of a code a province typed, for the province to read.

A refused commune code is told what it is (a legacy commune and the one it is part of since the 2025
reform, another province's commune), a legacy province's code its successor, and a file whose
communes lie mostly in another province is told whose they are. Each fact is looked up in dicts built
once per process from `reference_data`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from schemas.reference_data import UnitList, commune_successors, communes, province_successors, provinces
from schemas.unit_names import code_and_name


@dataclass(frozen=True)
class Commune:
    name: str
    province_name: str
    province_code: str


@lru_cache(maxsize=2)
def _communes(unit_list: UnitList) -> dict[str, Commune]:
    """Commune code → the commune as the list publishes it."""
    frame = communes(unit_list)
    columns = (frame[c] for c in ("commune_code", "commune_name", "province_name", "province_code"))
    return {
        code: Commune(name, province, province_code)
        for code, name, province, province_code in zip(*columns, strict=True)
    }


@lru_cache(maxsize=2)
def _province_names(unit_list: UnitList) -> dict[str, str]:
    frame = provinces(unit_list)
    return dict(zip(frame["province_code"], frame["province_name"], strict=True))


@lru_cache(maxsize=1)
def _successors() -> dict[str, tuple[str, bool]]:
    """Legacy commune code → its 2025 commune (the crosswalk's default where it was split) and whether
    it was split."""
    found = commune_successors()
    chosen = found[found["is_default"]]
    targets = zip(chosen["commune_code_2025"], chosen["is_split"], strict=True)
    return dict(zip(chosen["legacy_commune_code"], targets, strict=True))


_LEADING_CODE = re.compile(r"\s*(\d{1,5})\b")


def _code_in(cell: object) -> str | None:
    """The commune code a refused cell holds: with its name in either order, or leading the cell."""
    if not isinstance(cell, str):
        return None
    found = code_and_name(cell)
    code = found[0] if found else (leading.group(1) if (leading := _LEADING_CODE.match(cell)) else None)
    return code.zfill(5) if code else None


def outside_the_list(cell: object, unit_list: UnitList) -> str | None:
    """A 2025 or later file's code of the legacy list only: the commune it was and the one it is part of
    since the reform, the code to send ('02488' → Xã Trung Môn, now in Phường Minh Xuân, 02215)."""
    code = _code_in(cell)
    legacy = _communes("legacy")
    if code is None or unit_list != "2025" or code in _communes("2025") or code not in legacy:
        return None
    said = f"Mã {code} là {legacy[code].name} ({legacy[code].province_name}) trong danh mục trước 2025"
    new, split = _successors().get(code, (None, False))
    if new not in _communes("2025"):
        return said
    name = _communes("2025")[new].name
    if split:
        return f"{said}; từ 2025 chia cho nhiều xã, trong đó {name}, mã {new}: chọn đúng xã"
    return f"{said}; từ 2025 thuộc {name}, mã {new}"


def in_another_province(cell: object, unit_list: UnitList) -> str | None:
    """Which province a commune of another province's is in ('07033' → Xã Kỳ Thượng, Quảng Ninh, 22)."""
    code = _code_in(cell)
    commune = _communes(unit_list).get(code) if code else None
    if commune is None:
        return None
    return f"Mã {code} là {commune.name}, {commune.province_name} (mã tỉnh {commune.province_code})"


@lru_cache(maxsize=64)
def merged_into(code: str) -> tuple[str, str] | None:
    """A legacy province's code used for 2025 or later: the province it is part of since the 2025
    reform, whose code a file or a template takes: that code and the sentence saying so ('27' → '24',
    'Từ 2025, Tỉnh Bắc Ninh (mã 27) thuộc Tỉnh Bắc Ninh, mã 24'). None for no legacy province's code."""
    legacy, current = _province_names("legacy"), _province_names("2025")
    successors = province_successors()
    successor = successors.loc[successors["legacy_province_code"] == code, "province_code_2025"]
    if code not in legacy or successor.empty:
        return None
    new = successor.iloc[0]
    return new, f"Từ 2025, {legacy[code]} (mã {code}) thuộc {current[new]}, mã {new}"


_FEW_ROWS = 3
"""Fewer rows of another province's communes than this are those rows' errors, however small the file
(a one-row resubmission with a mistyped code is held, not rejected)."""


def _rows_per_province(codes: pd.Series, unit_list: UnitList) -> pd.Series:
    """A sheet's rows whose commune is in the list, per province, the most first."""
    counts = codes.value_counts()
    of = _communes(unit_list)
    provinces_of = [of[code].province_code if code in of else None for code in counts.index]
    per_province = pd.Series(counts.to_numpy(), index=provinces_of, dtype="int64")
    return per_province[per_province.index.notna()].groupby(level=0).sum().sort_values(ascending=False)


def communes_mostly_of(sheets: dict[str, pd.Series], province_code: str, unit_list: UnitList) -> str | None:
    """Whether every sheet's communes lie mostly (more than half of its rows whose commune is listed) in
    one and the same other province: what the list says, or None. Judged sheet by sheet, since one
    commune is one row in CanBo and nineteen in TieuChi: a province's cadres with three communes of
    a neighbour's criteria are the neighbour's rows' errors, not a neighbour's file."""
    judged = [found for found in (_rows_per_province(codes, unit_list) for codes in sheets.values()) if len(found)]
    if not judged or any(2 * int(found.iloc[0]) <= int(found.sum()) for found in judged):
        return None  # a sheet with no listed commune says nothing; one without a majority clears the file
    others = {found.index[0] for found in judged}
    if len(others) != 1 or province_code in others:
        return None
    (other,) = others
    rows, listed = sum(int(found.iloc[0]) for found in judged), sum(int(found.sum()) for found in judged)
    if rows < _FEW_ROWS:
        return None
    return (
        f"Ở mọi sheet, phần lớn mã xã thuộc {_province_names(unit_list)[other]} (mã {other}): {rows} trong "
        f"{listed} dòng; ThongTin ghi mã tỉnh {province_code}"
    )
