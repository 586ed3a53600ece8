"""The commune a group heading names, carried to the rows under it whose commune code is blank.

Provinces list cadres (and criteria) commune by commune under a heading row ('I | Xã Côn Lôn', '1 | Xã
Côn Lôn'), often leaving `Mã xã` blank below it: the heading says the commune once for its block. Each
such row was held for a missing code. The heading is the province's own statement, so where it names
one commune of the file's province, uniquely, its code fills the blank cells under it (up to the next
heading naming a unit) and each filled row is told (`COMMUNE.FROM_HEADING`, a warning). A heading naming
a district, or a name two communes of the province share, fills nothing: the rows stay held as before.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import pandas as pd

from cadres.text import fold
from schemas.reference_data import UnitList
from schemas.unit_facts import listed_communes
from schemas.unit_names import bare_name, name_cuts

_UNIT_NAME = re.compile(
    r"^(?:(?:[ivxlc]{1,5}|[a-z]|\d{1,3}) )?(xa|phuong|thi tran|dac khu|huyen|quan|thi xa|thanh pho) (.*)"
)
"""A cell naming a unit, folded, after the heading's label if it holds one ('i xa con lon'): its kind and
its name. A block's commune, or a district over communes."""


def _key(kind: str, name: str) -> str:
    """A commune's kind and bare name: 'Phường 01' is 'Phường 1', and 'Xã Na Hang' is no 'Thị trấn Na Hang'."""
    return f"{kind} {bare_name(name)}"


@lru_cache(maxsize=8)
def _codes_by_name(unit_list: UnitList, province_code: str) -> dict[str, frozenset[str]]:
    """A province's communes by kind and name: a name two communes of one kind share maps to both."""
    names: dict[str, set[str]] = {}
    for code, commune in listed_communes(unit_list).items():
        found = _UNIT_NAME.match(fold(commune.name))
        if commune.province_code == province_code and found:
            names.setdefault(_key(*found.groups()), set()).add(code)
    return {key: frozenset(codes) for key, codes in names.items()}


def commune_named(heading: str, unit_list: UnitList, province_code: str) -> str | None:
    """The code of the one commune of the province a heading's text names ('I | Xã Côn Lôn'), else None:
    names are keyed by their kind, so a district ('Huyện Na Hang') names none, though a commune shares its
    name (Thị trấn Na Hang)."""
    names = _codes_by_name(unit_list, province_code)
    for cell in heading.split(" | "):
        for cut in name_cuts(cell):  # 'Xã Côn Lôn - huyện Na Hang': the name before its district
            found = _UNIT_NAME.match(fold(cut))
            codes = names.get(_key(*found.groups()), frozenset()) if found else frozenset()
            if codes:
                return next(iter(codes)) if len(codes) == 1 else None
    return None


def _names_a_unit(heading: str) -> bool:
    return any(_UNIT_NAME.match(fold(cell)) for cell in heading.split(" | "))


def communes_from_headings(
    codes: pd.Series, blank: pd.Series, headings: list[tuple[int, str]], unit_list: UnitList, province_code: str
) -> tuple[pd.Series, list[tuple[int, int, str, str]]]:
    """`codes` (a sheet's typed commune codes, indexed by Excel row) with the cells the province left
    blank (`blank`) filled from the nearest heading above that names a unit, where it names one commune
    of the province. Returns the codes and, per row filled, (row, the heading's row, its text, the code)."""
    units = sorted((row, text) for row, text in headings if _names_a_unit(text))
    if not units or not blank.any():
        return codes, []
    starts = [row for row, _ in units]
    filled = codes.copy()
    told = []
    for row in codes.index[blank.to_numpy(bool)]:
        at = bisect.bisect_left(starts, row) - 1
        if at < 0:
            continue
        heading_row, text = units[at]
        code = commune_named(text, unit_list, province_code)
        if code is not None:
            filled[row] = code
            told.append((int(row), heading_row, text, code))
    return filled, told
