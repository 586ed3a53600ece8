"""A commune's code typed with its name ('02245 - Xã Côn Lôn'), checked against the year's list.

Lists and dropdowns show a commune as its code and name, and the reader takes the code. A dropdown
built from the legacy list and used for 2025 gives the right name with a code the 2025 list gives
another commune (codes are reused across the two lists): the code alone passes every check, and the
cadre loads in the wrong commune. Where a name follows the code, it must be the code's commune's.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd
import pyarrow.compute as pc

from cadres.text import arrow_text, fold
from schemas.reference_data import UnitList, commune_successors, communes, province_successors, provinces

_CODE_AND_NAME = re.compile(r"\s*(\d{1,5})(?:\s*[-–:|]\s*|\s*\(\s*|\s+)([^\W\d_].*?)\s*\)?\s*")
"""'02245 - Xã Côn Lôn', '2245: Côn Lôn', '02245 (Xã Côn Lôn)', '02245 Xã Côn Lôn': the code, then the
unit's name."""
_NAME_AND_CODE = re.compile(r"\s*([^\W\d_].*?)\s*\(\s*(\d{1,5})\s*\)\s*")
"""'Xã Côn Lôn (02245)': the name, then the code in brackets."""


def code_and_name(cell: str) -> tuple[str, str] | None:
    """The code (as typed) and the unit's name of a cell holding both, in either order."""
    found = _CODE_AND_NAME.fullmatch(cell)
    if found is not None:
        return found.group(1), found.group(2)
    found = _NAME_AND_CODE.fullmatch(cell)
    return (found.group(2), found.group(1)) if found is not None else None


_UNIT_KINDS = re.compile(r"^(?:xa|phuong|thi tran|dac khu|thi xa|thanh pho|huyen|x|p|tt) ")
"""A unit's kind at the start of its folded name, or its abbreviation: 'Xã Côn Lôn', 'X. Côn Lôn' and
'Côn Lôn' name the same commune."""
_LEADING_ZEROS = re.compile(r"\b0+(?=\d)")
_SEPARATOR = re.compile(r"\s*[-–,(|/;]")


def bare_name(name: str) -> str:
    """A unit's name as compared: folded, without its kind, numbers without leading zeros ('Xã Côn Lôn'
    → 'con lon', 'Phường 01' → '1')."""
    return _LEADING_ZEROS.sub("", _UNIT_KINDS.sub("", fold(name)))


def _names_listed(typed: str, listed: str) -> bool:
    """The typed name is the listed one, maybe followed by its district or province or a note after a
    separator ('Xã Côn Lôn - Huyện Na Hang', 'Phường 1, Đông Hà', 'Côn Lôn (cũ)', as legacy dropdowns
    tell apart communes named alike); not by more words ('Côn Lôn Mới' is another name). A 2025 name
    may hold a separator itself ('Phường Văn Miếu - Quốc Tử Giám'): every cut is tried."""
    cuts = [found.start() for found in _SEPARATOR.finditer(typed)]
    return any(bare_name(typed[:cut]) == listed for cut in [*cuts, len(typed)])


@lru_cache(maxsize=2)
def commune_names(unit_list: UnitList) -> dict[str, str]:
    """Commune code → its bare name in a unit list."""
    frame = communes(unit_list)
    return dict(zip(frame["commune_code"], map(bare_name, frame["commune_name"]), strict=True))


@lru_cache(maxsize=2)
def _listed_names(unit_list: UnitList) -> dict[str, str]:
    frame = communes(unit_list)
    return dict(zip(frame["commune_code"], frame["commune_name"], strict=True))


def listed_as(cell: str, unit_list: UnitList) -> str | None:
    """What the list calls the code a cell starts with ('02245 - Xã Trung Môn' → 'Mã 02245 trong danh mục
    là Xã Côn Lôn'): the province sees at once which of the two it typed wrong."""
    found = code_and_name(cell)
    code = found and found[0].zfill(5)
    name = _listed_names(unit_list).get(code) if code else None
    return f"Mã {code} trong danh mục năm báo cáo là {name}" if name else None


def names_another_commune(cells: pd.Series, unit_list: UnitList) -> pd.Series:
    """Per cell: a code followed by a name that is not the name of the code's commune in the list
    (a code not in the list at all is another rule's). Decided once per distinct cell."""
    names = commune_names(unit_list)

    def mismatched(cell: str) -> bool:
        found = code_and_name(cell)
        if found is None:
            return False
        listed = names.get(found[0].zfill(5))
        return listed is not None and not _names_listed(found[1], listed)

    distinct = pc.unique(arrow_text(cells))
    named = distinct.filter(pc.fill_null(pc.match_substring_regex(distinct, r"\p{L}"), False))  # bare codes: none
    wrong = [cell for cell in named.to_pylist() if mismatched(cell)]
    return cells.isin(wrong).fillna(False).astype(bool) if wrong else pd.Series(False, index=cells.index)


_PROVINCE_KIND = re.compile(r"^(?:tinh|thanh pho|tp) ")


def _bare_province(name: str) -> str:
    """'Tỉnh Bắc Ninh', 'TP. Hà Nội', 'Bắc Ninh' → 'bac ninh', 'ha noi'."""
    return _PROVINCE_KIND.sub("", fold(name))


@lru_cache(maxsize=2)
def _provinces_by_name(unit_list: UnitList) -> dict[str, tuple[str, str]]:
    """A province's bare name → its code and name as published."""
    frame = provinces(unit_list)
    return {
        _bare_province(name): (code, name)
        for code, name in zip(frame["province_code"], frame["province_name"], strict=True)
    }


