"""What the demo workbooks say: a province's communes, its cadres, courses, attendance and criteria.

Names, ethnic groups, posts of the year with their groups, education and theory levels and party
membership are drawn with the shares a commune's staff shows; national IDs agree with gender and birth
date; courses, attendance, criteria and recognitions follow the contract. `plant_invalid_rows` adds
clearly invalid rows breaking the rules `planted_rules` names (one each, or a share of the cadres).
How it is laid out on the sheets, tidy or messy, is cadres/demo.py's.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from schemas.codelists import Position, positions
from schemas.reference_data import communes, criteria_set_for_year, province_successors, unit_list_for_year

Row = dict[str, Any]
"""One sheet row: field name → canonical value (str, int, bool, date or None); `_` keys are notes."""


@dataclass(frozen=True)
class Shape:
    """How much a workbook holds besides its cadres; the defaults give a small demo-sized file."""

    courses: int | None = None  # None: 5–12 plus one per 200 cadres
    attendance_per_course: int | None = None  # mean size; None: 2–6 per training, 4–18 per refresher
    assess_all_communes: bool = False  # False: 10–25 of the communes report criteria
    invalid_share: float = 0.0  # share of cadres' worth of invalid rows; 0: one row per planted rule


DEMO_SHAPE = Shape()

# --------------------------------------------------------------------------- planted errors

PLANTABLE_RULES: tuple[str, ...] = (
    "CANBO.ID.GENDER_DIGIT",  # the ID's gender digit says the opposite of Giới tính
    "COMMUNE.OTHER_PROVINCE",  # a cadre in a commune of another province
    "CANBO.AGE.RANGE",  # a birth date making the person 16
    "KHOAHOC.DATES.ORDER",  # a course ending before it starts
    "HOCVIEN.COURSE.UNKNOWN",  # attendance of a course missing from KhoaHoc
    "TIEUCHI.CRITERION.NOT_IN_SET",  # a criterion number outside the year's set
)


def planted_rules(province_code: str, report_year: int) -> tuple[str, ...]:
    """Rules broken by the rows `invalid_rows=True` plants: 3 to 6 of them, varying by workbook."""
    key = int(province_code) + report_year
    return tuple(PLANTABLE_RULES[(key + i) % len(PLANTABLE_RULES)] for i in range(3 + key % 4))


INTERNAL_NOTES = (
    "Nghỉ thai sản từ tháng 10",
    "Đang học Thạc sĩ",
    "Chờ quyết định nghỉ hưu",
    "Kiêm nhiệm",
    "Mới tiếp nhận",
    "Đã rà soát hồ sơ",
)

# --------------------------------------------------------------------------- people

KINH_FAMILY = (
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 10),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Vũ", 4),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 1),
    ("Ngô", 1),
    ("Dương", 1),
    ("Lý", 1),
)
MINORITY_FAMILY = {
    "Tày": ("Hoàng", "Nông", "Ma", "Lương", "La", "Nguyễn", "Lý"),
    "Nùng": ("Hoàng", "Nông", "Lương", "Vi", "Lý"),
    "Dao": ("Triệu", "Bàn", "Đặng", "Lý", "Phùng"),
    "Mông": ("Giàng", "Vàng", "Sùng", "Lù", "Thào", "Mùa"),
    "Sán Chay": ("Hoàng", "Lý", "Trần", "Đặng"),
    "Sán Dìu": ("Lý", "Diệp", "Trần", "Đặng"),
}
MIDDLE = {
    "Nam": ("Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Ngọc", "Thanh", "Mạnh", "Tiến"),
    "Nữ": ("Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Thùy", "Thị"),
}
GIVEN = {
    "Nam": (
        "Hùng",
        "Dũng",
        "Tuấn",
        "Hải",
        "Long",
        "Nam",
        "Sơn",
        "Thắng",
        "Cường",
        "Hưng",
        "Quân",
        "Trung",
        "Bình",
        "Phong",
        "Khánh",
        "Đức",
        "Thành",
        "Hiếu",
        "Toàn",
        "Vinh",
        "Tùng",
        "Kiên",
    ),
    "Nữ": (
        "Lan",
        "Hương",
        "Hoa",
        "Mai",
        "Thảo",
        "Trang",
        "Linh",
        "Huyền",
        "Nga",
        "Hằng",
        "Yến",
        "Phương",
        "Thủy",
        "Nhung",
        "Loan",
        "Hạnh",
        "Dung",
        "Ngọc",
        "Vân",
        "Hà",
    ),
}
HMONG_MIDDLE = {"Nam": ("A", "Seo", "Mí", "Văn"), "Nữ": ("Thị", "Thị", "Mí")}
HMONG_GIVEN = {"Nam": ("Páo", "Sình", "Chứ", "Dế", "Pó", "Chừ", "Sử"), "Nữ": ("Mỷ", "Dở", "Sung", "Mai", "Chá", "Dua")}

ETHNIC_MIX: dict[tuple[str, str], dict[str, int]] = {
    ("legacy", "08"): {"Kinh": 46, "Tày": 25, "Dao": 11, "Sán Chay": 8, "Mông": 4, "Nùng": 3, "Sán Dìu": 2, "Hoa": 1},
    ("2025", "08"): {
        "Kinh": 30,
        "Tày": 22,
        "Mông": 18,
        "Dao": 13,
        "Nùng": 6,
        "Sán Chay": 5,
        "Giáy": 2,
        "La Chí": 1,
        "Pà Thẻn": 1,
        "Lô Lô": 1,
    },
    ("legacy", "22"): {"Kinh": 86, "Dao": 5, "Tày": 4, "Sán Dìu": 2, "Sán Chay": 2, "Hoa": 1},
    ("2025", "22"): {"Kinh": 86, "Dao": 5, "Tày": 4, "Sán Dìu": 2, "Sán Chay": 2, "Hoa": 1},
    ("legacy", "24"): {"Kinh": 86, "Nùng": 6, "Tày": 4, "Sán Chay": 2, "Sán Dìu": 1, "Hoa": 1},
    ("2025", "24"): {"Kinh": 88, "Nùng": 5, "Tày": 3, "Sán Chay": 2, "Sán Dìu": 1, "Hoa": 1},
}
DEFAULT_MIX = {"Kinh": 86, "Tày": 4, "Mường": 4, "Thái": 3, "Nùng": 2, "Dao": 1}

POST_WEIGHTS = {
    "Phó Chủ tịch UBND": 3,
    "Chuyên viên": 8,
    "Trưởng phòng": 2,
    "Phó Trưởng phòng": 2,
    "Người hoạt động không chuyên trách": 4,
}
UNIQUE_POST_PREFIXES = ("Bí thư", "Chủ tịch", "Chỉ huy trưởng", "Trưởng Công an")
LEADERS = ("Bí thư Đảng ủy", "Phó Bí thư Đảng ủy", "Chủ tịch UBND", "Chủ tịch HĐND")
PORTFOLIO_OF_POST = {
    "Bí thư Đảng ủy": "Đảng - đoàn thể",
    "Phó Bí thư Đảng ủy": "Đảng - đoàn thể",
    "Chủ tịch HĐND": "Nội chính",
    "Phó Chủ tịch HĐND": "Nội chính",
    "Chủ tịch UBND": "Kinh tế",
    "Chủ tịch Ủy ban MTTQ": "Đảng - đoàn thể",
    "Bí thư Đoàn TNCS Hồ Chí Minh": "Đảng - đoàn thể",
    "Chủ tịch Hội Liên hiệp Phụ nữ": "Đảng - đoàn thể",
    "Chủ tịch Hội Nông dân": "Đảng - đoàn thể",
    "Chủ tịch Hội Cựu chiến binh": "Đảng - đoàn thể",
    "Chỉ huy trưởng Ban Chỉ huy Quân sự": "Nội chính",
    "Trưởng Công an xã": "Nội chính",
    "Văn phòng - thống kê": "Khác",
    "Địa chính - xây dựng - nông nghiệp - môi trường": "Kinh tế",
    "Tài chính - kế toán": "Kinh tế",
    "Tư pháp - hộ tịch": "Nội chính",
    "Văn hóa - xã hội": "Văn hóa - xã hội",
    "Người hoạt động không chuyên trách": "Khác",
}
MAJORS = {
    "Kinh tế": ("Kinh tế nông nghiệp", "Quản lý kinh tế", "Kế toán", "Tài chính - Ngân hàng", "Quản lý đất đai"),
    "Văn hóa - xã hội": ("Văn hóa học", "Công tác xã hội", "Sư phạm", "Quản lý văn hóa"),
    "Nội chính": ("Luật", "Luật kinh tế", "Quân sự cơ sở", "Hành chính học"),
    "Đảng - đoàn thể": ("Xây dựng Đảng và chính quyền nhà nước", "Chính trị học", "Quản lý nhà nước"),
    "Khác": ("Hành chính học", "Công nghệ thông tin", "Lưu trữ học", "Quản lý nhà nước"),
}
EDUCATION_MIX = {
    "Cán bộ": {"Đại học": 75, "Thạc sĩ": 10, "Cao đẳng": 5, "Trung cấp": 10},
    "Công chức": {"Đại học": 80, "Thạc sĩ": 8, "Cao đẳng": 6, "Trung cấp": 6},
    "Không chuyên trách": {"Trung cấp": 40, "Cao đẳng": 20, "Đại học": 20, "Sơ cấp": 10, "Chưa qua đào tạo": 10},
}
THEORY_MIX = {
    "leader": {"Trung cấp": 65, "Cao cấp": 25, "Cử nhân": 10},
    "Cán bộ": {"Trung cấp": 75, "Sơ cấp": 20, "Cao cấp": 5},
    "Công chức": {"Trung cấp": 40, "Sơ cấp": 40, "Chưa có": 20},
    "Không chuyên trách": {"Sơ cấp": 40, "Chưa có": 60},
}
PARTY_SHARE = {"Cán bộ": 0.97, "Công chức": 0.7, "Không chuyên trách": 0.4}


def _weighted(rng: random.Random, mix: dict[str, int] | tuple[tuple[str, int], ...]) -> str:
    items = list(mix.items()) if isinstance(mix, dict) else list(mix)
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


def _day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def national_id(birth_province: str, gender: str, birth: dt.date, serial: int) -> str:
    """12-digit ID per contract §3: birth-province code, gender/century digit, birth year, serial."""
    digit = (birth.year // 100 - 19) * 2 + (1 if gender == "Nữ" else 0)
    return f"{birth_province}{digit}{birth.year % 100:02d}{serial:06d}"


# --------------------------------------------------------------------------- the province


@dataclass
class Place:
    """The submitting province in its reporting year, and the reference data the demo draws on."""

    province_code: str
    report_year: int
    province_name: str
    communes: list[tuple[str, str, str | None]]  # code, name, legacy district
    birth_codes: list[str]  # legacy province codes of the territory, as 3-digit ID prefixes
    foreign_communes: list[str]

    @property
    def unit_list(self) -> str:
        return unit_list_for_year(self.report_year)

    @property
    def name_lower(self) -> str:
        """'Tỉnh Tuyên Quang' → 'tỉnh Tuyên Quang', as it reads inside a sentence."""
        first, _, rest = self.province_name.partition(" ")
        if first == "Thành":
            first, _, rest = self.province_name.partition(" phố ")
            return f"thành phố {rest}"
        return f"{first.lower()} {rest}"

    @property
    def criteria(self) -> list[int]:
        return sorted(criteria_set_for_year(self.report_year).criteria)


def place_of(province_code: str, report_year: int) -> Place:
    unit_list = unit_list_for_year(report_year)
    units = communes(unit_list)
    own = units[units["province_code"] == province_code].sort_values("commune_code")
    if own.empty:
        raise ValueError(f"province {province_code!r} is not in the {unit_list} unit list ({report_year})")
    if unit_list == "legacy":
        legacy_codes = [province_code]
    else:
        successors = province_successors()
        legacy_codes = sorted(successors.loc[successors["province_code_2025"] == province_code, "legacy_province_code"])
    districts = own["district_name"].astype(object).where(own["district_name"].notna(), None)
    return Place(
        province_code=province_code,
        report_year=report_year,
        province_name=str(own["province_name"].iloc[0]),
        communes=list(zip(own["commune_code"], own["commune_name"], districts, strict=True)),
        birth_codes=["0" + code for code in legacy_codes],
        foreign_communes=sorted(units.loc[units["province_code"] != province_code, "commune_code"]),
    )


# --------------------------------------------------------------------------- content


@dataclass
class _Content:
    """A workbook's rows before writing, and what planting invalid rows needs to draw more."""

    info: list[tuple[str, Any]]
    sheets: dict[str, list[Row]]
    people: _People
    assessed: list[tuple[str, str, str | None]]
    code_width: int


