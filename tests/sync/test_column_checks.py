"""A pull checks a page's values a column at a time: that check never accepts a value the per-value
check refuses, and ordinary values pass it (so a page of them takes the fast path)."""

from __future__ import annotations

from typing import Any

import pytest

from sector_desktop.models.choices import COLUMN_CHOICES
from sector_desktop.personal_data import find, none_found
from sector_desktop.sync.column_checks import ids
from sector_desktop.sync.values import check_row_id, column_check, field_check, rules

UUID = "01900000-0000-7000-8000-000000000001"
DEEP: list[Any] = ["deep"]
for _ in range(25):
    DEEP = [DEEP]
HOSTILE: list[Any] = [
    None, "", "x", "a" * 5000, "nul\x00inside", "lone \ud800 surrogate", "é ü 中文", "\udc00",
    UUID, UUID.upper(), UUID + "\n", UUID[:-1], "0" * 64, "A" * 64, "0" * 63,
    0, -1, 1, 2**63 - 1, 2**63, -(2**63) - 1, 10**400, 1.5, -0.0, 1e300, float("nan"), float("inf"),
    True, False, "2026-11-24", "2026-W48-2", "2026-13-01", "2026-11-24T09:30:00",
    "2026-11-24T09:30:00.123456", "2026-11-24T09:30:00+05:00", "2026-11-24T25:00:00", "yesterday",
    [], ["a"], ["a", "b"], ["\x00"], ["\ud800"], [1], [None], [["a"]], {}, {"a": 1}, {"a": "\x00"},
    {"\ud800": 1}, DEEP,
    "SSN 123-45-6789", "call 555-123-4567", "DOB: 03/05/1990", "ITIN 912-70-1234", "Suite 200",
]


def _samples(table: str, field: str) -> list[Any]:
    choices = [code for code, _label in COLUMN_CHOICES.get((table, field), ())]
    return HOSTILE + choices + [choices[:2]]


@pytest.mark.parametrize("key", sorted(rules()))
def test_a_column_check_never_accepts_what_a_value_check_refuses(key: tuple[str, str]) -> None:
    table, field = key
    one, many = field_check(table, field), column_check(table, field)
    assert one is not None and many is not None
    samples = _samples(table, field)
    good = [v for v in samples if one(v) is None]
    for value in samples:
        if one(value) is not None:
            assert not many([value]), value
            assert not many([*good, value, *good]), value
    for value in good:  # stricter only about an id's trailing newline (which `$` lets through)
        stricter = (isinstance(value, str) and value.endswith("\n")) or (  # and floats past 2**63
            isinstance(value, float) and abs(value) > 2**63
        )
        assert many([value]) or stricter, value


def test_ordinary_values_pass_a_column_at_a_time() -> None:
    assert column_check("organization", "name")(["Acme", "Beta Tool", "Café Ünter"])
    assert column_check("organization", "city")(["Erie", None, "Toledo"])
    assert column_check("organization", "sites_count")([1, None, 5])
    assert column_check("visit", "organization_id")([UUID, UUID])
    assert not column_check("visit", "organization_id")([UUID, None])  # not nullable
    assert column_check("visit", "starts_at")(["2026-11-24T09:30:00.000000", "2026-11-24T09:30:00"])
    assert column_check("visit", "notes")(["Met at 10 about 3 openings", None, "No digits here"])
    assert not column_check("visit", "notes")(["fine", "SSN 123-45-6789"])


def test_ids_and_personal_data_at_once_match_one_at_a_time() -> None:
    for value in HOSTILE:
        if ids([value]):
            assert check_row_id(value) is None, value
        if isinstance(value, str) and none_found([value]):
            assert find(value) is None, value
    assert ids([UUID, UUID]) and not ids([UUID, UUID + ",", UUID])
    assert not none_found(["Born 1/2/1990 here, DOB: 03/05/1990"])


def test_personal_data_over_a_column_finds_what_each_text_does() -> None:
    texts = [
        "SSN 123-45-6789", "123-45-6789", "912-70-1234", "000-12-3456", "call 419-555-1234", "born 3/5/1990",
        "DOB: 03/05/1990", "tin 123456789", "12 Main St", "s", "sn 123-45-6789", "date of",
        "birth 1990-03-05", "itin", "123-45-", "6789", "ss# 123 45 6789", "-123-45-6789-", "Works 42",
    ]  # fmt: skip
    for a in texts:
        for b in texts:
            assert none_found([a, b]) == (find(a) is None and find(b) is None), (a, b)
