"""A workbook package (.xlsx, .xlsm, .ods: a zip) refused before any reader unpacks it.

Two kinds of package are refused, each naming what is wrong: one holding two parts of one name (Excel,
the reader and the marked copy could each take a different one, so what is checked would not be what
the province sees), and one with a part that unpacks to more than MAX_PART_BYTES (blank XML packs a
thousandfold: a 300 KB upload held a 300 MB sheet of spaces, which the Python readers of a part, the
view of its merges and the marked copy, unpack whole). The size a package declares for a part is its
sender's word, which calamine does not check: a part that could unpack past the limit is inflated to
count, its output thrown away as it comes.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from cadres.sheet_extent import count_vi
from cadres.xlsx_package import sheet_parts

MAX_PART_BYTES = 256 << 20
"""The most an XML part may hold unpacked: a national file's largest sheet holds under 5 MB."""
DEFLATE_MOST = 1032
"""Deflate's largest ratio: a part compressed to n bytes unpacks to at most about 1,032 n, so one under
254 KB compressed cannot reach the limit and is not inflated to count."""
_OPC_PACKAGES = frozenset({".xlsx", ".xlsm"})
"""Office packages, whose part names Excel compares without case ('xl/worksheets/Sheet1.xml' is sheet1.xml)."""
_XML_PARTS = (".xml", ".rels", ".vml")
"""Parts read as text; media and embedded objects are copied as they are, whatever their size."""
_LOCAL_HEADER = struct.Struct("<4s22xHH")
"""A zip entry's local header: its signature, then (after 22 bytes) the lengths of its name and extra field."""
_CHUNK = 1 << 20


class PackageFault(NamedTuple):
    """Why a package is refused, and the sheet at fault where there is one."""

    reason: str
    sheet: str | None = None


def package_fault(path: Path) -> PackageFault | None:
    """A workbook package that must not be read, and why; None for a sound package and for every other
    file. A damaged zip is left to the reader, which says what it is."""
    suffix = path.suffix.lower()
    if suffix not in _OPC_PACKAGES and suffix != ".ods":
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            parts = [part for part in archive.infolist() if not part.is_dir()]
            if fault := _repeated_parts([part.filename for part in parts], suffix in _OPC_PACKAGES):
                return fault
            for part in parts:
                if part.filename.lower().endswith(_XML_PARTS) and (size := _unpacked_size(path, part)) > MAX_PART_BYTES:
                    return _too_large(part.filename, size, _sheet_names(archive) if suffix in _OPC_PACKAGES else {})
    except (OSError, zipfile.BadZipFile, ValueError, EOFError, zlib.error):
        return None
    return None


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


def _unpacked_size(path: Path, part: zipfile.ZipInfo) -> int:
    """What the part unpacks to, counted no further than one byte past the limit. A stored part is its
    own size; a deflated one that could pass the limit is inflated from the bytes the package holds for
    it (its declared size is not trusted); any other method (no spreadsheet program uses one) is taken
    at its declared size, which zipfile, the only reader of such parts, stops at."""
    if part.compress_type == zipfile.ZIP_STORED:
        return part.compress_size
    if part.compress_type != zipfile.ZIP_DEFLATED:
        return part.file_size
    if part.compress_size * DEFLATE_MOST <= MAX_PART_BYTES:
        return min(part.file_size, part.compress_size * DEFLATE_MOST)
    inflater, total = zlib.decompressobj(-zlib.MAX_WBITS), 0
    with path.open("rb") as packed:
        packed.seek(part.header_offset)
        signature, name_length, extra_length = _LOCAL_HEADER.unpack(packed.read(_LOCAL_HEADER.size))
        if signature != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"no local header for {part.filename}")
        packed.seek(name_length + extra_length, 1)
        left = part.compress_size
        while left > 0 and not inflater.eof and total <= MAX_PART_BYTES:
            data = packed.read(min(left, _CHUNK))
            if not data:
                break
            left -= len(data)
            while data and total <= MAX_PART_BYTES:
                total += len(inflater.decompress(data, 16 * _CHUNK))
                data = inflater.unconsumed_tail
    return total


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet part's sheet name, to name the sheet at fault; {} where the workbook does not say
    (naming it is a courtesy: the refusal stands without it)."""
    try:
        own = [archive.getinfo(name) for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")]
        if any(part.file_size > MAX_PART_BYTES for part in own):  # zipfile reads no further than that
            return {}
        parts = sheet_parts(*(archive.read(part) for part in own)) or {}
    except Exception:  # zipfile, zlib and XML raise many types
        return {}
    return {part.lower(): name for name, part in parts.items()}


def _too_large(name: str, size: int, sheets: dict[str, str]) -> PackageFault:
    sheet = sheets.get(name.lower())
    what = "Trang tính" if sheet else f"Phần {name} của tệp"
    return PackageFault(
        f"{what} giải nén ra hơn {count_vi(MAX_PART_BYTES >> 20)} MB, vượt giới hạn cho một phần của tệp (thường "
        "do rất nhiều ô trống đã định dạng hoặc nội dung thừa): sao chép bảng số liệu sang một sổ làm việc mới rồi "
        "gửi lại",
        sheet,
    )
