"""The province's report: every problem with its location, in JSON and a readable page."""

from __future__ import annotations

import html
import json
from pathlib import Path

import openpyxl
import pandas as pd

from cadres.feedback import dry_run, write_feedback
from cadres.report import in_group_order, rule_groups, write_report
from cadres.workbook import read_workbook
from schemas.rules import RULES, TAB_RULES
from schemas.validation import validate_workbook
from tests import workbooks as wb


def test_report_locates_each_problem_in_json_and_html(tmp_path: Path) -> None:
    sheets = wb.workbook(
        "08", 2024, canbo=[wb.cadre_row(), wb.cadre_row(national_id="008180000999", commune_code="07033")]
    )
    path = wb.write_xlsx(tmp_path / "08" / "tq.xlsx", sheets)
    result = validate_workbook(read_workbook(path), folder_province="08")
    summary = {
        "file_name": path.name,
        "submission_id": "ab" * 32,
        "province_code": "08",
        "report_year": 2024,
        "status": result.status,
    }
    paths = write_report(tmp_path / "outbox", summary, result.issues)

    assert paths.json.parent == tmp_path / "outbox" / "08" / "2024"
    problems = json.loads(paths.json.read_text(encoding="utf-8"))["problems"]
    located = {(p["rule"], p["sheet"], p["row"], p["header"], p["value"], p["severity"]) for p in problems}
    assert ("CANBO.ID.GENDER_DIGIT", "CanBo", 3, "Số định danh cá nhân", "008180000999", "error") in located
    assert ("COMMUNE.OTHER_PROVINCE", "CanBo", 3, "Mã xã", "07033", "error") in located
    assert all(p["message"] and p["hint"] for p in problems)
    keys = {"rule", "severity", "sheet", "sheet_as_written", "row", "header", "value", "detail", "message", "hint"}
    assert all(set(p) == keys for p in problems)  # what a province's program reads: keys are only added
    counted = json.loads(paths.json.read_text(encoding="utf-8"))["rules"]  # grouped by rule with counts (§4)
    assert {(r["rule"], r["severity"]): r["count"] for r in counted} == (
        result.issues.groupby(["rule", "severity"]).size().to_dict()
    )
    assert len(counted) == 2 and [r["severity"] for r in counted] == sorted(r["severity"] for r in counted)
    assert sum(r["count"] for r in counted) == len(problems) and all(r["message"] and r["hint"] for r in counted)

    page = paths.html.read_text(encoding="utf-8")
    assert "width=device-width" in page and "Mã xã thuộc tỉnh khác" in page and "07033" in page
    assert "<li>Năm báo cáo: 2024</li>" in page and "report_year" not in page  # facts named for the province
    # No code word reaches the province: the outcome is the page's title, each group says Lỗi or Cảnh báo.
    assert result.status not in page and "<h3>Lỗi: Mã xã thuộc tỉnh khác" in page


def test_every_form_of_the_report_names_the_sheet_as_the_province_wrote_it(tmp_path: Path) -> None:
    """A province's tab '1. Danh sách cán bộ' is read as CanBo: the page and the copy's summary name the
    tab it can find; the JSON gives both (the standard's name stays in `sheet` for programs)."""
    sheets = wb.workbook("08", 2024)
    sheets["1. Danh sách cán bộ"] = wb.table([wb.cadre_row(), wb.cadre_row(national_id="008180000999")])
    path = wb.write_xlsx(tmp_path / "08" / "tq.xlsx", sheets)
    result = validate_workbook(read_workbook(path), folder_province="08")
    summary = {"file_name": path.name, "submission_id": "cd" * 32, "province_code": "08", "report_year": 2024}
    paths = write_feedback(tmp_path / "outbox", summary, result, path)

    problems = json.loads(paths.json.read_text(encoding="utf-8"))["problems"]
    assert {(p["rule"], p["sheet"], p["sheet_as_written"], p["row"]) for p in problems} == {
        ("CANBO.ID.GENDER_DIGIT", "CanBo", "1. Danh sách cán bộ", 3)
    }
    assert "<td>1. Danh sách cán bộ</td><td>3</td>" in paths.html.read_text(encoding="utf-8")
    summary_rows = openpyxl.load_workbook(paths.workbook)["KetQua"].iter_rows(values_only=True)
    assert any(row[1] == "CANBO.ID.GENDER_DIGIT" and row[2] == "1. Danh sách cán bộ" for row in summary_rows)