class _People:
    """Draws cadres: names, IDs, posts and qualifications consistent with one another."""

    def __init__(self, place: Place, rng: random.Random) -> None:
        self.place, self.rng = place, rng
        self.year = place.report_year
        self.posts = [p for p in positions() if p.first_year <= self.year <= p.last_year]
        self.all_birth_codes = sorted("0" + c for c in communes("legacy")["province_code"].unique())
        self.mix = ETHNIC_MIX.get((place.unit_list, place.province_code), DEFAULT_MIX)
        self.taken: dict[str, set[str]] = defaultdict(set)
        self.ids: set[str] = set()

    def _post(self, commune: str) -> Position:
        taken = self.taken[commune]
        free = [p for p in self.posts if not (p.name.startswith(UNIQUE_POST_PREFIXES) and p.name in taken)]
        post = self.rng.choices(
            free, weights=[POST_WEIGHTS.get(p.name, 1 if p.staff_group == "Cán bộ" else 2) for p in free]
        )[0]
        self.taken[commune].add(post.name)
        return post

    def name(self, ethnicity: str, gender: str) -> str:
        rng = self.rng
        family = rng.choice(MINORITY_FAMILY[ethnicity]) if ethnicity in MINORITY_FAMILY else _weighted(rng, KINH_FAMILY)
        if ethnicity == "Mông":
            return f"{family} {rng.choice(HMONG_MIDDLE[gender])} {rng.choice(HMONG_GIVEN[gender])}"
        return f"{family} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"

    def new_id(self, gender: str, birth: dt.date) -> str:
        rng = self.rng
        while True:
            origin = rng.choice(self.place.birth_codes) if rng.random() < 0.85 else rng.choice(self.all_birth_codes)
            candidate = national_id(origin, gender, birth, rng.randint(0, 999_999))
            if candidate not in self.ids:
                self.ids.add(candidate)
                return candidate

    def cadre(self, commune: str, district: str | None, *, must_meet_standard: bool = False) -> Row:
        rng, year = self.rng, self.year
        post = self._post(commune)
        group = post.staff_group
        if post.name == "Chủ tịch Hội Liên hiệp Phụ nữ":
            gender = "Nữ"
        elif post.name.startswith(("Chỉ huy trưởng", "Trưởng Công an")):
            gender = "Nam"
        else:
            gender = "Nữ" if rng.random() < 0.35 else "Nam"
        ethnicity = _weighted(rng, self.mix)
        birth = _day_between(rng, dt.date(year - 60, 1, 1), dt.date(year - 23, 12, 31))
        education = _weighted(rng, EDUCATION_MIX[group])
        theory = _weighted(rng, THEORY_MIX["leader" if post.name in LEADERS else group])
        portfolio = PORTFOLIO_OF_POST.get(post.name) or rng.choice(["Kinh tế", "Văn hóa - xã hội", "Nội chính"])
        party = post.name in LEADERS or rng.random() < PARTY_SHARE[group]
        qualified = education not in {"Sơ cấp", "Chưa qua đào tạo"} or group == "Không chuyên trách"
        meets = must_meet_standard or (qualified and rng.random() < 0.93)
        program, agency = self._program(post, district)
        return {
            "national_id": self.new_id(gender, birth),
            "full_name": self.name(ethnicity, gender),
            "birth_date": birth,
            "gender": gender,
            "ethnicity": ethnicity,
            "commune_code": commune,
            "position": post.name,
            "staff_group": group,
            "appointed_on": self._appointed(birth),
            "education": education,
            "major": None if education == "Chưa qua đào tạo" else rng.choice(MAJORS[portfolio]),
            "political_theory": theory,
            "party_member": party,
            "program": program,
            "sending_agency": agency,
            "portfolio": None if rng.random() < 0.08 else portfolio,
            "meets_standard": meets,
            "_note": rng.choice(INTERNAL_NOTES) if rng.random() < 0.15 else None,
        }

    def _appointed(self, birth: dt.date) -> dt.date | None:
        rng, year = self.rng, self.year
        if rng.random() < 0.08:
            return None
        if year >= 2025 and rng.random() < (0.7 if year == 2025 else 0.4):
            return dt.date(2025, 7, 1)  # the new communes started on 1 July 2025
        earliest = max(dt.date(birth.year + 22, birth.month, 1), dt.date(year - 12, 1, 1))
        return _day_between(rng, earliest, dt.date(year, 12, 15))

    def _program(self, post: Position, district: str | None) -> tuple[str | None, str | None]:
        rng, place = self.rng, self.place
        draw = rng.random()
        if post.name == "Phó Chủ tịch UBND" and draw < 0.25:
            return "Dự án 600", None
        if post.staff_group == "Cán bộ" and draw > 0.95:
            if district and rng.random() < 0.6:
                return "Luân chuyển", _party_committee(district)
            return "Luân chuyển", f"Ban Tổ chức {_party_committee(place.province_name)}"
        if post.staff_group == "Công chức" and draw > 0.96:
            return "Biệt phái", rng.choice(
                [f"Sở Nội vụ {place.name_lower}", f"Sở Tài chính {place.name_lower}", f"Sở Tư pháp {place.name_lower}"]
            )
        return None, None


