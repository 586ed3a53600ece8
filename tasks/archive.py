"""Task: keep the received file unchanged, content-addressed, before anything else happens."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from cadres.archive import archive
from cadres.settings import get_settings
from cadres.staging import ReceivedFile
from cadres.text import loggable, name_as_sent


@task(name="archive", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def archive_file(path: Path, province: str | None, file_name: str | None = None) -> ReceivedFile:
    """Copy the file into the archive under its SHA-256; nothing a province sends is lost. `file_name`:
    the name the province gave it, when `path` is not that (a held file reloaded from the archive)."""
    sha, copy = archive(path, get_settings().archive_dir)
    get_run_logger().info("Province %s: archived %s as %s", province or "?", loggable(path), copy)
    return ReceivedFile(
        submission_id=sha,
        file_name=file_name or name_as_sent(path.name),
        archive_path=copy,
        received_at=dt.datetime.now(dt.UTC),
        folder_province=province,
        # the copy is written once, when the bytes first arrive: its time says when that was
        first_archived_at=dt.datetime.fromtimestamp(copy.stat().st_mtime, dt.UTC),
        from_archive=path.resolve() == copy.resolve(),
    )
