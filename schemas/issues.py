"""Problems found in a submission, as one frame: the report's and the quarantine's raw material."""

from __future__ import annotations

import pandas as pd

from schemas.rules import ERROR_CODES, RULES

ISSUE_COLUMNS = ["rule", "sheet", "row", "field", "header", "value"]


_DTYPES = {name: "Int64" if name == "row" else "string[pyarrow]" for name in ISSUE_COLUMNS}
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


def with_rule_details(issues: pd.DataFrame) -> pd.DataFrame:
    """Add severity, Vietnamese message and fix hint from the catalogue; a value that was a real date
    cell is quoted as the province sees it in Excel (15/03/1980), not as the reader renders it."""
    unknown = set(issues["rule"].dropna()) - RULES.keys()
    if unknown:
        raise ValueError(f"rule codes missing from the catalogue: {sorted(unknown)}")
    return issues.assign(
        value=issues["value"].str.replace(_READER_DATE, r"\3/\2/\1", regex=True),
        severity=issues["rule"].map(_SEVERITY).astype("string[pyarrow]"),
        message=issues["rule"].map(_MESSAGE).astype("string[pyarrow]"),
        hint=issues["rule"].map(_HINT).astype("string[pyarrow]"),
    )


def errors_only(issues: pd.DataFrame) -> pd.DataFrame:
    return issues[issues["rule"].isin(list(ERROR_CODES))]
