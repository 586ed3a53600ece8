"""The rule catalogue is the one place for codes and words, and its published page is current."""

from __future__ import annotations

import re
from pathlib import Path

from schemas.rules import RULES, catalogue_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_published_rule_page_is_generated_from_the_catalogue() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == catalogue_markdown()


def test_every_code_used_in_the_code_is_in_the_catalogue() -> None:
    used = set()
    for source in [*(ROOT / "schemas").glob("*.py"), *(ROOT / "cadres").glob("*.py")]:
        used |= set(
            re.findall(
                r'"((?:FILE|CELL|COMMUNE|THONGTIN|CANBO|KHOAHOC|HOCVIEN|TIEUCHI|CONGNHAN)\.[A-Z0-9_.]+)"',
                source.read_text(encoding="utf-8"),
            )
        )
    assert used and used <= set(RULES)


def test_every_rule_speaks_vietnamese_and_says_how_to_fix() -> None:
    for rule in RULES.values():
        assert rule.severity in {"error", "warning"}
        assert rule.message and rule.hint
        assert not rule.rejects_file or rule.severity == "error"
