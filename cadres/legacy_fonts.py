"""Legacy Vietnamese font text (TCVN3 / VNI) inside Unicode .xlsx workbooks: find it and repair it.

Some province workbooks are ordinary Unicode .xlsx files in which a few cells were typed with a legacy
font: TCVN3 ("ABC") fonts such as `.VnTime`, `.VnArial` and their all-capital variants `.VnTimeH`,
`.VnArialH`, or VNI fonts (`VNI-Times`…). Such a cell holds the legacy byte sequence, one character
per byte as Windows-1252 shows it: "Ngô Văn" typed in `.VnTime` is stored as "Ng« V¨n". The cell's
font name is the only reliable hint of the encoding, so this module reads fonts with openpyxl
(fastexcel and `read_excel` lose them).

Repair must run on the raw cell text, before any cleaning: TCVN3's "ư" is byte 0xAD, the soft hyphen,
which cleaning steps strip ("Mường Khương" would become "Mờng Khơng").

TCVN3 cells are decoded with `TCVN5712_1_TO_UNICODE`, the TCVN 5712:1993 VN1 table (a superset of
TCVN3 = VN3). VNI cells are decoded with `UNICODE_TO_VNI`, derived here from Unicode's own decomposition
(`unicodedata`): glibc and Python have no VNI codec, and the converters checked (PyPI `vietnamese` 0.0.8,
npm `vietnamese-conversion` 2.0.0) replace sequences in a fixed order ("ÑÖÙC" → "ĐƯÙC", "Höõu" → "Hưõu")
and npm's table even maps ỹ to "ì".

Typical use::

    if workbook_uses_legacy_fonts(path):          # cheap: reads xl/styles.xml only
        for fix in repair(find_legacy_cells(path)):
            ...  # fix.repaired is None → report fix.note as a warning (fix the cell by hand)
"""

from __future__ import annotations

import logging
import re
import unicodedata
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import ClassVar, Literal
from xml.etree import ElementTree

from cadres.text import loggable

log = logging.getLogger(__name__)
LegacyKind = Literal["tcvn3", "vni"]

# Byte → Unicode for TCVN5712-1 (TCVN 5712:1993 VN1), one entry per byte 0x00–0xFF.
# Generated with glibc iconv 2.36 (Debian 2.36-9+deb12u14), one byte at a time:
#     subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([b]), capture_output=True)
# for b in range(256), each giving exactly one character; escapes written for controls and marks.
# and checked against iconv by tests/test_legacy_fonts.py, so nothing runs iconv at runtime.
# Bytes 0xB0–0xB4 are combining tone marks (glibc composes them with the preceding letter;
# decode_tcvn3 NFC-normalises instead, which gives the same text). The C0 bytes that VN1
# assigns to capital letters (0x01, 0x02, 0x04–0x06, 0x11–0x17) are kept as glibc maps them.
# fmt: off
TCVN5712_1_TO_UNICODE: tuple[str, ...] = (
    # 0x00–0x0F
    "\x00", "Ú", "Ụ", "\x03", "Ừ", "Ử", "Ữ", "\x07", "\x08", "\x09", "\x0a", "\x0b", "\x0c", "\x0d", "\x0e", "\x0f",
    # 0x10–0x1F
    "\x10", "Ứ", "Ự", "Ỳ", "Ỷ", "Ỹ", "Ý", "Ỵ", "\x18", "\x19", "\x1a", "\x1b", "\x1c", "\x1d", "\x1e", "\x1f",
    # 0x20–0x2F
    " ", "!", '"', "#", "$", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".", "/",
    # 0x30–0x3F
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ":", ";", "<", "=", ">", "?",
    # 0x40–0x4F
    "@", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O",
    # 0x50–0x5F
    "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "[", "\\", "]", "^", "_",
    # 0x60–0x6F
    "`", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
    # 0x70–0x7F
    "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "{", "|", "}", "~", "\x7f",
    # 0x80–0x8F
    "À", "Ả", "Ã", "Á", "Ạ", "Ặ", "Ậ", "È", "Ẻ", "Ẽ", "É", "Ẹ", "Ệ", "Ì", "Ỉ", "Ĩ",
    # 0x90–0x9F
    "Í", "Ị", "Ò", "Ỏ", "Õ", "Ó", "Ọ", "Ộ", "Ờ", "Ở", "Ỡ", "Ớ", "Ợ", "Ù", "Ủ", "Ũ",
    # 0xA0–0xAF
    "\xa0", "Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ", "ă", "â", "ê", "ô", "ơ", "ư", "đ", "Ằ",
    # 0xB0–0xBF
    "\u0300", "\u0309", "\u0303", "\u0301", "\u0323", "à", "ả", "ã", "á", "ạ", "Ẳ", "ằ", "ẳ", "ẵ", "ắ", "Ẵ",
    # 0xC0–0xCF
    "Ắ", "Ầ", "Ẩ", "Ẫ", "Ấ", "Ề", "ặ", "ầ", "ẩ", "ẫ", "ấ", "ậ", "è", "Ể", "ẻ", "ẽ",
    # 0xD0–0xDF
    "é", "ẹ", "ề", "ể", "ễ", "ế", "ệ", "ì", "ỉ", "Ễ", "Ế", "Ồ", "ĩ", "í", "ị", "ò",
    # 0xE0–0xEF
    "Ổ", "ỏ", "õ", "ó", "ọ", "ồ", "ổ", "ỗ", "ố", "ộ", "ờ", "ở", "ỡ", "ớ", "ợ", "ù",
    # 0xF0–0xFF
    "Ỗ", "ủ", "ũ", "ú", "ụ", "ừ", "ử", "ữ", "ứ", "ự", "ỳ", "ỷ", "ỹ", "ý", "ỵ", "Ố",
)
# fmt: on


