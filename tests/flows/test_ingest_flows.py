"""The flows run under Prefect (a real temporary API), end to end on each warehouse backend."""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
import os
import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

import flows.ingest_inbox as ingest_inbox_module
from cadres.archive import content_hash
from cadres.calendar import day_in_vietnam
from cadres.preparation import StagedFile
from cadres.settings import Settings, get_settings
from flows.ingest_inbox import FilesFailed, ingest_inbox
from flows.ingest_submission import ingest_submission
from flows.validate_inbox import validate_inbox
from tests import workbooks as wb
from tests.warehouse.helpers import query
from warehouse.backend import create_warehouse_engine


def _drop(settings: Settings, province: str, name: str, sheets: wb.Sheets, age_seconds: float = 0) -> Path:
    path = wb.write_xlsx(settings.inbox_dir / province / name, sheets)
    stamp = time.time() - age_seconds
    os.utime(path, (stamp, stamp))
    return path


def _warehouse(settings: Settings, sql: str):
    engine = create_warehouse_engine(settings.resolved_warehouse_url)
    try:
        return query(engine, sql)
    finally:
        engine.dispose()


def test_ingest_submission_archives_loads_and_reports(pipeline_settings: Settings) -> None:
    path = _drop(pipeline_settings, "08", "tuyen-quang-2024.xlsx", wb.clean_workbook("08", 2024))
    outcome = ingest_submission(str(path))

    assert outcome["status"] == "accepted" and outcome["warehouse"] == "loaded"
    assert Path(outcome["archived_as"]).read_bytes() == path.read_bytes()
    status = _warehouse(pipeline_settings, "SELECT province_code, report_year, status FROM rpt_submission_status")
    assert status.values.tolist() == [["08", 2024, "accepted"]]
    report = json.loads(Path(outcome["report_json"]).read_text(encoding="utf-8"))
    assert report["summary"]["status"] == "accepted" and report["problems"] == []
    assert report["summary"]["submission_id"] == outcome["submission_id"]
    page = Path(outcome["report_html"]).read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and outcome["submission_id"] in page
    # The archive's path on the server is the operators' (the run's outcome), not the province's
    archive_dir = str(Path(outcome["archived_as"]).parent.parent)
    assert "archived_as" not in report["summary"] and archive_dir not in page
    annotated = openpyxl.load_workbook(outcome["report_workbook"])
    assert annotated.sheetnames == ["KetQua", "ThongTin", "CanBo", "KhoaHoc", "HocVien", "TieuChi", "CongNhan"]

    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs()
        links = [a for a in client.read_latest_artifacts() if a.key == "province-report"]
    assert any(run.name and run.state and run.state.is_completed() for run in runs)
    assert links and links[0].data.startswith("[") and Path(outcome["report_html"]).name in links[0].data


def test_a_file_name_is_shown_as_text_in_the_runs_artifacts(pipeline_settings: Settings) -> None:
    """A province names its file as it likes: '[Báo cáo](javascript:…) *2024*' became a link and
    emphasis in the operators' UI."""
    name = "[Báo cáo](javascript:alert) *2024*|08.xlsx"
    ingest_submission(str(_drop(pipeline_settings, "08", name, wb.clean_workbook("08", 2024))))

    with get_client(sync_client=True) as client:
        latest = {a.key: a.data for a in client.read_latest_artifacts()}
    shown = r"\[Báo cáo\]\(javascript:alert\) \*2024\*\|08.xlsx"
    assert f"- **file_name**: {shown}" in latest["submission-outcome"].splitlines()
    assert latest["province-report"].startswith(f"[Báo cáo cho tỉnh 08: {shown}](file://")


@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "two-worker-processes"])
def test_ingest_inbox_keeps_exactly_one_copy_per_province_year(pipeline_settings: Settings, workers: int) -> None:
    _drop(pipeline_settings, "08", "v1.xlsx", wb.clean_workbook("08", 2024), age_seconds=120)
    corrected = wb.workbook("08", 2024, canbo=[wb.cadre_row()])
    _drop(pipeline_settings, "08", "v2.xlsx", corrected, age_seconds=60)
    _drop(pipeline_settings, "08", "~$v2.xlsx", corrected)  # Excel's lock file: never a submission
    quang_ninh = wb.workbook("22", 2024, canbo=[wb.cadre_row(national_id="022080000123", commune_code="07033")])
    _drop(pipeline_settings, "22", "qn.xlsx", quang_ninh)

    state = ingest_inbox(workers=workers, return_state=True)
    outcomes = state.result()

    assert [(o["province_code"], o["file_name"], o["status"]) for o in outcomes] == [
        ("08", "v1.xlsx", "accepted"),
        ("08", "v2.xlsx", "accepted"),
        ("22", "qn.xlsx", "accepted"),
    ]
    remaining = sorted(p.name for p in pipeline_settings.inbox_dir.rglob("*") if p.is_file())
    assert remaining == ["~$v2.xlsx"]
    cadres = _warehouse(
        pipeline_settings,
        "SELECT province_code, report_year, SUM(cadres) AS n "
        "FROM rpt_cadre_profile GROUP BY province_code, report_year "
        "ORDER BY province_code",
    )
    assert cadres.values.tolist() == [["08", 2024, 1], ["22", 2024, 1]]
    status = _warehouse(
        pipeline_settings,
        "SELECT province_code, superseded_count, file_name FROM rpt_submission_status ORDER BY province_code",
    )
    assert status.values.tolist() == [["08", 1, "v2.xlsx"], ["22", 0, "qn.xlsx"]]
    loaded = _warehouse(pipeline_settings, "SELECT file_name, rows_loaded FROM dim_submission ORDER BY file_name")
    assert {o["file_name"]: o["rows_loaded"] for o in outcomes} == dict(loaded.values.tolist())
    assert all(o["rows_loaded"] > 0 for o in outcomes)

    with get_client(sync_client=True) as client:
        this_run = FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id]))
        artifacts = {a.key: a for a in client.read_artifacts(flow_run_filter=this_run)}
        tasks = client.read_task_runs(flow_run_filter=this_run)
    # One table names every file and its report; no artifact per file; progress ends at 100 %.
    assert set(artifacts) == {"inbox-outcomes", "inbox-progress"}
    assert all(Path(o["report_html"]).name in str(artifacts["inbox-outcomes"].data) for o in outcomes)
    assert float(artifacts["inbox-progress"].data) == 100.0
    # Validation and reports ran as task runs of this flow run, in worker processes or here.
    done = [t.name for t in tasks if t.state and t.state.is_completed()]
    assert [sum(n.startswith(task) for n in done) for task in ("read-validate-and-stage", "report")] == [3, 3]
    assert not any(n.startswith("stage") for n in done)  # staged in the worker, not by a task of its own


