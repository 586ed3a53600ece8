"""Where an .xlsx/.xlsm package keeps each sheet: read by the marked copy and by the merged-cell reader."""

from __future__ import annotations

import posixpath
from xml.etree import ElementTree

MAIN_NAMESPACE = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIP_NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def sheet_parts(workbook_xml: str | bytes, workbook_rels_xml: str | bytes) -> dict[str, str] | None:
    """Each sheet's name → its part ('xl/worksheets/sheet1.xml'), from xl/workbook.xml and its rels;
    None when the workbook lists no sheets. A target may be relative to xl/ or absolute."""
    targets = {r.get("Id"): r.get("Target", "") for r in ElementTree.fromstring(workbook_rels_xml)}
    sheets = ElementTree.fromstring(workbook_xml).find(f"{{{MAIN_NAMESPACE}}}sheets")
    if sheets is None:
        return None
    parts = {}
    for sheet in sheets:
        target = targets.get(sheet.get(f"{{{RELATIONSHIP_NAMESPACE}}}id"), "")
        parts[sheet.get("name", "")] = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        )
    return parts
