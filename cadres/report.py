"""The report back to the province: JSON with stable rule codes and a readable HTML page.

Written for every outcome. The annotated copy of the workbook comes with the feedback work
(issue 3); these two forms already carry sheet, Excel row, header as written, value, reason.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from schemas.rules import RULES, SEVERITY_VI, TAB_RULES

STATUS_VI = {
    "rejected": "Bị từ chối: không có dữ liệu nào được nạp",
    "accepted": "Được chấp nhận",
    "accepted_with_errors": "Được chấp nhận, có lỗi",
}
SUMMARY_LABELS_VI = {
    "file_name": "Tệp",
    "province_code": "Mã tỉnh",
    "report_year": "Năm báo cáo",
    "status": "Trạng thái",
    "warehouse": "Kho dữ liệu",
    "rows_loaded": "Số dòng đã nạp",
    "rows_quarantined": "Số dòng bị giữ lại",
    "rows_valid_rejected": "Số dòng hợp lệ (không nạp vì cả tệp bị từ chối)",
    "errors": "Số lỗi",
    "warnings": "Số cảnh báo",
    "sheets_absent": (
        "Sheet không có trong tệp hoặc không có dòng nào (tệp này thay cả tệp gửi trước: tỉnh, năm không còn "
        "dữ liệu của các sheet này)"
    ),
    "sheets_all_held": (
        "Sheet có dòng nhưng mọi dòng đều bị giữ lại vì có lỗi (tệp này thay cả tệp gửi trước: tỉnh, năm không "
        "còn dữ liệu của các sheet này cho tới khi gửi lại tệp đã sửa)"
    ),
    "submission_id": "Mã tệp (SHA-256)",
}
"""How the summary's facts are named for the province (the JSON keeps the stable English keys)."""
SHOWN_AS_HEADLINE = {"status", "warehouse"}
"""Facts the page states in words above the list (its title and the sentence under it), not as codes."""


def in_the_warehouse(summary: dict) -> bool:
    """Whether a file's valid rows are in the warehouse: loaded now, or by an earlier copy of the same
    bytes (`unchanged`). A held, left-behind (`stale`) or only checked file's rows are valid, not loaded;
    a rejected file loads none (its valid rows are counted apart, `rows_valid_rejected`)."""
    return summary.get("status") != "rejected" and summary.get("warehouse") in ("loaded", "unchanged")


def summary_label(key: str, summary: dict) -> str:
    """A fact's name for the province: rows that did not reach the warehouse are valid rows, not loaded
    ones (`in_the_warehouse`)."""
    if key == "rows_loaded" and summary.get("status") != "rejected" and not in_the_warehouse(summary):
        return "Số dòng hợp lệ (chưa nạp)"
    return SUMMARY_LABELS_VI[key]


def rows_told(summary: dict) -> dict[str, object]:
    """The row counts as an operator's artifact or log line states them: `rows_loaded` only for rows in
    the warehouse (0 for a held, left-behind or only checked file), `rows_valid` the rows that passed
    (a rejected file's counted apart: `rows_valid_rejected`, as it loads none)."""
    valid = summary.get("rows_valid_rejected", 0) if summary.get("status") == "rejected" else summary.get("rows_loaded")
    return {"rows_loaded": valid if in_the_warehouse(summary) else 0, "rows_valid": valid}


def errors_said_as(summary: dict) -> str:
    """How an operator's line names the rows with errors: held back, or, in a rejected file (refused whole,
    nothing held), rows with errors."""
    return "with errors" if summary.get("status") == "rejected" else "held back"


OUTCOME_COLUMNS = (
    "province_code",
    "report_year",
    "file_name",
    "status",
    "warehouse",
    "rows_loaded",
    "rows_valid",
    "rows_quarantined",
    "report_html",
)


def outcome_rows(outcomes: list[dict]) -> list[dict]:
    """One row per file with the same columns in every flow that handles several files (artifact tables)."""
    told = [{**outcome, **rows_told(outcome)} for outcome in outcomes]
    return [{column: outcome.get(column) for column in OUTCOME_COLUMNS} for outcome in told]