def test_every_form_of_the_report_tells_a_misnamed_commune_code_whose_code_it_is(tmp_path: Path) -> None:
    """'00745 - Xã Phố Cáo' in a 2025 file: the list gives 00745 to Phố Bảng. Each problem says so beside
    its value, in one group on the page (the rule's fix is the same for every such cell)."""
    cadres = [wb.cadre_row(commune_code="00745 - Xã Phố Cáo"), wb.cadre_row(national_id="008080000999")]
    cadres[1]["Mã xã"] = "00721 - Xã Trung Môn"
    path = wb.write_xlsx(tmp_path / "08" / "tq.xlsx", {"ThongTin": wb.thongtin(year=2025), "CanBo": wb.table(cadres)})
    result = validate_workbook(read_workbook(path), folder_province="08")
    summary = {"file_name": path.name, "submission_id": "cd" * 32, "province_code": "08", "report_year": 2025}
    paths = write_feedback(tmp_path / "outbox", summary, result, path)

    said = {
        (p["row"], p["detail"])
        for p in json.loads(paths.json.read_text(encoding="utf-8"))["problems"]
        if p["rule"] == "COMMUNE.NAME_MISMATCH"
    }
    assert said == {
        (2, "Mã 00745 trong danh mục năm báo cáo là Xã Phố Bảng"),
        (3, "Mã 00721 trong danh mục năm báo cáo là Xã Đồng Văn"),
    }
    page = paths.html.read_text(encoding="utf-8")
    assert page.count("(COMMUNE.NAME_MISMATCH, 2)") == 1
    assert "<td>00745 - Xã Phố Cáo</td><td>Mã 00745 trong danh mục năm báo cáo là Xã Phố Bảng</td>" in page
    copy = openpyxl.load_workbook(paths.workbook)
    assert "là Xã Phố Bảng" in copy["CanBo"]["F2"].comment.text
    assert any("là Xã Đồng Văn" in str(row) for row in copy["KetQua"].iter_rows(values_only=True))


def test_a_tab_that_was_not_read_is_named_as_written_even_with_a_standard_name(tmp_path: Path) -> None:
    """The province copied CanBo to 'CanBo (2)', corrected the copy and hid the original: the warning
    about the hidden tab names 'CanBo', not the tab that was read."""
    sheets = wb.workbook("08", 2024)
    sheets["CanBo"] = wb.table([wb.cadre_row(full_name="Bản cũ")])
    sheets["CanBo (2)"] = wb.table([wb.cadre_row(), wb.cadre_row(national_id="008180000999")])
    path = wb.write_xlsx(tmp_path / "08" / "tq.xlsx", sheets)
    book = openpyxl.load_workbook(path)
    book["CanBo"].sheet_state = "hidden"
    book.save(path)
    result = validate_workbook(read_workbook(path), folder_province="08")
    summary = {"file_name": path.name, "submission_id": "ef" * 32, "province_code": "08", "report_year": 2024}
    problems = json.loads(write_feedback(tmp_path / "outbox", summary, result, path).json.read_text(encoding="utf-8"))
    shown = {(p["rule"], p["sheet_as_written"]) for p in problems["problems"]}
    assert ("FILE.HIDDEN_SHEET_IGNORED", "CanBo") in shown and ("CANBO.ID.GENDER_DIGIT", "CanBo (2)") in shown
    assert RULES.keys() >= TAB_RULES


def test_the_provinces_own_text_is_shown_on_the_page_never_run_as_markup(tmp_path: Path) -> None:
    """A cell, a tab name and a file name are the province's text: the page shows them escaped."""
    script = "<script>alert(1)</script>"
    sheets = wb.workbook(
        "08", 2024, canbo=[wb.cadre_row(), wb.cadre_row(national_id="008180000999", commune_code=script)]
    )
    sheets["A&B <ghi chú>"] = [["một tab của tỉnh"]]  # not a standard sheet: named in a warning
    path = wb.write_xlsx(tmp_path / "08" / "tq.xlsx", sheets)
    result = validate_workbook(read_workbook(path), folder_province="08")
    summary = {"file_name": "<b>tq</b>.xlsx", "submission_id": "ef" * 32, "province_code": "08", "report_year": 2024}
    paths = write_feedback(tmp_path / "outbox", summary, result, path)

    page = paths.html.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert "A&amp;B &lt;ghi chú&gt;" in page and "<ghi chú>" not in page
    assert "&lt;b&gt;tq&lt;/b&gt;.xlsx" in page and "<b>tq</b>" not in page


