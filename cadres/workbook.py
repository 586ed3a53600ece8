"""Read a province workbook into raw text frames, one per sheet of the standard.

Real spreadsheets carry title rows above the header, numbering rows under it, blank rows,
a trailing total row and extra columns. This module opens the file, reads each sheet of the standard
through its parts (below) and keeps every cell's raw text with its Excel row number, so parsing and
validation can point back to the exact cell. Bulk data goes through fastexcel (calamine →
Arrow); openpyxl is never used for reading data. A value merged down over data rows is read in
each row it covers (cadres.merges); a hidden column repeating a visible one is not the one read, and
hidden data rows are read and reported (cadres.sheet_view). Its parts: where the header is and
which column is which field (cadres.header_row), which rows are headings, totals or a footer rather
than data (cadres.noise_rows), a field read from the sub-columns under its header (cadres.column_groups)
and a CSV file's text (cadres.csv_sheets).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import fastexcel
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cadres.archive import sent_files
from cadres.column_groups import (
    column_name,
    columns_beside,
    gender_by_column,
    group_value,
    joined_cells,
    marked_twice,
    marks_its_column,
    marks_neither,
    unheaded_beside,
    unheaded_column_name,
)
from cadres.csv_sheets import csv_files, read_csv_sheet
from cadres.formula_errors import (
    ERROR_COLUMNS,
    error_cells,
    error_columns,
    error_rows,
    with_error_text_columns,
    with_error_texts,
)
from cadres.header_row import (
    HEADER_SCAN_ROWS,
    SubHeader,
    ambiguous_columns,
    field_of_header,
    find_header_row,
    group_spans,
    header_lookup,
    one_value_fields,
    prefix_field,
    read_groups,
    sex_split,
    with_marks_unheaded,
)
from cadres.legacy_fonts import Repair, find_legacy_cells, repair
from cadres.legacy_text import tcvn3_text_cells
from cadres.merges import MergedRange, covered_blanks, fill_merged_down
from cadres.noise_rows import (
    UNIT_HEADING_START,
    UNIT_OR_CLASS_HEADING_START,
    drop_noise_rows,
    filled_counts,
    first_filled_columns,
    listed_values,
    staff_group_columns,
)
from cadres.package_guard import inspect_package
from cadres.sheet_view import NOT_VIEWED, PLAIN, SheetView, sheet_views, text_rows
from cadres.text import ANY_SPACE, NULL_TEXT, fold, fold_series, loggable, name_as_sent
from cadres.unreadable import PasswordProtected, SheetTooLarge, UnreadableWorkbook, unsupported_type, why_unreadable
from schemas.amount_units import amount_multiplier, states_a_unit
from schemas.criterion_names import names_a_criterion
from schemas.heading_fill import ROWS_OWN_WORDS
from schemas.parsing import (
    YEAR_WORD,
    AmountSources,
    pad_code,
    parse_numbers,
)
from schemas.sheets import LARGEST_BUDGET_VND, SHEETS, SHEETS_BY_NAME, SheetSpec
from schemas.unit_kinds import COMMUNE_KINDS, kinds_pattern

log = logging.getLogger(__name__)

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
PLAUSIBLE_AMOUNT = LARGEST_BUDGET_VND
"""A column that would pass it read in the unit a title line states is in đồng already."""
MIN_RECOGNISED_COLUMNS = 3
"""Standard headers a tab with an unknown name must show, all required ones among them, to be read."""
IGNORED_COLUMNS = {"stt", "tt", "so tt", "so thu tu", "thu tu"}
LIST_SHEETS = {"danh muc", "danhmuc"}
"""The blank template's hidden sheet of dropdown lists (cadres/template.py)."""
RETURNED_SUMMARY_SHEET = "KetQua"
"""The summary sheet of the annotated copy handed back (cadres/annotate.py): a province correcting
that copy sends it back with the sheet in it."""
RETURNED_SUMMARY_TITLE = "Kết quả tiếp nhận"
"""The summary sheet's first cell: how a returned summary is told from a province's own sheet of the
same name (a province may keep a table of its own called 'KetQua')."""
_BLANK_CELL = f"^{ANY_SPACE}$|^$"


HIDDEN = {b"sheet_state": b"hidden"}
"""Schema metadata of a sheet table read from a hidden tab (hidden or very hidden)."""
FIRST_COLUMN = b"first_column"
"""Schema metadata of a sheet table read by fastexcel: the Excel column (1-based) of its first column,
the leftmost holding a value (a sheet whose column A is empty starts at B)."""


def first_column(table: pa.Table) -> int | None:
    """The Excel column (1-based) of a table's first column, when fastexcel read it (see FIRST_COLUMN)."""
    found = (table.schema.metadata or {}).get(FIRST_COLUMN)
    return None if found is None else int(found)


def is_hidden(table: pa.Table) -> bool:
    return (table.schema.metadata or {}).get(b"sheet_state") == HIDDEN[b"sheet_state"]


_XLS_DEFAULT_PASSWORD = "VelvetSweatshop"


def _is_password_protected(path: Path) -> bool:
    """Whether an .xlsx/.xlsm/.xls that could not be opened is encrypted (Excel's 'Encrypt with Password')."""
    import msoffcrypto  # only for a file that could not be read

    try:
        with path.open("rb") as fh:
            office = msoffcrypto.OfficeFile(fh)
            if not office.is_encrypted():
                return False
            if path.suffix.lower() != ".xls":
                return True
            try:  # Excel encrypts a write-protected .xls with this default and opens it without asking
                office.load_key(password=_XLS_DEFAULT_PASSWORD)
            except Exception:
                return True  # a password of the province's own
            return False  # no password to remove: saving it again as .xlsx (FILE.UNREADABLE's hint) helps
    except Exception:  # not an Office file at all (HTML saved as .xls, random bytes): unreadable as such
        return False


