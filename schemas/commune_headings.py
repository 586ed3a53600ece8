"""The commune a group heading names ('I | Xã Côn Lôn'), for the blank `Mã xã` under it (schemas/heading_fill.py).

Only one commune of the file's province, by its kind and name in the year's list: a heading naming a
district, or a name two communes of the province share, names none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from cadres.text import arrow_text, fold, fold_series
from schemas.heading_labels import ROMAN_FOLDED
from schemas.reference_data import UnitList
from schemas.unit_facts import code_and_name, listed_communes, province_successor_codes
from schemas.unit_kinds import COMMUNE_KINDS, DISTRICT_KINDS, kinds_pattern
from schemas.unit_names import (
    bare_name,
    commune_names,
    name_cuts,
    name_segments,
    without_leading_zeros,
    zeros_dropped,
)

_LIST = re.compile(r"[,;&+/]|\bvà\b")
"""Between the names of a list of communes ('Xã Côn Lôn, Xã Trung Môn', 'Xã Côn Lôn và Trung Môn'); a
name's note in brackets or after a dash ('Xã Côn Lôn (Na Hang)', 'Xã Côn Lôn - huyện Na Hang') is no
list."""
_KINDS = kinds_pattern((*COMMUNE_KINDS, *DISTRICT_KINDS))
_KIND_IN_WORDS = re.compile(rf"\b{_KINDS} ")
"""A unit's kind inside folded words ('cán bộ UBND xã Trung Môn'), or starting them (`match`)."""


def _unit_heading(before_kind: str = "") -> re.Pattern:
    """A folded cell naming a unit: the heading's label or a commune's code, `before_kind`, then the unit's
    kind and its name (the pattern's two groups)."""
    return re.compile(rf"^(?:(?:{ROMAN_FOLDED}|[a-z]|\d{{1,5}}) )?{before_kind}({_KINDS}) (.*)")


UNIT_HEADING = _unit_heading()
"""A cell naming a unit, folded, after the heading's label or the commune's code if it holds one ('i xa
con lon', '02245 xa con lon'): its kind and its name. A block's commune, or a district over communes:
such a heading decides the rows under it."""
_COMMITTEES = (("ubnd",), ("uy", "ban", "nhan", "dan"), ("dang", "uy"))
"""A unit's committee named before its kind, folded words: 'UBND xã Côn Lôn', 'Ủy ban nhân dân xã …',
'Đảng ủy xã …'."""
UNIT_OR_COMMITTEE_HEADING = _unit_heading(rf"(?:(?:{'|'.join(' '.join(words) for words in _COMMITTEES)}) )?")
"""`UNIT_HEADING`, its unit named by its committee or not ('i ubnd xa con lon'): a sheet's communes'
headings where the sheet names them by their committees only (`by_committee`)."""


def by_committee(headings: list[tuple[int, str]]) -> bool:
    """Whether a sheet's headings name their units by committee only ('I | UBND xã Côn Lôn', 'II. Ủy ban
    nhân dân xã Trung Môn'), none by the unit alone ('I | Xã Côn Lôn'). Such headings then decide blocks
    as a unit's do. Not where the sheet names a unit alone anywhere: there a committee is a commune's
    sub-group by body ('A | UBND xã Côn Lôn' under 'I | Xã Côn Lôn', beside 'B | Đảng ủy xã …'), read as
    before. The header repeated (three cells or more) is no heading of either: its 'Xã, phường' is no unit."""
    cells = [fold(cell) for _, text in headings if text.count(" | ") < 2 for cell in text.split(" | ")]
    return not any(UNIT_HEADING.match(cell) for cell in cells) and any(
        UNIT_OR_COMMITTEE_HEADING.match(cell) for cell in cells
    )


