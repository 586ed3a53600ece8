"""Code lists of the submission standard (contract §2) with the spellings provinces actually use.

Each list maps its canonical value, spelled exactly as the standard writes it, to accepted
variants. Matching folds case, diacritics, spacing and punctuation (`nu`, `NỮ`, `Nữ` → `Nữ`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from cadres.text import fold, map_distinct
from schemas.unit_kinds import COMMUNE_KINDS, kinds_pattern

REFERENCE_DIR = Path(__file__).parent / "reference"


@dataclass(frozen=True)
class CodeList:
    """A closed list of values; `canonical` keeps the standard's order (used as sort order)."""

    name: str
    label_vi: str
    canonical: tuple[str, ...]
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    leading: tuple[str, ...] = ()
    """Values a cell may name by starting with one of their spellings and going on ('Cử nhân Luật', 'Cao
    đẳng sư phạm', 'Trung cấp LLCT-HC': a level, then the major or the school's name); never a 'none'
    value ('Không rõ' is no 'Không')."""

    @cached_property
    def lookup(self) -> dict[str, str]:
        """Folded spelling → canonical value."""
        table: dict[str, str] = {}
        for value in self.canonical:
            table[fold(value)] = value
            for alias in self.aliases.get(value, ()):
                table[fold(alias)] = value
        return table

    def match(self, values: pd.Series) -> pd.Series:
        """Canonical value for each cell; cells that match nothing keep their text (so checks see them)."""
        lookup = self.lookup
        if not self.leading:
            return map_distinct(values, lambda value: lookup.get(fold(value), value))
        return map_distinct(values, lambda value: self._by_start(fold(value), value))

    def _by_start(self, key: str, value: str) -> str:
        """A cell's value where its text is a spelling, or starts with one of a `leading` value's."""
        if key in self.lookup:
            return self.lookup[key]
        words = key.split(" ")
        for end in range(len(words) - 1, 0, -1):
            found = self.lookup.get(" ".join(words[:end]))
            if found in self.leading:
                return found
        return value

    def is_member(self, values: pd.Series) -> pd.Series:
        return values.isin(self.canonical) | values.isna()