@dataclass
class RawSheet:
    """One sheet's cells as text; index = Excel row number, columns = field names."""

    name: str
    written_name: str
    frame: pd.DataFrame
    headers: dict[str, str]
    header_row: int | None = None
    unknown_columns: list[tuple[str, int]] = field(default_factory=list)
    missing_fields: list[str] = field(default_factory=list)
    field_rows: dict[str, int] = field(default_factory=dict)
    footer_rows: list[tuple[int, str]] = field(default_factory=list)
    """Rows under the table taken for its signature block or notes: (Excel row, the row's text)."""
    heading_rows: list[tuple[int, str]] = field(default_factory=list)
    """Rows inside the table taken for group headings or the header repeated: (Excel row, its text)."""
    total_rows: list[tuple[int, str]] = field(default_factory=list)
    """Rows taken for totals or subtotals ('Tổng cộng', 'Cộng xã Côn Lôn'): (Excel row, its text)."""
    ambiguous_columns: dict[str, list[str]] = field(default_factory=dict)
    """Fields none of whose several candidate columns was taken: field → those headers as written."""
    ambiguous_excel_columns: dict[str, list[int | None]] = field(default_factory=dict)
    """The Excel column of each of `ambiguous_columns`' headers: a group's sub-column ('Chức vụ / Đảng
    ủy') is marked on its own cell, its header being written in no single one."""
    merged: tuple[MergedRange, ...] = ()
    """The sheet's merged ranges: a problem in a cell one of them covers is shown on its top-left cell."""
    repeated_columns: list[tuple[str, int | None]] = field(default_factory=list)
    """Visible columns headed as a field an earlier column gave ('Mã xã' twice): not read. (header as
    written, Excel column; None where the sheet has no columns of its own, a CSV's)."""
    hidden_columns: list[tuple[str, int]] = field(default_factory=list)
    """Hidden columns headed like a field a visible column gave (a stale copy left hidden), not read:
    (header as written, Excel column)."""
    hidden_rows: list[int] = field(default_factory=list)
    """Data rows hidden in Excel (by hand or by a filter): read like the others, and reported."""
    hidden_read_columns: list[tuple[str, int]] = field(default_factory=list)
    """Columns hidden in Excel that are read (no visible column gives their field): (header as written,
    Excel column), reported as hidden rows are: what the officer cannot see is loaded all the same."""
    formula_errors: dict[str, list[int]] = field(default_factory=dict)
    """Field → the data rows whose cell shows a formula's error (#N/A), its text as the cell's value."""
    uncalculated: dict[str, list[int]] = field(default_factory=dict)
    """Field → the data rows whose cell holds a formula whose result was never stored (a program's
    export): the formula ('=SUM(E5:F5)') as the cell's value, which is none to load."""
    formulas_below: tuple[int, int] | None = None
    """(first Excel row, cells) of the formulas without a stored result in the fields' columns below
    the last row holding a value: rows of an export's formulas only, which no reader sees."""
    field_columns: dict[str, int] = field(default_factory=dict)
    """Field → its Excel column (1-based), where fastexcel said where the table starts."""
    other_values: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    """ThongTin: the province or the year given again with another value ('Năm báo cáo' twice, a second
    row of values under a header row) → (Excel row, value) of each other one: the first was read."""
    row_starts: dict[int, int] = field(default_factory=dict)
    """Excel row → the Excel column of its first filled cell, for the rows left out as no data (a total,
    a heading, a footer): the annotated copy marks that cell ('Tổng cộng'), not a blank one."""
    marked_twice: dict[str, dict[int, str]] = field(default_factory=dict)
    """A field read from a pair of columns of which one only may be marked (a gender over 'Nam' | 'Nữ',
    a yes/no over a Yes and a No column) → the rows marking both → the two cells as written ('x | x')."""
    unanswered: dict[str, frozenset[int]] = field(default_factory=dict)
    """A yes/no over a Yes and a No column ('Cấp chứng chỉ' over 'Có' | 'Không') → the rows marking
    neither: unanswered, not No (an optional field's blank reads No only in a column of x marks)."""
    sources: dict[str, AmountSources] = field(default_factory=dict)
    """An amount over its sources ('Kinh phí' over 'NSTW' | 'NSĐP') → their cells, summed when typed
    (the frame holds them joined, '30000000 + 5000000', as the value reports quote)."""
    unknown_excel_columns: list[int | None] = field(default_factory=list)
    """The Excel column of each of `unknown_columns` (whose numbers count from the table's first column)."""
    joined_dates: frozenset[str] = frozenset()
    """Date fields whose value is joined from parts under its header ('Ngày sinh' over 'Ngày' | 'Tháng' |
    'Năm', joined '15/3/1980'): day first by construction, whatever order the file's text dates take."""
    text_cells: dict[str, frozenset[int]] = field(default_factory=dict)
    """Field → the data rows whose cell holds text, not a number, for the fields whose reading depends on
    it (an amount in triệu or tỷ: '1.500' typed is fifteen hundred, the number 1.5 shows as '1.5')."""
    other_cells: pd.DataFrame | None = None
    """The data rows' cells in columns not of the standard (not loaded; STT and the like left out)."""
    beside: dict[str, int] = field(default_factory=dict)
    """Field → the frame column right of its own when that column is not of the standard and heads no
    group's sub-column (a name beside a code: `name_beside`)."""
    table_unit: str | None = None
    """The unit a line above the table states for it ('ĐVT: triệu đồng', 'Đơn vị tính: triệu đồng'), as
    'ĐVT: …': an amount whose header names no unit is read in it (`amount_unit`)."""

    def amount_unit(self, name: str) -> str | None:
        """The text an amount's unit is read from: its header, and the table's stated unit after it when
        the header names none ('Kinh phí' under 'ĐVT: triệu đồng' is in triệu; 'Kinh phí (đồng)' stays),
        unless the column's values, so read, pass any plausible amount (`overruled_unit`)."""
        header = self.headers.get(name)
        if header is None or self.table_unit is None or states_a_unit(header):
            return header
        if not SHEETS_BY_NAME[self.name].is_amount(name) or self.overruled_unit(name):
            return header
        return f"{header} {self.table_unit}"

    def overruled_unit(self, name: str) -> str | None:
        """The table's unit line ('ĐVT: triệu đồng') an amount whose header names no unit does not take:
        its column's largest value, so read, would pass any plausible amount (`PLAUSIBLE_AMOUNT`), so the
        column is in đồng already and the line a leftover or another table's. None where it is taken,
        or where there is none to take."""
        header = self.headers.get(name)
        if header is None or self.table_unit is None or states_a_unit(header):
            return None
        if not SHEETS_BY_NAME[self.name].is_amount(name):
            return None
        values = (
            self.sources[name].cells if name in self.sources else self.frame[[name]] if name in self.frame else None
        )
        multiplier = amount_multiplier(f"{header} {self.table_unit}")
        if multiplier == 1:  # 'ĐVT: đồng', 'ĐVT: người': nothing to overrule
            return None
        largest = None if values is None else pd.concat([parse_numbers(values[c]) for c in values.columns]).max()
        if largest is not None and pd.notna(largest) and largest * multiplier > PLAUSIBLE_AMOUNT:
            return self.table_unit
        return None

    def name_beside(self, name: str) -> pd.Series | None:
        """The cells of the column right of a code field's naming what it codes ('Tên xã' beside 'Mã xã',
        `named_by`), or without a header, under the field's merged header, where its cells read as
        communes ('Xã Côn Lôn'): not loaded, each is checked against the code in its row. Never a column
        further off, nor a group's sub-column ('Quê quán' over 'Xã' | 'Huyện' | 'Tỉnh': a hometown)."""
        idx = self.beside.get(name)
        if self.other_cells is None or idx is None or idx not in self.other_cells:
            return None
        meta = SHEETS_BY_NAME[self.name].fields[name].metadata or {}
        header = next(header for header, column in self.unknown_columns if column == idx)
        if fold(header) in {fold(text) for text in meta.get("named_by", ())}:
            return self.other_cells[idx]
        if header == unheaded_beside(self.headers[name]) and name == "commune_code":
            cells = self.other_cells[idx]
            return cells.where(fold_series(cells).str.match(_UNIT_WORD).fillna(False))
        return None

    def whole_rows(self, rows: np.ndarray) -> pd.DataFrame:
        """Some data rows (a mask) as the province wrote them: the standard's cells, then the others."""
        if self.other_cells is None or self.other_cells.empty:
            return self.frame.loc[rows]
        others = self.other_cells.loc[rows].set_axis([f"other {c}" for c in self.other_cells.columns], axis=1)
        return pd.concat([self.frame.loc[rows], others], axis=1)


@dataclass
class RawWorkbook:
    path: Path
    sheets: dict[str, RawSheet]
    unknown_sheets: list[str]
    headerless_sheets: list[str] = field(default_factory=list)
    duplicate_sheets: list[str] = field(default_factory=list)
    legacy_repairs: list[Repair] = field(default_factory=list)
    hidden_copies: list[str] = field(default_factory=list)
    """Hidden tabs of a kind a visible tab already gave: not read."""
    recognised_sheets: list[str] = field(default_factory=list)
    """Tabs named otherwise, read as the standard sheet their header row shows (their `written_name`)."""
    criteria_across: list[str] = field(default_factory=list)
    """TieuChi tabs laid out one column per criterion: not read (the standard has a row per criterion)."""
    workbooks_not_read: list[str] = field(default_factory=list)
    """Workbooks in a CSV folder, beside its sheets: a folder is read as its .csv files only."""


_SHEET_NUMBERING = re.compile(r"^(?:(?:bieu|mau|phu luc|sheet)\s*)?\d+[a-z]?\s+")


