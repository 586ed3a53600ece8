"""The warehouse on DuckDB and PostgreSQL: figures, idempotence, replacement, atomicity, history."""

from __future__ import annotations

import datetime as dt
import hmac
import json
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from cadres.calendar import expected_submissions
from schemas.reference_data import communes
from tasks.load import warehouse_for_run  # with the module: Prefect's logging set-up drops caplog's handler
from tests import workbooks as wb
from tests.warehouse.helpers import KEY, ingest, query, stage_file, table_counts
from warehouse.backend import create_warehouse_engine
from warehouse.load import UnversionedFact, cadre_versions, load_submission, record_reported
from warehouse.queries import national_summary
from warehouse.setup import initialise, sync_calendar
from warehouse.submission_load import SubmissionLoad


@pytest.fixture
def engine(warehouse_url: str) -> Iterator[Engine]:
    engine = create_warehouse_engine(warehouse_url)
    yield engine
    engine.dispose()


def _write(tmp_path: Path, name: str, sheets: wb.Sheets, province: str = "08") -> Path:
    return wb.write_xlsx(tmp_path / "inbox" / province / name, sheets)


def test_figures_read_back_through_views(engine: Engine, tmp_path: Path) -> None:
    result = ingest(engine, _write(tmp_path, "tq-2024.xlsx", wb.clean_workbook("08", 2024)))
    assert result.action == "loaded"

    profile = query(engine, "SELECT * FROM rpt_cadre_profile")
    assert set(profile["province_code"]) == {"08"}
    assert set(profile["province_name"]) == {"Tỉnh Tuyên Quang"}
    assert profile["cadres"].sum() == 3
    assert profile.loc[profile["party_member"].astype(bool), "cadres"].sum() == 3
    assert profile.groupby("ethnicity")["cadres"].sum().to_dict() == {"Kinh": 1, "Tày": 2}
    assert set(profile["province_code_2025"]) == {"08"}
    assert profile["report_year"].tolist()[0] == 2024

    training = query(engine, "SELECT * FROM rpt_training ORDER BY course_kind")
    assert training["courses"].sum() == 2
    assert training["participants"].sum() == 42
    assert training["budget_vnd"].sum() == 27_309_000 + 5_000_000
    assert set(training["course_kind"]) == {"Bồi dưỡng", "Tập huấn"}

    criteria = query(engine, "SELECT * FROM rpt_commune_criteria ORDER BY commune_code")
    assert criteria["commune_code"].tolist() == ["02245", "02488"]
    assert criteria["criteria_set"].tolist() == ["QD318_2022", "QD318_2022"]
    assert criteria["criteria_assessed"].tolist() == [19, 19]
    assert criteria["criteria_met"].tolist() == [19, 18]
    assert criteria["unmet_criteria"].tolist() == ["", "6"]
    assert criteria["recognised_level"].tolist()[0] == "NTM"
    assert pd.isna(criteria["recognised_level"].tolist()[1])
    trung_mon = criteria[criteria["commune_code"] == "02488"].iloc[0]
    assert (trung_mon["commune_code_2025"], trung_mon["commune_name_2025"]) == ("02215", "Phường Minh Xuân")

    status = query(engine, "SELECT * FROM rpt_submission_status")
    assert status[["province_code", "report_year", "status"]].values.tolist() == [["08", 2024, "accepted"]]
    assert int(status["rows_loaded"].iloc[0]) == 3 + 2 + 3 + 38 + 1
    assert int(status["superseded_count"].iloc[0]) == 0


def test_the_training_budget_says_which_courses_it_covers(engine: Engine, tmp_path: Path) -> None:
    """A course without a budget added nothing to budget_vnd and nothing said so: a budget per participant
    read from the view was understated (3 of 11 courses in the demo's 08/2024)."""
    courses = [wb.course_row(2024), wb.course_row(2024, course_code="KH02", participant_count="12", budget_vnd=None)]
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row()], khoahoc=courses, hocvien=[wb.attendance_row()])
    assert ingest(engine, _write(tmp_path, "ngan-sach.xlsx", sheets)).action == "loaded"

    training = query(engine, "SELECT * FROM rpt_training")
    assert training[
        ["courses", "participants", "budget_vnd", "courses_with_budget", "participants_with_budget"]
    ].values.tolist() == [[2, 42, 27_309_000, 1, 30]]


def test_party_membership_and_the_standard_are_counted_as_the_province_wrote_them(
    engine: Engine, tmp_path: Path
) -> None:
    cadres = [
        wb.cadre_row(party_member="Có", meets_standard="Có"),
        wb.cadre_row(
            national_id=wb.FEMALE_1985,
            birth_date="02/09/1985",
            gender="Nữ",
            party_member="Không",
            meets_standard="Không",
        ),
        wb.cadre_row(national_id=wb.MALE_1975, birth_date="30/06/1975", position="Bí thư Đảng ủy", party_member="x"),
    ]
    assert ingest(engine, _write(tmp_path, "tq.xlsx", wb.workbook("08", 2024, canbo=cadres))).action == "loaded"

    totals = query(
        engine,
        "SELECT SUM(cadres) AS cadres, SUM(CASE WHEN party_member THEN cadres ELSE 0 END) AS party_members, "
        "SUM(CASE WHEN meets_standard THEN cadres ELSE 0 END) AS meeting_standard FROM rpt_cadre_profile",
    )
    assert totals.astype(int).values.tolist() == [[3, 2, 2]]
    summary = national_summary(engine)["Cán bộ theo tỉnh và năm"]
    assert summary[["cadres", "party_members", "meeting_standard"]].astype(int).values.tolist() == [[3, 2, 2]]


def test_same_bytes_twice_change_nothing(engine: Engine, tmp_path: Path) -> None:
    path = _write(tmp_path, "tq.xlsx", wb.clean_workbook("08", 2024))
    assert ingest(engine, path).action == "loaded"
    before = table_counts(engine)
    assert ingest(engine, path).action == "unchanged"
    assert table_counts(engine) == before


def test_same_bytes_sent_again_after_their_report_are_a_receipt_in_the_ledger(engine: Engine, tmp_path: Path) -> None:
    """A resend of the version in force changes nothing, but the ledger lost that it came (an audit's:
    contract §4, every received file is recorded): it is an event of the row in force, naming the file.
    The same drop left in the inbox before its report is no receipt, a copy under another name in the
    same run is one (a review's), and a retried load records it once."""
    path = _write(tmp_path, "tq.xlsx", wb.clean_workbook("08", 2024))
    first = ingest(engine, path)
    assert ingest(engine, path).action == "unchanged"  # left in the inbox: its report not yet written
    uploaded_twice = path.with_name("tq (1).xlsx")
    uploaded_twice.write_bytes(path.read_bytes())
    assert ingest(engine, uploaded_twice).action == "unchanged"  # in the same run, before the first's report
    record_reported(engine, first.submission_sk)
    resent = path.with_name("tq-gui-lai.xlsx")
    resent.write_bytes(path.read_bytes())
    before = table_counts(engine)

    again = stage_file(resent)
    assert [load_submission(engine, again).action for _ in range(2)] == ["unchanged", "unchanged"]  # and a retry

    events = query(engine, f"SELECT event, note FROM submission_event WHERE submission_sk = {first.submission_sk}")
    received_again = events[events["event"] == "received_again"]
    assert sorted(received_again["note"]) == [
        "same bytes received again as tq (1).xlsx",
        "same bytes received again as tq-gui-lai.xlsx",
    ]
    assert table_counts(engine) == before


