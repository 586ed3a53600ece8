"""The submission ledger: status history, approval lock, completeness and data quality over time."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from cadres.archive import archive
from cadres.calendar import expected_submissions
from cadres.preparation import prepare_file
from cadres.staging import ReceivedFile
from tests import workbooks as wb
from tests.warehouse.helpers import KEY, ingest, query, stage_file, table_counts
from warehouse.approval import ApprovalError, approve, unlock
from warehouse.backend import create_warehouse_engine
from warehouse.load import LoadResult, load_submission, record_reported
from warehouse.setup import RETIRED_VERSION, SCHEMA_VERSION, initialise, sync_calendar


@pytest.fixture
def engine(warehouse_url: str) -> Iterator[Engine]:
    engine = create_warehouse_engine(warehouse_url)
    initialise(engine)
    yield engine
    engine.dispose()


def _file(tmp_path: Path, name: str, sheets: wb.Sheets, province: str = "08") -> Path:
    return wb.write_xlsx(tmp_path / "inbox" / province / name, sheets)


def _events(engine: Engine) -> list[list]:
    return query(
        engine,
        """
        SELECT s.file_name, e.event, e.note FROM submission_event e
        JOIN dim_submission s ON s.submission_sk = e.submission_sk ORDER BY e.event_at, s.file_name""",
    ).values.tolist()


def test_status_history_records_every_change(engine: Engine, tmp_path: Path) -> None:
    ingest(engine, _file(tmp_path, "v1.xlsx", wb.clean_workbook("08", 2024)))
    ingest(engine, _file(tmp_path, "v2.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()])))
    ingest(engine, _file(tmp_path, "bad.xlsx", wb.clean_workbook("08", 2024), province="22"))
    events = _events(engine)
    assert [e[:2] for e in events if e[0] == "v1.xlsx"] == [
        ["v1.xlsx", "received"],
        ["v1.xlsx", "accepted"],
        ["v1.xlsx", "superseded"],
    ]
    assert [e[:2] for e in events if e[0] == "bad.xlsx"] == [["bad.xlsx", "received"], ["bad.xlsx", "rejected"]]
    ledger = query(engine, "SELECT file_name, outcome, status FROM dim_submission ORDER BY received_at")
    assert ledger.values.tolist() == [
        ["v1.xlsx", "accepted", "superseded"],
        ["v2.xlsx", "accepted", "accepted"],
        ["bad.xlsx", "rejected", "rejected"],
    ]


def test_approved_year_holds_later_files_until_unlocked_with_a_reason(engine: Engine, tmp_path: Path) -> None:
    ingest(engine, _file(tmp_path, "v1.xlsx", wb.clean_workbook("08", 2024)))
    approve(engine, "08", 2024)
    before = table_counts(engine)
    late = _file(tmp_path, "late.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()]))

    result = ingest(engine, late)
    assert result.action == "held"
    after = table_counts(engine)
    assert after["fact_cadre_snapshot"] == before["fact_cadre_snapshot"] == 3
    assert after["dim_submission"] == before["dim_submission"] + 1
    status = query(engine, "SELECT status, is_approved, file_name FROM rpt_submission_status")
    assert status.values.tolist() == [["approved", True, "v1.xlsx"]]
    assert ingest(engine, late).action == "unchanged"  # the same held file again, still locked

    with pytest.raises(ApprovalError):
        unlock(engine, "08", 2024, reason="  ")
    held = unlock(engine, "08", 2024, reason="Sở Nội vụ báo sai số cán bộ xã Côn Lôn")
    assert [Path(p).read_bytes() for p in held] == [late.read_bytes()]
    assert ["v1.xlsx", "unlocked", "Sở Nội vụ báo sai số cán bộ xã Côn Lôn"] in _events(engine)

    assert ingest(engine, Path(held[0]), province="08").action == "loaded"
    assert query(engine, "SELECT SUM(cadres) AS n FROM rpt_cadre_profile")["n"].iloc[0] == 1
    reasons = query(engine, "SELECT action, reason FROM province_year_approval ORDER BY action_at")
    assert reasons["action"].tolist() == ["approved", "unlocked"]
    assert reasons["reason"].isna().tolist() == [True, False]
    assert reasons["reason"].iloc[1] == "Sở Nội vụ báo sai số cán bộ xã Côn Lôn"


def test_unlock_offers_only_files_held_after_the_version_in_force(engine: Engine, tmp_path: Path) -> None:
    """A file held under an earlier lock, since reloaded and superseded, is not offered again: reloading
    it would put an older report over the newer, approved one."""
    ingest(engine, _file(tmp_path, "v1.xlsx", wb.clean_workbook("08", 2024)))
    approve(engine, "08", 2024)
    late = _file(tmp_path, "late.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()]))
    assert ingest(engine, late).action == "held"
    held = unlock(engine, "08", 2024, reason="Sở Nội vụ báo sai số")
    assert ingest(engine, Path(held[0]), province="08").action == "loaded"

    newest = wb.clean_workbook("08", 2024)
    newest["CanBo"] = newest["CanBo"][:3]  # header + two cadres
    newest["HocVien"] = wb.table([wb.attendance_row(), wb.attendance_row(national_id=wb.FEMALE_1985)])
    assert ingest(engine, _file(tmp_path, "v3.xlsx", newest)).action == "loaded"
    approve(engine, "08", 2024)

    assert unlock(engine, "08", 2024, reason="Kiểm tra lại") == []
    assert query(engine, "SELECT SUM(cadres) AS n FROM rpt_cadre_profile")["n"].iloc[0] == 2


def test_a_held_file_rejected_when_reloaded_at_unlock_is_not_offered_again(engine: Engine, tmp_path: Path) -> None:
    """Held under a lock, then judged rejected when unlock reloads it (stricter rules since: here strict
    mode; a release's new rule alike, a review's): its held row stayed 'held', so every later unlock
    offered it again and each reload counted it once more in the province's files and rows."""
    ingest(engine, _file(tmp_path, "v1.xlsx", wb.clean_workbook("08", 2024)))
    approve(engine, "08", 2024)
    late = wb.workbook("08", 2024, canbo=[wb.cadre_row(), wb.cadre_row(national_id="008180000999")])
    assert ingest(engine, _file(tmp_path, "late.xlsx", late)).action == "held"
    held = unlock(engine, "08", 2024, reason="Sở Nội vụ báo sai số")

    assert load_submission(engine, stage_file(Path(held[0]), province="08", strict=True)).action == "recorded"

    ledger = query(engine, "SELECT file_name, status FROM dim_submission ORDER BY submission_sk").values.tolist()
    assert sorted(ledger) == [["late.xlsx", "rejected"], ["late.xlsx", "reloaded"], ["v1.xlsx", "accepted"]]
    notes = [note for _, event, note in _events(engine) if event == "reloaded"]
    assert len(notes) == 1 and notes[0].startswith("judged rejected again as submission")
    approve(engine, "08", 2024)
    assert unlock(engine, "08", 2024, reason="Kiểm tra lại") == []


