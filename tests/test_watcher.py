"""The inbox watcher: one submit per completed file, never for temporary files, never twice at once."""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cadres import watcher as watcher_module
from cadres.archive import content_hash
from cadres.inbox import InboxEntry
from cadres.watcher import InboxWatcher, make_deployment_submitter, signature

SETTLE = 0.6
POLL = 0.05


class Recorder:
    """A `submit` that records what it was given and how big the entry was at that moment."""

    def __init__(self, block: threading.Event | None = None, fail: Callable[[InboxEntry], bool] | None = None) -> None:
        self.calls: list[tuple[InboxEntry, int, float]] = []
        self.started = threading.Event()
        self._block = block
        self._fail = fail

    def __call__(self, entry: InboxEntry) -> None:
        sig = signature(entry.path)
        self.calls.append((entry, sig.size if sig else -1, time.monotonic()))
        self.started.set()
        if self._block is not None:
            self._block.wait(10)
        if self._fail is not None and self._fail(entry):
            raise RuntimeError(f"boom on {entry.path.name}")

    @property
    def names(self) -> list[str]:
        return [entry.path.name for entry, _, _ in self.calls]


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def quiet_for(recorder: Recorder, count: int, seconds: float = 2 * SETTLE) -> bool:
    """True if the recorder still has exactly `count` calls after `seconds`."""
    time.sleep(seconds)
    return len(recorder.calls) == count


@pytest.fixture
def inbox_dir(tmp_path: Path) -> Path:
    (tmp_path / "inbox" / "08").mkdir(parents=True)
    return tmp_path / "inbox"


@pytest.fixture
def start_watcher(inbox_dir: Path) -> Iterator[Callable[..., InboxWatcher]]:
    watchers: list[InboxWatcher] = []

    def start(submit: Callable[[InboxEntry], None], **options: object) -> InboxWatcher:
        options = {"settle_seconds": SETTLE, "poll_interval": POLL, **options}
        watcher = InboxWatcher(inbox_dir, submit, **options)  # type: ignore[arg-type]
        watcher.start()
        watchers.append(watcher)
        return watcher

    yield start
    for watcher in watchers:
        watcher.stop(timeout=5)


def test_file_present_at_startup_is_submitted_once(inbox_dir: Path, start_watcher) -> None:
    path = inbox_dir / "08" / "tuyen-quang-2024.xlsx"
    path.write_bytes(b"x" * 1000)
    recorder = Recorder()
    start_watcher(recorder)

    assert wait_until(lambda: len(recorder.calls) == 1)
    entry, size, _ = recorder.calls[0]
    assert entry == InboxEntry(path.resolve(), "08") and size == 1000
    assert quiet_for(recorder, 1)


def test_file_copied_in_chunks_is_submitted_once_after_the_last_chunk(inbox_dir: Path, start_watcher) -> None:
    recorder = Recorder()
    start_watcher(recorder, settle_seconds=1.0)
    path = inbox_dir / "08" / "slow-copy.xlsx"
    chunk = os.urandom(64 * 1024)
    with path.open("wb") as out:
        for _ in range(7):  # ~2.1 s of copying, gaps well under the settle time
            out.write(chunk)
            out.flush()
            last_write_at = time.monotonic()
            time.sleep(0.3)

    assert wait_until(lambda: len(recorder.calls) == 1)
    _, size, submitted_at = recorder.calls[0]
    assert size == 7 * len(chunk) == path.stat().st_size
    assert submitted_at - last_write_at >= 0.95  # a full settle time after the last write, not during the copy
    assert quiet_for(recorder, 1)


