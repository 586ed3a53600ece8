"""TCVN3 text where no font tells it: CSV files and .ods sheets.

A sheet typed in .VnTime and exported as "CSV UTF-8" keeps each cell as Excel shows it ('NguyÔn V¨n
An', 'TrÇn ThÞ B×nh'): without a font to read, those names loaded as written, unreadable, without a
word. The text tells instead: a character TCVN3 shows for a Vietnamese letter that Vietnamese Unicode
text never uses (¨ Þ × µ …) between two letters of one word. Such cells go through the same repair as
cells of a legacy font (`legacy_fonts.repair`): decoded and told (CELL.LEGACY_FONT_REPAIRED), or told
to be retyped where Unicode is mixed in.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cadres.legacy_fonts import TCVN3_SIGNS, LegacyCell, Tcvn3DecodeError, decode_tcvn3
from cadres.vietnamese_words import is_vietnamese_word

_LOOK_ALIKE = frozenset("Ð")
"""The Icelandic eth, typed in Unicode text for Đ ('HÐND'): the reader reads it as Đ, it is no TCVN3 sign."""
_SIGNS = "".join(f"\\x{{{ord(sign):04X}}}" for sign in sorted(TCVN3_SIGNS - _LOOK_ALIKE))
_INSIDE_A_WORD = rf"\pL[{_SIGNS}]+\pL"
"""A TCVN3 sign between letters ('V¨n', 'ThÞ'); alone or at a word's edge ('«Ghi chú»', '©') it says nothing."""
_SIGN_CHARACTERS = "".join(sorted(TCVN3_SIGNS - _LOOK_ALIKE))
_SIGN_PAIRS = np.zeros(1 << 16, dtype=bool)
"""The UTF-8 byte pairs of the signs (all between U+00A1 and U+00FE, two bytes each), by their value as
one 16-bit number: a column holding none is passed without looking at its cells one by one."""
for _sign in _SIGN_CHARACTERS:
    _lead, _trail = _sign.encode()
    _SIGN_PAIRS[(_lead << 8) | _trail] = True
_WORD = re.compile(rf"[\w{re.escape(_SIGN_CHARACTERS)}]+")
"""A word as TCVN3 text spells it: letters and the signs that stand for letters ('V¨n', 'H\xadng')."""


def reads_as_tcvn3(text: str) -> bool:
    """Whether a cell holding TCVN3 signs between letters is TCVN3 text: its words holding a sign,
    decoded, are mostly Vietnamese syllables ('V¨n' → 'Văn'), not foreign words ('Müller' → 'Mỹller',
    'Straße', VNI text). A word that cannot be decoded (Unicode letters beside a sign: 'Nguyễn V¨n' is
    half retyped) says nothing either way; a cell of such words alone is still handed to the repair,
    which asks for it to be retyped."""
    vietnamese = foreign = undecodable = 0
    for word in _WORD.findall(text):
        if not any(ch in _SIGN_CHARACTERS for ch in word):
            continue
        try:
            decoded = decode_tcvn3(word)
        except Tcvn3DecodeError:
            undecodable += 1
            continue
        if is_vietnamese_word(decoded):
            vietnamese += 1
        else:
            foreign += 1
    return vietnamese >= foreign and vietnamese + undecodable > 0


def tcvn3_text_cells(tables: dict[str, pa.Table], first_columns: dict[str, int]) -> list[LegacyCell]:
    """Every text cell of these sheets that reads as TCVN3 (row i of a table is row i+1 of its sheet;
    its column j is column `first_columns[sheet]` + j, 1-based)."""
    found: list[LegacyCell] = []
    for sheet, table in tables.items():
        for index, column in enumerate(table.columns):
            if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
                continue
            if not _holds_a_sign(column):
                continue
            hits = pc.fill_null(pc.match_substring_regex(column, _INSIDE_A_WORD), False)
            if not pc.any(hits).as_py():
                continue
            texts = column.to_pylist()
            for row, hit in enumerate(hits.to_pylist()):
                if hit and reads_as_tcvn3(texts[row]):
                    column_number = first_columns.get(sheet, 1) + index
                    found.append(LegacyCell(sheet, row + 1, column_number, texts[row], "tcvn3", False))
    return found


def _holds_a_sign(column: pa.Array | pa.ChunkedArray) -> bool:
    """Whether any cell of a text column may hold a TCVN3 sign, read off the column's UTF-8 bytes as a
    whole: ~4 ms a national file's text where a pattern over its cells took ~15. A lead byte never ends
    a cell, so no pair spans two; bytes outside a sliced column's cells can only say yes, and the look
    between letters that follows answers for the cells themselves."""
    for chunk in column.chunks if isinstance(column, pa.ChunkedArray) else [column]:
        data = chunk.buffers()[2]
        if data is None or data.size < 2:
            continue
        octets = np.frombuffer(data, dtype=np.uint8)
        if _SIGN_PAIRS[(octets[:-1].astype(np.uint16) << 8) | octets[1:]].any():
            return True
    return False
