"""A file that kills the process reading it is answered once, not retried for ever (cadres.crash_guard).

The file used kills for real: a value at XFD1048576 inside row 1 of a sheet whose rows end at row 2,
XML no spreadsheet program writes, which the size guard trusts (cadres.sheet_extent) and calamine
answers by asking for 550 GB and aborting.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from cadres.archive import content_hash
from cadres.crash_guard import MARK_SUFFIX, TrialInterrupted, kills_its_reader, reading
from cadres.feedback import DRY_RUN_MARKS
from tests import workbooks as wb


def write_reader_killer(path: Path) -> Path:
    """A workbook calamine aborts on (see the module's docstring)."""
    source = wb.write_xlsx(path.with_name("source.xlsx"), {"CanBo": [["Họ và tên"], ["Lê Văn A"]]})
    far = '<c r="XFD1048576" t="inlineStr"><is><t>y</t></is></c>'
    row = f'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c>{far}</row>'
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'{row}<row r="2"><c r="A2" t="inlineStr"><is><t>z</t></is></c></row></sheetData></worksheet>'
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as copy:
        for item in original.infolist():
            data = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else original.read(item.filename)
            copy.writestr(item, data)
    source.unlink()
    return path


def test_the_mark_lasts_while_the_file_is_read_however_the_reading_ends(tmp_path: Path) -> None:
    path = wb.write_xlsx(tmp_path / "bao-cao.xlsx", wb.clean_workbook())
    mark = tmp_path / f"bao-cao.xlsx{MARK_SUFFIX}"

    with reading(path):
        assert mark.exists()
    assert not mark.exists()
    with pytest.raises(ValueError), reading(path):
        raise ValueError("a problem the reader raises")
    assert not mark.exists()


def test_a_file_left_marked_is_read_apart_and_rejected_only_if_that_process_dies_too(tmp_path: Path) -> None:
    killer = write_reader_killer(tmp_path / "hong.xlsx")
    readable = wb.write_xlsx(tmp_path / "doc-duoc.xlsx", wb.clean_workbook())
    assert not kills_its_reader(killer)  # no mark: nobody died on it yet, it is read as usual

    for path in (killer, readable):  # a run died while both were being read
        Path(f"{path}{MARK_SUFFIX}").touch()

    assert kills_its_reader(killer)
    assert not kills_its_reader(readable)  # read beside the one that killed: not its fault


def _children() -> set[int]:
    """The processes this one started (the trial is a fresh interpreter, not a multiprocessing child)."""
    tasks = Path(f"/proc/{os.getpid()}/task")
    return {int(pid) for task in tasks.iterdir() for pid in (task / "children").read_text().split()}


def test_a_file_another_run_is_reading_now_is_no_death(tmp_path: Path) -> None:
    """Two copies of one workbook validated side by side share one mark (named by their bytes): the
    mark of a reader still at work was taken for a crash, a trial was started, and in a Dask worker
    that failed the whole run (CI on 5daef21)."""
    killer = write_reader_killer(tmp_path / "hong.xlsx")

    with reading(killer):  # another run is reading these bytes now
        assert not kills_its_reader(killer)  # no trial: it would die and reject the file
        with reading(killer):  # and this read may mark them too
            pass
    assert not Path(f"{killer}{MARK_SUFFIX}").exists()

    Path(f"{killer}{MARK_SUFFIX}").touch()  # but a mark whose reader is gone is a death
    assert kills_its_reader(killer)


def _judge_in_a_daemonic_process(path: str) -> None:
    sys.exit(7 if kills_its_reader(Path(path)) else 8)


def test_a_dask_worker_can_read_a_file_apart(tmp_path: Path) -> None:
    """A Dask worker is a daemonic process, which multiprocessing forbids to have children: the trial
    read failed the run instead of answering the file."""
    killer = write_reader_killer(tmp_path / "hong.xlsx")
    Path(f"{killer}{MARK_SUFFIX}").touch()  # a process died reading it once
    worker = multiprocessing.get_context("spawn").Process(
        target=_judge_in_a_daemonic_process, args=(str(killer),), daemon=True
    )
    worker.start()
    worker.join(600)

    assert worker.exitcode == 7  # the trial died too: the file kills its reader


def test_a_trial_stopped_from_outside_is_no_verdict_on_the_file(tmp_path: Path) -> None:
    """Stopping the service (systemd's SIGTERM to all its processes) ended the trial too, and a good
    file was rejected as one that kills its reader: it must stay for the next run instead."""
    readable = wb.write_xlsx(tmp_path / "doc-duoc.xlsx", wb.clean_workbook())
    Path(f"{readable}{MARK_SUFFIX}").touch()
    outcome: list[object] = []

    def judge() -> None:
        try:
            outcome.append(kills_its_reader(readable))
        except TrialInterrupted as stopped:
            outcome.append(stopped)

    already = _children()  # multiprocessing's resource tracker, say
    judging = threading.Thread(target=judge)
    judging.start()
    while not (trials := _children() - already):
        time.sleep(0.01)
    os.kill(trials.pop(), signal.SIGTERM)
    judging.join()

    assert len(outcome) == 1 and isinstance(outcome[0], TrialInterrupted)


def test_a_file_processes_died_reading_twice_is_rejected_whatever_the_trial_says(tmp_path: Path) -> None:
    """A death the throwaway read does not reproduce (memory the worker lacked beside other files)
    killed every run: the mark counts the deaths, and a second one is the verdict."""
    readable = wb.write_xlsx(tmp_path / "doc-duoc.xlsx", wb.clean_workbook())
    mark = Path(f"{readable}{MARK_SUFFIX}")
    mark.touch()  # a process died reading it once

    assert not kills_its_reader(readable)  # the trial read survives: read for real, the mark kept up
    with reading(readable):
        assert mark.read_text() == "1"  # ...and this read dies too: the mark stays, saying so
    mark.write_text("1")

    assert kills_its_reader(readable)


def _dry_run(path: Path, home: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "CADRES_HOME": str(home)}
    command = [sys.executable, "-m", "cadres.cli", "validate", str(path), "--province", "08"]
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=600)


