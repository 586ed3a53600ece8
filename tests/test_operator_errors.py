"""Setup errors become one line for the operator; a bug keeps its traceback."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest
import sqlalchemy as sa

from cadres.operator_errors import operator_message
from cadres.settings import ConfigurationError


def _raised(action) -> BaseException:
    try:
        action()
    except Exception as exc:  # the error as the command would see it, traceback included
        return exc
    raise AssertionError("nothing raised")


def test_a_setup_error_is_told() -> None:
    def missing() -> None:
        raise ConfigurationError("CADRES_CALENDAR_FILE /x.toml does not exist")

    assert operator_message(_raised(missing)) == "CADRES_CALENDAR_FILE /x.toml does not exist"


def test_a_bug_is_not_taken_for_a_setup_error(tmp_path: Path) -> None:
    """A statement's ArgumentError, another model's ValidationError, a bug raised while a setup error was
    being handled: each was turned into a line naming a setting that was fine, its traceback lost."""
    engine = sa.create_engine(f"duckdb:///{tmp_path / 'w.duckdb'}")

    def not_executable() -> None:
        with engine.connect() as conn:
            conn.execute("SELECT 1")  # a plain string: SQLAlchemy's ObjectNotExecutableError

    class Other(pydantic.BaseModel):
        level: int

    def bug_while_handling() -> None:
        try:
            raise ConfigurationError("x missing")
        except ConfigurationError:
            {}["key"]

    try:
        for action in (not_executable, lambda: Other(level="high"), bug_while_handling):
            error = _raised(action)
            assert operator_message(error) is None, (action, error)
    finally:
        engine.dispose()


def test_a_url_sqlalchemy_cannot_read_is_told(monkeypatch: pytest.MonkeyPatch) -> None:
    from cadres.settings import get_settings

    monkeypatch.setenv("CADRES_WAREHOUSE_URL", "oracle+nodriver://x@h/db")
    get_settings.cache_clear()
    try:
        said = operator_message(_raised(lambda: sa.create_engine(get_settings().resolved_warehouse_url)))
    finally:
        get_settings.cache_clear()
    assert said is not None and said.startswith("CADRES_WAREHOUSE_URL oracle+nodriver://x@h/db cannot be used")