@pytest.mark.parametrize("warehouse_url", ["duckdb"], indirect=True)  # the flow's own memory: any warehouse
def test_a_long_inbox_run_frees_the_files_it_has_finished(
    pipeline_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Prefect's futures keep their results (a file's staged rows) in reference cycles that Python's
    collector seldom reaches in this process: a national run's loading process held 150 MiB more at its
    end. Every COLLECT_EVERY files (every file here, for the test) the finished ones are freed: counted
    after each file is recorded, not only at the run's end (one collection there would not lower the peak).
    The objects older than the run are set aside meanwhile (a collection walking them cost ten times as
    much), and given back at its end."""
    monkeypatch.setattr(ingest_inbox_module, "COLLECT_EVERY", 1)
    for province, name in (("08", "a.xlsx"), ("22", "b.xlsx"), ("24", "c.xlsx")):
        _drop(pipeline_settings, province, name, wb.clean_workbook(province, 2025), age_seconds=60)
    finished_left: list[int] = []
    set_aside: list[int] = []
    record = ingest_inbox_module._InboxRun._record

    def record_then_count(run: ingest_inbox_module._InboxRun, position: int, outcome: dict) -> None:
        record(run, position, outcome)
        finished = {o["file_name"] for o in run.outcomes.values()}
        finished_left.append(  # live or awaiting collection
            sum(type(o) is StagedFile and o.staged.submission["file_name"] in finished for o in gc.get_objects())
        )
        set_aside.append(gc.get_freeze_count())

    monkeypatch.setattr(ingest_inbox_module._InboxRun, "_record", record_then_count)
    outcomes = ingest_inbox(workers=2)

    assert len(outcomes) == 3 and all(o["warehouse"] == "loaded" for o in outcomes), outcomes
    assert finished_left == [0, 0, 0]
    assert len(set_aside) == 3 and min(set_aside) > 10_000  # Prefect's and the modules' objects
    assert set_aside == sorted(set_aside, reverse=True)  # nothing of the run's set aside: the count sees it
    assert gc.get_freeze_count() == 0


def test_a_progress_bar_that_cannot_move_fails_no_file(
    pipeline_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run's progress artifact is moved while a file is recorded: an API error there made a file
    already loaded and reported 'failed', and held back its province's later files."""

    def refused(*_: object, **__: object) -> None:
        raise RuntimeError("503 from the Prefect API")

    monkeypatch.setattr(ingest_inbox_module, "update_progress_artifact", refused)
    monkeypatch.setattr(ingest_inbox_module, "PROGRESS_EVERY", 0.0)
    _drop(pipeline_settings, "08", "v1.xlsx", wb.clean_workbook("08", 2024), age_seconds=120)
    _drop(pipeline_settings, "08", "v2.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()]), age_seconds=60)

    outcomes = ingest_inbox(workers=1)

    assert [(o["file_name"], o["status"], o["warehouse"]) for o in outcomes] == [
        ("v1.xlsx", "accepted", "loaded"),
        ("v2.xlsx", "accepted", "loaded"),
    ]


def test_a_failed_file_and_the_provinces_later_files_wait_in_the_inbox_for_the_next_run(
    pipeline_settings: Settings,
) -> None:
    _drop(pipeline_settings, "08", "v1.xlsx", wb.clean_workbook("08", 2024), age_seconds=120)
    _drop(pipeline_settings, "08", "v2.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()]), age_seconds=60)
    quang_ninh = wb.workbook("22", 2024, canbo=[wb.cadre_row(national_id="022080000123", commune_code="07033")])
    _drop(pipeline_settings, "22", "qn.xlsx", quang_ninh)
    blocker = pipeline_settings.outbox_dir / "08"  # a file where province 08's report folder goes
    blocker.parent.mkdir(parents=True)
    blocker.write_text("not a folder")

    with pytest.raises(FilesFailed, match=r"2 of 3 file\(s\) failed.*08/v1.xlsx, 08/v2.xlsx") as failed:
        ingest_inbox(workers=2)  # the run ends Failed, so the nightly schedule's watchers are told
    first = failed.value.outcomes

    assert [(o["file_name"], o["status"], o.get("warehouse")) for o in first] == [
        ("v1.xlsx", "failed", "loaded"),  # loaded, but its report could not be written
        ("v2.xlsx", "failed", None),  # not loaded: it must not overtake v1
        ("qn.xlsx", "accepted", "loaded"),
    ]
    assert sorted(p.name for p in pipeline_settings.inbox_dir.rglob("*") if p.is_file()) == ["v1.xlsx", "v2.xlsx"]

    blocker.unlink()
    second = ingest_inbox(workers=2)

    assert [(o["file_name"], o["status"], o["warehouse"]) for o in second] == [
        ("v1.xlsx", "accepted", "unchanged"),  # reported now, not loaded twice
        ("v2.xlsx", "accepted", "loaded"),
    ]
    assert not any(p.is_file() for p in pipeline_settings.inbox_dir.rglob("*"))
    status = _warehouse(
        pipeline_settings,
        "SELECT province_code, superseded_count, file_name FROM rpt_submission_status ORDER BY province_code",
    )
    assert status.values.tolist() == [["08", 1, "v2.xlsx"], ["22", 0, "qn.xlsx"]]


def test_file_in_another_provinces_folder_is_rejected_and_kept(pipeline_settings: Settings) -> None:
    """Rejected, and its rows are still checked (against 08, whose communes they are): the province
    fixes them in the same resubmission."""
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(), wb.cadre_row(national_id="008180000999")])
    path = _drop(pipeline_settings, "22", "from-08.xlsx", sheets)
    outcome = ingest_submission(str(path))

    assert outcome["status"] == "rejected" and outcome["rows_loaded"] == 0
    assert Path(outcome["archived_as"]).exists()
    problems = json.loads(Path(outcome["report_json"]).read_text(encoding="utf-8"))["problems"]
    assert [(p["rule"], p["sheet"], p["row"], p["header"], p["value"]) for p in problems] == [
        ("FILE.PROVINCE_MISMATCH", "ThongTin", 1, "Mã tỉnh", "08"),
        ("CANBO.ID.GENDER_DIGIT", "CanBo", 3, "Số định danh cá nhân", "008180000999"),
    ]
    assert _warehouse(pipeline_settings, "SELECT COUNT(*) AS n FROM fact_cadre_snapshot")["n"].iloc[0] == 0
    columns = "status, province_code, declared_province_code, rows_loaded, rows_quarantined, rows_valid_rejected"
    ledger = _warehouse(pipeline_settings, f"SELECT {columns} FROM dim_submission")
    assert ledger.values.tolist() == [["rejected", "22", "08", 0, 1, 1]]  # the sender's, what ThongTin said
    assert _warehouse(pipeline_settings, "SELECT COUNT(*) AS n FROM restricted.quarantine_row")["n"].iloc[0] == 0


def test_a_date_after_the_files_arrival_is_told_the_day_it_arrived(pipeline_settings: Settings) -> None:
    """The run judges a file's dates against the day it arrived (Vietnam time): a recognition decided on
    30 June next year, within the standard's window, cannot have been decided yet. A warning: it loads."""
    arrived = day_in_vietnam(dt.datetime.now(dt.UTC))
    year = arrived.year
    sheets = wb.workbook(
        "08",
        year,
        info=wb.thongtin("08", year, prepared_on=f"{arrived:%d/%m/%Y}"),  # drawn up the day it is sent
        tieuchi=wb.criteria_rows(year),
        congnhan=[wb.recognition_row(year, decided_on=f"30/06/{year + 1}")],
    )
    outcome = ingest_submission(str(_drop(pipeline_settings, "08", "som.xlsx", sheets)))

    assert outcome["status"] == "accepted" and outcome["warehouse"] == "loaded"
    problems = json.loads(Path(outcome["report_json"]).read_text(encoding="utf-8"))["problems"]
    assert [(p["rule"], p["sheet"], p["value"]) for p in problems] == [
        ("CELL.DATE_AFTER_RECEIPT", "CongNhan", f"30/06/{year + 1}")
    ]
    days = (arrived, arrived + dt.timedelta(days=1))  # the run may cross midnight in Vietnam
    assert problems[0]["detail"] in {f"Ngày nhận tệp: {day:%d/%m/%Y}" for day in days}


