"""The labels of group headings ('I', 'A.', '1)') and the sub-groups a commune's block runs through.

Provinces list a commune's cadres by group under its heading (`I | Xã Côn Lôn`, then `A | Cán bộ`,
`B | Công chức`), and some put sections above the communes (`A | Cán bộ cấp xã`, then `I | Xã Côn
Lôn`, `II | Xã Trung Môn`, then `B | Cán bộ tăng cường`). Headings of one rank share their label's
kind, so a heading labelled otherwise than the commune's is a sub-group of it, unless that kind heads
the levels above the communes: a section's heading ends the block, as a sibling commune's does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_LABEL = re.compile(r"\s*([IVXLCivxlc]{1,5}|[A-Za-z]|\d{1,3})(?:\.0)?\s*[.)/:-]?(?:\s+|$)")
"""A heading's label at the start of its first cell: 'I', 'II.', 'A)', '1.', or 'I. Xã Côn Lôn' in one cell."""
_ROMAN = frozenset("IVXLC")


def heading_label(text: str) -> str | None:
    """The label a heading's text starts with ('I | Xã Côn Lôn' → 'I'); None without one."""
    found = _LABEL.match(text.split(" | ")[0])
    return found.group(1) if found is not None else None


def heading_words(text: str) -> str:
    """A heading's words without its label ('A | Cán bộ' and 'A. Cán bộ' → 'Cán bộ')."""
    joined = text.replace(" | ", " ")
    found = _LABEL.match(joined)
    return joined[found.end() :] if found is not None else joined


def label_kind(label: str | None, previous: str | None = None) -> str | None:
    """How a heading is labelled: 'number' ('1'), 'roman' ('IV'), 'letter' ('A', 'b'). A lone C, I, L, V
    or X is Roman unless it follows the letter before it (`previous`: 'C' after 'B' is the third group)."""
    if label is None:
        return None
    if label.isdigit():
        return "number"
    follows = (
        previous is not None and len(previous) == len(label) == 1 and ord(label.upper()) == ord(previous.upper()) + 1
    )
    return "roman" if set(label.upper()) <= _ROMAN and not follows else "letter"


def parent_kinds(deciding: list[tuple[int, str]], headings: list[tuple[int, str]]) -> dict[str | None, frozenset[str]]:
    """Per label kind of the deciding headings (the communes'), the kinds of the headings above the first
    of them: the levels above the communes (`A | Cán bộ cấp xã` over `I | Xã Côn Lôn`)."""
    firsts: dict[str | None, int] = {}
    for row, text in deciding:
        firsts.setdefault(label_kind(heading_label(text)), row)
    return {
        kind: frozenset(
            found for row, text in headings if row < first and (found := label_kind(heading_label(text))) is not None
        )
        for kind, first in firsts.items()
    }


@dataclass
class SubGroupWalk:
    """The sub-group headings one commune's block runs through, met in order from its heading down:
    two cells at most, labelled, of a kind neither the commune's nor a level's above the communes, and
    naming nothing that would decide a block of its own (`words_pass`)."""

    kind: str | None
    parents: frozenset[str]
    words_pass: Callable[[str], bool]
    previous: str | None = None

    def passes(self, text: str | None) -> bool:
        if text is None or text.count(" | ") > 1:
            return False
        label = heading_label(text)
        kind = label_kind(label, self.previous)
        if kind is None or kind == self.kind or kind in self.parents or not self.words_pass(heading_words(text)):
            return False
        self.previous = label
        return True
