"""Process-wide defaults that must be in place before Prefect is imported."""

from __future__ import annotations

import os

from cadres.settings import get_settings


def configure_prefect() -> None:
    """No analytics (no internet here); a local Prefect home unless one is configured."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_HOME", str((get_settings().home / "prefect").resolve()))
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # A fresh ephemeral server needs 14–18 s on 2 cores; the 20 s default is too tight under load.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
