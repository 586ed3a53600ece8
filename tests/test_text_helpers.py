"""The Arrow helpers behind the hot path agree with what pandas would answer."""

from __future__ import annotations

import os

import pandas as pd
import pyarrow as pa
import pytest

from cadres.text import (
    arrow_text,
    clean_cell,
    clean_columns,
    digits_only,
    is_among,
    loggable,
    map_distinct,
    name_as_sent,
    unify_tone_placement,
)


def test_is_among_matches_pandas_isin_and_never_matches_null() -> None:
    values = pd.Series(["a", None, "b", "c", "a"], dtype="string[pyarrow]", index=[5, 6, 7, 8, 9])
    found = is_among(values, pa.array(["a", "c"]))
    assert found.tolist() == [True, False, False, True, True]
    assert found.index.tolist() == [5, 6, 7, 8, 9]
    assert found.dtype == bool


def test_is_among_takes_all_null_columns_and_empty_sets() -> None:
    blank = pd.Series([None, None], dtype=object)
    assert is_among(blank, pa.array(["a"])).tolist() == [False, False]
    assert is_among(pd.Series(["a"]), pa.array([], pa.string())).tolist() == [False]


def test_map_distinct_calls_once_per_distinct_value_and_keeps_nulls() -> None:
    calls: list[str] = []

    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    mapped = map_distinct(pd.Series(["x", "y", None, "x"]), shout)
    assert mapped.tolist()[:2] == ["X", "Y"] and pd.isna(mapped[2]) and mapped[3] == "X"
    assert sorted(calls) == ["x", "y"]


def test_map_distinct_to_integer_keys_keeps_every_digit_the_index_and_nulls() -> None:
    """Surrogate keys are 63-bit: a detour through floats would change their last digits."""
    big = 2**62 + 1
    keys = {"a": big, "b": 7}
    values = pd.Series(["a", None, "b", "zz", "a"], dtype="string[pyarrow]", index=[10, 11, 12, 13, 14])
    mapped = map_distinct(values, keys.get, pa.int64())
    assert str(mapped.dtype) == "Int64"
    assert mapped.index.tolist() == [10, 11, 12, 13, 14]
    assert mapped[10] == big and mapped[14] == big and mapped[12] == 7
    assert pd.isna(mapped[11]) and pd.isna(mapped[13])  # missing and unknown → null
    numbers = map_distinct(pd.Series([3, None, 3], dtype="Int64"), lambda n: int(n) * 2, pa.int64())
    assert numbers.tolist()[0] == 6 and pd.isna(numbers[1]) and numbers[2] == 6  # numbers are taken as text
    with pytest.raises(ValueError, match="64-bit keys"):
        map_distinct(values, keys.get, pa.int32())  # would go through floats where a value is null


def test_clean_columns_cleans_each_column_like_clean_cell_and_keeps_them_apart() -> None:
    frame = pd.DataFrame(
        {
            "name": ["  Nguyễn\u00a0Văn  A ", "Hoà", None, ""],
            "place": ["Hoà", "Thuỷ  Nguyên", "x", "Hoà"],
            "blank": pd.Series([None] * 4, dtype="string[pyarrow]"),
        },
        index=[7, 8, 9, 10],
    )
    cleaned = clean_columns(frame)
    assert list(cleaned) == ["name", "place", "blank"]
    for name, column in cleaned.items():
        expected = [clean_cell(v) if isinstance(v, str) else None for v in frame[name]]
        expected = [unify_tone_placement(v) if v else None for v in expected]
        assert [None if pd.isna(v) else v for v in column] == expected, name
        assert column.index.tolist() == [7, 8, 9, 10]
    assert cleaned["place"].tolist()[:2] == ["Hòa", "Thủy Nguyên"]
    assert [len(column) for column in clean_columns(frame.iloc[:0]).values()] == [0, 0, 0]
    assert clean_columns(frame[[]]) == {}


def test_text_helpers_take_columns_pandas_holds_in_several_chunks() -> None:
    """A column concatenated by pandas is backed by a chunked Arrow array; the kernels need one array."""
    parts = [pd.Series(["Hoà", " a "], dtype="string[pyarrow]"), pd.Series(["Hoà", None], dtype="string[pyarrow]")]
    column = pd.concat(parts, ignore_index=True)
    assert column.array._pa_array.num_chunks == 2  # the case under test: several chunks
    cleaned = clean_columns(pd.DataFrame({"name": column}))
    assert [None if pd.isna(v) else v for v in cleaned["name"]] == ["Hòa", "a", "Hòa", None]
    assert map_distinct(column, len, pa.int64()).tolist() == [3, 3, 3, pd.NA]


@pytest.mark.parametrize(
    "column",
    [
        pd.Series(["Hoà", None, "x"], dtype="string[pyarrow]"),
        pd.Series(["Hoà", None, "x"], dtype="str"),
        pd.Series(["Hoà", None, "x"], dtype="string[python]"),
        pd.Series(["Hoà", float("nan"), "x"], dtype=object),
        pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([["Hoà"], [None, "x"]], pa.string()))),
        pd.concat([pd.Series(["Hoà", None], dtype="string[pyarrow]"), pd.Series(["x"], dtype="string[pyarrow]")]),
    ],
    ids=["arrow", "str", "python", "object", "chunked-small-strings", "concatenated"],
)
def test_arrow_text_gives_one_large_string_array_whatever_the_column_holds(column: pd.Series) -> None:
    """A column already in Arrow is taken as it is: every other kind of text column comes out the same."""
    arr = arrow_text(column)
    assert isinstance(arr, pa.Array)
    assert arr.type == pa.large_string()
    assert arr.to_pylist() == ["Hoà", None, "x"]


def test_arrow_text_of_a_column_of_nothing_is_all_null_text() -> None:
    assert arrow_text(pd.Series([None, None], dtype=object)).to_pylist() == [None, None]
    assert arrow_text(pd.Series([None, None], dtype=object)).type == pa.large_string()


@pytest.mark.parametrize(
    ("values", "alone"),
    [
        (["02245", "2488.0", " 08 ", None], True),
        ([], True),
        ([None, None], True),
        (["02245", "02245 - Xã Côn Lôn"], False),
        (["02245-"], False),  # no letter, but not a code alone: the patterns decide
        (["Xã Côn Lôn (02245)"], False),
    ],
)
def test_digits_only_tells_a_column_no_letter_pattern_can_match(values: list, alone: bool) -> None:
    assert digits_only(pa.array(values, pa.large_string())) is alone


def test_a_name_not_in_utf8_is_read_in_the_vietnamese_code_page_and_logged_escaped() -> None:
    """Bytes of Windows' Vietnamese code page reach Python as lone surrogates, which no database, console or
    log handler can write."""
    sent = os.fsdecode(b"B\xe1o c\xe1o C\xf4n L\xf4n.xlsx")
    assert name_as_sent(sent) == "Báo cáo Côn Lôn.xlsx"
    assert name_as_sent("Báo cáo.xlsx") == "Báo cáo.xlsx"  # UTF-8 names as they are
    assert loggable(sent) == "B\\udce1o c\\udce1o C\\udcf4n L\\udcf4n.xlsx"
    assert loggable(sent).encode("utf-8")  # writable
