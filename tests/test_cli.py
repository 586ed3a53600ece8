"""The command line: every command explains itself, and the dry run reports without loading."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from cadres.cli import app
from cadres.settings import ConfigurationError
from tests import workbooks as wb
from tests.conftest import PG_ADMIN_URL

runner = CliRunner()
COMMANDS = [
    "ingest",
    "ingest-inbox",
    "validate",
    "validate-inbox",
    "generate-demo",
    "summary",
    "init-warehouse",
    "demo",
    "approve",
    "unlock",
    "completeness",
    "template",
    "rules",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_validate_is_a_dry_run_that_locates_problems(tmp_path: Path) -> None:
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(), wb.cadre_row(national_id="008180000999")])
    path = wb.write_xlsx(tmp_path / "08" / "tq.xlsx", sheets)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0
    assert "accepted_with_errors" in result.output
    assert "CANBO.ID.GENDER_DIGIT" in result.output and "Số định danh cá nhân" in result.output
    assert not (tmp_path / "var").exists()


def test_validate_names_a_file_whose_name_is_not_utf8_as_the_province_typed_it(tmp_path: Path) -> None:
    """Printing the name's undecodable bytes (lone surrogates) raised UnicodeEncodeError after the checks."""
    folder = tmp_path / "08"
    folder.mkdir()
    path = wb.named_in_code_page(folder, b"B\xe1o c\xe1o.xlsx")
    wb.write_xlsx(path, wb.clean_workbook("08", 2024))
    result = runner.invoke(app, ["validate", str(path), "--out", str(tmp_path / "dry")])
    assert result.exit_code == 0, result.output
    assert "Báo cáo.xlsx: accepted;" in result.output
    assert [page.name[:8] for page in (tmp_path / "dry").rglob("*.html")] == ["Báo cáo-"]

    ods = wb.named_in_code_page(folder, b"B\xe1o c\xe1o.ods")
    wb.write_ods(ods, wb.clean_workbook("08", 2024))  # its annotated copy is rebuilt from its cells
    result = runner.invoke(app, ["validate", str(ods), "--out", str(tmp_path / "dry-ods")])
    assert result.exit_code == 0, result.output
    (copy,) = (tmp_path / "dry-ods").rglob("*-ket-qua.xlsx")
    assert "CanBo" in openpyxl.load_workbook(copy, read_only=True).sheetnames

    single = wb.named_in_code_page(folder, b"Danh s\xe1ch.csv")  # one CSV: its name is its sheet's
    wb.write_csv_folder(tmp_path / "csv", {"CanBo": wb.table([wb.cadre_row()])})
    (tmp_path / "csv" / "CanBo.csv").rename(single)
    result = runner.invoke(app, ["validate", str(single), "--province", "08", "--out", str(tmp_path / "dry-csv")])
    (page,) = (tmp_path / "dry-csv").rglob("*.json")
    problems = json.loads(page.read_text(encoding="utf-8"))["problems"]
    recognised = [problem["value"] for problem in problems if problem["rule"] == "FILE.SHEET_RECOGNISED"]
    assert recognised == ["Danh sách"]  # the tab as the province named it, not the copy's name


def test_validate_exits_non_zero_on_rejection(tmp_path: Path) -> None:
    path = wb.write_xlsx(tmp_path / "22" / "tq.xlsx", wb.clean_workbook("08", 2024))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2 and "FILE.PROVINCE_MISMATCH" in result.output
    counted = re.search(r"tq\.xlsx: rejected; nothing would load \((\d+) valid rows, 0 with errors\)", result.output)
    data = {name: rows for name, rows in wb.clean_workbook("08", 2024).items() if name != "ThongTin"}
    assert counted and int(counted.group(1)) == sum(len(rows) - 1 for rows in data.values())  # all but the headers


def test_validate_of_a_file_rejected_before_its_rows_were_read_says_none_was_checked(tmp_path: Path) -> None:
    """No ThongTin: rejected before any row is read; '0 valid rows, 0 with errors' would read as empty."""
    path = wb.write_xlsx(tmp_path / "08" / "tq.xlsx", {"CanBo": wb.table([wb.cadre_row()])})
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2 and "tq.xlsx: rejected; nothing would load (no row was checked)" in result.output