def test_unreadable_file_is_rejected_with_a_reason(pipeline_settings: Settings) -> None:
    path = pipeline_settings.inbox_dir / "08" / "broken.xlsx"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a workbook")
    outcome = ingest_submission(str(path))
    assert outcome["status"] == "rejected"
    problems = json.loads(Path(outcome["report_json"]).read_text(encoding="utf-8"))["problems"]
    assert [(p["rule"], p["value"]) for p in problems] == [
        (
            "FILE.UNREADABLE",
            "Nội dung tệp không phải sổ làm việc .xlsx: tệp bị hỏng hoặc là loại tệp khác đổi đuôi",
        )
    ]


def test_a_file_that_is_no_workbook_is_answered_not_left_waiting(pipeline_settings: Settings) -> None:
    """A province's covering letter (.pdf) or its CSV folder zipped waited in the inbox for ever, the
    province told nothing and the ledger without a trace; Windows' own Thumbs.db is nobody's and stays."""
    folder = pipeline_settings.inbox_dir / "08"
    folder.mkdir(parents=True)
    (folder / "cong-van.pdf").write_bytes(b"%PDF-1.7 covering letter")
    (folder / "bao-cao-csv.zip").write_bytes(b"PK\x03\x04 zipped CSV folder")
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0 thumbnails")

    outcomes = ingest_inbox(workers=1)

    assert sorted((o["file_name"], o["status"]) for o in outcomes) == [
        ("bao-cao-csv.zip", "rejected"),
        ("cong-van.pdf", "rejected"),
    ]
    said = {
        o["file_name"]: json.loads(Path(o["report_json"]).read_text(encoding="utf-8"))["problems"] for o in outcomes
    }
    assert [(p["rule"], p["value"].split(":")[0]) for p in said["cong-van.pdf"]] == [
        ("FILE.UNREADABLE", "Tệp có đuôi .pdf, không phải bảng tính")
    ]
    assert "giải nén rồi gửi sổ làm việc" in said["bao-cao-csv.zip"][0]["value"]
    assert all(Path(o["archived_as"]).exists() for o in outcomes)
    assert [p.name for p in folder.iterdir()] == ["Thumbs.db"]
    ledger = _warehouse(pipeline_settings, "SELECT file_name, status FROM dim_submission ORDER BY file_name")
    assert ledger.values.tolist() == [["bao-cao-csv.zip", "rejected"], ["cong-van.pdf", "rejected"]]


def test_a_value_at_the_sheets_last_cell_is_answered_and_the_run_goes_on(pipeline_settings: Settings) -> None:
    """A note typed at XFD1048576 made the reader ask for a 550 GB grid and abort its process: the
    worker died, every file of the run failed and the file stayed in the inbox to stop the next run too.
    Now its province is told which cell to clear, and the other province's file loads."""
    far = _drop(pipeline_settings, "08", "o-cuoi.xlsx", wb.clean_workbook("08", 2024))
    book = openpyxl.load_workbook(far)
    book["CanBo"]["XFD1048576"] = "Ghi chú cuối bảng"
    book.save(far)
    quang_ninh = wb.workbook("22", 2024, canbo=[wb.cadre_row(national_id="022080000123", commune_code="07033")])
    _drop(pipeline_settings, "22", "qn.xlsx", quang_ninh)

    outcomes = ingest_inbox(workers=2)

    assert [(o["file_name"], o["status"], o["rows_loaded"]) for o in outcomes] == [
        ("o-cuoi.xlsx", "rejected", 0),
        ("qn.xlsx", "accepted", 1),
    ]
    problems = json.loads(Path(outcomes[0]["report_json"]).read_text(encoding="utf-8"))["problems"]
    assert [(p["rule"], p["sheet_as_written"], p["row"], p["header"]) for p in problems] == [
        ("FILE.SHEET_TOO_LARGE", "CanBo", 1048576, "XFD")
    ]
    assert "Ô XFD1048576 có dữ liệu" in Path(outcomes[0]["report_html"]).read_text(encoding="utf-8")
    assert not any(p.is_file() for p in pipeline_settings.inbox_dir.rglob("*"))


