"""Cells whose formula shows an error (#N/A, #REF!…), told apart from blank cells.

fastexcel reads an error cell as empty, so a failed VLOOKUP in 'Mã xã' was reported as a missing
value ("enter a value") while the cell showed #N/A. The reader writes Excel's text for the error into
the cell, so the report and the held-back row quote what the province sees, and names the columns
holding any (schema metadata): only those columns are searched for error cells later.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

EXCEL_ERRORS = {
    "NA": "#N/A",
    "Div0": "#DIV/0!",
    "Ref": "#REF!",
    "Value": "#VALUE!",
    "Name": "#NAME?",
    "Num": "#NUM!",
    "Null": "#NULL!",
    "GettingData": "#GETTING_DATA",
}
"""calamine's name of each Excel error → the text Excel shows."""
ERROR_TEXTS = frozenset(EXCEL_ERRORS.values())
ERROR_COLUMNS = b"formula_error_columns"
"""Schema metadata of a sheet table: its columns (0 = its first) holding a formula's error, comma-separated."""

_CALAMINE_ERROR = re.compile(r"Error\((\w+)\)")


def with_error_texts(batch: pa.RecordBatch, errors: Iterable[object]) -> tuple[pa.RecordBatch, list[int]]:
    """The batch with each error cell holding Excel's text for it, and the columns that hold any.
    `errors`: fastexcel's CellError items ((row, column) of the batch, and a detail naming the error);
    a cell that failed to read as text for another reason stays blank, as before."""
    texts: dict[int, dict[int, str]] = {}
    for error in errors:
        found = _CALAMINE_ERROR.search(error.detail)
        if found is not None:
            row, column = error.position
            texts.setdefault(column, {})[row] = EXCEL_ERRORS.get(found.group(1), f"#{found.group(1).upper()}")
    columns = list(batch.columns)
    for column, cells in texts.items():
        values = columns[column].to_pylist()
        for row, text in cells.items():
            values[row] = text
        columns[column] = pa.array(values, pa.string())
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema) if texts else batch, sorted(texts)


def with_error_text_columns(table: pa.Table | pa.RecordBatch) -> pa.Table | pa.RecordBatch:
    """The table with its columns holding an error's text as plain text named too (ERROR_COLUMNS): a CSV
    exported from Excel writes a failed lookup as '#N/A', and the province sees the same #N/A it would
    in an error cell (loaded as it was, it became a cadre's name or an unknown code)."""
    texts = pa.array(sorted(ERROR_TEXTS), pa.string())
    found = {
        index
        for index, column in enumerate(table.columns)
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
        if pc.any(pc.is_in(pc.utf8_trim_whitespace(column), value_set=texts.cast(column.type))).as_py()
    }
    if not found - error_columns(table):
        return table
    columns = ",".join(map(str, sorted(found | error_columns(table)))).encode()
    return table.replace_schema_metadata({**(table.schema.metadata or {}), ERROR_COLUMNS: columns})


def error_columns(table: pa.Table | pa.RecordBatch) -> frozenset[int]:
    """The table's columns holding a formula's error (see ERROR_COLUMNS)."""
    found = (table.schema.metadata or {}).get(ERROR_COLUMNS)
    return frozenset(int(column) for column in found.split(b",")) if found else frozenset()


def error_cells(frame: pd.DataFrame, columns: Iterable[int]) -> dict[int, np.ndarray]:
    """Per column of `frame` among `columns` (those holding any error), which of its rows show one
    (spaces around it included: ' #N/A' typed or pasted is the same error)."""
    texts = list(ERROR_TEXTS)
    return {
        column: frame[column].str.strip().isin(texts).to_numpy(dtype=bool)
        for column in columns
        if column in frame.columns
    }


def error_rows(data: pd.DataFrame, columns: Mapping[int, str]) -> dict[str, list[int]]:
    """Field → the rows (index of `data`) whose cell shows a formula's error, from the table columns
    holding any (`columns`: table column → the field it is, or is part of when a header spans several)."""
    found: dict[str, set[int]] = {}
    for column, shows_error in error_cells(data, columns).items():
        if shows_error.any():
            found.setdefault(columns[column], set()).update(data.index[shows_error].tolist())
    return {field_name: sorted(rows) for field_name, rows in found.items()}
