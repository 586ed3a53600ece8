"""Deterministic surrogate keys and the keyed cadre hash.

Keys are computed from natural keys, not taken from a sequence: the same on DuckDB and
PostgreSQL, stable across reloads, and no autoincrement that only one backend supports.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

_SEP = "\x1f"


def surrogate_key(*parts: object) -> int:
    """A positive 63-bit integer from the natural key parts."""
    digest = hashlib.blake2b(_SEP.join("" if p is None else str(p) for p in parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def surrogate_keys(frame: pd.DataFrame, columns: Iterable[str], prefix: str) -> pd.Series:
    """`surrogate_key(prefix, *row)` for each row, computed once per distinct natural key."""
    parts = [frame[c].astype("string").fillna("") for c in columns]
    joined = parts[0]
    for part in parts[1:]:  # column by column: a row-wise join runs Python once per row
        joined = joined + _SEP + part
    distinct = {value: surrogate_key(prefix, value) for value in joined.unique()}
    return joined.map(distinct).astype("Int64")


def cadre_hashes(national_ids: pd.Series, key: bytes) -> pd.Series:
    """HMAC-SHA256 of each national ID: links a person across years without storing the ID."""
    distinct = {nid: _cadre_hash(key, nid) for nid in national_ids.dropna().unique()}
    return national_ids.map(distinct).astype("string[pyarrow]")


@lru_cache(maxsize=65_536)
def _cadre_hash(key: bytes, national_id: str) -> str:
    """Cached: a file's attendance rows name the cadres its CanBo sheet has just hashed."""
    return hmac.new(key, national_id.encode(), hashlib.sha256).hexdigest()