@lru_cache(maxsize=1)
def _sheet_names() -> dict[str, frozenset[str]]:
    """Each standard sheet's names, folded: its own and its aliases."""
    return {spec.name: frozenset({fold(spec.name), *(fold(a) for a in spec.aliases)}) for spec in SHEETS}


def _named_exactly(written: str) -> bool:
    """A tab or CSV named as the standard names a sheet ('CanBo'), not a copy of it ('CanBo - Copy')."""
    return any(fold(written) in names for names in _sheet_names().values())


def _match_sheet(written: str) -> SheetSpec | None:
    """A sheet of the standard by name: exact after folding, then without a leading number
    ('1. Cán bộ', 'Biểu 02 - Khóa học'), then by a name the written one starts with."""
    key = fold(written)
    names = _sheet_names()
    for candidate in (key, _SHEET_NUMBERING.sub("", key)):
        for spec in SHEETS:
            if candidate in names[spec.name]:
                return spec
    bare = _SHEET_NUMBERING.sub("", key)
    for spec in SHEETS:
        if any(bare.startswith(name + " ") for name in names[spec.name]):
            return spec
    return None


def sheet_tables(path: Path) -> dict[str, pa.Table]:
    """Every sheet as an Arrow table of text, row i = Excel row i+1, no header applied."""
    if path.is_dir():
        return {
            name_as_sent(csv.stem): with_error_text_columns(read_csv_sheet(csv, f" '{name_as_sent(csv.name)}'"))
            for csv in csv_files(path)
        }
    if path.suffix.lower() == ".csv":  # the archived copy, named by its hash: the report names the file
        return {path.stem: with_error_text_columns(read_csv_sheet(path, ""))}
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        raise UnreadableWorkbook(unsupported_type(path))
    try:
        reader = fastexcel.read_excel(path)
        tables = {}
        for name in reader.sheet_names:
            sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
            columns = sheet.available_columns()
            metadata = {FIRST_COLUMN: str(columns[0].absolute_index + 1 if columns else 1).encode()}
            if sheet.visible != "visible":
                metadata |= HIDDEN
            batch, errors = sheet.to_arrow_with_errors()
            if errors is not None:  # a formula showing #N/A is not a blank cell
                batch, columns = with_error_texts(batch, errors.errors)
                metadata |= {ERROR_COLUMNS: ",".join(map(str, columns)).encode()} if columns else {}
            tables[name] = with_error_text_columns(batch.replace_schema_metadata(metadata))
        return tables
    except BaseException as exc:  # fastexcel raises several unrelated types for corrupt files
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise  # Ctrl-C, a worker asked to exit; not a Rust panic in calamine (pyo3's is a BaseException)
        if _is_password_protected(path):
            raise PasswordProtected(path.name) from exc
        raise UnreadableWorkbook(why_unreadable(path)) from exc


def _to_text_frame(table: pa.Table) -> pd.DataFrame:
    """Text columns indexed by Excel row; a cell of spaces is an empty cell (decided in Arrow)."""
    columns = []
    for column in table.columns:
        text = pc.cast(column, pa.large_string())
        blank = pc.fill_null(pc.match_substring_regex(text, _BLANK_CELL), False)
        columns.append(pc.if_else(blank, NULL_TEXT, text))
    frame = pa.table(columns, names=[str(i) for i in range(len(columns))]).to_pandas(
        types_mapper={pa.large_string(): pd.StringDtype("pyarrow")}.get
    )
    frame.columns = range(frame.shape[1])
    frame.index = pd.RangeIndex(1, len(frame) + 1)  # Excel row numbers
    return frame