def _shown_to_byte() -> dict[str, int]:
    """How Excel shows each byte of a legacy-font cell: cp1252, or Latin-1 where cp1252 has a hole."""
    mapping = {chr(b): b for b in range(256)}
    for b in range(0x80, 0xA0):
        shown = bytes([b]).decode("cp1252", errors="ignore")  # "" for 0x81, 0x8D, 0x8F, 0x90, 0x9D,
        if shown:  # which Windows shows as U+0081 etc. (Latin-1)
            mapping[shown] = b
    return mapping


_SHOWN_TO_BYTE = _shown_to_byte()
_DECODE_MAP = {ord(shown): TCVN5712_1_TO_UNICODE[b] for shown, b in _SHOWN_TO_BYTE.items()}
_NOT_A_BYTE = re.compile("[^" + re.escape("".join(sorted(_SHOWN_TO_BYTE))) + "]")

_TCVN3_UPPERCASE_BASES = frozenset("ĂÂÊÔƠƯĐ")
TCVN3_BYTES: frozenset[int] = frozenset(
    b
    for b, ch in enumerate(TCVN5712_1_TO_UNICODE)
    if b < 0x80 or ch == "\xa0" or ch in _TCVN3_UPPERCASE_BASES or (b >= 0x80 and ch.islower())
)
"""Bytes TCVN3 (VN3) itself assigns: ASCII, no-break space, Ă Â Ê Ô Ơ Ư Đ and the 67 lowercase letters.

TCVN 5712:1993 VN3 adds exactly these 75 characters to ASCII and keeps the C0/C1 codes (VN2 adds the
combining marks and 16 capitals with tones, VN1 the rest); tests check the count against this table.
The other high bytes are not typed with TCVN3 fonts, so a .Vn… cell showing them was most likely typed
in Unicode."""

# Latin-1 letters that Vietnamese Unicode text uses itself; every other non-ASCII character a TCVN3
# byte shows as (¨ © « ­ µ ¸ Æ Ç …) is a sign of TCVN3 text.
_VIETNAMESE_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_TCVN3_SIGNS = frozenset(
    shown for shown, b in _SHOWN_TO_BYTE.items() if b in TCVN3_BYTES and b > 0xA0 and shown not in _VIETNAMESE_LATIN1
)
TCVN3_SIGNS = _TCVN3_SIGNS
"""The characters TCVN3 bytes show as that Vietnamese Unicode text never uses: found inside a word, the
text is TCVN3 even where no font says so (cadres/legacy_text.py)."""


