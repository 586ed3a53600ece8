"""A file that kills the process reading it is answered once, not retried for ever (cadres.crash_guard).

The file used kills for real: a value at XFD1048576 inside row 1 of a sheet whose rows end at row 2,
XML no spreadsheet program writes, which the size guard trusts (cadres.sheet_extent) and calamine
answers by asking for 550 GB and aborting.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from contextlib import ExitStack, suppress
from pathlib import Path

import openpyxl
import psutil
import pytest

from cadres import read_marks
from cadres.archive import content_hash
from cadres.crash_guard import TrialInterrupted, kills_its_reader
from cadres.feedback import DRY_RUN_MARKS
from cadres.read_marks import MARK_SUFFIX, deaths, reading
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


def _marks(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}{MARK_SUFFIX}*"))


def test_the_mark_lasts_while_the_file_is_read_however_the_reading_ends(tmp_path: Path) -> None:
    path = wb.write_xlsx(tmp_path / "bao-cao.xlsx", wb.clean_workbook())

    with reading(path):
        [mark] = _marks(path)
        assert mark.name.startswith(f"bao-cao.xlsx{MARK_SUFFIX}.{os.getpid()}.")
    assert _marks(path) == []
    with pytest.raises(ValueError), reading(path):
        raise ValueError("a problem the reader raises")
    assert _marks(path) == []


def test_a_mark_is_readable_by_all_and_only_the_files_own_marks_count(tmp_path: Path) -> None:
    """Another user's run must read a mark, whatever the umask; a file named like a mark of another
    (`bao-cao.xlsx.reading.cu.xlsx`) is neither counted as a death nor removed."""
    path = wb.write_xlsx(tmp_path / "bao-cao.xlsx", wb.clean_workbook())
    namesake = wb.write_xlsx(tmp_path / f"bao-cao.xlsx{MARK_SUFFIX}.cu.xlsx", wb.clean_workbook())
    Path(f"{namesake}{MARK_SUFFIX}").touch()  # a process died reading the namesake, not this file

    before = os.umask(0o077)
    try:
        with reading(path):
            [mark] = [m for m in _marks(path) if m != namesake and not m.name.startswith(namesake.name)]
            assert mark.stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(before)
    assert deaths(path) == 0 and namesake.exists() and deaths(namesake) == 1


_COUNTS = "import sys; from pathlib import Path; from cadres.read_marks import deaths; print(deaths(Path(sys.argv[1])))"


def test_a_count_taken_while_a_read_replaces_a_dead_mark_counts_that_death_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read places its mark (holding the death it found) before it removes the dead one: another run
    counting in between saw both, counted two deaths and rejected a file only one process died on."""
    readable = wb.write_xlsx(tmp_path / "doc-duoc.xlsx", wb.clean_workbook())
    Path(f"{readable}{MARK_SUFFIX}").touch()  # a process died reading it once
    counters: list[subprocess.Popen] = []
    place_mark = read_marks._place_mark

    def place_then_count(path: Path, count: int) -> tuple[int, Path] | None:
        placed = place_mark(path, count)
        counter = subprocess.Popen([sys.executable, "-c", _COUNTS, str(path)], stdout=subprocess.PIPE, text=True)
        counters.append(counter)
        with suppress(subprocess.TimeoutExpired):
            counter.wait(timeout=3)  # it waits its turn on the folder: the dead mark is still there
        return placed

    monkeypatch.setattr(read_marks, "_place_mark", place_then_count)
    with reading(readable):
        counted = [counter.communicate()[0] for counter in counters]

    assert counted == ["1\n"]  # the death before, once; this read is going on


_STOPPED_READING = """
import os, signal, sys, time
from pathlib import Path
from cadres.read_marks import forget_marks_when_stopped, reading
if sys.argv[2] == "own handler":
    signal.signal(signal.SIGTERM, lambda number, frame: (print("its own handler", flush=True), os._exit(3)))
forget_marks_when_stopped()
with reading(Path(sys.argv[1])):
    print("reading", flush=True)
    time.sleep(120)
"""


@pytest.mark.parametrize(("handler", "ends_with"), [("default", -signal.SIGTERM), ("own handler", 3)])
def test_a_process_stopped_from_outside_takes_its_marks_and_ends_as_it_would_have(
    tmp_path: Path, handler: str, ends_with: int
) -> None:
    """A stop is no crash: the marks go first, then the handler found before (the default one ends the
    process by the signal, so its parent sees a stop, not an exit; this one ends it without clean-up)."""
    readable = wb.write_xlsx(tmp_path / "doc-duoc.xlsx", wb.clean_workbook())
    command = [sys.executable, "-c", _STOPPED_READING, str(readable), handler]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as run:
        try:
            assert run.stdout.readline() == "reading\n" and len(_marks(readable)) == 1
            run.send_signal(signal.SIGTERM)
            said, _ = run.communicate(timeout=60)
        finally:
            run.kill()

    assert run.returncode == ends_with
    assert said == ("its own handler\n" if handler == "own handler" else "")
    assert _marks(readable) == [] and deaths(readable) == 0


