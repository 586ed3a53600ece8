"""The inbox listing and the archive: what is taken, what is pointed out, what is kept byte for byte."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cadres import archive as archive_module
from cadres import inbox
from cadres.archive import archive, content_hash
from cadres.text import loggable
from tests import workbooks as wb


def _touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_a_csv_folder_is_taken_whatever_the_case_of_its_suffix(tmp_path: Path) -> None:
    _touch(tmp_path / "08" / "bao-cao" / "CanBo.CSV")
    assert [e.path.name for e in inbox.pending(tmp_path)] == ["bao-cao"]


def test_a_csv_folder_named_like_excels_save_file_is_taken(tmp_path: Path) -> None:
    """Excel's crashed save leaves a file of 8 hex digits; a folder so named (a date, a code) is a province's."""
    for name in ("20250331", "BC082025"):
        _touch(tmp_path / "08" / name / "CanBo.csv")
    _touch(tmp_path / "08" / "DEADBEEF" / "ghi-chu.txt")  # no CSV file in it: named, as any such folder
    _touch(tmp_path / "08" / "3F2A1B00")  # the save file itself: neither taken nor named

    assert sorted(e.path.name for e in inbox.pending(tmp_path)) == ["20250331", "BC082025"]
    assert inbox.is_submission(tmp_path / "08" / "20250331")
    assert [p.relative_to(tmp_path).as_posix() for p in inbox.strays(tmp_path)] == ["08/DEADBEEF"]


def test_what_is_never_taken_is_pointed_out_temporary_files_aside(tmp_path: Path) -> None:
    _touch(tmp_path / "08" / "tq.xlsx")
    _touch(tmp_path / "08" / "~$tq.xlsx")  # Excel's lock file: not a stray, not a submission
    _touch(tmp_path / "08" / "qn.xlsx.partial")  # uploads in progress (rsync/curl, WinSCP)
    _touch(tmp_path / "08" / "qn.xlsx.filepart")
    _touch(tmp_path / "08" / "2024" / "ghi-chu.txt")  # a nested folder without CSV files
    _touch(tmp_path / "08" / "cong-van.pdf")  # taken: its province is told to send a workbook
    _touch(tmp_path / "08" / "Thumbs.db")  # Windows' own files: neither taken nor named
    _touch(tmp_path / "08" / "desktop.ini")
    for left in ("3F2A1B00", "Backup of tq.xlk", "tq.xlsx.bak", "tq.xlsx~", "tq.lnk", "tq.xlsx:Zone.Identifier"):
        _touch(tmp_path / "08" / left)  # what office tools leave beside a workbook
    _touch(tmp_path / "Ha Noi" / "hn.xlsx")  # a folder not named by a province code
    _touch(tmp_path / "loose.xlsx")  # outside any province folder

    assert sorted(e.path.name for e in inbox.pending(tmp_path)) == ["cong-van.pdf", "tq.xlsx"]
    assert [p.relative_to(tmp_path).as_posix() for p in inbox.strays(tmp_path)] == ["08/2024", "Ha Noi", "loose.xlsx"]


def test_a_file_taken_by_another_run_while_the_inbox_is_listed_is_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The watcher removes a file between the listing and the ordering: the nightly run goes on."""
    taken, waiting = _touch(tmp_path / "08" / "a.xlsx"), _touch(tmp_path / "08" / "b.xlsx")
    is_submission = inbox.is_submission

    def removed_meanwhile(path: Path) -> bool:
        answer = is_submission(path)
        taken.unlink(missing_ok=True)
        return answer

    monkeypatch.setattr(inbox, "is_submission", removed_meanwhile)
    assert [e.path for e in inbox.pending(tmp_path)] == [waiting]


def test_an_archived_folder_is_dated_when_it_was_archived_not_when_it_was_made(tmp_path: Path) -> None:
    """The day a file arrived is read from its archived copy's time: a CSV folder unzipped into the inbox
    with its month-old dates was 'received' a month ago, and its dates since then told as after arrival."""
    folder = tmp_path / "inbox" / "08" / "bao-cao"
    _touch(folder / "CanBo.csv", b"a,b\n")
    month_ago = os.stat(folder).st_mtime - 30 * 86400
    os.utime(folder, (month_ago, month_ago))

    _, target = archive(folder, tmp_path / "archive")

    assert target.stat().st_mtime > month_ago + 29 * 86400


def test_a_csv_folder_is_the_same_submission_whatever_hidden_files_lie_beside_its_sheets(tmp_path: Path) -> None:
    """A Mac's `.DS_Store` and `._CanBo.csv`, Excel's `~$CanBo.csv`: the same sheets sent again with one of
    them beside were a new version, loaded again (an auditor's finding). A sheet or a workbook is not
    hidden: changing one is a new submission."""
    folder = tmp_path / "inbox" / "08" / "bao-cao"
    _touch(folder / "CanBo.csv", b"a,b\n")
    _touch(folder / "ThongTin.csv", b"c,d\n")
    sent = content_hash(folder)
    for hidden in (".DS_Store", "._CanBo.csv", "~$CanBo.csv", ".cache/x.csv"):
        _touch(folder / hidden, b"written by the system")
    assert content_hash(folder) == sent
    _, copy = archive(folder, tmp_path / "archive")
    assert copy.name == sent and (copy / ".DS_Store").exists()  # kept as sent, hidden files too

    _touch(folder / "Báo cáo.xlsx", b"a workbook")
    assert content_hash(folder) != sent
    (folder / "Báo cáo.xlsx").unlink()
    _touch(folder / "CanBo.csv", b"a,b\n1,2\n")
    assert content_hash(folder) != sent


