"""Why a file could not be opened, said so a province data officer can act on it.

The reader's own error is English and names the server's path ('Zip error: invalid Zip archive: Could not
find EOCD … at /srv/archive/…'): it goes to the operator's log. The province is told what the file is
instead, from its first bytes: empty, an Excel 97–2003 file under an .xlsx name, a web page or a PDF
renamed, or a damaged workbook. The reason does not name the file: the one read is the archived copy,
named by its hash, and the report names the file as sent. The reader's exceptions live here too
(`UnreadableWorkbook` and its kinds), each carrying its reason and the rule the report gives it."""

from __future__ import annotations

from pathlib import Path

from cadres.sheet_extent import Extent

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


class UnreadableWorkbook(Exception):
    """The file cannot be opened as a workbook or a folder of CSV sheets; `where`: the sheet (and row)
    at fault when the reader knows it, for the report's problem."""

    rule = "FILE.UNREADABLE"

    def __init__(self, reason: str, sheet: str | None = None, row: int | None = None) -> None:
        super().__init__(reason)
        self.where: dict[str, object] = {"sheet": sheet, "row": row} if sheet or row else {}


class PasswordProtected(UnreadableWorkbook):
    """The workbook is encrypted with a password to open it: the province can remove it, and the hint
    it needs ('remove the password') is not the one for a broken file ('save it again as .xlsx')."""

    rule = "FILE.PASSWORD_PROTECTED"


class SheetTooLarge(UnreadableWorkbook):
    """A value far from the table (a note typed at the bottom of the sheet, a stray character in the last
    column) would make the reader build a grid larger than it can hold: the province is told which cell
    to clear, and the run goes on with the other files (cadres.sheet_extent)."""

    rule = "FILE.SHEET_TOO_LARGE"

    def __init__(self, sheet: str | None, extent: Extent) -> None:
        super().__init__(extent.reason(), sheet, extent.far_row)
        self.where["header"] = extent.far_column_letter  # the cell to clear
        self.sheet, self.extent = sheet, extent

    def __reduce__(self) -> tuple:
        return type(self), (self.sheet, self.extent)  # raised in a worker process, read in the flow's
