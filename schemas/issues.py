"""Problems found in a submission, as one frame: the report's and the quarantine's raw material."""

from __future__ import annotations

import pandas as pd

from schemas.rules import ERROR_CODES, RULES

ISSUE_COLUMNS = ["rule", "sheet", "row", "field", "header", "value"]


def issues_frame(records: list[dict] | None = None) -> pd.DataFrame:
    """An issue frame with the standard columns (rows may be empty)."""
    frame = pd.DataFrame(records or [], columns=ISSUE_COLUMNS)
    frame["row"] = pd.array(frame["row"], dtype="Int64")
    for name in ("rule", "sheet", "field", "header", "value"):
        frame[name] = frame[name].astype("string[pyarrow]")
    return frame


def with_rule_details(issues: pd.DataFrame) -> pd.DataFrame:
    """Add severity, Vietnamese message and fix hint from the catalogue."""
    out = issues.copy()
    out["severity"] = out["rule"].map(lambda c: RULES[c].severity).astype("string[pyarrow]")
    out["message"] = out["rule"].map(lambda c: RULES[c].message).astype("string[pyarrow]")
    out["hint"] = out["rule"].map(lambda c: RULES[c].hint).astype("string[pyarrow]")
    return out


def errors_only(issues: pd.DataFrame) -> pd.DataFrame:
    return issues[issues["rule"].isin(list(ERROR_CODES))]
