"""Shape validated rows into warehouse rows: keys, the cadre hash, code-list keys.

Pure: validated frames in, table-shaped frames out. National IDs are hashed here and go no
further; names and birth dates go only to the restricted identity table.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from cadres.header_row import fields_of_headers
from cadres.text import clean_columns, map_distinct
from schemas import codelists as cl
from schemas.parsing import parse_national_ids
from schemas.reference_data import unit_list_for_year
from schemas.sheets import SHEETS_BY_NAME, ages_at
from schemas.validation import ValidationResult
from warehouse import reference_dims as ref
from warehouse.age_bands import AGE_BANDS, OLDEST_BAND
from warehouse.keys import cadre_hashes, surrogate_key, surrogate_keys
from warehouse.submission_load import SubmissionLoad

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReceivedFile:
    """A file as received: its content hash, where its archived copy lives, when it arrived."""

    submission_id: str
    file_name: str
    archive_path: Path
    received_at: dt.datetime
    folder_province: str | None = None
    first_archived_at: dt.datetime | None = None  # when these bytes were first archived: an earlier run's time
    from_archive: bool = False  # the archived copy itself taken in (a held file reloaded): no new receipt

    @property
    def first_received_at(self) -> dt.datetime:
        """When the pipeline first had these bytes (a run that failed before its load archived them)."""
        return min(self.first_archived_at or self.received_at, self.received_at)

    def submitting_province(self, result: ValidationResult) -> str | None:
        """Whose file this is: the inbox folder's province; without a folder, what ThongTin says."""
        return self.folder_province or (result.info.province_code if result.info else None)


def _keys(values: pd.Series, key_of: Mapping[str, int] | Callable[[str], int | None]) -> pd.Series:
    """A surrogate key per value (as text), looked up once per distinct value; unknown or missing → null."""
    return map_distinct(values, key_of.get if isinstance(key_of, Mapping) else key_of, pa.int64())


def _codes(values: pd.Series, codelist: cl.CodeList) -> pd.Series:
    return _keys(values, ref.code_sk(codelist))


def _communes(values: pd.Series, unit_list: str) -> pd.Series:
    return _keys(values, lambda code: ref.admin_unit_sk(unit_list, "commune", code))


def submission_row(received: ReceivedFile, result: ValidationResult) -> dict:
    info = result.info
    return {
        "submission_sk": surrogate_key("submission", received.submission_id, received.received_at.isoformat()),
        "submission_id": received.submission_id,
        "province_code": received.submitting_province(result),
        "declared_province_code": info.province_code if info else None,
        "report_year": info.report_year if info else None,
        "unit_list": unit_list_for_year(info.report_year) if info else None,
        "file_name": received.file_name,
        "archive_path": str(received.archive_path),
        "received_at": received.received_at,
        "status": result.status,
        "superseded_at": None,
        "rows_loaded": result.rows_loaded,
        "rows_quarantined": result.rows_quarantined,
        "rows_valid_rejected": result.rows_valid_rejected,
        "errors": result.errors,
        "warnings": result.warnings,
        "template_version": info.template_version if info else None,
        "ethnicity_code_list": info.ethnicity_code_list if info else None,
    }


def stage_submission(received: ReceivedFile, result: ValidationResult, hash_key: bytes) -> SubmissionLoad:
    """All rows one submission writes to the warehouse."""
    if result.rows_counted is not None:  # without_rows(): staging it would load an empty version
        raise ValueError("a validation result without its rows cannot be staged; stage the full result")
    sub = submission_row(received, result)
    counts = result.issues.groupby("rule").size() if len(result.issues) else pd.Series(dtype=int)
    load = SubmissionLoad(
        submission=sub,
        first_received_at=received.first_received_at,
        from_archive=received.from_archive,
        issue_counts=pd.DataFrame(
            {
                "submission_sk": sub["submission_sk"],
                "report_year": sub["report_year"],
                "rule_code": counts.index.astype(str),
                "issue_count": counts.to_numpy(dtype=int),
            }
        ),
    )
    if result.status == "rejected" or result.info is None:
        return load
    year, province = result.info.report_year, result.info.province_code
    unit_list = unit_list_for_year(year)
    base = {"submission_sk": sub["submission_sk"], "report_year": year}
    valid = result.valid_rows
    if "CanBo" in valid:
        load.rows.update(_cadre_rows(valid["CanBo"], base, unit_list, year, hash_key))
    course_keys: dict[str, int] = {}
    if "KhoaHoc" in valid:
        load.courses, load.rows["fact_course"] = _course_rows(valid["KhoaHoc"], base, province, unit_list, year)
        course_keys = dict(zip(load.courses["course_code"], load.courses["course_sk"], strict=True))
    if "HocVien" in valid:
        load.rows["fact_training_attendance"] = _attendance_rows(valid["HocVien"], base, course_keys, hash_key)
    if "TieuChi" in valid:
        load.rows["fact_criteria_status"] = _criteria_rows(valid["TieuChi"], base, unit_list, year)
    if "CongNhan" in valid:
        load.rows["fact_commune_recognition"] = _recognition_rows(valid["CongNhan"], base, unit_list)
    load.rows["quarantine_row"] = pd.DataFrame(
        {
            "submission_sk": sub["submission_sk"],
            "sheet_name": result.quarantined["sheet"],
            "excel_row": result.quarantined["row"],
            "rule_codes": result.quarantined["rule_codes"],
            "raw_values": _held_raw_values(result.quarantined, hash_key),
        }
    )
    return load


