"""The report's breakdown rows counted together (`breakdowns.breakdown_values`) against the measures of
each row's scope one at a time (`measures.breakdown`), on the hand-built world of test_measures and on a
seeded random one with merges, partners, rosters sharing establishments, visits without a category,
staff members with placements only, and several periods."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from test_measures import AS_OF, PY2025, S1, S2, records

from sector_desktop.models.choices import EMPLOYER_SERVICES, SECTORS
from sector_desktop.services.performance import Period, Records, Scope
from sector_desktop.services.performance.breakdowns import KINDS, breakdown_values
from sector_desktop.services.performance.columns import VisitColumns
from sector_desktop.services.performance.context import Context
from sector_desktop.services.performance.measures import BREAKDOWN, breakdown
from sector_desktop.services.performance.rows import (
    OrganizationRow,
    PartnershipRow,
    PlacementRow,
    VisitRow,
)

SECTOR_CODES = [code for code, _ in SECTORS]
KIND_FIELD = {"staff": "staff_id", "sector": "sector", "partnership": "partnership_id"}


def random_world(seed: int) -> Records:
    rng = random.Random(seed)
    staff = ["s1", "s2", "s3", "s4"]
    ids = [f"o{i:02d}" for i in range(40)]
    orgs = {}
    for i, org_id in enumerate(ids):
        merged = ids[i - 5] if i % 11 == 10 else None
        kind = "training_provider" if i % 7 == 3 else "employer"
        sector = rng.choice([*SECTOR_CODES[:4], None])
        orgs[org_id] = OrganizationRow(org_id, "", kind, sector, merged is not None or i == 13, merged)
    codes = [code for code, _ in EMPLOYER_SERVICES]
    visits = []
    for n in range(400):
        day = dt.date(2024, 7, 1) + dt.timedelta(days=rng.randrange(730))
        services = tuple(rng.sample([*codes, "not_a_9169_category"], rng.randint(0, 3)))
        status = rng.choice(["completed"] * 8 + ["planned", "cancelled"])
        visits.append(VisitRow(f"v{n:03d}", rng.choice(ids), day, status, services,
                               rng.choice([*staff, None]), n % 37 == 0))  # fmt: skip
    placements = []
    for n in range(60):
        start = dt.date(2024, 7, 1) + dt.timedelta(days=rng.randrange(730))
        wage = rng.choice([None, 15.0, 18.5, 22.25, 30.0])
        who = rng.choice([*staff, "s5", None])  # s5: placements, no visits
        placements.append(PlacementRow(f"p{n:02d}", rng.choice(ids), start, "31-1131", "", wage, True, who,
                                       deleted=n % 13 == 0))  # fmt: skip
    partnerships = {
        f"P{k}": PartnershipRow(f"P{k}", f"Partnership {k}", None, frozenset(rng.sample(ids, 12)))
        for k in range(3)
    }
    return Records(organizations=orgs, visits=visits, earlier_served=frozenset(rng.sample(ids, 8)),
                   placements=placements, partnerships=partnerships)  # fmt: skip


def _keys(records: Records, kind: str) -> list[str]:
    if kind == "staff":
        return ["s1", "s2", "s3", "s4", "s5", S1, S2, "nobody"]
    if kind == "sector":
        return SECTOR_CODES
    return [*records.partnerships, "missing"]


def _check(recs: Records, period: Period, bases: list[Scope]) -> int:
    ctx = Context.of(recs, period, AS_OF)
    checked = 0
    for base in bases:
        for kind, name in KIND_FIELD.items():
            if getattr(base, name) is not None:
                continue
            keys = _keys(recs, kind)
            found = breakdown_values(ctx, base, kind, keys)
            for key, values in zip(keys, found, strict=True):
                one = breakdown(ctx, Scope(**{**vars(base), name: key}))
                assert values == {k: one[k].value for k in BREAKDOWN}, (period, base, kind, key)
                assert {k: one[k].kind for k in BREAKDOWN} == KINDS
                checked += bool(values["services"])
    return checked


@pytest.mark.parametrize("columns", [False, True])
@pytest.mark.parametrize("period", [PY2025, Period(2025, 2), Period(2024)])
def test_the_rows_counted_together_are_each_scopes_measures(columns: bool, period: Period) -> None:
    recs = records()
    if columns:
        recs = records(visits=[], visit_columns=VisitColumns.from_rows(recs.visits))
    bases = [Scope(), Scope(staff_id=S1), Scope(sector="healthcare"), Scope(partnership_id="P1"),
             Scope(staff_id=S2, sector="healthcare")]  # fmt: skip
    _check(recs, period, bases)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("period", [PY2025, Period(2025, 3), Period(2024)])
def test_the_rows_counted_together_on_a_random_world(seed: int, period: Period) -> None:
    world = random_world(seed)
    columns = random_world(seed)
    columns.visit_columns, columns.visits = VisitColumns.from_rows(columns.visits), []
    bases = [Scope(), Scope(staff_id="s2"), Scope(sector=SECTOR_CODES[0]), Scope(partnership_id="P1"),
             Scope(staff_id="s1", sector=SECTOR_CODES[1])]  # fmt: skip
    assert _check(world, period, bases) > 10  # rows with services, not only empty ones
    _check(columns, period, bases)


def test_a_base_of_the_same_kind_is_refused() -> None:
    ctx = Context.of(records(), PY2025, AS_OF)
    with pytest.raises(ValueError, match="already one staff"):
        breakdown_values(ctx, Scope(staff_id=S1), "staff", [S2])
