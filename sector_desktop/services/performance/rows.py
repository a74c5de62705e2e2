"""The plain rows the measures are computed from, and the scope that narrows them.

The rows read by the ten thousand (organizations, visits, placements and their retention checks,
action items) are named tuples: made in C, a tenth of the cost of a frozen dataclass, with the same
fields, defaults and immutability.

The store reads these from the database (store/performance.py); tests build them by hand. Each row
keeps what the definitions look at, deleted and planned records included, so the measures, not the
query, decide what counts (docs/measures.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from .periods import Period

if TYPE_CHECKING:
    from .columns import VisitColumns


class OrganizationRow(NamedTuple):
    id: str
    name: str  # empty as the store reads it (loading._organizations): no measure reads it
    kind: str  # "employer" makes it an establishment
    sector: str | None = None
    deleted: bool = False
    merged_into: str | None = None  # a merged duplicate names the organization it was merged into
    fein: str | None = None  # two sites under one FEIN are two establishments; None as the store reads it


class VisitRow(NamedTuple):
    id: str
    organization_id: str
    day: dt.date  # the local calendar date of its start
    status: str  # planned, completed, cancelled
    services: tuple[str, ...]  # ETA-9169 category codes
    staff_id: str | None = None
    deleted: bool = False


class PlacementRow(NamedTuple):
    id: str
    organization_id: str
    start_date: dt.date
    occupation_soc: str | None = None
    occupation_title: str = ""
    hourly_wage: float | None = None
    full_time: bool | None = None
    staff_id: str | None = None
    cohort_id: str | None = None
    deleted: bool = False


class RetentionCheckRow(NamedTuple):
    id: str
    placement_id: str
    quarter: int  # 2 or 4: the quarter after placement it asks about
    result: str | None  # "yes", "no", "unknown", or None while not yet recorded
    deleted: bool = False


@dataclass(frozen=True)
class CohortRow:
    id: str
    name: str
    sector: str | None
    ends_on: dt.date | None
    enrolled: int | None = None
    completed: int | None = None
    credentials_earned: int | None = None
    credential_name: str | None = None
    staff_id: str | None = None
    partnership_id: str | None = None
    deleted: bool = False


@dataclass(frozen=True)
class ProgramRow:
    """A registered apprenticeship program (only its registration date matters here)."""

    id: str
    sponsor_id: str
    registered_on: dt.date | None
    staff_id: str | None = None
    deleted: bool = False


@dataclass(frozen=True)
class ApprenticeRow:
    id: str
    program_id: str
    start_date: dt.date | None
    deleted: bool = False


class ActionItemRow(NamedTuple):
    id: str
    status: str
    completed_on: dt.date | None  # the local date it was marked done
    owner_staff_id: str | None = None
    organization_id: str | None = None
    partnership_id: str | None = None
    deleted: bool = False


@dataclass(frozen=True)
class PartnershipRow:
    id: str
    name: str
    sector: str | None
    members: frozenset[str] = frozenset()  # organization ids on its roster


@dataclass(frozen=True)
class Establishments:
    """The penetration denominator: the area's private establishments from a QCEW annual figure."""

    count: int
    vintage: str  # e.g. "QCEW 2024 annual averages, released Sep 3, 2025, area 24510"


@dataclass(frozen=True)
class AreaWage:
    """The area's OEWS median hourly wage for one occupation."""

    median_hourly: float
    source: str  # e.g. "OEWS May 2024, Baltimore-Columbia-Towson MSA"


@dataclass(frozen=True)
class Scope:
    """Whose work to count: one staff member, one sector, one partnership, or everyone's (None)."""

    staff_id: str | None = None
    sector: str | None = None
    partnership_id: str | None = None

    @property
    def everyone(self) -> bool:
        return self.staff_id is None and self.sector is None and self.partnership_id is None


@dataclass(frozen=True)
class Counted:
    """What the store counted in SQL instead of passing visit rows, for the measures of program year
    `year`: the organizations (as stored, before merges) with a service in the three program years
    before it (of those standing for an establishment served in the visit rows), and for quarters it
    gave no visit rows for, (organization, staff member, services) of each organization and staff
    member with a service in the quarter."""

    year: int
    history: frozenset[str] = frozenset()
    quarters: dict[Period, list[tuple[str, str | None, int]]] = field(default_factory=dict)


@dataclass
class Records:
    """Everything the measures of one period read. `earlier_served`: organizations with a service
    before the first visit row given (the store gives those of the organizations standing for an
    establishment served in the rows: the only ones the measures ask about). `counted`: what the
    store counted instead of giving rows (the store gives the visit rows of the period's program year
    only); without it, the measures count everything from the rows (tests give rows from three
    program years back). `visit_columns`: the completed live visits as columns (columns.py), which
    the store gives instead of `visits`. `cache`: what the measures built from these records once (a
    period's context), for the next scope or series."""

    organizations: dict[str, OrganizationRow]
    visits: list[VisitRow] = field(default_factory=list)
    visit_columns: VisitColumns | None = None
    earlier_served: frozenset[str] = frozenset()
    placements: list[PlacementRow] = field(default_factory=list)
    checks: list[RetentionCheckRow] = field(default_factory=list)
    cohorts: list[CohortRow] = field(default_factory=list)
    programs: list[ProgramRow] = field(default_factory=list)
    apprentices: list[ApprenticeRow] = field(default_factory=list)
    action_items: list[ActionItemRow] = field(default_factory=list)
    partnerships: dict[str, PartnershipRow] = field(default_factory=dict)
    establishments: Establishments | None = None
    no_establishments_reason: str = "no denominator: no QCEW figure imported"
    area_wages: dict[str, AreaWage] = field(default_factory=dict)  # by SOC code
    staff_names: dict[str, str] = field(default_factory=dict)
    counted: Counted | None = None
    cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)
