"""What the measures give back: each measure with its numerator, denominator and the records behind them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .periods import Period
from .rows import AreaWage, Scope


@dataclass(frozen=True)
class Measure:
    """One figure. `kind`: count, sum, rate (numerator / denominator) or median (`denominator`: how
    many values). `ids` are the records behind the numerator (of the kind `records`), and
    `denominator_ids` those behind the denominator when they are records here. `absent` says why
    there is no value, instead of a guess; `note` says where a denominator comes from."""

    key: str
    label: str
    kind: str
    value: float | None
    numerator: float | None
    denominator: float | None
    records: str
    ids: tuple[str, ...] = ()
    denominator_ids: tuple[str, ...] = ()
    absent: str | None = None
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "kind": self.kind,
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "records": self.records,
            "absent": self.absent,
            "note": self.note or None,
        }


def count(key: str, label: str, n: int, records: str, ids: Sequence[str]) -> Measure:
    return Measure(key, label, "count", n, n, None, records, tuple(ids))


def rate(
    key: str,
    label: str,
    numerator: Sequence[str],
    denominator: Sequence[str],
    records: str,
    *,
    empty: str,
    note: str = "",
) -> Measure:
    """A share of records; absent (saying `empty`) when the denominator has none."""
    value = len(numerator) / len(denominator) if denominator else None
    return Measure(
        key,
        label,
        "rate",
        value,
        len(numerator),
        len(denominator),
        records,
        tuple(numerator),
        tuple(denominator),
        absent=None if denominator else empty,
        note=note,
    )


@dataclass(frozen=True)
class CategoryLine:
    """One row of the ETA-9169 table: the establishments that received a category, and the services."""

    code: str
    label: str
    organization_ids: tuple[str, ...]
    visit_ids: tuple[str, ...]

    @property
    def establishments(self) -> int:
        return len(self.organization_ids)

    @property
    def services(self) -> int:
        return len(self.visit_ids)


@dataclass(frozen=True)
class QuarterPoint:
    period: Period
    establishments: int
    services: int
    placements: int


@dataclass(frozen=True)
class WageLine:
    """Placements in one occupation: their median starting wage against the area's OEWS median."""

    soc: str
    title: str
    placement_ids: tuple[str, ...]
    median_wage: float
    area: AreaWage | None


@dataclass(frozen=True)
class Performance:
    period: Period
    scope: Scope
    as_of: dt.date
    measures: list[Measure]
    categories: list[CategoryLine]
    quarters: list[QuarterPoint]
    wages: list[WageLine]

    def measure(self, key: str) -> Measure:
        for m in self.measures:
            if m.key == key:
                return m
        raise KeyError(key)