def _held_raw_values(quarantined: pd.DataFrame, key: bytes) -> list[str]:
    """Each held row's raw values as JSON, its national ID as the keyed hash the facts carry
    (`cadre_hash`): the restricted table keeps names and dates, never the ID (contract §3); the
    archived file keeps what the province sent."""
    if quarantined.empty:
        return []
    hashes = cadre_hashes(quarantined["national_id"], key).astype(object)
    return [
        json.dumps(values if pd.isna(digest) else {**values, "cadre_hash": digest}, ensure_ascii=False)
        for values, digest in zip(quarantined["raw_values"], hashes, strict=True)
    ]


def held_rows_without_ids(held: list[tuple[str, dict]], key: Callable[[], bytes]) -> list[dict | None]:
    """Held rows' raw values as a release before the ID was kept apart stored them (the ID under its
    header as the province wrote it), each with the ID's cell replaced by its keyed hash as staging now
    writes them; None for a row holding no ID's cell (a sheet without one, or written so already). The
    IDs are read as validation reads them (the text cleaned, a number cell's lost zeros restored), in
    one step, so each hash is the one the cadre's facts carry; `key` is asked for only if there is an
    ID to hash (a warehouse with none needs no key). A row of a sheet with IDs holding a value like an
    ID under a header not read as the ID's is told in the log, not guessed at."""
    cells = [_id_cell(sheet, values) for sheet, values in held]
    ids = iter(_read_ids([values[cell] for cell, (_, values) in zip(cells, held, strict=True) if cell is not None]))
    read = [None if cell is None else next(ids) for cell in cells]
    present = sorted({national_id for national_id in read if national_id is not None})
    hashes = dict(zip(present, cadre_hashes(pd.Series(present, dtype=object), key()), strict=True)) if present else {}
    rewritten: list[dict | None] = []
    suspect = 0
    for cell, national_id, (sheet, values) in zip(cells, read, held, strict=True):
        if cell is None:
            suspect += _an_id_left(sheet, values)
            rewritten.append(None)
            continue
        kept = {header: value for header, value in values.items() if header != cell}
        suspect += _an_id_left(sheet, kept)  # a second column holding an ID too
        rewritten.append(kept if national_id is None else {**kept, "cadre_hash": hashes[national_id]})
    if suspect:
        _log.warning(
            "%d held row(s) hold a value like a national ID under a header not read as the ID's: check "
            "restricted.quarantine_row",
            suspect,
        )
    return rewritten


def _written_with_id(sheet: str, values: dict) -> bool:
    """A held row of a sheet with IDs, not written without its ID (`cadre_hash`) as staging now writes it."""
    spec = SHEETS_BY_NAME.get(sheet)
    return spec is not None and "national_id" in spec.fields and "cadre_hash" not in values


def _id_cell(sheet: str, values: dict) -> str | None:
    """The header a held row's ID sits under, as an older release stored it; None if it has none."""
    if not _written_with_id(sheet, values):
        return None
    matched = fields_of_headers(SHEETS_BY_NAME[sheet], list(values))
    return next((header for header, name in matched.items() if name == "national_id"), None)


def _read_ids(written: list[object]) -> list[str | None]:
    """IDs as validation reads them, in one step; None for a blank cell."""
    if not written:
        return []
    text = pd.DataFrame({"id": [None if cell is None else str(cell) for cell in written]}, dtype="string[pyarrow]")
    ids = parse_national_ids(clean_columns(text)["id"])[0]
    return [None if pd.isna(national_id) else str(national_id) for national_id in ids]


_LIKE_AN_ID = re.compile(r"^\s*(?:\d{12}|[1-9]\d{9,10}|\d{9})\s*$")
"""An ID (12 digits), one typed as a number (its one or two leading zeros lost), an old identity card's
number (9): no other field of CanBo or HocVien is as long."""


def _an_id_left(sheet: str, values: dict) -> bool:
    """A row of a sheet with IDs, not written without one, holding a value like an ID (`_LIKE_AN_ID`)
    under a header not read as the ID's."""
    return _written_with_id(sheet, values) and any(
        isinstance(value, str) and _LIKE_AN_ID.match(value) for value in values.values()
    )


