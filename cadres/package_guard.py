"""A workbook package (.xlsx, .xlsm, .ods: a zip) refused before any reader unpacks it.

Refused, each saying what is wrong: a package holding two parts of one name (Excel, the reader and the
marked copy could each take a different one, so what is checked would not be what the province sees)
or entries sharing one stored part; one with an XML part that unpacks to more than MAX_PART_BYTES
(blank XML packs a thousandfold: a 300 KB upload held a 300 MB sheet of spaces, which the Python
readers of a part, the view of its merges and the marked copy, unpack whole), or all of them to more
than MAX_PACKAGE_BYTES. The size a package declares for a part is its sender's word, which calamine
does not check: a part that could unpack past the limit is inflated to count. The worksheets it
inflates are handed on (`inspect_package`) for the sheets' views to read instead of inflating them
again, up to KEEP_MOST bytes in all; the rest of what it inflates is thrown away as it comes.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO, NamedTuple

from cadres.sheet_extent import count_vi
from cadres.xlsx_package import sheet_parts

MAX_PART_BYTES = 256 << 20
"""The most an XML part may hold unpacked: a national file's largest sheet holds under 5 MB."""
MAX_PACKAGE_BYTES = 1 << 30
"""The most all XML parts together may hold unpacked: what the check itself may have to inflate."""
DEFLATE_MOST = 1032
"""Deflate's largest ratio: a part compressed to n bytes unpacks to at most about 1,032 n, so one under
254 KB compressed cannot reach the limit and is not inflated to count."""
_OPC_PACKAGES = frozenset({".xlsx", ".xlsm"})
"""Office packages, whose part names Excel compares without case ('xl/worksheets/Sheet1.xml' is sheet1.xml)."""
_XML_PARTS = (".xml", ".rels", ".vml")
"""Parts read as text; media and embedded objects are copied as they are, whatever their size."""
_LOCAL_HEADER = struct.Struct("<4s2xH18xHH")
"""A zip entry's local header: its signature, its flags, then (after 18 bytes) the lengths of its name and
extra field."""
_UNREAD_FLAGS = 0x1 | 0x20 | 0x40
"""Flags zipfile refuses to read a part under: encrypted, patch data, strong encryption."""
_CHUNK = 1 << 20
KEEP_MOST = 64 << 20
"""The most the check keeps of the worksheets it inflates (a national file's inflate to ~8 MB; joining a
part's pieces holds it twice for a moment): inflating a national file's two largest sheets again for
their views cost ~11 ms of its ~500 ms of CPU."""


class PackageFault(NamedTuple):
    """Why a package is refused, and the sheet at fault where there is one."""

    reason: str
    sheet: str | None = None


class InspectedPackage(NamedTuple):
    """The check's verdict, and the worksheets it inflated (part name → bytes) where they are what zipfile
    would read (see `_unpacked_size`), for the sheets' views to read instead of inflating them again."""

    fault: PackageFault | None
    inflated: Mapping[str, bytes] = {}


def package_fault(path: Path) -> PackageFault | None:
    """A workbook package that must not be read, and why (see `inspect_package`); nothing kept."""
    return inspect_package(path, keep=False).fault


def inspect_package(path: Path, keep: bool = True) -> InspectedPackage:
    """A workbook package that must not be read, and why; no fault for a sound package and for every
    other file. A zip that cannot be opened is left to the reader, which says what it is; so is a damaged
    part (the reader fails on it if it needs it). With `keep`, the worksheets of an .xlsx/.xlsm inflated
    to count are kept (KEEP_MOST in all)."""
    suffix = path.suffix.lower()
    if suffix not in _OPC_PACKAGES and suffix != ".ods":
        return InspectedPackage(None)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            directory = archive.start_dir
    except Exception:  # zipfile raises many types (a zip format version it does not know: NotImplementedError)
        return InspectedPackage(None)
    parts = [part for part in entries if not part.is_dir()]
    if fault := _repeated_parts([part.filename for part in parts], suffix in _OPC_PACKAGES) or _shared_data(parts):
        return InspectedPackage(fault)
    bounds = _next_offsets(entries, directory)
    keep = keep and suffix in _OPC_PACKAGES
    total, inflated, room = 0, {}, KEEP_MOST
    with path.open("rb") as packed:
        for part in (part for part in parts if part.filename.lower().endswith(_XML_PARTS)):
            wanted = keep and _is_worksheet(part.filename) and part.file_size <= room
            size, data = _unpacked_size(packed, part, bounds[part.header_offset] if wanted else None)
            if size > MAX_PART_BYTES:
                return InspectedPackage(
                    _too_large(part.filename, _sheet_names(path) if suffix in _OPC_PACKAGES else {})
                )
            total += size
            if total > MAX_PACKAGE_BYTES:
                return InspectedPackage(
                    PackageFault(
                        f"Tệp giải nén ra hơn {count_vi(MAX_PACKAGE_BYTES >> 20)} MB, vượt giới hạn của một tệp: "
                        "sao chép bảng số liệu sang một sổ làm việc mới rồi gửi lại"
                    )
                )
            if data is not None:
                inflated[part.filename] = data
                room -= len(data)
    return InspectedPackage(None, inflated)


def _is_worksheet(name: str) -> bool:
    return name.lower().startswith("xl/worksheets/") and name.lower().endswith(".xml")


def _next_offsets(entries: list[zipfile.ZipInfo], directory: int) -> dict[int, int]:
    """Each entry's header offset → where the next entry (or the central directory) starts: a part whose
    data runs past it overlaps another, which zipfile refuses to read (Python 3.12's "Overlapped
    entries")."""
    offsets = sorted({entry.header_offset for entry in entries})  # none in an empty zip
    return dict(zip(offsets, [*offsets[1:], directory][: len(offsets)], strict=True))