class LegacyDecodeError(ValueError):
    """The text holds a character that no byte shows as, so it cannot be legacy text (it is left unchanged)."""

    encoding: ClassVar[str] = "legacy"

    def __init__(self, text: str, position: int) -> None:
        self.text = text
        self.position = position
        self.char = text[position]
        super().__init__(
            f"not {self.encoding} text: {self.char!r} (U+{ord(self.char):04X}) at position {position} is not a "
            "Windows-1252/Latin-1 character, so no legacy byte shows as it"
        )


class Tcvn3DecodeError(LegacyDecodeError):
    """decode_tcvn3 was given text that cannot be TCVN3 text."""

    encoding = "TCVN3"


class VniDecodeError(LegacyDecodeError):
    """decode_vni was given text that cannot be VNI text."""

    encoding = "VNI"


def decode_tcvn3(text: str, uppercase: bool = False) -> str:
    """Decode text typed in a TCVN3 (.Vn…) font, as Excel stores it, into NFC Unicode.

    Each character is mapped back to its byte (cp1252 for 0x80–0x9F where it differs from Latin-1,
    Latin-1 otherwise), and the bytes are decoded as TCVN5712-1. `uppercase=True` is for the
    all-capital fonts (.VnTimeH…): the typed bytes are lowercase codes drawn as capitals, so the
    decoded text is upper-cased. ASCII text comes back unchanged (upper-cased if `uppercase`).

    Raises Tcvn3DecodeError if a character has no byte (anything above U+00FF except the cp1252
    characters), i.e. the text is not legacy text; the text is not changed.
    """
    bad = _NOT_A_BYTE.search(text)
    if bad is not None:
        raise Tcvn3DecodeError(text, bad.start())
    decoded = unicodedata.normalize("NFC", text.translate(_DECODE_MAP))
    return unicodedata.normalize("NFC", decoded.upper()) if uppercase else decoded


# VNI Windows spells a vowel as its ASCII base plus one mark character (quality and tone in one), as
# Windows-1252 shows the bytes; ư ơ take the tone marks after them; đ, the toned i's and ỵ are one character.
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_VNI_TONE = {"": "", _ACUTE: "ù", _GRAVE: "ø", _HOOK: "û", _TILDE: "õ", _DOT: "ï"}
_VNI_QUALITY = {
    _CIRCUMFLEX: {"": "â", _ACUTE: "á", _GRAVE: "à", _HOOK: "å", _TILDE: "ã", _DOT: "ä"},
    _BREVE: {"": "ê", _ACUTE: "é", _GRAVE: "è", _HOOK: "ú", _TILDE: "ü", _DOT: "ë"},
}
_VNI_I = {_ACUTE: "í", _GRAVE: "ì", _HOOK: "æ", _TILDE: "ó", _DOT: "ò"}
_VNI_HORNED = {"o": "ô", "u": "ö"}
_VIETNAMESE_QUALITIES = {(_CIRCUMFLEX, "a"), (_CIRCUMFLEX, "e"), (_CIRCUMFLEX, "o"), (_BREVE, "a")} | {
    (_HORN, base) for base in _VNI_HORNED
}


def _vni_form(letter: str) -> str | None:
    """The VNI spelling of a precomposed Vietnamese vowel, from its NFD; None for any other character."""
    base, *marks = unicodedata.normalize("NFD", letter)
    lower = base.lower()
    tones = [m for m in marks if m in _VNI_TONE]
    qualities = [m for m in marks if m not in _VNI_TONE]
    if lower not in "aeiouy" or not marks or len(tones) > 1 or len(qualities) > 1:
        return None
    tone, quality = "".join(tones), "".join(qualities)
    if quality and (quality, lower) not in _VIETNAMESE_QUALITIES:
        return None  # ŏ, î, ŭ… are not Vietnamese
    if lower == "i":
        form = _VNI_I[tone]
    elif lower == "y" and tone == _DOT:
        form = "î"
    elif quality == _HORN:
        form = _VNI_HORNED[lower] + _VNI_TONE[tone]
    else:
        form = lower + (_VNI_QUALITY[quality][tone] if quality else _VNI_TONE[tone])
    return form.upper() if base.isupper() else form


def _unicode_to_vni() -> dict[str, str]:
    blocks = chain(range(0xC0, 0x250), range(0x1E00, 0x1F00))  # Latin-1 Supplement … Latin Extended Additional
    letters = {ch: form for ch in map(chr, blocks) if (form := _vni_form(ch)) is not None}
    letters |= {"đ": "ñ", "Đ": "Ñ"}
    assert len(letters) == 134, len(letters)  # 67 lowercase letters and their capitals
    return letters


