"""Turn raw cell text into typed columns as contract §2 says, recording every cell that fails.

Dates: real Excel dates, `dd/mm/yyyy`, `d/m/yyyy`, `yyyy-mm-dd` (and Excel serial numbers).
Booleans: Có/Không, x/blank, 1/0, Đạt/Chưa đạt. Numbers: Excel numbers or Vietnamese text
(`27.309` = 27309, `66,42` = 66.42). A failed cell becomes null plus an issue, so the rest of
its column is still checked.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cadres.text import arrow_text, clean_series, fold_series, remove_spaces, text_series
from schemas import codelists as cl
from schemas.issues import issues_frame
from schemas.sheets import SheetSpec

TRUE_WORDS = {"co", "x", "1", "true", "dat", "yes", "y", "v"}
FALSE_WORDS = {"khong", "0", "false", "chua dat", "no", "n", ""}
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
MAX_INTEGER = 10**15
"""No count or amount in đồng comes near this; beyond it floats lose whole numbers."""
_VN_THOUSANDS = r"[+-]?\d{1,3}(?:\.\d{3})+"
_VN_DECIMAL = r"[+-]?\d{1,3}(?:\.\d{3})*,\d+|[+-]?\d+,\d+"


_ISO_DATE = r"^(?P<date>(?:19|20)\d{2}-\d{1,2}-\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
_DMY_DATE = r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>(?:19|20)\d{2})$"


def parse_dates(text: pd.Series) -> pd.Series:
    """Parse each accepted date form; anything else (including years outside 1900–2099) is NaT.
    The patterns run as Arrow (RE2) kernels: pandas' `str.extract` loops in Python."""
    arr = arrow_text(text)
    iso = pc.struct_field(pc.extract_regex(arr, _ISO_DATE), "date")
    dmy = pc.extract_regex(arr, _DMY_DATE)
    day, month, year = (pc.struct_field(dmy, name) for name in ("d", "m", "y"))
    dmy_text = pc.binary_join_element_wise(
        year, pc.utf8_lpad(month, 2, "0"), pc.utf8_lpad(day, 2, "0"), pa.scalar("-", pa.large_string())
    )
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for found in (iso, dmy_text):
        result = result.fillna(pd.to_datetime(text_series(found, text.index), format="%Y-%m-%d", errors="coerce"))
    serial = pd.to_numeric(text.where(text.str.fullmatch(r"\d{4,5}(?:\.0+)?").fillna(False)), errors="coerce")
    serial = serial.where(serial.between(3654, 73050))  # 1910-01-01 .. 2099-12-31
    result = result.fillna(EXCEL_EPOCH + pd.to_timedelta(serial, unit="D"))
    return result.astype("datetime64[ns]")


def parse_numbers(text: pd.Series) -> pd.Series:
    """Vietnamese or plain numbers to floats; anything else is NaN."""
    compact = remove_spaces(text)
    vn_thousands = compact.str.fullmatch(_VN_THOUSANDS).fillna(False)
    vn_decimal = compact.str.fullmatch(_VN_DECIMAL).fillna(False)
    normalised = compact.mask(vn_thousands, compact.str.replace(".", "", regex=False))
    normalised = normalised.mask(
        vn_decimal, compact.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    )
    return pd.to_numeric(
        normalised.where(normalised.str.fullmatch(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?").fillna(False)),
        errors="coerce",
    ).astype("Float64")


def parse_integers(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Integers and a mask of cells that are present but not whole numbers."""
    numbers = parse_numbers(text)
    whole = numbers.notna() & (numbers == numbers.round()) & (numbers.abs() < MAX_INTEGER)
    bad = text.notna() & ~whole.fillna(False)
    return numbers.where(whole).astype("Int64"), bad


def parse_booleans(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Booleans (blank = False under the `x`/blank convention) and a mask of unreadable cells."""
    folded = fold_series(text.fillna(""))
    values = pd.Series(pd.NA, index=text.index, dtype="boolean")
    values = values.mask(folded.isin(TRUE_WORDS), True).mask(folded.isin(FALSE_WORDS), False)
    return values, values.isna()


def pad_code(text: pd.Series, width: int) -> pd.Series:
    """Codes typed as numbers lose leading zeros ('2488' → '02488'); `2488.0` too."""
    digits = text.str.replace(r"\.0+$", "", regex=True)
    short = digits.str.fullmatch(rf"\d{{1,{width - 1}}}").fillna(False)
    return digits.mask(short, digits.str.zfill(width))


def parse_national_ids(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """IDs typed as numbers lose one or two leading zeros: restore them and flag the cell."""
    digits = remove_spaces(text).str.replace(r"\.0+$", "", regex=True)
    padded = digits.str.fullmatch(r"[1-9]\d{9,10}").fillna(False)
    return digits.mask(padded, digits.str.zfill(12)), padded


def parse_sheet(
    raw: pd.DataFrame, spec: SheetSpec, headers: dict[str, str], ethnicity_code_list: str = "2008"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Typed frame (same index = Excel rows) and the issues of cells that could not be read."""
    typed: dict[str, pd.Series] = {}
    problems: list[pd.DataFrame] = []

    def flag(rule: str, name: str, mask: pd.Series, values: pd.Series) -> None:
        if mask.any():
            problems.append(
                pd.DataFrame(
                    {
                        "rule": rule,
                        "sheet": spec.name,
                        "row": mask.index[mask],
                        "field": name,
                        "header": headers.get(name, _standard_header(spec, name)),
                        "value": values[mask].astype("string[pyarrow]"),
                    }
                )
            )

    for name, column in spec.fields.items():
        meta = column.metadata or {}
        kind = meta.get("kind", "text")
        text = clean_series(raw[name]) if name in raw else pd.Series(pd.NA, index=raw.index, dtype="string[pyarrow]")
        if kind == "date":
            typed[name] = parse_dates(text)
            flag("CELL.DATE_INVALID", name, text.notna() & typed[name].isna(), text)
        elif kind == "int":
            typed[name], bad = parse_integers(text)
            flag("CELL.NUMBER_INVALID", name, bad, text)
        elif kind == "bool":
            typed[name], bad = parse_booleans(text)
            flag("CELL.BOOL_INVALID", name, bad, text)
        elif kind == "id":
            typed[name], padded = parse_national_ids(text)
            if spec.name == "CanBo":
                flag("CANBO.ID.PADDED", name, padded, text)
        elif kind == "code":
            typed[name] = cl.CODE_LISTS_BY_NAME[meta["codelist"]].match(text)
        elif kind == "ethnicity":
            typed[name] = cl.ethnicity_list(ethnicity_code_list).match(pad_code(text, 2))
        elif kind == "position":
            typed[name] = cl.match_positions(text)
        elif kind == "code2":
            typed[name] = pad_code(text, 2)
        elif kind == "code5":
            typed[name] = pad_code(text, 5)
        elif kind == "course":
            typed[name] = remove_spaces(text.str.upper())
        else:
            typed[name] = text
    frame = pd.DataFrame(typed, index=raw.index)
    return frame, issues_frame(pd.concat(problems, ignore_index=True) if problems else None)


def _standard_header(spec: SheetSpec, name: str) -> str:
    return (spec.fields[name].metadata or {}).get("header", name)
