"""What a submission's rules need to know beyond its own rows: year, province, reference lists.

Pandera checks are declared on the models once; the facts they compare against differ per
submission (the reporting year's unit list, the submitting province, the other sheets). They
read them from this context, set for the duration of one validation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import pandas as pd

from schemas.codelists import positions
from schemas.reference_data import UnitList, communes, criteria_set_for_year, criteria_sets, unit_list_for_year


@dataclass
class ValidationContext:
    """Facts of one submission that its rules compare against."""

    report_year: int
    province_code: str
    ethnicity_code_list: str = "2008"
    # Filled from the other sheets before the data sheets are validated.
    course_codes: frozenset[str] = frozenset()
    national_ids: frozenset[str] = frozenset()
    attendance_per_course: dict[str, int] = field(default_factory=dict)
    communes_with_substandard_cadres: frozenset[str] = frozenset()
    substandard_cadres: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))  # CanBo row → commune
    communes_not_all_met: frozenset[str] = frozenset()
    criteria_not_met: pd.DataFrame | None = None  # TieuChi's rows not Đạt: which criteria, told on demand
    communes_assessed: frozenset[str] | None = None  # None: the file has no TieuChi to tell
    criteria_listed: pd.DataFrame | None = None  # TieuChi's communes and criterion numbers: what a commune lacks
    received_on: dt.date | None = None  # the day (Vietnam) the file first arrived; None: not checked

    @property
    def unit_list(self) -> UnitList:
        return unit_list_for_year(self.report_year)

    @property
    def report_date(self) -> dt.date:
        """The standard's reporting date: 31 December of the reporting year."""
        return dt.date(self.report_year, 12, 31)

    @property
    def communes_of_year(self) -> frozenset[str]:
        return commune_codes(self.unit_list)

    @property
    def communes_of_province(self) -> frozenset[str]:
        return commune_codes(self.unit_list, self.province_code)

    @cached_property
    def criteria_not_met_by_commune(self) -> dict[str, object]:
        """Commune → positions of its rows in `criteria_not_met`, grouped once when first asked for (a
        warning to detail), not for every commune of a national TieuChi."""
        rows = self.criteria_not_met
        return {} if rows is None else rows.groupby("commune_code", sort=False).indices

    @cached_property
    def criterion_numbers(self) -> frozenset[int]:
        return frozenset(criteria_set_for_year(self.report_year).criteria)

    @cached_property
    def other_sets_numbers(self) -> frozenset[int]:
        """Criterion numbers another national set has and the year's has not (11–19 from 2026)."""
        return frozenset(n for cset in criteria_sets() for n in cset.criteria) - self.criterion_numbers

    @cached_property
    def positions_of_year(self) -> dict[str, str]:
        """Post → its group, for the posts that exist in the reporting year."""
        return {p.name: p.staff_group for p in positions() if p.first_year <= self.report_year <= p.last_year}


@lru_cache(maxsize=128)
def commune_codes(unit_list: UnitList, province_code: str | None = None) -> frozenset[str]:
    """Commune codes of a unit list, or of one province in it (built once per process)."""
    frame = communes(unit_list)
    if province_code is not None:
        frame = frame[frame["province_code"] == province_code]
    return frozenset(frame["commune_code"])


_CURRENT: ContextVar[ValidationContext] = ContextVar("validation_context")


@contextmanager
def validation_context(ctx: ValidationContext) -> Iterator[ValidationContext]:
    token = _CURRENT.set(ctx)
    try:
        yield ctx
    finally:
        _CURRENT.reset(token)


def current() -> ValidationContext:
    """The context of the validation under way; checks call this."""
    return _CURRENT.get()