def test_a_file_still_growing_is_archived_under_the_hash_of_the_bytes_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The upload goes on while the file is copied: the copy must be filed under its own content."""
    source = _touch(tmp_path / "inbox" / "08" / "tq.xlsx", b"first half")
    copy = shutil.copyfile

    def copied_while_growing(src: Path, dst: Path) -> object:
        with open(src, "ab") as upload:
            upload.write(b", second half")
        return copy(src, dst)

    monkeypatch.setattr(archive_module.shutil, "copyfile", copied_while_growing)
    sha, target = archive(source, tmp_path / "archive")

    assert content_hash(target) == sha and target.name == f"{sha}.xlsx"
    assert not list((tmp_path / "archive").glob(".*.partial"))


def _saving_during_the_comparison(monkeypatch: pytest.MonkeyPatch, path: Path, data: bytes, answer: str) -> None:
    """The province saves `data` under the file's name while remove() compares what it holds."""

    def hash_while_saved_over(compared: Path) -> str:
        path.write_bytes(data)
        return answer

    monkeypatch.setattr(inbox, "content_hash", hash_while_saved_over)


def test_a_version_saved_while_the_inbox_file_is_compared_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _touch(tmp_path / "08" / "tq.xlsx", b"version 1")
    archived_as = content_hash(path)
    _saving_during_the_comparison(monkeypatch, path, b"version 2", archived_as)

    assert inbox.remove(inbox.InboxEntry(path, "08"), archived_as) is True

    assert path.read_bytes() == b"version 2"
    assert [p.name for p in path.parent.iterdir()] == ["tq.xlsx"]


def test_a_changed_file_put_back_beside_a_newer_version_keeps_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Changed after archiving (so kept), and a third version saved while it was compared: none is lost."""
    path = _touch(tmp_path / "08" / "tq.xlsx", b"version 2")
    _saving_during_the_comparison(monkeypatch, path, b"version 3", content_hash(path))

    assert inbox.remove(inbox.InboxEntry(path, "08"), archived_as="0" * 64) is False

    kept = {p.name: p.read_bytes() for p in path.parent.iterdir()}
    assert kept == {"tq.xlsx": b"version 3", "tq (2).xlsx": b"version 2"}
    assert [e.path.name for e in inbox.pending(tmp_path)] == ["tq (2).xlsx", "tq.xlsx"]  # as saved


def test_a_file_left_set_aside_by_an_interrupted_removal_is_pointed_out(tmp_path: Path) -> None:
    left = _touch(tmp_path / "08" / f".0123abcd{inbox.SET_ASIDE}")
    assert inbox.pending(tmp_path) == [] and inbox.set_aside(tmp_path) == [left]


def test_a_changed_file_goes_back_where_the_share_makes_no_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _touch(tmp_path / "08" / "tq.xlsx", b"version 2")
    _saving_during_the_comparison(monkeypatch, path, b"version 3", content_hash(path))

    def no_links(*_: object) -> None:
        raise PermissionError("hard links not supported")

    monkeypatch.setattr(inbox.os, "link", no_links)

    assert inbox.remove(inbox.InboxEntry(path, "08"), archived_as="0" * 64) is False
    kept = {p.name: p.read_bytes() for p in path.parent.iterdir()}
    assert kept == {"tq.xlsx": b"version 3", "tq (2).xlsx": b"version 2"}


def test_a_changed_csv_folder_goes_back_beside_a_newer_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "08" / "bao-cao"
    _touch(folder / "CanBo.csv", b"version 2")

    def newer_folder_meanwhile(compared: Path) -> str:
        _touch(folder / "CanBo.csv", b"version 3")
        return "0" * 64

    monkeypatch.setattr(inbox, "content_hash", newer_folder_meanwhile)

    assert inbox.remove(inbox.InboxEntry(folder, "08"), archived_as="1" * 64) is False
    assert (folder / "CanBo.csv").read_bytes() == b"version 3"
    assert (folder.with_name("bao-cao (2)") / "CanBo.csv").read_bytes() == b"version 2"


def test_a_file_in_use_stays_in_the_inbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _touch(tmp_path / "08" / "tq.xlsx")
    rename = Path.rename

    def locked(self: Path, target: Path) -> Path:
        if self == path:
            raise PermissionError("the file is open in another program")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", locked)
    assert inbox.remove(inbox.InboxEntry(path, "08"), content_hash(path)) is False
    assert path.exists()


def test_bytes_wait_in_the_province_folder_under_any_name_and_nowhere_else(tmp_path: Path) -> None:
    path = _touch(tmp_path / "inbox" / "08" / "tq.xlsx", b"version 1")
    archived = _touch(tmp_path / "archive" / "ab" / "copy.xlsx", b"version 1")
    sha = content_hash(path)
    _touch(tmp_path / "inbox" / "08" / "other.xlsx", b"another file")

    assert inbox.still_holds(path, archived, sha) is True
    path.rename(path.with_name("tq (1).xlsx"))  # the same bytes sent again under another name
    assert inbox.still_holds(path, archived, sha) is True
    path.with_name("tq (1).xlsx").write_bytes(b"version 2")
    assert inbox.still_holds(path, archived, sha) is False
    outside = _touch(tmp_path / "elsewhere" / "tq.xlsx", b"version 1")  # `cadres ingest` of a file outside
    assert inbox.still_holds(outside, archived, sha) is False


def test_a_folder_this_account_may_not_read_is_pointed_out_and_the_others_are_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A province's upload account may leave a folder only it can read; the tests run as root, whom no
    permission stops, so listing those folders is made to fail as it does for the service's account."""
    inbox_dir = tmp_path / "inbox"
    private_csvs = _touch(inbox_dir / "08" / "bc2024" / "CanBo.csv").parent
    taken = _touch(inbox_dir / "08" / "tq.xlsx")
    private_province = (inbox_dir / "22").resolve()
    _touch(private_province / "qn.xlsx")
    other = _touch(inbox_dir / "24" / "bn.xlsx")
    os.utime(other, (taken.stat().st_mtime + 1, taken.stat().st_mtime + 1))
    iterdir = Path.iterdir

    def denied(self: Path):
        if self.resolve() in (private_csvs.resolve(), private_province):
            raise PermissionError(13, "Permission denied", str(self))
        return iterdir(self)

    monkeypatch.setattr(Path, "iterdir", denied)

    assert [entry.path for entry in inbox.pending(inbox_dir)] == [taken, other]
    assert inbox.strays(inbox_dir) == [private_csvs, inbox_dir / "22"]
    archived = _touch(tmp_path / "archive" / "ab" / "copy.xlsx")  # the same bytes as tq.xlsx
    assert inbox.still_holds(taken, archived, content_hash(taken)) is True