GENDER = CodeList("gender", "Giới tính", ("Nam", "Nữ"), {"Nam": ("male", "m"), "Nữ": ("female", "f")})
STAFF_GROUP = CodeList(
    "staff_group",
    "Nhóm",
    ("Cán bộ", "Công chức", "Không chuyên trách"),
    {
        "Cán bộ": ("CB", "Cán bộ chuyên trách", "Cán bộ cấp xã"),
        "Công chức": ("CC", "Công chức cấp xã"),
        "Không chuyên trách": (
            "Người hoạt động không chuyên trách",
            "KCT",
            "HĐKCT",
            "Người HĐKCT",
            "Người hoạt động KCT",
        ),
    },
)
EDUCATION = CodeList(
    "education",
    "Trình độ chuyên môn",
    ("Tiến sĩ", "Thạc sĩ", "Đại học", "Cao đẳng", "Trung cấp", "Sơ cấp", "Chưa qua đào tạo"),
    {
        "Tiến sĩ": ("TS", "Tiến sĩ khoa học", "TSKH", "Tiến sỹ"),
        "Thạc sĩ": ("ThS", "Thạc sỹ"),
        "Đại học": ("ĐH", "Cử nhân", "Kỹ sư", "Đại học chính quy", "Đại học tại chức", "Đại học từ xa"),
        "Cao đẳng": ("CĐ",),
        "Trung cấp": ("TC", "Trung học chuyên nghiệp", "Trung cấp chuyên nghiệp", "THCN"),
        "Sơ cấp": ("SC",),
        "Chưa qua đào tạo": ("Chưa đào tạo", "Không", "Chưa có"),
    },
    leading=("Tiến sĩ", "Thạc sĩ", "Đại học", "Cao đẳng", "Trung cấp", "Sơ cấp"),
)
POLITICAL_THEORY = CodeList(
    "political_theory",
    "Lý luận chính trị",
    ("Cao cấp", "Cử nhân", "Trung cấp", "Sơ cấp", "Chưa có"),
    {
        "Cao cấp": (
            "Cao cấp lý luận chính trị",
            "Cao cấp lý luận chính trị - hành chính",
            "CC LLCT",
            "Cao cấp LLCT",
            "Cao cấp chính trị",
            "Cao cấp lý luận",
            "CC",
        ),
        "Cử nhân": ("Cử nhân chính trị", "CNCT", "Cử nhân lý luận chính trị", "Cử nhân LLCT", "CN LLCT"),
        "Trung cấp": (
            "Trung cấp lý luận chính trị",
            "Trung cấp lý luận chính trị - hành chính",
            "TC LLCT",
            "Trung cấp LLCT",
            "Trung cấp chính trị",
            "Trung cấp lý luận",
            "TC",
        ),
        "Sơ cấp": ("Sơ cấp lý luận chính trị", "SC LLCT", "Sơ cấp LLCT", "Sơ cấp chính trị", "Sơ cấp lý luận", "SC"),
        "Chưa có": ("Chưa qua đào tạo", "Không", "Chưa"),
    },
    leading=("Cao cấp", "Cử nhân", "Trung cấp", "Sơ cấp"),
)
PROGRAM = CodeList(
    "program",
    "Chương trình",
    ("Dự án 600", "Biệt phái", "Luân chuyển", "Đề án 500"),
    {
        "Dự án 600": ("DA 600", "600", "Dự án 600 Phó Chủ tịch xã", "Đề án 600"),
        "Đề án 500": ("ĐA 500", "500", "Dự án 500"),
        "Biệt phái": ("BP",),
        "Luân chuyển": ("LC",),
    },
)
PORTFOLIO = CodeList(
    "portfolio",
    "Lĩnh vực phụ trách",
    ("Kinh tế", "Văn hóa - xã hội", "Nội chính", "Đảng - đoàn thể", "Khác"),
    {"Văn hóa - xã hội": ("VH-XH", "Văn hoá - xã hội"), "Đảng - đoàn thể": ("Đảng đoàn thể", "Đảng, đoàn thể")},
)
COURSE_KIND = CodeList(
    "course_kind",
    "Loại hình",
    ("Đào tạo", "Bồi dưỡng", "Tập huấn"),
    {
        "Đào tạo": ("Lớp đào tạo",),
        "Bồi dưỡng": ("Lớp bồi dưỡng", "Bồi dưỡng nghiệp vụ", "Bồi dưỡng kiến thức", "Bồi dưỡng chuyên đề"),
        "Tập huấn": ("Lớp tập huấn", "Tập huấn nghiệp vụ", "Tập huấn chuyên đề", "Tập huấn kiến thức"),
    },
)
TOPIC = CodeList(
    "topic",
    "Nội dung",
    (
        "Chuyên môn nghiệp vụ",
        "Lý luận chính trị",
        "Quản lý nhà nước",
        "Ngoại ngữ - tiếng dân tộc",
        "Tin học",
        "Nông thôn mới",
        "Giảm nghèo",
        "Khác",
    ),
    {
        "Chuyên môn nghiệp vụ": ("CMNV", "Chuyên môn"),
        "Lý luận chính trị": ("LLCT",),
        "Quản lý nhà nước": ("QLNN",),
        "Ngoại ngữ - tiếng dân tộc": ("Ngoại ngữ", "Tiếng dân tộc"),
        "Tin học": (
            "CNTT",
            "Công nghệ thông tin",
            "Tin học văn phòng",
            "Ứng dụng CNTT",
            "Ứng dụng công nghệ thông tin",
        ),
        "Nông thôn mới": ("NTM",),
    },
)
DEGREE_LEVEL = CodeList(
    "degree_level",
    "Trình độ đào tạo",
    ("Tiến sĩ", "Thạc sĩ", "Đại học", "Cao đẳng", "Trung cấp"),
    {"Tiến sĩ": ("TS",), "Thạc sĩ": ("ThS",), "Đại học": ("ĐH",), "Cao đẳng": ("CĐ",), "Trung cấp": ("TC",)},
)
FUNDING_PROGRAM = CodeList(
    "funding_program",
    "Chương trình (nguồn kinh phí)",
    ("Chương trình 135", "Nông thôn mới", "Giảm nghèo bền vững", "Đề án 1956", "Ngân sách địa phương", "Khác"),
    {
        # 2021–2025 Chương trình 135 is part of the MTQG for ethnic-minority areas, QĐ 1719 (reference.md)
        "Chương trình 135": ("CT 135", "135", "Chương trình MTQG 1719", "Chương trình 1719", "CT 1719", "1719"),
        "Nông thôn mới": (
            "NTM",
            "Chương trình nông thôn mới",
            "MTQG nông thôn mới",
            "MTQG xây dựng nông thôn mới",
            "Chương trình MTQG xây dựng nông thôn mới",
            "Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
        ),
        "Giảm nghèo bền vững": (
            "GNBV",
            "MTQG giảm nghèo bền vững",
            "Giảm nghèo",
            "Chương trình MTQG giảm nghèo bền vững",
            "Chương trình mục tiêu quốc gia giảm nghèo bền vững",
        ),
        "Đề án 1956": ("ĐA 1956", "1956"),
        "Ngân sách địa phương": ("NSĐP", "Ngân sách tỉnh"),
    },
)
OUTCOME = CodeList(
    "outcome",
    "Kết quả",
    ("Hoàn thành", "Không hoàn thành", "Đang học"),
    {  # a grade is given to who completed the course; Yếu and Kém are the failing grades
        "Hoàn thành": (
            "HT",
            "Đạt",
            "Đã hoàn thành",
            "Hoàn thành tốt",
            "Hoàn thành xuất sắc",
            "Đạt yêu cầu",
            "Xuất sắc",
            "Giỏi",
            "Khá",
            "Trung bình",
            "Trung bình khá",
            "TB",
            "TBK",
            "Tốt",
            "Hoàn thành khóa học",
        ),
        "Không hoàn thành": (
            "KHT",
            "Chưa hoàn thành",
            "Không đạt",
            "Không đạt yêu cầu",
            "Chưa đạt",
            "Chưa đạt yêu cầu",
            "Yếu",
            "Kém",
        ),
        "Đang học": ("Đang đào tạo", "Đang bồi dưỡng", "Đang tham gia", "Chưa kết thúc"),
    },
)
CRITERION_STATUS = CodeList(
    "criterion_status",
    "Trạng thái",
    ("Đạt", "Chưa đạt"),
    {"Đạt": ("Đạt chuẩn", "Đ", "Đã đạt"), "Chưa đạt": ("Không đạt", "Chưa", "Chưa đạt chuẩn", "CĐ", "KĐ")},
)
RECOGNITION_LEVEL = CodeList(
    "recognition_level",
    "Mức đạt",
    ("NTM", "NTM nâng cao", "NTM kiểu mẫu"),
    {
        "NTM": ("Nông thôn mới", "Đạt chuẩn nông thôn mới", "Đạt chuẩn NTM", "Xã NTM", "Xã đạt chuẩn NTM"),
        "NTM nâng cao": (
            "Nông thôn mới nâng cao",
            "Đạt chuẩn NTM nâng cao",
            "Nâng cao",
            "NTMNC",
            "Xã NTM nâng cao",
            "Xã đạt chuẩn NTM nâng cao",
            "Xã nông thôn mới nâng cao",
        ),
        "NTM kiểu mẫu": (
            "Nông thôn mới kiểu mẫu",
            "Đạt chuẩn NTM kiểu mẫu",
            "Kiểu mẫu",
            "NTMKM",
            "Xã NTM kiểu mẫu",
            "Xã đạt chuẩn NTM kiểu mẫu",
            "Xã nông thôn mới kiểu mẫu",
            # QĐ 51/2025 replaced the level with the pilot "xã NTM hiện đại" (reference.md §1c): the standard
            # keeps three levels, so a 2026 file's top level reads as the standard's (docs/decisions.md).
            "NTM hiện đại",
            "Nông thôn mới hiện đại",
            "Đạt chuẩn NTM hiện đại",
            "Hiện đại",
            "NTMHĐ",
            "Xã NTM hiện đại",
            "Xã đạt chuẩn NTM hiện đại",
            "Xã nông thôn mới hiện đại",
        ),
    },
)
ETHNICITY_CODE_LIST = CodeList(
    "ethnicity_code_list",
    "Danh mục dân tộc",
    ("2008", "1979"),
    {
        "2008": (
            "QĐ 1019",
            "1019",
            "1019/QĐ-TCTK",
            "QĐ 1019/QĐ-TCTK",
            "QĐ 1019/QĐ-TCTK 2008",
            "DT2008",
            "Danh mục 2008",
            "TCTK 2008",
            "2008 (QĐ 1019/QĐ-TCTK)",
        ),
        "1979": (
            "QĐ 121",
            "121",
            "121-TCTK/PPCĐ",
            "QĐ 121-TCTK/PPCĐ",
            "QĐ 121-TCTK",
            "QĐ 121/TCTK",
            "DT1979",
            "Danh mục 1979",
            "TCTK 1979",
            "1979 (QĐ 121-TCTK/PPCĐ)",
        ),
    },
)