def test_a_file_rejected_whole_in_strict_mode_counts_its_valid_rows_apart(tmp_path: Path) -> None:
    """Not '0 valid rows': the province corrects the one bad row, the others were fine."""

    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(), wb.cadre_row(national_id="008180000999")])
    path = wb.write_xlsx(tmp_path / "08" / "tq.xlsx", sheets)
    lenient, _, _ = dry_run(path, "08", tmp_path / "lenient", strict=False)
    result, summary, paths = dry_run(path, "08", tmp_path / "strict", strict=True)

    assert result.status == "rejected" and lenient.rows_loaded >= 1
    assert summary["rows_loaded"] == 0 and summary["rows_valid_rejected"] == lenient.rows_loaded
    assert summary["errors"] == result.errors > 0  # a dry run's report counts problems as a real one does
    page = paths.html.read_text(encoding="utf-8")
    assert "<li>Số dòng đã nạp: 0</li>" in page
    assert f"<li>Số dòng hợp lệ (không nạp vì cả tệp bị từ chối): {lenient.rows_loaded}</li>" in page
    copy = openpyxl.load_workbook(paths.workbook)
    facts = {row[0]: row[1] for row in copy.worksheets[0].iter_rows(values_only=True) if row and row[0]}
    assert facts["Số dòng hợp lệ (không nạp vì cả tệp bị từ chối)"] == lenient.rows_loaded
    assert json.loads(paths.json.read_text(encoding="utf-8"))["summary"]["rows_valid_rejected"] == lenient.rows_loaded


def test_a_real_date_cell_is_quoted_as_the_province_sees_it(tmp_path: Path) -> None:
    """A birth date typed as an Excel date (not text): the report shows 15/03/1950, not the reader's
    '1950-03-15 00:00:00'."""
    import datetime as dt

    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(birth_date=dt.datetime(1950, 3, 15))])
    result = validate_workbook(read_workbook(wb.write_xlsx(tmp_path / "08" / "tq.xlsx", sheets)), folder_province="08")
    too_old = result.issues[result.issues["rule"] == "CANBO.AGE.RANGE"]
    assert too_old["value"].tolist() == ["15/03/1950"]
    # with a time of day, as Excel shows it too (the reader's text was quoted raw)
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(birth_date=dt.datetime(1950, 3, 15, 8, 30))])
    result = validate_workbook(read_workbook(wb.write_xlsx(tmp_path / "08" / "t.xlsx", sheets)), folder_province="08")
    too_old = result.issues[result.issues["rule"] == "CANBO.AGE.RANGE"]
    assert too_old["value"].tolist() == ["15/03/1950 08:30"]


def test_the_page_lists_errors_before_warnings_and_names_the_sheets_a_file_leaves_empty(tmp_path: Path) -> None:
    """A CanBo sent alone to 'add' cadres replaces the year's whole file: its courses, attendance and
    criteria were emptied with a report saying nothing of it. Errors came mixed among warnings that say
    no action is needed; a year never read showed as 'None'."""
    from cadres.feedback import dry_run

    canbo = wb.table(
        [
            wb.cadre_row(commune_code="07033"),
            wb.cadre_row(national_id=wb.FEMALE_1985, birth_date="02/09/1985", gender="Nữ"),
        ]
    )
    canbo = [*canbo, ["Tổng cộng", *[None] * (len(canbo[0]) - 2), "2"]]  # a warning first in the sheet
    canbo[1], canbo[2] = canbo[2], canbo[1]
    path = wb.write_xlsx(tmp_path / "08" / "bo-sung.xlsx", {"ThongTin": wb.thongtin(), "CanBo": canbo})

    _, summary, paths = dry_run(path, "08", tmp_path / "outbox")

    assert summary["sheets_absent"] == "KhoaHoc, HocVien, TieuChi, CongNhan"
    page = paths.html.read_text(encoding="utf-8")
    assert "Sheet không có trong tệp" in page and "KhoaHoc, HocVien, TieuChi, CongNhan" in page
    assert page.index("<h3>Lỗi:") < page.index("<h3>Cảnh báo:")

    rejected = wb.write_xlsx(
        tmp_path / "08" / "thieu-tinh.xlsx", {"ThongTin": wb.thongtin(province_code=None), "CanBo": canbo}
    )
    _, _, paths = dry_run(rejected, "08", tmp_path / "outbox")
    assert "None" not in paths.html.read_text(encoding="utf-8")


