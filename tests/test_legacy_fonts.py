"""Legacy-font text (TCVN3 / VNI) in Unicode workbooks: decoding, font detection, finding and repairing cells.

Known pairs are built independently of the module: real Vietnamese is ENCODED to TCVN5712-1 with the
machine's glibc iconv, and the bytes are turned into the characters Excel shows for them (cp1252, Latin-1
where cp1252 has no character). iconv is required: without it these tests fail, they never skip.
VNI has no iconv codec: `as_typed_in_vni` encodes with a small table of marks written out here.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from cadres.legacy_fonts import (
    TCVN3_BYTES,
    TCVN5712_1_TO_UNICODE,
    UNICODE_TO_VNI,
    LegacyCell,
    LegacyDecodeError,
    Repair,
    Tcvn3DecodeError,
    VniDecodeError,
    decode_tcvn3,
    decode_vni,
    find_legacy_cells,
    is_uppercase_tcvn3_font,
    legacy_font_kind,
    repair,
    workbook_uses_legacy_fonts,
)

TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # none, huyền, sắc, hỏi, ngã, nặng
VOWELS = "aăâeêioôơuưy"
CONSONANTS = "bcdđghklmnpqrstvx"


def _iconv(data: bytes, source: str, target: str) -> bytes:
    """Run the machine's iconv; FAIL (never skip) if it is missing or does not know TCVN5712-1."""
    exe = shutil.which("iconv")
    if exe is None:
        pytest.fail("iconv (glibc) is not installed: it is needed to check TCVN3 decoding against TCVN5712-1")
    done = subprocess.run([exe, "-f", source, "-t", target], input=data, capture_output=True, check=False)
    if done.returncode != 0:
        pytest.fail(f"iconv -f {source} -t {target} failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def tcvn_bytes(text: str) -> bytes:
    return _iconv(text.encode("utf-8"), "UTF-8", "TCVN5712-1")


def shown(raw: bytes) -> str:
    """The characters Excel shows for legacy bytes: cp1252, Latin-1 where cp1252 has a hole."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw)


def as_typed_in_vntime(text: str) -> str:
    """What a cell typed as `text` in a TCVN3 font holds in a Unicode workbook."""
    return shown(tcvn_bytes(text))


def lowercase_alphabet() -> list[str]:
    letters = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + list(CONSONANTS)
    return letters


# VNI Windows, as Windows-1252 shows it: the marks that follow a base, in TONES order
# (none, huyền, sắc, hỏi, ngã, nặng); the i's, ỵ, ư, ơ and đ are single characters.
_VNI_PLAIN = ["", "ø", "ù", "û", "õ", "ï"]
_VNI_HAT = ["â", "à", "á", "å", "ã", "ä"]
_VNI_BREVE = ["ê", "è", "é", "ú", "ü", "ë"]
_VNI_SPELLINGS = [
    ("a", ["a" + m for m in _VNI_PLAIN]),
    ("ă", ["a" + m for m in _VNI_BREVE]),
    ("â", ["a" + m for m in _VNI_HAT]),
    ("e", ["e" + m for m in _VNI_PLAIN]),
    ("ê", ["e" + m for m in _VNI_HAT]),
    ("i", ["i", "ì", "í", "æ", "ó", "ò"]),
    ("o", ["o" + m for m in _VNI_PLAIN]),
    ("ô", ["o" + m for m in _VNI_HAT]),
    ("ơ", ["ô" + m for m in _VNI_PLAIN]),
    ("u", ["u" + m for m in _VNI_PLAIN]),
    ("ư", ["ö" + m for m in _VNI_PLAIN]),
    ("y", ["y", "yø", "yù", "yû", "yõ", "î"]),
]
VNI_LOWERCASE = {
    unicodedata.normalize("NFC", v + t): vni for v, forms in _VNI_SPELLINGS for t, vni in zip(TONES, forms, strict=True)
}
VNI_LOWERCASE["đ"] = "ñ"


def as_typed_in_vni(text: str) -> str:
    """What a cell typed as `text` in a VNI font holds in a Unicode workbook (capitals: capital marks)."""
    spelled = ((ch, VNI_LOWERCASE.get(ch.lower(), ch)) for ch in unicodedata.normalize("NFC", text))
    return "".join(vni.upper() if ch.isupper() else vni for ch, vni in spelled)


def vni_letters() -> list[str]:
    """The 134 non-ASCII Vietnamese letters, lowercase then capitals."""
    lower = [ch for ch in VNI_LOWERCASE if not ch.isascii()]
    return lower + [ch.upper() for ch in lower]


# --- the table --------------------------------------------------------------------------------------


def test_table_is_what_glibc_iconv_gives_byte_by_byte() -> None:
    derived = tuple(_iconv(bytes([b]), "TCVN5712-1", "UTF-8").decode("utf-8") for b in range(256))
    assert len(TCVN5712_1_TO_UNICODE) == len(derived) == 256
    differences = {f"0x{b:02X}": (TCVN5712_1_TO_UNICODE[b], derived[b]) for b in range(256)}
    assert {byte: pair for byte, pair in differences.items() if pair[0] != pair[1]} == {}
    assert all(len(ch) == 1 for ch in derived)  # one character per byte, as the module's table has


def test_decoding_whole_strings_matches_iconv_including_combining_marks() -> None:
    # glibc composes a letter with a following combining-mark byte (0xB0–0xB4); NFC gives the same text,
    # except for three pairs where glibc's composition is not canonical: "ó"/"Ó"/"ú" + combining tilde
    # become ṍ/Ṍ/ṹ (which are o/u + tilde + acute, the other order). Two tone marks never occur in
    # Vietnamese, so NFC's answer (the letter followed by the combining tilde) is kept.
    pairs = [bytes([base, mark]) for base in range(0x21, 0x100) for mark in range(0xB0, 0xB5) if base != 0x7F]
    raw = b" ".join([*pairs, bytes(range(0x21, 0x100))])
    theirs = unicodedata.normalize("NFC", _iconv(raw, "TCVN5712-1", "UTF-8").decode("utf-8")).split(" ")
    ours = decode_tcvn3(shown(raw)).split(" ")
    assert len(ours) == len(theirs) == len(pairs) + 1
    differences = {(a, b) for a, b in zip(ours, theirs, strict=True) if a != b}
    assert differences == {("Ó\u0303", "Ṍ"), ("ó\u0303", "ṍ"), ("ú\u0303", "ṹ")}
    assert all(unicodedata.is_normalized("NFC", piece) for piece in ours)


def test_tcvn3_subset_is_ascii_nbsp_seven_capitals_and_67_lowercase_letters() -> None:
    high = {TCVN5712_1_TO_UNICODE[b] for b in TCVN3_BYTES if b >= 0x80}
    assert len(TCVN3_BYTES) == 128 + 75
    assert high == {"\xa0", *"ĂÂÊÔƠƯĐ", *(ch for ch in lowercase_alphabet() if not ch.isascii())}


# --- decode_tcvn3 -----------------------------------------------------------------------------------


def test_shown_form_is_what_excel_holds() -> None:
    assert as_typed_in_vntime("Ngô Văn") == "Ng« V¨n"
    assert as_typed_in_vntime("Mường Khương") == "M\xadêng Kh\xad¬ng"  # ư is the soft hyphen 0xAD


@pytest.mark.parametrize(
    "text",
    [
        "Mường Khương",
        "Nguyễn Thị Hoà",
        "Đặng Văn Bình",
        "Bắc Ninh",
        "Phó Chủ tịch UBND xã",
        "Tày",
        "Dao",
        "Hà Nội, ngày 31/12/2024",
        "Trưởng ban\tCông an\nxã",
    ],
)
def test_known_pairs_decode_back(text: str) -> None:
    legacy = as_typed_in_vntime(text)
    assert legacy != text or text.isascii()
    decoded = decode_tcvn3(legacy)
    assert decoded == text
    assert unicodedata.is_normalized("NFC", decoded)


def test_every_lowercase_vietnamese_letter_round_trips() -> None:
    letters = lowercase_alphabet()
    assert len(letters) == 12 * 6 + 17 == 89
    assert all(len(ch) == 1 for ch in letters)  # every toned letter is precomposed
    for ch in letters:
        raw = tcvn_bytes(ch)
        assert len(raw) == 1 and raw[0] in TCVN3_BYTES, (ch, raw)
        assert decode_tcvn3(shown(raw)) == ch
    alphabet = "".join(letters)
    assert decode_tcvn3(as_typed_in_vntime(alphabet)) == alphabet


def test_capital_base_letters_round_trip() -> None:
    text = "ĂÂÊÔƠƯĐ ĐOÀN"
    assert decode_tcvn3(as_typed_in_vntime(text)) == text


def test_uppercase_font_gives_capitals() -> None:
    # In .VnTimeH the lowercase codes are drawn as capitals: "NGUYỄN" is typed with the code of "ễ".
    assert decode_tcvn3(as_typed_in_vntime("nguyễn văn an"), uppercase=True) == "NGUYỄN VĂN AN"
    assert decode_tcvn3(as_typed_in_vntime("NGUYỄN VĂN AN".lower()), uppercase=True) == "NGUYỄN VĂN AN"
    assert decode_tcvn3(as_typed_in_vntime("Phó Chủ tịch UBND xã"), uppercase=True) == "PHÓ CHỦ TỊCH UBND XÃ"
    assert decode_tcvn3(as_typed_in_vntime("đặng"), uppercase=True) == "ĐẶNG"
    assert unicodedata.is_normalized("NFC", decode_tcvn3(as_typed_in_vntime("mường"), uppercase=True))


def test_ascii_passes_through() -> None:
    for text in ["", "Dao", "UBND xa 0123-456", "A.B (C) 50%"]:
        assert decode_tcvn3(text) == text
    assert decode_tcvn3("ubnd xa", uppercase=True) == "UBND XA"


def test_cp1252_characters_map_to_their_bytes() -> None:
    # 0x80 is shown as "€" (cp1252); 0x81 has no cp1252 character and is shown as U+0081 (Latin-1).
    assert decode_tcvn3("€\x81\x80") == "ÀẢÀ"
    assert decode_tcvn3(shown(bytes(range(0x80, 0xA0)))) == "".join(TCVN5712_1_TO_UNICODE[0x80:0xA0])


def test_unicode_text_is_not_legacy_text() -> None:
    with pytest.raises(Tcvn3DecodeError) as caught:
        decode_tcvn3("Nguyễn")
    assert caught.value.char == "ễ" and caught.value.position == 4 and caught.value.text == "Nguyễn"
    assert isinstance(caught.value, ValueError)


# --- decode_vni -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vni", "text"),
    [
        ("Nguyeãn Vaên Hoøa", "Nguyễn Văn Hòa"),
        ("Traàn Thò Höông", "Trần Thị Hương"),
        ("ÑOÃ VAÊN ÑÖÙC", "ĐỖ VĂN ĐỨC"),  # PyPI `vietnamese` and npm `vietnamese-conversion` give "ĐƯÙC"
        ("Höõu", "Hữu"),  # … and "Hưõu"
        ("Quaûng Ngaõi", "Quảng Ngãi"),
        ("Mî", "Mỵ"),
        ("Yù", "Ý"),  # capital base, lowercase mark: the base decides
        ("yÙ", "ý"),
        ("Lyù Thò Myõ", "Lý Thị Mỹ"),  # npm's table turns ỹ into "ì"
    ],
)
def test_known_vni_pairs(vni: str, text: str) -> None:
    assert decode_vni(vni) == text
    assert unicodedata.is_normalized("NFC", decode_vni(vni))


def test_vni_encoder_of_the_tests_gives_the_known_pairs() -> None:
    assert as_typed_in_vni("Nguyễn Văn Hòa") == "Nguyeãn Vaên Hoøa"
    assert as_typed_in_vni("ĐỖ VĂN ĐỨC") == "ÑOÃ VAÊN ÑÖÙC"
    assert as_typed_in_vni("Trần Thị Hương") == "Traàn Thò Höông"


def test_every_vietnamese_letter_round_trips_through_vni() -> None:
    letters = vni_letters()
    assert len(letters) == len(set(letters)) == 134
    assert {ch: as_typed_in_vni(ch) for ch in letters} == dict(UNICODE_TO_VNI)
    for ch in letters:
        assert decode_vni(as_typed_in_vni(ch)) == ch, (ch, as_typed_in_vni(ch))
    alphabet = " ".join(["".join(letters), "".join(lowercase_alphabet()), "".join(lowercase_alphabet()).upper()])
    assert decode_vni(as_typed_in_vni(alphabet)) == alphabet


@pytest.mark.parametrize(
    "text",
    ["Mường Khương", "Nguyễn Thị Hoà", "Đặng Văn Bình", "Phó Chủ tịch UBND xã", "Hà Nội, ngày 31/12/2024"],
)
def test_vni_names_round_trip(text: str) -> None:
    assert decode_vni(as_typed_in_vni(text)) == text


def test_vni_ascii_passes_through_and_unicode_is_not_vni() -> None:
    for text in ["", "Dao", "UBND xa 0123-456"]:
        assert decode_vni(text) == text
    with pytest.raises(VniDecodeError) as caught:
        decode_vni("Hương")
    assert caught.value.char == "ư" and caught.value.position == 1 and "not VNI text" in str(caught.value)
    assert isinstance(caught.value, LegacyDecodeError) and issubclass(Tcvn3DecodeError, LegacyDecodeError)


def test_vni_cells_that_may_be_unicode_are_left_for_a_person() -> None:
    texts = ["Hà Tây", "Thuý", "Nguyễn Hoøa", "Nguyễn Văn", as_typed_in_vni("Yên Bái"), "–"]
    repairs = repair([LegacyCell("CanBo", row, 2, text, "vni", False) for row, text in enumerate(texts, start=1)])
    assert [(r.row, r.repaired) for r in repairs] == [(1, None), (2, None), (3, None), (5, "Yên Bái")]
    assert "'àâ'" in (repairs[0].note or "") and "'ý'" in (repairs[1].note or "")
    assert "mixes Unicode and VNI" in (repairs[2].note or "")


# --- font names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "uppercase"),
    [
        (".VnTime", "tcvn3", False),
        (".VnTimeH", "tcvn3", True),
        (".VnArial", "tcvn3", False),
        (".VnArialH", "tcvn3", True),
        (".vntime", "tcvn3", False),
        (" .VnTime ", "tcvn3", False),
        ("VNI-Times", "vni", False),
        ("VNI-Helve", "vni", False),
        ("VNI Times", "vni", False),
        ("Times New Roman", None, False),
        ("Arial", None, False),
        ("VnTime", None, False),
        ("", None, False),
        (None, None, False),
    ],
)
def test_font_kinds(name: str | None, kind: str | None, uppercase: bool) -> None:
    assert legacy_font_kind(name) == kind
    assert is_uppercase_tcvn3_font(name) is uppercase


# --- workbooks --------------------------------------------------------------------------------------

UNICODE = Font(name="Arial")
VNTIME = Font(name=".VnTime")
VNTIMEH = Font(name=".VnTimeH", bold=True)
VNI = Font(name="VNI-Times")


def _put(ws, row: int, column: int, value: object, font: Font) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    cell.font = font


def _legacy_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "CanBo"
    _put(ws, 1, 1, "Danh sách cán bộ xã", UNICODE)  # title row, then row 2 left blank
    for column, header in enumerate(["STT", "Họ và tên", "Chức vụ", "Dân tộc", "Ghi chú"], start=1):
        _put(ws, 3, column, header, UNICODE)
    _put(ws, 4, 1, 1, VNTIME)  # a number in .VnTime: not a string cell
    _put(ws, 4, 2, as_typed_in_vntime("Nguyễn Thị Hoà"), VNTIME)
    _put(ws, 4, 3, as_typed_in_vntime("Phó Chủ tịch UBND xã"), VNTIME)
    _put(ws, 4, 4, "Tày", UNICODE)
    _put(ws, 5, 1, 2, UNICODE)
    _put(ws, 5, 2, "Đặng Văn Bình", UNICODE)
    _put(ws, 5, 3, as_typed_in_vntime("Mường Khương"), VNTIME)
    _put(ws, 5, 4, "Dao", VNTIME)  # ASCII in .VnTime: found, nothing to repair
    _put(ws, 6, 2, as_typed_in_vntime("đặng văn bình"), VNTIMEH)
    _put(ws, 6, 5, "Hà Nội", VNTIME)  # typed in Unicode despite the font: left alone
    _put(ws, 7, 2, "Hà Tây", VNTIME)  # Unicode made of Latin-1 letters only: ambiguous, check by hand
    _put(ws, 7, 3, "Nguyễn V¨n", VNTIME)  # half Unicode, half TCVN3
    other = wb.create_sheet("QuaTrinh")
    _put(other, 2, 3, as_typed_in_vni("Văn bản"), VNI)
    _put(other, 3, 3, as_typed_in_vntime("Bắc Ninh"), VNTIME)
    _put(other, 4, 3, "V\xe4n b\xe5n", VNI)  # marks after no vowel: not VNI text, checked by hand
    path = path / "province.xlsx"
    wb.save(path)
    return path


def test_workbook_with_legacy_fonts(tmp_path: Path) -> None:
    path = _legacy_workbook(tmp_path)
    assert workbook_uses_legacy_fonts(path)
    cells = find_legacy_cells(path)
    assert [(c.sheet, c.coordinate, c.kind, c.uppercase) for c in cells] == [
        ("CanBo", "B4", "tcvn3", False),
        ("CanBo", "C4", "tcvn3", False),
        ("CanBo", "C5", "tcvn3", False),
        ("CanBo", "D5", "tcvn3", False),
        ("CanBo", "B6", "tcvn3", True),
        ("CanBo", "E6", "tcvn3", False),
        ("CanBo", "B7", "tcvn3", False),
        ("CanBo", "C7", "tcvn3", False),
        ("QuaTrinh", "C2", "vni", False),
        ("QuaTrinh", "C3", "tcvn3", False),
        ("QuaTrinh", "C4", "vni", False),
    ]
    assert cells[0] == LegacyCell("CanBo", 4, 2, as_typed_in_vntime("Nguyễn Thị Hoà"), "tcvn3", False)
    assert cells[2].text == "M\xadêng Kh\xad¬ng"  # the raw text, soft hyphens included

    repairs = repair(cells)
    assert [(r.sheet, r.row, r.column, r.repaired, r.kind) for r in repairs] == [
        ("CanBo", 4, 2, "Nguyễn Thị Hoà", "tcvn3"),
        ("CanBo", 4, 3, "Phó Chủ tịch UBND xã", "tcvn3"),
        ("CanBo", 5, 3, "Mường Khương", "tcvn3"),
        ("CanBo", 6, 2, "ĐẶNG VĂN BÌNH", "tcvn3"),
        ("CanBo", 7, 2, None, "tcvn3"),
        ("CanBo", 7, 3, None, "tcvn3"),
        ("QuaTrinh", 2, 3, "Văn bản", "vni"),
        ("QuaTrinh", 3, 3, "Bắc Ninh", "tcvn3"),
        ("QuaTrinh", 4, 3, None, "vni"),
    ]
    assert repairs[0] == Repair("CanBo", 4, 2, as_typed_in_vntime("Nguyễn Thị Hoà"), "Nguyễn Thị Hoà", "tcvn3")
    assert all(r.note is None for r in repairs if r.repaired is not None)
    notes = {r.coordinate: r.note for r in repairs if r.repaired is None}
    assert "'äå'" in notes["C4"] and "mixes" in notes["C7"] and "'à'" in notes["B7"]


def test_workbook_without_legacy_fonts(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    _put(ws, 1, 1, "Danh sách", UNICODE)
    _put(ws, 3, 1, "Ng« V¨n", Font(name="Times New Roman"))  # looks odd, but no legacy font says so
    path = tmp_path / "plain.xlsx"
    wb.save(path)
    assert workbook_uses_legacy_fonts(path) is False
    assert find_legacy_cells(path) == []
    assert repair([]) == []


def test_default_font_of_the_workbook_counts(tmp_path: Path) -> None:
    # Old templates often have .VnTime as the Normal font: unstyled cells are then .VnTime cells.
    wb = openpyxl.Workbook()
    wb.active["A1"] = as_typed_in_vntime("Bắc Ninh")
    wb.active["A2"] = "Dao"
    source = tmp_path / "written.xlsx"
    wb.save(source)
    path = tmp_path / "vntime-default.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/styles.xml":
                assert data.count(b'<name val="Calibri"') == 1  # the one font, which unstyled cells use
                data = data.replace(b'<name val="Calibri"', b'<name val=".VnTime"')
            zout.writestr(item, data)
    assert workbook_uses_legacy_fonts(path)
    cells = find_legacy_cells(path)
    assert [(c.coordinate, c.text) for c in cells] == [("A1", as_typed_in_vntime("Bắc Ninh")), ("A2", "Dao")]
    assert [r.repaired for r in repair(cells)] == ["Bắc Ninh"]


def test_other_file_types_are_not_checked(tmp_path: Path) -> None:
    for name in ["sheet.csv", "old.xls", "calc.ods"]:
        path = tmp_path / name
        path.write_bytes(b"not a zip")
        assert workbook_uses_legacy_fonts(path) is False
        assert find_legacy_cells(path) == []


def test_an_xls_typed_in_legacy_fonts_is_repaired_as_an_xlsx_is(tmp_path: Path) -> None:
    """Old .xls files are where .VnTime and VNI-Times text is most common: they were loaded garbled, with
    no warning, as only .xlsx cells had their fonts read."""
    import xlwt

    from cadres.workbook import read_workbook
    from schemas.validation import validate_workbook
    from tests import workbooks as wb

    name, vni_name = as_typed_in_vntime("Nguyễn Văn Hưng"), as_typed_in_vni("Trần Thị Bình")
    sheets = {
        "ThongTin": wb.thongtin(),
        "CanBo": wb.table(
            [
                wb.cadre_row(full_name=name),
                wb.cadre_row(full_name=vni_name, national_id=wb.FEMALE_1985, gender="Nữ", birth_date="02/09/1985"),
            ]
        ),
    }
    fonts = {name: xlwt.easyxf("font: name .VnTime"), vni_name: xlwt.easyxf("font: name VNI-Times")}
    book = xlwt.Workbook(encoding="utf-8")
    for sheet_name, rows in sheets.items():
        sheet = book.add_sheet(sheet_name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value, fonts.get(value, xlwt.Style.default_style))
    path = tmp_path / "08" / "cu.xls"
    path.parent.mkdir(parents=True)
    book.save(str(path))

    result = validate_workbook(read_workbook(path), folder_province="08")
    assert result.valid_rows["CanBo"]["full_name"].tolist() == ["Nguyễn Văn Hưng", "Trần Thị Bình"]
    repaired = result.issues[result.issues["rule"] == "CELL.LEGACY_FONT_REPAIRED"]
    assert repaired["row"].tolist() == [2, 3]


@pytest.mark.parametrize("form", ["csv", "ods"])
def test_tcvn3_text_without_a_font_to_read_is_repaired_by_its_text(tmp_path: Path, form: str) -> None:
    """A .VnTime sheet exported as 'CSV UTF-8' (or saved as .ods) keeps 'NguyÔn V¨n H­ng': with no font
    to read it loaded garbled without a word. A Unicode name and a note in «guillemets» are left alone."""
    from cadres.workbook import read_workbook
    from schemas.validation import validate_workbook
    from tests import workbooks as wb

    cadres = [
        wb.cadre_row(full_name=as_typed_in_vntime("Nguyễn Văn Hưng")),
        wb.cadre_row(full_name="Trần Thị «Bình»", national_id=wb.FEMALE_1985, gender="Nữ", birth_date="02/09/1985"),
    ]
    cadres[1]["Chức vụ"] = "PCT HÐND"  # an eth typed for Đ in Unicode text: read as Đ, no TCVN3
    cadres[1]["Chuyên ngành"] = "Jürgen Müller, José Muñoz"  # TCVN3's signs, but no Vietnamese words decoded
    sheets = {"ThongTin": wb.thongtin(), "CanBo": wb.table(cadres)}
    path = (
        wb.write_csv_folder(tmp_path / "08" / "csv", sheets)
        if form == "csv"
        else wb.write_ods(tmp_path / "08" / "cu.ods", sheets)
    )

    result = validate_workbook(read_workbook(path), folder_province="08")

    assert result.valid_rows["CanBo"]["full_name"].tolist() == ["Nguyễn Văn Hưng", "Trần Thị «Bình»"]
    assert result.valid_rows["CanBo"]["position"].tolist()[1] == "Phó Chủ tịch HĐND"
    assert result.valid_rows["CanBo"]["major"].tolist()[1] == "Jürgen Müller, José Muñoz"
    assert result.issues.loc[result.issues["rule"].str.startswith("CELL.LEGACY_FONT"), "row"].tolist() == [2]


def test_an_xls_whose_fonts_cannot_be_read_gives_no_legacy_cells(tmp_path: Path) -> None:
    """xlrd refuses some files fastexcel reads; the font check is then skipped, never the file."""
    path = tmp_path / "odd.xls"
    path.write_bytes(b"not a BIFF file, though it names .VnTime")
    assert find_legacy_cells(path) == []