def test_a_file_that_kills_its_reader_is_answered_the_same_night_and_stops_nothing_after(
    pipeline_settings: Settings,
) -> None:
    """A file the reader aborts on (XML the size guard trusts) kills its worker, and Python's pool with
    it: every file of the night then failed, the killer answered only at the next run. The pool is made
    anew and the files in it sent again: the killer is read apart, rejected unread with a report, and the
    others load, in the one run."""
    from tests.test_crash_guard import write_reader_killer

    killer = write_reader_killer(pipeline_settings.inbox_dir / "08" / "hong.xlsx")
    os.utime(killer, (time.time() - 180, time.time() - 180))  # the first file: read beside the next
    quang_ninh = wb.workbook("22", 2024, canbo=[wb.cadre_row(national_id="022080000123", commune_code="07033")])
    _drop(pipeline_settings, "22", "qn.xlsx", quang_ninh, age_seconds=120)
    later = wb.workbook("22", 2024, canbo=[wb.cadre_row(national_id="022080000124", commune_code="07033")])
    _drop(pipeline_settings, "22", "qn-sau.xlsx", later, age_seconds=60)

    outcomes = ingest_inbox(workers=2)

    assert [(o["file_name"], o["status"]) for o in outcomes] == [
        ("hong.xlsx", "rejected"),
        ("qn.xlsx", "accepted"),
        ("qn-sau.xlsx", "accepted"),
    ]
    assert _warehouse_files(pipeline_settings) == [
        {"file_name": "hong.xlsx", "status": "rejected"},
        {"file_name": "qn-sau.xlsx", "status": "accepted"},
        {"file_name": "qn.xlsx", "status": "superseded"},
    ]
    problems = json.loads(Path(outcomes[0]["report_json"]).read_text(encoding="utf-8"))["problems"]
    assert [(p["rule"], p["value"].split(":")[0]) for p in problems] == [
        ("FILE.UNREADABLE", "Hệ thống không đọc được tệp này")
    ]
    assert not any(p.is_file() for p in pipeline_settings.inbox_dir.rglob("*"))


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def run_log() -> Iterator[_Records]:
    """What the flow and its tasks log, at INFO (the service logs warnings and above by default)."""
    records = _Records()
    loggers = [logging.getLogger(name) for name in ("prefect.flow_runs", "prefect.task_runs", "cadres")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(records)
        logger.setLevel(logging.INFO)
    yield records
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(records)
        logger.setLevel(level)


def test_a_file_name_holding_a_newline_is_logged_escaped_and_kept_as_sent(
    pipeline_settings: Settings, run_log: _Records
) -> None:
    """Any character but '/' may be in a name: a newline in it must not start a line of its own in the
    operator's log, looking like the service's. Its report could not be written, so it fails too."""
    name = "tq\nERROR | Flow run 'nightly' - the warehouse was dropped.xlsx"
    _drop(pipeline_settings, "08", name, wb.clean_workbook("08", 2024))
    blocker = pipeline_settings.outbox_dir / "08"
    blocker.parent.mkdir(parents=True)
    blocker.write_text("not a folder")

    with pytest.raises(FilesFailed) as failed:
        ingest_inbox(workers=1)

    forged = "\nERROR | Flow run 'nightly'"
    shown = "tq\\nERROR | Flow run 'nightly'"
    assert forged not in str(failed.value) and shown in str(failed.value)
    assert not any(forged in message for message in run_log.messages)
    archived = [m for m in run_log.messages if m.startswith("Province 08: archived")]
    failed_here = [m for m in run_log.messages if m.startswith(f"{shown} - the warehouse was dropped.xlsx (province")]
    assert len(archived) == len(failed_here) == 1 and shown in archived[0]
    assert _warehouse_files(pipeline_settings) == [{"file_name": name, "status": "accepted"}]  # as sent

    run_log.messages.clear()
    validate_inbox()  # the dry run reads the file where it lies, under its own name
    assert not any(forged in message for message in run_log.messages)
    assert any(m.startswith(f"Province 08: {shown}") for m in run_log.messages), run_log.messages


def _warehouse_files(settings: Settings) -> list[dict]:
    ledger = _warehouse(settings, "SELECT file_name, status FROM dim_submission ORDER BY file_name")
    return ledger.to_dict("records")


def test_validate_inbox_leaves_uploads_and_skips_files_taken_meanwhile(
    pipeline_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dry run waits for files to settle as the nightly run does (an upload in progress would be judged
    truncated), and a file another run took after the listing is skipped, not a crash of the whole run."""
    import cadres.inbox

    _drop(pipeline_settings, "08", "done.xlsx", wb.clean_workbook("08", 2024), age_seconds=120)
    _drop(pipeline_settings, "08", "uploading.xlsx", wb.clean_workbook("08", 2024))
    taken = cadres.inbox.InboxEntry(pipeline_settings.inbox_dir / "08" / "taken.xlsx", "08")
    listed = cadres.inbox.pending
    monkeypatch.setattr(cadres.inbox, "pending", lambda inbox_dir: [taken, *listed(inbox_dir)])

    outcomes = validate_inbox(settle_seconds=60)

    assert [(o["file_name"], o["status"]) for o in outcomes] == [("done.xlsx", "accepted")]
    state = validate_inbox(settle_seconds=0, return_state=True)  # listed, then gone before its dry run
    assert state.is_completed()
    assert sorted((o["file_name"], o["status"]) for o in state.result()) == [
        ("done.xlsx", "accepted"),
        ("taken.xlsx", "skipped"),
        ("uploading.xlsx", "accepted"),
    ]


def test_validate_inbox_checks_files_in_parallel_on_a_local_dask_cluster(pipeline_settings: Settings) -> None:
    from flows.validate_inbox import on_local_dask_cluster

    _drop(pipeline_settings, "08", "tq.xlsx", wb.clean_workbook("08", 2024))
    _drop(
        pipeline_settings,
        "22",
        "qn.xlsx",
        wb.workbook("22", 2024, canbo=[wb.cadre_row(national_id="022080000123", commune_code="07033")]),
    )
    _drop(pipeline_settings, "22", "wrong.xlsx", wb.clean_workbook("08", 2024))

    outcomes = on_local_dask_cluster(workers=2)(None)

    assert sorted((o["province_code"], o["file_name"], o["status"]) for o in outcomes) == [
        ("08", "tq.xlsx", "accepted"),
        ("22", "qn.xlsx", "accepted"),
        ("22", "wrong.xlsx", "rejected"),
    ]
    assert all(Path(o["report_html"]).exists() for o in outcomes)
    assert len(list(pipeline_settings.inbox_dir.rglob("*.xlsx"))) == 3  # a dry run leaves the inbox alone
    assert not pipeline_settings.archive_dir.exists()  # nothing received, nothing recorded


def test_rebuild_reports_publishes_the_national_summary(pipeline_settings: Settings) -> None:
    from flows.rebuild_reports import rebuild_reports

    ingest_submission(str(_drop(pipeline_settings, "08", "tq.xlsx", wb.clean_workbook("08", 2024))))
    damaged = pipeline_settings.inbox_dir / "22" / "qn.xlsx"
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(b"PK\x03\x04 not a workbook")
    ingest_submission(str(damaged))
    counts = rebuild_reports()
    assert counts["Cán bộ theo tỉnh và năm"] == 1
    assert counts["Tính đầy đủ, đúng hạn"] == 63 + 34 + 34  # the calendar's expected province-years
    with get_client(sync_client=True) as client:
        latest = {a.key: a for a in client.read_latest_artifacts()}
    assert {"national-summary-1", "national-summary-5"} <= latest.keys()
    completeness = latest[f"national-summary-{len(counts)}"]
    assert completeness.description == "Tính đầy đủ, đúng hạn"
    rows = json.loads(completeness.data) if isinstance(completeness.data, str) else completeness.data
    # a province missing its report may have sent a file whose year could not be read: the operator sees it
    unread = {(row["province_code"], row["report_year"]) for row in rows if row["files_without_year"] != "0"}
    assert unread == {("22", "2024")}  # the oldest year 22 owed when it came


def test_a_province_file_whose_deployment_run_started_late_does_not_replace_its_later_one(
    pipeline_settings: Settings,
) -> None:
    """The single-file deployment's runs wait for its one slot and start out of order: v1, handed on
    first, runs after v2. Counted from the watcher's handoff, v1 is overtaken (reported, not loaded);
    counted from its own run, it replaced the province's correction."""
    handed_v1 = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=30)
    v1 = _drop(pipeline_settings, "08", "v1.xlsx", wb.clean_workbook("08", 2024), age_seconds=60)
    v2 = _drop(pipeline_settings, "08", "v2.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()]), age_seconds=20)
    assert ingest_submission(str(v2), remove_from_inbox=True)["warehouse"] == "loaded"

    version = content_hash(v1)  # as the watcher hands it on
    os.utime(v1)  # touched since (a backup tool, an antivirus): the same bytes, still the earlier drop
    late = ingest_submission(str(v1), remove_from_inbox=True, handed_on_at=handed_v1, handed_version=version)

    assert (late["file_name"], late["warehouse"]) == ("v1.xlsx", "stale")
    status = _warehouse(pipeline_settings, "SELECT file_name FROM rpt_submission_status")
    assert status["file_name"].tolist() == ["v2.xlsx"]
    cadres = _warehouse(pipeline_settings, "SELECT SUM(cadres) AS n FROM rpt_cadre_profile")
    assert cadres["n"].tolist() == [1]  # v2's one cadre


def test_a_file_overwritten_after_its_handoff_counts_from_its_run_not_the_older_handoff(
    pipeline_settings: Settings,
) -> None:
    """x.xlsx is handed on, then y.xlsx; the province overwrites x.xlsx with its correction before x's
    first run starts (an auditor's finding). That run takes the correction: counted from the first
    handoff it was overtaken by y, reported as older and taken out of the inbox, never loaded; counted
    from the run, it loads. The correction's own run then finds the file taken."""
    handed_first = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=30)
    x = _drop(pipeline_settings, "08", "x.xlsx", wb.clean_workbook("08", 2024), age_seconds=60)
    first_version = content_hash(x)
    y = _drop(pipeline_settings, "08", "y.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()]), age_seconds=20)
    assert ingest_submission(str(y), remove_from_inbox=True)["warehouse"] == "loaded"
    correction = wb.clean_workbook("08", 2024)
    correction["CanBo"] = correction["CanBo"][:3]  # header + two cadres
    _drop(pipeline_settings, "08", "x.xlsx", correction)
    correction_version = content_hash(x)

    first_run = ingest_submission(
        str(x), remove_from_inbox=True, handed_on_at=handed_first, handed_version=first_version
    )
    second_run = ingest_submission(
        str(x), remove_from_inbox=True, handed_on_at=dt.datetime.now(dt.UTC), handed_version=correction_version
    )

    assert (first_run["file_name"], first_run["warehouse"]) == ("x.xlsx", "loaded")
    assert second_run["status"] == "skipped"
    cadres = _warehouse(pipeline_settings, "SELECT SUM(cadres) AS n FROM rpt_cadre_profile")
    assert cadres["n"].tolist() == [2]  # the correction's two cadres


def test_a_file_whose_name_is_not_utf8_is_read_reported_and_holds_back_no_other_file(
    pipeline_settings: Settings,
) -> None:
    """A name in the Vietnamese Windows code page (an FTP upload, a zip made on Windows: 'B\\xe1o c\\xe1o')
    reaches Python with its bytes as lone surrogates: the load and the report failed on it run after run,
    and the province's next file waited behind it (an auditor's finding). Its name is read in that code
    page ('Báo cáo'); it loads, is reported under that name and leaves the inbox, and so does the next."""
    folder = pipeline_settings.inbox_dir / "08"
    folder.mkdir(parents=True, exist_ok=True)
    legacy_name = wb.named_in_code_page(folder, b"B\xe1o c\xe1o 2024.xlsx")
    wb.write_xlsx(legacy_name, wb.clean_workbook("08", 2024))
    os.utime(legacy_name, (time.time() - 120, time.time() - 120))
    _drop(pipeline_settings, "08", "bc-2023.xlsx", wb.clean_workbook("08", 2023), age_seconds=60)

    outcomes = ingest_inbox(workers=1)

    assert [(o["file_name"], o["warehouse"]) for o in outcomes] == [
        ("Báo cáo 2024.xlsx", "loaded"),
        ("bc-2023.xlsx", "loaded"),
    ]
    assert Path(outcomes[0]["report_html"]).name.startswith("Báo cáo 2024-")
    assert "Báo cáo 2024.xlsx" in Path(outcomes[0]["report_html"]).read_text(encoding="utf-8")
    ledger = _warehouse(pipeline_settings, "SELECT file_name FROM dim_submission ORDER BY report_year")
    assert ledger["file_name"].tolist() == ["bc-2023.xlsx", "Báo cáo 2024.xlsx"]
    assert list(folder.iterdir()) == []


def test_a_file_whose_name_is_not_utf8_goes_through_the_watcher_and_cadres_ingest(pipeline_settings: Settings) -> None:
    """Prefect sends a flow's parameters as JSON text, which cannot hold the name's lone surrogates: the
    watcher's run and `cadres ingest` failed on such a file (a review's finding). Its path goes as its
    bytes, and comes back the same path."""
    from typer.testing import CliRunner

    from cadres.cli import app
    from cadres.inbox import InboxEntry
    from cadres.watcher import run_in_process

    folder = pipeline_settings.inbox_dir / "08"
    folder.mkdir(parents=True, exist_ok=True)
    watched = wb.named_in_code_page(folder, b"B\xe1o c\xe1o 2024.xlsx")
    wb.write_xlsx(watched, wb.clean_workbook("08", 2024))
    by_hand = wb.named_in_code_page(folder, b"B\xe1o c\xe1o 2023.xlsx")
    wb.write_xlsx(by_hand, wb.clean_workbook("08", 2023))

    run_in_process(InboxEntry(watched, "08"))
    result = CliRunner().invoke(app, ["ingest", str(by_hand)])

    assert result.exit_code == 0, result.output
    assert "Báo cáo 2023.xlsx" in result.output
    assert not watched.exists()  # archived, loaded, reported and taken out of the inbox
    ledger = _warehouse(pipeline_settings, "SELECT file_name, status FROM dim_submission ORDER BY report_year")
    assert ledger.values.tolist() == [["Báo cáo 2023.xlsx", "accepted"], ["Báo cáo 2024.xlsx", "accepted"]]


def test_a_watcher_run_whose_file_another_run_took_is_skipped_not_failed(pipeline_settings: Settings) -> None:
    """A deployment's run may start seconds after the watcher hands it on; if the nightly run took the file
    meanwhile there is nothing to do: the run completes (no false alert), nothing is archived or recorded."""
    gone = pipeline_settings.inbox_dir / "08" / "tq.xlsx"
    state = ingest_submission(str(gone), province="08", remove_from_inbox=True, return_state=True)
    assert state.is_completed()
    assert state.result() == {"file_name": "tq.xlsx", "province_code": "08", "status": "skipped"}
    assert not pipeline_settings.archive_dir.exists()
    with pytest.raises(FileNotFoundError):  # an operator's own `cadres ingest` of a wrong path still fails
        ingest_submission(str(gone), province="08")


def test_a_run_with_nothing_in_the_inbox_shows_its_progress_done(pipeline_settings: Settings) -> None:
    """The usual night (the watcher took the day's files): the progress bar ends at 100 %, not stuck at 0."""
    state = ingest_inbox(workers=1, return_state=True)
    assert state.is_completed() and state.result() == []
    with get_client(sync_client=True) as client:
        this_run = FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id]))
        artifacts = {a.key: a for a in client.read_artifacts(flow_run_filter=this_run)}
    assert float(artifacts["inbox-progress"].data) == 100.0


