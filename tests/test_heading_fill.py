"""The value a group heading names for the blank cells under it (schemas/heading_fill.py and its readers)."""

from __future__ import annotations

from functools import partial

import pandas as pd
import pytest

from schemas.commune_headings import UNIT_HEADING, commune_named, names_no_unit
from schemas.heading_fill import fill_from_headings, row_ranges
from schemas.heading_labels import SubGroupWalk, heading_label, label_kind


@pytest.mark.parametrize(
    ("heading", "province", "code"),
    [
        ("I | Xã Côn Lôn", "08", "02245"),
        ("1. Xã Côn Lôn", "08", "02245"),
        ("Xã Côn Lôn - huyện Na Hang", "08", "02245"),
        ("Xã Côn Lôn (Na Hang)", "08", "02245"),  # a note in brackets or after a dash is no list
        ("Xã Côn Lôn - Trung Môn", "08", "02245"),
        ("Phường Minh Xuân", "08", "02203"),
        ("Thị trấn Na Hang", "08", "02221"),
        ("I | Huyện Na Hang", "08", None),  # a district, though a thị trấn shares its name
        ("II | Huyện Na Hang - Na Hang", "08", None),
        ("Xã Côn Lôn, Xã Trung Môn", "08", None),  # a list of two
        ("Xã Côn Lôn và Trung Môn", "08", None),  # the second without its kind
        ("Xã Côn Lôn/Trung Môn", "08", None),
        ("Trung Môn", "08", None),  # a name without its kind never names a commune on its own
        ("Côn Lôn, Trung Môn", "08", None),
        ("4 | Huyện Tuy An", "54", None),  # a bare number is no 'Phường 4' (a third review's)
        ("I | Huyện Tuy An - 1 thị trấn, 15 xã", "54", None),
        ("1 | Xã Hòa Kiến", "54", "22042"),
        ("I | Xã An Phú (5)", "54", "22162"),
        ("02245 - Xã Côn Lôn", "08", "02245"),  # its code before its name, as dropdowns show them
        ("I | 2245 - Xã Côn Lôn", "08", "02245"),
        ("Xã Côn Lôn (2024)", "08", "02245"),  # a number no commune of the province has: no code, a year
        ("I | Xã Quân Hà (2023)", "06", "02005"),  # a year after the name, though 02023 is a commune of Bắc Kạn
        ("I | 2023 - Xã Quân Hà", "06", None),  # before the name a code: 02023 is another commune, no guess
        ("Xã Côn Lôn (02245)", "08", "02245"),
        ("02209 - Xã Côn Lôn", "08", None),  # the code and the name disagree: not guessed
        ("Xã Côn Lôn (02203)", "08", None),
        ("02245 - Huyện Na Hang", "08", None),
    ],
)
def test_a_heading_names_one_commune_of_its_province_by_kind_and_name(heading, province, code):
    assert commune_named(heading, "legacy", province) == code


def test_a_heading_fills_its_unbroken_run_of_rows_and_tells_them_as_runs():
    """Rows 3–4 under heading 2; the header repeated (row 5) ends the run, as it often starts another
    commune's pasted block (right under a heading it passes: tests/test_validation.py); a blank row (7)
    ends it; row 10 under heading 9 is filled, row 11 keeps the code written, and a sparse row naming a
    unit (12) ends the run (13 is not the heading's) and is not filled."""
    rows = [3, 4, 6, 8, 10, 11, 12, 13]
    values = pd.Series([None, None, None, None, None, "02209", None, None], index=rows, dtype="string[pyarrow]")
    raw = pd.DataFrame(
        {"a": ["x", "x", "x", "x", "x", "02209", "Xã Trung Môn", "x"], "b": ["y"] * 6 + [None, "y"]}, index=rows
    )
    headings = [(2, "I | Xã Côn Lôn"), (5, "STT | Họ và tên | Ngày sinh"), (9, "II | Xã Côn Lôn")]

    filled, told = fill_from_headings(values, values.isna(), headings, UNIT_HEADING, lambda text: "02245", raw)

    assert filled.to_dict() == {3: "02245", 4: "02245", 6: None, 8: None, 10: "02245", 11: "02209", 12: None, 13: None}
    assert [(fill.heading_row, fill.rows) for fill in told] == [(2, (3, 4)), (9, (10,))]
    assert row_ranges((3, 4, 6, 8, 9, 10)) == "3–4, 6, 8–10"