def test_same_bytes_in_another_provinces_folder_are_recorded_as_rejected(engine: Engine, tmp_path: Path) -> None:
    """A province's loaded file dropped in another province's folder is that folder's rejected attempt,
    kept in the ledger for it, not a no-op because the bytes are current elsewhere."""
    path = _write(tmp_path, "tq.xlsx", wb.clean_workbook("08", 2024))
    assert ingest(engine, path).action == "loaded"
    before = table_counts(engine)

    assert ingest(engine, path, province="22").action == "recorded"
    ledger = query(engine, "SELECT province_code, status, is_current FROM dim_submission ORDER BY province_code")
    assert ledger.values.tolist() == [["08", "accepted", True], ["22", "rejected", False]]
    assert table_counts(engine)["fact_cadre_snapshot"] == before["fact_cadre_snapshot"]


@pytest.mark.parametrize("province", ["08", "22"], ids=["loaded", "rejected-wrong-folder"])
def test_a_load_retried_after_its_commit_changes_nothing_and_says_what_it_did(
    engine: Engine, tmp_path: Path, province: str
) -> None:
    """The connection is lost as the commit succeeds; the task's retry loads the same staged rows again."""
    initialise(engine)
    staged = stage_file(_write(tmp_path, "tq.xlsx", wb.clean_workbook("08", 2024)), province=province)
    first = load_submission(engine, staged)
    before = table_counts(engine)

    retried = load_submission(engine, staged)

    assert first.action == {"08": "loaded", "22": "recorded"}[province]
    assert (retried.action, retried.submission_sk) == (first.action, first.submission_sk)
    assert table_counts(engine) == before
    events = query(engine, "SELECT COUNT(*) AS n FROM submission_event")["n"].iloc[0]
    assert events == 2  # received and the outcome, once


def test_resubmission_replaces_province_year(engine: Engine, tmp_path: Path) -> None:
    first = wb.clean_workbook("08", 2024)
    ingest(engine, _write(tmp_path, "v1.xlsx", first))
    corrected = wb.clean_workbook("08", 2024)
    corrected["CanBo"] = corrected["CanBo"][:3]  # header + two cadres
    corrected["HocVien"] = wb.table([wb.attendance_row(), wb.attendance_row(national_id=wb.FEMALE_1985)])
    result = ingest(engine, _write(tmp_path, "v2.xlsx", corrected))
    assert result.action == "loaded" and len(result.superseded) == 1

    assert query(engine, "SELECT SUM(cadres) AS n FROM rpt_cadre_profile")["n"].iloc[0] == 2
    assert query(engine, "SELECT COUNT(*) AS n FROM fact_course")["n"].iloc[0] == 2  # not 4
    assert query(engine, "SELECT COUNT(*) AS n FROM fact_criteria_status")["n"].iloc[0] == 38
    status = query(engine, "SELECT * FROM rpt_submission_status")
    assert len(status) == 1 and int(status["superseded_count"].iloc[0]) == 1
    ledger = query(engine, "SELECT file_name, status, is_current FROM dim_submission ORDER BY received_at")
    assert ledger.values.tolist() == [["v1.xlsx", "superseded", False], ["v2.xlsx", "accepted", True]]


