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
    r"\s*\(?\s*(?:(?:tc|ti[eê]u ch[ií])\s*(?:s[oố]\s*)?[.\-–]?\s*)?(\d{1,3})\s*(?:[-–:)]\s*|\.\s+)(\w.*?)\s*",
    re.IGNORECASE,
)
"""'Tiêu chí 10 - Thu nhập', 'TC10: Thu nhập', '10. Thu nhập': the number, then the criterion's name
(the reader's _LABELLED_NUMBER takes the number of the same cells)."""


def _names_alike(typed: str, listed: str) -> bool:
    """Folded, the typed words run on together inside the listed name: 'Thủy lợi' names QĐ 318's 'Thủy
    lợi và phòng, chống thiên tai', and 'Hệ thống chính trị', 'An ninh' and 'Y tế' QĐ 51's 9, 10 and 5.
    Not the other way round: 'CSVC văn hóa' holds QĐ 318's 16, 'Văn hóa', and is its 6."""
    return bool(typed) and f" {typed} " in f" {listed} "


def name_after_number(cell: str) -> str | None:
    """The name typed after a criterion's number in its cell ('Tiêu chí 1 - Quy hoạch' → 'Quy hoạch')."""
    found = _NUMBER_AND_NAME.fullmatch(cell)
    return found.group(2) if found else None


def names_a_criterion(header: str) -> bool:
    """Whether a header names a criterion of some set ('Giao thông', 'Thủy lợi', 'An ninh'): a TieuChi laid
    out one column per criterion may head its columns by name."""
    typed = fold(header)
    return any(_names_alike(typed, name) for _, _, name in _every_criterion())


@lru_cache(maxsize=1)
def _every_criterion() -> tuple[tuple[CriteriaSet, int, str], ...]:
    """(set, number, folded name) of every criterion of every set, the oldest set first."""
    return tuple((cset, number, fold(name)) for cset in criteria_sets() for number, name in cset.criteria.items())


def named_otherwise(cell: str, year_set: CriteriaSet) -> str | None:
    """What is wrong with a cell whose name belongs to another criterion than its number's, said for the
    province; None when it names the year's criterion or the same criterion of a set numbered alike.

    The sets of 2010–2025 share one numbering of 19 (QĐ 491's 'Hộ nghèo' is QĐ 318's 11, 'Nghèo đa
    chiều': an old name for the same criterion passes), QĐ 51/2025 has another of 10. Told: a name of
    another number in the year's numbering ('Tiêu chí 3 - Giao thông' in 2024), or the name the same
    number had in the other numbering ('Tiêu chí 10 - Thu nhập' in 2026: last year's template). A 2026
    criterion named by a part of it that had another number before ('2 - Điện') says nothing."""
    found = _NUMBER_AND_NAME.fullmatch(cell)
    if found is None:
        return None
    number, typed = int(found.group(1)), fold(found.group(2))
    own = year_set.criteria.get(number)
    if own is None:  # a number outside the set is another rule's
        return None
    alike = [(cset, n, name) for cset, n, name in _every_criterion() if _names_alike(typed, name)]
    numbered_alike = [(cset, n, name) for cset, n, name in alike if len(cset.criteria) == len(year_set.criteria)]
    if _names_alike(typed, fold(own)) or any(n == number for _, n, _ in numbered_alike):
        return None
    wrong = [entry for entry in numbered_alike if entry[1] != number] or [
        entry for entry in alike if entry[1] == number
    ]
    if not wrong:
        return None
    # a name typed whole before one it runs inside; then the year's own set; then the latest set
    ranked = ((entry[2] == typed, entry[0].decision == year_set.decision, order) for order, entry in enumerate(wrong))
    *_, chosen = max(ranked)
    cset, other, _ = wrong[chosen]
    return (
        f"Theo {year_set.decision}, tiêu chí {number} là '{own}'; '{found.group(2)}' là tiêu chí {other} "
        f"của {cset.decision}"
    )


def cells_named_otherwise(cells: pd.Series, report_year: int) -> dict[str, str]:
    """Each distinct cell of a criterion column whose name is another criterion's → what to tell."""
    year_set = criteria_set_for_year(report_year)
    distinct = pc.unique(arrow_text(cells))
    named = distinct.filter(pc.fill_null(pc.match_substring_regex(distinct, r"\pL.*\pL"), False))
    told = {cell: named_otherwise(cell, year_set) for cell in named.to_pylist()}
    return {cell: said for cell, said in told.items() if said is not None}