def test_every_form_of_the_report_names_a_sheet_whose_every_row_is_held(tmp_path: Path) -> None:
    """Every cadre held (their attendance with them): the file loads its courses and criteria, and
    replaces the cadres sent before with none. The page, the JSON and the copy's summary say which."""
    sheets = wb.clean_workbook("08", 2024)
    sheets["CanBo"] = wb.table([wb.cadre_row(national_id=f"00818000012{i}") for i in range(3)])
    path = wb.write_xlsx(tmp_path / "08" / "can-bo-loi.xlsx", sheets)

    _, summary, paths = dry_run(path, "08", tmp_path / "outbox")

    assert summary["status"] == "accepted_with_errors" and summary["sheets_all_held"] == "CanBo, HocVien"
    assert json.loads(paths.json.read_text(encoding="utf-8"))["summary"]["sheets_all_held"] == "CanBo, HocVien"
    page = paths.html.read_text(encoding="utf-8")
    assert "mọi dòng đều bị giữ lại" in page and "CanBo, HocVien" in page
    copy = [row for row in openpyxl.load_workbook(paths.workbook)["KetQua"].iter_rows(values_only=True) if row[0]]
    assert any("mọi dòng đều bị giữ lại" in str(row[0]) and row[1] == "CanBo, HocVien" for row in copy)


def test_a_workbook_without_any_standard_sheet_still_gets_its_report(tmp_path: Path) -> None:
    """The wrong workbook sent (no tab read as a standard sheet): the report crashed before it was written
    (an all-missing sheet-name column taken for numbers), so the province never heard why."""
    from cadres.feedback import dry_run

    path = wb.write_xlsx(tmp_path / "08" / "nham-tep.xlsx", {"Sheet1": [["a", "b"], ["1", "2"]]})
    result, _, paths = dry_run(path, "08", tmp_path / "outbox")
    assert result.status == "rejected"
    assert paths.json.exists() and paths.html.exists()


def test_reports_stay_in_the_outbox_whatever_the_file_says_or_is_called(tmp_path: Path) -> None:
    """A file outside a province folder is filed under the province its ThongTin names: '../../x' there
    wrote the reports outside the outbox; a long Vietnamese file name passed 255 bytes."""
    from cadres.feedback import dry_run

    outbox = tmp_path / "outbox"
    sheets = wb.workbook("08", 2024, info=wb.thongtin("../../thoat", 2024), canbo=[wb.cadre_row()])
    _, _, paths = dry_run(wb.write_xlsx(tmp_path / "ngoai" / "thu.xlsx", sheets), None, outbox)
    assert paths.json.parent == outbox / "unknown" / "2024"
    long_name = wb.write_xlsx(tmp_path / "08" / f"{'ạ' * 80}.xlsx", wb.clean_workbook("08", 2024))
    _, _, paths = dry_run(long_name, "08", outbox)
    assert paths.json.exists() and paths.workbook is not None and paths.workbook.exists()
    assert not list(tmp_path.glob("thoat*")) and not (tmp_path.parent / "thoat").exists()


def test_a_rule_whose_hint_names_each_columns_values_is_one_group(tmp_path: Path) -> None:
    """Contract §4, grouped by rule with counts: three unknown codes in three columns are one group of 3
    (each column's hint lists its own values, which split them into three groups under one heading);
    the heading gives the rule's hint, each problem its own."""
    bad = wb.cadre_row(gender="Khác", education="Lớp 12", political_theory="Đang học cao cấp")
    path = wb.write_xlsx(tmp_path / "08" / "tq.xlsx", wb.workbook("08", 2024, canbo=[bad]))
    result = validate_workbook(read_workbook(path), folder_province="08")
    summary = {"file_name": path.name, "submission_id": "ef" * 32, "province_code": "08", "report_year": 2024}
    paths = write_report(tmp_path / "outbox", summary, result.issues)

    unknown = result.issues[result.issues["rule"] == "CELL.CODE_UNKNOWN"]
    assert len(unknown) == 3 and unknown["hint"].nunique() == 3
    document = json.loads(paths.json.read_text(encoding="utf-8"))
    (group,) = [r for r in document["rules"] if r["rule"] == "CELL.CODE_UNKNOWN"]
    assert group["count"] == 3 and group["hint"] == RULES["CELL.CODE_UNKNOWN"].hint
    page = paths.html.read_text(encoding="utf-8")
    assert page.count("(CELL.CODE_UNKNOWN, 3)") == 1 and "(CELL.CODE_UNKNOWN, 1)" not in page
    assert all(hint in page for hint in unknown["hint"])  # each column's values, beside its problem