def _without_committee(cell: str) -> str:
    """The cell with each committee before a unit's kind left out, as written otherwise ('I. UBND xã Côn
    Lôn (Na Hang)' → 'I. xã Côn Lôn (Na Hang)'), so the unit is named as in a heading of its own, and a
    list stays a list ('UBND xã Côn Lôn, UBND xã Trung Môn' names two: a review's, which filled the first)."""
    words = cell.split()
    folded = [fold(word) for word in words]
    kept, at = [], 0
    while at < len(words):
        committee = next(
            (
                committee
                for committee in _COMMITTEES
                if tuple(folded[at : at + len(committee)]) == committee
                and _KIND_IN_WORDS.match(" ".join(folded[at + len(committee) :]))
            ),
            None,
        )
        if committee is None:
            kept.append(words[at])
            at += 1
        else:
            at += len(committee)
    return " ".join(kept)


def _key(kind: str, name: str) -> str:
    """A commune's kind and name, folded, numbers without leading zeros: 'Phường 01' is 'Phường 1', and 'Xã
    Na Hang' is no 'Thị trấn Na Hang'. The name keeps a first word that reads as a kind ('Xã Huyền Hội' is
    'xa huyen hoi': a review found it keyed 'xa hoi', named by any '… xã hội')."""
    return f"{kind} {without_leading_zeros(name)}"


@lru_cache(maxsize=8)
def _codes_by_name(unit_list: UnitList, province_code: str) -> dict[str, frozenset[str]]:
    """A province's communes by kind and name: a name two communes of one kind share maps to both."""
    names: dict[str, set[str]] = {}
    for code, commune in listed_communes(unit_list).items():
        found = UNIT_HEADING.match(fold(commune.name))
        if commune.province_code == province_code and found:
            names.setdefault(_key(*found.groups()), set()).add(code)
    return {key: frozenset(codes) for key, codes in names.items()}


@lru_cache(maxsize=8)
def _codes_by_bare_name(unit_list: UnitList, province_code: str) -> dict[str, frozenset[str]]:
    """A province's communes by their name without its kind ('trung mon'): a list's second name is often
    written so ('Xã Côn Lôn và Trung Môn')."""
    listed, names = listed_communes(unit_list), {}
    for code, bare in commune_names(unit_list).items():
        if listed[code].province_code == province_code:
            names.setdefault(bare, set()).add(code)
    return {key: frozenset(codes) for key, codes in names.items()}


def _a_year(cell: str, number: str) -> bool:
    """A year after a commune's name ('Xã Côn Lôn (2023)', 2000 to 2035), whatever commune has that code;
    before the name it is a code ('2023 - Xã …': 02023 is a commune of Bắc Kạn, and a code and a name that
    disagree are not guessed)."""
    return len(number) == 4 and 2000 <= int(number) <= 2035 and not cell.lstrip().startswith(number)


@lru_cache(maxsize=8)
def _province_codes(unit_list: UnitList, province_code: str) -> frozenset[str]:
    """The codes of a province's communes in a list (every one has a bare name)."""
    return frozenset().union(*_codes_by_bare_name(unit_list, province_code).values())


def commune_named(heading: str, unit_list: UnitList, province_code: str, committees: bool = False) -> str | None:
    """The code of the one commune of the province a heading's text names ('I | Xã Côn Lôn'), else None.
    A commune is named with its kind, keyed by it, so a district ('Huyện Na Hang') names none though a
    commune shares its name (Thị trấn Na Hang), nor does a bare number ('4 | Huyện Tuy An': Phường 4). A
    list naming two names none: the others of a list after a commune so named count with or without their
    kind ('Xã Côn Lôn và Trung Môn'), but never name a commune on their own. With `committees` (a sheet
    naming its communes so, `by_committee`), a unit's committee before its kind is left out ('I | UBND xã
    Côn Lôn')."""
    names, bare = _codes_by_name(unit_list, province_code), _codes_by_bare_name(unit_list, province_code)
    found: set[str] = set()
    for cell in heading.split(" | "):
        cell = _without_committee(cell) if committees else cell
        listed = _LIST.split(cell)
        named = set()
        for piece in {*name_cuts(cell), *listed}:  # 'Xã Côn Lôn - huyện Na Hang': the name before its note
            unit = UNIT_HEADING.match(fold(piece))
            named |= names.get(_key(*unit.groups()), frozenset()) if unit else frozenset()
        if named:
            for piece in listed[1:]:
                named |= frozenset() if UNIT_HEADING.match(fold(piece)) else bare.get(bare_name(piece), frozenset())
        found |= _as_its_code_says(cell, named, _province_codes(unit_list, province_code))
    return next(iter(found)) if len(found) == 1 else None