@dataclass(frozen=True)
class EthnicGroup:
    code_2008: str
    name: str
    code_1979: str
    name_1979: str
    variants: tuple[str, ...]
    name_en: str = ""


@lru_cache(maxsize=1)
def ethnic_groups() -> tuple[EthnicGroup, ...]:
    """The 54 groups with their codes in both official lists (reference.md §2)."""
    with (REFERENCE_DIR / "ethnic_groups.csv").open(encoding="utf-8") as handle:
        return tuple(
            EthnicGroup(
                r["code_2008"],
                r["name"],
                r["code_1979"],
                r["name_1979"],
                tuple(v for v in r["variants"].split(";") if v),
                r["name_en"],
            )
            for r in csv.DictReader(handle)
        )


@lru_cache(maxsize=4)
def ethnicity_list(code_list: str) -> CodeList:
    """Ethnic groups as a code list: names in any listed spelling, or the 2-digit code of `code_list`
    ("2008" or "1979"; for an unrecognised list, "names" say, names only: a bare code would be a guess)."""
    groups = ethnic_groups()
    codes = {"2008": lambda g: (g.code_2008,), "1979": lambda g: (g.code_1979,)}.get(code_list, lambda g: ())
    aliases = {g.name: (g.name_1979, g.name_en, *g.variants, *codes(g)) for g in groups}
    return CodeList(f"ethnicity_{code_list}", "Dân tộc", tuple(g.name for g in groups), aliases)


