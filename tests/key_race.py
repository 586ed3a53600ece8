"""A process asking for the embedded hash key when a barrier releases it (spawned by a test: this
module imports only the settings, so each racer starts in a fraction of a second)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cadres.settings import Settings


def key_when_released(home: str, barrier: Any, keys: Any) -> None:
    barrier.wait()
    keys.put(Settings(home=Path(home), hash_secret=None).cadre_hash_key())