_NAME_SEGMENTS = 3
"""The most separators' segments a commune's name spans, its kind's included ('Phường Văn Miếu - Quốc Tử
Giám': two)."""


def _a_commune_after_a_kind(words: str, names: frozenset[str]) -> bool:
    """Whether a commune of the province is named after a unit's kind inside the words ('UBND xã Trung
    Môn', 'Cán bộ, công chức xã Trung Môn (5 người)'): a sub-group's heading naming another commune. The
    name runs from the kind to a separator or the end (`_names_after_kinds`, as titles are read), as a
    commune is named: a kind followed
    by other words ('công chức xã, phường, thị trấn', 'xã theo Nghị định 33', 'phường (05 người)', whose
    '5' is Phường 5's bare name, 'phường Tư pháp - Hộ tịch', Tư being a commune's) names none (two
    reviews found looser readings ending a commune's own groups)."""
    segments = [fold(segment) for segment in name_segments(words)]
    return any(name in names for _, name in _names_after_kinds(segments))


def _names_after_kinds(segments: Sequence[str]) -> Iterator[tuple[str, str]]:
    """Each unit's kind inside a text's folded pieces between separators, with each name that may follow
    it (numbers without leading zeros): the rest of its piece, and on past a separator (`_NAME_SEGMENTS`:
    'Phường Văn Miếu - Quốc Tử Giám'; a kind ending its piece: 'UBND xã - Trung Môn')."""
    for at, segment in enumerate(segments):
        for kind in _KIND_IN_WORDS.finditer(f"{segment} "):
            rest = [segment[kind.end() :], *segments[at + 1 : at + _NAME_SEGMENTS]]
            for upto in range(1, len(rest) + 1):
                yield kind.group().strip(), zeros_dropped(" ".join(part for part in rest[:upto] if part))


SEVERAL_COMMUNES = frozenset({"*"})
"""Words naming communes of two names: no commune's code is among them."""


def communes_named_inside(texts: Sequence[str], unit_list: UnitList, province_code: str) -> list[frozenset[str]]:
    """Per text, the communes of the province its words name after a unit's kind ('Đảng bộ xã Trung Môn',
    'Danh sách cán bộ UBND xã Trung Môn'), each name running to a separator or the end, or past one
    (`_NAME_SEGMENTS`: 'Phường Văn Miếu - Quốc Tử Giám'): their codes (two where two communes of the
    province share the kind and name), `SEVERAL_COMMUNES` where the words name two names. Only texts
    holding a commune's kind and name somewhere (looked for in Arrow, all at once) are read in Python:
    20,000 notes naming units took 1–2 s read one by one."""
    folded = arrow_text(fold_series(pd.Series(list(texts), dtype="string[pyarrow]")))
    folded = pc.replace_substring_regex(folded, r"\b0+(\d)", r"\1")  # 'phường 01' is keyed 'phuong 1'
    named = pc.match_substring_regex(folded, _keys_pattern(unit_list, province_code))
    found = [frozenset()] * len(texts)
    hits = np.flatnonzero(pc.fill_null(named, False).to_numpy(zero_copy_only=False))
    pieces = [name_segments(texts[at]) for at in hits]  # their pieces between separators, folded together
    flat = fold_series(pd.Series([piece for split in pieces for piece in split], dtype="string[pyarrow]")).tolist()
    start = 0
    for at, split in zip(hits, pieces, strict=True):
        found[at] = _communes_in(tuple(flat[start : start + len(split)]), unit_list, province_code)
        start += len(split)
    return found


