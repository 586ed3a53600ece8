"""TCVN3 text is told from other text holding the same characters by the words it decodes to."""

from __future__ import annotations

import pytest

from cadres.legacy_text import reads_as_tcvn3
from cadres.vietnamese_words import is_vietnamese_word
from tests.test_legacy_fonts import as_typed_in_vntime


@pytest.mark.parametrize(
    "word",
    ["Nguyễn", "NGUYỄN", "Hoà", "Hòa", "thuỷ", "Quỳnh", "gìn", "Nghiêm", "Trường", "Đảng", "ủy", "xã", "Khuya"],
)
def test_vietnamese_syllables_in_either_tone_placement_and_any_case(word: str) -> None:
    assert is_vietnamese_word(word)


@pytest.mark.parametrize("word", ["Hmông", "Xtiêng", "Brâu", "Niê", "Kpă"])
def test_minority_names_written_with_vietnamese_letters_are_words(word: str) -> None:
    """A leading consonant cluster and an open 'iê' or 'ă' are not Vietnamese spelling, but names."""
    assert is_vietnamese_word(word)


@pytest.mark.parametrize("word", ["Jỹrgen", "Mỹller", "Noởl", "Straòe", "AìB", "Josộ", "Muủoz", "Văn2", "", "Hửụng"])
def test_what_tcvn3_makes_of_other_text_is_no_word(word: str) -> None:
    assert not is_vietnamese_word(word)


@pytest.mark.parametrize(
    "text",
    [
        as_typed_in_vntime("Nguyễn Văn Hưng"),
        as_typed_in_vntime("Phó Chủ tịch UBND xã"),
        as_typed_in_vntime("Đảng ủy"),  # signs at both edges of a word: 'Đ' and 'y' alone
        "Nguyễn V¨n",  # half retyped: its TCVN3 word decodes, the repair asks for a retype
        "Quản\xadlý",  # a soft hyphen in Unicode: no word decodes, the repair asks for a retype
    ],
)
def test_tcvn3_text(text: str) -> None:
    assert reads_as_tcvn3(text)


@pytest.mark.parametrize(
    "text", ["Jürgen Müller", "Françoise Noël", "José Muñoz", "Straße", "A×B", "a·b@x.vn", "Hoaøng Thò Myõ Höông"]
)
def test_latin_1_text_holding_tcvn3_signs_is_not_tcvn3(text: str) -> None:
    assert not reads_as_tcvn3(text)


def test_cells_are_found_in_any_chunk_and_row_of_a_column() -> None:
    """The first look reads a column's bytes chunk by chunk: a sign in a later chunk is found."""
    import pyarrow as pa

    from cadres.legacy_text import tcvn3_text_cells

    typed = as_typed_in_vntime("Trần Thị Bình")
    column = pa.chunked_array([pa.array(["Nguyễn Văn An", None]), pa.array(["Lê Thị Hoa", typed])])
    table = pa.table({"a": pa.array(["x"] * 4), "b": column})

    found = tcvn3_text_cells({"CanBo": table}, {"CanBo": 2})

    assert [(cell.sheet, cell.row, cell.column, cell.text) for cell in found] == [("CanBo", 4, 3, typed)]
