"""Where an .xlsx/.xlsm package keeps each sheet: read by the marked copy and by the merged-cell reader."""

from __future__ import annotations

import posixpath
from xml.etree import ElementTree

MAIN_NAMESPACE = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIP_NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_NAMESPACES = (
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
"""Excel's 'Strict Open XML Spreadsheet': the same parts under other namespaces (fastexcel reads it)."""


def sheet_parts(workbook_xml: str | bytes, workbook_rels_xml: str | bytes) -> dict[str, str] | None:
    """Each sheet's name → its part ('xl/worksheets/sheet1.xml'), from xl/workbook.xml and its rels;
    None when the workbook lists no sheets. A target may be relative to xl/ or absolute."""
    targets = {r.get("Id"): r.get("Target", "") for r in ElementTree.fromstring(workbook_rels_xml)}
    workbook = ElementTree.fromstring(workbook_xml)
    found = (
        (sheets, relationships)
        for main, relationships in ((MAIN_NAMESPACE, RELATIONSHIP_NAMESPACE), STRICT_NAMESPACES)
        if (sheets := workbook.find(f"{{{main}}}sheets")) is not None
    )
    sheets, relationships = next(found, (None, ""))
    if sheets is None:
        return None
    parts = {}
    for sheet in sheets:
        target = targets.get(sheet.get(f"{{{relationships}}}id"), "")
        parts[sheet.get("name", "")] = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        )
    return parts