def test_a_stop_while_the_mark_is_placed_leaves_no_mark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stop's exception (Prefect's, Ctrl-C's) just after the mark was renamed into place left it
    unlocked: a death counted for a read that never began."""
    path = wb.write_xlsx(tmp_path / "bao-cao.xlsx", wb.clean_workbook())
    rename = os.rename

    def rename_then_stopped(source: object, target: object) -> None:
        rename(source, target)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "rename", rename_then_stopped)
    with pytest.raises(KeyboardInterrupt), reading(path):
        pass
    monkeypatch.undo()
    assert list(tmp_path.glob(f"bao-cao.xlsx{MARK_SUFFIX}*")) == [] and deaths(path) == 0


_WRITES_A_MARK = """
import fcntl, sys
from pathlib import Path
with open(sys.argv[1], "wb") as written:
    fcntl.flock(written, fcntl.LOCK_EX)
    print("writing", flush=True)
    sys.stdin.read()  # until it is killed
"""


def test_a_mark_left_half_written_is_removed_by_the_next_read_and_never_counted(tmp_path: Path) -> None:
    """A process killed between writing its mark and renaming it into place left
    `<file>.reading-new.<random>` for ever; one a live process is writing (locked, or only just made)
    is left to it."""
    path = wb.write_xlsx(tmp_path / "bao-cao.xlsx", wb.clean_workbook())
    left = tmp_path / f"bao-cao.xlsx{MARK_SUFFIX}-new.0badf00d"
    left.write_bytes(b"")
    long_ago = time.time() - 2 * read_marks.UNFINISHED_AFTER
    os.utime(left, (long_ago, long_ago))
    just_made = tmp_path / f"bao-cao.xlsx{MARK_SUFFIX}-new.0000cafe"  # its writer may not hold its lock yet
    just_made.write_bytes(b"")
    being_written = tmp_path / f"bao-cao.xlsx{MARK_SUFFIX}-new.5eed1e55"
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITES_A_MARK, str(being_written)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert writer.stdout.readline() == b"writing\n"
        os.utime(being_written, (long_ago, long_ago))  # a slow writer: only its lock tells it lives
        assert deaths(path) == 0  # none counts
        with reading(path):
            pass
        assert not left.exists() and being_written.exists() and just_made.exists()
    finally:
        writer.kill()
        writer.communicate()
    assert deaths(path) == 0


def test_a_read_is_unmarked_where_no_mark_can_be_written(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "a-file").touch()
    with reading(tmp_path / "a-file" / "bao-cao.xlsx"):  # its folder cannot be made: no mark, the read goes on
        pass
    assert "read without the crash guard's mark" in caplog.text


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
    return {child.pid for child in psutil.Process().children()}


def test_a_file_another_run_is_reading_now_is_no_death(tmp_path: Path) -> None:
    """Two copies of one workbook validated side by side share one mark (named by their bytes): the
    mark of a reader still at work was taken for a crash, a trial was started, and in a Dask worker
    that failed the whole run (CI on 5daef21)."""
    killer = write_reader_killer(tmp_path / "hong.xlsx")

    with ExitStack() as first, ExitStack() as second:
        first.enter_context(reading(killer))  # another run is reading these bytes now
        assert not kills_its_reader(killer)  # no trial: it would die and reject the file
        second.enter_context(reading(killer))  # and this read marks them too
        first.close()  # the first read ends while the second goes on: its mark stays
        assert len(_marks(killer)) == 1 and not kills_its_reader(killer)
    assert _marks(killer) == []

    Path(f"{killer}{MARK_SUFFIX}").touch()  # but a mark whose reader is gone is a death
    assert kills_its_reader(killer)


_DIES_READING = """
import sys
from pathlib import Path
from cadres.read_marks import reading
with reading(Path(sys.argv[1])):
    print("reading", flush=True)
    sys.stdin.read()  # until it is killed
