"""The words a unit's name starts with, folded ('Xã Côn Lôn' → 'xa …'): one list for every reader of them
(a commune's name after a post, a group heading, a name beside a code), so they cannot drift apart."""

from __future__ import annotations

COMMUNE_KINDS: tuple[str, ...] = ("xa", "phuong", "thi tran", "dac khu")
"""A commune-level unit's kinds; the 2025 reform added the special zone (đặc khu)."""
DISTRICT_KINDS: tuple[str, ...] = ("huyen", "thi xa", "thanh pho")
"""A district-level unit's kinds: gone from 2025, still in the legacy list and in headings over communes.
Not 'quận': folded it is 'quan', a Tày and Nùng family name ('Quan Văn Minh') and 'quản' ('Quản lý …'),
so a folded cell starting so says nothing (a 'Quận …' heading is not taken for one: its rows are held)."""


def kinds_pattern(kinds: tuple[str, ...]) -> str:
    """A regular expression matching one of `kinds` (longest first: 'thi xa' before 'xa')."""
    return "(?:" + "|".join(sorted(kinds, key=len, reverse=True)) + ")"