def _read_table_sheet(
    spec: SheetSpec,
    written: str,
    frame: pd.DataFrame,
    view: SheetView = PLAIN,
    starts_at: int | None = None,
    errors_in: frozenset[int] = frozenset(),
) -> RawSheet | None:
    """A table sheet's data rows under its header; `view` (its merges, hidden rows and columns) and
    `starts_at` (the Excel column of the frame's first column) let a value merged down over rows be read
    in each of them and a hidden column be told from the visible one; `errors_in`: the frame's columns
    holding a formula's error."""
    merged = view.merged
    hidden = _table_columns(view.hidden_columns, starts_at)
    lookup = header_lookup(spec)
    found, unheaded = with_marks_unheaded(find_header_row(frame, spec, hidden), spec)
    header_row, matched, cells = found.row, dict(found.matched), found.cells
    if header_row is None:
        return None
    header_cells = pd.Series(cells, index=frame.columns, dtype=object)
    ambiguous = ambiguous_columns(header_cells, matched, lookup)
    sub_headers = frame.loc[header_row]  # a header with groups: their sub-headers; else the header itself
    if unheaded:  # marks with no header over them: headed by their values, in the upper row of two
        sub_headers = sub_headers.copy()
        for first, end in unheaded:
            sub_headers.iloc[first:end] = cells[first:end]
    merged_headers = _merged_headers(merged, header_row, starts_at, matched, frame, header_cells)
    spans = {first: parts for first, parts in merged_headers.items() if matched[first] in one_value_fields(spec)}
    spans |= group_spans(spec, found.groups, matched, sub_headers)
    split = sex_split(found.groups, matched, sub_headers)
    by_sex = split is not None and matched.get(split[0]) == "birth_date"
    if by_sex:  # a birth date over 'Nam' | 'Nữ' is in one of the two columns: never the two joined
        spans = {first: [idx for idx in parts if idx != split[1]] for first, parts in spans.items()}
        spans = {first: parts for first, parts in spans.items() if parts}
    marks = read_groups(found.groups, matched, sub_headers, spec)
    either = {idx for columns in ambiguous.values() for _, idx in columns}
    joined = {idx for parts in spans.values() for idx in parts} | ({split[1]} if split else set())
    joined |= {idx for first, (_, columns) in marks.items() for idx in columns if idx != first}
    unmatched = [
        (str(cell), idx)
        for idx, cell in header_cells.items()
        if pd.notna(cell) and idx not in matched and idx not in either | joined and fold(cell) not in IGNORED_COLUMNS
    ]
    unheaded = [  # a hidden helper column (a dropdown's list) is none of the province's data
        (unheaded_column_name(idx, header_cells), idx)
        for idx, cell in header_cells.items()
        if pd.isna(cell) and idx not in matched and idx not in either | joined and idx not in hidden
    ]
    taken = set(matched.values())
    hidden_copies = [
        (header, idx)
        for header, idx in unmatched
        if idx in hidden and (field_of_header(header, lookup) or prefix_field(header, lookup)) in taken
    ]
    # A visible column headed exactly as one read repeats it; one headed by an alias of its field ('Hình
    # thức' beside 'Loại hình': the delivery mode) is another column, unknown.
    read_as = {fold(header_cells[idx]) for idx in matched}
    repeated = [(header, idx) for header, idx in unmatched if idx not in hidden and fold(header) in read_as]
    below = frame.iloc[frame.index.get_loc(header_row) + 1 :]  # a slice
    # A column holding nothing under its header leaves nothing unread: not worth a warning, and what a
    # title typed just above a table that starts further right looks like (the upper row of a header).
    unknown = [
        column
        for column in unmatched
        if column not in hidden_copies and column not in repeated and below[column[1]].notna().any()
    ]
    fields = [*matched, *joined]
    if view.uncalculated:  # a formula without its result is something the row holds, not a blank
        below = _with_formulas(below, view.uncalculated, starts_at, fields)
    if errors_in:  # a lookup formula filled down past the last cadre shows #N/A in rows holding nothing else
        below = below.loc[~_only_errors(below, fields, errors_in)]
    body, footer, headings, totals = drop_noise_rows(
        below,
        fields,
        cells,
        covered_blanks(below, merged, starts_at, fields),
        listed_values(spec, matched),
        UNIT_OR_CLASS_HEADING_START if spec.name == "HocVien" else UNIT_HEADING_START,
        staff_group_columns(spec, matched),
        frozenset(column for column, name in matched.items() if name in ROWS_OWN_WORDS),
    )
    noise_rows = [row for row, _ in (*footer, *headings, *totals)]
    row_starts = {} if starts_at is None else first_filled_columns(below.loc[noise_rows], starts_at)
    # a column without a header counts by the data rows alone (a signature or a note beside the table is
    # no data), and a numbering column without its 'STT' is no data either
    unheaded = [column for column in unheaded if body[column[1]].notna().any() and not _numbering(body[column[1]])]
    merged_over = {  # not a group read otherwise (a name over its parts, a yes/no over marks, sources)
        first: parts for first, parts in merged_headers.items() if first not in spans and not set(parts) & joined
    }
    moved, asked = _under_merged_headers(merged_over, body, hidden)
    for first, filled in moved.items():
        matched[filled] = matched.pop(first)
        header_cells = header_cells.copy()
        header_cells[filled] = header_cells[first]
        if first in hidden and body[first].notna().any():  # a stale hidden column under the header
            hidden_copies.append((str(header_cells[first]), first))
    for first, competing in asked.items():
        ambiguous[matched.pop(first)] = [(f"{header_cells[first]} (cột {idx - first + 1})", idx) for idx in competing]
    settled = {idx for competing in asked.values() for idx in competing} | set(moved.values())
    unknown += [column for column in unheaded if column[1] not in settled]
    fields = [*matched, *joined]
    data = fill_merged_down(body[fields], merged, starts_at)
    part_of = {part: matched[idx] for idx, parts in spans.items() for part in parts} | matched
    part_of |= {column: matched[first] for first, (_, columns) in marks.items() for column in columns}
    part_of |= {split[1]: matched[split[0]]} if split else {}  # the women's column of a date or a gender
    formula_errors = error_rows(data, {idx: part_of[idx] for idx in errors_in if idx in part_of})
    uncalculated, formulas_below = _uncalculated_rows(
        view.uncalculated, data.index, frame.index[-1], part_of, starts_at, merged
    )
    derived = {"gender": gender_by_column(data[split[0]], data[split[1]])} if split else {}
    for first, (how, columns) in marks.items():
        derived[matched[first]] = group_value(data[columns], how, sub_headers[columns])
    twice = marked_twice(data, split, marks, matched)
    for name, as_written in twice.items():  # the two cells as written, not a reading nobody typed
        derived[name] = derived[name].mask(derived[name].index.isin(list(as_written)), pd.Series(as_written))
    if by_sex:
        men, women = data[split[0]], data[split[1]]
        data[split[0]] = men.where(marks_its_column(men), women.where(marks_its_column(women), None))
    unanswered = {
        matched[first]: frozenset(data.index[marks_neither(data[columns])])
        for first, (how, columns) in marks.items()
        if how in ("yes-no", "no-yes")
    }
    sources = {
        matched[first]: AmountSources(
            data[columns].set_axis(range(len(columns)), axis=1),
            None if starts_at is None else [idx + starts_at for idx in columns],
        )
        for first, (how, columns) in marks.items()
        if how == "sources"
    }
    for idx, parts in spans.items():
        data[idx] = joined_cells(data[[idx, *parts]], "/" if spec.kind(matched[idx]) == "date" else " ")
    data = data[list(matched)].rename(columns=matched)
    for name, values in derived.items():
        data[name] = values
    for name in spec.fields:
        if name not in data.columns:
            data[name] = pd.Series(pd.NA, index=data.index, dtype="string[pyarrow]")
    return RawSheet(
        name=spec.name,
        written_name=written,
        frame=data[list(spec.fields)],
        headers={matched_field: str(header_cells[idx]) for idx, matched_field in matched.items()}
        | ({"gender": str(header_cells[split[0]])} if split else {}),
        header_row=header_row,
        merged=merged,
        unknown_columns=unknown,
        missing_fields=[f for f in spec.required_fields if f not in matched.values() and f not in derived],
        footer_rows=footer,
        heading_rows=headings,
        total_rows=totals,
        ambiguous_columns={name: [header for header, _ in columns] for name, columns in ambiguous.items()},
        ambiguous_excel_columns={
            name: [None if starts_at is None else idx + starts_at for _, idx in columns]
            for name, columns in ambiguous.items()
        },
        hidden_columns=[(header, idx + starts_at) for header, idx in hidden_copies if starts_at is not None],
        repeated_columns=[(header, None if starts_at is None else idx + starts_at) for header, idx in repeated],
        unknown_excel_columns=[None if starts_at is None else idx + starts_at for _, idx in unknown],
        hidden_rows=sorted(view.hidden_rows.intersection(data.index)),
        hidden_read_columns=_hidden_read(hidden, [*matched, *joined], body, header_cells, sub_headers, starts_at),
        formula_errors=formula_errors,
        uncalculated=uncalculated,
        formulas_below=(formulas_below[0], len(formulas_below)) if formulas_below else None,
        field_columns={name: idx + starts_at for idx, name in matched.items()}
        | ({"gender": split[0] + starts_at} if split else {})
        if starts_at is not None
        else {},
        unanswered={name: rows for name, rows in unanswered.items() if rows},
        marked_twice=twice,
        row_starts=row_starts,
        sources=sources,
        other_cells=fill_merged_down(body[[idx for _, idx in unknown]], merged, starts_at) if unknown else None,
        beside=columns_beside(matched, unknown, found.groups),
        table_unit=_table_unit(frame, header_row),
        joined_dates=frozenset(matched[idx] for idx in spans if spec.kind(matched[idx]) == "date"),
    )


_UNIT_WORD = kinds_pattern(COMMUNE_KINDS) + " "
"""How a commune's name starts, folded ('Xã Côn Lôn', 'Phường Minh Xuân', 'Thị trấn Na Hang')."""
_TABLE_UNIT = re.compile(r"^(?:dvt|don vi tinh)(?! toan)\b\s*\S")
"""A line stating the table's unit, folded: 'ĐVT: triệu đồng', 'Đơn vị tính: triệu đồng' (not 'Đơn vị
tính toán: …')."""
_UNIT_LABEL = re.compile(r"^\s*(?:đvt|đơn vị tính|dvt|don vi tinh)\s*[:.]?\s*", re.IGNORECASE)


def _table_unit(frame: pd.DataFrame, header_row: int) -> str | None:
    """The unit a cell above the header states for the table, as 'ĐVT: …': forms put it in a title
    line ('Đơn vị tính: triệu đồng' at the right, above the table). The line nearest the header wins: a
    line higher up may be another table's (a block of last year's totals above this one)."""
    for row in reversed(frame.index[: frame.index.get_loc(header_row)]):
        for cell in frame.loc[row].dropna():
            if isinstance(cell, str) and _TABLE_UNIT.match(fold(cell)):
                return f"ĐVT: {_UNIT_LABEL.sub('', unicodedata.normalize('NFC', cell), count=1).strip()}"
    return None


def _only_errors(rows: pd.DataFrame, fields: list[int], errors_in: frozenset[int]) -> np.ndarray:
    """Rows whose filled cells among the fields all show a formula's error: as empty as a blank row."""
    errors = sum(
        error_cells(rows, [column for column in fields if column in errors_in]).values(), np.zeros(len(rows), int)
    )
    filled = filled_counts(rows, fields)
    return (filled > 0) & (errors == filled)


def _table_columns(excel_columns: frozenset[int], starts_at: int | None) -> frozenset[int]:
    """Excel columns (1-based) as the table's (0 = `starts_at`); none when where the table starts is unknown."""
    if starts_at is None:
        return frozenset()
    return frozenset(column - starts_at for column in excel_columns if column >= starts_at)


