"""Vietnamese text normalisation used for every tolerant match (headers, sheet names, code lists)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Old-style tone placement ("hoà", "thuỷ") is not unified by NFC: map it to the new style.
_OLD_TONE_PLACEMENT = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
# After q the u belongs to the consonant (qu): "quý", "Quỹ" carry the tone on the vowel in both styles.
_OLD_TONE_RE = re.compile(r"(?<!q)(?:" + "|".join(_OLD_TONE_PLACEMENT) + r")(?![a-zà-ỹ])", re.IGNORECASE)
_OLD_TONE_CANDIDATES = "(?:" + "|".join(_OLD_TONE_PLACEMENT) + ")"
_SPACES = re.compile(r"[\s\x00-\x08\x0e-\x1b\x7f]+")
ANY_SPACE = (
    r"[\t\n\x{0B}\f\r \x{1C}-\x{1F}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}"
    r"\x{00}-\x{08}\x{0E}-\x{1B}\x{7F}]+"
)
"""Python's `\\s` (every `str.isspace` character) for Arrow's RE2, whose own `\\s` misses the no-break space,
and the other control characters (NUL, …): invisible, they loaded into names ('Nguyễn\\x00Văn', an XML
'_x0000_'), and PostgreSQL's COPY refuses a NUL. Each run of them is a space, as a space it looks like."""
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
INVISIBLE = r"[\x{00AD}\x{200B}-\x{200D}\x{2060}\x{FEFF}]"
"""The soft hyphen (Word's optional hyphen), zero-width spaces and joiners, the word joiner and the
byte-order mark: pasted from documents, web pages and exports, invisible in the cell, they made
'02488' or a 12-digit ID fail, or 'Chủ tịch UBND' not in the list, for no reason the province could
see. Cleaning runs after the legacy-font repairs, which read the raw cells (TCVN3's ư is the soft
hyphen's byte)."""
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")  # INVISIBLE, for Python
NULL_TEXT = pa.scalar(None, pa.large_string())
"""A null Arrow text, for `if_else` in the Arrow kernels of the reader and the parsers."""
LOOK_ALIKE_D = {"Ð": "Đ", "ð": "đ"}
"""The Icelandic eth (U+00D0/U+00F0), which some fonts and keyboards give for Đ/đ (U+0110/U+0111) and
no Vietnamese word holds: 'Ðại học' looks like 'Đại học' on screen and matched nothing."""


def clean_cell(value: str | None) -> str | None:
    """Trim and NFC-normalise a cell, without invisible characters and with Đ for its look-alike;
    empty text becomes None."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", str(value)))
    for look_alike, letter in LOOK_ALIKE_D.items():
        text = text.replace(look_alike, letter)
    text = _SPACES.sub(" ", text).strip()
    return text or None


def unify_tone_placement(text: str) -> str:
    """Rewrite old-style tone marks at a syllable end (hoà → hòa, thuỷ → thủy)."""

    def _swap(match: re.Match[str]) -> str:
        found = match.group(0)
        new = _OLD_TONE_PLACEMENT[found.lower()]
        return new.upper() if found.isupper() else (new[0].upper() + new[1:] if found[0].isupper() else new)

    return _OLD_TONE_RE.sub(_swap, text)


def fold(text: object) -> str:
    """Key for tolerant matching: no case, diacritics, spacing or punctuation ('Mã xã' → 'ma xa')."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    lowered = str(text).lower().replace("đ", "d").replace("ð", "d")
    decomposed = unicodedata.normalize("NFD", lowered)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _NON_ALNUM.sub(" ", stripped).strip()


def per_distinct(arr: pa.Array, transform: Callable[[pa.Array], pa.Array]) -> pa.Array:
    """Apply a text transform once per distinct value: code-list columns repeat a handful of values."""
    encoded = pc.dictionary_encode(arr)
    return pc.take(transform(encoded.dictionary), encoded.indices)


def map_distinct(
    values: pd.Series, function: Callable[[str], object], result_type: pa.DataType | None = None
) -> pd.Series:
    """`values.map(function)` over the values as text, with the function called once per distinct value
    (nulls stay null). Text results come back as a string column, integer keys as a nullable Int64 one
    (never through floats: a 63-bit key would lose digits)."""

    result_type = result_type or pa.large_string()
    if result_type not in (pa.large_string(), pa.int64()):
        raise ValueError(f"map_distinct returns text or 64-bit keys, not {result_type}")

    def mapped(distinct: pa.Array) -> pa.Array:
        return pa.array([function(v) for v in distinct.to_pylist()], result_type)

    result = per_distinct(arrow_text(values), mapped)
    if pa.types.is_large_string(result_type):
        return text_series(result, values.index)
    return result.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get).set_axis(values.index)


def _fold_arrow(arr: pa.Array) -> pa.Array:
    lowered = pc.replace_substring(pc.replace_substring(pc.utf8_lower(arr), "đ", "d"), "ð", "d")
    arr = pc.utf8_normalize(lowered, "NFD")
    arr = pc.replace_substring_regex(arr, r"\p{Mn}", "")
    return pc.utf8_trim_whitespace(pc.replace_substring_regex(arr, r"[^0-9a-z]+", " "))


def arrow_text(values: pd.Series) -> pa.Array:
    """A pandas text column as one Arrow large_string array (nulls kept). A column pandas built by
    concatenating others is held in several chunks: they are joined, as the kernels here take one array.
    A column already held in Arrow is taken as it is (`astype` alone cost 30 µs a column, even a no-op:
    the reader and the parsers call this a few hundred times a workbook)."""
    data = values.array
    if not isinstance(data, pd.arrays.ArrowStringArray):
        data = values.astype("string[pyarrow]").array
    arr = pa.array(data)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr if arr.type == pa.large_string() else arr.cast(pa.large_string())