def test_rebuild_reports_fails_at_once_on_a_missing_calendar(
    pipeline_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A setup error is not retried (three retries kept the 03:00 run waiting 2.5 minutes to fail)."""
    from flows.rebuild_reports import rebuild_reports

    monkeypatch.setenv("CADRES_CALENDAR_FILE", str(tmp_path / "no-calendar.toml"))
    get_settings.cache_clear()
    state = rebuild_reports(return_state=True)
    assert state.is_failed()
    with get_client(sync_client=True) as client:
        (run,) = [r for r in client.read_task_runs() if r.flow_run_id == state.state_details.flow_run_id]
    assert run.name.startswith("refresh-warehouse") and run.run_count == 1


def test_a_file_another_run_took_after_the_listing_is_skipped_not_failed(
    pipeline_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files are archived as their turn comes: one the watcher took meanwhile is not this run's failure,
    and the province's other file still loads."""
    import cadres.inbox

    _drop(pipeline_settings, "08", "v1.xlsx", wb.clean_workbook("08", 2024), age_seconds=60)
    taken = cadres.inbox.InboxEntry(pipeline_settings.inbox_dir / "08" / "taken.xlsx", "08")
    listed = cadres.inbox.pending

    monkeypatch.setattr(cadres.inbox, "pending", lambda inbox_dir: [taken, *listed(inbox_dir)])
    outcomes = ingest_inbox(workers=1)

    assert [(o["file_name"], o["status"], o["warehouse"]) for o in outcomes] == [("v1.xlsx", "accepted", "loaded")]
    assert not any(p.is_file() for p in pipeline_settings.inbox_dir.rglob("*"))


def test_the_in_process_watcher_keeps_a_version_dropped_under_the_same_name_during_its_run(
    pipeline_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The province saves a correction over its file while the first version is being ingested: the
    correction has not been archived, so it must stay in the inbox for its own run."""
    import flows.ingest_submission
    from cadres.inbox import InboxEntry
    from cadres.watcher import run_in_process

    path = _drop(pipeline_settings, "08", "tq.xlsx", wb.clean_workbook("08", 2024))
    correction = wb.write_xlsx(pipeline_settings.home / "correction.xlsx", wb.clean_workbook("08", 2025)).read_bytes()
    publish = flows.ingest_submission.publish

    def saved_over_meanwhile(*args: object, **kwargs: object) -> dict:
        path.write_bytes(correction)
        return publish(*args, **kwargs)

    monkeypatch.setattr(flows.ingest_submission, "publish", saved_over_meanwhile)
    run_in_process(InboxEntry(path, "08"))

    assert path.read_bytes() == correction
    loaded = _warehouse(pipeline_settings, "SELECT report_year FROM rpt_submission_status")
    assert loaded["report_year"].tolist() == [2024]


def test_the_in_process_watcher_logs_a_rejected_files_rows_as_refused_not_held(
    pipeline_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """A file in another province's folder: nothing loads, its valid rows are counted apart and its row
    with an error is refused with the file, not held back."""
    from cadres.inbox import InboxEntry
    from cadres.watcher import run_in_process

    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(), wb.cadre_row(national_id="008180000999")])
    path = _drop(pipeline_settings, "22", "from-08.xlsx", sheets)
    with caplog.at_level("INFO", logger="cadres.watcher"):
        run_in_process(InboxEntry(path, "22"))

    assert "from-08.xlsx (province 22): rejected (recorded), 0 row(s) loaded, 1 valid, with errors 1" in caplog.text


def test_ingest_inbox_command_exits_non_zero_when_a_file_failed(pipeline_settings: Settings) -> None:
    from typer.testing import CliRunner

    from cadres.cli import app

    _drop(pipeline_settings, "08", "tq.xlsx", wb.clean_workbook("08", 2024))
    (pipeline_settings.outbox_dir / "08").parent.mkdir(parents=True)
    (pipeline_settings.outbox_dir / "08").write_text("not a folder")  # its report cannot be written

    result = CliRunner().invoke(app, ["ingest-inbox"])

    assert result.exit_code == 1
    assert "tq.xlsx: failed" in result.output and "1 of 1 file(s) failed" in result.output


def test_validate_inbox_command_exits_non_zero_when_a_file_would_be_rejected(pipeline_settings: Settings) -> None:
    from typer.testing import CliRunner

    from cadres.cli import app

    _drop(pipeline_settings, "08", "tq.xlsx", wb.clean_workbook("08", 2024))
    runner = CliRunner()
    assert runner.invoke(app, ["validate-inbox"]).exit_code == 0
    _drop(pipeline_settings, "22", "wrong.xlsx", wb.clean_workbook("08", 2024))  # Tuyên Quang's file in 22/

    result = runner.invoke(app, ["validate-inbox"])

    assert result.exit_code == 2
    assert "wrong.xlsx: rejected" in result.output and "1 of 2 file(s) would be rejected" in result.output
    assert len(list(pipeline_settings.inbox_dir.rglob("*.xlsx"))) == 2  # still a dry run


def test_validate_inbox_says_what_it_did_not_check(pipeline_settings: Settings, run_log: _Records) -> None:
    """A dry run of the inbox that checked nothing printed nothing and exited 0 (an auditor's finding): a
    file still arriving, a file outside a province folder and a mistyped inbox were all silence, which a
    script took for an inbox without problems."""
    from typer.testing import CliRunner

    from cadres.cli import app

    runner = CliRunner()
    _drop(pipeline_settings, "08", "moi.xlsx", wb.clean_workbook("08", 2024))  # just written
    stray = pipeline_settings.inbox_dir / "Ha Noi" / "bc.xlsx"
    stray.parent.mkdir(parents=True)
    stray.write_bytes((pipeline_settings.inbox_dir / "08" / "moi.xlsx").read_bytes())

    result = runner.invoke(app, ["validate-inbox", "--settle-seconds", "600"])

    assert result.exit_code == 0, result.output
    assert "0 file(s) checked" in result.output
    assert re.search(r"08/moi\.xlsx: changed \d+ s ago, still arriving: not checked", result.output)
    assert any(message.startswith("Ha Noi is not taken") for message in run_log.messages)
    missing = runner.invoke(app, ["validate-inbox", str(pipeline_settings.inbox_dir.parent / "hop-thu")])
    assert missing.exit_code == 2 and "no inbox at" in missing.output


def test_a_file_still_arriving_waits_for_the_next_run(pipeline_settings: Settings) -> None:
    """A truncated upload taken now would be rejected as unreadable and removed: it waits instead."""
    _drop(pipeline_settings, "08", "tq.xlsx", wb.clean_workbook("08", 2024), age_seconds=120)
    quang_ninh = wb.workbook("22", 2024, canbo=[wb.cadre_row(national_id="022080000123", commune_code="07033")])
    arriving = _drop(pipeline_settings, "22", "qn.xlsx", quang_ninh)

    outcomes = ingest_inbox(workers=1, settle_seconds=60)

    assert [(o["file_name"], o["warehouse"]) for o in outcomes] == [("tq.xlsx", "loaded")]
    assert arriving.exists()


def test_a_file_left_in_the_inbox_never_overrides_a_later_one_the_watcher_loaded(pipeline_settings: Settings) -> None:
    """v1 loads but its report fails, so it stays in the inbox; the watcher then loads v2. The next nightly
    run takes v1 again: it is reported, not loaded, and v2 stays in force. Sent again after that, the same
    bytes are a resend and load."""
    _drop(pipeline_settings, "08", "v1.xlsx", wb.clean_workbook("08", 2024), age_seconds=120)
    blocker = pipeline_settings.outbox_dir / "08"
    blocker.parent.mkdir(parents=True)
    blocker.write_text("not a folder")  # province 08's report cannot be written
    with pytest.raises(FilesFailed):
        ingest_inbox(workers=1)
    blocker.unlink()
    v2 = _drop(pipeline_settings, "08", "v2.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()]), age_seconds=60)
    assert ingest_submission(str(v2), remove_from_inbox=True)["warehouse"] == "loaded"  # the watcher's run

    outcomes = ingest_inbox(workers=1)

    assert [(o["file_name"], o["status"], o["warehouse"]) for o in outcomes] == [("v1.xlsx", "accepted", "stale")]
    assert not any(p.is_file() for p in pipeline_settings.inbox_dir.rglob("*"))
    report = json.loads(Path(outcomes[0]["report_json"]).read_text(encoding="utf-8"))
    assert report["summary"]["warehouse"] == "stale"
    page = Path(outcomes[0]["report_html"]).read_text(encoding="utf-8")
    assert "không được nạp đè lên số liệu mới hơn" in page
    assert "Số dòng hợp lệ (chưa nạp)" in page and "Số dòng đã nạp" not in page  # nothing of it loaded
    with get_client(sync_client=True) as client:  # nor in the operator's table: valid rows, none loaded
        (table,) = [a for a in client.read_latest_artifacts() if a.key == "inbox-outcomes"]
    (row,) = json.loads(table.data) if isinstance(table.data, str) else table.data
    assert (row["file_name"], row["rows_loaded"], row["rows_valid"]) == ("v1.xlsx", 0, outcomes[0]["rows_loaded"])
    assert row["rows_valid"] > 0
    status = _warehouse(pipeline_settings, "SELECT file_name, superseded_count FROM rpt_submission_status")
    assert status.values.tolist() == [["v2.xlsx", 1]]
    reported = _warehouse(
        pipeline_settings,
        "SELECT s.file_name, COUNT(*) AS n FROM submission_event e JOIN dim_submission s USING (submission_sk) "
        "WHERE e.event = 'reported' GROUP BY s.file_name ORDER BY s.file_name",
    )
    assert reported.values.tolist() == [["v1.xlsx", 1], ["v2.xlsx", 1]]

    resent = pipeline_settings.inbox_dir / "08" / "v1-lai.xlsx"
    resent.write_bytes(Path(outcomes[0]["archived_as"]).read_bytes())
    assert [(o["file_name"], o["warehouse"]) for o in ingest_inbox(workers=1)] == [("v1-lai.xlsx", "loaded")]
    cadres = _warehouse(pipeline_settings, "SELECT SUM(cadres) AS n FROM rpt_cadre_profile")
    assert cadres["n"].tolist() == [3]


def test_a_copy_sent_while_the_first_waits_does_not_mark_the_first_reported(pipeline_settings: Settings) -> None:
    """tq.xlsx loads but its report fails; the province sends the same bytes again as "tq (1).xlsx", which
    the watcher reports. tq.xlsx still waits, so after the province's next file it must still be a file
    left behind, not a resend."""
    first = _drop(pipeline_settings, "08", "tq.xlsx", wb.clean_workbook("08", 2024), age_seconds=120)
    blocker = pipeline_settings.outbox_dir / "08"
    blocker.parent.mkdir(parents=True)
    blocker.write_text("not a folder")
    with pytest.raises(FilesFailed):
        ingest_inbox(workers=1)
    blocker.unlink()
    copy = first.with_name("tq (1).xlsx")
    copy.write_bytes(first.read_bytes())
    assert ingest_submission(str(copy), remove_from_inbox=True)["warehouse"] == "unchanged"
    newer = _drop(pipeline_settings, "08", "v2.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()]))
    assert ingest_submission(str(newer), remove_from_inbox=True)["warehouse"] == "loaded"

    outcomes = ingest_inbox(workers=1)

    assert [(o["file_name"], o["warehouse"]) for o in outcomes] == [("tq.xlsx", "stale")]
    status = _warehouse(pipeline_settings, "SELECT file_name FROM rpt_submission_status")
    assert status["file_name"].tolist() == ["v2.xlsx"]
    report = json.loads(Path(outcomes[0]["report_json"]).read_text(encoding="utf-8"))
    assert "submission_sk" not in report["summary"]  # the ledger's key is not the province's business


def test_a_report_the_ledger_could_not_note_does_not_fail_the_file(
    pipeline_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report is written and the file has left the inbox: failing to note that is logged, and the
    file's outcome stands (it is not "failed and stays in the inbox", which would be untrue)."""
    import warehouse.load

    def unavailable(*_: object) -> None:
        raise RuntimeError("warehouse unavailable")

    monkeypatch.setattr(warehouse.load, "record_reported", unavailable)
    _drop(pipeline_settings, "08", "tq.xlsx", wb.clean_workbook("08", 2024))

    outcomes = ingest_inbox(workers=1)

    assert [(o["file_name"], o["status"], o["warehouse"]) for o in outcomes] == [("tq.xlsx", "accepted", "loaded")]
    assert not any(p.is_file() for p in pipeline_settings.inbox_dir.rglob("*"))


def test_an_unlock_whose_reload_fails_says_how_to_load_the_held_file(pipeline_settings: Settings) -> None:
    """The lock is lifted before the reload and the held file has left the inbox: if the reload fails the
    operator is told which archived file to load, and how."""
    import shutil

    from typer.testing import CliRunner

    from cadres.cli import app

    runner = CliRunner()
    v1 = _drop(pipeline_settings, "08", "v1.xlsx", wb.clean_workbook("08", 2024))
    assert ingest_submission(str(v1))["warehouse"] == "loaded"
    assert runner.invoke(app, ["approve", "08", "2024"]).exit_code == 0
    v2 = _drop(pipeline_settings, "08", "v2.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()]))
    held = ingest_submission(str(v2))
    assert held["warehouse"] == "held"
    reports = pipeline_settings.outbox_dir / "08"
    shutil.rmtree(reports)
    reports.write_text("not a folder")  # the reload's report cannot be written

    result = runner.invoke(app, ["unlock", "08", "2024", "--reason", "sửa số liệu"])

    assert result.exit_code == 1
    assert f"load it with: cadres ingest {held['archived_as']} --province 08 --name 'v2.xlsx'" in result.output


def test_a_held_file_loaded_by_hand_after_a_newer_one_is_told_it_is_older(pipeline_settings: Settings) -> None:
    """`cadres unlock --no-reload`, then the province's newer file v3 goes through before the operator runs
    the command printed for the held v2: v2, reloaded from the archive, is older than v3 and does not
    replace it; the operator and the province's report are told so."""
    from typer.testing import CliRunner

    from cadres.cli import app

    runner = CliRunner()
    v1 = _drop(pipeline_settings, "08", "v1.xlsx", wb.clean_workbook("08", 2024))
    assert ingest_submission(str(v1))["warehouse"] == "loaded"
    assert runner.invoke(app, ["approve", "08", "2024"]).exit_code == 0
    v2 = _drop(pipeline_settings, "08", "v2.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()]))
    held = ingest_submission(str(v2), remove_from_inbox=True)
    assert held["warehouse"] == "held"
    unlocked = runner.invoke(app, ["unlock", "08", "2024", "--reason", "sửa số liệu", "--no-reload"])
    assert f"to load it: cadres ingest {held['archived_as']} --province 08 --name 'v2.xlsx'" in unlocked.output
    newest = wb.clean_workbook("08", 2024)
    newest["CanBo"] = newest["CanBo"][:3]  # header + two cadres
    v3 = _drop(pipeline_settings, "08", "v3.xlsx", newest)
    assert ingest_submission(str(v3), remove_from_inbox=True)["warehouse"] == "loaded"

    by_hand = runner.invoke(app, ["ingest", held["archived_as"], "--province", "08", "--name", "v2.xlsx"])

    assert by_hand.exit_code == 0, by_hand.output
    assert "stale" in by_hand.output
    current = _warehouse(pipeline_settings, "SELECT file_name FROM dim_submission WHERE is_current")
    assert current["file_name"].tolist() == ["v3.xlsx"]
    cadres = _warehouse(pipeline_settings, "SELECT SUM(cadres) AS n FROM rpt_cadre_profile")
    assert int(cadres["n"].iloc[0]) == 2
    pages = list((pipeline_settings.outbox_dir / "08" / "2024").glob("v2-*.html"))
    assert any("không được nạp đè lên số liệu mới hơn" in page.read_text(encoding="utf-8") for page in pages)


def test_under_cadres_strict_a_file_with_one_bad_row_loads_nothing(
    pipeline_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cadres.settings import get_settings

    monkeypatch.setenv("CADRES_STRICT", "true")
    get_settings.cache_clear()
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(), wb.cadre_row(national_id="008180000999")])
    _drop(pipeline_settings, "08", "tq.xlsx", sheets)

    outcomes = ingest_inbox(workers=1)

    assert [(o["status"], o["warehouse"]) for o in outcomes] == [("rejected", "recorded")]
    counts = _warehouse(pipeline_settings, "SELECT COUNT(*) AS n FROM fact_cadre_snapshot")
    assert counts["n"].tolist() == [0]
    problems = json.loads(Path(outcomes[0]["report_json"]).read_text(encoding="utf-8"))["problems"]
    assert {"FILE.STRICT_REJECTED", "CANBO.ID.GENDER_DIGIT"} <= {p["rule"] for p in problems}


def test_the_failure_of_a_run_survives_pickling_with_its_outcomes() -> None:
    """A failed run's exception is pickled with its state (results stored, read by another process)."""
    import pickle

    outcomes = [{"status": "failed", "province_code": "08", "file_name": "a.xlsx"}, {"status": "accepted"}]
    copy = pickle.loads(pickle.dumps(FilesFailed(outcomes)))
    assert copy.outcomes == outcomes and str(copy) == str(FilesFailed(outcomes))


def test_a_file_whose_run_failed_before_its_load_never_loads_over_a_later_one(pipeline_settings: Settings) -> None:
    """v1's run archived it and failed before the load (a warehouse outage), so v1 stayed in the inbox,
    unknown to the ledger; the watcher then loaded the correction v2. The nightly run retakes v1: it is
    recorded and reported as overtaken, not loaded over v2."""
    from cadres.archive import archive

    v1 = _drop(pipeline_settings, "08", "v1.xlsx", wb.clean_workbook("08", 2024), age_seconds=120)
    archive(v1, pipeline_settings.archive_dir)  # all the failed run left behind
    v2 = _drop(pipeline_settings, "08", "v2.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()]), age_seconds=60)
    assert ingest_submission(str(v2), remove_from_inbox=True)["warehouse"] == "loaded"  # the watcher's run

    outcomes = ingest_inbox(workers=1)

    assert [(o["file_name"], o["status"], o["warehouse"]) for o in outcomes] == [("v1.xlsx", "accepted", "stale")]
    assert not any(p.is_file() for p in pipeline_settings.inbox_dir.rglob("*"))
    status = _warehouse(pipeline_settings, "SELECT file_name, superseded_count FROM rpt_submission_status")
    assert status.values.tolist() == [["v2.xlsx", 1]]
    ledger = _warehouse(
        pipeline_settings, "SELECT file_name, status, is_current FROM dim_submission ORDER BY received_at"
    )
    assert ledger.values.tolist() == [["v2.xlsx", "accepted", True], ["v1.xlsx", "superseded", False]]
    cadres = _warehouse(pipeline_settings, "SELECT SUM(cadres) AS n FROM rpt_cadre_profile")
    assert int(cadres["n"].iloc[0]) == 1  # v2's one cadre, not v1's three
    page = Path(outcomes[0]["report_html"]).read_text(encoding="utf-8")
    assert "không được nạp đè lên số liệu mới hơn" in page


def test_a_file_reloaded_at_unlock_keeps_the_provinces_name_and_its_report_is_noted(
    pipeline_settings: Settings,
) -> None:
    """The reload reads the archived copy (named by its hash, under archive/<first two hex digits>/, which
    may look like a province folder): the ledger and the report keep the name the province gave it."""
    from typer.testing import CliRunner

    from cadres.cli import app

    runner = CliRunner()
    v1 = _drop(pipeline_settings, "08", "v1.xlsx", wb.clean_workbook("08", 2024))
    assert ingest_submission(str(v1))["warehouse"] == "loaded"
    assert runner.invoke(app, ["approve", "08", "2024"]).exit_code == 0
    v2 = _drop(pipeline_settings, "08", "v2.xlsx", wb.workbook("08", 2024, canbo=[wb.cadre_row()]))
    assert ingest_submission(str(v2))["warehouse"] == "held"

    result = runner.invoke(app, ["unlock", "08", "2024", "--reason", "sửa số liệu"])

    assert result.exit_code == 0, result.output
    current = _warehouse(pipeline_settings, "SELECT submission_sk, file_name FROM dim_submission WHERE is_current")
    assert current["file_name"].tolist() == ["v2.xlsx"]
    reported = _warehouse(
        pipeline_settings,
        "SELECT COUNT(*) AS n FROM submission_event WHERE event = 'reported' "
        f"AND submission_sk = {int(current['submission_sk'].iloc[0])}",
    )
    assert reported["n"].tolist() == [1]


def test_an_archived_copy_ingested_again_has_its_report_noted_whatever_its_hash(
    pipeline_settings: Settings, tmp_path: Path
) -> None:
    """archive/<two digits>/… looks like a province folder: the copy must not be taken for a file still
    waiting there (its report would never be noted, and a later resend would be taken for a retake)."""
    from cadres.archive import archive

    for attempt in range(200):  # about two hashes in five start with two digits
        info = wb.thongtin("08", 2024, contact=f"0207 3822 {attempt:03d}")  # another file, still valid
        sheets = wb.workbook("08", 2024, info=info, canbo=[wb.cadre_row()])
        sha, copy = archive(wb.write_xlsx(tmp_path / f"tq-{attempt}.xlsx", sheets), pipeline_settings.archive_dir)
        if sha[:2].isdigit():
            break
    assert copy.parent.name.isdigit()

    outcome = ingest_submission(str(copy), province="08", file_name="tq.xlsx")

    assert outcome["warehouse"] == "loaded" and outcome["file_name"] == "tq.xlsx"
    reported = _warehouse(
        pipeline_settings,
        "SELECT COUNT(*) AS n FROM submission_event WHERE event = 'reported' "
        f"AND submission_sk = {outcome['submission_sk']}",
    )
    assert reported["n"].tolist() == [1]


def test_a_restarted_watcher_starts_no_second_run_for_the_same_version(pipeline_settings: Settings) -> None:
    """The submitter's idempotency key, honoured by a real Prefect server: the same version of a file
    handed on twice (a watcher restarted over the same inbox) is one flow run; a changed file is another."""
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

    from cadres.inbox import InboxEntry
    from cadres.watcher import make_deployment_submitter

    name = f"single-file-{uuid.uuid4().hex[:8]}"  # the harness's server lives for the whole session
    deployment_id = ingest_submission.to_deployment(name=name).apply()
    submit = make_deployment_submitter(f"ingest-submission/{name}")
    path = _drop(pipeline_settings, "08", "tq.xlsx", wb.clean_workbook("08", 2024), age_seconds=60)

    def runs() -> int:
        with get_client(sync_client=True) as client:
            found = client.read_flow_runs(
                deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id]))
            )
        return len(found)

    submit(InboxEntry(path, "08"))
    submit(InboxEntry(path, "08"))  # the watcher restarted: the same version again
    assert runs() == 1
    os.utime(path)  # saved again by the province: a new version
    submit(InboxEntry(path, "08"))
    assert runs() == 2


def test_an_inbox_run_stopped_while_reading_leaves_no_crash_guard_mark(pipeline_settings: Settings) -> None:
    """`cadres ingest-inbox` with one worker reads files in its own process, where Prefect's engine has
    its own SIGTERM handler during the flow run: stopped there by systemd, the file's mark must still go,
    or a second stop gets a good file rejected unread."""
    import signal
    import subprocess
    import sys

    from prefect.settings import PREFECT_API_URL

    from cadres.read_marks import MARK_SUFFIX

    cadres = [wb.cadre_row(national_id=wb.national_id(1980, serial=i + 1)) for i in range(60_000)]
    sheets = {"ThongTin": wb.thongtin(), "CanBo": wb.table(cadres)}
    wb.write_csv_folder(pipeline_settings.inbox_dir / "08" / "bao-cao", sheets)  # a few seconds to read
    environment = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "CADRES_WORKERS": "1"}
    command = [sys.executable, "-m", "cadres.cli", "ingest-inbox", "--settle-seconds", "0"]
    archive = pipeline_settings.archive_dir
    with subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as run:
        try:
            deadline = time.monotonic() + 240
            while not list(archive.rglob(f"*{MARK_SUFFIX}.*")) and run.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            assert list(archive.rglob(f"*{MARK_SUFFIX}.*")), "the file was never being read"
            run.send_signal(signal.SIGTERM)
            run.communicate(timeout=120)
        finally:
            run.kill()

    assert run.returncode != 0  # stopped, not finished
    assert list(archive.rglob(f"*{MARK_SUFFIX}*")) == []
