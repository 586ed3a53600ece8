"""The Arrow helpers behind the hot path agree with what pandas would answer."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from cadres.text import is_among, map_distinct


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
