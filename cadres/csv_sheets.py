"""Read a CSV sheet as the province typed it: its encoding, its separator, and its rows at their line numbers.

A folder of CSV files is a workbook whose sheets are its files (`csv_files`). Excel writes CSV in UTF-8,
UTF-16 ('Unicode Text') or the legacy Windows-1258 code page, separates cells by a comma, a semicolon
(with a Vietnamese locale) or a tab, and writes its whole used range: each is read here, and every line
stays a row so that a problem names the line the province sees.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa

from cadres.archive import HIDDEN_NAMES
from cadres.sheet_extent import EXCEL_COLUMNS, count_vi, rows_too_large
from cadres.text import name_as_sent
from cadres.unreadable import SheetTooLarge, UnreadableWorkbook

_NOT_A_SHEET = HIDDEN_NAMES
"""Files a folder holds beside its sheets: Excel's owner file while a CSV is open (`~$CanBo.csv`), a Mac's
AppleDouble file on a USB stick or share (`._ThongTin.csv`), hidden files. Read as sheets, they made
the file a duplicate of its own sheets, or took ThongTin's place."""


def csv_files(folder: Path) -> list[Path]:
    """A CSV folder's sheets, `.csv` in any case (`CanBo.CSV` as some exports write it), in name order.
    A symbolic link is no sheet: 'GhiChu.csv' linked to /etc/passwd put the server's file in the copy
    sent back to the province."""
    return sorted(
        p
        for p in folder.iterdir()
        if not p.is_symlink() and p.is_file() and p.suffix.lower() == ".csv" and not p.name.startswith(_NOT_A_SHEET)
    )


CSV_SEPARATORS = (",", ";", "\t")
"""In order of preference on a tie."""
SEPARATOR_SAMPLE_ROWS = 200
"""Lines the separator is judged on: enough for any title block, few enough to cost nothing."""


def _decode(data: bytes, shown: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with its BOM (Excel's 'Unicode Text' renamed .csv) or without
    one (`_utf16_without_bom`); legacy Windows-1258 files are decoded and NFC-normalised later."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: told below like any other undecodable file
    elif (text := _utf16_without_bom(data)) is not None:
        return text
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableWorkbook(
        f"Tệp CSV{shown} không dùng bảng mã UTF-8 hay Windows-1258 (có thể là TCVN3 hoặc VNI): "
        "lưu lại dưới dạng CSV UTF-8"
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text written without its byte-order mark (some exporters do): its separators, digits and
    unaccented letters leave a zero byte each, at odd places (little-endian) or even ones. UTF-8 and
    Windows-1258 text holds none. Read as Windows-1258 it was 'no header found', a misleading reason."""
    sample = data.rstrip(b"\0")[:4096]  # zero bytes padding a file's end are no text's
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if len(sample) < 4 or odd + even < len(sample) // 4 or min(odd, even) > (odd + even) // 20:
        return None  # UTF-16's zero bytes sit on one side of each pair
    try:
        return data.decode("utf-16-le" if odd > even else "utf-16-be")
    except UnicodeDecodeError:
        return None


def read_csv_sheet(path: Path, shown: str) -> pa.Table:
    """Every line is a row, blank lines included, so row numbers match what the province sees; short
    lines (a title without trailing separators) are padded. Empty cells at the end of a line, and
    empty lines at the end of the file, hold nothing and are left out: Excel writes its whole used
    range, and a border down to row 1,048,576 is a million lines of separators. `shown`: how a problem
    names the file (" 'CanBo.csv'" in a folder; nothing for a single file, whose archived copy is named
    by its hash, so no sheet is named either)."""
    text = _decode(path.read_bytes(), shown)
    delimiter = _separator(text)
    sheet = name_as_sent(path.stem) if shown else None
    try:
        lines = _lines_within_excels_width(text, delimiter, shown, sheet)
        rows = [_filled_part(row) for row in csv.reader(lines, delimiter=delimiter)]
    except csv.Error as exc:
        raise UnreadableWorkbook(  # csv's own words (English) go to the operator's log as the cause
            f"Tệp CSV{shown} sai cấu trúc (dấu ngoặc kép không đóng, hoặc một ô quá dài): không tách được các cột"
        ) from exc
    while rows and not rows[-1]:
        rows.pop()
    if (extent := rows_too_large([len(row) for row in rows])) is not None:
        raise SheetTooLarge(sheet, extent)
    width = max((len(row) for row in rows), default=0)
    columns = [[row[i] if i < len(row) and row[i] != "" else None for row in rows] for i in range(width)]
    return pa.table({f"column_{i}": pa.array(values, pa.string()) for i, values in enumerate(columns)})


def _lines_within_excels_width(text: str, delimiter: str, shown: str, sheet: str | None) -> Iterator[str]:
    """The file's lines for csv to split, a line wider than Excel's 16,384 columns refused before csv
    makes a string of each of its cells: a line of 200,000 separators took minutes to read, one of 50
    million exhausted the memory; no table a province typed is that wide."""
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if line.count(delimiter) >= EXCEL_COLUMNS:
            width, limit = count_vi(line.count(delimiter) + 1), count_vi(EXCEL_COLUMNS)
            raise UnreadableWorkbook(
                f"Tệp CSV{shown}: dòng {number} có {width} cột, quá {limit} cột của Excel (có thể sai dấu phân cách)",
                sheet,
                number,
            )
        yield line


def _filled_part(row: list[str]) -> list[str]:
    """A line's cells up to its last filled one."""
    if not row or row[-1]:
        return row
    if not any(row):
        return []
    end = len(row) - 1
    while not row[end - 1]:
        end -= 1
    return row[:end]


def _separator(text: str) -> str:
    """Comma, semicolon (Excel with a Vietnamese locale) or tab (Excel's 'Unicode Text'): the one that
    splits the most lines of the file's start into cells (quotes respected). Lines, not characters: a
    note pasted with eight tabs in one cell outnumbered a small ThongTin's commas, and a title line
    'Thông tin chung, năm 2024;' splits on either. A tie keeps the earlier in that order."""

    def lines_split(separator: str) -> int:
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
        try:
            return sum(len(row) > 1 for row in itertools.islice(rows, SEPARATOR_SAMPLE_ROWS))
        except csv.Error:  # a quote left open with this separator: told when the file is read
            return 0

    return max(CSV_SEPARATORS, key=lines_split)
