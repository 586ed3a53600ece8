"""The calendar of expected submissions (province × year × due date), from a TOML file."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pandas as pd

from cadres.settings import ConfigurationError
from schemas.reference_data import provinces, unit_list_for_year

VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")
"""Vietnam's time (no daylight saving): the day a file arrived is the province's day."""


def day_in_vietnam(moment: dt.datetime) -> dt.date:
    return moment.astimezone(VIETNAM).date()


def expected_submissions(calendar_file: Path) -> pd.DataFrame:
    """One row per expected (province, year) with its due date and unit list."""
    try:
        config = tomllib.loads(calendar_file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigurationError(f"CADRES_CALENDAR_FILE {calendar_file} does not exist") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"CADRES_CALENDAR_FILE {calendar_file} is not valid TOML: {exc}") from exc
    month, day = (int(part) for part in config.get("default_due", "03-31").split("-"))
    exceptions = {
        (e["province"], int(e["year"])): dt.date.fromisoformat(str(e["due"])) for e in config.get("exception", [])
    }
    rows = [
        {
            "province_code": code,
            "report_year": int(year),
            "unit_list": unit_list_for_year(int(year)),
            "due_date": exceptions.get((code, int(year)), dt.date(int(year) + 1, month, day)),
        }
        for year in config.get("years", [])
        for code in provinces(unit_list_for_year(int(year)))["province_code"]
    ]
    return pd.DataFrame(rows, columns=["province_code", "report_year", "unit_list", "due_date"])