"""


def test_two_runs_that_die_reading_the_same_bytes_count_two_deaths(tmp_path: Path) -> None:
    """Each read has its own mark: a read going on in another process is no death, and two reads that
    die together are two, so the file is rejected without a third."""
    readable = wb.write_xlsx(tmp_path / "doc-duoc.xlsx", wb.clean_workbook())
    command = [sys.executable, "-c", _DIES_READING, str(readable)]
    runs = [subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        for run in runs:
            assert run.stdout.readline() == "reading\n"
        assert len(_marks(readable)) == 2 and not kills_its_reader(readable)  # both still reading
    finally:
        for run in runs:
            run.kill()
            run.communicate()

    assert kills_its_reader(readable)  # two deaths: rejected whatever a trial would say


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


def test_a_trial_that_cannot_run_is_no_verdict_and_the_working_folder_does_not_shadow_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trial is `python -m cadres.crash_guard`: a `cadres` folder where the service was started (or
    on PYTHONPATH) is not imported in its place, and a trial whose Python fails (exit code 1) does not
    reject the file."""
    killer = write_reader_killer(tmp_path / "hong.xlsx")
    Path(f"{killer}{MARK_SUFFIX}").touch()  # a process died reading it once
    impostor = tmp_path / "elsewhere" / "cadres"
    impostor.mkdir(parents=True)
    (impostor / "__init__.py").write_text('raise ImportError("not the pipeline")\n')

    monkeypatch.chdir(impostor.parent)
    monkeypatch.setenv("PYTHONPATH", str(impostor.parent))
    assert kills_its_reader(killer)  # the real trial ran, and died as the reader does

    monkeypatch.setenv("PYTHONHOME", str(tmp_path))  # now the trial's Python cannot start
    assert not kills_its_reader(killer)  # no verdict: the file is read as usual, under its mark


_WAITS_FOR_A_TRIAL = """
import subprocess, sys, time
trial = "import os, time; from cadres.crash_guard import _end_with_parent; _end_with_parent(os.getppid()); " \\
    "print('reading', flush=True); time.sleep(120)"
child = subprocess.Popen([sys.executable, "-c", trial], stdout=subprocess.PIPE, text=True)
child.stdout.readline()
print(child.pid, flush=True)
time.sleep(120)
"""


def test_a_trial_ends_with_the_process_waiting_for_it() -> None:
    """A worker stopped, or torn down with its pool after another worker died, left its trial reading on
    alone for up to 15 minutes with up to 8 GiB."""
    with subprocess.Popen([sys.executable, "-c", _WAITS_FOR_A_TRIAL], stdout=subprocess.PIPE, text=True) as waiting:
        try:
            trial = psutil.Process(int(waiting.stdout.readline()))
        finally:
            waiting.kill()
            waiting.communicate()
    deadline = time.monotonic() + 20  # killed with its parent, not 120 s later
    while time.monotonic() < deadline and not _ended(trial):
        time.sleep(0.1)
    if not _ended(trial):
        trial.kill()
        pytest.fail("the trial outlived the process waiting for it")


def _ended(process: psutil.Process) -> bool:
    """Gone, or dead and not yet reaped (a container's first process may never reap an orphan)."""
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


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
    deadline = time.monotonic() + 120
    while not (trials := _children() - already) and judging.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert trials, "no trial was started"
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
        [own] = _marks(readable)  # the dead read's mark is folded into this one's
        assert own.read_text() == "1"  # ...and if this read dies too, its mark stays, saying so
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
    [mark] = list(home.rglob(f"*{MARK_SUFFIX}.*"))
    assert mark.parent.relative_to(home) == Path("outbox", "dry-run", DRY_RUN_MARKS)
    assert mark.name.startswith(f"{content_hash(killer)}{MARK_SUFFIX}.")

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


_REPORT_DIES = """
import datetime as dt, os, signal, sys
from pathlib import Path
import cadres.annotate
from cadres.archive import content_hash
from cadres.staging import ReceivedFile
from cadres.workbook import read_workbook
from schemas.validation import validate_workbook
from tasks.report import report

path = Path(sys.argv[1])
result = validate_workbook(read_workbook(path), folder_province="08")
received = ReceivedFile(content_hash(path), path.name, path, dt.datetime.now(dt.UTC), "08")
dies = lambda *_: os.kill(os.getpid(), signal.SIGKILL)  # as a native crash opening the workbook would
cadres.annotate._patched = cadres.annotate._open = dies  # the XML edit's and openpyxl's ways in
told = {"file_name": path.name, "submission_id": received.submission_id, "province_code": "08", "report_year": 2024}
print(report.fn({**told, "status": result.status}, result, received).workbook)
"""


