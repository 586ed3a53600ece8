"""Deterministic surrogate keys and the keyed cadre hash.

Keys are computed from natural keys, not taken from a sequence: the same on DuckDB and
PostgreSQL, stable across reloads, and no autoincrement that only one backend supports.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from functools import lru_cache, partial

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cadres.text import arrow_text, map_distinct

_SEP = "\x1f"


def surrogate_key(*parts: object) -> int:
    """A positive 63-bit integer from the natural key parts."""
    return _key_of(_SEP.join("" if p is None else str(p) for p in parts))


def _key_of(joined: str) -> int:
    return int.from_bytes(hashlib.blake2b(joined.encode(), digest_size=8).digest(), "big") >> 1


def surrogate_keys(frame: pd.DataFrame, columns: Iterable[str], prefix: str) -> pd.Series:
    """`surrogate_key(prefix, *row)` for each row, computed once per distinct natural key; the parts
    are joined and the keys spread back in Arrow (pandas would walk every row in Python)."""
    parts = [pc.fill_null(arrow_text(frame[c]), "") for c in columns]
    encoded = pc.dictionary_encode(pc.binary_join_element_wise(*parts, pa.scalar(_SEP, pa.large_string())))
    head = prefix + _SEP
    keys = pa.array([_key_of(head + value) for value in encoded.dictionary.to_pylist()], pa.int64())
    return pd.Series(pc.take(keys, encoded.indices).to_numpy(), index=frame.index, dtype="Int64")


def cadre_hashes(national_ids: pd.Series, key: bytes) -> pd.Series:
    """HMAC-SHA256 of each national ID: links a person across years without storing the ID.
    Hashed once per distinct ID and spread back in Arrow (a Series.map walks every row in Python)."""
    return map_distinct(national_ids, partial(_cadre_hash, key))


@lru_cache(maxsize=65_536)
def _cadre_hash(key: bytes, national_id: str) -> str:
    """Cached: a file's attendance rows name the cadres its CanBo sheet has just hashed."""
    return hmac.digest(key, national_id.encode(), "sha256").hex()  # the one-shot C path
