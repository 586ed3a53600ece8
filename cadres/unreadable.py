"""Why a file could not be opened, said so a province data officer can act on it.

The reader's own error is English and names the server's path ('Zip error: invalid Zip archive: Could not
find EOCD … at /srv/archive/…'): it goes to the operator's log. The province is told what the file is
instead, from its first bytes: empty, an Excel 97–2003 file under an .xlsx name, a web page or a PDF
renamed, or a damaged workbook. The reason does not name the file: the one read is the archived copy,
named by its hash, and the report names the file as sent."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path
from typing import NamedTuple
from xml.etree import ElementTree

from cadres.sheet_extent import count_vi
from cadres.xlsx_package import sheet_parts

ACCEPTED = ".xlsx, .xlsm, .xls, .ods hoặc thư mục các tệp .csv"

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first bytes of an Excel 97–2003 (.xls) file, and of an encrypted .xlsx."""
_ODS_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
"""An OpenDocument file's first zip entry, stored uncompressed: the kind of document it is."""


_COMPRESSED = frozenset({".zip", ".rar", ".7z", ".gz", ".tar", ".tgz"})


def unsupported_type(path: Path) -> str:
    """Why a file that is no workbook by its name is refused, and what to send instead."""
    suffix = path.suffix.lower()
    if suffix == ".xlsb":  # not in the standard, and its size cannot be checked before it is read
        return (
            "Sổ làm việc nhị phân Excel (.xlsb) không được chấp nhận: mở tệp bằng Excel, chọn Tệp → Lưu Như, "
            "kiểu tệp Sổ làm việc Excel (.xlsx), rồi gửi lại"
        )
    if suffix in _COMPRESSED:
        return f"Tệp nén ({suffix}), không phải bảng tính: giải nén rồi gửi sổ làm việc bên trong (tệp {ACCEPTED})"
    kind = f"Tệp có đuôi {path.suffix}" if path.suffix else "Tệp không có đuôi"
    return f"{kind}, không phải bảng tính: gửi tệp {ACCEPTED}"


def why_unreadable(path: Path) -> str:
    """What the file holds instead of a readable workbook, judged by its size and first bytes."""
    try:
        with path.open("rb") as fh:
            start = fh.read(512)
    except OSError:
        return "Không mở được tệp"
    suffix = path.suffix.lower()
    head = start.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not start:
        return "Tệp rỗng (0 byte): có thể tệp chưa được lưu xong hoặc tải lên bị gián đoạn"
    if start.startswith(_OLE) and suffix != ".xls":
        return f"Tệp là sổ làm việc Excel 97–2003 (.xls) nhưng mang đuôi {suffix}, hoặc đã bị hỏng"
    if start.startswith(_OLE):
        return "Tệp .xls (Excel 97–2003) bị hỏng, không đọc được cấu trúc tệp"
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<meta")):
        return (
            f"Tệp là trang web hoặc tệp XML (thường do phần mềm khác xuất ra) mang đuôi {suffix}, không phải sổ "
            "làm việc Excel: mở bằng Excel rồi lưu lại dưới dạng .xlsx"
        )
    if start.startswith(b"%PDF"):
        return f"Tệp là tệp PDF đặt đuôi {suffix}, không phải bảng tính"
    if start.startswith(b"PK") and _ODS_MIMETYPE in start and suffix != ".ods":
        return f"Tệp là bảng tính OpenDocument (.ods) nhưng mang đuôi {suffix}"
    if start.startswith(b"PK") and suffix == ".xls":
        return "Tệp là sổ làm việc Excel .xlsx nhưng mang đuôi .xls"
    if start.startswith(b"PK"):
        return f"Tệp bị hỏng hoặc không phải sổ làm việc {suffix} (tải lên dở dang, hoặc một loại tệp khác đổi đuôi)"
    return f"Nội dung tệp không phải sổ làm việc {suffix}: tệp bị hỏng hoặc là loại tệp khác đổi đuôi"


_OPC_PACKAGES = frozenset({".xlsx", ".xlsm"})
"""Office packages, whose part names Excel compares without case ('xl/worksheets/Sheet1.xml' is sheet1.xml)."""
MAX_PART_BYTES = 256 << 20
"""The most one part of a package may hold unpacked: a national file's largest sheet holds under 5 MB. A
part is compressed about tenfold, and blank text a thousandfold: a 300 KB upload held a 300 MB sheet of
spaces, which every reader of the part unpacks whole (the marked copy needed 2.5 GB for it). zipfile
stops at the size the package declares, so the check trusts it."""


class PackageFault(NamedTuple):
    """Why a package is refused before any reader opens it, and the sheet at fault where there is one."""

    reason: str
    sheet: str | None = None


def package_fault(path: Path) -> PackageFault | None:
    """A workbook package (.xlsx, .xlsm, .ods) that must not be read: one holding two parts of one name,
    or a part too large unpacked. None for a sound package and for every other file; a damaged zip is left
    to the reader, which says what it is."""
    suffix = path.suffix.lower()
    if suffix not in _OPC_PACKAGES and suffix != ".ods":
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if fault := _repeated_parts([part.filename for part in parts], suffix in _OPC_PACKAGES):
                return fault
            too_large = [part for part in parts if part.file_size > MAX_PART_BYTES]
            if too_large:
                return _too_large(too_large[0], _sheet_names(archive) if suffix in _OPC_PACKAGES else {})
    except (OSError, zipfile.BadZipFile, ValueError, EOFError, ElementTree.ParseError):
        return None
    return None


def _repeated_parts(names: list[str], without_case: bool) -> PackageFault | None:
    """Excel, this reader and the marked copy may each take a different one of two parts of one name, so
    what is checked and loaded need not be what the province sees (no spreadsheet program writes such a
    file; a zip tool adding to it does)."""
    counted = Counter(name.lower() if without_case else name for name in names)
    repeated = sorted(name for name, times in counted.items() if times > 1)
    if not repeated:
        return None
    shown = ", ".join(repeated[:3]) + (f" và {len(repeated) - 3} phần khác" if len(repeated) > 3 else "")
    return PackageFault(
        f"Cấu trúc bên trong tệp bất thường: tệp chứa hai phần cùng tên ({shown}), nên Excel và hệ thống có thể "
        "đọc hai nội dung khác nhau; mở tệp bằng Excel, lưu lại dưới dạng .xlsx rồi gửi lại"
    )


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet part's sheet name (the workbook's own parts are small: checked before this)."""
    parts = sheet_parts(archive.read("xl/workbook.xml"), archive.read("xl/_rels/workbook.xml.rels")) or {}
    return {part.lower(): name for name, part in parts.items()}


def _too_large(part: zipfile.ZipInfo, sheets: dict[str, str]) -> PackageFault:
    size, limit = count_vi(part.file_size >> 20), count_vi(MAX_PART_BYTES >> 20)
    sheet = sheets.get(part.filename.lower())
    what = "Trang tính" if sheet else f"Phần {part.filename} của tệp"
    return PackageFault(
        f"{what} giải nén ra {size} MB, vượt giới hạn {limit} MB cho một phần của tệp (thường do rất nhiều ô "
        "trống đã định dạng hoặc nội dung thừa): sao chép bảng số liệu sang một sổ làm việc mới rồi gửi lại",
        sheet,
    )