def _merged_headers(
    merged: tuple[MergedRange, ...],
    header_row: int,
    starts_at: int | None,
    matched: dict[int, str],
    frame: pd.DataFrame,
    header_cells: pd.Series,
) -> dict[int, list[int]]:
    """A field whose header is merged across several columns: its column → the other columns under the
    header, none of them a field of its own (the group 'Trình độ' over 'Chuyên môn' | 'Lý luận chính trị'
    spans fields, and is not this). A text or date field's are the parts of its value ('Họ và tên' over
    the family and the given name, 'Ngày sinh' over day | month | year: without it the first column
    alone was the value, 'Nguyễn Văn'); any other field's are read by `_under_merged_headers`."""
    if starts_at is None:
        return {}
    spans = {}
    for merged_range in merged:
        if merged_range.right == merged_range.left or not (merged_range.top <= header_row <= merged_range.bottom + 1):
            continue  # not over several columns in the header row, or just above it (a header of two rows)
        left, right = merged_range.left - starts_at, merged_range.right - starts_at
        first = left  # the field's column: the first not headed apart ('Bí danh' | 'Họ' | 'Tên': the family name's)
        while first < right and isinstance(header_cells.get(first), SubHeader):
            first += 1
        if first not in matched:
            continue
        if merged_range.top not in frame.index or fold(frame.at[merged_range.top, left]) != fold(header_cells[first]):
            continue  # the range does not hold the field's header (a title merged across above the header)
        columns = frame.columns
        under = [c for c in range(left, right + 1) if c != first and c in columns and c not in matched]
        # a column headed by a sub-header of its own ('Họ và tên / Bí danh') is no part of it
        parts = [c for c in under if not isinstance(header_cells[c], SubHeader)]
        if parts and len(under) == merged_range.right - merged_range.left:
            spans[first] = parts
    return spans


def _under_merged_headers(
    merged_over: dict[int, list[int]], body: pd.DataFrame, hidden: frozenset[int]
) -> tuple[dict[int, int], dict[int, list[int]]]:
    """A field that is no text or date under a header merged across several columns ('Chức vụ' over two
    columns): the first column was loaded and the others told as columns without a header. Of the
    visible columns holding data, the first is the field's (moved: the header's column → it, where
    that is another: a blank or hidden first column), and the others details beside it (a commune's
    name beside its code, a note beside a post: told as columns without a header, as before), unless a
    row fills another where the chosen one is blank: then the field's values are spread over them
    ('Chức vụ' over a Party post | a government post, unnamed), and which is the field is asked
    (asked: the header's column → the columns holding data), never one taken silently."""
    moved, asked = {}, {}
    for first, parts in merged_over.items():
        holding = [idx for idx in [first, *parts] if idx not in hidden and body[idx].notna().any()]
        if not holding:
            continue
        chosen, others = holding[0], holding[1:]
        if any((body[idx].notna() & body[chosen].isna()).any() for idx in others):
            asked[first] = holding
        elif chosen != first:
            moved[first] = chosen
    return moved, asked


def _with_formulas(
    rows: pd.DataFrame, cells: tuple[tuple[int, int, str], ...], starts_at: int | None, fields: list[int]
) -> pd.DataFrame:
    """The rows with each formula saved without its result (`SheetView.uncalculated`) in the fields'
    cells as its text ('=SUM(E5:F5)'): read blank, a row of such cells (an export's sheet built from
    another's) was dropped as empty, and a required value Excel shows was told missing; a placeholder
    0 stored for it (XlsxWriter's) loaded as a real 0."""
    if starts_at is None:
        return rows
    rows = rows.copy()
    for row, column, formula in cells:
        idx = column - starts_at
        if idx in fields and row in rows.index:
            rows.loc[row, idx] = formula
    return rows


def _info_formulas(sheet: RawSheet, cells: tuple[tuple[int, int, str], ...]) -> dict[str, list[int]]:
    """ThongTin's fields whose value is a formula saved without its result ('Năm báo cáo' '=YEAR(TODAY())'),
    as `RawSheet.uncalculated` (its one row of values is row 0): the year read blank was told invalid."""
    formulas = {(row, formula) for row, _, formula in cells}
    values = sheet.frame.iloc[0]
    return {name: [0] for name, row in sheet.field_rows.items() if (row, values.get(name)) in formulas}


def _uncalculated_rows(
    cells: tuple[tuple[int, int, str], ...],
    rows: pd.Index,
    last: int,
    part_of: dict[int, str],
    starts_at: int | None,
    merged: tuple[MergedRange, ...] = (),
) -> tuple[dict[str, list[int]], list[int]]:
    """Field → the data rows whose cell (of the field or of one of its parts) is a formula saved
    without its result: its text is the cell's value (`_with_formulas`), which is none to load, in the
    rows a merged cell holding it covers too (its text filled down loaded as their value); and the rows
    of such cells below `last`, the last row holding a value: rows of formulas only, no row read."""
    found: dict[str, list[int]] = {}
    below: list[int] = []
    if starts_at is None:
        return found, below
    bottoms = {(area.top, area.left): area.bottom for area in merged if area.bottom > area.top}
    for row, column, _ in cells:
        if (field_name := part_of.get(column - starts_at)) is None:
            continue
        covered = range(row, bottoms.get((row, column), row) + 1)
        if row in rows:
            found.setdefault(field_name, []).extend(covered_row for covered_row in covered if covered_row in rows)
        elif row > last:
            below.append(row)
    return found, sorted(below)


def _hidden_read(
    hidden: frozenset[int],
    read: list[int],
    body: pd.DataFrame,
    header_cells: pd.Series,
    sub_headers: pd.Series,
    starts_at: int | None,
) -> list[tuple[str, int]]:
    """The hidden columns read that hold something (a column hidden as unused in the template says
    nothing), a value's parts and the women's column of a split by sex among them: (header as written,
    a sub-column's as its group's and its own, 'Họ và tên / Tên', as an ambiguous one is; Excel column)."""
    if starts_at is None:
        return []
    found = []
    for idx in sorted(set(read) & hidden):
        if body[idx].notna().any():
            found.append((column_name(idx, header_cells, sub_headers), idx + starts_at))
    return found


def _numbering(cells: pd.Series) -> bool:
    """Whether a column counts its rows (1, 2, 3 …, blanks between allowed): an STT column without its
    header."""
    numbers = pd.to_numeric(cells.dropna().astype(str).str.strip(), errors="coerce")
    return bool(numbers.notna().all()) and numbers.tolist() == list(
        range(int(numbers.iloc[0]), int(numbers.iloc[0]) + len(numbers))
    )