UNICODE_TO_VNI: Mapping[str, str] = _unicode_to_vni()
"""VNI spelling (as Windows-1252 shows it) of each of the 134 non-ASCII Vietnamese letters."""


def _vni_to_unicode() -> dict[str, str]:
    """Every VNI spelling → its letter, plus a base followed by a mark of the other case ("Yù" → "Ý")."""
    decode = {form: letter for letter, form in UNICODE_TO_VNI.items()}
    decode |= {form[0] + form[1].swapcase(): letter for letter, form in UNICODE_TO_VNI.items() if len(form) == 2}
    assert len(decode) == 134 + 2 * 58  # no two letters share a spelling (58 two-character lowercase ones)
    return decode


_VNI_TO_UNICODE = _vni_to_unicode()
# Longest first, so that a base with its mark wins over the base alone ("öù" is ứ, not ư + "ù").
_VNI_LETTER = re.compile("|".join(map(re.escape, sorted(_VNI_TO_UNICODE, key=len, reverse=True))))
_VNI_CHARS = frozenset("".join(_VNI_TO_UNICODE))
_VNI_MARKS = frozenset(form[1] for form in _VNI_TO_UNICODE if len(form) == 2)
# Non-ASCII characters of VNI text that Vietnamese Unicode text never uses (ø û ï ñ ö æ…): signs of VNI text.
_VNI_SIGNS = frozenset(ch for ch in _VNI_CHARS if not ch.isascii()) - _VIETNAMESE_LATIN1
_NOT_VNI_LETTERS = frozenset(ch for ch in _SHOWN_TO_BYTE if ch.isalpha() and not ch.isascii()) - _VNI_CHARS


def decode_vni(text: str) -> str:
    """Decode text typed in a VNI font (VNI-Times…), as Excel stores it, into NFC Unicode.

    Marks combine only with the vowel before them; a mark after anything else is left as it is (repair
    reports such cells). ASCII text comes back unchanged.

    Raises VniDecodeError if a character has no byte (anything above U+00FF except the cp1252
    characters), i.e. the text is not legacy text; the text is not changed.
    """
    bad = _NOT_A_BYTE.search(text)
    if bad is not None:
        raise VniDecodeError(text, bad.start())
    return unicodedata.normalize("NFC", _VNI_LETTER.sub(lambda m: _VNI_TO_UNICODE[m[0]], text))


def legacy_font_kind(font_name: str | None) -> LegacyKind | None:
    """Return "tcvn3" for .Vn… fonts (.VnTime, .VnArialH…), "vni" for VNI-… fonts (VNI-Times…), else None."""
    if not font_name:
        return None
    name = font_name.strip().lower()
    if name.startswith(".vn"):
        return "tcvn3"
    if name.startswith(("vni-", "vni ")):
        return "vni"
    return None


def is_uppercase_tcvn3_font(font_name: str | None) -> bool:
    """True for the all-capital TCVN3 fonts: a .Vn… name ending in "H" (.VnTimeH, .VnArialH)."""
    return legacy_font_kind(font_name) == "tcvn3" and font_name is not None and font_name.strip().endswith("H")


_OOXML_SUFFIXES = {".xlsx", ".xlsm"}
_STYLES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _styles_part(archive: zipfile.ZipFile) -> str | None:
    """Name of the styles part: from [Content_Types].xml, else the usual xl/styles.xml."""
    names = set(archive.namelist())
    if "[Content_Types].xml" in names:
        with archive.open("[Content_Types].xml") as fh:
            for el in ElementTree.parse(fh).getroot():
                if _local(el.tag) == "Override" and el.get("ContentType") == _STYLES_CONTENT_TYPE:
                    part = (el.get("PartName") or "").lstrip("/")
                    if part in names:
                        return part
    return "xl/styles.xml" if "xl/styles.xml" in names else None