def test_validate_prints_what_a_problem_is_told_of_its_value(tmp_path: Path) -> None:
    """A province name of another province's: the detail (what the list says) is on the console too."""
    sheets = {"ThongTin": wb.thongtin("24 - Quảng Ninh", 2024), "CanBo": wb.table([wb.cadre_row(commune_code="07201")])}
    path = wb.write_xlsx(tmp_path / "24" / "bg.xlsx", sheets)
    result = runner.invoke(app, ["validate", str(path), "--out", str(tmp_path / "dry")], terminal_width=400)
    assert result.exit_code == 2 and "FILE.PROVINCE_NAME_MISMATCH" in result.output
    assert "mã 24 là Tỉnh Bắc Giang; Tỉnh Quảng Ninh mang mã 22" in result.output


def test_validate_writes_the_same_three_reports_without_loading(tmp_path: Path) -> None:
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(), wb.cadre_row(national_id="008180000999")])
    path = wb.write_xlsx(tmp_path / "08" / "tq.xlsx", sheets)
    result = runner.invoke(app, ["validate", str(path), "--out", str(tmp_path / "dry")])
    assert result.exit_code == 0
    written = sorted(p.name for p in (tmp_path / "dry" / "08" / "2024").iterdir())
    assert sorted(name.rsplit(".", 1)[1] for name in written) == ["html", "json", "xlsx"]
    assert not list(tmp_path.rglob("*.duckdb"))


def test_approve_lock_and_unlock_from_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cadres.settings import get_settings

    monkeypatch.setenv("CADRES_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CADRES_HASH_SECRET", "cli-test")
    monkeypatch.delenv("CADRES_WAREHOUSE_URL", raising=False)
    get_settings.cache_clear()
    try:
        # read from another folder, the relative default home made an empty warehouse and said "no data"
        nowhere = runner.invoke(app, ["summary"])
        assert isinstance(nowhere.exception, ConfigurationError) and "no warehouse at" in str(nowhere.exception)
        assert not (tmp_path / "home" / "warehouse.duckdb").exists()
        assert runner.invoke(app, ["init-warehouse"]).exit_code == 0
        assert runner.invoke(app, ["approve", "08", "2024"]).exit_code == 2  # nothing accepted yet
        assert runner.invoke(app, ["unlock", "08", "2024", "--reason", "x"]).exit_code == 2  # not locked
        completeness = runner.invoke(app, ["completeness", "2024"])
        assert completeness.exit_code == 0 and "63 of 63 expected province-years missing" in completeness.output
        untracked = runner.invoke(app, ["completeness", "2019"])
        assert untracked.exit_code == 2 and "2019 is not in the calendar" in untracked.output
    finally:
        get_settings.cache_clear()


def test_completeness_names_the_years_whose_province_sent_only_files_it_could_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """08 sent a damaged file at 03:00 on 20/02/2025 in Vietnam (19/02 in UTC), when it owed its 2024 report:
    that year's row says so, with the Vietnamese day; 22 sent its 2024 report, no file unread."""
    import datetime as dt

    from cadres.settings import get_settings
    from tests.warehouse.helpers import ingest
    from warehouse.backend import create_warehouse_engine

    monkeypatch.setenv("CADRES_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CADRES_HASH_SECRET", "cli-test")
    monkeypatch.delenv("CADRES_WAREHOUSE_URL", raising=False)
    get_settings.cache_clear()
    try:
        assert runner.invoke(app, ["init-warehouse"]).exit_code == 0
        engine = create_warehouse_engine(get_settings().resolved_warehouse_url)
        damaged = tmp_path / "inbox" / "08" / "tq.xlsx"
        damaged.parent.mkdir(parents=True)
        damaged.write_bytes(b"PK\x03\x04 not a workbook")
        ingest(engine, damaged, received_at=dt.datetime(2025, 2, 19, 20, 0, tzinfo=dt.UTC))
        ingest(engine, wb.write_xlsx(tmp_path / "inbox" / "22" / "qn.xlsx", wb.clean_workbook("22", 2024)))
        engine.dispose()
        result = runner.invoke(app, ["completeness"], terminal_width=400)
        assert result.exit_code == 0, result.output
        told = result.output.split("whose year could not be read (each file's report says why): ")[1].strip()
        assert told == "08 (2024: 1, the last on 20/02/2025)"
        assert result.output.count("province-year(s) without a valid report") == 1
        assert "NaN" not in result.output  # a year nothing came for has no status: blank, not NaN
    finally:
        get_settings.cache_clear()