_ETHNIC_CODE_AND_NAME = re.compile(r"\s*(\d{1,2})(?:\s*[-–—:.|)]\s*|\s+)([^\W\d_].*?)\s*")
"""A group's code, then its name, as lists and dropdowns show them ('01 - Kinh', '02. Tày', '1 Kinh')."""
_ETHNIC_WORD = re.compile(r"\s*(?:d[aâ]n\s+t[oộ]c|dt\.?)\s*:?\s+(\S.*)", re.IGNORECASE)
"""The word 'Dân tộc' (or 'DT') before a group's name ('Dân tộc Kinh', 'Dân tộc: Tày', 'DT Kinh')."""
_ETHNIC_NAME_AND_NOTE = re.compile(r"\s*([^\W\d_][^()]*?)\s*\(([^()]*)\)\s*")
"""A group's name, then a note in brackets: a local or older name ('Khơ Mú (Xá Cẩu)')."""
_ETHNIC_NAME_AND_CODE = re.compile(r"\s*([^\W\d_].*?)\s*\(\s*(\d{1,2})\s*\)\s*")
"""A group's name, then its code in brackets ('Kinh (01)')."""


_OTHER_ETHNIC_LIST = {"2008": "1979", "1979": "2008"}
"""The official list a code of the declared one may have been taken from instead."""


