"""TCVN3 text where no font tells it: CSV files, .ods sheets, and workbook cells of a Unicode font.

A sheet typed in .VnTime and exported as "CSV UTF-8", or pasted as values into a new template, keeps
each cell as Excel shows it ('NguyÔn V¨n An', 'TrÇn ThÞ B×nh'): with no legacy font to read, those names
loaded as written, unreadable, without a word. The text tells instead: a character TCVN3 shows for a
Vietnamese letter that Vietnamese Unicode text never uses (¨ Þ × µ ñ …), in a cell whose words read as
Vietnamese once decoded (`reads_as_tcvn3`). Such cells go through the same repair as cells of a legacy
font (`legacy_fonts.repair`): decoded and told (CELL.LEGACY_FONT_REPAIRED), or told to be retyped where
Unicode is mixed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cadres.legacy_fonts import TCVN3_SIGNS, LegacyCell, LegacyDecodeError, decode_tcvn3, decode_vni
from cadres.vietnamese_words import vietnamese_word_count

_LOOK_ALIKE = frozenset("Ð")
"""The Icelandic eth, typed in Unicode text for Đ ('HÐND'): the reader reads it as Đ, it is no TCVN3 sign."""
_SIGNS = "".join(f"\\x{{{ord(sign):04X}}}" for sign in sorted(TCVN3_SIGNS - _LOOK_ALIKE))
_ANY_SIGN = f"[{_SIGNS}]"
"""A cell holding a TCVN3 sign anywhere ('V¨n', 'ñy', 'Ni£') is judged by its words (`reads_as_tcvn3`):
a sign alone or at a word's edge ('«Ghi chú»', '©') makes no Vietnamese word of it."""
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
    """Whether a cell holding TCVN3 signs is TCVN3 text: read as TCVN3 it holds more Vietnamese words
    than as typed and than read as VNI (whose marks are Latin-1 letters too). 'TrÇn ThÞ B×nh' reads as
    'Trần Thị Bình'; 'Jürgen Müller' as 'Jỹrgen Mỹller', no better than typed; VNI text pasted as
    values ('Nguyeãn Vaên Höng') reads best as VNI. A word is its letters and signs together ('V¨n' is
    one word, no Vietnamese one as typed), and is decoded alone: a cell half retyped in Unicode
    ('Nguyễn V¨n') is still TCVN3 (the repair then asks for it to be retyped)."""
    words = _WORD.findall(text)
    as_tcvn3 = vietnamese_word_count(_decoded(word, decode_tcvn3) for word in words)
    if as_tcvn3 <= vietnamese_word_count(words):
        return False
    return as_tcvn3 > vietnamese_word_count(_decoded(word, decode_vni) for word in words)


def _decoded(word: str, decode: Callable[[str], str]) -> str:
    """A word decoded, or as typed where it holds a letter no legacy byte shows as (Unicode: 'Nguyễn')."""
    try:
        return decode(word)
    except LegacyDecodeError:
        return word


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
            hits = pc.fill_null(pc.match_substring_regex(column, _ANY_SIGN), False)
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
    a cell, so no pair spans two. Only the bytes of the chunk's own cells are read (a slice shares its
    parent's buffer)."""
    for chunk in column.chunks if isinstance(column, pa.ChunkedArray) else [column]:
        _, offsets, data = chunk.buffers()
        if data is None or len(chunk) == 0:
            continue
        width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        bounds = np.frombuffer(offsets, dtype=width)[chunk.offset : chunk.offset + len(chunk) + 1]
        octets = np.frombuffer(data, dtype=np.uint8)[bounds[0] : bounds[-1]]
        if octets.size > 1 and _SIGN_PAIRS[(octets[:-1].astype(np.uint16) << 8) | octets[1:]].any():
            return True
    return False
