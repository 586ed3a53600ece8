"""TCVN3 text is told from other text holding the same characters by the words it decodes to."""

from __future__ import annotations

import pyarrow as pa
import pytest

from cadres.legacy_text import tcvn3_reading
from cadres.vietnamese_words import is_vietnamese_word
from tests.test_legacy_fonts import as_typed_in_vni, as_typed_in_vntime


@pytest.mark.parametrize(
    "word",
    ["Nguyễn", "NGUYỄN", "Hoà", "Hòa", "thuỷ", "Quỳnh", "gìn", "Nghiêm", "Trường", "Đảng", "ủy", "xã", "Khuya"],
)
def test_vietnamese_syllables_in_either_tone_placement_and_any_case(word: str) -> None:
    assert is_vietnamese_word(word)


@pytest.mark.parametrize("word", ["Hmông", "Xtiêng", "Brâu", "Niê", "Kpă", "Bkrông", "Đắk", "Lắk", "Păh", "Ksor"])
def test_minority_names_written_with_vietnamese_letters_are_words(word: str) -> None:
    """A leading consonant cluster, an open 'iê' or 'ă', a final k or h are not Vietnamese spelling, but names."""
    assert is_vietnamese_word(word)


@pytest.mark.parametrize(
    "word", ["Jỹrgen", "Mỹller", "Noởl", "Straòe", "AìB", "Josộ", "Muủoz", "Văn2", "", "Hửụng", "Strửm", "Schửn"]
)
def test_what_tcvn3_makes_of_other_text_is_no_word(word: str) -> None:
    """German and Nordic clusters (str, sch, gr) are no minority names' clusters."""
    assert not is_vietnamese_word(word)


@pytest.mark.parametrize(
    "text",
    [
        as_typed_in_vntime("Nguyễn Văn Hưng"),
        as_typed_in_vntime("Phó Chủ tịch UBND xã"),
        as_typed_in_vntime("Bí thư Đảng ủy"),  # no sign between two letters: '§¶ng', 'ñy', 'th\xad'
        as_typed_in_vntime("Buôn Ma Thuột, Đắk Lắk"),
        as_typed_in_vntime("H'Hen Niê"),
        as_typed_in_vntime("Bkrông H'Lim"),
        "Nguyễn V¨n",  # half retyped: its TCVN3 word decodes, the repair asks for a retype
        "H§ND",  # an abbreviation whose Đ is TCVN3's
        "123/Q§-UBND",
        "1.500.000®",  # an amount in đồng
    ],
)
def test_tcvn3_text(text: str) -> None:
    assert tcvn3_reading(text) == "tcvn3"


@pytest.mark.parametrize(
    "text",
    [
        "Jürgen Müller",
        "Françoise Noël",
        "José Muñoz",
        "Fredrik Ström",
        "Helmut Schön",
        "Straße",
        "A×B",
        "½",
        "a·b@x.vn",
        "«Ghi chú»",
        "«Xã A Ngo»",  # '»' is TCVN3's 'ằ': 'Ngoằ' is no minority name's open ending (toned)
        "§ 3",
        "§2",
        "Microsoft®Office",
        "Word®",
        "Tin học văn phòng Office 365®",  # digits and ®: an amount in đồng only grouped in thousands
        "ISO 9001®",
        "Trường«Chính trị»",
        "Quản\xadlý",  # a soft hyphen pasted from Word into Unicode text: no word is better read as TCVN3
        as_typed_in_vni("Nguyễn Văn Hưng"),  # VNI pasted as values: 'Nguyeãn Vaên Höng', read best as VNI
        as_typed_in_vni("Huyện Can Lộc"),
    ],
)
def test_text_holding_tcvn3_signs_that_reads_better_otherwise_is_not_tcvn3(text: str) -> None:
    assert tcvn3_reading(text) != "tcvn3"


def test_cells_are_found_in_any_chunk_and_row_of_a_column() -> None:
    """The first look reads a column's bytes chunk by chunk: a sign in a later chunk is found."""
    import pyarrow as pa

    from cadres.legacy_text import tcvn3_text_cells

    typed = as_typed_in_vntime("Trần Thị Bình")
    column = pa.chunked_array([pa.array(["Nguyễn Văn An", None]), pa.array(["Lê Thị Hoa", typed])])
    table = pa.table({"a": pa.array(["x"] * 4), "b": column})

    found = tcvn3_text_cells({"CanBo": table}, {"CanBo": 2})

    assert [(cell.sheet, cell.row, cell.column, cell.text) for cell in found] == [("CanBo", 4, 3, typed)]


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
def test_the_first_look_reads_only_a_slice_s_own_cells(kind: pa.DataType) -> None:
    """A slice shares its parent's bytes: a sign outside it is not its own, one inside it is."""
    from cadres.legacy_text import _holds_a_sign

    cells = pa.array(["Lê Thị Hoa", "V¨n", "Nguyễn An", "Trần Bình", None, "Th\xadêng"], kind)

    assert not _holds_a_sign(cells.slice(2, 3))
    assert _holds_a_sign(cells.slice(1, 2))
    assert _holds_a_sign(cells.slice(5, 1))
    assert not _holds_a_sign(cells.slice(4, 1))


def _found(*columns: list[str | None]) -> list[tuple[int, int, str, bool]]:
    from cadres.legacy_text import tcvn3_text_cells

    table = pa.table({f"c{n}": pa.array(cells, pa.string()) for n, cells in enumerate(columns)})
    return [(cell.row, cell.column, cell.text, cell.uppercase) for cell in tcvn3_text_cells({"S": table}, {"S": 1})]


def test_a_cell_that_reads_as_well_as_vni_is_tcvn3_in_a_column_of_tcvn3() -> None:
    """'NghÖ An', 'Tæ 3': Ö and æ are VNI's Ư and ỉ too, so the cell alone cannot tell (a home town, a
    hamlet loaded as typed, or refused as no code of the list); its column can."""
    typed = as_typed_in_vntime("Nguyễn Văn Hưng")
    assert _found([typed, "NghÖ An", "Tæ 3"]) == [(1, 1, typed, False), (2, 1, "NghÖ An", False), (3, 1, "Tæ 3", False)]
    assert _found(["NghÖ An", "Tæ 3"]) == []  # nothing else in the column says TCVN3
    vni = as_typed_in_vni("Nguyễn Văn Hưng")
    assert _found([typed, "NghÖ An", vni]) == [(1, 1, typed, False)]  # a column holding VNI too: not guessed


def test_text_typed_in_capitals_is_repaired_in_capitals() -> None:
    """With caps lock, TCVN3's toned letters keep their lowercase codes (it has no toned capitals):
    'NGUYÔN V¡N H¦NG' decoded 'NGUYễN VĂN HƯNG'. Such a cell is read as a .VnTimeH one is."""
    from cadres.legacy_fonts import repair
    from cadres.legacy_text import tcvn3_text_cells

    typed = ["NGUYÔN V¡N H¦NG", "PHã CHñ TÞCH UBND X·", "Tæ 3", "UBND x·", "Së GD&§T", "UBND Tæ 3"]
    fixes = repair(tcvn3_text_cells({"S": pa.table({"a": pa.array(typed, pa.string())})}, {"S": 1}))

    assert [fix.repaired for fix in fixes] == [
        "NGUYỄN VĂN HƯNG",
        "PHÓ CHỦ TỊCH UBND XÃ",
        "Tổ 3",  # one capital: title case, whose toned letters have lowercase codes all the same
        "UBND xã",
        "Sở GD&ĐT",  # capitals in an abbreviation beside a title-case word
        "UBND Tổ 3",
    ]