def _shared_data(parts: list[zipfile.ZipInfo]) -> PackageFault | None:
    """Entries pointing at one stored part: no zip tool writes them, and each would be unpacked again."""
    offsets = Counter(part.header_offset for part in parts)
    if all(times == 1 for times in offsets.values()):
        return None
    return PackageFault(
        "Cấu trúc bên trong tệp bất thường: nhiều phần của tệp trỏ tới cùng một dữ liệu; mở tệp bằng Excel, lưu "
        "lại dưới dạng .xlsx rồi gửi lại"
    )


def _repeated_parts(names: list[str], without_case: bool) -> PackageFault | None:
    """No spreadsheet program writes two parts of one name; a zip tool adding to a workbook does."""
    counted = Counter(name.lower() if without_case else name for name in names)
    repeated = sorted(name for name, times in counted.items() if times > 1)
    if not repeated:
        return None
    shown = ", ".join(repeated[:3]) + (f" và {len(repeated) - 3} phần khác" if len(repeated) > 3 else "")
    return PackageFault(
        f"Cấu trúc bên trong tệp bất thường: tệp chứa hai phần cùng tên ({shown}), nên Excel và hệ thống có thể "
        "đọc hai nội dung khác nhau; mở tệp bằng Excel, lưu lại dưới dạng .xlsx rồi gửi lại"
    )


def _unpacked_size(packed: BinaryIO, part: zipfile.ZipInfo, bound: int | None = None) -> tuple[int, bytes | None]:
    """What the part unpacks to, counted no further than one byte past MAX_PART_BYTES, and (given the
    `bound` its data must end before) the bytes it unpacked to, where zipfile would have read the same
    bytes without an error: the same name in both headers (decoded as zipfile decodes it), no flag
    zipfile refuses, data ending before the next entry, a deflate stream ending within its bytes and
    within its declared size, the declared CRC. Otherwise (only a damaged or crafted package) nothing
    is kept: whoever reads the part reads it through zipfile, which says what is wrong.
    A stored part is its own size; a deflated one that could pass the limit is inflated from the bytes
    the package holds for it (its declared size is not trusted), 0 where those bytes are damaged
    (whoever needs the part fails on it); any other method (no spreadsheet program uses one) is taken at
    its declared size, which zipfile, the only reader of such parts, stops at."""
    if part.compress_type == zipfile.ZIP_STORED:
        return part.compress_size, None
    if part.compress_type != zipfile.ZIP_DEFLATED:
        return part.file_size, None
    if part.compress_size * DEFLATE_MOST <= MAX_PART_BYTES:
        return min(part.file_size, part.compress_size * DEFLATE_MOST), None
    if part.header_offset < 0:  # a central directory placed past where it is (zipfile's concat): damaged
        return 0, None
    packed.seek(part.header_offset)
    header = packed.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size:
        return 0, None
    signature, flags, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if signature != b"PK\x03\x04":
        return 0, None
    keep = bound is not None and not (flags | part.flag_bits) & _UNREAD_FLAGS
    name = packed.read(name_length)
    try:
        keep = keep and name.decode("utf-8" if flags & 0x800 else "cp437") == part.orig_filename
    except UnicodeDecodeError:
        keep = False
    data_start = packed.seek(extra_length, 1)
    keep = keep and bound is not None and data_start + part.compress_size <= bound
    inflater, total, left, kept = zlib.decompressobj(-zlib.MAX_WBITS), 0, part.compress_size, []
    try:
        while left > 0 and not inflater.eof and total <= MAX_PART_BYTES:
            data = packed.read(min(left, _CHUNK))
            if not data:
                break
            left -= len(data)
            while data and total <= MAX_PART_BYTES:
                out = inflater.decompress(data, 16 * _CHUNK)
                total += len(out)
                keep = keep and total <= part.file_size  # zipfile would cut it there, and its CRC fail
                if keep:
                    kept.append(out)
                else:
                    kept.clear()
                data = inflater.unconsumed_tail
    except zlib.error:
        return 0, None
    whole = keep and inflater.eof
    unpacked = b"".join(kept) if whole else None
    return total, unpacked if unpacked is not None and zlib.crc32(unpacked) == part.CRC else None


def _sheet_names(path: Path) -> dict[str, str]:
    """Each worksheet part's sheet name, to name the sheet at fault; {} where the workbook does not say
    (naming it is a courtesy: the refusal stands without it)."""
    try:
        with zipfile.ZipFile(path) as archive:
            own = [archive.getinfo(name) for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")]
            if any(part.file_size > MAX_PART_BYTES for part in own):  # zipfile reads no further than that
                return {}
            parts = sheet_parts(*(archive.read(part) for part in own)) or {}
    except Exception:  # zipfile, zlib and XML raise many types
        return {}
    return {part.lower(): name for name, part in parts.items()}


def _too_large(name: str, sheets: dict[str, str]) -> PackageFault:
    sheet = sheets.get(name.lower())
    what = "Trang tính" if sheet else f"Phần {name} của tệp"
    return PackageFault(
        f"{what} giải nén ra hơn {count_vi(MAX_PART_BYTES >> 20)} MB, vượt giới hạn cho một phần của tệp (thường "
        "do rất nhiều ô trống đã định dạng hoặc nội dung thừa): sao chép bảng số liệu sang một sổ làm việc mới rồi "
        "gửi lại",
        sheet,
    )