def test_a_file_that_kills_a_dry_run_is_answered_by_the_next_one(tmp_path: Path) -> None:
    """`cadres validate` and validate-inbox read the inbox file where it lies: a killer file ended every
    one of them. Their marks lie beside their reports, never where loads keep theirs."""
    home = tmp_path / "home"
    killer = write_reader_killer(home / "inbox" / "08" / "hong.xlsx")

    first = _dry_run(killer, home)
    assert first.returncode < 0, first.stdout + first.stderr  # killed by the reader, no report written
    marks = list(home.rglob(f"*{MARK_SUFFIX}"))
    assert [mark.relative_to(home) for mark in marks] == [
        Path("outbox", "dry-run", DRY_RUN_MARKS, f"{content_hash(killer)}{MARK_SUFFIX}")
    ]

    second = _dry_run(killer, home)
    assert second.returncode == 2, second.stdout + second.stderr  # rejected, with its three reports
    assert "FILE.UNREADABLE" in second.stdout and "bị dừng đột ngột" in second.stdout
    assert not (home / "archive").exists()  # a dry run archives nothing and marks nothing there


def test_a_good_file_whose_dry_runs_were_stopped_twice_is_read_after_its_trial(tmp_path: Path) -> None:
    """A timeout or a closed terminal ends a dry run without its clean-up, as a crash does: two such ends
    must not make a good file 'one that kills its reader'."""
    home = tmp_path / "home"
    readable = wb.write_xlsx(home / "inbox" / "08" / "doc-duoc.xlsx", wb.clean_workbook())
    mark = home / "outbox" / "dry-run" / DRY_RUN_MARKS / f"{content_hash(readable)}{MARK_SUFFIX}"
    mark.parent.mkdir(parents=True)
    mark.write_text("1")  # two dry runs ended while reading it

    run = _dry_run(readable, home)

    assert run.returncode == 0, run.stdout + run.stderr
    assert "accepted" in run.stdout and not mark.exists()
