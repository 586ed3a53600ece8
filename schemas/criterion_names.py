"""A criterion's number typed with its name ('Tiêu chí 10 - Thu nhập'), checked against the year's set.

The reader takes the number. The sets renumber: QĐ 318/2022's criterion 10 is income, QĐ 51/2025's is
access to law and security. A 2026 file labelled from last year's template loaded income as law and
security without a word. Where the name after the number is a criterion's name of another set (or
of another number), and not the name of the year's criterion of that number, the row is held back.
A name no set knows (a local wording) says nothing: only a positive match is evidence.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd
import pyarrow.compute as pc

from cadres.text import arrow_text, fold
from schemas.reference_data import CriteriaSet, criteria_set_for_year, criteria_sets

_NUMBER_AND_NAME = re.compile(
    r"\s*(?:(?:tc|ti[eê]u ch[ií])\s*(?:s[oố]\s*)?\.?\s*)?(\d{1,3})\s*(?:[-–:)]\s*|\.\s+)(\w.*?)\s*", re.IGNORECASE
)
"""'Tiêu chí 10 - Thu nhập', 'TC10: Thu nhập', '10. Thu nhập': the number, then the criterion's name
(the reader's _LABELLED_NUMBER takes the number of the same cells)."""


def _names_alike(typed: str, listed: str) -> bool:
    """Folded, one the start of the other at a word's end: 'Thủy lợi' names QĐ 318's 'Thủy lợi và phòng,
    chống thiên tai', and 'Văn hóa' QĐ 51's 'Văn hóa, giáo dục, y tế'."""
    short, long = sorted((typed, listed), key=len)
    return bool(short) and (long == short or long.startswith(short + " "))


@lru_cache(maxsize=1)
def _every_criterion() -> tuple[tuple[str, int, str], ...]:
    """(decision, number, folded name) of every criterion of every set, the oldest set first."""
    return tuple(
        (cset.decision, number, fold(name)) for cset in criteria_sets() for number, name in cset.criteria.items()
    )


def named_otherwise(cell: str, year_set: CriteriaSet) -> str | None:
    """What is wrong with a cell whose name belongs to another criterion than its number's in the
    year's set, said for the province; None when it is the year's criterion or no set's name."""
    found = _NUMBER_AND_NAME.fullmatch(cell)
    if found is None:
        return None
    number, typed = int(found.group(1)), fold(found.group(2))
    own = year_set.criteria.get(number)
    if own is None or _names_alike(typed, fold(own)):  # a number outside the set is another rule's
        return None
    elsewhere = [(decision, n) for decision, n, name in _every_criterion() if _names_alike(typed, name)]
    if not elsewhere:
        return None
    # the year's own set first (a name of another number), else the latest set naming it (last year's template)
    decision, other = next(((d, n) for d, n in elsewhere if d == year_set.decision), elsewhere[-1])
    return (
        f"Theo {year_set.decision}, tiêu chí {number} là '{own}'; '{found.group(2)}' là tiêu chí {other} của {decision}"
    )


def cells_named_otherwise(cells: pd.Series, report_year: int) -> dict[str, str]:
    """Each distinct cell of a criterion column whose name is another criterion's → what to tell."""
    year_set = criteria_set_for_year(report_year)
    distinct = pc.unique(arrow_text(cells))
    named = distinct.filter(pc.fill_null(pc.match_substring_regex(distinct, r"\pL.*\pL"), False))
    told = {cell: named_otherwise(cell, year_set) for cell in named.to_pylist()}
    return {cell: said for cell, said in told.items() if said is not None}
