"""What an operator is told when the service's setup is wrong, not a province's file: one line naming
the setting to fix, where the command printed a traceback of a hundred lines or more (a wrong
warehouse URL, a DuckDB file another run holds, an invalid CADRES_ setting)."""

from __future__ import annotations

import traceback
from collections.abc import Iterator

import sqlalchemy as sa
from pydantic import ValidationError

from cadres.settings import ConfigurationError, Settings, get_settings

URL_FORMS = "duckdb:///<file> or postgresql+psycopg://<user>@<host>:<port>/<database>"


def operator_message(exc: BaseException) -> str | None:
    """The line an operator reads for an error of the setup, or None for any other error (a bug keeps
    its traceback). The error's causes are looked at too: a flow re-raises what its task raised."""
    for error in _chain(exc):
        said = _said(error)
        if said is not None:
            return said
    return None


def _said(error: BaseException) -> str | None:
    if isinstance(error, ConfigurationError):
        return str(error)
    if isinstance(error, ValidationError) and error.title == Settings.__name__:  # not Prefect's settings
        return "invalid setting: " + "; ".join(
            f"CADRES_{'_'.join(str(part) for part in problem['loc']).upper()} ({problem['msg']})"
            for problem in error.errors()
        )
    if (isinstance(error, sa.exc.ArgumentError) and _raised_in(error, _URL_READERS)) or _missing_driver(error):
        return f"CADRES_WAREHOUSE_URL {_shown_url()} cannot be used ({error}): write {URL_FORMS}"
    if isinstance(error, sa.exc.DBAPIError) and "could not set lock" in str(error).lower():
        return (
            f"the warehouse {_shown_url()} is open in another process (an inbox run, the watcher or a load): "
            "DuckDB lets one process use its file; try again when that one ends"
        )
    if isinstance(error, sa.exc.OperationalError) and error.connection_invalidated is False and _at_connect(error):
        return f"the warehouse {_shown_url()} cannot be reached: {_server_words(error)}; check CADRES_WAREHOUSE_URL"
    return None


_URL_READERS = ("sqlalchemy/engine/url.py", "sqlalchemy/engine/create.py")
"""Where SQLAlchemy reads a URL: an ArgumentError (NoSuchModuleError among them) raised there is about
the URL; raised anywhere else it is a bug in a statement, and keeps its traceback."""


def _raised_in(error: BaseException, files: tuple[str, ...]) -> bool:
    return any(frame.filename.endswith(files) for frame in traceback.extract_tb(error.__traceback__))


def _missing_driver(error: BaseException) -> bool:
    """A database driver SQLAlchemy's dialect for the URL asked for and this service does not ship."""
    return isinstance(error, ModuleNotFoundError) and any(
        "sqlalchemy/dialects" in frame.filename for frame in traceback.extract_tb(error.__traceback__)
    )


def _at_connect(error: sa.exc.OperationalError) -> bool:
    """A failure to connect (no statement ran), not an error of a statement."""
    return error.statement is None or "connection" in str(error.orig).lower()


def _server_words(error: sa.exc.DBAPIError) -> str:
    """The server's or libpq's own words, on one line."""
    return " ".join(str(error.orig).split()) if error.orig is not None else str(error)


def _shown_url() -> str:
    """The configured warehouse URL with its password hidden."""
    url = get_settings().resolved_warehouse_url
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return repr(url)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    error: BaseException | None = exc
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__  # not what was being handled: a bug raised meanwhile is a bug
