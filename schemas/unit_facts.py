"""What the administrative-unit lists say of a code a province typed, for the province to read.

A cell may hold a code with its unit's name ('02245 - Xã Côn Lôn', 'Xã Côn Lôn (02245)'); a refused
commune code is told what it is (a legacy commune and the one it is part of since the 2025 reform,
another province's commune), a legacy province's code its successor, and a file whose communes lie
mostly in another province whose they are. Every fact is looked up in dicts built once per process
from `reference_data`; the names themselves are compared in `unit_names`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from schemas.reference_data import UnitList, commune_successors, communes, province_successors, provinces

_CODE_AND_NAME = re.compile(r"\s*(\d{1,5})(?:\s*[-–:|]\s*|\s*\(\s*|\s+)([^\W\d_].*?)\s*\)?\s*")
"""'02245 - Xã Côn Lôn', '2245: Côn Lôn', '02245 (Xã Côn Lôn)', '02245 Xã Côn Lôn': the code, then the
unit's name. schemas/parsing.py reads the code of the same cells in Arrow's syntax (a test keeps them
alike)."""
_NAME_AND_CODE = re.compile(r"\s*([^\W\d_].*?)\s*\(\s*(\d{1,5})\s*\)(?:\s*[-–,;:|/].*)?\s*")
"""'Xã Côn Lôn (02245)', 'Xã Côn Lôn (02245) - Na Hang': the name, then the code in brackets."""
_LEADING_CODE = re.compile(r"\s*(\d{1,5})\b")


def code_and_name(cell: str) -> tuple[str, str] | None:
    """The code (as typed) and the unit's name of a cell holding both, in either order."""
    found = _CODE_AND_NAME.fullmatch(cell)
    if found is not None:
        return found.group(1), found.group(2)
    found = _NAME_AND_CODE.fullmatch(cell)
    return (found.group(2), found.group(1)) if found is not None else None


def _code_in(cell: object) -> str | None:
    """The commune code a refused cell holds, zero-padded: with its name in either order, or leading."""
    if not isinstance(cell, str):
        return None
    found = code_and_name(cell)
    code = found[0] if found else (leading.group(1) if (leading := _LEADING_CODE.match(cell)) else None)
    return code.zfill(5) if code else None


@dataclass(frozen=True)
class Commune:
    name: str
    province_name: str
    province_code: str


@lru_cache(maxsize=2)
def listed_communes(unit_list: UnitList) -> dict[str, Commune]:
    """Commune code → the commune as the list publishes it."""
    frame = communes(unit_list)
    columns = (frame[c] for c in ("commune_code", "commune_name", "province_name", "province_code"))
    return {
        code: Commune(name, province, province_code)
        for code, name, province, province_code in zip(*columns, strict=True)
    }


@lru_cache(maxsize=2)
def province_names(unit_list: UnitList) -> dict[str, str]:
    """Province code → its name as the list publishes it."""
    frame = provinces(unit_list)
    return dict(zip(frame["province_code"], frame["province_name"], strict=True))


@lru_cache(maxsize=1)
def _commune_successors() -> dict[str, tuple[str, bool]]:
    """Legacy commune code → its 2025 commune (the crosswalk's default where it was split) and whether
    it was split."""
    found = commune_successors()
    chosen = found[found["is_default"]]
    targets = zip(chosen["commune_code_2025"], chosen["is_split"], strict=True)
    return dict(zip(chosen["legacy_commune_code"], targets, strict=True))


@lru_cache(maxsize=1)
def province_successor_codes() -> dict[str, str]:
    """Legacy province code → its 2025 province's code."""
    found = province_successors()
    return dict(zip(found["legacy_province_code"], found["province_code_2025"], strict=True))


def listed_as(cell: str, unit_list: UnitList) -> str | None:
    """What the list calls the code of a cell typed with a name ('02245 - Xã Trung Môn' → 'Mã 02245 trong
    danh mục năm báo cáo là Xã Côn Lôn'): the province sees at once which of the two it typed wrong."""
    code = _code_in(cell)
    commune = listed_communes(unit_list).get(code) if code else None
    return f"Mã {code} trong danh mục năm báo cáo là {commune.name}" if commune else None