def _read_key_value_sheet(spec: SheetSpec, written: str, frame: pd.DataFrame) -> RawSheet:
    """ThongTin: a key, then its value in the next non-empty cell to the right (an STT column before
    the key is fine), and as many such pairs in a row as the province lays out ('Mã tỉnh | 08 | Năm báo
    cáo | 2025'). A key followed by another key has no value (left blank). The first time a key appears
    counts, except that the standard's key giving a value counts over an alias ('Ngày lập' over 'Ngày
    báo cáo', which some forms use for the reporting date 31/12). A key and its value in one cell ('Mã
    tỉnh: 08') are read as such where no pair gives the key, and compared with it where one does. A
    sheet laid out as one header row over one row of values (keys without values on their row) is
    read too."""
    lookup, standard = header_lookup(spec), header_lookup(spec, aliases=False)
    values: dict[str, str | None] = {}
    headers: dict[str, str] = {}
    rows: dict[str, int] = {}
    by_alias: set[str] = set()  # fields an alias gave: the standard's key, met later with a value, takes them
    in_one_cell: dict[str, list[tuple[str, str, int, bool]]] = {}  # field → (value, key, row, compared)s
    others: dict[str, list[tuple[int, str]]] = {}  # the province or the year given again, otherwise
    for row, cells in frame.iterrows():
        present = cells.dropna().tolist()
        fields = [field_of_header(cell, lookup) for cell in present]
        pairs = [None if key else _key_and_value(cell, lookup) for cell, key in zip(present, fields, strict=True)]
        for position, key_field in enumerate(fields):
            if pairs[position] is not None:  # the report names the key as typed ('Ngày lập'), not the cell
                one_field, one_value = pairs[position]
                key_as_typed = str(present[position]).partition(":")[0].strip()
                # compared with a pair only as a title block types it: the standard's key ('Năm: 2025' in a
                # signing date is no year of report), in a row of such cells ('Ví dụ | Năm báo cáo: 2023')
                compared = field_of_header(key_as_typed, standard) == one_field and None not in pairs
                in_one_cell.setdefault(one_field, []).append((one_value, key_as_typed, int(row), compared))
            if key_field is None:
                continue
            after = position + 1
            value_next = after < len(present) and fields[after] is None and pairs[after] is None
            is_standard = field_of_header(present[position], standard) == key_field
            if key_field in values and not (key_field in by_alias and is_standard and value_next):
                if value_next and _another_submission(key_field, present[after], values[key_field]):
                    others.setdefault(key_field, []).append((int(row), str(present[after])))
                continue
            if key_field in values and value_next and _another_submission(key_field, values[key_field], present[after]):
                others.setdefault(key_field, []).append((rows[key_field], str(values[key_field])))  # an alias's
            values[key_field] = present[after] if value_next else None
            headers[key_field] = str(present[position])
            rows[key_field] = int(row)
            if not is_standard:
                by_alias.add(key_field)
            else:
                by_alias.discard(key_field)
    for key_field, typed in in_one_cell.items():
        if values.get(key_field) is None:  # no pair gave it, or gave it blank
            (value, key, row, _), typed = typed[0], typed[1:]
            values[key_field], headers[key_field], rows[key_field] = value, key, row
        for value, _, row, compared in typed:  # 'Năm báo cáo: 2023' in a title above the pair giving 2024
            if compared and _another_submission(key_field, value, values[key_field]):
                others.setdefault(key_field, []).append((row, value))
    down = _info_sheet(spec, written, values, headers, rows)
    down.other_values = others
    read_down = _looks_like_a_submission(down.frame.iloc[0])
    if read_down == 2:  # the common case: keys down a column, province and year beside them
        return down
    across = _read_horizontal_info(spec, written, frame)
    if across is None:
        return down
    # Which reading is the sheet's: the one whose province and year look like a code and a year (a header
    # row 'Mã tỉnh | Tên tỉnh | Năm báo cáo …' read as pairs gives 'Tên tỉnh' for the province); when
    # neither does better, a sheet where pairs gave fewer than two values is a header row over values.
    read_across = _looks_like_a_submission(across.frame.iloc[0])
    if read_across > read_down or (read_across == read_down and sum(v is not None for v in values.values()) < 2):
        return _with_pairs_below(spec, written, across, down)
    return down


_IDENTIFYING = frozenset({"province_code", "report_year"})


def _with_pairs_below(spec: SheetSpec, written: str, across: RawSheet, pairs: RawSheet) -> RawSheet:
    """A header row over values ('Mã tỉnh | Tên tỉnh | Năm báo cáo' over '08 | Tuyên Quang | 2024') with
    pairs under it ('Người lập | Nguyễn Thị Lan'): the pairs lost, 'Người lập' was told missing though
    filled. A field the header row leaves blank is taken from a pair on another row; never the province
    or the year, which decided the reading."""
    given, paired = across.frame.iloc[0], pairs.frame.iloc[0]
    table_rows = {across.header_row, None if across.header_row is None else across.header_row + 1}
    taken = [
        name
        for name in spec.fields
        if name not in _IDENTIFYING
        and pd.isna(given[name])
        and pd.notna(paired[name])
        and pairs.field_rows.get(name) not in table_rows
    ]
    if not taken:
        return across
    values = {name: (paired if name in taken else given)[name] for name in spec.fields}
    values = {name: None if pd.isna(value) else value for name, value in values.items()}
    headers = across.headers | {name: pairs.headers[name] for name in taken}
    rows = across.field_rows | {name: pairs.field_rows[name] for name in taken}
    sheet = _info_sheet(spec, written, values, headers, rows, across.header_row)
    sheet.other_values = across.other_values
    return sheet


_IDENTIFYING_VALUE = {"province_code": re.compile(r"\s*\d{1,2}\s*"), "report_year": re.compile(r"\s*\d{4}\s*")}
"""How ThongTin's province and year read as such: a code, a year."""


def _looks_like_a_submission(values: pd.Series) -> int:
    """How many of ThongTin's two identifying values read as such: a province code and a year."""
    return sum(
        isinstance(values.get(name), str) and pattern.fullmatch(values[name]) is not None
        for name, pattern in _IDENTIFYING_VALUE.items()
    )


def _key_and_value(cell: object, lookup: dict[str, str]) -> tuple[str, str] | None:
    """(field, value) of a key and its value typed in one cell ('Mã tỉnh: 08'), else None."""
    key, colon, value = str(cell).partition(":")
    if not colon or not value.strip():
        return None
    field_name = field_of_header(key, lookup)
    return None if field_name is None else (field_name, value.strip())


def holds_info_value(cell: object) -> bool:
    """Whether a cell holds one of ThongTin's keys and its value ('Mã tỉnh: 08'): the value is in it."""
    info = next(spec for spec in SHEETS if spec.key_value)
    return _key_and_value(cell, header_lookup(info)) is not None


def names_info_key(cell: object) -> bool:
    """Whether a cell is one of ThongTin's keys (the annotated copy must not take it for a value)."""
    info = next(spec for spec in SHEETS if spec.key_value)
    return field_of_header(cell, header_lookup(info)) is not None


def _read_horizontal_info(spec: SheetSpec, written: str, frame: pd.DataFrame) -> RawSheet | None:
    table = _read_table_sheet(spec, written, frame)
    if table is None or table.frame.empty:
        return None
    first = table.frame.index[0]
    values = {name: table.frame.at[first, name] for name in table.headers}
    rows = dict.fromkeys(table.headers, int(first))
    sheet = _info_sheet(spec, written, values, table.headers, rows, header_row=table.header_row)
    others = {  # a second row of values: another submission's
        name: [
            (int(row), str(value))
            for row, value in _values_below(frame, table, name).items()
            if pd.notna(value) and _another_submission(name, value, values[name])
        ]
        for name in _IDENTIFYING & set(table.headers)
    }
    sheet.other_values = {name: found for name, found in others.items() if found}
    return sheet


def _values_below(frame: pd.DataFrame, table: RawSheet, name: str) -> pd.Series:
    """A header-row ThongTin's column of `name` in the rows of values below its first one: the table
    reader leaves out rows it takes for headings or notes, so a second row '22 | Quảng Ninh' with its
    year blank went untold. They run to the first row holding no code and no year under the province
    and the year (a blank row, 'Ghi chú:' over numbered notes: the notes' numbers are no provinces); a
    numbering row ('1 | 2 | 3') is none. The rows read where the header cell is not found once."""
    header = frame.loc[table.header_row]
    where = {
        field: [idx for idx, cell in header.items() if pd.notna(cell) and fold(cell) == fold(table.headers[field])]
        for field in _IDENTIFYING & set(table.headers)
    }
    if len(where[name]) != 1:
        return table.frame[name].iloc[1:]
    patterns = {columns[0]: _IDENTIFYING_VALUE[field] for field, columns in where.items()}
    rows = []
    for row, cells in frame.loc[frame.index > table.frame.index[0]].iterrows():
        if cells.isna().all() or not any(
            pd.notna(cells[column]) and pattern.fullmatch(str(cells[column])) for column, pattern in patterns.items()
        ):
            break
        if not _numbering(cells):
            rows.append(row)
    return frame.loc[rows, where[name][0]]