def _ethnic_code_and_name(cell: str) -> tuple[str, str] | None:
    found = _ETHNIC_CODE_AND_NAME.fullmatch(cell)
    if found is not None:
        return found.group(1).zfill(2), found.group(2)
    found = _ETHNIC_NAME_AND_CODE.fullmatch(cell)
    return (found.group(2).zfill(2), found.group(1)) if found is not None else None


def _named_with_words_around(cell: str) -> str | None:
    """The group a name gives once the words around it are set aside: 'Dân tộc' before it, a note in
    brackets after it ('Khơ Mú (Xá Cẩu)'), unless the note holds a digit ('Mường (06)': a code, read as
    one by `_groups_of`) or any other group's name ('Kinh (gốc Hoa)': which one is not guessed)."""
    names = ethnicity_list("names").lookup
    worded = _ETHNIC_WORD.fullmatch(cell)
    text = worded.group(1) if worded is not None else cell
    noted = _ETHNIC_NAME_AND_NOTE.fullmatch(text)
    if noted is None:
        return names.get(fold(text)) if worded is not None else None
    group, note = names.get(fold(noted.group(1))), noted.group(2)
    if group is None or any(char.isdigit() for char in note):
        return None
    words = fold(note).split()
    pieces = {" ".join(words[start : start + size]) for size in (1, 2, 3) for start in range(len(words))}
    return group if all(names.get(piece, group) == group for piece in pieces) else None


def _groups_of(cell: str, code_list: str) -> tuple[str, str | None, str | None] | None:
    """A code-and-name cell's code, the group its code gives in `code_list` and the group its name gives."""
    pair = _ethnic_code_and_name(cell)
    if pair is None:
        return None
    code, name = pair
    return code, ethnicity_list(code_list).lookup.get(code), ethnicity_list("names").lookup.get(fold(name))


def match_ethnicity(values: pd.Series, code_list: str) -> pd.Series:
    """Each cell's group: a name in any listed spelling, a code of the declared list (`code_list`), or
    both ('01 - Kinh', 'Kinh (01)', a dropdown's form) where they give one group; a code and a name giving
    two stay as typed, unknown ('04 - Hoa' from the 1979 list in a 2008 file: 04 is Mường there). A name
    with words around it ('Dân tộc Kinh', 'Khơ Mú (Xá Cẩu)') is its group."""
    groups = ethnicity_list(code_list)

    def read(value: str) -> str:
        found = groups.lookup.get(fold(value))
        if found is not None:
            return found
        both = _groups_of(value, code_list)
        if both is not None:  # a code and a name: one group, or unknown (`ethnic_mismatch` tells why)
            return both[1] if both[1] is not None and both[1] == both[2] else value
        return _named_with_words_around(value) or value

    return map_distinct(values, read)


def bare_codes_in_doubt(values: pd.Series, code_list: str) -> pd.Series:
    """Why a bare code ('4') is in doubt, per cell (null where it is not): the column's code-and-name
    cells whose code tells the two lists apart follow the other list ('04 - Hoa' in a 2008 file), none
    the declared one ('01 - Kinh' tells nothing: 01 is Kinh in both), and the code gives another group
    in the other list. A '4' loaded as the declared list's Mường where the province's own cells show the
    1979 list (Hoa) would be a wrong group loaded without a word."""
    other = _OTHER_ETHNIC_LIST.get(code_list)
    none = pd.Series(pd.NA, index=values.index, dtype="string[pyarrow]")
    if other is None:
        return none
    declared, theirs = ethnicity_list(code_list).lookup, ethnicity_list(other).lookup
    pairs = [both for cell in values.dropna().unique() if (both := _groups_of(str(cell), code_list)) is not None]
    telling = [
        (code, by_name) for code, by_code, by_name in pairs if by_name is not None and by_code != theirs.get(code)
    ]
    if any(declared.get(code) == by_name for code, by_name in telling):
        return none
    if not any(theirs.get(code) == by_name for code, by_name in telling):
        return none

    def doubt(cell: str) -> str | None:
        if not cell.isdigit() or declared.get(cell) == theirs.get(cell) or cell not in declared:
            return None
        return (
            f"Mã {cell} theo danh mục {code_list} là {declared[cell]}, theo danh mục {other} là {theirs[cell]}; "
            f"các ô ghi cả mã và tên ở cột này theo danh mục {other}"
        )

    return map_distinct(values, doubt)


