"""Task: keep the received file unchanged, content-addressed, before anything else happens."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from cadres.archive import archive
from cadres.inbox import last_change
from cadres.settings import get_settings
from cadres.staging import ReceivedFile


@task(name="archive", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def archive_file(path: Path, province: str | None) -> ReceivedFile:
    """Copy the file into the archive under its SHA-256; nothing a province sends is lost. When it was
    last saved is read first (a version written during the copy must not lend this one its later time);
    a time ahead of ours (a copy keeping a sender's fast clock) counts as now, or every later file of the
    province would look older than this one."""
    saved_at = dt.datetime.fromtimestamp(min(last_change(path), time.time()), dt.UTC)
    sha, copy = archive(path, get_settings().archive_dir)
    get_run_logger().info("Province %s: archived %s as %s", province or "?", path, copy)
    return ReceivedFile(
        submission_id=sha,
        file_name=path.name,
        archive_path=copy,
        received_at=dt.datetime.now(dt.UTC),
        folder_province=province,
        saved_at=saved_at,
    )
