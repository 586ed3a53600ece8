"""The course a class heading names ('Lớp: Bồi dưỡng kiến thức QLNN (KH01)'), for the blank `Mã khóa học`
under it in HocVien (schemas/heading_fill.py).

A heading names a course by a code of the file's KhoaHoc among its words (one holding letters and
digits: a year or a count in the heading is no code) or by the course's name, with or without the
heading's label ('Lớp:', 'Khóa học'). Two codes, a code and another course's name, or a name two courses
share name none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import pandas as pd

from cadres.text import fold
from schemas.heading_labels import ROMAN_FOLDED
from schemas.parsing import course_codes

CLASS_HEADING = re.compile(rf"^(?:(?:{ROMAN_FOLDED}|[a-z]|\d{{1,3}}) )?(?:ten )?(?:lop hoc|lop|khoa hoc|khoa) ")
"""A class heading's first words, folded, after its label if it holds one ('Lớp: …', 'Khóa học …', 'Tên lớp
…', 'II. Lớp …'): such a heading decides the attendees under it."""
_CODE_LIKE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")
_IN_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def _codes_in(heading: str, codes: frozenset[str]) -> set[str]:
    """The KhoaHoc codes among a heading's words of letters and digits, compared as codes are."""
    tokens = [token.strip("._/-") for token in _CODE_LIKE.findall(heading)]
    tokens = [token for token in tokens if re.search(r"[A-Za-z]", token) and re.search(r"\d", token)]
    return set(course_codes(pd.Series(tokens, dtype="string[pyarrow]"))) & codes if tokens else set()


def _names_in(heading: str, names: Mapping[str, frozenset[str]]) -> set[str]:
    found: set[str] = set()
    for cell in heading.split(" | "):
        folded = fold(_IN_BRACKETS.sub(" ", cell))
        for text in (folded, CLASS_HEADING.sub("", folded + " ").strip()):
            codes = names.get(text, frozenset())
            found |= codes if len(codes) == 1 else set()  # a name two courses share names neither
    return found


def course_namer(courses: pd.DataFrame) -> Callable[[str], str | None]:
    """What names the one KhoaHoc course (`courses`: its typed `course_code` and `course_name`) a class
    heading names, else None; the sheet's codes and names are gathered once."""
    codes = frozenset(courses["course_code"].dropna())
    gathered: dict[str, set[str]] = {}
    for code, name in zip(courses["course_code"], courses["course_name"], strict=True):
        if not pd.isna(code) and not pd.isna(name):
            gathered.setdefault(fold(name), set()).add(code)
    names = {name: frozenset(found) for name, found in gathered.items()}

    def course_named(heading: str) -> str | None:
        by_code, by_name = _codes_in(heading, codes), _names_in(heading, names)
        if len(by_code) > 1 or len(by_name) > 1 or (by_code and by_name and by_code != by_name):
            return None
        return next(iter(by_code or by_name), None)

    return course_named