def province_named_as_another(cell: str, code: str, unit_list: UnitList) -> str | None:
    """'24 - Bắc Ninh' in a 2024 file: in the legacy list 24 is Bắc Giang, and Bắc Ninh is 27. A province
    that kept its name and took another's code in 2025 sends an earlier year under its new code, and the
    file would replace the other province's year. Told only where the name is another province's of the
    year's list: a name the list does not know ('HCM') says nothing. Returns what the list says."""
    found = code_and_name(cell)
    if found is None:
        return None
    typed, names = found[1], _provinces_by_name(unit_list)
    cuts = [separator.start() for separator in _SEPARATOR.finditer(typed)]
    named = [names.get(_bare_province(typed[:cut])) for cut in [*cuts, len(typed)]]
    if any(province is not None and province[0] == code for province in named):
        return None
    other = next((province for province in named if province is not None), None)
    own = next((name for listed, name in names.values() if listed == code), None)
    if other is None or own is None:
        return None
    return f"Trong danh mục năm báo cáo, mã {code} là {own}; {other[1]} mang mã {other[0]}"


def merged_into(code: str) -> tuple[str, str] | None:
    """A legacy province's code used for 2025 or later: the province it is part of since the 2025
    reform, whose code a file or a template takes: that code and the sentence saying so ('27' → '24',
    'Từ 2025, Tỉnh Bắc Ninh (mã 27) thuộc Tỉnh Bắc Ninh, mã 24'). None for no legacy province's code."""
    legacy = dict(zip(provinces("legacy")["province_code"], provinces("legacy")["province_name"], strict=True))
    current = dict(zip(provinces("2025")["province_code"], provinces("2025")["province_name"], strict=True))
    successors = province_successors()
    successor = successors.loc[successors["legacy_province_code"] == code, "province_code_2025"]
    if code not in legacy or successor.empty:
        return None
    new = successor.iloc[0]
    return new, f"Từ 2025, {legacy[code]} (mã {code}) thuộc {current[new]}, mã {new}"


@lru_cache(maxsize=2)
def _province_of_commune(unit_list: UnitList) -> dict[str, str]:
    frame = communes(unit_list)
    return dict(zip(frame["commune_code"], frame["province_code"], strict=True))


_FEW_ROWS = 3
"""Fewer rows of another province's communes than this are those rows' errors, however small the file
(a one-row resubmission with a mistyped code is held, not rejected)."""


def communes_mostly_of(codes: pd.Series, province_code: str, unit_list: UnitList) -> str | None:
    """Whether more than half of the rows whose commune is in the year's list lie in one other province:
    what the list says, or None. A few rows of a neighbour's communes are those rows' errors; most of a
    file is another province's data (or a year before 2025 sent under a province's new code)."""
    counts = codes.value_counts()
    of = _province_of_commune(unit_list)
    per_province = pd.Series(counts.to_numpy(), index=[of.get(code) for code in counts.index], dtype="int64")
    per_province = per_province[per_province.index.notna()].groupby(level=0).sum().sort_values(ascending=False)
    if per_province.empty or per_province.index[0] == province_code:
        return None
    other, rows, listed = per_province.index[0], int(per_province.iloc[0]), int(per_province.sum())
    if 2 * rows <= listed or rows < _FEW_ROWS:
        return None
    name = dict(zip(provinces(unit_list)["province_code"], provinces(unit_list)["province_name"], strict=True))[other]
    own = int(per_province.get(province_code, 0))
    return f"{rows} trong {listed} dòng có mã xã thuộc {name} (mã {other}), {own} dòng thuộc tỉnh mã {province_code}"


_LEADING_CODE = re.compile(r"\s*(\d{1,5})\b")


@lru_cache(maxsize=2)
def _communes_told(unit_list: UnitList) -> dict[str, tuple[str, str, str]]:
    """Commune code → its name, its province's name and code, as the list publishes them."""
    frame = communes(unit_list)
    columns = ("commune_name", "province_name", "province_code")
    return dict(zip(frame["commune_code"], zip(*(frame[c] for c in columns), strict=True), strict=True))


def _code_in(cell: object) -> str | None:
    found = _LEADING_CODE.match(cell) if isinstance(cell, str) else None
    return found.group(1).zfill(5) if found else None


def outside_the_list(cell: object, unit_list: UnitList) -> str | None:
    """A 2025 or later file's code of the legacy list only: the commune it was and the one it is part of
    since the reform, the code to send ('02488' → Xã Trung Môn, now in Phường Minh Xuân, 02215)."""
    code = _code_in(cell)
    if code is None or unit_list != "2025" or code not in _communes_told("legacy"):
        return None
    name, province, _ = _communes_told("legacy")[code]
    successors = commune_successors()
    chosen = successors[(successors["legacy_commune_code"] == code) & successors["is_default"]]
    said = f"Mã {code} là {name} ({province}) trong danh mục trước 2025"
    if chosen.empty or chosen["commune_code_2025"].iloc[0] not in _communes_told("2025"):
        return said
    new = chosen["commune_code_2025"].iloc[0]
    if chosen["is_split"].iloc[0]:
        return f"{said}; từ 2025 chia cho nhiều xã, trong đó {_communes_told('2025')[new][0]}, mã {new}: chọn đúng xã"
    return f"{said}; từ 2025 thuộc {_communes_told('2025')[new][0]}, mã {new}"


def in_another_province(cell: object, unit_list: UnitList) -> str | None:
    """Which province a commune of another province's is in ('07033' → Xã X, Tỉnh Bắc Giang, mã 24)."""
    code = _code_in(cell)
    told = _communes_told(unit_list).get(code) if code else None
    return f"Mã {code} là {told[0]}, {told[1]} (mã tỉnh {told[2]})" if told else None
