"""One benchmark phase per process, so each reports its own time and peak memory.

python -m bench.phases <phase> <json arguments>   → prints one JSON line
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import sys
import time
from pathlib import Path

import fastexcel
import pandas as pd
import pyarrow as pa

from cadres.archive import content_hash
from cadres.inbox import folder_province
from cadres.staging import ReceivedFile, stage_submission
from cadres.workbook import read_workbook
from schemas.validation import validate_workbook
from warehouse.backend import create_warehouse_engine
from warehouse.load import load_submission
from warehouse.setup import initialise

KEY = b"benchmark-key"


def read_floor(files: list[str], **_: object) -> None:
    """Only parsing the workbooks with the fastest reader: the floor nothing can beat."""
    for file in files:
        reader = fastexcel.read_excel(file)
        for name in reader.sheet_names:
            reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string").to_arrow()


def _openpyxl_tables(file: str) -> dict[str, pa.Table]:
    sheets = pd.read_excel(file, sheet_name=None, header=None, dtype=str, engine="openpyxl")
    return {
        name: pa.table(
            {
                f"c{i}": pa.array(frame[col].astype("string"), pa.string(), from_pandas=True)
                for i, col in enumerate(frame)
            }
        )
        for name, frame in sheets.items()
    }


def naive(files: list[str], url: str, **_: object) -> None:
    """The peer a team would write first: pandas.read_excel (openpyxl) + the same models + to_sql."""
    engine = create_warehouse_engine(url)
    for file in files:
        path = Path(file)
        result = validate_workbook(read_workbook(path, tables=_openpyxl_tables(file)), folder_province(path))
        for sheet, frame in result.valid_rows.items():
            frame.to_sql(f"naive_{sheet.lower()}", engine, if_exists="append", index=False)
    engine.dispose()


def _load(engine, file: str) -> None:
    path = Path(file)
    result = validate_workbook(read_workbook(path), folder_province(path))
    received = ReceivedFile(content_hash(path), path.name, path, dt.datetime.now(dt.UTC), folder_province(path))
    load_submission(engine, stage_submission(received, result, KEY))


def pipeline(files: list[str], url: str, **_: object) -> None:
    """The project's path end to end (read, validate, stage, load), file after file."""
    engine = create_warehouse_engine(url)
    initialise(engine)
    for file in files:
        _load(engine, file)
    engine.dispose()


def resubmission(files: list[str], url: str, resubmit: str, **_: object) -> float:
    """Load `files` first (untimed), then time one province's corrected resubmission."""
    engine = create_warehouse_engine(url)
    initialise(engine)
    for file in files:
        _load(engine, file)
    start = time.perf_counter()
    _load(engine, resubmit)
    seconds = time.perf_counter() - start
    engine.dispose()
    return seconds


PHASES = {"read_floor": read_floor, "naive": naive, "pipeline": pipeline, "resubmission": resubmission}


def main() -> None:
    name, arguments = sys.argv[1], json.loads(sys.argv[2])
    start = time.perf_counter()
    timed = PHASES[name](**arguments)
    seconds = timed if isinstance(timed, float) else time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"phase": name, "seconds": seconds, "peak_mib": peak_mib}))


if __name__ == "__main__":
    main()