def test_a_workbook_that_killed_its_report_is_reported_again_without_being_opened(tmp_path: Path) -> None:
    """Marking the province's workbook reads it again (openpyxl, or its XML), outside the reader's mark: a
    crash there went uncounted, and the file loaded again each night and killed its report again, its
    province never told. The report's own marks count it; one death is tolerated (a worker may die
    beside another file's killer), and after two the next report (the inbox run's third send, or the
    next run's) opens nothing: its copy holds the summary alone, the page and the JSON locating every
    problem. The reader's marks are untouched: the file was read well."""
    from cadres.feedback import REPORT_MARKS

    archived = wb.write_xlsx(
        tmp_path / "archive" / "08" / "bao-cao.xlsx",
        wb.workbook("08", 2024, canbo=[wb.cadre_row(), wb.cadre_row(national_id="008180000999")]),
    )
    environment = {**os.environ, "CADRES_HOME": str(tmp_path / "home")}

    def report_in_a_process() -> subprocess.CompletedProcess:
        command = [sys.executable, "-c", _REPORT_DIES, str(archived)]
        return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)

    reports = archived.with_name(archived.name + REPORT_MARKS)
    for died in (1, 2):
        ended = report_in_a_process()
        assert ended.returncode == -signal.SIGKILL, ended.stderr
        assert deaths(reports) == died and deaths(archived) == 0
    again = report_in_a_process()

    assert again.returncode == 0, again.stderr
    assert "the annotated copy holds the summary alone" in again.stderr
    copy = openpyxl.load_workbook(again.stdout.strip())
    assert copy.sheetnames == ["KetQua"]
    assert any(row[1] == "CANBO.ID.GENDER_DIGIT" for row in copy["KetQua"].iter_rows(values_only=True))
    assert deaths(reports) == 2  # unmarked, that report cleared nothing: the same bytes resent...
    assert report_in_a_process().returncode == 0  # ...are reported so again, not killing their report twice more


_DRY_RUN_REPORT_DIES = """
import os, signal, sys
import cadres.annotate
from cadres.cli import app

dies = lambda *_: os.kill(os.getpid(), signal.SIGKILL)  # as a native crash opening the workbook would
cadres.annotate._patched = cadres.annotate._open = dies
app(["validate", sys.argv[1], "--province", "08"])
"""


def test_a_workbook_that_killed_its_dry_runs_report_is_reported_without_being_opened(tmp_path: Path) -> None:
    """`cadres validate` marks the workbook as a run's report does: a file killing that killed every dry
    run of it. Guarded alike, its marks beside the dry run's reader's: after two deaths the copy holds
    the summary alone, at every dry run after too (the file stays in the inbox: cleared by a summary's
    report, the deaths would make every third dry run of it die twice again), and the reader's marks
    are untouched (the file was read well)."""
    from cadres.feedback import REPORT_MARKS

    home = tmp_path / "home"
    sheets = wb.workbook("08", 2024, canbo=[wb.cadre_row(), wb.cadre_row(national_id="008180000999")])
    path = wb.write_xlsx(home / "inbox" / "08" / "bao-cao.xlsx", sheets)
    environment = {**os.environ, "CADRES_HOME": str(home)}
    read_marks = home / "outbox" / "dry-run" / DRY_RUN_MARKS / content_hash(path)
    report_marks = read_marks.with_name(read_marks.name + REPORT_MARKS)

    def dry_run_dying_in_its_report() -> subprocess.CompletedProcess:
        command = [sys.executable, "-c", _DRY_RUN_REPORT_DIES, str(path)]
        return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)

    for died in (1, 2):
        ended = dry_run_dying_in_its_report()
        assert ended.returncode == -signal.SIGKILL, ended.stderr
        assert deaths(report_marks) == died and deaths(read_marks) == 0
    again = dry_run_dying_in_its_report()

    assert again.returncode == 0, again.stdout + again.stderr
    assert "accepted_with_errors" in again.stdout and "the annotated copy holds the summary alone" in again.stderr
    copy = openpyxl.load_workbook(again.stdout.strip().splitlines()[-1].strip())
    assert copy.sheetnames == ["KetQua"]
    assert path.exists()  # a dry run leaves the file where it lies: the next dry runs hold the summary alone too
    assert deaths(report_marks) == 2 and dry_run_dying_in_its_report().returncode == 0


def test_the_report_of_a_file_rejected_unread_keeps_the_deaths_that_rejected_it(tmp_path: Path) -> None:
    """That report opens nothing and touches no mark: folded into a report's mark and removed, the deaths
    would let the same bytes sent again be read in a worker again, killing it, before being rejected."""
    from cadres.archive import content_hash
    from cadres.crash_guard import READER_DIED
    from cadres.staging import ReceivedFile
    from schemas.validation import rejected_unreadable
    from tasks.report import report

    archived = write_reader_killer(tmp_path / "archive" / "08" / "hong.xlsx")
    Path(f"{archived}{MARK_SUFFIX}").write_text("1")  # two processes died reading it
    received = ReceivedFile(content_hash(archived), archived.name, archived, dt.datetime.now(dt.UTC), "08")
    summary = {"file_name": "hong.xlsx", "submission_id": received.submission_id, "province_code": "08"}
    report.fn({**summary, "status": "rejected"}, rejected_unreadable(READER_DIED), received)  # own_home's outbox

    assert deaths(archived) == 2 and kills_its_reader(archived)