@dataclass(frozen=True)
class _CourseKind:
    name: str
    kind: str
    topic: str
    degree: str | None
    funding: tuple[str, ...]
    organiser: str  # {p}: the province in a sentence
    days: tuple[int, int]
    per_head_day: int  # VND per participant per day


COURSES: tuple[_CourseKind, ...] = (
    _CourseKind(
        "Bồi dưỡng kiến thức quản lý nhà nước cho cán bộ, công chức cấp xã",
        "Bồi dưỡng",
        "Quản lý nhà nước",
        None,
        ("Ngân sách địa phương",),
        "Trường Chính trị {p}",
        (10, 20),
        180_000,
    ),
    _CourseKind(
        "Trung cấp lý luận chính trị - hành chính",
        "Đào tạo",
        "Lý luận chính trị",
        "Trung cấp",
        ("Ngân sách địa phương",),
        "Trường Chính trị {p}",
        (60, 150),
        90_000,
    ),
    _CourseKind(
        "Đại học Luật hệ vừa làm vừa học",
        "Đào tạo",
        "Chuyên môn nghiệp vụ",
        "Đại học",
        ("Ngân sách địa phương", "Khác"),
        "Trường Đại học Luật Hà Nội",
        (150, 280),
        60_000,
    ),
    _CourseKind(
        "Tập huấn nghiệp vụ xây dựng nông thôn mới",
        "Tập huấn",
        "Nông thôn mới",
        None,
        ("Nông thôn mới",),
        "Văn phòng Điều phối nông thôn mới {p}",
        (2, 4),
        350_000,
    ),
    _CourseKind(
        "Tập huấn công tác giảm nghèo và an sinh xã hội",
        "Tập huấn",
        "Giảm nghèo",
        None,
        ("Giảm nghèo bền vững",),
        "Sở Nội vụ {p}",
        (2, 3),
        300_000,
    ),
    _CourseKind(
        "Bồi dưỡng tiếng dân tộc cho cán bộ, công chức công tác ở vùng dân tộc thiểu số",
        "Bồi dưỡng",
        "Ngoại ngữ - tiếng dân tộc",
        None,
        ("Chương trình 135",),
        "Trường Chính trị {p}",
        (30, 60),
        120_000,
    ),
    _CourseKind(
        "Bồi dưỡng kỹ năng ứng dụng công nghệ thông tin, chuyển đổi số",
        "Bồi dưỡng",
        "Tin học",
        None,
        ("Ngân sách địa phương",),
        "Sở Khoa học và Công nghệ {p}",
        (5, 10),
        200_000,
    ),
    _CourseKind(
        "Tập huấn nghiệp vụ tư pháp - hộ tịch",
        "Tập huấn",
        "Chuyên môn nghiệp vụ",
        None,
        ("Ngân sách địa phương",),
        "Sở Tư pháp {p}",
        (2, 3),
        250_000,
    ),
    _CourseKind(
        "Bồi dưỡng nghiệp vụ tài chính - kế toán ngân sách xã",
        "Bồi dưỡng",
        "Chuyên môn nghiệp vụ",
        None,
        ("Ngân sách địa phương",),
        "Sở Tài chính {p}",
        (5, 7),
        220_000,
    ),
    _CourseKind(
        "Tập huấn phát triển sản xuất, chuyển đổi cơ cấu cây trồng",
        "Tập huấn",
        "Nông thôn mới",
        None,
        ("Nông thôn mới", "Chương trình 135"),
        "Sở Nông nghiệp và Môi trường {p}",
        (3, 5),
        280_000,
    ),
    _CourseKind(
        "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 4",
        "Bồi dưỡng",
        "Khác",
        None,
        ("Ngân sách địa phương",),
        "Bộ Chỉ huy Quân sự {p}",
        (5, 10),
        200_000,
    ),
    _CourseKind(
        "Tập huấn kỹ năng vận động quần chúng cho cán bộ Mặt trận và đoàn thể",
        "Tập huấn",
        "Khác",
        None,
        ("Ngân sách địa phương", "Khác"),
        "Ủy ban MTTQ Việt Nam {p}",
        (2, 3),
        250_000,
    ),
)