def workbook_uses_legacy_fonts(path: Path) -> bool:
    """Cheap check: does the workbook's font table name a legacy font? Reads only the styles part.

    For .xlsx/.xlsm only; other file types give False. A True answer means a legacy font is declared,
    not that a cell uses it: find_legacy_cells gives the cells. Fonts set on runs inside rich text
    (sharedStrings.xml) are not looked at. A file that is not a zip raises zipfile.BadZipFile.
    """
    path = Path(path)
    if path.suffix.lower() not in _OOXML_SUFFIXES:
        return False
    with zipfile.ZipFile(path) as archive:
        part = _styles_part(archive)
        if part is None:
            return False
        with archive.open(part) as fh:
            root = ElementTree.parse(fh).getroot()
    for section in root:
        if _local(section.tag) != "fonts":
            continue
        for font in section:
            for prop in font:
                if _local(prop.tag) == "name" and legacy_font_kind(prop.get("val")) is not None:
                    return True
    return False


@dataclass(frozen=True, slots=True)
class LegacyCell:
    """A string cell whose font is a legacy font; row and column are 1-based Excel coordinates."""

    sheet: str
    row: int
    column: int
    text: str
    kind: LegacyKind
    uppercase: bool

    @property
    def coordinate(self) -> str:
        return _coordinate(self.row, self.column)


@dataclass(frozen=True, slots=True)
class Repair:
    """What to do with one legacy cell.

    `repaired` is the Unicode text to use instead of `original`, or None when the cell must be fixed
    by hand; `note` then says why (Unicode mixed with legacy text, or text that may already be Unicode).
    """

    sheet: str
    row: int
    column: int
    original: str
    repaired: str | None
    kind: LegacyKind
    note: str | None = None

    @property
    def coordinate(self) -> str:
        return _coordinate(self.row, self.column)


def _coordinate(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter  # openpyxl only when a legacy cell is reported

    return f"{get_column_letter(column)}{row}"


@lru_cache(maxsize=256)
def _font_info(name: str | None) -> tuple[LegacyKind | None, bool]:
    return legacy_font_kind(name), is_uppercase_tcvn3_font(name)


_XLS_LEGACY_FONT_NAMES = (b".vn", b".\x00v\x00n\x00", b"vni", b"v\x00n\x00i\x00")
"""A legacy font's name as it shows in an .xls file's FONT records (8-bit or UTF-16), lower-cased: a
file whose bytes hold none of them is not parsed a second time."""


def _legacy_cells_of_xls(path: Path) -> list[LegacyCell]:
    """Every text cell of an .xls whose font is a legacy font (xlrd reads the cell formats; fastexcel,
    which reads the values, gives none). Files whose bytes name no legacy font are not parsed."""
    data = path.read_bytes()
    lowered = data.lower()
    if not any(name in lowered for name in _XLS_LEGACY_FONT_NAMES):
        return []
    import xlrd  # only for .xls files that may use a legacy font

    try:
        # ragged rows: a border left at IV65536 padded every row to 256 cells (14 s, 200 MB)
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, ragged_rows=True)
    except Exception:  # xlrd raises many types; the values were read by fastexcel all the same
        log.warning(
            "%s: cell fonts could not be read; legacy-font text is not checked", loggable(path.name), exc_info=True
        )
        return []
    fonts = [_font_info(font.name) for font in book.font_list]
    if not any(kind for kind, _ in fonts):
        return []
    found: list[LegacyCell] = []
    for sheet in book.sheets():
        for row in range(sheet.nrows):
            for column in range(sheet.row_len(row)):
                cell = sheet.cell(row, column)
                if cell.ctype != xlrd.XL_CELL_TEXT or not cell.value:
                    continue
                kind, uppercase = fonts[book.xf_list[cell.xf_index].font_index]
                if kind is not None:
                    found.append(LegacyCell(sheet.name, row + 1, column + 1, cell.value, kind, uppercase))
    return found


