"""The labels of group headings ('I', 'A.', '1)') and the sub-groups a commune's block runs through.

Provinces list a commune's cadres by group under its heading (`I | Xã Côn Lôn`, then `A | Cán bộ`,
`B | Công chức`), and some put sections around the communes (`A | Cán bộ cấp xã`, then `I | Xã Côn
Lôn`, `II | Xã Trung Môn`, then `B | Cán bộ tăng cường`). Headings of one rank share their label's
kind, and a rank's labels run in order from its first ('A', 'I', '1'). So a commune's sub-groups are
labelled otherwise than the communes, start their run at its first label and go on one by one; a
kind heading a level above the first commune, or a label out of its run (`B` met first, a section
after the communes whose `A` stood above the table), ends the block, as a sibling commune's does. A
heading without a label naming the commune's own staff ('Cán bộ', 'Công chức') is a level of its own
kind; any other ends the block ('Cán bộ tăng cường'). Where a sheet lists sections after the communes
(CanBo: 'Cán bộ tăng cường'), a run starting after a block's data rows is one, unless it starts right
under a label and names the commune's own staff; and a heading naming a seconded section's words never
passes there, labelled or not, wherever its run stands (one naming another commune of the province
fails the sheet's own test of a sub-group's words, `words_pass`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from cadres.text import fold

ROMAN = "(?:C{1,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})|(?:XC|XL|L?X{1,3}|L)(?:IX|IV|V?I{0,3})|IX|IV|V?I{1,3}|V)"
"""A Roman numeral up to 399 (CCCXCIX), as a heading's label holds it: a province lists a hundred
communes and more, whose labels were read up to 'XXVII' only, the 28th commune's heading read as a
cadre (held) and its cadres held. The numerals' grammar, hundreds to units, each branch holding one
letter at least (no look-ahead, for Arrow's RE2): a note's 'VD:', 'CCCD …', 'XD' is no label (any run
of the letters was, a review found: the note ended its commune's block). Without D and M: a name in
capitals 'DI THỊ MAI', 'MI VĂN AN' would be a label (501, 1001), and no list numbers 400 headings in
Roman; a lone D or M is a letter (`[A-Z]` beside it)."""
ROMAN_FOLDED = ROMAN.lower()
"""The same letters in a folded cell ('xxviii xa con lon')."""
_LABEL = re.compile(
    rf"\s*((?:PHẦN|Phần|phần)\s+(?:(?:THỨ|Thứ|thứ)\s+)?)?({ROMAN}|{ROMAN_FOLDED}|[A-Za-z]|\d{{1,3}})(?:\.0)?"
    r"(?:\s*[.)/:-]\s*|\s+|$)"
)
"""A heading's label at the start of its first cell: 'I', 'II.', 'A)', '1.', 'I. Xã Côn Lôn' in one cell,
or a part's number ('Phần 1', 'PHẦN II.CÁN BỘ'), a kind of its own: a part's `II` never goes on from a
sub-group's `I` (a sixth review's: the part's cadres loaded in the last commune)."""
_PART = "phần "
"""How `heading_label` marks a part's number ('PHẦN II' → 'phần II')."""
_UNLABELLED = "unlabelled"
"""The kind of a heading without a label naming staff groups only ('Cán bộ' under 'I | Xã Côn Lôn'): a
level of its own, with no run (`names_staff_groups`)."""
_OWN_GROUP_WORDS = ("can bo", "cong chuc", "nguoi hoat dong", "khong chuyen trach", "khoi")
"""Folded, how a commune's own group of staff is named first ('Cán bộ', 'Công chức', 'Khối Đảng')."""
_SECONDED_WORDS = ("luan chuyen", "biet phai", "du an 600", "tri thuc tre")
"""Folded, words of a section of seconded staff."""
_SECTION_WORDS = (*_SECONDED_WORDS, "doi ngu")
"""Folded, words of a section of seconded staff, which may also start its heading's cell."""
STAFF_GROUP_START = rf"^(?:\d{{1,3}} )?(?:{'|'.join((*_OWN_GROUP_WORDS, *_SECTION_WORDS))})(?: |$)"
"""How a cell naming a group of staff starts, folded ('Cán bộ tăng cường', '2. Công chức', 'Khối MTTQ'):
a commune's own group or a section of seconded staff; the reader takes such rows for headings."""
_OWN_GROUP = re.compile(rf"^(?:{'|'.join(_OWN_GROUP_WORDS)})(?: |$)")
_SECTION = re.compile(rf"\b(?:{'|'.join((*_SECTION_WORDS, 'tang cuong', 'danh sach'))})\b")
"""A section's words anywhere in a heading: also 'tăng cường' (no heading starts with it: 'Tăng Cường' is
a name) and a title's 'danh sách'."""
_SECONDED = re.compile(rf"\b(?:{'|'.join((*_SECONDED_WORDS, 'tang cuong'))})\b")
"""A section of seconded staff's words anywhere in a labelled heading (`_SECTION` but for a title's
'danh sách' and 'đội ngũ', which head a commune's own groups too: 'Danh sách công chức')."""
_UNIT_NAMED = re.compile(r"\b(?:xa|phuong|thi tran|huyen) (?!hoi\b)[a-z]")
"""A unit's kind and a name after it, folded ('xã Yên Hoa'; not 'cấp xã', 'xã (02 người)', 'Xã hội')."""
_NUMERALS = {"M": 1000, "CM": 900, "D": 500, "CD": 400, "C": 100, "XC": 90, "L": 50, "XL": 40, "X": 10, "IX": 9}
_NUMERALS |= {"V": 5, "IV": 4, "I": 1}
"""A Roman numeral's letters and pairs by value, the largest first (as `_as_roman` writes a value)."""
_ROMAN_VALUES = {letters: value for letters, value in _NUMERALS.items() if len(letters) == 1}
_FIRSTS = {"letter": "A", "roman": "I", "number": "1"}


def heading_label(text: str) -> str | None:
    """The label a heading's text starts with ('I | Xã Côn Lôn' → 'I'); None without one."""
    found = _LABEL.match(text.split(" | ")[0])
    if found is None:
        return None
    return _PART + found.group(2) if found.group(1) else found.group(2)


def heading_words(text: str) -> str:
    """A heading's words without its label ('A | Cán bộ' and 'A. Cán bộ' → 'Cán bộ')."""
    joined = text.replace(" | ", " ")
    found = _LABEL.match(joined)
    return joined[found.end() :] if found is not None else joined


def _roman_value(label: str) -> int | None:
    """A Roman numeral's value ('IV' → 4); None where the letters are no numeral ('IIV')."""
    values = [_ROMAN_VALUES.get(char) for char in label.upper()]
    if None in values:
        return None
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if _as_roman(total) == label.upper() else None


def _as_roman(value: int) -> str:
    out = ""
    for letters, number in _NUMERALS.items():
        while value >= number:
            out, value = out + letters, value - number
    return out


def kinds_of(label: str | None) -> tuple[str, ...]:
    """The kinds a label may be of, the likelier first: a lone C, I, L, V or X a Roman numeral or a letter, a
    lone D or M a letter or a Roman numeral (the 500th or 1,000th heading: a letter likelier)."""
    if label is None:
        return ()
    if label.startswith(_PART):
        return ("part",) if _part_value(label) is not None else ()
    if label.isdigit():
        return ("number",)
    roman = ("roman",) if _roman_value(label) is not None else ()
    if len(label) > 1:
        return roman
    return ("letter", *roman) if label.upper() in "DM" else (*roman, "letter")


def _part_value(label: str) -> int | None:
    """A part's number ('phần 2', 'phần II' → 2); None for a letter ('PHẦN B' is no part this knows)."""
    number = label.removeprefix(_PART)
    return int(number) if number.isdigit() else _roman_value(number)


def names_staff_groups(words: str) -> bool:
    """Whether a heading's words (its label aside) name a group of the commune's own staff: a staff
    group's or a bloc's words first ('Cán bộ', 'Công chức xã (02 người)', 'Người hoạt động KCT', 'Khối
    Mặt trận và các đoàn thể'), no section of seconded staff ('Cán bộ tăng cường', 'luân chuyển', 'Dự
    án 600') and no unit by its name ('Cán bộ, công chức xã Yên Hoa': another commune's block)."""
    folded = fold(words)
    return bool(_OWN_GROUP.match(folded)) and not _SECTION.search(folded) and not _UNIT_NAMED.search(folded)


def follows(label: str | None, kind: str, previous: str | None) -> bool:
    """Whether `label` comes next in a run of `kind` after `previous` (or starts one where none is); an
    unlabelled heading has no run to follow."""
    if kind == _UNLABELLED or label is None:
        return kind == _UNLABELLED
    if kind == "part":
        value = _part_value(label)
        return value == 1 if previous is None else value == (_part_value(previous) or 0) + 1
    if previous is None:
        return label.upper() == _FIRSTS[kind]
    if kind == "number":
        return previous.isdigit() and int(label) == int(previous) + 1
    if kind == "roman":
        before, now = _roman_value(previous), _roman_value(label)
        return before is not None and now == before + 1
    return len(previous) == 1 and previous.isalpha() and ord(label.upper()) == ord(previous.upper()) + 1


def label_kind(label: str | None, previous: str | None = None) -> str | None:
    """The kind of a label met after `previous` of its rank: 'number' ('1'), 'roman' ('IV'), 'letter'
    ('A', 'b'); a lone C, I, L, V or X is Roman unless it follows the letter before it ('C' after 'B')."""
    kinds = kinds_of(label)
    if not kinds:
        return None
    return next((kind for kind in kinds if previous is not None and follows(label, kind, previous)), kinds[0])


def deciding_kinds(deciding: list[tuple[int, str]]) -> list[str | None]:
    """The label kind of each deciding heading (the communes'), read in their order: `C | Xã Hồng Thái`
    after `B | Xã …` is lettered, as its siblings are."""
    kinds, previous = [], None
    for _, text in deciding:
        label = heading_label(text)
        kinds.append(label_kind(label, previous))
        previous = label
    return kinds


def parent_kinds(
    deciding: list[tuple[int, str]], kinds: list[str | None], headings: list[tuple[int, str]]
) -> dict[str | None, frozenset[str]]:
    """Per label kind of the deciding headings, the kinds of the headings above the first of them: the
    levels above the communes (`A | Cán bộ cấp xã` over `I | Xã Côn Lôn`)."""
    firsts: dict[str | None, int] = {}
    for (row, _), kind in zip(deciding, kinds, strict=True):
        firsts.setdefault(kind, row)
    return {
        kind: frozenset(
            found for row, text in headings if row < first and (found := label_kind(heading_label(text))) is not None
        )
        for kind, first in firsts.items()
    }


@dataclass
class SubGroupWalk:
    """The sub-group headings one commune's block runs through, met in order from its heading down: two
    cells at most, labelled by a kind neither the commune's nor a level's above the communes, each next
    in its run (`follows`), or unlabelled naming the commune's own staff (`names_staff_groups`), and naming
    nothing that would decide a block of its own (`words_pass`, asked of the words with and without the
    label: 'A | Lưới 2' is A Lưới 2, a commune)."""

    kind: str | None
    parents: frozenset[str]
    words_pass: Callable[[str], bool]
    sections: bool = False
    """Whether the sheet may list sections after the communes (CanBo's seconded cadres): then a run
    starting after the block's data rows is a section, not a sub-group (`A | Cán bộ tăng cường` after the
    commune's cadres), but where it starts right under a label passed since and names a group of the
    commune's own staff (`_may_open`)."""
    last: dict[str, str | None] = field(default_factory=dict)
    """Each kind's last label passed, the levels in the order first met (a dict keeps it)."""
    reopened: set[str] = field(default_factory=set)
    """Levels under the label passed last, which may start their runs again before any data row."""
    closed: set[str] = field(default_factory=set)
    """Levels that did not start again under their parent before its data rows: none of their labels
    passes until the parent's level passes again (a `B` after `II | Công chức` and its cadres is a
    section, not a letter going on from under `I`)."""
    data_passed: bool = field(default=False, init=False)
    """Whether the block's data rows began (see `sections`)."""
    right_after_data: bool = field(default=False, init=False)
    """Whether data rows were passed since the last label (see `sections`)."""

    def passes(self, text: str | None) -> bool:
        if text is None or text.count(" | ") > 1:
            return False
        label = heading_label(text)
        if self._names_a_section(heading_words(text)):
            return False
        unlabelled = (_UNLABELLED,) if label is None and names_staff_groups(text) else ()
        for kind in kinds_of(label) or unlabelled:
            previous = None if kind in self.reopened else self.last.get(kind)
            if kind == self.kind or kind in self.parents | self.closed or not follows(label, kind, previous):
                continue
            starts = kind not in self.last or kind in self.reopened  # a run starting here, first or again
            if starts and self.sections and not self._may_open(text):
                continue
            if self.words_pass(heading_words(text)) and self.words_pass(text.replace(" | ", " ")):
                self._passed(kind, label)
                return True
        return False

    def _names_a_section(self, words: str) -> bool:
        """Whether a heading's words name a section of seconded staff, where the sheet lists sections,
        wherever the run stands (two reviews': `B | Cán bộ tăng cường` after `A | Cán bộ`, or `1 | Cán bộ
        tăng cường` right under an empty commune, loaded a section's cadres in the commune). A commune's
        own seconded cadres listed as its group are held so too: a wrong commune is worse than a held
        row. (Another commune named, `B | UBND xã Trung Môn`, is `words_pass`'s to refuse.)"""
        return self.sections and bool(_SECONDED.search(fold(words)))

    def data_seen(self) -> None:
        """Data rows were passed: a level under the last label can no longer start again (`A | Cán bộ
        tăng cường` after `II | Công chức` and its cadres is a section, not II's first group), nor go on
        with its run from under an earlier parent."""
        self.closed |= self.reopened
        self.reopened.clear()
        self.data_passed = self.right_after_data = True

    def _may_open(self, text: str) -> bool:
        """Whether a run may start here (a level's first label, or its first again under a new parent):
        before the block's first data row, or right under a label passed since, naming a group of the
        commune's own staff (`1 | Cán bộ` under `B | Cán bộ, công chức`, not `A | Cán bộ tăng cường`
        under an empty `3 | Người hoạt động không chuyên trách`: a section)."""
        return not self.data_passed or (not self.right_after_data and names_staff_groups(heading_words(text)))

    def _passed(self, kind: str, label: str | None) -> None:
        """A label passed at its level: the levels under it may start their runs again right under it
        ('A | Khối Đảng' under 'I | Cán bộ', then under 'II | Công chức')."""
        levels = list(self.last)
        deeper = set(levels[levels.index(kind) + 1 :]) if kind in levels else set()
        self.reopened = (self.reopened - {kind}) | deeper
        self.closed -= deeper | {kind}
        self.last[kind] = label
        self.right_after_data = False