def _another_submission(name: str, value: object, read: object) -> bool:
    """Whether a province code or a year given again names another submission than the one read: it
    reads as a code or a year ('Cả năm', 'Từ 01/01/2024 …', 'Người lập' in a pair under a header row,
    a signature do not) and not as the same one ('8' and '08' are one province)."""
    pattern = _IDENTIFYING_VALUE.get(name)
    if pattern is None or read is None or pd.isna(read) or not pattern.fullmatch(str(value)):
        return False
    if name == "province_code":  # the code loaded: '08 - Tuyên Quang', 'Tuyên Quang (08)' are 08
        read = pad_code(pd.Series([str(read)]), 2, named=True).iloc[0]
    return str(value).strip().lstrip("0") != re.sub(YEAR_WORD, "", str(read)).strip().lstrip("0")


def _info_sheet(
    spec: SheetSpec,
    written: str,
    values: dict,
    headers: dict[str, str],
    rows: dict[str, int],
    header_row: int | None = None,
) -> RawSheet:
    """ThongTin's one row of values; `header_row` when laid out as a header row over a row of values
    (its cells are then found under their headers, not right of a key)."""
    one_row = pd.DataFrame({name: pd.array([values.get(name)], dtype="string[pyarrow]") for name in spec.fields})
    return RawSheet(
        name=spec.name, written_name=written, frame=one_row, headers=headers, header_row=header_row, field_rows=rows
    )


def is_returned_summary(table: pa.Table) -> bool:
    """A tab that is the summary of an annotated copy sent back: its first cell is our title."""
    first = table.column(0)[0].as_py() if table.num_columns and table.num_rows else None
    return isinstance(first, str) and fold(first) == fold(RETURNED_SUMMARY_TITLE)


def _legacy_repairs(path: Path, tables: dict[str, pa.Table]) -> list[Repair]:
    """Cells typed in legacy TCVN3/VNI fonts, found before any text is touched (TCVN3's ư is a soft hyphen):
    by their font in .xlsx and .xls, and by their text in every file. CSV and .ods have no font to read;
    in a workbook, TCVN3 pasted as values into a Unicode font, or a `.VnTime` run inside a cell of another
    font, showed as 'NguyÔn V¨n An' and loaded so, without a word. The text is judged by its decoded
    words (`legacy_text.tcvn3_text_cells`): 'Jürgen', 'Noël' or VNI text hold TCVN3's signs too."""
    by_text = tcvn3_text_cells(tables, {name: first_column(table) or 1 for name, table in tables.items()})
    if path.is_dir() or path.suffix.lower() in {".csv", ".ods"}:
        return repair(by_text)
    try:
        by_font = find_legacy_cells(path)
    except Exception as exc:  # zipfile, zlib and XML raise many types
        # a package part the reader never needed is broken (a garbled [Content_Types].xml, a DTD openpyxl
        # refuses, a damaged deflate stream or a compression zipfile lacks): the workbook was read, its
        # fonts cannot be; it was a crash with no report
        log.warning(
            "%s: legacy fonts not checked, the package could not be read for them: %s", loggable(path.name), exc
        )
        by_font = []
    by_font_at = {(cell.sheet, cell.row, cell.column) for cell in by_font}
    return repair([*by_font, *(cell for cell in by_text if (cell.sheet, cell.row, cell.column) not in by_font_at)])


def _apply_repairs(frame: pd.DataFrame, repairs: list[Repair], first_column: int) -> pd.DataFrame:
    """Replace each repaired cell's text (rows are Excel rows; the frame's column j is Excel column
    `first_column` + j). A column's repairs are written at once: one write a cell cost ~0.6 ms, minutes
    for a province file typed in TCVN3. A repair whose cell holds other text there (a reader that says
    not where its table starts) is placed by its text in its row, as before."""
    by_column: dict[int, dict[int, Repair]] = defaultdict(dict)
    for fix in repairs:
        if fix.repaired is not None and fix.row in frame.index:
            by_column[fix.column - first_column][fix.row] = fix
    misplaced = []
    for position, fixes in by_column.items():
        if not 0 <= position < frame.shape[1]:
            misplaced += fixes.values()
            continue
        rows = list(fixes)
        found = frame[position].reindex(rows).to_numpy(dtype=object, na_value=None)
        here = [at for at, text in zip(rows, found, strict=True) if text == fixes[at].original]
        misplaced += [fixes[at] for at in rows if at not in set(here)]
        if here:
            frame.loc[here, position] = [fixes[at].repaired for at in here]
    for fix in misplaced:
        row = frame.loc[fix.row]
        frame.loc[fix.row, row.index[row == fix.original]] = fix.repaired
    return frame


def read_workbook(path: Path, tables: dict[str, pa.Table] | None = None) -> RawWorkbook:
    """Every recognised sheet of a workbook (or CSV folder) as raw text with Excel row numbers.
    `tables` (sheet → text table, row i = Excel row i+1) skips the file reader: the benchmark's naive
    peer reads with openpyxl and then goes through the same mapping and models."""
    package = inspect_package(path)  # before any reader unpacks it
    if package.fault is not None:
        raise UnreadableWorkbook(package.fault.reason, package.fault.sheet)
    views = sheet_views(path, package.inflated)
    del package  # the parts it unpacked: ~8 MB a national file, not kept while the file is read
    for written, view in (views or {}).items():
        if view.too_large is not None:  # before fastexcel, which would abort the process
            raise SheetTooLarge(written, view.too_large)
    tables = sheet_tables(path) if tables is None else tables
    if views is None:  # read all the same (a file fastexcel cannot read was refused just above)
        log.warning(NOT_VIEWED, loggable(path.name))
        views = {}
    repairs = _legacy_repairs(path, tables)
    sheets: dict[str, RawSheet] = {}
    unknown: list[str] = []
    headerless: list[str] = []
    criteria_across: list[str] = []
    duplicates: list[str] = []
    hidden_copies: list[str] = []
    # Visible tabs first: the tab a person sees is the one read; a hidden tab is read when it is the
    # only one of its kind, and a hidden copy of a tab read ('CanBo (2)', left by copying a sheet) is
    # named, not taken for a second CanBo (which rejects the file). Of two, the one named exactly is read
    # and the copy ('CanBo - Copy.csv', which sorts first) is the one the report names.
    for written, table in sorted(tables.items(), key=lambda item: (is_hidden(item[1]), not _named_exactly(item[0]))):
        if table.num_rows == 0 or all(column.null_count == len(column) for column in table.columns):
            continue  # an empty tab carries nothing: as if absent
        spec = _match_sheet(written)
        if spec is None:
            if fold(written) not in LIST_SHEETS and not is_returned_summary(table):
                unknown.append(written)
            continue
        if spec.name in sheets:  # beside a visible tab read, a hidden one is a copy; two hidden ones, two tabs
            copy = is_hidden(table) and not is_hidden(tables[sheets[spec.name].written_name])
            (hidden_copies if copy else duplicates).append(written)
            continue
        frame = _apply_repairs(
            _to_text_frame(table), [fix for fix in repairs if fix.sheet == written], first_column(table) or 1
        )
        if spec.key_value:
            view = views.get(written, PLAIN)
            if view.uncalculated:  # a value an export left as a formula: read as such, not as blank
                frame = _with_formulas(frame, view.uncalculated, first_column(table) or 1, list(frame.columns))
            sheet = _read_key_value_sheet(spec, written, frame)
            sheet.merged = view.merged
            sheet.uncalculated = _info_formulas(sheet, view.uncalculated)
        else:
            sheet = _read_table_sheet(
                spec, written, frame, views.get(written, PLAIN), first_column(table), error_columns(table)
            )
            if _criteria_across(spec, sheet, frame):  # read as no header, or a header lacking the criteria
                criteria_across.append(written)
                continue
            if sheet is None:
                headerless.append(written)
                continue
        sheets[spec.name] = sheet
    recognised = []
    for written in [name for name in unknown if not is_hidden(tables[name])]:  # a visible tab named otherwise
        table = tables[written]  # ('DS học viên', 'Sheet1') holding a standard table
        frame = _apply_repairs(
            _to_text_frame(table), [fix for fix in repairs if fix.sheet == written], first_column(table) or 1
        )
        seen = {name for name, sheet in sheets.items() if not is_hidden(tables[sheet.written_name])}
        sheet = _recognised_by_headers(written, frame, seen, views.get(written, PLAIN), table)
        if sheet is None:
            continue
        if sheet.name in sheets:  # only a hidden tab gave it: the tab a person sees is the one read
            hidden_copies.append(sheets[sheet.name].written_name)
        sheets[sheet.name] = sheet
        unknown.remove(written)
        recognised.append(written)
    for sheet in sheets.values():
        _mark_text_amounts(path, sheet)
    return RawWorkbook(
        path,
        sheets,
        unknown,
        headerless,
        duplicates,
        repairs,
        hidden_copies,
        recognised,
        criteria_across,
        _workbooks_beside_sheets(path) if path.is_dir() else [],
    )