def text_series(arr: pa.Array, index: pd.Index) -> pd.Series:
    """Arrow text back to a pandas string column without going through Python str objects."""
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([arr], type=pa.large_string())), index=index)


def fold_series(values: pd.Series) -> pd.Series:
    """Vectorised `fold` over a string column (Arrow kernels, no per-row Python)."""
    arr = pc.fill_null(per_distinct(arrow_text(values), _fold_arrow), "")
    return text_series(arr, values.index)


def clean_columns(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """Every column vectorised `clean_cell` plus one tone placement ('Hoà' → 'Hòa'): NFC, spaces
    collapsed, trimmed; empty → <NA>. The columns are cleaned as one array, once per distinct text:
    the kernels' fixed cost (a third of a millisecond) is paid once per sheet, not once per column."""
    arrays = [arrow_text(frame[name]) for name in frame.columns]
    if not arrays:
        return {}
    cleaned = per_distinct(pa.concat_arrays(arrays), _clean_arrow)
    columns, start = {}, 0
    for name, arr in zip(frame.columns, arrays, strict=True):
        columns[name] = text_series(cleaned.slice(start, len(arr)), frame.index)
        start += len(arr)
    return columns


def _clean_arrow(arr: pa.Array) -> pa.Array:
    arr = pc.utf8_normalize(pc.replace_substring_regex(arr, INVISIBLE, ""), "NFC")
    for look_alike, letter in LOOK_ALIKE_D.items():
        arr = pc.replace_substring(arr, look_alike, letter)
    arr = pc.utf8_trim_whitespace(pc.replace_substring_regex(arr, ANY_SPACE, " "))
    arr = pc.if_else(pc.equal(arr, ""), NULL_TEXT, arr)
    # RE2 has no look-ahead: Arrow finds the candidates, Python rewrites only those.
    candidates = pc.fill_null(pc.match_substring_regex(arr, _OLD_TONE_CANDIDATES, ignore_case=True), False)
    if not pc.any(candidates).as_py():
        return arr
    rewritten = [unify_tone_placement(v) for v in pc.filter(arr, candidates).to_pylist()]
    return pc.replace_with_mask(arr, candidates, pa.array(rewritten, pa.large_string()))


def _is_text(kind: pa.DataType) -> bool:
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def is_among(values: pd.Series, allowed: pa.Array) -> pd.Series:
    """`values.isin(allowed)` as a plain bool Series (null is never among): pandas' own isin walks Arrow
    strings one Python object at a time, milliseconds per thousand values."""
    if not len(allowed):
        return pd.Series(False, index=values.index)
    arr = pa.array(values, from_pandas=True)
    if arr.type != allowed.type and (pa.types.is_null(arr.type) or (_is_text(arr.type) and _is_text(allowed.type))):
        arr = arr.cast(allowed.type)  # an all-null column, or string against large_string
    found = pc.is_in(arr, value_set=allowed, skip_nulls=True)
    return pd.Series(pc.fill_null(found, False).to_numpy(zero_copy_only=False), index=values.index)


def digits_only(arr: pa.Array) -> bool:
    """Every value digits only (dots and spaces allowed: '2488.0'), so no pattern looking for a letter
    can match: the look before such a pattern. Arrow compiles a pattern anew at each call, and one naming
    Unicode letters (\\p{L}) costs about 0.4 ms to compile, more than matching a code column's values."""
    return pc.all(pc.match_substring_regex(arr, r"^[\d.\s]*$")).as_py() is not False  # null: none to match


def without_spaces(arr: pa.Array) -> pa.Array:
    """Every kind of space taken out ('27 309' → '27309')."""
    return pc.replace_substring_regex(arr, ANY_SPACE, "")


_UNPRINTED = re.compile(r"[\\\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def loggable(name: object) -> str:
    """A file name (or path) as one log line shows it: any character but '/' may be in a name, and a
    newline there would start a line of its own in the operator's log, looking like the service's; so
    control characters are shown escaped ('\\n'), and a backslash doubled (a name holding the two
    characters '\\n' is told apart). A byte of a name not in UTF-8 is shown as its code ('\\udce1').
    Reports and the ledger keep the name as sent (`name_as_sent`)."""
    return _UNPRINTED.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), str(name))


def is_not_utf8(name: str) -> bool:
    """Whether a name (or path) holds bytes not in UTF-8: Python gives them as lone surrogates."""
    return any("\ud800" <= ch <= "\udfff" for ch in name)


def name_as_sent(name: str) -> str:
    """A file's name as the ledger, the reports and the operator's console write it. A name not in UTF-8
    (an FTP upload, or a zip made on Windows, keeps the Vietnamese code page's bytes: 'B\\xe1o c\\xe1o.xlsx')
    reaches Python with those bytes as lone surrogates, which no database, file name or console can
    write: the file failed at its load and at its report, run after run, and held back every later file
    of its province. Its bytes are read in Windows' Vietnamese code page (cp1258: 'Báo cáo.xlsx'), a
    byte that page leaves undefined as '\ufffd'."""
    if not is_not_utf8(name):
        return name
    raw = name.encode("utf-8", "surrogateescape")
    return unicodedata.normalize("NFC", raw.decode("cp1258", "replace"))
