"""What one submission writes to the warehouse: built by staging (in worker processes), written by the
loader. Kept apart from the loader so that the workers that build it need no database libraries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd


@dataclass
class SubmissionLoad:
    """Everything one submission writes: its ledger row and rows per submission-scoped table."""

    submission: dict
    rows: dict[str, pd.DataFrame] = field(default_factory=dict)
    first_received_at: dt.datetime | None = None  # an earlier run took these bytes first (it failed before its load)
    from_archive: bool = False  # the archived copy itself, taken in again by the operator (a held file reloaded)
    courses: pd.DataFrame = field(default_factory=pd.DataFrame)
    issue_counts: pd.DataFrame = field(default_factory=pd.DataFrame)