ACTION_VI = {
    "loaded": "đã nạp vào kho dữ liệu",
    "recorded": "đã ghi nhận, không nạp",
    "held": "đã lưu và ghi nhận; số liệu tỉnh-năm này đã được phê duyệt và khóa nên chưa nạp",
    "unchanged": "trùng tệp đã nộp, không thay đổi",
    "stale": (
        "tệp này đã đến hệ thống trước đây, trước tệp đang dùng cho số liệu năm này (một tệp khác của tỉnh, "
        "gửi sau tệp này), nên không được nạp đè lên số liệu mới hơn. Nếu muốn dùng tệp này, hãy mở tệp, lưu "
        "lại rồi gửi lại"
    ),
    "dry-run": "kiểm tra thử, không nạp",
}


@dataclass(frozen=True)
class ReportPaths:
    json: Path
    html: Path
    workbook: Path | None = None


OPERATORS_ONLY = {"submission_sk", "archived_as"}
"""Summary keys for the run's artifacts, not the province: the ledger's internal key and the archived
copy's path on the server (the province knows its file by name and by the SHA-256 the report gives)."""


def with_sheets_as_written(issues: pd.DataFrame, written_names: Mapping[str, str]) -> pd.DataFrame:
    """Add `sheet_as_written`: the tab as the province named it ('1. Danh sách cán bộ'), which is what
    it looks for in its file; `sheet` stays the standard's name (CanBo). A problem about a tab that was
    not read (unknown, duplicate, hidden copy) already names it as written, even when that name is a
    standard one ('CanBo' hidden beside a visible 'CanBo (2)')."""
    # as text from the start: with no sheet read the mapping is empty, and its all-missing result was a
    # float column that refused the sheet names (the report of a wrong workbook was never written)
    sheets = issues["sheet"].astype(object)
    written = sheets.map(dict(written_names)).astype(object).where(~issues["rule"].isin(list(TAB_RULES)))
    issues = issues.assign(sheet_as_written=written.fillna(sheets).astype("string[pyarrow]"))
    renamed = {name: as_written for name, as_written in written_names.items() if as_written != name}
    if not renamed:
        return issues
    # A tab not read is named as written already; its hint's example ('một sheet CanBo') is the standard's,
    # as are the names a tab named otherwise should have had (a tab's own name there read as the standard's).
    tab_not_read = issues["rule"].isin([*TAB_RULES, *NAMES_THE_STANDARD_TABS])
    told = {
        column: issues[column].where(tab_not_read, _tabs_as_written(issues[column], renamed))
        for column in ("message", "hint")
        if column in issues
    }
    naming_rows = issues["rule"].isin(list(DETAIL_NAMES_ROWS))
    if naming_rows.any():  # their detail names rows of another sheet: 'CanBo dòng 4'
        told["detail"] = issues["detail"].where(~naming_rows, _tabs_as_written(issues["detail"], renamed))
    return issues.assign(**told)


NAMES_THE_STANDARD_TABS = frozenset({"FILE.SHEET_RECOGNISED"})
"""Rules whose hint lists the standard's tab names as the names to give ('ThongTin, CanBo, …'): the hint
read "(ThongTin, 'DS cán bộ' (CanBo), …)", the province's own name as if the template's."""
DETAIL_NAMES_ROWS = frozenset({"HOCVIEN.DEPENDS_ON_INVALID", "TIEUCHI.C18_STANDARD"})
"""Rules whose detail points at rows of another sheet by its standard name ('CanBo dòng 5, 9')."""
STANDARD_SHEETS = ("ThongTin", "CanBo", "KhoaHoc", "HocVien", "TieuChi", "CongNhan")
"""The standard's sheet names (schemas.sheets, not imported here: pandera's import is not a report's)."""
_STANDARD_TAB = re.compile(rf"\b(sheet )?({'|'.join(STANDARD_SHEETS)})\b")
"""A standard sheet's name in a rule's text ('không có trong sheet CanBo', 'thêm cán bộ vào CanBo')."""


