"""A unit's name typed with its code ('02245 - Xã Côn Lôn', '24 - Bắc Giang'), compared with the year's list.

Lists and dropdowns show a commune as its code and name, and the reader takes the code. A dropdown
built from the legacy list and used for 2025 gives the right name with a code the 2025 list gives
another commune (codes are reused across the two lists): the code alone passes every check, and the
cadre loads in the wrong commune. Where a name follows the code, it must be the code's commune's.
ThongTin's province is compared the same way (`province_named_as_another`).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd
import pyarrow.compute as pc

from cadres.text import arrow_text, digits_only, fold
from schemas.reference_data import UnitList, communes
from schemas.unit_facts import code_and_name, listed_communes, province_names
from schemas.unit_kinds import COMMUNE_KINDS, kinds_pattern

_UNIT_KINDS = re.compile(f"^{kinds_pattern((*COMMUNE_KINDS, 'thi xa', 'thanh pho', 'huyen', 'x', 'p', 'tt'))} ")
"""A unit's kind at the start of its folded name, or its abbreviation: 'Xã Côn Lôn', 'X. Côn Lôn' and
'Côn Lôn' name the same commune."""
_PROVINCE_KIND = re.compile(r"^(?:tinh|thanh pho|tp) ")
_LEADING_ZEROS = re.compile(r"\b0+(?=\d)")
_SEPARATOR = re.compile(r"\s*[-–,(|/;]")


def bare_name(name: str) -> str:
    """A unit's name as compared: folded, without its kind, numbers without leading zeros ('Xã Côn Lôn'
    → 'con lon', 'Phường 01' → '1')."""
    return _LEADING_ZEROS.sub("", _UNIT_KINDS.sub("", fold(name)))


def without_leading_zeros(name: str) -> str:
    """A name folded, its numbers without leading zeros ('phuong 01' → 'phuong 1'); its words kept."""
    return zeros_dropped(fold(name))


def zeros_dropped(folded: str) -> str:
    """`without_leading_zeros` of a text folded already (folding is the dear part)."""
    return _LEADING_ZEROS.sub("", folded)


def _bare_province(name: str) -> str:
    """'Tỉnh Bắc Ninh', 'TP. Hà Nội', 'Bắc Ninh' → 'bac ninh', 'ha noi'."""
    return _PROVINCE_KIND.sub("", fold(name))


def name_cuts(typed: str) -> list[str]:
    """The typed name, and each of its starts before a separator: a name may go on with its district or
    province or a note ('Xã Côn Lôn - Huyện Na Hang', 'Phường 1, Đông Hà', 'Côn Lôn (cũ)', as legacy
    dropdowns tell apart communes named alike), and a 2025 name may hold a separator itself ('Phường Văn
    Miếu - Quốc Tử Giám'): every cut is tried."""
    return [typed[: found.start()] for found in _SEPARATOR.finditer(typed)] + [typed]


def name_segments(typed: str) -> list[str]:
    """The text between separators (`name_cuts` cuts before each): 'Xã Côn Lôn - Huyện Na Hang' →
    'Xã Côn Lôn', ' Huyện Na Hang'."""
    return _SEPARATOR.split(typed)


@lru_cache(maxsize=2)
def commune_names(unit_list: UnitList) -> dict[str, str]:
    """Commune code → its bare name in a unit list."""
    return {code: bare_name(commune.name) for code, commune in listed_communes(unit_list).items()}


@lru_cache(maxsize=1)
def _every_commune_name() -> frozenset[str]:
    """The bare name of every commune of either list."""
    return frozenset(commune_names("legacy").values()) | frozenset(commune_names("2025").values())


def names_a_commune(typed: str) -> bool:
    """Whether a name (or a start of it before a separator) is some commune's of either list: a column
    beside a code may hold the cadre's agency ('UBND xã Côn Lôn') or a name run on with its district
    ('Xã Côn Lôn huyện Na Hang'), which name no other commune."""
    return any(bare_name(cut) in _every_commune_name() for cut in name_cuts(typed))


@lru_cache(maxsize=1)
def _district_and_province_names() -> tuple[frozenset[str], frozenset[str], int]:
    """Every legacy district's full name and every province's of either list, folded ('huyen na hang',
    'tinh tuyen quang'), and the most words one has."""
    districts = frozenset(fold(name) for name in communes("legacy")["district_name"].dropna().unique())
    provinces = frozenset(fold(name) for unit_list in ("legacy", "2025") for name in province_names(unit_list).values())
    return districts, provinces, max(len(name.split()) for name in districts | provinces)


def names_a_commune_and_its_district(folded: str) -> bool:
    """Whether a folded name is a commune's followed to its end by a district's full name, a province's,
    or both ('xa con lon huyen na hang', typed with a comma that folding took out): a post's title goes on
    so. Anything else after them (a note, '(nghỉ hưu)', '(cũ)') makes it none. Only the last words a
    district's and a province's names can fill are looked at: a long cell costs no more than a short one."""
    districts, provinces, longest = _district_and_province_names()
    words = folded.split()
    for cut in range(max(1, len(words) - 2 * longest), len(words)):
        tail = words[cut:]
        whole = " ".join(tail)
        district_then_province = any(
            " ".join(tail[:split]) in districts and " ".join(tail[split:]) in provinces for split in range(1, len(tail))
        )
        if (whole in districts or whole in provinces or district_then_province) and names_a_commune(
            " ".join(words[:cut])
        ):
            return True
    return False


def names_another_commune(cells: pd.Series, unit_list: UnitList) -> pd.Series:
    """Per cell: a code with a name that is not the name of the code's commune in the list (a code not in
    the list at all is another rule's; more words without a separator make another name: 'Côn Lôn Mới').
    Decided once per distinct cell."""
    names = commune_names(unit_list)

    def mismatched(cell: str) -> bool:
        found = code_and_name(cell)
        listed = names.get(found[0].zfill(5)) if found else None
        return listed is not None and all(bare_name(cut) != listed for cut in name_cuts(found[1]))

    distinct = pc.unique(arrow_text(cells))
    if digits_only(distinct):  # bare codes: no name to compare
        return pd.Series(False, index=cells.index)
    named = distinct.filter(pc.fill_null(pc.match_substring_regex(distinct, r"\p{L}"), False))  # bare codes: none
    wrong = [cell for cell in named.to_pylist() if mismatched(cell)]
    return cells.isin(wrong).fillna(False).astype(bool) if wrong else pd.Series(False, index=cells.index)


@lru_cache(maxsize=2)
def _provinces_by_name(unit_list: UnitList) -> dict[str, str]:
    """A province's bare name → its code."""
    return {_bare_province(name): code for code, name in province_names(unit_list).items()}


def province_code_of(text: str, unit_list: UnitList) -> str | None:
    """The code of the province a cell names instead of giving its code ('Tỉnh Tuyên Quang' → '08')."""
    return next(
        (
            _provinces_by_name(unit_list)[name]
            for name in map(_bare_province, name_cuts(text))
            if name in _provinces_by_name(unit_list)
        ),
        None,
    )


def province_named_as_another(cell: str, code: str, unit_list: UnitList) -> str | None:
    """'24 - Quảng Ninh' in a 2024 file: the name is another province's, and the code or the name is
    wrong. The code's name in either list passes: the new Bắc Ninh (24 from 2025) resending Bắc Giang's
    2024 (legacy 24) names itself as it is now, '24 - Bắc Ninh', though the legacy list's Bắc Ninh is 27
    (whether such a file holds Bắc Ninh's legacy data is for its communes to tell: unit_facts). A name
    no list knows ('HCM') says nothing. Returns what the year's list says."""
    found = code_and_name(cell)
    if found is None:
        return None
    named = [_bare_province(cut) for cut in name_cuts(found[1])]
    other_list: UnitList = "2025" if unit_list == "legacy" else "legacy"
    if any(_provinces_by_name(listed).get(name) == code for listed in (unit_list, other_list) for name in named):
        return None
    other, names = province_code_of(found[1], unit_list), province_names(unit_list)
    if other is None or code not in names:
        return None
    return f"Trong danh mục năm báo cáo, mã {code} là {names[code]}; {names[other]} mang mã {other}"
