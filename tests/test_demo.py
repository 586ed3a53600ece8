"""The demo generator writes realistic province workbooks that the reader and validator accept.

Every demo workbook must load except the rows planted to break a rule, and each planted row must
be reported under the rule it was planted for. A tidy workbook must validate with no issue at all.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cadres.demo import DEMO_WORKBOOKS, generate_demo, write_province_workbook
from cadres.demo_content import PLANTABLE_RULES, planted_rules
from cadres.workbook import RawWorkbook, read_workbook
from schemas.parsing import parse_dates
from schemas.reference_data import communes, criteria_set_for_year, legacy_province_codes, unit_list_for_year
from schemas.validation import ValidationResult, validate_workbook

RULE_SHEET = {
    "CANBO.ID.GENDER_DIGIT": "CanBo",
    "COMMUNE.OTHER_PROVINCE": "CanBo",
    "CANBO.AGE.RANGE": "CanBo",
    "KHOAHOC.DATES.ORDER": "KhoaHoc",
    "HOCVIEN.COURSE.UNKNOWN": "HocVien",
    "TIEUCHI.CRITERION.NOT_IN_SET": "TieuChi",
}
MESS_WARNINGS = {
    "FILE.COLUMN_UNKNOWN",
    "CANBO.ID.PADDED",
    "FILE.TOTAL_ROW_IGNORED",
}  # extra column; an ID typed as a number; a total row
CASCADE = "HOCVIEN.DEPENDS_ON_INVALID"


def _validate(path: Path) -> tuple[RawWorkbook, ValidationResult]:
    book = read_workbook(path)
    return book, validate_workbook(book, folder_province=path.parent.name)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], tuple[Path, RawWorkbook, ValidationResult]]:
    paths = generate_demo(tmp_path_factory.mktemp("inbox"))
    found = {}
    for path in paths:
        book, result = _validate(path)
        assert result.info is not None
        found[(result.info.province_code, result.info.report_year)] = (path, book, result)
    return found


def _errors(result: ValidationResult) -> pd.DataFrame:
    return result.issues[result.issues["severity"] == "error"]


def test_demo_writes_one_workbook_per_province_and_year_in_its_province_folder(demo):
    assert set(demo) == set(DEMO_WORKBOOKS)
    assert len({path for path, _, _ in demo.values()}) == len(DEMO_WORKBOOKS)
    for (province, _year), (path, _, _) in demo.items():
        assert path.is_file()
        assert path.suffix == ".xlsx"
        assert path.parent.name == province


def test_planted_rules_vary_between_workbooks_and_cover_every_kind():
    chosen = [planted_rules(*key) for key in DEMO_WORKBOOKS]
    assert all(2 <= len(rules) <= 6 for rules in chosen)
    assert len(set(chosen)) > 1
    assert set().union(*chosen) == set(PLANTABLE_RULES)


@pytest.mark.parametrize("key", DEMO_WORKBOOKS, ids=lambda k: f"{k[0]}-{k[1]}")
def test_demo_workbook_is_accepted_with_exactly_its_planted_errors(demo, key):
    _path, _book, result = demo[key]
    assert result.status == "accepted_with_errors"
    errors = _errors(result)
    planted = set(planted_rules(*key))
    assert set(errors["rule"]) - {CASCADE} == planted
    for rule in planted:
        located = errors[errors["rule"] == rule]
        assert len(located) == 1, f"{rule} should flag exactly the planted row"
        assert located["sheet"].iloc[0] == RULE_SHEET[rule]
        assert pd.notna(located["row"].iloc[0])
    cascaded = errors[errors["rule"] == CASCADE]
    assert len(cascaded) <= 3  # only the attendance of the planted course (2 rows)
    warnings = set(result.issues.loc[result.issues["severity"] == "warning", "rule"])
    assert warnings <= MESS_WARNINGS


@pytest.mark.parametrize("key", DEMO_WORKBOOKS, ids=lambda k: f"{k[0]}-{k[1]}")
def test_planted_rows_hold_the_invalid_values(demo, key):
    _path, book, result = demo[key]
    province, year = key
    errors = _errors(result).set_index("rule")
    units = communes(unit_list_for_year(year)).set_index("commune_code")["province_code"]
    for rule in planted_rules(*key):
        row, value = int(errors.at[rule, "row"]), str(errors.at[rule, "value"])
        if rule == "CANBO.ID.GENDER_DIGIT":
            gender = book.sheets["CanBo"].frame.at[row, "gender"].strip().lower()
            female_digit = int(value[3]) % 2 == 1
            assert female_digit == gender.startswith("nam")
        elif rule == "COMMUNE.OTHER_PROVINCE":
            assert units[value] != province
        elif rule == "CANBO.AGE.RANGE":
            assert re.search(rf"\b{year - 16}\b", value)
        elif rule == "KHOAHOC.DATES.ORDER":
            dates = parse_dates(book.sheets["KhoaHoc"].frame.loc[[row], ["starts_on", "ends_on"]].stack())
            assert dates.iloc[1] < dates.iloc[0]
        elif rule == "HOCVIEN.COURSE.UNKNOWN":
            assert value.replace(" ", "").upper() not in set(result.valid_rows["KhoaHoc"]["course_code"])
        elif rule == "TIEUCHI.CRITERION.NOT_IN_SET":
            assert int(value) not in criteria_set_for_year(year).criteria


@pytest.mark.parametrize("key", DEMO_WORKBOOKS, ids=lambda k: f"{k[0]}-{k[1]}")
def test_nearly_every_demo_row_loads(demo, key):
    _path, _book, result = demo[key]
    assert result.rows_loaded >= 0.95 * (result.rows_loaded + result.rows_quarantined)
    sizes = {sheet: len(frame) for sheet, frame in result.valid_rows.items()}
    assert 40 <= sizes["CanBo"] <= 120
    assert 5 <= sizes["KhoaHoc"] <= 12
    assert sizes["HocVien"] >= sizes["KhoaHoc"]
    criteria = len(criteria_set_for_year(key[1]).criteria)
    assert 10 * criteria <= sizes["TieuChi"] <= 25 * criteria
    assert 2 <= sizes["CongNhan"] <= 4


def test_demo_cadres_look_like_commune_cadres(demo):
    legacy_prefixes = {"0" + code for code in legacy_province_codes()}
    for (province, year), (_path, _book, result) in demo.items():
        cadres = result.valid_rows["CanBo"]
        age = year - cadres["birth_date"].dt.year
        assert age.between(23, 60).all()
        assert cadres["national_id"].str[:3].isin(list(legacy_prefixes)).all()
        assert cadres["national_id"].str.fullmatch(r"\d{12}").all()
        assert cadres["gender"].nunique() == 2
        assert cadres["ethnicity"].nunique() >= 2
        assert cadres["commune_code"].nunique() >= 5
        assert cadres["meets_standard"].mean() > 0.7
        assert cadres["party_member"].mean() > 0.5
        assert cadres["program"].isna().mean() > 0.7
        units = communes(unit_list_for_year(year))
        assert set(cadres["commune_code"]) <= set(units.loc[units["province_code"] == province, "commune_code"])
        criteria = result.valid_rows["TieuChi"]
        assert (criteria["status"] == "Đạt").mean() > 0.7
        decided = result.valid_rows["CongNhan"]["decided_on"]
        assert decided.between(pd.Timestamp(year, 1, 1), pd.Timestamp(year + 1, 6, 30)).all()


def test_demo_workbooks_carry_the_mess_of_real_provincial_files(demo):
    books = {key: book for key, (_, book, _) in demo.items()}
    results = {key: result for key, (_, _, result) in demo.items()}
    headers = {h for book in books.values() for sheet in book.sheets.values() for h in sheet.headers.values()}
    assert "SO DINH DANH CA NHAN" in headers  # ASCII headers without diacritics
    assert {"Số căn cước", "Mã lớp", "Đến ngày"} & headers  # accepted aliases
    assert any(sheet.written_name == "Danh sách cán bộ" for book in books.values() for sheet in book.sheets.values())
    assert all(book.sheets["CanBo"].header_row > 1 for book in books.values())  # title rows above the header
    raw = {key: book.sheets["CanBo"].frame for key, book in books.items()}
    party = {key: set(frame["party_member"].dropna()) for key, frame in raw.items()}
    assert any(values == {"x"} for values in party.values())  # x / blank
    assert any(values == {"Có", "Không"} for values in party.values())
    births = pd.concat([frame["birth_date"] for frame in raw.values()]).dropna()
    assert births.str.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}").any()  # text dates
    assert births.str.match(r"\d{4}-\d{2}-\d{2}").any()  # real Excel dates
    budgets = pd.concat([book.sheets["KhoaHoc"].frame["budget_vnd"] for book in books.values()]).dropna()
    assert budgets.str.fullmatch(r"\d{1,3}(\.\d{3})+").any()  # Vietnamese number text
    positions = pd.concat(raw.values())["position"].dropna()
    assert positions.isin(["PCT UBND", "P.Chủ tịch UBND", "Phó CT UBND xã", "CT UBND", "VP-TK", "CV"]).any()
    unknown = [c for r in results.values() for c in r.issues.loc[r.issues["rule"] == "FILE.COLUMN_UNKNOWN", "header"]]
    assert "Ghi chú nội bộ" in unknown
    assert (results[("08", 2024)].issues["rule"] == "CANBO.ID.PADDED").sum() == 1
    total_rows = 0
    for path, _, _ in demo.values():
        sheet = openpyxl.load_workbook(path, read_only=True).worksheets[2]
        total_rows += any("Tổng cộng" in row for row in sheet.iter_rows(values_only=True))
    assert total_rows >= 1


@pytest.mark.parametrize(("province", "year"), [("08", 2024), ("22", 2024), ("24", 2025), ("08", 2026), ("01", 2019)])
def test_tidy_workbook_without_planted_rows_validates_without_any_issue(tmp_path, province, year):
    path = write_province_workbook(
        tmp_path / province / "tidy.xlsx",
        province,
        year,
        n_cadres=60,
        rng=random.Random(7),
        messy=False,
        invalid_rows=False,
    )
    book, result = _validate(path)
    assert result.status == "accepted"
    assert result.issues.empty, result.issues[["rule", "sheet", "row", "value"]].to_string()
    assert result.rows_quarantined == 0
    assert list(book.sheets) == ["ThongTin", "CanBo", "KhoaHoc", "HocVien", "TieuChi", "CongNhan"]
    assert all(sheet.header_row == 1 for name, sheet in book.sheets.items() if name != "ThongTin")


@pytest.mark.parametrize(("province", "year", "seed"), [("15", 2025, 1), ("01", 2023, 2), ("66", 2025, 3)])
def test_randomly_messy_workbook_breaks_only_the_planted_rules(tmp_path, province, year, seed):
    path = write_province_workbook(
        tmp_path / province / "messy.xlsx", province, year, n_cadres=50, rng=random.Random(seed)
    )
    _book, result = _validate(path)
    assert result.status == "accepted_with_errors"
    assert set(_errors(result)["rule"]) - {CASCADE} == set(planted_rules(province, year))
    assert set(result.issues.loc[result.issues["severity"] == "warning", "rule"]) <= MESS_WARNINGS


def _cells(path: Path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path, read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_same_seed_gives_identical_workbooks(tmp_path):
    first = generate_demo(tmp_path / "a", seed=11)
    again = generate_demo(tmp_path / "b", seed=11)
    assert [p.relative_to(tmp_path / "a") for p in first] == [p.relative_to(tmp_path / "b") for p in again]
    for one, other in zip(first, again, strict=True):
        assert _cells(one) == _cells(other)
        assert one.read_bytes() == other.read_bytes()  # same bytes: a re-run is a no-op for the inbox
    other_seed = write_province_workbook(
        tmp_path / "c" / "08" / "x.xlsx", "08", 2024, n_cadres=60, rng=random.Random(12)
    )
    assert _cells(other_seed) != _cells(first[0])


def test_unknown_province_for_the_year_is_refused(tmp_path):
    with pytest.raises(ValueError, match="not in the 2025 unit list"):
        write_province_workbook(tmp_path / "02" / "x.xlsx", "02", 2025, n_cadres=10, rng=random.Random(1))
    assert not (tmp_path / "02" / "x.xlsx").exists()