def test_a_rule_naming_a_standard_sheet_names_the_provinces_tab_too(tmp_path: Path) -> None:
    """'Số định danh không có trong sheet CanBo' sent an officer whose tabs are '1. Danh sách cán bộ' and
    '3. Học viên' looking for a tab it does not have: the message, in every form, names its tab too; a
    held row's detail too. Rule texts naming a tab the province named as the standard stay as they are."""
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(), wb.cadre_row(national_id="008180000999")])
    sheets["1. Danh sách cán bộ"] = sheets.pop("CanBo")
    sheets["KhoaHoc"] = wb.table([wb.course_row()])
    sheets["3. Học viên"] = wb.table(
        [
            wb.attendance_row(),
            wb.attendance_row(national_id="008080000777"),  # nobody's ID
            wb.attendance_row(national_id="008180000999"),  # the cadre held back
            wb.attendance_row(course_code="KH99"),
        ]
    )
    path = wb.write_xlsx(tmp_path / "08" / "tq.xlsx", sheets)
    result = validate_workbook(read_workbook(path), folder_province="08")
    summary = {"file_name": path.name, "submission_id": "cd" * 32, "province_code": "08", "report_year": 2024}
    paths = write_feedback(tmp_path / "outbox", summary, result, path)

    report = json.loads(paths.json.read_text(encoding="utf-8"))
    told = {(p["rule"], p["row"]): (p["message"], p["detail"]) for p in report["problems"]}
    unknown_id = "Số định danh không có trong sheet '1. Danh sách cán bộ' (CanBo)"
    assert told[("HOCVIEN.CADRE.UNKNOWN", 3)] == (unknown_id, None)
    assert told[("HOCVIEN.DEPENDS_ON_INVALID", 4)][1] == "'1. Danh sách cán bộ' (CanBo) dòng 3"
    assert {r["rule"]: r["message"] for r in report["rules"]}["HOCVIEN.CADRE.UNKNOWN"] == unknown_id
    assert html.escape(unknown_id) in paths.html.read_text(encoding="utf-8")
    copy = openpyxl.load_workbook(paths.workbook)
    assert any(unknown_id in str(row) for row in copy["KetQua"].iter_rows(values_only=True))
    assert told[("HOCVIEN.COURSE.UNKNOWN", 5)][0] == RULES["HOCVIEN.COURSE.UNKNOWN"].message  # its tab: KhoaHoc
    hints = {p["rule"]: p["hint"] for p in report["problems"]}
    assert "thêm cán bộ vào '1. Danh sách cán bộ' (CanBo)" in hints["HOCVIEN.CADRE.UNKNOWN"]
    assert "(sửa dòng của cán bộ này trong '1. Danh sách cán bộ' (CanBo))" in hints["HOCVIEN.DEPENDS_ON_INVALID"]


def test_a_tab_not_read_keeps_the_standards_names_in_its_hint_and_every_sheet_is_known() -> None:
    """A duplicate tab's hint gives the standard's example ('một sheet CanBo cho cả tỉnh'): it is about
    the template, not the province's CanBo tab; so are the names a tab named otherwise should have had.
    The names looked for are the standard's sheets."""
    from cadres.report import STANDARD_SHEETS, with_sheets_as_written
    from schemas.issues import issues_frame, with_rule_details
    from schemas.sheets import SHEETS_BY_NAME

    issues = with_rule_details(
        issues_frame(
            [
                {"rule": "FILE.SHEET_DUPLICATE", "sheet": "Cán bộ xã A"},
                {"rule": "HOCVIEN.DEPENDS_ON_INVALID", "sheet": "HocVien", "row": 3, "detail": "CanBo dòng 2"},
                {"rule": "FILE.SHEET_RECOGNISED", "sheet": "CanBo", "row": 1, "value": "Cán bộ"},
            ]
        )
    )
    told = with_sheets_as_written(issues, {"CanBo": "Cán bộ", "HocVien": "HocVien"})

    assert told.loc[0, "hint"] == RULES["FILE.SHEET_DUPLICATE"].hint
    # the names to give a tab named otherwise are the standard's, not the province's (an explorer's)
    assert told.loc[2, "hint"] == RULES["FILE.SHEET_RECOGNISED"].hint and told.loc[2, "sheet_as_written"] == "Cán bộ"
    assert told.loc[1, "detail"] == "'Cán bộ' (CanBo) dòng 2"
    assert told["detail"].dtype == issues["detail"].dtype and told["hint"].dtype == issues["hint"].dtype
    assert set(STANDARD_SHEETS) == set(SHEETS_BY_NAME)


