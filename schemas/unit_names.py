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
from schemas.reference_data import UnitList, communes, provinces

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
    """'24 - Quảng Ninh' in a 2024 file: the name is another province's, and the code or the name is
    wrong. The code's name in either list passes: the new Bắc Ninh (24 from 2025) resending Bắc Giang's
    2024 (legacy 24) names itself as it is now, '24 - Bắc Ninh', though the legacy list's Bắc Ninh is 27
    (whether such a file holds Bắc Ninh's legacy data is for its communes to tell: unit_facts). A name
    no list knows ('HCM') says nothing. Returns what the year's list says."""
    found = code_and_name(cell)
    if found is None:
        return None
    typed, names = found[1], _provinces_by_name(unit_list)
    cuts = [separator.start() for separator in _SEPARATOR.finditer(typed)]
    bare = [_bare_province(typed[:cut]) for cut in [*cuts, len(typed)]]

    def names_the_code(listed: dict[str, tuple[str, str]]) -> bool:
        return any(province is not None and province[0] == code for province in map(listed.get, bare))

    if names_the_code(names) or names_the_code(_provinces_by_name("2025" if unit_list == "legacy" else "legacy")):
        return None
    other = next((names[name] for name in bare if name in names), None)
    own = next((name for listed, name in names.values() if listed == code), None)
    if other is None or own is None:
        return None
    return f"Trong danh mục năm báo cáo, mã {code} là {own}; {other[1]} mang mã {other[0]}"
