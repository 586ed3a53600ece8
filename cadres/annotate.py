"""The province's own workbook, handed back with every problem written into it.

Bad cells are filled (red for errors, yellow for warnings) and carry a comment with the reason
and the fix; a summary sheet comes first. Everything we write is neutralised against formula
injection (an apostrophe before our text, a signed number excepted; the quote prefix style on the
province's own cells of a rebuilt copy, whose text stays as typed). An .xlsx/.xlsm keeps its
formatting: the marks are written into its XML (cadres/xlsx_marks.py), or by openpyxl when the file
has something that writer does not merge;
other formats (.xls, .ods, CSV) come back as an .xlsx rebuilt from their cells (cadres/rebuilt_copy.py).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from copy import copy
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from cadres.merges import ShownCells
from cadres.rebuilt_copy import FORMULA_TRIGGERS, empty_workbook, rebuilt_workbook, tab_title
from cadres.report import STATUS_VI, in_group_order, sheet_shown, summary_label
from cadres.text import fold, loggable
from cadres.workbook import RETURNED_SUMMARY_SHEET, RETURNED_SUMMARY_TITLE, holds_info_value, names_info_key
from cadres.xlsx_marks import COMMENT_AUTHOR, FILL_COLOURS, CannotPatch, CellMark, SummarySheet, write_marked_copy
from schemas.rules import ROW_RULES, SEVERITY_VI, UNOPENED_RULES
from schemas.validation import SheetLayout

log = logging.getLogger(__name__)
SUMMARY_SHEET = RETURNED_SUMMARY_SHEET
FILLS = {
    severity: PatternFill(fill_type="solid", start_color=colour, end_color=colour)
    for severity, colour in FILL_COLOURS.items()
}


_SIGNED_NUMBER = re.compile(r"[+\-][\d\s.,]+")
"""A number typed with its sign ('-5', '-2.000.000', '+84 912 345 678'): nothing a spreadsheet could run,
quoted as typed (an apostrophe before it showed in the summary, unlike the page and the JSON)."""


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) and not _SIGNED_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _set_text(cell: Cell, value: object) -> None:
    """A value written into a cell; control characters (Word's line break, U+000B, pasted into a cell) are
    dropped, as the XML edit drops them: openpyxl refuses them, and one would cost the whole copy."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = neutralise(value)
    if isinstance(cell.value, str):
        cell.data_type = "s"


def _open(source: Path) -> Workbook:
    """The province's workbook as openpyxl sees it; other files are rebuilt cell for cell, and so is a
    Strict Open XML workbook, in which openpyxl finds no sheet (the copy held the summary alone)."""
    if source.suffix.lower() in {".xlsx", ".xlsm"}:
        book = openpyxl.load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
        if book.worksheets:
            return book
        log.warning(
            "%s: no sheet openpyxl can read (Strict Open XML?): rebuilt from the text read", loggable(source.name)
        )
    return rebuilt_workbook(source)


class _Rows:
    """Cell values of the rows that locating needs (header and key rows), each read once. `reach`: per
    sheet (its title in the book), the last row locating will ask for there: a read-only workbook reads
    the rows up to it in one pass, where it parsed its sheet from the start again for each row asked."""

    def __init__(self, book: Workbook, reach: dict[str, int] | None = None) -> None:
        self.book = book
        self.reach = reach or {}
        self._cache: dict[tuple[str, int], tuple] = {}
        self._columns: dict[tuple[str, int, str], int | None] = {}
        self._folded: dict[tuple[str, int], dict[str, list[int]]] = {}

    def values(self, sheet: str, row: int) -> tuple:
        if (sheet, row) not in self._cache:
            worksheet = self.book[sheet]
            last = row  # a workbook in memory: iter_rows would make the cells of every row up to `last`
            if hasattr(worksheet, "reset_dimensions"):  # read-only: the file's <dimension> may be wrong
                worksheet.reset_dimensions()
                last = max(row, self.reach.get(sheet, row))
            found = worksheet.iter_rows(min_row=row, max_row=last, min_col=1, values_only=True)
            for number, values in enumerate(found, start=row):
                self._cache.setdefault((sheet, number), values)
            for number in range(row, last + 1):
                self._cache.setdefault((sheet, number), ())  # past the sheet's last row
        return self._cache[sheet, row]

    def column(self, sheet: str, header_row: int, header: str, unread: frozenset[int] = frozenset()) -> int | None:
        """Column (1-based) of a header as the province wrote it in a sheet's header row, or in the row
        above it (a header of two rows: 'Họ và tên' merged down over both, its text in the upper one);
        never one of the `unread` columns (a hidden copy of the column read, left of it)."""
        if (sheet, header_row, header) not in self._columns:
            rows = (header_row, header_row - 1) if header_row > 1 else (header_row,)
            wanted = fold(header)
            found = (self._first_column(sheet, row, wanted, unread) for row in rows)
            self._columns[sheet, header_row, header] = next(filter(None, found), None)
        return self._columns[sheet, header_row, header]

    def _first_column(self, sheet: str, row: int, folded: str, unread: frozenset[int]) -> int | None:
        """The first column of a row whose text folds to `folded`, outside `unread`. The row is folded
        once: searched anew for each header, a row of 16,384 unknown headers (each one a problem to
        mark) took over an hour to mark."""
        if (sheet, row) not in self._folded:
            columns: dict[str, list[int]] = {}
            for i, value in enumerate(self.values(sheet, row), start=1):
                if value is not None:
                    columns.setdefault(fold(value), []).append(i)
            self._folded[sheet, row] = columns
        return next((i for i in self._folded[sheet, row].get(folded, ()) if i not in unread), None)


def _reach(book: Workbook, layout: dict[str, SheetLayout]) -> dict[str, int]:
    """Each sheet's last header or key row (see _Rows), by its title in the book."""
    reach = {}
    for sheet_layout in layout.values():
        title = _title_in(book, sheet_layout.written_name)
        rows = [row for row in (sheet_layout.header_row, *sheet_layout.field_rows.values()) if row]
        if title is not None and rows:
            reach[title] = max(rows)
    return reach


def _column_of(values: tuple, key: str) -> int | None:
    """Column (1-based) of a ThongTin key as the province wrote it, in its row."""
    wanted = fold(key)
    return next((i for i, value in enumerate(values, start=1) if value is not None and fold(value) == wanted), None)


def _value_column_right_of(values: tuple, key: str, keys_as_stored: frozenset[str] = frozenset()) -> int | None:
    """ThongTin: the column of the value cell to the right of a key: the next filled cell, or the one
    just right of the key where the value is blank (nothing filled after it, or the next key, which
    may be stored in a legacy font: `keys_as_stored`)."""
    column = _column_of(values, key) or _key_and_value_column(values, key)
    if column is None:
        return None
    if not names_info_key(values[column - 1]) and holds_info_value(values[column - 1]):
        return column  # 'Mã tỉnh: 08': the key's cell is the value's ('Ngày lập: (dd/mm/yyyy)' is a key)
    after = next((i for i, value in enumerate(values, start=1) if i > column and value is not None), None)
    next_cell = values[after - 1] if after is not None else None
    if after is None or next_cell in keys_as_stored or names_info_key(next_cell) or holds_info_value(next_cell):
        return column + 1
    return after


def _key_and_value_column(values: tuple, key: str) -> int | None:
    """The column of a cell holding the key and its value ('Ngày lập: 31/02/2025' for 'Ngày lập')."""
    wanted = fold(key)
    for i, value in enumerate(values, start=1):
        typed, colon, _ = str(value).partition(":") if value is not None else ("", "", "")
        if colon and fold(typed) == wanted:
            return i
    return None


def _title_in(book: Workbook, written: str) -> str | None:
    """The tab of a sheet as written, in the copy: the same name, or the one the rebuilt copy gave it."""
    for title in (written, tab_title(written)):
        if title in book.sheetnames:
            return title
    return None


def _locate(rows: _Rows, layout: dict[str, SheetLayout], issue: Mapping[str, Any]) -> tuple[str, int, int] | None:
    """(sheet as written, row, column) of the cell an issue is about, if it has one."""
    sheet_layout = layout.get(issue["sheet"]) if pd.notna(issue["sheet"]) else None
    sheet = _title_in(rows.book, sheet_layout.written_name) if sheet_layout is not None else None
    if sheet is None:
        return None
    if issue["rule"] in ROW_RULES:
        return _row_start(rows, sheet, sheet_layout, issue)
    if pd.isna(issue["header"]):
        return None
    # The header as the problem quotes it, then as the file holds it when typed in a legacy font.
    headers = [issue["header"], sheet_layout.stored_headers.get(issue["field"]) if pd.notna(issue["field"]) else None]
    headers = [header for header in headers if header]
    if sheet_layout.header_row is None:  # key/value sheet
        row = sheet_layout.field_rows.get(issue["field"]) if pd.notna(issue["field"]) else None
        if not row:
            return None
        keys_as_stored = frozenset(sheet_layout.stored_headers.values())
        located = (_value_column_right_of(rows.values(sheet, row), h, keys_as_stored) for h in headers)
        column = next(filter(None, located), None)
        return (sheet, row, column) if column else None
    if pd.notna(issue.get("column")) and pd.notna(issue["row"]):  # a column not read: its own header cell
        return sheet, int(issue["row"]), int(issue["column"])
    unread = sheet_layout.unread_columns
    column = next(filter(None, (rows.column(sheet, sheet_layout.header_row, h, unread) for h in headers)), None)
    if column is None or pd.isna(issue["row"]):
        return None
    return sheet, int(issue["row"]), column


def _row_start(
    rows: _Rows, sheet: str, sheet_layout: SheetLayout, issue: Mapping[str, Any]
) -> tuple[str, int, int] | None:
    """A problem of a whole row (a total, heading, footer or repeated row left out, hidden rows read)
    has no cell at fault: it is marked on the row's first filled cell where the reader gave it (a total's
    'Tổng cộng'; the table's first column was blank there), else in the table's first column, on the row
    itself, where the officer looks. That column is the header row's first filled cell (a column 'STT'
    not read, a hidden copy of a column read aside) or the first column read, whichever is further left:
    a header of two rows has its first headers in the upper row, the lower one filled only under a group."""
    if sheet_layout.header_row is None or pd.isna(issue["row"]):
        return None
    if pd.notna(issue.get("column")):  # the row's first filled cell, where the reader knew it ('Tổng cộng')
        return sheet, int(issue["row"]), int(issue["column"])
    headers = rows.values(sheet, sheet_layout.header_row)
    unread = sheet_layout.unread_columns
    filled = next((i for i, v in enumerate(headers, start=1) if v is not None and i not in unread), None)
    column = min(filter(None, (filled, sheet_layout.first_column)), default=None)
    return (sheet, int(issue["row"]), column) if column else None


def _marks(rows: _Rows, layout: dict[str, SheetLayout], issues: pd.DataFrame) -> list[CellMark]:
    """One mark per located cell: red if any of its problems is an error, every problem in its comment.
    Issues are walked as plain records: pandas' row access costs more than the whole XML edit. A cell
    a merged range covers is hidden (and openpyxl cannot comment it): its mark goes on the cell Excel
    shows, the range's top-left one, and its note names the rows of problems of other rows than that
    one ('Nhóm' merged down a commune's cadres, wrong for two of them: the note named neither)."""
    shown = {name: ShownCells(sheet_layout.merged) for name, sheet_layout in layout.items()}
    located: dict[tuple[str, int, int], list[dict]] = {}
    for issue in issues.to_dict("records"):
        where = _locate(rows, layout, issue)
        if where is not None:
            sheet, row, column = where
            located.setdefault((sheet, *shown[issue["sheet"]].shown(row, column)), []).append(issue)
    marks = []
    for (sheet, row, column), problems in located.items():
        severity = "error" if any(p["severity"] == "error" for p in problems) else "warning"
        rows_of: dict[str, list[int]] = {}  # one merged cell's value, wrong in each row it covers: once
        for p in problems:
            found = rows_of.setdefault(f"[{p['rule']}] {p['message']}{_noted(p)}. Cách sửa: {p['hint']}", [])
            if pd.notna(p["row"]) and int(p["row"]) not in found:
                found.append(int(p["row"]))
        text = "\n".join(line + _rows_named(found, row) for line, found in rows_of.items())
        marks.append(CellMark(sheet, row, column, severity, str(neutralise(text))))
    return marks


def _rows_named(rows: list[int], marked: int) -> str:
    """' (dòng 3, 5)': the rows a problem noted on a merged cell is about, unless only the cell's own."""
    return "" if not rows or rows == [marked] else f" (dòng {', '.join(map(str, rows))})"


def _noted(problem: dict) -> str:
    """A problem's own fact after its rule's message (' (Mã 00745 trong danh mục … là Xã Phố Bảng)')."""
    detail = problem.get("detail")
    return "" if detail is None or pd.isna(detail) else f" ({detail})"


def _plain(value: object) -> object:
    """A value as a cell takes it: no pandas NA, no numpy scalar, text neutralised."""
    if value is None or (not isinstance(value, str | list | dict) and pd.isna(value)):
        return None
    return neutralise(value.item() if hasattr(value, "item") else value)


def _summary(summary: dict, issues: pd.DataFrame) -> SummarySheet:
    """The summary sheet's content: outcome, counts, then one row per problem."""
    rows: list[list[object]] = [
        [RETURNED_SUMMARY_TITLE],
        ["Trạng thái", STATUS_VI.get(summary.get("status", ""), summary.get("status"))],
    ]
    facts = (
        "file_name",
        "province_code",
        "report_year",
        "rows_loaded",
        "rows_valid_rejected",
        "rows_quarantined",
        "sheets_absent",
        "sheets_all_held",
    )
    for key in (*facts, "errors", "warnings"):
        if key in summary:
            rows.append([summary_label(key, summary), summary[key]])
    rows.append([])
    rows.append(["Mức độ", "Mã quy tắc", "Sheet", "Dòng", "Cột", "Giá trị", "Chi tiết", "Lỗi", "Cách sửa"])
    header_row = len(rows)
    columns = ["severity", "rule", "sheet", "row", "header", "value", "detail", "message", "hint"]
    issues = in_group_order(issues)  # as the page lists them: errors first, rule by rule, row by row
    shown = issues.assign(
        sheet=sheet_shown(issues), severity=issues["severity"].map(SEVERITY_VI).fillna(issues["severity"])
    )
    rows += [list(record) for record in shown.reindex(columns=columns).itertuples(index=False)]
    rows = [[_plain(value) for value in row] for row in rows]
    return SummarySheet(SUMMARY_SHEET, rows, 1, frozenset({header_row}), (18, 30, 12, 6, 24, 24, 30, 50, 50))


def _clear_earlier_marks(book: Workbook) -> None:
    """A copy sent back after correcting it carries the last round's marks: each cell holding one of our
    notes loses the note and our fill, so only this round's problems show. The province's own notes and
    fills stay, a note ours carried given back."""
    ours = {colour[-6:].upper() for colour in FILL_COLOURS.values()}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.comment is None or cell.comment.author != COMMENT_AUTHOR:
                    continue
                cell.comment = _their_note(cell.comment)
                colour = cell.fill.start_color.rgb if cell.fill.fill_type == "solid" else None
                if isinstance(colour, str) and colour[-6:].upper() in ours:
                    cell.fill = PatternFill(fill_type=None)


def _cell_to_mark(sheet: Worksheet, row: int, column: int) -> Cell:
    """The cell a mark goes on. A blank one the file does not style takes the format Excel shows there,
    its row's, else its column's: a blank ID under a Text ('@') column must stay Text for the ID the
    province types into it, or Excel drops its leading zero."""
    cell = sheet.cell(row=row, column=column)
    if cell.has_style or cell.value is not None:
        return cell
    row_format = sheet.row_dimensions.get(row)
    if row_format is not None and row_format.customFormat:
        cell._style = copy(row_format._style)
        return cell
    covering = (d for d in sheet.column_dimensions.values() if d.min and d.max and d.min <= column <= d.max)
    column_format = next((d for d in covering if d.has_style), None)
    if column_format is not None:
        cell._style = copy(column_format._style)
    return cell


THEIR_NOTE = "\n\n--- Ghi chú của tỉnh ---\n"
"""Where our note on a cell the province had annotated carries the province's own note (its author on the
first line after it): Excel keeps one note a cell, and theirs was replaced."""


def _mark(cell: Cell, mark: CellMark) -> None:
    cell.fill = FILLS[mark.severity]
    text, theirs = mark.text, cell.comment
    if theirs is not None and theirs.author != COMMENT_AUTHOR:
        text += f"{THEIR_NOTE}{theirs.author or ''}\n{theirs.text}"
    cell.comment = Comment(text, COMMENT_AUTHOR, width=320, height=140)


def _their_note(ours: Comment) -> Comment | None:
    """The province's note our note carried (THEIR_NOTE), given back when ours is cleared."""
    if THEIR_NOTE not in ours.text:
        return None
    author, _, text = ours.text.split(THEIR_NOTE, 1)[1].partition("\n")
    return Comment(text, author)


def _free_title(book: Workbook, title: str) -> str:
    """`title`, or 'title (2)', 'title (3)'… when the workbook has a sheet of that name (any case)."""
    taken = {name.casefold() for name in book.sheetnames}
    return next(
        candidate
        for candidate in (title, *(f"{title} ({n})" for n in range(2, len(taken) + 3)))
        if candidate.casefold() not in taken
    )


def _summary_sheet(book: Workbook, summary: SummarySheet) -> None:
    sheet = book.create_sheet(summary.name, 0)
    for number, values in enumerate(summary.rows, start=1):
        for column, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=number, column=column)
            _set_text(cell, value)
            if number == summary.title_row:
                cell.font = Font(bold=True, size=14)
            elif number in summary.bold_rows:
                cell.font = Font(bold=True)
    for column, width in enumerate(summary.widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    book.active = 0


def _patched(
    source: Path, layout: dict[str, SheetLayout], sheet: SummarySheet, issues: pd.DataFrame, out: Path
) -> bool:
    """The fast path for .xlsx/.xlsm: marks written into the XML; False when openpyxl must do it."""
    if source.suffix.lower() not in {".xlsx", ".xlsm"}:
        return False
    try:
        book = openpyxl.load_workbook(source, read_only=True)
    except Exception:  # unreadable: the openpyxl path writes the summary alone
        return False
    rows = _Rows(book, _reach(book, layout))
    try:
        if any(rows.values(ws.title, 1)[:1] == (RETURNED_SUMMARY_TITLE,) for ws in book.worksheets):
            return False  # an earlier summary of ours, under whatever name: openpyxl replaces it
        write_marked_copy(source, _marks(rows, layout, issues), sheet, out)
    except CannotPatch as reason:
        log.info("%s: annotated with openpyxl (%s)", loggable(source.name), reason)
        return False
    except Exception:  # a damaged part the reader never needed: the province still gets its report
        log.warning("%s: the XML edit failed; annotated with openpyxl", loggable(source.name), exc_info=True)
        return False
    finally:
        book.close()
    return True


def _workbook_to_mark(source: Path, unopened: bool) -> Workbook:
    """The province's workbook, or an empty one (the copy then holds the summary alone) for a file the
    reader could not open (broken, encrypted: no warning, its report says why) or openpyxl cannot."""
    if not unopened:
        try:
            return _open(source)
        except Exception:
            log.warning(
                "%s: its cells could not be copied; the annotated copy holds the summary alone",
                loggable(source.name),
                exc_info=True,
            )
    return empty_workbook()


def opens_source(issues: pd.DataFrame) -> bool:
    """Whether the copy is made from the province's workbook: not for a file that could not be opened."""
    return not issues["rule"].isin(UNOPENED_RULES).any()


def annotate(
    source: Path,
    layout: dict[str, SheetLayout],
    summary: dict,
    issues: pd.DataFrame,
    out: Path,
    open_source: bool = True,
) -> Path:
    """Write the annotated copy to `out` (.xlsx or .xlsm like the source); without `open_source`, or
    for a file that could not be opened, a workbook holding the summary alone."""
    sheet = _summary(summary, issues)
    if not open_source:
        log.warning("%s: the annotated copy holds the summary alone (not opened again)", loggable(source.name))
    unopened = not (open_source and opens_source(issues))
    if not unopened and _patched(source, layout, sheet, issues, out):
        return out
    book = _workbook_to_mark(source, unopened)
    for earlier in [ws for ws in book.worksheets if ws["A1"].value == RETURNED_SUMMARY_TITLE]:
        book.remove(earlier)  # the last round's summary; a province's own 'KetQua' stays, ours beside it
    sheet = replace(sheet, name=_free_title(book, SUMMARY_SHEET))
    _clear_earlier_marks(book)
    for mark in _marks(_Rows(book, _reach(book, layout)), layout, issues):
        _mark(_cell_to_mark(book[mark.sheet], mark.row, mark.column), mark)
    _summary_sheet(book, sheet)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out