def outside_the_list(cell: object, unit_list: UnitList) -> str | None:
    """A 2025 or later file's code of the legacy list only: the commune it was and the one it is part of
    since the reform, with its province ('02488' → Xã Trung Môn, now in Phường Minh Xuân, Tuyên Quang,
    02215): another province's commune is seen as such."""
    code = _code_in(cell)
    legacy, current = listed_communes("legacy"), listed_communes("2025")
    if code is None or unit_list != "2025" or code in current or code not in legacy:
        return None
    said = f"Mã {code} là {legacy[code].name} ({legacy[code].province_name}) trong danh mục trước ngày 01/7/2025"
    new, split = _commune_successors().get(code, (None, False))
    if new not in current:
        return said
    successor = f"{current[new].name} ({current[new].province_name}), mã {new}"
    if split:
        spread = "được sắp xếp vào nhiều đơn vị hành chính cấp xã"
        return f"{said}; từ ngày 01/7/2025 {spread}, trong đó có {successor}: chọn đúng đơn vị"
    return f"{said}; từ ngày 01/7/2025 thuộc {successor}"


def in_another_province(cell: object, unit_list: UnitList) -> str | None:
    """Which province a commune of another province's is in ('07033' → Xã Kỳ Thượng, Quảng Ninh, 22)."""
    code = _code_in(cell)
    commune = listed_communes(unit_list).get(code) if code else None
    if commune is None:
        return None
    return f"Mã {code} là {commune.name}, {commune.province_name} (mã tỉnh {commune.province_code})"


def merged_into(code: str) -> tuple[str, str] | None:
    """A legacy province's code used for 2025 or later: the province it is part of since the 2025
    reform, whose code a file or a template takes: that code and the sentence saying so ('27' → '24',
    'Từ 2025, Tỉnh Bắc Ninh (mã 27) thuộc Tỉnh Bắc Ninh, mã 24'). None for no legacy province's code."""
    legacy, current = province_names("legacy"), province_names("2025")
    new = province_successor_codes().get(code)
    if code not in legacy or new not in current:
        return None
    return new, f"Từ ngày 01/7/2025, {legacy[code]} (mã cũ {code}) thuộc {current[new]} (mã {new})"


_FEW_COMMUNES = 3
"""Fewer of another province's communes than this are those rows' errors, however small the file (a
one-commune resubmission with a mistyped code is held, not rejected)."""


def province_of_most_rows(sheets: dict[str, pd.Series], unit_list: UnitList) -> str | None:
    """The province holding more than half of the listed rows of all the sheets together, or None: the
    province a file's data is about, whatever its ThongTin says."""
    found = [per_sheet for codes in sheets.values() if len(per_sheet := _rows_per_province(codes, unit_list))]
    if not found:
        return None
    rows = pd.concat(found).groupby(level=0).sum().sort_values(ascending=False)
    return str(rows.index[0]) if 2 * rows.iloc[0] > rows.sum() else None


def _rows_per_province(codes: pd.Series, unit_list: UnitList) -> pd.Series:
    """A sheet's rows whose commune is in the list, per province, the most first."""
    counts = codes.value_counts()
    listed = listed_communes(unit_list)
    provinces_of = [listed[code].province_code if code in listed else None for code in counts.index]
    per_province = pd.Series(counts.to_numpy(), index=provinces_of, dtype="int64")
    return per_province[per_province.index.notna()].groupby(level=0).sum().sort_values(ascending=False)


def communes_mostly_of(sheets: dict[str, pd.Series], province_code: str, unit_list: UnitList) -> str | None:
    """Whether every sheet with a listed commune has most of its rows (more than half) in one and the
    same other province, with at least three of that province's communes in all: what the list says,
    or None. Judged sheet by sheet, and the communes counted, since one commune is one row in CanBo and
    nineteen in TieuChi: a province's cadres beside a neighbour's criteria are the neighbour's rows'
    errors, and so is one commune's mistyped code."""
    judged = {name: found for name, codes in sheets.items() if len(found := _rows_per_province(codes, unit_list))}
    if not judged or any(2 * found.iloc[0] <= found.sum() for found in judged.values()):
        return None  # a sheet without a majority clears the file
    majorities = {found.index[0] for found in judged.values()}
    if len(majorities) != 1 or province_code in majorities:
        return None
    (other,) = majorities
    listed = listed_communes(unit_list)
    theirs = {
        code
        for name in judged
        for code in sheets[name].dropna().unique()
        if code in listed and listed[code].province_code == other
    }
    if len(theirs) < _FEW_COMMUNES:
        return None
    rows = sum(int(found[other]) for found in judged.values())
    total = sum(int(found.sum()) for found in judged.values())
    return (
        f"Phần lớn mã xã ở sheet {', '.join(judged)} thuộc {province_names(unit_list)[other]} (mã {other}): "
        f"{rows} trong {total} dòng, {len(theirs)} xã; ThongTin ghi {_as_written(province_code)}"
    )


def _as_written(province: str) -> str:
    """How ThongTin named its province, said as such: 'mã tỉnh 24', or a name quoted ('tỉnh "Bắc Giang"')."""
    return f"mã tỉnh {province}" if province.strip().isdigit() else f'tỉnh "{province.strip()}"'