def test_a_file_left_in_the_inbox_never_loads_over_the_next_one_but_a_resend_does(
    engine: Engine, tmp_path: Path
) -> None:
    """v1 loaded but its report failed, so it stayed in the inbox, and v2 loaded meanwhile: v1 taken again
    changes nothing. Once v1's report is written, the same bytes sent again are a resend: they load."""
    v1 = _write(tmp_path, "v1.xlsx", wb.clean_workbook("08", 2024))
    first = ingest(engine, v1)
    ingest(engine, _write(tmp_path, "v2.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()])))
    before = table_counts(engine)

    retaken = ingest(engine, v1)

    assert (retaken.action, retaken.submission_sk, retaken.superseded) == ("stale", first.submission_sk, [])
    assert table_counts(engine) == before
    status = query(engine, "SELECT file_name, superseded_count FROM rpt_submission_status")
    assert status.values.tolist() == [["v2.xlsx", 1]]

    record_reported(engine, first.submission_sk)
    assert ingest(engine, v1).action == "loaded"
    assert query(engine, "SELECT SUM(cadres) AS n FROM rpt_cadre_profile")["n"].iloc[0] == 3


def test_resubmission_leaves_other_provinces_alone(engine: Engine, tmp_path: Path) -> None:
    quang_ninh = communes("legacy").query("province_code == '22'")["commune_code"].iloc[0]
    qn_sheets = wb.workbook("22", 2024, canbo=[wb.cadre_row(national_id="022080000123", commune_code=quang_ninh)])
    ingest(engine, _write(tmp_path, "qn.xlsx", qn_sheets, province="22"))
    ingest(engine, _write(tmp_path, "v1.xlsx", wb.clean_workbook("08", 2024)))
    ingest(engine, _write(tmp_path, "v2.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()])))
    per_province = query(
        engine,
        "SELECT province_code, SUM(cadres) AS n FROM rpt_cadre_profile GROUP BY province_code ORDER BY province_code",
    )
    assert per_province.values.tolist() == [["08", 1], ["22", 1]]


def test_crash_mid_load_leaves_previous_state(engine: Engine, tmp_path: Path) -> None:
    ingest(engine, _write(tmp_path, "v1.xlsx", wb.clean_workbook("08", 2024)))
    before = table_counts(engine)
    views_before = query(engine, "SELECT * FROM rpt_commune_criteria ORDER BY commune_code")

    broken = stage_file(
        _write(
            tmp_path, "v2.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()], congnhan=[wb.recognition_row(2024)])
        )
    )
    # The last table written violates NOT NULL: the database itself fails half way through the load.
    broken.rows["fact_commune_recognition"]["recognition_level_sk"] = None
    with pytest.raises(sa.exc.IntegrityError):  # not OperationalError: the load task would retry it
        load_submission(engine, broken)

    assert table_counts(engine) == before
    pd.testing.assert_frame_equal(
        query(engine, "SELECT * FROM rpt_commune_criteria ORDER BY commune_code"), views_before
    )
    current = query(engine, "SELECT file_name FROM dim_submission WHERE is_current")
    assert current["file_name"].tolist() == ["v1.xlsx"]


def test_a_fact_whose_cadre_has_no_version_is_refused_and_nothing_is_written(engine: Engine, tmp_path: Path) -> None:
    """Re-pointing finds attendance by the key of its cadre's version: a fact without one is a loader bug."""
    ingest(engine, _write(tmp_path, "v1.xlsx", wb.clean_workbook("08", 2024)))
    before = table_counts(engine)
    corrected = wb.clean_workbook("08", 2024)
    corrected["CanBo"] = corrected["CanBo"][:-1]  # the last cadre left out: another file, the same attendance
    staged = stage_file(_write(tmp_path, "v2.xlsx", corrected))
    attendance = staged.rows["fact_training_attendance"]
    attendance["cadre_hash"] = attendance["cadre_hash"].astype("string").str.replace(r"^.", "x", regex=True)
    with pytest.raises(UnversionedFact, match="fact_training_attendance"):
        load_submission(engine, staged)
    assert table_counts(engine) == before


def test_cadre_history_is_type_2(engine: Engine, tmp_path: Path) -> None:
    def year(y: int, position: str, group: str) -> Path:
        sheets = wb.workbook(
            "08",
            y,
            canbo=[wb.cadre_row(position=position, staff_group=group)],
            khoahoc=[wb.course_row(y)],
            hocvien=[wb.attendance_row()],
        )
        return _write(tmp_path, f"{y}-{position[:3]}.xlsx", sheets)

    ingest(engine, year(2022, "Phó Chủ tịch UBND", "Cán bộ"))
    ingest(engine, year(2023, "Phó Chủ tịch UBND", "Cán bộ"))
    ingest(engine, year(2024, "Chủ tịch UBND", "Cán bộ"))
    versions = query(
        engine,
        """
        SELECT d.valid_from_year, d.valid_to_year, d.is_current, p.position_name
        FROM dim_cadre d JOIN dim_position p ON p.position_sk = d.position_sk ORDER BY d.valid_from_year""",
    )
    assert versions.values.tolist() == [[2022, 2023, False, "Phó Chủ tịch UBND"], [2024, 9999, True, "Chủ tịch UBND"]]
    pointed = query(
        engine,
        """
        SELECT f.report_year, p.position_name FROM fact_cadre_snapshot f
        JOIN dim_cadre d ON d.cadre_sk = f.cadre_sk JOIN dim_position p ON p.position_sk = d.position_sk
        ORDER BY f.report_year""",
    )
    assert pointed.values.tolist() == [
        [2022, "Phó Chủ tịch UBND"],
        [2023, "Phó Chủ tịch UBND"],
        [2024, "Chủ tịch UBND"],
    ]

    # A corrected 2023 saying the promotion came a year earlier re-cuts the history.
    ingest(engine, year(2023, "Chủ tịch UBND", "Cán bộ"))
    versions = query(engine, "SELECT valid_from_year, valid_to_year FROM dim_cadre ORDER BY valid_from_year")
    assert versions.values.tolist() == [[2022, 2022], [2023, 9999]]
    assert query(engine, "SELECT COUNT(*) AS n FROM fact_cadre_snapshot WHERE cadre_sk IS NULL")["n"].iloc[0] == 0
    attendance = query(engine, "SELECT COUNT(*) AS n FROM fact_training_attendance WHERE cadre_sk IS NULL")
    assert attendance["n"].iloc[0] == 0
    # Every fact points at the version in force in its year, the 2024 rows of the untouched file included.
    for fact in ("fact_cadre_snapshot", "fact_training_attendance"):
        pointed = query(
            engine,
            f"""SELECT f.report_year, d.valid_from_year, d.valid_to_year FROM {fact} f
            JOIN dim_cadre d ON d.cadre_sk = f.cadre_sk ORDER BY f.report_year""",
        )
        assert pointed.values.tolist() == [[2022, 2022, 2022], [2023, 2023, 9999], [2024, 2023, 9999]]


def _cadre_versions_by_position(engine: Engine) -> list[list]:
    return query(
        engine,
        """SELECT p.position_name, d.valid_from_year, d.valid_to_year FROM dim_cadre d
        JOIN dim_position p ON p.position_sk = d.position_sk ORDER BY d.valid_from_year""",
    ).values.tolist()


def _moved_cadre_report(tmp_path: Path, province: str, name: str, position: str, **cells: wb.Cell) -> Path:
    """A 2024 file listing the one cadre (the same national ID in every province's file)."""
    row = wb.cadre_row(position=position, **cells)
    return _write(tmp_path, name, wb.workbook(province, 2024, canbo=[row]), province)


def test_a_cadre_two_provinces_report_in_one_year_follows_the_report_received_last(
    engine: Engine, tmp_path: Path
) -> None:
    """A person who moved between provinces is listed by both in one year: their history follows the
    report received last, whichever province sent it, and every fact points at that one version."""
    quang_ninh = communes("legacy").query("province_code == '22'")["commune_code"].iloc[:2].tolist()

    def report(province: str, name: str, position: str, **cells: wb.Cell) -> Path:
        return _moved_cadre_report(tmp_path, province, name, position, **cells)

    ingest(engine, report("22", "qn.xlsx", "Phó Chủ tịch UBND", commune_code=quang_ninh[0]))
    ingest(engine, report("08", "tq.xlsx", "Chủ tịch UBND"))
    assert _cadre_versions_by_position(engine) == [["Chủ tịch UBND", 2024, 9999]]
    # Quảng Ninh's correction, received later, takes the year back.
    ingest(engine, report("22", "qn-2.xlsx", "Phó Chủ tịch UBND", commune_code=quang_ninh[1]))
    assert _cadre_versions_by_position(engine) == [["Phó Chủ tịch UBND", 2024, 9999]]
    ingest(engine, report("08", "tq-2.xlsx", "Chủ tịch UBND", appointed_on="01/08/2021"))  # later still
    assert _cadre_versions_by_position(engine) == [["Chủ tịch UBND", 2024, 9999]]
    snapshots = query(
        engine,
        """SELECT s.province_code, COUNT(*) AS n FROM fact_cadre_snapshot f
        JOIN dim_cadre d ON d.cadre_sk = f.cadre_sk JOIN dim_submission s ON s.submission_sk = f.submission_sk
        GROUP BY s.province_code ORDER BY s.province_code""",
    )
    assert snapshots.values.tolist() == [["08", 1], ["22", 1]]


def test_a_cadre_two_provinces_report_in_one_year_is_counted_once_by_cadres_once(
    engine: Engine, tmp_path: Path
) -> None:
    """Hà Giang (02) and Tuyên Quang (08) both list a person who moved in 2024; both are province 08
    since 2025. `cadres` counts each province's own list (two), `cadres_once` the person once, in the
    province whose report was received last, so it adds up nationally and at the 2025 level."""
    ha_giang = communes("legacy").query("province_code == '02'")["commune_code"].iloc[0]
    ingest(engine, _moved_cadre_report(tmp_path, "02", "hg.xlsx", "Phó Chủ tịch UBND", commune_code=ha_giang))
    ingest(engine, _moved_cadre_report(tmp_path, "08", "tq.xlsx", "Chủ tịch UBND"))
    profile = query(
        engine,
        "SELECT province_code, province_code_2025, SUM(cadres) AS cadres, SUM(cadres_once) AS cadres_once "
        "FROM rpt_cadre_profile GROUP BY province_code, province_code_2025 ORDER BY province_code",
    )
    assert profile.astype({"cadres": int, "cadres_once": int}).values.tolist() == [
        ["02", "08", 1, 0],
        ["08", "08", 1, 1],
    ]


def test_the_report_received_last_keeps_the_year_whatever_order_the_loads_ran_in(
    engine: Engine, tmp_path: Path
) -> None:
    """Two runs overlap: Tuyên Quang's file, received second, is loaded first; Quảng Ninh's, received
    first and loaded after it, does not take the year."""
    quang_ninh = communes("legacy").query("province_code == '22'")["commune_code"].iloc[0]
    first, second = dt.datetime(2025, 3, 1, 8, tzinfo=dt.UTC), dt.datetime(2025, 3, 1, 9, tzinfo=dt.UTC)
    tq = _moved_cadre_report(tmp_path, "08", "tq.xlsx", "Chủ tịch UBND")
    qn = _moved_cadre_report(tmp_path, "22", "qn.xlsx", "Phó Chủ tịch UBND", commune_code=quang_ninh)
    ingest(engine, tq, received_at=second)
    ingest(engine, qn, received_at=first)
    assert _cadre_versions_by_position(engine) == [["Chủ tịch UBND", 2024, 9999]]


def _promotion_files(tmp_path: Path, cadres: int) -> tuple[Path, Path]:
    """2024 and 2025 files of one province listing the same cadres, promoted between the two years."""
    ids = [f"0080800{i:05d}" for i in range(cadres)]

    def year(y: int, position: str) -> Path:
        rows = [wb.cadre_row(national_id=national_id, position=position) for national_id in ids]
        return _write(tmp_path, f"tq-{y}.xlsx", wb.workbook("08", y, canbo=rows))

    return year(2024, "Phó Chủ tịch UBND"), year(2025, "Chủ tịch UBND")


def _versions_per_cadre(engine: Engine) -> list[list]:
    """Each cadre's versions as (position, from, to, current), the same list for every cadre expected."""
    rows = query(
        engine,
        """SELECT d.cadre_hash, p.position_name, d.valid_from_year, d.valid_to_year, d.is_current
        FROM dim_cadre d JOIN dim_position p ON p.position_sk = d.position_sk
        ORDER BY d.cadre_hash, d.valid_from_year""",
    )
    return sorted({tuple(tuple(r[1:]) for r in group.values.tolist()) for _, group in rows.groupby("cadre_hash")})


def test_an_earlier_year_loaded_after_a_later_one_recuts_every_cadres_history(engine: Engine, tmp_path: Path) -> None:
    """2025 arrives first, then 2024: every cadre's single version is cut in two (on PostgreSQL this
    load failed when the history of all the file's cadres changed)."""
    year_2024, year_2025 = _promotion_files(tmp_path, cadres=5)
    assert ingest(engine, year_2025).action == "loaded"
    assert ingest(engine, year_2024).action == "loaded"
    assert _versions_per_cadre(engine) == [
        (("Phó Chủ tịch UBND", 2024, 2024, False), ("Chủ tịch UBND", 2025, 9999, True))
    ]
    pointed = query(
        engine,
        """SELECT f.report_year, COUNT(*) AS n FROM fact_cadre_snapshot f JOIN dim_cadre d ON d.cadre_sk = f.cadre_sk
        WHERE f.report_year BETWEEN d.valid_from_year AND d.valid_to_year GROUP BY f.report_year ORDER BY 1""",
    )
    assert pointed.values.tolist() == [[2024, 5], [2025, 5]]


@pytest.mark.parametrize("warehouse_url", ["postgresql"], indirect=True)
def test_two_years_of_a_province_loaded_at_once_build_one_history(engine: Engine, tmp_path: Path) -> None:
    """The nightly run and the watcher load 2024 and 2025 of one province at the same moment on
    PostgreSQL: the second waits for the first, so each cadre gets two versions, not two current ones
    each built without the other year. (DuckDB: one writer process per file, nothing to race.)"""
    year_2024, year_2025 = _promotion_files(tmp_path, cadres=5)
    initialise(engine)
    staged = [stage_file(year_2024), stage_file(year_2025)]
    start = threading.Barrier(len(staged))
    outcomes: list[str] = []

    def load(submission: SubmissionLoad) -> None:
        start.wait()
        outcomes.append(load_submission(engine, submission).action)

    loaders = [threading.Thread(target=load, args=(submission,)) for submission in staged]
    for loader in loaders:
        loader.start()
    for loader in loaders:
        loader.join(timeout=120)
    assert outcomes == ["loaded", "loaded"]
    assert _versions_per_cadre(engine) == [
        (("Phó Chủ tịch UBND", 2024, 2024, False), ("Chủ tịch UBND", 2025, 9999, True))
    ]


_UNCHANGED = {"submission_sk": 1, "commune_admin_unit_sk": 1, "staff_group_sk": 1, "education_sk": 1}
_UNCHANGED |= {"political_theory_sk": 1, "is_party_member": True, "gender_sk": 1, "ethnicity_sk": 1}
_UNCHANGED |= {"received_at": pd.Timestamp("2025-03-01", tz="UTC")}


def test_cadre_versions_take_a_year_from_the_report_received_last_then_the_higher_key() -> None:
    def snapshot(position: int, received: str, submission_sk: int) -> dict:
        when = pd.Timestamp(received, tz="UTC")
        fields = {"cadre_hash": "a", "report_year": 2024, "position_sk": position, "submission_sk": submission_sk}
        return {**_UNCHANGED, **fields, "received_at": when}

    later_with_lower_key = snapshot(2, "2025-03-02", 1)
    earlier = snapshot(1, "2025-03-01", 9)
    assert cadre_versions(pd.DataFrame([later_with_lower_key, earlier]))["position_sk"].tolist() == [2]
    same_moment = snapshot(1, "2025-03-02", 9)
    assert cadre_versions(pd.DataFrame([later_with_lower_key, same_moment]))["position_sk"].tolist() == [1]


def test_cadre_versions_start_at_each_change_and_fold_unchanged_years() -> None:
    same = _UNCHANGED

    def snapshot(cadre: str, year: int, position: int) -> dict:
        return {**same, "cadre_hash": cadre, "report_year": year, "position_sk": position}

    columns = ["cadre_hash", "valid_from_year", "valid_to_year", "is_current", "position_sk"]
    every_year_a_change = pd.DataFrame([snapshot("a", 2022, 1), snapshot("a", 2023, 2), snapshot("b", 2023, 1)])
    expected = [["a", 2022, 2022, False, 1], ["a", 2023, 9999, True, 2], ["b", 2023, 9999, True, 1]]
    assert cadre_versions(every_year_a_change)[columns].values.tolist() == expected
    # A year without a change folds into the version before it: the same versions.
    with_unchanged_year = pd.concat([every_year_a_change, pd.DataFrame([snapshot("a", 2024, 2)])])
    assert cadre_versions(with_unchanged_year)[columns].values.tolist() == expected
    # and the version says the last year it was reported in (a's second version: 2024, b's: 2023)
    assert cadre_versions(with_unchanged_year)["last_reported_year"].tolist() == [2022, 2024, 2023]


def test_personal_data_stays_in_restricted_schema(engine: Engine, tmp_path: Path) -> None:
    ingest(engine, _write(tmp_path, "tq.xlsx", wb.clean_workbook("08", 2024)))
    ids = {wb.MALE_1980, wb.FEMALE_1985, wb.MALE_1975}
    names = {"Nguyễn Văn An", "Trần Thị Bình", "Hoàng Văn Chung"}
    inspector = sa.inspect(engine)
    public = inspector.default_schema_name
    for table in inspector.get_table_names(schema=public) + inspector.get_view_names(schema=public):
        columns = {c["name"] for c in inspector.get_columns(table, schema=public)}
        # a birth year or an exact age beside the commune and the post names an official
        assert not columns & {"national_id", "full_name", "birth_date", "birth_year", "age_years"}, table
        values = query(engine, f"SELECT * FROM {table}").astype(str).to_numpy().ravel()
        assert not set(values) & (ids | names), table
    identity = query(engine, "SELECT full_name FROM restricted.cadre_identity")
    assert set(identity["full_name"]) == names
    # born 1980, 1985, 1975: 44, 39 and 49 at 31/12/2024
    bands = query(engine, "SELECT age_band FROM fact_cadre_snapshot ORDER BY age_band")["age_band"].tolist()
    assert bands == ["35–39", "40–44", "45–49"]


def test_invalid_rows_are_quarantined_with_raw_values(engine: Engine, tmp_path: Path) -> None:
    sheets = wb.workbook(
        "08", 2024, canbo=[wb.cadre_row(), wb.cadre_row(national_id="008180000999", full_name="Lỗi Giới Tính")]
    )
    ingest(engine, _write(tmp_path, "tq.xlsx", sheets))
    held = query(engine, "SELECT sheet_name, excel_row, rule_codes, raw_values FROM restricted.quarantine_row")
    # the header is Excel row 1, the valid cadre row 2: the held one is row 3
    assert held[["sheet_name", "excel_row", "rule_codes"]].values.tolist() == [["CanBo", 3, "CANBO.ID.GENDER_DIGIT"]]
    assert '"Họ và tên": "Lỗi Giới Tính"' in held["raw_values"].iloc[0]
    status = query(engine, "SELECT status, rows_quarantined FROM rpt_submission_status")
    assert status.values.tolist() == [["accepted_with_errors", 1]]


def test_held_rows_keep_the_cadre_hash_never_the_national_id(engine: Engine, tmp_path: Path) -> None:
    """Contract §3: the warehouse stores a keyed hash of the ID, never the ID, held rows included. An ID
    typed as a number (its leading zeros lost) is hashed as read, as the cadre's other rows are; the
    attendance held with the cadre carries the same hash."""
    held_id = "008180000999"  # the gender digit 1 (a woman) against Nam: held
    sheets = wb.workbook(
        "08",
        2024,
        canbo=[wb.cadre_row(), wb.cadre_row(national_id=int(held_id), full_name="Lỗi Giới Tính")],
        khoahoc=[wb.course_row()],
        hocvien=[wb.attendance_row(national_id=held_id)],
    )
    ingest(engine, _write(tmp_path, "tq.xlsx", sheets))
    held = query(engine, "SELECT sheet_name, raw_values FROM restricted.quarantine_row ORDER BY sheet_name")
    assert held["sheet_name"].tolist() == ["CanBo", "HocVien"]
    digest = hmac.digest(KEY, held_id.encode(), "sha256").hex()
    for raw in held["raw_values"]:
        assert "8180000999" not in raw
        values = json.loads(raw)
        assert "Số định danh cá nhân" not in values
        assert values["cadre_hash"] == digest
    assert json.loads(held["raw_values"].iloc[0])["Họ và tên"] == "Lỗi Giới Tính"  # the rest is kept as sent


def test_held_rows_an_older_release_stored_with_the_id_are_rewritten_with_its_hash(
    engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Releases before the ID was kept apart stored it among a held row's raw values, under the header
    the province wrote (an alias too), as typed (a number cell's zeros lost, a stray space). Rewritten
    once: the ID gone, the hash the cadre's facts carry in its place, the rest as sent; rows without an
    ID untouched; a value like an ID under a header not read as the ID's is told, not guessed at; once
    done, never read again, and no key asked for."""
    from cadres.staging import held_rows_without_ids
    from warehouse.held_ids import rewrite_held_rows

    held_id_written = "008180000999"  # the gender digit 1 (a woman) against Nam: held
    sheets = wb.workbook(
        "08",
        2024,
        canbo=[wb.cadre_row(), wb.cadre_row(national_id=held_id_written, full_name="Lỗi Giới Tính")],
        khoahoc=[wb.course_row()],
        hocvien=[wb.attendance_row(national_id=held_id_written)],
    )
    ingest(engine, _write(tmp_path, "tq.xlsx", sheets))
    other_id = "008079000129"
    as_before = {  # what a release before f9bb4f2 stored
        "CanBo": {"Họ và tên": "Lỗi Giới Tính", "Số định danh cá nhân": "8180000999"},
        "HocVien": {"Mã khóa học": "KH01", "Số CCCD": f"\u200b{other_id} "},
    }
    added = {  # inserted as an older release wrote them
        ("CanBo", 12): {"Họ và tên": "Không ghi số", "Số định danh cá nhân": " "},  # its ID's cell blank
        ("CanBo", 13): {"Số định danh cá nhân": other_id, "Số CCCD": other_id},  # the second column is left
        ("HocVien", 10): {"Mã khóa học": "KH03", "Mã số học viên": "8079000130"},  # an ID, zeros lost, left
        ("KhoaHoc", 9): {"Mã khóa học": "KH02", "Tên khóa học": "Không có số định danh"},
        ("KhoaHoc", 11): {"Mã khóa học": "KH04", "Kinh phí": "415520000000"},  # a budget, no ID
    }
    with engine.begin() as conn:
        for sheet, values in as_before.items():
            conn.execute(
                sa.text("UPDATE restricted.quarantine_row SET raw_values = :v WHERE sheet_name = :s"),
                {"v": json.dumps(values, ensure_ascii=False), "s": sheet},
            )
        for (sheet, row), values in added.items():
            conn.execute(
                sa.text(
                    "INSERT INTO restricted.quarantine_row (submission_sk, sheet_name, excel_row, rule_codes, "
                    "raw_values) SELECT DISTINCT submission_sk, :s, :r, 'X', :v FROM restricted.quarantine_row "
                    "WHERE sheet_name = 'CanBo'"
                ),
                {"s": sheet, "r": row, "v": json.dumps(values, ensure_ascii=False)},
            )

    with caplog.at_level("WARNING", logger="cadres.staging"):
        assert rewrite_held_rows(engine, partial(held_rows_without_ids, key=lambda: KEY)) == 4
    held = query(engine, "SELECT raw_values FROM restricted.quarantine_row ORDER BY sheet_name, excel_row")

    def digest(national_id: str) -> str:
        return hmac.digest(KEY, national_id.encode(), "sha256").hex()

    assert (
        [json.loads(raw) for raw in held["raw_values"]]
        == [
            {"Họ và tên": "Lỗi Giới Tính", "cadre_hash": digest(held_id_written)},  # of the ID as read: zeros restored
            {"Họ và tên": "Không ghi số"},
            {"Số CCCD": other_id, "cadre_hash": digest(other_id)},
            {"Mã khóa học": "KH01", "cadre_hash": digest(other_id)},  # the text cleaned as validation cleans it
            *list(added.values())[2:],
        ]
    )
    assert "2 held row(s) hold a value like a national ID under a header not read as the ID's" in caplog.text
    assert rewrite_held_rows(engine, lambda _: pytest.fail("read again")) == 0


def test_a_warehouse_with_no_held_id_to_rewrite_asks_no_key(engine: Engine, tmp_path: Path) -> None:
    """A shared warehouse's key may not be set where `cadres init-warehouse` runs, and an embedded one's
    would be made anew (a restored warehouse's key not yet restored): asked for only to hash an ID."""
    from cadres.staging import held_rows_without_ids
    from warehouse.held_ids import rewrite_held_rows

    ingest(
        engine,
        _write(
            tmp_path,
            "tq.xlsx",
            wb.workbook("08", 2024, canbo=[wb.cadre_row(), wb.cadre_row(national_id="008180000999")]),
        ),
    )
    assert rewrite_held_rows(engine, partial(held_rows_without_ids, key=lambda: pytest.fail("key asked"))) == 0


def test_a_loading_runs_warehouse_has_the_older_releases_held_ids_hashed(pipeline_settings, caplog) -> None:
    """Every loading run opens the warehouse through `warehouse_for_run`: the first after an upgrade
    rewrites the held rows an older release stored with the ID, and says how many in the log."""
    from warehouse.held_ids import DONE

    with warehouse_for_run() as engine, engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM warehouse_meta WHERE key = :k"), {"k": DONE})  # as before the upgrade
        conn.execute(
            sa.text(
                "INSERT INTO restricted.quarantine_row (submission_sk, sheet_name, excel_row, rule_codes, raw_values) "
                "VALUES (1, 'HocVien', 7, 'HOCVIEN.CADRE.UNKNOWN', :v)"
            ),
            {"v": json.dumps({"Mã khóa học": "KH01", "Số định danh": "008079000129"}, ensure_ascii=False)},
        )
    with caplog.at_level("WARNING", logger="tasks.load"), warehouse_for_run() as engine:
        stored = json.loads(query(engine, "SELECT raw_values FROM restricted.quarantine_row")["raw_values"].iloc[0])
    assert stored == {"Mã khóa học": "KH01", "cadre_hash": hmac.digest(KEY, b"008079000129", "sha256").hex()}
    assert "1 held row(s) stored by an older release kept the national ID" in caplog.text


def test_rejected_submission_is_recorded_not_loaded(engine: Engine, tmp_path: Path) -> None:
    sheets = wb.clean_workbook("08", 2024)
    result = ingest(engine, _write(tmp_path, "wrong-folder.xlsx", sheets, province="22"))
    assert result.action == "recorded"
    assert table_counts(engine)["fact_cadre_snapshot"] == 0
    ledger = query(engine, "SELECT province_code, declared_province_code, status, is_current FROM dim_submission")
    assert ledger.values.tolist() == [["22", "08", "rejected", False]]  # the submitter's ledger, not 08's


def test_a_rejected_file_left_in_the_inbox_is_recorded_once_until_its_report_is_noted(
    engine: Engine, tmp_path: Path
) -> None:
    """A rejected file that stays in the inbox (open in Excel on the share, or its report failed) is taken
    again by every nightly run: it was recorded again each time, so the province-year counted a file a
    night and its issues as many times. Until its report is noted it is the same drop; after, a resend."""
    path = _write(tmp_path, "wrong-folder.xlsx", wb.clean_workbook("08", 2024), province="22")
    first = ingest(engine, path, province="22")
    again = ingest(engine, path, province="22")
    assert (first.action, again.action, again.submission_sk) == ("recorded", "unchanged", first.submission_sk)
    assert query(engine, "SELECT COUNT(*) AS n FROM dim_submission")["n"].iloc[0] == 1
    record_reported(engine, first.submission_sk)
    assert ingest(engine, path, province="22").action == "recorded"  # sent again after its report
    assert query(engine, "SELECT COUNT(*) AS n FROM dim_submission")["n"].iloc[0] == 2
    broken = tmp_path / "inbox" / "22" / "broken.xlsx"  # unreadable: no year, no declared province
    broken.write_bytes(b"not a workbook")
    assert [ingest(engine, broken, province="22").action for _ in range(2)] == ["recorded", "unchanged"]


def test_legacy_years_roll_up_to_2025_provinces(engine: Engine, tmp_path: Path) -> None:
    bac_ninh_legacy = communes("legacy").query("province_code == '27'")["commune_code"].iloc[0]
    sheets = wb.workbook("27", 2024, canbo=[wb.cadre_row(national_id="027080000123", commune_code=bac_ninh_legacy)])
    ingest(engine, _write(tmp_path, "bn.xlsx", sheets, province="27"))
    row = query(
        engine, "SELECT province_code, province_name, province_code_2025, province_name_2025 FROM rpt_cadre_profile"
    ).iloc[0]
    assert row.tolist() == ["27", "Tỉnh Bắc Ninh", "24", "Tỉnh Bắc Ninh"]


PROVINCE_GRAIN_VIEWS = (
    "rpt_cadre_profile",
    "rpt_cadre_age",
    "rpt_training",
    "rpt_submission_status",
    "rpt_completeness",
    "rpt_validation_issue_rate",
)


@pytest.mark.parametrize("view", PROVINCE_GRAIN_VIEWS)
def test_each_view_names_the_unit_list_its_codes_belong_to(engine: Engine, tmp_path: Path, view: str) -> None:
    """Codes are reused across the legacy and 2025 lists (08 is Tuyên Quang in both): a BI user joining
    dim_admin_unit on the code alone counted every 2024 row twice; with unit_list each row finds its unit."""
    for year in (2024, 2025):
        sheets = wb.clean_workbook("08", year)
        sheets["CanBo"].append(list(sheets["CanBo"][1]))  # a cadre twice: an issue for rpt_validation_issue_rate
        ingest(engine, _write(tmp_path, f"tq-{year}.xlsx", sheets))
    calendar = tmp_path / "calendar.toml"  # rpt_completeness: the province-years expected
    calendar.write_text('years = [2024, 2025]\ndefault_due = "03-31"\n', encoding="utf-8")
    sync_calendar(engine, expected_submissions(calendar))
    joined = query(
        engine,
        f"""SELECT v.report_year, v.unit_list,
                   (SELECT COUNT(*) FROM dim_admin_unit d WHERE d.unit_level = 'province'
                     AND d.unit_list = v.unit_list AND d.unit_code = v.province_code) AS exact,
                   (SELECT COUNT(*) FROM dim_admin_unit d WHERE d.unit_level = 'province'
                     AND d.unit_code = v.province_code) AS by_code_alone
            FROM {view} v WHERE v.province_code = '08' AND v.report_year IN (2024, 2025)""",
    )
    assert set(joined["report_year"]) == {2024, 2025}
    assert dict(zip(joined["report_year"], joined["unit_list"], strict=True)) == {2024: "legacy", 2025: "2025"}
    assert (joined["exact"] == 1).all()
    assert (joined["by_code_alone"] == 2).all()  # the trap the column avoids


def test_a_trend_across_the_reform_says_which_merged_provinces_it_lacks(engine: Engine, tmp_path: Path) -> None:
    """Today's Tuyên Quang (08) is the legacy Hà Giang (02) and Tuyên Quang (08): its 2024 figures at the
    2025 level hold only what Tuyên Quang sent, which read as a province that grew in 2025."""
    for year in (2024, 2025):
        ingest(engine, _write(tmp_path, f"tq-{year}.xlsx", wb.clean_workbook("08", year)))
    calendar = tmp_path / "calendar.toml"
    calendar.write_text(
        'years = [2024, 2025]\ndefault_due = "03-31"\n'
        '[[exception]]\nprovince = "24"\nyear = 2025\ndue = "2099-12-31"\n',  # Bắc Ninh's 2025 is not due yet
        encoding="utf-8",
    )
    sync_calendar(engine, expected_submissions(calendar))
    coverage = query(
        engine,
        """SELECT province_code_2025, report_year, unit_list, provinces_expected, provinces_reported,
                  provinces_not_reported, is_complete, provinces_not_yet_due
           FROM rpt_reform_coverage WHERE province_code_2025 IN ('08', '24')
           ORDER BY province_code_2025, report_year""",
    )
    assert coverage.replace({pd.NA: None, float("nan"): None}).values.tolist() == [
        ["08", 2024, "legacy", 2, 1, "02", False, 0],
        ["08", 2025, "2025", 1, 1, None, True, 0],
        ["24", 2024, "legacy", 2, 0, "24,27", False, 0],  # legacy Bắc Giang (24) and Bắc Ninh (27): none reported
        ["24", 2025, "2025", 1, 0, "24", False, 1],  # not reported, and not late
    ]
    per_year = query(engine, "SELECT report_year, SUM(provinces_expected) AS n FROM rpt_reform_coverage GROUP BY 1")
    assert sorted(per_year.values.tolist()) == [[2024, 63], [2025, 34]]  # every province of each list, once


def test_every_table_and_column_carries_a_comment(engine: Engine) -> None:
    initialise(engine)
    inspector = sa.inspect(engine)
    for schema_name in (inspector.default_schema_name, "restricted"):
        for table in inspector.get_table_names(schema=schema_name):
            assert inspector.get_table_comment(table, schema=schema_name)["text"], table
            for column in inspector.get_columns(table, schema=schema_name):
                assert column.get("comment"), f"{table}.{column['name']}"
    facts = [t for t in inspector.get_table_names(schema=inspector.default_schema_name) if t.startswith("fact_")]
    contract_facts = {
        "fact_cadre_snapshot",
        "fact_training_attendance",
        "fact_course",
        "fact_criteria_status",
        "fact_commune_recognition",
    }
    assert contract_facts <= set(facts)
    for fact in facts:
        assert "one row per" in inspector.get_table_comment(fact)["text"]


def test_initialise_is_idempotent(engine: Engine) -> None:
    initialise(engine)
    initialise(engine)
    counts = query(
        engine,
        "SELECT unit_list, unit_level, COUNT(*) AS n FROM dim_admin_unit "
        "GROUP BY unit_list, unit_level ORDER BY unit_list, unit_level",
    )
    assert counts.values.tolist() == [
        ["2025", "commune", 3321],
        ["2025", "province", 34],
        ["legacy", "commune", 10035],
        ["legacy", "province", 63],
    ]


def test_a_release_with_new_reference_data_reaches_a_warehouse_filled_by_an_older_one(
    engine: Engine, tmp_path: Path
) -> None:
    """A warehouse made before QĐ 51/2025 was in the reference data: its 2026 criteria facts had no
    criterion rows, and the inner join of rpt_commune_criteria showed nothing assessed."""
    initialise(engine)
    with engine.begin() as conn:  # as the older release left it
        conn.execute(sa.text("DELETE FROM dim_criterion WHERE criteria_set = 'QD51_2025'"))
        conn.execute(sa.text("UPDATE warehouse_meta SET value = 'older release' WHERE key = 'reference_version'"))
    sheets = wb.workbook("08", 2026, canbo=[wb.cadre_row()], tieuchi=wb.criteria_rows(2026, unmet=[6]))
    ingest(engine, _write(tmp_path, "tq-2026.xlsx", sheets))  # opening the warehouse brings it up to date

    criteria = query(
        engine, "SELECT criteria_set, criteria_assessed, criteria_met, unmet_criteria FROM rpt_commune_criteria"
    )
    assert criteria.values.tolist() == [["QD51_2025", 10, 9, "6"]]
    dates = query(engine, "SELECT MIN(date_sk) AS first, MAX(date_sk) AS last FROM dim_date")
    assert dates.values.tolist() == [[19400101, 20601231]]  # an appointment in 1995 has its day


def test_a_rejected_file_sent_again_to_the_right_folder_loads(engine: Engine, tmp_path: Path) -> None:
    sheets = wb.clean_workbook("08", 2024)
    assert ingest(engine, _write(tmp_path, "tq.xlsx", sheets, province="22")).action == "recorded"
    assert ingest(engine, _write(tmp_path, "tq.xlsx", sheets, province="08")).action == "loaded"
    status = query(engine, "SELECT province_code, status FROM rpt_submission_status ORDER BY province_code")
    assert status.values.tolist() == [["08", "accepted"], ["22", "rejected"]]


def test_views_built_on_the_reporting_views_survive_later_loads(engine: Engine, tmp_path: Path) -> None:
    ingest(engine, _write(tmp_path, "v1.xlsx", wb.clean_workbook("08", 2024)))
    with engine.begin() as conn:  # what a BI user might do
        conn.execute(
            sa.text(
                "CREATE VIEW my_cadres AS SELECT province_code, SUM(cadres) AS n "
                "FROM rpt_cadre_profile GROUP BY province_code"
            )
        )
    ingest(engine, _write(tmp_path, "v2.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()])))
    assert query(engine, "SELECT n FROM my_cadres")["n"].tolist() == [1]


def test_recognition_carries_forward_into_later_years(engine: Engine, tmp_path: Path) -> None:
    """A recognition carries forward; the row says when the level held was first granted and under
    which set (a 2020 recognition under QĐ 1980/2016 shown on a 2024 row of QĐ 318 was not told apart).
    A higher level granted later is the one held from its year on."""
    for year, level in ((2020, "NTM"), (2021, "NTM"), (2023, "NTM nâng cao")):
        sheets = wb.workbook("08", year, canbo=[wb.cadre_row()], congnhan=[wb.recognition_row(year, level=level)])
        ingest(engine, _write(tmp_path, f"{year}.xlsx", sheets))
    later = wb.workbook("08", 2024, tieuchi=wb.criteria_rows(2024, wb.LEGACY_COMMUNE))
    ingest(engine, _write(tmp_path, "2024.xlsx", later))
    rows = query(
        engine,
        "SELECT commune_code, report_year, recognised_level, criteria_assessed, criteria_met, unmet_criteria, "
        "criteria_set, recognised_in_year, recognised_criteria_set FROM rpt_commune_criteria "
        "ORDER BY report_year, commune_code",
    )
    rows = rows.astype(object).where(rows.notna(), "-")
    assert rows.values.tolist() == [  # carried forward, not assessed: met and unmet unknown, not "0 of 0"
        ["02245", 2020, "NTM", 0, "-", "-", "QD1980_2016", 2020, "QD1980_2016"],
        ["02245", 2021, "NTM", 0, "-", "-", "QD318_2022", 2020, "QD1980_2016"],  # re-recognised: held since 2020
        ["02245", 2023, "NTM nâng cao", 0, "-", "-", "QD318_2022", 2023, "QD318_2022"],
        ["02245", 2024, "NTM nâng cao", 0, "-", "-", "QD318_2022", 2023, "QD318_2022"],
        ["02488", 2024, "-", 19, 19, "", "QD318_2022", "-", "-"],
    ]
    summary = national_summary(engine)["Tiêu chí nông thôn mới"].set_index("report_year")
    columns = ["communes", "communes_assessed", "communes_all_met", "communes_recognised"]
    assert summary.loc[2024, columns].astype(int).tolist() == [2, 1, 1, 1]  # all met: 1 of the 1 assessed


def test_a_commune_listing_part_of_its_criteria_is_not_counted_as_meeting_them_all(
    engine: Engine, tmp_path: Path
) -> None:
    """Listing fewer criteria than the set has is a warning (TIEUCHI.INCOMPLETE) and the rows load: three
    criteria listed, all met, is not "all met" (the national summary counted it so)."""
    sheets = wb.clean_workbook("08", 2024)
    sheets["TieuChi"] = wb.table(wb.criteria_rows(2024, count=3) + wb.criteria_rows(2024, wb.LEGACY_COMMUNE))
    ingest(engine, _write(tmp_path, "part.xlsx", sheets))
    rows = query(
        engine,
        "SELECT commune_code, criteria_met, criteria_assessed, criteria_in_set, unmet_criteria "
        "FROM rpt_commune_criteria ORDER BY commune_code",
    )
    assert rows.values.tolist() == [["02245", 3, 3, 19, ""], ["02488", 19, 19, 19, ""]]
    summary = national_summary(engine)["Tiêu chí nông thôn mới"]
    assert summary[["communes", "communes_all_met"]].astype(int).values.tolist() == [[2, 1]]


@pytest.mark.parametrize("warehouse_url", ["postgresql"], indirect=True)
def test_postgresql_attendance_is_indexed_by_version_and_an_old_hash_index_is_dropped(engine: Engine) -> None:
    """The re-pointing update finds attendance by cadre_sk; the text index of earlier warehouses only
    cost every load its upkeep, so initialise drops it where it exists."""
    initialise(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE INDEX ix_fact_training_attendance_cadre ON fact_training_attendance (cadre_hash)"))
    initialise(engine)
    indexes = query(engine, "SELECT indexdef FROM pg_indexes WHERE tablename = 'fact_training_attendance'")
    definitions = sorted(indexes["indexdef"].str.extract(r"USING btree \((\w+)\)")[0])
    assert definitions == ["cadre_sk", "submission_sk"]


def test_an_age_falls_in_the_same_band_when_staged_and_when_an_old_warehouse_is_upgraded() -> None:
    """The bands are cut in pandas for new loads and in SQL for ages an earlier release stored."""
    import duckdb

    from cadres.staging import age_bands
    from warehouse.schema import age_band_sql

    staged = age_bands(pd.Series(range(15, 80), dtype="Int64")).tolist()
    upgraded = [
        row[0] for row in duckdb.sql(f"SELECT {age_band_sql('a')} FROM range(15, 80) t(a) ORDER BY a").fetchall()
    ]
    assert staged == upgraded
    said = dict(zip(range(15, 80), staged, strict=True))
    assert [said[age] for age in (29, 30, 34, 35, 59, 60, 70)] == [
        "Dưới 30",
        "30–34",
        "30–34",
        "35–39",
        "55–59",
        "60 trở lên",
        "60 trở lên",
    ]
    assert pd.isna(age_bands(pd.Series([None], dtype="Int64")).iloc[0])


def test_cadres_by_age_band_and_gender_read_as_aggregates(engine: Engine, tmp_path: Path) -> None:
    """The age indicators (young cadres under 35) through a view: the band was in the per-person fact
    only, as text that sorts 'Dưới 30' last."""
    born = {1995: wb.national_id(1995, serial=1), 1990: wb.national_id(1990, female=True, serial=2)}
    born[1989] = wb.national_id(1989, serial=3)
    cadres = [
        wb.cadre_row(national_id=born[1995], birth_date="01/01/1995"),
        wb.cadre_row(national_id=born[1990], birth_date="31/12/1990", gender="Nữ"),
        wb.cadre_row(national_id=born[1989], birth_date="01/01/1989"),
    ]
    ingest(engine, _write(tmp_path, "tuoi.xlsx", wb.workbook("08", 2024, canbo=cadres)))
    ages = query(
        engine,
        "SELECT age_band, age_band_order, is_under_35, gender, cadres, cadres_once, province_code_2025 "
        "FROM rpt_cadre_age ORDER BY age_band_order",
    )
    assert ages.values.tolist() == [
        ["Dưới 30", 1, True, "Nam", 1, 1, "08"],  # 29 at 31/12/2024
        ["30–34", 2, True, "Nữ", 1, 1, "08"],  # 34
        ["35–39", 3, False, "Nam", 1, 1, "08"],  # 35
    ]


def test_a_cadre_no_longer_reported_keeps_the_last_year_they_were(engine: Engine, tmp_path: Path) -> None:
    """A person absent from the province's later reports keeps an open current version (valid to 9999):
    counting `is_current` counted everyone ever reported (161 for 08 against 49 in its 2026 report)."""
    both = [wb.cadre_row(), wb.cadre_row(national_id=wb.FEMALE_1985, birth_date="02/09/1985", gender="Nữ")]
    ingest(engine, _write(tmp_path, "2024.xlsx", wb.workbook("08", 2024, canbo=both)))
    ingest(engine, _write(tmp_path, "2025.xlsx", wb.workbook("08", 2025, canbo=[wb.cadre_row()])))
    versions = query(
        engine,
        "SELECT is_current, valid_to_year, last_reported_year FROM dim_cadre WHERE is_current "
        "ORDER BY last_reported_year",
    )
    assert versions.values.tolist() == [[True, 9999, 2024], [True, 9999, 2025]]