def test_symbolic_links_are_never_read_archived_or_hashed_through(tmp_path: Path) -> None:
    """A CSV folder holding 'GhiChu.csv' linked to a server file put that file in the copy sent back to
    the province, and a linked folder was copied whole into the archive (a link to / would copy the disk)."""
    from cadres.workbook import read_workbook

    secret = _touch(tmp_path / "server" / "secret.txt", b"root:x:0:0\n")
    folder = wb.write_csv_folder(tmp_path / "inbox" / "08" / "csv", wb.clean_workbook("08", 2024))
    (folder / "GhiChu.csv").symlink_to(secret)
    (folder / "cfg").symlink_to(secret.parent, target_is_directory=True)
    (tmp_path / "inbox" / "08" / "link.xlsx").symlink_to(secret)

    assert "GhiChu" not in read_workbook(folder).sheets
    assert [e.path.name for e in inbox.pending(tmp_path / "inbox")] == ["csv"]  # the linked file is not taken
    _, copy = archive(folder, tmp_path / "archive")
    assert (copy / "GhiChu.csv").is_symlink() and (copy / "cfg").is_symlink()  # kept as links, not followed
    assert not list((tmp_path / "archive").rglob("secret.txt"))


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("tq\nERROR | forged.xlsx", "tq\\nERROR | forged.xlsx"),
        ("a\rb\x1b[31mc\u2028d.xlsx", "a\\rb\\x1b[31mc\\u2028d.xlsx"),
        ("Báo cáo 08 (bản 2).xlsx", "Báo cáo 08 (bản 2).xlsx"),  # Vietnamese, spaces, brackets unchanged
        ("tq\\nERROR.xlsx", "tq\\\\nERROR.xlsx"),  # a backslash and an n: told apart from a newline
    ],
)
def test_a_name_is_logged_on_one_line_with_its_control_characters_escaped(name: str, shown: str) -> None:
    assert loggable(name) == shown
    assert loggable(Path("08") / name) == f"08/{shown}"


def test_a_path_not_in_utf8_passes_to_a_flow_as_its_bytes_and_comes_back_the_same(tmp_path: Path) -> None:
    """Prefect's parameters are JSON text: a name's bytes not in UTF-8 cannot be sent as they are."""
    import json

    sent = wb.named_in_code_page(tmp_path / "08", b"B\xe1o c\xe1o 100%.xlsx")
    parameter = inbox.as_parameter(sent)
    assert json.loads(json.dumps(parameter)) == parameter and parameter.isascii()
    assert inbox.from_parameter(parameter) == sent
    plain = tmp_path / "08" / "Báo cáo 100%.xlsx"
    assert inbox.as_parameter(plain) == str(plain) and inbox.from_parameter(str(plain)) == plain