def _tabs_as_written(texts: pd.Series, renamed: Mapping[str, str]) -> pd.Series:
    """Rule texts naming a standard sheet the province named otherwise also name its tab, which is what it
    finds in its file: 'sheet CanBo' becomes "sheet '1. Danh sách cán bộ' (CanBo)", 'vào CanBo' "vào
    '1. Danh sách cán bộ' (CanBo)". Each distinct text once (a rule's message is the same for every
    problem of it)."""

    def told(text: str) -> str:
        return _STANDARD_TAB.sub(lambda m: f"{m[1] or ''}'{renamed[m[2]]}' ({m[2]})" if m[2] in renamed else m[0], text)

    return texts.map({text: told(str(text)) for text in texts.dropna().unique()}).astype(texts.dtype)


def sheet_shown(issues: pd.DataFrame) -> pd.Series:
    """The sheet a person reads: as written when known."""
    if "sheet_as_written" not in issues:
        return issues["sheet"]
    return issues["sheet_as_written"].fillna(issues["sheet"])


RULE_GROUP = ["rule", "severity", "message"]
"""What one group of problems shares: the page shows a group under one heading, the JSON counts it (one
group per rule, contract §4: a rule whose hint differs per column, CELL.CODE_UNKNOWN listing each
column's values, was split into groups under the same heading, each counted apart)."""


def rule_groups(issues: pd.DataFrame) -> Iterator[tuple[tuple[str, str, str], pd.DataFrame]]:
    """The problems grouped by rule, in the order `in_group_order` gives."""
    yield from in_group_order(issues).groupby(RULE_GROUP, sort=False, dropna=False)


def in_group_order(issues: pd.DataFrame) -> pd.DataFrame:
    """The problems in the order the page, the JSON and the copy's summary sheet list them: grouped by
    rule, errors first, then in the order the file first shows each rule; within a group, sheet by sheet
    (as the group first shows them) and row by row (the checks find a rule's problems column by column:
    row 17 of one column came before row 7 of the next). One sort of the whole table: sorting group by
    group cost a national file's three reports about 15 ms."""
    issues = issues.sort_values("severity", key=lambda severity: severity.ne("error"), kind="stable")
    group = issues.groupby(RULE_GROUP, sort=False, dropna=False).ngroup()
    sheet = issues.groupby([group, issues["sheet"]], sort=False, dropna=False).ngroup()  # by first showing
    sheet = sheet.where(issues["sheet"].notna(), -1)  # a problem of no sheet (the file's) first
    keys = pd.DataFrame({"group": group, "sheet": sheet, "row": issues["row"]}).reset_index(drop=True)
    return issues.iloc[keys.sort_values(["group", "sheet", "row"], kind="stable").index]


def group_hint(rule: str, group: pd.DataFrame) -> tuple[str, bool]:
    """The hint a group's heading gives, and whether its problems carry hints of their own (the values
    each column's list allows): then the heading gives the rule's own and each problem its own."""
    hints = group["hint"].dropna().unique()
    if len(hints) <= 1:
        return (str(hints[0]) if len(hints) else ""), False
    return RULES[rule].hint if rule in RULES else "", True


def report_document(summary: dict, issues: pd.DataFrame) -> dict:
    """The JSON document: a summary, the problems counted by rule (as the page groups them) and one
    entry per problem."""
    issues = issues.assign(sheet_as_written=sheet_shown(issues))
    columns = ["rule", "severity", "sheet", "sheet_as_written", "row", "header", "value", "detail", "message", "hint"]
    problems = issues.reindex(columns=columns).astype(object).where(issues.reindex(columns=columns).notna(), None)
    return {
        "summary": {key: value for key, value in summary.items() if key not in OPERATORS_ONLY},
        "rules": [
            {
                **{name: None if pd.isna(part) else part for name, part in zip(RULE_GROUP, key, strict=True)},
                "hint": group_hint(key[0], group)[0] or None,
                "count": len(group),
            }
            for key, group in rule_groups(issues)
        ],
        "problems": [
            {**record, "row": None if record["row"] is None else int(record["row"])}
            for record in problems.to_dict("records")
        ],
    }