def ethnic_mismatch(cell: str, code_list: str) -> str | None:
    """Why a code-and-name cell is no group, in the province's words: which group each gives, and the
    other list where that one agrees (the list declared in ThongTin is the likely slip)."""
    both = _groups_of(cell, code_list)
    if both is None or both[1] is None or both[2] is None:
        return None
    code, by_code, by_name = both
    if by_code == by_name:
        return None
    told = f"Mã {code} theo danh mục {code_list} là {by_code}, tên ghi là {by_name}"
    other = _OTHER_ETHNIC_LIST.get(code_list)
    if other is not None and ethnicity_list(other).lookup.get(code) == by_name:
        told += f"; mã {code} là {by_name} theo danh mục {other}: ghi Danh mục dân tộc {other} ở ThongTin"
    return told


@dataclass(frozen=True)
class Position:
    name: str
    staff_group: str
    first_year: int
    last_year: int
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def positions() -> tuple[Position, ...]:
    """Commune posts with their group and the reporting years they exist in (contract §2.7)."""
    with (REFERENCE_DIR / "positions.csv").open(encoding="utf-8") as handle:
        return tuple(
            Position(
                r["position"],
                r["staff_group"],
                int(r["first_year"]),
                int(r["last_year"]),
                tuple(a for a in r["aliases"].split(";") if a),
            )
            for r in csv.DictReader(handle)
        )


_POSITION_SUFFIXES = (" cap xa", " xa", " phuong", " thi tran", " dac khu", " viet nam")
"""Longest first: 'cấp xã' must go whole, not leave 'cấp' behind once 'xã' is dropped. 'Đặc khu' is the
third kind of commune-level unit from 2025 ('Chủ tịch UBND đặc khu'). 'Việt Nam' ends the official names
of the mass organisations ('Chủ tịch Hội Cựu chiến binh Việt Nam xã')."""
_POSITION_PREFIX = "cong chuc "
"""'Công chức Tư pháp - hộ tịch': the staff group written before the post."""


def _position_key(text: str) -> str:
    """Fold a post title and drop what its official or local spelling adds: a trailing 'xã/phường/cấp
    xã' and 'Việt Nam', a leading 'Công chức' ('Phó CT UBND xã' → 'pho ct ubnd')."""
    key = fold(text).replace("p ", "pho ", 1) if fold(text).startswith("p ") else fold(text)
    key = key.removeprefix(_POSITION_PREFIX)
    trimmed = True
    while trimmed:  # 'Việt Nam xã': both go
        trimmed = False
        for suffix in _POSITION_SUFFIXES:
            if key.endswith(suffix):
                key, trimmed = key[: -len(suffix)], True
                break
    return key


@lru_cache(maxsize=1)
def position_list() -> CodeList:
    """All posts of every period; which are valid for a year is a separate rule."""
    all_positions = positions()
    return CodeList(
        "position", "Chức vụ", tuple(p.name for p in all_positions), {p.name: p.aliases for p in all_positions}
    )


_CONCURRENTLY = " kiem nhiem"
"""'Chủ tịch UBND (kiêm nhiệm)', folded: the post held beside another, still this post."""
_SECOND_POST = re.compile(r" kiem (?:nhiem )?")
"""'Bí thư Đảng ủy kiêm (nhiệm) Chủ tịch HĐND', folded: two posts in one cell, the principal one first."""
_SECOND_AS_WRITTEN = re.compile(r"\s+ki[eê]m(?:\s+nhi[eệ]m)?\s+", re.IGNORECASE)
_UNIT_NAMED = re.compile(f" {kinds_pattern(('cap xa', *COMMUNE_KINDS))} ")
"""Where a post's title may go on with its unit's name ('Chủ tịch UBND xã Côn Lôn', folded)."""


