"""Reference data comes from vietnamadminunits and the standard's lists, with the facts of reference.md."""

from __future__ import annotations

import pytest

from cadres.text import fold, unify_tone_placement
from schemas import codelists as cl
from schemas.reference_data import (
    commune_successors,
    communes,
    criteria_set_for_year,
    legacy_province_codes,
    province_successors,
    provinces,
    unit_list_for_year,
)


def test_unit_lists_have_the_official_counts() -> None:
    assert len(provinces("legacy")) == 63 and len(communes("legacy")) == 10_035
    assert len(provinces("2025")) == 34 and len(communes("2025")) == 3_321
    assert communes("legacy")["commune_code"].str.fullmatch(r"\d{5}").all()
    assert len(legacy_province_codes()) == 63


def test_codes_are_reused_across_lists_so_the_list_travels_with_the_code() -> None:
    legacy = provinces("legacy").set_index("province_code")["province_name"]
    new = provinces("2025").set_index("province_code")["province_name"]
    assert legacy["24"] == "Tỉnh Bắc Giang" and new["24"] == "Tỉnh Bắc Ninh"
    assert unit_list_for_year(2024) == "legacy" and unit_list_for_year(2025) == "2025"


def test_crosswalk_keeps_splits_explicit_with_one_default() -> None:
    successors = commune_successors()
    assert successors["legacy_commune_code"].nunique() == 10_035
    split = successors[successors["is_split"]]
    assert split["legacy_commune_code"].nunique() == 471
    assert (split.groupby("legacy_commune_code")["is_default"].sum() == 1).all()
    dong_lam = successors[successors["legacy_commune_code"] == "07042"].set_index("commune_code_2025")
    assert dong_lam["is_default"].to_dict() == {"07030": True, "07060": False}
    ky_thuong = successors[successors["legacy_commune_code"] == "07033"]
    assert ky_thuong["commune_code_2025"].tolist() == ["06979"]


def test_every_legacy_province_goes_to_one_2025_province() -> None:
    mapping = province_successors().set_index("legacy_province_code")["province_code_2025"]
    assert len(mapping) == 63
    assert mapping["02"] == "08" and mapping["27"] == "24" and mapping["24"] == "24"


@pytest.mark.parametrize(
    ("year", "name", "count"),
    [(2012, "QD491_2009", 19), (2018, "QD1980_2016", 19), (2025, "QD318_2022", 19), (2026, "QD51_2025", 10)],
)
def test_criteria_set_in_force(year: int, name: str, count: int) -> None:
    criteria = criteria_set_for_year(year)
    assert criteria.name == name and sorted(criteria.criteria) == list(range(1, count + 1))


@pytest.mark.parametrize(
    ("year", "number", "name"),
    [
        (2025, 3, "Thủy lợi và phòng, chống thiên tai"),
        (2026, 2, "Hạ tầng kinh tế – xã hội"),
        (2026, 5, "Văn hóa, giáo dục, y tế"),
        (2026, 10, "Tiếp cận pháp luật và an ninh, quốc phòng"),
    ],
)
def test_criterion_names_are_spelled_as_the_decisions_write_them(year: int, number: int, name: str) -> None:
    """Their commas were lost in the reference file ('Văn hóa giáo dục y tế'), and so in dim_criterion,
    whose names the views and BI tools show (contract §5: code-list values spelled as the standard writes
    them; reference.md gives the decisions' names)."""
    assert criteria_set_for_year(year).criteria[number] == name


def test_ethnic_groups_carry_both_official_codes() -> None:
    groups = {g.name: g for g in cl.ethnic_groups()}
    assert len(groups) == 54
    assert (groups["Mường"].code_2008, groups["Mường"].code_1979) == ("04", "06")
    assert (groups["Hoa"].code_2008, groups["Hoa"].code_1979) == ("06", "04")
    assert sum(g.code_2008 == g.code_1979 for g in groups.values()) == 17


def test_every_position_has_its_group_and_years() -> None:
    posts = {p.name: p for p in cl.positions()}
    assert posts["Phó Chủ tịch UBND"].staff_group == "Cán bộ"
    assert posts["Trưởng Công an xã"].last_year == 2019
    assert posts["Chuyên viên"].first_year == 2025 and posts["Văn phòng - thống kê"].last_year == 2024


def test_text_folding_and_tone_placement() -> None:
    assert fold("  Mã  XÃ ") == fold("ma_xa") == "ma xa"
    assert fold("Đảng viên") == "dang vien"
    assert unify_tone_placement("Hoà Bình, thuỷ lợi, hoàn thành") == "Hòa Bình, thủy lợi, hoàn thành"
    # "qu" is one consonant: its u takes no tone, so quý / Quỹ / QUÝ are already right in both styles.
    written = "Nguyễn Văn Quý, Quỹ hỗ trợ, LÊ QUÝ, Thuý"
    assert unify_tone_placement(written) == "Nguyễn Văn Quý, Quỹ hỗ trợ, LÊ QUÝ, Thúy"