def _html(summary: dict, issues: pd.DataFrame) -> str:
    esc = html.escape
    issues = issues.assign(sheet=sheet_shown(issues))
    groups = []

    def text(value: object) -> str:
        return "" if value is None or pd.isna(value) else esc(str(value))

    for (rule, severity, message), group in rule_groups(issues):
        hint, own_hints = group_hint(rule, group)
        noted = group["detail"].notna().any()  # a column of its own only where a problem carries one
        rows = "".join(
            f"<tr><td>{text(r.sheet)}</td><td>{'' if pd.isna(r.row) else int(r.row)}</td>"
            f"<td>{text(r.header)}</td><td>{text(r.value)}</td>"
            + (f"<td>{text(r.detail)}</td>" if noted else "")
            + (f"<td>{text(r.hint)}</td>" if own_hints else "")
            + "</tr>"
            for r in group.itertuples()
        )
        groups.append(
            f"<section class='{esc(severity)}'><h3>{esc(SEVERITY_VI.get(severity, severity))}: {esc(message)} "
            f"<small>({esc(rule)}, {len(group)})</small></h3>"
            f"<p>Cách sửa: {esc(hint)}</p><table><tr><th>Sheet</th><th>Dòng</th><th>Cột</th><th>Giá trị</th>"
            + ("<th>Chi tiết</th>" if noted else "")
            + ("<th>Cách sửa</th>" if own_hints else "")
            + f"</tr>{rows}</table></section>"
        )
    facts = "".join(
        f"<li>{esc(summary_label(k, summary))}: {esc(str(v))}</li>"
        for k, v in summary.items()
        if k in SUMMARY_LABELS_VI and k not in SHOWN_AS_HEADLINE and v is not None  # a year never read: no line
    )
    return (
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Kết quả tiếp nhận {esc(summary.get('file_name', ''))}</title>"
        "<style>body{font-family:sans-serif;margin:1rem;max-width:60rem}table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #ccc;padding:.25rem;text-align:left}.error h3{color:#b00}.warning h3{color:#a60}"
        "</style></head><body>"
        f"<h1>{esc(STATUS_VI.get(summary.get('status', ''), summary.get('status', '')))}</h1>"
        f"<p>{esc(ACTION_VI.get(summary.get('warehouse', ''), ''))}</p><ul>{facts}</ul>"
        + ("".join(groups) or "<p>Không có lỗi.</p>")
        + "</body></html>"
    )


STEM_BYTES = 150
"""Of the file's own name in a report's name (UTF-8): a Vietnamese name of 80 letters is 240 bytes, and
with '-<sha8>-ket-qua.xlsx' it passed the file system's 255 (the report was never written)."""


def report_stem(outbox_dir: Path, summary: dict) -> Path:
    """outbox/<province>/<year>/<file>-<sha8>: every form of one submission's report shares it. The
    folders are named by a 2-digit province and a 4-digit year only: the province of a file outside a
    province folder is what its ThongTin says, and '../../x' there wrote the reports outside the outbox."""
    province, year = str(summary.get("province_code") or ""), str(summary.get("report_year") or "")
    folder = outbox_dir / (province if re.fullmatch(r"[0-9]{2}", province) else "unknown")
    folder = folder / (year if re.fullmatch(r"[0-9]{4}", year) else "unknown")
    name = re.sub(r"[\x00-\x1f/\\]", "_", Path(summary["file_name"]).stem)
    name = name.encode()[:STEM_BYTES].decode(errors="ignore")  # whole letters only
    return folder / f"{name}-{summary['submission_id'][:8]}"


def write_report(outbox_dir: Path, summary: dict, issues: pd.DataFrame) -> ReportPaths:
    """Write outbox/<province>/<year>/<file>-<sha8>.{json,html}."""
    stem = report_stem(outbox_dir, summary)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = ReportPaths(stem.with_name(stem.name + ".json"), stem.with_name(stem.name + ".html"))
    paths.json.write_text(
        json.dumps(report_document(summary, issues), ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    paths.html.write_text(_html(summary, issues), encoding="utf-8")
    return paths
