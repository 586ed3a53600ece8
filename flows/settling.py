"""Which waiting files a run takes: those no longer changing (an upload may still be going on)."""

from __future__ import annotations

import time
from pathlib import Path

from prefect import get_run_logger

from cadres import inbox
from cadres.settings import get_settings
from cadres.text import loggable


def warn_of_strays(folder: Path) -> None:
    """Name what sits in the inbox where no run takes it (outside a province folder, unreadable)."""
    for stray in inbox.strays(folder):
        get_run_logger().warning(
            "%s is not taken: submissions go in inbox/<2-digit province code>/ as a workbook (.xlsx, .xls, .ods), "
            "a .csv file or a folder of .csv files, readable by this service's account; it stays where it is",
            loggable(stray.relative_to(folder)),
        )


def settled(entries: list[inbox.InboxEntry], settle_seconds: float | None = None) -> list[inbox.InboxEntry]:
    """The entries unchanged for `settle_seconds` (default CADRES_SETTLE_SECONDS); the others are logged
    and left for the next run (a
    truncated upload taken now would be rejected as unreadable and, unchanged during the run, removed).
    A time ahead of this server's clock (a file server whose clock runs fast) waits too: it cannot tell
    a finished file from one still being written, and waiting loses nothing."""
    settle_seconds = get_settings().settle_seconds if settle_seconds is None else settle_seconds
    if settle_seconds <= 0:
        return entries
    horizon = time.time() - settle_seconds
    taken = []
    for entry in entries:
        try:
            changed = inbox.last_change(entry.path)
        except FileNotFoundError:
            continue  # taken by another run meanwhile
        if changed <= horizon:
            taken.append(entry)
        elif changed > time.time():
            get_run_logger().warning(
                "%s is stamped %.0f s ahead of this server's clock: it waits until that time has passed "
                "by %.0f s (check the file server's clock)",
                loggable(entry.path.name),
                changed - time.time(),
                settle_seconds,
            )
        else:
            get_run_logger().info(
                "%s changed %.0f s ago: left for the next run", loggable(entry.path.name), time.time() - changed
            )
    return taken