@lru_cache(maxsize=8)
def _keys_pattern(unit_list: UnitList, province_code: str) -> str:
    """Any commune of the province by its kind and name, folded, as a whole run of words."""
    keys = sorted(_codes_by_name(unit_list, province_code), key=len, reverse=True)
    return r"\b(?:" + "|".join(re.escape(key) for key in keys) + r")\b" if keys else r"$^"


@lru_cache(maxsize=4096)
def _communes_in(segments: tuple[str, ...], unit_list: UnitList, province_code: str) -> frozenset[str]:
    """`communes_named_inside` of one text, given its folded pieces between separators."""
    names = _codes_by_name(unit_list, province_code)
    keys = {key for kind, name in _names_after_kinds(segments) if (key := f"{kind} {name}") in names}
    if len(keys) > 1:  # two names ('xã Trung Môn (sáp nhập vào xã Côn Lôn)'): no block's own alone
        return SEVERAL_COMMUNES
    return names[keys.pop()] if keys else frozenset()


def names_no_unit(words: str, unit_list: UnitList, province_code: str, own: str | None = None) -> bool:
    """Whether a sub-group heading's words name no unit by its kind and no commune of the province by its
    bare name, in either list (a sibling may be written by its name in the other list: a 2025 file naming
    a legacy commune): `Cán bộ` passes, `Xã Trung Môn` and `Trung Môn` decide or end a block instead, and
    so does a commune named after a kind inside the words (`UBND xã Trung Môn`, `_a_commune_after_a_kind`).
    `Văn hóa - Xã hội`, `Văn phòng - Thống kê` are groups, though some commune elsewhere is so named.
    `own`: the block's commune (its code), whose name a sub-group may repeat (`A | Cán bộ xã Côn Lôn`
    under `I | Xã Côn Lôn`), where no other commune of the province's list shares it (a review's: `B |
    Cán bộ xã Đức Giang` under `I | Phường Đức Giang` took the phường's code)."""
    if UNIT_HEADING.match(fold(words)):
        return False
    names = _province_names_in_both_lists(unit_list, province_code)
    own_name = commune_names(unit_list).get(own)
    if own_name is not None and _codes_by_bare_name(unit_list, province_code).get(own_name) == {own}:
        names -= {own_name}
    if _a_commune_after_a_kind(words, names):
        return False
    return not any(bare_name(cut) in names for piece in _LIST.split(words) for cut in name_cuts(piece))


@lru_cache(maxsize=8)
def _province_names_in_both_lists(unit_list: UnitList, province_code: str) -> frozenset[str]:
    """The bare names of a province's communes in its list and of its counterparts' in the other (its
    2025 province, or the legacy provinces merged into it)."""
    successors = province_successor_codes()
    if unit_list == "legacy":
        others = {"2025": {successors.get(province_code, province_code)}}
    else:
        others = {"legacy": {old for old, new in successors.items() if new == province_code} or {province_code}}
    listed = {unit_list: {province_code}, **others}
    return frozenset(
        name
        for in_list, provinces in listed.items()
        for province in provinces
        for name in _codes_by_bare_name(in_list, province)
    )


def _as_its_code_says(cell: str, named: set[str], province_codes: frozenset[str]) -> set[str]:
    """The communes a heading cell names, given its code where it holds one ('02245 - Xã Côn Lôn', 'Xã Côn
    Lôn (02245)'): the code's commune where its name is the code's, none where the two disagree ('02209 -
    Xã Côn Lôn': 02209 is Tràng Đà; which one, not guessed). A number of three digits or fewer is the
    heading's label, and one no commune of the province has is no code of it, nor is a year after the
    name (`_a_year`): the name decides."""
    coded = code_and_name(cell)
    if coded is None or len(coded[0]) < 4 or coded[0].zfill(5) not in province_codes or _a_year(cell, coded[0]):
        return named
    code = coded[0].zfill(5)
    return {code} if code in named else set()