def test_a_file_whose_only_error_is_in_thongtin_is_not_said_to_hold_rows_back(tmp_path: Path) -> None:
    """Accepted with errors, no row held: the headline must not tell the province rows were held back,
    nor strict mode's reason that rows had errors."""
    sheets = {**wb.clean_workbook(), "ThongTin": wb.thongtin(prepared_by=None)}
    path = wb.write_xlsx(tmp_path / "08" / "thieu-nguoi-lap.xlsx", sheets)

    result, summary, paths = dry_run(path, "08", tmp_path / "outbox", strict=False)

    assert (result.status, summary["rows_quarantined"]) == ("accepted_with_errors", 0)
    page = paths.html.read_text(encoding="utf-8")
    assert "<h1>Được chấp nhận, có lỗi</h1>" in page and "giữ lại</h1>" not in page

    strict, _, _ = dry_run(path, "08", tmp_path / "strict", strict=True)
    said = strict.issues.loc[strict.issues["rule"] == "FILE.STRICT_REJECTED", "message"].iloc[0]
    assert strict.status == "rejected" and "dòng lỗi" not in said


def test_the_province_and_bi_users_read_the_same_words_for_an_outcome() -> None:
    from cadres.report import STATUS_VI
    from warehouse.views import STATUS_LABELS

    assert STATUS_LABELS["accepted_with_errors"] == STATUS_VI["accepted_with_errors"] == "Được chấp nhận, có lỗi"
    assert STATUS_LABELS["accepted"] == STATUS_VI["accepted"]


def test_a_detail_naming_cadre_rows_names_the_tab_as_written(tmp_path: Path) -> None:
    """TIEUCHI.C18_STANDARD points at the CanBo rows it counted: 'CanBo dòng 3' sent the officer to a tab
    its workbook does not have, where the message beside it named 'Danh sách cán bộ'."""
    substandard = wb.cadre_row(
        national_id=wb.FEMALE_1985, gender="Nữ", birth_date="02/09/1985", commune_code="02488", meets_standard="Không"
    )
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(), substandard])
    sheets["Danh sách cán bộ"] = sheets.pop("CanBo")
    sheets["TieuChi"] = wb.table([wb.criterion_row(2024, commune_code="02488", criterion_no="18")])
    path = wb.write_xlsx(tmp_path / "08" / "c18.xlsx", sheets)

    result, _, paths = dry_run(path, "08", tmp_path / "outbox", strict=False)

    problems = json.loads(paths.json.read_text(encoding="utf-8"))["problems"]
    told = [p["detail"] for p in problems if p["rule"] == "TIEUCHI.C18_STANDARD"]
    assert told == ["'Danh sách cán bộ' (CanBo) dòng 3"], result.issues[["rule", "detail"]].to_dict("records")


def test_problems_are_listed_errors_first_rule_by_rule_then_sheet_by_sheet_and_row_by_row() -> None:
    """The order every form of the report lists problems in: errors before warnings; the rules in the
    order the file first shows them; within a rule, the file's own problems (no sheet) first, then each
    sheet as the rule first shows it, its rows ascending and a problem without a row last."""
    issues = pd.DataFrame(
        [
            ("W", "warning", "w", "CanBo", 4),  # 0: a warning first in the file still comes after every error
            ("B", "error", "b", "HocVien", 9),  # 1: rule B shows first, in HocVien
            ("A", "error", "a", "CanBo", 7),  # 2
            ("B", "error", "b", "CanBo", 2),  # 3: B's CanBo after its HocVien, shown first
            ("B", "error", "b", "HocVien", 3),  # 4: row 3 before row 9
            ("B", "error", "b", None, None),  # 5: the file's own problem first in its rule
            ("A", "error", "a", "CanBo", None),  # 6: no row: last of its sheet
            ("A", "error", "a", "CanBo", 5),  # 7
        ],
        columns=["rule", "severity", "message", "sheet", "row"],
        index=[10, 11, 12, 13, 14, 15, 16, 17],
    ).astype({"row": "Int64"})

    assert list(in_group_order(issues).index) == [15, 14, 11, 13, 17, 12, 16, 10]
    assert [(key[0], list(group.index)) for key, group in rule_groups(issues)] == [
        ("B", [15, 14, 11, 13]),
        ("A", [17, 12, 16]),
        ("W", [10]),
    ]
    assert in_group_order(issues.iloc[:0]).empty