def test_init_warehouse_hashes_the_ids_an_older_release_left_in_held_rows() -> None:
    """After an upgrade, `cadres init-warehouse` (as a loading run does) rewrites held rows an older release
    stored with the national ID: the hash in its place."""
    import hmac
    import json

    import sqlalchemy as sa

    from cadres.settings import get_settings
    from warehouse.backend import create_warehouse_engine
    from warehouse.held_ids import DONE

    assert runner.invoke(app, ["init-warehouse"]).exit_code == 0
    engine = create_warehouse_engine(get_settings().resolved_warehouse_url)
    old = json.dumps({"Họ và tên": "Lò Văn Sáng", "CCCD": "008079000129"}, ensure_ascii=False)
    with engine.begin() as conn:  # as an older release stored it, and before this one marked the rows done
        conn.execute(sa.text("DELETE FROM warehouse_meta WHERE key = :k"), {"k": DONE})
        conn.execute(
            sa.text(
                "INSERT INTO restricted.quarantine_row (submission_sk, sheet_name, excel_row, rule_codes, raw_values) "
                "VALUES (1, 'CanBo', 4, 'CANBO.AGE.RANGE', :v)"
            ),
            {"v": old},
        )
    engine.dispose()

    upgraded = runner.invoke(app, ["init-warehouse"])

    assert upgraded.exit_code == 0, upgraded.output
    engine = create_warehouse_engine(get_settings().resolved_warehouse_url)
    with engine.connect() as conn:
        stored = json.loads(conn.execute(sa.text("SELECT raw_values FROM restricted.quarantine_row")).scalar_one())
    engine.dispose()
    digest = hmac.digest(get_settings().cadre_hash_key(), b"008079000129", "sha256").hex()
    assert stored == {"Họ và tên": "Lò Văn Sáng", "cadre_hash": digest}


def _run_cadres(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str]:
    """The `cadres` command as the console runs it (its entry point, not the Typer app): exit code, stderr."""
    from cadres.cli import main
    from cadres.settings import get_settings

    monkeypatch.setattr("sys.argv", ["cadres", *argv])
    monkeypatch.setattr("cadres.read_marks.forget_marks_when_stopped", lambda: None)  # pytest's own signals
    get_settings.cache_clear()
    try:
        with pytest.raises(SystemExit) as exited:
            main()
    finally:
        get_settings.cache_clear()
    return exited.value.code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("setting", "value", "told"),
    [
        # psql's form of the URL: made psycopg's, then the server's own answer in one line
        (
            "CADRES_WAREHOUSE_URL",
            PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0] + "/cadres_no_such_db",
            r'cadres: the warehouse postgresql\+psycopg://.*database "cadres_no_such_db" does not exist; check',
        ),
        ("CADRES_WAREHOUSE_URL", "mysql://x@h/db", "cadres: CADRES_WAREHOUSE_URL mysql://x@h/db cannot be used"),
        ("CADRES_STRICT", "maybe", r"cadres: invalid setting: CADRES_STRICT \(Input should be a valid boolean"),
    ],
)
def test_a_setup_error_is_told_in_one_line_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, setting: str, value: str, told: str
) -> None:
    """A wrong warehouse URL or setting printed 50 to 150 lines of traceback (a psql-style URL asked for
    psycopg2, which the service does not ship)."""
    monkeypatch.setenv("CADRES_HOME", str(tmp_path / "home"))
    monkeypatch.setenv(setting, value)
    code, said = _run_cadres(monkeypatch, capsys, "summary")
    assert code == 1 and re.match(told, said) and len(said.splitlines()) == 1, said


def test_a_shared_warehouse_without_its_hash_secret_stops_before_any_file_is_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """It failed after Prefect's start-up with three stacked tracebacks, the file already archived."""
    home = tmp_path / "home"
    wb.write_xlsx(home / "inbox" / "08" / "tq.xlsx", wb.clean_workbook("08", 2024))
    monkeypatch.setenv("CADRES_HOME", str(home))
    monkeypatch.setenv("CADRES_WAREHOUSE_URL", PG_ADMIN_URL)
    monkeypatch.delenv("CADRES_HASH_SECRET", raising=False)
    code, said = _run_cadres(monkeypatch, capsys, "ingest-inbox", "--settle-seconds", "0")
    assert code == 1
    assert said == "cadres: CADRES_HASH_SECRET must be set for a shared warehouse; keep it outside the warehouse\n"
    assert not (home / "archive").exists() and (home / "inbox" / "08" / "tq.xlsx").exists()