def _course(place: Place, code: str, template: _CourseKind, rng: random.Random) -> Row:
    year = place.report_year
    days = rng.randint(*template.days)
    latest_start = dt.date(year, 12, 31) - dt.timedelta(days=days - 1)
    starts = _day_between(rng, dt.date(year, 2, 15), min(latest_start, dt.date(year, 11, 20)))
    ends = min(starts + dt.timedelta(days=days - 1), dt.date(year, 12, 31))
    organiser = template.organiser.format(p=place.name_lower)
    if year <= 2024:  # the departments before the 2025 merger of ministries
        organiser = organiser.replace("Sở Nông nghiệp và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn")
        organiser = organiser.replace("Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông")
        if template.topic == "Giảm nghèo":
            organiser = organiser.replace("Sở Nội vụ", "Sở Lao động - Thương binh và Xã hội")
    return {
        "course_code": code,
        "course_name": f"{template.name} năm {year}",
        "course_kind": template.kind,
        "topic": template.topic,
        "degree_level": template.degree,
        "funding_program": rng.choice(template.funding),
        "organiser": organiser,
        "starts_on": starts,
        "ends_on": ends,
        "participant_count": 0,
        "budget_vnd": None,
        "_days": days,
        "_per_head_day": template.per_head_day,
    }


