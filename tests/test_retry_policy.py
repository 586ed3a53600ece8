"""Loads retry only what a retry can fix: database hiccups, never bad data or bugs."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from prefect.states import Completed, Failed
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from tasks.load import is_transient
from tests.conftest import PG_ADMIN_URL


class _DriverError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("error", "retry"),
    [
        (OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly")), True),
        (OperationalError(None, {}, Exception("failed: Connection refused\n\tIs the server running")), True),
        # a wrong URL: retried five times over four minutes, the operator told nothing meanwhile
        (OperationalError(None, {}, Exception('failed: FATAL:  database "cadres_dw" does not exist')), False),
        (OperationalError(None, {}, Exception("failed: FATAL:  password authentication failed for user")), False),
        # a name server not answering for a moment is not a wrong host
        (OperationalError(None, {}, Exception("failed to resolve host 'db': [Errno -3] Temporary failure")), True),
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


def test_the_servers_own_answer_to_a_wrong_url_is_not_retried_and_a_refusal_is() -> None:
    """What the local PostgreSQL and libpq really raise, not a hand-made error."""
    url = sa.engine.make_url(PG_ADMIN_URL)
    answers = {}
    for name, wrong in (
        ("no database", url.set(database="cadres_no_such_db")),
        ("unknown host", url.set(host="db.no-such-host.invalid")),
        ("refused", url.set(port=1)),
    ):
        engine = sa.create_engine(wrong)
        try:
            with pytest.raises(OperationalError) as raised:
                engine.connect()
            answers[name] = is_transient(None, None, Failed(data=raised.value))
        finally:
            engine.dispose()
    assert answers == {"no database": False, "unknown host": False, "refused": True}
