"""TCVN3 text where no font tells it: CSV files, .ods sheets, and workbook cells of a Unicode font.

A sheet typed in .VnTime and exported as "CSV UTF-8", or pasted as values into a new template, keeps
each cell as Excel shows it ('NguyÔn V¨n An', 'TrÇn ThÞ B×nh'): with no legacy font to read, those names
loaded as written, unreadable, without a word. The text tells instead: a character TCVN3 shows for a
Vietnamese letter that Vietnamese Unicode text never uses (¨ Þ × µ ñ …), in a cell whose words read as
Vietnamese once decoded (`tcvn3_reading`). Such cells go through the same repair as cells of a legacy
font (`legacy_fonts.repair`): decoded and told (CELL.LEGACY_FONT_REPAIRED), or told to be retyped where
Unicode is mixed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cadres.legacy_fonts import TCVN3_SIGNS, LegacyCell, LegacyDecodeError, decode_tcvn3, decode_vni
from cadres.vietnamese_words import vietnamese_word_count

_LOOK_ALIKE = frozenset("Ð")
"""The Icelandic eth, typed in Unicode text for Đ ('HÐND'): the reader reads it as Đ, it is no TCVN3 sign."""
_SIGN_CHARACTERS = "".join(sorted(TCVN3_SIGNS - _LOOK_ALIKE))
_ANY_SIGN = "[" + "".join(f"\\x{{{ord(sign):04X}}}" for sign in _SIGN_CHARACTERS) + "]"
"""A cell holding a TCVN3 sign anywhere ('V¨n', 'ñy', 'Ni£') is judged by its words (`tcvn3_reading`):
a sign alone or at a word's edge ('«Ghi chú»', '©') makes no Vietnamese word of it. (RE2's spelling.)"""
_SIGN_PAIRS = np.zeros(1 << 16, dtype=bool)
"""The UTF-8 byte pairs of the signs (all between U+00A1 and U+00FE, two bytes each), by their value as
one 16-bit number: a column holding none is passed without looking at its cells one by one."""
for _sign in _SIGN_CHARACTERS:
    _lead, _trail = _sign.encode()
    _SIGN_PAIRS[(_lead << 8) | _trail] = True
_WORD = re.compile(rf"[\w{re.escape(_SIGN_CHARACTERS)}]+")
"""A word as TCVN3 text spells it: letters and the signs that stand for letters ('V¨n', 'H\xadng')."""


Reading = Literal["tcvn3", "tie", "vni", "other"]


def tcvn3_reading(text: str) -> Reading:
    """How a cell holding TCVN3 signs reads best. 'tcvn3': read as TCVN3 it holds more Vietnamese words
    than as typed and than read as VNI (whose marks are Latin-1 letters too): 'TrÇn ThÞ B×nh' reads as
    'Trần Thị Bình'. 'tie': as many as read as VNI ('Tæ 3', 'NghÖ An': æ and Ö are VNI's ỉ and Ư too),
    left to its column (`tcvn3_text_cells`). 'vni': VNI text pasted as values ('Nguyeãn Vaên Höng').
    'other': no better than typed ('Jürgen Müller' reads as 'Jỹrgen Mỹller'). A word is its letters
    and signs together ('V¨n' is one word, no Vietnamese one as typed), and is decoded alone: a cell
    half retyped in Unicode ('Nguyễn V¨n') is still TCVN3 (the repair then asks for it to be retyped).
    An abbreviation or an amount whose Đ or đ is TCVN3's ('H§ND', 'Q§', '1.500.000®') counts as a word."""
    words = _WORD.findall(text)
    decoded = [_decoded(word, decode_tcvn3) for word in words]
    as_tcvn3 = vietnamese_word_count(decoded) + sum(map(_is_d_abbreviation, words, decoded))
    as_tcvn3 += len(_D_AMOUNT.findall(text))
    if as_tcvn3 <= vietnamese_word_count(words):
        return "other"
    as_vni = vietnamese_word_count(_decoded(word, decode_vni) for word in words)
    return "tcvn3" if as_tcvn3 > as_vni else "tie" if as_tcvn3 == as_vni else "vni"


_D_ABBREVIATION = re.compile(r"^(?=.*Đ)[A-ZĐ]{2,}$")
"""'HĐND', 'QĐ', 'ĐT': capitals holding Đ."""
_D_AMOUNT = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d{3})+®")
"""An amount grouped in thousands followed by TCVN3's đ ('1.500.000®'): not 'Office 365®', 'ISO 9001®'."""


def _is_d_abbreviation(word: str, decoded: str) -> bool:
    return "§" in word and _D_ABBREVIATION.match(decoded) is not None


def _decoded(word: str, decode: Callable[[str], str]) -> str:
    """A word decoded, or as typed where it holds a letter no legacy byte shows as (Unicode: 'Nguyễn')."""
    try:
        return decode(word)
    except LegacyDecodeError:
        return word


_LOWERCASE_CODES = re.compile("[a-z\u00a8-\u00ae]")
"""ASCII lowercase letters and TCVN3's codes of ă â ê ô ơ ư đ."""
_CAPITAL_VOWEL_CODES = frozenset("\u00a1\u00a2\u00a3\u00a4\u00a5\u00a6")
"""TCVN3's codes of Ă Â Ê Ô Ơ Ư (Đ, '§', is left out: it sits in title-case text's 'GD&ĐT')."""


def _typed_in_capitals(text: str) -> bool:
    """TCVN3 has no toned capitals: typed with caps lock ('NGUYÔN V¡N'), a toned letter is its lowercase
    code, decoded in lowercase ('NGUYễN'); such a cell is upper-cased as a .VnTimeH cell is. A cell is
    so typed where it holds no lowercase letter or code, and a word holds a capital vowel's code ('V¡N')
    or a toned code among two capitals ('NGUYÔN', 'TRÇN'): 'Së GD&§T' (Sở) and 'UBND Tæ 3' (Tổ) are not."""
    if _LOWERCASE_CODES.search(text) is not None:
        return False
    return any(_capital_word(word) for word in _WORD.findall(text))


def _capital_word(word: str) -> bool:
    if any(ch in _CAPITAL_VOWEL_CODES for ch in word):
        return True
    capitals = sum("A" <= ch <= "Z" or ch == "\u00a7" for ch in word)
    return capitals >= 2 and any(not ch.isascii() and ch not in _CAPITAL_VOWEL_CODES and ch != "\u00a7" for ch in word)


def tcvn3_text_cells(tables: dict[str, pa.Table], first_columns: dict[str, int]) -> list[LegacyCell]:
    """Every text cell of these sheets that reads as TCVN3 (row i of a table is row i+1 of its sheet;
    its column j is column `first_columns[sheet]` + j, 1-based). A cell that reads as well as VNI ('tie')
    is TCVN3 in a column where another cell reads as TCVN3 and none as VNI. Each distinct text is judged
    once (positions, ethnic groups and places repeat down a column)."""
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
            rows = [row for row, hit in enumerate(hits.to_pylist()) if hit]
            readings = {text: tcvn3_reading(text) for text in {texts[row] for row in rows}}
            taken = {"tcvn3"} | ({"tie"} if "tcvn3" in readings.values() and "vni" not in readings.values() else set())
            capitals = {text: _typed_in_capitals(text) for text, reading in readings.items() if reading in taken}
            column_number = first_columns.get(sheet, 1) + index
            found += [
                LegacyCell(sheet, row + 1, column_number, texts[row], "tcvn3", capitals[texts[row]])
                for row in rows
                if texts[row] in capitals
            ]
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
