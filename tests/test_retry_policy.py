"""Loads retry only what a retry can fix: database hiccups, never bad data or bugs."""

from __future__ import annotations

import pytest
from prefect.states import Completed, Failed
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from tasks.load import is_transient


class _DriverError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("error", "retry"),
    [
        (OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly")), True),
        (DBAPIError("UPDATE …", {}, _DriverError("40001")), True),  # serialization failure
        (DBAPIError("UPDATE …", {}, _DriverError("40P01")), True),  # deadlock
        (DBAPIError("INSERT …", {}, Exception('IO Error: Could not set lock on file "w.duckdb"')), True),
        (IntegrityError("INSERT …", {}, _DriverError("23502")), False),  # NOT NULL: the data, not the database
        (ValueError("bad cell"), False),
        (KeyError("bug"), False),
    ],
)
def test_only_transient_database_errors_are_retried(error: Exception, retry: bool) -> None:
    assert is_transient(None, None, Failed(data=error)) is retry


def test_a_completed_run_is_not_retried() -> None:
    assert is_transient(None, None, Completed(data=1)) is False