def test_a_held_file_left_in_the_inbox_never_loads_over_the_one_reloaded_at_unlock(
    engine: Engine, tmp_path: Path
) -> None:
    """h1 and h2 are held while the year is locked; h1's report failed, so it stayed in the inbox.
    `unlock` reloads h2, the newest; h1 taken again afterwards changes nothing."""
    ingest(engine, _file(tmp_path, "v1.xlsx", wb.clean_workbook("08", 2024)))
    approve(engine, "08", 2024)
    h1 = _file(tmp_path, "h1.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()]))
    assert ingest(engine, h1).action == "held"
    newest = wb.clean_workbook("08", 2024)
    newest["CanBo"] = newest["CanBo"][:3]  # header + two cadres
    h2 = ingest(engine, _file(tmp_path, "h2.xlsx", newest))
    record_reported(engine, h2.submission_sk)
    held = unlock(engine, "08", 2024, reason="Sở Nội vụ gửi bản sửa")
    assert ingest(engine, Path(held[0]), province="08").action == "loaded"

    assert ingest(engine, h1).action == "stale"
    assert query(engine, "SELECT SUM(cadres) AS n FROM rpt_cadre_profile")["n"].iloc[0] == 2


def test_an_overtaken_file_retried_after_its_commit_is_still_told_it_did_not_load(
    engine: Engine, tmp_path: Path
) -> None:
    """v1 first reached the pipeline before v2, which is in force: recorded as superseded from the start.
    A retry after a commit whose answer was lost finds its own row: still 'stale', not 'loaded'."""
    v1 = _file(tmp_path, "v1.xlsx", wb.clean_workbook("08", 2024))
    v1_load = replace(stage_file(v1), first_received_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10))
    initialise(engine)
    ingest(engine, _file(tmp_path, "v2.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()])))

    assert load_submission(engine, v1_load).action == "stale"
    assert load_submission(engine, v1_load).action == "stale"  # the retry
    assert query(engine, "SELECT SUM(cadres) AS n FROM rpt_cadre_profile")["n"].iloc[0] == 1


def test_a_run_that_took_a_file_before_another_run_reported_it_does_not_load_it_again(
    engine: Engine, tmp_path: Path
) -> None:
    """The watcher's run archived v1 and waited for the embedded warehouse while the nightly run loaded
    v1, reported it, then loaded v2. The watcher's run then loads v1: the same drop, not v1 sent again
    (that would come after its report), so v2 stays in force."""
    v1 = _file(tmp_path, "v1.xlsx", wb.clean_workbook("08", 2024))
    started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    waiting = stage_file(v1, received_at=started)  # the watcher's run, before the nightly's
    initialise(engine)
    nightly_v1 = ingest(engine, v1)
    record_reported(engine, nightly_v1.submission_sk)
    v2 = ingest(engine, _file(tmp_path, "v2.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()])))
    record_reported(engine, v2.submission_sk)

    assert load_submission(engine, waiting).action == "stale"
    assert query(engine, "SELECT SUM(cadres) AS n FROM rpt_cadre_profile")["n"].iloc[0] == 1
    assert ingest(engine, v1).action == "loaded"  # sent again after its report: a resend, it loads


def test_a_held_file_reloaded_at_unlock_is_one_submission_not_two(engine: Engine, tmp_path: Path) -> None:
    """The reload takes the held file from the archive as a new receipt: its held row is marked
    'reloaded' (with an event naming why), and the province-year's counts and issue rates count the
    file once (they said three files received for two, and the file's issues twice)."""
    ingest(engine, _file(tmp_path, "v1.xlsx", wb.clean_workbook("08", 2024)))
    approve(engine, "08", 2024)
    late = wb.workbook("08", 2024, canbo=[wb.cadre_row(), wb.cadre_row(national_id="008180000999")])
    assert ingest(engine, _file(tmp_path, "late.xlsx", late)).action == "held"
    held = unlock(engine, "08", 2024, reason="Sở Nội vụ báo sai số")
    assert ingest(engine, Path(held[0]), province="08").action == "loaded"

    ledger = query(engine, "SELECT file_name, status FROM dim_submission ORDER BY received_at")
    assert ledger.values.tolist() == [
        ["v1.xlsx", "superseded"],
        ["late.xlsx", "reloaded"],
        ["late.xlsx", "accepted_with_errors"],
    ]
    assert [e[:2] for e in _events(engine) if e[1] == "reloaded"] == [["late.xlsx", "reloaded"]]
    status = query(engine, "SELECT submissions_received, superseded_count, rows_checked FROM rpt_submission_status")
    assert status.values.tolist() == [[2, 1, 3 + 2 + 3 + 38 + 1 + 2]]  # the reloaded file's rows once
    rate = query(
        engine,
        "SELECT submissions, issues, rows_checked, submissions_checked FROM rpt_validation_issue_rate "
        "WHERE rule_code = 'CANBO.ID.GENDER_DIGIT'",
    )
    assert rate.values.tolist() == [[1, 1, 3 + 2 + 3 + 38 + 1 + 2, 2]]


def test_a_held_file_reloaded_after_a_newer_one_went_through_never_loads_over_it(
    engine: Engine, tmp_path: Path
) -> None:
    """`cadres unlock --no-reload` says how to load the held file by hand; the province's newer file went
    through before the operator did. The held file reloaded from the archive then is older than the
    version in force: told so ('stale'), not loaded over it. The province sending those bytes again is a
    resend, which loads."""
    ingest(engine, _file(tmp_path, "v1.xlsx", wb.clean_workbook("08", 2024)))
    approve(engine, "08", 2024)
    late = _file(tmp_path, "late.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()]))
    held_file = ingest(engine, late)
    assert held_file.action == "held"
    record_reported(engine, held_file.submission_sk)
    held = unlock(engine, "08", 2024, reason="Sở Nội vụ báo sai số")
    newest = wb.clean_workbook("08", 2024)
    newest["CanBo"] = newest["CanBo"][:3]  # header + two cadres
    assert ingest(engine, _file(tmp_path, "v3.xlsx", newest)).action == "loaded"

    reload = replace(stage_file(Path(held[0]), province="08"), from_archive=True)

    assert load_submission(engine, reload) == LoadResult("stale", held_file.submission_sk, [])
    current = query(engine, "SELECT file_name FROM dim_submission WHERE is_current")
    assert current["file_name"].tolist() == ["v3.xlsx"]
    assert query(engine, "SELECT SUM(cadres) AS n FROM rpt_cadre_profile")["n"].iloc[0] == 2
    assert ingest(engine, late).action == "loaded"  # the province's resend
    assert query(engine, "SELECT SUM(cadres) AS n FROM rpt_cadre_profile")["n"].iloc[0] == 1


def test_nothing_to_approve_is_an_error(engine: Engine) -> None:
    with pytest.raises(ApprovalError):
        approve(engine, "08", 2024)


def test_completeness_names_missing_and_late_provinces(engine: Engine, tmp_path: Path) -> None:
    calendar = tmp_path / "calendar.toml"
    calendar.write_text(
        'years = [2024]\ndefault_due = "03-31"\n[[exception]]\nprovince = "08"\nyear = 2024\ndue = "2099-12-31"\n'
        '[[exception]]\nprovince = "02"\nyear = 2024\ndue = "2099-12-31"\n',
        encoding="utf-8",
    )
    sync_calendar(engine, expected_submissions(calendar))
    ingest(engine, _file(tmp_path, "tq.xlsx", wb.clean_workbook("08", 2024)))
    quang_ninh = wb.workbook("22", 2024, canbo=[wb.cadre_row(national_id="022080000123", commune_code="07033")])
    ingest(engine, _file(tmp_path, "qn.xlsx", quang_ninh, province="22"))

    report = query(engine, "SELECT province_code, completeness, due_date FROM rpt_completeness ORDER BY province_code")
    assert len(report) == 63
    by_code = report.set_index("province_code")
    assert by_code.loc["08", "completeness"] == "on_time"
    assert by_code.loc["22", "completeness"] == "late"  # due 31/03/2025, received today
    assert pd.Timestamp(by_code.loc["22", "due_date"]).date() == dt.date(2025, 3, 31)
    assert (report["completeness"] == "missing").sum() == 60
    # 02, nothing sent, is not missing while its due date is still to come (it was counted missing)
    assert by_code.loc["02", "completeness"] == "not_yet_due"
    labels = query(engine, "SELECT province_code, completeness_label, status_label FROM rpt_completeness")
    said = {code: (completeness, status) for code, completeness, status in labels.values.tolist()}
    assert said["08"] == ("Đúng hạn", "Được chấp nhận") and said["22"] == ("Muộn hạn", "Được chấp nhận")
    assert said["02"][0] == "Chưa đến hạn" and pd.isna(said["02"][1]) and said["01"][0] == "Chưa nộp (quá hạn)"
    timely = query(engine, "SELECT province_code, is_on_time FROM rpt_submission_status ORDER BY province_code")
    assert timely.values.tolist() == [["08", True], ["22", False]]


def test_completeness_counts_the_workbooks_whose_year_could_not_be_read_for_the_year_then_owed(
    engine: Engine, tmp_path: Path
) -> None:
    """A province whose files could not be read for their year (damaged, no ThongTin, a year no file can
    report) is not simply missing: each such workbook counts for the oldest year its province owed when it
    came, shown while that year has no valid report. 08 sent a damaged file in June 2024 and a file for 2052
    in February 2025, both while 2024 was owed. 22 sent a damaged file, then its 2024 report (which settles
    the first), a cover letter (.pdf: no try at a report) and a file without ThongTin in March 2025, when
    2025 was the year owed. 19 sent a 2024 file rejected, then a damaged one and a folder of CSV files
    without ThongTin named with a date's dots: no valid submission, with two it could not read. 01 sent one
    damaged file only, in 2023, before any year of the calendar began: it counts for none."""
    calendar = tmp_path / "calendar.toml"
    calendar.write_text('years = [2024, 2025]\ndefault_due = "03-31"\n', encoding="utf-8")
    sync_calendar(engine, expected_submissions(calendar))

    def at(month: int, day: int, year: int = 2025) -> dt.datetime:
        return dt.datetime(year, month, day, 3, 0, tzinfo=dt.UTC)

    def damaged(province: str, name: str) -> Path:
        path = tmp_path / "inbox" / province / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"PK\x03\x04 not a workbook: " + name.encode())  # each its own bytes
        return path

    ingest(engine, damaged("08", "tq-hong.xlsx"), received_at=at(6, 3, 2024))
    mistyped = {**wb.clean_workbook("08", 2024), "ThongTin": wb.thongtin("08", 2052)}
    ingest(engine, _file(tmp_path, "tq-2052.xlsx", mistyped), received_at=at(2, 20))
    ingest(engine, damaged("22", "qn-hong.xlsx"), received_at=at(2, 10))
    ingest(engine, _file(tmp_path, "qn.xlsx", wb.clean_workbook("22", 2024), province="22"), received_at=at(2, 20))
    ingest(engine, damaged("22", "cong-van.pdf"), received_at=at(2, 21))
    no_thongtin = {k: v for k, v in wb.clean_workbook("22", 2024).items() if k != "ThongTin"}
    ingest(engine, _file(tmp_path, "qn-2025.xlsx", no_thongtin, province="22"), received_at=at(3, 5))
    ingest(engine, _file(tmp_path, "tn.xlsx", wb.workbook("19", 2024), province="19"), received_at=at(6, 3, 2024))
    ingest(engine, damaged("19", "tn-hong.xlsx"), received_at=at(7, 1, 2024))
    no_year = {k: v for k, v in wb.clean_workbook("19", 2024).items() if k != "ThongTin"}
    folder = wb.write_csv_folder(tmp_path / "inbox" / "19" / "BC 31.12.2024", no_year)  # a dot, no suffix
    sha, copy = archive(folder, tmp_path / "archive")  # as the flows take it: the copy is named by its hash
    taken = ReceivedFile(sha, folder.name, copy, at(8, 1, 2024), "19")
    load_submission(engine, prepare_file(taken, strict=False, hash_key=KEY).staged)
    ingest(engine, damaged("01", "hn-hong.xlsx"), received_at=at(12, 1, 2023))  # before any year of the calendar

    report = query(
        engine,
        "SELECT province_code, report_year, completeness, files_without_year, last_file_without_year_at "
        "FROM rpt_completeness WHERE province_code IN ('01', '08', '19', '22') ORDER BY province_code, report_year",
    )
    rows = [
        [code, year, completeness, files, None if pd.isna(last) else pd.Timestamp(last)]
        for code, year, completeness, files, last in report.values.tolist()
    ]
    assert rows == [
        ["01", 2024, "missing", 0, None],
        ["01", 2025, "missing", 0, None],
        ["08", 2024, "missing", 2, pd.Timestamp(at(2, 20))],
        ["08", 2025, "missing", 0, None],
        ["19", 2024, "no_valid_submission", 2, pd.Timestamp(at(8, 1, 2024))],
        ["19", 2025, "missing", 0, None],
        ["22", 2024, "on_time", 0, None],
        ["22", 2025, "missing", 1, pd.Timestamp(at(3, 5))],
    ]


def test_the_completeness_view_knows_every_kind_of_file_the_reader_takes() -> None:
    """The view spells the reader's file kinds itself (views import no reader): a kind added to the reader
    and not here would leave its damaged files uncounted."""
    from cadres.workbook import EXCEL_SUFFIXES
    from warehouse.views import WORKBOOK_SUFFIXES

    assert set(WORKBOOK_SUFFIXES) == EXCEL_SUFFIXES | {".csv"}


def test_a_rejected_file_before_the_due_date_is_not_a_submission_on_time(engine: Engine, tmp_path: Path) -> None:
    """On time means the first valid version arrived by the due date: 08 sent a file with no data sheet
    (rejected) in time and a valid one after it is late; 22 sent only a rejected file."""
    calendar = tmp_path / "calendar.toml"
    calendar.write_text('years = [2024]\ndefault_due = "03-31"\n', encoding="utf-8")
    sync_calendar(engine, expected_submissions(calendar))
    early = dt.datetime(2025, 3, 1, 3, 0, tzinfo=dt.UTC)
    late = dt.datetime(2025, 4, 10, 3, 0, tzinfo=dt.UTC)
    for province, name in (("08", "tq-thieu.xlsx"), ("22", "qn-thieu.xlsx")):
        rejected = ingest(
            engine, _file(tmp_path, name, wb.workbook(province, 2024), province=province), received_at=early
        )
        assert rejected.action == "recorded"
    ingest(engine, _file(tmp_path, "tq.xlsx", wb.clean_workbook("08", 2024)), received_at=late)

    report = query(
        engine, "SELECT province_code, completeness FROM rpt_completeness WHERE province_code IN ('08', '22')"
    )
    assert dict(report.values.tolist()) == {"08": "late", "22": "no_valid_submission"}
    times = query(
        engine,
        "SELECT province_code, first_received_at, first_valid_received_at, is_on_time FROM rpt_submission_status "
        "ORDER BY province_code",
    )
    assert times["province_code"].tolist() == ["08", "22"]
    assert [pd.Timestamp(t) for t in times["first_received_at"]] == [pd.Timestamp(early)] * 2
    assert pd.Timestamp(times["first_valid_received_at"].iloc[0]) == pd.Timestamp(late)
    assert pd.isna(times["first_valid_received_at"].iloc[1])
    assert not pd.isna(times["is_on_time"].iloc[0]) and not times["is_on_time"].iloc[0]
    assert pd.isna(times["is_on_time"].iloc[1])


def test_on_time_is_judged_on_the_vietnamese_calendar_day(engine: Engine, tmp_path: Path) -> None:
    """Due 31 March: a file taken at 23:00 Vietnam time that day is on time, one at 05:00 on 1 April
    (22:00 UTC on 31 March) is late, whatever the database session's time zone."""
    calendar = tmp_path / "calendar.toml"
    calendar.write_text('years = [2024]\ndefault_due = "03-31"\n', encoding="utf-8")
    sync_calendar(engine, expected_submissions(calendar))
    evening = dt.datetime(2025, 3, 31, 16, 0, tzinfo=dt.UTC)  # 23:00 on 31/03 in Vietnam
    dawn = dt.datetime(2025, 3, 31, 22, 0, tzinfo=dt.UTC)  # 05:00 on 01/04 in Vietnam
    ingest(engine, _file(tmp_path, "tq.xlsx", wb.clean_workbook("08", 2024)), received_at=evening)
    quang_ninh = wb.workbook("22", 2024, canbo=[wb.cadre_row(national_id="022080000123", commune_code="07033")])
    ingest(engine, _file(tmp_path, "qn.xlsx", quang_ninh, province="22"), received_at=dawn)

    timely = query(engine, "SELECT province_code, is_on_time FROM rpt_submission_status ORDER BY province_code")
    assert timely.values.tolist() == [["08", True], ["22", False]]
    report = query(
        engine, "SELECT province_code, completeness FROM rpt_completeness WHERE province_code IN ('08', '22')"
    )
    assert dict(report.values.tolist()) == {"08": "on_time", "22": "late"}


def test_validation_issues_are_counted_per_submission_and_rule(engine: Engine, tmp_path: Path) -> None:
    sheets = wb.workbook(
        "08",
        2024,
        canbo=[wb.cadre_row(), wb.cadre_row(national_id="008180000999"), wb.cadre_row(national_id="008180000998")],
    )
    ingest(engine, _file(tmp_path, "v1.xlsx", sheets))
    ingest(engine, _file(tmp_path, "v2.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()])))
    rate = query(
        engine,
        "SELECT rule_code, severity, submissions, issues, rows_checked, issues_per_100_rows, submissions_checked, "
        "province_name, province_code_2025 FROM rpt_validation_issue_rate WHERE rule_code = 'CANBO.ID.GENDER_DIGIT'",
    )
    # Over every row the province-year sent (3 + 1), the clean resubmission included: 2 in 4, not 2 in 3.
    assert rate.values.tolist() == [["CANBO.ID.GENDER_DIGIT", "error", 1, 2, 4, 50.0, 2, "Tỉnh Tuyên Quang", "08"]]
    labelled = query(engine, "SELECT DISTINCT severity, severity_label FROM rpt_validation_issue_rate ORDER BY 1")
    assert labelled.values.tolist() == [["error", "Lỗi"]]
    kept = query(engine, "SELECT COUNT(DISTINCT submission_sk) AS n FROM fact_validation_issue")
    assert kept["n"].iloc[0] == 1  # the superseded file's issues stay: data quality over time
    # A national rate over provinces with and without issues: the issue view lists only the first, so the
    # denominator comes from the status view, one row per province-year (rows_checked summed over rules
    # would count 08's rows once per rule).
    quang_ninh = wb.workbook("22", 2024, canbo=[wb.cadre_row(national_id="022080000123", commune_code="07033")])
    ingest(engine, _file(tmp_path, "qn.xlsx", quang_ninh, province="22"))
    checked = query(engine, "SELECT province_code, rows_checked FROM rpt_submission_status ORDER BY province_code")
    assert checked.values.tolist() == [["08", 4], ["22", 1]]


def test_a_file_rejected_whole_in_strict_mode_counts_every_row_it_sent(engine: Engine, tmp_path: Path) -> None:
    """One bad row of four in strict mode: the issue rate is 1 in 4 rows sent, not 1 in the 1 row held."""
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(national_id=f"00808000012{i}") for i in range(3)])
    sheets["CanBo"] = wb.table(
        [*(wb.cadre_row(national_id=f"00808000012{i}") for i in range(3)), wb.cadre_row(national_id="008180000999")]
    )
    loaded = load_submission(engine, stage_file(_file(tmp_path, "strict.xlsx", sheets), strict=True))
    assert loaded.action == "recorded"
    ledger = query(engine, "SELECT status, rows_loaded, rows_quarantined, rows_valid_rejected FROM dim_submission")
    assert ledger.values.tolist() == [["rejected", 0, 1, 3]]
    rate = query(
        engine,
        "SELECT issues, rows_checked FROM rpt_validation_issue_rate WHERE rule_code = 'CANBO.ID.GENDER_DIGIT'",
    )
    assert rate.values.tolist() == [[1, 4]]


def test_a_resubmission_whose_every_row_is_held_leaves_the_version_in_force(engine: Engine, tmp_path: Path) -> None:
    """Accepted with errors, a file of only bad rows loaded nothing and replaced the province-year with
    it: the province vanished from the national figures. It is refused (FILE.NO_VALID_ROWS), its rows
    counted in the ledger, and the earlier file stays in force."""
    ingest(engine, _file(tmp_path, "v1.xlsx", wb.clean_workbook("08", 2024)))
    before = query(engine, "SELECT file_name, rows_loaded FROM rpt_submission_status").values.tolist()
    bad_ids = [wb.cadre_row(national_id=f"00818000012{i}") for i in range(3)]  # the gender digit says 2000s
    staged = stage_file(_file(tmp_path, "v2.xlsx", wb.workbook("08", 2024, canbo=bad_ids)))

    assert load_submission(engine, staged).action == "recorded"
    assert query(engine, "SELECT file_name, rows_loaded FROM rpt_submission_status").values.tolist() == before
    v2 = query(engine, "SELECT status, rows_loaded, rows_quarantined FROM dim_submission WHERE file_name = 'v2.xlsx'")
    assert v2.values.tolist() == [["rejected", 0, 3]]
    told = query(
        engine,
        """SELECT i.rule_code FROM fact_validation_issue i JOIN dim_submission s ON s.submission_sk = i.submission_sk
        WHERE s.file_name = 'v2.xlsx' AND i.rule_code = 'FILE.NO_VALID_ROWS'""",
    )
    assert len(told) == 1


def test_a_warehouse_of_an_earlier_release_gets_the_columns_added_since(engine: Engine, tmp_path: Path) -> None:
    """create_all makes missing tables only: a ledger made before rows_valid_rejected existed gets it,
    and its views are rebuilt over it; its rows keep null there (counted as before)."""
    ingest(engine, _file(tmp_path, "old.xlsx", wb.clean_workbook("08", 2024)))
    with engine.begin() as conn:  # as the earlier release left it
        for view in ("rpt_reform_coverage", "rpt_validation_issue_rate", "rpt_completeness", "rpt_submission_status"):
            conn.execute(sa.text(f"DROP VIEW {view}"))
        conn.execute(sa.text("ALTER TABLE dim_submission DROP COLUMN rows_valid_rejected"))
        conn.execute(sa.text("DELETE FROM warehouse_meta WHERE key IN ('views_version', 'schema_version')"))
    with engine.begin() as conn:
        conn.execute(sa.text("ALTER TABLE dim_cadre DROP COLUMN last_reported_year"))
    initialise(engine)
    assert query(engine, "SELECT rows_valid_rejected FROM dim_submission")["rows_valid_rejected"].isna().all()
    # a column with a way to fill it for the rows already there is filled (dim_cadre's last year reported)
    assert set(query(engine, "SELECT last_reported_year FROM dim_cadre")["last_reported_year"]) == {2024}
    added = next(c for c in sa.inspect(engine).get_columns("dim_submission") if c["name"] == "rows_valid_rejected")
    assert added["comment"] and "nghiêm ngặt" in added["comment"]  # its Vietnamese label, as every column's
    ingest(engine, _file(tmp_path, "new.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()])))
    status = query(engine, "SELECT file_name, rows_loaded FROM rpt_submission_status")
    assert status["file_name"].tolist() == ["new.xlsx"]
    new = query(engine, "SELECT rows_valid_rejected FROM dim_submission WHERE file_name = 'new.xlsx'")
    assert new["rows_valid_rejected"].tolist() == [0]


def test_a_warehouse_of_an_earlier_release_loses_its_public_birth_years_keeping_the_ages_as_bands(
    engine: Engine, tmp_path: Path
) -> None:
    """Earlier releases kept each cadre's birth year (dim_cadre, fact_cadre_snapshot) and exact age in
    schema public, which BI roles read; with the commune and the post it names an official. Upgraded,
    the age is carried into its band and the columns are dropped, under a view that selected every
    column of the fact (PostgreSQL refuses to drop a column a view depends on)."""
    from warehouse.views import RPT_CADRE_PROFILE

    ingest(engine, _file(tmp_path, "old.xlsx", wb.clean_workbook("08", 2024)))
    with engine.begin() as conn:  # as the earlier release left it
        conn.execute(sa.text("ALTER TABLE fact_cadre_snapshot ADD COLUMN age_years INTEGER"))
        conn.execute(sa.text("ALTER TABLE fact_cadre_snapshot ADD COLUMN birth_year INTEGER"))
        conn.execute(sa.text("ALTER TABLE dim_cadre ADD COLUMN birth_year INTEGER"))
        conn.execute(sa.text("UPDATE fact_cadre_snapshot SET age_years = 2024 - 1950, birth_year = 1950"))
        conn.execute(sa.text("UPDATE fact_cadre_snapshot SET age_band = NULL"))
        old_view = re.sub(r"SELECT f\.report_year, .*?f\.meets_standard,", "SELECT f.*,", RPT_CADRE_PROFILE, flags=re.S)
        assert "SELECT f.*," in old_view
        conn.execute(sa.text(old_view))
        conn.execute(sa.text("DELETE FROM warehouse_meta WHERE key IN ('views_version', 'retired_columns')"))
    initialise(engine)
    columns = {
        table: {c["name"] for c in sa.inspect(engine).get_columns(table)}
        for table in ("fact_cadre_snapshot", "dim_cadre")
    }
    assert not (columns["fact_cadre_snapshot"] | columns["dim_cadre"]) & {"birth_year", "age_years"}
    assert set(query(engine, "SELECT age_band FROM fact_cadre_snapshot")["age_band"]) == {"60 trở lên"}
    assert query(engine, "SELECT SUM(cadres) AS n FROM rpt_cadre_profile")["n"].iloc[0] == 3
    initialise(engine)  # once done, not again


def test_a_warehouse_missing_some_tables_still_gets_its_missing_columns(engine: Engine) -> None:
    """Only a warehouse with none of the tables skips comparing their columns with this release's: one
    made before a table existed (here the versions' own table) gets that table and its missing columns."""
    with engine.begin() as conn:  # as an earlier release left it
        for view in ("rpt_reform_coverage", "rpt_validation_issue_rate", "rpt_completeness", "rpt_submission_status"):
            conn.execute(sa.text(f"DROP VIEW {view}"))
        conn.execute(sa.text("ALTER TABLE dim_submission DROP COLUMN rows_valid_rejected"))
        conn.execute(sa.text("DROP TABLE warehouse_meta"))
    initialise(engine)
    assert "rows_valid_rejected" in {c["name"] for c in sa.inspect(engine).get_columns("dim_submission")}
    with engine.connect() as conn:
        stored = dict(conn.execute(sa.text("SELECT key, value FROM warehouse_meta")).all())
    assert stored["schema_version"] == SCHEMA_VERSION
    assert query(engine, "SELECT COUNT(*) AS n FROM rpt_submission_status")["n"].iloc[0] == 0


def test_a_new_warehouse_is_made_without_reading_its_columns_back(warehouse_url: str, tmp_path: Path) -> None:
    """Every table of a new warehouse is made with this release's columns: comparing them with the
    release's (the upgrade path above) read the catalogue for a tenth of the making's time on DuckDB.
    The versions are recorded as current, so a later run does not compare them either."""
    engine = create_warehouse_engine(warehouse_url)
    statements: list[str] = []
    sa.event.listen(engine, "before_cursor_execute", lambda _c, _cur, statement, *_: statements.append(statement))
    initialise(engine)
    initialise(engine)
    reflection = "SELECT pg_catalog.pg_attribute.attname AS name"  # SQLAlchemy's, on both backends
    assert statements and not [s for s in statements if s.startswith(reflection)]
    with engine.connect() as conn:
        stored = dict(conn.execute(sa.text("SELECT key, value FROM warehouse_meta")).all())
    assert stored["schema_version"] == SCHEMA_VERSION and stored["retired_columns"] == RETIRED_VERSION
    ingest(engine, _file(tmp_path, "first.xlsx", wb.clean_workbook("08", 2024)))
    assert table_counts(engine)["fact_cadre_snapshot"] == 3
    engine.dispose()


@pytest.mark.parametrize("warehouse_url", ["postgresql"], indirect=True)
def test_a_users_view_over_a_retired_column_keeps_it_emptied_and_loads_go_on(engine: Engine, tmp_path: Path) -> None:
    """A BI user's own view selecting every column of the fact: dropping the column failed every run
    (loads included) from the upgrade on. The column is emptied and kept until the view no longer
    names it; the user's view survives."""
    ingest(engine, _file(tmp_path, "old.xlsx", wb.clean_workbook("08", 2024)))
    with engine.begin() as conn:  # as the earlier release left it, with a user's view on top
        conn.execute(sa.text("ALTER TABLE fact_cadre_snapshot ADD COLUMN birth_year INTEGER"))
        conn.execute(sa.text("UPDATE fact_cadre_snapshot SET birth_year = 1950"))
        conn.execute(sa.text("CREATE SCHEMA sandbox"))
        conn.execute(sa.text("CREATE VIEW sandbox.all_rows AS SELECT * FROM public.fact_cadre_snapshot"))
        conn.execute(sa.text("DELETE FROM warehouse_meta WHERE key = 'retired_columns'"))
    initialise(engine)
    kept = query(engine, "SELECT birth_year FROM sandbox.all_rows")
    assert len(kept) == 3 and kept["birth_year"].isna().all()  # emptied, the user's view still answers
    ingest(engine, _file(tmp_path, "new.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()])))  # loads go on
    with engine.begin() as conn:
        conn.execute(sa.text("DROP VIEW sandbox.all_rows"))
    initialise(engine)
    columns = {c["name"] for c in sa.inspect(engine).get_columns("fact_cadre_snapshot")}
    assert "birth_year" not in columns


@pytest.mark.parametrize("warehouse_url", ["postgresql"], indirect=True)
def test_two_runs_starting_at_once_both_sync_the_calendar(engine: Engine) -> None:
    """Every loading run rewrites the expected submissions first; on PostgreSQL the nightly run and a
    watcher run (or the CLI) may start together. The second must wait for the first, not fail on its
    rows. (DuckDB: one writer process per file.)"""
    import threading

    from cadres.settings import get_settings

    initialise(engine)
    expected = expected_submissions(get_settings().calendar_file)
    errors: list[str] = []

    def sync(start: threading.Barrier) -> None:
        start.wait()
        try:
            sync_calendar(engine, expected)
        except Exception as exc:  # what the run would fail with
            errors.append(f"{type(exc).__name__}: {exc}"[:200])

    for _ in range(15):
        start = threading.Barrier(2)
        runs = [threading.Thread(target=sync, args=(start,)) for _ in range(2)]
        for run in runs:
            run.start()
        for run in runs:
            run.join(timeout=60)
    assert errors == []
    assert query(engine, "SELECT COUNT(*) AS n FROM expected_submission")["n"].tolist() == [len(expected)]


def test_a_year_no_file_can_report_makes_no_status_row_but_stays_in_the_ledger(engine, tmp_path):
    """A year mistyped (2052) or before the first criteria set (2009) is refused; a grid of province-years
    must not grow a column for it, and the file stays in the ledger with its rejection."""
    ingest(engine, _file(tmp_path, "tq.xlsx", wb.clean_workbook("08", 2024)))
    for year in (2052, 2009):
        sheets = {**wb.clean_workbook("08", 2024), "ThongTin": wb.thongtin("08", year)}
        ingest(engine, _file(tmp_path, f"tq-{year}.xlsx", sheets))

    no_thongtin = {k: v for k, v in wb.clean_workbook("08", 2024).items() if k != "ThongTin"}
    ingest(engine, _file(tmp_path, "tq-khong-thong-tin.xlsx", no_thongtin))  # no year at all

    status = query(engine, "SELECT province_code, report_year, status FROM rpt_submission_status")
    assert status.values.tolist() == [["08", 2024, "accepted"]]
    rates = query(engine, "SELECT report_year, rule_code FROM rpt_validation_issue_rate")
    assert set(rates["report_year"].dropna()) <= {2024}
    assert rates.loc[rates["report_year"].isna(), "rule_code"].tolist() == ["FILE.SHEET_MISSING"]  # kept, as before
    ledger = query(engine, "SELECT report_year, status FROM dim_submission WHERE report_year IS NOT NULL")
    assert sorted(ledger.values.tolist()) == [[2009, "rejected"], [2024, "accepted"], [2052, "rejected"]]


def test_a_file_moved_from_another_folder_after_the_provinces_correction_does_not_replace_it(
    engine: Engine, tmp_path: Path
) -> None:
    """X went to Quảng Ninh's folder (refused, recorded there); Tuyên Quang then loaded v2; then X reached
    Tuyên Quang's folder (an operator's move keeps its bytes). Its bytes first came before v2: it is
    overtaken, and v2, the province's newer word, stays in force (docs/decisions.md, a file left in the
    inbox is not a resend)."""
    x = _file(tmp_path, "x.xlsx", wb.clean_workbook("08", 2024))
    archived = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    initialise(engine)
    wrong = replace(stage_file(x, province="22", received_at=archived), first_received_at=archived)
    assert load_submission(engine, wrong).action == "recorded"
    ingest(engine, _file(tmp_path, "v2.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()])))

    moved = replace(stage_file(x, province="08"), first_received_at=archived)
    assert load_submission(engine, moved).action == "stale"
    current = query(engine, "SELECT file_name FROM dim_submission WHERE is_current")
    assert current["file_name"].tolist() == ["v2.xlsx"]