def _workbooks_beside_sheets(folder: Path) -> list[str]:
    """The workbooks a CSV folder holds (`Báo cáo 2024.xlsx` beside `danh_sach.csv`): the folder is a CSV
    submission, read as its .csv files, and its report said nothing of the workbook, only that ThongTin
    and the data sheets were missing. Owner and hidden files (`~$x.xlsx`, `._x.xlsx`) are no workbook."""
    return sorted(
        name_as_sent(path.relative_to(folder).as_posix())
        for path in sent_files(folder)
        if path.suffix.lower() in EXCEL_SUFFIXES
    )


def _mark_text_amounts(path: Path, sheet: RawSheet) -> None:
    """Which cells of an amount in triệu or tỷ were typed as text (see RawSheet.text_cells): every
    cell of a CSV file; from the sheet's XML or xlrd otherwise, only for such a column (rare)."""
    spec = SHEETS_BY_NAME[sheet.name]
    for name in sheet.headers:
        if not spec.is_amount(name) or amount_multiplier(sheet.amount_unit(name)) < 10**6:
            continue
        column = sheet.field_columns.get(name)
        sources = sheet.sources.get(name)
        if path.is_dir() or path.suffix.lower() == ".csv":
            sheet.text_cells[name] = frozenset(sheet.frame.index)
            if sources is not None:
                sources.text_rows = [frozenset(sheet.frame.index)] * len(sources.cells.columns)
        elif sources is not None and sources.excel_columns is not None:  # each source's own cells
            found = [_text_rows_of(path, sheet, at) for at in sources.excel_columns]
            if all(rows is not None for rows in found):
                sources.text_rows = [rows.intersection(sheet.frame.index) for rows in found]
        elif column is not None:
            rows = _text_rows_of(path, sheet, column)
            if rows is not None:
                sheet.text_cells[name] = rows.intersection(sheet.frame.index)


def _text_rows_of(path: Path, sheet: RawSheet, column: int) -> frozenset[int] | None:
    """The rows of one Excel column whose cell holds text, a text merged down over rows in each of them
    (`fill_merged_down`); None where the file cannot tell."""
    rows = text_rows(path, sheet.written_name, column)
    if rows is None:
        return None
    covered = {
        row
        for merged in sheet.merged
        if merged.left == column and merged.top in rows
        for row in range(merged.top, merged.bottom + 1)
    }
    return rows.union(covered)


_CRITERION_HEADER = re.compile(r"^(?:tc ?|tieu chi (?:so )?)?(\d{1,2})(?: .*)?$")
"""A header naming a criterion, folded: '1', 'TC1', 'Tiêu chí 1', 'Tiêu chí số 1 - Quy hoạch'."""
CRITERIA_ACROSS_AT_LEAST = 8
"""Criteria named across a row for the layout to be one column per criterion (a set has 10 or 19; the
column-numbering row under a standard TieuChi header numbers its five or six columns)."""


def _criteria_across(spec: SheetSpec, sheet: RawSheet | None, frame: pd.DataFrame) -> bool:
    """TieuChi laid out one column per criterion ('Mã xã | 1 | 2 | … | 19', a row per commune), as
    many provinces keep it: no 'Trạng thái' column, no 'Mã tiêu chí' column either unless a header is
    merged across the numbers ('Tiêu chí' over 1 … 19 reads as 'Mã tiêu chí'), and a row of the head
    naming at least eight criteria (a numbering row's '(1)', '(2)' name none; a plain '1 … 8' under a
    standard header lacking only 'Trạng thái' is no such layout). It was 'no header row found', with
    the header plainly there."""
    if spec.name != "TieuChi":
        return False
    if sheet is not None and sheet.header_row is not None and _names_criteria(frame.loc[sheet.header_row]):
        return True  # 'Mã xã | TC1 … TC19 | Tiêu chí đạt | Kết quả': a summary's columns read as the standard's
    if sheet is not None:
        spanned = any(r.right - r.left + 1 >= CRITERIA_ACROSS_AT_LEAST for r in sheet.merged)
        if "status" not in sheet.missing_fields or ("criterion_no" not in sheet.missing_fields and not spanned):
            return False
    return any(_names_criteria(cells) for _, cells in frame.iloc[:HEADER_SCAN_ROWS].iterrows())


def _names_criteria(cells: pd.Series) -> bool:
    """Whether a row of the head names eight criteria at least, by number ('1 … 19', 'TC1 … TC19') or
    by name ('Quy hoạch | Giao thông | …': it was told as 19 unknown columns); a numbering row's '(1)',
    '(2)' name none."""
    written = [str(cell).strip() for cell in cells if not pd.isna(cell)]
    headers = [fold(cell) for cell in written if not cell.startswith("(")]
    named = {found.group(1) for header in headers if (found := _CRITERION_HEADER.match(header))}
    if len(named) < CRITERIA_ACROSS_AT_LEAST:
        named |= {header for header in headers if names_a_criterion(header)}
    return len(named) >= CRITERIA_ACROSS_AT_LEAST


def _recognised_by_headers(
    written: str, frame: pd.DataFrame, taken: set[str], view: SheetView, table: pa.Table
) -> RawSheet | None:
    """The standard sheet a tab with an unknown name holds, told by its header row: every required
    column of one sheet no visible tab gave (`taken`), at least three columns in all, and more of them
    than any other sheet's (a tie is no answer). Its rows were left out with only a warning: a province that
    named its attendance tab 'DS học viên' had its file accepted with no attendance at all."""
    candidates = []
    for spec in SHEETS:
        if spec.key_value or spec.name in taken:
            continue
        matched = find_header_row(frame, spec).matched
        if set(spec.required_fields) <= set(matched.values()) and len(matched) >= MIN_RECOGNISED_COLUMNS:
            candidates.append((len(matched), spec))
    candidates.sort(key=lambda found: found[0], reverse=True)
    if not candidates or (len(candidates) > 1 and candidates[1][0] == candidates[0][0]):
        return None
    return _read_table_sheet(candidates[0][1], written, frame, view, first_column(table), error_columns(table))