def test_temporary_lock_and_stray_files_are_never_submitted(inbox_dir: Path, start_watcher) -> None:
    ignored = ["08/~$bao-cao.xlsx", "08/bao-cao.xlsx.part", "08/bao-cao.tmp", "08/.hidden.xlsx", "08/Thumbs.db"]
    stray = ["bao-cao.xlsx", "abc/bao-cao.xlsx", "123/bao-cao.xlsx", "8/bao-cao.xlsx"]
    for name in ignored[:2] + stray[:2]:  # some there at start-up, the rest arriving while watched
        (inbox_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (inbox_dir / name).write_bytes(b"x")
    recorder = Recorder()
    start_watcher(recorder)
    for name in ignored[2:] + stray[2:]:
        (inbox_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (inbox_dir / name).write_bytes(b"x")
    (inbox_dir / "08" / "real.xlsx").write_bytes(b"x")

    assert wait_until(lambda: len(recorder.calls) == 1)
    assert quiet_for(recorder, 1) and recorder.names == ["real.xlsx"]


def test_file_deleted_before_it_settles_is_skipped(inbox_dir: Path, start_watcher) -> None:
    recorder = Recorder()
    start_watcher(recorder)
    gone = inbox_dir / "08" / "gone.xlsx"
    gone.write_bytes(b"x" * 10)
    time.sleep(SETTLE / 2)
    gone.unlink()
    (inbox_dir / "08" / "kept.xlsx").write_bytes(b"x")

    assert wait_until(lambda: len(recorder.calls) == 1)
    assert quiet_for(recorder, 1) and recorder.names == ["kept.xlsx"]


def test_csv_folder_is_submitted_once_as_a_folder(inbox_dir: Path, start_watcher) -> None:
    recorder = Recorder()
    start_watcher(recorder)
    folder = inbox_dir / "08" / "quang-ninh-2024"
    folder.mkdir()
    for name in ("ThongTin.csv", "CanBo.csv", "KhoaHoc.csv"):
        (folder / name).write_text("a,b\n1,2\n", encoding="utf-8")
        time.sleep(0.2)

    assert wait_until(lambda: len(recorder.calls) == 1)
    entry, size, _ = recorder.calls[0]
    assert entry == InboxEntry(folder.resolve(), "08") and size == 3 * len("a,b\n1,2\n")
    assert quiet_for(recorder, 1)


def test_path_is_not_resubmitted_while_its_submit_runs_but_is_after_it_changed(inbox_dir: Path, start_watcher) -> None:
    release = threading.Event()
    recorder = Recorder(block=release)
    start_watcher(recorder)
    path = inbox_dir / "08" / "v.xlsx"
    path.write_bytes(b"v1")
    assert wait_until(recorder.started.is_set)

    path.write_bytes(b"version 2")  # changes while its first run is still going
    assert quiet_for(recorder, 1, seconds=3 * SETTLE)
    release.set()

    assert wait_until(lambda: len(recorder.calls) == 2)
    assert [size for _, size, _ in recorder.calls] == [2, 9]
    assert quiet_for(recorder, 2)  # unchanged since its second run: not submitted again


def test_failing_submit_keeps_the_watcher_running_and_retries_after_a_change(
    inbox_dir: Path, start_watcher, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="cadres.watcher")
    recorder = Recorder(fail=lambda entry: entry.path.name == "bad.xlsx")
    start_watcher(recorder)
    bad = inbox_dir / "08" / "bad.xlsx"
    bad.write_bytes(b"x")
    assert wait_until(lambda: len(recorder.calls) == 1)
    (inbox_dir / "08" / "good.xlsx").write_bytes(b"x")
    assert wait_until(lambda: len(recorder.calls) == 2)
    bad.write_bytes(b"fixed")
    assert wait_until(lambda: len(recorder.calls) == 3)

    assert recorder.names == ["bad.xlsx", "good.xlsx", "bad.xlsx"]
    assert any("bad.xlsx (province 08): submit failed" in r.getMessage() for r in caplog.records)


def test_upload_renamed_from_part_is_submitted_once(inbox_dir: Path, start_watcher) -> None:
    recorder = Recorder()
    start_watcher(recorder)
    partial = inbox_dir / "08" / "upload.xlsx.part"
    with partial.open("wb") as out:
        for _ in range(3):
            out.write(b"x" * 1000)
            out.flush()
            time.sleep(0.2)
    partial.rename(inbox_dir / "08" / "upload.xlsx")

    assert wait_until(lambda: len(recorder.calls) == 1)
    assert recorder.names == ["upload.xlsx"] and recorder.calls[0][1] == 3000
    assert quiet_for(recorder, 1)


def test_polling_observer_mode_for_network_shares(inbox_dir: Path, start_watcher) -> None:
    (inbox_dir / "08" / "before.xlsx").write_bytes(b"x")
    recorder = Recorder()
    start_watcher(recorder, polling=True, poll_interval=0.1)
    (inbox_dir / "22").mkdir()
    (inbox_dir / "22" / "after.xlsx").write_bytes(b"y" * 5)

    assert wait_until(lambda: len(recorder.calls) == 2)
    assert sorted((e.province, e.path.name) for e, _, _ in recorder.calls) == [
        ("08", "before.xlsx"),
        ("22", "after.xlsx"),
    ]
    assert quiet_for(recorder, 2)


def test_deployment_submitter_passes_path_province_and_a_per_version_idempotency_key(inbox_dir: Path) -> None:
    path = inbox_dir / "08" / "tuyen-quang-2024.xlsx"
    path.write_bytes(b"x" * 42)
    calls: list[tuple[tuple, dict]] = []

    def fake_run(*args: object, **kwargs: object) -> object:
        calls.append((args, kwargs))
        return type("FlowRun", (), {"name": "happy-otter"})()

    make_deployment_submitter("ingest-submission/single-file", run=fake_run)(InboxEntry(path, "08"))

    mtime_ns, ctime_ns = path.stat().st_mtime_ns, path.stat().st_ctime_ns
    handed_on_at = dt.datetime.fromisoformat(calls[0][1]["parameters"].pop("handed_on_at"))
    assert abs((dt.datetime.now(dt.UTC) - handed_on_at).total_seconds()) < 60  # the handoff's time, for the order
    assert calls == [
        (
            ("ingest-submission/single-file",),
            {
                "parameters": {
                    "path": str(path),
                    "province": "08",
                    "remove_from_inbox": True,
                    "handed_version": content_hash(path),  # the bytes the handoff's time is the order of
                },
                "timeout": 0,
                "idempotency_key": f"{path}:{mtime_ns}:42:{ctime_ns}",
            },
        )
    ]


def _recording_submitter() -> tuple[Callable[[InboxEntry], None], list[dict]]:
    """The deployment submitter with a stand-in for Prefect's `run_deployment` recording each call's
    keyword arguments (the parameters, the idempotency key)."""
    calls: list[dict] = []

    def fake_run(*args: object, **kwargs: object) -> object:
        calls.append(kwargs)
        return type("FlowRun", (), {"name": "happy-otter"})()

    return make_deployment_submitter("ingest-submission/single-file", run=fake_run), calls


def test_the_same_bytes_handed_on_again_keep_their_first_handoffs_time(
    inbox_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file only touched (a backup tool) or a CSV folder given a `.DS_Store` has a new signature and is
    handed on again: with a later time, that run, started before the first, made the older drop count as
    newer than the province's correction (a review's finding). New bytes are a new drop, handed on now.
    Bytes the watcher cannot read (its account, a lock) still start their run, without a version."""
    path = inbox_dir / "08" / "tuyen-quang-2024.xlsx"
    submit, calls = _recording_submitter()
    path.write_bytes(b"x" * 42)
    submit(InboxEntry(path, "08"))
    time.sleep(0.01)
    os.utime(path)  # touched: the same bytes
    submit(InboxEntry(path, "08"))
    time.sleep(0.01)
    path.write_bytes(b"y" * 42)  # the province's correction under the same name
    submit(InboxEntry(path, "08"))

    handed = [call["parameters"] for call in calls]
    assert handed[0]["handed_on_at"] == handed[1]["handed_on_at"] < handed[2]["handed_on_at"]
    assert handed[0]["handed_version"] == handed[1]["handed_version"] != handed[2]["handed_version"]

    def unreadable(_: Path) -> str:
        raise PermissionError("the watcher's account may not read it")  # root reads every file here

    monkeypatch.setattr(watcher_module, "content_hash", unreadable)
    submit(InboxEntry(path, "08"))
    assert len(calls) == 4 and calls[3]["parameters"]["handed_version"] is None


def test_the_same_file_dropped_again_with_its_mtime_kept_starts_a_new_run(inbox_dir: Path) -> None:
    """Explorer and SMB copies keep a file's mtime: the same bytes dropped again after their run took them
    have the same path, size and mtime. Under the old key Prefect answered with the first run and started
    none (the file waited for the nightly run); the new drop's inode change time tells it apart."""
    path = inbox_dir / "08" / "tuyen-quang-2024.xlsx"
    submit, calls = _recording_submitter()
    for _ in range(2):
        path.write_bytes(b"x" * 42)
        os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))  # as the copy keeps it
        submit(InboxEntry(path, "08"))
        submit(InboxEntry(path, "08"))  # a watcher restarted over the same drop: the same run
        path.unlink()  # its run took it
        time.sleep(0.01)

    keys = [call["idempotency_key"] for call in calls]
    assert keys[0] == keys[1] and keys[2] == keys[3]
    assert keys[0] != keys[2]


def test_importing_the_watcher_does_not_import_prefect() -> None:
    code = "import sys, cadres.watcher; sys.exit('prefect' in sys.modules or 'flows' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parent.parent).returncode == 0


def test_inbox_file_replaced_after_archiving_is_not_removed(inbox_dir: Path) -> None:
    from cadres import inbox
    from cadres.archive import content_hash

    path = inbox_dir / "08" / "bao-cao.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"version 1")
    archived_as = content_hash(path)
    path.write_bytes(b"version 2, dropped under the same name before the run finished")

    assert inbox.remove(inbox.InboxEntry(path, "08"), archived_as) is False
    assert path.exists()
    assert inbox.remove(inbox.InboxEntry(path, "08"), content_hash(path)) is True
    assert not path.exists()
