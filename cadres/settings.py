"""One settings object: environment variables prefixed CADRES_, or a local .env file."""

from __future__ import annotations

import os
import re
import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ConfigurationError(RuntimeError):
    """The service's setup is wrong (a setting, a file it names): the operator is told in one line."""


DEFAULT_HOME = Path("var")
"""The project's own scratch folder (git-ignored): the demo's home unless CADRES_HOME says otherwise."""


class Settings(BaseSettings):
    """Where files live, which warehouse to write, and the key behind cadre hashes."""

    model_config = SettingsConfigDict(env_prefix="CADRES_", env_file=".env", extra="ignore")

    home: Path = Field(default=DEFAULT_HOME, description="Root for inbox, outbox, archive, warehouse")
    warehouse_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default is the embedded DuckDB file var/warehouse.duckdb",
    )
    hash_secret: str | None = Field(
        default=None,
        description="HMAC key for cadre_hash; kept outside the warehouse. "
        "If unset, a key file is created once under var/secrets/.",
    )
    strict: bool = Field(default=False, description="Reject a whole file on any row error")
    settle_seconds: float = Field(
        default=60.0,
        description="The inbox run leaves a file changed less than this long ago for its next run: "
        "an upload may still be going on",
    )
    bi_password: str | None = Field(default=None, description="Password set on the BI login role (PostgreSQL)")
    workers: int = Field(
        default_factory=lambda: os.cpu_count() or 1,
        description="Processes that read, validate and stage inbox files side by side (loads stay one at a time)",
    )
    calendar_file: Path = Field(
        default=Path(__file__).resolve().parent.parent / "config" / "calendar.toml",
        description="Expected submissions and due dates (TOML)",
    )

    @property
    def inbox_dir(self) -> Path:
        return self.home / "inbox"

    @property
    def outbox_dir(self) -> Path:
        return self.home / "outbox"

    @property
    def archive_dir(self) -> Path:
        return self.home / "archive"

    @property
    def resolved_warehouse_url(self) -> str:
        """CADRES_WAREHOUSE_URL, or the embedded DuckDB file under the home. A URL as psql takes it
        ('postgresql://…', 'postgres://…') names no driver: SQLAlchemy would load psycopg2, which this
        service does not ship; it gets psycopg (3), the one it does."""
        url = self.warehouse_url or f"duckdb:///{(self.home / 'warehouse.duckdb').as_posix()}"
        return re.sub(r"^postgres(?:ql)?://", "postgresql+psycopg://", url)

    def cadre_hash_key(self) -> bytes:
        """The HMAC key. A shared warehouse needs CADRES_HASH_SECRET: a key that changes silently would
        split every cadre's history. The embedded demo makes a local key file on first use."""
        if self.hash_secret:
            return self.hash_secret.encode()
        if not self.resolved_warehouse_url.startswith("duckdb"):
            raise ConfigurationError(
                "CADRES_HASH_SECRET must be set for a shared warehouse; keep it outside the warehouse"
            )
        key_file = self.home / "secrets" / "cadre_hash.key"
        if not key_file.exists():
            _create_key_file(key_file)
        key = key_file.read_text().strip().encode()
        if not key:
            raise ConfigurationError(
                f"{key_file} is empty: restore it from a backup (a new key splits cadres' histories)"
            )
        return key


def _create_key_file(key_file: Path) -> None:
    """Write a new key unless another process has just done so: the inbox flow's worker processes stage
    files side by side, and two keys would split the history of every cadre staged under the other one.
    The key is written to a file of this process's own (readable by its owner only from the start, on
    disk before it is published) and linked into place, which fails if the key exists, so every process
    reads the one key that was published first, never a half-written one. The secrets folder must be on
    a filesystem with hard links (any local one)."""
    key_file.parent.mkdir(parents=True, exist_ok=True)
    draft = key_file.with_name(f"{key_file.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_hex(32))
            out.flush()
            os.fsync(out.fileno())
        os.link(draft, key_file)
    except FileExistsError:
        pass  # another process published its key first: that one is the key
    finally:
        draft.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