@pytest.mark.parametrize(
    ("heading", "previous", "kind"),
    [
        ("I | Xã Côn Lôn", None, "roman"),
        ("IV. Xã Côn Lôn", None, "roman"),
        ("A | Cán bộ", None, "letter"),
        ("a) Cán bộ", None, "letter"),
        ("1. Xã Côn Lôn", None, "number"),
        ("C | Người hoạt động không chuyên trách", None, "roman"),  # alone, a Roman hundred
        ("C | Người hoạt động không chuyên trách", "B", "letter"),  # after B, the third group
        ("V | Công chức", "IV", "roman"),
        ("XXVIII | Xã Côn Lôn", "XXVII", "roman"),  # past five letters: a province's 28th commune
        ("CCCXCIX. Xã Côn Lôn", None, "roman"),  # the last numeral a label reads
        ("CDXCIX. Xã Côn Lôn", None, None),  # with D: no label ('DI THỊ MAI' would be one)
        ("D | Cán bộ tăng cường", None, "letter"),  # a lone D or M: a letter first (the 500th heading else)
        ("M. Khối Mặt trận", "L", "letter"),
        ("1 | Xã Côn Lôn", "I", "number"),  # after a label of another kind
        ("PHẦN II. CÁN BỘ TĂNG CƯỜNG", None, "part"),  # a part's number: a kind of its own
        ("Phần thứ 2: Cán bộ", "phần 1", "part"),
        ("PHẦN B. CÁN BỘ", None, None),  # a part lettered: none the walk knows
        ("B | Xã Yên Hoa", "1", "letter"),
        ("Xã Côn Lôn", None, None),
        ("STT | Họ và tên | Ngày sinh", None, None),
    ],
)
def test_a_heading_s_label_has_a_kind_its_rank_shares(heading, previous, kind):
    assert label_kind(heading_label(heading), previous) == kind


IN_08 = partial(names_no_unit, unit_list="legacy", province_code="08")
"""A sub-group's words under a commune of Tuyên Quang (08) in a legacy year."""


@pytest.mark.parametrize(
    ("heading", "sub_group"),
    [
        ("A | Cán bộ", True),
        ("A. Cán bộ chuyên trách", True),
        ("a) Công chức", True),
        ("II | Cán bộ", False),  # labelled as the communes are: a sibling's rank
        ("B | Trung Môn", False),  # a commune named without its kind
        ("A | Xã Trung Môn", False),
        ("C | Người hoạt động không chuyên trách", False),  # C alone: a Roman hundred, the communes' kind
        ("1 | Cán bộ | 3 người", False),  # three cells: no heading's
        ("B | Cán bộ tăng cường", False),  # a run starts at its first label: a section after the communes
        ("A | Hợp đồng", True),  # Xã Hợp Đồng is Hà Nội's: no sibling of Tuyên Quang's communes
        ("A | Văn hóa - Xã hội", True),  # a công chức title, though some commune elsewhere is Văn Hóa
        ("Phần 1 | Cán bộ chuyên trách", True),  # a part under a commune: its number is the label
        ("PHẦN THỨ HAI: CÁN BỘ TĂNG CƯỜNG", False),  # no label the walk knows: a part at the communes' level
        ("PHẦN II. CÁN BỘ TĂNG CƯỜNG", False),  # a part's run starts at 1: not II after a sub-group's I
        ("Cán bộ", True),  # no label: a level of its own kind, for the staff groups' names only
        ("Cán bộ, công chức cấp xã", True),
        ("Khối Đảng", True),
        ("Cán bộ tăng cường", False),  # a section
        ("Cán bộ, công chức xã Yên Hoa", False),  # another commune's block
        ("Công chức Văn hóa - Xã hội", True),  # 'xã hội' names no commune
        ("Trung Môn", False),  # a sibling without label or kind
    ],
)
def test_a_sub_group_is_labelled_otherwise_and_names_no_commune(heading, sub_group):
    """Under 'I | Xã Côn Lôn' (Tuyên Quang, 08, a legacy year)."""
    walk = SubGroupWalk("roman", frozenset(), IN_08)
    assert walk.passes(heading) is sub_group