def test_ingest_inbox_says_what_it_left_waiting_and_refuses_an_inbox_that_is_not_there(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """A run that took nothing printed nothing (files still settling; the flow's lines are below the
    console's level), and a mistyped inbox path exited 0 in silence."""
    from cadres.cli import _print_left_waiting

    wb.write_xlsx(tmp_path / "inbox" / "08" / "moi.xlsx", wb.clean_workbook("08", 2024))
    _print_left_waiting(tmp_path / "inbox", 0)
    said = capsys.readouterr().out.splitlines()
    assert said[0] == "0 file(s) taken, 1 left in the inbox"
    assert re.fullmatch(r"  08/moi\.xlsx: changed \d+ s ago, left for the next run", said[1])

    missing = runner.invoke(app, ["ingest-inbox", str(tmp_path / "hop-thu")])
    assert missing.exit_code == 2 and "no inbox at" in missing.output


def test_what_an_inbox_command_left_is_named_as_the_province_typed_it(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """A name not in UTF-8 printed raw crashed the command on a strict UTF-8 console after its run."""
    from cadres.cli import _print_left_waiting, _print_not_checked

    folder = tmp_path / "inbox" / "08"
    folder.mkdir(parents=True)
    wb.write_xlsx(wb.named_in_code_page(folder, b"B\xe1o c\xe1o.xlsx"), wb.clean_workbook("08", 2024))
    _print_left_waiting(tmp_path / "inbox", 0)
    _print_not_checked(tmp_path / "inbox", 0, 600)
    said = capsys.readouterr().out.splitlines()
    assert said[1].startswith("  08/Báo cáo.xlsx: changed ") and said[3].startswith("  08/Báo cáo.xlsx: changed ")


def test_validate_inbox_lists_as_not_checked_only_the_files_still_arriving(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """A settled file was checked: only one changed within the settling time is named as still arriving."""
    from cadres.cli import _print_not_checked

    settled = wb.write_xlsx(tmp_path / "inbox" / "08" / "cu.xlsx", wb.clean_workbook("08", 2024))
    os.utime(settled, (settled.stat().st_mtime - 3600, settled.stat().st_mtime - 3600))
    wb.write_xlsx(tmp_path / "inbox" / "08" / "moi.xlsx", wb.clean_workbook("08", 2024))
    _print_not_checked(tmp_path / "inbox", 1, 600)
    said = capsys.readouterr().out.splitlines()
    assert said[0] == "1 file(s) checked"
    assert len(said) == 2 and re.fullmatch(r"  08/moi\.xlsx: changed \d+ s ago, still arriving: not checked", said[1])


def test_template_command_writes_a_workbook_the_reader_accepts(tmp_path: Path) -> None:
    from cadres.workbook import read_workbook

    out = tmp_path / "mau.xlsx"
    result = runner.invoke(app, ["template", "2026", "--province", "08", "--out", str(out)])
    assert result.exit_code == 0
    book = read_workbook(out)
    assert set(book.sheets) == {"ThongTin", "CanBo", "KhoaHoc", "HocVien", "TieuChi", "CongNhan"}
    assert not book.unknown_sheets and all(not sheet.missing_fields for sheet in book.sheets.values())


@pytest.fixture
def configured_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """CADRES_HOME set to a folder of its own, as in production; the embedded warehouse."""
    from cadres.settings import get_settings

    home = tmp_path / "srv-cadres"
    monkeypatch.setenv("CADRES_HOME", str(home))
    monkeypatch.delenv("CADRES_WAREHOUSE_URL", raising=False)
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


@pytest.mark.parametrize("fresh", ["--fresh", "--no-fresh"])
def test_demo_refuses_a_home_holding_submissions_it_did_not_create(configured_home: Path, fresh: str) -> None:
    archived = configured_home / "archive" / "08" / "ab" / "abcdef.xlsx"
    archived.parent.mkdir(parents=True)
    archived.write_bytes(b"a province's file")

    result = runner.invoke(app, ["demo", fresh])

    assert result.exit_code == 2 and "holds submissions the demo did not create" in result.output
    assert archived.read_bytes() == b"a province's file"
    assert not (configured_home / "inbox").exists()


def test_demo_refuses_the_default_home_once_real_submissions_are_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README has operators work in var/ (the default home) too: `make demo` must not empty it."""
    from cadres.settings import get_settings

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CADRES_HOME", raising=False)
    monkeypatch.delenv("CADRES_WAREHOUSE_URL", raising=False)
    get_settings.cache_clear()
    waiting = wb.write_xlsx(tmp_path / "var" / "inbox" / "08" / "tq.xlsx", wb.clean_workbook("08", 2024))
    try:
        result = runner.invoke(app, ["demo"])
    finally:
        get_settings.cache_clear()

    assert result.exit_code == 2 and "holds submissions the demo did not create" in result.output
    assert str(waiting.relative_to(tmp_path)) in result.output and waiting.exists()


def test_the_demos_own_files_do_not_stop_it_running_again(configured_home: Path) -> None:
    """What an earlier demo left (its workbooks waiting or archived) is the demo's own: not a reason to refuse."""
    from cadres.archive import archive, content_hash
    from cadres.cli import _foreign_submissions
    from cadres.demo import generate_demo
    from cadres.settings import get_settings

    settings = get_settings()
    made = generate_demo(settings.inbox_dir)
    archive(made[0], settings.archive_dir)
    again = generate_demo(configured_home / "again")

    assert _foreign_submissions(settings, {content_hash(path) for path in again}) == []
    made[1].write_bytes(b"a province's own file under the demo's name")
    assert _foreign_submissions(settings, {content_hash(path) for path in again}) == [str(made[1])]


def test_every_file_the_demo_would_delete_is_looked_at_and_an_earlier_demos_are_its_own(
    configured_home: Path,
) -> None:
    from cadres.archive import archive
    from cadres.cli import DEMO_MANIFEST, _demo_files, _foreign_submissions
    from cadres.demo import generate_demo
    from cadres.settings import get_settings

    settings = get_settings()
    made = generate_demo(configured_home / "scratch")
    strays = [settings.inbox_dir / "8" / "real.xlsx", settings.inbox_dir / "real2.xlsx"]
    strays += [settings.inbox_dir / "08" / "x.xlsx.part", settings.inbox_dir / "08" / ".3f2a.removing"]
    for number, path in enumerate(strays):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"a province's file {number}".encode())
    older = settings.inbox_dir / "22" / "an-older-demo.xlsx"
    older.parent.mkdir(parents=True)
    older.write_bytes(b"what the demo wrote before its generator changed")
    sha, _ = archive(older, settings.archive_dir)
    (configured_home / DEMO_MANIFEST).write_text(sha + "\n", encoding="utf-8")

    assert sorted(_foreign_submissions(settings, _demo_files(settings, made))) == sorted(str(p) for p in strays)


def test_demo_refuses_a_configured_warehouse(configured_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cadres.settings import get_settings

    monkeypatch.setenv("CADRES_WAREHOUSE_URL", "postgresql+psycopg://cadres@db.internal/cadres")
    get_settings.cache_clear()

    result = runner.invoke(app, ["demo"])

    assert result.exit_code == 2 and "CADRES_WAREHOUSE_URL is set" in result.output
    assert not configured_home.exists()


def test_validate_gives_the_verdict_of_the_load_under_cadres_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cadres.settings import get_settings

    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(), wb.cadre_row(national_id="008180000999")])
    path = wb.write_xlsx(tmp_path / "08" / "tq.xlsx", sheets)
    monkeypatch.setenv("CADRES_STRICT", "true")
    get_settings.cache_clear()
    try:
        strict = runner.invoke(app, ["validate", str(path), "--out", str(tmp_path / "dry")])
        lenient = runner.invoke(app, ["validate", str(path), "--out", str(tmp_path / "dry"), "--no-strict"])
    finally:
        get_settings.cache_clear()
    assert strict.exit_code == 2 and "rejected" in strict.output and "FILE.STRICT_REJECTED" in strict.output
    assert lenient.exit_code == 0 and "accepted_with_errors" in lenient.output


@pytest.mark.parametrize(
    ("status", "warehouse", "shown"),
    [
        ("accepted", "loaded", "rows loaded 12"),
        ("accepted", "unchanged", "rows loaded 12"),  # the same bytes again: an earlier copy loaded them
        ("accepted", "held", "valid rows (not loaded) 12"),
        ("accepted", "stale", "valid rows (not loaded) 12"),
        ("rejected", "recorded", "valid rows (not loaded) 3, with errors 2"),  # counted apart: rows_loaded is 0
    ],
)
def test_an_outcome_counts_rows_as_loaded_only_when_they_are_in_the_warehouse(
    status: str, warehouse: str, shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the inbox run's artifact and the report say (cadres.report.in_the_warehouse); a rejected file's
    valid rows are those it would have loaded (`rows_valid_rejected`), its others not held but refused."""
    from cadres.cli import _print_outcome

    outcome = {"file_name": "tq.xlsx", "status": status, "warehouse": warehouse, "rows_quarantined": 2}
    counts = {"rows_loaded": 0, "rows_valid_rejected": 3} if status == "rejected" else {"rows_loaded": 12}
    _print_outcome({**outcome, **counts})
    assert shown in capsys.readouterr().out
