"""What group headings cost the reader: a CanBo listed commune by commune under headings, read against
fastexcel's parse of the same file in the same run.

    .venv/bin/python -m bench.headings --communes 800

The national set names each cadre's commune in its row and has no headings; provinces' own lists often
put a heading over each commune and its groups ('1 | Xã Côn Lôn', then 'Cán bộ', 'Công chức', 'Người
hoạt động không chuyên trách' and their cadres), and the reader looks at every such row
(cadres/noise_rows.py `_headings`). Prints the best of five reads of each (CPU seconds) and their ratio;
writes bench/results/<time>-headings.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import xlsxwriter

from bench.run import write_result
from cadres.workbook import read_workbook, sheet_tables

HEADER = (
    "STT",
    "Số định danh cá nhân",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Mã xã",
    "Chức vụ",
    "Nhóm",
    "Trình độ chuyên môn",
    "Lý luận chính trị",
    "Đảng viên",
)
GROUPS = ("Cán bộ", "Công chức", "Người hoạt động không chuyên trách")
COMMUNES = ("Xã Côn Lôn", "Xã Yên Hoa", "Xã Trung Môn")


def write_listing(path: Path, communes: int, per_group: int = 8) -> int:
    """A CanBo of `communes` blocks, each a commune's heading and its three groups of `per_group` cadres
    (`Mã xã` blank, as under a heading); returns the heading rows written."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("CanBo")
    sheet.write_row(0, 0, HEADER)
    row, serial, headings = 1, 0, 0
    for commune in range(communes):
        # '1 | Xã Côn Lôn': a Roman label past five letters ('XXVIII') is no heading the reader knows
        blocks = [([commune + 1, COMMUNES[commune % len(COMMUNES)]], 0)]
        for group in GROUPS:
            blocks.append(([None, None, group], per_group))
        for cells, cadres in blocks:
            sheet.write_row(row, 0, cells)
            row, headings = row + 1, headings + 1
            for _ in range(cadres):
                serial += 1
                cadre = [serial, f"0081850{serial:05d}", f"Nguyễn Văn {serial}", "01/01/1980", "Nam", "Kinh", None]
                sheet.write_row(row, 0, [*cadre, "Chủ tịch UBND", "Cán bộ", "Đại học", "Cao cấp", "x"])
                row += 1
    book.close()
    return headings


def _best_cpu(read: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        read()
        best = min(best, time.process_time() - start)
    return best


def measure_headings(folder: Path, communes: int, runs: int = 5) -> dict:
    """The listing written in `folder`, read `runs` times by fastexcel alone and by our reader."""
    path = folder / "headings.xlsx"
    written = write_listing(path, communes)
    found = len(read_workbook(path).sheets["CanBo"].heading_rows)  # a warm-up too
    floor = _best_cpu(lambda: sheet_tables(path), runs)
    reader = _best_cpu(lambda: read_workbook(path), runs)
    return {
        "communes": communes,
        "headings_written": written,
        "headings_found": found,
        "fastexcel_cpu_seconds": floor,
        "reader_cpu_seconds": reader,
        "reader_per_fastexcel": reader / floor if floor else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=800, help="commune blocks, each of four headings")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run = measure_headings(Path(folder), args.communes)
    run["measured_at"] = dt.datetime.now(dt.UTC).isoformat()
    print(f"{run['communes']} communes, {run['headings_found']} of {run['headings_written']} headings found")
    floor, reader = run["fastexcel_cpu_seconds"], run["reader_cpu_seconds"]
    print(f"fastexcel parse {floor:.3f} s, our reader {reader:.3f} s ", end="")
    print(f"({run['reader_per_fastexcel']:.2f} × fastexcel; best of five, CPU)")
    print(f"wrote {write_result(run, 'headings')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