@pytest.mark.parametrize(
    ("unit_list", "province", "heading"),
    [
        ("2025", "46", "A | Lưới 2"),  # a sibling without its kind whose name starts with a letter (Huế)
        ("legacy", "46", "A | Lưới 2"),  # in a legacy year, by its 2025 name
        ("2025", "46", "A | Roàng"),  # in 2025, by the legacy name of a commune merged into Huế's
        ("2025", "08", "A | Côn Lôn"),  # Tuyên Quang of 2025 took in Hà Giang: a legacy Tuyên Quang name
    ],
)
def test_a_sibling_named_in_either_list_of_the_province_is_no_sub_group(unit_list, province, heading):
    words = partial(names_no_unit, unit_list=unit_list, province_code=province)
    assert not SubGroupWalk("roman", frozenset(), words).passes(heading)


def test_a_level_above_the_communes_is_no_sub_group_and_c_after_b_is_a_letter():
    """Sections lettered above Roman-numbered communes end a commune's block; C right after B is the
    third group, not a Roman hundred; a level under another starts its run again right under each (a
    third review's: 'A | Khối Đảng' under 'II | Công chức' ended the block), not after data rows (a
    fourth review's: a section 'A' after the last commune's cadres loaded in it)."""
    assert not SubGroupWalk("roman", frozenset({"letter"}), IN_08).passes("B | Cán bộ tăng cường")
    walk = SubGroupWalk("roman", frozenset(), IN_08)
    assert [walk.passes(text) for text in ("A | Cán bộ", "B | Công chức", "C | Không chuyên trách")] == [True] * 3
    walk = SubGroupWalk(None, frozenset(), IN_08)
    texts = ("I | Cán bộ", "A | Khối Đảng", "B | Khối chính quyền", "II | Công chức", "A | Khối Đảng", "C | Khác")
    assert [walk.passes(text) for text in texts] == [True, True, True, True, True, False]
    # after data rows a level under the last label cannot start again, nor go on from under an earlier
    # parent (a fifth review's: 'B' after II's cadres went on from I's 'A'): a section after the communes
    for section in ("A | Cán bộ tăng cường, biệt phái", "B | Cán bộ tăng cường, biệt phái"):
        walk = SubGroupWalk(None, frozenset(), IN_08)
        assert [walk.passes(text) for text in ("I | Cán bộ", "A | Khối Đảng", "II | Công chức")] == [True] * 3
        walk.data_seen()
        assert not walk.passes(section)
    walk = SubGroupWalk(None, frozenset(), IN_08)
    assert [walk.passes(text) for text in ("I | Cán bộ", "A | Khối Đảng", "II | Công chức")] == [True] * 3
    walk.data_seen()
    assert walk.passes("III | Không chuyên trách") and walk.passes("A | Thôn, tổ dân phố")  # reopened by III


@pytest.mark.parametrize(
    ("province_code", "words", "passes"),
    [
        ("08", "UBND xã Trung Môn", False),  # another commune of the province, after its kind
        ("08", "Cán bộ, công chức xã Trung Môn (5 người)", False),
        ("08", "Cán bộ, công chức xã, thị trấn", True),  # the law's name of the group
        ("79", "Cán bộ phường (05 người)", True),  # '05' is no name though '5' is Phường 5's
        ("49", "Công chức phường Tư pháp - Hộ tịch", True),  # Tư is a commune's name, 'Tư pháp' none
        ("24", "Cán bộ phường chủ chốt", True),  # nor 'chủ chốt' though Chủ is one
    ],
)
def test_a_commune_named_after_a_kind_inside_a_sub_group_s_words_runs_to_a_separator(province_code, words, passes):
    """Reviews': a sub-group naming another commune after a kind inside its words was passed (its cadres
    loaded in the commune above); read as the first words after any kind, head-counts and one-word names
    refused the province's own groups. The name runs from the kind to a separator or the end."""
    assert names_no_unit(words, unit_list="legacy", province_code=province_code) is passes


@pytest.mark.parametrize(
    ("province_code", "words", "own", "passes"),
    [
        ("08", "Cán bộ xã Côn Lôn", "02245", True),  # the block's own commune repeated
        ("08", "Cán bộ xã Côn Lôn", "02488", False),  # under Trung Môn: another commune
        ("01", "Cán bộ xã Đức Giang", "00124", False),  # under Phường Đức Giang: Xã Đức Giang is another
    ],
)
def test_a_sub_group_may_repeat_its_own_commune_s_name_where_no_other_shares_it(province_code, words, own, passes):
    """A review's: leaving the block's own name out of the names refused let a commune sharing it through
    (`B | Cán bộ xã Đức Giang` under `I | Phường Đức Giang`: the phường's code given to the xã's rows)."""
    assert names_no_unit(words, unit_list="legacy", province_code=province_code, own=own) is passes
