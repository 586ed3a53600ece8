"""Problems found in a submission, as one frame: the report's and the quarantine's raw material."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from cadres.text import arrow_text
from schemas.codelists import CODE_LISTS_BY_NAME
from schemas.rules import ERROR_CODES, RULES
from schemas.sheets import SHEETS_BY_NAME, SheetSpec

if TYPE_CHECKING:  # cadres.workbook imports schemas.parsing, which imports this module: a cycle at run time
    from cadres.workbook import RawSheet

ISSUE_COLUMNS = ["rule", "sheet", "row", "field", "header", "value", "detail", "column"]
"""`detail`: a fact about one problem its rule's text cannot know, set where the problem is found (what
the year's list calls a commune code typed with another commune's name); null for most. `column`: the
Excel column where the header alone does not say it: a column not read or a hidden one read (its header
may head another column too), the columns of an ambiguous field, a row left out (its first cell), a
source cell of an amount; null for the others, found by their header."""


MAX_CELL_CHARS = 32_767
"""The most an Excel cell holds, in UTF-16 units as Excel counts (a character beyond the basic plane, an
emoji say, counts two): a longer value comes from a CSV or a program, never from a person typing."""
BEYOND_THE_BASIC_PLANE = "[\U00010000-\U0010ffff]"
"""The characters Excel counts twice; a pattern both Python's re and Arrow's RE2 read."""
SHOWN_CHARS = 200
"""How much of a longer value a problem quotes (every rule's, not only CELL.TOO_LONG's)."""
_DTYPES = {name: "Int64" if name in ("row", "column") else "string[pyarrow]" for name in ISSUE_COLUMNS}
_EMPTY = pd.DataFrame({name: pd.array([], dtype=dtype) for name, dtype in _DTYPES.items()})
_SEVERITY = {code: rule.severity for code, rule in RULES.items()}
_MESSAGE = {code: rule.message for code, rule in RULES.items()}
_HINT = {code: rule.hint for code, rule in RULES.items()}


def issues_frame(records: list[dict] | pd.DataFrame | None = None) -> pd.DataFrame:
    """An issue frame with the standard columns and types, from records or a frame (may be empty).
    Built a score of times per file, mostly empty: the empty one is made once."""
    if records is None or len(records) == 0:
        return _EMPTY.copy()
    frame = records if isinstance(records, pd.DataFrame) else pd.DataFrame.from_records(records, columns=ISSUE_COLUMNS)
    return frame.reindex(columns=ISSUE_COLUMNS).astype(_DTYPES).reset_index(drop=True)


_READER_DATE = r"^(\d{4})-(\d{2})-(\d{2}) 00:00:00$"
"""How the reader renders a cell that is a real Excel date (1980-03-15 00:00:00)."""
_READER_DATE_TIME = r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2})(?::00)?(:\d{2})?$"
"""A real Excel date with a time of day (2015-03-04 08:30:00): quoted 04/03/2015 08:30, as Excel shows it."""


def with_rule_details(issues: pd.DataFrame) -> pd.DataFrame:
    """Add severity, Vietnamese message and fix hint from the catalogue; a value that was a real date
    cell is quoted as the province sees it in Excel (15/03/1980), not as the reader renders it."""
    unknown = set(issues["rule"].dropna()) - RULES.keys()
    if unknown:
        raise ValueError(f"rule codes missing from the catalogue: {sorted(unknown)}")
    hint = issues["rule"].map(_HINT).astype(object)
    not_listed = (issues["rule"] == "CELL.CODE_UNKNOWN").fillna(False).to_numpy(bool)
    if not_listed.any():  # say which values the list has: the province may not have the template at hand
        places = zip(issues.loc[not_listed, "sheet"], issues.loc[not_listed, "field"], strict=True)
        hint[not_listed] = [
            _with_values(text, sheet, name) for text, (sheet, name) in zip(hint[not_listed], places, strict=True)
        ]
    value = issues["value"].str.replace(_READER_DATE, r"\3/\2/\1", regex=True)
    value = value.str.replace(_READER_DATE_TIME, r"\3/\2/\1 \4\5", regex=True)
    longer = excel_longer_than_a_cell(value)
    if longer.any():  # a 40,000-character province code was quoted whole by FILE.PROVINCE_INVALID
        value = value.where(~longer, value.str.slice(0, SHOWN_CHARS) + "…")
    return issues.assign(
        value=value,
        severity=issues["rule"].map(_SEVERITY).astype("string[pyarrow]"),
        message=issues["rule"].map(_MESSAGE).astype("string[pyarrow]"),
        hint=hint.astype("string[pyarrow]"),
        detail=issues["detail"].astype("string[pyarrow]"),
    )


def excel_longer_than_a_cell(text: pd.Series) -> np.ndarray:
    """Which values Excel could not hold in a cell (counted as Excel counts; a value of at most half the
    limit in characters fits whatever it holds, so most columns are not counted again)."""
    values = arrow_text(text)
    lengths = pc.utf8_length(values)
    if not pc.any(pc.greater(lengths, MAX_CELL_CHARS // 2)).as_py():
        return np.zeros(len(text), dtype=bool)
    units = pc.add(lengths, pc.count_substring_regex(values, BEYOND_THE_BASIC_PLANE))
    return pc.fill_null(pc.greater(units, MAX_CELL_CHARS), False).to_numpy(zero_copy_only=False)


def cut_to_a_cell(text: str) -> str:
    """The most of the text an Excel cell holds (a character Excel counts twice is not split)."""
    if len(text) <= MAX_CELL_CHARS // 2:
        return text
    return text.encode("utf-16-le")[: 2 * MAX_CELL_CHARS].decode("utf-16-le", errors="ignore")


_LISTED_AT_MOST = 12
"""A code list this short is named in the hint of a value not in it; longer ones (ethnic groups,
posts) are in the template's DanhMuc sheet."""


@lru_cache(maxsize=256)
def _with_values(hint: str, sheet: object, field_name: object) -> str:
    """The hint of a value not in a code list, with the list's values when it is short."""
    spec = SHEETS_BY_NAME.get(sheet) if isinstance(sheet, str) else None
    column = spec.fields.get(field_name) if spec is not None and isinstance(field_name, str) else None
    listed = CODE_LISTS_BY_NAME.get((column.metadata or {}).get("codelist")) if column is not None else None
    if listed is None or len(listed.canonical) > _LISTED_AT_MOST:
        return hint
    return f"{hint} Các giá trị của mẫu: {' / '.join(listed.canonical)}."


def errors_only(issues: pd.DataFrame) -> pd.DataFrame:
    return issues[issues["rule"].isin(list(ERROR_CODES))]


def header_of(spec: SheetSpec, raw: RawSheet | None, name: str) -> str:
    """A field's header as the province wrote it in the sheet read, else the standard's."""
    if raw is not None and name in raw.headers:
        return raw.headers[name]
    return (spec.fields[name].metadata or {}).get("header", name)


def file_issue(
    rule: str,
    sheet: str | None = None,
    header: str | None = None,
    value: str | None = None,
    field_name: str | None = None,
    row: int | None = None,
    detail: str | None = None,
    column: int | None = None,
) -> dict:
    """One problem as a record of the issues table (`issues_frame`), for the checks written by hand."""
    return {
        "rule": rule,
        "sheet": sheet,
        "row": row,
        "field": field_name,
        "header": header,
        "value": value,
        "detail": detail,
        "column": column,
    }
