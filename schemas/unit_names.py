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
from schemas.reference_data import UnitList, communes

_CODE_AND_NAME = re.compile(r"\s*(\d{1,5})\s*(?:[-–:|]\s*|\(\s*)([^\W\d_].*?)\s*\)?\s*")
"""'02245 - Xã Côn Lôn', '2245: Côn Lôn', '02245 (Xã Côn Lôn)': the code, then the unit's name."""
_UNIT_KINDS = re.compile(r"^(?:xa|phuong|thi tran|dac khu|thi xa|thanh pho|huyen) ")
"""A unit's kind at the start of its folded name: 'Xã Côn Lôn' and 'Côn Lôn' name the same commune."""


def bare_name(name: str) -> str:
    """A unit's name as compared: folded, without its kind ('Xã Côn Lôn' → 'con lon')."""
    return _UNIT_KINDS.sub("", fold(name))


@lru_cache(maxsize=2)
def commune_names(unit_list: UnitList) -> dict[str, str]:
    """Commune code → its bare name in a unit list."""
    frame = communes(unit_list)
    return dict(zip(frame["commune_code"], map(bare_name, frame["commune_name"]), strict=True))


def names_another_commune(cells: pd.Series, unit_list: UnitList) -> pd.Series:
    """Per cell: a code followed by a name that is not the name of the code's commune in the list
    (a code not in the list at all is another rule's). Decided once per distinct cell."""
    names = commune_names(unit_list)

    def mismatched(cell: str) -> bool:
        found = _CODE_AND_NAME.fullmatch(cell)
        if found is None:
            return False
        listed = names.get(found.group(1).zfill(5))
        return listed is not None and bare_name(found.group(2)) != listed

    distinct = pc.unique(arrow_text(cells))
    named = distinct.filter(pc.fill_null(pc.match_substring_regex(distinct, r"\p{L}"), False))  # bare codes: none
    wrong = [cell for cell in named.to_pylist() if mismatched(cell)]
    return cells.isin(wrong).fillna(False).astype(bool) if wrong else pd.Series(False, index=cells.index)
