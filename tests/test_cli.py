"""The command line: every command explains itself, and the dry run reports without loading."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cadres.cli import app
from tests import workbooks as wb

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


def test_validate_exits_non_zero_on_rejection(tmp_path: Path) -> None:
    path = wb.write_xlsx(tmp_path / "22" / "tq.xlsx", wb.clean_workbook("08", 2024))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2 and "FILE.PROVINCE_MISMATCH" in result.output


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
        assert runner.invoke(app, ["approve", "08", "2024"]).exit_code == 2  # nothing accepted yet
        assert runner.invoke(app, ["unlock", "08", "2024", "--reason", "x"]).exit_code == 2  # not locked
        completeness = runner.invoke(app, ["completeness", "2024"])
        assert completeness.exit_code == 0 and "63 of 63 expected province-years missing" in completeness.output
    finally:
        get_settings.cache_clear()


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


@pytest.mark.parametrize(("warehouse", "shown"), [("loaded", "rows loaded 12"), ("held", "valid rows (not loaded) 12")])
def test_an_outcome_counts_rows_as_loaded_only_when_they_were(
    warehouse: str, shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from cadres.cli import _print_outcome

    _print_outcome({"file_name": "tq.xlsx", "status": "accepted", "warehouse": warehouse, "rows_loaded": 12})
    assert shown in capsys.readouterr().out