def find_legacy_cells(path: Path) -> list[LegacyCell]:
    """Every string cell of an .xlsx/.xlsm or .xls whose font is a legacy font, sheet by sheet, row by row.

    Cached formula results count as text (data_only); the cell font is the one of the cell's style,
    including the workbook default font for unstyled cells. Workbooks that declare no legacy font,
    and other file types, give [] without being loaded.
    """
    path = Path(path)
    if path.suffix.lower() == ".xls":
        return _legacy_cells_of_xls(path)
    if not workbook_uses_legacy_fonts(path):
        return []
    found: list[LegacyCell] = []
    from openpyxl import load_workbook  # only for workbooks that declare a legacy font

    # read_only cells keep their style, so .font works without loading the whole workbook.
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # do not trust the stored dimension: read every row there is
            for cells in sheet.iter_rows():
                for cell in cells:
                    value = getattr(cell, "value", None)
                    if not isinstance(value, str) or not value:
                        continue
                    kind, uppercase = _font_info(cell.font.name)
                    if kind is not None:
                        found.append(LegacyCell(sheet.title, cell.row, cell.column, value, kind, uppercase))
    finally:
        workbook.close()
    return found


def _not_tcvn3(text: str) -> str:
    """The characters of `text` that TCVN3 fonts never produce (bytes outside VN3), in order, once each."""
    return "".join(dict.fromkeys(ch for ch in text if _SHOWN_TO_BYTE[ch] not in TCVN3_BYTES))


def _not_vni(text: str) -> str:
    """Marks standing after no vowel, and non-ASCII letters VNI never types (ý…), in order, once each."""
    unmatched = _VNI_LETTER.sub("", text)
    return "".join(dict.fromkeys(ch for ch in unmatched if ch in _VNI_MARKS or ch in _NOT_VNI_LETTERS))


@dataclass(frozen=True, slots=True)
class _LegacyEncoding:
    """What repair needs to know of one legacy encoding: how to decode, and how to spot what it is not."""

    name: str
    decode: Callable[[LegacyCell], str]  # raises LegacyDecodeError for text no byte shows as
    signs: frozenset[str]  # characters that only text in this encoding shows
    unexpected: Callable[[str], str]  # characters this encoding's fonts do not produce, once each
    unexpected_note: str  # why such a cell is left for a person; {shown} is what was found


_ENCODINGS: dict[LegacyKind, _LegacyEncoding] = {
    "tcvn3": _LegacyEncoding(
        "TCVN3",
        lambda cell: decode_tcvn3(cell.text, uppercase=cell.uppercase),
        _TCVN3_SIGNS,
        _not_tcvn3,
        "shows {shown!r}, which TCVN3 fonts do not use: probably already Unicode, check by hand",
    ),
    "vni": _LegacyEncoding(
        "VNI",
        lambda cell: decode_vni(cell.text),
        _VNI_SIGNS,
        _not_vni,
        "shows {shown!r} where VNI fonts do not use it: probably already Unicode, check by hand",
    ),
}


def _repair_cell(cell: LegacyCell) -> Repair | None:
    """The repair of one non-ASCII legacy cell, or None when it needs none (see `repair`)."""
    encoding = _ENCODINGS[cell.kind]
    where = (cell.sheet, cell.row, cell.column, cell.text)
    try:
        decoded = encoding.decode(cell)
    except LegacyDecodeError:
        if any(ch in encoding.signs for ch in cell.text):
            note = f"mixes Unicode and {encoding.name} text: retype the text in Unicode"
            return Repair(*where, None, cell.kind, note)
        return None
    shown = encoding.unexpected(cell.text)
    if shown:
        return Repair(*where, None, cell.kind, encoding.unexpected_note.format(shown=shown))
    return Repair(*where, decoded, cell.kind) if decoded != cell.text else None


def repair(cells: list[LegacyCell]) -> list[Repair]:
    """Unicode text for legacy cells, in the order given.

    - pure ASCII cells are skipped (.VnTime is often used for digits and plain Latin text);
    - TCVN3 cells are decoded (upper-cased for .Vn…H fonts), VNI cells too; a cell that decodes to
      itself is skipped;
    - a cell holding characters no byte shows as (ư, ộ, ễ… in Unicode) was typed in Unicode: skipped,
      unless it also shows characters of the font's encoding (¨ « ­ µ … / ø ï ñ ö …), then
      repaired=None (mixed text);
    - a TCVN3 cell showing bytes that TCVN3 itself does not use (à, Â, Ú… as Latin-1), or a VNI cell
      with a mark after no vowel ("à" in "Hà"), is most likely Unicode text made only of Latin-1
      letters ("Hà Tây"): repaired=None, to be checked by hand.
    """
    fixes = (_repair_cell(cell) for cell in cells if not cell.text.isascii())
    return [fix for fix in fixes if fix is not None]