def _finish_course(course: Row, listed: int, rng: random.Random) -> None:
    """Participant count covers the listed attendance plus people not in CanBo; budget follows it."""
    count = listed + rng.randint(0, 40)
    course["participant_count"] = count
    if rng.random() < 0.9:
        cost = count * min(course["_days"], 30) * course["_per_head_day"]
        course["budget_vnd"] = int(round(cost * rng.uniform(0.8, 1.2), -3))


def _attendance(code: str, kind: str, cadre_ids: list[str], rng: random.Random, size: int) -> list[Row]:
    rows = []
    for cadre in rng.sample(cadre_ids, min(size, len(cadre_ids))):
        outcome = _weighted(rng, {"Hoàn thành": 92, "Không hoàn thành": 5, "Đang học": 3 if kind == "Đào tạo" else 0})
        certified = outcome == "Hoàn thành" and (kind != "Tập huấn" or rng.random() < 0.3)
        rows.append({"course_code": code, "national_id": cadre, "outcome": outcome, "certified": certified})
    return rows


def build_content(place: Place, n_cadres: int, rng: random.Random, shape: Shape) -> _Content:
    year = place.report_year
    rural = [c for c in place.communes if c[1].startswith("Xã ")] or place.communes
    if shape.assess_all_communes:
        assessed = list(place.communes)
    else:
        assessed = sorted(rng.sample(rural, min(len(rural), rng.randint(10, 25))))
    recognised = {c[0] for c in rng.sample(assessed, min(len(assessed), rng.randint(2, 4)))}

    people = _People(place, rng)
    cadres = []
    for _ in range(n_cadres):
        code, _name, district = rng.choice(assessed) if rng.random() < 0.85 else rng.choice(place.communes)
        cadres.append(people.cadre(code, district, must_meet_standard=code in recognised))

    criteria = place.criteria
    substandard = {c["commune_code"] for c in cadres if not c["meets_standard"]}
    decision = criteria_set_for_year(year).decision
    tieuchi: list[Row] = []
    for code, _name, _district in assessed:
        unmet: set[int] = set()
        if code not in recognised and rng.random() < 0.5:
            unmet = set(rng.sample([c for c in criteria if c != 18], rng.randint(1, 3)))
        if 2016 <= year <= 2025 and code in substandard:
            unmet.add(18)  # indicator 18.1: the commune's cadres meet the standard
        on = dt.date(year, rng.randint(9, 12), rng.randint(1, 28))
        for number in criteria:
            met = number not in unmet
            note = None if met else f"Chưa đạt chỉ tiêu {number}.{rng.randint(1, 3)}"
            if met and number == criteria[0] and rng.random() < 0.3:
                note = f"Đánh giá theo {decision}"
            tieuchi.append(
                {
                    "commune_code": code,
                    "criterion_no": number,
                    "status": "Đạt" if met else "Chưa đạt",
                    "assessed_on": on,
                    "note": note,
                }
            )

    congnhan = [
        {
            "commune_code": code,
            "level": _weighted(rng, {"NTM": 60, "NTM nâng cao": 30, "NTM kiểu mẫu": 10}),
            "decision_no": f"{rng.randint(120, 3400)}/QĐ-UBND",
            "decided_on": _day_between(rng, dt.date(year, 10, 1), dt.date(year + 1, 3, 31)),
        }
        for code in sorted(recognised)
    ]

    n_courses = shape.courses or rng.randint(5, 12) + n_cadres // 200
    width = max(2, len(str(n_courses + 10)))
    khoahoc, hocvien = [], []
    ids = [c["national_id"] for c in cadres]
    for i in range(1, n_courses + 1):
        course = _course(place, f"KH{year}-{i:0{width}d}", rng.choice(COURSES), rng)
        if shape.attendance_per_course:
            size = rng.randint(shape.attendance_per_course // 2, shape.attendance_per_course * 3 // 2)
        else:
            size = rng.randint(2, 6) if course["course_kind"] == "Đào tạo" else rng.randint(4, 18)
        rows = _attendance(course["course_code"], course["course_kind"], ids, rng, size)
        _finish_course(course, len(rows), rng)
        khoahoc.append(course)
        hocvien += rows
    hocvien.sort(key=lambda r: r["course_code"])  # provinces list attendance course by course

    prepared_by = people.name("Kinh", rng.choice(["Nam", "Nữ"]))
    info = [
        ("province_code", place.province_code),
        ("report_year", year),
        ("prepared_by", prepared_by),
        ("prepared_on", _day_between(rng, dt.date(year, 12, 10), dt.date(year, 12, 28))),
        ("contact", f"0{rng.randint(200, 299)}.{rng.randint(3800000, 3899999)} / snv@{_domain(place)}.gov.vn"),
        ("template_version", "1"),
        ("ethnicity_code_list", "2008"),
    ]
    sheets = {"CanBo": cadres, "KhoaHoc": khoahoc, "HocVien": hocvien, "TieuChi": tieuchi, "CongNhan": congnhan}
    return _Content(info, sheets, people, assessed, width)


def _domain(place: Place) -> str:
    return without_diacritics(_party_committee(place.province_name).split(" ", 2)[2]).lower().replace(" ", "")


def _party_committee(unit: str) -> str:
    """The party committee of a province or district: 'Huyện Yên Sơn' → 'Huyện ủy Yên Sơn'."""
    for prefix, committee in (
        ("Tỉnh ", "Tỉnh ủy"),
        ("Thành phố ", "Thành ủy"),
        ("Thị xã ", "Thị ủy"),
        ("Huyện ", "Huyện ủy"),
        ("Quận ", "Quận ủy"),
    ):
        if unit.startswith(prefix):
            return f"{committee} {unit.removeprefix(prefix)}"
    return f"Đảng ủy {unit}"


def _insert(rows: list[Row], row: Row, rng: random.Random) -> None:
    rows.insert(rng.randint(1, max(1, len(rows) - 1)) if rows else 0, row)


def plant_invalid_rows(content: _Content, place: Place, rng: random.Random, repeats: int = 1) -> None:
    """Add the clearly invalid rows of `planted_rules` for this workbook, `repeats` rows per rule."""
    people, assessed = content.people, content.assessed
    cadres, courses, year = content.sheets["CanBo"], content.sheets["KhoaHoc"], place.report_year
    unknown_courses = itertools.count(len(courses) + 2 * repeats + 9)  # past every planted course code
    for rule in [r for r in planted_rules(place.province_code, year) for _ in range(repeats)]:
        code, _name, district = rng.choice(assessed)
        if rule == "CANBO.ID.GENDER_DIGIT":
            row = people.cadre(code, district, must_meet_standard=True)
            digits = row["national_id"]
            row["national_id"] = digits[:3] + str(int(digits[3]) ^ 1) + digits[4:]
            _insert(cadres, row | {"_planted": rule}, rng)
        elif rule == "COMMUNE.OTHER_PROVINCE":
            row = people.cadre(code, district, must_meet_standard=True)
            _insert(cadres, row | {"commune_code": rng.choice(place.foreign_communes), "_planted": rule}, rng)
        elif rule == "CANBO.AGE.RANGE":
            row = people.cadre(code, district, must_meet_standard=True)
            birth = _day_between(rng, dt.date(year - 16, 1, 1), dt.date(year - 16, 12, 31))
            row |= {
                "birth_date": birth,
                "national_id": people.new_id(row["gender"], birth),
                "appointed_on": None,
                "_planted": rule,
            }
            _insert(cadres, row, rng)
        elif rule == "KHOAHOC.DATES.ORDER":
            code = f"KH{year}-{len(courses) + 1:0{content.code_width}d}"
            course = _course(place, code, rng.choice(COURSES), rng)
            course["ends_on"] = course["starts_on"] - dt.timedelta(days=rng.randint(3, 20))
            rows = _attendance(
                code, course["course_kind"], [c["national_id"] for c in cadres if "_planted" not in c], rng, 2
            )
            _finish_course(course, len(rows), rng)
            _insert(courses, course | {"_planted": rule}, rng)
            content.sheets["HocVien"] += rows
        elif rule == "HOCVIEN.COURSE.UNKNOWN":
            cadre = rng.choice([c for c in cadres if "_planted" not in c])
            missing = f"KH{year}-{next(unknown_courses):0{content.code_width}d}"
            row = {
                "course_code": missing,
                "national_id": cadre["national_id"],
                "outcome": "Hoàn thành",
                "certified": True,
                "_planted": rule,
            }
            _insert(content.sheets["HocVien"], row, rng)
        elif rule == "TIEUCHI.CRITERION.NOT_IN_SET":
            rows = content.sheets["TieuChi"]
            last = max(i for i, r in enumerate(rows) if r["commune_code"] == code)
            # 20 does not exist in any set; from 2026 an old-set number (11–19) is the usual slip.
            number = 20 if year <= 2025 else rng.randint(11, 19)
            rows.insert(
                last + 1, rows[last] | {"criterion_no": number, "status": "Đạt", "note": None, "_planted": rule}
            )


# --------------------------------------------------------------------------- writing


def without_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn"))