def _cadre_rows(cadres: pd.DataFrame, base: dict, unit_list: str, year: int, key: bytes) -> dict[str, pd.DataFrame]:
    hashes = cadre_hashes(cadres["national_id"], key)
    age = ages_at(cadres["birth_date"], dt.date(year, 12, 31))
    snapshot = pd.DataFrame(
        {
            **base,
            "cadre_hash": hashes,
            "cadre_sk": pd.array([None] * len(cadres), dtype="Int64"),
            "commune_admin_unit_sk": _communes(cadres["commune_code"], unit_list),
            "gender_sk": _codes(cadres["gender"], cl.GENDER),
            "ethnicity_sk": _keys(cadres["ethnicity"], ref.ethnicity_sk()),
            "position_sk": _keys(cadres["position"], ref.position_sk()),
            "staff_group_sk": _codes(cadres["staff_group"], cl.STAFF_GROUP),
            "education_sk": _codes(cadres["education"], cl.EDUCATION),
            "political_theory_sk": _codes(cadres["political_theory"], cl.POLITICAL_THEORY),
            "program_sk": _codes(cadres["program"], cl.PROGRAM),
            "portfolio_sk": _codes(cadres["portfolio"], cl.PORTFOLIO),
            "is_party_member": cadres["party_member"].astype(bool),
            "meets_standard": cadres["meets_standard"].astype(bool),
            "age_band": age_bands(age),
            "appointed_date_sk": ref.date_sk(cadres["appointed_on"]),
            "major": cadres["major"],
            "sending_agency": cadres["sending_agency"],
        }
    )
    identity = pd.DataFrame(
        {
            "cadre_hash": hashes,
            "submission_sk": base["submission_sk"],
            "full_name": cadres["full_name"],
            "birth_date": cadres["birth_date"].dt.date,
        }
    )
    return {"fact_cadre_snapshot": snapshot.reset_index(drop=True), "cadre_identity": identity.reset_index(drop=True)}


def age_bands(ages: pd.Series) -> pd.Series:
    """Each age's band (warehouse.age_bands.AGE_BANDS): what schema public keeps of a cadre's age."""
    edges = [float("-inf"), *(below for below, _ in AGE_BANDS), float("inf")]
    labels = [*(band for _, band in AGE_BANDS), OLDEST_BAND]
    return pd.cut(ages.astype("Float64"), bins=edges, labels=labels, right=False).astype("string")


def _course_rows(
    courses: pd.DataFrame, base: dict, province: str, unit_list: str, year: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    frame = courses.assign(province_code=province, report_year=year)
    frame["course_sk"] = surrogate_keys(frame, ["province_code", "report_year", "course_code"], "course")
    dims = pd.DataFrame(
        {
            "course_sk": frame["course_sk"],
            "province_code": province,
            "report_year": year,
            "course_code": frame["course_code"],
            "course_name": frame["course_name"],
            "organiser": frame["organiser"],
            "starts_on": frame["starts_on"].dt.date,
            "ends_on": frame["ends_on"].dt.date,
        }
    ).reset_index(drop=True)
    facts = pd.DataFrame(
        {
            **base,
            "course_sk": frame["course_sk"],
            "province_admin_unit_sk": ref.admin_unit_sk(unit_list, "province", province),
            "course_kind_sk": _codes(frame["course_kind"], cl.COURSE_KIND),
            "topic_sk": _codes(frame["topic"], cl.TOPIC),
            "degree_level_sk": _codes(frame["degree_level"], cl.DEGREE_LEVEL),
            "funding_program_sk": _codes(frame["funding_program"], cl.FUNDING_PROGRAM),
            "participant_count": frame["participant_count"],
            "budget_vnd": frame["budget_vnd"],
            "duration_days": ((frame["ends_on"] - frame["starts_on"]).dt.days + 1).astype("Int64"),
            "start_date_sk": ref.date_sk(frame["starts_on"]),
            "end_date_sk": ref.date_sk(frame["ends_on"]),
        }
    ).reset_index(drop=True)
    return dims, facts


def _attendance_rows(attendance: pd.DataFrame, base: dict, course_keys: dict[str, int], key: bytes) -> pd.DataFrame:
    return pd.DataFrame(
        {
            **base,
            "course_sk": _keys(attendance["course_code"], course_keys),
            "cadre_hash": cadre_hashes(attendance["national_id"], key),
            "cadre_sk": pd.array([None] * len(attendance), dtype="Int64"),
            "outcome_sk": _codes(attendance["outcome"], cl.OUTCOME),
            "is_certified": attendance["certified"],
        }
    ).reset_index(drop=True)


def _criteria_rows(criteria: pd.DataFrame, base: dict, unit_list: str, year: int) -> pd.DataFrame:
    criteria_set = ref.criteria_set_name(year)
    return pd.DataFrame(
        {
            **base,
            "commune_admin_unit_sk": _communes(criteria["commune_code"], unit_list),
            "criterion_sk": _keys(criteria["criterion_no"], lambda n: ref.criterion_sk(criteria_set, int(n))),
            "is_met": criteria["status"] == "Đạt",
            "assessed_date_sk": ref.date_sk(criteria["assessed_on"]),
            "note": criteria["note"],
        }
    ).reset_index(drop=True)


def _recognition_rows(recognitions: pd.DataFrame, base: dict, unit_list: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            **base,
            "commune_admin_unit_sk": _communes(recognitions["commune_code"], unit_list),
            "recognition_level_sk": _codes(recognitions["level"], cl.RECOGNITION_LEVEL),
            "decision_no": recognitions["decision_no"],
            "decided_date_sk": ref.date_sk(recognitions["decided_on"]),
        }
    ).reset_index(drop=True)
