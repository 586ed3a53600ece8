"""Write marks into a copy of an .xlsx/.xlsm by editing its XML parts; every other part is copied as is.

openpyxl loads every cell of a workbook into Python objects and writes them all back: 3-5 s for
a national file, most of the nightly run's report time. Marking a few hundred cells needs only
the styles, the rows that hold them, a comments part per sheet and one new summary sheet. What
this writer does not know how to merge (a sheet with its own comments, a summary sheet already
there, prefixed XML) raises `CannotPatch`, and the caller falls back to openpyxl.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import column_index_from_string, get_column_letter

from cadres.xlsx_package import MAIN_NAMESPACE, RELATIONSHIP_NAMESPACE, sheet_parts

Severity = Literal["error", "warning"]
FILL_COLOURS: dict[Severity, str] = {"error": "FFFFC7CE", "warning": "FFFFEB9C"}
COMMENT_AUTHOR = "Hệ thống tiếp nhận báo cáo"
COMPRESS_LEVEL = 1
"""Fastest deflate: every part of the copy is compressed again, and at level 1 that takes a fraction
of the default level's time (a national copy: 0.24 → 0.20 s for all three reports) for a file about a
quarter larger than the one sent (1.0 MB for 0.83 MB)."""

_MAIN = MAIN_NAMESPACE
_REL = RELATIONSHIP_NAMESPACE
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL_TYPES = {
    "worksheet": f"{_REL}/worksheet",
    "comments": f"{_REL}/comments",
    "vml": f"{_REL}/vmlDrawing",
    "office": f"{_REL}/officeDocument",
}
_CONTENT_TYPES = {
    "worksheet": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
    "comments": "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml",
    "vml": "application/vnd.openxmlformats-officedocument.vmlDrawing",
}
# CT_Worksheet: elements that must come after <legacyDrawing>.
_AFTER_LEGACY_DRAWING = {
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
}
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CELL = re.compile(r"<c\b([^>]*?)(?:/>|>.*?</c>)", re.S)
_COLUMN = re.compile(r"<col\b([^>]*?)/?>")
_ROW = re.compile(r"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)


def _find_row(xml: str, row: int, position: int) -> re.Match | None:
    """Row `row`'s element at or after `position`: its number's text is looked for as plain text, then the
    element around it is matched with one compiled pattern (a pattern per row number is compiled anew
    for each marked row: a third of a national file's annotation time)."""
    needle, at = f'r="{row}"', position
    while (at := xml.find(needle, at)) >= 0:
        start = xml.rfind("<row", position, at)
        found = _ROW.match(xml, start) if start >= 0 else None
        if found is not None and found.start(1) <= at < found.end(1) and _number_attribute(found.group(1), "r") == row:
            return found
        at += len(needle)
    return None


def _number_attribute(attributes: str, name: str) -> int | None:
    found = re.search(rf'\b{name}="(\d+)"', attributes)
    return int(found.group(1)) if found else None


def _column_styles(xml: str) -> list[tuple[int, int, int]]:
    """(first, last, style) of each `<col>` range that carries a style: the format of its absent cells."""
    cols = re.search(r"<cols>(.*?)</cols>", xml, re.S)
    ranges = []
    for col in _COLUMN.finditer(cols.group(1) if cols else ""):
        first, last, style = (_number_attribute(col.group(1), name) for name in ("min", "max", "style"))
        if first is not None and last is not None and style is not None:
            ranges.append((first, last, style))
    return ranges


def _row_style(attributes: str) -> int | None:
    """A row's own format, which its absent cells take over the column's (`customFormat="1"`)."""
    return _number_attribute(attributes, "s") if re.search(r'\bcustomFormat="(1|true)"', attributes) else None


def _blank_cell_style(row_style: int | None, columns: list[tuple[int, int, int]], column: int) -> int:
    """The style Excel gives a cell that is not in the file: its row's, else its column's, else the default."""
    if row_style is not None:
        return row_style
    return next((style for first, last, style in columns if first <= column <= last), 0)


_CELL_REF = re.compile(r'\br="([A-Z]+)(\d+)"')
_TAB_SELECTED = r'tabSelected="(?:1|true)"'
_IDMAP = re.compile(r'<(?:\w+:)?idmap\b[^>]*\bdata="([\d,]+)"')  # any prefix: openpyxl writes ns0:
_TAG = re.compile(r"<(/?)([A-Za-z_][\w.:-]*)[^>]*?(/?)>")


class CannotPatch(Exception):
    """The workbook has a feature this writer does not merge; openpyxl writes the copy instead."""


@dataclass(frozen=True)
class CellMark:
    """A cell to fill and comment: sheet as written, Excel row and column (1-based)."""

    sheet: str
    row: int
    column: int
    severity: Severity
    text: str


@dataclass(frozen=True)
class SummarySheet:
    """The sheet put first: rows of values, which rows are bold (the title large), column widths."""

    name: str
    rows: list[list[object]]
    title_row: int
    bold_rows: frozenset[int]
    widths: tuple[float, ...]


def write_marked_copy(source: Path, marks: list[CellMark], summary: SummarySheet, out: Path) -> None:
    """Copy `source` to `out` with the marks and the summary sheet; raises CannotPatch before writing."""
    with zipfile.ZipFile(source) as archive:
        parts = _Package(archive)
        parts.add_marks(marks)
        parts.add_summary(summary)
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            # The level is given per entry: a ZipInfo passed to writestr ignores the archive's own.
            for info in archive.infolist():
                data = parts.changed.pop(info.filename, None)
                data = archive.read(info) if data is None else data
                target.writestr(_entry(info.filename, info.date_time), data, compresslevel=COMPRESS_LEVEL)
            for name, data in parts.changed.items():
                target.writestr(_entry(name), data, compresslevel=COMPRESS_LEVEL)


def _entry(name: str, date_time: tuple[int, ...] = (1980, 1, 1, 0, 0, 0)) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _text(value: object) -> str:
    return escape(_ILLEGAL_XML.sub("", str(value)))


def _set_attribute(tag_attributes: str, name: str, value: str) -> str:
    if "'" in tag_attributes:  # single-quoted attributes: legal XML, never written by Excel or openpyxl
        raise CannotPatch(f"single-quoted attributes: {tag_attributes[:80]}")
    pattern = re.compile(rf'\b{name}="[^"]*"')
    if pattern.search(tag_attributes):
        return pattern.sub(f'{name}="{value}"', tag_attributes)
    return f'{tag_attributes} {name}="{value}"'


class _Package:
    """The parts of one workbook package that a marked copy changes, edited as text."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = set(archive.namelist())
        self.changed: dict[str, bytes] = {}
        self._check_main_part()
        self.content_types = self._read("[Content_Types].xml")
        self.workbook = self._read("xl/workbook.xml")
        self.workbook_rels = self._read("xl/_rels/workbook.xml.rels")
        self.styles = self._read("xl/styles.xml")
        self.sheet_parts = self._sheet_parts()
        self._style_for: dict[tuple[int, Severity], int] = {}
        self._fills: dict[Severity, int] = {}
        self._next_shape_block = self._first_free_shape_block()

    def _first_free_shape_block(self) -> int:
        """VML shape ids come in blocks of 1024 per drawing (`o:idmap`): start after the package's own."""
        used = [
            int(block)
            for name in self.names
            if name.endswith(".vml")
            for found in _IDMAP.finditer(self.archive.read(name).decode("utf-8", "replace"))
            for block in found.group(1).split(",")
            if block
        ]
        return max(used, default=0) + 1

    def _read(self, name: str) -> str:
        return self._read_bytes(name).decode("utf-8")

    def _read_bytes(self, name: str) -> bytes:
        if name not in self.names:
            raise CannotPatch(f"no {name}")
        return self.archive.read(name)

    def _check_main_part(self) -> None:
        rels = ElementTree.fromstring(self._read("_rels/.rels"))
        main = [r.get("Target", "").lstrip("/") for r in rels if r.get("Type") == _REL_TYPES["office"]]
        if main != ["xl/workbook.xml"]:
            raise CannotPatch(f"workbook part is {main}")

    def _sheet_parts(self) -> dict[str, str]:
        parts = sheet_parts(self.workbook, self.workbook_rels)
        if parts is None:
            raise CannotPatch("no <sheets> in the workbook")
        return parts

    def _free_name(self, pattern: str) -> str:
        number = 1
        while pattern.format(number) in self.names or pattern.format(number) in self.changed:
            number += 1
        return pattern.format(number)

    @staticmethod
    def _insert_before_end(xml: str, end_tag: str, addition: str, part: str) -> str:
        """Append children before the root's closing tag (absent when the root is self-closing)."""
        if end_tag not in xml:
            raise CannotPatch(f"{part}: no {end_tag}")
        return xml.replace(end_tag, addition + end_tag)

    def _put(self, name: str, text: str) -> None:
        self.changed[name] = text.encode("utf-8")
        self.names.add(name)

    # styles -----------------------------------------------------------------------------------
    def _append_to(self, section: str, item: str, element: str) -> int:
        """Append an element to a styles.xml collection; returns its index."""
        found = re.search(rf"<{section}\b([^>]*)>(.*?)</{section}>", self.styles, re.S)
        if found is None:
            raise CannotPatch(f"no <{section}> in styles.xml")
        index = len(re.findall(rf"<{item}\b", found.group(2)))
        attributes = _set_attribute(found.group(1), "count", str(index + 1))
        replacement = f"<{section}{attributes}>{found.group(2)}{element}</{section}>"
        self.styles = self.styles[: found.start()] + replacement + self.styles[found.end() :]
        return index

    def _cell_formats(self) -> list[str]:
        found = re.search(r"<cellXfs\b[^>]*>(.*?)</cellXfs>", self.styles, re.S)
        if found is None:
            raise CannotPatch("no <cellXfs> in styles.xml")
        return re.findall(r"<xf\b[^>]*?/>|<xf\b[^>]*>.*?</xf>", found.group(1), re.S)

    def _marked_style(self, base: int, severity: Severity) -> int:
        """The cell format `base` with the severity's fill (one new format per base and severity)."""
        if (base, severity) not in self._style_for:
            if severity not in self._fills:
                colour = FILL_COLOURS[severity]
                self._fills[severity] = self._append_to(
                    "fills",
                    "fill",
                    f'<fill><patternFill patternType="solid"><fgColor rgb="{colour}"/>'
                    f'<bgColor rgb="{colour}"/></patternFill></fill>',
                )
            formats = self._cell_formats()
            if base >= len(formats):
                raise CannotPatch(f"cell format {base} is not in styles.xml")
            head = re.match(r"<xf\b([^>]*?)(/?>)", formats[base])
            attributes = _set_attribute(head.group(1), "fillId", str(self._fills[severity]))
            attributes = _set_attribute(attributes, "applyFill", "1")
            clone = f"<xf{attributes}{head.group(2)}{formats[base][head.end() :]}"
            self._style_for[base, severity] = self._append_to("cellXfs", "xf", clone)
        return self._style_for[base, severity]

    def _bold_style(self, size: int | None) -> int:
        """A cell format with the workbook's default font made bold (and sized)."""
        fonts = re.search(r"<fonts\b[^>]*>(.*?)</fonts>", self.styles, re.S)
        first = re.match(r"\s*(<font\b[^>]*?/>|<font\b[^>]*>.*?</font>)", fonts.group(1), re.S) if fonts else None
        if first is None:
            raise CannotPatch("no default font in styles.xml")
        inner = re.sub(r"^<font\b[^>]*?/?>|</font>$", "", first.group(1))
        inner = re.sub(r"<b\b[^>]*/>", "", inner)
        if size is not None:
            inner = re.sub(r"<sz\b[^>]*/>", "", inner) + f'<sz val="{size}"/>'
        font = self._append_to("fonts", "font", f"<font><b/>{inner}</font>")
        return self._append_to(
            "cellXfs", "xf", f'<xf numFmtId="0" fontId="{font}" fillId="0" borderId="0" applyFont="1"/>'
        )

    # marks ------------------------------------------------------------------------------------
    def add_marks(self, marks: list[CellMark]) -> None:
        by_sheet: dict[str, list[CellMark]] = {}
        for mark in marks:
            by_sheet.setdefault(mark.sheet, []).append(mark)
        for sheet, sheet_marks in by_sheet.items():
            if sheet not in self.sheet_parts:
                raise CannotPatch(f"sheet {sheet!r} not in the workbook")
            self._mark_sheet(self.sheet_parts[sheet], sheet_marks)
        self._put("xl/styles.xml", self.styles)
        self._put("[Content_Types].xml", self.content_types)

    def _mark_sheet(self, part: str, marks: list[CellMark]) -> None:
        xml = self._read(part)
        if "<sheetData" not in xml:
            raise CannotPatch(f"{part}: prefixed or empty worksheet XML")
        rels_part = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
        rels = (
            self._read(rels_part) if rels_part in self.names else f'<Relationships xmlns="{_PKG_REL}"></Relationships>'
        )
        if _REL_TYPES["comments"] in rels:
            raise CannotPatch(f"{part} has comments of its own")
        edits = self._cell_fills(xml, marks, part)
        comments = self._free_name("xl/comments{}.xml")
        vml = self._free_name("xl/drawings/vmlDrawing{}.vml")
        self._put(comments, _comments_xml(marks))
        self._put(vml, _vml_xml(marks, self._next_shape_block))
        self._next_shape_block += _shape_blocks(marks)
        ids = set(re.findall(r'\bId="([^"]+)"', rels))
        comments_id, vml_id = _free_id(ids), _free_id(ids)
        base = posixpath.dirname(part)
        new_rels = (
            f'<Relationship Id="{comments_id}" Type="{_REL_TYPES["comments"]}" '
            f'Target="{posixpath.relpath(comments, base)}"/>'
            f'<Relationship Id="{vml_id}" Type="{_REL_TYPES["vml"]}" Target="{posixpath.relpath(vml, base)}"/>'
        )
        self._put(rels_part, self._insert_before_end(rels, "</Relationships>", new_rels, rels_part))
        self._put(part, _edited(xml, edits + _legacy_drawing(xml, vml_id, part)))
        self._override(comments, "comments")
        if 'Extension="vml"' not in self.content_types:
            default = f'<Default Extension="vml" ContentType="{_CONTENT_TYPES["vml"]}"/>'
            self.content_types = self._insert_before_end(self.content_types, "</Types>", default, "[Content_Types].xml")

    def _override(self, part: str, kind: str) -> None:
        override = f'<Override PartName="/{part}" ContentType="{_CONTENT_TYPES[kind]}"/>'
        self.content_types = self._insert_before_end(self.content_types, "</Types>", override, "[Content_Types].xml")

    def _cell_fills(self, xml: str, marks: list[CellMark], part: str) -> list[Edit]:
        """Give every marked cell its fill; a marked cell that is blank and absent is added: each marked
        row is replaced. Only the marked rows are parsed: each is found by its number, searching on
        from the one before (rows are in ascending order), so a sheet of 20,000 rows costs one pass in
        the regex engine."""
        wanted: dict[int, dict[int, Severity]] = {}
        for mark in marks:
            wanted.setdefault(mark.row, {})[mark.column] = mark.severity
        columns = _column_styles(xml)
        edits, position = [], 0
        for row in sorted(wanted):
            found = _find_row(xml, row, position)
            if found is None:
                raise CannotPatch(f"{part}: row {row} not in the sheet, or rows out of order or unnumbered")
            row_style = _row_style(found.group(1))
            blank_style = {column: _blank_cell_style(row_style, columns, column) for column in wanted[row]}
            cells = self._filled_cells(found.group(2) or "", wanted[row], row, part, blank_style)
            attributes = re.sub(r'\s+spans="[^"]*"', "", found.group(1))  # optional; may no longer hold
            edits.append((found.start(), found.end(), f"<row{attributes}>{cells}</row>"))
            position = found.end()
        return edits

    def _filled_cells(
        self, cells_xml: str, columns: dict[int, Severity], row: int, part: str, blank_style: dict[int, int]
    ) -> str:
        pieces: list[tuple[int, str]] = []
        for found in _CELL.finditer(cells_xml):
            reference = _CELL_REF.search(found.group(1))
            if reference is None:
                raise CannotPatch(f"{part}: a cell without its reference in row {row}")
            column = column_index_from_string(reference.group(1))
            cell = found.group(0)
            if column in columns:
                new_style = self._marked_style(_number_attribute(found.group(1), "s") or 0, columns[column])
                rest = cell[len("<c") + len(found.group(1)) :]
                cell = "<c" + _set_attribute(found.group(1), "s", str(new_style)) + rest
            pieces.append((column, cell))
        present = {column for column, _ in pieces}
        for column, severity in columns.items():
            if column not in present:  # it takes the format Excel shows there (the column's Text '@', a date)
                style = self._marked_style(blank_style[column], severity)
                pieces.append((column, f'<c r="{get_column_letter(column)}{row}" s="{style}"/>'))
        pieces.sort(key=lambda piece: piece[0])
        extra = _CELL.sub("", cells_xml).strip()  # anything but cells (extLst) stays after them
        return "".join(cell for _, cell in pieces) + extra

    # summary sheet ----------------------------------------------------------------------------
    def add_summary(self, summary: SummarySheet) -> None:
        if summary.name.casefold() in {name.casefold() for name in self.sheet_parts}:  # Excel ignores case
            raise CannotPatch(f"the workbook already has a sheet {summary.name!r}")
        prefix = re.search(rf'xmlns:(\w+)="{re.escape(_REL)}"', self.workbook)
        sheets = re.search(r"<sheets\b[^>]*>", self.workbook)
        if prefix is None or sheets is None:
            raise CannotPatch("workbook.xml without a relationships prefix or <sheets>")
        title, bold = self._bold_style(14), self._bold_style(None)
        part = self._free_name("xl/worksheets/sheet{}.xml")
        self._put(part, _summary_xml(summary, title, bold))
        ids = set(re.findall(r'\bId="([^"]+)"', self.workbook_rels))
        rel_id = _free_id(ids)
        relationship = (
            f'<Relationship Id="{rel_id}" Type="{_REL_TYPES["worksheet"]}" Target="{posixpath.relpath(part, "xl")}"/>'
        )
        self.workbook_rels = self._insert_before_end(
            self.workbook_rels, "</Relationships>", relationship, "xl/_rels/workbook.xml.rels"
        )
        sheet_id = max((int(i) for i in re.findall(r'<sheet\b[^>]*\bsheetId="(\d+)"', self.workbook)), default=0) + 1
        entry = f'<sheet name={quoteattr(summary.name)} sheetId="{sheet_id}" {prefix.group(1)}:id="{rel_id}"/>'
        workbook = self.workbook[: sheets.end()] + entry + self.workbook[sheets.end() :]
        # The new sheet is first and active: sheet-scoped names shift by one, no other tab stays selected.
        workbook = re.sub(r'localSheetId="(\d+)"', lambda m: f'localSheetId="{int(m.group(1)) + 1}"', workbook)
        workbook = re.sub(r'\s(?:activeTab|firstSheet)="\d+"', "", workbook)
        self._put("xl/workbook.xml", workbook)
        self._put("xl/_rels/workbook.xml.rels", self.workbook_rels)
        self._put("xl/styles.xml", self.styles)
        self._override(part, "worksheet")
        self._put("[Content_Types].xml", self.content_types)
        for sheet_part in self.sheet_parts.values():
            self._unselect(sheet_part)

    def _unselect(self, sheet_part: str) -> None:
        """Clear a sheet's selected-tab flag. It sits in <sheetViews>, before the cells, which are not
        searched: a cell's text may hold the same words, and a national sheet's rows are megabytes to
        decode and scan."""
        data = self.changed[sheet_part] if sheet_part in self.changed else self._read_bytes(sheet_part)
        cells = data.find(b"<sheetData")
        head = data if cells < 0 else data[:cells]
        unselected = re.sub(_TAB_SELECTED.encode(), b'tabSelected="0"', head)
        if unselected != head:
            self.changed[sheet_part] = unselected + data[len(head) :]


def _free_id(ids: set[str]) -> str:
    """The first rIdN not yet used in a relationships part (and now taken)."""
    number = 1
    while f"rId{number}" in ids:
        number += 1
    ids.add(f"rId{number}")
    return f"rId{number}"


Edit = tuple[int, int, str]
"""Text to put in place of a part's characters [start, end) (an insertion where they are equal)."""


def _edited(xml: str, edits: list[Edit]) -> str:
    """The part with its edits (spans apart from each other) made in one pass: a national sheet is
    megabytes of text, and each copy of it costs milliseconds (made one by one, the edits copied it
    several times)."""
    pieces, position = [], 0
    for start, end, text in sorted(edits):
        pieces += [xml[position:start], text]
        position = end
    pieces.append(xml[position:])
    return "".join(pieces)


def _legacy_drawing(xml: str, vml_id: str, part: str) -> list[Edit]:
    """Insert <legacyDrawing> where CT_Worksheet wants it: among the top-level elements after the data
    (and the prefix it uses declared on the root, where it is not)."""
    root = re.search(r"<worksheet\b[^>]*>", xml)
    end_of_data = xml.rfind("</sheetData>")  # near the end: found at once, not after megabytes of rows
    if root is None or end_of_data < 0:
        raise CannotPatch(f"{part}: no <worksheet> root or </sheetData>")
    declared = re.search(r'xmlns:r="([^"]*)"', root.group(0))
    if declared is not None and declared.group(1) != _REL:
        raise CannotPatch(f"{part}: prefix r is bound to {declared.group(1)}")
    insert_at, depth = None, 0
    for tag in _TAG.finditer(xml, end_of_data + len("</sheetData>")):
        closing, name, self_closing = tag.group(1), tag.group(2), tag.group(3)
        if depth == 0 and not closing:
            if ":" in name:  # mc:AlternateContent wraps controls and objects whose order we cannot see
                raise CannotPatch(f"{part}: top-level {name}")
            if name == "legacyDrawing":
                raise CannotPatch(f"{part} has a legacy drawing of its own")
            if name in _AFTER_LEGACY_DRAWING:
                insert_at = tag.start()
                break
        if closing:
            if depth == 0:  # </worksheet>
                insert_at = tag.start()
                break
            depth -= 1
        elif not self_closing:
            depth += 1
    if insert_at is None:
        raise CannotPatch(f"{part}: no end of worksheet")
    edits = [(insert_at, insert_at, f'<legacyDrawing r:id="{vml_id}"/>')]
    if declared is None:
        edits.append((root.end() - 1, root.end() - 1, f' xmlns:r="{_REL}"'))
    return edits


def _reference(mark: CellMark) -> str:
    return f"{get_column_letter(mark.column)}{mark.row}"


def _comments_xml(marks: list[CellMark]) -> str:
    comments = "".join(
        f'<comment ref="{_reference(m)}" authorId="0">'
        f'<text><t xml:space="preserve">{_text(m.text)}</t></text></comment>'
        for m in marks
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<comments xmlns="{_MAIN}"><authors><author>{_text(COMMENT_AUTHOR)}</author></authors>'
        f"<commentList>{comments}</commentList></comments>"
    )


def _shape_blocks(marks: list[CellMark]) -> int:
    return len(marks) // 1023 + 1


def _shape_id(first_block: int, index: int) -> int:
    """Ids 1024·b+1 … 1024·b+1023 of block b, as Excel numbers note shapes."""
    return (first_block + index // 1023) * 1024 + 1 + index % 1023


def _vml_xml(marks: list[CellMark], first_block: int) -> str:
    """The legacy drawing Excel needs to show the comments: one hidden note shape per marked cell."""
    blocks = ",".join(str(first_block + b) for b in range(_shape_blocks(marks)))
    shapes = "".join(
        f'<v:shape id="_x0000_s{_shape_id(first_block, i)}" type="#_x0000_t202" '
        'style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:320px;height:140px;'
        'z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">'
        '<v:fill color2="#ffffe1"/><v:shadow color="black" obscured="t"/><v:path o:connecttype="none"/>'
        '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"/></v:textbox>'
        '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
        f"<x:Anchor>{m.column}, 15, {max(m.row - 2, 0)}, 2, {m.column + 4}, 15, {m.row + 6}, 16</x:Anchor>"
        f"<x:AutoFill>False</x:AutoFill><x:Row>{m.row - 1}</x:Row><x:Column>{m.column - 1}</x:Column>"
        "</x:ClientData></v:shape>"
        for i, m in enumerate(marks)
    )
    return (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">'
        f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{blocks}"/></o:shapelayout>'
        '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
        '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        f"{shapes}</xml>"
    )


def _summary_xml(summary: SummarySheet, title_style: int, bold_style: int) -> str:
    rows = []
    for number, values in enumerate(summary.rows, start=1):
        style = title_style if number == summary.title_row else bold_style if number in summary.bold_rows else None
        style_attribute = f' s="{style}"' if style is not None else ""
        cells = []
        for column, value in enumerate(values, start=1):
            if value is None:
                continue
            reference = f"{get_column_letter(column)}{number}"
            if isinstance(value, bool) or not isinstance(value, int | float):
                body = f'<is><t xml:space="preserve">{_text(value)}</t></is>'
                cells.append(f'<c r="{reference}"{style_attribute} t="inlineStr">{body}</c>')
            else:
                cells.append(f'<c r="{reference}"{style_attribute}><v>{value}</v></c>')
        rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    widths = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(summary.widths, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
        f"<cols>{widths}</cols><sheetData>{''.join(rows)}</sheetData></worksheet>"
    )
