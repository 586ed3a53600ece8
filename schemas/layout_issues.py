"""What the reader found in a file's layout, told as problems a province can act on.

What rejects the file: ThongTin or a required column missing, a header not found, no data sheet or no
data rows, a sheet twice, criteria laid out as columns. What is told beside the data: unknown sheets and
columns, hidden sheets left out, workbooks in a CSV folder, columns not read and hidden columns read (at
their own header cell), rows left out as headings, totals or a footer, hidden rows read, formulas saved
without results, a field several columns could be, an amount's unit read from its header or the table's
unit line, a sheet recognised by its headers, and every cell typed in a legacy font (converted, or to be
typed again). Errors that hold their row: a pair of columns marked twice, and amounts under a table's
unit line too small for the unit the column turned out to hold. An optional yes/no whose Yes and No
columns are both left blank is made unknown here, not No.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from cadres.workbook import RawSheet, RawWorkbook
from schemas.amount_units import amount_multiplier
from schemas.issues import file_issue, header_of
from schemas.sheets import DATA_SHEETS, SHEETS_BY_NAME, SMALLEST_BUDGET_VND


def _column_issue(rule: str, sheet: str, header: str, header_row: int | None, column: int | None) -> dict:
    """A column not read, at its own header cell: its header may head the column read too (a repeat, a
    hidden copy, two unknown columns headed alike), so the report names its letter."""
    letter = None if column is None else f"Cột {get_column_letter(column)}"
    return file_issue(rule, sheet, header, row=header_row, detail=letter, column=column)


def structure_issues(book: RawWorkbook) -> list[dict]:
    """Missing sheets and columns reject the file; unknown sheets and columns are warnings."""
    found: list[dict] = []
    if "ThongTin" not in book.sheets:
        found.append(file_issue("FILE.SHEET_MISSING", "ThongTin"))
    data_sheets = [book.sheets[name] for name in DATA_SHEETS if name in book.sheets]
    if not (book.headerless_sheets or book.criteria_across):
        if not data_sheets:
            found.append(file_issue("FILE.NO_DATA_SHEET"))
        elif not any(len(raw.frame) for raw in data_sheets):  # the blank template: it would empty the year
            found.append(file_issue("FILE.NO_DATA_ROWS", detail=", ".join(raw.written_name for raw in data_sheets)))
    found += [file_issue("FILE.HEADER_NOT_FOUND", written) for written in book.headerless_sheets]
    found += [file_issue("FILE.CRITERIA_AS_COLUMNS", written) for written in book.criteria_across]
    found += [file_issue("FILE.SHEET_UNKNOWN", written) for written in book.unknown_sheets]
    found += [file_issue("FILE.WORKBOOK_IN_CSV_FOLDER", value=name) for name in book.workbooks_not_read]
    found += [
        file_issue(
            "FILE.SHEET_RECOGNISED",
            name,
            value=raw.written_name,
            row=raw.header_row,
            detail=f"Đã đọc như sheet {name} của mẫu",
        )
        for name, raw in book.sheets.items()
        if raw.written_name in book.recognised_sheets
    ]
    found += [file_issue("FILE.SHEET_DUPLICATE", written) for written in book.duplicate_sheets]
    found += [file_issue("FILE.HIDDEN_SHEET_IGNORED", written) for written in book.hidden_copies]
    found += _legacy_font_issues(book)
    for name, raw in book.sheets.items():
        spec = SHEETS_BY_NAME[name]
        found += [
            file_issue("FILE.COLUMN_MISSING", name, header_of(spec, None, f), field_name=f, row=raw.header_row)
            for f in raw.missing_fields
        ]
        excel = raw.unknown_excel_columns or [None] * len(raw.unknown_columns)
        found += [
            _column_issue("FILE.COLUMN_UNKNOWN", name, header, raw.header_row, column)
            for (header, _), column in zip(raw.unknown_columns, excel, strict=True)
        ]
        for rule, rows in (
            ("FILE.FOOTER_ROW_IGNORED", raw.footer_rows),
            ("FILE.HEADING_ROW_IGNORED", raw.heading_rows),
            ("FILE.TOTAL_ROW_IGNORED", raw.total_rows),
        ):  # marked in the copy on the row's first filled cell ('Tổng cộng'), where known
            found += [file_issue(rule, name, value=text, row=row, column=raw.row_starts.get(row)) for row, text in rows]
        found += [
            _column_issue("FILE.HIDDEN_COLUMN_IGNORED", name, header, raw.header_row, column)
            for header, column in raw.hidden_columns
        ]
        found += [
            _column_issue("FILE.COLUMN_REPEATED", name, header, raw.header_row, column)
            for header, column in raw.repeated_columns
        ]
        found += [
            _column_issue("FILE.HIDDEN_COLUMN_READ", name, header, raw.header_row, column)
            for header, column in raw.hidden_read_columns
        ]
        found += [
            file_issue(
                "FILE.HIDDEN_ROWS_READ", name, value=str(first) if first == last else f"{first}–{last}", row=first
            )
            for first, last in _runs(raw.hidden_rows)
        ]
        if raw.formulas_below is not None:
            first, cells = raw.formulas_below
            below = f"{cells} ô, từ dòng {first}"
            found.append(file_issue("FILE.FORMULAS_UNCALCULATED", name, value=below, row=first))
        found += [
            file_issue("FILE.COLUMN_AMBIGUOUS", name, header, " | ".join(headers), f, raw.header_row, column=column)
            for f, headers in raw.ambiguous_columns.items()
            for header, column in zip(headers, raw.ambiguous_excel_columns.get(f) or [None] * len(headers), strict=True)
        ]
        found += [
            file_issue(
                "CELL.AMOUNT_UNIT_CONVERTED", name, header, value=raw.amount_unit(f), field_name=f, row=raw.header_row
            )
            for f, header in raw.headers.items()
            if spec.is_amount(f) and amount_multiplier(raw.amount_unit(f)) != 1
        ]
    return found


def marked_twice_issues(raw: RawSheet) -> list[dict]:
    """A pair of columns of which one only may be marked, marked in both (`RawSheet.marked_twice`):
    which is meant is asked, quoting both cells ('x | x'); what reading them said is shadowed."""
    return [
        file_issue("CELL.MARKED_TWICE", raw.name, raw.headers.get(name), written, name, row)
        for name, rows in raw.marked_twice.items()
        for row, written in rows.items()
    ]


def amount_units_mixed(raw: RawSheet, typed: pd.DataFrame) -> list[dict]:
    """Amounts under the table's unit line ('ĐVT: triệu đồng') in a column whose largest is đồng past any
    unit (150.000.000: the line is overruled, `RawSheet.overruled_unit`) that are too small for đồng
    (150 beside it): read in đồng they were 150 đồng, told only as small, though they may be 150 triệu
    typed as the line says. Which is asked, the row held (CELL.AMOUNT_UNIT_MIXED)."""
    found = []
    for name in raw.headers:
        if (unit := raw.overruled_unit(name)) is None or name not in typed:
            continue
        small = typed[name].between(1, SMALLEST_BUDGET_VND - 1).fillna(False).astype(bool)
        largest = typed[name].max()
        for row in typed.index[small]:
            detail = f"dòng '{unit}' phía trên bảng; giá trị lớn nhất của cột: {largest:,} đồng".replace(",", ".")
            value = raw.frame.at[row, name] if name in raw.frame else None
            found.append(file_issue("CELL.AMOUNT_UNIT_MIXED", raw.name, raw.headers[name], value, name, row, detail))
    return found


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Consecutive Excel rows as (first, last) runs: a filter hiding 2,000 rows is a few notices, not 2,000."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def _row_cells(rows_of: dict, raw: RawSheet, row: int) -> dict[str, object] | None:
    """A data row's cells by field (None if the row is not one): the sheet's frame is taken apart once,
    as a file typed in TCVN3 has thousands of repairs (a row looked up in pandas each cost ~0.5 ms)."""
    if raw.name not in rows_of:
        frame = raw.frame
        rows_of[raw.name] = (
            {at: i for i, at in enumerate(frame.index)},
            list(frame.columns),
            frame.to_numpy(dtype=object, na_value=None),
        )
    positions, names, values = rows_of[raw.name]
    at = positions.get(row)
    return None if at is None else dict(zip(names, values[at], strict=True))


def unanswered_unknown(typed: pd.DataFrame, sheet: RawSheet) -> pd.DataFrame:
    """An optional yes/no over 'Có' | 'Không' with neither marked is unknown, not No (a required one is
    missing already, told). Only the x/blank convention of one column reads a blank as No."""
    spec = SHEETS_BY_NAME[sheet.name]
    for name, rows in sheet.unanswered.items():
        if spec.fields[name].nullable:
            typed = typed.assign(**{name: typed[name].mask(typed.index.isin(list(rows)))})
    return typed


def _legacy_font_issues(book: RawWorkbook) -> list[dict]:
    """Every legacy-font cell is reported: converted (with the new text) or to be retyped."""
    canonical = {raw.written_name: raw for raw in book.sheets.values()}
    rows_of: dict[str, tuple[dict[int, int], list[str], np.ndarray]] = {}
    found = []
    for fix in book.legacy_repairs:
        raw = canonical.get(fix.sheet)
        field_name = None
        held = fix.repaired if fix.repaired is not None else fix.original  # as the cell now holds it
        if raw is not None and SHEETS_BY_NAME[raw.name].key_value and fix.row in raw.field_rows.values():
            # ThongTin: its one row of values; each value sits on its key's row (or its values' row)
            values = raw.frame.iloc[0]
            on_row = [name for name, at in raw.field_rows.items() if at == fix.row]
            field_name = next((name for name in on_row if pd.notna(values[name]) and values[name] == held), None)
        elif raw is not None and (cells := _row_cells(rows_of, raw, fix.row)) is not None:
            # by the cell's column where the reader knows it (two cells of a row may hold one text)
            field_name = next((name for name, at in raw.field_columns.items() if at == fix.column), None)
            if field_name is None or cells.get(field_name) != held:
                field_name = next((name for name, value in cells.items() if value == held), None)
        spec = SHEETS_BY_NAME[raw.name] if raw is not None else None
        header = header_of(spec, raw, field_name) if spec is not None and field_name else None
        if fix.repaired is not None:
            rule, value = "CELL.LEGACY_FONT_REPAIRED", f"{fix.original} → {fix.repaired}"
        else:
            rule, value = "CELL.LEGACY_FONT_UNCONVERTED", fix.original
        found.append(file_issue(rule, raw.name if raw is not None else fix.sheet, header, value, field_name, fix.row))
    return found