@lru_cache(maxsize=8)
def _post_lookup(year: int | None = None) -> Mapping[str, str]:
    """Folded titles and their keys → post. An abbreviation two periods give two posts ('TP': Tư pháp -
    hộ tịch up to 2024, Trưởng phòng from 2025) is the year's post; with no year, the later period's."""
    lookup = {_position_key(k): v for k, v in position_list().lookup.items()}
    lookup.update(position_list().lookup)
    for post in positions() if year is not None else ():
        if post.first_year <= year <= post.last_year:
            for title in (post.name, *post.aliases):
                lookup[_position_key(fold(title))] = lookup[fold(title)] = post.name
    return lookup


def _post_of(folded: str, year: int | None = None) -> str | None:
    """The post a folded title names: whole, or before a unit's word that a commune's name follows ('chu
    tich ubnd xa con lon'); what else follows a unit's word ('… xã cũ, nay là Phó Bí thư', '… xã (nghỉ
    hưu)') names none, so the cell stays unknown."""
    # here: unit_names reads the reference data, which reads this module
    from schemas.unit_names import names_a_commune, names_a_commune_and_its_district

    lookup = _post_lookup(year)
    key = _position_key(folded)
    if key in lookup:
        return lookup[key]
    for unit in reversed(list(_UNIT_NAMED.finditer(folded))):
        key = _position_key(folded[: unit.start()])
        rest = folded[unit.start() + 1 :]
        if key in lookup and (names_a_commune(rest) or names_a_commune_and_its_district(rest)):
            return lookup[key]
    return None


def _read_post(text: str, year: int | None = None) -> tuple[str, str | None]:
    """The post a cell names, and the second post written after 'kiêm' that was left out (the standard
    takes one post a person), as written; the cell itself where it names none. Two posts are split
    before either is read ('Bí thư Đảng ủy xã kiêm Chủ tịch HĐND xã')."""
    folded = fold(text).removesuffix(_CONCURRENTLY)
    principal, *rest = _SECOND_POST.split(folded, maxsplit=1)
    second = rest[0] if rest else ""
    post = _post_of(principal, year)
    if post is None:
        return text, None
    if not second:
        return post, None
    written = _SECOND_AS_WRITTEN.split(text, maxsplit=1)
    return post, written[1].strip() if len(written) == 2 else second


def read_posts(values: pd.Series, year: int | None = None) -> tuple[pd.Series, pd.Series]:
    """Canonical post for each cell, accepting the abbreviations documented in positions.csv, a commune's
    name or '(kiêm nhiệm)' after the title, and the first of two posts joined by 'kiêm'; and per cell the
    second post left out ('Chủ tịch HĐND' of '… kiêm Chủ tịch HĐND'), else null. Each distinct cell is
    read once for both. With the report's `year`, an abbreviation two periods share is that year's post."""
    readings: dict[str, tuple[str, str | None]] = {}

    def post(value: str) -> str:
        readings[value] = _read_post(value, year)
        return readings[value][0]

    posts = map_distinct(values, post)
    return posts, map_distinct(values, lambda value: readings[value][1])


def match_positions(values: pd.Series) -> pd.Series:
    """Canonical post for each cell (see read_posts)."""
    return read_posts(values)[0]


CODE_LISTS: tuple[CodeList, ...] = (
    GENDER,
    STAFF_GROUP,
    EDUCATION,
    POLITICAL_THEORY,
    PROGRAM,
    PORTFOLIO,
    COURSE_KIND,
    TOPIC,
    DEGREE_LEVEL,
    FUNDING_PROGRAM,
    OUTCOME,
    CRITERION_STATUS,
    RECOGNITION_LEVEL,
)
CODE_LISTS_BY_NAME: dict[str, CodeList] = {c.name: c for c in (*CODE_LISTS, ETHNICITY_CODE_LIST)}
