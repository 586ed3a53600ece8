"""TCVN3 text where no font tells it: CSV files and .ods sheets.

A sheet typed in .VnTime and exported as "CSV UTF-8" keeps each cell as Excel shows it ('NguyÔn V¨n
An', 'TrÇn ThÞ B×nh'): without a font to read, those names loaded as written, unreadable, without a
word. The text tells instead: a character TCVN3 shows for a Vietnamese letter that Vietnamese Unicode
text never uses (¨ Þ × µ …) between two letters of one word. Such cells go through the same repair as
cells of a legacy font (`legacy_fonts.repair`): decoded and told (CELL.LEGACY_FONT_REPAIRED), or told
to be retyped where Unicode is mixed in.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from cadres.legacy_fonts import TCVN3_SIGNS, LegacyCell

_LOOK_ALIKE = frozenset("Ð")
"""The Icelandic eth, typed in Unicode text for Đ ('HÐND'): the reader reads it as Đ, it is no TCVN3 sign."""
_SIGNS = "".join(f"\\x{{{ord(sign):04X}}}" for sign in sorted(TCVN3_SIGNS - _LOOK_ALIKE))
_INSIDE_A_WORD = rf"\pL[{_SIGNS}]+\pL"
"""A TCVN3 sign between letters ('V¨n', 'ThÞ'); alone or at a word's edge ('«Ghi chú»', '©') it says nothing."""
_ANY_SIGN = f"[{_SIGNS}]"
"""Any TCVN3 sign: a column holding none is passed at a sixth of the cost of looking between letters
(~8 ms a national file's text instead of ~50, measured on .xlsx files read as text)."""


def tcvn3_text_cells(tables: dict[str, pa.Table], first_columns: dict[str, int]) -> list[LegacyCell]:
    """Every text cell of these sheets that reads as TCVN3 (row i of a table is row i+1 of its sheet;
    its column j is column `first_columns[sheet]` + j, 1-based)."""
    found: list[LegacyCell] = []
    for sheet, table in tables.items():
        for index, column in enumerate(table.columns):
            if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
                continue
            if not pc.any(pc.match_substring_regex(column, _ANY_SIGN)).as_py():
                continue
            hits = pc.fill_null(pc.match_substring_regex(column, _INSIDE_A_WORD), False)
            if not pc.any(hits).as_py():
                continue
            texts = column.to_pylist()
            for row, hit in enumerate(hits.to_pylist()):
                if hit:
                    column_number = first_columns.get(sheet, 1) + index
                    found.append(LegacyCell(sheet, row + 1, column_number, texts[row], "tcvn3", False))
    return found
